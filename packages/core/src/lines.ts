/**
 * The one line-splitting rule of popdb-guard: ESLint's. ESLint counts
 * `\r\n`, `\r`, `\n`, U+2028 and U+2029 as line breaks when it reports a
 * line and column, so every host that maps a finding back to a line (the
 * CLI's excerpts and fingerprints, the config language, the .env parser)
 * must split the same way, or a finding lands on the wrong line and its
 * masking with it.
 */
export const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
const LINE_BREAK_G = /\r\n|[\r\n\u2028\u2029]/g;

/** The lines of a text, split as ESLint does. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** Each line with the offset where it starts, split as ESLint does. */
export function linesWithOffsets(text: string): { line: string; start: number }[] {
  const out: { line: string; start: number }[] = [];
  let start = 0;
  LINE_BREAK_G.lastIndex = 0;
  for (let m = LINE_BREAK_G.exec(text); m; m = LINE_BREAK_G.exec(text)) {
    out.push({ line: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  out.push({ line: text.slice(start), start });
  return out;
}

/** The 0-based line holding `offset`, given each line's start offset in order (a binary search). */
export function lineAtOffset(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
