import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, REPO } from './run-cli';

type Generator = typeof import('../../scripts/bench/generate.mjs', { with: { 'resolution-mode': 'import' } });

// A scan builds the connection inventory from per-file summaries the lint
// collects while each file is checked (in this thread or in lint threads);
// `popdb-guard inventory` and `approve` build it from nothing, file after file,
// after the whole project is indexed. Both must give the very same inventory
// and function hashes: the summaries carry no answer that depends on when
// they were computed.

const outFile = (name: string) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-summaries-out-')), name);

function fromNothing(project: string): { inventory: { entries: unknown[] }; record: string } {
  const run = runCli(['inventory', project, '--format', 'json']);
  expect(run.code).toBe(0);
  const inventory = JSON.parse(run.stdout) as { entries: unknown[] };
  expect(inventory.entries.length).toBeGreaterThan(3);
  const record = outFile('popdb-approved.json');
  expect(runCli(['approve', project, '--output', record]).code).toBe(0);
  return { inventory, record };
}

function expectSame(project: string, expected: { inventory: unknown; record: string }, concurrency: string) {
  const out = outFile('report.json');
  const scan = runCli([project, '--format', 'json', '--output', out, '--concurrency', concurrency, '--approved', expected.record]);
  expect(scan.stderr).toBe('');
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { inventory: unknown; approvalDiff: { requiresReassessment: boolean; added: unknown[]; removed: unknown[]; changedFunctions?: unknown[] } };
  expect(report.inventory).toEqual(expected.inventory);
  // the approval's function hashes (from nothing) match the scan's (from summaries)
  expect(report.approvalDiff.requiresReassessment).toBe(false);
  expect(report.approvalDiff.added).toEqual([]);
  expect(report.approvalDiff.removed).toEqual([]);
  expect(report.approvalDiff.changedFunctions ?? []).toEqual([]);
}

describe('inventory from lint-time summaries', () => {
  let repo: string;
  let expected: { inventory: unknown; record: string };
  beforeAll(async () => {
    const gen: Generator = await import('../../scripts/bench/generate.mjs');
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-summaries-'));
    gen.generateRepo(repo, { files: 160, seed: 3 });
    expected = fromNothing(repo);
  });

  it('a generated repository: the same inventory as built from nothing', () => {
    expectSame(repo, expected, 'off');
  });

  it('a generated repository linted by two threads: the same inventory as built from nothing', () => {
    expectSame(repo, expected, '2');
  });

  it('the one-stop-shop example: the same inventory as built from nothing', () => {
    const example = path.join(REPO, 'examples/one-stop-shop');
    expectSame(example, fromNothing(example), 'off');
  });
});
