import ts from 'typescript';
import { dependencyRecorder as recorder, type Recorded } from './dependencies';
import { calleeChain, skipOuterExpressions } from '../callee';
import { isFunctionLike, type FileIndex, type FunctionLike } from './file-index';
import type { ProjectModel, StringPart } from './model';
import { projectConfig } from './project-config';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  NodeFlags, SyntaxKind, factory, forEachChild, isArrayLiteralExpression, isAwaitExpression, isBinaryExpression, isBindingElement,
  isBlock, isCallExpression, isClassLike, isConditionalExpression, isConstructorDeclaration, isElementAccessExpression,
  isEnumMember, isExpression, isExpressionStatement, isGetAccessorDeclaration, isIdentifier, isMetaProperty, isNewExpression,
  isNumericLiteral, isObjectLiteralExpression, isParameter, isParenthesizedExpression, isPropertyAccessExpression,
  isPropertyAssignment, isPropertyDeclaration, isReturnStatement, isShorthandPropertyAssignment, isSourceFile, isSpreadElement,
  isStringLiteralLike, isTaggedTemplateExpression, isTemplateExpression, isVariableDeclaration,
} = ts;

/**
 * Static string evaluation with alternatives. An expression evaluates to a
 * bounded set of *candidates*, each a list of parts (text, env var, unknown):
 * `a ? x : y`, `x || y`, `x ?? y`, a function with several `return`s (a
 * `switch` that returns strings), a lookup table indexed by a variable, a
 * parameter that different callers fill differently. A request is a
 * population-DB query when any candidate is a population-DB URL, and
 * unregistered when any such candidate is (docs/query-model.md).
 *
 * Cost: every result computed without parameter bindings is memoized per node
 * (a WeakMap, dropped with the project model's memo, or per result when it
 * is out of date: see `current`), so a constant read by a
 * thousand calls is evaluated once; a call with arguments is memoized per call
 * node. Candidate sets are capped at MAX_CANDIDATES (a product of two sets is
 * truncated), and a depth guard returns "unknown" instead of overflowing the
 * stack on deep input. A result that hit the guard or a cycle is not memoized:
 * it is only a lower bound of what a shallower evaluation finds.
 */

export const MAX_CANDIDATES = 8;
const MAX_DEPTH = 48;

/** One alternative value of a string expression. */
export interface Candidate {
  parts: StringPart[];
  /**
   * Names of configuration values the text came from (`.env` DANCU_URL,
   * `config/default.json` dancu.url): such a URL is checked where it is
   * written, in the config file, not again at every request that reads it.
   */
  config?: string[];
}

/** A parameter bound to the argument a caller passes (one level: the argument is evaluated without further parameter hops). */
interface Bindings {
  params: Map<ts.ParameterDeclaration, { file: FileIndex; expr: ts.Expression | undefined }>;
}

const text = (t: string): StringPart => ({ kind: 'text', text: t });

export function mergeParts(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else if (!(p.kind === 'text' && p.text === '')) out.push(p);
  }
  return out.length ? out : [{ kind: 'text', text: '' }];
}

function withConfig(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a?.length) return b;
  if (!b?.length) return a;
  return [...new Set([...a, ...b])];
}

/** The concatenation of candidate sets, each with each, capped. */
export function concatCandidates(...sets: Candidate[][]): Candidate[] {
  let acc: Candidate[] = [{ parts: [] }];
  for (const set of sets) {
    const next: Candidate[] = [];
    for (const a of acc) {
      for (const b of set) {
        if (next.length >= MAX_CANDIDATES) break;
        next.push({ parts: [...a.parts, ...b.parts], config: withConfig(a.config, b.config) });
      }
    }
    acc = next;
  }
  return acc.map((c) => ({ ...c, parts: mergeParts(c.parts) }));
}

/** The union of candidate sets, without duplicates, capped. */
export function unionCandidates(...sets: Candidate[][]): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const set of sets) {
    for (const c of set) {
      const key = c.parts.map((p) => (p.kind === 'text' ? `t${p.text}` : p.kind === 'env' ? `e${p.name}` : `u${p.node.pos}:${p.node.end}`)).join('\u0001');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
      if (out.length >= MAX_CANDIDATES) return out;
    }
  }
  return out;
}

