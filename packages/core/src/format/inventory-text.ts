import { relativeUri } from '../findings';
import { LEGAL_REFERENCES } from '../legal';
import { escapeControl } from './text';
import { purposeText } from '../query/purpose';
import { purposeKey } from '../inventory/approval';
import type { ApprovalDiff, ConnectionInventory, ConnectionInventoryEntry } from './report';

/** Plain-text connection inventory and approval diff (`popdb-guard inventory`, `popdb-guard diff`). */

const REGISTRATION: Record<string, string> = {
  registered: 'registered',
  unregistered: 'UNREGISTERED',
  insecure: 'INSECURE (http)',
  unknown: 'registration unknown',
};

function entryLines(root: string, e: ConnectionInventoryEntry): string[] {
  const out = [`${relativeUri(root, e.file)}:${e.line}:${e.column}  ${e.function ?? '<module>'}  [${e.kind}${e.entryPoint ? ', entry point' : ''}]`];
  if (e.chain && e.chain.length > 1) out.push(`    chain:    ${e.chain.map((s) => `${s.name} (${relativeUri(root, s.file)}:${s.line})`).join(' → ')}`);
  else if (e.callee) out.push(`    call:     ${e.callee}`);
  out.push(`    endpoint: ${e.endpoint ?? (e.kind === 'clientCall' ? '(inside the client the policy names)' : '(not resolved)')} — ${REGISTRATION[e.registration ?? 'unknown'] ?? e.registration}${e.client ? ` · client ${e.client}` : ''}`);
  const audit = e.audited === undefined ? `judged ${e.auditedBy ?? 'at each caller'}` : e.audited ? `yes, ${e.auditedBy ?? ''}`.trim() : `NO${e.auditedBy ? ` (${e.auditedBy})` : ''}`;
  out.push(`    audited:  ${audit}`);
  if (e.purpose) out.push(`    purpose:  ${purposeText(e.purpose)}`);
  if (e.loop && e.loop.state !== 'none') out.push(`    loop:     ${e.loop.state === 'unbounded' ? 'UNBOUNDED' : 'bounded'} — ${e.loop.detail ?? ''}`);
  for (const r of e.reaches ?? []) out.push(`    reaches:  ${r.kind} ${r.sink} at ${relativeUri(root, r.file)}:${r.line}`);
  // file names, functions and endpoints come from the repository: no raw control characters in a terminal or log
  return out.map(escapeControl);
}

export function formatInventoryText(root: string, inventory: ConnectionInventory): string {
  const out: string[] = ['Danh mục kết nối CSDLQG về dân cư · Population-DB connection inventory', ''];
  for (const e of inventory.entries) out.push(...entryLines(root, e), '');
  if (!inventory.entries.length) out.push('No population-DB query site found.', '');
  if (inventory.unresolved?.length) {
    out.push('Không xác định được · Not resolved, so not checked (review by hand):');
    for (const u of inventory.unresolved) out.push(`${relativeUri(root, u.file)}:${u.line}:${u.column}  ${u.function ?? '<module>'}  [${u.kind}] ${u.callee}`, `    reason:   ${u.reason}`);
    out.push('');
  }
  const t = inventory.totals;
  if (t) {
    out.push(
      `Query sites: ${inventory.entries.length} (${t.direct} direct, ${t.wrapperEntries} wrapper entry point(s); ${t.intermediateWrapperCalls} wrapper call(s) inside other query functions not listed)`,
      `Audit coverage: ${t.auditCoverage.audited}/${t.auditCoverage.total} entry point(s) audited`,
      ...(t.unresolvedSites ? [`Not resolved: ${t.unresolvedSites} site(s) the model could not follow (listed above)`] : []),
      `Endpoints used: ${t.endpointsUsed.length}${t.endpointsUsed.map((u) => `\n    ${escapeControl(u.endpoint)} — ${REGISTRATION[u.registration] ?? u.registration}`).join('')}`,
      `Registered endpoints: ${t.registeredEndpoints.length}; no query site resolves under: ${t.unusedRegisteredEndpoints.length ? t.unusedRegisteredEndpoints.join(', ') : 'none'}${
        t.unusedRegisteredEndpoints.length && t.unresolvedEndpointSites ? ` (${t.unresolvedEndpointSites} site(s) with an endpoint known only at run time may use them)` : ''
      }`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function formatApprovalDiffText(root: string, diff: ApprovalDiff): string {
  const out: string[] = [`Thay đổi kể từ lần phê duyệt · Changes since the approval (${escapeControl(diff.since)}${diff.approvedAt ? `, approved ${diff.approvedAt}` : ''})`, ''];
  const section = (title: string, entries: readonly ConnectionInventoryEntry[]) => {
    if (!entries.length) return;
    out.push(`${title} (${entries.length}):`);
    for (const e of entries) out.push(...entryLines(root, e).map((l) => `  ${l}`));
    out.push('');
  };
  section('New query sites', diff.added);
  section('Removed query sites', diff.removed);
  if (diff.changed?.length) {
    out.push(`Audit status or purpose changed (${diff.changed.length}):`);
    for (const c of diff.changed) {
      const what = [
        ...((c.before.audited ?? null) !== (c.after.audited ?? null) ? [`audited ${c.before.audited ? 'yes' : 'no'} → ${c.after.audited ? 'yes' : 'no'}`] : []),
        ...(c.before.purpose && c.after.purpose && purposeKey(c.before.purpose) !== purposeKey(c.after.purpose) ? [`purpose ${purposeText(c.before.purpose)} → ${purposeText(c.after.purpose)}`] : []),
      ];
      out.push(`  ${escapeControl(`${c.after.functionKey ?? relativeUri(root, c.after.file)} ${c.after.callee ?? ''}`)}: ${escapeControl(what.join('; '))}`);
    }
    out.push('');
  }
  if (diff.newEndpoints?.length) out.push(`New endpoints (${diff.newEndpoints.length}):`, ...diff.newEndpoints.map((e) => `  ${escapeControl(e)}`), '');
  if (diff.changedFunctions?.length) {
    out.push(`Query functions changed (${diff.changedFunctions.length}):`, ...diff.changedFunctions.map((f) => `  ${f.change.padEnd(8)} ${escapeControl(f.key)}`), '');
  }
  const c = diff.auditCoverage;
  if (c) out.push(`Audit coverage: ${c.before.audited}/${c.before.total} at approval → ${c.after.audited}/${c.after.total} now`, '');
  const refs = `${LEGAL_REFERENCES.cv5722.citation}; ${LEGAL_REFERENCES.tt46art6.citation}`;
  if (diff.requiresReassessment) {
    out.push(
      '✖ Mã nguồn kết nối CSDLQG về dân cư đã thay đổi: phải báo cáo và kiểm tra, đánh giá lại trước khi tiếp tục kết nối.',
      '  The code that connects to the population DB changed since approval: the change must be reported and the system re-assessed.',
      `  (${refs})`,
    );
  } else {
    out.push('✔ Không có thay đổi cần đánh giá lại · No change that requires a new assessment.', `  (${refs})`);
  }
  return `${out.join('\n')}\n`;
}
