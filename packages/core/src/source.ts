import * as path from 'node:path';
import ts from 'typescript';
import { walkTree } from './walk';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { ScriptKind, ScriptTarget, createSourceFile } = ts;

export const SOURCE_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'] as const;

/** A JavaScript or TypeScript source file, by its extension. */
export function isSourceFile(fileName: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(fileName).toLowerCase()) && !fileName.endsWith('.d.ts');
}

export type ConfigKind = 'env' | 'json' | 'yaml';

/**
 * Files that look like config by name but hold no settings: package-manager lock files are package
 * names, versions and hashes (`'@inquirer/password': 4.0.23(...)` is a package, not a password).
 * `yarn.lock`, `bun.lock` and `deno.lock` end in `.lock` and are never read as config anyway.
 */
export const NOT_CONFIG_FILES: readonly string[] = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml'];

/**
 * The same file selection as globs, for the ESLint plugin's flat configs, so
 * that `eslint` with the plugin lints exactly what the CLI scans.
 */
export const SOURCE_FILE_GLOBS: readonly string[] = SOURCE_EXTENSIONS.map((ext) => `**/*${ext}`);
export const SOURCE_FILE_IGNORES: readonly string[] = ['**/*.d.ts'];
export const CONFIG_FILE_GLOBS: readonly string[] = ['**/.env', '**/.env.*', '**/*.env', '**/*.json', '**/*.yaml', '**/*.yml'];
export const CONFIG_FILE_IGNORES: readonly string[] = NOT_CONFIG_FILES.map((name) => `**/${name}`);

/** Config files where credentials and endpoints live (SPEC §3): `.env*`, `*.json`, `*.yaml`, `*.yml`. */
export function configKind(fileName: string): ConfigKind | undefined {
  const base = path.basename(fileName).toLowerCase();
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'env';
  const ext = path.extname(base);
  if (NOT_CONFIG_FILES.includes(base)) return undefined;
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  switch (path.extname(fileName).toLowerCase()) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ScriptKind.TS;
    case '.tsx':
      return ScriptKind.TSX;
    case '.jsx':
      return ScriptKind.JSX;
    default:
      // React admin screens often use JSX in plain .js files.
      return ScriptKind.JSX;
  }
}

/**
 * Which nodes a host's syntax check looks at (the ESLint parser registers
 * typescript-estree's, `setSyntaxCheckFilter`): `parseSource` lists them, in
 * source order, in its parent pass, so that the check needs no walk of its
 * own (a walk of every node costs about as much as the parser's own pass).
 */
let syntaxCheckFilter: ((node: ts.Node) => boolean) | undefined;
const syntaxCheckLists = new WeakMap<ts.SourceFile, readonly ts.Node[]>();

export function setSyntaxCheckFilter(filter: ((node: ts.Node) => boolean) | undefined): void {
  syntaxCheckFilter = filter;
}

/** The nodes of an AST the registered filter chose while it was parsed, in source order; undefined for an AST parsed with no filter. */
export function syntaxCheckCandidates(sourceFile: ts.SourceFile): readonly ts.Node[] | undefined {
  return syntaxCheckLists.get(sourceFile);
}

/** Parse one file with the TypeScript compiler (no type checking: fast enough for every keystroke). */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  const sourceFile = createSourceFile(fileName, text, ScriptTarget.Latest, false, scriptKindFor(fileName));
  const chosen = setParents(sourceFile, syntaxCheckFilter);
  if (chosen) syntaxCheckLists.set(sourceFile, chosen);
  return sourceFile;
}

/**
 * The parent pointers `createSourceFile(…, setParentNodes: true)` sets, JSDoc
 * included, for one sixth of the allocation: TypeScript's own pass
 * (`forEachChildRecursively`) gathers every node's children into a new
 * array and queues them, some 300 MB of short-lived arrays on the
 * 2,000-file bench. `walkTree`'s explicit stack, so that no nesting depth
 * overflows the call stack, in source order (pre-order, the order a recursive
 * `forEachChild` walk visits the nodes in); with a filter, the nodes below
 * the root it chooses, in that order (JSDoc, which such a walk does not
 * enter, is not offered to it). (source.test.ts compares both on every node.)
 */
export function setParents(root: ts.Node, filter?: (node: ts.Node) => boolean): ts.Node[] | undefined {
  const chosen: ts.Node[] | undefined = filter ? [] : undefined;
  let docs: ts.Node[] | undefined;
  // walkTree's state is the node's parent (undefined for the root)
  walkTree<ts.Node | undefined>(root, undefined, (node, parent) => {
    if (parent) {
      (node as { parent: ts.Node }).parent = parent;
      if (chosen && filter!(node)) chosen.push(node);
    }
    // a comment `/** … */` is not a child: its JSDoc nodes hang off the node they document
    const jsDoc = (node as { jsDoc?: ts.Node[] }).jsDoc;
    if (jsDoc) {
      for (const doc of jsDoc) (doc as { parent: ts.Node }).parent = node;
      (docs ??= []).push(...jsDoc);
    }
    return node;
  });
  for (const doc of docs ?? []) setParents(doc);
  return chosen;
}

/** 1-based line and column of an offset. */
export function lineColumn(sourceFile: ts.SourceFile, offset: number): { line: number; column: number } {
  const lc = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: lc.line + 1, column: lc.character + 1 };
}
