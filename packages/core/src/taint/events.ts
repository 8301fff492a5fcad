import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import { isFunctionLike, type FunctionLike } from '../project/file-index';
import { knownText, type FileIndex, type ProjectModel } from '../project/model';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, canHaveDecorators, forEachChild, getDecorators, isBinaryExpression, isCallExpression, isClassDeclaration,
  isIdentifier, isMethodDeclaration, isNewExpression, isObjectLiteralExpression, isParameter, isPropertyAccessExpression,
  isPropertyAssignment, isPropertyDeclaration, isStringLiteralLike, isVariableDeclaration,
} = ts;

/**
 * Data handed over to code that runs later, in this file or another: events
 * (Node `EventEmitter`, `EventEmitter2`, NestJS `@OnEvent`) and job queues
 * (bull `add` → `process`, bullmq `add` → `Worker`, NestJS `@Processor`/`@Process`).
 * Publishers and subscribers meet by name — the event name, the job name or
 * the queue's name — evaluated statically (literals and constants). The walk
 * applies each subscriber's summary at the publishing call, as it does for a
 * call of a project function (docs/taint.md, "Events and queues").
 */

export type ChannelKind = 'event' | 'job';

/** An event emitted or a job queued. */
export interface Publication {
  kind: ChannelKind;
  /** Names a subscriber may be registered under: the event; the job and its queue. */
  keys: readonly string[];
  /** For the subscriber's parameters in order: an event's arguments; a job's data (the job, parameter 0). */
  args: readonly ts.Expression[];
  /** For messages: `event 'cong-dan.da-xac-minh'`, `job 'gui-zalo'`. */
  label: string;
}

/** A function registered to run on an event or a job. */
export interface Subscriber {
  kind: ChannelKind;
  key: string;
  file: FileIndex;
  fn: FunctionLike;
}

const EMIT_METHODS = new Set(['emit', 'emitAsync']);
const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'many']);
/** Receivers of `emit` that are connections, not in-process buses: socket.io, ws, NestJS gateways' `this.server`. */
const SOCKET_RECEIVER = /socket|^io\b|\bio$|\.(to|in|broadcast)\(|\bbroadcast\b|\bserver\b|\bwss?\b|\bclient\b/i;
/** Receivers named like an event bus (`bus`, `this.events`, `eventEmitter`, `this.eventEmitter2`). */
const EMITTER_NAME = /(emitter2?|events?|bus|hub|pubsub|dispatcher|broker|notifier)$/i;
/** Receivers named like a job queue (`queue`, `this.mailQueue`, `hangDoi`). */
const QUEUE_NAME = /(queue|bull|jobs?|hangdoi|hang_doi)$/i;
/** Queue classes: bull's default export (any local name, often `Bull` or `Queue`), bullmq's `Queue`, bee-queue. */
const QUEUE_CLASS = /^(Queue|Bull|BullQueue|BeeQueue)$/;

function textOf(model: ProjectModel, file: FileIndex, expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = skipOuterExpressions(expr);
  if (isStringLiteralLike(e)) return e.text;
  return knownText(model.evaluateString(file, e));
}

/** A decorator call by its imported name (`@Processor('q')`, also imported as `Processor as MqProcessor`). */
function decoratorCall(file: FileIndex, node: ts.Node, name: string): ts.CallExpression | undefined {
  for (const d of canHaveDecorators(node) ? (getDecorators(node) ?? []) : []) {
    const e = d.expression;
    if (isCallExpression(e)) {
      const chain = calleeChain(e.expression);
      const local = chain?.[chain.length - 1];
      if (local && (file.imports.get(local)?.imported ?? local) === name) return e;
    }
  }
  return undefined;
}

/** The name of a queue a receiver is bound to in this file: `new Queue('q')`, `Bull('q')`, `@InjectQueue('q') private q: Queue`. */
function queueName(model: ProjectModel, file: FileIndex, receiver: ts.Expression): string | undefined {
  const chain = calleeChain(receiver);
  if (!chain) return undefined;
  const name = chain[0] === 'this' ? chain[1] : chain.length === 1 ? chain[0] : undefined;
  if (!name) return undefined;
  return model.memo('taint-queue-name', `${file.memoKey}:${name}`, () => {
    let found: string | undefined;
    const fromInit = (init: ts.Expression | undefined) => {
      const e = init && skipOuterExpressions(init);
      if (!e || !(isNewExpression(e) || isCallExpression(e))) return undefined;
      const callee = calleeChain(e.expression);
      return callee && QUEUE_CLASS.test(callee[callee.length - 1]) ? textOf(model, file, e.arguments?.[0]) : undefined;
    };
    const visit = (node: ts.Node): void => {
      if (found) return;
      if ((isVariableDeclaration(node) || isPropertyDeclaration(node)) && node.name && isIdentifier(node.name) && node.name.text === name) found = fromInit(node.initializer);
      else if (isParameter(node) && isIdentifier(node.name) && node.name.text === name) {
        const inject = decoratorCall(file, node, 'InjectQueue');
        if (inject) found = textOf(model, file, inject.arguments[0]);
      } else if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && calleeChain(node.left)?.join('.') === chain.join('.')) found = fromInit(node.right);
      forEachChild(node, visit);
    };
    visit(file.sourceFile);
    return found;
  }, undefined);
}

