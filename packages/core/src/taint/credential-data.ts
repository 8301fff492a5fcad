import * as path from 'node:path';
import ts from 'typescript';
import { calleeChain, matchesAnyCallee, skipOuterExpressions } from '../callee';
import { classifyName, isAuthorizationName, splitWords } from '../credentials/names';
import type { Policy } from '../policy/policy';
import { isFunctionLike, type FileIndex, type FunctionLike } from '../project/file-index';
import { findLocalDeclaration, getProjectModel, type ProjectModel } from '../project/model';
import { TaintAnalysis, type Origin, type Taint, type TaintFinding, type TaintVocabulary } from './analysis';
import type { CitizenFieldSet } from './citizen-data';
import type { QueryOracle } from './query-oracle';
import { rootName, type Sink } from './sinks';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, canHaveDecorators, forEachChild, getDecorators, isArrayLiteralExpression, isBinaryExpression, isCallExpression,
  isClassDeclaration, isElementAccessExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isIfStatement,
  isMethodDeclaration, isNewExpression, isNumericLiteral, isObjectLiteralExpression, isPrefixUnaryExpression,
  isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isStringLiteral, isStringLiteralLike,
  isTemplateExpression, isTypeReferenceNode, isVariableDeclaration,
} = ts;

/**
 * The credential vocabulary of the taint analysis (see docs/taint.md,
 * "Vocabularies"): which values are a password, an OTP, a token or a secret,
 * for `popdb/no-credentials-in-logs` (CWE-532). The names come from
 * `credentials/names.ts` (the head noun decides: `dbPassword` is one,
 * `passwordPolicy` is not), plus what only matters once the value is
 * *written out*: one-time codes, JWTs, PINs, the Authorization header.
 */

export type LoggedCredentialKind = 'password' | 'otp' | 'token' | 'secret';

/** Words that say the value is not the plaintext (a hash, a masked copy). */
const NOT_PLAINTEXT = new Set(['hash', 'hashed', 'salt', 'salted', 'digest', 'bcrypt', 'encrypted', 'masked', 'redacted', 'hidden', 'obfuscated']);
/** First words of names that hold a flag or a UI state about a credential (`showPassword`, `isSecret`, `hasToken`, `missingOtp`). */
const FLAG_FIRST_WORDS = new Set([
  'is', 'has', 'have', 'show', 'hide', 'toggle', 'should', 'can', 'need', 'needs', 'require', 'requires', 'required', 'missing', 'no',
  'use', 'set', 'on', 'handle', 'with', 'without', 'allow', 'enable', 'enabled', 'disable', 'disabled', 'remember', 'valid', 'invalid',
  'wrong', 'incorrect', 'bad', 'empty', 'weak', 'strong', 'expired', 'min', 'max', 'label', 'placeholder', 'err', 'error',
]);
/**
 * Words of an error code or a state about a credential. An UPPER_SNAKE constant with one before its
 * last word (`AUTH_INVALID_CREDENTIALS`, `LOGIN_WRONG_PASSWORD`) is the code an exception or a
 * response carries, not the credential: its value is fixed text (an enum member, a string constant).
 * Only constants: a variable `lastWrongPassword` may hold what was typed.
 */
const STATE_WORDS = new Set(['invalid', 'wrong', 'incorrect', 'bad', 'expired', 'missing', 'empty', 'weak', 'required', 'mismatch', 'failed', 'denied', 'locked', 'revoked', 'err', 'error']);
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const OTP_WORDS = new Set(['otp', 'otps', 'totp', 'hotp', 'pin', 'pins', 'pincode', 'passcode', 'jwt', 'jwts', 'bearer']);
/** `otpCode`, `verificationCode`, `resetCode`, `maXacThuc` (Vietnamese: verification code), `maXacNhan`. */
const CODE_WORDS = new Set(['code', 'codes', 'value']);
const CODE_QUALIFIERS = new Set(['otp', 'verification', 'verify', 'reset', 'activation', 'confirmation', 'confirm', 'mfa', 'twofa', 'sms', 'recovery', 'backup', 'auth']);

