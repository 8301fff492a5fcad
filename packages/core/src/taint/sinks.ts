import ts from 'typescript';
import { calleeChain, matchesAnyCallee, skipOuterExpressions } from '../callee';
import type { FileIndex, ProjectModel } from '../project/model';
import { knownPrefix, requestUrl } from './query-oracle';
import { describeRequest } from '../query/http-clients';
import { normalizeFieldName, normalizedSet } from './citizen-data';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, factory, getModifiers, isArrowFunction, isAwaitExpression, isBinaryExpression, isCallExpression,
  isClassDeclaration, isElementAccessExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isNewExpression,
  isNumericLiteral, isObjectLiteralExpression, isOmittedExpression, isParameter, isPropertyAccessExpression, isPropertyAssignment,
  isPropertyDeclaration, isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike, isTypeReferenceNode,
  isVariableDeclaration,
} = ts;

/**
 * Where citizen data must not go: third-party messaging (OTT) services, by
 * HTTP host or by SDK, and logs / error responses. Sinks are found without a
 * type checker, by following what each name in a file was created from.
 */

/** `error`: an error message returned to the client (it is read by the caller, like a log is by its readers). */
export type SinkKind = 'messaging' | 'log' | 'error';

export interface Sink {
  kind: SinkKind;
  /** Short name of the destination for messages: `api.telegram.org`, `telegraf`, `console.log`. */
  label: string;
  /** Arguments that carry data to the destination. */
  args: readonly ts.Expression[];
  /** Object properties that address the message rather than carry it (`chat_id`, `phone`, `recipient`), normalized (`normalizeFieldName`). */
  addressKeys?: ReadonlySet<string>;
}

/**
 * Where a message goes is not what it says: a ZNS status message needs the
 * citizen's phone number, a Zalo OA reply the user id. Those properties, and
 * the chat id of an SDK send, are the address; the content is reported.
 */
const ADDRESS_KEYS: ReadonlySet<string> = normalizedSet([
  'phone', 'to', 'recipient', 'chat_id', 'user_id', 'receiver', 'channel', 'thread_id', 'psid',
]);

/** An SDK send's arguments without the chat id it is addressed to. */
function sdkContent(label: string, method: string, args: readonly ts.Expression[]): readonly ts.Expression[] {
  if (label === 'zca-js') return args.filter((_, i) => i !== 1); // api.sendMessage(message, threadId, type)
  if (/^(send|forward|copy)/.test(method) && args.length >= 2) return args.slice(1); // bot.sendMessage(chatId, text, extra)
  return args;
}

/** Methods of messaging SDK objects that send content out. */
const SEND_METHODS = new Set([
  'sendMessage', 'sendDocument', 'sendPhoto', 'sendMediaGroup', 'sendAudio', 'sendVideo', 'sendFile', 'sendText',
  'sendTextMessage', 'sendTemplate', 'sendAttachment', 'sendImage', 'sendLink', 'sendContact', 'sendLocation',
  'send', 'reply', 'replyWithHTML', 'replyWithMarkdown', 'replyWithMarkdownV2', 'replyWithDocument', 'replyWithPhoto',
  'postMessage', 'postEphemeral', 'scheduleMessage', 'update', 'uploadV2', 'broadcast', 'say', 'respond',
  'editMessageText', 'editMessageCaption', 'forwardMessage', 'copyMessage', 'sendRequest', 'callApi',
]);

/** Which package objects a family of sinks is about. */
interface BindingKind {
  namespace: string;
  fromPackage: (module: string, imported: string) => boolean;
  /** Extra ways a value becomes bound (an axios instance with a messaging `baseURL`). */
  extraRoot?: (model: ProjectModel, file: FileIndex, init: ts.Expression) => string | undefined;
}

