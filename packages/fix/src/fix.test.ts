import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectFiles, type Finding } from '@popdb-guard/core';
import { scan } from 'popdb-guard';
import { lineEdits, planFixes, unifiedDiff, type FixOptions, type FixPlan } from '@popdb-guard/fix';

const FIXTURES = path.resolve(__dirname, '../fixtures');

/** Read from disk as the CLI does (undefined: no such file). */
const read = (file: string) => projectFiles.read(file);

async function planFor(dir: string, options?: FixOptions): Promise<{ plan: FixPlan; findings: Finding[] }> {
  // the tests rewrite files within one millisecond: the cache keyed by mtime and size must not hide that
  projectFiles.invalidateAll();
  const outcome = await scan({ paths: [dir], cwd: dir, inventory: false, concurrency: 'off' });
  if (!outcome.ok) throw new Error('invalid policy');
  const { findings, policy } = outcome.report;
  return { plan: planFixes({ findings, policy, read, options }), findings };
}

function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `popdb-fix-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function apply(plan: FixPlan): void {
  for (const c of plan.changes) {
    fs.mkdirSync(path.dirname(c.file), { recursive: true });
    fs.writeFileSync(c.file, c.after);
  }
}

const rel = (dir: string, file: string) => path.relative(dir, file).split(path.sep).join('/');
const afterOf = (plan: FixPlan, dir: string, file: string) => plan.changes.find((c) => rel(dir, c.file) === file)?.after;
const unfixedOf = (plan: FixPlan, dir: string) => plan.unfixed.map((u) => `${u.finding.ruleId} ${rel(dir, u.finding.file)}:${u.finding.line} ${u.reason.en}`);

/**
 * Apply the plan, then: the rescan no longer reports what was fixed, and a
 * second plan over the fixed tree changes nothing (idempotent).
 */
async function applyAndRecheck(dir: string, plan: FixPlan, options?: FixOptions): Promise<Finding[]> {
  apply(plan);
  const again = await planFor(dir, options);
  expect(again.plan.changes).toEqual([]);
  expect(again.plan.fixed).toEqual([]);
  const fixedKeys = new Set(plan.fixed.map((f) => `${f.ruleId} ${rel(dir, f.file)}`));
  // in the files and rules fixed, only what the plan listed as not fixed is still reported
  const key = (f: Finding) => `${f.ruleId} ${rel(dir, f.file)} ${f.messageId}`;
  const left = again.findings.filter((f) => fixedKeys.has(`${f.ruleId} ${rel(dir, f.file)}`)).map(key);
  const listed = plan.unfixed.map((u) => u.finding).filter((f) => fixedKeys.has(`${f.ruleId} ${rel(dir, f.file)}`)).map(key);
  expect(left).toEqual(listed);
  return again.findings;
}

describe('fix: hardcoded credentials → process.env and .env.example', () => {
  it('moves a secret in a nested object and in a class property, lists config and unparsable files, and never writes a secret', async () => {
    const dir = copyFixture('secrets');
    const { plan } = await planFor(dir);
    expect(afterOf(plan, dir, 'src/config.ts')).toContain("    host: 'db.internal',\n    password: process.env.DB_PASSWORD,\n");
    expect(afterOf(plan, dir, 'src/lgsp-client.ts')).toContain('  private readonly secretKey = process.env.SECRET_KEY;\n');
    // DB_PASSWORD is listed already: one line each, never a value
    expect(afterOf(plan, dir, '.env.example')).toBe('# Copy to .env\nDB_PASSWORD=\nJWT_SECRET=\nSECRET_KEY=\nTOKEN=\n');
    // the second token of the seed would share TOKEN with the first: listed, not given the first one's variable
    expect(afterOf(plan, dir, 'src/seed.ts')).toContain("  { platform: 'android', token: process.env.TOKEN },\n  { platform: 'ios', token: 'Hy6$nB3vC8lM5qW0' },\n");
    // CommonJS: the fallback goes, the read stays bare (no import of requireEnv can be added)
    expect(afterOf(plan, dir, 'src/legacy.js')).toContain('exports.sign = (payload) => jwt.sign(payload, process.env.JWT_SECRET);\n');
    expect(plan.changes.map((c) => rel(dir, c.file))).toEqual(['.env.example', 'src/config.ts', 'src/legacy.js', 'src/lgsp-client.ts', 'src/seed.ts']);
    expect(unfixedOf(plan, dir)).toEqual([
      expect.stringMatching(/^popdb\/no-hardcoded-credentials config\/app\.json:2 a config file/),
      'popdb/parse-error src/broken.ts:3 the file does not parse; popdb-guard never edits it',
      'popdb/no-hardcoded-credentials src/seed.ts:4 two different secrets would share the environment variable TOKEN; name them by hand',
    ]);
    const diff = unifiedDiff(plan, dir);
    expect(diff).toContain("-    password: 'Kx************Zw',\n+    password: process.env.DB_PASSWORD,\n");
    // the seed's second token stays in the code (listed), but the diff shows it as a context line: masked too
    for (const secret of ['Hy6$nB3vC8lM5qW0', 'Jq7#wLm9Vx2Rt5Pz']) expect(diff).not.toContain(secret);
    expect(diff).toContain("   { platform: 'ios', token: 'Hy************W0' },\n");
    for (const secret of ['Kx9#mP2vL7qR4tZw', 'Wq8$zN3cV6bM1xK5', 'Zt4#kP9wQ2mV7xR1', 'Pq3#vX8mL2nR6tY1']) {
      expect(diff).not.toContain(secret);
      for (const c of plan.changes) expect(c.after).not.toContain(secret);
    }
    const before = fs.readFileSync(path.join(dir, 'src/broken.ts'), 'utf8');
    const remaining = await applyAndRecheck(dir, plan);
    expect(fs.readFileSync(path.join(dir, 'src/broken.ts'), 'utf8')).toBe(before);
    expect(remaining.filter((f) => f.ruleId === 'popdb/no-hardcoded-credentials').map((f) => rel(dir, f.file))).toEqual(['config/app.json', 'src/seed.ts']);
  });

  it('leaves an already-fixed file alone', async () => {
    const dir = copyFixture('secrets');
    const { plan } = await planFor(dir);
    expect(plan.changes.some((c) => c.file.endsWith('already-fixed.ts'))).toBe(false);
  });
});

describe('fix: one .env.example per project', () => {
  it('lists the same variable in each project the secrets come from (no policy file: the nearest package.json)', async () => {
    const dir = copyFixture('two-projects');
    const { plan } = await planFor(dir);
    expect(afterOf(plan, dir, 'hoso/.env.example')).toBe('DB_PASSWORD=\n');
    expect(afterOf(plan, dir, 'tracuu/.env.example')).toBe('DB_PASSWORD=\n');
    expect(afterOf(plan, dir, 'tracuu/src/db.ts')).toBe('export const db = { password: process.env.DB_PASSWORD };\n');
    expect(plan.unfixed).toEqual([]);
    await applyAndRecheck(dir, plan);
  });
});

describe('fix: default credentials → requireEnv', () => {
  it('turns ?? and ternary fallbacks into one shared requireEnv helper it creates once, and lists a fallback that is not an environment read', async () => {
    const dir = copyFixture('defaults');
    const { plan } = await planFor(dir);
    expect(afterOf(plan, dir, 'src/db.ts')).toBe(`import { Pool } from 'pg';