const CONTAINER_WORDS = new Set(['record', 'records', 'doc', 'docs', 'document', 'entry', 'entity', 'row']);

const kindCache = new WeakMap<readonly string[], Map<string, LoggedCredentialKind | null>>();

/** What credential a name holds, if any, read the way `credentials/names.ts` reads names. */
export function loggedCredentialKind(name: string, extraWords: readonly string[] = []): LoggedCredentialKind | undefined {
  let cache = kindCache.get(extraWords);
  if (!cache) kindCache.set(extraWords, (cache = new Map()));
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  if (cache.size > 20_000) cache.clear();
  const kind = classify(name, extraWords);
  cache.set(name, kind ?? null);
  return kind;
}

function classify(name: string, extraWords: readonly string[]): LoggedCredentialKind | undefined {
  const words = splitWords(name);
  if (words.length === 0 || words.some((w) => NOT_PLAINTEXT.has(w)) || (words.length > 1 && FLAG_FIRST_WORDS.has(words[0]))) return undefined;
  if (UPPER_SNAKE.test(name) && words.slice(0, -1).some((w) => STATE_WORDS.has(w))) return undefined;
  const last = words[words.length - 1];
  if (OTP_WORDS.has(last)) return last.startsWith('jwt') || last === 'bearer' ? 'token' : 'otp';
  const before = words[words.length - 2];
  if (CODE_WORDS.has(last) && before && CODE_QUALIFIERS.has(before)) return 'otp';
  // a stored code or token: `otpRecord`, `refreshTokenDoc` hold it (and log it whole)
  if (CONTAINER_WORDS.has(last) && before && words.length <= 4) {
    const inner = classify(words.slice(0, -1).join('_'), extraWords);
    if (inner === 'otp' || inner === 'token') return inner;
  }
  if (words.length >= 3 && words[words.length - 3] === 'ma' && before === 'xac' && (last === 'thuc' || last === 'nhan')) return 'otp';
  if (isAuthorizationName(name)) return 'token';
  const cls = classifyName(name, extraWords) ?? (last.endsWith('s') && !last.endsWith('ss') ? classifyName(name.replace(/s$/, ''), extraWords) : undefined);
  if (!cls) return undefined;
  // `auth: 'jwt'` names a strategy; `credentials: 'include'` is a fetch mode, but a `credentials` object logged is the account's
  if (cls.weak && cls.opaque && !/credential/i.test(name)) return undefined;
  return cls.kind === 'privateKey' ? 'secret' : cls.kind;
}

/** Is this name a credential? */
export function isLoggedCredentialName(name: string, policy: Policy): boolean {
  return loggedCredentialKind(name, policy.credentials.credentialWords) !== undefined;
}

const fieldSets = new WeakMap<Policy, CitizenFieldSet>();

function credentialNames(policy: Policy): CitizenFieldSet {
  let set = fieldSets.get(policy);
  if (!set) {
    set = {
      field: (name) => (isLoggedCredentialName(name, policy) ? name : undefined),
      isAmbiguous: () => false,
      sensitive: () => false,
      isIdName: () => false,
      hasIdNames: false,
    };
    fieldSets.set(policy, set);
  }
  return set;
}

// ——— login routes: a request body that carries a password, though no name says so ———

/** Words of a route path or handler name about credentials: `/login`, `/auth/dang-nhap`, `resetPassword`, `verifyOtp`. */
const ROUTE_WORDS = new Set(['login', 'logon', 'signin', 'signup', 'register', 'registration', 'dangnhap', 'dangky', 'password', 'passwd', 'matkhau', 'otp']);

