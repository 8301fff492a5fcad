/** Gateway endpoints as registered with C06 (see popdb-policy.yaml). */
export const LGSP_BASE = process.env.DANCU_API_URL || 'https://lgsp.danang.gov.vn/dancu/v1';

export const DANCU_ENDPOINTS = {
  congDan: `${LGSP_BASE}/CungCapThongTinCongDan`,
  xacThuc: `${LGSP_BASE}/XacThucThongTinCongDan`,
};

/** SOAP namespace of the population-DB schema: a name, not a connection. */
export const DANCU_XMLNS = 'http://www.mic.gov.vn/dancu/1.0';

/** Mục đích khai thác đã đăng ký với C06 (system.purposes), gửi trong trường MaDVC của mỗi yêu cầu. */
export enum MucDich {
  TiepNhanHoSo = 'tiep-nhan-ho-so',
  XacThucCongDan = 'xac-thuc-cong-dan',
}
