import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import type { Policy } from '../policy/policy';
import { skipOuterExpressions } from '../callee';
import { isSourceFile } from '../source';
import { collectFiles } from './collect-files';
import { isTestCode } from '../test-code';
import { absolutePath, contentHash, projectFiles as defaultProjectFiles, type ProjectFiles } from './files';
import { ModuleResolver } from './module-resolution';
import { Evaluator, envVariable, representative, type Candidate } from './evaluate';
import { sharedSourceFile } from './source-files';
import { isWithinFolder } from './read-file';
import { buildFileIndex, fileVersionKey, isFunctionLike, requireSpecifier, type FileIndex, type FunctionInfo, type FunctionLike } from './file-index';
import { forEachNode } from '../walk';
import { dependencyRecorder as recorder, type Recorded } from './dependencies';
import { remembered } from '../remembered';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  SyntaxKind, getModifiers, isBlock, isCallExpression, isCaseClause, isClassDeclaration, isClassExpression,
  isConstructorDeclaration, isDefaultClause, isElementAccessExpression, isExpression, isForInStatement, isForOfStatement,
  isForStatement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isMethodDeclaration, isNewExpression,
  isObjectLiteralExpression, isParameter, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment,
  isPropertyDeclaration, isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike, isTypeReferenceNode,
  isVariableDeclaration, isVariableDeclarationList, isVariableStatement,
  isSourceFile: isSourceFileNode,
} = ts;

/**
 * The project model: every file of the project, indexed once and kept current,
 * with the cross-file questions the rules ask — what does this name refer to,
 * which function does this call reach, what string does this expression hold,
 * who calls this function. Shared by the ESLint rules, the CLI and the
 * language server (one instance per project root, see `getProjectModel`).
 *
 * Caching (see docs/architecture.md):
 * - per-file indexes are keyed by content hash, so an unchanged file is never
 *   parsed twice, in one run or across keystrokes;
 * - derived facts (function summaries, taint summaries) live in `memo`. In the
 *   CLI the memo is cleared whenever any file changes (`ProjectFiles.generation`).
 *   When the dependency recorder is always on (the language server), every
 *   fact keeps what it was derived from, and a change drops only the facts
 *   that read the changed file, searched for a token the change added or
 *   removed, read the project configuration it belongs to, or are keyed by
 *   the file (its path, its previous content hash or `memoKey`): "per-fact invalidation"
 *   (`syncFacts`, `isCurrent`). A file created or deleted, or a module-resolution
 *   input changed, still clears everything.
 */

/** A declaration found by following names and imports, with the file that holds it. */
export interface Resolved {
  file: FileIndex;
  node: ts.Node;
}

export interface FunctionTarget {
  file: FileIndex;
  info: FunctionInfo;
}

/** A piece of a statically evaluated string. */
export type StringPart =
  | { kind: 'text'; text: string }
  /** `process.env.NAME`: a deployment value; the policy says which names hold population-DB URLs. */
  | { kind: 'env'; name: string }
  /** Anything else: a parameter, a request field, a call result. */
  | { kind: 'unknown'; node: ts.Node };

const CYCLE = Symbol('cycle');

/** A memo entry computed while a host recorded dependencies (`--cache`, the language server): the value, what it was derived from, and the fact epoch it was last known current in. */
class Tracked {
  constructor(
    readonly value: unknown,
    readonly recorded: Recorded | undefined,
    public epoch: number,
  ) {}
}

/** One file's state as the current facts saw it, noted at its first change event since the facts were last synchronised. */
interface SeenBefore {
  hash: string | undefined;
  /** Its text (from its index) and its tokens (from the token index), when the model had them. */
  text: string | undefined;
  tokens: ReadonlySet<string> | undefined;
}

/**
 * What one synchronisation found changed: the dependencies (`f:`, `t:`, `p:`)
 * that no longer hold, and the strings a memo key about a changed file's
 * previous version holds (its path, its content hash, its `memoKey`): a fact keyed by the
 * file itself may have been computed from an index handed to it, without
 * asking the model for the file. An edit that is undone brings the old hash
 * back, so such keys would be asked again.
 */
interface FactChange {
  epoch: number;
  keyParts: string[];
  deps: Set<string>;
}

/** How many synchronisations an entry may be behind and still be checked (older ones are recomputed). */
const CHANGE_LOG_LENGTH = 64;

/** Files whose change can alter what imports resolve to or which files are listed: a change clears every fact. */
const STRUCTURAL_INPUT = /(^|[\\/])(package\.json|[tj]sconfig[^\\/]*\.json|\.gitignore)$/;

/** Does a memo key hold `part` as a whole (not inside a longer word: a short id `f1` is not in `f12`)? */
function mentions(key: string, part: string): boolean {
  const word = (at: number) => /[A-Za-z0-9_$]/.test(key.charAt(at));
  for (let i = key.indexOf(part); i >= 0; i = key.indexOf(part, i + 1)) if (!word(i - 1) && !word(i + part.length)) return true;
  return false;
}

const TOKEN = /[A-Za-z_$][A-Za-z0-9_$]*/g;
/** Substring searches in a buffer's text, per index (one per content). */
const bufferTokenSearches = new WeakMap<FileIndex, Map<string, boolean>>();
/** The last text tokenized, and its tokens: after an edit, the change log and the token index both ask for the buffer's new text. */
let lastTokenized: { text: string; tokens: Set<string> } | undefined;
/** The identifier-like tokens of a text (read only: the set may be handed out again). */
const tokensOf = (text: string): ReadonlySet<string> => {
  if (lastTokenized?.text === text) return lastTokenized.tokens;
  const tokens = new Set(text.match(TOKEN) ?? []);
  lastTokenized = { text, tokens };
  return tokens;
};

/**
 * How many file indexes (with their ASTs) the model keeps strongly, most
 * recently used first. Others are held weakly: an index lives on while a
 * summary, a call edge or ESLint still references its AST, else the garbage
 * collector may drop it and the next question re-parses the file. A whole
 * project's ASTs no longer have to fit in memory (docs/architecture.md).
 */
export const RETAINED_INDEXES = 256;
let retainedIndexes = RETAINED_INDEXES;

/**
 * How many file indexes models created from now on keep strongly. The
 * language server keeps all (`Infinity`): between keystrokes every other
 * file's index and call edges must survive, or each edit re-parses the files
 * the edited one reaches. A CLI scan visits each file once and keeps few.
 */
export function setRetainedIndexes(count: number): void {
  retainedIndexes = count;
}

/**
 * File indexes by path: a bounded set of recent ones held strongly, every
 * other one weakly, and one index per AST (so an AST that is still alive,
 * through the shared parse or a summary that points into it, always comes
 * back with the very same index and nodes: node-keyed tables stay valid).
 */
export class IndexTable {
  private readonly hot = new Map<string, FileIndex>();
  private readonly weak = new Map<string, WeakRef<FileIndex>>();
  private readonly bySourceFile = new WeakMap<ts.SourceFile, FileIndex>();

  constructor(readonly capacity: number) {}

  /** The most recently used path (the last one re-inserted into `hot`). */
  private newest: string | undefined;

  get(abs: string): FileIndex | undefined {
    const hot = this.hot.get(abs);
    if (hot) {
      // Map order is insertion order: re-insert to mark as recently used. Not when it is the most
      // recent already (a lint asks for its own file again and again), nor when nothing is ever
      // evicted (the language server keeps every index): each re-insertion leaves a hole in the Map.
      if (abs !== this.newest && this.capacity !== Infinity) {
        this.hot.delete(abs);
        this.hot.set(abs, hot);
        this.newest = abs;
      }
      return hot;
    }
    const index = this.weak.get(abs)?.deref();
    if (index) this.keep(abs, index);
    return index;
  }

  /** The paths held strongly, least recently used first (tests, diagnostics). */
  retained(): string[] {
    return [...this.hot.keys()];
  }

  /** The index of a file if it is in memory, without marking it used. */
  peek(abs: string): FileIndex | undefined {
    return this.hot.get(abs) ?? this.weak.get(abs)?.deref();
  }

  /** The index already built over this AST, if any. */
  ofSourceFile(sourceFile: ts.SourceFile): FileIndex | undefined {
    return this.bySourceFile.get(sourceFile);
  }

