import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Commands } from '@popdb-guard/protocol';
import { LspClient, makeWorkspace, uriOf } from '../../server/test/lsp-client';

// yauzl comes with @vscode/vsce (it reads .vsix files too); it has no bundled types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yauzl = require('yauzl') as {
  open(file: string, options: { lazyEntries: boolean }, cb: (err: Error | null, zip: ZipFile) => void): void;
};
interface ZipEntry {
  fileName: string;
}
interface ZipFile {
  readEntry(): void;
  on(event: 'entry', cb: (entry: ZipEntry) => void): void;
  on(event: 'end', cb: () => void): void;
  openReadStream(entry: ZipEntry, cb: (err: Error | null, stream: NodeJS.ReadableStream) => void): void;
}

const EXTENSION_DIR = path.resolve(__dirname, '..');
const VSIX = path.join(EXTENSION_DIR, 'popdb-guard.vsix');

/** Every file of the .vsix, by name. */
function readVsix(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

/** Modules a bundle still loads at run time, other than Node's own. */
function externalRequires(bundle: string): string[] {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  // a module specifier starts with a name character or `@` (not `).quote(a).write(`: ts-morph's code writer emitting `require(` text)
  return [...new Set([...bundle.matchAll(/require\("([\w@][^"]*)"\)/g)].map((m) => m[1]))].filter((m) => !builtins.has(m) && !builtins.has(m.split('/')[0])).sort();
}

describe('VS Code extension package (.vsix)', () => {
  let files: Map<string, Buffer>;
  let manifest: {
    name: string;
    publisher: string;
    main: string;
    engines: { vscode: string };
    activationEvents: string[];
    contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
  };

  beforeAll(() => {
    fs.rmSync(VSIX, { force: true });
    // The same command `npm run package:vscode` runs after the build.
    execFileSync('npm', ['run', 'package', '--workspace', 'extension'], { cwd: path.resolve(EXTENSION_DIR, '..'), stdio: 'pipe', encoding: 'utf8' });
  }, 180_000);

  beforeAll(async () => {
    files = await readVsix(VSIX);
    manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  });

  it('is built by npm run package and holds the manifest, the bundles and nothing else', () => {
    expect([...files.keys()].sort()).toEqual(
      ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/LICENSE.txt', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/package.json', 'extension/readme.md'].sort(),
    );
    const vsixManifest = files.get('extension.vsixmanifest')!.toString('utf8');
    expect(vsixManifest).toContain('Id="popdb-guard-vscode"');
    expect(vsixManifest).toContain('Publisher="popdb-guard"');
  });

  it('has a valid manifest: engines.vscode, activation events, contributions, and a main file that is in the package', () => {
    expect(manifest.engines.vscode).toMatch(/^\^1\.\d+\.\d+$/);
    const typesVersion = JSON.parse(fs.readFileSync(require.resolve('@types/vscode/package.json'), 'utf8')).version as string;
    // vsce rejects @types/vscode newer than engines.vscode: the API used must exist in the oldest supported VS Code.
    expect(typesVersion.split('.').map(Number)[1]).toBeLessThanOrEqual(Number(manifest.engines.vscode.split('.')[1]));
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:typescript', 'onLanguage:javascript', 'onLanguage:yaml', 'onLanguage:dotenv', 'workspaceContains:**/popdb-policy.{yaml,yml,json}']));
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual([Commands.scanWorkspace, Commands.showOutput].sort());
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual(['popdbGuard.enable', 'popdbGuard.policyPath', 'popdbGuard.severityOverride', 'popdbGuard.trace.server']);
    expect(files.has(`extension/${path.posix.normalize(manifest.main)}`)).toBe(true);
  });

  it('bundles its dependencies: the extension loads only vscode, the server only Node built-ins', () => {
    expect(externalRequires(files.get('extension/dist/extension.js')!.toString('utf8'))).toEqual(['vscode']);
    // What is left are not loads of missing code: ajv's `require("ajv/dist/runtime/…")` are strings
    // it emits for standalone code (`.code = 'require(…)'`); TypeScript tries source-map-support in a
    // try/catch; jiti is ESLint's loader for TypeScript config files, which the server never loads.
    const server = files.get('extension/dist/server.js')!.toString('utf8');
    expect(externalRequires(server)).toEqual(['ajv/dist/runtime/equal', 'ajv/dist/runtime/ucs2length', 'ajv/dist/runtime/uri', 'ajv/dist/runtime/validation_error', 'jiti/package.json', 'source-map-support']);
    // Every ajv one sits in a string or template literal (code ajv would print), none is a call.
    const ajvRequires = [...server.matchAll(/(.)require\("ajv\/dist\/runtime\/[a-z_0-9]+"\)/g)].map((m) => m[1]);
    expect(ajvRequires.length).toBe(4);
    expect(ajvRequires.every((quote) => quote === "'" || quote === '`')).toBe(true);
    expect(server.includes('try{require("source-map-support").install()}catch{}')).toBe(true);
  });

  it('ships a server that runs on its own: the bundle from the .vsix, outside any node_modules, answers an editor', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-vsix-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    expect(fs.existsSync(path.join(os.tmpdir(), 'node_modules'))).toBe(false);
    const server = path.join(dir, 'server.js');
    fs.writeFileSync(server, files.get('extension/dist/server.js')!);
    const ws = makeWorkspace({ 'popdb-policy.yaml': 'version: 1\n', 'src/tra-cuu.ts': 'export async function traCuu(so: string) {\n  const = ;\n}\n' });
    const client = await LspClient.start({ workspace: ws, server });
    try {
      const diagnostics = await client.open(path.join(ws, 'src/tra-cuu.ts'));
      expect(diagnostics).toMatchObject([{ code: 'popdb/parse-error', range: { start: { line: 1 } } }]);
      // The policy schema (ajv) works from the bundle too.
      fs.writeFileSync(path.join(ws, 'popdb-policy.yaml'), 'version: 1\nqueries:\n  limitters: ["pLimit"]\n');
      await client.fileChanged(path.join(ws, 'popdb-policy.yaml'));
      const onPolicy = await client.diagnosticsFor(uriOf(path.join(ws, 'popdb-policy.yaml')), { match: (d) => d.length > 0 });
      expect(onPolicy[0].message).toContain('queries.limitters');
    } finally {
      expect(await client.shutdown()).toBe(0);
    }
  });
});
