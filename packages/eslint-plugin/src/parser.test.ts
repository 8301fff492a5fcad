import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { switchedKinds } from './parser';

/**
 * The parser runs typescript-estree's `checkSyntaxError` only on the node
 * kinds it can throw on: the `case` labels of its switch, read from the
 * installed file, as long as that file keeps the shape the reading relies on.
 */
const estreeDir = path.dirname(require.resolve('@typescript-eslint/typescript-estree', { paths: [path.dirname(require.resolve('@typescript-eslint/parser'))] }));
const checkFile = path.join(estreeDir, 'check-syntax-errors.js');
const names = (kinds: Set<ts.SyntaxKind>) => new Set([...kinds].map((k) => ts.SyntaxKind[k]));

describe('switchedKinds', () => {
  it("reads the case labels of the installed typescript-estree's checkSyntaxError", () => {
    const kinds = switchedKinds(checkFile, fs.readFileSync(checkFile, 'utf8'));
    expect(kinds).toBeDefined();
    const kindNames = names(kinds!);
    for (const checked of ['SwitchStatement', 'CallExpression', 'ClassDeclaration', 'ObjectLiteralExpression', 'ImportDeclaration']) expect(kindNames).toContain(checked);
    // the most frequent kinds of a file have no case of their own (only conditions inside other cases name them)
    for (const skipped of ['Identifier', 'StringLiteral', 'NumericLiteral', 'PropertyAccessExpression', 'Block']) expect(kindNames).not.toContain(skipped);
  });

  const shaped = (body: string) => `"use strict";\nfunction checkSyntaxError(tsNode, parent, allowPattern) {\n${body}\n}\nfunction other() {}\n`;

  it('reads a body of the expected shape', () => {
    const source = shaped(`(0, m.checkModifiers)(tsNode);\nconst node = tsNode;\nswitch (node.kind) {\n case SyntaxKind.ThrowStatement: break;\n case ts.SyntaxKind.CatchClause:\n case SyntaxKind.ForOfStatement: break;\n}`);
    expect(names(switchedKinds('/virtual/check.js', source)!)).toEqual(new Set(['ThrowStatement', 'CatchClause', 'ForOfStatement']));
  });

  it('gives up (the caller checks every kind the file names) on any other shape', () => {
    const variants = [
      // a default clause checks every kind
      `switch (tsNode.kind) { case SyntaxKind.ThrowStatement: break; default: check(tsNode); }`,
      // a check outside the switch
      `if (tsNode.kind === SyntaxKind.Identifier) throw new Error('x');\nswitch (tsNode.kind) { case SyntaxKind.ThrowStatement: break; }`,
      // a label that is not a SyntaxKind member
      `switch (tsNode.kind) { case 80: break; }`,
      // two switches
      `switch (tsNode.kind) { case SyntaxKind.ThrowStatement: break; }\nswitch (parent.kind) { case SyntaxKind.Block: break; }`,
    ];
    for (const body of variants) expect(switchedKinds('/virtual/check.js', shaped(body)), body).toBeUndefined();
    expect(switchedKinds('/virtual/check.js', 'function somethingElse() {}')).toBeUndefined();
  });
});