  set(abs: string, index: FileIndex): void {
    this.bySourceFile.set(index.sourceFile, index);
    this.weak.set(abs, new WeakRef(index));
    this.hot.delete(abs);
    this.keep(abs, index);
  }

  private keep(abs: string, index: FileIndex): void {
    this.hot.set(abs, index);
    this.newest = abs;
    if (this.hot.size > this.capacity) this.hot.delete(this.hot.keys().next().value as string);
  }
}

/**
 * Entries per memo namespace. Summaries point into the ASTs of the files they
 * describe; an unbounded table would keep every AST of the project alive. The
 * oldest entries go first (no reordering on a hit: hits are the hot path); a
 * fact asked for again is recomputed from the current files, so the answer is
 * the same.
 */
export const MEMO_CAPACITY = 4096;
/** Files whose nodes `nodeMemo`'s node-keyed tables hold at most before they are replaced. */
export const NODE_MEMO_FILES = 512;
/** Entries per namespace `nodeMemo` keeps while facts are recorded before the oldest files' go (four times `MEMO_CAPACITY`: these are the most asked facts). */
const TRACKED_NODE_MEMO_ENTRIES = 4 * 4096;

/**
 * Drop the oldest finished entries (never one being computed: that is how cycles are detected),
 * a quarter of the table at a time: a Map leaves a hole per deleted entry at its front until it
 * is rehashed, so dropping one entry per insert walks thousands of holes every time (on 8,000
 * files that was 7.5 s of the scan).
 */
function evictOldest(table: Map<string, unknown>, capacity: number): void {
  let excess = table.size - Math.floor((capacity * 3) / 4);
  for (const [key, value] of table) {
    if (excess <= 0) break;
    if (value === CYCLE) continue;
    table.delete(key);
    excess--;
  }
}

export class ProjectModel {
  private readonly indexes = new IndexTable(retainedIndexes);
  /** Content hash each file was last indexed with (outlives the index itself). */
  private readonly indexedHashes = new Map<string, string>();
  /** What each file's import specifiers resolve to (`null`: not a project file), cleared on any change. */
  private readonly moduleCache = new Map<string, Map<string, string | null>>();
  private memoGeneration = -1;
  private readonly memos = new Map<string, Map<string, unknown>>();
  /** `nodeMemo`'s tables while no dependency recorder runs: keyed by the node itself (replaced, not cleared, with the facts). */
  private nodeMemos = new Map<string, Map<ts.Node, unknown>>();
  /** The files whose nodes `nodeMemos` holds, and how deep `nodeMemo` computations are nested (it is replaced only outside them). */
  private nodeMemoFiles = new Set<FileIndex>();
  private nodeMemoDepth = 0;
  /** `nodeMemo`'s tables while a dependency recorder runs (`trackedNodeMemo`). */
  private trackedNodeMemos = new Map<string, { byFile: Map<FileIndex, Map<ts.Node, unknown>>; size: number }>();
  /**
   * Per-fact invalidation (see the header): the current fact epoch, the
   * changes of the last synchronisations, the files changed since the last
   * one (with what the facts saw of them), and whether something forces a
   * full clear. `tracking`: the facts since the last full clear were all
   * computed with recording on.
   */
  private factEpoch = 0;
  private readonly changeLog: FactChange[] = [];
  private pendingChanges = new Map<string, SeenBefore>();
  private pendingClear = false;
  private tracking = false;
  /** Files known to exist that the file list leaves out (test code, config files, ignored files): a change to one is not a creation. */
  private readonly unlisted = new Set<string>();
  private readonly structuralEvents = new Set<string>();
  /** ProjectFiles' version of each file when it was last indexed: a new content under the same version came without a change event. */
  private readonly indexedVersions = new Map<string, string>();
  private readonly fileDependencies = new Map<string, string>();
  /** Files that changed (open buffers, files changed on disk): the `memoKey` of their current version, and the memo entries keyed by a version of one (`dropVersion`). */
  private readonly editedVersions = new Map<string, string>();
  private readonly entriesByVersion = new Map<string, { table: Map<string, unknown>; key: string }[]>();
  private readonly statistics = { computed: new Map<string, number>(), dropped: 0, clears: 0 };
  private configEpochs = { env: 0, config: 0 };
  private fileList: string[] | undefined;
  private fileSet: Set<string> | undefined;
  /**
   * The token index. Per file it keeps the files-sets of its tokens (to take the file out of them
   * when it changes), not its own copies of the token strings: 2,000 files held 300,000 of those.
   */
  private tokens: { byToken: Map<string, Set<string>>; byFile: Map<string, { version: string; hash: string; sets: Set<string>[] }> } | undefined;
  private tokensGeneration = -1;
  /** Files whose index was checked against ProjectFiles in a generation. */
  private readonly verified = new Map<string, string>();
  private fileListGeneration = -1;
  /**
   * The reverse call graph, by target key: the callers in every candidate file but the buffer, grouped by
   * file in candidate order. All entries leave out the same file (`excluded`, the buffer when they were
   * computed) and were computed under the same surfaces, so a keystroke in the buffer keeps them: only the
   * buffer's own edges are looked up again (the language server asks for the callers of every function of
   * the edited file on each keystroke, and re-verifying hundreds of candidate files was 15% of an edit).
   */
  private reverseCalls: { excluded: string | undefined; surface: number; byTarget: Map<string, ReverseCallers> } | undefined;
  /**
   * What other files can see of each file (see `surfaceSignature`), and a
   * counter bumped when any file's surface changes. Call edges depend only on
   * surfaces, so a keystroke inside a function body keeps every other file's
   * edges: the reverse call graph is not rebuilt over the whole project.
   */
  private readonly surfaces = new Map<string, string>();
  private surfaceGeneration = 0;
  /** Keyed by the index itself (one per file content): edges hold call nodes, and live only as long as their file's AST. */
  private readonly callEdgeCache = new WeakMap<FileIndex, { surface: number; edges: Map<string, CallEdge[]>; recorded?: Recorded }>();
  /**
   * The buffer a host linted last (ESLint gives the rule its text). Cross-file
   * lookups that come back to that file must see the buffer, not the disk:
   * RuleTester cases and unsaved editor text are not on disk.
   */
  private buffer: { abs: string; index: FileIndex } | undefined;
  private evaluator: Evaluator | undefined;
  private readonly modules: ModuleResolver;

  constructor(
    readonly root: string,
    readonly policy: Policy,
    readonly files: ProjectFiles = defaultProjectFiles,
  ) {
    this.modules = new ModuleResolver(files);
    files.onDidChange((file) => {
      this.modules.changed(file);
      // a file created or deleted can change the file list and what an import resolves to
      const exists = file !== '*' && this.files.exists(file);
      // a file deleted is no longer known: its next appearance is a creation
      if (file === '*') this.unlisted.clear();
      else if (!exists) this.unlisted.delete(file);
      const structural = file === '*' || !(this.fileSet?.has(file) || this.unlisted.has(file)) || !exists || STRUCTURAL_INPUT.test(file);
      if (structural) {
        this.fileListGeneration = -1;
        this.surfaceGeneration++;
        this.pendingClear = true;
        if (file !== '*') this.structuralEvents.add(file);
      } else if (!this.pendingChanges.has(file)) {
        const hash = this.indexedHashes.get(file);
        const tokenized = this.tokens?.byFile.get(file);
        // the token index's tokens of the same content stand for the text's
        const fromIndex = tokenized && tokenized.hash === hash;
        this.pendingChanges.set(file, { hash, text: fromIndex ? undefined : this.indexes.peek(file)?.text, tokens: tokenized ? this.tokensOfFile(file) : undefined });
      }
      this.moduleCache.clear();
      // the buffer's own edges are never kept (see `reverseCalls`): a change to it alone keeps the others'
      if (structural || file !== this.reverseCalls?.excluded) this.reverseCalls = undefined;
      if (file === '*' || file === this.buffer?.abs) this.buffer = undefined;
    });
  }

  /** See `releaseProjectFacts`. */
  releaseFacts(): void {
    this.clearFacts();
    this.reverseCalls = undefined;
  }

