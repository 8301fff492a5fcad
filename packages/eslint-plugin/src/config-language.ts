import { TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import { ConfigParseError, LINE_BREAK, parseConfigFile, splitLines, type ConfigDocument } from '@popdb-guard/core';

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
