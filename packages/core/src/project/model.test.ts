import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { ProjectFiles, ProjectModel, defaultPolicy, knownText, nodesWithin, resolvePolicy, type FileIndex } from '@popdb-guard/core';

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

describe('the file index walk', () => {
  it('lists the calls and the URL-like expressions in source order, as a recursive walk finds them', () => {
    const text = [
      "import x from 'pkg';",
      "const base = 'https://a.example' + '/v1/';",
      'const u = `${base}op`;',
      "fetch(new URL('/x', base).href, { headers: { k: `t` } });",
      "/** @see 'not in a comment' */",
      "function f() { return g(h('s')); }",
    ].join('\n');
    const index = new ProjectModel(root, defaultPolicy(), new ProjectFiles()).fileIndex(file('src/walk-order.ts'), text)!;
    const recursive = { calls: [] as ts.Node[], strings: [] as ts.Node[] };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) recursive.calls.push(n);
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isNewExpression(n) || (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken)) recursive.strings.push(n);
      ts.forEachChild(n, visit);
    };
    visit(index.sourceFile);
    expect(index.calls).toEqual(recursive.calls);
    expect(index.strings).toEqual(recursive.strings);
    const bindingSites: ts.Node[] = [];
    const visitBindings = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isCallExpression(n) || (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken)) bindingSites.push(n);
      ts.forEachChild(n, visitBindings);
    };
    visitBindings(index.sourceFile);
    expect(index.bindingSites).toEqual(bindingSites);
    expect(index.bindingSites.map((n) => ts.SyntaxKind[n.kind])).toEqual(['VariableDeclaration', 'VariableDeclaration', 'CallExpression', 'CallExpression', 'CallExpression']);
    // the part of a list inside a node: its descendants (and itself), nothing around it
    const fn = index.functions.find((f) => f.name === 'f')!.node;
    expect(nodesWithin(index.calls, fn).map((n) => n.getText(index.sourceFile))).toEqual(["g(h('s'))", "h('s')"]);
    expect(nodesWithin(index.strings, fn).map((n) => n.getText(index.sourceFile))).toEqual(["'s'"]);
    const fetchCall = index.calls[0];
    expect(nodesWithin(index.calls, fetchCall)).toEqual([fetchCall]);
    expect(nodesWithin(index.strings, fetchCall).map((n) => n.getText(index.sourceFile))).toEqual(["new URL('/x', base)", "'/x'", '`t`']);
    expect(index.strings.map((n) => n.getText(index.sourceFile))).toEqual([
      "'pkg'",
      "'https://a.example' + '/v1/'",
      "'https://a.example'",
      "'/v1/'",
      '`${base}op`',
      "new URL('/x', base)",
      "'/x'",
      '`t`',
      "'s'",
    ]);
  });
});

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

  it('resolves a call of a module whose module.exports is a function, and a member of a module held in an index of require() calls', () => {
    const m = model();
    const routes = m.fileIndex(file('src/cjs-index/routes.js'))!;
    expect(m.resolveCall(routes, findCall(routes, 'kiemTra'))?.info.name).toBe('kiemTra');
    const tim = m.resolveCall(routes, findCall(routes, 'congDanController.tim'));
    expect(tim?.info.name).toBe('tim');
    expect(tim?.file.fileName).toBe(file('src/cjs-index/controllers/cong-dan.js'));
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

const resolutionRoot = path.resolve(__dirname, '../../../../test/fixtures/query-resolution');
const inResolution = (rel: string) => path.join(resolutionRoot, rel);

function resolutionModel(): ProjectModel {
  return new ProjectModel(resolutionRoot, resolvePolicy({ populationDb: { registeredEndpoints: ['https://lgsp.hue.gov.vn/dancu/v1/'] } }, { rootDir: resolutionRoot }), new ProjectFiles());
}

/** A virtual file of the fixture project holding `code`; the last expression statement is evaluated. */
function evaluate(m: ProjectModel, code: string, rel = 'src/probe.ts'): string[] {
  const index = m.fileIndex(inResolution(rel), code)!;
  const last = [...index.sourceFile.statements].reverse().find(ts.isExpressionStatement)!;
  return m.evaluateCandidates(index, last.expression).map((c) => c.parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'env' ? `\${${p.name}}` : '…')).join(''));
}

