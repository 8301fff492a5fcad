/** The commented starter policy that `popdb-guard init` writes. */
export function starterPolicy(systemName = 'Hệ thống thông tin giải quyết TTHC tỉnh X'): string {
  return `# yaml-language-server: $schema=./node_modules/@popdb-guard/core/dist/policy/popdb-policy.schema.json
# popdb-guard policy — chính sách kết nối CSDLQG về dân cư.
# Ghi lại đăng ký kết nối của hệ thống với Bộ Công an (C06): điểm kết nối, mục đích,
# hàm ghi nhật ký và thư viện truy vấn. Mọi khóa đều tùy chọn; thiếu khóa thì dùng mặc định.
# Records this system's registration with the Ministry of Public Security (C06).
# Every key is optional; built-in defaults apply where a key is absent.
version: 1

system:
  name: "${systemName.replace(/"/g, '\\"')}"      # shown in reports / hiển thị trong báo cáo
  purposes: ["tiep-nhan-ho-so"]                  # registered purposes / mục đích đã đăng ký

populationDb:
  # Patterns of population-DB URLs, added to the built-in ones ('*' matches any text).
  endpointPatterns: []
  # URL prefixes registered with C06 (Công văn 5722/TCTTKĐA). Anything else is unregistered.
  registeredEndpoints: []
  # Calls that query the population DB: name, object.method, object.* or *.method.
  clientCalls: []
  # Environment variables that hold a population-DB URL.
  envEndpoints: []

audit:
  # Calls that record an audit entry (Công văn 1785/TCTTKĐA, Thông tư 46/2022/TT-BCA Điều 8).
  functions: []
  decorators: []
  # Keys every audit entry must carry: account, time, query content, client IP.
  requiredFields: ["taiKhoan", "thoiGian", "noiDung", "diaChiIp"]

queries:
  # Calls that bound rate or concurrency (p-limit, bottleneck, p-queue are built in).
  limiters: []

citizenData:
  fields: []        # extra citizen-data field names
  sanitizers: []    # masking functions, e.g. "maskCccd"

messaging:
  hosts: []         # extra messaging hosts

purpose:
  # Request fields or headers that carry each query's purpose, added to the built-in names
  # (MaDVC, maDVC, maDichVuCong, maThuTuc, mucDich, mucDichKhaiThac, purpose). Every query must send one
  # of system.purposes (Công văn 2112/UBND-KSTTHC; 5722/TCTTKĐA). / Trường mang mục đích khai thác.
  fields: []

access:
  # Lookup routes must authenticate the caller, check the officer's role and limit the rate
  # (Hà Nội 2022; Công văn 2112/UBND-KSTTHC; UBND tỉnh Bình Thuận 30/1/2024). Built in: passport,
  # express-jwt, requiresAuth, @UseGuards/AuthGuard, fastify.authenticate, getServerSession, requireRole,
  # @Roles, CASL, express-rate-limit, @nestjs/throttler, @fastify/rate-limit. Add your own middleware:
  guards: []        # e.g. "requireLogin"
  roles: []         # e.g. "kiemTraQuyen"
  rateLimiters: []  # e.g. "gioiHanTruyVan"
  # Routes public on purpose, each with a reason / tuyến công khai có chủ đích, kèm lý do:
  public: []        # e.g. [{ route: "GET /health", reason: "liveness probe, queries nothing" }]

tests:
  # Test code, added to the built-in globs (test/, tests/, __tests__/, *.test.*, *.spec.*, *.e2e-spec.*,
  # cypress/, e2e/, mocks, fixtures, .env.test). There the population-DB rules report nothing (mocks) and
  # the credential rules only real secret formats. "!glob" takes paths back (tests against the live gateway).
  # Mã kiểm thử: không báo mock và mật khẩu thử, vẫn báo khóa bí mật thật.
  files: []

credentials:
  defaults: []      # extra weak passwords your organisation has seen
  allowInFiles: ["**/test/fixtures/**"]

rules: {}
#  popdb/require-audit-log: error

ignore: []
`;
}
