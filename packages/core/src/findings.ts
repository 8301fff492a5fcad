import * as path from 'node:path';
import { createHash } from 'node:crypto';

export type FindingSeverity = 'error' | 'warning';

/** One finding, host-independent: what the CLI prints, the server publishes and the reports list. */
export interface Finding {
  /** `popdb/<rule>` or `popdb/parse-error`. */
  ruleId: string;
  messageId?: string;
  severity: FindingSeverity;
  message: string;
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /**
   * Stable identity for baselines: rule, file and a hash of the code around
   * the finding (not its line number), so a finding moved by an unrelated
   * edit keeps its fingerprint.
   */
  fingerprint?: string;
}

/** Stable order: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Forward-slash path relative to the scan root (SARIF, JSON, baselines). */
export function relativeUri(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Fingerprint a finding by rule, file and the normalized text of its line
 * (whitespace folded), plus an occurrence index for identical lines.
 */
export function fingerprintFindings(findings: Finding[], root: string, readLines: (file: string) => string[] | undefined): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const lines = readLines(f.file);
    const code = (lines?.[f.line - 1] ?? '').replace(/\s+/g, ' ').trim();
    const base = `${f.ruleId}\u0000${relativeUri(root, f.file)}\u0000${f.messageId ?? ''}\u0000${code}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    f.fingerprint = createHash('sha256').update(`${base}\u0000${n}`).digest('hex').slice(0, 32);
  }
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  byRule: Record<string, { errors: number; warnings: number }>;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, byRule: {} };
  for (const f of findings) {
    const r = (counts.byRule[f.ruleId] ??= { errors: 0, warnings: 0 });
    if (f.severity === 'error') {
      counts.errors++;
      r.errors++;
    } else {
      counts.warnings++;
      r.warnings++;
    }
  }
  return counts;
}

/**
 * A finding that an `eslint-disable` directive in the code suppressed, with
 * the reason written after `--` (empty when none was given). Reports list
 * every one, so an assessor sees what was accepted and why.
 */
export interface Suppression {
  /** SARIF's name for a suppression written in the source. */
  kind: 'inSource';
  justification: string;
  finding: Finding;
}
