import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

type Generator = typeof import('../../scripts/bench/generate.mjs', { with: { 'resolution-mode': 'import' } });

// `--concurrency N` lints with N worker threads, each with its own ESLint and
// project model; the findings, the suppressions and their order must be
// exactly those of `--concurrency off`.

describe('popdb-guard --concurrency', () => {
  let repo: string;
  beforeAll(async () => {
    const gen: Generator = await import('../../scripts/bench/generate.mjs');
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-concurrency-'));
    gen.generateRepo(repo, { files: 240, seed: 5 });
  });

  const report = (format: string, concurrency: string) => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-concurrency-out-')), `report.${format}`);
    const run = runCli([repo, '--format', format, '--output', out, '--concurrency', concurrency]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    return fs.readFileSync(out, 'utf8');
  };

  it('three threads give the findings, suppressions and order of one (SARIF)', () => {
    const off = report('sarif', 'off');
    expect(JSON.parse(off).runs[0].results.length).toBeGreaterThan(3);
    expect(report('sarif', '3')).toBe(off);
  });

  it('two threads give the same JSON report, inventory included (timings aside)', () => {
    const strip = (s: string) => {
      const r = JSON.parse(s) as Record<string, unknown> & { summary?: Record<string, unknown> };
      delete r.generatedAt;
      delete r.durationMs;
      if (r.summary) delete r.summary.durationMs;
      return r;
    };
    expect(strip(report('json', '2'))).toEqual(strip(report('json', 'off')));
  });

  it('rejects a value ESLint would not take', () => {
    const run = runCli([repo, '--concurrency', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--concurrency must be auto, off or a positive integer');
  });
});
