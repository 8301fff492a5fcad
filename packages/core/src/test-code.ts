/**
 * Test code: the one decision every rule and the inventory read (through the rule context, never
 * a global). Globs are the policy's `tests.files` (the built-in ones first), matched with
 * minimatch in order, the last match deciding: `!glob` takes paths back out, even inside a
 * folder a glob put in (unlike .gitignore, where a file under an excluded folder cannot be
 * re-included — `!test/contract/**` must work after the built-in `**\/test/**`).
 */
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { Policy } from './policy/policy';

/** What a rule reports inside test code (its `meta.testCode`). */
export type TestCodeBehaviour =
  /** Nothing: tests talk to mocks (population-DB and citizen-data rules). */
  | 'none'
  /** Only findings that are certain (credential rules: real secret formats, not test passwords); the rule reads `context.testCode`. */
  | 'high-confidence'
  /** As anywhere else. */
  | 'all';

const matchers = new WeakMap<Policy, { negate: boolean; mm: Minimatch }[]>();

/**
 * The folder test globs are relative to: the policy's folder when there is a policy file,
 * else `fallbackRoot` (the scan root of the CLI, ESLint's working directory for `eslint`).
 */
export function testCodeRoot(policy: Policy, fallbackRoot: string): string {
  return policy.file ? policy.rootDir : fallbackRoot;
}

/** Answers by policy, then by root and file name: every rule asks of every file it checks, and so do the project model and the inventory. */
const answers = new WeakMap<Policy, Map<string, boolean>>();

/** Is `fileName` (absolute) test code under `policy`? Files outside the root never are. */
export function isTestCode(policy: Policy, fileName: string, fallbackRoot: string): boolean {
  let known = answers.get(policy);
  if (!known) answers.set(policy, (known = new Map()));
  const key = `${fallbackRoot}\u0000${fileName}`;
  let answer = known.get(key);
  if (answer === undefined) known.set(key, (answer = decideTestCode(policy, fileName, fallbackRoot)));
  return answer;
}

function decideTestCode(policy: Policy, fileName: string, fallbackRoot: string): boolean {
  const relative = path.relative(testCodeRoot(policy, fallbackRoot), path.resolve(fileName)).split(path.sep).join('/');
  if (relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return false;
  let globs = matchers.get(policy);
  if (!globs) {
    globs = policy.tests.files.map((g) => (g.startsWith('!') ? { negate: true, mm: new Minimatch(g.slice(1), { dot: true }) } : { negate: false, mm: new Minimatch(g, { dot: true }) }));
    matchers.set(policy, globs);
  }
  let test = false;
  for (const { negate, mm } of globs) if (negate === test && mm.match(relative)) test = !negate;
  return test;
}
