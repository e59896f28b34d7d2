// The home page (Việc cần làm): what waits for the signed-in person, by role — incoming letters to
// register (clerk) or to assign (leader), letters to approve or sign (leader), letters to issue
// (clerk), returned drafts (specialist) and the incoming letters each must handle, by deadline.
// It asks the existing lists of the API (GET /api/documents?state=, GET /api/incoming?state= and
// ?mine=1) again every 30 seconds; items not opened yet from here are marked "Mới".
import * as api from '../api.js';
import { h, append, formatDate } from '../dom.js';
import { incomingStateNames, stateNames } from '../labels.js';
import { daysUntil, daysLeftText } from '../days.js';

const REFRESH_MS = 30_000;

// ---- unread marks: what this person has opened, kept in this browser ----------------------------

const seenKey = (userId) => `vanthu.seen.${userId}`;

function seenSet(userId) {
  try { return new Set(JSON.parse(localStorage.getItem(seenKey(userId)) || '[]')); } catch { return new Set(); }
}

/** Remembers that this person opened an item ("outgoing:12", "incoming:7"). */
export function markSeen(userId, key) {
  const seen = seenSet(userId);
  if (seen.has(key)) return;
  seen.add(key);
  try { localStorage.setItem(seenKey(userId), JSON.stringify([...seen].slice(-500))); } catch { /* private mode */ }
}

// ---- what waits, per role --------------------------------------------------------------------------

const outgoing = (state) => () => api.get(`/documents?state=${state}`);
const incoming = (state) => () => api.get(`/incoming?state=${state}`);
// What this person must act on: as lead, or as a co-handler who has not given an opinion yet
// (issue 14: distribution; people informed have their own section, forwarders nothing).
const mustAct = (d) => d.myRole === 'lead' || (d.myRole === 'co' && d.myStatus !== 'done');
/** The issue queue (issue 21 item 2) as home items: what waits, how often it was tried. */
const issueQueue = async () => (await api.get('/issue-queue')).map((e) => ({
  id: e.documentId, subject: e.subject, state: 'signed', updatedAt: e.lastAttemptAt || e.queuedAt,
  waitNote: `Đã thử ${e.attempts} lần, lần tới ${formatDate(e.nextAttemptAt, true)}${e.lastError ? ` · ${e.lastError}` : ''}`,
}));
const myOpenIncoming = async () => (await api.get('/incoming?mine=1'))
  .filter((d) => (d.state === 'assigned' || d.state === 'in_progress') && mustAct(d));
const myUnreadInformed = async () => (await api.get('/incoming?mine=1'))
  .filter((d) => d.myRole === 'informed' && d.myStatus === 'unread');

/** The deadline reminder over a person's open incoming work: overdue and due within 3 days. */
export function deadlineNotice(items) {
  const days = items.map((d) => daysUntil(d.deadline)).filter((n) => n != null);
  const overdue = days.filter((n) => n < 0).length;
  const soon = days.filter((n) => n >= 0 && n <= 3).length;
  if (!overdue && !soon) return '';
  return [overdue ? `${overdue} văn bản đến đã quá hạn xử lý` : '', soon ? `${soon} văn bản sắp đến hạn (trong 3 ngày)` : '']
    .filter(Boolean).join('; ') + '.';
}

/** The sections of a role's home page: [{key, title, load, kind, empty, more}]. */
export function sectionsFor(user) {
  const tasks = { key: 'tasks', title: 'Văn bản đến tôi phải xử lý', load: myOpenIncoming, kind: 'incoming',
    empty: 'Bạn không có văn bản đến nào phải xử lý.', more: '#/deadlines', reminders: true };
  const informed = { key: 'informed', title: 'Văn bản đến gửi tôi để biết, chưa xem', load: myUnreadInformed, kind: 'incoming',
    empty: 'Không có văn bản để biết nào chưa xem.', more: '#/incoming?tab=mine' };
  return {
    clerk: [
      { key: 'to-register', title: 'Văn bản đến chờ vào sổ', load: incoming('arrived'), kind: 'incoming',
        empty: 'Không có văn bản nào mới đến.', more: '#/incoming?tab=arrived' },
      { key: 'to-issue', title: 'Văn bản đã ký chờ cấp số, phát hành', load: outgoing('signed'), kind: 'outgoing',
        empty: 'Không có văn bản nào chờ phát hành.', more: '#/list/signed' },
      { key: 'issue-queue', title: 'Văn bản trong hàng chờ phát hành (chờ dấu thời gian, dữ liệu thu hồi)', load: issueQueue,
        kind: 'outgoing', quiet: true, empty: 'Không có văn bản nào trong hàng chờ.' },
      tasks,
      informed,
    ],
    leader: [
      { key: 'to-assign', title: 'Văn bản đến chờ giao xử lý', load: incoming('registered'), kind: 'incoming',
        empty: 'Không có văn bản đến nào chờ giao xử lý.', more: '#/incoming?tab=registered' },
      { key: 'to-approve', title: 'Văn bản chờ duyệt', load: outgoing('submitted'), kind: 'outgoing',
        empty: 'Không có văn bản nào chờ duyệt.', more: '#/list/submitted' },
      { key: 'to-sign', title: 'Văn bản chờ tôi ký', kind: 'outgoing', empty: 'Không có văn bản nào chờ bạn ký.', more: '#/list/approved',
        load: async () => (await api.get('/documents?state=approved')).filter((d) => !d.signerId || d.signerId === user.id) },
      tasks,
      informed,
    ],
    specialist: [
      { key: 'returned', title: 'Dự thảo bị trả lại', load: outgoing('returned'), kind: 'outgoing',
        empty: 'Không có dự thảo nào bị trả lại.', more: '#/list/drafts' },
      tasks,
      informed,
      { key: 'drafts', title: 'Dự thảo đang soạn', load: outgoing('draft'), kind: 'outgoing', quiet: true,
        empty: 'Không có dự thảo nào đang soạn.', more: '#/list/drafts' },
    ],
  }[user.role] || [tasks, informed];
}

