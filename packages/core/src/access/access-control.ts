import * as path from 'node:path';
import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { PUBLIC_ROUTE_DECORATORS } from '../policy/defaults';
import type { PublicRoute } from '../policy/policy';
import type { ProjectModel, FunctionTarget, Resolved } from '../project/model';
import { isFunctionLike, type FileIndex, type FunctionLike } from '../project/file-index';
import { firstQuery, type QuerySite } from '../query/query-sites';
import { forEachNode } from '../walk';
import { FASTIFY_GUARD_HOOKS, decoratorsOf, describeRoute, findEntryPoints, joinPaths, nestDecoratorProtection, nestGuardProtection, type EntryPoint } from './entry-points';
import { classifyChain, classifyMiddleware, commonProtection, handlerChecks, mergeProtection, packageOf, type Protection } from './guards';
import { enqueuedLookup, type EnqueuedLookup } from './queues';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, getModifiers, isArrayLiteralExpression, isBinaryExpression, isCallExpression, isClassDeclaration, isExportAssignment,
  isExportDeclaration, isExpression, isFunctionDeclaration, isIdentifier, isNamedExports, isObjectLiteralExpression, isParameter,
  isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isSourceFile, isStringLiteral, isStringLiteralLike,
  isVariableDeclaration, isVariableStatement,
} = ts;

/**
 * `popdb/require-access-control`: every entry point that reaches a
 * population-DB query must authenticate its caller, and should check the
 * caller's role and limit the rate (docs/access-control.md). This module
 * joins the entry points of one file with what protects them anywhere in
 * the project: middleware registered on the router before the route, the
 * router's mounts in other files (`app.use('/api', requireLogin, router)`),
 * registration functions called with the app, Fastify hooks of the plugin
 * and of its parents, NestJS global guards, checks inside the handler.
 */

export interface AccessGap {
  entry: EntryPoint;
  /** `POST /api/tra-cuu`: the method and the full path (mount prefixes joined), as the messages name it. */
  route: string;
  /** The full path (`/api/tra-cuu`), the socket.io event name, or undefined when the path is not static. */
  path: string | undefined;
  /** The query the entry point reaches, with its chain from the handler. */
  query: QuerySite;
  /** `handler → traCuuCongDan → http.post`. */
  chain: string;
  protection: Protection;
  missing: ('auth' | 'role' | 'rate')[];
}

/** How many mounts up a router is followed (router → app → the app of a sub-app …). */
const MAX_MOUNT_DEPTH = 4;
/** At most this many files are searched for the mounts of one router: beyond that the route is judged by what its own file shows. */
const MAX_MOUNT_FILES = 64;

interface Mounted {
  protection: Protection;
  prefix: string | undefined;
}

/** The declaration a router or app expression stands for (`const router = Router()`, a Fastify plugin's parameter). */
function containerOf(model: ProjectModel, file: FileIndex, receiver: ts.Expression): Resolved | undefined {
  const e = skipOuterExpressions(receiver);
  if (!isIdentifier(e) && !isPropertyAccessExpression(e)) return undefined;
  return model.resolveExpression(file, e);
}

const sameNode = (a: Resolved | undefined, b: Resolved) => a !== undefined && a.node === b.node;

/** The text of a receiver for "the same router" comparisons in one file (`app`, `this.app`, `io.of('/x')`). */
const receiverText = (file: FileIndex, e: ts.Expression) => skipOuterExpressions(e).getText(file.sourceFile).replace(/\s+/g, '');

/** Does a `use(path, …)` prefix cover a route path? `/api` covers `/api/x`; `/api/*` too; no path covers everything. */
function pathCovers(prefix: string | undefined, routePath: string | undefined): boolean {
  if (prefix === undefined) return true;
  const p = prefix.replace(/\/?\*+$/, '').replace(/\/+$/, '');
  if (p === '') return true;
  if (routePath === undefined) return false;
  return routePath === p || routePath.startsWith(`${p}/`);
}

/**
 * Middleware registered on the same app/router in the same file: for
 * Express, Koa and Hono `R.use([path,] mw…)` before `before` (they run in
 * order), for Fastify `R.addHook('onRequest' | 'preHandler' …, fn)` and
 * `R.register(rateLimitPlugin)` anywhere in the same plugin, for socket.io
 * `io.use(fn)`.
 */
