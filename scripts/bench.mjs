#!/usr/bin/env node
// `npm run bench`: how long popdb-guard takes on a realistic repository,
// next to the ESLint setups a team would otherwise run in CI.
//
// It generates a synthetic repository (scripts/bench/generate.mjs) into a
// temp folder, then times three whole child processes over the same files:
//   (a) ESLint, @typescript-eslint/parser, no rules: the floor (startup, file
//       discovery, parsing);
//   (b) ESLint with eslint-plugin-security (recommended) and
//       eslint-plugin-no-secrets (no-secrets/no-secrets: error);
//   (c) the popdb-guard CLI (which also reads the .env/JSON/YAML files).
// Each run times a, b and c in turn; the report gives the median of the runs.
// No timing is asserted anywhere: the figures are for docs/benchmark.md.
//
// Peak RSS of each child comes from a preloaded module (bench/max-rss.mjs)
// that writes process.resourceUsage().maxRSS on exit.
//
// Usage: npm run bench -- [--files 2000] [--runs 3] [--seed 1] [--keep] [--json FILE]
//        npm run bench -- --sizes 500,2000,8000 [--runs 1]   (growth of CPU and RSS with size)
//        npm run bench -- --ab ../base [--runs 4]   (this tree's (c) against another built tree's, in alternating pairs)
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateRepo } from './bench/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    sizes: { type: 'string' },
    ab: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: npm run bench -- [--files 2000] [--runs 3] [--seed 1] [--keep] [--json FILE] [--sizes 500,2000,8000]\n  --keep       leave the generated repository and outputs in the temp folder\n  --json FILE  also write the medians, ratios and finding counts as JSON\n  --sizes LIST time (a) and popdb-guard at each size and print how CPU and RSS grow\n  --ab DIR     time (c) of this tree and of the built tree at DIR in --runs alternating pairs (a change\'s cost on a noisy host)\n');
  process.exit(0);
}
const files = Number(values.files);
const runs = Number(values.runs);
const seed = Number(values.seed);
// Below 20 files the repository is mostly the config skeleton and ESLint may find no source file at all.
if (!Number.isInteger(files) || files < 20 || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('bench: --files must be an integer >= 20, --runs a positive integer, --seed an integer\n');
  process.exit(2);
}

const cliBin = join(root, 'packages', 'cli', 'bin', 'popdb-guard.js');
if (!existsSync(join(root, 'packages', 'cli', 'dist', 'index.js'))) {
  process.stderr.write('bench: popdb-guard is not built; run `npm run build` first\n');
  process.exit(2);
}
const eslintBin = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');

// ---------------------------------------------------------------------------
// Setup: one ESLint config folder per baseline, then the repository (or, with
// --sizes, one repository per size).

const work = mkdtempSync(join(tmpdir(), 'popdb-bench-'));
const SOURCE_RE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

// The configs live outside the repository (popdb-guard must not scan them) and
// load the plugins by absolute path, since the temp folder has no node_modules.
// Same parser and options as eslint-plugin-popdb's own source-file block, so
// (a) is the exact parsing floor under (c).
const SOURCE_GLOB = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}';
const resolved = (name) => JSON.stringify(pathToFileURL(require.resolve(name)).href);
const parserBlock = `{ files: [${JSON.stringify(SOURCE_GLOB)}], languageOptions: { parser: tsParser, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } }`;
const configs = {
  a: `import tsParser from ${resolved('@typescript-eslint/parser')};
export default [${parserBlock}];
`,
  b: `import tsParser from ${resolved('@typescript-eslint/parser')};
import security from ${resolved('eslint-plugin-security')};
import noSecrets from ${resolved('eslint-plugin-no-secrets')};
export default [
  ${parserBlock},
  { ...security.configs.recommended, files: [${JSON.stringify(SOURCE_GLOB)}] },
  { files: [${JSON.stringify(SOURCE_GLOB)}], plugins: { 'no-secrets': noSecrets }, rules: { 'no-secrets/no-secrets': 'error' } },
];
`,
};
const configFiles = {};
for (const [key, text] of Object.entries(configs)) {
  const d = join(work, `eslint-${key}`);
  mkdirSync(d);
  configFiles[key] = join(d, 'eslint.config.mjs');
  writeFileSync(configFiles[key], text);
}