/** Is this call an event emitted or a job queued? */
export function publication(model: ProjectModel, file: FileIndex, call: ts.CallExpression): Publication | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const args = call.arguments;
  // socket.io / ws: `socket.emit(…)`, `io.to(room).emit(…)` go to the other end of the connection, not to this
  // process's listeners of the same name (a browser is not a messaging service either)
  const receiverName = calleeChain(callee.expression)?.at(-1) ?? '';
  if (EMIT_METHODS.has(method) && args.length >= 2 && !SOCKET_RECEIVER.test(callee.expression.getText(file.sourceFile))) {
    const name = textOf(model, file, args[0]);
    // an event bus by its name, or a namespaced event name (`citizen.verified`): not a UI component's `emit('change', v)`
    if (!name || !(EMITTER_NAME.test(receiverName) || /[.:/_-]/.test(name))) return undefined;
    return { kind: 'event', keys: [name], args: args.slice(1), label: `event '${name}'` };
  }
  if (method === 'add' && args.length >= 1) {
    const queue = queueName(model, file, callee.expression);
    // a job needs a queue: one this file creates or injects, or a receiver named like one (not `classList.add('a', 'b')`)
    if (!queue && !QUEUE_NAME.test(receiverName)) return undefined;
    const job = args.length >= 2 ? textOf(model, file, args[0]) : undefined;
    // `set.add(x)`: one argument and no queue is a Set; a job needs a name or a known queue
    if (job) return { kind: 'job', keys: queue ? [job, queue] : [job], args: [args[1]], label: `job '${job}'` };
    if (queue && args.length === 1) return { kind: 'job', keys: [queue], args: [args[0]], label: `queue '${queue}'` };
  }
  return undefined;
}

/** The subscribers a file registers (listeners, `@OnEvent` methods, queue processors and workers). */
function subscribersIn(model: ProjectModel, file: FileIndex): Subscriber[] {
  return model.memo('taint-subscribers', file.memoKey, () => {
    const out: Subscriber[] = [];
    const fnOf = (expr: ts.Expression | undefined): FunctionLike | undefined => {
      if (!expr) return undefined;
      const e = skipOuterExpressions(expr);
      if (isFunctionLike(e)) return e;
      // `bus.on('x', handler)`, `bus.on('x', this.handle.bind(this))`
      const ref = isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind' ? e.expression.expression : e;
      const target = model.resolveFunctionReference(file, ref);
      return target && target.file === file ? target.info.node : undefined;
    };
    const add = (kind: ChannelKind, key: string | undefined, fn: FunctionLike | undefined) => {
      if (key && fn) out.push({ kind, key, file, fn });
    };
    const visit = (node: ts.Node): void => {
      if (isCallExpression(node) && isPropertyAccessExpression(skipOuterExpressions(node.expression))) {
        const callee = skipOuterExpressions(node.expression) as ts.PropertyAccessExpression;
        const method = callee.name.text;
        const args = node.arguments;
        if (LISTEN_METHODS.has(method) && args.length >= 2) {
          if (!SOCKET_RECEIVER.test(callee.expression.getText(file.sourceFile))) add('event', textOf(model, file, args[0]), fnOf(args[args.length - 1]));
        }
        else if (method === 'process' && args.length >= 1) {
          // bull: process(name?, concurrency?, fn)
          const name = textOf(model, file, args[0]);
          add('job', args.length >= 2 && name ? name : queueName(model, file, callee.expression), fnOf(args[args.length - 1]));
        }
      } else if (isNewExpression(node) && node.arguments && node.arguments.length >= 2) {
        const chain = calleeChain(node.expression);
        if (chain?.[chain.length - 1] === 'Worker') add('job', textOf(model, file, node.arguments[0]), fnOf(node.arguments[1]));
      } else if (isMethodDeclaration(node)) {
        const onEvent = decoratorCall(file, node, 'OnEvent');
        if (onEvent) add('event', textOf(model, file, onEvent.arguments[0]), node);
        const processor = isClassDeclaration(node.parent) ? decoratorCall(file, node.parent, 'Processor') : undefined;
        const queue = processor && textOf(model, file, processor.arguments[0]);
        const proc = decoratorCall(file, node, 'Process');
        if (proc) {
          const a0 = proc.arguments[0] && skipOuterExpressions(proc.arguments[0]);
          const named = a0 && isObjectLiteralExpression(a0)
            ? a0.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === 'name')?.initializer
            : a0;
          add('job', textOf(model, file, named) ?? queue, node);
        } else if (queue && isIdentifier(node.name) && node.name.text === 'process') add('job', queue, node); // bullmq WorkerHost
      }
      forEachChild(node, visit);
    };
    visit(file.sourceFile);
    return out;
  }, []);
}

/**
 * The subscribers of a publication anywhere in the project. Only files whose text holds every
 * word of the name are parsed (the model's token index), so a publication costs a few files.
 */
export function subscribersOf(model: ProjectModel, kind: ChannelKind, key: string): Subscriber[] {
  return model.memo('taint-subscribers-of', `${kind}:${key}`, () => {
    const words = key.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
    if (!words.length) return [];
    const [first, ...rest] = words.map((w) => new Set(model.filesContaining(w)));
    const out: Subscriber[] = [];
    for (const f of first) {
      if (!rest.every((r) => r.has(f))) continue;
      const index = model.fileIndex(f);
      if (index) out.push(...subscribersIn(model, index).filter((s) => s.kind === kind && s.key === key));
    }
    return out;
  }, []);
}
