import * as fs from 'node:fs';
import * as path from 'node:path';
import { IndentationText, Node, Project, QuoteKind, type SourceFile } from 'ts-morph';
import { PARSE_ERROR_RULE_ID, getProjectModel, interpolateText, isSourceFile, linesWithOffsets, projectRootFor, type Finding, type LocalizedText, type Policy, type ProjectModel } from '@popdb-guard/core';
import { REASONS, NOTES, TITLES, type ReasonId } from './reasons';
import { addEnvExampleNames } from './env-example';
import { hiddenAuditFindings } from './hidden';

export interface FixOptions {
  /** Concurrency of the p-limit limiter the loop fix creates (the policy has no key for it). Default `DEFAULT_CONCURRENCY`. */
  concurrency?: number;
  /**
   * The project's own fail-fast environment reader (`name(varName): string`),
   * used by the default-credential fix instead of a generated `requireEnv`.
   * The function must be exported by a project file.
   */
  envHelper?: string;
}

export interface FixRequest {
  /** Findings to fix (any rule: the ones without a fixer are listed as not fixed). */
  findings: readonly Finding[];
  policy: Policy;
  /** A file's current text (the editor's buffer or the disk); undefined when it does not exist. */
  read(file: string): string | undefined;
  /** Where `.env.example` goes; default: the project root of each file (the policy's folder, else the nearest package.json). */
  root?: string;
  options?: FixOptions;
}

export interface FileChange {
  /** Absolute path. */
  file: string;
  /** The text before; undefined for a file the fix creates. */
  before: string | undefined;
  after: string;
}

export interface UnfixedFinding {
  finding: Finding;
  reason: LocalizedText;
}

export interface FixPlan {
  /** New full text per file, in path order; files created have `before: undefined`. */
  changes: FileChange[];
  fixed: Finding[];
  /** What was done for each fixed finding, in the order of `fixed` (the editor's quick-fix titles). */
  applied: { finding: Finding; title: LocalizedText }[];
  unfixed: UnfixedFinding[];
  /** Steps outside the code a fix needs (install a package, fill in a TODO). */
  notes: LocalizedText[];
  /** The secrets the fixes removed: every printed diff masks them (SPEC §3). */
  secrets: string[];
}

/** The limiter's concurrency when no option sets it: a handful of lookups in flight, far from the lock threshold. */
export const DEFAULT_CONCURRENCY = 4;

/** What a fixer sees of one finding. */
export interface FixContext {
  finding: Finding;
  file: string;
  sourceFile: SourceFile;
  /** The finding's range as offsets in the file. */
  start: number;
  end: number;
  policy: Policy;
  projectRoot: string;
  model: ProjectModel;
  options: Required<Pick<FixOptions, 'concurrency'>> & FixOptions;
  edits: FileEdits;
  session: FixSession;
}

/** A fixer's verdict: either an edit to apply, or the reason it cannot be made safely. */
export type FixAnalysis = { apply(): void; title: LocalizedText } | { reason: LocalizedText };
export type Fixer = (ctx: FixContext) => FixAnalysis;

/** A quick-fix title from the catalogue, filled in. */
export const titled = (id: keyof typeof TITLES, data?: Record<string, string>): LocalizedText => interpolateText(TITLES[id], data);

export const cannot = (id: ReasonId, data?: Record<string, string>): { reason: LocalizedText } => ({
  reason: interpolateText(REASONS[id], data),
});

/** Edits of one file collected by its fixers, merged into the plan only when the whole file succeeds. */
export class FileEdits {
  /** module specifier → names to import from it */
  readonly imports = new Map<string, { defaultName?: string; named: Set<string> }>();
  readonly envNames = new Map<string, string | undefined>();
  readonly createdFiles = new Map<string, string>();
  readonly secrets: string[] = [];
  readonly notes: LocalizedText[] = [];
  /** Per-file memo for fixers (a limiter hoisted once per loop). */
  readonly memo = new Map<string, unknown>();

  importNamed(specifier: string, name: string): void {
    const entry = this.imports.get(specifier) ?? { named: new Set<string>() };
    entry.named.add(name);
    this.imports.set(specifier, entry);
  }

