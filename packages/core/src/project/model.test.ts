import * as path from 'node:path';
import ts from 'typescript';
import { ProjectFiles, ProjectModel, defaultPolicy, knownText, resolvePolicy, type FileIndex } from '@popdb-guard/core';

const root = path.resolve(__dirname, '../../../../test/fixtures/project-model');
const file = (rel: string) => path.join(root, rel);

function findCall(index: FileIndex, text: string): ts.CallExpression {
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (!found && ts.isCallExpression(n) && n.expression.getText(index.sourceFile) === text) found = n;
    ts.forEachChild(n, visit);
  };
  visit(index.sourceFile);
  if (!found) throw new Error(`no call ${text}`);
  return found;
}

function model(envEndpoints: string[] = []): ProjectModel {
  return new ProjectModel(root, resolvePolicy({ populationDb: { envEndpoints } }, { rootDir: root }), new ProjectFiles());
}

describe('ProjectModel', () => {
  it('evaluates a URL built from constants re-exported through an index file', () => {
    const m = model();
    const client = m.fileIndex(file('src/clients/dancu-client.ts'))!;
    const call = findCall(client, 'axios.post');
    expect(knownText(m.evaluateString(client, call.arguments[0]))).toBe('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan');
  });

  it('evaluates new URL(path, base).href', () => {
    const m = model();
    const client = m.fileIndex(file('src/clients/dancu-client.ts'))!;
    const call = findCall(client, 'axios.get');
    expect(knownText(m.evaluateString(client, call.arguments[0]))).toBe('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh');
  });

  it('resolves a method of a constructor-injected NestJS service in another file', () => {
    const m = model();
    const svc = m.fileIndex(file('src/services/citizen.service.ts'))!;
    const target = m.resolveCall(svc, findCall(svc, 'this.dancu.congDan'));
    expect(target?.info.name).toBe('DanCuClient.congDan');
    expect(target?.file.fileName).toBe(file('src/clients/dancu-client.ts'));
  });

  it('resolves calls through a shared instance and a namespace import', () => {
    const m = model();
    const svc = m.fileIndex(file('src/services/citizen.service.ts'))!;
    expect(m.resolveCall(svc, findCall(svc, 'sharedClient.hoGiaDinh'))?.info.name).toBe('DanCuClient.hoGiaDinh');
    expect(m.resolveCall(svc, findCall(svc, 'clients.traCuuCongDan'))?.info.name).toBe('traCuuCongDan');
  });

  it('resolves a CommonJS destructured require with a rename', () => {
    const m = model();
    const job = m.fileIndex(file('src/jobs/sync.js'))!;
    expect(m.resolveCall(job, findCall(job, 'lookup'))?.info.name).toBe('traCuuCongDan');
  });

  it('evaluates a CommonJS exported object member, preferring a mapped env var over its fallback', () => {
    const job = (m: ProjectModel) => m.fileIndex(file('src/jobs/sync.js'))!;
    const expr = (m: ProjectModel) => {
      const j = job(m);
      let ret: ts.Expression | undefined;
      const visit = (n: ts.Node): void => {
        if (ts.isReturnStatement(n) && n.expression) ret = n.expression;
        ts.forEachChild(n, visit);
      };
      visit(j.sourceFile);
      return m.evaluateString(j, ret!);
    };
    const plain = model();
    expect(knownText(expr(plain))).toBe('https://lgsp.danang.gov.vn/dancu/v1/XacThucThongTinCongDan');
    const mapped = model(['DANCU_API_URL']);
    expect(expr(mapped)).toEqual([{ kind: 'env', name: 'DANCU_API_URL' }, { kind: 'text', text: '/XacThucThongTinCongDan' }]);
  });

  it('finds every caller of a wrapper across files (reverse call graph)', () => {
    const m = model();
    const client = m.fileIndex(file('src/clients/dancu-client.ts'))!;
    const wrapper = client.functions.find((f) => f.name === 'traCuuCongDan')!;
    const callers = m.callersOf(wrapper).map((c) => c.caller?.name).sort();
    expect(callers).toEqual(['CitizenService.direct', 'DanCuClient.congDan', 'syncAll']);
  });

  it('re-indexes a file when an editor overlay changes it, and only then', () => {
    const files = new ProjectFiles();
    const m = new ProjectModel(root, defaultPolicy(root), files);
    const a = m.fileIndex(file('src/config/endpoints.ts'))!;
    expect(m.fileIndex(file('src/config/endpoints.ts'))).toBe(a);
    files.setOverlay(file('src/config/endpoints.ts'), "export const LGSP_BASE = 'https://lgsp.hue.gov.vn';\nexport const DANCU_URL = LGSP_BASE + '/dancu';\nexport const ENDPOINTS = { congDan: DANCU_URL };\n");
    const client = m.fileIndex(file('src/clients/dancu-client.ts'))!;
    expect(knownText(m.evaluateString(client, findCall(client, 'axios.post').arguments[0]))).toBe('https://lgsp.hue.gov.vn/dancu');
  });

  it('memoizes per generation and breaks cycles', () => {
    const files = new ProjectFiles();
    const m = new ProjectModel(root, defaultPolicy(root), files);
    let calls = 0;
    const f = (): number => m.memo('t', 'k', () => (calls++, f() + 1), 0);
    expect(f()).toBe(1);
    expect(f()).toBe(1);
    expect(calls).toBe(1);
    files.invalidate(file('x.ts'));
    expect(f()).toBe(1);
    expect(calls).toBe(2);
  });
});
