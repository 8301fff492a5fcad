import type { Policy } from '../policy/policy';
import { POPULATION_DB_XML_NAMESPACES } from '../policy/defaults';
import type { StringPart } from '../project/model';
import { maskSecret } from '../mask';

/**
 * Is a URL a population-DB URL, and is it one the system registered with the
 * Ministry of Public Security (Công văn 5722/TCTTKĐA)? Registration is
 * compared on parsed URLs (WHATWG URL), never on raw text: a textual prefix
 * test lets `https://lgsp.x.gov.vn.evil.com/…` and `https://lgsp.x.gov.vn@evil.com/`
 * through.
 */

const patternCache = new Map<string, RegExp>();

/** `'*'` matches any text (including none); case-insensitive; the whole URL must match. */
export function matchesEndpointPattern(url: string, pattern: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'is');
    patternCache.set(pattern, re);
  }
  return re.test(url);
}

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Text that is a URL by itself (not an XML envelope, a log line or a sentence that mentions one). */
export function looksLikeUrl(text: string): boolean {
  return SCHEME_RE.test(text) && !/\s/.test(text.trim());
}

/** An XML namespace of the population-DB schema: a name, never a connection. */
export function isXmlNamespace(text: string): boolean {
  const t = text.trim().replace(/\/+$/, '').toLowerCase();
  return POPULATION_DB_XML_NAMESPACES.some((ns) => ns.replace(/\/+$/, '').toLowerCase() === t);
}

/**
 * A mock on this machine (`http://localhost:3001/dancu/v1` in `.env.development`)
 * or a documentation host reserved by RFC 2606/6761 (`example.com`, `*.test`,
 * `*.invalid`, `*.example`) never reaches the population DB: not a connection
 * to register.
 */
export function isLocalOrReservedHost(text: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(text.trim());
  if (!m) return false;
  const host = m[1].toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '0.0.0.0' || /^127(\.\d{1,3}){3}$/.test(host)) return true;
  if (/\.(localhost|test|invalid|example)$/.test(host)) return true;
  return /^(.+\.)?example\.(com|net|org)$/.test(host);
}

/** Does URL text point at the population DB, by the policy's endpoint patterns? */
export function isPopulationDbUrl(text: string, policy: Policy): boolean {
  const t = text.trim();
  if (!looksLikeUrl(t) || isXmlNamespace(t) || isLocalOrReservedHost(t)) return false;
  return policy.populationDb.endpointPatterns.some((p) => matchesEndpointPattern(t, p));
}

export type EndpointStatus =
  /** under a registered prefix, over https */
  | { kind: 'registered'; prefix: string }
  /** same host and path as a registered prefix, but plain http (protected connections are required) */
  | { kind: 'insecure'; prefix: string }
  | { kind: 'unregistered' }
  /** only part of the URL is known and the known part cannot decide */
  | { kind: 'undecided' };

interface ParsedPrefix {
  text: string;
  url: URL;
}

const prefixCache = new Map<string, ParsedPrefix[]>();

function registeredPrefixes(policy: Policy): ParsedPrefix[] {
  let list = prefixCache.get(policy.hash);
  if (!list) {
    list = [];
    for (const text of policy.populationDb.registeredEndpoints) {
      try {
        list.push({ text, url: new URL(text) });
      } catch {
        // the schema rejects non-URLs; a prefix that still fails to parse registers nothing
      }
    }
    prefixCache.set(policy.hash, list);
  }
  return list;
}

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '');
const effectivePort = (u: URL) => u.port || defaultPort(u.protocol);

/** Path prefix on segment boundaries: `/dancu/v1/` covers `/dancu/v1/x`, `/dancu/v1` covers `/dancu/v1` and `/dancu/v1/x`, never `/dancu/v10`. */
function pathUnder(path: string, prefix: string): boolean {
  const p = decodeSafe(path);
  const pre = decodeSafe(prefix);
  if (pre === '/' || pre === '') return true;
  if (pre.endsWith('/')) return p.startsWith(pre) || p === pre.slice(0, -1);
  return p === pre || p.startsWith(`${pre}/`);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s).toLowerCase();
  } catch {
    return s.toLowerCase();
  }
}

