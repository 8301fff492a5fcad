// Renders the HTML report in headless Chromium (Debian's /usr/bin/chromium,
// installed by scripts/ensure-chromium.sh) through playwright-core, with the
// network cut off: the report must be readable offline, so any request other
// than about:/data: is recorded and aborted. Used by the browser test and by
// `npm run screenshot:report`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.POPDB_GUARD_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT = path.join(repoRoot, 'docs', 'report-screenshot.png');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The fixture the browser test and the screenshot render, and the approval record its diff is drawn against. */
export const FIXTURE = path.join(repoRoot, 'test/fixtures/html-report');
export const FIXTURE_APPROVAL = path.join(FIXTURE, 'popdb-approved.json');

/** Run the built CLI on a project (with extra CLI arguments) and return the path of the HTML report it wrote. */
export function writeHtmlReport(project, outFile, args = []) {
  const res = spawnSync(process.execPath, [path.join(repoRoot, 'packages/cli/bin/popdb-guard.js'), project, '--format', 'html', '--output', outFile, ...args], { encoding: 'utf8' });
  if (res.status !== 0 && res.status !== 1) throw new Error(`popdb-guard exited ${res.status}: ${res.stderr}`);
  return outFile;
}

/**
 * Open an HTML file in a fresh Chromium profile. Returns what the page did:
 * console errors, page errors, every request it tried (none allowed but
 * about:/data:), the section ids and headings, and optionally a screenshot.
 */
export async function renderReport(htmlFile, { screenshot } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-guard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 900 } });
  const consoleErrors = [];
  const blockedRequests = new Set();
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      // The report itself is opened from file:; everything else must stay inside the page.
      if (url === `file://${htmlFile}` || url.startsWith('about:') || url.startsWith('data:')) return route.continue();
      blockedRequests.add(url);
      return route.abort();
    });
    // Requests that bypass routing (service workers, prefetch) still show up here.
    context.on('request', (req) => {
      const url = req.url();
      if (url !== `file://${htmlFile}` && !url.startsWith('about:') && !url.startsWith('data:')) blockedRequests.add(url);
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });
    const info = await page.evaluate(() => ({
      title: document.title,
      sections: [...document.querySelectorAll('main > section')].map((s) => s.id),
      headings: [...document.querySelectorAll('h1, h2')].map((h) => h.textContent ?? ''),
      scripts: document.querySelectorAll('script').length,
      findings: document.querySelectorAll('article.finding').length,
      // the drawings: each SVG's accessible name (its <title> through aria-labelledby), size as laid out, nodes and arrows
      svgs: [...document.querySelectorAll('svg')].map((svg) => {
        const box = svg.getBoundingClientRect();
        const label = (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').filter(Boolean);
        return {
          id: svg.id,
          role: svg.getAttribute('role'),
          label,
          width: Math.round(box.width),
          height: Math.round(box.height),
          titledGroups: [...svg.querySelectorAll('g')].filter((g) => g.querySelector(':scope > title')?.textContent).length,
          groups: svg.querySelectorAll('g.site, g.endpoint, g.sink, g.bar').length,
          sites: svg.querySelectorAll('g.site').length,
          marked: Object.fromEntries(['added', 'removed', 'changed'].map((m) => [m, svg.querySelectorAll(`g.site.m-${m}`).length])),
          arrows: svg.querySelectorAll('.edges path[marker-end]').length,
          sinkArrows: svg.querySelectorAll('.edges path.e-sink').length,
          // a drawn arrow's colour as the browser computed it (the stylesheet applied, not only the class)
          sinkStroke: svg.querySelector('.edges path.e-sink') ? getComputedStyle(svg.querySelector('.edges path.e-sink')).stroke : undefined,
        };
      }),
      text: document.body.innerText,
    }));
    if (screenshot) {
      fs.mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    // Printed, the table of contents goes and every finding stays whole on a page.
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      navDisplay: document.querySelector('nav') ? getComputedStyle(document.querySelector('nav')).display : undefined,
      findingBreakInside: document.querySelector('article.finding') ? getComputedStyle(document.querySelector('article.finding')).breakInside : undefined,
    }));
    const pdf = await page.pdf({ format: 'A4' });
    return { ...info, print: { ...print, pdfBytes: pdf.length }, consoleErrors, blockedRequests: [...blockedRequests] };
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// `npm run screenshot:report`: regenerate docs/report-screenshot.png from the fixture project.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(os.tmpdir(), `popdb-guard-report-${process.pid}.html`);
  writeHtmlReport(FIXTURE, out, ['--approved', FIXTURE_APPROVAL]);
  const result = await renderReport(out, { screenshot: SCREENSHOT });
  fs.rmSync(out, { force: true });
  if (result.consoleErrors.length || result.blockedRequests.length) {
    console.error('report is not self-contained:', result);
    process.exit(1);
  }
  console.log(`wrote ${path.relative(process.cwd(), SCREENSHOT)} (${result.findings} finding(s) shown)`);
}
