// The incoming side (văn bản đến): the lists by state, one incoming document with its PDF, its
// signature verdict and the steps the server allows now (register, refuse, assign, start,
// forward, reply, close; a co-handler's opinion, "seen" for those informed, a leader's
// instruction), its distribution (lead, co-handlers, informed, each with their status) and the
// dated instructions, a paper letter entered from its scan, and the recipients' statuses shown on
// an issued outgoing document.
import * as api from '../api.js';
import { h, append, formatDate, datesInText } from '../dom.js';
import { PdfView } from '../pdfview.js';
import {
  incomingStateNames, incomingTabs, incomingActionLabels, channelNames, signatureStatusNames,
  caseFileActionLabels, urgencyOptions, secrecyOptions,
} from '../labels.js';
import { renderHistory } from '../history.js';
import { markSeen } from './home.js';
import { renderVerification } from '../verification.js';
import { longTermStateNote } from '../longterm.js';
import { canManageCaseFiles, chooseCaseFileFor, holdingCaseFileMeta } from './casefiles.js';
import { dialog } from './document.js';
import { marks, urgentFirst, renderAccess } from '../marks.js';
import { metadataPanel } from './metadata.js';
import { renderComments } from './draftwork.js';

export function incomingBadge(state) {
  return h(`span.badge.incoming-${state}`, { 'data-state': state }, incomingStateNames[state] || state);
}

function signatureBadge(status, channel) {
  const flagged = status === 'invalid' || (status !== 'valid' && channel !== 'paper');
  return h(`span.badge.${flagged ? 'sig-bad' : status === 'valid' ? 'sig-ok' : 'sig-none'}`,
    { 'data-signature': status }, signatureStatusNames[status] || status);
}

/** The earlier entry a possible duplicate looks like, in one line (docs/api.md, earlierEntry). */
export function earlierEntryText(e) {
  if (!e) return 'một văn bản đã có';
  const where = e.kind === 'imported'
    ? 'văn bản đến đã nhập từ hệ thống cũ'
    : e.arrivalNumber ? `văn bản đến số ${e.arrivalNumber} ngày ${formatDate(e.arrivalDate)}`
      : `văn bản đến chưa vào sổ, nhận lúc ${formatDate(e.receivedAt, true)}`;
  const how = e.match === 'identifier' ? 'cùng mã định danh văn bản' : `cùng cơ quan ban hành, số và ký hiệu ${e.notation || ''}`.trim();
  return `${where} (${e.senderName || ''}${e.subject ? `: ${e.subject}` : ''}) — ${how}`;
}

function earlierEntryLink(e) {
  const text = earlierEntryText(e);
  return e && e.kind === 'incoming' ? h('a', { href: `#/incoming/${e.id}`, 'data-testid': 'earlier-entry' }, text) : h('span', { 'data-testid': 'earlier-entry' }, text);
}

/** Asks the clerk why a possible duplicate is entered or registered all the same. */
function askDuplicateReason(earlier, what) {
  return dialog({ title: 'Văn bản có thể trùng', confirm: what === 'enter' ? 'Vẫn nhập' : 'Vẫn vào sổ',
    text: [`Văn bản này có thể trùng với ${earlierEntryText(earlier)}.`,
      'Nếu đúng là văn bản khác, hoặc vẫn cần nhận, hãy ghi lý do; lý do được lưu cùng văn bản và trong lịch sử.'],
    fields: [{ name: 'duplicateReason', label: 'Lý do vẫn nhận', required: 'Xin ghi lý do vẫn nhận văn bản có thể trùng.',
      control: h('textarea#duplicate-reason', { rows: 3 }) }] });
}

