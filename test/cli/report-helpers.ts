import * as fs from 'node:fs';

// The shared CLI test helpers (spawn the built CLI, copy fixtures, ruleExists).
export { CLI, FIXTURES, REPO, copyFixture, ruleExists, runCli, type CliRun } from './run-cli';

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
