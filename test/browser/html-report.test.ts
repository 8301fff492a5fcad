import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// The same rendering code as `npm run screenshot:report`.
import { CHROMIUM, FIXTURE, FIXTURE_APPROVAL, renderReport, writeHtmlReport } from '../../scripts/report-browser.mjs';

/**
 * The assessor opens the HTML report on an offline machine and prints it:
 * in a real browser (Debian's Chromium, installed by
 * scripts/ensure-chromium.sh), it must render without errors and without a
 * single request leaving the page.
 */
describe('HTML report in headless Chromium', () => {
  let result: Awaited<ReturnType<typeof renderReport>>;
  // A scratch screenshot: the committed docs/report-screenshot.png is only
  // rewritten by `npm run screenshot:report`, so a test run leaves the tree clean.
  let screenshot: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-browser-'));
    const out = path.join(dir, 'report.html');
    screenshot = path.join(dir, 'report.png');
    // with the approval record, so the diff since approval is drawn too (what the screenshot shows)
    writeHtmlReport(FIXTURE, out, ['--approved', FIXTURE_APPROVAL]);
    result = await renderReport(out, { screenshot });
  });

  it('renders with no console or page error', () => {
    expect(result.consoleErrors).toEqual([]);
  });

  it('makes no request outside the page (only about: and data: would be allowed)', () => {
    expect(result.blockedRequests).toEqual([]);
  });

  it('runs no script, even the one written in the scanned code', () => {
    expect(result.scripts).toBe(0);
    expect(result.text).toContain(`const banner = "<script>fetch('https://evil.example/x')</script>";`);
  });

  it('shows the system, the summary, findings, suppressions, inventory, approval diff and rules sections', () => {
    expect(result.title).toBe('popdb-guard · Hệ thống thông tin giải quyết TTHC tỉnh Bình Định');
    expect(result.sections).toEqual(['summary', 'findings', 'suppressions', 'inventory', 'approval-diff', 'rules']);
    expect(result.headings[0]).toBe('Hệ thống thông tin giải quyết TTHC tỉnh Bình Định');
    expect(result.findings).toBeGreaterThan(0);
    // the fixture is scanned with its approval record: the inventory and the diff are both computed
    expect(result.text).not.toContain('Not computed by this scan.');
    expect(result.text).toContain('test/fixtures/html-report/popdb-approved.json');
  });

  it('draws the coverage bars, the connection diagram and the approval diff as inline SVG with accessible names', () => {
    expect(result.svgs.map((s) => s.id)).toEqual(['coverage-bars', 'connection-diagram', 'approval-diagram']);
    for (const svg of result.svgs) {
      expect(svg.role).toBe('img');
      // aria-labelledby resolves to a non-empty <title> (and the diagrams' <desc>)
      expect(svg.label.length).toBeGreaterThan(0);
      expect(svg.label.every((l) => l.trim().length > 0)).toBe(true);
      // laid out at a real size, and every drawn node carries its own <title>
      expect(svg.width).toBeGreaterThan(600);
      expect(svg.height).toBeGreaterThan(100);
      expect(svg.titledGroups).toBeGreaterThanOrEqual(svg.groups);
    }
    const [bars, diagram, diff] = result.svgs;
    expect(bars.label[0]).toContain('Audited 2/4');
    expect(bars.label[0]).toContain('Bounded 4/5');
    expect(diagram.label[0]).toContain('Hệ thống thông tin giải quyết TTHC tỉnh Bình Định');
    expect(diagram.label[1]).toContain('5 query site(s) in 4 module(s)');
    expect(diagram.label[1]).toContain('1 plain-http endpoint(s)');
    expect(diagram.sites).toBe(5);
    // the lookup whose result goes to a Telegram group: a red arrow (as the browser computed the style) to the sink
    expect(diagram.sinkArrows).toBeGreaterThan(0);
    expect(diagram.sinkStroke).toBe('rgb(209, 36, 47)');
    expect(diagram.arrows).toBeGreaterThan(diagram.sites);
    // three sites added since the approval, one removed, one whose audit changed
    expect(diff.marked).toEqual({ added: 3, removed: 1, changed: 1 });
    expect(diff.sites).toBe(6);
  });

  it('prints without the table of contents and without splitting a finding across pages', () => {
    expect(result.print.navDisplay).toBe('none');
    expect(result.print.findingBreakInside).toBe('avoid');
    expect(result.print.pdfBytes).toBeGreaterThan(10_000);
  });

  it('takes a full-page screenshot (what npm run screenshot:report saves for the docs)', () => {
    const png = fs.readFileSync(screenshot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('would notice a page that loads something or logs an error (the checks above can fail)', async () => {
    const leaky = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-browser-')), 'leaky.html');
    fs.writeFileSync(leaky, '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.net/report.css"></head><body><script>console.error("boom")</script></body></html>');
    const leak = await renderReport(leaky);
    expect(leak.blockedRequests).toEqual(['https://cdn.example.net/report.css']);
    expect(leak.consoleErrors.some((e) => e.includes('boom'))).toBe(true);
  });
});