  /** The tokens the token index holds for a file (it keeps per file only the files-sets of its tokens). */
  private tokensOfFile(file: string): Set<string> {
    const out = new Set<string>();
    for (const [token, files] of this.tokens?.byToken ?? []) if (files.has(file)) out.add(token);
    return out;
  }

  /**
   * Bring the memo up to date with the files: clear it (the CLI, a file
   * created or deleted, a buffer changed without a ProjectFiles event), or,
   * while every fact is recorded (the language server), note what changed so
   * that `isCurrent` drops exactly the facts that depend on it.
   */
  private syncFacts(): void {
    if (this.memoGeneration === this.files.generation) return;
    const pending = this.pendingChanges;
    this.pendingChanges = new Map();
    const incremental = recorder.alwaysOn && this.tracking && !this.pendingClear && this.memoGeneration !== -1;
    this.pendingClear = false;
    this.memoGeneration = this.files.generation;
    if (!incremental) return this.clearFacts();
    const change: FactChange = { epoch: this.factEpoch + 1, keyParts: [], deps: new Set() };
    for (const [abs, before] of pending) {
      const text = this.files.read(abs);
      if (text === undefined) return this.clearFacts();
      const hash = contentHash(text);
      this.editedVersions.set(abs, fileVersionKey(abs, hash));
      if (before.hash !== undefined && hash === before.hash) continue;
      change.keyParts.push(abs);
      if (before.hash !== undefined) {
        // memo keys name a file version by its short `memoKey` (file-index.ts), the content hash by itself in a few
        const previous = fileVersionKey(abs, before.hash);
        change.keyParts.push(before.hash, previous);
        this.dropVersion(previous);
      }
      change.deps.add(this.fileDependency(abs));
      // a token the change added or removed changes the answer of every project-wide search for it
      const now = tokensOf(before.text === undefined && before.tokens === undefined ? '' : text);
      for (const old of [before.text === undefined ? undefined : tokensOf(before.text), before.tokens]) {
        if (!old) continue;
        for (const t of old) if (!now.has(t)) change.deps.add(`t:${t}`);
        for (const t of now) if (!old.has(t)) change.deps.add(`t:${t}`);
      }
      const dir = path.dirname(abs);
      const base = path.basename(abs);
      if (dir === this.root && (base === '.env' || base.startsWith('.env.'))) {
        change.deps.add('p:env');
        this.configEpochs.env++;
      }
      if (dir === path.join(this.root, 'config') && /\.(json|ya?ml)$/i.test(base)) {
        change.deps.add('p:config');
        this.configEpochs.config++;
      }
    }
    if (!change.keyParts.length) return;
    this.factEpoch = change.epoch;
    this.changeLog.push(change);
    if (this.changeLog.length > CHANGE_LOG_LENGTH) this.changeLog.shift();
  }

  /**
   * Drop the memo entries keyed by a file version that is gone. They are
   * never asked for again (unless the edit is undone, when they are out of
   * date anyway), and they point into the old AST: kept until the tables'
   * bound evicts them, a file memo of one entry per version would hold an
   * AST per keystroke.
   */
  private dropVersion(version: string): void {
    for (const { table, key } of this.entriesByVersion.get(version) ?? []) if (table.get(key) !== CYCLE) table.delete(key);
    this.entriesByVersion.delete(version);
  }

  /** Note a new entry under the versions of edited files its key holds (see `dropVersion`). */
  private registerVersions(table: Map<string, unknown>, key: string): void {
    for (const version of this.editedVersions.values()) {
      if (!mentions(key, version)) continue;
      let list = this.entriesByVersion.get(version);
      if (!list) this.entriesByVersion.set(version, (list = []));
      list.push({ table, key });
    }
  }

  private clearFacts(): void {
    this.memos.clear();
    this.nodeMemos = new Map();
    this.nodeMemoFiles = new Set();
    this.trackedNodeMemos = new Map();
    this.entriesByVersion.clear();
    this.changeLog.length = 0;
    this.factEpoch++;
    this.configEpochs = { env: this.configEpochs.env + 1, config: this.configEpochs.config + 1 };
    this.tracking = recorder.alwaysOn;
    this.statistics.clears++;
  }

  /**
   * Is a fact computed in `epoch`, from `recorded`, under memo key `key`,
   * still current? Only while facts are recorded (else the memo is cleared on
   * every change and every entry is current).
   */
  isCurrent(epoch: number, recorded: Recorded | undefined, key?: string): boolean {
    if (epoch === this.factEpoch) return true;
    if (!recorded || !this.changeLog.length || this.changeLog[0].epoch > epoch + 1) return false;
    for (const change of this.changeLog) {
      if (change.epoch <= epoch) continue;
      for (const d of change.deps) if (recorded.deps.has(d)) return false;
      // keyed by the changed file: its path (a function key holds it) or its previous content hash
      if (key !== undefined) for (const part of change.keyParts) if (mentions(key, part)) return false;
    }
    return true;
  }

  /** The fact epoch: bumped by every change that drops facts (synchronises first). */
  currentFactEpoch(): number {
    this.syncFacts();
    return this.factEpoch;
  }

  /** Counts that change when the project configuration's inputs (`.env*`, `config/*`) may have changed (synchronises first). */
  projectConfigEpoch(input: 'env' | 'config'): number {
    this.syncFacts();
    return this.configEpochs[input];
  }

  /** How many full clears the memo has had (synchronises first): state kept beside the memo (the taint analysis's retries) resets with it. */
  factClears(): number {
    this.syncFacts();
    return this.statistics.clears;
  }

  /** Facts computed per memo namespace, facts dropped as out of date, and full clears, since the model was created, and the entries held now (tests: what an edit recomputed, what it kept). */
  factStatistics(): { computed: ReadonlyMap<string, number>; dropped: number; clears: number; entries: number } {
    let entries = 0;
    for (const table of this.memos.values()) entries += table.size;
    return { computed: new Map(this.statistics.computed), dropped: this.statistics.dropped, clears: this.statistics.clears, entries };
  }

  /**
   * The index of one file. `text` (the linted buffer) wins over what
   * ProjectFiles holds; `sourceFile` is reused when its text matches, so the
   * AST that ESLint's parser built is not parsed again.
   */
  fileIndex(fileName: string, text?: string, sourceFile?: ts.SourceFile): FileIndex | undefined {
    const abs = absolutePath(fileName);
    if (recorder.active) recorder.note(this.fileDependency(abs));
    if (text === undefined && this.buffer?.abs === abs) return this.buffer.index;
    // every rule of a lint asks with the same buffer and AST: the index over that AST is current, no hash needed
    if (text !== undefined && this.buffer?.abs === abs && this.buffer.index.sourceFile === sourceFile && sourceFile.text === text) {
      this.verified.delete(abs);
      return this.buffer.index;
    }
    // verified against ProjectFiles in this generation: no stat, no hash (resolveModule asks for the same files thousands of times)
    if (text === undefined && this.verified.get(abs) === this.files.versionOf(abs)) {
      const known = this.indexes.get(abs);
      if (known) return known;
    }
    const current = text ?? this.files.read(abs);
    if (current === undefined) return undefined;
    const hash = this.files.hashOf(abs, current);
    const cached = this.indexes.get(abs);
    if (text === undefined) this.verified.set(abs, this.files.versionOf(abs));
    else this.verified.delete(abs);
    if (cached && cached.hash === hash) {
      if (text !== undefined) this.setBuffer(abs, cached);
      return cached;
    }
    const previousHash = this.indexedHashes.get(abs);
    const version = this.files.versionOf(abs);
    // a file's content changed without a ProjectFiles event (a host linting a buffer that is not an overlay): derived facts may depend on it
    if (previousHash !== undefined && previousHash !== hash && this.indexedVersions.get(abs) === version) this.memoGeneration = -1;
    this.indexedVersions.set(abs, version);
    const sf = sourceFile && sourceFile.text === current ? sourceFile : sharedSourceFile(abs, current);
    // the AST may still be alive (ESLint's, or one a summary points into) with its index: the same nodes, the same index
    const index = this.indexes.ofSourceFile(sf) ?? buildFileIndex(sf, hash);
    if (cached && cached !== index) this.dropTrackedNodeFacts(cached);
    this.indexes.set(abs, index);
    this.indexedHashes.set(abs, hash);
    if (text !== undefined) this.setBuffer(abs, index);
    // an index dropped from memory and rebuilt over the same text changes nothing other files can see
    if (previousHash === hash) return index;
    const surface = surfaceSignature(index);
    const previousSurface = this.surfaces.get(abs);
    if (previousSurface !== undefined && previousSurface !== surface) this.surfaceGeneration++;
    this.surfaces.set(abs, surface);
    // A file seen for the first time changes no kept caller list: those indexed every candidate they
    // read. A new surface is seen by `callersOf`'s check; the buffer's own callers are never kept.
    if (previousHash !== undefined && !(text !== undefined && this.reverseCalls?.excluded === abs)) this.reverseCalls = undefined;
    return index;
  }

