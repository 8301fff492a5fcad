import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, copyFixture, lineOf, ruleExists, runCli, type JsonReport } from './report-helpers';

/**
 * Suppressions in the code (`// eslint-disable-next-line popdb/<rule> -- reason`):
 * every one is on record with its reason in every format; a directive without
 * a reason is an error (`popdb/suppression-without-reason`), one that
 * suppresses nothing a warning (`popdb/unused-suppression`).
 */

const PROJECT = path.join(FIXTURES, 'suppressions');
const CONFIG = path.join(PROJECT, 'src/lgsp-config.ts');

function json(): { code: number | null; report: JsonReport } {
  const run = runCli(['.', '--format', 'json'], PROJECT);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

describe('suppressions in the CLI', () => {
  it('reports an eslint-disable of a popdb rule without a reason as an error, at the directive, and exits 1', () => {
    const { code, report } = json();
    const noReason = report.findings.filter((f) => f.ruleId === 'popdb/suppression-without-reason');
    expect(noReason.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([['src/lgsp-config.ts', lineOf(CONFIG, 'clientSecret') - 1, 3, 'error']]);
    expect(code).toBe(1);
  });

  it('reports a directive naming a popdb rule that does not exist as an unused suppression', () => {
    const { report } = json();
    const typo = report.findings.filter((f) => f.ruleId === 'popdb/unused-suppression' && f.message.includes('popdb/no-hardcoded-secrets'));
    expect(typo.map((f) => [f.line, f.column, f.severity, f.messageId])).toEqual([[lineOf(CONFIG, 'popdb/no-hardcoded-secrets'), 3, 'warning', 'unknownRule']]);
  });

  it('describes both pseudo-rules in SARIF and points the results at them', () => {
    const run = runCli(['.', '--format', 'sarif'], PROJECT);
    const sarif = JSON.parse(run.stdout);
    const rules = sarif.runs[0].tool.driver.rules as { id: string }[];
    for (const result of sarif.runs[0].results as { ruleId: string; ruleIndex: number }[]) {
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    const ids = (sarif.runs[0].results as { ruleId: string }[]).map((r) => r.ruleId);
    expect(ids).toContain('popdb/suppression-without-reason');
    expect(ids).toContain('popdb/unused-suppression');
  });

  describe('with the credential rule', () => {
    const hasRule = ruleExists('no-hardcoded-credentials');

    it.skipIf(!hasRule)('keeps each suppressed credential finding with its reason in JSON, and never its secret', () => {
      const { report } = json();
      expect(report.summary.suppressions).toBe(2);
      expect(report.suppressions.map((s) => [s.ruleId, s.line, s.justification])).toEqual([
        ['popdb/no-hardcoded-credentials', lineOf(CONFIG, 'sandboxPassword'), 'sandbox account issued by C06 for the integration test environment, rotated weekly by C06'],
        ['popdb/no-hardcoded-credentials', lineOf(CONFIG, 'clientSecret'), ''],
      ]);
      expect(report.findings.filter((f) => f.ruleId === 'popdb/no-hardcoded-credentials')).toEqual([]);
      const raw = runCli(['.', '--format', 'json'], PROJECT).stdout;
      expect(raw).not.toContain('Sandbox-C06-Test-2025!');
      expect(raw).not.toContain('prod-Lgsp-Cl1ent-S3cret-88');
    });

    it.skipIf(!hasRule)('marks suppressed results in SARIF as suppressed in source with the justification', () => {
      const sarif = JSON.parse(runCli(['.', '--format', 'sarif'], PROJECT).stdout);
      const suppressed = (sarif.runs[0].results as { ruleId: string; suppressions?: { kind: string; justification?: string }[] }[]).filter((r) => r.suppressions);
      expect(suppressed.map((r) => [r.ruleId, r.suppressions])).toEqual([
        ['popdb/no-hardcoded-credentials', [{ kind: 'inSource', justification: 'sandbox account issued by C06 for the integration test environment, rotated weekly by C06' }]],
        ['popdb/no-hardcoded-credentials', [{ kind: 'inSource' }]],
      ]);
    });

    it.skipIf(!hasRule)('counts suppressions in the text summary', () => {
      const run = runCli(['.'], PROJECT);
      expect(run.stdout).toContain('2 finding(s) suppressed in the code by eslint-disable directives (1 without a reason)');
    });

    it.skipIf(!hasRule)('reports a directive of an existing rule that suppresses nothing as unused', () => {
      const { report } = json();
      const unused = report.findings.filter((f) => f.ruleId === 'popdb/unused-suppression' && f.messageId === 'unused');
      expect(unused.map((f) => [f.line, f.column])).toEqual([[lineOf(CONFIG, 'process.env.LGSP_API_KEY') - 1, 3]]);
    });

    it.skipIf(!hasRule)('does not ask to remove directives of a rule the policy turns off', () => {
      const dir = copyFixture('suppressions');
      fs.appendFileSync(path.join(dir, 'popdb-policy.yaml'), 'rules:\n  popdb/no-hardcoded-credentials: "off"\n');
      const run = runCli(['.', '--format', 'json'], dir);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as JsonReport;
      expect(report.findings.filter((f) => f.ruleId === 'popdb/unused-suppression' && f.messageId === 'unused')).toEqual([]);
      // A reason is still owed for every directive.
      expect(report.findings.filter((f) => f.ruleId === 'popdb/suppression-without-reason')).toHaveLength(1);
    });
  });
});
