#!/usr/bin/env node
// `npm run test:real-world`: popdb-guard over real public repositories at pinned commits,
// compared with a committed file of classified findings (like eslint-remote-tester).
//
// The repositories are listed in test/real-world/repos.json; their checkouts live in the folder
// named by POPDB_REAL_WORLD_DIR (one sub-folder per `id`, a git work tree at the pinned commit).
// `--prepare GITDIRS` creates missing checkouts from local git directories laid out as
// GITDIRS/<id>/repo (or GITDIRS/<id>), so the run itself needs no network.
//
// For each repository it prints kLOC, findings by rule, and the diff against
// test/real-world/classified.json (TP / FP / debatable with a reason each): new findings nobody
// has classified, and classified findings that are gone (a lost true positive is a regression).
// It is not part of `npm test` (CI has no copies of the repositories); results go to
// docs/real-world.md. Exit code: 0, or 1 when a classified true positive was lost.
//
// Usage: POPDB_REAL_WORLD_DIR=/tmp/rw npm run test:real-world -- [--prepare DIR] [--only ID]
//          [--json FILE] [--unclassified FILE] [--show fp|tp|debatable|new|lost|miss|all]
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    prepare: { type: 'string' },
    only: { type: 'string', multiple: true },
    json: { type: 'string' },
    unclassified: { type: 'string' },
    show: { type: 'string', default: 'new' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const USAGE = 'Usage: POPDB_REAL_WORLD_DIR=DIR npm run test:real-world -- [--prepare GITDIRS] [--only ID] [--json FILE] [--unclassified FILE] [--show fp|tp|debatable|new|lost|miss|all]\n';
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const dir = process.env.POPDB_REAL_WORLD_DIR;
if (!dir) {
  process.stderr.write(`real-world: set POPDB_REAL_WORLD_DIR to the folder of checkouts\n${USAGE}`);
  process.exit(2);
}
const cliBin = join(root, 'packages', 'cli', 'bin', 'popdb-guard.js');
if (!existsSync(join(root, 'packages', 'cli', 'dist', 'index.js'))) {
  process.stderr.write('real-world: popdb-guard is not built; run `npm run build` first\n');
  process.exit(2);
}

const { repos } = JSON.parse(readFileSync(join(root, 'test', 'real-world', 'repos.json'), 'utf8'));
// Classified findings: every JSON file in test/real-world/classified/ ({ findings: [...] }), one per
// rule family so that work on different rules does not edit one file. A verdict is TP, FP or
// debatable for a finding the tool reports, or `miss` for a real problem it should report
// (counted as TP once found; listed as an open miss until then).
const classifiedDir = join(root, 'test', 'real-world', 'classified');
const classified = existsSync(classifiedDir)
  ? readdirSync(classifiedDir).filter((f) => f.endsWith('.json')).sort().flatMap((f) => JSON.parse(readFileSync(join(classifiedDir, f), 'utf8')).findings)
  : [];
const selected = values.only ? repos.filter((r) => values.only.includes(r.id)) : repos;

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

function prepare(repo) {
  const target = join(dir, repo.id);
  if (existsSync(target)) return;
  const candidates = [join(values.prepare, repo.id, 'repo'), join(values.prepare, repo.id)];
  const source = candidates.find((c) => existsSync(c));
  if (!source) {
    process.stderr.write(`real-world: no git directory for ${repo.id} under ${values.prepare}\n`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  git(dir, 'clone', '--quiet', '--no-checkout', source, target);
  git(target, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', repo.commit);
}

// Lines of code: non-blank lines of the JS/TS files git tracks, outside dependencies and build output
// (what the CLI scans, without config files).
const SOURCE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
const SKIP = /(^|\/)(node_modules|dist|build|out|coverage|\.next|vendor)\/|\.min\.js$|\.d\.ts$/;
function linesOfCode(target) {
  let lines = 0;
  for (const file of git(target, 'ls-files', '-z').split('\0')) {
    if (!SOURCE.test(file) || SKIP.test(file)) continue;
    const text = readFileSync(join(target, file), 'utf8');
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '') lines++;
  }
  return lines;
}

const keyOf = (f) => `${f.repo}|${f.file}|${f.line}|${f.rule}`;
const classifiedByKey = new Map(classified.map((c) => [keyOf(c), c]));

const results = [];
for (const repo of selected) {
  if (values.prepare) prepare(repo);
  const target = join(dir, repo.id);
  if (!existsSync(target)) {
    process.stderr.write(`real-world: ${repo.id} is not checked out in ${dir} (use --prepare)\n`);
    continue;
  }
  const head = git(target, 'rev-parse', 'HEAD').trim();
  if (head !== repo.commit) process.stderr.write(`real-world: ${repo.id} is at ${head}, not the pinned ${repo.commit}\n`);
  const t0 = performance.now();
  // a repository that queries a national database of its own gets the registration an assessor would write for it (test/real-world/policies)
  const policyArgs = repo.policy ? ['--policy', join(root, 'test', 'real-world', repo.policy)] : [];
  const run = spawnSync(process.execPath, [cliBin, '.', '--format', 'json', ...policyArgs], { cwd: target, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (run.status !== 0 && run.status !== 1) {
    process.stderr.write(`real-world: ${repo.id}: popdb-guard exited ${run.status}\n${run.stderr}\n`);
    results.push({ id: repo.id, error: run.stderr.trim(), findings: [] });
    continue;
  }
  const report = JSON.parse(run.stdout);
  const findings = report.findings.map((f) => ({ repo: repo.id, file: f.file, line: f.line, column: f.column, rule: f.ruleId, messageId: f.messageId, severity: f.severity, message: f.message }));
  results.push({ id: repo.id, loc: linesOfCode(target), files: report.filesScanned, ms: Math.round(ms), findings });
}

// ---------------------------------------------------------------------------
// Compare with the classification. `gone`: classified findings no longer reported (an FP gone is a
// fix; a TP gone — `lostTP` — is a regression).

const verdictOf = (f) => {
  const v = classifiedByKey.get(keyOf(f))?.verdict ?? 'new';
  return v === 'miss' ? 'TP' : v;
};
const foundKeys = new Set(results.flatMap((r) => r.findings.map(keyOf)));
const ranIds = new Set(results.map((r) => r.id));
const gone = classified.filter((c) => ranIds.has(c.repo) && !foundKeys.has(keyOf(c)));
const lost = gone.filter((c) => c.verdict !== 'miss');
const missed = gone.filter((c) => c.verdict === 'miss');

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const out = [];
out.push(`${pad('repository', 40)} ${lpad('kLOC', 6)} ${lpad('files', 6)} ${lpad('s', 6)} ${lpad('found', 6)} ${lpad('TP', 4)} ${lpad('FP', 4)} ${lpad('deb', 4)} ${lpad('new', 4)} ${lpad('gone', 4)} ${lpad('lostTP', 6)} ${lpad('FP/10k', 7)}`);
const total = { loc: 0, found: 0, TP: 0, FP: 0, debatable: 0, new: 0, lostTP: 0, lost: 0, missed: missed.length };
for (const r of results) {
  if (r.error) {
    out.push(`${pad(r.id, 40)} error: ${r.error.split('\n')[0]}`);
    continue;
  }
  const count = { TP: 0, FP: 0, debatable: 0, new: 0 };
  for (const f of r.findings) count[verdictOf(f)]++;
  const lostHere = lost.filter((c) => c.repo === r.id);
  total.loc += r.loc;
  total.found += r.findings.length;
  for (const k of Object.keys(count)) total[k] += count[k];
  total.lost += lostHere.length;
  total.lostTP += lostHere.filter((c) => c.verdict === 'TP').length;
  out.push(`${pad(r.id, 40)} ${lpad((r.loc / 1000).toFixed(1), 6)} ${lpad(r.files, 6)} ${lpad((r.ms / 1000).toFixed(1), 6)} ${lpad(r.findings.length, 6)} ${lpad(count.TP, 4)} ${lpad(count.FP, 4)} ${lpad(count.debatable, 4)} ${lpad(count.new, 4)} ${lpad(lostHere.length, 4)} ${lpad(lostHere.filter((c) => c.verdict === 'TP').length, 6)} ${lpad(((count.FP / r.loc) * 10000).toFixed(2), 7)}`);
  const byRule = {};
  for (const f of r.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const rules = Object.entries(byRule).sort();
  if (rules.length) out.push(`    ${rules.map(([rule, n]) => `${rule.replace('popdb/', '')} ${n}`).join(', ')}`);
}
const precision = total.TP + total.FP === 0 ? 1 : total.TP / (total.TP + total.FP);
out.push('');
out.push(`total: ${(total.loc / 1000).toFixed(1)} kLOC, ${total.found} findings: ${total.TP} TP, ${total.FP} FP, ${total.debatable} debatable, ${total.new} unclassified; ${total.lost} classified findings gone (${total.lostTP} of them TP)`);
out.push(`open misses (real problems not reported yet): ${missed.length}`);
out.push(`false positives per 10 kLOC: ${((total.FP / Math.max(total.loc, 1)) * 10000).toFixed(2)}; precision (TP / (TP + FP)): ${(precision * 100).toFixed(0)}%`);

const show = values.show;
const listed = [];
for (const r of results) {
  for (const f of r.findings) {
    const v = verdictOf(f);
    if (show === 'all' || show === v.toLowerCase()) listed.push({ ...f, verdict: v, reason: classifiedByKey.get(keyOf(f))?.reason });
  }
}
if (show === 'lost' || show === 'all') for (const c of lost) listed.push({ ...c, verdict: `lost ${c.verdict}` });
if (listed.length) {
  out.push('');
  out.push(`${show} findings:`);
  for (const f of listed) out.push(`  [${f.verdict}] ${f.repo}/${f.file}:${f.line} ${f.rule}${f.reason ? ` — ${f.reason}` : ''}\n      ${(f.message ?? '').split(' — ').pop()?.slice(0, 240)}`);
}
if (missed.length && (show === 'all' || show === 'miss')) {
  out.push('');
  out.push('open misses:');
  for (const c of missed) out.push(`  [miss] ${c.repo}/${c.file}:${c.line} ${c.rule} — ${c.reason}`);
}
if (show !== 'lost' && show !== 'all' && lost.length) {
  out.push('');
  out.push('classified findings no longer reported:');
  for (const c of lost) out.push(`  [lost ${c.verdict}] ${c.repo}/${c.file}:${c.line} ${c.rule} — ${c.reason}`);
}
process.stdout.write(`${out.join('\n')}\n`);

if (values.json) writeFileSync(values.json, `${JSON.stringify({ total, precision, results, lost, missed }, null, 2)}\n`);
if (values.unclassified) {
  const fresh = results.flatMap((r) => r.findings.filter((f) => verdictOf(f) === 'new')).map((f) => ({ repo: f.repo, file: f.file, line: f.line, rule: f.rule, verdict: '?', reason: '', message: f.message.split(' — ').pop() }));
  writeFileSync(values.unclassified, `${JSON.stringify({ findings: fresh }, null, 2)}\n`);
}
process.exit(total.lostTP > 0 ? 1 : 0);
