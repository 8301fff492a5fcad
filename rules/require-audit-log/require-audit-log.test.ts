import * as fs from 'node:fs';
import * as path from 'node:path';
import plugin = require('eslint-plugin-popdb');
import { FIXTURES, createRuleTester } from '../../test/rule-tester';

const rule = plugin.rules['require-audit-log'];
const project = path.join(FIXTURES, 'query-project');
const ruleTester = createRuleTester(path.join(project, 'popdb-policy.yaml'));
/** A file of the multi-file fixture project that is not on disk: its imports resolve to the fixture's files. */
const inProject = (rel = 'src/routes/case.ts') => path.join(project, rel);

const AUDIT = `{ taiKhoan: req.user.id, thoiGian: new Date(), noiDung: 'tra-cuu', diaChiIp: req.ip }`;

ruleTester.run('require-audit-log', rule, {
  valid: [
    {
      name: 'Express handler that audits after the lookup on the same path',
      filename: inProject(),
      code: `import { Router } from 'express';
import { dancuApi } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export const router = Router();
router.get('/cong-dan/:so', async (req, res) => {
  const { data } = await dancuApi.post('/CungCapThongTinCongDan', { soDinhDanh: req.params.so });
  await auditLog(${AUDIT});
  res.json(data);
});`,
    },
    {
      name: 'audit before the lookup',
      filename: inProject(),
      code: `import axios from 'axios';
import { auditLog } from '../audit/audit';
export async function traCuu(so: string, tk: string, ip: string) {
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return axios.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so });
}`,
    },
    {
      name: 'a wrapper in another file that audits inside (traCuuCoNhatKy)',
      filename: inProject(),
      code: `import { traCuuCoNhatKy } from '../clients/dancu-api';
export const xacThuc = (so: string, taiKhoan: string, ip: string) => traCuuCoNhatKy(so, { taiKhoan, ip });`,
    },
    {
      name: 'an audit helper in another file that always calls auditLog',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { ghiNhatKyTraCuu, type CanBo } from '../audit/nhat-ky';
export async function traCuu(so: string, canBo: CanBo) {
  const kq = await traCuuCongDan(so);
  await ghiNhatKyTraCuu(canBo, \`CungCapThongTinCongDan \${so}\`);
  return kq;
}`,
    },
    {
      name: 'a NestJS method decorated with @Audited()',
      filename: inProject('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { Audited } from '../audit/nhat-ky';
import { traCuuCongDan } from '../clients/dancu-api';
@Injectable()
export class HoSoService {
  @Audited()
  async kiemTra(so: string) { return traCuuCongDan(so); }
}`,
    },
    {
      name: 'a NestJS controller with a class-level @UseInterceptors(AuditInterceptor)',
      filename: inProject('src/services/case.controller.ts'),
      code: `import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from '../audit/nhat-ky';
import { traCuuCongDan } from '../clients/dancu-api';
@Controller('cong-dan')
@UseInterceptors(AuditInterceptor)
export class CongDanController {
  @Get(':so')
  find(@Param('so') so: string) { return traCuuCongDan(so); }
}`,
    },
    {
      name: 'a method-level interceptor created with new',
      filename: inProject('src/services/case.controller.ts'),
      code: `import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { AuditInterceptor } from '../audit/nhat-ky';
import { hoGiaDinh } from '../clients/dancu-api';
@Controller('ho-gia-dinh')
export class HoGiaDinhController {
  @Get(':ma')
  @UseInterceptors(new AuditInterceptor())
  find(@Param('ma') ma: string) { return hoGiaDinh(ma); }
}`,
    },
    {
      name: 'audit in finally runs on every path',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string) {
  try {
    return await traCuuCongDan(so);
  } finally {
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  }
}`,
    },
    {
      name: 'query and audit in the same branch',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string | undefined, tk: string, ip: string) {
  if (so) {
    const kq = await traCuuCongDan(so);
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
    return kq;
  }
  return null;
}`,
    },
    {
      name: 'a return before the query cannot skip the audit of that query',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
const cache = new Map<string, unknown>();
export async function q(so: string, tk: string, ip: string) {
  if (cache.has(so)) return cache.get(so);
  const kq = await traCuuCongDan(so);
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return kq;
}`,
    },
    {
      name: 'audit.record on an injected audit service',
      filename: inProject('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { traCuuCongDan } from '../clients/dancu-api';
declare class AuditService { record(e: object): Promise<void> }
@Injectable()
export class TraCuuService {
  constructor(private readonly audit: AuditService) {}
  async run(so: string, tk: string, ip: string) {
    const r = await traCuuCongDan(so);
    await this.audit.record({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
    return r;
  }
}`,
    },
    {
      name: 'a wrapper whose every caller audits (reported nowhere)',
      filename: inProject(),
      code: `import axios from 'axios';
import { auditLog } from '../audit/audit';
function goi(so: string) { return axios.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so }); }
export async function a(so: string, tk: string, ip: string) {
  const r = await goi(so);
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return r;
}`,
    },
    {
      name: 'a call to another LGSP service is not a population-DB query',
      filename: inProject(),
      code: `import { traCuuBhxh } from '../clients/bhxh-client';
export const the = (ma: string) => traCuuBhxh(ma);`,
    },
    {
      name: 'Promise.all over a mapped lookup, audited once after',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function nhieu(ds: string[], tk: string, ip: string) {
  const kq = await Promise.all(ds.map((so) => traCuuCongDan(so)));
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: ds.join(','), diaChiIp: ip });
  return kq;
}`,
    },
    {
      name: 'the lookup is an argument of the audit call',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export const q = async (so: string, tk: string, ip: string) =>
  auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: JSON.stringify(await traCuuCongDan(so)), diaChiIp: ip });`,
    },
    {
      name: 'a SOAP operation audited after',
      filename: inProject(),
      code: `import * as soap from 'soap';
import { DANCU_WSDL } from '../config/endpoints';
import { auditLog } from '../audit/audit';
export async function xacMinh(so: string, tk: string, ip: string) {
  const client = await soap.createClientAsync(DANCU_WSDL);
  const [kq] = await client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: so });
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return kq;
}`,
    },
    {
      name: 'a policy client call audited with nhatKy.ghi',
      filename: inProject(),
      code: `declare const dancuSdk: { traCuu(so: string): Promise<unknown> };
declare const nhatKy: { ghi(e: object): void };
export async function q(so: string, tk: string, ip: string) {
  const kq = await dancuSdk.traCuu(so);
  nhatKy.ghi({ taiKhoan: tk, thoiGian: Date.now(), noiDung: so, diaChiIp: ip });
  return kq;
}`,
    },
    {
      name: 'audit entry built with a spread of a base entry: fields not visibly missing',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, base: { taiKhoan: string; diaChiIp: string }) {
  const r = await traCuuCongDan(so);
  await auditLog({ ...base, thoiGian: new Date(), noiDung: so });
  return r;
}`,
    },
    {
      name: 'audit entry passed as a variable: not visibly lacking fields',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog, type AuditEntry } from '../audit/audit';
export async function q(so: string, entry: AuditEntry) {
  const r = await traCuuCongDan(so);
  await auditLog(entry);
  return r;
}`,
    },
    {
      name: 'the lookup and audit chained with then',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export function q(so: string, tk: string, ip: string) {
  auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return traCuuCongDan(so).then((r) => r);
}`,
    },
    {
      name: 'a batch job that audits every iteration inside the loop',
      filename: inProject('src/jobs/case.ts'),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function job(ds: string[]) {
  for (const so of ds.slice(0, 100)) {
    const r = await traCuuCongDan(so);
    await auditLog({ taiKhoan: 'batch', thoiGian: new Date(), noiDung: so, diaChiIp: '10.0.0.5' });
    console.log(r);
  }
}`,
    },
    {
      name: 'a fetch to an ordinary API is not a query',
      filename: inProject(),
      code: `export const weather = () => fetch('https://api.open-meteo.com/v1/forecast?latitude=16&longitude=108');`,
    },
    {
      name: 'an audit call that is a query argument in a switch case containing the query',
      filename: inProject(),
      code: `import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(loai: string, ma: string, tk: string, ip: string) {
  switch (loai) {
    case 'cd': {
      const r = await traCuuCongDan(ma);
      await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: ma, diaChiIp: ip });
      return r;
    }
    default:
      await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: ma, diaChiIp: ip });
      return hoGiaDinh(ma);
  }
}`,
    },
    {
      name: 'a NestJS service that calls a fixture service method which audits',
      filename: inProject('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { CitizenService } from './citizen.service';
@Injectable()
export class HoSoService {
  constructor(private readonly citizens: CitizenService) {}
  check(so: string) { return this.citizens.lookup(so, 'canbo01', '10.1.1.1'); }
}`,
    },
    {
      name: 'a got request to a registered URL audited with a helper method of the same class',
      filename: inProject('src/services/case.service.ts'),
      code: `import got from 'got';
import { auditLog } from '../audit/audit';
export class Svc {
  private ghi(so: string) { return auditLog({ taiKhoan: 'x', thoiGian: new Date(), noiDung: so, diaChiIp: '1.1.1.1' }); }
  async q(so: string) {
    const r = await got.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { json: { so } }).json();
    await this.ghi(so);
    return r;
  }
}`,
    },
    {
      name: 'an exported wrapper without audit whose only caller (same file) audits',
      filename: inProject('src/clients/case.ts'),
      code: `import ky from 'ky';
import { auditLog } from '../audit/audit';
export function raw(so: string) { return ky.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { json: { so } }); }
export async function audited(so: string) {
  await auditLog({ taiKhoan: 'svc', thoiGian: new Date(), noiDung: so, diaChiIp: '127.0.0.1' });
  return raw(so);
}`,
    },
    {
      name: 'an audited route whose audit runs before a conditional return',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export const router = Router();
router.get('/x/:so', async (req, res) => {
  const r = await traCuuCongDan(req.params.so);
  await auditLog(${AUDIT});
  if (!r) return res.status(404).end();
  res.json(r);
});`,
    },
    {
      name: 'a module-level query in a script, audited at module level',
      filename: inProject('src/jobs/case.mjs'),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
const r = await traCuuCongDan(process.argv[2]);
await auditLog({ taiKhoan: 'cli', thoiGian: new Date(), noiDung: process.argv[2], diaChiIp: '127.0.0.1' });
console.log(r);`,
    },
    {
      name: 'an optional audit field list is satisfied by shorthand keys',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(soDinhDanh: string, taiKhoan: string, diaChiIp: string) {
  const thoiGian = new Date();
  const noiDung = 'CungCapThongTinCongDan ' + soDinhDanh;
  const r = await traCuuCongDan(soDinhDanh);
  await auditLog({ taiKhoan, thoiGian, noiDung, diaChiIp });
  return r;
}`,
    },
    {
      name: 'undici request audited after',
      filename: inProject(),
      code: `import { request } from 'undici';
import { auditLog } from '../audit/audit';
export async function q(so: string) {
  const r = await request('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { method: 'POST', body: so });
  await auditLog({ taiKhoan: 'svc', thoiGian: new Date(), noiDung: so, diaChiIp: '10.0.0.1' });
  return r.body.json();
}`,
    },
    {
      name: 'an audit middleware among the route arguments records the handler\'s lookup',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
declare const audit: { record(op: string): (req: unknown, res: unknown, next: () => void) => void };
export const router = Router();
router.get('/cong-dan/:so', audit.record('CungCapThongTinCongDan'), async (req, res) => {
  res.json(await traCuuCongDan(req.params.so));
});`,
    },
    {
      name: 'a test double named fetch imported from the project is not the global fetch',
      filename: inProject('src/routes/case.test.ts'),
      code: `import { fetch } from '../../test/fake-fetch';
export const q = () => fetch('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan');`,
    },
    {
      name: 'a policy client (dancuSdk.*) that is a project object whose method audits every call',
      filename: inProject(),
      code: `import axios from 'axios';
import { auditLog } from '../audit/audit';
export const dancuSdk = {
  async traCuu(so: string, tk: string, ip: string) {
    const r = await axios.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so });
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
    return r.data;
  },
};
export const handler = (so: string) => dancuSdk.traCuu(so, 'canbo', '10.0.0.2');`,
    },
    {
      name: 'an audit middleware passed by reference in the route arguments',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
declare const nhatKy: { ghi(req: unknown, res: unknown, next: () => void): void };
export const router = Router();
router.get('/cong-dan/:so', nhatKy.ghi, async (req, res) => res.json(await traCuuCongDan(req.params.so)));`,
    },
    {
      name: 'router.use(auditLog middleware) before the routes covers every later route',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
declare const nhatKy: { ghi(req: unknown, res: unknown, next: () => void): void };
export const router = Router();
router.use(nhatKy.ghi);
router.get('/cong-dan/:so', async (req, res) => res.json(await traCuuCongDan(req.params.so)));
router.get('/ho/:ma', async (req, res) => res.json(await hoGiaDinh(req.params.ma)));`,
    },
  ],
  invalid: [
    {
      name: 'Express handler that never audits',
      filename: inProject(),
      code: `import { Router } from 'express';
import { dancuApi } from '../clients/dancu-api';
export const router = Router();
router.get('/cong-dan/:so', async (req, res) => {
  const { data } = await dancuApi.post('/CungCapThongTinCongDan', { soDinhDanh: req.params.so });
  res.json(data);
});`,
      errors: [{ messageId: 'missingAudit', line: 5, column: 26 }],
    },
    {
      name: 'a raw wrapper from another file called without audit',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const q = (so: string) => traCuuCongDan(so);`,
      errors: [{ messageId: 'missingAudit', line: 2, column: 34 }],
    },
    {
      name: 'audit only in the catch block',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string) {
  try {
    return await traCuuCongDan(so);
  } catch (e) {
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: 'loi ' + so, diaChiIp: ip });
    throw e;
  }
}`,
      errors: [{ messageId: 'auditOnlyInCatch', line: 5, column: 18 }],
    },
    {
      name: 'audit only in one branch of an if the query is outside of',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string, ghiLog: boolean) {
  const r = await traCuuCongDan(so);
  if (ghiLog) {
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  }
  return r;
}`,
      errors: [{ messageId: 'auditInOtherBranch', line: 4, column: 19 }],
    },
    {
      name: 'audit after an early return that can skip it',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string) {
  const r = await traCuuCongDan(so);
  if (!r) return null;
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return r;
}`,
      errors: [{ messageId: 'auditSkippedByReturn', line: 4, column: 19 }],
    },
    {
      name: 'audit after returning the query result (unreachable)',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string) {
  return traCuuCongDan(so);
  auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
}`,
      errors: [{ messageId: 'auditSkippedByReturn', line: 4, column: 10 }],
    },
    {
      name: 'audit only on the && right side',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string, debug: boolean) {
  const r = await traCuuCongDan(so);
  debug && auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return r;
}`,
      errors: [{ messageId: 'auditInOtherBranch', line: 4, column: 19 }],
    },
    {
      name: 'NestJS service method without audit (no decorator, no call)',
      filename: inProject('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { traCuuCongDan } from '../clients/dancu-api';
@Injectable()
export class HoSoService {
  async kiemTra(so: string) { return traCuuCongDan(so); }
}`,
      errors: [{ messageId: 'missingAudit', line: 5, column: 38 }],
    },
    {
      name: 'a decorator that is not an audit decorator does not count',
      filename: inProject('src/services/case.controller.ts'),
      code: `import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { traCuuCongDan } from '../clients/dancu-api';
declare const AuthGuard: unknown;
@Controller('cong-dan')
@UseGuards(AuthGuard)
export class CongDanController {
  @Get(':so')
  find(@Param('so') so: string) { return traCuuCongDan(so); }
}`,
      errors: [{ messageId: 'missingAudit', line: 8, column: 42 }],
    },
    {
      name: 'a SOAP lookup without audit',
      filename: inProject(),
      code: `import * as soap from 'soap';
import { DANCU_WSDL } from '../config/endpoints';
export async function xacMinh(so: string) {
  const client = await soap.createClientAsync(DANCU_WSDL);
  const [kq] = await client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: so });
  return kq;
}`,
      errors: [{ messageId: 'missingAudit', line: 5, column: 22 }],
    },
    {
      name: 'SOAP callback client without audit',
      filename: inProject(),
      code: `import * as soap from 'soap';
