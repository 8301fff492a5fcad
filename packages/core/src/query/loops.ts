import ts from 'typescript';
import { calleeChain, matchesAnyCallee, skipOuterExpressions } from '../callee';
import { findLocalDeclaration, knownText, type ProjectModel } from '../project/model';
import { isFunctionLike, isNestedUnder, nodesWithin, type FileIndex } from '../project/file-index';
import { clientOrigin, objectLiteralOf, propertyValue } from './http-clients';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  NodeFlags, SyntaxKind, factory, forEachChild, getDecorators, isArrayLiteralExpression, isArrowFunction, isBinaryExpression,
  isBreakStatement, isCallExpression, isClassDeclaration, isClassLike, isDoStatement, isExpression, isForInStatement,
  isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isIfStatement, isMethodDeclaration,
  isNewExpression, isNumericLiteral, isObjectLiteralExpression, isParameter, isParenthesizedExpression, isPropertyAccessExpression,
  isPropertyAssignment, isReturnStatement, isSpreadElement, isStringLiteralLike, isThrowStatement, isVariableDeclaration,
  isVariableDeclarationList, isWhileStatement,
} = ts;

/**
 * Is a population-DB query repeated without a bound? The gateway auto-locks
 * a connection whose query volume is abnormal (over 10,000: Công văn
 * 5722/TCTTKĐA), so every loop, iteration callback, `Promise.all` over a
 * collection, recursion or retry/pagination loop around a query must be
 * statically bounded (≤ `queries.budget`), go through a limiter, or stop on a
 * budget check.
 */

export type RepetitionKind = 'for' | 'for-of' | 'for-in' | 'while' | 'do-while' | 'iteration' | 'interval' | 'recursion';

export interface Repetition {
  kind: RepetitionKind;
  /** The loop statement, the iteration call (`ids.map(...)`) or the recursive call. */
  node: ts.Node;
  /** `forEach`, `map`, … for iteration callbacks. */
  method?: string;
}

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'from']);

/** Packages whose instances bound concurrency or rate, and the methods that run a task through them. */
const LIMITER_PACKAGES: Record<string, readonly string[]> = {
  'p-limit': ['()'],
  bottleneck: ['schedule', 'wrap', 'submit'],
  'p-queue': ['add', 'addAll'],
  'p-throttle': ['()'],
  'p-map': ['()'],
};

const within = (inner: ts.Node, outer: ts.Node) => inner.pos >= outer.pos && inner.end <= outer.end;

/** A number a constant expression evaluates to. */
function numberValue(model: ProjectModel, file: FileIndex, expr: ts.Expression): number | undefined {
  const e = skipOuterExpressions(expr);
  if (isNumericLiteral(e)) return Number(e.text);
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const text = knownText(model.evaluateString(file, e));
    const n = text !== undefined && text.trim() !== '' ? Number(text.replace(/_/g, '')) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.AsteriskToken) {
    const a = numberValue(model, file, e.left);
    const b = numberValue(model, file, e.right);
    return a !== undefined && b !== undefined ? a * b : undefined;
  }
  return undefined;
}

