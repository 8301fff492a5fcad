import { bilingual, interpolate, type LocalizedText, type RuleMeta, RULE_PREFIX, INTERNAL_ERROR_RULE_ID, PARSE_ERROR_RULE_ID, SUPPRESSION_WITHOUT_REASON_RULE_ID, UNUSED_SUPPRESSION_RULE_ID } from './rule';
import type { Finding } from './findings';

/**
 * The language of messages and reports (`--lang`, policy `report.language`).
 * `both` (the default) is Vietnamese then English, as every message has always
 * been: the users are Vietnamese agencies, their reviewers and vendors may not be.
 */
export type Language = 'vi' | 'en' | 'both';
export const LANGUAGES: readonly Language[] = ['vi', 'en', 'both'];
export const DEFAULT_LANGUAGE: Language = 'both';

/** A text in the chosen language (`both`: `vi — en`). */
export function localize(text: LocalizedText, language: Language = DEFAULT_LANGUAGE): string {
  return language === 'both' ? bilingual(text) : text[language];
}

/** A finding's message in the chosen language; the bilingual `message` when it could not be split. */
export function findingMessage(f: Pick<Finding, 'message' | 'text'>, language: Language = DEFAULT_LANGUAGE): string {
  return language === 'both' || !f.text ? f.message : f.text[language];
}

/**
 * Messages the hosts add to a finding (`{{detail}}`: the parser's message, the
 * rules named, the error), and the rule-level internal-error message. The
 * hosts print them as `vi — en: detail` (see `hostMessage`).
 */
export const HOST_MESSAGES = {
  parseError: { vi: 'Không phân tích được tệp, tệp chưa được kiểm tra', en: 'file does not parse and was not checked' },
  suppressionWithoutReason: { vi: 'Chỉ thị eslint-disable không ghi lý do', en: 'eslint-disable directive without a reason' },
  unusedSuppression: { vi: 'Chỉ thị eslint-disable không tắt phát hiện nào, hãy xóa', en: 'unused eslint-disable directive, remove it' },
  unknownRuleSuppression: { vi: 'Chỉ thị eslint-disable nêu quy tắc không tồn tại', en: 'eslint-disable directive names a rule that does not exist' },
  internalError: { vi: 'popdb-guard gặp lỗi nội bộ, tệp chưa được kiểm tra', en: 'internal error, the file was not checked' },
  notRead: { vi: 'popdb-guard không đọc tệp này, tệp chưa được kiểm tra', en: 'file not read, so it was not checked' },
  generated: {
    vi: 'Tệp sinh tự động hoặc đã thu gọn (một dòng {{length}} ký tự): chỉ kiểm tra {{rules}}',
    en: 'generated or minified file (a line of {{length}} characters): checked by {{ruleIds}} only',
  },
  ruleInternalError: {
    vi: 'popdb-guard gặp lỗi nội bộ khi chạy quy tắc {{rule}} trên tệp này ({{error}}); tệp chưa được kiểm tra đầy đủ theo quy tắc này',
    en: 'popdb-guard hit an internal error running {{rule}} on this file ({{error}}); the file was not fully checked by this rule',
  },
} as const satisfies Record<string, LocalizedText>;

/** The message id the plugin gives a rule's own internal error (`HOST_MESSAGES.ruleInternalError`). */
export const INTERNAL_ERROR_MESSAGE_ID = 'popdbInternalError';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression that matches a template filled in: each `{{name}}` is
 * captured the first time and must repeat the same text after (the Vietnamese
 * and English halves are filled from the same data).
 */
function templatePattern(template: string): RegExp {
  const seen = new Set<string>();
  let source = '';
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([\w$]+)\s*\}\}/g)) {
    source += escapeRegExp(template.slice(last, m.index));
    const name = m[1];
    const group = `p_${name.replace(/\$/g, '_')}`;
    source += seen.has(group) ? `\\k<${group}>` : `(?<${group}>[\\s\\S]*?)`;
    seen.add(group);
    last = m.index! + m[0].length;
  }
  source += escapeRegExp(template.slice(last));
  return new RegExp(`^${source}$`);
}

const patterns = new Map<string, RegExp>();

/**
 * Split a bilingual message back into its two languages, from the message's
 * templates: ESLint keeps only the filled-in `vi — en` text, not the data, so
 * the data is read back from it. Undefined when the message does not match
 * (a template changed, or an ESLint message of another shape).
 */
export function splitMessage(message: string, template: LocalizedText, combined: string = bilingual(template)): LocalizedText | undefined {
  let pattern = patterns.get(combined);
  if (!pattern) patterns.set(combined, (pattern = templatePattern(combined)));
  const m = pattern.exec(message);
  if (!m) return undefined;
  const data: Record<string, string> = {};
  for (const [group, value] of Object.entries(m.groups ?? {})) data[group.slice(2)] = value;
  const fill = (t: string) => interpolate(t.replace(/\{\{\s*([\w$]+)\s*\}\}/g, (_, n: string) => `{{${n.replace(/\$/g, '_')}}}`), data);
  return { vi: fill(template.vi), en: fill(template.en) };
}

/** A host message with its detail, as the hosts print it: `vi — en: detail`. */
export function hostMessage(text: LocalizedText, detail: string): string {
  return `${bilingual(text)}: ${detail}`;
}

function splitHostMessage(message: string, text: LocalizedText): LocalizedText | undefined {
  const prefix = `${bilingual(text)}: `;
  if (!message.startsWith(prefix)) return undefined;
  const detail = message.slice(prefix.length);
  return { vi: `${text.vi}: ${detail}`, en: `${text.en}: ${detail}` };
}

const HOST_MESSAGE_OF: Record<string, Record<string, LocalizedText>> = {
  [PARSE_ERROR_RULE_ID]: { '': HOST_MESSAGES.parseError },
  [INTERNAL_ERROR_RULE_ID]: { '': HOST_MESSAGES.internalError, notRead: HOST_MESSAGES.notRead },
  [SUPPRESSION_WITHOUT_REASON_RULE_ID]: { noReason: HOST_MESSAGES.suppressionWithoutReason },
  [UNUSED_SUPPRESSION_RULE_ID]: { unused: HOST_MESSAGES.unusedSuppression, unknownRule: HOST_MESSAGES.unknownRuleSuppression },
};

/** Host messages filled from data like a rule's: a rule's crash (plugin), a generated source's note (engine). */
const HOST_TEMPLATE_OF: Record<string, LocalizedText> = {
  [INTERNAL_ERROR_MESSAGE_ID]: HOST_MESSAGES.ruleInternalError,
  generated: HOST_MESSAGES.generated,
};

/** Fill in `text` (the message in each language) on findings whose message comes from a known template. */
export function localizeFindings(findings: readonly Finding[], rules: readonly RuleMeta[]): void {
  const byId = new Map(rules.map((r) => [`${RULE_PREFIX}${r.name}`, r]));
  for (const f of findings) {
    if (f.text) continue;
    const host = HOST_MESSAGE_OF[f.ruleId]?.[f.messageId ?? ''];
    if (host) {
      f.text = splitHostMessage(f.message, host);
      continue;
    }
    const template = f.messageId ? (HOST_TEMPLATE_OF[f.messageId] ?? byId.get(f.ruleId)?.messages[f.messageId]) : undefined;
    if (template) f.text = splitMessage(f.message, template);
  }
}
