import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'packages/cli/bin/popdb-guard.js');
export const FIXTURES = path.join(REPO, 'test/fixtures');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI as a user would: a separate node process. */
export function runCli(args: string[], cwd: string = REPO): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Copy a fixture project into a fresh temp dir (so tests can add node_modules/, dist/ or edit files). */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `popdb-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Whether a rule is in the built plugin (rules land in separate changes). */
export function ruleExists(name: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plugin = require(path.join(REPO, 'packages/eslint-plugin/dist/index.js')) as { rules: Record<string, unknown> };
  return name in plugin.rules;
}
