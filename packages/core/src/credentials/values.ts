/**
 * What a literal value is: a placeholder, UI text, a well-known secret
 * format, a connection string with a password, an Authorization header, an
 * encoded credential. Every test starts with a cheap string check (`includes`,
 * first character, length) before any regular expression, and no regular
 * expression here nests quantifiers: this runs on every literal of every file
 * on every keystroke.
 */
import { splitWords } from './names';

/**
 * Placeholders that stand for a secret without being one. Decision (documented
 * in the rule READMEs): `<your-password>`, `${DB_PASS}`, `{{ .Values.x }}`,
 * `%DB_PASS%`, `xxx`, `***`, `YOUR_API_KEY`, `REPLACE_ME`, `<redacted>` are
 * placeholders; `changeme` and `changeit` are NOT — they are shipped defaults
 * that end up in production, so they are in the weak-password list instead.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const first = v[0];
  // ${VAR}, $VAR, {{ template }}, %VAR%, <your-password>, [PASSWORD]
  if (first === '$' && (v[1] === '{' || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v))) return true;
  if (first === '{' && v[1] === '{') return true;
  if (first === '%' && v.endsWith('%')) return true;
  if (first === '<' && v.endsWith('>')) return true;
  if (first === '[' && v.endsWith(']') && !v.includes(',')) return true;
  // One repeated character: xxx, ***, ..., ------, 00000000 is NOT one (it is a weak PIN), so letters and symbols only.
  if (/^([xX*.#_\-?])\1*$/.test(v)) return true;
  // Bind parameters and format directives in query strings: `?`, `$1`, `:password`, `@password`, `%s`.
  if (v === '?' || /^[:@$]\w+$/.test(v) || /^%[a-z]$/i.test(v)) return true;
  // The nil UUID, used as "no key yet" in sample configs.
  if (v.length === 36 && /^[0-]+$/.test(v)) return true;
  const lower = v.toLowerCase();
  // YOUR_API_KEY, your-password-here, REPLACE_ME, <redacted>, TODO, dummy values in docs, sample words (`thisisasamplesecret`).
  if (lower.startsWith('your') || /^(replace|insert|enter|put|set)[ _-]?(me|your|the|here|password|secret|token|key)/.test(lower)) return true;
  if (lower.includes('placeholder') || lower.includes('redacted') || lower.includes('example') || lower.includes('sample') || lower.includes('changeit_in') || lower === 'todo' || lower === 'tbd' || lower === 'none' || lower === 'null' || lower === 'undefined' || lower === 'n/a') return true;
  // References to a secret store rather than the secret: env:DB_PASS, vault:secret/data/x, arn:aws:secretsmanager:…, GitHub Actions ${{ secrets.X }}.
  if (/^(env|vault|secret|secrets|ssm|kms|arn|op|file|awssm|gcpsm|azkv):/i.test(v)) return true;
  if (lower.startsWith('process.env.') || lower.startsWith('import.meta.env.')) return true;
  // A substitution behind a key or scheme and nothing else: `DB_PASS=${VAULT_DB_PASS}`, `Bearer {{token}}`.
  // (`postgres://u:p@h/db?app=${APP}` still holds a literal password: the rest of the value decides.)
  const SUBSTITUTION = /\$\{[A-Za-z_][\w.]*\}|\{\{\s*[\w.]+\s*\}\}/g;
  if (SUBSTITUTION.test(v) && /^([A-Za-z_][\w.-]*\s*[=:]|Bearer|Basic|Token)?$/i.test(v.replace(SUBSTITUTION, '').trim())) return true;
  // A path or identifier of lower-case words (`popdb/no-hardcoded-credentials`, `auth/reset-password`):
  // a name, not a secret. Secrets with a slash (Base64) mix cases and digits.
  if (/^[a-z][a-z-]*(\/[a-z][a-z-]*)+$/.test(v)) return true;
  return false;
}

/**
 * UI text, i18n labels and validation messages ("Mật khẩu", "Nhập mật khẩu",
 * "Password must be at least 8 characters", "Password:"): words separated by
 * spaces, or a label ending with a colon. Real passwords with spaces are rare
 * enough to miss (a known false negative) — except Google app passwords,
 * which are four groups of four letters and are caught by `looksLikeAppPassword`.
 */
