import * as path from 'node:path';
import plugin = require('eslint-plugin-popdb');
import { FIXTURES, createRuleTester, projectFile } from '../../test/rule-tester';

const rule = plugin.rules['no-citizen-data-in-logs'] as never;
const ruleTester = createRuleTester(path.join(FIXTURES, 'taint-rules', 'popdb-policy.yaml'));

ruleTester.run('no-citizen-data-in-logs', rule, {
  valid: [
    {
      name: 'the audit-log function the policy names records the query content',
      code: `
declare function auditLog(e: object): void;
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
export async function tra(canBo: string, ip: string, soDinhDanh: string) {
  const cd = await dancuClient.traCuu(soDinhDanh);
  auditLog({ taiKhoan: canBo, thoiGian: new Date().toISOString(), noiDung: \`CungCapThongTinCongDan \${soDinhDanh}\`, diaChiIp: ip });
  return cd;
}`,
    },
    {
      name: 'an audit service method (audit.record) is not a debug log',
      code: `
declare const audit: { record(e: object): Promise<void> };
export async function ghi(req: { user: { id: string }; ip: string; body: { soDinhDanh: string } }) {
  await audit.record({ taiKhoan: req.user.id, noiDung: req.body.soDinhDanh, diaChiIp: req.ip });
}`,
    },
    {
      name: 'a masked CCCD in console.log',
      code: `
export function logTraCuu(soCCCD: string) {
  console.log('Tra cứu CCCD', soCCCD.slice(-4).padStart(12, '*'));
}`,
    },
    {
      name: 'the policy sanitizer maskCccd in a NestJS logger call',
      code: `
import { Logger } from '@nestjs/common';
declare function maskCccd(s: string): string;
export class TraCuuService {
  private readonly logger = new Logger(TraCuuService.name);
  tra(soDinhDanh: string) {
    this.logger.log(\`Tra cứu \${maskCccd(soDinhDanh)}\`);
  }
}`,
    },
    {
      name: 'a count of results in a pino log',
      code: `
import pino from 'pino';
const logger = pino();
declare const dancuClient: { danhSach(maXa: string): Promise<{ HoVaTen: string }[]> };
export async function dongBo(maXa: string) {
  const ds = await dancuClient.danhSach(maXa);
  logger.info({ maXa, soLuong: ds.length }, 'Đồng bộ xong');
}`,
    },
    {
      name: 'the application number and status in winston',
      code: `
import winston from 'winston';
const log = winston.createLogger({ transports: [new winston.transports.Console()] });
export function daTiepNhan(hoSo: { maHoSo: string; soBienNhan: string; trangThai: string; cccd: string }) {
  log.info(\`Hồ sơ \${hoSo.maHoSo} / \${hoSo.soBienNhan}: \${hoSo.trangThai}\`);
}`,
    },
    {
      name: 'the response status and duration of a lookup',
      code: `
import axios from 'axios';
export async function tra(so: string) {
  const t0 = Date.now();
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so });
  console.info('LGSP', res.status, res.data.maKetQua, \`\${Date.now() - t0}ms\`);
  return res.data;
}`,
    },
    {
      name: 'a presence check in a debug log',
      code: `
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen?: string } | null> };
export async function tra(so: string, logger: { debug(...a: unknown[]): void }) {
  const cd = await dancuClient.traCuu(so);
  logger.debug('found=%s hasName=%s', !!cd, Boolean(cd?.HoVaTen));
}`,
    },
    {
      name: 'a hashed ID as a correlation key',
      code: `
import { createHash } from 'node:crypto';
export function khoa(soDinhDanh: string) {
  const k = createHash('sha256').update(soDinhDanh).digest('hex');
  console.debug('request key', k);
}`,
    },
    {
      name: 'field labels from a constant in a validation log',
      code: `
const NHAN = { hoTen: 'Họ và tên', ngaySinh: 'Ngày sinh' };
export function thieu(logger: { warn(m: string): void }) {
  logger.warn(\`Thiếu trường \${NHAN.hoTen}, \${NHAN.ngaySinh}\`);
}`,
    },
    {
      name: 'an error message with no data (NestJS exception)',
      code: `
import { BadRequestException } from '@nestjs/common';
export function kiemTra(cccd: string) {
  if (!/^\\d{12}$/.test(cccd)) throw new BadRequestException('Số CCCD phải gồm 12 chữ số');
}`,
    },
    {
      name: 'a masked value in an error response',
      code: `
import type { Response } from 'express';
declare function maskCccd(s: string): string;
export function khongTimThay(res: Response, cccd: string) {
  res.status(404).json({ error: \`Không tìm thấy công dân \${maskCccd(cccd)}\` });
}`,
    },
    {
      name: 'a 200 answer with the citizen record to an authorised caller is not an error message',
      code: `
import type { Request, Response } from 'express';
declare const dancuClient: { traCuu(so: string): Promise<object> };
export async function chiTiet(req: Request, res: Response) {
  const cd = await dancuClient.traCuu(req.params.so);
  res.status(200).json(cd);
}`,
    },
    {
      name: 'res.json with the data under a non-error key',
      code: `
import type { Request, Response } from 'express';
export function tra(req: Request, res: Response) {
  res.json({ ok: true, hoTen: req.body.hoTen });
}`,
    },
    {
      name: 'a plain Error thrown inside a service (answered with a generic 500)',
      code: `
export function chuanHoa(cccd: string) {
  if (cccd.length !== 12) throw new Error('CCCD không hợp lệ: ' + cccd);
  return cccd;
}`,
    },
    {
      name: 'a logger that logs only the error of a failed lookup',
      code: `
import { Logger } from '@nestjs/common';
declare const dancuClient: { traCuu(so: string): Promise<unknown> };
const logger = new Logger('DanCu');
export async function tra(soDinhDanh: string) {
  try {
    return await dancuClient.traCuu(soDinhDanh);
  } catch (e) {
    logger.error(\`LGSP lỗi: \${(e as Error).message}\`, (e as Error).stack);
    return null;
  }
}`,
    },
    {
      name: 'the agency name (ten) is not a citizen name',
      code: `
export function log(donVi: { ten: string; ma: string }) {
  console.log(\`Đơn vị \${donVi.ten} (\${donVi.ma}) đã kết nối\`);
}`,
    },
    {
      name: 'a 12-digit timestamp-like number is not a CCCD',
      code: `
const soCccdPhien = '202411230915';
export const ghi = () => console.log('Phiên', soCccdPhien);`,
    },
    {
      name: 'replace with a mask character',
      code: `
export function an(logger: { info(m: string): void }, soCmnd: string) {
  logger.info('CMND ' + soCmnd.replace(/\\d(?=\\d{3})/g, 'x'));
}`,
    },
    {
      name: 'a variable overwritten before logging',
      code: `
export function f(congDan: { HoVaTen: string }) {
  let moTa = congDan.HoVaTen;
  moTa = 'công dân đã xác minh';
  console.log(moTa);
}`,
    },
    {
      name: 'a local function that returns only a status from the response',
      code: `
import axios from 'axios';
async function trangThaiLgsp(so: string): Promise<string> {
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/XacThucThongTinCongDan', { SoDinhDanh: so });
  return res.data.trangThai;
}
export async function kiemTra(so: string) {
  console.log('LGSP trả về', await trangThaiLgsp(so));
}`,
    },
    {
      name: 'a method named log on something that is not a logger',
      code: `
declare const history: { log(entry: object): void };
export function luu(hoSo: { hoTen: string }) {
  history.log({ hoTen: hoSo.hoTen });
}`,
    },
    {
      name: 'typeof and comparisons in a warn',
      code: `
export function kiemTra(cccd: unknown, ngaySinh: string) {
  console.warn('cccd type', typeof cccd, 'ngaySinh hợp lệ', ngaySinh > '1900-01-01');
}`,
    },
    {
      name: 'an exception with the application number only',
      code: `
import { NotFoundException } from '@nestjs/common';
export function timHoSo(hoSo: { maHoSo: string; hoTen: string } | undefined, maHoSo: string) {
  if (!hoSo) throw new NotFoundException(\`Không có hồ sơ \${maHoSo}\`);
  return hoSo;
}`,
    },
    {
      name: 'bunyan child logger with request id',
      code: `
import bunyan from 'bunyan';
const log = bunyan.createLogger({ name: 'mot-cua' });
export function batDau(req: { id: string; body: { cccd: string } }) {
  log.info({ requestId: req.id }, 'bắt đầu tra cứu');
}`,
    },
    {
      name: 'an anonymised name via a function named like a masker',
      code: `
declare function anonymizeName(s: string): string;
export function ghi(hoVaTen: string) {
  console.log('Người nộp', anonymizeName(hoVaTen));
}`,
    },
    {
      name: 'length of a CCCD in a validation error response',
      code: `
import type { Response } from 'express';
export function loi(res: Response, cccd: string) {
  return res.status(400).send(\`CCCD phải có 12 chữ số, nhận được \${cccd.length}\`);
}`,
    },
    {
      name: 'a log of a key name list, not values',
      code: `
export function thieuTruong(body: Record<string, unknown>) {
  const thieu = ['hoTen', 'soDinhDanh'].filter((k) => !(k in body));
  console.warn('Thiếu trường', thieu.join(', '));
}`,
    },
    {
      name: 'the message of a failed lookup in a .catch handler',
      code: `
import axios from 'axios';
export function tra(so: string) {
  return axios
    .post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so })
    .catch((e) => {
      console.error('LGSP lỗi', e.message);
      throw e;
    });
}`,
    },
    {
      name: 'a DTO logged by its non-citizen members only',
      code: `
import { Logger } from '@nestjs/common';
class NopHoSoDto {
  soDinhDanh!: string;
  maThuTuc!: string;
  kenhNop!: string;
}
const logger = new Logger('HoSo');
export function nhan(dto: NopHoSoDto) {
  logger.log(\`Thủ tục \${dto.maThuTuc} qua kênh \${dto.kenhNop}\`);
}`,
    },
    {
      name: 'the index of a mapped list is not the data',
      code: `
declare const dancuClient: { danhSach(maXa: string): Promise<{ HoVaTen: string }[]> };
export async function dem(maXa: string) {
  const ds = await dancuClient.danhSach(maXa);
  ds.forEach((_cd, i) => console.log('bản ghi thứ', i + 1));
}`,
    },
    {
      name: 'whether the ID is found, with a hash',
      code: `
import { createHash } from 'node:crypto';
declare const dancuClient: { traCuu(so: string): Promise<unknown> };
export async function tra(so: string, logger: { info(o: object): void }) {
  const cd = await dancuClient.traCuu(so);
  logger.info({ found: cd !== null, key: createHash('sha1').update(so).digest('base64') });
}`,
    },
  ],
  invalid: [
    {
      name: 'an ID number kept in a store under its field name, read back and printed (a store key of no field is not data)',
      code: `
declare const AsyncStorage: { getItem(key: string): Promise<string | null> };
export async function restore() {
  const so = await AsyncStorage.getItem('soCCCD');
  console.log('restored', so, await AsyncStorage.getItem('lastScreen'));
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'console.log of the population-DB response',
      code: `
import axios from 'axios';
export async function tra(so: string) {
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so });
  console.log('LGSP response', res.data);
  return res.data;
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'console.error with the CCCD of the request',
      code: `
export function loi(req: { body: { soCCCD: string } }, e: Error) {
  console.error(\`Không tra được \${req.body.soCCCD}\`, e);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 3, column: 3 }],
    },
    {
      name: 'NestJS this.logger.log with the citizen name',
      code: `
import { Injectable, Logger } from '@nestjs/common';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
@Injectable()
export class CongDanService {
  private readonly logger = new Logger(CongDanService.name);
  async tra(so: string) {
    const cd = await dancuClient.traCuu(so);
    this.logger.log(\`Đã tìm thấy \${cd.HoVaTen}\`);
    return cd;
  }
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 9, column: 5 }],
    },
    {
      name: 'NestJS static Logger.debug',
      code: `
import { Logger } from '@nestjs/common';
export function ghi(dto: { soDinhDanh: string; ngaySinh: string }) {
  Logger.debug(\`dto \${JSON.stringify(dto)}\`, 'HoSoController');
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 4, column: 3 }],
    },
    {
      name: 'pino logger.info with an object of citizen fields',
      code: `
import pino from 'pino';
const logger = pino({ level: 'info' });
export function nhan(hoSo: { hoTen: string; ngaySinh: string }) {
  logger.info({ hoTen: hoSo.hoTen, ngaySinh: hoSo.ngaySinh }, 'nhận hồ sơ');
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'a pino instance with a non-logger name',
      code: `
import pino from 'pino';
const appOut = pino();
export function nhan(noiThuongTru: string) {
  appOut.warn('Địa chỉ thường trú: ' + noiThuongTru);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'winston log.info with the response spread',
      code: `
import winston from 'winston';
declare function traCuuCongDan(so: string): Promise<object>;
const log = winston.createLogger({});
export async function tra(so: string) {
  const cd = await traCuuCongDan(so);
  log.info('result', { ...cd });
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 7, column: 3 }],
    },
    {
      name: 'bunyan with the ID number',
      code: `
import bunyan from 'bunyan';
const out = bunyan.createLogger({ name: 'dancu' });
export function tra(citizenId: string) {
  out.info({ citizenId }, 'lookup');
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'a debug log of an Express request body',
      code: `
import type { Request, Response } from 'express';
export function nopHoSo(req: Request, res: Response) {
  const { hoTen, cccd } = req.body;
  console.debug('nộp hồ sơ', hoTen, cccd);
  res.sendStatus(202);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'fastify request log (req.log.info)',
      code: `
export async function handler(req: { log: { info(o: object, m: string): void }; body: { soDinhDanh: string } }) {
  req.log.info({ so: req.body.soDinhDanh }, 'tra cứu');
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 3, column: 3 }],
    },
    {
      name: 'the whole response through .then in a log',
      code: `
import axios from 'axios';
export function tra(so: string) {
  return axios
    .post('https://lgsp.binhdinh.gov.vn/dancu/v1/XacMinhThongTinNhanThan', { SoDinhDanh: so })
    .then(({ data }) => {
      console.log(data);
      return data;
    });
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 7, column: 7 }],
    },
    {
      name: 'a project logging helper in the same file',
      code: `
function ghiLog(thongDiep: string, ...chiTiet: unknown[]) {
  console.log(new Date().toISOString(), thongDiep, ...chiTiet);
}
export function tra(hoSo: { soDinhDanh: string }) {
  ghiLog('tra cứu', hoSo.soDinhDanh);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 6, column: 3 }],
    },
    {
      name: 'BadRequestException with the CCCD in its message',
      code: `
import { BadRequestException } from '@nestjs/common';
export function kiemTra(cccd: string, ngaySinh: string) {
  if (!cccd.startsWith('0')) throw new BadRequestException(\`CCCD \${cccd} không khớp ngày sinh \${ngaySinh}\`);
}`,
      errors: [{ messageId: 'citizenDataInErrorResponse', line: 4, column: 36 }],
    },
    {
      name: 'HttpException with the citizen name',
      code: `
import { HttpException, HttpStatus } from '@nestjs/common';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string; TrangThai: string }> };
export async function kiemTra(so: string) {
  const cd = await dancuClient.traCuu(so);
  if (cd.TrangThai !== 'HOAT_DONG') throw new HttpException(\`Công dân \${cd.HoVaTen} không ở trạng thái hoạt động\`, HttpStatus.CONFLICT);
}`,
      errors: [{ messageId: 'citizenDataInErrorResponse', line: 6, column: 43 }],
    },
    {
      name: 'res.status(404).json({ error }) with the ID',
      code: `
import type { Request, Response } from 'express';
export function khongThay(req: Request, res: Response) {
  return res.status(404).json({ error: \`Không tìm thấy công dân có số định danh \${req.params.soDinhDanh}\` });
}`,
      errors: [{ messageId: 'citizenDataInErrorResponse', line: 4, column: 10 }],
    },
    {
      name: 'res.send of an error text with the name',
      code: `
import type { Response } from 'express';
export function loi(res: Response, hoVaTen: string) {
  res.status(422).send('Họ tên không khớp: ' + hoVaTen);
}`,
      errors: [{ messageId: 'citizenDataInErrorResponse', line: 4, column: 3 }],
    },
    {
      name: 'res.json({ message }) with the date of birth',
      code: `
import type { Request, Response } from 'express';
export function sai(req: Request, res: Response) {
  res.json({ success: false, message: 'Ngày sinh ' + req.body.ngaySinh + ' không hợp lệ' });
}`,
      errors: [{ messageId: 'citizenDataInErrorResponse', line: 4, column: 3 }],
    },
    {
      name: 'createError (http-errors) with the CCCD',
      code: `
import createError from 'http-errors';
export function kiemTra(soCccd: string) {
  return createError(400, 'Sai CCCD ' + soCccd);
}`,
      errors: [{ messageId: 'citizenDataInErrorResponse', line: 4, column: 10 }],
    },
    {
      name: 'ethnicity in a log is sensitive',
      code: `
declare const dancuClient: { traCuu(so: string): Promise<{ DanToc: string }> };
export async function thongKe(so: string) {
  const cd = await dancuClient.traCuu(so);
  console.log('dân tộc', cd.DanToc);
}`,
      errors: [{ messageId: 'sensitiveDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'religion from a request in a logger call is sensitive',
      code: `
export function ghi(logger: { info(m: string): void }, dto: { tonGiao: string }) {
  logger.info('Tôn giáo khai báo: ' + dto.tonGiao);
}`,
      errors: [{ messageId: 'sensitiveDataInLog', line: 3, column: 3 }],
    },
    {
      name: 'a CCCD literal used in a test lookup and logged',
      code: `
declare function traCuuCongDan(soDinhDanh: string): Promise<unknown>;
const soDinhDanhMau = '079203001234';
export async function thu() {
  await traCuuCongDan(soDinhDanhMau);
  console.log('thử với', soDinhDanhMau);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 6, column: 3 }],
    },
    {
      name: 'a CMND literal passed in an ID parameter and logged by the callee',
      code: `
function ghiCmnd(soCmnd: string) {
  console.info('CMND', soCmnd);
}
export const demo = () => ghiCmnd('212345678');`,
      errors: [{ messageId: 'citizenDataInLog', line: 3, column: 3 }],
    },
    {
      name: 'results logged in a forEach callback',
      code: `
declare const dancuClient: { danhSach(maXa: string): Promise<{ SoDinhDanh: string }[]> };
export async function dongBo(maXa: string) {
  const ds = await dancuClient.danhSach(maXa);
  ds.forEach((cd) => console.log('đồng bộ', cd.SoDinhDanh));
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 22 }],
    },
    {
      name: 'a mapped list of names joined into a warn',
      code: `
declare function traCuuCongDan(so: string): Promise<{ HoVaTen: string }>;
export async function tra(dsSo: string[], logger: { warn(m: string): void }) {
  const ds = await Promise.all(dsSo.map((so) => traCuuCongDan(so)));
  logger.warn(ds.map((c) => c.HoVaTen).join(', '));
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 5, column: 3 }],
    },
    {
      name: 'a class field holding the response, logged in another method',
      code: `
import { Logger } from '@nestjs/common';
declare const dancuClient: { traCuu(so: string): Promise<{ NgayThangNamSinh: string }> };
export class Phien {
  private readonly logger = new Logger('Phien');
  private cd?: { NgayThangNamSinh: string };
  async tra(so: string) { this.cd = await dancuClient.traCuu(so); }
  ketThuc() { this.logger.verbose(\`phiên kết thúc, ngày sinh \${this.cd?.NgayThangNamSinh}\`); }
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 8, column: 15 }],
    },
    {
      // a field's taint is read from the methods whose syntax may write it: a mutator, Object.assign, a destructuring in a callback
      name: 'class fields filled by push, Object.assign and a destructuring in a callback, logged in other methods',
      code: `
import { Logger } from '@nestjs/common';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string; SoDinhDanh: string }> };
export class Lo {
  private readonly logger = new Logger('Lo');
  private daTra: object[] = [];
  private hoSo = {};
  private cuoi?: object;
  private nhan = 'lô';
  async them(so: string) { (this.daTra as object[]).push(await dancuClient.traCuu(so)); }
  async gop(so: string) { Object.assign(this.hoSo, await dancuClient.traCuu(so)); }
  tiep(so: string) { return dancuClient.traCuu(so).then((kq) => { [this['cuoi']] = [kq]; }); }
  datNhan(ma: string) { this.nhan = \`lô \${ma}\`; }
  inDanhSach() { this.logger.log(JSON.stringify(this.daTra)); }
  inHoSo() { this.logger.log(JSON.stringify(this.hoSo)); }
  inCuoi() { this.logger.log(JSON.stringify(this.cuoi)); }
  inNhan() { this.logger.log(\`xong \${this.nhan}\`); }
}`,
      errors: [
        { messageId: 'citizenDataInLog', line: 14, column: 18 },
        { messageId: 'citizenDataInLog', line: 15, column: 14 },
        { messageId: 'citizenDataInLog', line: 16, column: 14 },
      ],
    },
    {
      name: 'the error of a wrapper that returns the response, logged with the data',
      code: `
import axios from 'axios';
async function goiLgsp(so: string) {
  const { data } = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so });
  return data;
}
export async function xuLy(so: string) {
  const kq = await goiLgsp(so);
  console.log(\`kết quả: \${JSON.stringify(kq)}\`);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 9, column: 3 }],
    },
    {
      name: 'console.table of citizen rows',
      code: `
declare const dancuClient: { danhSach(maXa: string): Promise<object[]> };
export async function xem(maXa: string) {
  console.table(await dancuClient.danhSach(maXa));
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 4, column: 3 }],
    },
    {
      name: 'a full name from a VNeID claim',
      code: `
export function dangNhap(claims: { citizenPid: string; fullName: string }, logger: { info(...a: unknown[]): void }) {
  logger.info('VNeID login', claims.fullName);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 3, column: 3 }],
    },
    {
      name: 'a household number in an error log',
      code: `
export function loiHoKhau(maHoKhau: string, _log: { error(m: string): void }) {
  _log.error('Không tìm thấy hộ ' + maHoKhau);
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 3, column: 3 }],
    },
    {
      name: 'a NestJS DTO class with citizen fields, logged whole',
      code: `
import { Body, Controller, Logger, Post } from '@nestjs/common';
class NopHoSoDto {
  soDinhDanh!: string;
  hoVaTen!: string;
  maThuTuc!: string;
}
@Controller('ho-so')
export class HoSoController {
  private readonly logger = new Logger(HoSoController.name);
  @Post()
  nop(@Body() dto: NopHoSoDto) {
    this.logger.log(\`Nhận hồ sơ \${JSON.stringify(dto)}\`);
    return { maThuTuc: dto.maThuTuc };
  }
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 13, column: 5 }],
    },
    {
      name: 'a typed callback parameter logged in a queue consumer',
      code: `
interface CongDanMessage { SoDinhDanh: string; HoVaTen: string }
declare const queue: { process(name: string, fn: (job: { data: CongDanMessage }) => Promise<void>): void };
queue.process('dong-bo', async (job) => {
  const cd: CongDanMessage = job.data;
  console.log('đồng bộ', cd.SoDinhDanh);
});`,
      errors: [{ messageId: 'citizenDataInLog', line: 6, column: 3 }],
    },
    {
      name: 'a function that merely starts like a masker word (analyze…) does not mask',
      code: `
declare function analyzeName(s: string): string;
export function ghi(hoVaTen: string) {
  console.log('Phân tích', analyzeName(hoVaTen));
}`,
      errors: [{ messageId: 'citizenDataInLog', line: 4, column: 3 }],
    },
    {
      name: 'a field the policy adds (maHoSoCongDan) in console.log',
      code: `
export const ghi = (x: { maHoSoCongDan: string }) => console.log(x.maHoSoCongDan);`,
      errors: [{ messageId: 'citizenDataInLog', line: 2, column: 54 }],
    },
  ],
});

const libraryCalls = projectFile('taint-library-calls');

createRuleTester(path.join(FIXTURES, 'taint-library-calls', 'popdb-policy.yaml')).run('no-citizen-data-in-logs (library calls)', rule, {
  valid: [
    {
      name: 'the { error } of a Supabase upsert of a resident, logged here and through a helper in another file, is the library\'s answer',
      ...libraryCalls('src/services/residents.ts'),
    },
  ],
  invalid: [
    {
      name: 'the account User.create resolves to is clean; the household head\'s phone is named as phone',
      ...libraryCalls('src/services/household.service.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 17, data: { data: 'phone (citizen-data field) at line 17', duLieu: 'phone (trường dữ liệu công dân) tại dòng 17', sink: 'console.log' } }],
    },
  ],
});

const responses = projectFile('taint-responses');

createRuleTester(path.join(FIXTURES, 'taint-responses', 'popdb-policy.yaml')).run('no-citizen-data-in-logs (error responses, record keys)', rule, {
  valid: [
    {
      name: 'citizenId passed to findById and compared with _id is the resident\'s database key (logged, and in a 404 message)',
      ...responses('src/controllers/citizen.controller.ts'),
    },
    { name: 'selected ids matched against _id in a callback are record keys', ...responses('src/web/registrations.ts') },
  ],
  invalid: [
    {
      name: 'a 200 { room, message } and a named 201 are answers; 4xx, success: false and createError are error answers',
      ...responses('src/routes/chat.routes.ts'),
      errors: [
        { messageId: 'citizenDataInErrorResponse', line: 23 },
        { messageId: 'citizenDataInErrorResponse', line: 24 },
        { messageId: 'citizenDataInErrorResponse', line: 25 },
        { messageId: 'citizenDataInErrorResponse', line: 26 },
      ],
    },
    {
      name: 'VNeID\'s citizenId claim is the personal ID number',
      ...responses('src/auth/vneid.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 10 }],
    },
    {
      name: 'the message names the field actually logged (email, phone)',
      ...responses('src/controllers/contact.controller.ts'),
      errors: [
        { messageId: 'citizenDataInLog', line: 5, data: { data: 'email (citizen-data field) at line 4', duLieu: 'email (trường dữ liệu công dân) tại dòng 4', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 6, data: { data: 'phone (citizen-data field) at line 4', duLieu: 'phone (trường dữ liệu công dân) tại dòng 4', sink: 'console.log' } },
      ],
    },
  ],
});

const flows = projectFile('taint-flows');

createRuleTester(path.join(FIXTURES, 'taint-flows', 'popdb-policy.yaml')).run('no-citizen-data-in-logs (events, queues, casing, whole records)', rule, {
  valid: [
    { name: 'an @OnEvent listener: the payload is reported where it is emitted', ...flows('src/nest/audit.listener.ts') },
    { name: 'a demo record created from literals prints the text the script wrote', ...flows('src/web/setup.js') },
    { name: 'a socket.io emit goes to the browsers, not to the server\'s own listener of the same name', ...flows('src/web/chat.gateway.ts') },
    { name: 'a UI component\'s emit(\'change\', v) is no bus event: the widget listener of the same name is not reached', ...flows('src/web/form.ts') },
    {
      name: 'a helper that logs the recipients\' user_id and actorId projected from notices whose body names the sender logs keys, not the name',
      ...flows('src/chat/push.helper.ts'),
    },    {
      name: 'records of no declared shape: a path assigned again, members that are not data, a template, ambiguous names, a literal record, other members of the request, the same name in another function',
      ...flows('src/sql/account.clean.js'),
    },
  ],
  invalid: [
    {
      name: 'raw SQL rows of a table whose columns the project\'s own SQL names (UPDATE … SET in the repository), selected whole or by name; a count, e-mails and roles, and a table of no known columns are clean',
      ...flows('src/sql/info.controller.js'),
      errors: [
        { messageId: 'citizenDataInLog', line: 7, data: { data: 'HoTen of the tai_khoan record at users.repo.js line 9 (+2 more)', duLieu: 'HoTen của bản ghi tai_khoan tại users.repo.js dòng 9 (+2 nguồn khác)', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 17 },
      ],
    },
    {
      name: 'DynamoDB items of a table whose PutCommand item (a local object) names citizen data, read by ScanCommand; the scan\'s parameters, its count, and a table whose items hold none are clean',
      ...flows('src/dynamo/user.store.js'),
      errors: [
        { messageId: 'citizenDataInLog', line: 17, data: { data: 'fullName of the USERS_TABLE record at line 16 (+2 more)', duLieu: 'fullName của bản ghi USERS_TABLE tại dòng 16 (+2 nguồn khác)', sink: 'console.log' } },
      ],
    },
    {
      name: 'a DynamoDB item returned by a store of another file (Items?.[0] ?? null, GetCommand\'s Item) logged whole and stringified; its id and role are clean',
      ...flows('src/dynamo/auth.controller.js'),
      errors: [
        { messageId: 'citizenDataInLog', line: 5, data: { data: 'fullName of the USERS_TABLE record at user.store.js line 16 (+2 more)', duLieu: 'fullName của bản ghi USERS_TABLE tại user.store.js dòng 16 (+2 nguồn khác)', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 13 },
      ],
    },
    {
      name: 'the v2 DocumentClient: get(…).promise() of a table a put(…) describes; a member that is no data, a Map\'s get and a COUNT scan of another table are clean',
      ...flows('src/dynamo/household.v2.js'),
      errors: [{ messageId: 'citizenDataInLog', line: 11, data: { data: 'hoTen of the CongDan record at line 10 (+1 more)', duLieu: 'hoTen của bản ghi CongDan tại dòng 10 (+1 nguồn khác)', sink: 'console.log' } }],
    },
    {
      name: 'a fetched response declared with a type whose data member is a citizen record, logged whole; its status members, a response type with no such member, a blank record the code writes, boolean flags named for fields, and an organisation typed as one (a unit\'s name and phone) are clean',
      ...flows('src/typed/lookup.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 6, data: { data: 'hoTen (citizen-data field) at line 5 (+1 more)', duLieu: 'hoTen (trường dữ liệu công dân) tại dòng 5 (+1 nguồn khác)', sink: 'console.log' } }],
    },
    {
      name: 'a form\'s record logged whole where the component reads its data members; the validation errors and touched flags keyed by the same names are not data',
      ...flows('src/web/person-form.jsx'),
      errors: [{ messageId: 'citizenDataInLog', line: 7 }],
    },
    {
      name: 'notices whose ids alone are logged are clean; their body logged by a helper, and names projected from them, are the member\'s name',
      ...flows('src/chat/group.service.ts'),
      errors: [
        { messageId: 'citizenDataInLog', line: 32 },
        { messageId: 'citizenDataInLog', line: 37 },
      ],
    },
    {
      name: 'EventEmitter2 emit reaches the @OnEvent logger; the case-number event does not',
      ...flows('src/nest/verification.service.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 11 }],
    },
    {
      name: 'bull add reaches the process handler of its job name; the count job does not',
      ...flows('src/queue/legacy.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 14 }],
    },
    {
      name: 'snake_case and upper-case column names; the case number and status are clean',
      ...flows('src/jobs/import-rows.ts'),
      errors: [
        { messageId: 'citizenDataInLog', line: 16 },
        { messageId: 'citizenDataInLog', line: 17 },
        { messageId: 'citizenDataInLog', line: 18 },
      ],
    },
    {
      name: 'a Mongoose document logged whole and stringified; its code and household keys and a Setting document are clean',
      ...flows('src/web/citizens.controller.js'),
      errors: [
        { messageId: 'sensitiveDataInLog', line: 7 },
        { messageId: 'sensitiveDataInLog', line: 9 },
      ],
    },
    {
      name: 'a number the function stores as soCccd is the ID number where it is logged; one stored as a session number or a record key is not',
      ...flows('src/ocr/parse-id.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 7, data: { data: 'soCccd (citizen-data field) at line 7', duLieu: 'soCccd (trường dữ liệu công dân) tại dòng 7', sink: 'console.log' } }],
    },
    {
      name: 'the whole text an ID number is cut out of holds it; other pieces cut from it, and a text a case number is cut from, are clean',
      ...flows('src/ocr/parse-card-text.ts'),
      errors: [
        { messageId: 'citizenDataInLog', line: 4, data: { data: 'soCccd (citizen-data field) at line 4', duLieu: 'soCccd (trường dữ liệu công dân) tại dòng 4', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 6 },
      ],
    },
    {
      name: 'raw SQL rows of a table of no known columns and a session user, in a function that reads their data members; rows of a table the file\'s own UPDATE describes; an untyped body (after the log, destructured, nested in an object)',
      ...flows('src/sql/account.controller.js'),
      errors: [
        { messageId: 'citizenDataInLog', line: 8, data: { data: 'NgaySinh of the req.session.user record at line 9', duLieu: 'NgaySinh của bản ghi req.session.user tại dòng 9', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 16, data: { data: 'so_cccd of the cong_dan record at line 15', duLieu: 'so_cccd của bản ghi cong_dan tại dòng 15', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 22, data: { data: 'cccd of the req.body record at line 23', duLieu: 'cccd của bản ghi req.body tại dòng 23', sink: 'console.info' } },
      ],
    },
    {
      name: 'a session\'s stored user logged whole on another page: the login handler of another file reads its birth date; a cart and a non-data member are clean',
      ...flows('src/sql/account.page.js'),
      errors: [
        { messageId: 'citizenDataInLog', line: 6, data: { data: 'NgaySinh of the session.user record at account.controller.js line 9', duLieu: 'NgaySinh của bản ghi session.user tại account.controller.js dòng 9', sink: 'console.log' } },
      ],
    },
    {
      name: 'a zod-validated body with citizen fields logged whole; a validated status query is clean',
      ...flows('src/web/register.route.ts'),
      errors: [{ messageId: 'citizenDataInLog', line: 6 }],
    },
  ],
});

const paths = projectFile('taint-paths');

createRuleTester(path.join(FIXTURES, 'taint-paths', 'popdb-policy.yaml')).run('no-citizen-data-in-logs (field-sensitive parameter summaries)', rule, {
  valid: [
    { name: 'the helpers log only what their options carry besides the payload', ...paths('src/broker/send-with-retry.ts') },
    { name: 'an outbox that builds the options from its own parameters and hands them to the retrying sender', ...paths('src/broker/outbox.ts') },
  ],
  invalid: [
    {
      name: 'a payload holding the name reaches only the helpers that log the payload, the whole options or a field holding the name; options of no known shape are taken whole',
      ...paths('src/services/registration.service.ts'),
      errors: [
        // lines 18-21: sendWithRetry, sendOnce (destructured), traceOrigin (two-level path) and the outbox log only topic, producer and trace: clean
        { messageId: 'citizenDataInLog', line: 26, data: { data: 'hoTen (citizen-data field) at line 25 via dumpPayload', duLieu: 'hoTen (trường dữ liệu công dân) tại dòng 25 qua dumpPayload', sink: 'logger.debug' } },
        { messageId: 'citizenDataInLog', line: 27, data: { data: 'hoTen (citizen-data field) at line 25 via dumpOptions', duLieu: 'hoTen (trường dữ liệu công dân) tại dòng 25 qua dumpOptions', sink: 'console.log' } },
        { messageId: 'citizenDataInLog', line: 32 },
        { messageId: 'citizenDataInLog', line: 37 },
      ],
    },
  ],
});