/** Registration status of a fully known URL. */
export function classifyEndpoint(urlText: string, policy: Policy): EndpointStatus {
  let url: URL;
  try {
    url = new URL(urlText.trim());
  } catch {
    return { kind: 'unregistered' };
  }
  // userinfo (`https://lgsp.x.gov.vn@evil.com/`) is a classic lookalike: never registered
  if (url.username || url.password) return { kind: 'unregistered' };
  let insecure: string | undefined;
  for (const { text, url: prefix } of registeredPrefixes(policy)) {
    if (url.hostname !== prefix.hostname || !pathUnder(url.pathname, prefix.pathname)) continue;
    if (url.protocol === prefix.protocol && effectivePort(url) === effectivePort(prefix)) {
      return url.protocol === 'http:' ? { kind: 'insecure', prefix: text } : { kind: 'registered', prefix: text };
    }
    if (url.protocol === 'http:' && prefix.protocol === 'https:' && (url.port === '' || url.port === prefix.port)) insecure = text;
  }
  return insecure ? { kind: 'insecure', prefix: insecure } : { kind: 'unregistered' };
}

/** A URL known only in part: text parts, with `\u0000` where an unknown or env part sits. */
export interface PartialUrl {
  /** All parts with unknowns as `\u0000`. */
  skeleton: string;
  /** The known text before the first unknown part. */
  knownPrefix: string;
  /** Every part is text. */
  complete: boolean;
  /** The URL starts with an env var the policy lists in `populationDb.envEndpoints`: its value is in config. */
  envName?: string;
  /** The URL starts with an unknown part (a parameter, a request field, …). */
  startsUnknown: boolean;
}

const HOLE = '\u0000';

export function partialUrl(parts: readonly StringPart[], policy: Policy): PartialUrl {
  const skeleton = parts.map((p) => (p.kind === 'text' ? p.text : HOLE)).join('');
  const hole = skeleton.indexOf(HOLE);
  const first = parts[0];
  return {
    skeleton,
    knownPrefix: hole === -1 ? skeleton : skeleton.slice(0, hole),
    complete: hole === -1,
    envName: first?.kind === 'env' && policy.populationDb.envEndpoints.includes(first.name) ? first.name : undefined,
    startsUnknown: first !== undefined && first.kind !== 'text',
  };
}

/** A partial URL points at the population DB when its text (holes as any text) matches a pattern, or it starts with a mapped env var. */
export function isPopulationDbPartial(url: PartialUrl, policy: Policy): boolean {
  if (url.envName) return true;
  if (url.complete) return isPopulationDbUrl(url.skeleton, policy);
  if (!SCHEME_RE.test(url.knownPrefix) || /\s/.test(url.skeleton.replace(/\u0000/g, ''))) return false;
  // the holes are filled with a neutral segment so that `*://*/dancu/*` matches `${base}/dancu/${op}` only through known text
  return isPopulationDbUrl(url.skeleton.replace(/\u0000/g, 'x'), policy);
}

/**
 * Registration of a partial URL: decided on the known prefix when it already
 * fixes scheme, host, port and enough of the path; otherwise undecided.
 */
export function classifyPartial(url: PartialUrl, policy: Policy): EndpointStatus {
  if (url.complete) return classifyEndpoint(url.skeleton, policy);
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#\u0000]*)([/?#].*)?$/is.exec(url.knownPrefix);
  // the host is not fully known (or is followed immediately by a hole: `https://${host}`)
  if (!m || m[2] === undefined) return { kind: 'undecided' };
  const known = classifyEndpoint(url.knownPrefix, policy);
  if (known.kind !== 'unregistered') return known;
  // the known path may still be completed into a registered one: undecided if a registered prefix extends it
  let base: URL;
  try {
    base = new URL(url.knownPrefix);
  } catch {
    return { kind: 'unregistered' };
  }
  if (base.username || base.password) return { kind: 'unregistered' };
  const extendable = registeredPrefixes(policy).some(
    ({ url: p }) => p.hostname === base.hostname && decodeSafe(p.pathname).startsWith(decodeSafe(base.pathname)),
  );
  return extendable ? { kind: 'undecided' } : { kind: 'unregistered' };
}

/**
 * A URL for a message: unknown parts as `…`, userinfo masked (a URL may carry
 * `user:password@`, and messages never show a secret in clear), query string
 * dropped (it may carry an access token), long URLs shortened.
 */
export function displayUrl(parts: readonly StringPart[]): string {
  let text = parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'env' ? `\${${p.name}}` : '…')).join('');
  text = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/i, (_, scheme: string, userinfo: string) => `${scheme}${maskSecret(userinfo)}@`);
  text = text.replace(/\?.*$/s, '');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
