import type { Policy } from '../policy/policy';
import { POPULATION_DB_XML_NAMESPACES } from '../policy/defaults';
import type { StringPart } from '../project/model';
import { maskSecret } from '../mask';
import { remembered, rememberedTable } from '../remembered';

/**
 * Is a URL a population-DB URL, and is it one the system registered with the
 * Ministry of Public Security (Công văn 5722/TCTTKĐA)? Registration is
 * compared on parsed URLs (WHATWG URL), never on raw text: a textual prefix
 * test lets `https://lgsp.x.gov.vn.evil.com/…` and `https://lgsp.x.gov.vn@evil.com/`
 * through.
 */

const patternCache = new Map<string, (text: string) => boolean>();

/**
 * A `*` glob as a linear matcher. A regular expression (`^.*` + `://.*` + `/.*X$`)
 * backtracks (a 10 KB literal of repeated `a://` took minutes); for globs
 * whose only wildcard is `*`, matching each literal segment at its leftmost
 * place, left to right, is exact and linear in the text.
 */
function compileGlob(pattern: string): (text: string) => boolean {
  const segments = pattern.toLowerCase().split('*');
  const first = segments[0];
  const last = segments[segments.length - 1];
  return (text) => {
    const t = text.toLowerCase();
    if (segments.length === 1) return t === first;
    if (!t.startsWith(first)) return false;
    let at = first.length;
    for (let i = 1; i < segments.length - 1; i++) {
      const found = t.indexOf(segments[i], at);
      if (found < 0) return false;
      at = found + segments[i].length;
    }
    return t.length - last.length >= at && t.endsWith(last);
  };
}

/** `'*'` matches any text (including none); case-insensitive; the whole URL must match. */
export function matchesEndpointPattern(url: string, pattern: string): boolean {
  let match = patternCache.get(pattern);
  if (!match) {
    match = compileGlob(pattern);
    patternCache.set(pattern, match);
  }
  return match(url);
}

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Schemes the WHATWG URL parser treats as special: `https:evil.com`, `https:/evil.com` and backslashes all reach a host. */
const SPECIAL_SCHEME_RE = /^(?:https?|wss?|ftp):/i;
const TAB_OR_NEWLINE = /[\t\n\r]/g;

/** `text` without trailing slashes (a loop: `/\/+$/` is quadratic on a long run of slashes followed by something else). */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * What `fetch` and `new URL()` would make of a candidate URL text, or
 * undefined when it is not one: the WHATWG URL parser removes tabs and
 * newlines anywhere, takes `https:evil.com`, `https:/evil.com` and
 * `https:\\evil.com\x` as `https://evil.com/…`, and a protocol-relative
 * `//evil.com/…` goes to that host (over https, as from an https page).
 */
export function parseUrlCandidate(text: string): URL | undefined {
  let t = text.replace(TAB_OR_NEWLINE, '').trim();
  if (t.startsWith('//') || t.startsWith('\\\\') || t.startsWith('/\\') || t.startsWith('\\/')) t = `https:${t}`;
  if (!SCHEME_RE.test(t) && !SPECIAL_SCHEME_RE.test(t)) return undefined;
  if (/\s/.test(t)) return undefined;
  try {
    return new URL(t);
  } catch {
    return undefined;
  }
}

/**
 * Can a text that starts with `head`, whatever follows it, be a URL: one `parseUrlCandidate` accepts,
 * or a partial one `isPopulationDbPartial` looks at? Both need the text (tabs and newlines dropped,
 * leading white space trimmed) to start with `/` or `\` (a scheme-relative URL) or with a scheme
 * and `:`. So `Không tìm thấy hồ sơ ${id}` or `'Error ' + code` is never one, and the parts after
 * its head need not be evaluated to know it.
 */
export function canBeginUrl(head: string): boolean {
  const h = head.replace(TAB_OR_NEWLINE, '').trimStart();
  return h === '' || h[0] === '/' || h[0] === '\\' || SCHEME_OR_ITS_START.test(h);
}

