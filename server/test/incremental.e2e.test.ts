import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, cliFindings, makeWorkspace, uriOf } from './lsp-client';
import { FILES, ROUTE, SERVICE, UNREGISTERED, UNRELATED, WRAPPER, WRAPPER_UNAUDITED, endpoints } from './incremental-project';

// The server keeps every fact an edit does not touch (per-fact invalidation,
// docs/editor.md). After a series of unsaved edits across files, its
// diagnostics must be exactly what a fresh CLI scan reports for the same texts.

const SOURCES = Object.keys(FILES).filter((f) => f.endsWith('.ts'));

const asFindings = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => ({ ruleId: d.code, line: d.range.start.line + 1, column: d.range.start.character + 1, message: d.message, severity: d.severity === DiagnosticSeverity.Error ? 'error' : 'warning' }));

describe('language server over stdio: facts kept across edits', () => {
  it('after edits in several files, every open document has the diagnostics a fresh CLI scan of the same texts gives', async () => {
    const ws = makeWorkspace(FILES);
    const client = await LspClient.start({ workspace: ws, debounceMs: 0 });
    try {
      const texts = new Map<string, string>(SOURCES.map((rel) => [rel, FILES[rel as keyof typeof FILES]]));
      for (const rel of SOURCES) await client.open(path.join(ws, rel));
      const edit = async (rel: string, text: string) => {
        texts.set(rel, text);
        return client.change(path.join(ws, rel), text);
      };
      await edit('src/shared/tra-cuu.ts', WRAPPER_UNAUDITED);
      expect((await edit('src/routes/cong-dan.ts', `${ROUTE}// sửa 1\n`)).map((d) => d.code)).toContain('popdb/require-audit-log');
      expect((await edit('src/services/xac-minh.ts', `${SERVICE}// sửa 2\n`)).map((d) => d.code)).not.toContain('popdb/no-unregistered-endpoint');
      // A and A2 change after B and B2 were last checked: their kept facts must not survive
      await edit('src/config/endpoints.ts', endpoints(UNREGISTERED));
      await edit('src/shared/tra-cuu.ts', WRAPPER);
      await edit('src/routes/ho-gia-dinh.ts', UNRELATED.replace("noiDung: 'HoGiaDinh', ", ''));

      // a watched-file event re-checks every open document, each with the facts kept from before
      const since = client.published.length;
      await client.fileChanged(path.join(ws, 'src/audit/audit.ts'));
      const server = new Map<string, Diagnostic[]>();
      for (const rel of SOURCES) server.set(rel, await client.diagnosticsFor(uriOf(path.join(ws, rel)), { since }));

      const fresh = makeWorkspace({ ...FILES, ...Object.fromEntries(texts) });
      for (const rel of SOURCES) expect(asFindings(server.get(rel)!), rel).toEqual(cliFindings(fresh, path.join(fresh, rel)).map(({ ruleId, line, column, message, severity }) => ({ ruleId, line, column, message, severity })));
      expect(asFindings(server.get('src/routes/cong-dan.ts')!).map((f) => f.ruleId)).not.toContain('popdb/require-audit-log');
      expect(asFindings(server.get('src/services/xac-minh.ts')!).map((f) => f.ruleId)).toContain('popdb/no-unregistered-endpoint');
    } finally {
      await client.shutdown();
    }
  });
});
