/**
 * Built-in defaults. Every list here is *extended* (never replaced) by the
 * policy file, so a policy cannot switch off a protection by accident.
 * Sources: ../shared/DOMAIN.md (hosts, field names, SDKs) and the official
 * letters quoted in docs/legal.md.
 */

/**
 * URL patterns ('*' matches any text, case-insensitive) that point at the
 * population DB. Provincial LGSP gateways carry many services, so a bare
 * `lgsp.<province>.gov.vn` host is NOT a population-DB endpoint by itself;
 * only its population-DB service paths are.
 */
export const DEFAULT_ENDPOINT_PATTERNS: readonly string[] = [
  '*://*dancuquocgia.gov.vn*',
  '*://*dancuquocgia.bca*',
  '*://dichvucong.bocongan.gov.vn/*dancu*',
  '*://*/dancu/*',
  '*://*/csdldancu/*',
  '*://*/csdlqgdc/*',
  '*://*/api/dan-cu/*',
  '*://*/*CungCapThongTinCongDan*',
  '*://*/*XacThucThongTinCongDan*',
  '*://*/*XacMinhThongTinNhanThan*',
  '*://*/*TraCuuThongTinCongDan*',
  '*://*/*CungCapThongTinHoGiaDinh*',
  '*://*/*CungCapDanhSachTheo*',
];

/**
 * XML namespaces of the population-DB SOAP schema. They look like endpoint
 * URLs but are only names: never a connection, never a finding.
 */
export const POPULATION_DB_XML_NAMESPACES: readonly string[] = [
  'http://www.mic.gov.vn/dancu/1.0',
  'http://dancuquocgia.bca',
];

/**
 * Citizen-data field names (Decree 13/2023 basic personal data and DOMAIN.md). Compared in any casing
 * (`normalizeFieldName` in taint/citizen-data.ts: `so_cccd`, `SO_CCCD` and `soCccd` are one name).
 */
export const DEFAULT_CITIZEN_FIELDS: readonly string[] = [
  // Vietnamese, camelCase and PascalCase as seen in integration code
  'cccd', 'soCCCD', 'soCccd', 'cmnd', 'soCMND', 'soCmnd', 'cmndCccd', 'soDinhDanh', 'maDinhDanh',
  'hoTen', 'hoVaTen', 'ho', 'chuDem', 'ten', 'ngaySinh', 'ngayThangNamSinh', 'gioiTinh',
  'noiThuongTru', 'thuongTru', 'noiOHienTai', 'noiTamTru', 'queQuan', 'noiDangKyKhaiSinh', 'quocTich',
  'danToc', 'tonGiao', 'tinhTrangHonNhan', 'nhomMau', 'ngayCap', 'noiCap',
  'maHoKhau', 'soSoHoKhau', 'chuHo', 'quanHeVoiChuHo', 'cha', 'me', 'voChong', 'nguoiDaiDien',
  'soDienThoai', 'sdt', 'maSoThue', 'soHoChieu', 'soBHXH', 'anhChanDung',
  // English and VNeID claims
  'citizenId', 'citizenPid', 'nationalId', 'idNumber', 'idCardNumber', 'fullName', 'dateOfBirth', 'birthDate',
  'gender', 'ethnicity', 'religion', 'permanentAddress', 'placeOfOrigin', 'hometown', 'passportNumber',
  // contact data (Decree 13/2023 art. 2(3): a phone number is basic personal data); `email` counts only on citizen data
  'phone', 'phoneNumber', 'email',
];

/**
 * Sensitive personal data under Decree 13/2023 art. 2(4): a finding that involves it gets error severity.
 * Blood type (`nhomMau`) is personal data but not sensitive: the decree does not count it as health data.
 */
export const SENSITIVE_CITIZEN_FIELDS: readonly string[] = ['danToc', 'tonGiao', 'ethnicity', 'religion'];

/** Third-party messaging (OTT) hosts. */
export const DEFAULT_MESSAGING_HOSTS: readonly string[] = [
  'openapi.zalo.me', 'business.openapi.zalo.me', 'oauth.zaloapp.com', 'graph.zalo.me',
  'chatapi.viber.com',
  'graph.facebook.com',
  'api.telegram.org',
  'waba-v2.360dialog.io', 'waba.360dialog.io',
  'hooks.slack.com', 'slack.com',
  'discord.com', 'discordapp.com',
];

