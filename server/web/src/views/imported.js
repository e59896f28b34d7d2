// #/imported/<id>: a document imported from before vanthu (văn bản nhập từ hệ thống cũ), read
// only: its metadata and its PDF. GET /api/imported/{id}, /api/imported/{id}/pdf. A search hit
// or a case file's item of this kind opens here.
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { attachmentName } from '../casefile-rules.js';

const directionNames = { outgoing: 'Văn bản đi', incoming: 'Văn bản đến' };

export async function renderImported(main, ctx, id) {
  ctx.setTitle('Văn bản nhập từ hệ thống cũ');
  let doc;
  try {
    doc = await api.get(`/imported/${id}`);
  } catch (e) {
    main.append(h('h1', 'Văn bản nhập từ hệ thống cũ'), h('p.error', e.message));
    return;
  }
  const notation = [doc.number, doc.notation].filter(Boolean).join('/');
  const row = (label, value) => (value ? [h('dt', label), h('dd', value)] : null);
  const message = h('p.muted', { role: 'status' });
  const download = h('button.btn.btn-primary', { type: 'button', 'data-testid': 'imported-pdf' }, 'Tải bản PDF');
  download.addEventListener('click', async () => {
    try {
      const res = await api.api('GET', `/imported/${id}/pdf`, undefined, { raw: true });
      const url = URL.createObjectURL(await res.blob());
      const link = h('a', { href: url, download: attachmentName(res.headers.get('Content-Disposition'), `van-ban-nhap-${id}.pdf`), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) { message.textContent = e.message; }
  });
  main.append(
    h('div.page-head', h('h1', { 'data-testid': 'imported-subject' }, doc.subject)),
    h('dl.meta',
      row('Loại', doc.typeName), row('Số, ký hiệu', notation), row('Ngày ban hành', formatDate(doc.issuedDate)),
      row('Cơ quan ban hành', doc.issuer), row('Người ký', doc.signer), row('Sổ', directionNames[doc.direction]),
      row('Số trang', doc.pages ? String(doc.pages) : ''), row('Tệp nhập', doc.sourceFile),
      row('Nhập lúc', formatDate(doc.importedAt, true))),
    h('p', download), message);
}
