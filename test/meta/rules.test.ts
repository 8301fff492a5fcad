import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { LEGAL_REFERENCES, PSEUDO_RULES, RULE_PREFIX, VERSION, ruleDocsUrl, sarifRuleDescriptor, SECURITY_SEVERITY, type RuleDefinition } from '@popdb-guard/core';
import { allRules, ruleNames } from '@popdb-guard/rules';
import plugin = require('eslint-plugin-popdb');

/**
 * Keeps every rule whole, in the spirit of typescript-eslint's docs test and
 * unicorn's package test: a rule is not done until it has docs (both
 * languages, the legal basis, "When Not To Use It"), tests, an export, a
 * config entry and a SARIF descriptor.
 */

const REPO = path.resolve(__dirname, '../..');
const RULES_DIR = path.join(REPO, 'rules');

/** The rule ids SPEC.md §1 fixes. */
const SPEC_RULES = [
  'no-hardcoded-credentials',
  'no-default-credentials',
  'no-unregistered-endpoint',
  'require-audit-log',
  'no-unbounded-query-loop',
  'no-citizen-data-to-messaging',
  'no-credentials-in-logs',
];

const folders = fs
  .readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['node_modules', 'dist'].includes(d.name) && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

describe('the rule set', () => {
  it('has every rule the SPEC names', () => {
    for (const id of SPEC_RULES) expect(ruleNames).toContain(id);
  });

  it('has one folder per rule and one rule per folder', () => {
    expect([...ruleNames].sort()).toEqual(folders);
  });

  it('has a generated index that is up to date', () => {
    const before = fs.readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8');
    execFileSync(process.execPath, [path.join(REPO, 'scripts/create-rules-index.mjs')]);
    expect(fs.readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8')).toBe(before);
  });

  it('documents every pseudo-rule the hosts report in a page under docs/', () => {
    for (const rule of PSEUDO_RULES) {
      const page = path.join(REPO, 'docs', `${rule.docs}.md`);
      expect(fs.existsSync(page), page).toBe(true);
      expect(fs.readFileSync(page, 'utf8')).toContain(rule.id);
    }
  });

  it('keeps the version in step with every package.json', () => {
    for (const pkg of ['packages/core', 'packages/eslint-plugin', 'packages/cli', 'packages/engine', 'rules']) {
      expect(JSON.parse(fs.readFileSync(path.join(REPO, pkg, 'package.json'), 'utf8')).version).toBe(VERSION);
    }
  });
});

function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
}

describe.each(allRules.map((r) => [r.meta.name, r] as [string, RuleDefinition]))('rule %s', (name, rule) => {
  const dir = path.join(RULES_DIR, name);
  const readme = fs.existsSync(path.join(dir, 'README.md')) ? fs.readFileSync(path.join(dir, 'README.md'), 'utf8') : '';

  it('lives in a folder of its name with rule.ts, README.md and a test', () => {
    expect(rule.meta.name).toBe(name);
    for (const f of ['rule.ts', 'README.md', `${name}.test.ts`]) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
  });

  it('has docs whose description equals meta.docs.description', () => {
    const lines = readme.split('\n');
    expect(lines[0]).toBe(`# ${RULE_PREFIX}${name}`);
    const firstText = lines.slice(1).find((l) => l.trim() !== '');
    expect(firstText?.trim()).toBe(rule.meta.description.en);
    expect(plugin.rules[name].meta.docs?.description).toBe(rule.meta.description.en);
  });

  it('documents itself in Vietnamese and English, with the legal basis and "When Not To Use It"', () => {
    expect(readme).toContain(rule.meta.description.vi);
    expect(readme).toMatch(/^## (.* \/ )?When Not To Use It$/m);
    expect(readme).toMatch(/^## .*(Tiếng Việt|Khi nào|Căn cứ)/m);
    expect(rule.meta.legal.length).toBeGreaterThan(0);
    for (const id of rule.meta.legal) expect(readme).toContain(LEGAL_REFERENCES[id].citation);
  });

  it('has code samples in its docs that parse', () => {
    for (const block of codeBlocks(readme).filter((b) => ['ts', 'js', 'tsx', 'typescript', 'javascript'].includes(b.lang))) {
      const sf = ts.createSourceFile(`sample.${block.lang === 'tsx' ? 'tsx' : 'ts'}`, block.code, ts.ScriptTarget.Latest, false, block.lang === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')), block.code).toEqual([]);
    }
  });

  it('declares what it reports in test code (meta.testCode), so the hosts know whether to run it there', () => {
    expect(['none', 'high-confidence', 'all']).toContain(rule.meta.testCode);
  });

  it('has messages in both languages', () => {
    for (const [id, text] of Object.entries(rule.meta.messages)) {
      expect(text.vi.trim(), id).not.toBe('');
      expect(text.en.trim(), id).not.toBe('');
    }
  });

  it('is exported by the plugin with its docs URL and in both configs', () => {
    const eslintRule = plugin.rules[name];
    expect(eslintRule).toBeDefined();
    expect(eslintRule.meta.docs?.url).toBe(ruleDocsUrl(name));
    const id = `${RULE_PREFIX}${name}`;
    const entries = (cfg: readonly { rules?: Record<string, unknown> }[]) => cfg.flatMap((b) => Object.keys(b.rules ?? {}));
    expect(entries(plugin.configs.strict as never)).toContain(id);
    if (rule.meta.recommended) expect(entries(plugin.configs.recommended as never)).toContain(id);
  });

  it('has a SARIF descriptor with id, help and a docs link', () => {
    const d = sarifRuleDescriptor(rule.meta);
    expect(d.id).toBe(`${RULE_PREFIX}${name}`);
    expect(d.helpUri).toBe(ruleDocsUrl(name));
    expect(d.help?.text).toContain(rule.meta.description.en);
    expect(d.shortDescription?.text).toBe(rule.meta.description.en);
  });

  it('has its own security-severity for GitHub code scanning, and at most 20 tags', () => {
    expect(SECURITY_SEVERITY[`${RULE_PREFIX}${name}`]).toMatch(/^\d+\.\d$/);
    expect(sarifRuleDescriptor(rule.meta).properties?.tags?.length).toBeLessThanOrEqual(20);
  });
});
