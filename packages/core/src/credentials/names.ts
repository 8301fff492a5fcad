/**
 * What a name (variable, property, header, config key) says about the value
 * bound to it. The name is split into words (camelCase, PascalCase,
 * snake_case, kebab-case, dots) and only its *last* words are read: the head
 * noun decides what the value is. So `dbPassword` and `LGSP_SECRET_KEY` hold
 * a credential, while `passwordLabel`, `passwordField`, `resetPasswordUrl`,
 * `tokenType` or `PRIVATE_KEY_PATH` hold something about one (a label, a form
 * field, a route, a file path) — the false positives that shaped this.
 */
import { remembered } from '../remembered';

export type CredentialKind = 'password' | 'secret' | 'token' | 'privateKey';

export interface NameClass {
  kind: CredentialKind;
  /**
   * Weak names (`auth`, `credential`, `pass`…) are also used for things that
   * are not secrets (`credentials: 'include'` in fetch, `auth: 'jwt'` as a
   * strategy name), so their values must also *look* like a secret.
   */
  weak: boolean;
  /**
   * Opaque names (`auth`, `credentials`) name modes and strategies as often as secrets
   * (`auth: 'default'`, `credentials: 'same-origin'`): even a weak-password value must look secret.
   */
  opaque?: boolean;
}

/** Head words (or joined last words) that name a credential, and their kind. */
const STRONG_WORDS: ReadonlyMap<string, CredentialKind> = new Map([
  ['password', 'password'], ['passwd', 'password'], ['pwd', 'password'], ['passphrase', 'password'],
  ['matkhau', 'password'], ['pw', 'password'],
  ['secret', 'secret'], ['clientsecret', 'secret'], ['secretkey', 'secret'], ['appsecret', 'secret'],
  ['token', 'token'], ['apikey', 'token'], ['accesskey', 'token'], ['authkey', 'token'], ['accesstoken', 'token'],
  ['privatekey', 'privateKey'], ['privkey', 'privateKey'],
  // Keys that sign or encrypt: passport-jwt's `secretOrKey`, `SIGNING_KEY`, `ENCRYPTION_KEY`, `hmacKey`, `masterKey`.
  ['secretorkey', 'secret'], ['signingkey', 'secret'], ['encryptionkey', 'secret'], ['hmackey', 'secret'], ['masterkey', 'secret'],
  ['aeskey', 'secret'], ['jwtkey', 'secret'], ['sessionkey', 'secret'],
  // Vietnamese: khóa bí mật (secret key), mã bí mật (secret code).
  ['khoabimat', 'secret'], ['mabimat', 'secret'],
]);

const WEAK_WORDS: ReadonlyMap<string, CredentialKind> = new Map([
  ['pass', 'password'], ['credential', 'password'], ['credentials', 'password'], ['auth', 'token'], ['mk', 'password'],
]);
const OPAQUE_WORDS: ReadonlySet<string> = new Set(['credential', 'credentials', 'auth']);

/** Words that make a name about a credential rather than the credential (for head-first Vietnamese names). */
const ABOUT_WORDS: ReadonlySet<string> = new Set([
  'label', 'field', 'hint', 'placeholder', 'message', 'msg', 'text', 'url', 'path', 'route', 'regex', 'pattern', 'length', 'len',
  'min', 'max', 'input', 'form', 'policy', 'rule', 'rules', 'error', 'title', 'expired', 'expiry', 'hash', 'hashed', 'salt', 'type',
  'visible', 'show', 'key', 'name', 'id',
]);

/** Names of an account (for "user name equals password"). Vietnamese: tài khoản, tên đăng nhập. */
const USER_WORDS: ReadonlySet<string> = new Set([
  'user', 'username', 'usr', 'login', 'account', 'uid', 'userid', 'taikhoan', 'tendangnhap', 'accountname', 'loginname',
]);

/** Split an identifier or key into lower-case words. `LGSP_AccessKey` → ["lgsp", "access", "key"]. */
export function splitWords(name: string): readonly string[] {
  // names repeat (every `password`, `userName`, `token` of a project is asked of by several rules): split each once
  // (a long text, a value rather than a name, is split each time and not kept)
  if (name.length > 64) return computeWords(name);
  return remembered(splitNames, SPLIT_NAMES_BOUND, name, undefined, computeWords);
}

/** Distinct names kept split (a project's own vocabulary; past this bound the table starts again). */
const SPLIT_NAMES_BOUND = 50_000;
const splitNames = new Map<string, readonly string[]>();

function computeWords(name: string): string[] {
  const words: string[] = [];
  // Insert boundaries at lower→Upper and at ACRONYMWord, then split on anything non-alphanumeric.
  // (a lookahead, not `([A-Z]+)([A-Z][a-z])`: that backtracks quadratically over a long run of capitals)
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ');
  for (const w of spaced.split(/[^A-Za-z0-9]+/)) {
    // Trailing digits (`password2`, `secret1`) do not change what the name holds.
    // (a loop, not `/\d+$/`: quadratic on a long run of digits followed by a letter)
    let end = w.length;
    while (end > 0 && w.charCodeAt(end - 1) >= 48 && w.charCodeAt(end - 1) <= 57) end--;
    const word = w.slice(0, end).toLowerCase();
    if (word) words.push(word);
  }
  return words;
}

/** Words that policies add (`credentials.credentialWords`), normalised as joined lower-case words. */
function normalise(word: string): string {
  return splitWords(word).join('');
}

/**
 * Does this name hold a credential? Reads the last word, then the last two
 * and three words joined (`api key`, `client secret`, `mat khau`).
 */
