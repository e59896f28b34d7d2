// Reports of the incoming side: deadlines (overdue and due soon, per person), the figures
// offices report on (per month, with CSV), and the incoming register (sổ đăng ký văn bản đến)
// page by page.
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { pager } from '../pager.js';
import { incomingStateNames, channelNames } from '../labels.js';
import { daysUntil, daysLeftText, vietnamToday, deadlineFilter, byDeadline } from '../days.js';

function deadlineTable(items, today) {
  return h('table.doc-table', { 'data-testid': 'deadlines' },
    h('thead', h('tr', h('th', 'Trích yếu'), h('th', 'Cơ quan gửi'), h('th', 'Số đến'), h('th', 'Người xử lý'),
      h('th', 'Hạn xử lý'), h('th', 'Còn lại'))),
    h('tbody', items.map((d) => {
      const days = daysUntil(d.deadline, today);
      return h('tr', { 'data-id': d.id, 'data-deadline': d.deadline || '' },
        h('td.subject', h('a', { href: `#/incoming/${d.id}` }, d.subject)),
        h('td', { 'data-label': 'Cơ quan gửi' }, d.senderName),
        h('td', { 'data-label': 'Số đến' }, d.arrivalNumber ? String(d.arrivalNumber) : '—'),
        h('td', { 'data-label': 'Người xử lý' }, [d.assigneeName, d.assignedUnit].filter(Boolean).join(', ') || '—'),
        h('td', { 'data-label': 'Hạn xử lý' }, d.deadline ? formatDate(d.deadline) : '—'),
        h('td', { 'data-label': 'Còn lại', class: days == null ? '' : days < 0 ? 'overdue' : days <= 3 ? 'due-soon' : '' }, daysLeftText(days)));
    })));
}

export async function renderDeadlines(main, ctx) {
  ctx.setTitle('Hạn xử lý văn bản đến');
  const legacyDays = ctx.query.get('days');
  const initial = ctx.query.get('show') || legacyDays || 'all';
  const select = h('select#deadline-show', { 'aria-label': 'Hiện' },
    [['all', 'Mọi văn bản đang xử lý'], ['overdue', 'Quá hạn'], ['3', 'Quá hạn hoặc đến hạn trong 3 ngày'],
      ['7', 'Quá hạn hoặc đến hạn trong 7 ngày'], ['30', 'Quá hạn hoặc đến hạn trong 30 ngày'], ['none', 'Không có hạn xử lý']]
      .map(([v, text]) => h('option', { value: v, selected: v === initial }, text)));
  const text = h('input.search#deadline-filter', { type: 'search', placeholder: 'Lọc theo trích yếu, nơi gửi, người xử lý…', 'aria-label': 'Lọc văn bản' });
  main.append(h('div.page-head', h('div', h('h1', 'Hạn xử lý văn bản đến'),
    h('p.muted', ctx.user.role === 'specialist' ? 'Văn bản bạn đang xử lý' : (ctx.office ? ctx.office.name : ''))),
  h('div.deadline-filters', h('label', { for: 'deadline-show' }, 'Hiện '), select, text)));
  const mine = ctx.user.role === 'specialist';
  const [lists, report] = await Promise.all([
    Promise.all(['assigned', 'in_progress'].map((st) => api.get(`/incoming?state=${st}${mine ? '&mine=1' : ''}`))),
    api.get('/reports/deadlines?days=3').catch(() => null),
  ]);
  const open = lists.flat().sort(byDeadline);
  const today = report && report.today ? report.today : vietnamToday();
  const summary = h('p.muted', { 'aria-live': 'polite' });
  const body = h('div');
  main.append(h('p.muted', `Hôm nay: ${formatDate(today)}`), summary, body);
  const draw = () => {
    const q = text.value.trim().toLowerCase();
    const shown = open.filter(deadlineFilter(select.value, today)).filter((d) => !q || [d.subject, d.senderName, d.assigneeName, d.assignedUnit, d.notation]
      .some((s) => (s || '').toLowerCase().includes(q)));
    const overdue = open.filter(deadlineFilter('overdue', today)).length;
    summary.textContent = `${open.length} văn bản đang xử lý, ${overdue} quá hạn; đang hiện ${shown.length}.`;
    body.replaceChildren(shown.length ? deadlineTable(shown, today) : h('p.muted', 'Không có văn bản nào như vậy.'));
  };
  select.addEventListener('change', () => { ctx.navigate(`#/deadlines?show=${select.value}`, { silent: true }); draw(); });
  text.addEventListener('input', draw);
  draw();
  if (report && report.people.length) {
    main.append(h('h2', 'Theo người xử lý'), h('table.doc-table', { 'data-testid': 'people' },
      h('thead', h('tr', h('th', 'Người / đơn vị xử lý'), h('th', 'Đang xử lý'), h('th', 'Quá hạn'), h('th', 'Đến hạn trong 3 ngày'))),
      h('tbody', report.people.map((p) => h('tr',
        h('td', p.name || '—'), h('td', { 'data-label': 'Đang xử lý' }, String(p.open)),
        h('td', { 'data-label': 'Quá hạn', class: p.overdue ? 'overdue' : '' }, String(p.overdue)),
        h('td', { 'data-label': 'Đến hạn trong 3 ngày' }, String(p.dueSoon)))))));
  }
}

