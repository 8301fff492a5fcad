import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { setRetainedIndexes } from '@popdb-guard/core';
import { startServer } from './server';

// An editor re-checks on every keystroke: keep every file's index (and its call edges) between them.
setRetainedIndexes(Infinity);

/**
 * The server process. The transport comes from the command line
 * (`--stdio`, `--node-ipc`, `--socket=N`), as vscode-languageclient passes it.
 */
const connection = createConnection(ProposedFeatures.all);

// A bug in a rule or in the engine must not take the editor's checks down
// with it: log it where the user can see it (the output channel) and go on.
process.on('uncaughtException', (error) => {
  const text = `popdb-guard server: uncaught exception: ${error?.stack ?? String(error)}`;
  try {
    connection.console.error(text);
  } catch {
    process.stderr.write(`${text}\n`);
  }
});
process.on('unhandledRejection', (reason) => {
  const text = `popdb-guard server: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`;
  try {
    connection.console.error(text);
  } catch {
    process.stderr.write(`${text}\n`);
  }
});

startServer(connection);
connection.listen();