const outputs = { a: join(work, 'a.json'), b: join(work, 'b.json'), c: join(work, 'c.json'), d: join(work, 'd.json'), d2: join(work, 'd2.json'), e: join(work, 'e.json') };
// ESLint and popdb-guard get the directory, not a file list, so each does its own discovery like in CI.
// ESLint exits 1 when it finds errors, popdb-guard too; 2 means the tool failed.
const allTools = [
  { key: 'a', label: '(a) ESLint + @typescript-eslint/parser, no rules', args: [eslintBin, '-c', configFiles.a, '-f', 'json', '-o', outputs.a, '.'] },
  { key: 'b', label: '(b) ESLint + security/recommended + no-secrets', args: [eslintBin, '-c', configFiles.b, '-f', 'json', '-o', outputs.b, '.'] },
  { key: 'c', label: '(c) popdb-guard CLI', args: [cliBin, '.', '--format', 'json', '--output', outputs.c] },
];
const cliHelp = spawnSync(process.execPath, [cliBin, '--help'], { encoding: 'utf8' }).stdout ?? '';
if (cliHelp.includes('--concurrency')) {
  allTools[2].label = '(c) popdb-guard CLI, --concurrency off';
  allTools[2].args.push('--concurrency', 'off');
  allTools.push({ key: 'd', label: '(d) popdb-guard CLI, --concurrency auto, SARIF', args: [cliBin, '.', '--format', 'sarif', '--output', outputs.d, '--concurrency', 'auto'] });
  // auto is ESLint's (half the cores, never one lint thread): on 2 cores it lints in one thread, so two threads are measured too
  allTools.push({ key: 'd2', label: '(d2) popdb-guard CLI, --concurrency 2, SARIF', args: [cliBin, '.', '--format', 'sarif', '--output', outputs.d2, '--concurrency', '2'] });
}
if (cliHelp.includes('--cache')) {
  // a re-run on the unchanged tree: the cache is filled by an untimed run first (see `warm`)
  allTools.push({ key: 'e', label: '(e) popdb-guard CLI, --cache, re-run, JSON', warm: true, args: [cliBin, '.', '--format', 'json', '--output', outputs.e, '--concurrency', 'off', '--cache', '--cache-location', join(work, 'cache')] });
}

// ---------------------------------------------------------------------------
// Measuring: wall clock; the child's user+system CPU from /proc/self/stat
// (cutime + cstime grow by the reaped child's CPU), which is steadier than wall
// time on a machine shared with other jobs; and the child's peak RSS, written
// by bench/max-rss.mjs preloaded into it.

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* not Linux: CPU time is reported as n/a */
}
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the ")" the fields start at #3 (state); cutime is #16 and cstime #17.
    return (Number(fields[13]) + Number(fields[14])) / clkTck;
  } catch {
    return NaN;
  }
}

const maxRssPreload = pathToFileURL(join(root, 'scripts', 'bench', 'max-rss.mjs')).href;
const rssFile = join(work, 'max-rss.txt');

