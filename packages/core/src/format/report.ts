import type { Finding } from '../findings';
import type { Policy } from '../policy/policy';
import type { RuleMeta } from '../rule';

/** Everything a formatter needs; formatters never read files or the environment. */
export interface ScanReport {
  tool: { name: 'popdb-guard'; version: string };
  /** Absolute scan root; paths in outputs are relative to it. */
  root: string;
  policy: Policy;
  filesScanned: number;
  findings: Finding[];
  rules: RuleMeta[];
  /** Findings left out because a baseline accepts them. */
  baselineSuppressed?: number;
  durationMs?: number;
}
