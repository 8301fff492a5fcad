import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.vn', '-c', 'user.name=CI', ...args], { cwd, encoding: 'utf8' });

/**
 * A cross-file audit: `xuLyHoSo` (ho-so.ts:4) queries through
 * `traCuuCoNhatKy` (dancu.ts), which audits every lookup (dancu.ts:5).
 */
export const AUDITED_WRAPPER: Record<string, string> = {
  'popdb-policy.yaml': 'version: 1\nsystem:\n  purposes: ["tiep-nhan-ho-so"]\npopulationDb:\n  registeredEndpoints: ["https://lgsp.example.gov.vn/dancu/v1/"]\naudit:\n  functions: ["auditLog"]\n',
  'src/audit.ts': "export function auditLog(entry: Record<string, unknown>): void {\n  console.info('audit', entry.noiDung);\n}\n",
  'src/dancu.ts': [
    "import axios from 'axios';",
    "import { auditLog } from './audit';",
    '',
    'export async function traCuuCoNhatKy(taiKhoan: string, soDinhDanh: string) {',
    "  auditLog({ taiKhoan, thoiGian: new Date(), noiDung: 'tra cuu', diaChiIp: '10.0.0.1' });",
    "  const res = await axios.post('https://lgsp.example.gov.vn/dancu/v1/tra-cuu', { soDinhDanh, MaDVC: 'tiep-nhan-ho-so' });",
    '  return res.data;',
    '}',
    '',
  ].join('\n'),
  'src/ho-so.ts': "import { traCuuCoNhatKy } from './dancu';\n\nexport async function xuLyHoSo(taiKhoan: string, soDinhDanh: string) {\n  const congDan = await traCuuCoNhatKy(taiKhoan, soDinhDanh);\n  return { ten: congDan.hoTen };\n}\n",
};

/** A temporary git repository (branch main) with the files committed. */
export function gitProject(files: Record<string, string>, prefix = 'popdb-git-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return dir;
}

export const edit = (dir: string, file: string, change: (text: string) => string) => fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));

/** Delete the audit call of a file (the first `auditLog(` line). */
export const removeAudit = (dir: string, file: string) => edit(dir, file, (t) => t.replace(/^\s*auditLog\(.*\n/m, ''));
