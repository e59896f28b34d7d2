// A document's page: its PDF (pdf.js), the buttons the server allows now, the verification of
// every signature, and the history.
import * as api from '../api.js';
import { h, append, formatDate } from '../dom.js';
import { PdfView } from '../pdfview.js';
import { actionLabels, caseFileActionLabels } from '../labels.js';
import { renderHistory } from '../history.js';
import { markSeen } from './home.js';
import { stateBadge } from './list.js';
import { renderVerification } from '../verification.js';
import { renderLongTermCopy } from '../longterm.js';
import { findTokenSigner, signWithToken } from '../tokensign.js';
import { renderRecipients, renderRecall } from './incoming.js';
import { canManageCaseFiles, chooseCaseFileFor, holdingCaseFileMeta } from './casefiles.js';
import { marks, renderAccess } from '../marks.js';
import { renderAttachments, renderComments, renderVersions } from './draftwork.js';
import { metadataPanel } from './metadata.js';
import { setUnsaved, leaveQuestion, staleChoice, conflictBox } from '../stale.js';

/**
 * A modal dialog; resolves with the form's values or null when cancelled. check(values) may return
 * a sentence that keeps the dialog open; submit(values, {version}) (async) is run before closing,
 * and its error is shown in the dialog, which stays open with what was typed.
 *
 * A dialog that edits a shared record (a case file, an assignment) gives `stale` (issue 16): its
 * submit sends the version it got ({version}), and a 409 from an older version keeps what was typed
 * and offers "Tải lại" (the saved version into the form, what was typed still shown beside it) or
 * "So sánh" (both side by side; keep either). stale: {version, names, label(name), show(name,
 * value), read() → values typed, fill(values), load() → {version, values} of the saved record}.
 * `guard` (the view's ctx): once something is typed, leaving the page or closing the dialog asks
 * first, and closing the tab asks through the browser.
 */
export function dialog({ title, text, fields = [], confirm, danger = false, extra = null, check = null, submit = null, stale = null, guard = null }) {
  return new Promise((resolve) => {
    const inputs = fields.map((fd) => fd.control);
    const error = h('p.field-error', { hidden: true, role: 'alert', 'data-testid': 'dialog-error' });
    // The refusal of a stale save and the two versions: what was typed is never dropped.
    const staleBox = stale ? conflictBox() : null;
    const ok = h(`button.btn.${danger ? 'btn-danger' : 'btn-primary'}`, { type: 'submit', value: 'ok', 'data-testid': 'dialog-confirm' }, confirm);
    let dirty = false;
    const form = h('form', { method: 'dialog' },
      h('h2', title),
      text ? (Array.isArray(text) ? text.map((t) => h('p', t)) : h('p', text)) : null,
      fields.map((fd) => h('div.field', h('label', { for: fd.control.id }, fd.label), fd.control)),
      error,
      staleBox,
      extra,
      h('div.dialog-actions',
        h('button.btn', { type: 'button', value: 'cancel', on: { click: () => cancel() } }, 'Hủy'),
        ok));
    const dlg = h('dialog.dialog', form);
    const values = () => Object.fromEntries(fields.map((fd) => [fd.name, fd.control.value.trim()]));
    const showError = (message, control = null) => {
      error.textContent = message;
      error.hidden = false;
      for (const fd of fields) fd.control.removeAttribute('aria-invalid');
      if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
    };
    /** Asked before what was typed is dropped (closing the dialog, leaving the page). */
    const mayDrop = async () => !dirty || !!(await dialog({ ...leaveQuestion,
      text: [`Những gì bạn vừa nhập trong “${title}” chưa được lưu.`, 'Nếu rời đi, chúng sẽ mất. Hãy ở lại để lưu.'] }));
    async function cancel() { if (!guard || await mayDrop()) dlg.close('cancel'); }
    dlg.addEventListener('cancel', (e) => { if (guard && dirty) { e.preventDefault(); cancel(); } }); // Escape
    if (guard) {
      form.addEventListener('input', () => {
        if (dirty) return;
        dirty = true;
        setUnsaved(true);
        guard.guardLeave(async () => {
          if (!(await mayDrop())) return false;
          dlg.close('cancel');
          return true;
        });
      });
    }

    const choice = stale ? staleChoice(staleBox, stale, { resave: () => form.requestSubmit(ok), confirm, error: (err) => showError(err.message || String(err)) }) : null;

    form.addEventListener('submit', async (e) => {
      for (const fd of fields) {
        if (fd.required && !fd.control.value.trim()) {
          e.preventDefault();
          showError(fd.required, fd.control);
          return;
        }
      }
      const problem = check ? check(values()) : null;
      if (problem) {
        e.preventDefault();
        const fd = fields.find((f) => f.name === problem.field);
        showError(problem.message || problem, fd ? fd.control : null);
        return;
      }
      if (!submit) return;
      e.preventDefault();
      ok.disabled = true;
      try {
        await submit(values(), { version: choice ? choice.version : undefined });
        dlg.close('ok');
      } catch (err) {
        if (choice && choice.handle(err)) {
          error.hidden = true;
          return;
        }
        const fd = fields.find((f) => f.name === err.field);
        showError(err.message || String(err), fd ? fd.control : null);
      } finally {
        ok.disabled = false;
      }
    });
    dlg.addEventListener('close', () => {
      const result = dlg.returnValue === 'ok' ? values() : null;
      if (guard) { guard.guardLeave(null); setUnsaved(false); }
      dlg.remove();
      resolve(result);
    });
    document.body.append(dlg);
    dlg.showModal();
    (inputs[0] || ok).focus();
  });
}

