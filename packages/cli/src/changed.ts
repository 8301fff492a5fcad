import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import parseDiff from 'parse-diff';
import { functionSpans, isScannable, relativeUri, type ConnectionInventory, type Finding, type FunctionSpan } from '@popdb-guard/core';
import { UsageError } from './errors';

/** 1-based inclusive line ranges. */
type Ranges = [number, number][];

/**
 * What changed, by absolute (real) path: `added` holds the new-side lines a
 * diff adds or rewrites (a finding there is new); `touched` adds the places
 * where lines were only deleted (a function that lost a line changed too).
 */
export interface ChangeSet {
  /** `origin/main`, or `the listed files`. */
  since: string;
  added: Map<string, Ranges>;
  touched: Map<string, Ranges>;
}

const WHOLE_FILE: [number, number] = [1, Number.MAX_SAFE_INTEGER];

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotepath=off', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function push(map: Map<string, Ranges>, file: string, range: [number, number]): void {
  const list = map.get(file) ?? [];
  list.push(range);
  map.set(file, list);
}

/**
 * Lines changed between a git ref (its merge base with HEAD) and the working
 * tree (`git diff --unified=0`, parsed by parse-diff for the new side of each
 * hunk), plus untracked files that are not ignored, which are new as a whole.
 */
export function changedSince(ref: string, cwd: string): ChangeSet {
  let top: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new UsageError(`--changed-since needs a git work tree; ${cwd} is not in one`);
  }
  try {
    git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--changed-since: "${ref}" is not a commit in this repository (in CI, fetch it first: git fetch origin ${ref.replace(/^origin\//, '')})`);
  }
  // From where the branch left the ref (as a pull request's diff is), so that commits added to
  // the target branch since then are not counted as this change; the ref itself when it is an ancestor.
  let base = ref;
  try {
    base = git(top, ['merge-base', ref, 'HEAD']).trim() || ref;
  } catch {
    // unrelated histories: diff against the ref itself
  }
  const changes: ChangeSet = { since: ref, added: new Map(), touched: new Map() };
  const diff = git(top, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--find-renames', base, '--']);
  for (const file of parseDiff(diff)) {
    if (file.deleted || !file.to || file.to === '/dev/null') continue;
    const abs = realPath(path.join(top, file.to));
    for (const chunk of file.chunks) {
      if (chunk.newLines > 0) {
        const range: [number, number] = [chunk.newStart, chunk.newStart + chunk.newLines - 1];
        push(changes.added, abs, range);
        push(changes.touched, abs, range);
      } else {
        // lines deleted after new line `newStart`: the lines on both sides of the cut changed context
        push(changes.touched, abs, [chunk.newStart, chunk.newStart + 1]);
      }
    }
  }
  for (const file of git(top, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean)) {
    const abs = realPath(path.join(top, file));
    changes.added.set(abs, [WHOLE_FILE]);
    changes.touched.set(abs, [WHOLE_FILE]);
  }
  return changes;
}

/** Files named on the command line (`--changed-files`, a pre-commit hook's staged files): changed as a whole. */
export function changedFiles(files: readonly string[], cwd: string): ChangeSet {
  const changes: ChangeSet = { since: 'the listed files', added: new Map(), touched: new Map() };
  for (const file of files) {
    const abs = realPath(path.resolve(cwd, file));
    changes.added.set(abs, [WHOLE_FILE]);
    changes.touched.set(abs, [WHOLE_FILE]);
  }
  return changes;
}

/** `--changed-files a.ts,b.ts` (also repeated, or newline-separated). */
export function splitFileList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/[,\n]/)).map((s) => s.trim()).filter(Boolean);
}

const overlaps = (ranges: Ranges | undefined, from: number, to: number) => !!ranges?.some(([a, b]) => a <= to && from <= b);

interface Place {
  file: string;
  line: number;
}

/** The change a query finding depends on: where, and in which function. */
export interface ChangedDependency extends Place {
  function?: string;
}

/**
 * Keep the findings a pull request is answerable for: those on lines it
 * adds or rewrites, and query findings on unchanged lines whose verdict
 * depends on a function the change touched — the query's own function (an
 * audit call deleted beside it), or a function on its chain to the request,
 * or where its data goes (a wrapper in another file that stopped auditing).
 * The project model was built over the whole project, so those facts are
 * the same as in a full scan. Each such finding names the change.
 */
export function filterToChanges(findings: readonly Finding[], inventory: ConnectionInventory | undefined, changes: ChangeSet, root: string): Finding[] {
  const real = new Map<string, string>();
  const realOf = (file: string) => {
    if (!real.has(file)) real.set(file, realPath(file));
    return real.get(file)!;
  };
  const spans = new Map<string, FunctionSpan[] | undefined>();
  const spansOf = (file: string) => {
    if (!spans.has(file)) {
      let list: FunctionSpan[] | undefined;
      try {
        list = isScannable(file) && /\.[cm]?[jt]sx?$/.test(file) ? functionSpans(file, fs.readFileSync(file, 'utf8')) : undefined;
      } catch {
        list = undefined;
      }
      spans.set(file, list);
    }
    return spans.get(file);
  };
  /** The change that touches the innermost function around a place (or the place itself, outside any function). */
  const changeAt = (place: Place): ChangedDependency | undefined => {
    const touched = changes.touched.get(realOf(place.file));
    if (!touched) return undefined;
    const around = (spansOf(place.file) ?? []).filter((s) => s.startLine <= place.line && place.line <= s.endLine).sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
    const [from, to] = around ? [around.startLine, around.endLine] : [place.line, place.line];
    const hit = touched.find(([a, b]) => a <= to && from <= b);
    if (!hit) return undefined;
    return { file: place.file, line: Math.max(hit[0], from), function: around?.name };
  };
  const placesAt = new Map<string, Place[]>();
  for (const e of inventory?.entries ?? []) {
    const places: Place[] = [{ file: e.file, line: e.line }, ...(e.chain ?? []), ...(e.reaches ?? [])];
    for (const p of places) {
      const key = `${p.file}\0${p.line}`;
      placesAt.set(key, [...(placesAt.get(key) ?? []), ...places]);
    }
  }
  const kept: Finding[] = [];
  for (const f of findings) {
    if (overlaps(changes.added.get(realOf(f.file)), f.line, f.endLine ?? f.line)) {
      kept.push(f);
      continue;
    }
    const related = placesAt.get(`${f.file}\0${f.line}`);
    const dependency = related && related.map(changeAt).find((d) => d !== undefined);
    if (dependency) kept.push(namingChange(f, dependency, root));
  }
  return kept;
}

function namingChange(f: Finding, d: ChangedDependency, root: string): Finding {
  const where = `${relativeUri(root, d.file)}:${d.line}`;
  const vi = `(phụ thuộc vào thay đổi tại ${where}${d.function ? `, hàm ${d.function}` : ''})`;
  const en = `(depends on a change at ${where}${d.function ? ` in ${d.function}` : ''})`;
  const text = f.text && { vi: `${f.text.vi} ${vi}`, en: `${f.text.en} ${en}` };
  return { ...f, dependsOnChange: d, text, message: text ? `${text.vi} — ${text.en}` : `${f.message} ${vi} — ${en}` };
}
