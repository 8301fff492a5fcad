import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import ignore, { type Ignore } from 'ignore';
import { configKind, isSourceFile } from '../source';
import { MAX_POLICY_BYTES, followLinkWithin, readRegularFile } from './read-file';

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
 * What git lists under `dir` (relative to it): tracked files plus untracked files that are not
 * ignored. A committed `.env` that `.gitignore` lists is tracked, so it is scanned — as gitleaks
 * and trufflehog scan what is committed. Undefined outside a git work tree or without git. Run
 * with execFile (no shell); `-z` keeps names with spaces or non-ASCII characters intact.
 */
function gitListedFiles(dir: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
    });
    // a submodule that was never initialised is an empty folder inside the parent's work tree: asked there,
    // git lists the submodule itself, as `.` — nothing of it is checked out to scan
    return out.split('\0').filter((f) => f !== '' && f !== '.' && f !== './');
  } catch {
    return undefined;
  }
}

const alwaysSkipped = ignore().add([...ALWAYS_SKIPPED]);

/**
 * The entries of the listed folders that the glob never shows: symlinks, FIFOs, sockets and
 * devices. Outside git they are handed on as git's listing hands on a tracked link, so the
 * engine reports each one as not read instead of skipping it without a word — except a symlink
 * that stays within the tree, an alias of a file (or folder) that is scanned itself. One
 * `readdir` per folder the glob already walked, so the listing stays linear.
 */
function specialEntries(root: string, folders: readonly string[], problems: FileProblem[] | undefined): string[] {
  const out: string[] = [];
  for (const folder of folders) {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(path.join(root, folder), { withFileTypes: true });
    } catch (error) {
      // the glob skips a folder it cannot open without a word; say which files were not scanned
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems?.push({ file: path.join(root, folder), message: `folder cannot be read (${code ?? String(error)}); its files were not scanned` });
      continue;
    }
    for (const entry of dirents) {
      if (entry.isFile() || entry.isDirectory()) continue;
      const rel = `${folder}${entry.name}`;
      if (alwaysSkipped.ignores(rel)) continue;
      if (entry.isSymbolicLink() && !('problem' in followLinkWithin(path.join(root, rel), root))) continue;
      out.push(rel);
    }
  }
  return out;
}

/**
 * The candidate files under a directory, relative to it: what git lists inside a work tree, else
 * every file minus `.gitignore`d ones. Dependencies and build output are skipped either way. A
 * nested repository or submodule (listed by git as a folder) is listed by its own git.
 */
function filesUnder(dir: string, problems: FileProblem[] | undefined, depth = 0): string[] {
  const listed = gitListedFiles(dir);
  if (!listed) {
    const isIgnoredByGit = gitignoreMatcher(dir, problems);
    const entries = globSync(['**/*'], { cwd: dir, ignore: ALWAYS_SKIPPED, dot: true, onlyFiles: false, followSymbolicLinks: false });
    const files = entries.filter((rel) => !rel.endsWith('/'));
    const folders = ['', ...entries.filter((rel) => rel.endsWith('/'))];
    return [...files, ...specialEntries(dir, folders, problems)].filter((rel) => !isIgnoredByGit(rel));
  }
  const out: string[] = [];
  for (const entry of listed) {
    const rel = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    if (alwaysSkipped.ignores(rel) || alwaysSkipped.ignores(`${rel}/`)) continue;
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(path.join(dir, rel));
    } catch {
      continue; // tracked but deleted in the work tree
    }
    if (stat.isFile()) out.push(rel);
    // a tracked symlink out of the tree (or broken) is handed on, so the engine reports it as not read (a pull request
    // can add one to any file of the CI machine); one within the tree is an alias of a file that is scanned itself
    else if (stat.isSymbolicLink()) {
      if ('problem' in followLinkWithin(path.join(dir, rel), dir)) out.push(rel);
    } else if (stat.isDirectory() && depth < 8) for (const inner of filesUnder(path.join(dir, rel), problems, depth + 1)) out.push(`${rel}/${inner}`);
  }
  return out;
}

/**
 * Folder listings kept while `keepListings` runs: a CLI scan lists the scanned folder, and the
 * project model its rules build lists the same folder again for its source files
 * (`ProjectModel.sourceFiles`). Each listing is kept with the problems it found, so a later call
 * that collects problems still gets them. Outside `keepListings` every call lists the disk.
 */
let keptListings: Map<string, { files: string[]; problems: FileProblem[] }> | undefined;
let keepers = 0;

/**
 * Run `work` (synchronous, or until its promise settles) with the folder listings kept: the files
 * under a folder are listed once for all of it, as the disk was when first asked. For a CLI scan,
 * which checks the files listed at its start anyway and sees no change events. The language
 * server, whose files change under it, never keeps them.
 */
export function keepListings<T>(work: () => T): T {
  if (keepers++ === 0) keptListings = new Map();
  const release = () => {
    if (--keepers === 0) keptListings = undefined;
  };
  let result: T;
  try {
    result = work();
  } catch (error) {
    release();
    throw error;
  }
  if (result instanceof Promise) return result.finally(release) as T;
  release();
  return result;
}

function listedUnder(dir: string, problems: FileProblem[] | undefined): string[] {
  if (!keptListings) return filesUnder(dir, problems);
  let kept = keptListings.get(dir);
  if (!kept) {
    const found: FileProblem[] = [];
    kept = { files: filesUnder(dir, found), problems: found };
    keptListings.set(dir, kept);
  }
  problems?.push(...kept.problems);
  return kept.files;
}

/**
 * The files to scan under the given paths: JS/TS sources and config files.
 * Inside a git work tree, what git tracks plus untracked files that are not
 * ignored; outside git, every file minus `.gitignore`d ones. Dependency and
 * build folders and the policy's `ignore` globs are skipped either way. A file
 * named explicitly is always scanned.
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
    for (const rel of listedUnder(abs, problems)) {
      if (!accept(rel)) continue;
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
