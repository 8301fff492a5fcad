import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEslint, fileProblem, lintFilesWithSuppressions, mergeOutcomes, notReadFinding, ruleMetas } from '@popdb-guard/engine';
import {
  VERSION,
  buildInventory,
  compareFindings,
  PARSE_ERROR_RULE_ID,
  guardStep,
  stepProblemFindings,
  type StepProblem,
  type FileProblem,
  fingerprintFindings,
  localizeFindings,
  type InventoryResult,
  type InventoryFileSummary,
  type Dependencies,
  type Policy,
  policyFor,
  projectFiles,
  type PolicyProblem,
  type ScanReport,
  splitLines,
} from '@popdb-guard/core';
import { collectFiles, keepListings, ScanPathError } from '@popdb-guard/core';
import { PROGRESS_BATCH_SIZE, SCAN_BATCH_SIZE, endBatch, limitHeapGrowth } from './memory';
import { lintInThreads, threadCount, type Concurrency } from './concurrency';
import { cacheFile, openCache, recordLinted, writeCache } from './cache';

export interface ScanOptions {
  paths: string[];
  /** Explicit policy file (`--policy`). */
  policyFile?: string;
  /** Build the connection inventory too (the JSON and HTML reports, and `--approved`, show it); default true. */
  inventory?: boolean;
  cwd?: string;
  /** `--concurrency`: lint threads (default auto). */
  concurrency?: Concurrency;
  /** Told each phase of the scan as it starts (the CLI's progress line). */
  onPhase?: (phase: string) => void;
  /** Told the files checked so far, from 0 to all of them, while the rules run (the progress line's counter). */
  onFiles?: (done: number, total: number) => void;
  /** `--cache`: reuse the results of files whose content and dependencies did not change; `location` is `--cache-location`. */
  cache?: { location?: string };
  /** Told what the cache could not do (a corrupt file, a failed write): the CLI prints it as a note. */
  onNote?: (note: string) => void;
}

export type ScanOutcome = { ok: true; report: ScanReport; inventory?: InventoryResult } | { ok: false; problems: PolicyProblem[] };

/** The scan root: a single directory argument, else the working directory. Output paths are relative to it. */
export function scanRoot(paths: readonly string[], cwd: string): string {
  if (paths.length === 1) {
    const abs = path.resolve(cwd, paths[0]);
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return cwd;
    }
  }
  return cwd;
}

/** `fileProblems`: repository files that could not be used (a `.gitignore` that is a FIFO…), each reported as a finding. */
export type PreparedScan = { ok: true; root: string; policy: Policy; files: string[]; fileProblems: FileProblem[]; policyFor: [string, string | undefined] } | { ok: false; problems: PolicyProblem[] };

/** The scan root, the policy and the files to scan: what every command starts from. */
export function prepareScan(options: ScanOptions): PreparedScan {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths.length ? options.paths : ['.'];
  const missing = paths.find((p) => !fs.existsSync(path.resolve(cwd, p)));
  if (missing) throw new ScanPathError(`no such file or directory: ${missing}`);
  const root = scanRoot(paths, cwd);
  // a policy named with --policy is rooted at the scan root when it lies outside it (policyFor); one found is found from the first path
  const policyArgs: [string, string | undefined] = options.policyFile ? [root, path.resolve(cwd, options.policyFile)] : [path.resolve(cwd, paths[0]), undefined];
  const policyResult = policyFor(...policyArgs);
  if (!policyResult.ok) return { ok: false, problems: policyResult.problems };
  const policy = policyResult.policy;
  const fileProblems: FileProblem[] = [];
  const files: string[] = [];
  for (const file of collectFiles(paths.map((p) => path.resolve(cwd, p)), root, policy.ignore, undefined, fileProblems)) {
    // only regular files inside the scan root are read (a FIFO, /dev/zero or a link out of the tree is reported instead)
    const problem = fileProblem(file, root);
    if (problem) fileProblems.push({ file, message: problem });
    else files.push(file);
  }
  return { ok: true, root, policy, files, fileProblems, policyFor: policyArgs };
}

/**
 * The connection inventory of prepared files (reuses the project model a
 * lint of the same files built). Each file's steps are guarded inside; if
 * the inventory fails as a whole, it is empty and the failure is a problem
 * on the scan root, never a stack trace.
 */
export function inventoryOf(prepared: { root: string; policy: Policy; files: string[] }, summaries?: ReadonlyMap<string, InventoryFileSummary | undefined>): InventoryResult {
  const problems: StepProblem[] = [];
  const empty: InventoryResult = { inventory: { entries: [] }, functions: [], problems };
  return guardStep(problems, prepared.root, 'inventory', empty, () => buildInventory({ root: prepared.root, policy: prepared.policy, files: prepared.files, summaries }));
}

/** Batches of `SCAN_BATCH_SIZE` files with the models' facts released between them; smaller ones, still releasing every `SCAN_BATCH_SIZE` files, when a counter shows progress. */
function lintBatches(onFiles: ScanOptions['onFiles']): { batchSize: number; afterBatch: () => void; onProgress?: (done: number, total: number) => void } {
  if (!onFiles) return { batchSize: SCAN_BATCH_SIZE, afterBatch: endBatch };
  let sinceRelease = 0;
  return {
    batchSize: PROGRESS_BATCH_SIZE,
    afterBatch: () => {
      sinceRelease += PROGRESS_BATCH_SIZE;
      if (sinceRelease < SCAN_BATCH_SIZE) return;
      sinceRelease = 0;
      endBatch();
    },
    onProgress: onFiles,
  };
}

