import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfigFile, policyFor, withProject, type Report } from '@popdb-guard/core';
import plugin = require('eslint-plugin-popdb');
import { FIXTURES, createRuleTester } from '../../test/rule-tester';

const rule = plugin.rules['no-unregistered-endpoint'];
const project = path.join(FIXTURES, 'query-project');
const policyFile = path.join(project, 'popdb-policy.yaml');
const ruleTester = createRuleTester(policyFile);
/** A file of the multi-file fixture project that is not on disk: its imports resolve to the fixture's files. */
const inProject = (rel = 'src/routes/case.ts') => path.join(project, rel);

ruleTester.run('no-unregistered-endpoint', rule, {
  valid: [
    {
      name: 'a registered LGSP population-DB endpoint over https',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (id: string) => axios.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { soDinhDanh: id });`,
    },
    {
      name: 'a registered national portal endpoint, host compared case-insensitively',
      filename: inProject(),
      code: `const URL_CONG_DAN = 'https://DichVuCong.DanCuQuocGia.gov.vn/api/v2/congdan';`,
    },
    {
      name: 'a URL composed from constants imported from another file that resolve under the registered prefix',
      filename: inProject(),
      code: `import axios from 'axios';
import { DANCU_BASE } from '../config/endpoints';
export async function hoGiaDinh(ma: string) { return axios.get(\`\${DANCU_BASE}/CungCapThongTinHoGiaDinh\`, { params: { ma } }); }`,
    },
    {
      name: 'the XML namespace of the population-DB SOAP schema is a name, not an endpoint',
      filename: inProject(),
      code: `export const NS = 'http://www.mic.gov.vn/dancu/1.0';`,
    },
    {
      name: 'a SOAP envelope that declares the population-DB namespace',
      filename: inProject(),
      code: `export const envelope = (so: string) => \`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://www.mic.gov.vn/dancu/1.0"><soap:Body><SoDinhDanh>\${so}</SoDinhDanh></soap:Body></soap:Envelope>\`;`,
    },
    {
      name: 'the dancuquocgia.bca namespace in an xmlns property of a SOAP options object',
      filename: inProject(),
      code: `const options = { envelopeKey: 'soapenv', xmlns: 'http://dancuquocgia.bca', attributes: { xmlns: 'http://dancuquocgia.bca' } };`,
    },
    {
      name: 'a namespace under targetNamespace',
      filename: inProject(),
      code: `export const schema = { targetNamespace: 'http://dancuquocgia.bca/dancu/schema' };`,
    },
    {
      name: 'another LGSP service (social insurance) on the same gateway is not the population DB',
      filename: inProject(),
      code: `import axios from 'axios';
export const bhxh = (ma: string) => axios.get(\`https://lgsp.danang.gov.vn/bhxh/v1/the/\${ma}\`);`,
    },
    {
      name: 'an env var the policy maps to a population-DB URL: the value is checked in config',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (id: string) => axios.post(\`\${process.env.DANCU_API_URL}/CungCapThongTinCongDan\`, { id });`,
    },
    {
      name: 'a mapped env var with a registered fallback',
      filename: inProject(),
      code: `const BASE = process.env.DANCU_API_URL || 'https://lgsp.danang.gov.vn/dancu/v1';`,
    },
    {
      name: 'an axios instance created in another file on the registered base URL',
      filename: inProject(),
      code: `import { dancuApi } from '../clients/dancu-api';
export const xacThuc = (so: string) => dancuApi.post('/XacThucThongTinCongDan', { so });`,
    },
    {
      name: 'a route parameter inside the path of a registered instance does not change the host',
      filename: inProject(),
      code: `import { Router } from 'express';
import { dancuApi } from '../clients/dancu-api';
const router = Router();
router.get('/cong-dan/:id', async (req, res) => {
  const { data } = await dancuApi.get(\`/CungCapThongTinCongDan/\${req.params.id}\`);
  res.json(data);
});`,
    },
    {
      name: 'user input sent to a service that is not the population DB',
      filename: inProject(),
      code: `import axios from 'axios';
import { Router } from 'express';
const router = Router();
router.post('/webhook-test', async (req, res) => { await axios.post(req.body.callbackUrl, { ok: true }); res.end(); });`,
    },
    {
      name: 'a registered endpoint with an explicit default port',
      filename: inProject(),
      code: `const u = 'https://lgsp.danang.gov.vn:443/dancu/v1/CungCapThongTinCongDan';`,
    },
    {
      name: 'new URL(path, base) resolving under the registered prefix',
      filename: inProject(),
      code: `import { LGSP_BASE } from '../config/endpoints';
export const url = new URL('/dancu/v1/CungCapThongTinHoGiaDinh', LGSP_BASE).href;`,
    },
    {
      name: 'a host that is only partly known cannot be decided and is not reported',
      filename: inProject(),
      code: `export const u = (tinh: string) => \`https://lgsp.\${tinh}.gov.vn/dancu/v1/CungCapThongTinCongDan\`;`,
    },
    {
      name: 'a documentation link that mentions the population DB in prose',
      filename: inProject(),
      code: `const help = 'Xem hướng dẫn tại https://dichvucong.dancuquocgia.gov.vn/huong-dan trước khi tra cứu';`,
    },
    {
      name: 'an import specifier is not a URL',
      filename: inProject(),
      code: `import { DANCU_BASE } from '../config/endpoints';
export { DANCU_BASE };`,
    },
    {
      name: 'a string literal type is not a connection',
      filename: inProject(),
      code: `type Legacy = 'https://old.example.vn/dancu/v1';
export const x: Legacy | undefined = undefined;`,
    },
    {
      name: 'NestJS HttpService to the registered endpoint',
      filename: inProject('src/services/case.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
@Injectable()
export class DanCuService {
  constructor(private readonly http: HttpService) {}
  lookup(so: string) { return this.http.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { so }); }
}`,
    },
    {
      name: 'got with a registered prefixUrl',
      filename: inProject(),
      code: `import got from 'got';
const dancu = got.extend({ prefixUrl: 'https://lgsp.danang.gov.vn/dancu/v1' });
export const q = (so: string) => dancu.post('CungCapThongTinCongDan', { json: { so } }).json();`,
    },
    {
      name: 'node https.request with registered host and path options',
      filename: inProject(),
      code: `import * as https from 'node:https';
export function q(body: string) {
  const req = https.request({ hostname: 'lgsp.danang.gov.vn', path: '/dancu/v1/CungCapThongTinCongDan', method: 'POST' });
  req.end(body);
}`,
    },
    {
      name: 'a SOAP client on the registered WSDL imported from config',
      filename: inProject(),
      code: `import * as soap from 'soap';
import { DANCU_WSDL } from '../config/endpoints';
export async function q(so: string) { const c = await soap.createClientAsync(DANCU_WSDL); return c.CungCapThongTinCongDanAsync({ SoDinhDanh: so }); }`,
    },
    {
      name: 'the staging constant used elsewhere is reported only where it is written (other file)',
      filename: inProject(),
      code: `import axios from 'axios';
import { DANCU_STAGING } from '../config/endpoints';
export const q = (so: string) => axios.post(\`\${DANCU_STAGING}/CungCapThongTinCongDan\`, { so });`,
    },
    {
      name: 'a policy client call with a fixed configuration object',
      filename: inProject(),
      code: `import { Router } from 'express';
declare const dancuSdk: { traCuu(o: object): Promise<unknown> };
const router = Router();
router.get('/x/:so', async (req, res) => res.json(await dancuSdk.traCuu({ soDinhDanh: req.params.so, endpoint: 'https://lgsp.danang.gov.vn/dancu/v1/' })));`,
    },
    {
      name: 'ky with a registered prefixUrl',
      filename: inProject(),
      code: `import ky from 'ky';
const api = ky.create({ prefixUrl: 'https://lgsp.danang.gov.vn/dancu/v1' });
export const q = (so: string) => api.post('XacThucThongTinCongDan', { json: { so } });`,
    },
    {
      name: 'superagent to the registered endpoint',
      filename: inProject(),
      code: `import superagent from 'superagent';
export const q = (so: string) => superagent.post('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan').send({ so });`,
    },
    {
      name: 'a registered prefix followed by an encoded path segment',
      filename: inProject(),
      code: `const u = 'https://lgsp.danang.gov.vn/dancu/v1/tra%20cuu';`,
    },
    {
      name: 'a URL of an unrelated government service',
      filename: inProject(),
      code: `fetch('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html');`,
    },
    {
      name: 'a mapped env var read into a constant and then used',
      filename: inProject(),
      code: `const DANCU = process.env.DANCU_API_URL;
export const url = DANCU + '/CungCapThongTinCongDan';`,
    },
    {
      name: 'a hyperlink to the national public-service portal in a React page is not a connection',
      filename: inProject('src/web/case.tsx'),
      code: `export const HuongDan = () => (
  <p>Tra cứu tại <a href="https://dichvucong.dancuquocgia.gov.vn/portal/p/home/dvc-gioi-thieu.html">Cổng dịch vụ công quốc gia về dân cư</a></p>
);`,
    },
    {
      name: 'a start-up banner that prints the fallback URL is a log line, not a connection',
      filename: inProject('src/server.ts'),
      code: `app.listen(PORT, () => {
  console.log(\`BASE_URL: \${process.env.BASE_URL || 'https://lgsp.quangnam.gov.vn/dancu/v1/'}\`);
  console.info('Đang gọi ' + (process.env.DANCU ?? 'https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan'));
});`,
    },
    {
      name: 'a URL in the structured fields of a logger call is a trace, not a connection',
      filename: inProject(),
      code: `import { logger } from '../logger';
export function ghiVet(ma: string) {
  logger.info('tra cứu', { ma, endpoints: ['https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan'] });
}`,
    },
  ],
  invalid: [
    {
      name: 'a URL whose scheme is split across the parts of a + chain, or that a template starts with white space, a scheme or // (its head can begin a URL, so its parts are evaluated)',
      filename: inProject(),
      code: `const SCHEME = 'https';
const HOST = 'lgsp.quangnam.gov.vn';
export const a = 'ht' + 'tps://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan';
export const b = \`\${SCHEME}://\${HOST}/dancu/v1/CungCapThongTinCongDan\`;
export const c = \`  https://\${HOST}/dancu/v1/CungCapThongTinCongDan\`;
export const d = 'https:' + \`//\${HOST}/dancu/v1/CungCapThongTinCongDan\`;`,
      errors: [
        { messageId: 'unregistered', line: 3, column: 18 },
        { messageId: 'unregistered', line: 4, column: 18 },
        { messageId: 'unregistered', line: 5, column: 18 },
        { messageId: 'unregistered', line: 6, column: 18 },
      ],
    },
    {
      name: 'an unregistered URL is reported where it is written, not again in each message that starts with words and prints it',
      filename: inProject(),
      code: `const SAI = 'https://lgsp.quangnam.gov.vn/dancu/v1/';
export const m1 = (id: string) => \`Không tìm thấy hồ sơ \${id} tại \${SAI}\`;
export const m2 = (e: Error) => 'Lỗi khi gọi ' + SAI + ': ' + e.message;
export const m3 = \`:\${SAI}CungCapThongTinCongDan\`;`,
      errors: [{ messageId: 'unregistered', line: 1, column: 13 }],
    },
    {
      name: 'a population-DB URL on a host that is not registered',
      filename: inProject(),
      code: `import axios from 'axios';
export const q = (so: string) => axios.post('https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan', { so });`,
      errors: [{ messageId: 'unregistered', line: 2, column: 45 }],
    },
    {
      name: 'a request made inside a log call is still a connection, and so is the constant a log line prints',
      filename: inProject(),
      code: `import axios from 'axios';
const FALLBACK = process.env.BASE_URL || 'https://lgsp.quangnam.gov.vn/dancu/v1/';
export async function q(so: string) {
  console.log(FALLBACK);
  console.log(await axios.post(\`https://lgsp.quangnam.gov.vn/dancu/v1/CungCapThongTinCongDan?so=\${so}\`));
}`,
      errors: [
        { messageId: 'unregistered', line: 2, column: 42 },
        { messageId: 'unregistered', line: 5, column: 32 },
      ],
    },
    {
      name: 'a lookalike host that ends with the registered host',
      filename: inProject(),
      code: `const u = 'https://lgsp.danang.gov.vn.evil.com/dancu/v1/CungCapThongTinCongDan';`,
      errors: [{ messageId: 'unregistered', line: 1, column: 11 }],
    },
    {
      name: 'a lookalike URL with the registered host as userinfo',
      filename: inProject(),
      code: `const u = 'https://lgsp.danang.gov.vn@evil.com/dancu/v1/CungCapThongTinCongDan';`,
      errors: [{ messageId: 'unregistered', line: 1, column: 11 }],
    },
    {
      name: 'plain http to the registered endpoint',
      filename: inProject(),
      code: `fetch('http://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', { method: 'POST' });`,
      errors: [{ messageId: 'insecure', line: 1, column: 7 }],
    },
    {
      name: 'a path that only shares a textual prefix with the registered one (/dancu/v10)',
      filename: inProject(),
      code: `const u = 'https://lgsp.danang.gov.vn/dancu/v10/CungCapThongTinCongDan';`,
      errors: [{ messageId: 'unregistered', line: 1, column: 11 }],
    },
    {
      name: 'a different port on the registered host',
      filename: inProject(),
      code: `const u = 'https://lgsp.danang.gov.vn:8443/dancu/v1/CungCapThongTinCongDan';`,
      errors: [{ messageId: 'unregistered', line: 1, column: 11 }],
    },
    {
      name: 'the national portal host directly (not the registered path)',
      filename: inProject(),
      code: `export const PORTAL = 'https://dichvucong.dancuquocgia.gov.vn/api/v1/congdan';`,
      errors: [{ messageId: 'unregistered', line: 1, column: 23 }],
    },
    {
      name: 'a template built from an unregistered base, reported once at the template',
      filename: inProject(),
      code: `const BASE = 'https://api.quangnam.vn';
export const q = (so: string) => fetch(\`\${BASE}/csdldancu/tra-cuu/\${so}\`);`,
      errors: [{ messageId: 'unregistered', line: 2, column: 40 }],
    },
    {
      name: 'concatenation that composes an unregistered population-DB URL',
      filename: inProject(),
      code: `const HOST = 'https://10.10.1.5:8080';
const url = HOST + '/dancu/v1/' + 'CungCapThongTinCongDan';`,
      errors: [{ messageId: 'unregistered', line: 2, column: 13 }],
    },
    {
      name: 'an unregistered URL as the fallback of an unmapped env var',
      filename: inProject(),
      code: `const URL_DANCU = process.env.URL_DANCU || 'https://dancu.test.local/dancu/v1/';`,
      errors: [{ messageId: 'unregistered', line: 1, column: 44 }],
    },
    {
      name: 'an axios instance on an unregistered base, reported at the baseURL literal',
      filename: inProject(),
      code: `import axios from 'axios';
const api = axios.create({ baseURL: 'https://lgsp-dev.danang.gov.vn/dancu/v1' });
export const q = (so: string) => api.post('/CungCapThongTinCongDan', { so });`,
      errors: [{ messageId: 'unregistered', line: 2, column: 37 }],
    },
    {
      name: 'an instance on a gateway base joined with a population-DB path: reported at the request',
      filename: inProject(),
      code: `import axios from 'axios';
const lgsp = axios.create({ baseURL: 'https://lgsp.hue.gov.vn' });
export const q = (so: string) => lgsp.post('/dancu/v1/CungCapThongTinCongDan', { so });`,
      errors: [{ messageId: 'unregistered', line: 3, column: 34 }],
    },
    {
      name: 'an axios config object with baseURL and url',
      filename: inProject(),
      code: `import axios from 'axios';
export const q = (so: string) => axios({ method: 'post', baseURL: 'https://lgsp.hue.gov.vn', url: '/dancu/v1/XacThucThongTinCongDan', data: { so } });`,
      errors: [{ messageId: 'unregistered', line: 2, column: 34 }],
    },
    {
      name: 'new URL(path, base) with an unregistered base',
      filename: inProject(),
      code: `export const u = new URL('/dancu/v1/CungCapThongTinHoGiaDinh', 'https://lgsp.hue.gov.vn');`,
      errors: [{ messageId: 'unregistered', line: 1, column: 18 }],
    },
    {
      name: 'a SOAP WSDL on an unregistered host',
      filename: inProject(),
      code: `import * as soap from 'soap';
export async function q(so: string) {
  const client = await soap.createClientAsync('http://10.0.0.8/dancu/CongDanService?wsdl');
  return client.CungCapThongTinCongDanAsync({ SoDinhDanh: so });
}`,
      errors: [{ messageId: 'unregistered', line: 3, column: 47 }],
    },
    {
      name: 'node https.request with a host option that is not registered',
      filename: inProject(),
      code: `import * as https from 'https';
export function q() {
  return https.request({ hostname: 'lgsp.hue.gov.vn', path: '/dancu/v1/CungCapThongTinCongDan', method: 'POST' });
}`,
      errors: [{ messageId: 'unregistered', line: 3, column: 10 }],
    },
    {
      name: 'a URL whose user picks the endpoint through a registered instance (absolute URL overrides baseURL)',
      filename: inProject(),
      code: `import { Router } from 'express';
import { dancuApi } from '../clients/dancu-api';
const router = Router();
router.post('/proxy', async (req, res) => {
  const { data } = await dancuApi.get(req.body.endpoint);
  res.json(data);
});`,
      errors: [{ messageId: 'fromUserInput', line: 5, column: 26 }],
    },
    {
      name: 'a destructured query parameter as the URL of a registered instance',
      filename: inProject(),
      code: `import express from 'express';
import { dancuApi } from '../clients/dancu-api';
const app = express();
app.get('/tra-cuu', async (req, res) => {
  const { url } = req.query;
  res.json((await dancuApi.get(url as string)).data);
});`,
      errors: [{ messageId: 'fromUserInput', line: 6, column: 19 }],
    },
    {
      name: 'a NestJS @Query() parameter passed as endpoint to a policy client call',
      filename: inProject('src/services/case.controller.ts'),
      code: `import { Controller, Get, Query } from '@nestjs/common';
declare const dancuSdk: { traCuu(o: object): Promise<unknown> };
@Controller('cong-dan')
export class CongDanController {
  @Get()
  find(@Query('so') so: string, @Query('endpoint') endpoint: string) {
    return dancuSdk.traCuu({ soDinhDanh: so, endpoint });
  }
}`,
      errors: [{ messageId: 'fromUserInput', line: 7, column: 12 }],
    },
    {
      name: 'a request body URL passed to a policy client call',
      filename: inProject(),
      code: `import { Router } from 'express';
declare const dancuSdk: { goi(url: string, body: object): Promise<unknown> };
export const router = Router();
router.post('/goi', async (req, res) => res.json(await dancuSdk.goi(req.body.baseUrl, req.body)));`,
      errors: [{ messageId: 'fromUserInput', line: 4, column: 56 }],
    },
    {
      name: 'got with an unregistered prefixUrl',
      filename: inProject(),
      code: `import got from 'got';
const c = got.extend({ prefixUrl: 'https://csdl.quangtri.gov.vn/csdlqgdc/api' });
export const q = (so: string) => c.post('congdan', { json: { so } });`,
      errors: [{ messageId: 'unregistered', line: 2, column: 35 }],
    },
    {
      name: 'a population-DB operation name in the path of an unknown host',
      filename: inProject(),
      code: `fetch('https://203.162.10.20/api/TraCuuThongTinCongDan?so=001099012345');`,
      errors: [{ messageId: 'unregistered', line: 1, column: 7 }],
    },
    {
      name: 'an exported constant in a config module',
      filename: inProject('src/config/case.ts'),
      code: `export const DANCU_ENDPOINTS = {
  congDan: 'https://lgsp.danang.gov.vn/dancu/v2/CungCapThongTinCongDan',
};`,
      errors: [{ messageId: 'unregistered', line: 2, column: 12 }],
    },
    {
      name: 'http on the registered national portal path',
      filename: inProject(),
      code: `import axios from 'axios';
const api = axios.create({ baseURL: 'http://dichvucong.dancuquocgia.gov.vn/api/v2/' });`,
      errors: [{ messageId: 'insecure', line: 2, column: 37 }],
    },
    {
      name: 'undici request to an unregistered population-DB URL',
      filename: inProject(),
      code: `import { request } from 'undici';
export const q = () => request('https://dancu.hue.gov.vn/dancu/CungCapThongTinHoGiaDinh', { method: 'POST' });`,
      errors: [{ messageId: 'unregistered', line: 2, column: 32 }],
    },
    {
      name: 'a CommonJS job with a hard-coded unregistered URL',
      filename: inProject('src/jobs/case.js'),
      code: `const axios = require('axios');
module.exports = { url: 'https://test-dancu.vnpt.vn/csdldancu/api/CungCapThongTinCongDan' };`,
      errors: [{ messageId: 'unregistered', line: 2, column: 25 }],
    },
    {
      name: 'a React admin screen that calls the population DB directly',
      filename: inProject('src/web/case.tsx'),
      code: `export function TraCuu({ so }: { so: string }) {
  const load = () => fetch(\`https://dichvucong.bocongan.gov.vn/dancu/tracuu?so=\${so}\`);
  return <button onClick={load}>Tra cứu</button>;
}`,
      errors: [{ messageId: 'unregistered', line: 2, column: 28 }],
    },
    {
      name: 'two unregistered URLs in one file give two findings',
      filename: inProject(),
      code: `const A = 'https://a.vn/dancu/v1/';
const B = 'https://b.vn/csdlqgdc/v1/';`,
      errors: [
        { messageId: 'unregistered', line: 1, column: 11 },
        { messageId: 'unregistered', line: 2, column: 11 },
      ],
    },
    {
      name: 'ky instance with a gateway prefix joined to a population-DB path',
      filename: inProject(),
      code: `import ky from 'ky';
const gw = ky.create({ prefixUrl: 'https://lgsp.hue.gov.vn' });
export const q = () => gw.get('api/dan-cu/cong-dan');`,
      errors: [{ messageId: 'unregistered', line: 3, column: 24 }],
    },
    {
      name: 'superagent to an unregistered URL',
      filename: inProject(),
      code: `import superagent from 'superagent';
export const q = () => superagent.get('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinHoGiaDinh');`,
      errors: [{ messageId: 'unregistered', line: 2, column: 39 }],
    },
    {
      name: 'new URL(userPath, registeredBase): an absolute URL from the request replaces the base',
      filename: inProject(),
      code: `import axios from 'axios';
import { Router } from 'express';
import { DANCU_BASE } from '../config/endpoints';
export const router = Router();
router.get('/tra-cuu', async (req, res) => {
  const { data } = await axios.get(new URL(String(req.query.duongDan), DANCU_BASE).href);
  res.json(data);
});`,
      errors: [{ messageId: 'fromUserInput', line: 6, column: 26 }],
    },
  ],
});

describe('no-unregistered-endpoint without a policy file', () => {
  const bare = createRuleTester();
  // Outside this repository: a file under its test/fixtures/ folder is test code by the built-in
  // globs, where the rule does not run (test/cli/test-code.test.ts).
  const noPolicy = path.join(os.tmpdir(), 'popdb-no-policy', 'src', 'a.ts');
  bare.run('no-unregistered-endpoint (secure by default)', rule, {
    valid: [{ name: 'a non-population-DB URL', filename: noPolicy, code: `fetch('https://api.example.com/v1/users');` }],
    invalid: [
      {
        name: 'with nothing registered, every population-DB URL is unregistered',
        filename: noPolicy,
        code: `fetch('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan');`,
        errors: [{ messageId: 'unregistered', line: 1, column: 7 }],
      },
    ],
  });
});

describe('no-unregistered-endpoint in config files', () => {
  const policyResult = policyFor(project, policyFile);
  if (!policyResult.ok) throw new Error('fixture policy must load');
  const policy = policyResult.policy;
  const check = (fileName: string, text: string) => {
    const reports: Report[] = [];
    plugin.definitions.find((d) => d.meta.name === 'no-unregistered-endpoint')!.checkConfig!(
      withProject({
        fileName,
        text,
        policy,
        testCode: false,
        document: parseConfigFile(fileName, text),
        report: (r: Report) => reports.push(r),
      }),
    );
    return reports.map((r) => ({ messageId: r.messageId, value: text.slice(r.start, r.end) }));
  };

  it('reports a mapped env var whose value is not a registered endpoint, even without a population-DB path', () => {
    expect(check(path.join(project, '.env.production'), 'DANCU_API_URL=https://10.1.2.3:8443/api\nPORT=3000\n')).toEqual([
      { messageId: 'unregistered', value: 'https://10.1.2.3:8443/api' },
    ]);
  });

  it('accepts the registered endpoint in .env and ignores other services', () => {
    expect(check(path.join(project, '.env'), 'DANCU_API_URL="https://lgsp.danang.gov.vn/dancu/v1/"\nBHXH_URL=https://lgsp.danang.gov.vn/bhxh/v1/\n')).toEqual([]);
  });

  it('reports http to a registered endpoint and an unregistered one in JSON, not the namespace', () => {
    const json = JSON.stringify({ dancu: { a: 'http://lgsp.danang.gov.vn/dancu/v1/', b: 'https://lgsp.danang.gov.vn.evil.com/dancu/v1/', ns: 'http://www.mic.gov.vn/dancu/1.0' } }, null, 2);
    expect(check(path.join(project, 'config/prod.json'), json)).toEqual([
      { messageId: 'insecure', value: 'http://lgsp.danang.gov.vn/dancu/v1/' },
      { messageId: 'unregistered', value: 'https://lgsp.danang.gov.vn.evil.com/dancu/v1/' },
    ]);
  });

  it('reads YAML values and skips xmlns keys', () => {
    const yaml = 'dancu:\n  url: https://lgsp.quangnam.gov.vn/dancu/v1/\n  xmlns: http://dancuquocgia.bca\n';
    expect(check(path.join(project, 'config/app.yaml'), yaml)).toEqual([{ messageId: 'unregistered', value: 'https://lgsp.quangnam.gov.vn/dancu/v1/' }]);
  });
});

/** Issue 9: candidate URLs — a conditional's branches, a parameter every caller fills, configuration. Project: test/fixtures/query-resolution. */
describe('unregistered candidates of conditionals, parameters and configuration', () => {
  const resolution = path.join(FIXTURES, 'query-resolution');
  const tester = createRuleTester(path.join(resolution, 'popdb-policy.yaml'));
  const inResolution = (rel = 'src/routes/probe.ts') => path.join(resolution, rel);
  const onDisk = (rel: string) => ({ filename: inResolution(rel), code: fs.readFileSync(inResolution(rel), 'utf8') });

  tester.run('no-unregistered-endpoint (candidates)', rule, {
    valid: [
      {
        name: 'a conditional whose branches are both registered',
        filename: inResolution(),
        code: `import axios from 'axios';
import { operationUrl } from '@/config/endpoints';
export const q = (so: string, batch: boolean) => axios.post(operationUrl(batch), { so });`,
      },
      {
        name: 'a conditional between two registered hosts, joined with the path',
        filename: inResolution(),
        code: `import axios from 'axios';
export const q = (so: string, a: boolean) => {
  const base = a ? 'https://lgsp.hue.gov.vn' : 'https://LGSP.hue.gov.vn';
  return axios.post(base + '/dancu/v1/CungCapThongTinCongDan', { so });
};`,
      },
      {
        name: 'an unregistered URL in .env.staging is reported in that file, not at every request that reads it',
        filename: inResolution(),
        code: `export const q = (so: string) => fetch(\`\${process.env.DANCU_STAGING_URL}/CungCapThongTinCongDan\`, { method: 'POST', body: so });`,
      },
      {
        name: 'the helper whose one branch is unregistered is reported where the literal is written, not at the call',
        filename: inResolution(),
        code: `import axios from 'axios';
import { dancuUrl } from '@/config/endpoints';
export const q = (so: string, staging: boolean) => axios.post(dancuUrl(staging), { so });`,
      },
    ],
    invalid: [
      {
        name: 'one branch of a conditional is an unregistered host',
        filename: inResolution(),
        code: `import axios from 'axios';
export const q = (so: string, thu: boolean) => {
  const base = thu ? 'https://dancu-staging.hue.vn' : 'https://lgsp.hue.gov.vn';
  return axios.post(base + '/dancu/v1/CungCapThongTinCongDan', { so });
};`,
        errors: [{ messageId: 'unregistered', line: 4, column: 21 }],
      },
      {
        name: 'a parameter one caller fills with an unregistered host (src/services/dong-bo.service.ts)',
        ...onDisk('src/lib/lgsp.ts'),
        errors: [{ messageId: 'unregistered', line: 5, column: 21 }],
      },
      {
        name: 'the helper whose staging branch is unregistered',
        ...onDisk('src/config/endpoints.ts'),
        errors: [{ messageId: 'unregistered', line: 26, column: 20 }],
      },
    ],
  });
});
