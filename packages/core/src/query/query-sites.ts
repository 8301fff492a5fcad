import ts from 'typescript';
import { calleeChain, matchesAnyCallee } from '../callee';
import { lineColumn } from '../source';
import type { ProjectModel, StringPart, FunctionTarget } from '../project/model';
import type { FileIndex, FunctionInfo } from '../project/file-index';
import type { Candidate } from '../project/evaluate';
import { REQUEST_BODY_OPTIONS, REQUEST_QUERY_OPTIONS, describeRequest, joinCandidates, type ClientKind, type RequestCall } from './http-clients';
import { classifyPartial, isPopulationDbPartial, partialUrl, type EndpointStatus, type PartialUrl } from './endpoint';
import { forEachNode } from '../walk';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  isCallExpression, isClassDeclaration, isClassExpression, isFunctionDeclaration, isIdentifier, isMethodDeclaration, isObjectLiteralExpression,
  isPropertyAccessExpression, isPropertyAssignment, isSpreadAssignment, isStringLiteral, isStringLiteralLike,
} = ts;

/**
 * Population-DB query sites (SPEC §1 "What counts as a population-DB query"):
 * a request whose URL resolves to a population-DB endpoint, a call the policy
 * names in `populationDb.clientCalls`, or a call to a project function that
 * itself performs a query. Wrappers are found through function summaries
 * memoized in the project model (see docs/query-model.md).
 */

export interface EndpointInfo {
  parts: StringPart[];
  url: PartialUrl;
  /** The full URL when every part is known. */
  text?: string;
  status: EndpointStatus;
  /** Configuration values the URL text came from (a `.env` variable, a `config/*.json` key): checked where written. */
  config?: string[];
  /** How many candidate URLs the request has (conditionals, helpers, callers); the endpoint is the one that decides. */
  candidates?: number;
}

/** One step of the path from a call site to the request that reaches the population DB. */
export interface ChainStep {
  /** Function name for a wrapper step; the client call for the last step. */
  name: string;
  fileName: string;
  /** 1-based. */
  line: number;
  column: number;
  kind: QuerySiteKind;
}

export type QuerySiteKind = 'request' | 'clientCall' | 'wrapper';

export interface QuerySite {
  file: FileIndex;
  call: ts.CallExpression;
  kind: QuerySiteKind;
  /** The HTTP/SOAP client of the request at the end of the chain, when it is one. */
  client?: ClientKind;
  /** The request itself (kind `request`). */
  request?: RequestCall;
  /** The policy pattern a `clientCall` site matched. */
  clientCallPattern?: string;
  /** The endpoint of the request at the end of the chain, when it is a request. */
  endpoint?: EndpointInfo;
  /** The project function a `wrapper` site calls. */
  target?: FunctionTarget;
  /** This call first, the direct request or client call last. */
  chain: ChainStep[];
  /** The function that contains the call (undefined at module level). */
  enclosing?: FunctionInfo;
}

export interface FunctionQuerySummary {
  /** Query sites in the function's own body (nested callbacks included, nested named functions and classes excluded). */
  sites: QuerySite[];
}

function step(file: FileIndex, node: ts.Node, name: string, kind: QuerySiteKind): ChainStep {
  const { line, column } = lineColumn(file.sourceFile, node.getStart(file.sourceFile));
  return { name, fileName: file.fileName, line, column, kind };
}

/** Describe the endpoint of URL parts. */
export function endpointInfo(parts: StringPart[], model: ProjectModel, config?: string[]): EndpointInfo {
  const url = partialUrl(parts, model.policy);
  return { parts, url, text: url.complete ? url.skeleton : undefined, status: classifyPartial(url, model.policy), ...(config?.length ? { config } : {}) };
}

const isFindingStatus = (s: EndpointStatus) => s.kind === 'unregistered' || s.kind === 'insecure';

/**
 * The endpoint of a request with several candidate URLs: a query when any
 * candidate is a population-DB URL; of those, an unregistered or insecure one
 * written in code first (it is the finding), then one from configuration,
 * then a registered one. Undefined when no candidate is a population-DB URL.
 */
export function decidingEndpoint(model: ProjectModel, candidates: readonly Candidate[]): EndpointInfo | undefined {
  const popdb = candidates.map((c) => ({ c, url: partialUrl(c.parts, model.policy) })).filter((x) => isPopulationDbPartial(x.url, model.policy));
  if (!popdb.length) return undefined;
  const infos = popdb.map(({ c }) => endpointInfo(c.parts, model, c.config));
  const chosen = infos.find((i) => isFindingStatus(i.status) && !i.config) ?? infos.find((i) => isFindingStatus(i.status)) ?? infos.find((i) => i.status.kind !== 'undecided') ?? infos[0];
  return candidates.length > 1 ? { ...chosen, candidates: candidates.length } : chosen;
}

/** Is a call a population-DB query site? Memoized per call node and file content. */
export function classifyCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): QuerySite | undefined {
  return model.nodeMemo('query.site', file, call, () => computeSite(model, file, call), undefined);
}

