// The administrator's offices: the list, a new office, an office's page (edit, dissolve with its
// successor). The identifier (mã định danh) is checked by the server against Quyết định
// 20/2020/QĐ-TTg; its sentence is shown as it comes. Offices are added and dissolved by the
// installation's administrator (quản trị hệ thống) only; an office's administrator edits its own
// office and those below it (the server refuses the rest with 403).
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';
import { field, errorBox, actionForm, systemNames, staleForm } from './adminforms.js';
import { dialog } from './document.js';
import { metadataFieldsForm } from './metadata.js';

export async function renderOffices(main, ctx) {
  ctx.setTitle('Cơ quan');
  const offices = await api.get('/offices');
  const byId = new Map(offices.map((o) => [o.id, o]));
  main.append(h('div.page-head', h('div', h('h1', 'Cơ quan'),
    h('p.muted', 'Các cơ quan của máy chủ này và danh bạ trao đổi. Mã định danh theo Quyết định 20/2020/QĐ-TTg.'))));
  main.append(axisPanel(ctx));
  main.append(h('div.table-wrap', h('table.doc-table', { 'data-testid': 'offices' },
    h('thead', h('tr', h('th', 'Mã định danh'), h('th', 'Tên cơ quan'), h('th', 'Hệ thống'),
      h('th', 'Cơ quan cấp trên'), h('th', 'Địa danh'), h('th', 'Tình trạng'))),
    h('tbody', offices.map((o) => h('tr', { 'data-code': o.code },
      h('td', { 'data-label': 'Mã định danh' }, h('code', o.code)),
      h('td', { 'data-label': 'Tên cơ quan' }, h('a', { href: `#/offices/${o.id}` }, h('strong', o.name)),
        o.parentBody ? h('div.muted', o.parentBody) : null),
      h('td', { 'data-label': 'Hệ thống' }, systemNames[o.system] || o.system),
      h('td', { 'data-label': 'Cơ quan cấp trên' }, o.parentId && byId.get(o.parentId) ? byId.get(o.parentId).name : ''),
      h('td', { 'data-label': 'Địa danh' }, o.place),
      h('td', { 'data-label': 'Tình trạng' }, officeState(o, byId))))))));
  if (ctx.user.installationAdministrator) main.append(h('div.spacer-v'), officeForm(ctx, offices, null));
}

export async function renderOffice(main, ctx, id) {
  const offices = await api.get('/offices');
  const office = offices.find((o) => o.id === id);
  if (!office) throw new api.ApiError(404, 'not-found', 'Không có cơ quan này.');
  const byId = new Map(offices.map((o) => [o.id, o]));
  ctx.setTitle(office.name);
  main.append(h('div.page-head', h('div', h('h1', office.name),
    h('p.muted', h('code', office.code), ' · ', officeState(office, byId))),
  h('div.actions',
    h('a.btn', { href: `#/users?officeId=${office.id}` }, 'Người dùng của cơ quan'),
    h('a.btn', { href: `#/keys?officeId=${office.id}` }, 'Con dấu'),
    h('a.btn.btn-ghost', { href: '#/offices' }, '← Danh sách cơ quan'))));
  main.append(officeForm(ctx, offices, office));
  if (!office.peer) main.append(h('div.spacer-v'), await unitsPanel(ctx, office));
  if (!office.peer) main.append(h('div.spacer-v'), await policyForm(ctx, office));
  if (!office.peer) main.append(h('div.spacer-v'), await metadataFieldsForm(ctx, office));
  if (!office.peer) main.append(h('div.spacer-v'), await freezesForm(ctx, office));
  if (!office.dissolvedOn && !office.peer && ctx.user.installationAdministrator) {
    main.append(h('div.spacer-v'), dissolveForm(ctx, offices, office));
  }
}

/**
 * The office's units (phòng, ban), the list a user's unit is chosen from: each renamed in place
 * or removed (the server refuses a unit that still has users, with its sentence), a new one added.
 */
