#!/usr/bin/env node
'use strict';
const { main } = require('../dist/index.js');

process.on('uncaughtException', (error) => {
  process.stderr.write(`popdb-guard: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(2);
});

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code;
});
