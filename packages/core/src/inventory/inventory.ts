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
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  isCallExpression, isDecorator, isExportAssignment, isExpression, isNewExpression, isNoSubstitutionTemplateLiteral,
  isParenthesizedExpression, isPropertyAccessExpression, isStringLiteral,
  isSourceFile: isSourceFileNode,
} = ts;

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

/**
 * What the inventory needs from one file, as plain data (no AST): computed
 * while the file is linted (the engine's host rule calls
 * `summarizeInventoryFile` when the rules are done with it, and the project
 * model's facts for the file are fresh), kept instead of the file's query
 * sites and ASTs, sent back by lint threads, stored by `--cache`. Whether a
 * site is an entry point depends on the whole project, so each site carries
 * both audit verdicts and `buildInventory` picks one.
 */
export interface InventoryFileSummary {
  /** Absolute path. */
  file: string;
  /** `contentHash` of the text it was computed from. */
  hash: string;
  /** A generated or minified source, left out: the message the assessor commands show. */
  skipped?: string;
  problems: StepProblem[];
  /** `FunctionInfo.key` of every project function its query sites call. */
  called: string[];
  sites: InventorySiteSummary[];
  unresolved: UnresolvedSiteEntry[];
  /** The sinks its code passes query data to, by the query's `file\u0000line` (`origin`). */
  reaches: { origin: string; kind: string; sink: string; line: number; pos: number; end: number }[];
  /** Functions on a path to a query: the functions of its direct sites and the wrappers its sites call. */
  functions: QueryFunction[];
  /** `normalizedCodeHash` of its module-level query units, when it has any. */
  moduleHash?: string;
}

export interface InventorySiteSummary {
  /** The row, without `audited`, `auditedBy` and `entryPoint`, which depend on whether the site has callers. */
  entry: ConnectionInventoryEntry;
  /** `FunctionInfo.key` of the function whose callers decide whether it is an entry point; none: never has callers. */
  ownerKey?: string;
  /** The audit verdict when it does not depend on callers; else the one without callers. */
  audit: { audited?: boolean; by?: string };
  auditDecided: boolean;
  /** A wrapper call: the code around it that receives its result (offsets in this file). */
  scope?: { pos: number; end: number };
}