async function unitsPanel(ctx, office) {
  const units = await api.get(`/offices/${office.id}/units`);
  const reload = (message) => { ctx.toast(message); ctx.navigate(`#/offices/${office.id}`, { replace: true }); };
  const error = errorBox('units-error');
  const run = async (button, work) => {
    error.hide();
    button.disabled = true;
    try {
      await work();
    } catch (err) {
      error.show(err);
      button.disabled = false;
    }
  };
  const row = (u) => {
    const name = h('input', { value: u.name, 'aria-label': `Tên đơn vị ${u.name}`, required: true });
    const rename = h('button.btn', { type: 'button' }, 'Đổi tên');
    const remove = h('button.btn.btn-danger', { type: 'button' }, 'Xóa');
    // Renamed from the version shown: after someone else's rename, the choice (issue 16).
    const stale = staleForm({ controls: { name }, labels: { name: 'Tên đơn vị' }, version: u.version, error, confirm: 'Đổi tên',
      load: async () => (await api.get(`/offices/${office.id}/units`)).find((x) => x.id === u.id) || Promise.reject(new Error('Đơn vị đã bị xóa.')) });
    stale.attach({ requestSubmit: () => rename.click() });
    rename.addEventListener('click', () => run(rename, () => stale.save(async (version) => {
      const saved = await api.put(`/offices/${office.id}/units/${u.id}`, { name: name.value.trim(), version });
      reload(`Đã đổi tên đơn vị thành ${saved.name}.`);
    }).finally(() => { rename.disabled = false; })));
    remove.addEventListener('click', () => run(remove, async () => {
      await api.del(`/offices/${office.id}/units/${u.id}`);
      reload(`Đã xóa đơn vị ${u.name}.`);
    }));
    return h('tr', { 'data-unit': u.name }, h('td', { 'data-label': 'Tên đơn vị' }, name, stale.box),
      h('td', { 'data-label': '' }, h('div.actions', rename, remove)));
  };
  const added = h('input#un-name', { required: true, placeholder: 'Văn phòng, Phòng Kinh tế…' });
  const addError = errorBox('unit-new-error');
  return h('section', { 'data-testid': 'units' },
    h('h2', 'Đơn vị (phòng, ban)'),
    h('p.muted', 'Đơn vị của người dùng được chọn trong danh sách này. Đổi tên thì người dùng của đơn vị theo tên mới; chỉ xóa được đơn vị không còn người dùng.'),
    error.el,
    units.length ? h('div.table-wrap', h('table.doc-table', h('tbody', units.map(row))))
      : h('p.muted', 'Cơ quan chưa có đơn vị nào.'),
    actionForm({ class: 'narrow', 'data-testid': 'unit-new' }, addError, async () => {
      const unit = await api.post(`/offices/${office.id}/units`, { name: added.value.trim() });
      reload(`Đã thêm đơn vị ${unit.name}.`);
    }, addError.el, field('un-name', 'Đơn vị mới', added), h('button.btn', { type: 'submit' }, 'Thêm đơn vị')));
}

const levelNames = {
  'B-LTA': 'B-LTA — kiểm chứng được lâu dài (khuyến nghị)',
  'B-LT': 'B-LT — kèm dữ liệu kiểm tra chứng thư',
  'B-T': 'B-T — có dấu thời gian',
  'B-B': 'B-B — không có dấu thời gian (không nên)',
};
const tsaNames = { builtin: 'Của máy chủ này', url: 'Dịch vụ bên ngoài (RFC 3161)', none: 'Không có' };
const revocationNames = {
  builtin: 'Dịch vụ OCSP của máy chủ (bản trình diễn)',
  aia: 'Dịch vụ OCSP ghi trong chứng thư',
  responders: 'Các dịch vụ OCSP trong danh sách tin cậy',
};

