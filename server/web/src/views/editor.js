// The draft editor: the fields a specialist fills in, the body in its markup, and a live PDF
// preview. Every change is saved after a short pause, complete or not (PUT with the version it
// started from, or POST the first time); the server checks the draft only at submit. A save
// refused because another tab saved first (409) keeps what was typed and offers "Tải lại" or
// "So sánh". The preview is fetched again from GET /api/documents/{id}/pdf once the draft is
// complete.
import * as api from '../api.js';
import { h, append, clear, debounce, lines } from '../dom.js';
import { PdfView } from '../pdfview.js';
import {
  authorityOptions, authorityOfSuggestions, urgencyOptions, secrecyOptions, draftFieldLabels,
  stateNames,
} from '../labels.js';
import { stateBadge } from './list.js';
import { officePicker, addressName, folded } from './officepicker.js';
import { dialog } from './document.js';
import { bodyImportControl } from './bodyimport.js';
import { metadataPanel } from './metadata.js';
import { isStale, setUnsaved, showStale, compareTable, differences, leaveQuestion } from '../stale.js';

const SAVE_DELAY_MS = 1200;

function select(name, options, value) {
  return h('select', { name, id: `f-${name}` },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/** "09:30" now, in the browser's clock (the saved time shown beside the buttons). */
function clockTime() {
  const d = new Date();
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A draft value as one line of text, for the comparison of two versions. */
function shown(name, value, leaders) {
  if (Array.isArray(value)) return value.join('\n');
  if (name === 'signerId') {
    const u = leaders.find((x) => x.id === value);
    return u ? u.fullName : (value ? `#${value}` : '');
  }
  return value === undefined || value === null ? '' : String(value);
}

function field(name, label, control, hint) {
  return h('div.field', { 'data-field': name },
    h('label', { for: control.id || `f-${name}` }, label, h('span.required-mark', { 'aria-hidden': 'true', title: 'Bắt buộc khi trình' }, ' *')),
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
  ['Điều 1. Tên điều', 'Điều có tên (in đậm); sau đó 1. là khoản, a) là điểm'],
  ['Điều 1. Nội dung điều.', 'Điều chỉ có một câu (kết thúc bằng . ; :): "Điều 1." đậm, câu chữ thường'],
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
  const [types, users, loaded, limits] = await Promise.all([
    api.get('/document-types'),
    api.get(`/users?officeId=${encodeURIComponent(user.officeId)}`).catch(() => []),
    id ? api.get(`/documents/${id}`) : Promise.resolve(null),
    api.get('/field-limits').catch(() => []),
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
  // A leader may edit a submitted draft (NĐ 30 Phụ lục VI III.1n): kept as the leader's version.
  const leaderEdit = !!current && current.state === 'submitted';
  ctx.setTitle(leaderEdit ? 'Lãnh đạo sửa văn bản đang chờ duyệt' : docId ? 'Sửa dự thảo' : 'Soạn văn bản');

  // Recipients entered once (issue 16 item 5): an office picked from the directory is written
  // under Kính gửi (and under Nơi nhận when that has no "Như trên" line, which stands for Kính
  // gửi) and receives the letter electronically; dropping it takes its name out again; a name
  // in no directory is only written. Each field stays editable.
  const picker = officePicker(ctx.offices || [], user.officeId, d.recipientOffices, {
    onPick: (office, picked) => (picked ? addRecipient(addressName(office.name)) : dropRecipient(addressName(office.name))),
    onFreeName: (name) => addRecipient(name),
  });
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
    draftingUnit: h('input#f-draftingUnit', { name: 'draftingUnit', value: d.draftingUnit || '', placeholder: 'NV', maxlength: 10 }),
    urgency: select('urgency', urgencyOptions, d.urgency || ''),
    secrecy: select('secrecy', secrecyOptions, d.secrecy || ''),
    // Offices of the directory that receive it electronically when it is issued (issue 5), found
    // by name or code in a directory that may hold the national axis's whole list (issue 20).
    recipientOffices: picker.element,
    dueDate: h('input#f-dueDate', { type: 'date', name: 'dueDate', value: d.dueDate || '' }),
    // Phần II metadata (NĐ 30/2020 Phụ lục VI): số lượng bản phát hành, ngôn ngữ, ghi chú.
    issuedAmount: h('input#f-issuedAmount', { type: 'number', name: 'issuedAmount', min: 1, max: 999, step: 1, value: d.issuedAmount ? String(d.issuedAmount) : '' }),
    language: h('input#f-language', { name: 'language', value: d.language || '', placeholder: 'Tiếng Việt' }),
    description: h('textarea#f-description', { name: 'description', rows: 2, value: d.description || '' }),
  };
  const authorityOfList = h('datalist#authority-of-list', authorityOfSuggestions(system).map((s) => h('option', { value: s })));
  const isLetter = () => { const t = types.find((x) => x.code === f.typeCode.value); return t ? !!t.isLetter : true; };
  // Required at submit (the server's rule, docs/api.md): marked with * beside the label.
  const required = {
    typeCode: () => true, body: () => true, distribution: () => true, signerId: () => true,
    subject: isLetter, recipients: isLetter, draftingUnit: () => isLetter() && system !== 'party',
    authorityOf: () => !!f.authority.value,
  };
  const syncAuthority = () => {
    f.authorityOf.disabled = !f.authority.value;
    recipientsField.hidden = !isLetter() && !f.recipients.value.trim();
    for (const [name, test] of Object.entries(required)) {
      const el = form.querySelector(`.field[data-field="${name}"]`);
      const on = test();
      if (el) el.classList.toggle('required', on);
      if (f[name]) f[name].setAttribute('aria-required', on ? 'true' : 'false');
    }
  };

  const toolbar = h('div.toolbar', { role: 'toolbar', 'aria-label': 'Định dạng nội dung' },
    // Each name holds the text shown on its button (WCAG 2.5.3: a speech user says what they see).
    [['bold', 'Đậm', 'B'], ['italic', 'Nghiêng', 'I'], ['numbered', '1. Mục đánh số', '1.'], ['dash', 'Gạch đầu dòng', '–'],
      ['basis', 'Dòng căn cứ', 'Căn cứ'], ['footnote', 'Chú thích cuối trang', 'Chú thích']].map(([kind, title, text]) =>
      h('button.tool', { type: 'button', title, 'aria-label': title, 'data-kind': kind, on: { click: () => applyMarkup(f.body, kind) } }, text)));

  const recipientsField = field('recipients', 'Kính gửi', f.recipients, 'Mỗi dòng một nơi nhận; điền sẵn từ “Chọn nơi nhận”, vẫn sửa được.');

  // ----- one list of recipients for Kính gửi, Nơi nhận and the electronic dispatch -----
  /** A line as compared: no "- " in front, no ";" or "." behind, no case or marks. */
  const same = (line) => folded(line.replace(/^[-–•\s]+/, '').replace(/[;.,\s]+$/, ''));
  const setLines = (area, list) => {
    area.value = list.join('\n');
    area.dispatchEvent(new Event('input', { bubbles: true })); // saved and previewed as typed
  };
  const distributionCovers = () => lines(f.distribution.value).some((l) => same(l).startsWith('nhu tren'));
  function addRecipient(name) {
    if (!name) return;
    const to = lines(f.recipients.value);
    if (!to.some((l) => same(l) === same(name))) setLines(f.recipients, [...to, name]);
    if (!distributionCovers()) {
      const cc = lines(f.distribution.value);
      if (!cc.some((l) => same(l) === same(name))) {
        const keep = cc.findIndex((l) => same(l).startsWith('luu'));
        setLines(f.distribution, keep < 0 ? [...cc, name] : [...cc.slice(0, keep), name, ...cc.slice(keep)]);
      }
    }
    syncAuthority();
  }
  function dropRecipient(name) {
    for (const area of [f.recipients, f.distribution]) {
      const kept = lines(area.value).filter((l) => same(l) !== same(name));
      if (kept.length !== lines(area.value).length) setLines(area, kept);
    }
    syncAuthority();
  }
  const form = h('form.editor-form', { novalidate: true, autocomplete: 'off', on: { submit: (e) => e.preventDefault() } },
    h('div.grid-2',
      field('typeCode', 'Loại văn bản', f.typeCode),
      field('draftingUnit', 'Đơn vị soạn thảo', f.draftingUnit, 'Viết tắt, dùng trong ký hiệu và dòng “Lưu”.')),
    field('subject', 'Trích yếu', f.subject, 'Công văn: không ghi “V/v”, hệ thống tự thêm.'),
    recipientsField,
    field('recipientOffices', 'Chọn nơi nhận', f.recipientOffices, 'Gõ tên hoặc mã định danh để tìm trong danh bạ cơ quan; tên ngoài danh bạ: gõ rồi bấm Enter. Cơ quan chọn trong danh bạ được điền vào “Kính gửi” (và “Nơi nhận” khi không có dòng “Như trên”) và nhận bản điện tử ngay khi phát hành; văn bản mật chỉ gửi bản giấy.'),
    h('div.field', { 'data-field': 'body' },
      h('label', { for: 'f-body' }, 'Nội dung', h('span.required-mark', { 'aria-hidden': 'true', title: 'Bắt buộc khi trình' }, ' *')),
      toolbar, bodyImportControl(f.body), f.body,
      h('details.markup-help', h('summary', 'Cách trình bày nội dung'),
        h('table', h('tbody', markupHelp.map(([src, what]) => h('tr', h('td', h('code', src)), h('td', what)))))),
      h('p.field-error', { hidden: true })),
    field('distribution', 'Nơi nhận', f.distribution, 'Mỗi dòng một nơi; “Như trên” đầu tiên, dòng “Lưu” cuối cùng.'),
    field('dueDate', 'Hạn trả lời (nếu có)', f.dueDate),
    h('div.grid-2',
      field('issuedAmount', 'Số lượng bản phát hành', f.issuedAmount),
      field('language', 'Ngôn ngữ', f.language, 'Để trống: Tiếng Việt.')),
    field('description', 'Ghi chú', f.description),
    h('div.grid-2',
      field('signerId', 'Người ký', f.signerId),
      field('authority', 'Thẩm quyền ký', f.authority)),
    field('authorityOf', 'Ký thay cho / thay mặt', f.authorityOf, 'Ví dụ: CHỦ TỊCH, ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ.'),
    h('div.grid-2',
      field('urgency', 'Độ khẩn', f.urgency),
      field('secrecy', 'Độ mật', f.secrecy)),
    authorityOfList,
  );
  form.prepend(h('p.muted.small.required-legend', 'Mục có dấu * phải điền trước khi trình. Dự thảo vẫn được lưu tự động khi chưa đủ.'));

  // ----- header, status and actions -----
  const status = h('span.save-status', { 'data-testid': 'save-status', role: 'status' }, docId ? `Phiên bản ${current.version}` : 'Chưa lưu');
  // Shown when a save is refused because a newer version exists (409): what was typed stays.
  const conflictBox = h('div.alert.alert-warn.conflict', { role: 'alert', 'data-testid': 'conflict', hidden: true });
  const problemsBox = h('div.alert.alert-error.problems', { role: 'alert', 'data-testid': 'problems', hidden: true });
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
    h('div.pdf-scroll', { tabindex: '0', role: 'region', 'aria-label': 'Các trang bản xem trước' }, previewMsg, previewHost));
  const pdfView = new PdfView(previewHost);

  append(main, [head, returned, conflictBox, problemsBox, h('div.editor', form, preview),
    metadataPanel(ctx, 'outgoing', () => docId, true)]);
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
    recipientOffices: picker.values(),
    dueDate: f.dueDate.value,
    issuedAmount: Number(f.issuedAmount.value) || 0,
    language: f.language.value.trim(),
    description: f.description.value.trim(),
  });
  const clearErrors = () => {
    for (const el of form.querySelectorAll('.field.invalid')) {
      el.classList.remove('invalid');
      const p = el.querySelector('.field-error'); p.hidden = true; p.textContent = '';
    }
    for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    problemsBox.hidden = true;
  };
  const showFieldError = (name, message) => {
    const el = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!el) return false;
    el.hidden = false;
    el.classList.add('invalid');
    const p = el.querySelector('.field-error'); p.textContent = message; p.hidden = false;
    const control = f[name];
    if (control) { control.setAttribute('aria-invalid', 'true'); p.id = `err-${name}`; control.setAttribute('aria-describedby', p.id); }
    return true;
  };
  /** Every problem of a refused submit beside its field, and a list of them above the form. */
  const showProblems = (problems) => {
    clearErrors();
    clear(problemsBox);
    problemsBox.append(h('strong', `Chưa trình được: còn ${problems.length} chỗ cần sửa.`),
      h('ul', problems.map((p) => h('li', h('a', { href: '#', on: { click: (e) => { e.preventDefault(); const c = f[p.field]; if (c) c.focus(); } } },
        `${draftFieldLabels[p.field] || p.field}: `), p.message))));
    problemsBox.hidden = false;
    for (const p of problems) showFieldError(p.field, p.message);
    const first = problems.map((p) => f[p.field]).find(Boolean);
    if (first) first.focus();
  };
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
    const missing = (current && current.problems) || [];
    if (missing.length) {
      if (previewAbort) previewAbort.abort();
      previewMsg.hidden = false;
      previewMsg.textContent = `Bản xem trước hiện ra khi đủ các mục bắt buộc; còn thiếu hoặc chưa đúng: ${missing.map((p) => draftFieldLabels[p.field] || p.field).join(', ')}.`;
      return;
    }
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

  let conflict = null; // the 409 of a stale save: no more saves until the user chooses
  let retry = null;

  async function save() {
    if (conflict) return false;
    if (saving) { again = true; return saving; }
    if (!docId && !changed) return null; // nothing typed yet
    const input = collect();
    changed = false;
    clearTimeout(retry);
    saving = (async () => {
      status.textContent = 'Đang lưu…';
      status.classList.remove('error');
      try {
        const res = docId
          ? await api.put(`/documents/${docId}`, { ...input, version: current.version })
          : await api.post('/documents', input);
        current = res;
        if (!docId) {
          docId = res.id;
          ctx.navigate(`#/documents/${docId}/edit`, { silent: true });
        }
        if (!problemsBox.hidden) clearErrors();
        status.textContent = `Đã lưu lúc ${clockTime()}`;
        status.title = `Phiên bản ${res.version}`;
        main.dataset.version = String(res.version);
        updateButtons();
        refreshPreview();
        return true;
      } catch (e) {
        changed = true;
        status.classList.add('error');
        if (isStale(e)) {
          showConflict(e);
          status.textContent = 'Chưa lưu: đã có bản mới hơn.';
        } else if ((e.status === 422 || e.status === 400) && e.field) {
          clearErrors();
          showFieldError(e.field, e.message);
          status.textContent = `Chưa lưu: ${draftFieldLabels[e.field] || e.field} chưa đúng.`;
        } else {
          status.textContent = `Chưa lưu: ${e.message}`;
          if (e.status === 0 || e.status >= 500) retry = setTimeout(() => save(), 5000); // network: try again
        }
        if (e.status === 403 || (e.status === 409 && !conflict)) ctx.toast(e.message, 'error');
        return false;
      }
    })();
    const ok = await saving;
    saving = null;
    if (again) { again = false; return save(); }
    setUnsaved(changed);
    return ok;
  }

  /** Puts a draft (the server's) into the form. */
  const fill = (draft) => {
    f.typeCode.value = draft.typeCode || defaultType;
    f.subject.value = draft.subject || '';
    f.recipients.value = (draft.recipients || []).join('\n');
    f.body.value = draft.body || '';
    f.distribution.value = (draft.distribution || []).join('\n');
    f.signerId.value = String(draft.signerId || (leaders[0] ? leaders[0].id : 0));
    f.authority.value = draft.authority || '';
    f.authorityOf.value = draft.authorityOf || '';
    f.draftingUnit.value = draft.draftingUnit || '';
    f.urgency.value = draft.urgency || '';
    f.secrecy.value = draft.secrecy || '';
    picker.set(draft.recipientOffices);
    f.dueDate.value = draft.dueDate || '';
    f.issuedAmount.value = draft.issuedAmount ? String(draft.issuedAmount) : '';
    f.language.value = draft.language || '';
    f.description.value = draft.description || '';
    syncAuthority();
  };

  const endConflict = () => { conflict = null; conflictBox.hidden = true; clear(conflictBox); };

  /** "Tải lại": their version replaces what was typed here (asked first). */
  async function reloadTheirs() {
    if (!(await dialog({ title: 'Tải lại bản mới nhất?', text: 'Những gì bạn gõ ở trang này từ lần lưu trước sẽ được thay bằng bản đã lưu mới nhất.', confirm: 'Tải lại', danger: true }))) return;
    const theirs = await api.get(`/documents/${docId}`);
    current = theirs;
    fill(theirs.draft || {});
    endConflict();
    changed = false;
    setUnsaved(false);
    status.classList.remove('error');
    status.textContent = `Đã tải lại phiên bản ${theirs.version}`;
    updateButtons();
    refreshPreview();
  }

  /** "So sánh": their version beside what was typed here, field by field; keep either. */
  async function compare() {
    const theirs = await api.get(`/documents/${docId}`);
    const mine = collect();
    const table = compareTable(differences(Object.keys(mine), theirs.draft || {}, mine,
      (n) => draftFieldLabels[n] || n, (n, v) => shown(n, v, leaders)), theirs.version);
    const choice = await dialog({ title: 'So sánh hai bản', text: 'Chọn bản giữ lại. Bản kia sẽ không còn trong dự thảo (các phiên bản cũ vẫn được lưu).', extra: table, confirm: 'Giữ bản của tôi' });
    if (!choice) return;
    // Keep mine: saved on top of the version just seen, an explicit choice, not a silent overwrite.
    current = theirs;
    endConflict();
    changed = true;
    await save();
  }

  function showConflict(e) {
    conflict = e;
    showStale(conflictBox, e, { onReload: reloadTheirs, onCompare: compare });
    setUnsaved(true);
  }

  const scheduleSave = debounce(() => save(), SAVE_DELAY_MS);
  // The server's one table of lengths (Phần II, GET /api/field-limits), checked as the user types:
  // the message names the field and the limit, as the server's 400 would.
  const limitOf = Object.fromEntries((limits || []).filter((l) => f[l.field]).reverse().map((l) => [l.field, l]));
  const checkLimits = () => {
    let ok = true;
    for (const [name, limit] of Object.entries(limitOf)) {
      const value = f[name].value || '';
      const el = form.querySelector(`.field[data-field="${name}"]`);
      let message = '';
      if (limit.number) {
        const n = Number(value);
        if (value !== '' && (!Number.isInteger(n) || n < 1 || n > limit.max)) message = `${limit.label} phải từ 1 đến ${limit.max}.`;
      } else {
        const count = [...value.trim()].length;
        if (count > limit.max) message = `${limit.label} dài ${count} ký tự, vượt giới hạn ${limit.max} ký tự.`;
      }
      if (message) { showFieldError(name, message); ok = false; } else if (el && el.dataset.limitShown) {
        el.classList.remove('invalid'); const p = el.querySelector('.field-error'); p.hidden = true; p.textContent = '';
      }
      if (el) el.dataset.limitShown = message ? 'true' : '';
    }
    return ok;
  };
  const onChange = () => {
    checkLimits();
    changed = true;
    setUnsaved(true);
    syncAuthority();
    if (conflict) return; // kept here until the user chooses "Tải lại" or "So sánh"
    status.classList.remove('error');
    status.textContent = 'Có thay đổi chưa lưu…';
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
      if (!docId) changed = true; // an untouched new form: saved, then its problems listed
      const ok = await saveNow();
      if (ok === false || !docId) {
        if (conflict) ctx.toast('Chưa trình: hãy chọn “Tải lại” hoặc “So sánh” trước.', 'error');
        return;
      }
      await api.post(`/documents/${docId}/submit`);
      setUnsaved(false);
      ctx.toast('Đã trình lãnh đạo duyệt.');
      ctx.navigate(`#/documents/${docId}`);
    } catch (e) {
      if (e.status === 422 && e.details && Array.isArray(e.details.problems) && e.details.problems.length) {
        showProblems(e.details.problems);
        status.textContent = `Chưa trình: còn ${e.details.problems.length} chỗ cần sửa.`;
      } else if (e.status === 422 && e.field) {
        showProblems([{ field: e.field, message: e.message }]);
      } else {
        ctx.toast(e.message, 'error');
      }
    } finally {
      submitButton.disabled = false;
    }
  }

  // Ctrl+S (⌘S) saves at once instead of the browser's "save page".
  const onKey = (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); saveNow(); }
  };
  document.addEventListener('keydown', onKey);

  // Leaving (the menu, a link, signing out): what is pending is saved first; if it cannot be,
  // the user is asked before anything is lost.
  ctx.guardLeave(async () => {
    if (changed || scheduleSave.pending() || saving) {
      const ok = conflict ? false : await saveNow();
      if (ok === false) {
        return !!(await dialog({
          ...leaveQuestion,
          text: [conflict ? 'Dự thảo chưa được lưu vì đã có bản mới hơn.' : `Dự thảo chưa được lưu: ${status.textContent}`,
            'Nếu rời trang, những gì bạn vừa gõ sẽ mất. Hãy ở lại để “Tải lại”, “So sánh” hoặc thử lưu lại.'],
        }));
      }
    }
    return true;
  });
  ctx.onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    clearTimeout(retry);
    if ((scheduleSave.pending() || changed) && !conflict) { scheduleSave.cancel(); save(); }
    setUnsaved(false);
    if (previewAbort) previewAbort.abort();
    pdfView.destroy();
  });

  if (docId) { main.dataset.version = String(current.version); refreshPreview(); }
  f.subject.focus({ preventScroll: true });
}
