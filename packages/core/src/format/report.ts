import type { Finding, Suppression } from '../findings';
import type { Policy } from '../policy/policy';
import type { RuleMeta } from '../rule';

/**
 * One place where the code connects to the population DB, for the
 * assessor's connection inventory. Filled by the query model when it exists;
 * formatters only render it.
 */
export interface ConnectionInventoryEntry {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  /** How the site reaches the population DB, e.g. `http`, `client-call`, `wrapper`. */
  kind: string;
  /** The callee as written, e.g. `axios.post`, `dancuClient.traCuu`. */
  callee?: string;
  /** The resolved endpoint URL, when it resolves statically. */
  endpoint?: string;
  /** Whether the endpoint is under one of the policy's registered endpoints. */
  registered?: boolean;
  /** Whether an audit-log call records this query (audit coverage). */
  audited?: boolean;
}

export interface ConnectionInventory {
  entries: ConnectionInventoryEntry[];
}

/** What changed in the connection inventory since the last approval. */
export interface ApprovalDiff {
  /** What the comparison is against: an approval record file, a tag, a commit. */
  since: string;
  added: ConnectionInventoryEntry[];
  removed: ConnectionInventoryEntry[];
  changed?: { before: ConnectionInventoryEntry; after: ConnectionInventoryEntry }[];
}

/** Everything a formatter needs; formatters never read files or the environment. */
export interface ScanReport {
  tool: { name: 'popdb-guard'; version: string };
  /** Absolute scan root; paths in outputs are relative to it. */
  root: string;
  policy: Policy;
  filesScanned: number;
  findings: Finding[];
  rules: RuleMeta[];
  /** Findings that `eslint-disable` directives in the code suppressed, with their reasons. */
  suppressions?: Suppression[];
  /**
   * Lines of the files that have findings or suppressions, keyed by the
   * absolute path, for code excerpts (HTML report). Hosts fill it; the
   * formatters mask credential findings' ranges before printing any of it.
   */
  sources?: Record<string, string[]>;
  /** The connection inventory; absent until the query model computes it. */
  inventory?: ConnectionInventory;
  /** Changes since the last approval; absent unless an approval record was compared. */
  approvalDiff?: ApprovalDiff;
  /** Findings left out because a baseline accepts them. */
  baselineSuppressed?: number;
  /** ISO 8601 time of the scan, shown in the HTML report. */
  generatedAt?: string;
  durationMs?: number;
}
