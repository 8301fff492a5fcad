import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaults, discoverPolicyFile, parsePolicyText, policyFor, starterPolicy } from '@popdb-guard/core';

describe('policy loading', () => {
  it('merges policy lists with the built-in defaults instead of replacing them', () => {
    const r = parsePolicyText('citizenData:\n  fields: ["maHoSoCongDan"]\nmessaging:\n  hosts: ["chat.example.vn"]\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.citizenData.fields).toContain('maHoSoCongDan');
    expect(r.policy.citizenData.fields).toContain('soDinhDanh');
    expect(r.policy.messaging.hosts).toEqual(expect.arrayContaining(['chat.example.vn', 'api.telegram.org']));
    expect(r.policy.populationDb.endpointPatterns).toEqual(expect.arrayContaining([...defaults.DEFAULT_ENDPOINT_PATTERNS]));
  });

  it('adds purpose.fields to the built-in purpose field names, and rejects a wrong type with its key', () => {
    const r = parsePolicyText('purpose:\n  fields: ["maMucDich", "X-Ma-Thu-Tuc"]\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.purpose.fields).toEqual([...defaults.DEFAULT_PURPOSE_FIELDS, 'maMucDich', 'X-Ma-Thu-Tuc']);
    expect(parsePolicyText('version: 1\n', '/p/popdb-policy.yaml').ok && defaults.DEFAULT_PURPOSE_FIELDS).toContain('MaDVC');
    const bad = parsePolicyText('purpose:\n  fields: "MaDVC"\n', '/p/popdb-policy.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toEqual([expect.objectContaining({ key: 'purpose.fields', line: 2, message: 'must be a list' })]);
    const typo = parsePolicyText('purpose:\n  field: ["MaDVC"]\n', '/p/popdb-policy.yaml');
    expect(!typo.ok && typo.problems[0].message).toContain('did you mean "fields"');
  });

  it('registers nothing by default: secure by default', () => {
    const r = parsePolicyText('version: 1\n', '/p/popdb-policy.yaml');
    expect(r.ok && r.policy.populationDb.registeredEndpoints).toEqual([]);
  });

  it('gives line, column and key for errors in a JSON policy too', () => {
    const text = '{\n  "version": 1,\n  "audit": {\n    "requiredFields": ["taiKhoan", 42]\n  }\n}\n';
    const r = parsePolicyText(text, '/p/popdb-policy.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ line: 4, column: 36, key: 'audit.requiredFields[1]', message: 'must be a string' })]);
  });

  it('reports every problem at once, not only the first', () => {
    const r = parsePolicyText('versoin: 1\nqueries:\n  budget: -5\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.key).sort()).toEqual(['queries.budget', 'versoin']);
    expect(r.problems.find((p) => p.key === 'versoin')?.message).toContain('did you mean "version"');
  });

  it('rejects duplicate keys rather than silently keeping the last one', () => {
    const r = parsePolicyText('audit:\n  functions: ["a"]\naudit:\n  functions: ["b"]\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(false);
  });

  it('discovers the nearest policy by walking up, and changes the hash when the policy changes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-policy-'));
    fs.mkdirSync(path.join(dir, 'src/deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'popdb-policy.yml'), 'system:\n  name: "A"\n');
    expect(discoverPolicyFile(path.join(dir, 'src/deep/file.ts'))).toBe(path.join(dir, 'popdb-policy.yml'));
    const first = policyFor(path.join(dir, 'src/deep'));
    expect(first.ok && first.policy.system.name).toBe('A');
    fs.writeFileSync(path.join(dir, 'popdb-policy.yml'), 'system:\n  name: "Bee"\n');
    const second = policyFor(path.join(dir, 'src/deep'));
    expect(second.ok && second.policy.system.name).toBe('Bee');
    expect(first.ok && second.ok && first.policy.hash !== second.policy.hash).toBe(true);
  });

  it('puts the policy\'s access guards before the built-in ones, and keeps public routes with their reasons', () => {
    const r = parsePolicyText('access:\n  guards: ["dangNhapCanBo"]\n  roles: ["kiemTraQuyen"]\n  rateLimiters: ["gioiHan"]\n  public:\n    - route: "GET /health"\n      reason: "liveness probe, queries nothing"\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.access.guards[0]).toBe('dangNhapCanBo');
    expect(r.policy.access.guards).toEqual(expect.arrayContaining([...defaults.DEFAULT_ACCESS_GUARDS]));
    expect(r.policy.access.roles).toEqual(expect.arrayContaining(['kiemTraQuyen', 'requireRole', 'Roles']));
    expect(r.policy.access.rateLimiters).toEqual(expect.arrayContaining(['gioiHan', 'rateLimit', 'ThrottlerGuard']));
    expect(r.policy.access.public).toEqual([{ route: 'GET /health', reason: 'liveness probe, queries nothing' }]);
  });

  it('requires a reason for every public route, and a METHOD /path route, with file, line and key', () => {
    const r = parsePolicyText('access:\n  public:\n    - route: "GET /health"\n    - route: "/health"\n      reason: "probe"\n    - route: "GET /x"\n      reason: "  "\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.line}:${p.key}`).sort()).toEqual(['3:access.public[0]', '4:access.public[1].route', '7:access.public[2].reason']);
    expect(r.problems.find((p) => p.key === 'access.public[0]')?.message).toContain('reason');
  });

  it('rejects a "*" guard, role or rate-limiter pattern and a public route that covers every path: they would switch the rule off', () => {
    const r = parsePolicyText('access:\n  guards: ["requireLogin", "*"]\n  rateLimiters: ["*.*"]\n  public:\n    - route: "* /*"\n      reason: "all public"\n', '/p/popdb-policy.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.line}:${p.key}`).sort()).toEqual(['2:access.guards[1]', '3:access.rateLimiters[0]', '5:access.public[0].route']);
    expect(r.problems[0].message).toMatch(/switch/);
  });

  it('ships a starter policy that is itself valid', () => {
    expect(parsePolicyText(starterPolicy(), '/p/popdb-policy.yaml').ok).toBe(true);
  });
});
