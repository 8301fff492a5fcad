import { parentPort, workerData } from 'node:worker_threads';
import { createEslint, lintFilesWithSuppressions, type LintOutcome } from '@popdb-guard/engine';
import { policyFor } from '@popdb-guard/core';
import { SCAN_BATCH_SIZE, collectGarbage } from './memory';

/**
 * One lint thread of `--concurrency`: the same engine as `--concurrency off`
 * (its own ESLint instance and project model, over the same files on disk),
 * linting the batches of files the main thread hands out, one at a time.
 */
export interface WorkerInput {
  root: string;
  /** What `policyFor` was given in the main thread. */
  policyFor: [string, string | undefined];
}

export type WorkerRequest = { batch: number; files: string[] };
export type WorkerReply = { batch: number; outcome: LintOutcome } | { batch: number; error: string };

const input = workerData as WorkerInput;
const policy = policyFor(...input.policyFor);
const eslint = policy.ok ? createEslint(policy.policy, input.root) : undefined;
let sinceGc = 0;

parentPort!.on('message', (request: WorkerRequest) => {
  const lint = eslint ? lintFilesWithSuppressions(eslint, request.files) : Promise.reject(new Error('invalid policy'));
  lint.then(
    (outcome) => {
      parentPort!.postMessage({ batch: request.batch, outcome } satisfies WorkerReply);
      sinceGc += request.files.length;
      if (sinceGc >= SCAN_BATCH_SIZE) {
        sinceGc = 0;
        collectGarbage();
      }
    },
    (error: unknown) => parentPort!.postMessage({ batch: request.batch, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});
