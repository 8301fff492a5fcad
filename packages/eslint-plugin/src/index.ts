import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { VERSION, SOURCE_EXTENSIONS, RULE_PREFIX, type RuleDefinition } from '@popdb-guard/core';
import { allRules } from '@popdb-guard/rules';
import { toEslintRule } from './create-rule';
import { configLanguage } from './config-language';


const definitions: readonly RuleDefinition[] = allRules;

const rules = Object.fromEntries(definitions.map((d) => [d.meta.name, toEslintRule(d)])) as Record<string, ReturnType<typeof toEslintRule>>;

/** Globs of the files each language covers (SPEC §3). */
const SOURCE_FILES = SOURCE_EXTENSIONS.map((ext) => `**/*${ext}`);
const CONFIG_FILES = ['**/.env', '**/.env.*', '**/*.env', '**/*.json', '**/*.yaml', '**/*.yml'];

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
};

function severities(which: 'recommended' | 'strict', language: 'source' | 'config'): Record<string, Severity> {
  return Object.fromEntries(
    definitions
      .filter((d) => d.meta.languages.includes(language))
      .map((d) => [`${RULE_PREFIX}${d.meta.name}`, which === 'strict' ? 'error' : d.meta.recommended ? d.meta.defaultSeverity : 'off']),
  );
}

function buildConfig(which: 'recommended' | 'strict'): TSESLint.FlatConfig.ConfigArray {
  return [
    {
      name: `popdb/${which}/sources`,
      files: SOURCE_FILES,
      plugins: { popdb: plugin as never },
      languageOptions: {
        parser: tsParser as never,
        parserOptions: { ecmaFeatures: { jsx: true } },
        sourceType: 'module',
      },
      rules: severities(which, 'source'),
    },
    {
      name: `popdb/${which}/config-files`,
      files: CONFIG_FILES,
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
