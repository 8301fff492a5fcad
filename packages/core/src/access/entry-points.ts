import * as path from 'node:path';
import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import type { ProjectModel } from '../project/model';
import { isFunctionLike, type FileIndex, type FunctionLike } from '../project/file-index';
import { forEachNode } from '../walk';
import { classifyChain, classifyMiddleware, mergeProtection, type Protection } from './guards';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, canHaveDecorators, canHaveModifiers, getDecorators, getModifiers, isArrayLiteralExpression, isBinaryExpression,
  isCallExpression, isExportAssignment, isFunctionDeclaration, isIdentifier, isMethodDeclaration, isNewExpression,
  isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isRegularExpressionLiteral,
  isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike, isTemplateExpression, isVariableStatement,
} = ts;

/**
 * Entry points: the places an outside caller starts code of the project —
 * HTTP routes (Express, Koa and koa-router, Fastify, Hono, NestJS
 * controllers, Next.js API routes and route handlers), socket.io event
 * handlers, and queue consumers (BullMQ workers, NestJS processors, amqplib
 * `consume`, Nest microservice patterns). Found syntactically in one file;
 * what protects each one beyond its own arguments is worked out in
 * `access-control.ts` (router-level middleware, mounts in other files,
 * global guards).
 */

export type AccessFramework = 'express' | 'koa' | 'fastify' | 'hono' | 'nestjs' | 'routing-controllers' | 'nextjs' | 'socket.io' | 'queue';

export interface EntryPoint {
  framework: AccessFramework;
  /** `http`: needs authentication, a role check and a rate limit; `socket`: authentication; `queue`: internal (never reported, see docs). */
  kind: 'http' | 'socket' | 'queue';
  /** `GET`, `POST`, …, `ALL`; `SOCKET` for a socket.io event; `QUEUE` for a consumer. */
  method: string;
  /** The route's own path as registered (`/cong-dan/:so`), the event name, or the queue name; undefined when not static. */
  path: string | undefined;
  /** Where a finding is reported: the registration call, the controller method's name, the exported handler's name. */
  node: ts.Node;
  /** The handler functions (last one first considered): inline functions or references. */
  handlers: (ts.Expression | FunctionLike)[];
  /** Protection given at the registration itself: middleware arguments, route hooks, decorators. */
  local: Protection;
  /** The app or router the route is registered on (Express, Koa, Fastify, Hono; the server of a socket), for router-level guards and mounts. */
  receiver?: ts.Expression;
  /** The registration call, for "registered before the route" comparisons. */
  call?: ts.CallExpression;
  /** NestJS: the method and its controller class, for global guards and `@Public()`. */
  nest?: { method: ts.MethodDeclaration; controller: ts.ClassDeclaration };
}

export const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const NEST_METHODS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ALL', Head: 'HEAD', Options: 'OPTIONS', Method: 'ALL' };
const NEXT_APP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** Fastify route-level hooks that run before the handler: authentication and rate limits live there. */
export const FASTIFY_GUARD_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);

/** Which framework a file's imports say it uses (for receivers that are plain names). */
function importedFramework(file: FileIndex): AccessFramework | undefined {
  const modules = new Set([...file.imports.values()].map((b) => b.module));
  if ([...modules].some((m) => m === 'fastify' || m.startsWith('fastify-') || m.startsWith('@fastify/'))) return 'fastify';
  if (modules.has('hono') || [...modules].some((m) => m.startsWith('hono/'))) return 'hono';
  if (modules.has('koa') || modules.has('koa-router') || modules.has('@koa/router')) return 'koa';
  return undefined;
}

const ROUTER_NAME = /^(app|api|server|router|routes?|fastify|instance|v1|v2|.*(Router|Routes|Route|App|Api|Server))$/;
const ROUTER_FACTORIES: Record<string, AccessFramework> = { express: 'express', Router: 'express', Koa: 'koa', KoaRouter: 'koa', Hono: 'hono', OpenAPIHono: 'hono', fastify: 'fastify', Fastify: 'fastify' };

