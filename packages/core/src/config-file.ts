import ts from 'typescript';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { configKind, type ConfigKind } from './source';
import { linesWithOffsets } from './lines';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, flattenDiagnosticMessageText, isArrayLiteralExpression, isIdentifier, isNumericLiteral, isObjectLiteralExpression,
  isPrefixUnaryExpression, isPropertyAssignment, isStringLiteral, parseJsonText,
} = ts;

/** One scalar value in a config file, with the key path that leads to it. */
export interface ConfigEntry {
  /** Keys from the document root; array indexes as decimal strings. */
  path: string[];
  /** The nearest key name (for an array item, its parent's key). */
  key: string;
  /** The scalar as text (numbers and booleans stringified); null for null. */
  value: string | null;
  /** Offsets of the value in the file, end exclusive (inside quotes when quoted). */
  valueStart: number;
  valueEnd: number;
  /** Offset of the key, or the value's start when there is no key. */
  keyStart: number;
}

export interface ConfigDocument {
  kind: ConfigKind;
  entries: ConfigEntry[];
}

export class ConfigParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ConfigParseError';
  }
}

/** Parse a config file into its scalar entries. Throws ConfigParseError when it does not parse. */
export function parseConfigFile(fileName: string, text: string): ConfigDocument {
  const kind = configKind(fileName);
  switch (kind) {
    case 'env':
      return { kind, entries: parseEnv(text) };
    case 'json':
      return { kind, entries: parseJson(fileName, text) };
    case 'yaml':
      return { kind, entries: parseYaml(text) };
    default:
      throw new ConfigParseError(`not a config file popdb-guard reads: ${fileName}`, 0);
  }
}

/** dotenv syntax: `KEY=value`, `export KEY=value`, quotes, `#` comments. */
function parseEnv(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const lineRe = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*(.*)$/;
  for (const { line: clean, start: lineStart } of linesWithOffsets(text)) {
    if (/^\s*(#|$)/.test(clean)) continue;
    const m = lineRe.exec(clean);
    if (!m) continue;
    const key = m[1];
    let raw = m[2];
    let valueStart = lineStart + clean.length - raw.length;
    const quote = raw[0];
    let value: string;
    if ((quote === '"' || quote === "'" || quote === '`') && raw.indexOf(quote, 1) > 0) {
      const close = raw.indexOf(quote, 1);
      value = raw.slice(1, close);
      valueStart += 1;
    } else {
      // unquoted: an inline comment starts at " #"
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash);
      value = raw.trimEnd();
    }
    entries.push({ path: [key], key, value, valueStart, valueEnd: valueStart + value.length, keyStart: lineStart + clean.indexOf(key) });
  }
  return entries;
}

/** JSON with comments and trailing commas (tsconfig, VS Code settings), through the TypeScript JSON parser. */
function parseJson(fileName: string, text: string): ConfigEntry[] {
  const file = parseJsonText(fileName, text);
  const diagnostics = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const d = diagnostics[0];
    throw new ConfigParseError(`not valid JSON: ${flattenDiagnosticMessageText(d.messageText, ' ')}`, d.start ?? 0);
  }
  const entries: ConfigEntry[] = [];
  const visit = (node: ts.Expression, pathSoFar: string[], key: string, keyStart: number): void => {
    if (isObjectLiteralExpression(node)) {
      for (const prop of node.properties) {
        if (!isPropertyAssignment(prop)) continue;
        const name = isStringLiteral(prop.name) || isIdentifier(prop.name) || isNumericLiteral(prop.name) ? prop.name.text : prop.name.getText(file);
        visit(prop.initializer, [...pathSoFar, name], name, prop.name.getStart(file));
      }
    } else if (isArrayLiteralExpression(node)) {
      node.elements.forEach((el, i) => visit(el, [...pathSoFar, String(i)], key, el.getStart(file)));
    } else if (isStringLiteral(node)) {
      const start = node.getStart(file) + 1;
      entries.push({ path: pathSoFar, key, value: node.text, valueStart: start, valueEnd: node.end - 1, keyStart });
    } else if (isNumericLiteral(node) || isPrefixUnaryExpression(node) || node.kind === SyntaxKind.TrueKeyword || node.kind === SyntaxKind.FalseKeyword) {
      entries.push({ path: pathSoFar, key, value: node.getText(file), valueStart: node.getStart(file), valueEnd: node.end, keyStart });
    } else if (node.kind === SyntaxKind.NullKeyword) {
      entries.push({ path: pathSoFar, key, value: null, valueStart: node.getStart(file), valueEnd: node.end, keyStart });
    }
  };
  const root = file.statements[0]?.expression;
  if (root) visit(root, [], '', root.getStart(file));
  return entries;
}

/** YAML, every document of a multi-document file (Kubernetes manifests, CI files). */
function parseYaml(text: string): ConfigEntry[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const entries: ConfigEntry[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw new ConfigParseError(`not valid YAML: ${e.message.split('\n')[0]}`, e.pos[0]);
    }
    const visit = (node: unknown, pathSoFar: string[], key: string, keyStart: number): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const ks = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : keyStart;
          visit(pair.value, [...pathSoFar, k], k, ks);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => visit(item, [...pathSoFar, String(i)], key, (item as YamlNode | null)?.range?.[0] ?? keyStart));
      } else if (isScalar(node) && node.range) {
        let [start, end] = node.range;
        const src = text.slice(start, end);
        if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && src.length >= 2) {
          start += 1;
          end -= 1;
        }
        const value = node.value === null || node.value === undefined ? null : String(node.value);
        entries.push({ path: pathSoFar, key, value, valueStart: start, valueEnd: Math.max(start, end), keyStart });
      }
    };
    visit(doc.contents, [], '', 0);
  }
  return entries;
}
