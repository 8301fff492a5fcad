import * as fs from 'node:fs';
import * as path from 'node:path';
import { dependencyRecorder, getProjectModel, policyFor, projectFiles, resetProjectModels, type Finding } from '@popdb-guard/core';
import { Checker } from '../src/checker';
import { makeWorkspace, writeFile } from './lsp-client';
import { FILES, NEST_MODULE, NEST_MODULE_HTTP, NEST_SERVICE, REGISTERED, ROUTE, SERVICE, STATS, STATS_CALLING, UNREGISTERED, UNRELATED, WRAPPER, WRAPPER_UNAUDITED, endpoints } from './incremental-project';

// Per-fact invalidation, as the language server runs it (recording always
// on): after an edit of one file, the facts derived from it are recomputed
// (the findings of the files that depend on it change), the facts that do
// not depend on it are reused (counted, not timed), and the findings equal
// those of a fresh model over the same texts.

const rule = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.line}:${f.column}`);
const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('language server: per-fact invalidation after an edit', () => {
  let ws: string;
  let checker: Checker;
  const open = new Map<string, string>();
  const at = (rel: string) => path.join(ws, rel);

  beforeAll(() => {
    dependencyRecorder.recordAlways(true);
    ws = makeWorkspace(FILES);
    checker = new Checker();
  });
  afterAll(() => {
    for (const file of open.keys()) projectFiles.removeOverlay(file);
    dependencyRecorder.recordAlways(false);
    resetProjectModels();
  });

  /** The editor's didOpen/didChange: the buffer becomes the overlay, and the document is checked. */
  async function edit(rel: string, text: string): Promise<Finding[]> {
    open.set(at(rel), text);
    projectFiles.setOverlay(at(rel), text);
    return check(rel);
  }
  async function check(rel: string): Promise<Finding[]> {
    const file = at(rel);
    const result = await checker.check({ file, text: open.get(file) ?? projectFiles.read(file)!, root: ws });
    if (result.kind !== 'findings') throw new Error(`unexpected ${result.kind}`);
    return result.findings;
  }
  const model = () => {
    const p = policyFor(at('src/routes/cong-dan.ts'));
    if (!p.ok) throw new Error('policy');
    return getProjectModel(at('src/routes/cong-dan.ts'), p.policy);
  };

  it('a wrapper in A that loses its audit call gives the route in B a require-audit-log finding, and gets it back', async () => {
    for (const rel of ['src/shared/tra-cuu.ts', 'src/routes/cong-dan.ts', 'src/routes/ho-gia-dinh.ts']) await edit(rel, FILES[rel as keyof typeof FILES]);
    expect(rule(await check('src/routes/cong-dan.ts'), 'popdb/require-audit-log')).toEqual([]);
    const wrapperBefore = await check('src/shared/tra-cuu.ts');
    const unrelatedBefore = await check('src/routes/ho-gia-dinh.ts');
    expect(rule(unrelatedBefore, 'popdb/require-audit-log')).toEqual(['11:10']);

    const before = model().factStatistics();
    await edit('src/shared/tra-cuu.ts', WRAPPER_UNAUDITED);
    expect(rule(await check('src/routes/cong-dan.ts'), 'popdb/require-audit-log')).toEqual(['7:18']);
    const afterB = model().factStatistics();
    // per fact, not a full clear: facts that read A were dropped
    expect(afterB.clears).toBe(before.clears);
    expect(afterB.dropped).toBeGreaterThan(before.dropped);

    // C reads neither A nor a token the edit added or removed: every one of its facts is reused
    expect(await check('src/routes/ho-gia-dinh.ts')).toEqual(unrelatedBefore);
    expect(total(model().factStatistics().computed)).toBe(total(afterB.computed));

    // the edit undone: A's previous content hash comes back, and with it the keys of its old facts
    expect(await edit('src/shared/tra-cuu.ts', WRAPPER)).toEqual(wrapperBefore);
    expect(rule(await check('src/routes/cong-dan.ts'), 'popdb/require-audit-log')).toEqual([]);
  });

  it('keystrokes do not pile up the facts of the versions they replaced', async () => {
    await edit('src/shared/tra-cuu.ts', WRAPPER);
    const entries = () => model().factStatistics().entries;
    await edit('src/shared/tra-cuu.ts', `${WRAPPER}// 1\n`);
    const afterOne = entries();
    for (let i = 2; i <= 6; i++) await edit('src/shared/tra-cuu.ts', `${WRAPPER}// ${i}\n`);
    expect(entries()).toBe(afterOne);
    await edit('src/shared/tra-cuu.ts', WRAPPER);
  });

  it('a constant URL in A2 that changes host gives the request in B2 a no-unregistered-endpoint finding, and takes it back', async () => {
    await edit('src/services/xac-minh.ts', SERVICE);
    expect(rule(await check('src/services/xac-minh.ts'), 'popdb/no-unregistered-endpoint')).toEqual([]);
    await edit('src/config/endpoints.ts', endpoints(UNREGISTERED));
    expect(rule(await check('src/services/xac-minh.ts'), 'popdb/no-unregistered-endpoint')).toEqual(['5:27']);
    await edit('src/config/endpoints.ts', endpoints(REGISTERED));
    expect(rule(await check('src/services/xac-minh.ts'), 'popdb/no-unregistered-endpoint')).toEqual([]);
  });

  it('a file that starts calling a function (a token it did not contain) becomes its caller: the finding moves up to it', async () => {
    await edit('src/routes/thong-ke.ts', STATS);
    expect(rule(await check('src/routes/ho-gia-dinh.ts'), 'popdb/require-audit-log')).toEqual(['11:10']);
    const clears = model().factStatistics().clears;
    expect(rule(await edit('src/routes/thong-ke.ts', STATS_CALLING), 'popdb/require-audit-log')).toEqual(['3:40']);
    // C is not edited: its facts that searched for callers of khongGhiNhatKy are dropped, the finding is the caller's now
    expect(rule(await check('src/routes/ho-gia-dinh.ts'), 'popdb/require-audit-log')).toEqual([]);
    expect(model().factStatistics().clears).toBe(clears);
    await edit('src/routes/thong-ke.ts', STATS);
    expect(rule(await check('src/routes/ho-gia-dinh.ts'), 'popdb/require-audit-log')).toEqual(['11:10']);
  });

  it('a module that starts registering HttpModule (a token search\'s answer changes) makes the service\'s HttpService calls queries', async () => {
    expect(rule(await edit('src/services/tra-cuu.service.ts', NEST_SERVICE), 'popdb/require-audit-log')).toEqual([]);
    const clears = model().factStatistics().clears;
    await edit('src/app.module.ts', NEST_MODULE_HTTP);
    // the service is not edited: its query sites searched for HttpModule and are recomputed
    expect(rule(await check('src/services/tra-cuu.service.ts'), 'popdb/require-audit-log')).toEqual(['9:12']);
    expect(model().factStatistics().clears).toBe(clears);
    await edit('src/app.module.ts', NEST_MODULE);
    expect(rule(await check('src/services/tra-cuu.service.ts'), 'popdb/require-audit-log')).toEqual([]);
  });

  it('a file created, then deleted, on disk that an import resolves to is seen each time (a full clear)', async () => {
    const route = ROUTE.replace("'../shared/tra-cuu'", "'../shared/tra-cuu-moi'");
    expect(rule(await edit('src/routes/cong-dan.ts', route), 'popdb/require-audit-log')).toEqual([]);
    const clears = model().factStatistics().clears;
    writeFile(ws, 'src/shared/tra-cuu-moi.ts', WRAPPER_UNAUDITED);
    projectFiles.invalidate(at('src/shared/tra-cuu-moi.ts'));
    expect(rule(await check('src/routes/cong-dan.ts'), 'popdb/require-audit-log')).toEqual(['7:18']);
    expect(model().factStatistics().clears).toBeGreaterThan(clears);
    fs.rmSync(at('src/shared/tra-cuu-moi.ts'));
    projectFiles.invalidate(at('src/shared/tra-cuu-moi.ts'));
    // the import resolves to nothing again: the call is no query
    expect(rule(await check('src/routes/cong-dan.ts'), 'popdb/require-audit-log')).toEqual([]);
    await edit('src/routes/cong-dan.ts', ROUTE);
  });

  it('after the series of edits, every file has the findings a fresh model gives for the same texts', async () => {
    // more edits, each checked as the editor would: the edited file, then the others
    await edit('src/shared/tra-cuu.ts', WRAPPER_UNAUDITED);
    await edit('src/config/endpoints.ts', endpoints(UNREGISTERED));
    await edit('src/routes/ho-gia-dinh.ts', UNRELATED.replace("noiDung: 'HoGiaDinh', ", ''));
    const files = Object.keys(FILES).filter((f) => f.endsWith('.ts'));
    const incremental = new Map<string, Finding[]>();
    for (const rel of files) incremental.set(rel, await check(rel));
    expect(rule(incremental.get('src/routes/cong-dan.ts')!, 'popdb/require-audit-log')).toEqual(['7:18']);
    expect(rule(incremental.get('src/services/xac-minh.ts')!, 'popdb/no-unregistered-endpoint')).toEqual(['5:27']);

    dependencyRecorder.recordAlways(false);
    resetProjectModels();
    checker.clear();
    for (const rel of files) expect(await check(rel), rel).toEqual(incremental.get(rel));
    dependencyRecorder.recordAlways(true);
  });
});