function timeOnce(tool, cwd) {
  rmSync(rssFile, { force: true });
  const cpuBefore = childCpuSeconds();
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', maxRssPreload, ...tool.args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, POPDB_BENCH_RSS_OUT: rssFile } });
  const wallMs = performance.now() - start;
  // Clock ticks are 1/CLK_TCK s: round away the float noise of the subtraction.
  const cpuS = Math.round((childCpuSeconds() - cpuBefore) * clkTck) / clkTck;
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(`bench: ${tool.label} failed (exit ${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}\n`);
    if (values.keep) process.stderr.write(`Kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
    process.exit(2);
  }
  const [rssKb, mainTicks] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ') : [];
  const rssMb = rssKb ? Math.round(Number(rssKb) / 1024) : NaN;
  // the main thread's share of the CPU: the rest is V8's compiler and collector threads (and lint threads)
  const mainS = mainTicks ? Number(mainTicks) / clkTck : NaN;
  return { wallMs: Math.round(wallMs), cpuS, rssMb, mainS };
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** A popdb-guard JSON report without what differs from run to run (when, how long). */
const withoutTimings = ({ generatedAt, durationMs, summary, ...rest }) => ({ ...rest, summary: { ...summary, durationMs: undefined } });
const medians = (xs) => ({ wallMs: median(xs.map((x) => x.wallMs)), cpuS: median(xs.map((x) => x.cpuS)), rssMb: median(xs.map((x) => x.rssMb)), mainS: median(xs.map((x) => x.mainS)) });
const fixed = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

// ---------------------------------------------------------------------------
// --sizes: how CPU and peak RSS grow with the repository's size, for (a) and
// popdb-guard. Linear growth means the ratio of two sizes' figures is about
// the ratio of the sizes.

if (values.sizes) {
  const sizes = values.sizes.split(',').map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n >= 20)) {
    process.stderr.write('bench: --sizes takes a comma-separated list of integers >= 20\n');
    process.exit(2);
  }
  const tools = allTools.filter((t) => t.key !== 'b' && t.key !== 'e');
  process.stdout.write(`popdb-guard bench --sizes ${sizes.join(',')}: seed ${seed}, ${runs} run(s) per size; load average before: ${load()}\n`);
  const rows = [];
  for (const n of sizes) {
    const dir = join(work, `repo-${n}`);
    generateRepo(dir, { files: n, seed });
    const row = { files: n };
    for (const tool of tools) {
      const xs = [];
      for (let run = 0; run < runs; run++) xs.push(timeOnce(tool, dir));
      row[tool.key] = medians(xs);
      process.stdout.write(`  ${n} files ${tool.key}: ${fixed(row[tool.key].cpuS)} s CPU, ${row[tool.key].rssMb} MB peak RSS, ${fixed(row[tool.key].wallMs / 1000)} s wall\n`);
    }
    rows.push(row);
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  let out = `\nMedian of ${runs} run(s) per size; load average after: ${load()}\n  ${pad('files', 6)}`;
  for (const t of tools) out += ` ${lpad(`${t.key} CPU s`, 9)} ${lpad(`${t.key} RSS MB`, 9)}`;
  for (const t of tools.filter((x) => x.key !== 'a')) out += ` ${lpad(`${t.key}/a CPU`, 8)} ${lpad(`${t.key}/a RSS`, 8)}`;
  out += `  growth vs ${sizes[0]} files (c: CPU, RSS)\n`;
  for (const row of rows) {
    out += `  ${pad(row.files, 6)}`;
    for (const t of tools) out += ` ${lpad(fixed(row[t.key].cpuS), 9)} ${lpad(row[t.key].rssMb, 9)}`;
    for (const t of tools.filter((x) => x.key !== 'a')) out += ` ${lpad(fixed(row[t.key].cpuS / row.a.cpuS), 8)} ${lpad(fixed(row[t.key].rssMb / row.a.rssMb), 8)}`;
    out += `  ×${fixed(row.files / rows[0].files, 1)} files: ×${fixed(row.c.cpuS / rows[0].c.cpuS)} CPU, ×${fixed(row.c.rssMb / rows[0].c.rssMb)} RSS\n`;
  }
  process.stdout.write(`${out}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ seed, runs, node: process.version, cpus: cpus().length, sizes: rows }, null, 2)}\n`);
  if (values.keep) process.stdout.write(`Kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// ---------------------------------------------------------------------------
// --ab DIR: (c) of this tree against (c) of another built tree (a worktree of
// the commit to compare with), in alternating pairs on the same repository.
// The host's speed drifts by 10–50% within an hour here (docs/benchmark.md,
// "Reading the figures"), so a change of a few percent shows only as the
// difference within each pair, taken back to back; the order inside a pair
// alternates so that neither side always runs on a warmer host. The reports
// must be the same (timings aside): a change that moves findings is not a
// speed change.

