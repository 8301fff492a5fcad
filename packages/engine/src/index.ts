import { ESLint, type Linter, type Rule } from 'eslint';
import type ts from 'typescript';
import popdb = require('eslint-plugin-popdb');
import {
  INTERNAL_ERROR_RULE_ID,
  PARSE_ERROR_RULE_ID,
  CHEAP_RULES,
  PolicyError,
  checkRegularFile,
  followLinkWithin,
  bilingual,
  errorText,
  generatedSourceLine,
  interpolate,
  isTestCode,
  parseSource,
  projectFiles,
  RULE_PREFIX,
  SUPPRESSION_WITHOUT_REASON_RULE_ID,
  UNUSED_SUPPRESSION_RULE_ID,
  HOST_MESSAGES,
  hostMessage,
  compareFindings,
  credentials,
  withProject,
  isSourceFile,
  linesWithOffsets,
  lineAtOffset,
  getProjectModel,
  summarizeInventoryFile,
  dependencyRecorder,
  type Dependencies,
  type InventoryFileSummary,
  type Finding,
  type Report,
  type RuleDefinition,
  type Policy,
  type RuleMeta,
  type Suppression,
} from '@popdb-guard/core';

/**
 * The one place where hosts (the CLI, the language server) turn a policy into
 * an ESLint configuration and ESLint messages into findings, so that the
 * editor and CI report exactly the same things.
 */

/** Does an eslint-disable directive's rule list name a popdb rule? */
function namesPopdbRule(value: string): boolean {
  return value.split(',').some((id) => id.trim().startsWith(RULE_PREFIX));
}

interface DisableDirective {
  type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  node: { loc: { start: { line: number; column: number }; end: { line: number; column: number } } };
  value: string;
  justification: string;
}

/**
 * Host-internal rule (not part of the plugin): reports each eslint-disable
 * directive that names a popdb rule and gives no reason after `--`. It reads
 * the directives ESLint itself parsed (`SourceCode#getDisableDirectives`), so
 * the grammar is ESLint's; it runs whether or not the named rule reports
 * anything, because a reason is owed for every suppression, used or not.
 */
const suppressionReasonRule: Rule.RuleModule = {
  meta: { type: 'problem', schema: [], messages: { noReason: 'eslint-disable of {{rules}} without a reason' } },
  create(context) {
    const sourceCode = context.sourceCode as unknown as { getDisableDirectives?: () => { directives: DisableDirective[] } };
    return {
      Program() {
        for (const d of sourceCode.getDisableDirectives?.().directives ?? []) {
          if (d.type === 'enable' || d.justification.trim() || !namesPopdbRule(d.value)) continue;
          const rules = d.value.split(',').map((id) => id.trim()).filter((id) => id.startsWith(RULE_PREFIX)).join(', ');
          context.report({ loc: d.node.loc, messageId: 'noReason', data: { rules } });
        }
      },
    };
  },
};

/**
 * Host-internal rule, on when the host builds the connection inventory: when
 * the rules are done with a source file (`Program:exit`), its inventory
 * summary — plain data, no AST — goes into the host's table. The project
 * model's facts about the file are fresh then, and nothing has to keep the
 * file's query sites (and through them its AST) until the report is built.
 */
function inventoryRule(policy: Policy, root: string, summaries: Map<string, InventoryFileSummary | undefined>): Rule.RuleModule {
  return {
    meta: { type: 'suggestion', schema: [], messages: {} },
    create(context) {
      return {
        'Program:exit'() {
          const file = context.physicalFilename;
          try {
            summaries.set(file, summarizeInventoryFile(getProjectModel(file, policy), file, root));
          } catch {
            // left out: the inventory summarizes the file again and reports the failing step on it
          }
        },
      };
    },
  };
}

/**
 * What each linted file's analysis read (`--cache`): the host-internal
 * tracking rule opens a recording frame for every file ESLint lints (rules
 * are created per file, before its traversal, and ESLint lints one file at a
 * time), and closes the previous one; `lintBatch` closes the last. See
 * project/dependencies.ts.
 */
class DependencyTracker {
  private current: string | undefined;
  constructor(readonly byFile: Map<string, Dependencies>) {}

  switchTo(file: string): void {
    this.finish();
    this.current = file;
    dependencyRecorder.beginFile();
  }

