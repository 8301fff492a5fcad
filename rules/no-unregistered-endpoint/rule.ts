import ts from 'typescript';
import {
  calleeChain,
  canBeginUrl,
  classifyEndpoint,
  classifyPartial,
  defineRule,
  displayUrl,
  findQuerySites,
  isPopulationDbPartial,
  isPopulationDbUrl,
  isUserInput,
  isXmlNamespace,
  looksLikeUrl,
  partialUrl,
  skipOuterExpressions,
  taint,
  type EndpointStatus,
  type FileIndex,
  type ProjectModel,
  type QuerySite,
  type StringPart,
} from '@popdb-guard/core';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, isAsExpression, isBinaryExpression, isCallExpression, isConditionalExpression, isExportDeclaration, isExpression,
  isExternalModuleReference, isIdentifier, isImportDeclaration, isJsxAttribute, isJsxExpression, isLiteralTypeNode, isNewExpression,
  isArrayLiteralExpression, isNoSubstitutionTemplateLiteral, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression,
  isNonNullExpression, isPropertyAssignment, isPropertyDeclaration, isSatisfiesExpression, isShorthandPropertyAssignment, isStringLiteral,
  isTemplateExpression, isTemplateSpan,
} = ts;

export type MessageIds = 'unregistered' | 'insecure' | 'fromUserInput';

const NAMESPACE_KEY = /^(xmlns(:.*)?|targetNamespace|namespace|ns|nsUri|xmlNamespace)$/i;
const URL_NAME = /(url|uri|endpoint|host|link|domain|wsdl)$/i;

/** Constructs whose operands are parts of one string: only the outermost is evaluated and reported. */
function isStringPartOfParent(node: ts.Node): boolean {
  const parent = node.parent;
  if (isTemplateSpan(parent)) return true;
  if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.PlusToken) return true;
  if (isParenthesizedExpression(parent) || isAsExpression(parent)) return isStringPartOfParent(parent);
  if (isNewExpression(parent) && isIdentifier(parent.expression) && parent.expression.text === 'URL') return true;
  return false;
}

function isStringExpression(node: ts.Node): node is ts.Expression {
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node) || isTemplateExpression(node)) return true;
  if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.PlusToken) return true;
  return isNewExpression(node) && isIdentifier(node.expression) && node.expression.text === 'URL';
}

/** A literal that names an XML namespace (`xmlns: 'http://…/dancu/1.0'`) or a module, type or key, not a connection. */
function isNonConnectionPosition(node: ts.Node): boolean {
  const parent = node.parent;
  if (isImportDeclaration(parent) || isExportDeclaration(parent) || isExternalModuleReference(parent) || isLiteralTypeNode(parent)) return true;
  if ((isPropertyAssignment(parent) || isPropertyDeclaration(parent)) && parent.name === node) return true;
  if (isPropertyAssignment(parent) && parent.initializer === node) {
    const key = parent.name && (isIdentifier(parent.name) || isStringLiteral(parent.name)) ? parent.name.text : '';
    if (NAMESPACE_KEY.test(key)) return true;
  }
  if (isJsxAttribute(parent) && NAMESPACE_KEY.test(parent.name.getText())) return true;
  // <a href="https://dichvucong.dancuquocgia.gov.vn">: a link the citizen's browser follows, not a connection of this system
  if ((isJsxAttribute(parent) || (isJsxExpression(parent) && isJsxAttribute(parent.parent))) && /^href$/i.test((isJsxAttribute(parent) ? parent : (parent.parent as ts.JsxAttribute)).name.getText())) return true;
  return false;
}

/** The parts of a composed string that are names of other values (constants, imports). */
function namedParts(node: ts.Expression): ts.Expression[] {
  const e = skipOuterExpressions(node);
  if (isTemplateExpression(e)) return e.templateSpans.map((s) => skipOuterExpressions(s.expression)).filter((x) => isIdentifier(x) || isPropertyAccessExpression(x));
  if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) return [...namedParts(e.left), ...namedParts(e.right)];
  if (isNewExpression(e)) return (e.arguments ?? []).flatMap((a) => namedParts(a));
  return isIdentifier(e) || isPropertyAccessExpression(e) ? [e] : [];
}

