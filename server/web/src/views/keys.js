// The administrator's keys and trust page: an office's seal imported as PKCS#12 (file and its
// password; the server keeps the password sealed) or on a PKCS#11 token slot of a module the
// server allows (its PIN sealed the same way), and the installation's trust list: trusted
// root and intermediate CAs (PEM), CRLs and OCSP responders. Leaders' certificates are on each
// leader's page (#/users/<id>). The server checks every file; its sentence is shown as it comes.
import * as api from '../api.js';
import { h } from '../dom.js';
import { field, errorBox, actionForm, fileBase64, chosenFile } from './adminforms.js';

const kindNames = { ca: 'Tổ chức chứng thực (CA)', crl: 'Danh sách thu hồi (CRL)', ocsp: 'Dịch vụ OCSP' };

export async function renderKeys(main, ctx) {
  ctx.setTitle('Khóa và tin cậy');
  const offices = (await api.get('/offices')).filter((o) => !o.peer && !o.dissolvedOn);
  const officeId = Number(ctx.query.get('officeId')) || ctx.user.officeId;
  const reload = (message) => { ctx.toast(message); ctx.navigate(`#/keys?officeId=${officeId}`, { replace: true }); };
  main.append(h('div.page-head', h('div', h('h1', 'Khóa và tin cậy'),
    h('p.muted', 'Con dấu của cơ quan và các tổ chức chứng thực được tin cậy. Chứng thư ký của lãnh đạo: ở trang của từng người dùng.'))));
  main.append(await sealForm(ctx, offices, officeId, reload));
  const modules = await api.get('/keys/pkcs11-modules');
  if (modules.length && offices.some((o) => o.id === officeId)) {
    main.append(h('div.spacer-v'), tokenSealForm(officeId, modules, reload));
  }
  main.append(h('div.spacer-v'), await trustSection(reload));
}

async function sealForm(ctx, offices, officeId, reload) {
  const officeSelect = h('select#seal-office', {
    on: { change: () => ctx.navigate(`#/keys?officeId=${officeSelect.value}`) },
  }, offices.map((o) => h('option', { value: String(o.id), selected: o.id === officeId }, `${o.name} (${o.code})`)));
  let current = null;
  if (offices.some((o) => o.id === officeId)) {
    try { current = await api.get(`/keys/seals/${officeId}`); }
    catch (e) { if (!(e instanceof api.ApiError) || e.status !== 404) throw e; }
  }
  const file = h('input#seal-file', { type: 'file', accept: '.p12,.pfx' });
  const password = h('input#seal-password', { type: 'password', autocomplete: 'off' });
  const error = errorBox('seal-error');
  return actionForm({ class: 'narrow', 'data-testid': 'seal' }, error, async () => {
    const p12 = await fileBase64(chosenFile(file, 'PKCS#12'));
    const seal = await api.put(`/keys/seals/${Number(officeSelect.value)}`, { pkcs12Base64: p12, password: password.value });
    password.value = '';
    reload(`Đã nhập con dấu: ${seal.subject}.`);
  },
  h('h2', 'Con dấu của cơ quan'),
  field('seal-office', 'Cơ quan', officeSelect),
  current ? h('div.alert.alert-info', { 'data-testid': 'seal-current' },
    h('strong', current.subject), h('br'),
    `Cấp bởi ${current.issuer}; hết hạn ${current.validUntil}${current.kind === 'pkcs11' ? `; thẻ ${current.token}` : ''}.`)
    : h('p.muted', { 'data-testid': 'seal-none' }, 'Cơ quan chưa có con dấu đã nhập; văn thư chưa phát hành được văn bản.'),
  error.el,
  h('div.grid-2', field('seal-file', 'Tệp PKCS#12 (.p12, .pfx)', file),
    field('seal-password', 'Mật khẩu của tệp', password, 'Được lưu mã hóa bằng khóa của máy chủ, không ở dạng đọc được.')),
  h('button.btn.btn-primary', { type: 'submit' }, current ? 'Thay con dấu' : 'Nhập con dấu'));
}

/**
 * The office's seal on a PKCS#11 token slot (HSM, USB token on the server): one of the modules
 * the server's operator allowed, the token's label, the key's label and the PIN (kept sealed).
 */
function tokenSealForm(officeId, modules, reload) {
  const f = {
    module: h('select#seal-token-module', modules.map((m) => h('option', { value: m }, m))),
    token: h('input#seal-token-label', { required: true, autocomplete: 'off', placeholder: 'CON DAU' }),
    label: h('input#seal-token-key', { required: true, autocomplete: 'off', placeholder: 'seal' }),
    pin: h('input#seal-token-pin', { type: 'password', required: true, autocomplete: 'off' }),
  };
  const error = errorBox('seal-token-error');
  return actionForm({ class: 'narrow', 'data-testid': 'seal-token' }, error, async () => {
    const seal = await api.put(`/keys/seals/${officeId}`, {
      module: f.module.value, token: f.token.value.trim(), label: f.label.value.trim(), pin: f.pin.value,
    });
    f.pin.value = '';
    reload(`Đã dùng con dấu trên thiết bị ${seal.token}: ${seal.subject}.`);
  },
  h('h2', 'Con dấu trên thiết bị PKCS#11'),
  h('p.muted', 'Khóa con dấu nằm trên HSM hoặc USB token gắn vào máy chủ; máy chủ ký văn bản và gói tin trao đổi bằng khóa đó.'),
  error.el,
  field('seal-token-module', 'Mô-đun PKCS#11 (do quản trị máy chủ cho phép)', f.module),
  h('div.grid-2', field('seal-token-label', 'Nhãn thiết bị (token)', f.token), field('seal-token-key', 'Nhãn khóa', f.label)),
  field('seal-token-pin', 'Mã PIN', f.pin, 'Được lưu mã hóa bằng khóa của máy chủ, không ở dạng đọc được.'),
  h('button.btn.btn-primary', { type: 'submit' }, 'Dùng con dấu trên thiết bị'));
}

