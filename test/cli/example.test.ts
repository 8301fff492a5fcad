import { REPO, runCli } from './run-cli';

/**
 * The bundled example (what `npm start` scans) carries one real violation per
 * rule next to a near-miss each rule must pass over (examples/one-stop-shop/README.md).
 * This pins both: every intended finding, and nothing else.
 */
describe('the bundled example project', () => {
  it('reports exactly the intended violations and passes over the near-misses', () => {
    const r = runCli(['examples/one-stop-shop', '--format', 'json'], REPO);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; severity: string; message: string }[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.severity}`)).toEqual([
      'popdb/no-unregistered-endpoint config/default.json:10 error',
      'popdb/no-hardcoded-credentials config/default.json:15 error',
      'popdb/no-unregistered-endpoint src/clients/legacy-soap.ts:5 error',
      'popdb/no-tls-verification-disabled src/clients/legacy-soap.ts:9 error',
      'popdb/require-audit-log src/clients/legacy-soap.ts:11 error',
      'popdb/no-default-credentials src/db.ts:7 error',
      'popdb/no-unbounded-query-loop src/jobs/dong-bo-ho-so.ts:13 error',
      'popdb/no-credentials-in-logs src/routes/dang-nhap.router.ts:15 error',
      'popdb/require-audit-log src/routes/ho-so.router.ts:26 error',
      'popdb/require-registered-purpose src/routes/ho-so.router.ts:26 error',
      'popdb/no-citizen-data-in-logs src/routes/ho-so.router.ts:27 warning',
      'popdb/no-citizen-data-to-messaging src/routes/ho-so.router.ts:28 error',
      'popdb/require-access-control src/routes/kiosk.router.ts:11 error',
    ]);
    // the quick lookup's purpose is not registered; every other query sends a registered one (an enum, the caller's argument)
    expect(report.findings.find((f) => f.ruleId === 'popdb/require-registered-purpose')?.message).toContain('"tra-cuu-nhanh"');
    // the database password in config/default.json is never shown in clear
    expect(r.stdout).not.toContain('MotCua#DaNang2023!');
    expect(r.stdout).not.toContain('DaNang2023');
  });
});