  finish(): void {
    if (this.current === undefined) return;
    const deps = dependencyRecorder.endFile();
    const known = this.byFile.get(this.current);
    // a file linted twice (ESLint failed on its batch and it was linted alone): both runs' reads count
    this.byFile.set(this.current, known ? new Set([...known, ...deps]) : deps);
    this.current = undefined;
  }
}

function trackingRule(tracker: DependencyTracker): Rule.RuleModule {
  return {
    meta: { type: 'suggestion', schema: [], messages: {} },
    create(context) {
      tracker.switchTo(context.physicalFilename);
      return {};
    },
  };
}

const trackers = new WeakMap<ESLint, DependencyTracker>();

const HOST_PLUGIN = 'popdb-guard';
const SUPPRESSION_REASON_ESLINT_ID = `${HOST_PLUGIN}/suppression-reason`;
const hostPlugin = { meta: { name: 'popdb-guard-host' }, rules: { 'suppression-reason': suppressionReasonRule } };

/**
 * The flat config hosts lint with: the plugin's `recommended`, with the
 * policy's severity overrides, plus the suppression checks: unused
 * directives are reported by ESLint itself, directives without a reason by
 * the host-internal rule on source files.
 */
export interface EngineOptions {
  /**
   * The parser of JS/TS files. Default: the plugin's own (`popdb.parser`: the
   * TypeScript AST only, no ESTree). The conformance test passes
   * `@typescript-eslint/parser` to check that both give the same findings.
   */
  sourceParser?: Linter.Parser;
  /**
   * Collect each linted source file's inventory summary here (by absolute
   * path; `summarizeInventoryFile`), for `buildInventory`. The scan root is
   * `inventoryRoot`, else ESLint's working directory.
   */
  inventory?: Map<string, InventoryFileSummary | undefined>;
  inventoryRoot?: string;
  /** Record what each linted file's analysis read, here (by absolute path), for `--cache`. */
  dependencies?: Map<string, Dependencies>;
}

export function buildEslintConfig(policy: Policy, options: EngineOptions = {}): Linter.Config[] {
  // only popdb rules run here, and they read TypeScript's AST: no ESTree to build (docs/architecture.md)
  const blocks = (popdb.recommendedWith(options.sourceParser ?? popdb.parser) as unknown as Linter.Config[]).map((block) => {
    const rules = Object.fromEntries(
      Object.entries(block.rules ?? {}).map(([id, sev]) => [id, (policy.rules[id] ?? sev) as Linter.RuleEntry]),
    );
    return { ...block, rules, settings: { popdb: { policy: policy.file } } };
  });
  return [
    ...blocks,
    { name: 'popdb-guard/suppressions', linterOptions: { reportUnusedDisableDirectives: 'warn' } },
    { name: 'popdb-guard/suppression-reasons', files: popdb.files.sources, plugins: { [HOST_PLUGIN]: hostPlugin }, rules: { [SUPPRESSION_REASON_ESLINT_ID]: 'error' } },
    ...(options.inventory
      ? [
          {
            name: 'popdb-guard/inventory',
            files: popdb.files.sources,
            plugins: { [`${HOST_PLUGIN}-inventory`]: { rules: { inventory: inventoryRule(policy, options.inventoryRoot ?? process.cwd(), options.inventory) } } },
            rules: { [`${HOST_PLUGIN}-inventory/inventory`]: 'error' as const },
          },
        ]
      : []),
    ...(options.dependencies
      ? [
          {
            name: 'popdb-guard/dependencies',
            files: [...popdb.files.sources, ...popdb.files.config],
            plugins: { [`${HOST_PLUGIN}-dependencies`]: { rules: { track: trackingRule(trackerFor(options.dependencies)) } } },
            rules: { [`${HOST_PLUGIN}-dependencies/track`]: 'error' as const },
          },
        ]
      : []),
  ];
}

const trackerByMap = new WeakMap<Map<string, Dependencies>, DependencyTracker>();
function trackerFor(byFile: Map<string, Dependencies>): DependencyTracker {
  let tracker = trackerByMap.get(byFile);
  if (!tracker) trackerByMap.set(byFile, (tracker = new DependencyTracker(byFile)));
  return tracker;
}

/** Every rule's host-independent metadata. */
export const ruleMetas: readonly RuleMeta[] = popdb.definitions.map((d) => d.meta);