export function isHumanText(value: string): boolean {
  const v = value.trim();
  if (v.endsWith(':') || v.endsWith('…') || v.endsWith('...')) return true;
  if (!/\s/.test(v)) return false;
  return !looksLikeAppPassword(v);
}

/** Google app passwords as shown to the user: "abcd efgh ijkl mnop". */
export function looksLikeAppPassword(value: string): boolean {
  return value.length === 19 && /^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/.test(value);
}

/**
 * Rule strings of validation libraries (`'required|min:8'`, `'string|confirmed'`)
 * and words that describe a password rather than being one (`'bcrypt'`,
 * `'hashed'`, `'required'`), as seen in Laravel-style validators and Mongoose
 * schemas of the integration code.
 */
const DESCRIPTIVE_WORDS: ReadonlySet<string> = new Set([
  'required', 'optional', 'string', 'text', 'hidden', 'visible', 'bcrypt', 'argon2', 'argon2id', 'scrypt', 'sha256', 'sha512', 'md5',
  'hash', 'hashed', 'plain', 'plaintext', 'encrypted', 'masked', 'bearer', 'basic', 'jwt', 'oauth', 'oauth2', 'local', 'include', 'omit',
  'same-origin', 'none', 'true', 'false', 'on', 'off', 'yes', 'no', 'new-password', 'current-password', 'one-time-code',
]);

export function isDescriptive(value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (DESCRIPTIVE_WORDS.has(lower)) return true;
  if (lower.includes('|') && /(^|\|)(required|nullable|string|min:|max:|confirmed|sometimes)/.test(lower)) return true;
  return false;
}

/**
 * A value that names a key instead of holding a secret: a storage key such as
 * `const ACCESS_TOKEN = 'access_token'`, a header name `'x-api-key'`, a field
 * name `'refreshToken'`. It is an identifier whose own words include the
 * credential word. A single bare word (`password: 'password'`) counts only
 * for a SCREAMING_CASE constant that it spells; in an object it is the weak
 * default it looks like. Never used for config files, whose keys are all
 * SCREAMING_CASE and whose values are values.
 */
export function isKeyName(value: string, bindingName: string | undefined, credentialWord: (w: string) => boolean): boolean {
  // Letters only: a generated secret has digits (`k8s-Th1s-is-my-secret` is a secret, `access_token` a key).
  if (value.length > 64 || !/^[A-Za-z]+(?:[_.:-][A-Za-z]+)*$/.test(value)) return false;
  const words = splitWords(value);
  if (!words.some((w, i) => credentialWord(w) || (i > 0 && credentialWord(words[i - 1] + w)))) return false;
  if (words.length > 1) return true;
  return isKeyConstant(value, bindingName);
}

/**
 * A storage, cookie or cache key's *name* held by a constant ending in `key`: `AI_SESSION_KEY =
 * 'ai_session_v2'`, `SESSION_KEY = 'qldc.session.v1'`. The value is lower-case words (with an
 * optional version) and repeats a word of the constant's name that is not a credential word, so
 * `SECRET_KEY = 'app_secret_2'` (a weak secret) and `sessionKey = 'Xk9v2Lq8Zt4m'` still count.
 */
