import { isSourceFile } from './source';

/**
 * Generated and minified sources (a `bundle.js`, a vendored `*.min.js`
 * under another name) are recognised by their lines, not their names: a line
 * longer than this is not code anyone reviews, and the project-wide
 * analyses (query model, taint) on a megabyte-long line cost far more than
 * they can find. Such a file is checked by the cheap rules only (a literal
 * secret in a bundle is still a leak), and a warning on the file says so.
 */
export const GENERATED_LINE_LENGTH = 10_000;

/** The rules that still run on a generated file: each looks at literals one by one, in linear time. */
export const CHEAP_RULES: readonly string[] = ['no-hardcoded-credentials', 'no-default-credentials'];

/** The length of the longest line (any line break counts), in one pass. */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      if (i - start > longest) longest = i - start;
      start = i + 1;
    }
  }
  return Math.max(longest, text.length - start);
}

/** A JS/TS source with a line over `GENERATED_LINE_LENGTH`: its longest line, or undefined for ordinary code. */
export function generatedSourceLine(fileName: string, text: string): number | undefined {
  if (!isSourceFile(fileName) || text.length <= GENERATED_LINE_LENGTH) return undefined;
  const longest = longestLine(text);
  return longest > GENERATED_LINE_LENGTH ? longest : undefined;
}
