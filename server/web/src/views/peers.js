// The installation administrator's exchange peers (issue 13 item 3; docs/exchange.md, "Peers
// administered"): the vanthu servers this one exchanges edXML packages with, each with its base
// URL, the certificates its packages must be signed with (PEM) and, optionally, the CAs its PDF
// signatures chain to. Adding, changing and removing count at once on the server (no restart).
// The server checks every value; its sentence is shown as it comes, next to the form.
import * as api from '../api.js';
import { h } from '../dom.js';
import { field, errorBox, actionForm, chosenFile, staleForm } from './adminforms.js';

export async function renderPeers(main, ctx) {
  ctx.setTitle('Máy chủ trao đổi');
  const reload = (message) => { ctx.toast(message); ctx.navigate('#/peers', { replace: true }); };
  main.append(h('div.page-head', h('div', h('h1', 'Máy chủ trao đổi'),
    h('p.muted', 'Các máy chủ vanthu khác mà máy chủ này gửi và nhận văn bản điện tử (edXML). Gói tin chỉ được nhận khi được ký bằng một chứng thư đã khai ở đây.'))));
  let directory;
  try {
    directory = await api.get('/exchange/peers');
  } catch (e) {
    if (!(e instanceof api.ApiError) || e.status !== 404) throw e;
    main.append(h('div.alert.alert-info', { 'data-testid': 'peers-off' }, e.message,
      ' Khởi động máy chủ với tệp máy chủ trao đổi (--peers) hoặc tạo tệp bằng "vanthu admin peers add --self TÊN …".'));
    return;
  }
  main.append(h('p', { 'data-testid': 'peers-self' }, 'Tên của máy chủ này với các máy chủ khác: ', h('strong', directory.self),
    directory.axis ? h('span.muted', ` · trục liên thông: ${directory.axis} (cấu hình trong tệp)`) : null));
  main.append(peerTable(directory.peers, reload));
  main.append(h('div.spacer-v'), peerForm(null, reload));
  for (const peer of directory.peers) main.append(h('div.spacer-v'), peerForm(peer, reload));
}

function certificateLines(list) {
  if (!list.length) return h('span.muted', 'chưa đọc được');
  return h('div', list.map((c) => h('div', c.subject, h('span.muted', ` · hết hạn ${c.validUntil}`))));
}

function peerTable(peers, reload) {
  const listError = errorBox('peers-list-error');
  const remove = async (peer) => {
    listError.hide();
    try {
      await api.del(`/exchange/peers/${encodeURIComponent(peer.name)}`);
      reload(`Đã bỏ máy chủ trao đổi ${peer.name}.`);
    } catch (e) { listError.show(e); }
  };
  const rows = peers.map((p) => h('tr', { 'data-peer': p.name },
    h('td', { 'data-label': 'Tên' }, h('strong', p.name)),
    h('td', { 'data-label': 'Địa chỉ' }, h('code', p.url)),
    h('td', { 'data-label': 'Chứng thư ký gói tin' }, certificateLines(p.certificates)),
    h('td', { 'data-label': 'CA của chữ ký PDF' }, p.trustAnchors.length ? certificateLines(p.trustAnchors) : h('span.muted', 'không')),
    h('td', h('button.btn.btn-small', { type: 'button', 'data-testid': `peer-remove-${p.name}`, on: { click: () => remove(p) } }, 'Bỏ'))));
  if (!rows.length) {
    rows.push(h('tr', h('td', { colspan: '5' }, h('span.muted', 'Chưa có máy chủ trao đổi nào; văn bản gửi cơ quan ở máy chủ khác chờ trong hàng gửi.'))));
  }
  return h('section', listError.el, h('div.table-wrap', h('table.doc-table', { 'data-testid': 'peers' },
    h('thead', h('tr', h('th', 'Tên'), h('th', 'Địa chỉ'), h('th', 'Chứng thư ký gói tin'), h('th', 'CA của chữ ký PDF'), h('th', ''))),
    h('tbody', rows))));
}

/** The form that adds a peer (peer null) or changes one: files left empty keep what is there. */
function peerForm(peer, reload) {
  const id = peer ? `peer-${peer.name}` : 'peer-new';
  const name = h(`input#${id}-name`, { type: 'text', required: true, maxlength: '64', spellcheck: 'false', placeholder: 'chinhquyen' });
  const url = h(`input#${id}-url`, { type: 'url', required: true, spellcheck: 'false', placeholder: 'https://vanthu.tinh.gov.vn', value: peer ? peer.url : '' });
  const certificate = h(`input#${id}-cert`, { type: 'file', accept: '.pem,.crt,.cer' });
  const anchors = h(`input#${id}-anchors`, { type: 'file', accept: '.pem,.crt,.cer' });
  const noAnchors = peer && peer.trustAnchors.length ? h(`input#${id}-no-anchors`, { type: 'checkbox' }) : null;
  const error = errorBox(`${id}-error`);
  // A change is saved with the peer's version as loaded: after someone else's change, the choice
  // "Tải lại" / "So sánh" (issue 16); adding has nothing to compare.
  const stale = peer ? staleForm({ controls: { url }, labels: { url: 'Địa chỉ' }, version: peer.version, error,
    load: () => api.get(`/exchange/peers/${encodeURIComponent(peer.name)}`) }) : null;
  const save = (work) => (stale ? stale.save(work) : work(undefined));
  const form = actionForm({ 'data-testid': id }, error, () => save(async (version) => {
    const body = { url: url.value.trim(), version };
    if (!peer) body.name = name.value.trim();
    if (certificate.files && certificate.files[0]) body.certificatePem = await chosenFile(certificate, 'chứng thư').text();
    else if (!peer) throw new Error('Chưa chọn tệp chứng thư (PEM) mà gói tin của máy chủ này được ký bằng.');
    if (anchors.files && anchors.files[0]) body.trustAnchorsPem = await chosenFile(anchors, 'chứng thư CA').text();
    else if (noAnchors && noAnchors.checked) body.trustAnchorsPem = '';
    const saved = peer
      ? await api.put(`/exchange/peers/${encodeURIComponent(peer.name)}`, body)
      : await api.post('/exchange/peers', body);
    reload(peer ? `Đã lưu máy chủ trao đổi ${saved.name}.` : `Đã thêm máy chủ trao đổi ${saved.name}.`);
  }),
  h('h2', peer ? `Sửa máy chủ ${peer.name}` : 'Thêm máy chủ trao đổi'),
  error.el, stale ? stale.box : null,
  h('div.grid-2',
    peer ? null : field(`${id}-name`, 'Tên (như máy chủ đó tự gọi; chữ, số, - _ .)', name),
    field(`${id}-url`, 'Địa chỉ (http:// hoặc https://)', url)),
  h('div.grid-2',
    field(`${id}-cert`, peer ? 'Thay chứng thư ký gói tin (PEM; để trống: giữ nguyên)' : 'Chứng thư ký gói tin (PEM)', certificate,
      'Các chứng thư con dấu của cơ quan ở máy chủ đó: tệp pki/exchange-certificates.pem của máy chủ đó.'),
    field(`${id}-anchors`, 'Chứng thư CA của chữ ký PDF (PEM, không bắt buộc)', anchors)),
  noAnchors ? h('div.field', h('label.check', { for: `${id}-no-anchors` }, noAnchors, ' Bỏ chứng thư CA đang có')) : null,
  h('button.btn.btn-primary', { type: 'submit' }, peer ? 'Lưu' : 'Thêm máy chủ'));
  return stale ? stale.attach(form) : form;
}
