import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  approvalRecord,
  buildInventory,
  diffApproval,
  formatApprovalDiffText,
  formatInventoryText,
  getProjectModel,
  parseApprovalRecord,
  projectFiles,
  resolvePolicy,
  stableFunctionNames,
  type InventoryResult,
} from '@popdb-guard/core';

/** Unit tests of the connection inventory and the approval diff on small projects written to a temp dir. */

const policy = (root: string) =>
  resolvePolicy({ populationDb: { registeredEndpoints: ['https://lgsp.quangnam.gov.vn/dancu/v1/'] }, audit: { functions: ['auditLog'] }, queries: { budget: 500 } }, { rootDir: root });

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-inventory-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"motcua-quangnam","private":true}\n');
  write(root, files);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
    // the shared ProjectFiles must see the edit, as the language server's file watcher would tell it
    projectFiles.invalidate(path.join(root, rel));
  }
}

function inventoryOf(root: string): InventoryResult {
  const files = fs.readdirSync(path.join(root, 'src'), { recursive: true }).map((f) => path.join(root, 'src', String(f))).filter((f) => f.endsWith('.ts')).sort();
  return buildInventory({ root, policy: policy(root), files });
}

const CLIENT = `import axios from 'axios';
import { auditLog } from './audit';

const BASE = 'https://lgsp.quangnam.gov.vn/dancu/v1';

export async function xacMinhHaiLan(cccd: string, ip: string) {
  const a = await axios.post(\`\${BASE}/XacMinhThongTinNhanThan\`, { SoDinhDanh: cccd });
  const b = await axios.post(\`\${BASE}/XacMinhThongTinNhanThan\`, { SoDinhDanh: cccd, LanThu: 2 });
  auditLog({ taiKhoan: 'can-bo', thoiGian: new Date().toISOString(), noiDung: 'XacMinhThongTinNhanThan', diaChiIp: ip });
  return [a.data, b.data];
}
`;
const AUDIT = `export function auditLog(entry: { taiKhoan: string; thoiGian: string; noiDung: string; diaChiIp: string }): void {
  process.stdout.write(JSON.stringify(entry));
}
`;

