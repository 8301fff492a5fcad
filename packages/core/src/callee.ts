import ts from 'typescript';

/**
 * The dotted name of a callee, outermost object first: `this.dancuClient.traCuu`
 * gives ["this", "dancuClient", "traCuu"]. Element access with a string literal
 * counts as a property. Undefined when the callee is not a plain name chain
 * (a call result, a computed key), which no policy pattern can name.
 */
export function calleeChain(expr: ts.Expression): string[] | undefined {
  const parts: string[] = [];
  let node: ts.Expression = expr;
  for (;;) {
    node = skipOuterExpressions(node);
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      parts.unshift(node.text);
      return parts;
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      parts.unshift('this');
      return parts;
    }
    if (node.kind === ts.SyntaxKind.SuperKeyword) {
      parts.unshift('super');
      return parts;
    }
    if (ts.isPropertyAccessExpression(node)) {
      parts.unshift(node.name.text);
      node = node.expression;
      continue;
    }
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      parts.unshift(node.argumentExpression.text);
      node = node.expression;
      continue;
    }
    return undefined;
  }
}

/** Strip parentheses, `as`, `!`, `satisfies` and type assertions. */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
      node = node.expression;
    } else {
      return node;
    }
  }
}

/**
 * Does a callee chain match a policy pattern (`name`, `object.method`,
 * `object.*`, `*.method`)? The pattern is compared with the *last* segments of
 * the chain, so `audit.record` matches `this.audit.record(...)` and
 * `traCuuCongDan` matches `svc.traCuuCongDan(...)`: the policy names the
 * client, not every way the code reaches it.
 */
export function matchesCalleePattern(chain: readonly string[], pattern: string): boolean {
  const segments = pattern.split('.');
  if (segments.length > chain.length) return false;
  const tail = chain.slice(chain.length - segments.length);
  return segments.every((s, i) => s === '*' || s === tail[i]);
}

export function matchesAnyCallee(chain: readonly string[] | undefined, patterns: readonly string[]): string | undefined {
  if (!chain) return undefined;
  return patterns.find((p) => matchesCalleePattern(chain, p));
}