/** Today in Vietnam time as an ISO date, plus days. */
function isoDay(plusDays = 0) {
  const d = new Date(Date.now() + 7 * 3600_000 + plusDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

export async function renderIncomingList(main, ctx, tabKey) {
  const mine = tabKey === 'mine';
  const tab = mine
    ? { key: 'mine', title: 'Việc tôi xử lý', states: ['assigned', 'in_progress'], empty: 'Bạn không có văn bản đến nào đang phải xử lý.' }
    : incomingTabs.find((t) => t.key === tabKey) || incomingTabs[0];
  ctx.setTitle(`Văn bản đến — ${tab.title}`);
  const head = h('div.page-head', h('h1', `Văn bản đến: ${tab.title}`),
    ctx.user.role === 'clerk' ? h('a.btn.btn-primary', { href: '#/incoming/new', 'data-testid': 'enter-paper' }, '+ Nhập văn bản giấy') : null);
  const tabsBar = h('nav.tabs', { 'aria-label': 'Trạng thái' },
    incomingTabs.map((t) => h('a.tab', { href: `#/incoming?tab=${t.key}`, class: t.key === tab.key ? 'active' : '', 'data-tab': t.key }, t.title)));
  main.append(head);
  if (!mine) main.append(tabsBar);
  const lists = await Promise.all(tab.states.map((s) => api.get(`/incoming?state=${s}${mine ? '&mine=1' : ''}`)));
  // Hỏa tốc, thượng khẩn, khẩn first (III.1d), each newest first.
  const docs = urgentFirst(lists.flat().sort((a, b) => (b.receivedAt || '').localeCompare(a.receivedAt || '')));
  if (docs.length === 0) {
    main.append(h('div.empty', h('p', tab.empty)));
    return;
  }
  main.append(h('table.doc-table', { 'data-testid': 'incoming-list' },
    h('thead', h('tr', h('th', 'Trích yếu'), h('th', 'Cơ quan gửi'), h('th', 'Số, ký hiệu'), h('th', 'Trạng thái'),
      mine ? h('th', 'Phần việc của tôi') : null, h('th', 'Số đến'), h('th', 'Hạn xử lý'), h('th', 'Chữ ký số'))),
    h('tbody', docs.map((d) => {
      const href = `#/incoming/${d.id}`;
      return h('tr.clickable', { 'data-id': d.id, on: { click: (e) => { if (!e.target.closest('a')) ctx.navigate(href); } } },
        h('td.subject', marks(d), h('a', { href }, h('span.type', d.typeName || ''), ' ', d.subject)),
        h('td', { 'data-label': 'Cơ quan gửi' }, d.senderName),
        h('td', { 'data-label': 'Số, ký hiệu' }, d.notation || '—'),
        h('td', { 'data-label': 'Trạng thái' }, incomingBadge(d.state),
          d.possibleDuplicate ? [' ', h('span.badge.sig-bad', { 'data-testid': 'possible-duplicate' }, 'Có thể trùng')] : null),
        mine ? h('td', { 'data-label': 'Phần việc của tôi', 'data-testid': 'my-part', 'data-role': d.myRole, 'data-status': d.myStatus },
          d.myRoleLabel ? `${d.myRoleLabel} · ${d.myStatusLabel}` : '—') : null,
        h('td', { 'data-label': 'Số đến' }, d.arrivalNumber ? String(d.arrivalNumber) : '—'),
        h('td', { 'data-label': 'Hạn xử lý' }, formatDate(d.deadline)),
        h('td', { 'data-label': 'Chữ ký số' }, signatureBadge(d.signatureStatus, d.channel)));
    }))));
}

/** The people of the office who can handle a document (not administrators). */
async function colleagues(ctx) {
  const users = await api.get(`/users?officeId=${ctx.user.officeId}`);
  return users.filter((u) => u.role !== 'administrator');
}

function userSelect(id, users, { except = null, empty = null } = {}) {
  return h(`select#${id}`, empty ? h('option', { value: '' }, empty) : null,
    users.filter((u) => u.id !== except).map((u) => h('option', { value: String(u.id) }, `${u.fullName} — ${u.title || u.role}`)));
}

export async function renderIncoming(main, ctx, id) {
  let doc;
  try {
    doc = await api.get(`/incoming/${id}`);
  } catch (e) {
    if (e.status !== 404) throw e;
    main.append(h('h1', 'Không mở được văn bản đến'),
      h('div.alert.alert-info', 'Văn bản không tồn tại hoặc bạn không có quyền xem (chuyên viên chỉ xem văn bản mình được giao).'),
      h('p', h('a.btn', { href: '#/incoming' }, 'Về danh sách')));
    return;
  }
  ctx.setTitle(doc.subject || 'Văn bản đến');
  markSeen(ctx.user.id, `incoming:${id}`);
  const allowed = doc.allowedActions || [];

  // send(body): posts the step while its dialog is still open, so a refusal is shown in the dialog
  // and what was typed stays.
  async function ask(action, send) {
    if (action === 'register') {
      const dup = doc.duplicate;
      const needsReason = dup && !dup.reason;
      return dialog({ title: 'Vào sổ văn bản đến', confirm: 'Vào sổ',
        text: ['Văn bản sẽ được lấy số đến tiếp theo trong sổ đăng ký văn bản đến năm nay (chung cho văn bản giấy và điện tử), ngày đến là hôm nay.',
          doc.signatureStatus === 'invalid' ? 'Lưu ý: chữ ký số của văn bản không hợp lệ. Nên từ chối nhận và báo lại nơi gửi.' : '',
          needsReason ? `Lưu ý: văn bản này có thể trùng với ${earlierEntryText(dup.earlier)}. Nếu vẫn vào sổ, hãy ghi lý do; nếu trùng thật, hãy từ chối nhận.` : ''].filter(Boolean),
        fields: needsReason ? [{ name: 'duplicateReason', label: 'Lý do vẫn vào sổ', required: 'Xin ghi lý do vẫn vào sổ văn bản có thể trùng.',
          control: h('textarea#duplicate-reason', { rows: 3 }) }] : [] });
    }
    if (action === 'refuse') {
      return dialog({ title: 'Từ chối nhận văn bản', confirm: 'Từ chối', danger: true, submit: send,
        text: 'Lý do sẽ được gửi lại cho cơ quan gửi.',
        fields: [{ name: 'reason', label: 'Lý do', required: 'Xin ghi lý do từ chối.',
          control: h('textarea#refuse-reason', { rows: 3 }, doc.signatureStatus === 'invalid' ? 'Chữ ký số của văn bản không hợp lệ.' : '') }] });
    }
    if (action === 'recall-agree') {
      return dialog({ title: 'Đồng ý thu hồi văn bản', confirm: 'Đồng ý thu hồi', danger: true, submit: send,
        text: 'Nội dung bản nhận (tệp PDF và tệp đính kèm) sẽ bị hủy; thông tin văn bản và lịch sử được giữ lại. Trạng thái 15 được gửi lại nơi gửi.',
        fields: [{ name: 'note', label: 'Ghi chú', control: h('textarea#recall-note', { rows: 2 }) }] });
    }
    if (action === 'recall-refuse') {
      return dialog({ title: 'Từ chối thu hồi văn bản', confirm: 'Từ chối thu hồi', submit: send,
        text: 'Lý do sẽ được gửi lại cho cơ quan gửi (trạng thái 16).',
        fields: [{ name: 'reason', label: 'Lý do', required: 'Xin ghi lý do từ chối thu hồi.',
          control: h('textarea#recall-refuse-reason', { rows: 3 }) }] });
    }
    if (action === 'assign') {
      const users = await colleagues(ctx);
      // Co-handlers and people informed: several may be chosen (Ctrl/⌘ + click).
      const co = h('select#assign-co', { multiple: true, size: 4 },
        users.map((u) => h('option', { value: String(u.id) }, `${u.fullName} — ${u.title || u.role}`)));
      const informed = h('select#assign-informed', { multiple: true, size: 4 },
        users.map((u) => h('option', { value: String(u.id) }, `${u.fullName} — ${u.title || u.role}`)));
      const assignee = userSelect('assign-user', users, { empty: '— Giao cho đơn vị —' });
      const unit = h('input#assign-unit', { type: 'text', placeholder: 'Ví dụ: Ban Tổ chức' });
      const deadline = h('input#assign-deadline', { type: 'date' });
      const instructions = h('textarea#assign-instructions', { rows: 3 });
      const chosen = (select) => [...select.selectedOptions].map((o) => Number(o.value));
      const choose = (select, ids) => { for (const o of select.options) o.selected = ids.includes(Number(o.value)); };
      // The distribution as the server has it (a re-assignment starts from it).
      const valuesOf = (d) => {
        const inRole = (role) => (d.handlers || []).filter((x) => x.role === role).map((x) => x.userId);
        return { assigneeId: d.assigneeId ? String(d.assigneeId) : '', unit: d.assignedUnit || '', deadline: d.deadline || '',
          coHandlerIds: inRole('co'), informedIds: inRole('informed'), instructions: '' };
      };
      const read = () => ({ assigneeId: assignee.value, unit: unit.value, deadline: deadline.value,
        coHandlerIds: chosen(co), informedIds: chosen(informed), instructions: instructions.value });
      const fill = (v) => {
        assignee.value = v.assigneeId; unit.value = v.unit; deadline.value = v.deadline;
        choose(co, v.coHandlerIds); choose(informed, v.informedIds); instructions.value = v.instructions;
      };
      fill({ ...valuesOf(doc), deadline: doc.deadline || doc.dueDate || isoDay(7) });
      const labels = { assigneeId: 'Người xử lý', unit: 'Đơn vị xử lý', deadline: 'Hạn xử lý', coHandlerIds: 'Phối hợp', informedIds: 'Để biết', instructions: 'Ý kiến chỉ đạo' };
      const nameOf = (uid) => (users.find((u) => u.id === Number(uid)) || {}).fullName || String(uid);
      const body = (v, version) => ({ assigneeId: v.assigneeId ? Number(v.assigneeId) : undefined, unit: v.unit,
        deadline: v.deadline, instructions: v.instructions, coHandlerIds: chosen(co), informedIds: chosen(informed), version });
      const res = await dialog({ title: 'Giao xử lý', confirm: 'Giao xử lý', guard: ctx,
        check: (v) => (v.assigneeId || v.unit ? null : { field: 'assigneeId', message: 'Xin chọn người xử lý, hoặc ghi đơn vị xử lý.' }),
        submit: (v, { version }) => send(body(v, version)),
        fields: [
          { name: 'assigneeId', label: 'Người xử lý', control: assignee },
          { name: 'unit', label: 'Hoặc đơn vị xử lý', control: unit },
          { name: 'deadline', label: 'Hạn xử lý', required: 'Xin chọn hạn xử lý.', control: deadline },
          { name: 'coHandlerIds', label: 'Phối hợp (có thể chọn nhiều người)', control: co },
          { name: 'informedIds', label: 'Để biết (có thể chọn nhiều người)', control: informed },
          { name: 'instructions', label: 'Ý kiến chỉ đạo', control: instructions },
        ],
        stale: {
          version: doc.assignmentVersion || 0,
          names: Object.keys(labels),
          label: (n) => labels[n],
          show: (n, v) => (n === 'assigneeId' ? (v ? nameOf(v) : '—')
            : Array.isArray(v) ? v.map(nameOf).join(', ') : n === 'deadline' ? formatDate(v) : v || ''),
          read, fill,
          load: async () => { const d = await api.get(`/incoming/${id}`); return { version: d.assignmentVersion || 0, values: valuesOf(d) }; },
        } });
      return res ? body(res) : null;
    }
    if (action === 'forward') {
      const users = await colleagues(ctx);
      const res = await dialog({ title: 'Chuyển cho người khác xử lý', confirm: 'Chuyển',
        check: (v) => (v.userId ? null : { field: 'userId', message: 'Xin chọn người nhận.' }),
        submit: (v) => send({ ...v, userId: Number(v.userId) }),
        fields: [
          { name: 'userId', label: 'Chuyển cho', control: userSelect('forward-user', users, { except: ctx.user.id }) },
          { name: 'note', label: 'Ghi chú', control: h('textarea#forward-note', { rows: 2 }) },
        ] });
      return res ? { ...res, userId: Number(res.userId) } : null;
    }
    if (action === 'contribute') {
      return dialog({ title: 'Ý kiến phối hợp', confirm: 'Gửi ý kiến', submit: send,
        text: `Ý kiến của bạn được gửi đến người chủ trì (${doc.assigneeName || doc.assignedUnit || ''}) và lưu trong lịch sử xử lý.`,
        fields: [{ name: 'note', label: 'Ý kiến', required: 'Xin ghi ý kiến phối hợp.', control: h('textarea#contribute-note', { rows: 4 }) }] });
    }
    if (action === 'instruct') {
      return dialog({ title: 'Cho ý kiến chỉ đạo', confirm: 'Ghi ý kiến', submit: send,
        text: 'Ý kiến được thêm vào các ý kiến chỉ đạo trước (không thay thế), có ngày giờ và người cho ý kiến, và được báo lại nơi gửi.',
        fields: [{ name: 'text', label: 'Ý kiến chỉ đạo', required: 'Xin ghi ý kiến chỉ đạo.', control: h('textarea#instruct-text', { rows: 4 }) }] });
    }
    if (action === 'close') {
      // A drafted reply closes the letter only once issued; closing before means none is needed.
      const pendingReply = doc.reply && doc.reply.state !== 'issued';
      if (pendingReply) {
        const res = await dialog({ title: 'Kết thúc xử lý (không cần trả lời)', confirm: 'Kết thúc',
          submit: (v) => send({ ...v, noReplyNeeded: true }),
          text: ['Văn bản trả lời chưa được ban hành; nơi gửi chỉ được báo “đã xử lý xong” khi văn bản trả lời đã ban hành.',
            'Nếu văn bản này không cần trả lời nữa, hãy ghi lý do rồi kết thúc; dự thảo vẫn được giữ.'],
          fields: [{ name: 'note', label: 'Lý do không cần trả lời', required: 'Xin ghi lý do không cần trả lời.', control: h('textarea#close-note', { rows: 3 }) }] });
        return res ? { ...res, noReplyNeeded: true } : null;
      }
      return dialog({ title: 'Kết thúc xử lý', confirm: 'Kết thúc', submit: send,
        text: doc.reply ? `Văn bản trả lời: ${doc.reply.notation || 'dự thảo'}.` : 'Văn bản chưa có văn bản trả lời.',
        fields: [{ name: 'note', label: 'Kết quả xử lý', control: h('textarea#close-note', { rows: 3 }) }] });
    }
    if (action === 'reply') {
      const users = (await colleagues(ctx)).filter((u) => u.role === 'leader');
      const types = await api.get('/document-types');
      const res = await dialog({ title: 'Soạn văn bản trả lời', confirm: 'Tạo dự thảo',
        text: `Dự thảo sẽ gửi đến ${doc.senderName} và được ghi là trả lời văn bản ${doc.notation || 'này'}.`,
        fields: [
          { name: 'typeCode', label: 'Loại văn bản', control: h('select#reply-type', types.map((t) => h('option', { value: t.code, selected: t.code === 'CV' }, t.name))) },
          { name: 'subject', label: 'Trích yếu', required: 'Xin ghi trích yếu.', control: h('input#reply-subject', { type: 'text', value: `trả lời văn bản ${doc.notation || ''}`.trim() }) },
          { name: 'signerId', label: 'Người ký', control: userSelect('reply-signer', users) },
        ] });
      if (!res) return null;
      const system = ctx.office && ctx.office.system;
      return {
        typeCode: res.typeCode, subject: res.subject, signerId: Number(res.signerId),
        body: `Thực hiện văn bản số ${doc.notation || ''} của ${doc.senderName}, `,
        distribution: ['Như trên;', system === 'party' ? 'Lưu Văn phòng.' : 'Lưu: VT.'],
        draftingUnit: system === 'party' ? '' : 'VP',
      };
    }
    return {};
  }

  async function act(action) {
    let res;
    let sent = false;
    const send = async (b) => { res = await api.post(`/incoming/${id}/${action}`, b); sent = true; };
    const body = await ask(action, send);
    if (!body) return;
    for (const b of actions.querySelectorAll('button')) b.disabled = true;
    try {
      try {
        if (!sent) res = await api.post(`/incoming/${id}/${action}`, body);
      } catch (e) {
        // An earlier entry found only now (it came after this letter was opened): ask why.
        if (action !== 'register' || !e.details || !e.details.duplicateOf) throw e;
        const why = await askDuplicateReason(e.details.duplicateOf, 'register');
        if (!why) { for (const b of actions.querySelectorAll('button')) b.disabled = false; return; }
        res = await api.post(`/incoming/${id}/${action}`, why);
      }
      if (action === 'reply') {
        ctx.toast('Đã tạo dự thảo trả lời.');
        ctx.navigate(`#/documents/${res.id}/edit`);
        return;
      }
      ctx.toast({
        register: res.arrivalNumber ? `Đã vào sổ, số đến ${res.arrivalNumber}.` : 'Đã vào sổ.',
        refuse: 'Đã từ chối; lý do đã gửi lại nơi gửi.', assign: 'Đã giao xử lý.', start: 'Đã bắt đầu xử lý.',
        forward: 'Đã chuyển văn bản; bạn vẫn xem được văn bản này.', close: 'Đã kết thúc xử lý.',
        contribute: 'Đã gửi ý kiến phối hợp.', acknowledge: 'Đã đánh dấu đã xem.', instruct: 'Đã ghi ý kiến chỉ đạo.',
        'recall-agree': 'Đã thu hồi; nội dung bản nhận đã hủy.', 'recall-refuse': 'Đã từ chối thu hồi; lý do đã gửi lại nơi gửi.',
      }[action] || 'Xong.');
      ctx.navigate(action === 'forward' ? '#/incoming?tab=open' : `#/incoming/${id}`, { replace: true });
    } catch (e) {
      ctx.toast(e.message, 'error');
      for (const b of actions.querySelectorAll('button')) b.disabled = false;
    }
  }

  const order = ['recall-refuse', 'register', 'assign', 'instruct', 'start', 'reply', 'contribute', 'acknowledge', 'forward', 'close'];
  const destructive = ['refuse', 'recall-agree']; // set apart after the others, outlined in red
  const filable = !['arrived', 'refused'].includes(doc.state) && canManageCaseFiles(ctx.user);
  const stepButton = (a, cls) => h(`button.btn${cls}`, { type: 'button', 'data-action': a, on: { click: () => act(a) } }, incomingActionLabels[a]);
  const dangers = destructive.filter((a) => allowed.includes(a));
  const actions = h('div.actions', { 'data-testid': 'actions' },
    order.filter((a) => allowed.includes(a)).map((a) => stepButton(a, ['forward', 'recall-refuse', 'instruct'].includes(a) ? '' : '.btn-primary')),
    // Keeping case files (hồ sơ): a registered letter goes into open files of the office (any number).
    filable ? h('button.btn', { type: 'button', 'data-testid': 'file-into-casefile', on: { click: () => chooseCaseFileFor(ctx, 'incoming', id) } }, caseFileActionLabels.file) : null,
    dangers.length ? h('div.actions-danger', dangers.map((a) => stepButton(a, '.btn-danger-outline'))) : null);

  const flagged = doc.signatureStatus === 'invalid' || (doc.signatureStatus !== 'valid' && doc.channel !== 'paper');
  const head = h('div.page-head.doc-head',
    h('div.doc-title',
      h('p.doc-kicker', 'Văn bản đến · ', doc.senderName),
      h('h1', { 'data-testid': 'doc-subject' }, doc.subject),
      h('div', marks(doc), incomingBadge(doc.state), ' ', signatureBadge(doc.signatureStatus, doc.channel),
        doc.myRole ? [' ', h('span.badge.my-part', { 'data-testid': 'my-part', 'data-role': doc.myRole, 'data-status': doc.myStatus },
          `${doc.myRoleLabel}: ${doc.myStatusLabel}`)] : null)),
    actions);
  const alert = flagged
    ? h('div.alert.alert-error', { 'data-testid': 'signature-flag' }, h('strong', 'Cảnh báo: '),
      doc.signatureStatus === 'invalid' ? 'chữ ký số của văn bản không hợp lệ (văn bản có thể đã bị sửa, hoặc chứng thư không tin cậy).' : 'văn bản điện tử không có chữ ký số.',
      ' Có thể từ chối nhận và báo lại nơi gửi.')
    : null;
  const refused = doc.state === 'refused' ? h('div.alert.alert-warn', h('strong', 'Đã từ chối: '), doc.refuseReason) : null;
  const dup = doc.duplicate;
  const duplicateAlert = dup
    ? h('div.alert.alert-warn', { 'data-testid': 'duplicate' }, h('strong', 'Có thể trùng: '),
      dup.earlier ? ['văn bản này giống ', earlierEntryLink(dup.earlier), '.'] : 'văn bản này giống một văn bản đã có của cơ quan.',
      dup.reason ? [' ', h('span', { 'data-testid': 'duplicate-reason' }, `Lý do vẫn nhận: ${dup.reason}`)] : ' Văn thư quyết định khi vào sổ (ghi lý do nếu vẫn vào sổ).')
    : null;
  const recall = doc.recallDetails || {};
  const recallAlert = doc.recall
    ? h(`div.alert.${['recalled', 'replaced'].includes(doc.recall) ? 'alert-error' : 'alert-warn'}`, { 'data-testid': 'recall', 'data-recall': doc.recall },
      h('strong', `${doc.recallLabel}: `), recall.reason || '',
      recall.answer ? ` — ${recall.answer}` : '')
    : null;

  const meta = h('dl.meta',
    h('dt', 'Cơ quan gửi'), h('dd', doc.senderName),
    h('dt', 'Số, ký hiệu'), h('dd', { 'data-testid': 'incoming-notation' }, doc.notation || '—'),
    h('dt', 'Ngày ban hành'), h('dd', formatDate(doc.issuedDate)),
    h('dt', 'Loại văn bản'), h('dd', doc.typeName || doc.typeCode || ''),
    h('dt', 'Người ký'), h('dd', [doc.signerPosition, doc.signerName].filter(Boolean).join(' ')),
    h('dt', 'Đường đến'), h('dd', channelNames[doc.channel] || doc.channel),
    h('dt', 'Thời điểm đến'), h('dd', formatDate(doc.receivedAt, true)),
    h('dt', 'Số đến'), h('dd', { 'data-testid': 'arrival-number' }, doc.arrivalNumber ? `${doc.arrivalNumber} (ngày ${formatDate(doc.arrivalDate)})` : 'Chưa vào sổ'),
    doc.dueDate ? [h('dt', 'Hạn trả lời (nơi gửi đề nghị)'), h('dd', formatDate(doc.dueDate))] : null,
    doc.issuedAmount ? [h('dt', 'Số lượng bản phát hành'), h('dd', String(doc.issuedAmount))] : null,
    doc.pageAmount ? [h('dt', 'Số trang'), h('dd', String(doc.pageAmount))] : null,
    doc.language ? [h('dt', 'Ngôn ngữ'), h('dd', doc.language)] : null,
    doc.description ? [h('dt', 'Ghi chú'), h('dd', doc.description)] : null,
    doc.assigneeName || doc.assignedUnit ? [
      h('dt', 'Người xử lý'), h('dd', { 'data-testid': 'assignee' }, [doc.assigneeName, doc.assignedUnit].filter(Boolean).join(', ')),
      h('dt', 'Hạn xử lý'), h('dd', { 'data-testid': 'deadline' }, formatDate(doc.deadline)),
      h('dt', 'Người giao'), h('dd', doc.assignedByName || ''),
      doc.instructions && !(doc.instructionHistory || []).length ? [h('dt', 'Ý kiến chỉ đạo'), h('dd', doc.instructions)] : null,
    ] : null,
    doc.reply ? [h('dt', 'Văn bản trả lời'), h('dd', { 'data-testid': 'reply' },
      h('a', { href: `#/documents/${doc.reply.id}` }, doc.reply.notation || `Dự thảo: ${doc.reply.subject}`),
      ' — ', doc.reply.state === 'issued' ? 'đã phát hành' : 'đang soạn')] : null,
    doc.doneNote ? [h('dt', 'Kết quả'), h('dd', doc.doneNote)] : null,
    (doc.attachments || []).length ? [h('dt', 'Tệp đính kèm'), h('dd', doc.attachments.map((a) =>
      h('div', h('a', { href: `/api/incoming/${id}/attachments/${a.index}`, download: a.name }, a.name))))] : null,
    holdingCaseFileMeta(doc.caseFiles));

  const pdfHost = h('div.pdf-pages');
  const pdfMsg = h('p.preview-msg', 'Đang tải văn bản…');
  const pdfPanel = h('section.doc-pdf', { 'aria-label': 'Văn bản PDF' },
    h('div.preview-head', h('h2', doc.channel === 'paper' ? 'Bản quét' : 'Văn bản điện tử'),
      h('div.actions',
        h('a.btn.btn-small', { href: `/api/incoming/${id}/pdf`, download: `van-ban-den-${id}.pdf`, title: 'Bản gốc, để kiểm tra chữ ký' }, 'Tải PDF'),
        h('a.btn.btn-small', { href: `/api/incoming/${id}/pdf?copy=print`, target: '_blank', rel: 'noopener', 'data-action': 'print-copy', title: 'Bản in có dấu “Bản in từ hệ thống vanthu”, đơn vị, người in và thời gian' }, 'Bản in'))),
    h('div.pdf-scroll', { tabindex: '0', role: 'region', 'aria-label': 'Các trang văn bản' }, pdfMsg, pdfHost));
  const verification = h('section.panel.verification', { 'data-testid': 'verification', 'aria-label': 'Kiểm tra chữ ký số' },
    h('h2', 'Chữ ký số (kiểm tra khi văn bản đến)'),
    doc.signatureReport && (doc.signatureReport.signatures || []).length
      ? renderVerification(doc.signatureReport, 'issued') : h('p.muted', signatureStatusNames[doc.signatureStatus] || ''));
  // Issue 21 item 3: the received bytes stay as they came; the long-term copy beside them has the
  // validation data and this office's document time-stamp. Each with its level.
  const copy = doc.longTermCopy;
  const longTerm = copy
    ? h('section.panel.long-term', { 'data-testid': 'long-term-copy', 'data-state': copy.state, 'aria-label': 'Bản lưu trữ dài hạn' },
      h('h2', 'Bản lưu trữ dài hạn'),
      h('dl.meta',
        h('dt', 'Bản nhận được'), h('dd', { 'data-level': copy.originalLevel }, copy.originalLevel || 'chưa rõ', ' (giữ nguyên)'),
        h('dt', 'Bản lưu trữ'), h('dd', { 'data-level': copy.level }, copy.made ? copy.level || 'chưa rõ' : 'chưa có'),
        copy.made ? [h('dt', 'Dấu thời gian hết hạn'), h('dd', formatDate(copy.expiresAt, true)),
          h('dt', 'Số lần gia hạn'), h('dd', String(copy.renewals))] : null),
      copy.made && longTermStateNote(copy)
        ? h('p.small', { 'data-testid': 'long-term-state', 'data-state': copy.state }, `Bản lưu trữ${longTermStateNote(copy)}.`)
        : null,
      copy.lastError ? h('p.small.muted', { role: 'status' }, `Lần thử cuối chưa được: ${copy.lastError} Máy chủ sẽ thử lại.`) : null)
    : null;
  const history = h('section.panel.history', { 'aria-label': 'Lịch sử xử lý' }, h('h2', 'Lịch sử xử lý'),
    renderHistory(doc.history));
  const handlers = (doc.handlers || []).length
    ? h('section.panel.distribution', { 'aria-label': 'Phân phối xử lý' }, h('h2', 'Phân phối xử lý'),
      h('ul.handlers', { 'data-testid': 'handlers' }, doc.handlers.map((x) => h('li', { 'data-user-id': x.userId, 'data-role': x.role, 'data-status': x.status },
        h('strong', x.name), ` — ${x.roleLabel}: `, h('span.handler-status', x.statusLabel),
        x.note ? h('div.small', x.role === 'co' ? 'Ý kiến: ' : 'Ghi chú: ', x.note) : null))))
    : null;
  const instructions = (doc.instructionHistory || []).length
    ? h('section.panel.instructions', { 'aria-label': 'Ý kiến chỉ đạo' }, h('h2', 'Ý kiến chỉ đạo'),
      h('ol.instruction-list', { 'data-testid': 'instructions' }, doc.instructionHistory.map((i) => h('li', { 'data-id': i.id },
        h('div.muted.small', `${formatDate(i.givenAt, true)} · ${i.authorName || ''}`), h('div', i.text)))))
    : null;
  append(main, [head, alert, refused, duplicateAlert, recallAlert, h('div.doc-layout', pdfPanel,
    h('aside.doc-side', h('section.panel', h('h2', 'Thông tin'), meta), handlers, instructions,
      renderComments(`/incoming/${id}`, { open: (doc.allowedActions || []).includes('comment'), noun: 'Ý kiến' }),
      renderAccess(`/incoming/${id}`, { secret: !!doc.secrecy, ctx }),
      metadataPanel(ctx, 'incoming', () => id, ['clerk', 'leader'].includes(ctx.user.role)), verification, longTerm, history))]);

  const view = new PdfView(pdfHost);
  ctx.onCleanup(() => view.destroy());
  try {
    const res = await api.api('GET', `/incoming/${id}/pdf`, undefined, { raw: true });
    await view.show(await res.arrayBuffer());
    pdfMsg.hidden = true;
  } catch (e) {
    pdfMsg.textContent = `Không hiển thị được văn bản: ${e.message}`;
  }
}

function fileAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Không đọc được tệp.'));
    reader.readAsDataURL(file);
  });
}

