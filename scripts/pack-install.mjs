#!/usr/bin/env node
// Pack-and-install check (issue 13 item 1): every published package is packed with `npm pack`,
// the tarballs are installed into a fresh project outside the monorepo (`npm install <tarballs>`,
// third-party dependencies from the npm registry), and then
//   - `npx popdb-guard` on a copy of the example reports the same findings as the in-repo CLI;
//   - `npx eslint` with eslint-plugin-popdb's `recommended` config reports them too (plain ESLint
//     shows every rule's finding where two rules flag one place; popdb-guard keeps the more
//     specific one, SPEC §1, so each extra ESLint message must sit where the CLI has a finding);
//   - no packed file reaches into the monorepo (`../../` out of its package).
// Slow (installs from the registry): run by .ci/run, not by `npm test`. Needs `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PUBLISHED = ['packages/core', 'rules', 'packages/eslint-plugin', 'packages/engine', 'packages/fix', 'packages/cli', 'packages/protocol', 'server'];
const REQUIRED_FIELDS = ['name', 'version', 'description', 'license', 'repository', 'engines', 'files', 'exports', 'main', 'types'];

const problems = [];
const fail = (message) => problems.push(message);
const log = (message) => process.stdout.write(`pack-install: ${message}\n`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-pack-'));
const tarballs = path.join(tmp, 'tarballs');
fs.mkdirSync(tarballs);

// 1. the package fields, and the tarballs
for (const dir of PUBLISHED) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, dir, 'package.json'), 'utf8'));
  for (const field of REQUIRED_FIELDS) if (pkg[field] === undefined) fail(`${dir}/package.json has no "${field}"`);
  if (pkg.private) fail(`${dir} is private`);
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const local = PUBLISHED.map((d) => JSON.parse(fs.readFileSync(path.join(repo, d, 'package.json'), 'utf8')).name);
    if ((dep.startsWith('@popdb-guard/') || dep === 'eslint-plugin-popdb' || dep === 'popdb-guard') && !local.includes(dep)) fail(`${dir} depends on ${dep}, which is not published`);
  }
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs], { cwd: path.join(repo, dir), encoding: 'utf8' });
  const [info] = JSON.parse(out);
  for (const f of info.files) {
    if (!/\.(js|cjs|mjs)$/.test(f.path)) continue;
    const text = fs.readFileSync(path.join(repo, dir, f.path), 'utf8');
    for (const m of text.matchAll(/require\(["'](\.\.?\/[^"']+)["']\)|from ["'](\.\.?\/[^"']+)["']/g)) {
      const target = path.resolve(path.dirname(path.join(repo, dir, f.path)), m[1] ?? m[2]);
      if (!target.startsWith(path.join(repo, dir) + path.sep)) fail(`${dir}/${f.path} reaches out of its package: ${m[1] ?? m[2]}`);
    }
  }
  if (pkg.bin) for (const bin of Object.values(pkg.bin)) if (!info.files.some((f) => f.path === bin.replace(/^\.\//, ''))) fail(`${dir}: bin ${bin} is not packed`);
  log(`${info.id}: ${info.files.length} files`);
}

// 2. a fresh project outside the monorepo, with a copy of the example
const project = path.join(tmp, 'project');
fs.cpSync(path.join(repo, 'examples/one-stop-shop'), project, { recursive: true, filter: (src) => !src.includes('node_modules') });
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'mot-cua-da-nang', private: true, version: '1.0.0' }, null, 2));
fs.writeFileSync(path.join(project, 'eslint.config.js'), "const popdb = require('eslint-plugin-popdb');\n\nmodule.exports = [...popdb.configs.recommended];\n");
const tgz = fs.readdirSync(tarballs).map((f) => path.join(tarballs, f));
log(`npm install ${tgz.length} tarballs and eslint into ${project}`);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-dev', ...tgz, 'eslint@^10'], { cwd: project, stdio: 'inherit' });
// the example's own config file (eslint.config.js) is not part of the comparison
const run = (cmd, args, cwd = project) => spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

// 3. the installed CLI against the in-repo CLI, on the same copy
const key = (f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
const installed = run('npx', ['--no-install', 'popdb-guard', '--format', 'json']);
const inRepo = run(process.execPath, [path.join(repo, 'packages/cli/bin/popdb-guard.js'), '--format', 'json']);
if (installed.status !== inRepo.status) fail(`exit codes differ: installed ${installed.status}, in-repo ${inRepo.status}\n${installed.stderr}`);
const a = JSON.parse(installed.stdout || '{"findings":[]}').findings;
const b = JSON.parse(inRepo.stdout || '{"findings":[]}').findings;
if (b.length < 5) fail(`the in-repo CLI found only ${b.length} findings in the example`);
if (JSON.stringify(a.map((f) => [key(f), f.message])) !== JSON.stringify(b.map((f) => [key(f), f.message]))) fail(`installed CLI findings differ:\n  installed: ${a.map(key).join('\n             ')}\n  in-repo:   ${b.map(key).join('\n             ')}`);
log(`npx popdb-guard: ${a.length} findings, exit ${installed.status}`);
const explain = run('npx', ['--no-install', 'popdb-guard', 'explain', 'require-audit-log', '--lang', 'en']);
if (explain.status !== 0 || !explain.stdout.includes('## English')) fail(`popdb-guard explain does not find the README in the installed rules package: ${explain.stderr}`);
// popdb-guard fix runs from the installed packages (ts-morph, jsdiff from the registry); --dry-run writes nothing
const fixRun = run('npx', ['--no-install', 'popdb-guard', 'fix', '--dry-run', '--lang', 'en']);
if (fixRun.status === 2 || !fixRun.stdout.includes('+++ b/src/db.ts') || !fixRun.stdout.includes("requireEnv('DB_PASSWORD')")) fail(`popdb-guard fix --dry-run does not run from the installed packages: ${fixRun.stderr}`);
else log(`npx popdb-guard fix --dry-run: ${fixRun.stdout.split('\n').filter((l) => l.startsWith('+++ ')).length} files in the diff, exit ${fixRun.status}`);

// 4. plain ESLint with the plugin's recommended config
const eslint = run('npx', ['--no-install', 'eslint', '--format', 'json', '.']);
if (eslint.status === 2 || !eslint.stdout) fail(`npx eslint failed: ${eslint.stderr}`);
const messages = JSON.parse(eslint.stdout || '[]').flatMap((r) =>
  r.messages.filter((m) => m.ruleId?.startsWith('popdb/')).map((m) => ({ ruleId: m.ruleId, file: path.relative(project, r.filePath).split(path.sep).join('/'), line: m.line, column: m.column })),
);
const eslintKeys = new Set(messages.map(key));
// the host pseudo-rules (parse errors, suppression checks) are popdb-guard's, not the plugin's
const cliRuleFindings = b.filter((f) => !/^popdb\/(parse-error|internal-error|suppression-without-reason|unused-suppression)$/.test(f.ruleId));
for (const f of cliRuleFindings) if (!eslintKeys.has(key(f))) fail(`npx eslint misses ${key(f)}`);
const cliPlaces = new Set(b.map((f) => `${f.file}:${f.line}:${f.column}`));
for (const m of messages) if (!cliPlaces.has(`${m.file}:${m.line}:${m.column}`)) fail(`npx eslint reports ${key(m)}, where the CLI has no finding`);
log(`npx eslint: ${messages.length} popdb messages`);

if (problems.length) {
  process.stderr.write(`pack-install: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
log(`ok (${tmp})`);
fs.rmSync(tmp, { recursive: true, force: true });
