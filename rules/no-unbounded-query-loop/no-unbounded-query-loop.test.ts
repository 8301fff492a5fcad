import * as path from 'node:path';
import plugin = require('eslint-plugin-popdb');
import { FIXTURES, createRuleTester } from '../../test/rule-tester';

const rule = plugin.rules['no-unbounded-query-loop'];
const project = path.join(FIXTURES, 'query-project');
// the fixture policy sets queries.budget: 500 and queries.limiters: ['rateLimiter.run']
const ruleTester = createRuleTester(path.join(project, 'popdb-policy.yaml'));
/** A file of the multi-file fixture project that is not on disk: its imports resolve to the fixture's files. */
const job = (rel = 'src/jobs/case.ts') => path.join(project, rel);

ruleTester.run('no-unbounded-query-loop', rule, {
  valid: [
    {
      name: 'a single lookup outside any loop',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const q = (so: string) => traCuuCongDan(so);`,
    },
    {
      name: 'for…of over a literal array',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function kiemTraMau() {
  for (const so of ['001099012345', '079088001234', '048190000111']) await traCuuCongDan(so);
}`,
    },
    {
      name: 'for…of over a constant literal array declared elsewhere in the file',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
const MAU = ['001099012345', '079088001234'];
export async function kiemTra() { for (const so of MAU) await traCuuCongDan(so); }`,
    },
    {
      name: 'for…of over .slice(0, 100), within the budget of 500',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function dot(ds: string[]) {
  for (const so of ds.slice(0, 100)) await traCuuCongDan(so);
}`,
    },
    {
      name: 'classic for with i < N and N a constant within budget',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
const MAX_MOI_DOT = 200;
export async function dot(ds: string[]) {
  for (let i = 0; i < MAX_MOI_DOT; i++) await traCuuCongDan(ds[i]);
}`,
    },
    {
      name: 'p-limit: const limit = pLimit(5); limit(() => q())',
      filename: job(),
      code: `import pLimit from 'p-limit';
import { traCuuCongDan } from '../clients/dancu-api';
export async function dongBo(ds: string[]) {
  const limit = pLimit(5);
  return Promise.all(ds.map((so) => limit(() => traCuuCongDan(so))));
}`,
    },
    {
      name: 'bottleneck limiter.schedule',
      filename: job(),
      code: `import Bottleneck from 'bottleneck';
import { traCuuCongDan } from '../clients/dancu-api';
const limiter = new Bottleneck({ maxConcurrent: 2, minTime: 200, reservoir: 500 });
export async function dongBo(ds: string[]) {
  for (const so of ds) await limiter.schedule(() => traCuuCongDan(so));
}`,
    },
    {
      name: 'p-queue queue.add',
      filename: job(),
      code: `import PQueue from 'p-queue';
import { traCuuCongDan } from '../clients/dancu-api';
const hangDoi = new PQueue({ concurrency: 2, intervalCap: 10, interval: 1000 });
export function dongBo(ds: string[]) {
  ds.forEach((so) => hangDoi.add(() => traCuuCongDan(so)));
}`,
    },
    {
      name: 'a limiter named in the policy (rateLimiter.run)',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
declare const rateLimiter: { run<T>(f: () => Promise<T>): Promise<T> };
export async function dongBo(ds: string[]) {
  for (const so of ds) await rateLimiter.run(() => traCuuCongDan(so));
}`,
    },
    {
      name: 'p-map with a concurrency option',
      filename: job(),
      code: `import pMap from 'p-map';
import { traCuuCongDan } from '../clients/dancu-api';
export const dongBo = (ds: string[]) => pMap(ds, (so) => traCuuCongDan(so), { concurrency: 3 });`,
    },
    {
      name: 'a budget check that breaks out of the loop',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
const NGAN_SACH = 300;
export async function dongBo(ds: string[]) {
  let dem = 0;
  for (const so of ds) {
    if (dem >= NGAN_SACH) break;
    dem++;
    await traCuuCongDan(so);
  }
}`,
    },
    {
      name: 'a pagination loop that stops on a page budget',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function taiDanhSach() {
  let page = 1;
  let hasMore = true;
  while (hasMore) {
    if (page > 20) throw new Error('vượt ngân sách truy vấn');
    const { data } = await dancuApi.get(\`/CungCapDanhSachTheoDiaPhuong?page=\${page++}\`);
    hasMore = data.hasMore;
  }
}`,
    },
    {
      name: 'a retry loop bounded by attempt < 3',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function thuLai(so: string) {
  for (let lan = 0; lan < 3; lan++) {
    try { return await traCuuCongDan(so); } catch { await new Promise((r) => setTimeout(r, 1000)); }
  }
}`,
    },
    {
      name: 'a while(true) retry with an attempt budget that throws',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function thuLai(so: string) {
  let lan = 0;
  while (true) {
    try { return await traCuuCongDan(so); } catch (e) { if (++lan >= 5) throw e; }
  }
}`,
    },
    {
      name: 'a loop over another LGSP service (social insurance) is not a population-DB query',
      filename: job(),
      code: `import { traCuuBhxh } from '../clients/bhxh-client';
export async function dongBo(ds: string[]) { for (const m of ds) await traCuuBhxh(m); }`,
    },
    {
      name: 'sending notifications in a loop is not a population-DB query',
      filename: job(),
      code: `import axios from 'axios';
export async function thongBao(ds: { email: string }[]) {
  for (const d of ds) await axios.post('https://mail.danang.gov.vn/api/send', { to: d.email });
}`,
    },
    {
      name: 'a loop that processes results of one lookup (the query is outside)',
      filename: job(),
      code: `import { hoGiaDinh } from '../clients/dancu-api';
export async function thanhVien(ma: string) {
  const { data } = await hoGiaDinh(ma);
  for (const tv of data.thanhVien) console.log(tv.hoTen);
}`,
    },
    {
      name: 'Promise.all over a literal array',
      filename: job(),
      code: `import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
export const hoSo = (so: string, ma: string) => Promise.all([traCuuCongDan(so), hoGiaDinh(ma)]);`,
    },
    {
      name: 'map over Array.from({ length: 10 })',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export const trang = () => Promise.all(Array.from({ length: 10 }, (_, i) => dancuApi.get(\`/CungCapDanhSachTheoDoTuoi?page=\${i}\`)));`,
    },
    {
      name: 'for…in over a constant object of a few operations',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
const OPS = { cd: '/CungCapThongTinCongDan', hgd: '/CungCapThongTinHoGiaDinh' };
export async function ping() { for (const k in OPS) await dancuApi.get(OPS[k as keyof typeof OPS]); }`,
    },
    {
      name: 'the fixture job that uses p-limit (dongBoCoGioiHan) re-checked here with a second limiter',
      filename: job(),
      code: `import pLimit from 'p-limit';
import { CitizenService } from '../services/citizen.service';
const svc = new CitizenService();
const gioiHan = pLimit(2);
export const chay = (ds: string[]) => Promise.all(ds.map((so) => gioiHan(() => svc.lookup(so, 'batch', '10.0.0.5'))));`,
    },
    {
      name: 'recursion with a depth budget',
      filename: job(),
      code: `import { hoGiaDinh } from '../clients/dancu-api';
export async function caySoHo(ma: string, sau = 0): Promise<void> {
  if (sau >= 3) return;
  const { data } = await hoGiaDinh(ma);
  if (data.hoCha) await caySoHo(data.hoCha, sau + 1);
}`,
    },
    {
      name: 'a loop in a function that only builds requests (no query inside the loop)',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function q(ds: string[]) {
  const ids: string[] = [];
  for (const so of ds) ids.push(so.trim());
  return traCuuCongDan(ids.join(','));
}`,
    },
    {
      name: 'map over .slice(0, 50).filter(...)',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const dot = (ds: string[]) => Promise.all(ds.slice(0, 50).filter(Boolean).map((so) => traCuuCongDan(so)));`,
    },
    {
      name: 'a while loop with a counter condition below the budget',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function trang() {
  let p = 0;
  while (p < 10) { await dancuApi.get(\`/CungCapDanhSachTheoGioiTinh?page=\${p}\`); p++; }
}`,
    },
    {
      name: 'a NestJS cron service with a budget check against a config value',
      filename: job('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { traCuuCongDan } from '../clients/dancu-api';
@Injectable()
export class DongBoService {
  private readonly config = { maxQueries: Number(process.env.MAX_QUERIES) };
  async chay(ds: string[]) {
    let n = 0;
    for (const so of ds) {
      if (n++ >= this.config.maxQueries) return;
      await traCuuCongDan(so);
    }
  }
}`,
    },
    {
      name: 'a query function passed by reference to map over a literal array',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const mau = () => Promise.all(['001099012345', '079088001234'].map(traCuuCongDan));`,
    },
    {
      name: 'an iteration over results that only formats them',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function q(so: string) {
  const r = await traCuuCongDan(so);
  return Object.entries(r).map(([k, v]) => \`\${k}: \${v}\`);
}`,
    },
    {
      name: 'a loop that calls a local helper with the same name as a wrapper but no query',
      filename: job(),
      code: `function traCuuCongDan(so: string) { return so.padStart(12, '0'); }
export const chuanHoa = (ds: string[]) => ds.map((so) => traCuuCongDan(so));`,
    },
    {
      name: 'a SOAP client described (not an operation) in a loop',
      filename: job(),
      code: `import * as soap from 'soap';
import { DANCU_WSDL } from '../config/endpoints';
export async function moTa(ds: string[]) {
  const client = await soap.createClientAsync(DANCU_WSDL);
  for (const _ of ds) console.log(client.describe());
}`,
    },
  ],
  invalid: [
    {
      name: 'for…of over a parameter array calling a wrapper from another file',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function dongBo(ds: string[]) {
  for (const so of ds) {
    await traCuuCongDan(so);
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 4, column: 11 }],
    },
    {
      name: 'Promise.all over a mapped collection',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const dongBo = (ds: string[]) => Promise.all(ds.map((so) => traCuuCongDan(so)));`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 68 }],
    },
    {
      name: 'Promise.allSettled over a mapped collection through a NestJS service in another file',
      filename: job(),
      code: `import { CitizenService } from '../services/citizen.service';
const svc = new CitizenService();
export const dongBo = (ds: string[]) => Promise.allSettled(ds.map(async (so) => svc.lookup(so, 'batch', '10.0.0.5')));`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 81 }],
    },
    {
      name: 'forEach over records from the database',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
declare const db: { hoSo: { findMany(): Promise<{ soDinhDanh: string }[]> } };
export async function dongBo() {
  const hoSo = await db.hoSo.findMany();
  hoSo.forEach((h) => { void traCuuCongDan(h.soDinhDanh); });
}`,
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 30 }],
    },
    {
      name: 'a classic for up to ds.length',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function dongBo(ds: string[]) {
  for (let i = 0; i < ds.length; i++) await traCuuCongDan(ds[i]);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 45 }],
    },
    {
      name: 'a for with a constant above the budget',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
const TOI_DA = 20_000;
export async function dongBo(ds: string[]) {
  for (let i = 0; i < TOI_DA; i++) await traCuuCongDan(ds[i]);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 4, column: 42 }],
    },
    {
      name: 'a slice larger than the budget',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function dongBo(ds: string[]) {
  for (const so of ds.slice(0, 5000)) await traCuuCongDan(so);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 45 }],
    },
    {
      name: 'while (hasMore) pagination with no page budget',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function taiDanhSach() {
  let page = 1;
  let hasMore = true;
  while (hasMore) {
    const { data } = await dancuApi.get(\`/CungCapDanhSachTheoDiaPhuong?page=\${page++}\`);
    hasMore = data.hasMore;
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 28 }],
    },
    {
      name: 'an imported instance used in several functions, one of which shadows its name with a parameter: each use is judged by its own binding',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function giaLap(dancuApi: { get(url: string): Promise<{ data: { hasMore: boolean } }> }) {
  let more = true;
  while (more) more = (await dancuApi.get('/CungCapDanhSachTheoDiaPhuong')).data.hasMore;
}
export async function taiDanhSach() {
  let more = true;
  while (more) more = (await dancuApi.get('/CungCapDanhSachTheoDiaPhuong')).data.hasMore;
}
export async function taiLai() {
  let more = true;
  while (more) { const { data } = await dancuApi.get('/CungCapDanhSachTheoDoTuoi'); more = data.hasMore; }
}`,
      errors: [
        { messageId: 'unboundedLoop', line: 8, column: 30 },
        { messageId: 'unboundedLoop', line: 12, column: 41 },
      ],
    },
    {
      name: 'while (true) retry without an attempt limit',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function thuLai(so: string) {
  while (true) {
    try { return await traCuuCongDan(so); } catch { await new Promise((r) => setTimeout(r, 500)); }
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 4, column: 24 }],
    },
    {
      name: 'do…while pagination',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function taiHet() {
  let next: string | undefined;
  do {
    const { data } = await dancuApi.get('/CungCapDanhSachTheoDoTuoi', { params: { next } });
    next = data.next;
  } while (next);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 28 }],
    },
    {
      name: 'recursion over a household tree without a depth budget',
      filename: job(),
      code: `import { hoGiaDinh } from '../clients/dancu-api';
export async function caySoHo(ma: string): Promise<void> {
  const { data } = await hoGiaDinh(ma);
  for (const con of [data.hoCon1, data.hoCon2]) await caySoHo(con);
}`,
      errors: [{ messageId: 'unboundedRecursion', line: 3, column: 26 }],
    },
    {
      name: 'for…in over a runtime object',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function dongBo(map: Record<string, string>) {
  for (const k in map) await traCuuCongDan(map[k]);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 30 }],
    },
    {
      name: 'a direct axios request to the population DB in a loop',
      filename: job(),
      code: `import axios from 'axios';
export async function dongBo(ds: string[]) {
  for (const so of ds) await axios.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so });
}`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 30 }],
    },
    {
      name: 'a SOAP operation in a loop',
      filename: job(),
      code: `import * as soap from 'soap';
import { DANCU_WSDL } from '../config/endpoints';
export async function xacMinhHet(ds: string[]) {
  const client = await soap.createClientAsync(DANCU_WSDL);
  for (const so of ds) await client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: so });
}`,
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 30 }],
    },
    {
      name: 'a query function passed by reference to map',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const dongBo = (ds: string[]) => Promise.all(ds.map(traCuuCongDan));`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 60 }],
    },
    {
      name: 'a loop in an Express route over the request body',
      filename: job('src/routes/case.ts'),
      code: `import { Router } from 'express';
import { traCuuCoNhatKy } from '../clients/dancu-api';
export const router = Router();
router.post('/tra-cuu-lo', async (req, res) => {
  const kq = [];
  for (const so of req.body.danhSach) kq.push(await traCuuCoNhatKy(so, { taiKhoan: req.user.id, ip: req.ip }));
  res.json(kq);
});`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 53 }],
    },
    {
      name: 'a nested loop: the inner one is bounded, the outer is not',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function quet(xa: string[]) {
  for (const ma of xa) {
    for (const op of ['/CungCapDanhSachTheoDiaPhuong', '/CungCapDanhSachTheoDoTuoi']) await dancuApi.get(op, { params: { ma } });
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 4, column: 93 }],
    },
    {
      name: 'reduce chaining lookups',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const tuan = (ds: string[]) => ds.reduce(async (p, so) => { await p; await traCuuCongDan(so); }, Promise.resolve());`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 83 }],
    },
    {
      name: 'a budget check whose limit exceeds the policy budget does not count',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export async function dongBo(ds: string[]) {
  let n = 0;
  for (const so of ds) {
    if (n++ >= 50_000) break;
    await traCuuCongDan(so);
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 11 }],
    },
    {
      name: 'a limiter created but not used around the query',
      filename: job(),
      code: `import pLimit from 'p-limit';
import { traCuuCongDan } from '../clients/dancu-api';
const limit = pLimit(5);
export const dongBo = (ds: string[]) => Promise.all(ds.map((so) => traCuuCongDan(so)));`,
      errors: [{ messageId: 'unboundedLoop', line: 4, column: 68 }],
    },
    {
      name: 'a policy client call inside flatMap',
      filename: job(),
      code: `declare const dancuSdk: { traCuu(so: string): unknown[] };
export const tatCa = (ds: string[]) => ds.flatMap((so) => dancuSdk.traCuu(so));`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 59 }],
    },
    {
      name: 'a NestJS service method looping over injected repository results',
      filename: job('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { CitizenService } from './citizen.service';
declare class HoSoRepository { findAll(): Promise<{ so: string }[]> }
@Injectable()
export class DongBoService {
  constructor(private readonly repo: HoSoRepository, private readonly citizens: CitizenService) {}
  async chay() {
    for (const h of await this.repo.findAll()) await this.citizens.verify(h.so, 'cron', '127.0.0.1');
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 8, column: 54 }],
    },
    {
      name: 'a got request through an instance in a while loop over a queue',
      filename: job(),
      code: `import got from 'got';
const dancu = got.extend({ prefixUrl: 'https://lgsp.danang.gov.vn/dancu/v1' });
export async function xuLy(hangDoi: string[]) {
  while (hangDoi.length > 0) await dancu.post('CungCapThongTinCongDan', { json: { so: hangDoi.shift() } });
}`,
      errors: [{ messageId: 'unboundedLoop', line: 4, column: 36 }],
    },
    {
      name: 'fetch to a population-DB URL built from an imported constant inside some()',
      filename: job(),
      code: `import { DANCU_BASE } from '../config/endpoints';
export const coAi = (ds: string[]) => ds.some((so) => fetch(\`\${DANCU_BASE}/XacThucThongTinCongDan?so=\${so}\`));`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 55 }],
    },
    {
      name: 'a CommonJS batch script with a for…of over a CSV file',
      filename: job('src/jobs/case.js'),
      code: `const fs = require('fs');
const { traCuuCongDan } = require('../clients/dancu-api');
async function main() {
  const dong = fs.readFileSync(process.argv[2], 'utf8').split('\\n');
  for (const so of dong) console.log(await traCuuCongDan(so));
}
module.exports = { main };`,
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 44 }],
    },
    {
      name: 'two queries in one loop give two findings',
      filename: job(),
      code: `import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
export async function dongBo(ds: { so: string; ma: string }[]) {
  for (const d of ds) {
    await traCuuCongDan(d.so);
    await hoGiaDinh(d.ma);
  }
}`,
      errors: [
        { messageId: 'unboundedLoop', line: 4, column: 11 },
        { messageId: 'unboundedLoop', line: 5, column: 11 },
      ],
    },
    {
      name: 'every() over a collection fetched from another service',
      filename: job(),
      code: `import axios from 'axios';
import { traCuuCongDan } from '../clients/dancu-api';
export async function hopLe() {
  const { data } = await axios.get<string[]>('https://hoso.danang.gov.vn/api/cho-duyet');
  return data.every((so) => traCuuCongDan(so));
}`,
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 29 }],
    },
    {
      name: 'a query in the condition of a while loop',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export async function cho() {
  while ((await dancuApi.get('/CungCapDanhSachTheoNhomMau')).data.dangXuLy) {
    await new Promise((r) => setTimeout(r, 1000));
  }
}`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 17 }],
    },
    {
      name: 'map by reference to a service method',
      filename: job(),
      code: `import { hoGiaDinh } from '../clients/dancu-api';
export const tatCa = (ma: string[]) => Promise.all(ma.map(hoGiaDinh));`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 59 }],
    },
    {
      name: 'filter with an async lookup',
      filename: job(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const loc = (ds: string[]) => ds.filter((so) => traCuuCongDan(so));`,
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 56 }],
    },
    {
      name: 'polling the population DB with setInterval',
      filename: job(),
      code: `import { dancuApi } from '../clients/dancu-api';
export function theoDoi() {
  setInterval(async () => { await dancuApi.get('/CungCapDanhSachTheoDiaPhuong'); }, 60_000);
}`,
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 35 }],
    },
  ],
});

