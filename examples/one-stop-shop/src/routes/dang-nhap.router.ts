import { Router } from 'express';
import pino from 'pino';

const logger = pino({ name: 'dang-nhap' });
export const dangNhapRouter = Router();

interface CanBo {
  tenDangNhap: string;
  kiemTraMatKhau(matKhau: string): Promise<boolean>;
}
declare function timCanBo(tenDangNhap: string): Promise<CanBo | undefined>;

// Đăng nhập cán bộ: ghi log cả thân yêu cầu, tức là cả mật khẩu.
dangNhapRouter.post('/dang-nhap', async (req, res) => {
  logger.debug(req.body);
  const canBo = await timCanBo(String(req.body.tenDangNhap));
  if (!canBo || !(await canBo.kiemTraMatKhau(String(req.body.matKhau)))) return res.status(401).json({ loi: 'Sai tên đăng nhập hoặc mật khẩu' });
  res.json({ tenDangNhap: canBo.tenDangNhap });
});

// Đổi mật khẩu: chỉ ghi tên đăng nhập, mật khẩu được tách ra trước khi ghi log.
dangNhapRouter.post('/doi-mat-khau', async (req, res) => {
  const { matKhauMoi, ...conLai } = req.body;
  logger.info({ ...conLai, suKien: 'doi-mat-khau' });
  res.json({ daDoi: Boolean(matKhauMoi) });
});
