import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER || 'motcua',
  // Mật khẩu mặc định để chạy thử — vẫn còn trong mã khi lên production.
  password: process.env.DB_PASSWORD || 'admin',
  database: 'motcua',
});
