import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CLI, REPO } from './run-cli';
import { sarifSchemaErrors } from './sarif-schema';
import { AUDITED_WRAPPER, git, gitProject, removeAudit } from './git-project';

/**
 * The repository's GitHub Action (action.yml) and pre-commit hook
 * (.pre-commit-hooks.yaml), exercised by running the very commands they
 * declare: the `run:` scripts of the action's steps with the environment the
 * step maps from its inputs, and the hook's `entry` with the staged files
 * pre-commit would pass it.
 */

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;
const PROJECT: Record<string, string> = {
  ...AUDITED_WRAPPER,
  'package.json': '{ "name": "mot-cua", "private": true }\n',
  'src/old.ts': "export const dbPassword = 'Xk9#mQ2vL7pR4tzW';\n",
  '.gitignore': 'node_modules/\n*.sarif\n',
};

const project = () => gitProject(PROJECT, 'popdb-ci-');

/** A step's environment as GitHub would map it: `${{ inputs.x }}` (input or its default), the action's path, earlier steps' outputs. */
function stepEnv(step: Step, inputs: Record<string, string>, outputs: Record<string, Record<string, string>>): Record<string, string> {
  const value = (expr: string) =>
    expr.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, ref: string) => {
      if (ref === 'github.action_path') return REPO;
      const input = /^inputs\.([\w-]+)$/.exec(ref);
      if (input) {
        expect(action.inputs, `input ${input[1]} is declared`).toHaveProperty([input[1]]);
        return inputs[input[1]] ?? action.inputs[input[1]].default ?? '';
      }
      const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(ref);
      if (out) return outputs[out[1]]?.[out[2]] ?? '';
      throw new Error(`unexpected expression ${ref}`);
    });
  return Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, value(String(v))]));
}

interface ActionRun {
  outputs: Record<string, Record<string, string>>;
  logs: Record<string, string>;
  codes: Record<string, number | null>;
}

/** Run the action's shell steps in order, as the runner does (bash -e), skipping the `uses:` steps. */
function runAction(cwd: string, inputs: Record<string, string>): ActionRun {
  const result: ActionRun = { outputs: {}, logs: {}, codes: {} };
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-gh-output-')), 'output');
    fs.writeFileSync(outputFile, '');
    const workdir = step['working-directory'] ? path.resolve(cwd, stepEnv({ env: { W: step['working-directory'] } }, inputs, result.outputs).W) : cwd;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: workdir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', GITHUB_OUTPUT: outputFile, ...stepEnv(step, inputs, result.outputs) },
    });
    const id = step.id ?? step.name ?? '?';
    result.logs[id] = r.stdout + r.stderr;
    result.codes[id] = r.status;
    result.outputs[id] = Object.fromEntries(
      fs
        .readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }
  return result;
}