/**
 * Names in one file bound to objects of some packages: imports and requires of
 * the packages, then, to a fixed point, variables, fields and parameters made
 * from them (`new Telegraf(token)`, `await zalo.login()`, `bot.telegram`,
 * `constructor(@InjectBot() private bot: Telegraf)`), and the parameters of
 * callbacks they call (`bot.on('text', (ctx) => ctx.reply(…))`).
 * `this.bot` is recorded as `this.bot`. A name imported from a project file
 * (`import { bot } from './bot'`) is looked up in the file that declares it —
 * lazily, one name at a time, and without following that file's own imports,
 * so a file never pulls its whole import graph into the analysis.
 */
/** The memo namespaces of a family of sinks, built once (every sink check of every call asks). */
const namespacesOf = (() => {
  const known = new Map<string, { bindings: string; local: string; imported: string }>();
  return (kind: BindingKind) => {
    let ns = known.get(kind.namespace);
    if (!ns) known.set(kind.namespace, (ns = { bindings: `${kind.namespace}-bindings`, local: `${kind.namespace}-bindings-local`, imported: `${kind.namespace}-imported` }));
    return ns;
  };
})();

/** A name that may be bound to a package's object, and what it is made from (see `packageBindings`). */
interface BindingCandidate {
  name: string;
  init?: ts.Expression;
  type?: ts.TypeNode;
  callbackOf?: ts.Expression;
}

/**
 * The names of a file that may be bound to a package's object: variables, fields, parameters,
 * assignments and callback parameters. The same for every family of sinks, so the file is walked
 * once for all of them (each family's bindings are then found among these).
 */
function bindingCandidates(model: ProjectModel, file: FileIndex): readonly BindingCandidate[] {
  const memo = model.fileMemo('sinks.binding-candidates', file.memoKey, () => ({ sourceFile: file.sourceFile, candidates: collectBindingCandidates(file) }), undefined);
  // the nodes belong to one parse of the file: a file parsed again (same text, new tree) is walked again
  return memo?.sourceFile === file.sourceFile ? memo.candidates : collectBindingCandidates(file);
}

function collectBindingCandidates(file: FileIndex): BindingCandidate[] {
  const candidates: BindingCandidate[] = [];
  // (the file index lists these nodes in source order: no walk of the whole tree)
  for (const node of file.bindingSites) {
    if (isVariableDeclaration(node)) {
      if (isIdentifier(node.name)) candidates.push({ name: node.name.text, init: node.initializer, type: node.type });
    } else if (isPropertyDeclaration(node)) {
      if (node.name && isIdentifier(node.name)) candidates.push({ name: `this.${node.name.text}`, init: node.initializer, type: node.type });
    } else if (isParameter(node)) {
      if (isIdentifier(node.name)) {
        const isProperty = (getModifiers(node) ?? []).length > 0;
        candidates.push({ name: isProperty ? `this.${node.name.text}` : node.name.text, type: node.type });
        if (isProperty) candidates.push({ name: node.name.text, type: node.type });
      }
    } else if (isBinaryExpression(node)) {
      const chain = calleeChain(node.left);
      if (chain && chain.length <= 2) candidates.push({ name: chain.join('.'), init: node.right });
    } else {
      for (const arg of node.arguments) {
        const fn = skipOuterExpressions(arg);
        if (isArrowFunction(fn) || isFunctionExpression(fn)) {
          for (const p of fn.parameters) for (const n of bindingNames(p.name)) candidates.push({ name: n, callbackOf: node.expression });
        }
      }
    }
  }
  return candidates;
}

export function packageBindings(model: ProjectModel, file: FileIndex, kind: BindingKind, crossFile = true): Map<string, string> {
  const ns = namespacesOf(kind);
  return model.memo(crossFile ? ns.bindings : ns.local, file.memoKey, () => {
    const names = new Map<string, string>();
    for (const imp of file.imports.values()) if (kind.fromPackage(imp.module, imp.imported)) names.set(imp.local, imp.module);
    const lookup = (root: string): string | undefined => names.get(root) ?? (crossFile ? importedBinding(model, file, kind, root) : undefined);
    const rootLabel = (expr: ts.Expression | undefined): string | undefined => {
      if (!expr) return undefined;
      const extra = kind.extraRoot?.(model, file, expr);
      if (extra) return extra;
      const root = rootName(expr);
      return root ? lookup(root) : undefined;
    };
    const candidates = bindingCandidates(model, file);
    for (let pass = 0, changed = true; changed && pass < 4; pass++) {
      changed = false;
      for (const c of candidates) {
        if (names.has(c.name)) continue;
        let label = rootLabel(c.init ? unwrapValue(c.init) : undefined) ?? rootLabel(c.callbackOf);
        if (!label && c.type) {
          const typeName = typeRoot(c.type);
          label = typeName ? lookup(typeName) : undefined;
        }
        if (label) {
          names.set(c.name, label);
          changed = true;
        }
      }
    }
    return names;
  }, new Map<string, string>());
}