import { requireEnv } from './require-env';

export const pool = new Pool({
  user: process.env.DB_USER,
  password: requireEnv('DB_PASS'),
});
`);
    expect(afterOf(plan, dir, 'src/lgsp.ts')).toContain("export const lgspPassword = requireEnv('LGSP_PASSWORD');\n");
    expect(afterOf(plan, dir, 'src/lgsp.ts')).toMatch(/^import \{ requireEnv \} from '\.\/require-env';\n/);
    expect(afterOf(plan, dir, 'src/require-env.ts')).toContain('export function requireEnv(variable: string): string {');
    expect(plan.changes.find((c) => c.file.endsWith('require-env.ts'))!.before).toBeUndefined();
    expect(afterOf(plan, dir, '.env.example')).toBe('DB_PASS=\nLGSP_PASSWORD=\n');
    expect(unfixedOf(plan, dir)).toEqual([expect.stringMatching(/^popdb\/no-default-credentials src\/settings\.ts:3 the fallback does not follow an environment variable read/)]);
    for (const c of plan.changes) expect(c.after).not.toMatch(/'admin'|'123456'/);
    expect(unifiedDiff(plan, dir)).not.toMatch(/'admin'|'123456'/);
    await applyAndRecheck(dir, plan);
  });

  it("uses the project's own exported requireEnv instead of writing one", async () => {
    const dir = copyFixture('defaults-helper');
    const { plan } = await planFor(dir);
    expect(afterOf(plan, dir, 'src/db.ts')).toBe(`import { Pool } from 'pg';
