import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { findLocalDeclaration, type ProjectModel, type Resolved, type StringPart } from '../project/model';
import { concatCandidates, representative, returnExpressions, unionCandidates, type Candidate } from '../project/evaluate';
import { requireSpecifier, type FileIndex, type ImportBinding } from '../project/file-index';
import { trimTrailingSlashes } from './endpoint';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, forEachChild, isArrayLiteralExpression, isArrowFunction, isAwaitExpression, isBinaryExpression, isCallExpression,
  isClassDeclaration, isElementAccessExpression, isExpression, isFunctionExpression, isIdentifier, isNewExpression,
  isObjectLiteralExpression, isParameter, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment,
  isPropertyDeclaration, isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike, isTypeReferenceNode,
  isVariableDeclaration,
} = ts;

/**
 * Which calls are HTTP (or SOAP) requests, with which client, to which URL.
 * Clients are recognized by where their value comes from — an import of the
 * client package, or an instance created from one (`axios.create`,
 * `got.extend`, `ky.create`, `soap.createClientAsync`), possibly in another
 * file (`export const api = axios.create(...)`) — never by variable name, so
 * `const api = axios.create(...)` and `const x = api` are both found and a
 * local `get()` helper is not.
 */

export type ClientKind = 'fetch' | 'axios' | 'got' | 'http' | 'undici' | 'superagent' | 'ky' | 'soap' | 'nest-http' | 'openapi';

/** Where a value comes from. */
export type ClientOrigin =
  | { kind: 'module'; module: string; imported: string }
  /** An instance made by a client package, with its base URL (`baseURL`, `prefixUrl`, the WSDL). */
  | {
      kind: 'instance';
      client: ClientKind;
      base?: { file: FileIndex; expr: ts.Expression };
      /** Other base URLs the instance may have (a NestJS HttpService registered by several modules): any of them decides. */
      otherBases?: { file: FileIndex; expr: ts.Expression }[];
      created: ts.Node;
    };

const MODULE_CLIENT: Record<string, ClientKind> = {
  axios: 'axios',
  got: 'got',
  http: 'http',
  https: 'http',
  'node:http': 'http',
  'node:https': 'http',
  undici: 'undici',
  superagent: 'superagent',
  ky: 'ky',
  'ky-universal': 'ky',
  soap: 'soap',
  'strong-soap': 'soap',
  'node-fetch': 'fetch',
  'cross-fetch': 'fetch',
  'isomorphic-fetch': 'fetch',
};

/** Request options (an axios config, fetch, got, ky or undici options) that carry a body, and those that carry query parameters. */
export const REQUEST_BODY_OPTIONS: readonly string[] = ['data', 'body', 'json', 'form', 'formData'];
export const REQUEST_QUERY_OPTIONS: readonly string[] = ['params', 'searchParams', 'query', 'qs'];

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'postForm', 'putForm', 'patchForm']);

/** Methods of a node-soap client that are not service operations. */
const SOAP_CLIENT_API = new Set([
  'setSecurity', 'addSoapHeader', 'changeSoapHeader', 'getSoapHeaders', 'clearSoapHeaders', 'addHttpHeader', 'getHttpHeaders',
  'clearHttpHeaders', 'addBodyAttribute', 'getBodyAttributes', 'clearBodyAttributes', 'describe', 'setEndpoint', 'setSOAPAction',
  'on', 'once', 'off', 'emit', 'removeListener', 'lastRequest', 'lastResponse', 'wsdl',
]);

export interface RequestCall {
  client: ClientKind;
  call: ts.CallExpression;
  /** The URL as far as it is known, base URL of an instance included (the representative of `urls`). */
  url: StringPart[];
  /** Every candidate URL (conditionals, helpers with several returns, callers passing different bases), base included. */
  urls: Candidate[];
  /** The expression that holds the URL or path, when there is one. */
  urlExpression?: ts.Expression;
  /** The instance base URL or WSDL, when the request goes through an instance. */
  base?: { file: FileIndex; expr: ts.Expression; parts: StringPart[]; candidates: Candidate[] };
  /** For SOAP: the operation name. */
  operation?: string;
}

