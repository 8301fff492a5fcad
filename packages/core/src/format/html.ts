import { findingMessage, type Language } from '../language';
import { countFindings, relativeUri, type Finding, type Suppression } from '../findings';
import { LEGAL_REFERENCES, type LegalReferenceId } from '../legal';
import { likelySecretRanges, maskRanges, maskSecretsIn, secretBlockRanges, type MaskMode } from '../mask';
import { isSourceFile } from '../source';
import { pseudoRule } from '../pseudo-rules';
import { RULE_PREFIX, type LocalizedText } from '../rule';
import type { ConnectionInventoryEntry, InventoryPurpose, ScanReport, UnresolvedSiteEntry } from './report';
import { esc, say } from './html-parts';
import { approvalDiffDiagram, connectionDiagram, coverageBars, DIAGRAM_STYLE } from './html-diagram';

/**
 * The assessor's report: one self-contained HTML file (no script, no external
 * asset, a Content-Security-Policy that forbids loading anything), readable
 * offline and printable, for the review before connection approval
 * (Circular 46/2022/TT-BCA art. 6: checks before connecting and after any
 * change, including source-code security).
 *
 * Everything from the scanned code (excerpts, messages, paths, reasons) is
 * untrusted and escaped; the ranges credential rules flag are masked before
 * any excerpt is printed (SPEC §3: no output shows a detected secret).
 */

/** Rules whose flagged range is a secret: excerpts never show it. */
export const CREDENTIAL_RULE_IDS: readonly string[] = [`${RULE_PREFIX}no-hardcoded-credentials`, `${RULE_PREFIX}no-default-credentials`];

/** Lines shown above and below a finding. */
const CONTEXT_LINES = 2;
/** A long flagged range (a private key) shows its first lines only. */
const MAX_EXCERPT_LINES = 12;
/** Secrets up to this length show none of their characters (as `maskSecret`). */
const SHORT_SECRET = 8;

interface Segment {
  /** 0-based line index. */
  line: number;
  /** UTF-16 offsets in the line, end exclusive. */
  from: number;
  to: number;
}

/** The per-line pieces of a finding's range; without an end, the rest of the line (masking too much is safe). */
function rangeSegments(lines: readonly string[], f: Finding): Segment[] {
  const startLine = f.line - 1;
  const endLine = f.endLine !== undefined && f.endColumn !== undefined && f.endLine >= f.line ? f.endLine - 1 : startLine;
  const segments: Segment[] = [];
  for (let l = startLine; l <= endLine && l < lines.length; l++) {
    const text = lines[l] ?? '';
    const from = l === startLine ? Math.max(0, f.column - 1) : 0;
    const to = l === endLine && f.endLine !== undefined && f.endColumn !== undefined ? Math.min(text.length, f.endColumn - 1) : text.length;
    if (to > from) segments.push({ line: l, from, to });
  }
  return segments;
}

/** How the conservative pass reads a file: JS/TS is code, anything else (.env, YAML, JSON) config. */
function maskModeOf(file: string): MaskMode {
  return isSourceFile(file) ? 'code' : 'config';
}

/**
 * The source lines with every secret masked, for excerpts. Masking works on
 * the text, not only on the findings that survive to the report:
 *
 * 1. the ranges of credential findings (pass every finding, including those
 *    a baseline accepted and those suppressed in the code): at most the first
 *    2 and last 2 characters of each range stay (none for a range of 8
 *    characters or fewer); a character is shown only when every range that
 *    covers it keeps it, so overlapping ranges never reveal more;
 * 2. whole blocks: the body of a private key, a YAML block scalar under a
 *    credential-like key (hidden entirely);
 * 3. a conservative pass over each line (`likelySecretRanges`): literals
 *    assigned to credential-like names, URL userinfo, `Basic`/`Bearer`
 *    credentials, well-known token formats — a file that does not parse, or
 *    a rule turned off, still shows no secret;
 * 4. every other place where a secret found in 1 or 3 appears again.
 *
 * `shown(file)` limits steps 3 and 4 to the lines an excerpt prints (all
 * lines when absent), so a large file costs only what is shown.
 */
