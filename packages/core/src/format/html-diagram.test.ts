import { formatHtml, policyFor } from '@popdb-guard/core';
import type { ConnectionInventoryEntry, Finding, Policy, RuleMeta, ScanReport } from '@popdb-guard/core';
import * as os from 'node:os';
import * as path from 'node:path';

// The HTML report's drawings (html-diagram.ts): the connection diagram, the
// coverage bars and the approval diff. The browser test renders them in
// Chromium; these check what is drawn from which data.

const root = path.join(os.tmpdir(), 'popdb-diagram-unit');
const file = (rel: string) => path.join(root, rel);

function policy(): Policy {
  const r = policyFor(path.join(root, 'nowhere'));
  if (!r.ok) throw new Error('defaults must load');
  r.policy.system = { name: 'Cổng dịch vụ công tỉnh', purposes: [] };
  return r.policy;
}

const meta = (name: string): RuleMeta => ({ name, type: 'problem', description: { vi: name, en: name }, messages: {}, legal: [], defaultSeverity: 'error', recommended: true, languages: ['source'] });

const registered: ConnectionInventoryEntry = {
  file: file('src/dancu.ts'),
  line: 12,
  column: 5,
  kind: 'request',
  callee: 'axios.post',
  function: 'traCuu',
  endpoint: 'https://lgsp.example.gov.vn/dancu/v1/CungCapThongTinCongDan',
  registration: 'registered',
  audited: true,
  entryPoint: true,
  loop: { state: 'none' },
};
const insecure: ConnectionInventoryEntry = {
  ...registered,
  file: file('src/jobs/dong-bo.ts'),
  line: 7,
  function: 'dongBo',
  callee: 'axios.get',
  endpoint: 'http://10.0.0.5/dancu/congdan/…',
  registration: 'unregistered',
  audited: false,
  loop: { state: 'unbounded', detail: 'for…of loop at line 6' },
};
const toZalo: ConnectionInventoryEntry = { ...registered, line: 30, function: 'traCuuVaBao', reaches: [{ kind: 'messaging', sink: 'openapi.zalo.me', file: file('src/dancu.ts'), line: 33 }, { kind: 'log', sink: 'logger.info', file: file('src/dancu.ts'), line: 32 }] };
const viaClient: ConnectionInventoryEntry = { ...registered, line: 50, kind: 'clientCall', callee: 'dancuClient.xacMinh', function: 'xacMinh', endpoint: undefined, registration: 'unknown' };

function report(entries: ConnectionInventoryEntry[], overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    tool: { name: 'popdb-guard', version: '0.1.0' },
    root,
    policy: policy(),
    filesScanned: 2,
    findings: [],
    rules: [],
    inventory: {
      entries,
      totals: {
        direct: entries.length,
        wrapperEntries: 0,
        intermediateWrapperCalls: 0,
        auditCoverage: { audited: entries.filter((e) => e.audited).length, total: entries.filter((e) => e.audited !== undefined).length },
        endpointsUsed: [],
        registeredEndpoints: ['https://lgsp.example.gov.vn/dancu/v1/', 'https://ndxp.example.gov.vn/'],
        unusedRegisteredEndpoints: ['https://ndxp.example.gov.vn/'],
        unresolvedEndpointSites: 0,
      },
    },
    ...overrides,
  };
}

