import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { CLI } from '../cli/run-cli';

/**
 * Planted secrets for the hostile-input tests: generated at test time from a
 * fixed seed (so a failure reproduces), in every shape the credential rules
 * know, and a check that no output shows any 5-character piece of one.
 */

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A deterministic source of random numbers in [0, 1) (fast-check's generator, fixed seed). */
export function prng(seed: number): () => number {
  const values = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { seed, numRuns: 4096 });
  let i = 0;
  return () => values[i++ % values.length];
}

export function randomString(next: () => number, length: number, alphabet = ALNUM): string {
  let s = '';
  // letters and digits mixed, so it looks like a secret to the rules
  while (s.length < length) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

export interface Planted {
  /** What kind of secret, for failure messages. */
  kind: string;
  /** The secret as it appears in the text (what must never be shown). */
  secret: string;
  /** The line(s) of code that hold it. */
  code: string[];
}

/** One secret of every kind, in TypeScript source lines. */
export function plantSecrets(seed: number): Planted[] {
  const r = prng(seed);
  const s = (n: number, a?: string) => randomString(r, n, a);
  const pw = `Pw${s(14)}9`;
  const basic = Buffer.from(`svc_user:${s(14)}`).toString('base64');
  const bearer = s(28);
  const github = `ghp_${s(36)}`;
  const slack = `xoxb-${s(12, '0123456789')}-${s(16)}`;
  const aws = `AKIA${s(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  const telegram = `${s(9, '123456789')}:AA${s(33)}`;
  const userinfo = `Ui${s(14)}7`;
  const keyBody = [s(64, `${ALNUM}+/`), s(64, `${ALNUM}+/`), s(40, `${ALNUM}+/`)];
  const ado = `Ad${s(14)}3`;
  const jwtSecret = `Js${s(18)}`;
  return [
    { kind: 'connection string', secret: pw, code: [`export const DATABASE_URL = 'postgres://dancu_app:${pw}@10.0.0.5:5432/dancu';`] },
    { kind: 'ADO.NET connection string', secret: ado, code: [`export const MSSQL = 'Server=db01;Database=dancu;User Id=sa;Password=${ado};';`] },
    { kind: 'Basic', secret: basic, code: [`export const basicHeaders = { Authorization: 'Basic ${basic}' };`] },
    { kind: 'Bearer', secret: bearer, code: [`export const bearerHeaders = { Authorization: 'Bearer ${bearer}' };`] },
    { kind: 'GitHub token', secret: github, code: [`export const gh = '${github}';`] },
    { kind: 'Slack token', secret: slack, code: [`export const slack = '${slack}';`] },
    { kind: 'AWS access key', secret: aws, code: [`export const aws = '${aws}';`] },
    { kind: 'Telegram bot token', secret: telegram, code: [`export const tg = 'https://api.telegram.org/bot${telegram}/sendMessage';`] },
    { kind: 'URL userinfo', secret: userinfo, code: [`export const gw = 'https://svc:${userinfo}@lgsp.example.gov.vn/dancu/v1/x';`] },
    { kind: 'JWT secret', secret: jwtSecret, code: [`export const jwtSecret = '${jwtSecret}';`] },
    ...keyBody.map((line, i) => ({
      kind: `private key body line ${i + 1}`,
      secret: line,
      code: i === 0 ? ['export const signingKey = `-----BEGIN RSA PRIVATE KEY-----', ...keyBody, '-----END RSA PRIVATE KEY-----`;'] : [],
    })),
  ];
}

/** The first 5-character piece of `secret` found in `text`, or undefined. */
export function leakedPiece(text: string, secret: string): string | undefined {
  for (let i = 0; i + 5 <= secret.length; i++) {
    const piece = secret.slice(i, i + 5);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

/** Every planted secret that shows (a 5-character piece of it) in one of the outputs. */
export function leaks(outputs: Record<string, string>, planted: readonly Planted[]): string[] {
  const found: string[] = [];
  for (const [name, text] of Object.entries(outputs)) {
    for (const p of planted) {
      const piece = leakedPiece(text, p.secret);
      if (piece) found.push(`${name}: ${p.kind} (${JSON.stringify(piece)})`);
    }
  }
  return found;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `popdb-${prefix}-`));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

export const POLICY = `system:
  name: Hostile input test
populationDb:
  registeredEndpoints:
    - https://lgsp.example.gov.vn/dancu/v1/
`;

/** A population-DB request to an unregistered host: a finding next to each secret, so its excerpt shows the lines around. */
export function unregisteredFetch(n: number): string[] {
  return [`export async function lookup${n}() {`, `  return fetch('https://lgsp-gw${n}.evil.vn/dancu/v1/CongDan');`, '}'];
}

/** Run the built CLI with a time limit: a hang fails the test instead of stalling the suite. */
export function runCliBounded(args: string[], cwd: string, timeoutMs = 90_000): { code: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
}

/** No stack trace in what the CLI printed ("    at fn (file:line:col)"). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}

/** A one-line minified bundle of about `mb` megabytes, a literal password first, a population-DB request in every function. */
export function generatedBundle(mb: number, password: string): string {
  const parts: string[] = [];
  for (let i = 0, size = 0; size < mb * 1024 * 1024; i++) {
    const p = `function a${i}(b){var c=b+${i};if(c>3){return fetch("https://lgsp-gw.evil.vn/dancu/v1/x"+c)}return c}`;
    parts.push(p);
    size += p.length;
  }
  return `var password="${password}";${parts.join(';')}\n`;
}
