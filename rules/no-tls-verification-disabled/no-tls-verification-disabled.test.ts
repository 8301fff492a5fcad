import popdb = require('eslint-plugin-popdb');
import { createRuleTester } from '../../test/rule-tester';
import { createFileLinter, runConfigCases, type ConfigInvalidCase, type ConfigValidCase } from '../../test/file-linter';
import { describeRuleReadme } from '../../test/rule-docs';
import definition from './rule';

const rule = popdb.rules['no-tls-verification-disabled'];
const ruleTester = createRuleTester();
const RULE_ID = 'popdb/no-tls-verification-disabled';

const DANCU = 'https://lgsp.tayninh.gov.vn/dancu/v1';

ruleTester.run('no-tls-verification-disabled', rule, {
  valid: [
    {
      name: 'verification explicitly on',
      code: `import https from 'https';
export const lgspAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: true });`,
    },
    {
      name: 'the gateway CA installed with ca: (the recommended fix)',
      code: `import * as fs from 'node:fs';
import https from 'node:https';
export const lgspAgent = new https.Agent({ ca: fs.readFileSync('/etc/motcua/lgsp-ca.pem') });`,
    },
    {
      name: 'a value read from config is the deployment\'s decision, checked in the config file',
      code: `import https from 'https';
import { config } from './config';
export const agent = new https.Agent({ rejectUnauthorized: config.lgsp.tlsVerify });`,
    },
    {
      name: 'a value computed from the environment is not a literal false',
      code: `const agent = new https.Agent({ rejectUnauthorized: process.env.LGSP_TLS_VERIFY !== 'false' });`,
    },
    {
      name: 'a NestJS ConfigService value',
      code: `@Injectable()
export class LgspHttpConfig implements HttpModuleOptionsFactory {
  constructor(private readonly config: ConfigService) {}
  createHttpOptions() {
    return { baseURL: this.config.get('DANCU_API_URL'), httpsAgent: new https.Agent({ rejectUnauthorized: this.config.get<boolean>('LGSP_TLS_VERIFY', true) }) };
  }
}`,
    },
    {
      name: 'a let that may change is not a constant false',
      code: `let verify = false;
verify = loadSetting('tls.verify');
export const agent = new https.Agent({ rejectUnauthorized: verify });`,
    },
    {
      name: 'the string "false" does not turn verification off (Node compares with the boolean false)',
      code: `const agent = new https.Agent({ rejectUnauthorized: 'false' as unknown as boolean });`,
    },
    {
      name: 'a comment that explains why the option is not used',
      code: `// Không dùng rejectUnauthorized: false — hãy cài CA của trục LGSP (NODE_EXTRA_CA_CERTS)
export const agent = new https.Agent({ ca: lgspCa });`,
    },
    {
      name: 'a Vietnamese i18n table that mentions the options in text',
      code: `export const vi = {
  tlsError: 'Không xác thực được chứng chỉ của trục LGSP. Không đặt rejectUnauthorized: false hay NODE_TLS_REJECT_UNAUTHORIZED=0.',
  tlsHint: 'Liên hệ quản trị để cài chứng chỉ CA.',
};`,
    },
    {
      name: 'a docs string in a CLI help text',
      code: `program.option('--insecure', 'equivalent to strictSSL: false; never use against the LGSP gateway');`,
    },
    {
      name: 'an interface that types the option',
      code: `export interface LgspTlsOptions { rejectUnauthorized: boolean; ca?: Buffer; checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined }`,
    },
    {
      name: 'a literal type false in an interface is a type, not a setting',
      code: `interface InsecureOptions { rejectUnauthorized: false }`,
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED=1 keeps verification on',
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';`,
    },
    {
      name: 'reading NODE_TLS_REJECT_UNAUTHORIZED to warn about it',
      code: `if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
  logger.error('NODE_TLS_REJECT_UNAUTHORIZED=0: kết nối tới trục LGSP không được bảo vệ, dừng khởi động');
  process.exit(1);
}`,
    },
    {
      name: 'deleting the insecure setting a parent process left',
      code: `delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;`,
    },
    {
      name: 'NODE_EXTRA_CA_CERTS is the fix, not a finding',
      code: `spawn('node', ['dist/sync-dancu.js'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/lgsp-ca.pem' } });`,
    },
    {
      name: 'a child process environment that keeps verification on',
      code: `spawn('node', ['worker.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '1' } });`,
    },
    {
      name: 'an HTTPS server that makes client certificates optional (server side, requestCert)',
      code: `import https from 'https';
https.createServer({ key, cert, ca: clientCa, requestCert: true, rejectUnauthorized: false }, app).listen(8443);`,
    },
    {
      name: 'NestJS httpsOptions with optional mutual TLS (server side)',
      code: `const app = await NestFactory.create(AppModule, { httpsOptions: { key, cert, requestCert: true, rejectUnauthorized: false } });`,
    },
    {
      name: 'tls.createServer options are about client certificates',
      code: `import tls from 'tls';
const server = tls.createServer({ key, cert, rejectUnauthorized: false }, onSocket);`,
    },
    {
      name: 'a checkServerIdentity that pins the gateway certificate',
      code: `import tls from 'tls';
const agent = new https.Agent({
  ca: lgspCa,
  checkServerIdentity: (host, cert) => {
    const err = tls.checkServerIdentity(host, cert);
    if (err) return err;
    if (cert.fingerprint256 !== LGSP_FINGERPRINT) return new Error('Chứng chỉ trục LGSP không khớp');
    return undefined;
  },
});`,
    },
    {
      name: 'a checkServerIdentity that delegates to tls.checkServerIdentity',
      code: `const agent = new https.Agent({ ca: lgspCa, checkServerIdentity: (host, cert) => tls.checkServerIdentity('lgsp.tayninh.gov.vn', cert) });`,
    },
    {
      name: 'a checkServerIdentity that throws on a mismatch',
      code: `const opts = { checkServerIdentity(host: string, cert: PeerCertificate) { if (!cert.subject.CN.endsWith('.gov.vn')) throw new Error('sai máy chủ'); } };`,
    },
    {
      name: 'a bare property name rejectUnauthorized without a value of false',
      code: `const { rejectUnauthorized } = agent.options; logger.info({ rejectUnauthorized }, 'cấu hình TLS');`,
    },
    {
      name: 'rejectUnauthorized read in a condition',
      code: `if (agent.options.rejectUnauthorized === false) throw new Error('TLS verification must stay on for LGSP');`,
    },
    {
      name: 'got with an explicit CA for the gateway',
      code: `import got from 'got';
export const dancu = got.extend({ prefixUrl: '${DANCU}', https: { certificateAuthority: lgspCa, rejectUnauthorized: true } });`,
    },
    {
      name: 'undici Agent with the gateway CA',
      code: `import { Agent, request } from 'undici';
const dispatcher = new Agent({ connect: { ca: lgspCa } });
export const traCuu = (soDinhDanh: string) => request('${DANCU}/CungCapThongTinCongDan', { method: 'POST', body: JSON.stringify({ soDinhDanh }), dispatcher });`,
    },
    {
      name: 'node-soap with the gateway CA in wsdl_options',
      code: `import * as soap from 'soap';
const client = await soap.createClientAsync('${DANCU}/CungCapThongTinCongDan?wsdl', { wsdl_options: { ca: lgspCa } });`,
    },
    {
      name: 'a boolean named after the option but not an option (a feature flag object for the UI)',
      code: `const columns = [{ key: 'strictSSLEnabled', title: 'Kiểm tra SSL', value: false }];`,
    },
    {
      name: 'another option set to false next to verification (secureOptions, keepAlive)',
      code: `const agent = new https.Agent({ keepAlive: false, ca: lgspCa, honorCipherOrder: false });`,
    },
    {
      name: 'a NestJS service field with the gateway CA',
      code: `@Injectable()
export class DanCuService {
  private readonly lgspAgent = new https.Agent({ ca: readFileSync(process.env.LGSP_CA_FILE!) });
  constructor(private readonly http: HttpService) {}
  traCuu(soDinhDanh: string) { return this.http.post('${DANCU}/CungCapThongTinCongDan', { soDinhDanh }, { httpsAgent: this.lgspAgent }); }
}`,
    },
    {
      name: 'an Angular/React form state named after the option is not an agent option (string value)',
      code: `const [form, setForm] = useState({ strictSSL: 'mac-dinh', rejectUnauthorized: 'theo-cau-hinh' });`,
    },
    {
      name: 'insecureHTTPParser is out of scope (HTTP parsing, not certificates)',
      code: `http.request({ host: 'lgsp.tayninh.gov.vn', insecureHTTPParser: true });`,
    },
  ],
  invalid: [
    {
      name: 'https.Agent with rejectUnauthorized: false, not visibly for the population DB',
      code: `import https from 'https';
export const insecureAgent = new https.Agent({ rejectUnauthorized: false });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 48 }],
    },
    {
      name: 'undici Agent imported by name',
      code: `import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ connect: { rejectUnauthorized: false } }));`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 44 }],
    },
    {
      name: 'axios request to the population DB with an inline insecure agent',
      code: `import axios from 'axios';
import https from 'https';
export async function traCuuCongDan(soDinhDanh: string) {
  const { data } = await axios.post('${DANCU}/CungCapThongTinCongDan', { soDinhDanh }, {
    httpsAgent: new https.Agent({ rejectUnauthorized: false }),
  });
  return data;
}`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 5, column: 35 }],
    },
    {
      name: 'an agent constant later passed to a population-DB request in the same file',
      code: `import axios from 'axios';
import https from 'https';
const lgspAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
export const xacThuc = (soDinhDanh: string) =>
  axios.post('${DANCU}/XacThucThongTinCongDan', { soDinhDanh }, { httpsAgent: lgspAgent });`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 3, column: 54 }],
    },
    {
      name: 'an axios instance whose baseURL is the population DB',
      code: `import axios from 'axios';
import { Agent } from 'https';
export const dancuApi = axios.create({
  baseURL: '${DANCU}',
  timeout: 15000,
  httpsAgent: new Agent({ rejectUnauthorized: false }),
});`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 6, column: 27 }],
    },
    {
      name: 'NestJS HttpModule.register with the population-DB base URL',
      code: `@Module({
  imports: [HttpModule.register({ baseURL: '${DANCU}', httpsAgent: new https.Agent({ rejectUnauthorized: false }) })],
  providers: [DanCuService],
})
export class DanCuModule {}`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 2, column: 114 }],
    },
    {
      name: 'an insecure agent on an axios request to another LGSP service (civil status): reported, plain message',
      code: `import axios from 'axios';
import https from 'https';
export const layHoTich = (maHoSo: string) =>
  axios.get(\`https://lgsp.tayninh.gov.vn/hotich/v1/ho-so/\${maHoSo}\`, { httpsAgent: new https.Agent({ rejectUnauthorized: false }) });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 4, column: 102 }],
    },
    {
      name: 'got with https.rejectUnauthorized false on a population-DB request',
      code: `import got from 'got';
export const traCuu = (soDinhDanh: string) =>
  got.post('${DANCU}/CungCapThongTinCongDan', { json: { soDinhDanh }, https: { rejectUnauthorized: false } }).json();`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 3, column: 108 }],
    },
    {
      name: 'got.extend with the population-DB prefixUrl',
      code: `import got from 'got';
export const dancu = got.extend({ prefixUrl: '${DANCU}', https: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 2, column: 95 }],
    },
    {
      name: 'node https.request to the population-DB host and path',
      code: `import https from 'node:https';
const req = https.request({ hostname: 'lgsp.tayninh.gov.vn', path: '/dancu/v1/CungCapThongTinCongDan', method: 'POST', rejectUnauthorized: false }, onResponse);`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 2, column: 120 }],
    },
    {
      name: 'undici request with an insecure dispatcher to the population DB',
      code: `import { Agent, request } from 'undici';
const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
export const traCuu = (soDinhDanh: string) => request('${DANCU}/CungCapThongTinCongDan', { method: 'POST', body: JSON.stringify({ soDinhDanh }), dispatcher });`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 2, column: 43 }],
    },
    {
      name: 'tls.connect with rejectUnauthorized false',
      code: `import tls from 'tls';
const socket = tls.connect({ host: 'lgsp.tayninh.gov.vn', port: 443, servername: 'lgsp.tayninh.gov.vn', rejectUnauthorized: false });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 105 }],
    },
    {
      name: 'node-soap wsdl_options on the population-DB WSDL',
      code: `import * as soap from 'soap';
export const client = await soap.createClientAsync('${DANCU}/CungCapThongTinCongDan?wsdl', {
  wsdl_options: { rejectUnauthorized: false },
});`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 3, column: 19 }],
    },
    {
      name: 'node-soap strictSSL: false in wsdl_options',
      code: `import * as soap from 'soap';
const client = await soap.createClientAsync(process.env.HOTICH_WSDL!, { wsdl_options: { strictSSL: false } });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 89 }],
    },
    {
      name: 'ClientSSLSecurity defaults on a population-DB SOAP client',
      code: `import * as soap from 'soap';
const client = await soap.createClientAsync('${DANCU}/XacMinhThongTinNhanThan?wsdl');
client.setSecurity(new soap.ClientSSLSecurity(keyPem, certPem, { rejectUnauthorized: false }));`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 3, column: 66 }],
    },
    {
      name: 'request library strictSSL: false',
      code: `const request = require('request');
request.post({ url: 'https://lgsp.tayninh.gov.vn/hotich/v1/token', form, strictSSL: false }, callback);`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 74 }],
    },
    {
      name: 'request library to the population DB (URL next to the option)',
      code: `const request = require('request');
request.post({ url: '${DANCU}/CungCapThongTinCongDan', json: body, strictSSL: false }, callback);`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 2, column: 96 }],
    },
    {
      name: 'a const false passed by shorthand',
      code: `const rejectUnauthorized = false;
export const agent = new https.Agent({ rejectUnauthorized });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 40 }],
    },
    {
      name: 'a named constant false',
      code: `const VERIFY_LGSP_CERT = false;
export const agent = new https.Agent({ ca: lgspCa, rejectUnauthorized: VERIFY_LGSP_CERT });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 52 }],
    },
    {
      name: 'an insecure branch of a conditional is still literal',
      code: `const agent = new https.Agent(isDev ? { rejectUnauthorized: false } : { ca: lgspCa });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 1, column: 41 }],
    },
    {
      name: 'pg ssl options (the citizen-data copy in the application database)',
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 83 }],
    },
    {
      name: 'nodemailer tls options',
      code: `const transporter = nodemailer.createTransport({ host: 'mail.tayninh.gov.vn', port: 587, tls: { rejectUnauthorized: false } });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 1, column: 97 }],
    },
    {
      name: 'an option changed on an existing agent',
      code: `lgspAgent.options.rejectUnauthorized = false;`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 1, column: 1 }],
    },
    {
      name: 'https.globalAgent changed for the whole process',
      code: `import https from 'https';
https.globalAgent.options.rejectUnauthorized = false;`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 2, column: 1 }],
    },
    {
      name: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = \'0\' at bootstrap',
      code: `import { NestFactory } from '@nestjs/core';
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // trục LGSP dùng chứng chỉ tự ký
async function bootstrap() { const app = await NestFactory.create(AppModule); await app.listen(3000); }`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 2, column: 1 }],
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED = 0 as a number',
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0 as any;`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 1, column: 1 }],
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED set with bracket access inside a function',
      code: `export function allowSelfSigned() {
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
}`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 2, column: 3 }],
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED=0 in a child process environment',
      code: `spawn('node', ['dist/dong-bo-dan-cu.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 1, column: 68 }],
    },
    {
      name: 'a no-op checkServerIdentity arrow',
      code: `export const agent = new https.Agent({ ca: lgspCa, checkServerIdentity: () => undefined });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 1, column: 52 }],
    },
    {
      name: 'a checkServerIdentity with an empty body on a population-DB request',
      code: `import axios from 'axios';
import https from 'https';
export const traCuu = (soDinhDanh: string) =>
  axios.post('${DANCU}/CungCapThongTinCongDan', { soDinhDanh }, { httpsAgent: new https.Agent({ ca: lgspCa, checkServerIdentity: () => {} }) });`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 4, column: 137 }],
    },
    {
      name: 'a checkServerIdentity function declared apart that returns undefined',
      code: `function skipHostnameCheck(host: string, cert: PeerCertificate) { return undefined; }
const socket = tls.connect({ host: gatewayHost, port: 443, ca: lgspCa, checkServerIdentity: skipHostnameCheck });`,
      errors: [{ messageId: 'tlsVerificationDisabled', line: 2, column: 72 }],
    },
    {
      name: 'a NestJS service field used as httpsAgent of a population-DB request',
      code: `import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import * as https from 'https';
@Injectable()
export class DanCuService {
  private readonly lgspAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
  constructor(private readonly http: HttpService) {}
  async traCuu(soDinhDanh: string) {
    const { data } = await firstValueFrom(this.http.post('${DANCU}/CungCapThongTinCongDan', { soDinhDanh }, { httpsAgent: this.lgspAgent }));
    return data;
  }
}`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 6, column: 67 }],
    },
    {
      name: 'an agent passed through a project wrapper that queries the population DB',
      code: `import axios from 'axios';
import https from 'https';
async function goiDanCu(op: string, body: unknown, agent?: https.Agent) {
  return axios.post(\`${DANCU}/\${op}\`, body, { httpsAgent: agent });
}
export const xacMinh = (soDinhDanh: string) => goiDanCu('XacMinhThongTinNhanThan', { soDinhDanh }, new https.Agent({ rejectUnauthorized: false }));`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 6, column: 118 }],
    },
    {
      name: 'Object.assign on process.env',
      code: `Object.assign(process.env, { NODE_TLS_REJECT_UNAUTHORIZED: '0', TZ: 'Asia/Ho_Chi_Minh' });`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 1, column: 30 }],
    },
    {
      name: 'two insecure settings in one NestJS service, each reported',
      code: `@Injectable()
export class DanCuService {
  private readonly agent = new https.Agent({ rejectUnauthorized: false });
  constructor(private readonly http: HttpService) {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  }
}`,
      errors: [
        { messageId: 'tlsVerificationDisabled', line: 3, column: 46 },
        { messageId: 'processWideTlsVerificationDisabled', line: 5, column: 5 },
      ],
    },
  ],
});

