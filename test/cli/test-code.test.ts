import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, runCli } from './run-cli';

/**
 * Test code (policy `tests.files`), over a whole project with every rule: fixture `test-code`, a
 * residence-lookup portal whose unit tests, e2e tests, Jest mocks and QA folder query mock
 * gateways in unbounded loops, log mock citizen records and use weak passwords on purpose, next to
 * production code with real findings, a test file with real secrets pasted in, and contract tests
 * the policy takes back out of test code (`!test/contract/**`).
 */
const DIR = path.join(FIXTURES, 'test-code');

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
  messageId: string;
}

function findings(): string[] {
  const r = runCli(['.', '--format', 'json'], DIR);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('popdb/', '')} ${f.messageId}`).sort();
}

describe('test code', () => {
  const all = findings();

  it('reports production code as usual, including a handler only a test calls', () => {
    expect(all).toContain('.env:2 no-default-credentials defaultPassword');
    expect(all).toContain('src/config/db.ts:2 no-default-credentials defaultFallback');
    // test/lookup.test.ts calls handleLookup: a test is no caller that could audit it
    expect(all).toContain('src/routes/lookup.ts:5 require-audit-log missingAudit');
  });

  it('reports nothing from the population-DB, citizen-data or weak-password checks in tests, e2e tests, mocks, .env.test or a folder the policy adds', () => {
    const quiet = ['test/lookup.test.ts', 'e2e/', 'src/__mocks__/', 'qa/', '.env.test'];
    expect(all.filter((f) => quiet.some((q) => f.startsWith(q)))).toEqual([]);
  });

  it('still reports high-confidence secrets pasted into a test, and not the test values beside them', () => {
    expect(all.filter((f) => f.startsWith('test/secrets.spec.ts'))).toEqual([
      'test/secrets.spec.ts:2 no-hardcoded-credentials knownSecretFormat', // AWS access key
      'test/secrets.spec.ts:3 no-hardcoded-credentials knownSecretFormat', // private key block
      'test/secrets.spec.ts:4 no-hardcoded-credentials connectionStringPassword', // to a real host
      'test/secrets.spec.ts:5 no-hardcoded-credentials hardcodedPassword', // a mail app password
      'test/secrets.spec.ts:6 no-hardcoded-credentials hardcodedToken', // random-looking, bound to a credential name
      'test/secrets.spec.ts:7 no-hardcoded-credentials knownSecretFormat', // a JWT valid for years: a key
    ]);
  });

  it('checks what the policy takes back out of test code (!test/contract/**) as production code', () => {
    expect(all.filter((f) => f.startsWith('test/contract/'))).toEqual([
      'test/contract/live-gateway.ts:5 no-default-credentials defaultPassword',
      'test/contract/live-gateway.ts:7 no-unregistered-endpoint unregistered',
      'test/contract/live-gateway.ts:7 require-audit-log missingAudit',
    ]);
  });

  it('leaves test code out of the inventory and the approval record', () => {
    const inv = runCli(['inventory', '.', '--format', 'json'], DIR);
    expect(inv.stderr).toBe('');
    const files = (JSON.parse(inv.stdout) as { entries: { file: string }[] }).entries.map((e) => e.file);
    expect([...new Set(files)].sort()).toEqual(['src/clients/dancu.ts', 'src/routes/lookup.ts', 'test/contract/live-gateway.ts']);

    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-test-code-')), 'popdb-approved.json');
    expect(runCli(['approve', '.', '--output', out], DIR).code).toBe(0);
    const record = fs.readFileSync(out, 'utf8');
    for (const test of ['lookup.test.ts', 'e2e/', '__mocks__', 'qa/smoke.ts']) expect(record).not.toContain(test);
    expect(record).toContain('src/clients/dancu.ts#traCuuCongDan');
  });
});
