// Search (tìm kiếm): a box that answers as the user types, filters on every field (advanced
// search), results in a table of the columns the user chose with the words found marked in the
// subject and in a passage of the text, saved searches (own or shared with the office) and the
// results exported as .docx or .pdf. GET /api/search, /api/search/export, /api/saved-searches
// (docs/api.md, docs/search.md).
import { marks } from '../marks.js';
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { staleChoice, conflictBox } from '../stale.js';
import { stateNames, incomingStateNames, secrecyOptions, urgencyOptions } from '../labels.js';
import { attachmentName } from '../casefile-rules.js';

/** A secrecy code (mat, toi-mat…) or a word already → the word; never a raw code. */
function secrecyName(secrecy) {
  if (!secrecy) return '';
  const known = secrecyOptions.find(([code]) => code === secrecy);
  return known ? known[1] : /^[a-z-]+$/.test(secrecy) ? '' : secrecy;
}

/** Every state a hit may be in, in Vietnamese (outgoing, incoming, imported, recalled). */
export const searchStateNames = {
  ...stateNames, ...incomingStateNames,
  imported: 'Nhập từ hệ thống cũ', recalled: 'Đã thu hồi', replaced: 'Đã được thay thế', updated: 'Đã được cập nhật', requested: 'Đang đề nghị thu hồi',
};

const registerNames = { outgoing: 'Văn bản đi', incoming: 'Văn bản đến' };
const typeOptions = [
  ['', 'Mọi loại'], ['CV', 'Công văn'], ['QĐ', 'Quyết định'], ['TB', 'Thông báo'],
  ['KH', 'Kế hoạch'], ['BC', 'Báo cáo'], ['TTr', 'Tờ trình'], ['CT', 'Chỉ thị'], ['NQ', 'Nghị quyết'],
];
const sortOptions = [['relevance', 'Phù hợp nhất'], ['newest', 'Mới nhất'], ['oldest', 'Cũ nhất']];
const PAGE = 20;
const COLUMNS_KEY = 'vanthu.search.columns';

/** The filters the API knows (query parameter names), besides q and sort. */
export const FILTERS = ['type', 'register', 'year', 'status', 'secrecy', 'urgency', 'arrival', 'handler', 'recipient',
  'caseFile', 'signer', 'issuer', 'from', 'to', 'deadlineFrom', 'deadlineTo'];
const ADVANCED = FILTERS.filter((k) => !['type', 'register', 'year'].includes(k));

/** The columns of the results table: key (as /api/search/export knows it), heading. */
export const COLUMNS = [
  ['notation', 'Số, ký hiệu'], ['arrivalNumber', 'Số đến'], ['date', 'Ngày'], ['typeName', 'Loại'],
  ['subject', 'Trích yếu'], ['issuer', 'Cơ quan ban hành'], ['signer', 'Người ký'], ['handler', 'Người xử lý'],
  ['deadline', 'Hạn xử lý'], ['recipients', 'Nơi nhận'], ['caseFiles', 'Hồ sơ'], ['urgency', 'Độ khẩn'],
  ['secrecy', 'Độ mật'], ['status', 'Trạng thái'], ['register', 'Sổ'],
];
export const DEFAULT_COLUMNS = ['notation', 'date', 'typeName', 'subject', 'issuer', 'status'];

/** Known columns of a comma list, in the table's order; the default when none is known. */
export function parseColumns(text) {
  const wanted = String(text || '').split(',');
  const chosen = COLUMNS.map(([key]) => key).filter((key) => wanted.includes(key));
  return chosen.length ? chosen : [...DEFAULT_COLUMNS];
}

/** Text parts [{text, match}] as nodes: matched words in <mark>, never as HTML. */
export function marked(parts) {
  return (parts || []).map((p) => (p.match ? h('mark', p.text) : document.createTextNode(p.text)));
}

/** The query string of the form's filters (what a saved search keeps): q, sort, filters. */
export function queryOf(state) {
  const params = new URLSearchParams();
  params.set('q', state.q || '');
  for (const key of FILTERS) if (state[key]) params.set(key, state[key]);
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  return params.toString();
}