describe('buildInventory', () => {
  it('lists the sites the model could not resolve, with the reason, and not the decided ones', () => {
    const root = project({
      'src/dancu.ts': `import axios from 'axios';
export const traCuu = (so: string) => axios.post('https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan', { so });
`,
      'src/jobs.ts': `import axios from 'axios';
import * as dancu from './dancu';
declare const db: { findOne(): Promise<{ url: string }> };
export async function tuBanGhi() {
  const row = await db.findOne();
  return axios.get(row.url);
}
export const napPlugin = (ten: string) => require(\`./plugins/\${ten}\`);
export const chay = (op: string, so: string) => (dancu as Record<string, (s: string) => unknown>)[op](so);
export const moiTruong = () => fetch(String(process.env.UNKNOWN_SERVICE_URL));
function goi(url: string) { return axios.get(url); }
export const thue = () => goi('https://api.thue.quangnam.gov.vn/v1');
export const noiBo = () => fetch('/api/ho-so');
`,
    });
    const { inventory } = inventoryOf(root);
    expect(inventory.unresolved?.map((u) => `${u.line} ${u.kind} ${u.callee} ${u.function ?? ''}: ${u.reason}`)).toEqual([
      '6 request axios.get tuBanGhi: URL from row.url (a value read at run time, e.g. a database row or a response)',
      "8 require require napPlugin: require() of a computed specifier (`./plugins/${ten}`): the module it loads is not analysed",
      '9 callee (dancu as Record<string, (s: string) => unknown>)[…] chay: computed callee (dancu as Record<string, (s: string) => unknown>)[op]: module dancu.ts queries the population DB, and which member runs is decided at run time',
      '10 request fetch moiTruong: URL from env var UNKNOWN_SERVICE_URL, which populationDb.envEndpoints does not list and no .env file of the project sets',
    ]);
    expect(inventory.totals?.unresolvedSites).toBe(4);
    // `popdb-guard inventory` prints them for the assessor
    const text = formatInventoryText(root, inventory);
    expect(text).toContain('Not resolved, so not checked (review by hand):\nsrc/jobs.ts:6:10  tuBanGhi  [request] axios.get\n    reason:   URL from row.url');
    expect(text).toContain('Not resolved: 4 site(s) the model could not follow');
  });

  it('lists two identical requests in one function as two sites, and the approval diff removes exactly one when one goes', () => {
    const root = project({ 'src/audit.ts': AUDIT, 'src/client.ts': CLIENT });
    const before = inventoryOf(root);
    expect(before.inventory.entries.map((e) => `${e.line} ${e.function} ${e.endpoint} ${e.audited}`)).toEqual([
      '7 xacMinhHaiLan https://lgsp.quangnam.gov.vn/dancu/v1/XacMinhThongTinNhanThan true',
      '8 xacMinhHaiLan https://lgsp.quangnam.gov.vn/dancu/v1/XacMinhThongTinNhanThan true',
    ]);
    const record = approvalRecord(before, root, { approvedAt: '2026-01-05T00:00:00.000Z' });
    write(root, { 'src/client.ts': CLIENT.replace(/ {2}const b = .*\n/, '  const b = a;\n') });
    const d = diffApproval(record, inventoryOf(root), root, 'popdb-approved.json');
    expect(d.removed).toHaveLength(1);
    expect(d.added).toEqual([]);
    expect(d.changedFunctions).toEqual([{ key: 'src/client.ts#xacMinhHaiLan', name: 'xacMinhHaiLan', change: 'changed' }]);
    expect(d.requiresReassessment).toBe(true);
  });

  it('describes a loop bounded by a budget check, a static Array.from length, and recursion that stops on a budget', () => {
    const root = project({
      'src/jobs.ts': `import axios from 'axios';
const URL = 'https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan';

export async function theoNganSach(ids: string[]) {
  let dem = 0;
  while (ids.length) {
    if (dem >= 300) break;
    await axios.post(URL, { SoDinhDanh: ids.pop() });
    dem++;
  }
}

export async function muoiLan() {
  await Promise.all(Array.from({ length: 10 }, (_, i) => axios.post(URL, { Trang: i })));
}

export async function deQuy(trang: number): Promise<void> {
  if (trang > 50) return;
  await axios.post(URL, { Trang: trang });
  return deQuy(trang + 1);
}
`,
    });
    const loops = Object.fromEntries(inventoryOf(root).inventory.entries.map((e) => [e.function, e.loop]));
    expect(loops.theoNganSach).toEqual({ state: 'bounded', detail: 'while loop at line 6: budget check' });
    expect(loops['muoiLan>Array.from()']).toEqual({ state: 'bounded', detail: '.from() at line 14: static bound' });
    expect(loops.deQuy).toEqual({ state: 'bounded', detail: 'recursion at line 20: budget check' });
  });

  it('attributes messaging reach to the direct query whose data is sent, not to another query in the same file', () => {
    const root = project({
      'src/bot.ts': `import axios from 'axios';
const BASE = 'https://lgsp.quangnam.gov.vn/dancu/v1';

export async function baoNhom(cccd: string) {
  const { data } = await axios.post(\`\${BASE}/CungCapThongTinCongDan\`, { SoDinhDanh: cccd });
  await axios.post('https://hooks.slack.com/services/T000/B000/XXXX', { text: \`Công dân \${data.hoVaTen}\` });
}

export async function kiemTra(cccd: string) {
  const { data } = await axios.post(\`\${BASE}/XacThucThongTinCongDan\`, { SoDinhDanh: cccd });
  return data.ketQua === true;
}
`,
    });
    const entries = inventoryOf(root).inventory.entries;
    expect(entries.find((e) => e.function === 'baoNhom')?.reaches).toEqual([{ kind: 'messaging', sink: 'hooks.slack.com', file: path.join(root, 'src/bot.ts'), line: 6 }]);
    expect(entries.find((e) => e.function === 'kiemTra')?.reaches).toBeUndefined();
  });
});

