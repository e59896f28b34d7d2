// The notices by e-mail (issue 14): each person's own choice of the kinds of notice they receive
// (#/settings, from the name in the top bar), and the installation administrator's SMTP server
// (#/smtp): host, port, sender, login, STARTTLS, saved in the database over the config file's,
// with a button that sends a test e-mail. The server checks every value and answers in
// Vietnamese; its sentence is shown next to the form.
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { field, checkbox, errorBox, actionForm } from './adminforms.js';

/** #/settings: the kinds of e-mail notice the signed-in person receives. */
export async function renderMailPreferences(main, ctx) {
  ctx.setTitle('Cài đặt thông báo');
  main.append(h('div.page-head', h('div', h('h1', 'Cài đặt thông báo qua thư điện tử'),
    h('p.muted', 'Chọn những việc bạn muốn được báo qua thư điện tử. Trang "Việc cần làm" vẫn hiện mọi việc.'))));
  const prefs = await api.get('/me/mail-preferences');
  main.append(h('p', { 'data-testid': 'mail-address' }, prefs.email
    ? ['Thư được gửi đến: ', h('strong', prefs.email)]
    : h('span.muted', 'Tài khoản của bạn chưa có địa chỉ thư điện tử, nên chưa nhận thư thông báo nào. Xin quản trị viên thêm địa chỉ.')));
  const boxes = prefs.kinds.map((k) => ({ kind: k.kind, ...checkbox(`mail-kind-${k.kind}`, k.title, k.on) }));
  const error = errorBox('mail-preferences-error');
  const form = actionForm({ 'data-testid': 'mail-preferences' }, error, async () => {
    const off = boxes.filter((b) => !b.input.checked).map((b) => b.kind);
    await api.put('/me/mail-preferences', { off });
    ctx.toast('Đã lưu cài đặt thông báo.');
  }, error.el, h('fieldset', h('legend', 'Nhận thư khi'), boxes.map((b) => b.row)),
  h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'mail-preferences-save' }, 'Lưu'));
  main.append(form);
}

