import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { IndexTable } from './model';
import { MEMO_CAPACITY, NODE_MEMO_FILES, ProjectFiles, ProjectModel, RETAINED_INDEXES, getProjectModel, knownText, releaseProjectFacts, resolvePolicy, resetProjectModels, sharedSourceFile } from '@popdb-guard/core';

// The model keeps a bounded working set: recent file indexes strongly, the
// rest weakly, memo tables bounded. These tests check that the bound never
// changes an answer: an index that is still alive comes back with the same
// nodes, a dropped one is rebuilt from the file, and cycle detection survives
// eviction.

function project(files: number): { root: string; model: ProjectModel } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-model-memory-'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src/base.ts'), "export const BASE = 'https://lgsp.danang.gov.vn/dancu/v1/';\n");
  for (let i = 0; i < files; i++) {
    fs.writeFileSync(path.join(root, `src/m${i}.ts`), `import { BASE } from './base';\nexport const URL_${i} = BASE + 'op${i}';\nexport function f${i}() { return URL_${i}; }\n`);
  }
  return { root, model: new ProjectModel(root, resolvePolicy({}, { rootDir: root }), new ProjectFiles()) };
}

describe('ProjectModel working set', () => {
  it('keeps the most recently used indexes: a file asked for again outlives files indexed before it', () => {
    const table = new IndexTable(3);
    const index = (name: string) => ({ sourceFile: ts.createSourceFile(name, '', ts.ScriptTarget.Latest) }) as unknown as Parameters<IndexTable['set']>[1];
    const a = index('a.ts');
    table.set('a', a);
    table.set('b', index('b.ts'));
    table.set('c', index('c.ts'));
    expect(table.get('a')).toBe(a);
    expect(table.get('a')).toBe(a); // (asked again while the most recent: nothing moves)
    table.set('d', index('d.ts'));
    expect(table.retained()).toEqual(['c', 'a', 'd']);
    table.get('c');
    table.set('e', index('e.ts'));
    expect(table.retained()).toEqual(['d', 'c', 'e']);
    // nothing is evicted at an unbounded capacity (the language server's), so the order is not kept
    const all = new IndexTable(Infinity);
    for (const n of ['a', 'b', 'c']) all.set(n, index(`${n}.ts`));
    all.get('a');
    expect(all.retained()).toEqual(['a', 'b', 'c']);
  });

  it('more files than it retains: every answer is the same after the others were indexed', () => {
    const n = RETAINED_INDEXES + 40;
    const { root, model } = project(n);
    const urlOf = (i: number) => {
      const index = model.fileIndex(path.join(root, `src/m${i}.ts`))!;
      const decl = index.declarations.get(`URL_${i}`)!;
      return knownText(model.evaluateString(index, (decl as import('typescript').VariableDeclaration).initializer!));
    };
    const first = Array.from({ length: n }, (_, i) => urlOf(i));
    expect(first[0]).toBe('https://lgsp.danang.gov.vn/dancu/v1/op0');
    // the first files have left the retained set by now; asking again rebuilds or reuses them
    expect(Array.from({ length: n }, (_, i) => urlOf(i))).toEqual(first);
  });

  it('an AST still referenced elsewhere comes back with the very same index and nodes', () => {
    const { root, model } = project(RETAINED_INDEXES + 10);
    const file0 = path.join(root, 'src/m0.ts');
    const index = model.fileIndex(file0)!;
    const fn = index.functions[0];
    for (let i = 1; i < RETAINED_INDEXES + 10; i++) model.fileIndex(path.join(root, `src/m${i}.ts`));
    const again = model.fileIndex(file0)!;
    expect(again).toBe(index);
    expect(again.functionByNode.get(fn.node)).toBe(fn);
    // and the parser's shared parse of the same text is that AST too
    expect(sharedSourceFile(file0, fs.readFileSync(file0, 'utf8'))).toBe(index.sourceFile);
  });

  it('per-file facts are kept for as many files as the model keeps indexes, and recomputed the same', () => {
    const { model } = project(1);
    let computed = 0;
    const value = (k: number) => model.fileMemo('test.perFile', String(k), () => (computed++, [k]), []);
    const first = value(0);
    for (let k = 1; k <= RETAINED_INDEXES + 10; k++) value(k);
    expect(computed).toBe(RETAINED_INDEXES + 11);
    // the first file's entry was dropped (it would keep the file's AST alive): recomputed, equal
    expect(value(0)).toEqual(first);
    expect(computed).toBe(RETAINED_INDEXES + 12);
    expect(value(RETAINED_INDEXES + 10)).toEqual([RETAINED_INDEXES + 10]);
    expect(computed).toBe(RETAINED_INDEXES + 12);
  });

  it('memo tables stay bounded, recompute what they dropped, and still detect cycles', () => {
    const { model } = project(1);
    let computed = 0;
    const value = (k: number) => model.memo('test.bounded', String(k), () => (computed++, k * 2), -1);
    for (let k = 0; k < MEMO_CAPACITY + 100; k++) value(k);
    expect(computed).toBe(MEMO_CAPACITY + 100);
    expect(value(0)).toBe(0); // dropped: recomputed, same answer
    expect(computed).toBe(MEMO_CAPACITY + 101);
    expect(value(MEMO_CAPACITY + 99)).toBe((MEMO_CAPACITY + 99) * 2); // kept: not recomputed
    expect(computed).toBe(MEMO_CAPACITY + 101);
    // an entry being computed is never dropped, however many others are added meanwhile
    const outer = model.memo(
      'test.cycle',
      'a',
      () => {
        for (let k = 0; k < MEMO_CAPACITY + 10; k++) model.memo('test.cycle', `x${k}`, () => k, -1);
        return model.memo('test.cycle', 'a', () => 'recursed', 'cycle');
      },
      'cycle',
    );
    expect(outer).toBe('cycle');
  });

  it('node-keyed facts hold the nodes of a bounded number of files, recompute what they dropped, and keep cycle markers', () => {
    const n = NODE_MEMO_FILES + 20;
    const { root, model } = project(n);
    const indexes = Array.from({ length: n }, (_, i) => model.fileIndex(path.join(root, `src/m${i}.ts`))!);
    let computed = 0;
    const nodeOf = (i: number) => indexes[i].functions[0].node;
    const value = (i: number) => model.nodeMemo('test.node', indexes[i], nodeOf(i), () => (computed++, `f${i}`), 'cycle');
    for (let i = 0; i < n; i++) expect(value(i)).toBe(`f${i}`);
    expect(computed).toBe(n);
    // the last files are still held: not recomputed
    expect(value(n - 1)).toBe(`f${n - 1}`);
    expect(computed).toBe(n);
    // the first ones were let go with the table they were in: recomputed, the same
    expect(value(0)).toBe('f0');
    expect(computed).toBe(n + 1);
    // a computation in progress keeps its marker however many files the computations under it touch
    const outer = model.nodeMemo(
      'test.nodeCycle',
      indexes[0],
      nodeOf(0),
      () => {
        for (let i = 1; i < n; i++) model.nodeMemo('test.nodeCycle', indexes[i], nodeOf(i), () => i, -1);
        return model.nodeMemo('test.nodeCycle', indexes[0], nodeOf(0), () => 'recursed', 'cycle');
      },
      'cycle',
    );
    expect(outer).toBe('cycle');
  });

  it('releasing derived facts between batches drops the memo and the reverse call graph, and the answers come back the same', () => {
    const { root } = project(3);
    fs.writeFileSync(path.join(root, 'src/caller.ts'), "import { f1 } from './m1';\nexport const x = f1();\n");
    resetProjectModels();
    const policy = resolvePolicy({}, { rootDir: root });
    const model = getProjectModel(path.join(root, 'src/m0.ts'), policy);
    let computed = 0;
    const value = () => model.memo('test.release', 'k', () => (computed++, { at: computed }), undefined);
    const first = value();
    expect(value()).toBe(first);
    const base = model.fileIndex(path.join(root, 'src/m1.ts'))!;
    const callers = model.callersOf(base.functions[0]);
    expect(callers.map((c) => c.call.getText())).toEqual(['f1()']);
    releaseProjectFacts();
    // recomputed (a fresh object), equal
    expect(value()).not.toBe(first);
    expect(computed).toBe(2);
    const again = model.callersOf(base.functions[0]);
    expect(again).not.toBe(callers);
    expect(again.map((c) => c.call.getText())).toEqual(callers.map((c) => c.call.getText()));
    // the file indexes themselves are kept: no file is parsed again
    expect(model.fileIndex(path.join(root, 'src/m1.ts'))).toBe(base);
    resetProjectModels();
  });
});