export function maskCredentialRanges(
  sources: Readonly<Record<string, readonly string[]>>,
  findings: readonly Finding[],
  shown?: (file: string) => ReadonlySet<number> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!CREDENTIAL_RULE_IDS.includes(f.ruleId)) continue;
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  }
  for (const [file, lines] of Object.entries(sources)) {
    const flagged = byFile.get(file) ?? [];
    const covered = new Map<number, Uint16Array>();
    const kept = new Map<number, Uint16Array>();
    const counter = (m: Map<number, Uint16Array>, line: number) => {
      let a = m.get(line);
      if (!a) m.set(line, (a = new Uint16Array((lines[line] ?? '').length)));
      return a;
    };
    const secrets: string[] = [];
    for (const f of flagged) {
      const segs = rangeSegments(lines, f);
      let total = 0;
      for (const s of segs) {
        const cov = counter(covered, s.line);
        for (let c = s.from; c < s.to; c++) cov[c]++;
        total += s.to - s.from;
      }
      if (total > SHORT_SECRET) {
        // the first 2 and the last 2 characters of the whole range
        const ends: [number, number][] = [];
        for (const s of segs) for (let c = s.from; c < s.to && ends.length < 2; c++) ends.push([s.line, c]);
        const tail: [number, number][] = [];
        for (let i = segs.length - 1; i >= 0 && tail.length < 2; i--) for (let c = segs[i].to - 1; c >= segs[i].from && tail.length < 2; c--) tail.push([segs[i].line, c]);
        for (const [l, c] of [...ends, ...tail]) counter(kept, l)[c]++;
      }
      if (segs.length === 1) {
        const text = lines[segs[0].line].slice(segs[0].from, segs[0].to);
        // The value without its quotes, to find the same secret elsewhere in the file.
        const bare = text.replace(/^[`'"]|[`'"]$/g, '');
        if (bare.length >= 4) secrets.push(bare);
      }
    }
    const blocks = secretBlockRanges(lines);
    const mode = maskModeOf(file);
    const show = shown?.(file);
    const lineOut: string[] = [];
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l];
      const cov = covered.get(l);
      const block = blocks.get(l);
      let masked = line;
      if (cov || block) {
        const keep = kept.get(l);
        const hides = (c: number) => (block !== undefined && c >= block.start && c < block.end) || (cov !== undefined && cov[c] > 0 && (keep?.[c] ?? 0) < cov[c]);
        // runs of shown and hidden characters, appended as slices (one string per run, not per character)
        const parts: string[] = [];
        for (let c = 0; c < line.length; ) {
          const hide = hides(c);
          let end = c + 1;
          while (end < line.length && hides(end) === hide) end++;
          parts.push(hide ? '*'.repeat(Math.min(Math.max(end - c, 3), 12)) : line.slice(c, end));
          c = end;
        }
        masked = parts.join('');
      }
      if (show && !show.has(l)) {
        lineOut.push(masked);
        continue;
      }
      const likely = likelySecretRanges(masked, mode);
      for (const r of likely) if (r.end - r.start >= 4) secrets.push(masked.slice(r.start, r.end));
      lineOut.push(maskRanges(masked, likely));
    }
    const unique = [...new Set(secrets)].filter((s) => !/^\**$/.test(s));
    out[file] = unique.length ? lineOut.map((line, l) => (show && !show.has(l) ? line : maskSecretsIn(line, unique))) : lineOut;
  }
  return out;
}

function severityLabel(severity: Finding['severity'], language?: Language): string {
  return severity === 'error' ? say(language, 'Lỗi', 'error') : say(language, 'Cảnh báo', 'warning');
}

function bilingualBlock(text: LocalizedText, language: Language = 'both'): string {
  return (['vi', 'en'] as const)
    .filter((l) => language === 'both' || language === l)
    .map((l) => `<p lang="${l}">${esc(text[l])}</p>`)
    .join('');
}

