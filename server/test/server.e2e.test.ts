import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, ErrorCodes, FileChangeType, ResponseError, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { Commands, ReloadRequest, SUPPRESSION_REASON_PLACEHOLDER, type ScanWorkspaceResult } from '@popdb-guard/protocol';
import { CLI_BIN, DONG_THAP_POLICY as POLICY, LspClient, applyWorkspaceEdit, cliFindings, makeWorkspace, uriOf, writeFile } from './lsp-client';

/** A NestJS-style service that a developer is halfway through typing: it does not parse. */
const BROKEN_SERVICE = `import { Injectable } from '@nestjs/common';
import { dancuClient } from '../clients/dancu-client';

@Injectable()
export class TraCuuCongDanService {
  @Audited() async traCuu(soDinhDanh: string) {
    const = ;
    return dancuClient.traCuuThongTinCongDan({ soDinhDanh, maDVC: 'tiep-nhan-ho-so' });
  }
}
`;

const FIXED_SERVICE = BROKEN_SERVICE.replace('    const = ;\n', '');

describe('language server over stdio: diagnostics', () => {
  let ws: string;
  let client: LspClient;
  beforeAll(async () => {
    ws = makeWorkspace({ 'popdb-policy.yaml': POLICY, 'src/tra-cuu.service.ts': BROKEN_SERVICE, 'src/clients/dancu-client.ts': 'export const dancuClient = { traCuuThongTinCongDan: async (q: object) => q };\n' });
    client = await LspClient.start({ workspace: ws });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('announces hover, quick fixes and the scanWorkspace command', () => {
    const caps = client.initializeResult.capabilities;
    expect(caps.hoverProvider).toBe(true);
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix'] });
    expect(caps.executeCommandProvider?.commands).toContain(Commands.scanWorkspace);
    expect(client.initializeResult.serverInfo?.name).toBe('popdb-guard');
  });

  it('reports a file that does not parse as popdb/parse-error, at the same place as the CLI', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const diagnostics = await client.open(file);
    const cli = cliFindings(ws, file);
    expect(cli.map((f) => f.ruleId)).toEqual(['popdb/parse-error']);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d.code).toBe('popdb/parse-error');
    expect(d.source).toBe('popdb-guard');
    expect(d.severity).toBe(DiagnosticSeverity.Error);
    // 1-based CLI line/column → 0-based LSP position.
    expect(d.range.start).toEqual({ line: cli[0].line - 1, character: cli[0].column - 1 });
    expect(d.range.start).toEqual({ line: 6, character: 9 });
    expect(d.message).toBe(cli[0].message);
  });

  it('clears the parse error once the edit makes the file parse (debounced didChange)', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const diagnostics = await client.change(file, FIXED_SERVICE);
    expect(diagnostics).toEqual([]);
  });

  it('applies incremental edits (ranged didChange) the way VS Code sends them', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const uri = uriOf(file);
    const { DidChangeTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    // Type "const = ;" into line 7 (0-based 6) of the fixed service: two keystroke-sized ranged inserts.
    let since = client.published.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 5 },
      contentChanges: [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '    const \n' }],
    });
    const afterInsert = await client.diagnosticsFor(uri, { since, version: 5 });
    // The server's buffer is the fixed service with the line inserted: the CLI on that content agrees.
    const lines = FIXED_SERVICE.split('\n');
    lines.splice(6, 0, '    const ');
    const copy = writeFile(ws, 'tmp-incremental/tra-cuu.service.ts', lines.join('\n'));
    const cli = cliFindings(ws, copy);
    expect(cli.map((f) => f.ruleId)).toEqual(['popdb/parse-error']);
    expect(afterInsert.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.message])).toEqual(cli.map((f) => [f.ruleId, f.line, f.column, f.message]));
    fs.rmSync(path.dirname(copy), { recursive: true });
    since = client.published.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 6 },
      contentChanges: [{ range: { start: { line: 6, character: 10 }, end: { line: 6, character: 10 } }, text: 'x = 1;' }],
    });
    expect(await client.diagnosticsFor(uri, { since, version: 6 })).toEqual([]);
  });

  it('checks only the latest of several quick edits', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const since = client.published.length;
    const uri = uriOf(file);
    // Three versions inside one debounce window: only the last is checked and published.
    const { DidChangeTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    for (const [version, text] of [[10, BROKEN_SERVICE], [11, FIXED_SERVICE], [12, BROKEN_SERVICE]] as const) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    const last = await client.diagnosticsFor(uri, { since, version: 12 });
    expect(last.map((d) => d.code)).toEqual(['popdb/parse-error']);
    expect(client.published.slice(since).filter((p) => p.uri === uri).map((p) => p.version)).toEqual([12]);
    await client.change(file, FIXED_SERVICE);
  });

  it('re-checks open documents when a watched file changes on disk', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const since = client.published.length;
    writeFile(ws, 'src/clients/dancu-client.ts', 'export const dancuClient = { traCuuThongTinCongDan: async (q: object) => ({ ...q }) };\n');
    await client.fileChanged(path.join(ws, 'src/clients/dancu-client.ts'));
    const again = await client.diagnosticsFor(uriOf(file), { since });
    expect(again).toEqual([]);
    expect(client.logs.some((l) => l.includes('files changed on disk'))).toBe(true);
  });

  it('explains a finding on hover, in the client display language', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const [d] = await client.change(file, BROKEN_SERVICE);
    const hover = await client.hover(file, d.range.start.line, d.range.start.character);
    const text = (hover?.contents as { value: string }).value;
    expect(text).toContain('**popdb/parse-error**');
    expect(text).toContain('does not parse, so it was not checked');
    expect(await client.hover(file, 0, 0)).toBeNull();
  });

  it('clears a document\'s diagnostics when it is closed', async () => {
    const file = path.join(ws, 'src/tra-cuu.service.ts');
    const since = client.published.length;
    await client.close(file);
    expect(await client.diagnosticsFor(uriOf(file), { since })).toEqual([]);
  });

  it('checks .env, JSON and YAML config files and leaves other files alone', async () => {
    const env = writeFile(ws, '.env.production', 'DANCU_API_URL=https://lgsp.dongthap.gov.vn/dancu/v1/\nPORT=8080\n');
    expect(await client.open(env)).toEqual([]);
    const brokenJson = writeFile(ws, 'config/lgsp.json', '{ "lgsp": { "baseUrl": "https://lgsp.dongthap.gov.vn/dancu/v1/", }\n');
    const jsonDiagnostics = await client.open(brokenJson);
    expect(jsonDiagnostics.map((d) => d.code)).toEqual(cliFindings(ws, brokenJson).map((f) => f.ruleId));
    const since = client.published.length;
    const readme = writeFile(ws, 'README.md', '# Tra cứu công dân\n');
    const { DidOpenTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(readme), languageId: 'markdown', version: 1, text: '# x\n' } });
    // A later document's diagnostics arrive, none for the Markdown file.
    await client.open(env);
    expect(client.published.slice(since).some((p) => p.uri === uriOf(readme))).toBe(false);
  });
});