export async function renderDocument(main, ctx, id) {
  let doc;
  try {
    doc = await api.get(`/documents/${id}`);
  } catch (e) {
    if (e.status !== 404) throw e;
    main.append(h('h1', 'Không mở được văn bản'),
      h('div.alert.alert-info', 'Văn bản không tồn tại hoặc bạn không có quyền xem (ví dụ: dự thảo đã trả lại cho người soạn).'),
      h('p', h('a.btn', { href: '#/' }, 'Về danh sách')));
    return;
  }
  ctx.setTitle(doc.subject || 'Văn bản');
  markSeen(ctx.user.id, `outgoing:${id}`);
  const allowed = doc.allowedActions || [];
  const year = new Date().getFullYear();

  async function act(action) {
    let body = {};
    if (action === 'return') {
      const res = await dialog({
        title: 'Trả lại văn bản',
        text: 'Ghi rõ những điểm cần sửa để người soạn biết.',
        fields: [{ name: 'comment', label: 'Ý kiến', required: 'Xin ghi ý kiến trước khi trả lại.', control: h('textarea#return-comment', { rows: 4 }) }],
        confirm: 'Trả lại',
        // Sent while the dialog is open: a refusal is shown in it and the comment stays.
        submit: (v) => api.post(`/documents/${id}/return`, { comment: v.comment }),
      });
      if (!res) return;
      ctx.toast('Đã trả lại văn bản cho người soạn.');
      ctx.navigate('#/list/submitted'); // the document now belongs to its author
      return;
    } else if (action === 'approve') {
      if (!(await dialog({ title: 'Duyệt văn bản', text: `Duyệt “${doc.subject}”? Sau khi duyệt, người ký sẽ ký số văn bản.`, confirm: 'Duyệt' }))) return;
    } else if (action === 'sign') {
      // The signing agent on this computer (vanthu agent, docs/signing-agent.md), if it runs.
      const agent = await findTokenSigner(ctx.user.signingAgent);
      const certificates = agent ? agent.certificates : [];
      const tokenOptions = certificates.map((c, i) => h('option', { value: `token:${i}` },
        `Ký số bằng USB token: ${c.subject} (${c.token})${c.expired ? ' — đã hết hạn' : ''}`));
      if (agent && !certificates.length) {
        tokenOptions.push(h('option', { value: 'token:none' }, 'Ký số bằng USB token: chưa thấy thiết bị ký số'));
      }
      const res = await dialog({
        title: 'Ký số văn bản',
        text: [`Ký “${doc.subject}” bằng chữ ký số của ${ctx.user.fullName}.`,
          agent ? 'Chọn khóa ký: khóa lưu an toàn trên máy chủ của cơ quan, hoặc USB token của bạn (chương trình ký số trên máy sẽ hỏi mã PIN). Sau khi ký, nội dung văn bản không thay đổi được nữa.'
            : 'Khóa ký được lưu an toàn trên máy chủ của cơ quan. Sau khi ký, nội dung văn bản không thay đổi được nữa.'],
        fields: agent ? [{ name: 'method', label: 'Khóa ký', control: h('select#sign-method',
          h('option', { value: 'server' }, 'Khóa lưu trên máy chủ'), ...tokenOptions) }] : [],
        extra: agent ? null : h('p.muted.small', { 'data-testid': 'token-signing-placeholder' },
          'Ký số bằng USB token: hãy mở chương trình ký số trên máy (vanthu agent, xem hướng dẫn) rồi mở lại hộp thoại này.'),
        confirm: 'Ký số',
      });
      if (!res) return;
      if (agent && res.method.startsWith('token:')) {
        const certificate = certificates[Number(res.method.slice('token:'.length))];
        if (!certificate) {
          ctx.toast('Không thấy thiết bị ký số trên máy này. Hãy cắm USB token vào máy rồi ký lại.', 'error');
          return;
        }
        for (const b of actions.querySelectorAll('button')) b.disabled = true;
        const working = h('span.working', { role: 'status' }, 'Đang ký bằng USB token (nhập mã PIN trong hộp thoại của chương trình ký số)…');
        actions.append(working);
        try {
          await signWithToken(id, agent.signer(certificate));
          ctx.toast('Đã ký số văn bản bằng USB token.');
          ctx.navigate(`#/documents/${id}`, { replace: true });
        } catch (e) {
          ctx.toast(e.message, 'error');
          working.remove();
          for (const b of actions.querySelectorAll('button')) b.disabled = false;
        }
        return;
      }
    } else if (action === 'issue') {
      const res = await dialog({
        title: 'Cấp số và phát hành',
        text: [`Văn bản sẽ được lấy số tiếp theo trong sổ đăng ký văn bản đi năm ${year}, ghi ngày ban hành, đóng dấu số của cơ quan và phát hành.`,
          'Văn bản đã phát hành không thể sửa hay thu hồi số.'],
        confirm: 'Cấp số và phát hành',
      });
      if (!res) return;
    } else if (action === 'submit') {
      if (!(await dialog({ title: 'Trình duyệt', text: `Trình “${doc.subject}” để lãnh đạo duyệt?`, confirm: 'Trình duyệt' }))) return;
    }
    for (const b of actions.querySelectorAll('button')) b.disabled = true;
    const working = h('span.working', { role: 'status' }, action === 'sign' ? 'Đang ký…' : action === 'issue' ? 'Đang cấp số và đóng dấu…' : 'Đang xử lý…');
    actions.append(working);
    try {
      const res = await api.post(`/documents/${id}/${action}`, body);
      const done = {
        submit: 'Đã trình duyệt.', approve: 'Đã duyệt văn bản.', return: 'Đã trả lại văn bản cho người soạn.',
        sign: 'Đã ký số văn bản.',
        issue: res && res.notation ? `Đã phát hành văn bản số ${res.notation}.` : 'Đã phát hành văn bản.',
      }[action];
      ctx.toast(done || 'Xong.');
      // A returned document goes back to its author: the leader continues with the list.
      if (action === 'return') ctx.navigate('#/list/submitted');
      else ctx.navigate(`#/documents/${id}`, { replace: true });
    } catch (e) {
      working.remove();
      for (const b of actions.querySelectorAll('button')) b.disabled = false;
      if (action === 'issue' && (e.code === 'tsa-unavailable' || e.code === 'revocation-unavailable')) {
        await chooseWhenEvidenceMissing(e);
        return;
      }
      ctx.toast(e.message, 'error');
    }
  }

  /**
   * The TSA or a revocation source did not answer (issue 21 item 2): nothing was issued. The clerk
   * either leaves the letter in the issue queue (the server retries it and issues it at the
   * policy's level) or issues it now at a lower level, with a reason that is audited.
   */
  async function chooseWhenEvidenceMissing(error) {
    const choice = h('select#evidence-choice',
      h('option', { value: 'queue' }, 'Chờ: đưa vào hàng chờ, máy chủ tự thử lại và phát hành khi dịch vụ trả lời'),
      h('option', { value: 'lower' }, 'Phát hành ngay ở mức chữ ký thấp hơn chính sách ký'));
    const level = h('select#evidence-level',
      h('option', { value: 'B-T' }, 'B-T (có dấu thời gian, chưa có dữ liệu kiểm tra thu hồi)'),
      h('option', { value: 'B-B' }, 'B-B (không có dấu thời gian)'),
      h('option', { value: 'B-LT' }, 'B-LT (không có dấu thời gian cho toàn văn bản)'));
    const reason = h('textarea#evidence-reason', { rows: 3, maxlength: 1000 });
    const res = await dialog({
      title: 'Chưa phát hành được theo chính sách ký',
      text: [error.message, 'Văn bản chưa được cấp số. Chọn cách xử lý:'],
      fields: [
        { name: 'choice', label: 'Cách xử lý', control: choice },
        { name: 'level', label: 'Mức chữ ký (khi phát hành ngay)', control: level },
        { name: 'reason', label: 'Lý do phát hành ở mức thấp hơn (ghi vào nhật ký và trên văn bản)', control: reason },
      ],
      confirm: 'Xác nhận',
      check: (v) => (v.choice === 'lower' && !v.reason
        ? { field: 'reason', message: 'Hãy ghi lý do phát hành ở mức thấp hơn chính sách ký.' } : null),
      submit: (v) => (v.choice === 'queue'
        ? api.post(`/documents/${id}/issue-queue`, {})
        : api.post(`/documents/${id}/issue`, { level: v.level, reason: v.reason })),
    });
    if (!res) return;
    ctx.toast(res.choice === 'queue' ? 'Văn bản đã vào hàng chờ phát hành; máy chủ sẽ tự thử lại.'
      : `Đã phát hành văn bản ở mức ${res.level}.`);
    ctx.navigate(`#/documents/${id}`, { replace: true });
  }

  async function leaveQueue() {
    if (!(await dialog({ title: 'Bỏ khỏi hàng chờ phát hành', text: 'Máy chủ sẽ không tự thử phát hành văn bản này nữa; văn thư phát hành lại bằng tay.', confirm: 'Bỏ khỏi hàng chờ' }))) return;
    try {
      await api.del(`/documents/${id}/issue-queue`);
      ctx.toast('Đã bỏ văn bản khỏi hàng chờ phát hành.');
      ctx.navigate(`#/documents/${id}`, { replace: true });
    } catch (e) {
      ctx.toast(e.message, 'error');
    }
  }

  const actions = h('div.actions', { 'data-testid': 'actions' },
    allowed.includes('edit') ? h('a.btn', { href: `#/documents/${id}/edit`, 'data-action': 'edit' }, actionLabels.edit) : null,
    ['submit', 'return', 'approve', 'sign', 'issue'].filter((a) => allowed.includes(a)).map((a) =>
      h(`button.btn.${a === 'return' ? 'btn-warn' : 'btn-primary'}`, { type: 'button', 'data-action': a, on: { click: () => act(a) } }, actionLabels[a])),
    // Keeping case files (hồ sơ): an issued document goes into open files of the office (any number)
    // (not a step of the document's flow, so no data-action).
    doc.state === 'issued' && canManageCaseFiles(ctx.user)
      ? h('button.btn', { type: 'button', 'data-testid': 'file-into-casefile', on: { click: () => chooseCaseFileFor(ctx, 'outgoing', id) } }, caseFileActionLabels.file) : null);

  const fileName = `${doc.notation ? doc.notation.replace(/[^\p{L}\p{N}-]+/gu, '-') : `du-thao-${id}`}.pdf`;
  const meta = h('dl.meta',
    h('dt', 'Loại văn bản'), h('dd', doc.typeName || doc.typeCode),
    h('dt', 'Số, ký hiệu'), h('dd', { 'data-testid': 'notation' }, doc.notation || (doc.state === 'issued' ? String(doc.number) : 'Chưa cấp số')),
    doc.issuedDate ? [h('dt', 'Ngày ban hành'), h('dd', { 'data-testid': 'issued-date' }, formatDate(doc.issuedDate))] : null,
    h('dt', 'Người soạn'), h('dd', doc.authorName || ''),
    h('dt', 'Người ký'), h('dd', doc.signerName || ''),
    h('dt', 'Phiên bản'), h('dd', String(doc.version || 1)),
    h('dt', 'Cập nhật'), h('dd', formatDate(doc.updatedAt, true)),
    holdingCaseFileMeta(doc.caseFiles));

  const head = h('div.page-head.doc-head',
    h('div.doc-title',
      h('p.doc-kicker', doc.typeName || doc.typeCode, doc.notation ? ` · Số ${doc.notation}` : ''),
      h('h1', { 'data-testid': 'doc-subject' }, doc.subject || '(chưa có trích yếu)'),
      h('div', marks(doc), stateBadge(doc.state))),
    actions);

  const returned = doc.state === 'returned' && doc.returnComment
    ? h('div.alert.alert-warn', h('strong', 'Lãnh đạo trả lại: '), doc.returnComment) : null;
  const waiting = doc.issueQueue
    ? h('div.alert.alert-info', { 'data-testid': 'issue-queue', role: 'status' },
      h('strong', 'Đang chờ phát hành: '),
      `dịch vụ cấp dấu thời gian hoặc kiểm tra thu hồi chưa trả lời; máy chủ tự thử lại (đã thử ${doc.issueQueue.attempts} lần, lần tới ${formatDate(doc.issueQueue.nextAttemptAt, true)}).`,
      doc.issueQueue.lastError ? h('div.small', `Lần thử cuối: ${doc.issueQueue.lastError}`) : null,
      ctx.user.role === 'clerk'
        ? h('button.btn.btn-small', { type: 'button', 'data-testid': 'leave-issue-queue', on: { click: leaveQueue } }, 'Bỏ khỏi hàng chờ') : null)
    : null;
  const lowered = doc.lowerLevel
    ? h('div.alert.alert-warn', { 'data-testid': 'lower-level' },
      h('strong', `Phát hành ở mức ${doc.lowerLevel.issuedLevel} thay cho ${doc.lowerLevel.policyLevel} theo chính sách ký. `),
      `Lý do: ${doc.lowerLevel.reason} (${doc.lowerLevel.chosenBy}, ${formatDate(doc.lowerLevel.chosenAt, true)}).`)
    : null;

  const pdfHost = h('div.pdf-pages');
  const pdfMsg = h('p.preview-msg', 'Đang tải văn bản…');
  const pdfPanel = h('section.doc-pdf', { 'aria-label': 'Văn bản PDF' },
    h('div.preview-head',
      h('h2', doc.state === 'issued' ? 'Văn bản đã phát hành' : doc.state === 'signed' ? 'Văn bản đã ký' : 'Bản xem trước'),
      h('div.actions',
        h('a.btn.btn-small', { href: api.pdfUrl(id), download: fileName, title: 'Bản gốc đã ký, để kiểm tra chữ ký' }, 'Tải PDF'),
        // Bản in (NĐ 30 Phụ lục VI III.6k): each page marked with office, person and time.
        h('a.btn.btn-small', { href: `${api.pdfUrl(id)}?copy=print`, target: '_blank', rel: 'noopener', 'data-action': 'print-copy', title: 'Bản in có dấu “Bản in từ hệ thống vanthu”, đơn vị, người in và thời gian' }, 'Bản in'))),
    h('div.pdf-scroll', { tabindex: '0', role: 'region', 'aria-label': 'Các trang văn bản' }, pdfMsg, pdfHost));

  const verification = h('section.panel.verification', { 'data-testid': 'verification', 'aria-label': 'Kiểm tra chữ ký số' },
    h('h2', 'Chữ ký số'));
  const history = h('section.panel.history', { 'aria-label': 'Lịch sử xử lý' },
    h('h2', 'Lịch sử xử lý'),
    (doc.history || []).length === 0 ? h('p.muted', 'Chưa có.') :
      renderHistory(doc.history));

  const recipients = doc.state === 'issued' ? renderRecipients(id) : null;
  const recall = doc.state === 'issued' ? renderRecall(id, ctx) : null;
  append(main, [head, returned, waiting, lowered, h('div.doc-layout', pdfPanel, h('aside.doc-side', h('section.panel', h('h2', 'Thông tin'), meta),
    renderAttachments(id, doc, ctx), renderComments(`/documents/${id}`, { open: doc.state !== 'issued' }),
    renderAccess(`/documents/${id}`, { secret: !!doc.secrecy, ctx }), recipients, recall,
    metadataPanel(ctx, 'outgoing', () => id, ctx.user.role === 'clerk'
      || (['draft', 'returned'].includes(doc.state) && doc.authorId === ctx.user.id)), verification,
    doc.state === 'issued' ? renderLongTermCopy(doc.longTermCopy) : null, history)),
  renderVersions(id, doc)]);

  const view = new PdfView(pdfHost);
  ctx.onCleanup(() => view.destroy());
  (async () => {
    try {
      const res = await api.api('GET', `/documents/${id}/pdf`, undefined, { raw: true });
      await view.show(await res.arrayBuffer());
      pdfMsg.hidden = true;
    } catch (e) {
      pdfMsg.textContent = `Không hiển thị được văn bản: ${e.message}`;
    }
  })();

  if (doc.state === 'signed' || doc.state === 'issued') {
    verification.append(h('p.muted', { 'data-testid': 'verification-loading' }, 'Đang kiểm tra chữ ký…'));
    api.get(`/documents/${id}/verification`)
      .then((report) => { verification.replaceChildren(h('h2', 'Chữ ký số'), renderVerification(report, doc.state)); })
      .catch((e) => { verification.replaceChildren(h('h2', 'Chữ ký số'), h('div.alert.alert-error', `Không kiểm tra được chữ ký: ${e.message}`)); });
  } else {
    verification.append(h('p.muted', 'Văn bản chưa được ký.'));
  }
}