const splitLinesOf = (text: string | undefined) => (text === undefined ? undefined : splitLines(text));

/**
 * Lint the given paths with the plugin through ESLint's Node API. The folders are listed once: the
 * project model the rules build reuses the scan's listing of the root (`keepListings`).
 */
export function scan(options: ScanOptions): Promise<ScanOutcome> {
  return keepListings(() => scanListed(options));
}

async function scanListed(options: ScanOptions): Promise<ScanOutcome> {
  const started = Date.now();
  options.onPhase?.('collecting files');
  const prepared = prepareScan(options);
  if (!prepared.ok) return prepared;
  const { root, policy } = prepared;
  // a cache kept inside the scanned tree (`--cache-location .popdb-cache`) is not one of the files it describes
  const ownCache = options.cache && cacheFile(options.cache.location, root);
  const files = ownCache ? prepared.files.filter((f) => f !== ownCache) : prepared.files;
  options.onPhase?.(`checking ${files.length} file(s)`);
  // the inventory (JSON, HTML, --approved) is built afterwards from per-file summaries the lint collects
  // (in this thread or in the lint threads), not from ASTs kept until then
  const summaries = options.inventory === false ? undefined : new Map<string, InventoryFileSummary | undefined>();
  const cache = options.cache ? openCache(options.cache.location, root, policy, files, summaries !== undefined) : undefined;
  const toLint = cache ? files.filter((f) => !cache.hits.has(f)) : files;
  if (cache) options.onPhase?.(`checking ${toLint.length} file(s), ${cache.hits.size} unchanged from the cache`);
  const dependencies = cache ? new Map<string, Dependencies>() : undefined;
  const concurrency = options.concurrency ?? 'auto';
  const threads = threadCount(concurrency, toLint.length);
  limitHeapGrowth();
  options.onFiles?.(0, toLint.length);
  const linted =
    threads > 1
      ? await lintInThreads({ root, policyFor: prepared.policyFor, inventory: summaries !== undefined, dependencies: dependencies !== undefined }, toLint, threads, summaries, dependencies, options.onFiles)
      : await lintFilesWithSuppressions(createEslint(policy, root, { inventory: summaries, inventoryRoot: root, dependencies }), toLint, lintBatches(options.onFiles));
  let outcome = linted;
  if (cache) {
    recordLinted(cache, root, policy, toLint, linted, dependencies!, summaries);
    writeCache(cache);
    for (const note of cache.notes) options.onNote?.(note);
    // compareFindings orders by file first, and each file's findings keep their lint order: the order of a run without the cache
    outcome = mergeOutcomes([linted, ...[...cache.hits.values()].map((h) => h.outcome)]);
    for (const [f, hit] of cache.hits) if (hit.inventory) summaries?.set(f, hit.inventory);
  }
  const { findings, suppressions } = outcome;
  findings.push(...prepared.fileProblems.map((p) => notReadFinding(p.file, p.message)));
  findings.sort(compareFindings);
  localizeFindings([...findings, ...suppressions.map((s) => s.finding)], ruleMetas);
  if (options.inventory !== false) options.onPhase?.('building the connection inventory');
  // after the lint: the rules built the project model and its query summaries, the inventory reuses them
  const inventory = options.inventory === false ? undefined : inventoryOf(prepared, summaries);
  if (inventory) {
    // a file that does not parse already says it was not checked
    const unparsed = new Set(findings.filter((f) => f.ruleId === PARSE_ERROR_RULE_ID).map((f) => f.file));
    findings.push(...stepProblemFindings(inventory.problems.filter((p) => !unparsed.has(p.file))));
  }
  const lineCache = new Map<string, string[] | undefined>();
  const readLines = (file: string) => {
    // ProjectFiles already holds the text of every file the rules' project model read
    if (!lineCache.has(file)) lineCache.set(file, splitLinesOf(projectFiles.read(file)));
    return lineCache.get(file);
  };
  const stepProblems: StepProblem[] = [];
  guardStep(stepProblems, root, 'fingerprints', undefined, () => fingerprintFindings(findings, root, readLines));
  guardStep(stepProblems, root, 'fingerprints', undefined, () =>
    fingerprintFindings(
      suppressions.map((s) => s.finding),
      root,
      readLines,
    ),
  );
  findings.push(...stepProblemFindings(stepProblems));
  findings.sort(compareFindings);
  // The lines of every file with a finding or a suppression, for the HTML
  // report's excerpts (the formatter masks credential ranges before printing).
  const sources: Record<string, string[]> = {};
  for (const [file, lines] of lineCache) if (lines) sources[file] = lines;
  return {
    ok: true,
    inventory,
    report: {
      tool: { name: 'popdb-guard', version: VERSION },
      root,
      policy,
      filesScanned: files.length,
      findings,
      suppressions,
      sources,
      rules: [...ruleMetas],
      inventory: inventory?.inventory,
      generatedAt: new Date().toISOString(),
      durationMs: Date.now() - started,
    },
  };
}

