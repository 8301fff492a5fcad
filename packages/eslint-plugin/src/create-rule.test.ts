import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { defineRule } from '@popdb-guard/core';
import { INTERNAL_ERROR_MESSAGE_ID, toEslintRule } from 'eslint-plugin-popdb/dist/create-rule';

/**
 * A crash in one rule never kills the run: the wrapper turns it into a finding
 * of that rule on that file, and the other rules still report.
 */
describe('toEslintRule', () => {
  const crashing = toEslintRule(
    defineRule({
      meta: { name: 'crashes-on-eval', type: 'problem', description: { vi: 'thử', en: 'test' }, messages: { found: { vi: 'thấy', en: 'found' } }, legal: ['nd13'], defaultSeverity: 'error', recommended: true, languages: ['source'] },
      checkSource(ctx) {
        if (ctx.text.includes('eval')) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
        ctx.report({ messageId: 'found', start: 0, end: 1 });
      },
    }),
  );
  const healthy = toEslintRule(
    defineRule({
      meta: { name: 'always-reports', type: 'problem', description: { vi: 'thử', en: 'test' }, messages: { here: { vi: 'đây', en: 'here' } }, legal: ['nd13'], defaultSeverity: 'error', recommended: true, languages: ['source'] },
      checkSource(ctx) {
        ctx.report({ messageId: 'here', start: 0, end: 1 });
      },
    }),
  );
  const lint = (code: string) =>
    new Linter({ configType: 'flat' }).verify(
      code,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never }, plugins: { t: { rules: { crashing, healthy } } as never }, rules: { 't/crashing': 'error', 't/healthy': 'error' } }],
      require('node:path').join(__dirname, 'virtual-linted-file.ts'),
    );

  it('reports a rule crash as a finding of that rule and lets the other rules run', () => {
    const messages = lint('const x = eval("1");\n');
    expect(messages.map((m) => [m.ruleId, m.messageId, m.line])).toEqual([
      ['t/crashing', INTERNAL_ERROR_MESSAGE_ID, 1],
      ['t/healthy', 'here', 1],
    ]);
    expect(messages[0].message).toContain('crashes-on-eval');
    expect(messages[0].message).toContain("reading 'kind'");
  });

  it('reports normally when the rule does not crash', () => {
    expect(lint('const x = 1;\n').map((m) => m.messageId)).toEqual(['found', 'here']);
  });
});

/** The wrapper decides test code once for every rule, from the rule's `meta.testCode`. */
describe('toEslintRule in test code', () => {
  const rule = (name: string, testCode: 'none' | 'high-confidence' | 'all' | undefined) =>
    toEslintRule(
      defineRule({
        meta: { name, type: 'problem', description: { vi: 'thử', en: 'test' }, messages: { seen: { vi: 'thấy {{test}}', en: 'seen {{test}}' } }, legal: ['nd13'], defaultSeverity: 'error', recommended: true, languages: ['source'], testCode },
        checkSource(ctx) {
          ctx.report({ messageId: 'seen', data: { test: String(ctx.testCode) }, start: 0, end: 1 });
        },
      }),
    );
  const rules = { mocks: rule('mocks', 'none'), secrets: rule('secrets', 'high-confidence'), all: rule('all', 'all'), undeclared: rule('undeclared', undefined) };
  const cwd = require('node:os').tmpdir() as string;
  const lint = (file: string) =>
    new Linter({ configType: 'flat', cwd })
      .verify(
        'const x = 1;\n',
        [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never }, plugins: { t: { rules } as never }, rules: { 't/mocks': 'error', 't/secrets': 'error', 't/all': 'error', 't/undeclared': 'error' } }],
        require('node:path').join(cwd, file),
      )
      .map((m) => `${m.ruleId} ${m.message.split(" — ").pop()}`);

  it('does not run a `none` rule in test code, and tells the others', () => {
    expect(lint('popdb-wrapper-case/test/lookup.test.ts')).toEqual(['t/secrets seen true', 't/all seen true', 't/undeclared seen true']);
  });

  it('runs every rule elsewhere, with testCode false', () => {
    expect(lint('popdb-wrapper-case/src/lookup.ts')).toEqual(['t/mocks seen false', 't/secrets seen false', 't/all seen false', 't/undeclared seen false']);
  });
});