describe('language server over stdio: the policy file', () => {
  let ws: string;
  let client: LspClient;
  beforeAll(async () => {
    ws = makeWorkspace({
      'popdb-policy.yaml': `version: 1\npopulationDb:\n  registeredEndpoints: ["https://lgsp.dongthap.gov.vn/dancu/v1/"]\n  clientCalls: ["dancuClient.*"]\naudit:\n  functon: ["auditLog"]\n`,
      'src/batch/dong-bo.ts': 'export async function dongBo(ds: string[]) {\n  for (const so of ds) {\n    await fetch(`https://lgsp.dongthap.gov.vn/dancu/v1/congdan/${so}`)\n  }\n  const = ;\n}\n',
    });
    client = await LspClient.start({ workspace: ws, locale: 'vi' });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('reports a schema error in the policy at its line, naming the key', async () => {
    const diagnostics = await client.open(path.join(ws, 'popdb-policy.yaml'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe('popdb/policy');
    expect(diagnostics[0].severity).toBe(DiagnosticSeverity.Error);
    expect(diagnostics[0].range.start).toEqual({ line: 5, character: 2 });
    expect(diagnostics[0].message).toContain('audit.functon');
    expect(diagnostics[0].message).toContain('did you mean "functions"');
  });

  it('gives other documents no findings while the policy is invalid, and sends a policyError status', async () => {
    const file = path.join(ws, 'src/batch/dong-bo.ts');
    const diagnostics = await client.open(file);
    expect(diagnostics).toEqual([]);
    const status = await client.waitFor('policyError status', () => client.statuses.findLast((s) => s.uri === uriOf(file)));
    expect(status.state).toBe('policyError');
    expect(status.message).toContain('popdb-policy.yaml:6:3');
    expect(client.logs.some((l) => l.includes('invalid policy'))).toBe(true);
  });

  it('reports buffer edits of the policy before they are saved', async () => {
    const policy = path.join(ws, 'popdb-policy.yaml');
    const fixed = `version: 1\npopulationDb:\n  registeredEndpoints: ["https://lgsp.dongthap.gov.vn/dancu/v1/"]\n  clientCalls: ["dancuClient.*"]\naudit:\n  functions: ["auditLog"]\n`;
    expect(await client.change(policy, fixed)).toEqual([]);
    expect(await client.change(policy, `${fixed}rules:\n  popdb/require-audit-log: fatal\n`)).toMatchObject([{ range: { start: { line: 7 } }, message: expect.stringContaining('rules.popdb/require-audit-log') }]);
    await client.change(policy, fixed);
  });

  it('re-checks every open document when the saved policy changes', async () => {
    const policy = path.join(ws, 'popdb-policy.yaml');
    const file = path.join(ws, 'src/batch/dong-bo.ts');
    const since = client.published.length;
    fs.writeFileSync(policy, fs.readFileSync(policy, 'utf8').replace('functon', 'functions'));
    await client.fileChanged(policy);
    // With a valid policy the file is checked again: its syntax error shows up.
    const diagnostics = await client.diagnosticsFor(uriOf(file), { since });
    expect(diagnostics.map((d) => d.code)).toEqual(['popdb/parse-error']);
    const status = await client.waitFor('status after policy fix', () => client.statuses.slice(-1).find((s) => s.state === 'findings'));
    expect(status.errors).toBe(1);
  });

  it('shows hover text in Vietnamese for a Vietnamese editor', async () => {
    const file = path.join(ws, 'src/batch/dong-bo.ts');
    const [d] = await client.diagnosticsFor(uriOf(file), { match: (ds) => ds.length > 0 });
    expect(d.range.start.line).toBe(4);
    const hover = await client.hover(file, d.range.start.line, d.range.end.character);
    expect((hover?.contents as { value: string }).value).toContain('Tệp không phân tích được nên chưa được kiểm tra');
  });

  it('publishes policy problems on the policy file when it is not open', async () => {
    const policy = path.join(ws, 'popdb-policy.yaml');
    await client.close(policy);
    const since = client.published.length;
    fs.writeFileSync(policy, 'version: 1\nqueries:\n  budget: "nhiều"\n');
    await client.fileChanged(policy);
    const onPolicy = await client.diagnosticsFor(uriOf(policy), { since, match: (ds) => ds.length > 0 });
    expect(onPolicy).toMatchObject([{ code: 'popdb/policy', range: { start: { line: 2 } }, message: expect.stringContaining('queries.budget') }]);
    expect(await client.diagnosticsFor(uriOf(path.join(ws, 'src/batch/dong-bo.ts')), { since })).toEqual([]);
    // Fixed again: the stale policy diagnostics are withdrawn.
    const since2 = client.published.length;
    fs.writeFileSync(policy, 'version: 1\nqueries:\n  budget: 5000\n');
    await client.fileChanged(policy);
    expect(await client.diagnosticsFor(uriOf(policy), { since: since2 })).toEqual([]);
  });
});

describe('language server over stdio: settings', () => {
  let ws: string;
  let client: LspClient;
  beforeAll(async () => {
    ws = makeWorkspace({ 'src/a.ts': 'const = ;\n', 'policies/strict.yaml': 'version: 1\nrules: { "popdb/no-such-thing": error, ', 'popdb-policy.yaml': 'version: 1\n' });
    client = await LspClient.start({ workspace: ws, settings: { severityOverride: 'warning' } });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('applies the severity override', async () => {
    const [d] = await client.open(path.join(ws, 'src/a.ts'));
    expect(d.severity).toBe(DiagnosticSeverity.Warning);
  });

  it('re-reads settings per document after didChangeConfiguration: disabled means no diagnostics', async () => {
    const since = client.published.length;
    await client.configurationChanged({ enable: false });
    expect(await client.diagnosticsFor(uriOf(path.join(ws, 'src/a.ts')), { since })).toEqual([]);
    const since2 = client.published.length;
    await client.configurationChanged({ enable: true });
    expect((await client.diagnosticsFor(uriOf(path.join(ws, 'src/a.ts')), { since: since2 }))[0].severity).toBe(DiagnosticSeverity.Error);
  });

  it('uses the policy file the policyPath setting names, relative to the workspace folder', async () => {
    const since = client.published.length;
    await client.configurationChanged({ policyPath: 'policies/strict.yaml' });
    expect(await client.diagnosticsFor(uriOf(path.join(ws, 'src/a.ts')), { since })).toEqual([]);
    const strict = await client.diagnosticsFor(uriOf(path.join(ws, 'policies/strict.yaml')), { since });
    expect(strict[0].message).toMatch(/not valid YAML/);
  });

  it('works with clients that push settings instead of answering workspace/configuration', async () => {
    const other = await LspClient.start({ workspace: ws, configuration: false, settings: { enable: false } });
    try {
      expect(await other.open(path.join(ws, 'src/a.ts'))).toEqual([]);
    } finally {
      await other.shutdown();
    }
  });
});

describe('language server over stdio: quick fixes from the diagnostics the editor sends', () => {
  let ws: string;
  let client: LspClient;
  const files: Record<string, string> = {
    'popdb-policy.yaml': POLICY,
    '.env.example': 'PORT=8080\n',
    'src/db.ts': `import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.DB_HOST,
  user: 'hoso_app',
  password: 'S3cr3t-Pr0d-2024!',
});

const lgspAccessToken = "eyJBY2Nlc3NLZXkiOiJhYmMiLCJTZWNyZXRLZXkiOiJ4eXoifQ==";
export const adminPass = process.env.ADMIN_PASS || "admin";
`,
    'src/audit/audit-log.ts': `export function auditLog(entry: Record<string, unknown>): void {
  void entry;
}
`,
    'src/cong-dan.controller.ts': `import { Controller, Get, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { dancuClient } from './dancu-client';

@Controller('cong-dan')
export class CongDanController {
  @Get(':so')
  async xacMinh(@Param('so') soDinhDanh: string, @Req() req: Request) {
    const ketQua = await dancuClient.traCuuThongTinCongDan(soDinhDanh);
    return ketQua;
  }
}

export async function layHoSo(so: string) {
  return fetch(\`https://lgsp.haiduong.gov.vn/dancu/v2/congdan/\${so}\`);
}

export async function dongBoDanhSach(danhSach: string[]) {
  const ketQua = [];
  for (const so of danhSach) {
    ketQua.push(await dancuClient.traCuuThongTinCongDan(so));
  }
  return ketQua;
}
`,
  };
  const diag = (ruleId: string, line: number, start: number, end: number, message = 'finding'): Diagnostic => ({
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: DiagnosticSeverity.Error,
    source: 'popdb-guard',
    code: ruleId,
    message,
    data: { ruleId },
  });

  beforeAll(async () => {
    ws = makeWorkspace(files);
    client = await LspClient.start({ workspace: ws });
    await client.open(path.join(ws, 'src/db.ts'));
    await client.open(path.join(ws, 'src/cong-dan.controller.ts'));
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('moves a hardcoded password to process.env and lists it in .env.example', async () => {
    const file = path.join(ws, 'src/db.ts');
    // `'S3cr3t-Pr0d-2024!'` on line 6 (0-based 5), columns 12..31.
    const actions = await client.codeActions(file, [diag('popdb/no-hardcoded-credentials', 5, 12, 31)]);
    const move = actions.find((a) => a.title.includes('process.env.PASSWORD'));
    expect(move?.kind).toBe('quickfix');
    expect(move?.isPreferred).toBe(true);
    expect(move?.title).not.toContain('S3cr3t');
    const texts = applyWorkspaceEdit(move!.edit!);
    expect(texts.get(uriOf(file))).toContain('  password: process.env.PASSWORD,\n');
    expect(texts.get(uriOf(file))).not.toContain('S3cr3t-Pr0d-2024!');
    expect(texts.get(uriOf(path.join(ws, '.env.example')))).toBe('PORT=8080\nPASSWORD=\n');
  });

  it('names the variable after the declaration and creates .env.example when there is none', async () => {
    const file = path.join(ws, 'src/db.ts');
    fs.renameSync(path.join(ws, '.env.example'), path.join(ws, '.env.example.bak'));
    await client.fileChanged(path.join(ws, '.env.example'), FileChangeType.Deleted);
    try {
      const actions = await client.codeActions(file, [diag('popdb/no-hardcoded-credentials', 8, 24, 80)]);
      const move = actions.find((a) => a.title.includes('LGSP_ACCESS_TOKEN'))!;
      const created = move.edit!.documentChanges!.find((c) => 'kind' in c);
      expect(created).toEqual({ kind: 'create', uri: uriOf(path.join(ws, '.env.example')), options: { ignoreIfExists: true } });
      const texts = applyWorkspaceEdit(move.edit!);
      expect(texts.get(uriOf(file))).toContain('const lgspAccessToken = process.env.LGSP_ACCESS_TOKEN;');
      expect(texts.get(uriOf(path.join(ws, '.env.example')))).toBe('LGSP_ACCESS_TOKEN=\n');
    } finally {
      fs.renameSync(path.join(ws, '.env.example.bak'), path.join(ws, '.env.example'));
      await client.fileChanged(path.join(ws, '.env.example'), FileChangeType.Created);
    }
  });

  it('turns a default-password fallback into a fail-fast requireEnv read, adds the helper once, and lists the variable in .env.example', async () => {
    const file = path.join(ws, 'src/db.ts');
    const actions = await client.codeActions(file, [diag('popdb/no-default-credentials', 9, 51, 58)]);
    const move = actions.find((a) => a.title.includes('ADMIN_PASS'))!;
    expect(move.title).not.toContain('admin"');
    const created = move.edit!.documentChanges!.find((c) => 'kind' in c);
    expect(created).toEqual({ kind: 'create', uri: uriOf(path.join(ws, 'src/require-env.ts')), options: { ignoreIfExists: true } });
    const texts = applyWorkspaceEdit(move.edit!);
    expect(texts.get(uriOf(file))).toContain("export const adminPass = requireEnv('ADMIN_PASS');");
    expect(texts.get(uriOf(file))).toMatch(/^import \{ Pool \} from 'pg';\nimport \{ requireEnv \} from '\.\/require-env';\n/);
    expect(texts.get(uriOf(path.join(ws, 'src/require-env.ts')))).toContain('export function requireEnv(variable: string): string {');
    expect(texts.get(uriOf(path.join(ws, '.env.example')))).toBe('PORT=8080\nADMIN_PASS=\n');
  });

  it('registers an unregistered endpoint\'s versioned prefix in the policy, keeping the file\'s comments and layout', async () => {
    const file = path.join(ws, 'src/cong-dan.controller.ts');
    const actions = await client.codeActions(file, [diag('popdb/no-unregistered-endpoint', 14, 15, 67)]);
    const register = actions.find((a) => a.title.includes('https://lgsp.haiduong.gov.vn/dancu/v2/'));
    expect(register).toBeDefined();
    const texts = applyWorkspaceEdit(register!.edit!);
    const policy = texts.get(uriOf(path.join(ws, 'popdb-policy.yaml')))!;
    expect(policy).toContain('system:\n  name: "Hệ thống thông tin giải quyết TTHC tỉnh Đồng Tháp"');
    const { parse } = await import('yaml');
    expect(parse(policy).populationDb.registeredEndpoints).toEqual(['https://lgsp.dongthap.gov.vn/dancu/v1/', 'https://lgsp.haiduong.gov.vn/dancu/v2/']);
    const { parsePolicyText } = await import('@popdb-guard/core');
    expect(parsePolicyText(policy, path.join(ws, 'popdb-policy.yaml')).ok).toBe(true);
  });

  it('inserts an audit call with the policy\'s required fields right after the query, importing the audit function', async () => {
    const file = path.join(ws, 'src/cong-dan.controller.ts');
    // `dancuClient.traCuuThongTinCongDan(soDinhDanh)` on line 9 (0-based 8).
    const actions = await client.codeActions(file, [diag('popdb/require-audit-log', 8, 25, 74)]);
    const audit = actions.find((a) => a.title.includes('auditLog'))!;
    const text = applyWorkspaceEdit(audit.edit!).get(uriOf(file))!;
    expect(text).toContain(
      [
        '    const ketQua = await dancuClient.traCuuThongTinCongDan(soDinhDanh);',
        '    auditLog({',
        '      taiKhoan: /* TODO(popdb-guard): taiKhoan */ undefined as never,',
        '      thoiGian: new Date().toISOString(),',
        "      noiDung: JSON.stringify({ truyVan: 'dancuClient.traCuuThongTinCongDan', thamSo: [soDinhDanh] }),",
        "      diaChiIp: req.ip ?? '',",
        '    });',
        '    return ketQua;',
      ].join('\n'),
    );
    expect(text).toContain("import { dancuClient } from './dancu-client';\nimport { auditLog } from './audit/audit-log';\n");
  });

  it('runs a query repeated by a loop through a p-limit limiter created before the loop', async () => {
    const file = path.join(ws, 'src/cong-dan.controller.ts');
    // `dancuClient.traCuuThongTinCongDan(so)` inside the for-of, line 21 (0-based 20).
    const actions = await client.codeActions(file, [diag('popdb/no-unbounded-query-loop', 20, 22, 59)]);
    const wrap = actions.find((a) => a.title.includes('p-limit'))!;
    const text = applyWorkspaceEdit(wrap.edit!).get(uriOf(file))!;
    expect(text).toContain(['  const ketQua = [];', '  const limit = pLimit(4);', '  for (const so of danhSach) {', '    ketQua.push(await limit(() => dancuClient.traCuuThongTinCongDan(so)));'].join('\n'));
    expect(text).toContain("import pLimit from 'p-limit';\n");
  });

  it('offers a suppression comment whose reason must be filled in', async () => {
    const file = path.join(ws, 'src/cong-dan.controller.ts');
    const actions = await client.codeActions(file, [diag('popdb/no-unbounded-query-loop', 20, 22, 59)]);
    const suppress = actions.find((a) => a.title.includes('suppress'))!;
    expect(suppress.isPreferred).toBeFalsy();
    const text = applyWorkspaceEdit(suppress.edit!).get(uriOf(file))!;
    expect(text).toContain(`    // eslint-disable-next-line popdb/no-unbounded-query-loop -- ${SUPPRESSION_REASON_PLACEHOLDER}\n    ketQua.push(`);
  });

  it('offers nothing for parse errors or other tools\' diagnostics', async () => {
    const file = path.join(ws, 'src/cong-dan.controller.ts');
    const parseError = diag('popdb/parse-error', 1, 0, 1);
    const tsError: Diagnostic = { ...diag('x', 1, 0, 1), source: 'ts', code: 2304, data: undefined };
    expect(await client.codeActions(file, [parseError, tsError])).toEqual([]);
  });
});

describe('language server over stdio: workspace scan', () => {
  it('scans every scannable file like the CLI and publishes findings for files that are not open', async () => {
    const ws = makeWorkspace({
      'popdb-policy.yaml': 'version: 1\npopulationDb:\n  registeredEndpoints: ["https://lgsp.dongthap.gov.vn/dancu/v1/"]\nignore: ["legacy/**"]\n',
      '.gitignore': 'tmp/\n',
      'src/a.ts': 'export const a = 1;\n',
      'src/b.js': 'function (\n',
      'src/c.tsx': 'export const C = () => <div>{"xin chào"}</div>;\n',
      'config/app.yaml': 'lgsp:\n  baseUrl: https://lgsp.dongthap.gov.vn/dancu/v1/\n',
      'legacy/old.js': 'var = 1;\n',
      'tmp/scratch.ts': 'const = ;\n',
      'node_modules/x/index.js': 'const = ;\n',
    });
    const client = await LspClient.start({ workspace: ws });
    try {
      await client.open(path.join(ws, 'src/a.ts'), 'export const a = ;\n');
      const result = await client.executeCommand<ScanWorkspaceResult>(Commands.scanWorkspace);
      let cli: { filesScanned: number; findings: { file: string; ruleId: string }[] };
      try {
        cli = JSON.parse(execFileSync(process.execPath, [CLI_BIN, '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' }));
      } catch (e) {
        cli = JSON.parse((e as { stdout: string }).stdout);
      }
      expect(result.files).toBe(cli.filesScanned);
      expect(result.files).toBe(5);
      // The CLI reads a.ts from disk (parses); the server reads the unsaved buffer (does not).
      expect(cli.findings.map((f) => f.file)).toEqual(['src/b.js']);
      expect(result.errors).toBe(2);
      expect(await client.diagnosticsFor(uriOf(path.join(ws, 'src/b.js')))).toMatchObject([{ code: 'popdb/parse-error' }]);
      const published = client.published.map((p) => path.relative(ws, new URL(p.uri).pathname));
      expect(published.filter((f) => /^(legacy|tmp|node_modules)\//.test(f))).toEqual([]);
      // The file is fixed on disk: the next scan withdraws its diagnostics.
      fs.writeFileSync(path.join(ws, 'src/b.js'), 'function ok() {}\n');
      const since = client.published.length;
      await client.executeCommand<ScanWorkspaceResult>(Commands.scanWorkspace);
      expect(await client.diagnosticsFor(uriOf(path.join(ws, 'src/b.js')), { since })).toEqual([]);
    } finally {
      await client.shutdown();
    }
  });
});

describe('language server over stdio: survives bad input', () => {
  let ws: string;
  let client: LspClient;
  beforeAll(async () => {
    ws = makeWorkspace({ 'popdb-policy.yaml': 'version: 1\n', 'src/ok.ts': 'export const ok = true;\n' });
    client = await LspClient.start({ workspace: ws });
  });
  afterAll(async () => {
    expect(await client.shutdown()).toBe(0);
  });

  it('answers a request with missing params with an InvalidParams error and keeps serving', async () => {
    const error = await client.connection.sendRequest('textDocument/hover', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(ErrorCodes.InvalidParams);
    const error2 = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(path.join(ws, 'src/ok.ts')) } }).catch((e: unknown) => e);
    expect((error2 as ResponseError<unknown>).code).toBe(ErrorCodes.InvalidParams);
    expect(await client.open(path.join(ws, 'src/ok.ts'))).toEqual([]);
  });

  it('answers an unknown command and an unknown method with errors', async () => {
    const unknownCommand = await client.executeCommand('popdb-guard.noSuchCommand').catch((e: unknown) => e);
    expect((unknownCommand as ResponseError<unknown>).code).toBe(ErrorCodes.InvalidParams);
    const unknownMethod = await client.connection.sendRequest('popdbGuard/noSuchMethod', {}).catch((e: unknown) => e);
    expect((unknownMethod as ResponseError<unknown>).code).toBe(ErrorCodes.MethodNotFound);
  });

  it('survives a message that is not JSON', async () => {
    const garbage = '{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{';
    client.process.stdin!.write(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    expect(await client.open(path.join(ws, 'src/ok.ts'), 'export const ok = ;\n')).toMatchObject([{ code: 'popdb/parse-error' }]);
  });

  it('ignores documents that are not files on disk (untitled buffers)', async () => {
    const { DidOpenTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'untitled:Untitled-1', languageId: 'typescript', version: 1, text: 'const = ;' } });
    // The server is still serving the file it knows: the parse error from the previous test is there.
    const [d] = await client.diagnosticsFor(uriOf(path.join(ws, 'src/ok.ts')));
    expect(await client.hover(path.join(ws, 'src/ok.ts'), d.range.start.line, d.range.start.character)).not.toBeNull();
    expect(client.published.some((p) => p.uri.startsWith('untitled:'))).toBe(false);
  });

  it('checks a huge file (about 60,000 lines) and stays responsive', async () => {
    const block = `export async function traCuu$I(so: string) {\n  const res = await fetch(\`https://lgsp.dongthap.gov.vn/dancu/v1/congdan/\${so}\`);\n  return res.json();\n}\n`;
    const text = Array.from({ length: 15_000 }, (_, i) => block.replaceAll('$I', String(i))).join('') + 'const = ;\n';
    const file = writeFile(ws, 'src/generated-clients.ts', text);
    const diagnostics = await client.open(file);
    expect(diagnostics).toMatchObject([{ code: 'popdb/parse-error', range: { start: { line: 60_000 } } }]);
    expect(await client.hover(file, diagnostics[0].range.start.line, diagnostics[0].range.start.character)).not.toBeNull();
  });

  it('survives a file nested deeper than the parser\'s stack (generated data as code)', async () => {
    const file = writeFile(ws, 'src/generated-tree.ts', `export const cayDonVi = ${'['.repeat(20_000)}${']'.repeat(20_000)};\n`);
    const diagnostics = await client.open(file);
    expect(diagnostics).toMatchObject([{ code: 'popdb/parse-error', message: expect.stringContaining('Maximum call stack size exceeded') }]);
    expect(await client.open(path.join(ws, 'src/ok.ts'), 'export const ok = true;\n')).toEqual([]);
  });

  it('reloads on request and keeps serving', async () => {
    const since = client.published.length;
    await client.connection.sendRequest(ReloadRequest.type);
    await client.diagnosticsFor(uriOf(path.join(ws, 'src/ok.ts')), { since });
    expect(client.exitCode).toBeUndefined();
  });
});