function aboutCredentials(text: string): boolean {
  const words = splitWords(text);
  for (let i = 0; i < words.length; i++) {
    if (ROUTE_WORDS.has(words[i]) || (i > 0 && ROUTE_WORDS.has(words[i - 1] + words[i]))) return true;
  }
  return false;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all']);
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All']);

function decorators(node: ts.Node): { name: string; args: readonly ts.Expression[] }[] {
  if (!canHaveDecorators(node)) return [];
  return (getDecorators(node) ?? []).map((d) => {
    const e = d.expression;
    const callee = isCallExpression(e) ? e.expression : e;
    return { name: isIdentifier(callee) ? callee.text : '', args: isCallExpression(e) ? e.arguments : [] };
  });
}

const stringArg = (args: readonly ts.Expression[]): string => {
  const a = args[0] && skipOuterExpressions(args[0]);
  return a && isStringLiteralLike(a) ? a.text : '';
};

/** The name a function goes by: its own, the variable or property it is assigned to, through one wrapper (`catchAsync(async (req, res) => …)`). */
function functionName(fn: FunctionLike): string | undefined {
  if ((isFunctionDeclaration(fn) || isMethodDeclaration(fn) || isFunctionExpression(fn)) && fn.name && (isIdentifier(fn.name) || isStringLiteral(fn.name))) return fn.name.text;
  let n: ts.Node = fn.parent;
  if (isCallExpression(n)) n = n.parent;
  if (isVariableDeclaration(n) && isIdentifier(n.name)) return n.name.text;
  if (isPropertyAssignment(n) && (isIdentifier(n.name) || isStringLiteral(n.name))) return n.name.text;
  if (isBinaryExpression(n) && n.operatorToken.kind === SyntaxKind.EqualsToken && isPropertyAccessExpression(n.left)) return n.left.name.text;
  return undefined;
}

/** `router.post('/login', handler)` (also through one wrapper, and `router.route('/login').post(handler)`): the route's method and path. */
function expressRoute(fn: FunctionLike): { method: string; path: string } | undefined {
  let arg: ts.Node = fn;
  let call = fn.parent;
  if (isCallExpression(call) && !isRouteCall(call)) {
    arg = call;
    call = call.parent;
  }
  if (!isCallExpression(call) || !call.arguments.includes(arg as ts.Expression) || !isRouteCall(call)) return undefined;
  const callee = skipOuterExpressions(call.expression) as ts.PropertyAccessExpression;
  let routePath = stringArg(call.arguments);
  const inner = skipOuterExpressions(callee.expression);
  if (!routePath && isCallExpression(inner) && isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'route') routePath = stringArg(inner.arguments);
  return { method: callee.name.text.toUpperCase(), path: routePath };
}

function isRouteCall(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  return isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text);
}

/** The credential route a function serves (`POST /login`, `POST auth/dang-nhap`, `resetPassword()`), if it serves one. */
export function credentialRoute(fn: FunctionLike): string | undefined {
  if (isMethodDeclaration(fn)) {
    const route = decorators(fn).find((d) => NEST_ROUTE_DECORATORS.has(d.name));
    if (route) {
      const cls = fn.parent;
      const prefix = isClassDeclaration(cls) ? stringArg(decorators(cls).find((d) => d.name === 'Controller')?.args ?? []) : '';
      const full = [prefix, stringArg(route.args)].filter(Boolean).join('/');
      // `@Post('xac-thuc') otp(@Body() b)`: the method's name says it as well as the path
      if (aboutCredentials(full) || aboutCredentials(functionName(fn) ?? '')) return `${route.name.toUpperCase()} /${full.replace(/^\/+/, '')}`;
    }
  }
  const express = expressRoute(fn);
  if (express && aboutCredentials(express.path)) return `${express.method} ${express.path}`;
  const name = functionName(fn);
  return name && aboutCredentials(name) ? `${name}()` : undefined;
}

const REQUEST_NAMES = new Set(['req', 'request']);
const CONTEXT_NAMES = new Set(['ctx', 'context']);