describe('the purpose of each query site', () => {
  const purposePolicy = (root: string) =>
    resolvePolicy({ system: { purposes: ['tiep-nhan-ho-so', 'xac-thuc-cong-dan'] }, populationDb: { registeredEndpoints: ['https://lgsp.quangnam.gov.vn/dancu/v1/'] } }, { rootDir: root });
  const CLIENT_WITH_PURPOSE = `import axios from 'axios';
const BASE = 'https://lgsp.quangnam.gov.vn/dancu/v1';
export const traCuu = (so: string, maDVC: string) => axios.post(\`\${BASE}/CungCapThongTinCongDan\`, { SoDinhDanh: so, MaDVC: maDVC });
export const xacThuc = (so: string) => axios.get(\`\${BASE}/XacThucThongTinCongDan\`, { params: { so }, headers: { 'X-MaDVC': 'xac-thuc-cong-dan' } });
export const khongMucDich = (so: string) => axios.post(\`\${BASE}/CungCapThongTinCongDan\`, { SoDinhDanh: so });
`;
  const ROUTES = `import { traCuu } from './client';
declare const db: { hoSo(id: string): Promise<{ so: string; maThuTuc: string }> };
export const tiepNhan = (so: string) => traCuu(so, 'tiep-nhan-ho-so');
export async function theoHoSo(id: string) {
  const hoSo = await db.hoSo(id);
  return traCuu(hoSo.so, hoSo.maThuTuc);
}
`;
  const inventoryWith = (root: string) => {
    const files = fs.readdirSync(path.join(root, 'src')).map((f) => path.join(root, 'src', f)).sort();
    return buildInventory({ root, policy: purposePolicy(root), files });
  };

  it('shows the purpose in the inventory (JSON field and text line), and a changed purpose is a change in the approval diff', () => {
    const root = project({ 'src/client.ts': CLIENT_WITH_PURPOSE, 'src/routes.ts': ROUTES });
    const before = inventoryWith(root);
    expect(before.inventory.entries.map((e) => `${e.function} ${JSON.stringify(e.purpose)}`)).toEqual([
      'traCuu {"source":"caller","field":"MaDVC","where":"body"}',
      'xacThuc {"source":"fixed","field":"X-MaDVC","where":"header","values":["xac-thuc-cong-dan"],"registered":true}',
      'khongMucDich {"source":"none"}',
      'tiepNhan {"source":"fixed","field":"maDVC","where":"argument","values":["tiep-nhan-ho-so"],"registered":true}',
      'theoHoSo {"source":"case","field":"maDVC","where":"argument"}',
    ]);
    const text = formatInventoryText(root, before.inventory);
    expect(text).toContain('    purpose:  X-MaDVC (header) = "xac-thuc-cong-dan" — registered');
    expect(text).toContain('    purpose:  NONE');
    const record = approvalRecord(before, root, { approvedAt: '2026-01-05T00:00:00.000Z' });
    expect(record.sites.map((s) => s.purpose)).toEqual(['caller', 'fixed:xac-thuc-cong-dan', 'none', 'fixed:tiep-nhan-ho-so', 'case']);
    // unchanged code: no change
    expect(diffApproval(record, inventoryWith(root), root, 'popdb-approved.json').requiresReassessment).toBe(false);
    // the same route now looks citizens up for another purpose (CV 5722/TCTTKĐA: an API used outside its registered purpose)
    write(root, { 'src/routes.ts': ROUTES.replace("'tiep-nhan-ho-so'", "'tra-cuu-nhanh'") });
    const d = diffApproval(record, inventoryWith(root), root, 'popdb-approved.json');
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed.map((c) => `${c.after.function}: ${c.before.purpose?.values} → ${c.after.purpose?.values} (${c.after.purpose?.registered})`)).toEqual(['tiepNhan: tiep-nhan-ho-so → tra-cuu-nhanh (false)']);
    expect(d.requiresReassessment).toBe(true);
    expect(formatApprovalDiffText(root, d)).toContain('src/routes.ts#tiepNhan traCuu: purpose = "tiep-nhan-ho-so" → maDVC (argument) = "tra-cuu-nhanh" — NOT REGISTERED');
  });

  it('does not call a site changed only because an older record has no purpose', () => {
    const root = project({ 'src/client.ts': CLIENT_WITH_PURPOSE, 'src/routes.ts': ROUTES });
    const record = approvalRecord(inventoryWith(root), root);
    const old = { ...record, sites: record.sites.map(({ purpose: _purpose, ...site }) => site) };
    expect(diffApproval(old, inventoryWith(root), root, 'popdb-approved.json').requiresReassessment).toBe(false);
  });
});