  importDefault(specifier: string, name: string): void {
    const entry = this.imports.get(specifier) ?? { named: new Set<string>() };
    entry.defaultName = name;
    this.imports.set(specifier, entry);
  }

  /** `NAME=` in `.env.example`; `secret` is the value it replaces (never written), to tell two secrets of one name apart. */
  envName(name: string, secret?: string): void {
    this.envNames.set(name, secret);
  }

  note(id: keyof typeof NOTES, data: Record<string, string>): void {
    const note = interpolateText(NOTES[id], data);
    if (!this.notes.some((n) => n.en === note.en)) this.notes.push(note);
  }
}

/** What the fixes of all files share: the env names planned, the files created. */
export class FixSession {
  /** `root\0name` → the project root whose `.env.example` lists it, and the secret it replaces (projects do not share variables) */
  readonly envNames = new Map<string, { root: string; name: string; secret: string | undefined }>();
  readonly createdFiles = new Map<string, string>();
  constructor(readonly read: (file: string) => string | undefined) {}

  /** A file's text as the plan will leave it (created earlier in this run, else as read). */
  textOf(file: string): string | undefined {
    return this.createdFiles.get(file) ?? this.read(file);
  }

  /** Would `name` carry a different secret than one already planned? */
  envNameClash(root: string, name: string, secret: string | undefined): boolean {
    const planned = this.envNames.get(`${root}\u0000${name}`);
    return planned !== undefined && secret !== undefined && planned.secret !== undefined && planned.secret !== secret;
  }
}

/**
 * The fixers, by rule id (registered in index.ts): the extension point for the
 * rules that come. A rule with no entry is listed as "no automatic fix".
 */
export const FIXERS: Record<string, Fixer> = {};

export function registerFixer(ruleId: string, fixer: Fixer): void {
  FIXERS[ruleId] = fixer;
}