/** A collection whose size is known and within the budget: a literal array, `.slice(0, N)`, `Array.from({ length: N })`, a filtered/mapped bounded collection. */
export function isBoundedCollection(model: ProjectModel, file: FileIndex, expr: ts.Expression, depth = 0): boolean {
  if (depth > 6) return false;
  const budget = model.policy.queries.budget;
  const e = skipOuterExpressions(expr);
  if (isArrayLiteralExpression(e)) return e.elements.length <= budget && !e.elements.some(isSpreadElement);
  if (isObjectLiteralExpression(e)) return e.properties.length <= budget;
  if (isCallExpression(e) && isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (method === 'slice' || method === 'splice') {
      const [start, end] = e.arguments;
      const s = start ? numberValue(model, file, start) : 0;
      const en = end ? numberValue(model, file, end) : undefined;
      if (s !== undefined && en !== undefined && en - s <= budget && s >= 0) return true;
    }
    if (['filter', 'map', 'slice', 'reverse', 'sort'].includes(method)) return isBoundedCollection(model, file, e.expression.expression, depth + 1);
    // Object.keys(CONST_OBJECT), Object.entries(...)
    if (isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object' && ['keys', 'values', 'entries'].includes(method) && e.arguments[0]) {
      return isBoundedCollection(model, file, e.arguments[0], depth + 1);
    }
    if (isIdentifier(e.expression.expression) && e.expression.expression.text === 'Array' && method === 'from' && e.arguments[0]) {
      const a = skipOuterExpressions(e.arguments[0]);
      if (isObjectLiteralExpression(a)) {
        const len = a.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText() === 'length');
        const n = len ? numberValue(model, file, len.initializer) : undefined;
        return n !== undefined && n <= budget;
      }
      return isBoundedCollection(model, file, a, depth + 1);
    }
  }
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    const local = isIdentifier(e) ? findLocalDeclaration(e) : undefined;
    // `for (const batch of chunk(ids, 50))`: each batch holds at most 50
    if (local && isVariableDeclaration(local) && isVariableDeclarationList(local.parent) && isForOfStatement(local.parent.parent)) {
      const size = chunkSize(model, file, local.parent.parent.expression);
      return size !== undefined && size <= budget;
    }
    if (local && isVariableDeclaration(local)) {
      const constant = (local.parent.flags & NodeFlags.Const) !== 0;
      return constant && local.initializer ? isBoundedCollection(model, file, local.initializer, depth + 1) : false;
    }
    if (local) return false;
    const resolved = model.resolveExpression(file, e);
    const owner = resolved && model.ownerIndex(resolved);
    const value = resolved && model.valueNode(resolved.node);
    if (resolved && owner && value && isExpression(value) && value !== e && (isVariableDeclaration(resolved.node) ? (resolved.node.parent.flags & NodeFlags.Const) !== 0 : true)) {
      return isBoundedCollection(model, owner, value, depth + 1);
    }
  }
  return false;
}

/** N of `chunk(list, N)` (lodash, lodash-es, a project helper of that name). */
function chunkSize(model: ProjectModel, file: FileIndex, expr: ts.Expression): number | undefined {
  const e = skipOuterExpressions(expr);
  if (!isCallExpression(e) || e.arguments.length < 2) return undefined;
  const name = calleeChain(e.expression)?.at(-1);
  return name === 'chunk' || name === 'chunkArray' ? numberValue(model, file, e.arguments[1]) : undefined;
}

/** `i < N`, `i <= N`, `N > i`, `i < arr.length` with a bounded arr, possibly `&&`-combined. */
function isBoundedCondition(model: ProjectModel, file: FileIndex, cond: ts.Expression | undefined): boolean {
  if (!cond) return false;
  const e = skipOuterExpressions(cond);
  const budget = model.policy.queries.budget;
  if (isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SyntaxKind.AmpersandAmpersandToken) return isBoundedCondition(model, file, e.left) || isBoundedCondition(model, file, e.right);
    const limit = op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken ? e.right : op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken ? e.left : undefined;
    if (!limit) return false;
    const n = numberValue(model, file, limit);
    if (n !== undefined) return n <= budget;
    const l = skipOuterExpressions(limit);
    if (isPropertyAccessExpression(l) && l.name.text === 'length') return isBoundedCollection(model, file, l.expression);
  }
  return false;
}

/**
 * `if (count >= MAX) break;` / `return` / `throw` inside the loop body (or
 * the function, for recursion): the code stops on a budget. A known MAX above
 * the policy budget does not count.
 */
