import pino from 'pino';

const auditLogger = pino({ name: 'audit-csdl-dancu' });

export interface AuditEntry {
  taiKhoan: string;
  thoiGian: string;
  noiDung: string;
  diaChiIp: string;
}

/** Nhật ký tra cứu theo Công văn 1785/TCTTKĐA mục (3): tài khoản, thời gian, nội dung, địa chỉ IP. */
export function auditLog(entry: AuditEntry): void {
  auditLogger.info(entry, 'tra-cuu-csdl-dan-cu');
}
