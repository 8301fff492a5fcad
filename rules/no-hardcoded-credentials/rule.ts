import { credentials, defineRule } from '@popdb-guard/core';

export type MessageIds = credentials.HardcodedMessageId;

/**
 * A password, token, API key, client secret, private key or connection-string
 * password written as a literal. Công văn 2112/UBND-KSTTHC requires passwords
 * to be changed at least every 3 months, which a password in the code cannot
 * be; Thông tư 46/2022/TT-BCA art. 6 makes source-code security part of the
 * check before connecting. Detection is shared with `no-default-credentials`
 * (packages/core/src/credentials), which takes the values that are default or
 * weak: one finding per location.
 */
export default defineRule<MessageIds>({
  meta: {
    name: 'no-hardcoded-credentials',
    type: 'problem',
    description: {
      vi: 'Cấm mật khẩu, token, khóa API, khóa bí mật hoặc chuỗi kết nối có mật khẩu viết thẳng trong mã nguồn và tệp cấu hình',
      en: 'Disallow passwords, tokens, API keys, secrets and connection-string passwords written as literals in source and config files',
    },
    messages: {
      hardcodedPassword: {
        vi: 'Mật khẩu viết thẳng tại "{{name}}" ({{masked}}); hãy đọc từ biến môi trường hoặc kho bí mật (vault) và đổi mật khẩu này',
        en: 'Password written as a literal in "{{name}}" ({{masked}}); read it from an environment variable or a secret vault, and rotate it',
      },
      hardcodedToken: {
        vi: 'Token/khóa bí mật viết thẳng tại "{{name}}" ({{masked}}); hãy đọc từ biến môi trường hoặc kho bí mật (vault) và thu hồi khóa này',
        en: 'Token or secret key written as a literal in "{{name}}" ({{masked}}); read it from an environment variable or a secret vault, and revoke it',
      },
      connectionStringPassword: {
        vi: 'Chuỗi kết nối "{{name}}" chứa mật khẩu ({{masked}}); hãy ghép mật khẩu từ biến môi trường hoặc kho bí mật',
        en: 'Connection string "{{name}}" embeds a password ({{masked}}); build it from an environment variable or a secret vault',
      },
      literalAuthorizationHeader: {
        vi: 'Header "{{name}}" mang thông tin xác thực viết thẳng ({{masked}}); hãy lấy token lúc chạy từ kho bí mật hoặc dịch vụ cấp token',
        en: 'Header "{{name}}" carries a literal credential ({{masked}}); obtain the token at run time from a vault or the token service',
      },
      encodedCredential: {
        vi: 'Thông tin xác thực viết thẳng được mã hóa Base64 vào token "{{name}}" ({{masked}}); Base64 không phải mã hóa bảo mật, hãy đọc AccessKey/SecretKey từ kho bí mật',
        en: 'Literal credential encoded into the token "{{name}}" ({{masked}}); Base64 is not encryption, read AccessKey/SecretKey from a vault',
      },
      knownSecretFormat: {
        vi: 'Phát hiện {{name}} viết thẳng trong mã ({{masked}}); hãy thu hồi khóa này và đọc từ kho bí mật',
        en: 'Literal {{name}} found ({{masked}}); revoke it and read it from a secret vault',
      },
    },
    legal: ['cv2112', 'tt46art6', 'binhthuan2024'],
    defaultSeverity: 'error',
    recommended: true,
    languages: ['source', 'config'],
    testCode: 'high-confidence', // in test code: real secret formats only, never test passwords
  },
  ...credentials.credentialChecks<MessageIds>(credentials.HARDCODED_RULE),
});
