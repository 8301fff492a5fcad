import ts from 'typescript';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { SyntaxKind, isElementAccessExpression, isIdentifier, isPrivateIdentifier, isPropertyAccessExpression, isStringLiteralLike } = ts;

/**
 * The dotted name of a callee, outermost object first: `this.dancuClient.traCuu`
 * gives ["this", "dancuClient", "traCuu"]. Element access with a string literal
 * counts as a property. Undefined when the callee is not a plain name chain
 * (a call result, a computed key), which no policy pattern can name.
 */
export function calleeChain(expr: ts.Expression): readonly string[] | undefined {
  // (computed each time: a WeakMap of the chains by node cost more CPU than the short-lived arrays it saved)
  // Collected innermost name last and reversed once at the end: `unshift` moved every element on each step.
  const parts: string[] = [];
  let node: ts.Expression = expr;
  for (;;) {
    node = skipOuterExpressions(node);
    if (isIdentifier(node) || isPrivateIdentifier(node)) {
      parts.push(node.text);
      return parts.reverse();
    }
    if (node.kind === SyntaxKind.ThisKeyword) {
      parts.push('this');
      return parts.reverse();
    }
    if (node.kind === SyntaxKind.SuperKeyword) {
      parts.push('super');
      return parts.reverse();
    }
    if (isPropertyAccessExpression(node)) {
      parts.push(node.name.text);
      node = node.expression;
      continue;
    }
    if (isElementAccessExpression(node) && isStringLiteralLike(node.argumentExpression)) {
      parts.push(node.argumentExpression.text);
      node = node.expression;
      continue;
    }
    return undefined;
  }
}

type OuterExpression = ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.TypeAssertion | ts.SatisfiesExpression;

/** Parentheses, `as`, `!`, `satisfies` or a type assertion around an expression: what `skipOuterExpressions` strips. */
export function isOuterExpression(node: ts.Node): node is OuterExpression {
  switch (node.kind) {
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.TypeAssertionExpression:
    case SyntaxKind.SatisfiesExpression:
      return true;
    default:
      return false;
  }
}

/** Strip parentheses, `as`, `!`, `satisfies` and type assertions. */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  while (isOuterExpression(node)) node = node.expression;
  return node;
}

/**
 * Does a callee chain match a policy pattern (`name`, `object.method`,
 * `object.*`, `*.method`)? The pattern is compared with the *last* segments of
 * the chain, so `audit.record` matches `this.audit.record(...)` and
 * `traCuuCongDan` matches `svc.traCuuCongDan(...)`: the policy names the
 * client, not every way the code reaches it.
 */
export function matchesCalleePattern(chain: readonly string[], pattern: string): boolean {
  const segments = segmentsOf(pattern);
  const offset = chain.length - segments.length;
  if (offset < 0) return false;
  for (let i = 0; i < segments.length; i++) if (segments[i] !== '*' && segments[i] !== chain[offset + i]) return false;
  return true;
}

/** A pattern's segments, split once: every call of every file is compared with the policy's patterns. */
const patternSegments = new Map<string, readonly string[]>();
function segmentsOf(pattern: string): readonly string[] {
  let segments = patternSegments.get(pattern);
  if (!segments) patternSegments.set(pattern, (segments = pattern.split('.')));
  return segments;
}

export function matchesAnyCallee(chain: readonly string[] | undefined, patterns: readonly string[]): string | undefined {
  if (!chain) return undefined;
  return patterns.find((p) => matchesCalleePattern(chain, p));
}
