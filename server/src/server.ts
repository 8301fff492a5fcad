import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleMetas } from '@popdb-guard/engine';
import { formatPolicyProblem, projectFiles, type Finding, type PolicyProblem, type RuleMeta } from '@popdb-guard/core';
import {
  Commands,
  ReloadRequest,
  StatusNotification,
  type ScanWorkspaceResult,
  type ServerState,
  type Settings,
} from '@popdb-guard/protocol';
import { Checker, isCheckable, isPolicyFile, type CheckResult } from './checker';
import { findingToDiagnostic, policyProblemToDiagnostic } from './diagnostics';
import { hoverFor, localeOf, type Locale } from './hover';
import { codeActionsFor } from './code-actions';
import { SettingsCache } from './settings';
import { scanFolder } from './scan-workspace';

/** Options a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** Delay between the last keystroke and the check, in ms (default 100, docs/editor.md says why). */
  debounceMs?: number;
  /** Settings for clients that do not answer `workspace/configuration`. */
  settings?: Partial<Settings>;
}

const DEFAULT_DEBOUNCE_MS = 100;

/** What the last check of an open document gave: drives hover and the status bar. */
interface DocumentState {
  findings: Finding[];
  state: ServerState;
  message?: string;
}

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

function requireUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'params.textDocument.uri must be a string');
  return uri;
}