function sameRouterProtection(model: ProjectModel, file: FileIndex, receiver: ts.Expression, before: number, routePath: string | undefined, anchor: ts.Node): Protection {
  const parts: Protection[] = [];
  for (const node of routerCalls(model, file).get(receiverText(file, receiver)) ?? []) {
    // only calls at module level or in the functions around the route (a registration function, a Fastify plugin): not in sibling plugins
    if (!enclosedWith(node, anchor)) continue;
    const method = (skipOuterExpressions(node.expression) as ts.PropertyAccessExpression).name.text;
    const args = [...node.arguments];
    if (method === 'use' && node.pos < before) {
      const first = args[0] ? skipOuterExpressions(args[0]) : undefined;
      const prefix = first && isStringLiteralLike(first) ? first.text : undefined;
      if (pathCovers(prefix, routePath)) parts.push(...args.slice(prefix !== undefined ? 1 : 0).map((a) => classifyMiddleware(model, file, a)));
    } else if (method === 'addHook' && args.length >= 2) {
      const hook = skipOuterExpressions(args[0]);
      if (isStringLiteralLike(hook) && FASTIFY_GUARD_HOOKS.has(hook.text)) parts.push(classifyMiddleware(model, file, args[1]));
    } else if (method === 'register' && args.length >= 1) {
      parts.push(pickRate(classifyMiddleware(model, file, args[0])));
    }
  }
  return mergeProtection(...parts);
}

/** Every function around `call` also holds `anchor` (so `call` runs in the same registration scope or an outer one). */
function enclosedWith(call: ts.Node, anchor: ts.Node): boolean {
  for (let n = call.parent; n && !isSourceFile(n); n = n.parent) {
    if (isFunctionLike(n) && !(anchor.pos >= n.pos && anchor.end <= n.end)) return false;
  }
  return true;
}

/** `R.use(…)`, `R.addHook(…)`, `R.register(…)` calls of a file by receiver text: one walk per file content, so many routes cost one pass. */
function routerCalls(model: ProjectModel, file: FileIndex): Map<string, ts.CallExpression[]> {
  return model.memo('access.routerCalls', file.memoKey, () => {
    const out = new Map<string, ts.CallExpression[]>();
    for (const node of file.calls) {
      const callee = skipOuterExpressions(node.expression);
      if (!isPropertyAccessExpression(callee) || !['use', 'addHook', 'register'].includes(callee.name.text)) continue;
      const key = receiverText(file, callee.expression);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push(node);
    }
    return out;
  }, new Map());
}

/** A registered plugin protects routes only through a rate limit it installs; its own routes are checked where they are. */
const pickRate = (p: Protection): Protection => (p.rate ? { rate: p.rate } : {});

/** Names another file can import a declaration under, and whether it is a default or whole-module export (any local name). */
function exportNamesOf(file: FileIndex, local: string): { names: string[]; anyName: boolean } {
  const names: string[] = [];
  let anyName = false;
  for (const [exported, b] of file.exports) {
    if (b.kind !== 'local' || b.local !== local) continue;
    if (exported === 'default' || exported === '*') anyName = true;
    else names.push(exported);
  }
  return { names, anyName };
}

/** Files that may mount a router declared in `file` under `local`. */
function mountCandidateFiles(model: ProjectModel, file: FileIndex, local: string): string[] {
  const { names, anyName } = local === 'default' ? { names: [], anyName: true } : exportNamesOf(file, local);
  const out = new Set<string>([file.fileName]);
  for (const n of names) for (const f of model.filesContaining(n)) out.add(f);
  if (anyName) {
    const stem = path.basename(file.fileName, path.extname(file.fileName));
    const moduleName = stem === 'index' ? path.basename(path.dirname(file.fileName)) : stem;
    const parts = moduleName.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
    if (parts.length) {
      const [first, ...rest] = parts.map((p) => new Set(model.filesContaining(p)));
      for (const f of first) if (rest.every((r) => r.has(f))) out.add(f);
    }
  }
  return [...out].sort().slice(0, MAX_MOUNT_FILES);
}

/** Calls of a file that can mount a router or plugin: `use`, `route` (Hono), `register` (Fastify). Memoized per content. */
function mountCalls(model: ProjectModel, file: FileIndex): ts.CallExpression[] {
  return model.memo('access.mountCalls', file.memoKey, () => {
    return file.calls.filter((node) => {
      const callee = skipOuterExpressions(node.expression);
      return isPropertyAccessExpression(callee) && ['use', 'route', 'register'].includes(callee.name.text) && node.arguments.length > 0;
    });
  }, []);
}

