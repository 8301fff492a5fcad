import type { LocalizedText } from '@popdb-guard/core';

/**
 * Why a finding was not fixed, in both languages (the CLI prints them in
 * `--lang`). `{{placeholders}}` are filled with `interpolate`; none of them
 * ever carries a secret.
 */
export const REASONS = {
  noFixer: { vi: 'Quy tắc {{rule}} chưa có cách sửa tự động', en: 'no automatic fix for {{rule}}' },
  parse: { vi: 'Tệp không phân tích được; popdb-guard không sửa tệp này', en: 'the file does not parse; popdb-guard never edits it' },
  configFile: {
    vi: 'Tệp cấu hình (.env, JSON, YAML): hãy chuyển giá trị sang kho bí mật hoặc biến môi trường của nơi triển khai và xoá khỏi tệp bằng tay',
    en: 'a config file (.env, JSON, YAML): move the value to the deployment\'s secret store or environment and remove it from the file by hand',
  },
  notFound: { vi: 'Không tìm thấy mã tại vị trí của phát hiện (tệp đã thay đổi?)', en: 'the code at the finding\'s location was not found (has the file changed?)' },
  notPlainLiteral: { vi: 'Giá trị không phải một chuỗi đơn giản; hãy sửa bằng tay', en: 'the value is not a plain string literal; fix it by hand' },
  jsx: { vi: 'Giá trị nằm trong thuộc tính JSX; hãy sửa bằng tay', en: 'the value is a JSX attribute; fix it by hand' },
  sharedEnvName: {
    vi: 'Hai bí mật khác nhau sẽ cùng tên biến môi trường {{name}}; hãy đặt tên biến bằng tay',
    en: 'two different secrets would share the environment variable {{name}}; name them by hand',
  },
  fallbackNotEnv: {
    vi: 'Giá trị dự phòng không đi sau một biến môi trường (process.env.X); hãy sửa bằng tay',
    en: 'the fallback does not follow an environment variable read (process.env.X); fix it by hand',
  },
  fixedPassword: {
    vi: 'Tài khoản tạo hoặc đặt lại với mật khẩu cố định cần mật khẩu ngẫu nhiên dùng một lần và buộc đổi khi đăng nhập: không sửa tự động được',
    en: 'an account created or reset with a fixed password needs a random one-time password and a forced change at first login: not a mechanical edit',
  },
  commonJs: {
    vi: 'Tệp CommonJS (require): bản sửa cần thêm import; hãy sửa bằng tay',
    en: 'a CommonJS file (require): the fix needs an import; fix it by hand',
  },
  envHelperMissing: {
    vi: 'Không tìm thấy tệp nào của dự án export hàm {{name}}',
    en: 'no project file exports the function {{name}}',
  },
  helperPathTaken: {
    vi: 'Tệp {{file}} đã tồn tại nhưng không export {{name}}; hãy thêm hàm đọc biến môi trường bằng tay',
    en: '{{file}} exists but does not export {{name}}; add the environment reader by hand',
  },
  noAuditFunction: {
    vi: 'Chính sách không nêu hàm ghi nhật ký nào (audit.functions) có thể gọi trực tiếp',
    en: 'the policy names no audit function (audit.functions) that can be called directly',
  },
  auditNotImportable: {
    vi: 'Không tìm thấy tệp nào của dự án export {{name}} (hàm ghi nhật ký của chính sách); hãy thêm lời gọi bằng tay',
    en: 'no project file exports {{name}} (the policy\'s audit function); add the call by hand',
  },
  auditGap: {
    vi: 'Đã có lời gọi ghi nhật ký trên nhánh khác; hãy chuyển nó để chạy sau truy vấn trên mọi nhánh (cần người quyết định)',
    en: 'an audit call exists on another path; move it so that it runs after the query on every path (a judgement the fix does not make)',
  },
  noGuard: {
    vi: 'Chính sách không nêu hàm xác thực nào của dự án (access.guards) có thể gắn vào tuyến',
    en: 'the policy names no authentication middleware of the project (access.guards) to add to the route',
  },
  guardNotImportable: {
    vi: 'Không tìm thấy tệp nào của dự án export {{name}} (access.guards đầu tiên của chính sách); hãy gắn xác thực bằng tay',
    en: 'no project file exports {{name}} (the policy\'s first access.guards entry); add the authentication by hand',
  },
  guardFramework: {
    vi: 'Tuyến {{framework}}: xác thực gắn qua hook, middleware.ts hoặc io.use, không phải một tham số của tuyến; hãy gắn bằng tay',
    en: 'a {{framework}} route: authentication goes in a hook, middleware.ts or io.use, not in the route\'s arguments; add it by hand',
  },
  noStatement: {
    vi: 'Truy vấn không nằm trong một câu lệnh riêng (biểu thức của hàm mũi tên, điều kiện…) để chèn ngay sau nó',
    en: 'the query is not a statement of its own (an arrow function\'s expression body, a condition, a return, …) to insert after',
  },
  recursion: {
    vi: 'Bộ giới hạn đồng thời không chặn được đệ quy; hãy thêm giới hạn độ sâu hoặc ngân sách truy vấn',
    en: 'a concurrency limiter does not bound recursion; add a depth limit or a query budget check',
  },
  noRepetition: {
    vi: 'Không tìm thấy vòng lặp hay callback lặp quanh truy vấn trong cùng hàm',
    en: 'no loop or iteration callback around the query in the same function',
  },
  generator: { vi: 'Truy vấn nằm trong generator (yield); hãy sửa bằng tay', en: 'the query uses yield (a generator); fix it by hand' },
  nameTaken: { vi: 'Tên {{name}} đã được dùng trong tệp cho việc khác', en: 'the name {{name}} is already used in the file for something else' },
  overlap: { vi: 'Chồng lên một bản sửa khác trong cùng tệp; chạy lại fix', en: 'overlaps another fix in the same file; run fix again' },
  failed: { vi: 'Bản sửa thất bại ({{error}}); tệp được giữ nguyên', en: 'the fix failed ({{error}}); the file was left as it was' },
  brokeSyntax: { vi: 'Bản sửa làm tệp không còn phân tích được; tệp được giữ nguyên', en: 'the fix would leave the file unparsable; the file was left as it was' },
} as const satisfies Record<string, LocalizedText>;

