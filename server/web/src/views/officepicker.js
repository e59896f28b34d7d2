// The recipients picker of the editor ("Gửi điện tử đến"): the offices of the directory that
// receive a letter electronically when it is issued. The directory may hold the national axis's
// whole list (thousands of offices, docs/exchange.md), so the picker shows the chosen offices and
// those matching what is typed (name or code, with or without Vietnamese marks); a small
// directory is listed whole. Dissolved offices are not offered; typing an old code (a merged or
// renamed office) finds the office that succeeded it.
import { h, clear } from '../dom.js';

const SHOW_ALL_UP_TO = 30; ///< a directory this small is listed without typing
const MATCHES_SHOWN = 50;

/** Text folded for matching: lower case, marks dropped, đ → d. */
export function folded(text) {
  return (text || '').normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

function where(o) {
  if (o.viaAxis) return ' (qua trục liên thông)';
  return o.peer ? ` (máy chủ ${o.peer})` : '';
}

/**
 * offices: GET /api/offices; ownOfficeId: the drafter's office (not offered); chosen: codes.
 * Returns { element, search, values(), set(codes) }; a change of choice fires "change" on element.
 */
export function officePicker(offices, ownOfficeId, chosen) {
  const byId = new Map(offices.map((o) => [o.id, o]));
  /** An office's successor chain's end (at most 16 steps). */
  const current = (o) => {
    let office = o;
    for (let i = 0; office && office.dissolvedOn && office.successorId && i < 16; i++) office = byId.get(office.successorId);
    return office;
  };
  const active = offices.filter((o) => o.id !== ownOfficeId && !o.dissolvedOn);
  const byCode = new Map(offices.map((o) => [o.code, o]));
  let picked = new Set(chosen || []);
  const search = h('input#f-recipientOffices-search', {
    type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-controls': 'f-recipientOffices',
    placeholder: `Tìm theo tên hoặc mã định danh trong ${active.length} cơ quan`,
  });
  const list = h('div#f-recipientOffices.office-picks', { role: 'group', 'aria-label': 'Gửi điện tử đến' });
  const hint = h('p.muted.small', { 'data-testid': 'office-picks-hint' });
  const element = h('div.office-picker', search, list, hint);

  const row = (o, note = '') => h('label.check', { 'data-code': o.code },
    h('input', { type: 'checkbox', name: 'recipientOffices', value: o.code, checked: picked.has(o.code) }),
    ` ${o.name}${where(o)}${note}`);

  function render() {
    const q = folded(search.value.trim());
    const shown = new Map(); // code → row
    for (const code of picked) {
      const o = byCode.get(code);
      shown.set(code, row(o || { code, name: code }, o && o.dissolvedOn ? ' — đã giải thể' : ''));
    }
    let matches = 0;
    if (q) {
      for (const o of offices) {
        if (o.id === ownOfficeId || !(folded(o.name).includes(q) || folded(o.code).includes(q))) continue;
        const now = o.dissolvedOn ? current(o) : o;
        if (!now || now.dissolvedOn || now.id === ownOfficeId || shown.has(now.code)) continue;
        if (++matches > MATCHES_SHOWN) break;
        shown.set(now.code, row(now, now !== o ? ` — mã cũ ${o.code}` : ''));
      }
    } else if (active.length <= SHOW_ALL_UP_TO) {
      for (const o of active) if (!shown.has(o.code)) shown.set(o.code, row(o));
    }
    clear(list);
    list.append(...shown.values());
    hint.textContent = q ? (matches === 0 ? 'Không có cơ quan nào khớp.' : matches > MATCHES_SHOWN ? `Hiện ${MATCHES_SHOWN} cơ quan đầu tiên; gõ thêm để thu hẹp.` : '')
      : active.length > SHOW_ALL_UP_TO ? 'Gõ tên hoặc mã định danh để tìm cơ quan nhận trong danh bạ.' : '';
  }

  // Typing a search is no change of the draft: kept from the form's autosave.
  search.addEventListener('input', (e) => { e.stopPropagation(); render(); });
  search.addEventListener('change', (e) => e.stopPropagation());
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  list.addEventListener('change', (e) => {
    const box = e.target;
    if (box.checked) picked.add(box.value); else picked.delete(box.value);
  });
  render();
  return {
    element,
    search,
    values: () => [...picked],
    set(codes) { picked = new Set(codes || []); render(); },
  };
}
