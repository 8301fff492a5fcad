import * as path from 'node:path';
import ts from 'typescript';
import {
  ProjectFiles,
  ProjectModel,
  canBeginUrl,
  classifyEndpoint,
  classifyPartial,
  describeChain,
  findQuerySites,
  isPopulationDbPartial,
  isPopulationDbUrl,
  looksLikeUrl,
  matchesEndpointPattern,
  partialUrl,
  resolvePolicy,
  type Policy,
  type StringPart,
} from '@popdb-guard/core';

const registered = (...registeredEndpoints: string[]): Policy => resolvePolicy({ populationDb: { registeredEndpoints } }, { rootDir: '/' });

describe('classifyEndpoint (parsed URLs, not text prefixes)', () => {
  const policy = registered('https://lgsp.danang.gov.vn/dancu/v1/');
  it.each([
    ['https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan', 'registered'],
    ['https://LGSP.DANANG.GOV.VN/dancu/v1/x', 'registered'],
    ['https://lgsp.danang.gov.vn:443/dancu/v1/x', 'registered'],
    ['https://lgsp.danang.gov.vn/dancu/v1', 'registered'],
    ['http://lgsp.danang.gov.vn/dancu/v1/x', 'insecure'],
    ['https://lgsp.danang.gov.vn.evil.com/dancu/v1/x', 'unregistered'],
    ['https://lgsp.danang.gov.vn@evil.com/dancu/v1/x', 'unregistered'],
    ['https://user:pw@lgsp.danang.gov.vn/dancu/v1/x', 'unregistered'],
    ['https://lgsp.danang.gov.vn:8443/dancu/v1/x', 'unregistered'],
    ['https://lgsp.danang.gov.vn/dancu/v10/x', 'unregistered'],
    ['https://lgsp.danang.gov.vn/dancu/x', 'unregistered'],
    ['https://evil.com/https://lgsp.danang.gov.vn/dancu/v1/', 'unregistered'],
  ])('%s is %s', (url, kind) => {
    expect(classifyEndpoint(url, policy).kind).toBe(kind);
  });

  it('with no registered endpoint, every URL is unregistered (secure by default)', () => {
    expect(classifyEndpoint('https://lgsp.danang.gov.vn/dancu/v1/x', registered()).kind).toBe('unregistered');
  });
});

describe('isPopulationDbUrl', () => {
  it('passes over local mocks and reserved documentation hosts', () => {
    for (const url of ['http://localhost:3001/dancu/v1/CungCapThongTinCongDan', 'http://127.0.0.1:8080/dancu/v1/x', 'http://[::1]/dancu/v1', 'https://mock.dancu.test/dancu/v1', 'https://api.example.com/dancu/v1', 'https://lgsp.invalid/dancu/']) {
      expect(isPopulationDbUrl(url, policy), url).toBe(false);
    }
    // a real-looking gateway host, even one with "example" in it, still counts
    expect(isPopulationDbUrl('https://lgsp.example.gov.vn/dancu/v1/', policy)).toBe(true);
  });

  const policy = registered();
  it('matches built-in patterns case-insensitively', () => {
    expect(isPopulationDbUrl('https://DichVuCong.DanCuQuocGia.gov.vn/api', policy)).toBe(true);
    expect(isPopulationDbUrl('https://lgsp.x.gov.vn/api/XacThucThongTinCongDan', policy)).toBe(true);
  });
  it('treats XML namespaces and text that is not a URL as names', () => {
    expect(isPopulationDbUrl('http://www.mic.gov.vn/dancu/1.0', policy)).toBe(false);
    expect(isPopulationDbUrl('http://dancuquocgia.bca', policy)).toBe(false);
    expect(isPopulationDbUrl('<Envelope xmlns="http://www.mic.gov.vn/dancu/1.0"/>', policy)).toBe(false);
  });
  it('does not treat a whole LGSP gateway as the population DB', () => {
    expect(isPopulationDbUrl('https://lgsp.danang.gov.vn/bhxh/v1/the', policy)).toBe(false);
  });
  it('answers the same text by each policy of its own (the answers are remembered per policy)', () => {
    const url = 'https://lgsp.danang.gov.vn/bhxh/v1/the';
    const withPattern = resolvePolicy({ populationDb: { endpointPatterns: ['*://*/bhxh/*'] } }, { rootDir: '/' });
    expect(isPopulationDbUrl(url, policy)).toBe(false);
    expect(isPopulationDbUrl(url, withPattern)).toBe(true);
    expect(isPopulationDbUrl(url, policy)).toBe(false);
    // a long text is answered without being remembered, the same way
    const long = `https://dichvucong.dancuquocgia.gov.vn/${'a'.repeat(5000)}`;
    expect(isPopulationDbUrl(long, policy)).toBe(true);
    expect(isPopulationDbUrl(` ${long} `, policy)).toBe(true);
  });
});

