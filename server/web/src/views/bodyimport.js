// "Nhập từ Word/LibreOffice": a .docx or .odt becomes the body's markup (POST /api/body-import,
// read by pandoc on the server). The markup replaces the body only after the author agrees when
// something is typed there already; what the markup cannot hold is listed under the button.
import * as api from '../api.js';
import { h, clear } from '../dom.js';

export function bodyImportControl(body) {
  const input = h('input', { type: 'file', accept: '.docx,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text', hidden: true, 'aria-label': 'Tệp Word hoặc LibreOffice' });
  const notes = h('div.import-notes', { role: 'status', 'aria-live': 'polite' });
  const button = h('button.tool', { type: 'button', on: { click: () => input.click() } }, 'Nhập từ tệp Word/ODT');
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    clear(notes);
    button.disabled = true;
    notes.append(h('p', `Đang đọc ${file.name}…`));
    try {
      const result = await api.postFile('/body-import', file);
      clear(notes);
      if (body.value.trim() && !window.confirm('Thay nội dung đang có bằng nội dung của tệp ' + file.name + '?')) {
        notes.append(h('p', 'Đã giữ nguyên nội dung đang có.'));
        return;
      }
      body.value = result.markup;
      body.dispatchEvent(new Event('input', { bubbles: true }));
      notes.append(h('p', `Đã lấy nội dung từ ${file.name}.`));
      if (result.warnings.length) {
        notes.append(h('p', 'Một số định dạng không có trong thể thức:'),
          h('ul.import-warnings', result.warnings.map((w) => h('li', w))));
      }
    } catch (e) {
      clear(notes);
      notes.append(h('p.field-error', e.message));
    } finally {
      button.disabled = false;
    }
  });
  return h('div.body-import', button, input, notes);
}
