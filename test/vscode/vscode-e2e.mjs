// The real editor, end to end: install the packaged extension (.vsix) into code-server
// (VS Code in the browser), open a fixture workspace in headless Chromium, and check that
// a popdb-guard diagnostic shows as a squiggle and in the Problems panel.
// Run with `npm run test:vscode` (after `npm run package:vscode`). Recipe: ../shared/VSCODE-E2E.md.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.POPDB_E2E_CACHE ?? path.join(REPO, '.cache/vscode-e2e');
const SCREENSHOT = path.join(REPO, 'docs/vscode-e2e.png');

function log(msg) {
  process.stdout.write(`vscode-e2e: ${msg}\n`);
}

function findVsix() {
  const dir = path.join(REPO, 'extension');
  const vsix = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.vsix')) : [];
  if (!vsix.length) throw new Error('no .vsix in extension/: run `npm run package:vscode` first');
  return path.join(dir, vsix.sort().at(-1));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not answer on ${url} within ${ms} ms`);
}

function makeWorkspace() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-vscode-ws-'));
  fs.mkdirSync(path.join(ws, 'src'));
  fs.writeFileSync(path.join(ws, 'package.json'), '{ "name": "vscode-e2e-fixture", "private": true }\n');
  fs.writeFileSync(path.join(ws, 'popdb-policy.yaml'), 'version: 1\nsystem:\n  name: "E2E"\n');
  fs.writeFileSync(
    path.join(ws, 'src/db.ts'),
    "import { Pool } from 'pg';\n\nexport const pool = new Pool({\n  host: process.env.DB_HOST,\n  password: 'MotCua#DaNang2023!',\n});\n",
  );
  return ws;
}

async function main() {
  const setup = execFileSync('bash', [path.join(REPO, 'test/vscode/setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const codeServer = setup.trim().split('\n').at(-1);
  const node24 = path.join(CACHE, 'node24/bin');
  const env = { ...process.env, PATH: `${node24}:${process.env.PATH}` };
  const vsix = findVsix();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-vscode-home-'));
  const dirs = ['--user-data-dir', path.join(home, 'data'), '--extensions-dir', path.join(home, 'extensions')];
  log(`installing ${path.basename(vsix)}`);
  execFileSync(codeServer, [...dirs, '--install-extension', vsix], { env, stdio: 'inherit' });

  const ws = makeWorkspace();
  const port = await freePort();
  log(`starting code-server on 127.0.0.1:${port}`);
  const server = spawn(codeServer, [...dirs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  let browser;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    log('workbench loaded; opening src/db.ts');
    await page.waitForTimeout(3000);
    await page.keyboard.press('Control+P');
    await page.waitForTimeout(800);
    await page.keyboard.type('db.ts');
    await page.waitForTimeout(1200);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.squiggly-error, .squiggly-warning', { timeout: 90_000 });
    log('squiggle shown');
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'popdb' }).first();
    await row.waitFor({ timeout: 60_000 });
    const text = await row.innerText();
    log(`Problems row: ${text.replace(/\s+/g, ' ')}`);
    if (!/no-hardcoded-credentials|popdb/.test(text)) throw new Error(`unexpected Problems row: ${text}`);
    if (/MotCua#DaNang2023!/.test(text)) throw new Error('the secret is shown in clear in the Problems panel');
    await page.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${path.relative(REPO, SCREENSHOT)}`);
    log('1 passed, 0 failed');
  } catch (error) {
    process.stderr.write(`code-server log (tail):\n${serverLog.split('\n').slice(-40).join('\n')}\n`);
    throw error;
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
  }
}

main().catch((error) => {
  process.stderr.write(`vscode-e2e: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