describe('findQuerySites on the multi-file fixture', () => {
  const root = path.resolve(__dirname, '../../../../test/fixtures/query-project');
  const model = new ProjectModel(root, resolvePolicy({ populationDb: { registeredEndpoints: ['https://lgsp.danang.gov.vn/dancu/v1/'] } }, { rootDir: root }), new ProjectFiles());
  const sitesOf = (rel: string) => findQuerySites(model, model.fileIndex(path.join(root, rel))!);

  it('finds a request through an axios instance exported from another file, with its resolved endpoint', () => {
    const [site] = sitesOf('src/clients/dancu-api.ts');
    expect(site.kind).toBe('request');
    expect(site.client).toBe('axios');
    expect(site.endpoint?.text).toBe('https://lgsp.danang.gov.vn/dancu/v1/CungCapThongTinCongDan');
    expect(site.endpoint?.status.kind).toBe('registered');
  });

  it('follows wrappers across three files and keeps the chain', () => {
    const sites = sitesOf('src/jobs/sync-job.ts');
    const loop = sites.find((s) => s.enclosing?.name === 'dongBoHoSo')!;
    expect(loop.kind).toBe('wrapper');
    expect(describeChain(loop)).toBe('CitizenService.lookup → traCuuCongDan → dancuApi.post');
    expect(loop.chain.map((s) => path.relative(root, s.fileName))).toEqual(['src/jobs/sync-job.ts', 'src/services/citizen.service.ts', 'src/clients/dancu-api.ts']);
  });

  it('recognizes a SOAP operation on a client created from a WSDL constant', () => {
    const [site] = sitesOf('src/clients/soap-client.ts');
    expect(site.client).toBe('soap');
    expect(site.request?.operation).toBe('XacMinhThongTinNhanThan');
    expect(site.endpoint?.text).toBe('https://lgsp.danang.gov.vn/dancu/v1/CongDanService?wsdl');
  });

  it('does not count requests to another LGSP service or the audit log service', () => {
    expect(sitesOf('src/clients/bhxh-client.ts')).toEqual([]);
    expect(sitesOf('src/audit/audit.ts')).toEqual([]);
    expect(sitesOf('src/jobs/sync-job.ts').filter((s) => s.enclosing?.name === 'dongBoBhxh')).toEqual([]);
  });

  it('memoizes sites per file content', () => {
    const index = model.fileIndex(path.join(root, 'src/routes/citizen.router.ts'))!;
    expect(findQuerySites(model, index)).toBe(findQuerySites(model, index));
    expect(findQuerySites(model, index).every((s) => ts.isCallExpression(s.call))).toBe(true);
  });
});

