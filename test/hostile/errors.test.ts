import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY, hasStackTrace, runCliBounded, tempDir, unregisteredFetch, writeFiles } from './planted';

/**
 * Issue 14, item 7: errors a user meets are one clear line before the scan,
 * and what the repository names (file names) cannot forge terminal output or
 * send a SARIF viewer to another file.
 */

function project(files: Record<string, string> = {}): string {
  const dir = tempDir('hostile-errors');
  writeFiles(dir, { 'popdb-policy.yaml': POLICY, 'src/lookup.ts': `${unregisteredFetch(1).join('\n')}\n`, ...files });
  return dir;
}

describe('output paths, file names and SARIF URIs (issue 14, item 7)', () => {
  it.each([
    [['.', '--output', 'missing/report.json', '--format', 'json']],
    [['.', '--write-baseline', 'missing/baseline.json']],
    [['approve', '.', '--output', 'missing/approved.json']],
    [['inventory', '.', '--output', 'missing/inventory.txt']],
  ])('%j into a missing folder: exit 2 with one clear line, before scanning', (args) => {
    const dir = project();
    const r = runCliBounded(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^popdb-guard: cannot write .*missing.*: the folder .* does not exist/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('prints control characters in file names as escapes in text output', () => {
    const evil = 'x\u001b[2J\r\n  1:1  fake\u2028.ts';
    const dir = project({ [`src/${evil}`]: `${unregisteredFetch(2).join('\n')}\n` });
    const r = runCliBounded(['.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('src/x\\x1b[2J\\r\\n  1:1  fake\\u2028.ts');
    const inv = runCliBounded(['inventory', '.'], dir);
    expect(inv.stdout).not.toContain('\u001b');
    expect(inv.stdout).toContain('x\\x1b[2J');
  });

  it('percent-encodes SARIF artifact URIs (#, ?, %, spaces, non-ASCII)', () => {
    const name = 'tra cứu #1 ?x=%41.ts';
    const dir = project({ [`src/${name}`]: `${unregisteredFetch(3).join('\n')}\n` });
    const r = runCliBounded(['.', '--format', 'sarif'], dir);
    expect(r.code).toBe(1);
    const uris = (JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0].results.map(
      (res) => res.locations[0].physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain(`src/${encodeURIComponent(name)}`);
    expect(uris).toContain('src/lookup.ts');
    for (const uri of uris) expect(uri).not.toMatch(/[#? ]/);
  });
});
