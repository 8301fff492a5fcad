/**
 * One decision per candidate value: which of the two credential rules reports
 * it, with which message, or neither. Both rules read the same decision, so a
 * value is never reported twice; where both would apply, the more specific
 * `no-default-credentials` wins (SPEC §1).
 */
import { maskSecret } from '../mask';
import { isHighConfidence } from './confidence';
import { classifyName, isAuthorizationName, splitWords, type CredentialKind, type NameClass } from './names';
import {
  credentialKeysInJson,
  decodeEncodedCredentialJson,
  findEmbeddedPassword,
  findKnownSecret,
  findSqlAccountPassword,
  isDescriptive,
  isDocumentationJwt,
  isHumanText,
  isKeyConstant,
  isKeyName,
  isStorageKeyName,
  isLabelOfName,
  isPlaceholder,
  isPasswordHash,
  isPattern,
  isPlainUrlOrPath,
  isWeakPassword,
  looksSecret,
  parseAuthorization,
  parseUserPassword,
} from './values';

export const HARDCODED_RULE = 'no-hardcoded-credentials';
export const DEFAULT_RULE = 'no-default-credentials';
export type CredentialRuleName = typeof HARDCODED_RULE | typeof DEFAULT_RULE;

export type HardcodedMessageId =
  | 'hardcodedPassword'
  | 'hardcodedToken'
  | 'connectionStringPassword'
  | 'literalAuthorizationHeader'
  | 'encodedCredential'
  | 'knownSecretFormat';
export type DefaultMessageId = 'defaultPassword' | 'usernameEqualsPassword' | 'defaultFallback' | 'fixedPasswordOnAccount';

export interface CredentialFinding {
  rule: CredentialRuleName;
  messageId: HardcodedMessageId | DefaultMessageId;
  /** Offsets into the file text, end exclusive. */
  start: number;
  end: number;
  /** `name`: the variable, key or format; `masked`: the secret through `maskSecret`. Never the secret itself. */
  data: { name: string; masked: string };
}

/** How a value is used, as far as the detectors could tell. */
export interface ValueContext {
  /** Names that may say what the value is, best first (the binding, then an env var it falls back from). */
  names: readonly (string | undefined)[];
  /** A kind known from the position (the password argument of `new Sequelize`), when there is no name. */
  positionalKind?: CredentialKind;
  /** A label for the message when no name is known. */
  label?: string;
  /** `a || 'x'`, `a ?? 'x'`, a default parameter or destructuring default, `${VAR:-x}`. */
  fallback?: boolean;
  /** The value is an account's password being created or reset. */
  account?: boolean;
  /** The value is being base64-encoded into a token (`btoa(JSON.stringify({...}))`). */
  encoded?: boolean;
  /** The literal user name next to this value (same object, connection, call). */
  userValue?: string;
  /** A config-file entry: values are values, never key-name constants. */
  config?: boolean;
  /** An API-doc sample (OpenAPI `example:`): only real key formats count, never a JWT. */
  docSample?: boolean;
}

export interface ClassifyOptions {
  weakPasswords: ReadonlySet<string>;
  credentialWords: readonly string[];
  /** Test code and templates: report only high-confidence secrets (`isHighConfidence`). */
  highConfidenceOnly?: boolean;
}

/** A decision with offsets relative to the value. */
export interface ValueDecision {
  rule: CredentialRuleName;
  messageId: CredentialFinding['messageId'];
  start: number;
  end: number;
  name: string;
  secret: string;
}

const KIND_LABEL: Record<CredentialKind, string> = { password: 'password', secret: 'secret', token: 'token', privateKey: 'private key' };

/** Is this key a credential name? (For keys inside encoded JSON.) */
export function credentialKeyTest(options: ClassifyOptions): (key: string) => boolean {
  return (key) => classifyName(key, options.credentialWords) !== undefined;
}

function decision(rule: CredentialRuleName, messageId: ValueDecision['messageId'], start: number, end: number, name: string, secret: string): ValueDecision {
  return { rule, messageId, start, end, name, secret };
}

