import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, runCli } from './run-cli';
import { sarifSchemaErrors } from './sarif-schema';

describe('popdb-guard CLI: usage', () => {
  it('prints help and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format text|json|sarif');
  });

  it('exits 2 with a one-line message on an unknown option', () => {
    const r = runCli(['--frmat', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/popdb-guard: .*frmat/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 on an unknown format and on a missing path', () => {
    expect(runCli(['--format', 'xml', '.']).code).toBe(2);
    const missing = runCli(['does/not/exist']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or directory: does/not/exist');
  });
});

describe('popdb-guard CLI: scanning a project', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyFixture('cli-basic');
    // dependencies and build output are never scanned, even when they would not parse
    for (const skipped of ['node_modules/lib', 'dist', 'build']) {
      fs.mkdirSync(path.join(dir, skipped), { recursive: true });
      fs.writeFileSync(path.join(dir, skipped, 'index.js'), 'const = ;\n');
    }
  });

  it('reports a file that does not parse as popdb/parse-error, scans the rest, and exits 1', () => {
    const r = runCli([dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    // health.ts, broken.js, settings.json — not node_modules, dist, build or the .gitignored folder
    expect(report.filesScanned).toBe(3);
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'popdb/parse-error', file: 'src/broken.js', line: 4, severity: 'error' }),
    ]);
  });

  it('writes valid SARIF 2.1.0 with relative forward-slash URIs and 1-based regions', () => {
    const out = path.join(dir, 'popdb.sarif');
    const r = runCli([dir, '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('popdb-guard');
    expect(run.tool.driver.rules.map((d: { id: string }) => d.id)).toContain('popdb/parse-error');
    for (const d of run.tool.driver.rules) expect(d.helpUri ?? d.help).toBeTruthy();
    const result = run.results[0];
    expect(result).toMatchObject({ ruleId: 'popdb/parse-error', level: 'error', message: { text: expect.any(String) } });
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'src/broken.js' }, region: { startLine: 4, startColumn: expect.any(Number) } });
  });

  it('prints a readable text report', () => {
    const r = runCli([dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/broken.js');
    expect(r.stdout).toContain('popdb/parse-error');
    expect(r.stdout).toMatch(/1 problem\(s\) \(1 error\(s\), 0 warning\(s\)\)/);
  });

  it('records findings in a baseline and then reports only new ones', () => {
    const baseline = path.join(dir, 'baseline.json');
    expect(runCli([dir, '--write-baseline', baseline, '--format', 'json']).code).toBe(1);
    const accepted = runCli([dir, '--baseline', baseline, '--format', 'json']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout).summary.baselineSuppressed).toBe(1);
    fs.writeFileSync(path.join(dir, 'src/also-broken.ts'), 'export const x = ;\n');
    const fresh = runCli([dir, '--baseline', baseline, '--format', 'json']);
    expect(fresh.code).toBe(1);
    expect(JSON.parse(fresh.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/also-broken.ts']);
    fs.rmSync(path.join(dir, 'src/also-broken.ts'));
  });

  it('exits 2 on a baseline file that is not a baseline', () => {
    const bogus = path.join(dir, 'bogus.json');
    fs.writeFileSync(bogus, '{"hello": 1}');
    const r = runCli([dir, '--baseline', bogus]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a popdb-guard baseline');
  });
});

describe('popdb-guard CLI: policy errors stop the scan with file, line and key', () => {
  const cases: [string, string, string, RegExp][] = [
    ['an unknown key', 'version: 1\npopulationDb:\n  registeredEndpoint: ["https://lgsp.x.gov.vn/dancu/"]\n', ':3:3: invalid policy at "populationDb.registeredEndpoint"', /did you mean "registeredEndpoints"/],
    ['a wrong type', 'version: 1\naudit:\n  functions: auditLog\n', ':3:14: invalid policy at "audit.functions"', /must be a list/],
    ['bad YAML', 'version: 1\nsystem:\n  name: "unterminated\n', 'popdb-policy.yaml:', /not valid YAML/],
    ['a relative registered endpoint', 'populationDb:\n  registeredEndpoints:\n    - "https://ok.gov.vn/dancu/"\n    - "/dancu/v1"\n', ':4:7: invalid policy at "populationDb.registeredEndpoints[1]"', /absolute URL prefix/],
    ['an unknown severity', 'rules:\n  popdb/require-audit-log: fatal\n', ':2:28: invalid policy at "rules.popdb/require-audit-log"', /must be one of "error", "warn", "off"/],
  ];
  it.each(cases)('%s', (_name, yaml, where, what) => {
    const dir = copyFixture('cli-basic');
    fs.writeFileSync(path.join(dir, 'popdb-policy.yaml'), yaml);
    const r = runCli([dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(where);
    expect(r.stderr).toMatch(what);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a policy given with --policy that does not exist', () => {
    const r = runCli(['.', '--policy', 'nope/popdb-policy.yaml'], copyFixture('cli-basic'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read policy file');
  });
});

describe('popdb-guard init', () => {
  it('writes a commented starter policy that loads, and refuses to overwrite it', () => {
    const dir = copyFixture('cli-basic');
    const r = runCli(['init'], dir);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'popdb-policy.yaml'), 'utf8');
    expect(text).toContain('registeredEndpoints');
    expect(text).toMatch(/^# /m);
    const scan = runCli([dir, '--format', 'json']);
    expect(scan.code).toBe(1);
    expect(JSON.parse(scan.stdout).policy).toBe('popdb-policy.yaml');
    expect(runCli(['init'], dir).code).toBe(2);
  });
});
