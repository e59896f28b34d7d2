// Case files (hồ sơ, docs/archive.md): the office's file list (danh mục hồ sơ) of a year with
// a form to add an entry, the case files with their state, documents and archive warning; one
// case file with its documents, adding a document, closing it and downloading its archive
// package (ZIP). Clerks and leaders manage; specialists read; the server enforces both.
import * as api from '../api.js';
import { h, append, formatDate } from '../dom.js';
import {
  caseFileStateNames, caseFileActionLabels, caseFileFieldLabels, retentionSuggestions, filedKindNames,
} from '../labels.js';
import {
  vietnamToday, caseFileOf, openFiles, archiveStatus, filedDocumentHref, filedNotation, attachmentName,
  inDateOrder,
} from '../casefile-rules.js';
import { dialog } from './document.js';

/** Clerks and leaders keep the list and the files (docs/access-rules.md, Case files). */
export function canManageCaseFiles(user) { return user.role === 'clerk' || user.role === 'leader'; }

export function caseFileBadge(state) {
  return h(`span.badge.casefile-${state}`, { 'data-state': state }, caseFileStateNames[state] || state);
}

function archiveCell(file, today) {
  const status = archiveStatus(file, today);
  if (!status) return h('span.muted', '—');
  return h(`span.archive-${status.level}`, { 'data-archive': status.level }, status.text);
}

/** An API error shown where it stays visible (role="alert"), with the field's label if any. */
function errorText(e) {
  const label = e.field && caseFileFieldLabels[e.field];
  return label && !e.message.includes(label) ? `${label}: ${e.message}` : e.message;
}

/** Files a document (kind "outgoing", "incoming", "imported") in a case file; true when done. */
export async function addToCaseFile(ctx, file, kind, id) {
  try {
    await api.post(`/casefiles/${file.id}/documents`, { kind, id });
    ctx.toast(`Đã đưa văn bản vào hồ sơ ${file.code}.`);
    return true;
  } catch (e) {
    ctx.toast(errorText(e), 'error');
    return false;
  }
}

/** The entry of a document's details naming the case files that hold it (nothing when none):
 * a document may be in several, without copies (NĐ 30 Phụ lục VI III.4e). */
export function holdingCaseFileMeta(caseFiles) {
  if (!caseFiles || caseFiles.length === 0) return null;
  return [h('dt', 'Hồ sơ'), h('dd', { 'data-testid': 'holding-casefile' },
    caseFiles.map((f, i) => [i > 0 ? h('br') : null,
      h('a', { href: `#/casefiles/${f.id}`, 'data-casefile': f.code }, `${f.code} — ${f.title}`)]))];
}

/** "Đưa vào hồ sơ" on a document's page: choose one of the office's open case files. */
export async function chooseCaseFileFor(ctx, kind, id) {
  let files;
  try { files = openFiles(await api.get('/casefiles')); }
  catch (e) { ctx.toast(errorText(e), 'error'); return false; }
  if (files.length === 0) {
    if (await dialog({ title: caseFileActionLabels.file, confirm: 'Đến trang Hồ sơ',
      text: 'Cơ quan chưa có hồ sơ nào đang mở. Hãy lập hồ sơ từ danh mục hồ sơ trước.' })) ctx.navigate('#/casefiles');
    return false;
  }
  const res = await dialog({
    title: caseFileActionLabels.file, confirm: caseFileActionLabels.file,
    text: 'Một văn bản có thể nằm trong nhiều hồ sơ (không tạo bản sao). Hồ sơ đã đóng không thêm văn bản được.',
    fields: [{ name: 'caseFileId', label: 'Hồ sơ', control: h('select#file-casefile',
      files.map((f) => h('option', { value: String(f.id) }, `${f.code} (${f.year}) — ${f.title}`))) }],
  });
  if (!res) return false;
  return addToCaseFile(ctx, files.find((f) => String(f.id) === res.caseFileId), kind, id);
}

