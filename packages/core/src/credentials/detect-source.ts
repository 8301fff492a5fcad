/**
 * Credentials in JS/TS source: one walk of the TypeScript AST. Every string
 * literal (and the static head of a template) is a candidate; its context —
 * the name it is bound to, the call it is passed to, the object it sits in —
 * is read from its parents, a few steps up at most.
 */
import ts from 'typescript';
import { calleeChain, isOuterExpression, skipOuterExpressions } from '../callee';
import { classifyName, isUserName, splitWords } from './names';
import { DOC_SAMPLE_KEYS } from './detect-config';
import { DEFAULT_RULE, classifyValue, isVariableName, toFinding, type ClassifyOptions, type CredentialFinding, type ValueContext, type ValueDecision } from './classify';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { factory } = ts;

type StringLike = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;

// The typescript module exposes its API through getters (`ts.SyntaxKind` alone showed up in a profile
// of a 2,000-file repository); read them once, not per node.
const { SyntaxKind, forEachChild } = ts;
const {
  isArrayBindingPattern,
  isArrayLiteralExpression,
  isAsExpression,
  isBinaryExpression,
  isBindingElement,
  isCallExpression,
  isComputedPropertyName,
  isConditionalExpression,
  isElementAccessExpression,
  isExternalModuleReference,
  isIdentifier,
  isJsxAttribute,
  isJsxExpression,
  isJsxNamespacedName,
  isLiteralTypeNode,
  isMethodDeclaration,
  isNewExpression,
  isNumericLiteral,
  isObjectLiteralExpression,
  isParameter,
  isParenthesizedExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isPropertySignature,
  isSatisfiesExpression,
  isStringLiteralLike,
  isTemplateHead,
  isVariableDeclaration,
} = ts;
const EMPTY_ARGS: ts.NodeArray<ts.Expression> = factory.createNodeArray();

/**
 * Credential findings in a JS/TS file. `strings`: the file index's list of its URL-like expressions
 * (string literals and templates among them, in source order, `FileIndex.strings`), read instead of
 * walking every node of the file; the literals it holds in module specifiers and types are left out
 * as the walk leaves them out.
 */
export function detectSourceCredentials(sourceFile: ts.SourceFile, options: ClassifyOptions, strings?: readonly ts.Node[]): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  const text = sourceFile.text;

  // Dispatch on `kind` numbers: this runs for every node of every file, where `ts.isTypeNode` and the
  // other guards would be several calls per node.
  const visit = (node: ts.Node): void => {
    const kind = node.kind;
    switch (kind) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        checkLiteral(node as StringLike);
        return;
      case SyntaxKind.TemplateExpression:
        // `postgres://admin:S3cret@${host}/db`: only the static head can hold a literal password.
        checkTemplateHead(node as ts.TemplateExpression);
        break;
      // Module specifiers are paths.
      case SyntaxKind.ImportDeclaration:
      case SyntaxKind.ExportDeclaration:
      case SyntaxKind.ImportEqualsDeclaration:
        return;
      default:
        // Type annotations and literal types (`type Mode = 'password' | 'otp'`) never hold a value.
        if (kind >= SyntaxKind.FirstTypeNode && kind <= SyntaxKind.LastTypeNode) return;
    }
    forEachChild(node, visit);
  };

  const checkLiteral = (node: StringLike): void => {
    const value = node.text;
    if (value.length < 2 || isNonValuePosition(node)) return;
    const context = contextOf(node, options);
    const d = classifyValue(value, context, options);
    if (!d) return;
    findings.push(placeAt(d, node));
  };

  const checkTemplateHead = (node: ts.TemplateExpression): void => {
    const head = node.head.text;
    if (head.length < 8 || (!head.includes('@') && !head.includes('='))) return;
    const d = classifyValue(head, { names: [] }, options);
    if (d && (d.messageId === 'connectionStringPassword' || d.rule === DEFAULT_RULE)) {
      findings.push(placeAt(d, node.head));
    }
  };

  /**
   * A decision about the whole value points at the literal, as ESLint reports a node; one about a
   * part (the password in a connection string) points at that part, when the source has no escapes
   * that would shift the offsets.
   */
  const placeAt = (d: ValueDecision, node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead): CredentialFinding => {
    const start = node.getStart(sourceFile);
    const end = isTemplateHead(node) ? node.end - 2 : node.end;
    const whole = { ...toFinding(d, start), start, end };
    if (d.start === 0 && d.end === node.text.length) return whole;
    return text.slice(start + 1, start + 1 + node.text.length) === node.text ? toFinding(d, start + 1) : whole;
  };

  if (!strings) {
    visit(sourceFile);
    return findings;
  }
  for (const node of strings) {
    const kind = node.kind;
    if (kind !== SyntaxKind.StringLiteral && kind !== SyntaxKind.NoSubstitutionTemplateLiteral && kind !== SyntaxKind.TemplateExpression) continue;
    if (insideSkipped(node)) continue;
    if (kind === SyntaxKind.TemplateExpression) checkTemplateHead(node as ts.TemplateExpression);
    else checkLiteral(node as StringLike);
  }
  return findings;
}

