import { DONG_THAP_POLICY } from './lsp-client';

/**
 * A small project whose findings cross files, for the per-fact invalidation
 * tests (incremental.test.ts in-process, incremental.e2e.test.ts over LSP):
 * a route (B) whose audit is in a wrapper (A), a request (B2) whose host is a
 * constant of another file (A2), and a file (C) that depends on neither.
 */

export const AUDIT_CALL = `  await auditLog({ taiKhoan: canBo.taiKhoan, thoiGian: new Date().toISOString(), noiDung: 'TraCuuThongTinCongDan', diaChiIp: canBo.ip });\n`;

/** A: the wrapper every route goes through; it audits (or, edited, does not). */
export const WRAPPER = `import { dancuClient } from '../clients/dancu-client';
import { auditLog } from '../audit/audit';

export async function traCuuCoNhatKy(soDinhDanh: string, canBo: { taiKhoan: string; ip: string }) {
  const ketQua = await dancuClient.traCuuThongTinCongDan({ soDinhDanh });
${AUDIT_CALL}  return ketQua;
}
`;
export const WRAPPER_UNAUDITED = WRAPPER.replace(AUDIT_CALL, '');

/** B: a route that calls the wrapper (its audit finding depends on A). */
export const ROUTE = `import { Router } from 'express';
import { traCuuCoNhatKy } from '../shared/tra-cuu';

export const router = Router();

router.get('/cong-dan/:so', async (req, res) => {
  res.json(await traCuuCoNhatKy(req.params.so, { taiKhoan: req.user.id, ip: req.ip }));
});
`;

export const REGISTERED = 'lgsp.dongthap.gov.vn';
export const UNREGISTERED = 'lgsp.haiduong.gov.vn';
/** A2: the gateway's host, a constant (a whole URL written in A2 would be reported in A2, where it is written). */
export const endpoints = (host: string) => `export const LGSP_HOST = '${host}';\n`;

/** B2: a request built from A2's constant (its endpoint finding depends on A2). */
export const SERVICE = `import { LGSP_HOST } from '../config/endpoints';
import { auditLog } from '../audit/audit';

export async function xacMinh(soDinhDanh: string, taiKhoan: string, ip: string) {
  const res = await fetch(\`https://\${LGSP_HOST}/dancu/v1/XacMinhThongTinNhanThan\`, { method: 'POST', body: JSON.stringify({ soDinhDanh }) });
  await auditLog({ taiKhoan, thoiGian: new Date().toISOString(), noiDung: 'XacMinh', diaChiIp: ip });
  return res.json();
}
`;

/** C: depends on neither A nor A2. */
export const UNRELATED = `import { dancuClient } from '../clients/dancu-client';
import { auditLog } from '../audit/audit';

export async function hoGiaDinh(soDinhDanh: string, taiKhoan: string, ip: string) {
  const kq = await dancuClient.traCuuThongTinCongDan({ soDinhDanh });
  await auditLog({ taiKhoan, thoiGian: new Date().toISOString(), noiDung: 'HoGiaDinh', diaChiIp: ip });
  return kq;
}

export async function khongGhiNhatKy(soDinhDanh: string) {
  return dancuClient.traCuuThongTinCongDan({ soDinhDanh });
}
`;

/** D: at first calls nothing; edited, it calls C's unaudited function (a token it did not contain before). */
export const STATS = 'export const thongKe = (so: string) => so.length;\n';
export const STATS_CALLING = `import { khongGhiNhatKy } from './ho-gia-dinh';

export const thongKe = (so: string) => khongGhiNhatKy(so);
`;

/** S: a NestJS service whose HttpService gets its base URL where a module registers HttpModule (a project-wide token search). */
export const NEST_SERVICE = `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';

@Injectable()
export class TraCuuService {
  constructor(private readonly http: HttpService) {}

  async traCuu(soDinhDanh: string) {
    return this.http.post('/cong-dan', { soDinhDanh });
  }
}
`;
/** M: the module, at first without HttpModule; edited, it registers one with a population-DB base URL. */
export const NEST_MODULE = `import { Module } from '@nestjs/common';
import { TraCuuService } from './services/tra-cuu.service';

@Module({ providers: [TraCuuService] })
export class AppModule {}
`;
export const NEST_MODULE_HTTP = `import { Module } from '@nestjs/common';
import { HttpModule } from '@nestjs/axios';
import { TraCuuService } from './services/tra-cuu.service';

@Module({ imports: [HttpModule.register({ baseURL: 'https://lgsp.dongthap.gov.vn/dancu/v1/' })], providers: [TraCuuService] })
export class AppModule {}
`;

export const FILES = {
  'popdb-policy.yaml': DONG_THAP_POLICY,
  'package.json': '{ "name": "tthc-dong-thap", "private": true }\n',
  'src/audit/audit.ts': 'export async function auditLog(entry: Record<string, unknown>) {\n  console.log(JSON.stringify(entry));\n}\n',
  'src/clients/dancu-client.ts': 'export const dancuClient = {\n  async traCuuThongTinCongDan(q: { soDinhDanh: string }) {\n    return q;\n  },\n};\n',
  'src/shared/tra-cuu.ts': WRAPPER,
  'src/config/endpoints.ts': endpoints(REGISTERED),
  'src/routes/cong-dan.ts': ROUTE,
  'src/services/xac-minh.ts': SERVICE,
  'src/routes/ho-gia-dinh.ts': UNRELATED,
  'src/routes/thong-ke.ts': STATS,
  'src/services/tra-cuu.service.ts': NEST_SERVICE,
  'src/app.module.ts': NEST_MODULE,
};

