import * as path from 'node:path';
import ts from 'typescript';
import { Node, type CallExpression, type SourceFile, type Statement } from 'ts-morph';
import { cannot, titled, findExportingFile, insertStatementsBeside, isCommonJs, moduleSpecifierTo, namesIn, nodeAt, type FixAnalysis, type FixContext } from './plan';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { SyntaxKind, isArrowFunction, isFunctionDeclaration, isFunctionExpression, isVariableDeclaration } = ts;

/** Audit fields from 1785/TCTTKĐA item (3), used when the policy names none. */
export const FALLBACK_AUDIT_FIELDS = ['taiKhoan', 'thoiGian', 'noiDung', 'diaChiIp'];

/** The marker every field the fix cannot fill carries: `grep TODO(popdb-guard)` finds them before review. */
export const TODO_MARKER = 'TODO(popdb-guard)';

/**
 * A field value the fix cannot know (the officer's account: every project
 * keeps it somewhere else). `undefined as never` type-checks against any
 * field type, so the fixed code compiles, and the comment says what to put.
 */
export function placeholder(field: string): string {
  return `/* ${TODO_MARKER}: ${field} */ undefined as never`;
}

const isCall = (n: Node): n is CallExpression => Node.isCallExpression(n);

/** The request object of an HTTP handler around the query: its client IP is the `diaChiIp` to log. */
function requestInScope(call: Node): string | undefined {
  for (let cur: Node | undefined = call.getParent(); cur; cur = cur.getParent()) {
    if (!Node.isFunctionLikeDeclaration(cur) && !Node.isArrowFunction(cur) && !Node.isFunctionExpression(cur)) continue;
    for (const p of cur.getParameters()) {
      const name = p.getNameNode();
      if (!Node.isIdentifier(name)) continue;
      const type = p.getTypeNode()?.getText() ?? '';
      if (/^(req|request)$/.test(name.getText()) || /\b(Request|FastifyRequest|IncomingMessage)\b/.test(type)) return name.getText();
    }
  }
  return undefined;
}

/** Field values that compile and say something true; the others are TODO placeholders. */
function fieldValue(field: string, call: CallExpression, request: string | undefined): string | undefined {
  const str = (text: string) => stringLiteral(call.getSourceFile(), text);
  switch (field) {
    case 'thoiGian':
      return 'new Date().toISOString()';
    case 'noiDung': {
      // the query: its callee and arguments, when they can be evaluated again without side effects
      const callee = str(call.getExpression().getText());
      const args = call.getArguments();
      const simple = args.length > 0 && args.every((a) => Node.isIdentifier(a) || Node.isPropertyAccessExpression(a) || Node.isStringLiteral(a) || Node.isNumericLiteral(a));
      return simple ? `JSON.stringify({ truyVan: ${callee}, thamSo: [${args.map((a) => a.getText()).join(', ')}] })` : callee;
    }
    case 'diaChiIp':
      return request ? `${request}.ip ?? ''` : undefined;
    default:
      return undefined;
  }
}

/** A string literal in the file's quotes. */
function stringLiteral(sf: SourceFile, text: string): string {
  const q = sf.getProject().manipulationSettings.getQuoteKind() as string;
  return `${q}${text.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n')}${q}`;
}

/** The statement the query is part of, when the audit can follow it directly (a declaration or an expression statement in a block). */
function queryStatement(call: Node): Statement | undefined {
  for (let cur: Node = call; ; ) {
    const parent = cur.getParent();
    if (!parent) return undefined;
    // a function boundary before a statement: the call is in an expression-bodied arrow or a callback
    if (Node.isArrowFunction(parent) || Node.isFunctionExpression(parent) || Node.isFunctionDeclaration(parent) || Node.isMethodDeclaration(parent)) return undefined;
    if (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent)) {
      return Node.isVariableStatement(cur) || Node.isExpressionStatement(cur) || (Node.isReturnStatement(cur) && cur.getExpression() !== undefined) ? (cur as Statement) : undefined;
    }
    cur = parent;
  }
}

