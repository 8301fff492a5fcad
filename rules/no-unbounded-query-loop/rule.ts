import ts from 'typescript';
import {
  defineRule,
  describeChain,
  findQuerySites,
  firstQuery,
  isBoundedCollection,
  iterationLabel,
  libraryIteration,
  skipOuterExpressions,
  unboundedRepetition,
  type Repetition,
} from '@popdb-guard/core';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { isCallExpression, isIdentifier, isPropertyAccessExpression } = ts;

export type MessageIds = 'unboundedLoop' | 'unboundedRecursion';

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex']);

function describeRepetition(r: Repetition): string {
  switch (r.kind) {
    case 'iteration':
      return iterationLabel(r.method ?? '');
    case 'for-of':
      return 'for…of';
    case 'for-in':
      return 'for…in';
    case 'do-while':
      return 'do…while';
    case 'interval':
      return 'setInterval(…)';
    default:
      return r.kind;
  }
}

export default defineRule<MessageIds>({
  meta: {
    name: 'no-unbounded-query-loop',
    type: 'problem',
    description: {
      vi: 'Cấm lặp truy vấn CSDLQG về dân cư không giới hạn (vòng lặp, callback duyệt mảng, Promise.all, đệ quy, thử lại, phân trang)',
      en: 'Disallow population-DB queries repeated by a loop, iteration callback, Promise.all, recursion or retry/pagination loop without a bound, limiter or budget check',
    },
    messages: {
      unboundedLoop: {
        vi: 'Truy vấn CSDLQG về dân cư ({{query}}) nằm trong {{loop}} không có giới hạn tĩnh (≤ {{budget}}), bộ giới hạn (p-limit, bottleneck, p-queue, queries.limiters) hay kiểm tra ngân sách truy vấn. Lưu lượng bất thường (trên 10.000 lượt) sẽ làm kết nối bị tự động khóa (Công văn 5722/TCTTKĐA).',
        en: 'This population-DB query ({{query}}) runs inside {{loop}} with no static bound (≤ {{budget}}), limiter (p-limit, bottleneck, p-queue, queries.limiters) or query-budget check. Abnormal volume (over 10,000 queries) auto-locks the connection (Official letter 5722/TCTTKDA).',
      },
      unboundedRecursion: {
        vi: 'Truy vấn CSDLQG về dân cư ({{query}}) được lặp lại bằng đệ quy không có kiểm tra ngân sách truy vấn. Lưu lượng bất thường (trên 10.000 lượt) sẽ làm kết nối bị tự động khóa (Công văn 5722/TCTTKĐA).',
        en: 'This population-DB query ({{query}}) is repeated by recursion with no query-budget check. Abnormal volume (over 10,000 queries) auto-locks the connection (Official letter 5722/TCTTKDA).',
      },
    },
    legal: ['cv5722', 'tt46art6'],
    defaultSeverity: 'error',
    recommended: true,
    languages: ['source'],
    testCode: 'none', // tests query mocks, not the population DB
  },

  checkSource(ctx) {
    const model = ctx.project;
    const file = model.fileIndex(ctx.fileName, ctx.text, ctx.sourceFile);
    if (!file) return;
    const sf = file.sourceFile;
    const budget = ctx.policy.queries.budget;
    const report = (node: ts.Node, repetition: Repetition, query: string) => {
      ctx.report({
        messageId: repetition.kind === 'recursion' ? 'unboundedRecursion' : 'unboundedLoop',
        data: { query, loop: describeRepetition(repetition), budget },
        start: node.getStart(sf),
        end: node.getEnd(),
      });
    };
    for (const site of findQuerySites(model, file)) {
      // a recursive call is the repetition itself, not another query: the query inside the function is reported
      if (site.target && site.target.info.node.pos <= site.call.pos && site.call.end <= site.target.info.node.end && site.target.file === file) continue;
      const repetition = unboundedRepetition(model, file, site.call);
      if (repetition) report(site.call, repetition, describeChain(site));
    }
    // `Promise.all(ids.map(traCuuCongDan))`, `from(ids).pipe(mergeMap(traCuu))`: a query function passed by reference to an iteration
    const byReference = (node: ts.CallExpression, arg: ts.Expression, check: () => 'unbounded' | 'bounded' | 'limited', method: string): void => {
      let callback = skipOuterExpressions(arg);
      // ds.map(this.traCuu.bind(this))
      if (isCallExpression(callback) && isPropertyAccessExpression(callback.expression) && callback.expression.name.text === 'bind') callback = skipOuterExpressions(callback.expression.expression);
      if (!isIdentifier(callback) && !isPropertyAccessExpression(callback)) return;
      const resolved = model.resolveFunctionReference(file, callback);
      const inner = resolved && firstQuery(model, resolved);
      if (!inner) return;
      const query = `${resolved.info.name} → ${inner.chain.map((s) => s.name).join(' → ')}`;
      const verdict = check();
      if (verdict === 'unbounded') report(callback, { kind: 'iteration', node, method }, query);
      else if (verdict === 'bounded') {
        const outer = unboundedRepetition(model, file, node);
        if (outer) report(callback, outer, query);
      }
    };
    // (every call of the file, in source order, from the file index: no walk of the whole tree)
    for (const node of file.calls) {
      const callee = skipOuterExpressions(node.expression);
      if (isPropertyAccessExpression(callee) && ITERATION_METHODS.has(callee.name.text) && node.arguments[0]) {
        byReference(node, node.arguments[0], () => (isBoundedCollection(model, file, callee.expression) ? 'bounded' : 'unbounded'), callee.name.text);
      } else {
        for (const arg of node.arguments) {
          const library = libraryIteration(model, file, node, arg);
          if (library) byReference(node, arg, () => (library.by === 'limiter' ? 'limited' : library.by ? 'bounded' : 'unbounded'), library.method);
        }
      }
    }
  },
});
