import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, runCli } from './run-cli';

/** The rules `popdb-guard fix` has a fixer for. */
const FIXED_RULES = ['popdb/no-hardcoded-credentials', 'popdb/no-default-credentials', 'popdb/require-audit-log', 'popdb/no-unbounded-query-loop'];
/** The kinds fix fixes: those rules, and a route without authentication (its role and rate-limit warnings are the team's to decide). */
const isFixedKind = (f: { ruleId: string; messageId?: string }) => FIXED_RULES.includes(f.ruleId) || (f.ruleId === 'popdb/require-access-control' && f.messageId === 'noAuthentication');

/**
 * Types for the packages the example imports and the repository does not
 * install (p-limit and @types/node are installed): only what the example
 * uses, typed as the real packages type it (express 5's `req.ip` may be
 * undefined), so the fixed files are checked as strictly as the rest.
 */
const AMBIENT = `declare module 'express' {
  export interface Request { params: Record<string, string>; query: Record<string, unknown>; body: any; ip: string | undefined }
  export interface Response { json(body: unknown): Response; status(code: number): Response }
  export type NextFunction = (error?: unknown) => void;
  type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
  export interface Router { get(path: string, ...handlers: Handler[]): Router; post(path: string, ...handlers: Handler[]): Router; use(...args: unknown[]): Router }
  export function Router(): Router;
  interface Application extends Router { listen(port: number): unknown }
  interface Express { (): Application; json(): Handler }
  const express: Express;
  export default express;
}
declare module 'passport' {
  type Handler = import('express').Request extends never ? never : (req: import('express').Request, res: import('express').Response, next: import('express').NextFunction) => unknown;
  const passport: { authenticate(strategy: string, options?: object): Handler };
  export default passport;
}
declare module 'express-rate-limit' {
  export default function rateLimit(options: { windowMs: number; limit?: number; max?: number }): (req: unknown, res: unknown, next: unknown) => unknown;
}
declare module 'pg' {
  export class Pool { constructor(config: { host?: string; user?: string; password?: string; database?: string; port?: number }) }
}
declare module 'pino' {
  interface Logger { info(obj: unknown, msg?: string): void; debug(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void }
  export default function pino(options?: { name?: string }): Logger;
}
declare module 'soap' {
  export interface Client { addSoapHeader(header: object, name: string, namespace: string, xmlns: string): number; [operation: string]: any }
  export function createClientAsync(wsdl: string, options?: object): Promise<Client>;
}
declare module 'axios' {
  interface Response { data: unknown }
  interface Instance { post(url: string, data?: unknown, config?: object): Promise<Response> }
  const axios: Instance & { create(config: object): Instance };
  export default axios;
}
declare module 'react' {
  export function useState<T>(initial: T): [T, (value: T) => void];
}
declare namespace JSX {
  interface Attributes { [attribute: string]: unknown; onChange?: (e: { target: { value: string } }) => void; onSubmit?: (e: { preventDefault(): void }) => void }
  interface IntrinsicElements { [element: string]: Attributes }
}
`;

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-fix-example-'));
  fs.cpSync(path.join(REPO, 'examples/one-stop-shop'), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  return dir;
}

