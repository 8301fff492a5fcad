import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { findingDocsUrl, type Finding, type PolicyProblem } from '@popdb-guard/core';
import type { DiagnosticData, SeverityOverride } from '@popdb-guard/protocol';

export const DIAGNOSTIC_SOURCE = 'popdb-guard';
/** Code of diagnostics on the policy file itself. */
export const POLICY_PROBLEM_CODE = 'popdb/policy';

const OVERRIDES: Record<Exclude<SeverityOverride, 'policy'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Findings are 1-based with an exclusive end column (ESLint's convention);
 * LSP positions are 0-based. Both count UTF-16 code units, so columns map
 * one to one. A finding without an end (a parse error) gets one character.
 */
export function findingRange(f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  const start = { line: Math.max(0, f.line - 1), character: Math.max(0, f.column - 1) };
  const end = f.endLine !== undefined && f.endColumn !== undefined ? { line: Math.max(0, f.endLine - 1), character: Math.max(0, f.endColumn - 1) } : { line: start.line, character: start.character + 1 };
  return { start, end };
}

export function findingToDiagnostic(f: Finding, override: SeverityOverride): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, messageId: f.messageId };
  return {
    range: findingRange(f),
    severity: override === 'policy' ? (f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning) : OVERRIDES[override],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: findingDocsUrl(f.ruleId) },
    message: f.message,
    data,
  };
}

/** A policy problem on the policy file: always an error, since it stops every check. */
export function policyProblemToDiagnostic(p: PolicyProblem, text?: string): Diagnostic {
  const start = { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) };
  // Underline the rest of the line (the key or value at fault); without the text, one character.
  const lineText = text?.split(/\r?\n/)[start.line];
  const endCharacter = lineText !== undefined && lineText.trimEnd().length > start.character ? lineText.trimEnd().length : start.character + 1;
  return {
    range: { start, end: { line: start.line, character: endCharacter } },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: POLICY_PROBLEM_CODE,
    message: p.key ? `${p.key}: ${p.message}` : p.message,
  };
}