const forceErrorIds = new Map<string, ReadonlySet<string>>(
  popdb.definitions.map((d) => [`${RULE_PREFIX}${d.meta.name}`, new Set<string>(d.meta.forceErrorMessages ?? [])]),
);
const warningIds = new Map<string, ReadonlySet<string>>(
  popdb.definitions.map((d) => [`${RULE_PREFIX}${d.meta.name}`, new Set<string>(d.meta.warningMessages ?? [])]),
);

export const PARSE_ERROR_MESSAGE = bilingual(HOST_MESSAGES.parseError);

const UNUSED_DIRECTIVE = /^Unused eslint-disable directive/;
const UNKNOWN_RULE = /^Definition for rule '([^']+)' was not found/;

export const SUPPRESSION_WITHOUT_REASON_MESSAGE = bilingual(HOST_MESSAGES.suppressionWithoutReason);
export const UNUSED_SUPPRESSION_MESSAGE = bilingual(HOST_MESSAGES.unusedSuppression);
export const UNKNOWN_RULE_SUPPRESSION_MESSAGE = bilingual(HOST_MESSAGES.unknownRuleSuppression);

/** What linting found: the findings to report, and the findings directives suppressed, with their reasons. */
export interface LintOutcome {
  findings: Finding[];
  suppressions: Suppression[];
}

export interface LintOutcomeOptions {
  /**
   * popdb rules turned off (by the policy or the config). ESLint reports a
   * directive for a rule that is off as unused; a policy that switches a rule
   * off for a while should not have every accepted finding's directive
   * flagged for removal, so those are dropped.
   */
  offRules?: ReadonlySet<string>;
  /** The policy the files were linted with: a source that does not parse is still searched for well-known secret formats. */
  policy?: Policy;
}

/** One ESLint message as a finding, or undefined when it is not about popdb. */
function toFinding(m: Linter.LintMessage, filePath: string, options: LintOutcomeOptions = {}): Finding | undefined {
  const at = { file: filePath, line: m.line || 1, column: m.column || 1, endLine: m.endLine, endColumn: m.endColumn };
  if (m.fatal) {
    return { ruleId: PARSE_ERROR_RULE_ID, severity: 'error', message: `${PARSE_ERROR_MESSAGE}: ${m.message}`, file: filePath, line: m.line || 1, column: m.column || 1 };
  }
  if (m.ruleId === SUPPRESSION_REASON_ESLINT_ID) {
    const rules = /^eslint-disable of (.*) without a reason$/.exec(m.message)?.[1];
    return { ruleId: SUPPRESSION_WITHOUT_REASON_RULE_ID, messageId: 'noReason', severity: 'error', message: `${SUPPRESSION_WITHOUT_REASON_MESSAGE}: ${rules ?? ''}`, ...at };
  }
  if (m.ruleId === null && UNUSED_DIRECTIVE.test(m.message)) {
    // ESLint names the unused rules in quotes; directives for other tools' rules are none of our business.
    const rules = [...m.message.matchAll(/'([^']+)'/g)].map((x) => x[1]).filter((id) => id.startsWith(RULE_PREFIX) && !options.offRules?.has(id));
    if (!rules.length) return undefined;
    return { ruleId: UNUSED_SUPPRESSION_RULE_ID, messageId: 'unused', severity: 'warning', message: `${UNUSED_SUPPRESSION_MESSAGE}: ${rules.join(', ')}`, ...at };
  }
  if (!m.ruleId?.startsWith(RULE_PREFIX)) return undefined;
  const unknown = UNKNOWN_RULE.exec(m.message);
  if (unknown && m.messageId === undefined) {
    // A directive (or inline config) naming a popdb rule that does not exist,
    // typically a typo: it suppresses nothing, so it is an unused suppression.
    return { ruleId: UNUSED_SUPPRESSION_RULE_ID, messageId: 'unknownRule', severity: 'warning', message: `${UNKNOWN_RULE_SUPPRESSION_MESSAGE}: ${unknown[1]}`, ...at };
  }
  const forced = m.messageId !== undefined && forceErrorIds.get(m.ruleId)?.has(m.messageId);
  const lowered = m.messageId !== undefined && warningIds.get(m.ruleId)?.has(m.messageId);
  return {
    ruleId: m.ruleId,
    messageId: m.messageId,
    severity: forced || (m.severity === 2 && !lowered) ? 'error' : 'warning',
    message: m.message,
    file: filePath,
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
  };
}

/**
 * ESLint results to findings and suppressions: popdb messages, fatal parse
 * errors as `popdb/parse-error`, directives without a reason and unused
 * directives of popdb rules, and every popdb finding a directive suppressed.
 */
