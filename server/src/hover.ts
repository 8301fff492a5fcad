import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import {
  LEGAL_REFERENCES,
  PARSE_ERROR_RULE_ID,
  RULE_PREFIX,
  bilingual,
  interpolate,
  findingDocsUrl,
  type Finding,
  type LocalizedText,
  type RuleMeta,
} from '@popdb-guard/core';
import { findingRange } from './diagnostics';

export type Locale = 'vi' | 'en';

/** VS Code sends its display language (`vi`, `en-US`, …) as `initializeParams.locale`. */
export function localeOf(clientLocale: string | undefined): Locale {
  return clientLocale?.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

const LABELS: Record<Locale, { wrong: string; why: string; legal: string; docs: string; parse: string }> = {
  vi: { wrong: 'Vấn đề', why: 'Vì sao quan trọng', legal: 'Căn cứ pháp lý', docs: 'Tài liệu quy tắc', parse: 'Tệp không phân tích được nên chưa được kiểm tra. Sửa lỗi cú pháp để popdb-guard kiểm tra tệp này.' },
  en: { wrong: 'What is wrong', why: 'Why it matters', legal: 'Legal basis', docs: 'Rule documentation', parse: 'The file does not parse, so it was not checked. Fix the syntax error so that popdb-guard can check it.' },
};

function contains(range: Range, pos: Position): boolean {
  const after = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const before = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return after && before;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A finding's message is the bilingual text `vi — en` with placeholders
 * filled in. To show one language, match it against the rule's templates and
 * recover the placeholder values; if that fails, show the message as is.
 */
export function localizedMessage(finding: Finding, meta: RuleMeta | undefined, locale: Locale): string {
  const template = meta && finding.messageId ? (meta.messages as Record<string, LocalizedText>)[finding.messageId] : undefined;
  if (!template) return finding.message;
  const names: string[] = [];
  const toPattern = (t: string) =>
    t
      .split(/(\{\{\s*[\w$]+\s*\}\})/)
      .map((part) => {
        const m = /^\{\{\s*([\w$]+)\s*\}\}$/.exec(part);
        if (!m) return escapeRegExp(part);
        names.push(m[1]);
        return '([\\s\\S]*?)';
      })
      .join('');
  const pattern = new RegExp(`^${toPattern(bilingual(template))}$`);
  const match = pattern.exec(finding.message);
  if (!match) return finding.message;
  const data: Record<string, string> = {};
  names.forEach((n, i) => {
    data[n] ??= match[i + 1];
  });
  return interpolate(template[locale], data);
}

export function hoverFor(findings: readonly Finding[], pos: Position, metas: ReadonlyMap<string, RuleMeta>, locale: Locale): Hover | null {
  const here = findings.filter((f) => contains(findingRange(f), pos));
  if (here.length === 0) return null;
  const l = LABELS[locale];
  const sections = here.map((f) => {
    if (f.ruleId === PARSE_ERROR_RULE_ID) return `**${f.ruleId}**\n\n${l.parse}\n\n${f.message}\n\n[${l.docs}: ${f.ruleId}](${findingDocsUrl(f.ruleId)})`;
    const name = f.ruleId.slice(RULE_PREFIX.length);
    const meta = metas.get(name);
    const lines = [`**${f.ruleId}** (${f.severity})`, '', `**${l.wrong}:** ${localizedMessage(f, meta, locale)}`];
    if (meta) {
      lines.push('', `**${l.why}:** ${meta.description[locale]}`);
      const refs = meta.legal.map((id) => LEGAL_REFERENCES[id]).filter(Boolean);
      if (refs.length) lines.push('', `**${l.legal}:**`, ...refs.map((r) => `- ${r[locale]}`));
    }
    // a pseudo-rule (suppressions, internal errors) links its page under docs/, a rule its README
    lines.push('', `[${l.docs}: ${f.ruleId}](${findingDocsUrl(f.ruleId)})`);
    return lines.join('\n');
  });
  const first = findingRange(here[0]);
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: first };
}