/** The office's signing policy (issue 21): levels, time-stamp authority, revocation source. */
async function policyForm(ctx, office) {
  const policy = await api.get(`/offices/${office.id}/signing-policy`);
  const select = (id, names, value, keep = () => true) => h(`select#${id}`,
    Object.entries(names).filter(([k]) => keep(k) || k === value)
      .map(([k, label]) => h('option', { value: k, selected: value === k }, label)));
  const f = {
    signerLevel: select('sp-signerLevel', levelNames, policy.signerLevel),
    sealLevel: select('sp-sealLevel', levelNames, policy.sealLevel),
    tsa: select('sp-tsa', tsaNames, policy.tsa, (k) => k !== 'builtin' || policy.builtInTsa),
    tsaUrl: h('input#sp-tsaUrl', { value: policy.tsaUrl, type: 'url', placeholder: 'http://tsa.ca.gov.vn', spellcheck: 'false' }),
    tsaUsername: h('input#sp-tsaUsername', { value: policy.tsaUsername, autocomplete: 'off' }),
    tsaPassword: h('input#sp-tsaPassword', { type: 'password', autocomplete: 'new-password',
      placeholder: policy.tsaPasswordSet ? 'đã lưu; để trống để giữ nguyên' : '' }),
    revocation: select('sp-revocation', revocationNames, policy.revocation, (k) => k !== 'builtin' || policy.builtInResponder),
  };
  const outside = h('div.grid-2', field('sp-tsaUrl', 'Địa chỉ dịch vụ cấp dấu thời gian', f.tsaUrl),
    h('div', field('sp-tsaUsername', 'Tên đăng nhập (nếu có)', f.tsaUsername),
      field('sp-tsaPassword', 'Mật khẩu (nếu có)', f.tsaPassword, 'Được lưu mã hóa bằng khóa của máy chủ.')));
  const showOutside = () => { outside.hidden = f.tsa.value !== 'url'; };
  f.tsa.addEventListener('change', showOutside);
  showOutside();
  const warnings = h('div', { 'data-testid': 'policy-warnings' }, policy.warnings.map((w) => h('div.alert.alert-warn', { role: 'status' }, w)));
  const error = errorBox('policy-error');
  // Saved with the version it was loaded at (0: the default): after someone else's change the
  // choice "Tải lại" / "So sánh" (issue 16).
  const stale = staleForm({ controls: f, version: policy.version, error, confirm: 'Lưu chính sách ký',
    labels: { signerLevel: 'Chữ ký của lãnh đạo', sealLevel: 'Con dấu', tsa: 'Dịch vụ cấp dấu thời gian', tsaUrl: 'Địa chỉ dịch vụ',
      tsaUsername: 'Tên đăng nhập', revocation: 'Kiểm tra thu hồi' },
    load: () => api.get(`/offices/${office.id}/signing-policy`) });
  return stale.attach(actionForm({ 'data-testid': 'signing-policy' }, error, () => stale.save(async (version) => {
    const body = { version,
      signerLevel: f.signerLevel.value, sealLevel: f.sealLevel.value, tsa: f.tsa.value,
      tsaUrl: f.tsaUrl.value.trim(), tsaUsername: f.tsaUsername.value.trim(), revocation: f.revocation.value,
    };
    if (f.tsaPassword.value) body.tsaPassword = f.tsaPassword.value;
    const saved = await api.put(`/offices/${office.id}/signing-policy`, body);
    f.tsaPassword.value = '';
    ctx.toast(saved.warnings.length ? `Đã lưu chính sách ký. Lưu ý: ${saved.warnings[0]}` : 'Đã lưu chính sách ký.');
    ctx.navigate(`#/offices/${office.id}`, { replace: true });
  }),
  h('h2', 'Chính sách ký số'),
  h('p.muted', 'Mức chữ ký PAdES của văn bản phát hành. B-LTA: có dấu thời gian, dữ liệu kiểm tra chứng thư và dấu thời gian tài liệu, để văn bản còn kiểm chứng được khi chứng thư số đã hết hạn.'),
  policy.stored ? h('p.muted', `Cập nhật ${formatDate(policy.changedAt.slice(0, 10))} bởi ${policy.changedBy}.`)
    : h('p.muted', 'Đang theo mặc định của máy chủ.'),
  warnings, error.el, stale.box,
  h('div.grid-2', field('sp-signerLevel', 'Chữ ký của lãnh đạo', f.signerLevel), field('sp-sealLevel', 'Con dấu (chữ ký số của cơ quan)', f.sealLevel)),
  h('div.grid-2', field('sp-tsa', 'Dịch vụ cấp dấu thời gian (TSA)', f.tsa), field('sp-revocation', 'Kiểm tra thu hồi chứng thư', f.revocation)),
  outside,
  h('button.btn.btn-primary', { type: 'submit' }, 'Lưu chính sách ký')));
}