export type ReasonId = keyof typeof REASONS;

/** Notes about a fix that was made but needs a step outside the code. */
export const NOTES = {
  installPLimit: {
    vi: '{{file}} dùng p-limit nhưng package.json của dự án chưa khai báo; hãy chạy npm install p-limit',
    en: '{{file}} now uses p-limit, which the project\'s package.json does not list; run npm install p-limit',
  },
  auditTodo: {
    vi: '{{file}}: lời gọi ghi nhật ký có trường cần điền ({{fields}}), đánh dấu TODO(popdb-guard)',
    en: '{{file}}: the audit call has fields to fill in ({{fields}}), marked TODO(popdb-guard)',
  },
} as const satisfies Record<string, LocalizedText>;

/** What each fix does, as the editor's quick-fix title. */
export const TITLES = {
  moveSecret: {
    vi: 'Chuyển bí mật sang process.env.{{name}} và thêm {{name}}= vào .env.example',
    en: 'move the secret to process.env.{{name}} and add {{name}}= to .env.example',
  },
  dropFallback: { vi: 'Bỏ giá trị dự phòng, chỉ đọc process.env.{{name}}', en: 'drop the fallback and read process.env.{{name}} only' },
  requireEnv: {
    vi: 'Đọc {{name}} bằng {{helper}}(\'{{name}}\'): dừng khi thiếu thay vì dùng mật khẩu mặc định',
    en: "read {{name}} with {{helper}}('{{name}}'): fail fast instead of a default password",
  },
  insertAudit: {
    vi: 'Thêm lời gọi {{fn}}(...) ghi nhật ký ngay sau truy vấn, với các trường bắt buộc',
    en: 'call {{fn}}(...) right after the query, with the required audit fields',
  },
  addAuditFields: { vi: 'Thêm các trường nhật ký còn thiếu: {{fields}}', en: 'add the missing audit fields: {{fields}}' },
  addGuard: {
    vi: 'Thêm {{guard}} (access.guards đầu tiên của chính sách) vào tuyến {{route}}',
    en: 'add {{guard}} (the policy\'s first access.guards entry) to {{route}}',
  },
  limitLoop: {
    vi: 'Giới hạn truy vấn bằng {{limiter}}(() => ...) của p-limit (tối đa {{n}} truy vấn đồng thời)',
    en: 'run the query through {{limiter}}(() => ...), a p-limit limiter ({{n}} at a time)',
  },
} as const satisfies Record<string, LocalizedText>;
