import * as fs from 'node:fs';
import { dependencyRecorder } from './dependencies';
import * as path from 'node:path';
import ts from 'typescript';
import { skipOuterExpressions } from '../callee';
import { parseConfigFile } from '../config-file';
import type { FileIndex } from './file-index';
import type { ProjectModel } from './model';
import type { Candidate } from './evaluate';
import { returnExpressions } from './evaluate';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const {
  forEachChild, isArrayLiteralExpression, isArrowFunction, isCallExpression, isClassDeclaration, isFunctionExpression, isIdentifier,
  isObjectLiteralExpression, isParameter, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration,
  isShorthandPropertyAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isTypeReferenceNode, isVariableDeclaration,
  factory: nodeFactory,
} = ts;

/**
 * The project's own configuration, as the code reads it:
 * - `.env`, `.env.*` at the project root (dotenv syntax, dotenv-expand `${VAR}`
 *   and `${VAR:-default}` inside values), for `process.env.X`,
 *   `import.meta.env.VITE_X` and NestJS `ConfigService.get('X')`;
 * - `config/*.json|yaml|yml` of the `config` package (`config.get('dancu.url')`),
 *   `custom-environment-variables.*` naming env vars;
 * - NestJS `registerAs('dancu', () => ({ url: … }))` namespaces
 *   (`ConfigService.get('dancu.url')`).
 * Read through ProjectFiles (editor buffers win) and rebuilt when the project's
 * files change (one table per ProjectModel; with per-fact invalidation, only
 * when a `.env*` or `config/*` file changed, see `projectConfigEpoch`).
 */

export type ConfigReader = 'config-package' | 'nest-config';

interface Tables {
  /** The model's `projectConfigEpoch` each table was read in: it changes when one of its inputs may have. */
  envEpoch: number;
  configEpoch: number;
  env?: Map<string, string[]>;
  configPackage?: { values: Map<string, string[]>; envNames: Map<string, string> };
}

const tables = new WeakMap<ProjectModel, Tables>();

export interface ProjectConfig {
  /** Values the project's `.env` files give a variable, expanded. */
  envValues(name: string): string[];
  /** Which configuration reader a `.get()` receiver is, if any. */
  readerKind(file: FileIndex, receiver: ts.Expression): ConfigReader | undefined;
  /** The candidates of a key read through a reader. */
  read(reader: ConfigReader, key: string, evaluate: (file: FileIndex, expr: ts.Expression) => Candidate[]): Candidate[];
}

export function projectConfig(model: ProjectModel): ProjectConfig {
  let t = tables.get(model);
  if (!t) tables.set(model, (t = { envEpoch: -1, configEpoch: -1 }));
  const envEpoch = model.projectConfigEpoch('env');
  const configEpoch = model.projectConfigEpoch('config');
  if (t.envEpoch !== envEpoch) {
    t.env = undefined;
    t.envEpoch = envEpoch;
  }
  if (t.configEpoch !== configEpoch) {
    t.configPackage = undefined;
    t.configEpoch = configEpoch;
  }
  const state = t;
  // read once per generation: what depends on them notes the whole set (`--cache` checks it with `projectConfigInputs`)
  const env = (): Map<string, string[]> => {
    dependencyRecorder.note('p:env');
    return (state.env ??= readEnvFiles(model));
  };
  const envCandidates = (name: string): Candidate[] => [{ parts: [{ kind: 'env', name }] }, ...(env().get(name) ?? []).map((v) => ({ parts: [{ kind: 'text' as const, text: v }], config: [name] }))];
  return {
    envValues: (name) => env().get(name) ?? [],
    readerKind: (file, receiver) => readerKind(model, file, receiver),
    read(reader, key, evaluate) {
      if (reader === 'config-package') {
        dependencyRecorder.note('p:config');
        const cp = (state.configPackage ??= readConfigPackage(model));
        const out: Candidate[] = (cp.values.get(key) ?? []).map((v) => ({ parts: [{ kind: 'text', text: v }], config: [`config:${key}`] }));
        const envName = cp.envNames.get(key);
        if (envName) out.push(...envCandidates(envName));
        return out.length ? out : [{ parts: [{ kind: 'unknown', node: nodeFactory.createStringLiteral(key) }] }];
      }
      const dot = key.indexOf('.');
      if (dot > 0) {
        const found = namespaceValue(model, key.slice(0, dot), key.slice(dot + 1).split('.'), evaluate) ?? loadedValue(model, key.split('.'), evaluate);
        if (found) return found;
      }
      return envCandidates(key);
    },
  };
}

