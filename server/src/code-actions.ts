import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { parseDocument } from 'yaml';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PARSE_ERROR_RULE_ID, RULE_PREFIX, defaults, isSourceFile, projectFiles, sharedSourceFile, type Policy } from '@popdb-guard/core';
import { SUPPRESSION_REASON_PLACEHOLDER, type DiagnosticData } from '@popdb-guard/protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/**
 * Quick fixes for findings. They work from the diagnostic the client sends
 * back (its rule id and range), not from a fresh lint, so they also apply to
 * findings of rules written after this module, and to diagnostics an editor
 * kept from an earlier check.
 */

export interface CodeActionContext {
  document: TextDocument;
  /** Absolute path of the document. */
  file: string;
  /** The valid policy for the document, if any (fixes b–d need it). */
  policy: Policy | undefined;
  /** Workspace folder holding the document: where `.env.example` and a new policy file go. */
  root: string;
  /** The client applies `documentChanges` (versioned edits, file creation). */
  documentChanges: boolean;
  /** Version of an open document, for versioned edits of other files. */
  versionOf(uri: string): number | null;
}

export const CREDENTIAL_RULES = new Set(['popdb/no-hardcoded-credentials', 'popdb/no-default-credentials']);
export const ENDPOINT_RULE = 'popdb/no-unregistered-endpoint';
export const AUDIT_RULE = 'popdb/require-audit-log';
export const LOOP_RULE = 'popdb/no-unbounded-query-loop';

/** Audit fields from 1785/TCTTKĐA item (3), used when the policy names none. */
const FALLBACK_AUDIT_FIELDS = ['taiKhoan', 'thoiGian', 'noiDung', 'diaChiIp'];

export function ruleIdOf(d: Diagnostic): string | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (typeof data?.ruleId === 'string') return data.ruleId;
  if (typeof d.code === 'string' && d.code.startsWith(RULE_PREFIX) && (d.source === undefined || d.source === DIAGNOSTIC_SOURCE)) return d.code;
  return undefined;
}

export function codeActionsFor(ctx: CodeActionContext, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const ruleId = ruleIdOf(diagnostic);
    if (!ruleId || ruleId === PARSE_ERROR_RULE_ID || !ruleId.startsWith(RULE_PREFIX)) continue;
    const source = isSourceFile(ctx.file) ? new SourceView(ctx) : undefined;
    const push = (a: CodeAction | undefined) => {
      if (a) actions.push({ ...a, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
    };
    if (source) {
      if (CREDENTIAL_RULES.has(ruleId)) push(moveSecretToEnv(ctx, source, diagnostic));
      if (ruleId === AUDIT_RULE) push(insertAuditCall(ctx, source, diagnostic));
      if (ruleId === LOOP_RULE) push(wrapWithLimiter(ctx, source, diagnostic));
    }
    if (ruleId === ENDPOINT_RULE) push(registerEndpoint(ctx, source, diagnostic));
    if (source) push(suppress(ctx, diagnostic, ruleId));
  }
  return actions;
}

const { DEFAULT_LIMITERS } = defaults;

// ---------------------------------------------------------------- source helpers

class SourceView {
  readonly sourceFile: ts.SourceFile;
  constructor(private readonly ctx: CodeActionContext) {
    // the AST the last lint of this buffer built (the hosts share one parse per text), not a fresh parse
    this.sourceFile = sharedSourceFile(ctx.file, ctx.document.getText());
  }

  offsets(d: Diagnostic): [number, number] {
    return [this.ctx.document.offsetAt(d.range.start), this.ctx.document.offsetAt(d.range.end)];
  }

  /**
   * The node satisfying `accept` that best matches [start, end): the one whose
   * bounds are closest to the diagnostic's, the smaller on a tie. Rules report
   * either the node itself or a part of it (a call's callee, a literal's text).
   */
  find<T extends ts.Node>(start: number, end: number, accept: (n: ts.Node) => n is T): T | undefined {
    let best: { node: T; score: number; span: number } | undefined;
    const visit = (n: ts.Node): void => {
      const s = n.getStart(this.sourceFile);
      if (n.end < start || s > Math.max(end, start)) return;
      if (accept(n)) {
        const score = Math.abs(s - start) + Math.abs(n.end - end);
        const span = n.end - s;
        if (!best || score < best.score || (score === best.score && span < best.span)) best = { node: n, score, span };
      }
      ts.forEachChild(n, visit);
    };
    visit(this.sourceFile);
    return best?.node;
  }

  text(n: ts.Node): string {
    return n.getText(this.sourceFile);
  }

  lineIndent(offset: number): string {
    const text = this.ctx.document.getText();
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart))![0];
  }
}

const isStringLiteralLike = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);
const isCall = (n: ts.Node): n is ts.CallExpression => ts.isCallExpression(n);

