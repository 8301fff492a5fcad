import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

/**
 * An assessor keeps the registration apart from the code and runs
 * `popdb-guard . --policy ../registrations/x.yaml`. The policy's own folder
 * holds none of the project's files, so the project model, the test-code
 * globs and the allow-lists must be rooted at the scanned folder — found on
 * a real repository, where the external policy left the model without a
 * caller of any function (every wrapped query reported twice) and every test
 * file counted as production code.
 */

const POLICY = `version: 1
system:
  purposes: ["tiep-nhan-ho-so"]
populationDb:
  endpointPatterns: ["*://lgsp.example.gov.vn/*"]
  registeredEndpoints: ["https://lgsp.example.gov.vn/dancu/v1/"]
audit:
  functions: ["auditLog"]
tests:
  files: ["checks/**"]
`;

const FILES: Record<string, string> = {
  'package.json': '{ "name": "tra-cuu", "private": true }\n',
  'src/dancu.service.ts': [
    'export async function traCuu(so: string) {',
    "  const r = await fetch('https://lgsp.example.gov.vn/dancu/v1/tra-cuu?MaDVC=tiep-nhan-ho-so&so=' + so);",
    '  return r.json();',
    '}',
    '',
  ].join('\n'),
  'src/ho-so.controller.ts': [
    "import { traCuu } from './dancu.service';",
    'declare function auditLog(entry: object): void;',
    'export async function daGhi(so: string) {',
    '  const x = await traCuu(so);',
    '  auditLog({ so });',
    '  return x;',
    '}',
    'export async function chuaGhi(so: string) {',
    '  return traCuu(so);',
    '}',
    '',
  ].join('\n'),
  // test code by the policy's own glob, relative to the scanned folder: a weak test password is no finding there
  'checks/login.ts': "export const login = { user: 'tester', password: 'secret123' };\n",
};

function project(): { dir: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-external-policy-'));
  const dir = path.join(base, 'project');
  const outside = path.join(base, 'registrations', 'tra-cuu.yaml');
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.mkdirSync(path.dirname(outside), { recursive: true });
  fs.writeFileSync(outside, POLICY);
  return { dir, outside };
}

function findings(args: string[], cwd: string): string[] {
  const r = runCli(args, cwd);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number }[] }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
}

describe('a policy given with --policy from outside the scanned folder', () => {
  it('finds the same as the same policy inside it: callers across files, test-code globs from the scanned folder', () => {
    const { dir, outside } = project();
    const external = findings(['.', '--format', 'json', '--policy', path.relative(dir, outside)], dir);
    // only the unaudited caller, not the query inside the wrapper as well; nothing in checks/
    expect(external).toEqual(['popdb/require-audit-log src/ho-so.controller.ts:9']);
    fs.copyFileSync(outside, path.join(dir, 'popdb-policy.yaml'));
    expect(findings(['.', '--format', 'json'], dir)).toEqual(external);
  });
});
