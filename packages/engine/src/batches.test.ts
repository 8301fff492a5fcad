import * as path from 'node:path';
import { collectFiles, policyFor, resetProjectModels } from '@popdb-guard/core';
import { createEslint, lintFilesWithSuppressions } from '@popdb-guard/engine';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

/** A fixture project's root, policy and the files a scan of it lints. */
function fixtureScan(name: string) {
  const root = path.join(FIXTURES, name);
  const policy = policyFor(root);
  if (!policy.ok) throw new Error('policy');
  return { root, policy: policy.policy, files: collectFiles([root], root, policy.policy.ignore) };
}

describe('lintFilesWithSuppressions in batches', () => {
  for (const name of ['query-project', 'suppressions', 'taint-cross-file']) {
    it(`${name}: batches of one file give the findings and suppressions of one batch, in the same order`, async () => {
      const { root, policy, files } = fixtureScan(name);
      resetProjectModels();
      const whole = await lintFilesWithSuppressions(createEslint(policy, root), files);
      resetProjectModels();
      let between = 0;
      const batched = await lintFilesWithSuppressions(createEslint(policy, root), files, { batchSize: 1, afterBatch: () => between++ });
      expect(whole.findings.length + whole.suppressions.length).toBeGreaterThan(0);
      expect(batched).toEqual(whole);
      expect(between).toBe(files.length - 1);
    });
  }
});

describe('lintFilesWithSuppressions progress', () => {
  it('tells the files linted after each batch, ending with all of them, and in one batch once', async () => {
    const { root, policy, files } = fixtureScan('query-project');
    expect(files.length).toBeGreaterThan(4);
    const seen: [number, number][] = [];
    await lintFilesWithSuppressions(createEslint(policy, root), files, { batchSize: 4, onProgress: (done, total) => seen.push([done, total]) });
    const expected: [number, number][] = [];
    for (let done = 4; done < files.length; done += 4) expected.push([done, files.length]);
    expected.push([files.length, files.length]);
    expect(seen).toEqual(expected);
    const once: [number, number][] = [];
    await lintFilesWithSuppressions(createEslint(policy, root), files, { onProgress: (done, total) => once.push([done, total]) });
    expect(once).toEqual([[files.length, files.length]]);
  });
});

describe('lintFilesWithSuppressions and the event loop', () => {
  it('goes back to the event loop between files, so that what the model holds weakly can be collected during a scan', async () => {
    // V8 keeps every object a WeakRef handed out until the running chain of microtasks ends; a scan that never
    // waited for I/O held every file's AST to its end (docs/benchmark.md, "Issue 11, seventh pass")
    const { root, policy, files } = fixtureScan('query-project');
    expect(files.length).toBeGreaterThan(4);
    let turns = 0;
    let running = true;
    const turn = () => {
      if (!running) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    const { findings } = await lintFilesWithSuppressions(createEslint(policy, root), files);
    running = false;
    expect(findings.length).toBeGreaterThan(0);
    expect(turns).toBeGreaterThanOrEqual(files.length - 1);
  });
});