function legalBlock(ids: readonly LegalReferenceId[], language?: Language): string {
  if (!ids.length) return '';
  const items = ids
    .map((id) => LEGAL_REFERENCES[id])
    .filter(Boolean)
    .map((l) => `<li><strong>${esc(l.citation)}</strong><br><span lang="vi">${esc(l.vi)}</span><br><span lang="en">${esc(l.en)}</span></li>`)
    .join('');
  return `<div class="legal"><h4>${say(language, 'Căn cứ pháp lý', 'Legal basis')}</h4><ul>${items}</ul></div>`;
}

interface RuleInfo {
  description: LocalizedText;
  legal: readonly LegalReferenceId[];
  help?: LocalizedText;
}

function ruleInfo(report: ScanReport, ruleId: string): RuleInfo | undefined {
  const meta = report.rules.find((r) => `${RULE_PREFIX}${r.name}` === ruleId);
  if (meta) return { description: meta.description, legal: meta.legal };
  const pseudo = pseudoRule(ruleId);
  return pseudo && { description: pseudo.description, legal: pseudo.legal, help: pseudo.help };
}

/** The 1-based lines an excerpt shows: from, to, and the last flagged line. */
function excerptLines(lineCount: number, f: Finding): { from: number; to: number; last: number } {
  const last = Math.min(f.endLine !== undefined && f.endLine >= f.line ? f.endLine : f.line, f.line + MAX_EXCERPT_LINES - 1);
  return { from: Math.max(1, f.line - CONTEXT_LINES), to: Math.min(lineCount, last + CONTEXT_LINES), last };
}

/** Excerpt lines longer than this are cut (after masking): a minified bundle's one line is not an excerpt. */
const MAX_EXCERPT_LINE = 400;

function clip(line: string): string {
  return line.length > MAX_EXCERPT_LINE ? `${line.slice(0, MAX_EXCERPT_LINE)} … (${line.length - MAX_EXCERPT_LINE} more characters)` : line;
}

/** `lines` are already masked (`maskCredentialRanges`). */
function excerpt(lines: readonly string[] | undefined, f: Finding): string {
  if (!lines) return '<p class="muted">Không có mã nguồn · source not available</p>';
  const { from, to, last } = excerptLines(lines.length, f);
  const rows: string[] = [];
  for (let n = from; n <= to; n++) {
    const hit = n >= f.line && n <= last;
    rows.push(`<span class="ln${hit ? ' hit' : ''}"><span class="no">${n}</span>${esc(clip(lines[n - 1] ?? ''))}</span>`);
  }
  return `<pre class="code">${rows.join('')}</pre>`;
}

function where(report: ScanReport, f: { file: string; line: number; column: number }): string {
  return `${esc(relativeUri(report.root, f.file) || f.file)}:${f.line}:${f.column}`;
}

function findingArticle(report: ScanReport, sources: Record<string, string[]>, f: Finding, n: number): string {
  const info = ruleInfo(report, f.ruleId);
  return `<article class="finding ${f.severity}" id="f${n}">
<h3><span class="sev ${f.severity}">${severityLabel(f.severity, report.language)}</span> <code>${esc(f.ruleId)}</code> <span class="loc">${where(report, f)}</span></h3>
<p class="msg">${esc(findingMessage(f, report.language))}</p>
${excerpt(sources[f.file], f)}
${info ? `<div class="explain"><h4>${say(report.language, 'Giải thích', 'Explanation')}</h4>${bilingualBlock(info.description, report.language)}${info.help ? bilingualBlock(info.help, report.language) : ''}</div>${legalBlock(info.legal, report.language)}` : ''}
</article>`;
}

