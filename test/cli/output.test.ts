import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, runCli } from './run-cli';

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

/** A copy of the example project: a policy, config files and sources, errors and a warning. */
function exampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-output-'));
  fs.cpSync(path.join(REPO, 'examples/one-stop-shop'), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  return dir;
}

/** A project whose only findings are warnings (hard-coded passwords downgraded by the policy). */
function warningsOnly(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-warnings-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'popdb-policy.yaml'), 'rules:\n  popdb/no-hardcoded-credentials: warn\n');
  fs.writeFileSync(
    path.join(dir, 'src/config.ts'),
    "export const db = { host: 'db.local', password: 'Xk9#mQ2vL7pR4tzW' };\nexport const smtp = { user: 'mailer', password: 'Qw7!zP3nB8rT5yUc' };\n",
  );
  return dir;
}

interface JsonReport {
  language: string;
  findings: { ruleId: string; severity: string; message: string }[];
}

describe('popdb-guard --lang', () => {
  let dir: string;
  let both: JsonReport;
  beforeAll(() => {
    dir = exampleCopy();
    both = JSON.parse(runCli([dir, '--format', 'json']).stdout) as JsonReport;
  });

  it('defaults to both languages, Vietnamese then English, as before', () => {
    expect(both.language).toBe('both');
    expect(both.findings.length).toBeGreaterThan(5);
    for (const f of both.findings) expect(f.message).toMatch(new RegExp(`${VIETNAMESE.source}.* — `, 'i'));
  });

  it('en: every finding message in English only, in JSON, text, SARIF and HTML', () => {
    const json = JSON.parse(runCli([dir, '--format', 'json', '--lang', 'en']).stdout) as JsonReport;
    expect(json.language).toBe('en');
    expect(json.findings.map((f) => f.ruleId)).toEqual(both.findings.map((f) => f.ruleId));
    for (const [i, f] of json.findings.entries()) {
      expect(f.message, f.ruleId).not.toMatch(VIETNAMESE);
      // the English half of the bilingual message, data filled in the same
      expect(both.findings[i].message.endsWith(f.message), f.message).toBe(true);
    }
    const text = runCli([dir, '--lang', 'en']).stdout;
    for (const f of json.findings) expect(text).toContain(f.message);
    expect(text.split('\n').filter((l) => /^\s+\d+:\d+/.test(l)).some((l) => VIETNAMESE.test(l))).toBe(false);

    const sarif = JSON.parse(runCli([dir, '--format', 'sarif', '--lang', 'en']).stdout) as {
      runs: { results: { message: { text: string } }[]; tool: { driver: { rules: { fullDescription: { text: string }; help: { text: string } }[] } } }[];
    };
    expect(sarif.runs[0].results.map((r) => r.message.text)).toEqual(json.findings.map((f) => f.message));
    for (const rule of sarif.runs[0].tool.driver.rules) {
      expect(rule.fullDescription.text).not.toMatch(VIETNAMESE);
      expect(rule.help.text.split('\n')[0]).not.toMatch(VIETNAMESE);
    }

    const html = runCli([dir, '--format', 'html', '--lang', 'en']).stdout;
    expect(html).toContain('<html lang="en">');
    const messages = [...html.matchAll(/<p class="msg">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(messages).toHaveLength(json.findings.length);
    for (const m of messages) expect(m).not.toMatch(VIETNAMESE);
    expect(html).not.toMatch(/<p lang="vi">/);
  });

  it('vi: the Vietnamese half only', () => {
    const json = JSON.parse(runCli([dir, '--format', 'json', '--lang', 'vi']).stdout) as JsonReport;
    for (const [i, f] of json.findings.entries()) {
      expect(f.message).toMatch(VIETNAMESE);
      expect(both.findings[i].message.startsWith(`${f.message} — `), f.message).toBe(true);
    }
    const html = runCli([dir, '--format', 'html', '--lang', 'vi']).stdout;
    expect(html).toMatch(/<p lang="vi">/);
    expect(html).not.toMatch(/<p lang="en">/);
  });

  it('report.language in the policy sets the default; --lang overrides it; a wrong value is an error', () => {
    const policy = path.join(dir, 'popdb-policy.yaml');
    const original = fs.readFileSync(policy, 'utf8');
    try {
      fs.writeFileSync(policy, `${original.replace(/\n*$/, '\n')}report:\n  language: en\n`);
      const en = JSON.parse(runCli([dir, '--format', 'json']).stdout) as JsonReport;
      expect(en.language).toBe('en');
      expect(en.findings.every((f) => !VIETNAMESE.test(f.message))).toBe(true);
      expect((JSON.parse(runCli([dir, '--format', 'json', '--lang', 'both']).stdout) as JsonReport).findings).toEqual(both.findings);
      fs.writeFileSync(policy, `${original.replace(/\n*$/, '\n')}report:\n  language: fr\n`);
      const bad = runCli([dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('report.language');
    } finally {
      fs.writeFileSync(policy, original);
    }
    const wrong = runCli([dir, '--lang', 'fr']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown --lang "fr"');
  });
});

describe('popdb-guard --quiet and --max-warnings (as in ESLint)', () => {
  it('--quiet shows errors only and keeps the exit code', () => {
    const dir = exampleCopy();
    const all = JSON.parse(runCli([dir, '--format', 'json']).stdout) as JsonReport;
    expect(all.findings.some((f) => f.severity === 'warning')).toBe(true);
    const r = runCli([dir, '--format', 'json', '--quiet']);
    expect(r.code).toBe(1);
    const quiet = JSON.parse(r.stdout) as JsonReport;
    expect(quiet.findings).toEqual(all.findings.filter((f) => f.severity === 'error'));
  });

  it('--max-warnings N exits 1 only when the warnings exceed N, counting warnings --quiet hides', () => {
    const dir = warningsOnly();
    expect(runCli([dir]).code).toBe(0);
    expect(runCli([dir, '--max-warnings', '2']).code).toBe(0);
    const over = runCli([dir, '--max-warnings', '1']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings: 2 (maximum: 1)');
    const quiet = runCli([dir, '--quiet', '--max-warnings', '0', '--format', 'json']);
    expect(quiet.code).toBe(1);
    expect((JSON.parse(quiet.stdout) as JsonReport).findings).toEqual([]);
    expect(runCli([dir, '--max-warnings', 'many']).code).toBe(2);
  });
});

describe('popdb-guard explain', () => {
  it('prints the rule README shipped in the rules package, in the chosen language', () => {
    const readme = fs.readFileSync(path.join(REPO, 'rules/require-audit-log/README.md'), 'utf8');
    const both = runCli(['explain', 'require-audit-log']);
    expect(both.code).toBe(0);
    expect(both.stdout.trim()).toBe(readme.trim());
    const en = runCli(['explain', 'popdb/require-audit-log', '--lang', 'en']).stdout;
    expect(en).toContain('## English');
    expect(en).not.toContain('## Tiếng Việt');
    expect(en).toContain('## When Not To Use It');
    const vi = runCli(['explain', 'require-audit-log', '--lang', 'vi']).stdout;
    expect(vi).toContain('## Tiếng Việt');
    expect(vi).not.toContain('## English');
  });

  it("follows the policy's report.language when --lang is not given, and --lang wins", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-explain-'));
    fs.writeFileSync(path.join(dir, 'popdb-policy.yaml'), 'report:\n  language: en\n');
    fs.mkdirSync(path.join(dir, 'src'));
    // found from the working directory, as a scan there would find it
    const en = runCli(['explain', 'require-audit-log'], path.join(dir, 'src'));
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('## English');
    expect(en.stdout).not.toContain('## Tiếng Việt');
    const vi = runCli(['explain', 'require-audit-log', '--lang', 'vi'], dir).stdout;
    expect(vi).toContain('## Tiếng Việt');
    expect(vi).not.toContain('## English');
    // --policy names another one
    const other = path.join(dir, 'vi-policy.yaml');
    fs.writeFileSync(other, 'report:\n  language: vi\n');
    expect(runCli(['explain', 'require-audit-log', '--policy', other], dir).stdout).not.toContain('## English');
  });

  it('stops with exit 2 on an invalid policy rather than falling back to both languages', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-explain-bad-'));
    fs.writeFileSync(path.join(dir, 'popdb-policy.yaml'), 'report:\n  language: fr\n');
    const r = runCli(['explain', 'require-audit-log'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the policy file is invalid');
    expect(r.stderr).toContain('report.language');
    // with --lang the policy is not needed
    expect(runCli(['explain', 'require-audit-log', '--lang', 'en'], dir).code).toBe(0);
  });

  it('names the rules when the rule does not exist', () => {
    const r = runCli(['explain', 'no-such-rule']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('require-audit-log');
  });

  it('every rule README ships in the rules package (its "files")', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'rules/package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('*/README.md');
  });
});

describe('progress line', () => {
  it('is never written when stderr is not a terminal', () => {
    const r = runCli([exampleCopy()]);
    expect(r.stderr).toBe('');
  });
});