/** The text of a candidate when every part is known. */
const fullText = (c: Candidate): string | undefined => (c.parts.every((p) => p.kind === 'text') ? c.parts.map((p) => (p as { text: string }).text).join('') : undefined);

/**
 * What each memoized result was derived from, while a host records
 * dependencies (`--cache`, project/dependencies.ts), keyed by the result
 * itself: a hit replays them. Two computations that return the same array
 * merge theirs (a superset is always safe).
 */
const recordedResults = new WeakMap<object, Recorded & { epoch: number }>();

function recording(model: ProjectModel, compute: () => Candidate[]): Candidate[] {
  if (!recorder.active) return compute();
  const epoch = model.currentFactEpoch();
  const { value, recorded } = recorder.capture(compute);
  if (recorded) {
    const previous = recordedResults.get(value);
    recordedResults.set(value, previous ? { deps: new Set([...previous.deps, ...recorded.deps]), pending: [...previous.pending, ...recorded.pending], epoch: Math.min(previous.epoch, epoch) } : { ...recorded, epoch });
  }
  return value;
}

function replayed(result: Candidate[]): Candidate[] {
  if (recorder.active) recorder.replay(recordedResults.get(result));
  return result;
}

/**
 * Is a memoized result still current? Always in the CLI (its tables are
 * dropped with the memo on every change); while every fact is recorded (the
 * language server), one derived from a file that changed since is not
 * (`ProjectModel.isCurrent`). Tables are keyed by node, and a changed file
 * is parsed again: its own nodes are never asked for again.
 */
function current(model: ProjectModel, result: Candidate[] | undefined): result is Candidate[] {
  if (!result || !recorder.alwaysOn) return !!result;
  const r = recordedResults.get(result);
  if (!r) return true;
  const epoch = model.currentFactEpoch();
  if (r.epoch === epoch) return true;
  if (!model.isCurrent(r.epoch, r)) return false;
  r.epoch = epoch;
  return true;
}

/**
 * The one candidate that stands for the set where a single value is asked for
 * (`evaluateString`): a policy-mapped env var, else a fully known text, else
 * one that starts with text, else the first.
 */
export function representative(cands: readonly Candidate[], envEndpoints: readonly string[]): Candidate {
  return (
    cands.find((c) => c.parts[0]?.kind === 'env' && envEndpoints.includes(c.parts[0].name)) ??
    cands.find((c) => fullText(c) !== undefined) ??
    cands.find((c) => c.parts[0]?.kind === 'text' && c.parts[0].text !== '') ??
    cands[0]
  );
}

interface Tables {
  memo: WeakMap<ts.Node, Candidate[]>;
  returns: WeakMap<ts.Node, Candidate[]>;
  callerArgs: WeakMap<ts.Node, Candidate[]>;
}

export class Evaluator {
  private memo = new WeakMap<ts.Node, Candidate[]>();
  private returnsMemo = new WeakMap<ts.Node, Candidate[]>();
  private callerArgsMemo = new WeakMap<ts.Node, Candidate[]>();
  private tables: Tables | undefined;
  private readonly active = new Set<ts.Node>();
  /** Bumped whenever a result was cut short (depth guard, cycle): such results are not memoized. */
  private incomplete = 0;

  constructor(private readonly model: ProjectModel) {}

  /** The memo tables live in the model's memo, so they are dropped whenever the model drops derived facts (a file changed, even a buffer that is not an overlay). */
  private sync(): void {
    const tables = this.model.memo<Tables>('evaluate.tables', '', () => ({ memo: new WeakMap(), returns: new WeakMap(), callerArgs: new WeakMap() }), { memo: this.memo, returns: this.returnsMemo, callerArgs: this.callerArgsMemo });
    if (tables !== this.tables) {
      this.tables = tables;
      this.memo = tables.memo;
      this.returnsMemo = tables.returns;
      this.callerArgsMemo = tables.callerArgs;
    }
  }

  /**
   * Results cut short by the depth guard, kept for the current top-level
   * evaluation only: without them a chain of branching constants that meets
   * the guard would be re-walked once per path (exponential), with them each
   * node is walked once per top-level question.
   */
  private scratch: Map<ts.Node, Candidate[]> | undefined;