/** The query string of /api/search for the form's state. */
export function searchPath(state, offset = 0) {
  const params = new URLSearchParams(queryOf(state));
  if (state.asYouType) params.set('prefix', '1');
  params.set('limit', String(PAGE));
  if (offset) params.set('offset', String(offset));
  return `/search?${params.toString()}`;
}

/** The page of a hit: every kind opens. */
export function hitHref(hit) {
  if (hit.kind === 'outgoing') return `#/documents/${hit.id}`;
  if (hit.kind === 'incoming') return `#/incoming/${hit.id}`;
  if (hit.kind === 'imported') return `#/imported/${hit.id}`;
  return null;
}

/** One cell of a hit in a column, as text (the subject is drawn apart). */
export function cellText(hit, column) {
  switch (column) {
    case 'notation': return hit.notation || 'Chưa có số';
    case 'arrivalNumber': return hit.arrivalNumber || '';
    case 'date': return formatDate(hit.date);
    case 'typeName': return hit.typeName || hit.typeCode || '';
    case 'issuer': return hit.issuer || '';
    case 'signer': return hit.signer || '';
    case 'handler': return hit.handler || '';
    case 'deadline': return hit.deadline ? formatDate(hit.deadline) : '';
    case 'recipients': return (hit.recipients || []).join('; ');
    case 'caseFiles': return (hit.caseFiles || []).map((f) => `${f.code} ${f.title}`).join('; ');
    case 'urgency': return hit.urgency || '';
    case 'secrecy': return secrecyName(hit.secrecy);
    case 'status': return searchStateNames[hit.status] || '';
    case 'register': return hit.kind === 'imported' ? 'Nhập từ hệ thống cũ' : registerNames[hit.register] || '';
    default: return '';
  }
}