/** Where the value of an expression comes from: a client package, or an instance created from one. */
export function clientOrigin(model: ProjectModel, file: FileIndex, expr: ts.Expression, depth = 0): ClientOrigin | undefined {
  if (depth > 10) return undefined;
  const e = skipOuterExpressions(expr);
  return model.nodeMemo('query.origin', file, e, () => computeOrigin(model, file, e, depth), undefined);
}

function computeOrigin(model: ProjectModel, file: FileIndex, e: ts.Expression, depth: number): ClientOrigin | undefined {
  if (isAwaitExpression(e)) return clientOrigin(model, file, e.expression, depth + 1);
  if (isCallExpression(e)) {
    const spec = requireSpecifier(e);
    if (spec && isPackage(model, file, spec)) return { kind: 'module', module: spec, imported: '*' };
    return instanceCreatedBy(model, file, e, depth) ?? returnedInstance(model, file, e, depth);
  }
  if (isNewExpression(e)) return openApiClient(model, file, e);
  if (isIdentifier(e)) {
    const local = findLocalDeclaration(e);
    if (local) return originOfDeclaration(model, file, local, depth);
    const imp = file.imports.get(e.text);
    if (imp) return depth === 0 ? importedOrigin(model, file, imp) : originOfImport(model, file, imp, depth);
  }
  if (isPropertyAccessExpression(e)) {
    // `axios.default`, `(await import('axios')).default`
    if (e.name.text === 'default') {
      const inner = clientOrigin(model, file, e.expression, depth + 1);
      if (inner?.kind === 'module') return { ...inner, imported: 'default' };
    }
    // `this.httpService.axiosRef` (NestJS HttpService exposes its axios instance)
    if (e.name.text === 'axiosRef') {
      const inner = clientOrigin(model, file, e.expression, depth + 1);
      if (inner?.kind === 'instance' && inner.client === 'nest-http') return { kind: 'instance', client: 'axios', created: inner.created };
    }
  }
  const resolved = isIdentifier(e) || isPropertyAccessExpression(e) || isElementAccessExpression(e) ? model.resolveExpression(file, e) : undefined;
  return originOfResolved(model, resolved, depth);
}

/** The origin of the declaration a name or member resolved to, read in the file that holds it. */
function originOfResolved(model: ProjectModel, resolved: Resolved | undefined, depth: number): ClientOrigin | undefined {
  const owner = resolved && model.ownerIndex(resolved);
  return owner ? originOfDeclaration(model, owner, resolved.node, depth) : undefined;
}

/**
 * What an imported name is: the same for every use of it that no local
 * declaration shadows, so it is worked out once per binding, not once per call
 * (every call is asked whether it is a request, and a file calls each imported
 * name about seven times on the bench repository). Only for a question asked
 * first-hand (depth 0): one asked deep in a chain may be cut short by the
 * depth limit, and its answer must not stand for the others.
 */
function importedOrigin(model: ProjectModel, file: FileIndex, imp: ImportBinding): ClientOrigin | undefined {
  return model.nodeMemo('query.importedOrigin', file, imp.node, () => originOfImport(model, file, imp, 0), undefined);
}

function originOfImport(model: ProjectModel, file: FileIndex, imp: ImportBinding, depth: number): ClientOrigin | undefined {
  if (isPackage(model, file, imp.module)) return { kind: 'module', module: imp.module, imported: imp.imported };
  // as resolveExpression resolves a name with no local declaration
  return originOfResolved(model, model.resolveName(file, imp.local, 1), depth);
}

/** A factory in the project that returns a client instance: `export function createDanCuClient() { return axios.create({ baseURL }) }`. */
function returnedInstance(model: ProjectModel, file: FileIndex, call: ts.CallExpression, depth: number): ClientOrigin | undefined {
  const target = model.resolveCall(file, call);
  if (!target) return undefined;
  for (const r of returnExpressions(target.info.node)) {
    const origin = clientOrigin(model, target.file, r, depth + 1);
    if (origin?.kind === 'instance') return origin;
  }
  return undefined;
}

/** A specifier that names a package, not a project file (`@/clients` through tsconfig paths is a project file). */
function isPackage(model: ProjectModel, file: FileIndex, specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !model.resolveModule(file.fileName, specifier);
}