describe('no-tls-verification-disabled in config files', () => {
  const invalid: ConfigInvalidCase[] = [
    {
      name: 'reports NODE_TLS_REJECT_UNAUTHORIZED=0 in .env',
      file: '.env',
      text: `DANCU_API_URL=${DANCU}\nNODE_TLS_REJECT_UNAUTHORIZED=0\n`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 2, column: 30 }],
    },
    {
      name: 'reports a quoted "0" in .env.production',
      file: '.env.production',
      text: `NODE_ENV=production\nNODE_TLS_REJECT_UNAUTHORIZED="0"\n`,
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 2, column: 31 }],
    },
    {
      name: 'reports a docker-compose environment list item',
      file: 'docker-compose.yml',
      text: 'services:\n  api:\n    image: motcua/api\n    environment:\n      - NODE_ENV=production\n      - NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 6, column: 9 }],
    },
    {
      name: 'reports a docker-compose environment map',
      file: 'docker-compose.yaml',
      text: 'services:\n  api:\n    environment:\n      NODE_TLS_REJECT_UNAUTHORIZED: "0"\n',
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 4, column: 38 }],
    },
    {
      name: 'reports a Kubernetes env entry named by its sibling',
      file: 'deploy/api.yaml',
      text: 'spec:\n  containers:\n    - name: api\n      env:\n        - name: NODE_TLS_REJECT_UNAUTHORIZED\n          value: "0"\n',
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 6, column: 19 }],
    },
    {
      name: 'reports the variable in a package.json start script',
      file: 'package.json',
      text: '{\n  "scripts": {\n    "start:prod": "cross-env NODE_ENV=production NODE_TLS_REJECT_UNAUTHORIZED=0 node dist/main.js"\n  }\n}\n',
      errors: [{ messageId: 'processWideTlsVerificationDisabled', line: 3, column: 50 }],
    },
    {
      name: 'reports rejectUnauthorized: false next to the population-DB URL in JSON config',
      file: 'config/production.json',
      text: `{\n  "lgsp": {\n    "baseUrl": "${DANCU}",\n    "https": { "rejectUnauthorized": false }\n  }\n}\n`,
      errors: [{ messageId: 'tlsVerificationDisabledForPopulationDb', line: 4, column: 38 }],
    },
    {
      name: 'reports strictSSL: false in YAML config of another service',
      file: 'config/default.yaml',
      text: 'hoTich:\n  wsdl: https://lgsp.tayninh.gov.vn/hotich/v1/Service?wsdl\n  strictSSL: false\n',
      errors: [{ messageId: 'tlsVerificationDisabled', line: 3, column: 14 }],
    },
  ];

  const valid: ConfigValidCase[] = [
    { name: 'accepts NODE_TLS_REJECT_UNAUTHORIZED=1 and NODE_EXTRA_CA_CERTS', file: '.env', text: 'NODE_TLS_REJECT_UNAUTHORIZED=1\nNODE_EXTRA_CA_CERTS=/etc/ssl/lgsp-ca.pem\n' },
    { name: 'accepts a commented-out insecure line in .env.example', file: '.env.example', text: '# NODE_TLS_REJECT_UNAUTHORIZED=0  <- không dùng, hãy đặt NODE_EXTRA_CA_CERTS\nNODE_EXTRA_CA_CERTS=\n' },
    { name: 'accepts rejectUnauthorized: true in JSON config', file: 'config/production.json', text: `{ "lgsp": { "baseUrl": "${DANCU}", "https": { "rejectUnauthorized": true, "ca": "/etc/ssl/lgsp-ca.pem" } } }` },
    { name: 'accepts a translation file that mentions the variable', file: 'src/locales/vi.json', text: '{ "tls": { "canhBao": "Không đặt NODE_TLS_REJECT_UNAUTHORIZED=0 trên máy chủ" } }' },
    { name: 'accepts a README-like description in package.json', file: 'package.json', text: '{ "description": "Đồng bộ dân cư; không chạy với NODE_TLS_REJECT_UNAUTHORIZED=0" }' },
    { name: 'accepts a Kubernetes env value 0 of another variable', file: 'deploy/api.yaml', text: 'env:\n  - name: RETRY_COUNT\n    value: "0"\n  - name: NODE_TLS_REJECT_UNAUTHORIZED\n    value: "1"\n' },
  ];
  runConfigCases(RULE_ID, { valid, invalid });
});

