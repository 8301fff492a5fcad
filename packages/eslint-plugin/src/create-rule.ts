import * as path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
// the one runtime piece of @typescript-eslint/utils the plugin needs, by its subpath: the package's index loads some 360 modules
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import ts from 'typescript';
import {
  CHEAP_RULES,
  isWithinFolder,
  withProject,
  HOST_MESSAGES,
  INTERNAL_ERROR_MESSAGE_ID,
  PolicyError,
  bilingual,
  isTestCode,
  generatedSourceLine,
  policyFor,
  ruleDocsUrl,
  sharedSourceFile,
  type Policy,
  type Report,
  type RuleDefinition,
} from '@popdb-guard/core';
import type { ConfigRootNode } from './config-language';
// read once: the typescript package exports its API through getters (docs/benchmark.md, "Issue 11, fourth pass")
const { isSourceFile } = ts;

/** Whether a linted source is generated or minified, once per ESLint SourceCode (every rule asks). */
const generatedCache = new WeakMap<object, boolean>();
function isGenerated(fileName: string, sourceCode: { text: string }): boolean {
  let generated = generatedCache.get(sourceCode);
  if (generated === undefined) {
    generated = generatedSourceLine(fileName, sourceCode.text) !== undefined;
    generatedCache.set(sourceCode, generated);
  }
  return generated;
}

/** The one RuleCreator: every rule's docs URL comes from its name. */
export const createRule = RuleCreator((name) => ruleDocsUrl(name));

export type Options = [{ policy?: string }];

/** Shared settings (`settings.popdb` in eslint.config.js). */
export interface PopdbSettings {
  /** Policy file; default: the nearest popdb-policy.{yaml,yml,json} above each linted file. */
  policy?: string;
}

/**
 * The policies found for one lint of one file (its `SourceCode`), by explicit policy file: every
 * rule of the plugin asks, and each `policyFor` stats the file, its folder and the policy (66,000
 * stats on a 2,000-file scan). A new lint of the file is a new `SourceCode`, so an edited policy
 * is read again on the next lint, as before.
 */
const policiesOfLint = new WeakMap<object, Map<string, Policy>>();

function policyForContext(context: Readonly<TSESLint.RuleContext<string, Options>>, options: Options[0]): Policy {
  const settings = (context.settings as { popdb?: PopdbSettings }).popdb ?? {};
  const explicit = options.policy ?? settings.policy;
  let known = policiesOfLint.get(context.sourceCode);
  if (!known) policiesOfLint.set(context.sourceCode, (known = new Map()));
  const key = explicit ?? '';
  let policy = known.get(key);
  if (!policy) known.set(key, (policy = findPolicy(context, explicit)));
  return policy;
}

function findPolicy(context: Readonly<TSESLint.RuleContext<string, Options>>, explicit: string | undefined): Policy {
  const explicitFile = explicit ? resolveFrom(context.cwd, explicit) : undefined;
  // a policy kept outside the linted project is rooted at ESLint's working directory, as the CLI roots it at the scan root;
  // one whose folder holds the linted file keeps its folder as the root
  const outside = explicitFile !== undefined && !isWithinFolder(path.dirname(explicitFile), context.physicalFilename);
  // the linted file's folder, not the file: policyFor answers the same for both, and the folder's is asked of disk once
  const result = policyFor(outside ? context.cwd : path.dirname(context.physicalFilename), explicitFile);
  if (!result.ok) throw new PolicyError(result.problems);
  return result.policy;
}

function resolveFrom(cwd: string, p: string): string {
  return path.resolve(cwd, p);
}

/**
 * The TypeScript AST of the linted file. The hosts' parser
 * (`eslint-plugin-popdb/parser`) hands it over as `sourceFile`;
 * typescript-eslint's parser built one too (`esTreeNodeToTSNodeMap`); either
 * is reused rather than parsed twice. Any other parser gets the shared parse.
 */