/** Every file of a tree and a hash of its content: "nothing changed" is this map unchanged. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

interface JsonFinding {
  ruleId: string;
  messageId?: string;
  file: string;
  line: number;
}

describe('popdb-guard fix on the example project', () => {
  let dir: string;
  /** The example's findings of the fixed kinds before fixing: in source files (fixable) and in config files (listed). */
  let inSource: JsonFinding[];
  let inConfig: JsonFinding[];
  beforeAll(() => {
    dir = copyExample();
    // other changes add cases to the example: the counts come from a scan, the pinned edits below are this one's
    const findings = (JSON.parse(runCli([dir, '--format', 'json']).stdout) as { findings: JsonFinding[] }).findings.filter(isFixedKind);
    inSource = findings.filter((f) => /\.[cm]?[jt]sx?$/.test(f.file));
    inConfig = findings.filter((f) => !/\.[cm]?[jt]sx?$/.test(f.file));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--dry-run prints a unified diff of the fixes, masks the removed default password, and writes nothing', () => {
    const before = snapshot(dir);
    const r = runCli(['fix', '--dry-run', dir, '--lang', 'en']);
    // error findings remain that no fixer handles (an unregistered endpoint, TLS off, …): exit 1 as the scan's
    expect(r.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
    const diff = r.stdout;
    expect(diff).toContain('--- a/src/db.ts\n+++ b/src/db.ts\n');
    expect(diff).toContain("+import { requireEnv } from './require-env';\n");
    expect(diff).toContain("+  password: requireEnv('DB_PASSWORD'),\n");
    // the removed line carries the default password: masked, never in clear
    expect(diff).toMatch(/^- {2}password: process\.env\.DB_PASSWORD \|\| '\*+',$/m);
    expect(diff).not.toContain("'admin'");
    expect(diff).toContain('--- /dev/null\n+++ b/src/require-env.ts\n');
    expect(diff).toContain('+export function requireEnv(variable: string): string {\n');
    // .env.example already lists DB_PASSWORD: not touched
    expect(diff).not.toContain('.env.example');
    // the audit call right after the unaudited query, with the import of the project's audit function
    expect(diff).toContain(
      [
        '   const [result] = await client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: soDinhDanh, MaDVC: MucDich.XacThucCongDan });',
        '+  auditLog({',
        '+    taiKhoan: /* TODO(popdb-guard): taiKhoan */ undefined as never,',
        '+    thoiGian: new Date().toISOString(),',
        "+    noiDung: 'client.XacMinhThongTinNhanThanAsync',",
        '+    diaChiIp: /* TODO(popdb-guard): diaChiIp */ undefined as never,',
        '+  });',
        '   return result;',
      ].join('\n'),
    );
    expect(diff).toContain("+import { auditLog } from '../audit/audit-log';\n");
    // the Express handler's client IP
    expect(diff).toContain("+    diaChiIp: req.ip ?? '',\n");
    // the nightly sync: a p-limit limiter (already imported by the file) hoisted before the loop
    expect(diff).toContain(
      [
        ' export async function dongBoTatCa(danhSach: HoSo[]) {',
        '+  const limit = pLimit(4);',
        '   for (const hs of danhSach) {',
        '-    const cd = await traCuuCongDan(hs.soDinhDanh, hs.hoVaTen, MucDich.TiepNhanHoSo);',
        '+    const cd = await limit(() => traCuuCongDan(hs.soDinhDanh, hs.hoVaTen, MucDich.TiepNhanHoSo));',
      ].join('\n'),
    );
    // the kiosk's open lookup route: the policy's first guard after the path, imported from the officers' auth module
    expect(diff).toContain("+kioskRouter.get('/tra-cuu/:soDinhDanh', requireLogin, async (req, res) => {\n");
    expect(diff).toContain("+import { requireLogin } from '../auth/can-bo';\n");
    // the summary goes to stderr, with the findings left and why
    expect(r.stderr).toContain(`would fix ${inSource.length} finding(s) in ${new Set(inSource.map((f) => f.file)).size} file(s)`);
    expect(inSource.length).toBeGreaterThanOrEqual(4);
    expect(r.stderr).toMatch(/config\/default\.json:15:\d+ {2}popdb\/no-hardcoded-credentials {2}a config file/);
    expect(r.stderr).not.toContain('MotCua#DaNang2023!');
    // the summary in Vietnamese with --lang vi, the same diff
    const vi = runCli(['fix', '--dry-run', dir, '--lang', 'vi']);
    expect(vi.stdout).toBe(diff);
    expect(vi.stderr).toMatch(/^Sẽ sửa \d+ phát hiện trong \d+ tệp \(--dry-run: chưa ghi tệp nào\)\n/);
    expect(vi.stderr).toMatch(/config\/default\.json:15:\d+ {2}popdb\/no-hardcoded-credentials {2}Tệp cấu hình/);
  });

  it('applies the fixes: a rescan has no finding of the fixed kinds but the config file it listed, a second fix changes nothing, and tsc --noEmit passes', () => {
    const applied = runCli(['fix', dir, '--lang', 'en']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain(`fixed ${inSource.length} finding(s) in ${new Set(inSource.map((f) => f.file)).size} file(s)`);
    expect(applied.stdout).toContain('  + src/require-env.ts');

    const rescan = runCli([dir, '--format', 'json']);
    const findings = (JSON.parse(rescan.stdout) as { findings: JsonFinding[] }).findings;
    // of the fixed kinds, only the config-file findings fix listed are left (config/default.json's password among them)
    const key = (f: JsonFinding) => `${f.ruleId} ${f.file}:${f.line}`;
    expect(findings.filter(isFixedKind).map(key)).toEqual(inConfig.map(key));
    expect(inConfig.map(key)).toContain('popdb/no-hardcoded-credentials config/default.json:15');

    const fixedState = snapshot(dir);
    const again = runCli(['fix', dir, '--lang', 'en']);
    expect(again.stdout).toMatch(/^nothing to fix\n/);
    expect(snapshot(dir)).toEqual(fixedState);
    const dryAgain = runCli(['fix', '--dry-run', dir, '--lang', 'en']);
    expect(dryAgain.stdout).toBe('');

    // compile the fixed example: strict, with the declarations above for the packages not installed here
    fs.writeFileSync(path.join(dir, 'ambient.d.ts'), AMBIENT);
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', esModuleInterop: true, jsx: 'preserve', types: ['node'], lib: ['ES2023'] },
        include: ['src/**/*', 'ambient.d.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
