import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { lineColumn } from '../source';
import type { ProjectModel, StringPart } from '../project/model';
import type { FileIndex } from '../project/file-index';
import type { Candidate } from '../project/evaluate';
import { describeRequest } from './http-clients';
import { classifyCall, findQuerySites, firstQuery } from './query-sites';
import { isUserInput } from './user-input';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  NodeFlags, SyntaxKind, isAwaitExpression, isCallExpression, isElementAccessExpression, isExpression, isIdentifier,
  isMethodDeclaration, isNumericLiteral, isObjectLiteralExpression, isParameter, isPropertyAccessExpression, isPropertyAssignment,
  isShorthandPropertyAssignment, isSourceFile, isStringLiteralLike, isVariableDeclaration,
} = ts;

/**
 * Where the query model gives up, said out loud (issue 9 item 4): the
 * assessor must see what was not checked, not only what was.
 *
 * - `request`: an HTTP/SOAP request whose URL has no known host in any
 *   candidate — a database row, a call result, a parameter no caller fills
 *   with a known value, an env var that is neither mapped in the policy nor
 *   set in the project's `.env` files, user input. It may or may not reach
 *   the population DB.
 * - `require`: `require(x)` / `import(x)` of a computed specifier: the module
 *   it loads, and any query in it, is invisible.
 * - `callee`: `api[op](…)` into a project module or object one of whose
 *   functions queries the population DB: which one runs is decided at run time.
 */

export interface UnresolvedSite {
  file: FileIndex;
  node: ts.Node;
  kind: 'request' | 'require' | 'callee';
  /** The callee as written (`axios.get`, `require`, `handlers[op]`). */
  callee: string;
  /** Why it could not be resolved, in words for the assessor. */
  reason: string;
  line: number;
  column: number;
}

const KNOWN_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\u0000]+([/?#]|$)/i;

/** The unresolved sites of a file, in source order (memoized per content). */
export function findUnresolvedSites(model: ProjectModel, file: FileIndex): UnresolvedSite[] {
  return model.fileMemo('query.unresolved', file.memoKey, () => computeUnresolved(model, file), []);
}

function computeUnresolved(model: ProjectModel, file: FileIndex): UnresolvedSite[] {
  const out: UnresolvedSite[] = [];
  const sf = file.sourceFile;
  const add = (node: ts.Node, kind: UnresolvedSite['kind'], callee: string, reason: string) => {
    const { line, column } = lineColumn(sf, node.getStart(sf));
    out.push({ file, node, kind, callee, reason, line, column });
  };
  for (const node of file.calls) {
    const callee = skipOuterExpressions(node.expression);
    const name = () => calleeChain(callee)?.join('.') ?? callee.getText(sf).slice(0, 40);
    const dynamicModule = (isIdentifier(callee) && callee.text === 'require') || callee.kind === SyntaxKind.ImportKeyword;
    if (dynamicModule && node.arguments[0] && !isStringLiteralLike(skipOuterExpressions(node.arguments[0]))) {
      add(node, 'require', callee.kind === SyntaxKind.ImportKeyword ? 'import' : 'require', `${callee.kind === SyntaxKind.ImportKeyword ? 'import' : 'require'}() of a computed specifier (${short(node.arguments[0], sf)}): the module it loads is not analysed`);
    } else if (!classifyCall(model, file, node)) {
      const request = describeRequest(model, file, node);
      if (request) {
        const reason = unknownHostReason(model, file, request.urls);
        if (reason) add(node, 'request', name(), reason);
      } else if (isElementAccessExpression(callee) && !isStringLiteralLike(callee.argumentExpression) && !isNumericLiteral(callee.argumentExpression)) {
        const target = queryingMembers(model, file, callee.expression);
        if (target) add(node, 'callee', `${short(callee.expression, sf)}[…]`, `computed callee ${short(callee, sf)}: ${target} queries the population DB, and which member runs is decided at run time`);
      }
    }
  }
  return out;
}

/** Why no candidate URL has a known host, or undefined when one has (then the request was decided: not a population-DB query). */
function unknownHostReason(model: ProjectModel, file: FileIndex, urls: readonly Candidate[]): string | undefined {
  const skeleton = (parts: readonly StringPart[]) => parts.map((p) => (p.kind === 'text' ? p.text : '\u0000')).join('');
  // a known host, or a relative URL (same origin as the page or the instance): decided
  if (urls.some((c) => KNOWN_HOST.test(skeleton(c.parts)) || (c.parts[0]?.kind === 'text' && /^\/(?!\/)/.test(c.parts[0].text)))) return undefined;
  const first = urls.map((c) => c.parts[0]).find((p) => p && p.kind !== 'text') ?? urls[0]?.parts[0];
  if (!first) return undefined;
  if (first.kind === 'env') return `URL from env var ${first.name}, which populationDb.envEndpoints does not list and no .env file of the project sets`;
  if (first.kind === 'text') return undefined;
  const node = first.node;
  const text = node.getSourceFile?.() ? short(node, node.getSourceFile()) : '…';
  if (isExpression(node) && isUserInput(node)) return `URL from user input (${text})`;
  if (isIdentifier(node)) {
    const decl = model.resolveExpression(file, node)?.node;
    if (decl && isParameter(decl)) return `URL from parameter ${node.text}, which no caller in the project fills with a known value`;
    if (decl && isVariableDeclaration(decl) && (decl.parent.flags & NodeFlags.Let || !(decl.parent.flags & NodeFlags.Const))) return `URL from variable ${node.text}, assigned at run time (let/var)`;
  }
  if (isCallExpression(node) || isAwaitExpression(node)) return `URL from the result of ${text} (a call the model cannot evaluate)`;
  if (isPropertyAccessExpression(node) || isElementAccessExpression(node)) return `URL from ${text} (a value read at run time, e.g. a database row or a response)`;
  return `URL from ${text}, not known statically`;
}

/** `ns[op]()`: a project module (namespace import) or object literal one of whose functions performs a query. */
function queryingMembers(model: ProjectModel, file: FileIndex, receiver: ts.Expression): string | undefined {
  const resolved = model.resolveExpression(file, receiver);
  if (!resolved) return undefined;
  if (isSourceFile(resolved.node)) {
    const target = resolved.file;
    return findQuerySites(model, target).length ? `module ${target.fileName.split(/[\\/]/).pop()}` : undefined;
  }
  const value = model.valueNode(resolved.node);
  const owner = model.ownerIndex(resolved);
  if (!value || !owner || !isObjectLiteralExpression(value)) return undefined;
  for (const p of value.properties) {
    const fnNode = isMethodDeclaration(p) ? p : isPropertyAssignment(p) ? skipOuterExpressions(p.initializer) : isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (!fnNode) continue;
    const target = isIdentifier(fnNode) || isPropertyAccessExpression(fnNode) ? model.resolveFunctionReference(owner, fnNode) : owner.functionByNode.get(fnNode) ? { file: owner, info: owner.functionByNode.get(fnNode)! } : undefined;
    if (target && firstQuery(model, target)) return `member ${p.name?.getText(owner.sourceFile) ?? ''}`;
  }
  return undefined;
}

function short(node: ts.Node, sf: ts.SourceFile): string {
  const t = node.getText(sf).replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
