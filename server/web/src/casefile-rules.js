// Pure helpers of the case-file pages (views/casefiles.js): no DOM and no API calls, so the
// unit tests (tests/unit.test.mjs) run them in node.
import { formatDate } from './dom.js';

/** Today in Vietnam (UTC+7, no daylight saving) as an ISO date. */
export function vietnamToday(now = Date.now()) {
  return new Date(now + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The case file opened from an entry of the file list (danh mục hồ sơ): the one of the same year
 * and code (a code is unique in a year's list), or null while none is opened.
 */
export function caseFileOf(entry, files) {
  return files.find((f) => f.year === entry.year && f.code === entry.code) || null;
}

/** The files documents can still be added to, by year (newest first) and code. */
export function openFiles(files) {
  return files.filter((f) => f.state === 'open')
    .sort((a, b) => b.year - a.year || a.code.localeCompare(b.code, 'vi'));
}

/**
 * When a closed file is due at the office archive (nộp lưu, one year after closing), as
 * {level, text}: level 'overdue', 'due-soon' (the server's archiveWarning: 30 days or less) or
 * 'ok'. Null for an open file.
 */
export function archiveStatus(file, today) {
  if (file.handover) return { level: 'handed', text: `Đã nộp lưu ngày ${formatDate(file.handover.handedAt)}` };
  if (file.state !== 'closed' || !file.archiveDueOn) return null;
  const due = formatDate(file.archiveDueOn);
  const days = daysBetween(today, file.archiveDueOn);
  if (days < 0) return { level: 'overdue', text: `Quá hạn nộp lưu ${-days} ngày (hạn ${due})` };
  if (file.archiveWarning || days <= 30) {
    return { level: 'due-soon', text: days === 0 ? `Đến hạn nộp lưu hôm nay (${due})` : `Sắp đến hạn nộp lưu: còn ${days} ngày (hạn ${due})` };
  }
  return { level: 'ok', text: `Nộp lưu trước ${due}` };
}

/** A file's documents in date order (issued date, then the order filed), numbered 1, 2, …:
 * the index of documents in a file (mục lục văn bản), as the exported PDF and CSV list them. */
export function inDateOrder(documents) {
  return documents.map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.issuedDate || '').localeCompare(b.d.issuedDate || '') || a.i - b.i)
    .map(({ d }, i) => ({ ...d, position: i + 1 }));
}

/** The page of a document filed in a case file (imported ones: their read-only page), or null. */
export function filedDocumentHref(doc) {
  if (doc.kind === 'outgoing') return `#/documents/${doc.id}`;
  if (doc.kind === 'incoming') return `#/incoming/${doc.id}`;
  if (doc.kind === 'imported') return `#/imported/${doc.id}`;
  return null;
}

/** "05/UBND-NV" from a filed document's number and notation. */
export function filedNotation(doc) {
  return [doc.codeNumber, doc.codeNotation].filter(Boolean).join('/') || '—';
}

/** The file name of a Content-Disposition header (attachment; filename="…"), or fallback. */
export function attachmentName(header, fallback) {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header || '');
  if (!m) return fallback;
  try { return decodeURIComponent(m[1]); } catch { return m[1]; }
}
