// The application shell: session, top bar, navigation and a hash router.
//   #/signin  #/list/<tab>  #/new  #/documents/<id>  #/documents/<id>/edit  #/register
//   #/casefiles?year=  #/casefiles/<id>  #/search  #/imported/<id>
//   everyone: #/settings (their e-mail notices)
//   administrators: #/offices  #/offices/<id>  #/users?officeId=  #/users/<id>  #/keys?officeId=  #/peers  #/smtp  #/audit
// Hash routes keep the server simple: it serves index.html at / and the files of dist/.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { roleNames, tabs, homeTab, workTabs } from './labels.js';
import { renderSignIn, renderPasswordChange } from './views/signin.js';
import { renderFirstRun } from './views/firstrun.js';
import { renderList, loadCounts } from './views/list.js';
import { renderEditor } from './views/editor.js';
import { renderDocument } from './views/document.js';
import { renderRegister } from './views/register.js';
import { renderUsers, renderUser, renderAudit } from './views/admin.js';
import { renderOffices, renderOffice } from './views/offices.js';
import { renderKeys } from './views/keys.js';
import { renderPeers } from './views/peers.js';
import { renderSearch } from './views/search.js';
import { renderIncomingList, renderIncoming, renderPaperLetter } from './views/incoming.js';
import { renderDeadlines, renderFigures, renderIncomingRegister } from './views/reports.js';
import { renderCaseFiles, renderCaseFile } from './views/casefiles.js';
import { renderImported } from './views/imported.js';
import { renderHome } from './views/home.js';
import { renderMailPreferences, renderSmtp } from './views/mailsettings.js';

const root = document.getElementById('app');
const session = { user: null, office: null, offices: [] };
let cleanup = null;       // the current view's teardown (timers, pdf.js documents)
let leaveGuard = null;    // async () => boolean: may we leave the current view?
let ignoreNextHashChange = false;
let currentHash = location.hash; // the page shown, to come back to when leaving is refused

export function navigate(hash, { replace = false, silent = false } = {}) {
  if (silent) {
    ignoreNextHashChange = location.hash !== hash;
    history.replaceState(null, '', hash);
    currentHash = hash;
    ignoreNextHashChange = false;
    return;
  }
  if (replace) { history.replaceState(null, '', hash); route(); }
  else if (location.hash === hash) route();
  else location.hash = hash;
}

function toastHost() {
  let host = document.getElementById('toasts');
  if (!host) { host = h('div#toasts.toasts', { role: 'status', 'aria-live': 'polite' }); document.body.append(host); }
  return host;
}

/** A short message at the bottom of the screen. kind: 'ok' | 'error' | 'info'. */
export function toast(message, kind = 'ok') {
  const item = h(`div.toast.toast-${kind}`, message);
  toastHost().append(item);
  setTimeout(() => item.classList.add('toast-leave'), kind === 'error' ? 7000 : 3500);
  setTimeout(() => item.remove(), kind === 'error' ? 7600 : 4100);
}

api.onUnauthenticated(() => {
  if (session.user) {
    session.user = null;
    toast('Phiên làm việc đã hết. Xin đăng nhập lại.', 'info');
  }
  if (!location.hash.startsWith('#/signin')) navigate('#/signin');
});

function canDraft(user) { return user.role === 'specialist' || user.role === 'leader'; }
function canSeeRegister(user) { return ['clerk', 'leader', 'administrator'].includes(user.role); }

