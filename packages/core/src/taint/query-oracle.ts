import ts from 'typescript';
import { calleeChain, matchesAnyCallee, skipOuterExpressions } from '../callee';
import type { FileIndex, ProjectModel, StringPart } from '../project/model';

/**
 * THE SEAM to population-DB query detection. The query model
 * (`packages/core/src/query/`, `findQuerySites`) is built on another branch;
 * at merge time the lead replaces `defaultQueryOracle` with an oracle backed
 * by it. Until then this small built-in covers the policy's client calls,
 * SOAP operations and HTTP requests to population-DB URLs — deliberately not
 * a second query model (no wrappers: the taint summaries already follow a
 * project function that returns query data).
 */
export type QueryOracle = (model: ProjectModel, file: FileIndex, call: ts.CallExpression) => { label: string } | undefined;

/** Population-DB SOAP operations (DOMAIN.md); node-soap adds an `Async` suffix. */
const SOAP_OPERATION = /^(XacMinhThongTinNhanThan|CungCapThongTinCongDan|XacThucThongTinCongDan|TraCuuThongTinCongDan|CungCapThongTinHoGiaDinh|CungCapDanhSachTheo\w+)(Async)?$/;

export const defaultQueryOracle: QueryOracle = (model, file, call) => {
  const chain = calleeChain(call.expression);
  const policy = model.policy;
  const client = matchesAnyCallee(chain, policy.populationDb.clientCalls);
  if (client && chain) return { label: chain.join('.') };
  if (chain && SOAP_OPERATION.test(chain[chain.length - 1])) return { label: chain[chain.length - 1].replace(/Async$/, '') };
  const url = requestUrl(call);
  if (!url) return undefined;
  const parts = model.evaluateString(file, url);
  if (isPopulationDbUrl(parts, policy.populationDb.endpointPatterns, policy.populationDb.envEndpoints)) {
    // the operation is the last path segment written in the code: `${process.env.DANCU_API_URL}/CungCapThongTinCongDan`
    const lastText = [...parts].reverse().find((p) => p.kind === 'text');
    const op = (lastText?.kind === 'text' ? lastText.text.split('?')[0] : '').match(/\/([A-Za-z]\w+)\/?$/);
    return { label: op ? op[1] : chain ? chain.join('.') : 'request' };
  }
  return undefined;
};

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'request', 'head']);
const HTTP_FUNCTIONS = new Set(['fetch', 'axios', 'got', 'request', 'needle', 'superagent', 'ky', '$fetch', 'ofetch']);

/**
 * The URL argument of an HTTP request call: `fetch(url)`, `axios.post(url, …)`,
 * `axios({ url })`, `got.post(url)`, `this.http.post(url)`, `https.request(url)`,
 * `needle('post', url)`. Any `.get/.post/…` call is a candidate: the URL's
 * value, not the client's name, decides (NestJS HttpService, axios instances).
 */
export function requestUrl(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray();
  const callee = skipOuterExpressions(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name || !args.length) return undefined;
  if (!(HTTP_FUNCTIONS.has(name) || HTTP_METHODS.has(name.toLowerCase()))) return undefined;
  const first = skipOuterExpressions(args[0]);
  if (name === 'needle' && args.length > 1) return args[1];
  if (ts.isObjectLiteralExpression(first)) {
    // axios({ method, url, data }) / request({ uri })
    for (const p of first.properties) {
      if (ts.isPropertyAssignment(p) && p.name && ts.isIdentifier(p.name) && (p.name.text === 'url' || p.name.text === 'uri')) return p.initializer;
    }
    return undefined;
  }
  return args[0];
}

/** The text before the first unknown part. */
export function knownPrefix(parts: readonly StringPart[]): string {
  let text = '';
  for (const p of parts) {
    if (p.kind !== 'text') break;
    text += p.text;
  }
  return text;
}

function patternRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`, 'i');
}

function isPopulationDbUrl(parts: readonly StringPart[], patterns: readonly string[], envEndpoints: readonly string[]): boolean {
  if (parts.some((p) => p.kind === 'env' && envEndpoints.includes(p.name))) return true;
  // unknown pieces (ids, parameters) match anything: `${base}/dancu/${op}`
  const text = parts.map((p) => (p.kind === 'text' ? p.text : '\u0000')).join('');
  if (!text.replace(/\u0000/g, '')) return false;
  return patterns.some((pattern) => patternRegex(pattern).test(text.replace(/\u0000/g, 'x')));
}
