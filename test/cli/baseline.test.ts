import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, insertLines, lineOf, ruleExists, runCli, type JsonReport } from './report-helpers';

/**
 * CI baselines on a legacy project: `--write-baseline` accepts today's
 * findings; later runs with `--baseline` report only new ones. Findings are
 * matched by rule, file and the normalized text of the flagged line, so
 * unrelated edits that move code keep them accepted, while an edit of the
 * flagged line itself makes the finding new.
 */

const LEGACY = 'src/legacy/dong-bo-ho-khau.ts';
const UNRELATED = [
  '// Ghi chú: đồng bộ chạy lúc 2 giờ sáng, khi hệ thống ít tải.',
  "import { setTimeout as sleep } from 'node:timers/promises';",
  '',
  'export const SYNC_HOUR = 2;',
];

function scan(dir: string, ...args: string[]): { code: number | null; report: JsonReport } {
  const run = runCli(['.', '--format', 'json', ...args], dir);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

function withBaseline(): { dir: string; accepted: number; first: JsonReport } {
  const dir = copyFixture('baseline-legacy');
  const first = scan(dir, '--write-baseline', 'popdb-baseline.json');
  expect(first.code).toBe(1);
  const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'popdb-baseline.json'), 'utf8'));
  expect(baseline.findings).toHaveLength(first.report.findings.length);
  return { dir, accepted: first.report.findings.length, first: first.report };
}

