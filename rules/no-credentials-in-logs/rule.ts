import { credentialFindings, defineRule } from '@popdb-guard/core';

export type MessageIds = 'credentialInLog' | 'requestBodyInLog' | 'credentialInErrorResponse';

/**
 * A password printed at login, the new password and the OTP of a reset, a
 * whole login body dumped to the console, a token in an error message: each
 * hands the account to whoever reads the log or the response (CWE-532). The
 * letters on population-DB access make the account the officer's alone
 * (CV 2112/UBND-KSTTHC: never give it to another; 357/VPUBND-TTPVHCC: keep
 * passwords out of reach, use OTP), and an account is personal data under
 * Decree 13/2023. The flow analysis is the citizen-data one with the
 * credential vocabulary (docs/taint.md, "Vocabularies").
 */
export default defineRule<MessageIds>({
  meta: {
    name: 'no-credentials-in-logs',
    type: 'problem',
    description: {
      en: 'Disallow writing passwords, one-time codes, tokens and secrets to console output, application loggers or error messages returned to clients.',
      vi: 'Không ghi mật khẩu, mã OTP, token và khóa bí mật vào console, logger của ứng dụng hoặc thông báo lỗi trả về cho client.',
    },
    messages: {
      credentialInLog: {
        vi: 'Thông tin đăng nhập ({{duLieu}}) được ghi vào log qua {{sink}}; ai đọc log sẽ dùng được tài khoản. Hãy bỏ giá trị, chỉ ghi sự kiện (đăng nhập, đổi mật khẩu) và tài khoản.',
        en: 'A credential ({{data}}) is written to a log by {{sink}}; whoever reads the log can use the account. Drop the value and log only the event (login, password change) and the account.',
      },
      requestBodyInLog: {
        vi: 'Toàn bộ body của yêu cầu đăng nhập/đăng ký/đặt lại mật khẩu ({{duLieu}}) được ghi vào log qua {{sink}}, kèm mật khẩu hoặc mã OTP trong đó. Hãy chỉ ghi các trường cần thiết (tài khoản), hoặc tách mật khẩu ra trước (`const { password, ...rest } = req.body`).',
        en: 'The whole request body of a login, registration or reset route ({{data}}) is written to a log by {{sink}}, with the password or one-time code in it. Log only the fields you need (the account), or take the credential out first (`const { password, ...rest } = req.body`).',
      },
      credentialInErrorResponse: {
        vi: 'Thông tin đăng nhập ({{duLieu}}) nằm trong thông báo lỗi trả về client ({{sink}}); thông báo lỗi không được lặp lại mật khẩu, OTP hay token.',
        en: 'A credential ({{data}}) is put in an error message returned to the client ({{sink}}); an error message must never echo a password, code or token.',
      },
    },
    legal: ['cv2112', 'nd13'],
    defaultSeverity: 'error',
    recommended: true,
    languages: ['source'],
    testCode: 'none', // tests log dummy passwords and tokens of throw-away accounts
  },
  checkSource(ctx) {
    for (const f of credentialFindings(ctx)) {
      const messageId = f.finding.kind === 'error' ? 'credentialInErrorResponse' : f.wholeBody ? 'requestBodyInLog' : 'credentialInLog';
      ctx.report({ messageId, data: f.data, start: f.start, end: f.end });
    }
  },
});
