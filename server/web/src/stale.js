// Saves of shared records carry the version they were loaded at (issue 16): a save refused because
// someone saved a newer version meanwhile (409 with currentVersion, changedBy, changedAt) keeps
// what was typed and offers "Tải lại" (take the saved version) or "So sánh" (both side by side).
// One mechanism for the draft editor (views/editor.js) and for the dialogs that edit case files
// and assignments (dialog's `stale` option, views/document.js).
import { h, clear, formatDate } from './dom.js';

/** Whether an ApiError is the refusal of a save from an older version. */
export function isStale(e) {
  return !!(e && e.status === 409 && e.details && e.details.currentVersion != null);
}

/** Marks the page as holding unsaved changes: closing or reloading the tab asks first (main.js). */
export function setUnsaved(v) { document.body.dataset.unsaved = v ? 'true' : 'false'; }

/** What the leave question says, and its button (the editor and the dialogs ask alike). */
export const leaveQuestion = { title: 'Rời trang khi chưa lưu?', confirm: 'Rời trang, bỏ thay đổi', danger: true };

/**
 * Fills box (role="alert") with the refusal: the server's sentence, who saved which version when,
 * and the choices, each a button with data-action "reload" and "compare".
 */
export function showStale(box, e, { onReload, onCompare }) {
  clear(box);
  const d = e.details;
  const when = d.changedAt ? formatDate(d.changedAt, true) : '';
  box.append(
    h('p', h('strong', 'Chưa lưu được: '), e.message),
    h('p.small', `Bản đang lưu trên máy chủ: phiên bản ${d.currentVersion}${d.changedBy ? `, của ${d.changedBy}` : ''}${when ? `, lúc ${when}` : ''}. Những gì bạn gõ vẫn ở đây.`),
    h('div.actions',
      h('button.btn', { type: 'button', 'data-action': 'reload', on: { click: () => onReload() } }, 'Tải lại'),
      h('button.btn.btn-primary', { type: 'button', 'data-action': 'compare', on: { click: () => onCompare() } }, 'So sánh')));
  box.hidden = false;
}

/**
 * The two versions field by field, only where they differ: rows [{label, theirs, mine}] as text.
 * theirsVersion names the saved one.
 */
export function compareTable(rows, theirsVersion) {
  return h('table.compare', { 'data-testid': 'compare' },
    h('thead', h('tr', h('th', 'Mục'), h('th', `Bản đã lưu (phiên bản ${theirsVersion})`), h('th', 'Bản của bạn (chưa lưu)'))),
    h('tbody', rows.length ? rows.map((r) => h('tr',
      h('th', { scope: 'row' }, r.label),
      h('td', h('pre', r.theirs)),
      h('td', h('pre', r.mine))))
      : h('tr', h('td', { colspan: 3 }, 'Hai bản giống nhau.'))));
}

/**
 * The rows where two sets of form values differ: names in order, label(name) and show(name, value)
 * turn them into text.
 */
export function differences(names, theirs, mine, label, show) {
  return names.map((n) => ({ name: n, label: label(n), theirs: show(n, theirs[n]), mine: show(n, mine[n]) }))
    .filter((r) => r.theirs !== r.mine);
}
