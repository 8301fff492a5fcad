import * as path from 'node:path';
import type { ESLint } from 'eslint';
import { createEslint, lintText } from '@popdb-guard/engine';
import {
  POLICY_FILE_NAMES,
  PolicyError,
  configKind,
  isSourceFile,
  parsePolicyText,
  policyFor,
  type Finding,
  type Policy,
  type PolicyProblem,
} from '@popdb-guard/core';

/**
 * Turns one document's text into findings with the same engine and the same
 * policy the CLI uses. Owns the per-policy ESLint instances: building one
 * loads the plugin config and the parser, which costs far more than a lint,
 * so it is done once per (policy file, policy content, root) and reused.
 */

export type CheckResult =
  | { kind: 'findings'; findings: Finding[]; policy: Policy; policyProblems?: undefined }
  /** The policy that applies is invalid: no findings (never stale ones), the problems instead. */
  | { kind: 'policyError'; problems: PolicyProblem[]; policyFile: string }
  /** The policy document itself: its own schema problems, plus findings of config rules when it is valid. */
  | { kind: 'policyDocument'; findings: Finding[]; policyProblems: PolicyProblem[] }
  | { kind: 'notScannable' };

export function isPolicyFile(file: string): boolean {
  return (POLICY_FILE_NAMES as readonly string[]).includes(path.basename(file));
}

/** Files popdb-guard checks (SPEC §3): JS/TS sources and the config files credentials and endpoints live in. */
export function isCheckable(file: string): boolean {
  return isSourceFile(file) || configKind(file) !== undefined;
}

export interface CheckTarget {
  /** Absolute path of the document. */
  file: string;
  text: string;
  /** Explicit policy file (the `policyPath` setting, resolved), else discovered above the file like the CLI. */
  policyFile?: string;
  /** The ESLint root: the workspace folder holding the file. Files outside it would be ignored by flat config. */
  root: string;
}

const MAX_ESLINT_INSTANCES = 8;

export class Checker {
  private readonly instances = new Map<string, ESLint>();

  /** The policy that applies to a file (valid or not). */
  policyFor(file: string, policyFile?: string): ReturnType<typeof policyFor> {
    return policyFor(file, policyFile);
  }

  eslintFor(policy: Policy, root: string): ESLint {
    const key = `${policy.file ?? '(defaults)'}\0${policy.hash}\0${root}`;
    let eslint = this.instances.get(key);
    if (eslint) {
      // Map iteration order is insertion order: re-insert to mark as recently used.
      this.instances.delete(key);
    } else {
      eslint = createEslint(policy, root);
      if (this.instances.size >= MAX_ESLINT_INSTANCES) this.instances.delete(this.instances.keys().next().value as string);
    }
    this.instances.set(key, eslint);
    return eslint;
  }

  /** Forget every ESLint instance (policy edited, reload requested). */
  clear(): void {
    this.instances.clear();
  }

  async check(target: CheckTarget): Promise<CheckResult> {
    const { file, text } = target;
    if (isPolicyFile(file)) {
      // The buffer's own problems come from its (possibly unsaved) text; the
      // rules read the saved policy, exactly as the CLI would.
      const own = parsePolicyText(text, file);
      const policyProblems = own.ok ? [] : own.problems;
      const result = await this.lintWithPolicy(target);
      return { kind: 'policyDocument', findings: result.kind === 'findings' ? result.findings : [], policyProblems };
    }
    if (!isCheckable(file)) return { kind: 'notScannable' };
    return this.lintWithPolicy(target);
  }

  private async lintWithPolicy(target: CheckTarget): Promise<CheckResult> {
    const policyResult = policyFor(target.file, target.policyFile);
    if (!policyResult.ok) return { kind: 'policyError', problems: policyResult.problems, policyFile: policyResult.problems[0]?.file ?? target.policyFile ?? '' };
    const policy = policyResult.policy;
    if (!isCheckable(target.file)) return { kind: 'findings', findings: [], policy };
    try {
      const findings = await lintText(this.eslintFor(policy, target.root), target.file, target.text);
      return { kind: 'findings', findings, policy };
    } catch (error) {
      // A rule that loads the policy itself throws PolicyError when the file
      // changed between our check and the rule's; treat it like our own check.
      const policyError = findPolicyError(error);
      if (policyError) return { kind: 'policyError', problems: policyError.problems, policyFile: policyError.problems[0]?.file ?? '' };
      throw error;
    }
  }
}

function findPolicyError(error: unknown): PolicyError | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof PolicyError) return e;
  }
  return undefined;
}
