import * as api from '../api.js';
import { h } from '../dom.js';

export function renderSignIn({ onSignedIn }) {
  const error = h('div.alert.alert-error', { role: 'alert', hidden: true });
  const username = h('input#username', { name: 'username', autocomplete: 'username', required: true, autofocus: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input#password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button.btn.btn-primary.btn-block', { type: 'submit' }, 'Đăng nhập');

  const form = h('form.signin-card', {
    novalidate: true,
    on: { submit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      if (!username.value.trim() || !password.value) {
        error.textContent = 'Xin nhập tên đăng nhập và mật khẩu.';
        error.hidden = false;
        (username.value.trim() ? password : username).focus();
        return;
      }
      button.disabled = true;
      button.textContent = 'Đang đăng nhập…';
      try {
        const user = await api.signIn(username.value.trim(), password.value);
        await onSignedIn(user);
      } catch (err) {
        error.textContent = err.status === 401
          ? 'Tên đăng nhập hoặc mật khẩu không đúng.'
          : err.message;
        error.hidden = false;
        password.value = '';
        password.focus();
        button.disabled = false;
        button.textContent = 'Đăng nhập';
      }
    } },
  },
    h('div.signin-brand', h('span.brand-mark.brand-mark-lg', 'VT'),
      h('div', h('h1', 'Văn thư'), h('p.muted', 'Quản lý văn bản đi: soạn thảo, trình duyệt, ký số, phát hành'))),
    error,
    h('label', { for: 'username' }, 'Tên đăng nhập'), username,
    h('label', { for: 'password' }, 'Mật khẩu'), password,
    button,
    h('p.muted.small', 'Quên mật khẩu? Xin liên hệ quản trị viên của cơ quan.'),
  );
  return h('div.signin-page', form);
}

/**
 * The new password a user must choose after an administrator's reset (mustChangePassword):
 * shown instead of every page until it is changed. The change ends every session of the user,
 * so onChanged() takes them back to the sign-in page.
 */
export function renderPasswordChange({ user, onChanged, onSignOut }) {
  const error = h('div.alert.alert-error', { role: 'alert', hidden: true });
  const current = h('input#pc-current', { type: 'password', autocomplete: 'current-password', required: true, autofocus: true });
  const next = h('input#pc-new', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 });
  const again = h('input#pc-again', { type: 'password', autocomplete: 'new-password', required: true });
  const button = h('button.btn.btn-primary.btn-block', { type: 'submit' }, 'Đổi mật khẩu');
  const show = (message) => { error.textContent = message; error.hidden = false; };
  const form = h('form.signin-card', { novalidate: true, 'data-testid': 'password-change', on: { submit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (next.value !== again.value) { show('Hai lần nhập mật khẩu mới không giống nhau.'); again.focus(); return; }
    button.disabled = true;
    try {
      await api.post('/me/password', { currentPassword: current.value, newPassword: next.value });
      api.setCsrf('');
      await onChanged();
    } catch (err) {
      show(err.message);
      button.disabled = false;
    }
  } } },
  h('h1', 'Đổi mật khẩu'),
  h('p.muted', `${user.fullName}: quản trị viên đã đặt lại mật khẩu của bạn. Xin chọn mật khẩu mới trước khi làm việc.`),
  error,
  h('label', { for: 'pc-current' }, 'Mật khẩu được cấp'), current,
  h('label', { for: 'pc-new' }, 'Mật khẩu mới (ít nhất 8 ký tự)'), next,
  h('label', { for: 'pc-again' }, 'Nhập lại mật khẩu mới'), again,
  button,
  h('button.btn.btn-ghost.btn-block', { type: 'button', on: { click: onSignOut } }, 'Đăng xuất'));
  return h('div.signin-page', form);
}