function editOf(ctx: CodeActionContext, uri: string, edits: TextEdit[]): TextDocumentEdit {
  return { textDocument: { uri, version: ctx.versionOf(uri) }, edits };
}

function workspaceEdit(ctx: CodeActionContext, parts: { uri: string; edits: TextEdit[]; create?: boolean }[]): WorkspaceEdit {
  if (!ctx.documentChanges) return { changes: Object.fromEntries(parts.map((p) => [p.uri, p.edits])) };
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const p of parts) {
    if (p.create) documentChanges.push({ kind: 'create', uri: p.uri, options: { ignoreIfExists: true } });
    documentChanges.push(editOf(ctx, p.uri, p.edits));
  }
  return { documentChanges };
}

const fileUri = (file: string) => pathToFileURL(file).toString();

function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

// ---------------------------------------------------------------- (a) secret → process.env

/** `dbPassword` → `DB_PASSWORD`; `lgsp.accessToken` → `LGSP_ACCESS_TOKEN`. */
export function envNameOf(parts: readonly string[]): string {
  return parts
    .map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_'))
    .join('_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_')
    .toUpperCase();
}

function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text.replace(/^#/, '');
  return undefined;
}

/** `process.env.NAME` or `process.env["NAME"]`. */
function processEnvName(n: ts.Node): string | undefined {
  const isProcessEnv = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === 'env' && ts.isIdentifier(e.expression) && e.expression.text === 'process';
  if (ts.isPropertyAccessExpression(n) && isProcessEnv(n.expression)) return n.name.text;
  if (ts.isElementAccessExpression(n) && isProcessEnv(n.expression) && ts.isStringLiteral(n.argumentExpression)) return n.argumentExpression.text;
  return undefined;
}

/** Where the secret goes and what it is called: the expression to replace and the env var name. */
function secretTarget(literal: ts.Expression): { replace: ts.Node; name: string } {
  const parent = literal.parent;
  // `process.env.DB_PASS || "admin"`: the fallback is the finding; the variable already exists.
  if (ts.isBinaryExpression(parent) && parent.right === literal && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) {
    const existing = processEnvName(parent.left);
    if (existing) return { replace: parent, name: existing };
  }
  const names: string[] = [];
  let n: ts.Node = literal;
  // Walk up through object literals to the declaration: `const db = { password: "…" }` → DB_PASSWORD.
  for (let depth = 0; depth < 4 && n.parent; depth++, n = n.parent) {
    const p = n.parent;
    if (ts.isPropertyAssignment(p) && p.initializer === n) {
      const t = propertyNameText(p.name);
      if (t) names.unshift(t);
      continue;
    }
    if (ts.isObjectLiteralExpression(p)) continue;
    if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isPropertyDeclaration(p) || ts.isBindingElement(p)) && p.initializer === n) {
      const t = propertyNameText(p.name as ts.PropertyName);
      if (t && names.length < 2) names.unshift(t);
      break;
    }
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n) {
      if (ts.isPropertyAccessExpression(p.left)) names.unshift(p.left.name.text);
      else if (ts.isIdentifier(p.left)) names.unshift(p.left.text);
      break;
    }
    break;
  }
  const tail = names.slice(-2);
  let name = envNameOf(tail);
  if (!name) name = /^[a-z][a-z0-9+.-]*:\/\//i.test((literal as ts.StringLiteral).text ?? '') ? 'DATABASE_URL' : 'SECRET';
  return { replace: literal, name };
}

function moveSecretToEnv(ctx: CodeActionContext, src: SourceView, d: Diagnostic): CodeAction | undefined {
  const [start, end] = src.offsets(d);
  const literal = src.find(start, end, isStringLiteralLike);
  if (!literal) return undefined;
  const { replace, name } = secretTarget(literal);
  const uri = ctx.document.uri;
  const replaceRange = { start: ctx.document.positionAt(replace.getStart(src.sourceFile)), end: ctx.document.positionAt(replace.end) };
  const envExample = path.join(ctx.root, '.env.example');
  const existing = projectFiles.read(envExample);
  const parts: { uri: string; edits: TextEdit[]; create?: boolean }[] = [{ uri, edits: [{ range: replaceRange, newText: `process.env.${name}` }] }];
  const alreadyListed = existing !== undefined && new RegExp(`^[ \\t]*(?:export[ \\t]+)?${name}[ \\t]*=`, 'm').test(existing);
  if (!alreadyListed) {
    const text = existing ?? '';
    const prefix = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    parts.push({ uri: fileUri(envExample), edits: [{ range: { start: endOf(text), end: endOf(text) }, newText: `${prefix}${name}=\n` }], create: existing === undefined });
  }
  return {
    title: alreadyListed ? `Đọc bí mật từ process.env.${name} — read the secret from process.env.${name}` : `Chuyển bí mật sang process.env.${name} và thêm ${name}= vào .env.example — move the secret to process.env.${name} and add ${name}= to .env.example`,
    isPreferred: true,
    edit: workspaceEdit(ctx, parts),
  };
}