/** A clerk enters a paper letter: its metadata and the scan (PDF). */
export async function renderPaperLetter(main, ctx) {
  ctx.setTitle('Nhập văn bản giấy đến');
  const types = await api.get('/document-types').catch(() => []);
  const field = (name, label, control) => h('div.field', h('label', { for: `p-${name}` }, label), control);
  const input = (name, attrs = {}) => h(`input#p-${name}`, { type: 'text', name, ...attrs });
  const error = h('p.field-error', { hidden: true });
  // Shown when the server finds an earlier entry it looks like (409 with duplicateOf).
  const duplicateBox = h('div.alert.alert-warn', { 'data-testid': 'paper-duplicate', hidden: true });
  const reasonField = h('div.field', { hidden: true }, h('label', { for: 'p-duplicateReason' }, 'Lý do vẫn nhập'),
    h('textarea#p-duplicateReason', { name: 'duplicateReason', rows: 3 }));
  const form = h('form.paper-form', { 'data-testid': 'paper-form' },
    field('senderName', 'Cơ quan gửi', input('senderName', { required: true })),
    field('notation', 'Số, ký hiệu', input('notation', { placeholder: '215/SNV-CCHC' })),
    field('issuedDate', 'Ngày ban hành', input('issuedDate', { type: 'date' })),
    field('typeCode', 'Loại văn bản', h('select#p-typeCode', { name: 'typeCode' }, h('option', { value: '' }, '—'),
      types.map((t) => h('option', { value: t.code }, t.name)))),
    field('subject', 'Trích yếu', input('subject', { required: true })),
    field('signerName', 'Người ký', input('signerName')),
    field('dueDate', 'Hạn trả lời (nếu có)', input('dueDate', { type: 'date' })),
    // Phần II metadata (NĐ 30 Phụ lục VI): lengths checked by the server, named in its message.
    field('issuedAmount', 'Số lượng bản phát hành', input('issuedAmount', { type: 'number', min: 1, max: 999, step: 1 })),
    field('pageAmount', 'Số trang', input('pageAmount', { type: 'number', min: 1, max: 999, step: 1, placeholder: 'Để trống: đếm từ bản quét' })),
    field('language', 'Ngôn ngữ', input('language', { placeholder: 'Tiếng Việt' })),
    field('description', 'Ghi chú', input('description')),
    field('urgency', 'Độ khẩn', h('select#p-urgency', { name: 'urgency' }, urgencyOptions.map(([value, label]) => h('option', { value }, label)))),
    field('secrecy', 'Độ mật', h('select#p-secrecy', { name: 'secrecy' }, secrecyOptions.map(([value, label]) => h('option', { value }, label)))),
    field('scan', 'Bản quét (PDF)', h('input#p-scan', { type: 'file', name: 'scan', accept: 'application/pdf', required: true })),
    duplicateBox,
    reasonField,
    error,
    h('div.actions', h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'paper-submit' }, 'Nhập văn bản')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    const file = form.elements.scan.files[0];
    if (!file) { error.textContent = 'Xin chọn tệp PDF bản quét.'; error.hidden = false; return; }
    try {
      const body = { senderName: v.senderName, notation: v.notation, issuedDate: v.issuedDate, typeCode: v.typeCode,
        subject: v.subject, signerName: v.signerName, dueDate: v.dueDate, urgency: v.urgency, secrecy: v.secrecy,
        issuedAmount: Number(v.issuedAmount) || 0, pageAmount: Number(v.pageAmount) || 0,
        language: (v.language || '').trim(), description: (v.description || '').trim(),
        pdfBase64: await fileAsBase64(file) };
      if (!reasonField.hidden) {
        if (!(v.duplicateReason || '').trim()) {
          error.textContent = 'Xin ghi lý do vẫn nhập văn bản có thể trùng.';
          error.hidden = false;
          return;
        }
        body.duplicateReason = v.duplicateReason.trim();
      }
      const doc = await api.post('/incoming', body);
      ctx.toast('Đã nhập văn bản giấy; hãy vào sổ.');
      ctx.navigate(`#/incoming/${doc.id}`);
    } catch (err) {
      if (err.details && err.details.duplicateOf) {
        duplicateBox.replaceChildren(h('strong', 'Có thể trùng: '), 'văn bản này giống ', earlierEntryLink(err.details.duplicateOf),
          '. Nếu vẫn nhập, hãy ghi lý do rồi bấm “Nhập văn bản” lần nữa.');
        duplicateBox.hidden = false;
        reasonField.hidden = false;
        form.elements.duplicateReason.focus();
        error.hidden = true;
        return;
      }
      error.textContent = err.message;
      error.hidden = false;
    }
  });
  main.append(h('div.page-head', h('h1', 'Nhập văn bản giấy đến')), form);
}

