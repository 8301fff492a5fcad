import type { Log, ReportingDescriptor, Result } from 'sarif';
import { relativeUri, type Finding } from '../findings';
import { RULE_PREFIX } from '../rule';
import { PSEUDO_RULES, type PseudoRule } from '../pseudo-rules';
import { LEGAL_REFERENCES } from '../legal';
import { approvalDiffJson } from './json';
import type { ScanReport } from './report';
import { findingMessage, localize, type Language } from '../language';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where each rule's docs live; hosts may override (the plugin uses the same function). */
export function ruleDocsUrl(name: string): string {
  return `https://github.com/popdb-guard/popdb-guard/blob/main/rules/${name}/README.md`;
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
    properties: { tags: ['security', 'popdb', ...meta.legal], precision: 'high' },
  };
}

/** Docs of a pseudo-rule: a page under docs/ (they have no rule folder). */
export function pseudoRuleDocsUrl(page: string): string {
  return `https://github.com/popdb-guard/popdb-guard/blob/main/docs/${page}.md`;
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
  };
}

type Region = NonNullable<NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region']>;

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
    locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(root, f.file), uriBaseId: '%SRCROOT%' }, region } }],
  };
  const ruleIndex = index.get(f.ruleId);
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  if (f.fingerprint) result.partialFingerprints = { 'popdbGuard/v1': f.fingerprint };
  return result;
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export function formatSarif(report: ScanReport): string {
  const descriptors = [...report.rules.map((r) => sarifRuleDescriptor(r, report.language)), ...PSEUDO_RULES.map((r) => sarifPseudoRuleDescriptor(r, report.language))];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = report.findings.map((f) => toResult(f, report.root, index, report.language));
  // Suppressed findings stay in the log, marked as suppressed in source with
  // their reason: code-scanning UIs (GitHub) show them as dismissed, and the
  // reason stays on record for the assessor.
  for (const s of report.suppressions ?? []) {
    results.push({ ...toResult(s.finding, report.root, index, report.language), suppressions: [s.justification ? { kind: 'inSource', justification: s.justification } : { kind: 'inSource' }] });
  }
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'popdb-guard', version: report.tool.version, semanticVersion: report.tool.version, informationUri: 'https://github.com/popdb-guard/popdb-guard', rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${report.root.split('\\').join('/').replace(/\/?$/, '/')}` } },
        results,
        columnKind: 'utf16CodeUnits',
        // the changes since the last approval travel with the results: a property bag, since SARIF has no place for them
        ...(report.approvalDiff && { properties: { popdbGuardApprovalDiff: approvalDiffJson(report.root, report.approvalDiff) } }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
