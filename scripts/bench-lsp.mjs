#!/usr/bin/env node
// Editor latency of the popdb-guard language server: time from a didChange
// to the diagnostics of that version, on a 1,000-line file inside a
// 2,000-file workspace of integration-service code.
//
//   npm run build && npm run bench:lsp [-- --files 2000 --edits 60 --server path/to/server.js] [--fan-out 200]
//
// --fan-out N: the edited file is instead a 1,000-line router whose routes call
// N wrappers in N other files (each a query, most with their audit), so each
// keystroke asks for many facts about other files (docs/editor.md,
// "Per-fact invalidation").
//
// --series: also print each edit's latency in order (the first edits run before
// the JIT has compiled the check). --no-scan: skip the workspace scan at the end.
//
// Starts the BUILT server (server/bin/popdb-guard-server.js) over stdio, as an
// editor does. Reports p50/p95 with the server's debounce set to 0 (the time
// the check itself takes) and with the default debounce (what a user sees).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  ExecuteCommandRequest,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  RegistrationRequest,
} = require('vscode-languageserver-protocol/node');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const FILES = Number(arg('files', 2000));
const EDITS = Number(arg('edits', 60));
const SERVER = path.resolve(arg('server', path.join(root, 'server/bin/popdb-guard-server.js')));
const DEFAULT_DEBOUNCE_MS = 100;
const FAN_OUT = Number(arg('fan-out', 0));

// ------------------------------------------------------------------ workspace

const PROVINCES = ['hanoi', 'dongthap', 'haiduong', 'quangtri', 'binhthuan', 'longan', 'binhdinh', 'camau'];
const templates = [
  (i, p) => `import express from 'express';
import { dancuClient } from '../clients/dancu-client';
import { auditLog } from '../audit';

export const router${i} = express.Router();

router${i}.get('/cong-dan/:soDinhDanh', async (req, res) => {
  const ketQua = await dancuClient.traCuuThongTinCongDan({ soDinhDanh: req.params.soDinhDanh, maDonVi: 'H${i}' });
  await auditLog({ taiKhoan: req.user?.id, thoiGian: new Date().toISOString(), noiDung: 'TraCuuThongTinCongDan', diaChiIp: req.ip });
  res.json({ hoTen: ketQua.HoVaTen, ngaySinh: ketQua.NgayThangNamSinh });
});
`,
  (i, p) => `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

const DANCU_URL = process.env.DANCU_API_URL ?? 'https://lgsp.${p}.gov.vn/dancu/v1/';

@Injectable()
export class XacMinhService${i} {
  constructor(private readonly http: HttpService) {}

  async xacMinh(soDinhDanh: string, hoVaTen: string) {
    const { data } = await firstValueFrom(this.http.post(\`\${DANCU_URL}XacMinhThongTinNhanThan\`, { SoDinhDanh: soDinhDanh, HoVaTen: hoVaTen, MaYeuCau: 'YC${i}' }));
    return data.KetQua === 'DUNG';
  }
}
`,
  (i, p) => `import pLimit from 'p-limit';
import { dancuClient } from '../clients/dancu-client';

const limit = pLimit(5);

export async function dongBoHoSo${i}(danhSach: { soDinhDanh: string }[]) {
  return Promise.all(danhSach.slice(0, 500).map((hs) => limit(() => dancuClient.traCuuThongTinCongDan({ soDinhDanh: hs.soDinhDanh }))));
}
`,
  (i, p) => `export interface HoSoCongDan${i} {
  soDinhDanh: string;
  hoTen: string;
  ngaySinh: string;
  gioiTinh: 'Nam' | 'Nu';
  noiThuongTru: { maTinh: string; maHuyen: string; maXa: string; chiTiet: string };
}

export function maskCccd${i}(so: string): string {
  return so.slice(0, 3) + '******' + so.slice(-3);
}
`,
];
const configTemplates = [
  (i, p) => ({ name: `config/service-${i}.json`, text: JSON.stringify({ lgsp: { baseUrl: `https://lgsp.${p}.gov.vn/dancu/v1/`, timeoutMs: 5000 }, port: 3000 + (i % 100) }, null, 2) + '\n' }),
  (i, p) => ({ name: `deploy/values-${i}.yaml`, text: `service:\n  name: tra-cuu-${i}\n  replicas: 2\nenv:\n  DANCU_API_URL: https://lgsp.${p}.gov.vn/dancu/v1/\n  DB_HOST: 10.0.${i % 250}.5\n` }),
];

