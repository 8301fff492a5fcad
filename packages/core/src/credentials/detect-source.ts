/**
 * Credentials in JS/TS source: one walk of the TypeScript AST. Every string
 * literal (and the static head of a template) is a candidate; its context —
 * the name it is bound to, the call it is passed to, the object it sits in —
 * is read from its parents, a few steps up at most.
 */
import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { classifyName, isAuthorizationName, isUserName } from './names';
import { classifyValue, toFinding, type ClassifyOptions, type CredentialFinding, type ValueContext, type ValueDecision } from './classify';

type StringLike = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;

export function detectSourceCredentials(sourceFile: ts.SourceFile, options: ClassifyOptions): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  const text = sourceFile.text;

  const visit = (node: ts.Node): void => {
    // Type annotations and literal types (`type Mode = 'password' | 'otp'`) never hold a value;
    // module specifiers are paths.
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      checkLiteral(node);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      // `postgres://admin:S3cret@${host}/db`: only the static head can hold a literal password.
      checkTemplateHead(node);
    }
    ts.forEachChild(node, visit);
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
    if (d && (d.messageId === 'connectionStringPassword' || d.rule === 'no-default-credentials')) {
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
    const end = ts.isTemplateHead(node) ? node.end - 2 : node.end;
    const whole = { ...toFinding(d, start), start, end };
    if (d.start === 0 && d.end === node.text.length) return whole;
    return text.slice(start + 1, start + 1 + node.text.length) === node.text ? toFinding(d, start + 1) : whole;
  };

  visit(sourceFile);
  return findings;
}

/** Property names, element-access keys, `case` labels, `require()` paths: positions where a string is a name, not a value. */
function isNonValuePosition(node: StringLike): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) return true;
  if (ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(parent.expression) && parent.expression.text === 'require'))) return true;
  return false;
}

/** The text of a property or binding name, when it is static. */
function staticName(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  if (ts.isJsxNamespacedName(name)) return name.name.text;
  return undefined;
}

/** The last name of an assignment target: `this.lgsp.secretKey` → "secretKey". */
function targetName(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  return undefined;
}

/**
 * The name a fallback falls back from: `process.env.DB_PASS || 'x'` → "DB_PASS",
 * `config.get('lgsp.secretKey') ?? 'x'` → "lgsp.secretKey", `opts.password || 'x'` → "password".
 */
function fallbackSourceName(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (ts.isCallExpression(e)) {
    const arg = e.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
    return undefined;
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return fallbackSourceName(e.right) ?? fallbackSourceName(e.left);
  }
  return targetName(e);
}

const ACCOUNT_VERBS: ReadonlySet<string> = new Set([
  'create', 'insert', 'insertone', 'insertmany', 'save', 'register', 'signup', 'add', 'upsert', 'update', 'updateone', 'updatemany',
  'findoneandupdate', 'findbyidandupdate', 'build', 'bulkcreate', 'createmany', 'values', 'set', 'merge',
]);
/** Segments that name an account store: `User.create`, `prisma.user.create`, `userRepository.save`, `taiKhoanService.them`. */
const ACCOUNT_SEGMENT = /user|account|taikhoan|tai_khoan|nguoidung|canbo|member|admin/i;

function isAccountCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const chain = calleeChain(call.expression);
  if (!chain) return false;
  const last = chain[chain.length - 1];
  if (ts.isNewExpression(call)) return ACCOUNT_SEGMENT.test(last);
  if (/^(create|register|add|new|seed|insert|tao|them)_?(user|account|taikhoan|nguoidung|admin|member|canbo)/i.test(last) || /^sign_?up$/i.test(last)) return true;
  return ACCOUNT_VERBS.has(last.toLowerCase()) && chain.slice(0, -1).some((s) => ACCOUNT_SEGMENT.test(s));
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
    if (ts.isPropertyAccessExpression(access) && access.name.text === 'toString' && ts.isCallExpression(access.parent)) {
      const arg = access.parent.arguments[0];
      return arg !== undefined && ts.isStringLiteralLike(arg) && /^base64(url)?$/.test(arg.text);
    }
  }
  return false;
}

/** Is this object literal the one being encoded in `btoa(JSON.stringify({...}))` / `Buffer.from(JSON.stringify({...})).toString('base64')`? */
function isEncodedObject(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const stringify = node.parent;
  if (!ts.isCallExpression(stringify)) return false;
  const chain = calleeChain(stringify.expression);
  if (!chain || chain.join('.') !== 'JSON.stringify') return false;
  let outer: ts.Node = stringify;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  return ts.isCallExpression(outer.parent) && isBase64Encoding(outer.parent);
}

/** Does another property of the object hold its own key as value (a key mirror)? */
function isMirrorObject(obj: ts.ObjectLiteralExpression): boolean {
  let mirrored = 0;
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer) && p.initializer.text === staticName(p.name)) mirrored++;
    if (mirrored >= 2) return true;
  }
  return false;
}

/** A literal user name among the object's properties. */
function siblingUserValue(obj: ts.ObjectLiteralExpression): string | undefined {
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const n = staticName(p.name);
    const init = skipOuterExpressions(p.initializer);
    if (n && isUserName(n) && ts.isStringLiteralLike(init)) return init.text;
  }
  return undefined;
}

