import * as path from 'node:path';
import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { relativeUri } from '../findings';
import type { Policy } from '../policy/policy';
import { isSourceFile, lineColumn } from '../source';
import { getProjectModel, type ProjectModel } from '../project/model';
import { isFunctionLike, type FileIndex, type FunctionInfo } from '../project/file-index';
import { findQuerySites, describeChain, type QuerySite } from '../query/query-sites';
import { findUnresolvedSites } from '../query/unresolved';
import { inventoryPurpose } from '../query/purpose';
import { localAuditCoverage, unauditedQuery, alwaysAudits } from '../query/audit';
import { isInlineCallback, iterationLabel, unboundedRepetition, type BoundedRepetition, type Repetition } from '../query/loops';
import { displayUrl } from '../query/endpoint';
import { normalizedCodeHash } from '../approval/normalize';
import { isTestCode } from '../test-code';
import { citizenDataFindings } from '../taint/report';
import type { ConnectionInventory, ConnectionInventoryEntry, UnresolvedSiteEntry } from '../format/report';
import { guardStep, type StepProblem } from '../guard';
import { generatedSourceLine } from '../generated';

/**
 * The connection inventory: every place the code reaches the population DB,
 * for the security assessor (SPEC "security assessor"; Công văn 5722/TCTTKĐA
 * and Circular 46/2022/TT-BCA art. 6 require the connection to be assessed
 * before approval and after any change). Built on the same project model and
 * query model as the rules, so the inventory and the findings agree.
 *
 * Rows: every direct query site (a request or a policy client call), once;
 * and every wrapper call that is an entry point (its function has no callers
 * in the project: a route handler, a controller method, a job), once, with
 * its chain to the request. Wrapper calls inside other query functions are
 * counted, not listed: a query through a 3-level wrapper chain would
 * otherwise appear four times.
 */

/** A function on a path to a query: the approval record hashes its code. */
export interface QueryFunction {
  /** Relative path, `#`, stable name (see `stableFunctionNames`). */
  key: string;
  name: string;
  /** Relative path, forward slashes. */
  file: string;
  /** `normalizedCodeHash` of its code: formatting and comments do not change it, logic does. */
  hash: string;
}

export interface InventoryResult {
  inventory: ConnectionInventory;
  /** Functions containing direct query sites, and every wrapper a query goes through, sorted by key. */
  functions: QueryFunction[];
  /** Files a step failed on (too deeply nested, a crash): left out of the inventory, reported by the hosts. */
  problems: StepProblem[];
  /** Generated or minified sources, left out on purpose (the scan's note on the file says why): the assessor commands say so. */
  skipped?: { file: string; message: string }[];
}

export interface InventoryOptions {
  /** Scan root: paths in keys are relative to it. */
  root: string;
  policy: Policy;
  /** The scanned files (source files are used; config files are skipped). */
  files: readonly string[];
}