function originOfDeclaration(model: ProjectModel, file: FileIndex, node: ts.Node, depth: number): ClientOrigin | undefined {
  if (isParameter(node)) {
    // NestJS `constructor(private readonly http: HttpService)` from @nestjs/axios
    if (node.type && isTypeReferenceNode(node.type) && isIdentifier(node.type.typeName) && node.type.typeName.text === 'HttpService') {
      const imp = file.imports.get('HttpService');
      if (!imp || imp.module === '@nestjs/axios' || imp.module === '@nestjs/common') return nestHttpService(model, node);
    }
    return soapCallbackClient(model, file, node, depth);
  }
  if (isPropertyDeclaration(node) && node.type && isTypeReferenceNode(node.type) && isIdentifier(node.type.typeName) && node.type.typeName.text === 'HttpService' && !node.initializer) {
    return nestHttpService(model, node);
  }
  if ((isVariableDeclaration(node) || isPropertyDeclaration(node)) && node.initializer) {
    return clientOrigin(model, file, node.initializer, depth + 1);
  }
  // `private client?: soap.Client` assigned in a method: `this.client = await soap.createClientAsync(WSDL)`
  if (isPropertyDeclaration(node) && !node.initializer) {
    for (const value of fieldAssignments(node)) {
      const origin = clientOrigin(model, file, value, depth + 1);
      if (origin) return origin;
    }
  }
  if (isPropertyAssignment(node)) return clientOrigin(model, file, node.initializer, depth + 1);
  if (isExpression(node) && !isIdentifier(node)) return clientOrigin(model, file, node, depth + 1);
  return undefined;
}

/** Values assigned to a class field in the class's own methods and constructor (`this.client = …`). */
function fieldAssignments(field: ts.PropertyDeclaration): ts.Expression[] {
  const name = field.name && (isIdentifier(field.name) || isPrivateIdentifier(field.name)) ? field.name.text : undefined;
  if (!name) return [];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (isBinaryExpression(n) && n.operatorToken.kind === SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(n.left);
      if (isPropertyAccessExpression(left) && left.expression.kind === SyntaxKind.ThisKeyword && left.name.text === name) out.push(n.right);
    }
    if (out.length < 4) forEachChild(n, visit);
  };
  for (const m of field.parent.members) if (m !== field) visit(m);
  return out;
}

/**
 * NestJS `HttpService`: its axios instance is configured where `HttpModule`
 * is imported — `HttpModule.register({ baseURL })` or
 * `registerAsync({ useFactory: (cfg: ConfigService) => ({ baseURL: cfg.get('…') }) })`.
 * The module whose `providers` list the class decides; when none is found,
 * every registration of the project is a candidate.
 */
function nestHttpService(model: ProjectModel, node: ts.Node): ClientOrigin {
  const cls = enclosingClassName(node);
  const all = httpModuleRegistrations(model);
  const own = cls ? all.filter((r) => r.providers.includes(cls)) : [];
  const bases = (own.length ? own : all).flatMap((r) => (r.base ? [r.base] : []));
  return { kind: 'instance', client: 'nest-http', created: node, base: bases[0], otherBases: bases.length > 1 ? bases.slice(1, 8) : undefined };
}

function enclosingClassName(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (isClassDeclaration(n)) return n.name?.text;
  return undefined;
}

interface HttpModuleRegistration {
  base?: { file: FileIndex; expr: ts.Expression };
  /** Class names in the same `@Module({ providers })`. */
  providers: string[];
}

function httpModuleRegistrations(model: ProjectModel): HttpModuleRegistration[] {
  const files = model.filesContaining('HttpModule');
  const key = files.map((f) => `${f}:${model.fileIndex(f)?.hash ?? ''}`).join('|');
  return model.memo('query.httpModule', key, () => {
    const out: HttpModuleRegistration[] = [];
    for (const f of files) {
      const index = model.fileIndex(f);
      if (!index) continue;
      const visit = (n: ts.Node): void => {
        if (isCallExpression(n) && isPropertyAccessExpression(n.expression) && isIdentifier(n.expression.expression) && n.expression.expression.text === 'HttpModule' && /^register(Async)?$/.test(n.expression.name.text) && n.arguments[0]) {
          out.push({ base: registrationBase(model, index, n.arguments[0]), providers: moduleProviders(n) });
        }
        forEachChild(n, visit);
      };
      visit(index.sourceFile);
    }
    return out;
  }, []);
}

