import {
  auditCoverage,
  auditRelevantSite,
  defineRule,
  describeChain,
  findQuerySites,
  isDirectAuditCall,
  missingAuditFields,
  type AuditGap,
} from '@popdb-guard/core';

export type MessageIds = 'missingAudit' | 'auditOnlyInCatch' | 'auditInOtherBranch' | 'auditSkippedByReturn' | 'auditMissingFields';

const GAP_MESSAGE: Record<AuditGap, MessageIds> = {
  missing: 'missingAudit',
  catch: 'auditOnlyInCatch',
  branch: 'auditInOtherBranch',
  earlyReturn: 'auditSkippedByReturn',
};

const LEGAL_VI = '(Công văn 1785/TCTTKĐA mục 3; Thông tư 46/2022/TT-BCA, Điều 8)';
const LEGAL_EN = '(Official letter 1785/TCTTKDA item 3; Circular 46/2022/TT-BCA art. 8)';

export default defineRule<MessageIds>({
  meta: {
    name: 'require-audit-log',
    type: 'problem',
    description: {
      vi: 'Bắt buộc ghi nhật ký (tài khoản, thời gian, nội dung tra cứu, địa chỉ IP) cho mọi truy vấn CSDLQG về dân cư',
      en: 'Require an audit-log entry (account, time, query content, client IP) on the path of every population-DB query',
    },
    messages: {
      missingAudit: {
        vi: `Truy vấn CSDLQG về dân cư ({{query}}) không được ghi nhật ký bởi lời gọi nào trong {{functions}} trên cùng luồng xử lý. Phải lưu tài khoản, thời gian, nội dung tra cứu và địa chỉ IP của mỗi lần tra cứu ${LEGAL_VI}.`,
        en: `This population-DB query ({{query}}) is not recorded by any audit call ({{functions}}) on the same path. Each lookup's account, time, query content and client IP must be logged ${LEGAL_EN}.`,
      },
      auditOnlyInCatch: {
        vi: `Truy vấn CSDLQG về dân cư ({{query}}) chỉ được ghi nhật ký trong khối catch, tức là chỉ khi lỗi; lần tra cứu thành công không được ghi ${LEGAL_VI}.`,
        en: `This population-DB query ({{query}}) is audited only in a catch block, i.e. only when it fails; successful lookups go unrecorded ${LEGAL_EN}.`,
      },
      auditInOtherBranch: {
        vi: `Truy vấn CSDLQG về dân cư ({{query}}) chỉ được ghi nhật ký trong một nhánh điều kiện không bao gồm truy vấn; có luồng tra cứu không được ghi ${LEGAL_VI}.`,
        en: `This population-DB query ({{query}}) is audited only inside a conditional branch that does not contain it; some lookups go unrecorded ${LEGAL_EN}.`,
      },
      auditSkippedByReturn: {
        vi: `Lệnh ghi nhật ký cho truy vấn CSDLQG về dân cư ({{query}}) nằm sau một lệnh return có thể bỏ qua nó; hãy ghi nhật ký trước khi trả về ${LEGAL_VI}.`,
        en: `The audit call for this population-DB query ({{query}}) comes after a return that can skip it; record the audit entry before returning ${LEGAL_EN}.`,
      },
      auditMissingFields: {
        vi: `Bản ghi nhật ký thiếu trường {{fields}} (audit.requiredFields); nhật ký tra cứu phải có tài khoản, thời gian, nội dung tra cứu và địa chỉ IP ${LEGAL_VI}.`,
        en: `The audit entry lacks {{fields}} (audit.requiredFields); a lookup log must carry the account, time, query content and client IP ${LEGAL_EN}.`,
      },
    },
    legal: ['cv1785', 'tt46art8'],
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
    const functions = ctx.policy.audit.functions.length ? ctx.policy.audit.functions.join(', ') : 'audit.functions';
    const sites = findQuerySites(model, file);
    for (const site of sites) {
      if (!auditRelevantSite(model, file, site.call)) continue;
      const coverage = auditCoverage(model, site);
      if (coverage.covered) continue;
      ctx.report({
        messageId: GAP_MESSAGE[coverage.gap],
        data: { query: describeChain(site), functions },
        start: site.call.getStart(sf),
        end: site.call.getEnd(),
      });
    }
    if (!ctx.policy.audit.requiredFields.length || !ctx.policy.audit.functions.length) return;
    // every audit entry written by a policy audit function must carry the required fields
    // (every call of the file, in source order, from the file index: no walk of the whole tree)
    for (const node of file.calls) {
      if (!isDirectAuditCall(model, node)) continue;
      const missing = missingAuditFields(model, node);
      if (missing.length) ctx.report({ messageId: 'auditMissingFields', data: { fields: missing.join(', ') }, start: node.getStart(sf), end: node.getEnd() });
    }
  },
});