/** Is this a weak or default password for the password-ish value `secret`? */
function defaultDecision(secret: string, user: string | undefined, options: ClassifyOptions, fallback: boolean): DefaultMessageId | undefined {
  if (user !== undefined && user.length > 0 && user === secret) return 'usernameEqualsPassword';
  if (isWeakPassword(secret, options.weakPasswords)) return fallback ? 'defaultFallback' : 'defaultPassword';
  return undefined;
}

/**
 * Decide for one value. Format checks that do not depend on a name come
 * first (an Authorization header, a connection string, a well-known secret,
 * an encoded token); then what the name says.
 */
export function classifyValue(value: string, context: ValueContext, options: ClassifyOptions): ValueDecision | undefined {
  const d = decide(value, context, options);
  if (!d || !(options.highConfidenceOnly || context.docSample)) return d;
  return isHighConfidence(d, value, context.docSample === true) ? d : undefined;
}

function decide(value: string, context: ValueContext, options: ClassifyOptions): ValueDecision | undefined {
  if (value.length === 0 || value.length > 20_000) return undefined;
  // jwt.io's sample token, bare or as `Bearer …`, under any name: a placeholder (findKnownSecret skips it too)
  if (value.includes('eyJ') && isDocumentationJwt(parseAuthorization(value)?.credential ?? value.trim())) return undefined;
  const firstName = context.names.find((n) => n !== undefined);
  const label = firstName ?? context.label;

  // Authorization: Basic/Bearer <literal>
  if (firstName !== undefined && isAuthorizationName(firstName)) {
    const auth = parseAuthorization(value);
    if (auth) {
      if (auth.basic) {
        const d = defaultDecision(auth.basic.password, auth.basic.user, options, false);
        if (d) return decision(DEFAULT_RULE, d, auth.start, auth.start + auth.credential.length, firstName, auth.credential);
      }
      return decision(HARDCODED_RULE, 'literalAuthorizationHeader', auth.start, auth.start + auth.credential.length, firstName, auth.credential);
    }
    // Some gateways take the bare key: `Authorization: 'f3a9c2e7…'`.
    if (!isPlaceholder(value) && !isHumanText(value) && looksSecret(value) && !isPlainUrlOrPath(value)) {
      return decision(HARDCODED_RULE, 'literalAuthorizationHeader', 0, value.length, firstName, value);
    }
  }

  // postgres://u:p@h, Server=…;Password=…
  if (value.length >= 8 && (value.includes('@') || value.includes('='))) {
    const embedded = findEmbeddedPassword(value);
    if (embedded?.variable !== undefined) {
      // `postgres://${DB_USER:-app}:${DB_PASSWORD:-postgres}@db/x`: nothing is written into the URL but
      // the fallback. A weak one is a default credential named by its variable (the same finding as
      // `DB_PASSWORD: ${DB_PASSWORD:-postgres}`); a strong one is a real password committed as a default.
      const weak = isWeakPassword(embedded.password, options.weakPasswords);
      const d: DefaultMessageId | undefined = weak ? 'defaultFallback' : embedded.user === embedded.password ? 'usernameEqualsPassword' : undefined;
      return d
        ? decision(DEFAULT_RULE, d, embedded.start, embedded.end, embedded.variable, embedded.password)
        : decision(HARDCODED_RULE, 'connectionStringPassword', embedded.start, embedded.end, label ?? embedded.variable, embedded.password);
    }
    if (embedded) {
      const d = defaultDecision(embedded.password, embedded.user, options, false);
      const name = label ?? 'connection string';
      return d
        ? decision(DEFAULT_RULE, d, embedded.start, embedded.end, name, embedded.password)
        : decision(HARDCODED_RULE, 'connectionStringPassword', embedded.start, embedded.end, name, embedded.password);
    }
  }

  // INSERT INTO users (username, password) VALUES ('admin', 'admin')
  const seeded = findSqlAccountPassword(value);
  if (seeded) {
    const d = defaultDecision(seeded.password, seeded.user, options, false);
    // Without a column list the second value is only probably the password: report it only when it is weak.
    if (d || seeded.named) {
      return decision(DEFAULT_RULE, d === 'usernameEqualsPassword' ? d : 'fixedPasswordOnAccount', seeded.start, seeded.end, `INSERT INTO ${seeded.table}`, seeded.password);
    }
  }

  const known = findKnownSecret(value);
  if (known) return decision(HARDCODED_RULE, 'knownSecretFormat', known.start, known.end, known.format, known.secret);

  // A literal lgspAccessToken: base64 of {"AccessKey": …, "SecretKey": …}
  const encodedKeys = decodeEncodedCredentialJson(value, credentialKeyTest(options));
  if (encodedKeys) return decision(HARDCODED_RULE, 'encodedCredential', 0, value.length, label ?? encodedKeys.join(', '), value);

  // btoa('user:password'), Buffer.from('{"AccessKey":…}')
  if (context.encoded && context.names.length === 0 && context.positionalKind === undefined) {
    const pair = parseUserPassword(value);
    if (pair) {
      const d = defaultDecision(pair.password, pair.user, options, false);
      return decision(d ? DEFAULT_RULE : HARDCODED_RULE, d ?? 'encodedCredential', pair.passwordStart, value.length, context.label ?? 'Basic credentials', pair.password);
    }
    const keys = credentialKeysInJson(value, credentialKeyTest(options));
    if (keys) return decision(HARDCODED_RULE, 'encodedCredential', 0, value.length, keys.join(', '), value);
    return undefined;
  }

  // What the name says.
  let nameClass: NameClass | undefined;
  let name: string | undefined;
  for (const n of context.names) {
    if (n === undefined) continue;
    nameClass = classifyName(n, options.credentialWords);
    if (nameClass) {
      name = n;
      break;
    }
  }
  if (!nameClass && context.positionalKind) {
    nameClass = { kind: context.positionalKind, weak: false };
    name = context.label ?? KIND_LABEL[context.positionalKind];
  }
  if (!nameClass || name === undefined) return undefined;

  const secret = value.trim();
  // A label (`password: 'Password'`) or a key name (`const ACCESS_TOKEN = 'access_token'`) first: both
  // can spell a weak password. Then the weak list, before the other exclusions, because some
  // well-known defaults look like placeholders or text (`your-256-bit-secret`, `keyboard cat`).
  if (isLabelOfName(secret, name) || (!context.config && isKeyConstant(secret, name))) return undefined;
  const weak = isWeakPassword(secret, options.weakPasswords);
  // NestJS's docs use `secret: 'secretKey'`: a weak default that also looks like a key name.
  const credentialWord = (w: string) => classifyName(w, options.credentialWords) !== undefined;
  // `secretOrKey: config.get('JWT_SECRET') || 'secretKeyTamThoi'`: a secret variable holds no key's name, so
  // words it falls back to are the signing secret whenever it is missing — one anyone reading the code can
  // guess (the key-name and token-kind exclusions below are for names with no secret variable behind them)
  if (context.fallback === true && WORDS_ONLY.test(secret) && secret.length >= 4 && context.names.some(isSecretVariable)) {
    return decision(DEFAULT_RULE, 'defaultFallback', 0, value.length, name, secret);
  }
  if (!weak && !context.config && isKeyName(secret, name, credentialWord)) return undefined;
  // `AI_SESSION_KEY = 'ai_session_v2'`: the name of a storage key, not a key.
  if (!context.config && isStorageKeyName(secret, name, credentialWord)) return undefined;
  if (!weak && isNotASecret(secret)) return undefined;
  // Node's http options: `auth: 'user:password'`. Judge the password, and point at it.
  const pair = nameClass.opaque ? parseUserPassword(secret) : undefined;
  if (pair && secret === value) {
    const d = defaultDecision(pair.password, pair.user, options, context.fallback === true);
    if (d) return decision(DEFAULT_RULE, d, pair.passwordStart, value.length, name, pair.password);
    if (pair.password.length >= 4) return decision(HARDCODED_RULE, 'hardcodedPassword', pair.passwordStart, value.length, name, pair.password);
  }
  // `auth: 'default'` (a hapi strategy), `credentials: 'same-origin'`: opaque names need a secret-looking value.
  if (nameClass.opaque && !looksSecret(secret)) return undefined;

  if (context.account) {
    if (context.userValue !== undefined && context.userValue === secret) return decision(DEFAULT_RULE, 'usernameEqualsPassword', 0, value.length, name, secret);
    return decision(DEFAULT_RULE, 'fixedPasswordOnAccount', 0, value.length, name, secret);
  }
  const d = defaultDecision(secret, context.userValue, options, context.fallback === true);
  if (d) return decision(DEFAULT_RULE, d, 0, value.length, name, secret);
  // `secret: process.env.SESSION_SECRET || 'sang'`: the fallback of a variable that holds a key or a
  // token is that key whenever the variable is missing, and one shorter than any generated key is a
  // weak default, not an enum (the short-value exclusion below is for names with no variable behind them).
  if (context.fallback && !nameClass.weak && nameClass.kind !== 'password' && secret.length < 8 && context.names.some(isVariableName)) {
    return decision(DEFAULT_RULE, 'defaultFallback', 0, value.length, name, secret);
  }
  if (nameClass.weak && !looksSecret(secret)) return undefined;
  // Lexers and parsers call their tokens `token` (`lastToken = '?JSX'`): a word of letters is a token
  // kind, not an access token, which always carries digits or is long and random.
  if (nameClass.kind === 'token' && /^[^A-Za-z0-9]?[A-Za-z]+$/.test(secret)) return undefined;
  // Short values are enums, flags and error codes (`INVALID_TOKEN: 'E401'`), not generated secrets;
  // short weak passwords such as "sa" were caught above. Passwords chosen by people can be shorter than keys.
  if (secret.length < (nameClass.kind === 'password' ? 4 : 8)) return undefined;
  if (context.encoded) return decision(HARDCODED_RULE, 'encodedCredential', 0, value.length, name, secret);
  return decision(HARDCODED_RULE, nameClass.kind === 'password' ? 'hardcodedPassword' : 'hardcodedToken', 0, value.length, name, secret);
}

