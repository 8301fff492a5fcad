import { formatHtml, maskCredentialRanges, maskLikelySecrets, secretBlockRanges, likelySecretRanges } from '@popdb-guard/core';
import type { Finding, Policy, ScanReport, Suppression } from '@popdb-guard/core';
import { policyFor } from '@popdb-guard/core';
import * as path from 'node:path';
import * as os from 'node:os';

const root = path.join(os.tmpdir(), 'popdb-html-unit');
const file = (rel: string) => path.join(root, rel);

function defaultPolicy(): Policy {
  const r = policyFor(path.join(root, 'nowhere'));
  if (!r.ok) throw new Error('defaults must load');
  return r.policy;
}

function report(overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    tool: { name: 'popdb-guard', version: '0.1.0' },
    root,
    policy: defaultPolicy(),
    filesScanned: 3,
    findings: [],
    rules: [
      {
        name: 'no-hardcoded-credentials',
        type: 'problem',
        description: { vi: 'Không viết cứng thông tin xác thực trong mã nguồn.', en: 'No credentials written as literals in source.' },
        messages: { hardcoded: { vi: 'Mật khẩu viết cứng', en: 'Hardcoded password' } },
        legal: ['cv2112'],
        defaultSeverity: 'error',
        recommended: true,
        languages: ['source', 'config'],
      },
    ],
    ...overrides,
  };
}

const lgspClient = [
  "import axios from 'axios';",
  '',
  "const LGSP_BASE_URL = 'https://lgsp.binhdinh.gov.vn/dancu/v1/';",
  "const username = 'sotuphap_bd';",
  'const password = "S3cr3t-Pr0d-2024!";',
  '',
  'export async function layTokenLgsp(): Promise<string> {',
  '  // the same secret pasted again for the retry path',
  '  const retry = await axios.post(`${LGSP_BASE_URL}token`, { username, password: "S3cr3t-Pr0d-2024!" });',
  '  return retry.data.access_token as string;',
  '}',
];

// `"S3cr3t-Pr0d-2024!"` on line 5 spans columns 18..37 (ESLint: 1-based, end exclusive).
const passwordFinding: Finding = {
  ruleId: 'popdb/no-hardcoded-credentials',
  messageId: 'hardcoded',
  severity: 'error',
  message: 'Mật khẩu viết cứng "S3**************4!" — hardcoded password',
  file: file('src/lgsp-client.ts'),
  line: 5,
  column: 18,
  endLine: 5,
  endColumn: 37,
};