/** The label of a name imported from a project file, if the declaring file binds it to the package. */
function importedBinding(model: ProjectModel, file: FileIndex, kind: BindingKind, name: string): string | undefined {
  const imp = file.imports.get(name);
  if (!imp || !(imp.module.startsWith('.') || imp.module.startsWith('/'))) return undefined;
  return model.memo(namespacesOf(kind).imported, `${file.memoKey}:${name}`, () => {
    const decl = model.resolveName(file, name);
    if (!decl) return undefined;
    const owner = model.ownerIndex(decl);
    const n = decl.node;
    const declared = (isVariableDeclaration(n) || isClassDeclaration(n) || isFunctionDeclaration(n)) && n.name && isIdentifier(n.name) ? n.name.text : undefined;
    return owner && owner !== file && declared ? packageBindings(model, owner, kind, false).get(declared) : undefined;
  }, undefined);
}

function bindingNames(name: ts.BindingName): string[] {
  if (isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const el of name.elements) if (!isOmittedExpression(el)) out.push(...bindingNames(el.name));
  return out;
}

/** `await x`, `(x)`, `x as T` → x */
function unwrapValue(expr: ts.Expression): ts.Expression {
  let e = skipOuterExpressions(expr);
  while (isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  return e;
}

/** The name an expression is made from: `new A.B(…)` → A, `x.login().then()` → x, `this.bot.telegram` → this.bot. */
export function rootName(expr: ts.Expression): string | undefined {
  let e = unwrapValue(expr);
  for (;;) {
    if (isNewExpression(e) || isCallExpression(e)) e = unwrapValue(e.expression);
    else if (isPropertyAccessExpression(e) || isElementAccessExpression(e)) {
      if (e.expression.kind === SyntaxKind.ThisKeyword && isPropertyAccessExpression(e)) return `this.${e.name.text}`;
      e = unwrapValue(e.expression);
    } else if (isIdentifier(e)) return e.text;
    else return undefined;
  }
}

function typeRoot(type: ts.TypeNode): string | undefined {
  if (isTypeReferenceNode(type)) {
    const n = type.typeName;
    return isIdentifier(n) ? n.text : isIdentifier(n.left) ? n.left.text : undefined;
  }
  return undefined;
}

function hostOf(url: string): string | undefined {
  return url.match(/^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/:?#]+)/i)?.[1]?.toLowerCase();
}

/** Is a URL's known start a messaging host (or a subdomain of one)? Returns the host. */
export function messagingHost(url: string, hosts: readonly string[]): string | undefined {
  const host = hostOf(url);
  if (!host) return undefined;
  const match = hosts.find((h) => host === h.toLowerCase() || host.endsWith(`.${h.toLowerCase()}`));
  if (!match) return undefined;
  // graph.facebook.com serves the whole Graph API; only its /messages edge is a message (Messenger, WhatsApp Cloud API)
  // (an unknown tail, `${base}/${edge}`, may be `me/messages`; a query string after it closes the path)
  if (match === 'graph.facebook.com' && !/\/messages\b/.test(url)) return /\u0000$/.test(url.split('?')[0]) && !url.includes('?') ? host : undefined;
  return host;
}

/** `axios.create({ baseURL: 'https://api.telegram.org/bot…' })`: an HTTP client bound to a messaging host. */
function messagingHttpClient(model: ProjectModel, file: FileIndex, init: ts.Expression): string | undefined {
  const e = unwrapValue(init);
  if (!isCallExpression(e) || !isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'create') return undefined;
  const cfg = e.arguments[0] && skipOuterExpressions(e.arguments[0]);
  if (!cfg || !isObjectLiteralExpression(cfg)) return undefined;
  for (const p of cfg.properties) {
    if (isPropertyAssignment(p) && isIdentifier(p.name) && (p.name.text === 'baseURL' || p.name.text === 'prefixUrl')) {
      const parts = model.evaluateString(file, p.initializer);
      return messagingHost(parts.map((x) => (x.kind === 'text' ? x.text : '\u0000')).join(''), model.policy.messaging.hosts);
    }
  }
  return undefined;
}

const MESSAGING: BindingKind = {
  namespace: 'messaging',
  fromPackage: () => false, // replaced per policy below
  extraRoot: messagingHttpClient,
};

function messagingKind(model: ProjectModel): BindingKind {
  const packages = model.policy.messaging.packages;
  return { ...MESSAGING, fromPackage: (module) => packages.includes(module) };
}

/** The package (or host) a name of the file is bound to: its own bindings, then a name imported from a project file. */
function bindingLabel(model: ProjectModel, file: FileIndex, kind: BindingKind, name: string): string | undefined {
  return packageBindings(model, file, kind).get(name) ?? importedBinding(model, file, kind, name);
}

export function messagingBindings(model: ProjectModel, file: FileIndex): Map<string, string> {
  return packageBindings(model, file, messagingKind(model));
}

/** A call that sends data to a messaging service, with the arguments that carry it. */
export function messagingSink(model: ProjectModel, file: FileIndex, call: ts.CallExpression): Sink | undefined {
  // The query model knows every HTTP client and instance (axios.create, got.extend, ky, undici, soap…),
  // in this file or another, with its base URL joined to the path: one definition of "an HTTP request".
  const request = describeRequest(model, file, call);
  if (request) {
    const host = messagingHost(request.url.map((p) => (p.kind === 'text' ? p.text : '\u0000')).join(''), model.policy.messaging.hosts);
    if (host) return { kind: 'messaging', label: host, args: call.arguments, addressKeys: ADDRESS_KEYS };
  }
  const url = requestUrl(call);
  if (url) {
    const parts = model.evaluateString(file, url);
    const text = parts.map((p) => (p.kind === 'text' ? p.text : '\u0000')).join('');
    const host = messagingHost(knownPrefix(parts) ? text : '', model.policy.messaging.hosts);
    if (host) return { kind: 'messaging', label: host, args: call.arguments, addressKeys: ADDRESS_KEYS };
  }
  // superagent / node http: `request.post(url).send(body)`, `req.write(body)` on a request to a messaging host
  const callee = skipOuterExpressions(call.expression);
  if (isPropertyAccessExpression(callee) && CHAINED_BODY_METHODS.has(callee.name.text)) {
    const receiver = skipOuterExpressions(callee.expression);
    const upstream = isCallExpression(receiver) ? messagingSink(model, file, receiver) : undefined;
    if (upstream) return { kind: 'messaging', label: upstream.label, args: call.arguments, addressKeys: ADDRESS_KEYS };
  }
  const chain = calleeChain(call.expression);
  if (!chain) return undefined;
  const method = chain[chain.length - 1];
  // `tg.post('/sendMessage', body)` on an axios instance bound to a messaging host
  if (!SEND_METHODS.has(method) && !HTTP_CLIENT_METHODS.has(method)) return undefined;
  const root = chain[0] === 'this' && chain.length > 1 ? `this.${chain[1]}` : chain[0];
  const label = bindingLabel(model, file, messagingKind(model), root);
  if (!label) return undefined;
  const http = HTTP_CLIENT_METHODS.has(method) && !SEND_METHODS.has(method);
  return { kind: 'messaging', label, args: http ? call.arguments : sdkContent(label, method, call.arguments), addressKeys: ADDRESS_KEYS };
}

const HTTP_CLIENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'request']);
const CHAINED_BODY_METHODS = new Set(['send', 'query', 'field', 'attach', 'type', 'set']);