function itemView(item, kind, seen, userId) {
  const key = `${kind}:${item.id}`;
  const href = kind === 'incoming' ? `#/incoming/${item.id}` : `#/documents/${item.id}`;
  const days = kind === 'incoming' ? daysUntil(item.deadline) : null;
  const meta = kind === 'incoming'
    ? [item.myRoleLabel ? `${item.myRoleLabel}: ${item.myStatusLabel}` : '', item.senderName, item.notation ? `Số ${item.notation}` : '', incomingStateNames[item.state] || '',
      item.deadline ? `Hạn xử lý ${formatDate(item.deadline)}` : '', item.receivedAt ? `Đến lúc ${formatDate(item.receivedAt, true)}` : '']
    : [stateNames[item.state] || '', item.authorName ? `Người soạn: ${item.authorName}` : '',
      item.updatedAt ? `Cập nhật ${formatDate(item.updatedAt, true)}` : ''];
  return h('li.home-item', { 'data-id': item.id, 'data-kind': kind },
    h('a', { href, on: { click: () => markSeen(userId, key) } },
      seen.has(key) ? null : h('span.badge.unread', { 'data-testid': 'unread' }, 'Mới'), ' ',
      h('span.type', item.typeName || item.typeCode || ''), ' ', item.subject || '(chưa có trích yếu)'),
    h('div.muted.small', meta.filter(Boolean).join(' · ')),
    item.returnComment && item.state === 'returned' ? h('div.small', h('strong', 'Lãnh đạo trả lại: '), item.returnComment) : null,
    item.waitNote ? h('div.small', { 'data-testid': 'issue-queue-note' }, item.waitNote) : null,
    days != null ? h(`span.days.${days < 0 ? 'overdue' : days <= 3 ? 'due-soon' : 'later'}`, daysLeftText(days)) : null);
}

function byUrgency(kind) {
  return (a, b) => (kind === 'incoming'
    ? (a.deadline || '9999').localeCompare(b.deadline || '9999') || (a.receivedAt || '').localeCompare(b.receivedAt || '')
    : (b.updatedAt || '').localeCompare(a.updatedAt || ''));
}

export async function renderHome(main, ctx) {
  ctx.setTitle('Việc cần làm');
  const sections = sectionsFor(ctx.user);
  const updated = h('p.muted.small', { 'aria-live': 'polite', 'data-testid': 'home-updated' });
  const refresh = h('button.btn.btn-ghost', { type: 'button', 'data-testid': 'home-refresh' }, 'Làm mới');
  main.append(h('div.page-head', h('div', h('h1', 'Việc cần làm'), h('p.muted', ctx.office ? ctx.office.name : '')),
    h('div.actions', refresh)), updated);
  const boxes = sections.map((s) => {
    const box = h('section.panel.home-section', { 'data-section': s.key, 'aria-label': s.title },
      h('h2', s.title), h('p.muted', 'Đang tải…'));
    main.append(box);
    return box;
  });

  let stopped = false;
  const load = async () => {
    const seen = seenSet(ctx.user.id);
    const results = await Promise.allSettled(sections.map((s) => s.load()));
    if (stopped) return;
    let waiting = 0;
    results.forEach((r, i) => {
      const s = sections[i];
      if (r.status === 'rejected') {
        boxes[i].replaceChildren(h('h2', s.title), h('p.field-error', r.reason && r.reason.message ? r.reason.message : 'Không tải được.'));
        return;
      }
      const items = [...r.value].sort(byUrgency(s.kind));
      if (!s.quiet) waiting += items.length;
      boxes[i].replaceChildren();
      append(boxes[i], [
        h('h2', s.title, ' ', h(`span.count${items.length && !s.quiet ? '.mine' : ''}`, { 'data-testid': 'section-count' }, String(items.length))),
        s.reminders && deadlineNotice(items) ? h('p.alert.alert-warn', { 'data-testid': 'deadline-notice', role: 'status' }, 'Nhắc hạn: ', deadlineNotice(items)) : null,
        items.length === 0 ? h('p.muted', s.empty)
          : h('ul.home-list', items.slice(0, 10).map((d) => itemView(d, s.kind, seen, ctx.user.id))),
        items.length > 10 || s.more ? h('p.small', h('a', { href: s.more }, items.length > 10 ? `Xem cả ${items.length} văn bản` : 'Mở danh sách')) : null]);
    });
    const count = document.querySelector('[data-home-count]');
    if (count) count.textContent = waiting ? String(waiting) : '';
    const now = new Date(Date.now() + 7 * 3600_000).toISOString();
    updated.textContent = `Cập nhật lúc ${now.slice(11, 16)}; tự làm mới mỗi 30 giây.`;
  };
  refresh.addEventListener('click', () => { load().catch(() => {}); });
  const timer = setInterval(() => { if (!document.hidden) load().catch(() => {}); }, REFRESH_MS);
  ctx.onCleanup(() => { stopped = true; clearInterval(timer); });
  await load();
}
