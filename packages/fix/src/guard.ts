import { Node, type CallExpression, type Identifier } from 'ts-morph';
import { findEntryPoints } from '@popdb-guard/core';
import { projectBinding } from './audit';
import { cannot, isCommonJs, nodeAt, titled, type FixAnalysis, type FixContext } from './plan';

/** Frameworks whose routes take middleware as arguments before the handler (`router.get(path, guard, handler)`). */
const MIDDLEWARE_ARGUMENT_FRAMEWORKS = new Set(['express', 'koa', 'hono']);

const isCall = (n: Node): n is CallExpression => Node.isCallExpression(n);
const isIdentifier = (n: Node): n is Identifier => Node.isIdentifier(n);

/**
 * popdb/require-access-control (noAuthentication): the policy's first `access.guards` entry added to
 * the route — as the first middleware argument after the path of an Express, Koa or Hono route, as
 * `@UseGuards(Guard)` on a NestJS handler — with its import from the project file that exports it.
 * A guard that is not a project name (a built-in such as `passport.authenticate`, which needs a
 * strategy) is not guessed at, and Fastify hooks, Next.js middleware and socket.io `io.use` are
 * listed: their authentication is not an argument of the route.
 */
export function fixMissingGuard(ctx: FixContext): FixAnalysis {
  if (ctx.finding.messageId !== undefined && ctx.finding.messageId !== 'noAuthentication') return cannot('noFixer', { rule: `${ctx.finding.ruleId} (${ctx.finding.messageId})` });
  const guard = ctx.policy.access.guards[0];
  if (!guard || !/^[A-Za-z_$][\w$]*$/.test(guard)) return cannot('noGuard');
  const index = ctx.model.fileIndex(ctx.file, ctx.sourceFile.getFullText());
  const entry = index && findEntryPoints(ctx.model, index).find((e) => e.node.getStart(index.sourceFile) === ctx.start);
  if (!entry) return cannot('notFound');
  const where = projectBinding(ctx, guard);
  if (!where) return cannot('guardNotImportable', { name: guard });
  if (where.import && isCommonJs(ctx.sourceFile)) return cannot('commonJs');
  const route = `${entry.method} ${entry.path ?? '?'}`;
  if (MIDDLEWARE_ARGUMENT_FRAMEWORKS.has(entry.framework)) {
    const call = nodeAt(ctx.sourceFile, ctx.start, ctx.end, isCall);
    if (!call) return cannot('notFound');
    const args = call.getArguments();
    // after the path (a string, a template, a regular expression or an array of them); a route with no path gets it first
    const first = args[0];
    const hasPath = first !== undefined && (Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first) || Node.isTemplateExpression(first) || Node.isRegularExpressionLiteral(first) || Node.isArrayLiteralExpression(first));
    return {
      title: titled('addGuard', { guard, route }),
      apply: () => {
        call.insertArgument(hasPath ? 1 : 0, guard);
        if (where.import) ctx.edits.importNamed(where.import, guard);
      },
    };
  }
  if (entry.framework === 'nestjs' && entry.nest) {
    const name = nodeAt(ctx.sourceFile, ctx.start, ctx.end, isIdentifier);
    const method = name?.getParent();
    if (!method || !Node.isMethodDeclaration(method)) return cannot('notFound');
    return {
      title: titled('addGuard', { guard, route }),
      apply: () => {
        method.insertDecorator(0, { name: 'UseGuards', arguments: [guard] });
        ctx.edits.importNamed('@nestjs/common', 'UseGuards');
        if (where.import) ctx.edits.importNamed(where.import, guard);
      },
    };
  }
  return cannot('guardFramework', { framework: entry.framework });
}
