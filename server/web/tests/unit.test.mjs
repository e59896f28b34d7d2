// Quick checks without a browser: `node --test tests/` (or `node tests/unit.test.mjs`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDemoUsers, pickTeam } from './lib.mjs';
import {
  vietnamToday, daysBetween, caseFileOf, openFiles, archiveStatus, filedDocumentHref, filedNotation, attachmentName,
  inDateOrder,
} from '../src/casefile-rules.js';
import { isStale, differences } from '../src/stale.js';
import { longTermSentence, longTermStateNote } from '../src/longterm.js';

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

test('case files: the file of a list entry, open files, the day in Vietnam', () => {
  const files = [
    { id: 1, year: 2025, code: 'HS-01', state: 'closed' }, { id: 2, year: 2026, code: 'HS-02', state: 'open' },
    { id: 3, year: 2026, code: 'HS-01', state: 'open' }, { id: 4, year: 2025, code: 'HS-09', state: 'open' },
  ];
  assert.equal(caseFileOf({ year: 2026, code: 'HS-01' }, files).id, 3);
  assert.equal(caseFileOf({ year: 2026, code: 'HS-03' }, files), null);
  assert.deepEqual(openFiles(files).map((f) => f.id), [3, 2, 4]);
  assert.equal(vietnamToday(Date.parse('2026-06-15T17:30:00Z')), '2026-06-16'); // 00:30 in Hà Nội
  assert.equal(vietnamToday(Date.parse('2026-06-15T16:59:00Z')), '2026-06-15');
  assert.equal(daysBetween('2026-12-31', '2027-01-30'), 30);
  assert.equal(daysBetween('2027-01-30', '2026-12-31'), -30);
});

test('case files: when a closed file is due at the archive', () => {
  const closed = (archiveDueOn, archiveWarning = false) => ({ state: 'closed', archiveDueOn, archiveWarning });
  assert.equal(archiveStatus({ state: 'open', archiveDueOn: '' }, '2026-06-16'), null);
  assert.deepEqual(archiveStatus(closed('2027-06-16'), '2026-06-16'), { level: 'ok', text: 'Nộp lưu trước 16/06/2027' });
  assert.deepEqual(archiveStatus(closed('2027-06-16', true), '2027-05-17'),
    { level: 'due-soon', text: 'Sắp đến hạn nộp lưu: còn 30 ngày (hạn 16/06/2027)' });
  assert.equal(archiveStatus(closed('2027-06-16', true), '2027-06-16').text, 'Đến hạn nộp lưu hôm nay (16/06/2027)');
  assert.deepEqual(archiveStatus(closed('2027-06-16', true), '2027-06-18'),
    { level: 'overdue', text: 'Quá hạn nộp lưu 2 ngày (hạn 16/06/2027)' });
});

test('case files: a handed-over file is no longer due; the index of documents is in date order', () => {
  const handed = { state: 'closed', archiveDueOn: '2027-06-16', archiveWarning: false,
    handover: { handedAt: '2027-06-01T09:00:00+07:00' } };
  assert.deepEqual(archiveStatus(handed, '2027-06-18'), { level: 'handed', text: 'Đã nộp lưu ngày 01/06/2027' });
  const filed = [{ id: 1, issuedDate: '2026-06-18' }, { id: 2, issuedDate: '2026-06-16' },
    { id: 3, issuedDate: '2026-05-28' }, { id: 4, issuedDate: '2026-06-16' }];
  assert.deepEqual(inDateOrder(filed).map((d) => [d.id, d.position]), [[3, 1], [2, 2], [4, 3], [1, 4]]);
});

test('case files: filed documents and the package file name', () => {
  assert.equal(filedDocumentHref({ kind: 'outgoing', id: 7 }), '#/documents/7');
  assert.equal(filedDocumentHref({ kind: 'incoming', id: 4 }), '#/incoming/4');
  assert.equal(filedDocumentHref({ kind: 'imported', id: 12 }), '#/imported/12');
  assert.equal(filedNotation({ codeNumber: '05', codeNotation: 'UBND-NV' }), '05/UBND-NV');
  assert.equal(filedNotation({ codeNumber: '', codeNotation: '' }), '—');
  assert.equal(attachmentName('attachment; filename="ho-so-HS-01-2026.zip"', 'x.zip'), 'ho-so-HS-01-2026.zip');
  assert.equal(attachmentName("attachment; filename*=UTF-8''h%E1%BB%93-s%C6%A1.zip", 'x.zip'), 'hồ-sơ.zip');
  assert.equal(attachmentName(null, 'x.zip'), 'x.zip');
});

