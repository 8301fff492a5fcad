import * as path from 'node:path';
import plugin = require('eslint-plugin-popdb');
import { FIXTURES, createRuleTester, projectFile } from '../../test/rule-tester';

const rule = plugin.rules['no-citizen-data-to-messaging'] as never;
const ruleTester = createRuleTester(path.join(FIXTURES, 'taint-rules', 'popdb-policy.yaml'));

ruleTester.run('no-citizen-data-to-messaging', rule, {
  valid: [
    {
      name: 'a got instance bound to the provincial document service, not a messaging host',
      code: `
import got from 'got';
const vanBan = got.extend({ prefixUrl: 'https://vanban.hue.gov.vn/api' });
export async function luuHoSo(congDan: { hoTen: string; soDinhDanh: string }) {
  await vanBan.post('ho-so', { json: { hoTen: congDan.hoTen, soDinhDanh: congDan.soDinhDanh } });
}`,
    },
    {
      name: 'a Zalo OA status message with the application number only',
      code: `
import axios from 'axios';
export async function thongBaoTrangThai(zaloUserId: string, hoSo: { maHoSo: string; soBienNhan: string; trangThai: string }) {
  const text = \`Hồ sơ \${hoSo.maHoSo} (biên nhận \${hoSo.soBienNhan}) đã chuyển sang trạng thái \${hoSo.trangThai}.\`;
  await axios.post('https://openapi.zalo.me/v3.0/oa/message/cs', { recipient: { user_id: zaloUserId }, message: { text } });
}`,
    },
    {
      name: 'a Telegram alert with the CCCD masked by slice(-4).padStart',
      code: `
import axios from 'axios';
export async function canhBao(chatId: string, soCCCD: string) {
  const an = soCCCD.slice(-4).padStart(soCCCD.length, '*');
  await axios.post(\`https://api.telegram.org/bot\${process.env.TG_TOKEN}/sendMessage\`, { chat_id: chatId, text: \`Tra cứu lỗi cho CCCD \${an}\` });
}`,
    },
    {
      name: 'a CCCD masked with replace(/\\d(?=\\d{4})/g, "*")',
      code: `
import TelegramBot from 'node-telegram-bot-api';
const bot = new TelegramBot(process.env.TG_TOKEN!, { polling: false });
export function baoLoi(chatId: number, cccd: string) {
  return bot.sendMessage(chatId, 'Không xác thực được CCCD ' + cccd.replace(/\\d(?=\\d{4})/g, '*'));
}`,
    },
    {
      name: "a CCCD masked as '*'.repeat(n) + x.slice(-4)",
      code: `
import { Telegraf } from 'telegraf';
const bot = new Telegraf(process.env.BOT_TOKEN!);
export async function nhac(chatId: string, soDinhDanh: string) {
  const hienThi = '*'.repeat(soDinhDanh.length - 4) + soDinhDanh.slice(-4);
  await bot.telegram.sendMessage(chatId, \`Đã nhận yêu cầu của công dân \${hienThi}\`);
}`,
    },
    {
      name: 'a SHA-256 hash of the CCCD, not the number',
      code: `
import { createHash } from 'node:crypto';
import { IncomingWebhook } from '@slack/webhook';
const webhook = new IncomingWebhook(process.env.SLACK_WEBHOOK_URL!);
export async function baoTrung(cccd: string) {
  const khoa = createHash('sha256').update(cccd).digest('hex').slice(0, 12);
  await webhook.send({ text: \`Yêu cầu trùng lặp, khóa \${khoa}\` });
}`,
    },
    {
      name: 'the sanitizer the policy names (maskCccd)',
      code: `
import axios from 'axios';
declare function maskCccd(s: string): string;
export async function gui(chatId: string, soCccd: string) {
  await axios.post('https://api.telegram.org/bot123:ABC/sendMessage', { chat_id: chatId, text: 'CCCD ' + maskCccd(soCccd) });
}`,
    },
    {
      name: 'a project masking function (its summary returns no citizen data)',
      code: `
import axios from 'axios';
function anSo(so: string): string {
  return so.slice(-4).padStart(12, '*');
}
export async function gui(chatId: string, soDinhDanh: string) {
  await axios.post('https://api.telegram.org/bot123:ABC/sendMessage', { chat_id: chatId, text: anSo(soDinhDanh) });
}`,
    },
    {
      name: 'a count of population-DB results, not the results',
      code: `
import axios from 'axios';
declare const dancuClient: { traCuuDanhSach(maXa: string): Promise<{ HoVaTen: string }[]> };
export async function baoCao(maXa: string) {
  const ds = await dancuClient.traCuuDanhSach(maXa);
  await axios.post(process.env.SLACK_HOOK ?? 'https://hooks.slack.com/services/T000/B000/XXXX', { text: \`Xã \${maXa}: \${ds.length} công dân\` });
}`,
    },
    {
      name: 'presence checks (!!, ternary condition, Boolean, typeof) do not carry the data',
      code: `
import { Telegraf } from 'telegraf';
const bot = new Telegraf(process.env.BOT_TOKEN!);
declare const dancuClient: { traCuu(so: string): Promise<{ SoDinhDanh: string; HoVaTen?: string } | null> };
bot.command('kiemtra', async (ctx) => {
  const congDan = await dancuClient.traCuu(ctx.message.text.split(' ')[1]);
  const coTen = Boolean(congDan?.HoVaTen);
  const kieu = typeof congDan?.SoDinhDanh;
  await ctx.reply(!!congDan ? \`Có dữ liệu (tên: \${coTen ? 'có' : 'không'}, kiểu \${kieu})\` : 'Không tìm thấy');
});`,
    },
    {
      name: 'comparing the response with the request is a fact, not data',
      code: `
import axios from 'axios';
export async function xacThuc(chatId: string, soDinhDanh: string) {
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/XacThucThongTinCongDan', { SoDinhDanh: soDinhDanh });
  const khop = res.data.SoDinhDanh === soDinhDanh && res.data.HoVaTen.includes('Nguyễn');
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: khop ? 'Khớp' : 'Không khớp' });
}`,
    },
    {
      name: 'status fields of the response (status, maKetQua, message) are not citizen data',
      code: `
import axios from 'axios';
export async function traCuu(soDinhDanh: string) {
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: soDinhDanh });
  await fetch('https://discord.com/api/webhooks/1/abc', { method: 'POST', body: JSON.stringify({ content: \`LGSP trả \${res.status}, mã \${res.data.maKetQua}: \${res.data.message}\` }) });
}`,
    },
    {
      name: 'field labels from a constant object are text, not a person',
      code: `
import { Telegraf } from 'telegraf';
const NHAN = { hoTen: 'Họ và tên', soDinhDanh: 'Số định danh cá nhân', ngaySinh: 'Ngày sinh' };
const bot = new Telegraf(process.env.BOT_TOKEN!);
bot.on('text', (ctx) => ctx.reply(\`Vui lòng nhập đủ: \${NHAN.hoTen}, \${NHAN.soDinhDanh}, \${NHAN.ngaySinh}\`));`,
    },
    {
      name: 'citizen data sent to the population DB itself (the query) is not messaging',
      code: `
import axios from 'axios';
export async function traCuu(soDinhDanh: string, hoTen: string) {
  return axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/XacMinhThongTinNhanThan', { SoDinhDanh: soDinhDanh, HoVaTen: hoTen });
}`,
    },
    {
      name: 'citizen data posted to the internal case-management API is not a messaging app',
      code: `
import axios from 'axios';
export async function luuHoSo(hoSo: { soDinhDanh: string; hoTen: string }) {
  await axios.post('https://motcua.binhdinh.gov.vn/api/ho-so', { soDinhDanh: hoSo.soDinhDanh, hoTen: hoSo.hoTen });
}`,
    },
    {
      name: 'a wrapper that ignores its citizen argument and sends fixed text',
      code: `
import axios from 'axios';
async function baoXong(congDan: { HoVaTen: string }, chatId: string) {
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: 'Đã xử lý xong một yêu cầu' });
}
export async function xuLy(congDan: { HoVaTen: string }) {
  await baoXong(congDan, '-100200');
}`,
    },
    {
      name: 'a variable overwritten with status text before it is sent',
      code: `
import axios from 'axios';
export async function gui(chatId: string, congDan: { HoVaTen: string }) {
  let noiDung = congDan.HoVaTen;
  noiDung = 'Hồ sơ đã được tiếp nhận';
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: noiDung });
}`,
    },
    {
      name: 'a handler registered inside a setup function overwrites its own variable before sending',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
export function dangKyLenh(bot: Telegraf) {
  bot.command('xacminh', async (ctx) => {
    const cd = await dancuClient.traCuu(ctx.message.text.split(' ')[1]);
    let traLoi = cd.HoVaTen;
    traLoi = 'Đã xác minh, kết quả gửi qua hệ thống một cửa';
    await ctx.reply(traLoi);
  });
}`,
    },
    {
      name: 'a module-level counter written by the lookup function is not data',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<object> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
let soLuot = 0;
export async function traCuu(so: string) {
  soLuot += 1;
  return dancuClient.traCuu(so);
}
export const baoCao = (chatId: string) => bot.telegram.sendMessage(chatId, \`Đã tra cứu \${soLuot} lượt\`);`,
    },
    {
      name: 'the list of fields the response has (Object.keys), not their values',
      code: `
import axios from 'axios';
export async function kiemTraCauTruc(so: string, chatId: string) {
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so });
  const truong = Object.keys(res.data).sort().join(', ');
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: \`LGSP trả các trường: \${truong}\` });
}`,
    },
    {
      name: "a ZNS status message addressed to the citizen's phone number (the address, not the content)",
      code: `
import axios from 'axios';
export async function baoTrangThai(dto: { soDienThoai: string; maHoSo: string }) {
  await axios.post('https://business.openapi.zalo.me/message/template', {
    phone: dto.soDienThoai,
    template_id: '231457',
    template_data: { ma_ho_so: dto.maHoSo, trang_thai: 'Đã tiếp nhận' },
  });
}`,
    },
    {
      name: "a WhatsApp status message to the citizen's own number",
      code: `
import { Client } from 'whatsapp-web.js';
const client = new Client({});
export async function nhac(congDan: { soDienThoai: string }, maHoSo: string) {
  await client.sendMessage(\`84\${congDan.soDienThoai.slice(1)}@c.us\`, \`Hồ sơ \${maHoSo} đã có kết quả.\`);
}`,
    },
    {
      name: 'the agency name (donVi.ten) is not a citizen name',
      code: `
import axios from 'axios';
export async function chaoMung(userId: string, donVi: { ten: string; diaChiTruSo: string }) {
  await axios.post('https://openapi.zalo.me/v3.0/oa/message/cs', { recipient: { user_id: userId }, message: { text: \`\${donVi.ten} cảm ơn ông/bà đã sử dụng dịch vụ.\` } });
}`,
    },
    {
      name: 'a 12-digit order number that is not a CCCD (no province prefix)',
      code: `
import axios from 'axios';
const soCccdDonHang = '202401150001';
export async function gui(chatId: string) {
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: 'Đơn ' + soCccdDonHang });
}`,
    },
    {
      name: 'a CCCD-shaped literal in a non-identifying context (a transaction code)',
      code: `
import axios from 'axios';
const maGiaoDich = '001203004567';
export async function gui(chatId: string) {
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: 'Giao dịch ' + maGiaoDich });
}`,
    },
    {
      name: 'an email via nodemailer is outside this rule (not an OTT app)',
      code: `
import nodemailer from 'nodemailer';
const mailer = nodemailer.createTransport({ host: 'mail.binhdinh.gov.vn' });
export async function guiMail(to: string, hoTen: string) {
  await mailer.sendMail({ to, subject: 'Kết quả', text: \`Kính gửi \${hoTen}\` });
}`,
    },
    {
      name: 'a project class named Bot that stores to the database is not a messaging SDK',
      code: `
class Bot {
  constructor(private readonly db: { insert(x: unknown): Promise<void> }) {}
  async sendMessage(to: string, text: string) { await this.db.insert({ to, text }); }
}
declare const db: { insert(x: unknown): Promise<void> };
const bot = new Bot(db);
export const luu = (hoTen: string) => bot.sendMessage('queue', hoTen);`,
    },
    {
      name: 'the error text of a failed lookup carries no citizen data',
      code: `
import { WebhookClient } from 'discord.js';
const hook = new WebhookClient({ url: process.env.DISCORD_HOOK! });
declare const dancuClient: { traCuu(so: string): Promise<unknown> };
export async function traCuu(soDinhDanh: string) {
  try {
    return await dancuClient.traCuu(soDinhDanh);
  } catch (err) {
    await hook.send({ content: \`LGSP lỗi: \${(err as Error).message}\` });
    throw err;
  }
}`,
    },
    {
      name: 'the response id and application number of a WhatsApp template message',
      code: `
import axios from 'axios';
export async function nhacLichHen(phoneId: string, to: string, hoSo: { maHoSo: string; id: string }) {
  await axios.post(\`https://graph.facebook.com/v19.0/\${phoneId}/messages\`, {
    messaging_product: 'whatsapp', to, type: 'template',
    template: { name: 'lich_hen', language: { code: 'vi' }, components: [{ type: 'body', parameters: [{ type: 'text', text: hoSo.maHoSo }] }] },
  });
}`,
    },
    {
      name: 'the Graph API outside /messages (reading a page) is not a message',
      code: `
import axios from 'axios';
export async function layTrang(pageId: string, hoTen: string) {
  return axios.get(\`https://graph.facebook.com/v19.0/\${pageId}?fields=name\`, { params: { q: hoTen } });
}`,
    },
    {
      name: 'grammy bot replying with a count of citizens found by the policy client call',
      code: `
import { Bot } from 'grammy';
declare const dancuClient: { timTheoXa(maXa: string): Promise<{ SoDinhDanh: string }[]> };
const bot = new Bot(process.env.BOT_TOKEN!);
bot.command('thongke', async (ctx) => {
  const ds = await dancuClient.timTheoXa('27280');
  await ctx.reply(\`Có \${ds.length} công dân, \${ds.filter((c) => c.SoDinhDanh.startsWith('052')).length} sinh tại Bình Định\`);
});`,
    },
    {
      name: 'Slack web-api chat.postMessage with an aggregated figure',
      code: `
import { WebClient } from '@slack/web-api';
const slack = new WebClient(process.env.SLACK_TOKEN);
export async function tongKet(ketQua: { hoTen: string; hopLe: boolean }[]) {
  const hopLe = ketQua.filter((k) => k.hopLe).length;
  await slack.chat.postMessage({ channel: '#mot-cua', text: \`\${hopLe}/\${ketQua.length} hồ sơ hợp lệ\` });
}`,
    },
    {
      name: 'the audit log records the lookup; only status goes to Telegram',
      code: `
import axios from 'axios';
declare function auditLog(entry: object): void;
declare function traCuuCongDan(so: string): Promise<{ HoVaTen: string }>;
export async function tra(canBo: string, ip: string, soDinhDanh: string, chatId: string) {
  const cd = await traCuuCongDan(soDinhDanh);
  auditLog({ taiKhoan: canBo, thoiGian: new Date(), noiDung: soDinhDanh, diaChiIp: ip, ketQua: cd.HoVaTen });
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: 'Đã tra cứu 1 công dân' });
}`,
    },
    {
      name: 'zca-js sending a reminder built from the appointment time only',
      code: `
import { Zalo } from 'zca-js';
export async function nhac(threadId: string, lich: { gio: string; ngay: string }) {
  const zalo = new Zalo();
  const api = await zalo.login({ cookie: process.env.ZALO_COOKIE, imei: process.env.ZALO_IMEI, userAgent: 'x' });
  await api.sendMessage(\`Lịch hẹn nhận kết quả: \${lich.gio} ngày \${lich.ngay}\`, threadId);
}`,
    },
    {
      name: 'the policy sanitizer anThongTin applied inside a template',
      code: `
import { IncomingWebhook } from '@slack/webhook';
declare function anThongTin(s: string): string;
const hook = new IncomingWebhook(process.env.SLACK_URL!);
export const bao = (hoTen: string, soDinhDanh: string) => hook.send(\`Công dân \${anThongTin(hoTen)} - \${anThongTin(soDinhDanh)}\`);`,
    },
    {
      name: 'whatsapp-web.js replying with a fixed text in a message handler',
      code: `
import { Client } from 'whatsapp-web.js';
const client = new Client({});
client.on('message', async (msg) => {
  if (msg.body.startsWith('CCCD')) await msg.reply('Vì lý do bảo mật, vui lòng tra cứu trên Cổng dịch vụ công.');
});`,
    },
  ],
  invalid: [
    {
      name: 'a got instance bound to Zalo OA (got.extend prefixUrl) sends the citizen name',
      code: `
import got from 'got';
const zalo = got.extend({ prefixUrl: 'https://openapi.zalo.me/v3.0/oa' });
export async function baoZalo(userId: string, congDan: { hoTen: string }) {
  await zalo.post('message/cs', { json: { recipient: { user_id: userId }, message: { text: congDan.hoTen } } });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'a population-DB response field posted to the Telegram Bot API',
      code: `
import axios from 'axios';
export async function traCuuVaBao(soDinhDanh: string, chatId: string) {
  const res = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: soDinhDanh });
  const cd = res.data.CongDan;
  await axios.post(\`https://api.telegram.org/bot\${process.env.TG_TOKEN}/sendMessage\`, { chat_id: chatId, text: \`Công dân \${cd.HoVaTen}\` });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 6, column: 9 }],
    },
    {
      name: 'a CCCD in the query string of a Telegram sendMessage URL (fetch)',
      code: `
export async function bao(chatId: string, soCCCD: string) {
  await fetch(\`https://api.telegram.org/bot\${process.env.TG_TOKEN}/sendMessage?chat_id=\${chatId}&text=\${encodeURIComponent('CCCD ' + soCCCD)}\`);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 3, column: 9 }],
    },
    {
      name: 'a request body field sent to a Zalo OA message with JSON.stringify',
      code: `
import type { Request, Response } from 'express';
export async function dangKy(req: Request, res: Response) {
  const body = JSON.stringify({ recipient: { user_id: req.body.zaloId }, message: { text: \`Đã nhận hồ sơ của \${req.body.hoTen}\` } });
  await fetch('https://openapi.zalo.me/v3.0/oa/message/cs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  res.json({ ok: true });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'a date of birth sent through the Messenger Send API',
      code: `
import axios from 'axios';
export function xacNhan(psid: string, hoSo: { ngaySinh: string }) {
  return axios.post('https://graph.facebook.com/v19.0/me/messages', { recipient: { id: psid }, message: { text: 'Ngày sinh: ' + hoSo.ngaySinh } }, { params: { access_token: process.env.PAGE_TOKEN } });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 10 }],
    },
    {
      name: 'a permanent address sent to Viber send_message',
      code: `
import axios from 'axios';
export async function guiViber(receiver: string, congDan: { noiThuongTru: string }) {
  await axios({ method: 'post', url: 'https://chatapi.viber.com/pa/send_message', data: { receiver, type: 'text', text: congDan.noiThuongTru } });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 9 }],
    },
    {
      name: 'a whole citizen record spread into a Slack webhook payload',
      code: `
import axios from 'axios';
declare function traCuuCongDan(so: string): Promise<{ HoVaTen: string; NgayThangNamSinh: string }>;
export async function debugTraCuu(so: string) {
  const congDan = await traCuuCongDan(so);
  const payload = { text: 'Kết quả tra cứu', attachments: [{ fields: [{ ...congDan }] }] };
  await axios.post('https://hooks.slack.com/services/T01/B02/abc', payload);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'a Discord webhook via fetch with the citizen name',
      code: `
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
export async function baoDiscord(so: string) {
  const cd = await dancuClient.traCuu(so);
  await fetch(process.env.DISCORD ?? 'https://discord.com/api/webhooks/123/tok', { method: 'POST', body: JSON.stringify({ content: cd.HoVaTen }) });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'telegraf ctx.reply in a command handler with the population-DB result',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string; NoiOHienTai: string }> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
bot.command('tracuu', async (ctx) => {
  const so = ctx.message.text.split(' ')[1];
  const cd = await dancuClient.traCuu(so);
  await ctx.reply(\`\${cd.HoVaTen} - \${cd.NoiOHienTai}\`);
});`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 8, column: 9 }],
    },
    {
      name: 'telegraf bot.telegram.sendMessage from a module-level bot',
      code: `
import { Telegraf } from 'telegraf';
const bot = new Telegraf(process.env.BOT_TOKEN!);
export async function baoNhom(hoSo: { soDinhDanh: string; maHoSo: string }) {
  await bot.telegram.sendMessage(process.env.GROUP_ID!, \`Hồ sơ \${hoSo.maHoSo} của CCCD \${hoSo.soDinhDanh}\`);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'node-telegram-bot-api after a .then(r => r.data) lookup',
      code: `
import TelegramBot from 'node-telegram-bot-api';
import axios from 'axios';
const bot = new TelegramBot(process.env.TG!, { polling: true });
export function tra(chatId: number, so: string) {
  axios
    .post('https://lgsp.binhdinh.gov.vn/dancu/v1/TraCuuThongTinCongDan', { SoDinhDanh: so })
    .then((r) => r.data)
    .then((data) => bot.sendMessage(chatId, 'Kết quả: ' + data.HoVaTen));
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 9, column: 21 }],
    },
    {
      name: 'node-telegram-bot-api sendDocument with the JSON of a citizen',
      code: `
import TelegramBot from 'node-telegram-bot-api';
declare function traCuuCongDan(so: string): Promise<object>;
const bot = new TelegramBot(process.env.TG!);
export async function xuat(chatId: number, so: string) {
  const congDan = await traCuuCongDan(so);
  await bot.sendDocument(chatId, Buffer.from(JSON.stringify(congDan, null, 2)), {}, { filename: 'congdan.json' });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'zca-js api.sendMessage from a personal Zalo account',
      code: `
import { Zalo } from 'zca-js';
export async function guiChoCanBo(threadId: string, hoSo: { hoTen: string; cccd: string }) {
  const zalo = new Zalo();
  const api = await zalo.login({ cookie: process.env.ZALO_COOKIE, imei: process.env.ZALO_IMEI, userAgent: 'x' });
  await api.sendMessage(\`Hồ sơ: \${hoSo.hoTen}, CCCD \${hoSo.cccd}\`, threadId);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 6, column: 9 }],
    },
    {
      name: '@slack/webhook IncomingWebhook#send',
      code: `
import { IncomingWebhook } from '@slack/webhook';
const webhook = new IncomingWebhook(process.env.SLACK_WEBHOOK_URL!);
export async function baoLoi(hoSo: { soCCCD: string }, loi: Error) {
  await webhook.send({ text: \`Lỗi xử lý CCCD \${hoSo.soCCCD}: \${loi.message}\` });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: '@slack/web-api chat.postMessage',
      code: `
import { WebClient } from '@slack/web-api';
const slack = new WebClient(process.env.SLACK_TOKEN);
export async function chuyen(nguoiNop: { hoVaTen: string; ngaySinh: string }) {
  await slack.chat.postMessage({ channel: '#tiep-nhan', text: \`\${nguoiNop.hoVaTen} (\${nguoiNop.ngaySinh})\` });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'discord.js WebhookClient#send',
      code: `
import { WebhookClient } from 'discord.js';
const hook = new WebhookClient({ url: process.env.DISCORD_HOOK! });
export const bao = (citizenId: string) => hook.send({ content: 'Tra cứu công dân ' + citizenId });`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 43 }],
    },
    {
      name: 'whatsapp-web.js client.sendMessage in a message handler',
      code: `
import { Client } from 'whatsapp-web.js';
import axios from 'axios';
const client = new Client({});
client.on('message', async (msg) => {
  const res = await axios.get(\`https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan?so=\${msg.body}\`);
  await client.sendMessage(msg.from, \`Họ tên: \${res.data.HoVaTen}\`);
});`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'viber-bot sendMessage with a TextMessage built from citizen data',
      code: `
import { Bot, Message } from 'viber-bot';
const bot = new Bot({ authToken: process.env.VIBER_TOKEN, name: 'Một cửa', avatar: '' });
export function traLoi(userProfile: unknown, congDan: { hoTen: string; queQuan: string }) {
  return bot.sendMessage(userProfile, new Message.Text(\`\${congDan.hoTen}, quê quán \${congDan.queQuan}\`));
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 10 }],
    },
    {
      name: 'a NestJS service with an injected Telegraf bot',
      code: `
import { Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf, Context } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ SoDinhDanh: string; HoVaTen: string }> };
@Injectable()
export class CanhBaoService {
  constructor(@InjectBot() private readonly bot: Telegraf<Context>) {}
  async canhBao(so: string) {
    const cd = await dancuClient.traCuu(so);
    await this.bot.telegram.sendMessage(process.env.GROUP!, \`Cảnh báo: \${cd.HoVaTen}\`);
  }
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 11, column: 11 }],
    },
    {
      name: 'a same-file wrapper whose parameter reaches Telegram: the finding sits on the wrapper call',
      code: `
import axios from 'axios';
async function guiNhom(noiDung: string) {
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: '-100', text: noiDung });
}
export async function xuLy(hoSo: { soDinhDanh: string }) {
  await guiNhom('CCCD: ' + hoSo.soDinhDanh);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'a class field set by one method and sent by another',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
export class PhienTraCuu {
  private ketQua: { HoVaTen: string } | undefined;
  private readonly bot = new Telegraf(process.env.BOT_TOKEN!);
  async tra(so: string) {
    this.ketQua = await dancuClient.traCuu(so);
  }
  async gui(chatId: string) {
    await this.bot.telegram.sendMessage(chatId, 'Kết quả: ' + this.ketQua?.HoVaTen);
  }
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 11, column: 11 }],
    },
    {
      name: 'a closure that captures the looked-up citizen',
      code: `
import TelegramBot from 'node-telegram-bot-api';
declare function traCuuCongDan(so: string): Promise<{ HoVaTen: string }>;
const bot = new TelegramBot(process.env.TG!);
export async function xuLy(chatId: number, so: string) {
  const congDan = await traCuuCongDan(so);
  const bao = () => bot.sendMessage(chatId, \`Đang xử lý hồ sơ của \${congDan.HoVaTen}\`);
  setTimeout(bao, 1000);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 21 }],
    },
    {
      name: 'nested destructuring of the response',
      code: `
import axios from 'axios';
export async function tra(so: string, chatId: string) {
  const { data: { CongDan: { SoDinhDanh: soDD } } } = await axios.post('https://lgsp.binhdinh.gov.vn/dancu/v1/CungCapThongTinCongDan', { SoDinhDanh: so });
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: soDD });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'religion from the population DB is sensitive (Decree 13)',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ TonGiao: string }> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
export async function thongKe(so: string, chatId: string) {
  const cd = await dancuClient.traCuu(so);
  await bot.telegram.sendMessage(chatId, 'Tôn giáo: ' + cd.TonGiao);
}`,
      errors: [{ messageId: 'sensitiveDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'blood type is personal data but not sensitive under Decree 13 (not health data)',
      code: `
import axios from 'axios';
export async function hienMau(userId: string, congDan: { NhomMau: string }) {
  await axios.post('https://openapi.zalo.me/v3.0/oa/message/cs', { recipient: { user_id: userId }, message: { text: 'Nhóm máu ' + congDan.NhomMau } });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 9 }],
    },
    {
      name: 'ethnicity from a request body to Zalo is sensitive',
      code: `
import axios from 'axios';
import type { Request } from 'express';
export async function khaoSat(req: Request) {
  await axios.post('https://openapi.zalo.me/v3.0/oa/message/cs', { recipient: { user_id: req.body.zaloId }, message: { text: \`Dân tộc: \${req.body.danToc}\` } });
}`,
      errors: [{ messageId: 'sensitiveDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'a CCCD literal used as an ID and sent to Telegram',
      code: `
import axios from 'axios';
const soCccdThuNghiem = '052203001234';
export async function thu(chatId: string) {
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text: 'Thử với ' + soCccdThuNghiem });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'rows pushed into an array and joined into one message',
      code: `
import { IncomingWebhook } from '@slack/webhook';
declare const dancuClient: { danhSach(maXa: string): Promise<{ HoVaTen: string; SoDinhDanh: string }[]> };
const hook = new IncomingWebhook(process.env.SLACK!);
export async function baoCao(maXa: string) {
  const ds = await dancuClient.danhSach(maXa);
  const dong: string[] = [];
  for (const cd of ds) dong.push(\`\${cd.SoDinhDanh} \${cd.HoVaTen}\`);
  await hook.send({ text: dong.join('\\n') });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 9, column: 9 }],
    },
    {
      name: 'a message built with += in a loop',
      code: `
import axios from 'axios';
export async function tongHop(dsHoSo: { hoTen: string }[], chatId: string) {
  let text = 'Danh sách:';
  for (const hs of dsHoSo) {
    text += '\\n- ' + hs.hoTen;
  }
  await axios.post('https://api.telegram.org/bot1:A/sendMessage', { chat_id: chatId, text });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 8, column: 9 }],
    },
    {
      name: 'URLSearchParams carrying the name to Telegram',
      code: `
import axios from 'axios';
export async function gui(chatId: string, fullName: string) {
  const params = new URLSearchParams({ chat_id: chatId, text: 'Xin chào ' + fullName });
  await axios.get('https://api.telegram.org/bot1:A/sendMessage?' + params.toString());
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'an axios instance created with the Telegram base URL',
      code: `
import axios from 'axios';
const tg = axios.create({ baseURL: 'https://api.telegram.org/bot' + process.env.TG_TOKEN });
export async function gui(chatId: string, hoSo: { hoTen: string }) {
  await tg.post('/sendMessage', { chat_id: chatId, text: hoSo.hoTen });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'a SOAP operation result forwarded to Slack',
      code: `
import * as soap from 'soap';
import axios from 'axios';
export async function xacMinh(so: string) {
  const client = await soap.createClientAsync(process.env.WSDL!);
  const [ketQua] = await client.XacMinhThongTinNhanThanAsync({ SoDinhDanh: so });
  await axios.post('https://hooks.slack.com/services/T/B/x', { text: JSON.stringify(ketQua) });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'grammy reply with a field of the policy client call result',
      code: `
import { Bot } from 'grammy';
declare const dancuClient: { traCuu(so: string): Promise<{ NgayThangNamSinh: string }> };
const bot = new Bot(process.env.BOT_TOKEN!);
bot.on('message:text', async (ctx) => {
  const cd = await dancuClient.traCuu(ctx.message.text);
  await ctx.reply('Ngày sinh: ' + cd.NgayThangNamSinh);
});`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 7, column: 9 }],
    },
    {
      name: 'Object.assign puts the name into the payload',
      code: `
export async function gui(chatId: string, congDan: { hoVaTen: string }) {
  const payload: Record<string, string> = { chat_id: chatId };
  Object.assign(payload, { text: congDan.hoVaTen });
  await fetch('https://api.telegram.org/bot1:A/sendMessage', { method: 'POST', body: JSON.stringify(payload) });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'a response stored under a computed key of the payload',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<object> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
export async function xuat(so: string, truong: string) {
  const payload: Record<string, unknown> = { nguon: 'LGSP' };
  payload[truong] = await dancuClient.traCuu(so);
  await bot.telegram.sendMessage('-100', JSON.stringify(payload));
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 8, column: 9 }],
    },
    {
      name: 'a library iterator (async.eachSeries) hands each record to its callback',
      code: `
import async from 'async';
import { IncomingWebhook } from '@slack/webhook';
declare const dancuClient: { danhSach(maXa: string): Promise<object[]> };
const hook = new IncomingWebhook(process.env.SLACK!);
export async function guiTung(maXa: string) {
  const ds = await dancuClient.danhSach(maXa);
  async.eachSeries(ds, (cd: object, xong: () => void) => {
    hook.send({ text: JSON.stringify(cd) }).then(() => xong());
  });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 9, column: 5 }],
    },
    {
      name: 'superagent: the body is sent by a call chained on the request',
      code: `
import request from 'superagent';
export async function gui(chatId: string, congDan: { soDinhDanh: string }) {
  await request
    .post('https://api.telegram.org/bot1:A/sendMessage')
    .set('Content-Type', 'application/json')
    .send({ chat_id: chatId, text: congDan.soDinhDanh });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 9 }],
    },
    {
      name: 'a callback that may run later adds to, but does not replace, an outer variable',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
export async function thongBao(so: string, ds: string[]) {
  let noiDung = (await dancuClient.traCuu(so)).HoVaTen;
  ds.forEach(() => {
    noiDung = 'Đã xử lý';
  });
  await bot.telegram.sendMessage('-100', noiDung);
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 10, column: 9 }],
    },
    {
      name: 'a module-level variable written by one function and sent by another',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<object> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
let ketQuaGanNhat: object | undefined;
export async function traCuu(so: string) {
  ketQuaGanNhat = await dancuClient.traCuu(so);
}
export function guiKetQua(chatId: string) {
  return bot.telegram.sendMessage(chatId, JSON.stringify(ketQuaGanNhat));
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 10, column: 10 }],
    },
    {
      // the variable's taint is read from the functions whose syntax may write it: a shorthand destructuring, a mutator, a callback
      name: 'module-level variables filled by a destructuring, push and a callback, sent by other functions',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ congDan: object }> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
let congDan: object | undefined;
let daTra: object[] = [];
let cuoi: object | undefined;
let nhan = 'lô';
export async function tra(so: string) { ({ congDan } = await dancuClient.traCuu(so)); }
export async function them(so: string) { daTra.push(await dancuClient.traCuu(so)); }
export function tiep(so: string) { return dancuClient.traCuu(so).then((kq) => { cuoi = kq; }); }
export function datNhan(ma: string) { nhan = \`lô \${ma}\`; }
export const gui1 = (chatId: string) => bot.telegram.sendMessage(chatId, JSON.stringify(congDan));
export const gui2 = (chatId: string) => bot.telegram.sendMessage(chatId, JSON.stringify(daTra));
export const gui3 = (chatId: string) => bot.telegram.sendMessage(chatId, JSON.stringify(cuoi));
export const gui4 = (chatId: string) => bot.telegram.sendMessage(chatId, \`xong \${nhan}\`);`,
      errors: [
        { messageId: 'citizenDataToMessaging', line: 13, column: 41 },
        { messageId: 'citizenDataToMessaging', line: 14, column: 41 },
        { messageId: 'citizenDataToMessaging', line: 15, column: 41 },
      ],
    },
    {
      name: 'a value assigned late in one iteration and sent early in the next',
      code: `
import { Telegraf } from 'telegraf';
declare const dancuClient: { traCuu(so: string): Promise<{ HoVaTen: string }> };
const bot = new Telegraf(process.env.BOT_TOKEN!);
export async function lanLuot(dsSo: string[]) {
  let truoc: { HoVaTen: string } | undefined;
  for (const so of dsSo) {
    if (truoc) await bot.telegram.sendMessage('-100', \`Xong: \${truoc.HoVaTen}\`);
    truoc = await dancuClient.traCuu(so);
  }
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 8, column: 22 }],
    },
    {
      name: 'a ZNS template whose data carries the name from the population DB',
      code: `
import axios from 'axios';
export async function xacNhan(dto: { soDienThoai: string; soDinhDanh: string }) {
  const res = await axios.post(\`\${process.env.DANCU_API_URL}/CungCapThongTinCongDan\`, { SoDinhDanh: dto.soDinhDanh });
  await axios.post('https://business.openapi.zalo.me/message/template', {
    phone: dto.soDienThoai,
    template_id: '231456',
    template_data: { ten_khach_hang: res.data.HoVaTen },
  });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 5, column: 9 }],
    },
    {
      name: 'a messaging host added by the policy (messaging.hosts)',
      code: `
import axios from 'axios';
export async function gui(phongId: string, hoSo: { soDinhDanh: string }) {
  await axios.post(\`https://chat.binhdinh.gov.vn/api/rooms/\${phongId}/messages\`, { body: hoSo.soDinhDanh });
}`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 9 }],
    },
    {
      name: 'a citizen-data field the policy adds (maHoSoCongDan)',
      code: `
import { Telegraf } from 'telegraf';
const bot = new Telegraf(process.env.BOT_TOKEN!);
export const bao = (hs: { maHoSoCongDan: string }) => bot.telegram.sendMessage('-100', hs.maHoSoCongDan);`,
      errors: [{ messageId: 'citizenDataToMessaging', line: 4, column: 55 }],
    },
  ],
});

const flows = projectFile('taint-flows');

createRuleTester(path.join(FIXTURES, 'taint-flows', 'popdb-policy.yaml')).run('no-citizen-data-to-messaging (events, queues, callbacks, SDK imports)', rule, {
  valid: [
    { name: 'the listeners themselves: their data arrives with the event and is reported where it is emitted', ...flows('src/events/telegram-listener.ts') },
    { name: 'a bullmq worker: the job data is reported where the job is queued', ...flows('src/queue/worker.ts') },
    { name: 'NestJS queue consumers: the job data is reported where the job is queued', ...flows('src/nest/ho-so.consumer.ts') },
  ],
  invalid: [
    {
      name: 'a lookup emitted on an EventEmitter reaches a Telegraf listener in another file; the case-number event does not',
      ...flows('src/events/publisher.ts'),
      errors: [{ messageId: 'citizenDataToMessaging', line: 7 }],
    },
    {
      name: 'a bullmq job with the citizen reaches the Zalo OA worker of its queue; the status job does not',
      ...flows('src/queue/producer.ts'),
      errors: [{ messageId: 'citizenDataToMessaging', line: 9 }],
    },
    {
      name: 'NestJS bull: a named job reaches its @Process method, a job without a name the bullmq WorkerHost of its queue (imported under another name); the count job does not',
      ...flows('src/nest/ho-so.producer.ts'),
      errors: [
        { messageId: 'citizenDataToMessaging', line: 15 },
        { messageId: 'citizenDataToMessaging', line: 17 },
      ],
    },
    {
      name: 'viber-bot imported by destructuring: the name is reported, the status text is not',
      ...flows('src/bots/viber.ts'),
      errors: [{ messageId: 'citizenDataToMessaging', line: 8 }],
    },
    {
      name: 'node-telegram-bot-api by require: a forEach callback, a .then chain and a setTimeout; a setImmediate count is clean',
      ...flows('src/bots/telegram-bot.js'),
      errors: [
        { messageId: 'citizenDataToMessaging', line: 9 },
        { messageId: 'citizenDataToMessaging', line: 11 },
        { messageId: 'citizenDataToMessaging', line: 12 },
      ],
    },
  ],
});