export function isStorageKeyName(value: string, bindingName: string | undefined, credentialWord: (w: string) => boolean): boolean {
  if (bindingName === undefined || value.length > 64) return false;
  // `ai_session_v2`, `qldc.session.v1`, or camelCase (`chunkReload`)
  const separated = /^[a-z][a-z0-9]*(?:[_.:-][a-z0-9]+)*$/.test(value);
  if (!separated && !/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+$/.test(value)) return false;
  const nameWords = splitWords(bindingName);
  if (nameWords[nameWords.length - 1] !== 'key') return false;
  const parts = separated ? value.split(/[_.:-]/) : splitWords(value);
  // words and a version (`v2`, `2`); anything else (`9f8a7b`, `x9k2`) looks generated
  if (!parts.every((p) => /^[a-z]+$/.test(p) || /^v?\d{1,2}$/.test(p))) return false;
  const own = new Set(nameWords.slice(0, -1).filter((w) => !credentialWord(w)));
  return parts.some((p) => own.has(p));
}

/** `const PASSWORD = 'password'`, `ACCESS_TOKEN: 'access_token'`: a SCREAMING_CASE constant spelling its own name; `const DB_PASSWORD = 'password'` is a weak password. */
export function isKeyConstant(value: string, bindingName: string | undefined): boolean {
  return bindingName !== undefined && /^[A-Z][A-Z0-9_]*$/.test(bindingName) && /^[A-Za-z_.:-]+$/.test(value) && splitWords(bindingName).join('') === splitWords(value).join('');
}

/**
 * A label that repeats its key with other capitals: `{ password: 'Password' }`
 * in an i18n table, `PASSWORD: 'Password'`. Same case (`password: 'password'`)
 * is a weak default, not a label.
 */
export function isLabelOfName(value: string, name: string | undefined): boolean {
  // Letters only: `Matkhau@123` for `matKhau` is a password that happens to spell its key. Labels are
  // capitalised: `"Password": "password"` in a .NET appsettings.json is a weak password, not a label.
  if (!name || value === name || !/^[A-Z][A-Za-z _-]*$/.test(value)) return false;
  if (splitWords(value).join('') === splitWords(name).join('')) return true;
  // A translation of the key into another language: `en: { matKhau: 'Password' }`, `{ khoaBiMat: 'Secret key' }`.
  // Title case, not all capitals (`PASSWORD` is a weak default), and made only of words that name a credential.
  return /^[A-Z][a-z]+([ _-][A-Za-z][a-z]*)*$/.test(value) && splitWords(value).every((w) => LABEL_WORDS.has(w));
}

/** Words a UI label for a credential field is made of (English): "Password", "Confirm password", "API key". */
const LABEL_WORDS = new Set(['password', 'passwd', 'passphrase', 'pass', 'secret', 'token', 'key', 'pin', 'otp', 'code', 'new', 'old', 'confirm', 'current', 'your', 'enter', 'api', 'access', 'client', 'private', 'repeat', 're', 'type']);

/** A regular expression written as a string (`'^(?=.*\\d).{8,}$'`): a password rule, not a password. */
export function isPattern(value: string): boolean {
  return (value.startsWith('^') && value.endsWith('$')) || value.includes('(?=') || value.includes('(?!');
}

/**
 * A password hash (bcrypt `$2b$…`, argon2, scrypt, crypt `$6$…`): not the secret itself. A seeded
 * hash of a fixed password is a known false negative: the plain password cannot be known here.
 */
export function isPasswordHash(value: string): boolean {
  return value[0] === '$' && /^\$(2[abxy]?|argon2(id|i|d)|scrypt|pbkdf2[-\w]*|[156])\$/.test(value);
}

/** A URL with no credentials in it (`https://idp.example.gov.vn/token`): a location, not a secret. */
export function isPlainUrlOrPath(value: string): boolean {
  const v = value.trim();
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('../') || v.startsWith('~/')) return true;
  const scheme = v.indexOf('://');
  return scheme > 0 && scheme < 20 && !v.includes('@', scheme);
}

