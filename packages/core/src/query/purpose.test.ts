import * as path from 'node:path';
import { ProjectFiles, ProjectModel, findQuerySites, inventoryPurpose, loadPolicyFile, purposeFieldKey, purposeOfSite, purposeSuggestion, type PurposeValue } from '@popdb-guard/core';

const root = path.resolve(__dirname, '../../../../test/fixtures/purpose-project');
const loaded = loadPolicyFile(path.join(root, 'popdb-policy.yaml'));
if (!loaded.ok) throw new Error('fixture policy');
const policy = loaded.policy;
const URL = 'https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan';

const describeValue = (v: PurposeValue): string => (v.kind === 'literal' ? `literal(${v.text})` : v.kind === 'param' ? `param(${[v.index, ...(v.path ?? [])].join('.')})` : v.kind);

/** The purpose outcome of every query site of one file of the fixture project (text given, imports on disk). */
function outcomes(code: string, rel = 'src/routes/case.ts', files = new ProjectFiles()): string[] {
  const fileName = path.join(root, rel);
  files.setOverlay(fileName, code);
  const model = new ProjectModel(root, policy, files);
  const index = model.fileIndex(fileName)!;
  return findQuerySites(model, index).map((site) => {
    const o = purposeOfSite(model, site);
    if (o.state === 'sent') return `sent ${o.where} ${o.field}: ${o.values.map(describeValue).join(' | ')}`;
    if (o.state === 'deferred') return `deferred(${o.index})`;
    if (o.state === 'missing') return o.dropped ? `missing (dropped ${o.dropped})` : 'missing';
    return o.state;
  });
}

