import * as fs from 'node:fs';
import { readRegularFile, relativeUri, type Finding } from '@popdb-guard/core';
import { UsageError } from './errors';

/**
 * A baseline records accepted findings by rule, file and code fingerprint,
 * never by line number, so a finding moved by an unrelated edit stays accepted.
 */
export interface BaselineFile {
  tool: 'popdb-guard';
  version: 1;
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  ruleId: string;
  file: string;
  /** Line-based fingerprint with an occurrence index (also in SARIF `partialFingerprints`). */
  fingerprint: string;
  /** Hash of rule, file and flagged line, without the occurrence index (absent in older baselines). */
  lineHash?: string;
  /** Hashes of the neighbouring lines, 2 above and 2 below (absent in older baselines). */
  context?: string[];
}

/** Baselines and approval records larger than this are not read (a symlink to /dev/zero is not a baseline). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export function writeBaseline(file: string, root: string, findings: readonly Finding[]): void {
  const data: BaselineFile = {
    tool: 'popdb-guard',
    version: 1,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      file: relativeUri(root, f.file),
      fingerprint: f.fingerprint ?? '',
      ...(f.baselineKeys && { lineHash: f.baselineKeys.line, context: f.baselineKeys.context }),
    })),
  };
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

export function readBaseline(file: string): BaselineFile {
  const read = readRegularFile(file, MAX_RECORD_BYTES);
  if (!read.ok) throw new UsageError(`cannot read baseline file: ${file}: ${read.message}`);
  const raw = read.text;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`baseline file is not valid JSON: ${file}: ${(error as Error).message}`);
  }
  const b = data as Partial<BaselineFile>;
  if (b?.tool !== 'popdb-guard' || b.version !== 1 || !Array.isArray(b.findings)) {
    throw new UsageError(`not a popdb-guard baseline (expected {"tool":"popdb-guard","version":1,"findings":[…]}): ${file}`);
  }
  return b as BaselineFile;
}

/** How many neighbouring lines two occurrences of the same flagged line share, position by position. */
function similarity(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (!a || !b) return 0;
  return a.reduce((n, h, i) => n + (h === b[i] ? 1 : 0), 0);
}

/**
 * Findings not accepted by the baseline, and how many were accepted. Each
 * baseline entry accepts one finding. Findings and entries are matched by
 * rule, file and flagged line (never the line number); where there are more
 * findings than entries for one flagged line (someone added an identical
 * line), each entry goes to the finding whose neighbouring lines are most
 * like the ones recorded, so the copy is reported, not the original.
 * Entries of older baselines (no `lineHash`) match by fingerprint.
 */
export function applyBaseline(findings: readonly Finding[], baseline: BaselineFile, root: string): { remaining: Finding[]; accepted: number; acceptedFindings: Finding[] } {
  const keyOf = (ruleId: string, file: string, h: string) => `${ruleId}\u0000${file}\u0000${h}`;
  const byLine = new Map<string, BaselineEntry[]>();
  const byFingerprint = new Map<string, BaselineEntry[]>();
  for (const e of baseline.findings) {
    const [m, k] = e.lineHash ? [byLine, keyOf(e.ruleId, e.file, e.lineHash)] : [byFingerprint, keyOf(e.ruleId, e.file, e.fingerprint)];
    m.set(k, [...(m.get(k) ?? []), e]);
  }
  const accepted = new Set<Finding>();
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.baselineKeys) continue;
    const k = keyOf(f.ruleId, relativeUri(root, f.file), f.baselineKeys.line);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  for (const [k, group] of groups) {
    const entries = byLine.get(k) ?? [];
    const pairs = group.flatMap((f, fi) => entries.map((e, ei) => ({ f, fi, e, ei, score: similarity(f.baselineKeys?.context, e.context) })));
    pairs.sort((a, b) => b.score - a.score || a.fi - b.fi || a.ei - b.ei);
    const usedEntries = new Set<BaselineEntry>();
    for (const p of pairs) {
      if (accepted.has(p.f) || usedEntries.has(p.e)) continue;
      accepted.add(p.f);
      usedEntries.add(p.e);
    }
  }
  const usedOld = new Set<BaselineEntry>();
  for (const f of findings) {
    if (accepted.has(f)) continue;
    const entry = byFingerprint.get(keyOf(f.ruleId, relativeUri(root, f.file), f.fingerprint ?? ''))?.find((e) => !usedOld.has(e));
    if (entry) {
      usedOld.add(entry);
      accepted.add(f);
    }
  }
  return { remaining: findings.filter((f) => !accepted.has(f)), accepted: accepted.size, acceptedFindings: [...accepted] };
}
