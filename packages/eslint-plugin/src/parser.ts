import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { VERSION, setSyntaxCheckFilter, sharedSourceFile, syntaxCheckCandidates } from '@popdb-guard/core';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  ScriptKind, ScriptTarget, SyntaxKind, createScanner, createSourceFile, flattenDiagnosticMessageText, forEachChild, isCallExpression,
  isCaseClause, isExpressionStatement, isFunctionDeclaration, isIdentifier, isPropertyAccessExpression, isSwitchStatement,
  isVariableStatement,
} = ts;

/**
 * The parser the popdb-guard hosts (CLI, language server) lint source files
 * with. The rules run on TypeScript's AST, never on ESTree, so this parser
 * gives ESLint only what ESLint itself needs and hands the rules the
 * TypeScript `SourceFile` (the one the project model shares, see
 * `sharedSourceFile`):
 *
 * - `ast`: a `Program` with no body, whose range and loc cover the file, with
 *   every comment (ESLint reads `eslint-disable` directives, inline config
 *   and `-- reasons` from them, and reports unused directives at their
 *   position) and no tokens (nothing the hosts run reads them);
 * - `services.sourceFile`: the TypeScript AST;
 * - `visitorKeys`: `Program` has no children. The scope manager is ESLint's
 *   own over the empty program (a global and a module scope).
 *
 * A file TypeScript cannot parse throws the first parse diagnostic with its
 * line and column, as typescript-eslint does, so it becomes ESLint's fatal
 * "Parsing error" and the hosts' `popdb/parse-error`. typescript-eslint also
 * rejects code TypeScript's parser accepts and only its type checker flags
 * (`const = ;`, two `default:` clauses, misplaced modifiers); its own check
 * (`checkSyntaxError`, run on every TypeScript node as its converter does)
 * is run here too, so both paths reject the same files.
 *
 * Users' own `eslint` runs keep `@typescript-eslint/parser` (the plugin's
 * configs use it); docs/architecture.md says why the hosts do not.
 */

export interface Position {
  line: number;
  column: number;
}

export interface Comment {
  type: 'Line' | 'Block';
  value: string;
  range: [number, number];
  loc: { start: Position; end: Position };
}

export interface EmptyProgram {
  type: 'Program';
  sourceType: 'module' | 'script';
  body: [];
  comments: Comment[];
  tokens: [];
  range: [number, number];
  loc: { start: Position; end: Position };
}

export class ParseError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
    /** 0-based, like typescript-eslint's TSError (ESLint adds one). */
    readonly column: number,
    readonly index: number,
  ) {
    super(message);
  }
}

function positionOf(sourceFile: ts.SourceFile, offset: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character };
}

/**
 * Every comment of a parsed file, in order. Comments live only in the trivia
 * between tokens. Each `//` or `/*` of the text is a comment start unless it
 * lies inside a token (a string, template part, regular expression, JSX text:
 * nodes of their own): one descent from the root to the node that holds the
 * position tells which, and TypeScript's scanner reads the comment from there.
 * Most of a file holds no slash pair, so no walk over all its nodes is needed.
 */
export function commentsOf(sourceFile: ts.SourceFile): Comment[] {
  const text = sourceFile.text;
  const comments: Comment[] = [];
  const scanner = createScanner(ScriptTarget.Latest, false, sourceFile.languageVariant, text);
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next !== 47 /* / */ && next !== 42 /* * */) continue;
    if (!inTrivia(sourceFile, i)) continue;
    scanner.setText(text, i, text.length - i);
    const kind = scanner.scan();
    if (kind !== SyntaxKind.SingleLineCommentTrivia && kind !== SyntaxKind.MultiLineCommentTrivia) continue;
    const pos = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    const line = kind === SyntaxKind.SingleLineCommentTrivia;
    comments.push({
      type: line ? 'Line' : 'Block',
      value: text.slice(pos + 2, line ? end : end - 2),
      range: [pos, end],
      loc: { start: positionOf(sourceFile, pos), end: positionOf(sourceFile, end) },
    });
    i = end - 1;
  }
  return comments;
}