async function trustSection(reload) {
  const entries = await api.get('/keys/trust');
  const listError = errorBox('trust-list-error');
  const remove = async (entry) => {
    listError.hide();
    try {
      await api.post('/keys/trust/remove', { kind: entry.kind, id: entry.id });
      reload(`Đã bỏ khỏi danh sách tin cậy: ${entry.subject || entry.id}.`);
    } catch (e) { listError.show(e); }
  };
  const rows = entries.map((e) => h('tr', { 'data-kind': e.kind },
    h('td', { 'data-label': 'Loại' }, kindNames[e.kind] || e.kind,
      e.kind === 'ca' ? h('div.muted', e.selfSigned ? 'gốc' : 'trung gian') : null),
    h('td', { 'data-label': 'Tên, địa chỉ' }, e.kind === 'ocsp' ? h('code', e.id) : e.subject),
    h('td', { 'data-label': 'Hiệu lực đến' }, e.validUntil || ''),
    h('td', h('button.btn.btn-small', { type: 'button', on: { click: () => remove(e) } }, 'Bỏ'))));
  if (!rows.length) {
    rows.push(h('tr', h('td', { colspan: '4' },
      h('span.muted', 'Chưa tin cậy tổ chức chứng thực nào; chữ ký số chưa được kiểm tra đến gốc.'))));
  }
  const table = h('div.table-wrap', h('table.doc-table', { 'data-testid': 'trust' },
    h('thead', h('tr', h('th', 'Loại'), h('th', 'Tên, địa chỉ'), h('th', 'Hiệu lực đến'), h('th', ''))),
    h('tbody', rows)));

  const caFile = h('input#trust-ca-file', { type: 'file', accept: '.pem,.crt,.cer' });
  const caError = errorBox('trust-ca-error');
  const caForm = actionForm({ 'data-testid': 'trust-ca' }, caError, async () => {
    const added = await api.post('/keys/trust', { kind: 'ca', certificatePem: await chosenFile(caFile, 'chứng thư').text() });
    reload(`Đã tin cậy: ${added.map((e) => e.subject).join('; ')}.`);
  }, h('h3', 'Thêm tổ chức chứng thực'), caError.el,
  field('trust-ca-file', 'Chứng thư CA gốc hoặc trung gian (PEM)', caFile),
  h('button.btn.btn-primary', { type: 'submit' }, 'Thêm CA'));

  const crlFile = h('input#trust-crl-file', { type: 'file', accept: '.crl,.pem,.der' });
  const crlError = errorBox('trust-crl-error');
  const crlForm = actionForm({ 'data-testid': 'trust-crl' }, crlError, async () => {
    await api.post('/keys/trust', { kind: 'crl', crlBase64: await fileBase64(chosenFile(crlFile, 'CRL')) });
    reload('Đã thêm danh sách thu hồi.');
  }, h('h3', 'Thêm danh sách thu hồi (CRL)'), crlError.el,
  field('trust-crl-file', 'Tệp CRL do một CA được tin cậy ký', crlFile),
  h('button.btn', { type: 'submit' }, 'Thêm CRL'));

  const ocspUrl = h('input#trust-ocsp-url', { type: 'url', placeholder: 'http://ocsp.ca.gov.vn', spellcheck: 'false' });
  const ocspError = errorBox('trust-ocsp-error');
  const ocspForm = actionForm({ 'data-testid': 'trust-ocsp' }, ocspError, async () => {
    await api.post('/keys/trust', { kind: 'ocsp', url: ocspUrl.value.trim() });
    reload(`Đã thêm dịch vụ OCSP ${ocspUrl.value.trim()}.`);
  }, h('h3', 'Thêm dịch vụ OCSP'), ocspError.el,
  field('trust-ocsp-url', 'Địa chỉ (http://)', ocspUrl),
  h('button.btn', { type: 'submit' }, 'Thêm OCSP'));

  return h('section', h('h2', 'Danh sách tin cậy'),
    h('p.muted', 'Chứng thư của người ký và của con dấu được kiểm tra trước mỗi lần ký: hiệu lực, mục đích dùng khóa, thu hồi (khi hỏi được).'),
    listError.el, table, h('div.spacer-v'), h('div.grid-2', caForm, h('div', crlForm, h('div.spacer-v'), ocspForm)));
}