describe('approval of a module-level query', () => {
  const SCRIPT = `import axios from 'axios';

const URL = 'https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan';

axios.post(URL, { SoDinhDanh: process.argv[2] }).then((r) => process.stdout.write(String(r.status)));
`;

  it('hashes the top-level statement that holds the query: moved lines are quiet, a changed argument is a change', () => {
    const root = project({ 'src/tra-cuu-mot-lan.ts': SCRIPT });
    const record = approvalRecord(inventoryOf(root), root);
    expect(record.functions.map((f) => f.key)).toEqual(['src/tra-cuu-mot-lan.ts#<module>']);
    expect(record.sites.map((s) => `${s.function} ${s.entryPoint}`)).toEqual(['src/tra-cuu-mot-lan.ts#<module> true']);

    write(root, { 'src/tra-cuu-mot-lan.ts': SCRIPT.replace("import axios from 'axios';\n", "import axios from 'axios';\n\nconst TIMEOUT_MS = 5000;\naxios.defaults.timeout = TIMEOUT_MS;\n") });
    expect(diffApproval(record, inventoryOf(root), root, 'x').requiresReassessment).toBe(false);

    write(root, { 'src/tra-cuu-mot-lan.ts': SCRIPT.replace('process.argv[2]', 'process.argv[3]') });
    expect(diffApproval(record, inventoryOf(root), root, 'x').changedFunctions).toEqual([{ key: 'src/tra-cuu-mot-lan.ts#<module>', name: '<module>', change: 'changed' }]);
  });
});

describe('stableFunctionNames', () => {
  it('names callbacks by the call they are passed to and keeps the names when lines move', () => {
    const text = `import { Router } from 'express';
export const r = Router();
r.get('/a', async (req, res) => { res.json(await Promise.all([1, 2].map((x) => x))); });
r.get('/a', async (req, res) => { res.end(); });
function load() { return 1; }
`;
    const root = project({ 'src/routes.ts': text });
    const names = () => {
      const model = getProjectModel(path.join(root, 'src/routes.ts'), policy(root));
      const file = model.fileIndex(path.join(root, 'src/routes.ts'))!;
      return [...stableFunctionNames(model, file).values()];
    };
    const before = names();
    expect(before).toEqual(["r.get('/a')", "r.get('/a')>.map()", "r.get('/a')#2", 'load']);
    write(root, { 'src/routes.ts': `// Tuyến tra cứu\n\n${text.replace("export const r = Router();\n", "export const r = Router();\nconst VERSION = '2';\n\n")}` });
    expect(names()).toEqual(before);
  });
});

describe('parseApprovalRecord', () => {
  it('accepts a record written by approvalRecord', () => {
    const root = project({ 'src/audit.ts': AUDIT, 'src/client.ts': CLIENT });
    const parsed = parseApprovalRecord(JSON.stringify(approvalRecord(inventoryOf(root), root)));
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['{ "tool": ', /^not valid JSON/],
    ['{"tool":"popdb-guard","version":1,"findings":[]}', /^not a popdb-guard approval record/],
    ['{"tool":"popdb-guard","kind":"approval","version":2,"sites":[],"endpoints":[],"functions":[],"auditCoverage":{"audited":0,"total":0}}', /unsupported approval record version 2/],
    ['{"tool":"popdb-guard","kind":"approval","version":1,"endpoints":[],"functions":[],"auditCoverage":{"audited":0,"total":0}}', /no "sites" list/],
    ['{"tool":"popdb-guard","kind":"approval","version":1,"sites":[],"endpoints":[],"functions":[{"key":"a.ts#f"}],"auditCoverage":{"audited":0,"total":0}}', /no "key" or "hash"/],
    ['{"tool":"popdb-guard","kind":"approval","version":1,"sites":[],"endpoints":[],"functions":[]}', /no "auditCoverage"/],
  ])('rejects %s with a message that says what is wrong', (text, message) => {
    const parsed = parseApprovalRecord(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(message);
  });
});
