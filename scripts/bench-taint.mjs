// Taint analysis benchmark: generates a 2,000-file TypeScript project (400 modules x
// client/service/notifier/controller/util, a 400-deep cross-file call chain) in a temp folder,
// then times the citizen-data analysis cold over every file, one edited file with a warm model, and
// one edited file after an editor overlay change (every summary dropped). Run after `npm run build`:
//   node scripts/bench-taint.mjs [--keep]
// The CLI on the same folder: node packages/cli/bin/popdb-guard.js <printed folder> --format json
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const core = require(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'core', 'dist', 'index.js'));

const MODULES = 400;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-taint-bench-'));
fs.mkdirSync(path.join(root, 'src'));
fs.writeFileSync(path.join(root, 'package.json'), '{"name":"bench"}');
fs.writeFileSync(path.join(root, 'popdb-policy.yaml'), 'version: 1\npopulationDb:\n  clientCalls: ["dancuClient.*"]\naudit:\n  functions: ["auditLog"]\n');
for (let i = 0; i < MODULES; i++) {
  const d = path.join(root, 'src', `m${i}`);
  fs.mkdirSync(d);
  const prev = i > 0 ? `../m${i - 1}/util` : null;
  fs.writeFileSync(path.join(d, 'client.ts'), `import axios from 'axios';
export interface CongDan${i} { SoDinhDanh: string; HoVaTen: string; DanToc: string; trangThai: string }
export async function layCongDan${i}(so: string): Promise<CongDan${i}> {
  const res = await axios.post('https://lgsp.tinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so, MaYeuCau: String(${i}) });
  return res.data.CongDan;
}
`);
  fs.writeFileSync(path.join(d, 'util.ts'), `${prev ? `import { dinhDang${i - 1} } from '${prev}';\n` : ''}export function dinhDang${i}(s: string, n: number): string {
  const x = s.trim().toUpperCase();
  if (n > 3) return ${prev ? `dinhDang${i - 1}(x, n - 1)` : 'x'};
  return \`[\${x}]\`;
}
export function an${i}(s: string) { return s.slice(-4).padStart(s.length, '*'); }
`);
  fs.writeFileSync(path.join(d, 'notifier.ts'), `import axios from 'axios';
import { dinhDang${i} } from './util';
export async function guiNhom${i}(text: string, chatId = '-100') {
  await axios.post(\`https://api.telegram.org/bot\${process.env.TG}/sendMessage\`, { chat_id: chatId, text: dinhDang${i}(text, 5) });
}
`);
  fs.writeFileSync(path.join(d, 'service.ts'), `import { layCongDan${i}, type CongDan${i} } from './client';
import { guiNhom${i} } from './notifier';
import { an${i}, dinhDang${i} } from './util';
declare function auditLog(e: object): void;
export class Service${i} {
  private cache = new Map<string, CongDan${i}>();
  async xuLy(so: string, canBo: string, ip: string) {
    const cd = await layCongDan${i}(so);
    auditLog({ taiKhoan: canBo, noiDung: so, diaChiIp: ip, thoiGian: Date.now() });
    this.cache.set(so, cd);
    const lines: string[] = [];
    for (const k of Object.keys(cd)) lines.push(k);
    await guiNhom${i}(\`Đã xử lý \${an${i}(so)}: \${lines.length} trường, trạng thái \${cd.trangThai}\`);
    ${i % 10 === 0 ? `await guiNhom${i}(dinhDang${i}(cd.HoVaTen, 2));` : ''}
    return cd;
  }
}
`);
  fs.writeFileSync(path.join(d, 'controller.ts'), `import { Service${i} } from './service';
import type { Request, Response } from 'express';
const svc = new Service${i}();
export async function handler${i}(req: Request, res: Response) {
  try {
    const cd = await svc.xuLy(req.body.so, req.user.id, req.ip);
    res.json({ ok: true, data: cd });
  } catch (e) {
    console.error('lỗi', (e as Error).message);
    res.status(500).json({ error: 'Lỗi hệ thống' });
  }
}
`);
}

const policy = core.policyFor(path.join(root, 'src', 'm0', 'client.ts')).policy;
const files = core.collectFiles([root], root, [], core.isSourceFile);
const parsed = files.map((f) => {
  const text = fs.readFileSync(f, 'utf8');
  return { f, text, sf: core.parseSource(f, text) };
});
const kinds = ['messaging', 'log', 'error'];
let t0 = performance.now();
let findings = 0;
for (const p of parsed) findings += core.citizenDataFindings({ fileName: p.f, text: p.text, sourceFile: p.sf, policy }, kinds).length;
const cold = performance.now() - t0;

const target = parsed.find((p) => p.f.endsWith(path.join(`m${MODULES - 1}`, 'service.ts')));
const edit = (overlay) => {
  const times = [];
  for (let i = 0; i < 21; i++) {
    const text = `${target.text}\n// edit ${i}\n`;
    if (overlay) core.projectFiles.setOverlay(target.f, text);
    const sf = core.parseSource(target.f, text);
    t0 = performance.now();
    core.citizenDataFindings({ fileName: target.f, text, sourceFile: sf, policy }, kinds);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: +times[10].toFixed(2), maxMs: +times[20].toFixed(2) };
};
console.log(JSON.stringify({
  root,
  files: parsed.length,
  findings,
  expectedFindings: MODULES / 10,
  coldAllFilesMs: Math.round(cold),
  coldPerFileMs: +(cold / parsed.length).toFixed(2),
  editWarmModel: edit(false),
  editAfterOverlay: edit(true),
}, null, 2));
if (!process.argv.includes('--keep')) fs.rmSync(root, { recursive: true, force: true });
