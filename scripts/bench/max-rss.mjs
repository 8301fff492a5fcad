// Preloaded into each timed child (`node --import …/max-rss.mjs`): on exit,
// writes the process's peak resident set size in kB (getrusage ru_maxrss,
// which covers every thread, so ESLint's and popdb-guard's worker threads
// count) and the CPU time of its main thread in clock ticks (utime + stime of
// /proc/self/task/<pid>/stat; absent off Linux) to the file named by
// POPDB_BENCH_RSS_OUT, as `<kB> <ticks>`. The rest of the process's CPU is
// V8's compiler and collector threads (and lint threads, with threads): on
// one lint thread they take a third of the CPU (docs/benchmark.md, "Issue 11,
// fifth pass"). Works the same for ESLint's binary and popdb-guard's, without
// /usr/bin/time.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

function mainThreadTicks() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the ")" the fields start at #3 (state); utime is #14 and stime #15
    return String(Number(fields[11]) + Number(fields[12]));
  } catch {
    return '';
  }
}

const out = process.env.POPDB_BENCH_RSS_OUT;
if (out && isMainThread) {
  process.on('exit', () => {
    writeFileSync(out, `${process.resourceUsage().maxRSS} ${mainThreadTicks()}`.trim());
  });
}