describe('no-tls-verification-disabled policy', () => {
  it('skips files the policy allows (credentials.allowInFiles): test fixtures talk to local mocks', async () => {
    const linter = createFileLinter('version: 1\ncredentials:\n  allowInFiles: ["test/**"]\n');
    const code = `import https from 'https';\nexport const mockAgent = new https.Agent({ rejectUnauthorized: false });\n`;
    expect(await linter.lint('test/lgsp-mock.ts', code, RULE_ID)).toEqual([]);
    expect(await linter.lint('test/.env.test', 'NODE_TLS_REJECT_UNAUTHORIZED=0\n', RULE_ID)).toEqual([]);
    expect(await linter.lint('src/lgsp.ts', code, RULE_ID)).toHaveLength(1);
  });

  it('recognizes a population-DB endpoint the policy adds and names it in the message', async () => {
    const linter = createFileLinter('version: 1\npopulationDb:\n  endpointPatterns: ["*://api.congdan.tayninh.gov.vn/*"]\n');
    const code = `import axios from 'axios';\nimport https from 'https';\nexport const api = axios.create({ baseURL: 'https://api.congdan.tayninh.gov.vn/v2', httpsAgent: new https.Agent({ rejectUnauthorized: false }) });\n`;
    const [f] = await linter.lint('src/congdan.ts', code, RULE_ID);
    expect(f.messageId).toBe('tlsVerificationDisabledForPopulationDb');
    expect(f.message).toContain('https://api.congdan.tayninh.gov.vn/v2');
    expect(f.message).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('keeps the population-DB finding an error when the rule is configured as a warning', async () => {
    const linter = createFileLinter('version: 1\nrules:\n  popdb/no-tls-verification-disabled: warn\n');
    const code = `import axios from 'axios';\nimport https from 'https';\nconst a = new https.Agent({ rejectUnauthorized: false });\nexport const api = axios.create({ baseURL: '${DANCU}', httpsAgent: new https.Agent({ rejectUnauthorized: false }) });\n`;
    const findings = await linter.lint('src/dancu.ts', code, RULE_ID);
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([
      ['tlsVerificationDisabled', 'warning'],
      ['tlsVerificationDisabledForPopulationDb', 'error'],
    ]);
  });
});

describeRuleReadme(__dirname, definition);
