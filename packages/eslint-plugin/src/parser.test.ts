import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { parseForESLint as typescriptEslintParse } from '@typescript-eslint/parser';
import { parseForESLint, switchedKinds } from './parser';

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

describe('the syntax check on the nodes the parse listed', () => {
  /** The error a parse throws, as ESLint shows it. */
  const failure = (parse: () => unknown) => {
    try {
      parse();
      return undefined;
    } catch (error) {
      const e = error as { message: string; lineNumber: number; column: number };
      return { message: e.message, line: e.lineNumber, column: e.column };
    }
  };

  it("reports the first error in source order, as typescript-eslint's parser does", () => {
    const sources = [
      // two errors of the syntax check, the first nested deeper than the second
      'function f() { if (a) { switch (b) { default: break; default: break; } } }\nswitch (c) { default: default: }\n',
      // a modifier error before a statement error, and one on a type member
      'class A { m() { const o = { declare x: 1 }; } }\nswitch (c) { default: default: }\n',
      'interface I { public a: string }\nswitch (c) { default: default: }\n',
      'export const ok = 1;\nlet x = { async get y() { return 1; } };\nabstract function g() {}\n',
    ];
    for (const [i, text] of sources.entries()) {
      const filePath = `/virtual/two-errors-${i}.ts`;
      const expected = failure(() => typescriptEslintParse(text, { filePath, range: true, loc: true }));
      expect(expected, text).toBeDefined();
      // a fresh text each time: the shared parse of the same text is not reused across the two parsers
      expect(failure(() => parseForESLint(text, { filePath })), text).toEqual(expected);
    }
  });
});
