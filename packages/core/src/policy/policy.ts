import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, visit, type Node as YamlNode, type Document } from 'yaml';
import schema from './popdb-policy.schema.json';
import { DEFAULT_LANGUAGE } from '../language';
import {
  DEFAULT_CITIZEN_FIELDS,
  DEFAULT_ENDPOINT_PATTERNS,
  DEFAULT_LIMITERS,
  DEFAULT_MESSAGING_HOSTS,
  DEFAULT_MESSAGING_PACKAGES,
  DEFAULT_QUERY_BUDGET,
  DEFAULT_WEAK_PASSWORDS,
  DEFAULT_CREDENTIAL_WORDS,
  DEFAULT_TEST_FILES,
  SENSITIVE_CITIZEN_FIELDS,
  DEFAULT_PURPOSE_FIELDS,
  DEFAULT_ACCESS_GUARDS,
  DEFAULT_ACCESS_ROLES,
  DEFAULT_ACCESS_RATE_LIMITERS,
} from './defaults';
import { projectFiles } from '../project/files';
import { MAX_POLICY_BYTES, isWithinFolder, readRegularFile } from '../project/read-file';

export const POLICY_FILE_NAMES = ['popdb-policy.yaml', 'popdb-policy.yml', 'popdb-policy.json'] as const;

export type RuleSeverity = 'error' | 'warn' | 'off';

/** The policy as written in the file (every key optional). */
export interface PolicyFile {
  version?: 1;
  system?: { name?: string; purposes?: string[] };
  populationDb?: { endpointPatterns?: string[]; registeredEndpoints?: string[]; clientCalls?: string[]; envEndpoints?: string[] };
  audit?: { functions?: string[]; decorators?: string[]; requiredFields?: string[] };
  queries?: { limiters?: string[]; budget?: number };
  citizenData?: { fields?: string[]; sanitizers?: string[] };
  messaging?: { hosts?: string[] };
  purpose?: { fields?: string[] };
  access?: { guards?: string[]; roles?: string[]; rateLimiters?: string[]; public?: PublicRoute[] };
  tests?: { files?: string[] };
  credentials?: { defaults?: string[]; allowInFiles?: string[] };
  report?: { language?: 'vi' | 'en' | 'both' };
  rules?: Record<string, RuleSeverity>;
  ignore?: string[];
}

/** The policy merged with the built-in defaults: what every check reads. */
export interface Policy {
  /** Absolute path of the policy file, or undefined when only defaults apply. */
  file: string | undefined;
  /** Directory that relative globs in the policy are resolved against (the policy's folder, or the scan root). */
  rootDir: string;
  /** Content hash of the effective policy: part of every cache key. */
  hash: string;
  system: { name: string | undefined; purposes: string[] };
  populationDb: { endpointPatterns: string[]; registeredEndpoints: string[]; clientCalls: string[]; envEndpoints: string[] };
  audit: { functions: string[]; decorators: string[]; requiredFields: string[] };
  queries: { limiters: string[]; budget: number };
  citizenData: { fields: string[]; sensitiveFields: string[]; sanitizers: string[] };
  messaging: { hosts: string[]; packages: string[] };
  /** Request fields and headers that carry a query's purpose: the built-in names, then the policy's. */
  purpose: { fields: string[] };
  /** Access control on entry points that reach a query: the built-in guards, role checks and rate limiters, then the policy's; routes public on purpose. */
  access: { guards: string[]; roles: string[]; rateLimiters: string[]; public: PublicRoute[] };
  /** Test code: the built-in patterns, then the policy's (gitignore syntax; see `isTestCode`). */
  tests: { files: string[] };
  credentials: { weakPasswords: string[]; credentialWords: string[]; allowInFiles: string[] };
  rules: Record<string, RuleSeverity>;
  ignore: string[];
  /** Report options; the language is not part of `hash` (it changes how findings read, not which). */
  report: { language: 'vi' | 'en' | 'both' };
}

/** A route that is public on purpose (`access.public`): `GET /health`, `POST /api/webhook/*`, with the reason an assessor reads. */
export interface PublicRoute {
  route: string;
  reason: string;
}