function makeWorkspace() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-bench-lsp-')));
  const write = (rel, text) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  };
  write('popdb-policy.yaml', `version: 1
system:
  name: "Hệ thống thông tin giải quyết TTHC (bench)"
  purposes: ["tiep-nhan-ho-so"]
populationDb:
  registeredEndpoints: [${PROVINCES.map((p) => `"https://lgsp.${p}.gov.vn/dancu/v1/"`).join(', ')}]
  clientCalls: ["dancuClient.*"]
  envEndpoints: ["DANCU_API_URL"]
audit:
  functions: ["auditLog"]
  requiredFields: ["taiKhoan", "thoiGian", "noiDung", "diaChiIp"]
citizenData:
  sanitizers: ["maskCccd"]
`);
  write('.env.example', 'DANCU_API_URL=\nDB_HOST=\nDB_PASSWORD=\n');
  write('src/clients/dancu-client.ts', `export const dancuClient = {\n  async traCuuThongTinCongDan(q: { soDinhDanh: string; maDonVi?: string }) {\n    const res = await fetch(\`\${process.env.DANCU_API_URL}TraCuuThongTinCongDan\`, { method: 'POST', body: JSON.stringify(q) });\n    return res.json();\n  },\n};\n`);
  write('src/audit.ts', 'export async function auditLog(entry: Record<string, unknown>) {\n  console.log(JSON.stringify(entry));\n}\n');
  let n = 3;
  for (let i = 0; n < FILES; i++) {
    const p = PROVINCES[i % PROVINCES.length];
    if (i % 10 === 9) {
      const c = configTemplates[i % configTemplates.length](i, p);
      write(c.name, c.text);
    } else {
      const folder = ['routes', 'services', 'batch', 'models'][i % 4];
      write(`src/${folder}/m${i}.ts`, templates[i % templates.length](i, p));
    }
    n++;
  }
  // The file being edited: 1,000 lines of service code.
  const parts = [];
  for (let i = 0; parts.join('').split('\n').length < 1000; i++) parts.push(templates[i % 3](10_000 + i, PROVINCES[i % PROVINCES.length]).replace(/^import .*\n/gm, ''));
  const lines = [`import express from 'express';`, `import { dancuClient } from './clients/dancu-client';`, `import { auditLog } from './audit';`, ...parts.join('\n').split('\n')].slice(0, 1000);
  write('src/tra-cuu-tong-hop.ts', lines.join('\n') + '\n');
  if (FAN_OUT) writeFanOut(write);
  return { dir, editedFile: path.join(dir, 'src/tra-cuu-tong-hop.ts') };
}

/** `--fan-out N`: N wrappers in their own files, and the edited file a router that calls every one. */
function writeFanOut(write) {
  for (let j = 0; j < 10; j++) write(`src/shared/chuan-hoa-${j}.ts`, `export const chuanHoa${j} = (s: string) => s.trim().toUpperCase();\n`);
  const imports = [];
  const routes = [];
  for (let i = 0; i < FAN_OUT; i++) {
    write(`src/wrappers/w${i}.ts`, `import { dancuClient } from '../clients/dancu-client';
import { auditLog } from '../audit';
import { chuanHoa${i % 10} } from '../shared/chuan-hoa-${i % 10}';

export async function traCuu${i}(so: string, canBo: { id: string; ip: string }) {
  const ketQua = await dancuClient.traCuuThongTinCongDan({ soDinhDanh: chuanHoa${i % 10}(so), maDonVi: 'H${i}' });
  ${i % 3 === 0 ? '' : "await auditLog({ taiKhoan: canBo.id, thoiGian: new Date().toISOString(), noiDung: 'TraCuu', diaChiIp: canBo.ip });"}
  return { hoTen: ketQua.HoVaTen };
}
`);
    imports.push(`import { traCuu${i} } from './wrappers/w${i}';`);
  }
  for (let i = 0; imports.length + 4 + routes.length * 3 < 1000; i++) routes.push(`router.get('/r${i}/:so', async (req, res) => {\n  res.json(await traCuu${i % FAN_OUT}(req.params.so, { id: req.user.id, ip: req.ip }));\n});\n`);
  write('src/tra-cuu-tong-hop.ts', `import { Router } from 'express';\n${imports.join('\n')}\n\nexport const router = Router();\n${routes.join('')}`);
}

