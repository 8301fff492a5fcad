import { maskSecret, maskSecretsIn, matchesCalleePattern } from '@popdb-guard/core';

describe('maskSecret', () => {
  it('shows at most the first 2 and last 2 characters', () => {
    const m = maskSecret('S3cr3t-Pr0d-2024!');
    expect(m.startsWith('S3')).toBe(true);
    expect(m.endsWith('4!')).toBe(true);
    expect(m.replace(/\*/g, '')).toBe('S34!');
  });

  it('shows nothing of a short secret', () => {
    expect(maskSecret('admin')).toBe('*****');
    expect(maskSecret('12345678')).not.toMatch(/\d/);
  });

  it('masks every occurrence in a text, longest secret first', () => {
    expect(maskSecretsIn('pw=Hue@2024-long-secret and Hue@2024-long-secret', ['Hue@2024-long-secret'])).not.toContain('Hue@2024');
  });
});

describe('callee patterns', () => {
  it.each([
    [['auditLog'], 'auditLog', true],
    [['this', 'auditLog'], 'auditLog', true],
    [['this', 'audit', 'record'], 'audit.record', true],
    [['dancuClient', 'traCuu'], 'dancuClient.*', true],
    [['svc', 'dancuClient', 'traCuu'], 'dancuClient.*', true],
    [['logger', 'record'], '*.record', true],
    [['audit', 'recordAll'], 'audit.record', false],
    [['record'], 'audit.record', false],
  ] as const)('%j vs %s → %s', (chain, pattern, expected) => {
    expect(matchesCalleePattern(chain, pattern)).toBe(expected);
  });
});
