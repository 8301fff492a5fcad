import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEslint, lintFilesWithSuppressions, ruleMetas } from '@popdb-guard/engine';
import {
  VERSION,
  fingerprintFindings,
  policyFor,
  type PolicyProblem,
  type ScanReport,
} from '@popdb-guard/core';
import { collectFiles, ScanPathError } from '@popdb-guard/core';
import { UsageError } from './errors';

export interface ScanOptions {
  paths: string[];
  /** Explicit policy file (`--policy`). */
  policyFile?: string;
  cwd?: string;
}

export type ScanOutcome = { ok: true; report: ScanReport } | { ok: false; problems: PolicyProblem[] };

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

/** Lint the given paths with the plugin through ESLint's Node API. */
export async function scan(options: ScanOptions): Promise<ScanOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths.length ? options.paths : ['.'];
  const missing = paths.find((p) => !fs.existsSync(path.resolve(cwd, p)));
  if (missing) throw new ScanPathError(`no such file or directory: ${missing}`);
  const root = scanRoot(paths, cwd);
  const policyResult = policyFor(path.resolve(cwd, paths[0]), options.policyFile ? path.resolve(cwd, options.policyFile) : undefined);
  if (!policyResult.ok) return { ok: false, problems: policyResult.problems };
  const policy = policyResult.policy;
  const started = Date.now();
  const files = collectFiles(paths.map((p) => path.resolve(cwd, p)), root, policy.ignore);
  const { findings, suppressions } = await lintFilesWithSuppressions(createEslint(policy, root), files);
  const lineCache = new Map<string, string[] | undefined>();
  const readLines = (file: string) => {
    if (!lineCache.has(file)) {
      try {
        lineCache.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        lineCache.set(file, undefined);
      }
    }
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
    report: {
      tool: { name: 'popdb-guard', version: VERSION },
      root,
      policy,
      filesScanned: files.length,
      findings,
      suppressions,
      sources,
      rules: [...ruleMetas],
      generatedAt: new Date().toISOString(),
      durationMs: Date.now() - started,
    },
  };
}

export { UsageError };
