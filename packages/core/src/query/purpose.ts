import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { findLocalDeclaration, type ProjectModel } from '../project/model';
import { isFunctionLike, type FileIndex, type FunctionLike } from '../project/file-index';
import { envVariable, returnExpressions } from '../project/evaluate';
import { closestName } from '../policy/policy';
import type { Policy } from '../policy/policy';
import { isUserInput } from './user-input';
import { isNotALookup, summarizeFunction, type QuerySite } from './query-sites';
import { REQUEST_BODY_OPTIONS, REQUEST_QUERY_OPTIONS } from './http-clients';
import { forEachNode } from '../walk';
import type { InventoryPurpose } from '../format/report';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  NodeFlags, SyntaxKind, canHaveDecorators, getDecorators, getModifiers, isArrowFunction, isAwaitExpression, isBinaryExpression,
  isBlock, isCallExpression, isClassDeclaration, isComputedPropertyName, isConditionalExpression, isElementAccessExpression,
  isEnumDeclaration, isEnumMember, isExpression, isFunctionExpression, isIdentifier, isIfStatement, isLiteralTypeNode,
  isNewExpression, isNoSubstitutionTemplateLiteral, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression,
  isOmittedExpression, isParameter, isParenthesizedExpression, isParenthesizedTypeNode, isPrivateIdentifier,
  isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isShorthandPropertyAssignment,
  isSourceFile, isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isTemplateExpression, isThrowStatement,
  isTypeAliasDeclaration, isTypeReferenceNode, isUnionTypeNode, isVariableDeclaration, isVariableStatement,
} = ts;

/**
 * The purpose a population-DB query states (SPEC §1 `require-registered-purpose`;
 * CV 2112/UBND-KSTTHC, CV 5722/TCTTKĐA). The national services take it in the
 * request — `MaDVC`, the public-service code, beside `MaCanBo` in
 * `XacMinhThongTinNhanThan` — so for each query site we look for a field the
 * policy's `purpose.fields` names in what the request sends:
 *
 * - the body: axios/NestJS `data` (second argument, or `data` of a config),
 *   fetch/undici `body` (through `JSON.stringify`, `new URLSearchParams`),
 *   got/ky `json`/`form`/`body`, superagent `.send()`;
 * - the query string: the URL's text (`?MaDVC=…`), axios `params`, got/ky
 *   `searchParams`, undici `query`, superagent `.query()`, `URLSearchParams`
 *   and `url.searchParams` filled with `append`/`set`;
 * - SOAP: the operation's arguments object, and `addSoapHeader`/`addHttpHeader`
 *   in the same function;
 * - headers: `headers` of the request or its config (`X-MaDVC`), superagent `.set()`.
 *
 * An object is followed through local constants, module constants and
 * imports, project functions that return it (`taoYeuCau(so, maDVC)` in
 * another file, its parameters bound to the call's arguments), spreads,
 * `body.MaDVC = …` assignments, and conditionals. The value found is then
 * classified (see `PurposeValue`); a value that is a parameter of the
 * function around the query is decided at each caller: every call of a
 * function that queries is itself a query site (a wrapper), which looks at
 * the argument it passes. Every walk here is depth-guarded and memoized per
 * site, so the cost stays linear in the code the sites reach.
 */

export type PurposeWhere = 'body' | 'query' | 'header' | 'soap' | 'argument';

export type PurposeValue =
  /** A fixed purpose written in code (a literal, a constant, an enum or const-object member, a literal-union type). */
  | { kind: 'literal'; text: string; file: FileIndex; node: ts.Node }
  /** A property of the case being processed: a loaded record (`hoSo.maThuTuc`), the session (`req.user.maDVC`). */
  | { kind: 'record'; node: ts.Node }
  /** A request parameter checked against a list before it is used (`if (!PURPOSES.includes(x)) return`, `@IsIn(...)`). */
  | { kind: 'checked'; node: ts.Node }
  /** Deployment configuration (`process.env.MA_DVC` with no value in the project's `.env` files): set outside the code. */
  | { kind: 'config'; node: ts.Node }
  /** A request parameter used as it came: the caller picks any purpose. */
  | { kind: 'userInput'; file: FileIndex; node: ts.Node }
  /** A parameter of a function (or a property of one: `opts.maDVC`, `({ maDVC }) => …`): each caller's argument decides. */
  | { kind: 'param'; fn: FunctionLike; index: number; path?: string[] }
  /** A value that cannot be followed (a call result, a computed key): accepted, never reported. */
  | { kind: 'unknown'; node: ts.Node };

export type PurposeOutcome =
  /** A purpose field is sent, with the values it can hold. */
  | { state: 'sent'; field: string; where: PurposeWhere; values: PurposeValue[] }
  /** Nothing the request sends carries a purpose field. `dropped`: a parameter named like one that the function takes and never sends. */
  | { state: 'missing'; dropped?: string }
  /** What the request sends cannot be seen (an opaque body): nothing is said about it. */
  | { state: 'unknown' }
  /** The whole request object (body, SOAP arguments) is a parameter: each caller's argument decides. */
  | { state: 'deferred'; fn: FunctionLike; index: number }
  /** A wrapper call whose purpose is decided inside the wrapper (checked there, not at every call). */
  | { state: 'inner' };

const MAX_DEPTH = 12;
const MAX_OBJECT_NESTING = 3;

/**
 * How a field or header name is compared with `purpose.fields`: lower case,
 * without a namespace prefix (`dc:MaDVC`), `-`, `_` or spaces; a header also
 * without a leading `x-` (`X-MaDVC`, `x-ma-dvc`). So `MaDVC`, `maDVC`,
 * `ma_dvc` and the header `X-Ma-DVC` are one name.
 */
export function purposeFieldKey(name: string, header = false): string {
  let n = name.trim().toLowerCase();
  n = n.replace(/^[a-z0-9]+:/, '');
  if (header) n = n.replace(/^x-/, '');
  return n.replace(/[-_\s]/g, '');
}

function fieldMatcher(policy: Policy): (name: string, header?: boolean) => string | undefined {
  const keys = new Map(policy.purpose.fields.map((f) => [purposeFieldKey(f), f]));
  return (name, header = false) => (keys.has(purposeFieldKey(name, header)) ? name : undefined);
}

/** A registered purpose, or the registered one a literal most likely meant. */
export function purposeSuggestion(policy: Policy, text: string): string | undefined {
  const known = policy.system.purposes;
  const loose = (s: string) => s.toLowerCase().replace(/[-_\s.]/g, '');
  return known.find((k) => loose(k) === loose(text)) ?? closestName(text, known, Math.max(2, Math.floor(text.length / 5)));
}

