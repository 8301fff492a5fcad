import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ScanPathError, sarifLimitWarning, diffApproval, formatApprovalDiffText, formatHtml, formatJson, formatSarif, formatText, policyFor, starterPolicy, VERSION, type Language, type ScanReport } from '@popdb-guard/core';
import { scan } from './scan';
import { parseConcurrency } from './concurrency';
import { UsageError } from './errors';
import { checkWritable, writeOrFail } from './output';
import { assessorCommand, policyError, readApproval } from './assessor';
import { applyBaseline, readBaseline, writeBaseline } from './baseline';
import { changedFiles, changedSince, filterToChanges, splitFileList } from './changed';
import type * as FixModule from './fix';
import { explain, limitWarnings, parseLanguage, parseMaxWarnings, progress } from './output';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: popdb-guard [paths...] [options]
       popdb-guard init [--force]
       popdb-guard inventory [paths...] [--format text|json] [--output FILE]
       popdb-guard approve [paths...] [--output popdb-approved.json]
       popdb-guard diff --approved popdb-approved.json [paths...] [--format text|json]
       popdb-guard fix [paths...] [--dry-run]
       popdb-guard explain RULE [--lang vi|en|both]

Checks code that connects to the National Population Database (CSDLQG về dân cư)
against the registration in popdb-policy.yaml.

Commands:
  (none)                      scan and report findings
  init                        write a starter popdb-policy.yaml
  inventory                   list every place the code queries the population DB:
                              endpoint, registration, audit, loop bound, where the data goes
  approve                     record the connection surface (query sites, endpoints,
                              hashes of the query functions, audit coverage) at approval
  diff                        what changed since the approval; exit 1 when the change
                              must be reported and re-assessed (Công văn 5722/TCTTKĐA;
                              Thông tư 46/2022/TT-BCA, Điều 6)
  fix                         fix what can be fixed safely (hardcoded secrets → process.env
                              and .env.example, default-password fallbacks → requireEnv,
                              missing audit calls, unbounded query loops → p-limit) and list
                              the rest with the reason; --dry-run prints the unified diff
                              (secrets masked) and writes nothing
  explain RULE                the rule's documentation (offline), in --lang (default: the
                              report.language of the policy found from the working directory)

Options:
  --policy FILE               policy file (default: nearest popdb-policy.{yaml,yml,json})
  --format text|json|sarif|html
                              output format (default: text); html is the
                              assessor's self-contained report
  --output FILE               write the report to FILE (default: stdout; for approve:
                              popdb-approved.json in the scan root)
  --baseline FILE             report only findings not accepted in FILE
  --write-baseline FILE       record the current findings as accepted
  --approved FILE             compare with an approval record (scan: adds the changes
                              to the report; diff: required)
  --concurrency auto|off|N    lint threads: auto (as ESLint's: half the cores on
                              larger projects, else none), off, or N (default:
                              auto); findings, the inventory and their order do
                              not depend on it
  --cache                     reuse the results of files that did not change, nor did
                              anything their analysis read (other files, the policy)
  --cache-location DIR        where the cache lives (default:
                              node_modules/.cache/popdb-guard in the scan root)
  --lang vi|en|both           language of messages and reports (default: the policy's
                              report.language, else both: Vietnamese — English)
  --changed-since REF         pull-request mode: report only findings on lines changed
                              since the git ref, and unchanged queries whose verdict
                              depends on a changed function (the whole project is analysed)
  --changed-files FILE[,FILE] the same for listed files (the paths after it are files too,
                              for pre-commit hooks); the scan covers the working directory
  --quiet                     report errors only
  --max-warnings N            exit 1 when there are more than N warnings
  --no-color                  plain text output
  --dry-run                   fix: print the diff, write nothing
  --env-helper NAME           fix: the project's own fail-fast environment reader
                              (default: an exported requireEnv, else src/require-env.ts)
  --limiter-concurrency N     fix: concurrency of the p-limit limiter it adds (default 4)
  -h, --help                  show this help
  -v, --version               show the version