function tsSourceFile(context: Readonly<TSESLint.RuleContext<string, Options>>, program: TSESTree.Program): ts.SourceFile {
  const services = context.sourceCode.parserServices as { sourceFile?: ts.SourceFile; esTreeNodeToTSNodeMap?: { get(n: unknown): ts.Node | undefined } } | undefined;
  const mapped = services?.sourceFile ?? services?.esTreeNodeToTSNodeMap?.get(program);
  if (mapped && isSourceFile(mapped) && mapped.text === context.sourceCode.text) return mapped;
  return sharedSourceFile(context.physicalFilename, context.sourceCode.text);
}

/** Every wrapped rule can report that it crashed on a file (see `guarded` below). */
export { INTERNAL_ERROR_MESSAGE_ID };
const INTERNAL_ERROR_TEXT = HOST_MESSAGES.ruleInternalError;

/** Wrap a host-independent rule as an ESLint rule. */
export function toEslintRule<M extends string>(definition: RuleDefinition<M>) {
  const { meta } = definition;
  const messages = {
    ...(Object.fromEntries(Object.entries(meta.messages).map(([id, text]) => [id, bilingual(text as { vi: string; en: string })])) as Record<M, string>),
    [INTERNAL_ERROR_MESSAGE_ID]: bilingual(INTERNAL_ERROR_TEXT),
  } as Record<M | typeof INTERNAL_ERROR_MESSAGE_ID, string>;
  return createRule<Options, M | typeof INTERNAL_ERROR_MESSAGE_ID>({
    name: meta.name,
    meta: {
      type: meta.type,
      docs: { description: meta.description.en },
      messages,
      schema: [
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            policy: { type: 'string', description: 'Policy file for this rule; default: settings.popdb.policy, else the nearest popdb-policy.{yaml,yml,json} above the linted file.' },
          },
        },
      ],
    },
    defaultOptions: [{}],
    create(context, [options]) {
      const sourceCode = context.sourceCode as unknown as {
        text: string;
        getLocFromIndex(i: number): { line: number; column: number };
        ast: { type: string };
      };
      const report = (r: Report<M>) => {
        const start = sourceCode.getLocFromIndex(Math.max(0, Math.min(r.start, sourceCode.text.length)));
        const end = sourceCode.getLocFromIndex(Math.max(0, Math.min(Math.max(r.end, r.start), sourceCode.text.length)));
        context.report({ messageId: r.messageId, data: r.data, loc: { start, end } } as never);
      };
      // A crash in one rule must not kill the CLI or the server (ESLint would
      // abort the whole run): it becomes a finding of that rule on that file,
      // and every other rule and file is still checked. A broken policy is not
      // a crash: it stops every entry point with its file, line and key.
      const guarded = (check: () => void) => {
        try {
          check();
        } catch (error) {
          if (error instanceof PolicyError) throw error;
          const text = error instanceof Error ? error.message : String(error);
          context.report({ messageId: INTERNAL_ERROR_MESSAGE_ID, data: { rule: meta.name, error: text.split('\n')[0].slice(0, 200) }, loc: { line: 1, column: 0 } } as never);
        }
      };
      // Test code (policy `tests.files`, relative to the policy's folder, else to ESLint's working
      // directory: the scan root of the CLI). A rule whose meta says `testCode: 'none'` is not run there.
      const base = (policy: Policy) => {
        const testCode = isTestCode(policy, context.physicalFilename, context.cwd);
        return testCode && meta.testCode === 'none' ? undefined : { fileName: context.physicalFilename, text: sourceCode.text, policy, testCode, report };
      };
      if (sourceCode.ast.type === 'ConfigDocument') {
        if (!definition.checkConfig) return {};
        return {
          ConfigDocument(node: ConfigRootNode) {
            guarded(() => {
              const ctx = base(policyForContext(context, options));
              if (ctx) definition.checkConfig!(withProject({ ...ctx, document: node.document }));
            });
          },
        } as never;
      }
      if (!definition.checkSource) return {};
      // a generated or minified source is checked by the cheap rules only (the engine adds a note on the file)
      if (!CHEAP_RULES.includes(meta.name) && isGenerated(context.physicalFilename, sourceCode)) return {};
      return {
        Program(program) {
          guarded(() => {
            const ctx = base(policyForContext(context, options));
            if (ctx) definition.checkSource!(withProject({ ...ctx, sourceFile: tsSourceFile(context, program) }));
          });
        },
      };
    },
  });
}