export const isRegisteredPurpose = (policy: Policy, text: string): boolean => policy.system.purposes.includes(text);

/** Parameters of a function bound to one call's arguments (the body built by `taoYeuCau(so, maDVC)`). */
interface Env {
  params: Map<ts.ParameterDeclaration, { file: FileIndex; expr: ts.Expression | undefined; env: Env | undefined }>;
}

interface Ctx {
  model: ProjectModel;
  field: (name: string, header?: boolean) => string | undefined;
}

/** An object a request sends, as far as it can be seen. */
type ObjectRef =
  | { file: FileIndex; object: ts.ObjectLiteralExpression; env: Env | undefined; owner?: ts.Identifier }
  | { param: ts.ParameterDeclaration }
  /** A container filled after it is made (`params.append('MaDVC', …)`). */
  | { mutated: Found }
  | 'unknown'
  | 'absent';

/** `new URLSearchParams()`, `new FormData()`, `new Map()`: made empty, filled with `append`/`set`. */
function isEmptyContainer(expr: ts.Expression): boolean {
  const e = skipOuterExpressions(expr);
  return isNewExpression(e) && isIdentifier(e.expression) && ['URLSearchParams', 'FormData', 'Headers', 'Map'].includes(e.expression.text);
}

interface Found {
  field: string;
  where: PurposeWhere;
  file: FileIndex;
  expr: ts.Expression;
  env: Env | undefined;
}

/** The purpose a query site sends; memoized per site. */
export function purposeOfSite(model: ProjectModel, site: QuerySite): PurposeOutcome {
  const key = `${site.file.memoKey}|${site.call.pos}|${site.call.end}`;
  return model.memo('purpose.site', key, () => computeOutcome({ model, field: fieldMatcher(model.policy) }, site), { state: 'unknown' });
}

function computeOutcome(ctx: Ctx, site: QuerySite): PurposeOutcome {
  if (site.kind === 'wrapper' && site.target) return wrapperOutcome(ctx, site);
  if (site.kind === 'clientCall') {
    const target = ctx.model.resolveCall(site.file, site.call);
    // a policy client call that is a project function with a request inside: judged like a wrapper
    if (target && summarizeFunction(ctx.model, target).sites.length) return wrapperOutcome(ctx, { ...site, target });
    return argumentsOutcome(ctx, site.file, site.call);
  }
  if (site.kind === 'request' && site.request) return isNotALookup(site) ? { state: 'unknown' } : requestOutcome(ctx, site);
  return { state: 'unknown' };
}

/** The object literal(s) or parameter an expression's value is. */
function objectRef(ctx: Ctx, file: FileIndex, expr: ts.Expression | undefined, env: Env | undefined, depth: number): ObjectRef {
  if (!expr) return 'absent';
  if (depth > MAX_DEPTH) return 'unknown';
  let e = skipOuterExpressions(expr);
  if (isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  if (isObjectLiteralExpression(e)) return { file, object: e, env };
  // a URL string where a config object may stand (`axios(url)`): no object at all
  if (isStringLiteralLike(e) || isTemplateExpression(e) || (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken)) return 'absent';
  if (isCallExpression(e) || isNewExpression(e)) {
    const chain = calleeChain(e.expression)?.join('.');
    // JSON.stringify(body), new URLSearchParams(params), qs.stringify(params), querystring.stringify(params)
    if (chain && /^(JSON\.stringify|URLSearchParams|qs\.stringify|querystring\.stringify|stringify|new URLSearchParams)$/.test(chain)) {
      const arg = e.arguments?.[0];
      return arg ? objectRef(ctx, file, arg, env, depth + 1) : 'absent';
    }
    if (isCallExpression(e)) {
      const target = ctx.model.resolveCall(file, e);
      if (target) {
        const inner = bindCall(target.info.node, file, e, env);
        for (const r of returnExpressions(target.info.node)) {
          const ref = objectRef(ctx, target.file, r, inner, depth + 1);
          if (typeof ref === 'object') return ref;
        }
      }
    }
    return 'unknown';
  }
  if (isIdentifier(e)) {
    const local = findLocalDeclaration(e);
    if (local && isParameter(local)) {
      const bound = env?.params.get(local);
      if (bound) return objectRef(ctx, bound.file, bound.expr, bound.env, depth + 1);
      if (local.initializer && !isFunctionLike(local.parent)) return 'unknown';
      return { param: local };
    }
    if (local && isVariableDeclaration(local) && local.initializer) {
      const ref = objectRef(ctx, file, local.initializer, env, depth + 1);
      if (typeof ref === 'object' && 'object' in ref) return { ...ref, owner: e };
      // `const p = new URLSearchParams(); p.append('MaDVC', …)`, `const body: Record<string, string> = {}` filled later
      const mutated = ref !== 'unknown' || isEmptyContainer(local.initializer) ? mutationField(ctx, file, e, 'body', env) : undefined;
      return mutated ? { mutated } : ref;
    }
    if (local) return 'unknown';
  }
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const resolved = ctx.model.resolveExpression(file, e);
    const value = resolved && ctx.model.valueNode(resolved.node);
    const owner = resolved && ctx.model.ownerIndex(resolved);
    if (value && owner && isExpression(value) && value !== e) return objectRef(ctx, owner, value, undefined, depth + 1);
  }
  if (isConditionalExpression(e)) {
    const a = objectRef(ctx, file, e.whenTrue, env, depth + 1);
    return typeof a === 'object' ? a : objectRef(ctx, file, e.whenFalse, env, depth + 1);
  }
  return 'unknown';
}

function bindCall(fn: FunctionLike, file: FileIndex, call: ts.CallExpression | ts.NewExpression, env: Env | undefined): Env {
  const params = new Map<ts.ParameterDeclaration, { file: FileIndex; expr: ts.Expression | undefined; env: Env | undefined }>();
  fn.parameters.forEach((p, i) => params.set(p, { file, expr: call.arguments?.[i] ?? p.initializer, env }));
  return { params };
}

function propertyName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isStringLiteral(name) || isNoSubstitutionTemplateLiteral(name) || isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** A property of an object literal by name (the last one wins, as at run time). */
function prop(object: ts.ObjectLiteralExpression, ...names: string[]): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  for (const p of object.properties) {
    const n = propertyName(p.name);
    if (!n || !names.includes(n)) continue;
    if (isPropertyAssignment(p)) found = p.initializer;
    else if (isShorthandPropertyAssignment(p)) found = p.name;
  }
  return found;
}

/**
 * A purpose field in an object the request sends: its own properties (nested
 * objects a few levels deep: SOAP `{ request: { MaDVC } }`), spreads, and
 * `x.MaDVC = …` / `x.append('MaDVC', …)` on the variable that holds it.
 * `unknown` when a spread or the object cannot be seen.
 */