/** Does a mount argument stand for the container: the router itself, `router.routes()` (Koa), `require('./x')`, `fp(plugin)`? */
function refersTo(model: ProjectModel, file: FileIndex, arg: ts.Expression, container: Resolved, depth = 0): boolean {
  if (depth > 3) return false;
  const e = skipOuterExpressions(arg);
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    let r = model.resolveExpression(file, e);
    // `const setupRoutes = require('./routes/setup')` resolves to the module: its `module.exports = router`
    if (r && isSourceFile(r.node)) r = model.resolveExport(r.file, '*') ?? model.resolveExport(r.file, 'default') ?? r;
    if (sameNode(r, container)) return true;
    // a plugin function referenced by name
    const fn = model.resolveFunctionReference(file, e);
    if (fn && fn.info.node === container.node) return true;
    // `const plugin = fp(async (fastify) => …)` in another file, or `module.exports = router`
    const value = r ? model.valueNode(r.node) : undefined;
    if (r && value && value !== e && isExpression(value) && !isIdentifier(value)) return refersTo(model, model.ownerIndex(r) ?? file, value, container, depth + 1);
    return false;
  }
  if (isFunctionLike(e)) return e === container.node;
  if (isCallExpression(e)) {
    const callee = skipOuterExpressions(e.expression);
    // koa: app.use(router.routes()), router.allowedMethods()
    if (isPropertyAccessExpression(callee) && (callee.name.text === 'routes' || callee.name.text === 'middleware')) return refersTo(model, file, callee.expression, container, depth + 1);
    // require('./routes/ho-so')
    if (isIdentifier(callee) && callee.text === 'require' && e.arguments.length === 1 && isStringLiteralLike(e.arguments[0])) {
      const target = model.resolveModule(file.fileName, e.arguments[0].text);
      const whole = target?.exports.get('*') ?? target?.exports.get('default');
      if (!target || !whole) return false;
      if (whole.kind === 'local') {
        const r = model.resolveName(target, whole.local);
        return sameNode(r, container);
      }
      return whole.kind === 'expression' ? refersTo(model, target, whole.node, container, depth + 1) : false;
    }
    // fastify-plugin: fp(plugin), fp(async (fastify) => …)
    return e.arguments.some((a) => refersTo(model, file, a, container, depth + 1));
  }
  return false;
}

/**
 * What protects a router or app through the places it is mounted or
 * registered: the middleware before it in the mounting call, what the
 * parent registered earlier, and the parent's own mounts (bounded). Every
 * mount must be protected: a router mounted twice, once without a guard, is
 * reachable without one.
 */
function mountedProtection(model: ProjectModel, file: FileIndex, receiver: ts.Expression, depth: number): Mounted | undefined {
  if (depth > MAX_MOUNT_DEPTH) return undefined;
  const container = containerOf(model, file, receiver);
  if (!container) return undefined;
  const owner = model.ownerIndex(container) ?? file;
  // once per router and generation, whichever route or mount asks; a cycle of mounts (a router mounted into itself) gives nothing
  return model.memo('access.mounted', `${owner.memoKey}|${container.node.pos}`, () => computeMounted(model, owner, container, depth), undefined);
}

function computeMounted(model: ProjectModel, owner: FileIndex, container: Resolved, depth: number): Mounted | undefined {
  const node = container.node;
  const results: Mounted[] = [];
  if (isParameter(node) && isFunctionLike(node.parent)) {
    // `module.exports = (app) => { app.get(...) }` called as `require('./routes')(app)`, or a Fastify plugin `async (fastify, opts) => …` registered with `app.register(plugin, { prefix })`
    const fn = node.parent;
    const index = fn.parameters.indexOf(node);
    const info = owner.functionByNode.get(fn);
    if (info) {
      for (const c of model.callersOf(info)) {
        const arg = c.call.arguments[index];
        if (!arg) continue;
        const local = sameRouterProtection(model, c.file, arg, c.call.pos, undefined, c.call);
        const up = mountedProtection(model, c.file, arg, depth + 1);
        results.push({ protection: mergeProtection(local, up?.protection), prefix: up?.prefix });
      }
      const pluginName = pluginNameOf(owner, fn);
      const files = pluginName ? mountCandidateFiles(model, owner, pluginName) : [owner.fileName];
      for (const f of files) {
        const index2 = model.fileIndex(f);
        if (!index2) continue;
        for (const call of mountCalls(model, index2)) {
          const callee = skipOuterExpressions(call.expression) as ts.PropertyAccessExpression;
          if (callee.name.text !== 'register' || !refersTo(model, index2, call.arguments[0], { file: owner, node: fn })) continue;
          results.push(mountResult(model, index2, call, callee, 1, depth));
        }
      }
    }
  } else if (isVariableDeclaration(node) && isIdentifier(node.name)) {
    for (const f of mountCandidateFiles(model, owner, node.name.text)) {
      const index2 = model.fileIndex(f);
      if (!index2) continue;
      for (const call of mountCalls(model, index2)) {
        const callee = skipOuterExpressions(call.expression) as ts.PropertyAccessExpression;
        const at = call.arguments.findIndex((a) => refersTo(model, index2, a, container));
        if (at < 0) continue;
        // `router.use(auth)` on the router itself is not a mount
        if (containerOf(model, index2, callee.expression)?.node === node) continue;
        results.push(mountResult(model, index2, call, callee, at, depth));
      }
    }
  }
  if (!results.length) return undefined;
  return { protection: commonProtection(results.map((r) => r.protection)), prefix: results[0].prefix };
}

