import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectFiles, contentHash } from '@popdb-guard/core';

// `hashOf` hashes a file's current text once per version of the file: the token index, the file
// index and the inventory each ask for it (docs/benchmark.md, "fifteenth pass"). Whatever it
// keeps, its answer must be the hash of the text it is given.

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-files-'));
  file = path.join(dir, 'a.ts');
  fs.writeFileSync(file, 'export const a = 1;\n');
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ProjectFiles.hashOf', () => {
  it('is the hash of the text on disk, and follows the file when it changes', () => {
    const files = new ProjectFiles();
    const first = files.read(file)!;
    expect(files.hashOf(file, first)).toBe(contentHash(first));
    expect(files.hashOf(file, first)).toBe(contentHash(first));
    // another size: read again, so the kept hash goes with the old text
    fs.writeFileSync(file, 'export const a = 22;\n');
    const second = files.read(file)!;
    expect(second).not.toBe(first);
    expect(files.hashOf(file, second)).toBe(contentHash(second));
  });

  it('hashes a text that is not the file\'s current one as it is', () => {
    const files = new ProjectFiles();
    const onDisk = files.read(file)!;
    files.hashOf(file, onDisk);
    const other = 'export const b = 2;\n';
    expect(files.hashOf(file, other)).toBe(contentHash(other));
    // never read: nothing kept to compare with
    const unread = path.join(dir, 'b.ts');
    expect(new ProjectFiles().hashOf(unread, other)).toBe(contentHash(other));
  });

  it('keeps an overlay\'s hash until the overlay changes or closes', () => {
    const files = new ProjectFiles();
    files.read(file);
    files.setOverlay(file, 'export const a = 3;\n');
    expect(files.hashOf(file, 'export const a = 3;\n')).toBe(contentHash('export const a = 3;\n'));
    files.setOverlay(file, 'export const a = 4;\n');
    expect(files.hashOf(file, 'export const a = 4;\n')).toBe(contentHash('export const a = 4;\n'));
    // the disk's text while the buffer is open is not the current text: hashed as it is
    expect(files.hashOf(file, 'export const a = 1;\n')).toBe(contentHash('export const a = 1;\n'));
    files.removeOverlay(file);
    const disk = files.read(file)!;
    expect(disk).toBe('export const a = 1;\n');
    expect(files.hashOf(file, disk)).toBe(contentHash(disk));
  });
});