function entryForm(ctx, year, users, onAdded) {
  const field = (name, control, hint) => h('div.field', { 'data-field': name },
    h('label', { for: `e-${name}` }, caseFileFieldLabels[name]), control, hint ? h('p.hint', hint) : null);
  const error = h('p.field-error', { role: 'alert', hidden: true, 'data-testid': 'entry-error' });
  const form = h('form.panel.entry-form', { 'data-testid': 'entry-form', hidden: true },
    h('h2', `Thêm hồ sơ vào danh mục năm ${year}`),
    h('div.grid-2',
      field('code', h('input#e-code', { type: 'text', name: 'code', required: true, maxlength: 20, placeholder: 'HS-01' })),
      field('retention', h('input#e-retention', { type: 'text', name: 'retention', required: true, list: 'retention-options', value: '10 năm' }),
        'Ví dụ: 10 năm, 20 năm, vĩnh viễn.')),
    h('datalist#retention-options', retentionSuggestions.map((r) => h('option', { value: r }))),
    field('title', h('input#e-title', { type: 'text', name: 'title', required: true, maxlength: 500 })),
    field('responsibleId', h('select#e-responsibleId', { name: 'responsibleId' }, h('option', { value: '' }, '— Chưa giao —'),
      users.map((u) => h('option', { value: String(u.id), selected: u.id === ctx.user.id }, `${u.fullName} — ${u.title || u.role}`)))),
    field('note', h('input#e-note', { type: 'text', name: 'note' })),
    error,
    h('div.actions',
      h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'entry-submit' }, caseFileActionLabels.addEntry),
      h('button.btn.btn-ghost', { type: 'button', on: { click: () => { form.hidden = true; } } }, 'Hủy')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const el of form.querySelectorAll('.field.invalid')) el.classList.remove('invalid');
    error.hidden = true;
    const v = Object.fromEntries(new FormData(form).entries());
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const entry = await api.post('/file-list', {
        year, code: v.code.trim(), title: v.title.trim(), retention: v.retention.trim(),
        responsibleId: v.responsibleId ? Number(v.responsibleId) : undefined, note: v.note.trim(),
      });
      ctx.toast(`Đã thêm ${entry.code} vào danh mục hồ sơ năm ${entry.year}.`);
      onAdded(entry);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
      const bad = err.field && form.querySelector(`[data-field=${err.field}]`);
      if (bad) { bad.classList.add('invalid'); bad.querySelector('input, select').focus(); }
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** #/casefiles?year=: the file list of a year and the office's case files. */
export async function renderCaseFiles(main, ctx) {
  const thisYear = Number(vietnamToday().slice(0, 4));
  const year = Number(ctx.query.get('year')) || thisYear;
  const mine = ctx.query.get('mine') === '1'; // each account's own files (người lập hồ sơ)
  const manage = canManageCaseFiles(ctx.user);
  const today = vietnamToday();
  ctx.setTitle(`Hồ sơ ${year}`);
  const yearSelect = h('select#casefile-year', { 'aria-label': 'Năm',
    on: { change: () => ctx.navigate(`#/casefiles?year=${yearSelect.value}`) } },
  Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).concat(year < thisYear - 4 ? [year] : [])
    .map((y) => h('option', { value: String(y), selected: y === year }, `Năm ${y}`)));
  const [entries, files, users] = await Promise.all([
    api.get(`/file-list?year=${year}`),
    api.get('/casefiles'),
    api.get(`/users?officeId=${ctx.user.officeId}`).then((us) => us.filter((u) => u.role !== 'administrator' && u.active !== false)),
  ]);
  const names = new Map(users.map((u) => [u.id, u.fullName]));
  const form = manage ? entryForm(ctx, year, users, () => ctx.navigate(`#/casefiles?year=${year}`, { replace: true })) : null;
  const addEntry = manage ? h('button.btn', { type: 'button', 'data-testid': 'add-entry',
    on: { click: () => { form.hidden = false; form.querySelector('input').focus(); } } }, `+ ${caseFileActionLabels.addEntry}`) : null;
  const indexCsv = h('button.btn', { type: 'button', 'data-action': 'file-index-csv', on: { click: async (e) => {
    const button = e.currentTarget;
    button.disabled = true;
    try { await downloadFrom(`/casefiles/index.csv?year=${year}`, `muc-luc-ho-so-${year}.csv`); }
    catch (err) { ctx.toast(errorText(err), 'error'); }
    finally { button.disabled = false; }
  } } }, caseFileActionLabels.fileIndexCsv);
  const print = h('button.btn', { type: 'button', 'data-action': 'print', on: { click: () => window.print() } }, caseFileActionLabels.print);
  main.append(h('div.page-head',
    h('div', h('h1', 'Hồ sơ'), h('p.muted', ctx.office ? ctx.office.name : '')),
    h('div.actions', yearSelect, indexCsv, print, addEntry)));
  const notices = await noticesPanel(ctx);
  if (notices) main.append(notices);

  async function openFrom(entry) {
    const res = await dialog({ title: `${caseFileActionLabels.open} ${entry.code}`, confirm: caseFileActionLabels.open,
      text: [`“${entry.title}” — ${entry.retention}.`, 'Hồ sơ mở ra để đưa văn bản vào; đóng hồ sơ khi công việc kết thúc.'],
      fields: [{ name: 'description', label: caseFileFieldLabels.description, control: h('textarea#open-description', { rows: 2, maxlength: 500 }) }] });
    if (!res) return;
    try {
      const file = await api.post('/casefiles', { listEntryId: entry.id, description: res.description });
      ctx.toast(`Đã lập hồ sơ ${file.code}.`);
      ctx.navigate(`#/casefiles/${file.id}`);
    } catch (e) { ctx.toast(errorText(e), 'error'); }
  }

  main.append(h('h2', `Danh mục hồ sơ năm ${year}`));
  if (form) main.append(form);
  if (entries.length === 0) {
    main.append(h('div.empty', h('p', `Danh mục hồ sơ năm ${year} chưa có hồ sơ nào.`,
      manage ? ' Bấm “Thêm vào danh mục” để bắt đầu.' : '')));
  } else {
    main.append(h('div.table-wrap', h('table.doc-table', { 'data-testid': 'file-list' },
      h('thead', h('tr', h('th', 'Số và ký hiệu'), h('th', 'Tiêu đề hồ sơ'), h('th', 'Thời hạn bảo quản'),
        h('th', 'Người lập hồ sơ'), h('th', 'Ghi chú'), h('th', 'Hồ sơ'))),
      h('tbody', [...entries].sort((a, b) => a.code.localeCompare(b.code, 'vi', { numeric: true })).map((entry) => {
        const file = caseFileOf(entry, files);
        return h('tr', { 'data-code': entry.code },
          h('td', { 'data-label': 'Số và ký hiệu' }, h('strong', entry.code)),
          h('td', { 'data-label': 'Tiêu đề' }, entry.title),
          h('td', { 'data-label': 'Thời hạn' }, entry.retention),
          h('td', { 'data-label': 'Người lập' }, names.get(entry.responsibleId) || '—'),
          h('td.detail', { 'data-label': 'Ghi chú' }, entry.note || ''),
          h('td', { 'data-label': 'Hồ sơ' }, file
            ? h('a', { href: `#/casefiles/${file.id}` }, caseFileBadge(file.state))
            : manage ? h('button.btn.btn-small.btn-primary', { type: 'button', 'data-action': 'open', on: { click: () => openFrom(entry) } }, caseFileActionLabels.open)
              : h('span.muted', 'Chưa lập')));
      })))));
  }

  main.append(h('div.spacer-v'), h('div.page-head',
    h('h2', mine ? 'Hồ sơ tôi lập' : 'Hồ sơ đã lập (mục lục hồ sơ)'),
    h('div.actions', h('a.btn.btn-small', { href: `#/casefiles?year=${year}${mine ? '' : '&mine=1'}`, 'data-action': 'mine' },
      mine ? 'Xem mọi hồ sơ' : 'Chỉ hồ sơ tôi lập'))));
  const shown = mine ? files.filter((f) => f.responsibleId === ctx.user.id) : files;
  if (shown.length === 0) {
    main.append(h('div.empty', h('p', mine ? 'Bạn chưa là người lập hồ sơ nào.' : 'Cơ quan chưa lập hồ sơ nào.')));
    return;
  }
  main.append(h('div.table-wrap', h('table.doc-table', { 'data-testid': 'casefile-list' },
    h('thead', h('tr', h('th', 'Số và ký hiệu'), h('th', 'Tiêu đề hồ sơ'), h('th', 'Năm'), h('th', 'Thời hạn bảo quản'),
      h('th', 'Người lập hồ sơ'), h('th', 'Trạng thái'), h('th.num', 'Số văn bản'), h('th', 'Nộp lưu'))),
    h('tbody', shown.map((f) => {
      const href = `#/casefiles/${f.id}`;
      return h('tr.clickable', { 'data-id': f.id, 'data-code': f.code,
        on: { click: (e) => { if (!e.target.closest('a') && !window.getSelection().toString()) ctx.navigate(href); } } },
      h('td.subject', { 'data-label': 'Số và ký hiệu' }, h('a', { href }, f.code)),
      h('td', { 'data-label': 'Tiêu đề' }, f.title),
      h('td', { 'data-label': 'Năm' }, String(f.year)),
      h('td', { 'data-label': 'Thời hạn' }, f.retention),
      h('td', { 'data-label': 'Người lập' }, f.responsibleName || '—'),
      h('td', { 'data-label': 'Trạng thái' }, caseFileBadge(f.state)),
      h('td.num', { 'data-label': 'Số văn bản' }, String(f.docTotal)),
      h('td', { 'data-label': 'Nộp lưu' }, archiveCell(f, today)));
    })))));
}

