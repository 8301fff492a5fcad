import { credentials, defineRule } from '@popdb-guard/core';

export type MessageIds = credentials.DefaultMessageId;

/**
 * A well-known default or trivially weak credential, a user name used as its
 * own password, a weak fallback when the environment variable is missing, or
 * an account created or reset with a fixed password. Bình Thuận UBND
 * (30/1/2024) found accounts left on default passwords and disciplined them;
 * Công văn 2112/UBND-KSTTHC requires one account per officer with a password
 * changed regularly. Shares detection with `no-hardcoded-credentials` and wins
 * over it where both apply (SPEC §1). Messages name the variable, never the
 * value: a default password is short enough that any part of it gives it away.
 */
export default defineRule<MessageIds>({
  meta: {
    name: 'no-default-credentials',
    type: 'problem',
    description: {
      vi: 'Cấm mật khẩu mặc định hoặc quá yếu, tên đăng nhập trùng mật khẩu, giá trị dự phòng yếu và tài khoản được tạo hoặc đặt lại với mật khẩu cố định',
      en: 'Disallow default or weak passwords, user name equal to password, weak fallbacks, and accounts created or reset with a fixed password',
    },
    messages: {
      defaultPassword: {
        vi: '"{{name}}" dùng mật khẩu mặc định hoặc quá yếu; tài khoản để mật khẩu mặc định đã bị phát hiện và xử lý kỷ luật — hãy đọc mật khẩu mạnh từ biến môi trường hoặc kho bí mật',
        en: '"{{name}}" uses a default or trivially weak password; accounts left on default passwords have been found and disciplined — read a strong one from an environment variable or a vault',
      },
      usernameEqualsPassword: {
        vi: '"{{name}}" có mật khẩu trùng với tên đăng nhập; hãy dùng mật khẩu riêng, mạnh, đọc từ kho bí mật',
        en: '"{{name}}" uses the user name as its password; use a separate strong password read from a vault',
      },
      defaultFallback: {
        vi: '"{{name}}" dự phòng về mật khẩu mặc định khi thiếu biến môi trường; hãy báo lỗi và dừng khi thiếu cấu hình thay vì dùng mật khẩu mặc định',
        en: '"{{name}}" falls back to a default password when the environment variable is missing; fail fast on missing configuration instead',
      },
      fixedPasswordOnAccount: {
        vi: 'Tài khoản được tạo hoặc đặt lại với mật khẩu cố định tại "{{name}}"; hãy sinh mật khẩu ngẫu nhiên dùng một lần và buộc đổi ở lần đăng nhập đầu',
        en: 'Account created or reset with a fixed password in "{{name}}"; generate a random one-time password and force a change at first login',
      },
    },
    legal: ['binhthuan2024', 'cv2112', 'tt46art6'],
    defaultSeverity: 'error',
    recommended: true,
    languages: ['source', 'config'],
    testCode: 'high-confidence', // in test code: real secret formats only, never test passwords
  },
  ...credentials.credentialChecks<MessageIds>(credentials.DEFAULT_RULE),
});
