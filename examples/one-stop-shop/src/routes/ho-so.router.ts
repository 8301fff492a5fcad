import { Router, type Request } from 'express';
import pino from 'pino';
import { auditLog } from '../audit/audit-log';
import { MucDich, traCuuCongDan } from '../clients/dancu.client';
import { guiZalo } from '../notify/zalo';
import { maskCccd } from '../utils/mask';

const logger = pino({ name: 'ho-so' });
export const hoSoRouter = Router();

function account(req: Request): string {
  return (req as Request & { user: { username: string } }).user.username;
}

// Tiếp nhận hồ sơ: tra cứu có ghi nhật ký đầy đủ, báo trạng thái qua Zalo (không kèm dữ liệu công dân).
hoSoRouter.post('/ho-so', async (req, res) => {
  const { soDinhDanh, hoVaTen, zaloUserId, maHoSo } = req.body;
  const congDan = await traCuuCongDan(soDinhDanh, hoVaTen, MucDich.TiepNhanHoSo);
  auditLog({ taiKhoan: account(req), thoiGian: new Date().toISOString(), noiDung: `CungCapThongTinCongDan ${maskCccd(soDinhDanh)}`, diaChiIp: req.ip ?? '' });
  await guiZalo(zaloUserId, `Hồ sơ ${maHoSo} đã được tiếp nhận. Mã công dân: ${maskCccd(congDan.soDinhDanh)}`);
  res.json({ maHoSo, trangThai: 'DA_TIEP_NHAN' });
});

// Tra cứu nhanh cho cán bộ: mục đích 'tra-cuu-nhanh' chưa đăng ký, quên ghi nhật ký, ghi log và gửi Zalo dữ liệu công dân.
hoSoRouter.get('/cong-dan/:soDinhDanh', async (req, res) => {
  const congDan = await traCuuCongDan(req.params.soDinhDanh, String(req.query.hoVaTen ?? ''), 'tra-cuu-nhanh');
  logger.info(`tra cuu ${congDan.soDinhDanh} ${congDan.hoVaTen}`);
  await guiZalo(String(req.query.zaloUserId), `Thông tin: ${congDan.hoVaTen}, ${congDan.ngaySinh}, dân tộc ${congDan.danToc}`);
  res.json(congDan);
});
