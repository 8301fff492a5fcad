// Preloaded into each timed child (`node --import …/max-rss.mjs`): on exit,
// writes the process's peak resident set size in kB (getrusage ru_maxrss,
// which covers every thread, so ESLint's and popdb-guard's worker threads
// count) to the file named by POPDB_BENCH_RSS_OUT. Works the same for ESLint's
// binary and popdb-guard's, without /usr/bin/time.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.POPDB_BENCH_RSS_OUT;
if (out && isMainThread) {
  process.on('exit', () => {
    writeFileSync(out, String(process.resourceUsage().maxRSS));
  });
}
