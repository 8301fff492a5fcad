import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import popdb = require('eslint-plugin-popdb');
import {
  PARSE_ERROR_RULE_ID,
  RULE_PREFIX,
  VERSION,
  compareFindings,
  fingerprintFindings,
  policyFor,
  type Finding,
  type Policy,
  type PolicyProblem,
  type ScanReport,
} from '@popdb-guard/core';
import { collectFiles, UsageError } from './files';

export interface ScanOptions {
  paths: string[];
  /** Explicit policy file (`--policy`). */
  policyFile?: string;
  cwd?: string;
}

export type ScanOutcome = { ok: true; report: ScanReport } | { ok: false; problems: PolicyProblem[] };

/** The scan root: a single directory argument, else the working directory. Output paths are relative to it. */
export function scanRoot(paths: readonly string[], cwd: string): string {
  if (paths.length === 1) {
    const abs = path.resolve(cwd, paths[0]);
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return cwd;
    }
  }
  return cwd;
}

/** The flat config the CLI lints with: the plugin's `recommended`, with the policy's severity overrides. */
export function buildEslintConfig(policy: Policy): Linter.Config[] {
  const overrides = Object.fromEntries(Object.entries(policy.rules).map(([id, sev]) => [id, sev]));
  return (popdb.configs.recommended as unknown as Linter.Config[]).map((block) => {
    const rules = Object.fromEntries(
      Object.entries(block.rules ?? {}).map(([id, sev]) => [id, (overrides[id] ?? sev) as Linter.RuleEntry]),
    );
    return { ...block, rules, settings: { popdb: { policy: policy.file } } };
  });
}

const forceErrorIds = new Map<string, ReadonlySet<string>>(
  popdb.definitions.map((d) => [`${RULE_PREFIX}${d.meta.name}`, new Set<string>(d.meta.forceErrorMessages ?? [])]),
);

/** ESLint results to findings: popdb messages, and fatal parse errors as `popdb/parse-error`. */
export function toFindings(results: ESLint.LintResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (m.fatal || (m.ruleId === null && m.severity === 2 && /parsing error/i.test(m.message))) {
        findings.push({ ruleId: PARSE_ERROR_RULE_ID, severity: 'error', message: `Không phân tích được tệp, tệp chưa được kiểm tra — file does not parse and was not checked: ${m.message}`, file: result.filePath, line: m.line || 1, column: m.column || 1 });
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

/** Lint the given paths with the plugin through ESLint's Node API. */
export async function scan(options: ScanOptions): Promise<ScanOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths.length ? options.paths : ['.'];
  const root = scanRoot(paths, cwd);
  const policyResult = policyFor(path.resolve(cwd, paths[0]), options.policyFile ? path.resolve(cwd, options.policyFile) : undefined);
  if (!policyResult.ok) return { ok: false, problems: policyResult.problems };
  const policy = policyResult.policy;
  const started = Date.now();
  const files = await collectFiles(paths.map((p) => path.resolve(cwd, p)), root, policy.ignore);
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: buildEslintConfig(policy),
    errorOnUnmatchedPattern: false,
    ignore: false,
    warnIgnored: false,
  });
  const results = files.length ? await eslint.lintFiles(files) : [];
  const findings = toFindings(results);
  const lineCache = new Map<string, string[] | undefined>();
  fingerprintFindings(findings, root, (file) => {
    if (!lineCache.has(file)) {
      try {
        lineCache.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        lineCache.set(file, undefined);
      }
    }
    return lineCache.get(file);
  });
  return {
    ok: true,
    report: {
      tool: { name: 'popdb-guard', version: VERSION },
      root,
      policy,
      filesScanned: files.length,
      findings,
      rules: popdb.definitions.map((d) => d.meta),
      durationMs: Date.now() - started,
    },
  };
}

export { UsageError };
