import ts from 'typescript';
import { auditCoverage, auditRelevantSite, getProjectModel, isSourceFile, isTestCode, projectRootFor, type Finding, type Policy } from '@popdb-guard/core';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { forEachChild, isCallExpression } = ts;

const LOOP_RULE = 'popdb/no-unbounded-query-loop';
const AUDIT_RULE = 'popdb/require-audit-log';

/**
 * The audit findings that one-finding-per-location (SPEC §1) hides behind a
 * loop finding on the same query: the scan reports the unbounded loop, not
 * the missing audit of the same call. Fixing only the loop would let the
 * audit finding surface on the next scan and a second `fix` change the code
 * again, so the planner fixes both at once. Found the way the rule finds
 * them: the query site and its audit coverage in the project model.
 */
export function hiddenAuditFindings(findings: readonly Finding[], policy: Policy, read: (file: string) => string | undefined): Finding[] {
  if (policy.rules[AUDIT_RULE] === 'off' || !policy.audit.functions.length) return [];
  const reported = new Set(findings.filter((f) => f.ruleId === AUDIT_RULE).map((f) => `${f.file}\u0000${f.line}\u0000${f.column}`));
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.ruleId !== LOOP_RULE || !isSourceFile(f.file) || f.endLine === undefined || f.endColumn === undefined) continue;
    if (reported.has(`${f.file}\u0000${f.line}\u0000${f.column}`) || isTestCode(policy, f.file, projectRootFor(f.file, policy))) continue;
    const text = read(f.file);
    if (text === undefined) continue;
    const model = getProjectModel(f.file, policy);
    const index = model.fileIndex(f.file, text);
    if (!index) continue;
    const sf = index.sourceFile;
    let start: number;
    let end: number;
    try {
      start = sf.getPositionOfLineAndCharacter(f.line - 1, f.column - 1);
      end = sf.getPositionOfLineAndCharacter(f.endLine - 1, f.endColumn - 1);
    } catch {
      continue;
    }
    let call: ts.CallExpression | undefined;
    const visit = (n: ts.Node): void => {
      if (call || n.end < start || n.getStart(sf) > end) return;
      if (isCallExpression(n) && n.getStart(sf) === start && n.end === end) call = n;
      else forEachChild(n, visit);
    };
    visit(sf);
    const site = call && auditRelevantSite(model, index, call);
    if (!site) continue;
    const coverage = auditCoverage(model, site);
    if (!coverage.covered && coverage.gap === 'missing') out.push({ ...f, ruleId: AUDIT_RULE, messageId: 'missingAudit', fingerprint: undefined, baselineKeys: undefined });
  }
  return out;
}