function computeSite(model: ProjectModel, file: FileIndex, call: ts.CallExpression): QuerySite | undefined {
  const policy = model.policy;
  const chainNames = calleeChain(call.expression);
  // asked only of the calls that are sites (most calls are not)
  const enclosing = () => model.enclosingFunction(file, call);
  const pattern = matchesAnyCallee(chainNames, policy.populationDb.clientCalls);
  if (pattern) {
    // the policy names the client: a query whatever it does inside
    return { file, call, kind: 'clientCall', clientCallPattern: pattern, chain: [step(file, call, chainNames!.join('.'), 'clientCall')], enclosing: enclosing() };
  }
  const request = describeRequest(model, file, call);
  if (request) {
    const decided = decidingEndpoint(model, request.urls);
    // an absolute URL replaces the instance's base (axios, got): a base only matters when some candidate path is relative or unknown
    const absolute = request.urls.every((c) => c.parts[0]?.kind === 'text' && /^[a-z][a-z0-9+.-]*:\/\//i.test(c.parts[0].text));
    const viaPopulationDbBase = request.base && !absolute ? decidingEndpoint(model, request.base.candidates) !== undefined : false;
    if (decided || viaPopulationDbBase) {
      const name = request.operation ? `${request.client}:${request.operation}` : (chainNames?.join('.') ?? request.client);
      return {
        file,
        call,
        kind: 'request',
        client: request.client,
        request,
        endpoint: decided ?? endpointInfo(request.url, model),
        chain: [step(file, call, name, 'request')],
        enclosing: enclosing(),
      };
    }
    return undefined;
  }
  const target = model.resolveCall(file, call);
  if (!target) return undefined;
  const inner = firstQuery(model, target);
  if (!inner) return undefined;
  const atThisCall = endpointAtCall(model, target, inner, file, call);
  if (atThisCall === null) return undefined;
  return {
    file,
    call,
    kind: 'wrapper',
    client: inner.client,
    endpoint: atThisCall ?? inner.endpoint,
    target,
    chain: [step(file, call, target.info.name, 'wrapper'), ...inner.chain],
    enclosing: enclosing(),
  };
}

/**
 * The endpoint of a wrapper's own request for one call of the wrapper, when
 * the request's URL argument depends on the wrapper's parameters
 * (`goiApi(baseUrl, path)`): undefined when the call changes nothing, null
 * when with this call's arguments no candidate is a population-DB URL and
 * every candidate has a known host (then this call is not a query).
 */
function endpointAtCall(model: ProjectModel, target: FunctionTarget, inner: QuerySite, file: FileIndex, call: ts.CallExpression): EndpointInfo | null | undefined {
  const request = inner.request;
  const urlExpr = request?.urlExpression;
  if (inner.kind !== 'request' || !request || !urlExpr || inner.file !== target.file || inner.enclosing !== target.info || !request.call.arguments.includes(urlExpr as ts.Expression)) return undefined;
  if (!target.info.node.parameters.length) return undefined;
  const own = model.evaluateCandidatesForCall(target.file, target.info.node, urlExpr, file, call);
  const urls = request.base ? joinCandidates(request.base.candidates, own) : own;
  const decided = decidingEndpoint(model, urls);
  if (decided) return decided;
  if (request.base && decidingEndpoint(model, request.base.candidates)) return undefined;
  const knownHost = (c: Candidate) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#\u0000]+/i.test(c.parts.map((p) => (p.kind === 'text' ? p.text : '\u0000')).join(''));
  // another query in the wrapper still makes this call a query
  return urls.length && urls.every(knownHost) && summarizeFunction(model, target).sites.length === 1 ? null : undefined;
}

/** The first query a function performs (directly or through its callees), if any. */
export function firstQuery(model: ProjectModel, target: FunctionTarget): QuerySite | undefined {
  return summarizeFunction(model, target).sites[0];
}

/** The query sites of one function body, memoized for the current generation of the project's files. */
export function summarizeFunction(model: ProjectModel, target: FunctionTarget): FunctionQuerySummary {
  const { file, info } = target;
  // recursion in the analysed code (a function that calls itself) must not recurse forever: a cycle contributes no query
  return model.memo('query.summary', info.memoKey, () => ({ sites: sitesUnder(model, file, info.node.body) }), { sites: [] });
}

/** Calls under a node that are query sites, in source order. Nested function *declarations*, methods and classes are their own functions. */
function sitesUnder(model: ProjectModel, file: FileIndex, root: ts.Node | undefined): QuerySite[] {
  const sites: QuerySite[] = [];
  if (!root) return sites;
  forEachNode(root, (node) => {
    if (node !== root && (isFunctionDeclaration(node) || isClassDeclaration(node) || isClassExpression(node) || isMethodDeclaration(node))) return false;
    if (isCallExpression(node)) {
      const site = classifyCall(model, file, node);
      if (site) sites.push(site);
    }
  });
  // by position; a call inside another at the same position (`a()()`) first, as a post-order walk found them
  return sites.sort((a, b) => a.call.pos - b.call.pos || a.call.end - b.call.end);
}

/** Every query site in a file (module level and every function), in source order. */
export function findQuerySites(model: ProjectModel, file: FileIndex): QuerySite[] {
  return model.fileMemo(
    'query.fileSites',
    file.memoKey,
    () => {
      const sites: QuerySite[] = [];
      for (const node of file.calls) {
        const site = classifyCall(model, file, node);
        if (site) sites.push(site);
      }
      return sites;
    },
    [],
  );
}

/** Path segments of an authentication exchange: the whole segment (`/oauth2/…`, `/token`, `/dang-nhap`). */
const AUTH_SEGMENT = /^(token|access-?token|refresh(-?token)?|oauth2?|auth(enticate|orize)?|sso|login|logout|sign-?in|dang-?nhap|connect)$/i;
/** A last segment that names a step of a login (`GetClientId`, `getCaptchaImage`, `RefreshToken`, `userLogin`). */
const AUTH_STEP = /captcha|client-?id|(get|refresh|issue|request)-?token|login|sign-?in|dang-?nhap|logout/i;

/**
 * A request that opens a session with the gateway rather than looking anybody up: a token, OAuth
 * or login endpoint, a CAPTCHA or client-id step of a login (`…/oauth2/GetClientId`,
 * `…/api/getCaptchaImage`, `…/token`). It is still a connection to the population DB (an
 * unregistered host is reported for it), but it queries no record: it needs no audit entry of a
 * lookup and sends no purpose, and what it answers (a token, a session, the caller's own unit) is
 * not citizen data. Judged on the URL as written; a path whose last segment is unknown is a lookup.
 */
export function isAuthenticationExchange(site: Pick<QuerySite, 'kind' | 'endpoint'>): boolean {
  if (site.kind !== 'request' || !site.endpoint) return false;
  const path = site.endpoint.url.skeleton.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0];
  const segments = path.split('/').filter((s) => s !== '' && !s.includes('\u0000'));
  const last = path.split('/').filter((s) => s !== '').at(-1);
  if (last === undefined || last.includes('\u0000')) return segments.some((s) => /^oauth2?$/i.test(s));
  return segments.some((s) => AUTH_SEGMENT.test(s)) || AUTH_STEP.test(last);
}