/** The name a plugin function is exported or declared under (for the files that register it). */
function pluginNameOf(file: FileIndex, fn: FunctionLike): string | undefined {
  if (isFunctionDeclaration(fn) && fn.name) return fn.name.text;
  let p: ts.Node = fn.parent;
  while (isCallExpression(p) || isParenthesizedExpression(p)) p = p.parent; // fp(async (fastify) => …)
  if (isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  if (isExportAssignment(p)) return 'default';
  // `module.exports = async function (fastify) {…}`
  if (isBinaryExpression(p) && file.exports.get('*')?.kind === 'expression') return 'default';
  return undefined;
}

/** One mount: `parent.use('/api', auth, router)` / `parent.route('/api', sub)` / `parent.register(plugin, { prefix })`. */
function mountResult(model: ProjectModel, file: FileIndex, call: ts.CallExpression, callee: ts.PropertyAccessExpression, at: number, depth: number): Mounted {
  const args = [...call.arguments];
  const first = skipOuterExpressions(args[0]);
  let ownPrefix: string | undefined;
  if (callee.name.text === 'register') {
    const opts = args[1] ? skipOuterExpressions(args[1]) : undefined;
    const prefixProp = opts && isObjectLiteralExpression(opts) ? opts.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText(file.sourceFile) === 'prefix') : undefined;
    const prefixValue = prefixProp ? skipOuterExpressions(prefixProp.initializer) : undefined;
    ownPrefix = prefixValue && isStringLiteralLike(prefixValue) ? prefixValue.text : '';
  } else {
    ownPrefix = isStringLiteralLike(first) ? first.text : '';
  }
  const between = callee.name.text === 'register' ? [] : args.slice(isStringLiteralLike(first) ? 1 : 0, at);
  const inCall = mergeProtection(...between.map((a) => classifyMiddleware(model, file, a)));
  const parentLocal = sameRouterProtection(model, file, callee.expression, call.pos, ownPrefix || undefined, call);
  const up = mountedProtection(model, file, callee.expression, depth + 1);
  return { protection: mergeProtection(inCall, parentLocal, up?.protection), prefix: joinPaths(up?.prefix ?? '', ownPrefix) };
}

/**
 * NestJS guards for the whole application: `app.useGlobalGuards(new
 * JwtGuard())` in main.ts, `{ provide: APP_GUARD, useClass: ThrottlerGuard }`
 * providers. Found in the files that mention either, memoized by their
 * contents.
 */
/**
 * The application a file belongs to in a monorepo: `apps/<name>`,
 * `packages/<name>`, `services/<name>` under the project root, else the
 * whole project. A global guard registered in one application's `main.ts`
 * or module protects that application's controllers only; one registered
 * in shared code (`libs/`, the root) is taken to protect every application.
 */
function applicationOf(model: ProjectModel, fileName: string): string {
  const rel = path.relative(model.root, fileName).split(path.sep);
  const i = rel.findIndex((seg) => seg === 'apps' || seg === 'packages' || seg === 'services');
  return i >= 0 && rel.length > i + 2 ? rel.slice(0, i + 2).join('/') : '';
}

function inApplication(app: string, model: ProjectModel, fileName: string): boolean {
  return app === '' || applicationOf(model, fileName) === app;
}

/**
 * A project-wide fact computed from the files whose text mentions one of
 * `tokens` (the token index, no parse of the others), memoized by those
 * files' contents: a linted buffer that is not on disk may add or remove a
 * registration.
 */
function overFilesMentioning<T>(model: ProjectModel, namespace: string, tokens: readonly string[], keep: (fileName: string) => boolean, compute: (files: FileIndex[]) => T, empty: T): T {
  const candidates = [...new Set(tokens.flatMap((t) => model.filesContaining(t)))].filter(keep).sort();
  const indexes = candidates.map((f) => model.fileIndex(f)).filter((i): i is FileIndex => i !== undefined);
  return model.memo(namespace, indexes.map((i) => i.memoKey).join('|'), () => compute(indexes), empty);
}