/** Build the inventory of the scanned source files, reusing the project model the rules built when there is one. */
export function buildInventory(options: InventoryOptions): InventoryResult {
  const { root, policy } = options;
  const rel = (f: string) => relativeUri(root, f);
  const entries: ConnectionInventoryEntry[] = [];
  const functions = new Map<string, QueryFunction>();
  const moduleUnits = new Map<string, { file: FileIndex; nodes: Set<ts.Node> }>();
  let intermediate = 0;
  const reachByQuery = new Map<string, Reach[]>();
  const scopes = new Map<ConnectionInventoryEntry, ts.Node>();
  const sources = options.files.filter(isSourceFile);
  // every step on one file is guarded: a file nested too deeply for a walker costs only its own rows
  const problems: StepProblem[] = [];
  const skipped: { file: string; message: string }[] = [];

  const addFunction = (model: ProjectModel, file: FileIndex, info: FunctionInfo): void => {
    const key = stableKey(model, file, info, rel);
    if (!functions.has(key)) functions.set(key, { key, name: stableName(model, file, info), file: rel(file.fileName), hash: normalizedCodeHash(info.node, file.sourceFile) });
  };

  // pass 1: the query sites of every scanned file, and the functions they call. Every call of a
  // function that performs a query is itself a query site, so "has callers" is "is the target of a
  // site" — far cheaper than the reverse call graph when every function has to be asked.
  const scanned: { model: ProjectModel; file: FileIndex; sites: QuerySite[] }[] = [];
  const unresolved: UnresolvedSiteEntry[] = [];
  const called = new Set<string>();
  const scannedSet = new Set(sources.map((f) => path.resolve(f)));
  for (const fileName of sources) {
    // Test code queries mocks: its sites are no connection, and approvals do not fingerprint them.
    if (isTestCode(policy, fileName, root)) continue;
    const model = getProjectModel(fileName, policy);
    // a generated or minified source is checked by the cheap rules only; the scan says so on the file
    const text = model.files.read(fileName);
    const longest = text === undefined ? undefined : generatedSourceLine(fileName, text);
    if (longest !== undefined) {
      skipped.push({ file: fileName, message: `generated or minified file (a line of ${longest} characters), checked by the cheap rules only; not in the inventory` });
      continue;
    }
    const file = guardStep(problems, fileName, 'inventory: parse and index', undefined, () => model.fileIndex(fileName));
    if (!file) continue;
    const sites = guardStep(problems, fileName, 'inventory: query sites', undefined, () => {
      const found = findQuerySites(model, file);
      for (const site of found) {
        // a project function the policy names as a client call is still called
        const target = site.target ?? (site.kind === 'clientCall' ? model.resolveCall(file, site.call) : undefined);
        if (target) called.add(target.info.key);
      }
      return found;
    });
    if (!sites) continue;
    scanned.push({ model, file, sites });
    guardStep(problems, fileName, 'inventory: unresolved sites', undefined, () => {
      for (const u of findUnresolvedSites(model, file)) {
        const owner = model.enclosingFunction(file, u.node);
        unresolved.push({ file: file.fileName, line: u.line, column: u.column, kind: u.kind, callee: u.callee, function: owner ? stableName(model, file, owner) : undefined, reason: u.reason });
      }
    });
  }
  // callers outside the scanned paths (a subfolder was scanned): ask the reverse call graph
  const coversProject = new Map<ProjectModel, boolean>();
  const hasCallersOf = (model: ProjectModel, owner: FunctionInfo): boolean => {
    if (called.has(owner.key)) return true;
    let covers = coversProject.get(model);
    if (covers === undefined) {
      covers = model.sourceFiles().every((f) => scannedSet.has(path.resolve(f)));
      coversProject.set(model, covers);
    }
    return !covers && model.callersOf(owner).length > 0;
  };

  for (const { model, file, sites } of scanned) {
    for (const site of sites) guardStep(problems, file.fileName, 'inventory: query site row', undefined, () => {
      const unit = hashUnit(site);
      if (site.kind === 'wrapper' && site.target) addFunction(model, site.target.file, site.target.info);
      const owner = ownerFunction(site);
      const hasCallers = owner ? hasCallersOf(model, owner) : false;
      if (site.kind !== 'wrapper') {
        if (unit.info) addFunction(model, file, unit.info);
        else {
          const m = moduleUnits.get(file.fileName) ?? { file, nodes: new Set() };
          m.nodes.add(unit.node);
          moduleUnits.set(file.fileName, m);
        }
      } else if (hasCallers) {
        // a wrapper call inside another query function: that function's own callers are the entry points
        intermediate++;
        return;
      }
      const entry = entryOf(model, site, hasCallers, rel);
      if (site.kind === 'wrapper') scopes.set(entry, outermostScope(site));
      entries.push(entry);
    });
    // which sinks the data of each query reaches: the taint analysis records the query's file and line as the data's origin
    const taint = guardStep(problems, file.fileName, 'inventory: citizen-data flow', [], () =>
      citizenDataFindings({ fileName: file.fileName, text: file.text, sourceFile: file.sourceFile, policy }, ['messaging', 'log', 'error']),
    );
    for (const f of taint) {
      const at = lineColumn(file.sourceFile, f.start);
      for (const o of f.finding.origins) {
        if (o.kind !== 'query') continue;
        const key = `${o.file}\u0000${o.line}`;
        const list = reachByQuery.get(key) ?? [];
        if (!list.some((r) => r.node === f.finding.node && r.kind === f.finding.kind)) list.push({ kind: f.finding.kind, sink: f.finding.sink, file: file.fileName, line: at.line, node: f.finding.node });
        reachByQuery.set(key, list);
      }
    }
  }
  for (const [fileName, { file, nodes }] of moduleUnits) {
    const key = `${rel(fileName)}#<module>`;
    // module-level queries: the top-level statements that hold them, not the whole file
    const ordered = [...nodes].sort((a, b) => a.pos - b.pos);
    const hash = guardStep(problems, fileName, 'inventory: code hash', 'unavailable', () => ordered.map((n) => normalizedCodeHash(n, file.sourceFile)).join('.'));
    functions.set(key, { key, name: '<module>', file: rel(fileName), hash });
  }
  for (const e of entries) {
    const last = e.chain?.at(-1);
    // a direct query: wherever its data goes; a wrapper entry point: the sinks in the code around it (the data it receives, not other callers' data)
    const scope = scopes.get(e);
    const reaches = (last ? (reachByQuery.get(`${last.file}\u0000${last.line}`) ?? []) : []).filter((r) => !scope || (r.file === e.file && r.node.pos >= scope.pos && r.node.end <= scope.end));
    if (reaches.length) e.reaches = reaches.map(({ kind, sink, file, line }) => ({ kind, sink, file, line }));
  }
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const entryPoints = entries.filter((e) => e.entryPoint && e.audited !== undefined);
  const registeredEndpoints = [...policy.populationDb.registeredEndpoints];
  const used = new Map<string, string>();
  const usedPrefixes = new Set<string>();
  for (const e of entries) {
    if (e.endpoint && !used.has(e.endpoint)) used.set(e.endpoint, e.registration ?? 'unknown');
    if (e.registeredPrefix) usedPrefixes.add(e.registeredPrefix);
  }
  return {
    inventory: {
      entries,
      unresolved: unresolved.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column),
      totals: {
        direct: entries.filter((e) => e.kind !== 'wrapper').length,
        wrapperEntries: entries.filter((e) => e.kind === 'wrapper').length,
        intermediateWrapperCalls: intermediate,
        auditCoverage: { audited: entryPoints.filter((e) => e.audited).length, total: entryPoints.length },
        endpointsUsed: [...used].map(([endpoint, registration]) => ({ endpoint, registration })).sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
        registeredEndpoints,
        unusedRegisteredEndpoints: registeredEndpoints.filter((p) => !usedPrefixes.has(p)),
        unresolvedEndpointSites: entries.filter((e) => e.registration === 'unknown').length,
        unresolvedSites: unresolved.length,
      },
    },
    functions: [...functions.values()].sort((a, b) => a.key.localeCompare(b.key)),
    problems,
    skipped,
  };
}