/** The national axis's directory (shown only when the server is connected to the axis): when it
 * was last synchronised and a button to do it now (POST /api/axis/directory). */
function axisPanel(ctx) {
  const panel = h('section.panel.axis-directory', { 'data-testid': 'axis-directory', hidden: true });
  const summary = (s) => (s.error ? h('p.field-error', `Lần đồng bộ ${formatDate(s.at, true)} không thành: ${s.error}`)
    : h('p', { 'data-testid': 'axis-sync-result' }, `Đồng bộ lúc ${formatDate(s.at, true)} (${s.list}, ${s.by}): ${s.listed} cơ quan trên trục; `
      + `thêm ${s.added}, đổi tên ${s.updated}, mã cũ giữ lại ${s.oldCodes}, giữ nguyên ${s.unchanged + s.kept}`
      + `${s.skipped ? `, bỏ qua ${s.skipped}` : ''}.`));
  const sync = async (button) => {
    button.disabled = true;
    try {
      const result = await api.post('/axis/directory', {});
      ctx.toast(`Đã đồng bộ danh bạ: thêm ${result.added} cơ quan.`);
      ctx.navigate('#/offices', { replace: true });
    } catch (e) {
      ctx.toast(e.message, 'error');
      button.disabled = false;
    }
  };
  api.get('/axis').then((axis) => {
    const button = h('button.btn', { type: 'button', 'data-testid': 'axis-sync' }, 'Đồng bộ danh bạ ngay');
    button.addEventListener('click', () => sync(button));
    panel.replaceChildren(h('h2', 'Danh bạ trục liên thông'),
      h('p.muted', `Trục “${axis.name}” (${axis.endpoint}, mã hệ thống ${axis.systemId}). Các cơ quan trên trục được thêm vào danh bạ `
        + `${axis.directoryHours ? `mỗi ${axis.directoryHours} giờ` : 'khi quản trị viên yêu cầu'}; `
        + 'mã cũ của cơ quan đổi tên, sáp nhập được giữ và chuyển đến cơ quan kế thừa.'),
      axis.lastDirectorySync ? summary(axis.lastDirectorySync) : h('p.muted', 'Chưa đồng bộ lần nào từ khi máy chủ khởi động.'),
      button);
    panel.hidden = false;
  }).catch(() => {}); // not connected to the axis: nothing to show
  return panel;
}

function officeState(office, byId) {
  if (office.dissolvedOn) {
    const successor = office.successorId && byId.get(office.successorId);
    return h('span.badge', { 'data-state': 'dissolved' },
      `Giải thể ${formatDate(office.dissolvedOn)}${successor ? `, kế thừa: ${successor.name}` : ''}`);
  }
  if (office.viaAxis) return h('span.badge', { 'data-state': 'axis' }, 'Qua trục liên thông');
  return office.peer ? h('span.badge', `Máy chủ ${office.peer}`) : h('span.badge', { 'data-state': 'active' }, 'Hoạt động');
}