function nestGlobalProtection(model: ProjectModel, controllerFile: string): Protection {
  const app = applicationOf(model, controllerFile);
  return overFilesMentioning(model, `access.nestGlobal|${app}`, ['useGlobalGuards', 'APP_GUARD'], (f) => inApplication(applicationOf(model, f), model, controllerFile), (indexes) => {
    const parts: Protection[] = [];
    for (const index of indexes) {
      forEachNode(index.sourceFile, (n) => {
        if (isCallExpression(n) && isPropertyAccessExpression(n.expression) && n.expression.name.text === 'useGlobalGuards') {
          for (const a of n.arguments) parts.push(nestGuardProtection(model, index, a));
        } else if (isObjectLiteralExpression(n)) {
          const prop = (name: string) => n.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText(index.sourceFile) === name);
          const provide = prop('provide');
          const use = prop('useClass') ?? prop('useExisting') ?? prop('useValue');
          if (provide && use && calleeChain(provide.initializer)?.at(-1) === 'APP_GUARD') parts.push(nestGuardProtection(model, index, use.initializer));
        }
        return undefined;
      });
    }
    return mergeProtection(...parts);
  }, {});
}

/** `@Public()`, `@SetMetadata('isPublic', true)` on the method or its controller: a global guard lets the call through. */
function markedPublic(nodes: readonly ts.Node[]): boolean {
  return nodes.some((n) =>
    decoratorsOf(n).some((d) => {
      const e = skipOuterExpressions(d.expression);
      const callee = isCallExpression(e) ? e.expression : e;
      const name = calleeChain(callee)?.at(-1);
      if (name && PUBLIC_ROUTE_DECORATORS.includes(name)) return true;
      if (name === 'SetMetadata' && isCallExpression(e) && e.arguments[0]) return /public|anonymous|skip.?auth/i.test(e.arguments[0].getText());
      return false;
    }),
  );
}

/** `@SkipThrottle()` on the method or its controller takes it out of a global throttler. */
function skipsThrottle(nodes: readonly ts.Node[]): boolean {
  return nodes.some((n) => decoratorsOf(n).some((d) => /SkipThrottle/.test(d.expression.getText())));
}

interface NestMiddlewareRule {
  /** The application (monorepo folder) whose module binds it; '' for shared code. */
  app: string;
  protection: Protection;
  /** Controller classes, or `{ path, method }` route patterns. */
  routes: ({ controller: ts.Node } | { path: string; method: string })[];
  excludes: { path: string; method: string }[];
}

/** `RequestMethod.GET` → GET; a missing method is every method. */
function nestRouteSpec(model: ProjectModel, file: FileIndex, arg: ts.Expression): { controller: ts.Node } | { path: string; method: string } | undefined {
  const e = skipOuterExpressions(arg);
  if (isStringLiteralLike(e)) return { path: e.text, method: 'ALL' };
  if (isObjectLiteralExpression(e)) {
    const get = (name: string) => e.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText(file.sourceFile) === name)?.initializer;
    const p = get('path');
    const m = get('method');
    const pathText = p && isStringLiteralLike(skipOuterExpressions(p)) ? (skipOuterExpressions(p) as ts.StringLiteralLike).text : undefined;
    if (pathText === undefined) return undefined;
    return { path: pathText, method: m ? (calleeChain(m)?.at(-1) ?? 'ALL').toUpperCase() : 'ALL' };
  }
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const r = model.resolveExpression(file, e);
    if (r && isClassDeclaration(r.node)) return { controller: r.node };
  }
  return undefined;
}

/** Does a Nest route pattern (`articles/feed`, `profiles/:username/follow`, `articles/*`, `*`, `(.*)`) cover a path? */
function nestPathMatches(pattern: string, routePath: string | undefined): boolean {
  if (routePath === undefined) return false;
  const want = pattern.replace(/^\/+|\/+$/g, '');
  const have = routePath.replace(/^\/+|\/+$/g, '');
  if (want === '*' || want === '(.*)' || want === '') return true;
  const ws = want.split('/');
  const hs = have.split('/');
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (w === '*' || w === '(.*)' || (i === ws.length - 1 && w.endsWith('*') && (hs[i] ?? '').startsWith(w.slice(0, -1).replace(/\($/, '')))) return true;
    if (hs[i] === undefined) return false;
    if (w.startsWith(':') ? false : w !== hs[i]) return false;
  }
  return ws.length === hs.length;
}

/**
 * NestJS middleware bound in a module: `consumer.apply(AuthMiddleware).exclude(…).forRoutes(CongDanController | 'cong-dan/*' | { path, method })`.
 * Found in the files that mention `forRoutes`, memoized by their contents.
 */
