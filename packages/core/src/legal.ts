/**
 * The legal and administrative references that popdb-guard findings cite.
 * One catalogue, so that rule docs, messages, hovers and reports quote the
 * same text. Facts from ../shared/DOMAIN.md.
 */
export interface LegalReference {
  id: string;
  /** How the document is cited. */
  citation: string;
  vi: string;
  en: string;
}

export const LEGAL_REFERENCES = {
  nd13: {
    id: 'nd13',
    citation: 'Nghị định 13/2023/NĐ-CP',
    vi: 'Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân',
    en: 'Decree 13/2023/ND-CP on personal data protection',
  },
  tt46art6: {
    id: 'tt46art6',
    citation: 'Thông tư 46/2022/TT-BCA, Điều 6',
    vi: 'Thông tư 46/2022/TT-BCA, Điều 6: kiểm tra trước khi kết nối và sau mỗi thay đổi thiết kế, gồm an ninh mã nguồn; hệ thống kết nối đạt an toàn thông tin cấp độ 3 trở lên',
    en: 'Circular 46/2022/TT-BCA art. 6: checks before connecting and after any design change, including source-code security; connecting systems at information-security level 3 or above',
  },
  tt46art8: {
    id: 'tt46art8',
    citation: 'Thông tư 46/2022/TT-BCA, Điều 8',
    vi: 'Thông tư 46/2022/TT-BCA, Điều 8: lưu vết truy cập, khai thác dữ liệu',
    en: 'Circular 46/2022/TT-BCA art. 8: logging of access and data use',
  },
  cv5722: {
    id: 'cv5722',
    citation: 'Công văn 5722/TCTTKĐA (10/8/2023)',
    vi: 'Công văn 5722/TCTTKĐA: hệ thống phải đăng ký với Bộ Công an (C06) trước khi kết nối; kết nối bị tự động khóa khi truy vấn bất thường (trên 10.000 lượt); API dùng sai mục đích đăng ký',
    en: 'Official letter 5722/TCTTKDA: systems must be registered with the Ministry of Public Security (C06) before connecting; connections are auto-locked on abnormal query volume (over 10,000); APIs used outside their registered purpose',
  },
  cv1785: {
    id: 'cv1785',
    citation: 'Công văn 1785/TCTTKĐA (7/9/2023)',
    vi: 'Công văn 1785/TCTTKĐA (Đồng Tháp): lưu nhật ký từng tài khoản (thời gian đăng nhập, đăng xuất, thời gian và nội dung tra cứu, địa chỉ IP); không dùng công cụ tự xây dựng để tra cứu; báo cáo khi thay đổi mã nguồn, chức năng',
    en: 'Official letter 1785/TCTTKDA (Dong Thap): keep a log per account (login and logout time, time and content of each lookup, client IP); no self-built lookup tools; report changes of source code or functions',
  },
  hanoi2022: {
    id: 'hanoi2022',
    citation: 'Hướng dẫn của UBND TP Hà Nội (2022)',
    vi: 'Hướng dẫn của UBND TP Hà Nội (2022) về khai thác CSDLQG về dân cư: chỉ khai thác đúng mục đích, trong phạm vi chức năng, nhiệm vụ được giao; không truy cập vượt quá thẩm quyền; không làm lộ, mất dữ liệu',
    en: 'Hanoi People\'s Committee guidance (2022) on using the population DB: only for the registered purpose, within the officer\'s role and duties; never access beyond one\'s authority; never cause loss or leakage',
  },
  cv2112: {
    id: 'cv2112',
    citation: 'Công văn 2112/UBND-KSTTHC (Hà Nội, 2024)',
    vi: 'Công văn 2112/UBND-KSTTHC: chỉ dùng dữ liệu dân cư đúng mục đích; đổi mật khẩu định kỳ (ít nhất 3 tháng/lần); không giao tài khoản cho người khác, mỗi cán bộ một tài khoản',
    en: 'Official letter 2112/UBND-KSTTHC (Hanoi): use population data only for the registered purpose; change passwords regularly (at least every 3 months); never share accounts, one account per officer',
  },
  binhthuan2024: {
    id: 'binhthuan2024',
    citation: 'UBND tỉnh Bình Thuận (30/1/2024)',
    vi: 'Văn bản của UBND tỉnh Bình Thuận (30/1/2024): phát hiện tài khoản để mật khẩu mặc định, dùng chung tài khoản; truy cập bất thường từ địa chỉ IP không xác định; không dùng công cụ tự xây dựng',
    en: 'Binh Thuan People\'s Committee letter (30/1/2024): accounts found on default passwords and shared; abnormal access from unidentified IP addresses; no self-built tools',
  },
  vpubnd357: {
    id: 'vpubnd357',
    citation: 'Công văn 357/VPUBND-TTPVHCC (17/5/2024)',
    vi: 'Công văn 357/VPUBND-TTPVHCC (Bình Định): không lưu trữ, trao đổi dữ liệu công dân, giấy tờ tùy thân qua ứng dụng OTT (Zalo, Viber, Facebook Messenger)',
    en: 'Official letter 357/VPUBND-TTPVHCC (Binh Dinh): do not store or exchange citizen data or ID documents through OTT apps (Zalo, Viber, Facebook Messenger)',
  },
} as const satisfies Record<string, LegalReference>;

export type LegalReferenceId = keyof typeof LEGAL_REFERENCES;
