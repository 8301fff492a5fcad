import ts from 'typescript';
import { calleeChain, matchesAnyCallee, skipOuterExpressions } from '../callee';
import type { ProjectModel } from '../project/model';
import { isFunctionLike, type FileIndex, type FunctionLike } from '../project/file-index';
import { forEachNode } from '../walk';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, isArrayLiteralExpression, isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isClassDeclaration,
  isClassExpression, isClassLike, isConditionalExpression, isElementAccessExpression, isExpression, isExpressionStatement,
  isFunctionDeclaration, isIdentifier, isIfStatement, isMethodDeclaration, isNewExpression, isOmittedExpression,
  isPropertyAccessExpression, isReturnStatement, isStatement, isStringLiteralLike, isSwitchStatement, isThrowStatement,
  isTryStatement, isVariableStatement, isWhileStatement,
} = ts;

/**
 * What protects an entry point: authentication of the caller, a role or
 * permission check, a per-caller rate limit (Hà Nội 2022 guidance and Công
 * văn 2112/UBND-KSTTHC: look up only within one's role and duties; Bình
 * Thuận UBND 30/1/2024: abnormal access from unidentified IP addresses).
 * Each flag holds the first piece of evidence found (a middleware, a
 * decorator, a check), for messages and tests.
 */
export interface Protection {
  auth?: string;
  role?: string;
  rate?: string;
}

export const NO_PROTECTION: Protection = Object.freeze({});

export function mergeProtection(...all: (Protection | undefined)[]): Protection {
  const out: Protection = {};
  for (const p of all) {
    if (!p) continue;
    out.auth ??= p.auth;
    out.role ??= p.role;
    out.rate ??= p.rate;
  }
  // a role check needs a caller whose role it checks: it authenticates too (a RolesGuard reading request.user rejects an anonymous caller)
  out.auth ??= out.role;
  return out;
}

/** What every one of several paths has (a router mounted twice is protected only where both mounts are). */
export function commonProtection(all: readonly Protection[]): Protection {
  if (!all.length) return {};
  const out: Protection = {};
  for (const key of ['auth', 'role', 'rate'] as const) if (all.every((p) => p[key])) out[key] = all[0][key];
  return out;
}

/** How deep middleware references and factories are followed (a name → its value → the function it returns). */
const MAX_GUARD_DEPTH = 3;

/** The calls whose result a handler checks before going on (`if (!session) return …`): on their own they only read the session. */
const SESSION_READERS = new Set(['getServerSession', 'auth', 'getToken', 'getSession', 'getAuth', 'currentUser', 'getUser']);

/** Token verifications inside a project middleware: `jwt.verify(token, secret)`, Firebase `verifyIdToken`, Nest `JwtService.verifyAsync`. */
const VERIFY_CALLS = new Set(['verify', 'verifyAsync', 'verifyIdToken', 'verifyAccessToken', 'jwtVerify', 'verifySessionCookie']);

/** Properties a role check reads: `req.user.role`, `user.roles.includes(…)`, `canBo.vaiTro`, `permissions`. */
const ROLE_PROPERTIES = new Set(['role', 'roles', 'vaiTro', 'vai_tro', 'quyen', 'quyenHan', 'permissions', 'permission', 'isAdmin', 'scope', 'scopes', 'authorities']);

/** Properties that only an authenticated request carries: `req.user`, `ctx.state.user`, `req.auth`, `session.user`. */
const AUTH_PROPERTIES = new Set(['user', 'auth', 'currentUser', 'userId', 'canBo']);

/** The packages whose plugin registered on a Fastify instance rate-limits every route of it. */
const RATE_LIMIT_PACKAGES = new Set(['@fastify/rate-limit', 'fastify-rate-limit', 'express-rate-limit', 'koa-ratelimit', 'hono-rate-limiter', '@nestjs/throttler']);

/** Classify a callee chain against the policy's lists (built-ins included). */
export function classifyChain(model: ProjectModel, chain: readonly string[] | undefined, opts: { sessionReaders?: boolean } = {}): Protection {
  if (!chain) return {};
  const { guards, roles, rateLimiters } = model.policy.access;
  const out: Protection = {};
  const g = matchesAnyCallee(chain, guards);
  if (g && (opts.sessionReaders !== false || !SESSION_READERS.has(chain[chain.length - 1]))) out.auth = chain.join('.');
  if (matchesAnyCallee(chain, roles)) out.role = chain.join('.');
  if (matchesAnyCallee(chain, rateLimiters)) out.rate = chain.join('.');
  return mergeProtection(out);
}