function nestMiddlewareRules(model: ProjectModel): NestMiddlewareRule[] {
  return overFilesMentioning(model, 'access.nestMiddleware', ['forRoutes'], () => true, (indexes) => {
    const out: NestMiddlewareRule[] = [];
    for (const index of indexes) {
      const f = index.fileName;
      forEachNode(index.sourceFile, (n) => {
        if (!isCallExpression(n) || !isPropertyAccessExpression(n.expression) || n.expression.name.text !== 'forRoutes') return undefined;
        const rule: NestMiddlewareRule = { app: applicationOf(model, f), protection: {}, routes: [], excludes: [] };
        for (const a of n.arguments) {
          const spec = nestRouteSpec(model, index, a);
          if (spec) rule.routes.push(spec);
        }
        const parts: Protection[] = [];
        let x: ts.Expression = n.expression.expression;
        for (let guard = 0; guard < 8 && isCallExpression(x) && isPropertyAccessExpression(x.expression); guard++) {
          const name = x.expression.name.text;
          if (name === 'apply') parts.push(...x.arguments.map((a) => classifyMiddleware(model, index, a)));
          else if (name === 'exclude') for (const a of x.arguments) {
            const spec = nestRouteSpec(model, index, a);
            if (spec && 'path' in spec) rule.excludes.push(spec);
          }
          x = x.expression.expression;
        }
        rule.protection = mergeProtection(...parts);
        if (rule.protection.auth || rule.protection.role || rule.protection.rate) out.push(rule);
        return undefined;
      });
    }
    return out;
  }, []);
}

function nestMiddlewareProtection(model: ProjectModel, file: FileIndex, entry: EntryPoint): Protection {
  if (!entry.nest) return {};
  const methodOk = (m: string) => m === 'ALL' || entry.method === 'ALL' || m === entry.method;
  const covers = (spec: { path: string; method: string }) => methodOk(spec.method) && nestPathMatches(spec.path, entry.path);
  const parts: Protection[] = [];
  for (const rule of nestMiddlewareRules(model)) {
    if (!inApplication(rule.app, model, file.fileName) || rule.excludes.some(covers)) continue;
    if (rule.routes.some((r) => ('controller' in r ? r.controller === entry.nest!.controller : covers(r)))) parts.push(rule.protection);
  }
  return mergeProtection(...parts);
}

function nestProtection(model: ProjectModel, file: FileIndex, entry: EntryPoint): Protection {
  if (!entry.nest) return {};
  const { method, controller } = entry.nest;
  const own = mergeProtection(nestDecoratorProtection(model, file, method), nestDecoratorProtection(model, file, controller));
  const global = nestGlobalProtection(model, file.fileName);
  const publicRoute = markedPublic([method, controller]);
  const fromGlobal: Protection = {
    auth: publicRoute ? undefined : global.auth,
    role: publicRoute ? undefined : global.role,
    rate: skipsThrottle([method, controller]) ? undefined : global.rate,
  };
  return mergeProtection(own, fromGlobal, nestMiddlewareProtection(model, file, entry));
}

/**
 * Next.js `middleware.ts` (or `.js`, in the project root or `src/`, next to
 * `app/`/`pages/`): it runs before every route its `config.matcher` names
 * (all routes when it has none). It authenticates when its export is a
 * guard (`export default withAuth(...)`, `export { default } from
 * 'next-auth/middleware'`, `export { auth as middleware }`,
 * `clerkMiddleware()` named in the policy) or its function checks one
 * (`getToken(...)`, `jwtVerify(...)`).
 */
function nextMiddlewareProtection(model: ProjectModel, file: FileIndex, entry: EntryPoint): Protection {
  if (entry.framework !== 'nextjs') return {};
  const rel = path.relative(model.root, file.fileName).split(path.sep);
  const at = rel.findIndex((seg) => seg === 'app' || seg === 'pages');
  const base = path.join(model.root, ...rel.slice(0, Math.max(0, at)));
  const dirs = [...new Set([base, path.dirname(base)])];
  for (const dir of dirs) {
    for (const name of ['middleware.ts', 'middleware.js', 'middleware.mjs', 'src/middleware.ts']) {
      const index = model.fileIndex(path.join(dir, name));
      if (!index) continue;
      const protection = middlewareFileProtection(model, index);
      if (!protection.auth && !protection.role && !protection.rate) continue;
      const matchers = nextMatchers(model, index);
      if (!matchers || matchers.some((m) => nextMatcherCovers(m, entry.path))) return protection;
    }
  }
  return {};
}