if (values.ab) {
  const other = join(values.ab, 'packages', 'cli', 'bin', 'popdb-guard.js');
  if (!existsSync(join(values.ab, 'packages', 'cli', 'dist', 'index.js'))) {
    process.stderr.write(`bench: ${values.ab} is not a built popdb-guard tree (no packages/cli/dist); build it with \`npm run build\` there\n`);
    process.exit(2);
  }
  const dir = join(work, 'repo');
  generateRepo(dir, { files, seed });
  const side = (key, bin) => ({ key, label: `(c) ${key}`, args: [bin, '.', '--format', 'json', '--output', join(work, `ab-${key}.json`), '--concurrency', 'off'] });
  const sides = { base: side('base', other), head: side('head', cliBin) };
  process.stdout.write(`popdb-guard bench --ab: base ${values.ab}, head ${root}; ${files} files, seed ${seed}, ${runs} pair(s); load average before: ${load()}\n`);
  const pairs = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ['head', 'base'] : ['base', 'head'];
    const pair = {};
    for (const key of order) {
      pair[key] = timeOnce(sides[key], dir);
      pair[key].wallS = pair[key].wallMs / 1000;
      process.stdout.write(`  pair ${i + 1}/${runs} ${key}: ${fixed(pair[key].cpuS)} s CPU (${fixed(pair[key].mainS)} s main thread), ${fixed(pair[key].wallS)} s wall, ${pair[key].rssMb} MB peak RSS\n`);
    }
    pairs.push(pair);
  }
  const report = (key) => JSON.stringify(withoutTimings(JSON.parse(readFileSync(join(work, `ab-${key}.json`), 'utf8'))));
  const same = report('base') === report('head');
  const delta = (field) => pairs.map((p) => p.head[field] - p.base[field]);
  const row = (name, field, unit, d = 2) => {
    const ds = delta(field);
    const b = median(pairs.map((p) => p.base[field]));
    const h = median(pairs.map((p) => p.head[field]));
    const lower = ds.filter((x) => x < 0).length;
    return `  ${pad(name, 10)} base ${lpad(fixed(b, d), 8)} ${unit}  head ${lpad(fixed(h, d), 8)} ${unit}  median of head − base ${lpad(fixed(median(ds), d), 7)} ${unit} (${fixed((100 * median(ds)) / b, 1)}%), head lower in ${lower}/${pairs.length} pairs\n`;
  };
  let out = `\nMedians of ${runs} pair(s); load average after: ${load()}\n`;
  out += row('CPU', 'cpuS', 's') + row('main', 'mainS', 's') + row('wall', 'wallS', 's') + row('peak RSS', 'rssMb', 'MB', 0);
  out += `  reports (findings, inventory) identical: ${same ? 'yes' : 'NO'}\n`;
  process.stdout.write(`${out}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ base: values.ab, head: root, files, seed, node: process.version, cpus: cpus().length, pairs, identical: same }, null, 2)}\n`);
  if (values.keep) process.stdout.write(`Kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(same ? 0 : 1);
}

const repoDir = join(work, 'repo');
const t0 = performance.now();
const repo = generateRepo(repoDir, { files, seed });
const generateMs = performance.now() - t0;
const sourceCount = repo.files.filter((f) => SOURCE_RE.test(f)).length;
const tools = allTools;

const ruleNames = (() => {
  const { ruleMetas } = require(join(root, 'packages', 'engine'));
  return ruleMetas.map((m) => `popdb/${m.name}`);
})();

process.stdout.write(
  `popdb-guard bench: ${files} files (${sourceCount} JS/TS, ${files - sourceCount} config), seed ${seed}, ${runs} run(s)\n` +
    `  repository: ${repoDir} (generated in ${(generateMs / 1000).toFixed(1)} s, ${repo.planted.length} planted violations)\n` +
    `  machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ESLint ${require('eslint/package.json').version}\n` +
    `  load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (wall time is only meaningful when it is well under ${cpus().length})\n` +
    `  popdb-guard rules (${ruleNames.length}): ${ruleNames.join(', ') || '(none yet: (c) measures the engine, parsing and config-file reading only)'}\n\n`,
);

const samples = Object.fromEntries(tools.map((t) => [t.key, []]));
for (const tool of tools) if (tool.warm) timeOnce(tool, repoDir);
for (let run = 1; run <= runs; run++) {
  for (const tool of tools) {
    const s = timeOnce(tool, repoDir);
    samples[tool.key].push(s);
    process.stdout.write(`  run ${run}/${runs} ${tool.key}: ${(s.wallMs / 1000).toFixed(2)} s wall, ${s.cpuS.toFixed(2)} s CPU (${fixed(s.mainS)} s main thread), ${s.rssMb} MB peak RSS\n`);
  }
}

// ---------------------------------------------------------------------------
// What each tool did: files linted and findings, from its last JSON output.

function eslintSummary(file) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const byRule = {};
  const byFile = new Map();
  let fatal = 0;
  for (const r of results) {
    const file = relative(repoDir, r.filePath).split(sep).join('/');
    for (const m of r.messages) {
      if (m.fatal) fatal++;
      else byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
      byFile.set(file, [...(byFile.get(file) ?? []), { file, line: m.line, ruleId: m.fatal ? 'parse-error' : m.ruleId }]);
    }
  }
  return { filesLinted: results.length, fatal, byRule, byFile };
}
const a = eslintSummary(outputs.a);
const b = eslintSummary(outputs.b);
const c = JSON.parse(readFileSync(outputs.c, 'utf8'));

const med = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, medians(xs)]));
// (d) writes SARIF: its results as (file, line, column, rule), in order
const sarifRun = (key) => (samples[key] ? JSON.parse(readFileSync(outputs[key], 'utf8')).runs[0] : undefined);
const filesOf = { a: a.filesLinted, b: b.filesLinted, c: c.filesScanned, d: c.filesScanned, d2: c.filesScanned, e: c.filesScanned };

let out = `\nMedian of ${runs} run(s); load average after: ${load()}\n`;
out += `  ${pad('tool', 50)} ${lpad('files', 6)} ${lpad('wall s', 8)} ${lpad('CPU s', 7)} ${lpad('main s', 7)} ${lpad('peak RSS MB', 12)} ${lpad('files/s', 8)} ${lpad('files/CPU s', 12)}\n`;
for (const tool of tools) {
  const m = med[tool.key];
  const n = filesOf[tool.key];
  out += `  ${pad(tool.label, 50)} ${lpad(n, 6)} ${lpad(fixed(m.wallMs / 1000), 8)} ${lpad(fixed(m.cpuS), 7)} ${lpad(fixed(m.mainS), 7)} ${lpad(m.rssMb, 12)} ${lpad(fixed(n / (m.wallMs / 1000), 0), 8)} ${lpad(fixed(n / m.cpuS, 0), 12)}\n`;
}
out += `  (main s: the CPU of the process's main thread; the rest of CPU s is V8's compiler and collector threads, and the lint threads of (d2))\n`;
const ratios = {
  wall: { ca: med.c.wallMs / med.a.wallMs, cb: med.c.wallMs / med.b.wallMs, ba: med.b.wallMs / med.a.wallMs, ...(med.d ? { da: med.d.wallMs / med.a.wallMs } : {}), ...(med.d2 ? { d2a: med.d2.wallMs / med.a.wallMs } : {}) },
  cpu: { ca: med.c.cpuS / med.a.cpuS, cb: med.c.cpuS / med.b.cpuS, ba: med.b.cpuS / med.a.cpuS },
  rss: { ca: med.c.rssMb / med.a.rssMb, ...(med.d ? { da: med.d.rssMb / med.a.rssMb } : {}) },
};
out += `\n  wall-time ratios: c/a = ${fixed(ratios.wall.ca)}, c/b = ${fixed(ratios.wall.cb)}, b/a = ${fixed(ratios.wall.ba)}${med.d ? `, d/a = ${fixed(ratios.wall.da)}` : ''}${med.d2 ? `, d2/a = ${fixed(ratios.wall.d2a)}` : ''}\n`;
out += `  CPU-time ratios:  c/a = ${fixed(ratios.cpu.ca)}, c/b = ${fixed(ratios.cpu.cb)}, b/a = ${fixed(ratios.cpu.ba)}\n`;
out += `  peak-RSS ratios:  c/a = ${fixed(ratios.rss.ca)}${med.d ? `, d/a = ${fixed(ratios.rss.da)}` : ''}\n`;
out += `  (ESLint lints the ${sourceCount} JS/TS files; popdb-guard scans those plus ${c.filesScanned - sourceCount} config files.)\n`;
for (const key of ['d', 'd2']) {
  const run = sarifRun(key);
  if (!run) continue;
  const rows = run.results.filter((r) => !r.suppressions?.length).map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn, r.ruleId]);
  const cRows = c.findings.map((f) => [f.file, f.line, f.column, f.ruleId]);
  out += `  (${key}) findings and their order identical to (c): ${JSON.stringify(cRows) === JSON.stringify(rows) ? 'yes' : 'NO'}\n`;
}
if (samples.e) {
  const e = JSON.parse(readFileSync(outputs.e, 'utf8'));
  out += `  (e) report (findings, inventory) identical to (c): ${JSON.stringify(withoutTimings(e)) === JSON.stringify(withoutTimings(c)) ? 'yes' : 'NO'}\n`;
}

const fmtCounts = (byRule) =>
  Object.entries(byRule)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([k, n]) => `    ${pad(k, 48)} ${lpad(n, 5)}`)
    .join('\n') || '    (none)';
out += `\n(b) findings by rule:\n${fmtCounts(b.byRule)}\n`;
if (a.fatal || b.fatal) out += `  parse errors: (a) ${a.fatal}, (b) ${b.fatal}\n`;
const countBy = (list, keyOf) => {
  const counts = {};
  for (const x of list) counts[keyOf(x)] = (counts[keyOf(x)] ?? 0) + 1;
  return counts;
};
const cByRule = countBy(c.findings, (f) => f.ruleId);
out += `\n(c) popdb-guard findings by rule (${c.findings.length} in all):\n${fmtCounts(cByRule)}\n`;

// Planted violations against the findings. A rule may anchor a multi-line
// construct (a loop, a call spread over lines) on a neighbouring line, so a
// finding within NEAR lines in the same file counts.
const NEAR = 4;
const byFile = (list) => {
  const m = new Map();
  for (const x of list) m.set(x.file, [...(m.get(x.file) ?? []), x]);
  return m;
};
const near = (index, file, line, pred = () => true) => (index.get(file) ?? []).filter((x) => Math.abs(x.line - line) <= NEAR && pred(x));
const cByFile = byFile(c.findings);
const plantedByFile = byFile(repo.planted);
const plantedByRule = {};
for (const p of repo.planted) {
  const e = (plantedByRule[p.ruleId] ??= { planted: 0, found: 0 });
  e.planted++;
  if (near(cByFile, p.file, p.line, (f) => f.ruleId === p.ruleId).length) e.found++;
}
const elsewhere = c.findings.filter((f) => !near(plantedByFile, f.file, f.line).length);
out += `\n(c) planted violations reported within ${NEAR} lines by the expected rule:\n`;
out += Object.entries(plantedByRule)
  .sort((x, y) => x[0].localeCompare(y[0]))
  .map(([rule, e]) => `    ${pad(rule, 48)} ${lpad(`${e.found}/${e.planted}`, 7)}${ruleNames.includes(rule) ? '' : '  (rule not on this branch)'}`)
  .join('\n');
out += `\n  findings away from any planted violation: ${elsewhere.length}${elsewhere.length ? ' (the generator writes the rest to be clean: look at these for false positives)' : ''}\n`;
if (elsewhere.length) {
  out += `${fmtCounts(countBy(elsewhere, (f) => `${f.ruleId} ${f.messageId ?? ''}`.trim()))}\n  first of them:\n`;
  for (const f of elsewhere.slice(0, 10)) out += `    ${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId ?? ''}\n`;
}

const plantedInSources = repo.planted.filter((p) => /\.(ts|tsx|js|jsx)$/.test(p.file));
const bHitsByRule = {};
let bHits = 0;
for (const p of plantedInSources) {
  const hits = near(b.byFile, p.file, p.line);
  if (hits.length) bHits++;
  for (const r of new Set(hits.map((h) => h.ruleId))) bHitsByRule[r] = (bHitsByRule[r] ?? 0) + 1;
}
out += `\n(b) planted violations with any (b) finding within ${NEAR} lines: ${bHits}/${plantedInSources.length} of those in JS/TS files (${repo.planted.length - plantedInSources.length} more are in config files, out of its reach)\n`;
out += fmtCounts(bHitsByRule) + '\n';
process.stdout.write(`${out}\n`);

if (values.json) {
  const summary = {
    files, sourceFiles: sourceCount, seed, runs, node: process.version, cpus: cpus().length,
    eslint: require('eslint/package.json').version, popdbRules: ruleNames,
    medians: Object.fromEntries(tools.map((t) => [t.key, { label: t.label, files: filesOf[t.key], wallSeconds: med[t.key].wallMs / 1000, cpuSeconds: med[t.key].cpuS, mainThreadCpuSeconds: med[t.key].mainS, peakRssMb: med[t.key].rssMb }])),
    samples, ratios,
    findings: { b: b.byRule, c: cByRule },
    planted: plantedByRule, findingsAwayFromPlanted: elsewhere.length, eslintSecurityNearPlanted: { hits: bHits, of: plantedInSources.length, byRule: bHitsByRule },
  };
  writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
}

if (values.keep) {
  process.stdout.write(`Kept ${work} (repo/, eslint-a/, eslint-b/, a.json, b.json, c.json)\n`);
} else {
  rmSync(work, { recursive: true, force: true });
}
