import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normalizeSettings, type Settings } from '@popdb-guard/protocol';

/**
 * Settings per document URI, over the defaults, the way vscode-eslint caches
 * them: one `workspace/configuration` round trip per document, the whole
 * cache dropped when settings change and one entry when its document closes.
 * Clients without `workspace/configuration` get the settings they pushed
 * (initializationOptions or didChangeConfiguration) for every document.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private global: Settings = { ...DEFAULT_SETTINGS };

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** Settings pushed by the client (initializationOptions.settings, didChangeConfiguration). */
  setGlobal(value: unknown): void {
    this.global = normalizeSettings(value);
  }

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.global);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (value: unknown) => normalizeSettings(value),
        (error: unknown) => {
          this.log(`cannot read settings for ${uri}: ${String(error)}; using the defaults`);
          return { ...DEFAULT_SETTINGS };
        },
      );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  clear(): void {
    this.byUri.clear();
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}