function hasBudgetCheck(model: ProjectModel, file: FileIndex, body: ts.Node): boolean {
  let found = false;
  const budget = model.policy.queries.budget;
  const stops = (s: ts.Statement): boolean => {
    let stop = false;
    const visit = (n: ts.Node): void => {
      if (stop || isFunctionLike(n)) return;
      if (isBreakStatement(n) || isReturnStatement(n) || isThrowStatement(n)) stop = true;
      else forEachChild(n, visit);
    };
    visit(s);
    return stop;
  };
  const comparesWithBudget = (cond: ts.Expression): boolean => {
    const e = skipOuterExpressions(cond);
    if (!isBinaryExpression(e)) return false;
    const op = e.operatorToken.kind;
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.AmpersandAmpersandToken) return comparesWithBudget(e.left) || comparesWithBudget(e.right);
    const limit =
      op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.GreaterThanToken || op === SyntaxKind.EqualsEqualsEqualsToken
        ? e.right
        : op === SyntaxKind.LessThanEqualsToken || op === SyntaxKind.LessThanToken
          ? e.left
          : undefined;
    if (!limit) return false;
    const n = numberValue(model, file, limit);
    if (n !== undefined) return n <= budget;
    // an unresolved limit (`config.maxQueries`): a budget the code checks, value set elsewhere
    const l = skipOuterExpressions(limit);
    return isIdentifier(l) || isPropertyAccessExpression(l);
  };
  const visit = (n: ts.Node): void => {
    if (found || (n !== body && isFunctionLike(n))) return;
    if (isIfStatement(n) && comparesWithBudget(n.expression) && stops(n.thenStatement)) found = true;
    else forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** Is `call` a call through a limiter (policy `queries.limiters`, or an instance of p-limit, bottleneck, p-queue, …)? */
export function isLimiterCall(model: ProjectModel, file: FileIndex, call: ts.CallExpression): boolean {
  if (matchesAnyCallee(calleeChain(call.expression), model.policy.queries.limiters)) return true;
  const callee = skipOuterExpressions(call.expression);
  const method = isPropertyAccessExpression(callee) ? callee.name.text : '()';
  const target = isPropertyAccessExpression(callee) ? callee.expression : callee;
  const origin = packageOfInstance(model, file, target);
  if (origin && (LIMITER_PACKAGES[origin] ?? []).includes(method)) return true;
  // pMap(items, mapper, { concurrency }) is itself the iteration, bounded by concurrency
  return false;
}

/** The package a value was created from: `pLimit(5)`, `new Bottleneck({...})`, `new PQueue({...})`, `new Queue('x')` of bull. */
function packageOfInstance(model: ProjectModel, file: FileIndex, expr: ts.Expression): string | undefined {
  return creationOf(model, file, expr)?.module;
}

function creationOf(model: ProjectModel, file: FileIndex, expr: ts.Expression): { module: string; created: ts.CallExpression | ts.NewExpression } | undefined {
  const e = skipOuterExpressions(expr);
  let init: ts.Expression | undefined;
  if (isIdentifier(e)) {
    const local = findLocalDeclaration(e);
    if (local && isVariableDeclaration(local)) init = local.initializer;
  }
  if (!init && (isIdentifier(e) || isPropertyAccessExpression(e))) {
    const resolved = model.resolveExpression(file, e);
    const value = resolved && model.valueNode(resolved.node);
    if (value && isExpression(value) && value !== e) init = value;
    if (resolved && isParameter(resolved.node)) return undefined;
  }
  if (!init) return undefined;
  const i = skipOuterExpressions(init);
  const creator = isCallExpression(i) || isNewExpression(i) ? i.expression : undefined;
  if (!creator) return undefined;
  const origin = clientOrigin(model, file, creator);
  return origin?.kind === 'module' ? { module: origin.module, created: i as ts.CallExpression | ts.NewExpression } : undefined;
}

const RXJS_FAN_OUT = new Set(['mergeMap', 'flatMap', 'concatMap', 'switchMap', 'exhaustMap', 'mergeScan', 'concatMapTo', 'mergeMapTo']);
const ASYNC_LIMITED = new Set(['eachLimit', 'forEachLimit', 'mapLimit', 'eachOfLimit', 'forEachOfLimit', 'filterLimit', 'timesLimit', 'mapValuesLimit', 'concatLimit', 'detectLimit', 'someLimit', 'everyLimit', 'rejectLimit', 'groupByLimit', 'sortByLimit']);
const ASYNC_ITERATION = new Set(['each', 'forEach', 'map', 'eachSeries', 'forEachSeries', 'mapSeries', 'eachOf', 'forEachOf', 'eachOfSeries', 'filter', 'filterSeries', 'concat', 'concatSeries', 'times', 'timesSeries', 'mapValues', 'mapValuesSeries', 'detect', 'some', 'every', 'reject', 'groupBy', 'sortBy']);
const STREAM_EVENTS = new Set(['data', 'line', 'row', 'record', 'readable', 'message']);

/**
 * A library that runs a callback once per element of a source the code does
 * not bound: RxJS fan-out operators (`from(ids).pipe(mergeMap(q))`), the
 * `async` package (`async.each`, `mapSeries`, … — the `…Limit` forms bound
 * concurrency), bull/bullmq workers (a job per queued item; a `concurrency`
 * or a rate `limiter` bounds them), stream events (`parser.on('data', …)`
 * over a CSV). `bounded` says what bounds it, if anything.
 */
export function libraryIteration(model: ProjectModel, file: FileIndex, call: ts.CallExpression | ts.NewExpression, callback: ts.Node): { method: string; by?: BoundedRepetition['by'] } | undefined {
  const callee = skipOuterExpressions(call.expression);
  const args = call.arguments ?? factory.createNodeArray<ts.Expression>();
  const origin = isIdentifier(callee) || isPropertyAccessExpression(callee) ? clientOrigin(model, file, isPropertyAccessExpression(callee) ? callee.expression : callee) : undefined;
  // RxJS: mergeMap(fn, concurrency) / concatMap(fn) inside `source.pipe(...)`
  if (isCallExpression(call) && isIdentifier(callee)) {
    const imp = file.imports.get(callee.text);
    if (imp && (imp.module === 'rxjs' || imp.module === 'rxjs/operators') && RXJS_FAN_OUT.has(imp.imported) && args[0] === callback) {
      const concurrency = (imp.imported === 'mergeMap' || imp.imported === 'flatMap') && args[1] ? numberValue(model, file, args[1]) : undefined;
      if (concurrency !== undefined && concurrency >= 1) return { method: imp.imported, by: 'limiter' };
      return { method: imp.imported, by: rxjsSourceBounded(model, file, call) ? 'static' : undefined };
    }
  }
  // async.each(list, fn) / async.eachLimit(list, n, fn) / import { mapLimit } from 'async'
  const asyncName = isPropertyAccessExpression(callee) && origin?.kind === 'module' && origin.module === 'async' ? callee.name.text : isIdentifier(callee) && file.imports.get(callee.text)?.module === 'async' ? file.imports.get(callee.text)!.imported : undefined;
  if (asyncName && ASYNC_LIMITED.has(asyncName)) return { method: `async.${asyncName}`, by: 'limiter' };
  if (asyncName && ASYNC_ITERATION.has(asyncName)) return { method: `async.${asyncName}`, by: args[0] && isBoundedCollection(model, file, args[0]) ? 'static' : undefined };
  // bullmq: new Worker(name, processor, { concurrency, limiter })
  if (isNewExpression(call) && isIdentifier(callee) && file.imports.get(callee.text)?.module === 'bullmq' && file.imports.get(callee.text)?.imported === 'Worker') {
    const opts = args[2] ? objectLiteralOf(model, file, args[2]) : undefined;
    return { method: 'Worker', by: opts && propertyValue(opts.object, 'concurrency', 'limiter') ? 'limiter' : undefined };
  }
  if (!isCallExpression(call) || !isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  // bull: queue.process([name], [concurrency], fn), the queue created by `new Queue(name, { limiter })`
  if (method === 'process') {
    const created = creationOf(model, file, callee.expression);
    if (created && (created.module === 'bull' || created.module === 'bullmq' || created.module === 'bee-queue')) {
      const concurrency = args.find((a) => a !== callback && numberValue(model, file, a) !== undefined);
      const options = created.created.arguments?.[1] ? objectLiteralOf(model, file, created.created.arguments[1]) : undefined;
      return { method: 'process', by: concurrency || (options && propertyValue(options.object, 'limiter')) ? 'limiter' : undefined };
    }
  }
  // stream.on('data', row => …): once per row of a CSV, a line of a file, a message of a queue
  if ((method === 'on' || method === 'addListener') && args[1] === callback && args[0] && isStringLiteralLike(args[0]) && STREAM_EVENTS.has(args[0].text)) {
    return { method: `on('${args[0].text}')` };
  }
  return undefined;
}

const NEST_QUEUE_MODULES = new Set(['@nestjs/bull', '@nestjs/bullmq']);

/**
 * NestJS queue processors: `@Process()` methods of `@nestjs/bull`, and the
 * `process(job)` method of a `@Processor(…) class extends WorkerHost` of
 * `@nestjs/bullmq`. Bounded by `@Process({ concurrency })` or the
 * processor's worker options (`@Processor('q', { concurrency, limiter })`).
 */
function nestQueueWorker(model: ProjectModel, file: FileIndex, method: ts.MethodDeclaration): { method: string; by?: BoundedRepetition['by'] } | undefined {
  const fromNest = (d: ts.Decorator, name: string): ts.CallExpression | undefined => {
    const e = skipOuterExpressions(d.expression);
    const call = isCallExpression(e) ? e : undefined;
    const id = call && isIdentifier(call.expression) ? call.expression : undefined;
    return id && id.text === name && NEST_QUEUE_MODULES.has(file.imports.get(name)?.module ?? '') ? call : undefined;
  };
  const options = (arg: ts.Expression | undefined) => (arg ? objectLiteralOf(model, file, arg) : undefined);
  const limited = (o: ReturnType<typeof options>) => (o && propertyValue(o.object, 'concurrency', 'limiter') ? 'limiter' : undefined);
  for (const d of getDecorators(method) ?? []) {
    const process = fromNest(d, 'Process');
    if (process) return { method: '@Process', by: limited(options(process.arguments.find((a) => isObjectLiteralExpression(skipOuterExpressions(a))))) };
  }
  const cls = method.parent;
  if (!isClassDeclaration(cls) || method.name.getText(file.sourceFile) !== 'process') return undefined;
  if (!cls.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(file.sourceFile) === 'WorkerHost'))) return undefined;
  for (const d of getDecorators(cls) ?? []) {
    const processor = fromNest(d, 'Processor');
    if (processor) return { method: '@Processor', by: limited(options(processor.arguments[1])) ?? limited(options(processor.arguments[0])) };
  }
  return undefined;
}

