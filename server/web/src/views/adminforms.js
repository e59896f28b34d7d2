// Small pieces shared by the administrator's pages (offices, users, keys and trust): a labelled
// field, an error box that shows the API's Vietnamese sentence (role="alert"), a form whose
// submit runs one request at a time, and files read for upload.
import { h } from '../dom.js';
import { staleChoice, conflictBox } from '../stale.js';

/** A labelled control with an optional hint. */
export function field(id, label, control, hint) {
  return h('div.field', h('label', { for: id }, label), control, hint ? h('p.hint', hint) : null);
}

/** A checkbox with its label on the same line. */
export function checkbox(id, label, checked = false) {
  const input = h(`input#${id}`, { type: 'checkbox', checked });
  return { input, row: h('div.field', h('label.check', { for: id }, input, ' ', label)) };
}

/** An error box: show(err) puts the API's message in it (role="alert"); hide() empties it. */
export function errorBox(testid) {
  const box = h('div.alert.alert-error', { role: 'alert', hidden: true, 'data-testid': testid || null });
  return {
    el: box,
    show(err) { box.textContent = (err && err.message) || String(err); box.hidden = false; },
    hide() { box.textContent = ''; box.hidden = true; },
  };
}

/**
 * A form that runs work() on submit, one at a time: the submit button is disabled meanwhile and
 * an error's message goes into the form's error box.
 */
export function actionForm(attrs, error, work, ...children) {
  const form = h('form.editor-form', { novalidate: true, ...attrs }, ...children);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const buttons = form.querySelectorAll('button[type=submit]');
    error.hide();
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await work();
    } catch (err) {
      error.show(err);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  return form;
}

/**
 * The reload-or-compare choice of an administrator's form that edits a shared record (issue 16;
 * stale.js): controls {name: control} and labels {name: label} of the fields compared; version:
 * the record's as the form was loaded; load() → the record now; valuesOf(record) → {name: text}
 * as the controls hold it (by default the record's fields); error: the form's errorBox. Returns
 * {box, attach(form) → form, save(work)}: save runs work(version to send) and, when the save is
 * refused as stale, shows the choice in box and keeps what was typed; work's result's version,
 * when it gives one, is the one the next save starts from.
 */
export function staleForm({ controls, labels, version, load, valuesOf = null, confirm = 'Lưu', error }) {
  const names = Object.keys(labels);
  const box = conflictBox();
  let form = null;
  const show = (n, v) => {
    const c = controls[n];
    const option = c.tagName === 'SELECT' ? [...c.options].find((o) => o.value === v) : null;
    return option ? option.textContent : (v == null ? '' : String(v));
  };
  const of = valuesOf || ((r) => Object.fromEntries(names.map((n) => [n, r[n] == null ? '' : String(r[n])])));
  const choice = staleChoice(box, {
    version, names, label: (n) => labels[n], show,
    read: () => Object.fromEntries(names.map((n) => [n, controls[n].value])),
    fill: (v) => { for (const n of names) controls[n].value = v[n] == null ? '' : v[n]; },
    load: async () => { const r = await load(); return { version: r.version, values: of(r) }; },
  }, { resave: () => form && form.requestSubmit(), confirm, error: (e) => error.show(e) });
  return {
    box,
    attach(f) { form = f; return f; },
    async save(work) {
      try {
        const saved = await work(choice.version);
        if (saved && typeof saved.version === 'number') choice.version = saved.version;
      } catch (e) { if (!choice.handle(e)) throw e; }
    },
  };
}

/** The file's bytes as base64 (for pkcs12Base64, crlBase64). */
export async function fileBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The one file chosen in an <input type=file>, or an Error with a Vietnamese sentence. */
export function chosenFile(input, what) {
  const file = input.files && input.files[0];
  if (!file) throw new Error(`Chưa chọn tệp ${what}.`);
  if (file.size > 4 * 1024 * 1024) throw new Error(`Tệp ${what} lớn quá 4 MB.`);
  return file;
}

export const systemNames = { state: 'Chính quyền', party: 'Đảng' };