/** On an issued outgoing document: each recipient with its channel, status and times. */
/** How the package travels (waiting, at the peer, at the national axis and whether the receiver
 * took it), shown apart from the business statuses (docs/exchange.md). */
function deliveryLine(d) {
  if (!d) return null;
  const when = d.checkedAt ? ` (hỏi trục lúc ${formatDate(d.checkedAt, true)})` : d.sentAt ? ` (${formatDate(d.sentAt, true)})` : '';
  return h('div.small.delivery', { 'data-testid': 'delivery', 'data-delivery': d.state, title: d.lastError || '' },
    h('span.muted', d.via === 'axis' ? 'Chuyển qua trục liên thông: ' : 'Chuyển gói tin: '), d.label, when,
    d.state === 'retrying' && d.lastError ? h('div.field-error', d.lastError) : null);
}

export function renderRecipients(documentId) {
  const panel = h('section.panel.recipients', { 'data-testid': 'recipients', 'aria-label': 'Nơi nhận' }, h('h2', 'Nơi nhận'),
    h('p.muted', 'Đang tải…'));
  api.get(`/documents/${documentId}/recipients`).then((rows) => {
    panel.replaceChildren(h('h2', 'Nơi nhận'), rows.length === 0 ? h('p.muted', 'Văn bản không gửi điện tử đến cơ quan nào.') :
      h('ul.recipient-list', rows.map((r) => h('li', { 'data-code': r.recipientCode, 'data-status': r.statusCode },
        h('div', h('strong', r.recipientName), ' · ', channelNames[r.channel] || r.channel),
        h('div', r.statusCode ? h('span.badge.recipient-status', r.statusLabel) : h('span.muted', r.channel === 'paper' ? 'Gửi bản giấy' : 'Đang chuyển'),
          r.statusAt ? ` ${formatDate(r.statusAt, true)}` : ''),
        r.note ? h('div.muted.small', datesInText(r.note)) : null,
        deliveryLine(r.delivery),
        r.history.length > 1 ? h('ol.status-history', r.history.map((s) => h('li',
          `${formatDate(s.at, true)} — ${s.statusLabel}${s.description ? `: ${datesInText(s.description)}` : ''}${s.staff ? ` (${s.staff})` : ''}`))) : null))));
  }).catch((e) => { panel.replaceChildren(h('h2', 'Nơi nhận'), h('p.field-error', e.message)); });
  return panel;
}

