// Quick checks without a browser: `node --test tests/` (or `node tests/unit.test.mjs`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDemoUsers, pickTeam } from './lib.mjs';

test('the demo account table of `vanthu serve --demo` is understood', () => {
  const out = 'Tài khoản mẫu (tên đăng nhập — mật khẩu — vai trò — cơ quan):\n'
    + '  chuyenvien.vq  Ab3-x9  chuyên viên (specialist)  ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN\n'
    + '  vanthu.vq  zz  văn thư (clerk)  ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN\n'
    + 'vanthu: đang phục vụ tại http://127.0.0.1:8080/ (dữ liệu: d; dừng bằng Ctrl+C)\n';
  assert.deepEqual(parseDemoUsers(out), [
    { username: 'chuyenvien.vq', password: 'Ab3-x9', role: 'specialist', office: 'ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN' },
    { username: 'vanthu.vq', password: 'zz', role: 'clerk', office: 'ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN' },
  ]);
});

test('other spellings of a user and a password are understood', () => {
  assert.deepEqual(parseDemoUsers('user: a.b password: x1\n  - c.d / y2\nusername=e password=z3'), [
    { username: 'a.b', password: 'x1' }, { username: 'c.d', password: 'y2' }, { username: 'e', password: 'z3' },
  ]);
  assert.deepEqual(parseDemoUsers('vanthu: đang phục vụ tại http://127.0.0.1:8080/'), []);
});

test('a team comes from one office, the preferred one first', () => {
  const a = (username, role, officeId, officeName) => ({ username, user: { role, officeId, officeName } });
  const accounts = [
    a('s1', 'specialist', 1, 'TỈNH ỦY'), a('l1', 'leader', 1, 'TỈNH ỦY'), a('c1', 'clerk', 1, 'TỈNH ỦY'),
    a('s2', 'specialist', 2, 'ỦY BAN NHÂN DÂN HUYỆN X'), a('l2', 'leader', 2, 'ỦY BAN NHÂN DÂN HUYỆN X'),
    a('c2', 'clerk', 2, 'ỦY BAN NHÂN DÂN HUYỆN X'), a('c3', 'clerk', 3, 'XÃ'),
  ];
  assert.equal(pickTeam(accounts).clerk.username, 'c1');
  assert.equal(pickTeam(accounts, /ỦY BAN NHÂN DÂN HUYỆN/).leader.username, 'l2');
  assert.equal(pickTeam(accounts.filter((x) => x.user.role !== 'leader')), null);
});