// ---------------------------------------------------------------- (b) register the endpoint

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>)\]}]+/i;

/**
 * The prefix to register: the URL up to its API version segment (`/v1/`), or
 * else its folder. Registering the whole URL would register one operation;
 * registering the host would register every service of a provincial LGSP
 * gateway, which carries far more than the population DB.
 */
export function endpointPrefix(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const segments = u.pathname.split('/').filter(Boolean);
  const version = segments.findLastIndex((s) => /^v\d+(\.\d+)*$/i.test(s));
  const keep = version >= 0 ? segments.slice(0, version + 1) : u.pathname.endsWith('/') ? segments : segments.slice(0, -1);
  return `${u.protocol}//${u.host}/${keep.map((s) => `${s}/`).join('')}`;
}

function urlAt(ctx: CodeActionContext, src: SourceView | undefined, d: Diagnostic): string | undefined {
  if (src) {
    const [start, end] = src.offsets(d);
    const node = src.find(start, end, (n): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead => isStringLiteralLike(n) || ts.isTemplateHead(n));
    const m = node && URL_RE.exec(node.text);
    if (m) return m[0];
  } else {
    const m = URL_RE.exec(ctx.document.getText(d.range));
    if (m) return m[0];
  }
  // The rule may have resolved the URL through constants; its message then names it.
  return URL_RE.exec(typeof d.message === "string" ? d.message : d.message.value)?.[0];
}

/** The policy text with `prefix` added under populationDb.registeredEndpoints; undefined when it cannot be edited safely. */
export function policyWithEndpoint(policyFile: string, text: string, prefix: string): string | undefined {
  if (policyFile.endsWith('.json')) {
    let value: { populationDb?: { registeredEndpoints?: string[] } };
    try {
      value = text.trim() ? JSON.parse(text) : {};
    } catch {
      return undefined;
    }
    value.populationDb ??= {};
    value.populationDb.registeredEndpoints ??= [];
    if (value.populationDb.registeredEndpoints.includes(prefix)) return undefined;
    value.populationDb.registeredEndpoints.push(prefix);
    return `${JSON.stringify(value, null, 2)}\n`;
  }
  // The yaml library round-trips comments and layout, so the rest of the file stays as written.
  const doc = parseDocument(text || 'version: 1\n');
  if (doc.errors.length) return undefined;
  const current = doc.getIn(['populationDb', 'registeredEndpoints']) as { items?: { value?: unknown }[] } | undefined;
  if (current?.items?.some((i) => (i.value ?? i) === prefix)) return undefined;
  doc.addIn(['populationDb', 'registeredEndpoints'], prefix);
  return doc.toString();
}

function registerEndpoint(ctx: CodeActionContext, src: SourceView | undefined, d: Diagnostic): CodeAction | undefined {
  const url = urlAt(ctx, src, d);
  const prefix = url && endpointPrefix(url);
  if (!prefix) return undefined;
  const policyFile = ctx.policy?.file ?? path.join(ctx.root, 'popdb-policy.yaml');
  const text = projectFiles.read(policyFile);
  const updated = policyWithEndpoint(policyFile, text ?? '', prefix);
  if (updated === undefined) return undefined;
  const before = text ?? '';
  return {
    title: `Đăng ký ${prefix} trong ${path.basename(policyFile)} (populationDb.registeredEndpoints) — register the endpoint in the policy`,
    edit: workspaceEdit(ctx, [{ uri: fileUri(policyFile), edits: [{ range: { start: { line: 0, character: 0 }, end: endOf(before) }, newText: updated }], create: text === undefined }]),
  };
}

// ---------------------------------------------------------------- (c) audit call skeleton

const FIELD_VALUES: Record<string, (call: ts.CallExpression, src: SourceView) => string> = {
  thoiGian: () => 'new Date().toISOString()',
  // The query content: the call and its arguments, when they can be evaluated again without side effects.
  noiDung: (call, src) => {
    const callee = JSON.stringify(src.text(call.expression));
    const simple = call.arguments.every((a) => ts.isIdentifier(a) || ts.isPropertyAccessExpression(a) || ts.isLiteralExpression(a));
    return simple && call.arguments.length ? `JSON.stringify({ truyVan: ${callee}, thamSo: [${call.arguments.map((a) => src.text(a)).join(', ')}] })` : callee;
  },
};

function placeholder(field: string): string {
  return `undefined /* TODO: ${field} */`;
}

