import * as fs from 'node:fs';
import * as path from 'node:path';
import popdb = require('eslint-plugin-popdb');
import { createRuleTester } from '../../test/rule-tester';
import { createFileLinter, runConfigCases, type ConfigInvalidCase, type ConfigValidCase } from '../../test/file-linter';
import { describeRuleReadme } from '../../test/rule-docs';
import definition from './rule';

const rule = popdb.rules['no-hardcoded-credentials'];
const ruleTester = createRuleTester();
const RULE_ID = 'popdb/no-hardcoded-credentials';

// A JWT with a three-part shape, as pasted from an LGSP sandbox response.
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0YXluaW5oX21jIiwiaWF0IjoxNzAwMDAwMDAwfQ.Qm9ZkP3xL8m2W7vN1tR5yH4jK6cD9aF0eS2gU3iO7pA';
// Base64 of {"AccessKey":"AK-1f2e3d4c5b6a","SecretKey":"SK-9z8y7x6w5v4u","AppName":"motcua","PartnerCode":"000.00.31.H56"}
const LGSP_TOKEN = Buffer.from(JSON.stringify({ AccessKey: 'AK-1f2e3d4c5b6a', SecretKey: 'SK-9z8y7x6w5v4u', AppName: 'motcua', PartnerCode: '000.00.31.H56' })).toString('base64');