describe('the purpose a population-DB query sends', () => {
  it('compares field and header names ignoring case, dashes, underscores, a namespace and the x- prefix of a header', () => {
    expect(purposeFieldKey('X-Ma-DVC', true)).toBe('madvc');
    expect(purposeFieldKey('dc:MaDVC')).toBe('madvc');
    expect(purposeFieldKey('ma_dvc')).toBe('madvc');
    // in a body, an x- prefix is part of the name
    expect(purposeFieldKey('x-madvc')).toBe('xmadvc');
  });

  it('suggests the registered purpose a near miss meant, and nothing for an unrelated one', () => {
    expect(purposeSuggestion(policy, 'tiep-nhan-hoso')).toBe('tiep-nhan-ho-so');
    expect(purposeSuggestion(policy, 'Tiep_Nhan_Ho_So')).toBe('tiep-nhan-ho-so');
    expect(purposeSuggestion(policy, 'thu-tuc-la')).toBeUndefined();
  });

  it('reads enum members, const-object members, literal-union types and records', () => {
    expect(
      outcomes(`import axios from 'axios';
import { MucDich, MUC_DICH, type MucDichDangKy } from '../config/muc-dich';
declare const db: { hoSo(id: string): Promise<{ so: string; maThuTuc: string }> };
export const a = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: MucDich.TiepNhanHoSo });
export const b = (so: string) => axios.post('${URL}', { SoDinhDanh: so, maDVC: MUC_DICH.XAC_THUC });
export const c = (so: string, m: MucDichDangKy) => axios.post('${URL}', { SoDinhDanh: so, mucDich: m });
export async function d(id: string) {
  const hoSo = await db.hoSo(id);
  return axios.post('${URL}', { SoDinhDanh: hoSo.so, maThuTuc: hoSo.maThuTuc });
}
export const f = (hoSo: { so: string; maThuTuc: string }) => axios.post('${URL}', { SoDinhDanh: hoSo.so, maThuTuc: hoSo.maThuTuc });
export const g = ({ so, maDVC }: { so: string; maDVC: string }) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: maDVC });
export const h = (ds: { so: string; maThuTuc: string }[]) => Promise.all(ds.map((hs) => axios.post('${URL}', { SoDinhDanh: hs.so, maThuTuc: hs.maThuTuc })));
export const e = (so: string, maDVC: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: maDVC });`),
    ).toEqual([
      'sent body MaDVC: literal(tiep-nhan-ho-so)',
      'sent body maDVC: literal(xac-thuc-cong-dan)',
      'sent body mucDich: literal(tiep-nhan-ho-so) | literal(xac-thuc-cong-dan)',
      'sent body maThuTuc: record',
      // a parameter's property is the caller's to give; an iteration callback's element is a record being processed
      'sent body maThuTuc: param(0.maThuTuc)',
      'sent body MaDVC: param(0.maDVC)',
      'sent body maThuTuc: record',
      'sent body MaDVC: param(1)',
    ]);
  });

  it('finds the purpose in the query string, params, headers, URLSearchParams, a mutated body and a body built in another file', () => {
    expect(
      outcomes(`import axios from 'axios';
import { dancuApi } from '../clients/dancu-api';
import { taoYeuCau } from '../clients/yeu-cau';
export const a = (so: string) => axios.get(\`${URL}?so=\${so}&MaDVC=tiep-nhan-ho-so\`);
export const b = (so: string, ma: string) => axios.get(\`${URL}?so=\${so}&maDVC=\${ma}\`);
export const c = (so: string) => axios.get('${URL}', { params: { so, maDVC: 'xac-thuc-cong-dan' } });
export const d = (so: string) => axios.get('${URL}', { params: { so }, headers: { 'X-MaDVC': 'tiep-nhan-ho-so' } });
export function e(so: string) {
  const form = new URLSearchParams();
  form.append('MaDVC', 'xac-thuc-cong-dan');
  return fetch('${URL}', { method: 'POST', body: form });
}
export function f(so: string) {
  const body: Record<string, string> = { SoDinhDanh: so };
  body.MaDVC = 'tiep-nhan-ho-so';
  return axios.post('${URL}', body);
}
export const g = (so: string) => dancuApi.post('/CungCapThongTinCongDan', taoYeuCau(so, 'xac-thuc-cong-dan'));
export const h = (so: string) => fetch('${URL}', { method: 'POST', body: JSON.stringify({ so, MaDVC: 'tiep-nhan-ho-so' }) });`),
    ).toEqual([
      'sent query MaDVC: literal(tiep-nhan-ho-so)',
      'sent query maDVC: param(1)',
      'sent query maDVC: literal(xac-thuc-cong-dan)',
      'sent header X-MaDVC: literal(tiep-nhan-ho-so)',
      'sent body MaDVC: literal(xac-thuc-cong-dan)',
      'sent body MaDVC: literal(tiep-nhan-ho-so)',
      'sent body MaDVC: literal(xac-thuc-cong-dan)',
      'sent body MaDVC: literal(tiep-nhan-ho-so)',
    ]);
  });

  it('follows wrappers: a purpose from the caller, a dropped one, a whole request object, a checked request parameter', () => {
    expect(
      outcomes(`import { Router } from 'express';
import { traCuuCongDan, traCuuBoMucDich, xacThuc } from '../clients/dancu-api';
import { MUC_DICH_DA_DANG_KY } from '../config/muc-dich';
export const a = (so: string) => traCuuCongDan(so, 'tiep-nhan-ho-so');
export const b = (so: string) => traCuuBoMucDich(so, 'tiep-nhan-ho-so');
export const c = (so: string) => xacThuc({ SoDinhDanh: so, MaDVC: 'xac-thuc-cong-dan' });
export const d = (so: string) => xacThuc({ SoDinhDanh: so });
export const r = Router();
r.post('/x', async (req, res) => {
  if (!MUC_DICH_DA_DANG_KY.includes(req.body.maDVC)) return res.status(400).end();
  res.json(await traCuuCongDan(req.body.so, req.body.maDVC));
});
r.post('/y', async (req, res) => res.json(await traCuuCongDan(req.body.so, req.body.maDVC)));`),
    ).toEqual(['sent argument maDVC: literal(tiep-nhan-ho-so)', 'inner', 'sent body MaDVC: literal(xac-thuc-cong-dan)', 'missing', 'sent argument maDVC: checked', 'sent argument maDVC: userInput']);
  });

  it('reads got json, superagent send/set chains, SOAP headers and an instance\'s default headers', () => {
    expect(
      outcomes(`import got from 'got';
import superagent from 'superagent';
import axios from 'axios';
import * as soap from 'soap';
const lgsp = axios.create({ baseURL: 'https://lgsp.danang.gov.vn/dancu/v1', headers: { 'x-ma-dvc': 'xac-thuc-cong-dan' } });
export const a = (so: string) => got.post('${URL}', { json: { so, mucDichKhaiThac: 'tiep-nhan-ho-so' } });
export const b = (so: string) => superagent.post('${URL}').set('X-MaDVC', 'xac-thuc-cong-dan').send({ so });
export const c = (so: string) => superagent.post('${URL}').send({ so, maDVC: 'tiep-nhan-ho-so' });
export async function d(so: string) {
  const client = await soap.createClientAsync('https://lgsp.danang.gov.vn/dancu/v1/DanCu.svc?wsdl');
  client.addSoapHeader({ 'dc:MaDVC': 'tiep-nhan-ho-so' }, '', 'dc', 'http://www.mic.gov.vn/dancu/1.0');
  return client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: so });
}
export const e = (so: string) => lgsp.post('/CungCapThongTinCongDan', { so });`),
    ).toEqual([
      'sent body mucDichKhaiThac: literal(tiep-nhan-ho-so)',
      'sent header X-MaDVC: literal(xac-thuc-cong-dan)',
      'sent body maDVC: literal(tiep-nhan-ho-so)',
      'sent header dc:MaDVC: literal(tiep-nhan-ho-so)',
      'sent header x-ma-dvc: literal(xac-thuc-cong-dan)',
    ]);
  });

  it('accepts a NestJS DTO field validated with @IsIn, and not the same field without it', () => {
    expect(
      outcomes(`import { Body, Controller, Post } from '@nestjs/common';
import { IsIn } from 'class-validator';
import axios from 'axios';
class TraCuuDto {
  soDinhDanh!: string;
  @IsIn(['tiep-nhan-ho-so']) maDVC!: string;
  lyDo!: string;
}
@Controller('tra-cuu')
export class TraCuuController {
  @Post() traCuu(@Body() dto: TraCuuDto) {
    return axios.post('${URL}', { SoDinhDanh: dto.soDinhDanh, MaDVC: dto.maDVC });
  }
  @Post('khac') khac(@Body() dto: TraCuuDto) {
    return axios.post('${URL}', { SoDinhDanh: dto.soDinhDanh, MaDVC: dto.lyDo });
  }
}`),
    ).toEqual(['sent body MaDVC: checked', 'sent body MaDVC: userInput']);
  });

  it('shows in the inventory the purpose a wrapper or a policy client call decides inside', () => {
    const fileName = path.join(root, 'src/routes/case.ts');
    const files = new ProjectFiles();
    files.setOverlay(
      fileName,
      `import axios from 'axios';
export const dancuSdk = { traCuu: (so: string) => axios.post('${URL}', { so, MaDVC: 'tiep-nhan-ho-so' }) };
export const a = (so: string) => dancuSdk.traCuu(so);`,
    );
    const model = new ProjectModel(root, policy, files);
    const index = model.fileIndex(fileName)!;
    const sites = findQuerySites(model, index);
    expect(sites.map((s) => `${s.kind} ${purposeOfSite(model, s).state}`)).toEqual(['request sent', 'clientCall inner']);
    expect(sites.map((s) => inventoryPurpose(model, s))).toEqual([
      { source: 'fixed', field: 'MaDVC', where: 'body', values: ['tiep-nhan-ho-so'], registered: true },
      { source: 'fixed', field: 'MaDVC', where: 'body', values: ['tiep-nhan-ho-so'], registered: true },
    ]);
  });

  it('says nothing of a body it cannot see, and reports the dropped parameter inside the wrapper', () => {
    expect(
      outcomes(`import axios from 'axios';
declare function tuHangDoi(): object;
export const a = () => axios.post('${URL}', tuHangDoi());
export const b = (so: string, maDVC: string) => axios.post('${URL}', { so, note: maDVC.length });
export const c = (yeuCau: object) => axios.post('${URL}', yeuCau);`),
    ).toEqual(['unknown', 'missing (dropped maDVC)', 'deferred(0)']);
  });
});