export function toLintOutcome(results: readonly ESLint.LintResult[], options: LintOutcomeOptions = {}): LintOutcome {
  const findings: Finding[] = [];
  const suppressions: Suppression[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      const f = toFinding(m, result.filePath, options);
      if (f) findings.push(f);
      if (m.fatal && options.policy) findings.push(...unparsedSecretFindings(result.filePath, result.source ?? projectFiles.read(result.filePath), options.policy, options.offRules));
    }
    for (const m of result.suppressedMessages ?? []) {
      const f = toFinding(m, result.filePath);
      if (!f) continue;
      // One message can be covered by several directives; their reasons are all on record.
      const justification = m.suppressions.map((s) => s.justification.trim()).filter(Boolean).join('; ');
      suppressions.push({ kind: 'inSource', justification, finding: f });
    }
  }
  suppressions.sort((a, b) => compareFindings(a.finding, b.finding));
  return { findings: oneFindingPerLocation(findings), suppressions };
}

/**
 * SPEC §1: one location gets one finding; where two rules report the same
 * place, the more specific wins. The credential rules settle it between
 * themselves (one classification per value); across rule families the order
 * is: credentials, TLS verification, endpoint, citizen data to messaging, query volume, audit,
 * credentials in logs, citizen data in logs (a log call that writes both a password and a citizen's
 * name is reported as the password: the account is the way to every other record). An unaudited query inside an unbounded loop is
 * reported as the loop (the connection lock comes first); once the loop is
 * bounded, the audit finding appears. A query that sends no purpose
 * (`require-registered-purpose`) is reported at the query call, the place of
 * those findings too: it comes after them, and appears once they are fixed
 * (an unregistered purpose is reported at its literal, a place of its own).
 * Plain `eslint` shows both; every popdb-guard host (CLI, server, reports) goes through here.
 */
export const RULE_PRECEDENCE: readonly string[] = [
  'popdb/parse-error',
  'popdb/internal-error',
  'popdb/no-default-credentials',
  'popdb/no-hardcoded-credentials',
  'popdb/no-tls-verification-disabled',
  'popdb/no-unregistered-endpoint',
  'popdb/no-citizen-data-to-messaging',
  'popdb/no-unbounded-query-loop',
  'popdb/require-audit-log',
  'popdb/no-credentials-in-logs',
  'popdb/no-citizen-data-in-logs',
  'popdb/require-registered-purpose',
];

export function oneFindingPerLocation(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => {
    const i = RULE_PRECEDENCE.indexOf(f.ruleId);
    return i === -1 ? RULE_PRECEDENCE.length : i;
  };
  const best = new Map<string, Finding>();
  for (const f of findings) {
    // a rule's crash (the plugin reports it at 1:1) is not about a place in the code: five rules crashing are five findings
    if (isCrash(f)) continue;
    const key = `${f.file}\u0000${f.line}\u0000${f.column}`;
    const current = best.get(key);
    // pseudo-rules about directives (suppression-without-reason, unused-suppression) sit on comments, never on a rule's node
    if (!current || rank(f) < rank(current) || (rank(f) === rank(current) && severityRank(f) < severityRank(current))) best.set(key, f);
  }
  const kept = new Set(best.values());
  return findings.filter((f) => kept.has(f) || isCrash(f) || !RULE_PRECEDENCE.includes(f.ruleId)).sort(compareFindings);
}

/** The plugin's internal-error message of one rule (`create-rule.ts`), and the hosts' internal errors of a step. */
const RULE_CRASH_MESSAGE_ID = 'popdbInternalError';
const isCrash = (f: Finding) => f.messageId === RULE_CRASH_MESSAGE_ID || (f.ruleId === INTERNAL_ERROR_RULE_ID && f.messageId !== undefined);

const severityRank = (f: Finding) => (f.severity === 'error' ? 0 : 1);

/** ESLint results to findings (without the suppressions); see `toLintOutcome`. */
export function toFindings(results: readonly ESLint.LintResult[]): Finding[] {
  return toLintOutcome(results).findings;
}

/** The popdb rules each ESLint instance made by `createEslint` has turned off. */
const offRulesOf = new WeakMap<ESLint, ReadonlySet<string>>();
/** The folder each ESLint instance made by `createEslint` scans (symlinks must not lead out of it). */
const rootOf = new WeakMap<ESLint, string>();
/** The policy each ESLint instance made by `createEslint` applies (generated sources are checked without ESLint). */
const policyOf = new WeakMap<ESLint, Policy>();