function shell(active) {
  const { user, office } = session;
  const nav = h('nav.sidebar', { 'aria-label': 'Điều hướng' },
    canDraft(user) ? h('a.btn.btn-primary.new-doc', { href: '#/new', 'data-testid': 'new-document' }, '+ Soạn văn bản') : null,
    user.role !== 'administrator' ? h('ul.nav-list', h('li', h('a.nav-link', {
      href: '#/home', class: active === 'home' ? 'active' : '', 'aria-current': active === 'home' ? 'page' : null, 'data-nav': 'home',
    }, h('span', 'Việc cần làm'), h('span.count.mine', { 'data-home-count': '' }, '')))) : null,
    h('p.nav-heading', 'Văn bản đi'),
    h('ul.nav-list', tabs.map((t) => h('li',
      h('a.nav-link', {
        href: `#/list/${t.key}`, class: active === t.key ? 'active' : '',
        'aria-current': active === t.key ? 'page' : null, 'data-tab': t.key,
      }, h('span', t.title), h('span.count', { 'data-count-for': t.key }, ''))))),
    user.role !== 'administrator' ? [
      h('p.nav-heading', 'Văn bản đến'),
      h('ul.nav-list', [
        user.role !== 'specialist' ? ['incoming', 'Văn bản đến'] : null,
        ['mine', 'Việc tôi xử lý'],
        ['deadlines', 'Hạn xử lý'],
        user.role !== 'specialist' ? ['figures', 'Số liệu báo cáo'] : null,
      ].filter(Boolean).map(([key, title]) => h('li', h('a.nav-link', {
        href: key === 'mine' ? '#/incoming?tab=mine' : `#/${key}`, class: active === key ? 'active' : '',
        'aria-current': active === key ? 'page' : null, 'data-nav': key,
      }, h('span', title), h('span.count.mine', { 'data-incoming-count': key }, ''))))),
    ] : null,
    canSeeRegister(user) ? [
      h('p.nav-heading', 'Sổ sách'),
      h('ul.nav-list', h('li', h('a.nav-link', {
        href: '#/register', class: active === 'register' ? 'active' : '',
        'aria-current': active === 'register' ? 'page' : null,
      }, 'Sổ đăng ký văn bản đi')), h('li', h('a.nav-link', {
        href: '#/incoming-register', class: active === 'incoming-register' ? 'active' : '',
        'aria-current': active === 'incoming-register' ? 'page' : null, 'data-nav': 'incoming-register',
      }, 'Sổ đăng ký văn bản đến'))),
    ] : null,
    user.role !== 'administrator' ? [
      h('p.nav-heading', 'Lưu trữ'),
      h('ul.nav-list', h('li', h('a.nav-link', {
        href: '#/casefiles', class: active === 'casefiles' ? 'active' : '',
        'aria-current': active === 'casefiles' ? 'page' : null, 'data-nav': 'casefiles',
      }, 'Hồ sơ'))),
    ] : null,
    user.role === 'administrator' ? [
      h('p.nav-heading', 'Quản trị'),
      h('ul.nav-list',
        [['offices', 'Cơ quan'], ['users', 'Người dùng'], ['keys', 'Khóa và tin cậy'], ['peers', 'Máy chủ trao đổi'],
          user.installationAdministrator ? ['smtp', 'Máy chủ thư'] : null, ['audit', 'Nhật ký hệ thống']].filter(Boolean).map(([key, label]) =>
          h('li', h('a.nav-link', { href: `#/${key}`, class: active === key ? 'active' : '', 'aria-current': active === key ? 'page' : null, 'data-nav': key }, label)))),
    ] : null,
  );
  const menuButton = h('button.menu-toggle', {
    type: 'button', 'aria-label': 'Mở menu', 'aria-expanded': 'false',
    on: { click: () => {
      const open = document.body.classList.toggle('nav-open');
      menuButton.setAttribute('aria-expanded', String(open));
    } },
  }, '☰');
  const header = h('header.topbar',
    menuButton,
    h('a.brand', { href: '#/' }, h('span.brand-mark', 'VT'), h('span.brand-text', 'Văn thư')),
    h('span.office-name', office ? office.name : ''),
    h('span.spacer'),
    user.role !== 'administrator' ? topbarSearch() : null,
    h('a.user', { href: '#/settings', title: 'Cài đặt thông báo', 'data-testid': 'current-user' },
      h('strong', user.fullName || user.username), ' ',
      h('span.role', roleNames[user.role] || user.role)),
    h('button.btn.btn-ghost.signout', { type: 'button', on: { click: doSignOut } }, 'Đăng xuất'),
  );
  const main = h('main.content', { id: 'main', tabindex: '-1' });
  // The top bar stays from page to page for the same user, so its search box keeps its focus and
  // every keystroke while the search page opens.
  const kept = root.querySelector(':scope > header.topbar');
  if (kept && kept.dataset.userId === String(user.id)) {
    for (const child of [...root.childNodes]) if (child !== kept) child.remove(); // never detach the focused box
    root.append(h('div.layout', nav, main));
  } else {
    header.dataset.userId = String(user.id);
    clear(root).append(header, h('div.layout', nav, main));
  }
  nav.addEventListener('click', (e) => {
    const link = e.target.closest('a');
    if (!link) return;
    document.body.classList.remove('nav-open');
    // The list already shown, clicked again: load it afresh.
    if (link.getAttribute('href') === location.hash) { e.preventDefault(); route(); }
  });
  return main;
}

