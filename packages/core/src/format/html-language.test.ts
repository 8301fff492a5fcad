import { formatHtml, policyFor } from '@popdb-guard/core';
import type { ConnectionInventoryEntry, Finding, Language, ScanReport } from '@popdb-guard/core';
import * as os from 'node:os';
import * as path from 'node:path';

// The HTML report's headings (h1–h4, the table of contents, the drawings' titles) follow --lang
// as the messages do: vi, en, or both as "Tiếng Việt · English".

const root = path.join(os.tmpdir(), 'popdb-html-language');
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
const ENGLISH = /\b(Summary|Findings|Suppressions|Connection|Changes|Rules|Added|Removed|Explanation|Legal|Contents|Coverage|error)\b/;

function report(language: Language | undefined): ScanReport {
  const r = policyFor(path.join(root, 'nowhere'));
  if (!r.ok) throw new Error('defaults must load');
  const file = path.join(root, 'src/a.ts');
  const finding: Finding = { ruleId: 'popdb/require-audit-log', severity: 'error', message: 'm', file, line: 1, column: 1 };
  const site: ConnectionInventoryEntry = { file, line: 1, column: 1, kind: 'request', callee: 'axios.post', endpoint: 'https://lgsp.example.gov.vn/x', registration: 'registered', audited: false, entryPoint: true };
  return {
    tool: { name: 'popdb-guard', version: '0.1.0' },
    root,
    policy: r.policy,
    filesScanned: 1,
    findings: [finding],
    suppressions: [{ kind: 'inSource', justification: 'r', finding: { ...finding, line: 2 } }],
    rules: [{ name: 'require-audit-log', type: 'problem', description: { vi: 'Ghi nhật ký', en: 'Audit' }, messages: {}, legal: ['tt46art6'], defaultSeverity: 'error', recommended: true, languages: ['source'] }],
    sources: { [file]: ['axios.post(url)', '// x'] },
    inventory: { entries: [site], unresolved: [{ file, line: 2, column: 1, kind: 'request', callee: 'axios.get', reason: 'r' }] },
    approvalDiff: { since: 'approved.json', added: [site], removed: [] },
    language,
  };
}

/** The text of every heading and table-of-contents link, tags stripped. */
function headings(html: string): string[] {
  return [...html.matchAll(/<(h[1-4]|a)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2].replace(/<[^>]+>/g, '').trim());
}

describe('HTML report headings and --lang', () => {
  it('are Vietnamese only with vi', () => {
    const list = headings(formatHtml(report('vi')));
    expect(list.length).toBeGreaterThan(20);
    for (const h of list) expect(h, h).not.toMatch(ENGLISH);
    expect(list).toContain('Tóm tắt');
    expect(list).toContain('Thêm mới (1)');
  });

  it('are English only with en', () => {
    const list = headings(formatHtml(report('en')));
    for (const h of list) expect(h, h).not.toMatch(VIETNAMESE);
    expect(list).toContain('Summary');
    expect(list).toContain('Legal basis');
    expect(list).toContain('Not resolved, so not checked (1)');
  });

  it('are both, Vietnamese first, by default', () => {
    const list = headings(formatHtml(report(undefined)));
    expect(list).toContain('Tóm tắt · Summary');
    expect(list).toContain('Căn cứ pháp lý · Legal basis');
    expect(list).toContain('Sơ đồ kết nối · Connection diagram');
    expect(formatHtml(report('both'))).toBe(formatHtml(report(undefined)));
  });
});
