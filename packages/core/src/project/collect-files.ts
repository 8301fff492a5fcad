import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import ignore, { type Ignore } from 'ignore';
import { configKind, isSourceFile } from '../source';
import { MAX_POLICY_BYTES, readRegularFile } from './read-file';

/** Folders that never hold code to check: dependencies and build output (SPEC §3). */
export const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/.next/**', '**/.nuxt/**', '**/.turbo/**', '**/.cache/**', '**/*.min.js', '**/*.d.ts', '**/popdb-approved.json'];

export function isScannable(file: string): boolean {
  return isSourceFile(file) || configKind(file) !== undefined;
}

/** A file of the repository popdb-guard could not use, and why (reported, never skipped silently). */
export interface FileProblem {
  file: string;
  message: string;
}

/**
 * A `.gitignore`'s text. One that is a symlink to /dev/zero, a FIFO or
 * unreadable is not read: its patterns are not applied (more files are
 * scanned, never fewer) and the problem is reported on the file.
 */
function readIgnoreFile(file: string, problems: FileProblem[] | undefined): string {
  const read = readRegularFile(file, MAX_POLICY_BYTES);
  if (read.ok) return read.text;
  problems?.push({ file, message: `${read.message}; its patterns were not applied` });
  return '';
}

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every `.gitignore` under `root` (and the root's own), applied relative to
 * the folder that holds it, the way git does. The `ignore` package implements
 * git's pattern rules; we only scope each file's patterns to its folder.
 */
function gitignoreMatcher(root: string, problems?: FileProblem[]): (relFile: string) => boolean {
  // not only regular files: a .gitignore that is a FIFO or a device is reported, not skipped
  const files = globSync(['**/.gitignore'], { cwd: root, ignore: ['**/node_modules/**', '**/.git/**'], dot: true, onlyFiles: false }).map((f) => f.replace(/\/$/, ''));
  // the glob does not list FIFOs, sockets or devices at all: the root's own .gitignore is looked at directly
  if (!files.includes('.gitignore') && lexists(path.join(root, '.gitignore'))) files.push('.gitignore');
  const scoped: { dir: string; ig: Ignore }[] = files
    .map((f) => ({ dir: path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f), ig: ignore().add(readIgnoreFile(path.join(root, f), problems)) }))
    .sort((a, b) => a.dir.length - b.dir.length);
  return (relFile) =>
    scoped.some(({ dir, ig }) => {
      if (dir && !relFile.startsWith(`${dir}/`)) return false;
      const rel = dir ? relFile.slice(dir.length + 1) : relFile;
      return rel !== '' && ig.ignores(rel);
    });
}

/**
 * The files to scan under the given paths: JS/TS sources and config files,
 * minus `.gitignore`d files, dependency and build folders, and the policy's
 * `ignore` globs. A file named explicitly is always scanned.
 */
export function collectFiles(
  paths: readonly string[],
  root: string,
  policyIgnore: readonly string[],
  accept: (file: string) => boolean = isScannable,
  problems?: FileProblem[],
): string[] {
  const out = new Set<string>();
  const policyIg = ignore().add([...policyIgnore]);
  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new ScanPathError(`no such file or directory: ${p}`);
    }
    if (!stat.isDirectory()) {
      // a file named explicitly, also a FIFO or a device: the engine reports what it cannot read
      out.add(abs);
      continue;
    }
    const isIgnoredByGit = gitignoreMatcher(abs, problems);
    const found = globSync(['**/*'], { cwd: abs, ignore: ALWAYS_SKIPPED, dot: true, onlyFiles: true, followSymbolicLinks: false });
    for (const rel of found) {
      if (!accept(rel) || isIgnoredByGit(rel)) continue;
      const fromRoot = path.relative(root, path.join(abs, rel)).split(path.sep).join('/');
      if (policyIgnore.length && !fromRoot.startsWith('..') && policyIg.ignores(fromRoot)) continue;
      out.add(path.join(abs, rel));
    }
  }
  return [...out].sort();
}

/** A path given to scan does not exist. */
export class ScanPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanPathError';
  }
}