/**
 * Does a value look like a generated secret? For weak names only: at least 8
 * characters without spaces, and a mix of character classes (letters and
 * digits, or symbols), or a long random-looking run.
 */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  if (looksLikeAppPassword(v)) return true;
  if (v.length < 8 || /\s/.test(v)) return false;
  let classes = 0;
  if (/[a-z]/.test(v)) classes++;
  if (/[A-Z]/.test(v)) classes++;
  if (/[0-9]/.test(v)) classes++;
  if (/[^A-Za-z0-9]/.test(v)) classes++;
  return classes >= 3 || (classes >= 2 && v.length >= 16);
}

/** Compare weak passwords ignoring case and surrounding space (`ADMIN`, `Admin `). */
export function weakPasswordSet(list: readonly string[]): ReadonlySet<string> {
  return new Set(list.map((p) => p.trim().toLowerCase()));
}

export function isWeakPassword(value: string, weak: ReadonlySet<string>): boolean {
  const v = value.trim();
  return v.length > 0 && v.length <= 32 && weak.has(v.toLowerCase());
}

/** A match inside a larger string, offsets relative to that string. */
export interface ValueMatch {
  start: number;
  end: number;
}

export interface KnownSecretMatch extends ValueMatch {
  /** What the format is, for the message: "AWS access key", "private key block". */
  format: string;
  secret: string;
}

/**
 * Well-known secret formats (as gitleaks and GitHub secret scanning know
 * them). Each has a literal prefix that is tested with `includes` first.
 * Open-ended runs start only where a run of their characters starts (the
 * lookbehinds), so a long string of repeated prefixes stays linear.
 */
export const KNOWN_FORMATS: readonly { prefix: string; format: string; re: RegExp }[] = [
  { prefix: 'PRIVATE KEY', format: 'private key block', re: /-----BEGIN [A-Z ]{0,20}PRIVATE KEY( BLOCK)?-----/ },
  { prefix: 'eyJ', format: 'JWT', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { prefix: 'AKIA', format: 'AWS access key', re: /\bAKIA[0-9A-Z]{16}\b/ },
  { prefix: 'ASIA', format: 'AWS access key', re: /\bASIA[0-9A-Z]{16}\b/ },
  { prefix: 'AIza', format: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { prefix: 'gh', format: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36}\b/ },
  { prefix: 'github_pat_', format: 'GitHub token', re: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,}/ },
  { prefix: 'xox', format: 'Slack token', re: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}/ },
  { prefix: 'hooks.slack.com/services/', format: 'Slack webhook URL', re: /hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/ },
  { prefix: 'k_live_', format: 'Stripe secret key', re: /\b[sr]k_live_[0-9A-Za-z]{20,}/ },
  // In a URL the token follows `bot` directly (`/bot123456789:AA…/sendMessage`), so no \b before the digits.
  { prefix: ':AA', format: 'Telegram bot token', re: /(?<!\d)\d{8,10}:AA[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])/ },
];

/** The first well-known secret format in a value. AWS's documented `…EXAMPLE` keys are placeholders. */
export function findKnownSecret(value: string): KnownSecretMatch | undefined {
  if (value.length < 16) return undefined;
  for (const { prefix, format, re } of KNOWN_FORMATS) {
    if (!value.includes(prefix)) continue;
    const m = re.exec(value);
    if (!m || m[0].includes('EXAMPLE')) continue;
    if (format === 'JWT' && isDocumentationJwt(m[0])) continue;
    if (format === 'private key block' && hasPlaceholderBody(value, m.index + m[0].length)) continue;
    return { start: m.index, end: m.index + m[0].length, format, secret: m[0] };
  }
  return undefined;
}

/** The claims of a JWT (its middle part, base64url JSON), when they decode to an object. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = decodeBase64Text(token.split('.')[1] ?? '');
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(payload);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * jwt.io's documented sample token (`sub` 1234567890, `name` John Doe), pasted as a placeholder or a
 * fallback header the way AWS's `…EXAMPLE` keys are: it signs nothing of anyone's.
 */
export function isDocumentationJwt(token: string): boolean {
  const claims = jwtClaims(token);
  return claims !== undefined && claims.sub === '1234567890' && claims.name === 'John Doe';
}

