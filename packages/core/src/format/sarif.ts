import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { relativeUri, type Finding } from '../findings';
import { RULE_PREFIX } from '../rule';
import { PSEUDO_RULES, pseudoRule, type PseudoRule } from '../pseudo-rules';
import { LEGAL_REFERENCES } from '../legal';
import { approvalDiffJson } from './json';
import type { ScanReport } from './report';
import { findingMessage, localize, type Language } from '../language';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * GitHub code scanning's limits on an uploaded SARIF file (docs.github.com,
 * "SARIF results exceed limit"): a run with more than 25,000 results, or a
 * rule with more than 20 tags, is rejected. We write one run, cap its results
 * at the limit (errors first) and say so, on stderr and in the run's
 * `invocations[0].toolExecutionNotifications`.
 */
export const GITHUB_SARIF_LIMITS = { resultsPerRun: 25_000, tagsPerRule: 20, runsPerFile: 20 } as const;

/**
 * `properties.security-severity` of each rule: GitHub shows a score of 9.0 or
 * more as Critical, 7.0–8.9 High, 4.0–6.9 Medium, below 4.0 Low (only for rules
 * tagged `security`). Scored by what an attacker or an inspector gets when the
 * finding is real: a credential to the population DB gives every citizen's
 * record (critical); an unverified TLS connection, an unregistered endpoint,
 * sensitive data sent to a chat app or a password in a log give a path to it
 * (high); a missing audit entry, an unbounded query loop (which locks the
 * connection) or personal data in a log are medium. Host pseudo-rules are not
 * vulnerabilities: a file left unchecked is medium, a stale directive low.
 */
export const SECURITY_SEVERITY: Readonly<Record<string, string>> = {
  'popdb/no-hardcoded-credentials': '9.1',
  'popdb/no-default-credentials': '9.1',
  'popdb/no-tls-verification-disabled': '8.1',
  'popdb/no-citizen-data-to-messaging': '8.2',
  'popdb/no-credentials-in-logs': '7.5',
  'popdb/no-unregistered-endpoint': '7.4',
  'popdb/require-audit-log': '6.5',
  'popdb/no-unbounded-query-loop': '5.3',
  'popdb/no-citizen-data-in-logs': '5.5',
  'popdb/require-registered-purpose': '6.1',
  // CWE-306, missing authentication for a critical function: a public proxy to the population DB
  'popdb/require-access-control': '8.2',
  'popdb/parse-error': '4.0',
  'popdb/internal-error': '4.0',
  'popdb/suppression-without-reason': '4.0',
  'popdb/unused-suppression': '2.0',
};

/** The `security-severity` of a rule id; a rule missing from the table is medium (the meta test makes every bundled rule listed). */
export function securitySeverity(ruleId: string): string {
  return SECURITY_SEVERITY[ruleId] ?? '5.0';
}

/** `runs[0].automationDetails.id`: the category code scanning files the analysis under (`popdb-guard`), before the last `/`. */
export const SARIF_AUTOMATION_ID = 'popdb-guard/';

/**
 * Where every docs link points: the repository of the packages' `repository`
 * field, at a path that exists in it (test/meta/docs-links.test.ts checks
 * each link of every rule and pseudo-rule against the tree).
 */
export const DOCS_BASE_URL = 'https://github.com/popdb-guard/popdb-guard/blob/main/';

/** Where each rule's docs live: its README, as the rules package ships it (the plugin uses the same function). */
export function ruleDocsUrl(name: string): string {
  return `${DOCS_BASE_URL}rules/${name}/README.md`;
}

/** The SARIF descriptor of one rule (also checked by the meta test, for every rule). */
export function sarifRuleDescriptor(meta: ScanReport['rules'][number], language: Language = 'both'): ReportingDescriptor {
  const legal = meta.legal.map((id) => LEGAL_REFERENCES[id]);
  // `both`: English first in the short forms (code-scanning UIs are English), then Vietnamese
  const lines = language === 'both' ? [meta.description.en, meta.description.vi] : [meta.description[language]];
  return {
    id: `${RULE_PREFIX}${meta.name}`,
    name: meta.name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: language === 'vi' ? meta.description.vi : meta.description.en },
    fullDescription: { text: localize(meta.description, language) },
    helpUri: ruleDocsUrl(meta.name),
    help: {
      text: `${lines.join('\n')}\nLegal basis: ${legal.map((l) => l.citation).join('; ')}`,
      markdown: `**${lines[0]}**\n\n${lines.slice(1).map((l) => `${l}\n\n`).join('')}Legal basis / Căn cứ: ${legal.map((l) => `${l.citation}`).join('; ')}\n\n[Docs](${ruleDocsUrl(meta.name)})`,
    },
    defaultConfiguration: { level: meta.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { tags: ['security', 'popdb', ...meta.legal].slice(0, GITHUB_SARIF_LIMITS.tagsPerRule), precision: 'high', 'security-severity': securitySeverity(`${RULE_PREFIX}${meta.name}`) },
  };
}

/** Docs of a pseudo-rule: a page under docs/ (they have no rule folder). */
export function pseudoRuleDocsUrl(page: string): string {
  return `${DOCS_BASE_URL}docs/${page}.md`;
}