  /**
   * `f:<abs>`, one string per file: a recorded fact notes it thousands of
   * times per keystroke, and a string that is the same object hashes once.
   */
  private fileDependency(abs: string): string {
    let dep = this.fileDependencies.get(abs);
    if (dep === undefined) this.fileDependencies.set(abs, (dep = `f:${abs}`));
    return dep;
  }

  private setBuffer(abs: string, index: FileIndex): void {
    const previous = this.buffer;
    if (previous && previous.abs === abs && previous.index === index) return;
    // (another buffer: `callersOf` sees that the kept callers left out a different file)
    this.buffer = { abs, index };
  }

  /**
   * Every JS/TS source file of the project (gitignore and build output excluded), minus test code:
   * a test that calls a route handler is not a caller that could audit it, and must not turn the
   * handler into a "wrapper" whose finding moves up into a test, where no rule reports it.
   */
  sourceFiles(): string[] {
    if (!this.fileList || this.fileListGeneration === -1) {
      this.fileList = collectFiles([this.root], this.root, this.policy.ignore, isSourceFile).filter((f) => !isTestCode(this.policy, f, this.root));
      this.fileSet = new Set(this.fileList);
      this.fileListGeneration = this.files.generation;
      // a file that changed and is not listed (test code, a config file): its next change is not a creation
      for (const f of this.structuralEvents) if (!this.fileSet.has(f) && !STRUCTURAL_INPUT.test(f) && this.files.exists(f)) this.unlisted.add(f);
      for (const f of this.unlisted) if (this.fileSet.has(f)) this.unlisted.delete(f);
      this.structuralEvents.clear();
    }
    return this.fileList;
  }

  /**
   * Resolve a module specifier from a file to a project source file, as the
   * TypeScript compiler does (`ts.resolveModuleName` with the nearest
   * tsconfig/jsconfig, `extends` followed): relative paths, index files,
   * `.js` specifiers naming `.ts` files, `paths`/`baseUrl` aliases and
   * package.json `imports` (`#alias`). A bare specifier that resolves into
   * node_modules (a package) is not a project file.
   */
  resolveModule(fromFile: string, specifier: string): FileIndex | undefined {
    // by file, then specifier: both strings are the ones the file index holds, so a hit hashes nothing new
    // (a joined key was a new string to build and hash on each of the walks' name resolutions)
    let fromHere = this.moduleCache.get(fromFile);
    if (!fromHere) this.moduleCache.set(fromFile, (fromHere = new Map()));
    let target = fromHere.get(specifier);
    if (target === undefined) {
      target = this.modules.resolve(fromFile, specifier) ?? null;
      fromHere.set(specifier, target);
    }
    return target ? this.fileIndex(target) : undefined;
  }

  /** Follow a name in a file to its declaration, through imports and re-exports. */
  resolveName(file: FileIndex, name: string, depth = 0): Resolved | undefined {
    if (depth > 12) return undefined;
    // imports first: `const x = require('./x')` is both a declaration and an import, and the import says more
    const imp = file.imports.get(name);
    if (imp) {
      const target = this.resolveModule(file.fileName, imp.module);
      if (target) return imp.imported === '*' ? { file: target, node: target.sourceFile } : this.resolveExport(target, imp.imported, depth + 1);
    }
    const decl = file.declarations.get(name);
    return decl ? { file, node: decl } : undefined;
  }