export function xacMinh(so: string, cb: (e: unknown, r?: unknown) => void) {
  soap.createClient('https://lgsp.danang.gov.vn/dancu/v1/CongDanService?wsdl', (err, client) => {
    client.CungCapThongTinCongDan({ SoDinhDanh: so }, cb);
  });
}`,
      errors: [{ messageId: 'missingAudit', line: 4, column: 5 }],
    },
    {
      name: 'a policy client call without audit',
      filename: inProject(),
      code: `declare const dancuSdk: { traCuu(so: string): Promise<unknown> };
export const q = (so: string) => dancuSdk.traCuu(so);`,
      errors: [{ messageId: 'missingAudit', line: 2, column: 34 }],
    },
    {
      name: 'audit entry missing the client IP and the query content',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string) {
  const r = await traCuuCongDan(so);
  await auditLog({ taiKhoan: tk, thoiGian: new Date() });
  return r;
}`,
      errors: [{ messageId: 'auditMissingFields', line: 5, column: 9 }],
    },
    {
      name: 'audit.record entry without the account',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
declare const audit: { record(e: object): void };
export async function q(so: string, ip: string) {
  const r = await traCuuCongDan(so);
  audit.record({ thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return r;
}`,
      errors: [{ messageId: 'auditMissingFields', line: 5, column: 3 }],
    },
    {
      name: 'a job that calls a non-auditing service method from the fixture',
      filename: inProject('src/jobs/case.ts'),
      code: `import { CitizenService } from '../services/citizen.service';
const svc = new CitizenService();
export async function job(so: string) { return svc.lookupNoAudit(so); }`,
      errors: [{ messageId: 'missingAudit', line: 3, column: 48 }],
    },
    {
      name: 'a fetch to a population-DB URL built from an imported constant, not audited',
      filename: inProject(),
      code: `import { DANCU_BASE } from '../config/endpoints';
export async function q(so: string) {
  const r = await fetch(\`\${DANCU_BASE}/CungCapThongTinCongDan\`, { method: 'POST', body: JSON.stringify({ so }) });
  return r.json();
}`,
      errors: [{ messageId: 'missingAudit', line: 3, column: 19 }],
    },
    {
      name: 'audit in the else branch only',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string, noiBo: boolean) {
  const r = await traCuuCongDan(so);
  if (noiBo) {
    console.log('noi bo');
  } else {
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  }
  return r;
}`,
      errors: [{ messageId: 'auditInOtherBranch', line: 4, column: 19 }],
    },
    {
      name: 'two lookups, only the second audited by an audit between them',
      filename: inProject(),
      code: `import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, ma: string, tk: string, ip: string) {
  const a = await traCuuCongDan(so);
  if (!a) return null;
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  const b = await hoGiaDinh(ma);
  return [a, b];
}`,
      errors: [{ messageId: 'auditSkippedByReturn', line: 4, column: 19 }],
    },
    {
      name: 'audit in a switch case that does not contain the query',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(mode: string, so: string, tk: string, ip: string) {
  const r = await traCuuCongDan(so);
  switch (mode) {
    case 'strict':
      await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
      break;
  }
  return r;
}`,
      errors: [{ messageId: 'auditInOtherBranch', line: 4, column: 19 }],
    },
    {
      name: 'a ternary with audit on one side',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export async function q(so: string, tk: string, ip: string, log: boolean) {
  const r = await traCuuCongDan(so);
  log ? await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip }) : undefined;
  return r;
}`,
      errors: [{ messageId: 'auditInOtherBranch', line: 4, column: 19 }],
    },
    {
      name: 'the NestJS HttpService to the population DB without audit',
      filename: inProject('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
@Injectable()
export class DanCuService {
  constructor(private readonly http: HttpService) {}
  lookup(so: string) { return this.http.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so }); }
}`,
      errors: [{ messageId: 'missingAudit', line: 6, column: 31 }],
    },
    {
      name: 'a got instance lookup without audit',
      filename: inProject(),
      code: `import got from 'got';
const dancu = got.extend({ prefixUrl: 'https://lgsp.danang.gov.vn/dancu/v1' });
export const q = (so: string) => dancu.post('CungCapThongTinCongDan', { json: { so } }).json();`,
      errors: [{ messageId: 'missingAudit', line: 3, column: 34 }],
    },
    {
      name: 'node https.get to the population DB without audit',
      filename: inProject(),
      code: `import https from 'node:https';
export function q(so: string, cb: (r: unknown) => void) {
  https.get(\`https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan?so=\${so}\`, cb);
}`,
      errors: [{ messageId: 'missingAudit', line: 3, column: 3 }],
    },
    {
      name: 'a route handler audits a different event before an early return, then queries',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export const router = Router();
router.get('/x/:so', async (req, res) => {
  if (!req.user) {
    await auditLog(${AUDIT});
    return res.status(401).end();
  }
  res.json(await traCuuCongDan(req.params.so));
});`,
      errors: [{ messageId: 'auditInOtherBranch', line: 10, column: 18 }],
    },
    {
      name: 'an audited wrapper is fine but the second raw lookup in the same handler is not',
      filename: inProject(),
      code: `import { traCuuCoNhatKy, hoGiaDinh } from '../clients/dancu-api';
export async function hoSo(so: string, ma: string) {
  const cd = await traCuuCoNhatKy(so, { taiKhoan: 'x', ip: '1.1.1.1' });
  const hgd = await hoGiaDinh(ma);
  return { cd, hgd };
}`,
      errors: [{ messageId: 'missingAudit', line: 4, column: 21 }],
    },
    {
      name: 'a wrapper in this file with an unaudited caller: reported at the caller',
      filename: inProject(),
      code: `import axios from 'axios';
import { auditLog } from '../audit/audit';
function goi(so: string) { return axios.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so }); }
export async function a(so: string) {
  const r = await goi(so);
  await auditLog({ taiKhoan: 'a', thoiGian: new Date(), noiDung: so, diaChiIp: '1.1.1.1' });
  return r;
}
export const b = (so: string) => goi(so);`,
      errors: [{ messageId: 'missingAudit', line: 9, column: 34 }],
    },
    {
      name: 'a React admin screen that calls the population DB without audit',
      filename: inProject('src/web/case.tsx'),
      code: `import axios from 'axios';