function hasParseErrors(sf: SourceFile): boolean {
  return ((sf.compilerNode as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0) > 0;
}

function offsetOf(sf: SourceFile, line: number, column: number): number {
  const starts = sf.compilerNode.getLineStarts();
  const lineStart = starts[Math.min(Math.max(line - 1, 0), starts.length - 1)] ?? 0;
  return Math.min(lineStart + Math.max(column - 1, 0), sf.getEnd());
}

/** The file's own indentation (two spaces, four, a tab) and quotes, so inserted code looks written there. */
function styleOf(text: string): { indentationText: IndentationText; quoteKind: QuoteKind } {
  const indents = text.match(/^[ \t]+(?=\S)/gm) ?? [];
  let indentationText = IndentationText.TwoSpaces;
  if (indents.some((i) => i.startsWith('\t'))) indentationText = IndentationText.Tab;
  else {
    const widths = indents.map((i) => i.length).filter((w) => w > 0);
    const min = widths.length ? Math.min(...widths) : 2;
    indentationText = min >= 4 ? IndentationText.FourSpaces : IndentationText.TwoSpaces;
  }
  const quoted = (q: string) => (text.match(new RegExp(`^(?:import|export)[^\\n]*from ${q}`, 'gm')) ?? []).length;
  // no import to go by: the quotes the file's strings use most
  const double = quoted('"') + quoted("'") > 0 ? quoted('"') > quoted("'") : (text.match(/"/g) ?? []).length > (text.match(/'/g) ?? []).length;
  return { indentationText, quoteKind: double ? QuoteKind.Double : QuoteKind.Single };
}

const CREDENTIAL_RULES = new Set(['popdb/no-hardcoded-credentials', 'popdb/no-default-credentials']);

/**
 * Plan the fixes for a set of findings: the new text of every file touched,
 * the files created, and the findings that could not be fixed safely, each
 * with its reason. Nothing is written; the caller writes `changes` (the CLI)
 * or turns them into a WorkspaceEdit (the language server).
 *
 * Each file is edited with ts-morph on its own: every fixer first decides
 * (from the untouched AST) whether it can fix its finding and what to write,
 * then the edits run from the end of the file to its start, then the
 * imports are added. A file that does not parse, or that an edit would leave
 * unparsable, or whose edit throws, keeps its text and lists its findings.
 */
export function planFixes(request: FixRequest): FixPlan {
  const options = { ...request.options, concurrency: request.options?.concurrency ?? DEFAULT_CONCURRENCY };
  const session = new FixSession(request.read);
  const plan: FixPlan = { changes: [], fixed: [], applied: [], unfixed: [], notes: [], secrets: [] };
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true, jsx: 4 /* preserve */ } });
  const byFile = new Map<string, Finding[]>();
  for (const f of [...request.findings, ...hiddenAuditFindings(request.findings, request.policy, request.read)]) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const unparsed = new Set(request.findings.filter((f) => f.ruleId === PARSE_ERROR_RULE_ID).map((f) => f.file));
  plan.secrets.push(...findingTexts(request.findings.filter((f) => CREDENTIAL_RULES.has(f.ruleId)), request.read));
  const list = (findings: readonly Finding[], reason: { reason: LocalizedText }) => {
    for (const finding of findings) plan.unfixed.push({ finding, reason: reason.reason });
  };
  for (const [file, findings] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const fixable = findings.filter((f) => FIXERS[f.ruleId]);
    for (const f of findings) if (!FIXERS[f.ruleId]) plan.unfixed.push({ finding: f, reason: cannot(f.ruleId === PARSE_ERROR_RULE_ID ? 'parse' : 'noFixer', { rule: f.ruleId }).reason });
    if (!fixable.length) continue;
    if (!isSourceFile(file)) {
      list(fixable, CREDENTIAL_RULES.has(fixable[0].ruleId) ? cannot('configFile') : cannot('noFixer', { rule: fixable[0].ruleId }));
      continue;
    }
    const text = request.read(file);
    if (text === undefined) {
      list(fixable, cannot('notFound'));
      continue;
    }
    const sourceFile = project.createSourceFile(file, text, { overwrite: true });
    if (unparsed.has(file) || hasParseErrors(sourceFile)) {
      list(fixable, cannot('parse'));
      continue;
    }
    project.manipulationSettings.set({ ...styleOf(text), usePrefixAndSuffixTextForRename: false });
    const projectRoot = request.root ?? projectRootFor(file, request.policy);
    const model = getProjectModel(file, request.policy);
    const edits = new FileEdits();
    const planned: { offset: number; finding: Finding; apply: () => void; title: LocalizedText }[] = [];
    for (const finding of fixable) {
      const start = offsetOf(sourceFile, finding.line, finding.column);
      const end = finding.endLine !== undefined && finding.endColumn !== undefined ? offsetOf(sourceFile, finding.endLine, finding.endColumn) : start;
      const ctx: FixContext = { finding, file, sourceFile, start, end, policy: request.policy, projectRoot, model, options, edits, session };
      let analysis: FixAnalysis;
      try {
        analysis = FIXERS[finding.ruleId](ctx);
      } catch (error) {
        analysis = cannot('failed', { error: error instanceof Error ? error.message : String(error) });
      }
      if ('reason' in analysis) plan.unfixed.push({ finding, reason: analysis.reason });
      else planned.push({ offset: start, finding, apply: analysis.apply, title: analysis.title });
    }
    if (!planned.length) continue;
    const failure = applyAll(sourceFile, planned, edits);
    if (failure) {
      list(
        planned.map((p) => p.finding),
        failure,
      );
      continue;
    }
    const after = sourceFile.getFullText();
    if (after !== text) plan.changes.push({ file, before: text, after });
    plan.fixed.push(...planned.map((p) => p.finding));
    plan.applied.push(...planned.map((p) => ({ finding: p.finding, title: p.title })));
    for (const [name, secret] of edits.envNames) {
      const key = `${projectRoot}\u0000${name}`;
      if (!session.envNames.has(key)) session.envNames.set(key, { root: projectRoot, name, secret });
    }
    for (const [f, t] of edits.createdFiles) session.createdFiles.set(f, t);
    plan.secrets.push(...edits.secrets);
    plan.notes.push(...edits.notes);
  }
  // .env.example, one per project root, each name once
  const roots = new Map<string, string[]>();
  for (const { root, name } of session.envNames.values()) roots.set(root, [...(roots.get(root) ?? []), name]);
  for (const [root, names] of roots) {
    const file = path.join(root, '.env.example');
    const before = request.read(file);
    const after = addEnvExampleNames(before, names);
    if (after !== undefined && after !== before) plan.changes.push({ file, before, after });
  }
  for (const [file, text] of session.createdFiles) if (request.read(file) === undefined) plan.changes.push({ file, before: undefined, after: text });
  plan.changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return plan;
}

