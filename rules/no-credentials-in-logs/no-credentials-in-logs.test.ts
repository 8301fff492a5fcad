import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from './rule';
import { FIXTURES, createRuleTester } from '../../test/rule-tester';
import { createFileLinter } from '../../test/file-linter';
import { createEslint, lintText } from '@popdb-guard/engine';
import { policyFor } from '@popdb-guard/core';
import plugin = require('eslint-plugin-popdb');

const PROJECT = path.join(FIXTURES, 'credentials-in-logs');
const POLICY = path.join(PROJECT, 'popdb-policy.yaml');
const ruleTester = createRuleTester(POLICY);

/** A file of the multi-file fixture project, linted as itself (its imports resolve to the files beside it). */
const projectFile = (rel: string) => ({ filename: path.join(PROJECT, rel), code: fs.readFileSync(path.join(PROJECT, rel), 'utf8') });
/** An inline case placed inside the fixture project, so that it reads the same policy. */
const at = (rel: string) => path.join(PROJECT, rel);

// Valid cases include the traps a naive rule would flag; invalid cases assert messageId, line and column.
ruleTester.run(rule.meta.name, plugin.rules[rule.meta.name], {
  valid: [
    {
      name: 'a typed event logged whole: a member of a declared object type two levels down (document.pin: Pin) is that record, and a method written as a property (record.pin = (id) => …) no value, not a PIN',
      ...projectFile('src/history/event-item.ts'),
      code: fs.readFileSync(path.join(PROJECT, 'src/history/event-item.ts'), 'utf8').split('// A one-time code')[0],
    },
    {
      name: 'passport\'s req.login(user) starts a session for a user record: the user is not a login body',
      filename: at('src/inline/passport-login.js'),
      code: `
export function afterVerify(req, res, next) {
  return function (user) {
    req.login(user, (err) => (err ? next(err) : res.redirect('/')));
    console.log('logged in', user);
  };
}`,
    },
    {
      name: 'a lifecycle event of a connection built with a token (close, open, status) is the event, not the token',
      filename: at('src/inline/socket-close.ts'),
      code: `
declare const Logger: { debug(label: string, message: string, extra?: unknown): void };
declare class Provider { constructor(o: { url: string; token: string }); on(event: string, cb: (ev: unknown) => void): void }
export function connect(url: string, collaborationToken: string) {
  const provider = new Provider({ url, token: collaborationToken });
  provider.on('close', (ev) => Logger.debug('collaboration', 'close', ev));
  provider.on('status', (ev) => Logger.debug('collaboration', 'status', ev));
  return provider;
}`,
    },
    {
      name: 'what a token set says about itself (its type, scopes, expiry), not the tokens',
      filename: at('src/inline/token-type.ts'),
      code: `
declare const logger: { warn(o: object): void; info(o: object): void };
declare function exchangeCode(code: string): Promise<{ tokenType(): string; accessToken(): string; getScopes(): string[]; expiresIn(): number }>;
export async function callback(code: string) {
  const tokens = await exchangeCode(code);
  if (tokens.tokenType() !== 'SAD') logger.warn({ event: 'unexpected_token_type', actual: tokens.tokenType() });
  logger.info({ scopes: tokens.getScopes(), ttl: tokens.expiresIn() });
  return tokens.accessToken();
}`,
    },
    {
      name: 'logging that a password was changed, with the account only',
      filename: at('src/inline/changed.ts'),
      code: `
import { Logger } from '@nestjs/common';
export class MatKhauService {
  private readonly logger = new Logger('MatKhau');
  async doi(userId: string, newPassword: string) {
    await this.save(userId, newPassword);
    this.logger.log(\`User \${userId} changed password\`);
    this.logger.log({ event: 'password_changed', userId });
  }
  private async save(_u: string, _p: string) {}
}`,
    },
    {
      name: 'the user name alone at login',
      filename: at('src/inline/username.js'),
      code: `
exports.dangNhap = async (req, res) => {
  const { username, password } = req.body;
  console.log('login attempt', username, req.ip);
  res.json({ ok: Boolean(password) });
};`,
    },
    {
      name: 'presence and length of a token, never its value',
      filename: at('src/inline/presence.ts'),
      code: `
export function show(token: string | undefined, accessToken: string) {
  console.log('has token', !!token, typeof token);
  console.log('token length', accessToken.length);
  console.log('token set:', token ? 'yes' : 'no', Boolean(accessToken));
}`,
    },
    {
      name: 'a hashed password’s absence, and the hash field names',
      filename: at('src/inline/absence.js'),
      code: `
exports.check = (user) => {
  if (!user.passwordHash) console.warn('no password set for', user.email);
  console.log('hash algorithm', user.hashedPassword ? 'bcrypt' : 'none');
  console.debug({ hashedPassword: user.hashedPassword, salt: user.passwordSalt });
};`,
    },
    {
      name: 'i18n labels and messages about passwords are text, not passwords',
      filename: at('src/inline/labels.ts'),
      code: `
const MESSAGES = { wrongPassword: 'Mật khẩu không đúng', otpExpired: 'Mã OTP đã hết hạn' };
const PASSWORD_LABEL = 'Mật khẩu';
export function fail(res: any) {
  console.log('Mật khẩu không đúng');
  console.warn(MESSAGES.wrongPassword, PASSWORD_LABEL);
  return res.status(401).json({ message: MESSAGES.wrongPassword });
}`,
    },
    {
      name: 'names about a credential (policy, tokenizer, reset URL, expiry, type) are not one',
      filename: at('src/inline/about.ts'),
      code: `
declare const cfg: { passwordPolicy: object; tokenizer: object; resetPasswordUrl: string; tokenExpiresIn: string; tokenType: string; secretName: string };
export function boot() {
  console.log(cfg.passwordPolicy, cfg.tokenizer, cfg.resetPasswordUrl);
  console.log('jwt', cfg.tokenExpiresIn, cfg.tokenType, cfg.secretName);
  const passwordMinLength = 8;
  console.log({ passwordMinLength });
}`,
    },
    {
      name: 'UI state flags named after a credential (showPassword, isSecret)',
      filename: at('src/inline/flags.tsx'),
      code: `
export function Form({ showPassword, isSecret, hasToken }: { showPassword: boolean; isSecret: boolean; hasToken: boolean }) {
  console.log({ showPassword, isSecret, hasToken });
  return null;
}`,
    },
    {
      name: 'an audit-log function the policy names records the account of a login',
      filename: at('src/inline/audit.ts'),
      code: `
declare function auditLog(e: object): void;
declare const audit: { record(e: object): void };
export function loggedIn(taiKhoan: string, ip: string, accessToken: string) {
  auditLog({ taiKhoan, thoiGian: new Date().toISOString(), noiDung: 'dang-nhap', diaChiIp: ip });
  audit.record({ taiKhoan, event: 'login', tokenIssued: Boolean(accessToken) });
}`,
    },
    {
      name: 'console.log(req.body) on a route that is not about credentials',
      filename: at('src/inline/other-route.js'),
      code: `
const router = require('express').Router();
router.post('/ho-so', (req, res) => {
  console.log('Body:', req.body);
  res.json({ ok: true });
});
router.put('/users/:id/avatar', async (req, res) => {
  console.log(req.body);
  res.end();
});`,
    },
    {
      name: 'a login body with the password taken out first, or replaced after a spread',
      filename: at('src/inline/rest.js'),
      code: `
const router = require('express').Router();
router.post('/login', (req, res) => {
  const { password, ...safe } = req.body;
  console.log('login body', safe);
  console.log('login body', { ...req.body, password: '[redacted]' });
  console.log('email', req.body.email, req.query.lang);
  res.json({ ok: !!password });
});`,
    },
    {
      name: 'pino with redact paths: the credential properties of a logged object are replaced',
      filename: at('src/inline/pino.ts'),
      code: `
import pino from 'pino';
const logger = pino({ redact: ['password', 'otp', 'req.body.password'] });
export function dangNhap(email: string, password: string, otp: string) {
  logger.info({ email, password, otp }, 'login');
}`,
    },
    {
      name: 'a sanitizer the policy names, and the built-in redactors',
      filename: at('src/inline/sanitizers.ts'),
      code: `
declare function redactSecrets<T>(x: T): T;
declare function sanitizeUser<T>(x: T): T;
declare const _: { omit<T>(x: T, k: string[]): Partial<T>; pick<T>(x: T, k: string[]): Partial<T> };
export function show(body: { email: string; password: string }, token: string) {
  console.log(redactSecrets(body));
  console.log(sanitizeUser(body));
  console.log(_.omit(body, ['password']));
  console.log(_.pick(body, ['email']));
  console.log('token', maskToken(token), token.slice(0, 4) + '…');
}
function maskToken(t: string) { return t.slice(0, 2) + '***' + t.slice(-2); }`,
    },
    {
      name: 'bcrypt and jwt results are a boolean, a hash and a payload, not the password or the secret',
      filename: at('src/inline/crypto.ts'),
      code: `
import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
export async function check(password: string, hash: string, token: string, secret: string) {
  const ok = await bcrypt.compare(password, hash);
  const newHash = await bcrypt.hash(password, 10);
  const payload = jwt.verify(token, secret);
  console.log('match', ok, newHash.length);
  console.log('payload', payload);
}`,
    },
    {
      name: 'a user found by email and password is the user, not the password',
      filename: at('src/inline/find.js'),
      code: `
const User = require('../models/user');
exports.find = async (email, password) => {
  const user = await User.findOne({ email, password });
  console.log('found', user && user.id, user);
  return user;
};`,
    },
    {
      name: 'the jsonwebtoken library binding is not a token',
      filename: at('src/inline/jwt-lib.js'),
      code: `
const jwt = require('jsonwebtoken');
console.log('jwt library version', jwt.version, jwt);`,
    },
    {
      name: 'a secret reported missing: inside the branch the value is absent',
      filename: at('src/inline/env-missing.js'),
      code: `
if (!process.env.JWT_SECRET) {
  console.error('JWT_SECRET is not defined');
  console.error('Current value:', process.env.JWT_SECRET);
  process.exit(1);
}
console.log('JWT_SECRET:', process.env.JWT_SECRET ? 'ok' : 'missing');`,
    },
    {
      name: 'properties of a token object that are not the token (type, expiry)',
      filename: at('src/inline/token-object.ts'),
      code: `
declare function issue(): Promise<{ accessToken: string; expiresIn: number }>;
export async function f() {
  const token = await issue();
  console.log('token expires', token.expiresIn);
}`,
    },
    {
      name: 'a 200 answer that gives the caller its own new token',
      filename: at('src/inline/answer.js'),
      code: `
const router = require('express').Router();
router.post('/login', async (req, res) => {
  const accessToken = 'x' + Date.now();
  res.status(200).json({ accessToken });
  res.json({ message: 'ok', accessToken });
});
exports.refresh = (req, res, code, refreshToken) => res.status(code).json({ refreshToken });`,
    },
    {
      name: 'error responses that say a password is wrong without repeating it',
      filename: at('src/inline/errors.ts'),
      code: `
import { BadRequestException, UnauthorizedException } from '@nestjs/common';
export function check(password: string, otp: string) {
  if (password.length < 8) throw new BadRequestException('Mật khẩu phải có ít nhất 8 ký tự');
  if (!otp) throw new UnauthorizedException('Mã OTP không đúng');
  throw new Error(\`bad password \${password}\`);
}`,
    },
    {
      name: 'a plain Error (answered by Express and Nest with a generic 500) and a validation predicate',
      filename: at('src/inline/validate.ts'),
      code: `
declare function isStrongPassword(p: string): boolean;
export function check(newPassword: string) {
  console.log('strong?', isStrongPassword(newPassword), newPassword.includes(' '));
}`,
    },
    {
      name: 'a reset flow that logs the events, not the code or the new password',
      filename: at('src/inline/reset-ok.js'),
      code: `
const router = require('express').Router();
router.post('/reset-password', async (req, res) => {
  const { email, otp, newPassword } = req.body;
  console.log('reset password request for', email);
  if (!otp || !newPassword) return res.status(400).json({ message: 'Thiếu mã OTP hoặc mật khẩu mới' });
  console.log('password reset done for', email, 'length', newPassword.length);
  res.json({ message: 'Đặt lại mật khẩu thành công' });
});`,
    },
    {
      name: 'a NestJS DTO without a credential member on a non-credential route',
      filename: at('src/inline/profile.controller.ts'),
      code: `
import { Body, Controller, Logger, Put } from '@nestjs/common';
class ProfileDto { displayName!: string; avatarUrl!: string }
@Controller('profile')
export class ProfileController {
  private readonly logger = new Logger('profile');
  @Put()
  update(@Body() dto: ProfileDto, @Body() raw: unknown) {
    this.logger.log(dto);
    this.logger.log(raw);
  }
}`,
    },
    {
      name: 'a NestJS login route that logs only the account field of its DTO',
      filename: at('src/inline/login-ok.controller.ts'),
      code: `
import { Body, Controller, Logger, Post } from '@nestjs/common';
class LoginDto { email!: string; password!: string }
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger('auth');
  @Post('login')
  login(@Body() dto: LoginDto) {
    this.logger.log(\`login \${dto.email}\`);
  }
}`,
    },
    {
      name: 'a device push token route is not a login route, and an FCM registration is named by its topic',
      filename: at('src/inline/devices.js'),
      code: `
const router = require('express').Router();
router.post('/devices', (req, res) => {
  console.log('device registered', req.body);
  res.end();
});`,
    },
    {
      name: 'options and modes named auth or credentials are not secrets',
      filename: at('src/inline/modes.ts'),
      code: `
const auth = { strategy: 'jwt', session: false };
export function f() {
  console.log('auth mode', auth);
  console.log('fetch options', { credentials: 'include', mode: 'cors' });
}`,
    },
    {
      name: 'a password policy object and token counts in an application log',
      filename: at('src/inline/policy.ts'),
      code: `
import winston from 'winston';
const log = winston.createLogger({});
export function boot(passwordPolicy: { minLength: number }, tokens: string[]) {
  log.info('password policy', passwordPolicy);
  log.info('issued tokens', tokens.length);
}`,
    },
    {
      name: 'a status of the OTP flow (sent, expired) without the code',
      filename: at('src/inline/otp-status.js'),
      code: `
exports.sendOtp = async (req, res) => {
  const { email } = req.body;
  const otp = String(Math.floor(100000 + Math.random() * 900000));
  await require('../mail').send(email, otp);
  console.log(\`OTP sent via Email to \${email}\`);
  res.json({ message: 'Đã gửi OTP' });
};`,
    },
    {
      name: 'a secret’s name in a log, not its value',
      filename: at('src/inline/names.ts'),
      code: `
const REQUIRED = ['JWT_SECRET', 'DB_PASSWORD'];
export function check() {
  for (const key of REQUIRED) if (!process.env[key]) console.error('missing env', key);
}`,
    },
    {
      name: 'a hashed token stored and logged by its digest',
      filename: at('src/inline/digest.ts'),
      code: `
import { createHash } from 'node:crypto';
export function store(refreshToken: string) {
  const tokenHash = createHash('sha256').update(refreshToken).digest('hex');
  console.log('stored refresh token hash', tokenHash, createHash('sha256').update(refreshToken).digest('hex'));
}`,
    },
    {
      name: 'console.error of a caught error in a login handler (the error, not the body)',
      filename: at('src/inline/catch.js'),
      code: `
const router = require('express').Router();
router.post('/login', async (req, res) => {
  try {
    await doLogin(req.body.username, req.body.password);
  } catch (err) {
    console.error('Login error:', err);
    res.status(500).json({ message: err.message });
  }
});
async function doLogin(_u, _p) {}`,
    },
    {
      name: 'the status of a write to the OTP collection (acknowledged, modifiedCount) is not a code',
      filename: at('src/inline/otp-update.js'),
      code: `
const OTP = require('../models/otp');
exports.markUsed = async (record) => {
  const result = await OTP.updateOne({ _id: record._id }, { $set: { verified: true } });
  const left = await OTP.countDocuments({ email: record.email });
  console.log('UPDATE RESULT:', result, left);
};`,
    },
  ],
  invalid: [
    {
      name: 'a fetched response typed as one whose data member holds a one-time code, logged whole; the typed event beside it is clean',
      ...projectFile('src/history/event-item.ts'),
      errors: [{ messageId: 'credentialInLog', line: 18 }],
    },
    {
      name: 'a listener of any other event gets what the emitter carries (a refreshed token)',
      filename: at('src/inline/session-refresh.ts'),
      code: `
declare const logger: { info(o: unknown): void };
declare class TokenSession { constructor(refreshToken: string); on(event: string, cb: (t: unknown) => void): void }
export function keepAlive(refreshToken: string) {
  const session = new TokenSession(refreshToken);
  session.on('refreshed', (t) => logger.info(t));
  return session;
}`,
      errors: [{ messageId: 'credentialInLog', line: 6 }],
    },
    {
      name: 'a method of a token set that returns a token carries it',
      filename: at('src/inline/token-method.ts'),
      code: `
declare const logger: { info(o: object): void };
declare function exchangeCode(code: string): Promise<{ tokenType(): string; accessToken(): string }>;
export async function callback(code: string) {
  const tokens = await exchangeCode(code);
  logger.info({ type: tokens.tokenType(), token: tokens.accessToken() });
}`,
      errors: [{ messageId: 'credentialInLog', line: 6 }],
    },
    // ——— the multi-file project (test/fixtures/credentials-in-logs) ———
    {
      name: 'Express: a whole login body, and a password handed to a debug helper in another file',
      ...projectFile('src/controllers/auth.controller.js'),
      errors: [
        { messageId: 'requestBodyInLog', line: 8, column: 3 },
        { messageId: 'credentialInLog', line: 13, column: 3 },
      ],
    },
    {
      name: 'Express: the OTP route logs its body and the code, echoes the code in its error; the reset flow logs the new password and the stored codes',
      ...projectFile('src/routes/auth.routes.js'),
      errors: [
        { messageId: 'requestBodyInLog', line: 13, column: 3 },
        { messageId: 'credentialInLog', line: 14, column: 3 },
        { messageId: 'credentialInErrorResponse', line: 16, column: 23 },
        { messageId: 'credentialInLog', line: 23, column: 3 },
        { messageId: 'credentialInLog', line: 25, column: 3 },
      ],
    },
    {
      name: 'a redacting logger cannot redact a template string; a plain logger redacts nothing; a token through a helper in another file',
      ...projectFile('src/services/session.service.ts'),
      errors: [
        { messageId: 'credentialInLog', line: 9, column: 3 },
        { messageId: 'credentialInLog', line: 10, column: 3 },
        { messageId: 'credentialInLog', line: 11, column: 3 },
      ],
    },
    {
      name: 'NestJS: a login DTO (imported) stringified into the log, its password echoed in an exception, a whole OTP body logged',
      ...projectFile('src/auth/auth.controller.ts'),
      errors: [
        { messageId: 'credentialInLog', line: 10, column: 5 },
        { messageId: 'credentialInErrorResponse', line: 12, column: 39 },
        { messageId: 'requestBodyInLog', line: 18, column: 5 },
      ],
    },
    {
      name: 'error-code constants named for a credential (an enum member, a string constant, imported) are codes; the typed password in an exception is not',
      ...projectFile('src/services/sign-in.service.ts'),
      errors: [{ messageId: 'credentialInErrorResponse', line: 12, column: 11 }],
    },
    {
      name: 'React: a token read back from localStorage, sessionStorage (under a key constant of another file) or a cookie, printed; flags, expiries, other keys are not',
      ...projectFile('src/web/AuthContext.jsx'),
      errors: [
        { messageId: 'credentialInLog', line: 9, column: 5 },
        { messageId: 'credentialInLog', line: 10, column: 5 },
        { messageId: 'credentialInLog', line: 11, column: 5 },
        { messageId: 'credentialInLog', line: 12, column: 5 },
      ],
    },
    {
      name: 'a form\'s password read by name from FormData, a reset token from the query string; other keys are not',
      ...projectFile('src/web/ResetForm.jsx'),
      errors: [
        { messageId: 'credentialInLog', line: 5, column: 5 },
        { messageId: 'credentialInLog', line: 7, column: 5 },
      ],
    },
    {
      name: 'a configuration service\'s secret read by its key and printed (its expiry and an Express setting are not)',
      filename: at('src/inline/config-secret.ts'),
      code: `
declare const config: { get<T>(key: string): T };
declare const app: { get(name: string): unknown };
export function boot() {
  console.log('JWT', config.get<string>('JWT_SECRET'));
  console.log(config.get<string>('JWT_EXPIRES_IN'), app.get('env'));
}`,
      errors: [{ messageId: 'credentialInLog', line: 5, column: 3 }],
    },
    {
      name: 'React: a login form\'s values, which the handler signs in with, printed whole; a search form\'s values and their username are not',
      ...projectFile('src/web/LoginPage.jsx'),
      errors: [{ messageId: 'requestBodyInLog', line: 6, column: 5 }],
    },
    // ——— single files ———
    {
      name: 'a login handler prints the plaintext password it compares',
      filename: at('src/inline/login.js'),
      code: `
const bcrypt = require('bcryptjs');
exports.login = async (req, res) => {
  const { username, password } = req.body;
  console.log('login', username, password);
  const ok = await bcrypt.compare(password, '$2a$10$x');
  res.json({ ok });
};`,
      errors: [{ messageId: 'credentialInLog', line: 5, column: 3 }],
    },
    {
      name: 'a template string with req.body.password in a logger.debug',
      filename: at('src/inline/template.js'),
      code: `
const logger = require('./logger');
exports.handle = (req) => {
  logger.debug(\`pw=\${req.body.password}\`);
};`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'a token and a jwt logged as values and as object properties',
      filename: at('src/inline/tokens.ts'),
      code: `
declare const logger: { info(...a: unknown[]): void };
export function done(accessToken: string, jwt: string) {
  console.log('token', accessToken);
  logger.info({ jwt });
}`,
      errors: [
        { messageId: 'credentialInLog', line: 4, column: 3 },
        { messageId: 'credentialInLog', line: 5, column: 3 },
      ],
    },
    {
      name: 'a refresh token and an API key in winston',
      filename: at('src/inline/winston.ts'),
      code: `
import winston from 'winston';
const log = winston.createLogger({});
export function f(refreshToken: string, apiKey: string) {
  log.info('refresh', refreshToken);
  log.warn(\`calling LGSP with key \${apiKey}\`);
}`,
      errors: [
        { messageId: 'credentialInLog', line: 5, column: 3 },
        { messageId: 'credentialInLog', line: 6, column: 3 },
      ],
    },
    {
      name: 'Vietnamese names: matKhau, matKhauMoi, maOtp, maXacThuc',
      filename: at('src/inline/vi.js'),
      code: `
exports.doiMatKhau = (taiKhoan, matKhau, matKhauMoi, maOtp, maXacThuc) => {
  console.log('doi mat khau', taiKhoan, matKhau);
  console.log(\`mat khau moi: \${matKhauMoi}\`);
  console.info('otp', maOtp, maXacThuc);
};`,
      errors: [
        { messageId: 'credentialInLog', line: 3, column: 3 },
        { messageId: 'credentialInLog', line: 4, column: 3 },
        { messageId: 'credentialInLog', line: 5, column: 3 },
      ],
    },
    {
      name: 'an error response that echoes the password',
      filename: at('src/inline/echo.js'),
      code: `
exports.login = async (req, res) => {
  const { username, password } = req.body;
  return res.status(401).json({ message: \`Sai mật khẩu \${password} cho \${username}\` });
};`,
      errors: [{ messageId: 'credentialInErrorResponse', line: 4, column: 10 }],
    },
    {
      name: 'res.json({ error }) carrying an OTP',
      filename: at('src/inline/echo-otp.js'),
      code: `
exports.verify = (req, res) => {
  const otpCode = req.body.otpCode;
  res.json({ error: 'invalid code ' + otpCode });
};`,
      errors: [{ messageId: 'credentialInErrorResponse', line: 4, column: 3 }],
    },
    {
      name: 'createError with a secret',
      filename: at('src/inline/create-error.js'),
      code: `
const createError = require('http-errors');
exports.check = (clientSecret) => {
  throw createError(403, 'bad client secret ' + clientSecret);
};`,
      errors: [{ messageId: 'credentialInErrorResponse', line: 4, column: 9 }],
    },
    {
      name: 'console.log(req.body) on POST /dang-nhap',
      filename: at('src/inline/dang-nhap.js'),
      code: `
const router = require('express').Router();
router.post('/auth/dang-nhap', (req, res) => {
  console.log(req.body);
  res.end();
});`,
      errors: [{ messageId: 'requestBodyInLog', line: 4, column: 3 }],
    },
    {
      name: 'a spread of a login body that replaces the e-mail but keeps the password is still the body',
      filename: at('src/inline/spread-keep.js'),
      code: `
const router = require('express').Router();
router.post('/login', (req, res) => {
  console.log({ ...req.body, email: '[hidden]' });
  res.end();
});`,
      errors: [{ messageId: 'requestBodyInLog', line: 4, column: 3 }],
    },
    {
      name: 'the body of POST /register, copied and spread, then logged',
      filename: at('src/inline/register.js'),
      code: `
const router = require('express').Router();
router.post('/register', async (req, res) => {
  const data = { ...req.body, createdAt: Date.now() };
  console.log('register', JSON.stringify(data));
  res.end();
});`,
      errors: [{ messageId: 'requestBodyInLog', line: 5, column: 3 }],
    },
    {
      name: 'router.route(\'/reset-password\').post(handler) wrapped in an async handler',
      filename: at('src/inline/route-chain.js'),
      code: `
const router = require('express').Router();
const asyncHandler = (fn) => fn;
router.route('/reset-password').post(asyncHandler(async (req, res) => {
  console.log('reset body', req.body);
  res.end();
}));`,
      errors: [{ messageId: 'requestBodyInLog', line: 5, column: 3 }],
    },
    {
      name: 'a handler named signIn that logs the whole request',
      filename: at('src/inline/sign-in.ts'),
      code: `
import type { Request, Response } from 'express';
export async function signIn(req: Request, res: Response) {
  console.debug('signIn', req);
  res.end();
}`,
      errors: [{ messageId: 'requestBodyInLog', line: 4, column: 3 }],
    },
    {
      name: 'NestJS @Post(\'login\') with an untyped @Body()',
      filename: at('src/inline/nest-login.controller.ts'),
      code: `
import { Body, Controller, Logger, Post } from '@nestjs/common';
@Controller()
export class LoginController {
  private readonly logger = new Logger('login');
  @Post('login')
  async handle(@Body() body: any) {
    this.logger.log(body);
  }
}`,
      errors: [{ messageId: 'requestBodyInLog', line: 8, column: 5 }],
    },
    {
      name: 'a DTO with a password member logged whole on any route',
      filename: at('src/inline/dto.ts'),
      code: `
interface CreateUserDto { email: string; password: string }
export function create(dto: CreateUserDto) {
  console.log('create user', dto);
}`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'a secret passed to a logging helper in the same file',
      filename: at('src/inline/helper.ts'),
      code: `
function trace(label: string, value: unknown) {
  console.log(label, value);
}
export function connect(dbPassword: string) {
  trace('db', dbPassword);
}`,
      errors: [{ messageId: 'credentialInLog', line: 6, column: 3 }],
    },
    {
      name: 'a password parameter logged inside the helper itself (one finding, not two)',
      filename: at('src/inline/helper-named.ts'),
      code: `
function logPassword(password: string) {
  console.log('pw', password);
}
export function f(p: string) {
  logPassword(p);
}`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 3 }],
    },
    {
      name: 'a secret from the environment printed',
      filename: at('src/inline/env.js'),
      code: `
console.log('JWT secret is', process.env.JWT_SECRET);`,
      errors: [{ messageId: 'credentialInLog', line: 2, column: 1 }],
    },
    {
      name: 'the Authorization header logged',
      filename: at('src/inline/header.js'),
      code: `
module.exports = (req, res, next) => {
  console.log('auth header', req.headers.authorization);
  next();
};`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 3 }],
    },
    {
      name: 'an OTP generated, stored and logged',
      filename: at('src/inline/otp.js'),
      code: `
exports.send = async (email) => {
  const otp = Math.floor(100000 + Math.random() * 900000).toString();
  console.log(\`OTP for \${email}: \${otp}\`);
};`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'a code read from an OTP record (the code property carries it)',
      filename: at('src/inline/otp-record.js'),
      code: `
exports.check = (otpRecord) => {
  console.log('expected code', otpRecord.code);
};`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 3 }],
    },
    {
      name: 'a password trimmed and lower-cased is still the password',
      filename: at('src/inline/trim.js'),
      code: `
exports.f = (password) => {
  const clean = password.trim().toLowerCase();
  console.log('clean', clean);
};`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'a Basic auth header built from a password and logged',
      filename: at('src/inline/basic.ts'),
      code: `
export function header(user: string, pass: string) {
  const basic = Buffer.from(\`\${user}:\${pass}\`).toString('base64');
  console.log('Authorization: Basic', basic);
}`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'a credentials object of a client logged',
      filename: at('src/inline/credentials.ts'),
      code: `
export function init(credentials: { clientId: string; clientSecret: string }) {
  console.log('init LGSP client', credentials);
}`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 3 }],
    },
    {
      name: 'a class field holding a secret, logged in another method',
      filename: at('src/inline/field.ts'),
      code: `
import { Logger } from '@nestjs/common';
export class LgspClient {
  private readonly logger = new Logger('lgsp');
  private secretKey = '';
  configure(secretKey: string) { this.secretKey = secretKey; }
  call() { this.logger.debug(\`signing with \${this.secretKey}\`); }
}`,
      errors: [{ messageId: 'credentialInLog', line: 7, column: 12 }],
    },
    {
      name: 'passwords in a loop over users (plural names)',
      filename: at('src/inline/plural.js'),
      code: `
exports.dump = (passwords) => {
  for (const p of passwords) console.log(p);
};`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 30 }],
    },
    {
      name: 'a token passed through .then into a log',
      filename: at('src/inline/then.ts'),
      code: `
declare function getToken(): Promise<string>;
export function f() {
  getToken().then((accessToken) => console.log(accessToken));
}`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 36 }],
    },
    {
      name: 'a password inside a ternary and a default',
      filename: at('src/inline/ternary.js'),
      code: `
exports.f = (newPassword, fallback) => {
  console.log('pw', newPassword ? newPassword : fallback, newPassword ?? '-');
};`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 3 }],
    },
    {
      name: 'console.table of the passwords of a seed list',
      filename: at('src/inline/table.ts'),
      code: `
export function seed(accounts: { username: string; password: string }[]) {
  console.table(accounts.map((a) => ({ user: a.username, password: a.password })));
}`,
      errors: [{ messageId: 'credentialInLog', line: 3, column: 3 }],
    },
    {
      name: 'a PIN saved by a front-end service and logged (reduced from a real population-management app)',
      filename: at('src/inline/pin.ts'),
      code: `
export const settings = {
  saveGuestPin: async (pin: string): Promise<void> => {
    localStorage.setItem('guest_access_pin', pin);
    console.log('saved guest PIN:', pin);
  },
};`,
      errors: [{ messageId: 'credentialInLog', line: 5, column: 5 }],
    },
    {
      name: 'stored OTP records listed with their codes (reduced from a real reset flow)',
      filename: at('src/inline/otp-list.js'),
      code: `
const OTP = require('../models/otp');
exports.debugCodes = async (email) => {
  const records = await OTP.find({ email });
  console.log('codes for', email, ':', records);
  const one = await OTP.findOne({ email, verified: true });
  console.log('verified record:', one);
};`,
      errors: [
        { messageId: 'credentialInLog', line: 5, column: 3 },
        { messageId: 'credentialInLog', line: 7, column: 3 },
      ],
    },
    {
      name: 'an audit-log entry that records the password along with the account',
      filename: at('src/inline/audit-password.ts'),
      code: `
declare function auditLog(e: object): void;
export function loggedIn(taiKhoan: string, matKhau: string, ip: string) {
  auditLog({ taiKhoan, matKhau, diaChiIp: ip, noiDung: 'dang-nhap' });
}`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'Fastify: request.log of the body of POST /login',
      filename: at('src/inline/fastify.ts'),
      code: `
import Fastify from 'fastify';
const app = Fastify({ logger: true });
app.post('/login', async (request, reply) => {
  request.log.info(request.body, 'login');
  return reply.send({ ok: true });
});`,
      errors: [{ messageId: 'requestBodyInLog', line: 5, column: 3 }],
    },
    {
      name: 'Koa: ctx.request.body of POST /dang-ky',
      filename: at('src/inline/koa.js'),
      code: `
const Router = require('@koa/router');
const router = new Router();
router.post('/dang-ky', async (ctx) => {
  console.log('dang ky', ctx.request.body);
  console.log('ip', ctx.ip, ctx.request.ip);
  ctx.body = { ok: true };
});`,
      errors: [{ messageId: 'requestBodyInLog', line: 5, column: 3 }],
    },
    {
      name: 'omitting the e-mail from a login DTO leaves the password in it',
      filename: at('src/inline/omit-email.ts'),
      code: `
declare const _: { omit<T>(x: T, ...k: string[]): Partial<T> };
export function show(dto: { email: string; password: string }) {
  console.log(_.omit(dto, 'email'));
}`,
      errors: [{ messageId: 'credentialInLog', line: 4, column: 3 }],
    },
    {
      name: 'a private key logged while loading it',
      filename: at('src/inline/key.ts'),
      code: `
import { readFileSync } from 'node:fs';
export function load() {
  const privateKey = readFileSync('/etc/keys/lgsp.pem', 'utf8');
  console.log('loaded key', privateKey);
}`,
      errors: [{ messageId: 'credentialInLog', line: 5, column: 3 }],
    },
  ],
});

