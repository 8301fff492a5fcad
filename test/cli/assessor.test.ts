import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, copyFixture, runCli } from './run-cli';

/**
 * The security assessor's workflow: `popdb-guard inventory` (every place the
 * code queries the population DB), `approve` (record the connection surface)
 * and, after later changes, `diff` — which must stay quiet for a reformat or
 * moved lines and speak up for any change that has to be reported and
 * re-assessed (Công văn 5722/TCTTKĐA; Circular 46/2022/TT-BCA art. 6).
 *
 * Fixture `assessor-project`: a provincial one-stop-shop backend whose routes
 * and jobs reach the LGSP through a 3-level wrapper chain
 * (traCuuCongDan → layCongDan → guiYeuCau → lgsp.post).
 */

interface Entry {
  file: string;
  line: number;
  kind: string;
  function?: string;
  functionKey?: string;
  callee?: string;
  chain?: { name: string; file: string; line: number }[];
  endpoint?: string;
  registration?: string;
  audited?: boolean;
  auditedBy?: string;
  entryPoint?: boolean;
  loop?: { state: string; detail?: string };
  reaches?: { kind: string; sink: string; file: string; line: number }[];
}
interface Inventory {
  entries: Entry[];
  totals: {
    direct: number;
    wrapperEntries: number;
    intermediateWrapperCalls: number;
    auditCoverage: { audited: number; total: number };
    endpointsUsed: { endpoint: string; registration: string }[];
    unusedRegisteredEndpoints: string[];
  };
}
interface Diff {
  added: Entry[];
  removed: Entry[];
  changed: { before: Entry; after: Entry }[];
  newEndpoints: string[];
  changedFunctions: { key: string; name: string; change: string }[];
  auditCoverage: { before: { audited: number; total: number }; after: { audited: number; total: number } };
  requiresReassessment: boolean;
}

const ENDPOINT = 'https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinCongDan';

