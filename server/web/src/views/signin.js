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