/**
 * The text each credential finding points at (the literal, the value in a
 * config file), unquoted: what the printed diff must mask even when the fix
 * did not take it out.
 */
function findingTexts(findings: readonly Finding[], read: (file: string) => string | undefined): string[] {
  const out: string[] = [];
  const lines = new Map<string, ReturnType<typeof linesWithOffsets> | undefined>();
  for (const f of findings) {
    if (f.endLine === undefined || f.endColumn === undefined) continue;
    if (!lines.has(f.file)) {
      const text = read(f.file);
      lines.set(f.file, text === undefined ? undefined : linesWithOffsets(text));
    }
    const table = lines.get(f.file);
    const text = table && read(f.file);
    if (!table || text === undefined) continue;
    const at = (line: number, column: number) => (table[line - 1]?.start ?? text.length) + column - 1;
    const value = text.slice(at(f.line, f.column), at(f.endLine, f.endColumn)).replace(/^['"`]|['"`]$/g, '');
    if (value.length >= 3) out.push(value);
  }
  return out;
}

function applyAll(sourceFile: SourceFile, planned: { offset: number; apply: () => void }[], edits: FileEdits): { reason: LocalizedText } | undefined {
  const original = sourceFile.getFullText();
  try {
    // from the end of the file to its start: an edit never moves the code a later-applied edit was planned on
    for (const p of [...planned].sort((a, b) => b.offset - a.offset)) p.apply();
    addImports(sourceFile, edits);
  } catch (error) {
    sourceFile.replaceWithText(original);
    return cannot('failed', { error: error instanceof Error ? error.message : String(error) });
  }
  if (hasParseErrors(sourceFile)) {
    sourceFile.replaceWithText(original);
    return cannot('brokeSyntax');
  }
  return undefined;
}

function addImports(sourceFile: SourceFile, edits: FileEdits): void {
  for (const [specifier, { defaultName, named }] of edits.imports) {
    const existing = sourceFile.getImportDeclarations().find((d) => d.getModuleSpecifierValue() === specifier && !d.isTypeOnly() && !d.getNamespaceImport());
    if (existing) {
      const have = new Set(existing.getNamedImports().map((n) => n.getAliasNode()?.getText() ?? n.getName()));
      for (const name of named) if (!have.has(name)) existing.addNamedImport(name);
      if (defaultName && !existing.getDefaultImport()) existing.setDefaultImport(defaultName);
      continue;
    }
    sourceFile.addImportDeclaration({ moduleSpecifier: specifier, defaultImport: defaultName, namedImports: named.size ? [...named] : undefined });
  }
}

// ---------------------------------------------------------------- helpers the fixers share

/** The node satisfying `accept` whose bounds are closest to [start, end), the smaller on a tie (rules report a node or a part of it). */
export function nodeAt<T extends Node>(sf: SourceFile, start: number, end: number, accept: (n: Node) => n is T): T | undefined {
  let best: { node: T; score: number; span: number } | undefined;
  const consider = (n: Node) => {
    if (!accept(n)) return;
    const s = n.getStart();
    const score = Math.abs(s - start) + Math.abs(n.getEnd() - end);
    const span = n.getEnd() - s;
    if (!best || score < best.score || (score === best.score && span < best.span)) best = { node: n, score, span };
  };
  const deepest = sf.getDescendantAtPos(start);
  for (let cur: Node | undefined = deepest; cur; cur = cur.getParent()) consider(cur);
  // a node starting inside the range (the rule reported a wider span than the node)
  sf.forEachDescendant((n, traversal) => {
    if (n.getEnd() < start || n.getStart() > Math.max(start, end)) return traversal.skip();
    if (n.getStart() >= start) consider(n);
    return undefined;
  });
  return best?.node;
}

type StatementList = Node & { insertStatements(index: number, text: string): unknown; getChildIndentationText(): string };

/**
 * Insert statements into a statement list at `index`, indented like `beside`
 * (a statement of that list). ts-morph indents inserted text to the list's
 * child level, which it takes from TypeScript's smart indenter at the list's
 * `{`; for a block that opens on a `try {`, `else {` or `case` line that
 * level is one short. The lines get the difference as a prefix, which
 * ts-morph keeps.
 */
export function insertStatementsBeside(list: Node, index: number, beside: Node, text: string): void {
  if (!(Node.isBlock(list) || Node.isSourceFile(list) || Node.isCaseClause(list) || Node.isDefaultClause(list))) throw new Error('not a statement list');
  const target = list as unknown as StatementList;
  const full = beside.getSourceFile().getFullText();
  const lineStart = full.lastIndexOf('\n', beside.getStart() - 1) + 1;
  const actual = /^[ \t]*/.exec(full.slice(lineStart))![0];
  const expected = target.getChildIndentationText();
  const extra = actual.startsWith(expected) ? actual.slice(expected.length) : '';
  target.insertStatements(index, extra ? text.split('\n').map((l) => (l ? extra + l : l)).join('\n') : text);
}

/** A CommonJS module: an import declaration cannot be added to it. */
export function isCommonJs(sf: SourceFile): boolean {
  const file = sf.getFilePath();
  if (/\.c[jt]s$/.test(file)) return true;
  if (/\.(ts|tsx|mts)$/.test(file)) return false;
  return sf.getImportDeclarations().length === 0 && sf.getExportDeclarations().length === 0 && /\brequire\s*\(/.test(sf.getFullText());
}

/** The specifier to import `target` from `fromFile`: relative, without the extension unless the file's own relative imports write one. */
export function moduleSpecifierTo(fromFile: string, target: string, sf: SourceFile): string {
  let rel = path.relative(path.dirname(fromFile), target).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const writesJs = sf.getImportDeclarations().some((d) => /^\.\.?\/.*\.(js|mjs|cjs)$/.test(d.getModuleSpecifierValue()));
  const bare = rel.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
  return writesJs ? `${bare}.js` : bare;
}

/** The local names a file already uses (declarations and imports at every level): a name the fix adds must be new. */
export function namesIn(node: Node): Set<string> {
  const names = new Set<string>();
  node.forEachDescendant((n) => {
    if (Node.isIdentifier(n)) names.add(n.getText());
  });
  return names;
}

/**
 * The project file that exports `name` (declared there, not re-exported), by
 * the project model: the files whose text has the token, then their export
 * tables. Sorted, so the choice does not depend on the order files were read.
 */
export function findExportingFile(model: ProjectModel, name: string, except?: string): string | undefined {
  const candidates = model.filesContaining(name).filter((f) => f !== except).sort();
  for (const f of candidates) {
    const index = model.fileIndex(f);
    const binding = index?.exports.get(name);
    if (binding && binding.kind !== 'reexport') return f;
  }
  return undefined;
}

/** The local name a file imports `imported` of `module` under (`import x from 'module'` → `x` for `default`). */
export function importedLocal(sf: SourceFile, module: string, imported: string): string | undefined {
  for (const d of sf.getImportDeclarations()) {
    if (d.getModuleSpecifierValue() !== module || d.isTypeOnly()) continue;
    if (imported === 'default') {
      const def = d.getDefaultImport();
      if (def) return def.getText();
      continue;
    }
    for (const n of d.getNamedImports()) if (n.getName() === imported && !n.isTypeOnly()) return n.getAliasNode()?.getText() ?? n.getName();
  }
  return undefined;
}

/** Does the project's package.json list a dependency? (No package.json: unknown, say yes.) */
export function projectDepends(projectRoot: string, pkg: string, read: (f: string) => string | undefined): boolean {
  const text = read(path.join(projectRoot, 'package.json'));
  if (text === undefined) return true;
  try {
    const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((k) => json[k]?.[pkg] !== undefined);
  } catch {
    return true;
  }
}

export const directoryExists = (dir: string): boolean => {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
};

