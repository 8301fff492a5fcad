import https from 'node:https';
import axios from 'axios';
import { DANCU_ENDPOINTS } from '../config/endpoints';

const lgspAccessToken = Buffer.from(
  JSON.stringify({
    AccessKey: process.env.LGSP_ACCESS_KEY,
    SecretKey: process.env.LGSP_SECRET_KEY,
    AppName: 'MOTCUA_DANANG',
    PartnerCode: '000.00.00.H17',
  }),
).toString('base64');

// Chứng chỉ CA nội bộ của LGSP được cài qua biến môi trường, không tắt kiểm tra chứng chỉ.
const http = axios.create({
  timeout: 8000,
  headers: { lgspaccesstoken: lgspAccessToken },
  httpsAgent: new https.Agent({ ca: process.env.LGSP_CA_PEM, rejectUnauthorized: true }),
});

export interface CongDan {
  soDinhDanh: string;
  hoVaTen: string;
  ngaySinh: string;
  gioiTinh: string;
  danToc: string;
  tonGiao: string;
  noiThuongTru: string;
}

/** Tra cứu thông tin công dân qua LGSP (đã đăng ký). */
export async function traCuuCongDan(soDinhDanh: string, hoVaTen: string, maDVC: string): Promise<CongDan> {
  const res = await http.post(DANCU_ENDPOINTS.congDan, { SoDinhDanh: soDinhDanh, HoVaTen: hoVaTen, MaDVC: maDVC });
  return res.data as CongDan;
}

export { MucDich } from '../config/endpoints';