/** `{ baseURL }` directly, or the object a `useFactory` returns. */
function registrationBase(model: ProjectModel, file: FileIndex, arg: ts.Expression): { file: FileIndex; expr: ts.Expression } | undefined {
  const config = objectLiteralOf(model, file, arg);
  if (!config) return undefined;
  const direct = propertyValue(config.object, 'baseURL');
  if (direct) return { file: config.file, expr: direct };
  const factory = propertyValue(config.object, 'useFactory');
  const fn = factory && skipOuterExpressions(factory);
  if (!fn || !(isArrowFunction(fn) || isFunctionExpression(fn))) return undefined;
  for (const r of returnExpressions(fn)) {
    const e = skipOuterExpressions(r);
    const obj = isAwaitExpression(e) ? skipOuterExpressions(e.expression) : e;
    if (isObjectLiteralExpression(obj)) {
      const base = propertyValue(obj, 'baseURL');
      if (base) return { file: config.file, expr: base };
    }
  }
  return undefined;
}

/** The provider class names of the `@Module({...})` a node sits in. */
function moduleProviders(node: ts.Node): string[] {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (isObjectLiteralExpression(n) && isCallExpression(n.parent) && isIdentifier(n.parent.expression) && n.parent.expression.text === 'Module') {
      const names: string[] = [];
      for (const key of ['providers', 'controllers']) {
        const list = propertyValue(n, key);
        if (list && isArrayLiteralExpression(list)) for (const el of list.elements) if (isIdentifier(el)) names.push(el.text);
      }
      return names;
    }
  }
  return [];
}

/**
 * An OpenAPI-generated client: `new DanCuApi(new Configuration({ basePath }))`
 * or `new DanCuApi(config, basePath)`. Every method call on it is an
 * operation under `basePath`.
 */
function openApiClient(model: ProjectModel, file: FileIndex, e: ts.NewExpression): ClientOrigin | undefined {
  const name = calleeChain(e.expression)?.at(-1);
  if (!name || !/Api$/.test(name) || !e.arguments?.length) return undefined;
  let basePath: ts.Expression | undefined = e.arguments[1];
  const first = skipOuterExpressions(e.arguments[0]);
  const configArg = isNewExpression(first) && calleeChain(first.expression)?.at(-1) === 'Configuration' ? first.arguments?.[0] : undefined;
  const config = configArg ? objectLiteralOf(model, file, configArg) : objectLiteralOf(model, file, first);
  const fromConfig = config && propertyValue(config.object, 'basePath');
  if (fromConfig) return { kind: 'instance', client: 'openapi', base: { file: config.file, expr: fromConfig }, created: e };
  if (!basePath && isIdentifier(first)) {
    // `const cfg = new Configuration({ basePath })` in a constant
    const decl = findLocalDeclaration(first) ?? model.resolveExpression(file, first)?.node;
    const init = decl && (isVariableDeclaration(decl) ? decl.initializer : undefined);
    const n = init && skipOuterExpressions(init);
    if (n && isNewExpression(n) && calleeChain(n.expression)?.at(-1) === 'Configuration' && n.arguments?.[0]) {
      const obj = objectLiteralOf(model, file, n.arguments[0]);
      const bp = obj && propertyValue(obj.object, 'basePath');
      if (bp) basePath = bp;
    }
  }
  return basePath ? { kind: 'instance', client: 'openapi', base: { file, expr: basePath }, created: e } : undefined;
}

