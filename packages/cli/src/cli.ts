import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ScanPathError, formatHtml, formatJson, formatSarif, formatText, formatPolicyProblem, starterPolicy, VERSION, type ScanReport } from '@popdb-guard/core';
import { scan, UsageError } from './scan';
import { applyBaseline, readBaseline, writeBaseline } from './baseline';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: popdb-guard [paths...] [options]
       popdb-guard init [--force]

Checks code that connects to the National Population Database (CSDLQG về dân cư)
against the registration in popdb-policy.yaml.

Options:
  --policy FILE               policy file (default: nearest popdb-policy.{yaml,yml,json})
  --format text|json|sarif|html
                              output format (default: text); html is the
                              assessor's self-contained report
  --output FILE               write the report to FILE (default: stdout)
  --baseline FILE             report only findings not accepted in FILE
  --write-baseline FILE       record the current findings as accepted
  --no-color                  plain text output
  -h, --help                  show this help
  -v, --version               show the version

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage, policy or internal error.
`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTty: boolean;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScanPathError) {
      io.stderr(`popdb-guard: ${error.message}\nRun "popdb-guard --help" for usage.\n`);
      return EXIT_ERROR;
    }
    io.stderr(`popdb-guard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_ERROR;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        policy: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (positionals[0] === 'init') return init(positionals.slice(1), values.force ?? false, io);

  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${values.format}" (expected ${FORMATS.join(', ')})`);

  const outcome = await scan({ paths: positionals, policyFile: values.policy, cwd: io.cwd });
  if (!outcome.ok) {
    io.stderr(`popdb-guard: the policy file is invalid, nothing was scanned:\n${outcome.problems.map((p) => `  ${formatPolicyProblem(p)}`).join('\n')}\n`);
    return EXIT_ERROR;
  }
  const report: ScanReport = outcome.report;
  if (values['write-baseline']) {
    writeBaseline(path.resolve(io.cwd, values['write-baseline']), report.root, report.findings);
  }
  if (values.baseline) {
    const { remaining, accepted } = applyBaseline(report.findings, readBaseline(path.resolve(io.cwd, values.baseline)), report.root);
    report.findings = remaining;
    report.baselineSuppressed = accepted;
  }
  const text =
    format === 'json'
      ? formatJson(report)
      : format === 'sarif'
        ? formatSarif(report)
        : format === 'html'
          ? formatHtml(report)
          : formatText(report, { color: io.isTty && !values.output && !values['no-color'] });
  if (values.output) {
    fs.writeFileSync(path.resolve(io.cwd, values.output), text);
  } else {
    io.stdout(text);
  }
  return report.findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

function init(args: string[], force: boolean, io: Io): number {
  const dir = path.resolve(io.cwd, args[0] ?? '.');
  const target = path.join(dir, 'popdb-policy.yaml');
  if (fs.existsSync(target) && !force) throw new UsageError(`${target} already exists (use --force to overwrite)`);
  fs.writeFileSync(target, starterPolicy());
  io.stdout(`Wrote ${path.relative(io.cwd, target) || target}. Fill in registeredEndpoints and audit.functions, then run popdb-guard.\n`);
  return EXIT_OK;
}