/**
 * The top bar's search box: typing opens the search page, which then follows this box as it is
 * typed into (views/search.js), so no keystroke is lost; Enter searches at once.
 */
function topbarSearch() {
  const input = h('input.search', { type: 'search', name: 'q', placeholder: 'Tìm văn bản…', 'aria-label': 'Tìm văn bản',
    autocomplete: 'off', 'data-testid': 'topbar-search' });
  input.addEventListener('input', () => {
    if (!location.hash.startsWith('#/search') && input.value.trim()) navigate(`#/search?q=${encodeURIComponent(input.value)}`);
  });
  return h('form.topbar-search', { role: 'search', on: { submit: (e) => {
    e.preventDefault();
    navigate(`#/search?q=${encodeURIComponent(input.value)}`);
  } } }, input, h('a.topbar-search-link', { href: '#/search', 'aria-label': 'Tìm kiếm', title: 'Tìm kiếm' }, '⌕'));
}

async function doSignOut() {
  if (leaveGuard && !(await leaveGuard())) return;
  session.user = null;
  session.office = null;
  try { await api.signOut(); } catch { /* signed out anyway */ }
  navigate('#/signin');
}

/** Updates the counts beside the list names (documents waiting in each list). */
export function setCounts(counts) {
  const mine = session.user ? workTabs(session.user.role) : [];
  for (const el of document.querySelectorAll('[data-count-for]')) {
    const n = counts[el.dataset.countFor];
    el.textContent = n ? String(n) : '';
    el.classList.toggle('mine', mine.includes(el.dataset.countFor));
    el.title = mine.includes(el.dataset.countFor) ? 'Việc cần làm' : '';
  }
}

/** The incoming work waiting for this role beside "Văn bản đến" and "Việc tôi xử lý". */
async function loadIncomingCounts(user) {
  const waiting = { clerk: 'arrived', leader: 'registered' }[user.role];
  const [queue, mine] = await Promise.all([
    waiting ? api.get(`/incoming?state=${waiting}`) : Promise.resolve([]),
    api.get('/incoming?mine=1'),
  ]);
  const open = mine.filter((d) => d.state === 'assigned' || d.state === 'in_progress').length;
  for (const [key, n] of [['incoming', queue.length], ['mine', open]]) {
    const el = document.querySelector(`[data-incoming-count=${key}]`);
    if (el) { el.textContent = n ? String(n) : ''; el.title = n ? 'Việc cần làm' : ''; }
  }
}

async function ensureSession() {
  if (session.user) return true;
  const user = await api.me();
  if (!user) return false;
  session.user = user;
  try {
    session.offices = await api.get('/offices');
    session.office = session.offices.find((o) => o.id === user.officeId) || null;
  } catch { session.offices = []; session.office = null; }
  if (!session.office && user.officeName) session.office = { id: user.officeId, name: user.officeName, system: 'state' };
  return true;
}