/** Is a node inside what the walk of `detectSourceCredentials` does not enter: a module specifier's declaration or a type? */
function insideSkipped(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    const kind = p.kind;
    if (kind === SyntaxKind.ImportDeclaration || kind === SyntaxKind.ExportDeclaration || kind === SyntaxKind.ImportEqualsDeclaration) return true;
    if (kind >= SyntaxKind.FirstTypeNode && kind <= SyntaxKind.LastTypeNode) return true;
  }
  return false;
}

/** Property names, element-access keys, `case` labels, `require()` paths: positions where a string is a name, not a value. */
function isNonValuePosition(node: StringLike): boolean {
  const parent = node.parent;
  if ((isPropertyAssignment(parent) || isPropertyDeclaration(parent) || isMethodDeclaration(parent) || isPropertySignature(parent)) && parent.name === node) return true;
  if (isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (isExternalModuleReference(parent) || isLiteralTypeNode(parent)) return true;
  if (isCallExpression(parent) && (parent.expression.kind === SyntaxKind.ImportKeyword || (isIdentifier(parent.expression) && parent.expression.text === 'require'))) return true;
  return false;
}

/** The text of a property or binding name, when it is static. */
function staticName(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteralLike(name) || isNumericLiteral(name)) return name.text;
  if (isComputedPropertyName(name) && isStringLiteralLike(name.expression)) return name.expression.text;
  if (isJsxNamespacedName(name)) return name.name.text;
  return undefined;
}

/** The last name of an assignment target: `this.lgsp.secretKey` → "secretKey". */
function targetName(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (isIdentifier(e)) return e.text;
  if (isPropertyAccessExpression(e)) return e.name.text;
  if (isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  return undefined;
}

/**
 * The name a fallback falls back from: `process.env.DB_PASS || 'x'` → "DB_PASS",
 * `config.get('lgsp.secretKey') ?? 'x'` → "lgsp.secretKey", `opts.password || 'x'` → "password".
 */
function fallbackSourceName(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (isCallExpression(e)) {
    const arg = e.arguments[0];
    if (arg && isStringLiteralLike(arg)) return arg.text;
    return undefined;
  }
  if (isBinaryExpression(e) && (e.operatorToken.kind === SyntaxKind.BarBarToken || e.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) {
    return fallbackSourceName(e.right) ?? fallbackSourceName(e.left);
  }
  return targetName(e);
}

const ACCOUNT_VERBS: ReadonlySet<string> = new Set([
  'create', 'insert', 'insertone', 'insertmany', 'save', 'register', 'signup', 'add', 'upsert', 'update', 'updateone', 'updatemany',
  'findoneandupdate', 'findbyidandupdate', 'build', 'bulkcreate', 'bulkinsert', 'createmany', 'values', 'set', 'merge',
]);
/** Segments that name an account store: `User.create`, `prisma.user.create`, `userRepository.save`, `taiKhoanService.them`. */
const ACCOUNT_SEGMENT = /user|account|taikhoan|tai_khoan|nguoidung|canbo|member|admin/i;

function isAccountCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  const last = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (last === undefined) return false;
  if (isNewExpression(call)) return ACCOUNT_SEGMENT.test(last);
  if (/^(create|register|add|new|seed|insert|tao|them)_?(user|account|taikhoan|nguoidung|admin|member|canbo)/i.test(last) || /^sign_?up$/i.test(last)) return true;
  if (!ACCOUNT_VERBS.has(last.toLowerCase())) return false;
  const chain = calleeChain(callee);
  if (chain?.slice(0, -1).some((s) => ACCOUNT_SEGMENT.test(s))) return true;
  // The table named by a literal: `queryInterface.bulkInsert('users', [...])`, `knex('tai_khoan').insert({...})`.
  const table = (c: ts.CallExpression | ts.NewExpression): boolean => {
    const first = c.arguments?.[0];
    return first !== undefined && isStringLiteralLike(first) && ACCOUNT_SEGMENT.test(first.text);
  };
  if (table(call)) return true;
  const inner = isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression) : undefined;
  return inner !== undefined && isCallExpression(inner) && table(inner);
}