function requestBodyTaint(p: ts.ParameterDeclaration, fn: FunctionLike, file: FileIndex): Taint | undefined {
  const decorated = decorators(p);
  const isNest = decorated.length > 0;
  const bodyDecorator = decorated.find((d) => d.name === 'Body');
  const wholeRequest = decorated.some((d) => d.name === 'Req' || d.name === 'Request')
    || (!isNest && fn.parameters.indexOf(p) === 0 && isIdentifier(p.name) && (REQUEST_NAMES.has(p.name.text) || (p.type !== undefined && isTypeReferenceNode(p.type) && /Request$/.test(p.type.typeName.getText(file.sourceFile)))));
  // Koa: `router.post('/login', async (ctx) => …)` reads `ctx.request.body`
  const koaContext = !isNest && fn.parameters.indexOf(p) === 0 && isIdentifier(p.name) && CONTEXT_NAMES.has(p.name.text);
  if (!(bodyDecorator && bodyDecorator.args.length === 0) && !wholeRequest && !koaContext) return isNest ? undefined : loginFormTaint(p, fn, file);
  const route = credentialRoute(fn);
  if (!route) return undefined;
  const body = loginBody(p, file, route);
  const request: Taint = { origins: [], params: [], fields: new Map([['body', body]]), exact: false };
  if (koaContext) return { origins: [], params: [], fields: new Map([['request', request]]), exact: false };
  return wholeRequest ? request : body;
}

/** A client's call that signs in with what it is given: `loginApi.login(values)`, `authService.signIn(dto)`, `dangNhap(form)`. */
const LOGIN_METHOD = /^(?:login|logIn|signIn|signin|dangNhap|authenticate)$/;
const loginCallsByFile = new WeakMap<FileIndex, Map<string, { arg: ts.Identifier; call: ts.CallExpression }[]>>();

/**
 * The identifiers a file hands whole to a login call, with the calls. Not passport's `req.login(user)`
 * (it starts a session for a user record) nor NextAuth's `signIn('credentials', …)` (a provider name first).
 */
function loginArguments(file: FileIndex): Map<string, { arg: ts.Identifier; call: ts.CallExpression }[]> {
  let found = loginCallsByFile.get(file);
  if (found) return found;
  found = new Map();
  for (const call of file.calls) {
    const callee = skipOuterExpressions(call.expression);
    const method = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : undefined;
    if (method === undefined || !LOGIN_METHOD.test(method) || call.arguments.length === 0) continue;
    if (isPropertyAccessExpression(callee) && REQUEST_NAMES.has(rootName(callee.expression) ?? '')) continue;
    const arg = skipOuterExpressions(call.arguments[0]);
    if (!isIdentifier(arg)) continue;
    const calls = found.get(arg.text);
    if (calls) calls.push({ arg, call });
    else found.set(arg.text, [{ arg, call }]);
  }
  loginCallsByFile.set(file, found);
  return found;
}

/**
 * A form's values that the function itself signs in with (`onFinish(values)` → `loginApi.login(values)`):
 * the login request's body, password included, wherever the function prints it. Its properties are only
 * what their own names say (`values.username` is not a password).
 */
function loginFormTaint(p: ts.ParameterDeclaration, fn: FunctionLike, file: FileIndex): Taint | undefined {
  if (!isIdentifier(p.name) || !fn.body) return undefined;
  // the argument is this very parameter, not a variable or a nested callback's parameter of the same name
  const use = loginArguments(file).get(p.name.text)?.find((u) => findLocalDeclaration(u.arg) === p);
  if (!use) return undefined;
  const callee = skipOuterExpressions(use.call.expression);
  const label = `${(calleeChain(callee) ?? [isPropertyAccessExpression(callee) ? callee.name.text : callee.getText(file.sourceFile)]).join('.')}()`;
  return loginBody(p, file, label);
}

/** A whole login body, taken at the parameter that holds it: the body itself is the data; its properties are only what their own names say (`body.email` is not a password). */
function loginBody(p: ts.ParameterDeclaration, file: FileIndex, label: string): Taint {
  const line = file.sourceFile.getLineAndCharacterOfPosition(p.getStart(file.sourceFile)).line + 1;
  const origin: Origin = { kind: 'request-body', field: undefined, query: label, file: file.fileName, line, sensitive: false };
  return { origins: [origin], params: [], fields: new Map(), exact: true };
}

// ——— what carries a credential and what does not ———

