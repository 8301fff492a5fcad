import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { mergeOutcomes, type LintOutcome } from '@popdb-guard/engine';
import type { Dependencies, InventoryFileSummary } from '@popdb-guard/core';
import { UsageError } from './errors';
import type { WorkerInput, WorkerReply } from './lint-worker';

/** `--concurrency`, spelled as ESLint spells it. */
export type Concurrency = 'auto' | 'off' | number;

export function parseConcurrency(value: string | undefined): Concurrency {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 'off';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency must be auto, off or a positive integer, not "${value}"`);
  return n;
}

/** Files per batch a thread asks for: small enough to balance, large enough that a batch's shared imports are parsed once per thread. */
const BATCH = 40;
/** Below this many files a thread costs more (start-up, its own project model) than it saves. */
const MIN_FILES_PER_THREAD = 150;

/**
 * How many lint threads: `off` and 1 mean none (lint in this thread); N is N
 * while there are batches for them. `auto` is ESLint's: at most half the
 * cores, and never a single lint thread (one thread in this thread instead),
 * when there are enough files. A lint thread keeps about 1.4 cores busy: V8's
 * optimizing compiler and concurrent collector run beside it. On 2 cores two
 * lint threads took 5 CPU s more than one for the same findings and finished
 * later (docs/benchmark.md, "Issue 11, fourth pass").
 */
export function threadCount(concurrency: Concurrency, files: number, cores = os.availableParallelism()): number {
  if (concurrency === 'off') return 1;
  if (concurrency === 'auto') {
    const threads = Math.min(cores >> 1, Math.floor(files / MIN_FILES_PER_THREAD));
    return threads >= 2 ? threads : 1;
  }
  return Math.max(1, Math.min(concurrency, Math.ceil(files / BATCH)));
}

/**
 * Lint with worker threads. Each thread runs the same engine over batches of
 * files it asks for in turn; the outcomes are put back in file order before
 * the one sort every outcome gets, so findings and their order are those of
 * `--concurrency off`. Every thread builds its own project model: cross-file
 * facts are computed once per thread that needs them, not shared.
 */
export async function lintInThreads(
  input: WorkerInput,
  files: readonly string[],
  threads: number,
  summaries?: Map<string, InventoryFileSummary | undefined>,
  dependencies?: Map<string, Dependencies>,
  onProgress?: (done: number, total: number) => void,
): Promise<LintOutcome> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const outcomes: LintOutcome[] = new Array(batches.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      let filesDone = 0;
      const give = (worker: Worker) => {
        if (next < batches.length) {
          const batch = next++;
          worker.postMessage({ batch, files: batches[batch] });
        }
      };
      for (let t = 0; t < Math.min(threads, batches.length); t++) {
        const worker = new Worker(path.join(__dirname, 'lint-worker.js'), { workerData: input });
        workers.push(worker);
        worker.on('message', (reply: WorkerReply) => {
          if ('error' in reply) return reject(new Error(reply.error));
          outcomes[reply.batch] = reply.outcome;
          filesDone += batches[reply.batch].length;
          onProgress?.(filesDone, files.length);
          for (const [file, summary] of reply.summaries ?? []) summaries?.set(file, summary);
          for (const [file, deps] of reply.dependencies ?? []) dependencies?.set(file, new Set(deps));
          if (++done === batches.length) return resolve();
          give(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < batches.length) reject(new Error(`lint thread exited with code ${code}`));
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return mergeOutcomes(outcomes);
}
