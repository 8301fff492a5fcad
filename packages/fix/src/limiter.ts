import * as path from 'node:path';
import { Node, type CallExpression, type SourceFile, type Statement } from 'ts-morph';
import { cannot, titled, importedLocal, insertStatementsBeside, isCommonJs, namesIn, nodeAt, projectDepends, type FixAnalysis, type FixContext } from './plan';

const P_LIMIT = 'p-limit';
const isCall = (n: Node): n is CallExpression => Node.isCallExpression(n);

const isLoop = (n: Node) => Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n);
const isFunction = (n: Node) => Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isConstructorDeclaration(n) || Node.isGetAccessorDeclaration(n) || Node.isSetAccessorDeclaration(n);

/**
 * The repetition around the query inside its function: the outermost loop
 * statement or iteration callback (`xs.map(async (x) => …)`, `forEach`) below
 * the first function that is not a callback. The limiter is created once
 * before the statement holding it, so every iteration shares it.
 */
function repetitionOf(call: Node): { outer: Node; anchor: Statement } | undefined {
  let outer: Node | undefined;
  let cur: Node = call;
  for (let parent = cur.getParent(); parent; cur = parent, parent = parent.getParent()) {
    if (isLoop(parent)) outer = parent;
    if (isFunction(parent)) {
      const callback = Node.isCallExpression(parent.getParent()) && (parent.getParent() as CallExpression).getArguments().includes(parent as never);
      if (!callback) break;
      outer = parent;
    }
  }
  if (!outer) return undefined;
  // the statement in a statement list that holds the repetition
  for (let n: Node = outer; ; ) {
    const p = n.getParent();
    if (!p || isFunction(p)) return undefined;
    if (Node.isBlock(p) || Node.isSourceFile(p) || Node.isCaseClause(p) || Node.isDefaultClause(p)) return { outer, anchor: n as Statement };
    n = p;
  }
}

/** A p-limit instance already created before `anchor` in an enclosing statement list: `const limit = pLimit(4)`. */
function existingLimiter(anchor: Node, pLimitLocal: string | undefined): string | undefined {
  if (!pLimitLocal) return undefined;
  for (let child: Node = anchor, list = anchor.getParent(); list; child = list, list = list.getParent()) {
    if (!(Node.isBlock(list) || Node.isSourceFile(list) || Node.isCaseClause(list) || Node.isDefaultClause(list))) continue;
    for (const s of list.getStatements()) {
      if (s === child || s.getStart() > child.getStart()) break;
      if (!Node.isVariableStatement(s)) continue;
      for (const d of s.getDeclarations()) {
        const init = d.getInitializer();
        if (Node.isIdentifier(d.getNameNode()) && init && Node.isCallExpression(init) && init.getExpression().getText() === pLimitLocal) return d.getName();
      }
    }
  }
  return undefined;
}

function topLevelNames(sf: SourceFile): string[] {
  const names: string[] = [];
  for (const s of sf.getStatements()) {
    if (Node.isVariableStatement(s)) names.push(...s.getDeclarations().map((d) => d.getName()));
    else if (Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s) || Node.isEnumDeclaration(s)) names.push(s.getName() ?? '');
    else if (Node.isImportDeclaration(s)) {
      const clause = [s.getDefaultImport(), s.getNamespaceImport(), ...s.getNamedImports().map((n) => n.getAliasNode() ?? n.getNameNode())];
      names.push(...clause.filter((n) => n !== undefined).map((n) => n.getText()));
    }
  }
  return names;
}

function freeName(taken: Set<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/**
 * popdb/no-unbounded-query-loop: the query runs through a p-limit limiter
 * created once before the loop, `const limit = pLimit(N)` (N: the
 * `concurrency` option, default 4), and `pLimit` is imported from `p-limit`.
 * The rule recognises a p-limit instance as a limiter by where it was made,
 * with or without `queries.limiters` naming it. A limiter already created in
 * scope is reused. Recursion is not a loop a limiter bounds: listed.
 */
export function fixUnboundedLoop(ctx: FixContext): FixAnalysis {
  if (ctx.finding.messageId === 'unboundedRecursion') return cannot('recursion');
  const sf: SourceFile = ctx.sourceFile;
  const call = nodeAt(sf, ctx.start, ctx.end, isCall);
  if (!call) return cannot('notFound');
  const repetition = repetitionOf(call);
  if (!repetition) return cannot('noRepetition');
  const callText = call.getText();
  if (call.getDescendants().some((d) => Node.isYieldExpression(d))) return cannot('generator');
  // an `await` in the arguments needs an async arrow (one inside a nested function does not)
  const awaits = call.getDescendants().some((d) => Node.isAwaitExpression(d) && !d.getAncestors().some((a) => isFunction(a) && a.getStart() >= call.getStart() && a.getEnd() <= call.getEnd()));
  const imported = importedLocal(sf, P_LIMIT, 'default');
  if (!imported && isCommonJs(sf)) return cannot('commonJs');
  // names of the function around the loop and of the module: the new limiter must shadow none of them
  const boundary = repetition.anchor.getParentWhile((p) => !isFunction(p) && !Node.isSourceFile(p))?.getParent() ?? sf;
  const taken = new Set([...namesIn(Node.isSourceFile(boundary) ? sf : boundary), ...topLevelNames(sf)]);
  if (!imported && (taken.has('pLimit') || namesIn(sf).has('pLimit'))) return cannot('nameTaken', { name: 'pLimit' });
  const factory = imported ?? 'pLimit';
  const memoKey = `limiter@${repetition.anchor.getStart()}`;
  const planned = ctx.edits.memo.get(memoKey) as string | undefined;
  const reused = planned ?? existingLimiter(repetition.anchor, imported);
  const limiter = reused ?? freeName(taken, 'limit');
  if (!reused) ctx.edits.memo.set(memoKey, limiter);
  const anchor = repetition.anchor;
  const hoist = !reused;
  return {
    title: titled('limitLoop', { limiter, n: String(ctx.options.concurrency) }),
    apply: () => {
      call.replaceWithText(`${limiter}(${awaits ? 'async ' : ''}() => ${callText})`);
      if (hoist) {
        insertStatementsBeside(anchor.getParentOrThrow(), anchor.getChildIndex(), anchor, `const ${limiter} = ${factory}(${ctx.options.concurrency});`);
      }
      if (!imported) {
        ctx.edits.importDefault(P_LIMIT, 'pLimit');
        if (!projectDepends(ctx.projectRoot, P_LIMIT, ctx.session.read)) ctx.edits.note('installPLimit', { file: path.relative(ctx.projectRoot, ctx.file).split(path.sep).join('/') });
      }
    },
  };
}
