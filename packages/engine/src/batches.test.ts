import * as path from 'node:path';
import { collectFiles, policyFor, resetProjectModels } from '@popdb-guard/core';
import { createEslint, lintFilesWithSuppressions } from '@popdb-guard/engine';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

describe('lintFilesWithSuppressions in batches', () => {
  for (const name of ['query-project', 'suppressions', 'taint-cross-file']) {
    it(`${name}: batches of one file give the findings and suppressions of one batch, in the same order`, async () => {
      const root = path.join(FIXTURES, name);
      const policy = policyFor(root);
      if (!policy.ok) throw new Error('policy');
      const files = collectFiles([root], root, policy.policy.ignore);
      resetProjectModels();
      const whole = await lintFilesWithSuppressions(createEslint(policy.policy, root), files);
      resetProjectModels();
      let between = 0;
      const batched = await lintFilesWithSuppressions(createEslint(policy.policy, root), files, { batchSize: 1, afterBatch: () => between++ });
      expect(whole.findings.length + whole.suppressions.length).toBeGreaterThan(0);
      expect(batched).toEqual(whole);
      expect(between).toBe(files.length - 1);
    });
  }
});
