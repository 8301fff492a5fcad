import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { findLocalDeclaration } from '../project/model';
import { isFunctionLike } from '../project/file-index';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, canHaveDecorators, getDecorators, isBinaryExpression, isBlock, isCallExpression, isElementAccessExpression,
  isIdentifier, isOmittedExpression, isParameter, isPropertyAccessExpression, isSourceFile, isTemplateExpression,
  isVariableDeclaration, isVariableStatement,
} = ts;

/**
 * Does a value come from the HTTP request a route handler serves
 * (`req.query.url`, `req.body.endpoint`, a NestJS `@Query()` parameter, a
 * parameter of an Express handler)? Used where a population-DB client call
 * takes a URL: an endpoint chosen by the caller is not a registered endpoint.
 */

const REQUEST_OBJECTS = new Set(['req', 'request', 'ctx', 'context', 'event']);
const REQUEST_PARTS = new Set(['query', 'body', 'params', 'headers', 'cookies', 'queryStringParameters', 'pathParameters']);
const NEST_INPUT_DECORATORS = new Set(['Query', 'Body', 'Param', 'Headers', 'Req', 'Request']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);

export function isUserInput(expr: ts.Expression, depth = 0): boolean {
  if (depth > 8) return false;
  const e = skipOuterExpressions(expr);
  if (isTemplateExpression(e)) return e.templateSpans.some((s) => isUserInput(s.expression, depth + 1));
  if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) return isUserInput(e.left, depth + 1) || isUserInput(e.right, depth + 1);
  if (isBinaryExpression(e) && (e.operatorToken.kind === SyntaxKind.BarBarToken || e.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) return isUserInput(e.left, depth + 1);
  if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && ['toString', 'trim', 'toLowerCase'].includes(e.expression.name.text)) return isUserInput(e.expression.expression, depth + 1);
  // String(req.query.x), decodeURIComponent(req.params.x): conversions keep the value the user chose
  if (isCallExpression(e) && isIdentifier(e.expression) && ['String', 'decodeURIComponent', 'decodeURI'].includes(e.expression.text) && e.arguments[0]) return isUserInput(e.arguments[0], depth + 1);
  if (isPropertyAccessExpression(e) || isElementAccessExpression(e)) {
    const chain = calleeChain(e);
    if (chain && chain.length >= 2) {
      const i = chain.findIndex((c) => REQUEST_PARTS.has(c));
      if (i > 0 && (REQUEST_OBJECTS.has(chain[i - 1]) || (i > 1 && chain[i - 1] === 'request' && REQUEST_OBJECTS.has(chain[i - 2])))) return true;
    }
    let root: ts.Expression = e;
    while (isPropertyAccessExpression(root) || isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
    return isIdentifier(root) && isUserInput(root, depth + 1);
  }
  if (!isIdentifier(e)) return false;
  const decl = findLocalDeclaration(e) ?? findDestructured(e);
  if (!decl) return false;
  if (isParameter(decl)) return isRequestParameter(decl);
  if (isVariableDeclaration(decl) && decl.initializer) return isUserInput(decl.initializer, depth + 1);
  return false;
}

/** A parameter of an Express/Koa route handler, or a NestJS handler parameter decorated with @Query/@Body/@Param/… */
function isRequestParameter(param: ts.ParameterDeclaration): boolean {
  const decorators = canHaveDecorators(param) ? (getDecorators(param) ?? []) : [];
  for (const d of decorators) {
    const callee = isCallExpression(d.expression) ? d.expression.expression : d.expression;
    if (isIdentifier(callee) && NEST_INPUT_DECORATORS.has(callee.text)) return true;
  }
  const fn = param.parent;
  if (!isFunctionLike(fn)) return false;
  if (isIdentifier(param.name) && REQUEST_OBJECTS.has(param.name.text) && fn.parameters.indexOf(param) === 0) {
    // `(req, res) => …` passed to a router
    return isRouteHandler(fn);
  }
  return false;
}

function isRouteHandler(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const callee = skipOuterExpressions(call.expression);
  return isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text);
}

/** `const { url } = req.query` / `const { body: { endpoint } } = req`. */
function findDestructured(id: ts.Identifier): ts.VariableDeclaration | ts.ParameterDeclaration | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope && !isSourceFile(scope); scope = scope.parent) {
    if (isFunctionLike(scope)) {
      for (const p of scope.parameters) if (!isIdentifier(p.name) && bindsName(p.name, id.text)) return p;
    }
    if (isBlock(scope)) {
      for (const stmt of scope.statements) {
        if (!isVariableStatement(stmt)) continue;
        for (const d of stmt.declarationList.declarations) if (!isIdentifier(d.name) && bindsName(d.name, id.text)) return d;
      }
    }
  }
  return undefined;
}

function bindsName(pattern: ts.BindingName, name: string): boolean {
  if (isIdentifier(pattern)) return pattern.text === name;
  return pattern.elements.some((el) => !isOmittedExpression(el) && bindsName(el.name, name));
}
