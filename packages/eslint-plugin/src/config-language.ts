import { TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import { ConfigParseError, LINE_BREAK, lineAtOffset, linesWithOffsets, parseConfigFile, splitLines, type ConfigDocument } from '@popdb-guard/core';

/**
 * An ESLint language for the config files where credentials and endpoints
 * live (`.env*`, JSON, YAML). The whole file is one node, `ConfigDocument`;
 * rules read its parsed entries through `node.document`. A language (not a
 * processor) keeps ESLint's own line and column for every report, and lets a
 * config file that does not parse surface as a normal fatal parse error.
 */
export interface ConfigRootNode {
  type: 'ConfigDocument';
  document: ConfigDocument;
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface ConfigFile {
  path: string;
  physicalPath: string;
  body: string | Uint8Array;
}

function endLoc(text: string): { line: number; column: number } {
  const lines = splitLines(text);
  return { line: lines.length, column: lines[lines.length - 1].length };
}

export class ConfigSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, unknown>;
  RootNode: ConfigRootNode;
  SyntaxElementWithLoc: ConfigRootNode;
  ConfigNode: ConfigRootNode;
}> {
  private starts: number[] | undefined;

  /**
   * Line starts, computed once in one pass. plugin-kit's own lookup scans
   * the rest of the text again on every call past the last line break it
   * knows, so each finding on a one-line 1 MB JSON file cost a full scan
   * (26,000 findings: a minute); this table makes each lookup a binary search.
   */
  private lineStarts(): number[] {
    this.starts ??= linesWithOffsets(this.text).map((l) => l.start);
    return this.starts;
  }

  override getLocFromIndex(index: number): { line: number; column: number } {
    if (typeof index !== 'number' || index < 0 || index > this.text.length) return super.getLocFromIndex(index);
    const starts = this.lineStarts();
    const line = lineAtOffset(starts, index);
    return { line: line + 1, column: index - starts[line] };
  }

  override getIndexFromLoc(loc: { line: number; column: number }): number {
    const starts = this.lineStarts();
    if (!loc || typeof loc.line !== 'number' || typeof loc.column !== 'number' || loc.line < 1 || loc.line > starts.length) return super.getIndexFromLoc(loc);
    return Math.min(this.text.length, starts[loc.line - 1] + loc.column);
  }

  override getParent(): undefined {
    return undefined;
  }

  override *traverse(): Iterable<VisitNodeStep> {
    yield new VisitNodeStep({ target: this.ast, phase: 1, args: [this.ast, undefined] });
    yield new VisitNodeStep({ target: this.ast, phase: 2, args: [this.ast, undefined] });
  }
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = splitLines(text.slice(0, offset));
  // ESLint's fatal messages are 1-based in both line and column.
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export const configLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: { ConfigDocument: [] as string[] },
  defaultLanguageOptions: {},
  validateLanguageOptions(): void {},
  parse(file: ConfigFile) {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    try {
      const document = parseConfigFile(file.physicalPath || file.path, text);
      const ast: ConfigRootNode = { type: 'ConfigDocument', document, range: [0, text.length], loc: { start: { line: 1, column: 0 }, end: endLoc(text) } };
      return { ok: true as const, ast };
    } catch (error) {
      const offset = error instanceof ConfigParseError ? error.offset : 0;
      const { line, column } = lineColumnOf(text, offset);
      return { ok: false as const, errors: [{ message: error instanceof Error ? error.message : String(error), line, column }] };
    }
  },
  createSourceCode(file: ConfigFile, input: { ast: ConfigRootNode }) {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    // ESLint's line breaks (\r\n, \r, \n, U+2028, U+2029), as for JS/TS: one rule everywhere
    return new ConfigSourceCode({ text, ast: input.ast, lineEndingPattern: LINE_BREAK });
  },
};