function fieldInObject(ctx: Ctx, ref: ObjectRef, where: PurposeWhere, depth: number, nesting = 0): Found | 'missing' | 'unknown' | { param: ts.ParameterDeclaration } {
  if (ref === 'absent') return 'missing';
  if (ref === 'unknown') return 'unknown';
  if ('param' in ref) return ref;
  if ('mutated' in ref) return { ...ref.mutated, where: ref.mutated.where === 'body' ? where : ref.mutated.where };
  if (depth > MAX_DEPTH) return 'unknown';
  const header = where === 'header';
  let unknown = false;
  const nested: ObjectRef[] = [];
  for (const p of ref.object.properties) {
    if (isSpreadAssignment(p)) {
      const inner = fieldInObject(ctx, objectRef(ctx, ref.file, p.expression, ref.env, depth + 1), where, depth + 1, nesting);
      if (typeof inner === 'object' && 'field' in inner) return inner;
      if (inner !== 'missing') unknown = true;
      continue;
    }
    const name = propertyName(p.name);
    if (!name) {
      if (isComputedPropertyName(p.name as ts.Node)) unknown = true;
      continue;
    }
    const field = ctx.field(name, header);
    if (field && (isPropertyAssignment(p) || isShorthandPropertyAssignment(p))) {
      return { field, where, file: ref.file, expr: isPropertyAssignment(p) ? p.initializer : p.name, env: ref.env };
    }
    if (isPropertyAssignment(p) && nesting < MAX_OBJECT_NESTING) {
      const v = skipOuterExpressions(p.initializer);
      if (isObjectLiteralExpression(v)) nested.push({ file: ref.file, object: v, env: ref.env });
    }
  }
  if (ref.owner) {
    const mutated = mutationField(ctx, ref.file, ref.owner, where, ref.env);
    if (mutated) return mutated;
  }
  for (const n of nested) {
    const inner = fieldInObject(ctx, n, where, depth + 1, nesting + 1);
    if (typeof inner === 'object' && 'field' in inner) return inner;
  }
  return unknown ? 'unknown' : 'missing';
}

/** `body.MaDVC = x`, `body['MaDVC'] = x`, `params.append('maDVC', x)`, `url.searchParams.set('maDVC', x)` in the function that declares the variable. */
function mutationField(ctx: Ctx, file: FileIndex, id: ts.Identifier, where: PurposeWhere, env: Env | undefined): Found | undefined {
  const decl = findLocalDeclaration(id);
  if (!decl) return undefined;
  // one walk of the declaring function per variable, whichever site asks
  const found = ctx.model.memo('purpose.mutation', `${file.memoKey}|${decl.pos}|${where}`, () => scanMutations(ctx, file, decl, id.text, where), undefined);
  return found && { ...found, env };
}

function scanMutations(ctx: Ctx, file: FileIndex, decl: ts.Node, name: string, where: PurposeWhere): Found | undefined {
  const env = undefined;
  let scope: ts.Node | undefined = decl;
  while (scope && !isFunctionLike(scope) && !isSourceFile(scope)) scope = scope.parent;
  if (!scope) return undefined;
  let found: Found | undefined;
  forEachNode(scope, (n) => {
    if (found) return false;
    if (isBinaryExpression(n) && n.operatorToken.kind === SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(n.left);
      const chain = isPropertyAccessExpression(left) || isElementAccessExpression(left) ? calleeChain(left) : undefined;
      const field = chain && chain.length === 2 && chain[0] === name ? ctx.field(chain[1], where === 'header') : undefined;
      if (field) found = { field, where, file, expr: n.right, env };
    }
    if (isCallExpression(n) && isPropertyAccessExpression(n.expression) && ['append', 'set'].includes(n.expression.name.text)) {
      const chain = calleeChain(n.expression.expression);
      const key = n.arguments[0] && skipOuterExpressions(n.arguments[0]);
      if (chain && chain[0] === name && chain.length <= 2 && key && isStringLiteralLike(key) && n.arguments[1]) {
        const field = ctx.field(key.text, where === 'header');
        if (field) found = { field, where: chain.length === 2 ? 'query' : where, file, expr: n.arguments[1], env };
      }
    }
  });
  return found;
}

/**
 * `?MaDVC=…` in the URL: the candidate URLs' text, an unknown part standing
 * for its expression. The value is the literal text after `=`, or the
 * expression of the part that is the whole value (`?maDVC=${maDVC}`).
 */
