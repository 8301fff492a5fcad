import ts from 'typescript';
import { calleeChain, matchesAnyCallee, skipOuterExpressions } from '../callee';
import type { ProjectModel, FunctionTarget } from '../project/model';
import { buildFileIndex, isFunctionLike, isNestedUnder, nodesWithin, type FileIndex, type FunctionLike } from '../project/file-index';
import { classifyCall, firstQuery, isNotALookup, type QuerySite } from './query-sites';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, forEachChild, getDecorators, isArrowFunction, isBinaryExpression, isBlock, isCallExpression, isCaseClause,
  isCatchClause, isClassDeclaration, isClassExpression, isClassLike, isConditionalExpression, isDefaultClause,
  isExpressionStatement, isForInStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression,
  isIdentifier, isIfStatement, isMethodDeclaration, isNewExpression, isObjectLiteralExpression, isParenthesizedExpression,
  isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isSourceFile, isSpreadAssignment, isStringLiteral,
  isTryStatement, isWhileStatement,
} = ts;

/**
 * Is a population-DB query recorded by an audit-log call on the same path?
 * 1785/TCTTKĐA item (3) and Circular 46/2022/TT-BCA art. 8 require a log entry
 * (account, time, query content, client IP) for every lookup, so an audit that
 * runs only on the error path, only in one branch, or only after a `return`
 * that can skip it does not count.
 */

export type AuditGap = 'missing' | 'catch' | 'branch' | 'earlyReturn';

export type AuditCoverage =
  | { covered: true; by: 'call' | 'decorator' | 'middleware' | 'callee'; node?: ts.Node }
  | { covered: false; gap: AuditGap; audit?: ts.CallExpression };

/** A direct audit call: its callee matches `audit.functions`. */
export function isDirectAuditCall(model: ProjectModel, call: ts.CallExpression): boolean {
  return matchesAnyCallee(calleeChain(call.expression), model.policy.audit.functions) !== undefined;
}

/** A call that records an audit entry: a policy audit function, or a project function that always calls one (`this.ghiNhatKy(...)`). */
export function isAuditCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): boolean {
  if (isDirectAuditCall(model, call)) return true;
  const target = model.resolveCall(file, call);
  // an audited wrapper (`traCuuCoNhatKy`) records its own lookup, not the caller's other lookups: only pure audit helpers count
  return target ? alwaysAudits(model, target) && !firstQuery(model, target) : false;
}

/** Does a function record an audit entry on every path (an unconditional audit call in its own body)? */
export function alwaysAudits(model: ProjectModel, target: FunctionTarget): boolean {
  return model.memo(
    'audit.always',
    target.info.memoKey,
    () => auditCallsOf(model, target.file, target.info.node).some((c) => branchContexts(c, target.info.node).length === 0),
    false,
  );
}

/**
 * Audit calls whose nearest function is `fn` (or the module, for a source file). The module's list
 * is memoized per file: every route handler's query climbs to it (an inline callback of
 * `router.get(...)` is judged with the code around the registration), so walking the module for
 * each of them made a file of n unaudited routes cost n² (3,000 routes: 45 s).
 */
function auditCallsOf(model: ProjectModel, file: FileIndex, scope: ts.Node): ts.CallExpression[] {
  if (!isSourceFile(scope)) return collectAuditCalls(model, file, scope);
  const memo = model.fileMemo('audit.moduleCalls', file.memoKey, () => ({ sourceFile: scope, calls: collectAuditCalls(model, file, scope) }), undefined);
  // the nodes belong to one parse of the file: a file parsed again (same text, new tree) is walked again
  return memo?.sourceFile === scope ? memo.calls : collectAuditCalls(model, file, scope);
}

function collectAuditCalls(model: ProjectModel, file: FileIndex, scope: ts.Node): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const root = isSourceFile(scope) ? scope : ((scope as FunctionLike).body ?? scope);
  // the calls of the scope's own code, from the file index's source-ordered list (no walk): not those of nested functions and classes
  // (a scope from another parse of the file has its own list)
  const sourceFile = root.getSourceFile();
  const all = sourceFile === file.sourceFile ? file.calls : buildFileIndex(sourceFile, file.hash).calls;
  const calls = root === sourceFile ? all : nodesWithin(all, root);
  for (const call of calls) {
    if (isNestedUnder(call, scope, isFunctionOrClass)) continue;
    if (isAuditCall(model, file, call)) out.push(call);
  }
  return out;
}

const isFunctionOrClass = (n: ts.Node) => isFunctionLike(n) || isClassLike(n);

type Context = { node: ts.Node; part: ts.Node; kind: 'branch' | 'catch' };

