import ts from 'typescript';
import { skipOuterExpressions } from '../callee';
import { findLocalDeclaration, type ProjectModel, type StringPart } from '../project/model';
import { requireSpecifier, type FileIndex } from '../project/file-index';
import { trimTrailingSlashes } from './endpoint';

/**
 * Which calls are HTTP (or SOAP) requests, with which client, to which URL.
 * Clients are recognized by where their value comes from — an import of the
 * client package, or an instance created from one (`axios.create`,
 * `got.extend`, `ky.create`, `soap.createClientAsync`), possibly in another
 * file (`export const api = axios.create(...)`) — never by variable name, so
 * `const api = axios.create(...)` and `const x = api` are both found and a
 * local `get()` helper is not.
 */

export type ClientKind = 'fetch' | 'axios' | 'got' | 'http' | 'undici' | 'superagent' | 'ky' | 'soap' | 'nest-http';

/** Where a value comes from. */
export type ClientOrigin =
  | { kind: 'module'; module: string; imported: string }
  /** An instance made by a client package, with its base URL (`baseURL`, `prefixUrl`, the WSDL). */
  | { kind: 'instance'; client: ClientKind; base?: { file: FileIndex; expr: ts.Expression }; created: ts.Node };

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
  /** The URL as far as it is known, base URL of an instance included. */
  url: StringPart[];
  /** The expression that holds the URL or path, when there is one. */
  urlExpression?: ts.Expression;
  /** The instance base URL or WSDL, when the request goes through an instance. */
  base?: { file: FileIndex; expr: ts.Expression; parts: StringPart[] };
  /** For SOAP: the operation name. */
  operation?: string;
}

function memoKey(file: FileIndex, node: ts.Node): string {
  return `${file.hash}:${node.pos}:${node.end}:${node.kind}`;
}

/** Where the value of an expression comes from: a client package, or an instance created from one. */
export function clientOrigin(model: ProjectModel, file: FileIndex, expr: ts.Expression, depth = 0): ClientOrigin | undefined {
  if (depth > 10) return undefined;
  const e = skipOuterExpressions(expr);
  return model.memo('query.origin', `${file.fileName}|${memoKey(file, e)}`, () => computeOrigin(model, file, e, depth), undefined);
}

function computeOrigin(model: ProjectModel, file: FileIndex, e: ts.Expression, depth: number): ClientOrigin | undefined {
  if (ts.isAwaitExpression(e)) return clientOrigin(model, file, e.expression, depth + 1);
  if (ts.isCallExpression(e)) {
    const spec = requireSpecifier(e);
    if (spec && !spec.startsWith('.')) return { kind: 'module', module: spec, imported: '*' };
    return instanceCreatedBy(model, file, e, depth);
  }
  if (ts.isNewExpression(e)) return undefined;
  if (ts.isIdentifier(e)) {
    const local = findLocalDeclaration(e);
    if (local) return originOfDeclaration(model, file, local, depth);
    const imp = file.imports.get(e.text);
    if (imp && !imp.module.startsWith('.') && !imp.module.startsWith('/')) {
      return { kind: 'module', module: imp.module, imported: imp.imported };
    }
  }
  if (ts.isPropertyAccessExpression(e)) {
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
  const resolved = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ? model.resolveExpression(file, e) : undefined;
  if (!resolved) return undefined;
  const owner = model.ownerIndex(resolved);
  return owner ? originOfDeclaration(model, owner, resolved.node, depth) : undefined;
}

function originOfDeclaration(model: ProjectModel, file: FileIndex, node: ts.Node, depth: number): ClientOrigin | undefined {
  if (ts.isParameter(node)) {
    // NestJS `constructor(private readonly http: HttpService)` from @nestjs/axios
    if (node.type && ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === 'HttpService') {
      const imp = file.imports.get('HttpService');
      if (!imp || imp.module === '@nestjs/axios' || imp.module === '@nestjs/common') return { kind: 'instance', client: 'nest-http', created: node };
    }
    return soapCallbackClient(model, file, node, depth);
  }
  if (ts.isPropertyDeclaration(node) && node.type && ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === 'HttpService' && !node.initializer) {
    return { kind: 'instance', client: 'nest-http', created: node };
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
    return clientOrigin(model, file, node.initializer, depth + 1);
  }
  if (ts.isPropertyAssignment(node)) return clientOrigin(model, file, node.initializer, depth + 1);
  if (ts.isExpression(node) && !ts.isIdentifier(node)) return clientOrigin(model, file, node, depth + 1);
  return undefined;
}

/** `soap.createClient(url, (err, client) => client.Op(...))`: the callback's second parameter is the client. */
function soapCallbackClient(model: ProjectModel, file: FileIndex, param: ts.ParameterDeclaration, depth: number): ClientOrigin | undefined {
  const fn = param.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.indexOf(param) !== 1) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'createClient') return undefined;
  const mod = clientOrigin(model, file, call.expression.expression, depth + 1);
  if (mod?.kind !== 'module' || MODULE_CLIENT[mod.module] !== 'soap' || !call.arguments[0]) return undefined;
  return { kind: 'instance', client: 'soap', base: { file, expr: call.arguments[0] }, created: call };
}

