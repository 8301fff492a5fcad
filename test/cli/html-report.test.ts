import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ruleExists, runCli } from './report-helpers';

/** The assessor's report: `popdb-guard --format html` on a provincial one-stop-shop project. */

const PROJECT = path.join(FIXTURES, 'html-report');

function html(): { code: number | null; text: string } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-html-')), 'report.html');
  const run = runCli(['.', '--format', 'html', '--output', out], PROJECT);
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe('');
  return { code: run.code, text: fs.readFileSync(out, 'utf8') };
}

describe('popdb-guard --format html', () => {
  it('writes one self-contained page with the system, its purposes and every section', () => {
    const { code, text } = html();
    expect(code).toBe(1); // the half-edited legacy file does not parse
    expect(text).toContain('<h1>Hệ thống thông tin giải quyết TTHC tỉnh Bình Định</h1>');
    expect(text).toContain('<code>tiep-nhan-ho-so</code>, <code>xac-minh-nhan-than</code>');
    for (const id of ['summary', 'findings', 'suppressions', 'inventory', 'approval-diff', 'rules']) expect(text).toContain(`<section id="${id}">`);
    expect(text).not.toMatch(/<script|<link|<img|(src|href)="https?:/i);
  });

  it('shows a parse error with an escaped excerpt of the code around it', () => {
    const { text } = html();
    expect(text).toContain('<code>popdb/parse-error</code> <span class="loc">src/legacy/import-batch.ts:5:25</span>');
    expect(text).toContain('<span class="ln hit"><span class="no">5</span>  for (const row of rows {</span>');
    expect(text).toContain('<span class="no">3</span>');
  });

  it('escapes markup found in the scanned code', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-html-')), 'report.html');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-html-xss-'));
    fs.writeFileSync(
      path.join(dir, 'banner.ts'),
      `const banner = "</pre><script>fetch('https://evil.example/x')</script>";\nexport function show( {\n  return banner;\n}\n`,
    );
    runCli(['.', '--format', 'html', '--output', out], dir);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('&lt;/pre&gt;&lt;script&gt;fetch(&#39;https://evil.example/x&#39;)&lt;/script&gt;');
    expect(text).not.toMatch(/<script/i);
  });

  it('lists the connection inventory of every scan, and says the approval diff was not computed without --approved', () => {
    const { text } = html();
    expect(text.match(/Not computed by this scan\./g)).toHaveLength(1);
    const inventory = text.slice(text.indexOf('<section id="inventory">'), text.indexOf('<section id="approval-diff">'));
    // the fixture's sites: the token request, the service's client call, the lookup to Telegram (its request and the
    // entry point that calls it) and the legacy http sync
    expect(inventory).toContain('5 nơi truy vấn CSDLQG về dân cư · population-DB query site(s); ghi nhật ký · audited: 2/4');
    expect(inventory).toContain('<code>https://lgsp.binhdinh.gov.vn/dancu/v1/token</code>');
    expect(text.slice(text.indexOf('<section id="approval-diff">'))).toContain('Not computed by this scan.');
  });

  it('writes the same report to stdout without --output', () => {
    const run = runCli(['.', '--format', 'html'], PROJECT);
    expect(run.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(run.stdout).toContain('src/legacy/import-batch.ts:5:25');
  });

  it('names html among the formats when an unknown one is asked for', () => {
    const run = runCli(['.', '--format', 'pdf'], PROJECT);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected text, json, sarif, html');
  });

  describe('with the credential rule', () => {
    const hasRule = ruleExists('no-hardcoded-credentials');

    it.skipIf(!hasRule)('shows the hard-coded password finding with its legal basis but never the password', () => {
      const { text } = html();
      expect(text).toContain('<code>popdb/no-hardcoded-credentials</code> <span class="loc">src/dancu/lgsp-client.ts:6:');
      expect(text).toContain('Công văn 2112/UBND-KSTTHC');
      expect(text).not.toContain('S3cr3t-Pr0d-2024!');
      expect(text).not.toContain('cr3t');
      // Suppressed secrets are masked too.
      expect(text).not.toContain('sandbox-C06-test-Key-7781');
      expect(text).not.toContain('AKf93kd0-prod-lgsp-key-44x');
    });

    it.skipIf(!hasRule)('lists the suppressions with their reasons, flagging the one without', () => {
      const { text } = html();
      expect(text).toContain('Suppressions (2)');
      expect(text).toContain('sandbox account issued by C06 for the integration test environment, rotated by them weekly');
      expect(text).toContain('Không ghi lý do · no reason given');
    });
  });
});