/** The source of `source.pipe(…, op(fn))` is `from(boundedList)` / `of(a, b)`, or a `take(N)` comes before the operator. */
function rxjsSourceBounded(model: ProjectModel, file: FileIndex, operator: ts.CallExpression): boolean {
  const pipe = operator.parent;
  if (!isCallExpression(pipe) || !isPropertyAccessExpression(pipe.expression) || pipe.expression.name.text !== 'pipe') return false;
  const budget = model.policy.queries.budget;
  for (const a of pipe.arguments) {
    if (a === operator) break;
    const e = skipOuterExpressions(a);
    if (isCallExpression(e) && isIdentifier(e.expression) && (e.expression.text === 'take' || e.expression.text === 'first') && (e.expression.text === 'first' || (e.arguments[0] && (numberValue(model, file, e.arguments[0]) ?? Infinity) <= budget))) return true;
  }
  const source = skipOuterExpressions(pipe.expression.expression);
  if (isCallExpression(source) && isIdentifier(source.expression)) {
    const imp = file.imports.get(source.expression.text);
    if (imp?.module !== 'rxjs') return false;
    if (imp.imported === 'of') return source.arguments.length <= budget && !source.arguments.some(isSpreadElement);
    if (imp.imported === 'from' && source.arguments[0]) return isBoundedCollection(model, file, source.arguments[0]);
  }
  return false;
}

