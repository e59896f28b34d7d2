import * as api from '../api.js';
import { h } from '../dom.js';

/**
 * The first-run page: an installation started with `vanthu serve --setup` has no user yet
 * (GET /api/setup says awaitsSetup). Whoever has the one-time setup code the server printed
 * at start makes the first office and its administrator (POST /api/setup), then signs in.
 */
export function renderFirstRun({ onInstalled }) {
  const error = h('div.alert.alert-error', { role: 'alert', hidden: true });
  const input = (id, props = {}) => h(`input#${id}`, { required: true, ...props });
  const fields = {
    setupCode: input('fr-code', { autocomplete: 'off', autofocus: true, spellcheck: 'false', autocapitalize: 'none' }),
    code: input('fr-office-code', { placeholder: '000.00.00.H41', spellcheck: 'false' }),
    name: input('fr-office-name', { placeholder: 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' }),
    parentBody: h('input#fr-parent-body', { placeholder: 'để trống nếu không có' }),
    system: h('select#fr-system',
      h('option', { value: 'state' }, 'Chính quyền (Nghị định 30/2020)'),
      h('option', { value: 'party' }, 'Đảng (Hướng dẫn 36-HD/VPTW)')),
    issuerCode: input('fr-issuer', { placeholder: 'UBND' }),
    place: input('fr-place', { placeholder: 'Nghệ An' }),
    username: input('fr-username', { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }),
    fullName: input('fr-fullname', { autocomplete: 'name' }),
    password: input('fr-password', { type: 'password', autocomplete: 'new-password', minlength: 8 }),
  };
  const again = input('fr-again', { type: 'password', autocomplete: 'new-password' });
  const button = h('button.btn.btn-primary.btn-block', { type: 'submit' }, 'Cài đặt');
  const show = (message, field) => {
    error.textContent = message;
    error.hidden = false;
    (field || error).focus?.();
  };
  const label = (field, text) => h('label', { for: fields[field].id }, text);

  const form = h('form.signin-card.firstrun-card', { novalidate: true, 'data-testid': 'first-run', on: { submit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    const missing = ['setupCode', 'code', 'name', 'issuerCode', 'place', 'username', 'fullName', 'password']
      .find((name) => !fields[name].value.trim());
    if (missing) { show('Xin điền đủ các trường có dấu *.', fields[missing]); return; }
    if (fields.password.value !== again.value) { show('Hai lần nhập mật khẩu không giống nhau.', again); return; }
    const body = {};
    for (const [name, el] of Object.entries(fields)) body[name] = name === 'password' ? el.value : el.value.trim();
    button.disabled = true;
    button.textContent = 'Đang cài đặt…';
    try {
      const installed = await api.post('/setup', body);
      await onInstalled(installed);
    } catch (err) {
      show(err.message, fields[err.field]);
      button.disabled = false;
      button.textContent = 'Cài đặt';
    }
  } } },
  h('div.signin-brand', h('span.brand-mark.brand-mark-lg', 'VT'),
    h('div', h('h1', 'Cài đặt lần đầu'), h('p.muted', 'Cơ quan đầu tiên và quản trị viên của hệ thống'))),
  error,
  label('setupCode', 'Mã cài đặt * (máy chủ in ra khi khởi động)'), fields.setupCode,
  h('fieldset', h('legend', 'Cơ quan'),
    label('code', 'Mã định danh * (Quyết định 20/2020/QĐ-TTg)'), fields.code,
    label('name', 'Tên cơ quan *'), fields.name,
    label('parentBody', 'Cơ quan chủ quản'), fields.parentBody,
    label('system', 'Hệ thống'), fields.system,
    label('issuerCode', 'Chữ viết tắt tên cơ quan (trong số, ký hiệu) *'), fields.issuerCode,
    label('place', 'Địa danh *'), fields.place),
  h('fieldset', h('legend', 'Quản trị viên'),
    label('username', 'Tên đăng nhập *'), fields.username,
    label('fullName', 'Họ và tên *'), fields.fullName,
    label('password', 'Mật khẩu * (ít nhất 8 ký tự)'), fields.password,
    h('label', { for: 'fr-again' }, 'Nhập lại mật khẩu *'), again),
  button);
  return h('div.signin-page', form);
}