/** The form of a new office (office null) or of an existing one. */
function officeForm(ctx, offices, office) {
  const p = office ? 'eo' : 'no';
  const v = office || { code: '', name: '', parentBody: '', system: 'state', parentId: null, issuerCode: '', place: '', term: '' };
  const f = {
    code: h(`input#${p}-code`, { value: v.code, required: true, autocomplete: 'off', placeholder: '000.00.00.H41', spellcheck: 'false' }),
    name: h(`input#${p}-name`, { value: v.name, required: true, placeholder: 'ỦY BAN NHÂN DÂN XÃ …' }),
    parentBody: h(`input#${p}-parentBody`, { value: v.parentBody, placeholder: 'TỈNH NGHỆ AN' }),
    system: h(`select#${p}-system`, Object.entries(systemNames).map(([k, label]) => h('option', { value: k, selected: v.system === k }, label))),
    parentId: h(`select#${p}-parentId`, h('option', { value: '' }, '— không có —'),
      offices.filter((o) => !office || o.id !== office.id).map((o) =>
        h('option', { value: String(o.id), selected: v.parentId === o.id }, `${o.name} (${o.code})`))),
    issuerCode: h(`input#${p}-issuerCode`, { value: v.issuerCode, required: true, placeholder: 'UBND' }),
    place: h(`input#${p}-place`, { value: v.place, required: true, placeholder: 'Nghi Long' }),
    term: h(`input#${p}-term`, { value: v.term || '', placeholder: '2020-2025' }),
  };
  const error = errorBox(`${p}-error`);
  const values = () => ({
    code: f.code.value.trim(), name: f.name.value.trim(), parentBody: f.parentBody.value.trim(),
    system: f.system.value, parentId: f.parentId.value ? Number(f.parentId.value) : null,
    issuerCode: f.issuerCode.value.trim(), place: f.place.value.trim(), term: f.term.value.trim(),
  });
  // An edit is saved with the version it was loaded at: after someone else's it is refused (409)
  // with "Tải lại" / "So sánh", what was typed kept (issue 16).
  const stale = office ? staleForm({ controls: f, version: office.version, error,
    labels: { code: 'Mã định danh', issuerCode: 'Chữ viết tắt', name: 'Tên cơ quan', parentBody: 'Cơ quan chủ quản',
      parentId: 'Cơ quan cấp trên', system: 'Hệ thống', place: 'Địa danh', term: 'Nhiệm kỳ' },
    load: async () => (await api.get('/offices')).find((o) => o.id === office.id) }) : null;
  const form = actionForm({ 'data-testid': office ? 'office-edit' : 'office-new' }, error, async () => {
    if (office) {
      await stale.save(async (version) => {
        const saved = await api.put(`/offices/${office.id}`, { ...values(), version });
        ctx.toast(`Đã lưu cơ quan ${saved.name}.`);
        ctx.navigate(`#/offices/${office.id}`, { replace: true });
      });
    } else {
      const body = values();
      if (body.parentId === null) delete body.parentId;
      const added = await api.post('/offices', body);
      ctx.toast(`Đã thêm cơ quan ${added.name}.`);
      ctx.navigate(`#/offices/${added.id}`);
    }
  },
  h('h2', office ? 'Sửa thông tin cơ quan' : 'Thêm cơ quan'), error.el, stale ? stale.box : null,
  h('div.grid-2', field(`${p}-code`, 'Mã định danh', f.code, '13 ký tự: mã cấp 4, cấp 3, cấp 2 và cấp 1, ví dụ 000.00.00.H41.'),
    field(`${p}-issuerCode`, 'Chữ viết tắt trong số ký hiệu', f.issuerCode)),
  field(`${p}-name`, 'Tên cơ quan (in trên văn bản)', f.name),
  h('div.grid-2', field(`${p}-parentBody`, 'Cơ quan chủ quản (dòng trên tên)', f.parentBody),
    field(`${p}-parentId`, 'Cơ quan cấp trên', f.parentId)),
  h('div.grid-2', field(`${p}-system`, 'Hệ thống', f.system), field(`${p}-place`, 'Địa danh', f.place)),
  field(`${p}-term`, 'Nhiệm kỳ (cơ quan Đảng)', f.term, 'Để trống: sổ văn bản bắt đầu lại mỗi năm.'),
  h('button.btn.btn-primary', { type: 'submit' }, office ? 'Lưu' : 'Thêm cơ quan'));
  return form;
}

function dissolveForm(ctx, offices, office) {
  const date = h('input#do-date', { type: 'date', required: true });
  const successor = h('select#do-successor', h('option', { value: '' }, '— không có —'),
    offices.filter((o) => o.id !== office.id && !o.dissolvedOn).map((o) => h('option', { value: String(o.id) }, `${o.name} (${o.code})`)));
  const error = errorBox('dissolve-error');
  return actionForm({ 'data-testid': 'office-dissolve' }, error, async () => {
    const sure = await dialog({ title: 'Giải thể cơ quan', danger: true, confirm: 'Giải thể',
      text: `Giải thể ${office.name}? Người dùng của cơ quan sẽ bị khóa; văn bản và sổ được giữ nguyên.` });
    if (!sure) return;
    const body = { date: date.value };
    if (successor.value) body.successorId = Number(successor.value);
    await api.post(`/offices/${office.id}/dissolve`, body);
    ctx.toast(`Đã ghi nhận giải thể ${office.name}.`);
    ctx.navigate(`#/offices/${office.id}`, { replace: true });
  },
  h('h2', 'Giải thể, sáp nhập'),
  h('p.muted', 'Cơ quan giải thể giữ nguyên lịch sử, văn bản và sổ; người dùng của cơ quan bị khóa.'), error.el,
  h('div.grid-2', field('do-date', 'Ngày giải thể', date), field('do-successor', 'Cơ quan kế thừa', successor)),
  h('button.btn.btn-danger', { type: 'submit' }, 'Giải thể'));
}