/** popdb rules that no block of a config turns on. */
function offRules(config: readonly Linter.Config[]): Set<string> {
  const on = new Set<string>();
  for (const block of config) {
    for (const [id, entry] of Object.entries(block.rules ?? {})) {
      const sev = Array.isArray(entry) ? entry[0] : entry;
      if (sev !== 'off' && sev !== 0) on.add(id);
    }
  }
  return new Set(popdb.definitions.map((d) => `${RULE_PREFIX}${d.meta.name}`).filter((id) => !on.has(id)));
}

/** An ESLint instance configured for one policy, rooted at `cwd`. */
export function createEslint(policy: Policy, cwd: string, options: EngineOptions = {}): ESLint {
  const overrideConfig = buildEslintConfig(policy, options);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig,
    errorOnUnmatchedPattern: false,
    ignore: false,
    warnIgnored: false,
  });
  offRulesOf.set(eslint, offRules(overrideConfig));
  if (options.dependencies) trackers.set(eslint, trackerFor(options.dependencies));
  rootOf.set(eslint, cwd);
  policyOf.set(eslint, policy);
  return eslint;
}

/** Lint files on disk. */
export async function lintFiles(eslint: ESLint, files: readonly string[]): Promise<Finding[]> {
  return (await lintFilesWithSuppressions(eslint, files)).findings;
}

export interface LintFilesOptions {
  /**
   * Lint in batches of this many files and call `afterBatch` between them
   * (the CLI collects garbage there: V8 otherwise lets the heap grow to a
   * multiple of what the project model really keeps). Same findings, same order.
   */
  batchSize?: number;
  afterBatch?: () => void;
  /** Told the files linted so far after each batch (the CLI's progress line), the last call with `done === total`. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Lint files on disk, keeping the suppressed findings and their reasons. If
 * ESLint itself fails (a parser or plugin crash that no rule caught), the
 * files are linted one by one so that one bad file costs only itself: it
 * becomes a `popdb/internal-error` finding and the scan goes on. A broken
 * policy still stops the run.
 */
export async function lintFilesWithSuppressions(eslint: ESLint, files: readonly string[], options: LintFilesOptions = {}): Promise<LintOutcome> {
  const size = options.batchSize && options.batchSize > 0 ? options.batchSize : files.length;
  if (size >= files.length) {
    const outcome = await lintBatch(eslint, files);
    options.onProgress?.(files.length, files.length);
    return outcome;
  }
  const outcomes: LintOutcome[] = [];
  for (let i = 0; i < files.length; i += size) {
    outcomes.push(await lintBatch(eslint, files.slice(i, i + size)));
    options.onProgress?.(Math.min(i + size, files.length), files.length);
    if (i + size < files.length) options.afterBatch?.();
  }
  return mergeOutcomes(outcomes);
}

/**
 * The outcomes of batches of files, given in file order, as one outcome:
 * batches split by file and one-finding-per-location is per place, so
 * concatenating and the same stable sort give exactly the one-batch result.
 */
export function mergeOutcomes(outcomes: readonly LintOutcome[]): LintOutcome {
  const findings: Finding[] = [];
  const suppressions: Suppression[] = [];
  for (const o of outcomes) {
    findings.push(...o.findings);
    suppressions.push(...o.suppressions);
  }
  return { findings: findings.sort(compareFindings), suppressions: suppressions.sort((a, b) => compareFindings(a.finding, b.finding)) };
}

async function lintBatch(eslint: ESLint, allFiles: readonly string[]): Promise<LintOutcome> {
  // Only regular files within the size cap are read (a FIFO would hang the scan, /dev/zero exhaust memory). ESLint is
  // handed the text the project model read (lintText), so that no file is read twice: the rules' model reads every file anyway.
  const notRead: Finding[] = [];
  const files: { file: string; text: string }[] = [];
  for (const file of allFiles) {
    const problem = fileProblem(file, rootOf.get(eslint));
    const text = problem ? undefined : projectFiles.read(file);
    if (text === undefined) {
      // (a file that passed the checks and still could not be read: removed or changed under the scan)
      notRead.push(notReadFinding(file, problem ?? 'cannot be read'));
      continue;
    }
    const note = generatedNote(file, text);
    const policy = policyOf.get(eslint);
    if (note && policy) notRead.push(...lintGenerated(file, text, policy, note, rootOf.get(eslint) ?? process.cwd()));
    else files.push({ file, text });
  }
  if (!files.length) return { findings: notRead, suppressions: [] };
  const options = { offRules: offRulesOf.get(eslint), policy: policyOf.get(eslint) };
  const tracker = trackers.get(eslint);
  const results: ESLint.LintResult[] = [];
  const crashed: Finding[] = [...notRead];
  for (const { file, text } of files) {
    // Back to the event loop between files. Nothing else here waits for I/O, so without this the whole scan is one chain of
    // microtasks, and V8 keeps every object a WeakRef handed out until that chain ends (the ASTs the project model holds
    // weakly, source-files.ts): the heap grew by every file's AST (460 -> 750 MB peak on the bench's 2,000 files).
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      results.push(...(await eslint.lintText(text, { filePath: file, warnIgnored: false }).finally(() => tracker?.finish())));
    } catch (error) {
      // a parser or plugin crash that no rule caught costs only its file
      if (isPolicyError(error)) throw error;
      crashed.push(internalErrorFinding(file, error));
    }
  }
  const outcome = toLintOutcome(results, options);
  return crashed.length ? { ...outcome, findings: [...outcome.findings, ...crashed].sort(compareFindings) } : outcome;
}

