import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one way popdb-guard reads a file from disk. A repository is hostile
 * input (anyone can open a pull request, and git stores symlinks): a
 * `.gitignore` or policy that is a symlink to `/dev/zero`, a FIFO, a 2 GB
 * file must cost a clear message, never a hang or an out-of-memory abort.
 *
 * The file is opened non-blocking (opening a FIFO for reading would wait for
 * a writer forever), then `fstat` on the opened descriptor decides: only a
 * regular file, and only up to `maxBytes`, is read — the check and the read
 * concern the same file, whatever a symlink pointed to when it was checked.
 */

/** Source and config files larger than this are not read (SPEC §3: a file the engine cannot finish is a finding on it). */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;
/** Policy files: a few kilobytes in practice. */
export const MAX_POLICY_BYTES = 1024 * 1024;

export type FileRead =
  | { ok: true; text: string; mtimeMs: number; size: number }
  | { ok: false; reason: 'missing' | 'not-regular' | 'too-large' | 'unreadable'; message: string; mtimeMs?: number; size?: number };

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
}

type Failure = Extract<FileRead, { ok: false }>;

function failure(error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: 'no such file' };
  if (code === 'ELOOP') return { ok: false, reason: 'not-regular', message: 'a symlink loop' };
  return { ok: false, reason: 'unreadable', message: `cannot be read (${code ?? String(error)})` };
}

/** Open non-blocking and fstat the descriptor; `use` runs only for a regular file within the cap. */
function withRegularFile<T>(file: string, maxBytes: number, use: (fd: number, stat: fs.Stats) => T | Failure): T | Failure {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
  } catch (error) {
    return failure(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', message: `${kindOf(stat)}, not read` };
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', message: `${megabytes(stat.size)}, larger than the ${megabytes(maxBytes)} popdb-guard reads`, mtimeMs: stat.mtimeMs, size: stat.size };
    return use(fd, stat);
  } catch (error) {
    return failure(error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Open, fstat, and read a regular file of at most `maxBytes` as UTF-8. */
export function readRegularFile(file: string, maxBytes = MAX_SOURCE_BYTES): FileRead {
  return withRegularFile(file, maxBytes, (fd, stat): FileRead => {
    // read at most maxBytes + 1: a file that grows while it is read is still capped
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length === buffer.length) return { ok: false, reason: 'unreadable', message: 'changed while it was read', mtimeMs: stat.mtimeMs, size: stat.size };
    return { ok: true, text: buffer.toString('utf8', 0, length), mtimeMs: stat.mtimeMs, size: stat.size };
  });
}

/** The same checks as `readRegularFile` without reading: can the engine read this file? */
export function checkRegularFile(file: string, maxBytes = MAX_SOURCE_BYTES): { ok: true } | Failure {
  return withRegularFile(file, maxBytes, () => ({ ok: true as const }));
}

/**
 * Where a file leads, judged against the scanned folder: itself when it is no symlink, the link's
 * target when that lies inside `root`, else why it is not followed (a cloned repository can hold a
 * link to any file of the machine, a broken link or a loop).
 */
/** Is `file` (absolute) inside `dir` (or `dir` itself)? A path on another drive is not. */
export function isWithinFolder(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function followLinkWithin(file: string, root: string): { target: string } | { problem: string } {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return { target: file };
    const target = fs.realpathSync(file);
    if (!isWithinFolder(fs.realpathSync(root), target)) return { problem: 'a symlink to a file outside the scanned folder, not read' };
    return { target };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ELOOP' ? 'a symlink loop, not read' : code === 'ENOENT' ? 'a broken symlink, not read' : `cannot be read (${code ?? String(error)})` };
  }
}