/**
 * Is offset `at` in trivia or between the children of a node (where a slash pair starts a
 * comment), rather than inside a token? Descends from the root to the innermost node holding it.
 */
function inTrivia(sourceFile: ts.SourceFile, at: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let inner: ts.Node | undefined;
    const holds = (c: ts.Node) => {
      if (c.pos <= at && at < c.end) inner = c;
      return inner;
    };
    forEachChild(node, holds, (nodes) => {
      // children are in source order: a binary search, so a file of many statements and comments stays linear
      let lo = 0;
      let hi = nodes.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = nodes[mid];
        if (at < c.pos) hi = mid - 1;
        else if (at >= c.end) lo = mid + 1;
        else return holds(c);
      }
      return undefined;
    });
    if (!inner) {
      // a gap of the node itself: punctuation, keywords and trivia of a node with children; a token's own text otherwise
      return !(node.kind >= SyntaxKind.FirstToken && node.kind <= SyntaxKind.LastToken) || at < node.getStart(sourceFile);
    }
    // the leading trivia of a child
    if (at < inner.getStart(sourceFile)) return true;
    node = inner;
  }
}

export interface ParserOptions {
  filePath?: string;
  sourceType?: 'module' | 'script' | 'commonjs';
}

type SyntaxCheck = (node: ts.Node, parent: ts.Node, allowPattern: boolean) => void;
let syntaxCheck: SyntaxCheck | null | undefined;
/**
 * The node kinds `checkSyntaxError` looks at beyond modifiers, read from the
 * installed version so that a new check is never skipped. Its body is a
 * `checkModifiers(node)` call and one `switch` on the node's kind: when the
 * installed file still has that shape, the kinds are the switch's `case`
 * labels; otherwise every `SyntaxKind.X` the file names (a superset). Other
 * nodes without modifiers (identifiers, literals, member accesses, blocks:
 * most of a file) have nothing to check, and the walk skips the call.
 */
let checkedKinds: ReadonlySet<ts.SyntaxKind> | undefined;

const kindNamed = (name: string) => (SyntaxKind as unknown as Record<string, ts.SyntaxKind | undefined>)[name];

function kindsNamedIn(source: string): Set<ts.SyntaxKind> {
  const kinds = new Set<ts.SyntaxKind>();
  for (const [, name] of source.matchAll(/SyntaxKind\.([A-Za-z]+)/g)) {
    const kind = kindNamed(name);
    if (kind !== undefined) kinds.add(kind);
  }
  return kinds;
}

/** The `case` kinds of `checkSyntaxError`'s switch, or undefined when its body is not a modifier check and that switch. */
export function switchedKinds(fileName: string, source: string): Set<ts.SyntaxKind> | undefined {
  const file = createSourceFile(fileName, source, ScriptTarget.Latest, false, ScriptKind.JS);
  const fn = file.statements.find((s): s is ts.FunctionDeclaration => isFunctionDeclaration(s) && s.name?.text === 'checkSyntaxError');
  if (!fn?.body) return undefined;
  const kinds = new Set<ts.SyntaxKind>();
  let switches = 0;
  for (const statement of fn.body.statements) {
    // `(0, check_modifiers_1.checkModifiers)(tsNode);` and `const node = tsNode;`
    if (isExpressionStatement(statement) && isCallExpression(statement.expression) && /\bcheckModifiers\b/.test(statement.expression.expression.getText(file))) continue;
    if (isVariableStatement(statement) && statement.declarationList.declarations.every((d) => d.initializer && isIdentifier(d.initializer))) continue;
    if (!isSwitchStatement(statement) || switches++) return undefined;
    for (const clause of statement.caseBlock.clauses) {
      if (!isCaseClause(clause)) return undefined; // a default clause checks every kind
      const label = clause.expression;
      const kind = isPropertyAccessExpression(label) && /(^|\.)SyntaxKind$/.test(label.expression.getText(file)) ? kindNamed(label.name.text) : undefined;
      if (kind === undefined) return undefined;
      kinds.add(kind);
    }
  }
  return switches === 1 ? kinds : undefined;
}