/** One problem in a policy file, with the place it was found. Columns and lines are 1-based. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the offending key, for example `populationDb.registeredEndpoints[1]`. */
  key: string;
  message: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };

/** Thrown by the entry points that cannot return a value (an ESLint rule); carries the problems. */
export class PolicyError extends Error {
  constructor(readonly problems: PolicyProblem[]) {
    super(problems.map(formatPolicyProblem).join('\n'));
    this.name = 'PolicyError';
  }
}

export function formatPolicyProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: invalid policy at "${p.key || '(root)'}": ${p.message}`;
}

const uniq = (...lists: (readonly string[] | undefined)[]): string[] => [...new Set(lists.flatMap((l) => l ?? []))];

/** Merge a validated policy file with the built-in defaults. */
export function resolvePolicy(file: PolicyFile, source: { file?: string; rootDir: string }): Policy {
  const effective = {
    system: { name: file.system?.name, purposes: uniq(file.system?.purposes) },
    populationDb: {
      endpointPatterns: uniq(DEFAULT_ENDPOINT_PATTERNS, file.populationDb?.endpointPatterns),
      registeredEndpoints: uniq(file.populationDb?.registeredEndpoints),
      clientCalls: uniq(file.populationDb?.clientCalls),
      envEndpoints: uniq(file.populationDb?.envEndpoints),
    },
    audit: {
      functions: uniq(file.audit?.functions),
      decorators: uniq(file.audit?.decorators),
      requiredFields: uniq(file.audit?.requiredFields),
    },
    queries: { limiters: uniq(DEFAULT_LIMITERS, file.queries?.limiters), budget: file.queries?.budget ?? DEFAULT_QUERY_BUDGET },
    citizenData: {
      fields: uniq(DEFAULT_CITIZEN_FIELDS, file.citizenData?.fields),
      sensitiveFields: [...SENSITIVE_CITIZEN_FIELDS],
      sanitizers: uniq(file.citizenData?.sanitizers),
    },
    messaging: { hosts: uniq(DEFAULT_MESSAGING_HOSTS, file.messaging?.hosts), packages: [...DEFAULT_MESSAGING_PACKAGES] },
    purpose: { fields: uniq(DEFAULT_PURPOSE_FIELDS, file.purpose?.fields) },
    // the policy's own names first: `access.guards[0]` is the guard this project uses (what a fix adds to a route)
    access: {
      guards: uniq(file.access?.guards, DEFAULT_ACCESS_GUARDS),
      roles: uniq(file.access?.roles, DEFAULT_ACCESS_ROLES),
      rateLimiters: uniq(file.access?.rateLimiters, DEFAULT_ACCESS_RATE_LIMITERS),
      public: (file.access?.public ?? []).map((p) => ({ route: p.route, reason: p.reason })),
    },
    // Order matters: a policy's `!pattern` takes a path back out of the built-in test patterns.
    tests: { files: [...DEFAULT_TEST_FILES, ...(file.tests?.files ?? [])] },
    credentials: {
      weakPasswords: uniq(DEFAULT_WEAK_PASSWORDS, file.credentials?.defaults),
      credentialWords: [...DEFAULT_CREDENTIAL_WORDS],
      allowInFiles: uniq(file.credentials?.allowInFiles),
    },
    rules: { ...(file.rules ?? {}) },
    ignore: uniq(file.ignore),
  };
  const hash = createHash('sha256').update(JSON.stringify(effective)).digest('hex').slice(0, 16);
  return { file: source.file, rootDir: source.rootDir, hash, ...effective, report: { language: file.report?.language ?? DEFAULT_LANGUAGE } };
}

/** The built-in policy: used when no policy file is found (secure by default: nothing is registered). */
export function defaultPolicy(rootDir: string): Policy {
  return resolvePolicy({}, { rootDir });
}

/**
 * Discovery results by directory. Every rule asks for the policy of every
 * file, so walking up with `existsSync` each time cost about a second on a
 * 2,000-file scan. A policy file that is created, changed or deleted reaches
 * us as a ProjectFiles event (the language server's watched files), which
 * clears the cache; a CLI run sees no such change.
 */
const discoveryCache = new Map<string, string | undefined>();
projectFiles.onDidChange((file) => {
  if (file === '*' || (POLICY_FILE_NAMES as readonly string[]).includes(path.basename(file))) clearPolicyCaches();
});

/** Forget discovered and parsed policy files (the language server calls this when a policy file changes). */
export function clearPolicyCaches(): void {
  discoveryCache.clear();
  policyCache.clear();
}

/** Walk up from `start` (a file or directory) to the first directory holding a policy file. */
export function discoverPolicyFile(start: string): string | undefined {
  let dir = folderOf(start);
  const visited: string[] = [];
  let found: string | undefined;
  for (;;) {
    if (discoveryCache.has(dir)) {
      found = discoveryCache.get(dir);
      break;
    }
    visited.push(dir);
    found = POLICY_FILE_NAMES.map((name) => path.join(dir, name)).find((candidate) => fs.existsSync(candidate));
    if (found) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const v of visited) discoveryCache.set(v, found);
  return found;
}

let ajvValidate: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  ajvValidate ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return ajvValidate;
}

/** Parse and validate policy text. `file` is used for messages only. */
export function parsePolicyText(text: string, file: string, rootDir = path.dirname(file)): PolicyResult {
  const lineCounter = new LineCounter();
  // JSON is a subset of YAML 1.2, so one parser gives positions for both.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(Math.max(0, offset));
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return { file, line: pos.line, column: pos.col, key: '', message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  let value: unknown;
  try {
    // an alias budget: a "billion laughs" policy must not expand; an undefined alias is an error, not a ReferenceError
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    const pos = at(firstAliasOffset(doc) ?? 0);
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, problems: [{ file, line: pos.line, column: pos.col, key: '', message: `not valid YAML: ${message}${/excessive alias/i.test(message) ? ` (aliases are limited to ${MAX_ALIAS_COUNT} expansions)` : ''}` }] };
  }
  const validate = validator();
  if (validate(value)) {
    const disabling = protectionProblems(value as PolicyFile, doc, file, at);
    if (disabling.length) return { ok: false, problems: disabling };
    return { ok: true, policy: resolvePolicy(value as PolicyFile, { file, rootDir }) };
  }
  const problems = (validate.errors ?? []).filter(keepMostSpecific).map((e) => describeSchemaError(e, doc, file, at));
  return { ok: false, problems: dedupeProblems(problems) };
}

/** Read, parse and validate a policy file; its globs are relative to `rootDir` (default: its folder). */
export function loadPolicyFile(file: string, rootDir?: string): PolicyResult {
  const abs = path.resolve(file);
  // a policy in a cloned repository may be a symlink to /dev/zero or a FIFO: only a small regular file is read
  const read = readRegularFile(abs, MAX_POLICY_BYTES);
  if (!read.ok) return { ok: false, problems: [{ file: abs, line: 1, column: 1, key: '', message: `cannot read policy file: ${read.message}` }] };
  return parsePolicyText(read.text, abs, rootDir);
}

/**
 * `target` itself if it is a folder, else the folder that holds it. Asked twice for every linted file
 * (`discoverPolicyFile`, `policyFor`): the answer is the one `ProjectFiles` keeps until a change is notified.
 */
function folderOf(target: string): string {
  const abs = path.resolve(target);
  return projectFiles.isDirectory(abs) ? abs : path.dirname(abs);
}


const policyCache = new Map<string, { mtimeMs: number; size: number; result: PolicyResult }>();

/**
 * The policy that applies to `target` (a file or directory): `explicitFile` if
 * given, else the nearest policy file above `target`, else the defaults.
 * Cached by file path and modification time, so an edited policy is re-read.
 */
export function policyFor(target: string, explicitFile?: string): PolicyResult {
  const file = explicitFile ? path.resolve(explicitFile) : discoverPolicyFile(target);
  if (!file) return { ok: true, policy: defaultPolicy(folderOf(target)) };
  // A policy given with --policy from outside the scanned tree (an assessor's copy of the registration) has its
  // globs (tests.files, credentials.allowInFiles, ignore) and the project model rooted at the scanned folder,
  // not at the policy's own folder, which holds none of the project's files.
  const scanned = folderOf(target);
  const rootDir = explicitFile && !isWithinFolder(path.dirname(file), scanned) ? scanned : undefined;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    return loadPolicyFile(file, rootDir);
  }
  const key = rootDir ? `${file}\u0000${rootDir}` : file;
  const cached = policyCache.get(key);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.result;
  const result = loadPolicyFile(file, rootDir);
  policyCache.set(key, { mtimeMs: stat.mtimeMs, size: stat.size, result });
  return result;
}

// ajv reports an error for every branch it tried; keep the ones users can act on.
function keepMostSpecific(e: ErrorObject): boolean {
  return e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf';
}

function dedupeProblems(problems: PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.column}:${p.key}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** How many alias expansions a policy may use (the yaml default of 100 rejects a benign policy reusing one anchor 101 times). */
export const MAX_ALIAS_COUNT = 1000;

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset ??= node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** The popdb rule ids the plugin defines, registered when it loads; `rules:` may name only these. */
const knownRuleIds = new Set<string>();
export function registerRuleIds(ids: Iterable<string>): void {
  for (const id of ids) knownRuleIds.add(id);
}

/** Lists whose entries, when they match everything, switch a protection off. */
const CALLEE_LISTS: readonly (readonly string[])[] = [
  ['citizenData', 'sanitizers'],
  ['audit', 'functions'],
  ['audit', 'decorators'],
  ['queries', 'limiters'],
  ['populationDb', 'clientCalls'],
  ['access', 'guards'],
  ['access', 'roles'],
  ['access', 'rateLimiters'],
];
const GLOB_LISTS: readonly (readonly string[])[] = [
  ['credentials', 'allowInFiles'],
  ['ignore'],
];

/** `*`, `*.*`, `**`: a callee pattern that matches every call. */
function matchesEveryCall(pattern: string): boolean {
  return /^[\s*.]*$/.test(pattern);
}

/** `**`, `**\/*`, `*.ts`, `**\/*.{ts,js}`: a glob with no folder or file name of its own, so it matches every file of a kind. */
function matchesEveryFile(glob: string): boolean {
  return glob.split('/').every((segment) => /^(\*\*?|\*?(\.[\w{},*-]+)?)$/.test(segment.trim()));
}