/** The call that receives this object as data for an account (`User.create({...})`, `prisma.user.create({ data: {...} })`, `insertMany([{...}])`). */
function accountCallOf(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  for (let steps = 0; steps < 4; steps++) {
    const parent = node.parent;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.expression !== node && isAccountCall(parent);
    if (ts.isPropertyAssignment(parent) && parent.initializer === node && ts.isObjectLiteralExpression(parent.parent)) {
      const n = staticName(parent.name);
      if (!n || !/^(data|values|attributes|user|account|create|update|\$set|set|payload|body)$/i.test(n)) return false;
      node = parent.parent;
      continue;
    }
    if (ts.isArrayLiteralExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) {
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
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isConditionalExpression(parent) && parent.condition !== node) {
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      fallback = true;
      fallbackName ??= fallbackSourceName(parent.left);
      node = parent;
      continue;
    }
    break;
  }
  const parent: ts.Node = node.parent;
  const expr = node as ts.Expression;

  if (ts.isVariableDeclaration(parent) && parent.initializer === expr) {
    return { names: [staticName(parent.name), fallbackName], fallback };
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === expr) {
    return { names: [staticName(parent.name), fallbackName], fallback };
  }
  if ((ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.initializer === expr) {
    const name = ts.isBindingElement(parent) ? staticName(parent.propertyName) ?? staticName(parent.name) : staticName(parent.name);
    return { names: [name, fallbackName], fallback: true };
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === expr && ts.isObjectLiteralExpression(parent.parent)) {
    const name = staticName(parent.name);
    const obj = parent.parent;
    // `{ password: 'password', email: 'email' }` maps keys to themselves (field names, kinds), unlike a lone `password: 'password'`.
    if (name !== undefined && ts.isStringLiteralLike(literal) && literal.text === name && isMirrorObject(obj)) return { names: [] };
    const cls = name ? classifyName(name, options.credentialWords) : undefined;
    const context: ValueContext = { names: [name, fallbackName], fallback };
    // Only a password-ish property needs its surroundings; most properties stop here.
    if (cls || (fallbackName && classifyName(fallbackName, options.credentialWords))) {
      context.userValue = siblingUserValue(obj);
      if (cls?.kind === 'password' && !fallback && accountCallOf(obj)) context.account = true;
      if (isEncodedObject(obj)) context.encoded = true;
    }
    const holder = obj.parent;
    if (ts.isPropertyAssignment(holder) && /^headers$/i.test(staticName(holder.name) ?? '')) context.header = true;
    return context;
  }
  if (ts.isBinaryExpression(parent) && parent.right === expr) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken) {
      const name = targetName(parent.left);
      const header = ts.isElementAccessExpression(skipOuterExpressions(parent.left)) && name !== undefined && isAuthorizationName(name);
      return { names: [name, fallbackName], fallback: fallback || op !== ts.SyntaxKind.EqualsToken, header };
    }
  }
  if (ts.isJsxAttribute(parent) || (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent))) {
    const attr = ts.isJsxAttribute(parent) ? parent : (parent.parent as ts.JsxAttribute);
    return { names: [staticName(attr.name)], fallback };
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== expr) {
    return { ...argumentContext(parent, expr), fallback: fallback || undefined };
  }
  return { names: fallback ? [fallbackName] : [], fallback };
}

/** What a literal argument is, from the call it is passed to. */
function argumentContext(call: ts.CallExpression | ts.NewExpression, arg: ts.Expression): ValueContext {
  const args = call.arguments ?? ts.factory.createNodeArray();
  const index = args.indexOf(arg);
  // `request.post(url).auth(...)`: a chain through a call result has no full name, but its last name still counts.
  const callee = skipOuterExpressions(call.expression);
  const chain = calleeChain(callee) ?? (ts.isPropertyAccessExpression(callee) ? [callee.name.text] : undefined);
  if (!chain || index < 0) return { names: [] };
  const last = chain[chain.length - 1];
  const literalArg = (i: number): string | undefined => {
    const a = args[i] && skipOuterExpressions(args[i]);
    return a && ts.isStringLiteralLike(a) ? a.text : undefined;
  };
  // res.setHeader('Authorization', 'Basic …'), headers.set(...), axios.defaults.headers.common[...] handled as assignment.
  if (index === 1 && /^(setHeader|set|append|header|setRequestHeader|addHeader)$/.test(last)) {
    const name = literalArg(0);
    return name ? { names: [name], header: true } : { names: [] };
  }
  if (ts.isCallExpression(call) && index === 0 && isBase64Encoding(call)) return { names: [], encoded: true };
  if (ts.isCallExpression(call) && isPasswordHash(chain) && index === 0) return { names: [], positionalKind: 'password', label: 'password', account: true };
  // resetPassword(user, 'Abc@123'): the password follows the account; a lone argument is the password.
  if (isPasswordSetter(last) && (index > 0 || args.length === 1)) return { names: [], positionalKind: 'password', label: last, account: true, userValue: index > 0 ? literalArg(0) : undefined };
  // jwt.sign(payload, 'secret'), jwt.verify(token, 'secret'), crypto.createHmac('sha256', 'key')
  if (index === 1 && (/^(sign|verify|decode)$/.test(last) && chain.length > 1 && /jwt|jsonwebtoken|jose/i.test(chain[0]))) return { names: [], positionalKind: 'secret', label: 'JWT secret' };
  if (index === 1 && last === 'createHmac') return { names: [], positionalKind: 'secret', label: 'HMAC key' };
  // new Sequelize('db', 'user', 'password', {...}); superagent .auth('user', 'password')
  if (ts.isNewExpression(call) && last === 'Sequelize' && index === 2) return { names: [], positionalKind: 'password', label: 'Sequelize password', userValue: literalArg(1) };
  if (last === 'auth' && index === 1 && args.length >= 2) return { names: [], positionalKind: 'password', label: 'auth password', userValue: literalArg(0) };
  return { names: [] };
}
