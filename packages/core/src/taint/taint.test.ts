import * as path from 'node:path';
import ts from 'typescript';
import { ProjectFiles, ProjectModel, policyFor, taint, type FileIndex } from '@popdb-guard/core';

const root = path.resolve(__dirname, '../../../../test/fixtures/taint-cross-file');
const file = (rel: string) => path.join(root, rel);

function model(files = new ProjectFiles()): ProjectModel {
  const result = policyFor(file('src/services/ho-so.service.ts'));
  if (!result.ok) throw new Error('policy');
  return new ProjectModel(root, result.policy, files);
}

function fn(index: FileIndex, name: string) {
  const info = index.functions.find((f) => f.name === name);
  if (!info) throw new Error(`no function ${name}`);
  return { file: index, info };
}

describe('taint summaries', () => {
  it('a messaging wrapper: its text parameter reaches api.telegram.org, its chat id is only the address', () => {
    const m = model();
    const analysis = new taint.TaintAnalysis(m);
    const summary = analysis.summarize(fn(m.fileIndex(file('src/notify/telegram.ts'))!, 'guiTelegram'));
    expect(summary.sinks.map((s) => `${s.param}:${s.kind}:${s.sink}`)).toEqual(['1:messaging:api.telegram.org']);
    expect(summary.returns).toBeUndefined();
  });

  it('a wrapper of a wrapper in another file records the path (baoCanBoTruc → guiTelegram) for its citizen parameter', () => {
    const m = model();
    const analysis = new taint.TaintAnalysis(m);
    const summary = analysis.summarize(fn(m.fileIndex(file('src/notify/officer.ts'))!, 'baoCanBoTruc'));
    // field-sensitive: the members of the citizen read into the text, each through the same path
    const forCitizen = summary.sinks.filter((s) => taint.paramRef(s.param).param === 0);
    expect(forCitizen.map((s) => `${taint.paramRef(s.param).path.join('.')}:${s.via.join(' → ')}`)).toEqual(['HoVaTen.Ho:guiTelegram', 'HoVaTen.ChuDem:guiTelegram', 'HoVaTen.Ten:guiTelegram', 'NoiOHienTai.ChiTiet:guiTelegram']);
    // the status-only sibling sends its application number, which is no citizen data, but the parameter still reaches the sink
    const statusOnly = analysis.summarize(fn(m.fileIndex(file('src/notify/officer.ts'))!, 'baoHoSoMoi'));
    expect(statusOnly.sinks.map((s) => s.param)).toEqual([0]);
    expect(statusOnly.sinks[0].via).toEqual(['guiTelegram']);
  });

  it('a query wrapper returns population-DB data (origin in the client file) and no parameter', () => {
    const m = model();
    const analysis = new taint.TaintAnalysis(m);
    const summary = analysis.summarize(fn(m.fileIndex(file('src/clients/dancu.client.ts'))!, 'layThongTinCongDan'));
    expect(summary.returns?.origins.map((o) => `${o.kind}:${o.query}:${path.basename(o.file)}:${o.line}`)).toEqual(['query:CungCapThongTinCongDan:dancu.client.ts:13']);
    expect(summary.returns?.params).toEqual([]);
  });

  it('walks at file level only the functions from which a sink can be reached (through calls, a cycle, a callback), with the same findings', () => {
    const m = model();
    const analysis = new taint.TaintAnalysis(m);
    const index = m.fileIndex(file('src/reach/vong.ts'))!;
    const reaches = (name: string) => analysis.reachesSink(index, fn(index, name).info.node);
    // literals only, to a log and to a logging helper; data to a function with no sink: nothing to find
    expect(reaches('chiGhiChu')).toBe(false);
    expect(reaches('khongCoDich')).toBe(false);
    expect(reaches('docTen')).toBe(false);
    // the log behind a cycle (vongA → vongB → vongA, then inRa), through a nested callback, and the helper itself
    expect(['batDau', 'vongA', 'vongB', 'quaCallback', 'inRa'].filter(reaches)).toEqual(['batDau', 'vongA', 'vongB', 'quaCallback', 'inRa']);
    // a literal that is a CCCD number can be data (given to a parameter named for an ID number)
    expect(reaches('ghiSoCoDinh')).toBe(true);
    const lines = analysis.analyzeFile(index).map((f) => index.sourceFile.getLineAndCharacterOfPosition(f.node.getStart(index.sourceFile)).line + 1);
    expect(lines).toEqual([26, 32, 50, 57]);
    // a skipped function still has its summary when a caller asks (here: no sink, returns the name)
    expect(analysis.summarize(fn(index, 'khongCoDich')).sinks).toEqual([]);
  });

  it('memoizes one summary per function and generation, and recomputes after a file changes', () => {
    const files = new ProjectFiles();
    const m = model(files);
    const analysis = new taint.TaintAnalysis(m);
    const target = fn(m.fileIndex(file('src/notify/telegram.ts'))!, 'guiTelegram');
    const first = analysis.summarize(target);
    expect(analysis.summarize(target)).toBe(first);
    files.invalidate(file('src/notify/telegram.ts'));
    const again = analysis.summarize(fn(m.fileIndex(file('src/notify/telegram.ts'))!, 'guiTelegram'));
    expect(again).not.toBe(first);
    expect(again.sinks.length).toBe(first.sinks.length);
  });

  it('terminates on mutual recursion and still sees the sink', () => {
    const files = new ProjectFiles();
    const fake = file('src/recursion.ts');
    files.setOverlay(
      fake,
      `import axios from 'axios';
export function a(text: string, n: number): Promise<unknown> { return n > 0 ? b(text, n - 1) : axios.post('https://api.telegram.org/bot1:A/sendMessage', { text }); }
export function b(text: string, n: number): Promise<unknown> { return a(text, n); }
export function c(hoTen: string) { return b(hoTen, 3); }`,
    );
    const m = model(files);
    const analysis = new taint.TaintAnalysis(m);
    const index = m.fileIndex(fake)!;
    expect(analysis.summarize(fn(index, 'a')).sinks.map((s) => s.param)).toEqual([0]);
    const findings = analysis.analyzeFile(index);
    expect(findings.map((f) => `${f.kind}:${index.sourceFile.getLineAndCharacterOfPosition(f.node.getStart(index.sourceFile)).line + 1}`)).toContain('messaging:4');
  });

  it('recognises CCCD and CMND shapes: province prefix and century digit', () => {
    expect(taint.isCccdNumber('052203001234')).toBe(true);
    expect(taint.isCccdNumber('003203001234')).toBe(false); // 003 is no province code
    expect(taint.isCccdNumber('001503001234')).toBe(false); // century digit 5: not the 1900s or 2000s
    expect(taint.isCccdNumber('20240115000')).toBe(false);
    expect(taint.isCmndNumber('212345678')).toBe(true);
  });

  it('normalizes field names once, in any casing: snake, camel, upper, diacritics', () => {
    const n = taint.normalizeFieldName;
    expect(['so_cccd', 'soCccd', 'SO_CCCD', 'soCCCD', 'so-cccd'].map(n)).toEqual(Array(5).fill('socccd'));
    expect([n('full_name'), n('FullName'), n('SO_DINH_DANH'), n('ngay_sinh'), n('Họ tên'), n('đia_chi')]).toEqual(['fullname', 'fullname', 'sodinhdanh', 'ngaysinh', 'hoten', 'diachi']);
    const result = policyFor(file('src/services/ho-so.service.ts'));
    if (!result.ok) throw new Error('policy');
    const fields = taint.citizenFields(result.policy);
    // the policy's citizenData.fields are matched through the same normalizer
    expect(['so_cccd', 'SO_DINH_DANH', 'full_name', 'ngay_sinh', 'hoten', 'soCccd', 'HO_VA_TEN', 'dan_toc'].map((x) => fields.field(x) !== undefined)).toEqual(Array(8).fill(true));
    expect([fields.field('ten_don_vi'), fields.field('trang_thai'), fields.field('ma_ho_so')]).toEqual([undefined, undefined, undefined]);
    expect(fields.sensitive('DAN_TOC')).toBe(true);
    expect(fields.isIdName('so_cccd_cha')).toBe(true);
  });

  it('lets a library call pass data through only as a known pass-through or a method of the data itself', () => {
    const flow = (callee: string, isMethod: boolean) => {
      const chain = callee.split('.');
      return taint.libraryFlow(chain, chain[chain.length - 1], isMethod);
    };
    // functions of their arguments
    for (const f of ['JSON.stringify', 'structuredClone', 'Object.assign', 'Array.from', 'Promise.all', 'util.format', '_.pick', 'firstValueFrom', 'escapeHtml', 'formatDate']) {
      expect(flow(f, f.includes('.')).args, f).toBe(true);
    }
    // a client's method: its receiver is the client, and the arguments are not mixed into its answer
    expect(flow('supabase.from.upsert', true)).toEqual({ receiver: true, args: false });
    expect(flow('User.create', true)).toEqual({ receiver: true, args: false });
    expect(flow('bcryptCompare', false)).toEqual({ receiver: false, args: false });
    // string methods that take in their arguments
    expect(flow('MAU.replace', true)).toEqual({ receiver: true, args: true });
    expect(flow('prefix.concat', true)).toEqual({ receiver: true, args: true });
  });

  it('exposes the default query oracle as the seam for findQuerySites', () => {
    const m = model();
    const index = m.fileIndex(file('src/clients/dancu.client.ts'))!;
    let call: ts.CallExpression | undefined;
    const visit = (n: ts.Node): void => {
      if (!call && ts.isCallExpression(n) && n.expression.getText(index.sourceFile) === 'axios.post') call = n;
      ts.forEachChild(n, visit);
    };
    visit(index.sourceFile);
    expect(taint.defaultQueryOracle(m, index, call!)).toEqual({ label: 'CungCapThongTinCongDan' });
  });
});

