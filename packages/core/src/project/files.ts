import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { readRegularFile } from './read-file';
import { remembered } from '../remembered';

/**
 * The one place the project model reads file text from. Editors hold unsaved
 * buffers ("overlays") that must win over the disk; watched-file events tell
 * us when a file that is not open changed. Everything that caches per file
 * keys its cache on `contentHash`, so a changed file is re-analysed and an
 * unchanged one never is.
 */
export class ProjectFiles {
  private readonly overlays = new Map<string, string>();
  private readonly disk = new Map<string, DiskEntry>();
  /** `contentHash` of each overlay's text, taken when first asked (`hashOf`). */
  private readonly overlayHashes = new Map<string, string>();
  private generationCounter = 0;
  /** Per-file change counters, and an epoch for "everything may have changed". */
  private readonly versions = new Map<string, number>();
  private epoch = 0;
  private readonly listeners = new Set<(file: string) => void>();
  /** `exists`' and `isDirectory`'s answers since the last notified change. */
  private readonly existing = new Map<string, boolean>();
  private readonly directories = new Map<string, boolean>();

  /** Bumped on every change: a cheap "did anything change since" check. */
  get generation(): number {
    return this.generationCounter;
  }

  /** An editor buffer's text (didOpen/didChange). */
  setOverlay(file: string, text: string): void {
    const key = absolutePath(file);
    if (this.overlays.get(key) === text) return;
    this.overlays.set(key, text);
    this.overlayHashes.delete(key);
    this.changed(key);
  }

  /** The editor closed the buffer: the disk is the truth again. */
  removeOverlay(file: string): void {
    const key = absolutePath(file);
    this.overlayHashes.delete(key);
    if (this.overlays.delete(key)) this.changed(key);
  }

  /** A file changed, was created or was deleted on disk (watched-file events, CLI runs). */
  invalidate(file: string): void {
    const key = absolutePath(file);
    this.disk.delete(key);
    this.changed(key);
  }

  /** Forget everything read from disk (policy change, workspace rescan). */
  invalidateAll(): void {
    this.disk.clear();
    this.existing.clear();
    this.directories.clear();
    this.epoch++;
    this.generationCounter++;
    for (const l of this.listeners) l('*');
  }

  /**
   * A token that changes whenever this one file may have changed (its overlay
   * or its disk state), and not when other files change: lets caches re-check
   * only the files an edit touched.
   */
  versionOf(file: string): string {
    return `${this.epoch}:${this.versions.get(absolutePath(file)) ?? 0}`;
  }

  /** Called with the absolute path of each changed file ('*' for all). */
  onDidChange(listener: (file: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Current text: the overlay if open, else the disk (cached by mtime and size); undefined if missing. */
  read(file: string): string | undefined {
    const key = absolutePath(file);
    const overlay = this.overlays.get(key);
    if (overlay !== undefined) return overlay;
    return this.diskEntry(key)?.text;
  }

  /**
   * `contentHash` of `text`, the current text of `file` (`read`'s answer): worked out once per
   * version of the file. The token index, the file index and the inventory each key their
   * entries on it, and each hashed every file's text again (on the bench repository a CLI scan
   * hashed 50 MB, 22 MB without the repeats). A text other than the file's current one is hashed
   * as it is.
   */
  hashOf(file: string, text: string): string {
    const key = absolutePath(file);
    const overlay = this.overlays.get(key);
    if (overlay !== undefined) {
      if (overlay !== text) return contentHash(text);
      let hash = this.overlayHashes.get(key);
      if (hash === undefined) this.overlayHashes.set(key, (hash = contentHash(text)));
      return hash;
    }
    const entry = this.disk.get(key);
    if (!entry || entry.text !== text) return contentHash(text);
    return (entry.hash ??= contentHash(text));
  }

  private diskEntry(key: string): DiskEntry | undefined {
    const stat = statOnDisk(key);
    if (!stat) {
      this.disk.delete(key);
      return undefined;
    }
    const cached = this.disk.get(key);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    // only a regular file, within the size cap, checked on the opened descriptor (read-file.ts)
    const r = readRegularFile(key);
    const entry: DiskEntry = { mtimeMs: stat.mtimeMs, size: stat.size, text: r.ok ? r.text : undefined };
    this.disk.set(key, entry);
    return entry;
  }

  /**
   * Is there a regular file (or an open buffer) at `file`? Module resolution asks about every
   * candidate path (`x.ts`, `x.tsx`, `x/index.ts`, …); the answers are kept until a change is
   * notified, as the resolution cache built on them is (`ModuleResolver.changed`).
   */
  exists(file: string): boolean {
    const key = absolutePath(file);
    if (this.overlays.has(key)) return true;
    return remembered(this.existing, MAX_EXISTS_ANSWERS, key, undefined, isRegularFileOnDisk);
  }

  /** Is there a folder at `dir`? Module resolution asks about the folders of every candidate path; kept like `exists`' answers. */
  isDirectory(dir: string): boolean {
    return remembered(this.directories, MAX_EXISTS_ANSWERS, absolutePath(dir), undefined, isDirectoryOnDisk);
  }

  private changed(file: string): void {
    this.existing.clear();
    this.directories.clear();
    this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
    this.generationCounter++;
    for (const l of this.listeners) l(file);
  }
}

/** A file's text as last read from disk, with the stat it was read under and its hash once asked. */
interface DiskEntry {
  mtimeMs: number;
  size: number;
  text: string | undefined;
  hash?: string;
}

/** How many paths `exists` remembers before it starts again. */
const MAX_EXISTS_ANSWERS = 100_000;

/** What the disk says of a path, or undefined when it cannot say (missing, unreadable folder, …). */
function statOnDisk(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

const isDirectoryOnDisk = (dir: string): boolean => statOnDisk(dir)?.isDirectory() ?? false;
const isRegularFileOnDisk = (file: string): boolean => statOnDisk(file)?.isFile() ?? false;

/**
 * An absolute, normalized path. `path.resolve` showed up in keystroke profiles
 * (the model asks about thousands of already-absolute paths per edit), so a
 * path that is already absolute and has no `.`/`..` segments or doubled
 * separators is returned as it is.
 */
export function absolutePath(file: string): string {
  if (!path.isAbsolute(file)) return path.resolve(file);
  // the same few thousand paths, asked about on every keystroke: the check is remembered (a Map
  // lookup hashes the string once; the regular expressions scanned it every time)
  return remembered(absolutePaths, MAX_ABSOLUTE_PATHS, file, undefined, normalizeAbsolute);
}

const normalizeAbsolute = (file: string) => (!/[\\/]\.{1,2}([\\/]|$)|[\\/]{2}/.test(file) && !(file.length > 1 && /[\\/]$/.test(file)) ? file : path.resolve(file));

/** `absolutePath`'s answers for absolute paths (they do not depend on the working directory). */
const absolutePaths = new Map<string, string>();
const MAX_ABSOLUTE_PATHS = 100_000;

/** Content hash used as the key of every per-file cache. */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The process-wide file view. The language server writes overlays into it;
 * the ESLint rules, the CLI and the server all read through it.
 */
export const projectFiles = new ProjectFiles();
