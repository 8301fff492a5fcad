import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import rateLimit from 'express-rate-limit';

// Cán bộ đăng nhập bằng JWT do hệ thống cấp (chiến lược passport-jwt cấu hình khi khởi động).
export const requireLogin = passport.authenticate('jwt', { session: false });

// Chỉ cán bộ được giao nhiệm vụ tra cứu dân cư mới được tra cứu (Công văn 2112/UBND-KSTTHC).
export function requireRole(vaiTro: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const canBo = (req as Request & { user?: { vaiTro?: string[] } }).user;
    if (!canBo?.vaiTro?.includes(vaiTro)) return res.status(403).json({ loi: 'Không có quyền tra cứu' });
    next();
  };
}

// Mỗi tài khoản tối đa 30 lượt tra cứu mỗi phút.
export const gioiHanTraCuu = rateLimit({ windowMs: 60_000, limit: 30 });
