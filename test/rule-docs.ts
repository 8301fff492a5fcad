import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleDefinition } from '@popdb-guard/core';
import { createFileLinter } from './file-linter';

/** The first ```ts block under a markdown heading (a rule README's "Ví dụ sai" / "Ví dụ đúng"). */
export function codeBlockUnder(markdown: string, heading: string): string {
  const at = markdown.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const m = /```ts\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!m) throw new Error(`no ts block under ${heading}`);
  return m[1];
}

/** 1-based line ranges of the top-level statements of a code sample, for "every example is reported". */
export function statementLines(code: string): { first: number; last: number }[] {
  const ranges: { first: number; last: number }[] = [];
  let depth = 0;
  let first = 0;
  code.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('//')) return;
    if (depth === 0) first = i + 1;
    for (const ch of line.replace(/'[^']*'|`[^`]*`/g, "''")) {
      if ('([{'.includes(ch)) depth++;
      if (')]}'.includes(ch)) depth--;
    }
    if (depth === 0) ranges.push({ first, last: i + 1 });
  });
  return ranges;
}

/**
 * The docs tests of one rule folder: the README's first line after the title
 * is `meta.description.en`, it has a "When Not To Use It" heading and cites the
 * rule's legal references, and its examples hold — every statement of the
 * "Ví dụ sai" block is reported, nothing in the "Ví dụ đúng" block is.
 */
export function describeRuleReadme(ruleDir: string, definition: RuleDefinition): void {
  const ruleId = `popdb/${definition.meta.name}`;
  const readme = (): string => fs.readFileSync(path.join(ruleDir, 'README.md'), 'utf8');
  describe(`${definition.meta.name} docs`, () => {
    it('starts with the description of meta.description.en', () => {
      const lines = readme().split('\n').filter((l) => l.trim() !== '');
      expect(lines[0]).toBe(`# ${ruleId}`);
      expect(lines[1]).toBe(definition.meta.description.en);
    });
    it('reports every statement of the incorrect example and nothing in the correct one', async () => {
      const linter = createFileLinter();
      const incorrect = codeBlockUnder(readme(), '### Ví dụ sai');
      const reported = await linter.lint('src/example.ts', incorrect, ruleId);
      expect(statementLines(incorrect).length).toBeGreaterThanOrEqual(5);
      for (const { first, last } of statementLines(incorrect)) {
        expect(reported.some((f) => f.line >= first && f.line <= last), `statement at lines ${first}-${last}`).toBe(true);
      }
      expect(await linter.lint('src/example.ts', codeBlockUnder(readme(), '### Ví dụ đúng'), ruleId)).toEqual([]);
    });
    it('has a "When Not To Use It" heading and cites the legal references', () => {
      expect(readme()).toMatch(/^## When Not To Use It/m);
      for (const id of definition.meta.legal) expect(readme()).toContain(id);
    });
  });
}