/** A scheme and its colon, or a text that is still only letters of a scheme (the rest may complete it). */
const SCHEME_OR_ITS_START = /^[a-z][a-z0-9+.-]*(:|$)/i;

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-escapes of unreserved characters decoded (RFC 3986 §6.2.2.2: `dan%63u` is `dancu`); every other escape kept, upper-cased. */
function decodeUnreserved(text: string): string {
  if (!text.includes('%')) return text;
  // one pass, appending runs between escapes (a callback per escape made a 160 KB path a garbage-collector storm)
  const parts: string[] = [];
  let last = 0;
  for (let i = text.indexOf('%'); i >= 0 && i + 2 < text.length; i = text.indexOf('%', i + 1)) {
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) continue;
    const c = String.fromCharCode(parseInt(hex, 16));
    parts.push(text.slice(last, i), UNRESERVED.test(c) ? c : `%${hex.toUpperCase()}`);
    last = i + 3;
    i += 2;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** The path as the server sees it: unreserved escapes decoded, then dot segments resolved again (`%2e%2e`, `.%2e`). */
function canonicalPath(url: URL): string {
  const decoded = decodeUnreserved(url.pathname);
  if (decoded === url.pathname) return decoded;
  try {
    return new URL(decoded, url.origin === 'null' ? 'https://h' : url.origin).pathname;
  } catch {
    return decoded;
  }
}

/** The normalized URL text patterns are matched against. */
function canonicalUrl(url: URL): string {
  const auth = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.host}${canonicalPath(url)}${url.search}${url.hash}`;
}

/** Text that is a URL by itself (not an XML envelope, a log line or a sentence that mentions one), as the WHATWG parser reads it. */
export function looksLikeUrl(text: string): boolean {
  return parseUrlCandidate(text) !== undefined;
}

/** An XML namespace of the population-DB schema: a name, never a connection. */
export function isXmlNamespace(text: string): boolean {
  const t = trimTrailingSlashes(text.trim()).toLowerCase();
  return POPULATION_DB_XML_NAMESPACES.some((ns) => trimTrailingSlashes(ns).toLowerCase() === t);
}

/**
 * A mock on this machine (`http://localhost:3001/dancu/v1` in `.env.development`)
 * or a documentation host reserved by RFC 2606/6761 (`example.com`, `*.test`,
 * `*.invalid`, `*.example`) never reaches the population DB: not a connection
 * to register.
 */
export function isLocalOrReservedHost(text: string): boolean {
  const url = parseUrlCandidate(text);
  if (!url) return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '0.0.0.0' || /^127(\.\d{1,3}){3}$/.test(host)) return true;
  if (/\.(localhost|test|invalid|example)$/.test(host)) return true;
  return /^(.+\.)?example\.(com|net|org)$/.test(host);
}

/** Does URL text point at the population DB, by the policy's endpoint patterns? */
export function isPopulationDbUrl(text: string, policy: Policy): boolean {
  // the same few URLs are written in many files: answered once per policy (parsing a URL allocates);
  // a long text is not kept as a key
  if (text.length > MAX_REMEMBERED_URL) return computeIsPopulationDbUrl(text, policy);
  return remembered(rememberedTable(urlAnswers, 16, policy.hash), MAX_URL_ANSWERS, text, policy, computeIsPopulationDbUrl);
}

/** `isPopulationDbUrl`'s answers per policy hash, each table bounded (a minified bundle holds thousands of strings). */
const urlAnswers = new Map<string, Map<string, boolean>>();
const MAX_URL_ANSWERS = 20_000;
const MAX_REMEMBERED_URL = 2048;

