import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, StatusNotification, type ScanWorkspaceResult, type StatusParams } from '@popdb-guard/protocol';

/**
 * The extension only starts the server and shows what it reports: every
 * check runs in the server, with the same engine and policy as the CLI.
 */

let client: LanguageClient | undefined;

/** The languages and files popdb-guard checks (SPEC §3): JS/TS sources and the config files secrets and endpoints live in. */
const DOCUMENT_SELECTOR: LanguageClientOptions['documentSelector'] = [
  ...['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'json', 'jsonc', 'yaml', 'dotenv'].map((language) => ({ scheme: 'file', language })),
  // `.env` files have no language in a plain VS Code: match them by name.
  { scheme: 'file', pattern: '**/{.env,.env.*,*.env}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('popdb-guard', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // A larger young generation: the analysis allocates many short-lived objects per keystroke,
    // and this cut the p95 of didChange → diagnostics on a 2,000-file workspace (docs/editor.md).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--max-semi-space-size=32'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };

  const status = vscode.window.createStatusBarItem('popdbGuard.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'popdb-guard';
  status.command = Commands.showOutput;
  showStatus(status, { state: 'ok', errors: 0, warnings: 0, message: 'popdb-guard: đang khởi động — starting' });
  status.show();

  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // No `synchronize`: the server asks for `popdbGuard.*` per document (workspace/configuration) and
    // registers for configuration changes and file events itself (dynamic registration).
    initializationOptions: {},
    middleware: {
      // The server's `popdb-guard.scanWorkspace` command (registered by the client from the server's
      // executeCommandProvider): show its outcome.
      executeCommand: async (command, args, next) => {
        const result = (await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'popdb-guard: đang quét — scanning workspace' },
          () => next(command, args),
        )) as ScanWorkspaceResult | null;
        if (command === Commands.scanWorkspace && result) {
          const problems = result.folders.reduce((n, f) => n + f.policyProblems, 0);
          const text = problems
            ? `popdb-guard: tệp chính sách không hợp lệ — the policy file is invalid (${problems} problem(s)); see Problems`
            : `popdb-guard: ${result.files} tệp, ${result.errors} lỗi, ${result.warnings} cảnh báo — ${result.files} files, ${result.errors} errors, ${result.warnings} warnings (${result.durationMs} ms)`;
          void (problems || result.errors ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
        }
        return result;
      },
    },
  };

  client = new LanguageClient('popdbGuard', 'popdb-guard', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    // By method name: the client bundles its own copy of vscode-jsonrpc, whose types differ from the protocol package's.
    client.onNotification(StatusNotification.method, (params: StatusParams) => showStatus(status, params)),
  );
  try {
    await client.start();
  } catch (error) {
    // As vscode-eslint does: a server that cannot start is explained in the output channel.
    output.appendLine(`popdb-guard server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    output.show(true);
    showStatus(status, { state: 'error', errors: 0, warnings: 0, message: 'popdb-guard: máy chủ không khởi động được — the server did not start' });
  }
}

function showStatus(item: vscode.StatusBarItem, s: StatusParams): void {
  const icon = { ok: '$(check)', findings: s.errors ? '$(error)' : '$(warning)', policyError: '$(error)', error: '$(alert)', disabled: '$(circle-slash)' }[s.state];
  const counts = s.state === 'findings' ? ` ${s.errors}✗ ${s.warnings}⚠` : '';
  const label = s.state === 'policyError' ? ' chính sách lỗi / policy error' : s.state === 'disabled' ? ' tắt / off' : s.state === 'error' ? ' lỗi / error' : '';
  item.text = `${icon} popdb-guard${counts}${label}`;
  item.tooltip = s.message ?? `popdb-guard: ${s.errors} lỗi / errors, ${s.warnings} cảnh báo / warnings`;
  item.backgroundColor = s.state === 'policyError' || s.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
