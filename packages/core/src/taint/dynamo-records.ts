import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { findLocalDeclaration, type FileIndex, type ProjectModel } from '../project/model';
import { propertyValue } from '../query/http-clients';
import type { RecordShape } from './records';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  isCallExpression, isIdentifier, isNewExpression, isNoSubstitutionTemplateLiteral, isObjectLiteralExpression, isPropertyAccessExpression,
  isPropertyAssignment, isShorthandPropertyAssignment, isStringLiteral, isVariableDeclaration,
} = ts;

/**
 * Items of a DynamoDB table whose shape the project writes (docs/taint.md, "Whole records"). Nothing
 * declares a DynamoDB table's attributes: the project's own writes do. Every `PutCommand` or
 * DocumentClient `put` whose parameters name a table (`{ TableName: USERS_TABLE, Item: user }`, the
 * item an object literal, in place or in a local variable) gives that table the item's keys, in any
 * file. A read of the same table returns its items:
 * - the v3 clients: `client.send(new ScanCommand(params))` (`Items`), `QueryCommand` (`Items`),
 *   `GetCommand` and `GetItemCommand` (`Item`); a `PutItemCommand`'s item may be given to `marshall`;
 * - the v2 DocumentClient: `docClient.scan(params)`, `.query(params)`, `.get(params)`, with or
 *   without `.promise()`.
 * The table is matched by what its `TableName` is written as: the same constant (`USERS_TABLE`,
 * `process.env.USERS_TABLE`, `TABLES.users`) or the same literal name. A table the project never
 * puts an item of, or whose items hold no citizen data, gives no shape.
 */

/** Reads, and where their items are in the result. */
const COMMANDS = new Map([['ScanCommand', 'Items'], ['QueryCommand', 'Items'], ['GetCommand', 'Item'], ['GetItemCommand', 'Item']]);
const DOCUMENT_CLIENT = new Map([['scan', 'Items'], ['query', 'Items'], ['get', 'Item']]);

const mentionsTable = new WeakMap<FileIndex, boolean>();

/** The record a DynamoDB read returns when the project's own writes give its table citizen-data attributes. */
export function dynamoRecordOfCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression, method: string): RecordShape | undefined {
  if (method !== 'send' && !DOCUMENT_CLIENT.has(method)) return undefined;
  // (a read names its table: a file without the word has none, whatever its `get` calls are)
  let mentions = mentionsTable.get(file);
  if (mentions === undefined) mentionsTable.set(file, (mentions = file.text.includes('TableName')));
  if (!mentions) return undefined;
  const read = dynamoRead(file, call, method);
  if (!read) return undefined;
  const table = tableKey(read.params);
  if (!table) return undefined;
  const members = tableItems(model).get(table.key);
  return members?.length ? { label: table.label, members, under: read.under } : undefined;
}

/** `send(new ScanCommand(params))` or `scan(params)`: the read's parameters (an object literal with a `TableName`) and where its items are. */
function dynamoRead(file: FileIndex, call: ts.CallExpression, method: string): { params: ts.ObjectLiteralExpression; under: string } | undefined {
  const arg = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!arg) return undefined;
  if (method === 'send') {
    if (!isNewExpression(arg)) return undefined;
    const chain = calleeChain(arg.expression);
    const under = chain && COMMANDS.get(chain[chain.length - 1]);
    const params = under && arg.arguments?.[0] ? paramsObject(file, arg.arguments[0]) : undefined;
    return params && under ? { params, under } : undefined;
  }
  const under = DOCUMENT_CLIENT.get(method);
  const params = under ? paramsObject(file, arg) : undefined;
  return params && under ? { params, under } : undefined;
}

/** An object literal with a `TableName`, written in place or as a local or module variable's initializer. */
function paramsObject(file: FileIndex, expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const obj = objectOf(file, expr);
  return obj && propertyValue(obj, 'TableName') ? obj : undefined;
}

function objectOf(file: FileIndex, expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const e = skipOuterExpressions(expr);
  if (isObjectLiteralExpression(e)) return e;
  if (!isIdentifier(e)) return undefined;
  // (findLocalDeclaration stops below the file; the index holds the module's own declarations)
  const decl = findLocalDeclaration(e) ?? file.declarations.get(e.text);
  const init = decl && isVariableDeclaration(decl) && decl.initializer ? skipOuterExpressions(decl.initializer) : undefined;
  return init && isObjectLiteralExpression(init) ? init : undefined;
}

/** How a table is named: its literal name, or the constant or member written for it (`USERS_TABLE`, `process.env.USERS_TABLE`). */
function tableKey(params: ts.ObjectLiteralExpression): { key: string; label: string } | undefined {
  const name = propertyValue(params, 'TableName');
  const e = name && skipOuterExpressions(name);
  if (!e) return undefined;
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return e.text ? { key: `'${e.text}`, label: e.text } : undefined;
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const chain = calleeChain(e);
    return chain ? { key: chain.join('.'), label: chain.join('.') } : undefined;
  }
  return undefined;
}

/** Every table the project puts items into, with the keys of those items (memoized per project generation). */
function tableItems(model: ProjectModel): ReadonlyMap<string, string[]> {
  return model.memo('taint-dynamo-tables', '', () => {
    const tables = new Map<string, Set<string>>();
    // (every put names its table: the token search leaves the few files that do)
    for (const f of model.filesContaining('TableName')) {
      const index = model.fileIndex(f);
      if (!index) continue;
      const writes: (ts.CallExpression | ts.NewExpression)[] = [...index.news, ...index.calls];
      for (const w of writes) {
        const first = w.arguments?.[0];
        if (!first || !isWrite(w)) continue;
        const params = paramsObject(index, first);
        const table = params && tableKey(params);
        const item = params && propertyValue(params, 'Item');
        const keys = item && itemKeys(index, item);
        if (!table || !keys?.length) continue;
        let set = tables.get(table.key);
        if (!set) tables.set(table.key, (set = new Set()));
        for (const k of keys) if (set.size < 200) set.add(k);
      }
    }
    return new Map([...tables].map(([k, v]) => [k, [...v]]));
  }, new Map());
}

/** `new PutCommand(…)`, `docClient.put(…)`. */
function isWrite(w: ts.CallExpression | ts.NewExpression): boolean {
  if (isNewExpression(w)) {
    const chain = calleeChain(w.expression);
    const name = chain?.[chain.length - 1];
    return name === 'PutCommand' || name === 'PutItemCommand';
  }
  return isPropertyAccessExpression(w.expression) && w.expression.name.text === 'put';
}

/** The keys of an item written as an object literal, in place, in a variable, or given to `marshall(…)`. */
function itemKeys(file: FileIndex, item: ts.Expression): string[] | undefined {
  let e = skipOuterExpressions(item);
  if (isCallExpression(e) && e.arguments.length === 1) {
    const chain = calleeChain(e.expression);
    if (chain?.[chain.length - 1] === 'marshall') e = e.arguments[0];
  }
  const obj = objectOf(file, e);
  if (!obj) return undefined;
  const out: string[] = [];
  for (const p of obj.properties) {
    if ((isPropertyAssignment(p) || isShorthandPropertyAssignment(p)) && (isIdentifier(p.name) || isStringLiteral(p.name))) out.push(p.name.text);
  }
  return out;
}
