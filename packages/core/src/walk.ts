import ts from 'typescript';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { forEachChild } = ts;

/**
 * Walk a syntax tree in source order (pre-order) without recursion: an
 * explicit stack, so 5,000 nested parentheses or a 3,000-term
 * concatenation cost a longer array, not a stack overflow. `enter` returns
 * the state for the node's children, or `false` to skip them.
 */
export function walkTree<S>(root: ts.Node, state: S, enter: (node: ts.Node, state: S) => S | false): void {
  // two parallel stacks: no [node, state] pair is allocated per node (every walk of every rule goes through here)
  const nodes: ts.Node[] = [root];
  const states: S[] = [state];
  // one buffer of children, overwritten from the start for each node (setting `length = 0` would free its storage each time)
  const children: ts.Node[] = [];
  let count = 0;
  const collect = (child: ts.Node) => {
    children[count++] = child;
  };
  while (nodes.length) {
    const node = nodes.pop()!;
    const next = enter(node, states.pop() as S);
    if (next === false) continue;
    count = 0;
    forEachChild(node, collect);
    for (let i = count - 1; i >= 0; i--) {
      nodes.push(children[i]);
      states.push(next);
    }
  }
}

/** Every node under `root` (root included) in source order, without recursion. */
export function forEachNode(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  walkTree(root, true, (node) => (visit(node) === false ? false : true));
}