// ------------------------------------------------------------------ client

async function startServer(workspace, debounceMs) {
  const child = spawn(process.execPath, [...(process.env.POPDB_SERVER_NODE_ARGS ? process.env.POPDB_SERVER_NODE_ARGS.split(' ') : []), ...(process.env.POPDB_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.POPDB_SERVER_PROF}`] : []), SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const key = `${p.uri}@${p.version}`;
    waiters.get(key)?.(p);
    waiters.delete(key);
  });
  connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  connection.onRequest(RegistrationRequest.type, () => null);
  connection.listen();
  const uri = pathToFileURL(workspace).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'bench' }],
    locale: 'vi',
    initializationOptions: { debounceMs },
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const diagnosticsOf = (docUri, version) => new Promise((resolve) => waiters.set(`${docUri}@${version}`, resolve));
  return {
    connection,
    diagnosticsOf,
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      await new Promise((r) => child.once('exit', r));
      connection.dispose();
    },
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function measure(workspace, editedFile, debounceMs) {
  const server = await startServer(workspace, debounceMs);
  const uri = pathToFileURL(editedFile).toString();
  const original = fs.readFileSync(editedFile, 'utf8');
  let t = performance.now();
  const first = server.diagnosticsOf(uri, 1);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: original } });
  await first;
  const openMs = performance.now() - t;
  const lines = original.split('\n');
  const samples = [];
  for (let v = 2; v < EDITS + 2; v++) {
    // A keystroke-sized edit somewhere in the file: a different literal each time.
    const at = 10 + ((v * 37) % (lines.length - 20));
    const edited = [...lines];
    edited[at] = `${edited[at]} // sửa ${v}`;
    const done = server.diagnosticsOf(uri, v);
    t = performance.now();
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text: edited.join('\n') }] });
    const diagnostics = await done;
    samples.push(performance.now() - t);
    if (v === 2) server.findings = diagnostics.diagnostics.length;
  }
  t = performance.now();
  // --no-scan: leave the workspace scan out (a server profile of the edits alone: POPDB_SERVER_PROF=dir)
  const scan = process.argv.includes('--no-scan') ? undefined : await server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'popdb-guard.scanWorkspace', arguments: [] });
  const scanMs = performance.now() - t;
  const findings = server.findings;
  await server.stop();
  const sorted = [...samples].sort((a, b) => a - b);
  if (process.argv.includes('--series')) console.log(`  debounce ${debounceMs} ms, each edit in order (ms): ${samples.map((x) => x.toFixed(0)).join(' ')}`);
  return { debounceMs, openMs, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], n: samples.length, findings, scanMs, scanFiles: scan?.files };
}

const { dir, editedFile } = makeWorkspace();
try {
  const lineCount = fs.readFileSync(editedFile, 'utf8').split('\n').length - 1;
  const { rules } = require(path.join(root, 'packages/engine/dist/index.js')).plugin;
  console.log(`workspace: ${FILES}${FAN_OUT ? ` + ${FAN_OUT + 10} (fan-out)` : ''} files under ${dir}; edited file: ${lineCount} lines${FAN_OUT ? `, calling ${FAN_OUT} wrappers in other files` : ''}; ${Object.keys(rules).length} rule(s) in the plugin; ${EDITS} edits; server ${path.relative(root, SERVER)}; node ${process.version}; ${os.cpus().length} CPU(s)`);
  for (const debounceMs of [0, DEFAULT_DEBOUNCE_MS]) {
    const r = await measure(dir, editedFile, debounceMs);
    console.log(
      `debounce ${String(r.debounceMs).padStart(3)} ms: didChange → diagnostics p50 ${fmt(r.p50)}, p95 ${fmt(r.p95)}, max ${fmt(r.max)} (n=${r.n}, ${r.findings} diagnostic(s)); first open ${fmt(r.openMs)}; ${r.scanFiles === undefined ? 'no workspace scan' : `scanWorkspace ${r.scanFiles} files in ${fmt(r.scanMs)}`}`,
    );
  }
} finally {
  if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
