import ts from 'typescript';
import { buildFileIndex } from '@popdb-guard/core';

// Function keys are `file#name`; a name taken already gets its offset (`file#name@pos`), so that
// every function of a file has a key of its own (the approval record and the call graph use them).

function index(text: string) {
  const sourceFile = ts.createSourceFile('/p/src/svc.ts', text, ts.ScriptTarget.Latest, true);
  return buildFileIndex(sourceFile, 'h');
}

describe('file index function keys', () => {
  it('gives a second function of the same name its offset, and keeps the first one plain', () => {
    const text = [
      'export const handler = () => 1;',
      'function outer() {',
      '  const handler = () => 2;',
      '  return handler();',
      '}',
      'class A { handler() { return 3; } }',
      '',
    ].join('\n');
    const keys = index(text).functions.map((f) => f.key.slice('/p/src/svc.ts'.length));
    expect(keys).toEqual(['#handler', '#outer', `#handler@${text.indexOf('() => 2')}`, '#A.handler']);
  });

  it('keeps every key distinct over thousands of functions of the same few names (a bundle)', () => {
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) parts.push(`function f${i % 7}(b){return b+${i}}`);
    const functions = index(parts.join(';')).functions;
    expect(functions).toHaveLength(3000);
    expect(new Set(functions.map((f) => f.key)).size).toBe(3000);
    expect(functions.filter((f) => !f.key.includes('@')).map((f) => f.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
  });
});