  /** Every candidate value of a string expression. */
  candidates(file: FileIndex, expr: ts.Expression): Candidate[] {
    this.sync();
    if (this.scratch) return this.eval(file, expr, undefined, 0);
    this.scratch = new Map();
    try {
      return this.eval(file, expr, undefined, 0);
    } finally {
      this.scratch = undefined;
    }
  }

  /**
   * An expression inside a function, evaluated for one call of it: the
   * function's parameters bound to that call's arguments (one level). Lets a
   * wrapper call be judged by what it passes (`goiApi(thueUrl(), …)` is not a
   * population-DB query even when another caller's `goiApi(dancuBase, …)` is).
   */
  candidatesForCall(fnFile: FileIndex, fn: FunctionLike, expr: ts.Expression, callerFile: FileIndex, call: ts.CallExpression | ts.NewExpression): Candidate[] {
    this.sync();
    const params = new Map<ts.ParameterDeclaration, { file: FileIndex; expr: ts.Expression | undefined }>();
    fn.parameters.forEach((p, i) => {
      const arg = call.arguments?.[i];
      params.set(p, { file: callerFile, expr: arg && !isSpreadElement(arg) ? arg : undefined });
    });
    const outer = this.scratch;
    this.scratch ??= new Map();
    try {
      return this.eval(fnFile, expr, { params }, 0);
    } finally {
      this.scratch = outer;
    }
  }

  private unknown(e: ts.Node): Candidate[] {
    return [{ parts: [{ kind: 'unknown', node: e }] }];
  }

  private eval(file: FileIndex, expr: ts.Expression, bindings: Bindings | undefined, depth: number): Candidate[] {
    const e = skipOuterExpressions(expr);
    if (depth > MAX_DEPTH) {
      this.incomplete++;
      return this.unknown(e);
    }
    if (!bindings) {
      const cached = this.memo.get(e) ?? this.scratch?.get(e);
      if (current(this.model, cached)) return replayed(cached);
    }
    if (this.active.has(e)) {
      this.incomplete++;
      return this.unknown(e);
    }
    this.active.add(e);
    const before = this.incomplete;
    let result: Candidate[];
    try {
      result = bindings ? this.compute(file, e, bindings, depth) : recording(this.model, () => this.compute(file, e, bindings, depth));
    } finally {
      this.active.delete(e);
    }
    if (!bindings) (this.incomplete === before ? this.memo : this.scratch)?.set(e, result);
    return result;
  }