/** Library functions whose result is made of their arguments (everything else returns something else: a boolean, a user, a payload). */
const PASS_THROUGH_CALLS = new Set([
  'JSON.stringify', 'String', 'Buffer.from', 'encodeURIComponent', 'encodeURI', 'escape', 'btoa', 'atob', 'util.format', 'util.inspect',
  'format', 'inspect', 'Array.from', 'Array.of', 'Object.values', 'Object.entries', 'Object.fromEntries', 'Object.freeze', 'structuredClone',
  '_.cloneDeep', 'cloneDeep', '_.clone', '_.merge', 'merge', '_.omit', 'omit', 'querystring.stringify', 'qs.stringify',
]);
const PASS_THROUGH_METHODS = new Set(['concat', 'join', 'replace', 'replaceAll', 'padStart', 'padEnd', 'format']);
/** ORM methods (mongoose, Sequelize, TypeORM) that answer with a count or a write status rather than records. */
const WRITE_STATUS_METHODS = new Set([
  'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'bulkWrite', 'countDocuments', 'estimatedDocumentCount', 'count', 'exists', 'destroy',
]);
/** Built-in redactors beyond the maskers the analysis knows (`mask…`, `redact…`, `hash…`). */
const REDACTOR_NAME = /^(sanitize|scrub|strip|censor|obfuscate)/i;

function passesArguments(policy: Policy) {
  return (call: ts.CallExpression, chain: readonly string[] | undefined, method: string | undefined): boolean => {
    // `_.pick(body, ['email'])` keeps what it names (`_.omit` that names a credential is a redactor, above)
    if (method === 'pick') return namesCredential(call.arguments.slice(1), policy);
    return passesThrough(call, chain, method);
  };
}

function namesCredential(args: readonly ts.Expression[], policy: Policy): boolean {
  return args.some((a) => {
    const e = skipOuterExpressions(a);
    const keys = isArrayLiteralExpression(e) ? e.elements : [e];
    return keys.some((k) => isStringLiteralLike(k) && isLoggedCredentialName(k.text, policy));
  });
}

function passesThrough(call: ts.CallExpression, chain: readonly string[] | undefined, method: string | undefined): boolean {
  if (chain && PASS_THROUGH_CALLS.has(chain.join('.'))) return true;
  return method !== undefined && isPropertyAccessExpression(skipOuterExpressions(call.expression)) && PASS_THROUGH_METHODS.has(method);
}

function redacts(policy: Policy) {
  return (call: ts.CallExpression, _chain: readonly string[] | undefined, method: string | undefined): boolean => {
    if (method && REDACTOR_NAME.test(method)) return true;
    // `await OTP.updateOne(...)` answers { acknowledged, modifiedCount }: a write's status, not the stored codes
    if (method && WRITE_STATUS_METHODS.has(method) && isPropertyAccessExpression(skipOuterExpressions(call.expression))) return true;
    // a token cut to its first few characters (the SPEC shows at most 2 + 2 of a secret; 4 is the usual prefix of a key id)
    if ((method === 'slice' || method === 'substring' || method === 'substr') && call.arguments.length === 2) {
      const [a, b] = call.arguments.map(skipOuterExpressions);
      if (isNumericLiteral(a) && Number(a.text) === 0 && isNumericLiteral(b) && Number(b.text) <= 4) return true;
    }
    // _.omit(body, 'password') / omit(body, ['password', 'otp']) — but `_.omit(body, 'email')` keeps the password
    return method === 'omit' && namesCredential(call.arguments.slice(1), policy);
  };
}

/**
 * Methods of a token set or a session that describe it rather than return it: its type, scope,
 * expiry, length or status (`tokens.tokenType()`, `grant.getScopes()`, `token.expiresIn()`).
 */
const DESCRIBING_METHOD = /^(?:get|is|has)?[A-Za-z]*?(?:Type|Kind|Scopes?|ExpiresIn|ExpiresAt|Expiry|Expiration|Length|Status|Format)$|^(?:type|kind|scopes?|expiresIn|expiresAt|expiry|length|status|format)$/;