/**
 * A private-key block whose body is a placeholder (`-----BEGIN PRIVATE KEY-----\nYourPrivateKeyHere\n-----END…`,
 * as templates show the shape of a service-account key): the body up to the END line, without
 * line breaks (real or `\n`-escaped), is a placeholder. A truncated real body (`MIIEvQ…`) still counts.
 */
function hasPlaceholderBody(value: string, bodyStart: number): boolean {
  const end = value.indexOf('-----END', bodyStart);
  if (end < 0) return false;
  const body = value.slice(bodyStart, end).replace(/\\[nr]|\s/g, '');
  // Key material is base64 of DER and carries digits; `PasteYourKeyHere` is a sentence in camel case.
  return body.length > 0 && (isPlaceholder(body) || (!/\d/.test(body) && /key|here|your|paste|insert/i.test(body)));
}

export interface EmbeddedPassword extends ValueMatch {
  user: string | undefined;
  password: string;
  /**
   * Set when the password is a substitution with a default (`${DB_PASSWORD:-postgres}`, Spring's
   * `${DB_PASSWORD:postgres}`): the variable's name. `password` is then the default, which is a
   * fallback and not a password written into the URL.
   */
  variable?: string;
}

/** A query parameter's value that reads as a page's flag: one lower-case word, a boolean or a number (`recovered`, `reset`, `true`, `1`). */
const PAGE_FLAG = /^(?:[a-z]+(?:[-_][a-z]+)*|\d{1,3})$/;

/**
 * `${VAR:-default}`, `${VAR-default}` (shell, docker-compose) and `${VAR:default}` (Spring). Not
 * `${VAR:?message}` or `${VAR?message}`: a required variable, whose text is the error shown when it
 * is missing (a plain substitution, so a placeholder).
 */
export const SHELL_DEFAULT = /^\$\{([A-Za-z_][A-Za-z0-9_.]*)(:-|:(?!\?)|-)([^}]*)\}$/;

/**
 * A password inside a connection string or URL: `postgres://u:p@h/db`,
 * `mongodb+srv://u:p@cluster`, ADO.NET / ODBC `Server=…;User Id=…;Password=…`,
 * JDBC `?user=…&password=…`. Offsets are those of the password itself. In a
 * compose file the user and password are often substitutions
 * (`postgres://${DB_USER:-app}:${DB_PASSWORD:-postgres}@db/x`): their `:` and
 * `-` are not separators, and a password with a default is a fallback (`variable`).
 */
