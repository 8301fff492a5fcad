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
// Usage: npm run bench -- [--files 2000] [--runs 3] [--seed 1] [--keep] [--json FILE]
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
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: npm run bench -- [--files 2000] [--runs 3] [--seed 1] [--keep] [--json FILE]\n  --keep       leave the generated repository and outputs in the temp folder\n  --json FILE  also write the medians, ratios and finding counts as JSON\n');
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
// Setup: the repository and one ESLint config folder per baseline.

const work = mkdtempSync(join(tmpdir(), 'popdb-bench-'));
const repoDir = join(work, 'repo');
const t0 = performance.now();
const repo = generateRepo(repoDir, { files, seed });
const generateMs = performance.now() - t0;
const sourceCount = repo.files.filter((f) => /\.(ts|tsx|js|jsx)$/.test(f)).length;

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

const outputs = { a: join(work, 'a.json'), b: join(work, 'b.json'), c: join(work, 'c.json') };
// ESLint and popdb-guard get the directory, not a file list, so each does its own discovery like in CI.
// ESLint exits 1 when it finds errors, popdb-guard too; 2 means the tool failed.
const tools = [
  { key: 'a', label: '(a) ESLint + @typescript-eslint/parser, no rules', args: [eslintBin, '-c', configFiles.a, '-f', 'json', '-o', outputs.a, '.'] },
  { key: 'b', label: '(b) ESLint + security/recommended + no-secrets', args: [eslintBin, '-c', configFiles.b, '-f', 'json', '-o', outputs.b, '.'] },
  { key: 'c', label: '(c) popdb-guard CLI', args: [cliBin, '.', '--format', 'json', '--output', outputs.c] },
];

// ---------------------------------------------------------------------------
// Timing: wall clock, plus the child's user+system CPU from /proc/self/stat
// (cutime + cstime grow by the reaped child's CPU), which is steadier than wall
// time on a machine shared with other jobs.

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

function timeOnce(tool) {
  const cpuBefore = childCpuSeconds();
  const start = performance.now();
  const r = spawnSync(process.execPath, tool.args, { cwd: repoDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  // Clock ticks are 1/CLK_TCK s: round away the float noise of the subtraction.
  const cpuS = Math.round((childCpuSeconds() - cpuBefore) * clkTck) / clkTck;
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(`bench: ${tool.label} failed (exit ${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}\n`);
    if (values.keep) process.stderr.write(`Kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
    process.exit(2);
  }
  return { wallMs: Math.round(wallMs), cpuS };
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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

const samples = { a: [], b: [], c: [] };
for (let run = 1; run <= runs; run++) {
  for (const tool of tools) {
    const s = timeOnce(tool);
    samples[tool.key].push(s);
    process.stdout.write(`  run ${run}/${runs} ${tool.key}: ${(s.wallMs / 1000).toFixed(2)} s wall, ${s.cpuS.toFixed(2)} s CPU\n`);
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

const med = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { wallMs: median(xs.map((x) => x.wallMs)), cpuS: median(xs.map((x) => x.cpuS)) }]));
const filesOf = { a: a.filesLinted, b: b.filesLinted, c: c.filesScanned };
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

const fixed = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
let out = `\nMedian of ${runs} run(s); load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`;
out += `  ${pad('tool', 50)} ${lpad('files', 6)} ${lpad('wall s', 8)} ${lpad('CPU s', 7)} ${lpad('files/s', 8)} ${lpad('files/CPU s', 12)}\n`;
for (const tool of tools) {
  const m = med[tool.key];
  const n = filesOf[tool.key];
  out += `  ${pad(tool.label, 50)} ${lpad(n, 6)} ${lpad(fixed(m.wallMs / 1000), 8)} ${lpad(fixed(m.cpuS), 7)} ${lpad(fixed(n / (m.wallMs / 1000), 0), 8)} ${lpad(fixed(n / m.cpuS, 0), 12)}\n`;
}
const ratios = {
  wall: { ca: med.c.wallMs / med.a.wallMs, cb: med.c.wallMs / med.b.wallMs, ba: med.b.wallMs / med.a.wallMs },
  cpu: { ca: med.c.cpuS / med.a.cpuS, cb: med.c.cpuS / med.b.cpuS, ba: med.b.cpuS / med.a.cpuS },
};
out += `\n  wall-time ratios: c/a = ${fixed(ratios.wall.ca)}, c/b = ${fixed(ratios.wall.cb)}, b/a = ${fixed(ratios.wall.ba)}\n`;
out += `  CPU-time ratios:  c/a = ${fixed(ratios.cpu.ca)}, c/b = ${fixed(ratios.cpu.cb)}, b/a = ${fixed(ratios.cpu.ba)}\n`;
out += `  (ESLint lints the ${sourceCount} JS/TS files; popdb-guard scans those plus ${c.filesScanned - sourceCount} config files.)\n`;

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
    medians: Object.fromEntries(tools.map((t) => [t.key, { label: t.label, files: filesOf[t.key], wallSeconds: med[t.key].wallMs / 1000, cpuSeconds: med[t.key].cpuS }])),
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