/** Properties of a credential-carrying value that carry it: its own credential-named parts, and a record's code or value (`otpRecord.code`). */
const CARRYING_PROPERTIES = new Set(['code', 'codes', 'value', 'values']);

const vocabularies = new WeakMap<Policy, TaintVocabulary>();

/** The credential vocabulary for a policy (one per policy, so the analysis can be memoized with it). */
export function credentialVocabulary(policy: Policy): TaintVocabulary {
  let v = vocabularies.get(policy);
  if (!v) {
    const argumentsPass = passesArguments(policy);
    v = {
      id: 'credential',
      names: credentialNames,
      parameter: requestBodyTaint,
      sanitizes: redacts(policy),
      // the receiver: a method of a credential returns part of it (`otp.trim()`), a model named for codes returns them (`OTP.findOne()`);
      // not a method that describes it (`tokens.tokenType()`, `session.expiresAt()`)
      libraryFlow: (call, chain, method) => ({ receiver: method === undefined || !DESCRIBING_METHOD.test(method), args: argumentsPass(call, chain, method) }),
      memberCarries: (prop) => CARRYING_PROPERTIES.has(prop) || isLoggedCredentialName(prop, policy),
      restOf: (t, taken) => {
        const named = taken.filter((k) => isLoggedCredentialName(k, policy));
        if (!named.length) return t;
        const fields = t.fields && new Map([...t.fields].filter(([k]) => !taken.includes(k)));
        return { ...t, fields, origins: t.origins.filter((o) => o.kind !== 'request-body' && !(o.field && taken.includes(o.field))) };
      },
      packageImportsAreData: false,
      sink: auditSink,
    };
    vocabularies.set(policy, v);
  }
  return v;
}

const noQueries: QueryOracle = () => undefined;

/**
 * The audit log is exempt from the citizen-data rules because it must record the query content
 * (Circular 46/2022 art. 8); it must record the *account*, the time and the IP — never the account's
 * password or token, which would make the protected log a store of working credentials.
 */
function auditSink(model: ProjectModel, _file: FileIndex, call: ts.CallExpression): Sink | undefined {
  const chain = calleeChain(call.expression);
  if (!chain || !matchesAnyCallee(chain, model.policy.audit.functions)) return undefined;
  return { kind: 'log', label: `${chain.join('.')} (audit log)`, args: call.arguments };
}

// ——— findings ———

export interface CredentialFinding {
  finding: TaintFinding;
  start: number;
  end: number;
  /** The whole body of a login/register/reset request, rather than a named credential. */
  wholeBody: boolean;
  /** Message data: `data` (English) and `duLieu` (Vietnamese) name the data (never its value); `sink` the destination. */
  data: { data: string; duLieu: string; sink: string };
}

const analyses = new WeakMap<ProjectModel, TaintAnalysis>();

/** Credentials written to logs, console output and error responses in one file (the analysis is memoized in the project model). */
export function credentialFindings(input: { fileName: string; text: string; sourceFile: ts.SourceFile; policy: Policy }): CredentialFinding[] {
  const model = getProjectModel(input.fileName, input.policy);
  const file = model.fileIndex(input.fileName, input.text, input.sourceFile);
  if (!file) return [];
  let analysis = analyses.get(model);
  if (!analysis) {
    analysis = new TaintAnalysis(model, noQueries, credentialVocabulary(model.policy));
    analyses.set(model, analysis);
  }
  const out: CredentialFinding[] = [];
  for (const finding of analysis.analyzeFile(file)) {
    if (finding.kind === 'messaging' || !isCallExpression(finding.node) && !isNewExpression(finding.node)) continue;
    const origins = finding.origins.filter((o) => !knownAbsent(finding.node, o, file));
    if (!origins.length || answersTheCaller(finding) || redactedByLogger(model, file, finding, origins)) continue;
    const kept = { ...finding, origins };
    out.push({
      finding: kept,
      start: finding.node.getStart(file.sourceFile),
      end: finding.node.getEnd(),
      wholeBody: origins.every((o) => o.kind === 'request-body'),
      data: describeCredentialFinding(kept, input.fileName, model.policy.credentials.credentialWords),
    });
  }
  return out;
}

