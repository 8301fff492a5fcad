import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/**
 * Everything the popdb-guard language server and its clients (the VS Code
 * extension, tests, other editors) agree on beyond the LSP itself, in one
 * module, the way vscode-eslint keeps `$shared/customMessages.ts` and
 * `$shared/settings.ts`: custom messages as `{ method, type }` pairs, the
 * settings shape and its defaults, and the command ids.
 */

// ---------------------------------------------------------------- settings

/** How findings are shown; `policy` keeps the severity the policy (and the CLI) gives. */
export type SeverityOverride = 'policy' | 'error' | 'warning' | 'information' | 'hint';

/** The `popdbGuard.*` settings, per resource (workspace folder or file). */
export interface Settings {
  enable: boolean;
  /** Policy file, absolute or relative to the workspace folder; empty: discover it like the CLI does. */
  policyPath: string;
  severityOverride: SeverityOverride;
}

export const SETTINGS_SECTION = 'popdbGuard';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ enable: true, policyPath: '', severityOverride: 'policy' });

/** Fill in defaults for whatever a client sent (a partial object, null, or junk). */
export function normalizeSettings(value: unknown): Settings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof Settings, unknown>>;
  const overrides: readonly SeverityOverride[] = ['policy', 'error', 'warning', 'information', 'hint'];
  return {
    enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.enable,
    policyPath: typeof v.policyPath === 'string' ? v.policyPath : DEFAULT_SETTINGS.policyPath,
    severityOverride: overrides.includes(v.severityOverride as SeverityOverride) ? (v.severityOverride as SeverityOverride) : DEFAULT_SETTINGS.severityOverride,
  };
}

// ---------------------------------------------------------------- commands

export const Commands = {
  /** Lint every scannable file of the workspace and publish the results. Returns a `ScanWorkspaceResult`. */
  scanWorkspace: 'popdb-guard.scanWorkspace',
  /** Client-side only: reveal the output channel. */
  showOutput: 'popdb-guard.showOutput',
} as const;

export interface ScanWorkspaceResult {
  /** One entry per workspace folder scanned. */
  folders: { uri: string; filesScanned: number; errors: number; warnings: number; policyProblems: number }[];
  files: number;
  errors: number;
  warnings: number;
  durationMs: number;
}

// ---------------------------------------------------------------- status

export type ServerState = 'ok' | 'findings' | 'policyError' | 'error' | 'disabled';

export interface StatusParams {
  state: ServerState;
  /** The document the status is about, if any. */
  uri?: string;
  /** Open documents' findings, by severity. */
  errors: number;
  warnings: number;
  /** A short human-readable line (policy file and key for a policy error). */
  message?: string;
}

/** Server → client after each check: drives the status bar item. */
export const StatusNotification = {
  method: 'popdbGuard/status',
  type: new NotificationType<StatusParams>('popdbGuard/status'),
} as const;

/** Client → server: forget every cached result and policy, re-check open documents. */
export const ReloadRequest = {
  method: 'popdbGuard/reload',
  type: new RequestType0<void, void>('popdbGuard/reload'),
} as const;

// ---------------------------------------------------------------- code actions

/** Placeholder left in a suppression comment: a reviewer must see why the finding was accepted. */
export const SUPPRESSION_REASON_PLACEHOLDER = 'TODO: lý do / reason';

/** The `data` the server puts on each diagnostic, so code actions know the finding without re-linting. */
export interface DiagnosticData {
  ruleId: string;
  messageId?: string;
}
