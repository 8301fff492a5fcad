import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/**
 * The root tsconfig.json is a solution: `tsc -b` (what `npm run build` runs)
 * and editors see every workspace through its `references`. A new workspace
 * with a tsconfig.json must be added there, or it is neither built nor seen.
 */

const REPO = path.resolve(__dirname, '../..');

function readConfig(file: string): { files?: string[]; include?: string[]; references?: { path: string }[] } {
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return read.config;
}

describe('solution tsconfig.json', () => {
  const root = readConfig(path.join(REPO, 'tsconfig.json'));
  const referenced = (root.references ?? []).map((r) => path.resolve(REPO, r.path));

  it('builds nothing itself (files: []) and only references projects that exist', () => {
    expect(root.files).toEqual([]);
    expect(root.include).toBeUndefined();
    for (const r of referenced) expect(fs.existsSync(path.join(r, 'tsconfig.json')), r).toBe(true);
  });

  it('references every workspace that has a tsconfig.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] };
    const withConfig = pkg.workspaces.map((w) => path.resolve(REPO, w)).filter((w) => fs.existsSync(path.join(w, 'tsconfig.json')));
    expect(withConfig.length).toBeGreaterThan(5);
    for (const w of withConfig) expect(referenced, path.relative(REPO, w)).toContain(w);
  });

  it('is what npm run build builds', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/tsc -b$/);
  });
});
