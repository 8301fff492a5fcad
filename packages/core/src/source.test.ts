import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { parseSource, scriptKindFor, setParents, setSyntaxCheckFilter, syntaxCheckCandidates } from './source';

/**
 * `parseSource` parses without TypeScript's parent pass and sets the parents
 * itself (`setParents`): every node, JSDoc nodes included, must get the
 * parent `createSourceFile(…, setParentNodes: true)` gives it.
 */

/** Every node in a fixed order: the children TypeScript visits, then the JSDoc nodes hanging off the node. */
function allNodes(root: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    out.push(node);
    ts.forEachChild(node, visit);
    for (const doc of (node as { jsDoc?: ts.Node[] }).jsDoc ?? []) visit(doc);
  };
  visit(root);
  return out;
}

/** For each node, the position of its parent in `allNodes` order (-1: none, -2: a node outside the tree). */
function parentIndexes(root: ts.Node): number[] {
  const nodes = allNodes(root);
  const index = new Map(nodes.map((n, i) => [n, i]));
  return nodes.map((n) => (n.parent === undefined ? -1 : (index.get(n.parent) ?? -2)));
}

function expectSameParents(fileName: string, text: string): number {
  const reference = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const ours = parseSource(fileName, text);
  const expected = parentIndexes(reference);
  const actual = parentIndexes(ours);
  expect(actual.length, fileName).toBe(expected.length);
  const firstDifference = actual.findIndex((p, i) => p !== expected[i]);
  expect(firstDifference, `${fileName}: first node whose parent differs`).toBe(-1);
  return actual.length;
}

const repoRoot = path.resolve(__dirname, '../../..');

function sourceFilesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFilesUnder(full, out);
    else if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

describe('parseSource sets the parents TypeScript sets', () => {
  it('on JSDoc: tags, type expressions, nested types, overloads and comments on members and parameters', () => {
    const js = `
/**
 * Tra cứu công dân.
 * @param {string} soDinhDanh số định danh
 * @param {{ maDVC: string, nguoi?: { ten: string } }} opts
 * @returns {Promise<Array<{ hoTen: string }>>}
 * @template T
 * @typedef {Object} KetQua
 * @property {string} hoTen
 * @callback XuLy
 * @param {function(string): void} cb
 * @see {@link https://example.gov.vn}
 */
async function traCuu(soDinhDanh, opts, /** @type {number} */ gioiHan) {
  /** @type {import('./x').Y} */
  const y = /** @type {any} */ (opts);
  return y;
}
class A {
  /** @param {number} n */
  constructor(n) { /** @private */ this.n = n; }
  /** @returns {void} */
  m() {}
}
`;
    expect(expectSameParents('/virtual/jsdoc.js', js)).toBeGreaterThan(100);
    const tsx = `
/** Bảng kết quả. */
export function Bang(/** thuộc tính */ props: { rows: string[] }) {
  return <table>{props.rows.map((r) => /** một dòng */ <tr key={r}><td>{r}</td></tr>)}</table>;
}
/** @deprecated */
export declare function f(a: string): void;
export declare function f(a: number): void;
enum E { /** một */ A = 1, B }
namespace N { /** x */ export const x = 1; }
`;
    expect(expectSameParents('/virtual/bang.tsx', tsx)).toBeGreaterThan(50);
  });

  it('on syntax errors and deep nesting', () => {
    expectSameParents('/virtual/broken.ts', 'function f( { const x = ; /** @param */ class { m( }');
    expectSameParents('/virtual/deep.ts', `const x = ${'('.repeat(200)}1${')'.repeat(200)};`);
  });

  it("on this repository's own sources, fixtures and example", () => {
    const files = [...sourceFilesUnder(path.join(repoRoot, 'packages')), ...sourceFilesUnder(path.join(repoRoot, 'rules')), ...sourceFilesUnder(path.join(repoRoot, 'examples')), ...sourceFilesUnder(path.join(repoRoot, 'server')), ...sourceFilesUnder(path.join(repoRoot, 'test'))];
    expect(files.length).toBeGreaterThan(300);
    let nodes = 0;
    for (const file of files) nodes += expectSameParents(file, fs.readFileSync(file, 'utf8'));
    expect(nodes).toBeGreaterThan(100_000);
  });
});

describe('the nodes a syntax check looks at, listed by the parent pass', () => {
  /** What a recursive `forEachChild` walk below the root visits, in its order, that the filter chooses. */
  const recursive = (root: ts.Node, filter: (n: ts.Node) => boolean): ts.Node[] => {
    const out: ts.Node[] = [];
    const visit = (n: ts.Node): void => {
      if (filter(n)) out.push(n);
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(root, visit);
    return out;
  };
  const everyOther = (n: ts.Node) => n.kind % 2 === 0;

  it('are the nodes a recursive walk visits, in its order, JSDoc left out', () => {
    const files = [...sourceFilesUnder(path.join(repoRoot, 'packages', 'core', 'src')), ...sourceFilesUnder(path.join(repoRoot, 'examples'))];
    let compared = 0;
    for (const file of files) {
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, scriptKindFor(file));
      const chosen = setParents(sf, everyOther)!;
      expect(chosen, file).toEqual(recursive(sf, everyOther));
      compared += chosen.length;
    }
    expect(compared).toBeGreaterThan(10_000);
    const jsdoc = ts.createSourceFile('/virtual/doc.js', '/** @param {string} a */\nfunction f(a) { return a; }', ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    expect(setParents(jsdoc, () => true)!.some((n) => n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode)).toBe(false);
  });

  it('are kept for an AST parsed while a filter is registered, and only then', () => {
    const text = 'export const a = 1;\nfunction g() { throw e; }';
    setSyntaxCheckFilter(undefined);
    expect(syntaxCheckCandidates(parseSource('/virtual/none.ts', text))).toBeUndefined();
    try {
      setSyntaxCheckFilter(everyOther);
      const sf = parseSource('/virtual/some.ts', text);
      expect(syntaxCheckCandidates(sf)).toEqual(recursive(sf, everyOther));
    } finally {
      setSyntaxCheckFilter(undefined);
    }
  });
});