describe('maskCredentialRanges', () => {
  it('masks the flagged range of a credential finding, keeping at most its first 2 and last 2 characters', () => {
    const masked = maskCredentialRanges({ [passwordFinding.file]: lgspClient }, [passwordFinding]);
    const line = masked[passwordFinding.file][4];
    expect(line).not.toContain('S3cr3t');
    expect(line).toMatch(/^const password = "S\*{3,12}!";$/);
  });

  it('masks the same secret where it appears again in the file, outside the flagged range', () => {
    const masked = maskCredentialRanges({ [passwordFinding.file]: lgspClient }, [passwordFinding]);
    expect(masked[passwordFinding.file].join('\n')).not.toContain('S3cr3t-Pr0d-2024!');
    expect(masked[passwordFinding.file][8]).toContain('password: "S3');
  });

  it('shows nothing of a short secret (8 characters or fewer)', () => {
    const lines = ["const dbPass = process.env.DB_PASS || 'admin';"];
    const f: Finding = { ...passwordFinding, ruleId: 'popdb/no-default-credentials', file: file('db.ts'), line: 1, column: 39, endLine: 1, endColumn: 46 };
    const out = maskCredentialRanges({ [f.file]: lines }, [f])[f.file][0];
    expect(out).toBe('const dbPass = process.env.DB_PASS || *******;');
  });

  it('masks every line of a multi-line private key and keeps only 2 characters at each end of the whole range', () => {
    const lines = [
      'const signingKey = `-----BEGIN PRIVATE KEY-----',
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
      'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
      '-----END PRIVATE KEY-----`;',
      'export default signingKey;',
    ];
    const f: Finding = { ...passwordFinding, file: file('jwt.ts'), line: 1, column: 20, endLine: 4, endColumn: 27 };
    const out = maskCredentialRanges({ [f.file]: lines }, [f])[f.file];
    expect(out[0]).toMatch(/^const signingKey = `-\*+$/);
    expect(out[1]).toMatch(/^\*+$/);
    expect(out[2]).toMatch(/^\*+$/);
    expect(out[3]).toMatch(/^\*+-`;$/);
    expect(out[4]).toBe('export default signingKey;');
  });

  it('never reveals a character that an overlapping credential range hides', () => {
    // no-default-credentials flags the whole `user:pass` pair, no-hardcoded-credentials the password only.
    const lines = ["const dsn = 'postgres://dancu_app:Kh0ngDuocLo2024@10.0.3.7:5432/dancu';"];
    const start = lines[0].indexOf("'postgres");
    const whole: Finding = { ...passwordFinding, file: file('dsn.ts'), line: 1, column: start + 1, endLine: 1, endColumn: lines[0].lastIndexOf("'") + 2 };
    const pass = lines[0].indexOf('Kh0ng');
    const inner: Finding = { ...passwordFinding, ruleId: 'popdb/no-default-credentials', file: whole.file, line: 1, column: pass + 1, endLine: 1, endColumn: pass + 1 + 'Kh0ngDuocLo2024'.length };
    const out = maskCredentialRanges({ [whole.file]: lines }, [whole, inner])[whole.file][0];
    expect(out).not.toContain('Kh');
    expect(out).not.toContain('24');
    expect(out).not.toContain('dancu_app');
  });

  it('leaves the code of files without credential findings as it is, except what still looks like a secret', () => {
    // Masking works on the text (issue 14): a file whose credential finding a
    // baseline accepted, or whose credential rules are off, keeps its literal
    // password masked by the conservative pass; the rest of the code is untouched.
    const f: Finding = { ...passwordFinding, ruleId: 'popdb/parse-error' };
    const out = maskCredentialRanges({ [f.file]: lgspClient }, [f])[f.file];
    expect(out.join('\n')).not.toContain('S3cr3t');
    expect(out[4]).toBe('const password = "S3************4!";');
    out.forEach((line, i) => {
      if (i !== 4 && i !== 8) expect(line).toBe(lgspClient[i]);
    });
  });
});

describe('maskLikelySecrets', () => {
  it('masks unquoted values in config files (YAML that does not parse, .env), not expressions in code', () => {
    expect(maskLikelySecrets('  password: Kh0ngDuocLo2024', 'config')).toBe('  password: Kh***********24');
    expect(maskLikelySecrets('  db_password: my pass phrase # rotated', 'config')).toBe('  db_password: my**********se # rotated');
    expect(maskLikelySecrets('  password: ${DB_PASSWORD}', 'config')).toBe('  password: ${DB_PASSWORD}');
    expect(maskLikelySecrets('  password: process.env.DB_PASSWORD,', 'code')).toBe('  password: process.env.DB_PASSWORD,');
  });

  it('masks URL userinfo, Basic/Bearer credentials and well-known tokens wherever they are', () => {
    const line = "const a = ['https://svc:Ui9kQ2mZx7Lp4@gw/x', 'Bearer Hk3mPq8vZt2xWr7nLs5y', 'ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c', 'AKIAQ7ZK4M2XJ5P8R3TW'];";
    const out = maskLikelySecrets(line);
    for (const piece of ['Ui9kQ', 'Hk3mP', 'Ab3dE', 'Q7ZK4']) expect(out).not.toContain(piece);
    expect(out).toContain('https://svc:');
  });

  it('finds a name only where it is assigned, one left-to-right scan per line', () => {
    expect(likelySecretRanges("if (password === 'admin') return;")).toEqual([]);
    expect(likelySecretRanges("const f = (token) => 'xyzw1234';")).toEqual([]);
    // a hostile run of credential words is one name, scanned once
    const hostile = `${'passpass'.repeat(5000)} = 'S3cr3t-Pr0d-2024!'`;
    expect(likelySecretRanges(hostile)).toEqual([{ start: 40004, end: 40021 }]);
  });
});

