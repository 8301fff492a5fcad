import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatPolicyProblem, interpolate, localize, projectFiles, relativeUri, type Language, type LocalizedText } from '@popdb-guard/core';
import { planFixes, unifiedDiff } from '@popdb-guard/fix';
import { scan } from './scan';
import { parseConcurrency } from './concurrency';
import { UsageError } from './errors';
import { writeOrFail } from './output';
import type { Io } from './cli';

export interface FixValues {
  policy?: string;
  concurrency?: string;
  'dry-run'?: boolean;
  'env-helper'?: string;
  'limiter-concurrency'?: string;
}

const TEXT = {
  fixed: { vi: 'Đã sửa {{n}} phát hiện trong {{files}} tệp', en: 'fixed {{n}} finding(s) in {{files}} file(s)' },
  wouldFix: { vi: 'Sẽ sửa {{n}} phát hiện trong {{files}} tệp (--dry-run: chưa ghi tệp nào)', en: 'would fix {{n}} finding(s) in {{files}} file(s) (--dry-run: nothing written)' },
  nothing: { vi: 'Không có gì để sửa', en: 'nothing to fix' },
  notFixed: { vi: 'Chưa sửa ({{n}}):', en: 'not fixed ({{n}}):' },
  notes: { vi: 'Cần làm thêm:', en: 'to do by hand:' },
  invalidPolicy: { vi: 'tệp chính sách không hợp lệ, không sửa gì', en: 'the policy file is invalid, nothing was fixed' },
} as const satisfies Record<string, LocalizedText>;

const say = (text: LocalizedText, language: Language, data?: Record<string, string | number>) => interpolate(localize(text, language), data);

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} expects a positive integer, got "${value}"`);
  return Number(value);
}

/**
 * `popdb-guard fix [paths] [--dry-run]`: scan as the main command does (same
 * policy discovery and files), plan the fixes with @popdb-guard/fix and write
 * them; `--dry-run` prints the unified diff on stdout (secrets masked) and
 * writes nothing, the summary going to stderr so stdout is the diff alone (for
 * review: a removed secret is masked, so that hunk is not for `git apply`). Exit code as the scan's (SPEC §3): 0 when no error-severity
 * finding is left unfixed, 1 when one is, 2 on a usage, policy or write error.
 */
export async function fixCommand(paths: string[], values: FixValues, language: Language | undefined, io: Io): Promise<number> {
  const concurrency = positiveInteger(values['limiter-concurrency'], '--limiter-concurrency');
  const outcome = await scan({ paths, policyFile: values.policy, cwd: io.cwd, inventory: false, concurrency: parseConcurrency(values.concurrency) });
  if (!outcome.ok) {
    io.stderr(`popdb-guard: ${say(TEXT.invalidPolicy, language ?? 'both')}:\n${outcome.problems.map((p) => `  ${formatPolicyProblem(p)}`).join('\n')}\n`);
    return 2;
  }
  const { report } = outcome;
  const lang = language ?? report.policy.report.language;
  const plan = planFixes({
    findings: report.findings,
    policy: report.policy,
    read: (file) => projectFiles.read(file),
    options: { concurrency, envHelper: values['env-helper'] },
  });
  const dryRun = values['dry-run'] === true;
  if (dryRun) io.stdout(unifiedDiff(plan, report.root));
  else {
    for (const change of plan.changes) {
      writeOrFail(change.file, () => {
        fs.mkdirSync(path.dirname(change.file), { recursive: true });
        fs.writeFileSync(change.file, change.after);
      });
    }
  }
  const summary: string[] = [];
  const codeFiles = new Set(plan.fixed.map((f) => f.file)).size;
  summary.push(plan.fixed.length ? say(dryRun ? TEXT.wouldFix : TEXT.fixed, lang, { n: plan.fixed.length, files: codeFiles }) : say(TEXT.nothing, lang));
  for (const c of plan.changes) summary.push(`  ${c.before === undefined ? '+' : 'M'} ${relativeUri(report.root, c.file)}`);
  if (plan.unfixed.length) {
    summary.push('', say(TEXT.notFixed, lang, { n: plan.unfixed.length }));
    // finding messages are already masked by the rules; the reasons never carry a value
    for (const { finding, reason } of plan.unfixed) summary.push(`  ${relativeUri(report.root, finding.file)}:${finding.line}:${finding.column}  ${finding.ruleId}  ${localize(reason, lang)}`);
  }
  if (plan.notes.length) summary.push('', say(TEXT.notes, lang), ...plan.notes.map((n) => `  ${localize(n, lang)}`));
  (dryRun ? io.stderr : io.stdout)(`${summary.join('\n')}\n`);
  return plan.unfixed.some((u) => u.finding.severity === 'error') ? 1 : 0;
}
