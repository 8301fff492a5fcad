import ts from 'typescript';
import { calleeChain, isOuterExpression, matchesAnyCallee, skipOuterExpressions } from '../callee';
import { isFunctionLike, nodesWithin, requireSpecifier, type FunctionLike } from '../project/file-index';
import { findLocalDeclaration, knownText, type FileIndex, type FunctionTarget, type ProjectModel } from '../project/model';
import { citizenFields, isCccdNumber, isCmndNumber, mayBeRecordKey, normalizeFieldName, normalizedSet, type CitizenFieldSet } from './citizen-data';
import { defaultQueryOracle, requestUrl, type QueryOracle } from './query-oracle';
import { errorResponseSink, logSink, messagingSink, type Sink, type SinkKind } from './sinks';
import { libraryFlow } from './library-calls';
import { publication, subscribersOf } from './events';
import { recordOfCall, type RecordShape } from './records';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  NodeFlags, SyntaxKind, forEachChild, isArrayBindingPattern, isArrayLiteralExpression, isArrayTypeNode,
  isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isCatchClause, isClassDeclaration, isClassExpression,
  isComputedPropertyName, isConditionalExpression, isDeleteExpression, isElementAccessExpression, isExpression, isForInStatement,
  isForOfStatement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isIfStatement, isImportDeclaration,
  isInterfaceDeclaration, isIterationStatement, isNewExpression, isNoSubstitutionTemplateLiteral,
  isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isOmittedExpression, isParameter,
  isPostfixUnaryExpression, isPrefixUnaryExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment,
  isPropertyDeclaration, isPropertySignature, isRegularExpressionLiteral, isReturnStatement, isShorthandPropertyAssignment,
  isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isSwitchStatement, isTaggedTemplateExpression,
  isTemplateExpression, isTryStatement, isTypeAliasDeclaration, isTypeLiteralNode, isTypeOfExpression,
  isTypeReferenceNode, isUnionTypeNode, isVariableDeclaration, isVariableDeclarationList, isVoidExpression,
} = ts;

/**
 * Citizen-data taint analysis. One forward walk per function, in source
 * order, with an environment from names to taints; callbacks and nested
 * functions are walked inline with the enclosing environment (closures).
 * Calls to project functions use per-function summaries, memoized in the
 * project model for the current generation of the files: which parameters
 * reach the return value, which reach a sink, whether the function returns
 * citizen data, what it writes to `this` fields. Recursion gets an empty
 * summary (memo's cycle value), never an unbounded walk. See docs/taint.md.
 */

/** Where a piece of tracked data (citizen data, or a credential for the credential vocabulary) comes from. */
export interface Origin {
  /** `request-body`: a whole request body that carries a credential (a login route's body); only the credential vocabulary makes it. */
  kind: 'query' | 'field' | 'id-literal' | 'request-body';
  /** The citizen-data field, when known (`SoDinhDanh`), else undefined for a whole response. */
  field: string | undefined;
  /** For query data: the query operation or client call. */
  query?: string;
  file: string;
  line: number;
  sensitive: boolean;
  /** A whole text an ID number is cut out of (`parsedFrom`): a piece cut from it by another pattern (`text.match(re)`) does not carry it. */
  whole?: true;
}

export interface Taint {
  origins: readonly Origin[];
  /** Parameters (by index, or a parameter's property path: `paramRef`) of the function being summarized whose value flows here. */
  params: readonly number[];
  /** Object-literal shape: the taint of each property. */
  fields?: ReadonlyMap<string, Taint | undefined>;
  /** `fields` lists every property (a literal), so a property not listed is clean. */
  exact?: boolean;
}

type T = Taint | undefined;

export interface TaintFinding {
  kind: SinkKind;
  /** The sink call (or the call to a project function whose parameter reaches one). */
  node: ts.Node;
  sink: string;
  origins: readonly Origin[];
  /** Project functions between this call and the sink (`notifyOfficer → sendTelegram`). */
  via: readonly string[];
}

export interface SinkParam {
  /** The parameter's index, or the index of a property path of it (`options.topic`): `paramRef`. */
  param: number;
  kind: SinkKind;
  sink: string;
  via: readonly string[];
  /** The data was already reported inside (the parameter is itself named as citizen data). */
  reportedInside: boolean;
}

export interface FunctionSummary {
  returns: T;
  sinks: readonly SinkParam[];
  thisWrites: ReadonlyMap<string, T>;
  /** What it writes to module-level `let`/`var` variables of its file. */
  moduleWrites: ReadonlyMap<string, T>;
}

interface UnitResult {
  summary: FunctionSummary;
  findings: TaintFinding[];
}

/** The one empty table of writes and of stored ID texts, for the many units that have none (never written to). */
const NO_WRITES: ReadonlyMap<string, T> = new Map();
const NO_TEXTS: ReadonlyMap<string, string> = new Map();
const EMPTY_RESULT: UnitResult = { summary: { returns: undefined, sinks: [], thisWrites: NO_WRITES, moduleWrites: NO_WRITES }, findings: [] };
const MAX_ORIGINS = 4;

export function union(a: T, b: T): T {
  if (!a) return b;
  if (!b || a === b) return a;
  const origins = [...a.origins];
  for (const o of b.origins) {
    if (origins.length >= MAX_ORIGINS) break;
    if (!origins.some((x) => x.kind === o.kind && x.field === o.field && x.line === o.line && x.file === o.file)) origins.push(o);
  }
  const params = a.params.length && b.params.length ? [...new Set([...a.params, ...b.params])] : a.params.length ? a.params : b.params;
  let fields: Map<string, T> | undefined;
  if (a.fields || b.fields) {
    fields = new Map(a.fields);
    for (const [k, v] of b.fields ?? []) fields.set(k, union(fields.get(k), v));
  }
  return { origins, params, fields, exact: Boolean(a.exact && b.exact) };
}

const unionAll = (list: readonly T[]): T => list.reduce<T>((acc, t) => union(acc, t), undefined);

/**
 * A parameter's value at a property path (`options.topic`, `options.payload.user`) is a parameter
 * index of its own in `Taint.params` and `SinkParam.param`: indices below PATH_BASE are whole
 * parameters, those above name an interned `{ param, path }`. A path is at most MAX_PATH deep; a
 * deeper read stands for its prefix (everything under `options.payload.user`). The table is shared
 * by every analysis of the process, so a summary's indices mean the same in any walker.
 */
const PATH_BASE = 1 << 20;
const MAX_PATH = 2;
const pathRefs: { param: number; path: readonly string[] }[] = [];
const pathIds = new Map<string, number>();

export function paramRef(p: number): { param: number; path: readonly string[] } {
  return p < PATH_BASE ? { param: p, path: [] } : pathRefs[p - PATH_BASE];
}

/** The parameters a read of `.prop` of a value made of `params` is made of. */
function paramsAt(params: readonly number[], prop: string): readonly number[] {
  if (!params.length) return params;
  return params.map((p) => {
    const ref = paramRef(p);
    if (ref.path.length >= MAX_PATH) return p;
    const path = [...ref.path, prop];
    const key = `${ref.param}\u0000${path.join('\u0000')}`;
    let id = pathIds.get(key);
    if (id === undefined) {
      id = PATH_BASE + pathRefs.length;
      pathRefs.push({ param: ref.param, path });
      pathIds.set(key, id);
    }
    return id;
  });
}

/**
 * What the analysis tracks: by default citizen data. The same walk, sinks and
 * summaries carry a second kind of data — credentials, for
 * `popdb/no-credentials-in-logs` — through a vocabulary that names its
 * sources and the few places where credentials behave unlike citizen data.
 * Each vocabulary gets its own analysis and memo namespace. See docs/taint.md.
 */
export interface TaintVocabulary {
  /** Memo namespace: '' for citizen data (the keys it always had), else a prefix of its own. */
  readonly id: string;
  /** Names whose values are the data (a variable, parameter, property or type member). */
  names(policy: ProjectModel['policy']): CitizenFieldSet;
  /** Extra data a parameter holds given its function (a login route's request body). */
  parameter?(p: ts.ParameterDeclaration, fn: FunctionLike, file: FileIndex): Taint | undefined;
  /** Calls whose result no longer carries the data, beyond the policy's sanitizers and the built-in maskers. */
  sanitizes?(call: ts.CallExpression, chain: readonly string[] | undefined, method: string | undefined): boolean;
  /** Which inputs of a library call (not a project function, not a sanitizer, predicate or query) reach its result. (Default: the receiver and the arguments.) */
  libraryFlow?(call: ts.CallExpression, chain: readonly string[] | undefined, method: string | undefined): { receiver: boolean; args: boolean };
  /** Does `x.prop` carry x's data when x has no known shape? (Default: yes, except status-like properties: `status`, `code`, `message`, …) */
  memberCarries?(prop: string): boolean;
  /** The data left in `...rest` once `taken` properties are destructured out, or in `{ ...x }` once later properties replace them. (Default: all of it.) */
  restOf?(t: Taint, taken: readonly string[]): T;
  /** A sink of this kind of data only, after the shared ones (an audit-log call must record the account, never its password). */
  sink?(model: ProjectModel, file: FileIndex, call: ts.CallExpression): Sink | undefined;
  /** Whether a name imported from a package (`import jwt from 'jsonwebtoken'`) can be the data by its name. (Default: yes.) */
  packageImportsAreData?: boolean;
  /**
   * Whether a value of no known shape that the function reads data members of (`row.hoTen`) carries
   * them when it is written whole to a sink (`console.log(row)`): see `Walker.recordsByUse`. (Default: no.)
   */
  readsMakeRecord?: boolean;
}

/** The default vocabulary: citizen data (policy `citizenData.fields`, CCCD/CMND literals, population-DB responses). */
export const CITIZEN_DATA_VOCABULARY: TaintVocabulary = { id: '', names: citizenFields, readsMakeRecord: true };

/**
 * The value of an object member the code wrote as a literal (`{ fullName: 'Quản trị viên' }`, a document
 * created from such an object): fixed text, so the member's name does not make it citizen data.
 */
const KNOWN_TEXT: Taint = Object.freeze({ origins: [], params: [] });
/** (`null`, `''` and `0` are placeholders filled in later, not text: `{ idNumber: null }` then `result.idNumber = so`.) */
const isLiteralValue = (e: ts.Expression) => {
  const v = skipOuterExpressions(e);
  return (isStringLiteralLike(v) && v.text !== '') || (isNumericLiteral(v) && v.text !== '0');
};

/**
 * Properties that describe a response or a value without carrying the citizen's data
 * (compared normalized: `status_code`, `ma_ho_so` and Mongo's `_id` are in).
 */
const NON_DATA_PROPERTIES = normalizedSet([
  'length', 'size', 'status', 'statusCode', 'statusText', 'ok', 'success', 'code', 'errorCode', 'maLoi', 'maKetQua',
  'message', 'msg', 'moTaLoi', 'trangThai', 'headers', 'config', 'total', 'count', 'tongSo',
  // application numbers identify the file, not the person (SPEC: sending them is allowed)
  'maHoSo', 'soBienNhan', 'maYeuCau', 'maGiaoDich', 'requestId', 'id',
]);
const isNonDataProperty = (name: string) => NON_DATA_PROPERTIES.has(normalizeFieldName(name));
/** Parts of a name (`HoVaTen.Ten`): a message names the whole name they belong to. */
const NAME_PARTS = normalizedSet(['ho', 'chuDem', 'ten']);

/**
 * Objects a form keeps beside its record, keyed by the same field names but holding messages and
 * flags (`errors.soCCCD`, `touched.hoTen`, `labels.ngaySinh`): reading their members says nothing
 * of what they hold (`Walker.recordsByUse`). Matched on the last segment of the path's name.
 * (Not `messages`: a chat message is a record that can hold its sender's data.)
 */
