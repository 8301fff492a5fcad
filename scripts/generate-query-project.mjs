// Writes a synthetic multi-file project (default 2,000 source files) that
// exercises the query model: constants, an axios instance, wrappers two and
// three levels deep across files, NestJS-style services, jobs with loops.
// Usage: node scripts/generate-query-project.mjs <outDir> [files=2000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
const total = Number(process.argv[3] ?? 2000);
if (!out) {
  console.error('usage: node scripts/generate-query-project.mjs <outDir> [files]');
  process.exit(2);
}
const w = (rel, text) => {
  mkdirSync(join(out, rel, '..'), { recursive: true });
  writeFileSync(join(out, rel), text);
};
w('package.json', '{ "name": "generated", "private": true }\n');
w('popdb-policy.yaml', `version: 1
populationDb:
  registeredEndpoints: ["https://lgsp.danang.gov.vn/dancu/v1/"]
audit:
  functions: ["auditLog"]
  requiredFields: ["taiKhoan", "thoiGian", "noiDung", "diaChiIp"]
`);
w('src/config.ts', "export const BASE = 'https://lgsp.danang.gov.vn/dancu/v1';\n");
w('src/audit.ts', 'export async function auditLog(e: object) { console.log(e); }\n');
w('src/client.ts', "import axios from 'axios';\nimport { BASE } from './config';\nexport const api = axios.create({ baseURL: BASE });\n");
const groups = Math.max(1, Math.floor((total - 3) / 4));
for (let g = 0; g < groups; g++) {
  w(`src/g${g}/wrapper.ts`, `import { api } from '../client';
export async function q${g}(so: string) {
  const { data } = await api.post('/CungCapThongTinCongDan', { so, g: ${g} });
  return data;
}
`);
  w(`src/g${g}/service.ts`, `import { q${g} } from './wrapper';
import { auditLog } from '../audit';
export class Service${g} {
  async lookup(so: string, tk: string, ip: string) {
    const r = await q${g}(so);
    await auditLog({ taiKhoan: tk, thoiGian: new Date(), noiDung: so, diaChiIp: ip });
    return r;
  }
}
`);
  w(`src/g${g}/job.ts`, `import { Service${g} } from './service';
const svc = new Service${g}();
export async function job${g}(ds: string[]) {
  for (const so of ds) await svc.lookup(so, 'batch', '127.0.0.1');
  return ds.slice(0, 10).map((so) => svc.lookup(so, 'batch', '127.0.0.1'));
}
`);
  w(`src/g${g}/util.ts`, `export function format${g}(xs: string[]) {
  return xs.map((x) => x.trim().padStart(12, '0')).filter(Boolean).join(',');
}
export const helper${g} = (n: number) => Array.from({ length: n }, (_, i) => i * ${g});
`);
}
console.log(`wrote ${3 + groups * 4} source files to ${out}`);