/**
 * Is the receiver of `X.get('/p', h)` an app or router? Its value is made by
 * a framework (`express()`, `Router()`, `new Hono()`, `Fastify()`,
 * `new Router()` of koa-router), or it is a name apps and routers go by
 * (`app`, `router`, a Fastify plugin's `fastify` parameter, `hoSoRouter`).
 * `cache.get(key, cb)`, `map.get(k)` and `axios.get(url, config)` are not.
 */
function routerFramework(model: ProjectModel, file: FileIndex, receiver: ts.Expression): AccessFramework | undefined {
  const e = skipOuterExpressions(receiver);
  const resolved = isIdentifier(e) || isPropertyAccessExpression(e) ? model.resolveExpression(file, e) : undefined;
  const value = resolved ? model.valueNode(resolved.node) : undefined;
  if (value && (isCallExpression(value) || isNewExpression(value))) {
    const chain = calleeChain(value.expression);
    const last = chain?.at(-1);
    if (last && ROUTER_FACTORIES[last]) {
      // koa-router's default export is `Router` too: the import decides
      const module = chain && file.imports.get(chain[0])?.module;
      if (module === 'koa-router' || module === '@koa/router') return 'koa';
      return ROUTER_FACTORIES[last];
    }
  }
  const chain = calleeChain(e);
  const name = chain?.at(-1);
  if (!name || !ROUTER_NAME.test(name)) return undefined;
  // axios/got instances named `api` are clients, not routers
  if (value && (isCallExpression(value) || isNewExpression(value)) && /^(create|extend)$/.test(calleeChain(value.expression)?.at(-1) ?? '')) return undefined;
  return importedFramework(file) ?? 'express';
}

function staticText(model: ProjectModel, file: FileIndex, expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = skipOuterExpressions(expr);
  if (isStringLiteralLike(e)) return e.text;
  if (isArrayLiteralExpression(e) || isRegularExpressionLiteral(e)) return e.getText(file.sourceFile);
  const parts = model.evaluateString(file, e);
  return parts.every((p) => p.kind === 'text') ? parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') : undefined;
}

const isPathArgument = (e: ts.Expression) => {
  const x = skipOuterExpressions(e);
  return isStringLiteralLike(x) || isTemplateExpression(x) || isArrayLiteralExpression(x) || isRegularExpressionLiteral(x) || isIdentifier(x) || isPropertyAccessExpression(x) || isBinaryExpression(x);
};

const isHandlerLike = (e: ts.Expression) => {
  const x = skipOuterExpressions(e);
  return isFunctionLike(x) || isIdentifier(x) || isPropertyAccessExpression(x) || isCallExpression(x) || isArrayLiteralExpression(x);
};

/** Fastify route options: `{ onRequest: [fastify.authenticate], preHandler, config: { rateLimit } , handler }`. */
function fastifyOptions(model: ProjectModel, file: FileIndex, options: ts.ObjectLiteralExpression): { local: Protection; handler?: ts.Expression } {
  let handler: ts.Expression | undefined;
  const parts: Protection[] = [];
  for (const p of options.properties) {
    const name = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!name) continue;
    const value = isPropertyAssignment(p) ? p.initializer : isShorthandPropertyAssignment(p) ? p.name : isMethodDeclaration(p) ? (p as unknown as ts.Expression) : undefined;
    if (!value) continue;
    if (name === 'handler') handler = value;
    else if (FASTIFY_GUARD_HOOKS.has(name)) parts.push(classifyMiddleware(model, file, value));
    else if (name === 'config' && isObjectLiteralExpression(skipOuterExpressions(value))) {
      // @fastify/rate-limit reads `config: { rateLimit: { max, timeWindow } }` per route
      const cfg = skipOuterExpressions(value) as ts.ObjectLiteralExpression;
      if (cfg.properties.some((q) => q.name && isIdentifier(q.name) && q.name.text === 'rateLimit')) parts.push({ rate: 'config.rateLimit' });
    }
  }
  return { local: mergeProtection(...parts), handler };
}

