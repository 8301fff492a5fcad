import * as path from 'node:path';
import type { ApprovalDiff, ConnectionInventoryEntry, InventoryPurpose } from '../format/report';
import { relativeUri } from '../findings';
import { LEGAL_REFERENCES } from '../legal';
import type { InventoryResult, QueryFunction } from './inventory';

/**
 * The approval record: a fingerprint of the connection surface at the time
 * the system was assessed and approved to connect. Systems, software, source
 * code or functions that change after connection must be reported and
 * re-assessed (Công văn 5722/TCTTKĐA; Circular 46/2022/TT-BCA art. 6), so
 * `popdb-guard diff` compares the code with this record and says whether a
 * change needs a new assessment.
 *
 * Query sites are identified by function key, kind, callee and endpoint —
 * never by line, so unrelated code inserted above does not count as a change.
 * A site whose audit status or purpose (`purposeKey`: the fixed values, or
 * where the purpose comes from) differs from the record is a changed site: the
 * registered purpose is part of what was approved (CV 5722/TCTTKĐA).
 * Functions are identified by key and compared by `normalizedCodeHash`, so a
 * reformat or a new comment does not count either, and a logic change does.
 */

export const APPROVAL_LEGAL_REFERENCES = [LEGAL_REFERENCES.cv5722, LEGAL_REFERENCES.tt46art6] as const;

export interface ApprovedSite {
  /** Function key (relative path `#` stable name), or `path#<module>`. */
  function: string;
  kind: string;
  callee?: string;
  endpoint?: string;
  registration?: string;
  audited?: boolean;
  entryPoint?: boolean;
  /** The purpose it sends (`purposeKey`): `fixed:a|b`, `case`, `request`, `caller`, `none`, `unknown`. Absent in records written before purposes were recorded. */
  purpose?: string;
  /** Where it was at approval time (informative; not used to match). */
  file: string;
  line: number;
  column: number;
}

export interface ApprovalRecord {
  tool: 'popdb-guard';
  kind: 'approval';
  version: 1;
  approvedAt: string;
  system?: string;
  sites: ApprovedSite[];
  endpoints: string[];
  functions: QueryFunction[];
  auditCoverage: { audited: number; total: number };
}

/** The approval record of the current code. Paths are relative to `root`, with forward slashes. */
export function approvalRecord(result: InventoryResult, root: string, options: { approvedAt?: string; system?: string } = {}): ApprovalRecord {
  const { inventory } = result;
  return {
    tool: 'popdb-guard',
    kind: 'approval',
    version: 1,
    approvedAt: options.approvedAt ?? new Date().toISOString(),
    ...(options.system && { system: options.system }),
    sites: inventory.entries.map((e) => approvedSite(e, root)),
    endpoints: [...new Set(inventory.entries.map((e) => e.endpoint).filter((x): x is string => !!x))].sort(),
    functions: result.functions,
    auditCoverage: inventory.totals?.auditCoverage ?? { audited: 0, total: 0 },
  };
}

function approvedSite(e: ConnectionInventoryEntry, root: string): ApprovedSite {
  return {
    function: e.functionKey ?? `${relativeUri(root, e.file)}#<module>`,
    kind: e.kind,
    ...(e.callee !== undefined && { callee: e.callee }),
    ...(e.endpoint !== undefined && { endpoint: e.endpoint }),
    ...(e.registration !== undefined && { registration: e.registration }),
    ...(e.audited !== undefined && { audited: e.audited }),
    entryPoint: e.entryPoint ?? false,
    ...(e.purpose && { purpose: purposeKey(e.purpose) }),
    file: relativeUri(root, e.file),
    line: e.line,
    column: e.column,
  };
}

export type ParsedApproval = { ok: true; record: ApprovalRecord } | { ok: false; message: string };

/** Parse an approval record, with a message that says what is wrong rather than a stack trace. */
export function parseApprovalRecord(text: string): ParsedApproval {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
  const r = data as Partial<ApprovalRecord> | null;
  if (!r || typeof r !== 'object' || r.tool !== 'popdb-guard' || r.kind !== 'approval') {
    return { ok: false, message: 'not a popdb-guard approval record (expected {"tool":"popdb-guard","kind":"approval",…}; write one with `popdb-guard approve`)' };
  }
  if (r.version !== 1) return { ok: false, message: `unsupported approval record version ${JSON.stringify(r.version)} (expected 1)` };
  const bad = (['sites', 'endpoints', 'functions'] as const).find((k) => !Array.isArray(r[k]));
  if (bad) return { ok: false, message: `the approval record has no "${bad}" list` };
  if (r.sites!.some((s) => !s || typeof s.function !== 'string' || typeof s.kind !== 'string')) return { ok: false, message: 'a site of the approval record has no "function" or "kind"' };
  if (r.functions!.some((f) => !f || typeof f.key !== 'string' || typeof f.hash !== 'string')) return { ok: false, message: 'a function of the approval record has no "key" or "hash"' };
  if (!r.auditCoverage || typeof r.auditCoverage.audited !== 'number' || typeof r.auditCoverage.total !== 'number') {
    return { ok: false, message: 'the approval record has no "auditCoverage" {audited, total}' };
  }
  return { ok: true, record: r as ApprovalRecord };
}