/** Letters in words: `secretKeyTamThoi`, `my_jwt_secret` (a generated secret has digits or symbols). */
const WORDS_ONLY = /^[A-Za-z]+(?:[_.:-][A-Za-z]+)*$/;

/** A variable named for a secret: `JWT_SECRET`, `SESSION_SECRET_KEY`, `jwt.secret` (not `SECRET_NAME`, `TOKEN_STORAGE_KEY`). */
function isSecretVariable(name: string | undefined): boolean {
  if (!isVariableName(name)) return false;
  const words = splitWords(name!);
  const last = words[words.length - 1];
  return last === 'secret' || (last === 'key' && words.includes('secret'));
}

/** An environment or configuration variable's name (`SESSION_SECRET`, `app.jwtSecret`), as a fallback's source is named. */
export function isVariableName(name: string | undefined): boolean {
  return name !== undefined && /^[A-Za-z_][\w.:-]*$/.test(name);
}

/** Values bound to a credential name that are still not a secret. */
function isNotASecret(value: string): boolean {
  return isPlaceholder(value) || isHumanText(value) || isDescriptive(value) || isPlainUrlOrPath(value) || isPattern(value) || isPasswordHash(value);
}

/** A decision at an absolute position, with the secret masked for the message. */
export function toFinding(d: ValueDecision, valueStart: number): CredentialFinding {
  return {
    rule: d.rule,
    messageId: d.messageId,
    start: valueStart + d.start,
    end: valueStart + d.end,
    // A name is shown as is, unless it is itself a secret (a JSON key that is a token, in a generated file).
    data: { name: findKnownSecret(d.name) ? maskSecret(d.name) : d.name, masked: maskSecret(d.secret) },
  };
}
