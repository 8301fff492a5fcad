import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { DependencyRecorder, ProjectFiles, ProjectModel, classifyCall, dependencyRecorder, knownText, resolvePolicy } from '@popdb-guard/core';

// What a file's lint depended on must survive every cache between the file
// and the facts it reuses: a fact computed while another file was linted, a
// fact computed inside a cycle of facts.

describe('DependencyRecorder', () => {
  it('a cache hit replays what the cached value read; nested frames flow into their parent', () => {
    const r = new DependencyRecorder();
    r.beginFile();
    const inner = r.capture(() => {
      r.note('f:b');
      return 1;
    });
    r.note('f:a');
    expect([...r.endFile()].sort()).toEqual(['f:a', 'f:b']);
    r.beginFile();
    r.replay(inner.recorded);
    expect([...r.endFile()]).toEqual(['f:b']);
  });

  it('a fact computed inside a cycle inherits the outer fact, also when it is reused later', () => {
    const r = new DependencyRecorder();
    r.beginFile();
    let innerRecorded;
    r.capture(() => {
      r.note('f:outer');
      innerRecorded = r.capture(() => {
        r.cycle('A'); // asks for A, which is being computed
        r.note('f:inner');
        return 0;
      }, 'B').recorded;
      r.note('f:after');
      return 0;
    }, 'A');
    r.endFile();
    // B's stored dependencies were completed with A's once A finished
    r.beginFile();
    r.replay(innerRecorded);
    expect([...r.endFile()].sort()).toEqual(['f:after', 'f:inner', 'f:outer']);
  });

  it('off: notes go nowhere and capture just computes', () => {
    const r = new DependencyRecorder();
    r.note('f:x');
    expect(r.capture(() => 5)).toEqual({ value: 5, recorded: undefined });
    expect(r.active).toBe(false);
  });
});

describe('ProjectModel under a recording host', () => {
  it('a second file reusing a memoized cross-file fact depends on the files the fact read', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-deps-'));
    fs.mkdirSync(path.join(root, 'src'));
    const file = (n: string, text: string) => (fs.writeFileSync(path.join(root, 'src', n), text), path.join(root, 'src', n));
    const base = file('base.ts', "export const BASE = 'https://lgsp.danang.gov.vn/dancu/v1/';\n");
    const mid = file('mid.ts', "import { BASE } from './base';\nexport const URL = BASE + 'x';\n");
    const a = file('a.ts', "import { URL } from './mid';\nexport const A = URL;\n");
    const b = file('b.ts', "import { URL } from './mid';\nexport const B = URL;\n");
    const model = new ProjectModel(root, resolvePolicy({}, { rootDir: root }), new ProjectFiles());
    const value = (f: string, name: string) => {
      const index = model.fileIndex(f)!;
      const decl = index.declarations.get(name) as import('typescript').VariableDeclaration;
      return knownText(model.evaluateString(index, decl.initializer!));
    };
    dependencyRecorder.beginFile();
    expect(value(a, 'A')).toBe('https://lgsp.danang.gov.vn/dancu/v1/x');
    const depsA = dependencyRecorder.endFile();
    dependencyRecorder.beginFile();
    expect(value(b, 'B')).toBe('https://lgsp.danang.gov.vn/dancu/v1/x');
    const depsB = dependencyRecorder.endFile();
    expect(depsA.has(`f:${base}`)).toBe(true);
    // b.ts reused what was evaluated for a.ts, and still depends on base.ts through mid.ts
    expect(depsB.has(`f:${mid}`)).toBe(true);
    expect(depsB.has(`f:${base}`)).toBe(true);
    expect(depsB.has(`f:${a}`)).toBe(false);
  });

  it('a fact about a node, recorded always (the language server): kept across unrelated edits, recomputed when what it read changes', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-deps-'));
    fs.mkdirSync(path.join(root, 'src'));
    const file = (n: string, text: string) => (fs.writeFileSync(path.join(root, 'src', n), text), path.join(root, 'src', n));
    const base = file('base.ts', "export const BASE = 'https://lgsp.danang.gov.vn/dancu/v1';\n");
    const client = file('client.ts', "import axios from 'axios';\nimport { BASE } from './base';\nexport const q = (so: string) => axios.post(BASE + '/CungCapThongTinCongDan', { so });\n");
    const other = file('other.ts', 'export const x = 1;\n');
    dependencyRecorder.recordAlways(true);
    try {
      const files = new ProjectFiles();
      const model = new ProjectModel(root, resolvePolicy({ populationDb: { registeredEndpoints: ['https://lgsp.danang.gov.vn/dancu/v1/'] } }, { rootDir: root }), files);
      const site = () => {
        const index = model.fileIndex(client)!;
        return classifyCall(model, index, index.calls.find((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'post')!);
      };
      const computed = () => model.factStatistics().computed.get('query.site') ?? 0;
      // the workspace is listed, as the server lists it: an edit of a listed file is not a change of the file list
      expect(model.filesContaining('BASE').sort()).toEqual([base, client]);
      expect(site()?.endpoint?.status.kind).toBe('registered');
      expect(computed()).toBe(1);
      // a hit replays what the fact read into the file being linted
      dependencyRecorder.beginFile();
      expect(site()?.endpoint?.status.kind).toBe('registered');
      expect(dependencyRecorder.endFile().has(`f:${base}`)).toBe(true);
      expect(computed()).toBe(1);
      // an edit of a file it did not read keeps it
      files.setOverlay(other, 'export const x = 2;\n');
      expect(site()?.endpoint?.status.kind).toBe('registered');
      expect(computed()).toBe(1);
      // an edit of a file it read recomputes it
      files.setOverlay(base, "export const BASE = 'https://lgsp.quangnam.gov.vn/dancu/v1';\n");
      expect(site()?.endpoint?.status.kind).toBe('unregistered');
      expect(computed()).toBe(2);
      // an edit of its own file: a new index, new nodes, a new fact
      files.setOverlay(client, "import axios from 'axios';\nimport { BASE } from './base';\n\nexport const q = (so: string) => axios.post(BASE + '/CungCapThongTinCongDan', { so });\n");
      expect(site()?.endpoint?.status.kind).toBe('unregistered');
      expect(computed()).toBe(3);
    } finally {
      dependencyRecorder.recordAlways(false);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('the callers of a function depend on every file that could start calling it (a token search)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-deps-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/client.ts'), 'export function goiDanCu(id: string) { return id; }\n');
    fs.writeFileSync(path.join(root, 'src/route.ts'), "import { goiDanCu } from './client';\nexport const r = () => goiDanCu('1');\n");
    const model = new ProjectModel(root, resolvePolicy({}, { rootDir: root }), new ProjectFiles());
    const client = model.fileIndex(path.join(root, 'src/client.ts'))!;
    dependencyRecorder.beginFile();
    expect(model.callersOf(client.functions[0])).toHaveLength(1);
    const deps = dependencyRecorder.endFile();
    expect(deps.has('t:goiDanCu')).toBe(true);
    expect(deps.has(`f:${path.join(root, 'src/route.ts')}`)).toBe(true);
    // asked again (the reverse call graph is cached): the same dependencies
    dependencyRecorder.beginFile();
    model.callersOf(client.functions[0]);
    expect(dependencyRecorder.endFile()).toEqual(deps);
  });
});