const KEYED_BY_FIELD_NAMES = /(?:^|\.|[a-z])(?:[Ee]rrors?|[Ll]abels?|[Tt]ouched|[Dd]irty|[Pp]laceholders?|[Hh]ints?|[Rr]ules|[Vv]alidators?|[Cc]olumns|[Tt]itles|[Ww]arnings?|[Hh]elpers?|[Tt]ooltips?)$/;

/** A key written as a name (`jwtToken`, `access_token`, `auth.jwtSecret`), not a path or a sentence. */
const KEY_NAME = /^[A-Za-z_$][\w$.-]*$/;

/** Methods whose result says something about the data (a count, a test) without carrying it. */
const NON_CARRYING_METHODS = new Set([
  'includes', 'startsWith', 'endsWith', 'test', 'indexOf', 'lastIndexOf', 'some', 'every', 'has', 'localeCompare',
  'search', 'findIndex', 'isArray', 'isInteger', 'isNaN', 'Boolean', 'getTime', 'valueOf',
]);
const PREDICATE_NAME = /^(is|has|validate|check|verify|count|exists|equals|compare|can|should)[A-Z_]|^(isNaN|isFinite|Boolean)$/;
/** Methods whose result is what the callback returns. */
const CALLBACK_RESULT = new Set(['then', 'map', 'flatMap', 'reduce']);
/** Methods of a query builder or a document that give the same record back (Mongoose `lean`, `populate`, `toObject`, …). */
const SAME_RECORD_METHODS = new Set(['lean', 'exec', 'populate', 'select', 'sort', 'limit', 'skip', 'orFail', 'session', 'collation', 'hint', 'toObject', 'toJSON', 'clone']);
/** Methods that put their arguments into the receiver. */
const MUTATORS = new Set(['push', 'unshift', 'add', 'set', 'append', 'splice']);

/**
 * Built-in maskers beyond the policy's sanitizers: names that say so, in English and Vietnamese
 * (`che` = cover, `an` = hide: `cheSo`, `anThongTin`). Case-sensitive on the next letter, so
 * `analyze`, `another` or `checkout` are not maskers.
 */
const MASKER_NAME = /^(mask|Mask|redact|anonymi[sz]e|pseudonymi[sz]e|hash|che|an)[A-Z_]|^(mask|redact|anonymi[sz]e|hash)$/;

export class TaintAnalysis {
  private readonly fields: CitizenFieldSet;

  constructor(
    readonly model: ProjectModel,
    readonly oracle: QueryOracle = defaultQueryOracle,
    readonly vocabulary: TaintVocabulary = CITIZEN_DATA_VOCABULARY,
  ) {
    this.fields = vocabulary.names(model.policy);
  }

  /**
   * (`readsMakeRecord`) What the project stores in a session under `name` (`req.session.user`), as far as
   * its code says: the clear data members any file reads or writes of `<req|request|ctx>.session.<name>`
   * (`req.session.user.NgaySinh` in the login handler), with where. Read from the text of the files that
   * mention `session` (the token index), so a change to any of them recomputes it.
   */
  sessionMembers(name: string): readonly Origin[] {
    return this.model.memo(this.ns('taint-session-members'), name, () => {
      const out: Origin[] = [];
      const re = new RegExp(`\\b(?:${SESSION_ROOTS})\\.session\\.${name.replace(/\$/g, '\\$')}\\??\\.([A-Za-z_$][\\w$]*)`, 'g');
      for (const f of this.model.filesContaining('session')) {
        const index = this.model.fileIndex(f);
        if (!index || !index.text.includes(`session.${name}`)) continue;
        for (let m = re.exec(index.text); m && out.length < MAX_ORIGINS; m = re.exec(index.text)) {
          const member = m[1];
          if (out.some((o) => o.field === member) || !this.fields.field(member) || this.fields.isAmbiguous(member) || mayBeRecordKey(member)) continue;
          const line = index.sourceFile.getLineAndCharacterOfPosition(m.index).line + 1;
          out.push({ kind: 'field', field: member, query: `session.${name}`, file: index.fileName, line, sensitive: this.fields.sensitive(member) });
        }
      }
      return out;
    }, []);
  }

  /** A memo namespace of this analysis's vocabulary (built once per name: a namespace is looked up on every memo question). */
  private ns(name: string): string {
    if (!this.vocabulary.id) return name;
    let namespace = this.namespaces.get(name);
    if (namespace === undefined) this.namespaces.set(name, (namespace = `${this.vocabulary.id}:${name}`));
    return namespace;
  }

  private readonly namespaces = new Map<string, string>();