/** The conditional places between a node and its scope: if/else arms, switch cases, `?:`, `&&`/`||`/`??` right sides, loop bodies, catch clauses. */
function branchContexts(node: ts.Node, scope: ts.Node): Context[] {
  const out: Context[] = [];
  let child = node;
  for (let n = node.parent; n && n !== scope; child = n, n = n.parent) {
    if (isIfStatement(n) && child !== n.expression) out.push({ node: n, part: child, kind: 'branch' });
    else if (isConditionalExpression(n) && child !== n.condition) out.push({ node: n, part: child, kind: 'branch' });
    else if (isBinaryExpression(n) && child === n.right && isShortCircuit(n.operatorToken.kind)) out.push({ node: n, part: child, kind: 'branch' });
    else if (isCaseClause(n) || isDefaultClause(n)) out.push({ node: n, part: n, kind: 'branch' });
    else if (isCatchClause(n)) out.push({ node: n, part: n, kind: 'catch' });
    else if ((isForStatement(n) || isForOfStatement(n) || isForInStatement(n) || isWhileStatement(n)) && child === n.statement) out.push({ node: n, part: child, kind: 'branch' });
    else if (isCallExpression(n) && n.questionDotToken) out.push({ node: n, part: child, kind: 'branch' });
    else if (isFunctionLike(n)) break;
  }
  return out;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken;
}

const within = (inner: ts.Node, outer: ts.Node) => inner.pos >= outer.pos && inner.end <= outer.end;

/** Why an audit call does not record a query (undefined: it does). */
function gapOf(audit: ts.CallExpression, query: ts.Node, scope: ts.Node): AuditGap | undefined {
  for (const ctx of branchContexts(audit, scope)) {
    if (!within(query, ctx.part)) return ctx.kind === 'catch' ? 'catch' : 'branch';
  }
  if (audit.pos >= query.end && returnBetween(query, audit, scope)) return 'earlyReturn';
  return undefined;
}

/** A `return` after the query and before the audit (not in a nested function): a path that skips the audit. */
function returnBetween(query: ts.Node, audit: ts.Node, scope: ts.Node): boolean {
  let found = false;
  const body = isSourceFile(scope) ? scope : ((scope as FunctionLike).body ?? scope);
  const visit = (node: ts.Node): void => {
    if (found || (node !== body && isFunctionLike(node))) return;
    if (isReturnStatement(node) && node.end > query.pos && node.pos < audit.pos && !within(audit, node) && !inFinallyAfter(audit, node)) {
      // `return await query()` ends the function: the audit after it never runs
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** `try { return await q(); } finally { audit(); }`: the finally block runs after the return. */
function inFinallyAfter(audit: ts.Node, ret: ts.Node): boolean {
  for (let n = audit.parent; n && !isFunctionLike(n); n = n.parent) {
    if (isTryStatement(n) && n.finallyBlock && within(audit, n.finallyBlock) && !within(ret, n.finallyBlock) && within(ret, n)) return true;
  }
  return false;
}

function insideOtherCall(audit: ts.Node, query: ts.Node, scope: ts.Node): boolean {
  for (let n = audit.parent; n && n !== scope; n = n.parent) {
    if (isCallExpression(n) && !within(query, n)) return true;
  }
  return false;
}

const GAP_ORDER: AuditGap[] = ['earlyReturn', 'branch', 'catch', 'missing'];

/** Method decorators and NestJS interceptors (`@UseInterceptors(AuditInterceptor)`), on the method or its class, named in `audit.decorators`. */
function decoratedAudit(model: ProjectModel, node: ts.Node): ts.Node | undefined {
  const names = model.policy.audit.decorators;
  if (!names.length) return undefined;
  const matches = (d: ts.Decorator): boolean => {
    const e = skipOuterExpressions(d.expression);
    const callee = isCallExpression(e) ? e.expression : e;
    if (matchesAnyCallee(calleeChain(callee), names)) return true;
    // @UseInterceptors(AuditInterceptor), @UseInterceptors(new AuditInterceptor('tra-cuu'))
    return isCallExpression(e) && e.arguments.some((a) => {
      const arg = skipOuterExpressions(a);
      const ref = isNewExpression(arg) ? arg.expression : isCallExpression(arg) ? arg.expression : arg;
      return matchesAnyCallee(calleeChain(ref), names) !== undefined;
    });
  };
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (isMethodDeclaration(n) || isClassDeclaration(n) || isClassExpression(n)) {
      const d = (getDecorators(n) ?? []).find(matches);
      if (d) return d;
    }
    // every NestJS controller is covered by a global audit interceptor
    if (isClassDeclaration(n) && (getDecorators(n) ?? []).some((d) => decoratorName(d) === 'Controller')) {
      const global = globalAuditInterceptor(model);
      if (global) return global;
    }
  }
  return undefined;
}

function decoratorName(d: ts.Decorator): string | undefined {
  const e = skipOuterExpressions(d.expression);
  const callee = isCallExpression(e) ? e.expression : e;
  return calleeChain(callee)?.at(-1);
}

/**
 * A NestJS audit interceptor registered for the whole application:
 * `app.useGlobalInterceptors(new AuditInterceptor())` in main.ts, or a
 * `{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }` provider.
 * Searched once per generation, in the files that mention either.
 */
export function globalAuditInterceptor(model: ProjectModel): ts.Node | undefined {
  const names = model.policy.audit.decorators;
  if (!names.length) return undefined;
  const candidates = [...new Set([...model.filesContaining('useGlobalInterceptors'), ...model.filesContaining('APP_INTERCEPTOR')])].sort();
  // keyed by the candidate files' contents: a linted buffer that is not on disk may add or remove the registration
  const key = candidates.map((f) => `${f}@${model.fileIndex(f)?.hash ?? ''}`).join('|');
  return model.memo(
    'audit.globalInterceptor',
    key,
    () => {
      const isAuditRef = (expr: ts.Expression): boolean => {
        const e = skipOuterExpressions(expr);
        const ref = isNewExpression(e) || isCallExpression(e) ? e.expression : e;
        return matchesAnyCallee(calleeChain(ref), names) !== undefined;
      };
      for (const f of candidates) {
        const index = model.fileIndex(f);
        if (!index) continue;
        let found: ts.Node | undefined;
        const visit = (n: ts.Node): void => {
          if (found) return;
          if (isCallExpression(n) && isPropertyAccessExpression(n.expression) && n.expression.name.text === 'useGlobalInterceptors' && n.arguments.some(isAuditRef)) found = n;
          else if (isObjectLiteralExpression(n)) {
            const provide = n.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText(index.sourceFile) === 'provide');
            const use = n.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && ['useClass', 'useValue', 'useExisting'].includes(p.name.getText(index.sourceFile)));
            if (provide && use && calleeChain(provide.initializer)?.at(-1) === 'APP_INTERCEPTOR' && isAuditRef(use.initializer)) found = n;
          }
          if (!found) forEachChild(n, visit);
        };
        visit(index.sourceFile);
        if (found) return found;
      }
      return undefined;
    },
    undefined,
  );
}

