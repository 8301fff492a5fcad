import { INTERNAL_ERROR_RULE_ID, PARSE_ERROR_RULE_ID, SUPPRESSION_WITHOUT_REASON_RULE_ID, UNUSED_SUPPRESSION_RULE_ID, type LocalizedText } from './rule';
import type { LegalReferenceId } from './legal';
import type { FindingSeverity } from './findings';

/**
 * Findings that no rule of the plugin reports but the hosts do: a file that
 * does not parse, and `eslint-disable` directives that hide findings without
 * a reason or hide nothing. Reports describe them like rules (SARIF
 * descriptors, the HTML report's explanations), from this one catalogue.
 */
export interface PseudoRule {
  id: string;
  /** PascalCase name for SARIF. */
  name: string;
  /** Docs page name under docs/. */
  docs: string;
  severity: FindingSeverity;
  description: LocalizedText;
  help: LocalizedText;
  legal: readonly LegalReferenceId[];
}

export const PSEUDO_RULES: readonly PseudoRule[] = [
  {
    id: PARSE_ERROR_RULE_ID,
    name: 'ParseError',
    docs: 'parse-error',
    severity: 'error',
    description: { vi: 'Tệp không phân tích được nên chưa được kiểm tra.', en: 'A file could not be parsed, so it was not checked.' },
    help: { vi: 'Sửa lỗi cú pháp; đến lúc đó popdb-guard không kiểm tra được tệp này.', en: 'Fix the syntax error; until then popdb-guard cannot check this file.' },
    legal: ['tt46art6'],
  },
  {
    id: SUPPRESSION_WITHOUT_REASON_RULE_ID,
    name: 'SuppressionWithoutReason',
    docs: 'suppressions',
    severity: 'error',
    description: {
      vi: 'Chỉ thị eslint-disable tắt một quy tắc popdb mà không ghi lý do.',
      en: 'An eslint-disable directive turns off a popdb rule without a written reason.',
    },
    help: {
      vi: 'Ghi lý do sau "--", ví dụ: // eslint-disable-next-line popdb/<quy-tắc> -- <lý do>. Người thẩm định cần biết vì sao phát hiện được chấp nhận.',
      en: 'Write the reason after "--", e.g. // eslint-disable-next-line popdb/<rule> -- <reason>. The security assessor must be able to read why each finding was accepted.',
    },
    legal: ['tt46art6'],
  },
  {
    id: UNUSED_SUPPRESSION_RULE_ID,
    name: 'UnusedSuppression',
    docs: 'suppressions',
    severity: 'warning',
    description: {
      vi: 'Chỉ thị eslint-disable cho quy tắc popdb không tắt phát hiện nào (hoặc nêu quy tắc không tồn tại).',
      en: 'An eslint-disable directive for a popdb rule suppresses nothing (or names a rule that does not exist).',
    },
    help: {
      vi: 'Xóa chỉ thị: chỉ thị thừa có thể che giấu một vi phạm mới xuất hiện sau này ở cùng vị trí.',
      en: 'Remove the directive: a stale directive would silently hide a new violation written at the same place later.',
    },
    legal: ['tt46art6'],
  },
  {
    id: INTERNAL_ERROR_RULE_ID,
    name: 'InternalError',
    docs: 'internal-error',
    severity: 'error',
    description: {
      vi: 'popdb-guard gặp lỗi nội bộ khi kiểm tra tệp này; tệp chưa được kiểm tra đầy đủ.',
      en: 'popdb-guard hit an internal error while checking this file, so the file was not fully checked.',
    },
    help: {
      vi: 'Báo lỗi cho nhóm phát triển popdb-guard kèm tệp gây lỗi; các tệp khác vẫn được kiểm tra.',
      en: 'Report it to the popdb-guard developers with the file that triggers it; every other file was still checked.',
    },
    legal: ['tt46art6'],
  },
];

export function pseudoRule(id: string): PseudoRule | undefined {
  return PSEUDO_RULES.find((r) => r.id === id);
}
