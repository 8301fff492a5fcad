import * as fs from 'node:fs';
import * as path from 'node:path';
import { policyFor } from '@popdb-guard/core';
import { createEslint, lintTextWithSuppressions } from '@popdb-guard/engine';
import { leakedPiece, prng, randomString, runCliBounded, tempDir, writeFiles } from './planted';

/**
 * A source file that does not parse is reported as popdb/parse-error and no
 * rule can run on it — but a token committed in it is as live as anywhere
 * else (found on a real repository: a test script whose token string was
 * never closed). Well-known secret formats are still found in its text, and
 * shown masked like every other credential finding.
 */

const next = prng(20261201);
// generated at test time, so no scanner of this repository sees a token-shaped literal
const github = `ghp_${randomString(next, 36)}`;
const slack = `xoxb-${randomString(next, 11, '0123456789')}-${randomString(next, 12, '0123456789')}-${randomString(next, 24)}`;

const BROKEN = [
  "import axios from 'axios';",
  `const TOKEN = '${github} // the closing quote is missing`,
  `const SLACK = "${slack}";`,
  'export async function send() { await axios.post(url, { token: TOKEN }); }',
  '',
].join('\n');

function project(policy = ''): string {
  const dir = tempDir('unparsed-secrets');
  writeFiles(dir, { 'popdb-policy.yaml': `version: 1\n${policy}`, 'scripts/send.js': BROKEN, 'src/ok.ts': 'export const ok = 1;\n' });
  return dir;
}

interface JsonOut {
  findings: { ruleId: string; file: string; line: number; message: string }[];
}

describe('secrets in a source file that does not parse', () => {
  it('are reported by format beside the parse error, masked in every output', () => {
    const dir = project();
    const r = runCliBounded(['.', '--format', 'json'], dir);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonOut;
    const onFile = report.findings.filter((f) => f.file === 'scripts/send.js');
    expect(onFile.map((f) => `${f.ruleId}:${f.line}`).sort()).toEqual(['popdb/no-hardcoded-credentials:2', 'popdb/no-hardcoded-credentials:3', 'popdb/parse-error:2']);
    expect(onFile.find((f) => f.ruleId === 'popdb/no-hardcoded-credentials' && f.line === 2)?.message).toContain('GitHub');
    const outputs: Record<string, string> = { json: r.stdout };
    for (const format of ['text', 'sarif']) outputs[format] = runCliBounded(['.', '--format', format], dir).stdout;
    const html = path.join(dir, 'report.html');
    runCliBounded(['.', '--format', 'html', '--output', html], dir);
    outputs.html = fs.readFileSync(html, 'utf8');
    for (const [format, text] of Object.entries(outputs)) {
      for (const secret of [github, slack]) expect({ format, leaked: leakedPiece(text, secret) }).toEqual({ format, leaked: undefined });
    }
  });

  it('follow the policy: nothing when the rule is off or the file is allowed to hold credentials', () => {
    for (const policy of ['rules:\n  popdb/no-hardcoded-credentials: off\n', 'credentials:\n  allowInFiles: ["scripts/**"]\n']) {
      const r = runCliBounded(['.', '--format', 'json'], project(policy));
      const report = JSON.parse(r.stdout) as JsonOut;
      expect(report.findings.map((f) => f.ruleId)).toEqual(['popdb/parse-error']);
    }
  });

  it('are found the same way in the editor, on the unsaved text', async () => {
    const dir = project();
    const p = policyFor(dir);
    if (!p.ok) throw new Error('the policy must load');
    const outcome = await lintTextWithSuppressions(createEslint(p.policy, dir), path.join(dir, 'scripts/send.js'), BROKEN);
    expect(outcome.findings.map((f) => `${f.ruleId}:${f.line}`).sort()).toEqual(['popdb/no-hardcoded-credentials:2', 'popdb/no-hardcoded-credentials:3', 'popdb/parse-error:2']);
  });
});