function methodsOf(model: ProjectModel, file: FileIndex, expr: ts.Expression | undefined): string[] {
  if (!expr) return ['ALL'];
  const e = skipOuterExpressions(expr);
  if (isArrayLiteralExpression(e)) return e.elements.flatMap((x) => methodsOf(model, file, x));
  const text = staticText(model, file, e);
  return [text ? text.toUpperCase() : 'ALL'];
}

function objectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) {
      if (isPropertyAssignment(p)) return p.initializer;
      if (isShorthandPropertyAssignment(p)) return p.name;
    }
  }
  return undefined;
}

/** A `(req, res) => …` route call of Express, Koa, Fastify or Hono, or undefined. */
function routeCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): EntryPoint | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  const args = [...call.arguments];
  // router.route('/x').get(mw, h).post(h2)
  let receiver: ts.Expression = callee.expression;
  let ownPath: string | undefined;
  let chained = false;
  let walk: ts.Expression = receiver;
  for (let r = skipOuterExpressions(walk); isCallExpression(r) && isPropertyAccessExpression(skipOuterExpressions(r.expression)); r = skipOuterExpressions(walk)) {
    const inner = skipOuterExpressions(r.expression) as ts.PropertyAccessExpression;
    if (inner.name.text === 'route' && r.arguments.length === 1 && isPathArgument(r.arguments[0])) {
      ownPath = staticText(model, file, r.arguments[0]);
      receiver = inner.expression;
      chained = true;
      break;
    }
    // `.get(h).post(h2)` after `.route('/x')`: keep walking to the route() call
    if (!HTTP_METHODS.has(inner.name.text)) break;
    walk = inner.expression;
  }
  const framework = HTTP_METHODS.has(name) || name === 'route' ? routerFramework(model, file, receiver) : undefined;
  if (!framework) return undefined;
  if (name === 'route') {
    // fastify.route({ method, url, handler, preHandler })
    const options = args.length === 1 ? skipOuterExpressions(args[0]) : undefined;
    if (!options || !isObjectLiteralExpression(options)) return undefined;
    const { local, handler } = fastifyOptions(model, file, options);
    if (!handler) return undefined;
    const methods = methodsOf(model, file, objectProperty(options, 'method'));
    return { framework: 'fastify', kind: 'http', method: methods.join('|'), path: staticText(model, file, objectProperty(options, 'url') ?? objectProperty(options, 'path')), node: call, handlers: [handler], local, receiver, call };
  }
  if (chained) {
    if (!args.length || !args.every(isHandlerLike)) return undefined;
    return { framework, kind: 'http', method: name.toUpperCase(), path: ownPath, node: call, handlers: [args[args.length - 1]], local: mergeProtection(...args.slice(0, -1).map((a) => classifyMiddleware(model, file, a))), receiver, call };
  }
  if (args.length < 2 || !isPathArgument(args[0])) return undefined;
  let rest = args.slice(1);
  let routePath = staticText(model, file, args[0]);
  // koa-router named routes: router.get('ten-route', '/path', handler)
  if (framework === 'koa' && rest.length >= 2 && isStringLiteralLike(skipOuterExpressions(rest[0]))) {
    routePath = staticText(model, file, rest[0]);
    rest = rest.slice(1);
  }
  const parts: Protection[] = [];
  let handler: ts.Expression | undefined;
  for (const [i, a] of rest.entries()) {
    const x = skipOuterExpressions(a);
    if (isObjectLiteralExpression(x)) {
      // fastify.get('/x', { onRequest: [fastify.authenticate] }, handler) or fastify.get('/x', { handler })
      const opts = fastifyOptions(model, file, x);
      parts.push(opts.local);
      if (opts.handler && i === rest.length - 1) handler = opts.handler;
      continue;
    }
    if (!isHandlerLike(x)) return undefined;
    if (i === rest.length - 1) handler = a;
    else parts.push(classifyMiddleware(model, file, a));
  }
  if (!handler) return undefined;
  // `app.get('/x', ...)` with a non-function last argument (`cache.get('k', 0)`) was rejected above
  return { framework, kind: 'http', method: name === 'del' ? 'DELETE' : name.toUpperCase(), path: routePath, node: call, handlers: [handler], local: mergeProtection(...parts), receiver, call };
}

