import { parentPort, workerData } from 'node:worker_threads';
import { createEslint, lintFilesWithSuppressions, type LintOutcome } from '@popdb-guard/engine';
import { policyFor, type Dependencies, type InventoryFileSummary } from '@popdb-guard/core';
import { SCAN_BATCH_SIZE, endBatch } from './memory';

/**
 * One lint thread of `--concurrency`: the same engine as `--concurrency off`
 * (its own ESLint instance and project model, over the same files on disk),
 * linting the batches of files the main thread hands out, one at a time.
 */
export interface WorkerInput {
  root: string;
  /** What `policyFor` was given in the main thread. */
  policyFor: [string, string | undefined];
  /** Collect the inventory summaries of the linted files and send them back with each batch. */
  inventory?: boolean;
  /** Record what each linted file read (`--cache`) and send it back with each batch. */
  dependencies?: boolean;
}

export type WorkerRequest = { batch: number; files: string[] };
export type WorkerReply = { batch: number; outcome: LintOutcome; summaries?: [string, InventoryFileSummary | undefined][]; dependencies?: [string, string[]][] } | { batch: number; error: string };

const input = workerData as WorkerInput;
const policy = policyFor(...input.policyFor);
const summaries = input.inventory ? new Map<string, InventoryFileSummary | undefined>() : undefined;
const dependencies = input.dependencies ? new Map<string, Dependencies>() : undefined;
const eslint = policy.ok ? createEslint(policy.policy, input.root, { inventory: summaries, inventoryRoot: input.root, dependencies }) : undefined;
let sinceRelease = 0;

parentPort!.on('message', (request: WorkerRequest) => {
  const lint = eslint ? lintFilesWithSuppressions(eslint, request.files) : Promise.reject(new Error('invalid policy'));
  lint.then(
    (outcome) => {
      // plain data: the summaries of this batch go to the main thread, which builds the inventory
      const batchSummaries = summaries && [...summaries];
      summaries?.clear();
      const batchDependencies = dependencies && [...dependencies].map(([f, d]): [string, string[]] => [f, [...d]]);
      dependencies?.clear();
      parentPort!.postMessage({ batch: request.batch, outcome, summaries: batchSummaries, dependencies: batchDependencies } satisfies WorkerReply);
      sinceRelease += request.files.length;
      if (sinceRelease >= SCAN_BATCH_SIZE) {
        sinceRelease = 0;
        endBatch();
      }
    },
    (error: unknown) => parentPort!.postMessage({ batch: request.batch, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});