describe('no-credentials-in-logs docs examples', () => {
  const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  const blocks = (heading: string) => {
    const section = readme.slice(readme.indexOf(`\n${heading}\n`), readme.indexOf('\n## ', readme.indexOf(`\n${heading}\n`) + 1));
    return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  };

  it('reports the incorrect examples where their comments say, and nothing in the correct one', async () => {
    const linter = createFileLinter();
    const [express, nest] = blocks('## Ví dụ sai / Incorrect');
    const lines = async (code: string) => (await linter.lint('src/example.ts', code, 'popdb/no-credentials-in-logs')).map((f) => `${f.line}:${f.messageId}`);
    expect(await lines(express)).toEqual(['8:credentialInLog', '14:requestBodyInLog', '16:credentialInErrorResponse', '17:credentialInLog']);
    expect(await lines(nest)).toEqual(['9:credentialInLog']);
    for (const code of blocks('## Ví dụ đúng / Correct')) expect(await lines(code)).toEqual([]);
  });
});

describe('no-credentials-in-logs messages', () => {
  const policy = policyFor(PROJECT, POLICY);
  if (!policy.ok) throw new Error('fixture policy');
  const eslint = createEslint(policy.policy, PROJECT);
  const messages = async (rel: string, text = fs.readFileSync(path.join(PROJECT, rel), 'utf8')) =>
    (await lintText(eslint, path.join(PROJECT, rel), text)).filter((f) => f.ruleId === 'popdb/no-credentials-in-logs').map((f) => `${f.line}: ${f.message}`);

  it('names the field, the variable or the route, and the helper on the way', async () => {
    const routes = await messages('src/routes/auth.routes.js');
    expect(routes[0]).toContain('POST /verify-otp, line 11');
    expect(routes[1]).toContain('the one-time code or PIN `otp` at line 12');
    expect(routes[3]).toContain('the password `newPassword` at line 21');
    expect(routes[3]).toContain('mật khẩu `newPassword` tại dòng 21');
    const controller = await messages('src/controllers/auth.controller.js');
    expect(controller[1]).toContain('the password `password` at line 9 via debugValue');
  });

  it('never shows the value, even when part of it is written in the code', async () => {
    const found = await messages('src/inline/fallback.ts', `
export function connect() {
  const dbPassword = process.env.DB_PASSWORD || 'Kh0ng-Ai-Biet!';
  console.log('connecting with', dbPassword);
}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('the password `DB_PASSWORD` at line 3'); // where the value comes from
    expect(found[0]).not.toMatch(/Kh0ng|Biet/);
  });
});
