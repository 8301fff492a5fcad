// Bundles the extension and the language server (with ESLint, typescript-eslint,
// TypeScript and the rules) into dist/, so the .vsix needs no node_modules.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverEntry = path.resolve(here, '../server/dist/main.js');
if (!fs.existsSync(serverEntry)) {
  console.error(`${serverEntry} is missing: run \`npm run build\` at the repository root first`);
  process.exit(2);
}
const production = !process.argv.includes('--dev');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'inline',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

await esbuild.build({ ...common, entryPoints: { extension: path.join(here, 'src/extension.ts') }, outdir: path.join(here, 'dist'), external: ['vscode'] });
// jiti loads TypeScript ESLint config files; the server never loads a config file (overrideConfigFile: true).
// ts-morph (the fixes behind the quick fixes) ships its own build of TypeScript; the server bundles
// TypeScript already (same 5.9 line), so ts-morph's `require('./typescript')` gets that one instead of a second 9 MB copy.
const oneTypeScript = {
  name: 'one-typescript',
  setup(build) {
    build.onResolve({ filter: /^\.\/typescript$/ }, (args) =>
      args.importer.includes(`${path.sep}@ts-morph${path.sep}common${path.sep}`) ? build.resolve('typescript', { kind: args.kind, resolveDir: path.dirname(serverEntry) }) : undefined,
    );
  },
};
await esbuild.build({ ...common, entryPoints: { server: serverEntry }, outdir: path.join(here, 'dist'), external: ['jiti', 'jiti/package.json'], plugins: [oneTypeScript] });
for (const f of fs.readdirSync(path.join(here, 'dist'))) console.log(`dist/${f}\t${(fs.statSync(path.join(here, 'dist', f)).size / 1024 / 1024).toFixed(2)} MB`);
