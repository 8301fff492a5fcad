import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, applyWorkspaceEdit, uriOf } from './lsp-client';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'packages/cli/bin/popdb-guard.js');
const FIXED_RULES = new Set(['popdb/require-access-control', 'popdb/no-hardcoded-credentials', 'popdb/no-default-credentials', 'popdb/require-audit-log', 'popdb/no-unbounded-query-loop']);

function copy(from: string, tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `popdb-parity-${tag}-`));
  fs.cpSync(from, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  return dir;
}

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(path.relative(dir, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

/**
 * Fix a project through the editor: open each source file, take the
 * preferred quick fix of a diagnostic of a fixed rule, apply its edit (the
 * open document through didChange, other files on disk with a watched-file
 * event, as VS Code does), and repeat on the new diagnostics until none has
 * a fix. Returns how many quick fixes were applied per rule.
 */
async function fixThroughEditor(client: LspClient, dir: string, sources: string[]): Promise<Record<string, number>> {
  const applied: Record<string, number> = {};
  for (const rel of sources) {
    const file = path.join(dir, rel);
    let diagnostics: Diagnostic[] = await client.open(file);
    const tried = new Set<string>();
    for (;;) {
      const candidates = diagnostics.filter((d) => FIXED_RULES.has(String(d.code)) && !tried.has(JSON.stringify([d.code, d.range])));
      let edit;
      for (const d of candidates) {
        tried.add(JSON.stringify([d.code, d.range]));
        const action = (await client.codeActions(file, [d])).find((a) => a.isPreferred);
        if (action?.edit) {
          edit = action.edit;
          applied[String(d.code)] = (applied[String(d.code)] ?? 0) + 1;
          break;
        }
      }
      if (!edit) break;
      const texts = applyWorkspaceEdit(edit);
      for (const [uri, text] of texts) {
        if (uri === uriOf(file)) continue;
        const target = new URL(uri);
        const existed = fs.existsSync(target);
        fs.mkdirSync(path.dirname(target.pathname), { recursive: true });
        fs.writeFileSync(target, text);
        await client.fileChanged(target.pathname, existed ? FileChangeType.Changed : FileChangeType.Created);
      }
      const own = texts.get(uriOf(file));
      diagnostics = own === undefined ? diagnostics : await client.change(file, own);
      // the editor saves the fixed buffer
      if (own !== undefined) fs.writeFileSync(file, own);
    }
    await client.close(file);
  }
  return applied;
}

/**
 * The editor's quick fixes are `popdb-guard fix`: the same package makes the
 * edits. One copy is fixed by the CLI, another through the language server
 * over stdio; every file must end up with the same text.
 */
describe('quick fixes over LSP give the same text as popdb-guard fix', () => {
  const cases: { name: string; project: string; kinds: string[] }[] = [
    // the example: a default-password fallback, two missing audits, an unbounded loop
    { name: 'the example project', project: path.join(REPO, 'examples/one-stop-shop'), kinds: ['popdb/no-default-credentials', 'popdb/require-audit-log', 'popdb/no-unbounded-query-loop'] },
    // hardcoded secrets in source (the example has its one in a config file, which neither fixes)
    { name: 'hardcoded secrets in a nested object and a class property', project: path.join(REPO, 'packages/fix/fixtures/secrets'), kinds: ['popdb/no-hardcoded-credentials'] },
    { name: 'audit calls in a try block and an entry missing fields', project: path.join(REPO, 'packages/fix/fixtures/audit'), kinds: ['popdb/require-audit-log'] },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const byCli = copy(c.project, 'cli');
      const byEditor = copy(c.project, 'lsp');
      try {
        const r = spawnSync(process.execPath, [CLI, 'fix', byCli], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        expect(r.status === 0 || r.status === 1).toBe(true);
        const expected = files(byCli);
        const original = files(c.project);
        // the source files the CLI changed (created files come with the fixes that need them)
        const sources = [...expected].filter(([rel, text]) => original.has(rel) && original.get(rel) !== text && /\.[cm]?[jt]sx?$/.test(rel)).map(([rel]) => rel);
        expect(sources.length).toBeGreaterThan(0);

        const client = await LspClient.start({ workspace: byEditor });
        let applied: Record<string, number>;
        try {
          applied = await fixThroughEditor(client, byEditor, sources);
        } finally {
          await client.shutdown();
        }
        for (const kind of c.kinds) expect(applied[kind] ?? 0).toBeGreaterThan(0);
        const actual = files(byEditor);
        expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [rel, text] of expected) expect({ file: rel, text: actual.get(rel) }).toEqual({ file: rel, text });
      } finally {
        fs.rmSync(byCli, { recursive: true, force: true });
        fs.rmSync(byEditor, { recursive: true, force: true });
      }
    });
  }
});
