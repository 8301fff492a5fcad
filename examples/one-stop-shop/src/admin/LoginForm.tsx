import { useState } from 'react';

const labels = { username: 'Tên đăng nhập', password: 'Mật khẩu', submit: 'Đăng nhập' };

export function LoginForm({ onSubmit }: { onSubmit: (u: string, p: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit(username, password); }}>
      <label htmlFor="username">{labels.username}</label>
      <input id="username" name="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      <label htmlFor="password">{labels.password}</label>
      <input id="password" name="password" type="password" placeholder="Nhập mật khẩu" value={password} onChange={(e) => setPassword(e.target.value)} />
      <a href="/reset-password">Quên mật khẩu?</a>
      <button type="submit">{labels.submit}</button>
    </form>
  );
}