  private compute(file: FileIndex, e: ts.Expression, bindings: Bindings | undefined, depth: number): Candidate[] {
    const next = (x: ts.Expression, f: FileIndex = file, b: Bindings | undefined = bindings) => this.eval(f, x, b, depth + 1);
    if (isStringLiteralLike(e) || isNumericLiteral(e)) return [{ parts: [text(e.text)] }];
    if (isTemplateExpression(e)) {
      const sets: Candidate[][] = [[{ parts: [text(e.head.text)] }]];
      for (const span of e.templateSpans) sets.push(next(span.expression), [{ parts: [text(span.literal.text)] }]);
      return concatCandidates(...sets);
    }
    // a tagged helper (`url\`${BASE}/x\``, `sql`-style builders): its text is the template's
    if (isTaggedTemplateExpression(e)) return next(e.template);
    if (isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === SyntaxKind.PlusToken) return concatCandidates(...plusOperands(e).map((x) => next(x)));
      if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) return unionCandidates(next(e.left), next(e.right));
      if (op === SyntaxKind.AmpersandAmpersandToken) return next(e.right);
      if (op === SyntaxKind.CommaToken) return next(e.right);
      return this.unknown(e);
    }
    if (isConditionalExpression(e)) return unionCandidates(next(e.whenTrue), next(e.whenFalse));
    if (isAwaitExpression(e)) return next(e.expression);
    const envName = envVariable(e);
    if (envName) return this.envCandidates(envName);
    if (isNewExpression(e) && isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.length) {
      return this.urlConstructor(e.arguments, (x) => next(x));
    }
    if (isPropertyAccessExpression(e) && (e.name.text === 'href' || e.name.text === 'toString')) {
      const inner = skipOuterExpressions(e.expression);
      if (isNewExpression(inner) || isIdentifier(inner)) return next(inner);
    }
    if (isCallExpression(e)) return this.call(file, e, bindings, depth);
    if (isIdentifier(e) || isPropertyAccessExpression(e) || isElementAccessExpression(e)) return this.reference(file, e, bindings, depth);
    return this.unknown(e);
  }

  /** `process.env.X` / `import.meta.env.X`: the deployment value, and what the project's `.env` files set it to. */
  private envCandidates(name: string): Candidate[] {
    const values = projectConfig(this.model).envValues(name);
    return unionCandidates([{ parts: [{ kind: 'env', name }] }], values.map((v) => ({ parts: [text(v)], config: [name] })));
  }

  private urlConstructor(args: ts.NodeArray<ts.Expression>, next: (x: ts.Expression) => Candidate[]): Candidate[] {
    const inputs = next(args[0]);
    if (args.length < 2) return inputs;
    const bases = next(args[1]);
    const out: Candidate[] = [];
    for (const input of inputs) {
      for (const base of bases) out.push(resolveUrl(base, input, args[0]));
    }
    return unionCandidates(out);
  }

  private call(file: FileIndex, e: ts.CallExpression, bindings: Bindings | undefined, depth: number): Candidate[] {
    const next = (x: ts.Expression) => this.eval(file, x, bindings, depth + 1);
    const callee = skipOuterExpressions(e.expression);
    const args = e.arguments;
    if (isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const receiver = skipOuterExpressions(callee.expression);
      // x.toString(), x.trim(), String(x): the same text
      if ((method === 'toString' || method === 'trim' || method === 'valueOf') && args.length === 0) return next(receiver);
      // 'a'.concat(b, c)
      if (method === 'concat' && !isArrayLiteralExpression(receiver)) return concatCandidates(next(receiver), ...args.map(next));
      // [base, 'tra-cuu'].join('/')
      if (method === 'join' && isArrayLiteralExpression(receiver) && !receiver.elements.some(isSpreadElement)) {
        const sep = args[0] ? next(args[0]) : [{ parts: [text(',')] }];
        const sets: Candidate[][] = [];
        receiver.elements.forEach((el, i) => {
          if (i) sets.push(sep);
          sets.push(next(el));
        });
        return sets.length ? concatCandidates(...sets) : [{ parts: [text('')] }];
      }
      const chain = calleeChain(callee);
      // path.posix.join / path.join / url.resolve / urljoin on URL text
      if (chain && this.isModule(file, chain[0], ['path', 'node:path']) && chain.at(-1) === 'join') return this.joinSegments(args.map(next));
      if (chain && chain.length === 2 && chain[1] === 'resolve' && this.isModule(file, chain[0], ['url', 'node:url']) && args.length === 2) {
        return this.urlConstructor(factory.createNodeArray([args[1], args[0]]), next);
      }
      // configuration readers: config.get('dancu.url'), this.configService.get('DANCU_URL')
      const configured = this.configRead(file, callee, args, depth);
      if (configured) return configured;
    }
    if (isIdentifier(callee)) {
      if (callee.text === 'String' && args.length === 1) return next(args[0]);
      const imp = file.imports.get(callee.text);
      if (imp && (imp.module === 'url-join' || imp.module === 'proper-url-join')) return this.joinSegments(args.map(next));
      if (imp && (imp.module === 'path' || imp.module === 'node:path' || imp.module === 'path/posix') && imp.imported === 'join') return this.joinSegments(args.map(next));
      if (imp && (imp.module === 'url' || imp.module === 'node:url') && imp.imported === 'resolve' && args.length === 2) {
        return this.urlConstructor(factory.createNodeArray([args[1], args[0]]), next);
      }
    }
    return this.returnValue(file, e, depth);
  }

  private isModule(file: FileIndex, local: string, modules: string[]): boolean {
    const imp = file.imports.get(local);
    return !!imp && modules.includes(imp.module);
  }

  /** Segments joined by single slashes (`path.posix.join`, `url-join`), the scheme's `//` kept. */
  private joinSegments(sets: Candidate[][]): Candidate[] {
    const pieces: Candidate[][] = [];
    sets.forEach((set, i) => {
      if (i) pieces.push([{ parts: [text('/')] }]);
      pieces.push(set);
    });
    return concatCandidates(...pieces).map((c) => ({
      ...c,
      parts: c.parts.map((p) => (p.kind === 'text' ? text(p.text.replace(/(^|[^:/])\/{2,}/g, '$1/')) : p)),
    }));
  }

  private configRead(file: FileIndex, callee: ts.PropertyAccessExpression, args: ts.NodeArray<ts.Expression>, depth: number): Candidate[] | undefined {
    if ((callee.name.text !== 'get' && callee.name.text !== 'getOrThrow') || !args[0]) return undefined;
    const keys = this.eval(file, args[0], undefined, depth + 1)
      .map(fullText)
      .filter((k): k is string => k !== undefined);
    if (!keys.length) return undefined;
    const source = projectConfig(this.model).readerKind(file, callee.expression);
    if (!source) return undefined;
    const sets = keys.map((key) => projectConfig(this.model).read(source, key, (f, x) => this.eval(f, x, undefined, depth + 1)));
    return unionCandidates(...sets);
  }

  /**
   * The value a project function returns at this call: its `return`s, its
   * parameters bound to the arguments. The arguments are evaluated without the
   * caller's own bindings (one level), so the result depends on the call node
   * alone and is memoized by it.
   */
  private returnValue(file: FileIndex, call: ts.CallExpression, depth: number): Candidate[] {
    const cached = this.returnsMemo.get(call) ?? this.scratch?.get(call);
    if (current(this.model, cached)) return replayed(cached);
    return recording(this.model, () => this.computeReturnValue(file, call, depth));
  }

  private computeReturnValue(file: FileIndex, call: ts.CallExpression, depth: number): Candidate[] {
    const target = this.model.resolveCall(file, call);
    if (!target) return this.unknown(call);
    const fn = target.info.node;
    const params = new Map<ts.ParameterDeclaration, { file: FileIndex; expr: ts.Expression | undefined }>();
    fn.parameters.forEach((p, i) => {
      const arg = call.arguments[i];
      params.set(p, { file, expr: arg && !isSpreadElement(arg) ? arg : undefined });
    });
    const before = this.incomplete;
    const inner: Bindings = { params };
    const result = unionCandidates(...returnExpressions(fn).map((r) => this.eval(target.file, r, inner, depth + 1)));
    const out = result.length ? result : this.unknown(call);
    (this.incomplete === before ? this.returnsMemo : this.scratch)?.set(call, out);
    return out;
  }

  private reference(file: FileIndex, e: ts.Identifier | ts.PropertyAccessExpression | ts.ElementAccessExpression, bindings: Bindings | undefined, depth: number): Candidate[] {
    const next = (x: ts.Expression, f: FileIndex) => this.eval(f, x, bindings, depth + 1);
    // TABLE[kind]: every value of a lookup table
    if (isElementAccessExpression(e) && !isStringLiteralLike(e.argumentExpression) && !isNumericLiteral(e.argumentExpression)) {
      const table = this.model.resolveExpression(file, e.expression);
      const value = table && this.model.valueNode(table.node);
      const owner = table && this.model.ownerIndex(table);
      if (value && owner && isObjectLiteralExpression(value)) {
        const sets = value.properties.filter(isPropertyAssignment).map((p) => this.eval(owner, p.initializer, undefined, depth + 1));
        return sets.length ? unionCandidates(...sets) : this.unknown(e);
      }
      return this.unknown(e);
    }
    const resolved = this.model.resolveExpression(file, e);
    if (!resolved) return this.unknown(e);
    const node = resolved.node;
    const owner = this.model.ownerIndex(resolved);
    if (!owner) return this.unknown(e);
    if (isParameter(node)) return this.parameter(owner, node, bindings, depth, e);
    // a getter of a config class: `get baseUrl() { return … }`
    if (isGetAccessorDeclaration(node)) return unionCandidates(...returnExpressions(node).map((r) => this.eval(owner, r, undefined, depth + 1)));
    if (isBindingElement(node)) return this.unknown(e);
    const value = isConstantDeclaration(node) ? this.model.valueNode(node) : isExpression(node) && !isIdentifier(node) ? node : undefined;
    if (value && isExpression(value) && value !== e) {
      // a local constant inside the function being evaluated keeps the bindings; anything else is evaluated on its own
      const local = isVariableDeclaration(node) && !isSourceFile(node.parent.parent.parent);
      return local ? next(value, owner) : this.eval(owner, value, undefined, depth + 1);
    }
    // a class field assigned in the constructor: `this.baseUrl = cfg.baseUrl`
    if (isPropertyDeclaration(node) && !node.initializer) {
      const assigned = constructorAssignment(node);
      if (assigned) return this.eval(owner, assigned, undefined, depth + 1);
    }
    return this.unknown(e);
  }

  /**
   * A parameter: the argument bound at this call, else what every caller in
   * the project passes (one level), else the default value. A parameter of a
   * callback (`ids.map(id => …)`) or of a function nobody calls is unknown.
   */
  private parameter(file: FileIndex, param: ts.ParameterDeclaration, bindings: Bindings | undefined, depth: number, at: ts.Expression): Candidate[] {
    if (bindings) {
      const bound = bindings.params.get(param);
      if (bound) {
        if (bound.expr) return this.eval(bound.file, bound.expr, undefined, depth + 1);
        return param.initializer ? this.eval(file, param.initializer, undefined, depth + 1) : this.unknown(at);
      }
    }
    const cached = this.callerArgsMemo.get(param);
    if (current(this.model, cached)) return replayed(cached);
    const before = this.incomplete;
    const result = recording(this.model, () => this.fromCallers(file, param, depth, at));
    if (this.incomplete === before) this.callerArgsMemo.set(param, result);
    return result;
  }

  private fromCallers(file: FileIndex, param: ts.ParameterDeclaration, depth: number, at: ts.Expression): Candidate[] {
    const fn = param.parent;
    const fallback = param.initializer ? this.eval(file, param.initializer, undefined, depth + 1) : this.unknown(at);
    if (!isFunctionLike(fn) || !isIdentifier(param.name) || param.dotDotDotToken) return fallback;
    const info = file.functionByNode.get(fn);
    if (!info || isPassedInline(fn)) return fallback;
    const index = fn.parameters.indexOf(param);
    const callers: { file: FileIndex; call: ts.CallExpression | ts.NewExpression }[] = isConstructorDeclaration(fn) ? constructionsOf(this.model, fn, info.key) : this.model.callersOf(info);
    if (!callers.length) return fallback;
    const sets: Candidate[][] = [];
    for (const { file: callerFile, call } of callers.slice(0, MAX_CANDIDATES)) {
      const arg = call.arguments?.[index];
      if (!arg) {
        sets.push(fallback);
        continue;
      }
      // one level: a caller's argument that is itself a parameter stays unknown
      const argExpr = skipOuterExpressions(arg);
      const argDecl = isIdentifier(argExpr) ? this.model.resolveExpression(callerFile, argExpr) : undefined;
      sets.push(argDecl && isParameter(argDecl.node) ? this.unknown(at) : this.eval(callerFile, arg, undefined, depth + 1));
    }
    if (callers.length > MAX_CANDIDATES) sets.push(this.unknown(at));
    return unionCandidates(...sets);
  }
}