function summarySection(report: ScanReport): string {
  const c = countFindings(report.findings);
  const rows = Object.entries(c.byRule)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([rule, n]) => `<tr><td><code>${esc(rule)}</code></td><td class="num">${n.errors}</td><td class="num">${n.warnings}</td></tr>`)
    .join('');
  const suppressions = report.suppressions ?? [];
  const unexplained = suppressions.filter((s) => !s.justification).length;
  return `<section id="summary"><h2>${say(report.language, 'Tóm tắt', 'Summary')}</h2>
<dl class="facts">
<dt>Tệp đã quét · Files scanned</dt><dd>${report.filesScanned}</dd>
<dt>Phát hiện · Findings</dt><dd>${report.findings.length} (${c.errors} lỗi · errors, ${c.warnings} cảnh báo · warnings)</dd>
<dt>Bị tắt trong mã · Suppressed in code</dt><dd>${suppressions.length}${unexplained ? ` (${unexplained} không có lý do · without a reason)` : ''}</dd>
${report.baselineSuppressed ? `<dt>Chấp nhận theo baseline · Accepted by baseline</dt><dd>${report.baselineSuppressed} (không liệt kê · not listed)</dd>` : ''}
</dl>
${pictures(report)}
${rows ? `<table class="counts"><thead><tr><th>Quy tắc · Rule</th><th>Lỗi · Errors</th><th>Cảnh báo · Warnings</th></tr></thead><tbody>${rows}</tbody><tfoot><tr><th>Tổng · Total</th><td class="num">${c.errors}</td><td class="num">${c.warnings}</td></tr></tfoot></table>` : '<p class="ok">Không phát hiện vi phạm · No findings.</p>'}
</section>`;
}

/** The coverage bars and the connection diagram (html-diagram.ts), first thing in the summary: the picture before the tables. */
function pictures(report: ScanReport): string {
  return `${coverageBars(report)}${connectionDiagram(report)}`;
}

function suppressionsSection(report: ScanReport): string {
  const list: Suppression[] = report.suppressions ?? [];
  const body = list.length
    ? `<table><thead><tr><th>Vị trí · Location</th><th>Quy tắc · Rule</th><th>Phát hiện · Finding</th><th>Lý do · Reason</th></tr></thead><tbody>${list
        .map(
          (s) =>
            `<tr><td class="loc">${where(report, s.finding)}</td><td><code>${esc(s.finding.ruleId)}</code></td><td>${esc(findingMessage(s.finding, report.language))}</td><td>${
              s.justification ? esc(s.justification) : '<span class="missing">Không ghi lý do · no reason given</span>'
            }</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>Không có chỉ thị eslint-disable nào tắt quy tắc popdb · No eslint-disable directive suppresses a popdb finding.</p>';
  return `<section id="suppressions"><h2>${say(report.language, 'Các trường hợp tắt kiểm tra', 'Suppressions')} (${list.length})</h2>
<p class="muted">Mỗi chỉ thị <code>eslint-disable … popdb/…</code> trong mã, với lý do được ghi sau <code>--</code> · Every <code>eslint-disable</code> directive of a popdb rule in the code, with the reason written after <code>--</code>.</p>
${body}</section>`;
}

function notComputed(): string {
  return '<p class="not-computed">Chưa được tính trong lần quét này · Not computed by this scan.</p>';
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? '—' : value ? 'có · yes' : '<span class="missing">không · no</span>';
}

const REGISTRATION_LABEL: Record<string, string> = {
  registered: 'đã đăng ký · registered',
  unregistered: '<span class="missing">chưa đăng ký · unregistered</span>',
  insecure: '<span class="missing">http không bảo mật · insecure http</span>',
  unknown: 'không xác định · unknown',
};

function registrationCell(e: ConnectionInventoryEntry): string {
  if (e.registration) return REGISTRATION_LABEL[e.registration] ?? esc(e.registration);
  return yesNo(e.registered);
}

function auditCell(e: ConnectionInventoryEntry): string {
  if (e.audited === undefined) return e.auditedBy ? `— <span class="muted">${esc(e.auditedBy)}</span>` : '—';
  return `${yesNo(e.audited)}${e.auditedBy ? ` <span class="muted">${esc(e.auditedBy)}</span>` : ''}`;
}

