import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

/**
 * Which files a scan reads (SPEC §3). Inside a git work tree: what git tracks plus untracked files
 * that are not ignored — so a `.env` committed by mistake is scanned even though `.gitignore`
 * lists it (a population-management backend did exactly this, with its cloud database password,
 * JWT secret and mail app password). Outside git: `.gitignore` still applies. Dependencies,
 * build output and the policy's `ignore` are skipped either way.
 */
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=popdb', '-c', 'user.email=popdb@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** The project, before any git command. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-git-files-'));
  write(dir, '.gitignore', '.env\nlocal-notes/\n*.log\n');
  write(dir, 'popdb-policy.yaml', 'version: 1\nignore: ["generated/**"]\n');
  write(dir, 'BE-QLDC/.env', 'PORT=3000\nMONGODB_URI=mongodb+srv://qldc_app:Rz7kP2vXq9Lm@cluster7.qldc.mongodb.net/qldc\nJWT_SECRET=secret123\nMAIL_PASS=qhzt mvkr pdle wxna\n');
  write(dir, 'src/app.ts', 'export const port = Number(process.env.PORT);\n');
  write(dir, 'src/tra cứu.ts', "export const matKhauMacDinh = '123456';\n");
  write(dir, 'node_modules/some-lib/index.js', "module.exports = { password: 'admin' };\n");
  write(dir, 'generated/client.ts', "export const password = 'admin';\n");
  write(dir, 'removed.ts', "export const password = 'admin';\n");
  return dir;
}

function scanned(dir: string): { files: number; findings: string[] } {
  const r = runCli(['.', '--format', 'json'], dir);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as { filesScanned: number; findings: { file: string; line: number; ruleId: string }[] };
  return { files: report.filesScanned, findings: report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('popdb/', '')}`).sort() };
}

describe('file selection in a git work tree', () => {
  const dir = project();
  git(dir, 'init', '--quiet');
  git(dir, 'add', '.');
  // committed although .gitignore lists them: a .env and a vendored node_modules
  git(dir, 'add', '--force', 'BE-QLDC/.env', 'node_modules/some-lib/index.js');
  git(dir, 'commit', '--quiet', '-m', 'first');
  fs.rmSync(path.join(dir, 'removed.ts')); // tracked, deleted in the work tree
  write(dir, 'src/new-feature.ts', "export const DB_PASSWORD = 'admin';\n"); // untracked, not ignored
  write(dir, 'local-notes/creds.ts', "export const DB_PASSWORD = 'admin';\n"); // untracked, ignored
  write(dir, 'debug.log', 'password=admin\n');

  it('scans a committed .env that .gitignore lists, and untracked files that are not ignored', () => {
    const { findings } = scanned(dir);
    expect(findings).toEqual([
      'BE-QLDC/.env:2 no-hardcoded-credentials', // cloud database password
      'BE-QLDC/.env:3 no-default-credentials', // weak JWT secret
      'BE-QLDC/.env:4 no-hardcoded-credentials', // mail app password
      'src/new-feature.ts:1 no-default-credentials',
      'src/tra cứu.ts:1 no-default-credentials', // a name with a space and non-ASCII letters (git ls-files -z)
    ]);
  });

  it('still skips untracked ignored files, tracked dependencies, the policy ignore and deleted files', () => {
    // popdb-policy.yaml, BE-QLDC/.env, src/app.ts, src/tra cứu.ts, src/new-feature.ts
    expect(scanned(dir).files).toBe(5);
  });

  it('scans a subfolder with git too', () => {
    const r = runCli(['BE-QLDC', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as { findings: { file: string; line: number }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['.env:2', '.env:3', '.env:4']);
  });
});

describe('tracked symlinks (issue 14: git stores them, so a pull request can add one)', () => {
  it('reports a link out of the tree or a broken one as not read, and does not scan an in-tree link twice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-git-links-'));
    write(dir, 'src/config.ts', "export const DB_PASSWORD = 'admin';\n");
    write(dir, 'outside/secret.ts', "export const token = 'not part of the repository';\n");
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    fs.renameSync(path.join(dir, 'src'), path.join(repo, 'src'));
    fs.symlinkSync(path.join(dir, 'outside', 'secret.ts'), path.join(repo, 'src', 'escape.ts')); // out of the tree
    fs.symlinkSync('config.ts', path.join(repo, 'src', 'alias.ts')); // within the tree
    fs.symlinkSync('missing.ts', path.join(repo, 'src', 'broken.ts'));
    git(repo, 'init', '--quiet');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'links');
    const r = runCli(['.', '--format', 'json'], repo);
    const report = JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string; message: string }[] };
    const lines = report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('popdb/', '')}`).sort();
    expect(lines).toEqual(['src/broken.ts:1 internal-error', 'src/config.ts:1 no-default-credentials', 'src/escape.ts:1 internal-error']);
    expect(report.findings.find((f) => f.file === 'src/escape.ts')?.message).toContain('outside the scanned folder');
    expect(r.stdout).not.toContain('not part of the repository');
  });
});

describe('submodules', () => {
  it('scans the files of a checked-out submodule and skips one that is not (an empty folder git lists as the submodule itself)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-git-submodules-'));
    const lib = path.join(dir, 'lib');
    write(lib, 'src/keys.ts', "export const DB_PASSWORD = 'admin';\n");
    git(lib, 'init', '--quiet');
    git(lib, 'add', '.');
    git(lib, 'commit', '--quiet', '-m', 'lib');
    const repo = path.join(dir, 'repo');
    write(repo, 'src/app.ts', "export const matKhau = '123456';\n");
    git(repo, 'init', '--quiet');
    git(repo, 'add', '.');
    // a submodule checked out (its own work tree) and one recorded but never initialised (an empty folder)
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', lib, 'vendor/lib');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: lib, encoding: 'utf8' }).trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${head},liboqs`);
    fs.mkdirSync(path.join(repo, 'liboqs'));
    git(repo, 'commit', '--quiet', '-m', 'submodules');
    const r = runCli(['.', '--format', 'json'], repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('popdb/', '')}`).sort()).toEqual([
      'src/app.ts:1 no-default-credentials',
      'vendor/lib/src/keys.ts:1 no-default-credentials',
    ]);
  });
});

describe('file selection outside git', () => {
  it('respects .gitignore: the same .env is not scanned', () => {
    const dir = project();
    write(dir, 'local-notes/creds.ts', "export const DB_PASSWORD = 'admin';\n");
    const { findings } = scanned(dir);
    expect(findings).toEqual(['removed.ts:1 no-default-credentials', 'src/tra cứu.ts:1 no-default-credentials']);
  });
});