/** Whether the server waits for its first administrator (vanthu serve --setup). */
async function awaitsSetup() {
  try { return (await api.get('/setup')).awaitsSetup === true; } catch { return false; }
}

export async function afterSignIn(user) {
  session.user = null;
  await ensureSession();
  if (!session.user) session.user = user;
  navigate('#/', { replace: true });
}

let routeSeq = 0;

async function route() {
  if (ignoreNextHashChange) { ignoreNextHashChange = false; return; }
  // A newer navigation may start while this one waits for the session: the older one must not
  // build its page over the newer one's (seen as an editor replaced by the list it was left for).
  const seq = ++routeSeq;
  const hash = location.hash || '#/';
  const [pathPart, queryPart] = hash.slice(1).split('?');
  const parts = pathPart.split('/').filter(Boolean);
  const query = new URLSearchParams(queryPart || '');
  currentHash = location.hash;

  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  leaveGuard = null;
  document.body.classList.remove('nav-open');

  let signedIn;
  try { signedIn = await ensureSession(); }
  catch (e) {
    if (seq !== routeSeq) return;
    clear(root).append(h('div.fatal', h('h1', 'Không kết nối được với máy chủ'), h('p', e.message),
      h('button.btn.btn-primary', { type: 'button', on: { click: () => route() } }, 'Thử lại')));
    return;
  }
  if (seq !== routeSeq) return;
  if (parts[0] === 'signin' || !signedIn) {
    if (signedIn) { navigate('#/', { replace: true }); return; }
    if (parts[0] !== 'signin') history.replaceState(null, '', '#/signin');
    if (await awaitsSetup()) {
      document.title = 'Cài đặt lần đầu — Văn thư';
      clear(root).append(renderFirstRun({ onInstalled: ({ user }) => {
        toast(`Đã cài đặt. Xin đăng nhập bằng tài khoản quản trị ${user.username}.`);
        document.title = 'Đăng nhập — Văn thư';
        clear(root).append(renderSignIn({ onSignedIn: afterSignIn }));
      } }));
      return;
    }
    document.title = 'Đăng nhập — Văn thư';
    clear(root).append(renderSignIn({ onSignedIn: afterSignIn }));
    return;
  }

  const user = session.user;
  if (user.mustChangePassword) {
    document.title = 'Đổi mật khẩu — Văn thư';
    clear(root).append(renderPasswordChange({
      user,
      onSignOut: doSignOut,
      onChanged: () => {
        session.user = null;
        session.office = null;
        toast('Đã đổi mật khẩu. Xin đăng nhập lại bằng mật khẩu mới.');
        navigate('#/signin');
      },
    }));
    return;
  }
  let active = null;
  let view;
  const ctx = {
    user, office: session.office, offices: session.offices, query, navigate, toast, setCounts,
    setTitle: (t) => { document.title = `${t} — Văn thư`; },
    onCleanup: (fn) => { cleanup = fn; },
    guardLeave: (fn) => { leaveGuard = fn; },
  };
  if (parts.length === 0) { navigate(user.role === 'administrator' ? `#/list/${homeTab(user.role)}` : '#/home', { replace: true }); return; }
  if (parts[0] === 'home') { active = 'home'; view = (m) => renderHome(m, ctx); }
  else if (parts[0] === 'list' && tabs.some((t) => t.key === parts[1])) { active = parts[1]; view = (m) => renderList(m, ctx, parts[1]); }
  else if (parts[0] === 'new') { view = (m) => renderEditor(m, ctx, null); }
  else if (parts[0] === 'documents' && /^\d+$/.test(parts[1] || '')) {
    const id = Number(parts[1]);
    view = parts[2] === 'edit' ? (m) => renderEditor(m, ctx, id) : (m) => renderDocument(m, ctx, id);
  } else if (parts[0] === 'incoming' && parts[1] === 'new') { active = 'incoming'; view = (m) => renderPaperLetter(m, ctx); }
  else if (parts[0] === 'incoming' && /^\d+$/.test(parts[1] || '')) { view = (m) => renderIncoming(m, ctx, Number(parts[1])); }
  else if (parts[0] === 'incoming') {
    const tab = query.get('tab') || (user.role === 'specialist' ? 'mine' : user.role === 'leader' ? 'registered' : 'arrived');
    active = tab === 'mine' ? 'mine' : 'incoming';
    view = (m) => renderIncomingList(m, ctx, tab);
  } else if (parts[0] === 'deadlines') { active = 'deadlines'; view = (m) => renderDeadlines(m, ctx); }
  else if (parts[0] === 'figures') { active = 'figures'; view = (m) => renderFigures(m, ctx); }
  else if (parts[0] === 'incoming-register') { active = 'incoming-register'; view = (m) => renderIncomingRegister(m, ctx); }
  else if (parts[0] === 'search') { active = 'search'; view = (m) => renderSearch(m, ctx); }
  else if (parts[0] === 'imported' && /^\d+$/.test(parts[1] || '')) { view = (m) => renderImported(m, ctx, Number(parts[1])); }
  else if (parts[0] === 'casefiles' && /^\d+$/.test(parts[1] || '')) { active = 'casefiles'; view = (m) => renderCaseFile(m, ctx, Number(parts[1])); }
  else if (parts[0] === 'casefiles') { active = 'casefiles'; view = (m) => renderCaseFiles(m, ctx); }
  else if (parts[0] === 'register') { active = 'register'; view = (m) => renderRegister(m, ctx); }
  else if (parts[0] === 'users' && /^\d+$/.test(parts[1] || '')) { active = 'users'; view = (m) => renderUser(m, ctx, Number(parts[1])); }
  else if (parts[0] === 'users') { active = 'users'; view = (m) => renderUsers(m, ctx); }
  else if (parts[0] === 'offices' && /^\d+$/.test(parts[1] || '')) { active = 'offices'; view = (m) => renderOffice(m, ctx, Number(parts[1])); }
  else if (parts[0] === 'offices') { active = 'offices'; view = (m) => renderOffices(m, ctx); }
  else if (parts[0] === 'keys') { active = 'keys'; view = (m) => renderKeys(m, ctx); }
  else if (parts[0] === 'peers') { active = 'peers'; view = (m) => renderPeers(m, ctx); }
  else if (parts[0] === 'settings') { view = (m) => renderMailPreferences(m, ctx); }
  else if (parts[0] === 'smtp') { active = 'smtp'; view = (m) => renderSmtp(m, ctx); }
  else if (parts[0] === 'audit') { active = 'audit'; view = (m) => renderAudit(m, ctx); }
  else { view = (m) => { m.append(h('h1', 'Không tìm thấy trang'), h('p', h('a', { href: '#/' }, 'Về trang đầu'))); }; }

  const main = shell(active);
  if (parts[0] !== 'list') loadCounts(setCounts).catch(() => {});
  if (user.role !== 'administrator') loadIncomingCounts(user).catch(() => {});
  try {
    await view(main);
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) return;
    console.error(e);
    main.append(h('div.alert.alert-error', { role: 'alert' }, e.message || String(e)));
  }
  // To the page's start, unless the focus is in a box (the top bar's search, a view's own field).
  const focused = document.activeElement;
  if (!focused || focused === document.body || !root.contains(focused)) main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', async () => {
  if (ignoreNextHashChange) { ignoreNextHashChange = false; return; }
  if (leaveGuard && location.hash !== currentHash) {
    // The current page may not be left yet (unsaved changes): stay on it while it saves or asks.
    const target = location.hash;
    const guard = leaveGuard;
    history.replaceState(null, '', currentHash);
    if (!(await guard())) return;
    if (leaveGuard !== guard) return; // the page changed meanwhile
    history.replaceState(null, '', target);
  }
  route();
});
window.addEventListener('beforeunload', (e) => {
  if (document.body.dataset.unsaved === 'true') { e.preventDefault(); e.returnValue = ''; }
});

route();