/**
 * The docs of the rule a finding names: a pseudo-rule's page (parse errors,
 * suppressions, internal errors have no rule folder), else the rule's README.
 * For SARIF, editor diagnostics and hovers alike.
 */
export function findingDocsUrl(ruleId: string): string {
  const pseudo = pseudoRule(ruleId);
  if (pseudo) return pseudoRuleDocsUrl(pseudo.docs);
  return ruleDocsUrl(ruleId.startsWith(RULE_PREFIX) ? ruleId.slice(RULE_PREFIX.length) : ruleId);
}

/** The SARIF descriptor of a pseudo-rule (parse errors, suppression problems). */
export function sarifPseudoRuleDescriptor(rule: PseudoRule, language: Language = 'both'): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: language === 'vi' ? rule.description.vi : rule.description.en },
    fullDescription: { text: localize(rule.description, language) },
    helpUri: pseudoRuleDocsUrl(rule.docs),
    help: { text: language === 'both' ? `${rule.help.en}\n${rule.help.vi}` : rule.help[language] },
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ['popdb', 'maintainability'], 'security-severity': securitySeverity(rule.id) },
  };
}

type Region = NonNullable<NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region']>;

/**
 * The relative path as a URI reference (SARIF §3.4.3): each segment
 * percent-encoded, so `#`, `?`, `%` and spaces in a file name do not make a
 * viewer read a fragment, a query or another file.
 */
export function artifactUri(root: string, file: string): string {
  return relativeUri(root, file).split('/').map(encodeURIComponent).join('/');
}

function toResult(f: Finding, root: string, index: ReadonlyMap<string, number>, language: Language | undefined): Result {
  const region: Region = { startLine: f.line, startColumn: f.column };
  if (f.endLine !== undefined && f.endColumn !== undefined && (f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column))) {
    region.endLine = f.endLine;
    region.endColumn = f.endColumn;
  }
  const result: Result = {
    ruleId: f.ruleId,
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: findingMessage(f, language) },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(root, f.file), uriBaseId: '%SRCROOT%' }, region } }],
  };
  const ruleIndex = index.get(f.ruleId);
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  if (f.fingerprint) result.partialFingerprints = { 'popdbGuard/v1': f.fingerprint };
  return result;
}

/** How many results the SARIF log of a report would hold: findings and suppressed findings. */
export function sarifResultCount(report: ScanReport): number {
  return report.findings.length + (report.suppressions?.length ?? 0);
}

/** The warning for a SARIF log over GitHub's result limit, or undefined under it. */
export function sarifLimitWarning(report: ScanReport, limit: number = GITHUB_SARIF_LIMITS.resultsPerRun): string | undefined {
  const count = sarifResultCount(report);
  if (count <= limit) return undefined;
  return `${count} results exceed GitHub code scanning's limit of ${limit} per run: the SARIF file holds the first ${limit} (errors first, then warnings, suppressed findings last); the other ${count - limit} are in --format json or html. Fix or baseline findings to bring the count down.`;
}

export interface SarifOptions {
  /** Results per run; default GitHub's limit (tests lower it). */
  maxResults?: number;
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export function formatSarif(report: ScanReport, options: SarifOptions = {}): string {
  const maxResults = options.maxResults ?? GITHUB_SARIF_LIMITS.resultsPerRun;
  const descriptors = [...report.rules.map((r) => sarifRuleDescriptor(r, report.language)), ...PSEUDO_RULES.map((r) => sarifPseudoRuleDescriptor(r, report.language))];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  let results: Result[] = report.findings.map((f) => toResult(f, report.root, index, report.language));
  // Suppressed findings stay in the log, marked as suppressed in source with
  // their reason: code-scanning UIs (GitHub) show them as dismissed, and the
  // reason stays on record for the assessor.
  for (const s of report.suppressions ?? []) {
    results.push({ ...toResult(s.finding, report.root, index, report.language), suppressions: [s.justification ? { kind: 'inSource', justification: s.justification } : { kind: 'inSource' }] });
  }
  const overLimit = sarifLimitWarning(report, maxResults);
  if (overLimit) {
    // the stable sort keeps file order within each level
    const rank = (r: Result) => (r.suppressions ? 2 : r.level === 'error' ? 0 : 1);
    results = [...results].sort((a, b) => rank(a) - rank(b)).slice(0, maxResults);
  }
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'popdb-guard', version: report.tool.version, semanticVersion: report.tool.version, informationUri: 'https://github.com/popdb-guard/popdb-guard', rules: descriptors } },
        // percent-encoded like every artifact URI (a scan root with spaces or `#`)
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.root).href.replace(/\/?$/, '/') } },
        automationDetails: { id: SARIF_AUTOMATION_ID },
        invocations: [
          {
            executionSuccessful: true,
            ...(overLimit && { toolExecutionNotifications: [{ level: 'warning' as const, message: { text: overLimit }, descriptor: { id: 'popdb-guard/sarif-result-limit' } }] }),
          },
        ],
        results,
        columnKind: 'utf16CodeUnits',
        // the changes since the last approval travel with the results: a property bag, since SARIF has no place for them
        ...(report.approvalDiff && { properties: { popdbGuardApprovalDiff: approvalDiffJson(report.root, report.approvalDiff) } }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
