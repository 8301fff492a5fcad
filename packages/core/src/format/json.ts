import { countFindings, relativeUri } from '../findings';
import { findingMessage } from '../language';
import type { ApprovalDiff, ConnectionInventory, ConnectionInventoryEntry, ScanReport } from './report';

/** An inventory entry with paths relative to the scan root, forward slashes. */
function entryJson(root: string, e: ConnectionInventoryEntry): ConnectionInventoryEntry {
  return {
    ...e,
    file: relativeUri(root, e.file),
    ...(e.chain && { chain: e.chain.map((s) => ({ ...s, file: relativeUri(root, s.file) })) }),
    ...(e.reaches && { reaches: e.reaches.map((r) => ({ ...r, file: relativeUri(root, r.file) })) }),
  };
}

export function inventoryJson(root: string, inventory: ConnectionInventory): ConnectionInventory {
  return { ...inventory, entries: inventory.entries.map((e) => entryJson(root, e)) };
}

export function approvalDiffJson(root: string, diff: ApprovalDiff): ApprovalDiff {
  const entries = (list: readonly ConnectionInventoryEntry[]) => list.map((e) => entryJson(root, e));
  return {
    ...diff,
    added: entries(diff.added),
    removed: entries(diff.removed),
    ...(diff.changed && { changed: diff.changed.map((c) => ({ before: entryJson(root, c.before), after: entryJson(root, c.after) })) }),
  };
}

export function formatJson(report: ScanReport): string {
  const counts = countFindings(report.findings);
  return `${JSON.stringify(
    {
      tool: report.tool,
      language: report.language ?? 'both',
      policy: report.policy.file ? relativeUri(report.root, report.policy.file) : null,
      system: report.policy.system,
      filesScanned: report.filesScanned,
      summary: { errors: counts.errors, warnings: counts.warnings, byRule: counts.byRule, baselineSuppressed: report.baselineSuppressed ?? 0, suppressions: report.suppressions?.length ?? 0 },
      findings: report.findings.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId,
        severity: f.severity,
        message: findingMessage(f, report.language),
        file: relativeUri(report.root, f.file),
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        fingerprint: f.fingerprint,
        ...(f.dependsOnChange && { dependsOnChange: { ...f.dependsOnChange, file: relativeUri(report.root, f.dependsOnChange.file) } }),
      })),
      suppressions: (report.suppressions ?? []).map((s) => ({
        ruleId: s.finding.ruleId,
        severity: s.finding.severity,
        message: findingMessage(s.finding, report.language),
        file: relativeUri(report.root, s.finding.file),
        line: s.finding.line,
        column: s.finding.column,
        kind: s.kind,
        justification: s.justification,
      })),
      ...(report.inventory && { inventory: inventoryJson(report.root, report.inventory) }),
      ...(report.approvalDiff && { approvalDiff: approvalDiffJson(report.root, report.approvalDiff) }),
    },
    null,
    2,
  )}\n`;
}