/** `new ClassName(…)` in the project files that mention the class: the callers of a constructor. */
function constructionsOf(model: ProjectModel, ctor: ts.ConstructorDeclaration, key: string): { file: FileIndex; call: ts.NewExpression }[] {
  const name = ctor.parent.name?.text;
  if (!name) return [];
  const out: { file: FileIndex; call: ts.NewExpression }[] = [];
  for (const fileName of model.filesContaining(name)) {
    const index = model.fileIndex(fileName);
    if (!index) continue;
    const visit = (n: ts.Node): void => {
      if (isNewExpression(n) && model.resolveCall(index, n)?.info.key === key) out.push({ file: index, call: n });
      forEachChild(n, visit);
    };
    visit(index.sourceFile);
  }
  return out;
}

/** The operands of `a + b + c` (a left-deep tree), without recursion. */
function plusOperands(e: ts.BinaryExpression): ts.Expression[] {
  const out: ts.Expression[] = [];
  let cur: ts.Expression = e;
  while (isBinaryExpression(cur) && cur.operatorToken.kind === SyntaxKind.PlusToken) {
    out.push(cur.right);
    cur = skipOuterExpressions(cur.left);
  }
  out.push(cur);
  return out.reverse();
}

/** `process.env.NAME` / `process.env['NAME']` / `import.meta.env.NAME` */
export function envVariable(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (isPropertyAccessExpression(e) || (isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression))) {
    const inner = skipOuterExpressions(e.expression);
    const name = isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
    // import.meta.env.VITE_X (a MetaProperty has no plain callee chain)
    if (isPropertyAccessExpression(inner) && inner.name.text === 'env' && isMetaProperty(inner.expression)) return name;
  }
  const chain = calleeChain(expr);
  if (!chain || chain.length !== 3) return undefined;
  if ((chain[0] === 'process' && chain[1] === 'env') || (chain[0] === 'meta' && chain[1] === 'env')) return chain[2];
  return undefined;
}