const issuerRecallNames = {
  requested: 'Đã đề nghị thu hồi/thay thế, chờ nơi nhận trả lời',
  recalled: 'Đã thu hồi',
  replaced: 'Đã được thay thế',
  updated: 'Đã được cập nhật',
  refused: 'Nơi nhận từ chối thu hồi',
};

/** The recall (thu hồi) or replacement of an issued letter, and the leader's request button. */
export function renderRecall(documentId, ctx) {
  const panel = h('section.panel.recall', { 'data-testid': 'recall-panel', 'aria-label': 'Thu hồi' }, h('h2', 'Thu hồi, thay thế'));
  async function request() {
    const body = await dialog({ title: 'Đề nghị thu hồi hoặc thay thế văn bản', confirm: 'Gửi đề nghị', danger: true,
      text: 'Mỗi nơi nhận điện tử sẽ được đề nghị hủy bản đã nhận (hoặc thay bằng văn bản thay thế, đã phát hành và gửi tới cùng các nơi nhận).',
      fields: [
        { name: 'reason', label: 'Lý do', required: 'Xin ghi lý do.', control: h('textarea#recall-reason', { rows: 3 }) },
        { name: 'replacementId', label: 'Mã văn bản thay thế (để trống nếu chỉ thu hồi)', control: h('input#recall-replacement', { type: 'number', min: 1 }) },
      ] });
    if (!body) return;
    try {
      await api.post(`/documents/${documentId}/recall`, { reason: body.reason, replacementId: body.replacementId ? Number(body.replacementId) : undefined });
      ctx.toast('Đã gửi đề nghị tới các nơi nhận.');
      load();
    } catch (e) { ctx.toast(e.message, 'error'); }
  }
  function load() {
    api.get(`/documents/${documentId}/recall`).then((r) => {
      const canAsk = ctx.user.role === 'leader' && !r.frozen && r.state !== 'requested';
      panel.replaceChildren();
      append(panel, [h('h2', 'Thu hồi, thay thế'),
        r.state ? h('p', { 'data-recall': r.state }, h('strong', issuerRecallNames[r.state] || r.state),
          r.latest ? ` — ${r.latest.reason}` : '') : h('p.muted', 'Chưa có đề nghị nào.'),
        r.state ? h('ul.recipient-list', r.answers.filter((a) => a.channel !== 'paper').map((a) => h('li',
          h('strong', a.recipientName), ' · ',
          a.cancelled ? `chưa gửi, đã hủy việc gửi${a.reason ? ` (${a.reason})` : ''}`
            : a.statusCode === '15' ? 'đồng ý' : a.statusCode === '16' ? `từ chối${a.reason ? `: ${a.reason}` : ''}` : 'chờ trả lời'))) : null,
        canAsk ? h('button.btn.btn-danger', { type: 'button', 'data-testid': 'recall-request', on: { click: request } }, 'Đề nghị thu hồi/thay thế') : null]);
    }).catch((e) => { panel.replaceChildren(h('h2', 'Thu hồi, thay thế'), h('p.field-error', e.message)); });
  }
  load();
  return panel;
}
