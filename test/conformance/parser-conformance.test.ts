import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import { createEslint, lintFilesWithSuppressions, plugin } from '@popdb-guard/engine';
import { collectFiles, isSourceFile, policyFor, resetProjectModels, sharedSourceFile, type Finding } from '@popdb-guard/core';
import { commentsOf } from '../../packages/eslint-plugin/src/parser';
import { REPO, runCli } from '../cli/run-cli';

type Generator = typeof import('../../scripts/bench/generate.mjs', { with: { 'resolution-mode': 'import' } });

/**
 * The hosts lint JS/TS with the plugin's own parser (TypeScript's AST, an
 * empty ESTree Program with the comments); users' `eslint` runs use
 * `@typescript-eslint/parser`. Both must give the same findings and the same
 * suppressions. Path 1: ESLint with typescript-eslint's parser and the
 * plugin, in this process, mapped to findings by the engine's own mapping.
 * Path 2: the CLI, a separate process, with its default parser. Compared
 * field by field (file, rule, line, column, end, message id, severity;
 * suppressions with their reasons), over the rule tests' fixture projects,
 * the example, a fixture of tricky comments and a 200-file generated
 * repository. Every comment of every source file must also be the same as
 * typescript-eslint's (type, value, range, loc): ESLint reads directives and
 * their reasons from them.
 */

const projects = [
  ...fs
    .readdirSync(path.join(REPO, 'test/fixtures'))
    .map((d) => path.join(REPO, 'test/fixtures', d))
    .filter((d) => path.basename(d) !== 'parser-conformance' && fs.readdirSync(d).some((f) => f === 'src' || f.endsWith('.ts') || f.endsWith('.js'))),
  path.join(REPO, 'examples/one-stop-shop'),
];

type Located = Pick<Finding, 'file' | 'ruleId' | 'line' | 'column'>;
const relative = (root: string, file: string) => path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
/** The JSON report gives a suppression's rule, place and reason (not its message id). */
const suppressionRow = (root: string, f: Located, justification: string) => `${relative(root, f.file)} ${f.ruleId} ${f.line} ${f.column} -- ${justification}`;
const row = (root: string, f: Finding) => [relative(root, f.file), f.ruleId, f.line, f.column, f.endLine ?? null, f.endColumn ?? null, f.messageId ?? null, f.severity].join(' ');

async function viaTypescriptEslint(root: string) {
  const policy = policyFor(root);
  if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
  const files = collectFiles([root], root, policy.policy.ignore);
  resetProjectModels();
  const eslint = createEslint(policy.policy, root, { sourceParser: tsParser as unknown as Linter.Parser });
  const outcome = await lintFilesWithSuppressions(eslint, files);
  return {
    files,
    findings: outcome.findings.map((f) => row(root, f)),
    suppressions: outcome.suppressions.map((s) => suppressionRow(root, s.finding, s.justification)),
  };
}

function viaCli(root: string) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-conformance-')), 'report.json');
  const run = runCli([root, '--format', 'json', '--output', out]);
  expect(run.stderr).toBe('');
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: Finding[]; suppressions: (Located & { justification: string })[] };
  return {
    findings: report.findings.map((f) => row(root, f)),
    suppressions: report.suppressions.map((s) => suppressionRow(root, s, s.justification)),
  };
}

function expectSameComments(files: readonly string[]): void {
  for (const file of files.filter(isSourceFile)) {
    // ESLint strips the BOM and turns a shebang into a line comment before any parser sees the text
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/^#!([^\r\n]+)/, '//$1');
    let theirs: unknown[];
    try {
      theirs = (tsParser.parseForESLint(text, { filePath: file, comment: true, loc: true, range: true, ecmaFeatures: { jsx: true } }).ast.comments ?? []).map(({ type, value, range, loc }) => ({ type, value, range, loc }));
    } catch {
      continue; // does not parse: both report the same parse error (compared as findings)
    }
    expect({ file, comments: commentsOf(sharedSourceFile(file, text)) }).toEqual({ file, comments: theirs });
  }
}

async function expectConformance(root: string) {
  const eslint = await viaTypescriptEslint(root);
  const cli = viaCli(root);
  expect(cli.findings).toEqual(eslint.findings);
  expect(cli.suppressions).toEqual(eslint.suppressions);
  expectSameComments(eslint.files);
  return { eslint, cli };
}

describe('the hosts\' parser and typescript-eslint\'s give the same findings and suppressions', () => {
  for (const root of projects) {
    it(path.relative(REPO, root), async () => {
      await expectConformance(root);
    });
  }

  it('the tricky-comments fixture exercises directives, reasons, unused ones and a parse error', async () => {
    const { cli } = await expectConformance(path.join(REPO, 'test/fixtures/parser-conformance'));
    const rules = new Set(cli.findings.map((f) => f.split(' ')[1]));
    for (const id of ['popdb/parse-error', 'popdb/suppression-without-reason', 'popdb/unused-suppression', 'popdb/no-hardcoded-credentials']) expect(rules).toContain(id);
    expect(cli.suppressions.length).toBeGreaterThanOrEqual(4);
    // TypeScript's parser accepts the last two; typescript-eslint's own syntax check rejects them, and so must the hosts
    expect(cli.findings.filter((f) => f.includes('popdb/parse-error')).map((f) => f.split(' ')[0])).toEqual(['src/broken.ts', 'src/no-declarator.ts', 'src/two-defaults.js']);
  });

  it('a 200-file generated repository', async () => {
    const gen: Generator = await import('../../scripts/bench/generate.mjs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-conformance-repo-'));
    gen.generateRepo(dir, { files: 200, seed: 3 });
    const { cli } = await expectConformance(dir);
    expect(cli.findings.length).toBeGreaterThan(0);
  });
});
