import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY, hasStackTrace, runCliBounded, tempDir, unregisteredFetch, writeFiles } from './planted';

/**
 * Issue 14, item 2: hostile repository files. Git stores symlinks, so a
 * cloned repository can hold a `.gitignore` or policy that is a symlink to
 * /dev/zero, and a checkout script can leave FIFOs. Only regular files are
 * read (checked by fstat on the opened descriptor, non-blocking open, size
 * cap); what cannot be read is an error naming it (inputs the user named:
 * exit 2) or a finding on the file (repository files) — never a hang, an
 * out-of-memory abort or a silent skip.
 */

const isRoot = process.getuid?.() === 0;
const hasDevZero = fs.existsSync('/dev/zero');

/** A project with one planted finding (an unregistered population-DB request) that must still be reported. */
function project(extra: Record<string, string> = {}): string {
  const dir = tempDir('hostile-files');
  writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'src/lookup.ts': `${unregisteredFetch(1).join('\n')}\n`, ...extra });
  return dir;
}

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

interface JsonOut {
  findings: { ruleId: string; file: string; message: string }[];
}

function scanJson(dir: string, args: string[] = []): { code: number | null; report: JsonOut; stderr: string } {
  const r = runCliBounded(['.', '--format', 'json', ...args], dir);
  expect(r.timedOut).toBe(false);
  expect(hasStackTrace(r.stderr)).toBe(false);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonOut, stderr: r.stderr };
}

function expectPlantedFinding(report: JsonOut): void {
  expect(report.findings.some((f) => f.ruleId === 'popdb/no-unregistered-endpoint' && f.file === 'src/lookup.ts')).toBe(true);
}

function notRead(report: JsonOut, file: string): string | undefined {
  return report.findings.find((f) => f.ruleId === 'popdb/internal-error' && f.file === file && f.message.includes('file not read'))?.message;
}