/**
 * Wires the popdb-guard checks to an LSP connection. The data flow and the
 * error chain are described in docs/editor.md.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const checker = new Checker();
  const states = new Map<string, DocumentState>();
  const timers = new Map<string, NodeJS.Timeout>();
  const justOpened = new Set<string>();
  /** Policy files we published problems for while they were not open: cleared once the policy is valid. */
  const policyProblemUris = new Set<string>();
  /** Files the workspace scan published diagnostics for (not open): cleared by the next scan. */
  let scanPublished = new Set<string>();
  const metas = new Map<string, RuleMeta>(ruleMetas.map((m) => [m.name, m]));

  let locale: Locale = 'en';
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let workspaceFolders: string[] = [];
  let documentChanges = false;
  let watchedFilesDynamic = false;
  let configurationDynamic = false;
  let settings: SettingsCache;

  const log = (message: string) => connection.console.log(`[${new Date().toISOString()}] ${message}`);
  const logError = (what: string, error: unknown) => connection.console.error(`[${new Date().toISOString()}] ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  /** Every handler runs inside this: an error is logged and answered with `fallback`; bad params get an LSP error. */
  function guarded<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        logError(name, error);
        return fallback;
      }
    };
  }

  function rootFor(file: string): string {
    const folder = workspaceFolders.filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return folder ?? path.dirname(file);
  }

  function policyFileSetting(s: Settings, root: string): string | undefined {
    return s.policyPath ? path.resolve(root, s.policyPath) : undefined;
  }

  // ------------------------------------------------------------ status

  function sendStatus(uri?: string): void {
    let errors = 0;
    let warnings = 0;
    let worst: ServerState = 'ok';
    let message: string | undefined;
    const rank: Record<ServerState, number> = { disabled: 0, ok: 1, findings: 2, error: 3, policyError: 4 };
    for (const s of states.values()) {
      for (const f of s.findings) f.severity === 'error' ? errors++ : warnings++;
      if (rank[s.state] > rank[worst]) {
        worst = s.state;
        message = s.message;
      }
    }
    if (worst === 'ok' && states.size > 0 && [...states.values()].every((s) => s.state === 'disabled')) worst = 'disabled';
    void connection.sendNotification(StatusNotification.type, { state: worst, uri, errors, warnings, message }).catch((e: unknown) => logError('status notification', e));
  }

  // ------------------------------------------------------------ the error chain

  /**
   * Like vscode-eslint's chain (no config → config error → missing module →
   * show message): each handler may claim the error; all of them end in a
   * log line, a status notification and an empty result, so a document never
   * keeps diagnostics from before the error.
   */
  type ErrorHandler = (uri: string, error: unknown) => DocumentState | undefined;
  const errorChain: ErrorHandler[] = [
    (uri, error) => {
      const e = error as { messageTemplate?: string; message?: string };
      if (e?.messageTemplate === 'plugin-missing' || /Cannot find module/.test(String(e?.message))) {
        logError(`a module popdb-guard needs is missing while checking ${uri}`, error);
        return { findings: [], state: 'error', message: 'popdb-guard: a required module is missing; see the output channel' };
      }
      return undefined;
    },
    (uri, error) => {
      logError(`checking ${uri} failed`, error);
      return { findings: [], state: 'error', message: `popdb-guard could not check ${path.basename(uriToPath(uri) ?? uri)}; see the output channel` };
    },
  ];

  function publishPolicyProblems(problems: PolicyProblem[], policyFile: string): void {
    const uri = pathToFileURL(policyFile).toString();
    if (documents.get(uri)) return; // the open policy document reports its own (buffer) problems
    policyProblemUris.add(uri);
    void connection.sendDiagnostics({ uri, diagnostics: problems.map((p) => policyProblemToDiagnostic(p, projectFiles.read(policyFile))) });
  }

  function clearPolicyProblems(): void {
    for (const uri of policyProblemUris) if (!documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    policyProblemUris.clear();
  }

  // ------------------------------------------------------------ validation

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const file = uriToPath(uri);
    if (!file || !(isCheckable(file) || isPolicyFile(file))) return;
    const s = await settings.get(uri);
    let state: DocumentState;
    let diagnostics: Diagnostic[] = [];
    if (!s.enable) {
      state = { findings: [], state: 'disabled' };
    } else {
      const root = rootFor(file);
      let result: CheckResult | undefined;
      try {
        result = await checker.check({ file, text: document.getText(), policyFile: policyFileSetting(s, root), root });
      } catch (error) {
        state = errorChain.reduce<DocumentState | undefined>((claimed, handler) => claimed ?? handler(uri, error), undefined)!;
      }
      // A newer version is on its way: its own check publishes; never publish stale results over it.
      if (documents.get(uri)?.version !== version) return;
      if (result) {
        switch (result.kind) {
          case 'findings':
            clearPolicyProblems();
            diagnostics = result.findings.map((f) => findingToDiagnostic(f, s.severityOverride));
            state = { findings: result.findings, state: result.findings.length ? 'findings' : 'ok' };
            break;
          case 'policyDocument':
            diagnostics = [...result.policyProblems.map((p) => policyProblemToDiagnostic(p, document.getText())), ...result.findings.map((f) => findingToDiagnostic(f, s.severityOverride))];
            state = result.policyProblems.length
              ? { findings: result.findings, state: 'policyError', message: formatPolicyProblem(result.policyProblems[0]) }
              : { findings: result.findings, state: result.findings.length ? 'findings' : 'ok' };
            break;
          case 'policyError':
            publishPolicyProblems(result.problems, result.policyFile);
            log(`invalid policy, ${uri} not checked:\n${result.problems.map(formatPolicyProblem).join('\n')}`);
            state = { findings: [], state: 'policyError', message: formatPolicyProblem(result.problems[0]) };
            break;
          case 'notScannable':
            state = { findings: [], state: 'ok' };
            break;
        }
      }
    }
    states.set(uri, state!);
    await connection.sendDiagnostics({ uri, version, diagnostics });
    sendStatus(uri);
  }

  function schedule(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        validate(uri).catch((error: unknown) => logError(`validate ${uri}`, error));
      }, delay),
    );
  }

  async function revalidateAll(reason: string): Promise<void> {
    log(`re-checking ${documents.all().length} open document(s): ${reason}`);
    const results = await Promise.allSettled(documents.all().map((d) => validate(d.uri)));
    results.forEach((r) => r.status === 'rejected' && logError('re-check', r.reason));
  }

  /**
   * Re-check every open document once things settle: a branch switch or a
   * formatter run sends many watched-file events; they share one re-check.
   */
  let revalidateTimer: NodeJS.Timeout | undefined;
  function revalidateSoon(reason: string): void {
    clearTimeout(revalidateTimer);
    revalidateTimer = setTimeout(() => {
      revalidateTimer = undefined;
      revalidateAll(reason).catch((error: unknown) => logError('re-check', error));
    }, debounceMs);
  }

  // ------------------------------------------------------------ lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    locale = localeOf(params.locale);
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
    const rootFromUri = params.rootUri ? uriToPath(params.rootUri) : undefined;
    workspaceFolders = folders.length ? folders : rootFromUri ? [rootFromUri] : [];
    const caps = params.capabilities;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges && !!caps.workspace.workspaceEdit.resourceOperations?.includes('create');
    settings = new SettingsCache(connection, !!caps.workspace?.configuration, log);
    if (options.settings) settings.setGlobal(options.settings);
    watchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    configurationDynamic = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [Commands.scanWorkspace] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'popdb-guard', version: require('../package.json').version as string },
    };
  });

  connection.onInitialized(() => {
    log(`popdb-guard server started; ${metas.size} rule(s); locale ${locale}; folders: ${workspaceFolders.join(', ') || '(none)'}`);
    if (configurationDynamic) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'popdbGuard' }).catch((e: unknown) => logError('register configuration', e));
    if (watchedFilesDynamic) {
      // The files whose content changes findings elsewhere: sources (wrappers,
      // constants imported across files), config files, and the policy.
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete },
            { globPattern: '**/{.env,.env.*,*.env,*.json,*.yaml,*.yml}', kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete },
          ],
        })
        .catch((e: unknown) => logError('register file watchers', e));
    }
    connection.workspace.onDidChangeWorkspaceFolders(
      guarded('workspace folders', undefined, (e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p)];
        void revalidateAll('workspace folders changed');
      }),
    );
  });

  // ------------------------------------------------------------ documents

  documents.onDidOpen(
    guarded('didOpen', undefined, (e) => {
      justOpened.add(e.document.uri);
    }),
  );

  documents.onDidChangeContent(
    guarded('didChange', undefined, (e) => {
      const { uri } = e.document;
      const file = uriToPath(uri);
      if (file) projectFiles.setOverlay(file, e.document.getText());
      // Check a newly opened file at once; debounce typing.
      schedule(uri, justOpened.delete(uri) ? 0 : debounceMs);
    }),
  );

  documents.onDidSave(
    guarded('didSave', undefined, (e) => {
      const file = uriToPath(e.document.uri);
      // Clients without file watchers still tell us the policy was saved.
      if (file && isPolicyFile(file) && !watchedFilesDynamic) {
        projectFiles.invalidate(file);
        checker.clear();
        void revalidateAll('policy saved');
      }
    }),
  );

  documents.onDidClose(
    guarded('didClose', undefined, (e) => {
      const { uri } = e.document;
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      justOpened.delete(uri);
      settings.delete(uri);
      states.delete(uri);
      const file = uriToPath(uri);
      if (file) projectFiles.removeOverlay(file);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      sendStatus();
    }),
  );

  connection.onDidChangeConfiguration(
    guarded('didChangeConfiguration', undefined, (params) => {
      settings.clear();
      const pushed = (params?.settings as { popdbGuard?: unknown } | undefined)?.popdbGuard;
      if (pushed !== undefined) settings.setGlobal(pushed);
      checker.clear();
      void revalidateAll('settings changed');
    }),
  );

  connection.onDidChangeWatchedFiles(
    guarded('didChangeWatchedFiles', undefined, (params) => {
      let policyChanged = false;
      for (const change of params.changes ?? []) {
        const file = uriToPath(change.uri);
        if (!file) continue;
        projectFiles.invalidate(file);
        if (isPolicyFile(file)) policyChanged = true;
        if (change.type === FileChangeType.Deleted && scanPublished.has(change.uri) && !documents.get(change.uri)) {
          scanPublished.delete(change.uri);
          void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        }
      }
      if (policyChanged) checker.clear();
      revalidateSoon(policyChanged ? 'policy changed' : 'files changed on disk');
    }),
  );

  // ------------------------------------------------------------ features

  connection.onHover(
    guarded<Parameters<Parameters<Connection['onHover']>[0]>[0], Hover | null>('hover', null, (params) => {
      const uri = requireUri(params);
      if (!params.position || typeof params.position.line !== 'number') throw new ResponseError(ErrorCodes.InvalidParams, 'params.position is required');
      const state = states.get(uri);
      return state ? hoverFor(state.findings, params.position, metas, locale) : null;
    }),
  );

  connection.onCodeAction(
    guarded<Parameters<Parameters<Connection['onCodeAction']>[0]>[0], CodeAction[]>('codeAction', [], async (params) => {
      const uri = requireUri(params);
      if (!Array.isArray(params.context?.diagnostics)) throw new ResponseError(ErrorCodes.InvalidParams, 'params.context.diagnostics must be an array');
      const document = documents.get(uri);
      const file = uriToPath(uri);
      if (!document || !file) return [];
      const s = await settings.get(uri);
      const root = rootFor(file);
      const policyResult = checker.policyFor(file, policyFileSetting(s, root));
      return codeActionsFor(
        { document, file, policy: policyResult.ok ? policyResult.policy : undefined, root, documentChanges, versionOf: (u) => documents.get(u)?.version ?? null },
        params.context.diagnostics,
      );
    }),
  );

  connection.onExecuteCommand(
    guarded<Parameters<Parameters<Connection['onExecuteCommand']>[0]>[0], ScanWorkspaceResult | null>('executeCommand', null, async (params) => {
      if (params?.command !== Commands.scanWorkspace) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${String(params?.command)}`);
      return scanWorkspace();
    }),
  );

  connection.onRequest(
    ReloadRequest.type,
    guarded('reload', undefined, async () => {
      checker.clear();
      settings.clear();
      projectFiles.invalidateAll();
      await revalidateAll('reload requested');
    }),
  );

  async function scanWorkspace(): Promise<ScanWorkspaceResult> {
    const started = Date.now();
    const result: ScanWorkspaceResult = { folders: [], files: 0, errors: 0, warnings: 0, durationMs: 0 };
    const published = new Set<string>();
    const openText = (file: string) => documents.get(pathToFileURL(file).toString())?.getText();
    for (const folder of workspaceFolders) {
      const folderUri = pathToFileURL(folder).toString();
      const s = await settings.get(folderUri);
      if (!s.enable) continue;
      const scan = await scanFolder(checker, folder, policyFileSetting(s, folder), openText, log);
      const summary = { uri: folderUri, filesScanned: scan.files.length, errors: 0, warnings: 0, policyProblems: scan.policyProblems.length };
      if (scan.policyProblems.length) {
        publishPolicyProblems(scan.policyProblems, scan.policyProblems[0].file);
        log(`workspace scan of ${folder} stopped, invalid policy:\n${scan.policyProblems.map(formatPolicyProblem).join('\n')}`);
      }
      for (const [file, findings] of scan.findings) {
        const uri = pathToFileURL(file).toString();
        for (const f of findings) f.severity === 'error' ? summary.errors++ : summary.warnings++;
        const open = documents.get(uri);
        if (open) {
          states.set(uri, { findings, state: findings.length ? 'findings' : 'ok' });
          await connection.sendDiagnostics({ uri, version: open.version, diagnostics: findings.map((f) => findingToDiagnostic(f, s.severityOverride)) });
        } else {
          published.add(uri);
          await connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => findingToDiagnostic(f, s.severityOverride)) });
        }
      }
      result.folders.push(summary);
      result.files += summary.filesScanned;
      result.errors += summary.errors;
      result.warnings += summary.warnings;
    }
    // Files that had findings in the previous scan and have none now.
    for (const uri of scanPublished) if (!published.has(uri) && !documents.get(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    scanPublished = published;
    result.durationMs = Date.now() - started;
    log(`workspace scan: ${result.files} file(s), ${result.errors} error(s), ${result.warnings} warning(s) in ${result.durationMs} ms`);
    sendStatus();
    return result;
  }

  connection.onShutdown(() => {
    clearTimeout(revalidateTimer);
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
}