/**
 * Values that would switch a protection off without a word: a sanitizer,
 * audit function or limiter `*` (every call), `allowInFiles` or `ignore`
 * globs that cover every file, a number that is not finite (`1e400`), a rule
 * id no rule has (a typo silently changes nothing). Rejected with file, line
 * and key: a policy can turn a rule off only by name (`rules:`), visibly.
 */
function protectionProblems(value: PolicyFile, doc: Document, file: string, at: (offset: number) => { line: number; col: number }): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const problem = (segments: string[], message: string, keyName?: string) => {
    const pos = at((keyName !== undefined ? keyOffset(doc, segments, keyName) : valueOffset(doc, segments)) ?? 0);
    const key = [...segments, ...(keyName !== undefined ? [keyName] : [])].reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
    problems.push({ file, line: pos.line, column: pos.col, key, message });
  };
  const listAt = (segments: readonly string[]): unknown[] => {
    let v: unknown = value;
    for (const s of segments) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
    return Array.isArray(v) ? v : [];
  };
  for (const segments of CALLEE_LISTS) {
    listAt(segments).forEach((p, i) => {
      if (typeof p === 'string' && matchesEveryCall(p)) problem([...segments, String(i)], `"${p}" matches every call and would switch this protection off; name the functions`);
    });
  }
  for (const segments of GLOB_LISTS) {
    listAt(segments).forEach((g, i) => {
      if (typeof g === 'string' && matchesEveryFile(g)) problem([...segments, String(i)], `"${g}" covers every file (of a kind) and would switch the check off; name the folders, e.g. "**/test/fixtures/**"`);
    });
  }
  // a public route that covers every path (`* /*`, `GET /*`) would take access control off every lookup route
  listAt(['access', 'public']).forEach((entry, i) => {
    const route = entry && typeof entry === 'object' ? (entry as { route?: unknown }).route : undefined;
    if (typeof route === 'string' && /^\s*\S+\s+\/?\*+\s*$/.test(route)) problem(['access', 'public', String(i), 'route'], `"${route}" makes every route public and would switch access control off; name the routes`);
  });
  const walk = (v: unknown, segments: string[]): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) problem(segments, `${v} is not a finite number`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...segments, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...segments, k]);
  };
  walk(value, []);
  if (knownRuleIds.size) {
    for (const id of Object.keys(value.rules ?? {})) {
      if (!knownRuleIds.has(id)) problem(['rules'], `"${id}" is not a rule of popdb-guard${suggestRule(id)}; a misspelled rule id changes nothing`, id);
    }
  }
  return problems;
}