  /** Follow an exported name of a module to its declaration. */
  resolveExport(file: FileIndex, exported: string, depth = 0): Resolved | undefined {
    if (depth > 12) return undefined;
    const binding = file.exports.get(exported);
    if (binding) {
      if (binding.kind === 'local') return this.resolveName(file, binding.local, depth + 1);
      if (binding.kind === 'expression') return { file, node: binding.node };
      const target = this.resolveModule(file.fileName, binding.module);
      if (!target) return undefined;
      return binding.imported === '*' ? { file: target, node: target.sourceFile } : this.resolveExport(target, binding.imported, depth + 1);
    }
    // CommonJS `module.exports = { … }` object, or `module.exports = name`
    const whole = file.exports.get('*');
    if (whole && exported !== '*') {
      const obj = this.resolveExport(file, '*', depth + 1);
      if (obj) {
        const member = this.memberOf(obj, exported, depth + 1);
        if (member) return member;
      }
    }
    for (const star of file.starExports) {
      const target = this.resolveModule(file.fileName, star);
      const found = target && this.resolveExport(target, exported, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** `obj.name` where obj resolved to a module, an object literal, a class or a `new Class()` value. */
  memberOf(owner: Resolved, name: string, depth = 0): Resolved | undefined {
    if (depth > 12) return undefined;
    const { file, node } = owner;
    if (isSourceFileNode(node)) return this.resolveExport(file, name, depth + 1);
    if (isParameter(node) || ((isVariableDeclaration(node) || isPropertyDeclaration(node)) && node.type)) {
      // a typed parameter or variable: `(client: DanCuClient) => client.traCuu()`
      const cls = this.instanceOfMember(owner);
      if (cls) return this.classMember(cls, name);
    }
    const value = this.valueNode(node);
    if (!value) return undefined;
    if (isObjectLiteralExpression(value)) {
      for (const p of value.properties) {
        const pName = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
        if (pName !== name) continue;
        if (isPropertyAssignment(p)) return { file, node: p };
        if (isShorthandPropertyAssignment(p)) return this.resolveName(file, p.name.text, depth + 1) ?? { file, node: p };
        if (isMethodDeclaration(p)) return { file, node: p };
      }
      return undefined;
    }
    if (isClassDeclaration(value) || isClassExpression(value)) {
      // static member
      return this.classMember({ file, node: value }, name);
    }
    if (isNewExpression(value)) {
      const cls = this.resolveExpression(file, value.expression, depth + 1);
      return cls ? this.classMember(cls, name) : undefined;
    }
    if (isIdentifier(value) || isPropertyAccessExpression(value)) {
      const inner = this.resolveExpression(file, value, depth + 1);
      return inner ? this.memberOf(inner, name, depth + 1) : undefined;
    }
    // an index module of CommonJS: `module.exports = { citizenController: require('./citizenController') }`, `exports.userService = require('./user.service')`
    const spec = isCallExpression(value) ? requireSpecifier(value) : undefined;
    if (spec) {
      const target = this.resolveModule(file.fileName, spec);
      return target ? this.resolveExport(target, name, depth + 1) : undefined;
    }
    return undefined;
  }

  /** A method or property of a class (own members, then the `extends` chain). */
  classMember(cls: Resolved, name: string, depth = 0): Resolved | undefined {
    const node = cls.node;
    if (!(isClassDeclaration(node) || isClassExpression(node)) || depth > 8) return undefined;
    for (const m of node.members) {
      const mName = m.name && (isIdentifier(m.name) || isStringLiteral(m.name) || isPrivateIdentifier(m.name)) ? m.name.text : undefined;
      if (mName === name) return { file: cls.file, node: m };
      // constructor parameter properties: `constructor(private readonly dancu: DanCuClient)`
      if (isConstructorDeclaration(m)) {
        const param = m.parameters.find((p) => isIdentifier(p.name) && p.name.text === name && getModifiers(p)?.length);
        if (param) return { file: cls.file, node: param };
      }
    }
    const ext = node.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0];
    if (ext) {
      const base = this.resolveExpression(cls.file, ext.expression, depth + 1);
      if (base) return this.classMember(base, name, depth + 1);
    }
    return undefined;
  }

  /** The value-bearing node of a declaration: a variable's initializer, a property's initializer, or the node itself. */
  valueNode(node: ts.Node): ts.Node | undefined {
    if (isVariableDeclaration(node)) return node.initializer ? skipOuterExpressions(node.initializer) : undefined;
    if (isPropertyDeclaration(node)) return node.initializer ? skipOuterExpressions(node.initializer) : undefined;
    if (isPropertyAssignment(node)) return skipOuterExpressions(node.initializer);
    if (isExpression(node)) return skipOuterExpressions(node);
    return node;
  }

  /** Resolve an expression that names something (identifier, member chain, `this.x`) to its declaration. */
  resolveExpression(file: FileIndex, expr: ts.Expression, depth = 0): Resolved | undefined {
    if (depth > 12) return undefined;
    const e = skipOuterExpressions(expr);
    // `new DanCuConfig().baseUrl`: memberOf reads the class of a `new` value
    if (isNewExpression(e)) return { file, node: e };
    if (isIdentifier(e)) {
      const local = this.resolveLocal(file, e);
      return local ?? this.resolveName(file, e.text, depth + 1);
    }
    if (isPropertyAccessExpression(e) || (isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression))) {
      const name = isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
      if (e.expression.kind === SyntaxKind.ThisKeyword) {
        const cls = enclosingClass(e);
        if (!cls) return undefined;
        const member = this.classMember({ file, node: cls }, name);
        if (!member) return undefined;
        // `this.svc` where svc is a typed field or constructor parameter property: the instance of that type
        return this.instanceOfMember(member) ?? member;
      }
      const owner = this.resolveExpression(file, e.expression, depth + 1);
      return owner ? this.memberOf(owner, name, depth + 1) : undefined;
    }
    return undefined;
  }

  /**
   * NestJS and Angular inject services through constructor parameter
   * properties (`constructor(private readonly dancu: DanCuService)`); a field
   * typed with a class, or initialized with `new X()`, is an instance of X.
   */
  private instanceOfMember(member: Resolved): Resolved | undefined {
    const n = member.node;
    let typeName: ts.EntityName | undefined;
    if ((isPropertyDeclaration(n) || isParameter(n)) && n.type && isTypeReferenceNode(n.type)) typeName = n.type.typeName;
    if ((isVariableDeclaration(n)) && n.type && isTypeReferenceNode(n.type)) typeName = n.type.typeName;
    if ((isPropertyDeclaration(n) || isVariableDeclaration(n)) && n.initializer && isNewExpression(skipOuterExpressions(n.initializer))) {
      const cls = this.resolveExpression(member.file, (skipOuterExpressions(n.initializer) as ts.NewExpression).expression);
      if (cls && (isClassDeclaration(cls.node) || isClassExpression(cls.node))) return cls;
    }
    if (!typeName) return undefined;
    const cls = isIdentifier(typeName) ? this.resolveName(member.file, typeName.text) : undefined;
    return cls && (isClassDeclaration(cls.node) || isClassExpression(cls.node)) ? cls : undefined;
  }

  /** A local (function-scoped) `const x = …` or a constructor parameter property named by an identifier. */
  private resolveLocal(file: FileIndex, id: ts.Identifier): Resolved | undefined {
    const decl = findLocalDeclaration(id);
    return decl ? { file, node: decl } : undefined;
  }

  /** The project function a call reaches, if it is one: same file, imported, a method of an injected service, … */
  resolveCall(file: FileIndex, call: ts.CallExpression | ts.NewExpression): FunctionTarget | undefined {
    return this.resolveFunctionReference(file, call.expression, isNewExpression(call));
  }

  /** The project function an expression names (`traCuu`, `svc.lookup`, `this.q`): for callbacks passed by reference (`ids.map(traCuu)`). */
  resolveFunctionReference(file: FileIndex, expr: ts.Expression, constructs = false): FunctionTarget | undefined {
    const callee = skipOuterExpressions(expr);
    let resolved = this.resolveExpression(file, callee);
    if (!resolved) return undefined;
    // `const auth = require('./auth'); auth(...)`: the module is its `module.exports = auth` (or `export default`)
    if (isSourceFileNode(resolved.node)) resolved = this.resolveExport(resolved.file, '*') ?? this.resolveExport(resolved.file, 'default');
    if (!resolved) return undefined;
    let node: ts.Node | undefined = resolved.node;
    // `const f = function…`, `{ m: () => … }`, `export default async function…`
    if (!isFunctionLike(node)) node = this.valueNode(node);
    if (node && (isClassDeclaration(node) || isClassExpression(node)) && constructs) {
      node = node.members.find(isConstructorDeclaration);
    }
    if (!node || !isFunctionLike(node)) return undefined;
    const owner = node.getSourceFile().fileName === resolved.file.fileName ? resolved.file : this.fileIndex(node.getSourceFile().fileName);
    if (!owner) return undefined;
    resolved = { file: owner, node };
    const info = owner.functionByNode.get(node);
    return info ? { file: owner, info } : undefined;
  }

  /** The function that contains a node, if any. */
  enclosingFunction(file: FileIndex, node: ts.Node): FunctionInfo | undefined {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (isFunctionLike(n)) return file.functionByNode.get(n);
    }
    return undefined;
  }

  /**
   * Statically evaluate a string-valued expression into parts: literals,
   * templates, `+`, constants (local, module-level or imported), object
   * constants (`CONFIG.baseUrl`), `process.env.NAME`, `new URL(path, base)`,
   * function return values, parameters filled by every caller, conditionals,
   * URL builders and the project's configuration. One candidate stands for
   * the set (see `representative`); `evaluateCandidates` gives them all.
   */
  evaluateString(file: FileIndex, expr: ts.Expression): StringPart[] {
    return representative(this.evaluateCandidates(file, expr), this.policy.populationDb.envEndpoints).parts;
  }

  /** The values an expression inside `fn` holds for one call of `fn` (its parameters bound to the call's arguments). */
  evaluateCandidatesForCall(fnFile: FileIndex, fn: FunctionLike, expr: ts.Expression, callerFile: FileIndex, call: ts.CallExpression | ts.NewExpression): Candidate[] {
    this.evaluator ??= new Evaluator(this);
    return this.evaluator.candidatesForCall(fnFile, fn, expr, callerFile, call);
  }

  /** Every value an expression can hold, as far as it is known statically (bounded: see project/evaluate.ts). */
  evaluateCandidates(file: FileIndex, expr: ts.Expression): Candidate[] {
    this.evaluator ??= new Evaluator(this);
    return this.evaluator.candidates(file, expr);
  }

  /** The file index that owns a resolved node (a declaration may be in another file). */
  ownerIndex(resolved: Resolved): FileIndex | undefined {
    const fileName = resolved.node.getSourceFile?.()?.fileName;
    if (!fileName || fileName === resolved.file.fileName) return resolved.file;
    return this.fileIndex(fileName);
  }

  /**
   * Memoize a derived fact for the current generation of the project's files.
   * A recursive request for a key being computed returns `onCycle` (recursion
   * in the analysed code must not recurse forever in the analysis).
   */
  memo<T>(namespace: string, key: string, compute: () => T, onCycle: T): T {
    return this.memoIn(namespace, MEMO_CAPACITY, key, compute, onCycle);
  }

  /**
   * `memo` for a fact about a whole file that points into its AST (its query
   * sites, its taint findings): kept for as many files as the model keeps
   * indexes strongly. A table of one entry per file, bounded only by
   * `MEMO_CAPACITY`, would keep every AST of a project of up to 4,096 files
   * alive (on 2,000 files the query sites alone held 200 MB); the facts are
   * asked for while their file is linted, rarely later.
   */
  fileMemo<T>(namespace: string, key: string, compute: () => T, onCycle: T): T {
    return this.memoIn(namespace, Math.min(MEMO_CAPACITY, this.indexes.capacity), key, compute, onCycle);
  }

