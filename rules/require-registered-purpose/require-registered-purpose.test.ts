import * as path from 'node:path';
import plugin = require('eslint-plugin-popdb');
import { FIXTURES, createRuleTester, projectFile } from '../../test/rule-tester';

const rule = plugin.rules['require-registered-purpose'];
const project = path.join(FIXTURES, 'purpose-project');
const ruleTester = createRuleTester(path.join(project, 'popdb-policy.yaml'));
/** A file of the multi-file fixture project that is not on disk: its imports resolve to the fixture's files. */
const inProject = (rel = 'src/routes/case.ts') => path.join(project, rel);
const fromDisk = projectFile('purpose-project');
const URL = 'https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan';

ruleTester.run('require-registered-purpose', rule, {
  valid: [
    {
      name: 'a purpose from an enum whose members are all registered (the enum in another file)',
      filename: inProject(),
      code: `import axios from 'axios';
import { MucDich } from '../config/muc-dich';
export const traCuu = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: MucDich.TiepNhanHoSo });`,
    },
    {
      name: 'a const-object member passed to a wrapper in another file that sends its parameter',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { MUC_DICH } from '../config/muc-dich';
export const tiepNhan = (so: string) => traCuuCongDan(so, MUC_DICH.TIEP_NHAN);`,
    },
    {
      name: 'the procedure code of a loaded case record (hoSo.maThuTuc), through a wrapper in another file',
      ...fromDisk('src/services/ho-so.service.ts'),
    },
    {
      name: 'a request parameter checked against the registered list before the lookup',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
import { MUC_DICH_DA_DANG_KY } from '../config/muc-dich';
export const router = Router();
router.post('/tra-cuu', async (req, res) => {
  if (!MUC_DICH_DA_DANG_KY.includes(req.body.maDVC)) {
    res.status(400).json({ loi: 'mục đích chưa đăng ký' });
    return;
  }
  res.json(await traCuuCongDan(req.body.soDinhDanh, req.body.maDVC));
});`,
    },
    {
      name: 'a destructured request parameter checked with a helper and an early return',
      filename: inProject(),
      code: `import { Router } from 'express';
import axios from 'axios';
import { laMucDichDaDangKy } from '../config/kiem-tra';
export const router = Router();
router.post('/tra-cuu', async (req, res) => {
  const { soDinhDanh, maDVC } = req.body;
  if (!laMucDichDaDangKy(maDVC)) return res.status(400).end();
  res.json(await axios.post('${URL}', { SoDinhDanh: soDinhDanh, MaDVC: maDVC }));
});`,
    },
    {
      name: 'the purpose in a header (X-MaDVC): names compared ignoring case, dashes and the x- prefix',
      filename: inProject(),
      code: `import axios from 'axios';
import { MucDich } from '../config/muc-dich';
export const traCuu = (so: string) => axios.get('${URL}', { params: { soDinhDanh: so }, headers: { 'X-Ma-DVC': MucDich.XacThucCongDan } });`,
    },
    {
      name: 'a body built by a function in another file, the purpose passed to it',
      filename: inProject(),
      code: `import { dancuApi } from '../clients/dancu-api';
import { taoYeuCau } from '../clients/yeu-cau';
import { MucDich } from '../config/muc-dich';
export async function traCuu(so: string) {
  const body = taoYeuCau(so, MucDich.TiepNhanHoSo);
  return dancuApi.post('/CungCapThongTinCongDan', body);
}`,
    },
    {
      name: 'a body constant in another file, spread into the request',
      filename: inProject(),
      code: `import { dancuApi } from '../clients/dancu-api';
import { YEU_CAU_CO_MUC_DICH } from '../clients/yeu-cau';
export const traCuu = (so: string) => dancuApi.post('/CungCapThongTinCongDan', { ...YEU_CAU_CO_MUC_DICH, SoDinhDanh: so });`,
    },
    {
      name: 'the purpose in the query string of the URL and in axios params',
      filename: inProject(),
      code: `import axios from 'axios';
import { MUC_DICH } from '../config/muc-dich';
export const a = (so: string) => axios.get(\`${URL}?soDinhDanh=\${so}&maDVC=tiep-nhan-ho-so\`);
export const b = (so: string) => axios.get('${URL}', { params: { soDinhDanh: so, maDVC: MUC_DICH.XAC_THUC } });`,
    },
    {
      name: 'URLSearchParams filled with append, sent by fetch',
      filename: inProject(),
      code: `export async function traCuu(so: string) {
  const form = new URLSearchParams();
  form.append('SoDinhDanh', so);
  form.append('MaDVC', 'xac-thuc-cong-dan');
  return fetch('${URL}', { method: 'POST', body: form });
}`,
    },
    {
      name: 'a body object filled field by field',
      filename: inProject(),
      code: `import axios from 'axios';
export async function traCuu(so: string) {
  const body: Record<string, string> = {};
  body.SoDinhDanh = so;
  body.MaDVC = 'tiep-nhan-ho-so';
  return axios.post('${URL}', body);
}`,
    },
    {
      name: 'a parameter typed with an enum whose members are all registered',
      filename: inProject(),
      code: `import axios from 'axios';
import { MucDich } from '../config/muc-dich';
export const traCuu = (so: string, mucDich: MucDich) => axios.post('${URL}', { SoDinhDanh: so, mucDich });`,
    },
    {
      name: 'a parameter typed with a union of registered literals (imported alias)',
      filename: inProject(),
      code: `import axios from 'axios';
import type { MucDichDangKy } from '../config/muc-dich';
export const traCuu = (so: string, mucDich: MucDichDangKy) => axios.post('${URL}', { SoDinhDanh: so, mucDichKhaiThac: mucDich });`,
    },
    {
      name: 'the purpose as a property of an options object, destructured by the wrapper or read from it',
      filename: inProject(),
      code: `import { traCuuTheoYeuCau, traCuuTuyChon } from '../clients/dancu-api';
import { MucDich } from '../config/muc-dich';
export const a = (so: string) => traCuuTheoYeuCau({ soDinhDanh: so, maDVC: MucDich.TiepNhanHoSo });
export const b = (so: string) => traCuuTuyChon(so, { maDVC: MucDich.XacThucCongDan, lyDo: 'đối chiếu hồ sơ' });`,
    },
    {
      name: 'a whole request object passed by the caller, with its purpose',
      filename: inProject(),
      code: `import { xacThuc } from '../clients/dancu-api';
import { MucDich } from '../config/muc-dich';
export const kiemTra = (so: string) => xacThuc({ SoDinhDanh: so, MaDVC: MucDich.XacThucCongDan });`,
    },
    {
      name: 'a policy client call given the purpose of the case in an object',
      filename: inProject(),
      code: `declare const dancuSdk: { traCuu(o: object): Promise<unknown> };
export const traCuu = (hoSo: { soDinhDanh: string; maDVC: string }) => dancuSdk.traCuu({ soDinhDanh: hoSo.soDinhDanh, maDVC: hoSo.maDVC });`,
    },
    {
      name: 'a field the policy adds (purpose.fields: maMucDich)',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('${URL}', { soDinhDanh: so, maMucDich: 'tiep-nhan-ho-so' });`,
    },
    {
      name: 'a body the analysis cannot see (a call result) is not reported',
      filename: inProject(),
      code: `import axios from 'axios';
declare function docYeuCauTuHangDoi(): Record<string, string>;
export const traCuu = () => axios.post('${URL}', docYeuCauTuHangDoi());`,
    },
    {
      name: 'a token request at a population-DB endpoint looks nobody up',
      filename: inProject(),
      code: `import axios from 'axios';
export const layToken = (key: string, secret: string) => axios.post('https://lgsp.danang.gov.vn/dancu/v1/token', { AccessKey: key, SecretKey: secret });`,
    },
    {
      name: 'a purpose set at deployment (an env var no .env file of the project gives a value)',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: process.env.MA_DVC_TRIEN_KHAI });`,
    },
    {
      name: 'a request that is not to the population DB',
      filename: inProject(),
      code: `import axios from 'axios';
export const thue = (mst: string) => axios.post('https://thuedientu.gdt.gov.vn/api/tra-cuu', { mst });`,
    },
    {
      name: 'health checks and a proxy probe of the portal (sending nothing) look nobody up: no purpose to state',
      ...fromDisk('src/health/kiem-tra-ket-noi.ts'),
    },
  ],
  invalid: [
    {
      name: 'check-shaped requests that send a citizen number (query parameters, a body) are lookups',
      ...fromDisk('src/health/gia-kiem-tra.ts'),
      errors: [
        { messageId: 'missingPurpose', line: 6, column: 34 },
        { messageId: 'missingPurpose', line: 7, column: 34 },
      ],
    },
    {
      name: 'a body without any purpose field',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaCanBo: 'cb-01' });`,
      errors: [{ messageId: 'missingPurpose', line: 2, column: 39 }],
    },
    {
      name: 'a literal purpose that is not registered',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: 'thu-tuc-la' });`,
      errors: [{ messageId: 'unregisteredPurpose', data: { purpose: '"thu-tuc-la"', query: 'axios.post', registered: '"tiep-nhan-ho-so", "xac-thuc-cong-dan"' } }],
    },
    {
      name: 'a near miss of a registered purpose: did you mean',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: 'tiep-nhan-hoso' });`,
      errors: [{ messageId: 'unregisteredPurposeNear', data: { purpose: '"tiep-nhan-hoso"', query: 'axios.post', suggestion: '"tiep-nhan-ho-so"' } }],
    },
    {
      // the same file's other wrappers take their purpose from the callers, the typed one from its enum: silent
      name: 'the wrapper that drops the purpose its callers give (reported once, in the wrapper)',
      ...fromDisk('src/clients/dancu-api.ts'),
      errors: [{ messageId: 'purposeDropped', line: 15, data: { param: 'maDVC', query: 'dancuApi.post' } }],
    },
    {
      name: 'an unregistered literal passed to a wrapper in another file: reported at the literal',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const traCuuNhanh = (so: string) => traCuuCongDan(so, 'tra-cuu-nhanh');`,
      errors: [{ messageId: 'unregisteredPurpose', line: 2, column: 62 }],
    },
    {
      name: 'an options object whose purpose property is missing, or unregistered',
      filename: inProject(),
      code: `import { traCuuTheoYeuCau, traCuuTuyChon } from '../clients/dancu-api';
export const a = (so: string) => traCuuTuyChon(so, { lyDo: 'kiểm tra' });
export const b = (so: string) => traCuuTheoYeuCau({ soDinhDanh: so, maDVC: 'tra-cuu-nhanh' });`,
      errors: [
        { messageId: 'missingPurpose', line: 2, column: 34 },
        { messageId: 'unregisteredPurpose', line: 3, column: 76 },
      ],
    },
    {
      name: 'a function that takes the purpose and calls the wrapper without it',
      filename: inProject(),
      code: `import { traCuuTuyChon } from '../clients/dancu-api';
export const traCuu = (so: string, maDVC: string) => traCuuTuyChon(so, { lyDo: maDVC ? 'có mục đích' : 'không' });`,
      errors: [{ messageId: 'purposeDropped', line: 2, data: { param: 'maDVC', query: 'traCuuTuyChon → dancuApi.post' } }],
    },
    {
      name: 'a wrapper call that does not pass the purpose',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
export const traCuu = (so: string) => (traCuuCongDan as (s: string) => Promise<unknown>)(so);`,
      errors: [{ messageId: 'missingPurpose', line: 2 }],
    },
    {
      name: 'a request parameter used as the purpose without a check',
      filename: inProject(),
      code: `import { Router } from 'express';
import { traCuuCongDan } from '../clients/dancu-api';
export const router = Router();
router.post('/tra-cuu', async (req, res) => {
  res.json(await traCuuCongDan(req.body.soDinhDanh, req.body.maDVC));
});`,
      errors: [{ messageId: 'unverifiedPurpose', line: 5, data: { source: 'req.body.maDVC', query: 'traCuuCongDan → dancuApi.post' } }],
    },
    {
      name: 'an enum with one member never registered',
      filename: inProject(),
      code: `import { traCuuCongDan } from '../clients/dancu-api';
import { MucDichCu } from '../config/muc-dich';
export const traCuuNhanh = (so: string) => traCuuCongDan(so, MucDichCu.TraCuuNhanh);`,
      errors: [{ messageId: 'unregisteredPurpose', line: 3, data: { purpose: '"tra-cuu-nhanh"', query: 'traCuuCongDan → dancuApi.post', registered: '"tiep-nhan-ho-so", "xac-thuc-cong-dan"' } }],
    },
    {
      name: 'a body built in another file with an unregistered purpose',
      filename: inProject(),
      code: `import { dancuApi } from '../clients/dancu-api';
import { taoYeuCau } from '../clients/yeu-cau';
export const traCuu = (so: string) => dancuApi.post('/CungCapThongTinCongDan', taoYeuCau(so, 'kiem-tra-noi-bo'));`,
      errors: [{ messageId: 'unregisteredPurpose', line: 3, column: 94 }],
    },
    {
      name: 'a GET with only the citizen in its params',
      filename: inProject(),
      code: `import { dancuApi } from '../clients/dancu-api';
export const hoGiaDinh = (maHoKhau: string) => dancuApi.get('/CungCapThongTinHoGiaDinh', { params: { maHoKhau } });`,
      errors: [{ messageId: 'missingPurpose' }],
    },
    {
      // the other operation of the file sends MaDVC in its arguments object: silent
      name: 'a SOAP operation whose arguments carry no purpose',
      ...fromDisk('src/clients/soap-client.ts'),
      errors: [{ messageId: 'missingPurpose', line: 13 }],
    },
    {
      name: 'an unregistered purpose in a header',
      filename: inProject(),
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.get('${URL}', { params: { so }, headers: { 'x-madvc': 'thong-ke' } });`,
      errors: [{ messageId: 'unregisteredPurpose' }],
    },
    {
      name: 'a fetch with no body and no query string',
      filename: inProject(),
      code: `export const traCuu = (so: string) => fetch('${URL}/' + so);`,
      errors: [{ messageId: 'missingPurpose' }],
    },
    {
      name: 'an env var whose value in the project .env file is not a registered purpose',
      filename: inProject(),
      code: `import axios from 'axios';
export const dongBo = (so: string) => axios.post('${URL}', { SoDinhDanh: so, MaDVC: process.env.MA_DVC_DONG_BO });`,
      errors: [{ messageId: 'unregisteredPurpose', data: { purpose: '"dong-bo-dem"', query: 'axios.post', registered: '"tiep-nhan-ho-so", "xac-thuc-cong-dan"' } }],
    },
    {
      name: 'a policy client call given no purpose',
      filename: inProject(),
      code: `declare const dancuSdk: { traCuu(o: object): Promise<unknown> };
export const traCuu = (so: string) => dancuSdk.traCuu({ soDinhDanh: so });`,
      errors: [{ messageId: 'missingPurpose' }],
    },
  ],
});

