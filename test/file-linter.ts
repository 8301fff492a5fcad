import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEslint, lintText } from '@popdb-guard/engine';
import { defaultPolicy, policyFor, type Finding } from '@popdb-guard/core';

/**
 * Lints files through ESLint itself (the engine's `createEslint` +
 * `lintText`), exactly as the CLI and the language server do. Config files
 * (`.env*`, JSON, YAML) need it: they are linted by the plugin's
 * `popdb/config` language, which typescript-eslint's RuleTester cannot run.
 */
export interface FileLinter {
  /** Absolute directory the virtual files live in. */
  dir: string;
  /** Lint one file's text; `name` is relative to `dir`. Only findings of `ruleId` are returned. */
  lint(name: string, text: string, ruleId: string): Promise<Finding[]>;
}

/** A linter over a temporary directory with the built-in policy, or with `policyYaml` written as its popdb-policy.yaml. */
export function createFileLinter(policyYaml?: string): FileLinter {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-config-'));
  let policy = defaultPolicy(dir);
  if (policyYaml !== undefined) {
    const file = path.join(dir, 'popdb-policy.yaml');
    fs.writeFileSync(file, policyYaml);
    const result = policyFor(dir, file);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    policy = result.policy;
  }
  const eslint = createEslint(policy, dir);
  return {
    dir,
    async lint(name, text, ruleId) {
      const findings = await lintText(eslint, path.join(dir, name), text);
      return findings.filter((f) => f.ruleId === ruleId || f.ruleId === 'popdb/parse-error');
    },
  };
}

export interface ConfigInvalidCase {
  /** States the behaviour: "reports changeme as a default, not a placeholder". */
  name: string;
  /** Path relative to the linter's folder: `.env`, `deploy/api.yaml`. */
  file: string;
  text: string;
  errors: { messageId: string; line: number; column: number }[];
}

export interface ConfigValidCase {
  name: string;
  file: string;
  text: string;
}

/**
 * The config-file counterpart of `RuleTester.run`: one `it` per case, invalid
 * cases asserting exactly the rule's findings (messageId, line, column),
 * valid cases asserting none.
 */
export function runConfigCases(ruleId: string, cases: { valid: ConfigValidCase[]; invalid: ConfigInvalidCase[] }, policyYaml?: string): void {
  const linter = createFileLinter(policyYaml);
  for (const c of cases.invalid) {
    it(c.name, async () => {
      const findings = await linter.lint(c.file, c.text, ruleId);
      expect(findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, line: f.line, column: f.column }))).toEqual(c.errors.map((e) => ({ ruleId, ...e })));
    });
  }
  for (const c of cases.valid) {
    it(c.name, async () => {
      expect(await linter.lint(c.file, c.text, ruleId)).toEqual([]);
    });
  }
}
