import { ConfigParseError, parseConfigFile } from '@popdb-guard/core';

const at = (text: string, start: number, end: number) => text.slice(start, end);

describe('config file parsing', () => {
  it('reads .env entries with quotes, export and inline comments, with exact offsets', () => {
    const text = '# gateway\nexport LGSP_URL="https://lgsp.hue.gov.vn/dancu"\nDB_PASS=Hue@2024 # prod\nEMPTY=\n';
    const doc = parseConfigFile('/p/.env.production', text);
    expect(doc.entries.map((e) => [e.key, e.value])).toEqual([
      ['LGSP_URL', 'https://lgsp.hue.gov.vn/dancu'],
      ['DB_PASS', 'Hue@2024'],
      ['EMPTY', ''],
    ]);
    for (const e of doc.entries) expect(at(text, e.valueStart, e.valueEnd)).toBe(e.value);
  });

  it('reads JSON with comments and trailing commas, with key paths', () => {
    const text = '{\n  // LGSP\n  "lgsp": { "secretKey": "abc", "ports": [1, 2], },\n}\n';
    const doc = parseConfigFile('/p/config/default.json', text);
    const secret = doc.entries.find((e) => e.key === 'secretKey')!;
    expect(secret.path).toEqual(['lgsp', 'secretKey']);
    expect(at(text, secret.valueStart, secret.valueEnd)).toBe('abc');
    expect(doc.entries.filter((e) => e.key === 'ports').map((e) => e.path)).toEqual([['lgsp', 'ports', '0'], ['lgsp', 'ports', '1']]);
  });

  it('reads every document of a multi-document YAML file', () => {
    const text = 'kind: Secret\nstringData:\n  password: "k8s-Pa55"\n---\nkind: ConfigMap\ndata:\n  url: https://lgsp.hue.gov.vn/dancu/v1\n';
    const doc = parseConfigFile('/p/deploy.yaml', text);
    const pw = doc.entries.find((e) => e.key === 'password')!;
    expect(at(text, pw.valueStart, pw.valueEnd)).toBe('k8s-Pa55');
    expect(doc.entries.find((e) => e.key === 'url')?.value).toBe('https://lgsp.hue.gov.vn/dancu/v1');
  });

  it('throws ConfigParseError with an offset for a file that does not parse', () => {
    expect(() => parseConfigFile('/p/a.json', '{ "a": }')).toThrow(ConfigParseError);
    expect(() => parseConfigFile('/p/a.yaml', 'a: [1, 2\nb: 3\n')).toThrow(ConfigParseError);
  });
});