  /** Every finding in a file: its top-level functions (memoized summaries) and its module-level code. */
  analyzeFile(file: FileIndex): TaintFinding[] {
    return this.model.fileMemo(this.ns('taint-file'), file.memoKey, () => {
      const findings: TaintFinding[] = [];
      for (const info of file.functions) {
        if (enclosingFunctionNode(info.node)) continue;
        // a unit that cannot find anything is not walked here; its summary is still made when a caller asks
        if (!this.reachesSink(file, info.node)) continue;
        findings.push(...this.analyzeUnit(file, info.node).findings);
      }
      findings.push(...new Walker(this, file, undefined).run().findings);
      const seen = new Set<string>();
      return findings.filter((f) => {
        const key = `${f.kind}:${f.node.pos}:${f.node.end}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }, []);
  }

  /**
   * Can the walk of a function find anything, in its own body or at a call it makes? A finding is
   * made only at a sink (`findSink`: a log, a message, an error answer, the vocabulary's own) given
   * something other than literals, or at a call that gives data to a project function or a
   * subscriber whose summary has sinks. So a function none of whose calls (nested callbacks
   * included) is either has no findings and no sink parameters, and `analyzeFile` need not walk it:
   * on the bench most functions are of that kind (docs/benchmark.md, "eleventh pass"). Recursion
   * and very deep chains answer yes, which is what walking them always did.
   */
  reachesSink(file: FileIndex, node: FunctionLike, depth = 0): boolean {
    const info = file.functionByNode.get(node);
    if (!info || depth > MAX_REACH_DEPTH) return true;
    return this.model.memo(this.ns('taint-reach'), info.memoKey, () => this.computeReach(file, node, depth), true);
  }

  private computeReach(file: FileIndex, node: FunctionLike, depth: number): boolean {
    // only calls given data can find anything (a sink's data are its arguments or members of an object literal among them;
    // a literal or a callback gives a callee's sinks nothing): the sink search is skipped for the rest, as the walk skips it
    const given = nodesWithin(file.calls, node).filter((call) => call.arguments.some(mayCarryData));
    // the sinks first: they are decided without other files
    for (const call of given) {
      const sink = findSink(this.model, file, call, this.vocabulary);
      if (sink && sink.args.some(mayCarryData)) return true;
    }
    for (const n of nodesWithin(file.news, node)) {
      const sink = errorResponseSink(n);
      if (sink && sink.args.some(mayCarryData)) return true;
    }
    for (const call of given) {
      if (publication(this.model, file, call)) return true;
      const target = this.model.resolveCall(file, call);
      if (target && target.info.node !== node && target.info.node.body && this.reachesSink(target.file, target.info.node, depth + 1)) return true;
    }
    return false;
  }

  /** Units being walked, innermost last: a call back into one of them is recursion in the analysed code. */
  private readonly stack: string[] = [];
  /** Units whose summary was computed while a unit below them on the stack was unfinished. */
  private readonly provisional = new Set<string>();
  /** Provisional units get one more walk once the recursion's head is done (kept until the memo is cleared). */
  private retry = new Map<string, number>();
  private retryGeneration = -1;

  analyzeUnit(file: FileIndex, node: FunctionLike): UnitResult {
    const info = file.functionByNode.get(node);
    if (!info) return EMPTY_RESULT;
    const key = info.memoKey;
    const onStack = this.stack.indexOf(key);
    if (onStack >= 0) {
      // recursion: the head is unfinished, so everything above it sees an incomplete summary
      for (const k of this.stack.slice(onStack + 1)) this.provisional.add(k);
      return EMPTY_RESULT;
    }
    // reset with the memo: a summary kept across an edit (per-fact invalidation) keeps its retry
    const clears = this.model.factClears();
    if (this.retryGeneration !== clears) {
      this.retry = new Map();
      this.retryGeneration = clears;
    }
    const attempt = this.retry.get(key) ?? 0;
    return this.model.memo(this.ns('taint-unit'), `${key}#${attempt}`, () => {
      this.stack.push(key);
      try {
        return new Walker(this, file, node).run();
      } finally {
        this.stack.pop();
        // walk it once more on its next use, when the head's summary is complete (a bounded fixed point: one retry)
        if (this.provisional.delete(key) && attempt === 0) this.retry.set(key, 1);
      }
    }, EMPTY_RESULT);
  }

  summarize(target: FunctionTarget): FunctionSummary {
    return this.analyzeUnit(target.file, target.info.node).summary;
  }

  /**
   * What the methods of a class write to `this.<field>` (origins only: a parameter of another method means nothing here).
   * Only the methods whose syntax may write that field are walked (`thisFieldWriters`): reading `this.repo` once walked
   * every method of the class, most of which `analyzeFile` had skipped as able to find nothing.
   */
  classFieldTaint(file: FileIndex, cls: ts.ClassLikeDeclaration, field: string): T {
    return this.writtenBy(file, thisFieldWriters(this.model, file, cls).get(field), this.ns('taint-class'), `${file.memoKey}:${cls.pos}:${field}`, (s) => s.thisWrites.get(field));
  }

  /** What the functions of a file write to one of its module-level `let`/`var` variables (origins only). */
  moduleVariableTaint(file: FileIndex, name: string): T {
    // only the functions whose syntax may write the variable are walked (`moduleVariableWriters`), as for a class field
    return this.writtenBy(file, moduleVariableWriters(this.model, file).get(name), this.ns('taint-module'), `${file.memoKey}:${name}`, (s) => s.moduleWrites.get(name));
  }

  /** The origins the `writers` (units of `file`) write to one name, as `written` reads it from a unit's summary; memoized under `namespace` and `key`. */
  private writtenBy(file: FileIndex, writers: readonly FunctionLike[] | undefined, namespace: string, key: string, written: (summary: FunctionSummary) => T): T {
    if (!writers) return undefined;
    return this.model.memo(namespace, key, () => {
      let all: T;
      for (const unit of writers) {
        const v = written(this.analyzeUnit(file, unit).summary);
        if (v?.origins.length) all = union(all, { origins: v.origins, params: [] });
      }
      return all;
    }, undefined);
  }

  get citizen(): CitizenFieldSet {
    return this.fields;
  }
}

/** The taint of an ID literal declared in this file or another one. */
function idLiteral(lit: ts.StringLiteralLike, fields: CitizenFieldSet, owner: FileIndex): T {
  const text = lit.text;
  if (!isCccdNumber(text) && !isCmndNumber(text)) return undefined;
  const decl = lit.parent;
  if (!isVariableDeclaration(decl) || !isIdentifier(decl.name) || !fields.isIdName(decl.name.text)) return undefined;
  const line = owner.sourceFile.getLineAndCharacterOfPosition(lit.getStart(owner.sourceFile)).line + 1;
  return { origins: [{ kind: 'id-literal', field: isCccdNumber(text) ? 'CCCD' : 'CMND', file: owner.fileName, line, sensitive: false }], params: [] };
}

/** A name the file imports from a package (`jsonwebtoken`, `bcrypt`), not from a project file. */
function isPackageImport(file: FileIndex, name: string): boolean {
  return isPackageSpecifier(file.imports.get(name)?.module);
}

const isPackageSpecifier = (module: string | undefined): boolean => module !== undefined && !module.startsWith('.') && !module.startsWith('/');

/** The names of the properties an object literal sets after one of its members (`{ ...a, x: 1 }` → ["x"] after the spread). */
function laterKeys(literal: ts.ObjectLiteralExpression, after: ts.ObjectLiteralElementLike): string[] {
  const keys: string[] = [];
  for (const p of literal.properties.slice(literal.properties.indexOf(after) + 1)) {
    const key = isPropertyAssignment(p) || isShorthandPropertyAssignment(p) ? propertyName(p.name) : undefined;
    if (key) keys.push(key);
  }
  return keys;
}

/** The property names an object binding pattern takes out (`{ password, ...rest }` → ["password"]). */
function bindingKeys(pattern: ts.ObjectBindingPattern | ts.ArrayBindingPattern): string[] {
  if (!isObjectBindingPattern(pattern)) return [];
  const keys: string[] = [];
  for (const el of pattern.elements) {
    if (el.dotDotDotToken) continue;
    const key = propertyName(el.propertyName) ?? (isIdentifier(el.name) ? el.name.text : undefined);
    if (key) keys.push(key);
  }
  return keys;
}

/** A module-level `let`/`var` of the file that an identifier inside a function refers to (not shadowed by a local). */
function isModuleVariable(file: FileIndex, id: ts.Identifier): boolean {
  const decl = file.declarations.get(id.text);
  if (!decl || !isVariableDeclaration(decl) || (decl.parent.flags & NodeFlags.Const) !== 0) return false;
  return findLocalDeclaration(id) === undefined;
}

type TypeDeclaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration;

/** An interface, type alias or class by name: in the file, or imported from a project file (DTOs live in their own files). */
function findTypeDeclaration(model: ProjectModel, file: FileIndex, name: string, depth = 0): { decl: TypeDeclaration; file: FileIndex } | undefined {
  for (const stmt of file.sourceFile.statements) {
    if ((isInterfaceDeclaration(stmt) || isTypeAliasDeclaration(stmt) || isClassDeclaration(stmt)) && stmt.name?.text === name) return { decl: stmt, file };
  }
  const imp = file.imports.get(name);
  if (!imp || depth > 3) return undefined;
  const target = model.resolveModule(file.fileName, imp.module);
  return target ? findTypeDeclaration(model, target, imp.imported === 'default' ? name : imp.imported, depth + 1) : undefined;
}

const NO_PARAMS: Taint = Object.freeze({ origins: [], params: [] });

/** Types named for an organisation (a unit, an agency, a hospital), in English or Vietnamese, whole words of the name. */
const ORGANISATION_TYPE = /(?:^I?|[a-z_])(?:DonVi|Unit|Organi[sz]ation|Org|Company|CongTy|CoQuan|Agency|Department|PhongBan|Branch|ChiNhanh|BenhVien|Hospital|Tenant)(?:[A-Z_]|s?$)/;

/** A value the code writes in place (`{ hoTen: '' }`, `[]`, a text): it has its own shape, whatever its declared type. */
function isWrittenInPlace(init: ts.Expression): boolean {
  const e = skipOuterExpressions(init);
  return isObjectLiteralExpression(e) || isArrayLiteralExpression(e) || isStringLiteralLike(e) || isNumericLiteral(e) || isTemplateExpression(e);
}

/** Named members of an interface, class or type literal, each with its declared type (`data: VnPostBhxhData | null`). */
function membersOf(members: ts.NodeArray<ts.ClassElement | ts.TypeElement>, file: FileIndex): TypeMember[] {
  const out: TypeMember[] = [];
  for (const m of members) {
    const name = propertyName(m.name);
    if (name === undefined) continue;
    const property = isPropertySignature(m) || isPropertyDeclaration(m);
    // `pin = (collectionId) => …`, `pin(): void`: a method of the record, not a value it holds
    const method = !property || (isPropertyDeclaration(m) && m.initializer !== undefined && isFunctionLike(m.initializer));
    out.push({ name, type: property ? m.type : undefined, file, method });
  }
  return out;
}

interface TypeMember {
  name: string;
  type: ts.TypeNode | undefined;
  file: FileIndex;
  /** A method, or a property set to a function. */
  method: boolean;
}

/** Calls that take the key of a database record: Mongoose, Sequelize, TypeORM, the MongoDB driver's ObjectId. */
const BY_KEY_CALLS = new Set([
  'findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove', 'findByPk', 'findOneById', 'findOneBy', 'getById',
  'deleteById', 'updateById', 'ObjectId', 'isValidObjectId', 'isValid', 'equals',
]);
const RECORD_KEY = new Set(['_id', 'id']);

/** The name an expression reads, through `.toString()`, `String(x)` and optional chaining: `c._id?.toString()` → `_id`. */
function readName(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (isIdentifier(e)) return e.text;
  if (isPropertyAccessExpression(e)) return e.name.text;
  if (isElementAccessExpression(e) && isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  if (isCallExpression(e)) {
    const callee = skipOuterExpressions(e.expression);
    if (isPropertyAccessExpression(callee) && callee.name.text === 'toString' && e.arguments.length === 0) return readName(callee.expression);
    if (isIdentifier(callee) && callee.text === 'String' && e.arguments.length === 1) return readName(e.arguments[0]);
  }
  return undefined;
}

/** The words of ID-number names in any casing (`soCccd`, `so_cccd`, `SO_DINH_DANH`, `idNumber`): a prefilter for `storedIdNumbers`. */
const ID_WORD = /c[_-]?c[_-]?c[_-]?d|c[_-]?m[_-]?n[_-]?d|dinh[_-]?danh|id[_-]?(number|card)|national[_-]?id|can[_-]?cuoc|citizen[_-]?pid/i;

/** String methods that keep (part of) the text they are called on: the text an ID number is cut out of. */
const TEXT_KEEPING_METHODS = new Set(['match', 'matchAll', 'split', 'replace', 'replaceAll', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'normalize', 'slice', 'substring', 'substr']);

/** The text a call of TEXT_KEEPING_METHODS (or a `re.exec(text)`) was cut from, through chains: `text.replace(a, b).trim().match(re)` → `text`. */
function cutFrom(init: ts.Expression): ts.Expression | undefined {
  let e = skipOuterExpressions(init);
  let found: ts.Expression | undefined;
  for (let i = 0; i < 16 && isCallExpression(e) && isPropertyAccessExpression(skipOuterExpressions(e.expression)); i++) {
    const callee = skipOuterExpressions(e.expression) as ts.PropertyAccessExpression;
    const method = callee.name.text;
    if (method === 'exec' && e.arguments[0]) return skipOuterExpressions(e.arguments[0]);
    if (!TEXT_KEEPING_METHODS.has(method)) return found;
    e = skipOuterExpressions(callee.expression);
    found = e;
  }
  return found;
}

/** Methods that take a piece of a text, so the piece is not the whole text (`text.match(re)`, `re.exec(text)`, `text.split('\n')`). */
/** `Object.<method>` (compared part by part: no string is joined for every call of every walk). */
const isObjectMethod = (chain: readonly string[] | undefined, method: string) => chain !== undefined && chain.length === 2 && chain[0] === 'Object' && chain[1] === method;

export const CUTTING_METHODS = new Set(['match', 'matchAll', 'split', 'slice', 'substring', 'substr', 'exec', 'search', 'indexOf', 'includes', 'startsWith', 'endsWith', 'test']);

/** A piece cut from a text: the text's whole-text origins (`Origin.whole`) do not come with it. */
function dropWhole(t: T): T {
  if (!t?.origins.some((o) => o.whole)) return t;
  const origins = t.origins.filter((o) => !o.whole);
  return origins.length || t.params.length ? { ...t, origins } : undefined;
}

/**
 * The values a stored ID number was cut out of, in the same function: `result.idNumber = m[1]` with
 * `const m = cleaned.match(re)` and `const cleaned = text.replace(…).trim()` gives `m`, `cleaned` and
 * `text` — the OCR text of an ID card, printed whole before it is parsed, holds the number too.
 * Local `const`/`let` declarations only, at most a few steps.
 */
function parsedFrom(read: ts.Expression): ts.Expression[] {
  const out: ts.Expression[] = [];
  let e: ts.Expression = read;
  for (let step = 0; step < 6; step++) {
    while (isElementAccessExpression(e) || isPropertyAccessExpression(e)) e = skipOuterExpressions(e.expression);
    if (!isIdentifier(e)) break;
    const decl = findLocalDeclaration(e);
    if (!decl || !isVariableDeclaration(decl) || !decl.initializer) break;
    const source = cutFrom(decl.initializer);
    if (!source) break;
    if (e !== read) out.push(e);
    out.push(source);
    e = source;
  }
  return out;
}

/** An expression's text without spaces and optional-chaining marks: `a?.b[ 0 ]` → `a.b[0]`. */
function readText(node: ts.Node, sf: ts.SourceFile): string {
  return node.getText(sf).replace(/\s+/g, '').replace(/\?\./g, '.');
}

const recordKeyCache = new WeakMap<ts.Node, ReadonlySet<string>>();

/**
 * Names (normalized) that a function — or a file's module-level code — uses as the key of a database
 * record: passed to `findById`/`ObjectId`/`isValidObjectId`, compared with an `_id`/`id`, assigned from
 * one, put under `_id` in a filter, or declared as an `ObjectId`. A `citizenId` used so is the
 * resident's row, not an identity number (docs/taint.md, "Record keys and identity numbers").
 */
function recordKeyNames(root: ts.Node): ReadonlySet<string> {
  let names = recordKeyCache.get(root);
  if (names) return names;
  const found = new Set<string>();
  const add = (expr: ts.Expression | undefined) => {
    const n = expr && readName(expr);
    if (n && mayBeRecordKey(n)) found.add(normalizeFieldName(n));
  };
  const isKey = (expr: ts.Expression) => RECORD_KEY.has(readName(expr) ?? '');
  const visit = (node: ts.Node): void => {
    if (isCallExpression(node) || isNewExpression(node)) {
      const chain = calleeChain(node.expression);
      if (chain && BY_KEY_CALLS.has(chain[chain.length - 1])) node.arguments?.forEach((a) => add(a));
    } else if (isBinaryExpression(node) && [SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken].includes(node.operatorToken.kind)) {
      if (isKey(node.left)) add(node.right);
      if (isKey(node.right)) add(node.left);
    } else if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && isKey(node.right)) {
      add(node.left);
    } else if (isVariableDeclaration(node) && isIdentifier(node.name) && node.initializer && isKey(node.initializer)) {
      add(node.name);
    } else if (isPropertyAssignment(node) && RECORD_KEY.has(propertyName(node.name) ?? '')) {
      add(node.initializer);
    } else if (isParameter(node) && isIdentifier(node.name) && node.type && /ObjectId\b/.test(node.type.getText())) {
      add(node.name);
    }
    forEachChild(node, visit);
  };
  visit(root);
  names = found;
  recordKeyCache.set(root, names);
  return names;
}

function enclosingFunctionNode(node: ts.Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

/**
 * The methods of a class that may write each `this` field, in member order: those with `this.<field>` (or
 * `this['<field>']`) as the target of an assignment, a compound assignment, a destructuring or a `for…of`/`for…in`,
 * the receiver of a mutator (`this.ids.push(…)`) or the first argument of an `assign` call, anywhere in their body
 * (callbacks included). A superset of the fields `Walker.assign` records in a method's `thisWrites`, read from the
 * syntax alone, once per class for both vocabularies. A `fileMemo`: the lists point into the file's AST.
 */
function thisFieldWriters(model: ProjectModel, file: FileIndex, cls: ts.ClassLikeDeclaration): ReadonlyMap<string, readonly FunctionLike[]> {
  return model.fileMemo('taint-class-writers', `${file.memoKey}:${cls.pos}`, () => syntacticWriters(cls.members.filter((m): m is FunctionLike & ts.ClassElement => isFunctionLike(m)), thisField), NO_WRITERS);
}

/** The top-level functions of a file that may write each name in the same places (`cachedToken = …`, `danhSach.push(…)`): a superset of their `moduleWrites`. */
function moduleVariableWriters(model: ProjectModel, file: FileIndex): ReadonlyMap<string, readonly FunctionLike[]> {
  return model.fileMemo('taint-module-writers', file.memoKey, () => {
    const units = file.functions.filter((info) => !enclosingFunctionNode(info.node)).map((info) => info.node);
    return syntacticWriters(units, (node) => (isIdentifier(node) ? node.text : undefined));
  }, NO_WRITERS);
}

const NO_WRITERS: ReadonlyMap<string, readonly FunctionLike[]> = new Map();

/** For each name `nameOf` gives to a node in a write position (`isWriteTarget`), the units that have one, in their order. */
function syntacticWriters(units: readonly FunctionLike[], nameOf: (node: ts.Node) => string | undefined): Map<string, FunctionLike[]> {
  const writers = new Map<string, FunctionLike[]>();
  for (const unit of units) {
    const visit = (node: ts.Node): void => {
      const name = nameOf(node);
      if (name !== undefined && isWriteTarget(node)) {
        const list = writers.get(name);
        if (!list) writers.set(name, [unit]);
        else if (list[list.length - 1] !== unit) list.push(unit);
      }
      forEachChild(node, visit);
    };
    forEachChild(unit, visit);
  }
  return writers;
}

/** The field of `this.<field>` or `this['<field>']` (parentheses and type assertions around `this` allowed), as `calleeChain` names it. */
function thisField(node: ts.Node): string | undefined {
  if (isPropertyAccessExpression(node)) return skipOuterExpressions(node.expression).kind === SyntaxKind.ThisKeyword ? node.name.text : undefined;
  if (isElementAccessExpression(node) && isStringLiteralLike(node.argumentExpression)) {
    return skipOuterExpressions(node.expression).kind === SyntaxKind.ThisKeyword ? node.argumentExpression.text : undefined;
  }
  return undefined;
}

/** Is an expression (inside any parentheses and type assertions) in a place where the walk assigns to it? */
function isWriteTarget(node: ts.Node): boolean {
  let q = node;
  while (isOuterExpression(q.parent)) q = q.parent;
  const p = q.parent;
  if (isBinaryExpression(p)) return p.left === q && p.operatorToken.kind >= SyntaxKind.FirstAssignment && p.operatorToken.kind <= SyntaxKind.LastAssignment;
  if (isForOfStatement(p) || isForInStatement(p)) return p.initializer === q;
  // a destructuring target (`[this.a] = …`, `({ k: this.a } = …)`); a literal that is not one is counted too
  if (isArrayLiteralExpression(p) || isSpreadElement(p)) return true;
  if (isPropertyAssignment(p)) return p.initializer === q;
  if (isShorthandPropertyAssignment(p)) return p.name === q;
  if (isPropertyAccessExpression(p)) return p.expression === q && MUTATORS.has(p.name.text);
  if (isCallExpression(p)) return p.arguments[0] === q && calleeChain(p.expression)?.at(-1) === 'assign';
  return false;
}

function enclosingClassNode(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isClassDeclaration(n) || isClassExpression(n)) return n;
    if (isFunctionDeclaration(n) || isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

function propertyName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name) || isNoSubstitutionTemplateLiteral(name) || isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function numericValue(expr: ts.Expression | undefined): number | undefined {
  if (!expr) return undefined;
  const e = skipOuterExpressions(expr);
  if (isNumericLiteral(e)) return Number(e.text);
  if (isPrefixUnaryExpression(e) && e.operator === SyntaxKind.MinusToken && isNumericLiteral(e.operand)) return -Number(e.operand.text);
  return undefined;
}

/**
 * What a call's argument holds at a callee's parameter path: an object literal's fields are known
 * exactly (`{ topic, payload }` passed where only `.topic` reaches a sink carries `topic` only); a
 * value of no known shape is taken whole, as before paths.
 */
function argumentAt(args: readonly T[], p: number): T {
  const ref = paramRef(p);
  let t = args[ref.param];
  for (const prop of ref.path) {
    if (!t) return undefined;
    if (t.fields?.has(prop)) {
      const f = t.fields.get(prop);
      t = f === KNOWN_TEXT ? undefined : f;
    } else if (t.exact) return undefined;
    else t = { origins: t.origins, params: paramsAt(t.params, prop) };
  }
  return t;
}

/** Events that say something happened to a connection, a stream or a process, and carry no data of its own. */
const LIFECYCLE_EVENTS = new Set([
  'close', 'closed', 'end', 'finish', 'open', 'opened', 'connect', 'connected', 'disconnect', 'disconnected', 'ready',
  'timeout', 'drain', 'status', 'synced', 'destroy', 'destroyed', 'abort', 'aborted', 'exit', 'listening', 'reconnect',
]);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener']);

/** `x.on('close', cb)`, `ws.addEventListener('open', cb)`: a listener of a lifecycle event. */
function isLifecycleListener(e: ts.CallExpression, method: string | undefined): boolean {
  if (!method || !LISTENER_METHODS.has(method)) return false;
  const name = e.arguments[0] && skipOuterExpressions(e.arguments[0]);
  return name !== undefined && isStringLiteralLike(name) && LIFECYCLE_EVENTS.has(name.text);
}

/** A data member the function reads of a value with no known shape (`row.hoTen`, `const { soCccd } = row`). */
interface MemberRead {
  member: string;
  node: ts.Node;
}

/** `row`, `req.session.user`, `this.user`: a value named by a path of plain names, else undefined. */
function pathKey(e: ts.Expression): string | undefined {
  if (isIdentifier(e)) return e.text;
  if (e.kind === SyntaxKind.ThisKeyword) return 'this';
  if (isPropertyAccessExpression(e)) {
    const head = pathKey(e.expression);
    return head === undefined ? undefined : `${head}.${e.name.text}`;
  }
  return undefined;
}

/** Where each path (`row`, `req.session.user`) is declared or assigned within a unit, by path. */
function pathWrites(file: FileIndex, scope: ts.Node): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const a of nodesWithin(file.assignments, scope)) {
    const target = isVariableDeclaration(a) ? a.name : isBinaryExpression(a) ? skipOuterExpressions(a.left) : undefined;
    const key = target && isExpression(target) ? pathKey(target) : undefined;
    if (!key) continue;
    const list = out.get(key);
    if (list) list.push(a.pos);
    else out.set(key, [a.pos]);
  }
  return out;
}

/** Is the path, or a path it is part of (`req.session` for `req.session.user`), assigned between two positions? */
function writtenBetween(writes: ReadonlyMap<string, readonly number[]>, key: string, a: number, b: number): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  for (let k: string | undefined = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : undefined) {
    if (writes.get(k)?.some((p) => p > lo && p < hi)) return true;
  }
  return false;
}

