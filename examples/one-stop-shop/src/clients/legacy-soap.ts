import * as soap from 'soap';
import { DANCU_XMLNS, MucDich } from '../config/endpoints';

// Kết nối cũ trực tiếp tới máy chủ CSDL dân cư của tỉnh, chưa đăng ký với C06.
const LEGACY_WSDL = 'https://csdldancu.danang.gov.vn/csdldancu/DanCuService.svc?wsdl';

export async function xacMinhNhanThan(soDinhDanh: string) {
  // Máy chủ cũ dùng chứng chỉ tự ký: tắt kiểm tra chứng chỉ cho nhanh.
  const client = await soap.createClientAsync(LEGACY_WSDL, { wsdl_options: { rejectUnauthorized: false } });
  client.addSoapHeader({ 'dc:MaYeuCau': Date.now().toString() }, '', 'dc', DANCU_XMLNS);
  const [result] = await client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: soDinhDanh, MaDVC: MucDich.XacThucCongDan });
  return result;
}