function decoratorCall(d: ts.Decorator): { name: string | undefined; call?: ts.CallExpression } {
  const e = skipOuterExpressions(d.expression);
  const callee = isCallExpression(e) ? e.expression : e;
  return { name: calleeChain(callee)?.at(-1), call: isCallExpression(e) ? e : undefined };
}

export function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  return canHaveDecorators(node) ? (getDecorators(node) ?? []) : [];
}

/**
 * What NestJS decorators on a method or controller give: `@UseGuards(...)`
 * (each guard classified: a throttler is a rate limit, a roles guard a role
 * check, any other guard authenticates — a Nest guard's `canActivate` is
 * how Nest authenticates), `@Roles(...)`, `@Throttle(...)`, the policy's
 * decorators, composite decorators of the project (`@Auth(Role.CanBo)`
 * calling `applyDecorators(UseGuards(...), Roles(...))`).
 */
export function nestDecoratorProtection(model: ProjectModel, file: FileIndex, node: ts.Node, depth = 0): Protection {
  const parts: Protection[] = [];
  for (const d of decoratorsOf(node)) {
    const { name, call } = decoratorCall(d);
    if (!name) continue;
    if (name === 'UseGuards' && call) {
      for (const a of call.arguments) parts.push(nestGuardProtection(model, file, a));
      continue;
    }
    // routing-controllers: `@UseBefore(authMiddleware)`, NestJS-style middleware run before the action
    if (name === 'UseBefore' && call) {
      for (const a of call.arguments) parts.push(classifyMiddleware(model, file, a));
      continue;
    }
    const own = classifyChain(model, [name]);
    if (own.auth || own.role || own.rate) {
      parts.push(own);
      // routing-controllers `@Authorized('admin')`: the roles the authorizationChecker compares
      if (name === 'Authorized' && call?.arguments.length) parts.push({ role: `@Authorized(${call.arguments.map((a) => a.getText(file.sourceFile)).join(', ')})` });
      continue;
    }
    // a composite decorator of the project: `export function Auth(...roles) { return applyDecorators(UseGuards(JwtGuard, RolesGuard), Roles(...roles)); }`
    if (call && depth < 2) {
      const target = model.resolveCall(file, call);
      if (target?.info.node.body) parts.push(compositeDecorator(model, target.file, target.info.node.body, depth + 1));
    }
  }
  return mergeProtection(...parts);
}

function compositeDecorator(model: ProjectModel, file: FileIndex, body: ts.Node, depth: number): Protection {
  const parts: Protection[] = [];
  forEachNode(body, (n) => {
    if (!isCallExpression(n)) return undefined;
    const name = calleeChain(n.expression)?.at(-1);
    if (name === 'UseGuards') for (const a of n.arguments) parts.push(nestGuardProtection(model, file, a));
    else if (name) parts.push(classifyChain(model, [name]));
    return depth > 2 ? false : undefined;
  });
  return mergeProtection(...parts);
}

/** One guard of `@UseGuards(...)` / `useGlobalGuards(...)` / an `APP_GUARD` provider. */
export function nestGuardProtection(model: ProjectModel, file: FileIndex, guard: ts.Expression): Protection {
  const g = skipOuterExpressions(guard);
  const ref = isNewExpression(g) || isCallExpression(g) ? g.expression : g;
  const chain = calleeChain(ref);
  const own = classifyChain(model, chain);
  if (own.role || own.rate) return own;
  if (own.auth) return own;
  const name = chain?.at(-1) ?? '';
  if (/Throttl|RateLimit/i.test(name)) return { rate: name };
  if (/Role|Permission|Polic|Casl|Ability/i.test(name)) return mergeProtection({ role: name });
  // `class JwtGuard extends AuthGuard('jwt')`, or any other guard: Nest's way to refuse a caller
  return { auth: name || g.getText(file.sourceFile) };
}

