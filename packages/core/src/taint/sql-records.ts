import ts from 'typescript';
import { skipOuterExpressions } from '../callee';
import { findLocalDeclaration, type FileIndex, type ProjectModel, type StringPart } from '../project/model';
import type { RecordShape } from './records';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { SyntaxKind, isBinaryExpression, isIdentifier, isNoSubstitutionTemplateLiteral, isPropertyAccessExpression, isStringLiteral, isTemplateExpression, isVariableDeclaration } = ts;

/**
 * Rows of raw SQL whose table the project describes (docs/taint.md, "Whole records"): a call given a
 * `SELECT … FROM t` (`db.load(\`select * from users where Email = '${email}'\`)`, `pool.query(sql)`,
 * through a variable or a constant) returns records of `t`, with the columns it selects or, for `*`,
 * the columns the project's own SQL gives the table: the column lists of `INSERT INTO t (…)`, the
 * assignments of `UPDATE t SET … WHERE`, the columns of `CREATE TABLE t (…)`, in any project file.
 * A table the project says nothing about, or whose columns hold no citizen data, gives no shape
 * (the rows stay of no known shape: records by use may still read them).
 */

/** Text longer than this is not read as a query head. */
const MAX_SQL = 4_000;
const SELECT = /^\s*select\s+(?:distinct\s+|all\s+|top\s+\d+\s+)?([\s\S]+?)\s+from\s+([`"[]?[A-Za-z_][\w$]*[`"\]]?(?:\.[`"[]?[A-Za-z_][\w$]*[`"\]]?)?)/i;
const IDENT = /^[A-Za-z_][\w$]*$/;
const STARTS_SELECT = /^\s*(?:select\s|$)/i;
/** Names of variables and constants that hold a query: `sql`, `findUserSql`, `stmt`, `QUERY_USERS` (not `query`, Express's and Mongo's filter object). */
const isQueryName = (name: string) => /sql|stmt|statement/i.test(name) || /^[A-Z0-9_]*QUERY[A-Z0-9_]*$/.test(name);
/** Words that follow "from" in a sentence (`Select a date from the calendar`) and name no table. */
const NOT_A_TABLE = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'your', 'our', 'my', 'his', 'her', 'their', 'its', 'list', 'menu', 'below', 'above', 'here', 'there', 'one', 'any', 'each', 'all']);

const mentionsSelect = new WeakMap<FileIndex, boolean>();

/** The record a call returns when its first argument is a `SELECT` of a table the project describes. */
export function sqlRecordOfCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): RecordShape | undefined {
  const arg = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!arg) return undefined;
  // (most files hold no SQL: one search of the text per file decides for all their calls, before any look at the argument)
  let mentions = mentionsSelect.get(file);
  if (mentions === undefined) mentionsSelect.set(file, (mentions = /\bselect\b/i.test(file.text)));
  if (!mentions || !mayBeSelect(arg)) return undefined;
  const head = queryHead(model.evaluateString(file, arg));
  const select = head === undefined ? undefined : parseSelect(head);
  if (!select) return undefined;
  const members = select.columns ?? tableColumns(model, select.table);
  return members.length ? { label: select.table, members } : undefined;
}

/**
 * May this argument be a `SELECT`? Decided without evaluating it (a call of a file that mentions SQL
 * is asked for every call it makes): text written in place must start with one; a name must be a
 * local variable set to such text (`const sql = \`select …\``) or be named for a query (`sql`,
 * `QUERY_USERS`, `stmt`), as a constant of another file is.
 */
function mayBeSelect(e: ts.Expression, depth = 0): boolean {
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return STARTS_SELECT.test(e.text);
  if (isTemplateExpression(e)) return STARTS_SELECT.test(e.head.text);
  if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) return depth < 8 && mayBeSelect(skipOuterExpressions(e.left), depth + 1);
  if (isPropertyAccessExpression(e)) return isQueryName(e.name.text);
  if (!isIdentifier(e)) return false;
  if (isQueryName(e.text)) return true;
  const decl = findLocalDeclaration(e);
  return decl !== undefined && isVariableDeclaration(decl) && decl.initializer !== undefined && depth < 8 && mayBeSelect(skipOuterExpressions(decl.initializer), depth + 1);
}

/** The text of a query up to its first value the analysis does not know (enough for `SELECT … FROM t`). */
function queryHead(parts: readonly StringPart[]): string | undefined {
  let text = '';
  for (const p of parts) {
    if (p.kind !== 'text') return text || undefined;
    text += p.text;
    if (text.length > MAX_SQL) return undefined;
  }
  return text || undefined;
}

/** `SELECT cols FROM t`: the table, and the selected names (undefined for `*` or `t.*`: every column). */
export function parseSelect(sql: string): { table: string; columns: string[] | undefined } | undefined {
  const m = SELECT.exec(sql);
  if (!m) return undefined;
  const table = unquote(m[2].split('.').pop()!);
  // `Select a file from the list`: words of a sentence, not a query
  if (NOT_A_TABLE.has(table.toLowerCase())) return undefined;
  const columns: string[] = [];
  for (const item of splitTopLevel(m[1], ',')) {
    const t = item.trim();
    if (t === '*' || /\.\s*\*$/.test(t)) return { table, columns: undefined };
    // `u.HoTen`, `HoTen AS ten`, `CONCAT(ho, ten) hoTen`: the name the row gets
    const alias = /\s(?:as\s+)?([`"[]?[A-Za-z_][\w$]*[`"\]]?)$/i.exec(t);
    const name = alias ? unquote(alias[1]) : unquote(t.split('.').pop()!.trim());
    if (IDENT.test(name)) columns.push(name);
  }
  return { table, columns };
}

/** The columns the project's SQL gives a table (memoized per project generation; the table name is the token search). */
export function tableColumns(model: ProjectModel, table: string): string[] {
  return model.memo('taint-sql-table', table, () => {
    const out = new Set<string>();
    const t = table.replace(/[$]/g, '\\$&');
    const name = `[\`"[]?${t}[\`"\\]]?`;
    const insert = new RegExp(`\\binsert\\s+into\\s+${name}\\s*\\(([^)]{1,2000})\\)`, 'gi');
    const update = new RegExp(`\\bupdate\\s+${name}\\s+set\\s+([\\s\\S]{1,2000}?)(?:\\bwhere\\b|[;\`]|$)`, 'gi');
    const create = new RegExp(`\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?${name}\\s*\\(`, 'gi');
    // (the text only: no file is parsed or indexed for this)
    for (const f of model.filesContaining(table)) {
      const text = model.files.read(f);
      if (text === undefined) continue;
      for (let m = insert.exec(text); m; m = insert.exec(text)) {
        for (const c of m[1].split(',')) add(out, c);
      }
      for (let m = update.exec(text); m; m = update.exec(text)) {
        for (const a of m[1].matchAll(/(?:^|,)\s*([`"[]?[A-Za-z_][\w$]*[`"\]]?)\s*=/g)) add(out, a[1]);
      }
      for (let m = create.exec(text); m; m = create.exec(text)) {
        const body = balanced(text, m.index + m[0].length);
        for (const column of splitTopLevel(body, ',')) {
          const first = column.trim().split(/\s+/)[0] ?? '';
          if (!/^(?:primary|foreign|unique|key|index|constraint|check)$/i.test(first)) add(out, first);
        }
      }
    }
    return [...out];
  }, []);
}

function add(out: Set<string>, raw: string): void {
  const name = unquote(raw.trim());
  if (IDENT.test(name) && out.size < 200) out.add(name);
}

function unquote(s: string): string {
  return s.replace(/^[`"[]|[`"\]]$/g, '');
}

/** The text inside the parenthesis opened just before `from`, up to its balancing `)` (bounded). */
function balanced(text: string, from: number): string {
  let depth = 1;
  const end = Math.min(text.length, from + MAX_SQL);
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(from, i);
  }
  return '';
}

/** Split on `sep` outside parentheses: `CONCAT(ho, ten) hoTen, cccd` → two items. */
function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
