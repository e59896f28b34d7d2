// Paging of the API's paged lists (issue 17 item 4): {total, limit, offset} and links to the
// previous and next page, with "Trang 2/20" and the number of rows.
import { h } from './dom.js';

/** The page size the views ask for (the server allows 1 to 200, 50 by default). */
export const PAGE_SIZE = 50;
/** The most the server gives in one page (the audit trail reads a long page). */
export const MAX_PAGE_SIZE = 200;

/** The offset in a view's query (#/register?offset=100); 0 when absent or not a count. */
export function offsetFrom(query) {
  const offset = Number(query.get('offset'));
  return Number.isInteger(offset) && offset > 0 ? offset : 0;
}

/** "Trang 3/20 · 1.000 văn bản" with "← Trang trước" and "Trang sau →" links;
 *  hrefFor(offset) gives the link of the page starting at offset. */
export function pager(page, hrefFor, noun = 'dòng') {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const current = Math.min(pages, Math.floor(page.offset / page.limit) + 1);
  return h('nav.pager', { 'aria-label': 'Phân trang', 'data-testid': 'pager' },
    page.offset > 0 ? h('a.btn', { href: hrefFor(Math.max(0, page.offset - page.limit)), 'data-testid': 'previous-page' }, '← Trang trước') : null,
    h('span.pager-label', { 'data-testid': 'page-label' },
      `Trang ${current}/${pages} · ${page.total.toLocaleString('vi-VN')} ${noun}`),
    page.offset + page.limit < page.total ? h('a.btn', { href: hrefFor(page.offset + page.limit), 'data-testid': 'next-page' }, 'Trang sau →') : null);
}