function isPolicyError(error: unknown): boolean {
  return error instanceof PolicyError || (error instanceof Error && /invalid policy at/.test(error.message));
}

/**
 * Why a file on disk must not be handed to ESLint, or undefined: not a
 * regular file (FIFO, device, socket), larger than the cap, unreadable, or a
 * symlink that leads out of the scanned folder (a cloned repository can hold
 * one to any file of the machine).
 */
export function fileProblem(file: string, root: string | undefined): string | undefined {
  let target = file;
  if (root) {
    const link = followLinkWithin(file, root);
    if ('problem' in link) return link.problem;
    target = link.target;
  }
  const check = checkRegularFile(target);
  return check.ok ? undefined : check.message;
}

/**
 * A generated or minified source, without ESLint: the cheap rules run on
 * TypeScript's own parse. typescript-estree, scope and code-path analysis of
 * a megabyte-long line cost tens of seconds and gigabytes (a 2 MB bundle:
 * 22 s, 1.2 GB), TypeScript's parse alone a tenth of that; directives in a
 * bundle are not honoured (nobody writes them there).
 */
function lintGenerated(file: string, text: string, policy: Policy, note: Finding, root: string): Finding[] {
  // test code as the plugin decides it (policy `tests.files`, relative to the policy's folder, else the scan root)
  const testCode = isTestCode(policy, file, root);
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parseSource(file, text);
  } catch (error) {
    // TypeScript's parser itself overflows on 5,000 nested parentheses: the file is not checked, and says so
    return [{ ruleId: PARSE_ERROR_RULE_ID, severity: 'error', message: `${PARSE_ERROR_MESSAGE}: ${errorText(error)}`, file, line: 1, column: 1 }];
  }
  const at = (offset: number) => {
    const lc = sourceFile.getLineAndCharacterOfPosition(Math.max(0, Math.min(offset, text.length)));
    return { line: lc.line + 1, column: lc.character + 1 };
  };
  // the note only once the file parsed: a file that does not parse was not checked at all
  const findings: Finding[] = [note];
  for (const d of popdb.definitions) {
    const ruleId = `${RULE_PREFIX}${d.meta.name}`;
    const configured = policy.rules[ruleId] ?? d.meta.defaultSeverity;
    if (!CHEAP_RULES.includes(d.meta.name) || !d.checkSource || configured === 'off' || (!d.meta.recommended && policy.rules[ruleId] === undefined)) continue;
    if (testCode && d.meta.testCode === 'none') continue;
    try {
      d.checkSource(
        withProject({
          fileName: file,
          text,
          policy,
          sourceFile,
          testCode,
          report: (r: Report) => findings.push(directFinding(d, configured, r, file, at)),
        }),
      );
    } catch (error) {
      findings.push(internalErrorFinding(file, error));
    }
  }
  return findings;
}

type Position = { line: number; column: number };

