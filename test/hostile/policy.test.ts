import * as path from 'node:path';
import { hasStackTrace, runCliBounded, tempDir, unregisteredFetch, writeFiles } from './planted';

/**
 * Issue 14, item 5: the policy can neither crash the scan nor switch a
 * protection off silently. Every YAML error (alias bombs, an undefined
 * alias, an anchor reused more than the yaml default of 100 times) and every
 * value that would disable a check is reported with file:line:col and key,
 * exit 2, no stack trace.
 */

const BASE = 'populationDb:\n  registeredEndpoints:\n    - https://lgsp.example.gov.vn/dancu/v1/\n';

function run(policy: string): { code: number | null; stderr: string; stdout: string } {
  const dir = tempDir('hostile-policy');
  writeFiles(dir, { 'popdb-policy.yaml': policy, 'src/lookup.ts': `${unregisteredFetch(1).join('\n')}\n` });
  const r = runCliBounded(['.'], dir, 60_000);
  expect(r.timedOut).toBe(false);
  expect(hasStackTrace(r.stderr)).toBe(false);
  return r;
}

function expectRejected(policy: string, where: RegExp, text: RegExp): void {
  const r = run(policy);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('the policy file is invalid');
  expect(r.stderr).toMatch(where);
  expect(r.stderr).toMatch(text);
}

const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`), 'h: [*g]'].join('\n');

describe('the policy cannot crash the scan or switch a protection off silently (issue 14, item 5)', () => {
  it('an alias bomb is a YAML error at the alias, not a ReferenceError', () => {
    expectRejected(`${BASE}${bomb}\n`, /popdb-policy\.yaml:5:8: .*not valid YAML: .*alias/i, /aliases are limited/);
  });

  it('an undefined alias is a YAML error with its position', () => {
    expectRejected(`${BASE}ignore: *nowhere\n`, /popdb-policy\.yaml:4:9: .*not valid YAML: Unresolved alias/, /nowhere/);
  });

  it('a benign policy reusing one anchor 101 times is accepted', () => {
    const items = Array.from({ length: 101 }, () => '    - *fn').join('\n');
    const r = run(`${BASE}audit:\n  functions:\n    - &fn ghiNhatKy\n${items}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it.each([
    ['citizenData:\n  sanitizers: ["*"]\n', /popdb-policy\.yaml:5:16: invalid policy at "citizenData\.sanitizers\[0\]"/],
    ['credentials:\n  allowInFiles: ["**"]\n', /popdb-policy\.yaml:5:18: .*"credentials\.allowInFiles\[0\]"/],
    ['credentials:\n  allowInFiles: ["**/*.ts"]\n', /"credentials\.allowInFiles\[0\]"/],
    ['audit:\n  functions: ["*"]\n', /"audit\.functions\[0\]"/],
    ['queries:\n  limiters: ["*.*"]\n', /"queries\.limiters\[0\]"/],
    ['queries:\n  budget: 1e400\n', /popdb-policy\.yaml:5:11: .*"queries\.budget".*not a finite number/],
    ['ignore: ["**/*"]\n', /"ignore\[0\]"/],
    ['rules:\n  popdb/no-hardcoded-credential: off\n', /popdb-policy\.yaml:5:3: .*"rules\.popdb\/no-hardcoded-credential".*not a rule of popdb-guard.*did you mean "popdb\/no-hardcoded-credentials"/],
  ])('rejects %j with its line, column and key', (extra, where) => {
    expectRejected(`${BASE}${extra}`, where, /./);
  });

  it('keeps accepting the values that name what they cover', () => {
    const r = run(`${BASE}credentials:\n  allowInFiles: ["**/test/fixtures/**", "src/**/*.spec.ts"]\ncitizenData:\n  sanitizers: ["maskCccd", "*.maskCccd"]\nrules:\n  popdb/require-audit-log: warn\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(path.posix.join('src', 'lookup.ts'));
  });
});