/** #/smtp: the installation administrator's SMTP server and the test e-mail. */
export async function renderSmtp(main, ctx) {
  ctx.setTitle('Máy chủ thư');
  main.append(h('div.page-head', h('div', h('h1', 'Máy chủ thư (SMTP)'),
    h('p.muted', 'Máy chủ gửi thư thông báo việc cần làm. Cấu hình lưu ở đây thay cho cấu hình trong tệp của máy chủ; mật khẩu được mã hóa và không hiện lại.'))));
  const smtp = await api.get('/smtp');
  const source = { database: 'đặt trên trang này', file: 'trong tệp cấu hình của máy chủ', '': 'chưa có: không gửi thư' }[smtp.source] ?? smtp.source;
  main.append(h('p', { 'data-testid': 'smtp-source' }, 'Cấu hình đang dùng: ', h('strong', source),
    smtp.updatedAt ? h('span.muted', ` · ${smtp.updatedByName || ''} lưu lúc ${formatDate(smtp.updatedAt, true)}`) : null));
  const host = h('input#smtp-host', { value: smtp.host, required: true, maxlength: 253, placeholder: 'mail.coquan.gov.vn' });
  const port = h('input#smtp-port', { type: 'number', min: 1, max: 65535, value: String(smtp.port || 587) });
  const tls = checkbox('smtp-starttls', 'Mã hóa bằng STARTTLS (nên dùng; bỏ chọn chỉ khi máy chủ thư ở cùng máy hoặc cùng mạng nội bộ)', smtp.source ? smtp.startTls : true);
  const sender = h('input#smtp-sender', { type: 'email', value: smtp.sender, required: true, maxlength: 254, placeholder: 'vanthu@coquan.gov.vn' });
  const user = h('input#smtp-user', { value: smtp.user, maxlength: 254, autocomplete: 'off' });
  const password = h('input#smtp-password', { type: 'password', maxlength: 1024, autocomplete: 'new-password',
    placeholder: smtp.passwordSet ? 'đã lưu; để trống để giữ nguyên' : '' });
  const error = errorBox('smtp-error');
  const form = actionForm({ 'data-testid': 'smtp-form' }, error, async () => {
    const body = {
      host: host.value.trim(), port: Number(port.value), startTls: tls.input.checked,
      sender: sender.value.trim(), user: user.value.trim(),
    };
    if (password.value) body.password = password.value;
    else if (!body.user) body.password = '';
    await api.put('/smtp', body);
    ctx.toast('Đã lưu cấu hình máy chủ thư.');
    ctx.navigate('#/smtp', { replace: true });
  }, error.el,
  field('smtp-host', 'Máy chủ', host),
  field('smtp-port', 'Cổng', port, '587 (submission) hoặc 25'),
  tls.row,
  field('smtp-sender', 'Địa chỉ người gửi', sender),
  field('smtp-user', 'Tên đăng nhập', user, 'Để trống nếu máy chủ thư không yêu cầu đăng nhập.'),
  field('smtp-password', 'Mật khẩu', password),
  h('div.actions', h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'smtp-save' }, 'Lưu'),
    smtp.source === 'database' ? h('button.btn', { type: 'button', 'data-testid': 'smtp-reset', on: { click: async () => {
      error.hide();
      try {
        await api.del('/smtp');
        ctx.toast('Đã bỏ cấu hình trên trang; máy chủ dùng cấu hình trong tệp.');
        ctx.navigate('#/smtp', { replace: true });
      } catch (e) { error.show(e); }
    } } }, 'Bỏ, dùng cấu hình trong tệp') : null));
  main.append(form);

  const to = h('input#smtp-test-to', { type: 'email', value: ctx.user.email || '', maxlength: 254, placeholder: 'ten@coquan.gov.vn' });
  const testError = errorBox('smtp-test-error');
  const result = h('p', { role: 'status', 'data-testid': 'smtp-test-result', hidden: true });
  main.append(h('div.spacer-v'), actionForm({ 'data-testid': 'smtp-test' }, testError, async () => {
    result.hidden = true;
    const sent = await api.post('/smtp/test', { to: to.value.trim() });
    result.textContent = `Đã gửi thư thử đến ${sent.to}. Hãy kiểm tra hộp thư.`;
    result.hidden = false;
  }, h('h2', 'Gửi thư thử'), testError.el, result,
  field('smtp-test-to', 'Gửi đến', to, 'Thư thử đi qua cấu hình đã lưu.'),
  h('button.btn', { type: 'submit', 'data-testid': 'smtp-test-send' }, 'Gửi thư thử')));
  main.append(h('div.spacer-v'), await mailQueue());
}

const queueStates = { sent: 'Đã gửi', waiting: 'Chờ gửi', retrying: 'Gửi lỗi, sẽ thử lại' };

/** The e-mail queue: the newest notices, sent or not, with their tries and last error. */
async function mailQueue() {
  const queue = await api.get('/smtp/queue?limit=100');
  const section = h('section.panel', { 'data-testid': 'mail-queue', 'aria-label': 'Hàng đợi thư' },
    h('h2', 'Hàng đợi thư thông báo'),
    h('p.muted', { 'data-testid': 'mail-queue-counts' },
      `100 thư mới nhất: ${queue.sent} đã gửi, ${queue.waiting} chờ gửi, ${queue.retrying} gửi lỗi (máy chủ sẽ thử lại).`));
  if (!queue.items.length) {
    section.append(h('p.muted', 'Chưa có thư thông báo nào.'));
    return section;
  }
  section.append(h('div.table-wrap', h('table.doc-table', { 'data-testid': 'mail-queue-table' },
    h('thead', h('tr', h('th', 'Người nhận'), h('th', 'Tiêu đề'), h('th', 'Xếp hàng lúc'), h('th', 'Tình trạng'))),
    h('tbody', queue.items.map((n) => h('tr', { 'data-state': n.state },
      h('td', n.userName || '', h('div.small.muted', n.recipient)),
      h('td', n.subject),
      h('td', formatDate(n.queuedAt, true)),
      h('td', queueStates[n.state] || n.state,
        n.state === 'sent' ? h('div.small.muted', formatDate(n.sentAt, true)) : null,
        n.state === 'retrying'
          ? h('div.small.muted', `${n.attempts} lần thử; lần tới ${formatDate(n.nextAttemptAt, true)}`, n.lastError ? h('div', n.lastError) : null)
          : null)))))));
  return section;
}