function middlewareFileProtection(model: ProjectModel, index: FileIndex): Protection {
  return model.memo('access.nextMiddleware', index.memoKey, () => {
    const parts: Protection[] = [];
    for (const stmt of index.sourceFile.statements) {
      if (isExportDeclaration(stmt)) {
        const module = stmt.moduleSpecifier && isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
        if (module && /next-auth\/middleware|@clerk\/nextjs|@auth0\/nextjs-auth0/.test(module)) parts.push({ auth: module });
        if (stmt.exportClause && isNamedExports(stmt.exportClause)) {
          for (const el of stmt.exportClause.elements) {
            if (el.name.text !== 'middleware' && el.name.text !== 'default') continue;
            parts.push(classifyChain(model, [(el.propertyName ?? el.name).text]));
          }
        }
      } else if (isExportAssignment(stmt)) {
        parts.push(classifyMiddleware(model, index, stmt.expression));
      } else if (isFunctionDeclaration(stmt) && (stmt.name?.text === 'middleware' || (getModifiers(stmt) ?? []).some((m) => m.kind === SyntaxKind.DefaultKeyword))) {
        parts.push(classifyMiddleware(model, index, stmt as unknown as ts.Expression));
      } else if (isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          if (isIdentifier(d.name) && d.name.text === 'middleware' && d.initializer) parts.push(classifyMiddleware(model, index, d.initializer));
        }
      }
    }
    return mergeProtection(...parts);
  }, {});
}

/** `export const config = { matcher: ['/api/:path*'] }`: the matchers, or undefined when every route passes through the middleware. */
function nextMatchers(model: ProjectModel, index: FileIndex): string[] | undefined {
  const decl = index.declarations.get('config');
  const value = decl ? model.valueNode(decl) : undefined;
  if (!value || !isObjectLiteralExpression(value)) return undefined;
  const matcher = value.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText(index.sourceFile) === 'matcher');
  if (!matcher) return undefined;
  const m = skipOuterExpressions(matcher.initializer);
  const items = isArrayLiteralExpression(m) ? [...m.elements] : [m];
  return items.map((x) => skipOuterExpressions(x)).filter(isStringLiteralLike).map((x) => x.text);
}

/** `/api/:path*` covers `/api/x`; `/((?!_next|login).*)`-style negative lookaheads cover everything they do not name. */
function nextMatcherCovers(matcher: string, routePath: string | undefined): boolean {
  if (routePath === undefined) return false;
  if (matcher.startsWith('/((?!')) {
    const excluded = /^\/\(\(\?!([^)]*)\)/.exec(matcher)?.[1].split('|') ?? [];
    const first = routePath.replace(/^\/+/, '').split('/')[0];
    return !excluded.some((x) => x.replace(/\\/g, '').replace(/\..*$/, '') === first);
  }
  const prefix = matcher.replace(/\/:[\w]+[*+?]?$/, '').replace(/\(\.\*\)$/, '').replace(/\/+$/, '');
  return routePath === prefix || routePath.startsWith(`${prefix}/`) || prefix === '';
}

/** The project functions an entry point's handler runs: inline, by reference, wrapped in `asyncHandler(...)`. */
function handlerTargets(model: ProjectModel, file: FileIndex, handler: ts.Expression | FunctionLike, depth = 0): FunctionTarget[] {
  if (depth > 3) return [];
  if (isFunctionLike(handler)) {
    const info = file.functionByNode.get(handler);
    return info ? [{ file, info }] : [];
  }
  const e = skipOuterExpressions(handler);
  if (isFunctionLike(e)) return handlerTargets(model, file, e, depth + 1);
  if (isArrayLiteralExpression(e)) return e.elements.flatMap((x) => handlerTargets(model, file, x, depth + 1));
  if (isCallExpression(e)) {
    // asyncHandler(async (req, res) => …), catchAsync(controller.traCuu), this.traCuu.bind(this)
    const callee = skipOuterExpressions(e.expression);
    if (isPropertyAccessExpression(callee) && callee.name.text === 'bind') return handlerTargets(model, file, callee.expression, depth + 1);
    const inner = e.arguments.flatMap((a) => handlerTargets(model, file, a, depth + 1));
    if (inner.length) return inner;
    // a factory of the project that returns the handler: `makeHandler(service)`
    const target = model.resolveCall(file, e);
    return target ? [target] : [];
  }
  const target = model.resolveFunctionReference(file, e);
  if (target) return [target];
  // `userController.createUser` where `const createUser = catchAsync(async (req, res) => …)` in another file
  const resolved = isIdentifier(e) || isPropertyAccessExpression(e) ? model.resolveExpression(file, e) : undefined;
  const value = resolved ? model.valueNode(resolved.node) : undefined;
  if (!resolved || !value || value === e || !isExpression(value) || isIdentifier(value)) return [];
  return handlerTargets(model, model.ownerIndex(resolved) ?? file, value, depth + 1);
}

