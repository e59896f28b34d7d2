import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { stateNames, tabs } from '../labels.js';
import { marks } from '../marks.js';

export function stateBadge(state) {
  return h(`span.badge.state-${state}`, { 'data-state': state }, stateNames[state] || state);
}

export function countByTab(documents) {
  const counts = {};
  for (const t of tabs) counts[t.key] = documents.filter((d) => t.states.includes(d.state)).length;
  return counts;
}

/** Documents in the given states, one request per state (the API filters by one state). */
export async function documentsIn(states) {
  const lists = await Promise.all(states.map((s) => api.get(`/documents?state=${encodeURIComponent(s)}`)));
  return lists.flat();
}

/** Counts of the lists of unfinished work (issued documents are not counted: they can be many). */
export async function loadCounts(setCounts) {
  const open = tabs.filter((t) => t.key !== 'issued').flatMap((t) => t.states);
  setCounts(countByTab(await documentsIn(open)));
}

export async function renderList(main, ctx, tabKey) {
  const tab = tabs.find((t) => t.key === tabKey);
  ctx.setTitle(tab.title);
  const filter = h('input.search', {
    type: 'search', placeholder: 'Tìm theo trích yếu, số, người soạn…', 'aria-label': 'Tìm văn bản',
  });
  const heading = h('div.page-head', h('h1', tab.title), filter);
  main.append(heading);
  const body = h('div.list-body', h('p.muted', 'Đang tải…'));
  main.append(body);

  loadCounts(ctx.setCounts).catch(() => {});
  const docs = (await documentsIn(tab.states))
    .sort((a, b) => (tab.key === 'issued'
      ? (b.issuedDate || '').localeCompare(a.issuedDate || '') || (b.number || 0) - (a.number || 0)
      : (b.updatedAt || '').localeCompare(a.updatedAt || '')));

  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = q ? docs.filter((d) => [d.subject, d.notation, d.typeName, d.authorName, d.signerName, String(d.number || '')]
      .some((s) => (s || '').toLowerCase().includes(q))) : docs;
    body.replaceChildren(shown.length === 0
      ? h('div.empty', h('p', q ? 'Không có văn bản nào khớp với từ tìm kiếm.' : tab.empty))
      : h('table.doc-table', { 'data-testid': 'document-list' },
        h('thead', h('tr',
          h('th', 'Trích yếu'), h('th', 'Trạng thái'), h('th', 'Số, ký hiệu'),
          h('th', 'Người soạn'), h('th', 'Người ký'), h('th', tab.key === 'issued' ? 'Ngày ban hành' : 'Cập nhật'))),
        h('tbody', shown.map((d) => {
          const href = `#/documents/${d.id}`;
          return h('tr.clickable', { 'data-id': d.id, on: { click: (e) => { if (!e.target.closest('a') && !window.getSelection().toString()) ctx.navigate(href); } } },
            h('td.subject', marks(d), h('a', { href }, h('span.type', d.typeName || d.typeCode), ' ', d.subject || h('em', '(chưa có trích yếu)'))),
            h('td', { 'data-label': 'Trạng thái' }, stateBadge(d.state)),
            h('td', { 'data-label': 'Số, ký hiệu' }, d.notation || (d.number ? String(d.number) : '—')),
            h('td', { 'data-label': 'Người soạn' }, d.authorName || ''),
            h('td', { 'data-label': 'Người ký' }, d.signerName || ''),
            h('td', { 'data-label': tab.key === 'issued' ? 'Ngày ban hành' : 'Cập nhật' },
              tab.key === 'issued' ? formatDate(d.issuedDate) : formatDate(d.updatedAt, true)));
        }))));
  };
  filter.addEventListener('input', draw);
  draw();
}