/** The inventory's view of one scanned file (see `InventoryFileSummary`); undefined for test code, which is no connection. */
export function summarizeInventoryFile(model: ProjectModel, fileName: string, root: string): InventoryFileSummary | undefined {
  const { policy } = model;
  // Test code queries mocks: its sites are no connection, and approvals do not fingerprint them.
  if (isTestCode(policy, fileName, root)) return undefined;
  const rel = (f: string) => relativeUri(root, f);
  const text = model.files.read(fileName);
  const summary: InventoryFileSummary = { file: fileName, hash: '', problems: [], called: [], sites: [], unresolved: [], reaches: [], functions: [] };
  const hashOf = (index?: FileIndex): string => (text === undefined ? '' : index && index.text === text ? index.hash : model.files.hashOf(fileName, text));
  const { problems } = summary;
  // a generated or minified source is checked by the cheap rules only; the scan says so on the file
  const longest = text === undefined ? undefined : generatedSourceLine(fileName, text);
  if (longest !== undefined) {
    summary.skipped = `generated or minified file (a line of ${longest} characters), checked by the cheap rules only; not in the inventory`;
    summary.hash = hashOf();
    return summary;
  }
  const file = guardStep(problems, fileName, 'inventory: parse and index', undefined, () => model.fileIndex(fileName));
  // the index's own hash when it is of the same text (the rules have just indexed the file): no second hash
  summary.hash = hashOf(file);
  if (!file) return summary;
  const called = new Set<string>();
  const sites = guardStep(problems, fileName, 'inventory: query sites', undefined, () => {
    const found = findQuerySites(model, file);
    for (const site of found) {
      // a project function the policy names as a client call is still called
      const target = site.target ?? (site.kind === 'clientCall' ? model.resolveCall(file, site.call) : undefined);
      if (target) called.add(target.info.key);
    }
    return found;
  });
  summary.called = [...called];
  if (!sites) return summary;
  guardStep(problems, fileName, 'inventory: unresolved sites', undefined, () => {
    for (const u of findUnresolvedSites(model, file)) {
      const owner = model.enclosingFunction(file, u.node);
      summary.unresolved.push({ file: file.fileName, line: u.line, column: u.column, kind: u.kind, callee: u.callee, function: owner ? stableName(model, file, owner) : undefined, reason: u.reason });
    }
  });
  const functions = new Map<string, QueryFunction>();
  const addFunction = (owner: FileIndex, info: FunctionInfo): void => {
    const key = stableKey(model, owner, info, rel);
    if (!functions.has(key)) functions.set(key, { key, name: stableName(model, owner, info), file: rel(owner.fileName), hash: normalizedCodeHash(info.node, owner.sourceFile) });
  };
  const moduleNodes = new Set<ts.Node>();
  for (const site of sites)
    guardStep(problems, file.fileName, 'inventory: query site row', undefined, () => {
      const unit = hashUnit(site);
      if (site.kind === 'wrapper' && site.target) addFunction(site.target.file, site.target.info);
      if (site.kind !== 'wrapper') {
        if (unit.info) addFunction(file, unit.info);
        else moduleNodes.add(unit.node);
      }
      const { audit, decided } = auditOf(model, site);
      const scope = site.kind === 'wrapper' ? outermostScope(site) : undefined;
      summary.sites.push({
        entry: entryOf(model, site, rel),
        ownerKey: ownerFunction(site)?.key,
        audit,
        auditDecided: decided,
        scope: scope && { pos: scope.pos, end: scope.end },
      });
    });
  // which sinks the data of each query reaches: the taint analysis records the query's file and line as the data's origin
  const taint = guardStep(problems, file.fileName, 'inventory: citizen-data flow', [], () =>
    citizenDataFindings({ fileName: file.fileName, text: file.text, sourceFile: file.sourceFile, policy }, ['messaging', 'log', 'error']),
  );
  for (const f of taint) {
    const at = lineColumn(file.sourceFile, f.start);
    const { node, kind, sink } = f.finding;
    for (const o of f.finding.origins) {
      if (o.kind !== 'query') continue;
      const origin = `${o.file}\u0000${o.line}`;
      if (!summary.reaches.some((r) => r.origin === origin && r.pos === node.pos && r.end === node.end && r.kind === kind)) summary.reaches.push({ origin, kind, sink, line: at.line, pos: node.pos, end: node.end });
    }
  }
  summary.functions = [...functions.values()];
  if (moduleNodes.size) {
    // module-level queries: the top-level statements that hold them, not the whole file
    const ordered = [...moduleNodes].sort((a, b) => a.pos - b.pos);
    summary.moduleHash = guardStep(problems, fileName, 'inventory: code hash', 'unavailable', () => ordered.map((n) => normalizedCodeHash(n, file.sourceFile)).join('.'));
  }
  return summary;
}

export interface InventoryOptions {
  /** Scan root: paths in keys are relative to it. */
  root: string;
  policy: Policy;
  /** The scanned files (source files are used; config files are skipped). */
  files: readonly string[];
  /**
   * Summaries computed while the files were linted (or read from the cache), by absolute path. A
   * file without one, or whose text changed since, is summarized now from the project model.
   */
  summaries?: ReadonlyMap<string, InventoryFileSummary | undefined>;
}