/** Nest controllers: `@Controller('cong-dan') class … { @Get(':so') tim() {} }`, and gateways' `@SubscribeMessage`, processors, message patterns. */
function nestEntryPoints(model: ProjectModel, file: FileIndex, cls: ts.ClassDeclaration): EntryPoint[] {
  const out: EntryPoint[] = [];
  const classDecorators = decoratorsOf(cls).map(decoratorCall);
  // routing-controllers (`@JsonController`, `@Controller` imported from it) has the same shape as NestJS
  const controller = classDecorators.find((d) => d.name === 'Controller' || d.name === 'JsonController');
  const framework: AccessFramework = controller?.name === 'JsonController' || [...file.imports.values()].some((b) => b.module === 'routing-controllers') ? 'routing-controllers' : 'nestjs';
  const gateway = classDecorators.find((d) => d.name === 'WebSocketGateway');
  const processor = classDecorators.find((d) => d.name === 'Processor');
  if (!controller && !gateway && !processor) return out;
  const prefixArg = controller?.call?.arguments[0];
  const prefixExpr = prefixArg && isObjectLiteralExpression(skipOuterExpressions(prefixArg)) ? objectProperty(skipOuterExpressions(prefixArg) as ts.ObjectLiteralExpression, 'path') : prefixArg;
  const prefix = prefixExpr ? staticText(model, file, prefixExpr) : '';
  for (const member of cls.members) {
    if (!isMethodDeclaration(member) || !member.name) continue;
    for (const d of decoratorsOf(member).map(decoratorCall)) {
      if (!d.name) continue;
      const at = member.name;
      if (controller && NEST_METHODS[d.name]) {
        const own = d.call?.arguments[0] ? staticText(model, file, d.call.arguments[0]) : '';
        out.push({ framework, kind: 'http', method: NEST_METHODS[d.name], path: joinPaths(prefix, own), node: at, handlers: [member], local: NO_LOCAL, nest: { method: member, controller: cls } });
      } else if (d.name === 'SubscribeMessage') {
        out.push({ framework: 'nestjs', kind: 'socket', method: 'SOCKET', path: d.call?.arguments[0] ? staticText(model, file, d.call.arguments[0]) : undefined, node: at, handlers: [member], local: NO_LOCAL, nest: { method: member, controller: cls } });
      } else if (d.name === 'MessagePattern' || d.name === 'EventPattern' || (processor && d.name === 'Process')) {
        out.push({ framework: 'queue', kind: 'queue', method: 'QUEUE', path: d.call?.arguments[0] ? staticText(model, file, d.call.arguments[0]) : undefined, node: at, handlers: [member], local: NO_LOCAL });
      }
    }
    // @nestjs/bullmq: `@Processor('q') class X extends WorkerHost { process(job) {} }`
    if (processor && isIdentifier(member.name) && member.name.text === 'process' && !decoratorsOf(member).length) {
      out.push({ framework: 'queue', kind: 'queue', method: 'QUEUE', path: processor.call?.arguments[0] ? staticText(model, file, processor.call.arguments[0]) : undefined, node: member.name, handlers: [member], local: NO_LOCAL });
    }
  }
  return out;
}

const NO_LOCAL: Protection = Object.freeze({});

export function joinPaths(prefix: string | undefined, own: string | undefined): string | undefined {
  if (prefix === undefined || own === undefined) return undefined;
  const parts = [prefix, own].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return `/${parts.join('/')}`;
}

/** The project-relative path of a Next.js API route (`pages/api/**`) or route handler (`app/**\/route.ts`), with its URL path. */
function nextRoute(model: ProjectModel, file: FileIndex): { kind: 'pages' | 'app'; urlPath: string } | undefined {
  const rel = path.relative(model.root, file.fileName).split(path.sep).join('/');
  const pages = /(?:^|\/)pages\/(api\/.*)\.(?:[cm]?[jt]sx?)$/.exec(rel);
  if (pages) return { kind: 'pages', urlPath: `/${pages[1].replace(/\/index$/, '')}` };
  const app = /(?:^|\/)app\/(?:(.*)\/)?route\.(?:[cm]?[jt]s)$/.exec(rel);
  if (app) return { kind: 'app', urlPath: `/${(app[1] ?? '').split('/').filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@')).join('/')}` };
  return undefined;
}