function fieldInUrl(ctx: Ctx, site: QuerySite): { field: string; value: PurposeValue } | Found | undefined {
  const request = site.request!;
  for (const c of request.urls) {
    // an env part (`?maDVC=${process.env.MA_DVC}`) is deployment configuration: not followed
    const nodes: (ts.Node | undefined)[] = [];
    const text = c.parts.map((p) => (p.kind === 'text' ? p.text : `\u0001${nodes.push(p.kind === 'unknown' ? p.node : undefined) - 1}\u0002`)).join('');
    const q = text.indexOf('?');
    if (q < 0) continue;
    const re = /[?&]([^=&#?\u0001]+)=([^&#]*)/g;
    re.lastIndex = q;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const field = ctx.field(safeDecode(m[1]));
      if (!field) continue;
      const whole = /^\u0001(\d+)\u0002$/.exec(m[2]);
      const node = whole ? nodes[Number(whole[1])] : undefined;
      if (node && isExpression(node) && node.getSourceFile() === site.file.sourceFile) return { field, where: 'query', file: site.file, expr: node, env: undefined };
      if (m[2].includes('\u0001')) return { field, value: { kind: 'unknown', node: site.call } };
      return { field, value: { kind: 'literal', text: safeDecode(m[2]), file: site.file, node: request.urlExpression ?? site.call } };
    }
  }
  return undefined;
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** The parts of a request a purpose may travel in: (object, where) pairs, by client. */
function requestParts(ctx: Ctx, site: QuerySite): { expr: ts.Expression | undefined; where: PurposeWhere; config?: boolean }[] {
  const request = site.request!;
  const call = site.call;
  const args = call.arguments;
  const callee = skipOuterExpressions(call.expression);
  const method = isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const out: { expr: ts.Expression | undefined; where: PurposeWhere; config?: boolean }[] = [];
  switch (request.client) {
    case 'soap':
      out.push({ expr: args[0], where: 'soap' });
      break;
    case 'openapi':
      for (const a of args) out.push({ expr: a, where: 'argument' });
      break;
    case 'axios':
    case 'nest-http': {
      const withData = method && ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'].includes(method);
      const single = !method || method === 'request';
      if (single) {
        // axios(config), axios(url, config), axios.request(config)
        out.push({ expr: args.length >= 2 ? args[1] : args[0], where: 'body', config: true });
      } else {
        if (withData) out.push({ expr: args[1], where: 'body' });
        out.push({ expr: withData ? args[2] : args[1], where: 'body', config: true });
      }
      break;
    }
    case 'fetch':
    case 'undici':
    case 'got':
    case 'ky': {
      const first = args[0] && objectRef(ctx, site.file, args[0], undefined, 0);
      // got({ url, json }), undici.request(url, { body, query, headers })
      if (first && typeof first === 'object' && 'object' in first) out.push({ expr: args[0], where: 'body', config: true });
      out.push({ expr: args[1], where: 'body', config: true });
      break;
    }
    case 'http':
      out.push({ expr: args[0], where: 'body', config: true });
      break;
    case 'superagent':
      break;
  }
  return out;
}

/** Config keys: which carry a body, a query string or headers. */
const CONFIG_BODY = REQUEST_BODY_OPTIONS;
const CONFIG_QUERY = REQUEST_QUERY_OPTIONS;
const CONFIG_HEADERS = ['headers'];

function requestOutcome(ctx: Ctx, site: QuerySite): PurposeOutcome {
  const request = site.request!;
  let unknown = false;
  let deferred: { param: ts.ParameterDeclaration } | undefined;
  const consider = (r: ReturnType<typeof fieldInObject>): Found | undefined => {
    if (typeof r === 'object' && 'field' in r) return r;
    if (r === 'unknown') unknown = true;
    else if (typeof r === 'object' && 'param' in r) deferred ??= r;
    return undefined;
  };
  const found = ((): Found | { field: string; value: PurposeValue } | undefined => {
    for (const part of requestParts(ctx, site)) {
      const ref = objectRef(ctx, site.file, part.expr, undefined, 0);
      if (!part.config) {
        const f = consider(fieldInObject(ctx, ref, part.where, 0));
        if (f) return f;
        continue;
      }
      if (ref === 'absent') continue;
      if (ref === 'unknown' || 'param' in ref || 'mutated' in ref) {
        const f = consider(fieldInObject(ctx, ref, part.where, 0));
        if (f) return f;
        continue;
      }
      for (const [keys, where] of [[CONFIG_BODY, 'body'], [CONFIG_QUERY, 'query'], [CONFIG_HEADERS, 'header']] as const) {
        const value = prop(ref.object, ...keys);
        if (!value) continue;
        const f = consider(fieldInObject(ctx, objectRef(ctx, ref.file, value, ref.env, 1), where, 1));
        if (f) return f;
      }
      if (ref.object.properties.some(isSpreadAssignment)) unknown = true;
    }
    if (request.client === 'soap') {
      const header = soapHeaderField(ctx, site);
      if (header) return header;
    }
    if (request.client === 'superagent') {
      const chained = superagentField(ctx, site);
      if (chained) return chained;
    }
    if (request.client === 'http') unknown = true; // the body is written with req.write(): not followed
    // headers set on the instance: axios.create({ headers }), got.extend({ headers })
    const instanceHeader = instanceHeaderField(ctx, site);
    if (instanceHeader) return instanceHeader;
    return fieldInUrl(ctx, site);
  })();
  if (found && 'expr' in found) return { state: 'sent', field: found.field, where: found.where, values: classifyValue(ctx, found.file, found.expr, found.env, 0) };
  if (found) return { state: 'sent', field: found.field, where: 'query', values: [found.value] };
  if (deferred) {
    const fn = deferred.param.parent as FunctionLike;
    return { state: 'deferred', fn, index: fn.parameters.indexOf(deferred.param) };
  }
  if (unknown) return { state: 'unknown' };
  return { state: 'missing', dropped: droppedParameter(ctx, site) };
}

/** `client.addSoapHeader({ 'dc:MaDVC': … })` / `addHttpHeader('X-MaDVC', …)` in the function of a SOAP operation. */
function soapHeaderField(ctx: Ctx, site: QuerySite): Found | undefined {
  const scope = site.enclosing?.node.body;
  if (!scope) return undefined;
  let found: Found | undefined;
  forEachNode(scope, (n) => {
    if (found) return false;
    if (isCallExpression(n) && isPropertyAccessExpression(n.expression)) {
      const m = n.expression.name.text;
      if (m === 'addSoapHeader' && n.arguments[0]) {
        const r = fieldInObject(ctx, objectRef(ctx, site.file, n.arguments[0], undefined, 1), 'soap', 1);
        if (typeof r === 'object' && 'field' in r) found = { ...r, where: 'header' };
      }
      const key = n.arguments[0] && skipOuterExpressions(n.arguments[0]);
      if (m === 'addHttpHeader' && key && isStringLiteralLike(key) && n.arguments[1]) {
        const field = ctx.field(key.text, true);
        if (field) found = { field, where: 'header', file: site.file, expr: n.arguments[1], env: undefined };
      }
    }
  });
  return found;
}

/** `superagent.post(url).set('X-MaDVC', v).send({ MaDVC })`: the calls chained on the request. */
function superagentField(ctx: Ctx, site: QuerySite): Found | undefined {
  let node: ts.Node = site.call;
  for (let i = 0; i < 12; i++) {
    const access = node.parent;
    if (!access || !isPropertyAccessExpression(access) || access.expression !== node || !isCallExpression(access.parent)) return undefined;
    const call = access.parent;
    const m = access.name.text;
    const [a, b] = call.arguments;
    if ((m === 'send' || m === 'query' || m === 'field') && a) {
      const r = fieldInObject(ctx, objectRef(ctx, site.file, a, undefined, 1), m === 'query' ? 'query' : 'body', 1);
      if (typeof r === 'object' && 'field' in r) return r;
    }
    if (m === 'set' && a) {
      const key = skipOuterExpressions(a);
      if (isStringLiteralLike(key) && b) {
        const field = ctx.field(key.text, true);
        if (field) return { field, where: 'header', file: site.file, expr: b, env: undefined };
      } else {
        const r = fieldInObject(ctx, objectRef(ctx, site.file, a, undefined, 1), 'header', 1);
        if (typeof r === 'object' && 'field' in r) return r;
      }
    }
    node = call;
  }
  return undefined;
}

/** Default headers or params of the instance the request goes through (`axios.create({ headers: { 'X-MaDVC': … } })`). */
function instanceHeaderField(ctx: Ctx, site: QuerySite): Found | undefined {
  const base = site.request?.base;
  if (!base) return undefined;
  // the instance's config object holds the base URL expression
  let n: ts.Node | undefined = base.expr.parent;
  while (n && !isObjectLiteralExpression(n) && !isSourceFile(n)) n = isPropertyAssignment(n) || isShorthandPropertyAssignment(n) ? n.parent : undefined;
  if (!n || !isObjectLiteralExpression(n)) return undefined;
  for (const [keys, where] of [[CONFIG_HEADERS, 'header'], [CONFIG_QUERY, 'query']] as const) {
    const value = prop(n, ...keys);
    if (!value) continue;
    const r = fieldInObject(ctx, objectRef(ctx, base.file, value, undefined, 1), where, 1);
    if (typeof r === 'object' && 'field' in r) return r;
  }
  return undefined;
}

/** A parameter of the query's function named like a purpose field: the purpose the caller gave, dropped on the way. */
function droppedParameter(ctx: Ctx, site: QuerySite): string | undefined {
  for (let n: ts.Node | undefined = site.call.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    for (const p of n.parameters) {
      const names = isIdentifier(p.name) ? [p.name.text] : bindingNames(p.name);
      const hit = names.find((x) => ctx.field(x));
      if (hit) return hit;
    }
    if (!isInlineFunction(n)) return undefined;
  }
  return undefined;
}

const isInlineFunction = (n: ts.Node): boolean => (isArrowFunction(n) || isFunctionExpression(n)) && (isCallExpression(n.parent) || isParenthesizedExpression(n.parent));

/** The names a binding pattern binds, nested patterns included (walked with a stack: a pattern may nest deeply). */
function bindingNames(pattern: ts.BindingName): string[] {
  const out: string[] = [];
  const stack: ts.BindingName[] = [pattern];
  while (stack.length) {
    const p = stack.pop()!;
    if (isIdentifier(p)) out.push(p.text);
    else for (const el of p.elements) if (!isOmittedExpression(el)) stack.push(el.name);
  }
  return out;
}

/**
 * A client the policy names (`populationDb.clientCalls`) whose body is not
 * known: a purpose field in the object literals it is given (a level deep),
 * or an argument named like one (`dancuApi.traCuu(so, maDVC)`).
 */
function argumentsOutcome(ctx: Ctx, file: FileIndex, call: ts.CallExpression): PurposeOutcome {
  let unknown = false;
  for (const arg of call.arguments) {
    if (isSpreadElement(arg)) {
      unknown = true;
      continue;
    }
    const ref = objectRef(ctx, file, arg, undefined, 0);
    if (typeof ref === 'object' && 'object' in ref) {
      const r = fieldInObject(ctx, ref, 'argument', 0);
      if (typeof r === 'object' && 'field' in r) return { state: 'sent', field: r.field, where: 'argument', values: classifyValue(ctx, r.file, r.expr, r.env, 0) };
      if (r === 'unknown') unknown = true;
      continue;
    }
    const name = calleeChain(skipOuterExpressions(arg))?.at(-1);
    const field = name ? ctx.field(name) : undefined;
    if (field) return { state: 'sent', field, where: 'argument', values: classifyValue(ctx, file, arg, undefined, 0) };
  }
  return unknown ? { state: 'unknown' } : { state: 'missing' };
}

/**
 * A call of a project function that queries: the purposes its queries take
 * from its parameters are the arguments this call passes. Decided inside
 * (`inner`) when none of them depends on a parameter.
 */
function wrapperOutcome(ctx: Ctx, site: QuerySite): PurposeOutcome {
  const outcome = wrapperArguments(ctx, site);
  // `traCuu(so, maDVC) { return traCuuCongDan(so) }`: the caller's purpose dropped on the way, one level up
  return outcome.state === 'missing' ? { state: 'missing', dropped: droppedParameter(ctx, site) } : outcome;
}

function wrapperArguments(ctx: Ctx, site: QuerySite): PurposeOutcome {
  const target = site.target!;
  const fn = target.info.node;
  const needs: { index: number; object: boolean; path?: string[] }[] = [];
  for (const inner of summarizeFunction(ctx.model, target).sites) {
    const o = purposeOfSite(ctx.model, inner);
    if (o.state === 'deferred' && o.fn === fn) needs.push({ index: o.index, object: true });
    if (o.state === 'sent') for (const v of o.values) if (v.kind === 'param' && v.fn === fn) needs.push({ index: v.index, object: false, path: v.path });
  }
  if (!needs.length) return { state: 'inner' };
  const values: PurposeValue[] = [];
  let field = '';
  let where: PurposeWhere = 'argument';
  let unknown = false;
  for (const need of needs) {
    const param = fn.parameters[need.index];
    if (!param || param.dotDotDotToken || site.call.arguments.some(isSpreadElement)) {
      unknown = true;
      continue;
    }
    const arg = site.call.arguments[need.index];
    if (need.object) {
      const ref = arg ? objectRef(ctx, site.file, arg, undefined, 0) : param.initializer ? objectRef(ctx, target.file, param.initializer, undefined, 0) : 'absent';
      const r = fieldInObject(ctx, ref, 'body', 0);
      if (typeof r === 'object' && 'field' in r) {
        field ||= r.field;
        where = r.where;
        values.push(...classifyValue(ctx, r.file, r.expr, r.env, 0));
      } else if (typeof r === 'object' && 'param' in r) {
        const owner = r.param.parent as FunctionLike;
        return { state: 'deferred', fn: owner, index: owner.parameters.indexOf(r.param) };
      } else if (r === 'unknown') unknown = true;
      else return { state: 'missing' };
      continue;
    }
    const value = arg ?? param.initializer;
    if (!value || isUndefinedLiteral(value)) return { state: 'missing' };
    const valueFile = arg ? site.file : target.file;
    if (need.path?.length) {
      // `traCuu({ soDinhDanh, maDVC: 'x' })` into `({ maDVC }) => …` or `opts.maDVC`
      const at = valueAtPath(ctx, objectRef(ctx, valueFile, value, undefined, 0), need.path, 0);
      if (at === 'missing') return { state: 'missing' };
      if (at === 'unknown') {
        unknown = true;
        continue;
      }
      field ||= need.path[need.path.length - 1];
      values.push(...classifyValue(ctx, at.file, at.expr, at.env, 0));
      continue;
    }
    field ||= isIdentifier(param.name) ? param.name.text : '';
    values.push(...classifyValue(ctx, valueFile, value, undefined, 0));
  }
  if (values.length) return { state: 'sent', field, where, values };
  return unknown ? { state: 'unknown' } : { state: 'missing' };
}

const isUndefinedLiteral = (e: ts.Expression): boolean => {
  const x = skipOuterExpressions(e);
  return (isIdentifier(x) && x.text === 'undefined') || x.kind === SyntaxKind.NullKeyword;
};

/** What a purpose value is: see `PurposeValue`. */
function classifyValue(ctx: Ctx, file: FileIndex, expr: ts.Expression, env: Env | undefined, depth: number): PurposeValue[] {
  if (depth > MAX_DEPTH) return [{ kind: 'unknown', node: expr }];
  const e = skipOuterExpressions(expr);
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return [{ kind: 'literal', text: e.text, file, node: e }];
  if (isNumericLiteral(e)) return [{ kind: 'literal', text: e.text, file, node: e }];
  if (isConditionalExpression(e)) return [...classifyValue(ctx, file, e.whenTrue, env, depth + 1), ...classifyValue(ctx, file, e.whenFalse, env, depth + 1)];
  if (isBinaryExpression(e) && [SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) {
    return [...classifyValue(ctx, file, e.left, env, depth + 1), ...classifyValue(ctx, file, e.right, env, depth + 1)];
  }
  if (isAwaitExpression(e)) return classifyValue(ctx, file, e.expression, env, depth + 1);
  // process.env.MA_DVC: the values the project's .env files give it are checked; a name set only at deployment is configuration
  if (envVariable(e)) {
    return ctx.model.evaluateCandidates(file, e).map((c): PurposeValue => {
      const text = c.parts.every((p) => p.kind === 'text') ? c.parts.map((p) => (p as { text: string }).text).join('') : undefined;
      return text !== undefined ? { kind: 'literal', text, file, node: e } : { kind: 'config', node: e };
    });
  }
  if (isUserInput(e)) return [checkedAgainstList(file, e) ? { kind: 'checked', node: e } : validatedDtoField(ctx, file, e) ? { kind: 'checked', node: e } : { kind: 'userInput', file, node: e }];
  if (isIdentifier(e)) {
    const local = findLocalDeclaration(e);
    if (local && isParameter(local)) {
      const bound = env?.params.get(local);
      if (bound) return bound.expr ? classifyValue(ctx, bound.file, bound.expr, bound.env, depth + 1) : [{ kind: 'unknown', node: e }];
      const typed = typeMembers(ctx, file, local.type, depth);
      if (typed) return typed;
      const fn = local.parent;
      if (isFunctionLike(fn)) return [{ kind: 'param', fn, index: fn.parameters.indexOf(local) }];
      return [{ kind: 'unknown', node: e }];
    }
    if (local && isVariableDeclaration(local)) {
      if (local.initializer && (local.parent.flags & NodeFlags.Const) !== 0) return classifyValue(ctx, file, local.initializer, env, depth + 1);
      const typed = typeMembers(ctx, file, local.type, depth);
      return typed ?? (local.initializer ? classifyValue(ctx, file, local.initializer, env, depth + 1) : [{ kind: 'unknown', node: e }]);
    }
    // a property of a parameter, destructured: `({ soDinhDanh, maDVC }: YeuCau) => …`
    const destructured = local ? undefined : destructuredParameter(e);
    if (destructured) return parameterProperty(ctx, file, e, destructured.param, destructured.path, env, depth);
    // a name bound by destructuring: `const { maThuTuc } = hoSo` — a property of the record
    if (!local && destructuredFromRecord(e)) return [{ kind: 'record', node: e }];
  }
  // `opts.maDVC` where opts is a parameter: the caller's object decides
  const ofParam = isPropertyAccessExpression(e) ? parameterPath(e) : undefined;
  if (ofParam) return parameterProperty(ctx, file, e, ofParam.param, ofParam.path, env, depth);
  if (isIdentifier(e) || isPropertyAccessExpression(e) || (isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression))) {
    const member = enumOrConstMember(ctx, file, e, depth);
    if (member) return member;
    if (!isIdentifier(e)) return [{ kind: 'record', node: e }];
  }
  // templates, concatenations, helpers returning a fixed text, lookup tables (`MUC_DICH[loai]`)
  const candidates = ctx.model.evaluateCandidates(file, e);
  if (candidates.length && candidates.every((c) => c.parts.every((p) => p.kind === 'text'))) {
    return candidates.map((c) => ({ kind: 'literal', text: c.parts.map((p) => (p as { text: string }).text).join(''), file, node: e }));
  }
  if (isElementAccessExpression(e)) return [{ kind: 'record', node: e }];
  return [{ kind: 'unknown', node: e }];
}

/** `opts.a.b` with `opts` a parameter (not `this`, not the request): the parameter and the path `['a', 'b']`. */
function parameterPath(e: ts.PropertyAccessExpression): { param: ts.ParameterDeclaration; path: string[] } | undefined {
  const path: string[] = [];
  let x: ts.Expression = e;
  while (isPropertyAccessExpression(x) && path.length < 8) {
    path.unshift(x.name.text);
    x = skipOuterExpressions(x.expression);
  }
  if (!isIdentifier(x)) return undefined;
  const decl = findLocalDeclaration(x);
  return decl && isParameter(decl) && isFunctionLike(decl.parent) ? { param: decl, path } : undefined;
}

/** `({ maDVC }) => …`, `({ yeuCau: { maDVC } }) => …`: the parameter whose pattern binds the name, and the property path to it. */
function destructuredParameter(id: ts.Identifier): { param: ts.ParameterDeclaration; path: string[] } | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope && !isSourceFile(scope); scope = scope.parent) {
    if (!isFunctionLike(scope)) continue;
    for (const p of scope.parameters) {
      if (isIdentifier(p.name)) continue;
      const path = patternPath(p.name, id.text);
      if (path) return { param: p, path };
    }
  }
  return undefined;
}