/** Build the inventory of the scanned source files from per-file summaries, reusing the project model the rules built when one is needed. */
export function buildInventory(options: InventoryOptions): InventoryResult {
  const { root, policy } = options;
  const rel = (f: string) => relativeUri(root, f);
  const sources = options.files.filter(isSourceFile);
  const problems: StepProblem[] = [];
  const skipped: { file: string; message: string }[] = [];
  const summaries: InventoryFileSummary[] = [];
  for (const fileName of sources) {
    const model = getProjectModel(fileName, policy);
    let summary = options.summaries?.get(path.resolve(fileName));
    const text = summary ? model.files.read(fileName) : undefined;
    if (!summary || text === undefined || model.files.hashOf(fileName, text) !== summary.hash) summary = summarizeInventoryFile(model, fileName, root);
    if (!summary) continue;
    problems.push(...summary.problems);
    if (summary.skipped !== undefined) skipped.push({ file: fileName, message: summary.skipped });
    else summaries.push(summary);
  }
  // Every call of a function that performs a query is itself a query site, so "has callers" is "is
  // the target of a site" — far cheaper than the reverse call graph when every function has to be asked.
  const called = new Set<string>();
  for (const s of summaries) for (const key of s.called) called.add(key);
  // callers outside the scanned paths (a subfolder was scanned): ask the reverse call graph
  const scannedSet = new Set(sources.map((f) => path.resolve(f)));
  const coversProject = new Map<ProjectModel, boolean>();
  const hasCallersOf = (fileName: string, ownerKey: string): boolean => {
    if (called.has(ownerKey)) return true;
    const model = getProjectModel(fileName, policy);
    let covers = coversProject.get(model);
    if (covers === undefined) {
      covers = model.sourceFiles().every((f) => scannedSet.has(path.resolve(f)));
      coversProject.set(model, covers);
    }
    if (covers) return false;
    const owner = model.fileIndex(fileName)?.functions.find((f) => f.key === ownerKey);
    return owner !== undefined && model.callersOf(owner).length > 0;
  };

  const entries: ConnectionInventoryEntry[] = [];
  const functions = new Map<string, QueryFunction>();
  let intermediate = 0;
  const reachByQuery = new Map<string, Reach[]>();
  const scopes = new Map<ConnectionInventoryEntry, { pos: number; end: number }>();
  const unresolved: UnresolvedSiteEntry[] = [];
  for (const summary of summaries) {
    for (const f of summary.functions) if (!functions.has(f.key)) functions.set(f.key, f);
    if (summary.moduleHash !== undefined) {
      const key = `${rel(summary.file)}#<module>`;
      functions.set(key, { key, name: '<module>', file: rel(summary.file), hash: summary.moduleHash });
    }
    unresolved.push(...summary.unresolved);
    for (const site of summary.sites)
      guardStep(problems, summary.file, 'inventory: query site row', undefined, () => {
        const hasCallers = site.ownerKey !== undefined && hasCallersOf(summary.file, site.ownerKey);
        if (site.entry.kind === 'wrapper' && hasCallers) {
          // a wrapper call inside another query function: that function's own callers are the entry points
          intermediate++;
          return;
        }
        const audit = site.auditDecided ? site.audit : hasCallers ? { audited: undefined, by: 'at each caller' } : site.audit;
        const { loop, ...before } = site.entry;
        const entry: ConnectionInventoryEntry = { ...before, audited: audit.audited, auditedBy: audit.by, entryPoint: !hasCallers, loop };
        if (site.scope) scopes.set(entry, site.scope);
        entries.push(entry);
      });
    for (const r of summary.reaches) {
      const list = reachByQuery.get(r.origin) ?? [];
      if (!list.some((x) => x.file === summary.file && x.pos === r.pos && x.end === r.end && x.kind === r.kind)) list.push({ kind: r.kind, sink: r.sink, file: summary.file, line: r.line, pos: r.pos, end: r.end });
      reachByQuery.set(r.origin, list);
    }
  }
  for (const e of entries) {
    const last = e.chain?.at(-1);
    // a direct query: wherever its data goes; a wrapper entry point: the sinks in the code around it (the data it receives, not other callers' data)
    const scope = scopes.get(e);
    const reaches = (last ? (reachByQuery.get(`${last.file}\u0000${last.line}`) ?? []) : []).filter((r) => !scope || (r.file === e.file && r.pos >= scope.pos && r.end <= scope.end));
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
  pos: number;
  end: number;
}

/** The code that receives a wrapper entry point's result: its function, walked out through inline callbacks; a module-level callback; or the file. */
function outermostScope(site: QuerySite): ts.Node {
  return walkOutCallbacks(site).info?.node ?? site.file.sourceFile;
}

/** A site's row; `audited`, `auditedBy` and `entryPoint` are filled in by `buildInventory`, in this key order. */
function entryOf(model: ProjectModel, site: QuerySite, rel: (f: string) => string): ConnectionInventoryEntry {
  const { file, call } = site;
  const { line, column } = lineColumn(file.sourceFile, call.getStart(file.sourceFile));
  const status = site.endpoint?.status;
  const registration = !status || status.kind === 'undecided' ? 'unknown' : status.kind;
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
    loop: loopOf(model, site),
    purpose: inventoryPurpose(model, site),
  };
}