/**
 * `if (!process.env.JWT_SECRET) { console.error('not set:', process.env.JWT_SECRET) }`: inside a
 * branch taken only when the value is missing, the log prints `undefined`, not the secret.
 */
function knownAbsent(sink: ts.Node, origin: Origin, file: FileIndex): boolean {
  if (origin.kind !== 'field' || !origin.field) return false;
  const args = (isCallExpression(sink) || isNewExpression(sink) ? sink.arguments ?? [] : []).map(skipOuterExpressions);
  const named = args.filter((a) => lastName(a) === origin.field);
  if (!named.length || origin.line !== file.sourceFile.getLineAndCharacterOfPosition(sink.getStart(file.sourceFile)).line + 1) return false;
  return named.every((a) => {
    const text = a.getText(file.sourceFile);
    for (let n: ts.Node = sink; n.parent && !isFunctionLike(n); n = n.parent) {
      const p = n.parent;
      if (isIfStatement(p) && p.thenStatement === n && testsAbsent(p.expression, text, file)) return true;
    }
    return false;
  });
}

function lastName(e: ts.Expression): string | undefined {
  if (isIdentifier(e)) return e.text;
  if (isPropertyAccessExpression(e)) return e.name.text;
  if (isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  return undefined;
}

/** `!x`, `x == null`, `x === undefined`, `!x || …` */
function testsAbsent(cond: ts.Expression, text: string, file: FileIndex): boolean {
  const c = skipOuterExpressions(cond);
  if (isPrefixUnaryExpression(c) && c.operator === SyntaxKind.ExclamationToken) return skipOuterExpressions(c.operand).getText(file.sourceFile) === text;
  if (isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    if (op === SyntaxKind.BarBarToken) return testsAbsent(c.left, text, file) && testsAbsent(c.right, text, file) || testsAbsent(c.left, text, file) && !mentions(c.right, text, file);
    if ([SyntaxKind.EqualsEqualsToken, SyntaxKind.EqualsEqualsEqualsToken].includes(op)) {
      const other = c.left.getText(file.sourceFile) === text ? c.right : c.right.getText(file.sourceFile) === text ? c.left : undefined;
      return other !== undefined && /^(null|undefined|''|"")$/.test(other.getText(file.sourceFile));
    }
  }
  return false;
}

function mentions(e: ts.Node, text: string, file: FileIndex): boolean {
  return e.getText(file.sourceFile).includes(text);
}

/**
 * `res.status(code).json({ token })` after a login: an answer with an unknown status may be the 200
 * that hands the caller its own new token. A credential is an error-response finding only when the
 * answer is one (a literal 4xx/5xx, an exception, `createError`).
 */
function answersTheCaller(f: TaintFinding): boolean {
  if (f.kind !== 'error' || !isCallExpression(f.node)) return false;
  const callee = skipOuterExpressions(f.node.expression);
  if (!isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuterExpressions(callee.expression);
  if (!isCallExpression(receiver) || !isPropertyAccessExpression(receiver.expression) || receiver.expression.name.text !== 'status') return false;
  const code = receiver.arguments[0] && skipOuterExpressions(receiver.arguments[0]);
  return !code || !isNumericLiteral(code);
}

/**
 * pino's `redact: ['password', 'req.body.password', '*.token']` (or `{ paths: [...] }`) replaces those
 * *properties* of a logged object; it cannot see into a string. A call on such a logger is clean when
 * every credential reaches it as a redacted property name, not through a template or concatenation.
 */
function redactedByLogger(model: ProjectModel, file: FileIndex, f: TaintFinding, origins: readonly Origin[]): boolean {
  if (f.kind !== 'log' || !isCallExpression(f.node)) return false;
  const callee = skipOuterExpressions(f.node.expression);
  if (!isPropertyAccessExpression(callee)) return false;
  const paths = loggerRedactPaths(model, file, callee.expression);
  if (!paths.length) return false;
  if (f.node.arguments.some((a) => containsStringBuilding(a))) return false;
  const redacted = (name: string) => paths.some((p) => p === name || p.endsWith(`.${name}`) || p.endsWith(`["${name}"]`));
  return origins.every((o) => o.field !== undefined && redacted(o.field));
}

function containsStringBuilding(node: ts.Node): boolean {
  if (isTemplateExpression(node) || (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.PlusToken)) return true;
  return forEachChild(node, (c) => containsStringBuilding(c) || undefined) ?? false;
}

/** The redact paths of the logger a call is made on: `const logger = pino({ redact: [...] })`, here or in the file it is imported from. */
function loggerRedactPaths(model: ProjectModel, file: FileIndex, loggerExpr: ts.Expression): string[] {
  const root = rootName(loggerExpr);
  let decl = model.resolveExpression(file, loggerExpr);
  if (!decl && root && !root.startsWith('this.')) decl = model.resolveName(file, root);
  const n = decl?.node;
  const init = n && (isVariableDeclaration(n) || isPropertyDeclaration(n)) ? n.initializer : undefined;
  const call = init && skipOuterExpressions(init);
  if (!call || !isCallExpression(call)) return [];
  const out: string[] = [];
  for (const arg of call.arguments) {
    const obj = skipOuterExpressions(arg);
    if (!isObjectLiteralExpression(obj)) continue;
    for (const p of obj.properties) {
      if (!isPropertyAssignment(p) || !isIdentifier(p.name) || p.name.text !== 'redact') continue;
      let list = skipOuterExpressions(p.initializer);
      if (isObjectLiteralExpression(list)) {
        const paths = list.properties.find((q): q is ts.PropertyAssignment => isPropertyAssignment(q) && isIdentifier(q.name) && q.name.text === 'paths');
        if (paths) list = skipOuterExpressions(paths.initializer);
      }
      if (isArrayLiteralExpression(list)) for (const el of list.elements) if (isStringLiteralLike(el)) out.push(el.text);
    }
  }
  return out;
}

const KIND_TEXT: Record<LoggedCredentialKind, { en: string; vi: string }> = {
  password: { en: 'password', vi: 'mật khẩu' },
  otp: { en: 'one-time code or PIN', vi: 'mã OTP/PIN' },
  token: { en: 'token', vi: 'token' },
  secret: { en: 'secret', vi: 'khóa bí mật' },
};

function describeOrigin(o: Origin, currentFile: string, words: readonly string[], lang: 'en' | 'vi'): string {
  const line = lang === 'en' ? `line ${o.line}` : `dòng ${o.line}`;
  const at = o.file === currentFile ? line : `${path.basename(o.file)} ${line}`;
  if (o.kind === 'request-body') return `${o.query}, ${at}`;
  const kind = KIND_TEXT[loggedCredentialKind(o.field ?? '', words) ?? 'secret'];
  return lang === 'en' ? `the ${kind.en} \`${o.field}\` at ${at}` : `${kind.vi} \`${o.field}\` tại ${at}`;
}

/** Message data: the first named credential (a whole body last), `+N more`, and the functions on the way. Never a value. */
export function describeCredentialFinding(f: TaintFinding, currentFile: string, words: readonly string[] = []): { data: string; duLieu: string; sink: string } {
  const origins = [...f.origins].sort((a, b) => Number(a.kind === 'request-body') - Number(b.kind === 'request-body'));
  const text = (lang: 'en' | 'vi') => {
    let s = describeOrigin(origins[0], currentFile, words, lang);
    if (origins.length > 1) s += lang === 'en' ? ` (+${origins.length - 1} more)` : ` (+${origins.length - 1} nguồn khác)`;
    if (f.via.length) s += ` ${lang === 'en' ? 'via' : 'qua'} ${f.via.join(' → ')}`;
    return s;
  };
  return { data: text('en'), duLieu: text('vi'), sink: f.sink };
}

