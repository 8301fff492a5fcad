import * as os from 'node:os';
import * as path from 'node:path';
import { formatJson, formatSarif, formatText, policyFor, PSEUDO_RULES } from '@popdb-guard/core';
import type { Finding, ScanReport, Suppression } from '@popdb-guard/core';

const root = path.join(os.tmpdir(), 'popdb-suppressions-unit');

function report(findings: Finding[], suppressions: Suppression[]): ScanReport {
  const policy = policyFor(path.join(root, 'x'));
  if (!policy.ok) throw new Error('defaults must load');
  return { tool: { name: 'popdb-guard', version: '0.1.0' }, root, policy: policy.policy, filesScanned: 2, findings, suppressions, rules: [] };
}

const suppressedPassword: Finding = {
  ruleId: 'popdb/no-hardcoded-credentials',
  messageId: 'hardcoded',
  severity: 'error',
  message: 'Mật khẩu viết cứng "sa***********81" — hardcoded password',
  file: path.join(root, 'src/dancu/xac-minh.service.ts'),
  line: 9,
  column: 36,
  fingerprint: '0123456789abcdef0123456789abcdef',
};
const withReason: Suppression = { kind: 'inSource', justification: 'sandbox account issued by C06 for the integration test environment', finding: suppressedPassword };
const withoutReason: Suppression = { kind: 'inSource', justification: '', finding: { ...suppressedPassword, line: 12 } };
const noReasonFinding: Finding = {
  ruleId: 'popdb/suppression-without-reason',
  messageId: 'noReason',
  severity: 'error',
  message: 'eslint-disable directive without a reason: popdb/no-hardcoded-credentials',
  file: suppressedPassword.file,
  line: 11,
  column: 3,
};

describe('suppressions in the text, JSON and SARIF reports', () => {
  it('text: a summary line counts suppressions and those without a reason', () => {
    const text = formatText(report([noReasonFinding], [withReason, withoutReason]));
    expect(text).toContain('2 finding(s) suppressed in the code by eslint-disable directives (1 without a reason)');
  });

  it('text: no suppression line when nothing is suppressed', () => {
    expect(formatText(report([], []))).not.toContain('suppressed in the code');
  });

  it('JSON: summary.suppressions counts them and each one carries its location and reason', () => {
    const json = JSON.parse(formatJson(report([noReasonFinding], [withReason, withoutReason])));
    expect(json.summary.suppressions).toBe(2);
    expect(json.suppressions[0]).toEqual({
      ruleId: 'popdb/no-hardcoded-credentials',
      severity: 'error',
      message: suppressedPassword.message,
      file: 'src/dancu/xac-minh.service.ts',
      line: 9,
      column: 36,
      kind: 'inSource',
      justification: 'sandbox account issued by C06 for the integration test environment',
    });
    expect(json.suppressions[1].justification).toBe('');
  });

  it('SARIF: suppressed findings are results marked suppressed in source, with the justification when one was written', () => {
    const sarif = JSON.parse(formatSarif(report([noReasonFinding], [withReason, withoutReason])));
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(3);
    expect(results[0].suppressions).toBeUndefined();
    expect(results[1]).toMatchObject({
      ruleId: 'popdb/no-hardcoded-credentials',
      level: 'error',
      suppressions: [{ kind: 'inSource', justification: 'sandbox account issued by C06 for the integration test environment' }],
      partialFingerprints: { 'popdbGuard/v1': '0123456789abcdef0123456789abcdef' },
    });
    expect(results[2].suppressions).toEqual([{ kind: 'inSource' }]);
  });

  it('SARIF: every pseudo-rule has a descriptor with help, and results point at it', () => {
    const sarif = JSON.parse(formatSarif(report([noReasonFinding], [])));
    const rules = sarif.runs[0].tool.driver.rules;
    for (const pseudo of PSEUDO_RULES) {
      const d = rules.find((r: { id: string }) => r.id === pseudo.id);
      expect(d, pseudo.id).toBeDefined();
      expect(d.help.text).toContain(pseudo.help.en);
      expect(d.defaultConfiguration.level).toBe(pseudo.severity);
    }
    expect(rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['popdb/parse-error', 'popdb/suppression-without-reason', 'popdb/unused-suppression']));
    const result = sarif.runs[0].results[0];
    expect(rules[result.ruleIndex].id).toBe('popdb/suppression-without-reason');
  });
});
