// Measures the shared credential detector (popdb/no-hardcoded-credentials + popdb/no-default-credentials):
//  1. a 1,000-line NestJS service re-linted as on every keystroke: TypeScript parse vs detection (both rules);
//  2. a synthetic 2,000-file integration repository through ESLint, with ESLint's own per-rule times.
// Usage: npm run build && node scripts/bench-credentials.mjs [files=2000]
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('@popdb-guard/core');
const { buildEslintConfig } = require('@popdb-guard/engine');
const { ESLint } = require('eslint');

const service = (i, leak) => `import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import axios from 'axios';

@Injectable()
export class DanCuService${i} {
  private readonly logger = new Logger(DanCuService${i}.name);
  private readonly baseUrl = this.config.get<string>('DANCU_API_URL');
  private readonly accessKey = this.config.get<string>('LGSP_ACCESS_KEY');
  ${leak ? "private readonly secretKey = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';" : "private readonly secretKey = this.config.get<string>('LGSP_SECRET_KEY');"}
  constructor(private readonly config: ConfigService) {}

  private token(): string {
    return Buffer.from(JSON.stringify({ AccessKey: this.accessKey, SecretKey: this.secretKey, AppName: 'motcua', PartnerCode: '000.00.31.H56' })).toString('base64');
  }

  async traCuu(req: { soDinhDanh: string; hoVaTen: string; maYeuCau: string }) {
    const headers = { 'Content-Type': 'application/json', lgspAccessToken: this.token(), Authorization: \`Bearer \${await this.getAccessToken()}\` };
    const messages = { notFound: 'Không tìm thấy công dân', password: 'Mật khẩu', invalid: 'Thông tin không hợp lệ' };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { data } = await axios.post(\`\${this.baseUrl}/CungCapThongTinCongDan\`, { MaYeuCau: req.maYeuCau, SoDinhDanh: req.soDinhDanh, HoVaTen: req.hoVaTen }, { headers, timeout: 10_000 });
        if (data?.KetQua?.MaLoi && data.KetQua.MaLoi !== '00') { this.logger.warn(\`LGSP error \${data.KetQua.MaLoi}: \${messages.invalid}\`); return null; }
        return { soDinhDanh: data.SoDinhDanh, hoVaTen: data.HoVaTen, queQuan: data.QueQuan?.ChiTiet };
      } catch (e) {
        this.logger.error(\`attempt \${attempt} failed: \${(e as Error).message}\`);
      }
    }
    throw new Error(messages.notFound);
  }

  private async getAccessToken(): Promise<string> {
    const { data } = await axios.post(\`\${this.baseUrl}/token\`, new URLSearchParams({ grant_type: 'client_credentials', client_id: this.config.get('LGSP_CLIENT_ID') ?? '' }));
    return data.access_token;
  }
}
`;
const screen = (i) => `import React from 'react';
import { Form, Input, Button } from 'antd';
export default function Login${i}({ onFinish }) {
  return (
    <Form layout="vertical" onFinish={onFinish}>
      <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}><Input placeholder="admin" /></Form.Item>
      <Form.Item label="Mật khẩu" name="password" rules={[{ min: 8, message: 'Password must be at least 8 characters' }]}><Input.Password placeholder="Mật khẩu" /></Form.Item>
      <a href="/reset-password">Quên mật khẩu?</a>
      <Button type="primary" htmlType="submit">Đăng nhập</Button>
    </Form>
  );
}
`;
const job = (i, leak) => `const { Pool } = require('pg');
const pool = new Pool({ host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD${leak ? " || 'postgres'" : ''} });
module.exports = async function dongBo${i}(rows) {
  for (const row of rows) await pool.query('UPDATE ho_so SET trang_thai = $1 WHERE ma_ho_so = $2', ['DA_DONG_BO', row.maHoSo]);
};
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// 1. keystroke
{
  const text = Array.from({ length: 25 }, (_, i) => service(i, false)).join('\n');
  const policy = core.defaultPolicy(tmpdir());
  const parse = [];
  const detect = [];
  for (let i = 0; i < 60; i++) {
    let t = performance.now();
    const sf = core.parseSource(join(tmpdir(), 'big.ts'), `${text}\n// ${i}`);
    parse.push(performance.now() - t);
    t = performance.now();
    core.credentials.findSourceCredentials(sf.fileName, sf, policy, 'no-hardcoded-credentials');
    core.credentials.findSourceCredentials(sf.fileName, sf, policy, 'no-default-credentials');
    detect.push(performance.now() - t);
  }
  console.log(`keystroke: ${text.split('\n').length} lines, parse median ${median(parse).toFixed(2)} ms, detection (both rules) median ${median(detect).toFixed(2)} ms`);
}

// 2. repository
{
  const files = Number(process.argv[2] ?? 2000);
  const root = mkdtempSync(join(tmpdir(), 'popdb-cred-bench-'));
  const write = (rel, text) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  let expected = 0;
  for (let i = 0; i < files; i++) {
    const leak = i % 50 === 0;
    if (i % 5 < 2) { write(`src/m${i % 40}/dan-cu-${i}.service.ts`, service(i, leak)); expected += leak ? 1 : 0; }
    else if (i % 5 < 4) write(`web/src/s${i % 30}/Login${i}.jsx`, screen(i));
    else { write(`jobs/dong-bo-${i}.js`, job(i, i % 40 === 4)); expected += i % 40 === 4 ? 1 : 0; }
  }
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: buildEslintConfig(core.defaultPolicy(root)), stats: true });
  const t0 = performance.now();
  const results = await eslint.lintFiles(['.']);
  const wall = performance.now() - t0;
  let parse = 0;
  let findings = 0;
  const rules = {};
  for (const r of results) {
    findings += r.messages.length;
    for (const pass of r.stats?.times?.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + t.total;
    }
  }
  console.log(`repository: ${results.length} files, ${findings} findings (${expected} planted), wall ${(wall / 1000).toFixed(1)} s, parse ${(parse / 1000).toFixed(1)} s`);
  for (const [id, t] of Object.entries(rules)) console.log(`  ${id}: ${(t / 1000).toFixed(2)} s (includes the host's policy lookup per file)`);
  rmSync(root, { recursive: true, force: true });
}