/** (No reads of the unit's own: a unit that logs a session's stored object checks the project's.) */
const NO_READS: ReadonlyMap<string, readonly MemberRead[]> = new Map();

/** The names a handler gives the request whose `session` holds what the app stores there (Express, Koa). */
const SESSION_ROOTS = 'req|request|ctx';
const SESSION_ROOT = new RegExp(`^(?:${SESSION_ROOTS})$`);

/** `req.session.user` (or `JSON.stringify(request.session.user)`) written whole: the session's stored object and its name. */
function sessionStored(arg: ts.Expression): { path: ts.PropertyAccessExpression; name: string } | undefined {
  for (const path of wholePaths(arg)) {
    if (!isPropertyAccessExpression(path) || !isPropertyAccessExpression(path.expression) || path.expression.name.text !== 'session') continue;
    const root = path.expression.expression;
    if (isIdentifier(root) && SESSION_ROOT.test(root.text)) return { path, name: path.name.text };
  }
  return undefined;
}

/** Where a call sends what it is given, if it is a sink of the vocabulary: messaging, a log, an error response, or the vocabulary's own. */
function findSink(model: ProjectModel, file: FileIndex, e: ts.CallExpression, vocabulary: TaintVocabulary): Sink | undefined {
  return messagingSink(model, file, e) ?? logSink(model, file, e) ?? errorResponseSink(e) ?? vocabulary.sink?.(model, file, e);
}

/** How deep a chain of project functions `reachesSink` follows before it answers yes. */
const MAX_REACH_DEPTH = 32;

/**
 * Can an argument carry data? Not a literal (`'Đã gửi'`, `42`, `null`) and not a callback (the walk
 * hands a callback's parameters the data, not the callee); but a CCCD or CMND number written as an
 * argument can be one (`Walker.literal`: given to a parameter named for an ID number).
 */
function mayCarryData(arg: ts.Expression): boolean {
  const e = skipOuterExpressions(arg);
  switch (e.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.NumericLiteral: {
      const text = (e as ts.LiteralExpression).text;
      return isCccdNumber(text) || isCmndNumber(text);
    }
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
      return false;
    default:
      return !isFunctionLike(e);
  }
}

/** A value that carries no data that is known and has no exact shape (a literal, a declared type): what it holds is not known. */
const shapeUnknown = (t: T) => !t || (!t.origins.length && !t.exact);

/** Cheap test before `wholePaths`: can an argument write a path's value whole? */
function mayCarryPath(arg: ts.Expression): boolean {
  const e = skipOuterExpressions(arg);
  return isIdentifier(e) || isPropertyAccessExpression(e) || isCallExpression(e) || isTemplateExpression(e) || isBinaryExpression(e) || isObjectLiteralExpression(e);
}

/**
 * The paths an argument writes whole: itself (`row`), the argument of `JSON.stringify(row)` or
 * `util.inspect(row)`, and the values of an object literal (`{ user }`, `{ ...row }`). In a template or
 * a `+` an object is `[object Object]`: only a `JSON.stringify` inside one writes it (`asText`).
 */
function wholePaths(arg: ts.Expression, out: ts.Expression[] = [], asText = false, depth = 0): ts.Expression[] {
  const e = skipOuterExpressions(arg);
  if (depth > 4) return out;
  if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    if (!asText) out.push(e);
  } else if (isCallExpression(e)) {
    const name = calleeChain(e.expression)?.join('.');
    if ((name === 'JSON.stringify' || name === 'util.inspect' || name === 'inspect') && e.arguments[0]) wholePaths(e.arguments[0], out, false, depth + 1);
  } else if (isTemplateExpression(e)) {
    for (const span of e.templateSpans) wholePaths(span.expression, out, true, depth + 1);
  } else if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) {
    wholePaths(e.left, out, true, depth + 1);
    wholePaths(e.right, out, true, depth + 1);
  } else if (isObjectLiteralExpression(e) && !asText) {
    for (const p of e.properties) {
      if (isPropertyAssignment(p)) wholePaths(p.initializer, out, false, depth + 1);
      else if (isShorthandPropertyAssignment(p)) out.push(p.name);
      else if (isSpreadAssignment(p)) wholePaths(p.expression, out, false, depth + 1);
    }
  }
  return out;
}