export function findEmbeddedPassword(value: string): EmbeddedPassword | undefined {
  const scheme = value.indexOf('://');
  if (scheme > 0) {
    const userInfo = splitUserInfo(value, scheme + 3);
    if (userInfo) {
      const { user: rawUser, password: raw, passwordStart: start } = userInfo;
      const shell = raw[0] === '$' ? SHELL_DEFAULT.exec(raw) : null;
      if (shell) {
        const fallback = shell[3];
        if (fallback.length > 0 && !isPlaceholder(fallback)) {
          const defaultStart = start + raw.length - 1 - fallback.length;
          return { start: defaultStart, end: defaultStart + fallback.length, user: substitutedUser(rawUser), password: safeDecode(fallback), variable: shell[1] };
        }
      } else if (raw.length > 0 && !raw.includes('/') && !raw.includes('@')) {
        const password = safeDecode(raw);
        if (!isPlaceholder(password)) return { start, end: start + raw.length, user: substitutedUser(rawUser), password };
      }
    }
  }
  const lower = value.toLowerCase();
  if (lower.includes('password=') || lower.includes('pwd=') || lower.includes('passwd=')) {
    // Key=value pairs separated by ';' (ADO.NET, ODBC) or '&' (URL query, JDBC).
    const re = /(?:^|[;&?])\s*(password|pwd|passwd)\s*=\s*([^;&]*)/gi;
    const userRe = /(?:^|[;&?])\s*(user id|userid|uid|user|username)\s*=\s*([^;&]*)/i;
    // an app's own route (`/auth/sign-in?password=recovered`): a flag word for the page, not a password
    const route = /^\s*(?:\.{0,2}\/|#)/.test(value);
    for (let m = re.exec(value); m; m = re.exec(value)) {
      const raw = m[2].trim().replace(/^['"{]|['"}]$/g, '');
      if (isPlaceholder(raw) || raw.length === 0) continue;
      if (route && m[0][0] !== ';' && PAGE_FLAG.test(raw)) continue;
      const start = m.index + m[0].length - m[2].length + m[2].indexOf(raw);
      const u = userRe.exec(value);
      return { start, end: start + raw.length, user: u ? u[2].trim() : undefined, password: raw };
    }
  }
  return undefined;
}

/**
 * `user:password@` after the scheme, up to the first `@` outside a `${…}`. None when a `/` or a space
 * comes first (a password may hold `#` and `?`), or there is no `:` before the `@`.
 */
function splitUserInfo(value: string, from: number): { user: string; password: string; passwordStart: number } | undefined {
  let depth = 0;
  let colon = -1;
  for (let i = from; i < value.length && i < from + 1024; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (depth > 0) continue;
    else if (c === '/' || c === ' ' || c === '\t' || c === '\n') return undefined;
    else if (c === ':' && colon < 0) colon = i;
    else if (c === '@') return colon >= from ? { user: value.slice(from, colon), password: value.slice(colon + 1, i), passwordStart: colon + 1 } : undefined;
  }
  return undefined;
}

/** The user part as a value: its default when it is a substitution (`${DB_USER:-app}` → `app`), else decoded. */
function substitutedUser(raw: string): string | undefined {
  if (raw[0] === '$') {
    const shell = SHELL_DEFAULT.exec(raw);
    return shell && shell[3].length > 0 ? shell[3] : undefined;
  }
  return safeDecode(raw) || undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface AuthorizationValue {
  scheme: string;
  credential: string;
  /** Offset of the credential in the value. */
  start: number;
  /** For Basic: the decoded user and password, when the credential is base64 of `user:password`. */
  basic?: { user: string; password: string };
}

/** `Basic dXNlcjpwYXNz`, `Bearer eyJ…`, `Token abc…`: the literal value of an Authorization header. */
export function parseAuthorization(value: string): AuthorizationValue | undefined {
  const m = /^\s*(Basic|Bearer|Token|Digest|ApiKey)\s+(\S+)/i.exec(value);
  if (!m) return undefined;
  const credential = m[2];
  if (isPlaceholder(credential)) return undefined;
  const result: AuthorizationValue = { scheme: m[1], credential, start: m.index + m[0].length - credential.length };
  if (m[1].toLowerCase() === 'basic') {
    const decoded = decodeBase64Text(credential);
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded && colon > 0) result.basic = { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return result;
}

/** Base64 (standard or URL-safe) to text, or undefined when it is not base64 of printable text. */
export function decodeBase64Text(value: string): string | undefined {
  if (value.length < 4 || value.length > 8192 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return /^[^\u0000-\u0008\u000e-\u001f\ufffd]*$/.test(text) ? text : undefined;
}

/**
 * A `user:password` pair, as passed to `btoa()` or `Buffer.from()` to build a
 * Basic header.
 */
export function parseUserPassword(value: string): { user: string; password: string; passwordStart: number } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1 || value.length > 200 || /\s/.test(value) || value.includes('//')) return undefined;
  const password = value.slice(colon + 1);
  if (isPlaceholder(password) || password.includes(':')) return undefined;
  return { user: value.slice(0, colon), password, passwordStart: colon + 1 };
}

/**
 * The LGSP gateway token (DOMAIN.md): Base64 of JSON {AccessKey, SecretKey,
 * AppName, PartnerCode}. A literal base64 string that decodes to a JSON object
 * whose credential-named keys hold literal values is a hardcoded credential.
 * Base64 of `{"` always begins `ey`, of `{ ` or `{\n` `ew`: tested first.
 */
export function decodeEncodedCredentialJson(value: string, isCredentialKey: (key: string) => boolean): string[] | undefined {
  if (value.length < 16 || value[0] !== 'e' || (value[1] !== 'y' && value[1] !== 'w')) return undefined;
  const text = decodeBase64Text(value);
  if (!text) return undefined;
  return credentialKeysInJson(text, isCredentialKey);
}

/** The credential-named keys with non-placeholder string values in a JSON object text. */
export function credentialKeysInJson(text: string, isCredentialKey: (key: string) => boolean): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const keys = Object.entries(parsed as Record<string, unknown>)
    .filter(([k, v]) => isCredentialKey(k) && typeof v === 'string' && !isPlaceholder(v))
    .map(([k]) => k);
  return keys.length > 0 ? keys : undefined;
}

export interface SqlAccountPassword extends ValueMatch {
  user: string | undefined;
  password: string;
  /** True when the column list names the password column; false when guessed from a row without columns. */
  named: boolean;
  table: string;
}

const SQL_INSERT = /insert\s+into\s+([\w."`[\]]+)\s*(?:\(([^)]*)\))?\s*values\s*\(([^)]*)\)/i;
const SQL_ACCOUNT_TABLE = /user|account|tai_?khoan|nguoi_?dung|can_?bo|login/i;
const SQL_VALUE = /'((?:[^']|'')*)'|([^,\s][^,]*)/g;

/**
 * A seed account in SQL: `INSERT INTO users (username, password) VALUES
 * ('admin', 'admin')`. Only tables whose name says they hold accounts, only
 * the first row, and never a value that is already a hash (`$2b$…`, `$argon2…`).
 */
export function findSqlAccountPassword(value: string): SqlAccountPassword | undefined {
  if (value.length < 24 || value.length > 20_000) return undefined;
  if (!/insert/i.test(value) || !/values/i.test(value)) return undefined;
  const m = SQL_INSERT.exec(value);
  if (!m || !SQL_ACCOUNT_TABLE.test(m[1])) return undefined;
  const valuesStart = m.index + m[0].length - 1 - m[3].length;
  const values: { text: string; start: number; quoted: boolean }[] = [];
  SQL_VALUE.lastIndex = 0;
  for (let v = SQL_VALUE.exec(m[3]); v; v = SQL_VALUE.exec(m[3])) {
    const quoted = v[1] !== undefined;
    values.push({ text: quoted ? v[1].replace(/''/g, "'") : v[2].trim(), start: valuesStart + v.index + (quoted ? 1 : 0), quoted });
  }
  const columns = m[2]?.split(',').map((c) => c.trim().replace(/[`"[\]]/g, '')) ?? [];
  const usable = (i: number) => i >= 0 && i < values.length && values[i].quoted && values[i].text.length > 0 && !values[i].text.startsWith('$2') && !values[i].text.startsWith('$argon');
  if (columns.length > 0 && columns.length === values.length) {
    const p = columns.findIndex((c) => /pass|pwd|mat_?khau/i.test(c));
    if (!usable(p)) return undefined;
    const u = columns.findIndex((c) => /user|login|account|tai_?khoan|ten_?dang_?nhap/i.test(c) && !/id$/i.test(c));
    return { start: values[p].start, end: values[p].start + values[p].text.length, password: values[p].text, user: usable(u) ? values[u].text : undefined, named: true, table: m[1] };
  }
  if (columns.length > 0) return undefined;
  // No column list: the usual seed is (user, password, ...); take the second quoted value.
  if (!usable(1) || !usable(0)) return undefined;
  return { start: values[1].start, end: values[1].start + values[1].text.length, password: values[1].text, user: values[0].text, named: false, table: m[1] };
}
