import ts from 'typescript';
import {
  classifyCall,
  clientOrigin,
  credentials,
  defineRule,
  describeChain,
  displayUrl,
  findLocalDeclaration,
  isPopulationDbPartial,
  isPopulationDbUrl,
  partialUrl,
  skipOuterExpressions,
  type ConfigEntry,
  type FileIndex,
  type ProjectModel,
} from '@popdb-guard/core';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  NodeFlags, SyntaxKind, forEachChild, isArrayLiteralExpression, isArrowFunction, isAsExpression, isAwaitExpression,
  isBinaryExpression, isBlock, isCallExpression, isClassLike, isConditionalExpression, isElementAccessExpression, isEmptyStatement,
  isExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isNewExpression, isNoSubstitutionTemplateLiteral,
  isNonNullExpression, isNumericLiteral, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression,
  isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isSatisfiesExpression, isShorthandPropertyAssignment,
  isSpreadAssignment, isStringLiteral, isVariableDeclaration, isVariableDeclarationList, isVoidExpression,
} = ts;

export type MessageIds = 'tlsVerificationDisabled' | 'tlsVerificationDisabledForPopulationDb' | 'processWideTlsVerificationDisabled';

/**
 * Provincial LGSP gateways often serve self-signed or internal-CA
 * certificates, and the usual "fix" is to turn certificate verification off —
 * which lets anyone on the path read and alter the citizen data in the
 * connection. The official letters require protected connections and
 * Circular 46/2022/TT-BCA art. 6 information-security level 3 for connecting
 * systems. Only literal settings are reported: a value read from config
 * (`rejectUnauthorized: config.tlsVerify`) is the deployment's decision, and
 * the config file is checked where it is written.
 */

