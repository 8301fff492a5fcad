import ts from 'typescript';
import { calleeChain, skipOuterExpressions } from '../callee';
import type { ProjectModel, FunctionTarget } from '../project/model';
import { isFunctionLike, type FileIndex } from '../project/file-index';
import { firstQuery, type QuerySite } from '../query/query-sites';
import { forEachNode } from '../walk';
import { decoratorsOf, findEntryPoints } from './entry-points';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  isCallExpression, isClassLike, isFunctionDeclaration, isNewExpression, isParameter, isPropertyAccessExpression,
  isPropertyDeclaration, isStringLiteralLike,
} = ts;

/**
 * A route that only puts a job on a queue still looks citizens up when the
 * queue's consumer queries the population DB: the caller chooses what the
 * worker will look up. This links producers (`queue.add(...)` on a
 * `new Queue('xac-minh')`, `@InjectQueue('xac-minh')` services, amqplib
 * `channel.sendToQueue('xac-minh', …)`) to the consumers of the same queue
 * name (BullMQ `new Worker('xac-minh', fn)`, NestJS `@Processor('xac-minh')`,
 * amqplib `channel.consume('xac-minh', fn)`), so the route is judged like
 * one that queries. Queue names must be static on both sides.
 */

export interface EnqueuedLookup {
  queue: string;
  /** The producer call in the handler (or in a function it calls). */
  producer: ts.CallExpression;
  /** The consumer's first query, with its chain from the consumer. */
  query: QuerySite;
  consumer: string;
}

const PRODUCER_METHODS = new Set(['add', 'addBulk', 'sendToQueue']);

/** Queue name → the consumer's first query. Built from the files that mention a consumer, memoized by their contents. */
function queryingConsumers(model: ProjectModel): Map<string, { query: QuerySite; consumer: string }> {
  // bull's `queue.process(fn)`: `process` alone is in every file that reads process.env, so only with `Queue`/`queue` beside it
  const queueFiles = new Set([...model.filesContaining('Queue'), ...model.filesContaining('queue')]);
  const candidates = [...new Set([...['Worker', 'Processor', 'consume'].flatMap((t) => model.filesContaining(t)), ...model.filesContaining('process').filter((f) => queueFiles.has(f))])].sort();
  const indexes = candidates.map((f) => model.fileIndex(f)).filter((i): i is FileIndex => i !== undefined);
  return model.memo('access.queueConsumers', indexes.map((i) => i.memoKey).join('|'), () => {
    const out = new Map<string, { query: QuerySite; consumer: string }>();
    for (const index of indexes) {
      for (const entry of findEntryPoints(model, index)) {
        if (entry.kind !== 'queue' || entry.path === undefined || out.has(entry.path)) continue;
        for (const h of entry.handlers) {
          const e = isFunctionLike(h) ? h : skipOuterExpressions(h);
          const target: FunctionTarget | undefined = isFunctionLike(e) ? (index.functionByNode.get(e) ? { file: index, info: index.functionByNode.get(e)! } : undefined) : model.resolveFunctionReference(index, e);
          const query = target ? firstQuery(model, target) : undefined;
          if (query && target) {
            out.set(entry.path, { query, consumer: target.info.name });
            break;
          }
        }
      }
    }
    return out;
  }, new Map());
}

/** The static name of the queue a producer call puts a job on, if any. */
function producedQueue(model: ProjectModel, file: FileIndex, call: ts.CallExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!isPropertyAccessExpression(callee) || !PRODUCER_METHODS.has(callee.name.text)) return undefined;
  if (callee.name.text === 'sendToQueue') {
    const first = call.arguments[0] ? skipOuterExpressions(call.arguments[0]) : undefined;
    return first && isStringLiteralLike(first) ? first.text : undefined;
  }
  const resolved = model.resolveExpression(file, callee.expression);
  if (!resolved) return undefined;
  const node = resolved.node;
  // @InjectQueue('xac-minh') private readonly queue: Queue
  if (isParameter(node) || isPropertyDeclaration(node)) {
    for (const d of decoratorsOf(node)) {
      const e = skipOuterExpressions(d.expression);
      if (isCallExpression(e) && calleeChain(e.expression)?.at(-1) === 'InjectQueue' && e.arguments[0] && isStringLiteralLike(e.arguments[0])) return e.arguments[0].text;
    }
  }
  const value = model.valueNode(node);
  // new Queue('xac-minh', { connection }) of bullmq / bull
  if (value && isNewExpression(value) && calleeChain(value.expression)?.at(-1) === 'Queue' && value.arguments?.[0] && isStringLiteralLike(value.arguments[0])) return value.arguments[0].text;
  return undefined;
}

/** Does a handler (or a project function it calls, one level) enqueue a job whose consumer queries the population DB? */
export function enqueuedLookup(model: ProjectModel, handler: FunctionTarget): EnqueuedLookup | undefined {
  return model.memo('access.enqueued', handler.info.memoKey, () => {
    const producers = producersIn(model, handler, 0);
    // the consumers are looked up only when the handler puts a job on a named queue: most routes do not
    if (!producers.length) return undefined;
    const consumers = queryingConsumers(model);
    for (const p of producers) {
      const consumer = consumers.get(p.queue);
      if (consumer) return { queue: p.queue, producer: p.producer, query: consumer.query, consumer: consumer.consumer };
    }
    return undefined;
  }, undefined);
}

/** The named queues a function puts jobs on, with the call in it that does (itself, or the call of a project function that does). */
function producersIn(model: ProjectModel, target: FunctionTarget, depth: number): { queue: string; producer: ts.CallExpression }[] {
  return model.memo('access.producers', `${target.info.memoKey}|${depth}`, () => computeProducers(model, target, depth), []);
}

function computeProducers(model: ProjectModel, target: FunctionTarget, depth: number): { queue: string; producer: ts.CallExpression }[] {
  const body = target.info.node.body;
  if (!body) return [];
  const out: { queue: string; producer: ts.CallExpression }[] = [];
  forEachNode(body, (node) => {
    if (isFunctionDeclaration(node) || isClassLike(node)) return false;
    if (!isCallExpression(node)) return undefined;
    const queue = producedQueue(model, target.file, node);
    if (queue !== undefined) {
      out.push({ queue, producer: node });
      return undefined;
    }
    if (depth < 1) {
      const callee = model.resolveCall(target.file, node);
      if (callee && callee.info.node !== target.info.node) for (const p of producersIn(model, callee, depth + 1)) out.push({ queue: p.queue, producer: node });
    }
    return undefined;
  });
  return out;
}