function suggestRule(id: string): string {
  const name = id.replace(/^popdb\//, '');
  const close = [...knownRuleIds].find((k) => k.includes(name) || name.includes(k.replace(/^popdb\//, '')));
  return close ? ` (did you mean "${close}"?)` : '';
}

function describeSchemaError(
  e: ErrorObject,
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; col: number },
): PolicyProblem {
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let key = segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  let message: string;
  let offset: number | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      key = key ? `${key}.${extra}` : extra;
      message = `unknown key "${extra}"${suggestKey(extra, segments)}`;
      offset = keyOffset(doc, segments, extra);
      break;
    }
    case 'type':
      message = `must be ${articled(String((e.params as { type: string }).type))}`;
      break;
    case 'enum':
      message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
      break;
    case 'pattern':
      message = segments[0] === 'rules' ? 'rule ids look like "popdb/<rule-name>"' : patternHint(segments);
      break;
    case 'propertyNames': {
      const name = String((e.params as { propertyName?: string }).propertyName ?? '');
      key = key ? `${key}.${name}` : name;
      message = `"${name}" is not a popdb-guard rule id (expected "popdb/<rule-name>")`;
      offset = keyOffset(doc, segments, name);
      break;
    }
    default:
      message = e.message ?? 'is not valid';
  }
  offset ??= valueOffset(doc, segments);
  const pos = at(offset ?? 0);
  return { file, line: pos.line, column: pos.col, key, message };
}

function articled(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping of keys';
  if (type === 'integer') return 'a whole number';
  return `a ${type}`;
}

function patternHint(segments: string[]): string {
  const parent = segments.slice(0, -1).join('.');
  if (parent === 'populationDb.registeredEndpoints') return 'must be an absolute URL prefix such as "https://lgsp.example.gov.vn/dancu/v1/"';
  if (parent === 'populationDb.envEndpoints') return 'must be an environment variable name such as "DANCU_API_URL"';
  return 'must be a callee pattern: name, object.method, object.* or *.method';
}

const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys((schema as { properties: Record<string, unknown> }).properties),
};
function suggestKey(extra: string, segments: string[]): string {
  let node: { properties?: Record<string, { properties?: Record<string, unknown> }> } = schema as never;
  for (const s of segments) node = (node.properties?.[s] ?? {}) as never;
  const known = segments.length === 0 ? KNOWN_KEYS[''] : Object.keys(node.properties ?? {});
  const close = closestName(extra, known);
  return close ? ` (did you mean "${close}"?)` : known.length ? ` (allowed: ${known.join(', ')})` : '';
}

/**
 * The known name a misspelt one most likely meant: the same in any casing, or at most two
 * edits away (case-insensitive). Shared by the policy's unknown keys and the rules' "did you mean".
 */
export function closestName(name: string, known: readonly string[], maxDistance = 2): string | undefined {
  const lower = name.toLowerCase();
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = k.toLowerCase() === lower ? 0 : levenshtein(k.toLowerCase(), lower);
    if (d <= maxDistance && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

function nodeAt(doc: Document, segments: string[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const s of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === s);
      node = pair?.value;
    } else if (isSeq(node)) {
      node = node.items[Number(s)];
    } else {
      return undefined;
    }
  }
  return node as YamlNode | undefined;
}

function valueOffset(doc: Document, segments: string[]): number | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = nodeAt(doc, segments.slice(0, n));
    if (node?.range) return node.range[0];
  }
  return undefined;
}

function keyOffset(doc: Document, segments: string[], key: string): number | undefined {
  const parent = nodeAt(doc, segments);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return valueOffset(doc, segments);
}
