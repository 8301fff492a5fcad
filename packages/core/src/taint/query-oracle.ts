import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import type { FileIndex, ProjectModel, StringPart } from '../project/model';
import { classifyCall, isNotALookup } from '../query/query-sites';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { factory, isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment } = ts;

/**
 * Which calls are population-DB queries, for the taint analysis: the query
 * model's own answer (`classifyCall` in `query/query-sites.ts`), so the
 * citizen-data rules and the endpoint/audit/loop rules agree on what a query
 * is. Only direct sites (a request or a policy client call) are sources here:
 * a wrapper's result is followed by the taint summaries themselves.
 */
export type QueryOracle = (model: ProjectModel, file: FileIndex, call: ts.CallExpression) => { label: string } | undefined;

/** Population-DB SOAP operations (DOMAIN.md); node-soap adds an `Async` suffix. */
const SOAP_OPERATION = /^(XacMinhThongTinNhanThan|CungCapThongTinCongDan|XacThucThongTinCongDan|TraCuuThongTinCongDan|CungCapThongTinHoGiaDinh|CungCapDanhSachTheo\w+)(Async)?$/;

export const defaultQueryOracle: QueryOracle = (model, file, call) => {
  const site = classifyCall(model, file, call);
  const chain = calleeChain(call.expression);
  // a login with the gateway answers a token or a session, a connectivity probe a home page or a status: not a citizen's record
  if (site && isNotALookup(site)) return undefined;
  if (site && site.kind !== 'wrapper') {
    if (site.kind === 'clientCall') return { label: chain ? chain.join('.') : (site.clientCallPattern ?? 'clientCall') };
    if (site.request?.operation) return { label: site.request.operation.replace(/Async$/, '') };
    // the operation is the last path segment written in the code: `${process.env.DANCU_API_URL}/CungCapThongTinCongDan`
    const lastText = [...(site.request?.url ?? [])].reverse().find((p) => p.kind === 'text');
    const op = (lastText?.kind === 'text' ? lastText.text.split('?')[0] : '').match(/\/([A-Za-z]\w+)\/?$/);
    return { label: op ? op[1] : chain ? chain.join('.') : 'request' };
  }
  // a SOAP client the query model could not trace to its WSDL still names the operation
  if (!site && chain && SOAP_OPERATION.test(chain[chain.length - 1])) return { label: chain[chain.length - 1].replace(/Async$/, '') };
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
  const args = call.arguments ?? factory.createNodeArray();
  const callee = skipOuterExpressions(call.expression);
  const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name || !args.length) return undefined;
  if (!(HTTP_FUNCTIONS.has(name) || HTTP_METHODS.has(name.toLowerCase()))) return undefined;
  const first = skipOuterExpressions(args[0]);
  if (name === 'needle' && args.length > 1) return args[1];
  if (isObjectLiteralExpression(first)) {
    // axios({ method, url, data }) / request({ uri })
    for (const p of first.properties) {
      if (isPropertyAssignment(p) && p.name && isIdentifier(p.name) && (p.name.text === 'url' || p.name.text === 'uri')) return p.initializer;
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
