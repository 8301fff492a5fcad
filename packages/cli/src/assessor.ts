import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  approvalDiffJson,
  approvalRecord,
  diffApproval,
  formatApprovalDiffText,
  formatInventoryText,
  formatPolicyProblem,
  inventoryJson,
  keepListings,
  parseApprovalRecord,
  readRegularFile,
  stepProblemFindings,
  type ApprovalRecord,
  type InventoryResult,
  type PolicyProblem,
} from '@popdb-guard/core';
import { UsageError } from './errors';
import { MAX_RECORD_BYTES } from './baseline';
import { inventoryOf, prepareScan, type PreparedScan } from './scan';
import type { Io } from './cli';
import { checkWritable, writeOrFail } from './output';

/**
 * The security assessor's commands: `inventory` (every place the code
 * queries the population DB), `approve` (record the connection surface when
 * the system is approved) and `diff` (what changed since: Công văn
 * 5722/TCTTKĐA and Circular 46/2022/TT-BCA art. 6 require a change of the
 * system or its source code to be reported and re-assessed). None of them
 * runs ESLint: they need the query model only.
 */

export const DEFAULT_APPROVAL_FILE = 'popdb-approved.json';

interface AssessorValues {
  policy?: string;
  format?: string;
  output?: string;
  approved?: string;
}

/** Read and validate an approval record; an unreadable or invalid file is a usage error (exit 2) with a clear message. */
export function readApproval(file: string): ApprovalRecord {
  const read = readRegularFile(file, MAX_RECORD_BYTES);
  if (!read.ok) throw new UsageError(`cannot read the approval record: ${file}: ${read.message} (write one with "popdb-guard approve --output ${path.basename(file)}")`);
  const parsed = parseApprovalRecord(read.text);
  if (!parsed.ok) throw new UsageError(`invalid approval record ${file}: ${parsed.message}`);
  return parsed.record;
}

/** An invalid policy stops every command (SPEC §2: never a silent fallback to the defaults); exit 2. */
export function policyError(problems: readonly PolicyProblem[], io: Io, consequence = 'nothing was scanned'): number {
  io.stderr(`popdb-guard: the policy file is invalid, ${consequence}:\n${problems.map((p) => `  ${formatPolicyProblem(p)}`).join('\n')}\n`);
  return 2;
}

export function assessorCommand(command: 'inventory' | 'approve' | 'diff', paths: string[], values: AssessorValues, io: Io): number {
  const format = values.format ?? 'text';
  if (command !== 'approve' && format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" for ${command} (expected text, json)`);
  if (command === 'diff' && !values.approved) throw new UsageError('diff needs --approved FILE (an approval record written by "popdb-guard approve")');
  // read the record before scanning: a wrong path fails fast
  const record = command === 'diff' ? readApproval(path.resolve(io.cwd, values.approved!)) : undefined;
  if (values.output) checkWritable(path.resolve(io.cwd, values.output));
  // the inventory's project model lists the scanned root again: it reuses the scan's listing
  return keepListings(() => {
    const prepared = prepareScan({ paths, policyFile: values.policy, cwd: io.cwd });
    if (!prepared.ok) return policyError(prepared.problems, io);
    return assess(command, prepared, inventoryOf(prepared), record, format, values, io);
  });
}

function assess(command: 'inventory' | 'approve' | 'diff', prepared: PreparedScan & { ok: true }, result: InventoryResult, record: ApprovalRecord | undefined, format: string, values: AssessorValues, io: Io): number {
  // no findings list here: what could not be read is said on stderr, never skipped silently
  for (const p of [...prepared.fileProblems, ...(result.skipped ?? [])]) io.stderr(`popdb-guard: warning: ${path.relative(io.cwd, p.file) || p.file}: ${p.message}\n`);
  for (const f of stepProblemFindings(result.problems)) io.stderr(`popdb-guard: warning: ${path.relative(io.cwd, f.file) || f.file}: ${f.message}; not in the inventory\n`);
  const write = (text: string, output = values.output) => {
    if (output) {
      const target = path.resolve(io.cwd, output);
      writeOrFail(target, () => fs.writeFileSync(target, text));
    } else io.stdout(text);
  };

  if (command === 'inventory') {
    write(format === 'json' ? `${JSON.stringify(inventoryJson(prepared.root, result.inventory), null, 2)}\n` : formatInventoryText(prepared.root, result.inventory));
    return 0;
  }
  if (command === 'approve') {
    const output = values.output ?? path.join(prepared.root, DEFAULT_APPROVAL_FILE);
    const data = approvalRecord(result, prepared.root, { system: prepared.policy.system.name });
    write(`${JSON.stringify(data, null, 2)}\n`, output);
    const t = result.inventory.totals!;
    io.stdout(
      `Wrote ${path.relative(io.cwd, path.resolve(io.cwd, output)) || output}: ${data.sites.length} query site(s), ${data.endpoints.length} endpoint(s), ${data.functions.length} query function(s), audit coverage ${t.auditCoverage.audited}/${t.auditCoverage.total}.\n` +
        'Commit it with the assessment; "popdb-guard diff --approved <file>" then reports what changed.\n',
    );
    return 0;
  }
  const since = path.relative(io.cwd, path.resolve(io.cwd, values.approved!)) || values.approved!;
  const diff = diffApproval(record!, result, prepared.root, since);
  write(format === 'json' ? `${JSON.stringify(approvalDiffJson(prepared.root, diff), null, 2)}\n` : formatApprovalDiffText(prepared.root, diff));
  return diff.requiresReassessment ? 1 : 0;
}
