import { remembered, rememberedTable } from './remembered';

describe('remembered', () => {
  it('computes an answer once, keeps it, and starts again once the table holds its bound', () => {
    const table = new Map<string, number>();
    let calls = 0;
    const length = (key: string, offset: number) => (calls++, key.length + offset);
    expect(remembered(table, 2, 'ab', 10, length)).toBe(12);
    expect(remembered(table, 2, 'ab', 10, length)).toBe(12);
    expect(calls).toBe(1);
    expect(remembered(table, 2, 'abc', 10, length)).toBe(13);
    expect(table.size).toBe(2);
    // a third key: the table is full, so it starts again with that key alone
    expect(remembered(table, 2, 'abcd', 10, length)).toBe(14);
    expect([...table.keys()]).toEqual(['abcd']);
    expect(remembered(table, 2, 'ab', 10, length)).toBe(12);
    expect(calls).toBe(4);
  });

  it('keeps one inner table per outer key', () => {
    const tables = new Map<string, Map<string, boolean>>();
    const a = rememberedTable(tables, 4, 'policy-a');
    expect(rememberedTable(tables, 4, 'policy-a')).toBe(a);
    expect(rememberedTable(tables, 4, 'policy-b')).not.toBe(a);
  });
});