interface Reach {
  kind: string;
  sink: string;
  file: string;
  line: number;
  node: ts.Node;
}

/** The code that receives a wrapper entry point's result: its function, walked out through inline callbacks; a module-level callback; or the file. */
function outermostScope(site: QuerySite): ts.Node {
  return walkOutCallbacks(site).info?.node ?? site.file.sourceFile;
}

function entryOf(model: ProjectModel, site: QuerySite, hasCallers: boolean, rel: (f: string) => string): ConnectionInventoryEntry {
  const { file, call } = site;
  const { line, column } = lineColumn(file.sourceFile, call.getStart(file.sourceFile));
  const status = site.endpoint?.status;
  const registration = !status || status.kind === 'undecided' ? 'unknown' : status.kind;
  const audit = auditOf(model, site, hasCallers);
  return {
    file: file.fileName,
    line,
    column,
    kind: site.kind,
    callee: site.chain[0]?.name,
    function: site.enclosing ? stableName(model, file, site.enclosing) : undefined,
    functionKey: site.enclosing ? stableKey(model, file, site.enclosing, rel) : `${rel(file.fileName)}#<module>`,
    chain: site.chain.map((s) => ({ name: s.name, file: s.fileName, line: s.line })),
    client: site.client,
    // a policy client call hides its endpoint inside the client: none to show (the callee says which client)
    endpoint: site.endpoint ? displayUrl(site.endpoint.parts) : undefined,
    registered: registration === 'unknown' ? undefined : registration === 'registered',
    registration,
    registeredPrefix: status && 'prefix' in status ? status.prefix : undefined,
    audited: audit.audited,
    auditedBy: audit.by,
    entryPoint: !hasCallers,
    loop: loopOf(model, site),
    purpose: inventoryPurpose(model, site),
  };
}

