import { ESLint, type Linter } from 'eslint';
import popdb = require('eslint-plugin-popdb');
import { PARSE_ERROR_RULE_ID, RULE_PREFIX, compareFindings, type Finding, type Policy, type RuleMeta } from '@popdb-guard/core';

/**
 * The one place where hosts (the CLI, the language server) turn a policy into
 * an ESLint configuration and ESLint messages into findings, so that the
 * editor and CI report exactly the same things.
 */

/** The flat config hosts lint with: the plugin's `recommended`, with the policy's severity overrides. */
export function buildEslintConfig(policy: Policy): Linter.Config[] {
  return (popdb.configs.recommended as unknown as Linter.Config[]).map((block) => {
    const rules = Object.fromEntries(
      Object.entries(block.rules ?? {}).map(([id, sev]) => [id, (policy.rules[id] ?? sev) as Linter.RuleEntry]),
    );
    return { ...block, rules, settings: { popdb: { policy: policy.file } } };
  });
}

/** Every rule's host-independent metadata. */
export const ruleMetas: readonly RuleMeta[] = popdb.definitions.map((d) => d.meta);

const forceErrorIds = new Map<string, ReadonlySet<string>>(
  popdb.definitions.map((d) => [`${RULE_PREFIX}${d.meta.name}`, new Set<string>(d.meta.forceErrorMessages ?? [])]),
);

export const PARSE_ERROR_MESSAGE = 'Không phân tích được tệp, tệp chưa được kiểm tra — file does not parse and was not checked';

/** ESLint results to findings: popdb messages, and fatal parse errors as `popdb/parse-error`. */
export function toFindings(results: readonly ESLint.LintResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (m.fatal) {
        findings.push({ ruleId: PARSE_ERROR_RULE_ID, severity: 'error', message: `${PARSE_ERROR_MESSAGE}: ${m.message}`, file: result.filePath, line: m.line || 1, column: m.column || 1 });
        continue;
      }
      if (!m.ruleId?.startsWith(RULE_PREFIX)) continue;
      const forced = m.messageId !== undefined && forceErrorIds.get(m.ruleId)?.has(m.messageId);
      findings.push({
        ruleId: m.ruleId,
        messageId: m.messageId,
        severity: m.severity === 2 || forced ? 'error' : 'warning',
        message: m.message,
        file: result.filePath,
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
      });
    }
  }
  return findings.sort(compareFindings);
}

/** An ESLint instance configured for one policy, rooted at `cwd`. */
export function createEslint(policy: Policy, cwd: string): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: buildEslintConfig(policy),
    errorOnUnmatchedPattern: false,
    ignore: false,
    warnIgnored: false,
  });
}

/** Lint files on disk. */
export async function lintFiles(eslint: ESLint, files: readonly string[]): Promise<Finding[]> {
  return files.length ? toFindings(await eslint.lintFiles([...files])) : [];
}

/** Lint one file's current (possibly unsaved) text, as the editor does. */
export async function lintText(eslint: ESLint, filePath: string, text: string): Promise<Finding[]> {
  return toFindings(await eslint.lintText(text, { filePath, warnIgnored: false }));
}

export { popdb as plugin };