/** One walk over one function (or a file's module-level code). */
class Walker {
  private readonly env = new Map<string, T>();
  private readonly seen = new Map<ts.Node, T>();
  private readonly findings: TaintFinding[] = [];
  private readonly sinks: SinkParam[] = [];
  /** What the unit writes to `this.x` and to module variables: made on the first write (most functions make none). */
  private thisWrites: Map<string, T> | undefined;
  private moduleWrites: Map<string, T> | undefined;
  private readonly returns: T[] = [];
  /** Conditional nesting: an assignment inside a branch adds to a variable, outside it replaces. */
  private conditional = 0;
  private loopDepth = 0;
  /** Names declared by the nested functions being walked in place, innermost last. */
  private readonly scopes: Set<string>[] = [];
  private readonly fields: CitizenFieldSet;
  private readonly model: ProjectModel;
  private readonly vocabulary: TaintVocabulary;
  /** (`readsMakeRecord`) The data members read of values with no known shape, by the value's path (`row`, `req.session.user`): made on the first read. */
  private memberReads: Map<string, MemberRead[]> | undefined;
  /** (`readsMakeRecord`) The unit reads a session's stored object (`req.session.user`) of no known shape. */
  private readsSession = false;

  constructor(
    private readonly analysis: TaintAnalysis,
    private readonly file: FileIndex,
    private readonly unit: FunctionLike | undefined,
  ) {
    this.fields = analysis.citizen;
    this.model = analysis.model;
    this.vocabulary = analysis.vocabulary;
  }

  /** What a parameter holds: its declared type's data fields, and what the vocabulary adds for its function. */
  private parameterTaint(p: ts.ParameterDeclaration, fn: FunctionLike, base: Taint): Taint {
    const typed = this.typed(p.type, base, p);
    const extra = this.vocabulary.parameter?.(p, fn, this.file);
    return extra ? union(typed, extra)! : typed;
  }

  run(): UnitResult {
    if (this.unit) {
      const unit = this.unit;
      unit.parameters.forEach((p, i) => this.bind(p.name, this.parameterTaint(p, unit, { origins: [], params: [i] }), p));
      this.returns.push(undefined);
      this.walkBody(this.unit);
      this.recordsByUse();
      const returns = this.returns.pop();
      return { summary: { returns, sinks: this.sinks, thisWrites: this.thisWrites ?? NO_WRITES, moduleWrites: this.moduleWrites ?? NO_WRITES }, findings: this.findings };
    }
    for (const stmt of this.file.sourceFile.statements) this.visit(stmt);
    this.recordsByUse();
    return { summary: EMPTY_RESULT.summary, findings: this.findings };
  }