/** The markup of one drawing, by its id. */
function svg(html: string, id: string): string {
  const start = html.indexOf(`<svg class="diagram" id="${id}"`) >= 0 ? html.indexOf(`<svg class="diagram" id="${id}"`) : html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</svg>', start));
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('connection diagram', () => {
  it('draws the system, one group per module, every endpoint with its registration and transport, and the population DB', () => {
    const d = svg(formatHtml(report([registered, insecure, toZalo, viaClient])), 'connection-diagram');
    expect(d).toContain('role="img" aria-labelledby="connection-diagram-title connection-diagram-desc"');
    expect(d).toContain('<title id="connection-diagram-title">Sơ đồ kết nối · Connection diagram: Cổng dịch vụ công tỉnh</title>');
    expect(count(d, /<g class="module">/g)).toBe(2);
    expect(count(d, /<g class="site /g)).toBe(4);
    // the two sites of src/dancu.ts reach one endpoint node; the client call has its own node; the unused registered gateway is drawn greyed
    expect(count(d, /<g class="endpoint /g)).toBe(4);
    expect(d).toContain('<g class="endpoint e-ok unused">');
    expect(d).toContain('<g class="endpoint e-unknown client">');
    expect(d).toContain('đã đăng ký · registered · TLS');
    expect(d).toContain('chưa đăng ký · unregistered · http');
    expect(d).toContain('CSDLQG');
    expect(d).toContain('National');
    // the unaudited, unbounded site says so on its row (not by colour alone)
    expect(d).toContain('chưa ghi nhật ký · not audited');
    expect(d).toContain('lặp vô hạn · unbounded');
  });

  it('draws a red arrow to each third-party messaging sink the data reaches, and none to a log', () => {
    const d = svg(formatHtml(report([registered, toZalo])), 'connection-diagram');
    expect(count(d, /<g class="sink">/g)).toBe(1);
    expect(d).toContain('openapi.zalo.me');
    expect(d).not.toContain('logger.info');
    expect(count(d, /class="e-sink"[^>]*marker-end="url\(#connection-diagram-a-sink\)"/g)).toBe(1);
  });

  it('escapes what comes from the scanned code inside the SVG', () => {
    const evil = { ...registered, function: '<script>alert(1)</script>', endpoint: 'https://x.example/"><foreignObject>' };
    const html = formatHtml(report([evil]));
    expect(html).not.toMatch(/<script|<foreignObject/i);
    expect(svg(html, 'connection-diagram')).toContain('&lt;script&gt;');
  });

  it('draws at most 40 sites and says how many more the table lists', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ ...registered, line: i + 1 }));
    const d = svg(formatHtml(report(many)), 'connection-diagram');
    expect(count(d, /<g class="site /g)).toBe(40);
    expect(d).toContain('… và 5 nơi truy vấn khác, xem bảng bên dưới · … and 5 more query site(s), listed in the table below');
  });

  it('cuts long labels to their box, keeping the whole text in the title', () => {
    const long = { ...registered, endpoint: `https://lgsp.example.gov.vn/dancu/v1/${'RatDaiRatDai'.repeat(8)}/KetThuc` };
    const d = svg(formatHtml(report([long])), 'connection-diagram');
    expect(d).toContain(`<title>${long.endpoint} [`);
    expect(d).toMatch(/<text[^>]*class="ep-t">https:\/\/lgsp\.example\.gov[^<]*…[^<]*KetThuc<\/text>/);
  });

  it('follows the report language in what it shows (tooltips stay bilingual)', () => {
    const shown = (lang: 'vi' | 'en') => [...svg(formatHtml(report([insecure], { language: lang })), 'connection-diagram').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('\n');
    const vi = shown('vi');
    expect(vi).toContain('chưa đăng ký · http');
    expect(vi).toContain('chưa ghi nhật ký');
    expect(vi).not.toMatch(/unregistered|not audited|Endpoints/);
    const en = shown('en');
    expect(en).toContain('unregistered · http');
    expect(en).toContain('not audited');
    expect(en).not.toMatch(/chưa đăng ký|chưa ghi|Điểm cuối/);
  });

  it('is absent when the inventory has no site', () => {
    expect(formatHtml(report([]))).not.toContain('id="connection-diagram"');
  });
});

describe('coverage bars', () => {
  it('shows audited, bounded and registered shares with their counts', () => {
    const bars = svg(formatHtml(report([registered, insecure, toZalo, viaClient])), 'coverage-bars');
    expect(bars).toContain('Ghi nhật ký · Audited: 3/4 (75%)');
    expect(bars).toContain('Có giới hạn · Bounded: 3/4 (75%)');
    expect(bars).toContain('Điểm cuối đã đăng ký · Registered endpoint: 2/4 (50%)');
    // a full bar is as wide as its track, a 75% one three quarters of it
    expect(bars).toMatch(/<rect class="fill" x="310" y="\d+" width="240\.0"/);
  });

  it('says purpose and authentication are not computed when their rules did not run', () => {
    const html = formatHtml(report([registered]));
    expect(svg(html, 'coverage-bars')).toContain('Gắn mục đích · Purpose-bound: chưa tính · not computed (quy tắc popdb/require-registered-purpose không chạy trong lần quét này');
    expect(html).toContain('the rule popdb/require-access-control did not run in this scan');
  });

  it('counts a site as not purpose-bound when a purpose finding lies on it or its chain, suppressed or accepted ones included', () => {
    const wrapper: ConnectionInventoryEntry = { ...registered, file: file('src/route.ts'), line: 4, kind: 'wrapper', callee: 'traCuu', chain: [{ name: 'traCuu', file: file('src/route.ts'), line: 4 }, { name: 'axios.post', file: registered.file, line: 12 }] };
    const other = { ...registered, line: 80 };
    const purpose: Finding = { ruleId: 'popdb/require-registered-purpose', severity: 'error', message: 'no purpose', file: registered.file, line: 12, column: 5 };
    const rules = [meta('require-registered-purpose'), meta('require-access-control')];
    const route: Finding = { ruleId: 'popdb/require-access-control', severity: 'error', message: 'no auth', file: file('src/route.ts'), line: 3, column: 1, endLine: 6, endColumn: 2 };
    const noRole: Finding = { ...route, severity: 'warning', file: other.file, line: 80, endLine: 80 };
    const bars = svg(formatHtml(report([registered, wrapper, other], { rules, findings: [route, noRole], baselineAccepted: [purpose] })), 'coverage-bars');
    expect(bars).toContain('Gắn mục đích · Purpose-bound: 1/3 (33%)');
    // only the route's error counts against authentication (a missing role check is a warning); the wrapper's route holds it
    expect(bars).toContain('Sau xác thực · Behind authentication: 2/3 (67%)');
  });

  it('treats a rule the policy turns off as not run', () => {
    const p = policy();
    p.rules = { 'popdb/require-registered-purpose': 'off' };
    const bars = svg(formatHtml(report([registered], { rules: [meta('require-registered-purpose')], policy: p })), 'coverage-bars');
    expect(bars).toContain('Purpose-bound: chưa tính · not computed');
  });
});

describe('approval diff drawing', () => {
  it('marks added, removed and changed sites, new endpoints and endpoints only removed sites used', () => {
    const removed: ConnectionInventoryEntry = { ...registered, file: file('src/old.ts'), line: 3, function: 'cu', endpoint: 'https://lgsp.example.gov.vn/dancu/v1/TraCuuCu' };
    const changedBefore = { ...registered, audited: true };
    const changedAfter = { ...registered, audited: false };
    const r = report([changedAfter, insecure]);
    r.approvalDiff = { since: 'approved.json', added: [insecure], removed: [removed], changed: [{ before: changedBefore, after: changedAfter }], newEndpoints: [insecure.endpoint!] };
    const d = svg(formatHtml(r), 'approval-diagram');
    expect(d).toContain('(thêm 1, bỏ 1, đổi 1 · added 1, removed 1, changed 1)');
    expect(count(d, /<g class="site [^"]* m-added"/g)).toBe(1);
    expect(count(d, /<g class="site [^"]* m-removed"/g)).toBe(1);
    expect(count(d, /<g class="site [^"]* m-changed"/g)).toBe(1);
    expect(d).toMatch(/<g class="endpoint e-bad m-new">/);
    expect(d).toMatch(/<g class="endpoint e-ok m-gone">/);
    // a removed site's arrow is grey and dotted, never a live connection
    expect(d).toContain('class="e-removed"');
  });
});
