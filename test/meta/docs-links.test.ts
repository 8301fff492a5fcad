import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { DOCS_BASE_URL, PSEUDO_RULES, RULE_PREFIX, VERSION, findingDocsUrl, formatSarif, policyFor, type Finding, type RuleMeta, type ScanReport } from '@popdb-guard/core';
import { ruleMetas } from '@popdb-guard/engine';
import plugin = require('eslint-plugin-popdb');

/**
 * Every docs link popdb-guard writes (SARIF `helpUri` and help markdown, the
 * plugin's `meta.docs.url`, editor diagnostics' `codeDescription` and hovers)
 * names a file that exists in this repository, and a rule's README is one
 * the rules package ships.
 */

const REPO = path.resolve(__dirname, '../..');

/** The repository path a docs link names; fails for a link outside the docs base. */
function pathOf(url: string): string {
  expect(url.startsWith(DOCS_BASE_URL), url).toBe(true);
  return url.slice(DOCS_BASE_URL.length);
}

function expectExists(url: string): void {
  const rel = pathOf(url);
  expect(fs.existsSync(path.join(REPO, rel)), `${url} → ${rel} does not exist`).toBe(true);
}

const ruleIds = [...ruleMetas.map((m) => `${RULE_PREFIX}${m.name}`), ...PSEUDO_RULES.map((r) => r.id)];

function report(findings: Finding[]): ScanReport {
  const r = policyFor(path.join(REPO, 'nowhere'));
  if (!r.ok) throw new Error('defaults must load');
  return { tool: { name: 'popdb-guard', version: VERSION }, root: REPO, policy: r.policy, filesScanned: 1, findings, rules: [...ruleMetas] };
}

const findingOf = (ruleId: string): Finding => ({ ruleId, severity: 'error', message: 'm', file: path.join(REPO, 'a.ts'), line: 1, column: 1, endLine: 1, endColumn: 5 });

describe('docs links', () => {
  it('point into the repository the packages name', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'packages/core/package.json'), 'utf8')) as { repository: { url: string } };
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(DOCS_BASE_URL).toBe(`${repo}/blob/main/`);
  });

  it.each(ruleIds)('%s: findingDocsUrl names an existing file', (id) => {
    expectExists(findingDocsUrl(id));
  });

  it('every SARIF rule descriptor: helpUri and the links in its help markdown exist', () => {
    const log = JSON.parse(formatSarif(report(ruleIds.map(findingOf)))) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string; help?: { markdown?: string } }[] } } }[] };
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id).sort()).toEqual([...ruleIds].sort());
    for (const r of rules) {
      expect(r.helpUri, r.id).toBeDefined();
      expectExists(r.helpUri!);
      for (const m of r.help?.markdown?.matchAll(/\]\((https?:[^)]+)\)/g) ?? []) expectExists(m[1]);
    }
  });

  it("the plugin's meta.docs.url of every rule exists", () => {
    for (const [name, rule] of Object.entries(plugin.rules ?? {})) {
      const url = (rule as { meta?: { docs?: { url?: string } } }).meta?.docs?.url;
      expect(url, name).toBeDefined();
      expectExists(url!);
    }
  });

  it('a rule README linked is one the rules package ships (its "files")', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'rules/package.json'), 'utf8')) as { files: string[] };
    const included = picomatch(pkg.files.filter((f) => !f.startsWith('!')));
    for (const m of ruleMetas) {
      const rel = pathOf(findingDocsUrl(`${RULE_PREFIX}${m.name}`));
      expect(rel.startsWith('rules/'), rel).toBe(true);
      expect(included(rel.slice('rules/'.length)), rel).toBe(true);
    }
  });

  it('editor diagnostics and hovers link existing pages, pseudo-rules and parse errors included', () => {
    // the built server, as the extension bundles it
    const { findingToDiagnostic } = require(path.join(REPO, 'server/dist/diagnostics.js')) as typeof import('../../server/src/diagnostics');
    const { hoverFor } = require(path.join(REPO, 'server/dist/hover.js')) as typeof import('../../server/src/hover');
    const metas = new Map<string, RuleMeta>(ruleMetas.map((m) => [m.name, m]));
    for (const id of ruleIds) {
      const f = findingOf(id);
      const href = findingToDiagnostic(f, 'policy').codeDescription?.href;
      expect(href, id).toBeDefined();
      expectExists(href!);
      for (const locale of ['vi', 'en'] as const) {
        const hover = hoverFor([f], { line: 0, character: 1 }, metas, locale);
        const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
        const links = [...value.matchAll(/\]\((https?:[^)]+)\)/g)].map((m) => m[1]);
        expect(links.length, `${id} hover (${locale})`).toBeGreaterThan(0);
        links.forEach(expectExists);
      }
    }
  });
});
