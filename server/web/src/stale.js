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

/**
 * The reload-or-compare choice of one form that edits a shared record (issue 16), for the
 * dialogs (views/document.js) and the administrator's page forms alike. spec: {version, names,
 * label(name), show(name, value), read() → values typed, fill(values), load() → {version, values}
 * of the saved record}; resave() saves the form again; confirm: its save button's label; error(e):
 * shows an error of loading. `version` is the one to send with the next save; handle(e) returns
 * whether e was the refusal of a stale save, then shown in box with "Tải lại" (the saved version
 * into the form, what was typed still beside it) and "So sánh" (both side by side; keep either).
 */
export function staleChoice(box, spec, { resave, confirm, error }) {
  let version = spec.version;
  async function showVersions(reloaded) {
    const mine = spec.read();
    let theirs;
    try { theirs = await spec.load(); } catch (err) { error(err); return; }
    const rows = differences(spec.names, theirs.values, mine, spec.label, spec.show);
    clear(box);
    const keepMine = h('button.btn', { type: 'button', 'data-action': 'keep-mine', on: { click: () => {
      version = theirs.version; // mine on top of the version just seen: an explicit choice
      spec.fill(mine);
      box.hidden = true;
      resave();
    } } }, 'Giữ bản của tôi');
    const takeTheirs = h('button.btn', { type: 'button', 'data-action': 'take-theirs', on: { click: () => showVersions(true) } }, 'Dùng bản đã lưu');
    if (reloaded) {
      version = theirs.version;
      spec.fill(theirs.values);
    }
    box.append(
      h('p', reloaded
        ? [h('strong', `Đã tải lại phiên bản ${theirs.version}.`), ` Những gì bạn đã gõ vẫn ở cột bên phải; bấm “${confirm}” để lưu bản đang hiện.`]
        : [h('strong', 'So sánh: '), `phiên bản ${theirs.version} đã lưu và bản bạn đang sửa. Chọn bản giữ lại.`]),
      compareTable(rows, theirs.version),
      h('div.actions', reloaded ? null : takeTheirs, keepMine));
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' }); // below a tall form: the choice in view
  }
  return {
    get version() { return version; },
    set version(v) { version = v; }, // after a save: the version it made
    handle(e) {
      if (!isStale(e)) return false;
      showStale(box, e, { onReload: () => showVersions(true), onCompare: () => showVersions(false) });
      box.scrollIntoView({ block: 'nearest' });
      return true;
    },
  };
}

/** The box a stale save's choice is shown in (role="alert", data-testid "conflict"). */
export function conflictBox() {
  return h('div.alert.alert-warn.conflict', { role: 'alert', 'data-testid': 'conflict', hidden: true });
}