describe('URLs as the WHATWG parser reads them (issue 14, item 6)', () => {
  const policy = registered('https://lgsp.example.gov.vn/dancu/v1/');
  const judge = (url: string) => ({ populationDb: isPopulationDbUrl(url, policy), kind: classifyEndpoint(url, policy).kind });

  it.each([
    ['no slashes after the scheme', 'https:evil.com/dancu/v1/x'],
    ['one slash', 'https:/evil.com/dancu/v1/x'],
    ['three slashes', 'https:///evil.com/dancu/v1/x'],
    ['backslashes', 'https:\\\\evil.com\\dancu\\v1\\x'],
    ['a tab inside', 'https://evil.com/dan\tcu/v1/x'],
    ['a newline inside', 'https://evil.com/dan\ncu/v1/x'],
    ['percent-encoded path letters', 'https://evil.com/dan%63u/v1/x'],
    ['protocol-relative', '//evil.com/dancu/v1/x'],
    ['protocol-relative with backslashes', '\\\\evil.com\\dancu\\v1\\x'],
  ])('%s is a population-DB URL to another host: %s', (_, url) => {
    expect(judge(url)).toEqual({ populationDb: true, kind: 'unregistered' });
  });

  it.each([
    ['an encoded traversal out of the prefix', 'https://lgsp.example.gov.vn/dancu/v1/..%2f..%2fadmin/x'],
    ['an encoded backslash', 'https://lgsp.example.gov.vn/dancu/v1/..%5c..%5cadmin'],
    ['another case (paths are case-sensitive)', 'https://lgsp.example.gov.vn/DANCU/V1/x'],
    ['a NUL in the path', 'https://lgsp.example.gov.vn/dancu/v1/\u0000x'],
    ['an encoded NUL', 'https://lgsp.example.gov.vn/dancu/v1/%00x'],
  ])('%s is not registered: %s', (_, url) => {
    expect(judge(url).kind).toBe('unregistered');
  });

  it('still registers what the parser normalizes to the registered prefix', () => {
    for (const url of ['https:lgsp.example.gov.vn/dancu/v1/x', 'https://lgsp.example.gov.vn/dan%63u/v1/x', 'https://lgsp.example.gov.vn/dancu/v1/%2e%2e/v1/x', 'https://LGSP.example.gov.vn/dancu/v1/x']) {
      expect(judge(url), url).toEqual({ populationDb: true, kind: 'registered' });
    }
  });

  it.each([
    'https://lgsp.example.gov.vn.evil.com/dancu/v1/x',
    'https://evil.com/lgsp.example.gov.vn/dancu/v1/x',
    'https://lgsp.example.gov.vn@evil.com/dancu/v1/x',
    'https://user:pass@lgsp.example.gov.vn/dancu/v1/x',
    'https://evil.com#lgsp.example.gov.vn/dancu/v1/x',
    'https://evil.com?lgsp.example.gov.vn/dancu/v1/x',
    'https://evil.com/dancu/v1/?next=https://lgsp.example.gov.vn/dancu/v1/',
    'https://lgsp.example.gov.vn/dancu/v1/../../admin/x',
    'https://lgsp.example.gov.vn/dancu/v1/%2e%2e/%2e%2e/admin',
    'https://lgsp.example.gov.vn:8443/dancu/v1/x',
    'https://lgsp.example.gov.vn:444/dancu/v1/x',
    'https://lgsp.example.gov.vn./dancu/v1/x',
    'https://lgsp.examp1e.gov.vn/dancu/v1/x',
    'https://lgsp.exаmple.gov.vn/dancu/v1/x',
    'https://xn--lgsp-example-gov-vn.evil/dancu/v1/x',
    'wss://lgsp.example.gov.vn/dancu/v1/x',
    'ws://lgsp.example.gov.vn/dancu/v1/x',
    'ftp://lgsp.example.gov.vn/dancu/v1/x',
    'https://lgsp.example.gov.vn/dancu/v10/x',
    'https://lgsp.example.gov.vn/dancu/x',
  ])('a classic look-alike stays unregistered: %s', (url) => {
    expect(classifyEndpoint(url, policy).kind).toBe('unregistered');
  });

  it('a template whose host is only partly known is unregistered unless a registered host can still complete it', () => {
    const hole: StringPart = { kind: 'unknown', node: ts.factory.createIdentifier('x') };
    const status = (...parts: StringPart[]) => classifyPartial(partialUrl(parts, policy), policy).kind;
    const text = (t: string): StringPart => ({ kind: 'text', text: t });
    expect(status(text('https://lgsp.example.gov.vn.'), hole, text('/dancu/v1/x'))).toBe('unregistered');
    expect(status(text('https://evil-'), hole, text('.vn/dancu/v1/x'))).toBe('unregistered');
    expect(status(text('https:\\\\evil.com\\dancu\\'), hole)).toBe('unregistered');
    expect(status(text('https://lgsp.'), hole, text('.gov.vn/dancu/v1/x'))).toBe('undecided');
    expect(status(text('https://'), hole, text('/dancu/v1/x'))).toBe('undecided');
    expect(status(text('https://lgsp.example.gov.vn/dancu/v1/'), hole)).toBe('registered');
    expect(isPopulationDbPartial(partialUrl([text('https://lgsp.example.gov.vn.'), hole, text('/dancu/v1/x')], policy), policy)).toBe(true);
  });

  it('matches endpoint patterns in linear time: a 10 KB literal of `a://` is one left-to-right scan', () => {
    // no timing: the matcher has no backtracking state to blow up, so a result at all is the check
    const hostile = `${'a://'.repeat(2500)}`;
    expect(isPopulationDbUrl(hostile, policy)).toBe(false);
    expect(matchesEndpointPattern(`https://x/${'*'.repeat(50)}/dancu/v1`, '*://*/*/*/*/*/*/*/*/*/*/*/*/dancu/*')).toBe(false);
    expect(matchesEndpointPattern('https://a/b/c/d/dancu/v1', '*://*/*/*/dancu/*')).toBe(true);
    expect(matchesEndpointPattern('https://a/dancu', '*://*/dancu/*')).toBe(false);
    expect(matchesEndpointPattern('https://a/dancu/', '*://*/dancu/*')).toBe(true);
  });
});

