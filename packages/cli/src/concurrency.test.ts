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

  it('threads: off is none, N is N while there are batches for them, auto one per core on larger projects', () => {
    expect(threadCount('off', 10_000)).toBe(1);
    expect(threadCount(3, 240)).toBe(3);
    expect(threadCount(8, 50)).toBe(2); // 50 files are two batches
    expect(threadCount('auto', 100)).toBe(1);
    expect(threadCount('auto', 10_000)).toBe(os.availableParallelism());
  });
});
