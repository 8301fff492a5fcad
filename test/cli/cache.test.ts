import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyFixture, runCli } from './run-cli';

type Generator = typeof import('../../scripts/bench/generate.mjs', { with: { 'resolution-mode': 'import' } });

// `--cache`: a file's results are reused only when the file and everything its
// analysis read are unchanged. The fixture's route has no finding of its own
// while the wrapper it calls audits inside; stop the wrapper's audit and the
// unchanged route must get its finding, exactly as a run without the cache.

type Report = { findings: { ruleId: string; file: string; line: number; message: string }[]; inventory?: unknown } & Record<string, unknown>;

function scan(project: string, extra: string[] = []): { report: Report; stderr: string; code: number | null } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-out-')), 'report.json');
  const run = runCli([project, '--format', 'json', '--output', out, ...extra]);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  delete report.generatedAt;
  delete report.durationMs;
  delete (report.summary as Record<string, unknown> | undefined)?.durationMs;
  return { report, stderr: run.stderr, code: run.code };
}

const rules = (r: Report) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);

describe('popdb-guard --cache', () => {
  let repo: string;
  let plain: Report;
  beforeAll(async () => {
    const gen: Generator = await import('../../scripts/bench/generate.mjs');
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-repo-'));
    gen.generateRepo(repo, { files: 120, seed: 7 });
    plain = scan(repo, ['--concurrency', 'off']).report;
    expect(plain.findings.length).toBeGreaterThan(3);
  });

  it('a second run gives the same report, from the cache', () => {
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-dir-'));
    const first = scan(repo, ['--concurrency', 'off', '--cache', '--cache-location', location]);
    expect(first.stderr).toBe('');
    expect(first.report).toEqual(plain);
    const cacheFiles = fs.readdirSync(location);
    expect(cacheFiles).toHaveLength(1);
    const entries = Object.keys((JSON.parse(fs.readFileSync(path.join(location, cacheFiles[0]), 'utf8')) as { files: object }).files);
    expect(entries.length).toBe(120);
    expect(scan(repo, ['--concurrency', 'off', '--cache', '--cache-location', location]).report).toEqual(plain);
  });

  it('lint threads record what their files read too: a cold threaded run, then a warm one', () => {
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-dir-'));
    expect(scan(repo, ['--concurrency', '2', '--cache', '--cache-location', location]).report).toEqual(plain);
    expect(scan(repo, ['--concurrency', '2', '--cache', '--cache-location', location]).report).toEqual(plain);
  });

  it('the default location is node_modules/.cache/popdb-guard in the scan root', () => {
    const project = copyFixture('cache-project');
    scan(project, ['--cache']);
    expect(fs.readdirSync(path.join(project, 'node_modules/.cache/popdb-guard')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('a cache kept inside the scanned folder is not scanned itself', () => {
    const project = copyFixture('cache-project');
    const inside = path.join(project, '.popdb-cache');
    const first = scan(project, ['--cache', '--cache-location', inside]);
    const second = scan(project, ['--cache', '--cache-location', inside]);
    expect(fs.readdirSync(path.join(project, '.popdb-cache'))).toHaveLength(1);
    expect(second.report).toEqual(first.report);
    expect(second.report.findings.every((f) => !f.file.startsWith('.popdb-cache'))).toBe(true);
  });

  it('a change in a file another file depends on re-checks the dependent, as a run without the cache', () => {
    const project = copyFixture('cache-project');
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-dir-'));
    const before = scan(project, ['--cache', '--cache-location', location]).report;
    expect(rules(before)).toEqual(['popdb/no-hardcoded-credentials src/config.ts:5']);
    // the wrapper stops auditing: ho-so.route.ts (unchanged) now holds an unaudited query
    const client = path.join(project, 'src/dancu-client.ts');
    fs.writeFileSync(client, fs.readFileSync(client, 'utf8').replace(/^ {2}auditLog\(.*\n/m, ''));
    const after = scan(project, ['--cache', '--cache-location', location]).report;
    expect(rules(after)).toContain('popdb/require-audit-log src/ho-so.route.ts:5');
    expect(after).toEqual(scan(project).report);
    // and back: the finding goes again
    fs.writeFileSync(client, fs.readFileSync(path.join(__dirname, '../fixtures/cache-project/src/dancu-client.ts'), 'utf8'));
    expect(scan(project, ['--cache', '--cache-location', location]).report).toEqual(before);
  });

  it('a change of the policy re-checks everything', () => {
    const project = copyFixture('cache-project');
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-dir-'));
    scan(project, ['--cache', '--cache-location', location]);
    // another province's gateway registered instead: every query in the project is now unregistered
    const policyFile = path.join(project, 'popdb-policy.yaml');
    fs.writeFileSync(policyFile, fs.readFileSync(policyFile, 'utf8').replace('lgsp.quangnam.gov.vn', 'lgsp.quangngai.gov.vn'));
    const after = scan(project, ['--cache', '--cache-location', location]).report;
    expect(rules(after).filter((r) => r.startsWith('popdb/no-unregistered-endpoint')).length).toBeGreaterThan(0);
    expect(after).toEqual(scan(project).report);
  });

  it('a corrupt cache is ignored with a note, and rewritten', () => {
    const project = copyFixture('cache-project');
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-dir-'));
    const expected = scan(project).report;
    scan(project, ['--cache', '--cache-location', location]);
    const file = path.join(location, fs.readdirSync(location)[0]);
    for (const garbage of ['{"format": 1, "files": {"src/x.ts": 3', '{"format":1,"tool":"x","key":"y","files":{"src/a.ts":{"hash":1}}}']) {
      fs.writeFileSync(file, garbage);
      const run = scan(project, ['--cache', '--cache-location', location]);
      expect(run.stderr).toMatch(/^popdb-guard: note: the cache .* could not be read \(not a popdb-guard cache\); it is ignored and rewritten\n$/);
      expect(run.code).toBe(1);
      expect(run.report).toEqual(expected);
      // rewritten: the next run is quiet
      expect(scan(project, ['--cache', '--cache-location', location]).stderr).toBe('');
    }
  });

  it('never stores a secret in clear: the planted password is masked in the cache as in the report', () => {
    const project = copyFixture('cache-project');
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-cache-dir-'));
    const { report } = scan(project, ['--cache', '--cache-location', location]);
    expect(rules(report)).toContain('popdb/no-hardcoded-credentials src/config.ts:5');
    const cache = fs.readFileSync(path.join(location, fs.readdirSync(location)[0]), 'utf8');
    expect(cache).toContain('no-hardcoded-credentials');
    expect(cache).not.toContain('Qn7#vLp2$Wx9kRt4');
    expect(cache).not.toContain('vLp2$Wx9k');
  });
});