const percent = (x) => `${(x * 100).toFixed(1).replace('.', ',')}%`;

export async function renderFigures(main, ctx) {
  ctx.setTitle('Số liệu văn bản');
  const year = new Date().getFullYear();
  const from = ctx.query.get('from') || `${year}-01-01`;
  const to = ctx.query.get('to') || `${year}-12-31`;
  const fromInput = h('input#figures-from', { type: 'date', value: from, 'aria-label': 'Từ ngày' });
  const toInput = h('input#figures-to', { type: 'date', value: to, 'aria-label': 'Đến ngày' });
  const form = h('form.inline-form', { on: { submit: (e) => { e.preventDefault(); ctx.navigate(`#/figures?from=${fromInput.value}&to=${toInput.value}`); } } },
    h('label', 'Từ ', fromInput), h('label', ' đến ', toInput), h('button.btn', { type: 'submit' }, 'Xem'));
  const csv = h('a.btn', { href: `/api/reports/figures.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    download: `so-lieu-${from}-${to}.csv`, 'data-testid': 'figures-csv' }, 'Tải về (CSV)');
  main.append(h('div.page-head', h('div', h('h1', 'Số liệu văn bản'), h('p.muted', ctx.office ? ctx.office.name : '')), h('div.actions', form, csv)));
  const report = await api.get(`/reports/figures?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  const row = (m, total = false) => h(`tr${total ? '.total' : ''}`,
    h('td', total ? 'Tổng' : m.period.split('-').reverse().join('/')),
    h('td.num', String(m.received)), h('td.num', String(m.receivedElectronicSigned)), h('td.num', percent(m.shareReceivedElectronic)),
    h('td.num', String(m.sent)), h('td.num', String(m.sentElectronicSigned)), h('td.num', percent(m.shareSentElectronic)),
    h('td.num', String(m.handled)), h('td.num', String(m.handledOnTime)), h('td.num', percent(m.shareHandledOnTime)));
  main.append(h('div.table-wrap', h('table.register-table', { 'data-testid': 'figures' },
    h('thead', h('tr', h('th', 'Tháng'), h('th', 'Văn bản đến'), h('th', 'Đến điện tử, có chữ ký số'), h('th', 'Tỷ lệ'),
      h('th', 'Văn bản đi'), h('th', 'Đi điện tử, có chữ ký số'), h('th', 'Tỷ lệ'),
      h('th', 'Đã giải quyết (có hạn)'), h('th', 'Đúng hạn'), h('th', 'Tỷ lệ đúng hạn'))),
    h('tbody', report.months.map((m) => row(m)), row(report.total, true)))),
  h('p.muted.small', 'Văn bản đi điện tử: đã phát hành và gửi điện tử đến ít nhất một cơ quan (mọi văn bản phát hành đều có chữ ký số của người ký và của cơ quan). Đúng hạn: kết thúc xử lý không muộn hơn hạn xử lý.'));
  main.append(await outgoingHandling(from, to), await readStatistics(from, to), await caseFileStatistics());
}

/** Each letter issued in the period with each receiver's latest status (Phụ lục VI Phần V,
 * report on outgoing handling), with its CSV. */
async function outgoingHandling(from, to) {
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const section = h('section', { 'data-testid': 'outgoing-handling' }, h('div.page-head', h('h2', 'Tình hình xử lý văn bản đi'),
    h('a.btn', { href: `/api/reports/outgoing.csv?${query}`, download: `xu-ly-van-ban-di-${from}-${to}.csv`, 'data-testid': 'outgoing-csv' }, 'Tải về (CSV)')));
  let report;
  try { report = await api.get(`/reports/outgoing?${query}`); } catch (err) {
    section.append(h('div.alert.alert-error', { role: 'alert' }, err.message));
    return section;
  }
  if (!report.letters.length) {
    section.append(h('p.muted', 'Không có văn bản đi nào phát hành trong khoảng này.'));
    return section;
  }
  section.append(h('div.table-wrap', h('table.register-table',
    h('thead', h('tr', h('th', 'Số, ký hiệu'), h('th', 'Ngày'), h('th', 'Trích yếu'), h('th', 'Nơi nhận và tình trạng xử lý'))),
    h('tbody', report.letters.map((d) => h('tr', { 'data-id': d.id },
      h('td', d.notation), h('td', formatDate(d.issuedDate)),
      h('td', h('a', { href: `#/documents/${d.id}` }, d.subject)),
      h('td', d.receivers.length ? h('ul.plain', d.receivers.map((r) => h('li',
        h('strong', r.name || r.code), `: ${r.status}`, r.statusAt ? ` (${formatDate(r.statusAt, true)})` : '',
        r.note ? h('span.muted', ` — ${r.note}`) : null))) : h('span.muted', 'Không gửi đến cơ quan nào.'))))))));
  return section;
}

/** Views and downloads per document over the period (Phụ lục VI 6a), with its CSV. */
async function readStatistics(from, to) {
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const section = h('section', { 'data-testid': 'read-statistics' }, h('div.page-head', h('h2', 'Lượt xem, lượt tải văn bản'),
    h('a.btn', { href: `/api/reports/reads.csv?${query}`, download: `luot-xem-${from}-${to}.csv`, 'data-testid': 'reads-csv' }, 'Tải về (CSV)')));
  let report;
  try { report = await api.get(`/reports/reads?${query}`); } catch (err) {
    section.append(h('div.alert.alert-error', { role: 'alert' }, err.message));
    return section;
  }
  if (!report.documents.length) {
    section.append(h('p.muted', 'Chưa có lượt xem nào trong khoảng này.'));
    return section;
  }
  const link = (object) => {
    const m = /^(document|incoming)\/(\d+)$/.exec(object);
    return m ? `#/${m[1] === 'document' ? 'documents' : 'incoming'}/${m[2]}` : null;
  };
  section.append(h('div.table-wrap', h('table.register-table',
    h('thead', h('tr', h('th', 'Số, ký hiệu'), h('th', 'Trích yếu'), h('th', 'Lượt xem'), h('th', 'Lượt tải'), h('th', 'Số người'), h('th', 'Lần cuối'))),
    h('tbody', report.documents.map((d) => h('tr', { 'data-object': d.object },
      h('td', d.notation || d.object),
      h('td', link(d.object) ? h('a', { href: link(d.object) }, d.subject) : d.subject),
      h('td.num', String(d.views)), h('td.num', String(d.downloads)), h('td.num', String(d.readers)),
      h('td', formatDate(d.lastAt, true))))))));
  return section;
}

/** Case files per responsible account and state (Phụ lục VI 6b), with its CSV. */
async function caseFileStatistics() {
  const section = h('section', { 'data-testid': 'casefile-statistics' }, h('div.page-head', h('h2', 'Hồ sơ theo người lập và trạng thái'),
    h('a.btn', { href: '/api/reports/casefiles.csv', download: 'ho-so-theo-tai-khoan.csv' }, 'Tải về (CSV)')));
  let report;
  try { report = await api.get('/reports/casefiles'); } catch (err) {
    section.append(h('div.alert.alert-error', { role: 'alert' }, err.message));
    return section;
  }
  const row = (c, total = false) => h(`tr${total ? '.total' : ''}`, h('td', total ? 'Tổng' : `${c.fullName || ''} (${c.key})`),
    h('td.num', String(c.open)), h('td.num', String(c.closed)), h('td.num', String(c.open + c.closed)));
  section.append(h('div.table-wrap', h('table.register-table',
    h('thead', h('tr', h('th', 'Người lập hồ sơ'), h('th', 'Đang mở'), h('th', 'Đã đóng'), h('th', 'Cộng'))),
    h('tbody', report.accounts.map((c) => row(c)), row(report.total, true)))));
  return section;
}

export async function renderIncomingRegister(main, ctx) {
  const thisYear = new Date().getFullYear();
  const year = Number(ctx.query.get('year')) || thisYear;
  const pageSize = 50;
  const offset = Math.max(0, Number(ctx.query.get('offset')) || 0);
  ctx.setTitle(`Sổ đăng ký văn bản đến ${year}`);
  const yearSelect = h('select#incoming-register-year', { 'aria-label': 'Năm',
    on: { change: () => ctx.navigate(`#/incoming-register?year=${yearSelect.value}`) } },
  Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => h('option', { value: String(y), selected: y === year }, `Năm ${y}`)));
  const csv = h('a.btn', { href: `/api/registers/incoming.csv?year=${year}`, download: `so-van-ban-den-${year}.csv`, 'data-testid': 'incoming-register-csv' }, 'Tải về (CSV, mở bằng Excel)');
  main.append(h('div.page-head', h('div', h('h1', 'Sổ đăng ký văn bản đến'), h('p.muted', ctx.office ? ctx.office.name : '')),
    h('div.actions', yearSelect, csv, h('button.btn.btn-ghost', { type: 'button', on: { click: () => window.print() } }, 'In sổ'))));
  const page = await api.get(`/registers/incoming?year=${year}&limit=${pageSize}&offset=${offset}`);
  if (page.total === 0) {
    main.append(h('div.empty', h('p', `Năm ${year} chưa có văn bản đến nào được vào sổ.`)));
    return;
  }
  main.append(h('p.muted', `${page.total} văn bản, từ số ${offset + 1} đến ${offset + page.entries.length}`),
    h('div.table-wrap', h('table.register-table', { 'data-testid': 'incoming-register' },
      h('thead', h('tr', h('th', 'Ngày đến'), h('th.num', 'Số đến'), h('th', 'Tác giả'), h('th', 'Số, ký hiệu'), h('th', 'Ngày tháng'),
        h('th', 'Tên loại và trích yếu nội dung'), h('th', 'Đơn vị hoặc người nhận'), h('th', 'Hạn giải quyết'), h('th', 'Tiến độ'),
        h('th', 'Văn bản trả lời'), h('th', 'Ghi chú'))),
      h('tbody', page.entries.map((e) => h('tr',
        h('td', { 'data-label': 'Ngày đến' }, formatDate(e.arrivalDate)),
        h('td.num', { 'data-label': 'Số đến' }, h('a', { href: `#/incoming/${e.incomingId}` }, String(e.arrivalNumber))),
        h('td', { 'data-label': 'Tác giả' }, e.author),
        h('td', { 'data-label': 'Số, ký hiệu' }, e.notation),
        h('td', { 'data-label': 'Ngày tháng' }, formatDate(e.issuedDate)),
        h('td', { 'data-label': 'Trích yếu' }, h('span.type', e.typeName), ' ', e.subject),
        h('td', { 'data-label': 'Người nhận' }, e.recipient),
        h('td', { 'data-label': 'Hạn' }, formatDate(e.deadline)),
        h('td', { 'data-label': 'Tiến độ' }, incomingStateNames[e.progress] || e.progress),
        h('td', { 'data-label': 'Trả lời' }, e.reply),
        h('td', { 'data-label': 'Ghi chú' }, channelNames[e.channel] || e.channel))))),
    pager({ total: page.total, limit: pageSize, offset }, (o) => `#/incoming-register?year=${year}&offset=${o}`, 'văn bản')));
}
