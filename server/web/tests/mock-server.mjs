#!/usr/bin/env node
// A development stand-in for `vanthu serve`, implementing the contract of docs/api.md in memory.
// For UI work only; the browser test targets the real server. PDFs are real: previews come from
// `vanthu render`, signatures from `vanthu sign` with a `vanthu pki demo` PKI, and the
// verification report from `vanthu verify --json`, when a vanthu binary is found (--vanthu PATH
// or $VANTHU, else build*/vanthu of the repository).
//
//   node tests/mock-server.mjs [--listen 127.0.0.1:8090] [--web dist] [--vanthu PATH] [--seed]
import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const [host, port] = arg('--listen', '127.0.0.1:8090').split(':');
const webRoot = path.resolve(arg('--web', path.join(here, '../dist')));
const vanthu = arg('--vanthu', process.env.VANTHU) ||
  ['build-samples/vanthu', 'build-bench/vanthu', 'build/vanthu'].map((p) => path.join(repo, p)).find((p) => existsSync(p));
const work = mkdtempSync(path.join(os.tmpdir(), 'vanthu-mock-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));

// ----- demo data -----
const offices = [
  { id: 1, code: '000.00.12.H35', name: 'ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN', parentBody: '', system: 'state', parentId: null, issuerCode: 'UBND', place: 'Văn Quan' },
  { id: 2, code: '000.00.31.H29', name: 'ĐẢNG ỦY XÃ BÌNH LƯ', parentBody: 'ĐẢNG BỘ HUYỆN TAM ĐƯỜNG', system: 'party', parentId: null, issuerCode: 'ĐU', place: 'Bình Lư' },
];
const users = [
  { id: 1, username: 'chuyenvien.vq', fullName: 'Hoàng Thị Mai', role: 'specialist', title: 'CHUYÊN VIÊN', officeId: 1, password: 'cv-vanquan' },
  { id: 2, username: 'lanhdao.vq', fullName: 'Triệu Đức Dũng', role: 'leader', title: 'PHÓ CHỦ TỊCH', officeId: 1, password: 'ld-vanquan', key: 'signer1.p12' },
  { id: 3, username: 'chutich.vq', fullName: 'Lương Văn Thành', role: 'leader', title: 'CHỦ TỊCH', officeId: 1, password: 'ct-vanquan', key: 'signer2.p12' },
  { id: 4, username: 'vanthu.vq', fullName: 'Nông Thị Hoa', role: 'clerk', title: 'VĂN THƯ', officeId: 1, password: 'vt-vanquan' },
  { id: 5, username: 'quantri.vq', fullName: 'Vi Văn Hùng', role: 'administrator', title: 'QUẢN TRỊ', officeId: 1, password: 'qt-vanquan' },
];
const typeNames = { CV: 'Công văn', QĐ: 'Quyết định', TB: 'Thông báo', KH: 'Kế hoạch', BC: 'Báo cáo', TTr: 'Tờ trình', GM: 'Giấy mời', HD: 'Hướng dẫn' };
const documents = new Map();
const sessions = new Map();
let nextId = 1;
const registers = new Map(); // `${officeId}/${year}` → last number

const nowIso = () => {
  const d = new Date(Date.now() + 7 * 3600e3);
  return d.toISOString().replace(/\.\d+Z$/, '+07:00');
};
const userById = (id) => users.find((u) => u.id === id);
const officeOf = (u) => offices.find((o) => o.id === u.officeId);
const publicUser = (u) => ({ id: u.id, username: u.username, fullName: u.fullName, role: u.role, title: u.title, officeId: u.officeId, officeName: officeOf(u).name });

class Fail extends Error { constructor(status, code, message, field) { super(message); Object.assign(this, { status, code, field }); } }

function notationOf(doc, office) {
  const d = doc.draft;
  if (office.system === 'party') return d.typeCode === 'CV' ? `CV/${office.issuerCode}` : `${d.typeCode}/${office.issuerCode}`;
  return d.typeCode === 'CV' ? `${office.issuerCode}${d.draftingUnit ? `-${d.draftingUnit}` : ''}` : `${d.typeCode}-${office.issuerCode}`;
}

function contentOf(doc) {
  const office = offices.find((o) => o.id === doc.officeId);
  const d = doc.draft;
  const signer = userById(d.signerId);
  const today = nowIso().slice(0, 10);
  const content = {
    system: office.system, type: d.typeCode, parentBody: office.parentBody, issuingBody: office.name,
    notation: notationOf(doc, office), place: office.place,
    date: doc.issuedDate || today.slice(0, 7), subject: d.subject, body: d.body || ' ',
    signer: { title: signer ? signer.title : 'CHỨC VỤ', name: signer ? signer.fullName : 'Người ký' },
    distribution: d.distribution.length ? d.distribution : ['Lưu: VT'],
  };
  if (!content.parentBody) delete content.parentBody;
  if (d.typeCode === 'CV') content.recipients = d.recipients.length ? d.recipients : ['…'];
  else if (d.recipients.length) content.recipients = d.recipients;
  if (d.authority) { content.signer.authority = d.authority; content.signer.authorityOf = d.authorityOf || '…'; }
  if (d.urgency) content.urgency = d.urgency;
  if (d.secrecy) content.secrecy = d.secrecy;
  if (doc.number) content.number = doc.number;
  return content;
}

function summary(doc) {
  return {
    id: doc.id, state: doc.state, typeCode: doc.draft.typeCode, typeName: typeNames[doc.draft.typeCode] || doc.draft.typeCode,
    subject: doc.draft.subject, authorName: userById(doc.authorId).fullName,
    signerName: userById(doc.draft.signerId) ? userById(doc.draft.signerId).fullName : '',
    number: doc.number || null, notation: doc.notation || '', issuedDate: doc.issuedDate || '', updatedAt: doc.updatedAt,
  };
}

function allowed(doc, u) {
  const a = [];
  const mine = doc.authorId === u.id;
  if (mine && ['draft', 'returned'].includes(doc.state)) a.push('edit', 'submit');
  if (u.role === 'leader' && doc.state === 'submitted') a.push('return', 'approve', 'edit'); // a leader may edit it (III.1n)
  if (u.role === 'leader' && doc.state === 'approved' && doc.draft.signerId === u.id) a.push('sign');
  if (u.role === 'clerk' && doc.state === 'signed') a.push('issue');
  return a;
}

function full(doc, u) {
  return { ...summary(doc), draft: doc.draft, version: doc.version, returnComment: doc.returnComment || '', content: contentOf(doc), history: doc.history, allowedActions: allowed(doc, u) };
}

function visible(doc, u) {
  if (doc.officeId !== u.officeId) return false;
  if (['draft', 'returned'].includes(doc.state)) return doc.authorId === u.id;
  return true;
}

function getDoc(id, u) {
  const doc = documents.get(Number(id));
  if (!doc || !visible(doc, u)) throw new Fail(404, 'not-found', 'Không tìm thấy văn bản này.');
  return doc;
}

function checkDraft(body, u) {
  if (!body || typeof body !== 'object') throw new Fail(400, 'bad-request', 'Dữ liệu gửi lên không phải JSON hợp lệ.');
  const d = {
    typeCode: String(body.typeCode || ''), subject: String(body.subject || ''),
    recipients: Array.isArray(body.recipients) ? body.recipients.map(String) : [],
    body: String(body.body || ''), distribution: Array.isArray(body.distribution) ? body.distribution.map(String) : [],
    signerId: Number(body.signerId) || 0, authority: String(body.authority || ''), authorityOf: String(body.authorityOf || ''),
    draftingUnit: String(body.draftingUnit || ''), urgency: String(body.urgency || ''), secrecy: String(body.secrecy || ''),
  };
  if (!typeNames[d.typeCode]) throw new Fail(422, 'invalid', 'Loại văn bản không có trong danh mục.', 'typeCode');
  const signer = userById(d.signerId);
  if (d.signerId && (!signer || signer.role !== 'leader' || signer.officeId !== u.officeId)) throw new Fail(422, 'invalid', 'Người ký phải là lãnh đạo của cơ quan.', 'signerId');
  if (d.authority && !d.authorityOf.trim()) throw new Fail(422, 'invalid', 'Ghi rõ ký thay, thay mặt cho ai (ví dụ CHỦ TỊCH).', 'authorityOf');
  return d;
}

const audit = [];
/** One page of a list as the API pages it (issue 17 item 4): {total, limit, offset, [name]}. */
const paged = (rows, url, name) => {
  const limit = Number(url.searchParams.get('limit') || 50), offset = Number(url.searchParams.get('offset') || 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new Fail(400, 'bad-request', 'Số dòng mỗi trang (limit) phải là số nguyên từ 1 đến 200.');
  if (!Number.isInteger(offset) || offset < 0) throw new Fail(400, 'bad-request', 'Vị trí bắt đầu (offset) phải là số nguyên từ 0 đến 100000000.');
  return { total: rows.length, limit, offset, [name]: rows.slice(offset, offset + limit) };
};
const record = (u, action, object, detail = '') => audit.push({ seq: audit.length + 1, at: nowIso(), userId: u.id, username: u.username, action, object, address: '127.0.0.1', detail, hash: createHash('sha256').update(JSON.stringify(audit.at(-1) || null) + action + object).digest('hex') });
const history = (doc, u, action, detail = '') => { doc.history.push({ at: nowIso(), user: u.fullName, action, detail }); record(u, action, `document/${doc.id}`, detail); };
const touch = (doc) => { doc.updatedAt = nowIso(); };

async function render(doc) {
  if (!vanthu) throw new Fail(500, 'internal', 'Máy chủ thử không có chương trình vanthu để tạo PDF (--vanthu PATH).');
  const dir = mkdtempSync(path.join(work, 'r-'));
  try {
    writeFileSync(path.join(dir, 'in.json'), JSON.stringify(contentOf(doc)));
    try {
      await run(vanthu, ['render', path.join(dir, 'in.json'), '-o', path.join(dir, 'out.pdf')]);
    } catch (e) {
      const line = String(e.stderr || e.message).trim().split('\n').pop();
      throw new Fail(422, 'invalid', `Chưa tạo được bản PDF: ${line}`, /field "body/.test(line) ? 'body' : /field "subject/.test(line) ? 'subject' : undefined);
    }
    return readFileSync(path.join(dir, 'out.pdf'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

let pki = null;
async function ensurePki() {
  if (pki || !vanthu) return pki;
  pki = path.join(work, 'pki');
  await run(vanthu, ['pki', 'demo', pki]);
  return pki;
}

async function signPdf(bytes, p12, role) {
  if (!vanthu) return bytes;
  const dir = mkdtempSync(path.join(work, 's-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), bytes);
    await run(vanthu, ['sign', path.join(dir, 'in.pdf'), '-o', path.join(dir, 'out.pdf'), '--p12', path.join(await ensurePki(), p12), '--role', role]);
    return readFileSync(path.join(dir, 'out.pdf'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

async function verify(bytes) {
  if (!vanthu) return { format: 'vanthu-verify-report/1', ok: false, revisions: 1, errors: ['mock: no vanthu binary'], unsignedFields: [], signatures: [] };
  const dir = mkdtempSync(path.join(work, 'v-'));
  try {
    writeFileSync(path.join(dir, 'doc.pdf'), bytes);
    let out;
    try { out = (await run(vanthu, ['verify', path.join(dir, 'doc.pdf'), '--trust', path.join(await ensurePki(), 'ca.pem'), '--json'])).stdout; }
    catch (e) { out = e.stdout; }
    return JSON.parse(out);
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

// ----- HTTP -----
const CSP = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const mime = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.svg': 'image/svg+xml', '.json': 'application/json', '.pfb': 'application/octet-stream', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8' };

function send(res, status, body, type = 'application/json; charset=utf-8', extra = {}) {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': data.length, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...extra });
  res.end(data);
}

function serveStatic(req, res, pathname) {
  let file = path.join(webRoot, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(webRoot)) return send(res, 404, 'not found', 'text/plain');
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!existsSync(file)) file = path.join(webRoot, 'index.html');
  if (!existsSync(file)) return send(res, 404, 'build the UI first: npm run build', 'text/plain');
  send(res, 200, readFileSync(file), mime[path.extname(file)] || 'application/octet-stream', { 'Cache-Control': 'no-cache' });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []; let size = 0;
    req.on('data', (c) => { size += c.length; if (size > 1 << 20) { reject(new Fail(413, 'too-large', 'Dữ liệu gửi lên quá lớn.')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const failures = [];
async function handleApi(req, res, url) {
  const parts = url.pathname.split('/').filter(Boolean).slice(1);
  const method = req.method;
  const raw = ['POST', 'PUT', 'DELETE'].includes(method) ? await readBody(req) : '';
  let body = {};
  if (raw) { try { body = JSON.parse(raw); } catch { throw new Fail(400, 'bad-request', 'Dữ liệu gửi lên không phải JSON hợp lệ.'); } }

  if (parts[0] === 'health') return send(res, 200, { status: 'ok' });
  if (parts[0] === 'session' && method === 'POST') {
    const now = Date.now();
    while (failures.length && failures[0] < now - 300e3) failures.shift();
    if (failures.length >= 5) throw new Fail(429, 'too-many-requests', 'Đăng nhập sai quá nhiều lần; xin thử lại sau 5 phút.');
    const u = users.find((x) => x.username === body.username && x.password === body.password);
    if (!u) { failures.push(now); throw new Fail(401, 'unauthenticated', 'Tên đăng nhập hoặc mật khẩu không đúng.'); }
    const token = randomBytes(24).toString('hex'); const csrf = randomBytes(16).toString('hex');
    sessions.set(token, { userId: u.id, csrf }); record(u, 'sign-in', `user/${u.id}`);
    return send(res, 200, { token, csrf, user: publicUser(u) }, undefined, { 'Set-Cookie': `vanthu_session=${token}; Path=/; HttpOnly; SameSite=Strict` });
  }
  const cookie = /(?:^|;\s*)vanthu_session=([^;]+)/.exec(req.headers.cookie || '');
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization || '');
  const token = bearer ? bearer[1] : cookie && cookie[1];
  const session = token && sessions.get(token);
  if (!session) throw new Fail(401, 'unauthenticated', 'Xin đăng nhập.');
  if (!bearer && method !== 'GET' && req.headers['x-csrf-token'] !== session.csrf) throw new Fail(403, 'forbidden', 'Thiếu mã chống giả mạo (CSRF). Tải lại trang.');
  const u = userById(session.userId);

  if (parts[0] === 'session' && method === 'DELETE') { sessions.delete(token); return send(res, 204, ''); }
  if (parts[0] === 'me') return send(res, 200, publicUser(u));
  if (parts[0] === 'offices') return send(res, 200, offices);
  if (parts[0] === 'audit') {
    if (u.role !== 'administrator') throw new Fail(403, 'forbidden', 'Chỉ quản trị xem được nhật ký.');
    return send(res, 200, paged(audit.slice().reverse(), url, 'items'));
  }
  if (parts[0] === 'users' && method === 'GET') return send(res, 200, users.filter((x) => x.officeId === u.officeId).map(publicUser));
  if (parts[0] === 'document-types') return send(res, 200, Object.entries(typeNames).map(([code, name]) => ({ code, name, isLetter: code === 'CV' })));
  if (parts[0] === 'registers' && (parts[1] === 'outgoing' || parts[1] === 'outgoing.csv')) {
    if (u.role === 'specialist') throw new Fail(403, 'forbidden', 'Chỉ văn thư, lãnh đạo và quản trị xem được sổ văn bản đi.');
    const year = Number(url.searchParams.get('year')) || new Date().getFullYear();
    const rows = [...documents.values()].filter((d) => d.officeId === u.officeId && d.state === 'issued' && d.year === year)
      .map((d) => ({ documentId: d.id, number: d.number, notation: d.notation, issuedDate: d.issuedDate, typeName: typeNames[d.draft.typeCode], subject: d.draft.subject, signerName: userById(d.draft.signerId).fullName, recipients: d.draft.recipients.join('; '), archiveCopy: 'VT' + (d.draft.draftingUnit ? `, ${d.draft.draftingUnit}` : '') }));
    if (parts[1] === 'outgoing') return send(res, 200, { ...paged(rows, url, 'entries'), year });
    const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
    const csv = '\uFEFF' + ['Số,Ký hiệu,Ngày tháng,Tên loại và trích yếu nội dung,Người ký,Nơi nhận,Đơn vị lưu bản chính']
      .concat(rows.map((r) => [r.number, r.notation, r.issuedDate, `${r.typeName} ${r.subject}`, r.signerName, r.recipients, r.archiveCopy].map(q).join(','))).join('\r\n') + '\r\n';
    return send(res, 200, csv, 'text/csv; charset=utf-8', { 'Content-Disposition': `attachment; filename="so-van-ban-di-${year}.csv"` });
  }
  if (parts[0] !== 'documents') throw new Fail(404, 'not-found', 'Không có địa chỉ này.');

  if (parts.length === 1 && method === 'GET') {
    const state = url.searchParams.get('state');
    return send(res, 200, [...documents.values()].filter((d) => visible(d, u) && (!state || d.state === state)).map(summary));
  }
  if (parts.length === 1 && method === 'POST') {
    if (!['specialist', 'leader'].includes(u.role)) throw new Fail(403, 'forbidden', 'Chỉ chuyên viên và lãnh đạo được soạn văn bản.');
    const doc = { id: nextId++, officeId: u.officeId, authorId: u.id, state: 'draft', draft: checkDraft(body, u), version: 1, history: [], updatedAt: nowIso() };
    history(doc, u, 'create'); documents.set(doc.id, doc);
    return send(res, 201, full(doc, u));
  }
  const doc = getDoc(parts[1], u);
  const need = (action, msg) => { if (!allowed(doc, u).includes(action)) throw new Fail(doc.state === 'issued' || !['draft', 'returned', 'submitted', 'approved', 'signed'].includes(doc.state) ? 409 : 403, 'forbidden', msg); };
  const sub = parts[2];
  if (!sub && method === 'GET') return send(res, 200, full(doc, u));
  if (!sub && method === 'PUT') {
    need('edit', 'Chỉ người soạn sửa được dự thảo chưa trình.');
    if (body.version !== doc.version) {
      throw Object.assign(new Fail(409, 'conflict', `Dự thảo đã được lưu ở phiên bản ${doc.version} (bạn đang sửa phiên bản ${body.version}); không có gì bị ghi đè.`),
        { extra: { field: 'version', currentVersion: doc.version, changedBy: '', changedAt: doc.updatedAt || '' } });
    }
    delete body.version;
    doc.draft = checkDraft(body, u); doc.version++; touch(doc); history(doc, u, 'update', `phiên bản ${doc.version}`);
    return send(res, 200, full(doc, u));
  }
  if (sub === 'pdf' && method === 'GET') {
    const bytes = doc.issuedPdf || doc.signedPdf || await render(doc);
    return send(res, 200, bytes, 'application/pdf');
  }
  if (sub === 'verification' && method === 'GET') {
    const bytes = doc.issuedPdf || doc.signedPdf;
    if (!bytes) throw new Fail(409, 'conflict', 'Văn bản chưa được ký.');
    return send(res, 200, await verify(bytes));
  }
  // Issue 14 item 4: comments, versions and attachments (a small stand-in: nothing compared).
  if (sub === 'comments' && method === 'GET') return send(res, 200, doc.comments || []);
  if (sub === 'comments' && method === 'POST') {
    if (!String(body.text || '').trim()) throw new Fail(422, 'invalid', 'Hãy ghi nội dung góp ý.', 'text');
    const comment = { id: (doc.comments || []).length + 1, version: doc.version, authorId: u.id, authorName: u.fullName, writtenAt: nowIso(), text: body.text };
    (doc.comments = doc.comments || []).push(comment); history(doc, u, 'comment', body.text);
    return send(res, 201, comment);
  }
  if (sub === 'versions' && method === 'GET' && !parts[3]) {
    return send(res, 200, Array.from({ length: doc.version }, (_, i) => ({ version: i + 1, authorId: doc.authorId, authorName: userById(doc.authorId).fullName, createdAt: doc.updatedAt, editedAs: 'author' })));
  }
  if (sub === 'attachments' && method === 'GET' && !parts[3]) return send(res, 200, []);
  if (method !== 'POST') throw new Fail(404, 'not-found', 'Không có địa chỉ này.');
  if (sub === 'submit') { need('submit', 'Chỉ người soạn trình được dự thảo.'); doc.state = 'submitted'; history(doc, u, 'submit'); }
  else if (sub === 'return') {
    need('return', 'Chỉ lãnh đạo trả lại được văn bản đang chờ duyệt.');
    if (!String(body.comment || '').trim()) throw new Fail(422, 'invalid', 'Xin ghi ý kiến khi trả lại.', 'comment');
    doc.state = 'returned'; doc.returnComment = body.comment; history(doc, u, 'return', body.comment);
  } else if (sub === 'approve') { need('approve', 'Chỉ lãnh đạo duyệt được văn bản.'); doc.state = 'approved'; history(doc, u, 'approve'); }
  else if (sub === 'sign') {
    need('sign', 'Chỉ người ký đã chọn ký được văn bản đã duyệt.');
    doc.signedPdf = await signPdf(await render(doc), u.key || 'signer1.p12', 'signer');
    doc.state = 'signed'; history(doc, u, 'sign');
  } else if (sub === 'issue') {
    need('issue', 'Chỉ văn thư cấp số, phát hành được văn bản đã ký.');
    const year = new Date().getFullYear(); const key = `${u.officeId}/${year}`;
    const number = (registers.get(key) || 0) + 1; registers.set(key, number);
    Object.assign(doc, { number, year, issuedDate: nowIso().slice(0, 10) });
    doc.notation = `${String(number).padStart(2, '0')}/${notationOf(doc, officeOf(u))}`;
    const signer = userById(doc.draft.signerId);
    doc.issuedPdf = await signPdf(await signPdf(await render(doc), signer.key || 'signer1.p12', 'signer'), 'seal.p12', 'seal');
    doc.state = 'issued'; history(doc, u, 'issue', `số ${doc.notation}`);
  } else throw new Fail(404, 'not-found', 'Không có địa chỉ này.');
  touch(doc);
  return send(res, 200, full(doc, u));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (url.pathname.startsWith('/api/')) await handleApi(req, res, url);
    else serveStatic(req, res, url.pathname);
  } catch (e) {
    if (!(e instanceof Fail)) console.error(e);
    const f = e instanceof Fail ? e : new Fail(500, 'internal', 'Máy chủ gặp lỗi.');
    send(res, f.status, { error: { code: f.code, message: f.message, ...(f.field ? { field: f.field } : {}), ...(f.extra || {}) } });
  }
});

if (process.argv.includes('--seed')) {
  const seed = (authorId, state, subject, body) => {
    const doc = { id: nextId++, officeId: 1, authorId, state, version: 1, history: [], updatedAt: nowIso(),
      draft: { typeCode: 'CV', subject, recipients: ['UBND các xã, thị trấn'], body, distribution: ['Như trên', 'Lưu: VT, NV'], signerId: 2, authority: 'KT', authorityOf: 'CHỦ TỊCH', draftingUnit: 'NV', urgency: '', secrecy: '' } };
    history(doc, userById(authorId), 'create'); documents.set(doc.id, doc); return doc;
  };
  seed(1, 'draft', 'báo cáo kết quả cải cách hành chính quý II năm 2026', 'Thực hiện chỉ đạo của UBND tỉnh, UBND huyện báo cáo như sau:\n\n1. Kết quả đạt được.\n\n2. Tồn tại, hạn chế.');
  seed(1, 'submitted', 'tổ chức Hội nghị tổng kết công tác chuyển đổi số', 'Để đánh giá kết quả chuyển đổi số năm 2026, UBND huyện tổ chức Hội nghị tổng kết.');
}

server.listen(Number(port), host, () => {
  const addr = server.address();
  console.log(`vanthu mock listening on http://${addr.address}:${addr.port} (web: ${webRoot}; vanthu: ${vanthu || 'none'})`);
  // The same table as `vanthu serve --demo` prints.
  console.log('Tài khoản mẫu (tên đăng nhập — mật khẩu — vai trò — cơ quan):');
  for (const u of users) console.log(`  ${u.username}  ${u.password}  ${{ specialist: 'chuyên viên', leader: 'lãnh đạo', clerk: 'văn thư', administrator: 'quản trị' }[u.role]} (${u.role})  ${officeOf(u).name}`);
});