/** A Next.js handler export: the function itself, or `withAuth(handler)` / `auth(async (req) => …)` around it (then the wrapper protects it). */
function nextHandler(model: ProjectModel, file: FileIndex, value: ts.Expression | FunctionLike): { handlers: (ts.Expression | FunctionLike)[]; local: Protection } {
  const e = isFunctionLike(value) ? value : skipOuterExpressions(value);
  if (!isFunctionLike(e) && isCallExpression(e)) {
    const local = classifyChain(model, calleeChain(e.expression));
    const inner = e.arguments.find((a) => isHandlerLike(a));
    return { handlers: inner ? [inner] : [e], local };
  }
  return { handlers: [e], local: {} };
}

/**
 * Does the package that holds the file depend on `next`? A React single-page
 * app may have a `src/pages/api/` folder of client helpers; only a Next.js
 * package turns it into server routes. The nearest package.json up to the
 * project root decides.
 */
function usesNext(model: ProjectModel, fileName: string): boolean {
  for (let dir = path.dirname(fileName); ; dir = path.dirname(dir)) {
    const manifest = model.memo('access.packageJson', dir, () => readManifest(model, path.join(dir, 'package.json')), undefined);
    if (manifest) return ['dependencies', 'devDependencies', 'peerDependencies'].some((k) => Boolean((manifest[k] as Record<string, unknown> | undefined)?.next));
    if (dir === model.root || path.dirname(dir) === dir || !dir.startsWith(model.root)) return false;
  }
}

function readManifest(model: ProjectModel, file: string): Record<string, unknown> | undefined {
  // through ProjectFiles, like every other read of the project (an editor's unsaved package.json counts)
  const text = model.files.read(file);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function nextEntryPoints(model: ProjectModel, file: FileIndex): EntryPoint[] {
  const route = nextRoute(model, file);
  if (!route || !usesNext(model, file.fileName)) return [];
  const out: EntryPoint[] = [];
  const sf = file.sourceFile;
  for (const stmt of sf.statements) {
    const exported = canHaveModifiers(stmt) && (getModifiers(stmt) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword);
    const isDefault = canHaveModifiers(stmt) && (getModifiers(stmt) ?? []).some((m) => m.kind === SyntaxKind.DefaultKeyword);
    if (route.kind === 'pages') {
      if (isFunctionDeclaration(stmt) && exported && isDefault) {
        out.push({ framework: 'nextjs', kind: 'http', method: 'ALL', path: route.urlPath, node: stmt.name ?? stmt, handlers: [stmt], local: {} });
      } else if (isExportAssignment(stmt) && !stmt.isExportEquals) {
        const { handlers, local } = nextHandler(model, file, stmt.expression);
        out.push({ framework: 'nextjs', kind: 'http', method: 'ALL', path: route.urlPath, node: stmt.expression, handlers, local });
      }
    } else if (exported) {
      if (isFunctionDeclaration(stmt) && stmt.name && NEXT_APP_METHODS.has(stmt.name.text)) {
        out.push({ framework: 'nextjs', kind: 'http', method: stmt.name.text, path: route.urlPath, node: stmt.name, handlers: [stmt], local: {} });
      } else if (isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          if (!isIdentifier(d.name) || !NEXT_APP_METHODS.has(d.name.text) || !d.initializer) continue;
          const { handlers, local } = nextHandler(model, file, d.initializer);
          out.push({ framework: 'nextjs', kind: 'http', method: d.name.text, path: route.urlPath, node: d.name, handlers, local });
        }
      }
    }
  }
  return out;
}

const CONNECTION_EVENTS = new Set(['connection', 'connect']);