describe('popdb-guard --baseline', () => {
  it('accepts every recorded finding on an unchanged project and exits 0', () => {
    const { dir, accepted } = withBaseline();
    const { code, report } = scan(dir, '--baseline', 'popdb-baseline.json');
    expect(report.findings).toEqual([]);
    expect(report.summary.baselineSuppressed).toBe(accepted);
    expect(code).toBe(0);
  });

  it('keeps findings accepted when unrelated lines are inserted above them', () => {
    const { dir, accepted } = withBaseline();
    const file = path.join(dir, LEGACY);
    const before = lineOf(file, 'eslint-disable-next-line popdb/no-unbounded-query-loop');
    insertLines(file, 2, UNRELATED);
    expect(lineOf(file, 'eslint-disable-next-line popdb/no-unbounded-query-loop')).toBe(before + UNRELATED.length);
    const { code, report } = scan(dir, '--baseline', 'popdb-baseline.json');
    expect(report.findings).toEqual([]);
    expect(report.summary.baselineSuppressed).toBe(accepted);
    expect(code).toBe(0);
  });

  it('keeps findings accepted when the file is reindented (whitespace is folded)', () => {
    const { dir, accepted } = withBaseline();
    const file = path.join(dir, LEGACY);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ {2}/gm, '    '));
    const { report } = scan(dir, '--baseline', 'popdb-baseline.json');
    expect(report.findings).toEqual([]);
    expect(report.summary.baselineSuppressed).toBe(accepted);
  });

  it('reports a new finding added after the baseline, and only it', () => {
    const { dir, accepted } = withBaseline();
    const file = path.join(dir, LEGACY);
    insertLines(file, lineOf(file, 'export async function'), [
      'export async function demHoKhau(ds: string[]): Promise<number> {',
      '  let n = 0;',
      '  // eslint-disable-next-line popdb/no-unbounded-query-loop',
      '  for (const so of ds) n += (await dancuClient.cungCapThongTinHoGiaDinh({ soSoHoKhau: so, taiKhoan: DB_USER, matKhau: password })).soThanhVien;',
      '  return n;',
      '}',
      '',
    ]);
    const newLine = lineOf(file, '  // eslint-disable-next-line popdb/no-unbounded-query-loop');
    const { code, report } = scan(dir, '--baseline', 'popdb-baseline.json');
    // The directive copied into the new function has the same text as the
    // accepted one; their neighbouring lines tell them apart, so the copy,
    // not the accepted original, is reported.
    expect(report.findings.filter((f) => f.ruleId === 'popdb/suppression-without-reason').map((f) => f.line)).toEqual([newLine]);
    // Only the inserted function is new: its reason-less directive, and its
    // unaudited query (a finding of its own under require-audit-log).
    const inserted = lineOf(file, 'export async function demHoKhau');
    expect(report.findings.map((f) => `${f.ruleId}:${f.line}`).sort()).toEqual([`popdb/require-audit-log:${newLine + 1}`, `popdb/suppression-without-reason:${newLine}`]);
    expect(report.findings.every((f) => f.line >= inserted && f.line < inserted + 6)).toBe(true);
    expect(report.summary.baselineSuppressed).toBe(accepted);
    expect(code).toBe(1);
  });

  it('reports a finding as new when the flagged line itself is edited', () => {
    const { dir, accepted, first } = withBaseline();
    const file = path.join(dir, LEGACY);
    const line = lineOf(file, 'eslint-disable-next-line popdb/no-unbounded-query-loop');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('// eslint-disable-next-line popdb/no-unbounded-query-loop', '// eslint-disable-next-line popdb/no-unbounded-query-loop, popdb/require-audit-log'),
    );
    const { code, report } = scan(dir, '--baseline', 'popdb-baseline.json');
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.line === line)).toBe(true);
    expect(report.findings.some((f) => f.ruleId === 'popdb/suppression-without-reason')).toBe(true);
    // Every finding of the edited line is new; the others stay accepted.
    expect(report.summary.baselineSuppressed).toBe(accepted - first.findings.filter((f) => f.line === line).length);
    expect(code).toBe(1);
  });

  it('fails with exit 2 and a clear message on a baseline that is not one', () => {
    const dir = copyFixture('baseline-legacy');
    fs.writeFileSync(path.join(dir, 'popdb-baseline.json'), '{"findings": []}');
    const run = runCli(['.', '--baseline', 'popdb-baseline.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a popdb-guard baseline');
  });

  describe('with the credential rule', () => {
    const hasRule = ruleExists('no-hardcoded-credentials');

    it.skipIf(!hasRule)('keeps an accepted hard-coded password accepted after unrelated lines are inserted above it', () => {
      const { dir } = withBaseline();
      const file = path.join(dir, LEGACY);
      insertLines(file, 2, UNRELATED);
      const { report } = scan(dir, '--baseline', 'popdb-baseline.json');
      expect(report.findings.filter((f) => f.ruleId === 'popdb/no-hardcoded-credentials')).toEqual([]);
    });

    it.skipIf(!hasRule)('reports a hard-coded password added after the baseline', () => {
      const { dir } = withBaseline();
      const file = path.join(dir, 'src/api/dancu-client.ts');
      insertLines(file, 3, ["const LGSP_SECRET = 'Lgsp-Qtri-Secret-2025';"]);
      const { report } = scan(dir, '--baseline', 'popdb-baseline.json');
      const creds = report.findings.filter((f) => f.ruleId === 'popdb/no-hardcoded-credentials');
      expect(creds.map((f) => [f.file, f.line])).toEqual([['src/api/dancu-client.ts', 3]]);
      expect(JSON.stringify(report)).not.toContain('Lgsp-Qtri-Secret-2025');
    });

    it.skipIf(!hasRule)('reports an accepted hard-coded password as new when its line is edited (the password changed)', () => {
      const { dir } = withBaseline();
      const file = path.join(dir, LEGACY);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"S3cr3t-Pr0d-2024!"', '"S3cr3t-Pr0d-2025!"'));
      const { report } = scan(dir, '--baseline', 'popdb-baseline.json');
      const creds = report.findings.filter((f) => f.ruleId === 'popdb/no-hardcoded-credentials');
      expect(creds.map((f) => f.line)).toEqual([lineOf(file, 'const password')]);
    });
  });
});
