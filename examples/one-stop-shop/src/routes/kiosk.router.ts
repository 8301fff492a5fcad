import { Router } from 'express';
import { auditLog } from '../audit/audit-log';
import { traCuuCongDan } from '../clients/dancu.client';
import { MucDich } from '../config/endpoints';
import { maskCccd } from '../utils/mask';

export const kioskRouter = Router();

// Ki-ốt tự phục vụ: người dân nhập số định danh để điền sẵn tờ khai. Router được gắn ngoài phần
// đăng nhập (server.ts), nên ai gọi được máy chủ cũng tra cứu được CSDLQG về dân cư.
kioskRouter.get('/tra-cuu/:soDinhDanh', async (req, res) => {
  const congDan = await traCuuCongDan(req.params.soDinhDanh, String(req.query.hoVaTen ?? ''), MucDich.TiepNhanHoSo);
  auditLog({ taiKhoan: 'kiosk', thoiGian: new Date().toISOString(), noiDung: `CungCapThongTinCongDan ${maskCccd(req.params.soDinhDanh)}`, diaChiIp: req.ip ?? '' });
  res.json({ hoVaTen: congDan.hoVaTen, ngaySinh: congDan.ngaySinh });
});