describe('secretBlockRanges', () => {
  it('hides the body of a private key block whole, in a template literal or in one JSON line', () => {
    const lines = ['const k = `-----BEGIN EC PRIVATE KEY-----', 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oP6yTsEk7mOqoAoGCCqGSM49', 'AwEHoUQDQgAE', '-----END EC PRIVATE KEY-----`;', 'export default k;'];
    const blocks = secretBlockRanges(lines);
    expect([...blocks.keys()]).toEqual([0, 1, 2, 3]);
    expect(blocks.get(1)).toEqual({ start: 0, end: lines[1].length });
    expect(blocks.get(3)).toEqual({ start: 0, end: 0 });
    const json = ['{ "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n", "x": 1 }'];
    const r = secretBlockRanges(json).get(0)!;
    expect(json[0].slice(r.start, r.end)).toBe('\\nMIIEvQIBADANBg\\n');
  });

  it('hides a YAML block scalar under a credential-like key', () => {
    const lines = ['db:', '  password: |', '    Kh0ngDuocLo2024', '    second-line', '  user: app'];
    expect([...secretBlockRanges(lines).keys()]).toEqual([2, 3]);
  });
});

describe('maskCredentialRanges and the text', () => {
  it('masks a private key body no finding points at', () => {
    const lines = ['const k = `-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEAx7Kq9ZmP2vTn4Wr8LsY5bQ3cJ6dF1gHkN0pRtUwXyZaBcDeF', '-----END RSA PRIVATE KEY-----`;'];
    const out = maskCredentialRanges({ [file('k.ts')]: lines }, [])[file('k.ts')];
    expect(out[1]).toBe('************');
    expect(out[0]).toBe('const k = `-----BEGIN RSA PRIVATE KEY-----');
  });
  it('masks literals assigned to credential-like names in code and in .env lines', () => {
    expect(maskLikelySecrets('const password = "S3cr3t-Pr0d-2024!";')).toBe('const password = "S3************4!";');
    expect(maskLikelySecrets("  lgspAccessToken: 'eyJBY2Nlc3NLZXkiOiJhYmMifQ==',")).toBe("  lgspAccessToken: 'ey************==',");
    expect(maskLikelySecrets("const cfg = { matKhau: 'Matkhau@2024', user: 'canbo01' };")).toBe("const cfg = { matKhau: 'Ma********24', user: 'canbo01' };");
    expect(maskLikelySecrets('DB_PASSWORD=Kh0ngDuocLo2024')).toBe('DB_PASSWORD=Kh***********24');
  });

  it('leaves code without a credential literal as it is', () => {
    for (const line of [
      'const password = process.env.DB_PASSWORD;',
      "if (password === 'admin') throw new Error('weak');",
      "const hoTen = 'Nguyễn Văn An';",
      'DANCU_API_URL=https://lgsp.binhdinh.gov.vn/dancu/v1/',
    ]) {
      expect(maskLikelySecrets(line)).toBe(line);
    }
  });

  it('keeps a password out of the excerpt of a file that does not parse (the credential rules never ran on it)', () => {
    const lines = ['export const lgsp = {', '  password: "S3cr3t-Pr0d-2024!",', '  retry: (', '};'];
    const f: Finding = { ruleId: 'popdb/parse-error', severity: 'error', message: 'Parsing error', file: file('broken.ts'), line: 4, column: 1 };
    const html = formatHtml(report({ findings: [f], sources: { [f.file]: lines } }));
    expect(html).toContain('<span class="no">2</span>  password: &quot;S3');
    expect(html).not.toContain('S3cr3t');
  });
});

describe('formatHtml', () => {
  it('is one self-contained document: no script, no external reference, a CSP that forbids loading anything', () => {
    const html = formatHtml(report({ findings: [passwordFinding], sources: { [passwordFinding.file]: lgspClient } }));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).toContain('@media print');
  });

  it('never prints a secret from a credential finding, in the finding or in another finding\'s excerpt', () => {
    const neighbour: Finding = { ruleId: 'popdb/parse-error', severity: 'error', message: 'x', file: passwordFinding.file, line: 7, column: 1 };
    const html = formatHtml(report({ findings: [passwordFinding, neighbour], sources: { [passwordFinding.file]: lgspClient } }));
    expect(html).not.toContain('S3cr3t');
    expect(html).not.toContain('Pr0d');
  });

  it('masks the secrets of suppressed credential findings too', () => {
    const suppressed: Suppression = { kind: 'inSource', justification: 'sandbox account of C06', finding: passwordFinding };
    const html = formatHtml(report({ suppressions: [suppressed], sources: { [passwordFinding.file]: lgspClient } }));
    expect(html).not.toContain('S3cr3t');
  });

  it('escapes untrusted code, messages, reasons, paths and policy text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const policy = defaultPolicy();
    policy.system = { name: `Hệ thống ${evil}`, purposes: [`"><script>alert(2)</script>`] };
    const f: Finding = { ruleId: 'popdb/parse-error', severity: 'error', message: `Parsing error: ${evil}`, file: file(`src/${evil}.ts`), line: 2, column: 1 };
    const code = ['// ok', `const banner = "</pre><script>fetch('https://evil.example/x')</script>";`, ''];
    const suppression: Suppression = { kind: 'inSource', justification: `${evil} approved`, finding: { ...f, line: 1 } };
    const html = formatHtml(report({ policy, findings: [f], suppressions: [suppression], sources: { [f.file]: code } }));
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;fetch(&#39;https://evil.example/x&#39;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('shows the system name and registered purposes from the policy', () => {
    const policy = defaultPolicy();
    policy.system = { name: 'Hệ thống thông tin giải quyết TTHC tỉnh Bình Định', purposes: ['tiep-nhan-ho-so', 'xac-minh-nhan-than'] };
    const html = formatHtml(report({ policy }));
    expect(html).toContain('<h1>Hệ thống thông tin giải quyết TTHC tỉnh Bình Định</h1>');
    expect(html).toContain('<code>tiep-nhan-ho-so</code>, <code>xac-minh-nhan-than</code>');
  });

  it('counts findings by rule and severity and explains each finding in Vietnamese and English with its legal basis', () => {
    const at = lgspClient[8].indexOf('"S3cr3t');
    const warn: Finding = { ...passwordFinding, severity: 'warning', line: 9, column: at + 1, endLine: 9, endColumn: at + 20 };
    const html = formatHtml(report({ findings: [passwordFinding, warn], sources: { [passwordFinding.file]: lgspClient } }));
    expect(html).toContain('<tr><td><code>popdb/no-hardcoded-credentials</code></td><td class="num">1</td><td class="num">1</td></tr>');
    expect(html).toContain('Không viết cứng thông tin xác thực trong mã nguồn.');
    expect(html).toContain('No credentials written as literals in source.');
    expect(html).toContain('Công văn 2112/UBND-KSTTHC (Hà Nội, 2024)');
    expect(html).toContain('<span class="loc">src/lgsp-client.ts:5:18</span>');
    // The excerpt shows the lines around the finding, the flagged one marked.
    expect(html).toContain('<span class="ln hit"><span class="no">5</span>const password = &quot;S');
    expect(html).toContain('<span class="no">3</span>const LGSP_BASE_URL');
  });

  it('explains pseudo-rule findings (parse errors, suppression problems) from their own catalogue', () => {
    const f: Finding = { ruleId: 'popdb/suppression-without-reason', severity: 'error', message: 'no reason', file: file('a.ts'), line: 1, column: 1 };
    const html = formatHtml(report({ findings: [f] }));
    expect(html).toContain('An eslint-disable directive turns off a popdb rule without a written reason.');
    expect(html).toContain('Chỉ thị eslint-disable tắt một quy tắc popdb mà không ghi lý do.');
    expect(html).toContain('Thông tư 46/2022/TT-BCA, Điều 6');
  });

  it('lists every suppression with its reason, and flags the ones without', () => {
    const s1: Suppression = { kind: 'inSource', justification: 'sandbox account issued by C06, rotated weekly', finding: passwordFinding };
    const s2: Suppression = { kind: 'inSource', justification: '', finding: { ...passwordFinding, line: 9 } };
    const html = formatHtml(report({ suppressions: [s1, s2], sources: { [passwordFinding.file]: lgspClient } }));
    expect(html).toContain('Suppressions (2)');
    expect(html).toContain('<td>sandbox account issued by C06, rotated weekly</td>');
    expect(html).toContain('Không ghi lý do · no reason given');
    expect(html).toContain('(1 không có lý do · without a reason)');
  });

  it('says the connection inventory and the approval diff were not computed when the report carries none', () => {
    const html = formatHtml(report());
    const notComputed = html.match(/Not computed by this scan\./g) ?? [];
    expect(notComputed).toHaveLength(2);
    expect(html).toContain('id="inventory"');
    expect(html).toContain('id="approval-diff"');
  });

  it('renders the connection inventory with audit coverage and the approval diff when present', () => {
    const site = { file: file('src/dancu.ts'), line: 12, column: 5, kind: 'http', callee: 'axios.post', endpoint: 'https://lgsp.binhdinh.gov.vn/dancu/v1/xacminh', registered: true, audited: true };
    const unaudited = { ...site, line: 30, callee: 'fetch', audited: false };
    const html = formatHtml(
      report({
        inventory: { entries: [site, unaudited], unresolved: [{ file: file('src/jobs.ts'), line: 6, column: 10, kind: 'request', callee: 'axios.get', function: 'tuBanGhi', reason: 'URL from row.url <a value read at run time>' }] },
        approvalDiff: { since: 'approvals/2025-06.json', added: [unaudited], removed: [] },
      }),
    );
    expect(html).not.toContain('Not computed by this scan.');
    expect(html).toContain('audited: 1/2');
    expect(html).toContain('<code>https://lgsp.binhdinh.gov.vn/dancu/v1/xacminh</code>');
    expect(html).toContain('<code>approvals/2025-06.json</code>');
    expect(html).toContain('Added (1)');
    expect(html).toContain('Removed (0)');
    expect(html).toContain('Not resolved, so not checked (1)');
    expect(html).toContain('URL from row.url &lt;a value read at run time&gt;');
  });

  it('shows each query site\'s purpose: the fixed value and whether it is registered, or where it comes from', () => {
    const site = { file: file('src/dancu.ts'), line: 12, column: 5, kind: 'request', callee: 'axios.post', endpoint: 'https://lgsp.binhdinh.gov.vn/dancu/v1/xacminh', registered: true, audited: true };
    const entries = [
      { ...site, purpose: { source: 'fixed' as const, field: 'MaDVC', where: 'body', values: ['tiep-nhan-ho-so'], registered: true } },
      { ...site, line: 20, purpose: { source: 'fixed' as const, field: 'MaDVC', where: 'body', values: ['<tra-cuu-nhanh>'], registered: false } },
      { ...site, line: 30, purpose: { source: 'none' as const } },
      { ...site, line: 40, purpose: { source: 'case' as const, field: 'maThuTuc', where: 'argument' } },
    ];
    const html = formatHtml(report({ inventory: { entries } }));
    expect(html).toContain('<th>Mục đích · Purpose</th>');
    expect(html).toContain('<code>MaDVC</code> = <code>tiep-nhan-ho-so</code> (đã đăng ký · registered)');
    // values come from the repository: escaped
    expect(html).toContain('<code>&lt;tra-cuu-nhanh&gt;</code> <span class="missing">(chưa đăng ký · not registered)</span>');
    expect(html).toContain('<span class="missing">không gửi · none</span>');
    expect(html).toContain('<code>maThuTuc</code> từ hồ sơ đang xử lý · from the case being processed');
  });
});
