import { ProposedFeatures, StreamMessageReader, StreamMessageWriter, createConnection } from 'vscode-languageserver/node';
import { dependencyRecorder, setRetainedIndexes } from '@popdb-guard/core';
import { startServer } from './server';

// An editor re-checks on every keystroke: keep every file's index (and its call edges) between them.
setRetainedIndexes(Infinity);
// Every cached fact keeps what it was derived from, so a keystroke drops only the facts that read the edited file (docs/editor.md).
dependencyRecorder.recordAlways(true);

/**
 * The server process. The transport comes from the command line
 * (`--stdio`, `--node-ipc`, `--socket=N`), as vscode-languageclient passes it.
 *
 * Over stdio, a stream that breaks (a malformed `Content-Length`, a header
 * without one) leaves the reader unable to find the next message: the
 * server would stay alive and never answer again, and the client would never
 * restart it. A reader error ends the process instead (exit code 1), so the
 * client sees the crash and restarts the server. A well-framed message whose
 * body is not JSON is only that message's problem: the server goes on.
 */
/** vscode-jsonrpc's errors for a stream it can no longer frame (as opposed to one message it cannot decode). */
const FRAMING_ERROR = /Content-Length|Message header must|Cannot read so many bytes/;

function stdioConnection() {
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((error) => {
    // a body that is not JSON is one bad message in a well-framed stream: the server answers the next one
    if (!FRAMING_ERROR.test(error.message)) return;
    process.stderr.write(`popdb-guard server: the message stream from the client is broken (${error.message}); exiting so the client restarts the server\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, writer);
}

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

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