function patternPath(pattern: ts.BindingPattern, name: string): string[] | undefined {
  const stack: { p: ts.BindingPattern; path: string[] }[] = [{ p: pattern, path: [] }];
  while (stack.length) {
    const { p, path } = stack.pop()!;
    if (!isObjectBindingPattern(p)) continue; // array patterns: positions, not fields
    for (const el of p.elements) {
      const key = el.propertyName ? propertyName(el.propertyName) : isIdentifier(el.name) ? el.name.text : undefined;
      if (el.dotDotDotToken || key === undefined) continue;
      if (isIdentifier(el.name)) {
        if (el.name.text === name) return [...path, key];
      } else if (path.length < 8) stack.push({ p: el.name, path: [...path, key] });
    }
  }
  return undefined;
}

/** A property of a parameter: followed into the bound argument, else left to each caller. */
function parameterProperty(ctx: Ctx, file: FileIndex, e: ts.Expression, param: ts.ParameterDeclaration, path: string[], env: Env | undefined, depth: number): PurposeValue[] {
  const bound = env?.params.get(param);
  if (bound) {
    const value = bound.expr ? valueAtPath(ctx, objectRef(ctx, bound.file, bound.expr, bound.env, depth + 1), path, depth) : 'missing';
    return typeof value === 'object' ? classifyValue(ctx, value.file, value.expr, value.env, depth + 1) : [{ kind: 'unknown', node: e }];
  }
  const fn = param.parent as FunctionLike;
  // `hoSoList.map((hs) => traCuu(hs.so, hs.maThuTuc))`: an element of the collection being processed
  if (isInlineFunction(fn)) return [{ kind: 'record', node: e }];
  return [{ kind: 'param', fn, index: fn.parameters.indexOf(param), path }];
}