describe('canBeginUrl (a string whose head rules out a URL is not evaluated further)', () => {
  it('answers for heads that write a scheme, its start, a scheme-relative URL or nothing yet', () => {
    for (const head of ['', '   ', '\t\n', 'h', 'ht', 'https', 'https:', 'https://', ' https://', 'HTTP:', 'git+ssh:', '\u00a0ht', '//', '\\\\', '/\\', '/api/']) expect(canBeginUrl(head), JSON.stringify(head)).toBe(true);
    for (const head of ['Không tìm thấy ', 'Lỗi: ', 'Error ', 'url=', ':', '1https', 'http s', '%00', '\u0000', '"https://', '(https']) expect(canBeginUrl(head), JSON.stringify(head)).toBe(false);
  });

  it('is sound against the parser: no text whose head it rules out is a URL, whatever follows the head', () => {
    const heads = ['Không tìm thấy ', 'Lỗi: ', 'Error ', 'url=', ':', '1https', 'http s', '%00', '\u0000', '"', '(', ' x ', 'a b', 'a_b:', '-//', '\u00a0x y'];
    const tails = ['', 'https://lgsp.quangnam.gov.vn/dancu/v1/', '//lgsp.quangnam.gov.vn/dancu/', 'tps://lgsp.quangnam.gov.vn/', ':https://x.gov.vn', ' ', '\\\\evil.com\\dancu'];
    // the default endpoint patterns, which match every tail's URL on its own
    const policy = registered();
    for (const tail of tails.filter((t) => t.includes('gov.vn/'))) expect(isPopulationDbUrl(tail, policy) || looksLikeUrl(tail), tail).toBe(true);
    for (const head of heads) {
      expect(canBeginUrl(head), JSON.stringify(head)).toBe(false);
      for (const tail of tails) {
        expect(looksLikeUrl(head + tail), JSON.stringify(head + tail)).toBe(false);
        expect(isPopulationDbUrl(head + tail, policy), JSON.stringify(head + tail)).toBe(false);
        // the same text known only in part (a hole where a parameter sits)
        expect(isPopulationDbPartial({ skeleton: `${head}\u0000${tail}`, knownPrefix: head, complete: false, startsUnknown: false }, policy), JSON.stringify(head)).toBe(false);
      }
    }
  });
});
