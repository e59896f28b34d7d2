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

function verdictOf(sig) {
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
    failed.length ? h('ul.sig-problems', failed.map((c) => h('li', `${checkNames[c.name] || c.name}: ${c.detail}`))) : null,
    h('details.sig-details',
      h('summary', 'Chi tiết kiểm tra'),
      h('table.checks', h('tbody', (sig.checks || []).map((c) => h('tr', { class: `check-${c.status}` },
        h('td', checkNames[c.name] || c.name),
        h('td.status', checkStatusNames[c.status] || c.status),
        h('td.detail', c.detail))))),
      (sig.changes || []).length ? [h('p.small', 'Thay đổi sau chữ ký này:'),
        h('ul.changes', sig.changes.map((c) => h('li', { class: c.allowed ? 'allowed' : 'not-allowed' },
          `${c.allowed ? 'được phép' : 'KHÔNG được phép'}: ${c.description} (bản ${c.revision})`)))] : null,
      h('p.small.muted', `Trường: ${sig.field} · Số hiệu chứng thư: ${sig.serialNumber || ''} · ${sig.signerSubject || ''}`)));
}

/** @param report the JSON of GET /api/documents/{id}/verification; state: the document's state */
export function renderVerification(report, state) {
  const sigs = report.signatures || [];
  const unsigned = report.unsignedFields || [];
  const ok = !!report.ok;
  const summary = h(`div.verify-summary.${ok ? 'ok' : 'bad'}`, { 'data-testid': 'verification-summary', 'data-ok': String(ok) },
    h('span.sig-icon', { 'aria-hidden': 'true' }, ok ? '✓' : '✗'),
    h('div',
      h('strong', ok ? (sigs.length === 1 ? 'Chữ ký số hợp lệ' : `Cả ${sigs.length} chữ ký số đều hợp lệ`) : 'Chữ ký số KHÔNG hợp lệ'),
      h('div.small', ok
        ? 'Văn bản không bị thay đổi sau khi ký; chứng thư số do tổ chức tin cậy cấp.'
        : 'Không nên dùng bản này. Báo văn thư hoặc quản trị viên kiểm tra.')));
  return h('div',
    summary,
    (report.errors || []).length ? h('ul.sig-problems', report.errors.map((e) => h('li', e))) : null,
    sigs.map(signatureCard),
    unsigned.length ? h('p.muted.small', { 'data-testid': 'unsigned-fields' },
      unsigned.includes('SealSignature') && state === 'signed'
        ? 'Chưa đóng dấu số của cơ quan: văn thư đóng khi cấp số và phát hành.'
        : `Ô chữ ký chưa ký: ${unsigned.map((u) => fieldNames[u] || u).join(', ')}.`) : null);
}