/** npm packages of messaging SDKs. */
export const DEFAULT_MESSAGING_PACKAGES: readonly string[] = [
  'zca-js', 'zca-official', 'zalo-sdk',
  'viber-bot', 'messaging-api-viber',
  'messaging-api-messenger', 'bottender', 'facebook-chat-api', 'fca-unofficial',
  'telegraf', 'node-telegram-bot-api', 'grammy', 'telegram',
  'whatsapp-web.js', '@whiskeysockets/baileys', 'whatsapp-api-js',
  '@slack/webhook', '@slack/web-api', '@slack/bolt',
  'discord.js', 'discord-webhook-node',
];

/** Calls that bound rate or concurrency (p-limit, bottleneck, p-queue). */
export const DEFAULT_LIMITERS: readonly string[] = [
  'pLimit', 'limiter.schedule', 'limiter.wrap', 'queue.add', 'pMap', 'pThrottle',
];

/** The gateway auto-locks a connection after more than 10,000 queries of abnormal volume (Công văn 5722/TCTTKĐA). */
export const DEFAULT_QUERY_BUDGET = 10_000;

/**
 * Well-known default and trivially weak passwords. Bình Thuận UBND (30/1/2024)
 * found accounts left on default passwords at land-registration offices.
 * Compared case-sensitively after trimming, except where noted by the detector.
 */
export const DEFAULT_WEAK_PASSWORDS: readonly string[] = [
  'admin', 'Admin', 'ADMIN', 'admin123', 'Admin123', 'admin@123', 'Admin@123', 'administrator',
  'root', 'toor', 'guest', 'user', 'test', 'test123', 'demo', 'default', 'secret', 'changeme', 'changeit',
  'password', 'Password', 'PASSWORD', 'password1', 'Password1', 'password123', 'Password123', 'passw0rd', 'P@ssw0rd',
  'P@ssword', 'P@ssw0rd123', 'Pa$$w0rd', 'p@ssw0rd', 'matkhau', 'MatKhau', 'matkhau123', 'Matkhau@123',
  '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890', '111111', '000000', '888888',
  '123123', '654321', 'qwerty', 'qwerty123', 'abc123', 'Abc123', 'Abc@123', 'Abc@1234', 'abc@123', '1qaz2wsx',
  'Aa@123456', 'Aa123456', 'Abcd@1234', 'Abcd1234', 'abcd1234', 'iloveyou', 'letmein', 'welcome', 'Welcome1',
  'Welcome@123', 'sa', 'oracle', 'postgres', 'mysql', 'vnpt@123', 'Vnpt@123', 'viettel@123', 'Viettel@123',
  // Secrets copied from library docs into real apps: express-session's README, jwt.io's debugger, express-jwt's README.
  'keyboard cat', 'your-256-bit-secret', 'shhhhh', 'shhhhhared-secret', 'mysecret', 'supersecret', 'secretkey', 'jwtsecret', 'secret123',
];

/**
 * Names that hold a credential, in English and Vietnamese. Matched on the
 * identifier split into words (camelCase, snake_case, kebab-case), so that
 * `passwordLabel`, `showPassword` or `tokenType` are *not* treated as values.
 */
export const DEFAULT_CREDENTIAL_WORDS: readonly string[] = [
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'accesskey', 'secretkey',
  'clientsecret', 'privatekey', 'credential', 'credentials', 'matkhau', 'auth',
];

/**
 * Test code (policy `tests.files`: globs relative to the policy's folder or the scan root, in
 * order, the last match deciding; `!glob` takes paths back). Inside it the population-DB and citizen-data rules report nothing (tests talk to mocks),
 * and the credential rules report only high-confidence secrets. Chosen from what test runners
 * pick up by default, so that a user's tests are recognised without a policy:
 * - folders: `test/`, `tests/`, `__tests__/` (Jest), `spec/` (Jasmine, Mocha), `e2e/` (Nest, Playwright),
 *   `cypress/`; test data and doubles next to them: `__mocks__/` (Jest), `mocks/` (MSW, hand-written
 *   doubles), `fixtures/` and `__fixtures__/`;
 * - files: `*.test.*`, `*.spec.*`, `*.e2e-spec.*` (Nest), `*.cy.*` (Cypress), the runners' setup
 *   files, and `.env.test` (the environment of the test suite).
 * Not seeds, factories or `scripts/`: they write to real databases, and a seeded admin account
 * with a well-known password is the default-account finding the rules exist for. A project adds
 * its own globs, and takes paths back with `!glob`.
 */