test('issue 16: dates in Vietnam time, history and signature checks in words', async () => {
  const { formatDate, datesInText } = await import('../src/dom.js');
  const { actorName, detailText } = await import('../src/history.js');
  const { checkText, revocationUnknown } = await import('../src/verification.js');
  assert.equal(formatDate('2026-06-16T20:30:00Z', true), '17/06/2026 03:30');
  assert.equal(formatDate('2026-06-16T09:30', true), '16/06/2026 09:30');
  assert.equal(datesInText('hạn 2026-06-20; lúc 2026-06-16T20:30:00Z'), 'hạn 20/06/2026; lúc 17/06/2026 03:30');
  assert.equal(actorName('dispatch'), 'Hệ thống (gửi, nhận văn bản điện tử)');
  assert.equal(actorName('000.00.32.H37'), 'Cơ quan nhận');
  assert.equal(actorName('Nguyễn Văn A'), 'Nguyễn Văn A');
  assert.equal(detailText('receive', 'UBND — 01/UBND-NV (local, chữ ký valid)'),
    'UBND — 01/UBND-NV (Điện tử (cùng hệ thống); chữ ký số hợp lệ)');
  assert.equal(detailText('recipient-status', 'UBND xã: 03 Đã tiếp nhận'), 'UBND xã: Đã tiếp nhận');
  const unknown = { name: 'revocation', status: 'unknown', detail: 'no revocation data (sign at B-LT to embed it, or pass --crl)' };
  assert.doesNotMatch(checkText(unknown), /--crl|pass|revocation/);
  assert.match(checkText(unknown), /Chưa xác định/);
  assert.equal(revocationUnknown({ checks: [unknown] }), true);
  assert.equal(revocationUnknown({ checks: [{ name: 'revocation', status: 'passed' }] }), false);
  assert.match(checkText({ name: 'new-check', status: 'warning', detail: 'English' }), /^Kiểm tra khác: Cảnh báo\.$/);
});

test('issue 16: the deadlines page filters and sorts by due date', async () => {
  const { daysUntil, daysLeftText, deadlineFilter, byDeadline } = await import('../src/days.js');
  assert.equal(daysUntil('2026-06-30', '2026-06-15'), 15);
  assert.equal(daysLeftText(daysUntil('2026-06-10', '2026-06-15')), 'Quá hạn 5 ngày');
  assert.equal(daysLeftText(null), 'Không có hạn');
  const open = [{ id: 1, deadline: '2026-06-30' }, { id: 2, deadline: '' }, { id: 3, deadline: '2026-06-10' }, { id: 4, deadline: '2026-06-16' }];
  assert.deepEqual([...open].sort(byDeadline).map((d) => d.id), [3, 4, 1, 2]);
  assert.deepEqual(open.filter(deadlineFilter('all', '2026-06-15')).length, 4);
  assert.deepEqual(open.filter(deadlineFilter('overdue', '2026-06-15')).map((d) => d.id), [3]);
  assert.deepEqual(open.filter(deadlineFilter('7', '2026-06-15')).map((d) => d.id), [3, 4]);
  assert.deepEqual(open.filter(deadlineFilter('none', '2026-06-15')).map((d) => d.id), [2]);
});

test('issue 16: an English server message never reaches the screen', async () => {
  const store = { getItem: () => null, setItem: () => {}, removeItem: () => {} };
  globalThis.sessionStorage ??= store;
  globalThis.localStorage ??= store;
  const { inVietnamese } = await import('../src/api.js');
  assert.equal(inVietnamese(422, 'field "recipients": is missing'), 'Có trường chưa đúng. Xin kiểm tra lại.');
  assert.equal(inVietnamese(409, 'Văn bản đã được sửa ở nơi khác.'), 'Văn bản đã được sửa ở nơi khác.');
  assert.match(inVietnamese(418, ''), /mã 418/);
});

