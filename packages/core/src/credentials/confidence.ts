/**
 * High-confidence secrets: what the credential rules still report where weak and sample values are
 * expected — test code (policy `tests.files`), templates (`.env.example`, `config.sample.json`) and
 * API-doc samples (`example:`). A test that checks that `password1` is rejected, or a template
 * that says `JWT_SECRET=thisisasamplesecret`, holds no secret; a private key, a cloud key, a
 * connection string with a password to a real host, or a random-looking value bound to a
 * credential name is a secret wherever it is written, and a template is where real ones leak.
 */
import * as path from 'node:path';
import { jwtClaims, looksLikeAppPassword } from './values';

/** What a finding is, as far as this check needs it (a `ValueDecision`). */
interface Decided {
  rule: string;
  messageId: string;
  name: string;
  secret: string;
}

/**
 * `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.production.example`, and
 * `*.example.*` / `*.sample.*` / `*.template.*` / `*.dist.*` (`config.example.json`,
 * `docker-compose.sample.yml`): files that show what goes where, meant to be copied and filled in.
 */
export function isTemplateFile(fileName: string): boolean {
  const parts = path.basename(fileName).toLowerCase().split('.');
  const isTemplateWord = (p: string) => p === 'example' || p === 'sample' || p === 'template' || p === 'dist' || p === 'tpl';
  // `.env.example`: every part after `env` counts; elsewhere only a middle part (`example.ts` is a name, `x.dist` an extension).
  if (parts[0] === '' && parts[1] === 'env') return parts.slice(2).some(isTemplateWord);
  return parts.slice(1, -1).some(isTemplateWord);
}

/** Does this decision name a secret certain enough to report in test code, a template or a doc sample? */
export function isHighConfidence(d: Decided, value: string, docSample: boolean): boolean {
  // Weak and default passwords are what tests and templates are made of.
  if (d.rule === 'no-default-credentials') return false;
  switch (d.messageId) {
    case 'knownSecretFormat':
      // A JWT in an API doc is a sample; in a test, a token minted for the test. A long-lived one
      // (a Supabase service key, an API key issued as a JWT) is still a key.
      return d.name === 'JWT' ? !docSample && isLongLivedJwt(d.secret) : true;
    case 'connectionStringPassword': {
      // Weak passwords went to no-default-credentials; what is left is live unless the host is local.
      // A made-up password (`dbpassword123`, `test_pass`) to a real host is a sample too.
      const host = connectionHost(value);
      return host !== undefined && !isLocalHost(host) && !isMadeUp(d.secret);
    }
    default:
      // A UUID is an identifier format: in a test, the id of a fixture or a mocked token; a key
      // issued as a UUID is still reported outside test code and templates.
      return looksLikeAppPassword(d.secret) || (isHighEntropy(d.secret) && !isUuid(d.secret));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: string): boolean {
  return value.length === 36 && UUID.test(value.trim());
}

/** Words of made-up test and sample values: `TestPassword123!`, `wrongPassword1`, `dummy-api-key-0001`. */
const SAMPLE_WORDS = ['pass', 'secret', 'test', 'sample', 'example', 'dummy', 'fake', 'mock', 'wrong', 'invalid', 'admin', 'user', 'demo', 'qwerty', 'abc', 'foo', 'bar', 'hello', 'change', 'token', 'key', 'random'];

/**
 * A generated secret: at least 16 characters without spaces, two or more character classes,
 * Shannon entropy of at least 3.5 bits per character (gitleaks' generic threshold is of this
 * order), and none of the words made-up values are built from.
 */
export function isHighEntropy(secret: string): boolean {
  const v = secret.trim();
  if (v.length < 16 || v.length > 4096 || /\s/.test(v)) return false;
  let classes = 0;
  if (/[a-z]/.test(v)) classes++;
  if (/[A-Z]/.test(v)) classes++;
  if (/[0-9]/.test(v)) classes++;
  if (/[^A-Za-z0-9]/.test(v)) classes++;
  if (classes < 2) return false;
  if (isMadeUp(v)) return false;
  return shannonEntropy(v) >= 3.5;
}

function isMadeUp(value: string): boolean {
  const lower = value.toLowerCase();
  return SAMPLE_WORDS.some((w) => lower.includes(w));
}

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A JWT with no expiry, or one valid for more than a year: a key rather than a session token. */
function isLongLivedJwt(token: string): boolean {
  const claims = jwtClaims(token);
  if (!claims) return false;
  const { exp, iat } = claims;
  if (typeof exp !== 'number') return true;
  return typeof iat === 'number' && exp - iat > 365 * 24 * 3600;
}

/** The host a connection string points at: `…@host:port/db`, `Server=host;…`, `Host=host`. */
export function connectionHost(value: string): string | undefined {
  const scheme = value.indexOf('://');
  if (scheme > 0) {
    const rest = value.slice(scheme + 3);
    const authority = rest.split(/[/?#]/, 1)[0];
    const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
    // mongodb://a:b@h1:27017,h2:27017 — the first host decides.
    const first = hostPart.split(',')[0];
    // [::1]:6379 — an IPv6 literal keeps its colons.
    const host = first.startsWith('[') ? first.slice(1, first.indexOf(']')) : first.replace(/:\d+$/, '');
    return host || undefined;
  }
  const m = /(?:^|;)\s*(?:server|host|data source|address|addr)\s*=\s*([^;,]+)/i.exec(value);
  return m ? m[1].trim().replace(/^tcp:/i, '').replace(/[:,]\d+$/, '') : undefined;
}

/**
 * Hosts that are not a live server somebody else runs: loopback, the Docker host, one-label
 * names (docker-compose services: `mongo`, `db`), reserved test and example domains, sample
 * hosts, LocalDB.
 */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '::1' || h === '0.0.0.0' || h.startsWith('127.') || h === 'host.docker.internal') return true;
  if (h.startsWith('(localdb)') || h === '.' || h === '(local)') return true;
  if (!h.includes('.') && !h.includes(':')) return true;
  // Reserved names, and sample hosts such as `cluster0.example.mongodb.net` or `your-host.com`.
  return /\.(localhost|local|test|example|invalid)$/.test(h) || /(^|\.)example\./.test(h) || /^(your|my)[-_]/.test(h);
}