/** Password setters: `resetPassword(user, 'Abc@123')`, `user.setPassword('x')`, `changeMatKhau(...)`. */
function isPasswordSetter(name: string): boolean {
  return /^(set|reset|change|update|force|admin_?reset|init|dat|doi)_?(user_?)?(password|passwd|pwd|mat_?khau)$/i.test(name);
}

/** `bcrypt.hash('123456', 10)`: a fixed password hashed for storage in an account. */
function isPasswordHash(chain: readonly string[]): boolean {
  const last = chain[chain.length - 1];
  return /^(hash|hashSync|hashPassword|encrypt)$/.test(last) && (chain.length === 1 ? last === 'hashPassword' : chain.slice(0, -1).some((s) => /bcrypt|argon|scrypt|password|hasher/i.test(s)));
}

/** `btoa(x)`, `Buffer.from(x).toString('base64')`, `Base64.encode(x)`: x is being base64-encoded. */
function isBase64Encoding(call: ts.CallExpression): boolean {
  const chain = calleeChain(call.expression);
  if (!chain) return false;
  const last = chain[chain.length - 1];
  if (last === 'btoa') return true;
  if (last === 'encode' && chain.some((s) => /base64/i.test(s))) return true;
  if (chain.length === 2 && chain[0] === 'Buffer' && last === 'from') {
    const access = call.parent;
    if (isPropertyAccessExpression(access) && access.name.text === 'toString' && isCallExpression(access.parent)) {
      const arg = access.parent.arguments[0];
      return arg !== undefined && isStringLiteralLike(arg) && /^base64(url)?$/.test(arg.text);
    }
  }
  return false;
}

/** Is this object literal the one being encoded in `btoa(JSON.stringify({...}))` / `Buffer.from(JSON.stringify({...})).toString('base64')`? */
function isEncodedObject(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  while (isParenthesizedExpression(node.parent) || isAsExpression(node.parent)) node = node.parent;
  const stringify = node.parent;
  if (!isCallExpression(stringify)) return false;
  const chain = calleeChain(stringify.expression);
  if (!chain || chain.join('.') !== 'JSON.stringify') return false;
  let outer: ts.Node = stringify;
  while (isParenthesizedExpression(outer.parent)) outer = outer.parent;
  return isCallExpression(outer.parent) && isBase64Encoding(outer.parent);
}

/** Does another property of the object hold its own key as value (a key mirror)? */
function isMirrorObject(obj: ts.ObjectLiteralExpression): boolean {
  let mirrored = 0;
  for (const p of obj.properties) {
    if (isPropertyAssignment(p) && isStringLiteralLike(p.initializer) && p.initializer.text === staticName(p.name)) mirrored++;
    if (mirrored >= 2) return true;
  }
  return false;
}

/** A literal user name among the object's properties. */
function siblingUserValue(obj: ts.ObjectLiteralExpression): string | undefined {
  for (const p of obj.properties) {
    if (!isPropertyAssignment(p)) continue;
    const n = staticName(p.name);
    const init = skipOuterExpressions(p.initializer);
    if (n && isUserName(n) && isStringLiteralLike(init)) return init.text;
  }
  return undefined;
}