/** The expression at a property path of an object the code passes (`{ yeuCau: { maDVC } }`). */
function valueAtPath(ctx: Ctx, ref: ObjectRef, path: readonly string[], depth: number): { file: FileIndex; expr: ts.Expression; env: Env | undefined } | 'missing' | 'unknown' {
  let current = ref;
  for (let i = 0; i < path.length; i++) {
    if (current === 'absent') return 'missing';
    if (current === 'unknown' || 'param' in current || 'mutated' in current) return 'unknown';
    const value = prop(current.object, path[i]);
    if (!value) return current.object.properties.some(isSpreadAssignment) ? 'unknown' : 'missing';
    if (i === path.length - 1) return { file: current.file, expr: value, env: current.env };
    current = objectRef(ctx, current.file, value, current.env, depth + 1);
  }
  return 'unknown';
}

/** `MucDich.TiepNhanHoSo` (enum member), `MUC_DICH.TIEP_NHAN` (const object member), an imported or module constant: its value. */
function enumOrConstMember(ctx: Ctx, file: FileIndex, e: ts.Expression, depth: number): PurposeValue[] | undefined {
  const owner = isPropertyAccessExpression(e) || isElementAccessExpression(e) ? e.expression : undefined;
  const name = isPropertyAccessExpression(e) ? e.name.text : isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
  if (owner && name !== undefined) {
    const resolvedOwner = ctx.model.resolveExpression(file, owner);
    if (resolvedOwner && isEnumDeclaration(resolvedOwner.node)) {
      const ownerFile = ctx.model.ownerIndex(resolvedOwner) ?? file;
      const member = resolvedOwner.node.members.find((m) => propertyName(m.name) === name);
      if (member?.initializer) return classifyValue(ctx, ownerFile, member.initializer, undefined, depth + 1);
      return member ? [{ kind: 'literal', text: name, file: ownerFile, node: member }] : undefined;
    }
  }
  const resolved = ctx.model.resolveExpression(file, e);
  if (!resolved || resolved.node === e) return undefined;
  const ownerFile = ctx.model.ownerIndex(resolved) ?? file;
  const node = resolved.node;
  if (isPropertyAssignment(node)) return classifyValue(ctx, ownerFile, node.initializer, undefined, depth + 1);
  if (isVariableDeclaration(node) && node.initializer && (node.parent.flags & NodeFlags.Const) !== 0) return classifyValue(ctx, ownerFile, node.initializer, undefined, depth + 1);
  if (isEnumMember(node) && node.initializer) return classifyValue(ctx, ownerFile, node.initializer, undefined, depth + 1);
  // a readonly field of a config class: `readonly maDVC = 'tiep-nhan-ho-so'`
  if (isPropertyDeclaration(node) && node.initializer && getModifiers(node)?.some((m) => m.kind === SyntaxKind.ReadonlyKeyword)) return classifyValue(ctx, ownerFile, node.initializer, undefined, depth + 1);
  if ((isPropertyDeclaration(node) || isVariableDeclaration(node)) && node.type) return typeMembers(ctx, ownerFile, node.type, depth);
  return undefined;
}