/** The callback argument of an iteration call: `ids.map(cb)`, `Array.from(x, cb)`, `pMap(items, cb)`. */
function iterationOf(call: ts.CallExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (isPropertyAccessExpression(callee) && ITERATION_METHODS.has(callee.name.text)) return callee.name.text;
  return undefined;
}

/** The receiver of `xs.map(...)`. */
function iterationReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee)) return undefined;
  // Array.from({ length: n }, cb): the call itself decides (isBoundedCollection reads its `length`)
  if (callee.name.text === 'from' && isIdentifier(callee.expression) && callee.expression.text === 'Array') return call;
  return callee.expression;
}

/**
 * The first unbounded repetition around a node, walking out through loops and
 * inline callbacks to the enclosing named function, then recursion of that
 * function. Undefined when every repetition is bounded, limited or budgeted.
 */
export function unboundedRepetition(model: ProjectModel, file: FileIndex, node: ts.Node, onBounded?: (bounded: BoundedRepetition) => void): Repetition | undefined {
  // the assessor's inventory asks what bounds each repetition the walk passes over; the rule does not
  const bounded = (r: BoundedRepetition): void => onBounded?.(r);
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n; child = n, n = n.parent) {
    if ((isCallExpression(n) || isNewExpression(n)) && n.arguments?.includes(child as ts.Expression) && isFunctionArgument(child)) {
      // the node runs inside a callback passed to n
      const library = libraryIteration(model, file, n, child);
      if (library) {
        if (!library.by) return { kind: 'iteration', node: n, method: library.method };
        bounded({ kind: 'iteration', node: n, method: library.method, by: library.by });
        if (library.by === 'limiter') return undefined;
        continue;
      }
      if (isNewExpression(n)) continue;
      if (isLimiterCall(model, file, n) || isPMap(model, file, n)) {
        bounded({ kind: 'iteration', node: n, by: 'limiter' });
        return undefined;
      }
      // polling with setInterval repeats the query for as long as the process runs
      const timer = skipOuterExpressions(n.expression);
      if (isIdentifier(timer) && timer.text === 'setInterval') {
        if (!hasBudgetCheck(model, file, child)) return { kind: 'interval', node: n };
        bounded({ kind: 'interval', node: n, by: 'budget' });
        continue;
      }
      const method = iterationOf(n);
      if (method) {
        const receiver = iterationReceiver(n);
        if (receiver && isBoundedCollection(model, file, receiver)) {
          bounded({ kind: 'iteration', node: n, method, by: 'static' });
          continue;
        }
        if (hasBudgetCheck(model, file, child)) {
          bounded({ kind: 'iteration', node: n, method, by: 'budget' });
          return undefined;
        }
        return { kind: 'iteration', node: n, method };
      }
      continue;
    }
    const loop = loopParts(n, node);
    if (loop) {
      if (loop.kind === 'for' || loop.kind === 'while' || loop.kind === 'do-while' ? isBoundedCondition(model, file, loop.bound) : isBoundedCollection(model, file, loop.bound!)) {
        bounded({ kind: loop.kind, node: n, by: 'static' });
        continue;
      }
      if (hasBudgetCheck(model, file, loop.body)) {
        bounded({ kind: loop.kind, node: n, by: 'budget' });
        return undefined;
      }
      return { kind: loop.kind, node: n };
    }
    if (isFunctionLike(n)) {
      const recursive = recursiveCall(model, file, n);
      if (recursive && !hasBudgetCheck(model, file, n)) return { kind: 'recursion', node: recursive };
      if (recursive) bounded({ kind: 'recursion', node: recursive, by: 'budget' });
      // a NestJS queue processor runs once per queued job
      const worker = isMethodDeclaration(n) ? nestQueueWorker(model, file, n) : undefined;
      if (worker) {
        if (!worker.by) return { kind: 'iteration', node: n, method: worker.method };
        bounded({ kind: 'iteration', node: n, method: worker.method, by: worker.by });
      }
      // a named function ends the walk: its callers' loops are checked where they are (the call is a query site there)
      if (!isInlineCallback(n)) return undefined;
    }
  }
  return undefined;
}

