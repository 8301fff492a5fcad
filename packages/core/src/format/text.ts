import { countFindings, relativeUri, type Finding } from '../findings';
import type { ScanReport } from './report';
import { findingMessage, localize } from '../language';

export interface TextOptions {
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * Text from the scanned repository (file names, messages that quote code)
 * with control characters shown as escapes: a file named
 * `x\u001b[2J.ts` or `a\nfake: no problems.ts` must not clear the terminal or
 * forge lines in a CI log.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code === 9 ? '\\t' : code === 10 ? '\\n' : code === 13 ? '\\r' : code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** ESLint-"stylish"-like text, grouped by file, with a summary a first-time user can act on. */
export function formatText(report: ScanReport, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const policyLine = report.policy.file
    ? `policy: ${escapeControl(relativeUri(report.root, report.policy.file))}${report.policy.system.name ? ` (${escapeControl(report.policy.system.name)})` : ''}`
    : 'policy: none found, built-in defaults (no endpoint is registered)';
  out.push(paint(color, '2', `popdb-guard ${report.tool.version} · ${report.filesScanned} file(s) · ${policyLine}`), '');
  for (const [file, list] of byFile) {
    out.push(paint(color, '4', escapeControl(relativeUri(report.root, file) || file)));
    for (const f of list) {
      const sev = f.severity === 'error' ? paint(color, '31', 'error  ') : paint(color, '33', 'warning');
      out.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev}  ${escapeControl(findingMessage(f, report.language))}  ${paint(color, '2', escapeControl(f.ruleId))}`);
    }
    out.push('');
  }
  const c = countFindings(report.findings);
  if (report.findings.length === 0) {
    out.push(paint(color, '32', `✔ ${localize({ vi: 'Không phát hiện vi phạm', en: 'no problems found' }, report.language)}.`));
  } else {
    const total = c.errors + c.warnings;
    out.push(paint(color, c.errors ? '31;1' : '33;1', `✖ ${total} problem(s) (${c.errors} error(s), ${c.warnings} warning(s))`));
    for (const [rule, n] of Object.entries(c.byRule).sort()) {
      out.push(`    ${rule.padEnd(40)} ${n.errors} error(s), ${n.warnings} warning(s)`);
    }
    out.push('', paint(color, '2', 'Each rule is explained, in Vietnamese and English with its legal basis, by: popdb-guard explain <rule>'));
    out.push(paint(color, '2', 'To accept a finding with a reason: // eslint-disable-next-line popdb/<rule> -- <reason>'));
  }
  const suppressed = report.suppressions?.length ?? 0;
  if (suppressed) {
    const unexplained = report.suppressions!.filter((x) => !x.justification).length;
    out.push(paint(color, '2', `${suppressed} finding(s) suppressed in the code by eslint-disable directives${unexplained ? ` (${unexplained} without a reason)` : ''}; the reasons are listed by --format html or json.`));
  }
  if (report.baselineSuppressed) out.push(paint(color, '2', `${report.baselineSuppressed} finding(s) accepted by the baseline are not shown.`));
  return `${out.join('\n')}\n`;
}