/**
 * The values a type allows when it is a closed set: a union of string
 * literals (directly or through a type alias, local or imported) or an enum.
 * Undefined for an open type (`string`).
 */
function typeMembers(ctx: Ctx, file: FileIndex, type: ts.TypeNode | undefined, depth: number): PurposeValue[] | undefined {
  if (!type || depth > MAX_DEPTH) return undefined;
  if (isLiteralTypeNode(type) && isStringLiteral(type.literal)) return [{ kind: 'literal', text: type.literal.text, file, node: type.literal }];
  if (isUnionTypeNode(type)) {
    const out: PurposeValue[] = [];
    for (const t of type.types) {
      if (t.kind === SyntaxKind.UndefinedKeyword || (isLiteralTypeNode(t) && t.literal.kind === SyntaxKind.NullKeyword)) continue;
      const m = typeMembers(ctx, file, t, depth + 1);
      if (!m) return undefined;
      out.push(...m);
    }
    return out.length ? out : undefined;
  }
  if (isParenthesizedTypeNode(type)) return typeMembers(ctx, file, type.type, depth + 1);
  if (isTypeReferenceNode(type) && isIdentifier(type.typeName)) {
    const resolved = typeDeclaration(ctx, file, type.typeName.text);
    const node = resolved?.node;
    const owner = resolved?.file ?? file;
    if (node && isTypeAliasDeclaration(node)) return typeMembers(ctx, owner, node.type, depth + 1);
    if (node && isEnumDeclaration(node)) {
      const out: PurposeValue[] = [];
      for (const m of node.members) {
        if (m.initializer) out.push(...classifyValue(ctx, owner, m.initializer, undefined, depth + 1));
        else out.push({ kind: 'literal', text: propertyName(m.name) ?? '', file: owner, node: m });
      }
      return out.length ? out : undefined;
    }
  }
  return undefined;
}

/**
 * A type alias or enum by name: declared at the top of the file, or imported
 * (`import type { MucDich } from './muc-dich'`, re-exports followed a few
 * levels). File indexes hold values, not type aliases, so aliases are looked up here.
 */