/** The callee of a call or decorator expression, through `new`. */
function calleeOf(e: ts.Expression): ts.Expression {
  return isCallExpression(e) || isNewExpression(e) ? e.expression : e;
}

/**
 * What one middleware, hook or guard expression provides:
 * `passport.authenticate('jwt')`, `requireRole('admin')`, `limiter` (a
 * `const limiter = rateLimit({...})` in another file), `[auth, role]`,
 * an inline `(req, res, next) => { jwt.verify(...) }`, or a project
 * function whose body verifies a token or reads the caller's role.
 */
export function classifyMiddleware(model: ProjectModel, file: FileIndex, expr: ts.Expression, depth = 0): Protection {
  if (depth > MAX_GUARD_DEPTH) return {};
  const e = skipOuterExpressions(expr);
  if (isArrayLiteralExpression(e)) return mergeProtection(...e.elements.map((x) => classifyMiddleware(model, file, x, depth + 1)));
  if (isFunctionLike(e)) return inspectGuardFunction(model, file, e, depth + 1);
  // `import('@fastify/rate-limit')`, `require('express-rate-limit')(…)`
  const pkg = packageOf(model, file, e);
  if (pkg && RATE_LIMIT_PACKAGES.has(pkg)) return { rate: pkg };
  const own = classifyChain(model, calleeChain(calleeOf(e)));
  if (own.rate || (own.auth && own.role)) return own;
  // a name that authenticates may check the role too (`auth('manageUsers')` of the project reads `user.role`): its body decides the rest
  if (own.auth) return mergeProtection(own, pickRole(resolvedGuardBody(model, file, e, depth)));
  if (isCallExpression(e) || isNewExpression(e)) {
    // `auth.required`, `limiters.lookup()`: the factory's returned middleware
    const target = model.resolveCall(file, e);
    if (target) return inspectGuardFunction(model, target.file, target.info.node, depth + 1);
    // `asyncHandler(requireLogin)`, `compose([auth, role])`: a wrapper around middleware
    return mergeProtection(...(e.arguments ?? []).map((a) => classifyMiddleware(model, file, a, depth + 1)));
  }
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const resolved = model.resolveExpression(file, e);
    if (!resolved) return {};
    const owner = model.ownerIndex(resolved) ?? file;
    const value = isFunctionLike(resolved.node) ? resolved.node : model.valueNode(resolved.node);
    if (!value || value === e) return {};
    if (isFunctionLike(value)) return inspectGuardFunction(model, owner, value, depth + 1);
    // a NestJS middleware or guard class: its `use(req, res, next)` / `canActivate(context)` decides
    if (isClassDeclaration(value) || isClassExpression(value)) {
      const byName = classifyChain(model, [value.name?.text ?? '']);
      if (byName.auth || byName.role || byName.rate) return byName;
      const method = value.members.find((m): m is ts.MethodDeclaration => isMethodDeclaration(m) && isIdentifier(m.name) && (m.name.text === 'use' || m.name.text === 'canActivate'));
      return method ? inspectGuardFunction(model, owner, method, depth + 1) : {};
    }
    if (isExpression(value)) return classifyMiddleware(model, owner, value, depth + 1);
  }
  return {};
}

const pickRole = (p: Protection): Protection => (p.role ? { role: p.role } : {});

/** The body of the project function a middleware expression names or calls, classified (empty when it is a package's). */
function resolvedGuardBody(model: ProjectModel, file: FileIndex, e: ts.Expression, depth: number): Protection {
  if (depth >= MAX_GUARD_DEPTH) return {};
  const target = isCallExpression(e) || isNewExpression(e) ? model.resolveCall(file, e) : model.resolveFunctionReference(file, e);
  return target ? inspectGuardFunction(model, target.file, target.info.node, depth + 1) : {};
}

/** The package an expression comes from: an import or `require` of it, `import('x')`. */
export function packageOf(model: ProjectModel, file: FileIndex, expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (isCallExpression(e) && e.arguments.length === 1 && isStringLiteralLike(e.arguments[0]) && (e.expression.kind === SyntaxKind.ImportKeyword || (isIdentifier(e.expression) && e.expression.text === 'require'))) return e.arguments[0].text;
  if (isAwaitExpression(e)) return packageOf(model, file, e.expression);
  if (isIdentifier(e)) return file.imports.get(e.text)?.module;
  return undefined;
}

