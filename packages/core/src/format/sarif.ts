import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { relativeUri, type Finding } from '../findings';
import { RULE_PREFIX, bilingual } from '../rule';
import { PSEUDO_RULES, type PseudoRule } from '../pseudo-rules';
import { LEGAL_REFERENCES } from '../legal';
import { approvalDiffJson } from './json';
import type { ScanReport } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where each rule's docs live; hosts may override (the plugin uses the same function). */
export function ruleDocsUrl(name: string): string {
  return `https://github.com/popdb-guard/popdb-guard/blob/main/rules/${name}/README.md`;
}

/** The SARIF descriptor of one rule (also checked by the meta test, for every rule). */
export function sarifRuleDescriptor(meta: ScanReport['rules'][number]): ReportingDescriptor {
  const legal = meta.legal.map((id) => LEGAL_REFERENCES[id]);
  return {
    id: `${RULE_PREFIX}${meta.name}`,
    name: meta.name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description.en },
    fullDescription: { text: bilingual(meta.description) },
    helpUri: ruleDocsUrl(meta.name),
    help: {
      text: `${meta.description.en}\n${meta.description.vi}\nLegal basis: ${legal.map((l) => l.citation).join('; ')}`,
      markdown: `**${meta.description.en}**\n\n${meta.description.vi}\n\nLegal basis / Căn cứ: ${legal.map((l) => `${l.citation}`).join('; ')}\n\n[Docs](${ruleDocsUrl(meta.name)})`,
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
export function sarifPseudoRuleDescriptor(rule: PseudoRule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.description.en },
    fullDescription: { text: bilingual(rule.description) },
    helpUri: pseudoRuleDocsUrl(rule.docs),
    help: { text: `${rule.help.en}\n${rule.help.vi}` },
    defaultConfiguration: { level: rule.severity },
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

function toResult(f: Finding, root: string, index: ReadonlyMap<string, number>): Result {
  const region: Region = { startLine: f.line, startColumn: f.column };
  if (f.endLine !== undefined && f.endColumn !== undefined && (f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column))) {
    region.endLine = f.endLine;
    region.endColumn = f.endColumn;
  }
  const result: Result = {
    ruleId: f.ruleId,
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(root, f.file), uriBaseId: '%SRCROOT%' }, region } }],
  };
  const ruleIndex = index.get(f.ruleId);
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  if (f.fingerprint) result.partialFingerprints = { 'popdbGuard/v1': f.fingerprint };
  return result;
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export function formatSarif(report: ScanReport): string {
  const descriptors = [...report.rules.map(sarifRuleDescriptor), ...PSEUDO_RULES.map(sarifPseudoRuleDescriptor)];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = report.findings.map((f) => toResult(f, report.root, index));
  // Suppressed findings stay in the log, marked as suppressed in source with
  // their reason: code-scanning UIs (GitHub) show them as dismissed, and the
  // reason stays on record for the assessor.
  for (const s of report.suppressions ?? []) {
    results.push({ ...toResult(s.finding, report.root, index), suppressions: [s.justification ? { kind: 'inSource', justification: s.justification } : { kind: 'inSource' }] });
  }
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'popdb-guard', version: report.tool.version, semanticVersion: report.tool.version, informationUri: 'https://github.com/popdb-guard/popdb-guard', rules: descriptors } },
        // percent-encoded like every artifact URI (a scan root with spaces or `#`)
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.root).href.replace(/\/?$/, '/') } },
        results,
        columnKind: 'utf16CodeUnits',
        // the changes since the last approval travel with the results: a property bag, since SARIF has no place for them
        ...(report.approvalDiff && { properties: { popdbGuardApprovalDiff: approvalDiffJson(report.root, report.approvalDiff) } }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