  /**
   * `memo` for a fact about one node of a file's AST (is this call a query,
   * which client does this expression come from). The most asked facts are
   * of this kind (three of them, a million questions on 2,000 files), so
   * while no dependency recorder runs (a CLI scan without `--cache`) the
   * table is keyed by the node itself: no key string is built and hashed on
   * every question, and an entry lives no longer than its AST. While facts
   * are recorded (the language server, `--cache`) a fact also needs its
   * recorded dependencies and a key that per-fact invalidation can match
   * against a changed file (`isCurrent`): it is kept in a table by file index
   * and node (`trackedNodeMemo`), and the key string
   * `<file version>:<pos>:<end>:<kind>` is built only when it is needed (a
   * computation, a cycle, the first question after an edit), not on every hit.
   *
   * The node-keyed tables are `Map`s, not `WeakMap`s: a `WeakMap` of a
   * million AST nodes cost a third more time per question, and the collector
   * pays for every ephemeron it holds at each collection (about 0.3 s of the
   * 2,000-file bench; docs/benchmark.md, "Issue 11, fifth pass"). So they
   * keep their nodes' ASTs alive, and are bounded by file: once they hold the
   * nodes of `NODE_MEMO_FILES` files they are replaced (outside any
   * computation, so that cycle markers stay), as they are with the facts a
   * CLI scan releases between batches. Plain ESLint, which never releases
   * facts, keeps at most that many ASTs through them.
   */
  nodeMemo<T>(namespace: string, file: FileIndex, node: ts.Node, compute: () => T, onCycle: T): T {
    if (recorder.active) return this.trackedNodeMemo(namespace, file, node, compute, onCycle);
    this.syncFacts();
    let table = this.nodeMemos.get(namespace);
    if (!table) this.nodeMemos.set(namespace, (table = new Map()));
    const v = table.get(node);
    if (v !== undefined || table.has(node)) return (v === CYCLE ? onCycle : v) as T;
    if (!this.nodeMemoFiles.has(file)) {
      if (this.nodeMemoFiles.size >= NODE_MEMO_FILES && this.nodeMemoDepth === 0) {
        this.nodeMemos = new Map([[namespace, (table = new Map())]]);
        this.nodeMemoFiles = new Set();
      }
      this.nodeMemoFiles.add(file);
    }
    table.set(node, CYCLE);
    this.noteComputed(namespace);
    this.nodeMemoDepth++;
    try {
      const value = compute();
      table.set(node, value);
      return value;
    } catch (error) {
      table.delete(node);
      throw error;
    } finally {
      this.nodeMemoDepth--;
    }
  }

  /**
   * `nodeMemo` while facts are recorded. Entries are `Tracked` (value, what it was computed
   * from, the epoch it was last found current in), by file index then node, so that a hit in the
   * current epoch costs two lookups and builds no string. The tables of a file index go when the
   * file is indexed again (its nodes are gone), and the oldest files' tables when a namespace holds
   * more than `TRACKED_NODE_MEMO_ENTRIES` entries (outside any computation, so that cycle markers
   * stay), as the string-keyed table of the same facts was bounded by `MEMO_CAPACITY`.
   */
  private trackedNodeMemo<T>(namespace: string, file: FileIndex, node: ts.Node, compute: () => T, onCycle: T): T {
    this.syncFacts();
    let tables = this.trackedNodeMemos.get(namespace);
    if (!tables) this.trackedNodeMemos.set(namespace, (tables = { byFile: new Map(), size: 0 }));
    const key = () => `${file.memoKey}:${node.pos}:${node.end}:${node.kind}`;
    let table = tables.byFile.get(file);
    if (table) {
      const v = table.get(node);
      if (v === CYCLE) {
        recorder.cycle(`${namespace}\u0000${key()}`);
        return onCycle;
      }
      if (v !== undefined) {
        const tracked = v as Tracked;
        if (tracked.epoch === this.factEpoch || this.isCurrent(tracked.epoch, tracked.recorded, key())) {
          tracked.epoch = this.factEpoch;
          recorder.replay(tracked.recorded);
          return tracked.value as T;
        }
        // derived from a file that changed since: recompute
        table.delete(node);
        tables.size--;
        this.statistics.dropped++;
      }
    } else {
      if (tables.size >= TRACKED_NODE_MEMO_ENTRIES && this.nodeMemoDepth === 0) {
        for (const [f, t] of tables.byFile) {
          if (tables.size < (TRACKED_NODE_MEMO_ENTRIES * 3) / 4) break;
          tables.byFile.delete(f);
          tables.size -= t.size;
        }
      }
      tables.byFile.set(file, (table = new Map()));
    }
    table.set(node, CYCLE);
    tables.size++;
    this.noteComputed(namespace);
    this.nodeMemoDepth++;
    try {
      const captured = recorder.capture(compute, `${namespace}\u0000${key()}`);
      table.set(node, new Tracked(captured.value, captured.recorded, this.factEpoch));
      return captured.value;
    } catch (error) {
      table.delete(node);
      tables.size--;
      throw error;
    } finally {
      this.nodeMemoDepth--;
    }
  }

  /** One more fact computed in `namespace` (`factStatistics`). */
  private noteComputed(namespace: string): void {
    this.statistics.computed.set(namespace, (this.statistics.computed.get(namespace) ?? 0) + 1);
  }

  /** A file was indexed again: the facts about the nodes of its previous index are gone with them. */
  private dropTrackedNodeFacts(previous: FileIndex): void {
    for (const tables of this.trackedNodeMemos.values()) {
      const table = tables.byFile.get(previous);
      if (!table) continue;
      tables.byFile.delete(previous);
      tables.size -= table.size;
    }
  }

  private memoIn<T>(namespace: string, capacity: number, key: string, compute: () => T, onCycle: T): T {
    this.syncFacts();
    let table = this.memos.get(namespace);
    if (!table) {
      table = new Map();
      this.memos.set(namespace, table);
    }
    // one lookup on a hit (the hot path); `has` only tells a stored `undefined` from a miss
    const v = table.get(key);
    if (v !== undefined || table.has(key)) {
      if (v === CYCLE) {
        if (recorder.active) recorder.cycle(`${namespace}\u0000${key}`);
        return onCycle;
      }
      if (!(v instanceof Tracked)) return v as T;
      if (v.epoch === this.factEpoch || this.isCurrent(v.epoch, v.recorded, key)) {
        v.epoch = this.factEpoch;
        recorder.replay(v.recorded);
        return v.value as T;
      }
      // derived from a file that changed since: recompute
      table.delete(key);
      this.statistics.dropped++;
    }
    table.set(key, CYCLE);
    this.noteComputed(namespace);
    try {
      let value: T;
      if (recorder.active) {
        const captured = recorder.capture(compute, `${namespace}\u0000${key}`);
        value = captured.value;
        table.set(key, new Tracked(value, captured.recorded, this.factEpoch));
        if (this.editedVersions.size) this.registerVersions(table, key);
      } else {
        value = compute();
        table.set(key, value);
      }
      if (table.size > capacity) evictOldest(table, capacity);
      return value;
    } catch (error) {
      table.delete(key);
      throw error;
    }
  }

  /**
   * Every call in the project that reaches a function, with the calling
   * function: the reverse call graph, for "a wrapper that every caller goes
   * through". Built over the candidate files on first use; the buffer's own
   * edges are looked up on every call (see `reverseCalls`), in the place
   * `candidateCallerFiles` gives it, so the order is always that of the
   * candidate files.
   */
  callersOf(target: FunctionInfo): Caller[] {
    const buffer = this.buffer;
    let graph = this.reverseCalls;
    if (!graph || graph.excluded !== buffer?.abs || graph.surface !== this.surfaceGeneration) {
      graph = { excluded: buffer?.abs, surface: this.surfaceGeneration, byTarget: new Map() };
      this.reverseCalls = graph;
    }
    let kept = graph.byTarget.get(target.key);
    if (kept) recorder.replay(kept.recorded);
    else {
      const { value, recorded } = recorder.capture(() => this.callersOutsideBuffer(target, buffer?.abs));
      kept = { ...value, recorded };
      // a candidate whose text changed without a ProjectFiles event drops the graph while this is computed: then it is not kept
      const current = this.reverseCalls;
      if (current && current.excluded === graph.excluded && current.surface === graph.surface) current.byTarget.set(target.key, kept);
    }
    const slot = buffer ? this.bufferSlot(kept, buffer) : undefined;
    if (slot === undefined || !buffer) return kept.all;
    const own = this.fileIndex(buffer.abs);
    const edges = own ? this.callEdges(own).get(target.key) : undefined;
    if (!own || !edges) return kept.all;
    const mine = callersIn(own, edges);
    const out: Caller[] = [];
    let placed = false;
    for (const group of kept.groups) {
      if (!placed && group.section >= slot) {
        out.push(...mine);
        placed = true;
      }
      out.push(...group.callers);
    }
    if (!placed) out.push(...mine);
    return out;
  }