const PURPOSE_LABEL: Record<InventoryPurpose['source'], string> = {
  fixed: '',
  case: 'từ hồ sơ đang xử lý · from the case being processed',
  request: '<span class="missing">từ yêu cầu, chưa kiểm tra · from the request, unchecked</span>',
  caller: 'do nơi gọi truyền · given by each caller',
  config: 'từ cấu hình triển khai · from deployment configuration',
  none: '<span class="missing">không gửi · none</span>',
  unknown: 'không xác định · not resolved',
};

function purposeCell(e: ConnectionInventoryEntry): string {
  const p = e.purpose;
  if (!p) return '—';
  const field = p.field ? `<code>${esc(p.field)}</code> ` : '';
  if (p.source !== 'fixed') return `${field}${PURPOSE_LABEL[p.source]}`;
  const values = (p.values ?? []).map((v) => `<code>${esc(v)}</code>`).join(' | ');
  return `${field}= ${values} ${p.registered ? '(đã đăng ký · registered)' : '<span class="missing">(chưa đăng ký · not registered)</span>'}`;
}

function siteCell(report: ScanReport, e: ConnectionInventoryEntry): string {
  const chain = e.chain && e.chain.length > 1 ? `<br><span class="muted">${e.chain.map((s) => `${esc(s.name)} (${esc(relativeUri(report.root, s.file))}:${s.line})`).join(' → ')}</span>` : '';
  return `${e.function ? `<code>${esc(e.function)}</code> ` : ''}${e.callee ? `<code>${esc(e.callee)}</code>` : ''}${chain}`;
}

function loopAndReachCell(report: ScanReport, e: ConnectionInventoryEntry): string {
  const parts: string[] = [];
  if (e.loop && e.loop.state !== 'none') parts.push(`${e.loop.state === 'unbounded' ? '<span class="missing">vòng lặp không giới hạn · unbounded loop</span>' : 'vòng lặp có giới hạn · bounded loop'}: ${esc(e.loop.detail ?? '')}`);
  for (const r of e.reaches ?? []) parts.push(`→ ${esc(r.kind)} <code>${esc(r.sink)}</code> (${esc(relativeUri(report.root, r.file))}:${r.line})`);
  return parts.length ? parts.join('<br>') : '—';
}