describe.skipIf(process.platform === 'win32')('hostile repository files (issue 14, item 2)', () => {
  it.skipIf(!hasDevZero)('a .gitignore that is a symlink to /dev/zero is reported on the file, and the scan goes on', () => {
    const dir = project();
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    const { code, report } = scanJson(dir);
    expect(code).toBe(1);
    expect(notRead(report, '.gitignore')).toContain('a character device');
    expectPlantedFinding(report);
  });

  it('a .gitignore that is a FIFO does not hang the scan', () => {
    const dir = project();
    mkfifo(path.join(dir, '.gitignore'));
    // the file listing never shows FIFOs below the root: it must not hang on one either
    mkfifo(path.join(dir, 'sub/.gitignore'));
    const { code, report } = scanJson(dir);
    expect(code).toBe(1);
    expect(notRead(report, '.gitignore')).toContain('FIFO');
    expectPlantedFinding(report);
  });

  it.skipIf(!hasDevZero)('source files that are FIFOs, devices or links out of the tree are findings on them, not read', () => {
    const outside = tempDir('hostile-outside');
    fs.writeFileSync(path.join(outside, 'secret.ts'), "export const password = 'Outside-S3cret-2024';\n");
    const dir = project();
    mkfifo(path.join(dir, 'src/pipe.ts'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'src/zero.ts'));
    fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'src/linked.ts'));
    // named on the command line, so the file selection cannot drop them
    const r = runCliBounded(['src/lookup.ts', 'src/pipe.ts', 'src/zero.ts', 'src/linked.ts', '--format', 'json'], dir);
    expect(r.timedOut).toBe(false);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonOut;
    expect(notRead(report, 'src/pipe.ts')).toContain('FIFO');
    // /dev/zero is outside the tree: refused before anything is opened
    expect(notRead(report, 'src/zero.ts')).toContain('outside the scanned folder');
    expect(notRead(report, 'src/linked.ts')).toContain('outside the scanned folder');
    expect(r.stdout).not.toContain('Outside-S3cret');
    expectPlantedFinding(report);
  });

  it.skipIf(!hasDevZero)('outside git, a folder scan reports FIFOs and links out of the tree below the root, and skips links that stay inside', () => {
    const outside = tempDir('hostile-outside');
    fs.writeFileSync(path.join(outside, 'secret.ts'), "export const password = 'Outside-S3cret-2024';\n");
    fs.mkdirSync(path.join(outside, 'folder'));
    fs.writeFileSync(path.join(outside, 'folder/other.ts'), "export const token = 'Outside-T0ken-2024';\n");
    const dir = project({ 'src/deep/inner.ts': 'export const x = 1;\n' });
    mkfifo(path.join(dir, 'src/deep/pipe.ts'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'src/zero.ts'));
    fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'src/deep/linked.ts'));
    fs.symlinkSync(path.join(dir, 'missing.ts'), path.join(dir, 'src/broken.ts'));
    fs.symlinkSync(path.join(outside, 'folder'), path.join(dir, 'src/linked-folder'));
    // an alias within the tree: its target is scanned itself, so the link adds nothing to report
    fs.symlinkSync(path.join(dir, 'src/lookup.ts'), path.join(dir, 'src/alias.ts'));
    const { code, report } = scanJson(dir);
    expect(code).toBe(1);
    expect(notRead(report, 'src/deep/pipe.ts')).toContain('FIFO');
    expect(notRead(report, 'src/zero.ts')).toContain('outside the scanned folder');
    expect(notRead(report, 'src/deep/linked.ts')).toContain('outside the scanned folder');
    expect(notRead(report, 'src/broken.ts')).toContain('broken symlink');
    expect(report.findings.some((f) => f.file === 'src/alias.ts')).toBe(false);
    expect(JSON.stringify(report)).not.toContain('Outside-S3cret');
    expect(JSON.stringify(report)).not.toContain('Outside-T0ken');
    expectPlantedFinding(report);
  });

  it('a source file over the size cap is a finding on it, generated at test time', () => {
    const dir = project();
    const big = path.join(dir, 'src/huge.json');
    fs.writeFileSync(big, `{"a":"${'x'.repeat(11 * 1024 * 1024)}"}`);
    const { code, report } = scanJson(dir);
    expect(code).toBe(1);
    expect(notRead(report, 'src/huge.json')).toContain('larger than the 10.0 MB');
    expectPlantedFinding(report);
  });

  it('one file named on the command line that ESLint cannot read is a finding, not a stack trace', () => {
    const dir = project();
    mkfifo(path.join(dir, 'only.ts'));
    const r = runCliBounded(['only.ts'], dir);
    expect(r.timedOut).toBe(false);
    expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('only.ts');
    expect(r.stdout).toContain('file not read');
  });

  describe('inputs that stop the scan with exit 2 and a clear message', () => {
    const cases: [string, (dir: string) => string[]][] = [
      [
        'popdb-policy.yaml symlinked to /dev/zero',
        (dir) => {
          fs.rmSync(path.join(dir, 'popdb-policy.yaml'));
          fs.symlinkSync('/dev/zero', path.join(dir, 'popdb-policy.yaml'));
          return ['.'];
        },
      ],
      [
        'popdb-policy.yaml as a FIFO',
        (dir) => {
          fs.rmSync(path.join(dir, 'popdb-policy.yaml'));
          mkfifo(path.join(dir, 'popdb-policy.yaml'));
          return ['.'];
        },
      ],
      ['--policy /dev/zero', () => ['.', '--policy', '/dev/zero']],
      [
        '--baseline a FIFO',
        (dir) => {
          mkfifo(path.join(dir, 'baseline.json'));
          return ['.', '--baseline', 'baseline.json'];
        },
      ],
      ['--approved /dev/zero', () => ['.', '--approved', '/dev/zero']],
      ['diff --approved /dev/zero', () => ['diff', '--approved', '/dev/zero', '.']],
      [
        'inventory with a FIFO policy',
        (dir) => {
          fs.rmSync(path.join(dir, 'popdb-policy.yaml'));
          mkfifo(path.join(dir, 'popdb-policy.yaml'));
          return ['inventory', '.'];
        },
      ],
    ];
    for (const [name, setup] of cases) {
      it.skipIf(!hasDevZero)(name, () => {
        const dir = project();
        const r = runCliBounded(setup(dir), dir);
        expect(r.timedOut).toBe(false);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^popdb-guard: /);
        expect(r.stderr).toMatch(/cannot read|not read/);
        expect(r.stderr).toMatch(/character device|FIFO/);
        expect(hasStackTrace(r.stderr)).toBe(false);
      });
    }
  });

  describe.skipIf(isRoot)('permissions (not testable as root: root reads everything)', () => {
    it('an unreadable .gitignore is a finding on it, not a stack trace', () => {
      const dir = project({ '.gitignore': 'dist/\n' });
      fs.chmodSync(path.join(dir, '.gitignore'), 0o000);
      const { code, report } = scanJson(dir);
      expect(code).toBe(1);
      expect(notRead(report, '.gitignore')).toContain('EACCES');
      expectPlantedFinding(report);
    });

    it('an unreadable source file named on the command line is a finding', () => {
      const dir = project({ 'src/locked.ts': 'export const x = 1;\n' });
      fs.chmodSync(path.join(dir, 'src/locked.ts'), 0o000);
      const r = runCliBounded(['src/locked.ts', '--format', 'json'], dir);
      expect(r.code).toBe(1);
      expect(notRead(JSON.parse(r.stdout) as JsonOut, 'src/locked.ts')).toContain('EACCES');
    });
  });
});
