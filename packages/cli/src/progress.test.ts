import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resetProjectModels } from '@popdb-guard/core';
// the built CLI, as it runs (its lint threads start dist/lint-worker.js)
import { scan } from 'popdb-guard';
import { PROGRESS_BATCH_SIZE } from './memory';

/**
 * The progress line's files-done counter (a terminal only): the scan tells
 * it the files checked after each batch, in smaller batches than a plain
 * scan, and the findings do not change for it.
 */
describe('scan progress counter', () => {
  const FILES = PROGRESS_BATCH_SIZE * 2 + 17;
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-progress-'));
    for (let i = 0; i < FILES; i++) {
      // every seventh file has a finding, so the comparison below compares something
      const body = i % 7 === 0 ? `const password = 'Pr0d-${i}-Xk29!vQ';\nexport const login = () => password;\n` : `export const n${i} = ${i};\n`;
      fs.writeFileSync(path.join(dir, `f${String(i).padStart(3, '0')}.ts`), body);
    }
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts from 0 to every file, one step per batch, with the findings of a scan without a counter', async () => {
    resetProjectModels();
    const plain = await scan({ paths: [dir], cwd: dir, inventory: false, concurrency: 'off' });
    resetProjectModels();
    const seen: [number, number][] = [];
    const counted = await scan({ paths: [dir], cwd: dir, inventory: false, concurrency: 'off', onFiles: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [0, FILES],
      [PROGRESS_BATCH_SIZE, FILES],
      [PROGRESS_BATCH_SIZE * 2, FILES],
      [FILES, FILES],
    ]);
    if (!plain.ok || !counted.ok) throw new Error('scan failed');
    expect(plain.report.findings.length).toBeGreaterThan(0);
    const strip = (f: { file: string; line: number; ruleId: string; message: string }) => ({ file: f.file, line: f.line, ruleId: f.ruleId, message: f.message });
    expect(counted.report.findings.map(strip)).toEqual(plain.report.findings.map(strip));
  });

  it('counts with lint threads too, as their batches come back', async () => {
    const seen: number[] = [];
    const outcome = await scan({ paths: [dir], cwd: dir, inventory: false, concurrency: 2, onFiles: (done) => seen.push(done) });
    expect(outcome.ok).toBe(true);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(FILES);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
