/**
 * What a call into a library returns, as far as citizen data goes (docs/taint.md, "Library calls").
 *
 * A library call's result is citizen data only when the call is a population-DB
 * query (the query oracle), a project function whose summary says so (the
 * summaries), or a known pass-through listed here. Everything else — the
 * `{ data, error }` of `supabase.from('residents').upsert(resident)`, the
 * document `User.create({ fullName })` resolves to, `bcrypt.hash(password)` — is
 * the library's own answer, not the data handed to it.
 *
 * Two kinds of pass-through:
 * - **functions of the arguments**: `JSON.stringify`, `structuredClone`,
 *   `Object.assign/values/entries`, `Array.from`, `Promise.all`, `util.format`,
 *   lodash, `firstValueFrom`, and functions named for what they do to a value
 *   (`parse…`, `format…`, `escape…`, `encode…`, `decode…`, `normalize…`);
 * - **methods of the data itself**: a method called on a value that already is
 *   citizen data (a string, an array, a parsed response, a Map the data was put
 *   in) returns part of it — `trim`, `split`, `filter`, `find`, `toObject`,
 *   `json()`, `get(k)` — and `concat`/`replace` also take in their arguments
 *   (`MAU.replace('{hoTen}', hoTen)`). The receiver of `supabase.from(…).upsert(r)`
 *   is a client made of clean values, so nothing flows.
 * Spread, template literals, `+`, `Object.assign` (which also fills its target)
 * and the callbacks of `map`/`then`/`reduce` are handled by the walk itself.
 */

/** Library functions (by the full callee) whose result is made of their arguments. */
const ARGUMENT_PASS_THROUGH = new Set([
  'JSON.stringify', 'JSON.parse', 'structuredClone', 'String', 'Number', 'BigInt', 'Symbol.for',
  'Object.assign', 'Object.values', 'Object.entries', 'Object.fromEntries', 'Object.freeze', 'Object.seal', 'Object.create',
  'Array.from', 'Array.of', 'Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any', 'Promise.resolve',
  'Buffer.from', 'Buffer.concat', 'String.raw', 'util.format', 'util.inspect', 'format', 'inspect', 'sprintf', 'vsprintf',
  'qs.stringify', 'querystring.stringify', 'querystring.encode', 'encodeURIComponent', 'encodeURI', 'decodeURIComponent',
  'decodeURI', 'escape', 'unescape', 'btoa', 'atob', 'moment', 'dayjs', 'DateTime.fromISO', 'DateTime.fromJSDate',
  // RxJS: an observable of the data, and the promise of its value (NestJS HttpService: firstValueFrom(this.http.post(…)))
  'firstValueFrom', 'lastValueFrom', 'from', 'of', 'forkJoin', 'merge', 'concat', 'combineLatest', 'zip',
]);

/** Library function names that say they transform the value they are given. */
const TRANSFORM_NAME = /^(stringify|parse\w*|format\w*|escape\w*|encode\w*|decode\w*|normali[sz]e\w*|serialize\w*|deserialize\w*|clone\w*|deepClone|copy|toJSON|toXml|toXML|js2xml|json2xml|xml2js|xml2json|render|compile|template|markdown|slugify|unidecode|removeAccents|removeVietnameseTones|boDau|upperCase|lowerCase|capitalize|trim)$/;

/** Libraries whose functions return parts of their arguments (lodash, underscore, ramda). */
const ARGUMENT_LIBRARIES = new Set(['_', 'lodash', 'underscore', 'R', 'ramda']);

/** Methods of a value that also take in their arguments: `'Họ tên: '.concat(hoTen)`, `MAU.replace('{ten}', hoTen)`. */
const ARGUMENT_METHODS = new Set(['concat', 'replace', 'replaceAll', 'with', 'toSpliced', 'fill']);

export interface LibraryFlow {
  /** The receiver's data flows to the result (a method of the data itself). */
  receiver: boolean;
  /** The arguments' data flows to the result. */
  args: boolean;
}

const NONE: LibraryFlow = { receiver: false, args: false };

/**
 * Which inputs of a library call reach its result. `chain` is the callee's dotted name
 * (undefined for a computed callee), `isMethod` whether it is called on an object.
 * Predicates and counters (handled by the caller) never carry anything.
 */
export function libraryFlow(chain: readonly string[] | undefined, method: string | undefined, isMethod: boolean): LibraryFlow {
  const full = chain?.join('.');
  if (full && ARGUMENT_PASS_THROUGH.has(full)) return { receiver: false, args: true };
  if (chain && chain.length >= 2 && ARGUMENT_LIBRARIES.has(chain[0])) return { receiver: false, args: true };
  const transforms = method !== undefined && TRANSFORM_NAME.test(method);
  if (!isMethod) return transforms ? { receiver: false, args: true } : NONE;
  // a method of a value: the value's own data comes back (a client's method has a clean receiver)
  return { receiver: true, args: transforms || (method !== undefined && ARGUMENT_METHODS.has(method)) };
}