Exit codes: 0 no error finding, 1 at least one error finding (or more warnings than
--max-warnings), 2 usage, policy or internal error.
diff: 0 nothing changed, 1 a change requires a new assessment, 2 error.
fix: 0 no error finding left unfixed, 1 at least one left, 2 error.
`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTty: boolean;
  /** stderr is a terminal: the progress line is shown (never in a pipe or a CI log). */
  stderrIsTty?: boolean;
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
        approved: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        cache: { type: 'boolean', default: false },
        'cache-location': { type: 'string' },
        lang: { type: 'string' },
        'changed-since': { type: 'string' },
        'changed-files': { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        'max-warnings': { type: 'string' },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'env-helper': { type: 'string' },
        'limiter-concurrency': { type: 'string' },
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
  const lang = parseLanguage(values.lang);
  if (positionals[0] === 'explain') {
    // like the scan's messages: --lang, else the policy's report.language (found from the working directory, or --policy)
    let language: Language | undefined = lang;
    if (!language) {
      const policy = policyFor(io.cwd, values.policy ? path.resolve(io.cwd, values.policy) : undefined);
      if (!policy.ok) return policyError(policy.problems, io, 'the rule docs are not shown');
      language = policy.policy.report.language;
    }
    return explain(positionals.slice(1), language, io.stdout);
  }
  // loaded only for `fix`: it brings ts-morph, which a scan never needs
  if (positionals[0] === 'fix') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { fixCommand } = require('./fix') as typeof FixModule;
    return fixCommand(positionals.slice(1), values, lang, io);
  }
  if (positionals[0] === 'init') return init(positionals.slice(1), values.force ?? false, io);
  if (positionals[0] === 'inventory' || positionals[0] === 'approve' || positionals[0] === 'diff') {
    return assessorCommand(positionals[0], positionals.slice(1), values, io);
  }

  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${values.format}" (expected ${FORMATS.join(', ')})`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  // --changed-files takes the paths after it too (a pre-commit hook appends the staged files): the scan is the whole working directory
  const listedChanges = values['changed-files'] ? [...splitFileList(values['changed-files']), ...positionals] : undefined;
  if (listedChanges && values['changed-since']) throw new UsageError('use either --changed-since or --changed-files');
  const scanPaths = listedChanges ? [] : positionals;
  const changes = values['changed-since'] ? changedSince(values['changed-since'], io.cwd) : listedChanges ? changedFiles(listedChanges, io.cwd) : undefined;

  // a report or baseline into a folder that does not exist fails now, not after the whole scan
  for (const target of [values.output, values['write-baseline']]) if (target) checkWritable(path.resolve(io.cwd, target));
  // the text and SARIF outputs do not show the inventory: no need to build it unless a diff needs it
  const withInventory = format === 'json' || format === 'html' || values.approved !== undefined || changes !== undefined;
  // read the approval record first: a wrong path fails before a long scan
  const approved = values.approved ? readApproval(path.resolve(io.cwd, values.approved)) : undefined;
  const concurrency = parseConcurrency(values.concurrency);
  const bar = progress(io.stderrIsTty === true, io.stderr);
  let outcome;
  try {
    const cache = values.cache ? { location: values['cache-location'] && path.resolve(io.cwd, values['cache-location']) } : undefined;
    outcome = await scan({ paths: scanPaths, policyFile: values.policy, cwd: io.cwd, inventory: withInventory, concurrency, cache, onNote: (n) => io.stderr(`popdb-guard: note: ${n}\n`), onPhase: (p) => bar.phase(p), ...(io.stderrIsTty === true && { onFiles: (done: number, total: number) => bar.files(done, total) }) });
  } finally {
    bar.done();
  }
  if (!outcome.ok) return policyError(outcome.problems, io);
  const report: ScanReport = outcome.report;
  report.language = lang ?? report.policy.report.language;
  if (approved && values.approved) {
    const since = path.relative(io.cwd, path.resolve(io.cwd, values.approved)) || values.approved;
    report.approvalDiff = diffApproval(approved, outcome.inventory!, report.root, since);
  }
  if (values['write-baseline']) {
    const target = path.resolve(io.cwd, values['write-baseline']);
    writeOrFail(target, () => writeBaseline(target, report.root, report.findings));
  }
  if (values.baseline) {
    const { remaining, accepted, acceptedFindings } = applyBaseline(report.findings, readBaseline(path.resolve(io.cwd, values.baseline)), report.root);
    report.findings = remaining;
    report.baselineSuppressed = accepted;
    report.baselineAccepted = acceptedFindings;
  }
  if (changes) {
    report.findings = filterToChanges(report.findings, report.inventory, changes, report.root);
    report.suppressions = report.suppressions?.filter((s) => changes.added.has(s.finding.file));
  }
  const limit = limitWarnings(report.findings, values.quiet ?? false, maxWarnings);
  report.findings = limit.shown;
  const text =
    format === 'json'
      ? formatJson(report)
      : format === 'sarif'
        ? formatSarif(report)
        : format === 'html'
          ? formatHtml(report)
          : formatText(report, { color: io.isTty && !values.output && !values['no-color'] }) + (report.approvalDiff ? `\n${formatApprovalDiffText(report.root, report.approvalDiff)}` : '');
  const sarifWarning = format === 'sarif' ? sarifLimitWarning(report) : undefined;
  if (sarifWarning) io.stderr(`popdb-guard: warning: ${sarifWarning}\n`);
  if (values.output) {
    const target = path.resolve(io.cwd, values.output);
    writeOrFail(target, () => fs.writeFileSync(target, text));
  } else {
    io.stdout(text);
  }
  if (limit.tooMany) io.stderr(`popdb-guard: too many warnings: ${limit.warnings} (maximum: ${maxWarnings}).\n`);
  return report.findings.some((f) => f.severity === 'error') || limit.tooMany ? EXIT_FINDINGS : EXIT_OK;
}

function init(args: string[], force: boolean, io: Io): number {
  const dir = path.resolve(io.cwd, args[0] ?? '.');
  const target = path.join(dir, 'popdb-policy.yaml');
  if (fs.existsSync(target) && !force) throw new UsageError(`${target} already exists (use --force to overwrite)`);
  fs.writeFileSync(target, starterPolicy());
  io.stdout(`Wrote ${path.relative(io.cwd, target) || target}. Fill in registeredEndpoints and audit.functions, then run popdb-guard.\n`);
  return EXIT_OK;
}