/**
 * The body of a project middleware or guard factory: a call the lists name
 * (`passport.authenticate(...)(req, res, next)`), a token verification, a
 * read of the caller's role. Memoized per function.
 */
function inspectGuardFunction(model: ProjectModel, file: FileIndex, fn: FunctionLike, depth: number): Protection {
  const info = file.functionByNode.get(fn);
  const key = info ? info.memoKey : `${file.memoKey}|${fn.pos}`;
  return model.memo('access.guardFunction', key, () => {
    const named = info ? classifyChain(model, [info.name.slice(info.name.lastIndexOf('.') + 1)]) : {};
    const found: Protection = { ...named };
    if (!fn.body) return mergeProtection(found);
    forEachNode(fn.body, (node) => {
      if (isFunctionDeclaration(node) || isClassLike(node)) return false;
      if (isCallExpression(node)) {
        const chain = calleeChain(node.expression);
        const c = classifyChain(model, chain);
        found.auth ??= c.auth;
        found.role ??= c.role;
        found.rate ??= c.rate;
        const last = chain?.[chain.length - 1] ?? (isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined);
        if (last && VERIFY_CALLS.has(last)) found.auth ??= `${last}()`;
        // `if (!(await this.authService.validate(token)))` in a guard class, `verifyCallback(req, …, requiredRights)`: one level into project helpers
        if ((!found.auth || !found.role) && depth < MAX_GUARD_DEPTH) {
          const target = model.resolveCall(file, node);
          if (target && target.info.node !== fn) {
            const inner = inspectGuardFunction(model, target.file, target.info.node, depth + 1);
            found.auth ??= inner.auth;
            found.role ??= inner.role;
          }
        }
      } else if (isPropertyAccessExpression(node) && ROLE_PROPERTIES.has(node.name.text) && isTested(node)) {
        found.role ??= node.getText(file.sourceFile);
      }
      return undefined;
    });
    return mergeProtection(found);
  }, {});
}

const COMPARISONS = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken, SyntaxKind.InKeyword, SyntaxKind.LessThanToken, SyntaxKind.GreaterThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanEqualsToken]);
// `roles.includes(x)`, and a role used as the key of a permission table (`roleRights.get(user.role)`)
const MEMBERSHIP_TESTS = new Set(['includes', 'some', 'every', 'indexOf', 'has', 'find', 'findIndex', 'startsWith', 'get']);

/**
 * Is a role-like read a test of the role — in an `if`/`?:`/`switch`
 * condition, a comparison, `roles.includes(x)` — rather than copying it
 * (`req.userRole = payload.role` in an authentication middleware checks
 * nothing)?
 */
function isTested(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let n = node.parent; n && !isFunctionLike(n); child = n, n = n.parent) {
    if ((isIfStatement(n) || isWhileStatement(n)) && child === n.expression) return true;
    if (isSwitchStatement(n) && child === n.expression) return true;
    if (isConditionalExpression(n) && child === n.condition) return true;
    if (isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind)) return true;
    if (isCallExpression(n)) {
      const callee = skipOuterExpressions(n.expression);
      const name = isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      return name !== undefined && MEMBERSHIP_TESTS.has(name);
    }
    if (isStatement(n)) return false;
  }
  return false;
}

/** Does a statement end the handler (return/throw), or is it a block whose statements do? */
function exits(stmt: ts.Statement): boolean {
  if (isReturnStatement(stmt) || isThrowStatement(stmt)) return true;
  if (isBlock(stmt)) return stmt.statements.some(exits);
  // `if (!user) res.status(401).json(…)` with a `return` elsewhere is too loose; an `else` that holds the rest is the other shape
  return false;
}

/**
 * A check the handler makes itself before it queries: `if (!session) return
 * …` after `const session = await getServerSession(...)`, `if (!req.user)
 * return res.sendStatus(401)`, `if (req.user.role !== 'admin') throw …`,
 * `await requireAuth(req)` / `ForbiddenError.from(ability).throwUnlessCan(…)`
 * (helpers that throw), a check with an `else` that holds the query.
 * Only statements before `before` (the query's position) count.
 */
