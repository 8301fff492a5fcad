import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectFiles, keepListings, type FileProblem } from '@popdb-guard/core';

// A CLI scan lists the scanned folder, then the project model its rules build lists the same folder
// for its source files. `keepListings` lets the second listing reuse the first (docs/benchmark.md,
// "fifteenth pass"); outside it every call reads the disk, as the language server needs.

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-listing-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'x: 1\n');
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const names = (files: readonly string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
const isTs = (f: string) => f.endsWith('.ts');

describe('keepListings', () => {
  it('lists a folder once for the whole run, each caller with its own filter', () => {
    const { scanned, sources, later } = keepListings(() => {
      const scanned = collectFiles([dir], dir, []);
      fs.writeFileSync(path.join(dir, 'src/b.ts'), 'export const b = 2;\n');
      const sources = collectFiles([dir], dir, [], isTs);
      const later = collectFiles([dir], dir, ['src/a.ts']);
      return { scanned, sources, later };
    });
    expect(names(scanned)).toEqual(['config.yaml', 'src/a.ts']);
    // the file written after the first listing is not in the run's snapshot; the filters and the policy's ignore still apply
    expect(names(sources)).toEqual(['src/a.ts']);
    expect(names(later)).toEqual(['config.yaml']);
    // outside the run the disk is listed again
    expect(names(collectFiles([dir], dir, []))).toEqual(['config.yaml', 'src/a.ts', 'src/b.ts']);
  });

  it('gives every caller that collects problems the problems of the first listing', () => {
    // a `.gitignore` that is a folder cannot be read: its patterns are not applied, and that is said
    fs.mkdirSync(path.join(dir, 'src/.gitignore'));
    const first: FileProblem[] = [];
    const second: FileProblem[] = [];
    keepListings(() => {
      collectFiles([dir], dir, [], undefined, first);
      collectFiles([dir], dir, [], undefined, second);
      // a caller that collects nothing (the project model) gets the files alone
      collectFiles([dir], dir, [], isTs);
    });
    expect(first.map((p) => path.relative(dir, p.file))).toEqual([path.join('src', '.gitignore')]);
    expect(second).toEqual(first);
  });

  it('keeps the listings until the outermost run ends, and until a promise settles', async () => {
    const listed = await keepListings(async () => {
      collectFiles([dir], dir, []);
      // a run inside the run: its end does not drop the outer run's listings
      keepListings(() => collectFiles([dir], dir, []));
      await new Promise((resolve) => setTimeout(resolve, 5));
      fs.writeFileSync(path.join(dir, 'src/c.ts'), '');
      return collectFiles([dir], dir, []);
    });
    expect(names(listed)).toEqual(['config.yaml', 'src/a.ts']);
    expect(names(collectFiles([dir], dir, []))).toEqual(['config.yaml', 'src/a.ts', 'src/c.ts']);
  });

  it('lets go of the listings when the run throws', () => {
    expect(() =>
      keepListings(() => {
        collectFiles([dir], dir, []);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    fs.writeFileSync(path.join(dir, 'src/d.ts'), '');
    expect(names(collectFiles([dir], dir, []))).toContain('src/d.ts');
  });
});
