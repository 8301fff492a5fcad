import type { Finding } from './findings';
import { INTERNAL_ERROR_RULE_ID } from './rule';

/**
 * One file never ends the scan (SPEC §3): every per-file step of the hosts
 * (index, query sites, summaries, inventory rows, hashes, fingerprints)
 * runs through `guardStep`. A stack overflow on deeply nested code, an
 * exception or a budget overrun becomes a problem on that file naming the
 * step, reported as `popdb/internal-error`, and every other file and step
 * still runs.
 */
export interface StepProblem {
  /** Absolute path of the file the step was working on. */
  file: string;
  /** What was running: `inventory: query sites`, `fingerprint`, … */
  step: string;
  /** The first line of the error, at most 200 characters. */
  message: string;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.split('\n')[0].slice(0, 200);
}

/** Run `fn`; if it throws, record a problem on `file` and return `fallback`. */
export function guardStep<T>(problems: StepProblem[], file: string, step: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isFatal(error)) throw error;
    problems.push({ file, step, message: errorText(error) });
    return fallback;
  }
}

/** Errors that must stop the run: an invalid policy is not a crash of one file. */
function isFatal(error: unknown): boolean {
  return error instanceof Error && error.name === 'PolicyError';
}

/** A step problem as a finding on its file; one per file and step (a step that failed on every row of a file says so once). */
export function stepProblemFindings(problems: readonly StepProblem[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const p of problems) {
    const key = `${p.file}\u0000${p.step}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ruleId: INTERNAL_ERROR_RULE_ID,
      messageId: 'step',
      severity: 'error',
      message: `popdb-guard gặp lỗi nội bộ ở bước ${p.step}, tệp chưa được xử lý đầy đủ — internal error in ${p.step}, the file was not fully processed: ${p.message}`,
      file: p.file,
      line: 1,
      column: 1,
    });
  }
  return out;
}
