import * as os from 'node:os';
import { parseConcurrency, threadCount } from './concurrency';

describe('--concurrency', () => {
  it('parses ESLint\'s spelling', () => {
    expect(parseConcurrency(undefined)).toBe('auto');
    expect(parseConcurrency('auto')).toBe('auto');
    expect(parseConcurrency('off')).toBe('off');
    expect(parseConcurrency('4')).toBe(4);
    expect(() => parseConcurrency('0')).toThrow(/positive integer/);
    expect(() => parseConcurrency('2.5')).toThrow(/positive integer/);
  });

  it('threads: off is none, N is N while there are batches for them', () => {
    expect(threadCount('off', 10_000)).toBe(1);
    expect(threadCount(3, 240)).toBe(3);
    expect(threadCount(8, 50)).toBe(2); // 50 files are two batches
  });

  it("auto is ESLint's: half the cores on larger projects, never a single lint thread", () => {
    expect(threadCount('auto', 10_000, 2)).toBe(1); // half of 2 cores is one thread: this one
    expect(threadCount('auto', 10_000, 3)).toBe(1);
    expect(threadCount('auto', 10_000, 4)).toBe(2);
    expect(threadCount('auto', 10_000, 16)).toBe(8);
    expect(threadCount('auto', 100, 16)).toBe(1); // too few files for a thread to pay off
    expect(threadCount('auto', 450, 16)).toBe(3); // 150 files per thread
    expect(threadCount('auto', 10_000)).toBe(Math.max(1, os.availableParallelism() >> 1) >= 2 ? os.availableParallelism() >> 1 : 1);
  });
});