export function TraCuu({ so }: { so: string }) {
  const onClick = async () => { await axios.get(\`https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan?so=\${so}\`); };
  return <button onClick={onClick}>Tra cứu</button>;
}`,
      errors: [{ messageId: 'missingAudit', line: 3, column: 39 }],
    },
    {
      name: 'ky lookup without audit',
      filename: inProject(),
      code: `import ky from 'ky';
export const q = (so: string) => ky.post('https://lgsp.danang.gov.vn/dancu/v1/XacThucThongTinCongDan', { json: { so } }).json();`,
      errors: [{ messageId: 'missingAudit', line: 2, column: 34 }],
    },
    {
      name: 'superagent lookup without audit in a CommonJS module',
      filename: inProject('src/jobs/case.js'),
      code: `const superagent = require('superagent');
async function q(so) { return superagent.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan').send({ so }); }
module.exports = { q };`,
      errors: [{ messageId: 'missingAudit', line: 2, column: 31 }],
    },
    {
      name: 'a missing audit and an incomplete audit entry elsewhere in the same file',
      filename: inProject(),
      code: `import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
import { auditLog } from '../audit/audit';
export const a = (so: string) => traCuuCongDan(so);
export async function b(ma: string) {
  const r = await hoGiaDinh(ma);
  await auditLog({ noiDung: ma });
  return r;
}`,
      errors: [
        { messageId: 'missingAudit', line: 3, column: 34 },
        { messageId: 'auditMissingFields', line: 6, column: 9 },
      ],
    },
    {
      name: 'an audit middleware on a sibling route does not cover this route',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan, hoGiaDinh } from '../clients/dancu-api';
declare const audit: { record(op: string): (req: unknown, res: unknown, next: () => void) => void };
export const router = Router();
router.get('/cong-dan/:so', audit.record('CungCapThongTinCongDan'), async (req, res) => res.json(await traCuuCongDan(req.params.so)));
router.get('/ho/:ma', async (req, res) => res.json(await hoGiaDinh(req.params.ma)));`,
      errors: [{ messageId: 'missingAudit', line: 6, column: 58 }],
    },
    {
      name: 'router.use(audit) registered after the route does not run for it',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
declare const nhatKy: { ghi(req: unknown, res: unknown, next: () => void): void };
export const router = Router();
router.get('/cong-dan/:so', async (req, res) => res.json(await traCuuCongDan(req.params.so)));
router.use(nhatKy.ghi);`,
      errors: [{ messageId: 'missingAudit', line: 5, column: 64 }],
    },
    {
      name: 'audit middleware on another router object does not cover this one',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
declare const nhatKy: { ghi(req: unknown, res: unknown, next: () => void): void };
export const admin = Router();
export const router = Router();
admin.use(nhatKy.ghi);
router.get('/cong-dan/:so', async (req, res) => res.json(await traCuuCongDan(req.params.so)));`,
      errors: [{ messageId: 'missingAudit', line: 7, column: 64 }],
    },
  ],
});

describe('require-audit-log with a NestJS global audit interceptor', () => {
  const nest = path.join(FIXTURES, 'query-nest-global');
  const tester = createRuleTester(path.join(nest, 'popdb-policy.yaml'));
  tester.run('require-audit-log (useGlobalInterceptors in main.ts)', rule, {
    valid: [
      {
        name: 'a controller is covered by app.useGlobalInterceptors(new AuditInterceptor()) in another file',
        filename: path.join(nest, 'src/cong-dan/case.controller.ts'),
        code: `import { Controller, Get, Param } from '@nestjs/common';
import { CongDanService } from './cong-dan.service';
@Controller('ho-so')
export class HoSoController {
  constructor(private readonly congDan: CongDanService) {}
  @Get(':so') kiemTra(@Param('so') so: string) { return this.congDan.traCuu(so); }
}`,
      },
    ],
    invalid: [
      {
        name: 'a scheduled job outside any controller is not covered by the global interceptor',
        filename: path.join(nest, 'src/cong-dan/case.job.ts'),
        code: `import { CongDanService } from './cong-dan.service';
export const chay = (svc: CongDanService, so: string) => svc.traCuu(so);`,
        errors: [{ messageId: 'missingAudit', line: 2, column: 58 }],
      },
    ],
  });

  ruleTester.run('require-audit-log (APP_INTERCEPTOR provider)', rule, {
    valid: [
      {
        name: 'a controller in a module that provides APP_INTERCEPTOR with the audit interceptor',
        filename: inProject('src/services/case.module.ts'),
        code: `import { Controller, Get, Module, Param } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from '../audit/nhat-ky';
import { traCuuCongDan } from '../clients/dancu-api';
@Controller('cong-dan')
export class CongDanController {
  @Get(':so') find(@Param('so') so: string) { return traCuuCongDan(so); }
}
@Module({ controllers: [CongDanController], providers: [{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }] })
export class AppModule {}`,
      },
    ],
    invalid: [
      {
        name: 'the same controller once the provider is gone (no stale project-wide answer)',
        filename: inProject('src/services/case.module.ts'),
        code: `import { Controller, Get, Param } from '@nestjs/common';
import { traCuuCongDan } from '../clients/dancu-api';
@Controller('cong-dan')
export class CongDanController {
  @Get(':so') find(@Param('so') so: string) { return traCuuCongDan(so); }
}`,
        errors: [{ messageId: 'missingAudit', line: 5, column: 54 }],
      },
    ],
  });
});

/**
 * Issue 9: the URL reaches the client through a helper, a conditional, a
 * config module, the `config` package, NestJS ConfigService, `.env`, a URL
 * builder, a tsconfig path alias, a package.json `#import` or a factory —
 * every one is a query, and an unaudited one is reported. Project:
 * test/fixtures/query-resolution.
 */
describe('queries whose URL is resolved through functions, conditionals and configuration', () => {
  const resolution = path.join(FIXTURES, 'query-resolution');
  const tester = createRuleTester(path.join(resolution, 'popdb-policy.yaml'));
  const inResolution = (rel = 'src/routes/probe.ts') => path.join(resolution, rel);
  const missing = (line: number, column: number) => [{ messageId: 'missingAudit' as const, line, column }];
  const onDisk = (rel: string) => ({ filename: inResolution(rel), code: fs.readFileSync(inResolution(rel), 'utf8') });

  tester.run('require-audit-log (resolution)', rule, {
    valid: [
      {
        name: 'a helper that returns the tax office URL is not a population-DB query',
        filename: inResolution(),
        code: `import axios from 'axios';
import { thueUrl } from '@/config/endpoints';
export const q = (mst: string) => axios.post(thueUrl(), { mst });`,
      },
      {
        name: 'a config object member that is another host',
        filename: inResolution(),
        code: `import axios from 'axios';
import { appConfig } from '#config/endpoints';
export const q = (mst: string) => axios.post(\`\${appConfig.thue.baseUrl}/tra-cuu\`, { mst });`,
      },
      {
        name: 'a config package key whose value is another host',
        filename: inResolution(),
        code: `import axios from 'axios';
import config from 'config';
export const q = (mst: string) => axios.post(config.get<string>('thue.url') + '/tra-cuu', { mst });`,
      },
      {
        name: 'an env var the .env file sets to another LGSP service',
        filename: inResolution(),
        code: `export const q = (so: string) => fetch(\`\${process.env.BHXH_URL}/tra-cuu\`, { method: 'POST', body: so });`,
      },
      {
        name: 'a NestJS registerAs namespace for another service',
        filename: inResolution('src/services/thue.service.ts'),
        code: `import { ConfigService } from '@nestjs/config';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
export class ThueService {
  constructor(private readonly config: ConfigService, private readonly http: HttpService) {}
  traCuu(mst: string) { return firstValueFrom(this.http.post(\`\${this.config.get('thue.baseUrl')}/tra-cuu\`, { mst })); }
}`,
      },
      {
        name: 'a NestJS HttpService whose module registers HttpModule for the tax office',
        ...onDisk('src/nest/thue-http.service.ts'),
      },
      {
        name: 'an OpenAPI-generated client whose basePath is another service',
        filename: inResolution(),
        code: `import { DanCuApi, Configuration } from '@/generated/api';
const api = new DanCuApi(new Configuration({ basePath: 'https://api.thue.hue.gov.vn/v1' }));
export const q = (so: string) => api.congDan(so);`,
      },
      {
        name: 'a helper-built population-DB query that audits',
        filename: inResolution(),
        code: `import axios from 'axios';
import { getServiceUrl } from '@/config/endpoints';
import { auditLog } from '@/audit/audit';
export async function q(so: string, tk: string, ip: string) {
  const r = await axios.post(getServiceUrl() + '/CungCapThongTinCongDan', { so });
  await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
  return r.data;
}`,
      },
      {
        name: 'a session with the gateway (oauth2 client id, CAPTCHA, token) looks nobody up: no lookup to audit',
        ...onDisk('src/gateway/session.ts'),
      },
      {
        name: 'a health check and a proxy probe of the gateway (bare origin, /health, HEAD /ping, sending nothing) look nobody up',
        ...onDisk('src/gateway/health.ts'),
      },
    ],
    invalid: [
      {
        name: 'a probe-shaped request that sends query parameters, a body or a query string, or reaches an operation, is a lookup',
        ...onDisk('src/gateway/health-lookups.ts'),
        errors: [...missing(7, 19), ...missing(8, 19), ...missing(9, 19), ...missing(10, 19), ...missing(11, 19)],
      },
      {
        name: 'after opening a session, only the lookups are reported — a XacThuc (verification) of citizen details is a lookup',
        ...onDisk('src/gateway/tra-cuu.controller.ts'),
        errors: [...missing(9, 19), ...missing(16, 10)],
      },
      {
        name: 'the URL is a helper return value (getServiceUrl() through a tsconfig path alias)',
        filename: inResolution(),
        code: `import axios from 'axios';
import { getServiceUrl } from '@/config/endpoints';
export const q = (so: string) => axios.post(getServiceUrl() + '/CungCapThongTinCongDan', { so });`,
        errors: missing(3, 34),
      },
      {
        name: 'a switch returning one URL per operation, imported through package.json imports',
        filename: inResolution(),
        code: `import axios from 'axios';
import { endpointFor } from '#config/endpoints';
export const q = (so: string) => axios.post(endpointFor('cong-dan'), { so });`,
        errors: missing(3, 34),
      },
      {
        name: 'a method and a getter of a config class',
        filename: inResolution(),
        code: `import axios from 'axios';
import { DanCuConfig } from '@/config/endpoints';
const cfg = new DanCuConfig();
export const q = (so: string) => axios.post(cfg.url('CungCapThongTinCongDan'), { so });
export const h = (ma: string) => axios.get(\`\${cfg.baseUrl}/CungCapThongTinHoGiaDinh?ma=\${ma}\`);`,
        errors: [...missing(4, 34), ...missing(5, 34)],
      },
      {
        name: 'a member of a config object exported from a config module',
        filename: inResolution(),
        code: `import axios from 'axios';
import { appConfig } from '@/config/endpoints';
export const q = (so: string) => axios.post(\`\${appConfig.dancu.baseUrl}/CungCapThongTinCongDan\`, { so });`,
        errors: missing(3, 34),
      },
      {
        name: 'a conditional whose one branch is the population DB',
        filename: inResolution(),
        code: `import axios from 'axios';
import { thueUrl, getServiceUrl } from '@/config/endpoints';
export const q = (so: string, dancu: boolean) => axios.post(dancu ? getServiceUrl() : thueUrl(), { so });`,
        errors: missing(3, 50),
      },
      {
        name: 'process.env with the value from .env (dotenv-expand) and import.meta.env',
        filename: inResolution(),
        code: `export const q = (so: string) => fetch(\`\${process.env.DANCU_URL}/CungCapThongTinCongDan\`, { method: 'POST', body: so });
export const v = (so: string) => fetch(import.meta.env.VITE_DANCU_URL + '/CungCapThongTinCongDan', { method: 'POST', body: so });`,
        errors: [...missing(1, 34), ...missing(2, 34)],
      },
      {
        name: 'config.get() of the config package, read from config/default.json',
        filename: inResolution(),
        code: `import axios from 'axios';
import config from 'config';
export const q = (so: string) => axios.post(\`\${config.get('dancu.url')}/CungCapThongTinCongDan\`, { so });`,
        errors: missing(3, 34),
      },
      {
        name: 'NestJS ConfigService.get of a registerAs namespace, through HttpService and firstValueFrom',
        filename: inResolution('src/services/dancu.service.ts'),
        code: `import { ConfigService } from '@nestjs/config';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
export class DanCuService {
  constructor(private readonly config: ConfigService, private readonly http: HttpService) {}
  traCuu(so: string) { return firstValueFrom(this.http.post(\`\${this.config.get('dancu.baseUrl')}/CungCapThongTinCongDan\`, { so })); }
}`,
        errors: missing(6, 46),
      },
      {
        name: 'URL builders: new URL(rel, base), url.resolve, path.posix.join, [..].join, concat',
        filename: inResolution(),
        code: `import axios from 'axios';
import path from 'node:path';
import * as url from 'node:url';
import { LGSP } from '@/config/endpoints';
export const a = () => axios.get(new URL('/dancu/v1/CungCapThongTinCongDan', LGSP).href);
export const b = () => axios.get(url.resolve(LGSP, '/dancu/v1/CungCapThongTinCongDan'));
export const c = () => axios.get(path.posix.join(LGSP, 'dancu/v1', 'CungCapThongTinCongDan'));
export const d = () => axios.get([LGSP, 'dancu', 'v1', 'CungCapThongTinCongDan'].join('/'));
export const e = () => axios.get(LGSP.concat('/dancu/v1/CungCapThongTinCongDan'));`,
        errors: [...missing(5, 24), ...missing(6, 24), ...missing(7, 24), ...missing(8, 24), ...missing(9, 24)],
      },
      {
        name: 'an axios instance from a factory, re-exported through an index file with a .js specifier',
        filename: inResolution(),
        code: `import { danCuClient } from '@/clients';
export const q = (so: string) => danCuClient.post('/CungCapThongTinCongDan', { so });`,
        errors: missing(2, 34),
      },
      {
        name: 'NestJS HttpModule.registerAsync({ useFactory }) with ConfigService: HttpService and firstValueFrom',
        ...onDisk('src/nest/dancu-http.service.ts'),
        errors: missing(10, 38),
      },
      {
        name: 'a SOAP client created by a factory in another file, and one kept in a class field',
        filename: inResolution(),
        code: `import { taoSoapClient, SoapDanCu } from '@/clients/soap.client';
export async function q(so: string) {
  const client = await taoSoapClient();
  return client.CungCapThongTinCongDanAsync({ so });
}
export const h = (ma: string) => new SoapDanCu().hoGiaDinh(ma);`,
        errors: [...missing(4, 10), ...missing(6, 34)],
      },
      {
        name: 'axios request({ method, url }), axios(config) and a computed method on an instance',
        filename: inResolution(),
        code: `import axios from 'axios';
import { danCuClient } from '@/clients';
import { getServiceUrl } from '@/config/endpoints';
export const a = (so: string) => axios.request({ method: 'post', url: \`\${getServiceUrl()}/CungCapThongTinCongDan\`, data: { so } });
export const b = (so: string) => axios({ method: 'post', url: getServiceUrl() + '/CungCapThongTinCongDan', data: { so } });
export const c = (method: 'get' | 'post', path: string) => danCuClient[method](path);`,
        errors: [...missing(4, 34), ...missing(5, 34), ...missing(6, 60)],
      },
      {
        name: 'an OpenAPI-generated client built with new Configuration({ basePath })',
        filename: inResolution(),
        code: `import { DanCuApi, Configuration } from '@/generated/api';
import { getServiceUrl } from '@/config/endpoints';
const api = new DanCuApi(new Configuration({ basePath: getServiceUrl() }));
export const q = (so: string) => api.congDan(so);`,
        errors: missing(4, 34),
      },
      {
        name: 'got.extend with a prefixUrl from a config module',
        filename: inResolution(),
        code: `import got from 'got';
import { appConfig } from '@/config/endpoints';
const api = got.extend({ prefixUrl: appConfig.dancu.baseUrl });
export const q = (so: string) => api.post('CungCapThongTinCongDan', { json: { so } });`,
        errors: missing(4, 34),
      },
      {
        name: 'the same fetch wrapper called with the tax base is not a query at that call (traCuuThue), with the population-DB base it is',
        ...onDisk('src/services/ho-so.service.ts'),
        errors: missing(6, 10),
      },
      {
        name: 'a client class whose base URL is a constructor argument given by new LgspClient(getServiceUrl()) in another file',
        ...onDisk('src/clients/lgsp-client.ts'),
        errors: missing(12, 12),
      },
      {
        name: 'a fetch wrapper whose baseUrl every caller passes: the wrapper entry point is reported',
        filename: inResolution(),
        code: `import { traCuuHoSo } from '@/services/ho-so.service';
export const q = (so: string) => traCuuHoSo(so);`,
        errors: missing(2, 34),
      },
    ],
  });
});
