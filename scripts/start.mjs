// `npm start`: scan the bundled example project and explain the result to a first-time user.
// The example carries violations on purpose, so exit code 1 (findings) is the expected outcome here;
// anything else (2: usage, policy or internal error) is passed on.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const target = args.length ? args : ['examples/one-stop-shop'];
const r = spawnSync(process.execPath, [join(repo, 'packages/cli/bin/popdb-guard.js'), ...target], { cwd: repo, stdio: 'inherit' });
if (r.status === 1) {
  process.stdout.write(
    '\nThe example project carries these violations on purpose (see examples/one-stop-shop/README.md).\n' +
      'In CI, exit code 1 blocks the merge. Try: npx popdb-guard examples/one-stop-shop --format sarif --output popdb.sarif\n',
  );
  process.exit(0);
}
process.exit(r.status ?? 2);