test('search: columns, saved queries, every hit opens, states in Vietnamese', async () => {
  const { parseColumns, DEFAULT_COLUMNS, queryOf, hitHref, searchStateNames, FILTERS } = await import('../src/views/search.js');
  assert.deepEqual(parseColumns('subject,notation,bogus'), ['notation', 'subject']); // the table's order
  assert.deepEqual(parseColumns('bogus'), DEFAULT_COLUMNS);
  assert.deepEqual(parseColumns(''), DEFAULT_COLUMNS);
  const query = queryOf({ q: 'tuyển quân', sort: 'newest', handler: 'Nguyễn Văn Hùng', deadlineFrom: '2026-07-01', type: '' });
  const params = new URLSearchParams(query);
  assert.equal(params.get('q'), 'tuyển quân');
  assert.equal(params.get('handler'), 'Nguyễn Văn Hùng');
  assert.equal(params.get('deadlineFrom'), '2026-07-01');
  assert.equal(params.get('sort'), 'newest');
  assert.equal(params.has('type'), false);
  for (const key of ['arrival', 'handler', 'recipient', 'caseFile', 'urgency', 'secrecy', 'status', 'deadlineFrom', 'deadlineTo']) {
    assert.ok(FILTERS.includes(key), key);
  }
  assert.equal(hitHref({ kind: 'outgoing', id: 3 }), '#/documents/3');
  assert.equal(hitHref({ kind: 'incoming', id: 4 }), '#/incoming/4');
  assert.equal(hitHref({ kind: 'imported', id: 5 }), '#/imported/5');
  for (const state of ['draft', 'issued', 'arrived', 'registered', 'assigned', 'in_progress', 'done', 'imported', 'recalled']) {
    assert.match(searchStateNames[state], /[À-ỹĐđ]|^[A-Za-zÀ-ỹ ,]+$/, state);
  }
});

test('a stale save is told from other refusals; the compared rows are only what differs', () => {
  assert.equal(isStale({ status: 409, details: { currentVersion: 2, changedBy: 'A' } }), true);
  assert.equal(isStale({ status: 409, details: { code: 'conflict' } }), false); // a state conflict
  assert.equal(isStale({ status: 422, details: { currentVersion: 2 } }), false);
  assert.equal(isStale(null), false);
  const rows = differences(['rights', 'language', 'responsibleId'],
    { rights: 'Hạn chế', language: 'Tiếng Việt', responsibleId: '7' },
    { rights: 'Công khai', language: 'Tiếng Việt', responsibleId: '7' },
    (n) => n.toUpperCase(), (n, v) => `${v}`);
  assert.deepEqual(rows, [{ name: 'rights', label: 'RIGHTS', theirs: 'Hạn chế', mine: 'Công khai' }]);
});

test('the long-term copy of an issued letter in one Vietnamese sentence, dates dd/mm/yyyy (issue 21 item 4)', () => {
  const copy = { made: true, level: 'B-LTA', expiresAt: '2029-12-06T08:52:47+07:00', state: 'current' };
  assert.equal(longTermSentence(copy), 'Bản lưu giữ lâu dài: PAdES B-LTA, dấu thời gian đến hạn 06/12/2029.');
  assert.equal(longTermSentence({ ...copy, state: 'due' }),
    'Bản lưu giữ lâu dài: PAdES B-LTA, dấu thời gian đến hạn 06/12/2029 — sắp hết hạn, máy chủ sẽ gia hạn.');
  assert.equal(longTermSentence({ ...copy, state: 'weakened', weakestAlgorithm: 'SHA-1', algorithmsUntil: '2014-01-01T07:00:00+07:00' }),
    'Bản lưu giữ lâu dài: PAdES B-LTA, dấu thời gian đến hạn 06/12/2029 — thuật toán SHA-1 không còn được chấp nhận từ 01/01/2014, máy chủ sẽ gia hạn.');
  assert.equal(longTermSentence({ ...copy, state: 'weakened', weakestAlgorithm: 'RSA-2048', algorithmsUntil: '2999-01-01T07:00:00+07:00' }),
    'Bản lưu giữ lâu dài: PAdES B-LTA, dấu thời gian đến hạn 06/12/2029 — thuật toán RSA-2048 sẽ không còn được chấp nhận từ 01/01/2999, máy chủ sẽ gia hạn.');
  assert.equal(longTermSentence(null), 'Chưa có bản lưu giữ lâu dài; máy chủ sẽ lập trong lần gia hạn tới.');
  assert.equal(longTermSentence({ made: false, lastError: 'TSA không trả lời.' }),
    'Chưa lập được bản lưu giữ lâu dài: TSA không trả lời. Máy chủ sẽ thử lại.');
  // The incoming letter's panel shows the same state clause (weakened or due), nothing when current.
  assert.equal(longTermStateNote(copy), '');
  assert.equal(longTermStateNote({ ...copy, state: 'weakened', weakestAlgorithm: 'SHA-1', algorithmsUntil: '2014-01-01T07:00:00+07:00' }),
    ' — thuật toán SHA-1 không còn được chấp nhận từ 01/01/2014, máy chủ sẽ gia hạn');
});
