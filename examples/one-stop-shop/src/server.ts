import express from 'express';
import { hoSoRouter } from './routes/ho-so.router';

const app = express();
app.use(express.json());
app.use('/api', hoSoRouter);
app.listen(Number(process.env.PORT ?? 3000));