/** How an iteration reads in a message: `.map(…)`, `async.each(…)`, `new Worker(…)`, `.on('data', …)`, `@Process() worker`. */
export function iterationLabel(method: string): string {
  if (method.startsWith('@')) return `${method}() worker`;
  if (method === 'Worker') return 'new Worker(…)';
  if (method.startsWith('on(')) return `.${method.slice(0, -1)}, …)`;
  if (method.includes('.')) return `${method}(…)`;
  return `.${method}(…)`;
}

/** A repetition the walk found bounded, and by what: a static bound, a limiter, or a budget check that stops it. */
export interface BoundedRepetition extends Repetition {
  by: 'static' | 'limiter' | 'budget';
}

/** A loop statement around `node` (in its body, condition or incrementor): its kind, what bounds it (condition or collection) and its body. */
function loopParts(n: ts.Node, node: ts.Node): { kind: RepetitionKind; bound: ts.Expression | undefined; body: ts.Node } | undefined {
  if (isForOfStatement(n) && within(node, n.statement)) return { kind: 'for-of', bound: n.expression, body: n.statement };
  if (isForInStatement(n) && within(node, n.statement)) return { kind: 'for-in', bound: n.expression, body: n.statement };
  if (isForStatement(n) && (within(node, n.statement) || (n.condition && within(node, n.condition)) || (n.incrementor && within(node, n.incrementor)))) {
    return { kind: 'for', bound: n.condition, body: n.statement };
  }
  if ((isWhileStatement(n) || isDoStatement(n)) && (within(node, n.statement) || within(node, n.expression))) {
    return { kind: isWhileStatement(n) ? 'while' : 'do-while', bound: n.expression, body: n.statement };
  }
  return undefined;
}

