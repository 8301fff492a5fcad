import ts from 'typescript';
import { skipOuterExpressions } from '../callee';
import { walkTree } from '../walk';

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
}

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  // one switch on the kind: asked of every node on every walk up to an enclosing function
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** `require('x')`, possibly wrapped in parentheses. */
export function requireSpecifier(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const e = skipOuterExpressions(node);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).some((m) => m.kind === kind) : false);

/** `module.exports` or `exports` */
function commonJsExportTarget(expr: ts.Expression): { whole: true } | { name: string } | undefined {
  if (ts.isPropertyAccessExpression(expr)) {
    const obj = expr.expression;
    if (ts.isIdentifier(obj) && obj.text === 'module' && expr.name.text === 'exports') return { whole: true };
    if (ts.isIdentifier(obj) && obj.text === 'exports') return { name: expr.name.text };
    if (ts.isPropertyAccessExpression(obj) && ts.isIdentifier(obj.expression) && obj.expression.text === 'module' && obj.name.text === 'exports') return { name: expr.name.text };
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
  };

  const addExport = (b: ExportBinding) => index.exports.set(b.exported, b);

  for (const stmt of sourceFile.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const module = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (clause?.name) index.imports.set(clause.name.text, { local: clause.name.text, module, imported: 'default' });
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) index.imports.set(nb.name.text, { local: nb.name.text, module, imported: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) index.imports.set(el.name.text, { local: el.name.text, module, imported: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference) && ts.isStringLiteral(stmt.moduleReference.expression)) {
      index.imports.set(stmt.name.text, { local: stmt.name.text, module: stmt.moduleReference.expression.text, imported: '*' });
    } else if (ts.isExportDeclaration(stmt)) {
      const module = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      if (!stmt.exportClause) {
        if (module) index.starExports.push(module);
      } else if (ts.isNamedExports(stmt.exportClause)) {
        for (const el of stmt.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (module) addExport({ kind: 'reexport', exported: el.name.text, module, imported: local });
          else addExport({ kind: 'local', exported: el.name.text, local });
        }
      } else if (ts.isNamespaceExport(stmt.exportClause) && module) {
        addExport({ kind: 'reexport', exported: stmt.exportClause.name.text, module, imported: '*' });
      }
    } else if (ts.isExportAssignment(stmt)) {
      addExport({ kind: 'expression', exported: stmt.isExportEquals ? '*' : 'default', node: stmt.expression });
    } else if (ts.isVariableStatement(stmt)) {
      const exported = hasModifier(stmt, ts.SyntaxKind.ExportKeyword);
      for (const decl of stmt.declarationList.declarations) {
        const spec = requireSpecifier(decl.initializer);
        if (ts.isIdentifier(decl.name)) {
          index.declarations.set(decl.name.text, decl);
          if (spec) index.imports.set(decl.name.text, { local: decl.name.text, module: spec, imported: '*' });
          if (exported) addExport({ kind: 'local', exported: decl.name.text, local: decl.name.text });
          if (decl.initializer && ts.isClassExpression(skipOuterExpressions(decl.initializer))) index.classes.set(decl.name.text, skipOuterExpressions(decl.initializer) as ts.ClassExpression);
        } else if (ts.isObjectBindingPattern(decl.name) && spec) {
          // const { a, b: c } = require('./x')
          for (const el of decl.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = propertyNameText(el.propertyName) ?? el.name.text;
            index.imports.set(el.name.text, { local: el.name.text, module: spec, imported });
          }
        }
      }
    } else if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) {
      const name = stmt.name?.text;
      const isDefault = hasModifier(stmt, ts.SyntaxKind.DefaultKeyword);
      if (name) index.declarations.set(name, stmt);
      if (ts.isClassDeclaration(stmt) && name) index.classes.set(name, stmt);
      if (hasModifier(stmt, ts.SyntaxKind.ExportKeyword)) {
        if (isDefault) {
          if (name) addExport({ kind: 'local', exported: 'default', local: name });
          else if (!ts.isEnumDeclaration(stmt)) {
            // `export default function () {}` / `export default class {}`: anonymous, reachable only as "default"
            index.declarations.set('default', stmt);
            if (ts.isClassDeclaration(stmt)) index.classes.set('default', stmt);
            addExport({ kind: 'local', exported: 'default', local: 'default' });
          }
        } else if (name) {
          addExport({ kind: 'local', exported: name, local: name });
        }
      }
    } else if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // CommonJS: module.exports = …, exports.x = …, module.exports.x = …
      const target = commonJsExportTarget(stmt.expression.left);
      const value = stmt.expression.right;
      if (target && 'whole' in target) {
        const v = skipOuterExpressions(value);
        if (ts.isObjectLiteralExpression(v)) {
          for (const p of v.properties) {
            if (ts.isShorthandPropertyAssignment(p)) addExport({ kind: 'local', exported: p.name.text, local: p.name.text });
            else if (ts.isPropertyAssignment(p) && propertyNameText(p.name)) {
              const name = propertyNameText(p.name)!;
              const init = skipOuterExpressions(p.initializer);
              if (ts.isIdentifier(init)) addExport({ kind: 'local', exported: name, local: init.text });
              else addExport({ kind: 'expression', exported: name, node: p.initializer });
            } else if (ts.isMethodDeclaration(p) && propertyNameText(p.name)) {
              addExport({ kind: 'expression', exported: propertyNameText(p.name)!, node: p as unknown as ts.Expression });
            }
          }
        }
        const spec = requireSpecifier(v);
        if (spec) index.starExports.push(spec);
        else if (ts.isIdentifier(v)) addExport({ kind: 'local', exported: '*', local: v.text });
        else addExport({ kind: 'expression', exported: '*', node: v });
      } else if (target) {
        const v = skipOuterExpressions(value);
        if (ts.isIdentifier(v)) addExport({ kind: 'local', exported: target.name, local: v.text });
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
  const add = (node: FunctionLike, name: string, className?: string) => {
    let key = `${fileName}#${name}`;
    if (index.functions.some((f) => f.key === key)) key = `${key}@${node.getStart(sourceFile)}`;
    const info: FunctionInfo = { key, name, memoKey: index.memoKey + key.slice(fileName.length), node, className };
    index.functions.push(info);
    index.functionByNode.set(node, info);
  };
  const nameOf = (node: FunctionLike, className: string | undefined): string => {
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
    if (ts.isConstructorDeclaration(node)) return `${className ?? '<class>'}.constructor`;
    if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
      const n = propertyNameText(node.name) ?? '<computed>';
      return className ? `${className}.${n}` : n;
    }
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent) && propertyNameText(parent.name)) {
      const owner = parent.parent.parent;
      const ownerName = ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name) ? `${owner.name.text}.` : '';
      return `${ownerName}${propertyNameText(parent.name)}`;
    }
    if (ts.isPropertyDeclaration(parent) && propertyNameText(parent.name)) return `${className ?? '<class>'}.${propertyNameText(parent.name)}`;
    if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.getText(sourceFile);
    return `<anonymous>@${node.getStart(sourceFile)}`;
  };
  // iterative: deeply nested code must not overflow the stack (walk.ts)
  walkTree<string | undefined>(sourceFile, undefined, (node, className) => {
    let cls = className;
    if (ts.isCallExpression(node)) index.calls.push(node);
    else if (ts.isNewExpression(node)) index.news.push(node);
    else if (ts.isClassDeclaration(node)) index.classDeclarations.push(node);
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      cls = node.name?.text ?? (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : '<class>');
    }
    if (isFunctionLike(node)) add(node, nameOf(node, cls), cls);
    return cls;
  });
}
