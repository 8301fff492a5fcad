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
import { PARSE_ERROR_RULE_ID, RULE_PREFIX, bilingual, isSourceFile, projectFiles, sharedSourceFile, type Finding, type Policy } from '@popdb-guard/core';
import type * as FixPackage from '@popdb-guard/fix';
import { SUPPRESSION_REASON_PLACEHOLDER, type DiagnosticData } from '@popdb-guard/protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { forEachChild, isNoSubstitutionTemplateLiteral, isStringLiteral, isTemplateHead } = ts;

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
  /** The valid policy for the document, if any (every fix but the suppression needs it). */
  policy: Policy | undefined;
  /** Workspace folder holding the document: where `.env.example` and a new policy file go. */
  root: string;
  /** The client applies `documentChanges` (versioned edits, file creation). */
  documentChanges: boolean;
  /** Version of an open document, for versioned edits of other files. */
  versionOf(uri: string): number | null;
}

export const ENDPOINT_RULE = 'popdb/no-unregistered-endpoint';

export function ruleIdOf(d: Diagnostic): string | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (typeof data?.ruleId === 'string') return data.ruleId;
  if (typeof d.code === 'string' && d.code.startsWith(RULE_PREFIX) && (d.source === undefined || d.source === DIAGNOSTIC_SOURCE)) return d.code;
  return undefined;
}

/**
 * The fix package, loaded on the first code-action request: it brings
 * ts-morph (and the TypeScript copy it bundles), which a server that only
 * checks files never needs.
 */
let fixPackage: typeof FixPackage | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadFixes = (): typeof FixPackage => (fixPackage ??= require('@popdb-guard/fix') as typeof FixPackage);

export function codeActionsFor(ctx: CodeActionContext, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const fixes = loadFixes();
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const ruleId = ruleIdOf(diagnostic);
    if (!ruleId || ruleId === PARSE_ERROR_RULE_ID || !ruleId.startsWith(RULE_PREFIX)) continue;
    const source = isSourceFile(ctx.file) ? new SourceView(ctx) : undefined;
    const push = (a: CodeAction | undefined) => {
      if (a) actions.push({ ...a, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
    };
    if (source && fixes.FIXERS[ruleId]) push(fixAction(fixes, ctx, diagnostic, ruleId));
    if (ruleId === ENDPOINT_RULE) push(registerEndpoint(ctx, source, diagnostic));
    if (source) push(suppress(ctx, diagnostic, ruleId));
  }
  return actions;
}

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
      forEachChild(n, visit);
    };
    visit(this.sourceFile);
    return best?.node;
  }
}

const isStringLiteralLike = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral => isStringLiteral(n) || isNoSubstitutionTemplateLiteral(n);

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
    const node = src.find(start, end, (n): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead => isStringLiteralLike(n) || isTemplateHead(n));
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

// ---------------------------------------------------------------- (a, c, d) the fixes of `popdb-guard fix`

/**
 * The finding a diagnostic stands for, as the fix package takes it: the
 * rule, the message id the diagnostic carries, and its range (LSP's 0-based
 * lines and UTF-16 columns, ESLint's 1-based ones).
 */
function findingOf(ctx: CodeActionContext, d: Diagnostic, ruleId: string): Finding {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return {
    ruleId,
    messageId: typeof data?.messageId === 'string' ? data.messageId : undefined,
    severity: 'error',
    message: typeof d.message === 'string' ? d.message : d.message.value,
    file: ctx.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

/**
 * The quick fix is `popdb-guard fix` for this one finding: the same
 * @popdb-guard/fix plan over the editor's buffers, turned into a
 * WorkspaceEdit of line edits (the lines the fix did not touch keep their
 * cursor and folds) plus the files it creates. A finding the plan cannot
 * fix safely offers no quick fix, only the suppression.
 */
function fixAction({ planFixes, lineEdits }: typeof FixPackage, ctx: CodeActionContext, d: Diagnostic, ruleId: string): CodeAction | undefined {
  if (!ctx.policy) return undefined;
  const text = ctx.document.getText();
  const plan = planFixes({ findings: [findingOf(ctx, d, ruleId)], policy: ctx.policy, read: (f) => (f === ctx.file ? text : projectFiles.read(f)) });
  const [applied] = plan.applied;
  if (!applied || !plan.changes.length) return undefined;
  const parts = plan.changes.map((c) => ({
    uri: fileUri(c.file),
    edits: lineEdits(c.before ?? '', c.after).map((e): TextEdit => ({ range: { start: e.start, end: e.end }, newText: e.newText })),
    create: c.before === undefined,
  }));
  return { title: bilingual(applied.title), isPreferred: true, edit: workspaceEdit(ctx, parts) };
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