/** Is the query recorded by an audit on its path, and by what? Callers are not consulted: a site in a function with callers is judged at each caller. */
function auditOf(model: ProjectModel, site: QuerySite, hasCallers: boolean): { audited?: boolean; by?: string } {
  const { file, call } = site;
  if (site.kind === 'wrapper' && site.target && !unauditedQuery(model, site.target)) return { audited: true, by: `inside ${describeChain(site)}` };
  if (site.kind === 'clientCall') {
    const target = model.resolveCall(file, call);
    if (target && alwaysAudits(model, target)) return { audited: true, by: `inside ${target.info.name}` };
  }
  const local = localAuditCoverage(model, file, call);
  if (local.covered) {
    const node = local.node;
    const text = node ? describeNode(file, node) : '';
    return { audited: true, by: local.by === 'decorator' ? `decorator ${text}` : local.by === 'middleware' ? `middleware ${text}` : text };
  }
  if (hasCallers) return { audited: undefined, by: 'at each caller' };
  return { audited: false, by: local.audit ? `${describeNode(file, local.audit)} does not cover it (${local.gap})` : undefined };
}

function describeNode(file: FileIndex, node: ts.Node): string {
  const e = ts.isDecorator(node) ? skipOuterExpressions(node.expression) : node;
  const callee = ts.isCallExpression(e) || ts.isNewExpression(e) ? e.expression : e;
  const name = ts.isExpression(callee) ? calleeChain(callee)?.join('.') : undefined;
  const { line } = lineColumn(file.sourceFile, node.getStart(file.sourceFile));
  return `${ts.isDecorator(node) ? '@' : ''}${name ?? node.getText(file.sourceFile).slice(0, 40)} (line ${line})`;
}

const REPETITION_NAMES: Record<Repetition['kind'], string> = {
  for: 'for loop',
  'for-of': 'for…of loop',
  'for-in': 'for…in loop',
  while: 'while loop',
  'do-while': 'do…while loop',
  iteration: 'iteration',
  interval: 'setInterval',
  recursion: 'recursion',
};

const BOUND_NAMES: Record<BoundedRepetition['by'], string> = { static: 'static bound', limiter: 'limiter', budget: 'budget check' };

/** Loops around the call in its own function (callers' loops are on the callers' rows), and what bounds them. */
function loopOf(model: ProjectModel, site: QuerySite): ConnectionInventoryEntry['loop'] {
  const bounded: BoundedRepetition[] = [];
  const unbounded = unboundedRepetition(model, site.file, site.call, (r) => bounded.push(r));
  const describe = (r: Repetition) => {
    const { line } = lineColumn(site.file.sourceFile, r.node.getStart(site.file.sourceFile));
    // array methods as `.map()`; library iteration (`async.each(…)`, `new Worker(…)`, `@Process() worker`) by its label
    const method = r.method && (/^[a-z][A-Za-z]*$/.test(r.method) ? `.${r.method}()` : iterationLabel(r.method));
    return `${method || REPETITION_NAMES[r.kind]} at line ${line}`;
  };
  const boundText = bounded
    .map((r) => (r.by === 'limiter' ? `through the limiter ${describeNode(site.file, r.node)}` : `${describe(r)}: ${BOUND_NAMES[r.by]}`))
    .join('; ');
  if (unbounded) return { state: 'unbounded', detail: `${describe(unbounded)}: no static bound, limiter or budget check${boundText ? `; ${boundText}` : ''}` };
  return bounded.length ? { state: 'bounded', detail: boundText } : { state: 'none' };
}