/** An arrow or function expression passed straight to a call (`ids.map(id => …)`, `.then(r => …)`): it runs as part of that call. */
function inlineCallbackCall(fn: ts.Node): ts.CallExpression | undefined {
  if (!(isArrowFunction(fn) || isFunctionExpression(fn))) return undefined;
  let p = fn.parent;
  while (isParenthesizedExpression(p)) p = p.parent;
  return isCallExpression(p) && p.arguments.some((a) => skipOuterExpressions(a) === fn || within(fn, a)) ? p : undefined;
}

function nearestScope(node: ts.Node): ts.Node {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n) || isSourceFile(n)) return n;
  return node.getSourceFile();
}

/**
 * Is the query at `node` recorded by an audit on its own path — in its
 * function, or in the function around an inline callback that holds it
 * (`await Promise.all(ids.map(q)); auditLog(…)`), or by a decorator?
 * Callers are not consulted here (see `auditCoverage`).
 */
export function localAuditCoverage(model: ProjectModel, file: FileIndex, node: ts.Node): AuditCoverage {
  // asked by require-audit-log for every query site, and again by the inventory's rows
  return model.nodeMemo('query.localAudit', file, node, () => computeLocalAuditCoverage(model, file, node), { covered: false, gap: 'missing' });
}

function computeLocalAuditCoverage(model: ProjectModel, file: FileIndex, node: ts.Node): AuditCoverage {
  const decorator = decoratedAudit(model, node);
  if (decorator) return { covered: true, by: 'decorator', node: decorator };
  let best: { gap: AuditGap; audit?: ts.CallExpression } | undefined;
  let at: ts.Node = node;
  for (let depth = 0; depth < 6; depth++) {
    const scope = nearestScope(at);
    let closest: { gap: AuditGap; audit: ts.CallExpression } | undefined;
    for (const audit of auditCallsOf(model, file, scope)) {
      if (within(node, audit)) return { covered: true, by: 'call', node: audit }; // auditLog({ …, data: await q() })
      // an audit among the arguments of another call (`router.get('/a', audit.record('a'), h1)`) is on that call's path, not on this query's
      if (insideOtherCall(audit, at, scope)) continue;
      const gap = gapOf(audit, at, scope);
      if (!gap) return { covered: true, by: 'call', node: audit };
      if (!closest || GAP_ORDER.indexOf(gap) < GAP_ORDER.indexOf(closest.gap)) closest = { gap, audit };
    }
    if (closest && (!best || best.gap === 'missing')) best = closest;
    const outer = inlineCallbackCall(scope);
    if (!outer) break;
    const middleware = routeMiddlewareAudit(model, outer);
    if (middleware) return { covered: true, by: 'middleware', node: middleware };
    at = outer;
  }
  return { covered: false, ...(best ?? { gap: 'missing' }) };
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all']);

/**
 * Express audit middleware: `router.get('/x', auditLog, handler)` (a
 * middleware passed by reference among the route's arguments), or
 * `router.use(auditLog)` / `router.use(auditLog())` on the same router before
 * the route is registered — Express runs it for every later route.
 */
function routeMiddlewareAudit(model: ProjectModel, route: ts.CallExpression): ts.Node | undefined {
  const callee = skipOuterExpressions(route.expression);
  if (!isPropertyAccessExpression(callee) || !ROUTE_METHODS.has(callee.name.text)) return undefined;
  const patterns = model.policy.audit.functions;
  const isAuditMiddleware = (a: ts.Expression): boolean => {
    const e = skipOuterExpressions(a);
    const ref = isCallExpression(e) ? e.expression : e;
    return matchesAnyCallee(calleeChain(ref), patterns) !== undefined;
  };
  const own = route.arguments.slice(1, -1).find((a) => isAuditMiddleware(a));
  if (own) return own;
  const router = calleeChain(callee.expression)?.join('.');
  if (!router) return undefined;
  const statements = isSourceFile(route.parent.parent) || isBlock(route.parent.parent) ? (route.parent.parent as ts.SourceFile | ts.Block).statements : [];
  for (const stmt of statements) {
    if (stmt.pos >= route.pos) break;
    const e = isExpressionStatement(stmt) ? skipOuterExpressions(stmt.expression) : undefined;
    if (!e || !isCallExpression(e) || !isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'use') continue;
    if (calleeChain(e.expression.expression)?.join('.') !== router) continue;
    const found = e.arguments.find((a) => isAuditMiddleware(a));
    if (found) return found;
  }
  return undefined;
}

/** The first query a function performs that no audit records inside it (through its callees too), if any. */
export function unauditedQuery(model: ProjectModel, target: FunctionTarget): QuerySite | undefined {
  return model.memo(
    'audit.unaudited',
    target.info.memoKey,
    () => {
      const { file, info } = target;
      const visit = (node: ts.Node): QuerySite | undefined => {
        if (node !== info.node && (isFunctionDeclaration(node) || isClassLike(node) || isMethodDeclaration(node))) return undefined;
        if (isCallExpression(node)) {
          const site = auditRelevantSite(model, file, node);
          if (site && !localAuditCoverage(model, file, node).covered) return site;
        }
        return forEachChild(node, visit);
      };
      return info.node.body ? visit(info.node.body) : undefined;
    },
    undefined,
  );
}

/** A query site that still needs an audit: direct, or a wrapper whose callee leaves a query unaudited. */
export function auditRelevantSite(model: ProjectModel, file: FileIndex, call: ts.CallExpression): QuerySite | undefined {
  const site = classifyCall(model, file, call);
  // a login with the gateway (token, client id, CAPTCHA) or a connectivity probe looks nobody up: no lookup to audit
  if (!site || isNotALookup(site)) return undefined;
  if (site.kind === 'clientCall') {
    // the policy names the client; when it is a project function that audits every call itself, its callers need not
    const target = model.resolveCall(file, call);
    return target && alwaysAudits(model, target) ? undefined : site;
  }
  if (site.kind !== 'wrapper') return site;
  return site.target && unauditedQuery(model, site.target) ? site : undefined;
}

/**
 * Audit coverage of a query site, including callers: a site its own function
 * does not audit is still covered when that function has callers in the
 * project — each caller's call is then a query site of its own, checked (and
 * reported) where it is. Only the outermost unaudited place is reported.
 */
export function auditCoverage(model: ProjectModel, site: QuerySite): AuditCoverage {
  const local = localAuditCoverage(model, site.file, site.call);
  if (local.covered) return local;
  let scope: ts.Node = nearestScope(site.call);
  for (let outer = inlineCallbackCall(scope); outer; outer = inlineCallbackCall(scope)) scope = nearestScope(outer);
  const info = isFunctionLike(scope) ? site.file.functionByNode.get(scope) : undefined;
  if (info && model.callersOf(info).length > 0) return { covered: true, by: 'callee' };
  return local;
}

/** Required audit fields that an audit call's object-literal argument visibly lacks (none when it spreads another object). */
export function missingAuditFields(model: ProjectModel, call: ts.CallExpression): string[] {
  const required = model.policy.audit.requiredFields;
  if (!required.length) return [];
  const object = call.arguments.map((a) => skipOuterExpressions(a)).find(isObjectLiteralExpression);
  if (!object || object.properties.some(isSpreadAssignment)) return [];
  const keys = new Set(
    object.properties.map((p) => (p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined)).filter((k): k is string => k !== undefined),
  );
  return required.filter((f) => !keys.has(f));
}
