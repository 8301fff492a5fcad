import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY, hasStackTrace, runCliBounded, tempDir, unregisteredFetch, writeFiles } from './planted';

/**
 * Issue 14, item 3: one file never ends the scan. Deeply nested code
 * overflows recursive walkers (ours and TypeScript's parser); every output
 * (text, JSON, SARIF, HTML, inventory, approve, diff) must still finish with
 * exit 0 or 1, name the file that could not be processed, and report the
 * planted finding of the other file. Inputs at the thresholds,
 * generated at test time.
 */

const URL = "'https://lgsp-gw.evil.vn/dancu/v1/CongDan'";
export const DEEP_INPUTS: Record<string, () => string> = {
  'callbacks-256': () => {
    let s = `fetch(${URL})`;
    for (let i = 0; i < 256; i++) s = `run(function () { return ${s}; })`;
    return `declare function run(f: () => unknown): unknown;\nexport const x = ${s};\n`;
  },
  'chain-465': () => {
    let s = `export function f0() { return fetch(${URL}); }\n`;
    for (let i = 1; i < 465; i++) s += `export function f${i}() { return f${i - 1}(); }\n`;
    return s;
  },
  'arrows-600': () => {
    let s = `fetch(${URL})`;
    for (let i = 0; i < 600; i++) s = `() => ${s}`;
    return `export const a = ${s};\n`;
  },
  'objects-600': () => {
    let s = `fetch(${URL})`;
    for (let i = 0; i < 600; i++) s = `{ a: ${s} }`;
    return `export const o = ${s};\n`;
  },
  'then-1000': () => `export const p = fetch(${URL})${'.then((r) => r)'.repeat(1000)};\n`,
  'concat-3000': () => `export const u = 'https://lgsp-gw.evil.vn/dancu/v1/' + ${Array.from({ length: 3000 }, (_, i) => `'p${i}'`).join(' + ')};\nfetch(u);\n`,
  'parens-5000': () => `export const x = ${'('.repeat(5000)}fetch(${URL})${')'.repeat(5000)};\n`,
  // found by the fuzz: a line over 10,000 characters makes the file "generated", checked on TypeScript's own parse, which overflows too
  'generated-parens-5000': () => `export const x = ${'('.repeat(5000)}fetch(${URL})${')'.repeat(5000)};\nexport const long = '${'x'.repeat(12_000)}';\n`,
};

interface Finding {
  ruleId: string;
  file: string;
  message: string;
}

function project(): string {
  const dir = tempDir('hostile-deep');
  writeFiles(dir, {
    'popdb-policy.yaml': POLICY,
    'src/lookup.ts': `${unregisteredFetch(1).join('\n')}\n`,
    ...Object.fromEntries(Object.entries(DEEP_INPUTS).map(([name, gen]) => [`src/deep/${name}.ts`, gen()])),
  });
  return dir;
}

function run(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = runCliBounded(args, dir, 240_000);
  expect(r.timedOut).toBe(false);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stderr).not.toContain('internal error:');
  expect([0, 1]).toContain(r.code);
  return r;
}

describe('deeply nested code never ends the scan (issue 14, item 3)', () => {
  let dir: string;
  beforeAll(() => {
    dir = project();
  });

  // text and SARIF already turned a crash into a finding; JSON and HTML build the inventory too
  it('the JSON and HTML reports finish, name each deep file they could not check, and keep the other findings', () => {
    for (const format of ['json', 'html']) {
      const out = path.join(dir, `report.${format}`);
      const r = run(dir, ['.', '--format', format, '--output', out]);
      expect(r.code).toBe(1);
      const text = fs.readFileSync(out, 'utf8');
      expect(text).toContain('lgsp-gw1.evil.vn');
      if (format !== 'json') continue;
      const findings = (JSON.parse(text) as { findings: Finding[] }).findings;
      for (const name of Object.keys(DEEP_INPUTS)) {
        const file = `src/deep/${name}.ts`;
        const own = findings.filter((f) => f.file === file);
        // checked (its request is reported) or reported as not checked: never silently dropped
        expect(own.length, file).toBeGreaterThan(0);
      }
      // the rules that crashed on one file are each a finding, and no finding is a bare stack trace
      for (const f of findings) expect(f.message).not.toMatch(/\n\s+at /);
    }
  });

  it('inventory, approve and diff finish and name the files left out', () => {
    const inv = run(dir, ['inventory', '.', '--format', 'json']);
    expect(inv.code).toBe(0);
    const entries = (JSON.parse(inv.stdout) as { entries: { file: string }[] }).entries;
    expect(entries.some((e) => e.file === 'src/lookup.ts')).toBe(true);
    const notInInventory = Object.keys(DEEP_INPUTS).filter((name) => !entries.some((e) => e.file === `src/deep/${name}.ts`));
    for (const name of notInInventory) expect(inv.stderr, name).toContain(`src/deep/${name}.ts`);
    const approve = run(dir, ['approve', '.', '--output', 'approved.json']);
    expect(approve.code).toBe(0);
    const diff = run(dir, ['diff', '--approved', 'approved.json', '.', '--format', 'json']);
    // nothing changed between approve and diff: the same inputs give the same answer
    expect(diff.code).toBe(0);
    expect(run(dir, ['.', '--approved', 'approved.json', '--format', 'json']).code).toBe(1);
  });
});