// Without a policy (built-in defaults): no purpose is registered, so a fixed one is reported as such; a missing one as missing.
createRuleTester().run('require-registered-purpose (no policy: system.purposes empty)', rule, {
  valid: [
    {
      name: 'a purpose from the case being processed needs no registration to be accepted',
      filename: '/tmp/popdb-no-policy/src/a.ts',
      code: `import axios from 'axios';
export const traCuu = (hoSo: { so: string; maThuTuc: string }[]) => hoSo.map((h) => axios.post('https://lgsp.example.gov.vn/dancu/v1/tra-cuu', { so: h.so, maThuTuc: h.maThuTuc }));`,
    },
  ],
  invalid: [
    {
      name: 'a fixed purpose while the policy registers none',
      filename: '/tmp/popdb-no-policy/src/a.ts',
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('https://lgsp.example.gov.vn/dancu/v1/tra-cuu', { so, MaDVC: 'tiep-nhan-ho-so' });`,
      errors: [{ messageId: 'noPurposesRegistered', data: { purpose: '"tiep-nhan-ho-so"', query: 'axios.post' } }],
    },
    {
      name: 'no purpose at all',
      filename: '/tmp/popdb-no-policy/src/a.ts',
      code: `import axios from 'axios';
export const traCuu = (so: string) => axios.post('https://lgsp.example.gov.vn/dancu/v1/tra-cuu', { so });`,
      errors: [{ messageId: 'missingPurpose' }],
    },
  ],
});
