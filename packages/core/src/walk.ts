import ts from 'typescript';

/**
 * Walk a syntax tree in source order (pre-order) without recursion: an
 * explicit stack, so 5,000 nested parentheses or a 3,000-term
 * concatenation cost a longer array, not a stack overflow. `enter` returns
 * the state for the node's children, or `false` to skip them.
 */
export function walkTree<S>(root: ts.Node, state: S, enter: (node: ts.Node, state: S) => S | false): void {
  const stack: [ts.Node, S][] = [[root, state]];
  const children: ts.Node[] = [];
  while (stack.length) {
    const [node, s] = stack.pop()!;
    const next = enter(node, s);
    if (next === false) continue;
    children.length = 0;
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], next]);
  }
}

/** Every node under `root` (root included) in source order, without recursion. */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  walkTree(root, true, (node) => (visit(node) === false ? false : true));
}