const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'http', 'notice', 'crit', 'critical', 'alert', 'emerg']);
const LOG_PACKAGES = new Set(['pino', 'winston', 'bunyan', 'log4js', 'loglevel', 'consola', 'signale', 'npmlog', 'pino-http', 'nestjs-pino']);
/** `logger`, `log`, `this.logger`, `appLogger`, `_log`, `Logger` (NestJS static): the names loggers go by. */
const LOGGER_NAME = /^(_*log|.*logger)$/i;

const LOGGING: BindingKind = {
  namespace: 'log',
  fromPackage: (module, imported) => LOG_PACKAGES.has(module) || (module === '@nestjs/common' && imported === 'Logger'),
};

export function logBindings(model: ProjectModel, file: FileIndex): Map<string, string> {
  return packageBindings(model, file, LOGGING);
}

/**
 * A call that writes to a log: `console.*`, a logger from pino/winston/bunyan/
 * NestJS, or any `<logger>.info(…)` where the object is named like a logger.
 * Audit-log calls (`policy.audit.functions`) are not logs here: recording the
 * query content there is the obligation (Circular 46/2022 art. 8).
 */
export function logSink(model: ProjectModel, file: FileIndex, call: ts.CallExpression): Sink | undefined {
  const chain = calleeChain(call.expression);
  if (!chain || chain.length < 2) return undefined;
  if (matchesAnyCallee(chain, model.policy.audit.functions)) return undefined;
  const method = chain[chain.length - 1];
  const owner = chain[chain.length - 2];
  if (chain.length === 2 && owner === 'console' && CONSOLE_METHODS.has(method)) return { kind: 'log', label: `console.${method}`, args: call.arguments };
  if (!LOG_METHODS.has(method)) return undefined;
  const root = chain[0] === 'this' && chain.length > 2 ? `this.${chain[1]}` : chain[0];
  if (LOGGER_NAME.test(owner) || bindingLabel(model, file, LOGGING, root)) return { kind: 'log', label: `${owner}.${method}`, args: call.arguments };
  return undefined;
}

