import { progress, readmeIn } from './output';

describe('progress', () => {
  it('shows nothing for a quick scan, then the phase in place, and erases itself', () => {
    let now = 0;
    const written: string[] = [];
    const bar = progress(true, (s) => written.push(s), () => now);
    bar.phase('collecting files');
    expect(written).toEqual([]);
    now = 1500;
    bar.phase('checking 12 file(s)');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\r\u001b\[2Kpopdb-guard: checking 12 file\(s\) · /);
    bar.done();
    expect(written[1]).toBe('\r\u001b[2K');
  });

  it('shows files done / total in the phase that counts them, and drops the count at the next phase', () => {
    let now = 0;
    const written: string[] = [];
    const bar = progress(true, (s) => written.push(s), () => now);
    bar.phase('checking 120 file(s)');
    bar.files(0, 120);
    expect(written).toEqual([]);
    now = 2100;
    bar.files(50, 120);
    expect(written.at(-1)).toBe('\r\u001b[2Kpopdb-guard: checking 120 file(s) · 50/120 · 2s');
    bar.phase('building the connection inventory');
    expect(written.at(-1)).toBe('\r\u001b[2Kpopdb-guard: building the connection inventory · 2s');
    bar.done();
  });

  it('writes nothing at all when disabled (not a terminal)', () => {
    let now = 0;
    const written: string[] = [];
    const bar = progress(false, (s) => written.push(s), () => now);
    now = 5000;
    bar.phase('checking');
    bar.files(3, 9);
    bar.done();
    expect(written).toEqual([]);
  });

  it('quick scans leave no erase sequence behind', () => {
    const written: string[] = [];
    const bar = progress(true, (s) => written.push(s), () => 0);
    bar.phase('checking');
    bar.done();
    expect(written).toEqual([]);
  });
});

describe('readmeIn', () => {
  const md = '# popdb/x\n\nDescription\n\n## Tiếng Việt\n\nviệt\n\n## English\n\nenglish\n\n## Examples\n\ncode\n';
  it('keeps the shared sections and the chosen language', () => {
    expect(readmeIn(md, 'en')).toBe('# popdb/x\n\nDescription\n\n## English\n\nenglish\n\n## Examples\n\ncode\n');
    expect(readmeIn(md, 'vi')).toBe('# popdb/x\n\nDescription\n\n## Tiếng Việt\n\nviệt\n\n## Examples\n\ncode\n');
    expect(readmeIn(md, 'both')).toBe(md);
  });
});
