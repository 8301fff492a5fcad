import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, type ScanWorkspaceResult } from '@popdb-guard/protocol';
import { LspClient, makeWorkspace, uriOf } from './lsp-client';
import { generatedBundle } from '../../test/hostile/planted';

/**
 * Issue 14, item 2, in the editor: a workspace whose `.gitignore` is a
 * symlink to /dev/zero, with a FIFO among its sources and a policy that is a
 * FIFO in a sub-project. The server must keep answering: the workspace scan
 * reports the files it cannot read, and every other document is still checked.
 */

const POLICY = 'populationDb:\n  registeredEndpoints:\n    - https://lgsp.example.gov.vn/dancu/v1/\n';
const LOOKUP = "export async function lookup() {\n  return fetch('https://lgsp-gw.evil.vn/dancu/v1/CongDan');\n}\n";

describe.skipIf(process.platform === 'win32' || !fs.existsSync('/dev/zero'))('language server and hostile repository files', () => {
  it('survives /dev/zero and FIFOs in the workspace, and says which files it could not read', async () => {
    const ws = makeWorkspace({ 'popdb-policy.yaml': POLICY, 'src/lookup.ts': LOOKUP, 'sub/src/other.ts': LOOKUP });
    fs.symlinkSync('/dev/zero', path.join(ws, '.gitignore'));
    execFileSync('mkfifo', [path.join(ws, 'sub/popdb-policy.yaml')]);
    const client = await LspClient.start({ workspace: ws });
    try {
      const diagnostics = await client.open(path.join(ws, 'src/lookup.ts'));
      expect(diagnostics.map((d) => d.code)).toContain('popdb/no-unregistered-endpoint');
      const result = await client.executeCommand<ScanWorkspaceResult>(Commands.scanWorkspace);
      expect(result.errors).toBeGreaterThan(0);
      const gitignore = await client.diagnosticsFor(uriOf(path.join(ws, '.gitignore')));
      expect(gitignore.map((d) => d.message).join('\n')).toContain('a character device');
      // a document under the FIFO policy: a policy problem, not a hang
      const other = path.join(ws, 'sub/src/other.ts');
      await client.open(other);
      // still answering
      expect(await client.hover(path.join(ws, 'src/lookup.ts'), 1, 10)).toBeDefined();
      expect(client.exitCode).toBeUndefined();
    } finally {
      await client.shutdown();
    }
  });
});

describe('language server and a 5 MB generated document (issue 14, item 4)', () => {
  it('checks it with the cheap rules and says so, keystroke after keystroke', async () => {
    const ws = makeWorkspace({ 'popdb-policy.yaml': POLICY, 'src/lookup.ts': LOOKUP });
    const text = generatedBundle(5, 'Zq8vKp2mWx9rLt4nB7');
    const client = await LspClient.start({ workspace: ws });
    try {
      const file = path.join(ws, 'public/bundle.js');
      const first = await client.open(file, text);
      expect(first.map((d) => d.message).join('\n')).toContain('generated or minified file');
      expect(first.map((d) => d.code)).toContain('popdb/no-hardcoded-credentials');
      const second = await client.change(file, text.replace('Zq8vKp2mWx9rLt4nB7', 'Zq8vKp2mWx9rLt4nB8'));
      expect(second.map((d) => d.code)).toContain('popdb/no-hardcoded-credentials');
      // the rest of the workspace is still checked as usual
      expect((await client.open(path.join(ws, 'src/lookup.ts'))).map((d) => d.code)).toContain('popdb/no-unregistered-endpoint');
    } finally {
      await client.shutdown();
    }
  });
});
