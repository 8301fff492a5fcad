import { oneFindingPerLocation } from '@popdb-guard/engine';
import type { Finding } from '@popdb-guard/core';

const at = (ruleId: string, line: number, column: number, severity: Finding['severity'] = 'error'): Finding => ({ ruleId, severity, message: ruleId, file: '/p/src/job.ts', line, column });

describe('one finding per location (SPEC §1)', () => {
  it('keeps the more specific rule where two rules report the same place', () => {
    const kept = oneFindingPerLocation([at('popdb/require-audit-log', 12, 20), at('popdb/no-unbounded-query-loop', 12, 20), at('popdb/require-audit-log', 30, 5)]);
    expect(kept.map((f) => `${f.ruleId}@${f.line}`)).toEqual(['popdb/no-unbounded-query-loop@12', 'popdb/require-audit-log@30']);
  });

  it('reports a log call that writes a password and a citizen\'s data as the credential (the account opens every other record)', () => {
    const kept = oneFindingPerLocation([at('popdb/no-citizen-data-in-logs', 8, 3, 'warning'), at('popdb/no-credentials-in-logs', 8, 3)]);
    expect(kept.map((f) => f.ruleId)).toEqual(['popdb/no-credentials-in-logs']);
  });

  it('never merges different places or directive findings', () => {
    const findings = [at('popdb/no-citizen-data-in-logs', 8, 3, 'warning'), at('popdb/no-citizen-data-to-messaging', 8, 4), at('popdb/suppression-without-reason', 8, 3)];
    expect(oneFindingPerLocation(findings)).toHaveLength(3);
  });

  it('keeps the crash of every rule on a file: they all sit at 1:1, none hides another (issue 14, item 7)', () => {
    const crash = (ruleId: string): Finding => ({ ...at(ruleId, 1, 1), messageId: 'popdbInternalError', message: `${ruleId} crashed` });
    const findings = ['popdb/no-hardcoded-credentials', 'popdb/no-unregistered-endpoint', 'popdb/require-audit-log', 'popdb/no-unbounded-query-loop', 'popdb/no-citizen-data-in-logs'].map(crash);
    // a real finding at the same place still competes by precedence with the other real ones
    const kept = oneFindingPerLocation([...findings, at('popdb/require-audit-log', 1, 1), at('popdb/no-citizen-data-in-logs', 1, 1)]);
    expect(kept.filter((f) => f.messageId === 'popdbInternalError')).toHaveLength(5);
    expect(kept.filter((f) => f.messageId === undefined).map((f) => f.ruleId)).toEqual(['popdb/require-audit-log']);
  });
});
