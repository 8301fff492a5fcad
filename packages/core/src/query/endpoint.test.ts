import * as path from 'node:path';
import ts from 'typescript';
import { ProjectFiles, ProjectModel, classifyEndpoint, describeChain, findQuerySites, isPopulationDbUrl, resolvePolicy, type Policy } from '@popdb-guard/core';

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
