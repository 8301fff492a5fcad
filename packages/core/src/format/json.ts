import { countFindings, relativeUri } from '../findings';
import type { ScanReport } from './report';

export function formatJson(report: ScanReport): string {
  const counts = countFindings(report.findings);
  return `${JSON.stringify(
    {
      tool: report.tool,
      policy: report.policy.file ? relativeUri(report.root, report.policy.file) : null,
      system: report.policy.system,
      filesScanned: report.filesScanned,
      summary: { errors: counts.errors, warnings: counts.warnings, byRule: counts.byRule, baselineSuppressed: report.baselineSuppressed ?? 0, suppressions: report.suppressions?.length ?? 0 },
      findings: report.findings.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId,
        severity: f.severity,
        message: f.message,
        file: relativeUri(report.root, f.file),
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        fingerprint: f.fingerprint,
      })),
      suppressions: (report.suppressions ?? []).map((s) => ({
        ruleId: s.finding.ruleId,
        severity: s.finding.severity,
        message: s.finding.message,
        file: relativeUri(report.root, s.finding.file),
        line: s.finding.line,
        column: s.finding.column,
        kind: s.kind,
        justification: s.justification,
      })),
    },
    null,
    2,
  )}\n`;
}
