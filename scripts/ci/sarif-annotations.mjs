#!/usr/bin/env node
// Prints a popdb-guard SARIF log as GitHub workflow annotations (`::error file=…,line=…::message`),
// one per result that is not suppressed, and a count. Used by action.yml after the scan.
import * as fs from 'node:fs';

const file = process.argv[2];
const log = JSON.parse(fs.readFileSync(file, 'utf8'));
// Workflow-command escaping (properties and data differ: properties also escape ':' and ',').
const data = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
let errors = 0;
let warnings = 0;
for (const run of log.runs ?? []) {
  for (const result of run.results ?? []) {
    if (result.suppressions?.length) continue;
    const loc = result.locations?.[0]?.physicalLocation;
    const level = result.level === 'error' ? 'error' : 'warning';
    if (level === 'error') errors++;
    else warnings++;
    const where = loc ? `file=${prop(loc.artifactLocation.uri)},line=${loc.region?.startLine ?? 1},col=${loc.region?.startColumn ?? 1},` : '';
    process.stdout.write(`::${level} ${where}title=${prop(result.ruleId)}::${data(result.message.text)}\n`);
  }
  for (const note of run.invocations?.[0]?.toolExecutionNotifications ?? []) process.stdout.write(`::warning::${data(note.message.text)}\n`);
}
process.stdout.write(`popdb-guard: ${errors} error(s), ${warnings} warning(s) in ${file}\n`);