  /**
   * Where the buffer goes among `candidateCallerFiles`: 0 it holds the function, 1 right after that
   * file (an unlisted buffer, or one that names it), 2 after the files that name it (a default or
   * whole-module export, imported under any name); undefined: not a candidate.
   */
  private bufferSlot(kept: ReverseCallers, buffer: { abs: string; index: FileIndex }): 0 | 1 | 2 | undefined {
    if (buffer.abs === kept.ownFile) return 0;
    if (!kept.member || !this.fileSet?.has(buffer.abs) || buffer.index.text.includes(kept.member)) return 1;
    return kept.anyName ? 2 : undefined;
  }

  /** `callersOf` over the candidate files but one (the buffer), grouped by file, in candidate order. */
  private callersOutsideBuffer(target: FunctionInfo, excluded: string | undefined): Omit<ReverseCallers, 'recorded'> {
    const candidates = this.candidateCallerFiles(target, excluded);
    const groups: ReverseCallers['groups'] = [];
    const all: Caller[] = [];
    for (const { abs, section } of candidates.files) {
      const index = this.fileIndex(abs);
      const edges = index && this.callEdges(index).get(target.key);
      if (!index || !edges) continue;
      const callers = callersIn(index, edges);
      groups.push({ section, callers });
      all.push(...callers);
    }
    return { ownFile: candidates.ownFile, member: candidates.member, anyName: candidates.anyName, groups, all };
  }

  /**
   * Every call in a file that reaches a project function, by the function's key (in source order), cached by the
   * file's content and the project's surfaces. By key: the language server looks up the callers of every function
   * of the edited file on each keystroke, and its own file is always a candidate.
   */
  private callEdges(index: FileIndex): Map<string, CallEdge[]> {
    const cached = this.callEdgeCache.get(index);
    if (cached && cached.surface === this.surfaceGeneration) {
      recorder.replay(cached.recorded);
      return cached.edges;
    }
    const { value: edges, recorded } = recorder.capture(() => {
      const found = new Map<string, CallEdge[]>();
      for (const node of index.calls) {
        const t = this.resolveCall(index, node);
        if (!t) continue;
        const edge: CallEdge = { call: node, targetKey: t.info.key, caller: this.enclosingFunction(index, node) };
        const list = found.get(edge.targetKey);
        if (list) list.push(edge);
        else found.set(edge.targetKey, [edge]);
      }
      return found;
    });
    this.callEdgeCache.set(index, { surface: this.surfaceGeneration, edges, recorded });
    return edges;
  }

  /**
   * Files that can call a function: those whose text holds its name (or, for
   * a default export reached under another local name, every part of its
   * module's file name, which the import specifier must contain), its own file
   * and the linted buffer. A token index over the project's text (no parse)
   * makes this cheap, so only the few candidate files are parsed — on a
   * 2,000-file project the model no longer parses every file a second time.
   */
  private candidateCallerFiles(target: FunctionInfo, excluded: string | undefined): { files: { abs: string; section: 0 | 1 | 2 }[]; ownFile: string; member: string | undefined; anyName: boolean } {
    const tokens = this.tokenIndex();
    const ownFile = target.key.slice(0, target.key.indexOf('#'));
    const seen = new Set<string>();
    const files: { abs: string; section: 0 | 1 | 2 }[] = [];
    // the buffer (`excluded`) is not listed here: `bufferSlot` places it, from its current text
    const add = (abs: string, section: 0 | 1 | 2): void => {
      if (abs === excluded || seen.has(abs)) return;
      seen.add(abs);
      files.push({ abs, section });
    };
    add(ownFile, 0);
    const member = target.name.startsWith('<') ? undefined : target.name.endsWith('.constructor') ? target.className : target.name.slice(target.name.lastIndexOf('.') + 1);
    // a project-wide token search, like filesContaining: a file that starts calling the function changes the answer
    if (member) recorder.note(`t:${member}`);
    // in path order, as a fresh model's token sets hold them (an edit moves a file to the end of its sets)
    for (const f of member ? [...(tokens.get(member) ?? [])].sort() : []) add(f, 1);
    // a default or whole-module export can be imported under any local name: then the import specifier (the module's file name) is the clue
    const own = this.fileIndex(ownFile);
    const anyName = !member || !own || own.exports.has('default') || own.exports.has('*');
    if (!anyName) return { files, ownFile, member, anyName };
    const stem = path.basename(ownFile, path.extname(ownFile));
    const moduleName = stem === 'index' ? path.basename(path.dirname(ownFile)) : stem;
    const parts = moduleName.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
    for (const p of parts) recorder.note(`t:${p}`);
    if (parts.length) {
      const [first, ...rest] = parts.map((p) => tokens.get(p) ?? new Set<string>());
      for (const f of [...first].sort()) if (rest.every((r) => r.has(f))) add(f, 2);
    }
    return { files, ownFile, member, anyName };
  }

  /** Project source files whose text contains an identifier-like token (no parse): a cheap prefilter for project-wide searches. */
  filesContaining(token: string): string[] {
    if (recorder.active) recorder.note(`t:${token}`);
    const files = new Set(this.tokenIndex().get(token) ?? []);
    if (this.buffer && this.bufferContains(token) && !isTestCode(this.policy, this.buffer.abs, this.root)) files.add(this.buffer.abs);
    return [...files];
  }

  /** Does the linted buffer's text contain `token`? Asked many times per lint for the same few tokens; the buffer is re-indexed on every keystroke. */
  private bufferContains(token: string): boolean {
    const buffer = this.buffer!;
    let seen = bufferTokenSearches.get(buffer.index);
    if (!seen) bufferTokenSearches.set(buffer.index, (seen = new Map()));
    let found = seen.get(token);
    if (found === undefined) seen.set(token, (found = buffer.index.text.includes(token)));
    return found;
  }

  /** Identifier-like token → files whose current text contains it. Updated per changed file. */
  private tokenIndex(): Map<string, Set<string>> {
    const files = this.sourceFiles();
    if (!this.tokens || this.tokensGeneration !== this.files.generation) {
      this.tokens ??= { byToken: new Map(), byFile: new Map() };
      const { byToken, byFile } = this.tokens;
      for (const f of files) {
        const version = this.files.versionOf(f);
        const previous = byFile.get(f);
        // only the files an edit touched are read again
        if (previous && previous.version === version) continue;
        const text = this.files.read(f);
        const hash = text === undefined ? '' : this.files.hashOf(f, text);
        if (previous && previous.hash === hash) {
          previous.version = version;
          continue;
        }
        for (const set of previous?.sets ?? []) set.delete(f);
        const sets: Set<string>[] = [];
        for (const t of tokensOf(text ?? '')) {
          let set = byToken.get(t);
          if (!set) byToken.set(t, (set = new Set()));
          set.add(f);
          sets.push(set);
        }
        byFile.set(f, { version, hash, sets });
      }
      this.tokensGeneration = this.files.generation;
    }
    return this.tokens.byToken;
  }
}

/** A call that reaches a project function (`callersOf`). */
export interface Caller {
  file: FileIndex;
  call: ts.CallExpression;
  caller: FunctionInfo | undefined;
}

/** A file's call edges to one function, as `callersOf` gives them. */
function callersIn(file: FileIndex, edges: readonly CallEdge[]): Caller[] {
  return edges.map((e) => ({ file, call: e.call, caller: e.caller }));
}

/** The callers of one function in every candidate file but the buffer (`ProjectModel.reverseCalls`). */
interface ReverseCallers {
  ownFile: string;
  member: string | undefined;
  anyName: boolean;
  /** Non-empty groups, one per file, in candidate order; `section` places the buffer among them (`bufferSlot`). */
  groups: { section: 0 | 1 | 2; callers: Caller[] }[];
  /** The groups' callers in order, kept flat: the answer whenever the buffer adds none. */
  all: Caller[];
  recorded: Recorded | undefined;
}

interface CallEdge {
  call: ts.CallExpression;
  /** `FunctionInfo.key` of the function the call reaches. */
  targetKey: string;
  caller: FunctionInfo | undefined;
}