/** A name not used in the function around `n` (nor at the top of its module). */
function freeName(n: Node, base: string): string {
  const scope = n.getParentWhile((p) => !Node.isFunctionLikeDeclaration(p) && !Node.isArrowFunction(p) && !Node.isFunctionExpression(p) && !Node.isSourceFile(p))?.getParent() ?? n.getSourceFile();
  const taken = new Set([...namesIn(scope), ...namesIn(n.getSourceFile())]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

function inAsyncFunction(n: Node): boolean {
  for (let cur = n.getParent(); cur; cur = cur.getParent()) {
    if (Node.isArrowFunction(cur) || Node.isFunctionExpression(cur) || Node.isFunctionDeclaration(cur) || Node.isMethodDeclaration(cur)) return cur.isAsync();
  }
  return false;
}

/** Does the audit function return a promise (an async function, or one declared to return a Promise)? Then it is awaited. */
function returnsPromise(ctx: FixContext, file: string | undefined, name: string): boolean {
  const index = file ? ctx.model.fileIndex(file) : undefined;
  const decl = index?.declarations.get(name);
  if (!decl) return false;
  const fn = isVariableDeclaration(decl) ? decl.initializer : decl;
  if (!fn || !(isFunctionDeclaration(fn) || isArrowFunction(fn) || isFunctionExpression(fn))) return false;
  if (fn.modifiers?.some((m) => m.kind === SyntaxKind.AsyncKeyword)) return true;
  return fn.type !== undefined && /^Promise\b/.test(fn.type.getText(index!.sourceFile));
}

/** Where a project function the fix calls comes from (the audit function, a guard): in scope already, or the project file to import it from. */
export function projectBinding(ctx: FixContext, binding: string): { import?: string; file?: string } | undefined {
  const sf: SourceFile = ctx.sourceFile;
  if (sf.getFunction(binding) || sf.getVariableDeclaration(binding) || sf.getClass(binding)) return { file: ctx.file };
  for (const d of sf.getImportDeclarations()) {
    const named = d.getNamedImports().find((i) => (i.getAliasNode()?.getText() ?? i.getName()) === binding);
    if (named || d.getDefaultImport()?.getText() === binding || d.getNamespaceImport()?.getText() === binding) {
      const target = ctx.model.resolveModule(ctx.file, d.getModuleSpecifierValue());
      return { file: target?.fileName };
    }
  }
  const exporting = findExportingFile(ctx.model, binding, ctx.file);
  return exporting ? { import: moduleSpecifierTo(ctx.file, exporting, sf), file: exporting } : undefined;
}

/**
 * popdb/require-audit-log: the policy's first audit function, called right
 * after the query's statement with the required fields (1785/TCTTKĐA item 3)
 * as a skeleton: the time, the query and its arguments, the client IP when
 * a request is in scope; a TODO(popdb-guard) placeholder for the rest. The
 * import is added from the project file that exports the function.
 * An entry that lacks fields (`auditMissingFields`) gets the missing keys.
 */
export function fixMissingAudit(ctx: FixContext): FixAnalysis {
  const messageId = ctx.finding.messageId;
  if (messageId !== undefined && messageId !== 'missingAudit' && messageId !== 'auditMissingFields') return cannot('auditGap');
  const fn = ctx.policy.audit.functions.find((f) => /^[\w$]+(\.[\w$]+)?$/.test(f));
  if (!fn) return cannot('noAuditFunction');
  const call = nodeAt(ctx.sourceFile, ctx.start, ctx.end, isCall);
  if (!call) return cannot('notFound');
  const fields = ctx.policy.audit.requiredFields.length ? ctx.policy.audit.requiredFields : FALLBACK_AUDIT_FIELDS;
  const request = requestInScope(call);
  if (messageId === 'auditMissingFields') return addMissingFields(ctx, call, fields, request);
  const statement = queryStatement(call);
  if (!statement) return cannot('noStatement');
  const binding = fn.split('.')[0];
  const where = projectBinding(ctx, binding);
  if (!where) return cannot('auditNotImportable', { name: binding });
  if (where.import && isCommonJs(ctx.sourceFile)) return cannot('commonJs');
  const values = fields.map((f) => [f, fieldValue(f, call, request)] as const);
  const entries = values.map(([f, v]) => `  ${f}: ${v ?? placeholder(f)},`).join('\n');
  // a promise is awaited in an async function, and marked as deliberately not awaited elsewhere
  const awaited = returnsPromise(ctx, where.file, binding) ? (inAsyncFunction(statement) ? 'await ' : 'void ') : '';
  const text = `${awaited}${fn}({\n${entries}\n});`;
  const todo = values.filter(([, v]) => v === undefined).map(([f]) => f);
  const parent = statement.getParentOrThrow();
  // `return q(x)`: the result is kept in a constant, the audit follows it, then the return (same value, same promise)
  const result = Node.isReturnStatement(statement) ? freeName(statement, 'ketQua') : undefined;
  return {
    title: titled('insertAudit', { fn }),
    apply: () => {
      if (Node.isReturnStatement(statement) && result) {
        const returned = statement.getExpressionOrThrow();
        insertStatementsBeside(parent, statement.getChildIndex(), statement, `const ${result} = ${returned.getText()};\n${text}`);
        returned.replaceWithText(result);
      } else insertStatementsBeside(parent, statement.getChildIndex() + 1, statement, text);
      if (where.import) ctx.edits.importNamed(where.import, binding);
      if (todo.length) ctx.edits.note('auditTodo', { file: path.relative(ctx.projectRoot, ctx.file).split(path.sep).join('/'), fields: todo.join(', ') });
    },
  };
}

function addMissingFields(ctx: FixContext, call: CallExpression, fields: readonly string[], request: string | undefined): FixAnalysis {
  const object = call.getArguments().find((a) => Node.isObjectLiteralExpression(a));
  if (!object || !Node.isObjectLiteralExpression(object)) return cannot('notFound');
  const have = new Set(object.getProperties().map((p) => (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) || Node.isMethodDeclaration(p) ? p.getName() : '')));
  const missing = fields.filter((f) => !have.has(f));
  if (!missing.length) return cannot('notFound');
  // the query this entry records is not known here: noiDung is a placeholder then
  const values = missing.map((f) => [f, f === 'noiDung' ? undefined : f === 'thoiGian' || f === 'diaChiIp' ? fieldValue(f, call, request) : undefined] as const);
  return {
    title: titled('addAuditFields', { fields: missing.join(', ') }),
    apply: () => {
      if (object.getText().includes('\n')) object.addPropertyAssignments(values.map(([name, v]) => ({ name, initializer: v ?? placeholder(name) })));
      else {
        // a one-line entry stays on one line
        const props = [...object.getProperties().map((p) => p.getText()), ...values.map(([name, v]) => `${name}: ${v ?? placeholder(name)}`)];
        object.replaceWithText(`{ ${props.join(', ')} }`);
      }
      const todo = values.filter(([, v]) => v === undefined).map(([f]) => f);
      if (todo.length) ctx.edits.note('auditTodo', { file: path.relative(ctx.projectRoot, ctx.file).split(path.sep).join('/'), fields: todo.join(', ') });
    },
  };
}
