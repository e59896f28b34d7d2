// The outgoing register (sổ đăng ký văn bản đi) of one year, page by page, with its CSV export
// (the whole year).
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { PAGE_SIZE, offsetFrom, pager } from '../pager.js';

export async function renderRegister(main, ctx) {
  const thisYear = new Date().getFullYear();
  const year = Number(ctx.query.get('year')) || thisYear;
  ctx.setTitle(`Sổ đăng ký văn bản đi ${year}`);
  const yearSelect = h('select#register-year', { 'aria-label': 'Năm',
    on: { change: () => ctx.navigate(`#/register?year=${yearSelect.value}`) } },
  Array.from({ length: 6 }, (_, i) => thisYear - i).concat(year < thisYear - 5 ? [year] : [])
    .map((y) => h('option', { value: String(y), selected: y === year }, `Năm ${y}`)));
  const csv = h('a.btn', { href: api.registerCsvUrl(year), download: `so-van-ban-di-${year}.csv`, 'data-testid': 'register-csv' }, 'Tải về (CSV, mở bằng Excel)');
  const print = h('button.btn.btn-ghost', { type: 'button', on: { click: () => window.print() } }, 'In sổ');
  main.append(h('div.page-head',
    h('div', h('h1', 'Sổ đăng ký văn bản đi'), h('p.muted', ctx.office ? ctx.office.name : '')),
    h('div.actions', yearSelect, csv, print)));

  const offset = offsetFrom(ctx.query);
  const page = await api.get(`/registers/outgoing?year=${year}&limit=${PAGE_SIZE}&offset=${offset}`);
  const rows = page.entries;
  if (page.total === 0) {
    main.append(h('div.empty', h('p', `Năm ${year} chưa có văn bản nào được đăng ký.`)));
    return;
  }
  const pages = pager(page, (o) => `#/register?year=${year}&offset=${o}`, 'văn bản');
  main.append(h('p.muted', `${page.total.toLocaleString('vi-VN')} văn bản`),
    h('div.table-wrap', h('table.register-table', { 'data-testid': 'register' },
      h('thead', h('tr',
        h('th.num', 'Số'), h('th', 'Ký hiệu'), h('th', 'Ngày tháng'), h('th', 'Tên loại và trích yếu nội dung'),
        h('th', 'Người ký'), h('th', 'Nơi nhận'), h('th', 'Nơi lưu bản chính'))),
      h('tbody', rows.map((r) => h('tr',
        h('td.num', { 'data-label': 'Số' }, String(r.number)),
        h('td', { 'data-label': 'Ký hiệu' }, h('a', { href: `#/documents/${r.documentId}` }, r.notation)),
        h('td', { 'data-label': 'Ngày' }, formatDate(r.issuedDate)),
        h('td', { 'data-label': 'Trích yếu' }, h('span.type', r.typeName), ' ', r.subject),
        h('td', { 'data-label': 'Người ký' }, r.signerName),
        h('td.recipients', { 'data-label': 'Nơi nhận' }, r.recipients),
        h('td', { 'data-label': 'Lưu' }, r.archiveCopy)))))),
    pages);
}
