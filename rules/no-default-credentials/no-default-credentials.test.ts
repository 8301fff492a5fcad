import * as path from 'node:path';
import popdb = require('eslint-plugin-popdb');
import { createRuleTester } from '../../test/rule-tester';
import { createFileLinter, runConfigCases, type ConfigInvalidCase, type ConfigValidCase } from '../../test/file-linter';
import { describeRuleReadme } from '../../test/rule-docs';
import definition from './rule';

const rule = popdb.rules['no-default-credentials'];
const ruleTester = createRuleTester();
const RULE_ID = 'popdb/no-default-credentials';
const FIXTURES = path.join(__dirname, 'fixtures');
const POLICY = path.join(FIXTURES, 'popdb-policy.yaml');

ruleTester.run('no-default-credentials', rule, {
  valid: [
    // An i18n table translating credential-named keys: labels, not passwords.
    `export const messages = {
      vi: { matKhau: 'Mật khẩu', xacNhanMatKhau: 'Xác nhận mật khẩu', khoaBiMat: 'Khóa bí mật' },
      en: { matKhau: 'Password', xacNhanMatKhau: 'Confirm password', khoaBiMat: 'Secret key', maOtp: 'OTP code' },
    };`,
    // "admin" as a role or a user name is not a credential.
    `const role = process.env.DEFAULT_ROLE || 'admin';`,
    `const username = 'admin';`,
    `const DEFAULT_ADMIN_USER = 'admin';`,
    `const canBo = { username: 'admin', displayName: 'Quản trị viên' };`,
    `if (user.role === 'admin') { next(); }`,
    `const DB_USER = process.env.DB_USER || 'postgres';`,
    `const dbUser = this.configService.get<string>('DB_USER', 'postgres');`,
    `const { data } = await axios.get('/api/token', { params: { maDonVi } });`,
    `const dbName = 'postgres';`,
    // Values read at run time, generated, or hashed from input.
    `const dbPassword = process.env.DB_PASSWORD;`,
    `const pool = new Pool({ user: 'postgres', password: process.env.PGPASSWORD });`,
    `const secretKey = process.env.SECRET_KEY ?? '';`,
    `const password = generatePassword({ length: 16, numbers: true, symbols: true });`,
    `await User.create({ username: dto.username, password: await bcrypt.hash(dto.password, 10) });`,
    `await resetPassword(user, crypto.randomBytes(12).toString('base64url'));`,
    `const ok = await bcrypt.compare(dto.password, taiKhoan.matKhau);`,
    `await db.query('INSERT INTO users (username, password) VALUES ($1, $2)', [username, hash]);`,
    `await db.query("INSERT INTO users (username, password_hash) VALUES ('canbo01', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy')");`,
    `await db.query("INSERT INTO audit_log (tai_khoan, noi_dung) VALUES ('admin', 'login')");`,
    `const sql = "SELECT * FROM users WHERE username = 'admin'";`,
    `await knex('audit_log').insert({ taiKhoan: req.user.username, noiDung: 'doi mat khau', thoiGian: new Date() });`,
    'res.setHeader(\'Authorization\', `Basic ${Buffer.from(`${user}:${pass}`).toString(\'base64\')}`);',
    // Lists of weak passwords that a validator rejects, and comparisons with them.
    `const WEAK_PASSWORDS = ['123456', 'admin', 'password', 'P@ssw0rd'];`,
    `if (dto.matKhau === '123456') throw new BadRequestException('Mật khẩu quá yếu');`,
    `const passwordPolicy = { minLength: 8, blacklist: ['123456', 'admin'] };`,
    // Labels, form fields and placeholders.
    `const labels = { password: 'Password', newPassword: 'Mật khẩu mới' };`,
    `const PASSWORD = 'password';`,
    `export const LOGIN_FIELDS = { username: 'username', password: 'password', otp: 'otp' };`,
    `passport.use(new LocalStrategy({ usernameField: 'username', passwordField: 'password' }, verify));`,
    {
      filename: 'src/admin/LoginScreen.tsx',
      code: `
export const LoginScreen = () => (
  <Form>
    <Input name="username" placeholder="admin" />
    <Input.Password name="password" placeholder="Mật khẩu" autoComplete="new-password" />
  </Form>
);`,
    },
    `const msg = 'Mật khẩu mặc định là 123456, vui lòng đổi sau khi đăng nhập';`,
    `const tokenType = 'Bearer';`,
    `const auth = { strategy: 'local', session: false };`,
    // Strong literals are hardcoded credentials, reported by no-hardcoded-credentials instead.
    `const DB_PASSWORD = 'Xk9#mq2Lz!';`,
    `const url = 'postgres://dancu_app:Qw3rty!x9@10.0.0.5:5432/dancu';`,
    // Test fixtures the policy allows (credentials.allowInFiles).
    {
      filename: path.join(FIXTURES, 'test/fixtures/users.seed.ts'),
      settings: { popdb: { policy: POLICY } },
      code: `export const seedUsers = () => User.create({ username: 'canbo01', password: '123456' });`,
    },
    // Placeholder secrets the code exists to refuse (a config module that throws in production when one is still set).
    `
const PLACEHOLDER_SECRETS = {
  AUTH_JWT_SECRET: 'secret',
  AUTH_REFRESH_SECRET: 'secret',
} as const;
export function refusePlaceholders(): void {
  for (const [name, value] of Object.entries(PLACEHOLDER_SECRETS)) {
    if (process.env[name] === value && process.env.NODE_ENV === 'production') throw new Error(name + ' still has its placeholder value');
  }
}`,
    `const WEAK_SECRETS = Object.freeze([{ jwtSecret: 'changeme' }, { jwtSecret: 'secret' }]);\nexport const isWeak = (s: string) => WEAK_SECRETS.some((w) => w.jwtSecret === s);`,
    `export class SecretGuard {\n  private readonly forbiddenPasswords = { password: 'admin', matKhau: '123456' };\n}`,
    `if (config.jwtSecret === 'changeme') throw new Error('JWT secret is not configured');`,
    `const weakMatKhau = new Set(['123456', 'matkhau']);\nexport const tuChoi = (mk: string) => weakMatKhau.has(mk);`,
    // A short fallback is an enum or a mode when nothing names a secret, or when the name is only a weak word.
    `const tokenType = process.env.TOKEN_TYPE || 'jwt';`,
    `const sessionStore = process.env.SESSION_STORE || 'redis';`,
    `const auth = process.env.AUTH_MODE || 'none';`,
    // Words that name something else: a key's name in storage, a secret's name in a vault (not a secret variable).
    `const tokenKey = process.env.TOKEN_STORAGE_KEY || 'accessToken';`,
    `const secretName = process.env.JWT_SECRET_NAME || 'appJwtSecret';`,
    // React state that starts empty, or whose name is a flag or a kind.
    `const [password, setPassword] = useState('');`,
    `const [passwordType, setPasswordType] = useState('password');`,
    `const [showPassword, setShowPassword] = React.useState('hidden');`,
    `const [password, setPassword] = useState('Password');`,
    // Templates: weak values there are placeholders (a real key in one is still reported by no-hardcoded-credentials).
    { filename: 'config/db.example.ts', code: `export const dbConfig = { user: 'postgres', password: 'postgres' };` },
    { filename: 'src/config.sample.js', code: `module.exports = { adminPassword: 'changeme' };` },
  ],
  invalid: [
    {
      // one-word names: a weak default is still one
      code: `const dbpassword = 'admin';\nconst matkhauadmin = '123456';`,
      errors: [
        { messageId: 'defaultPassword', line: 1, column: 20 },
        { messageId: 'defaultPassword', line: 2, column: 22 },
      ],
    },
    {
      // DEFAULTS are used, not refused
      code: `export const DEFAULTS = { password: 'admin' };`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 37 }],
    },
    {
      // example.ts is a name, not a template
      filename: 'src/example.ts',
      code: `const DB_PASSWORD = 'admin';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 21 }],
    },
    {
      code: `const DB_PASSWORD = 'admin';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 21 }],
    },
    {
      code: `const matKhauMacDinh = '123456';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 24 }],
    },
    {
      code: `
export class LgspClient {
  private readonly adminPassword = 'Admin@123';
}`,
      errors: [{ messageId: 'defaultPassword', line: 3, column: 36 }],
    },
    {
      code: `process.env.DB_PASSWORD = 'password';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 27 }],
    },
    {
      code: `config.db.password = 'root';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 22 }],
    },
    {
      filename: 'src/admin/Dev.tsx',
      code: `const dev = <LoginForm defaultUser="canbo" defaultPassword="123456" />;`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 60 }],
    },
    {
      code: `const token = jwt.sign({ sub: canBo.id }, 'secret', { expiresIn: '8h' });`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 43 }],
    },
    {
      code: `const url = 'postgres://motcua:123456@db:5432/motcua';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 32 }],
    },
    {
      code: `const conn = 'Server=10.1.1.1;Database=HoTich;User Id=hotich;Password=P@ssw0rd;';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 71 }],
    },
    {
      code: `const basic = btoa('lgsp_user:123456');`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 31 }],
    },
    {
      code: `request.post(url).auth('lgsp_user', 'changeme');`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 37 }],
    },
    // Secrets copied from library docs.
    {
      code: `app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 27 }],
    },
    {
      code: `export const jwtConstants = { secret: 'secretKey' };`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 39 }],
    },
    {
      code: `const JWT_SECRET = 'your-256-bit-secret';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 20 }],
    },
    // Fallbacks when the environment variable is missing.
    {
      code: `const dbPass = process.env.DB_PASS || '123456';`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 39 }],
    },
    {
      code: `const password = process.env.LGSP_PASSWORD ?? 'P@ssw0rd';`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 47 }],
    },
    {
      code: `const jwtSecret = process.env.JWT_SECRET || 'secret';`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 45 }],
    },
    {
      code: `
TypeOrmModule.forRootAsync({
  useFactory: (config: ConfigService) => ({
    type: 'postgres',
    username: config.get('DB_USER'),
    password: config.get('DB_PASSWORD') || 'postgres',
  }),
});`,
      errors: [{ messageId: 'defaultFallback', line: 6, column: 44 }],
    },
    {
      code: `const dbPassword = this.configService.get<string>('DB_PASSWORD', 'postgres');`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 66 }],
    },
    {
      code: `const redis = createClient({ url, password: process.env.REDIS_PASSWORD || 'changeme' });`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 75 }],
    },
    {
      code: `export async function connectMssql(server: string, password = 'sa') {}`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 63 }],
    },
    {
      code: `const { matKhau = 'changeme' } = options;`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 19 }],
    },
    // User name equal to password.
    {
      code: `const pool = new Pool({ host: 'db', user: 'hotich', password: 'hotich' });`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 63 }],
    },
    {
      code: `
TypeOrmModule.forRoot({
  type: 'postgres',
  username: 'motcua',
  password: 'motcua',
});`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 5, column: 13 }],
    },
    {
      code: `await mongoose.connect('mongodb://admin:admin@localhost:27017/motcua');`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 41 }],
    },
    {
      code: `const conn = await amqp.connect('amqp://guest:guest@rabbitmq:5672');`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 47 }],
    },
    {
      code: `const mssql = 'Server=10.1.1.1;Database=HoTich;User Id=sa;Password=sa;';`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 68 }],
    },
    {
      code: `const sequelize = new Sequelize('hotich', 'root', 'root', { dialect: 'mysql' });`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 51 }],
    },
    {
      code: `res.setHeader('Authorization', 'Basic YWRtaW46YWRtaW4=');`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 39 }],
    },
    {
      code: `const mailer = nodemailer.createTransport({ host: 'mail.tayninh.gov.vn', auth: { user: 'motcua', pass: 'motcua' } });`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 104 }],
    },
    {
      code: `await db.query("INSERT INTO users (username, password) VALUES ('admin', 'admin')");`,
      errors: [{ messageId: 'usernameEqualsPassword', line: 1, column: 74 }],
    },
    // Accounts created or reset with a fixed password.
    {
      code: `await User.create({ username: dto.username, password: '123456' });`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 55 }],
    },
    {
      code: `await this.userRepository.save({ tenDangNhap: dto.tenDangNhap, matKhau: 'Xk9#mq2Lz!' });`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 73 }],
    },
    {
      code: `
const canBo = await this.prisma.user.create({
  data: { email: dto.email, hoTen: dto.hoTen, password: 'Tayninh@2024' },
});`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 3, column: 57 }],
    },
    {
      code: `await this.taiKhoanModel.updateOne({ _id: id }, { $set: { matKhau: 'Matkhau@123' } });`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 68 }],
    },
    {
      code: `
module.exports = {
  up: (queryInterface) => queryInterface.bulkInsert('tai_khoan', [
    { ten_dang_nhap: 'quantri', mat_khau: 'Qt#2024!xyz', vai_tro: 'ADMIN' },
  ]),
};`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 4, column: 43 }],
    },
    {
      code: `await knex('users').insert({ username: dto.username, password: 'Welcome#2024' });`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 64 }],
    },
    {
      code: `await authService.resetPassword(user, 'Abc@123');`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 39 }],
    },
    {
      code: `user.setPassword('12345678');`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 18 }],
    },
    {
      code: `
for (const row of danhSachCanBo) {
  const hash = await bcrypt.hash('123456', 10);
  await TaiKhoan.create({ tenDangNhap: row.maCanBo, matKhau: hash });
}`,
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 3, column: 34 }],
    },
    {
      code: "await knex.raw(`INSERT INTO tai_khoan (ten_dang_nhap, mat_khau, vai_tro) VALUES ('canbo01', 'Abc@1234', 'admin')`);",
      errors: [{ messageId: 'fixedPasswordOnAccount', line: 1, column: 94 }],
    },
    // A secret's fallback shorter than any key: sessions signed with it can be forged.
    {
      code: `app.use(session({ resave: false, secret: process.env.SESSION_SECRET || 'sang' }));`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 72 }],
    },
    {
      code: `const jwtSecret = process.env.JWT_SECRET ?? 'abc1';`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 45 }],
    },
    // Words a secret variable falls back to (NestJS's JwtModule and a Passport strategy): tokens can be forged with them.
    {
      code: `export class JwtStrategy {\n  constructor(private readonly configService: ConfigService) {\n    super({ secretOrKey: configService.get<string>('JWT_SECRET') || 'secretKeyTamThoi' });\n  }\n}`,
      errors: [{ messageId: 'defaultFallback', line: 3, column: 69 }],
    },
    {
      code: `const sessionSecret = process.env.SESSION_SECRET_KEY ?? 'my_session_secret';`,
      errors: [{ messageId: 'defaultFallback', line: 1, column: 57 }],
    },
    // A login screen whose password state starts filled in.
    {
      code: `export default function Login() {\n  const [username, setUsername] = useState('oanh.nt');\n  const [password, setPassword] = useState('123456');\n  return null;\n}`,
      errors: [{ messageId: 'defaultPassword', line: 3, column: 44 }],
    },
    {
      code: `const [matKhau, setMatKhau] = React.useState<string>('admin');`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 54 }],
    },
    // The policy's own defaults (credentials.defaults).
    {
      filename: path.join(FIXTURES, 'src/lgsp.ts'),
      settings: { popdb: { policy: POLICY } },
      code: `const lgspPassword = 'Tayninh@2024';`,
      errors: [{ messageId: 'defaultPassword', line: 1, column: 22 }],
    },
  ],
});

describe('no-default-credentials in config files', () => {
  const invalid: ConfigInvalidCase[] = [
    {
      name: 'reports DB_PASSWORD equal to DB_USER in .env',
      file: '.env',
      text: 'DB_HOST=db\nDB_USER=postgres\nDB_PASSWORD=postgres\n',
      errors: [{ messageId: 'usernameEqualsPassword', line: 3, column: 13 }],
    },
    {
      name: 'reports the word password as the value of a SCREAMING_CASE key',
      file: '.env.staging',
      text: 'LGSP_USERNAME=tayninh_mc\nLGSP_PASSWORD=password\n',
      errors: [{ messageId: 'defaultPassword', line: 2, column: 15 }],
    },
    {
      name: 'reports changeme as a default, not a placeholder',
      file: '.env.development',
      text: 'REDIS_HOST=redis\nREDIS_PASSWORD=changeme\n',
      errors: [{ messageId: 'defaultPassword', line: 2, column: 16 }],
    },
    {
      name: 'reports a docker-compose environment list item with a default password',
      file: 'docker-compose.yml',
      text: 'services:\n  mysql:\n    environment:\n      - MYSQL_ROOT_PASSWORD=root\n',
      errors: [{ messageId: 'defaultPassword', line: 4, column: 29 }],
    },
    {
      name: 'reports a docker-compose ${VAR:-default} fallback',
      file: 'docker-compose.yaml',
      text: 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n',
      errors: [{ messageId: 'defaultFallback', line: 4, column: 47 }],
    },
    // A compose service reading one variable twice (its own entry and inside a URL) has one fallback: one finding,
    // on the plain entry. A URL that is the only place of its fallback in the service is reported there.
    {
      name: 'reports a weak default inside a compose URL once per service, on the plain entry when there is one',
      file: 'app-compose.yml',
      text: [
        'services:',
        '  api:',
        '    environment:',
        '      DATABASE_URL: postgres://${DB_USER:-hotich}:${DB_PASS:-123456}@${DB_HOST:-db}:5432/hotich',
        '      DB_PASS: ${DB_PASS:-123456}',
        '  worker:',
        '    environment:',
        '      QUEUE_DB: postgres://hotich:${DB_PASS:-123456}@db:5432/hotich',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'defaultFallback', line: 5, column: 27 },
        { messageId: 'defaultFallback', line: 8, column: 46 },
      ],
    },
    {
      name: 'reports a Spring ${VAR:default} fallback',
      file: 'src/main/resources/application.yml',
      text: 'spring:\n  datasource:\n    username: hotich\n    password: ${DB_PASSWORD:admin}\n',
      errors: [{ messageId: 'defaultFallback', line: 4, column: 29 }],
    },
    {
      name: 'reports a JSON account whose password is its user name',
      file: 'config/default.json',
      text: '{\n  "lgsp": {\n    "username": "tayninh_mc",\n    "password": "tayninh_mc"\n  }\n}\n',
      errors: [{ messageId: 'usernameEqualsPassword', line: 4, column: 18 }],
    },
    {
      name: 'reports a .NET appsettings.json password equal to the word password',
      file: 'appsettings.json',
      text: '{\n  "ConnectionStrings": { "HoTich": "Server=db;Database=HoTich;User Id=hotich;Password=${DB_PASSWORD}" },\n  "Lgsp": { "UserName": "tayninh_mc", "Password": "password" }\n}\n',
      errors: [{ messageId: 'defaultPassword', line: 3, column: 52 }],
    },
    {
      name: 'reports guest:guest in a YAML AMQP URL',
      file: 'config/queue.yaml',
      text: 'rabbitmq:\n  url: amqp://guest:guest@rabbitmq:5672\n',
      errors: [{ messageId: 'usernameEqualsPassword', line: 2, column: 21 }],
    },
  ];

  it('reports a value from the policy\'s credentials.defaults in .env', async () => {
    const withPolicy = createFileLinter('version: 1\ncredentials:\n  defaults: ["Tayninh@2024"]\n');
    const findings = await withPolicy.lint('.env', 'LGSP_USERNAME=tayninh_mc\nLGSP_PASSWORD=Tayninh@2024\n', RULE_ID);
    expect(findings.map((f) => ({ messageId: f.messageId, line: f.line, column: f.column }))).toEqual([{ messageId: 'defaultPassword', line: 2, column: 15 }]);
  });

  const valid: ConfigValidCase[] = [
    { name: 'accepts empty values and placeholders in .env.example', file: '.env.example', text: 'DB_USER=motcua\nDB_PASSWORD=\nREDIS_PASSWORD=<your-redis-password>\n' },
    { name: 'accepts i18n labels', file: 'src/i18n/vi.json', text: '{ "password": "Mật khẩu", "admin": "Quản trị" }' },
    { name: 'accepts Rails-style YAML translations', file: 'config/locales/en.yml', text: 'en:\n  devise:\n    password: "password"\n    admin: "admin"\n' },
    { name: 'accepts the policy file listing known defaults', file: 'popdb-policy.yaml', text: 'version: 1\ncredentials:\n  defaults: ["Tayninh@2024", "admin"]\n' },
    { name: 'accepts admin as a user name or role', file: '.env', text: 'DEFAULT_ROLE=admin\nADMIN_USERNAME=admin\n' },
    { name: 'accepts a docker-compose variable with no default', file: 'docker-compose.yml', text: 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n' },
    { name: 'leaves strong literals to no-hardcoded-credentials', file: '.env', text: 'LGSP_SECRET_KEY=f0e1d2c3b4a5968778695a4b3c2d1e0f\n' },
  ];
  runConfigCases(RULE_ID, { valid, invalid });
});

describe('no-default-credentials messages', () => {
  it('never show any part of the default value', async () => {
    const linter = createFileLinter();
    const code = `
const DB_PASSWORD = 'changeme';
const dbPass = process.env.DB_PASS || 'P@ssw0rd';
const pool = new Pool({ user: 'hotich', password: 'hotich' });
await User.create({ username: dto.username, password: 'Abc@1234' });
const url = 'postgres://motcua:123456@db:5432/app';
`;
    const findings = await linter.lint('src/db.ts', code, RULE_ID);
    expect(findings.map((f) => f.messageId)).toEqual(['defaultPassword', 'defaultFallback', 'usernameEqualsPassword', 'fixedPasswordOnAccount', 'defaultPassword']);
    for (const f of findings) {
      for (const value of ['changeme', 'P@ssw0rd', 'hotich', 'Abc@1234', '123456']) {
        expect(f.message).not.toContain(value);
      }
    }
  });

  it('gives one finding per location across both credential rules', async () => {
    const linter = createFileLinter();
    const code = `const pool = new Pool({ user: 'hotich', password: 'hotich' });\nconst DB_PASSWORD = 'Xk9#mq2Lz!';\n`;
    const both = [...(await linter.lint('src/db.ts', code, RULE_ID)), ...(await linter.lint('src/db.ts', code, 'popdb/no-hardcoded-credentials'))];
    expect(both.map((f) => `${f.ruleId}@${f.line}:${f.column}`).sort()).toEqual([
      'popdb/no-default-credentials@1:51',
      'popdb/no-hardcoded-credentials@2:21',
    ]);
  });
});

describeRuleReadme(__dirname, definition);
