import type ts from 'typescript';
import type { Policy } from './policy/policy';
import type { LegalReferenceId } from './legal';
import type { ConfigDocument } from './config-file';
import type { TestCodeBehaviour } from './test-code';
import { getProjectModel, type ProjectModel } from './project/model';

export const RULE_PREFIX = 'popdb/';
/** The pseudo-rule for a file that does not parse (SPEC §3). */
export const PARSE_ERROR_RULE_ID = 'popdb/parse-error';
/**
 * The pseudo-rule for an `eslint-disable` directive of a popdb rule with no
 * written reason (`-- reason`): an assessor must be able to read why each
 * finding was accepted (SPEC: "suppressions that carry a reason").
 */
export const SUPPRESSION_WITHOUT_REASON_RULE_ID = 'popdb/suppression-without-reason';
/** A file that ESLint or a rule could not finish checking: reported, and the scan goes on. */
export const INTERNAL_ERROR_RULE_ID = 'popdb/internal-error';
/** The pseudo-rule for an `eslint-disable` directive of a popdb rule that suppresses nothing (or names no existing rule). */
export const UNUSED_SUPPRESSION_RULE_ID = 'popdb/unused-suppression';

export interface LocalizedText {
  vi: string;
  en: string;
}

export type Severity = 'error' | 'warn';

export interface RuleMeta<MessageIds extends string = string> {
  /** Rule name without the `popdb/` prefix; equals its folder name. */
  name: string;
  type: 'problem' | 'suggestion';
  description: LocalizedText;
  /** Message templates; `{{name}}` placeholders are filled from the report's data. Never put a secret in data unmasked. */
  messages: Record<MessageIds, LocalizedText>;
  /** Regulations the rule enforces; the first is the main one. */
  legal: readonly LegalReferenceId[];
  defaultSeverity: Severity;
  /** In the `recommended` config; every rule is in `strict`. */
  recommended: boolean;
  /**
   * Messages that are errors whatever severity the rule is configured with
   * (sensitive data under Decree 13/2023 art. 2(4)). Hosts raise them.
   */
  forceErrorMessages?: readonly MessageIds[];
  /**
   * Messages that are at most warnings whatever severity the rule is configured with: the
   * "should" parts of a rule whose "must" part is an error (require-access-control: no
   * authentication is an error; no role check or no rate limit a warning). Hosts lower them;
   * plain ESLint has one severity per rule and shows them at the rule's (docs/access-control.md).
   */
  warningMessages?: readonly MessageIds[];
  /** Which files the rule reads: JS/TS sources, config files (.env, JSON, YAML), or both. */
  languages: readonly ('source' | 'config')[];
  /**
   * What the rule reports inside test code (policy `tests.files`): `none` (population-DB and
   * citizen-data rules: tests use mocks; the host does not run the rule there), `high-confidence`
   * (the rule runs and reads `context.testCode`: the credential rules keep real secret formats and
   * drop test passwords) or `all`. Every bundled rule declares it (test/meta); absent means `all`.
   */
  testCode?: TestCodeBehaviour;
}

export interface Report<MessageIds extends string = string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  /** Offsets into the file text, end exclusive. */
  start: number;
  end: number;
}

interface CheckContextBase<MessageIds extends string> {
  /** Absolute file path. */
  fileName: string;
  text: string;
  policy: Policy;
  /** The file is test code (`isTestCode`); only rules whose `meta.testCode` is not `none` ever see `true`. */
  testCode: boolean;
  /**
   * The model of the project that holds the file, under this policy: cross-file resolution, query
   * summaries, the files of the project (the linted buffer over disk). Shared by every rule and file
   * of the project; made on first use, so a rule that reads no other file costs nothing.
   */
  readonly project: ProjectModel;
  report(report: Report<MessageIds>): void;
}

export interface SourceCheckContext<MessageIds extends string = string> extends CheckContextBase<MessageIds> {
  sourceFile: ts.SourceFile;
}

export interface ConfigCheckContext<MessageIds extends string = string> extends CheckContextBase<MessageIds> {
  document: ConfigDocument;
}

/**
 * A rule, independent of ESLint: the plugin wraps it with one `createRule`,
 * and any other host (tests, benchmarks) can call it directly.
 */
export interface RuleDefinition<MessageIds extends string = string> {
  meta: RuleMeta<MessageIds>;
  checkSource?(context: SourceCheckContext<MessageIds>): void;
  checkConfig?(context: ConfigCheckContext<MessageIds>): void;
}

export function defineRule<MessageIds extends string>(rule: RuleDefinition<MessageIds>): RuleDefinition<MessageIds> {
  return rule;
}

/** Fill `{{name}}` placeholders. */
export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*([\w$]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** Both languages of a text with their `{{name}}` placeholders filled. */
export function interpolateText(text: LocalizedText, data: Record<string, string | number> | undefined): LocalizedText {
  return { vi: interpolate(text.vi, data), en: interpolate(text.en, data) };
}

/** The text shown for a finding: Vietnamese first, then English (the users are Vietnamese agencies; the reviewers may not be). */
export function bilingual(text: LocalizedText): string {
  return `${text.vi} — ${text.en}`;
}

/**
 * A host's context for one file with its `project` added: the project model is looked up on first
 * read (hosts build the rest of the context; rules receive the model through it rather than
 * reaching for a registry).
 */
export function withProject<C extends { fileName: string; policy: Policy }>(context: C): C & { readonly project: ProjectModel } {
  let model: ProjectModel | undefined;
  return Object.defineProperty(context, 'project', { get: () => (model ??= getProjectModel(context.fileName, context.policy)), enumerable: false, configurable: true }) as C & { readonly project: ProjectModel };
}