/** Case files frozen by an authorised order (phong tỏa, NĐ 30 Phụ lục VI IV.1g): the office's
 * frozen files with a button to lift each by another order, and a form to freeze one by its
 * code and year. */
async function freezesForm(ctx, office) {
  const frozen = await api.get(`/casefiles/freezes?officeId=${office.id}`);
  const reload = () => ctx.navigate(`#/offices/${office.id}`, { replace: true });
  const lift = async (z) => {
    const res = await dialog({ title: `Gỡ phong tỏa hồ sơ ${z.code}`, confirm: 'Gỡ phong tỏa',
      text: 'Ghi số, ngày của quyết định cho phép gỡ phong tỏa.',
      fields: [{ name: 'order', label: 'Quyết định gỡ phong tỏa', required: 'Xin ghi quyết định.', control: h('input#unfreeze-order', { maxlength: 200 }) }],
      submit: (v) => api.post(`/casefiles/${z.caseFileId}/unfreeze`, { order: v.order.trim() }) });
    if (!res) return;
    ctx.toast(`Đã gỡ phong tỏa hồ sơ ${z.code}.`);
    reload();
  };
  const list = frozen.length ? h('div.table-wrap', h('table.doc-table', { 'data-testid': 'freezes' },
    h('thead', h('tr', h('th', 'Hồ sơ'), h('th', 'Năm'), h('th', 'Theo quyết định'), h('th', 'Từ'), h('th', ''))),
    h('tbody', frozen.map((z) => h('tr', { 'data-code': z.code },
      h('td', { 'data-label': 'Hồ sơ' }, h('strong', z.code), ' ', z.title),
      h('td', { 'data-label': 'Năm' }, String(z.year)),
      h('td', { 'data-label': 'Theo quyết định' }, z.order),
      h('td', { 'data-label': 'Từ' }, `${formatDate(z.frozenAt, true)} (${z.frozenByName})`),
      h('td', h('button.btn.btn-ghost', { type: 'button', on: { click: () => lift(z) } }, 'Gỡ phong tỏa')))))))
    : h('p.muted', 'Không có hồ sơ nào đang bị phong tỏa.');
  const code = h('input#fz-code', { maxlength: 20, autocomplete: 'off' });
  const year = h('input#fz-year', { type: 'number', value: String(new Date().getFullYear()), min: 1900, max: 9999 });
  const order = h('input#fz-order', { maxlength: 200, placeholder: 'Quyết định số …, ngày …' });
  const error = errorBox('freeze-error');
  return actionForm({ 'data-testid': 'freeze-form' }, error, async () => {
    const made = await api.post('/casefiles/freezes', { officeId: office.id, code: code.value.trim(), year: Number(year.value), order: order.value.trim() });
    ctx.toast(`Đã phong tỏa hồ sơ ${made.code}.`);
    reload();
  },
  h('h2', 'Phong tỏa hồ sơ'),
  h('p.muted', 'Theo quyết định của người có thẩm quyền, hồ sơ bị phong tỏa không thêm, rút văn bản, đóng hay nộp lưu được cho đến khi được gỡ phong tỏa. Mỗi lần phong tỏa, gỡ phong tỏa được ghi nhật ký.'),
  list, error.el,
  h('div.grid-2', field('fz-code', 'Số và ký hiệu hồ sơ', code), field('fz-year', 'Năm', year)),
  field('fz-order', 'Quyết định phong tỏa', order),
  h('button.btn.btn-primary', { type: 'submit' }, 'Phong tỏa'));
}
