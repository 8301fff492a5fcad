#!/usr/bin/env node
// Synthetic repository generator: realistic integration code of a provincial
// system that connects to the National Population Database (CSDLQG về dân cư)
// through its LGSP gateway. Used by `npm run bench` and by the language-server
// latency bench, so the API is small and stable:
//
//   import { generateRepo } from './scripts/bench/generate.mjs';
//   const repo = generateRepo('/tmp/repo', { files: 2000, seed: 1 });
//   // repo.files   — relative paths (forward slashes) of every file written, in write order
//   // repo.planted — the deliberate violations: { file, line, kind, ruleId }
//   // repo.byExtension — { '.ts': 812, '.env': 21, … }
//   // repo.province — the province slug whose gateway the policy registers
//
// CLI: node scripts/bench/generate.mjs --files 2000 --out DIR [--seed 1] [--manifest FILE]
//
// Guarantees: the same (files, seed) writes byte-identical files; exactly
// `files` files are written; every .ts/.tsx/.js/.jsx file parses and every
// .json/.yaml file is valid; with files >= 30 every extension in EXTENSIONS
// appears. About 3.5% of the generated (non-skeleton) files carry one planted
// violation; everything else is written to be clean under the generated
// popdb-policy.yaml, and deliberately contains the traps a naive checker
// flags (type="password" inputs, "Mật khẩu" labels, the XML namespace URLs,
// non-population-DB services on the same gateway, masked data sent to Zalo).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Every extension a repository of >= 30 files contains. */
export const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.json', '.yaml', '.yml', '.env'];

/** Share of generated files that carry one planted violation. */
export const VIOLATION_RATE = 0.035;

/** Violation kinds, with the popdb rule expected to report each. */
export const VIOLATION_RULES = {
  'hardcoded-password': 'popdb/no-hardcoded-credentials',
  'default-credential': 'popdb/no-default-credentials',
  'unregistered-endpoint': 'popdb/no-unregistered-endpoint',
  'unaudited-query': 'popdb/require-audit-log',
  'unbounded-loop': 'popdb/no-unbounded-query-loop',
  'citizen-to-messaging': 'popdb/no-citizen-data-to-messaging',
  'unregistered-purpose': 'popdb/require-registered-purpose',
  'unauthenticated-route': 'popdb/require-access-control',
};

// ---------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function createRng(seed) {
  const next = mulberry32(seed);
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    weighted: (entries) => {
      const total = entries.reduce((s, e) => s + e[1], 0);
      let r = next() * total;
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
    digits: (n) => Array.from({ length: n }, () => rng.int(0, 9)).join(''),
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join(''),
    strong: (n) => Array.from({ length: n }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789#!%'[rng.int(0, 59)]).join(''),
  };
  return rng;
}

// ---------------------------------------------------------------------------
// Domain vocabulary (../../shared/DOMAIN.md)

const PROVINCES = [
  'hanoi', 'haiphong', 'danang', 'cantho', 'dongthap', 'binhdinh', 'binhthuan', 'quangtri', 'haiduong',
  'longan', 'nghean', 'thanhhoa', 'quangninh', 'angiang', 'tayninh', 'khanhhoa', 'lamdong', 'bacninh',
];
const PROVINCE_NAMES = {
  hanoi: 'Hà Nội', haiphong: 'Hải Phòng', danang: 'Đà Nẵng', cantho: 'Cần Thơ', dongthap: 'Đồng Tháp', binhdinh: 'Bình Định',
  binhthuan: 'Bình Thuận', quangtri: 'Quảng Trị', haiduong: 'Hải Dương', longan: 'Long An', nghean: 'Nghệ An', thanhhoa: 'Thanh Hóa',
  quangninh: 'Quảng Ninh', angiang: 'An Giang', tayninh: 'Tây Ninh', khanhhoa: 'Khánh Hòa', lamdong: 'Lâm Đồng', bacninh: 'Bắc Ninh',
};
const MODULES = [
  'ho-tich', 'cu-tru', 'dat-dai', 'bao-tro-xa-hoi', 'giao-duc', 'y-te', 'lao-dong', 'tu-phap', 'tiep-nhan-ho-so',
  'mot-cua', 'dang-ky-kinh-doanh', 'xay-dung', 'giao-thong', 'thue', 'bhxh', 'can-bo',
];
const LOOKUP_OPS = ['CungCapThongTinCongDan', 'XacThucThongTinCongDan', 'TraCuuThongTinCongDan', 'XacMinhThongTinNhanThan', 'CungCapThongTinHoGiaDinh'];
/** Non-population-DB services carried by the same provincial gateway. */
const OTHER_SERVICES = [
  { constName: 'THUE_BASE_URL', path: '/thue/v1', op: 'TraCuuMaSoThue', label: 'mã số thuế' },
  { constName: 'BHXH_BASE_URL', path: '/bhxh/v2', op: 'TraCuuQuaTrinhThamGia', label: 'quá trình tham gia BHXH' },
  { constName: 'DATDAI_BASE_URL', path: '/datdai/v1', op: 'TraCuuThuaDat', label: 'thửa đất' },
  { constName: 'DKKD_BASE_URL', path: '/dangkykinhdoanh/v1', op: 'TraCuuDoanhNghiep', label: 'doanh nghiệp' },
];
/** Public-service codes (MaDVC) the policy registers as the purposes of the system's lookups. */
const MA_DVC_CODES = ['1.001234', '1.004227', '2.000305', '2.001160'];
/** Application tables that hold dossiers and citizen references. */
const TABLES = ['ho_so', 'ho_so_bo_sung', 'yeu_cau_xac_thuc', 'cong_dan_tam', 'ket_qua_doi_chieu', 'ho_so_truc_tuyen'];
const WEAK = ['admin', '123456', 'P@ssw0rd', 'changeme', 'Admin@123', 'matkhau123', '12345678', 'Abc@123'];
const CITIZEN_SETS = [
  ['soDinhDanh', 'hoTen', 'ngaySinh'],
  ['soCCCD', 'hoVaTen', 'gioiTinh', 'noiThuongTru'],
  ['soDinhDanh', 'hoTen', 'queQuan'],
  ['cmndCccd', 'hoTen', 'ngayCap', 'noiCap'],
];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (s) => cap(camel(s));
const constCase = (s) => s.replace(/-/g, '_').toUpperCase();

// ---------------------------------------------------------------------------
// File builders. Each returns { text, violation?: { kind, needle } }; the
// needle is a unique substring of the planted line, turned into a line number
// after the text is assembled.

/** Repeat `unit(i)` blocks between head and tail until the file is in its target size (30–400 lines). */
function fill(rng, head, unit, tail, target) {
  const lines = [...head];
  let i = 0;
  do {
    const block = unit(i++);
    // 396: callers append up to 4 lines (exports, a scheduler) after the fill.
    if (lines.length + block.length + tail.length > 396 && i > 1) break;
    lines.push('', ...block);
  } while (lines.length + tail.length < target);
  lines.push(...tail);
  return lines;
}

function targetLines(rng) {
  // Most integration files are 60–200 lines; a few are long controllers.
  return rng.weighted([[rng.int(30, 60), 3], [rng.int(60, 200), 6], [rng.int(200, 380), 2]]);
}

function httpCall(rng, client, urlExpr, bodyExpr, ts) {
  switch (client) {
    case 'fetch':
      return [
        `const resp = await fetch(${urlExpr}, {`,
        `  method: 'POST',`,
        `  headers: { 'Content-Type': 'application/json', Authorization: \`Bearer \${await lgspToken()}\` },`,
        `  body: JSON.stringify(${bodyExpr}),`,
        `});`,
        `if (!resp.ok) throw new Error(\`LGSP trả về \${resp.status}\`);`,
        `const data${ts ? ': KetQuaTraCuu' : ''} = await resp.json();`,
      ];
    case 'got':
      return [
        `const data${ts ? ': KetQuaTraCuu' : ''} = await got.post(${urlExpr}, {`,
        `  json: ${bodyExpr},`,
        `  headers: { Authorization: \`Bearer \${await lgspToken()}\` },`,
        `  timeout: { request: TIMEOUT_MS },`,
        `}).json();`,
      ];
    default:
      return [
        `const { data } = await axios.post${ts ? '<KetQuaTraCuu>' : ''}(${urlExpr}, ${bodyExpr}, {`,
        `  headers: { Authorization: \`Bearer \${await lgspToken()}\` },`,
        `  timeout: TIMEOUT_MS,`,
        `});`,
      ];
  }
}

function clientImports(client, esm) {
  if (client === 'fetch') return [];
  return esm ? [`import ${client} from '${client}';`] : [`const ${client} = require('${client}');`];
}

function auditCall(account, op, idExpr, ipExpr) {
  return `await auditLog({ taiKhoan: ${account}, thoiGian: new Date().toISOString(), noiDung: \`${op} \${maskCccd(${idExpr})}\`, diaChiIp: ${ipExpr} });`;
}