/**
 * What other files can see of a file: its imports and exports, its top-level
 * names with the kind of their value, class members and constructor
 * parameter properties, and the keys of top-level object literals. Call
 * resolution elsewhere depends on these and on nothing inside function bodies.
 */
export function surfaceSignature(index: FileIndex): string {
  const parts: string[] = [];
  for (const [local, b] of index.imports) parts.push(`i:${local}:${b.module}:${b.imported}`);
  for (const [name, b] of index.exports) parts.push(`e:${name}:${b.kind}:${b.kind === 'local' ? b.local : b.kind === 'reexport' ? `${b.module}:${b.imported}` : b.node.kind}`);
  for (const m of index.starExports) parts.push(`s:${m}`);
  for (const [name, decl] of index.declarations) {
    const value = isVariableDeclaration(decl) && decl.initializer ? skipOuterExpressions(decl.initializer) : undefined;
    parts.push(`d:${name}:${decl.kind}:${value?.kind ?? ''}:${isVariableDeclaration(decl) && decl.type ? decl.type.getText(index.sourceFile) : ''}`);
    if (value && isObjectLiteralExpression(value)) {
      for (const p of value.properties) parts.push(`o:${name}.${p.name?.getText(index.sourceFile) ?? ''}:${p.kind}:${isPropertyAssignment(p) ? skipOuterExpressions(p.initializer).kind : ''}`);
    }
    if (value && isNewExpression(value)) parts.push(`n:${name}:${value.expression.getText(index.sourceFile)}`);
  }
  for (const [name, cls] of index.classes) {
    parts.push(`c:${name}:${cls.heritageClauses?.map((h) => h.getText(index.sourceFile)).join(',') ?? ''}`);
    for (const m of cls.members) {
      parts.push(`m:${name}.${m.name?.getText(index.sourceFile) ?? ''}:${m.kind}:${isPropertyDeclaration(m) ? `${m.type?.getText(index.sourceFile) ?? ''}:${m.initializer ? skipOuterExpressions(m.initializer).kind : ''}` : ''}`);
      if (isConstructorDeclaration(m)) for (const p of m.parameters) parts.push(`p:${name}.${p.name.getText(index.sourceFile)}:${p.type?.getText(index.sourceFile) ?? ''}:${getModifiers(p)?.length ?? 0}`);
    }
  }
  // named functions only: an anonymous function's key holds its offset, which any edit above it shifts
  for (const f of index.functions) if (!f.key.includes('@')) parts.push(`f:${f.key}`);
  return contentHash(parts.join('\n'));
}

/** The text of parts when fully known. */
export function knownText(parts: readonly StringPart[]): string | undefined {
  return parts.every((p) => p.kind === 'text') ? parts.map((p) => (p as { text: string }).text).join('') : undefined;
}

/** `process.env.NAME` / `process.env['NAME']` / `import.meta.env.NAME` */
export const processEnvName = envVariable;


function enclosingClass(node: ts.Node): ts.ClassDeclaration | ts.ClassExpression | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (isClassDeclaration(n) || isClassExpression(n)) return n;
    // `this` inside a plain function is not the class instance
    if (isFunctionDeclaration(n) || isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

/** The declaration of an identifier inside enclosing blocks and functions (not module level). */
type LocalDeclaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.FunctionDeclaration;
/**
 * By identifier node: the same name is resolved by the evaluator, the taint walk and the query model in turn.
 * A `Map`, not a `WeakMap` (the collector pays for every entry of a `WeakMap` at each collection, see
 * `nodeMemo`), so it holds its identifiers' ASTs: it starts again once it has `LOCAL_DECLARATIONS` entries
 * (the names of a few files: they are asked for while their file is checked).
 */
const localDeclarations = new Map<ts.Identifier, LocalDeclaration | null>();
const LOCAL_DECLARATIONS = 20_000;

export function findLocalDeclaration(id: ts.Identifier): LocalDeclaration | undefined {
  return remembered(localDeclarations, LOCAL_DECLARATIONS, id, undefined, searchOrNull) ?? undefined;
}

const searchOrNull = (id: ts.Identifier) => searchLocalDeclaration(id) ?? null;

function searchLocalDeclaration(id: ts.Identifier): LocalDeclaration | undefined {
  const name = id.text;
  for (let scope: ts.Node | undefined = id.parent; scope && !isSourceFileNode(scope); scope = scope.parent) {
    if (isFunctionLike(scope)) {
      for (const p of scope.parameters) if (isIdentifier(p.name) && p.name.text === name) return p;
    }
    if (isBlock(scope) || isCaseClause(scope) || isDefaultClause(scope)) {
      for (const stmt of scope.statements) {
        if (isVariableStatement(stmt)) {
          for (const d of stmt.declarationList.declarations) if (isIdentifier(d.name) && d.name.text === name) return d;
        } else if (isFunctionDeclaration(stmt) && stmt.name?.text === name) {
          return stmt;
        }
      }
    }
    if ((isForOfStatement(scope) || isForInStatement(scope) || isForStatement(scope)) && scope.initializer && isVariableDeclarationList(scope.initializer)) {
      for (const d of scope.initializer.declarations) if (isIdentifier(d.name) && d.name.text === name) return d;
    }
  }
  return undefined;
}

/**
 * The project root for a file: the policy's root folder (`rootDir`: its own folder, or the scanned
 * folder for a policy given with `--policy` from outside it) when the file is inside it, else the nearest folder with
 * package.json or .git. A policy kept elsewhere (`--policy ../registrations/x.yaml`, an assessor's
 * copy) does not make its own folder the project: the model would then see none of the project's
 * files and find no caller of any function. In that case the repository (.git) is preferred, so a
 * monorepo's packages stay one project.
 */
export function projectRootFor(fileName: string, policy: Policy): string {
  // asked by every rule of every file: the answer that reads no folder is kept per policy and file name
  const known = policy.file ? rootDirFiles.get(policy)?.get(fileName) : undefined;
  if (known !== undefined) return known;
  const file = path.resolve(fileName);
  if (policy.file) {
    // rootDir: the policy's folder, or the scanned folder for a policy given from outside it (`policyFor`)
    if (isWithinFolder(policy.rootDir, file)) {
      let table = rootDirFiles.get(policy);
      if (!table) rootDirFiles.set(policy, (table = new Map()));
      // (bounded: a language server asks for every file it has open, ever)
      if (table.size >= 50_000) table.clear();
      table.set(fileName, policy.rootDir);
      return policy.rootDir;
    }
    return nearestFolderWith(file, ['.git']) ?? nearestFolderWith(file, ['package.json']) ?? path.dirname(file);
  }
  return nearestFolderWith(file, ['package.json', '.git']) ?? path.dirname(file);
}

/** Files inside a policy's `rootDir`, by policy: their project root is that folder whatever the disk holds. */
const rootDirFiles = new WeakMap<Policy, Map<string, string>>();

function nearestFolderWith(file: string, markers: readonly string[]): string | undefined {
  for (let dir = path.dirname(file); ; ) {
    if (markers.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const models = new Map<string, ProjectModel>();

/** The shared model for the project that holds `fileName`, under `policy`. */
export function getProjectModel(fileName: string, policy: Policy, files: ProjectFiles = defaultProjectFiles): ProjectModel {
  const root = projectRootFor(fileName, policy);
  const key = `${root}\u0000${policy.hash}`;
  let model = models.get(key);
  if (!model || model.files !== files) {
    model = new ProjectModel(root, policy, files);
    models.set(key, model);
  }
  return model;
}

/**
 * Let go of every derived fact of every model (memo tables, the reverse call
 * graph, the evaluator's tables), keeping the files, their indexes and the
 * token index. A CLI scan calls it between batches of files: a summary points
 * into the AST of the file it describes, so bounded tables of them still keep
 * the ASTs of thousands of files alive, and the heap grew with the project
 * (315 MB live after 2,000 files). The facts a later batch needs are computed
 * again, from the same files, so the findings are the same.
 */
export function releaseProjectFacts(): void {
  for (const model of models.values()) model.releaseFacts();
}

/** Drop every model (policy file changed, tests). */
export function resetProjectModels(): void {
  models.clear();
}

export type { FileIndex, FunctionInfo, FunctionLike };
