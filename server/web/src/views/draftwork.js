// The work around a draft (issue 14 item 4): comments (góp ý) by the people who see it, the files
// it carries beside its PDF (phụ lục, tài liệu kèm theo), and its kept versions compared.
import * as api from '../api.js';
import { h, formatDate } from '../dom.js';

/** Bytes → "12 KB", "1,5 MB". */
export function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} byte`;
}

/** An ArrayBuffer as base64, in slices (a large file would overflow String.fromCharCode). */
export function base64Of(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(text);
}

const accepted = '.pdf,.doc,.docx,.xls,.xlsx,.odt,.zip';

/**
 * Comments, the one way for a draft (góp ý) and for an incoming letter (ý kiến of its handlers):
 * listed oldest first with who and when (and the version, on a draft), a box to add one while
 * `open`. base: the API path of the letter ('/documents/12', '/incoming/7').
 */
export function renderComments(base, { open, noun = 'Góp ý' }) {
  const lower = noun.toLowerCase();
  const list = h('ol.comments', { 'data-testid': 'comments' });
  const box = h('textarea#comment-text', { rows: 3, maxlength: 4000, 'aria-label': noun });
  const error = h('p.field-error', { hidden: true, role: 'alert' });
  const send = h('button.btn.btn-small', { type: 'submit', 'data-testid': 'comment-add' }, `Gửi ${lower}`);
  const form = !open ? null : h('form.comment-form', {
    on: {
      submit: async (e) => {
        e.preventDefault();
        const text = box.value.trim();
        if (!text) { error.textContent = `Hãy ghi nội dung ${lower}.`; error.hidden = false; return; }
        send.disabled = true;
        try {
          await api.post(`${base}/comments`, { text });
          box.value = '';
          error.hidden = true;
          await load();
        } catch (err) {
          error.textContent = err.message;
          error.hidden = false;
        } finally {
          send.disabled = false;
        }
      },
    },
  }, h('label', { for: 'comment-text' }, `${noun} của bạn`), box, error, send);
  async function load() {
    const comments = await api.get(`${base}/comments`);
    list.replaceChildren(...comments.map((c) => h('li', { 'data-comment': String(c.id) },
      h('div.when', formatDate(c.writtenAt, true), ' · ', h('strong', c.authorName), c.version ? ` · phiên bản ${c.version}` : ''),
      h('div.comment-text', c.text))));
    if (!comments.length) list.replaceChildren(h('li.muted', `Chưa có ${lower}.`));
  }
  load().catch((e) => list.replaceChildren(h('li.field-error', e.message)));
  return h('section.panel', { 'aria-label': noun, 'data-testid': 'comments-panel' },
    h('h2', noun), list, form,
    h('p.muted.small', `${noun} được lưu cùng người viết và thời gian, không sửa, không xóa được.`));
}

/** The letter's files: listed, downloadable; added and removed by who may edit it now. */
export function renderAttachments(id, doc, ctx) {
  const editable = (doc.allowedActions || []).includes('edit');
  const list = h('ul.attachments', { 'data-testid': 'attachments' });
  const error = h('p.field-error', { hidden: true, role: 'alert', 'data-testid': 'attachment-error' });
  const file = h('input#attachment-file', { type: 'file', accept: accepted, 'data-testid': 'attachment-file' });
  async function load() {
    const files = await api.get(`/documents/${id}/attachments`);
    list.replaceChildren(...files.map((f) => h('li', { 'data-attachment': String(f.id) },
      h('a', { href: `/api/documents/${id}/attachments/${f.id}`, download: f.name, 'data-testid': 'attachment-link' }, f.name),
      h('span.muted.small', ` (${sizeText(f.size)}, ${f.addedByName}, ${formatDate(f.addedAt, true)})`),
      editable ? h('button.btn.btn-small.btn-link', {
        type: 'button', 'data-testid': 'attachment-remove', 'aria-label': `Bỏ tệp ${f.name}`,
        on: {
          click: async () => {
            try {
              await api.del(`/documents/${id}/attachments/${f.id}`);
              await load();
            } catch (err) { ctx.toast(err.message, 'error'); }
          },
        },
      }, 'Bỏ') : null)));
    if (!files.length) list.replaceChildren(h('li.muted', 'Không có tệp đính kèm.'));
  }
  file.addEventListener('change', async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    error.hidden = true;
    try {
      const contentBase64 = base64Of(await chosen.arrayBuffer());
      await api.post(`/documents/${id}/attachments`, { name: chosen.name, contentBase64 });
      ctx.toast(`Đã đính kèm ${chosen.name}.`);
      await load();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      file.value = '';
    }
  });
  load().catch((e) => list.replaceChildren(h('li.field-error', e.message)));
  return h('section.panel', { 'aria-label': 'Tệp đính kèm', 'data-testid': 'attachments-panel' },
    h('h2', 'Tệp đính kèm'), list,
    editable ? h('div.field', h('label', { for: 'attachment-file' }, 'Đính kèm tệp (PDF, Word, Excel, ODT, ZIP; tối đa 5 MB mỗi tệp, 10 tệp)'), file, error) : null,
    doc.state === 'issued' ? h('p.muted.small', 'Các tệp đã được gửi cùng văn bản khi phát hành.') : null);
}

/** The kept versions, and two of them compared: the fields that changed, the body word by word. */
export function renderVersions(id, doc) {
  const from = h('select#version-from', { 'aria-label': 'So sánh từ phiên bản' });
  const to = h('select#version-to', { 'aria-label': 'đến phiên bản' });
  const list = h('ol.versions', { 'data-testid': 'versions' });
  const result = h('div.comparison', { 'data-testid': 'comparison' });
  const compare = h('button.btn.btn-small', { type: 'button', 'data-testid': 'compare', on: { click: () => show() } }, 'So sánh');
  async function show() {
    result.replaceChildren(h('p.muted', 'Đang so sánh…'));
    try {
      const c = await api.get(`/documents/${id}/versions/compare?from=${from.value}&to=${to.value}`);
      const fields = c.fields.length
        ? h('table.table.compare-fields', { 'data-testid': 'changed-fields' },
          h('thead', h('tr', h('th', 'Mục'), h('th', `Phiên bản ${c.from}`), h('th', `Phiên bản ${c.to}`))),
          h('tbody', c.fields.map((f) => h('tr', { 'data-field': f.field },
            h('th', f.label), h('td.pre', f.before), h('td.pre', f.after)))))
        : h('p.muted', 'Các mục khác nội dung không đổi.');
      const body = c.bodyChanged
        ? h('div.diff-body.pre', { 'data-testid': 'body-diff' }, c.body.map((run) => (run.change === 'added'
          ? h('ins', run.text) : run.change === 'removed' ? h('del', run.text) : run.text)))
        : h('p.muted', { 'data-testid': 'body-diff' }, 'Nội dung không đổi.');
      result.replaceChildren(h('h3', 'Các mục đã đổi'), fields, h('h3', 'Nội dung (chữ thêm gạch chân, chữ bỏ gạch ngang)'), body);
    } catch (err) {
      result.replaceChildren(h('p.field-error', err.message));
    }
  }
  (async () => {
    const versions = await api.get(`/documents/${id}/versions`);
    list.replaceChildren(...versions.map((v) => h('li', { 'data-version': String(v.version) },
      `Phiên bản ${v.version} · ${v.authorName} · ${formatDate(v.createdAt, true)}`,
      v.editedAs === 'leader' ? h('span.badge', { 'data-testid': 'leader-edit' }, ' lãnh đạo sửa') : null)));
    const options = (select, chosen) => select.replaceChildren(...versions.map((v) =>
      h('option', { value: String(v.version), selected: v.version === chosen }, `Phiên bản ${v.version}`)));
    const last = versions.length ? versions[versions.length - 1].version : 1;
    options(from, Math.max(1, last - 1));
    options(to, last);
    compare.disabled = versions.length < 2;
  })().catch((e) => list.replaceChildren(h('li.field-error', e.message)));
  return h('section.panel.versions-panel', { 'aria-label': 'Các phiên bản', 'data-testid': 'versions-panel' },
    h('h2', 'Các phiên bản'), list,
    h('div.compare-choice', from, ' → ', to, ' ', compare), result);
}