/** The user-controlled first argument of `new URL(input, base)` (or its `.href` / `.toString()`). */
function userUrlConstructorInput(expr: ts.Expression): ts.Expression | undefined {
  let e = skipOuterExpressions(expr);
  if (isPropertyAccessExpression(e) && e.name.text === 'href') e = skipOuterExpressions(e.expression);
  if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'toString') e = skipOuterExpressions(e.expression.expression);
  if (!isNewExpression(e) || !isIdentifier(e.expression) || e.expression.text !== 'URL' || (e.arguments?.length ?? 0) < 2) return undefined;
  const input = e.arguments![0];
  return isUserInput(input) ? input : undefined;
}

/**
 * A string written into the arguments of a log call (`console.log(\`BASE_URL: \${env || 'https://…'}\`)`,
 * `logger.info('gọi', { url: 'https://…' })`): a start-up banner or a trace message, not a connection.
 * The value climbs through what combines it into the logged text (template spans, `+`, `||`, `??`,
 * `? :`, object and array literals); any other call on the way (`console.log(await fetch('https://…'))`)
 * is where the string is used instead.
 */
function isLoggedText(model: ProjectModel, file: FileIndex, node: ts.Node): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isCallExpression(parent)) return parent.arguments.includes(child as ts.Expression) && taint.logSink(model, file, parent) !== undefined;
    const combines =
      isTemplateSpan(parent) || isTemplateExpression(parent) || isParenthesizedExpression(parent) || isAsExpression(parent) || isSatisfiesExpression(parent) || isNonNullExpression(parent) ||
      (isConditionalExpression(parent) && child !== parent.condition) ||
      (isBinaryExpression(parent) && COMBINING_OPERATORS.has(parent.operatorToken.kind)) ||
      (isPropertyAssignment(parent) && parent.initializer === child) || isObjectLiteralExpression(parent) || isArrayLiteralExpression(parent);
    if (!combines) return false;
  }
  return false;
}

const COMBINING_OPERATORS = new Set([SyntaxKind.PlusToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken, SyntaxKind.AmpersandAmpersandToken]);

/** The text every value of a string expression starts with, when the expression writes it (a literal, a template's head, the left end of a `+` chain). */
function leadingText(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (isTemplateExpression(e)) return e.head.text;
  if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) return leadingText(e.left);
  return undefined;
}

const isFinding = (s: EndpointStatus) => s.kind === 'unregistered' || s.kind === 'insecure';

/**
 * Status of a string expression evaluated on its own, when one of its
 * candidate values (a conditional's branch, a helper's return) is a
 * population-DB URL the rule reports. Candidates whose text comes from
 * configuration are reported where they are written (checkConfig).
 */
function reportableStatus(model: ProjectModel, file: FileIndex, expr: ts.Expression): { status: EndpointStatus; parts: StringPart[] } | undefined {
  // a message that starts with words (`Không tìm thấy ${id}`, 'Lỗi: ' + e) is no URL whatever its other parts hold: they are not evaluated
  const head = leadingText(expr);
  if (head !== undefined && !canBeginUrl(head)) return undefined;
  // a literal is its own one candidate: no evaluation (most string expressions of a file are labels and messages)
  const candidates = isStringLiteral(expr) || isNoSubstitutionTemplateLiteral(expr) ? [{ parts: [{ kind: 'text' as const, text: expr.text }], config: undefined }] : model.evaluateCandidates(file, expr);
  for (const { parts, config } of candidates) {
    if (config?.length) continue;
    const url = partialUrl(parts, model.policy);
    // a mapped env var: the value lives in config, where checkConfig reads it
    if (url.envName || !isPopulationDbPartial(url, model.policy)) continue;
    const status = classifyPartial(url, model.policy);
    if (isFinding(status)) return { status, parts };
  }
  return undefined;
}

