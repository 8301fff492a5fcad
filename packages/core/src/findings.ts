import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { remembered, rememberedTable } from './remembered';

export type FindingSeverity = 'error' | 'warning';

/** One finding, host-independent: what the CLI prints, the server publishes and the reports list. */
export interface Finding {
  /** `popdb/<rule>` or `popdb/parse-error`. */
  ruleId: string;
  messageId?: string;
  severity: FindingSeverity;
  message: string;
  /** The message in each language, when the host could split it (`localizeFindings`); `message` is both. */
  text?: { vi: string; en: string };
  /**
   * Pull-request mode: the finding's line did not change, but it is reported
   * because its verdict depends on a changed function (absolute path, line, name).
   */
  dependsOnChange?: { file: string; line: number; function?: string };
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
  /**
   * Finer identity for baselines: `line` hashes rule, file and the flagged
   * line without the occurrence index; `context` hashes each of the nearest
   * non-blank lines around it (2 above, 2 below, in order). When a line
   * identical to an accepted one is added, the most similar context tells
   * the original from the copy.
   */
  baselineKeys?: { line: string; context: string[] };
}

/** Stable order: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Forward-slash path relative to the scan root (SARIF, JSON, baselines). */
export function relativeUri(root: string, file: string): string {
  // asked for the same few files again and again (every inventory entry, every report line): remembered per
  // root, for absolute paths only (a relative one depends on the working directory)
  if (!path.isAbsolute(root) || !path.isAbsolute(file)) return computeRelativeUri(file, root);
  return remembered(rememberedTable(relativeUris, MAX_RELATIVE_URIS_ROOTS, root), MAX_RELATIVE_URIS, file, root, computeRelativeUri);
}

const computeRelativeUri = (file: string, root: string) => path.relative(root, file).split(path.sep).join('/');

/** `relativeUri`'s answers, per root; each root's table starts again past this many files. */
const MAX_RELATIVE_URIS = 50_000;
const MAX_RELATIVE_URIS_ROOTS = 64;
const relativeUris = new Map<string, Map<string, string>>();

/**
 * Fingerprints read a bounded window of a line: a minified bundle is one
 * line of megabytes, and normalizing and hashing all of it for each of its
 * findings made fingerprinting quadratic. Lines up to `MAX_FINGERPRINT_LINE`
 * characters are read whole (every ordinary line, so baselines keep their
 * fingerprints); a longer line by the window around the finding's column.
 */
const MAX_FINGERPRINT_LINE = 1000;
const WINDOW_BEFORE = 200;
const WINDOW_AFTER = 300;

function windowOf(line: string | undefined, column?: number): string {
  if (line === undefined || line.length <= MAX_FINGERPRINT_LINE) return line ?? '';
  const at = Math.max(0, (column ?? 1) - 1);
  return line.slice(Math.max(0, at - WINDOW_BEFORE), at + WINDOW_AFTER);
}

const normalizeCode = (line: string | undefined, column?: number) => windowOf(line, column).replace(/\s+/g, ' ').trim();
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Lines of context on each side that identify a finding among identical lines. */
const CONTEXT_LINES = 2;

/** The nearest `CONTEXT_LINES` non-blank lines above and below a 1-based line, normalized; '' past the file's ends. */
function neighbours(lines: readonly string[], line: number): string[] {
  const above: string[] = [];
  for (let i = line - 2; i >= 0 && above.length < CONTEXT_LINES; i--) {
    const code = normalizeCode(lines[i]);
    if (code) above.unshift(code);
  }
  const below: string[] = [];
  for (let i = line; i < lines.length && below.length < CONTEXT_LINES; i++) {
    const code = normalizeCode(lines[i]);
    if (code) below.push(code);
  }
  while (above.length < CONTEXT_LINES) above.unshift('');
  while (below.length < CONTEXT_LINES) below.push('');
  return [...above, ...below];
}

/**
 * Fingerprint a finding by rule, file and the normalized text of its line
 * (whitespace folded), plus an occurrence index for identical lines; the
 * line number is left out, so code moved by an unrelated edit keeps its
 * fingerprint, while an edit of the flagged line changes it. Also sets the
 * `baselineKeys` used to match baselines.
 */
export function fingerprintFindings(findings: Finding[], root: string, readLines: (file: string) => string[] | undefined): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const lines = readLines(f.file);
    const code = normalizeCode(lines?.[f.line - 1], f.column);
    const base = `${f.ruleId}\u0000${relativeUri(root, f.file)}\u0000${f.messageId ?? ''}\u0000${code}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    f.fingerprint = hash(`${base}\u0000${n}`);
    f.baselineKeys = { line: hash(base), context: (lines ? neighbours(lines, f.line) : []).map((l) => hash(l).slice(0, 12)) };
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