describe('a second taint vocabulary', () => {
  /** A toy vocabulary: values named `ticket…` are the data; everything else is the walk's own behaviour. */
  const tickets = (overrides: Partial<taint.TaintVocabulary> = {}): taint.TaintVocabulary => ({
    id: 'ticket',
    names: () => ({ field: (n) => (/^ticket/i.test(n) ? n : undefined), isAmbiguous: () => false, sensitive: () => false, isIdName: () => false }),
    ...overrides,
  });
  const noQueries: taint.QueryOracle = () => undefined;

  function analyse(text: string, vocabulary: taint.TaintVocabulary) {
    const files = new ProjectFiles();
    const fake = file('src/vocabulary-probe.ts');
    files.setOverlay(fake, text);
    const m = model(files);
    const index = m.fileIndex(fake)!;
    const lines = (a: taint.TaintAnalysis) => a.analyzeFile(index).map((f) => index.sourceFile.getLineAndCharacterOfPosition(f.node.getStart(index.sourceFile)).line + 1);
    return { m, index, lines };
  }

  it('tracks its own names through the same walk, sinks and summaries, in a memo namespace of its own', () => {
    const { m, index, lines } = analyse(
      `export function show(ticketNo: string, hoTen: string) {
  console.log(ticketNo);
  console.log(hoTen);
  const copy = \`#\${ticketNo}\`;
  console.info(copy);
}`,
      tickets(),
    );
    const citizen = new taint.TaintAnalysis(m);
    const second = new taint.TaintAnalysis(m, noQueries, tickets());
    expect(lines(second)).toEqual([2, 5]);
    expect(lines(citizen)).toEqual([3]);
    // both analyses share the model's memo and do not see each other's results
    expect(lines(new taint.TaintAnalysis(m))).toEqual([3]);
    expect(second.analyzeFile(index)[0].origins[0]).toMatchObject({ kind: 'field', field: 'ticketNo' });
  });

  it('lets the vocabulary give a parameter data by its function, keep arguments out of library results, and drop properties, rest elements and overridden spreads', () => {
    const vocabulary = tickets({
      parameter: (p, fn) => (ts.isFunctionDeclaration(fn) && fn.name?.text === 'handler' && fn.parameters.indexOf(p) === 0
        ? { origins: [{ kind: 'request-body', field: undefined, file: 'x', line: 1, sensitive: false }], params: [], fields: new Map(), exact: true }
        : undefined),
      libraryFlow: (_call, chain) => ({ receiver: true, args: chain?.join('.') === 'JSON.stringify' }),
      memberCarries: (prop) => prop === 'code',
      restOf: (t, taken) => (taken.some((k) => /^ticket/.test(k)) ? { ...t, origins: t.origins.filter((o) => o.kind !== 'request-body') } : t),
    });
    const { m, lines } = analyse(
      `declare const db: { find(q: object): Promise<object> };
export async function handler(body: any, other: any) {
  console.log(body);
  console.log(body.email);
  console.log(other);
  const { ticketNo, ...rest } = body;
  console.log(rest);
  console.log({ ...body, ticketNo: '***' });
  const found = await db.find({ ticketNo });
  console.log(found);
  console.log(JSON.stringify({ ticketNo }));
}
export function fields(ticket: { code: string; expires: number }) {
  console.log(ticket.expires);
  console.log(ticket.code);
}`,
      vocabulary,
    );
    expect(lines(new taint.TaintAnalysis(m, noQueries, vocabulary))).toEqual([3, 11, 15]);
  });

  it('adds sinks of its own after the shared ones', () => {
    const { m, lines } = analyse(
      `declare function record(e: object): void;
export function f(ticketNo: string) { record({ ticketNo }); }`,
      tickets(),
    );
    expect(lines(new taint.TaintAnalysis(m, noQueries, tickets()))).toEqual([]);
    const withSink = tickets({ id: 'ticket-sink', sink: (_m, _f, call) => (call.expression.getText() === 'record' ? { kind: 'log', label: 'record', args: call.arguments } : undefined) });
    expect(lines(new taint.TaintAnalysis(m, noQueries, withSink))).toEqual([2]);
  });

  it('can refuse package imports as data by name (a `ticket` library is not a ticket)', () => {
    const text = `import ticket from 'ticket-lib';
export function f() { console.log(ticket); }`;
    const { m, lines } = analyse(text, tickets());
    expect(lines(new taint.TaintAnalysis(m, noQueries, tickets()))).toEqual([2]);
    expect(lines(new taint.TaintAnalysis(m, noQueries, tickets({ id: 'ticket-no-imports', packageImportsAreData: false })))).toEqual([]);
  });

  it('treats a CommonJS require of a package like an import (`const ticket = require(\'ticket-lib\')`), but not one of a project file', () => {
    const text = `const ticket = require('ticket-lib');
const ticketStore = require('./ticket-store');
console.log(ticket);
console.log(ticketStore);`;
    const { m, lines } = analyse(text, tickets());
    expect(lines(new taint.TaintAnalysis(m, noQueries, tickets({ id: 'ticket-no-requires', packageImportsAreData: false })))).toEqual([4]);
  });
});
