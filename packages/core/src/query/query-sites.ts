import ts from 'typescript';
import { calleeChain, matchesAnyCallee } from '../callee';
import { lineColumn } from '../source';
import type { ProjectModel, StringPart, FunctionTarget } from '../project/model';
import type { FileIndex, FunctionInfo } from '../project/file-index';
import { describeRequest, type ClientKind, type RequestCall } from './http-clients';
import { classifyPartial, isPopulationDbPartial, partialUrl, type EndpointStatus, type PartialUrl } from './endpoint';
import { forEachNode } from '../walk';

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
export function endpointInfo(parts: StringPart[], model: ProjectModel): EndpointInfo {
  const url = partialUrl(parts, model.policy);
  return { parts, url, text: url.complete ? url.skeleton : undefined, status: classifyPartial(url, model.policy) };
}

/** Is a call a population-DB query site? Memoized per call node and file content. */
export function classifyCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): QuerySite | undefined {
  return model.memo('query.site', `${file.fileName}|${file.hash}|${call.pos}|${call.end}`, () => computeSite(model, file, call), undefined);
}

function computeSite(model: ProjectModel, file: FileIndex, call: ts.CallExpression): QuerySite | undefined {
  const policy = model.policy;
  const chainNames = calleeChain(call.expression);
  const enclosing = model.enclosingFunction(file, call);
  const pattern = matchesAnyCallee(chainNames, policy.populationDb.clientCalls);
  if (pattern) {
    // the policy names the client: a query whatever it does inside
    return { file, call, kind: 'clientCall', clientCallPattern: pattern, chain: [step(file, call, chainNames!.join('.'), 'clientCall')], enclosing };
  }
  const request = describeRequest(model, file, call);
  if (request) {
    const full = partialUrl(request.url, policy);
    const viaPopulationDbBase = request.base ? isPopulationDbPartial(partialUrl(request.base.parts, policy), policy) : false;
    if (isPopulationDbPartial(full, policy) || viaPopulationDbBase) {
      const name = request.operation ? `${request.client}:${request.operation}` : (chainNames?.join('.') ?? request.client);
      return {
        file,
        call,
        kind: 'request',
        client: request.client,
        request,
        endpoint: endpointInfo(request.url, model),
        chain: [step(file, call, name, 'request')],
        enclosing,
      };
    }
    return undefined;
  }
  const target = model.resolveCall(file, call);
  if (!target) return undefined;
  const inner = firstQuery(model, target);
  if (!inner) return undefined;
  return {
    file,
    call,
    kind: 'wrapper',
    client: inner.client,
    endpoint: inner.endpoint,
    target,
    chain: [step(file, call, target.info.name, 'wrapper'), ...inner.chain],
    enclosing,
  };
}

/** The first query a function performs (directly or through its callees), if any. */
export function firstQuery(model: ProjectModel, target: FunctionTarget): QuerySite | undefined {
  return summarizeFunction(model, target).sites[0];
}

/** The query sites of one function body, memoized for the current generation of the project's files. */
export function summarizeFunction(model: ProjectModel, target: FunctionTarget): FunctionQuerySummary {
  const { file, info } = target;
  // recursion in the analysed code (a function that calls itself) must not recurse forever: a cycle contributes no query
  return model.memo('query.summary', `${file.hash}|${info.key}`, () => ({ sites: sitesUnder(model, file, info.node.body) }), { sites: [] });
}

/** Calls under a node that are query sites, in source order. Nested function *declarations*, methods and classes are their own functions. */
function sitesUnder(model: ProjectModel, file: FileIndex, root: ts.Node | undefined): QuerySite[] {
  const sites: QuerySite[] = [];
  if (!root) return sites;
  forEachNode(root, (node) => {
    if (node !== root && (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isMethodDeclaration(node))) return false;
    if (ts.isCallExpression(node)) {
      const site = classifyCall(model, file, node);
      if (site) sites.push(site);
    }
  });
  // by position; a call inside another at the same position (`a()()`) first, as a post-order walk found them
  return sites.sort((a, b) => a.call.pos - b.call.pos || a.call.end - b.call.end);
}

/** Every query site in a file (module level and every function), in source order. */
export function findQuerySites(model: ProjectModel, file: FileIndex): QuerySite[] {
  return model.memo(
    'query.fileSites',
    `${file.fileName}|${file.hash}`,
    () => {
      const sites: QuerySite[] = [];
      forEachNode(file.sourceFile, (node) => {
        if (ts.isCallExpression(node)) {
          const site = classifyCall(model, file, node);
          if (site) sites.push(site);
        }
      });
      return sites;
    },
    [],
  );
}

/** `a → b → axios.post` for messages. */
export function describeChain(site: QuerySite): string {
  return site.chain.map((s) => s.name).join(' → ');
}
