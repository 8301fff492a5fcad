import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultPolicy, parsePolicyText } from './policy/policy';
import { isTestCode } from './test-code';

const root = path.join(os.tmpdir(), 'popdb-test-code-root');
const at = (rel: string) => path.join(root, rel);

describe('isTestCode with the built-in globs', () => {
  const policy = defaultPolicy(root);
  const test = (rel: string) => isTestCode(policy, at(rel), root);

  it('knows the folders and file names test runners pick up', () => {
    for (const rel of [
      'test/auth.ts',
      'tests/integration/auth.test.js',
      'src/users/__tests__/users.ts',
      'spec/helpers/login.js',
      'apps/api/e2e/lookup.ts',
      'cypress/support/commands.ts',
      'src/__mocks__/axios.ts',
      'src/mocks/handlers.ts',
      'tests/fixtures/user.fixture.js',
      'src/__fixtures__/citizen.json',
      'src/dancu/dancu.service.spec.ts',
      'test/admin/users.e2e-spec.ts',
      'src/components/Login.cy.tsx',
      'src/setupTests.ts',
      'jest.setup.js',
      '.env.test',
      'packages/api/.env.test.local',
    ]) {
      expect(test(rel), rel).toBe(true);
    }
  });

  it('leaves production code, seeds, factories and scripts alone (they write to real databases)', () => {
    for (const rel of [
      'src/auth/auth.service.ts',
      'src/database/seeds/user-seed.service.ts',
      'src/database/factories/UserFactory.ts',
      'scripts/createAdmin.js',
      'backend/seed.js',
      '.env',
      '.env.production',
      'src/contest/contest.ts',
      'src/testimonials/list.tsx',
      'src/latest.ts',
    ]) {
      expect(test(rel), rel).toBe(false);
    }
  });

  it('never counts a file outside the root, nor the root itself', () => {
    expect(isTestCode(policy, path.join(os.tmpdir(), 'elsewhere', 'test', 'a.ts'), root)).toBe(false);
    expect(isTestCode(policy, root, root)).toBe(false);
  });
});

describe('isTestCode with a policy', () => {
  const policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-tests-policy-'));
  const file = path.join(policyDir, 'popdb-policy.yaml');
  const result = parsePolicyText('version: 1\ntests:\n  files: ["qa/**", "!test/contract/**", "!**/*.live.spec.ts"]\n', file);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const policy = result.policy;
  const test = (rel: string) => isTestCode(policy, path.join(policyDir, rel), '/somewhere/else');

  it('adds its own globs to the built-in ones, relative to its folder (not the fallback root)', () => {
    expect(test('qa/smoke.ts')).toBe(true);
    expect(test('test/unit/a.ts')).toBe(true);
  });

  it('takes paths back with !glob, even inside a folder a built-in glob put in', () => {
    expect(test('test/contract/lgsp.ts')).toBe(false);
    expect(test('src/lgsp.live.spec.ts')).toBe(false);
    expect(test('src/lgsp.spec.ts')).toBe(true);
  });

  it('rejects a tests section of the wrong shape with its key', () => {
    const bad = parsePolicyText('version: 1\ntests:\n  file: ["qa/**"]\n', file);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0].key).toBe('tests.file');
  });
});