/** A rule's report made without ESLint (generated sources, unparsed sources) as the finding ESLint would have given. */
function directFinding(d: RuleDefinition, configured: string, r: Report, file: string, at: (offset: number) => Position): Finding {
  const ruleId = `${RULE_PREFIX}${d.meta.name}`;
  const message = interpolate(bilingual(d.meta.messages[r.messageId]), r.data);
  const start = at(r.start);
  const end = at(Math.max(r.end, r.start));
  const forced = forceErrorIds.get(ruleId)?.has(r.messageId);
  const lowered = warningIds.get(ruleId)?.has(r.messageId);
  return { ruleId, messageId: r.messageId, severity: forced || (configured === 'error' && !lowered) ? 'error' : 'warning', message, file, ...start, endLine: end.line, endColumn: end.column };
}

/**
 * Well-known secret formats in a JS/TS source that does not parse, as `no-hardcoded-credentials`
 * findings (the parse error is reported beside them). `eslint-disable` comments of such a file are
 * not read — ESLint found no comments in it — so a baseline is the way to accept one.
 */
function unparsedSecretFindings(file: string, text: string | undefined, policy: Policy, off: ReadonlySet<string> | undefined): Finding[] {
  const rule = popdb.definitions.find((d) => d.meta.name === credentials.HARDCODED_RULE);
  const ruleId = `${RULE_PREFIX}${credentials.HARDCODED_RULE}`;
  const configured = policy.rules[ruleId] ?? rule?.meta.defaultSeverity ?? 'off';
  if (!rule || text === undefined || !isSourceFile(file) || configured === 'off' || off?.has(ruleId)) return [];
  const found = credentials.findUnparsedSourceSecrets(file, text, policy);
  if (!found.length) return [];
  const starts = linesWithOffsets(text).map((l) => l.start);
  const at = (offset: number): Position => {
    const line = lineAtOffset(starts, offset);
    return { line: line + 1, column: offset - starts[line] + 1 };
  };
  return found.map((f) => directFinding(rule, configured, { messageId: f.messageId, data: f.data, start: f.start, end: f.end }, file, at));
}

/** The note on a generated or minified source (`generated.ts`): only the cheap rules checked it. */
export function generatedNote(file: string, text: string | undefined): Finding | undefined {
  const longest = text === undefined ? undefined : generatedSourceLine(file, text);
  if (longest === undefined) return undefined;
  return {
    ruleId: INTERNAL_ERROR_RULE_ID,
    messageId: 'generated',
    severity: 'warning',
    message: interpolate(bilingual(HOST_MESSAGES.generated), { length: longest, rules: CHEAP_RULES.join(', '), ruleIds: CHEAP_RULES.map((r) => `${RULE_PREFIX}${r}`).join(', ') }),
    file,
    line: 1,
    column: 1,
  };
}

export const NOT_READ_MESSAGE = bilingual(HOST_MESSAGES.notRead);

/** A repository file popdb-guard refused to read (`fileProblem`). */
export function notReadFinding(file: string, problem: string): Finding {
  return { ruleId: INTERNAL_ERROR_RULE_ID, messageId: 'notRead', severity: 'error', message: hostMessage(HOST_MESSAGES.notRead, problem), file, line: 1, column: 1 };
}

/** A file ESLint could not lint at all. */
export function internalErrorFinding(file: string, error: unknown): Finding {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
  return {
    ruleId: INTERNAL_ERROR_RULE_ID,
    severity: 'error',
    message: hostMessage(HOST_MESSAGES.internalError, text),
    file,
    line: 1,
    column: 1,
  };
}

/** Lint one file's current text, keeping the suppressed findings and their reasons. */
export async function lintTextWithSuppressions(eslint: ESLint, filePath: string, text: string): Promise<LintOutcome> {
  // a 5 MB bundle open in the editor: the cheap rules on TypeScript's parse, not ESLint on every keystroke
  const note = generatedNote(filePath, text);
  const policy = policyOf.get(eslint);
  if (note && policy) return { findings: oneFindingPerLocation(lintGenerated(filePath, text, policy, note, rootOf.get(eslint) ?? process.cwd())), suppressions: [] };
  return toLintOutcome(await eslint.lintText(text, { filePath, warnIgnored: false }), { offRules: offRulesOf.get(eslint), policy });
}

/** Lint one file's current (possibly unsaved) text, as the editor does. */
export async function lintText(eslint: ESLint, filePath: string, text: string): Promise<Finding[]> {
  return (await lintTextWithSuppressions(eslint, filePath, text)).findings;
}

export { popdb as plugin };
