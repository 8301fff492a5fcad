import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';
import { AUDITED_WRAPPER, edit, git, gitProject, removeAudit } from './git-project';

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  dependsOnChange?: { file: string; line: number; function?: string };
}

/**
 * The audited wrapper, plus: `baoCao` (bao-cao.ts) already queries without an
 * audit through `traCuuNhanh` (nhanh.ts): an old finding. `other.ts` holds an
 * old hard-coded password; `traCuuTrucTiep` audits its own query.
 */
const FILES: Record<string, string> = {
  ...AUDITED_WRAPPER,
  'src/nhanh.ts': [
    "import axios from 'axios';",
    '',
    'export function dinhDang(so: string): string {',
    "  return so.trim();",
    '}',
    '',
    'export async function traCuuNhanh(soDinhDanh: string) {',
    "  return (await axios.post('https://lgsp.example.gov.vn/dancu/v1/tra-cuu', { soDinhDanh, MaDVC: 'tiep-nhan-ho-so' })).data;",
    '}',
    '',
  ].join('\n'),
  'src/bao-cao.ts': "import { traCuuNhanh } from './nhanh';\n\nexport async function baoCao(so: string) {\n  return traCuuNhanh(so);\n}\n",
  'src/other.ts': "export const dbPassword = 'Xk9#mQ2vL7pR4tzW';\n",
  'src/truc-tiep.ts': [
    "import axios from 'axios';",
    "import { auditLog } from './audit';",
    '',
    'export async function traCuuTrucTiep(taiKhoan: string, soDinhDanh: string) {',
    "  auditLog({ taiKhoan, thoiGian: new Date(), noiDung: 'tra cuu truc tiep', diaChiIp: '10.0.0.2' });",
    "  return (await axios.post('https://lgsp.example.gov.vn/dancu/v1/tra-cuu', { soDinhDanh, MaDVC: 'tiep-nhan-ho-so' })).data;",
    '}',
    '',
  ].join('\n'),
};

const repo = () => gitProject(FILES, 'popdb-changed-');
const findings = (dir: string, ...args: string[]) => {
  const r = runCli(['--format', 'json', '--lang', 'en', ...args], dir);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
};
const at = (list: JsonFinding[]) => list.map((f) => `${f.ruleId} ${f.file}:${f.line}`);

describe('pull-request mode: --changed-since', () => {
  it('reports an unchanged query that loses its audit because a wrapper in another file changed, naming the change', () => {
    const dir = repo();
    // the pull request, committed on a branch: the wrapper stops auditing; an unrelated helper in nhanh.ts is edited
    git(dir, 'checkout', '-qb', 'feature');
    removeAudit(dir, 'src/dancu.ts');
    edit(dir, 'src/nhanh.ts', (t) => t.replace('so.trim()', 'so.trim().toUpperCase()'));
    git(dir, 'commit', '-qam', 'faster lookups');

    const full = findings(dir);
    expect(at(full)).toEqual([
      'popdb/require-audit-log src/bao-cao.ts:4',
      'popdb/require-audit-log src/ho-so.ts:4',
      'popdb/no-hardcoded-credentials src/other.ts:1',
    ]);

    // the target branch moves on after the branch left it (it fixes the old password): the
    // branch still has the old line, which a plain `git diff main` would show as added
    git(dir, 'checkout', '-q', 'main');
    edit(dir, 'src/other.ts', () => 'export const dbPassword = process.env.DB_PASSWORD;\n');
    git(dir, 'commit', '-qam', 'meanwhile on main');
    git(dir, 'checkout', '-q', 'feature');

    const pr = findings(dir, '--changed-since', 'main');
    // only the finding the change caused: not the old password, not the old unaudited query
    // (its wrapper's file changed, but not a function on its path)
    expect(at(pr)).toEqual(['popdb/require-audit-log src/ho-so.ts:4']);
    expect(pr[0].dependsOnChange).toEqual({ file: 'src/dancu.ts', line: 4, function: 'traCuuCoNhatKy' });
    expect(pr[0].message).toContain('(depends on a change at src/dancu.ts:4 in traCuuCoNhatKy)');

    const text = runCli(['--changed-since', 'main', '--lang', 'vi'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('phụ thuộc vào thay đổi tại src/dancu.ts:4, hàm traCuuCoNhatKy');
  });

  it('reports findings on added and rewritten lines, in uncommitted and untracked files too, and nothing on a clean tree', () => {
    const dir = repo();
    expect(findings(dir, '--changed-since', 'HEAD')).toEqual([]);
    expect(runCli(['--changed-since', 'HEAD'], dir).code).toBe(0);
    edit(dir, 'src/other.ts', (t) => `${t}export const smtpPassword = 'Qw7!zP3nB8rT5yUc';\n`);
    fs.writeFileSync(path.join(dir, 'src/new.ts'), "export const apiPassword = 'Lm4$kR9wQ2xZ7vBn';\n");
    expect(at(findings(dir, '--changed-since', 'HEAD'))).toEqual(['popdb/no-hardcoded-credentials src/new.ts:1', 'popdb/no-hardcoded-credentials src/other.ts:2']);
  });

  it('reports a query whose own function lost its audit call, though the query line did not change', () => {
    const dir = repo();
    removeAudit(dir, 'src/truc-tiep.ts');
    const pr = findings(dir, '--changed-since', 'HEAD');
    expect(at(pr)).toEqual(['popdb/require-audit-log src/truc-tiep.ts:5']);
    expect(pr[0].dependsOnChange?.function).toBe('traCuuTrucTiep');
  });

  it('exits 2 with a clear message on an unknown ref or outside git', () => {
    const dir = repo();
    const bad = runCli(['--changed-since', 'no-such-branch'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no-such-branch" is not a commit');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-nogit-'));
    const r = runCli(['--changed-since', 'HEAD'], outside);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a git work tree');
  });
});

describe('pull-request mode: --changed-files', () => {
  it('checks the listed files with the whole-project model; the paths after it are listed files too', () => {
    const dir = repo();
    expect(at(findings(dir, '--changed-files', 'src/other.ts'))).toEqual(['popdb/no-hardcoded-credentials src/other.ts:1']);
    // a listed wrapper file brings in the unchanged caller whose verdict depends on it
    edit(dir, 'src/nhanh.ts', (t) => t);
    const listed = findings(dir, '--changed-files', 'src/nhanh.ts', 'src/other.ts');
    expect(at(listed)).toEqual(['popdb/require-audit-log src/bao-cao.ts:4', 'popdb/no-hardcoded-credentials src/other.ts:1']);
    expect(listed[0].dependsOnChange?.function).toBe('traCuuNhanh');
    expect(at(findings(dir, '--changed-files', 'src/audit.ts,src/ho-so.ts'))).toEqual([]);
    expect(runCli(['--changed-files', 'a.ts', '--changed-since', 'HEAD'], dir).code).toBe(2);
  });
});
