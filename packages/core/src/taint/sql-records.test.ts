import { describe, expect, it } from 'vitest';
import { parseSelect } from './sql-records';

describe('parseSelect', () => {
  it('reads the table and the names the rows get', () => {
    expect(parseSelect("select * from users where Email = 'x'")).toEqual({ table: 'users', columns: undefined });
    expect(parseSelect('SELECT u.* FROM dbo.[NguoiDung] u')).toEqual({ table: 'NguoiDung', columns: undefined });
    expect(parseSelect('SELECT u.HoTen AS ten, Email FROM users u WHERE id = ?')).toEqual({ table: 'users', columns: ['ten', 'Email'] });
    expect(parseSelect('select CONCAT(ho, " ", ten) hoTen, so_cccd from `cong_dan`')).toEqual({ table: 'cong_dan', columns: ['hoTen', 'so_cccd'] });
    expect(parseSelect('select count(*) as total from users')).toEqual({ table: 'users', columns: ['total'] });
    expect(parseSelect('SELECT DISTINCT TOP 10 MaHo FROM HoKhau')).toEqual({ table: 'HoKhau', columns: ['MaHo'] });
  });

  it('is no query for other statements and for sentences', () => {
    expect(parseSelect("update users set HoTen = 'x'")).toBeUndefined();
    expect(parseSelect('insert into users (HoTen) values (?)')).toBeUndefined();
    expect(parseSelect('Select your name from the list')).toBeUndefined();
    expect(parseSelect('Chọn một tỉnh')).toBeUndefined();
  });
});