/** The call that receives this object as data for an account (`User.create({...})`, `prisma.user.create({ data: {...} })`, `insertMany([{...}])`). */
function accountCallOf(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  for (let steps = 0; steps < 4; steps++) {
    const parent = node.parent;
    if (isCallExpression(parent) || isNewExpression(parent)) return parent.expression !== node && isAccountCall(parent);
    if (isPropertyAssignment(parent) && parent.initializer === node && isObjectLiteralExpression(parent.parent)) {
      const n = staticName(parent.name);
      if (!n || !/^(data|values|attributes|user|account|create|update|\$set|set|payload|body)$/i.test(n)) return false;
      node = parent.parent;
      continue;
    }
    if (isArrayLiteralExpression(parent) || isParenthesizedExpression(parent) || isAsExpression(parent)) {
      node = parent;
      continue;
    }
    return false;
  }
  return false;
}

/** Words of a declaration that lists values to refuse: `PLACEHOLDER_SECRETS`, `WEAK_PASSWORDS`, `forbiddenSecrets`, `KNOWN_DEFAULTS`. */
const REFUSAL_WORDS: ReadonlySet<string> = new Set([
  'placeholder', 'placeholders', 'weak', 'forbidden', 'banned', 'blocked', 'blocklist', 'blacklist', 'denylist', 'disallowed',
  'insecure', 'rejected', 'invalid', 'common', 'known', 'unsafe',
]);

/**
 * Is this object literal (or an array or object it sits in) the initializer of a declaration
 * whose name says it lists values to refuse? `const PLACEHOLDER_SECRETS = { … } as const`,
 * `const WEAK = Object.freeze([{ … }])`. A `DEFAULTS = { password: 'admin' }` is still a default.
 */
function isRefusalList(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  for (let steps = 0; steps < 6; steps++) {
    const parent = node.parent;
    if (isVariableDeclaration(parent) || isPropertyDeclaration(parent)) {
      const name = parent.initializer === node ? staticName(parent.name) : undefined;
      return name !== undefined && splitWords(name).some((w) => REFUSAL_WORDS.has(w));
    }
    const freeze = isCallExpression(parent) && calleeChain(parent.expression)?.join('.') === 'Object.freeze';
    if (isArrayLiteralExpression(parent) || isAsExpression(parent) || isSatisfiesExpression(parent) || isParenthesizedExpression(parent) || freeze || (isPropertyAssignment(parent) && isObjectLiteralExpression(parent.parent))) {
      node = isPropertyAssignment(parent) ? parent.parent : parent;
      continue;
    }
    return false;
  }
  return false;
}

/** Is this object literal (or one it sits in, a few levels up) the value of an `example` / `examples` property? */
function isInDocSample(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  for (let steps = 0; steps < 4; steps++) {
    const parent = node.parent;
    if (isPropertyAssignment(parent) && parent.initializer === node) {
      const n = staticName(parent.name);
      if (n !== undefined && DOC_SAMPLE_KEYS.has(n)) return true;
      node = parent.parent;
      continue;
    }
    if (isArrayLiteralExpression(parent)) {
      node = parent;
      continue;
    }
    return false;
  }
  return false;
}

