import ts from 'typescript';
import { skipOuterExpressions } from '../callee';
import { walkTree } from '../walk';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, canHaveModifiers, getModifiers, isBinaryExpression, isCallExpression, isClassDeclaration, isClassExpression,
  isConstructorDeclaration, isEnumDeclaration, isExportAssignment, isExportDeclaration, isExpressionStatement,
  isExternalModuleReference, isFunctionDeclaration, isFunctionExpression, isGetAccessorDeclaration, isIdentifier,
  isImportDeclaration, isImportEqualsDeclaration, isMethodDeclaration, isNamedExports, isNamedImports, isNamespaceExport,
  isNamespaceImport, isNewExpression, isNoSubstitutionTemplateLiteral, isNumericLiteral, isObjectBindingPattern,
  isObjectLiteralExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration,
  isSetAccessorDeclaration, isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike, isVariableDeclaration,
  isVariableStatement,
} = ts;

/**
 * What one file declares, imports and exports: the part of a file that other
 * files can see. Built in one pass over the TypeScript AST (no type checker:
 * the project model must be cheap enough to rebuild on every keystroke), and
 * cached by content hash in the ProjectModel.
 */

export interface ImportBinding {
  /** Local name in this file. */
  local: string;
  /** Module specifier as written. */
  module: string;
  /** `default`, `*` (namespace or whole CommonJS module) or the imported name. */
  imported: string;
  /** The identifier that binds the name (a key for facts about the binding, the same for every use of it). */
  node: ts.Identifier;
}

export type ExportBinding =
  | { kind: 'local'; exported: string; local: string }
  | { kind: 'reexport'; exported: string; module: string; imported: string }
  /** `export default <expression>` / `module.exports = <expression>` / `exports.x = <expression>` */
  | { kind: 'expression'; exported: string; node: ts.Expression };

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

export interface FunctionInfo {
  /** `file#name`, `file#Class.method`, `file#object.method`, or `file#<anonymous>@offset`. Stable while the file does not change. */
  key: string;
  /** Human-readable name for messages and reports. */
  name: string;
  /** A short key for memo tables: the file's `memoKey` and the function's place in it (see `FileIndex.memoKey`). */
  memoKey: string;
  node: FunctionLike;
  /** The class that holds a method, if any. */
  className?: string;
}

export interface FileIndex {
  fileName: string;
  hash: string;
  /**
   * A short key for this file's path and content, for memo tables. Keys built as
   * `${fileName}|${hash}|…` on every question were long concatenations that each Map lookup
   * flattened and hashed again; this one is one short flat string per file version (the same
   * for every index built over the same path and text).
   */
  memoKey: string;
  text: string;
  sourceFile: ts.SourceFile;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportBinding>;
  /** `export * from '…'` specifiers. */
  starExports: string[];
  /** Top-level declarations by name: variables, functions, classes, enums. */
  declarations: Map<string, ts.VariableDeclaration | ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration>;
  classes: Map<string, ts.ClassDeclaration | ts.ClassExpression>;
  /** Every function-like node with a key, in source order. */
  functions: FunctionInfo[];
  functionByNode: Map<ts.Node, FunctionInfo>;
  /**
   * Every call, `new` and class declaration of the file, in source order (pre-order), collected in
   * the index's one walk: the rules' searches for route registrations, mounts, query sites and
   * call edges read these lists instead of walking the whole tree again each.
   */
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  classDeclarations: ts.ClassDeclaration[];
  /**
   * Every expression that may spell a URL, in source order (pre-order), from the same walk: string
   * literals, templates, `+` concatenations and `new URL(…)` (`popdb/no-unregistered-endpoint` reads
   * these instead of walking the tree: a walk of every node costs as much as the parse's own).
   */
  strings: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression | ts.BinaryExpression | ts.NewExpression)[];
  /**
   * Where a name may be bound to a value, in source order, from the same walk: variable, property
   * and parameter declarations, `=` assignments and calls (whose callbacks' parameters are bound
   * by the callee). The sinks' package bindings are found among these.
   */
  bindingSites: (ts.VariableDeclaration | ts.PropertyDeclaration | ts.ParameterDeclaration | ts.BinaryExpression | ts.CallExpression)[];
  /** Where a value is stored under a name, in source order, from the same walk: variable declarations, object properties and `=` assignments. */
  assignments: (ts.VariableDeclaration | ts.PropertyAssignment | ts.BinaryExpression)[];
}