/** The files the project configuration reads (`p:env`: the root's `.env*`; `p:config`: `config/*.json|yaml|yml`), sorted. */
export function projectConfigInputs(root: string, input: 'env' | 'config'): string[] {
  const dir = input === 'env' ? root : path.join(root, 'config');
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => (input === 'env' ? n === '.env' || n.startsWith('.env.') : /\.(json|ya?ml)$/i.test(n)))
      .sort()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

/** A configuration file's entries, or undefined when it cannot be read or does not parse (it then adds nothing). */
function configEntries(model: ProjectModel, fileName: string): ReturnType<typeof parseConfigFile>['entries'] | undefined {
  const text = model.files.read(fileName);
  if (text === undefined) return undefined;
  try {
    return parseConfigFile(fileName, text).entries;
  } catch {
    return undefined;
  }
}

function readEnvFiles(model: ProjectModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const fileName of projectConfigInputs(model.root, 'env')) {
    const entries = configEntries(model, fileName);
    if (!entries) continue;
    const own = new Map<string, string>();
    for (const e of entries) if (e.value !== null) own.set(e.key, e.value);
    for (const [key, raw] of own) {
      const value = expand(raw, (v) => own.get(v) ?? out.get(v)?.[0], 0);
      const list = out.get(key) ?? [];
      if (!list.includes(value)) list.push(value);
      out.set(key, list);
    }
  }
  return out;
}

/** dotenv-expand: `${VAR}`, `${VAR:-default}`, `$VAR`. An unknown variable expands to its default, or stays as written. */
function expand(value: string, lookup: (name: string) => string | undefined, depth: number): string {
  if (depth > 8) return value;
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, def: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const v = lookup(name);
    if (v !== undefined) return expand(v, lookup, depth + 1);
    return def ?? whole;
  });
}

function readConfigPackage(model: ProjectModel): { values: Map<string, string[]>; envNames: Map<string, string> } {
  const values = new Map<string, string[]>();
  const envNames = new Map<string, string>();
  for (const fileName of projectConfigInputs(model.root, 'config')) {
    const entries = configEntries(model, fileName);
    if (!entries) continue;
    const customEnv = /^custom-environment-variables\./i.test(path.basename(fileName));
    for (const e of entries) {
      if (e.value === null) continue;
      const key = e.path.join('.');
      if (customEnv) {
        envNames.set(key, e.value);
        continue;
      }
      const list = values.get(key) ?? [];
      if (!list.includes(e.value)) list.push(e.value);
      values.set(key, list);
    }
  }
  return { values, envNames };
}

/** `config.get(…)` of the `config` package, or a NestJS `ConfigService`. */
function readerKind(model: ProjectModel, file: FileIndex, receiver: ts.Expression): ConfigReader | undefined {
  const r = skipOuterExpressions(receiver);
  if (isIdentifier(r)) {
    const imp = file.imports.get(r.text);
    if (imp?.module === 'config') return 'config-package';
  }
  const resolved = model.resolveExpression(file, r);
  const node = resolved?.node;
  if (!node) return undefined;
  const owner = model.ownerIndex(resolved);
  const typeName = (isParameter(node) || isPropertyDeclaration(node) || isVariableDeclaration(node)) && node.type && isTypeReferenceNode(node.type) && isIdentifier(node.type.typeName) ? node.type.typeName.text : undefined;
  if (typeName === 'ConfigService') {
    const imp = owner?.imports.get('ConfigService');
    if (!imp || imp.module === '@nestjs/config') return 'nest-config';
  }
  // a class that is itself an instance of ConfigService (`new ConfigService()`, a subclass)
  if (isClassDeclaration(node) && node.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(owner?.sourceFile) === 'ConfigService'))) return 'nest-config';
  return undefined;
}

