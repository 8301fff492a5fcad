import { createHash } from 'node:crypto';
import ts from 'typescript';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { ScriptTarget, SyntaxKind, createScanner } = ts;

/**
 * A hash of a piece of code that ignores formatting and comments but changes
 * with any change of logic: the token stream (kind and text of every token),
 * without trivia. Used by the approval baseline: Circular 46/2022 art. 6 and
 * 5722/TCTTKĐA require re-assessment when the code that serves the connection
 * changes, and a reformat is not a change.
 */
export function normalizedCodeHash(node: ts.Node, sourceFile: ts.SourceFile): string {
  return createHash('sha256').update(normalizedTokens(node, sourceFile).join('\u0001')).digest('hex').slice(0, 24);
}

const scanner = createScanner(ScriptTarget.Latest, true);

/** The tokens of a node's text, without whitespace and comments. Semicolons and trailing commas are dropped too: ASI and formatters add or remove them without changing logic. */
export function normalizedTokens(node: ts.Node, sourceFile: ts.SourceFile): string[] {
  const text = sourceFile.text.slice(node.getStart(sourceFile), node.end);
  // one scanner for every call (creating one builds its whole closure set): the inventory hashes every function on a query path
  scanner.setText(text);
  scanner.setLanguageVariant(sourceFile.languageVariant);
  const tokens: string[] = [];
  let previous: ts.SyntaxKind | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === SyntaxKind.SemicolonToken) {
      previous = kind;
      continue;
    }
    // `a,\n}` vs `a\n}`: a trailing comma before a closing bracket is formatting
    if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken || kind === SyntaxKind.CloseParenToken) && previous === SyntaxKind.CommaToken) {
      tokens.pop();
    }
    let tokenText = scanner.getTokenText();
    // 'x' and "x" are the same string
    if (kind === SyntaxKind.StringLiteral) tokenText = JSON.stringify(scanner.getTokenValue());
    tokens.push(`${kind}:${tokenText}`);
    previous = kind;
  }
  return tokens;
}