function contextOf(literal: StringLike, options: ClassifyOptions): ValueContext {
  let node: ts.Node = literal;
  let fallback = false;
  let fallbackName: string | undefined;
  // Climb through wrappers, conditional branches and fallbacks to the position that names the value.
  for (;;) {
    const parent: ts.Node = node.parent;
    if (isOuterExpression(parent)) {
      node = parent;
      continue;
    }
    if (isConditionalExpression(parent) && parent.condition !== node) {
      node = parent;
      continue;
    }
    if (isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === SyntaxKind.BarBarToken || parent.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) {
      fallback = true;
      fallbackName ??= fallbackSourceName(parent.left);
      node = parent;
      continue;
    }
    break;
  }
  const parent: ts.Node = node.parent;
  const expr = node as ts.Expression;

  if (isVariableDeclaration(parent) && parent.initializer === expr) {
    return { names: [staticName(parent.name), fallbackName], fallback };
  }
  if (isPropertyDeclaration(parent) && parent.initializer === expr) {
    return { names: [staticName(parent.name), fallbackName], fallback };
  }
  if ((isParameter(parent) || isBindingElement(parent)) && parent.initializer === expr) {
    const name = isBindingElement(parent) ? staticName(parent.propertyName) ?? staticName(parent.name) : staticName(parent.name);
    return { names: [name, fallbackName], fallback: true };
  }
  if (isPropertyAssignment(parent) && parent.initializer === expr && isObjectLiteralExpression(parent.parent)) {
    const name = staticName(parent.name);
    const obj = parent.parent;
    // `{ password: 'password', email: 'email' }` maps keys to themselves (field names, kinds), unlike a lone `password: 'password'`.
    if (name !== undefined && isStringLiteralLike(literal) && literal.text === name && isMirrorObject(obj)) return { names: [] };
    const cls = name ? classifyName(name, options.credentialWords) : undefined;
    const context: ValueContext = { names: [name, fallbackName], fallback };
    // swagger-jsdoc definitions written as objects: `example: { token: 'eyJ…' }` documents a response.
    if ((name !== undefined && DOC_SAMPLE_KEYS.has(name)) || isInDocSample(obj)) context.docSample = true;
    // Only a password-ish property needs its surroundings; most properties stop here.
    if (cls || (fallbackName && classifyName(fallbackName, options.credentialWords))) {
      // `const PLACEHOLDER_SECRETS = { AUTH_JWT_SECRET: 'secret' }`: values the code exists to refuse.
      if (isRefusalList(obj)) return { names: [], docSample: context.docSample };
      context.userValue = siblingUserValue(obj);
      if (cls?.kind === 'password' && !fallback && accountCallOf(obj)) context.account = true;
      if (isEncodedObject(obj)) context.encoded = true;
    }
    return context;
  }
  if (isBinaryExpression(parent) && parent.right === expr) {
    const op = parent.operatorToken.kind;
    if (op === SyntaxKind.EqualsToken || op === SyntaxKind.BarBarEqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken) {
      const name = targetName(parent.left);
      return { names: [name, fallbackName], fallback: fallback || op !== SyntaxKind.EqualsToken };
    }
  }
  if (isJsxAttribute(parent) || (isJsxExpression(parent) && isJsxAttribute(parent.parent))) {
    const attr = isJsxAttribute(parent) ? parent : (parent.parent as ts.JsxAttribute);
    return { names: [staticName(attr.name)], fallback };
  }
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.expression !== expr) {
    const context = argumentContext(parent, expr);
    return fallback ? { ...context, fallback } : context;
  }
  return { names: fallback ? [fallbackName] : [], fallback };
}

/** Callees whose literal arguments can be credentials (see `argumentContext`), besides password setters. */
const CREDENTIAL_CALLEES: ReadonlySet<string> = new Set([
  'setHeader', 'set', 'append', 'header', 'setRequestHeader', 'addHeader',
  'btoa', 'from', 'encode',
  'hash', 'hashSync', 'hashPassword', 'encrypt',
  'sign', 'verify', 'decode', 'createHmac',
  'Sequelize', 'WSSecurity', 'BasicAuthSecurity', 'auth', 'bind',
  'get', 'getOrDefault', 'getString', 'getEnv', 'str', 'env',
  'useState',
]);

/** The state's name of `const [name, setName] = useState(…)`; undefined for any other use of the call. */
function stateName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const declaration = call.parent;
  if (!isVariableDeclaration(declaration) || declaration.initializer !== call || !isArrayBindingPattern(declaration.name)) return undefined;
  const first = declaration.name.elements[0];
  return first && isBindingElement(first) && isIdentifier(first.name) ? first.name.text : undefined;
}

