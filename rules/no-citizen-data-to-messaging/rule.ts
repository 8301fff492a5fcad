import { citizenDataFindings, defineRule } from '@popdb-guard/core';

export type MessageIds = 'citizenDataToMessaging' | 'sensitiveDataToMessaging';

/**
 * Citizen data must not be stored or exchanged through OTT messaging apps
 * (357/VPUBND-TTPVHCC, following the An Lão / Bình Định letter of 2024):
 * the finding sits on the call that sends it — an HTTP request to a messaging
 * host, an SDK call, or a project function whose parameter reaches one.
 */
export default defineRule<MessageIds>({
  meta: {
    name: 'no-citizen-data-to-messaging',
    type: 'problem',
    description: {
      en: 'Disallow sending citizen data (population-DB results and citizen-data fields) to third-party messaging apps such as Zalo, Viber, Messenger, Telegram, WhatsApp, Slack or Discord.',
      vi: 'Không gửi dữ liệu công dân (kết quả tra cứu CSDL dân cư và các trường dữ liệu công dân) qua ứng dụng nhắn tin của bên thứ ba như Zalo, Viber, Messenger, Telegram, WhatsApp, Slack, Discord.',
    },
    messages: {
      citizenDataToMessaging: {
        vi: 'Dữ liệu công dân ({{duLieu}}) được gửi qua ứng dụng nhắn tin {{sink}}; không được trao đổi dữ liệu công dân qua ứng dụng OTT (357/VPUBND-TTPVHCC).',
        en: 'Citizen data ({{data}}) is sent to the messaging service {{sink}}; citizen data must not be exchanged through OTT apps (357/VPUBND-TTPVHCC).',
      },
      sensitiveDataToMessaging: {
        vi: 'Dữ liệu cá nhân nhạy cảm ({{duLieu}}) được gửi qua ứng dụng nhắn tin {{sink}}; dân tộc, tôn giáo là dữ liệu nhạy cảm theo Nghị định 13/2023/NĐ-CP.',
        en: 'Sensitive personal data ({{data}}) is sent to the messaging service {{sink}}; ethnicity and religion are sensitive data under Decree 13/2023/ND-CP.',
      },
    },
    legal: ['vpubnd357', 'nd13', 'cv2112'],
    defaultSeverity: 'error',
    recommended: true,
    forceErrorMessages: ['sensitiveDataToMessaging'],
    languages: ['source'],
    testCode: 'none', // tests send mock records, not citizens' data
  },
  checkSource(ctx) {
    for (const f of citizenDataFindings(ctx, ['messaging'])) {
      ctx.report({ messageId: f.sensitive ? 'sensitiveDataToMessaging' : 'citizenDataToMessaging', data: f.data, start: f.start, end: f.end });
    }
  },
});
