import ts from 'typescript';
import { isFunctionLike, taint } from '@popdb-guard/core';

describe('credential names for logs', () => {
  it('reads the head noun the way the hardcoded-credential rules do, plus codes and tokens', () => {
    const kinds = Object.fromEntries(
      ['password', 'newPassword', 'matKhau', 'matKhauMoi', 'mk', 'otp', 'maOtp', 'maXacThuc', 'otpCode', 'verificationCode', 'jwt', 'accessToken',
        'refreshTokenDoc', 'otpRecord', 'tokens', 'apiKey', 'clientSecret', 'JWT_SECRET', 'authorization', 'privateKey', 'credentials'].map((n) => [n, taint.loggedCredentialKind(n)]),
    );
    expect(kinds).toEqual({
      password: 'password', newPassword: 'password', matKhau: 'password', matKhauMoi: 'password', mk: 'password',
      otp: 'otp', maOtp: 'otp', maXacThuc: 'otp', otpCode: 'otp', verificationCode: 'otp',
      jwt: 'token', accessToken: 'token', refreshTokenDoc: 'token', otpRecord: 'otp', tokens: 'token', apiKey: 'token',
      clientSecret: 'secret', JWT_SECRET: 'secret', authorization: 'token', privateKey: 'secret', credentials: 'password',
    });
  });

  it('an UPPER_SNAKE name is a credential unless it names an error code or a state about one', () => {
    expect(['DB_PASSWORD', 'SMTP_PASSWORD', 'ADMIN_API_KEY', 'INVALID_DB_PASSWORD'].map((n) => taint.loggedCredentialKind(n))).toEqual(['password', 'password', 'token', undefined]);
    // the same words in a variable's name: it may hold what was typed
    expect(taint.loggedCredentialKind('lastWrongPassword')).toBe('password');
  });

  it('does not take names about a credential, flags, hashes or modes for one', () => {
    for (const name of ['passwordPolicy', 'tokenizer', 'resetPasswordUrl', 'tokenType', 'tokenExpiresIn', 'passwordHash', 'hashedPassword',
      'passwordSalt', 'showPassword', 'isSecret', 'hasToken', 'wrongPassword', 'PASSWORD_LABEL', 'passwordMinLength', 'auth', 'secretName', 'code', 'record',
      'AUTH_INVALID_CREDENTIALS', 'LOGIN_WRONG_PASSWORD', 'ERR_MISSING_TOKEN']) {
      expect(taint.loggedCredentialKind(name), name).toBeUndefined();
    }
  });
});

describe('credential routes', () => {
  const fnIn = (code: string, pick: (fns: ts.Node[]) => ts.Node = (f) => f[0]) => {
    const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
    const fns: ts.Node[] = [];
    const visit = (n: ts.Node): void => {
      if (isFunctionLike(n)) fns.push(n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return taint.credentialRoute(pick(fns) as never);
  };

  it('knows login, registration, reset and OTP routes by Express path, NestJS decorators and handler names', () => {
    expect(fnIn(`router.post('/auth/dang-nhap', (req, res) => {});`)).toBe('POST /auth/dang-nhap');
    expect(fnIn(`router.route('/reset-password').post(wrap(async (req, res) => {}));`, (f) => f[0])).toBe('POST /reset-password');
    expect(fnIn(`@Controller('auth') class A { @Post('login') handle(@Body() b: any) {} }`)).toBe('POST /auth/login');
    expect(fnIn(`exports.login = catchAsync(async (req, res) => {});`)).toBe('login()');
    expect(fnIn(`export async function verifyOtp(req, res) {}`)).toBe('verifyOtp()');
  });

  it('leaves other routes alone', () => {
    expect(fnIn(`router.post('/ho-so', (req, res) => {});`)).toBeUndefined();
    expect(fnIn(`router.post('/devices', (req, res) => {});`)).toBeUndefined();
    expect(fnIn(`@Controller('profile') class A { @Put() update(@Body() b: any) {} }`)).toBeUndefined();
    expect(fnIn(`exports.updateProfile = (req, res) => {};`)).toBeUndefined();
  });
});
