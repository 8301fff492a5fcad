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

/** Run the built CLI as a user would, in `cwd`. */
export function runCli(args: string[], cwd: string): CliRun {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Whether the built plugin has a rule. Tests of findings that only a rule
 * being written on another branch reports are guarded with it, so they run
 * as soon as the rule is merged.
 */
export function ruleExists(name: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ruleNames } = require(path.join(REPO, 'rules/dist/index.js')) as { ruleNames: readonly string[] };
  return ruleNames.includes(name);
}

/** A throwaway copy of a fixture project, for tests that edit it. */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `popdb-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Insert lines before a 1-based line of a file. */
export function insertLines(file: string, beforeLine: number, lines: string[]): void {
  const all = fs.readFileSync(file, 'utf8').split('\n');
  all.splice(beforeLine - 1, 0, ...lines);
  fs.writeFileSync(file, all.join('\n'));
}

/** The 1-based line of the first line of a file that contains `needle`. */
export function lineOf(file: string, needle: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

export interface JsonFinding {
  ruleId: string;
  messageId?: string;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  fingerprint: string;
}

export interface JsonReport {
  summary: { errors: number; warnings: number; baselineSuppressed: number; suppressions: number };
  findings: JsonFinding[];
  suppressions: { ruleId: string; file: string; line: number; column: number; justification: string; message: string }[];
}
