import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildFileIndex, credentials, defaultPolicy, parseConfigFile, parseSource } from '@popdb-guard/core';

const { classifyName, splitWords, isPlaceholder, findEmbeddedPassword, findKnownSecret, findSourceCredentials, findConfigCredentials } = credentials;

describe('credential names', () => {
  it('splits camelCase, PascalCase, snake_case, kebab-case and acronyms into words', () => {
    expect(splitWords('lgspSecretKey')).toEqual(['lgsp', 'secret', 'key']);
    expect(splitWords('LGSP_SECRET_KEY')).toEqual(['lgsp', 'secret', 'key']);
    expect(splitWords('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(splitWords('DBPassword2')).toEqual(['db', 'password']);
  });

  it.each([
    ['dbPassword', 'password'],
    ['DB_PASS', 'password'],
    ['mat_khau', 'password'],
    ['matKhauDichVu', 'password'],
    ['LGSP_SECRET_KEY', 'secret'],
    ['clientSecret', 'secret'],
    ['x-api-key', 'token'],
    ['AccessKey', 'token'],
    ['privateKey', 'privateKey'],
    // one-word names, as in .env, YAML and quick scripts
    ['authtoken', 'token'],
    ['AUTHTOKEN', 'token'],
    ['apikey', 'token'],
    ['secretkey', 'secret'],
    ['accesstoken', 'token'],
    ['clientsecret', 'secret'],
    ['dbpassword', 'password'],
    ['DBPASSWORD', 'password'],
    ['LGSP_DBPASSWORD', 'password'],
    ['matkhau', 'password'],
    ['matkhauadmin', 'password'],
    ['khoabimatlgsp', 'secret'],
  ])('reads %s as a %s', (name, kind) => {
    expect(classifyName(name)?.kind).toBe(kind);
  });

  it.each([
    'passwordLabel', 'passwordField', 'resetPasswordUrl', 'tokenType', 'PRIVATE_KEY_PATH', 'passport', 'bypass', 'matKhauLabel', 'tokenExpiresIn', 'secretName', 'username',
    // one-word traps: words that contain a credential word without ending in one, or are about one
    'tokenizer', 'passwordpolicy', 'passwordless', 'resetpassword', 'showpassword', 'hashedpassword', 'forgotpassword', 'accesstokenurl', 'matkhaulabel', 'matkhaumin', 'compass', 'surpass',
  ])(
    'reads %s as a name about a credential, not one',
    (name) => {
      expect(classifyName(name)).toBeUndefined();
    },
  );
});

describe('credential values', () => {
  it.each(['', '<your-password>', '${DB_PASS}', '{{ .Values.db.password }}', '%DB_PASS%', 'xxx', '***', 'YOUR_API_KEY', 'REPLACE_ME', 'env:DB_PASS', 'AKIAIOSFODNN7EXAMPLE', '?', '$1', ':password', '%s'])(
    'treats %j as a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );

  it.each(['changeme', 'changeit', 'admin', 'Xk9#mq2Lz!'])('does not treat %j as a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('finds the password of URL, ADO.NET and JDBC connection strings, with its offsets', () => {
    const url = 'mongodb+srv://motcua:Zp4kLm9Q@cluster0.mongodb.net/hoso';
    const m = findEmbeddedPassword(url)!;
    expect(url.slice(m.start, m.end)).toBe('Zp4kLm9Q');
    expect(m.user).toBe('motcua');
    const ado = 'Server=db;User Id=sa;Password=Str0ng!;';
    const a = findEmbeddedPassword(ado)!;
    expect(ado.slice(a.start, a.end)).toBe('Str0ng!');
    expect(a.user).toBe('sa');
    expect(findEmbeddedPassword('postgres://db:5432/motcua')).toBeUndefined();
    expect(findEmbeddedPassword('postgres://app:${DB_PASSWORD}@db/x')).toBeUndefined();
    expect(findEmbeddedPassword('https://lgsp.tayninh.gov.vn/auth?user=%s&password=%s')).toBeUndefined();
    expect(findEmbeddedPassword('https://lgsp.tayninh.gov.vn:8443/@scope/pkg')).toBeUndefined();
    // an app's own route with a flag for the page (a password-reset flow), unlike a literal password in a route or a body
    expect(findEmbeddedPassword('/auth/sign-in?password=recovered')).toBeUndefined();
    expect(findEmbeddedPassword('../login?email=a@b.vn&password=reset-done')).toBeUndefined();
    const route = '/api/login?user=admin&password=Abc@12345';
    expect(route.slice(findEmbeddedPassword(route)!.start, findEmbeddedPassword(route)!.end)).toBe('Abc@12345');
    expect(findEmbeddedPassword('username=admin&password=matkhau')?.password).toBe('matkhau');
  });

  it('finds well-known secret formats and skips documented examples', () => {
    expect(findKnownSecret('key=AKIAZ7Q2W3E4R5T6Y7U8')?.format).toBe('AWS access key');
    expect(findKnownSecret('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn')?.format).toBe('private key block');
    expect(findKnownSecret('AKIAIOSFODNN7EXAMPLE is the docs key')).toBeUndefined();
  });
});

describe('credential detection', () => {
  const policy = defaultPolicy('/srv/motcua');

  it('classifies each value once: the two rules never report the same place', () => {
    const code = `
const a = process.env.DB_PASS || 'admin';
const b = { user: 'hotich', password: 'hotich' };
const c = 'Xk9#mq2Lz!';
const DB_PASSWORD = 'Xk9#mq2Lz!';
const url = 'postgres://app:123456@db/x';
`;
    const sf = parseSource('/srv/motcua/src/db.ts', code);
    const hard = findSourceCredentials(sf.fileName, sf, policy, 'no-hardcoded-credentials');
    const weak = findSourceCredentials(sf.fileName, sf, policy, 'no-default-credentials');
    expect(hard.map((f) => f.messageId)).toEqual(['hardcodedPassword']);
    expect(weak.map((f) => f.messageId)).toEqual(['defaultFallback', 'usernameEqualsPassword', 'defaultPassword']);
    const places = [...hard, ...weak].map((f) => f.start);
    expect(new Set(places).size).toBe(places.length);
  });

  it('stays fast on adversarial literals (no regular-expression backtracking blow-up)', () => {
    const long = (s: string) => JSON.stringify(s.repeat(Math.ceil(20_000 / s.length)).slice(0, 20_000));
    const code = [
      `const token = ${long('eyJ')};`,
      `const a = ${long('eyJaaaaaaaaa.')};`,
      `const b = ${long('xoxb-')};`,
      `const c = ${long('insert into users (')};`,
      `const sql = ${long("INSERT INTO users VALUES ('")};`,
      `const d = ${long('password=')};`,
      `const e = ${long('a://b:c')};`,
      `const f = ${long('github_pat_')};`,
      `const secret = ${long('Basic ')};`,
    ].join('\n');
    const sf = parseSource('/srv/motcua/src/big.ts', code);
    const started = performance.now();
    findSourceCredentials(sf.fileName, sf, policy, 'no-hardcoded-credentials');
    // Linear work on 180 kB is a few milliseconds; a backtracking regex would take seconds or more.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads config entries with the same classifier', () => {
    const text = 'DB_USER=hotich\nDB_PASSWORD=hotich\nLGSP_SECRET_KEY=f0e1d2c3b4a5968778695a4b3c2d1e0f\n';
    const doc = parseConfigFile('/srv/motcua/.env', text);
    const weak = findConfigCredentials('/srv/motcua/.env', doc, policy, 'no-default-credentials');
    const hard = findConfigCredentials('/srv/motcua/.env', doc, policy, 'no-hardcoded-credentials');
    expect(weak.map((f) => [f.messageId, text.slice(f.start, f.end)])).toEqual([['usernameEqualsPassword', 'hotich']]);
    expect(hard.map((f) => [f.messageId, f.data.masked])).toEqual([['hardcodedToken', 'f0************0f']]);
  });
});

describe('high-confidence secrets (test code)', () => {
  const policy = defaultPolicy('/srv/motcua');
  const { isHighEntropy, isLocalHost, connectionHost } = credentials;

  it.each(['f3K9xQ2mL7vT1bN8cR4wY6zH', 'a94a8fe5ccb19ba61c4c0873d391e987', 'Zq8/rW1+Lm4vXy7Tn2Bc5Kd0'])('takes %s for a generated secret', (v) => {
    expect(isHighEntropy(v)).toBe(true);
  });

  it.each([
    ['wrongPassword1', 'short'],
    ['TestPassword123!', 'built from test words'],
    ['12345678901234567890123456789012', 'a counting sequence, low entropy'],
    ['my-dummy-api-key-0001', 'built from sample words'],
    ['aaaaaaaaaaaaaaaaaaaaaaaa', 'one character'],
    ['abcdefghijklmnopqrstuvwx', 'one character class'],
  ])('does not take %s for one (%s)', (v) => {
    expect(isHighEntropy(v)).toBe(false);
  });

  it('finds the host of URL and key=value connection strings', () => {
    expect(connectionHost('postgres://u:p@pg-prod.dongnai.gov.vn:5432/db')).toBe('pg-prod.dongnai.gov.vn');
    expect(connectionHost('mongodb://u:p@h1.example.vn:27017,h2.example.vn:27017/db?replicaSet=rs0')).toBe('h1.example.vn');
    expect(connectionHost('Server=tcp:sql.tayninh.gov.vn,1433;User Id=app;Password=x')).toBe('sql.tayninh.gov.vn');
    expect(connectionHost('redis://:p@[::1]:6379')).toBe('::1');
  });

  it.each(['localhost', '127.0.0.1', '::1', 'mongo', 'db', 'host.docker.internal', 'api.test', 'db.example.com', '(localdb)\\mssqllocaldb'])('takes %s for a local host', (h) => {
    expect(isLocalHost(h)).toBe(true);
  });

  it.each(['pg-prod.dongnai.gov.vn', 'cluster0.abcde.mongodb.net', '10.0.0.5', '192.168.1.20'])('takes %s for a live host', (h) => {
    expect(isLocalHost(h)).toBe(false);
  });

  it('keeps real secret formats and drops test passwords in test code', () => {
    const code = [
      `const password = 'password1';`,
      `const apiToken = 'f3K9xQ2mL7vT1bN8cR4wY6zH';`,
      `const db = 'postgres://svc:Vx8qL2mZt9Rk@pg-prod.dongnai.gov.vn/cutru';`,
      `const local = 'postgres://svc:Vx8qL2mZt9Rk@localhost/cutru';`,
      `const key = 'AKIAQ7N2XK4PL9RTB3WD';`,
    ].join('\n');
    const sf = parseSource('/srv/motcua/test/a.spec.ts', code);
    const hard = findSourceCredentials(sf.fileName, sf, policy, 'no-hardcoded-credentials', true);
    const weak = findSourceCredentials(sf.fileName, sf, policy, 'no-default-credentials', true);
    expect(hard.map((f) => f.data.name)).toEqual(['apiToken', 'db', 'AWS access key']);
    expect(weak).toEqual([]);
    // the same file outside test code: everything
    expect(findSourceCredentials(sf.fileName, sf, policy, 'no-hardcoded-credentials', false).length).toBe(4);
  });
});

describe('credential literals read from the file index', () => {
  it("finds what the walk of every node finds, on the repository's fixtures and example", () => {
    const root = path.resolve(__dirname, '../../../..');
    const files: string[] = [];
    const under = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== 'node_modules') under(full);
        else if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(full);
      }
    };
    under(path.join(root, 'test', 'fixtures'));
    under(path.join(root, 'examples'));
    expect(files.length).toBeGreaterThan(100);
    const policy = defaultPolicy();
    let found = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const rule of ['no-hardcoded-credentials', 'no-default-credentials'] as const) {
        // two parses: the findings are cached by AST
        const walked = findSourceCredentials(file, parseSource(file, text), policy, rule);
        const sf = parseSource(file, text);
        const listed = findSourceCredentials(file, sf, policy, rule, false, buildFileIndex(sf, '').strings);
        expect(listed, `${file} ${rule}`).toEqual(walked);
        found += listed.length;
      }
    }
    expect(found).toBeGreaterThan(20);
  });
});
