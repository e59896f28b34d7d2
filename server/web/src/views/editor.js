// The draft editor: the fields a specialist fills in, the body in its markup, and a live PDF
// preview. Every change is saved after a short pause (PUT, or POST the first time), then the
// preview is fetched again from GET /api/documents/{id}/pdf.
import * as api from '../api.js';
import { h, append, debounce, nowTime, lines } from '../dom.js';
import { PdfView } from '../pdfview.js';
import {
  authorityOptions, authorityOfSuggestions, urgencyOptions, secrecyOptions, draftFieldLabels,
  stateNames,
} from '../labels.js';
import { stateBadge } from './list.js';

const SAVE_DELAY_MS = 1200;

function select(name, options, value) {
  return h('select', { name, id: `f-${name}` },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

function field(name, label, control, hint) {
  return h('div.field', { 'data-field': name },
    h('label', { for: control.id || `f-${name}` }, label),
    control,
    hint ? h('p.hint', hint) : null,
    h('p.field-error', { hidden: true }));
}

const markupHelp = [
  ['Đoạn văn', 'Viết liền; để một dòng trống giữa hai đoạn.'],
  ['1. Nội dung', 'Mục đánh số (1., 2., 2.1. …)'],
  ['- Nội dung', 'Gạch đầu dòng'],
  ['> Căn cứ …;', 'Dòng căn cứ (in nghiêng)'],
  ['= QUYẾT ĐỊNH:', 'Dòng tên loại ở giữa (quyết định)'],
  ['Điều 1. Tên điều', 'Điều; sau đó 1. là khoản, a) là điểm'],
  ['# Phần I | TÊN PHẦN', 'Phần (## Chương, ### Mục)'],
  ['**chữ đậm**, *chữ nghiêng*', 'Định dạng trong dòng'],
  ['…[^1] và [^1]: ghi chú', 'Chú thích cuối trang'],
];

/** Inserts markup around the selection (wrap) or at the start of the selected lines (prefix). */
function applyMarkup(textarea, kind) {
  const { selectionStart: s, selectionEnd: e, value } = textarea;
  let next, caret;
  if (kind === 'bold' || kind === 'italic') {
    const mark = kind === 'bold' ? '**' : '*';
    const text = value.slice(s, e) || (kind === 'bold' ? 'chữ đậm' : 'chữ nghiêng');
    next = value.slice(0, s) + mark + text + mark + value.slice(e);
    caret = [s + mark.length, s + mark.length + text.length];
  } else if (kind === 'footnote') {
    const used = [...value.matchAll(/\[\^(\d+)\]/g)].map((m) => Number(m[1]));
    const n = used.length ? Math.max(...used) + 1 : 1;
    const note = `\n\n[^${n}]: nội dung chú thích`;
    next = value.slice(0, e) + `[^${n}]` + value.slice(e) + note;
    caret = [next.length - 'nội dung chú thích'.length, next.length];
  } else {
    const prefix = { numbered: '1. ', dash: '- ', basis: '> ' }[kind];
    const lineStart = value.lastIndexOf('\n', s - 1) + 1;
    const block = value.slice(lineStart, e);
    const replaced = block.split('\n').map((l) => (l.trim() ? prefix + l : l)).join('\n') || prefix;
    next = value.slice(0, lineStart) + replaced + value.slice(e);
    caret = [lineStart + replaced.length, lineStart + replaced.length];
  }
  textarea.value = next;
  textarea.focus();
  textarea.setSelectionRange(caret[0], caret[1]);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

export async function renderEditor(main, ctx, id) {
  const { user } = ctx;
  const system = (ctx.office && ctx.office.system) || 'state';
  const [types, users, loaded] = await Promise.all([
    api.get('/document-types'),
    api.get(`/users?officeId=${encodeURIComponent(user.officeId)}`).catch(() => []),
    id ? api.get(`/documents/${id}`) : Promise.resolve(null),
  ]);
  let current = loaded;
  let docId = id;

  if (!docId && !['specialist', 'leader'].includes(user.role)) {
    main.append(h('h1', 'Soạn văn bản'), h('div.alert.alert-info', 'Chỉ chuyên viên và lãnh đạo được soạn văn bản.'));
    return;
  }
  if (current && !(current.allowedActions || []).includes('edit')) {
    ctx.setTitle('Không sửa được');
    main.append(h('h1', current.subject || 'Văn bản'),
      h('div.alert.alert-info', `Văn bản đang ở trạng thái “${stateNames[current.state] || current.state}”, không sửa được nữa.`),
      h('p', h('a.btn', { href: `#/documents/${docId}` }, 'Xem văn bản')));
    return;
  }

  const leaders = users.filter((u) => u.role === 'leader' && u.active !== false);
  const defaultType = (types.find((t) => t.code === 'CV') || types[0] || { code: '' }).code;
  const d = current ? { ...current.draft } : {
    typeCode: defaultType, subject: '', recipients: [], body: '',
    distribution: system === 'party' ? ['Như trên'] : ['Như trên', 'Lưu: VT'],
    signerId: user.role === 'leader' ? user.id : (leaders[0] ? leaders[0].id : 0),
    authority: '', authorityOf: '', draftingUnit: '', urgency: '', secrecy: '',
  };
  ctx.setTitle(docId ? 'Sửa dự thảo' : 'Soạn văn bản');

  // ----- the form -----
  const f = {
    typeCode: select('typeCode', types.map((t) => [t.code, `${t.name} (${t.code})`]), d.typeCode),
    subject: h('textarea#f-subject', { name: 'subject', rows: 2, value: d.subject, placeholder: 'Ví dụ: triển khai kế hoạch chuyển đổi số năm 2026' }),
    recipients: h('textarea#f-recipients', { name: 'recipients', rows: 2, value: (d.recipients || []).join('\n'), placeholder: 'UBND các xã, thị trấn' }),
    body: h('textarea#f-body.body-input', { name: 'body', rows: 16, value: d.body, spellcheck: 'false' }),
    distribution: h('textarea#f-distribution', { name: 'distribution', rows: 3, value: (d.distribution || []).join('\n') }),
    signerId: h('select#f-signerId', { name: 'signerId' },
      leaders.length ? null : h('option', { value: '0' }, '— Cơ quan chưa có lãnh đạo —'),
      leaders.map((u) => h('option', { value: String(u.id), selected: u.id === d.signerId },
        `${u.fullName}${u.title ? ` – ${u.title}` : ''}`))),
    authority: select('authority', authorityOptions(system), d.authority || ''),
    authorityOf: h('input#f-authorityOf', { name: 'authorityOf', value: d.authorityOf || '', list: 'authority-of-list', autocomplete: 'off' }),
    draftingUnit: h('input#f-draftingUnit', { name: 'draftingUnit', value: d.draftingUnit || '', placeholder: 'NV', maxlength: 20 }),
    urgency: select('urgency', urgencyOptions, d.urgency || ''),
    secrecy: select('secrecy', secrecyOptions, d.secrecy || ''),
    // Offices of the directory that receive it electronically when it is issued (issue 5).
    recipientOffices: h('div#f-recipientOffices.office-picks', { role: 'group', 'aria-label': 'Gửi điện tử đến' },
      (ctx.offices || []).filter((o) => o.id !== user.officeId).map((o) => h('label.check',
        h('input', { type: 'checkbox', name: 'recipientOffices', value: o.code, checked: (d.recipientOffices || []).includes(o.code) }),
        ` ${o.name}${o.peer ? ` (máy chủ ${o.peer})` : ''}`))),
    dueDate: h('input#f-dueDate', { type: 'date', name: 'dueDate', value: d.dueDate || '' }),
  };
  const authorityOfList = h('datalist#authority-of-list', authorityOfSuggestions(system).map((s) => h('option', { value: s })));
  const isLetter = () => { const t = types.find((x) => x.code === f.typeCode.value); return t ? !!t.isLetter : true; };
  const syncAuthority = () => {
    f.authorityOf.disabled = !f.authority.value;
    recipientsField.hidden = !isLetter() && !f.recipients.value.trim();
  };

  const toolbar = h('div.toolbar', { role: 'toolbar', 'aria-label': 'Định dạng nội dung' },
    [['bold', 'Đậm', 'B'], ['italic', 'Nghiêng', 'I'], ['numbered', 'Mục đánh số', '1.'], ['dash', 'Gạch đầu dòng', '–'],
      ['basis', 'Dòng căn cứ', 'Căn cứ'], ['footnote', 'Chú thích cuối trang', 'Chú thích']].map(([kind, title, text]) =>
      h('button.tool', { type: 'button', title, 'aria-label': title, 'data-kind': kind, on: { click: () => applyMarkup(f.body, kind) } }, text)));

  const recipientsField = field('recipients', 'Kính gửi', f.recipients, 'Mỗi dòng một nơi nhận.');
  const form = h('form.editor-form', { novalidate: true, autocomplete: 'off', on: { submit: (e) => e.preventDefault() } },
    h('div.grid-2',
      field('typeCode', 'Loại văn bản', f.typeCode),
      field('draftingUnit', 'Đơn vị soạn thảo', f.draftingUnit, 'Viết tắt, dùng trong ký hiệu và dòng “Lưu”.')),
    field('subject', 'Trích yếu', f.subject, 'Công văn: không ghi “V/v”, hệ thống tự thêm.'),
    recipientsField,
    h('div.field', { 'data-field': 'body' },
      h('label', { for: 'f-body' }, 'Nội dung'),
      toolbar, f.body,
      h('details.markup-help', h('summary', 'Cách trình bày nội dung'),
        h('table', h('tbody', markupHelp.map(([src, what]) => h('tr', h('td', h('code', src)), h('td', what)))))),
      h('p.field-error', { hidden: true })),
    field('distribution', 'Nơi nhận', f.distribution, 'Mỗi dòng một nơi; “Như trên” đầu tiên, dòng “Lưu” cuối cùng.'),
    field('recipientOffices', 'Gửi điện tử đến', f.recipientOffices, 'Khi phát hành, văn bản được gửi ngay đến các cơ quan đã chọn; văn bản mật chỉ gửi bản giấy.'),
    field('dueDate', 'Hạn trả lời (nếu có)', f.dueDate),
    h('div.grid-2',
      field('signerId', 'Người ký', f.signerId),
      field('authority', 'Thẩm quyền ký', f.authority)),
    field('authorityOf', 'Ký thay cho / thay mặt', f.authorityOf, 'Ví dụ: CHỦ TỊCH, ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ.'),
    h('div.grid-2',
      field('urgency', 'Độ khẩn', f.urgency),
      field('secrecy', 'Độ mật', f.secrecy)),
    authorityOfList,
  );

  // ----- header, status and actions -----
  const status = h('span.save-status', { 'data-testid': 'save-status', role: 'status' }, docId ? `Phiên bản ${current.version}` : 'Chưa lưu');
  const saveButton = h('button.btn', { type: 'button', 'data-action': 'save', title: 'Lưu ngay (Ctrl+S)', on: { click: () => saveNow() } }, 'Lưu');
  const submitButton = h('button.btn.btn-primary', { type: 'button', 'data-action': 'submit', on: { click: () => submit() } }, 'Trình duyệt');
  const viewLink = h('a.btn.btn-ghost', { href: docId ? `#/documents/${docId}` : '#/', hidden: !docId }, 'Xem trang văn bản');
  const returned = current && current.state === 'returned' && current.returnComment
    ? h('div.alert.alert-warn', h('strong', 'Lãnh đạo trả lại: '), current.returnComment) : null;
  const head = h('div.page-head.editor-head',
    h('div', h('h1', docId ? 'Sửa dự thảo' : 'Soạn văn bản mới'), current ? stateBadge(current.state) : null),
    h('div.actions', status, viewLink, saveButton, submitButton));

  // ----- preview -----
  const previewHost = h('div.pdf-pages');
  const previewMsg = h('p.preview-msg', docId ? 'Đang tạo bản xem trước…' : 'Bản xem trước hiện ra sau khi nhập trích yếu và nội dung.');
  const preview = h('section.preview', { 'aria-label': 'Bản xem trước' },
    h('div.preview-head', h('h2', 'Xem trước'), h('span.muted.small', 'bản PDF cập nhật sau mỗi lần lưu')),
    h('div.pdf-scroll', previewMsg, previewHost));
  const pdfView = new PdfView(previewHost);

  append(main, [head, returned, h('div.editor', form, preview)]);
  syncAuthority();

  // ----- saving -----
  const collect = () => ({
    typeCode: f.typeCode.value,
    subject: f.subject.value.trim(),
    recipients: lines(f.recipients.value),
    body: f.body.value.replace(/\s+$/, ''),
    distribution: lines(f.distribution.value),
    signerId: Number(f.signerId.value) || 0,
    authority: f.authority.value,
    authorityOf: f.authority.value ? f.authorityOf.value.trim() : '',
    draftingUnit: f.draftingUnit.value.trim(),
    urgency: f.urgency.value,
    secrecy: f.secrecy.value,
    recipientOffices: [...f.recipientOffices.querySelectorAll('input:checked')].map((i) => i.value),
    dueDate: f.dueDate.value,
  });
  const clearErrors = () => {
    for (const el of form.querySelectorAll('.field.invalid')) {
      el.classList.remove('invalid');
      const p = el.querySelector('.field-error'); p.hidden = true; p.textContent = '';
    }
  };
  const showFieldError = (name, message) => {
    const el = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!el) return false;
    el.classList.add('invalid');
    const p = el.querySelector('.field-error'); p.textContent = message; p.hidden = false;
    return true;
  };
  const setUnsaved = (v) => { document.body.dataset.unsaved = v ? 'true' : 'false'; };
  const updateButtons = () => {
    const allowed = current ? current.allowedActions || [] : ['submit'];
    submitButton.hidden = !allowed.includes('submit');
    viewLink.hidden = !docId;
    if (docId) viewLink.setAttribute('href', `#/documents/${docId}`);
  };
  updateButtons();

  let saving = null;
  let again = false;
  let changed = false;
  let previewAbort = null;

  async function refreshPreview() {
    if (!docId) return;
    if (previewAbort) previewAbort.abort();
    const abort = previewAbort = new AbortController();
    preview.classList.add('loading');
    try {
      const res = await api.api('GET', `/documents/${docId}/pdf?v=${current ? current.version : 0}`, undefined, { raw: true, signal: abort.signal });
      const bytes = await res.arrayBuffer();
      if (abort.signal.aborted) return;
      await pdfView.show(bytes);
      previewMsg.hidden = true;
      preview.dataset.version = String(current ? current.version : 0);
    } catch (e) {
      if (e.name === 'AbortError') return;
      previewMsg.hidden = false;
      previewMsg.textContent = `Chưa tạo được bản xem trước: ${e.message}`;
    } finally {
      if (previewAbort === abort) preview.classList.remove('loading');
    }
  }

  async function save() {
    if (saving) { again = true; return saving; }
    const input = collect();
    if (!docId && !input.subject && !input.body) { status.textContent = 'Chưa lưu'; return null; }
    changed = false;
    saving = (async () => {
      status.textContent = 'Đang lưu…';
      status.classList.remove('error');
      try {
        const res = docId ? await api.put(`/documents/${docId}`, input) : await api.post('/documents', input);
        current = res;
        if (!docId) {
          docId = res.id;
          ctx.navigate(`#/documents/${docId}/edit`, { silent: true });
        }
        clearErrors();
        status.textContent = `Đã lưu lúc ${nowTime()} · phiên bản ${res.version}`;
        updateButtons();
        refreshPreview();
        return true;
      } catch (e) {
        changed = true;
        status.classList.add('error');
        if (e.status === 422 && e.field) {
          clearErrors();
          showFieldError(e.field, e.message);
          status.textContent = `Chưa lưu: ${draftFieldLabels[e.field] || e.field} chưa đúng.`;
        } else {
          status.textContent = `Chưa lưu: ${e.message}`;
        }
        if (e.status === 409 || e.status === 403) ctx.toast(e.message, 'error');
        return false;
      }
    })();
    const ok = await saving;
    saving = null;
    if (again) { again = false; return save(); }
    setUnsaved(changed);
    return ok;
  }

  const scheduleSave = debounce(() => save(), SAVE_DELAY_MS);
  const onChange = () => {
    changed = true;
    setUnsaved(true);
    status.classList.remove('error');
    status.textContent = 'Có thay đổi chưa lưu…';
    syncAuthority();
    scheduleSave();
  };
  form.addEventListener('input', onChange);
  form.addEventListener('change', onChange);

  async function saveNow() {
    scheduleSave.cancel();
    if (saving) await saving;
    return save();
  }

  async function submit() {
    submitButton.disabled = true;
    try {
      const ok = await saveNow();
      if (ok === false || !docId) {
        if (!docId) ctx.toast('Xin nhập trích yếu và nội dung trước khi trình.', 'error');
        return;
      }
      await api.post(`/documents/${docId}/submit`);
      setUnsaved(false);
      ctx.toast('Đã trình lãnh đạo duyệt.');
      ctx.navigate(`#/documents/${docId}`);
    } catch (e) {
      ctx.toast(e.message, 'error');
    } finally {
      submitButton.disabled = false;
    }
  }

  // Ctrl+S (⌘S) saves at once instead of the browser's "save page".
  const onKey = (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); saveNow(); }
  };
  document.addEventListener('keydown', onKey);

  ctx.guardLeave(async () => { if (changed || scheduleSave.pending()) await saveNow(); return true; });
  ctx.onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    if (scheduleSave.pending() || changed) { scheduleSave.cancel(); save(); }
    setUnsaved(false);
    if (previewAbort) previewAbort.abort();
    pdfView.destroy();
  });

  if (docId) refreshPreview();
  f.subject.focus({ preventScroll: true });
}