export function classifyName(name: string, extraWords: readonly string[] = EMPTY): NameClass | undefined {
  let memo = nameMemo.get(extraWords);
  if (!memo) {
    // Policy words, normalised once per list; those the built-in maps already know add nothing.
    const extra = new Set(extraWords.map(normalise).filter((w) => w && !STRONG_WORDS.has(w) && !WEAK_WORDS.has(w)));
    memo = { extra, cache: new Map() };
    nameMemo.set(extraWords, memo);
  }
  const cached = memo.cache.get(name);
  if (cached !== undefined || memo.cache.has(name)) return cached;
  // Names repeat across a file and a repository; the cache is bounded so a long-lived server stays small.
  if (memo.cache.size > 20_000) memo.cache.clear();
  const result = classifyNameUncached(name, memo.extra);
  memo.cache.set(name, result);
  return result;
}

const EMPTY: readonly string[] = [];
const nameMemo = new WeakMap<readonly string[], { extra: ReadonlySet<string>; cache: Map<string, NameClass | undefined> }>();

function classifyNameUncached(name: string, extraWords: ReadonlySet<string>): NameClass | undefined {
  const words = splitWords(name);
  if (words.length === 0) return undefined;
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const joined = words.slice(words.length - n).join('');
    const strong = STRONG_WORDS.get(joined);
    if (strong) return { kind: strong, weak: false };
    const weak = WEAK_WORDS.get(joined);
    if (weak) return { kind: weak, weak: true, opaque: OPAQUE_WORDS.has(joined) };
  }
  // Vietnamese puts the head noun first: `matKhauDichVu` (service password), `matKhauMacDinh`
  // (default password), `khoaBiMatLgsp`. Unless an English word about it follows (`matKhauLabel`).
  if (words.length > 2 && words[0] === 'mat' && words[1] === 'khau' && !words.slice(2).some((w) => ABOUT_WORDS.has(w))) {
    return { kind: 'password', weak: false };
  }
  if (words.length > 3 && words[0] === 'khoa' && words[1] === 'bi' && words[2] === 'mat' && !words.slice(3).some((w) => ABOUT_WORDS.has(w))) {
    return { kind: 'secret', weak: false };
  }
  if (extraWords.size > 0 && extraWords.has(words[words.length - 1])) return { kind: 'secret', weak: true };
  return compoundWord(words[words.length - 1]);
}

/** Strong words a one-word name can end with, longest first: `authtoken`, `dbpassword`, `lgspsecretkey`. */
const COMPOUND_SUFFIXES: readonly [string, CredentialKind][] = [...STRONG_WORDS].filter(([w]) => w.length >= 5).sort((a, b) => b[0].length - a[0].length);

/** Prefixes that make a one-word name about a credential: `resetpassword`, `showpassword`, `hashedpassword`. */
const ACTION_PREFIXES: ReadonlySet<string> = new Set([
  ...ABOUT_WORDS, 'reset', 'forgot', 'forget', 'change', 'confirm', 'toggle', 'hide', 'verify', 'validate', 'check', 'has', 'is', 'no', 'with',
  'without', 'enter', 'update', 'refresh', 'get', 'set', 'require', 'required', 'encrypted', 'masked',
]);

/**
 * Names written as one lower-case word, as in `.env`, YAML and quick scripts: `authtoken`
 * (ngrok.yml), `DBPASSWORD`, `apisecret`, and Vietnamese head-first `matkhauadmin`. Only strong
 * words of five letters or more count as a suffix (`bypass`, `compass` end in the weak `pass`), and
 * `tokenizer` or `passwordpolicy` do not end in one.
 */
function compoundWord(word: string): NameClass | undefined {
  if (word.length < 7) return undefined;
  for (const [suffix, kind] of COMPOUND_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      const prefix = word.slice(0, -suffix.length);
      return prefix.length >= 2 && !ACTION_PREFIXES.has(prefix) ? { kind, weak: false } : undefined;
    }
  }
  for (const [head, kind] of [['matkhau', 'password'], ['khoabimat', 'secret']] as const) {
    if (word.length > head.length && word.startsWith(head)) {
      const rest = word.slice(head.length);
      return [...ABOUT_WORDS].some((a) => rest.startsWith(a)) ? undefined : { kind, weak: false };
    }
  }
  return undefined;
}

/** Does this name hold an account's user name? */
export function isUserName(name: string): boolean {
  const words = splitWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  const lastTwo = words.slice(-2).join('');
  return USER_WORDS.has(last) || USER_WORDS.has(lastTwo) || (last === 'name' && words.length >= 2 && USER_WORDS.has(words[words.length - 2]));
}

/** `Authorization` and `Proxy-Authorization` headers. */
export function isAuthorizationName(name: string): boolean {
  // Asked for every named literal: a suffix test, no word split.
  return name.length >= 13 && name.slice(-13).toLowerCase() === 'authorization';
}

/** The part of a name before its credential words: `DB_PASSWORD` → "db", `lgspSecretKey` → "lgsp". Used to pair user and password keys in `.env` files. */
export function namePrefix(name: string): string {
  const words = splitWords(name);
  let end = words.length;
  while (end > 0 && (STRONG_WORDS.has(words[end - 1]) || WEAK_WORDS.has(words[end - 1]) || USER_WORDS.has(words[end - 1]) || ['key', 'name', 'id', 'client', 'api', 'access', 'private', 'secret'].includes(words[end - 1]))) end--;
  return words.slice(0, end).join('_');
}