function inventory(dir: string): Inventory {
  const r = runCli(['inventory', '.', '--format', 'json'], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Inventory;
}

/** A copy of the fixture with an approval record written before any edit. */
function approvedCopy(): string {
  const dir = copyFixture('assessor-project');
  const r = runCli(['approve', '.', '--output', 'popdb-approved.json'], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const abs = path.join(dir, file);
  const before = fs.readFileSync(abs, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(abs, after);
}

function diff(dir: string): { code: number | null; text: string; json: Diff } {
  const text = runCli(['diff', '--approved', 'popdb-approved.json', '.'], dir);
  const json = runCli(['diff', '--approved', 'popdb-approved.json', '.', '--format', 'json'], dir);
  expect(text.stderr).toBe('');
  expect(json.code).toBe(text.code);
  return { code: text.code, text: text.stdout, json: JSON.parse(json.stdout) as Diff };
}

describe('popdb-guard inventory', () => {
  const inv = inventory(path.resolve(__dirname, '../fixtures/assessor-project'));
  const byFunction = (name: string) => inv.entries.find((e) => e.function === name)!;

  it('lists the direct request once and each wrapper entry point once, not the intermediate wrapper calls', () => {
    expect(inv.entries.map((e) => `${e.file}:${e.line} ${e.kind} ${e.function}`)).toEqual([
      'src/clients/lgsp-http.ts:18 request guiYeuCau',
      'src/jobs/dong-bo.ts:7 wrapper doiSoatLoNho',
      'src/jobs/dong-bo.ts:15 wrapper dongBoToanBo',
      "src/routes/cong-dan.router.ts:10 wrapper router.get('/cong-dan/:cccd')",
      "src/routes/cong-dan.router.ts:17 wrapper router.post('/thong-bao/:cccd')",
    ]);
    expect(inv.totals).toMatchObject({ direct: 1, wrapperEntries: 4, intermediateWrapperCalls: 2 });
  });

  it('shows the chain from an entry point through three wrappers to the request, with file and line of each call', () => {
    expect(byFunction("router.get('/cong-dan/:cccd')").chain).toEqual([
      { name: 'traCuuCongDan', file: 'src/routes/cong-dan.router.ts', line: 10 },
      { name: 'layCongDan', file: 'src/services/cong-dan.service.ts', line: 4 },
      { name: 'guiYeuCau', file: 'src/services/cong-dan.repo.ts', line: 5 },
      { name: 'lgsp.post', file: 'src/clients/lgsp-http.ts', line: 18 },
    ]);
  });

  it('resolves the endpoint through the axios instance base URL and says it is registered; lists the registered endpoint the code never uses', () => {
    expect(inv.entries.every((e) => e.endpoint === ENDPOINT && e.registration === 'registered')).toBe(true);
    expect(inv.totals.endpointsUsed).toEqual([{ endpoint: ENDPOINT, registration: 'registered' }]);
    expect(inv.totals.unusedRegisteredEndpoints).toEqual(['https://dichvucong.dancuquocgia.gov.vn/api/v2/']);
  });

  it('counts audit coverage over entry points and leaves the wrapped request to its callers', () => {
    expect(inv.totals.auditCoverage).toEqual({ audited: 3, total: 4 });
    expect(byFunction('guiYeuCau')).toMatchObject({ entryPoint: false, auditedBy: 'at each caller' });
    expect(byFunction('guiYeuCau').audited).toBeUndefined();
    expect(byFunction("router.get('/cong-dan/:cccd')")).toMatchObject({ audited: true, auditedBy: 'auditLog (line 11)' });
    expect(byFunction("router.post('/thong-bao/:cccd')")).toMatchObject({ audited: false });
  });

  it('says which loop repeats a query and what bounds it', () => {
    expect(byFunction('doiSoatLoNho').loop).toEqual({ state: 'bounded', detail: 'for…of loop at line 6: static bound' });
    expect(byFunction('dongBoToanBo').loop?.state).toBe('unbounded');
    expect(byFunction('dongBoToanBo').loop?.detail).toContain('for…of loop at line 14');
    expect(byFunction("router.get('/cong-dan/:cccd')").loop).toEqual({ state: 'none' });
  });

  it('says which messaging and log sinks the data of a query reaches, on the entry point that sends it and not on the others', () => {
    const sent = [
      { kind: 'log', sink: 'console.log', file: 'src/routes/cong-dan.router.ts', line: 18 },
      { kind: 'messaging', sink: 'api.telegram.org', file: 'src/routes/cong-dan.router.ts', line: 19 },
    ];
    expect(byFunction("router.post('/thong-bao/:cccd')").reaches).toEqual(sent);
    // the direct request's data reaches them too, through the wrappers
    expect(byFunction('guiYeuCau').reaches).toEqual(sent);
    expect(byFunction("router.get('/cong-dan/:cccd')").reaches).toBeUndefined();
    expect(byFunction('doiSoatLoNho').reaches).toBeUndefined();
  });

  it('prints a readable text inventory with the totals', () => {
    const r = runCli(['inventory', 'test/fixtures/assessor-project']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chain:    traCuuCongDan (src/routes/cong-dan.router.ts:17) → layCongDan');
    expect(r.stdout).toContain('loop:     UNBOUNDED — for…of loop at line 14');
    expect(r.stdout).toContain('reaches:  messaging api.telegram.org at src/routes/cong-dan.router.ts:19');
    expect(r.stdout).toContain('Audit coverage: 3/4 entry point(s) audited');
    expect(r.stdout).toContain('Query sites: 5 (1 direct, 4 wrapper entry point(s); 2 wrapper call(s) inside other query functions not listed)');
  });

  it('writes the inventory to --output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-inv-'));
    const out = path.join(dir, 'inventory.json');
    const r = runCli(['inventory', 'test/fixtures/assessor-project', '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as Inventory).entries).toHaveLength(5);
  });

  it('counts the query sites of the multi-file query-project fixture, with the policy client call and the SOAP request', () => {
    const q = inventory(path.resolve(__dirname, '../fixtures/query-project'));
    expect(q.totals).toMatchObject({ direct: 7, wrapperEntries: 4, intermediateWrapperCalls: 1, auditCoverage: { audited: 4, total: 9 } });
    expect(q.entries.find((e) => e.file === 'src/jobs/sync-job.ts' && e.line === 28)).toMatchObject({
      kind: 'request',
      endpoint: 'https://dancu-staging.danang.vn/dancu/v1/CungCapThongTinCongDan',
      registration: 'unregistered',
      audited: false,
    });
    expect(q.entries.find((e) => e.file === 'src/jobs/sync-job.ts' && e.line === 19)?.loop).toEqual({ state: 'bounded', detail: 'through the limiter limit (line 19)' });
  });
});

describe('popdb-guard approve', () => {
  it('records sites by function and endpoint, relative paths with forward slashes, the query functions and audit coverage', () => {
    const dir = approvedCopy();
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'popdb-approved.json'), 'utf8')) as {
      tool: string;
      kind: string;
      sites: { function: string; endpoint: string; file: string }[];
      endpoints: string[];
      functions: { key: string; hash: string }[];
      auditCoverage: unknown;
    };
    expect(record).toMatchObject({ tool: 'popdb-guard', kind: 'approval', endpoints: [ENDPOINT], auditCoverage: { audited: 3, total: 4 } });
    expect(record.functions.map((f) => f.key)).toEqual([
      'src/clients/lgsp-http.ts#guiYeuCau',
      'src/services/cong-dan.repo.ts#layCongDan',
      'src/services/cong-dan.service.ts#traCuuCongDan',
    ]);
    expect(record.sites.map((s) => s.function)).toContain("src/routes/cong-dan.router.ts#router.post('/thong-bao/:cccd')");
    expect(JSON.stringify(record)).not.toContain('\\\\');
  });

  it('writes popdb-approved.json in the scan root by default, and the scan does not read it as a config file', () => {
    const dir = copyFixture('assessor-project');
    const r = runCli(['approve'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 query site(s), 1 endpoint(s), 3 query function(s), audit coverage 3/4');
    expect(fs.existsSync(path.join(dir, 'popdb-approved.json'))).toBe(true);
    const scan = JSON.parse(runCli(['.', '--format', 'json'], dir).stdout) as { filesScanned: number; findings: { file: string }[] };
    expect(scan.findings.map((f) => f.file)).not.toContain('popdb-approved.json');
    expect(scan.filesScanned).toBe(8);
  });
});

describe('popdb-guard diff', () => {
  it('stays quiet (exit 0) right after approval', () => {
    const dir = approvedCopy();
    const d = diff(dir);
    expect(d.code).toBe(0);
    expect(d.json.requiresReassessment).toBe(false);
    expect(d.text).toContain('No change that requires a new assessment');
  });

  it('stays quiet when a query function is only reformatted and commented', () => {
    const dir = approvedCopy();
    edit(dir, 'src/services/cong-dan.repo.ts', () =>
      [
        "import { guiYeuCau, type KetQuaCongDan } from '../clients/lgsp-http'",
        '',
        '/**',
        ' * Lấy thông tin công dân theo số định danh (12 chữ số).',
        ' */',
        'export async function layCongDan(',
        '  soDinhDanh: string,',
        '): Promise<KetQuaCongDan> {',
        '  // kiểm tra định dạng trước khi gọi LGSP',
        '  if (!/^\\d{12}$/.test(soDinhDanh))',
        '    throw new Error("Số định danh không hợp lệ")',
        '  return guiYeuCau({',
        '    SoDinhDanh: soDinhDanh,',
        '    MaDVC: "MOTCUA_HUE",',
        '  })',
        '}',
        '',
      ].join('\n'),
    );
    const d = diff(dir);
    expect(d.json.changedFunctions).toEqual([]);
    expect(d.code).toBe(0);
  });

  it('stays quiet when unrelated code is inserted above the query sites (lines move)', () => {
    const dir = approvedCopy();
    const helper = "function chuanHoa(s: string): string {\n  return s.trim().toUpperCase();\n}\n\nexport const PHIEN_BAN = chuanHoa(' v2 ');\n\n";
    edit(dir, 'src/routes/cong-dan.router.ts', (t) => t.replace('export const router = Router();\n', `export const router = Router();\n\n${helper}`));
    edit(dir, 'src/clients/lgsp-http.ts', (t) => t.replace('export interface KetQuaCongDan', `${helper}export interface KetQuaCongDan`));
    const d = diff(dir);
    expect(d.json).toMatchObject({ added: [], removed: [], changed: [], newEndpoints: [], changedFunctions: [], requiresReassessment: false });
    expect(d.code).toBe(0);
    // the lines really moved
    expect(inventory(dir).entries.find((e) => e.function === 'guiYeuCau')?.line).toBe(24);
  });

  it('reports a changed endpoint path in a query function (exit 1), naming the function and the new endpoint', () => {
    const dir = approvedCopy();
    edit(dir, 'src/clients/lgsp-http.ts', (t) => t.replace("'/CungCapThongTinCongDan'", "'/CungCapThongTinHoGiaDinh'"));
    const d = diff(dir);
    expect(d.code).toBe(1);
    expect(d.json.changedFunctions).toEqual([{ key: 'src/clients/lgsp-http.ts#guiYeuCau', name: 'guiYeuCau', change: 'changed' }]);
    expect(d.json.newEndpoints).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh']);
    // every site now reaches another endpoint: the old ones are gone, the new ones added
    expect(d.json.added).toHaveLength(5);
    expect(d.json.removed).toHaveLength(5);
    expect(d.text).toContain('changed  src/clients/lgsp-http.ts#guiYeuCau');
    expect(d.text).toContain('Công văn 5722/TCTTKĐA');
    expect(d.text).toContain('Thông tư 46/2022/TT-BCA, Điều 6');
    expect(d.text).toContain('must be reported and the system re-assessed');
  });

  it('reports a logic change in a wrapper even when the endpoint stays the same', () => {
    const dir = approvedCopy();
    edit(dir, 'src/services/cong-dan.repo.ts', (t) => t.replace("  if (!/^\\d{12}$/.test(soDinhDanh)) throw new Error('Số định danh không hợp lệ');\n", ''));
    const d = diff(dir);
    expect(d.code).toBe(1);
    expect(d.json.changedFunctions).toEqual([{ key: 'src/services/cong-dan.repo.ts#layCongDan', name: 'layCongDan', change: 'changed' }]);
    expect(d.json.added).toEqual([]);
  });

  it('reports a removed audit call as a change of audit coverage, naming the route', () => {
    const dir = approvedCopy();
    edit(dir, 'src/routes/cong-dan.router.ts', (t) => t.replace(/ {2}auditLog\(\{ taiKhoan: String\(req\.headers\['x-user'\]\).*\n/, ''));
    const d = diff(dir);
    expect(d.code).toBe(1);
    expect(d.json.auditCoverage).toEqual({ before: { audited: 3, total: 4 }, after: { audited: 2, total: 4 } });
    expect(d.json.changed).toHaveLength(1);
    expect(d.json.changed[0].before).toMatchObject({ audited: true, functionKey: "src/routes/cong-dan.router.ts#router.get('/cong-dan/:cccd')" });
    expect(d.json.changed[0].after).toMatchObject({ audited: false, function: "router.get('/cong-dan/:cccd')" });
    expect(d.text).toContain("src/routes/cong-dan.router.ts#router.get('/cong-dan/:cccd') traCuuCongDan: audited yes → no");
  });

  it('reports a new query site in a new file', () => {
    const dir = approvedCopy();
    fs.writeFileSync(
      path.join(dir, 'src/routes/ho-gia-dinh.router.ts'),
      [
        "import axios from 'axios';",
        "import { Router } from 'express';",
        "import { auditLog } from '../audit/audit-log';",
        '',
        'export const hoGiaDinhRouter = Router();',
        '',
        "hoGiaDinhRouter.get('/ho-gia-dinh/:soSoHoKhau', async (req, res) => {",
        "  const { data } = await axios.post('https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh', { SoSoHoKhau: req.params.soSoHoKhau });",
        "  auditLog({ taiKhoan: String(req.headers['x-user']), thoiGian: new Date().toISOString(), noiDung: 'CungCapThongTinHoGiaDinh', diaChiIp: req.ip ?? '' });",
        '  res.json(data);',
        '});',
        '',
      ].join('\n'),
    );
    const d = diff(dir);
    expect(d.code).toBe(1);
    expect(d.json.added).toEqual([
      expect.objectContaining({
        file: 'src/routes/ho-gia-dinh.router.ts',
        line: 8,
        kind: 'request',
        functionKey: "src/routes/ho-gia-dinh.router.ts#hoGiaDinhRouter.get('/ho-gia-dinh/:soSoHoKhau')",
        endpoint: 'https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh',
      }),
    ]);
    expect(d.json.removed).toEqual([]);
    expect(d.json.newEndpoints).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh']);
    expect(d.json.changedFunctions.map((f) => `${f.change} ${f.key}`)).toEqual(["added src/routes/ho-gia-dinh.router.ts#hoGiaDinhRouter.get('/ho-gia-dinh/:soSoHoKhau')"]);
    expect(d.text).toContain('New query sites (1):');
  });

  it('reports a removed query site', () => {
    const dir = approvedCopy();
    edit(dir, 'src/jobs/dong-bo.ts', (t) => t.slice(0, t.indexOf('// Đồng bộ toàn bộ mỗi đêm')));
    const d = diff(dir);
    expect(d.code).toBe(1);
    expect(d.json.removed).toEqual([expect.objectContaining({ file: 'src/jobs/dong-bo.ts', line: 15, functionKey: 'src/jobs/dong-bo.ts#dongBoToanBo' })]);
    expect(d.json.added).toEqual([]);
    expect(d.json.auditCoverage.after).toEqual({ audited: 2, total: 3 });
    expect(d.text).toContain('Removed query sites (1):');
  });

  it('exits 2 with a clear message when the approval record is missing or not one', () => {
    const dir = copyFixture('assessor-project');
    const missing = runCli(['diff', '--approved', 'nope.json', '.'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the approval record');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "tool": "popdb-guard", ');
    const broken = runCli(['diff', '--approved', 'broken.json', '.'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/invalid approval record .*broken\.json: not valid JSON/);
    fs.writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ tool: 'popdb-guard', version: 1, findings: [] }));
    const other = runCli(['diff', '--approved', 'baseline.json', '.'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not a popdb-guard approval record');
    const none = runCli(['diff', '.'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('diff needs --approved FILE');
    const scan = runCli(['.', '--format', 'html', '--approved', 'broken.json'], dir);
    expect(scan.code).toBe(2);
    expect(scan.stdout).toBe('');
    expect(scan.stderr).toContain('invalid approval record');
    for (const r of [missing, broken, other, none, scan]) expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('popdb-guard --approved on a normal scan', () => {
  it('adds the approval diff to the JSON and HTML reports, and the inventory to both', () => {
    const dir = approvedCopy();
    edit(dir, 'src/clients/lgsp-http.ts', (t) => t.replace("'/CungCapThongTinCongDan'", "'/CungCapThongTinHoGiaDinh'"));
    const json = runCli(['.', '--format', 'json', '--approved', 'popdb-approved.json'], dir);
    expect(json.code).toBe(1); // findings decide the exit code of a scan
    const report = JSON.parse(json.stdout) as { inventory: Inventory; approvalDiff: Diff & { since: string } };
    expect(report.inventory.entries).toHaveLength(5);
    expect(report.approvalDiff).toMatchObject({ since: 'popdb-approved.json', requiresReassessment: true, newEndpoints: ['https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh'] });

    const html = runCli(['.', '--format', 'html', '--approved', 'popdb-approved.json'], dir).stdout;
    expect(html).not.toContain('Not computed by this scan.');
    const inventorySection = html.slice(html.indexOf('<section id="inventory">'), html.indexOf('<section id="approval-diff">'));
    expect(inventorySection).toContain('ghi nhật ký · audited: 3/4');
    expect(inventorySection).toContain('<code>router.post(&#39;/thong-bao/:cccd&#39;)</code>');
    expect(inventorySection).toContain('→ messaging <code>api.telegram.org</code> (src/routes/cong-dan.router.ts:19)');
    expect(inventorySection).toContain('vòng lặp không giới hạn · unbounded loop');
    const diffSection = html.slice(html.indexOf('<section id="approval-diff">'), html.indexOf('<section id="rules">'));
    expect(diffSection).toContain('<code>popdb-approved.json</code>');
    expect(diffSection).toContain('changed: <code>src/clients/lgsp-http.ts#guiYeuCau</code>');
    expect(diffSection).toContain('Công văn 5722/TCTTKĐA');
    expect(diffSection).toContain('Added (5)');

    const sarif = JSON.parse(runCli(['.', '--format', 'sarif', '--approved', 'popdb-approved.json'], dir).stdout) as { runs: { properties?: { popdbGuardApprovalDiff?: Diff } }[] };
    expect(sarif.runs[0].properties?.popdbGuardApprovalDiff?.requiresReassessment).toBe(true);

    const text = runCli(['.', '--approved', 'popdb-approved.json'], dir).stdout;
    expect(text).toContain('Query functions changed (1):');
  });
});

describe('the assessor workflow on a subfolder and on the bundled example', () => {
  it('treats a function called from outside the scanned folder as wrapped, not as an entry point', () => {
    const inv = inventory(path.resolve(__dirname, '../fixtures/assessor-project/src/clients'));
    expect(inv.entries).toEqual([expect.objectContaining({ file: 'lgsp-http.ts', function: 'guiYeuCau', entryPoint: false, auditedBy: 'at each caller' })]);
    expect(inv.totals.auditCoverage).toEqual({ audited: 0, total: 0 });
  });

  it('approves examples/one-stop-shop, stays quiet, then reports an audit call removed from a route', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-example-'));
    fs.cpSync(path.join(REPO, 'examples/one-stop-shop'), dir, { recursive: true });
    const approve = runCli(['approve', '.', '--output', 'popdb-approved.json'], dir);
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain('7 query site(s), 2 endpoint(s), 2 query function(s), audit coverage 4/6');
    expect(runCli(['diff', '--approved', 'popdb-approved.json', '.'], dir).code).toBe(0);
    edit(dir, 'src/routes/ho-so.router.ts', (t) => t.replace(/ {2}auditLog\(\{ taiKhoan: account\(req\).*\n/, ''));
    const d = diff(dir);
    expect(d.code).toBe(1);
    expect(d.json.auditCoverage).toEqual({ before: { audited: 4, total: 6 }, after: { audited: 3, total: 6 } });
    expect(d.text).toContain("src/routes/ho-so.router.ts#hoSoRouter.post('/ho-so') traCuuCongDan: audited yes → no");
  });
});
