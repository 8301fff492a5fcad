import * as os from 'node:os';
import * as path from 'node:path';
import type { ESLint } from 'eslint';
import { policyFor } from '@popdb-guard/core';
import { createEslint, lintTextWithSuppressions, toFindings, toLintOutcome } from '@popdb-guard/engine';

const root = path.join(os.tmpdir(), 'popdb-engine-suppressions');
const file = path.join(root, 'src/dancu/xac-minh.service.ts');

function eslint() {
  const p = policyFor(root);
  if (!p.ok) throw new Error('defaults must load');
  return createEslint(p.policy, root);
}

/** The shape ESLint 9+/10 gives for a file where one popdb message was suppressed by a directive. */
function lintResult(partial: Partial<ESLint.LintResult>): ESLint.LintResult {
  return {
    filePath: file,
    messages: [],
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
    ...partial,
  } as ESLint.LintResult;
}

describe('toLintOutcome', () => {
  it('keeps each suppressed popdb finding with the reason written after "--"', () => {
    const outcome = toLintOutcome([
      lintResult({
        suppressedMessages: [
          {
            ruleId: 'popdb/no-hardcoded-credentials',
            messageId: 'hardcoded',
            severity: 2,
            message: 'Mật khẩu viết cứng "sa***********81" — hardcoded password',
            line: 9,
            column: 36,
            endLine: 9,
            endColumn: 63,
            suppressions: [{ kind: 'directive', justification: 'sandbox account issued by C06' }],
          },
        ],
      }),
    ]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.suppressions).toEqual([
      {
        kind: 'inSource',
        justification: 'sandbox account issued by C06',
        finding: expect.objectContaining({ ruleId: 'popdb/no-hardcoded-credentials', severity: 'error', line: 9, column: 36, file }),
      },
    ]);
  });

  it('joins the reasons when several directives cover one message, and keeps an empty reason empty', () => {
    const suppressed = { ruleId: 'popdb/no-default-credentials', messageId: 'default', severity: 1 as const, message: 'default password', line: 4, column: 1 };
    const outcome = toLintOutcome([
      lintResult({
        suppressedMessages: [
          { ...suppressed, suppressions: [{ kind: 'directive', justification: 'seed data for local docker' }, { kind: 'directive', justification: 'reviewed 2025-05' }] },
          { ...suppressed, line: 8, suppressions: [{ kind: 'directive', justification: '' }] },
        ],
      }),
    ]);
    expect(outcome.suppressions.map((s) => s.justification)).toEqual(['seed data for local docker; reviewed 2025-05', '']);
    expect(outcome.suppressions[0].finding.severity).toBe('warning');
  });

  it('ignores suppressed messages of other tools\' rules', () => {
    const outcome = toLintOutcome([
      lintResult({ suppressedMessages: [{ ruleId: 'no-console', severity: 2, message: 'x', line: 1, column: 1, suppressions: [{ kind: 'directive', justification: '' }] }] }),
    ]);
    expect(outcome.suppressions).toEqual([]);
  });

  it('maps unused directives of popdb rules to popdb/unused-suppression and ignores those of other rules', () => {
    const results = [
      lintResult({
        messages: [
          { ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'popdb/no-hardcoded-credentials').", line: 7, column: 3 },
          { ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'no-console').", line: 20, column: 1 },
        ],
      }),
    ];
    const findings = toFindings(results);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'popdb/unused-suppression', messageId: 'unused', severity: 'warning', line: 7, column: 3 });
    expect(findings[0].message).toContain('popdb/no-hardcoded-credentials');
  });

  it('drops unused directives of rules that are turned off (a policy may switch a rule off for a while)', () => {
    const results = [
      lintResult({
        messages: [{ ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'popdb/require-audit-log').", line: 7, column: 3 }],
      }),
    ];
    expect(toLintOutcome(results, { offRules: new Set(['popdb/require-audit-log']) }).findings).toEqual([]);
    expect(toLintOutcome(results).findings).toHaveLength(1);
  });
});

describe('lintTextWithSuppressions (the config hosts lint with)', () => {
  const code = (directive: string) => `import { Injectable } from '@nestjs/common';

@Injectable()
export class XacMinhService {
  ${directive}
  private readonly apiKey = process.env.LGSP_API_KEY ?? '';
}
`;

  it('reports an eslint-disable of a popdb rule without a reason at the directive', async () => {
    const { findings } = await lintTextWithSuppressions(eslint(), file, code('// eslint-disable-next-line popdb/no-hardcoded-credentials'));
    const noReason = findings.filter((f) => f.ruleId === 'popdb/suppression-without-reason');
    expect(noReason).toHaveLength(1);
    expect(noReason[0]).toMatchObject({ messageId: 'noReason', severity: 'error', line: 5, column: 3 });
  });

  it('accepts a directive whose reason follows "--"', async () => {
    const { findings } = await lintTextWithSuppressions(
      eslint(),
      file,
      code('// eslint-disable-next-line popdb/no-hardcoded-credentials -- key of the C06 sandbox, rotated weekly by C06'),
    );
    expect(findings.filter((f) => f.ruleId === 'popdb/suppression-without-reason')).toEqual([]);
  });

  it('also requires a reason on block and same-line directives, and only for directives naming a popdb rule', async () => {
    const text = `/* eslint-disable popdb/no-unbounded-query-loop */
const x = 1; // eslint-disable-line popdb/no-default-credentials
// eslint-disable-next-line no-console
console.log(x);
/* eslint-enable popdb/no-unbounded-query-loop */
`;
    const { findings } = await lintTextWithSuppressions(eslint(), file, text);
    expect(findings.filter((f) => f.ruleId === 'popdb/suppression-without-reason').map((f) => [f.line, f.column])).toEqual([
      [1, 1],
      [2, 14],
    ]);
  });

  it('reports a directive that names a popdb rule that does not exist as an unused suppression', async () => {
    const { findings } = await lintTextWithSuppressions(eslint(), file, code('// eslint-disable-next-line popdb/no-hardcoded-secrets -- typo of the rule name'));
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'popdb/unused-suppression', messageId: 'unknownRule', severity: 'warning', line: 5, column: 3 })]);
  });
});
