// The recipients picker of the editor ("Gửi điện tử đến"): the offices of the directory that
// receive a letter electronically when it is issued. The directory may hold the national axis's
// whole list (thousands of offices, docs/exchange.md), so the picker shows the chosen offices and
// those matching what is typed (name or code, with or without Vietnamese marks); a small
// directory is listed whole. Dissolved offices are not offered; typing an old code (a merged or
// renamed office) finds the office that succeeded it.
// Recipients are entered once (issue 16 item 5): the editor is told of each office picked or
// dropped (onPick) and of a name typed that is in no directory (onFreeName: Enter, or the
// "Thêm" button), and fills Kính gửi and Nơi nhận from them (editor.js).
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
 * How a directory name is written after "Kính gửi": a name in capitals as the directory keeps
 * the issuers' headers ("ỦY BAN NHÂN DÂN XÃ NGHI DƯƠNG") in sentence case with the place's name
 * capitalised ("Ủy ban nhân dân xã Nghi Dương", "Huyện ủy Bình Sơn"); other names as they are.
 */
export function addressName(name) {
  const text = (name || '').trim().replace(/\s+/g, ' ');
  if (!text || text !== text.toLocaleUpperCase('vi') || text === text.toLocaleLowerCase('vi')) return text;
  const words = text.toLocaleLowerCase('vi').split(' ');
  const place = new Set(['xã', 'phường', 'thị', 'trấn', 'huyện', 'quận', 'thành', 'phố', 'tỉnh']);
  const cap = (w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1);
  // The place's own name starts after the first place word(s) ("xã", "thành phố"), and after
  // "ủy" in a Party committee's name ("huyện ủy").
  let start = words.findIndex((w) => place.has(w));
  if (start >= 0) {
    while (start < words.length && place.has(words[start])) start += 1;
    if (words[start] === 'ủy') start += 1;
  } else {
    start = words.length;
  }
  return words.map((w, i) => (i === 0 || i >= start ? cap(w) : w)).join(' ');
}

/**
 * offices: GET /api/offices; ownOfficeId: the drafter's office (not offered); chosen: codes;
 * on: { onPick(office, picked), onFreeName(name) } (optional), called on the person's own choices
 * only (not on set()). Returns { element, search, values(), set(codes) }; a change of choice
 * fires "change" on element.
 */
export function officePicker(offices, ownOfficeId, chosen, on = {}) {
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
  // A name that is in no directory: added as a free name (printed, not sent electronically).
  const addFree = h('button.btn.btn-small', { type: 'button', 'data-testid': 'add-free-recipient', hidden: true });
  const element = h('div.office-picker', search, list, addFree, hint);

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
    const typed = search.value.trim();
    addFree.hidden = !typed || !on.onFreeName;
    addFree.textContent = `Thêm “${typed}” (tên ngoài danh bạ, không gửi điện tử)`;
    hint.textContent = q ? (matches === 0 ? 'Không có cơ quan nào khớp.' : matches > MATCHES_SHOWN ? `Hiện ${MATCHES_SHOWN} cơ quan đầu tiên; gõ thêm để thu hẹp.` : '')
      : active.length > SHOW_ALL_UP_TO ? 'Gõ tên hoặc mã định danh để tìm cơ quan nhận trong danh bạ.' : '';
  }

  // Typing a search is no change of the draft: kept from the form's autosave.
  search.addEventListener('input', (e) => { e.stopPropagation(); render(); });
  search.addEventListener('change', (e) => e.stopPropagation());
  /** Enter: the one office that matches is picked; a name matching none is added as typed. */
  const addTyped = () => {
    const typed = search.value.trim();
    if (!typed) return;
    const offered = [...list.querySelectorAll('input[name=recipientOffices]:not(:checked)')];
    if (offered.length === 1 && folded(search.value.trim()) && !picked.has(offered[0].value)) {
      offered[0].click();
    } else if (offered.length === 0 && on.onFreeName) {
      on.onFreeName(typed);
    } else {
      return;
    }
    search.value = '';
    render();
  };
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addTyped(); } });
  addFree.addEventListener('click', () => {
    const typed = search.value.trim();
    if (!typed || !on.onFreeName) return;
    on.onFreeName(typed);
    search.value = '';
    render();
    search.focus();
  });
  list.addEventListener('change', (e) => {
    const box = e.target;
    if (box.checked) picked.add(box.value); else picked.delete(box.value);
    const o = byCode.get(box.value);
    if (on.onPick && o) on.onPick(o, box.checked);
  });
  render();
  return {
    element,
    search,
    values: () => [...picked],
    set(codes) { picked = new Set(codes || []); render(); },
  };
}