export default defineRule<MessageIds>({
  meta: {
    name: 'no-unregistered-endpoint',
    type: 'problem',
    description: {
      vi: 'Cấm kết nối tới địa chỉ CSDLQG về dân cư chưa được đăng ký trong chính sách',
      en: 'Disallow population-DB URLs that are not under an endpoint registered in the policy',
    },
    messages: {
      unregistered: {
        vi: 'Địa chỉ {{url}} trỏ tới CSDLQG về dân cư nhưng không thuộc điểm kết nối đã đăng ký (populationDb.registeredEndpoints). Chỉ hệ thống, kết nối đã đăng ký với Bộ Công an (C06) mới được kết nối (Công văn 5722/TCTTKĐA; Thông tư 46/2022/TT-BCA, Điều 6).',
        en: 'URL {{url}} points at the population DB but is not under a registered endpoint (populationDb.registeredEndpoints). Only systems and connections registered with the Ministry of Public Security (C06) may connect (Official letter 5722/TCTTKDA; Circular 46/2022/TT-BCA art. 6).',
      },
      insecure: {
        vi: 'Địa chỉ {{url}} dùng http:// không mã hóa tới điểm kết nối đã đăng ký {{prefix}}; kết nối tới CSDLQG về dân cư phải được bảo vệ (https) (Thông tư 46/2022/TT-BCA, Điều 6).',
        en: 'URL {{url}} uses unencrypted http:// to the registered endpoint {{prefix}}; connections to the population DB must be protected (https) (Circular 46/2022/TT-BCA art. 6).',
      },
      fromUserInput: {
        vi: 'Địa chỉ của truy vấn CSDLQG về dân cư qua {{client}} lấy từ dữ liệu người dùng gửi lên ({{source}}), nên điểm kết nối không cố định và không thể là điểm đã đăng ký (Công văn 5722/TCTTKĐA).',
        en: 'The URL of this population-DB query through {{client}} comes from user input ({{source}}), so the endpoint is not fixed and cannot be a registered one (Official letter 5722/TCTTKDA).',
      },
    },
    legal: ['cv5722', 'tt46art6'],
    defaultSeverity: 'error',
    recommended: true,
    languages: ['source', 'config'],
    testCode: 'none', // tests query mocks, not the population DB
  },

  checkSource(ctx) {
    const model = ctx.project;
    const file = model.fileIndex(ctx.fileName, ctx.text, ctx.sourceFile);
    if (!file) return;
    const sf = file.sourceFile;
    const reported = new Set<ts.Node>();
    const report = (node: ts.Node, status: EndpointStatus, parts: StringPart[]) => {
      reported.add(node);
      const url = displayUrl(parts);
      if (status.kind === 'insecure') ctx.report({ messageId: 'insecure', data: { url, prefix: status.prefix }, start: node.getStart(sf), end: node.getEnd() });
      else ctx.report({ messageId: 'unregistered', data: { url }, start: node.getStart(sf), end: node.getEnd() });
    };

    // 1. Every outermost string expression that is a population-DB URL, wherever it is used. The file
    // index lists the candidates in source order (pre-order); what lies inside a URL found is not looked at.
    let insideFound = -1;
    for (const node of file.strings) {
      if (node.pos < insideFound) continue;
      if (isStringExpression(node) && !isStringPartOfParent(node) && !isNonConnectionPosition(node) && !isLoggedText(model, file, node)) {
        const found = reportableStatus(model, file, node);
        // a URL composed from a constant that is itself an unregistered URL was reported where that constant is written
        if (found && !namedParts(node).some((part) => reportableStatus(model, file, part))) report(node, found.status, found.parts);
        if (found) insideFound = node.end;
      }
    }

    // 2. Requests whose URL is only known once the instance's base URL or the config object is joined with the path.
    const reportUserInput = (site: QuerySite, source: ts.Expression): void => {
      ctx.report({
        messageId: 'fromUserInput',
        data: { client: site.chain[site.chain.length - 1].name, source: source.getText(sf).slice(0, 60) },
        start: site.call.getStart(sf),
        end: site.call.getEnd(),
      });
    };

    const checkRequest = (site: QuerySite): void => {
      const request = site.request!;
      // `dancuApi.get(req.body.endpoint)`: axios lets an absolute URL override baseURL, so a path that starts with user input is an endpoint the user picks
      const first = request.urlExpression ? model.evaluateString(file, request.urlExpression)[0] : undefined;
      if (request.base && first?.kind === 'unknown' && isExpression(first.node) && isUserInput(first.node)) {
        reportUserInput(site, first.node);
        return;
      }
      // new URL(req.query.path, DANCU_BASE): an absolute URL as the first argument replaces the base
      const resolvedInput = request.urlExpression && userUrlConstructorInput(request.urlExpression);
      if (resolvedInput) {
        reportUserInput(site, resolvedInput);
        return;
      }
      const endpoint = site.endpoint;
      if (!endpoint || endpoint.url.envName || endpoint.config || !isFinding(endpoint.status)) return;
      if (request.urlExpression && reportableStatus(model, file, request.urlExpression)) return;
      if (request.base && reportableStatus(model, request.base.file, request.base.expr)) return;
      if (request.urlExpression && [...reported].some((n) => n.pos <= request.urlExpression!.pos && request.urlExpression!.end <= n.end)) return;
      report(site.call, endpoint.status, endpoint.parts);
    };

    const checkClientCallArguments = (site: QuerySite): void => {
      for (const arg of site.call.arguments) {
        const a = skipOuterExpressions(arg);
        const candidates: ts.Expression[] = [];
        if (isObjectLiteralExpression(a)) {
          for (const p of a.properties) {
            if (isPropertyAssignment(p) && p.name && URL_NAME.test(p.name.getText(sf))) candidates.push(p.initializer);
            if (isShorthandPropertyAssignment(p) && URL_NAME.test(p.name.text)) candidates.push(p.name);
          }
        } else if (URL_NAME.test((calleeChain(a) ?? []).at(-1) ?? '') || isTemplateExpression(a) || isBinaryExpression(a)) {
          candidates.push(a);
        }
        const input = candidates.find((c) => startsWithUserInput(c));
        if (input) {
          reportUserInput(site, input);
          return;
        }
      }
    };

    const startsWithUserInput = (expr: ts.Expression): boolean => {
      const first = model.evaluateString(file, expr)[0];
      return first?.kind === 'unknown' && isExpression(first.node) && isUserInput(first.node);
    };

    for (const site of findQuerySites(model, file)) {
      if (site.kind === 'request') checkRequest(site);
      else if (site.kind === 'clientCall') checkClientCallArguments(site);
    }
  },

  checkConfig(ctx) {
    const { policy } = ctx;
    for (const entry of ctx.document.entries) {
      const value = entry.value?.trim();
      if (!value || !looksLikeUrl(value) || isXmlNamespace(value)) continue;
      if (entry.path.some((k) => NAMESPACE_KEY.test(k))) continue;
      // `DANCU_API_URL=…`: the policy says this variable holds a population-DB URL, whatever the URL looks like
      const declared = policy.populationDb.envEndpoints.includes(entry.key);
      if (!declared && !isPopulationDbUrl(value, policy)) continue;
      const status = classifyEndpoint(value, policy);
      if (!isFinding(status)) continue;
      const url = displayUrl([{ kind: 'text', text: value }]);
      if (status.kind === 'insecure') ctx.report({ messageId: 'insecure', data: { url, prefix: status.prefix }, start: entry.valueStart, end: entry.valueEnd });
      else ctx.report({ messageId: 'unregistered', data: { url }, start: entry.valueStart, end: entry.valueEnd });
    }
  },
});
