// The JSON API of docs/api.md. Browser calls use the session cookie and send X-CSRF-Token on
// every unsafe request.

const CSRF_KEY = 'vanthu.csrf';
let csrf = sessionStorage.getItem(CSRF_KEY) || localStorage.getItem(CSRF_KEY) || '';
let unauthenticatedHandler = () => {};

export class ApiError extends Error {
  constructor(status, code, message, field, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || '';
    /** The error object's other members: problems [{field, message}] (422), currentVersion,
     *  changedBy, changedAt (409 on a stale save). */
    this.details = details;
  }
}

const fallbackMessages = {
  400: 'Yêu cầu không hợp lệ.',
  401: 'Phiên làm việc đã hết. Xin đăng nhập lại.',
  403: 'Tài khoản của bạn không có quyền làm việc này.',
  404: 'Không tìm thấy văn bản hoặc dữ liệu được yêu cầu.',
  409: 'Văn bản đã thay đổi trạng thái. Tải lại trang rồi thử lại.',
  413: 'Dữ liệu gửi lên quá lớn.',
  422: 'Có trường chưa đúng. Xin kiểm tra lại.',
  429: 'Đăng nhập sai quá nhiều lần. Xin đợi vài phút rồi thử lại.',
  500: 'Máy chủ gặp lỗi. Xin thử lại sau hoặc báo quản trị viên.',
};

export function onUnauthenticated(fn) { unauthenticatedHandler = fn; }

export function setCsrf(token) {
  csrf = token || '';
  if (csrf) { sessionStorage.setItem(CSRF_KEY, csrf); localStorage.setItem(CSRF_KEY, csrf); }
  else { sessionStorage.removeItem(CSRF_KEY); localStorage.removeItem(CSRF_KEY); }
}

async function errorFrom(res) {
  let code = '', message = '', field = '', details = {};
  try {
    const body = await res.json();
    const err = body && body.error ? body.error : body;
    code = err.code || '';
    message = err.message || '';
    field = err.field || '';
    details = err;
  } catch { /* not JSON */ }
  return new ApiError(res.status, code || String(res.status), inVietnamese(res.status, message), field, details);
}

/**
 * The server's sentence when it is Vietnamese; a sentence with no Vietnamese letter in it (an
 * English message from a library) is replaced by the Vietnamese one for its status, so no English
 * reaches the screen (the original stays in the error's details).
 */
export function inVietnamese(status, message) {
  const fallback = fallbackMessages[status] || (status >= 500 ? fallbackMessages[500] : `Yêu cầu không thực hiện được (mã ${status}).`);
  if (!message) return fallback;
  const vietnamese = /[À-ỹĐđ]/.test(message);
  return vietnamese ? message : fallback;
}

/** Calls /api{path}. Returns parsed JSON (or the Response with {raw: true}); throws ApiError. */
export async function api(method, path, body, { raw = false, signal } = {}) {
  const headers = { Accept: raw ? '*/*' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch('/api' + path, {
      method, headers, signal, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.');
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && path !== '/session') unauthenticatedHandler(err);
    throw err;
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** POSTs a file's bytes as the request body (its own Content-Type) to /api{path}; JSON back. */
export async function postFile(path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch('/api' + path, { method: 'POST', headers, credentials: 'same-origin', cache: 'no-store', body: file });
  } catch (e) {
    throw new ApiError(0, 'network', 'Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.');
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401) unauthenticatedHandler(err);
    throw err;
  }
  return res.json();
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body === undefined ? {} : body, opts);
export const put = (path, body, opts) => api('PUT', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

export async function signIn(username, password) {
  const res = await api('POST', '/session', { username, password });
  setCsrf(res.csrf);
  return res.user;
}

export async function signOut() {
  try { await api('DELETE', '/session'); } finally { setCsrf(''); }
}

/** The signed-in user, or null. Accepts {user, csrf} too, should /api/me ever return that. */
export async function me() {
  try {
    const res = await api('GET', '/me');
    if (res && res.user) { if (res.csrf) setCsrf(res.csrf); return res.user; }
    if (res && res.csrf) setCsrf(res.csrf);
    return res;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const pdfUrl = (id) => `/api/documents/${encodeURIComponent(id)}/pdf`;
export const registerCsvUrl = (year) => `/api/registers/outgoing.csv?year=${encodeURIComponent(year)}`;
