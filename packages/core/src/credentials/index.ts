/**
 * Shared detection for `popdb/no-hardcoded-credentials` and
 * `popdb/no-default-credentials`. Both rules call the same function and
 * filter by rule name; the result is cached per parsed file (the same
 * `ts.SourceFile` / `ConfigDocument` object that ESLint hands to both
 * rules), so a file is walked once and every value is classified once.
 */
import * as path from 'node:path';
import type ts from 'typescript';
import { minimatch } from 'minimatch';
import type { Policy } from '../policy/policy';
import type { ConfigDocument } from '../config-file';
import type { ConfigCheckContext, SourceCheckContext } from '../rule';
import { findKnownSecret, weakPasswordSet } from './values';
import { maskSecret } from '../mask';
import { linesWithOffsets } from '../lines';
import { detectSourceCredentials } from './detect-source';
import { detectConfigCredentials } from './detect-config';
import { isTemplateFile } from './confidence';
import { DEFAULT_RULE, HARDCODED_RULE, type ClassifyOptions, type CredentialFinding, type CredentialRuleName } from './classify';

export * from './classify';
export { classifyName, splitWords, isUserName, type CredentialKind, type NameClass } from './names';
export { isPlaceholder, isHumanText, findKnownSecret, findEmbeddedPassword, parseAuthorization } from './values';
export { isTranslationFile } from './detect-config';
export { isTemplateFile, isHighEntropy, isLocalHost, connectionHost } from './confidence';

const optionsCache = new WeakMap<Policy, { all: ClassifyOptions; highConfidence: ClassifyOptions }>();

/** The classification options of a policy; `highConfidenceOnly` for test code and templates. */
function classifyOptions(policy: Policy, highConfidenceOnly: boolean): ClassifyOptions {
  let options = optionsCache.get(policy);
  if (!options) {
    const all: ClassifyOptions = { weakPasswords: weakPasswordSet(policy.credentials.weakPasswords), credentialWords: policy.credentials.credentialWords };
    options = { all, highConfidence: { ...all, highConfidenceOnly: true } };
    optionsCache.set(policy, options);
  }
  return highConfidenceOnly ? options.highConfidence : options.all;
}

/**
 * Files where the policy allows literal credentials (`credentials.allowInFiles`,
 * globs relative to `policy.rootDir`), typically test fixtures.
 */
export function isCredentialAllowedFile(policy: Policy, fileName: string): boolean {
  const globs = policy.credentials.allowInFiles;
  if (globs.length === 0) return false;
  const relative = path.relative(policy.rootDir, fileName).split(path.sep).join('/');
  if (relative.startsWith('../')) return false;
  return globs.some((g) => minimatch(relative, g, { dot: true }));
}

const sourceCache = new WeakMap<object, Map<string, CredentialFinding[]>>();

function cached(key: object, policy: Policy, fileName: string, testCode: boolean, compute: (options: ClassifyOptions) => CredentialFinding[]): CredentialFinding[] {
  let byPolicy = sourceCache.get(key);
  if (!byPolicy) {
    byPolicy = new Map();
    sourceCache.set(key, byPolicy);
  }
  const k = `${policy.hash}\u0000${fileName}\u0000${testCode}`;
  let findings = byPolicy.get(k);
  if (!findings) {
    // Test code and templates hold test and sample values: only high-confidence secrets count there.
    findings = isCredentialAllowedFile(policy, fileName) ? [] : compute(classifyOptions(policy, testCode || isTemplateFile(fileName)));
    byPolicy.set(k, findings);
  }
  return findings;
}

/** Credential findings of one rule in a source file; `testCode` from the rule context; `strings` the file index's (`detectSourceCredentials`). */
export function findSourceCredentials(fileName: string, sourceFile: ts.SourceFile, policy: Policy, rule: CredentialRuleName, testCode = false, strings?: readonly ts.Node[]): CredentialFinding[] {
  return cached(sourceFile, policy, fileName, testCode, (options) => detectSourceCredentials(sourceFile, options, strings)).filter((f) => f.rule === rule);
}

/** Credential findings of one rule in a config file; `testCode` from the rule context. */
export function findConfigCredentials(fileName: string, document: ConfigDocument, policy: Policy, rule: CredentialRuleName, testCode = false): CredentialFinding[] {
  return cached(document, policy, fileName, testCode, (options) => detectConfigCredentials(fileName, document, options)).filter((f) => f.rule === rule);
}

/**
 * Well-known secret formats (`findKnownSecret`: cloud keys, bot tokens, private-key blocks…) in the
 * text of a source file that does not parse. No rule can run on such a file, yet a committed token
 * in it is as live as anywhere else — gitleaks would find it by its format, and so do we. Only the
 * formats count, never names or entropy (without a parse there is no name to go by), so the result
 * is high-confidence in test code too. Linear: one pass per line, resumed after each match.
 */
export function findUnparsedSourceSecrets(fileName: string, text: string, policy: Policy): CredentialFinding[] {
  if (isCredentialAllowedFile(policy, fileName)) return [];
  const out: CredentialFinding[] = [];
  for (const { line, start } of linesWithOffsets(text)) {
    for (let from = 0; from < line.length; ) {
      const rest = from ? line.slice(from) : line;
      const m = findKnownSecret(rest);
      if (!m) break;
      out.push({ rule: HARDCODED_RULE, messageId: 'knownSecretFormat', start: start + from + m.start, end: start + from + m.end, data: { name: m.format, masked: maskSecret(m.secret) } });
      from += Math.max(m.end, 1);
    }
  }
  return out;
}

/**
 * The `checkSource` and `checkConfig` of a credential rule: report that rule's
 * share of the shared findings. `no-default-credentials` messages carry only
 * the name: a default password is short enough that any characters of it give
 * it away, so not even the masked form is passed on.
 */
export function credentialChecks<M extends string>(rule: CredentialRuleName): {
  checkSource(ctx: SourceCheckContext<M>): void;
  checkConfig(ctx: ConfigCheckContext<M>): void;
} {
  const report = (ctx: SourceCheckContext<M> | ConfigCheckContext<M>, findings: readonly CredentialFinding[]): void => {
    for (const f of findings) {
      const data = rule === DEFAULT_RULE ? { name: f.data.name } : f.data;
      ctx.report({ messageId: f.messageId as M, data, start: f.start, end: f.end });
    }
  };
  return {
    checkSource: (ctx) => {
      // the file index the other rules share lists the file's literals: no walk of every node
      const index = ctx.project.fileIndex(ctx.fileName, ctx.text, ctx.sourceFile);
      report(ctx, findSourceCredentials(ctx.fileName, ctx.sourceFile, ctx.policy, rule, ctx.testCode, index?.sourceFile === ctx.sourceFile ? index.strings : undefined));
    },
    checkConfig: (ctx) => report(ctx, findConfigCredentials(ctx.fileName, ctx.document, ctx.policy, rule, ctx.testCode)),
  };
}