/**
 * The function a site belongs to, walked out through inline callbacks
 * (`ids.map(id => q(id))` runs as part of the function around it); `atModule`
 * when the outermost is a callback at module level (a route handler).
 */
function walkOutCallbacks(site: QuerySite): { info?: FunctionInfo; atModule: boolean } {
  let info = site.enclosing;
  while (info && isInlineCallback(info.node)) {
    const outer = enclosingFunctionInfo(site.file, info.node);
    if (!outer) return { info, atModule: true };
    info = outer;
  }
  return { info, atModule: false };
}

/** The function whose callers decide whether a site is an entry point; none for a module-level callback (the framework calls it). */
function ownerFunction(site: QuerySite): FunctionInfo | undefined {
  const { info, atModule } = walkOutCallbacks(site);
  return atModule ? undefined : info;
}

/** The code unit the approval hashes for a direct query: its named function (through inline callbacks), a module-level callback, or the top-level statement. */
function hashUnit(site: QuerySite): { info?: FunctionInfo; node: ts.Node } {
  const { info } = walkOutCallbacks(site);
  if (info) return { info, node: info.node };
  let node: ts.Node = site.call;
  while (node.parent && !ts.isSourceFile(node.parent)) node = node.parent;
  return { node };
}

function enclosingFunctionInfo(file: FileIndex, node: ts.Node): FunctionInfo | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return file.functionByNode.get(n);
  return undefined;
}

function stableKey(model: ProjectModel, file: FileIndex, info: FunctionInfo, rel: (f: string) => string): string {
  return `${rel(file.fileName)}#${stableName(model, file, info)}`;
}

function stableName(model: ProjectModel, file: FileIndex, info: FunctionInfo): string {
  return stableFunctionNames(model, file).get(info) ?? info.name;
}

/**
 * Names for a file's functions that do not change when lines move: the
 * index's `<anonymous>@offset` and `name@offset` keys do. A callback is named
 * by the function around it and the call it is passed to
 * (`router.get('/ho-so/:id')`, `traCuuHangLoat>ids.map`); a repeated name
 * gets `#2`, `#3` in source order.
 */
export function stableFunctionNames(model: ProjectModel, file: FileIndex): Map<FunctionInfo, string> {
  return model.memo(
    'inventory.stableNames',
    `${file.fileName}|${file.hash}`,
    () => {
      const names = new Map<FunctionInfo, string>();
      const seen = new Map<string, number>();
      for (const info of file.functions) {
        let base = info.name;
        if (base.startsWith('<anonymous>@')) {
          const outer = enclosingFunctionInfo(file, info.node);
          const prefix = outer ? `${names.get(outer) ?? outer.name}>` : '';
          base = `${prefix}${callbackDescription(file, info.node)}`;
        }
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        names.set(info, n === 1 ? base : `${base}#${n}`);
      }
      return names;
    },
    new Map(),
  );
}

function callbackDescription(file: FileIndex, fn: ts.Node): string {
  let p = fn.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
    const e = skipOuterExpressions(p.expression);
    // `ids.slice(0, 200).map(cb)`: no plain chain, the method names it
    const callee = calleeChain(e)?.join('.') ?? (ts.isPropertyAccessExpression(e) ? `.${e.name.text}` : '<call>');
    const first = p.arguments?.[0] && skipOuterExpressions(p.arguments[0]);
    const label = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? `'${first.text}'` : '';
    return `${ts.isNewExpression(p) ? 'new ' : ''}${callee}(${label})`;
  }
  if (ts.isExportAssignment(p)) return 'export default';
  return '<anonymous>';
}