function isFunctionArgument(node: ts.Node): boolean {
  const e = isExpression(node) ? skipOuterExpressions(node) : node;
  return isArrowFunction(e) || isFunctionExpression(e);
}

/** A function passed straight to a call (`ids.map(id => …)`, `limit(async () => …)`): it runs as part of that call. */
export function isInlineCallback(fn: ts.Node): boolean {
  let p = fn.parent;
  while (isParenthesizedExpression(p)) p = p.parent;
  return (isCallExpression(p) || isNewExpression(p)) && (p.arguments ?? []).some((a) => skipOuterExpressions(a) === fn);
}

/** `pMap(items, mapper, { concurrency: N })` from p-map. */
function isPMap(model: ProjectModel, file: FileIndex, call: ts.CallExpression): boolean {
  const origin = clientOrigin(model, file, call.expression);
  return origin?.kind === 'module' && origin.module === 'p-map';
}

const isNamedFunctionOrClass = (n: ts.Node) => isFunctionDeclaration(n) || isMethodDeclaration(n) || isClassLike(n);

/** A call inside a function's own body that reaches the function itself. */
function recursiveCall(model: ProjectModel, file: FileIndex, fn: ts.Node): ts.CallExpression | undefined {
  const info = file.functionByNode.get(fn);
  if (!info) return undefined;
  return model.memo('query.recursive', info.memoKey, () => {
    // the calls inside the function from the file index's source-ordered list (no walk), less those of nested named functions and classes
    for (const call of nodesWithin(file.calls, fn)) {
      if (isNestedUnder(call, fn, isNamedFunctionOrClass)) continue;
      if (model.resolveCall(file, call)?.info.key === info.key) return call;
    }
    return undefined;
  }, undefined);
}