/** `registerAs('dancu', () => ({ baseUrl: … }))` in any project file: the value at a path under the namespace. */
function namespaceValue(model: ProjectModel, namespace: string, keyPath: string[], evaluate: (file: FileIndex, expr: ts.Expression) => Candidate[]): Candidate[] | undefined {
  for (const fileName of model.filesContaining('registerAs')) {
    const file = model.fileIndex(fileName);
    if (!file) continue;
    let found: Candidate[] | undefined;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (isCallExpression(n) && isIdentifier(n.expression) && n.expression.text === 'registerAs' && n.arguments.length >= 2) {
        const ns = skipOuterExpressions(n.arguments[0]);
        const factory = skipOuterExpressions(n.arguments[1]);
        if (isStringLiteralLike(ns) && ns.text === namespace && (isArrowFunction(factory) || isFunctionExpression(factory))) {
          for (const r of returnExpressions(factory)) {
            const value = objectPath(skipOuterExpressions(r), keyPath);
            if (value) {
              found = evaluate(file, value);
              return;
            }
          }
        }
      }
      forEachChild(n, visit);
    };
    visit(file.sourceFile);
    if (found) return found;
  }
  return undefined;
}

/** `ConfigModule.forRoot({ load: [configuration] })` with `export default () => ({ dancu: { url: … } })`: the value at a key path of a loaded factory. */
function loadedValue(model: ProjectModel, keyPath: string[], evaluate: (file: FileIndex, expr: ts.Expression) => Candidate[]): Candidate[] | undefined {
  for (const fileName of model.filesContaining('ConfigModule')) {
    const file = model.fileIndex(fileName);
    if (!file) continue;
    const factories: ts.Expression[] = [];
    const visit = (n: ts.Node): void => {
      if (isCallExpression(n) && isPropertyAccessExpression(n.expression) && /^for(Root|Feature)$/.test(n.expression.name.text) && isIdentifier(n.expression.expression) && n.expression.expression.text === 'ConfigModule') {
        const opts = n.arguments[0] && skipOuterExpressions(n.arguments[0]);
        const load = opts && isObjectLiteralExpression(opts) ? opts.properties.find((p): p is ts.PropertyAssignment => isPropertyAssignment(p) && p.name.getText(file.sourceFile) === 'load') : undefined;
        const list = load && skipOuterExpressions(load.initializer);
        if (list && isArrayLiteralExpression(list)) factories.push(...list.elements.filter((e): e is ts.Expression => !isSpreadElement(e)));
      }
      forEachChild(n, visit);
    };
    visit(file.sourceFile);
    for (const f of factories) {
      const target = model.resolveFunctionReference(file, f);
      if (!target) continue;
      for (const r of returnExpressions(target.info.node)) {
        const value = objectPath(skipOuterExpressions(r), keyPath);
        if (value) return evaluate(target.file, value);
      }
    }
  }
  return undefined;
}

function objectPath(expr: ts.Expression, keyPath: string[]): ts.Expression | undefined {
  let cur: ts.Expression = expr;
  for (const key of keyPath) {
    if (!isObjectLiteralExpression(cur)) return undefined;
    const prop = cur.properties.find((p) => p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === key);
    if (!prop) return undefined;
    if (isPropertyAssignment(prop)) cur = skipOuterExpressions(prop.initializer);
    else if (isShorthandPropertyAssignment(prop)) cur = prop.name;
    else return undefined;
  }
  return cur;
}
