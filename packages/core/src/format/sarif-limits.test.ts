import * as os from 'node:os';
import * as path from 'node:path';
import { formatSarif, GITHUB_SARIF_LIMITS, policyFor, sarifLimitWarning } from '@popdb-guard/core';
import type { Finding, ScanReport } from '@popdb-guard/core';

const root = path.join(os.tmpdir(), 'popdb-sarif-limits');

function finding(i: number, severity: Finding['severity']): Finding {
  return { ruleId: 'popdb/no-hardcoded-credentials', severity, message: `finding ${i}`, file: path.join(root, `src/f${i % 50}.ts`), line: i + 1, column: 1, fingerprint: `fp${i}` };
}

function report(findings: Finding[]): ScanReport {
  const policy = policyFor(path.join(root, 'x'));
  if (!policy.ok) throw new Error('defaults must load');
  return { tool: { name: 'popdb-guard', version: '0.1.0' }, root, policy: policy.policy, filesScanned: 50, findings, rules: [] };
}

interface Run {
  results: { message: { text: string }; level: string }[];
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[];
}

describe("SARIF over GitHub's 25,000 results per run", () => {
  it('keeps the first 25,000 results, errors first, and says so in the run', () => {
    // warnings first in the file order, errors after: the errors must survive the cut
    const findings = [...Array.from({ length: 10 }, (_, i) => finding(i, 'warning')), ...Array.from({ length: GITHUB_SARIF_LIMITS.resultsPerRun }, (_, i) => finding(i + 10, 'error'))];
    const r = report(findings);
    const run = (JSON.parse(formatSarif(r)) as { runs: Run[] }).runs[0];
    expect(run.results).toHaveLength(GITHUB_SARIF_LIMITS.resultsPerRun);
    expect(run.results.every((x) => x.level === 'error')).toBe(true);
    const notes = run.invocations[0].toolExecutionNotifications ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0].level).toBe('warning');
    expect(notes[0].message.text).toBe(sarifLimitWarning(r));
    expect(notes[0].message.text).toContain('25010 results exceed');
  });

  it('writes every result and no notification at the limit or under it', () => {
    const r = report(Array.from({ length: 3 }, (_, i) => finding(i, 'warning')));
    expect(sarifLimitWarning(r, 3)).toBeUndefined();
    const run = (JSON.parse(formatSarif(r, { maxResults: 3 })) as { runs: Run[] }).runs[0];
    expect(run.results).toHaveLength(3);
    expect(run.invocations[0]).toEqual({ executionSuccessful: true });
    const cut = (JSON.parse(formatSarif(r, { maxResults: 2 })) as { runs: Run[] }).runs[0];
    expect(cut.results.map((x) => x.message.text)).toEqual(['finding 0', 'finding 1']);
    expect(cut.invocations[0].toolExecutionNotifications?.[0].message.text).toContain('3 results exceed');
  });
});
