// Metadata fields an office adds (trường siêu dữ liệu bổ sung, NĐ 30 Phụ lục VI III.7c): the
// administrator's list and form on an office's page, and the panel where a document's values
// are shown and entered (the editor, an outgoing letter's page, an incoming letter's page).
// The server checks every value against its field's type and says what is wrong in Vietnamese.
import * as api from '../api.js';
import { h } from '../dom.js';
import { field, errorBox, actionForm, checkbox, staleForm } from './adminforms.js';

export const metadataTypeNames = { text: 'Văn bản', number: 'Số', date: 'Ngày', list: 'Danh sách chọn' };

/** The administrator's fields of an office: the list (with removal) and a form to add one. */
export async function metadataFieldsForm(ctx, office) {
  const fields = await api.get(`/metadata-fields?officeId=${office.id}`);
  const reload = () => ctx.navigate(`#/offices/${office.id}`, { replace: true });
  const remove = async (f) => {
    try {
      await api.del(`/metadata-fields/${f.id}`);
      ctx.toast(`Đã xóa trường “${f.name}”.`);
      reload();
    } catch (e) {
      ctx.toast(e.message, 'error');
    }
  };
  const table = fields.length ? h('div.table-wrap', h('table.doc-table', { 'data-testid': 'metadata-fields' },
    h('thead', h('tr', h('th', 'Tên trường'), h('th', 'Kiểu'), h('th', 'Bắt buộc'), h('th', 'Lựa chọn'), h('th', ''))),
    h('tbody', fields.map((f) => h('tr', { 'data-name': f.name },
      h('td', { 'data-label': 'Tên trường' }, h('strong', f.name)),
      h('td', { 'data-label': 'Kiểu' }, metadataTypeNames[f.type] || f.type),
      h('td', { 'data-label': 'Bắt buộc' }, f.required ? 'Có' : 'Không'),
      h('td', { 'data-label': 'Lựa chọn' }, f.options.join('; ')),
      h('td', h('button.btn.btn-ghost', { type: 'button', on: { click: () => remove(f) } }, 'Xóa')))))))
    : h('p.muted', 'Cơ quan chưa có trường siêu dữ liệu bổ sung.');
  const name = h('input#mf-name', { maxlength: 100, autocomplete: 'off' });
  const type = h('select#mf-type', Object.entries(metadataTypeNames).map(([k, label]) => h('option', { value: k }, label)));
  const options = h('textarea#mf-options', { rows: 3, placeholder: 'Mỗi dòng một lựa chọn' });
  const optionsField = field('mf-options', 'Các lựa chọn (kiểu danh sách)', options);
  const required = checkbox('mf-required', 'Bắt buộc điền');
  const showOptions = () => { optionsField.hidden = type.value !== 'list'; };
  type.addEventListener('change', showOptions);
  showOptions();
  const error = errorBox('metadata-field-error');
  return actionForm({ 'data-testid': 'metadata-field-form' }, error, async () => {
    const body = { officeId: office.id, name: name.value.trim(), type: type.value, required: required.input.checked };
    if (type.value === 'list') body.options = options.value.split('\n').map((s) => s.trim()).filter(Boolean);
    const made = await api.post('/metadata-fields', body);
    ctx.toast(`Đã thêm trường “${made.name}”.`);
    reload();
  },
  h('h2', 'Siêu dữ liệu bổ sung'),
  h('p.muted', 'Các trường cơ quan thêm vào siêu dữ liệu của văn bản (ngoài các trường của Phụ lục VI Phần II): văn thư và người soạn điền trên văn bản đi và văn bản đến; các trường được ghi vào gói hồ sơ nộp lưu.'),
  table, error.el,
  h('div.grid-2', field('mf-name', 'Tên trường', name), field('mf-type', 'Kiểu', type)),
  optionsField, required.row,
  h('button.btn.btn-primary', { type: 'submit' }, 'Thêm trường'));
}

function control(f, value, editable) {
  const id = `md-${f.id}`;
  if (f.type === 'list') {
    return h(`select#${id}`, { disabled: !editable }, h('option', { value: '' }, '— chọn —'),
      f.options.map((o) => h('option', { value: o, selected: o === value }, o)));
  }
  const type = f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text';
  return h(`input#${id}`, { type, value: value || '', readonly: !editable, maxlength: f.type === 'text' ? 500 : null, step: f.type === 'number' ? 1 : null });
}

/**
 * A document's values of its office's fields. kind: 'outgoing' | 'incoming' | 'imported';
 * documentId() gives the id (an editor's draft has none until it is first saved); editable:
 * whether this user may change them (the server checks again). Hidden when the office has none.
 */
export function metadataPanel(ctx, kind, documentId, editable) {
  const panel = h('section.panel.metadata', { 'data-testid': 'metadata', 'aria-label': 'Siêu dữ liệu bổ sung', hidden: true });
  (async () => {
    const fields = await api.get('/metadata-fields');
    if (!fields.length) return;
    const id = documentId();
    const loaded = id ? await api.get(`/metadata/${kind}/${id}`) : { version: 0, values: [] };
    const byField = new Map(loaded.values.map((v) => [v.fieldId, v.value]));
    const controls = fields.map((f) => [f, control(f, byField.get(f.id), editable)]);
    const error = errorBox('metadata-error');
    const rows = controls.map(([f, c]) => h('div.field', { 'data-field': `metadata:${f.name}` },
      h('label', { for: c.id }, f.name, f.required ? h('span.required-mark', { title: 'Bắt buộc' }, ' *') : null), c));
    if (!editable) {
      panel.replaceChildren(h('h2', 'Siêu dữ liệu bổ sung'), ...rows);
    } else {
      // Saved with the version it was loaded at: after someone else's save, the choice "Tải lại" /
      // "So sánh" with what was typed kept (issue 16). Each save raises the version.
      const key = (f) => `f${f.id}`;
      const stale = staleForm({ controls: Object.fromEntries(controls.map(([f, c]) => [key(f), c])),
        labels: Object.fromEntries(fields.map((f) => [key(f), f.name])), version: loaded.version, error, confirm: 'Lưu siêu dữ liệu',
        load: () => api.get(`/metadata/${kind}/${documentId()}`),
        valuesOf: (r) => Object.fromEntries(fields.map((f) => [key(f), (r.values.find((v) => v.fieldId === f.id) || {}).value || ''])) });
      panel.replaceChildren(stale.attach(actionForm({}, error, () => stale.save(async (version) => {
        const current = documentId();
        if (!current) throw new Error('Hãy lưu dự thảo trước khi điền siêu dữ liệu bổ sung.');
        const saved = await api.put(`/metadata/${kind}/${current}`, {
          names: controls.map(([f]) => f.name),
          values: controls.map(([, c]) => c.value.trim()),
          version,
        });
        ctx.toast('Đã lưu siêu dữ liệu bổ sung.');
        return saved;
      }), h('h2', 'Siêu dữ liệu bổ sung'), error.el, stale.box, ...rows,
      h('button.btn', { type: 'submit', 'data-action': 'save-metadata' }, 'Lưu siêu dữ liệu'))));
    }
    panel.hidden = false;
  })().catch((e) => { panel.replaceChildren(h('p.field-error', e.message)); panel.hidden = false; });
  return panel;
}