/** The last path segment of a health or liveness check (`/health`, `/healthz`, `/ping`, `/readyz`). */
const PROBE_SEGMENT = /^(health(z|-?check)?|ping|livez?|liveness|readyz?|readiness|alive|heartbeat)$/i;
/** Request options that send data to the server: a body, query parameters, a form. */
const DATA_OPTIONS = new Set([...REQUEST_BODY_OPTIONS, ...REQUEST_QUERY_OPTIONS]);
/** Client methods that send a body. */
const SENDING_METHOD = /^(post|put|patch|postForm|putForm|patchForm|send)$/i;

/**
 * A connectivity or health check of the gateway rather than a lookup: a request to its bare origin
 * (`https://dichvucong.baohiemxahoi.gov.vn`, the portal's home page) or to a health path
 * (`…/health`, `…/ping`, `…/readyz`), every candidate URL known in full and without a query
 * string, that sends nothing (no body, no query parameters; a GET or HEAD). Like a login it is a
 * connection to the population DB (an unregistered host is reported for it) that queries no
 * record: it needs no audit entry of a lookup and sends no purpose.
 */
export function isConnectivityProbe(site: Pick<QuerySite, 'kind' | 'request'>): boolean {
  const request = site.request;
  if (site.kind !== 'request' || !request || !request.urls.length) return false;
  for (const candidate of request.urls) {
    if (!candidate.parts.every((p) => p.kind === 'text')) return false;
    const text = candidate.parts.map((p) => (p as { text: string }).text).join('');
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(text.trim());
    if (!m || /[?#]/.test(m[1])) return false;
    const segments = m[1].split('/').filter((x) => x !== '');
    if (segments.length && !PROBE_SEGMENT.test(segments[segments.length - 1])) return false;
  }
  const callee = request.call.expression;
  if (isPropertyAccessExpression(callee) && SENDING_METHOD.test(callee.name.text)) return false;
  // every argument but the URL is an options object that sends nothing
  return request.call.arguments.every((arg) => {
    if (request.urlExpression && (arg === request.urlExpression || (arg.pos <= request.urlExpression.pos && request.urlExpression.end <= arg.end))) return true;
    if (!isObjectLiteralExpression(arg)) return false;
    return arg.properties.every((p) => {
      if (isSpreadAssignment(p)) return false;
      const name = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
      if (name === undefined || DATA_OPTIONS.has(name)) return false;
      // `method: 'POST'` sends a body; GET, HEAD and OPTIONS do not
      if (name === 'method') return isPropertyAssignment(p) && isStringLiteralLike(p.initializer) && /^(get|head|options)$/i.test(p.initializer.text);
      return true;
    });
  });
}

/** A request that looks nobody up: a login exchange or a connectivity probe. */
export function isNotALookup(site: Pick<QuerySite, 'kind' | 'endpoint' | 'request'>): boolean {
  return isAuthenticationExchange(site) || isConnectivityProbe(site);
}

/** `a → b → axios.post` for messages. */
export function describeChain(site: QuerySite): string {
  return site.chain.map((s) => s.name).join(' → ');
}
