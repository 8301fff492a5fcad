import * as v8 from 'node:v8';
import { releaseProjectFacts } from '@popdb-guard/core';

/**
 * How far V8 lets the heap grow past the live data of its last full
 * collection before it starts the next one, in percent (V8's
 * `--heap-growing-percent`; its own default grows the heap by a factor of
 * up to 4 while the program allocates fast).
 *
 * The project model keeps a bounded working set (recent file indexes,
 * bounded summary tables, facts released between batches; see
 * docs/architecture.md), but V8 sizes its heap by how fast the program
 * allocates, not by what it keeps: left alone, a 2,000-file scan's heap grows
 * to two or three times its live data. The first slices forced a full
 * collection after every batch instead; that cost about 12% of the scan's
 * CPU. A forced collection is not incremental, and V8 drops the optimized code
 * that embedded objects it freed, so the hot functions were compiled again
 * after every batch (docs/benchmark.md, "Issue 11, fourth pass"). A tighter
 * growing factor keeps the peak as low with V8's own concurrent collections.
 */
export const HEAP_GROWING_PERCENT = 50;

let heapTuned = false;

/** Once per process, before a scan: the tighter heap growing factor (V8 flags are process-wide, so workers share it). */
export function limitHeapGrowth(): void {
  if (heapTuned) return;
  heapTuned = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Between batches: the project models let go of their derived facts
 * (`releaseProjectFacts`: summaries point into ASTs, and bounded tables of
 * them still held the ASTs of the whole project), so that V8's next
 * collection frees them.
 */
export function endBatch(): void {
  releaseProjectFacts();
}

/** Files per batch in a CLI scan (see `endBatch`). */
export const SCAN_BATCH_SIZE = 250;
/**
 * Files per batch when a progress line counts them (a terminal only): the
 * count moves every this many files; facts are still released every
 * `SCAN_BATCH_SIZE` files. Batches never change the findings or their order.
 */
export const PROGRESS_BATCH_SIZE = 50;
