import * as fs from 'node:fs';
import { relativeUri, type Finding } from '@popdb-guard/core';
import { UsageError } from './errors';

/**
 * A baseline records accepted findings by rule, file and code fingerprint,
 * never by line number, so a finding moved by an unrelated edit stays accepted.
 */
export interface BaselineFile {
  tool: 'popdb-guard';
  version: 1;
  findings: { ruleId: string; file: string; fingerprint: string }[];
}

export function writeBaseline(file: string, root: string, findings: readonly Finding[]): void {
  const data: BaselineFile = {
    tool: 'popdb-guard',
    version: 1,
    findings: findings.map((f) => ({ ruleId: f.ruleId, file: relativeUri(root, f.file), fingerprint: f.fingerprint ?? '' })),
  };
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

export function readBaseline(file: string): BaselineFile {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read baseline file: ${file}`);
  }
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

/** Findings not accepted by the baseline, and how many were accepted. Each baseline entry accepts one finding. */
export function applyBaseline(findings: readonly Finding[], baseline: BaselineFile, root: string): { remaining: Finding[]; accepted: number } {
  const budget = new Map<string, number>();
  for (const e of baseline.findings) {
    const k = `${e.ruleId}\u0000${e.file}\u0000${e.fingerprint}`;
    budget.set(k, (budget.get(k) ?? 0) + 1);
  }
  const remaining: Finding[] = [];
  let accepted = 0;
  for (const f of findings) {
    const k = `${f.ruleId}\u0000${relativeUri(root, f.file)}\u0000${f.fingerprint ?? ''}`;
    const left = budget.get(k) ?? 0;
    if (left > 0) {
      budget.set(k, left - 1);
      accepted++;
    } else {
      remaining.push(f);
    }
  }
  return { remaining, accepted };
}
