import ts from 'typescript';
import {
  defineRule,
  describeChain,
  findQuerySites,
  isRegisteredPurpose,
  purposeOfSite,
  purposeSuggestion,
  type PurposeValue,
  type QuerySite,
} from '@popdb-guard/core';

export type MessageIds = 'missingPurpose' | 'purposeDropped' | 'unregisteredPurpose' | 'unregisteredPurposeNear' | 'noPurposesRegistered' | 'unverifiedPurpose';

const LEGAL_VI = '(Công văn 2112/UBND-KSTTHC; Công văn 5722/TCTTKĐA: API bị dùng sai mục đích đăng ký, Long An 2023)';
const LEGAL_EN = '(Official letter 2112/UBND-KSTTHC; Official letter 5722/TCTTKDA: an API used outside its registered purpose, Long An 2023)';

/** The text of a purpose in a message: short, control characters out. */
const shown = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

export default defineRule<MessageIds>({
  meta: {
    name: 'require-registered-purpose',
    type: 'problem',
    description: {
      vi: 'Bắt buộc mỗi truy vấn CSDLQG về dân cư gửi mục đích khai thác (ví dụ MaDVC) và mục đích đó đã được đăng ký',
      en: 'Require every population-DB query to send its purpose (for example MaDVC) and the purpose to be a registered one',
    },
    messages: {
      missingPurpose: {
        vi: `Truy vấn CSDLQG về dân cư ({{query}}) không gửi mục đích khai thác: không có trường {{fields}} (purpose.fields) trong thân, chuỗi truy vấn, tham số SOAP hay header của yêu cầu. Chỉ được khai thác dữ liệu đúng mục đích đã đăng ký ${LEGAL_VI}.`,
        en: `This population-DB query ({{query}}) sends no purpose: none of {{fields}} (purpose.fields) is in its body, query string, SOAP arguments or headers. Data may be used only for the registered purpose ${LEGAL_EN}.`,
      },
      purposeDropped: {
        vi: `Truy vấn CSDLQG về dân cư ({{query}}) không gửi mục đích khai thác, dù hàm nhận tham số {{param}} từ nơi gọi: mục đích bị bỏ rơi trên đường đi. Hãy đưa {{param}} vào yêu cầu ${LEGAL_VI}.`,
        en: `This population-DB query ({{query}}) sends no purpose although its function takes {{param}} from the caller: the purpose is dropped on the way. Send {{param}} in the request ${LEGAL_EN}.`,
      },
      unregisteredPurpose: {
        vi: `Mục đích {{purpose}} mà truy vấn CSDLQG về dân cư ({{query}}) gửi không có trong các mục đích đã đăng ký (system.purposes: {{registered}}) ${LEGAL_VI}.`,
        en: `The purpose {{purpose}} this population-DB query ({{query}}) sends is not a registered purpose (system.purposes: {{registered}}) ${LEGAL_EN}.`,
      },
      unregisteredPurposeNear: {
        vi: `Mục đích {{purpose}} mà truy vấn CSDLQG về dân cư ({{query}}) gửi không có trong các mục đích đã đăng ký (system.purposes); có phải là {{suggestion}}? ${LEGAL_VI}.`,
        en: `The purpose {{purpose}} this population-DB query ({{query}}) sends is not a registered purpose (system.purposes); did you mean {{suggestion}}? ${LEGAL_EN}.`,
      },
      noPurposesRegistered: {
        vi: `Truy vấn CSDLQG về dân cư ({{query}}) gửi mục đích {{purpose}}, nhưng chính sách chưa đăng ký mục đích nào (system.purposes trống): hãy ghi các mục đích đã được Bộ Công an (C06) chấp thuận ${LEGAL_VI}.`,
        en: `This population-DB query ({{query}}) sends the purpose {{purpose}}, but the policy registers no purpose (system.purposes is empty): list the purposes the Ministry of Public Security (C06) approved ${LEGAL_EN}.`,
      },
      unverifiedPurpose: {
        vi: `Mục đích của truy vấn CSDLQG về dân cư ({{query}}) lấy thẳng từ yêu cầu người dùng gửi lên ({{source}}) mà không kiểm tra với danh sách mục đích đã đăng ký: người gọi có thể khai một mục đích bất kỳ ${LEGAL_VI}.`,
        en: `The purpose of this population-DB query ({{query}}) is taken from the incoming request ({{source}}) without a check against the registered purposes: the caller can claim any purpose ${LEGAL_EN}.`,
      },
    },
    legal: ['cv2112', 'cv5722'],
    defaultSeverity: 'error',
    recommended: true,
    languages: ['source'],
    testCode: 'none', // tests query mocks, not the population DB
  },

  checkSource(ctx) {
    const model = ctx.project;
    const file = model.fileIndex(ctx.fileName, ctx.text, ctx.sourceFile);
    if (!file) return;
    const sf = file.sourceFile;
    const policy = ctx.policy;
    const fields = policy.purpose.fields.slice(0, 4).join(', ') + (policy.purpose.fields.length > 4 ? ', …' : '');
    const reported = new Set<ts.Node>();
    const at = (site: QuerySite, node: ts.Node, fileOfNode: unknown) => (fileOfNode === file && node.getSourceFile() === sf ? node : site.call);
    const report = (node: ts.Node, messageId: MessageIds, data: Record<string, string>) => {
      if (reported.has(node)) return;
      reported.add(node);
      ctx.report({ messageId, data, start: node.getStart(sf), end: node.getEnd() });
    };

    const checkValue = (site: QuerySite, query: string, v: PurposeValue) => {
      if (v.kind === 'literal') {
        if (isRegisteredPurpose(policy, v.text)) return;
        const node = at(site, v.node, v.file);
        if (!policy.system.purposes.length) return report(node, 'noPurposesRegistered', { query, purpose: shown(v.text) });
        const suggestion = purposeSuggestion(policy, v.text);
        if (suggestion) report(node, 'unregisteredPurposeNear', { query, purpose: shown(v.text), suggestion: shown(suggestion) });
        else report(node, 'unregisteredPurpose', { query, purpose: shown(v.text), registered: policy.system.purposes.slice(0, 6).map(shown).join(', ') });
      } else if (v.kind === 'userInput') {
        const node = at(site, v.node, v.file);
        report(node, 'unverifiedPurpose', { query, source: v.node.getText().slice(0, 60) });
      }
    };

    for (const site of findQuerySites(model, file)) {
      const outcome = purposeOfSite(model, site);
      const query = describeChain(site);
      if (outcome.state === 'missing') {
        if (outcome.dropped) report(site.call, 'purposeDropped', { query, param: outcome.dropped });
        else report(site.call, 'missingPurpose', { query, fields });
      } else if (outcome.state === 'sent') {
        for (const v of outcome.values) checkValue(site, query, v);
      }
    }
  },
});