/**
 * Is the query recorded by an audit on its path, and by what? `decided`: whatever its callers do.
 * Otherwise `audit` is the verdict without callers; with callers it is judged at each caller
 * (`buildInventory` decides which: callers are not consulted here).
 */
function auditOf(model: ProjectModel, site: QuerySite): { audit: { audited?: boolean; by?: string }; decided: boolean } {
  const { file, call } = site;
  if (site.kind === 'wrapper' && site.target && !unauditedQuery(model, site.target)) return { audit: { audited: true, by: `inside ${describeChain(site)}` }, decided: true };
  if (site.kind === 'clientCall') {
    const target = model.resolveCall(file, call);
    if (target && alwaysAudits(model, target)) return { audit: { audited: true, by: `inside ${target.info.name}` }, decided: true };
  }
  const local = localAuditCoverage(model, file, call);
  if (local.covered) {
    const node = local.node;
    const text = node ? describeNode(file, node) : '';
    return { audit: { audited: true, by: local.by === 'decorator' ? `decorator ${text}` : local.by === 'middleware' ? `middleware ${text}` : text }, decided: true };
  }
  return { audit: { audited: false, by: local.audit ? `${describeNode(file, local.audit)} does not cover it (${local.gap})` : undefined }, decided: false };
}

function describeNode(file: FileIndex, node: ts.Node): string {
  const e = isDecorator(node) ? skipOuterExpressions(node.expression) : node;
  const callee = isCallExpression(e) || isNewExpression(e) ? e.expression : e;
  const name = isExpression(callee) ? calleeChain(callee)?.join('.') : undefined;
  const { line } = lineColumn(file.sourceFile, node.getStart(file.sourceFile));
  return `${isDecorator(node) ? '@' : ''}${name ?? node.getText(file.sourceFile).slice(0, 40)} (line ${line})`;
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
  while (node.parent && !isSourceFileNode(node.parent)) node = node.parent;
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
  return model.fileMemo(
    'inventory.stableNames',
    file.memoKey,
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
  while (isParenthesizedExpression(p)) p = p.parent;
  if (isCallExpression(p) || isNewExpression(p)) {
    const e = skipOuterExpressions(p.expression);
    // `ids.slice(0, 200).map(cb)`: no plain chain, the method names it
    const callee = calleeChain(e)?.join('.') ?? (isPropertyAccessExpression(e) ? `.${e.name.text}` : '<call>');
    const first = p.arguments?.[0] && skipOuterExpressions(p.arguments[0]);
    const label = first && (isStringLiteral(first) || isNoSubstitutionTemplateLiteral(first)) ? `'${first.text}'` : '';
    return `${isNewExpression(p) ? 'new ' : ''}${callee}(${label})`;
  }
  if (isExportAssignment(p)) return 'export default';
  return '<anonymous>';
}