import { requireEnv } from './lib/env';

export const pool = new Pool({
  password: requireEnv('DB_PASSWORD'),
});
`);
    expect(plan.changes.some((c) => c.file.endsWith('require-env.ts'))).toBe(false);
    await applyAndRecheck(dir, plan);
  });

  it('lists the finding when the helper the option names is exported by no project file', async () => {
    const dir = copyFixture('defaults-helper');
    const { plan } = await planFor(dir, { envHelper: 'docBienMoiTruong' });
    expect(plan.changes).toEqual([]);
    expect(unfixedOf(plan, dir)).toEqual(['popdb/no-default-credentials src/db.ts:4 no project file exports the function docBienMoiTruong']);
  });
});

describe('fix: missing audit → the policy audit function after the query', () => {
  it('inserts the call inside the try block with the required fields, imports it, and fills the fields an entry lacks', async () => {
    const dir = copyFixture('audit');
    const { plan } = await planFor(dir);
    expect(afterOf(plan, dir, 'src/routes/tra-cuu.ts')).toContain(
      [
        '  try {',
        '    const congDan = await dancuApi.traCuu(req.params.so);',
        '    await ghiNhatKy({',
        '      taiKhoan: /* TODO(popdb-guard): taiKhoan */ undefined as never,',
        '      thoiGian: new Date().toISOString(),',
        "      noiDung: JSON.stringify({ truyVan: 'dancuApi.traCuu', thamSo: [req.params.so] }),",
        "      diaChiIp: req.ip ?? '',",
        '    });',
        '    res.json(congDan);',
      ].join('\n'),
    );
    expect(afterOf(plan, dir, 'src/routes/tra-cuu.ts')).toMatch(/^import \{ dancuApi \} from '\.\.\/dancu-api';\nimport \{ ghiNhatKy \} from '\.\.\/audit\/nhat-ky';\n/);
    expect(afterOf(plan, dir, 'src/jobs/kiem-tra.ts')).toContain(
      "  await ghiNhatKy({ taiKhoan: 'he-thong', thoiGian: new Date().toISOString(), noiDung: /* TODO(popdb-guard): noiDung */ undefined as never, diaChiIp: /* TODO(popdb-guard): diaChiIp */ undefined as never });\n",
    );
    // a query returned directly: kept, audited (not awaited outside an async function), returned
    expect(afterOf(plan, dir, 'src/jobs/kiem-tra.ts')).toContain(
      [
        'export function kiemTra(soDinhDanh: string) {',
        '  const ketQua = dancuApi.traCuu(soDinhDanh);',
        '  void ghiNhatKy({',
        '    taiKhoan: /* TODO(popdb-guard): taiKhoan */ undefined as never,',
        '    thoiGian: new Date().toISOString(),',
        "    noiDung: JSON.stringify({ truyVan: 'dancuApi.traCuu', thamSo: [soDinhDanh] }),",
        '    diaChiIp: /* TODO(popdb-guard): diaChiIp */ undefined as never,',
        '  });',
        '  return ketQua;',
        '}',
      ].join('\n'),
    );
    // an expression-bodied arrow has no statement to follow
    expect(unfixedOf(plan, dir)).toEqual([expect.stringMatching(/^popdb\/require-audit-log src\/jobs\/kiem-tra\.ts:24 the query is not a statement of its own/)]);
    expect(plan.notes.map((n) => n.en)).toEqual([
      'src/jobs/kiem-tra.ts: the audit call has fields to fill in (noiDung, diaChiIp), marked TODO(popdb-guard)',
      'src/jobs/kiem-tra.ts: the audit call has fields to fill in (taiKhoan, diaChiIp), marked TODO(popdb-guard)',
      'src/routes/tra-cuu.ts: the audit call has fields to fill in (taiKhoan), marked TODO(popdb-guard)',
    ]);
    await applyAndRecheck(dir, plan);
  });

  it('lists the query when no project file exports the audit function', async () => {
    const dir = copyFixture('audit-missing');
    const { plan } = await planFor(dir);
    expect(plan.changes).toEqual([]);
    expect(unfixedOf(plan, dir)).toEqual(["popdb/require-audit-log src/tra-cuu.ts:5 no project file exports ghiNhatKy (the policy's audit function); add the call by hand"]);
  });
});

describe('fix: unbounded query loop → a p-limit limiter', () => {
  it('hoists one limiter before a loop with a break and before a Promise.all, imports p-limit, and leaves a limited loop alone', async () => {
    const dir = copyFixture('loops');
    const { plan } = await planFor(dir, { concurrency: 3 });
    expect(afterOf(plan, dir, 'src/jobs/dong-bo.ts')).toBe(`import { dancuApi } from '../dancu-api';
