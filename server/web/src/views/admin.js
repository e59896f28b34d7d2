// The administrator's pages: users of the offices (list and new account) and the audit trail.
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { roleNames, historyLabels } from '../labels.js';

export async function renderUsers(main, ctx) {
  ctx.setTitle('Người dùng');
  const offices = ctx.offices.length ? ctx.offices : (ctx.office ? [ctx.office] : []);
  const officeId = Number(ctx.query.get('officeId')) || ctx.user.officeId;
  const officeSelect = h('select#users-office', { 'aria-label': 'Cơ quan',
    on: { change: () => ctx.navigate(`#/users?officeId=${officeSelect.value}`) } },
  offices.map((o) => h('option', { value: String(o.id), selected: o.id === officeId }, o.name)));
  main.append(h('div.page-head', h('h1', 'Người dùng'), h('div.actions', officeSelect)));

  const users = await api.get(`/users?officeId=${officeId}`);
  main.append(h('div.table-wrap', h('table.doc-table', { 'data-testid': 'users' },
    h('thead', h('tr', h('th', 'Họ và tên'), h('th', 'Tên đăng nhập'), h('th', 'Vai trò'), h('th', 'Chức vụ'))),
    h('tbody', users.map((u) => h('tr',
      h('td', { 'data-label': 'Họ và tên' }, h('strong', u.fullName)),
      h('td', { 'data-label': 'Tên đăng nhập' }, h('code', u.username)),
      h('td', { 'data-label': 'Vai trò' }, roleNames[u.role] || u.role),
      h('td', { 'data-label': 'Chức vụ' }, u.title || '')))))));

  if (ctx.user.role !== 'administrator') return;
  const f = {
    fullName: h('input#nu-fullName', { required: true, autocomplete: 'off' }),
    username: h('input#nu-username', { required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
    role: h('select#nu-role', Object.entries(roleNames).map(([v, label]) => h('option', { value: v, selected: v === 'specialist' }, label))),
    title: h('input#nu-title', { placeholder: 'PHÓ CHỦ TỊCH, CHUYÊN VIÊN…' }),
    password: h('input#nu-password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10 }),
  };
  const error = h('div.alert.alert-error', { role: 'alert', hidden: true });
  const field = (id, label, control, hint) => h('div.field', h('label', { for: id }, label), control, hint ? h('p.hint', hint) : null);
  const form = h('form.editor-form.narrow', { novalidate: true, on: { submit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    try {
      await api.post('/users', {
        fullName: f.fullName.value.trim(), username: f.username.value.trim(), role: f.role.value,
        title: f.title.value.trim(), password: f.password.value, officeId,
      });
      ctx.toast(`Đã tạo tài khoản ${f.username.value.trim()}.`);
      ctx.navigate(`#/users?officeId=${officeId}`, { replace: true });
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  } } },
  h('h2', 'Thêm người dùng'), error,
  h('div.grid-2', field('nu-fullName', 'Họ và tên', f.fullName), field('nu-username', 'Tên đăng nhập', f.username)),
  h('div.grid-2', field('nu-role', 'Vai trò', f.role), field('nu-title', 'Chức vụ (in dưới chữ ký)', f.title)),
  field('nu-password', 'Mật khẩu ban đầu', f.password, 'Ít nhất 10 ký tự; báo riêng cho người dùng.'),
  h('button.btn.btn-primary', { type: 'submit' }, 'Tạo tài khoản'));
  main.append(h('div.spacer-v'), form);
}

export async function renderAudit(main, ctx) {
  ctx.setTitle('Nhật ký hệ thống');
  main.append(h('div.page-head', h('div', h('h1', 'Nhật ký hệ thống'),
    h('p.muted', 'Mọi thao tác, mới nhất trước. Các mục được nối chuỗi băm; kiểm tra bằng “vanthu audit verify”.'))));
  const entries = await api.get('/audit?limit=300');
  main.append(h('div.table-wrap', h('table.doc-table.audit-table', { 'data-testid': 'audit' },
    h('thead', h('tr', h('th', '#'), h('th', 'Thời gian'), h('th', 'Người dùng'), h('th', 'Thao tác'), h('th', 'Đối tượng'), h('th', 'Địa chỉ'), h('th', 'Chi tiết'))),
    h('tbody', entries.map((e) => h('tr',
      h('td', { 'data-label': '#' }, String(e.seq)),
      h('td', { 'data-label': 'Thời gian' }, formatDate(e.at, true)),
      h('td', { 'data-label': 'Người dùng' }, e.username || ''),
      h('td', { 'data-label': 'Thao tác' }, historyLabels[e.action] || auditLabels[e.action] || e.action),
      h('td', { 'data-label': 'Đối tượng' }, objectLink(e.object)),
      h('td', { 'data-label': 'Địa chỉ' }, e.address || ''),
      h('td.detail', { 'data-label': 'Chi tiết' }, e.detail || '')))))));
}

const auditLabels = { 'sign-in': 'Đăng nhập', 'sign-out': 'Đăng xuất', 'create-user': 'Tạo người dùng', 'sign-in-failed': 'Đăng nhập sai' };

function objectLink(object) {
  const m = /^document\/(\d+)$/.exec(object || '');
  return m ? h('a', { href: `#/documents/${m[1]}` }, `Văn bản ${m[1]}`) : (object || '');
}