/** Issue 9: loops in the shapes real projects write them. Project: test/fixtures/query-resolution (budget 200). */
describe('loops around wrappers, RxJS, async, queues and streams', () => {
  const resolution = path.join(FIXTURES, 'query-resolution');
  const tester = createRuleTester(path.join(resolution, 'popdb-policy.yaml'));
  const inResolution = (rel = 'src/jobs/probe.ts') => path.join(resolution, rel);
  const loop = (line: number, column: number) => ({ messageId: 'unboundedLoop' as const, line, column });
  const head = `import { traCuuHoSo } from '@/services/ho-so.service';\n`;

  tester.run('no-unbounded-query-loop (library iteration)', rule, {
    valid: [
      {
        name: 'RxJS mergeMap with a concurrency argument',
        filename: inResolution(),
        code: `${head}import { from, mergeMap } from 'rxjs';
export const chay = (ds: string[]) => from(ds).pipe(mergeMap((so) => traCuuHoSo(so), 4));`,
      },
      {
        name: 'RxJS over a bounded source: of(a, b) and take(50) before the operator',
        filename: inResolution(),
        code: `${head}import { of, take, concatMap } from 'rxjs';
import { from } from 'rxjs';
export const a = (x: string, y: string) => of(x, y).pipe(concatMap((so) => traCuuHoSo(so)));
export const b = (ds: string[]) => from(ds).pipe(take(50), concatMap((so) => traCuuHoSo(so)));`,
      },
      {
        name: 'by reference, bounded: mergeMap(fn, 3) and async.mapLimit',
        filename: inResolution(),
        code: `${head}import { from, mergeMap } from 'rxjs';
import async from 'async';
export const a = (ds: string[]) => from(ds).pipe(mergeMap(traCuuHoSo, 3));
export const b = (ds: string[]) => async.mapLimit(ds, 3, traCuuHoSo);`,
      },
      {
        name: 'async.eachLimit and mapLimit bound concurrency',
        filename: inResolution(),
        code: `${head}import async from 'async';
import { mapLimit } from 'async';
export const a = (ds: string[]) => async.eachLimit(ds, 5, async (so: string) => { await traCuuHoSo(so); });
export const b = (ds: string[]) => mapLimit(ds, 3, async (so: string) => traCuuHoSo(so));`,
      },
      {
        name: 'a bullmq worker with concurrency, a bull queue with a rate limiter',
        filename: inResolution(),
        code: `${head}import { Worker } from 'bullmq';
import Queue from 'bull';
export const w = new Worker('tra-cuu', async (job) => traCuuHoSo(job.data.so), { concurrency: 2 });
const q = new Queue('tra-cuu', { limiter: { max: 10, duration: 1000 } });
q.process(async (job) => traCuuHoSo(job.data.so));`,
      },
      {
        name: 'NestJS queue processors with concurrency: @Process({ concurrency }) and @Processor(name, { limiter })',
        filename: inResolution(),
        code: `${head}import { Process, Processor as BullProcessor } from '@nestjs/bull';
import { Processor, WorkerHost } from '@nestjs/bullmq';
@BullProcessor('tra-cuu')
export class A { @Process({ name: 'mot', concurrency: 2 }) async xuLy(job: { data: { so: string } }) { return traCuuHoSo(job.data.so); } }
@Processor('tra-cuu', { limiter: { max: 10, duration: 1000 } })
export class B extends WorkerHost { async process(job: { data: { so: string } }) { return traCuuHoSo(job.data.so); } }`,
      },
      {
        name: 'batches of chunk(ids, 50), each through a limiter',
        filename: inResolution(),
        code: `${head}import { chunk } from 'lodash';
import pLimit from 'p-limit';
const limit = pLimit(1);
export async function chay(ids: string[]) {
  for (const lo of chunk(ids, 50)) await limit(() => Promise.all(lo.map((so) => traCuuHoSo(so))));
}`,
      },
      {
        name: 'Array.from with a constant length',
        filename: inResolution(),
        code: `${head}export const chay = () => Promise.all(Array.from({ length: 20 }, (_, i) => traCuuHoSo(String(i))));`,
      },
    ],
    invalid: [
      {
        name: 'for…of around a class method that reaches the query through a NestJS service in another file',
        filename: inResolution(),
        code: `import { DanCuHttpService } from '@/nest/dancu-http.service';
export class DongBoService {
  constructor(private readonly dancu: DanCuHttpService) {}
  traCuuMot(so: string) { return this.dancu.traCuu(so); }
  async chay(ds: string[]) { for (const so of ds) await this.traCuuMot(so); }
}`,
        errors: [loop(5, 57)],
      },
      {
        name: 'a class method passed by reference with bind(this) into Promise.all(ds.map(...))',
        filename: inResolution(),
        code: `import { DanCuHttpService } from '@/nest/dancu-http.service';
export class DongBoService {
  constructor(private readonly dancu: DanCuHttpService) {}
  traCuuMot(so: string) { return this.dancu.traCuu(so); }
  chay(ds: string[]) { return Promise.all(ds.map(this.traCuuMot.bind(this))); }
}`,
        errors: [loop(5, 50)],
      },
      {
        name: 'for await over rows of a cursor',
        filename: inResolution(),
        code: `${head}declare const cursor: AsyncIterable<{ so: string }>;
export async function chay() {
  for await (const row of cursor) await traCuuHoSo(row.so);
}`,
        errors: [loop(4, 41)],
      },
      {
        name: 'Array.from({ length: total }) with a length from the database',
        filename: inResolution(),
        code: `${head}export const chay = (total: number) => Promise.all(Array.from({ length: total }, (_, i) => traCuuHoSo(String(i))));`,
        errors: [loop(2, 92)],
      },
      {
        name: 'RxJS from(list).pipe(mergeMap(fn)) without a concurrency argument',
        filename: inResolution(),
        code: `${head}import { from, mergeMap } from 'rxjs';
export const chay = (ds: string[]) => from(ds).pipe(mergeMap((so) => traCuuHoSo(so)));`,
        errors: [loop(3, 70)],
      },
      {
        name: 'RxJS and async with the query function passed by reference',
        filename: inResolution(),
        code: `${head}import { from, concatMap } from 'rxjs';
import async from 'async';
export const a = (ds: string[]) => from(ds).pipe(concatMap(traCuuHoSo));
export const b = (ds: string[]) => async.mapSeries(ds, traCuuHoSo);`,
        errors: [loop(4, 60), loop(5, 56)],
      },
      {
        name: 'async.each / mapSeries over an unbounded list',
        filename: inResolution(),
        code: `${head}import async from 'async';
export const a = (ds: string[]) => async.each(ds, async (so: string) => { await traCuuHoSo(so); });
export const b = (ds: string[]) => async.mapSeries(ds, async (so: string) => traCuuHoSo(so));`,
        errors: [loop(3, 81), loop(4, 78)],
      },
      {
        name: 'a bull worker and a bullmq worker with neither concurrency nor a rate limiter',
        filename: inResolution(),
        code: `${head}import Queue from 'bull';
import { Worker } from 'bullmq';
const q = new Queue('tra-cuu');
q.process(async (job) => traCuuHoSo(job.data.so));
export const w = new Worker('tra-cuu', async (job) => traCuuHoSo(job.data.so));`,
        errors: [loop(5, 26), loop(6, 55)],
      },
      {
        name: 'NestJS queue processors without concurrency or limiter',
        filename: inResolution(),
        code: `${head}import { Process, Processor as BullProcessor } from '@nestjs/bull';
import { Processor, WorkerHost } from '@nestjs/bullmq';
@BullProcessor('tra-cuu')
export class A { @Process() async xuLy(job: { data: { so: string } }) { return traCuuHoSo(job.data.so); } }
@Processor('tra-cuu')
export class B extends WorkerHost { async process(job: { data: { so: string } }) { return traCuuHoSo(job.data.so); } }`,
        errors: [loop(5, 80), loop(7, 91)],
      },
      {
        name: 'a CSV import: one lookup per parsed row',
        filename: inResolution(),
        code: `${head}import * as fs from 'node:fs';
import { parse } from 'csv-parse';
export function nhap(file: string) {
  fs.createReadStream(file).pipe(parse({ columns: true })).on('data', (row: { so: string }) => { void traCuuHoSo(row.so); });
}`,
        errors: [loop(5, 103)],
      },
      {
        name: 'a cron job that loops over a table',
        filename: inResolution(),
        code: `${head}import cron from 'node-cron';
declare const db: { query(sql: string): Promise<{ so: string }[]> };
cron.schedule('0 2 * * *', async () => {
  const rows = await db.query('select so from ho_so');
  for (const r of rows) await traCuuHoSo(r.so);
});`,
        errors: [loop(6, 31)],
      },
      {
        name: 'batches of chunk(ids, 50) with no limiter between batches',
        filename: inResolution(),
        code: `${head}import { chunk } from 'lodash';
export async function chay(ids: string[]) {
  for (const lo of chunk(ids, 50)) await Promise.all(lo.map((so) => traCuuHoSo(so)));
}`,
        errors: [loop(4, 69)],
      },
    ],
  });
});
