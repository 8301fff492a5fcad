import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/**
 * The shipped code reads the TypeScript API once per module
 * (`const { isIdentifier, SyntaxKind } = ts;` after the imports), never as
 * `ts.isIdentifier(…)` or `ts.SyntaxKind.X` in a function body. The typescript
 * package exports its API through getters on an object of some 4,000
 * properties: every such read was a dictionary lookup and a call, 0.7 s of a
 * 2,000-file scan (docs/benchmark.md, "Issue 11, fourth pass"). Types
 * (`ts.Node`, `ts.SyntaxKind` in a type) are not reads and stay as they are.
 */

const REPO = path.resolve(__dirname, '../..');
const SHIPPED = ['packages/core/src', 'packages/eslint-plugin/src', 'packages/engine/src', 'packages/fix/src', 'packages/cli/src', 'server/src', 'rules'];

function shippedSources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'fixtures') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) shippedSources(full, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** `ts.X` value reads inside functions (a module-level read happens once, at load). */
function readsInFunctions(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'ts' && inFunction) {
      found.push(`${path.relative(REPO, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ts.${node.name.text}`);
    }
    ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)));
  };
  visit(sf, false);
  return found;
}

describe('the TypeScript API is read once per module', () => {
  const files = SHIPPED.flatMap((d) => shippedSources(path.join(REPO, d)));

  it('covers the shipped sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith(path.join('taint', 'analysis.ts')))).toBe(true);
  });

  it('no function reads ts.X through the package’s getters', () => {
    const reads = files.flatMap(readsInFunctions);
    expect(reads, 'destructure these after the imports: const { X } = ts;').toEqual([]);
  });

  it('finds such a read (the check is not vacuous)', () => {
    const probe = path.join(REPO, 'test', 'meta', '.ts-read-probe.ts');
    fs.writeFileSync(probe, "import ts from 'typescript';\nexport const f = (n: ts.Node) => ts.isIdentifier(n);\n");
    try {
      expect(readsInFunctions(probe)).toEqual(['test/meta/.ts-read-probe.ts:2 ts.isIdentifier']);
    } finally {
      fs.rmSync(probe);
    }
  });
});
