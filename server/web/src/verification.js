// The verification report of docs/verify-report.md, in words a clerk understands.
import { h, formatDate } from './dom.js';
import { checkNames, checkStatusNames, signatureRoleNames, fieldNames } from './labels.js';

const levelNames = {
  'B-B': 'cơ bản (B-B)',
  'B-T': 'có dấu thời gian (B-T)',
  'B-LT': 'kiểm tra được lâu dài (B-LT)',
  'B-LTA': 'lưu trữ lâu dài (B-LTA)',
  none: 'không đạt',
};

/** "CN=Vanthu Demo Issuing CA,O=Vanthu Demo,C=VN" → "Vanthu Demo Issuing CA". */
function commonName(dn) {
  const m = /(?:^|,)\s*CN=([^,]+)/.exec(dn || '');
  return m ? m[1] : (dn || '');
}

/** What each check found, in words (the verifier's own detail is English and technical). */
const checkTexts = {
  integrity: { passed: 'Nội dung không bị thay đổi từ khi ký.', failed: 'Nội dung đã bị thay đổi sau khi ký, hoặc chữ ký không đọc được.' },
  cms: { passed: 'Cấu trúc chữ ký số đúng chuẩn.', failed: 'Cấu trúc chữ ký số không đúng chuẩn hoặc bị hỏng.' },
  algorithm: { failed: 'Thuật toán băm hoặc khóa của chữ ký quá yếu: không còn được chấp nhận vào lúc chữ ký được chứng minh là đã có (dấu thời gian).' },
  'time-stamp': { passed: 'Dấu thời gian hợp lệ, do tổ chức cấp dấu thời gian tin cậy cấp.', failed: 'Dấu thời gian không hợp lệ hoặc không đọc được.' },
  chain: { passed: 'Chứng thư số do tổ chức cung cấp dịch vụ chứng thực tin cậy cấp.', failed: 'Chứng thư số không do tổ chức tin cậy cấp, hoặc đã hết hạn vào lúc ký.' },
  'key-usage': { passed: 'Chứng thư số được cấp cho mục đích ký số.', warning: 'Chứng thư số không ghi rõ mục đích sử dụng khóa.', failed: 'Chứng thư số không được cấp cho mục đích ký số.' },
  revocation: {
    passed: 'Chứng thư số chưa bị thu hồi.',
    unknown: 'Chưa xác định được chứng thư số có bị thu hồi hay không: văn bản không kèm thông tin thu hồi và máy chủ chưa có danh sách thu hồi của tổ chức cấp. Quản trị viên có thể thêm danh sách thu hồi trong “Khóa và tin cậy”.',
    failed: 'Chứng thư số đã bị thu hồi.',
  },
  changes: { passed: 'Sau khi ký chỉ có những thay đổi được phép.', failed: 'Văn bản bị sửa sau khi ký theo cách không được phép.' },
};

/** One check's finding in Vietnamese: never the verifier's English or its command-line advice. */
export function checkText(c) {
  const known = (checkTexts[c.name] || {})[c.status];
  if (known) return known;
  if (c.name === 'chain' && /expired|not yet valid/i.test(c.detail || '')) return 'Chứng thư số đã hết hạn hoặc chưa đến hạn sử dụng vào lúc ký.';
  return `${checkNames[c.name] || 'Kiểm tra khác'}: ${checkStatusNames[c.status] || 'chưa xác định'}.`;
}

/** Whether a signature's certificate may have been revoked without our knowing. */
export function revocationUnknown(sig) {
  return (sig.checks || []).some((c) => c.name === 'revocation' && c.status !== 'passed' && c.status !== 'failed');
}

function verdictOf(sig) {
  if (sig.ok && revocationUnknown(sig)) return { cls: 'warn', text: 'Hợp lệ, nhưng chưa xác định được tình trạng thu hồi của chứng thư số' };
  if (sig.ok) return { cls: 'ok', text: 'Hợp lệ' };
  if (sig.valid && !sig.trusted) return { cls: 'warn', text: 'Không xác định được nguồn gốc chứng thư' };
  return { cls: 'bad', text: 'Không hợp lệ' };
}

/** What the signature covers, and whether what came after it is allowed. */
function coverage(sig) {
  if (sig.coversWholeDocument) return 'Toàn bộ văn bản';
  const changes = (sig.checks || []).find((c) => c.name === 'changes');
  const later = changes && changes.status === 'failed'
    ? 'sau đó văn bản bị sửa theo cách không được phép'
    : 'sau đó chỉ thêm chữ ký, số, ngày hoặc dấu thời gian';
  return `Văn bản đến lần lưu thứ ${sig.revision}; ${later}`;
}

