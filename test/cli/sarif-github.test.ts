import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GITHUB_SARIF_LIMITS, SARIF_AUTOMATION_ID } from '@popdb-guard/core';
import { REPO, runCli } from './run-cli';
import { sarifSchemaErrors } from './sarif-schema';

interface Rule {
  id: string;
  helpUri?: string;
  help?: { text: string };
  shortDescription?: { text: string };
  properties?: { tags?: string[]; 'security-severity'?: string };
}
interface Log {
  runs: {
    tool: { driver: { name: string; rules: Rule[] }; extensions?: unknown[] };
    automationDetails?: { id: string };
    invocations?: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[];
    results: { ruleId: string; partialFingerprints?: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

function exampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-sarif-gh-'));
  fs.cpSync(path.join(REPO, 'examples/one-stop-shop'), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  return dir;
}

const sarifOf = (dir: string): Log => JSON.parse(runCli([dir, '--format', 'sarif']).stdout) as Log;

/** GitHub code scanning's documented limits and the fields it reads (docs.github.com, "SARIF support for code scanning"). */
describe('SARIF for GitHub code scanning', () => {
  let dir: string;
  let log: Log;
  beforeAll(() => {
    dir = exampleCopy();
    log = sarifOf(dir);
  });

  it('is valid SARIF 2.1.0 with one run of one tool, within the run and result limits', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs).toHaveLength(1);
    expect(log.runs.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.runsPerFile);
    expect(log.runs[0].tool.driver.name).toBe('popdb-guard');
    expect(log.runs[0].tool.extensions ?? []).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(5);
    expect(log.runs[0].results.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.resultsPerRun);
    expect(log.runs[0].invocations?.[0]).toEqual({ executionSuccessful: true });
  });

  it('gives every rule help, a docs link, at most 20 tags and a security-severity GitHub can rank', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.length).toBeGreaterThanOrEqual(13);
    for (const rule of rules) {
      expect(rule.help?.text, rule.id).toBeTruthy();
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\//);
      expect(rule.shortDescription?.text, rule.id).toBeTruthy();
      const tags = rule.properties?.tags ?? [];
      expect(tags.length, rule.id).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.tagsPerRule);
      const severity = rule.properties?.['security-severity'];
      expect(severity, rule.id).toMatch(/^\d+(\.\d)?$/);
      expect(Number(severity)).toBeGreaterThanOrEqual(0);
      expect(Number(severity)).toBeLessThanOrEqual(10);
    }
    // GitHub ranks a rule by security-severity only when it is tagged "security"
    const ranked = (id: string) => Number(rules.find((r) => r.id === id)!.properties!['security-severity']);
    const plugin = rules.filter((r) => r.id.startsWith('popdb/') && r.properties?.tags?.includes('security'));
    expect(plugin.length).toBe(10);
    expect(ranked('popdb/no-hardcoded-credentials')).toBeGreaterThanOrEqual(9); // Critical
    expect(ranked('popdb/no-tls-verification-disabled')).toBeGreaterThanOrEqual(7); // High
    expect(ranked('popdb/require-audit-log')).toBeGreaterThanOrEqual(4); // Medium
    expect(ranked('popdb/require-audit-log')).toBeLessThan(7);
  });

  it('names the analysis category in automationDetails.id', () => {
    expect(log.runs[0].automationDetails?.id).toBe(SARIF_AUTOMATION_ID);
    expect(SARIF_AUTOMATION_ID).toMatch(/^popdb-guard\//);
  });

  it('keeps partialFingerprints when unrelated lines are inserted above the findings', () => {
    const fingerprints = (l: Log) => l.runs[0].results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri} ${r.partialFingerprints?.['popdbGuard/v1']}`);
    const before = fingerprints(log);
    for (const r of log.runs[0].results) expect(r.partialFingerprints?.['popdbGuard/v1']).toMatch(/^[0-9a-f]{16,}/);
    const file = path.join(dir, 'src/routes/ho-so.router.ts');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `// moved down by a comment\n\n\n${text}`);
    const after = sarifOf(dir);
    expect(fingerprints(after)).toEqual(before);
    const lines = (l: Log) => l.runs[0].results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'src/routes/ho-so.router.ts').map((r) => r.locations[0].physicalLocation.region.startLine);
    expect(lines(after)).toEqual(lines(log).map((n) => n + 3));
  });
});
