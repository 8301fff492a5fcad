import { spawn } from 'node:child_process';
import { SERVER_BIN, makeWorkspace } from './lsp-client';

/**
 * Issue 14, item 7: one malformed Content-Length must not leave the server
 * alive and deaf. It exits, so the client restarts it.
 */

function frame(body: object): string {
  const text = JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

describe('language server and a broken message stream', () => {
  it.each([
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['a header without a Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
  ])('exits with a non-zero code after %s', async (_, broken) => {
    const ws = makeWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { cwd: ws, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // a well-formed request first: the server is up and answering
    const answered = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await answered;
    child.stdin.write(broken);
    const code = await Promise.race([exited, new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 20_000))]);
    if (code === 'alive') child.kill();
    expect(code).not.toBe('alive');
    expect(code).not.toBe(0);
    expect(stderr).toContain('message stream from the client is broken');
  });
});