function select(name, label, options, value) {
  return h('label.search-filter', h('span', label),
    h('select', { name, 'aria-label': label }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

function field(name, label, value, type = 'text') {
  return h('label.search-filter', h('span', label),
    h('input', { name, type, value: value || '', 'aria-label': label, 'data-testid': `filter-${name}`, maxlength: 200 }));
}

function storedColumns() {
  try { return parseColumns(localStorage.getItem(COLUMNS_KEY)); } catch { return [...DEFAULT_COLUMNS]; }
}

async function download(path, fallback) {
  const res = await api.api('GET', path, undefined, { raw: true });
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: attachmentName(res.headers.get('Content-Disposition'), fallback), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function renderSearch(main, ctx) {
  ctx.setTitle('Tìm kiếm');
  // Typing in the top bar brought us here: that box keeps the focus and this page follows it.
  const top = document.querySelector('[data-testid=topbar-search]');
  const fromTop = !!top && document.activeElement === top;
  const state = { q: fromTop ? top.value : ctx.query.get('q') || '', sort: ctx.query.get('sort') || 'relevance', asYouType: true };
  for (const key of FILTERS) state[key] = ctx.query.get(key) || '';
  let columns = storedColumns();

  const box = h('input.search.search-box', {
    type: 'search', name: 'q', value: state.q, autocomplete: 'off', 'data-testid': 'search-box',
    placeholder: 'Tìm văn bản: gõ có dấu hoặc không dấu, "cụm từ", số ký hiệu 753-CV/ĐU…',
    'aria-label': 'Tìm văn bản',
  });
  const thisYear = new Date().getFullYear();
  const years = [['', 'Mọi năm']];
  for (let y = thisYear; y >= thisYear - 15; y -= 1) years.push([String(y), String(y)]);
  const stateOptions = [['', 'Mọi trạng thái'], ...Object.entries(searchStateNames)];
  const advanced = h('details.search-advanced', { open: ADVANCED.some((k) => state[k]), 'data-testid': 'search-advanced' },
    h('summary', 'Tìm nâng cao'),
    h('div.search-filters',
      select('status', 'Trạng thái', stateOptions, state.status),
      select('urgency', 'Độ khẩn', [['', 'Mọi độ khẩn'], ['none', 'Thường'], ...urgencyOptions.filter(([v]) => v)], state.urgency),
      select('secrecy', 'Độ mật', [['', 'Mọi độ mật'], ['none', 'Không mật'], ...secrecyOptions.filter(([v]) => v)], state.secrecy),
      field('arrival', 'Số đến', state.arrival),
      field('handler', 'Người xử lý', state.handler),
      field('recipient', 'Nơi nhận', state.recipient),
      field('caseFile', 'Hồ sơ (số hoặc tiêu đề)', state.caseFile),
      field('signer', 'Người ký', state.signer),
      field('issuer', 'Cơ quan ban hành', state.issuer),
      field('from', 'Từ ngày', state.from, 'date'),
      field('to', 'Đến ngày', state.to, 'date'),
      field('deadlineFrom', 'Hạn xử lý từ', state.deadlineFrom, 'date'),
      field('deadlineTo', 'Hạn xử lý đến', state.deadlineTo, 'date')));
  const filters = h('div.search-filters',
    select('type', 'Loại văn bản', typeOptions, state.type),
    select('register', 'Sổ', [['', 'Mọi sổ'], ['outgoing', 'Văn bản đi'], ['incoming', 'Văn bản đến']], state.register),
    select('year', 'Năm', years, state.year),
    select('sort', 'Sắp xếp', sortOptions, state.sort));

  // Columns (6đ): remembered in this browser, and with a saved search.
  const columnBoxes = COLUMNS.map(([key, title]) => h('label.search-column',
    h('input', { type: 'checkbox', name: key, checked: columns.includes(key), 'data-testid': `column-${key}` }), ' ', title));
  const columnPicker = h('details.search-columns', h('summary', 'Chọn cột'), h('div.search-column-list', columnBoxes));

  // Saved searches (6e) and export (6h).
  const savedSelect = h('select', { 'aria-label': 'Tìm kiếm đã lưu', 'data-testid': 'saved-searches' });
  const savedName = h('input', { type: 'text', maxlength: 100, placeholder: 'Tên tìm kiếm', 'aria-label': 'Tên tìm kiếm', 'data-testid': 'saved-name' });
  const savedShared = h('input', { type: 'checkbox', 'data-testid': 'saved-shared' });
  const saveButton = h('button.btn', { type: 'button', 'data-testid': 'save-search' }, 'Lưu tìm kiếm');
  const deleteButton = h('button.btn.btn-ghost', { type: 'button', hidden: true, 'data-testid': 'delete-saved' }, 'Xóa tìm kiếm đã lưu');
  const toolsMessage = h('span.muted', { role: 'status', 'data-testid': 'search-tools-message' });
  const exportDocx = h('button.btn', { type: 'button', 'data-testid': 'export-docx' }, 'Xuất .docx');
  const exportPdf = h('button.btn', { type: 'button', 'data-testid': 'export-pdf' }, 'Xuất .pdf');
  const savedConflict = conflictBox();
  const tools = h('div.search-tools',
    h('label.search-filter', h('span', 'Tìm kiếm đã lưu'), savedSelect), deleteButton,
    h('span.search-save', savedName, h('label', savedShared, ' Chia sẻ với cơ quan'), saveButton),
    exportDocx, exportPdf, toolsMessage, savedConflict);

  const summary = h('p.search-summary.muted', { 'aria-live': 'polite' });
  const head = h('thead');
  const body = h('tbody');
  const results = h('table.search-results', { 'data-testid': 'search-results' }, head, body);
  const more = h('button.btn.btn-ghost.search-more', { type: 'button', hidden: true }, 'Xem thêm');
  main.append(h('div.page-head', h('h1', 'Tìm kiếm')), box, filters, advanced, columnPicker, tools, summary,
    h('div.table-wrap', results), more);

  let controller = null;
  let timer = null;
  let shown = 0;
  let hits = [];
  let saved = [];

  const drawHead = () => head.replaceChildren(h('tr', columns.map((key) => h('th', { scope: 'col' }, COLUMNS.find(([k]) => k === key)[1]))));
  const hitView = (hit) => {
    const href = hitHref(hit);
    const cells = columns.map((key) => {
      if (key !== 'subject') return h('td', { 'data-column': key }, cellText(hit, key));
      const title = h('span.search-subject', marked(hit.subjectParts.length ? hit.subjectParts : [{ text: hit.subject, match: false }]));
      return h('td', { 'data-column': key },
        href ? h('a', { href }, title) : title, ' ', marks({ secrecy: hit.secrecy && /^[a-z-]+$/.test(hit.secrecy) ? hit.secrecy : '' }),
        hit.snippet.length ? h('p.search-snippet', marked(hit.snippet)) : null);
    });
    if (!columns.includes('subject') && href) cells[0].replaceChildren(h('a', { href }, cells[0].textContent || 'Mở'));
    return h('tr.search-hit', { 'data-id': hit.id, 'data-kind': hit.kind }, cells);
  };
  const redraw = () => { drawHead(); body.replaceChildren(...hits.map(hitView)); };

  const anyFilter = () => FILTERS.some((k) => state[k]);
  const run = async (append = false) => {
    if (controller) controller.abort();
    controller = new AbortController();
    const offset = append ? shown : 0;
    if (!state.q.trim() && !anyFilter()) {
      hits = [];
      redraw();
      summary.textContent = 'Gõ vài chữ để tìm trong mọi văn bản bạn được xem.';
      more.hidden = true;
      return;
    }
    try {
      const answer = await api.get(searchPath(state, offset), { signal: controller.signal });
      if (!append) { hits = []; shown = 0; }
      hits.push(...answer.hits);
      shown += answer.hits.length;
      redraw();
      summary.textContent = answer.total === 0 ? 'Không tìm thấy văn bản nào.'
        : `${answer.exact ? '' : 'Khoảng '}${answer.total.toLocaleString('vi-VN')} văn bản`;
      more.hidden = shown >= answer.total || answer.hits.length < PAGE;
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      summary.textContent = e.message;
    }
  };

  const changed = () => {
    const query = new URLSearchParams(queryOf(state));
    for (const [k, v] of [...query.entries()]) if (!v) query.delete(k);
    ctx.navigate(`#/search?${query.toString()}`, { silent: true });
    clearTimeout(timer);
    timer = setTimeout(() => run(false), 120);
  };
  const setFormFrom = () => {
    box.value = state.q;
    for (const control of main.querySelectorAll('.search-filters [name]')) control.value = state[control.name] || '';
    for (const input of columnBoxes.map((l) => l.querySelector('input'))) input.checked = columns.includes(input.name);
    advanced.open = ADVANCED.some((k) => state[k]);
  };
  const useColumns = (list) => {
    columns = list;
    try { localStorage.setItem(COLUMNS_KEY, columns.join(',')); } catch { /* private mode: for this page only */ }
    redraw();
  };

  const loadSaved = async (selectId = '') => {
    try { saved = await api.get('/saved-searches'); } catch { saved = []; }
    savedSelect.replaceChildren(h('option', { value: '' }, saved.length ? '— Chọn —' : 'Chưa có tìm kiếm nào'),
      ...saved.map((s) => h('option', { value: String(s.id), selected: String(s.id) === String(selectId) },
        s.mine ? `${s.name}${s.shared ? ' (chia sẻ)' : ''}` : `${s.name} — của ${s.ownerName}`)));
    const chosen = saved.find((s) => String(s.id) === String(selectId));
    deleteButton.hidden = !(chosen && chosen.mine);
  };
  /** Puts a saved search's query, columns and sharing into the page. */
  const applySaved = (chosen) => {
    const params = new URLSearchParams(chosen.query);
    state.q = params.get('q') || '';
    state.sort = params.get('sort') || 'relevance';
    for (const key of FILTERS) state[key] = params.get(key) || '';
    if (chosen.columns) useColumns(parseColumns(chosen.columns));
    savedName.value = chosen.mine ? chosen.name : '';
    savedShared.checked = chosen.mine && chosen.shared;
    setFormFrom();
    changed();
  };
  savedSelect.addEventListener('change', () => {
    const chosen = saved.find((s) => String(s.id) === savedSelect.value);
    deleteButton.hidden = !(chosen && chosen.mine);
    if (chosen) applySaved(chosen);
  });
  // Overwriting one of mine sends the version the list showed: saved meanwhile in another window,
  // it is refused (409) with "Tải lại" / "So sánh", the search on the page kept (issue 16).
  const savedLabels = { query: 'Điều kiện', columns: 'Các cột', shared: 'Chia sẻ với cơ quan' };
  const savedValues = (s) => ({ query: s.query, columns: s.columns, shared: s.shared ? 'có' : 'không' });
  const staleSave = (same, e) => staleChoice(savedConflict, {
    version: same.version, names: Object.keys(savedLabels), label: (n) => savedLabels[n], show: (n, v) => v || '',
    read: () => savedValues({ query: queryOf(state), columns: columns.join(','), shared: savedShared.checked }),
    fill: (v) => { applySaved({ ...same, query: v.query, columns: v.columns, shared: v.shared === 'có', mine: true }); },
    load: async () => {
      const now = await api.get(`/saved-searches/${same.id}`);
      saved = saved.map((s) => (s.id === now.id ? now : s)); // the next save starts from it
      return { version: now.version, values: savedValues(now) };
    },
  }, { resave: () => saveButton.click(), confirm: 'Lưu tìm kiếm', error: (err) => { toolsMessage.textContent = err.message; } }).handle(e);
  saveButton.addEventListener('click', async () => {
    const name = savedName.value.trim();
    if (!name) { toolsMessage.textContent = 'Xin đặt tên cho tìm kiếm.'; savedName.focus(); return; }
    const body = { name, query: queryOf(state), columns: columns.join(','), shared: savedShared.checked };
    const same = saved.find((s) => s.mine && s.name === name);
    savedConflict.hidden = true;
    try {
      const result = same ? await api.put(`/saved-searches/${same.id}`, { ...body, version: same.version }) : await api.post('/saved-searches', body);
      toolsMessage.textContent = `Đã lưu “${result.name}”.`;
      await loadSaved(result.id);
    } catch (e) {
      if (same && staleSave(same, e)) { toolsMessage.textContent = ''; return; }
      toolsMessage.textContent = e.message;
    }
  });
  deleteButton.addEventListener('click', async () => {
    const chosen = saved.find((s) => String(s.id) === savedSelect.value);
    if (!chosen) return;
    try {
      await api.del(`/saved-searches/${chosen.id}`);
      toolsMessage.textContent = `Đã xóa “${chosen.name}”.`;
      await loadSaved();
    } catch (e) { toolsMessage.textContent = e.message; }
  });
  const exportAs = async (format) => {
    toolsMessage.textContent = 'Đang xuất…';
    try {
      await download(`/search/export?format=${format}&columns=${encodeURIComponent(columns.join(','))}&${queryOf(state)}`, `ket-qua-tim-kiem.${format}`);
      toolsMessage.textContent = `Đã xuất tối đa 500 văn bản (.${format}).`;
    } catch (e) { toolsMessage.textContent = e.message; }
  };
  exportDocx.addEventListener('click', () => exportAs('docx'));
  exportPdf.addEventListener('click', () => exportAs('pdf'));

  box.addEventListener('input', () => { state.q = box.value; if (top) top.value = box.value; changed(); });
  const followTop = () => { state.q = top.value; box.value = top.value; changed(); };
  if (top) top.addEventListener('input', followTop);
  const onFilter = (e) => { if (e.target.name && e.target.name in state) { state[e.target.name] = e.target.value.trim(); changed(); } };
  filters.addEventListener('change', onFilter);
  advanced.addEventListener('change', onFilter);
  columnPicker.addEventListener('change', () => {
    useColumns(parseColumns(columnBoxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.name).join(',')));
  });
  more.addEventListener('click', () => run(true));
  ctx.onCleanup(() => { clearTimeout(timer); if (controller) controller.abort(); if (top) top.removeEventListener('input', followTop); });
  if (!fromTop) {
    if (top) top.value = state.q;
    box.focus();
    const end = box.value.length;
    box.setSelectionRange(end, end);
  }
  drawHead();
  loadSaved();
  await run(false);
}
