import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY, generatedBundle, hasStackTrace, leaks, runCliBounded, tempDir, unregisteredFetch, writeFiles } from './planted';

/**
 * Issue 14, item 4: inputs that took minutes to hours, generated at test
 * time. No time is asserted here (the growth ratios are measured by `npm run
 * fuzz`); the CLI run has a generous limit, so a return to super-linear time
 * fails as a timeout, and the results must stay right.
 */

const SECRET = 'Zq8vKp2mWx9rLt4nB7';

interface Json {
  findings: { ruleId: string; file: string; message: string; line: number }[];
}

function scan(files: Record<string, string>, args: string[] = ['--format', 'json']): { json: Json; raw: string } {
  const dir = tempDir('hostile-linear');
  writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'src/lookup.ts': `${unregisteredFetch(1).join('\n')}\n`, ...files });
  const r = runCliBounded(['.', ...args], dir, 180_000);
  expect(r.timedOut).toBe(false);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout) as Json;
  expect(json.findings.some((f) => f.file === 'src/lookup.ts' && f.ruleId === 'popdb/no-unregistered-endpoint')).toBe(true);
  return { json, raw: r.stdout };
}

describe('hostile sizes stay linear (issue 14, item 4)', () => {
  it('a 10 KB literal of repeated `a://`, and a 10 KB `passpass…` literal next to a secret in the HTML masker', () => {
    const files = {
      'src/hostile.ts': `export const a = '${'a://'.repeat(2500)}';\nexport const filler = '${'passpass'.repeat(1250)}', password = '${SECRET}';\n${unregisteredFetch(2).join('\n')}\n`,
      'config/app.env': `DB_PASSWORD=${SECRET}${'x'.repeat(100_000)}\n`,
    };
    const { json } = scan(files);
    expect(json.findings.some((f) => f.file === 'src/hostile.ts' && f.ruleId === 'popdb/no-hardcoded-credentials')).toBe(true);
    const dir = tempDir('hostile-linear-html');
    writeFiles(dir, { 'popdb-policy.yaml': POLICY, ...files });
    const r = runCliBounded(['.', '--format', 'html'], dir, 180_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lgsp-gw2.evil.vn');
    expect(leaks({ html: r.stdout }, [{ kind: 'password', secret: SECRET, code: [] }])).toEqual([]);
  });

  it('a 1 MB one-line JSON with 26,000 URLs is scanned, every finding on line 1', () => {
    const obj: Record<string, string> = {};
    for (let i = 0; i < 26_000; i++) obj[`k${i}`] = `https://lgsp-gw.evil.vn/dancu/v1/${i}`;
    const { json } = scan({ 'data/urls.json': JSON.stringify(obj) });
    const own = json.findings.filter((f) => f.file === 'data/urls.json' && f.ruleId === 'popdb/no-unregistered-endpoint');
    expect(own).toHaveLength(26_000);
    expect(own.every((f) => f.line === 1)).toBe(true);
  });

  it('a 5 MB one-line bundle is recognised as generated: the cheap rules only, a visible note, the secret masked in every format', () => {
    const bundle = generatedBundle(5, SECRET);
    const { json, raw } = scan({ 'public/bundle.js': bundle });
    const own = json.findings.filter((f) => f.file === 'public/bundle.js');
    expect(own.map((f) => f.ruleId).sort()).toEqual(['popdb/internal-error', 'popdb/no-hardcoded-credentials']);
    expect(own.find((f) => f.ruleId === 'popdb/internal-error')!.message).toContain('generated or minified file');
    const dir = tempDir('hostile-bundle-html');
    const html = path.join(dir, 'r.html');
    writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'public/bundle.js': bundle });
    const r = runCliBounded(['.', '--format', 'html', '--output', html], dir, 180_000);
    expect(r.code).toBe(1);
    expect(leaks({ json: raw, html: fs.readFileSync(html, 'utf8') }, [{ kind: 'password', secret: SECRET, code: [] }])).toEqual([]);
  });
});
