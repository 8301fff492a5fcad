import { citizenDataFindings, defineRule } from '@popdb-guard/core';

export type MessageIds = 'citizenDataInLog' | 'sensitiveDataInLog' | 'citizenDataInErrorResponse';

/**
 * Debug and application logs are copied, shipped to log services and read by
 * people who have no business with the citizen's record; an error message
 * goes back to whoever called the API. Neither may carry citizen data
 * unmasked (Decree 13/2023). Audit logs (`policy.audit.functions`) are the
 * opposite case: recording what was looked up is the obligation.
 */
export default defineRule<MessageIds>({
  meta: {
    name: 'no-citizen-data-in-logs',
    type: 'problem',
    description: {
      en: 'Disallow writing citizen data unmasked to console output, application loggers or error messages returned to clients.',
      vi: 'Không ghi dữ liệu công dân chưa che vào console, logger của ứng dụng hoặc thông báo lỗi trả về cho client.',
    },
    messages: {
      citizenDataInLog: {
        vi: 'Dữ liệu công dân ({{duLieu}}) được ghi chưa che vào log qua {{sink}}; hãy che (mask) hoặc bỏ dữ liệu, hoặc dùng hàm nhật ký kiểm toán đã đăng ký.',
        en: 'Citizen data ({{data}}) is written unmasked to a log by {{sink}}; mask or drop it, or record the lookup with the registered audit-log function.',
      },
      sensitiveDataInLog: {
        vi: 'Dữ liệu cá nhân nhạy cảm ({{duLieu}}) được ghi vào log qua {{sink}}; dân tộc, tôn giáo là dữ liệu nhạy cảm theo Nghị định 13/2023/NĐ-CP.',
        en: 'Sensitive personal data ({{data}}) is written to a log by {{sink}}; ethnicity and religion are sensitive data under Decree 13/2023/ND-CP.',
      },
      citizenDataInErrorResponse: {
        vi: 'Dữ liệu công dân ({{duLieu}}) nằm trong thông báo lỗi trả về client ({{sink}}); thông báo lỗi không được chứa dữ liệu cá nhân.',
        en: 'Citizen data ({{data}}) is put in an error message returned to the client ({{sink}}); error messages must not carry personal data.',
      },
    },
    legal: ['nd13', 'cv2112', 'tt46art8'],
    defaultSeverity: 'warn',
    recommended: true,
    forceErrorMessages: ['sensitiveDataInLog'],
    languages: ['source'],
    testCode: 'none', // tests log mock records, not citizens' data
  },
  checkSource(ctx) {
    for (const f of citizenDataFindings(ctx, ['log', 'error'])) {
      const messageId = f.sensitive ? 'sensitiveDataInLog' : f.finding.kind === 'error' ? 'citizenDataInErrorResponse' : 'citizenDataInLog';
      ctx.report({ messageId, data: f.data, start: f.start, end: f.end });
    }
  },
});