/** Options whose literal `false` turns certificate verification off (node tls/https, axios/got/undici agents, node-soap, request). */
const VERIFY_OPTIONS = new Set(['rejectUnauthorized', 'strictSSL']);
const NODE_TLS_ENV = 'NODE_TLS_REJECT_UNAUTHORIZED';
/** Properties of request/agent options that name where the connection goes. */
const URL_KEYS = new Set(['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'wsdl', 'wsdlUrl', 'endpoint', 'origin']);
/** Server-side TLS: `rejectUnauthorized: false` next to `requestCert` makes client certificates optional, it does not stop verifying a gateway. */
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer', 'Server']);
/** `KEY=0` at the start of a shell command (package.json scripts, compose `command:`), not in a sentence that mentions it. */
const SHELL_ASSIGNMENT = /(?:^|[;&|(]\s*|\b(?:export|env|cross-env|set)\s+)(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(NODE_TLS_REJECT_UNAUTHORIZED=(["']?)0\2)(?![\w.])/;

const propertyName = (name: ts.PropertyName | undefined): string | undefined =>
  name && (isIdentifier(name) || isStringLiteral(name) || isNoSubstitutionTemplateLiteral(name)) ? name.text : undefined;

/** A module-level or local `const` of the file. */
function declarationOf(file: FileIndex, id: ts.Identifier): ts.VariableDeclaration | undefined {
  const local = findLocalDeclaration(id);
  if (local) return isVariableDeclaration(local) ? local : undefined;
  const top = file.declarations.get(id.text);
  return top && isVariableDeclaration(top) ? top : undefined;
}

/** `false`, or a `const` whose value is `false` (`const VERIFY_TLS = false`). */
function isLiteralFalse(file: FileIndex, expr: ts.Expression): boolean {
  const e = skipOuterExpressions(expr);
  if (e.kind === SyntaxKind.FalseKeyword) return true;
  if (!isIdentifier(e)) return false;
  const decl = declarationOf(file, e);
  return !!decl?.initializer && isVariableDeclarationList(decl.parent) && (decl.parent.flags & NodeFlags.Const) !== 0 && skipOuterExpressions(decl.initializer).kind === SyntaxKind.FalseKeyword;
}

/** `'0'` or `0`: Node turns verification off only for the string "0" (a number assigned to process.env becomes "0"). */
function isZero(expr: ts.Expression): boolean {
  const e = skipOuterExpressions(expr);
  return (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isNumericLiteral(e)) && e.text === '0';
}

/** A function that accepts every certificate: returns nothing, `undefined` or `null`, and never throws or returns an error. */
function isNoOpIdentityCheck(file: FileIndex, expr: ts.Expression): boolean {
  let e: ts.Node = skipOuterExpressions(expr);
  if (isIdentifier(e)) {
    const decl = declarationOf(file, e);
    const fn = decl?.initializer ?? file.declarations.get(e.text);
    if (!fn) return false;
    e = isExpression(fn) ? skipOuterExpressions(fn) : fn;
  }
  if (!(isArrowFunction(e) || isFunctionExpression(e) || isFunctionDeclaration(e)) || !e.body) return false;
  const empty = (x: ts.Expression | undefined) => {
    if (!x) return true;
    const v = skipOuterExpressions(x);
    return v.kind === SyntaxKind.NullKeyword || (isIdentifier(v) && v.text === 'undefined') || isVoidExpression(v);
  };
  if (!isBlock(e.body)) return empty(e.body);
  return e.body.statements.every((s) => isEmptyStatement(s) || (isReturnStatement(s) && empty(s.expression)));
}

/** Is a string expression a population-DB URL? */
function isPopulationDbExpression(model: ProjectModel, file: FileIndex, expr: ts.Expression): string | undefined {
  const parts = model.evaluateString(file, expr);
  return isPopulationDbPartial(partialUrl(parts, model.policy), model.policy) ? displayUrl(parts) : undefined;
}

/**
 * The population-DB connection that visibly uses the options holding `node`:
 * a query site they are passed to, a URL next to them (`baseURL`, the WSDL),
 * a SOAP client whose WSDL is the population DB, or — for an agent kept in a
 * constant — any of those where the constant is used in the same file.
 */
function populationDbTarget(model: ProjectModel, file: FileIndex, node: ts.Node, seen = new Set<ts.Node>()): string | undefined {
  let n = node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (isObjectLiteralExpression(p)) {
      for (const prop of p.properties) {
        const key = propertyName(prop.name);
        if (key && URL_KEYS.has(key) && isPropertyAssignment(prop)) {
          const url = isPopulationDbExpression(model, file, prop.initializer);
          if (url) return url;
        }
      }
      continue;
    }
    if (isPropertyAssignment(p) || isShorthandPropertyAssignment(p) || isSpreadAssignment(p) || isParenthesizedExpression(p) || isAsExpression(p) || isSatisfiesExpression(p) || isNonNullExpression(p) || isConditionalExpression(p) || isArrayLiteralExpression(p) || isAwaitExpression(p)) continue;
    if (isNewExpression(p) && p.arguments?.includes(n as ts.Expression)) continue;
    if (isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
      const site = classifyCall(model, file, p);
      if (site) return site.endpoint ? displayUrl(site.endpoint.parts) : describeChain(site);
      for (const arg of p.arguments) {
        if (arg === n) continue;
        const url = isPopulationDbExpression(model, file, arg);
        if (url) return url;
      }
      // `client.setSecurity(new soap.ClientSSLSecurity(key, cert, { rejectUnauthorized: false }))` on a population-DB SOAP client
      const callee = skipOuterExpressions(p.expression);
      if (isPropertyAccessExpression(callee)) {
        const origin = clientOrigin(model, file, callee.expression);
        if (origin?.kind === 'instance' && origin.base) {
          const url = isPopulationDbExpression(model, origin.base.file, origin.base.expr);
          if (url) return url;
        }
      }
      return undefined;
    }
    if (isVariableDeclaration(p) && p.initializer === n && isIdentifier(p.name)) {
      if (seen.has(p)) return undefined;
      seen.add(p);
      return referencesOf(file, p).map((ref) => populationDbTarget(model, file, ref, seen)).find((x) => x !== undefined);
    }
    // NestJS services keep the agent in a field: `private readonly agent = new https.Agent(...)`, then `{ httpsAgent: this.agent }`
    if (isPropertyDeclaration(p) && p.initializer === n && isIdentifier(p.name) && isClassLike(p.parent)) {
      if (seen.has(p)) return undefined;
      seen.add(p);
      return thisReferencesOf(p.parent, p.name.text).map((ref) => populationDbTarget(model, file, ref, seen)).find((x) => x !== undefined);
    }
    if (isBinaryExpression(p) && p.operatorToken.kind === SyntaxKind.EqualsToken && p.right === n) {
      // `dancuApi.defaults.httpsAgent = agent` on an instance whose base is the population DB
      for (let target = skipOuterExpressions(p.left); isPropertyAccessExpression(target); target = skipOuterExpressions(target.expression)) {
        const origin = clientOrigin(model, file, target.expression);
        if (origin?.kind === 'instance' && origin.base) return isPopulationDbExpression(model, origin.base.file, origin.base.expr);
      }
    }
    return undefined;
  }
  return undefined;
}

/** Identifiers in the file that refer to a variable declaration. */
function referencesOf(file: FileIndex, decl: ts.VariableDeclaration): ts.Identifier[] {
  const name = (decl.name as ts.Identifier).text;
  const refs: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (isIdentifier(node) && node.text === name && node !== decl.name && !(isPropertyAccessExpression(node.parent) && node.parent.name === node) && !(isPropertyAssignment(node.parent) && node.parent.name === node)) {
      if (declarationOf(file, node) === decl) refs.push(node);
    }
    forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return refs;
}

/** `this.<name>` inside a class (its methods and field initializers). */
function thisReferencesOf(cls: ts.ClassLikeDeclaration, name: string): ts.PropertyAccessExpression[] {
  const refs: ts.PropertyAccessExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (isPropertyAccessExpression(node) && node.name.text === name && node.expression.kind === SyntaxKind.ThisKeyword) refs.push(node);
    // a nested class has its own `this`
    if (node !== cls && isClassLike(node)) return;
    forEachChild(node, visit);
  };
  visit(cls);
  return refs;
}

/** `https.createServer({ requestCert: true, rejectUnauthorized: false })`: the server side, about client certificates. */
function isServerOptions(object: ts.ObjectLiteralExpression): boolean {
  if (object.properties.some((p) => propertyName(p.name) === 'requestCert')) return true;
  const parent = object.parent;
  if (!(isCallExpression(parent) || isNewExpression(parent))) return false;
  const callee = skipOuterExpressions(parent.expression);
  const name = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : '';
  return SERVER_FACTORIES.has(name);
}

/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED` / `process.env['NODE_TLS_REJECT_UNAUTHORIZED']`. */
function isNodeTlsEnv(expr: ts.Expression): boolean {
  const e = skipOuterExpressions(expr);
  const name = isPropertyAccessExpression(e) ? e.name.text : isElementAccessExpression(e) && isStringLiteral(e.argumentExpression) ? e.argumentExpression.text : undefined;
  if (name !== NODE_TLS_ENV) return false;
  const env = skipOuterExpressions((e as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  return isPropertyAccessExpression(env) && env.name.text === 'env' && isIdentifier(env.expression) && env.expression.text === 'process';
}

/** Entries of the same object (or the objects around it, below the document root) that hold a population-DB URL. */
function configPopulationDbUrl(entries: readonly ConfigEntry[], entry: ConfigEntry, isPopulationDb: (e: ConfigEntry) => boolean): string | undefined {
  const minDepth = entry.path.length > 1 ? 1 : 0;
  for (let depth = entry.path.length - 1; depth >= minDepth; depth--) {
    const prefix = entry.path.slice(0, depth);
    const hit = entries.find((e) => e !== entry && e.path.length > depth && prefix.every((k, i) => e.path[i] === k) && isPopulationDb(e));
    if (hit) return hit.value ?? undefined;
  }
  return undefined;
}

export default defineRule<MessageIds>({
  meta: {
    name: 'no-tls-verification-disabled',
    type: 'problem',
    description: {
      vi: 'Cấm tắt kiểm tra chứng chỉ TLS (rejectUnauthorized: false, strictSSL: false, NODE_TLS_REJECT_UNAUTHORIZED=0, checkServerIdentity không kiểm tra gì) trong mã nguồn và tệp cấu hình',
      en: 'Disallow turning TLS certificate verification off (rejectUnauthorized: false, strictSSL: false, NODE_TLS_REJECT_UNAUTHORIZED=0, a no-op checkServerIdentity) in source and config files',
    },
    messages: {
      tlsVerificationDisabled: {
        vi: '{{option}} tắt kiểm tra chứng chỉ TLS: kết nối (và dữ liệu công dân trong đó) có thể bị nghe lén, sửa đổi. Hãy giữ kiểm tra và tin cậy CA của cổng kết nối bằng `ca:` hoặc NODE_EXTRA_CA_CERTS (Thông tư 46/2022/TT-BCA, Điều 6).',
        en: '{{option}} turns TLS certificate verification off: the connection (and the citizen data in it) can be intercepted. Keep verification on and trust the gateway\'s CA with `ca:` or NODE_EXTRA_CA_CERTS (Circular 46/2022/TT-BCA art. 6).',
      },
      tlsVerificationDisabledForPopulationDb: {
        vi: '{{option}} tắt kiểm tra chứng chỉ TLS của kết nối tới CSDLQG về dân cư ({{target}}): kết nối phải được bảo vệ. Hãy cài chứng chỉ CA của trục LGSP/cổng kết nối bằng `ca:` hoặc NODE_EXTRA_CA_CERTS thay vì tắt kiểm tra (Thông tư 46/2022/TT-BCA, Điều 6; Công văn 5722/TCTTKĐA).',
        en: '{{option}} turns TLS certificate verification off for a population-DB connection ({{target}}): the connection must be protected. Install the LGSP gateway\'s CA with `ca:` or NODE_EXTRA_CA_CERTS instead (Circular 46/2022/TT-BCA art. 6; Official letter 5722/TCTTKDA).',
      },
      processWideTlsVerificationDisabled: {
        vi: '{{option}} tắt kiểm tra chứng chỉ TLS cho mọi kết nối của tiến trình, kể cả kết nối tới CSDLQG về dân cư. Hãy bỏ thiết lập này và chỉ định CA của cổng kết nối bằng NODE_EXTRA_CA_CERTS=/đường/dẫn/ca.pem (Thông tư 46/2022/TT-BCA, Điều 6).',
        en: '{{option}} turns TLS certificate verification off for every connection of the process, population-DB ones included. Remove it and point NODE_EXTRA_CA_CERTS at the gateway\'s CA file instead (Circular 46/2022/TT-BCA art. 6).',
      },
    },
    legal: ['tt46art6', 'cv5722'],
    defaultSeverity: 'error',
    recommended: true,
    forceErrorMessages: ['tlsVerificationDisabledForPopulationDb'],
    languages: ['source', 'config'],
    testCode: 'none', // tests talk to local mocks with self-signed certificates
  },

  checkSource(ctx) {
    // test fixtures the policy allows (credentials.allowInFiles) talk to local mocks with self-signed certificates
    if (credentials.isCredentialAllowedFile(ctx.policy, ctx.fileName)) return;
    // most files never mention TLS: skip them before building the project model
    if (!/rejectUnauthorized|strictSSL|checkServerIdentity|NODE_TLS_REJECT_UNAUTHORIZED/.test(ctx.text)) return;
    const model = ctx.project;
    const file = model.fileIndex(ctx.fileName, ctx.text, ctx.sourceFile);
    if (!file) return;
    const sf = file.sourceFile;
    const reportOption = (node: ts.Node, option: string): void => {
      const target = populationDbTarget(model, file, node);
      const start = node.getStart(sf);
      if (target) ctx.report({ messageId: 'tlsVerificationDisabledForPopulationDb', data: { option, target }, start, end: node.getEnd() });
      else ctx.report({ messageId: 'tlsVerificationDisabled', data: { option }, start, end: node.getEnd() });
    };
    const reportProcessWide = (node: ts.Node, option: string): void => {
      ctx.report({ messageId: 'processWideTlsVerificationDisabled', data: { option }, start: node.getStart(sf), end: node.getEnd() });
    };

    const visit = (node: ts.Node): void => {
      if (isPropertyAssignment(node) || isShorthandPropertyAssignment(node)) {
        const key = propertyName(node.name);
        const value = isPropertyAssignment(node) ? node.initializer : node.name;
        if (key && VERIFY_OPTIONS.has(key) && isLiteralFalse(file, value) && !isServerOptions(node.parent as ts.ObjectLiteralExpression)) reportOption(node, `${key}: false`);
        else if (key === 'checkServerIdentity' && isNoOpIdentityCheck(file, value)) reportOption(node, 'checkServerIdentity: () => undefined');
        // `spawn(cmd, args, { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } })`, `Object.assign(process.env, {...})`
        else if (key === NODE_TLS_ENV && isZero(value)) reportProcessWide(node, `${NODE_TLS_ENV}=0`);
      } else if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken) {
        const left = skipOuterExpressions(node.left);
        if (isNodeTlsEnv(left) && isZero(node.right)) reportProcessWide(node, `${NODE_TLS_ENV}=0`);
        else if (isPropertyAccessExpression(left) && VERIFY_OPTIONS.has(left.name.text) && isLiteralFalse(file, node.right)) {
          // `https.globalAgent.options.rejectUnauthorized = false` changes the default of every https request
          const global = /\bglobalAgent\b/.test(left.expression.getText(sf));
          if (global) reportProcessWide(node, `${left.getText(sf)} = false`);
          else reportOption(node, `${left.name.text} = false`);
        }
      }
      forEachChild(node, visit);
    };
    visit(sf);
  },

  checkConfig(ctx) {
    if (credentials.isCredentialAllowedFile(ctx.policy, ctx.fileName)) return;
    const { policy } = ctx;
    const entries = ctx.document.entries;
    const isPopulationDb = (e: ConfigEntry) => !!e.value && (policy.populationDb.envEndpoints.includes(e.key) || isPopulationDbUrl(e.value, policy));
    const report = (messageId: MessageIds, option: string, start: number, end: number, target?: string) =>
      ctx.report({ messageId, data: target ? { option, target } : { option }, start, end });
    const translations = ctx.document.kind !== 'env' && credentials.isTranslationFile(ctx.fileName);

    for (const entry of entries) {
      const value = entry.value?.trim();
      if (value === undefined) continue;
      // `.env`, compose `environment:` maps, GitHub Actions `env:`
      if (entry.key === NODE_TLS_ENV && value === '0') {
        report('processWideTlsVerificationDisabled', `${NODE_TLS_ENV}=0`, entry.valueStart, entry.valueEnd);
        continue;
      }
      // Kubernetes `env: [{ name: NODE_TLS_REJECT_UNAUTHORIZED, value: "0" }]`
      if (entry.key === 'value' && value === '0') {
        const parent = entry.path.slice(0, -1);
        const named = entries.some((e) => e.key === 'name' && e.value === NODE_TLS_ENV && e.path.length === entry.path.length && parent.every((k, i) => e.path[i] === k));
        if (named) {
          report('processWideTlsVerificationDisabled', `${NODE_TLS_ENV}=0`, entry.valueStart, entry.valueEnd);
          continue;
        }
      }
      // compose `environment: [- NODE_TLS_REJECT_UNAUTHORIZED=0]`, package.json scripts, compose `command:`; not UI text that mentions it
      if (!translations && ctx.document.kind !== 'env') {
        const m = SHELL_ASSIGNMENT.exec(entry.value!);
        if (m) {
          const at = entry.valueStart + m.index + m[0].length - m[1].length;
          report('processWideTlsVerificationDisabled', `${NODE_TLS_ENV}=0`, at, at + m[1].length);
          continue;
        }
      }
      // `"https": { "rejectUnauthorized": false }` in config/production.json or a Helm values file
      if (ctx.document.kind !== 'env' && VERIFY_OPTIONS.has(entry.key) && value === 'false') {
        const target = configPopulationDbUrl(entries, entry, isPopulationDb);
        if (target) report('tlsVerificationDisabledForPopulationDb', `${entry.key}: false`, entry.valueStart, entry.valueEnd, target);
        else report('tlsVerificationDisabled', `${entry.key}: false`, entry.valueStart, entry.valueEnd);
      }
    }
  },
});