/** Keys that carry the text of an error answer. */
const ERROR_KEYS = normalizedSet(['error', 'err', 'errors', 'message', 'msg', 'loi', 'thongBao', 'detail', 'details', 'reason']);
/** Keys whose presence alone says "this answer is an error" (a `message` alone does not: `{ room, message }` is a chat message). */
const ERROR_MARKER_KEYS = normalizedSet(['error', 'err', 'errors', 'loi', 'errorMessage', 'errorCode', 'maLoi']);
/** `success: false`, `ok: false`, `status: 'error'`: an answer that says it failed. */
const FAILURE_FLAG_KEYS = normalizedSet(['success', 'ok', 'thanhCong']);
const FAILURE_STATUS = /^(error|fail|failed|failure|loi|that_?bai)$/i;
/** Named HTTP statuses (NestJS `HttpStatus.X`, http-status-codes `StatusCodes.X`): the success and redirect ones. */
const SUCCESS_STATUS_NAME = /^(OK|CREATED|ACCEPTED|NON_AUTHORITATIVE_INFORMATION|NO_CONTENT|RESET_CONTENT|PARTIAL_CONTENT|MULTI_STATUS|ALREADY_REPORTED|IM_USED|[A-Z_]*REDIRECT|MOVED_PERMANENTLY|FOUND|SEE_OTHER|NOT_MODIFIED|CONTINUE|SWITCHING_PROTOCOLS|PROCESSING|EARLYHINTS|AMBIGUOUS)$/;

/**
 * The HTTP status of `res.status(x)` when the code says it: a number, or a named status
 * (`HttpStatus.NOT_FOUND`, `StatusCodes.OK`). Undefined when it is computed (`err.status || 500`).
 */