export const DEFAULT_TEST_FILES: readonly string[] = [
  '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/e2e/**', '**/cypress/**',
  '**/__mocks__/**', '**/mocks/**', '**/fixtures/**', '**/__fixtures__/**',
  '**/*.test.*', '**/*.spec.*', '**/*.e2e-spec.*', '**/*.cy.*',
  '**/jest.setup.*', '**/setupTests.*', '**/vitest.setup.*',
  '**/.env.test', '**/.env.test.*',
];

/**
 * Request fields and headers that carry the purpose of a population-DB query (policy `purpose.fields`
 * adds to them). The national services take the public-service code `MaDVC` beside `MaCanBo` in
 * `XacMinhThongTinNhanThan`; applications name it in camelCase or after the procedure or purpose.
 * Compared in any casing, ignoring `-`/`_`, a SOAP namespace prefix and, for headers, a leading `x-`
 * (`X-MaDVC`, `x-ma-dvc` and `ma_dvc` are `MaDVC`; see `purposeFieldKey` in query/purpose.ts).
 */
export const DEFAULT_PURPOSE_FIELDS: readonly string[] = ['MaDVC', 'maDVC', 'maDichVuCong', 'maThuTuc', 'mucDich', 'mucDichKhaiThac', 'purpose'];

/**
 * Access control on lookup routes (`popdb/require-access-control`). Hà Nội's
 * guidance (2022) and Công văn 2112/UBND-KSTTHC: look data up only within
 * one's role and duties; Bình Thuận UBND (30/1/2024): abnormal access from
 * unidentified IP addresses. Callee patterns and decorator names, compared
 * with the last segments of a middleware's, hook's, decorator's or check's
 * callee (`passport.authenticate('jwt')`, `@UseGuards(AuthGuard('jwt'))`).
 */
export const DEFAULT_ACCESS_GUARDS: readonly string[] = [
  // passport, express-jwt (v7+ `expressjwt`, older `jwt`), koa-jwt, hono/jwt, express-openid-connect, @nestjs/passport, Fastify's decorator
  'passport.authenticate', 'expressjwt', 'expressJwt', 'jwt', 'koaJwt', 'requiresAuth', 'AuthGuard', 'authenticate', 'bearerAuth', 'basicAuth',
  // NextAuth and Auth.js: `getServerSession(...)`, `auth()`, `getToken({ req })`; Clerk
  'getServerSession', 'auth', 'getToken', 'getAuth', 'currentUser', 'withAuth', 'withApiAuthRequired', 'getSession',
  // routing-controllers `@Authorized()`
  'Authorized',
  // names projects give their own authentication middleware
  'requireAuth', 'requireLogin', 'isAuthenticated', 'ensureAuthenticated', 'ensureLoggedIn', 'verifyToken', 'verifyJwt', 'verifyJWT', 'authenticateToken', 'authenticateJWT', 'authMiddleware', 'checkAuth', 'isLoggedIn', 'protect',
];

export const DEFAULT_ACCESS_ROLES: readonly string[] = [
  'requireRole', 'requireRoles', 'hasRole', 'hasRoles', 'checkRole', 'checkRoles', 'authorize', 'authorizeRoles', 'restrictTo', 'Roles', 'RolesGuard',
  'requirePermission', 'requirePermissions', 'checkPermission', 'Permissions', 'PermissionsGuard',
  // CASL: `ability.can(...)`, `ForbiddenError.from(ability).throwUnlessCan(...)`, @casl/nest-style policies guards
  'ability.can', 'ability.cannot', 'ForbiddenError.from', 'throwUnlessCan', 'CheckPolicies', 'PoliciesGuard',
];

export const DEFAULT_ACCESS_RATE_LIMITERS: readonly string[] = [
  // express-rate-limit (`rateLimit`, older `RateLimit`), express-slow-down, rate-limiter-flexible middleware, @nestjs/throttler, hono-rate-limiter
  'rateLimit', 'RateLimit', 'slowDown', 'rateLimiter', 'rateLimiterMiddleware', 'ThrottlerGuard', 'Throttle', 'limiter',
  // in a handler: @upstash/ratelimit `ratelimit.limit(ip)`, rate-limiter-flexible `rateLimiter.consume(ip)`
  'ratelimit.limit', 'rateLimiter.consume', 'limiter.consume',
];

/**
 * NestJS decorators that take a method or controller out of a global guard
 * (the guard reads the metadata and lets the call through): `@Public()` in
 * the Nest docs' own example, and the common spellings.
 */
export const PUBLIC_ROUTE_DECORATORS: readonly string[] = ['Public', 'IsPublic', 'AllowAnonymous', 'SkipAuth', 'NoAuth', 'PublicRoute', 'Anonymous'];