function signatureCard(sig) {
  const verdict = verdictOf(sig);
  const time = sig.timeStampTime || sig.claimedTime;
  const failed = (sig.checks || []).filter((c) => c.status === 'failed');
  return h(`article.sig.sig-${verdict.cls}`, { 'data-testid': 'signature', 'data-ok': String(!!sig.ok), 'data-role': sig.role },
    h('header',
      h('span.sig-icon', { 'aria-hidden': 'true' }, verdict.cls === 'ok' ? '✓' : verdict.cls === 'warn' ? '!' : '✗'),
      h('div',
        h('div.sig-role', signatureRoleNames[sig.role] || sig.role),
        h('div.sig-signer', sig.signer || commonName(sig.signerSubject)),
        h('div.sig-verdict', verdict.text))),
    h('dl.sig-meta',
      h('dt', 'Cấp bởi'), h('dd', commonName(sig.issuer)),
      time ? [h('dt', sig.timeStampTime ? 'Thời điểm (dấu thời gian)' : 'Thời điểm ký (người ký khai)'), h('dd', formatDate(time, true))] : null,
      sig.provedAt ? [h('dt', 'Chứng minh được ký trước'), h('dd', { 'data-testid': 'proved-at', title: 'Thời điểm của dấu thời gian sớm nhất bao chữ ký: chứng thư được xét hiệu lực tại thời điểm này khi đã hết hạn sau đó.' }, formatDate(sig.provedAt, true))] : null,
      h('dt', 'Mức chữ ký'), h('dd', levelNames[sig.level] || sig.level),
      h('dt', 'Phạm vi'), h('dd', coverage(sig))),
    failed.length ? h('ul.sig-problems', failed.map((c) => h('li', { 'data-detail': c.detail || '' }, checkText(c)))) : null,
    h('details.sig-details',
      h('summary', 'Chi tiết kiểm tra'),
      h('table.checks', h('tbody', (sig.checks || []).map((c) => h('tr', { class: `check-${c.status}` },
        h('td', checkNames[c.name] || 'Kiểm tra khác'),
        h('td.status', checkStatusNames[c.status] || 'Chưa xác định'),
        h('td.detail', { 'data-detail': c.detail || '' }, checkText(c)))))),
      (sig.changes || []).length ? [h('p.small', 'Thay đổi sau chữ ký này:'),
        h('ul.changes', sig.changes.map((c) => h('li', { class: c.allowed ? 'allowed' : 'not-allowed', 'data-detail': c.description || '' },
          `Lần lưu thứ ${c.revision}: ${c.allowed ? 'thay đổi được phép (thêm chữ ký, số, ngày, dấu thời gian hoặc điền ô)' : 'thay đổi KHÔNG được phép'}`)))] : null,
      h('p.small.muted', `Ô chữ ký: ${fieldNames[sig.field] || sig.field || ''} · Số hiệu chứng thư: ${sig.serialNumber || ''}`)));
}

/** @param report the JSON of GET /api/documents/{id}/verification; state: the document's state */
export function renderVerification(report, state) {
  const sigs = report.signatures || [];
  const unsigned = report.unsignedFields || [];
  const ok = !!report.ok;
  // Valid, but the certificates' revocation is not known: said so, never "fully valid".
  const unsure = ok && sigs.some(revocationUnknown);
  const cls = !ok ? 'bad' : unsure ? 'warn' : 'ok';
  const summary = h(`div.verify-summary.${cls}`, { 'data-testid': 'verification-summary', 'data-ok': String(ok), 'data-revocation-unknown': String(unsure) },
    h('span.sig-icon', { 'aria-hidden': 'true' }, ok ? (unsure ? '!' : '✓') : '✗'),
    h('div',
      h('strong', !ok ? 'Chữ ký số KHÔNG hợp lệ'
        : unsure ? (sigs.length === 1 ? 'Chữ ký số hợp lệ, chưa xác định được tình trạng thu hồi' : `${sigs.length} chữ ký số hợp lệ, chưa xác định được tình trạng thu hồi`)
          : (sigs.length === 1 ? 'Chữ ký số hợp lệ' : `Cả ${sigs.length} chữ ký số đều hợp lệ`)),
      h('div.small', !ok ? 'Không nên dùng bản này. Báo văn thư hoặc quản trị viên kiểm tra.'
        : unsure ? 'Văn bản không bị thay đổi sau khi ký; chứng thư số do tổ chức tin cậy cấp, nhưng chưa kiểm tra được chứng thư có bị thu hồi hay không.'
          : 'Văn bản không bị thay đổi sau khi ký; chứng thư số do tổ chức tin cậy cấp và chưa bị thu hồi.')));
  return h('div',
    summary,
    (report.errors || []).length ? h('ul.sig-problems', report.errors.map((e) => h('li', { 'data-detail': e },
      'Không đọc được một phần chữ ký số của văn bản (tệp có thể bị hỏng).'))) : null,
    sigs.map(signatureCard),
    unsigned.length ? h('p.muted.small', { 'data-testid': 'unsigned-fields' },
      unsigned.includes('SealSignature') && state === 'signed'
        ? 'Chưa đóng dấu số của cơ quan: văn thư đóng khi cấp số và phát hành.'
        : `Ô chữ ký chưa ký: ${unsigned.map((u) => fieldNames[u] || u).join(', ')}.`) : null);
}