ruleTester.run('no-hardcoded-credentials', rule, {
  valid: [
    // a map from names to rule ids, and a generated dotenv line that substitutes a vault variable
    `const VIOLATION_RULES = { 'hardcoded-password': 'popdb/no-hardcoded-credentials', 'default-credential': 'popdb/no-default-credentials' };`,
    'let pass = `DB_PASS=\${VAULT_DB_PASS}`;',
    // an app's own route with a flag for the page after a password reset (a Next.js form), not a connection string
    `export function done(router: { push(u: string): void }) { router.push('/auth/sign-in?password=recovered'); }`,
    // Values read from the environment, a vault or a config service.
    `const dbPassword = process.env.DB_PASSWORD;`,
    `const lgspSecretKey = this.configService.get<string>('LGSP_SECRET_KEY');`,
    `const { data } = await vault.read('secret/data/motcua/lgsp'); const clientSecret = data.data.clientSecret;`,
    `const token = await this.lgspAuthService.getAccessToken();`,
    // Empty strings and placeholders (documented decision: these stand for a secret without being one).
    `const smtpPassword = '';`,
    `const config = { password: '<your-password>', apiKey: 'YOUR_API_KEY', secret: 'xxx', pwd: '***' };`,
    `const template = { token: '\${LGSP_TOKEN}', clientSecret: '{{ .Values.lgsp.clientSecret }}' };`,
    // i18n labels and UI text in Vietnamese and English.
    `export const vi = { password: 'Mật khẩu', passwordHint: 'Nhập mật khẩu', confirmPassword: 'Nhập lại mật khẩu' };`,
    `export const en = { password: 'Password', passwordTooShort: 'Password must be at least 8 characters' };`,
    `const messages = { password: 'Password:' };`,
    // Form fields, routes and passport config.
    {
      filename: 'src/admin/LoginScreen.tsx',
      code: `
export function LoginScreen() {
  return (
    <form action="/api/auth/login">
      <input type="password" name="password" autoComplete="current-password" placeholder="Mật khẩu" />
      <a href="/reset-password">Quên mật khẩu?</a>
    </form>
  );
}`,
    },
    `passport.use(new LocalStrategy({ usernameField: 'tenDangNhap', passwordField: 'matKhau' }, verify));`,
    `router.post('/reset-password', authController.resetPassword);`,
    `const RESET_PASSWORD_URL = '/auth/reset-password';`,
    `const tokenUrl = 'https://lgsp.tayninh.gov.vn/token';`,
    `const tokenEndpoint = 'https://lgsp.tayninh.gov.vn/oauth2/token';`,
    // Regular expressions and validation messages.
    `const PASSWORD_PATTERN = /^(?=.*[A-Z])(?=.*\\d).{8,}$/;`,
    `
class CreateUserDto {
  @IsNotEmpty({ message: 'Mật khẩu không được để trống' })
  @Matches(/^(?=.*\\d).{8,}$/, { message: 'Password must contain a digit' })
  password: string;
}`,
    `const rules = { password: 'required|min:8|confirmed' };`,
    // Type annotations and literal types.
    `interface LgspCredentials { accessKey: string; secretKey: string; mode: 'password' | 'client_credentials' }`,
    `type AuthKind = 'token' | 'apiKey';`,
    // Names that are about a credential, not one.
    `const tokenType = 'Bearer';`,
    `const ACCESS_TOKEN_KEY = 'lgsp_access_token'; localStorage.getItem(ACCESS_TOKEN_KEY);`,
    `const ACCESS_TOKEN = 'access_token';`,
    `const PRIVATE_KEY_PATH = '/etc/motcua/keys/lgsp.pem';`,
    `const passwordMinLength = 8;`,
    `const ENCRYPTION_KEY_LENGTH = '32';`,
    `const [matKhau, setMatKhau] = useState('');`,
    `const headers = { 'Content-Type': 'application/json', Authorization: \`Bearer \${token}\` };`,
    `fetch('/api/ho-so', { credentials: 'include' });`,
    `const auth = 'jwt';`,
    `const grant = { grant_type: 'client_credentials', scope: 'dancu.tracuu' };`,
    // Connection strings that take the password from the environment.
    'const url = `postgres://${process.env.DB_USER}:${process.env.DB_PASSWORD}@${host}:5432/hotich`;',
    `const mongoUri = 'mongodb://mongo:27017/motcua';`,
    // AWS's documented example key is a placeholder.
    `const awsAccessKeyId = 'AKIAIOSFODNN7EXAMPLE';`,
    // jwt.io's documented sample token (sub 1234567890, John Doe) as a fallback header: a placeholder, like AWS's EXAMPLE keys
    "const headers = { Authorization: token ? `Bearer ${token}` : 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c' };",
    "export class BhxhService { private authToken = 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'; }",
    // Default and weak values belong to no-default-credentials (one finding per location, SPEC §1).
    `const DB_PASSWORD = 'admin';`,
    `const dbPass = process.env.DB_PASS || '123456';`,
    `await this.userRepository.save({ tenDangNhap: dto.tenDangNhap, matKhau: 'Xk9#mq2Lz!' });`,
    `const pool = new Pool({ user: 'hotich', password: 'hotich' });`,
    // Fallbacks that are not credentials.
    `const role = process.env.DEFAULT_ROLE || 'admin';`,
    // Hashes, password rules as strings, error codes, enums, strategy names and nil keys.
    `const seedAdmin = { tenDangNhap: 'quantri', matKhau: '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy' };`,
    `const patterns = { password: '^(?=.*[A-Z])(?=.*\\d).{8,}$' };`,
    `export const ERROR_CODES = { INVALID_TOKEN: 'E401', TOKEN_EXPIRED: 'E402' };`,
    `enum LoginMethod { Password = 'password', Token = 'token', VNeID = 'vneid' }`,
    `server.route({ method: 'GET', path: '/ho-so', options: { auth: 'default' } });`,
    `const sampleConfig = { apiKey: '00000000-0000-0000-0000-000000000000' };`,
    // Role middleware and Function.prototype.bind are not logins.
    `router.use('/admin', auth('admin'), adminRouter);`,
    `const onSubmit = handleSubmit.bind(null, 'Xk9#mq2Lz!');`,
    // A lexer's tokens are not access tokens.
    `let lastToken = '?InterpolationInTemplate';`,
    // swagger-jsdoc definitions written as objects: the example token documents a response.
    `export const tokenSchema = { type: 'object', properties: { token: { type: 'string' } }, example: { token: '${JWT}', expires: '2020-05-12' } };`,
    `export const bearer = { type: 'string', example: '${JWT}' };`,
    `export const responses = { examples: [{ accessToken: '${JWT}' }] };`,
    // A sample word is a placeholder.
    `const jwtSecret = process.env.JWT_SECRET || 'thisisasamplesecret';`,
    // Words that merely contain a credential word, or are about one.
    `const tokenizer = 'Hq7#vP2x!mK9';\nconst passwordpolicy = 'Min8#Upper1!';\nconst resetpassword = 'Hq7#vP2x!mK9';\nconst matkhaulabel = 'Hq7#vP2x!mK9';\nconst bypass = 'Hq7#vP2x!mK9';`,
    // Names of storage keys held by constants ending in KEY: a front end's session and token slots.
    `export const AI_SESSION_KEY = 'ai_session_v2';`,
    // the sessionStorage key of a reload flag, in camelCase: its words repeat the name's own
    `const reloadSessionKey = 'chunkReload';\nif (!sessionStorage.getItem(reloadSessionKey)) sessionStorage.setItem(reloadSessionKey, 'true');`,
    `const SESSION_KEY = 'qldc.session.v1';\nexport const save = (s: object) => localStorage.setItem(SESSION_KEY, JSON.stringify(s));`,
    `export const TOKEN_KEY = 'access_token';`,
    `export const REFRESH_TOKEN_KEY = 'qldc:refresh:v3';`,
  ],
  invalid: [
    {
      // a literal password in a route of the app's own API is still one (unlike a page's flag word)
      code: `export const login = () => fetch('/api/login?user=admin&password=Qldc@2024');`,
      errors: [{ messageId: 'connectionStringPassword', line: 1 }],
    },
    {
      // one-word names in a quick script
      code: `const authtoken = '2Tq9XkLm7Vb3Nc8Rw4Yz6Hd1Jf5Gs0Pa';\nconst dbpassword = 'Hq7#vP2x!mK9';\nconst clientsecret = 'Hq7#vP2x!mK9';\nconst matkhauadmin = 'Qldc#2024!x';`,
      errors: [
        { messageId: 'hardcodedToken', line: 1, column: 19 },
        { messageId: 'hardcodedPassword', line: 2, column: 20 },
        { messageId: 'hardcodedToken', line: 3, column: 22 },
        { messageId: 'hardcodedPassword', line: 4, column: 22 },
      ],
    },
    {
      // SECRET_KEY holds the secret itself: its value repeats no other word of the name
      code: `export const SECRET_KEY = 'app_secret_2';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 27 }],
    },
    {
      // a generated-looking value is a key, whatever the name
      code: `export const sessionKey = 'session_9f8a7b2c';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 27 }],
    },
    {
      // camelCase made of generated parts is a key too
      code: `export const reloadSessionKey = 'reloadX9fQ2mLp';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 33 }],
    },
    {
      // a JWT outside a doc sample is still one
      code: `export const tokenSchema = { type: 'object', example: { token: 'x' } };\nexport const serviceToken = '${JWT}';`,
      errors: [{ messageId: 'knownSecretFormat', line: 2, column: 29 }],
    },
    {
      // a file named example.ts is code, not a template: its secrets count
      filename: 'src/example.ts',
      code: `export const apiSecret = 'Hq7#vP2x!mK9';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 26 }],
    },
    {
      // a substitution in a value is not a placeholder when the rest of it is a secret: the secret part still counts
      code: `const dsn = 'postgres://motcua:Hue#2024pw@db.local/motcua?app=\${APP}';`,
      errors: [{ messageId: 'connectionStringPassword', line: 1, column: 32 }],
    },
    {
      // node-soap WS-Security for a SOAP gateway of the population DB
      code: `client.setSecurity(new soap.WSSecurity('motcua_hcm', 'Hcm#Lgsp2024!', { hasTimeStamp: false }));`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 54 }],
    },
    {
      code: `const DB_PASSWORD = 'Xk9#mq2Lz!';`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 21 }],
    },
    // A login form whose password state starts as a real password (the app bundle ships it).
    {
      code: `const [password, setPassword] = useState('Xk9#mq2Lz!');`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 42 }],
    },
    {
      code: `
@Injectable()
export class LgspService {
  private readonly secretKey = 'a8f5f167f44f4964e6c998dee827110c';
}`,
      errors: [{ messageId: 'hardcodedToken', line: 4, column: 32 }],
    },
    {
      code: `const jwtSecret = process.env.JWT_SECRET ?? 'k8s-Th1s-is-my-secret';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 45 }],
    },
    {
      code: `const secretKey = config.get('lgsp.secretKey', 'f0e1d2c3b4a59687');`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 48 }],
    },
    {
      code: `const lgspSecret = process.env.LGSP_SECRET || 'Hq7#vP2x!mK9';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 47 }],
    },
    {
      code: `export async function connectDb(password = 'Tr0ub4dor&3x') {}`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 44 }],
    },
    {
      code: `const { clientSecret = '9a7c1e2b-44d1-4a55-9f1e-0b6f5a1c2d3e' } = options;`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 24 }],
    },
    {
      code: `this.lgspConfig.clientSecret = '9a7c1e2b-44d1-4a55-9f1e-0b6f5a1c2d3e';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 32 }],
    },
    {
      filename: 'src/admin/Settings.tsx',
      code: `const el = <LgspConnectionForm apiKey="f3a9c2e7b1d84e6a" />;`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 39 }],
    },
    {
      code: `const mat_khau = 'Hanoi@2024xyz';`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 18 }],
    },
    {
      code: `const matKhauDichVu = 'TayNinh#Mc2024';`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 23 }],
    },
    {
      code: `
const transporter = nodemailer.createTransport({
  host: 'smtp.gmail.com',
  auth: { user: 'motcua.tayninh@gmail.com', pass: 'qwer tyui opas dfgh' },
});`,
      errors: [{ messageId: 'hardcodedPassword', line: 4, column: 51 }],
    },
    {
      code: `const axiosLgsp = axios.create({ baseURL, headers: { 'x-api-key': 'c2f1e0d9b8a7c6f5e4d3' } });`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 67 }],
    },
    {
      code: `const privateKey = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 20 }],
    },
    {
      code: `
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'Mc#2024-jwt-k3y' });
  }
}`,
      errors: [{ messageId: 'hardcodedToken', line: 5, column: 84 }],
    },
    {
      code: `const khoaBiMatLgsp = 'b7e1c9d2a4f6e8c0';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 23 }],
    },
    {
      code: `export const ENCRYPTION_KEY = 'q8Zt2Lm9Xv4Rb7Nc';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 31 }],
    },
    {
      code: `const res = await axios.get(url, { auth: { username: 'lgsp_tayninh', password: 'Lgsp#Tn2024' } });`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 80 }],
    },
    {
      code: `const token = jwt.sign({ sub: canBo.id }, 'motcua-jwt-s3cret-2024', { expiresIn: '8h' });`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 43 }],
    },
    {
      code: `const req = https.request({ hostname: 'lgsp.tayninh.gov.vn', path: '/dancu/v1/token', auth: 'tayninh_mc:Kt9@xz2q' });`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 105 }],
    },
    {
      code: `client.bind('cn=admin,dc=tayninh,dc=gov,dc=vn', 'Ldap@dm1n!', (err) => done(err));`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 49 }],
    },
    {
      code: `await redisClient.auth('R3dis!Pass');`,
      errors: [{ messageId: 'hardcodedPassword', line: 1, column: 24 }],
    },
    {
      code: `await fetch('https://api.telegram.org/bot1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage', { method: 'POST', body });`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 42 }],
    },
    // Connection strings.
    {
      code: `const DATABASE_URL = 'postgres://dancu_app:Qw3rty!x9@10.0.0.5:5432/dancu';`,
      errors: [{ messageId: 'connectionStringPassword', line: 1, column: 44 }],
    },
    {
      code: `await mongoose.connect('mongodb+srv://motcua:Zp4kLm9Q@cluster0.ab1cd.mongodb.net/hoso');`,
      errors: [{ messageId: 'connectionStringPassword', line: 1, column: 46 }],
    },
    {
      code: `const sqlConfig = 'Server=10.1.1.1;Database=HoTich;User Id=hotich_app;Password=Str0ngPa55!;';`,
      errors: [{ messageId: 'connectionStringPassword', line: 1, column: 80 }],
    },
    {
      code: 'const redisUrl = `redis://:R3dis!Pass@${REDIS_HOST}:6379/0`;',
      errors: [{ messageId: 'connectionStringPassword', line: 1, column: 28 }],
    },
    // Authorization headers.
    {
      code: `const headers = { Authorization: 'Bearer ${JWT}' };`,
      errors: [{ messageId: 'literalAuthorizationHeader', line: 1, column: 42 }],
    },
    {
      code: `res.setHeader('Authorization', 'Basic dGF5bmluaF9tYzpLdDlAeHoycQ==');`,
      errors: [{ messageId: 'literalAuthorizationHeader', line: 1, column: 39 }],
    },
    {
      code: `const gateway = got.extend({ prefixUrl: LGSP_URL, headers: { Authorization: 'f3a9c2e7b1d84e6a9b05' } });`,
      errors: [{ messageId: 'literalAuthorizationHeader', line: 1, column: 77 }],
    },
    {
      code: `axios.defaults.headers.common['Authorization'] = 'Token 5f2b8c1d9e7a4f3b6c0d';`,
      errors: [{ messageId: 'literalAuthorizationHeader', line: 1, column: 57 }],
    },
    // The LGSP gateway token (DOMAIN.md): Base64 of JSON {AccessKey, SecretKey, AppName, PartnerCode}.
    {
      code: `
const lgspAccessToken = Buffer.from(
  JSON.stringify({ AccessKey: 'AK-1f2e3d4c5b6a', SecretKey: 'SK-9z8y7x6w5v4u', AppName: 'motcua', PartnerCode: '000.00.31.H56' }),
).toString('base64');`,
      errors: [
        { messageId: 'encodedCredential', line: 3, column: 31 },
        { messageId: 'encodedCredential', line: 3, column: 61 },
      ],
    },
    {
      code: `const lgspToken = btoa(JSON.stringify({ AccessKey: 'AK-1f2e3d4c5b6a', SecretKey: 'SK-9z8y7x6w5v4u' }));`,
      errors: [
        { messageId: 'encodedCredential', line: 1, column: 52 },
        { messageId: 'encodedCredential', line: 1, column: 82 },
      ],
    },
    {
      code: `const LGSP_TOKEN = '${LGSP_TOKEN}';`,
      errors: [{ messageId: 'encodedCredential', line: 1, column: 20 }],
    },
    {
      code: `http.get(url, { headers: { lgspAccessToken: '${LGSP_TOKEN}' } });`,
      errors: [{ messageId: 'encodedCredential', line: 1, column: 45 }],
    },
    {
      code: `const basic = 'Basic ' + Buffer.from('tayninh_mc:Kt9@xz2q').toString('base64');`,
      errors: [{ messageId: 'encodedCredential', line: 1, column: 50 }],
    },
    // Well-known secret formats, wherever they are.
    {
      code: `const key = '-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7\\n-----END RSA PRIVATE KEY-----';`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 13 }],
    },
    {
      code: `const s3 = new S3Client({ region: 'ap-southeast-1', credentials: { accessKeyId: 'AKIAZ7Q2W3E4R5T6Y7U8', secretAccessKey: process.env.AWS_SECRET } });`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 81 }],
    },
    {
      code: `const geocoder = new Geocoder({ provider: 'google', key: 'AIzaSyD-1234567890abcdefghijklmnopqrstu' });`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 58 }],
    },
    {
      code: `const octokit = new Octokit({ auth: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' });`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 37 }],
    },
    {
      code: `const slack = new WebClient('xoxb-123456789012-abcdefghijklmn');`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 29 }],
    },
    {
      code: `const sandboxToken = '${JWT}';`,
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 22 }],
    },
    // A key issued as a UUID is a key in production code (only test code reads a UUID as a fixture id).
    {
      filename: 'src/push/client.ts',
      code: `export const pushApiKey = '3f9a1c2e-7b4d-4e8a-9c1f-2d6b8e4a7c31';`,
      errors: [{ messageId: 'hardcodedToken', line: 1, column: 27 }],
    },
  ],
});

