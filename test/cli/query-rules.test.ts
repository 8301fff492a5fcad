import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import plugin = require('eslint-plugin-popdb');
import { collectFiles } from '@popdb-guard/core';

const repo = path.resolve(__dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/query-project');
const cli = path.join(repo, 'packages/cli/bin/popdb-guard.js');
const QUERY_RULES = new Set(['popdb/no-unregistered-endpoint', 'popdb/require-audit-log', 'popdb/no-unbounded-query-loop']);

interface JsonFinding {
  ruleId: string;
  messageId?: string;
  file: string;
  line: number;
  column: number;
}

const key = (f: JsonFinding) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`;

function runCli(): { status: number | null; findings: JsonFinding[] } {
  const result = spawnSync(process.execPath, [cli, fixture, '--format', 'json'], { cwd: repo, encoding: 'utf8' });
  if (result.status === 2) throw new Error(`CLI failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: JsonFinding[] };
  return { status: result.status, findings: report.findings.filter((f) => QUERY_RULES.has(f.ruleId)) };
}

describe('query rules through the CLI on the multi-file fixture project', () => {
  let status: number | null = null;
  let findings: JsonFinding[] = [];
  beforeAll(() => {
    ({ status, findings } = runCli());
  });

  it('exits 1 because error-severity findings exist', () => {
    expect(status).toBe(1);
  });

  it('reports exactly the expected findings across files (wrappers, constants and loops in different files)', () => {
    expect(findings.map(key).sort()).toEqual(
      [
        // value of the mapped env var in .env is a test gateway, not registered
        '.env:2:15 popdb/no-unregistered-endpoint/unregistered',
        // plain http to the registered endpoint in JSON config
        'config/app.json:4:19 popdb/no-unregistered-endpoint/insecure',
        // staging constant reported where it is written, not where the job uses it
        'src/config/endpoints.ts:6:30 popdb/no-unregistered-endpoint/unregistered',
        // the user picks the endpoint through the registered axios instance
        'src/routes/citizen.router.ts:13:26 popdb/no-unregistered-endpoint/fromUserInput',
        // exported wrappers nobody in the project calls, with no audit
        'src/clients/dancu-api.ts:22:10 popdb/require-audit-log/missingAudit',
        'src/clients/soap-client.ts:6:26 popdb/require-audit-log/missingAudit',
        'src/jobs/sync-job.ts:28:10 popdb/require-audit-log/missingAudit',
        'src/routes/citizen.router.ts:8:26 popdb/require-audit-log/missingAudit',
        // the service method that skips the audit; traCuuCongDan itself is audited by its other caller
        'src/services/citizen.service.ts:18:12 popdb/require-audit-log/missingAudit',
        // the job loops over a service in another file that wraps a client in a third file
        'src/jobs/sync-job.ts:12:11 popdb/no-unbounded-query-loop/unboundedLoop',
      ].sort(),
    );
  });

  it('does not report the p-limit job, the social-insurance loop or the XML namespace', () => {
    const lines = findings.map(key).join('\n');
    expect(lines).not.toMatch(/sync-job\.ts:(19|20|25):/);
    expect(lines).not.toMatch(/config\/app\.json:5:/);
    expect(lines).not.toMatch(/endpoints\.ts:7:/);
  });

  it('agrees with plain ESLint (Node API, plugin.configs.recommended, settings.popdb.policy)', async () => {
    const eslint = new ESLint({
      cwd: fixture,
      overrideConfigFile: true,
      overrideConfig: [
        ...(plugin.configs.recommended as unknown as Linter.Config[]),
        { settings: { popdb: { policy: path.join(fixture, 'popdb-policy.yaml') } } },
      ],
      ignore: false,
    });
    const files = collectFiles([fixture], fixture, []);
    const results = await eslint.lintFiles(files);
    const fromEslint = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId && QUERY_RULES.has(m.ruleId))
        .map((m) => key({ ruleId: m.ruleId!, messageId: m.messageId, file: path.relative(fixture, r.filePath).split(path.sep).join('/'), line: m.line, column: m.column })),
    );
    expect(fromEslint.sort()).toEqual(findings.map(key).sort());
  });
});