function enclosingStatement(n: ts.Node): ts.Statement | undefined {
  for (let cur: ts.Node = n; cur.parent; cur = cur.parent) {
    // An expression-bodied arrow: there is no statement of its own to put the audit before.
    if (ts.isArrowFunction(cur.parent) && cur.parent.body === cur) return undefined;
    if (ts.isBlock(cur.parent) || ts.isSourceFile(cur.parent) || ts.isCaseClause(cur.parent) || ts.isDefaultClause(cur.parent) || ts.isModuleBlock(cur.parent)) return cur as ts.Statement;
  }
  return undefined;
}

function inAsyncFunction(n: ts.Node): boolean {
  for (let cur = n.parent; cur; cur = cur.parent) {
    if (ts.isFunctionLike(cur)) return (ts.getCombinedModifierFlags(cur as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  }
  return false;
}

function insertAuditCall(ctx: CodeActionContext, src: SourceView, d: Diagnostic): CodeAction | undefined {
  const [start, end] = src.offsets(d);
  const call = src.find(start, end, isCall);
  const statement = call && enclosingStatement(call);
  if (!call || !statement) return undefined;
  const fn = ctx.policy?.audit.functions.find((f) => !f.includes('*')) ?? 'auditLog';
  const fields = ctx.policy?.audit.requiredFields.length ? ctx.policy.audit.requiredFields : FALLBACK_AUDIT_FIELDS;
  const at = statement.getStart(src.sourceFile);
  const indent = src.lineIndent(at);
  const entries = fields.map((f) => `${indent}  ${f}: ${FIELD_VALUES[f]?.(call, src) ?? placeholder(f)},`).join('\n');
  const newText = `${inAsyncFunction(statement) ? 'await ' : ''}${fn}({\n${entries}\n${indent}});\n${indent}`;
  const pos = ctx.document.positionAt(at);
  return {
    title: `Thêm lời gọi ${fn}(...) ghi nhật ký truy vấn — insert an audit call with the policy's required fields`,
    isPreferred: true,
    edit: workspaceEdit(ctx, [{ uri: ctx.document.uri, edits: [{ range: { start: pos, end: pos }, newText }] }]),
  };
}

// ---------------------------------------------------------------- (d) wrap with a limiter

/** The limiter to wrap with: a `pLimit`-style limiter already created in the file, else the policy's first `object.method` limiter. */
function limiterFor(ctx: CodeActionContext, src: SourceView): string | undefined {
  const limiters = ctx.policy?.queries.limiters ?? [...DEFAULT_LIMITERS];
  const factories = new Set(limiters.filter((l) => /^[\w$]+$/.test(l)));
  let created: string | undefined;
  const visit = (n: ts.Node): void => {
    if (created) return;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isCallExpression(n.initializer) && ts.isIdentifier(n.initializer.expression) && factories.has(n.initializer.expression.text)) {
      created = n.name.text;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(src.sourceFile);
  if (created) return created;
  // Prefer the organisation's own limiter over the built-in names.
  const methods = limiters.filter((l) => /^[\w$]+\.[\w$]+$/.test(l));
  return methods.find((l) => !DEFAULT_LIMITERS.includes(l)) ?? methods[0];
}

function wrapWithLimiter(ctx: CodeActionContext, src: SourceView, d: Diagnostic): CodeAction | undefined {
  const [start, end] = src.offsets(d);
  const call = src.find(start, end, isCall);
  const limiter = call && limiterFor(ctx, src);
  if (!call || !limiter) return undefined;
  const range = { start: ctx.document.positionAt(call.getStart(src.sourceFile)), end: ctx.document.positionAt(call.end) };
  return {
    title: `Giới hạn truy vấn bằng ${limiter}(() => ...) — wrap the query with the policy's limiter`,
    isPreferred: true,
    edit: workspaceEdit(ctx, [{ uri: ctx.document.uri, edits: [{ range, newText: `${limiter}(() => ${src.text(call)})` }] }]),
  };
}

// ---------------------------------------------------------------- (e) suppress with a reason

function suppress(ctx: CodeActionContext, d: Diagnostic, ruleId: string): CodeAction {
  const text = ctx.document.getText();
  const lineStart = ctx.document.offsetAt({ line: d.range.start.line, character: 0 });
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const pos = { line: d.range.start.line, character: 0 };
  return {
    title: `Bỏ qua ${ruleId} ở dòng này (ghi rõ lý do) — suppress ${ruleId} on this line (state the reason)`,
    edit: workspaceEdit(ctx, [{ uri: ctx.document.uri, edits: [{ range: { start: pos, end: pos }, newText: `${indent}// eslint-disable-next-line ${ruleId} -- ${SUPPRESSION_REASON_PLACEHOLDER}\n` }] }]),
  };
}