function computeIsPopulationDbUrl(text: string, policy: Policy): boolean {
  const t = text.trim();
  const url = parseUrlCandidate(t);
  if (!url || isXmlNamespace(t) || isLocalOrReservedHost(t)) return false;
  // the text as written and as the URL parser normalizes it (`https:\\evil.com\dan%63u\`): either matching is enough
  const canonical = canonicalUrl(url);
  return policy.populationDb.endpointPatterns.some((p) => matchesEndpointPattern(t, p) || matchesEndpointPattern(canonical, p));
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

/**
 * Path prefix on segment boundaries: `/dancu/v1/` covers `/dancu/v1/x`,
 * `/dancu/v1` covers `/dancu/v1` and `/dancu/v1/x`, never `/dancu/v10`.
 * Both paths are canonical (unreserved escapes decoded, dot segments
 * resolved) and compared case-sensitively, as servers do. A path that still
 * holds an encoded separator or NUL (`..%2f..%2fadmin`, `%5c`, `%00`) may be
 * decoded again behind the gateway and escape the prefix: never under it.
 */
function pathUnder(path: string, prefix: string): boolean {
  if (/%(?:2F|5C|00)/i.test(path)) return false;
  if (prefix === '/' || prefix === '') return true;
  if (prefix.endsWith('/')) return path.startsWith(prefix) || path === prefix.slice(0, -1);
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Registration status of a fully known URL. */
export function classifyEndpoint(urlText: string, policy: Policy): EndpointStatus {
  const url = parseUrlCandidate(urlText);
  if (!url) return { kind: 'unregistered' };
  // userinfo (`https://lgsp.x.gov.vn@evil.com/`) is a classic lookalike: never registered
  if (url.username || url.password) return { kind: 'unregistered' };
  let insecure: string | undefined;
  const path = canonicalPath(url);
  for (const { text, url: prefix } of registeredPrefixes(policy)) {
    if (url.hostname !== prefix.hostname || !pathUnder(path, canonicalPath(prefix))) continue;
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
  // a NUL written in the text is what the URL parser percent-encodes, not a hole
  const skeleton = parts.map((p) => (p.kind === 'text' ? p.text.replace(/\u0000/g, '%00') : HOLE)).join('');
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
  const known = url.knownPrefix.replace(TAB_OR_NEWLINE, '');
  if ((!SCHEME_RE.test(known) && !SPECIAL_SCHEME_RE.test(known) && !known.startsWith('//')) || /\s/.test(url.skeleton.replace(/\u0000/g, '').replace(TAB_OR_NEWLINE, ''))) return false;
  // the holes are filled with a neutral segment so that `*://*/dancu/*` matches `${base}/dancu/${op}` only through known text
  return isPopulationDbUrl(url.skeleton.replace(/\u0000/g, 'x'), policy);
}

/**
 * Registration of a partial URL: decided on the known prefix when it already
 * fixes scheme, host, port and enough of the path; otherwise undecided.
 */
export function classifyPartial(url: PartialUrl, policy: Policy): EndpointStatus {
  if (url.complete) return classifyEndpoint(url.skeleton, policy);
  const authority = knownAuthority(url.knownPrefix);
  if (!authority) return { kind: 'undecided' };
  if (!authority.complete) {
    // the host is known only in part (`https://lgsp.x.gov.vn.${x}/`): undecided only while a registered host can still be completed from it
    if (authority.userinfo) return { kind: 'unregistered' };
    const start = authority.host.toLowerCase();
    return registeredPrefixes(policy).some(({ url: p }) => p.hostname.startsWith(start)) ? { kind: 'undecided' } : { kind: 'unregistered' };
  }
  const known = classifyEndpoint(url.knownPrefix, policy);
  if (known.kind !== 'unregistered') return known;
  // the known path may still be completed into a registered one: undecided if a registered prefix extends it
  const base = parseUrlCandidate(url.knownPrefix);
  if (!base || base.username || base.password) return { kind: 'unregistered' };
  const basePath = canonicalPath(base);
  if (/%(?:2F|5C|00)/i.test(basePath)) return { kind: 'unregistered' };
  const extendable = registeredPrefixes(policy).some(({ url: p }) => p.hostname === base.hostname && canonicalPath(p).startsWith(basePath));
  return extendable ? { kind: 'undecided' } : { kind: 'unregistered' };
}

/**
 * The authority of the known start of a URL, read as the WHATWG parser
 * reads special schemes (any run of `/` and `\` after `https:`, tabs and
 * newlines ignored): the host text, whether the host ends inside the known
 * text, and whether userinfo precedes it. Undefined when no scheme is known.
 */
function knownAuthority(prefix: string): { host: string; complete: boolean; userinfo: boolean } | undefined {
  let t = prefix.replace(TAB_OR_NEWLINE, '').trimStart();
  if (/^[/\\]{2}/.test(t)) t = `https:${t}`;
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(t);
  if (!scheme) return undefined;
  let i = scheme[0].length;
  if (SPECIAL_SCHEME_RE.test(t)) {
    while (t[i] === '/' || t[i] === '\\') i++;
  } else if (t.startsWith('//', i)) i += 2;
  else return undefined;
  let end = i;
  while (end < t.length && !'/\\?#'.includes(t[end])) end++;
  const authority = t.slice(i, end);
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  return { host: host.replace(/:\d*$/, ''), complete: end < t.length, userinfo: at >= 0 };
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