import pLimit from 'p-limit';

// A for…of with a break: the break does not bound the number of lookups.
export async function dongBo(ids: string[]) {
  const ketQua: unknown[] = [];
  const limit = pLimit(3);
  for (const id of ids) {
    const congDan = await limit(() => dancuApi.traCuu(id));
    if (!congDan) break;
    ketQua.push(congDan);
  }
  return ketQua;
}

// Promise.all over a collection, from an expression-bodied callback.
export async function xacMinhTatCa(ids: string[]) {
  const limit = pLimit(3);
  return Promise.all(ids.map((id) => limit(() => dancuApi.traCuu(id))));
}
`);
    expect(plan.changes.map((c) => rel(dir, c.file))).toEqual(['src/jobs/dong-bo.ts']);
    expect(unfixedOf(plan, dir)).toEqual(['popdb/no-unbounded-query-loop src/jobs/legacy.js:5 a CommonJS file (require): the fix needs an import; fix it by hand']);
    // the fixture's package.json does not list p-limit
    expect(plan.notes.map((n) => n.en)).toEqual(["src/jobs/dong-bo.ts now uses p-limit, which the project's package.json does not list; run npm install p-limit"]);
    await applyAndRecheck(dir, plan, { concurrency: 3 });
  });
});

describe('fix: a loop whose query is not audited either', () => {
  it('adds the limiter and the audit at once (the scan shows only the loop finding there), so a second fix has nothing left', async () => {
    const dir = copyFixture('loops-audit');
    const { plan, findings } = await planFor(dir);
    expect(findings.map((f) => f.ruleId)).toEqual(['popdb/no-unbounded-query-loop']);
    expect(plan.fixed.map((f) => f.ruleId).sort()).toEqual(['popdb/no-unbounded-query-loop', 'popdb/require-audit-log']);
    expect(afterOf(plan, dir, 'src/jobs/dong-bo.ts')).toContain(
      [
        '  const limit = pLimit(4);',
        '  for (const id of ids) {',
        '    const congDan = await limit(() => dancuApi.traCuu(id));',
        '    ghiNhatKy({',
        '      taiKhoan: /* TODO(popdb-guard): taiKhoan */ undefined as never,',
        '      thoiGian: new Date().toISOString(),',
        "      noiDung: JSON.stringify({ truyVan: 'dancuApi.traCuu', thamSo: [id] }),",
        '      diaChiIp: /* TODO(popdb-guard): diaChiIp */ undefined as never,',
        '    });',
        '    if (!congDan) continue;',
      ].join('\n'),
    );
    // p-limit is a dependency of this project: no note to install it
    expect(plan.notes.map((n) => n.en)).toEqual(['src/jobs/dong-bo.ts: the audit call has fields to fill in (taiKhoan, diaChiIp), marked TODO(popdb-guard)']);
    const after = await applyAndRecheck(dir, plan);
    expect(after.filter((f) => f.ruleId === 'popdb/require-audit-log' || f.ruleId === 'popdb/no-unbounded-query-loop')).toEqual([]);
  });
});

describe('fix: a lookup route without authentication → the policy guard on the route', () => {
  /** Apply, then: nothing left to fix, no route without authentication; the role check the guard does not make is the warning left. */
  async function applyAndRecheckGuard(dir: string, plan: FixPlan): Promise<string[]> {
    apply(plan);
    const again = await planFor(dir);
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.fixed).toEqual([]);
    const access = again.findings.filter((f) => f.ruleId === 'popdb/require-access-control');
    return access.map((f) => `${rel(dir, f.file)}:${f.line} ${f.messageId} ${f.severity}`);
  }

  it('adds the first access.guards entry after the path of an Express route, with its import, and lists a Fastify route', async () => {
    const dir = copyFixture('guards');
    const { plan } = await planFor(dir);
    expect(plan.changes.map((c) => rel(dir, c.file))).toEqual(['src/routes/tra-cuu.ts']);
    const after = afterOf(plan, dir, 'src/routes/tra-cuu.ts')!;
    expect(after).toContain("traCuuRouter.get('/cong-dan/:so', requireLogin, async (req, res) => {");
    expect(after).toContain("import { gioiHan, requireLogin } from '../auth/login';");
    // the health check queries nothing and is left as it was
    expect(after).toContain("traCuuRouter.get('/health', (req, res) => {");
    expect(unfixedOf(plan, dir)).toEqual([
      "popdb/require-access-control src/fastify/tra-cuu.ts:6 a fastify route: authentication goes in a hook, middleware.ts or io.use, not in the route's arguments; add it by hand",
    ]);
    expect(await applyAndRecheckGuard(dir, plan)).toEqual(['src/fastify/tra-cuu.ts:6 noAuthentication error', 'src/routes/tra-cuu.ts:9 noRoleCheck warning']);
  });

  it('puts @UseGuards(Guard) on a NestJS handler and imports both', async () => {
    const dir = copyFixture('guards-nest');
    const { plan } = await planFor(dir);
    const after = afterOf(plan, dir, 'src/tra-cuu.controller.ts')!;
    expect(after).toMatch(/ {2}@UseGuards\(JwtAuthGuard\)\n {2}@Get\(':so'\)/);
    expect(after).toMatch(/import \{ Controller, Get, Param, UseGuards \} from '@nestjs\/common';/);
    expect(after).toContain("import { JwtAuthGuard } from './jwt-auth.guard';");
    expect(unfixedOf(plan, dir)).toEqual([]);
    expect(await applyAndRecheckGuard(dir, plan)).toEqual(['src/tra-cuu.controller.ts:13 noRoleCheck warning']);
  });
});

describe('fix: line edits for the editor', () => {
  it('turn the old text into the new one, touching only the changed lines', () => {
    const before = 'a\nb\nc\nd';
    const after = 'a\nB\nc\nd\ne\n';
    const edits = lineEdits(before, after);
    const lines = before.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    let text = before;
    for (const e of [...edits].reverse()) text = text.slice(0, offset(e.start)) + e.newText + text.slice(offset(e.end));
    expect(text).toBe(after);
    expect(edits[0]).toEqual({ start: { line: 1, character: 0 }, end: { line: 2, character: 0 }, newText: 'B\n' });
  });
});
