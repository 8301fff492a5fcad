import pLimit from 'p-limit';
import { auditLog } from '../audit/audit-log';
import { MucDich, traCuuCongDan } from '../clients/dancu.client';

interface HoSo {
  soDinhDanh: string;
  hoVaTen: string;
}

// Đồng bộ toàn bộ hồ sơ mỗi đêm: không giới hạn số lượt truy vấn (>10.000 lượt sẽ bị khóa kết nối).
export async function dongBoTatCa(danhSach: HoSo[]) {
  for (const hs of danhSach) {
    const cd = await traCuuCongDan(hs.soDinhDanh, hs.hoVaTen, MucDich.TiepNhanHoSo);
    auditLog({ taiKhoan: 'batch-dong-bo', thoiGian: new Date().toISOString(), noiDung: `CungCapThongTinCongDan ${hs.soDinhDanh.slice(-4)}`, diaChiIp: '10.0.12.9' });
    if (!cd) continue;
  }
}

// Xác thực lại một lô nhỏ, có giới hạn đồng thời: không vi phạm.
export async function xacThucLo(danhSach: HoSo[]) {
  const limit = pLimit(4);
  return Promise.all(
    danhSach.slice(0, 200).map((hs) =>
      limit(async () => {
        const cd = await traCuuCongDan(hs.soDinhDanh, hs.hoVaTen, MucDich.XacThucCongDan);
        auditLog({ taiKhoan: 'batch-xac-thuc', thoiGian: new Date().toISOString(), noiDung: 'XacThucThongTinCongDan', diaChiIp: '10.0.12.9' });
        return cd;
      }),
    ),
  );
}
