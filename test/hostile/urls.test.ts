import * as path from 'node:path';
import { POLICY, runCliBounded, tempDir, writeFiles } from './planted';

/**
 * Issue 14, item 6, end to end: every URL that `fetch` or `new URL()` sends
 * to another host than the registered one is a finding of
 * popdb/no-unregistered-endpoint, however it is written.
 */

const BYPASSES = [
  "'https:evil.com/dancu/v1/x'",
  "'https:/evil.com/dancu/v1/x'",
  "'https:\\\\\\\\evil.com\\\\dancu\\\\v1\\\\x'",
  "'https://evil.com/dan\\tcu/v1/x'",
  "'https://evil.com/dan\\ncu/v1/x'",
  "'https://evil.com/dan%63u/v1/x'",
  "'//evil.com/dancu/v1/x'",
  "'https://lgsp.example.gov.vn/dancu/v1/..%2f..%2fadmin/x'",
  "'https://lgsp.example.gov.vn/DANCU/V1/x'",
  "'https://lgsp.example.gov.vn/dancu/v1/\\u0000x'",
  '`https://lgsp.example.gov.vn.${suffix}/dancu/v1/x`',
];

describe('URLs that slip past the allowlist are findings (issue 14, item 6)', () => {
  it('reports each bypass on its own line, and not the registered endpoint', () => {
    const dir = tempDir('hostile-urls');
    const lines = ['declare const suffix: string;', ...BYPASSES.map((u, i) => `export const r${i} = () => fetch(${u});`), "export const ok = () => fetch('https://lgsp.example.gov.vn/dancu/v1/CongDan');"];
    writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'src/urls.ts': `${lines.join('\n')}\n` });
    const r = runCliBounded(['.', '--format', 'json'], dir);
    expect(r.stderr).toBe('');
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number }[] }).findings.filter(
      (f) => f.ruleId === 'popdb/no-unregistered-endpoint' && f.file === path.posix.join('src', 'urls.ts'),
    );
    const flagged = new Set(findings.map((f) => f.line));
    const missed = BYPASSES.filter((_, i) => !flagged.has(i + 2));
    expect(missed).toEqual([]);
    expect(flagged.has(BYPASSES.length + 2)).toBe(false);
  });
});
