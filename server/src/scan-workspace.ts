import { collectFiles } from '@popdb-guard/core';
import { lintFiles, lintText, notReadFinding } from '@popdb-guard/engine';
import type { FileProblem, Finding, PolicyProblem } from '@popdb-guard/core';
import type { Checker } from './checker';

export interface FolderScan {
  folder: string;
  files: string[];
  /** Findings by absolute file path (files without findings absent). */
  findings: Map<string, Finding[]>;
  policyProblems: PolicyProblem[];
}

/**
 * One workspace folder, scanned like `popdb-guard <folder>`: the same file
 * selection (`collectFiles`: .gitignore, build output, the policy's `ignore`)
 * and the same single policy for the whole folder. Open documents are linted
 * from their editor buffers, the rest from disk.
 */
export async function scanFolder(
  checker: Checker,
  folder: string,
  policyFile: string | undefined,
  openText: (file: string) => string | undefined,
  log: (message: string) => void,
): Promise<FolderScan> {
  const policyResult = checker.policyFor(folder, policyFile);
  if (!policyResult.ok) return { folder, files: [], findings: new Map(), policyProblems: policyResult.problems };
  const policy = policyResult.policy;
  const fileProblems: FileProblem[] = [];
  const files = collectFiles([folder], folder, policy.ignore, undefined, fileProblems);
  const eslint = checker.eslintFor(policy, folder);
  const onDisk = files.filter((f) => openText(f) === undefined);
  // a .gitignore that is a FIFO or /dev/zero is a finding on it (the engine reports unreadable source files itself)
  const all: Finding[] = fileProblems.map((p) => notReadFinding(p.file, p.message));
  try {
    all.push(...(await lintFiles(eslint, onDisk)));
  } catch (error) {
    // One file that breaks ESLint must not hide every other file's findings: retry one by one.
    log(`workspace scan of ${folder}: ${String(error)}; retrying file by file`);
    const results = await Promise.allSettled(onDisk.map((f) => lintFiles(eslint, [f])));
    results.forEach((r, i) => (r.status === 'fulfilled' ? all.push(...r.value) : log(`cannot check ${onDisk[i]}: ${String(r.reason)}`)));
  }
  for (const f of files) {
    const text = openText(f);
    if (text === undefined) continue;
    try {
      all.push(...(await lintText(eslint, f, text)));
    } catch (error) {
      log(`cannot check ${f}: ${String(error)}`);
    }
  }
  const findings = new Map<string, Finding[]>();
  for (const f of all) findings.set(f.file, [...(findings.get(f.file) ?? []), f]);
  return { folder, files, findings, policyProblems: [] };
}
