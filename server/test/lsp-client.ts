import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  createProtocolConnection,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { StatusNotification, type Settings, type StatusParams } from '@popdb-guard/protocol';

/** The BUILT server (or, with POPDB_GUARD_SERVER, another build such as the extension's bundle), started the way an editor starts it. */
export const SERVER_BIN = process.env.POPDB_GUARD_SERVER ? path.resolve(process.env.POPDB_GUARD_SERVER) : path.resolve(__dirname, '../bin/popdb-guard-server.js');

export const uriOf = (file: string) => pathToFileURL(file).toString();

export const CLI_BIN = path.resolve(__dirname, '../../packages/cli/bin/popdb-guard.js');

/** The policy of the tests' workspaces: one registered gateway, the client's calls, the audit function and its required fields. */
export const DONG_THAP_POLICY = `version: 1
system:
  name: "Hệ thống thông tin giải quyết TTHC tỉnh Đồng Tháp"
  purposes: ["tiep-nhan-ho-so"]
populationDb:
  registeredEndpoints: ["https://lgsp.dongthap.gov.vn/dancu/v1/"]
  clientCalls: ["dancuClient.*"]
audit:
  functions: ["auditLog"]
  decorators: ["Audited"]
  requiredFields: ["taiKhoan", "thoiGian", "noiDung", "diaChiIp"]
queries:
  limiters: ["limiter.schedule"]
`;

/** The CLI's findings for one file of a workspace (`--format json`), to compare with the server's. */
export function cliFindings(workspace: string, file: string) {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI_BIN, path.relative(workspace, file), '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { findings: { ruleId: string; severity: string; line: number; column: number; endLine?: number; endColumn?: number; message: string }[] }).findings;
}

const workspaces: string[] = [];
// Registered on the importing test file's root suite: runs after all of its tests.
afterAll(() => {
  for (const dir of workspaces.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp workspace with the given files (relative path → text), removed after the test file. */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-lsp-')));
  workspaces.push(dir);
  for (const [rel, text] of Object.entries(files)) writeFile(dir, rel, text);
  return dir;
}

export function writeFile(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export interface StartOptions {
  workspace: string;
  /** Server script to run; default SERVER_BIN. */
  server?: string;
  locale?: string;
  settings?: Partial<Settings>;
  debounceMs?: number;
  /** Answer workspace/configuration (like VS Code) or not (settings via initializationOptions). */
  configuration?: boolean;
}

/**
 * A minimal editor: drives the server over stdio with the real LSP messages
 * and records what it publishes.
 */
export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  settings: Partial<Settings>;
  private readonly versions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  exitCode: number | null | undefined;
  initializeResult!: InitializeResult;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly workspace: string,
    settings: Partial<Settings>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [options.server ?? SERVER_BIN, '--stdio'], { cwd: options.workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.workspace, options.settings ?? {});
    child.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    child.on('exit', (code) => {
      client.exitCode = code;
      client.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.published.push(p);
      client.notify();
    });
    connection.onNotification(StatusNotification.type, (p) => {
      client.statuses.push(p);
      client.notify();
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      client.logs.push(p.message);
      client.notify();
    });
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({ ...client.settings })));
    connection.onRequest(RegistrationRequest.type, () => null);
    connection.listen();
    const configuration = options.configuration ?? true;
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(options.workspace),
      workspaceFolders: [{ uri: uriOf(options.workspace), name: path.basename(options.workspace) }],
      locale: options.locale ?? 'en',
      initializationOptions: { debounceMs: options.debounceMs ?? 20, ...(configuration ? {} : { settings: options.settings ?? {} }) },
      capabilities: {
        workspace: {
          configuration,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolve when `check()` returns a value; reject after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (e) {
          cleanup();
          reject(e as Error);
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (this.exitCode !== undefined) {
          cleanup();
          reject(new Error(`server exited (${this.exitCode}) while waiting for ${what}; stderr: ${this.stderr.join('')}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; logs:\n${this.logs.slice(-10).join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** The diagnostics published for `uri` after the `since`-th publication (default: any time). */
  diagnosticsFor(uri: string, options: { since?: number; version?: number; match?: (d: Diagnostic[]) => boolean } = {}): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri}${options.version !== undefined ? ` v${options.version}` : ''}`, () => {
      const hit = this.published
        .slice(options.since ?? 0)
        .findLast((p) => p.uri === uri && (options.version === undefined || p.version === options.version) && (!options.match || options.match(p.diagnostics)));
      return hit?.diagnostics;
    });
  }

  /** Open a document and wait for its first diagnostics. */
  async open(file: string, text?: string, languageId = languageOf(file)): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const since = this.published.length;
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: text ?? fs.readFileSync(file, 'utf8') } });
    return this.diagnosticsFor(uri, { since, version: 1 });
  }

  /** Replace the whole text of an open document and wait for the diagnostics of that version. */
  async change(file: string, text: string): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const since = this.published.length;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.diagnosticsFor(uri, { since, version });
  }

  async close(file: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  async fileChanged(file: string, type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(file), type }] });
  }

  async configurationChanged(settings: Partial<Settings>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { popdbGuard: settings } });
  }

  hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(file) }, position: { line, character } });
  }

  async codeActions(file: string, diagnostics: Diagnostic[], range: Range = diagnostics[0].range): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(file) }, range, context: { diagnostics } });
    return (result ?? []) as CodeAction[];
  }

  executeCommand<T>(command: string, args: unknown[] = []): Promise<T> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
  }

  async shutdown(): Promise<number | null> {
    if (this.exitCode === undefined) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
        await this.waitFor('server exit', () => (this.exitCode !== undefined ? true : undefined), 10_000);
      } catch {
        this.process.kill();
      }
    }
    this.connection.dispose();
    return this.exitCode ?? null;
  }
}

export function languageOf(file: string): string {
  const base = path.basename(file);
  if (/\.(ts|mts|cts)$/.test(base)) return 'typescript';
  if (base.endsWith('.tsx')) return 'typescriptreact';
  if (base.endsWith('.jsx')) return 'javascriptreact';
  if (/\.(js|mjs|cjs)$/.test(base)) return 'javascript';
  if (base.endsWith('.json')) return 'json';
  if (/\.ya?ml$/.test(base)) return 'yaml';
  if (base.startsWith('.env') || base.endsWith('.env')) return 'dotenv';
  return 'plaintext';
}

/**
 * Apply a WorkspaceEdit the way an editor does: to `texts` (uri → text; a
 * missing entry is read from disk, or empty for a file the edit creates).
 */
export function applyWorkspaceEdit(edit: WorkspaceEdit, texts: Map<string, string> = new Map()): Map<string, string> {
  const read = (uri: string) => texts.get(uri) ?? (fs.existsSync(new URL(uri)) ? fs.readFileSync(new URL(uri), 'utf8') : '');
  const apply = (uri: string, edits: readonly TextEdit[]) => {
    let text = read(uri);
    const offsets = (r: Range) => [r.start, r.end].map((p) => {
      const lines = text.split('\n');
      return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    });
    const sorted = [...edits].sort((a, b) => offsets(b.range)[0] - offsets(a.range)[0]);
    for (const e of sorted) {
      const [s, en] = offsets(e.range);
      text = text.slice(0, s) + e.newText + text.slice(en);
    }
    texts.set(uri, text);
  };
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create' && !texts.has(change.uri)) texts.set(change.uri, read(change.uri));
      continue;
    }
    apply(change.textDocument.uri, change.edits as TextEdit[]);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) apply(uri, edits);
  return texts;
}