describe('no-hardcoded-credentials in config files', () => {
  const invalid: ConfigInvalidCase[] = [
    {
      name: 'reports LGSP keys written in .env',
      file: '.env',
      text: '# LGSP\nLGSP_BASE_URL=https://lgsp.tayninh.gov.vn/dancu/v1/\nLGSP_ACCESS_KEY=AK-7f3c9e21b4d8\nLGSP_SECRET_KEY="f0e1d2c3b4a5968778695a4b3c2d1e0f"\n',
      errors: [
        { messageId: 'hardcodedToken', line: 3, column: 17 },
        { messageId: 'hardcodedToken', line: 4, column: 18 },
      ],
    },
    {
      name: 'reports the password inside DATABASE_URL in .env.production',
      file: '.env.production',
      text: 'NODE_ENV=production\nDATABASE_URL=postgres://app:Zx8!kq2Wm@db:5432/motcua\n',
      errors: [{ messageId: 'connectionStringPassword', line: 2, column: 29 }],
    },
    {
      name: 'reports a password in a Spring-style YAML datasource URL',
      file: 'config/application.yaml',
      text: 'spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/dancu?user=app&password=S3cr3t!xq\n',
      errors: [{ messageId: 'connectionStringPassword', line: 3, column: 60 }],
    },
    {
      name: 'reports a Kubernetes env value named by its sibling',
      file: 'deploy/api.yaml',
      text: 'spec:\n  containers:\n    - name: api\n      env:\n        - name: LGSP_CLIENT_SECRET\n          value: "Pr0d#Secret2024"\n',
      errors: [{ messageId: 'hardcodedToken', line: 6, column: 19 }],
    },
    {
      name: 'names a Kubernetes env value by its own entry in a multi-document manifest',
      file: 'deploy/all.yaml',
      text: [
        'kind: Deployment',
        'spec:',
        '  containers:',
        '    - env:',
        '        - name: DB_HOST',
        '          value: db.motcua.svc',
        '---',
        'kind: Deployment',
        'spec:',
        '  containers:',
        '    - env:',
        '        - name: LGSP_SECRET_KEY',
        '          value: f0e1d2c3b4a5968778695a4b3c2d1e0f',
        '',
      ].join('\n'),
      errors: [{ messageId: 'hardcodedToken', line: 13, column: 18 }],
    },
    {
      name: 'reports a literal LGSP token in JSON config',
      file: 'config/production.json',
      text: `{\n  "lgsp": {\n    "baseUrl": "https://lgsp.tayninh.gov.vn",\n    "token": "${LGSP_TOKEN}"\n  }\n}\n`,
      errors: [{ messageId: 'encodedCredential', line: 4, column: 15 }],
    },
    {
      name: 'reports a private key block in JSON (a service-account file)',
      file: 'keys/service-account.json',
      text: '{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n"\n}\n',
      errors: [{ messageId: 'knownSecretFormat', line: 3, column: 19 }],
    },
    {
      name: 'reports a docker-compose environment list item',
      file: 'docker-compose.yml',
      text: 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=Hq7vP2xmK9zz\n',
      errors: [{ messageId: 'hardcodedPassword', line: 4, column: 27 }],
    },
    // One-word names: ngrok's config, a .env written in capitals, Vietnamese head-first names.
    {
      name: 'reports the authtoken of an ngrok.yml',
      file: 'ngrok.yml',
      text: 'version: "2"\nauthtoken: 2Tq9XkLm7Vb3Nc8Rw4Yz6Hd1Jf5Gs0Pa_7kLmQ2xV9\ntunnels:\n  api:\n    proto: http\n    addr: 3000\n',
      errors: [{ messageId: 'hardcodedToken', line: 2, column: 12 }],
    },
    {
      name: 'reports one-word keys in a .env',
      file: '.env',
      text: 'DBPASSWORD=Hq7vP2xmK9zz\nMATKHAUADMIN=Qldc#2024!x\nAPIKEY=f3K9xQ2mL7vT1bN8cR4wY6zH\nAUTHTOKEN=2Tq9XkLm7Vb3Nc8R\nTOKENIZER=wordpiece-v2\nPASSWORDPOLICY=min8-upper1-digit1\n',
      errors: [
        { messageId: 'hardcodedPassword', line: 1, column: 12 },
        { messageId: 'hardcodedPassword', line: 2, column: 14 },
        { messageId: 'hardcodedToken', line: 3, column: 8 },
        { messageId: 'hardcodedToken', line: 4, column: 11 },
      ],
    },
    // Templates show what goes where; a real key left in one still leaks (it is committed and copied).
    {
      name: 'reports a real-looking secret and a cloud key left in a .env.example',
      file: '.env.example',
      text: '# copy to .env\nLGSP_BASE_URL=https://lgsp.binhduong.gov.vn/dancu/v1/\nLGSP_SECRET_KEY=9fK2xQ7mL4vT8bN1cR6wY3zH\nAWS_ACCESS_KEY_ID=AKIAR4T7Y2U9I3O6P1QX\n',
      errors: [
        { messageId: 'hardcodedToken', line: 3, column: 17 },
        { messageId: 'knownSecretFormat', line: 4, column: 19 },
      ],
    },
    {
      name: 'reports a connection string to a live host in config.sample.json',
      file: 'config/config.sample.json',
      text: '{\n  "database": "postgres://motcua:Vx8qL2mZt9Rk@db.motcua.binhduong.gov.vn:5432/motcua"\n}\n',
      errors: [{ messageId: 'connectionStringPassword', line: 2, column: 34 }],
    },
    // Substitutions in a URL: a literal password next to them is still written into the file.
    {
      name: 'reports a literal password in a compose URL whose host and user are substitutions',
      file: 'docker-compose.yml',
      text: 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://${DB_USER:-hotich}:Zx8!kq2Wm@${DB_HOST:-db}:5432/hotich\n',
      errors: [{ messageId: 'connectionStringPassword', line: 4, column: 51 }],
    },
    {
      name: 'reports a strong password committed as the default of a URL substitution',
      file: 'deploy/compose.prod.yml',
      text: 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://hotich:${DB_PASS:-Zx8!kq2Wm7Lp}@pg.hotich.gov.vn:5432/hotich\n',
      errors: [{ messageId: 'connectionStringPassword', line: 4, column: 50 }],
    },
    // A pattern key next to a real key in the same Jest config: the real one is still a credential.
    {
      name: 'reports a token in a Jest config beside its moduleNameMapper patterns',
      file: 'jest.config.json',
      text: '{\n  "moduleNameMapper": { "^@lib/auth(|/.*)$": "<rootDir>/lib/auth/src/$1" },\n  "globals": { "apiToken": "f3K9xQ2mL7vT1bN8cR4wY6zH" }\n}\n',
      errors: [{ messageId: 'hardcodedToken', line: 3, column: 29 }],
    },
    // Only lock files by name are skipped: a YAML file with the same shape is read.
    {
      name: 'reports a package-like key holding a password in a YAML file that is not a lock file',
      file: 'config/packages.yaml',
      text: "packages:\n  '@inquirer/password': Hq7vP2xmK9zz\n",
      errors: [{ messageId: 'hardcodedPassword', line: 2, column: 25 }],
    },
    {
      name: 'reports a private key block with a real body in a template',
      file: '.env.example',
      text: 'FIREBASE_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"\n',
      errors: [{ messageId: 'knownSecretFormat', line: 1, column: 23 }],
    },
    {
      name: 'reports a cloud key format even inside an OpenAPI example',
      file: 'docs/openapi.yaml',
      text: 'components:\n  schemas:\n    Upload:\n      example:\n        accessKeyId: AKIAR4T7Y2U9I3O6P1QX\n',
      errors: [{ messageId: 'knownSecretFormat', line: 5, column: 22 }],
    },
  ];


  const valid: ConfigValidCase[] = [
    {
      name: 'accepts required variables in a production compose file (${VAR:?message}, ${VAR?message}): the text is the error shown when one is missing',
      file: 'docker/production/compose.yml',
      text: [
        'services:',
        '  database:',
        '    environment:',
        '      - POSTGRES_USER=${POSTGRES_USER:?err}',
        '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?err}',
        '  app:',
        '    environment:',
        '      JWT_SECRET: ${JWT_SECRET?set JWT_SECRET}',
        '      DATABASE_URL: postgres://app:${POSTGRES_PASSWORD:?err}@database:5432/app',
        '',
      ].join('\n'),
    },
    {
      name: 'accepts sample words, descriptions and placeholders in a .env.example',
      file: '.env.example',
      text: [
        'JWT_SECRET=thisisasamplesecret',
        'SMTP_USERNAME=email-server-username',
        'SMTP_PASSWORD=email-server-password',
        'SWAGGER_USERNAME=admin',
        'SWAGGER_PASSWORD=1234',
        'ADMIN_PASSWORD=changeme',
        'DB_PASSWORD=your_password',
        'API_KEY=xxxx',
        'MAIL_PASS=<app password>',
        'DATABASE_URL=postgres://postgres:Pg4Local@localhost:5432/motcua',
        '',
      ].join('\n'),
    },
    { name: 'accepts the same in .env.sample, .env.template, .env.dist and .env.production.example', file: '.env.sample', text: 'JWT_SECRET=my_sample_jwt_secret\nDB_PASSWORD=motcua_password\n' },
    { name: 'accepts placeholders in a .env.template', file: '.env.template', text: 'LGSP_SECRET_KEY=replace-with-lgsp-secret\nDB_PASSWORD=Matkhau@123\n' },
    { name: 'accepts placeholders in a .env.dist', file: '.env.dist', text: 'DB_PASSWORD=motcua-db-password\n' },
    { name: 'accepts placeholders in a .env.production.example', file: '.env.production.example', text: 'MONGODB_URI=mongodb+srv://dbuser:dbpassword123@cluster0.example.mongodb.net/app\nSESSION_SECRET=keyboard cat\n' },
    { name: 'accepts weak sample values in docker-compose.example.yml', file: 'docker-compose.example.yml', text: 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=postgres_password\n' },
    { name: 'accepts a sample-word secret in a CI file', file: '.travis.yml', text: 'env:\n  global:\n    - JWT_SECRET=thisisasamplesecret\n' },
    { name: 'accepts a JWT given as an OpenAPI example', file: 'src/docs/components.yml', text: `components:\n  schemas:\n    Token:\n      type: object\n      example:\n        token: ${JWT}\n        expires: 2020-05-12T16:18:04.793Z\n` },
    { name: 'accepts examples in a JSON OpenAPI document', file: 'docs/openapi.json', text: `{ "components": { "examples": { "login": { "value": { "accessToken": "${JWT}", "password": "Xk9#mq2Lz!" } } } } }` },
    { name: 'accepts references, empty values and placeholders in .env', file: '.env.example', text: 'DB_PASSWORD=\nJWT_SECRET=${JWT_SECRET}\nLGSP_SECRET_KEY=<your-secret-key>\nAPI_KEY=YOUR_API_KEY\nSMTP_PASS=xxx\n' },
    { name: 'accepts settings about passwords and tokens', file: '.env', text: 'PASSWORD_MIN_LENGTH=8\nRESET_PASSWORD_URL=/reset-password\nTOKEN_EXPIRES_IN=3600\nLGSP_TOKEN_URL=https://lgsp.tayninh.gov.vn/token\n' },
    { name: 'accepts i18n tables with password labels', file: 'src/locales/vi.json', text: '{ "login": { "password": "Mật khẩu", "submit": "Đăng nhập" } }' },
    { name: 'accepts an English i18n file named en.json', file: 'public/en.json', text: '{ "password": "Password", "token": "Token" }' },
    { name: 'accepts a Kubernetes secret reference', file: 'deploy/api.yaml', text: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: motcua-db\n        key: password\n' },
    { name: 'accepts a GitHub Actions secret expression', file: '.github/workflows/deploy.yml', text: 'env:\n  LGSP_SECRET_KEY: ${{ secrets.LGSP_SECRET_KEY }}\n' },
    { name: 'leaves default passwords in config to no-default-credentials', file: '.env', text: 'DB_USER=postgres\nDB_PASSWORD=postgres\nREDIS_PASSWORD=changeme\n' },
    {
      name: 'accepts a compose URL whose user and password are substitutions (a weak default is no-default-credentials\' finding)',
      file: 'docker-compose.yml',
      text: 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://${DB_USER:-hotich}:${DB_PASS:-hotich}@${DB_HOST:-db}:5432/hotich\n      CACHE_URL: redis://:${REDIS_PASSWORD}@cache:6379\n',
    },
    {
      name: 'accepts a pnpm lock file: package names and versions, not credentials',
      file: 'pnpm-lock.yaml',
      text: "lockfileVersion: '9.0'\npackages:\n  '@inquirer/prompts@7.3.2':\n    dependencies:\n      '@inquirer/password': 4.0.23(@types/node@22.19.17)\n      secret-handshake: 1.1.21\n",
    },
    {
      name: 'accepts Jest moduleNameMapper patterns in package.json and a Jest JSON config',
      file: 'package.json',
      text: '{\n  "name": "chat",\n  "jest": { "moduleNameMapper": { "^@libs/auth(|/.*)$": "<rootDir>/libs/auth/src/$1", "^@app/secrets/(.*)$": "<rootDir>/libs/secrets/$1" } }\n}\n',
    },
    { name: 'accepts Jest moduleNameMapper patterns in test/jest-e2e.json', file: 'test/jest-e2e.json', text: '{ "moduleNameMapper": { "^@libs/token-store(|/.*)$": "<rootDir>/../libs/token-store/src/$1" } }\n' },
    {
      name: 'accepts a private key block whose body is a placeholder in a template',
      file: '.env.example',
      text: 'FIREBASE_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\nPasteYourKeyHere\\n-----END PRIVATE KEY-----\\n"\nGCP_KEY="-----BEGIN PRIVATE KEY-----\\nYOUR_PRIVATE_KEY\\n-----END PRIVATE KEY-----"\n',
    },
  ];
  runConfigCases(RULE_ID, { valid, invalid });
});

describe('no-hardcoded-credentials policy', () => {
  it('skips files the policy allows (credentials.allowInFiles, relative to the policy folder)', async () => {
    const linter = createFileLinter('version: 1\ncredentials:\n  allowInFiles: ["test/fixtures/**"]\n');
    fs.mkdirSync(path.join(linter.dir, 'test/fixtures'), { recursive: true });
    const text = 'LGSP_SECRET_KEY=f0e1d2c3b4a5968778695a4b3c2d1e0f\n';
    expect(await linter.lint('test/fixtures/.env.test', text, RULE_ID)).toEqual([]);
    expect(await linter.lint('.env', text, RULE_ID)).toHaveLength(1);
  });

  it('skips source files the policy allows', async () => {
    const linter = createFileLinter('version: 1\ncredentials:\n  allowInFiles: ["**/*.fixture.ts"]\n');
    const code = `export const lgspCredentials = { accessKey: 'AK-7f3c9e21b4d8', secretKey: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' };\n`;
    expect(await linter.lint('test/lgsp.fixture.ts', code, RULE_ID)).toEqual([]);
    expect(await linter.lint('src/lgsp.ts', code, RULE_ID)).toHaveLength(2);
  });
});

describe('no-hardcoded-credentials messages', () => {
  const secrets = ['Xk9#mq2Lz!', 'AK-7f3c9e21b4d8', 'f0e1d2c3b4a5968778695a4b3c2d1e0f', 'Qw3rty!x9', JWT, LGSP_TOKEN, 'AKIAZ7Q2W3E4R5T6Y7U8', 'dGF5bmluaF9tYzpLdDlAeHoycQ=='];
  const code = `
const DB_PASSWORD = 'Xk9#mq2Lz!';
const lgsp = { accessKey: 'AK-7f3c9e21b4d8', secretKey: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' };
const url = 'postgres://dancu_app:Qw3rty!x9@10.0.0.5:5432/dancu';
const headers = { Authorization: 'Bearer ${JWT}', lgspAccessToken: '${LGSP_TOKEN}' };
const aws = { accessKeyId: 'AKIAZ7Q2W3E4R5T6Y7U8' };
res.setHeader('Authorization', 'Basic dGF5bmluaF9tYzpLdDlAeHoycQ==');
`;

  it('never shows a detected secret in clear, in any message', async () => {
    const linter = createFileLinter();
    const findings = await linter.lint('src/lgsp.ts', code, RULE_ID);
    expect(findings).toHaveLength(8);
    for (const f of findings) {
      for (const s of secrets) expect(f.message).not.toContain(s);
      // At most the first 2 and last 2 characters: no run of 5 characters of a secret survives.
      for (const s of secrets) {
        for (let i = 0; i + 5 <= s.length; i++) expect(f.message).not.toContain(s.slice(i, i + 5));
      }
    }
  });

  it('names the variable and gives both languages', async () => {
    const linter = createFileLinter();
    const [f] = await linter.lint('src/db.ts', `const DB_PASSWORD = 'Xk9#mq2Lz!';`, RULE_ID);
    expect(f.message).toContain('"DB_PASSWORD"');
    expect(f.message).toContain(' — ');
    expect(f.message).toContain('Xk******z!');
  });
});

describeRuleReadme(__dirname, definition);