/** `new URL(input, base)` on candidates: an absolute input wins; a known pair is resolved by WHATWG URL; else base + '/' + input. */
function resolveUrl(base: Candidate, input: Candidate, inputNode: ts.Node): Candidate {
  const inputText = fullText(input);
  const baseText = fullText(base);
  const config = withConfig(base.config, input.config);
  if (inputText !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(inputText)) return input;
  if (inputText !== undefined && baseText !== undefined) {
    try {
      return { parts: [text(new URL(inputText, baseText).href)], config };
    } catch {
      return { parts: [{ kind: 'unknown', node: inputNode }] };
    }
  }
  // base known, path partly unknown: keep the base so the host is still checked
  const slash = inputText?.startsWith('/') || (input.parts[0]?.kind === 'text' && input.parts[0].text.startsWith('/'));
  return { parts: mergeParts([...base.parts, ...(slash ? [] : [text('/')]), ...input.parts]), config };
}

/** The expressions a function returns: a concise arrow body, or every `return` of its own body (nested functions excluded). */
export function returnExpressions(fn: FunctionLike): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (isFunctionLike(n) || isClassLike(n)) return;
    if (isReturnStatement(n)) {
      if (n.expression) out.push(n.expression);
      return;
    }
    forEachChild(n, visit);
  };
  forEachChild(body, visit);
  return out;
}

