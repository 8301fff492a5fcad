import * as path from 'node:path';
import { createTwoFilesPatch, diffLines } from 'diff';
import { isSourceFile, maskLikelySecrets, maskSecretsIn } from '@popdb-guard/core';
import type { FileChange, FixPlan } from './plan';

/**
 * The plan as a unified diff (jsdiff), paths relative to `root`. The lines a
 * hardcoded-secret fix removes carry the secret: every secret the findings
 * point at (fixed or not) is masked (first 2 and last 2 characters at most,
 * SPEC §3) before the text leaves this function, and so is anything on a
 * context or removed line that looks like one.
 */
export function unifiedDiff(plan: Pick<FixPlan, 'changes' | 'secrets'>, root: string): string {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const patches = plan.changes.map((c: FileChange) => {
    const patch = createTwoFilesPatch(c.before === undefined ? '/dev/null' : `a/${rel(c.file)}`, `b/${rel(c.file)}`, c.before ?? '', c.after, undefined, undefined, { context: 3 });
    // context and removed lines are the project's own text: a secret no fix removed (one listed as
    // not fixed, a value beside the edit) is masked the way every excerpt is (maskLikelySecrets)
    const mode = isSourceFile(c.file) ? 'code' : 'config';
    return patch
      .replace(/^=+\n/, '')
      .split('\n')
      .map((line) => (/^[ -](?!-- )/.test(line) ? line[0] + maskLikelySecrets(line.slice(1), mode) : line))
      .join('\n');
  });
  return maskSecretsIn(patches.join(''), plan.secrets);
}

/** A replacement of a range of the old text, by 0-based lines and UTF-16 columns (the LSP's TextEdit shape, without its types). */
export interface LineEdit {
  start: { line: number; character: number };
  end: { line: number; character: number };
  newText: string;
}

/**
 * The edits that turn `before` into `after`, one per changed run of lines
 * (jsdiff `diffLines`): an editor applies these and keeps the cursor and
 * folds of the lines the fix did not touch, where one whole-file
 * replacement would reset them.
 */
export function lineEdits(before: string, after: string): LineEdit[] {
  const lineStarts = [0];
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - lineStarts[lo] };
  };
  const edits: LineEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      if (pending) edits.push({ start: position(pending.start), end: position(pending.end), newText: pending.text });
      pending = undefined;
      offset += part.value.length;
      continue;
    }
    pending ??= { start: offset, end: offset, text: '' };
    if (part.removed) {
      offset += part.value.length;
      pending.end = offset;
    } else pending.text += part.value;
  }
  if (pending) edits.push({ start: position(pending.start), end: position(pending.end), newText: pending.text });
  return edits;
}