function expressRouter(ctx) {
  const { rng, ts, mod, violation, imp } = ctx;
  const client = rng.pick(['axios', 'axios', 'fetch', 'got']);
  const esm = ts || rng.chance(0.3);
  const head = [
    `// Tuyến API phân hệ ${mod}: tra cứu, xác thực thông tin công dân qua LGSP và quản lý hồ sơ.`,
    ...(esm
      ? [
          `import { Router${ts ? ', type Request, type Response, type NextFunction' : ''} } from 'express';`,
          `import { randomUUID } from 'node:crypto';`,
          ...clientImports(client, true),
          `import { DANCU_BASE_URL, THUE_BASE_URL } from '${imp('src/shared/endpoints')}';`,
          `import { auditLog } from '${imp('src/shared/audit')}';`,
          `import { maskCccd } from '${imp('src/shared/mask')}';`,
          `import { lgspToken, TIMEOUT_MS } from '${imp('src/shared/lgsp-client')}';`,
          `import { isValidCccd } from '${imp('src/shared/cccd')}';`,
          `import { requireLogin, requireRole, gioiHanTruyVan } from '${imp('src/shared/http-guards')}';`,
          ...ctx.constImport(true),
          ...(ts ? [`import type { KetQuaTraCuu } from '${imp('src/shared/types')}';`] : []),
        ]
      : [
          `const { Router } = require('express');`,
          `const { randomUUID } = require('node:crypto');`,
          ...clientImports(client, false),
          `const { DANCU_BASE_URL, THUE_BASE_URL } = require('${imp('src/shared/endpoints')}');`,
          `const { auditLog } = require('${imp('src/shared/audit')}');`,
          `const { maskCccd } = require('${imp('src/shared/mask')}');`,
          `const { lgspToken, TIMEOUT_MS } = require('${imp('src/shared/lgsp-client')}');`,
          `const { isValidCccd } = require('${imp('src/shared/cccd')}');`,
          `const { requireLogin, requireRole, gioiHanTruyVan } = require('${imp('src/shared/http-guards')}');`,
          ...ctx.constImport(false),
        ]),
    esm ? `import knex from '${imp('src/shared/db')}';` : `const knex = require('${imp('src/shared/db')}');`,
    '',
    `const router = Router();`,
    `// Mọi tuyến của phân hệ: cán bộ đã đăng nhập, đúng vai trò, trong hạn mức truy vấn.`,
    `router.use(requireLogin, requireRole('can-bo-${mod}'), gioiHanTruyVan);`,
    `const MA_DVC = '${rng.pick(MA_DVC_CODES)}';`,
  ];
  let violationNeedle;
  const sig = ts ? '(req: Request, res: Response, next: NextFunction)' : '(req, res, next)';
  const unit = (i) => {
    const plant = violation && i === 0;
    const shape = plant ? violation.kind : rng.pick(['lookup', 'lookup', 'list', 'other', 'update']);
    const route = `/${mod}/${rng.pick(['xac-thuc', 'tra-cuu', 'kiem-tra', 'doi-chieu'])}-${i + 1}`;
    const table = rng.pick(TABLES);
    if (shape === 'lookup' || shape === 'unaudited-query' || shape === 'unregistered-endpoint' || shape === 'unregistered-purpose' || shape === 'unauthenticated-route') {
      const viaConst = ctx.pathConst && shape === 'lookup' && rng.chance(0.5);
      const op = viaConst ? ctx.pathConst.op : rng.pick(LOOKUP_OPS);
      let url = viaConst ? `\`\${DANCU_BASE_URL}\${${ctx.pathConst.name}}\`` : `\`\${DANCU_BASE_URL}/${op}\``;
      if (shape === 'unregistered-endpoint') {
        url = `'https://lgsp.${ctx.otherProvince}.gov.vn/dancu/v1/${op}'`;
        violationNeedle = `lgsp.${ctx.otherProvince}.gov.vn/dancu/v1/${op}`;
      }
      // a purpose typed in by hand, not one of the registered MaDVC codes
      const maDvc = shape === 'unregistered-purpose' ? `'tra-cuu-nhanh'` : 'MA_DVC';
      const body = `{ MaYeuCau: randomUUID(), MaDVC: ${maDvc}, MaCanBo: req.user.maCanBo, SoDinhDanh: soDinhDanh, HoVaTen: hoTen }`;
      const call = httpCall(rng, client, url, body, ts);
      if (shape === 'unaudited-query') violationNeedle = call[0];
      if (shape === 'unregistered-purpose') violationNeedle = call[0];
      // a kiosk router of its own, mounted nowhere behind the login: anyone can look citizens up
      const receiver = shape === 'unauthenticated-route' ? 'kioskRouter' : 'router';
      if (shape === 'unauthenticated-route') violationNeedle = `${receiver}.post('${route}'`;
      return [
        ...(shape === 'unauthenticated-route' ? [`const ${receiver} = Router();`] : []),
        `${receiver}.post('${route}', async ${sig} => {`,
        `  try {`,
        `    const { soDinhDanh, hoTen } = req.body;`,
        `    if (!isValidCccd(soDinhDanh)) {`,
        `      return res.status(400).json({ message: 'Số định danh cá nhân không hợp lệ' });`,
        `    }`,
        ...call.map((l) => `    ${l}`),
        ...(shape === 'unaudited-query' ? [] : [`    ${auditCall('req.user.taiKhoan', op, 'soDinhDanh', 'req.ip')}`]),
        `    res.json({ hopLe: data.KetQua === 'TRUE', hoTen: data.HoVaTen, ngaySinh: data.NgayThangNamSinh?.NgayThangNam });`,
        `  } catch (err) {`,
        `    next(err);`,
        `  }`,
        `});`,
      ];
    }
    if (shape === 'default-credential') {
      const weak = rng.pick(WEAK);
      violationNeedle = `process.env.REPORT_DB_PASS || '${weak}'`;
      return [
        `// Kết nối riêng tới CSDL báo cáo (chỉ đọc).`,
        `const reportDb = knex.withConfig({`,
        `  host: process.env.REPORT_DB_HOST,`,
        `  user: process.env.REPORT_DB_USER || 'baocao',`,
        `  password: process.env.REPORT_DB_PASS || '${weak}',`,
        `});`,
        `router.get('${route}/bao-cao', async ${sig} => {`,
        `  const rows = await reportDb('ho_so').where({ phan_he: '${mod}' }).count('id as tong');`,
        `  res.json(rows[0]);`,
        `});`,
      ];
    }
    if (shape === 'citizen-to-messaging') {
      violationNeedle = `text: \`Hồ sơ mới: \${hoSo.hoTen}`;
      return [
        `router.post('${route}/thong-bao', async ${sig} => {`,
        `  const hoSo = await knex('ho_so').where({ id: req.body.hoSoId }).first();`,
        `  // Báo nhanh cho nhóm trực qua Telegram.`,
        `  await fetch(\`https://api.telegram.org/bot\${process.env.TELEGRAM_BOT_TOKEN}/sendMessage\`, {`,
        `    method: 'POST',`,
        `    headers: { 'Content-Type': 'application/json' },`,
        `    body: JSON.stringify({ chat_id: process.env.TELEGRAM_CHAT_ID, text: \`Hồ sơ mới: \${hoSo.hoTen} - \${hoSo.soDinhDanh}\` }),`,
        `  });`,
        `  res.status(204).end();`,
        `});`,
      ];
    }
    if (shape === 'other') {
      const call = httpCall(rng, client, `\`\${THUE_BASE_URL}/TraCuuMaSoThue\``, `{ MaSoThue: req.params.mst }`, ts);
      return [
        `// Dịch vụ thuế trên cùng cổng LGSP: không phải CSDLQG về dân cư.`,
        `router.get('${route}/thue/:mst', async ${sig} => {`,
        `  try {`,
        ...call.map((l) => `    ${l}`),
        `    res.json({ tenNguoiNopThue: data.TenNNT, trangThai: data.TrangThai });`,
        `  } catch (err) {`,
        `    next(err);`,
        `  }`,
        `});`,
      ];
    }
    if (shape === 'update') {
      return [
        `router.put('${route}/:id', async ${sig} => {`,
        `  const { trangThai, ghiChu } = req.body;`,
        `  const n = await knex('${table}').where({ id: req.params.id }).update({ trang_thai: trangThai, ghi_chu: ghiChu, nguoi_cap_nhat: req.user.taiKhoan });`,
        `  if (!n) return res.status(404).json({ message: 'Không tìm thấy hồ sơ' });`,
        `  res.json({ id: req.params.id, trangThai });`,
        `});`,
      ];
    }
    return [
      `router.get('${route}', async ${sig} => {`,
      `  const page = Math.max(1, Number(req.query.page) || 1);`,
      `  const rows = await knex('${table}')`,
      `    .where({ phan_he: '${mod}', don_vi: req.user.maDonVi })`,
      `    .orderBy('ngay_tiep_nhan', 'desc')`,
      `    .limit(${ctx.pageSizeExpr})`,
      `    .offset((page - 1) * ${ctx.pageSizeExpr});`,
      `  res.json(rows.map((r) => ({ id: r.id, maHoSo: r.ma_ho_so, hoTen: r.ho_ten, soDinhDanh: maskCccd(r.so_dinh_danh) })));`,
      `});`,
    ];
  };
  const tail = ['', esm ? 'export default router;' : 'module.exports = router;'];
  const text = fill(rng, head, unit, tail, targetLines(rng)).join('\n') + '\n';
  return { text, violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function nestService(ctx) {
  const { rng, mod, violation, imp } = ctx;
  const name = pascal(mod);
  const useHttpService = rng.chance(0.5);
  const head = [
    `import { Injectable, Logger, BadRequestException } from '@nestjs/common';`,
    useHttpService ? `import { HttpService } from '@nestjs/axios';` : `import axios from 'axios';`,
    ...(useHttpService ? [`import { firstValueFrom } from 'rxjs';`] : []),
    `import { randomUUID } from 'node:crypto';`,
    `import { DANCU_BASE_URL, BHXH_BASE_URL, MA_DVC_TRA_CUU } from '${imp('src/shared/endpoints')}';`,
    `import { auditLog, Audited } from '${imp('src/shared/audit')}';`,
    `import { maskCccd } from '${imp('src/shared/mask')}';`,
    `import { lgspToken, TIMEOUT_MS } from '${imp('src/shared/lgsp-client')}';`,
    `import type { KetQuaTraCuu, NguoiDung } from '${imp('src/shared/types')}';`,
    ...ctx.constImport(true),
    '',
    `/** Nghiệp vụ phân hệ ${mod}: đối chiếu thông tin công dân với CSDLQG về dân cư. */`,
    `@Injectable()`,
    `export class ${name}Service${ctx.n} {`,
    `  private readonly logger = new Logger(${name}Service${ctx.n}.name);`,
    '',
    `  constructor(${useHttpService ? 'private readonly http: HttpService' : ''}) {}`,
  ];
  let violationNeedle;
  const post = (url, body) =>
    useHttpService
      ? `const { data } = await firstValueFrom(this.http.post<KetQuaTraCuu>(${url}, ${body}, { headers: { Authorization: \`Bearer \${await lgspToken()}\` }, timeout: TIMEOUT_MS }));`
      : `const { data } = await axios.post<KetQuaTraCuu>(${url}, ${body}, { headers: { Authorization: \`Bearer \${await lgspToken()}\` }, timeout: TIMEOUT_MS });`;
  const unit = (i) => {
    const plant = violation && i === 0;
    const shape = plant ? violation.kind : rng.pick(['audited', 'audited', 'decorated', 'static-ops', 'other', 'helper']);
    const op = rng.pick(LOOKUP_OPS);
    const method = `${camel(op[0].toLowerCase() + op.slice(1))}${i + 1}`;
    if (shape === 'hardcoded-password') {
      const key = rng.hex(32);
      violationNeedle = `SecretKey: '${key}'`;
      return [
        `  // Token LGSP dựng sẵn cho môi trường thử nghiệm.`,
        `  private buildToken${i + 1}(): string {`,
        `    return Buffer.from(JSON.stringify({ AccessKey: '${rng.hex(16)}', SecretKey: '${key}', AppName: '${mod}', PartnerCode: '${constCase(mod)}' })).toString('base64');`,
        `  }`,
      ];
    }
    if (shape === 'audited' || shape === 'unaudited-query' || shape === 'unregistered-endpoint') {
      let url = `\`\${DANCU_BASE_URL}/${op}\``;
      if (shape === 'unregistered-endpoint') {
        url = `'https://dichvucong.dancuquocgia.gov.vn/api/v2/${op}'`;
        violationNeedle = `dichvucong.dancuquocgia.gov.vn/api/v2/${op}`;
      }
      const call = post(url, `{ MaYeuCau: randomUUID(), MaDVC: MA_DVC_TRA_CUU, MaCanBo: nguoiDung.maCanBo, SoDinhDanh: soDinhDanh }`);
      if (shape === 'unaudited-query') violationNeedle = call;
      return [
        `  async ${method}(soDinhDanh: string, nguoiDung: NguoiDung, diaChiIp: string): Promise<KetQuaTraCuu> {`,
        `    if (!/^\\d{12}$/.test(soDinhDanh)) throw new BadRequestException('Số định danh phải gồm 12 chữ số');`,
        `    ${call}`,
        ...(shape === 'unaudited-query' ? [] : [`    ${auditCall('nguoiDung.taiKhoan', op, 'soDinhDanh', 'diaChiIp')}`]),
        // The result (even KetQua) is citizen data: the log line carries only the masked ID.
        `    this.logger.log(\`${op} \${maskCccd(soDinhDanh)}\`);`,
        `    return data;`,
        `  }`,
      ];
    }
    if (shape === 'decorated') {
      return [
        `  // Interceptor @Audited ghi nhật ký tài khoản, thời gian, nội dung và IP cho mọi lần gọi.`,
        `  @Audited('${op}')`,
        `  async ${method}(soDinhDanh: string, nguoiDung: NguoiDung): Promise<KetQuaTraCuu> {`,
        `    ${post(`\`\${DANCU_BASE_URL}/${op}\``, `{ MaYeuCau: randomUUID(), MaDVC: MA_DVC_TRA_CUU, MaCanBo: nguoiDung.maCanBo, SoDinhDanh: soDinhDanh }`)}`,
        `    return data;`,
        `  }`,
      ];
    }
    if (shape === 'static-ops') {
      return [
        `  // Hai thao tác cố định cho một hồ sơ: vòng lặp có đúng 2 lượt, mỗi lượt đều ghi nhật ký.`,
        `  async doiChieuDayDu${i + 1}(soDinhDanh: string, nguoiDung: NguoiDung, diaChiIp: string): Promise<boolean> {`,
        `    for (const thaoTac of ['XacThucThongTinCongDan', 'CungCapThongTinCongDan'] as const) {`,
        `      ${post('`${DANCU_BASE_URL}/${thaoTac}`', '{ MaYeuCau: randomUUID(), MaDVC: MA_DVC_TRA_CUU, MaCanBo: nguoiDung.maCanBo, SoDinhDanh: soDinhDanh }')}`,
        `      await auditLog({ taiKhoan: nguoiDung.taiKhoan, thoiGian: new Date().toISOString(), noiDung: \`\${thaoTac} \${maskCccd(soDinhDanh)}\`, diaChiIp });`,
        `      if (data.KetQua !== 'TRUE') return false;`,
        `    }`,
        `    return true;`,
        `  }`,
      ];
    }
    if (shape === 'other') {
      return [
        `  // BHXH đi qua cùng cổng LGSP nhưng không phải CSDLQG về dân cư.`,
        `  async traCuuBhxh${i + 1}(maSoBhxh: string): Promise<{ trangThai: string }> {`,
        `    ${post('`${BHXH_BASE_URL}/TraCuuQuaTrinhThamGia`', '{ MaSoBHXH: maSoBhxh }')}`,
        `    return { trangThai: String(data.KetQua) };`,
        `  }`,
      ];
    }
    return [
      `  private chuanHoaHoTen${i + 1}(hoTen: string): string {`,
      `    return hoTen`,
      `      .normalize('NFC')`,
      `      .trim()`,
      `      .replace(/\\s+/g, ' ')`,
      `      .split(' ')`,
      `      .map((tu) => tu.charAt(0).toLocaleUpperCase('vi') + tu.slice(1).toLocaleLowerCase('vi'))`,
      `      .join(' ');`,
      `  }`,
    ];
  };
  const text = fill(rng, head, unit, ['}'], targetLines(rng)).join('\n') + '\n';
  return { text, violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function nestController(ctx) {
  const { rng, mod, imp } = ctx;
  const name = pascal(mod);
  const head = [
    `import { Body, Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';`,
    `import type { Request } from 'express';`,
    `import { ThrottlerGuard } from '@nestjs/throttler';`,
    `import { JwtAuthGuard, RolesGuard } from '${imp('src/shared/auth')}';`,
    `import { traCuuCongDan } from '${imp('src/shared/lgsp-client')}';`,
    `import { maskCccd } from '${imp('src/shared/mask')}';`,
    `import type { NguoiDung } from '${imp('src/shared/types')}';`,
    '',
    `class TraCuuDto {`,
    `  soDinhDanh!: string;`,
    `  lyDo!: string;`,
    `}`,
    '',
    `@Controller('${mod}')`,
    `@UseGuards(JwtAuthGuard, RolesGuard, ThrottlerGuard)`,
    `export class ${name}Controller${ctx.n} {`,
  ];
  const unit = (i) =>
    rng.chance(0.6)
      ? [
          `  // traCuuCongDan tự ghi nhật ký truy vấn (xem src/shared/lgsp-client).`,
          `  @Post('tra-cuu-${i + 1}')`,
          `  async traCuu${i + 1}(@Body() dto: TraCuuDto, @Req() req: Request & { user: NguoiDung }) {`,
          `    const ketQua = await traCuuCongDan(dto.soDinhDanh, { taiKhoan: req.user.taiKhoan, diaChiIp: req.ip ?? '', lyDo: dto.lyDo });`,
          `    return { soDinhDanh: maskCccd(dto.soDinhDanh), hopLe: ketQua.KetQua === 'TRUE' };`,
          `  }`,
        ]
      : [
          `  @Get('ho-so-${i + 1}/:maHoSo')`,
          `  async chiTiet${i + 1}(@Param('maHoSo') maHoSo: string, @Query('lang') lang = 'vi') {`,
          `    return { maHoSo, lang, trangThai: 'DANG_XU_LY' };`,
          `  }`,
        ];
  const text = fill(rng, head, unit, ['}'], targetLines(rng)).join('\n') + '\n';
  return { text };
}

function batchJob(ctx) {
  const { rng, ts, mod, violation, imp } = ctx;
  const esm = ts || rng.chance(0.4);
  const head = [
    `// Tác vụ định kỳ phân hệ ${mod}: đối chiếu hồ sơ tồn đọng với CSDLQG về dân cư (chạy lúc 1 giờ sáng).`,
    ...(esm
      ? [
          `import pLimit from 'p-limit';`,
          `import cron from 'node-cron';`,
          `import { traCuuCongDan } from '${imp('src/shared/lgsp-client')}';`,
          `import knex from '${imp('src/shared/db')}';`,
          ...ctx.constImport(true),
        ]
      : [
          `const pLimit = require('p-limit');`,
          `const cron = require('node-cron');`,
          `const { traCuuCongDan } = require('${imp('src/shared/lgsp-client')}');`,
          `const knex = require('${imp('src/shared/db')}');`,
          ...ctx.constImport(false),
        ]),
    '',
    `// Cổng LGSP khóa kết nối khi lượng truy vấn bất thường (trên 10.000, Công văn 5722/TCTTKĐA): giới hạn đồng thời và số bản ghi mỗi lượt.`,
    `const limit = pLimit(${rng.int(2, 8)});`,
    `const MOI_LUOT = ${rng.pick([200, 500, 1000])};`,
    `const HE_THONG = { taiKhoan: 'batch-${mod}', diaChiIp: process.env.POD_IP${ts ? ' ?? ' : ' || '}'127.0.0.1', lyDo: 'doi-chieu-dinh-ky' };`,
  ];
  let violationNeedle;
  const rowT = ts ? ': { id: number; so_dinh_danh: string }' : '';
  const unit = (i) => {
    const plant = violation && i === 0;
    const shape = plant ? violation.kind : rng.pick(['limited', 'limited', 'paged', 'retry', 'static', 'stats']);
    const fn = `doiChieu${i + 1}`;
    const table = rng.pick(TABLES);
    if (shape === 'unbounded-loop') {
      const variant = rng.pick(['for', 'all']);
      violationNeedle = variant === 'for' ? `const kq = await traCuuCongDan(hs.so_dinh_danh, HE_THONG);` : `danhSach.map((hs${rowT}) => traCuuCongDan(hs.so_dinh_danh, HE_THONG))`;
      return [
        `async function ${fn}()${ts ? ': Promise<void>' : ''} {`,
        `  const danhSach = await knex('ho_so').where({ phan_he: '${mod}', da_doi_chieu: false });`,
        ...(variant === 'for'
          ? [
              `  for (const hs of danhSach) {`,
              `    const kq = await traCuuCongDan(hs.so_dinh_danh, HE_THONG);`,
              `    await knex('ho_so').where({ id: hs.id }).update({ da_doi_chieu: true, ket_qua: kq.KetQua });`,
              `  }`,
            ]
          : [
              `  const ketQua = await Promise.all(danhSach.map((hs${rowT}) => traCuuCongDan(hs.so_dinh_danh, HE_THONG)));`,
              `  console.log(\`Đã đối chiếu \${ketQua.length} hồ sơ\`);`,
            ]),
        `}`,
      ];
    }
    if (shape === 'default-credential') {
      const weak = rng.pick(WEAK);
      violationNeedle = `process.env.SFTP_PASSWORD ?? '${weak}'`;
      return [
        `// Xuất kết quả đối chiếu sang máy chủ SFTP của Sở.`,
        `const sftpConfig${i + 1} = {`,
        `  host: process.env.SFTP_HOST,`,
        `  username: process.env.SFTP_USER,`,
        `  password: process.env.SFTP_PASSWORD ?? '${weak}',`,
        `};`,
      ];
    }
    if (shape === 'limited') {
      return [
        `async function ${fn}()${ts ? ': Promise<number>' : ''} {`,
        `  const danhSach = await knex('${table}').where({ phan_he: '${mod}', da_doi_chieu: false }).limit(MOI_LUOT);`,
        `  const ketQua = await Promise.all(`,
        `    danhSach.map((hs${rowT}) => limit(() => traCuuCongDan(hs.so_dinh_danh, HE_THONG))),`,
        `  );`,
        `  await knex.transaction(async (trx) => {`,
        `    for (let j = 0; j < danhSach.length; j++) {`,
        `      await trx('${table}').where({ id: danhSach[j].id }).update({ da_doi_chieu: true, ket_qua: ketQua[j].KetQua });`,
        `    }`,
        `  });`,
        `  return danhSach.length;`,
        `}`,
      ];
    }
    if (shape === 'paged') {
      return [
        `// Phân trang có trần: tối đa 10 trang mỗi lượt chạy.`,
        `async function ${fn}()${ts ? ': Promise<void>' : ''} {`,
        `  for (let trang = 0; trang < 10; trang++) {`,
        `    const danhSach = await knex('${table}').where({ phan_he: '${mod}', da_doi_chieu: false }).limit(${ctx.pageSizeExpr});`,
        `    if (danhSach.length === 0) break;`,
        `    await Promise.all(danhSach.map((hs${rowT}) => limit(() => traCuuCongDan(hs.so_dinh_danh, HE_THONG))));`,
        `    await knex('${table}').whereIn('id', danhSach.map((hs${rowT}) => hs.id)).update({ da_doi_chieu: true });`,
        `  }`,
        `}`,
      ];
    }
    if (shape === 'retry') {
      // Thử lại có trần (3 lần, lùi dần): vòng lặp có giới hạn tĩnh.
      return [
        `async function traCuuCoThuLai${i + 1}(soDinhDanh${ts ? ': string' : ''}) {`,
        `  let loiCuoi${ts ? ': unknown' : ''};`,
        `  for (let lan = 1; lan <= 3; lan++) {`,
        `    try {`,
        `      return await limit(() => traCuuCongDan(soDinhDanh, HE_THONG));`,
        `    } catch (err) {`,
        `      loiCuoi = err;`,
        `      await new Promise((r) => setTimeout(r, lan * ${rng.pick([500, 1000, 2000])}));`,
        `    }`,
        `  }`,
        `  throw loiCuoi;`,
        `}`,
      ];
    }
    if (shape === 'static') {
      return [
        `// Vòng lặp trên danh sách cố định các bảng: không truy vấn CSDLQG.`,
        `async function donDep${i + 1}()${ts ? ': Promise<void>' : ''} {`,
        `  for (const bang of ['nhat_ky_tam', 'ho_so_nhap', 'tep_tam']) {`,
        `    await knex(bang).where('ngay_tao', '<', knex.raw("now() - interval '30 days'")).del();`,
        `  }`,
        `}`,
      ];
    }
    return [
      `async function thongKe${i + 1}()${ts ? ': Promise<Record<string, number>>' : ''} {`,
      `  const rows = await knex('${table}').select('trang_thai').count('id as so_luong').groupBy('trang_thai');`,
      `  const ketQua${ts ? ': Record<string, number>' : ''} = {};`,
      `  for (const r of rows) ketQua[String(r.trang_thai)] = Number(r.so_luong);`,
      `  return ketQua;`,
      `}`,
    ];
  };
  const lines = fill(rng, head, unit, ['', '// cron'], targetLines(rng));
  lines.pop();
  // Schedule the first job function of the file.
  const first = lines.find((l) => l.startsWith('async function '));
  lines.push(
    `cron.schedule('0 1 * * *', () => {`,
    `  ${first.slice(15, first.indexOf('('))}().catch((err${ts ? ': unknown' : ''}) => console.error('Tác vụ định kỳ thất bại', err));`,
    `});`,
  );
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function soapClient(ctx) {
  const { rng, ts, violation, imp } = ctx;
  let violationNeedle;
  const wsdl = violation?.kind === 'unregistered-endpoint' ? `'https://lgsp.${ctx.otherProvince}.gov.vn/dancu/v1/soap/CongDanService?wsdl'` : 'DANCU_SOAP_WSDL';
  if (violation?.kind === 'unregistered-endpoint') violationNeedle = `lgsp.${ctx.otherProvince}.gov.vn/dancu/v1/soap`;
  const password = violation?.kind === 'hardcoded-password' ? rng.strong(14) : undefined;
  if (password) violationNeedle = `'${ctx.mod}-ws', '${password}'`;
  const head = [
    `// Khách SOAP tới dịch vụ công dân (CSDLQG về dân cư) qua LGSP. Không gian tên XML chỉ là tên, không phải địa chỉ kết nối.`,
    ...(ts
      ? [`import * as soap from 'soap';`, `import { DANCU_SOAP_WSDL, DANCU_NAMESPACE, MA_DVC_TRA_CUU } from '${imp('src/shared/endpoints')}';`, `import { auditLog } from '${imp('src/shared/audit')}';`, `import { maskCccd } from '${imp('src/shared/mask')}';`]
      : [`const soap = require('soap');`, `const { DANCU_SOAP_WSDL, DANCU_NAMESPACE, MA_DVC_TRA_CUU } = require('${imp('src/shared/endpoints')}');`, `const { auditLog } = require('${imp('src/shared/audit')}');`, `const { maskCccd } = require('${imp('src/shared/mask')}');`]),
    '',
    `const XMLNS = { dc: DANCU_NAMESPACE, bca: 'http://dancuquocgia.bca' };`,
    `let client${ts ? ': soap.Client | undefined' : ''};`,
    '',
    `async function layClient()${ts ? ': Promise<soap.Client>' : ''} {`,
    `  if (!client) {`,
    `    client = await soap.createClientAsync(${wsdl}, { wsdl_options: { timeout: 15000 } });`,
    password
      ? `    client.setSecurity(new soap.WSSecurity('${ctx.mod}-ws', '${password}'));`
      : `    client.setSecurity(new soap.WSSecurity(process.env.LGSP_WS_USER${ts ? " ?? ''" : ''}, process.env.LGSP_WS_PASSWORD${ts ? " ?? ''" : ''}));`,
    `  }`,
    `  return client;`,
    `}`,
  ];
  const unit = (i) => {
    const op = LOOKUP_OPS[i % LOOKUP_OPS.length];
    const p = ts ? ': string' : '';
    return [
      `async function ${camel(op[0].toLowerCase() + op.slice(1))}Soap${i + 1}(soDinhDanh${p}, taiKhoan${p}, diaChiIp${p}) {`,
      `  const c = await layClient();`,
      `  const [ketQua] = await c.${op}Async({ attributes: { xmlns: XMLNS.dc }, MaYeuCau: Date.now().toString(36), MaDVC: MA_DVC_TRA_CUU, SoDinhDanh: soDinhDanh });`,
      `  ${auditCall('taiKhoan', op, 'soDinhDanh', 'diaChiIp')}`,
      `  return {`,
      `    hoVaTen: [ketQua.HoVaTen?.Ho, ketQua.HoVaTen?.ChuDem, ketQua.HoVaTen?.Ten].filter(Boolean).join(' '),`,
      `    gioiTinh: ketQua.GioiTinh,`,
      `    queQuan: ketQua.QueQuan?.ChiTiet,`,
      `  };`,
      `}`,
    ];
  };
  const lines = fill(rng, head, unit, [], targetLines(rng));
  const fns = lines.filter((l) => l.startsWith('async function ') && l.includes('Soap')).map((l) => l.slice(15, l.indexOf('(')));
  lines.push('', ts ? `export { ${fns.join(', ')} };` : `module.exports = { ${fns.join(', ')} };`);
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function reactScreen(ctx) {
  const { rng, ts, mod, violation, imp } = ctx;
  const name = pascal(mod);
  const login = rng.chance(0.35);
  let violationNeedle;
  const weak = violation?.kind === 'default-credential' ? rng.pick(WEAK) : undefined;
  const head = [
    `import React, { useState${ts ? ', type FormEvent' : ''} } from 'react';`,
    `import { useTranslation } from 'react-i18next';`,
    `import { Button, Form, Input, Table, message } from 'antd';`,
    `import { api } from '${imp('web/src/api')}';`,
    '',
  ];
  const body = [];
  if (login || weak) {
    if (weak) violationNeedle = `matKhau: '${weak}'`;
    body.push(
      `// Màn hình đăng nhập cán bộ: không lưu mật khẩu vào trình duyệt (autoComplete="new-password"), bắt buộc OTP.`,
      `export function DangNhap${name}${ctx.n}() {`,
      `  const { t } = useTranslation();`,
      `  const [showPassword, setShowPassword] = useState(false);`,
      `  const [form, setForm] = useState({ taiKhoan: '', matKhau: ${weak ? `'${weak}'` : "''"}, otp: '' });`,
      `  const passwordLabel = t('dangNhap.matKhau', 'Mật khẩu');`,
      `  async function onSubmit(e${ts ? ': FormEvent' : ''}) {`,
      `    e.preventDefault();`,
      `    await api.post('/auth/dang-nhap', form);`,
      `    message.success(t('dangNhap.thanhCong', 'Đăng nhập thành công'));`,
      `  }`,
      `  return (`,
      `    <form onSubmit={onSubmit} className="dang-nhap">`,
      `      <label htmlFor="taiKhoan">{t('dangNhap.taiKhoan', 'Tài khoản')}</label>`,
      `      <input id="taiKhoan" value={form.taiKhoan} onChange={(e) => setForm({ ...form, taiKhoan: e.target.value })} />`,
      `      <label htmlFor="matKhau">{passwordLabel}</label>`,
      `      <input`,
      `        id="matKhau"`,
      `        type={showPassword ? 'text' : 'password'}`,
      `        autoComplete="new-password"`,
      `        placeholder="Nhập mật khẩu"`,
      `        value={form.matKhau}`,
      `        onChange={(e) => setForm({ ...form, matKhau: e.target.value })}`,
      `      />`,
      `      <button type="button" onClick={() => setShowPassword(!showPassword)}>{t('dangNhap.hienMatKhau', 'Hiện mật khẩu')}</button>`,
      `      <label htmlFor="otp">{t('dangNhap.otp', 'Mã OTP')}</label>`,
      `      <input id="otp" inputMode="numeric" maxLength={6} value={form.otp} onChange={(e) => setForm({ ...form, otp: e.target.value })} />`,
      `      <button type="submit">{t('dangNhap.dangNhap', 'Đăng nhập')}</button>`,
      `    </form>`,
      `  );`,
      `}`,
    );
  }
  const unit = (i) => [
    ...(ts ? [`interface DongCongDan${i + 1} {`, `  maHoSo: string;`, `  hoTen: string;`, `  soDinhDanh: string;`, `  trangThai: string;`, `}`, ''] : []),
    `// Tra cứu công dân: máy chủ trả số định danh đã che (maskCccd), màn hình không hiển thị bản rõ.`,
    `export function TraCuu${name}${ctx.n}_${i + 1}() {`,
    `  const { t } = useTranslation();`,
    `  const [rows, setRows] = useState${ts ? `<DongCongDan${i + 1}[]>` : ''}([]);`,
    `  const [loading, setLoading] = useState(false);`,
    `  const columns = [`,
    `    { title: t('congDan.maHoSo', 'Mã hồ sơ'), dataIndex: 'maHoSo' },`,
    `    { title: t('congDan.hoTen', 'Họ và tên'), dataIndex: 'hoTen' },`,
    `    { title: t('congDan.soDinhDanh', 'Số định danh cá nhân'), dataIndex: 'soDinhDanh' },`,
    `    { title: t('congDan.trangThai', 'Trạng thái'), dataIndex: 'trangThai' },`,
    `  ];`,
    `  async function onFinish(values${ts ? ': { soDinhDanh: string; lyDo: string }' : ''}) {`,
    `    setLoading(true);`,
    `    try {`,
    `      const res = await api.post('/${mod}/tra-cuu-${i + 1}', values);`,
    `      setRows([res.data]);`,
    `    } finally {`,
    `      setLoading(false);`,
    `    }`,
    `  }`,
    `  return (`,
    `    <>`,
    `      <Form layout="inline" onFinish={onFinish}>`,
    `        <Form.Item name="soDinhDanh" label={t('congDan.soDinhDanh', 'Số định danh cá nhân')} rules={[{ required: true, pattern: /^\\d{12}$/ }]}>`,
    `          <Input maxLength={12} />`,
    `        </Form.Item>`,
    `        <Form.Item name="lyDo" label={t('congDan.lyDo', 'Lý do tra cứu')} rules={[{ required: true }]}>`,
    `          <Input />`,
    `        </Form.Item>`,
    `        <Button type="primary" htmlType="submit" loading={loading}>{t('chung.traCuu', 'Tra cứu')}</Button>`,
    `      </Form>`,
    `      <Table rowKey="maHoSo" columns={columns} dataSource={rows} pagination={false} />`,
    `    </>`,
    `  );`,
    `}`,
  ];
  const lines = fill(rng, [...head, ...body], unit, [], Math.max(targetLines(rng), head.length + body.length + 10));
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function notifyHelper(ctx) {
  const { rng, ts, violation, imp } = ctx;
  const esm = ts || rng.chance(0.3);
  let violationNeedle;
  const token = violation?.kind === 'hardcoded-password' ? `${rng.digits(10)}:AA${rng.strong(33).replace(/[#!%]/g, 'x')}` : undefined;
  if (token) violationNeedle = token;
  const head = [
    `// Thông báo qua Zalo OA và Telegram cho cán bộ trực. Chỉ gửi mã hồ sơ và số liệu tổng hợp:`,
    `// không gửi dữ liệu công dân qua ứng dụng OTT (văn bản 357/VPUBND-TTPVHCC).`,
    ...(esm
      ? [`import axios from 'axios';`, `import TelegramBot from 'node-telegram-bot-api';`, `import { maskCccd } from '${imp('src/shared/mask')}';`]
      : [`const axios = require('axios');`, `const TelegramBot = require('node-telegram-bot-api');`, `const { maskCccd } = require('${imp('src/shared/mask')}');`]),
    '',
    `const ZALO_OA_URL = 'https://openapi.zalo.me/v3.0/oa/message/cs';`,
    token ? `const TELEGRAM_BOT_TOKEN = '${token}';` : `const TELEGRAM_BOT_TOKEN = process.env.TELEGRAM_BOT_TOKEN;`,
    `const bot = new TelegramBot(TELEGRAM_BOT_TOKEN${ts && !token ? ' ?? ""' : ''}, { polling: false });`,
  ];
  const s = ts ? ': string' : '';
  const n = ts ? ': number' : '';
  const unit = (i) => {
    if (violation?.kind === 'citizen-to-messaging' && i === 0) {
      const fields = rng.pick(CITIZEN_SETS);
      const param = `congDan${ts ? `: { ${fields.map((f) => `${f}: string`).join('; ')} }` : ''}`;
      const variant = rng.pick(['telegram-http', 'telegram-sdk', 'zalo']);
      if (variant === 'telegram-sdk') {
        violationNeedle = `await bot.sendMessage(chatId, \`Công dân`;
        return [
          `async function guiThongTinCongDan${i + 1}(chatId${s}, ${param}) {`,
          `  await bot.sendMessage(chatId, \`Công dân ${fields.map((f) => `\${congDan.${f}}`).join(', ')} đã được xác thực\`);`,
          `}`,
        ];
      }
      if (variant === 'zalo') {
        violationNeedle = `message: { text: \`Xác nhận hồ sơ của ông/bà`;
        return [
          `async function xacNhanQuaZalo${i + 1}(accessToken${s}, zaloUserId${s}, ${param}) {`,
          `  await axios.post(ZALO_OA_URL, {`,
          `    recipient: { user_id: zaloUserId },`,
          `    message: { text: \`Xác nhận hồ sơ của ông/bà ${fields.map((f) => `\${congDan.${f}}`).join(' - ')}\` },`,
          `  }, { headers: { access_token: accessToken } });`,
          `}`,
        ];
      }
      violationNeedle = `text: \`Kết quả tra cứu: ${fields.map((f) => `\${congDan.${f}}`).join(' - ')}\``;
      return [
        `async function guiKetQuaTraCuu${i + 1}(chatId${s}, ${param}) {`,
        `  await axios.post(\`https://api.telegram.org/bot\${TELEGRAM_BOT_TOKEN}/sendMessage\`, {`,
        `    chat_id: chatId,`,
        `    text: \`Kết quả tra cứu: ${fields.map((f) => `\${congDan.${f}}`).join(' - ')}\`,`,
        `  });`,
        `}`,
      ];
    }
    return rng.pick([
      () => [
        `async function nhacHanXuLy${i + 1}(chatId${s}, soHoSoQuaHan${n}) {`,
        `  if (soHoSoQuaHan === 0) return;`,
        `  await bot.sendMessage(chatId, \`Có \${soHoSoQuaHan} hồ sơ quá hạn xử lý, đề nghị kiểm tra trên hệ thống một cửa.\`);`,
        `}`,
      ],
      () => [
        `async function baoCaoTongHop${i + 1}(chatId${s}, soHoSo${n}, soLoi${n}) {`,
        `  await axios.post(\`https://api.telegram.org/bot\${TELEGRAM_BOT_TOKEN}/sendMessage\`, {`,
        `    chat_id: chatId,`,
        `    text: \`Đối chiếu xong \${soHoSo} hồ sơ, \${soLoi} lỗi\`,`,
        `  });`,
        `}`,
      ],
      () => [
        `// Số định danh đã che (maskCccd) không còn là dữ liệu công dân.`,
        `async function nhacBoSungHoSo${i + 1}(accessToken${s}, zaloUserId${s}, maHoSo${s}, soDinhDanh${s}) {`,
        `  await axios.post(ZALO_OA_URL, {`,
        `    recipient: { user_id: zaloUserId },`,
        `    message: { text: \`Hồ sơ \${maHoSo} (CCCD \${maskCccd(soDinhDanh)}) cần bổ sung giấy tờ.\` },`,
        `  }, { headers: { access_token: accessToken } });`,
        `}`,
      ],
    ])();
  };
  const lines = fill(rng, head, unit, [], targetLines(rng));
  const fns = lines.filter((l) => l.startsWith('async function ')).map((l) => l.slice(15, l.indexOf('(')));
  lines.push('', esm ? `export { ${fns.join(', ')} };` : `module.exports = { ${fns.join(', ')} };`);
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function repository(ctx) {
  const { rng, mod, violation } = ctx;
  let violationNeedle;
  let password = `process.env.DB_PASS`;
  if (violation?.kind === 'default-credential') {
    password = `process.env.DB_PASS || '${rng.pick(WEAK)}'`;
    violationNeedle = password;
  } else if (violation?.kind === 'hardcoded-password') {
    password = `'${rng.strong(16)}'`;
    violationNeedle = `password: ${password}`;
  }
  const table = mod.replace(/-/g, '_');
  const head = [
    `import { Pool } from 'pg';`,
    '',
    `// Mật khẩu lấy từ biến môi trường do Vault cấp, đổi định kỳ 3 tháng (Công văn 2112/UBND-KSTTHC).`,
    `const pool = new Pool({`,
    `  host: process.env.DB_HOST,`,
    `  port: Number(process.env.DB_PORT ?? 5432),`,
    `  database: '${table}',`,
    `  user: process.env.DB_USER,`,
    `  password: ${password},`,
    `  max: 10,`,
    `});`,
    '',
    `export interface HoSo${ctx.n} {`,
    `  id: number;`,
    `  maHoSo: string;`,
    `  soDinhDanh: string;`,
    `  hoTen: string;`,
    `  trangThai: string;`,
    `}`,
  ];
  const unit = (i) =>
    rng.pick([
      () => [
        `export async function timTheoMa${i + 1}(maHoSo: string): Promise<HoSo${ctx.n} | undefined> {`,
        `  const { rows } = await pool.query('SELECT id, ma_ho_so AS "maHoSo", so_dinh_danh AS "soDinhDanh", ho_ten AS "hoTen", trang_thai AS "trangThai" FROM ho_so WHERE ma_ho_so = $1', [maHoSo]);`,
        `  return rows[0];`,
        `}`,
      ],
      () => [
        `export async function capNhatTrangThai${i + 1}(id: number, trangThai: string, taiKhoan: string): Promise<void> {`,
        `  await pool.query('UPDATE ho_so SET trang_thai = $1, nguoi_cap_nhat = $2, ngay_cap_nhat = now() WHERE id = $3', [trangThai, taiKhoan, id]);`,
        `}`,
      ],
      () => [
        `export async function demTheoTrangThai${i + 1}(): Promise<Record<string, number>> {`,
        `  const { rows } = await pool.query('SELECT trang_thai, count(*)::int AS n FROM ho_so GROUP BY trang_thai');`,
        `  return Object.fromEntries(rows.map((r: { trang_thai: string; n: number }) => [r.trang_thai, r.n]));`,
        `}`,
      ],
    ])();
  const lines = fill(rng, head, unit, [], targetLines(rng));
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function utilsConstants(ctx) {
  const { rng, ts, mod } = ctx;
  const esm = ts || rng.chance(0.4);
  const exp = (name, value) => (esm ? `export const ${name} = ${value};` : `exports.${name} = ${value};`);
  const prefix = constCase(mod);
  const consts = [];
  const head = [`// Hằng số dùng chung của phân hệ ${mod}.`];
  const unit = (i) => {
    const op = LOOKUP_OPS[(ctx.n + i) % LOOKUP_OPS.length];
    const pathName = `${prefix}_${constCase(op.replace(/([a-z])([A-Z])/g, '$1-$2'))}_PATH_${i + 1}`;
    const pageName = `${prefix}_PAGE_SIZE_${i + 1}`;
    consts.push({ name: pathName, kind: 'path', op }, { name: pageName, kind: 'number' });
    return [
      `/** Đường dẫn thao tác ${op} trên dịch vụ dân cư của cổng LGSP. */`,
      exp(pathName, `'/${op}'`),
      exp(pageName, String(rng.pick([20, 50, 100]))),
      exp(`${prefix}_MA_DVC_${i + 1}`, `'1.00${rng.digits(4)}'`),
      exp(
        `${prefix}_TRANG_THAI_${i + 1}`,
        `Object.freeze({ MOI_TIEP_NHAN: 'MOI', DANG_XU_LY: 'DANG_XU_LY', DA_TRA_KET_QUA: 'DA_TRA', TU_CHOI: 'TU_CHOI' })`,
      ),
      exp(`${prefix}_NHAN_${i + 1}`, `{ matKhau: 'Mật khẩu', password: 'Password', taiKhoan: 'Tài khoản', soDinhDanh: 'Số định danh cá nhân' }`),
    ];
  };
  const lines = fill(rng, head, unit, [], targetLines(rng));
  return { text: lines.join('\n') + '\n', exportsConsts: consts, esm };
}

function otherService(ctx) {
  const { rng, ts, imp } = ctx;
  const svc = rng.pick(OTHER_SERVICES);
  const head = [
    `// Dịch vụ ${svc.label} trên cổng LGSP: cùng máy chủ nhưng không phải CSDLQG về dân cư.`,
    ts ? `import { ${svc.constName} } from '${imp('src/shared/endpoints')}';` : `const { ${svc.constName} } = require('${imp('src/shared/endpoints')}');`,
    ts ? `import { lgspToken } from '${imp('src/shared/lgsp-client')}';` : `const { lgspToken } = require('${imp('src/shared/lgsp-client')}');`,
  ];
  const s = ts ? ': string' : '';
  const unit = (i) => [
    `async function ${camel(svc.op[0].toLowerCase() + svc.op.slice(1))}${i + 1}(ma${s}) {`,
    `  const res = await fetch(\`\${${svc.constName}}/${svc.op}?ma=\${encodeURIComponent(ma)}\`, {`,
    `    headers: { Authorization: \`Bearer \${await lgspToken()}\`, Accept: 'application/json' },`,
    `  });`,
    `  if (res.status === 404) return null;`,
    `  if (!res.ok) throw new Error(\`${svc.op} lỗi \${res.status}\`);`,
    `  return res.json();`,
    `}`,
  ];
  const lines = fill(rng, head, unit, [], targetLines(rng));
  const fns = lines.filter((l) => l.startsWith('async function ')).map((l) => l.slice(15, l.indexOf('(')));
  lines.push('', ts ? `export { ${fns.join(', ')} };` : `module.exports = { ${fns.join(', ')} };`);
  return { text: lines.join('\n') + '\n' };
}

function auditHelper(ctx) {
  const { rng, ts, mod, imp } = ctx;
  const head = [
    `// Ghi nhật ký truy vấn CSDLQG về dân cư theo Công văn 1785/TCTTKĐA mục (3) và Thông tư 46/2022/TT-BCA Điều 8:`,
    `// tài khoản, thời gian, nội dung truy vấn và địa chỉ IP máy trạm.`,
    ts ? `import { auditLog } from '${imp('src/shared/audit')}';` : `const { auditLog } = require('${imp('src/shared/audit')}');`,
  ];
  const a = ts ? ': string' : '';
  const unit = (i) => [
    `async function ghiNhatKy${pascal(mod)}${i + 1}(taiKhoan${a}, thaoTac${a}, diaChiIp${a}) {`,
    `  await auditLog({`,
    `    taiKhoan,`,
    `    thoiGian: new Date().toISOString(),`,
    `    noiDung: \`[${mod}] \${thaoTac}\`,`,
    `    diaChiIp,`,
    `  });`,
    `}`,
  ];
  const lines = fill(rng, head, unit, [], rng.int(30, 90));
  const fns = lines.filter((l) => l.startsWith('async function ')).map((l) => l.slice(15, l.indexOf('(')));
  lines.push('', ts ? `export { ${fns.join(', ')} };` : `module.exports = { ${fns.join(', ')} };`);
  return { text: lines.join('\n') + '\n' };
}

function configJson(ctx) {
  const { rng, mod, violation } = ctx;
  let violationNeedle;
  const db = { host: `db-${mod}.noibo.${ctx.province}.gov.vn`, port: 5432, database: mod.replace(/-/g, '_'), user: `${camel(mod)}_app`, passwordEnv: 'DB_PASS' };
  const lgsp = { baseUrl: `https://lgsp.${ctx.province}.gov.vn/dancu/v1/`, timeoutMs: 15000, tokenType: 'Bearer', accessKeyEnv: 'LGSP_ACCESS_KEY', secretKeyEnv: 'LGSP_SECRET_KEY' };
  if (violation?.kind === 'hardcoded-password') {
    delete db.passwordEnv;
    db.password = rng.strong(16);
    violationNeedle = `"password": "${db.password}"`;
  } else if (violation?.kind === 'default-credential') {
    delete db.passwordEnv;
    db.password = rng.pick(WEAK);
    violationNeedle = `"password": "${db.password}"`;
  } else if (violation?.kind === 'unregistered-endpoint') {
    lgsp.baseUrl = `https://lgsp.${ctx.province}.gov.vn/dancu/v2/`;
    violationNeedle = lgsp.baseUrl;
  }
  const cfg = {
    name: `${mod}-service`,
    port: rng.pick([3000, 3001, 8080, 8081]),
    db,
    lgsp,
    i18n: { defaultLocale: 'vi', labels: { password: 'Mật khẩu', passwordHint: 'Ít nhất 12 ký tự, đổi 3 tháng một lần' } },
    notifications: { zaloOa: { enabled: rng.chance(0.5), oaIdEnv: 'ZALO_OA_ID' }, telegram: { enabled: false } },
    batch: { cron: '0 1 * * *', concurrency: rng.int(2, 8), maxPerRun: rng.pick([500, 1000, 2000]) },
  };
  const text = JSON.stringify(cfg, null, 2).replace(/": /g, '": ') + '\n';
  return { text, violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function configYaml(ctx) {
  const { rng, mod, violation } = ctx;
  let violationNeedle;
  let passwordLines = [`            - name: DB_PASS`, `              valueFrom:`, `                secretKeyRef: { name: ${mod}-db, key: password }`];
  if (violation?.kind === 'hardcoded-password' || violation?.kind === 'default-credential') {
    const value = violation.kind === 'hardcoded-password' ? rng.strong(16) : rng.pick(WEAK);
    passwordLines = [`            - name: DB_PASS`, `              value: "${value}"`];
    violationNeedle = `value: "${value}"`;
  }
  let dancuUrl = `https://lgsp.${ctx.province}.gov.vn/dancu/v1/`;
  if (violation?.kind === 'unregistered-endpoint') {
    dancuUrl = `https://lgsp.${ctx.otherProvince}.gov.vn/dancu/v1/`;
    violationNeedle = dancuUrl;
  }
  const lines = [
    `# Triển khai phân hệ ${mod} (Kubernetes). Bí mật lấy từ Secret, không ghi trong tệp này.`,
    `apiVersion: apps/v1`,
    `kind: Deployment`,
    `metadata:`,
    `  name: ${mod}-api`,
    `  labels: { app: ${mod}-api, tier: backend }`,
    `spec:`,
    `  replicas: ${rng.int(1, 3)}`,
    `  selector:`,
    `    matchLabels: { app: ${mod}-api }`,
    `  template:`,
    `    metadata:`,
    `      labels: { app: ${mod}-api }`,
    `    spec:`,
    `      containers:`,
    `        - name: api`,
    `          image: registry.${ctx.province}.gov.vn/mot-cua/${mod}-api:1.${rng.int(0, 20)}.${rng.int(0, 9)}`,
    `          ports: [{ containerPort: 3000 }]`,
    `          env:`,
    `            - name: NODE_ENV`,
    `              value: production`,
    `            - name: DANCU_API_URL`,
    `              value: "${dancuUrl}"`,
    `            - name: DB_HOST`,
    `              value: db-${mod}.noibo`,
    `            - name: DB_USER`,
    `              value: ${camel(mod)}_app`,
    ...passwordLines,
    `            - name: PASSWORD_MIN_LENGTH`,
    `              value: "12"`,
    `            - name: LGSP_SECRET_KEY`,
    `              valueFrom:`,
    `                secretKeyRef: { name: lgsp-credentials, key: secretKey }`,
    `          resources:`,
    `            requests: { cpu: 100m, memory: 256Mi }`,
    `            limits: { cpu: 500m, memory: 512Mi }`,
    `          readinessProbe:`,
    `            httpGet: { path: /health, port: 3000 }`,
  ];
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function envFile(ctx) {
  const { rng, mod, violation } = ctx;
  let violationNeedle;
  let pass = `DB_PASS=\${VAULT_DB_PASS}`;
  if (violation?.kind === 'default-credential') {
    pass = `DB_PASS=${rng.pick(WEAK)}`;
    violationNeedle = pass;
  } else if (violation?.kind === 'hardcoded-password') {
    pass = `LGSP_SECRET_KEY=${rng.hex(40)}`;
    violationNeedle = pass;
  }
  const lines = [
    `# Biến môi trường phân hệ ${mod} (môi trường phát triển nội bộ). Mật khẩu thật cấp qua Vault.`,
    `NODE_ENV=development`,
    `PORT=${rng.pick([3000, 3001, 8080])}`,
    `DANCU_API_URL=https://lgsp.${ctx.province}.gov.vn/dancu/v1/`,
    `THUE_API_URL=https://lgsp.${ctx.province}.gov.vn/thue/v1/`,
    `DB_HOST=localhost`,
    `DB_PORT=5432`,
    `DB_USER=${camel(mod)}_dev`,
    pass,
    `PASSWORD_MIN_LENGTH=12`,
    `PASSWORD_MAX_AGE_DAYS=90`,
    `ZALO_OA_ID=`,
    `TELEGRAM_CHAT_ID=`,
    `LOG_LEVEL=info`,
  ];
  while (lines.length < 30) lines.push(`FEATURE_${constCase(mod)}_${lines.length}=${rng.chance(0.5)}`);
  return { text: lines.join('\n') + '\n', violation: violation && { kind: violation.kind, needle: violationNeedle } };
}

function i18nCatalogue(ctx) {
  const { rng, mod } = ctx;
  const lines = [`// Nhãn giao diện phân hệ ${mod} (vi / en). Chỉ là chữ hiển thị, không phải mật khẩu.`, `export const ${camel(mod)}Messages${ctx.n} = {`];
  const keys = [
    ['matKhau', 'Mật khẩu', 'Password'],
    ['nhapLaiMatKhau', 'Nhập lại mật khẩu', 'Confirm password'],
    ['doiMatKhau', 'Đổi mật khẩu', 'Change password'],
    ['matKhauHetHan', 'Mật khẩu đã quá 90 ngày, vui lòng đổi', 'Your password is older than 90 days, please change it'],
    ['soDinhDanh', 'Số định danh cá nhân', 'Personal ID number'],
    ['hoTen', 'Họ và tên', 'Full name'],
    ['ngaySinh', 'Ngày sinh', 'Date of birth'],
    ['queQuan', 'Quê quán', 'Hometown'],
    ['traCuu', 'Tra cứu', 'Look up'],
    ['lyDo', 'Lý do tra cứu', 'Reason for lookup'],
    ['token', 'Mã xác thực', 'Token'],
  ];
  for (const locale of ['vi', 'en']) {
    lines.push(`  ${locale}: {`);
    const target = rng.int(14, 60);
    for (let i = 0; i < target; i++) {
      const [k, vi, en] = keys[i % keys.length];
      lines.push(`    ${k}${i >= keys.length ? `_${i}` : ''}: '${locale === 'vi' ? vi : en}',`);
    }
    lines.push('  },');
  }
  lines.push('};');
  return { text: lines.join('\n') + '\n' };
}

// ---------------------------------------------------------------------------
// Skeleton: shared modules every other file imports, the policy and root config.

function skeleton(province, rng) {
  const gw = `https://lgsp.${province}.gov.vn`;
  const files = [];
  files.push([
    'popdb-policy.yaml',
    `# Đăng ký kết nối CSDLQG về dân cư của hệ thống một cửa tỉnh ${PROVINCE_NAMES[province]} (hồ sơ gửi C06).
version: 1
system:
  name: "Hệ thống thông tin giải quyết TTHC tỉnh ${PROVINCE_NAMES[province]}"
  purposes: ["tiep-nhan-ho-so", "xac-thuc-cong-dan", ${MA_DVC_CODES.map((c) => `"${c}"`).join(', ')}]
populationDb:
  registeredEndpoints: ["${gw}/dancu/v1/"]
  # traCuuCongDan (src/shared/lgsp-client.ts) is not listed: it audits inside, and a listed call is an opaque query
  # that every caller would have to audit again. The analysis finds it as a wrapper.
  clientCalls: ["dancuClient.*"]
  envEndpoints: ["DANCU_API_URL"]
audit:
  functions: ["auditLog", "auditService.record"]
  decorators: ["Audited"]
  requiredFields: ["taiKhoan", "thoiGian", "noiDung", "diaChiIp"]
queries:
  limiters: ["pLimit", "limit", "limiter.schedule"]
citizenData:
  sanitizers: ["maskCccd", "maskHoTen"]
access:
  guards: ["requireLogin", "JwtAuthGuard"]
  roles: ["requireRole", "RolesGuard"]
  rateLimiters: ["gioiHanTruyVan", "ThrottlerGuard"]
credentials:
  allowInFiles: ["**/test/fixtures/**"]
ignore: ["**/generated/**"]
`,
  ]);
  files.push([
    'package.json',
    `${JSON.stringify(
      {
        name: `mot-cua-${province}`,
        version: '2.3.0',
        private: true,
        scripts: { start: 'node dist/main.js', build: 'tsc -p .', lint: 'eslint .' },
        dependencies: { '@nestjs/axios': '^3.0.0', '@nestjs/common': '^10.3.0', '@nestjs/throttler': '^5.1.0', antd: '^5.12.0', axios: '^1.6.0', express: '^4.19.0', 'express-rate-limit': '^7.2.0', got: '^14.0.0', knex: '^3.1.0', 'node-cron': '^3.0.3', 'p-limit': '^5.0.0', pg: '^8.11.0', react: '^18.2.0', 'react-i18next': '^14.0.0', soap: '^1.0.0' },
      },
      null,
      2,
    )}\n`,
  ]);
  files.push([
    'src/shared/endpoints.ts',
    `// Địa chỉ dịch vụ trên cổng LGSP tỉnh ${PROVINCE_NAMES[province]}. Cổng mang nhiều dịch vụ: chỉ /dancu/ là CSDLQG về dân cư.
export const LGSP_BASE_URL = '${gw}';
export const DANCU_BASE_URL = \`\${LGSP_BASE_URL}/dancu/v1\`;
export const DANCU_SOAP_WSDL = \`\${DANCU_BASE_URL}/soap/CongDanService?wsdl\`;
/** Không gian tên XML của lược đồ dân cư: chỉ là tên, không phải địa chỉ kết nối. */
export const DANCU_NAMESPACE = 'http://www.mic.gov.vn/dancu/1.0';
/** Mã dịch vụ công (MaDVC) gửi kèm mỗi truy vấn: mục đích đã đăng ký với C06. */
export const MA_DVC_TRA_CUU = '${MA_DVC_CODES[0]}';
${OTHER_SERVICES.map((s) => `export const ${s.constName} = \`\${LGSP_BASE_URL}${s.path}\`;`).join('\n')}
`,
  ]);
  files.push([
    'src/shared/types.ts',
    `export interface NguoiDung {
  taiKhoan: string;
  maCanBo: string;
  maDonVi: string;
}

export interface KetQuaTraCuu {
  KetQua: 'TRUE' | 'FALSE' | string;
  SoDinhDanh?: string;
  HoVaTen?: { Ho: string; ChuDem: string; Ten: string } | string;
  NgayThangNamSinh?: { Nam: string; NgayThangNam: string };
  GioiTinh?: string;
  QueQuan?: { MaTinhThanh: string; MaQuanHuyen: string; MaPhuongXa: string; ChiTiet: string };
  ThuongTru?: { MaTinhThanh: string; MaQuanHuyen: string; MaPhuongXa: string; ChiTiet: string };
}

export interface AuditEntry {
  taiKhoan: string;
  thoiGian: string;
  noiDung: string;
  diaChiIp: string;
}
`,
  ]);
  files.push([
    'src/shared/audit.ts',
    `import knex from './db';
import type { AuditEntry } from './types';

/**
 * Nhật ký truy vấn CSDLQG về dân cư (Công văn 1785/TCTTKĐA mục (3); Thông tư 46/2022/TT-BCA Điều 8):
 * tài khoản, thời gian, nội dung truy vấn, địa chỉ IP máy trạm.
 */
export async function auditLog(entry: AuditEntry): Promise<void> {
  await knex('nhat_ky_truy_van').insert({
    tai_khoan: entry.taiKhoan,
    thoi_gian: entry.thoiGian,
    noi_dung: entry.noiDung,
    dia_chi_ip: entry.diaChiIp,
  });
}

/** Decorator cho phương thức NestJS: ghi nhật ký mọi lần gọi, với tài khoản và IP lấy từ ngữ cảnh yêu cầu. */
export function Audited(thaoTac: string): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const goc = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = async function (this: unknown, ...args: unknown[]) {
      const ketQua = await goc.apply(this, args);
      const nguoiDung = args[1] as { taiKhoan: string; diaChiIp?: string };
      await auditLog({ taiKhoan: nguoiDung.taiKhoan, thoiGian: new Date().toISOString(), noiDung: thaoTac, diaChiIp: nguoiDung.diaChiIp ?? '' });
      return ketQua;
    };
    return descriptor;
  };
}
`,
  ]);
  files.push([
    'src/shared/mask.ts',
    `/** Che số định danh: giữ 3 số đầu (mã tỉnh) và 3 số cuối. Kết quả không còn là dữ liệu công dân. */
export function maskCccd(so: string): string {
  return so.length < 9 ? '***' : \`\${so.slice(0, 3)}******\${so.slice(-3)}\`;
}

export function maskHoTen(hoTen: string): string {
  return hoTen
    .split(' ')
    .map((tu, i, arr) => (i === arr.length - 1 ? tu : \`\${tu.charAt(0)}.\`))
    .join(' ');
}
`,
  ]);
  files.push([
    'src/shared/cccd.ts',
    `/**
 * Số CCCD / định danh cá nhân: 12 chữ số. 3 số đầu là mã tỉnh (có số 0 đầu),
 * số thứ 4 là giới tính và thế kỷ sinh, 2 số tiếp là năm sinh, 6 số cuối ngẫu nhiên.
 */
export function isValidCccd(so: unknown): so is string {
  return typeof so === 'string' && /^\\d{12}$/.test(so);
}

export function gioiTinhTuCccd(so: string): 'Nam' | 'Nữ' {
  return Number(so[3]) % 2 === 0 ? 'Nam' : 'Nữ';
}

export function namSinhTuCccd(so: string): number {
  const theKy = Math.floor(Number(so[3]) / 2);
  return 1900 + theKy * 100 + Number(so.slice(4, 6));
}
`,
  ]);
  files.push([
    'src/shared/db.ts',
    `import Knex from 'knex';

// Mật khẩu cơ sở dữ liệu do Vault cấp qua biến môi trường; không có giá trị mặc định.
const knex = Knex({
  client: 'pg',
  connection: {
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER,
    password: process.env.DB_PASS,
    database: process.env.DB_NAME,
  },
  pool: { min: 0, max: 10 },
});

export default knex;
`,
  ]);
  files.push([
    'src/shared/auth.ts',
    `import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ user?: { taiKhoan: string } }>();
    return Boolean(req.user?.taiKhoan);
  }
}

@Injectable()
export class RolesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ user?: { vaiTro?: string[] } }>();
    return Boolean(req.user?.vaiTro?.includes('can-bo'));
  }
}
`,
  ]);
  files.push([
    'src/shared/http-guards.ts',
    `import type { NextFunction, Request, Response } from 'express';
import rateLimit from 'express-rate-limit';

type CanBoRequest = Request & { user?: { taiKhoan: string; vaiTro: string[] } };

/** Chỉ cán bộ đã đăng nhập (phiên do cổng SSO của tỉnh cấp). */
export function requireLogin(req: CanBoRequest, res: Response, next: NextFunction): void {
  if (!req.user?.taiKhoan) {
    res.status(401).json({ message: 'Chưa đăng nhập' });
    return;
  }
  next();
}

/** Chỉ cán bộ có vai trò được phân công mới được tra cứu. */
export function requireRole(vaiTro: string) {
  return (req: CanBoRequest, res: Response, next: NextFunction): void => {
    if (!req.user?.vaiTro.includes(vaiTro)) {
      res.status(403).json({ message: 'Không đủ thẩm quyền' });
      return;
    }
    next();
  };
}

/** Hạn mức truy vấn mỗi tài khoản: tránh lượng truy vấn bất thường bị khóa kết nối. */
export const gioiHanTruyVan = rateLimit({ windowMs: 60_000, limit: 30 });
`,
  ]);
  files.push([
    'src/shared/lgsp-client.ts',
    `import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { DANCU_BASE_URL, MA_DVC_TRA_CUU } from './endpoints';
import { auditLog } from './audit';
import { maskCccd } from './mask';
import type { KetQuaTraCuu } from './types';

export const TIMEOUT_MS = ${rng.pick([10000, 15000, 20000])};

/** lgspAccessToken = Base64 của {AccessKey, SecretKey, AppName, PartnerCode}, lấy từ biến môi trường. */
export async function lgspToken(): Promise<string> {
  return Buffer.from(
    JSON.stringify({
      AccessKey: process.env.LGSP_ACCESS_KEY,
      SecretKey: process.env.LGSP_SECRET_KEY,
      AppName: process.env.LGSP_APP_NAME,
      PartnerCode: process.env.LGSP_PARTNER_CODE,
    }),
  ).toString('base64');
}

/** Tra cứu một công dân và ghi nhật ký truy vấn: mọi phân hệ gọi CSDLQG qua hàm này. */
export async function traCuuCongDan(
  soDinhDanh: string,
  ngu: { taiKhoan: string; diaChiIp: string; lyDo: string },
): Promise<KetQuaTraCuu> {
  const { data } = await axios.post<KetQuaTraCuu>(
    \`\${DANCU_BASE_URL}/CungCapThongTinCongDan\`,
    { MaYeuCau: randomUUID(), MaDVC: MA_DVC_TRA_CUU, SoDinhDanh: soDinhDanh, LyDo: ngu.lyDo },
    { headers: { Authorization: \`Bearer \${await lgspToken()}\` }, timeout: TIMEOUT_MS },
  );
  await auditLog({ taiKhoan: ngu.taiKhoan, thoiGian: new Date().toISOString(), noiDung: \`CungCapThongTinCongDan \${maskCccd(soDinhDanh)}\`, diaChiIp: ngu.diaChiIp });
  return data;
}
`,
  ]);
  files.push([
    'web/src/api.ts',
    `import axios from 'axios';

export const api = axios.create({ baseURL: '/api', timeout: 20000, withCredentials: true });
`,
  ]);
  files.push(['.env.example', `DANCU_API_URL=${gw}/dancu/v1/\nDB_HOST=\nDB_PORT=5432\nDB_USER=\nDB_PASS=\nLGSP_ACCESS_KEY=\nLGSP_SECRET_KEY=\nLGSP_APP_NAME=\nLGSP_PARTNER_CODE=\nTELEGRAM_BOT_TOKEN=\n`]);
  files.push(['tsconfig.json', `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, jsx: 'react-jsx', allowJs: true, experimentalDecorators: true, outDir: 'dist' }, include: ['src', 'web/src'] }, null, 2)}\n`]);
  return files;
}

// ---------------------------------------------------------------------------
// Kinds, their paths, extensions and the violations each can host.

const KINDS = {
  'express-router': { build: expressRouter, weight: 14, ext: [['.js', 6], ['.ts', 4]], dir: (m) => `src/routes/${m}`, base: (m) => `${m}.router`, hosts: ['unaudited-query', 'unregistered-endpoint', 'default-credential', 'citizen-to-messaging', 'unregistered-purpose', 'unauthenticated-route'] },
  'nest-service': { build: nestService, weight: 12, ext: [['.ts', 1]], dir: (m) => `src/modules/${m}`, base: (m) => `${m}.service`, hosts: ['unaudited-query', 'unregistered-endpoint', 'hardcoded-password'] },
  'nest-controller': { build: nestController, weight: 8, ext: [['.ts', 1]], dir: (m) => `src/modules/${m}`, base: (m) => `${m}.controller`, hosts: [] },
  'batch-job': { build: batchJob, weight: 8, ext: [['.ts', 1], ['.js', 1]], dir: () => 'src/jobs', base: (m) => `doi-chieu-${m}.job`, hosts: ['unbounded-loop', 'default-credential'] },
  'soap-client': { build: soapClient, weight: 4, ext: [['.js', 1], ['.ts', 1]], dir: () => 'src/soap', base: (m) => `${m}.soap`, hosts: ['unregistered-endpoint', 'hardcoded-password'] },
  'react-screen': { build: reactScreen, weight: 12, ext: [['.tsx', 65], ['.jsx', 35]], dir: (m) => `web/src/screens/${m}`, base: (m) => pascal(m), hosts: ['default-credential'] },
  'audit-helper': { build: auditHelper, weight: 3, ext: [['.ts', 1], ['.js', 1]], dir: () => 'src/audit', base: (m) => `nhat-ky-${m}`, hosts: [] },
  notify: { build: notifyHelper, weight: 6, ext: [['.js', 1], ['.ts', 1]], dir: () => 'src/notifications', base: (m) => `thong-bao-${m}`, hosts: ['citizen-to-messaging', 'hardcoded-password'] },
  'utils-constants': { build: utilsConstants, weight: 8, ext: [['.ts', 1], ['.js', 1]], dir: (m) => `src/utils/${m}`, base: () => 'constants', hosts: [] },
  'other-service': { build: otherService, weight: 8, ext: [['.ts', 1], ['.js', 1]], dir: () => 'src/services', base: (m) => `lgsp-${m}`, hosts: [] },
  repository: { build: repository, weight: 6, ext: [['.ts', 1]], dir: (m) => `src/modules/${m}`, base: (m) => `${m}.repository`, hosts: ['default-credential', 'hardcoded-password'] },
  i18n: { build: i18nCatalogue, weight: 3, ext: [['.ts', 1]], dir: () => 'web/src/i18n', base: (m) => m, hosts: [] },
  'config-json': { build: configJson, weight: 3, ext: [['.json', 1]], dir: () => 'config', base: (m) => m, hosts: ['hardcoded-password', 'default-credential', 'unregistered-endpoint'] },
  'config-yaml': { build: configYaml, weight: 3, ext: [['.yaml', 1], ['.yml', 1]], dir: () => 'deploy/k8s', base: (m) => `${m}-deployment`, hosts: ['hardcoded-password', 'default-credential', 'unregistered-endpoint'] },
  env: { build: envFile, weight: 1.5, ext: [['.env', 1]], dir: (m) => `services/${m}`, base: () => '', hosts: ['default-credential', 'hardcoded-password'] },
};

/** The first generated files cycle through these, so even a small repository has every extension and kind. */
const FIRST = [
  ['express-router', '.js'], ['react-screen', '.tsx'], ['nest-service', '.ts'], ['react-screen', '.jsx'], ['config-yaml', '.yml'],
  ['batch-job', '.js'], ['utils-constants', '.ts'], ['notify', '.js'], ['config-json', '.json'], ['config-yaml', '.yaml'],
  ['env', '.env'], ['nest-controller', '.ts'], ['soap-client', '.ts'], ['repository', '.ts'], ['other-service', '.js'],
  ['express-router', '.ts'], ['audit-helper', '.ts'], ['i18n', '.ts'],
];

function lineOf(text, needle) {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`generator bug: planted needle not found: ${needle}`);
  return text.slice(0, at).split('\n').length;
}

/**
 * Write a synthetic repository of `files` files into `dir` (created if needed).
 * @param {string} dir
 * @param {{ files?: number, seed?: number }} [options] files defaults to 200, seed to 1
 * @returns {{ dir: string, seed: number, province: string, files: string[], byExtension: Record<string, number>,
 *   planted: { file: string, line: number, kind: string, ruleId: string }[] }}
 */
export function generateRepo(dir, { files = 200, seed = 1 } = {}) {
  if (!Number.isInteger(files) || files < 1) throw new RangeError(`files must be a positive integer, got ${files}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const rng = createRng(seed * 2654435761);
  const province = rng.pick(PROVINCES);
  const otherProvince = rng.pick(PROVINCES.filter((p) => p !== province));
  const written = [];
  const planted = [];
  const byExtension = {};
  const used = new Set();
  const constFiles = []; // utils-constants files whose path constants later files import

  const write = (rel, text) => {
    const abs = join(dir, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    written.push(rel);
    const base = posix.basename(rel);
    const ext = base === '.env' || base.startsWith('.env.') ? '.env' : posix.extname(base);
    byExtension[ext] = (byExtension[ext] ?? 0) + 1;
  };

  for (const [rel, text] of skeleton(province, rng)) {
    if (written.length >= files) break;
    write(rel, text);
  }

  for (let n = 1; written.length < files; n++) {
    // Violations first, evenly over their kinds, then a file kind that can host the chosen one;
    // the first files follow FIRST and host a violation only when their kind can.
    let violationKind = rng.chance(VIOLATION_RATE) ? rng.pick(Object.keys(VIOLATION_RULES)) : undefined;
    let kind;
    let ext;
    if (n <= FIRST.length) {
      [kind, ext] = FIRST[n - 1];
      if (!KINDS[kind].hosts.includes(violationKind)) violationKind = undefined;
    } else {
      const candidates = Object.entries(KINDS).filter(([, d]) => !violationKind || d.hosts.includes(violationKind));
      kind = rng.weighted(candidates.map(([name, d]) => [name, d.weight]));
      ext = rng.weighted(KINDS[kind].ext);
    }
    const def = KINDS[kind];
    const mod = MODULES[Math.floor(n / 5) % MODULES.length] + (n >= MODULES.length * 5 ? `-${Math.floor(n / (MODULES.length * 5)) + 1}` : '');
    let rel = kind === 'env' ? `${def.dir(mod)}/.env` : `${def.dir(mod)}/${def.base(mod)}${ext}`;
    for (let k = 2; used.has(rel.toLowerCase()); k++) rel = kind === 'env' ? `${def.dir(mod)}/.env.${['local', 'staging', 'test'][k % 3]}${k}` : `${def.dir(mod)}/${def.base(mod)}-${k}${ext}`;
    used.add(rel.toLowerCase());

    const ts = ext === '.ts' || ext === '.tsx';
    const relDir = posix.dirname(rel);
    const imp = (target) => {
      const r = posix.relative(relDir, target);
      return r.startsWith('.') ? r : `./${r}`;
    };
    // Constants from an earlier utils file: cross-file URL resolution and imports.
    const constSource = constFiles.length ? constFiles[rng.int(0, constFiles.length - 1)] : undefined;
    const pageConst = constSource?.consts.find((c) => c.kind === 'number');
    const pathConst = constSource?.consts.find((c) => c.kind === 'path');
    const imported = [pageConst, pathConst].filter(Boolean).map((c) => c.name).join(', ');
    const ctx = {
      rng, ts, mod, n, province, otherProvince, imp,
      violation: violationKind && { kind: violationKind },
      pageSizeExpr: pageConst ? pageConst.name : '50',
      // A lookup URL built from a path constant of another file: `${DANCU_BASE_URL}${HO_TICH_..._PATH_1}`.
      pathConst,
      constImport: (esm) =>
        constSource
          ? [esm ? `import { ${imported} } from '${imp(constSource.path)}';` : `const { ${imported} } = require('${imp(constSource.path)}');`]
          : [],
    };
    const out = def.build(ctx);
    write(rel, out.text);
    if (out.violation) planted.push({ file: rel, line: lineOf(out.text, out.violation.needle), kind: out.violation.kind, ruleId: VIOLATION_RULES[out.violation.kind] });
    // Only TS constants are imported (ESM named import of a CommonJS `exports.X` works, the reverse is awkward).
    if (kind === 'utils-constants' && out.esm) constFiles.push({ path: rel.replace(/\.(ts|js)$/, ''), consts: out.exportsConsts });
  }
  return { dir, seed, province, files: written, byExtension, planted };
}

// ---------------------------------------------------------------------------
// CLI

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '2000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      manifest: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.out) {
    process.stdout.write('Usage: node scripts/bench/generate.mjs --out DIR [--files 2000] [--seed 1] [--manifest FILE]\n  --manifest FILE  write the planted violations and file list as JSON (outside DIR, or popdb-guard scans it)\n');
    process.exit(values.help ? 0 : 2);
  }
  const repo = generateRepo(values.out, { files: Number(values.files), seed: Number(values.seed) });
  if (values.manifest) writeFileSync(values.manifest, `${JSON.stringify(repo, null, 2)}\n`);
  const byKind = {};
  for (const p of repo.planted) byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
  process.stdout.write(
    `Wrote ${repo.files.length} files to ${values.out} (seed ${repo.seed}, province ${repo.province})\n` +
      `  by extension: ${Object.entries(repo.byExtension).map(([e, c]) => `${e} ${c}`).join(', ')}\n` +
      `  planted violations: ${repo.planted.length} (${Object.entries(byKind).map(([k, c]) => `${k} ${c}`).join(', ')})\n`,
  );
}