/** Can `checkSyntaxError` throw on this node? Modifiers and decorators are checked on any node that has them. */
function mayFailSyntaxCheck(node: ts.Node): boolean {
  return !checkedKinds || checkedKinds.has(node.kind) || (node as { modifiers?: unknown }).modifiers !== undefined || 'illegalDecorators' in node;
}

/**
 * typescript-estree's `checkSyntaxError`. It is not in the package's exports,
 * so it is loaded by file next to the package's entry point; if a future
 * version moves it, the check is skipped (and the conformance test, which
 * lints such a file both ways, fails).
 */
function typescriptEstreeSyntaxCheck(): SyntaxCheck | null {
  if (syntaxCheck !== undefined) return syntaxCheck;
  try {
    const parserDir = path.dirname(require.resolve('@typescript-eslint/parser'));
    const estreeMain = require.resolve('@typescript-eslint/typescript-estree', { paths: [parserDir] });
    const checkFile = path.join(path.dirname(estreeMain), 'check-syntax-errors.js');
    syntaxCheck = (require(checkFile) as { checkSyntaxError: SyntaxCheck }).checkSyntaxError;
    try {
      const source = fs.readFileSync(checkFile, 'utf8');
      checkedKinds = switchedKinds(checkFile, source) ?? kindsNamedIn(source);
    } catch {
      checkedKinds = undefined; // unreadable: check every node
    }
  } catch {
    syntaxCheck = null;
  }
  return syntaxCheck;
}

interface EstreeError {
  message: string;
  lineNumber: number;
  column: number;
  index: number;
}

function checkSyntax(sourceFile: ts.SourceFile): void {
  const check = typescriptEstreeSyntaxCheck();
  if (!check) return;
  // allowPattern is the converter's "inside a destructuring target" state; false only matters for object literals with bodiless methods, invalid anyway
  const visit = (node: ts.Node): void => {
    if (mayFailSyntaxCheck(node)) check(node, node.parent, false);
    forEachChild(node, visit);
  };
  try {
    // the nodes the parse's parent pass chose (in source order, as this walk visits them); an AST parsed before the filter was registered is walked
    const chosen = syntaxCheckCandidates(sourceFile);
    if (chosen) for (const node of chosen) check(node, node.parent, false);
    else forEachChild(sourceFile, visit);
  } catch (error) {
    const e = error as Partial<EstreeError>;
    if (typeof e.lineNumber === 'number' && typeof e.column === 'number') throw new ParseError(e.message ?? String(error), e.lineNumber, e.column, e.index ?? 0);
    throw error;
  }
}

export function parseForESLint(text: string, options: ParserOptions = {}) {
  const fileName = options.filePath ?? 'file.ts';
  // from the first parse on, every parse lists the nodes the syntax check looks at (parseSource, setSyntaxCheckFilter)
  if (typescriptEstreeSyntaxCheck()) setSyntaxCheckFilter(mayFailSyntaxCheck);
  const sourceFile = sharedSourceFile(fileName, text);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diagnostics.length) {
    const d = diagnostics[0];
    const at = positionOf(sourceFile, d.start);
    throw new ParseError(flattenDiagnosticMessageText(d.messageText, '\n'), at.line, at.column, d.start);
  }
  checkSyntax(sourceFile);
  const ast: EmptyProgram = {
    type: 'Program',
    sourceType: options.sourceType === 'script' ? 'script' : 'module',
    body: [],
    comments: commentsOf(sourceFile),
    tokens: [],
    range: [0, text.length],
    loc: { start: { line: 1, column: 0 }, end: positionOf(sourceFile, text.length) },
  };
  return { ast, services: { sourceFile }, visitorKeys: { Program: [] as string[] } };
}

export function parse(text: string, options?: ParserOptions): EmptyProgram {
  return parseForESLint(text, options).ast;
}

export const meta = { name: 'eslint-plugin-popdb/parser', version: VERSION };
