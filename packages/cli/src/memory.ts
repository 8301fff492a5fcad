import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { releaseProjectFacts } from '@popdb-guard/core';

/**
 * A full garbage collection, between batches of files. The project model
 * keeps a bounded working set (recent file indexes, bounded summary tables;
 * see docs/architecture.md), but V8 sizes its heap by how fast the program
 * allocates, not by what it keeps: left alone, a 2,000-file scan's heap grows
 * to two or three times its live data. One collection per batch costs a small
 * share of the scan and keeps the peak near the live set.
 */
let gc: (() => void) | undefined | null;

/**
 * Between batches: the project models let go of their derived facts first
 * (`releaseProjectFacts`: summaries point into ASTs, and bounded tables of
 * them still held the ASTs of the whole project), then the heap is collected.
 */
export function collectGarbage(): void {
  releaseProjectFacts();
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** Files per batch in a CLI scan (see `collectGarbage`). */
export const SCAN_BATCH_SIZE = 250;
/**
 * Files per batch when a progress line counts them (a terminal only): the
 * count moves every this many files; garbage is still collected every
 * `SCAN_BATCH_SIZE` files. Batches never change the findings or their order.
 */
export const PROGRESS_BATCH_SIZE = 50;
