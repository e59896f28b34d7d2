// Search (tìm kiếm): a box that answers as the user types, filters, results with the words found
// marked in the subject and in a passage of the text. GET /api/search (docs/api.md, docs/search.md).
import { marks } from '../marks.js';
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { stateNames, incomingStateNames, secrecyOptions } from '../labels.js';

/** A secrecy code (mat, toi-mat…) or a word already → the word; never a raw code. */
function secrecyName(secrecy) {
  if (!secrecy) return '';
  const known = secrecyOptions.find(([code]) => code === secrecy);
  return known ? known[1] : /^[a-z-]+$/.test(secrecy) ? '' : secrecy;
}

const registerNames = { outgoing: 'Văn bản đi', incoming: 'Văn bản đến' };
const typeOptions = [
  ['', 'Mọi loại'], ['CV', 'Công văn'], ['QĐ', 'Quyết định'], ['TB', 'Thông báo'],
  ['KH', 'Kế hoạch'], ['BC', 'Báo cáo'], ['TTr', 'Tờ trình'], ['CT', 'Chỉ thị'], ['NQ', 'Nghị quyết'],
];
const sortOptions = [['relevance', 'Phù hợp nhất'], ['newest', 'Mới nhất'], ['oldest', 'Cũ nhất']];
const PAGE = 20;

/** Text parts [{text, match}] as nodes: matched words in <mark>, never as HTML. */
export function marked(parts) {
  return (parts || []).map((p) => (p.match ? h('mark', p.text) : document.createTextNode(p.text)));
}

/** The query string of /api/search for the form's state. */
export function searchPath(state, offset = 0) {
  const params = new URLSearchParams();
  params.set('q', state.q);
  if (state.asYouType) params.set('prefix', '1');
  for (const key of ['type', 'register', 'year', 'from', 'to', 'signer']) if (state[key]) params.set(key, state[key]);
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  params.set('limit', String(PAGE));
  if (offset) params.set('offset', String(offset));
  return `/search?${params.toString()}`;
}

function select(name, label, options, value) {
  return h('label.search-filter', h('span', label),
    h('select', { name, 'aria-label': label }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

export async function renderSearch(main, ctx) {
  ctx.setTitle('Tìm kiếm');
  // Typing in the top bar brought us here: that box keeps the focus and this page follows it.
  const top = document.querySelector('[data-testid=topbar-search]');
  const fromTop = !!top && document.activeElement === top;
  const state = {
    q: fromTop ? top.value : ctx.query.get('q') || '', type: ctx.query.get('type') || '', register: ctx.query.get('register') || '',
    year: ctx.query.get('year') || '', sort: ctx.query.get('sort') || 'relevance', asYouType: true,
  };
  const box = h('input.search.search-box', {
    type: 'search', name: 'q', value: state.q, autocomplete: 'off', 'data-testid': 'search-box',
    placeholder: 'Tìm văn bản: gõ có dấu hoặc không dấu, "cụm từ", số ký hiệu 753-CV/ĐU…',
    'aria-label': 'Tìm văn bản',
  });
  const thisYear = new Date().getFullYear();
  const years = [['', 'Mọi năm']];
  for (let y = thisYear; y >= thisYear - 15; y -= 1) years.push([String(y), String(y)]);
  const filters = h('div.search-filters',
    select('type', 'Loại văn bản', typeOptions, state.type),
    select('register', 'Sổ', [['', 'Mọi sổ'], ['outgoing', 'Văn bản đi'], ['incoming', 'Văn bản đến']], state.register),
    select('year', 'Năm', years, state.year),
    select('sort', 'Sắp xếp', sortOptions, state.sort));
  const summary = h('p.search-summary.muted', { 'aria-live': 'polite' });
  const results = h('ol.search-results', { 'data-testid': 'search-results' });
  const more = h('button.btn.btn-ghost.search-more', { type: 'button', hidden: true }, 'Xem thêm');
  main.append(h('div.page-head', h('h1', 'Tìm kiếm')), box, filters, summary, results, more);

  let controller = null;
  let timer = null;
  let shown = 0;

  const hitView = (hit) => {
    const href = hit.kind === 'outgoing' ? `#/documents/${hit.id}` : null;
    const title = h('span.search-subject', marked(hit.subjectParts.length ? hit.subjectParts : [{ text: hit.subject, match: false }]));
    return h('li.search-hit', { 'data-id': hit.id, 'data-kind': hit.kind },
      h('div.search-hit-head',
        h('span.type', hit.typeName || hit.typeCode), ' ',
        href ? h('a', { href }, title) : title, ' ', marks({ secrecy: hit.secrecy && /^[a-z-]+$/.test(hit.secrecy) ? hit.secrecy : '' })),
      h('div.search-meta.muted',
        [hit.notation ? `Số ${hit.notation}` : 'Chưa có số', hit.issuer, formatDate(hit.date),
          hit.signer ? `Người ký: ${hit.signer}` : '', registerNames[hit.register] || '',
          stateNames[hit.status] || incomingStateNames[hit.status] || '', secrecyName(hit.secrecy)].filter(Boolean).join(' · ')),
      hit.snippet.length ? h('p.search-snippet', marked(hit.snippet)) : null);
  };

  const run = async (append = false) => {
    if (controller) controller.abort();
    controller = new AbortController();
    const offset = append ? shown : 0;
    if (!state.q.trim() && !state.type && !state.year && !state.register) {
      results.replaceChildren();
      summary.textContent = 'Gõ vài chữ để tìm trong mọi văn bản bạn được xem.';
      more.hidden = true;
      return;
    }
    try {
      const answer = await api.get(searchPath(state, offset), { signal: controller.signal });
      if (!append) { results.replaceChildren(); shown = 0; }
      results.append(...answer.hits.map(hitView));
      shown += answer.hits.length;
      summary.textContent = answer.total === 0 ? 'Không tìm thấy văn bản nào.'
        : `${answer.exact ? '' : 'Khoảng '}${answer.total.toLocaleString('vi-VN')} văn bản`;
      more.hidden = shown >= answer.total || answer.hits.length < PAGE;
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      summary.textContent = e.message;
    }
  };

  const changed = () => {
    ctx.navigate(`#/search?${new URLSearchParams(Object.entries({
      q: state.q, type: state.type, register: state.register, year: state.year,
      sort: state.sort === 'relevance' ? '' : state.sort,
    }).filter(([, v]) => v)).toString()}`, { silent: true });
    clearTimeout(timer);
    timer = setTimeout(() => run(false), 120);
  };
  box.addEventListener('input', () => { state.q = box.value; if (top) top.value = box.value; changed(); });
  const followTop = () => { state.q = top.value; box.value = top.value; changed(); };
  if (top) top.addEventListener('input', followTop);
  filters.addEventListener('change', (e) => { state[e.target.name] = e.target.value; changed(); });
  more.addEventListener('click', () => run(true));
  ctx.onCleanup(() => { clearTimeout(timer); if (controller) controller.abort(); if (top) top.removeEventListener('input', followTop); });
  if (!fromTop) {
    if (top) top.value = state.q;
    box.focus();
    const end = box.value.length;
    box.setSelectionRange(end, end);
  }
  await run(false);
}
