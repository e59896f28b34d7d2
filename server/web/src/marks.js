// Urgency (độ khẩn) and secrecy (độ mật) marks shown in every list, search hit and page
// (issue 14 item 5), the urgent-first order, and a secret letter's access panel (issue 14 item 6,
// docs/access-rules.md "Secret documents").
import * as api from './api.js';
import { h, formatDate } from './dom.js';
import { urgencyOptions, secrecyOptions } from './labels.js';

const URGENCY_RANK = { 'hoa-toc': 3, 'thuong-khan': 2, khan: 1 };

/** Hỏa tốc 3, thượng khẩn 2, khẩn 1, else 0. */
export function urgencyRank(urgency) {
  return URGENCY_RANK[urgency] || 0;
}

/** Most urgent first, keeping the given order within each level. */
export function urgentFirst(items) {
  return items.map((item, i) => [item, i])
    .sort(([a, i], [b, j]) => (urgencyRank(b.urgency) - urgencyRank(a.urgency)) || (i - j))
    .map(([item]) => item);
}

function nameOf(options, code) {
  const known = options.find(([value]) => value === code);
  return known ? known[1] : code;
}

/** The marks of a row or page: độ khẩn, độ mật, "Hạn chế người xem"; [] for an ordinary one. */
export function marks(item) {
  const out = [];
  if (item && item.urgency) {
    out.push(h(`span.badge.mark-urgency.urgency-${item.urgency}`, { 'data-urgency': item.urgency },
      nameOf(urgencyOptions, item.urgency)));
  }
  if (item && item.secrecy) {
    out.push(h('span.badge.mark-secrecy', { 'data-secrecy': item.secrecy }, nameOf(secrecyOptions, item.secrecy)));
  }
  if (item && item.limited) {
    out.push(h('span.badge.mark-limited', { 'data-testid': 'limited-mark' }, 'Hạn chế người xem'));
  }
  return out.flatMap((m) => [m, ' ']);
}

/**
 * The access panel of a document or case file (base: "/documents/7", "/incoming/3",
 * "/casefiles/2"): who may see it, and for a leader the buttons to limit, name, remove, lift.
 */
export function renderAccess(base, { secret, ctx }) {
  const panel = h('section.panel.access', { 'data-testid': 'access', 'aria-label': 'Quyền xem' }, h('h2', 'Quyền xem'));
  const error = h('p.field-error', { hidden: true });
  async function change(send) {
    try {
      error.hidden = true;
      show(await send());
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  }
  async function show(view) {
    const body = [];
    body.push(h('p.muted', { 'data-testid': 'reads' },
      `Lượt xem: ${view.reads.views} · lượt tải: ${view.reads.downloads}`));
    if (!view.limited) {
      body.push(h('p', 'Người xem theo quy tắc chung của cơ quan.'));
      if (view.canManage && secret) {
        body.push(h('button.btn.btn-small', { type: 'button', 'data-testid': 'access-limit',
          on: { click: () => change(() => api.put(`${base}/access`, { limited: true })) } }, 'Giới hạn người xem'));
      }
    } else {
      body.push(h('p', h('strong', 'Chỉ những người sau được xem'),
        view.limitedBy ? ` (giới hạn bởi ${view.limitedBy}, ${formatDate(view.limitedAt, true)})` : ''));
      body.push(h('ul', { 'data-testid': 'access-readers' }, view.readers.map((r) => h('li', { 'data-user': r.username },
        `${r.fullName} `, view.canManage ? h('button.btn.btn-small', { type: 'button', 'data-testid': 'access-revoke',
          on: { click: () => change(() => api.del(`${base}/access/readers/${r.userId}`)) } }, 'Thu hồi') : null))));
      if (view.canManage) {
        const users = (await api.get(`/users?officeId=${ctx.user.officeId}`).catch(() => []))
          .filter((u) => u.role !== 'administrator' && u.active !== false && !view.readers.some((r) => r.userId === u.id));
        const select = h('select#access-user', { 'aria-label': 'Người được xem' },
          users.map((u) => h('option', { value: String(u.id), 'data-username': u.username }, `${u.fullName} — ${u.title || u.role}`)));
        body.push(h('div.inline-form', select,
          h('button.btn.btn-small', { type: 'button', 'data-testid': 'access-grant',
            on: { click: () => change(() => api.post(`${base}/access/readers`, { userId: Number(select.value) })) } }, 'Giao quyền xem'),
          h('button.btn.btn-small', { type: 'button', 'data-testid': 'access-unlimit',
            on: { click: () => change(() => api.put(`${base}/access`, { limited: false })) } }, 'Bỏ giới hạn')));
      }
    }
    panel.replaceChildren(h('h2', 'Quyền xem'), error, ...body);
    panel.dataset.limited = String(view.limited);
  }
  api.get(`${base}/access`).then(show).catch((err) => { error.textContent = err.message; error.hidden = false; panel.append(error); });
  return panel;
}
