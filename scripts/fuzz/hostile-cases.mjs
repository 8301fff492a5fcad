// The reproductions of issue 14 as projects on disk, for docs/reliability.md's
// before/after table: `node scripts/fuzz/hostile-cases.mjs <cli.js> [case…]`
// runs each case once with `timeout 60` and prints time and peak memory.
// Inputs are generated here, never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const POLICY = 'populationDb:\n  registeredEndpoints:\n    - https://lgsp.example.gov.vn/dancu/v1/\n';
const LOOKUP = "export async function lookup() {\n  return fetch('https://lgsp-gw.evil.vn/dancu/v1/CongDan');\n}\n";
const URL = "'https://lgsp-gw.evil.vn/dancu/v1/CongDan'";
const SECRET = 'Zq8vKp2mWx9rLt4nB7';

function bundle(mb) {
  const parts = [];
  for (let i = 0, size = 0; size < mb * 1024 * 1024; i++) {
    const p = `function a${i}(b){var c=b+${i};if(c>3){return fetch("https://lgsp-gw.evil.vn/dancu/v1/x"+c)}return c}`;
    parts.push(p);
    size += p.length;
  }
  return `var password="${SECRET}";${parts.join(';')}\n`;
}
function oneLineJson(mb) {
  const obj = {};
  for (let i = 0; i < (mb * 1024 * 1024) / 40; i++) obj[`k${i}`] = `https://lgsp-gw.evil.vn/dancu/v1/${i}`;
  return JSON.stringify(obj);
}
const nest = (n, wrap, seed = `fetch(${URL})`) => {
  let s = seed;
  for (let i = 0; i < n; i++) s = wrap(s);
  return s;
};

export const CASES = {
  'a:// × 2,500 (10 KB literal)': { files: { 'src/h.ts': `export const a = '${'a://'.repeat(2500)}';\n` } },
  'passpass… 10 KB next to a secret, html': { args: ['--format', 'html'], files: { 'src/h.ts': `export const f = '${'passpass'.repeat(1250)}', password = '${SECRET}';\n${LOOKUP}` } },
  '1 MB .env line, html': { args: ['--format', 'html'], files: { 'config/app.env': `DB_PASSWORD=${SECRET}${'x'.repeat(1024 * 1024)}\nDANCU_URL=https://lgsp-gw.evil.vn/dancu/v1/\n` } },
  '1 MB one-line JSON': { files: { 'data/u.json': () => oneLineJson(1) } },
  '2 MB one-line JSON': { files: { 'data/u.json': () => oneLineJson(2) } },
  '5 MB one-line bundle.js': { files: { 'public/bundle.js': () => bundle(5) } },
  '256 nested callbacks, json': { args: ['--format', 'json'], files: { 'src/d.ts': () => `declare function run(f: () => unknown): unknown;\nexport const x = ${nest(256, (s) => `run(function () { return ${s}; })`)};\n` } },
  '465-function chain, json': { args: ['--format', 'json'], files: { 'src/d.ts': () => Array.from({ length: 465 }, (_, i) => (i ? `export function f${i}() { return f${i - 1}(); }` : `export function f0() { return fetch(${URL}); }`)).join('\n') } },
  '600 nested arrows, json': { args: ['--format', 'json'], files: { 'src/d.ts': () => `export const a = ${nest(600, (s) => `() => ${s}`)};\n` } },
  '600 nested objects, json': { args: ['--format', 'json'], files: { 'src/d.ts': () => `export const o = ${nest(600, (s) => `{ a: ${s} }`)};\n` } },
  '1,000 .then(), json': { args: ['--format', 'json'], files: { 'src/d.ts': `export const p = fetch(${URL})${'.then((r) => r)'.repeat(1000)};\n` } },
  '3,000-term concatenation, json': { args: ['--format', 'json'], files: { 'src/d.ts': () => `export const u = 'https://lgsp-gw.evil.vn/dancu/v1/' + ${Array.from({ length: 3000 }, (_, i) => `'p${i}'`).join(' + ')};\nfetch(u);\n` } },
  '5,000 nested parentheses, inventory': { command: ['inventory', '.'], files: { 'src/d.ts': `export const x = ${'('.repeat(5000)}fetch(${URL})${')'.repeat(5000)};\n` } },
  '.gitignore → /dev/zero': { setup: (dir) => fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore')) },
  'popdb-policy.yaml → /dev/zero': { setup: (dir) => (fs.rmSync(path.join(dir, 'popdb-policy.yaml')), fs.symlinkSync('/dev/zero', path.join(dir, 'popdb-policy.yaml'))) },
  '.gitignore is a FIFO': { setup: (dir) => execFileSync('mkfifo', [path.join(dir, '.gitignore')]) },
  'policy alias bomb': { files: { 'popdb-policy.yaml': `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n` } },
};

export function makeCase(name) {
  const c = CASES[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-case-'));
  const files = { 'popdb-policy.yaml': POLICY, 'src/lookup.ts': LOOKUP, ...(c.files ?? {}) };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), typeof text === 'function' ? text() : text);
  }
  c.setup?.(dir);
  return { dir, args: [...(c.command ?? ['.']), ...(c.args ?? [])] };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [cli, ...only] = process.argv.slice(2);
  for (const name of Object.keys(CASES)) {
    if (only.length && !only.some((o) => name.includes(o))) continue;
    const { dir, args } = makeCase(name);
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'timeout', '-s', 'KILL', '60', process.execPath, cli, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    const [secs, kb] = last.split(' ');
    const code = r.status;
    const killed = /Command terminated by signal|exited with non-zero status 137/.test(r.stderr) || code === 137;
    const stack = /^\s+at .+:\d+:\d+\)?$/m.test(r.stderr);
    console.log(`${name}\t${killed ? '>60 s (killed)' : `${secs} s`}\t${Math.round(Number(kb) / 1024)} MB\texit ${killed ? '-' : code}${stack ? ' (stack trace)' : ''}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
