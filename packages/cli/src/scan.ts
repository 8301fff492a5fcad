import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEslint, lintFilesWithSuppressions, ruleMetas } from '@popdb-guard/engine';
import {
  VERSION,
  buildInventory,
  fingerprintFindings,
  localizeFindings,
  type InventoryResult,
  type Policy,
  policyFor,
  projectFiles,
  type PolicyProblem,
  type ScanReport,
} from '@popdb-guard/core';
import { collectFiles, ScanPathError } from '@popdb-guard/core';

export interface ScanOptions {
  paths: string[];
  /** Explicit policy file (`--policy`). */
  policyFile?: string;
  /** Build the connection inventory too (the JSON and HTML reports, and `--approved`, show it); default true. */
  inventory?: boolean;
  cwd?: string;
  /** Told each phase of the scan as it starts (the CLI's progress line). */
  onPhase?: (phase: string) => void;
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

export type PreparedScan = { ok: true; root: string; policy: Policy; files: string[] } | { ok: false; problems: PolicyProblem[] };

/** The scan root, the policy and the files to scan: what every command starts from. */
export function prepareScan(options: ScanOptions): PreparedScan {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths.length ? options.paths : ['.'];
  const missing = paths.find((p) => !fs.existsSync(path.resolve(cwd, p)));
  if (missing) throw new ScanPathError(`no such file or directory: ${missing}`);
  const root = scanRoot(paths, cwd);
  const policyResult = policyFor(path.resolve(cwd, paths[0]), options.policyFile ? path.resolve(cwd, options.policyFile) : undefined);
  if (!policyResult.ok) return { ok: false, problems: policyResult.problems };
  const policy = policyResult.policy;
  const files = collectFiles(paths.map((p) => path.resolve(cwd, p)), root, policy.ignore);
  return { ok: true, root, policy, files };
}

/** The connection inventory of prepared files (reuses the project model a lint of the same files built). */
export function inventoryOf(prepared: { root: string; policy: Policy; files: string[] }): InventoryResult {
  return buildInventory({ root: prepared.root, policy: prepared.policy, files: prepared.files });
}

/** Lint the given paths with the plugin through ESLint's Node API. */
export async function scan(options: ScanOptions): Promise<ScanOutcome> {
  const started = Date.now();
  options.onPhase?.('collecting files');
  const prepared = prepareScan(options);
  if (!prepared.ok) return prepared;
  const { root, policy, files } = prepared;
  options.onPhase?.(`checking ${files.length} file(s)`);
  const { findings, suppressions } = await lintFilesWithSuppressions(createEslint(policy, root), files);
  localizeFindings([...findings, ...suppressions.map((s) => s.finding)], ruleMetas);
  if (options.inventory !== false) options.onPhase?.('building the connection inventory');
  // after the lint: the rules built the project model and its query summaries, the inventory reuses them
  const inventory = options.inventory === false ? undefined : inventoryOf(prepared);
  const lineCache = new Map<string, string[] | undefined>();
  const readLines = (file: string) => {
    // ProjectFiles already holds the text of every file the rules' project model read
    if (!lineCache.has(file)) lineCache.set(file, projectFiles.read(file)?.split(/\r?\n/));
    return lineCache.get(file);
  };
  fingerprintFindings(findings, root, readLines);
  fingerprintFindings(
    suppressions.map((s) => s.finding),
    root,
    readLines,
  );
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

