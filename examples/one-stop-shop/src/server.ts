import express from 'express';
import { gioiHanTraCuu, requireLogin, requireRole } from './auth/can-bo';
import { dangNhapRouter } from './routes/dang-nhap.router';
import { hoSoRouter } from './routes/ho-so.router';
import { kioskRouter } from './routes/kiosk.router';

const app = express();
app.use(express.json());
// đăng nhập phải công khai; nó không tra cứu CSDLQG
app.use('/api', dangNhapRouter);
// tra cứu của cán bộ: giới hạn tần suất, đăng nhập, đúng vai trò
app.use('/api', gioiHanTraCuu, requireLogin, requireRole('tra-cuu-dan-cu'), hoSoRouter);
app.use('/kiosk', kioskRouter);
app.listen(Number(process.env.PORT ?? 3000));