describe('module resolution as TypeScript does it', () => {
  it('resolves tsconfig paths (through extends), package.json imports, index files and .js specifiers naming .ts files', () => {
    const m = resolutionModel();
    const from = inResolution('src/services/ho-so.service.ts');
    expect(m.resolveModule(from, '@/config/endpoints')?.fileName).toBe(inResolution('src/config/endpoints.ts'));
    expect(m.resolveModule(from, '#config/endpoints')?.fileName).toBe(inResolution('src/config/endpoints.ts'));
    expect(m.resolveModule(from, '@lib')?.fileName).toBe(inResolution('src/lib/index.ts'));
    expect(m.resolveModule(inResolution('src/lib/index.ts'), './http.js')?.fileName).toBe(inResolution('src/lib/http.ts'));
    expect(m.resolveModule(from, '../clients')?.fileName).toBe(inResolution('src/clients/index.ts'));
    // packages are not project files
    expect(m.resolveModule(from, 'axios')).toBeUndefined();
    expect(m.resolveModule(from, '@/config/missing')).toBeUndefined();
  });

  it('follows a re-export through a .js specifier and a path alias', () => {
    const m = resolutionModel();
    const svc = m.fileIndex(inResolution('src/services/ho-so.service.ts'))!;
    expect(m.resolveName(svc, 'goiApi')?.file.fileName).toBe(inResolution('src/lib/http.ts'));
  });

  /** A project in a temporary folder holding only `a.ts` (its text given), with its own ProjectFiles; removed after `body`. */
  function withTempProject(prefix: string, aText: string, body: (p: { dir: string; files: ProjectFiles; m: ProjectModel; from: string }) => void): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), aText);
      const files = new ProjectFiles();
      body({ dir, files, m: new ProjectModel(dir, resolvePolicy({}, { rootDir: dir }), files), from: path.join(dir, 'a.ts') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('resolves a file created on disk once the change is notified (existence answers are kept until then)', () => {
    withTempProject('popdb-exists-', "import { b } from './b';\nb();\n", ({ dir, files, m, from }) => {
      expect(m.resolveModule(from, './b')).toBeUndefined();
      expect(files.exists(path.join(dir, 'b.ts'))).toBe(false);
      fs.writeFileSync(path.join(dir, 'b.ts'), 'export function b() {}\n');
      // not notified: the remembered answer holds, as the resolution cache's does
      expect(files.exists(path.join(dir, 'b.ts'))).toBe(false);
      files.invalidate(path.join(dir, 'b.ts'));
      expect(files.exists(path.join(dir, 'b.ts'))).toBe(true);
      expect(m.resolveModule(from, './b')?.fileName).toBe(path.join(dir, 'b.ts'));
      fs.rmSync(path.join(dir, 'b.ts'));
      files.invalidateAll();
      expect(files.exists(path.join(dir, 'b.ts'))).toBe(false);
      expect(m.resolveModule(from, './b')).toBeUndefined();
    });
  });

  it('resolves a folder created on disk (its index file) once the change is notified (folder answers are kept like existence answers)', () => {
    withTempProject('popdb-folder-', "import { c } from './lib';\nc();\n", ({ dir, files, m, from }) => {
      expect(m.resolveModule(from, './lib')).toBeUndefined();
      expect(files.isDirectory(path.join(dir, 'lib'))).toBe(false);
      fs.mkdirSync(path.join(dir, 'lib'));
      fs.writeFileSync(path.join(dir, 'lib', 'index.ts'), 'export function c() {}\n');
      expect(files.isDirectory(path.join(dir, 'lib'))).toBe(false);
      files.invalidate(path.join(dir, 'lib', 'index.ts'));
      expect(files.isDirectory(path.join(dir, 'lib'))).toBe(true);
      expect(files.isDirectory(path.join(dir, 'a.ts'))).toBe(false);
      expect(m.resolveModule(from, './lib')?.fileName).toBe(path.join(dir, 'lib', 'index.ts'));
    });
  });

  it('re-reads the tsconfig when it changes', () => {
    const files = new ProjectFiles();
    const m = new ProjectModel(resolutionRoot, resolvePolicy({}, { rootDir: resolutionRoot }), files);
    const from = inResolution('src/services/ho-so.service.ts');
    expect(m.resolveModule(from, '~cfg/endpoints')).toBeUndefined();
    files.setOverlay(inResolution('tsconfig.json'), '{ "extends": "./tsconfig.base.json", "compilerOptions": { "paths": { "~cfg/*": ["src/config/*"] } } }');
    expect(m.resolveModule(from, '~cfg/endpoints')?.fileName).toBe(inResolution('src/config/endpoints.ts'));
  });
});