/** Is there, between a node and its ancestor `scope` (both left out), a node that `boundary` chooses (a nested function, a class)? */
export function isNestedUnder(node: ts.Node, scope: ts.Node, boundary: (n: ts.Node) => boolean): boolean {
  for (let p = node.parent; p && p !== scope; p = p.parent) if (boundary(p)) return true;
  return false;
}

/** The nodes of a source-ordered list (one of a file index's) that lie within `node` (itself included). */
export function nodesWithin<N extends ts.Node>(list: readonly N[], node: ts.Node): readonly N[] {
  // pre-order is ordered by position: binary search for the first node at or after `node`'s start
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].pos < node.pos) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && list[end].pos < node.end) end++;
  return list.slice(lo, end);
}

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  // one switch on the kind: asked of every node on every walk up to an enclosing function
  switch (node.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.Constructor:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name) || isPrivateIdentifier(name) || isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** `require('x')`, possibly wrapped in parentheses. */
export function requireSpecifier(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const e = skipOuterExpressions(node);
  if (isCallExpression(e) && isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => (canHaveModifiers(node) ? (getModifiers(node) ?? []).some((m) => m.kind === kind) : false);

/** `module.exports` or `exports` */
function commonJsExportTarget(expr: ts.Expression): { whole: true } | { name: string } | undefined {
  if (isPropertyAccessExpression(expr)) {
    const obj = expr.expression;
    if (isIdentifier(obj) && obj.text === 'module' && expr.name.text === 'exports') return { whole: true };
    if (isIdentifier(obj) && obj.text === 'exports') return { name: expr.name.text };
    if (isPropertyAccessExpression(obj) && isIdentifier(obj.expression) && obj.expression.text === 'module' && obj.name.text === 'exports') return { name: expr.name.text };
  }
  return undefined;
}

const fileVersionIds = new Map<string, number>();

/** The `memoKey` of a path and content hash: one id per pair, for the life of the process. */
export function fileVersionKey(fileName: string, hash: string): string {
  const pair = `${hash}\u0000${fileName}`;
  let id = fileVersionIds.get(pair);
  if (id === undefined) fileVersionIds.set(pair, (id = fileVersionIds.size));
  return `f${id}`;
}

export function buildFileIndex(sourceFile: ts.SourceFile, hash: string): FileIndex {
  const fileName = sourceFile.fileName;
  const index: FileIndex = {
    fileName,
    hash,
    memoKey: fileVersionKey(fileName, hash),
    text: sourceFile.text,
    sourceFile,
    imports: new Map(),
    exports: new Map(),
    starExports: [],
    declarations: new Map(),
    classes: new Map(),
    functions: [],
    functionByNode: new Map(),
    calls: [],
    news: [],
    classDeclarations: [],
    strings: [],
    bindingSites: [],
    assignments: [],
  };

  const addExport = (b: ExportBinding) => index.exports.set(b.exported, b);

  for (const stmt of sourceFile.statements) {
    if (isImportDeclaration(stmt) && isStringLiteral(stmt.moduleSpecifier)) {
      const module = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (clause?.name) index.imports.set(clause.name.text, { local: clause.name.text, module, imported: 'default', node: clause.name });
      const nb = clause?.namedBindings;
      if (nb && isNamespaceImport(nb)) index.imports.set(nb.name.text, { local: nb.name.text, module, imported: '*', node: nb.name });
      if (nb && isNamedImports(nb)) {
        for (const el of nb.elements) index.imports.set(el.name.text, { local: el.name.text, module, imported: (el.propertyName ?? el.name).text, node: el.name });
      }
    } else if (isImportEqualsDeclaration(stmt) && isExternalModuleReference(stmt.moduleReference) && isStringLiteral(stmt.moduleReference.expression)) {
      index.imports.set(stmt.name.text, { local: stmt.name.text, module: stmt.moduleReference.expression.text, imported: '*', node: stmt.name });
    } else if (isExportDeclaration(stmt)) {
      const module = stmt.moduleSpecifier && isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      if (!stmt.exportClause) {
        if (module) index.starExports.push(module);
      } else if (isNamedExports(stmt.exportClause)) {
        for (const el of stmt.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (module) addExport({ kind: 'reexport', exported: el.name.text, module, imported: local });
          else addExport({ kind: 'local', exported: el.name.text, local });
        }
      } else if (isNamespaceExport(stmt.exportClause) && module) {
        addExport({ kind: 'reexport', exported: stmt.exportClause.name.text, module, imported: '*' });
      }
    } else if (isExportAssignment(stmt)) {
      addExport({ kind: 'expression', exported: stmt.isExportEquals ? '*' : 'default', node: stmt.expression });
    } else if (isVariableStatement(stmt)) {
      const exported = hasModifier(stmt, SyntaxKind.ExportKeyword);
      for (const decl of stmt.declarationList.declarations) {
        const spec = requireSpecifier(decl.initializer);
        if (isIdentifier(decl.name)) {
          index.declarations.set(decl.name.text, decl);
          if (spec) index.imports.set(decl.name.text, { local: decl.name.text, module: spec, imported: '*', node: decl.name });
          if (exported) addExport({ kind: 'local', exported: decl.name.text, local: decl.name.text });
          if (decl.initializer && isClassExpression(skipOuterExpressions(decl.initializer))) index.classes.set(decl.name.text, skipOuterExpressions(decl.initializer) as ts.ClassExpression);
        } else if (isObjectBindingPattern(decl.name) && spec) {
          // const { a, b: c } = require('./x')
          for (const el of decl.name.elements) {
            if (!isIdentifier(el.name)) continue;
            const imported = propertyNameText(el.propertyName) ?? el.name.text;
            index.imports.set(el.name.text, { local: el.name.text, module: spec, imported, node: el.name });
          }
        }
      }
    } else if (isFunctionDeclaration(stmt) || isClassDeclaration(stmt) || isEnumDeclaration(stmt)) {
      const name = stmt.name?.text;
      const isDefault = hasModifier(stmt, SyntaxKind.DefaultKeyword);
      if (name) index.declarations.set(name, stmt);
      if (isClassDeclaration(stmt) && name) index.classes.set(name, stmt);
      if (hasModifier(stmt, SyntaxKind.ExportKeyword)) {
        if (isDefault) {
          if (name) addExport({ kind: 'local', exported: 'default', local: name });
          else if (!isEnumDeclaration(stmt)) {
            // `export default function () {}` / `export default class {}`: anonymous, reachable only as "default"
            index.declarations.set('default', stmt);
            if (isClassDeclaration(stmt)) index.classes.set('default', stmt);
            addExport({ kind: 'local', exported: 'default', local: 'default' });
          }
        } else if (name) {
          addExport({ kind: 'local', exported: name, local: name });
        }
      }
    } else if (isExpressionStatement(stmt) && isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === SyntaxKind.EqualsToken) {
      // CommonJS: module.exports = …, exports.x = …, module.exports.x = …
      const target = commonJsExportTarget(stmt.expression.left);
      const value = stmt.expression.right;
      if (target && 'whole' in target) {
        const v = skipOuterExpressions(value);
        if (isObjectLiteralExpression(v)) {
          for (const p of v.properties) {
            if (isShorthandPropertyAssignment(p)) addExport({ kind: 'local', exported: p.name.text, local: p.name.text });
            else if (isPropertyAssignment(p) && propertyNameText(p.name)) {
              const name = propertyNameText(p.name)!;
              const init = skipOuterExpressions(p.initializer);
              if (isIdentifier(init)) addExport({ kind: 'local', exported: name, local: init.text });
              else addExport({ kind: 'expression', exported: name, node: p.initializer });
            } else if (isMethodDeclaration(p) && propertyNameText(p.name)) {
              addExport({ kind: 'expression', exported: propertyNameText(p.name)!, node: p as unknown as ts.Expression });
            }
          }
        }
        const spec = requireSpecifier(v);
        if (spec) index.starExports.push(spec);
        else if (isIdentifier(v)) addExport({ kind: 'local', exported: '*', local: v.text });
        else addExport({ kind: 'expression', exported: '*', node: v });
      } else if (target) {
        const v = skipOuterExpressions(value);
        if (isIdentifier(v)) addExport({ kind: 'local', exported: target.name, local: v.text });
        else addExport({ kind: 'expression', exported: target.name, node: value });
      }
    }
  }

  collectFunctions(index);
  return index;
}

/** Give every function-like node a key and a readable name; list the calls, `new`s and classes. */
function collectFunctions(index: FileIndex): void {
  const { sourceFile, fileName } = index;
  // keys taken so far: asking the list was quadratic (a 5 MB bundle of 60,000 functions took 24 s here)
  const keys = new Set<string>();
  const add = (node: FunctionLike, name: string, className?: string) => {
    let key = `${fileName}#${name}`;
    if (keys.has(key)) key = `${key}@${node.getStart(sourceFile)}`;
    keys.add(key);
    const info: FunctionInfo = { key, name, memoKey: index.memoKey + key.slice(fileName.length), node, className };
    index.functions.push(info);
    index.functionByNode.set(node, info);
  };
  const nameOf = (node: FunctionLike, className: string | undefined): string => {
    if ((isFunctionDeclaration(node) || isFunctionExpression(node)) && node.name) return node.name.text;
    if (isConstructorDeclaration(node)) return `${className ?? '<class>'}.constructor`;
    if (isMethodDeclaration(node) || isGetAccessorDeclaration(node) || isSetAccessorDeclaration(node)) {
      const n = propertyNameText(node.name) ?? '<computed>';
      return className ? `${className}.${n}` : n;
    }
    const parent = node.parent;
    if (isVariableDeclaration(parent) && isIdentifier(parent.name)) return parent.name.text;
    if (isPropertyAssignment(parent) && propertyNameText(parent.name)) {
      const owner = parent.parent.parent;
      const ownerName = isVariableDeclaration(owner) && isIdentifier(owner.name) ? `${owner.name.text}.` : '';
      return `${ownerName}${propertyNameText(parent.name)}`;
    }
    if (isPropertyDeclaration(parent) && propertyNameText(parent.name)) return `${className ?? '<class>'}.${propertyNameText(parent.name)}`;
    if (isBinaryExpression(parent) && isPropertyAccessExpression(parent.left)) return parent.left.getText(sourceFile);
    return `<anonymous>@${node.getStart(sourceFile)}`;
  };
  // iterative: deeply nested code must not overflow the stack (walk.ts)
  walkTree<string | undefined>(sourceFile, undefined, (node, className) => {
    let cls = className;
    switch (node.kind) {
      case SyntaxKind.CallExpression:
        index.calls.push(node as ts.CallExpression);
        index.bindingSites.push(node as ts.CallExpression);
        break;
      case SyntaxKind.VariableDeclaration:
        index.bindingSites.push(node as ts.VariableDeclaration);
        index.assignments.push(node as ts.VariableDeclaration);
        break;
      case SyntaxKind.PropertyDeclaration:
      case SyntaxKind.Parameter:
        index.bindingSites.push(node as ts.PropertyDeclaration);
        break;
      case SyntaxKind.PropertyAssignment:
        index.assignments.push(node as ts.PropertyAssignment);
        break;
      case SyntaxKind.NewExpression:
        index.news.push(node as ts.NewExpression);
        index.strings.push(node as ts.NewExpression);
        break;
      case SyntaxKind.ClassDeclaration:
        index.classDeclarations.push(node as ts.ClassDeclaration);
        break;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.TemplateExpression:
        index.strings.push(node as ts.StringLiteral);
        break;
      case SyntaxKind.BinaryExpression: {
        const operator = (node as ts.BinaryExpression).operatorToken.kind;
        if (operator === SyntaxKind.PlusToken) index.strings.push(node as ts.BinaryExpression);
        else if (operator === SyntaxKind.EqualsToken) {
          index.bindingSites.push(node as ts.BinaryExpression);
          index.assignments.push(node as ts.BinaryExpression);
        }
        break;
      }
    }
    if (isClassDeclaration(node) || isClassExpression(node)) {
      cls = node.name?.text ?? (isVariableDeclaration(node.parent) && isIdentifier(node.parent.name) ? node.parent.name.text : '<class>');
    }
    if (isFunctionLike(node)) add(node, nameOf(node, cls), cls);
    return cls;
  });
}