/** `soap.createClient(url, (err, client) => client.Op(...))`: the callback's second parameter is the client. */
function soapCallbackClient(model: ProjectModel, file: FileIndex, param: ts.ParameterDeclaration, depth: number): ClientOrigin | undefined {
  const fn = param.parent;
  if (!(isArrowFunction(fn) || isFunctionExpression(fn)) || fn.parameters.indexOf(param) !== 1) return undefined;
  const call = fn.parent;
  if (!isCallExpression(call) || !isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'createClient') return undefined;
  const mod = clientOrigin(model, file, call.expression.expression, depth + 1);
  if (mod?.kind !== 'module' || MODULE_CLIENT[mod.module] !== 'soap' || !call.arguments[0]) return undefined;
  return { kind: 'instance', client: 'soap', base: { file, expr: call.arguments[0] }, created: call };
}

/** `axios.create({ baseURL })`, `got.extend({ prefixUrl })`, `ky.create/extend({ prefixUrl })`, `soap.createClientAsync(url)`. */
function instanceCreatedBy(model: ProjectModel, file: FileIndex, call: ts.CallExpression, depth: number): ClientOrigin | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const owner = clientOrigin(model, file, callee.expression, depth + 1);
  if (!owner) return undefined;
  const client = owner.kind === 'module' ? MODULE_CLIENT[owner.module] : owner.client;
  if (!client) return undefined;
  const arg = call.arguments[0];
  if (client === 'soap' && owner.kind === 'module' && (method === 'createClientAsync' || method === 'createClient')) {
    return arg ? { kind: 'instance', client, base: { file, expr: arg }, created: call } : undefined;
  }
  const baseKey = client === 'axios' ? 'baseURL' : client === 'got' || client === 'ky' ? 'prefixUrl' : undefined;
  const factory = (client === 'axios' && method === 'create') || ((client === 'got' || client === 'ky') && (method === 'extend' || method === 'create'));
  if (!factory || !baseKey) return undefined;
  const config = arg ? objectLiteralOf(model, file, arg) : undefined;
  const own = config ? propertyValue(config.object, baseKey) : undefined;
  // `api.extend({...})` without its own base keeps the parent's
  const inherited = owner.kind === 'instance' ? owner.base : undefined;
  return { kind: 'instance', client, base: own ? { file: config!.file, expr: own } : inherited, created: call };
}

/** An object literal, directly or through a constant. */
export function objectLiteralOf(model: ProjectModel, file: FileIndex, expr: ts.Expression): { file: FileIndex; object: ts.ObjectLiteralExpression } | undefined {
  const e = skipOuterExpressions(expr);
  if (isObjectLiteralExpression(e)) return { file, object: e };
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const local = isIdentifier(e) ? findLocalDeclaration(e) : undefined;
    if (local && isVariableDeclaration(local) && local.initializer) {
      const init = skipOuterExpressions(local.initializer);
      return isObjectLiteralExpression(init) ? { file, object: init } : undefined;
    }
    const resolved = model.resolveExpression(file, e);
    const value = resolved && model.valueNode(resolved.node);
    const owner = resolved && model.ownerIndex(resolved);
    if (value && owner && isObjectLiteralExpression(value)) return { file: owner, object: value };
  }
  return undefined;
}

export function propertyValue(object: ts.ObjectLiteralExpression, ...names: string[]): ts.Expression | undefined {
  for (const p of object.properties) {
    const name = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!name || !names.includes(name)) continue;
    if (isPropertyAssignment(p)) return p.initializer;
    if (isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

/** axios' combineURLs: an absolute URL wins over the base; otherwise base + '/' + path. */
function joinBase(base: StringPart[], path: StringPart[]): StringPart[] {
  const first = path[0];
  if (first?.kind === 'text' && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.text)) return path;
  if (first && first.kind !== 'text') {
    // a path that starts with an unknown value may itself be an absolute URL; the base still tells the host it is meant for
    return [...base, { kind: 'text', text: '/' }, ...path];
  }
  const out = [...base];
  const last = out[out.length - 1];
  if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: trimTrailingSlashes(last.text) };
  const firstText = first?.kind === 'text' ? first.text.replace(/^\/+/, '') : '';
  return merge([...out, { kind: 'text', text: `/${firstText}` }, ...path.slice(1)]);
}

/** joinBase over candidate sets (each base with each path, capped). */
export function joinCandidates(bases: Candidate[], paths: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const b of bases) for (const p of paths) out.push({ parts: joinBase(b.parts, p.parts), config: b.config || p.config ? [...(b.config ?? []), ...(p.config ?? [])] : undefined });
  return unionCandidates(out);
}

