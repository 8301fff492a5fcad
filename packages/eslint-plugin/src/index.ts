import type { TSESLint } from '@typescript-eslint/utils';
import { CONFIG_FILE_GLOBS, CONFIG_FILE_IGNORES, RULE_PREFIX, SOURCE_FILE_GLOBS, SOURCE_FILE_IGNORES, VERSION, registerRuleIds, type RuleDefinition } from '@popdb-guard/core';
import { allRules } from '@popdb-guard/rules';
import { toEslintRule } from './create-rule';
import { configLanguage } from './config-language';
import * as parser from './parser';

const definitions: readonly RuleDefinition[] = allRules;
// a policy's `rules:` may name only these: a misspelled id is an error with its line, not a silent no-op
registerRuleIds(definitions.map((d) => `${RULE_PREFIX}${d.meta.name}`));

const rules = Object.fromEntries(definitions.map((d) => [d.meta.name, toEslintRule(d)])) as Record<string, ReturnType<typeof toEslintRule>>;

/** Globs of the files each language covers (SPEC §3), from the core's one definition of what the CLI scans. */
const SOURCE_FILES = [...SOURCE_FILE_GLOBS];
const CONFIG_FILES = [...CONFIG_FILE_GLOBS];

type Severity = 'error' | 'warn' | 'off';

const plugin = {
  meta: { name: 'eslint-plugin-popdb', version: VERSION, namespace: 'popdb' },
  rules,
  languages: { config: configLanguage },
  configs: {} as Record<'recommended' | 'strict', TSESLint.FlatConfig.ConfigArray>,
  /** Globs of the files each language covers (SPEC §3); the CLI and server use the same. */
  files: { sources: SOURCE_FILES, config: CONFIG_FILES },
  /** The host-independent rule definitions behind `rules`. */
  definitions,
  /**
   * The hosts' parser: the TypeScript AST for the rules, an empty ESTree
   * `Program` with the comments for ESLint (see parser.ts). The plugin's own
   * configs use `@typescript-eslint/parser`, so other plugins' rules work.
   */
  parser: { meta: parser.meta, parse: parser.parse, parseForESLint: parser.parseForESLint },
  /** The `recommended` config with another parser for JS/TS files: the hosts' (`parser` above), or typescript-eslint's given explicitly. */
  recommendedWith(sourceParser: unknown): TSESLint.FlatConfig.ConfigArray {
    return buildConfig('recommended', sourceParser);
  },
};

function severities(which: 'recommended' | 'strict', language: 'source' | 'config'): Record<string, Severity> {
  return Object.fromEntries(
    definitions
      .filter((d) => d.meta.languages.includes(language))
      .map((d) => [`${RULE_PREFIX}${d.meta.name}`, which === 'strict' ? 'error' : d.meta.recommended ? d.meta.defaultSeverity : 'off']),
  );
}

/**
 * `@typescript-eslint/parser`, loaded when a config that names it is used
 * (a user's `eslint` run): the hosts lint with the plugin's own parser and
 * need not load it (some 300 modules, a sixth of a second at every start of
 * the CLI, of each of its lint threads and of the language server).
 */
let tsParser: unknown;
const typescriptEslintParser = () => (tsParser ??= require('@typescript-eslint/parser'));

/** `sourceParser`: the parser of JS/TS files; by default typescript-eslint's, loaded when ESLint reads it. */
function buildConfig(which: 'recommended' | 'strict', sourceParser?: unknown): TSESLint.FlatConfig.ConfigArray {
  return [
    {
      name: `popdb/${which}/sources`,
      files: SOURCE_FILES,
      ignores: [...SOURCE_FILE_IGNORES],
      plugins: { popdb: plugin as never },
      languageOptions: {
        get parser() {
          return (sourceParser ?? typescriptEslintParser()) as never;
        },
        parserOptions: { ecmaFeatures: { jsx: true } },
        sourceType: 'module',
      },
      rules: severities(which, 'source'),
    },
    {
      name: `popdb/${which}/config-files`,
      files: CONFIG_FILES,
      ignores: [...CONFIG_FILE_IGNORES],
      plugins: { popdb: plugin as never },
      language: 'popdb/config',
      rules: severities(which, 'config'),
    } as TSESLint.FlatConfig.Config,
  ];
}

plugin.configs.recommended = buildConfig('recommended');
plugin.configs.strict = buildConfig('strict');

// `export =` so that both `require('eslint-plugin-popdb')` and
// `import popdb from 'eslint-plugin-popdb'` give the plugin object itself.
export = plugin;