/** `io.on('connection', (socket) => { socket.on('tra-cuu', handler) })`: each event handler, with the server (`io`, `io.of('/x')`) as receiver. */
function socketEntryPoint(model: ProjectModel, file: FileIndex, call: ts.CallExpression): EntryPoint | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee) || callee.name.text !== 'on' || call.arguments.length < 2) return undefined;
  const socket = skipOuterExpressions(callee.expression);
  if (!isIdentifier(socket)) return undefined;
  const event = staticText(model, file, call.arguments[0]);
  if (event === undefined || CONNECTION_EVENTS.has(event) || event === 'disconnect' || event === 'error') return undefined;
  // the socket is the first parameter of a connection callback
  for (let n: ts.Node | undefined = call.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const first = n.parameters[0];
    if (!first || !isIdentifier(first.name) || first.name.text !== socket.text) continue;
    const outer = n.parent;
    if (!isCallExpression(outer) || !outer.arguments.includes(n as ts.Expression)) return undefined;
    const oc = skipOuterExpressions(outer.expression);
    if (!isPropertyAccessExpression(oc) || oc.name.text !== 'on') return undefined;
    const what = staticText(model, file, outer.arguments[0]);
    if (!what || !CONNECTION_EVENTS.has(what)) return undefined;
    const handler = call.arguments[call.arguments.length - 1];
    return { framework: 'socket.io', kind: 'socket', method: 'SOCKET', path: event, node: call, handlers: [handler], local: {}, receiver: oc.expression, call: outer };
  }
  return undefined;
}

/** BullMQ `new Worker('q', fn)`, bull `queue.process(fn)`, amqplib `channel.consume('q', fn)`. */
function queueConsumer(model: ProjectModel, file: FileIndex, node: ts.CallExpression | ts.NewExpression): EntryPoint | undefined {
  const args = node.arguments ? [...node.arguments] : [];
  const chain = calleeChain(node.expression);
  const last = chain?.at(-1);
  if (isNewExpression(node) && last === 'Worker' && args.length >= 2 && isHandlerLike(args[1])) {
    const module = chain && file.imports.get(chain[0])?.module;
    if (module && module !== 'bullmq' && module !== 'bull') return undefined;
    return { framework: 'queue', kind: 'queue', method: 'QUEUE', path: staticText(model, file, args[0]), node, handlers: [args[1]], local: {} };
  }
  if (isCallExpression(node) && (last === 'process' || last === 'consume') && chain && chain.length >= 2 && args.length >= 1) {
    const handler = args[args.length - 1];
    if (!isFunctionLike(skipOuterExpressions(handler))) return undefined;
    if (last === 'process' && !/queue|Queue/.test(chain[chain.length - 2])) return undefined;
    if (last === 'consume' && !/channel|Channel|ch$/.test(chain[chain.length - 2])) return undefined;
    return { framework: 'queue', kind: 'queue', method: 'QUEUE', path: args.length > 1 ? staticText(model, file, args[0]) : undefined, node, handlers: [handler], local: {} };
  }
  return undefined;
}

/** Every entry point of a file, in source order. Memoized per file content. */
export function findEntryPoints(model: ProjectModel, file: FileIndex): EntryPoint[] {
  return model.memo(
    'access.entryPoints',
    file.memoKey,
    () => {
      const out: EntryPoint[] = [...nextEntryPoints(model, file)];
      for (const node of file.classDeclarations) out.push(...nestEntryPoints(model, file, node));
      for (const node of file.calls) {
        const e = routeCall(model, file, node) ?? socketEntryPoint(model, file, node) ?? queueConsumer(model, file, node);
        if (e) out.push(e);
      }
      for (const node of file.news) {
        const e = queueConsumer(model, file, node);
        if (e) out.push(e);
      }
      return out.sort((a, b) => a.node.pos - b.node.pos);
    },
    [],
  );
}

/** `POST /api/tra-cuu`, `socket.io "tra-cuu"`: how a message names an entry point. */
export function describeRoute(entry: EntryPoint, fullPath: string | undefined): string {
  if (entry.kind === 'socket') return `socket.io "${entry.path ?? '?'}"`;
  if (entry.kind === 'queue') return `queue "${entry.path ?? '?'}"`;
  return `${entry.method} ${fullPath ?? entry.path ?? '?'}`;
}
