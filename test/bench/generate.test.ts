import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { scriptKindFor } from '@popdb-guard/core';
// The generator is an ES module (a plain `node` script); this test file compiles as CommonJS, so it loads it with import().
import type { GeneratedRepo } from '../../scripts/bench/generate.mjs' with { 'resolution-mode': 'import' };

type Generator = typeof import('../../scripts/bench/generate.mjs', { with: { 'resolution-mode': 'import' } });

// Smoke test of the synthetic-repository generator shared by `npm run bench`
// and the language-server latency bench. No timing is asserted here.

function contentHash(dir: string, files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort()) h.update(f).update('\0').update(fs.readFileSync(path.join(dir, f))).update('\0');
  return h.digest('hex');
}

function extensionOf(file: string): string {
  const base = path.posix.basename(file);
  return base === '.env' || base.startsWith('.env.') ? '.env' : path.posix.extname(base);
}

describe('scripts/bench/generate.mjs', () => {
  let tmp: string;
  let gen: Generator;
  let repo: GeneratedRepo;

  beforeAll(async () => {
    gen = await import('../../scripts/bench/generate.mjs');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'popdb-generate-'));
    repo = gen.generateRepo(path.join(tmp, 'one'), { files: 50, seed: 7 });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes exactly the requested number of files, all of them listed', () => {
    expect(repo.files).toHaveLength(50);
    expect(new Set(repo.files).size).toBe(50);
    for (const f of repo.files) expect(fs.statSync(path.join(repo.dir, f)).isFile()).toBe(true);
  });

  it('writes byte-identical files for the same seed and different ones for another seed', () => {
    const again = gen.generateRepo(path.join(tmp, 'two'), { files: 50, seed: 7 });
    expect(again.files).toEqual(repo.files);
    expect(contentHash(again.dir, again.files)).toBe(contentHash(repo.dir, repo.files));
    expect(again.planted).toEqual(repo.planted);

    const other = gen.generateRepo(path.join(tmp, 'three'), { files: 50, seed: 8 });
    expect(contentHash(other.dir, other.files)).not.toBe(contentHash(repo.dir, repo.files));
  });

  it('mixes every source and config extension, with the policy file at the root', () => {
    const seen = new Set(repo.files.map(extensionOf));
    for (const ext of gen.EXTENSIONS) expect(seen, `missing ${ext}`).toContain(ext);
    expect(repo.files).toContain('popdb-policy.yaml');
    expect(Object.values(repo.byExtension).reduce((a, b) => a + b, 0)).toBe(50);
  });

  it('writes TS and JS files that parse without diagnostics', () => {
    const sources = repo.files.filter((f) => /\.(ts|tsx|js|jsx)$/.test(f));
    expect(sources.length).toBeGreaterThan(30);
    for (const f of sources) {
      const sf = ts.createSourceFile(f, fs.readFileSync(path.join(repo.dir, f), 'utf8'), ts.ScriptTarget.Latest, true, scriptKindFor(f));
      // parseDiagnostics is internal to the compiler API but stable; it holds syntax errors only.
      const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect(
        diagnostics.map((d) => `${f}:${sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`),
      ).toEqual([]);
    }
  });

  it('writes JSON and YAML config files that parse', () => {
    const configs = repo.files.filter((f) => /\.(json|ya?ml)$/.test(f));
    expect(configs.length).toBeGreaterThanOrEqual(4);
    for (const f of configs) {
      const text = fs.readFileSync(path.join(repo.dir, f), 'utf8');
      expect(() => (f.endsWith('.json') ? JSON.parse(text) : parseYaml(text)), f).not.toThrow();
    }
  });

  it('keeps generated source files between 30 and 400 lines', () => {
    // The first files are the shared skeleton (endpoints, audit, mask, …), short as such modules are.
    const generated = repo.files.filter((f) => /\.(ts|tsx|js|jsx)$/.test(f) && !f.startsWith('src/shared/') && !f.startsWith('web/src/api'));
    for (const f of generated) {
      const lines = fs.readFileSync(path.join(repo.dir, f), 'utf8').split('\n').length - 1;
      expect(lines, f).toBeGreaterThanOrEqual(30);
      expect(lines, f).toBeLessThanOrEqual(400);
    }
  });

  it('records each planted violation at a line of its file, with the rule expected to report it', () => {
    const big = gen.generateRepo(path.join(tmp, 'big'), { files: 400, seed: 7 });
    // About 3.5% of generated files carry one violation.
    expect(big.planted.length).toBeGreaterThanOrEqual(6);
    expect(big.planted.length).toBeLessThanOrEqual(30);
    for (const p of big.planted) {
      expect(big.files).toContain(p.file);
      expect(p.ruleId).toBe(gen.VIOLATION_RULES[p.kind]);
      const lines = fs.readFileSync(path.join(big.dir, p.file), 'utf8').split('\n');
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lines.length);
    }
  });
});