const siteIdentity = (s: { function: string; kind: string; callee?: string; endpoint?: string }) => `${s.function}\u0000${s.kind}\u0000${s.callee ?? ''}\u0000${s.endpoint ?? ''}`;

/** What changed since the approval. `since` names the record (shown in reports). */
export function diffApproval(record: ApprovalRecord, current: InventoryResult, root: string, since: string): ApprovalDiff {
  const now = approvalRecord(current, root, { approvedAt: record.approvedAt });
  const entryBySite = new Map<ApprovedSite, ConnectionInventoryEntry>();
  now.sites.forEach((s, i) => entryBySite.set(s, current.inventory.entries[i]));

  // match sites as multisets of identities: two identical calls in one function are two sites
  const before = group(record.sites);
  const after = group(now.sites);
  const added: ConnectionInventoryEntry[] = [];
  const removed: ConnectionInventoryEntry[] = [];
  const changed: { before: ConnectionInventoryEntry; after: ConnectionInventoryEntry }[] = [];
  for (const [id, list] of after) {
    const old = before.get(id) ?? [];
    list.forEach((s, i) => {
      const entry = entryBySite.get(s)!;
      if (i >= old.length) added.push(entry);
      else if ((old[i].audited ?? null) !== (s.audited ?? null) || purposeChanged(old[i], s)) changed.push({ before: entryOfApproved(old[i], root), after: entry });
    });
  }
  for (const [id, list] of before) {
    const kept = after.get(id)?.length ?? 0;
    list.slice(kept).forEach((s) => removed.push(entryOfApproved(s, root)));
  }
  const approvedEndpoints = new Set(record.endpoints);
  const newEndpoints = now.endpoints.filter((e) => !approvedEndpoints.has(e));

  const oldFunctions = new Map(record.functions.map((f) => [f.key, f]));
  const newFunctions = new Map(now.functions.map((f) => [f.key, f]));
  const changedFunctions: NonNullable<ApprovalDiff['changedFunctions']> = [];
  for (const f of now.functions) {
    const old = oldFunctions.get(f.key);
    if (!old) changedFunctions.push({ key: f.key, name: f.name, change: 'added' });
    else if (old.hash !== f.hash) changedFunctions.push({ key: f.key, name: f.name, change: 'changed' });
  }
  for (const f of record.functions) if (!newFunctions.has(f.key)) changedFunctions.push({ key: f.key, name: f.name, change: 'removed' });

  const coverageChanged = record.auditCoverage.audited !== now.auditCoverage.audited || record.auditCoverage.total !== now.auditCoverage.total;
  return {
    since,
    approvedAt: record.approvedAt,
    added,
    removed,
    changed,
    newEndpoints,
    changedFunctions,
    auditCoverage: { before: record.auditCoverage, after: now.auditCoverage },
    requiresReassessment: added.length + removed.length + changed.length + newEndpoints.length + changedFunctions.length > 0 || coverageChanged,
  };
}

/** The purpose of a site in an approval record: the fixed values (sorted), or where it comes from. */
export function purposeKey(p: InventoryPurpose): string {
  return p.source === 'fixed' ? `fixed:${[...(p.values ?? [])].sort().join('|')}` : p.source;
}

/** A record written before purposes were recorded has none: not a change by itself. */
const purposeChanged = (before: ApprovedSite, after: ApprovedSite): boolean => before.purpose !== undefined && after.purpose !== undefined && before.purpose !== after.purpose;

/** The inventory view of a recorded purpose key. */
function purposeOfKey(key: string | undefined): InventoryPurpose | undefined {
  if (key === undefined) return undefined;
  if (key.startsWith('fixed:')) return { source: 'fixed', values: key.slice(6).split('|') };
  const source = (['case', 'config', 'request', 'caller', 'none', 'unknown'] as const).find((k) => k === key);
  return source ? { source } : undefined;
}

function group(sites: readonly ApprovedSite[]): Map<string, ApprovedSite[]> {
  const out = new Map<string, ApprovedSite[]>();
  for (const s of sites) {
    const id = siteIdentity(s);
    out.set(id, [...(out.get(id) ?? []), s]);
  }
  return out;
}

function entryOfApproved(s: ApprovedSite, root: string): ConnectionInventoryEntry {
  const hash = s.function.indexOf('#');
  const name = hash >= 0 ? s.function.slice(hash + 1) : undefined;
  return {
    file: path.join(root, ...String(s.file ?? '').split('/')),
    line: s.line ?? 0,
    column: s.column ?? 0,
    kind: s.kind,
    callee: s.callee,
    function: name === '<module>' ? undefined : name,
    functionKey: s.function,
    endpoint: s.endpoint,
    registration: s.registration as ConnectionInventoryEntry['registration'],
    registered: s.registration === undefined || s.registration === 'unknown' ? undefined : s.registration === 'registered',
    audited: s.audited,
    entryPoint: s.entryPoint,
    ...(s.purpose !== undefined && { purpose: purposeOfKey(s.purpose) }),
  };
}