describe('action.yml (composite GitHub Action)', () => {
  it('is a composite action that installs, scans, uploads the SARIF log and then fails on error findings', () => {
    expect(action.runs.using).toBe('composite');
    const ids = action.runs.steps.map((s) => s.id ?? s.uses);
    expect(ids).toEqual(['actions/setup-node@v4', 'install', 'scan', 'github/codeql-action/upload-sarif@v3', 'verdict']);
    const upload = action.runs.steps[3];
    expect(upload.if).toContain('always()');
    expect(upload.with?.sarif_file).toContain('${{ inputs.sarif-file }}');
    for (const input of ['paths', 'policy', 'baseline', 'changed-since']) expect(action.inputs).toHaveProperty([input]);
  });

  it('scans the project: a SARIF log, annotations, exit code 1, and the last step fails', () => {
    const dir = project();
    const run = runAction(dir, {});
    expect(run.codes.install).toBe(0);
    expect(run.codes.scan).toBe(0); // the scan step never fails: the upload must run
    expect(run.outputs.scan['exit-code']).toBe('1');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, run.outputs.scan['sarif-file']), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r) => r.ruleId)).toEqual(['popdb/no-hardcoded-credentials']);
    expect(run.logs.scan).toMatch(/^::error file=src\/old\.ts,line=1,col=\d+,title=popdb\/no-hardcoded-credentials::/m);
    expect(run.codes.verdict).toBe(1);
    expect(runAction(dir, { 'fail-on-error': 'false' }).codes.verdict).toBe(0);
  });

  it('takes the policy, baseline and changed-since inputs', () => {
    const dir = project();
    // the old finding accepted once (write-baseline exits 1 on it: it is an error)
    expect(spawnSync(process.execPath, [CLI, '--write-baseline', 'popdb-baseline.json'], { cwd: dir }).status).toBe(1);
    expect(runAction(dir, { baseline: 'popdb-baseline.json' }).outputs.scan['exit-code']).toBe('0');

    git(dir, 'checkout', '-qb', 'feature');
    removeAudit(dir, 'src/dancu.ts');
    git(dir, 'commit', '-qam', 'no audit');
    const pr = runAction(dir, { 'changed-since': 'main', 'sarif-file': 'pr.sarif' });
    expect(pr.outputs.scan['exit-code']).toBe('1');
    const results = (JSON.parse(fs.readFileSync(path.join(dir, 'pr.sarif'), 'utf8')) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }).runs[0].results;
    expect(results.map((r) => r.ruleId)).toEqual(['popdb/require-audit-log']);
    expect(results[0].message.text).toContain('src/dancu.ts:4');

    const policy = path.join(dir, 'other-policy.yaml');
    fs.writeFileSync(policy, `${PROJECT['popdb-policy.yaml']}rules:\n  popdb/no-hardcoded-credentials: "off"\n  popdb/require-audit-log: "off"\n`);
    expect(runAction(dir, { policy: 'other-policy.yaml' }).outputs.scan['exit-code']).toBe('0');
    const broken = runAction(dir, { policy: 'missing.yaml' });
    expect(broken.outputs.scan['exit-code']).toBe('2');
    expect(broken.codes.verdict).toBe(2);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; pass_filenames: boolean; language: string }[];
  const hook = hooks.find((h) => h.id === 'popdb-guard')!;

  /** The files pre-commit passes: staged (added, copied, modified, renamed), matching `files`. */
  const staged = (dir: string) =>
    git(dir, 'diff', '--cached', '--name-only', '--diff-filter=ACMR')
      .split('\n')
      .filter(Boolean)
      .filter((f) => new RegExp(hook.files).test(f));

  /** The hook's entry with the staged files appended, run with the project's installed popdb-guard. */
  function runHook(dir: string) {
    const [command, ...args] = hook.entry.split(' ');
    return spawnSync(command, [...args, ...staged(dir)], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  }

  /** As `npm install --save-dev popdb-guard` would: node_modules/.bin/popdb-guard. */
  function installCli(dir: string) {
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(path.dirname(path.dirname(CLI)), path.join(dir, 'node_modules/popdb-guard'));
    fs.symlinkSync('../popdb-guard/bin/popdb-guard.js', path.join(dir, 'node_modules/.bin/popdb-guard'));
  }

  it('passes the staged files to popdb-guard --changed-files, which analyses the whole project', () => {
    expect(hook.pass_filenames).toBe(true);
    expect(hook.entry).toMatch(/popdb-guard --changed-files$/);
    const dir = project();
    installCli(dir);
    fs.writeFileSync(path.join(dir, 'src/new.ts'), "export const smtpPassword = 'Qw7!zP3nB8rT5yUc';\n");
    fs.writeFileSync(path.join(dir, 'src/not-staged.ts'), "export const apiPassword = 'Lm4$kR9wQ2xZ7vBn';\n");
    fs.writeFileSync(path.join(dir, 'README.md'), 'no code here\n');
    removeAudit(dir, 'src/dancu.ts');
    git(dir, 'add', 'src/new.ts', 'src/dancu.ts', 'README.md');
    expect(staged(dir)).toEqual(['src/dancu.ts', 'src/new.ts']);
    const r = runHook(dir);
    expect(r.status).toBe(1);
    // the staged file's finding, and the unchanged caller that lost its audit through the staged wrapper
    expect(r.stdout).toContain('src/new.ts');
    expect(r.stdout).toMatch(/src\/ho-so\.ts\n\s+4:\d+\s+error .*src\/dancu\.ts:4/);
    // not the old finding, nor the file that is not staged
    expect(r.stdout).not.toContain('src/old.ts');
    expect(r.stdout).not.toContain('not-staged.ts');
  });

  it('lets a commit of clean files through', () => {
    const dir = project();
    installCli(dir);
    fs.writeFileSync(path.join(dir, 'src/clean.ts'), 'export const retries = 3;\n');
    git(dir, 'add', 'src/clean.ts');
    const r = runHook(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
