import type { Finding, Suppression } from '../findings';
import type { Policy } from '../policy/policy';
import type { RuleMeta } from '../rule';
import type { Language } from '../language';

/**
 * One place where the code connects to the population DB, for the
 * assessor's connection inventory (`packages/core/src/inventory/`).
 * Formatters only render it.
 */
export interface ConnectionInventoryEntry {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  /**
   * `request` (an HTTP/SOAP request to a population-DB URL), `clientCall` (a
   * call the policy names in `populationDb.clientCalls`) — the direct query
   * sites — or `wrapper`: an entry point that reaches a query through project
   * functions (`chain`).
   */
  kind: string;
  /** The callee as written, e.g. `axios.post`, `dancuClient.traCuu`, or the wrapper called. */
  callee?: string;
  /** The function that holds the call (`CongDanService.traCuu`), absent at module level. */
  function?: string;
  /** A key for the function that survives moved lines: relative path, `#`, name (callbacks named by their call). */
  functionKey?: string;
  /** From this call to the direct request: `traCuu → goiLgsp → api.post`, with file and line of each step. */
  chain?: { name: string; file: string; line: number }[];
  /** The HTTP/SOAP client of the request at the end of the chain (`axios`, `fetch`, `soap`, …). */
  client?: string;
  /** The resolved endpoint URL for display (unknown parts as `…`, env vars as `${NAME}`, userinfo masked, query string dropped). */
  endpoint?: string;
  /** Whether the endpoint is under one of the policy's registered endpoints (undefined when it cannot be decided). */
  registered?: boolean;
  registration?: 'registered' | 'unregistered' | 'insecure' | 'unknown';
  /** The registered prefix it falls under. */
  registeredPrefix?: string;
  /** Whether an audit-log call records this query (audit coverage); undefined when the audit is judged at each caller. */
  audited?: boolean;
  /** What audits it: `auditLog (line 30)`, `@Audited`, `middleware auditMiddleware`, `inside traCuuCoNhatKy`, or `at each caller`. */
  auditedBy?: string;
  /** An entry point: the outermost place that starts the query (a direct query in a function nobody calls, or a wrapper call there). Audit coverage counts these. */
  entryPoint?: boolean;
  /** Loops, iteration callbacks or recursion around the call in its own function, and what bounds them. */
  loop?: { state: 'none' | 'bounded' | 'unbounded'; detail?: string };
  /** Messaging, log and error-response sinks the data of this query reaches (attributed by the query's file and line; see docs/assessment.md). */
  reaches?: { kind: string; sink: string; file: string; line: number }[];
  /** The purpose the query sends (`popdb/require-registered-purpose`; CV 2112/UBND-KSTTHC, CV 5722/TCTTKĐA). */
  purpose?: InventoryPurpose;
}

/** A query site's purpose as the assessor reads it. */
export interface InventoryPurpose {
  /**
   * `fixed`: written in code (`values`); `case`: a property of the case being processed or a request
   * parameter checked against the registered list; `request`: taken unchecked from the incoming request;
   * `caller`: a parameter, judged at each caller; `config`: an environment variable set at deployment; `none`: no purpose is sent; `unknown`: what the
   * request sends cannot be seen.
   */
  source: 'fixed' | 'case' | 'config' | 'request' | 'caller' | 'none' | 'unknown';
  /** The field or header that carries it (`MaDVC`, `X-MaDVC`). */
  field?: string;
  /** `body`, `query`, `header`, `soap` or `argument` (of a policy client call or a wrapper). */
  where?: string;
  /** The fixed values, when `source` is `fixed`. */
  values?: string[];
  /** Whether every fixed value is in `system.purposes`. */
  registered?: boolean;
}

/** A place where the query model gave up: not checked, so the assessor checks it by hand. */
export interface UnresolvedSiteEntry {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  /** `request` (an HTTP/SOAP request whose URL has no known host), `require` (a computed module specifier), `callee` (`api[op]()` into query functions). */
  kind: 'request' | 'require' | 'callee';
  callee: string;
  /** The function that holds it, absent at module level. */
  function?: string;
  reason: string;
}

export interface ConnectionInventory {
  entries: ConnectionInventoryEntry[];
  /** Sites the model could not resolve (issue 9): requests with an unknown host, dynamic requires, computed callees. */
  unresolved?: UnresolvedSiteEntry[];
  totals?: {
    /** Direct query sites (requests and policy client calls). */
    direct: number;
    /** Wrapper calls that are entry points. */
    wrapperEntries: number;
    /** Wrapper calls inside other query functions, not listed (their chains appear on the entry points). */
    intermediateWrapperCalls: number;
    /** Audited entry points / all entry points. */
    auditCoverage: { audited: number; total: number };
    /** Distinct endpoints the code uses (display form), with their registration. */
    endpointsUsed: { endpoint: string; registration: string }[];
    /** The policy's registered endpoints. */
    registeredEndpoints: string[];
    /** Registered endpoints no query site resolves under (endpoints known only through env vars cannot be matched). */
    unusedRegisteredEndpoints: string[];
    /** Query sites whose endpoint cannot be decided statically (an env var, a parameter): they may use the "unused" registered endpoints. */
    unresolvedEndpointSites: number;
    /** Sites listed in `unresolved`. */
    unresolvedSites?: number;
  };
}

/** What changed in the connection surface since the last approval (`popdb-guard diff`, `--approved`). */
export interface ApprovalDiff {
  /** What the comparison is against: an approval record file, a tag, a commit. */
  since: string;
  /** When the approval record was written. */
  approvedAt?: string;
  added: ConnectionInventoryEntry[];
  removed: ConnectionInventoryEntry[];
  /** Query sites whose audit status changed. */
  changed?: { before: ConnectionInventoryEntry; after: ConnectionInventoryEntry }[];
  /** Endpoints not in the approval. */
  newEndpoints?: string[];
  /** Functions on a path to a query whose code changed (normalized hash), appeared or disappeared. */
  changedFunctions?: { key: string; name: string; change: 'changed' | 'added' | 'removed' }[];
  auditCoverage?: { before: { audited: number; total: number }; after: { audited: number; total: number } };
  /** Any change above: the change must be reported and the system re-assessed (Công văn 5722/TCTTKĐA; Circular 46/2022/TT-BCA art. 6). */
  requiresReassessment?: boolean;
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
  /**
   * The findings a baseline accepted: not listed, but their ranges are still
   * secrets in the text, so excerpts of other findings mask them.
   */
  baselineAccepted?: Finding[];
  /** ISO 8601 time of the scan, shown in the HTML report. */
  generatedAt?: string;
  durationMs?: number;
  /** Language of messages and report text (`--lang`, policy `report.language`); default `both`. */
  language?: Language;
}
