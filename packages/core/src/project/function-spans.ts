import { parseSource } from '../source';
import { buildFileIndex } from './file-index';
import { contentHash } from './files';

export interface FunctionSpan {
  name: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/** The line span of every function in a source file (for "which function did this diff touch"). */
export function functionSpans(fileName: string, text: string): FunctionSpan[] {
  const sourceFile = parseSource(fileName, text);
  const lineOf = (pos: number) => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  return buildFileIndex(sourceFile, contentHash(text)).functions.map((f) => ({ name: f.name, startLine: lineOf(f.node.getStart(sourceFile)), endLine: lineOf(f.node.end) }));
}