function inventoryTable(report: ScanReport, entries: readonly ConnectionInventoryEntry[]): string {
  if (!entries.length) return '<p>Không có · None.</p>';
  return `<table><thead><tr><th>Vị trí · Location</th><th>Loại · Kind</th><th>Hàm, lời gọi · Function, callee</th><th>Điểm cuối · Endpoint</th><th>Đăng ký · Registered</th><th>Có ghi nhật ký · Audited</th><th>Mục đích · Purpose</th><th>Vòng lặp, dữ liệu đến · Loop, data reaches</th></tr></thead><tbody>${entries
    .map(
      (e) =>
        `<tr><td class="loc">${where(report, e)}</td><td>${esc(e.kind)}${e.entryPoint ? ' <span class="muted">(điểm vào · entry point)</span>' : ''}</td><td>${siteCell(report, e) || '—'}</td><td>${
          e.endpoint ? `<code>${esc(e.endpoint)}</code>` : '—'
        }</td><td>${registrationCell(e)}</td><td>${auditCell(e)}</td><td>${purposeCell(e)}</td><td>${loopAndReachCell(report, e)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Where the query model gave up: the assessor checks these by hand. */
function unresolvedTable(report: ScanReport, sites: readonly UnresolvedSiteEntry[]): string {
  if (!sites.length) return '';
  return `<h3>${say(report.language, 'Không xác định được, chưa kiểm tra', 'Not resolved, so not checked')} (${sites.length})</h3><table><thead><tr><th>Vị trí · Location</th><th>Loại · Kind</th><th>Hàm, lời gọi · Function, callee</th><th>Lý do · Reason</th></tr></thead><tbody>${sites
    .map((u) => `<tr><td class="loc">${where(report, u)}</td><td>${esc(u.kind)}</td><td>${u.function ? `<code>${esc(u.function)}</code> ` : ''}<code>${esc(u.callee)}</code></td><td>${esc(u.reason)}</td></tr>`)
    .join('')}</tbody></table>`;
}

function inventorySection(report: ScanReport): string {
  const inv = report.inventory;
  let body = notComputed();
  if (inv) {
    const t = inv.totals;
    const judged = inv.entries.filter((e) => e.audited !== undefined);
    const coverage = t ? t.auditCoverage : { audited: judged.filter((e) => e.audited).length, total: judged.length };
    const totals = t
      ? `<ul>
<li>Truy vấn trực tiếp · direct query sites: ${t.direct}; điểm vào qua hàm bao · wrapper entry points: ${t.wrapperEntries}; lời gọi hàm bao trung gian (không liệt kê) · intermediate wrapper calls (not listed): ${t.intermediateWrapperCalls}</li>
<li>Điểm cuối đang dùng · endpoints used: ${t.endpointsUsed.length ? t.endpointsUsed.map((u) => `<code>${esc(u.endpoint)}</code> (${REGISTRATION_LABEL[u.registration] ?? esc(u.registration)})`).join(', ') : 'không có · none'}</li>
<li>Điểm cuối đã đăng ký · registered endpoints: ${t.registeredEndpoints.length}; không nơi nào dùng · no query site resolves under: ${
      t.unusedRegisteredEndpoints.length ? t.unusedRegisteredEndpoints.map((u) => `<code>${esc(u)}</code>`).join(', ') : 'không có · none'
    }${t.unusedRegisteredEndpoints.length && t.unresolvedEndpointSites ? ` (${t.unresolvedEndpointSites} nơi chỉ biết điểm cuối khi chạy · site(s) with an endpoint known only at run time may use them)` : ''}</li>
</ul>`
      : '';
    body = `<p>${inv.entries.length} nơi truy vấn CSDLQG về dân cư · population-DB query site(s)${
      coverage.total ? `; ghi nhật ký · audited: ${coverage.audited}/${coverage.total}` : ''
    }.</p>${totals}${inventoryTable(report, inv.entries)}${unresolvedTable(report, inv.unresolved ?? [])}`;
  }
  return `<section id="inventory"><h2>${say(report.language, 'Danh mục kết nối', 'Connection inventory')}</h2>${body}</section>`;
}

function approvalDiffSection(report: ScanReport): string {
  const d = report.approvalDiff;
  let body = notComputed();
  if (d) {
    const changed = d.changed ?? [];
    const functions = d.changedFunctions ?? [];
    const endpoints = d.newEndpoints ?? [];
    const refs = [LEGAL_REFERENCES.cv5722, LEGAL_REFERENCES.tt46art6].map((r) => `<li>${esc(r.citation)}: <span lang="vi">${esc(r.vi)}</span> · <span lang="en">${esc(r.en)}</span></li>`).join('');
    const verdict =
      d.requiresReassessment === undefined
        ? ''
        : d.requiresReassessment
          ? '<p class="missing">Mã nguồn kết nối đã thay đổi: phải báo cáo và đánh giá lại · The connection code changed: report it and have the system re-assessed.</p>'
          : '<p class="ok">Không có thay đổi cần đánh giá lại · No change that requires a new assessment.</p>';
    body = `<p>So với · Compared with: <code>${esc(d.since)}</code>${d.approvedAt ? ` (${esc(d.approvedAt)})` : ''}</p>${verdict}<ul>${refs}</ul>${approvalDiffDiagram(report, d)}
<h3>${say(report.language, 'Thêm mới', 'Added')} (${d.added.length})</h3>${inventoryTable(report, d.added)}
<h3>${say(report.language, 'Đã bỏ', 'Removed')} (${d.removed.length})</h3>${inventoryTable(report, d.removed)}
<h3>${say(report.language, 'Thay đổi ghi nhật ký', 'Changed')} (${changed.length})</h3>${changed.length ? inventoryTable(report, changed.flatMap((c) => [c.before, c.after])) : '<p>Không có · None.</p>'}
<h3>${say(report.language, 'Điểm cuối mới', 'New endpoints')} (${endpoints.length})</h3>${endpoints.length ? `<ul>${endpoints.map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul>` : '<p>Không có · None.</p>'}
<h3>${say(report.language, 'Hàm truy vấn đã sửa', 'Query functions changed')} (${functions.length})</h3>${
      functions.length ? `<ul>${functions.map((f) => `<li>${esc(f.change)}: <code>${esc(f.key)}</code></li>`).join('')}</ul>` : '<p>Không có · None.</p>'
    }${d.auditCoverage ? `<p>Ghi nhật ký · Audit coverage: ${d.auditCoverage.before.audited}/${d.auditCoverage.before.total} → ${d.auditCoverage.after.audited}/${d.auditCoverage.after.total}</p>` : ''}`;
  }
  return `<section id="approval-diff"><h2>${say(report.language, 'Thay đổi kể từ lần phê duyệt trước', 'Changes since the last approval')}</h2>${body}</section>`;
}

function rulesSection(report: ScanReport): string {
  const items = report.rules
    .map((r) => `<li><code>${esc(RULE_PREFIX + r.name)}</code>: ${report.language === 'vi' || report.language === 'en' ? `<span lang="${report.language}">${esc(r.description[report.language])}</span>` : `<span lang="vi">${esc(r.description.vi)}</span> · <span lang="en">${esc(r.description.en)}</span>`}</li>`)
    .join('');
  return `<section id="rules"><h2>${say(report.language, 'Các quy tắc đã kiểm tra', 'Rules checked')} (${report.rules.length})</h2>${items ? `<ul>${items}</ul>` : '<p>Không có · None.</p>'}</section>`;
}

const STYLE = `
:root{--err:#b00020;--warn:#8a5a00;--muted:#5f6368;--line:#d0d7de;--hit:#fff3cd}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;margin:0 auto;max-width:70rem;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem}h4{margin:.6rem 0 .2rem;font-size:.95rem}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.85rem}
pre.code{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;padding:.5rem 0;overflow-x:auto;white-space:pre}
pre.code .ln{display:block;padding:0 .6rem}pre.code .ln.hit{background:var(--hit)}
pre.code .no{display:inline-block;min-width:3.5em;color:var(--muted);user-select:none;text-align:right;margin-right:1em}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td{overflow-wrap:anywhere}td.num{text-align:right}.loc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}.facts dt{font-weight:600}.facts dd{margin:0}
.finding{border:1px solid var(--line);border-left:6px solid var(--warn);border-radius:4px;padding:.2rem 1rem .6rem;margin:1rem 0}
.finding.error{border-left-color:var(--err)}
.sev{font-size:.8rem;padding:.1rem .4rem;border-radius:3px;color:#fff;background:var(--warn)}.sev.error{background:var(--err)}
.msg{font-weight:500}.muted{color:var(--muted)}.missing{color:var(--err);font-weight:600}.ok{color:#1a7f37;font-weight:600}
.not-computed{color:var(--muted);font-style:italic}
.legal ul{margin:.2rem 0;padding-left:1.2rem}
nav ul{columns:2;padding-left:1.2rem}
p[lang=en],span[lang=en]{color:#3d4450}
@media print{
  body{max-width:none;padding:0;font-size:10.5pt}
  nav{display:none}
  a{color:inherit;text-decoration:none}
  .finding,tr,pre.code{break-inside:avoid}
  h2{break-after:avoid}
  pre.code{white-space:pre-wrap;word-break:break-all}
  .sev{color:#000;background:none;border:1px solid #000}
  pre.code .ln.hit{background:none;font-weight:700}
  @page{margin:15mm}
}`;

/** The assessor's HTML report; see the module comment. */
export function formatHtml(report: ScanReport): string {
  const suppressed = (report.suppressions ?? []).map((s) => s.finding);
  const shown = new Map<string, Set<number>>();
  for (const f of report.findings) {
    const lines = report.sources?.[f.file];
    if (!lines) continue;
    const set = shown.get(f.file) ?? new Set<number>();
    const { from, to } = excerptLines(lines.length, f);
    for (let n = from; n <= to; n++) set.add(n - 1);
    shown.set(f.file, set);
  }
  // every secret range: listed findings, suppressed ones, and those a baseline accepted (not listed, still in the text)
  const sources = maskCredentialRanges(report.sources ?? {}, [...report.findings, ...suppressed, ...(report.baselineAccepted ?? [])], (file) => shown.get(file) ?? new Set());
  const system = report.policy.system;
  const purposes = system.purposes.length ? system.purposes.map((p) => `<code>${esc(p)}</code>`).join(', ') : '<span class="missing">chưa khai báo · none declared</span>';
  const findings = report.findings.map((f, i) => findingArticle(report, sources, f, i + 1)).join('\n');
  return `<!DOCTYPE html>
<html lang="${report.language === 'en' ? 'en' : 'vi'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="popdb-guard ${esc(report.tool.version)}">
<title>popdb-guard · ${esc(system.name ?? 'Báo cáo kiểm tra mã nguồn')}</title>
<style>${STYLE}${DIAGRAM_STYLE}</style>
</head>
<body>
<header>
<p class="muted">${say(report.language, 'Báo cáo kiểm tra mã nguồn kết nối CSDLQG về dân cư', 'Source-code review report for a National Population Database connection')}</p>
<h1>${system.name ? esc(system.name) : `<span class="missing">${say(report.language, 'Chưa khai báo tên hệ thống', 'System name not declared')}</span>`}</h1>
<dl class="facts">
<dt>Mục đích đã đăng ký · Registered purposes</dt><dd>${purposes}</dd>
<dt>Tệp chính sách · Policy file</dt><dd>${report.policy.file ? `<code>${esc(relativeUri(report.root, report.policy.file))}</code>` : 'không có, dùng mặc định · none, built-in defaults'}</dd>
<dt>Thư mục quét · Scan root</dt><dd><code>${esc(report.root)}</code></dd>
${report.generatedAt ? `<dt>Thời điểm · Generated</dt><dd>${esc(report.generatedAt)}</dd>` : ''}
<dt>Công cụ · Tool</dt><dd>popdb-guard ${esc(report.tool.version)}</dd>
</dl>
</header>
<nav><h2>${say(report.language, 'Mục lục', 'Contents')}</h2><ul>
<li><a href="#summary">${say(report.language, 'Tóm tắt', 'Summary')}</a></li>
<li><a href="#findings">${say(report.language, 'Phát hiện', 'Findings')}</a></li>
<li><a href="#suppressions">${say(report.language, 'Tắt kiểm tra', 'Suppressions')}</a></li>
<li><a href="#inventory">${say(report.language, 'Danh mục kết nối', 'Connection inventory')}</a></li>
<li><a href="#approval-diff">${say(report.language, 'Thay đổi từ lần phê duyệt', 'Approval diff')}</a></li>
<li><a href="#rules">${say(report.language, 'Quy tắc', 'Rules')}</a></li>
</ul></nav>
<main>
${summarySection(report)}
<section id="findings"><h2>${say(report.language, 'Phát hiện', 'Findings')} (${report.findings.length})</h2>
${findings || '<p class="ok">Không phát hiện vi phạm · No findings.</p>'}
</section>
${suppressionsSection(report)}
${inventorySection(report)}
${approvalDiffSection(report)}
${rulesSection(report)}
</main>
</body>
</html>
`;
}