describe('values through functions, conditionals and configuration', () => {
  const imports = `import { getServiceUrl, endpointFor, dancuUrl, buildUrl, DanCuConfig, appConfig, OPERATIONS, thueUrl } from '@/config/endpoints';\n`;

  it('evaluates helper return values, switches, parameters bound at the call, getters and methods', () => {
    const m = resolutionModel();
    expect(evaluate(m, `${imports}getServiceUrl();`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${imports}endpointFor('cong-dan');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinCongDan', 'https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh']);
    expect(evaluate(m, `${imports}dancuUrl(false);`)).toEqual(['https://dancu-staging.hue.vn/dancu/v1', 'https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${imports}buildUrl('CungCapThongTinCongDan');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinCongDan']);
    expect(evaluate(m, `${imports}new DanCuConfig().baseUrl;`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${imports}const c = new DanCuConfig();\nc.url('X');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/X']);
    expect(evaluate(m, `${imports}appConfig.dancu.baseUrl;`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${imports}declare const k: keyof typeof OPERATIONS;\nOPERATIONS[k];`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinCongDan', 'https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh']);
    expect(evaluate(m, `${imports}declare const x: boolean;\nx ? thueUrl() : process.env.NO_SUCH ?? 'https://a.example.com';`)).toEqual(['https://api.thue.hue.gov.vn/v1/tra-cuu', '${NO_SUCH}', 'https://a.example.com']);
  });

  it('evaluates a parameter from what the callers pass (one level): the union of their arguments', () => {
    const m = resolutionModel();
    const http = m.fileIndex(inResolution('src/lib/http.ts'))!;
    const call = findCall(http, 'fetch');
    // two callers (src/services/ho-so.service.ts): base × path of each, a bounded product
    expect(m.evaluateCandidates(http, call.arguments[0]).map((c) => knownText(c.parts))).toEqual([
      'https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinCongDan',
      'https://lgsp.hue.gov.vn/dancu/v1/tra-cuu',
      'https://api.thue.hue.gov.vn/v1/tra-cuu/CungCapThongTinCongDan',
      'https://api.thue.hue.gov.vn/v1/tra-cuu/tra-cuu',
    ]);
  });

  it('reads .env files (dotenv-expand), the config package and NestJS registerAs namespaces', () => {
    const m = resolutionModel();
    expect(evaluate(m, `process.env.DANCU_URL;`)).toEqual(['${DANCU_URL}', 'https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `import.meta.env.VITE_DANCU_URL;`)).toEqual(['${VITE_DANCU_URL}', 'https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `import config from 'config';\nconfig.get('dancu.url');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `import config from 'config';\nconfig.get<string>('thue.url');`)).toEqual(['https://api.thue.hue.gov.vn/v1']);
    const nest = `import { ConfigService } from '@nestjs/config';\nexport class A { constructor(private readonly cfg: ConfigService) {}\n get u() { return this.cfg.get('dancu.baseUrl'); }\n get e() { return this.cfg.get<string>('BHXH_URL'); } }\n`;
    expect(evaluate(m, `${nest}new A().u;`)).toEqual(['${DANCU_URL}', 'https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${nest}new A().e;`)).toEqual(['${BHXH_URL}', 'https://lgsp.hue.gov.vn/bhxh/v1']);
    // ConfigModule.forRoot({ load: [configuration] }): a plain factory's object
    const loaded = `import { ConfigService } from '@nestjs/config';\nexport class B { constructor(private readonly cfg: ConfigService) {}\n get u() { return this.cfg.get('lgsp.dancuUrl'); } }\n`;
    expect(evaluate(m, `${loaded}new B().u;`)).toEqual(['${LGSP_DANCU_URL}', 'https://lgsp.hue.gov.vn/dancu/v1']);
  });

  it('drops memoized values when a file is linted with new text (a buffer, no ProjectFiles event)', () => {
    const m = resolutionModel();
    const endpoints = inResolution('src/config/endpoints.ts');
    const disk = fs.readFileSync(endpoints, 'utf8');
    const http = m.fileIndex(inResolution('src/lib/http.ts'))!;
    const url = () => m.evaluateCandidates(http, findCall(http, 'fetch').arguments[0]).map((c) => knownText(c.parts))[0];
    m.fileIndex(endpoints, disk);
    expect(url()).toBe('https://lgsp.hue.gov.vn/dancu/v1/CungCapThongTinCongDan');
    m.fileIndex(endpoints, disk.replace("export const LGSP = 'https://lgsp.hue.gov.vn';", "export const LGSP = 'https://lgsp2.hue.gov.vn';"));
    expect(url()).toBe('https://lgsp2.hue.gov.vn/dancu/v1/CungCapThongTinCongDan');
  });

  it('evaluates URL builders', () => {
    const m = resolutionModel();
    const base = `import { LGSP } from '@/config/endpoints';\nimport * as url from 'node:url';\nimport path from 'node:path';\nimport urljoin from 'url-join';\n`;
    expect(evaluate(m, `${base}new URL('/dancu/v1/A', LGSP).href;`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/A']);
    expect(evaluate(m, `${base}url.resolve(LGSP + '/dancu/v1/', 'A');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/A']);
    expect(evaluate(m, `${base}path.posix.join(LGSP, 'dancu/v1', '/A');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/A']);
    expect(evaluate(m, `${base}urljoin(LGSP, 'dancu', 'v1');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${base}import { join } from 'node:path';\njoin(LGSP, 'dancu', 'v1');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${base}[LGSP, 'dancu', 'v1', 'tra-cuu'].join('/');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1/tra-cuu']);
    expect(evaluate(m, `${base}LGSP.concat('/dancu', '/v1');`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
    expect(evaluate(m, `${base}declare function u(s: TemplateStringsArray, ...v: unknown[]): string;\nu\`\${LGSP}/dancu/v1\`;`)).toEqual(['https://lgsp.hue.gov.vn/dancu/v1']);
  });

  it('stays bounded: candidate sets are capped and deep input returns unknown instead of overflowing', () => {
    const m = resolutionModel();
    const cond = Array.from({ length: 30 }, (_, i) => `c${i} ? 'https://h${i}.vn' : `).join('') + `'https://z.vn'`;
    expect(evaluate(m, `declare const ${Array.from({ length: 30 }, (_, i) => `c${i}: boolean`).join(', ')};\n${cond};`).length).toBeLessThanOrEqual(8);
    // 600 operands of one `+` chain (far past the depth guard) are flattened without recursion; 400 nested conditionals meet the guard
    const plus = `'https://a.vn/dancu/'${" + 'x'".repeat(600)}`;
    expect(evaluate(m, `${plus};`)).toEqual([`https://a.vn/dancu/${'x'.repeat(600)}`]);
    const nested = `declare const c: boolean;\n${"c ? 'https://a.vn' : (".repeat(400)}'https://b.vn'${')'.repeat(400)};`;
    expect(evaluate(m, nested).length).toBeLessThanOrEqual(8);
    const chain = Array.from({ length: 400 }, (_, i) => `const v${i} = ${i ? `v${i - 1} + '/x'` : `'https://a.vn'`};`).join('\n');
    expect(evaluate(m, `${chain}\nv399;`)[0]).toMatch(/^…|^https:\/\/a\.vn/);
    // each constant read twice: without memoizing the results cut short by the guard this would take 2^200 steps
    const doubling = Array.from({ length: 200 }, (_, i) => `const d${i} = ${i ? `c ? d${i - 1} : d${i - 1} + '/x'` : `'https://a.vn'`};`).join('\n');
    expect(evaluate(m, `declare const c: boolean;\n${doubling}\nd199;`).length).toBeLessThanOrEqual(8);
  });
});


describe('absolutePath', () => {
  it('keeps a normalized absolute path as it is and normalizes every other, the same when asked again', async () => {
    const { absolutePath } = await import('./files');
    for (let round = 0; round < 2; round++) {
      expect(absolutePath('/srv/app/src/a.ts')).toBe('/srv/app/src/a.ts');
      expect(absolutePath('/srv/app/src/../lib/b.ts')).toBe('/srv/app/lib/b.ts');
      expect(absolutePath('/srv/app//src/./c.ts')).toBe('/srv/app/src/c.ts');
      expect(absolutePath('/srv/app/src/')).toBe('/srv/app/src');
      expect(absolutePath('src/d.ts')).toBe(path.resolve('src/d.ts'));
    }
  });
});