function merge(parts: StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

/** The URL in `http.request(options)` / an axios config object. */
function urlFromOptions(model: ProjectModel, file: FileIndex, object: ts.ObjectLiteralExpression, client: ClientKind, moduleName: string | undefined): { urls: Candidate[]; expr?: ts.Expression } | undefined {
  const cands = (x: ts.Expression) => model.evaluateCandidates(file, x);
  const url = propertyValue(object, 'url', 'uri');
  if (url) {
    const baseExpr = propertyValue(object, 'baseURL', 'prefixUrl');
    return { urls: baseExpr ? joinCandidates(cands(baseExpr), cands(url)) : cands(url), expr: url };
  }
  const host = propertyValue(object, 'hostname', 'host');
  if (!host) return undefined;
  const protocolExpr = propertyValue(object, 'protocol');
  const t = (text: string): Candidate[] => [{ parts: [{ kind: 'text', text }] }];
  const protocol = protocolExpr ? cands(protocolExpr) : t(client === 'http' && moduleName?.endsWith('https') ? 'https:' : 'http:');
  const port = propertyValue(object, 'port');
  const pathExpr = propertyValue(object, 'path');
  return {
    urls: concatCandidates(protocol, t('//'), cands(host), ...(port ? [t(':'), cands(port)] : []), pathExpr ? cands(pathExpr) : t('/')),
    expr: host,
  };
}

/** The request a call makes, if it is one. */
export function describeRequest(model: ProjectModel, file: FileIndex, call: ts.CallExpression): RequestCall | undefined {
  return model.nodeMemo('query.request', file, call, () => computeRequest(model, file, call), undefined);
}

function computeRequest(model: ProjectModel, file: FileIndex, call: ts.CallExpression): RequestCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  const args = call.arguments;
  const envEndpoints = model.policy.populationDb.envEndpoints;
  const made = (client: ClientKind, urls: Candidate[], urlExpression?: ts.Expression): RequestCall => ({ client, call, url: representative(urls, envEndpoints).parts, urls, urlExpression });
  const urlArg = (client: ClientKind, index = 0, moduleName?: string): RequestCall | undefined => {
    const arg = args[index];
    if (!arg) return undefined;
    const object = objectLiteralOf(model, file, arg);
    if (object) {
      const u = urlFromOptions(model, object.file, object.object, client, moduleName);
      return u ? made(client, u.urls, u.expr) : made(client, [{ parts: [{ kind: 'unknown', node: arg }] }]);
    }
    const a = skipOuterExpressions(arg);
    // fetch(new Request(url))
    const target = isNewExpression(a) && isIdentifier(a.expression) && a.expression.text === 'Request' && a.arguments?.[0] ? a.arguments[0] : arg;
    return made(client, model.evaluateCandidates(file, target), target);
  };
  const throughInstance = (origin: Extract<ClientOrigin, { kind: 'instance' }>, request: RequestCall | undefined): RequestCall | undefined => {
    if (!request) return undefined;
    if (!origin.base) return request;
    const candidates = unionCandidates(...[origin.base, ...(origin.otherBases ?? [])].map((b) => model.evaluateCandidates(b.file, b.expr)));
    const urls = joinCandidates(candidates, request.urls);
    return { ...request, url: representative(urls, envEndpoints).parts, urls, base: { ...origin.base, parts: representative(candidates, envEndpoints).parts, candidates } };
  };

  if (isIdentifier(callee)) {
    const origin = clientOrigin(model, file, callee);
    if (!origin) {
      // the global fetch (Node 18+, browsers) — unless the name is a local or project function
      if (callee.text === 'fetch' && !file.declarations.has('fetch') && !file.imports.has('fetch') && !findLocalDeclaration(callee)) return urlArg('fetch');
      return undefined;
    }
    if (origin.kind === 'module') {
      const client = MODULE_CLIENT[origin.module];
      if (!client) return undefined;
      if (client === 'fetch' || (client === 'undici' && (origin.imported === 'fetch' || origin.imported === 'request'))) return urlArg(client);
      if (origin.imported === 'default' || origin.imported === '*') {
        if (client === 'axios' || client === 'got' || client === 'ky') return urlArg(client);
        if (client === 'superagent' && args.length >= 2) return urlArg(client, 1);
      }
      if (client === 'http' && (origin.imported === 'request' || origin.imported === 'get')) return urlArg(client, 0, origin.module);
      if (client === 'superagent' && HTTP_METHODS.has(origin.imported)) return urlArg(client);
      return undefined;
    }
    // `api(config)` / `api(url)` on an axios, got or ky instance
    if (origin.client === 'axios' || origin.client === 'got' || origin.client === 'ky') return throughInstance(origin, urlArg(origin.client));
    return undefined;
  }

  // `client[method](url)`: a computed HTTP method on a client
  if (isElementAccessExpression(callee) && !isStringLiteralLike(callee.argumentExpression)) {
    const origin = clientOrigin(model, file, callee.expression);
    if (origin?.kind === 'module' && ['axios', 'got', 'ky', 'superagent'].includes(MODULE_CLIENT[origin.module] ?? '')) return urlArg(MODULE_CLIENT[origin.module]!);
    if (origin?.kind === 'instance' && ['axios', 'got', 'ky', 'nest-http'].includes(origin.client)) return throughInstance(origin, urlArg(origin.client));
    return undefined;
  }

  if (isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const origin = clientOrigin(model, file, callee.expression);
    if (!origin) {
      // `client.Service.Port.Operation(...)` on a SOAP client
      const root = rootOfChain(callee.expression);
      if (root !== callee.expression) {
        const rootOrigin = clientOrigin(model, file, root);
        if (rootOrigin?.kind === 'instance' && rootOrigin.client === 'soap') return soapOperation(model, rootOrigin, call, method);
      }
      return undefined;
    }
    if (origin.kind === 'module') {
      const client = MODULE_CLIENT[origin.module];
      if (!client) return undefined;
      if (client === 'axios' && (HTTP_METHODS.has(method) || method === 'request')) return urlArg(client);
      if ((client === 'got' || client === 'ky' || client === 'superagent') && HTTP_METHODS.has(method)) return urlArg(client);
      if (client === 'http' && (method === 'request' || method === 'get')) return urlArg(client, 0, origin.module);
      if (client === 'undici' && (method === 'request' || method === 'fetch' || method === 'stream')) return urlArg(client);
      return undefined;
    }
    if (origin.client === 'soap') return soapOperation(model, origin, call, method);
    // an operation of an OpenAPI-generated client: the path is inside the generated code, the base decides
    if (origin.client === 'openapi' && origin.base) {
      const candidates = model.evaluateCandidates(origin.base.file, origin.base.expr);
      const urls = joinCandidates(candidates, [{ parts: [{ kind: 'unknown', node: call }] }]);
      return { client: 'openapi', call, url: representative(urls, envEndpoints).parts, urls, base: { ...origin.base, parts: representative(candidates, envEndpoints).parts, candidates }, operation: method };
    }
    if ((origin.client === 'axios' || origin.client === 'nest-http') && (HTTP_METHODS.has(method) || method === 'request')) {
      return throughInstance(origin, urlArg(origin.client));
    }
    if ((origin.client === 'got' || origin.client === 'ky') && HTTP_METHODS.has(method)) return throughInstance(origin, urlArg(origin.client));
  }
  return undefined;
}

function soapOperation(model: ProjectModel, origin: Extract<ClientOrigin, { kind: 'instance' }>, call: ts.CallExpression, method: string): RequestCall | undefined {
  if (SOAP_CLIENT_API.has(method) || !origin.base) return undefined;
  const candidates = model.evaluateCandidates(origin.base.file, origin.base.expr);
  const parts = representative(candidates, model.policy.populationDb.envEndpoints).parts;
  return { client: 'soap', call, url: parts, urls: candidates, base: { ...origin.base, parts, candidates }, operation: method.replace(/Async$/, '') };
}

function rootOfChain(expr: ts.Expression): ts.Expression {
  let e = skipOuterExpressions(expr);
  while (isPropertyAccessExpression(e)) e = skipOuterExpressions(e.expression);
  return e;
}