/** What a literal argument is, from the call it is passed to. */
function argumentContext(call: ts.CallExpression | ts.NewExpression, arg: ts.Expression): ValueContext {
  const args = call.arguments ?? EMPTY_ARGS;
  const index = args.indexOf(arg);
  if (index < 0) return { names: [] };
  // Most literal arguments go to loggers, routers and HTTP clients: decide on the callee's last name
  // before building its chain.
  const callee = skipOuterExpressions(call.expression);
  const lastName = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (lastName === undefined || (!CREDENTIAL_CALLEES.has(lastName) && !isPasswordSetter(lastName))) return { names: [] };
  // `request.post(url).auth(...)`: a chain through a call result has no full name, but its last name still counts.
  const chain = calleeChain(callee) ?? [lastName];
  const last = lastName;
  const literalArg = (i: number): string | undefined => {
    const a = args[i] && skipOuterExpressions(args[i]);
    return a && isStringLiteralLike(a) ? a.text : undefined;
  };
  // res.setHeader('Authorization', 'Basic …'), headers.set(...), axios.defaults.headers.common[...] handled as assignment.
  if (index === 1 && /^(setHeader|set|append|header|setRequestHeader|addHeader)$/.test(last)) {
    const name = literalArg(0);
    return name ? { names: [name] } : { names: [] };
  }
  // React state: `const [password, setPassword] = useState('123456')` names the value by the state's name
  // (a login screen that ships filled in).
  if (last === 'useState') return index === 0 ? { names: [stateName(call)] } : { names: [] };
  if (isCallExpression(call) && index === 0 && isBase64Encoding(call)) return { names: [], encoded: true };
  if (isCallExpression(call) && isPasswordHash(chain) && index === 0) return { names: [], positionalKind: 'password', label: 'password', account: true };
  // Config getters with a default: NestJS `config.get('DB_PASSWORD', 'postgres')`, envalid-style `env.str('JWT_SECRET', 'secret')`.
  if (index === 1 && /^(get|getOrDefault|getString|getEnv|str|env)$/.test(last)) {
    const key = literalArg(0);
    return key !== undefined && isVariableName(key) ? { names: [key], fallback: true } : { names: [] };
  }
  // resetPassword(user, 'Abc@123'): the password follows the account; a lone argument is the password.
  if (isPasswordSetter(last) && (index > 0 || args.length === 1)) return { names: [], positionalKind: 'password', label: last, account: true, userValue: index > 0 ? literalArg(0) : undefined };
  // jwt.sign(payload, 'secret'), jwt.verify(token, 'secret'), crypto.createHmac('sha256', 'key')
  if (index === 1 && (/^(sign|verify|decode)$/.test(last) && chain.length > 1 && /jwt|jsonwebtoken|jose/i.test(chain[0]))) return { names: [], positionalKind: 'secret', label: 'JWT secret' };
  if (index === 1 && last === 'createHmac') return { names: [], positionalKind: 'secret', label: 'HMAC key' };
  // new Sequelize('db', 'user', 'password', {...}); superagent .auth('user', 'password')
  if (isNewExpression(call) && last === 'Sequelize' && index === 2) return { names: [], positionalKind: 'password', label: 'Sequelize password', userValue: literalArg(1) };
  // node-soap: new soap.WSSecurity('user', 'password'), new soap.BasicAuthSecurity('user', 'password') — SOAP gateways of the population DB
  if (isNewExpression(call) && (last === 'WSSecurity' || last === 'BasicAuthSecurity') && index === 1) return { names: [], positionalKind: 'password', label: `${last} password`, userValue: literalArg(0) };
  if (last === 'auth' && index === 1 && args.length >= 2) return { names: [], positionalKind: 'password', label: 'auth password', userValue: literalArg(0) };
  // redis.auth('…'): a lone argument to a client's auth. Not `auth('admin')`, a role middleware.
  if (last === 'auth' && index === 0 && args.length === 1 && chain.length >= 2 && /redis|client|conn|cache/i.test(chain[chain.length - 2])) {
    return { names: [], positionalKind: 'password', label: `${chain[chain.length - 2]}.auth` };
  }
  // ldapjs client.bind('cn=admin,dc=…', '…'): the second argument of a bind whose first is a DN or a login,
  // never Function.prototype.bind(thisArg, ...).
  if (last === 'bind' && index === 1) {
    const dn = literalArg(0);
    if (dn !== undefined && /^(cn|uid|ou)=|@|\\/i.test(dn)) return { names: [], positionalKind: 'password', label: 'LDAP bind password', userValue: dn };
  }
  return { names: [] };
}