function statusClass(code: ts.Expression | undefined): 'success' | 'error' | undefined {
  if (!code) return undefined;
  const e = skipOuterExpressions(code);
  if (isNumericLiteral(e)) return Number(e.text) >= 400 ? 'error' : 'success';
  if (isPropertyAccessExpression(e) && /^(HttpStatus|StatusCodes|HttpStatusCode|httpStatus|status)$/.test(isIdentifier(e.expression) ? e.expression.text : '')) {
    return SUCCESS_STATUS_NAME.test(e.name.text) ? 'success' : 'error';
  }
  return undefined;
}

/** Does an answer's object literal say it is an error: an `error` key, or `success: false` / `status: 'error'`? */
function saysFailure(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => {
    const name = (isPropertyAssignment(p) || isShorthandPropertyAssignment(p)) && (isIdentifier(p.name) || isStringLiteral(p.name)) ? normalizeFieldName(p.name.text) : undefined;
    if (!name) return false;
    if (ERROR_MARKER_KEYS.has(name)) return true;
    if (!isPropertyAssignment(p)) return false;
    const value = skipOuterExpressions(p.initializer);
    if (FAILURE_FLAG_KEYS.has(name)) return value.kind === SyntaxKind.FalseKeyword;
    return name === 'status' && isStringLiteralLike(value) && FAILURE_STATUS.test(value.text);
  });
}

/**
 * An error returned to the client that carries text. What makes an answer an *error* answer:
 * - a NestJS `*Exception` / `HttpError` constructed (`new BadRequestException(…)`), `createError(400, …)`
 *   (http-errors): they become the response body, thrown or passed to `next(…)`;
 * - `res.status(code).json/send/end(…)` with a code of 400 or more, named or numeric; a computed code
 *   (`err.status || 500`) counts too, since it is how error handlers answer; a 2xx or 3xx does not;
 * - `res.json({…})` / `res.send({…})` without a status (a 200) only when the object says it failed: an
 *   `error`/`err`/`errors`/`loi` key, or `success: false`, `ok: false`, `status: 'error'`. A `message` key
 *   alone does not: `res.json({ room, message })` answers a chat request.
 * The data counted is what the error keys carry (`error`, `message`, `detail`, …) of an object literal,
 * or the whole argument otherwise. A plain `new Error(…)` — thrown, or handed to `next(err)` — is not:
 * NestJS and Express answer it with a generic 500 (Express shows the message only outside production).
 */
export function errorResponseSink(node: ts.CallExpression | ts.NewExpression): Sink | undefined {
  const args = node.arguments ?? factory.createNodeArray<ts.Expression>();
  const chain = calleeChain(node.expression);
  const name = chain?.[chain.length - 1];
  if (isNewExpression(node)) {
    return name && /(Exception|HttpError)$/.test(name) ? { kind: 'error', label: `new ${name}`, args } : undefined;
  }
  if (name === 'createError' || name === 'createHttpError') return { kind: 'error', label: name, args };
  const callee = skipOuterExpressions(node.expression);
  if (!isPropertyAccessExpression(callee) || !['json', 'send', 'end'].includes(callee.name.text)) return undefined;
  const receiver = skipOuterExpressions(callee.expression);
  if (isCallExpression(receiver) && isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'status') {
    const code = receiver.arguments[0];
    // a 2xx answer is the API doing its job (returning the citizen's own record to an authorised caller)
    if (statusClass(code) === 'success') return undefined;
    return { kind: 'error', label: `res.status(${code ? code.getText() : ''}).${callee.name.text}`, args };
  }
  const first = args[0] && skipOuterExpressions(args[0]);
  if (first && isObjectLiteralExpression(first) && /^(res|response|reply)$/.test(isIdentifier(receiver) ? receiver.text : '') && saysFailure(first)) {
    const carried = first.properties.flatMap((p) => {
      if (isShorthandPropertyAssignment(p)) return ERROR_KEYS.has(normalizeFieldName(p.name.text)) ? [p.name] : []; // res.json({ error })
      return isPropertyAssignment(p) && isIdentifier(p.name) && ERROR_KEYS.has(normalizeFieldName(p.name.text)) ? [p.initializer] : [];
    });
    return carried.length ? { kind: 'error', label: `${receiver.getText()}.${callee.name.text}`, args: carried } : undefined;
  }
  return undefined;
}
