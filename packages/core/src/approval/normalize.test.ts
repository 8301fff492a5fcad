import ts from 'typescript';
import { normalizedCodeHash } from '@popdb-guard/core';

const hashOf = (code: string) => {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return normalizedCodeHash(sf.statements[0], sf);
};

const base = `export async function traCuu(id: string) {
  const res = await http.post(DANCU_URL, { SoDinhDanh: id });
  auditLog({ taiKhoan: user, thoiGian: now(), noiDung: 'CungCapThongTinCongDan', diaChiIp: ip });
  return res.data;
}`;

describe('normalizedCodeHash', () => {
  it('ignores reformatting, comments, quotes, semicolons and trailing commas', () => {
    const reformatted = `export async function traCuu(id: string)
{
  // tra cứu công dân
  const res = await http.post(DANCU_URL, {
    SoDinhDanh: id,
  })
  auditLog({ taiKhoan: user, thoiGian: now(), noiDung: "CungCapThongTinCongDan", diaChiIp: ip, })
  /* trả về */ return res.data
}`;
    expect(hashOf(reformatted)).toBe(hashOf(base));
  });

  it('changes when the logic changes', () => {
    expect(hashOf(base.replace('DANCU_URL', 'OTHER_URL'))).not.toBe(hashOf(base));
    expect(hashOf(base.replace("  auditLog({ taiKhoan: user, thoiGian: now(), noiDung: 'CungCapThongTinCongDan', diaChiIp: ip });\n", ''))).not.toBe(hashOf(base));
    expect(hashOf(base.replace("'CungCapThongTinCongDan'", "'CungCapThongTinHoGiaDinh'"))).not.toBe(hashOf(base));
  });
});
