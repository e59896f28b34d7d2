// The administrator's pages: users of the offices (list, new account, one user's page: details,
// office, password, account state, leader's certificate) and the audit trail.
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { MAX_PAGE_SIZE as AUDIT_PAGE_SIZE, offsetFrom, pager } from '../pager.js';
import { roleNames, historyLabels } from '../labels.js';
import { field, checkbox, errorBox, actionForm, chosenFile, staleForm } from './adminforms.js';
import { dialog } from './document.js';

export async function renderUsers(main, ctx) {
  ctx.setTitle('Người dùng');
  const offices = ctx.user.role === 'administrator' ? await api.get('/offices')
    : (ctx.offices.length ? ctx.offices : (ctx.office ? [ctx.office] : []));
  const officeId = Number(ctx.query.get('officeId')) || ctx.user.officeId;
  const local = offices.filter((o) => !o.peer);
  const officeSelect = h('select#users-office', { 'aria-label': 'Cơ quan',
    on: { change: () => ctx.navigate(`#/users?officeId=${officeSelect.value}`) } },
  local.map((o) => h('option', { value: String(o.id), selected: o.id === officeId }, o.name)));
  main.append(h('div.page-head', h('h1', 'Người dùng'), h('div.actions', officeSelect)));

  const admin = ctx.user.role === 'administrator';
  if (admin) main.append(await accessNotices(ctx));
  const users = await api.get(`/users?officeId=${officeId}`);
  main.append(h('div.table-wrap', h('table.doc-table', { 'data-testid': 'users' },
    h('thead', h('tr', h('th', 'Họ và tên'), h('th', 'Tên đăng nhập'), h('th', 'Vai trò'), h('th', 'Chức vụ'),
      h('th', 'Đơn vị'), h('th', 'Tình trạng'))),
    h('tbody', users.map((u) => h('tr', { 'data-username': u.username },
      h('td', { 'data-label': 'Họ và tên' }, admin ? h('a', { href: `#/users/${u.id}` }, h('strong', u.fullName)) : h('strong', u.fullName)),
      h('td', { 'data-label': 'Tên đăng nhập' }, h('code', u.username)),
      h('td', { 'data-label': 'Vai trò' }, roleNames[u.role] || u.role, u.installationAdministrator ? h('div.muted', 'quản trị hệ thống') : null),
      h('td', { 'data-label': 'Chức vụ' }, u.title || ''),
      h('td', { 'data-label': 'Đơn vị' }, u.unit || ''),
      h('td', { 'data-label': 'Tình trạng' }, userState(u))))))));

  const office = offices.find((o) => o.id === officeId);
  if (!admin || !office || office.dissolvedOn) return;
  const f = {
    fullName: h('input#nu-fullName', { required: true, autocomplete: 'off' }),
    username: h('input#nu-username', { required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
    role: h('select#nu-role', Object.entries(roleNames).map(([v, label]) => h('option', { value: v, selected: v === 'specialist' }, label))),
    title: h('input#nu-title', { placeholder: 'PHÓ CHỦ TỊCH, CHUYÊN VIÊN…' }),
    unit: unitSelect('nu-unit', await api.get(`/offices/${officeId}/units`), ''),
    email: h('input#nu-email', { type: 'email', autocomplete: 'off', placeholder: 'ten@coquan.gov.vn' }),
    password: h('input#nu-password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }),
  };
  const mustChange = checkbox('nu-mustChange', 'Phải đổi mật khẩu khi đăng nhập lần đầu', true);
  const error = errorBox('new-user-error');
  const form = actionForm({ class: 'narrow', 'data-testid': 'user-new' }, error, async () => {
    await api.post('/users', {
      fullName: f.fullName.value.trim(), username: f.username.value.trim(), role: f.role.value,
      title: f.title.value.trim(), unit: f.unit.value, email: f.email.value.trim(), password: f.password.value, officeId,
      mustChangePassword: mustChange.input.checked,
    });
    ctx.toast(`Đã tạo tài khoản ${f.username.value.trim()}.`);
    ctx.navigate(`#/users?officeId=${officeId}`, { replace: true });
  },
  h('h2', `Thêm người dùng cho ${office.name}`), error.el,
  h('div.grid-2', field('nu-fullName', 'Họ và tên', f.fullName), field('nu-username', 'Tên đăng nhập', f.username)),
  h('div.grid-2', field('nu-role', 'Vai trò', f.role), field('nu-title', 'Chức vụ (in dưới chữ ký)', f.title)),
  h('div.grid-2', field('nu-unit', 'Đơn vị (phòng, ban)', f.unit, unitHint(officeId)),
    field('nu-password', 'Mật khẩu ban đầu', f.password, 'Ít nhất 8 ký tự; báo riêng cho người dùng.')),
  field('nu-email', 'Thư điện tử', f.email, 'Nhận thông báo việc cần làm qua thư điện tử (khi máy chủ đã cấu hình SMTP); có thể để trống.'),
  mustChange.row,
  h('button.btn.btn-primary', { type: 'submit' }, 'Tạo tài khoản'));
  main.append(h('div.spacer-v'), form);
}

/** The office's units (phòng, ban) to choose a user's from; none is a choice. */
function unitSelect(id, units, value) {
  return h(`select#${id}`, h('option', { value: '' }, '— không thuộc đơn vị nào —'),
    units.map((u) => h('option', { value: u.name, selected: u.name === value }, u.name)));
}

function unitHint(officeId) {
  return h('span', 'Danh sách đơn vị ở ', h('a', { href: `#/offices/${officeId}` }, 'trang của cơ quan'), '.');
}

const accessChangeLabels = {
  'create-user': 'Tài khoản mới', role: 'Đổi vai trò', move: 'Chuyển cơ quan',
  deactivate: 'Khóa tài khoản', activate: 'Mở lại tài khoản',
  'sign-in-failures': 'Đăng nhập sai nhiều lần',
  'limit-access': 'Giới hạn người xem văn bản mật', 'unlimit-access': 'Bỏ giới hạn người xem',
  'grant-access': 'Được xem văn bản mật', 'revoke-access': 'Bị thu hồi quyền xem văn bản mật',
};

/**
 * The changes of users' access rights that no administrator has confirmed yet (Phụ lục VI
 * III.3c): shown on the users' page until each is confirmed.
 */
async function accessNotices(ctx) {
  const box = h('section.notice-box', { 'data-testid': 'access-notices', 'aria-live': 'polite' });
  const notices = await api.get('/access-notices');
  const heading = h('h2');
  const count = () => {
    const left = box.querySelectorAll('li').length;
    heading.textContent = `Thay đổi quyền truy cập chờ xác nhận (${left})`;
    box.hidden = left === 0;
  };
  const list = h('ul.plain-list', notices.map((n) => {
    const button = h('button.btn.btn-small', { type: 'button', on: { click: async () => {
      button.disabled = true;
      try {
        await api.post(`/access-notices/${n.id}/confirm`);
        item.remove();
        count();
        ctx.toast('Đã xác nhận thay đổi quyền truy cập.');
      } catch (err) {
        button.disabled = false;
        ctx.toast(err.message);
      }
    } } }, 'Xác nhận');
    const item = h('li', { 'data-notice': String(n.id), 'data-change': n.change },
      h('strong', `${accessChangeLabels[n.change] || n.change}: `),
      `${n.fullName} (${n.username}), ${n.officeName} — ${n.detail}`,
      h('span.muted.small', ` · ${n.changedBy}, ${formatDate(n.changedAt, true)} `), button);
    return item;
  }));
  box.append(heading, list);
  count();
  return box;
}

function userState(u) {
  if (u.active === false) return h('span.badge', { 'data-state': 'inactive' }, 'Đã khóa');
  if (u.mustChangePassword) return h('span.badge', 'Phải đổi mật khẩu');
  return h('span.badge', { 'data-state': 'active' }, 'Hoạt động');
}

/** One user, for an administrator: details, office, account state, password, leader's certificate. */
export async function renderUser(main, ctx, id) {
  const offices = await api.get('/offices');
  const all = await api.get('/users');
  const user = all.find((u) => u.id === id);
  if (!user) throw new api.ApiError(404, 'not-found', 'Không có người dùng này.');
  ctx.setTitle(user.fullName);
  const reload = (message) => { ctx.toast(message); ctx.navigate(`#/users/${id}`, { replace: true }); };
  main.append(h('div.page-head', h('div', h('h1', user.fullName),
    h('p.muted', h('code', user.username), ' · ', user.officeName, ' · ', userState(user))),
  h('div.actions', h('a.btn.btn-ghost', { href: `#/users?officeId=${user.officeId}` }, '← Người dùng của cơ quan'))));

  // Name, title, unit, role.
  const f = {
    fullName: h('input#eu-fullName', { value: user.fullName, required: true }),
    title: h('input#eu-title', { value: user.title || '' }),
    unit: unitSelect('eu-unit', await api.get(`/offices/${user.officeId}/units`), user.unit || ''),
    email: h('input#eu-email', { type: 'email', value: user.email || '', placeholder: 'ten@coquan.gov.vn' }),
    role: h('select#eu-role', Object.entries(roleNames).map(([v, label]) => h('option', { value: v, selected: v === user.role }, label))),
  };
  const editError = errorBox('edit-user-error');
  // Saved with the version it was loaded at: a save after someone else's is refused (409) with
  // "Tải lại" / "So sánh", what was typed kept (issue 16).
  const stale = staleForm({ controls: f, version: user.version, error: editError,
    labels: { fullName: 'Họ và tên', role: 'Vai trò', title: 'Chức vụ', unit: 'Đơn vị', email: 'Thư điện tử' },
    load: async () => (await api.get('/users')).find((u) => u.id === id) });
  main.append(stale.attach(actionForm({ class: 'narrow', 'data-testid': 'user-edit' }, editError, () => stale.save(async (version) => {
    await api.put(`/users/${id}`, { fullName: f.fullName.value.trim(), title: f.title.value.trim(), unit: f.unit.value, email: f.email.value.trim(), role: f.role.value, version });
    reload(`Đã lưu ${user.username}.`);
  }),
  h('h2', 'Thông tin'), editError.el, stale.box,
  h('div.grid-2', field('eu-fullName', 'Họ và tên', f.fullName), field('eu-role', 'Vai trò', f.role, 'Đổi vai trò thì người dùng phải đăng nhập lại.')),
  h('div.grid-2', field('eu-title', 'Chức vụ (in dưới chữ ký)', f.title), field('eu-unit', 'Đơn vị (phòng, ban)', f.unit, unitHint(user.officeId))),
  field('eu-email', 'Thư điện tử', f.email, 'Nhận thông báo việc cần làm qua thư điện tử; để trống thì không gửi.'),
  h('button.btn.btn-primary', { type: 'submit' }, 'Lưu'))));

  // Another office.
  const office = h('select#mu-office', offices.filter((o) => !o.peer && !o.dissolvedOn && o.id !== user.officeId)
    .map((o) => h('option', { value: String(o.id) }, `${o.name} (${o.code})`)));
  const moveError = errorBox('move-user-error');
  main.append(h('div.spacer-v'), actionForm({ class: 'narrow', 'data-testid': 'user-move' }, moveError, async () => {
    if (!office.value) throw new Error('Không có cơ quan nào khác để chuyển đến.');
    const moved = await api.post(`/users/${id}/move`, { officeId: Number(office.value) });
    reload(`Đã chuyển ${user.username} sang ${moved.officeName}.`);
  },
  h('h2', 'Chuyển sang cơ quan khác'), moveError.el, field('mu-office', 'Cơ quan mới', office),
  h('button.btn', { type: 'submit' }, 'Chuyển')));

  // New password.
  const password = h('input#pw-password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 });
  const mustChange = checkbox('pw-mustChange', 'Phải đổi mật khẩu khi đăng nhập lần sau', true);
  const passwordError = errorBox('password-error');
  main.append(h('div.spacer-v'), actionForm({ class: 'narrow', 'data-testid': 'user-password' }, passwordError, async () => {
    await api.post(`/users/${id}/password`, { password: password.value, mustChange: mustChange.input.checked });
    reload(`Đã đặt lại mật khẩu của ${user.username}.`);
  },
  h('h2', 'Đặt lại mật khẩu'), passwordError.el, field('pw-password', 'Mật khẩu mới', password, 'Ít nhất 8 ký tự; báo riêng cho người dùng.'),
  mustChange.row, h('button.btn', { type: 'submit' }, 'Đặt lại mật khẩu')));

  // Leader's certificate for signing with a USB token (two-phase signing).
  if (user.role === 'leader') main.append(h('div.spacer-v'), await leaderCertificate(ctx, user, reload));

  // Deactivate or open again.
  const stateError = errorBox('state-error');
  main.append(h('div.spacer-v'), actionForm({ class: 'narrow', 'data-testid': 'user-state' }, stateError, async () => {
    if (user.active !== false) {
      const sure = await dialog({ title: 'Khóa tài khoản', danger: true, confirm: 'Khóa tài khoản',
        text: `Khóa tài khoản ${user.username}? Người dùng không đăng nhập được nữa; lịch sử làm việc được giữ nguyên.` });
      if (!sure) return;
    }
    await api.post(`/users/${id}/${user.active === false ? 'activate' : 'deactivate'}`);
    reload(user.active === false ? `Đã mở lại tài khoản ${user.username}.` : `Đã khóa tài khoản ${user.username}.`);
  },
  h('h2', 'Tài khoản'), stateError.el,
  h('button', { type: 'submit', class: user.active === false ? 'btn' : 'btn btn-danger' }, user.active === false ? 'Mở lại tài khoản' : 'Khóa tài khoản')));
}

async function leaderCertificate(ctx, user, reload) {
  let current = null;
  try { current = await api.get(`/keys/leaders/${user.id}`); }
  catch (e) { if (!(e instanceof api.ApiError) || e.status !== 404) throw e; }
  const file = h('input#lc-file', { type: 'file', accept: '.pem,.crt,.cer' });
  const error = errorBox('leader-cert-error');
  const remove = current ? h('button.btn', { type: 'button', on: { click: async () => {
    error.hide();
    try { await api.del(`/keys/leaders/${user.id}`); reload('Đã bỏ chứng thư số đã đăng ký.'); } catch (e) { error.show(e); }
  } } }, 'Bỏ chứng thư') : null;
  return actionForm({ class: 'narrow', 'data-testid': 'leader-certificate' }, error, async () => {
    const pem = await chosenFile(file, 'chứng thư số').text();
    await api.put(`/keys/leaders/${user.id}`, { certificatePem: pem });
    reload(`Đã đăng ký chứng thư số cho ${user.fullName}.`);
  },
  h('h2', 'Chứng thư số ký bằng USB token'),
  current ? h('p', { 'data-testid': 'leader-certificate-current' }, h('strong', current.subject), h('br'),
    `Cấp bởi ${current.issuer}; hết hạn ${current.validUntil}.`)
    : h('p.muted', 'Chưa đăng ký. Lãnh đạo chỉ ký hai bước được bằng chứng thư đã đăng ký ở đây.'),
  error.el, field('lc-file', 'Tệp chứng thư (PEM)', file),
  h('div.actions', h('button.btn.btn-primary', { type: 'submit' }, current ? 'Thay chứng thư' : 'Đăng ký'), remove));
}

export async function renderAudit(main, ctx) {
  ctx.setTitle('Nhật ký hệ thống');
  main.append(h('div.page-head', h('div', h('h1', 'Nhật ký hệ thống'),
    h('p.muted', 'Mọi thao tác, mới nhất trước. Các mục được nối chuỗi băm; kiểm tra bằng “vanthu audit verify”.'))));
  main.append(await issueQueue());
  main.append(await renewalState());
  main.append(await accessStatistics(ctx));
  const offset = offsetFrom(ctx.query);
  const page = await api.get(`/audit?limit=${AUDIT_PAGE_SIZE}&offset=${offset}`);
  const entries = page.items;
  const pages = pager(page, (o) => `#/audit?offset=${o}`, 'mục');
  main.append(h('div.table-wrap', h('table.doc-table.audit-table', { 'data-testid': 'audit' },
    h('thead', h('tr', h('th', '#'), h('th', 'Thời gian'), h('th', 'Người dùng'), h('th', 'Thao tác'), h('th', 'Đối tượng'), h('th', 'Địa chỉ'), h('th', 'Chi tiết'))),
    h('tbody', entries.map((e) => h('tr',
      h('td', { 'data-label': '#' }, String(e.seq)),
      h('td', { 'data-label': 'Thời gian' }, formatDate(e.at, true)),
      h('td', { 'data-label': 'Người dùng' }, e.username || ''),
      h('td', { 'data-label': 'Thao tác' }, historyLabels[e.action] || auditLabels[e.action] || e.action),
      h('td', { 'data-label': 'Đối tượng' }, objectLink(e.object)),
      h('td', { 'data-label': 'Địa chỉ' }, e.address || ''),
      h('td.detail', { 'data-label': 'Chi tiết' }, e.detail || '')))))), pages);
}

/**
 * Letters of the administered offices waiting in the issue queue (issue 21 item 2) because their
 * office's TSA or revocation source did not answer: how often tried, the last failure.
 */
async function issueQueue() {
  const section = h('section', { 'data-testid': 'issue-queue-admin' }, h('h2', 'Hàng chờ phát hành'));
  let entries;
  try { entries = await api.get('/issue-queue'); } catch (err) {
    section.append(h('div.alert.alert-error', { role: 'alert' }, err.message));
    return section;
  }
  if (!entries.length) {
    section.append(h('p.muted', 'Không có văn bản nào chờ dấu thời gian hoặc dữ liệu kiểm tra thu hồi.'));
    return section;
  }
  section.append(h('div.table-wrap', h('table.doc-table',
    h('thead', h('tr', h('th', 'Văn bản'), h('th', 'Cơ quan'), h('th', 'Văn thư'), h('th', 'Từ lúc'), h('th', 'Số lần thử'), h('th', 'Lần tới'), h('th', 'Lỗi cuối'))),
    h('tbody', entries.map((e) => h('tr', { 'data-id': e.documentId },
      h('td', { 'data-label': 'Văn bản' }, `#${e.documentId}`),
      h('td', { 'data-label': 'Cơ quan' }, String(e.officeId)),
      h('td', { 'data-label': 'Văn thư' }, e.queuedBy),
      h('td', { 'data-label': 'Từ lúc' }, formatDate(e.queuedAt, true)),
      h('td', { 'data-label': 'Số lần thử' }, String(e.attempts)),
      h('td', { 'data-label': 'Lần tới' }, formatDate(e.nextAttemptAt, true)),
      h('td.detail', { 'data-label': 'Lỗi cuối' }, e.lastError || '')))))));
  return section;
}

/**
 * The renewal of long-term copies (issue 21 item 4): the background job that adds fresh
 * validation data and a document time-stamp before the newest time-stamp's certificate expires.
 */
async function renewalState() {
  const section = h('section', { 'data-testid': 'renewal-state' }, h('h2', 'Gia hạn chứng cứ chữ ký số'));
  let state;
  try { state = await api.get('/audit/renewal'); } catch (err) {
    section.append(h('div.alert.alert-error', { role: 'alert' }, err.message));
    return section;
  }
  section.append(h('p.muted', `Văn bản đã ký được gia hạn khi chứng thư của dấu thời gian mới nhất còn dưới ${state.marginDays} ngày.`),
    h('dl.meta',
      h('dt', 'Văn bản có bản lưu trữ'), h('dd', { 'data-field': 'copies' }, String(state.copies)),
      h('dt', 'Đến hạn gia hạn'), h('dd', { 'data-field': 'due' }, String(state.due)),
      h('dt', 'Chưa xét'), h('dd', { 'data-field': 'waiting' }, String(state.waiting)),
      h('dt', 'Lần chạy cuối'), h('dd', { 'data-field': 'lastRoundAt' }, state.lastRoundAt ? formatDate(state.lastRoundAt, true) : 'chưa chạy'),
      h('dt', 'Đã gia hạn (tổng)'), h('dd', { 'data-field': 'renewedTotal' }, String(state.renewedTotal)),
      h('dt', 'Lỗi (tổng)'), h('dd', { 'data-field': 'failedTotal' }, String(state.failedTotal))));
  if (state.failingLetters.length) {
    section.append(h('div.table-wrap', h('table.doc-table',
      h('thead', h('tr', h('th', 'Văn bản'), h('th', 'Cơ quan'), h('th', 'Lần tới'), h('th', 'Lỗi cuối'))),
      h('tbody', state.failingLetters.map((e) => h('tr', { 'data-id': e.documentId },
        h('td', { 'data-label': 'Văn bản' }, `${e.kind === 'incoming' ? 'Đến' : 'Đi'} #${e.documentId}`),
        h('td', { 'data-label': 'Cơ quan' }, String(e.officeId)),
        h('td', { 'data-label': 'Lần tới' }, e.nextAttemptAt ? formatDate(e.nextAttemptAt, true) : ''),
        h('td.detail', { 'data-label': 'Lỗi cuối' }, e.lastError)))))));
  }
  return section;
}

/** Sign-ins per month and account over a period (Phụ lục VI III.6b), with its CSV. */
async function accessStatistics(ctx) {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const from = ctx.query.get('from') || `${today.slice(0, 4)}-01-01`;
  const to = ctx.query.get('to') || today;
  const fromInput = h('input#access-from', { type: 'date', value: from, 'aria-label': 'Từ ngày' });
  const toInput = h('input#access-to', { type: 'date', value: to, 'aria-label': 'Đến ngày' });
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const section = h('section', { 'data-testid': 'access-statistics' }, h('h2', 'Thống kê truy cập'),
    h('form.inline-form', { on: { submit: (e) => { e.preventDefault(); ctx.navigate(`#/audit?from=${fromInput.value}&to=${toInput.value}`); } } },
      fromInput, toInput, h('button.btn', { type: 'submit' }, 'Xem'),
      h('a.btn', { href: `/api/audit/access.csv?${query}`, download: `truy-cap-${from}-${to}.csv`, 'data-testid': 'access-csv' }, 'Tải về (CSV)')));
  let report;
  try { report = await api.get(`/audit/access?${query}`); } catch (err) {
    section.append(h('div.alert.alert-error', { role: 'alert' }, err.message));
    return section;
  }
  const row = (c) => h('tr', { 'data-key': c.key },
    h('td', { 'data-label': 'Tháng / tài khoản' }, c.key),
    h('td', { 'data-label': 'Đăng nhập' }, String(c.signIns)),
    h('td', { 'data-label': 'Đăng nhập sai' }, String(c.failedSignIns)),
    h('td', { 'data-label': 'Bị tạm chặn' }, String(c.heldBack)),
    h('td', { 'data-label': 'Đăng xuất' }, String(c.signOuts)),
    h('td', { 'data-label': 'Lần đăng nhập cuối' }, formatDate(c.lastSignIn, true)));
  const table = (caption, rows) => h('div.table-wrap', h('table.register-table',
    h('caption', caption),
    h('thead', h('tr', h('th', ''), h('th', 'Đăng nhập'), h('th', 'Đăng nhập sai'), h('th', 'Bị tạm chặn'), h('th', 'Đăng xuất'), h('th', 'Lần cuối'))),
    h('tbody', rows.map(row))));
  section.append(table('Theo tháng', [...report.months, report.total]), table('Theo tài khoản', report.accounts));
  return section;
}

const auditLabels = {
  'sign-in': 'Đăng nhập', 'sign-out': 'Đăng xuất', 'create-user': 'Tạo người dùng', 'sign-in-failed': 'Đăng nhập sai',
  'create-office': 'Thêm cơ quan', 'edit-office': 'Sửa cơ quan', 'dissolve-office': 'Giải thể cơ quan',
  'edit-user': 'Sửa người dùng', 'move-user': 'Chuyển cơ quan', 'deactivate-user': 'Khóa tài khoản',
  'activate-user': 'Mở lại tài khoản', 'reset-password': 'Đặt lại mật khẩu', 'change-password': 'Đổi mật khẩu',
  'seal-import': 'Nhập con dấu', 'leader-certificate-add': 'Đăng ký chứng thư lãnh đạo',
  'leader-certificate-remove': 'Bỏ chứng thư lãnh đạo', 'trust-add': 'Thêm vào danh sách tin cậy',
  'trust-remove': 'Bỏ khỏi danh sách tin cậy', 'sign-in-throttled': 'Đăng nhập bị tạm chặn',
  'confirm-access-change': 'Xác nhận thay đổi quyền', setup: 'Cài đặt lần đầu',
  'access-limit': 'Giới hạn người xem', 'access-unlimit': 'Bỏ giới hạn người xem',
  'access-grant': 'Giao quyền xem', 'access-revoke': 'Thu hồi quyền xem',
};

function objectLink(object) {
  const m = /^document\/(\d+)$/.exec(object || '');
  return m ? h('a', { href: `#/documents/${m[1]}` }, `Văn bản ${m[1]}`) : (object || '');
}
