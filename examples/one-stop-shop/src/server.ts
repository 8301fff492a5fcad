import express from 'express';
import { dangNhapRouter } from './routes/dang-nhap.router';
import { hoSoRouter } from './routes/ho-so.router';

const app = express();
app.use(express.json());
app.use('/api', hoSoRouter);
app.use('/api', dangNhapRouter);
app.listen(Number(process.env.PORT ?? 3000));
