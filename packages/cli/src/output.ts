import * as fs from 'node:fs';
import * as path from 'node:path';
import { LANGUAGES, RULE_PREFIX, type Finding, type Language } from '@popdb-guard/core';
import { ruleMetas } from '@popdb-guard/engine';
import { UsageError } from './errors';

/** `--lang`: checked here; absent means the policy's `report.language` (default `both`). */
export function parseLanguage(value: string | undefined): Language | undefined {
  if (value === undefined) return undefined;
  if (!(LANGUAGES as readonly string[]).includes(value)) throw new UsageError(`unknown --lang "${value}" (expected ${LANGUAGES.join(', ')})`);
  return value as Language;
}

/** `--max-warnings N`: a non-negative integer, as in ESLint. */
export function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${value}"`);
  return Number(value);
}

export interface WarningLimit {
  /** Findings to show: `--quiet` leaves only the errors. */
  shown: Finding[];
  warnings: number;
  /** More warnings than `--max-warnings` allows. */
  tooMany: boolean;
}

/**
 * ESLint's `--quiet` and `--max-warnings`: quiet reports errors only; the
 * warning limit counts every warning, shown or not (as ESLint does when both
 * are given), and exceeding it fails the run with exit code 1.
 */
export function limitWarnings(findings: readonly Finding[], quiet: boolean, maxWarnings: number | undefined): WarningLimit {
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return {
    shown: quiet ? findings.filter((f) => f.severity === 'error') : [...findings],
    warnings,
    tooMany: maxWarnings !== undefined && warnings > maxWarnings,
  };
}

/** The folder of the rules package, where each rule's README ships. */
function rulesPackageDir(): string {
  return path.dirname(require.resolve('@popdb-guard/rules/package.json'));
}

/**
 * The part of a rule README in one language: the README's sections are
 * `## Tiếng Việt`, `## English`, then shared ones (examples, policy keys,
 * legal references). `vi` drops the English section, `en` the Vietnamese one.
 */
export function readmeIn(markdown: string, language: Language): string {
  if (language === 'both') return markdown;
  const drop = language === 'vi' ? /^## English\s*$/ : /^## Tiếng Việt\s*$/;
  const out: string[] = [];
  let skipping = false;
  for (const line of markdown.split('\n')) {
    if (/^## /.test(line)) skipping = drop.test(line);
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}

/** `popdb-guard explain <rule>`: the rule's docs from the installed package, offline, like `rustc --explain`. */
export function explain(args: readonly string[], language: Language, stdout: (s: string) => void): number {
  const names = ruleMetas.map((m) => m.name);
  if (args.length !== 1) throw new UsageError(`explain takes one rule, e.g. "popdb-guard explain require-audit-log" (rules: ${names.join(', ')})`);
  const name = args[0].startsWith(RULE_PREFIX) ? args[0].slice(RULE_PREFIX.length) : args[0];
  if (!names.includes(name)) throw new UsageError(`no rule "${args[0]}" (rules: ${names.join(', ')})`);
  const file = path.join(rulesPackageDir(), name, 'README.md');
  stdout(`${readmeIn(fs.readFileSync(file, 'utf8'), language).replace(/\n*$/, '\n')}`);
  return 0;
}

/** Delay before a progress line appears: quick scans print none. */
const PROGRESS_DELAY_MS = 1000;
const PROGRESS_TICK_MS = 250;

export interface Progress {
  phase(text: string): void;
  /** Files done of the total in the current phase; the next phase clears the count. */
  files(done: number, total: number): void;
  done(): void;
}

const SILENT: Progress = { phase: () => undefined, files: () => undefined, done: () => undefined };

/**
 * A one-line progress indicator on stderr, only when stderr is a terminal:
 * the current phase, files done / total while the rules run, and the time
 * taken, rewritten in place, and erased when the scan ends. Never written to
 * a pipe or a file (CI logs, `--format json | jq`), as ESLint writes nothing
 * there either; nothing at all for a scan under a second.
 */
export function progress(enabled: boolean, write: (s: string) => void, now: () => number = Date.now): Progress {
  if (!enabled) return SILENT;
  const started = now();
  let current = '';
  let count = '';
  let shown = false;
  const draw = () => {
    const elapsed = now() - started;
    if (elapsed < PROGRESS_DELAY_MS) return;
    shown = true;
    write(`\r\u001b[2Kpopdb-guard: ${current}${count} · ${Math.floor(elapsed / 1000)}s`);
  };
  const timer = setInterval(draw, PROGRESS_TICK_MS);
  timer.unref();
  return {
    phase(text) {
      current = text;
      count = '';
      draw();
    },
    files(done, total) {
      count = ` · ${done}/${total}`;
      draw();
    },
    done() {
      clearInterval(timer);
      if (shown) write('\r\u001b[2K');
    },
  };
}

/**
 * An output file's folder must exist (it is not created: a typo in a CI path
 * should fail, not scatter reports), checked before scanning.
 */
export function checkWritable(file: string): void {
  const dir = path.dirname(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`cannot write ${file}: the folder ${dir} does not exist (popdb-guard does not create it)`);
  }
  if (!stat.isDirectory()) throw new UsageError(`cannot write ${file}: ${dir} is not a folder`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder`);
}

/** Write, turning a file-system error into a usage error (exit 2, one line, no stack trace). */
export function writeOrFail(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