  private line(node: ts.Node): number {
    return this.file.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.file.sourceFile)).line + 1;
  }

  private origin(kind: Origin['kind'], field: string | undefined, node: ts.Node, query?: string): Taint {
    return { origins: [{ kind, field, query, file: this.file.fileName, line: this.line(node), sensitive: field ? this.fields.sensitive(field) : false }], params: [] };
  }

  /**
   * A parameter declared with a type that has citizen-data members
   * (`dto: { soDinhDanh: string }`, `@Body() dto: TraCuuDto`, `cd: CongDan`)
   * holds citizen data in those members, and only in those: `hoSo.trangThai`
   * of the same object is not.
   */
  private typed(type: ts.TypeNode | undefined, base: Taint, decl: ts.Node, file: FileIndex = this.file, depth = 0): Taint {
    const members = type && this.typeMembers(type, file);
    if (!members) return base;
    const fields = new Map<string, T>();
    let whole: T;
    for (const m of members) {
      // (below the top level only: a parameter's own type keeps every name it declares, as before)
      if (depth > 0 && m.method) continue;
      const own = { ...base, params: paramsAt(base.params, m.name) };
      // `data: VnPostBhxhData` of a response type: the member is a record of its own type (two levels down at most)
      const nested = !this.isCitizenName(m.name) && m.type && depth < 2 ? this.typed(m.type, own, decl, m.file, depth + 1) : undefined;
      // below the top, a member of a declared object type is that record, not a value its name describes (`pin: Pin` of a document)
      // and a member declared `boolean` is a flag about the field it names (`updateFields: { gioiTinh?: boolean }`)
      const byName = this.isCitizenName(m.name) && m.type?.kind !== SyntaxKind.BooleanKeyword && !(depth > 0 && m.type && this.typeMembers(m.type, m.file));
      const source = nested?.exact ? { origins: nested.origins, params: [] } : byName ? this.origin('field', m.name, decl) : undefined;
      fields.set(m.name, nested?.exact ? nested : union(source, own));
      whole = union(whole, source);
    }
    if (!whole) return base;
    // a type with citizen-data members is a citizen record: its short, ambiguous members (`email`, `gioiTinh`) count too
    for (const { name } of members) {
      if (this.fields.field(name) && this.fields.isAmbiguous(name)) fields.set(name, union(this.origin('field', name, decl), { ...base, params: paramsAt(base.params, name) }));
    }
    return { origins: whole.origins, params: base.params, fields, exact: true };
  }

  /** The members a type declares (in place, or by a name declared in `file` or imported there), with their own types. */
  private typeMembers(type: ts.TypeNode, file: FileIndex): TypeMember[] | undefined {
    if (isArrayTypeNode(type)) return this.typeMembers(type.elementType, file);
    if (isUnionTypeNode(type)) return type.types.map((t) => this.typeMembers(t, file)).find((m) => m);
    if (isTypeLiteralNode(type)) return membersOf(type.members, file);
    if (isTypeReferenceNode(type) && isIdentifier(type.typeName)) {
      // `DonVi`, `Hospital`: an organisation's name and phone are not a citizen's
      if (ORGANISATION_TYPE.test(type.typeName.text)) return undefined;
      const found = findTypeDeclaration(this.model, file, type.typeName.text);
      if (!found) return undefined;
      const { decl } = found;
      if (isTypeAliasDeclaration(decl)) return isTypeLiteralNode(decl.type) ? this.typeMembers(decl.type, found.file) : undefined;
      return membersOf(decl.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>, found.file);
    }
    return undefined;
  }

  /** A name that is a citizen-data field makes its value citizen data (unless the code uses it as a record key). */
  private nameSource(name: string, node: ts.Node): T {
    if (!this.isCitizenName(name)) return undefined;
    return this.origin('field', name, node);
  }

  private isCitizenName(name: string): boolean {
    if (!this.fields.field(name) || this.fields.isAmbiguous(name)) return false;
    return !(mayBeRecordKey(name) && recordKeyNames(this.unit ?? this.file.sourceFile).has(normalizeFieldName(name)));
  }

  private walkBody(fn: FunctionLike): void {
    const body = fn.body;
    if (!body) return;
    if (isBlock(body)) body.statements.forEach((s) => this.visit(s));
    else this.returns[this.returns.length - 1] = union(this.returns[this.returns.length - 1], this.expr(body));
  }

  /** Walk a nested function in place (closures see the enclosing environment); its return taint is the result. */
  private inline(fn: FunctionLike, params: readonly T[]): T {
    if (!this.unit) return undefined; // module level: every function is a unit of its own
    // its own variables are updated as in any function; the enclosing ones only weakly (it may never run)
    const outerConditional = this.conditional;
    this.conditional = 0;
    this.scopes.push(new Set());
    fn.parameters.forEach((p, i) => this.bind(p.name, union(params[i], this.parameterTaint(p, fn, { origins: [], params: [] })), p));
    this.returns.push(undefined);
    this.walkBody(fn);
    this.scopes.pop();
    this.conditional = outerConditional;
    return this.returns.pop();
  }

  private bind(name: ts.BindingName, t: T, decl: ts.Node, init?: ts.Expression): void {
    if (isIdentifier(name)) {
      this.scopes[this.scopes.length - 1]?.add(name.text);
      const isLiteral = init && (isStringLiteralLike(skipOuterExpressions(init)) || isNumericLiteral(skipOuterExpressions(init)));
      // `const jwt = require('jsonwebtoken')` is the library, whatever its name says
      const isPackage = this.vocabulary.packageImportsAreData === false && init !== undefined && isPackageSpecifier(requireSpecifier(init));
      const value = t?.origins.length || isLiteral || isPackage ? t : union(t, this.nameSource(name.text, decl));
      this.env.set(name.text, value);
      return;
    }
    for (const el of name.elements) {
      if (isOmittedExpression(el)) continue;
      if (isObjectBindingPattern(name)) {
        const prop = el.dotDotDotToken ? undefined : propertyName(el.propertyName) ?? (isIdentifier(el.name) ? el.name.text : undefined);
        const rest = el.dotDotDotToken && t && this.vocabulary.restOf ? this.vocabulary.restOf(t, bindingKeys(name)) : t;
        this.bind(el.name, prop ? this.member(t, prop, el) : rest, el, el.initializer);
      } else {
        this.bind(el.name, t, el);
      }
      if (el.initializer) this.expr(el.initializer);
    }
  }

  /** The taint of `obj.prop` given the taint of obj. */
  private member(t: T, prop: string, node: ts.Node): T {
    if (prop === 'length') return undefined;
    let result: T;
    if (t?.fields?.get(prop) === KNOWN_TEXT) return undefined;
    if (t) {
      if (t.fields?.has(prop)) result = t.fields.get(prop);
      else if (!t.exact && (this.vocabulary.memberCarries?.(prop) ?? (!isNonDataProperty(prop) && !this.isRecordKeyMember(prop)))) {
        const field = this.fields.field(prop);
        // `HoVaTen.Ten`: keep the clearer enclosing field for the parts of a name; `congDan.email` names email
        result = field && t.origins.length && !NAME_PARTS.has(normalizeFieldName(prop))
          ? { origins: t.origins.map((o) => ({ ...o, field: prop, sensitive: this.fields.sensitive(prop) })), params: paramsAt(t.params, prop) }
          : { origins: t.origins, params: paramsAt(t.params, prop) };
      }
    }
    if (!result?.origins.length) result = union(result, this.nameSource(prop, node));
    return result;
  }

  /**
   * `notification.user_id`, `invite.invitedUserId`: the key of another record, named as one (`id`
   * as its own last word) and not a citizen-data field of the policy. Taken from a record whose
   * shape is not known, it is the key and not the record (a chat app logs the recipients' ids of
   * notifications whose body holds the sender's name). `citizenId` and ID-number names stay data.
   */
  private isRecordKeyMember(prop: string): boolean {
    return /(?:^|_)id$|[a-z0-9](?:Id|ID)$/.test(prop) && mayBeRecordKey(prop) && this.fields.field(prop) === undefined;
  }

  /** `visit` as a callback of `forEachChild`, made once per walker instead of once per visited node. */
  private readonly visitChild = (c: ts.Node): undefined => {
    this.visit(c);
  };

  private visit(node: ts.Node): void {
    if (isExpression(node)) {
      this.expr(node);
      return;
    }
    if (isFunctionLike(node)) {
      this.inline(node, []);
      return;
    }
    if (isVariableDeclaration(node)) {
      let t = node.initializer ? this.expr(node.initializer) : undefined;
      // `const apiResponse: VnPostBhxhApiResponse = await response.json()`: what came from elsewhere with no shape of
      // its own has the shape the code declares for it (a literal the code writes in place keeps its own)
      if (node.type && node.initializer && shapeUnknown(t) && !isWrittenInPlace(node.initializer)) {
        const declared = this.typed(node.type, NO_PARAMS, node);
        if (declared.exact) t = union(t, declared);
      }
      if (node.initializer && isObjectBindingPattern(node.name) && this.vocabulary.readsMakeRecord && shapeUnknown(t)) this.noteDestructuredReads(node.name, node.initializer);
      this.bind(node.name, t, node, node.initializer);
      return;
    }
    if (isReturnStatement(node)) {
      if (node.expression) this.returns[this.returns.length - 1] = union(this.returns[this.returns.length - 1], this.expr(node.expression));
      return;
    }
    if (isForOfStatement(node) || isForInStatement(node)) {
      const t = this.expr(node.expression);
      const init = node.initializer;
      const elem = isForOfStatement(node) ? t : undefined;
      if (isVariableDeclarationList(init)) init.declarations.forEach((d) => this.bind(d.name, elem, d));
      else this.assign(init, elem);
      this.loop(node.statement, () => this.visit(node.statement));
      return;
    }
    if (isIterationStatement(node, false)) {
      this.loop(node, () => forEachChild(node, this.visitChild));
      return;
    }
    if (isIfStatement(node) || isSwitchStatement(node) || isTryStatement(node) || isCatchClause(node)) {
      this.conditional++;
      forEachChild(node, this.visitChild);
      this.conditional--;
      return;
    }
    if (isClassDeclaration(node) || isInterfaceDeclaration(node) || isTypeAliasDeclaration(node) || isImportDeclaration(node)) return;
    forEachChild(node, this.visitChild);
  }

  /**
   * A loop body is walked once more when the first walk added citizen data to a
   * variable that existed before the loop: a value assigned late in one
   * iteration is read early in the next. Only the outermost loop repeats, so
   * nested loops cost two walks, not 2^depth.
   */
  private loop(body: ts.Node, walk: () => void): void {
    this.conditional++;
    this.loopDepth++;
    const before = this.loopDepth === 1 ? new Map(this.env) : undefined;
    walk();
    if (before && [...before].some(([k, v]) => this.env.get(k) !== v && (this.env.get(k)?.origins.length ?? 0) > (v?.origins.length ?? 0))) {
      for (const node of [...this.seen.keys()]) if (node.pos >= body.pos && node.end <= body.end) this.seen.delete(node);
      walk();
    }
    this.loopDepth--;
    this.conditional--;
  }

  private expr(node: ts.Expression): T {
    const known = this.seen.get(node);
    if (known !== undefined || this.seen.has(node)) return known;
    this.seen.set(node, undefined);
    let t = this.evaluate(node);
    // a value the function stores as an ID number (`result.idNumber = matches[0]`) is that number wherever it is read
    if (!t?.origins.length && this.unit && (isIdentifier(node) || isElementAccessExpression(node) || isPropertyAccessExpression(node)) && this.mayHoldStoredId()) {
      const text = readText(node, this.file.sourceFile);
      const field = this.storedIdNumbers().get(text);
      if (field) t = union(t, this.origin('field', field, node));
      // the text an ID number is cut from holds it whole; another piece cut from it (`text.match(/PHIEN-…/)`) need not (`dropWhole`)
      const parsed = field ? undefined : this.parsedIdTexts?.get(text);
      if (parsed) t = union(t, { origins: [{ ...this.origin('field', parsed, node).origins[0], whole: true }], params: [] });
    }
    this.seen.set(node, t);
    return t;
  }

  private storedIds: ReadonlyMap<string, string> | undefined;

  /**
   * Plain reads (`potentialIds[0]`, `m[1]`, `ocr.so`) that this function stores under the name of an ID
   * number (`result.idNumber = …`, `{ soCccd: … }`, `const soDinhDanh = …`): the code says what they are.
   * Record-key names (`citizenId`) do not count.
   */
  /** Does the function store an ID number anywhere (most do not: then no expression's text is read)? */
  private mayHoldStoredId(): boolean {
    return this.storedIdNumbers().size > 0 || (this.parsedIdTexts?.size ?? 0) > 0;
  }

  private storedIdNumbers(): ReadonlyMap<string, string> {
    if (this.storedIds) return this.storedIds;
    // only a function whose text names an ID number can store one (one regular expression instead of a walk),
    // and only under a vocabulary with names of ID numbers (credentials have none); the stores in its body
    // come from the file index's list, in source order. Most functions hold none: they share one empty table.
    if (this.fields.hasIdNames === false || !this.unit?.body || !ID_WORD.test(this.unit.body.getText(this.file.sourceFile))) {
      this.parsedIdTexts = NO_TEXTS;
      return (this.storedIds = NO_TEXTS);
    }
    const out = new Map<string, string>();
    const parsed = new Map<string, string>();
    const note = (name: string | undefined, value: ts.Expression | undefined) => {
      if (!name || !value || !this.fields.field(name) || !this.fields.isIdName(name) || mayBeRecordKey(name)) return;
      const v = skipOuterExpressions(value);
      if (isIdentifier(v) || isElementAccessExpression(v) || isPropertyAccessExpression(v)) {
        if (!isIdentifier(v) || normalizeFieldName(v.text) !== normalizeFieldName(name)) out.set(readText(v, this.file.sourceFile), name);
        for (const source of parsedFrom(v)) parsed.set(readText(source, this.file.sourceFile), name);
      }
    };
    for (const n of nodesWithin(this.file.assignments, this.unit.body)) {
      if (isBinaryExpression(n)) {
        const chain = calleeChain(n.left);
        note(chain?.[chain.length - 1], n.right);
      } else if (isPropertyAssignment(n)) note(propertyName(n.name), n.initializer);
      else if (isIdentifier(n.name)) note(n.name.text, n.initializer);
    }
    for (const k of out.keys()) parsed.delete(k);
    this.storedIds = out;
    this.parsedIdTexts = parsed;
    return out;
  }

  /** Texts an ID number stored by this function was cut out of (`parsedFrom`): whole, they hold the number. */
  private parsedIdTexts: ReadonlyMap<string, string> | undefined;

  private evaluate(node: ts.Expression): T {
    const e = node;
    if (isOuterExpression(e) || isAwaitExpression(e) || isSpreadElement(e)) {
      return this.expr(e.expression);
    }
    if (isIdentifier(e)) return this.identifier(e);
    if (isStringLiteralLike(e) || isNumericLiteral(e)) return this.literal(e);
    if (isTemplateExpression(e)) return unionAll(e.templateSpans.map((s) => this.expr(s.expression)));
    if (isTaggedTemplateExpression(e)) {
      this.expr(e.tag);
      return isTemplateExpression(e.template) ? this.expr(e.template) : undefined;
    }
    if (isPropertyAccessExpression(e)) return this.propertyAccess(e);
    if (isElementAccessExpression(e)) {
      const obj = this.expr(e.expression);
      const key = skipOuterExpressions(e.argumentExpression);
      if (isStringLiteralLike(key)) return this.member(obj, key.text, e);
      // `result.Items?.[0]`, `rows[0]`: an element of a list of records is such a record (a list's taint is its elements')
      if (isNumericLiteral(key)) return obj;
      this.expr(e.argumentExpression);
      return obj && { origins: obj.origins, params: obj.params };
    }
    if (isCallExpression(e)) return this.call(e);
    if (isNewExpression(e)) return this.newExpression(e);
    if (isBinaryExpression(e)) return this.binary(e);
    if (isConditionalExpression(e)) {
      this.expr(e.condition); // a condition decides, it does not carry
      this.conditional++;
      const t = union(this.expr(e.whenTrue), this.expr(e.whenFalse));
      this.conditional--;
      return t;
    }
    if (isPrefixUnaryExpression(e) || isPostfixUnaryExpression(e) || isTypeOfExpression(e) || isVoidExpression(e) || isDeleteExpression(e)) {
      this.expr(isPrefixUnaryExpression(e) || isPostfixUnaryExpression(e) ? e.operand : e.expression);
      return undefined; // `!!cccd`, `typeof x`, `-n`: a boolean, a type name or a number, not the data
    }
    if (isObjectLiteralExpression(e)) return this.objectLiteral(e);
    if (isArrayLiteralExpression(e)) return unionAll(e.elements.map((el) => this.expr(el)));
    if (isFunctionLike(e)) {
      this.inline(e, []);
      return undefined;
    }
    if (isClassExpression(e)) return undefined;
    forEachChild(e, this.visitChild);
    return undefined;
  }

  private identifier(id: ts.Identifier): T {
    if (this.env.has(id.text)) return this.env.get(id.text);
    if (id.text === 'undefined') return undefined;
    // a module-level `let` written by another function of the file (`ketQuaGanNhat = await traCuu()`)
    const shared = isModuleVariable(this.file, id) ? this.analysis.moduleVariableTaint(this.file, id.text) : undefined;
    if (shared) return shared;
    const source = this.vocabulary.packageImportsAreData === false && isPackageImport(this.file, id.text) ? undefined : this.nameSource(id.text, id);
    // only names that could hold citizen data are worth resolving (resolution may read other files)
    if (!source && !this.fields.isIdName(id.text)) return undefined;
    // a module constant holding an ID number: `const soCccdThuNghiem = '052203001234'`
    const decl = this.model.resolveExpression(this.file, id);
    if (decl && isVariableDeclaration(decl.node) && decl.node.initializer && isStringLiteralLike(decl.node.initializer)) {
      const owner = this.model.ownerIndex(decl);
      if (owner) return idLiteral(decl.node.initializer, this.fields, owner);
    }
    // a module constant named like a field (`const hoTen = 'Họ và tên'`, a label) holds no one's data
    if (source && knownText(this.model.evaluateString(this.file, id)) !== undefined) return undefined;
    return source;
  }

  /** A CCCD or CMND number written in the code is citizen data when the code uses it as an ID. */
  private literal(lit: ts.StringLiteralLike | ts.NumericLiteral): T {
    const text = lit.text;
    if (!isCccdNumber(text) && !isCmndNumber(text)) return undefined;
    const parent = lit.parent;
    let name: string | undefined;
    if ((isVariableDeclaration(parent) || isPropertyAssignment(parent) || isPropertyDeclaration(parent)) && parent.name && !isObjectBindingPattern(parent.name) && !isArrayBindingPattern(parent.name)) {
      name = propertyName(parent.name as ts.PropertyName);
    } else if (isBinaryExpression(parent)) {
      const other = parent.left === lit ? parent.right : parent.left;
      const chain = calleeChain(other);
      name = chain?.[chain.length - 1];
    } else if (isCallExpression(parent)) {
      const target = this.model.resolveCall(this.file, parent);
      const param = target?.info.node.parameters[parent.arguments.indexOf(lit)];
      name = param && isIdentifier(param.name) ? param.name.text : undefined;
      if (!name && this.analysis.oracle(this.model, this.file, parent)) name = 'cccd';
    }
    if (!name || !this.fields.isIdName(name)) return undefined;
    return this.origin('id-literal', isCccdNumber(text) ? 'CCCD' : 'CMND', lit);
  }

  private propertyAccess(e: ts.PropertyAccessExpression): T {
    const prop = e.name.text;
    if (e.expression.kind === SyntaxKind.ThisKeyword) {
      const key = `this.${prop}`;
      if (this.env.has(key)) return this.env.get(key);
      const cls = enclosingClassNode(e);
      const fieldTaint = cls ? this.analysis.classFieldTaint(this.file, cls, prop) : undefined;
      return fieldTaint ?? this.nameSource(prop, e);
    }
    const obj = this.expr(e.expression);
    const t = this.member(obj, prop, e);
    if (this.vocabulary.readsMakeRecord && shapeUnknown(obj)) {
      if (this.isCitizenName(prop)) this.noteMemberRead(prop, e.expression, e);
      else if (isPropertyAccessExpression(e.expression) && e.expression.name.text === 'session' && shapeUnknown(t)) this.readsSession = true;
    }
    if (!obj && t && knownText(this.model.evaluateString(this.file, e)) !== undefined) return undefined; // `LABELS.hoTen`
    return t;
  }

  private objectLiteral(e: ts.ObjectLiteralExpression): T {
    const fields = new Map<string, T>();
    let whole: T;
    let exact = true;
    for (const p of e.properties) {
      if (isPropertyAssignment(p)) {
        const t = this.expr(p.initializer);
        const name = propertyName(p.name);
        if (name === undefined) {
          exact = false;
          if (isComputedPropertyName(p.name)) this.expr(p.name.expression);
        } else fields.set(name, t ?? (isLiteralValue(p.initializer) ? KNOWN_TEXT : undefined));
        whole = union(whole, t);
      } else if (isShorthandPropertyAssignment(p)) {
        const t = this.identifier(p.name);
        fields.set(p.name.text, t);
        whole = union(whole, t);
      } else if (isSpreadAssignment(p)) {
        const spread = this.expr(p.expression);
        // `{ ...body, password: '***' }`: properties written after a spread replace it, like a rest pattern takes them out
        const later = this.vocabulary.restOf && spread ? laterKeys(e, p) : [];
        const t = later.length && spread ? this.vocabulary.restOf!(spread, later) : spread;
        if (t?.fields && t.exact) for (const [k, v] of t.fields) fields.set(k, v);
        else if (t) exact = false;
        whole = union(whole, t && { origins: t.origins, params: t.params });
      } else if (isFunctionLike(p)) {
        this.inline(p, []);
      }
    }
    return { origins: whole?.origins ?? [], params: whole?.params ?? [], fields, exact };
  }

  private binary(e: ts.BinaryExpression): T {
    const op = e.operatorToken.kind;
    if (op === SyntaxKind.EqualsToken) {
      const t = this.expr(e.right);
      this.assign(e.left, t);
      return t;
    }
    if (op === SyntaxKind.PlusEqualsToken || op === SyntaxKind.BarBarEqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken) {
      const t = union(this.expr(e.left), this.expr(e.right));
      this.assign(e.left, t, true);
      return t;
    }
    const left = this.expr(e.left);
    const right = this.expr(e.right);
    switch (op) {
      case SyntaxKind.PlusToken:
        return union(left && { origins: left.origins, params: left.params }, right && { origins: right.origins, params: right.params });
      // `result.Items?.[0] ?? null`, `row || {}`: one of the two values itself, its members and shape kept
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken:
        return union(left, right);
      case SyntaxKind.CommaToken:
        return right;
      case SyntaxKind.AmpersandAmpersandToken:
        return right;
      default:
        return undefined; // comparisons, arithmetic, `in`, `instanceof`: a fact about the data, not the data
    }
  }

  private assign(target: ts.Node, t: T, add = false): void {
    const left = isExpression(target) ? skipOuterExpressions(target) : target;
    if (isIdentifier(left)) {
      if (this.unit && isModuleVariable(this.file, left)) {
        const writes = (this.moduleWrites ??= new Map());
        writes.set(left.text, union(writes.get(left.text), t));
      }
      const prev = this.env.get(left.text);
      const own = this.scopes.length === 0 || this.scopes[this.scopes.length - 1].has(left.text);
      this.env.set(left.text, add || this.conditional > 0 || !own ? union(prev, t) : t);
      return;
    }
    if (isPropertyAccessExpression(left) || isElementAccessExpression(left)) {
      const chain = calleeChain(left);
      if (chain && chain[0] === 'this' && chain.length === 2) {
        const key = `this.${chain[1]}`;
        this.env.set(key, add || this.conditional > 0 ? union(this.env.get(key), t) : t);
        const writes = (this.thisWrites ??= new Map());
        writes.set(chain[1], union(writes.get(chain[1]), t));
        return;
      }
      // `payload.text = hoTen`, `payload[key] = hoTen`: the object now carries it
      const root = chain ?? (isElementAccessExpression(left) ? calleeChain(left.expression) : undefined);
      const owner = root && (chain ? root.length >= 2 : root.length >= 1) ? (root[0] === 'this' && root.length > 1 ? `this.${root[1]}` : root[0]) : undefined;
      const prevOwner = owner ? this.env.get(owner) : undefined;
      if (owner && !t && chain?.length === 2 && prevOwner?.fields?.get(chain[1]) === KNOWN_TEXT) {
        // `result.soCccd = match[1]` over a literal: the member no longer holds that text
        const fields = new Map(prevOwner.fields);
        fields.delete(chain[1]);
        this.env.set(owner, { ...prevOwner, fields, exact: false });
      }
      if (owner && t) {
        const prev = this.env.get(owner);
        const fields = new Map(prev?.fields);
        if (chain?.length === 2) fields.set(chain[1], fields.get(chain[1]) === KNOWN_TEXT ? t : union(fields.get(chain[1]), t));
        // a computed key may be any property: the shape is no longer exact
        this.env.set(owner, union(prev, { origins: t.origins, params: t.params, fields, exact: chain ? prev?.exact : false }));
      }
      return;
    }
    if (isObjectLiteralExpression(left) || isArrayLiteralExpression(left)) {
      // destructuring assignment: `({ data } = res)`
      for (const el of isObjectLiteralExpression(left) ? left.properties : left.elements) {
        if (isShorthandPropertyAssignment(el)) this.assign(el.name, this.member(t, el.name.text, el));
        else if (isPropertyAssignment(el)) this.assign(el.initializer, propertyName(el.name) ? this.member(t, propertyName(el.name)!, el) : t);
        else if (isExpression(el)) this.assign(el, t);
      }
    }
  }

  private newExpression(e: ts.NewExpression): T {
    const args = (e.arguments ?? []).map((a) => this.expr(a));
    const sink = errorResponseSink(e);
    if (sink) {
      this.sink(e, sink);
      return undefined;
    }
    // `new URLSearchParams({ text })`, `new TextMessage(text)`: the object holds its arguments
    return unionAll(args);
  }

  private call(e: ts.CallExpression): T {
    const callee = skipOuterExpressions(e.expression);
    const method = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : undefined;
    let receiver: T;
    if (isPropertyAccessExpression(callee) || isElementAccessExpression(callee)) receiver = this.expr(callee.expression);
    else if (!isIdentifier(callee)) this.expr(callee);
    const cuts = method !== undefined && isPropertyAccessExpression(callee) && CUTTING_METHODS.has(method);
    if (cuts) receiver = dropWhole(receiver);
    const args: T[] = [];
    let callbackResult: T;
    // (a loop, and the callbacks' list only when there are some: this runs for every call of every walk)
    let callbacks: [number, FunctionLike][] | undefined;
    const dropsWhole = cuts && (method === 'exec' || method === 'test');
    for (let i = 0; i < e.arguments.length; i++) {
      const a = e.arguments[i];
      const fn = skipOuterExpressions(a);
      if (isFunctionLike(fn)) (callbacks ??= []).push([i, fn]);
      else args[i] = dropsWhole ? dropWhole(this.expr(a)) : this.expr(a);
    }
    // `ds.map(cd => …)`, `p.then(r => …)`: the callback gets the receiver's data; a library
    // iterator (`async.eachSeries(ds, (cd, done) => …)`, `_.forEach(ds, …)`) gets its arguments'
    // (a `.catch(e => …)` handler gets the error, not the data: logging `e.message` is the usual, harmless case)
    // (nor does a listener of a lifecycle event: `provider.on('close', ev => …)` gets the event, not what the provider was built with)
    const given = method === 'catch' || isLifecycleListener(e, method) ? undefined : receiver ?? unionAll(args);
    for (const [i, fn] of callbacks ?? []) {
      // the element is the first parameter (the accumulator of reduce is the first, the element the second); an index or `done` is not data
      const params = method === 'reduce' ? [undefined, given] : [given];
      callbackResult = union(callbackResult, this.inline(fn, params));
      args[i] = undefined;
    }
    const chain = calleeChain(callee);

    if (this.isSanitizer(e, chain, method)) return undefined;
    const query = this.analysis.oracle(this.model, this.file, e);
    if (query) return this.origin('query', undefined, e, query.label);

    // `localStorage.getItem('jwtToken')`, `formData.get('password')`, `Cookies.get(TOKEN_KEY)`: what is kept under a key that names the data is that data
    const storedUnder = method !== undefined && isPropertyAccessExpression(callee) ? this.storageKey(e, method) : undefined;
    if (storedUnder !== undefined) {
      const t = this.nameSource(storedUnder, e);
      if (t) return t;
    }

    // A call that is given no data (no taint, no parameter of the function being summarized) cannot
    // put any into a sink or an event: the sink and event searches (HTTP hosts, SDK bindings,
    // subscribers) are skipped for it — most calls of a file. Whether it is a sink still decides
    // its result below, where it matters (a project function's summary).
    const carries = receiver !== undefined || args.some((a) => a !== undefined);
    const sink = carries ? this.findSink(e) : undefined;
    if (sink) {
      this.sink(e, sink);
      return undefined;
    }
    if (chain && matchesAnyCallee(chain, this.model.policy.audit.functions)) return undefined;

    // a Mongoose document or a validated body whose shape the project declares (records.ts)
    const record = recordOfCall(this.model, this.file, e);
    if (record) {
      const t = this.recordTaint(e, record);
      if (t) return t;
    }

    // an event emitted or a job queued: what each subscriber does with the data happens here (events.ts)
    const published = carries ? publication(this.model, this.file, e) : undefined;
    if (published) {
      // a job's processor gets the job, whose `data` is what was queued (`job.data.congDan`); of the rest of the job nothing is known
      const given = published.args.map((a) => this.expr(a)).map((t) => (published.kind === 'job' && t ? { origins: t.origins, params: t.params, fields: new Map([['data', t]]), exact: false } : t));
      for (const sub of subscribersOf(this.model, published.kind, published.keys[0]).concat(published.keys.slice(1).flatMap((k) => subscribersOf(this.model, published.kind, k)))) {
        if (sub.fn === this.unit) continue;
        const info = sub.file.functionByNode.get(sub.fn);
        const named = info && !info.name.startsWith('<') ? [info.name] : [];
        this.applySinks(e, [published.label, ...named], this.analysis.analyzeUnit(sub.file, sub.fn).summary, given);
      }
      return undefined;
    }

    const target = this.model.resolveCall(this.file, e);
    // (a declaration without a body — `declare function`, an overload — has no summary: see the end of this method)
    if (target && target.info.node !== this.unit && target.info.node.body) {
      // skipped above for a call given no data: a sink's or a publication's result is still nothing
      if (!carries && (this.findSink(e) || publication(this.model, this.file, e))) return undefined;
      const summary = this.analysis.summarize(target);
      this.applySinks(e, [target.info.name], summary, args);
      const ret = summary.returns;
      let result: T = ret?.origins.length ? { origins: ret.origins, params: [], fields: ret.fields, exact: ret.exact } : undefined;
      for (const p of ret?.params ?? []) result = union(result, argumentAt(args, p));
      return result;
    }

    if (method && CALLBACK_RESULT.has(method) && callbacks) return callbackResult;
    if (method === 'catch' || method === 'finally') return receiver;
    if (method && MUTATORS.has(method) && isPropertyAccessExpression(callee)) {
      const all = unionAll(args);
      if (all) this.assign(callee.expression, all, true);
      return receiver;
    }
    if (isObjectMethod(chain, 'assign') && e.arguments.length) {
      const all = unionAll(args.slice(1));
      if (all) this.assign(e.arguments[0], all, true);
      return union(args[0], all);
    }
    if (method && (NON_CARRYING_METHODS.has(method) || PREDICATE_NAME.test(method))) return undefined;
    // the names of the fields, not their values
    if (isObjectMethod(chain, 'keys') || isObjectMethod(chain, 'getOwnPropertyNames')) return undefined;
    // the answer of some other HTTP service is not the citizen's data (but `map.get(k)` of a Map holding it is)
    if (requestUrl(e) && !receiver?.origins.length) return undefined;
    // a library call returns the data only through a known pass-through (library-calls.ts, or the vocabulary's own):
    // `{ error }` of `supabase.from('residents').upsert(resident)` is the library's answer, not the resident
    // (a project function declared without a body says nothing about its result: made of its arguments)
    const flow = target
      ? { receiver: true, args: true }
      : (this.vocabulary.libraryFlow?.(e, chain, method) ?? libraryFlow(chain, method, isPropertyAccessExpression(callee) || isElementAccessExpression(callee)));
    // a query builder's refinements and a document's conversions are the same record: keep its exact shape
    if (flow.receiver && receiver && method && SAME_RECORD_METHODS.has(method)) return receiver;
    return union(
      flow.receiver && receiver ? { origins: receiver.origins, params: receiver.params } : undefined,
      flow.args ? unionAll(args.map((a) => a && { origins: a.origins, params: a.params })) : undefined,
    );
  }

  /**
   * The key of a read by name: Web Storage, React Native's AsyncStorage and Expo's SecureStore
   * (`getItem`, `getItemAsync`), and every `get(name)` — a cookie jar, `FormData`,
   * `URLSearchParams`, `Headers`, a `Map`, a configuration service, Express's `app.get('jwtSecret')` —
   * given as text or as a constant the project resolves. Only a key written as a name (`jwtToken`,
   * `auth.jwtSecret`): a route path (`app.get('/token', …)`) or a key built at run time is none.
   */
  private storageKey(e: ts.CallExpression, method: string): string | undefined {
    if (!e.arguments.length || (method !== 'get' && method !== 'getItem' && method !== 'getItemAsync')) return undefined;
    const arg = skipOuterExpressions(e.arguments[0]);
    const key = isStringLiteralLike(arg) ? arg.text : isIdentifier(arg) || isPropertyAccessExpression(arg) ? knownText(this.model.evaluateString(this.file, arg)) : undefined;
    return key !== undefined && KEY_NAME.test(key) ? key : undefined;
  }

  /** Where a call sends what it is given, if it is a sink: messaging, a log, an error response, or the vocabulary's own. */
  private findSink(e: ts.CallExpression): Sink | undefined {
    return findSink(this.model, this.file, e, this.vocabulary);
  }

  private isSanitizer(e: ts.CallExpression, chain: readonly string[] | undefined, method: string | undefined): boolean {
    if (chain && matchesAnyCallee(chain, this.model.policy.citizenData.sanitizers)) return true;
    if (this.vocabulary.sanitizes?.(e, chain, method)) return true;
    if (method && MASKER_NAME.test(method)) return true;
    // createHash('sha256').update(cccd).digest('hex'): a hash is not the number
    if (method === 'digest') return true;
    // keeping only the last four digits (x.slice(-4), x.substr(-4), x.substring(x.length - 4))
    if (method === 'slice' || method === 'substr' || method === 'substring') {
      const start = numericValue(e.arguments[0]);
      if (start !== undefined && start < 0 && start >= -4 && e.arguments.length === 1) return true;
      const a0 = e.arguments[0] && skipOuterExpressions(e.arguments[0]);
      if (a0 && isBinaryExpression(a0) && a0.operatorToken.kind === SyntaxKind.MinusToken && (numericValue(a0.right) ?? 99) <= 4 && isPropertyAccessExpression(a0.left) && a0.left.name.text === 'length') return true;
    }
    // x.replace(/\d(?=\d{4})/g, '*'): digits replaced by a mask character
    if ((method === 'replace' || method === 'replaceAll') && e.arguments.length === 2) {
      const [pattern, replacement] = e.arguments.map(skipOuterExpressions);
      if (isRegularExpressionLiteral(pattern) && /\\d|\[0-9\]|\./.test(pattern.text) && isStringLiteralLike(replacement) && /^[*xX•#]+$/.test(replacement.text)) return true;
    }
    return false;
  }

  /** The exact shape of a declared record: its citizen-data members are citizen data, the rest is not; nothing when it has none. */
  private recordTaint(e: ts.CallExpression, shape: RecordShape): T {
    const fields = new Map<string, T>();
    let whole: T;
    const member = (name: string) => {
      const t = this.origin('field', name, e);
      return { ...t, origins: t.origins.map((o) => ({ ...o, query: shape.label })) };
    };
    // `User.create({ fullName: 'Quản trị viên' })`: a member the code wrote as a literal is that text
    const arg0 = shape.created && e.arguments[0] ? skipOuterExpressions(e.arguments[0]) : undefined;
    const literalMembers = new Set<string>();
    if (arg0 && isObjectLiteralExpression(arg0)) {
      for (const p of arg0.properties) if (isPropertyAssignment(p) && propertyName(p.name) && isLiteralValue(p.initializer)) literalMembers.add(propertyName(p.name)!);
    }
    for (const name of shape.members) {
      const source = this.isCitizenName(name) && !literalMembers.has(name) ? member(name) : undefined;
      fields.set(name, literalMembers.has(name) ? KNOWN_TEXT : source);
      whole = union(whole, source);
    }
    // (a record created from literals only, `User.create({ fullName: 'Quản trị viên' })`, still has its exact shape)
    if (!whole) return literalMembers.size ? { origins: [], params: [], fields, exact: true } : undefined;
    // a citizen record's short, ambiguous members (`email`, `gender`) count too
    for (const name of shape.members) if (this.fields.field(name) && this.fields.isAmbiguous(name) && !literalMembers.has(name)) fields.set(name, member(name));
    const rec: Taint = { origins: whole.origins, params: [], fields, exact: true };
    return shape.under ? { origins: rec.origins, params: [], fields: new Map([[shape.under, rec]]), exact: false } : rec;
  }

  /**
   * A call's arguments meet the sinks of the function it reaches (a project function's summary, or a
   * subscriber of an event or job): a finding here for data, a sink parameter of this function for a
   * parameter. `via` names the way (`baoCanBoTruc`, `event 'x'`).
   */
  private applySinks(e: ts.CallExpression, via0: readonly string[], summary: FunctionSummary, args: readonly T[]): void {
    for (const s of summary.sinks) {
      const t = argumentAt(args, s.param);
      if (!t) continue;
      const via = [...via0, ...s.via].slice(0, 4);
      // reported inside already when the parameter's own name or type marked it; a population-DB response out here says more
      if (t.origins.length && (!s.reportedInside || t.origins.some((o) => o.kind === 'query'))) this.addFinding({ kind: s.kind, node: e, sink: s.sink, origins: t.origins, via });
      for (const p of t.params) this.addSinkParam({ param: p, kind: s.kind, sink: s.sink, via, reportedInside: s.reportedInside || t.origins.length > 0 });
    }
  }

  private addFinding(f: TaintFinding): void {
    if (!this.findings.some((x) => x.node === f.node && x.kind === f.kind)) this.findings.push(f);
  }

  private addSinkParam(p: SinkParam): void {
    if (!this.sinks.some((x) => x.param === p.param && x.kind === p.kind && x.sink === p.sink && x.via.join() === p.via.join())) this.sinks.push(p);
  }

  /** (A sink's arguments were evaluated with its call: `expr` answers them from `seen`, not by walking them again.) */
  private sink(node: ts.CallExpression | ts.NewExpression, sink: Sink): void {
    const t = unionAll(sink.args.map((a) => this.expr(a)));
    if (!t) return;
    const data = this.flatten(t, sink.addressKeys);
    if (data.origins.length) this.addFinding({ kind: sink.kind, node, sink: sink.label, origins: data.origins, via: [] });
    for (const p of data.params) this.addSinkParam({ param: p, kind: sink.kind, sink: sink.label, via: [], reportedInside: data.origins.length > 0 });
  }

  private noteMemberRead(member: string, of: ts.Expression, node: ts.Node): void {
    const key = pathKey(of);
    if (!key) return;
    const reads = (this.memberReads ??= new Map<string, MemberRead[]>());
    const list = reads.get(key);
    if (!list) reads.set(key, [{ member, node }]);
    else if (!list.some((r) => r.node === node)) list.push({ member, node });
  }

  /** `const { hoTen, soCccd } = row`: reads of `row`'s members, like `row.hoTen`. */
  private noteDestructuredReads(pattern: ts.ObjectBindingPattern, init: ts.Expression): void {
    for (const el of pattern.elements) {
      const prop = el.dotDotDotToken ? undefined : (propertyName(el.propertyName) ?? (isIdentifier(el.name) ? el.name.text : undefined));
      if (prop && this.isCitizenName(prop)) this.noteMemberRead(prop, skipOuterExpressions(init), el);
    }
  }

  /**
   * A value the code reads data members of is a record of that data, whatever its origin: after
   * `const row = await db.load(sql)` (raw SQL, an ORM not modelled), `req.session.user = rows` or an
   * untyped `req.body`, the function that reads `row.hoTen` or `req.session.user.NgaySinh` and writes
   * `row` whole to a log (`console.log(row)`, `JSON.stringify(row)`, `{ user: row }`) logs them. Checked
   * once the unit is walked (a read may follow the sink, as `console.log(user)` before `user.NgaySinh`),
   * and only in the units that read such a member (few): their calls given a path with no taint of its
   * own, from the file index's list. A path assigned between the read and the sink is another value.
   * Only the vocabulary's clear names count (not `email`, `ten`).
   */
  private recordsByUse(): void {
    const reads = this.memberReads ?? (this.readsSession ? NO_READS : undefined);
    if (!reads) return;
    const scope = this.unit ?? this.file.sourceFile;
    let writes: Map<string, number[]> | undefined;
    for (const call of nodesWithin(this.file.calls, scope)) {
      // (a call of a nested unit, or one the walk never reached, was not evaluated here)
      if (!call.arguments.some((a) => this.seen.has(a) && mayCarryPath(a))) continue;
      writes ??= pathWrites(this.file, scope);
      this.recordSinkByUse(call, reads, writes);
    }
  }

  private recordSinkByUse(call: ts.CallExpression, reads: ReadonlyMap<string, readonly MemberRead[]>, writes: ReadonlyMap<string, readonly number[]>): void {
    let sink: Sink | undefined;
    let origins: Origin[] = [];
    for (const arg of call.arguments) {
      for (const path of wholePaths(arg)) {
        const key = pathKey(path);
        if (!key || KEYED_BY_FIELD_NAMES.test(key) || !this.seen.has(path) || !shapeUnknown(this.seen.get(path))) continue;
        for (const [readKey, list] of reads) {
          if (readKey !== key && !readKey.startsWith(`${key}.`)) continue;
          for (const { member, node } of list) {
            if (origins.length >= MAX_ORIGINS || origins.some((o) => o.field === member) || writtenBetween(writes, key, node.pos, call.pos)) continue;
            sink ??= this.findSink(call);
            if (!sink) return;
            if (!sink.args.includes(arg) || sink.addressKeys?.has(normalizeFieldName(member))) continue;
            // named like a declared record's member: `NgaySinh of the req.session.user record at line 8`
            origins = [...origins, ...this.origin('field', member, node, readKey).origins];
          }
        }
      }
      // a session's stored object: what the project's other files read of it (`req.session.user` logged on the account page, read at login)
      if (!origins.length) {
        const stored = sessionStored(arg);
        if (stored && this.seen.has(stored.path) && shapeUnknown(this.seen.get(stored.path))) {
          // (the sink first: the project's text is searched only for a session object that reaches one)
          sink ??= this.findSink(call);
          if (!sink) return;
          const addressKeys = sink.addressKeys;
          if (sink.args.includes(arg)) origins = this.analysis.sessionMembers(stored.name).filter((o) => !addressKeys?.has(normalizeFieldName(o.field!)));
        }
      }
    }
    if (sink && origins.length) this.addFinding({ kind: sink.kind, node: call, sink: sink.label, origins, via: [] });
  }

  /** Everything a value carries, its object properties included (less the address properties of a message). */
  private flatten(t: Taint, skip?: ReadonlySet<string>): { origins: readonly Origin[]; params: readonly number[] } {
    // an object literal's own origins are the union of its properties: rebuild them without the skipped ones
    let all: T = skip && t.exact && t.fields ? { origins: [], params: [] } : { origins: t.origins, params: t.params };
    for (const [k, v] of t.fields ?? []) if (v && !skip?.has(normalizeFieldName(k))) all = union(all, this.flatten(v, skip) as Taint);
    return all!;
  }
}