/** Downloads GET /api<path> under the name the server gives (or fallback). */
async function downloadFrom(path, fallback) {
  const res = await api.api('GET', path, undefined, { raw: true });
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: attachmentName(res.headers.get('Content-Disposition'), fallback), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function downloadPackage(file) {
  await downloadFrom(`/casefiles/${file.id}/package`, `ho-so-${file.code}-${file.year}.zip`);
}

/** The 30-day notices (NĐ 30 Phụ lục VI III.5b) of closed files due at the archive, sent to the
 * person responsible and the clerks; each can be marked read. */
async function noticesPanel(ctx) {
  let notices;
  try { notices = await api.get('/casefiles/notices'); } catch { return null; }
  if (notices.length === 0) return null;
  const panel = h('div.alert.alert-warn', { role: 'status', 'data-testid': 'archive-notices' },
    h('strong', 'Thông báo nộp lưu hồ sơ'),
    h('ul', notices.map((n) => h('li', { 'data-notice': n.id },
      h('a', { href: `#/casefiles/${n.caseFileId}` }, `${n.code} — ${n.title}`),
      ` đến hạn nộp lưu ngày ${formatDate(n.dueOn)} (báo ngày ${formatDate(n.sentAt)}). `,
      h('button.btn.btn-small', { type: 'button', 'data-action': 'notice-read', on: { click: async (e) => {
        try {
          await api.post(`/casefiles/notices/${n.id}/read`);
          e.currentTarget.closest('li').remove();
          if (!panel.querySelector('li')) panel.remove();
        } catch (err) { ctx.toast(errorText(err), 'error'); }
      } } }, 'Đã đọc')))));
  return panel;
}

/** #/casefiles/<id>: one case file, its documents and what the user may do with it. */
export async function renderCaseFile(main, ctx, id) {
  let file;
  try {
    file = await api.get(`/casefiles/${id}`);
  } catch (e) {
    if (e.status !== 404) throw e;
    main.append(h('h1', 'Không mở được hồ sơ'), h('div.alert.alert-info', e.message),
      h('p', h('a.btn', { href: '#/casefiles' }, 'Về trang Hồ sơ')));
    return;
  }
  ctx.setTitle(`Hồ sơ ${file.code}`);
  const manage = canManageCaseFiles(ctx.user);
  const open = file.state === 'open';
  const reload = () => ctx.navigate(`#/casefiles/${id}`, { replace: true });
  const problem = h('div.alert.alert-error', { role: 'alert', hidden: true, 'data-testid': 'casefile-error' });
  const fail = (e) => { problem.textContent = errorText(e); problem.hidden = false; };

  async function addDocument() {
    const issued = await api.get('/documents?state=issued');
    const filed = new Set(file.documents.filter((d) => d.kind === 'outgoing').map((d) => d.id));
    const choices = issued.filter((d) => !filed.has(d.id))
      .sort((a, b) => (b.issuedDate || '').localeCompare(a.issuedDate || '') || (b.number || 0) - (a.number || 0));
    if (choices.length === 0) { ctx.toast('Không có văn bản đi đã phát hành nào để đưa vào hồ sơ.', 'info'); return; }
    const res = await dialog({ title: `${caseFileActionLabels.addDocument} vào hồ sơ ${file.code}`, confirm: caseFileActionLabels.addDocument,
      text: 'Văn bản đi đã phát hành của cơ quan. Một văn bản có thể nằm trong nhiều hồ sơ.',
      fields: [{ name: 'id', label: 'Văn bản', control: h('select#add-document',
        choices.map((d) => h('option', { value: String(d.id) }, `${d.notation || d.number} (${formatDate(d.issuedDate)}) — ${d.subject}`))) }] });
    if (res && await addToCaseFile(ctx, file, 'outgoing', Number(res.id))) reload();
  }

  async function close() {
    if (!(await dialog({ title: `${caseFileActionLabels.close} ${file.code}`, confirm: caseFileActionLabels.close, danger: true,
      text: [`Hồ sơ có ${file.documents.length} văn bản. Khi đóng, hệ thống tính ngày bắt đầu, ngày kết thúc, số văn bản, số trang và hạn nộp lưu (một năm sau khi đóng).`,
        'Hồ sơ đã đóng không thay đổi được nữa.'] }))) return;
    try {
      await api.post(`/casefiles/${id}/close`);
      ctx.toast(`Đã đóng hồ sơ ${file.code}.`);
      reload();
    } catch (e) { fail(e); }
  }

  async function download(button) {
    button.disabled = true;
    problem.hidden = true;
    try { await downloadPackage(file); ctx.toast('Đã tải gói nộp lưu.'); }
    catch (e) { fail(e); }
    finally { button.disabled = false; }
  }

  const base = `ho-so-${file.code}-${file.year}`;
  async function exportAs(button, what, name, done) {
    button.disabled = true;
    problem.hidden = true;
    try { await downloadFrom(`/casefiles/${id}/${what}`, name); ctx.toast(done); }
    catch (e) { fail(e); }
    finally { button.disabled = false; }
  }

  async function handOver() {
    const res = await dialog({ title: `${caseFileActionLabels.handover}: ${file.code}`, confirm: caseFileActionLabels.handover,
      text: ['Hệ thống lập gói nộp lưu có đóng dấu cơ quan, giữ lại gói và ghi người nộp, thời điểm và mã SHA-256 của gói.',
        'Sau khi nộp, tải gói nộp lưu luôn cho đúng gói đã nộp.'],
      fields: [{ name: 'receiver', label: 'Người nhận ở lưu trữ cơ quan', control: h('input#handover-receiver', { type: 'text', maxlength: 200 }) }] });
    if (!res) return;
    try {
      await api.post(`/casefiles/${id}/handover`, { receiver: res.receiver || '' });
      ctx.toast(`Đã nộp lưu hồ sơ ${file.code}.`);
      reload();
    } catch (e) { fail(e); }
  }

  async function transferHistorical() {
    const res = await dialog({ title: `Nộp lưu trữ lịch sử: ${file.code}`, confirm: 'Nộp lưu trữ lịch sử',
      text: ['Hồ sơ bảo quản vĩnh viễn được nộp tiếp từ lưu trữ cơ quan vào lưu trữ lịch sử, bằng đúng gói đã nộp lưu (cùng mã SHA-256).'],
      fields: [{ name: 'receiver', label: 'Người nhận ở lưu trữ lịch sử', control: h('input#historical-receiver', { type: 'text', maxlength: 200 }) }] });
    if (!res) return;
    try {
      await api.post(`/casefiles/${id}/historical`, { receiver: res.receiver || '' });
      ctx.toast(`Đã nộp hồ sơ ${file.code} vào lưu trữ lịch sử.`);
      reload();
    } catch (e) { fail(e); }
  }

  /**
   * The file's own Phần II fields: Rights, Language, Description, Creator (người lập hồ sơ). Sent
   * with the file's version as loaded: a save after someone else's is refused (409) and offers
   * "Tải lại" / "So sánh" with what was typed kept; leaving with unsaved changes asks first.
   */
  async function describe() {
    const users = (await api.get(`/users?officeId=${ctx.user.officeId}`).catch(() => [])).filter((u) => u.active !== false && u.role !== 'administrator');
    const rights = h('select#describe-rights', ['Hạn chế', 'Công khai'].map((r) => h('option', { value: r, selected: r === file.rights }, r)));
    const language = h('input#describe-language', { type: 'text', maxlength: 30, value: file.language });
    const responsible = h('select#describe-responsible', h('option', { value: '' }, '—'),
      users.map((u) => h('option', { value: String(u.id), selected: u.id === file.responsibleId }, `${u.fullName} (${u.title || u.role})`)));
    const description = h('textarea#describe-description', { rows: 3, maxlength: 500 }, file.description || '');
    const labels = { rights: 'Chế độ sử dụng', language: 'Ngôn ngữ', responsibleId: caseFileFieldLabels.responsibleId, description: caseFileFieldLabels.description };
    const valuesOf = (f) => ({ rights: f.rights, language: f.language, responsibleId: f.responsibleId ? String(f.responsibleId) : '', description: f.description || '' });
    const res = await dialog({ title: `Mô tả hồ sơ ${file.code}`, confirm: 'Lưu', guard: ctx,
      text: 'Các trường của hồ sơ theo Phụ lục VI Phần II; được ghi vào siêu dữ liệu và gói nộp lưu.',
      fields: [
        { name: 'rights', label: labels.rights, control: rights },
        { name: 'language', label: labels.language, required: 'Xin ghi ngôn ngữ.', control: language },
        { name: 'responsibleId', label: labels.responsibleId, control: responsible },
        { name: 'description', label: labels.description, control: description },
      ],
      stale: {
        version: file.version,
        names: ['rights', 'language', 'responsibleId', 'description'],
        label: (n) => labels[n],
        show: (n, v) => (n === 'responsibleId' ? (users.find((u) => String(u.id) === v) || {}).fullName || '—' : v || ''),
        read: () => ({ rights: rights.value, language: language.value, responsibleId: responsible.value, description: description.value }),
        fill: (v) => { rights.value = v.rights; language.value = v.language; responsible.value = v.responsibleId; description.value = v.description; },
        load: async () => { const f = await api.get(`/casefiles/${id}`); return { version: f.version, values: valuesOf(f) }; },
      },
      submit: (v, { version }) => api.post(`/casefiles/${id}/describe`, {
        rights: v.rights, language: v.language.trim(), description: v.description || '',
        responsibleId: v.responsibleId ? Number(v.responsibleId) : null, version,
      }) });
    if (!res) return;
    ctx.toast(`Đã lưu mô tả hồ sơ ${file.code}.`);
    reload();
  }

  const frozen = file.frozen
    ? h('div.alert.alert-warn', { role: 'status', 'data-testid': 'frozen' },
      h('strong', 'Hồ sơ đang bị phong tỏa '), `theo ${file.frozen.order} (từ ${formatDate(file.frozen.frozenAt, true)}, ${file.frozen.frozenByName}): không thêm, rút văn bản, đóng hay nộp lưu được.`)
    : null;
  const actions = h('div.actions', { 'data-testid': 'actions' }, manage && !file.frozen ? [
    open ? h('button.btn', { type: 'button', 'data-action': 'describe', on: { click: () => describe().catch(fail) } }, 'Mô tả hồ sơ') : null,
    open ? h('button.btn', { type: 'button', 'data-action': 'add-document', on: { click: () => addDocument().catch(fail) } }, `+ ${caseFileActionLabels.addDocument}`) : null,
    open ? h('button.btn.btn-primary', { type: 'button', 'data-action': 'close', disabled: file.documents.length === 0,
      title: file.documents.length === 0 ? 'Hồ sơ chưa có văn bản nào.' : null, on: { click: close } }, caseFileActionLabels.close) : null,
    !open ? h('button.btn.btn-primary', { type: 'button', 'data-action': 'package', on: { click: (e) => download(e.currentTarget) } }, caseFileActionLabels.package) : null,
    !open && !file.handover ? h('button.btn', { type: 'button', 'data-action': 'handover', on: { click: () => handOver() } }, caseFileActionLabels.handover) : null,
    file.handover && !file.historical && /^v[iĩ]nh vi[eễ]n$/i.test(file.retention.trim())
      ? h('button.btn', { type: 'button', 'data-action': 'historical', on: { click: () => transferHistorical() } }, 'Nộp lưu trữ lịch sử') : null,
  ] : null);
  // Reading and exporting: for everyone who may see the file.
  const exports = h('div.actions', { 'data-testid': 'exports' }, file.documents.length > 0 ? [
    h('button.btn', { type: 'button', 'data-action': 'export-pdf', on: { click: (e) => exportAs(e.currentTarget, 'pdf', `${base}.pdf`, 'Đã xuất hồ sơ thành một tệp PDF.') } }, caseFileActionLabels.pdf),
    h('button.btn', { type: 'button', 'data-action': 'export-xml', on: { click: (e) => exportAs(e.currentTarget, 'xml', `${base}.xml`, 'Đã xuất siêu dữ liệu hồ sơ (XML).') } }, caseFileActionLabels.xml),
    h('button.btn', { type: 'button', 'data-action': 'index-csv', on: { click: (e) => exportAs(e.currentTarget, 'index.csv', `muc-luc-${base}.csv`, 'Đã tải mục lục văn bản (CSV).') } }, caseFileActionLabels.indexCsv),
    h('button.btn', { type: 'button', 'data-action': 'print', on: { click: () => window.print() } }, caseFileActionLabels.print),
  ] : null);

  const status = archiveStatus(file, vietnamToday());
  const head = h('div.page-head.doc-head',
    h('div.doc-title',
      h('p.doc-kicker', h('a', { href: `#/casefiles?year=${file.year}` }, 'Hồ sơ'), ` · Năm ${file.year} · Số và ký hiệu ${file.code}`),
      h('h1', { 'data-testid': 'casefile-title' }, file.title),
      h('div', caseFileBadge(file.state))),
    h('div', actions, exports));
  const warning = status && status.level !== 'ok'
    ? h(`div.alert.${status.level === 'overdue' ? 'alert-error' : 'alert-warn'}`, { 'data-testid': 'archive-warning' }, status.text) : null;

  const meta = h('dl.meta', { 'data-testid': 'casefile-meta' },
    h('dt', caseFileFieldLabels.code), h('dd', file.code),
    h('dt', caseFileFieldLabels.retention), h('dd', file.retention),
    h('dt', caseFileFieldLabels.responsibleId), h('dd', file.responsibleName || '—'),
    h('dt', 'Chế độ sử dụng'), h('dd', file.rights),
    h('dt', 'Ngôn ngữ'), h('dd', file.language),
    file.description ? [h('dt', caseFileFieldLabels.description), h('dd', file.description)] : null,
    h('dt', 'Lập ngày'), h('dd', formatDate(file.createdAt, true)),
    h('dt', 'Số văn bản'), h('dd', { 'data-testid': 'doc-total' }, String(open ? file.documents.length : file.docTotal)),
    open ? null : [
      h('dt', 'Số trang'), h('dd', { 'data-testid': 'page-total' }, String(file.pageTotal)),
      h('dt', 'Thời gian'), h('dd', `${formatDate(file.startDate)} – ${formatDate(file.endDate)}`),
      h('dt', 'Đóng ngày'), h('dd', formatDate(file.closedAt, true)),
      h('dt', 'Hạn nộp lưu'), h('dd', { 'data-testid': 'archive-due' }, formatDate(file.archiveDueOn)),
    ],
    file.handover ? [
      h('dt', 'Đã nộp lưu'), h('dd', { 'data-testid': 'handover' },
        `${formatDate(file.handover.handedAt, true)} — ${file.handover.handedByName}`,
        file.handover.receiver ? ` (người nhận: ${file.handover.receiver})` : ''),
      h('dt', 'SHA-256 gói nộp lưu'), h('dd', h('code.hash', { 'data-testid': 'handover-sha256' }, file.handover.packageSha256)),
    ] : null,
    file.historical ? [
      h('dt', 'Nộp lưu trữ lịch sử'), h('dd', { 'data-testid': 'historical' },
        `${formatDate(file.historical.handedAt, true)} — ${file.historical.handedByName}`,
        file.historical.receiver ? ` (người nhận: ${file.historical.receiver})` : ''),
    ] : null);

  const documents = file.documents.length === 0
    ? h('div.empty', h('p', open ? 'Hồ sơ chưa có văn bản nào. Đưa văn bản vào từ trang của văn bản (nút “Đưa vào hồ sơ”) hoặc bằng nút “Thêm văn bản”.' : 'Hồ sơ không có văn bản.'))
    : h('div.table-wrap', h('table.doc-table', { 'data-testid': 'casefile-documents' },
      h('caption', `Mục lục văn bản — hồ sơ ${file.code} (theo ngày văn bản)`),
      h('thead', h('tr', h('th.num', 'STT'), h('th', 'Số, ký hiệu'), h('th', 'Ngày'), h('th', 'Trích yếu'),
        h('th', 'Cơ quan ban hành'), h('th', 'Người ký'), h('th.num', 'Số trang'))),
      h('tbody', inDateOrder(file.documents).map((d) => {
        const href = filedDocumentHref(d);
        return h('tr', { 'data-kind': d.kind, 'data-id': d.id },
          h('td.num', { 'data-label': 'STT' }, String(d.position)),
          h('td', { 'data-label': 'Số, ký hiệu' }, filedNotation(d)),
          h('td', { 'data-label': 'Ngày' }, formatDate(d.issuedDate)),
          h('td.subject', { 'data-label': 'Trích yếu', title: filedKindNames[d.kind] || d.kind },
            h('span.type', d.typeName || ''), ' ', href ? h('a', { href }, d.subject) : d.subject),
          h('td', { 'data-label': 'Cơ quan' }, d.organName),
          h('td', { 'data-label': 'Người ký' }, d.signerName),
          h('td.num', { 'data-label': 'Số trang' }, d.pageAmount ? String(d.pageAmount) : '—'));
      }))));

  append(main, [head, frozen, problem, warning,
    h('div.casefile-layout',
      h('section', { 'aria-label': 'Văn bản trong hồ sơ' }, h('h2', 'Văn bản trong hồ sơ'), documents),
      h('aside.panel', h('h2', 'Thông tin hồ sơ'), meta))]);
}