function typeDeclaration(ctx: Ctx, file: FileIndex, name: string, depth = 0): { file: FileIndex; node: ts.Node } | undefined {
  if (depth > 4) return undefined;
  for (const s of file.sourceFile.statements) {
    if ((isTypeAliasDeclaration(s) || isEnumDeclaration(s)) && s.name.text === name) return { file, node: s };
  }
  const imp = file.imports.get(name);
  const target = imp && ctx.model.resolveModule(file.fileName, imp.module);
  if (imp && target && imp.imported !== '*' && imp.imported !== 'default') return typeDeclaration(ctx, target, imp.imported, depth + 1);
  const exp = file.exports.get(name);
  if (exp?.kind === 'local' && exp.local !== name) return typeDeclaration(ctx, file, exp.local, depth + 1);
  if (exp?.kind === 'reexport') {
    const from = ctx.model.resolveModule(file.fileName, exp.module);
    return from ? typeDeclaration(ctx, from, exp.imported, depth + 1) : undefined;
  }
  for (const star of depth === 0 ? [] : file.starExports) {
    const from = ctx.model.resolveModule(file.fileName, star);
    const found = from && typeDeclaration(ctx, from, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `const { maThuTuc } = hoSo` / a parameter `({ maDVC }) => …` destructured from something that is not the request. */
function destructuredFromRecord(id: ts.Identifier): boolean {
  for (let scope: ts.Node | undefined = id.parent; scope && !isSourceFile(scope); scope = scope.parent) {
    if (isBlock(scope)) {
      for (const stmt of scope.statements) {
        if (!isVariableStatement(stmt)) continue;
        for (const d of stmt.declarationList.declarations) if (!isIdentifier(d.name) && bindingNames(d.name).includes(id.text)) return true;
      }
    }
    if (isFunctionLike(scope)) for (const p of scope.parameters) if (!isIdentifier(p.name) && bindingNames(p.name).includes(id.text)) return true;
  }
  return false;
}

/**
 * A request value checked against a list on its way: an `if` before it in
 * its function whose condition calls something with the value (or the
 * request value it was read from) — `PURPOSES.includes(x)`, `set.has(x)`,
 * `laMucDichDaDangKy(x)` — and either leaves (`return`, `throw`) when the
 * check fails or holds the query in its branch.
 */
function checkedAgainstList(file: FileIndex, value: ts.Expression): boolean {
  const texts = new Set([value.getText(file.sourceFile)]);
  const e = skipOuterExpressions(value);
  if (isIdentifier(e)) {
    const decl = findLocalDeclaration(e);
    if (decl && isVariableDeclaration(decl) && decl.initializer) texts.add(skipOuterExpressions(decl.initializer).getText(file.sourceFile));
  }
  let fn: ts.Node | undefined = value.parent;
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  let ok = false;
  const mentions = (cond: ts.Expression): boolean => {
    let hit = false;
    forEachNode(cond, (n) => {
      if (hit) return false;
      if (isCallExpression(n) && n.arguments.some((a) => texts.has(skipOuterExpressions(a).getText(file.sourceFile)))) hit = true;
    });
    return hit;
  };
  forEachNode(fn, (n) => {
    if (ok || n.pos > value.pos) return false;
    if (isIfStatement(n) && mentions(n.expression)) {
      const inside = n.thenStatement.pos <= value.pos && value.end <= n.thenStatement.end;
      if (inside || exits(n.thenStatement)) ok = true;
    }
  });
  return ok;
}

function exits(stmt: ts.Statement): boolean {
  let s: ts.Statement | undefined = stmt;
  // `{ …; return; }`, nested blocks followed without recursion
  for (let i = 0; s && i < 64; i++) {
    if (isReturnStatement(s) || isThrowStatement(s)) return true;
    s = isBlock(s) ? s.statements.at(-1) : undefined;
  }
  return false;
}

/**
 * A NestJS DTO field validated against a closed set: `@Body() dto: TraCuuDto`
 * with `@IsIn(MUC_DICH) maDVC` or `@IsEnum(MucDich) maDVC` in the class.
 */
function validatedDtoField(ctx: Ctx, file: FileIndex, value: ts.Expression): boolean {
  const e = skipOuterExpressions(value);
  const name = isPropertyAccessExpression(e) ? e.name.text : isIdentifier(e) ? e.text : undefined;
  let root: ts.Expression = e;
  while (isPropertyAccessExpression(root)) root = skipOuterExpressions(root.expression);
  const decl = isIdentifier(root) ? findLocalDeclaration(root) : undefined;
  if (!name || !decl || !isParameter(decl) || !decl.type || !isTypeReferenceNode(decl.type) || !isIdentifier(decl.type.typeName)) return false;
  const cls = ctx.model.resolveName(file, decl.type.typeName.text);
  if (!cls || !isClassDeclaration(cls.node)) return false;
  const member = cls.node.members.find((m) => propertyName(m.name) === name);
  const decorators = member && canHaveDecorators(member) ? (getDecorators(member) ?? []) : [];
  return decorators.some((d) => {
    const c = isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return isIdentifier(c) && ['IsIn', 'IsEnum', 'Equals'].includes(c.text);
  });
}

/**
 * The purpose of a site for the inventory, the approval record and the HTML
 * report. A wrapper call whose purpose is decided inside (`inner`) shows the
 * purpose of the wrapper's first query, followed down a few levels.
 */
export function inventoryPurpose(model: ProjectModel, site: QuerySite, depth = 0): InventoryPurpose {
  const outcome = purposeOfSite(model, site);
  // a policy client call that is a project function is judged like a wrapper (computeOutcome)
  const target = site.target ?? (site.kind === 'clientCall' ? model.resolveCall(site.file, site.call) : undefined);
  if (outcome.state === 'inner' && target && depth < 8) {
    const inner = summarizeFunction(model, target).sites[0];
    return inner ? inventoryPurpose(model, inner, depth + 1) : { source: 'unknown' };
  }
  if (outcome.state === 'missing') return { source: 'none' };
  if (outcome.state === 'deferred') return { source: 'caller' };
  if (outcome.state !== 'sent') return { source: 'unknown' };
  const kinds = new Set(outcome.values.map((v) => v.kind));
  const values = [...new Set(outcome.values.flatMap((v) => (v.kind === 'literal' ? [v.text] : [])))];
  const source: InventoryPurpose['source'] = kinds.has('userInput')
    ? 'request'
    : values.length
      ? 'fixed'
      : kinds.has('record') || kinds.has('checked')
        ? 'case'
        : kinds.has('config')
          ? 'config'
          : kinds.has('param')
            ? 'caller'
            : 'unknown';
  return {
    source,
    ...(outcome.field && { field: outcome.field }),
    where: outcome.where,
    ...(values.length && { values, registered: values.every((v) => isRegisteredPurpose(model.policy, v)) }),
  };
}

/** One line for reports: `MaDVC = "tiep-nhan-ho-so" (registered)`, `from the case being processed`, `none`. */
export function purposeText(p: InventoryPurpose | undefined): string {
  if (!p) return 'not computed';
  const field = p.field ? `${p.field}${p.where ? ` (${p.where})` : ''} ` : '';
  switch (p.source) {
    case 'fixed':
      return `${field}= ${(p.values ?? []).map((v) => JSON.stringify(v)).join(' | ')}${p.registered === undefined ? '' : p.registered ? ' — registered' : ' — NOT REGISTERED'}`;
    case 'case':
      return `${field}from the case being processed`;
    case 'request':
      return `${field}from the request, UNCHECKED`;
    case 'caller':
      return `${field}given by each caller`.trim();
    case 'config':
      return `${field}from deployment configuration`;
    case 'none':
      return 'NONE';
    default:
      return `${field}not resolved`.trim();
  }
}