/** `axios.create({ baseURL })`, `got.extend({ prefixUrl })`, `ky.create/extend({ prefixUrl })`, `soap.createClientAsync(url)`. */
function instanceCreatedBy(model: ProjectModel, file: FileIndex, call: ts.CallExpression, depth: number): ClientOrigin | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
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
  if (ts.isObjectLiteralExpression(e)) return { file, object: e };
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const local = ts.isIdentifier(e) ? findLocalDeclaration(e) : undefined;
    if (local && ts.isVariableDeclaration(local) && local.initializer) {
      const init = skipOuterExpressions(local.initializer);
      return ts.isObjectLiteralExpression(init) ? { file, object: init } : undefined;
    }
    const resolved = model.resolveExpression(file, e);
    const value = resolved && model.valueNode(resolved.node);
    const owner = resolved && model.ownerIndex(resolved);
    if (value && owner && ts.isObjectLiteralExpression(value)) return { file: owner, object: value };
  }
  return undefined;
}

export function propertyValue(object: ts.ObjectLiteralExpression, ...names: string[]): ts.Expression | undefined {
  for (const p of object.properties) {
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!name || !names.includes(name)) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
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
function urlFromOptions(model: ProjectModel, file: FileIndex, object: ts.ObjectLiteralExpression, client: ClientKind, moduleName: string | undefined): { parts: StringPart[]; expr?: ts.Expression } | undefined {
  const url = propertyValue(object, 'url', 'uri');
  if (url) {
    const parts = model.evaluateString(file, url);
    const baseExpr = propertyValue(object, 'baseURL', 'prefixUrl');
    return { parts: baseExpr ? joinBase(model.evaluateString(file, baseExpr), parts) : parts, expr: url };
  }
  const host = propertyValue(object, 'hostname', 'host');
  if (!host) return undefined;
  const protocolExpr = propertyValue(object, 'protocol');
  const protocol: StringPart[] = protocolExpr
    ? model.evaluateString(file, protocolExpr)
    : [{ kind: 'text', text: client === 'http' && moduleName?.endsWith('https') ? 'https:' : 'http:' }];
  const port = propertyValue(object, 'port');
  const pathExpr = propertyValue(object, 'path');
  return {
    parts: merge([
      ...protocol,
      { kind: 'text', text: '//' },
      ...model.evaluateString(file, host),
      ...(port ? [{ kind: 'text' as const, text: ':' }, ...model.evaluateString(file, port)] : []),
      ...(pathExpr ? model.evaluateString(file, pathExpr) : [{ kind: 'text' as const, text: '/' }]),
    ]),
    expr: host,
  };
}

/** The request a call makes, if it is one. */
export function describeRequest(model: ProjectModel, file: FileIndex, call: ts.CallExpression): RequestCall | undefined {
  return model.memo('query.request', `${file.fileName}|${memoKey(file, call)}`, () => computeRequest(model, file, call), undefined);
}

function computeRequest(model: ProjectModel, file: FileIndex, call: ts.CallExpression): RequestCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  const args = call.arguments;
  const urlArg = (client: ClientKind, index = 0, moduleName?: string): RequestCall | undefined => {
    const arg = args[index];
    if (!arg) return undefined;
    const object = objectLiteralOf(model, file, arg);
    if (object) {
      const u = urlFromOptions(model, object.file, object.object, client, moduleName);
      return u ? { client, call, url: u.parts, urlExpression: u.expr } : { client, call, url: [{ kind: 'unknown', node: arg }] };
    }
    const a = skipOuterExpressions(arg);
    // fetch(new Request(url))
    const target = ts.isNewExpression(a) && ts.isIdentifier(a.expression) && a.expression.text === 'Request' && a.arguments?.[0] ? a.arguments[0] : arg;
    return { client, call, url: model.evaluateString(file, target), urlExpression: target };
  };
  const throughInstance = (origin: Extract<ClientOrigin, { kind: 'instance' }>, request: RequestCall | undefined): RequestCall | undefined => {
    if (!request) return undefined;
    if (!origin.base) return request;
    const baseParts = model.evaluateString(origin.base.file, origin.base.expr);
    return { ...request, url: joinBase(baseParts, request.url), base: { ...origin.base, parts: baseParts } };
  };

  if (ts.isIdentifier(callee)) {
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

  if (ts.isPropertyAccessExpression(callee)) {
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
    if ((origin.client === 'axios' || origin.client === 'nest-http') && (HTTP_METHODS.has(method) || method === 'request')) {
      return throughInstance(origin, urlArg(origin.client));
    }
    if ((origin.client === 'got' || origin.client === 'ky') && HTTP_METHODS.has(method)) return throughInstance(origin, urlArg(origin.client));
  }
  return undefined;
}

function soapOperation(model: ProjectModel, origin: Extract<ClientOrigin, { kind: 'instance' }>, call: ts.CallExpression, method: string): RequestCall | undefined {
  if (SOAP_CLIENT_API.has(method) || !origin.base) return undefined;
  const parts = model.evaluateString(origin.base.file, origin.base.expr);
  return { client: 'soap', call, url: parts, base: { ...origin.base, parts }, operation: method.replace(/Async$/, '') };
}

function rootOfChain(expr: ts.Expression): ts.Expression {
  let e = skipOuterExpressions(expr);
  while (ts.isPropertyAccessExpression(e)) e = skipOuterExpressions(e.expression);
  return e;
}