/** Does `route` (`GET /health`) match a public-route entry (`GET /health`, `* /public/*`, `SOCKET ping`)? */
export function matchesPublicRoute(entryRoute: { method: string; path: string | undefined }, pub: PublicRoute): boolean {
  const [m, p] = pub.route.trim().split(/\s+/);
  if (!m || !p || entryRoute.path === undefined) return false;
  const method = m.toUpperCase();
  const methods = entryRoute.method.split('|');
  if (method !== '*' && method !== 'ALL' && !methods.includes(method) && !methods.includes('ALL')) return false;
  const norm = (s: string) => (s.length > 1 ? s.replace(/\/+$/, '') : s);
  const want = norm(p);
  const have = norm(entryRoute.path);
  if (want.endsWith('/*')) return have === want.slice(0, -2) || have.startsWith(want.slice(0, -1));
  return have === want;
}

/**
 * The entry points of a file that reach a population-DB query and lack
 * authentication (HTTP and socket), a role check or a rate limit (HTTP),
 * minus the routes `access.public` names. Queue consumers are found but never
 * reported: a job has no caller to authenticate (docs/access-control.md).
 */
export function accessGaps(model: ProjectModel, file: FileIndex): AccessGap[] {
  return model.memo('access.gaps', file.memoKey, () => computeGaps(model, file), []);
}

function computeGaps(model: ProjectModel, file: FileIndex): AccessGap[] {
  const out: AccessGap[] = [];
  const mounts = new Map<string, Mounted | undefined>();
  for (const entry of findEntryPoints(model, file)) {
    if (entry.kind === 'queue') continue;
    let query: QuerySite | undefined;
    let handler: FunctionTarget | undefined;
    let enqueued: EnqueuedLookup | undefined;
    const targets = entry.handlers.flatMap((h) => handlerTargets(model, file, h));
    for (const t of targets) {
      query = firstQuery(model, t);
      if (query) {
        handler = t;
        break;
      }
    }
    // a route that only enqueues a job whose worker looks the citizen up
    if (!query) {
      for (const t of targets) {
        enqueued = enqueuedLookup(model, t);
        if (enqueued) {
          handler = t;
          query = enqueued.query;
          break;
        }
      }
    }
    if (!query || !handler) continue;
    let mounted: Mounted | undefined;
    let routerLevel: Protection = {};
    if (entry.receiver) {
      const key = receiverText(file, entry.receiver);
      if (!mounts.has(key)) mounts.set(key, mountedProtection(model, file, entry.receiver, 0));
      mounted = mounts.get(key);
      const anchor = entry.call ?? entry.node;
      // Fastify hooks apply to every route of the plugin, wherever they are added; Express, Koa and Hono middleware only to later routes
      routerLevel = sameRouterProtection(model, file, entry.receiver, entry.framework === 'fastify' ? Number.MAX_SAFE_INTEGER : anchor.pos, entry.path, anchor);
    }
    // the checks that count come before the query, or before the job is put on the queue (both are calls in the handler)
    const inHandler = handlerChecks(model, handler.file, handler.info.node, enqueued ? enqueued.producer.pos : query.call.pos);
    const protection = mergeProtection(entry.local, routerLevel, mounted?.protection, nestProtection(model, file, entry), nextMiddlewareProtection(model, file, entry), inHandler);
    const fullPath = entry.kind === 'http' && mounted?.prefix !== undefined ? joinPaths(mounted.prefix, entry.path) : entry.path;
    const publicEntry = model.policy.access.public.find((p) => matchesPublicRoute({ method: entry.kind === 'socket' ? 'SOCKET' : entry.method, path: fullPath }, p) || (fullPath !== entry.path && matchesPublicRoute({ method: entry.method, path: entry.path }, p)));
    if (publicEntry) continue;
    const missing: AccessGap['missing'] = [];
    if (!protection.auth) missing.push('auth');
    else if (entry.kind === 'http') {
      if (!protection.role) missing.push('role');
      if (!protection.rate) missing.push('rate');
    }
    if (!missing.length) continue;
    // an inline handler has no name of its own: the route names it
    const chain = [
      ...(handler.info.name.startsWith('<') ? [] : [handler.info.name]),
      ...(enqueued ? [`queue "${enqueued.queue}"`, ...(enqueued.consumer.startsWith('<') ? [] : [enqueued.consumer])] : []),
      ...query.chain.map((s) => s.name),
    ].join(' → ');
    out.push({ entry, route: describeRoute(entry, fullPath), path: fullPath, query, chain, protection, missing });
  }
  return out;
}

export { findEntryPoints, describeRoute };
export type { EntryPoint };