export function handlerChecks(model: ProjectModel, file: FileIndex, fn: FunctionLike, before: number): Protection {
  const body = fn.body;
  if (!body || !isBlock(body)) return {};
  const found: Protection = {};
  const sessionVars = new Map<string, Protection>();
  const add = (p: Protection) => {
    found.auth ??= p.auth;
    found.role ??= p.role;
    found.rate ??= p.rate;
  };
  const visitStatements = (statements: readonly ts.Statement[], level: number): void => {
    for (const stmt of statements) {
      if (stmt.pos >= before) return;
      if (isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          const init = d.initializer ? unwrapAwait(d.initializer) : undefined;
          if (!init || !isCallExpression(init)) continue;
          const chain = calleeChain(init.expression);
          const reader = classifyChain(model, chain);
          if (!(reader.auth || reader.role || reader.rate)) continue;
          // `const session = await getServerSession()` reads; `const user = await requireUser(req)` throws when there is none
          const throwing = classifyChain(model, chain, { sessionReaders: false });
          if (throwing.auth || throwing.role || throwing.rate) add(throwing);
          for (const name of boundNames(d.name)) sessionVars.set(name, reader);
        }
      } else if (isExpressionStatement(stmt)) {
        const call = unwrapAwait(stmt.expression);
        if (isCallExpression(call)) add(classifyChain(model, callChainOf(call), { sessionReaders: false }));
      } else if (isIfStatement(stmt)) {
        const guardsQuery = exits(stmt.thenStatement) || (stmt.elseStatement !== undefined && before >= stmt.elseStatement.pos && before < stmt.elseStatement.end) || (before >= stmt.thenStatement.pos && before < stmt.thenStatement.end);
        if (guardsQuery) add(conditionProtection(model, file, stmt.expression, sessionVars));
        if (before >= stmt.thenStatement.pos && before < stmt.thenStatement.end && isBlock(stmt.thenStatement) && level < 2) visitStatements(stmt.thenStatement.statements, level + 1);
      } else if (isTryStatement(stmt) && level < 2) {
        visitStatements(stmt.tryBlock.statements, level + 1);
      }
    }
  };
  visitStatements(body.statements, 0);
  return mergeProtection(found);
}

function unwrapAwait(e: ts.Expression): ts.Expression {
  let x = skipOuterExpressions(e);
  while (isAwaitExpression(x)) x = skipOuterExpressions(x.expression);
  return x;
}

/** `ForbiddenError.from(ability).throwUnlessCan(…)`: the chain of the innermost named call (`ForbiddenError.from`) when the outer one has none. */
function callChainOf(call: ts.CallExpression): readonly string[] | undefined {
  const own = calleeChain(call.expression);
  if (own) return own;
  const callee = skipOuterExpressions(call.expression);
  if (isPropertyAccessExpression(callee)) {
    const inner = skipOuterExpressions(callee.expression);
    if (isCallExpression(inner)) {
      const innerChain = calleeChain(inner.expression);
      return innerChain ? [...innerChain, callee.name.text] : [callee.name.text];
    }
  }
  return undefined;
}

function boundNames(name: ts.BindingName): string[] {
  if (isIdentifier(name)) return [name.text];
  return name.elements.flatMap((el) => (isOmittedExpression(el) ? [] : boundNames(el.name)));
}

/** What an `if` condition tests: a session variable, the caller on the request, their role, a guard call. */
function conditionProtection(model: ProjectModel, file: FileIndex, cond: ts.Expression, sessionVars: ReadonlyMap<string, Protection>): Protection {
  const found: Protection = {};
  forEachNode(cond, (node) => {
    if (isFunctionLike(node)) return false;
    if (isIdentifier(node)) {
      const p = sessionVars.get(node.text);
      if (p) {
        found.auth ??= p.auth;
        found.role ??= p.role;
        found.rate ??= p.rate;
      }
    } else if (isCallExpression(node)) {
      const c = classifyChain(model, callChainOf(node));
      found.auth ??= c.auth;
      found.role ??= c.role;
      found.rate ??= c.rate;
      const last = calleeChain(node.expression)?.at(-1);
      if (last === 'isAuthenticated' || last === 'isUnauthenticated') found.auth ??= node.getText(file.sourceFile);
    } else if (isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (ROLE_PROPERTIES.has(name)) found.role ??= node.getText(file.sourceFile);
      else if (AUTH_PROPERTIES.has(name) || sessionVars.has(rootName(node) ?? '')) found.auth ??= node.getText(file.sourceFile);
    }
    return undefined;
  });
  return mergeProtection(found);
}

function rootName(e: ts.Expression): string | undefined {
  let x = e;
  while (isPropertyAccessExpression(x) || isElementAccessExpression(x)) x = x.expression;
  return isIdentifier(x) ? x.text : undefined;
}