function isConstantDeclaration(node: ts.Node): boolean {
  if (isVariableDeclaration(node)) return (node.parent.flags & NodeFlags.Const) !== 0 || (node.parent.flags & NodeFlags.Let) === 0;
  return isPropertyAssignment(node) || isPropertyDeclaration(node) || isEnumMember(node) || isShorthandPropertyAssignment(node);
}

/** A function passed straight to a call (`ids.map(id => …)`): its callers are not in the call graph. */
function isPassedInline(fn: ts.Node): boolean {
  let p = fn.parent;
  while (p && isParenthesizedExpression(p)) p = p.parent;
  return !!p && (isCallExpression(p) || isNewExpression(p)) && (p.arguments ?? []).some((a) => skipOuterExpressions(a) === fn);
}

/** `constructor(cfg) { this.baseUrl = cfg.baseUrl }` for a field declared without an initializer. */
function constructorAssignment(field: ts.PropertyDeclaration): ts.Expression | undefined {
  const name = field.name && isIdentifier(field.name) ? field.name.text : undefined;
  const ctor = field.parent.members.find(isConstructorDeclaration);
  if (!name || !ctor?.body) return undefined;
  for (const stmt of ctor.body.statements) {
    if (!isExpressionStatement(stmt) || !isBinaryExpression(stmt.expression) || stmt.expression.operatorToken.kind !== SyntaxKind.EqualsToken) continue;
    const left = stmt.expression.left;
    if (isPropertyAccessExpression(left) && left.expression.kind === SyntaxKind.ThisKeyword && left.name.text === name) return stmt.expression.right;
  }
  return undefined;
}
