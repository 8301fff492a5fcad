import { RuleTester } from '@typescript-eslint/rule-tester';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Fixture folders of the tests. */
export const FIXTURES = path.join(__dirname, 'fixtures');

/**
 * The one RuleTester factory for source files. `policy` is a policy file for
 * `settings.popdb.policy`; without it, the built-in defaults apply (no policy
 * file exists above the test's virtual file).
 */
export function createRuleTester(policy?: string): RuleTester {
  return new RuleTester({
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: policy ? { popdb: { policy } } : {},
  });
}

/** A file of a multi-file fixture project under test/fixtures, read from disk: its imports resolve to the project's other files. */
export const projectFile = (project: string) => (rel: string): { filename: string; code: string } => {
  const filename = path.join(FIXTURES, project, rel);
  return { filename, code: fs.readFileSync(filename, 'utf8') };
};
