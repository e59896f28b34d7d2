// A document's history (lịch sử xử lý) in words: the steps' names, who did them (the system's own
// actors named, never "dispatch" or an office code), details without channel or verdict codes,
// dates as dd/mm/yyyy in Vietnam time.
import { h, formatDate, datesInText } from './dom.js';
import { historyLabels, channelNames, signatureStatusNames } from './labels.js';

/** Who did a step, as the audit trail names them → words. */
export function actorName(user) {
  const u = String(user || '');
  if (u === 'dispatch') return 'Hệ thống (gửi, nhận văn bản điện tử)';
  if (u.startsWith('exchange:')) return 'Trục liên thông văn bản';
  if (u === 'demo' || u === 'cli' || u === 'system') return 'Hệ thống';
  if (/^[0-9A-Z]+([.-][0-9A-Z]+)+$/.test(u)) return 'Cơ quan nhận'; // an office identifier (000.00.32.H37)
  return u;
}

/** A step's detail: channel and verdict codes, status codes and ISO dates in words. */
export function detailText(action, detail) {
  let text = String(detail || '').replace(/\((local|edxml|paper), chữ ký (valid|invalid|none)\)/g,
    (all, channel, verdict) => `(${channelNames[channel]}; ${signatureStatusNames[verdict].toLowerCase()})`);
  if (action === 'recipient-status') text = text.replace(/: \d{1,2} /, ': ');
  return datesInText(text);
}

export function historyLabel(action) {
  return historyLabels[action] || 'Bước xử lý khác';
}

/** The history, newest first, as a timeline. */
export function renderHistory(entries) {
  return h('ol.timeline', { 'data-testid': 'history' }, [...(entries || [])].reverse().map((e) => h('li', { 'data-action': e.action },
    h('div.when', formatDate(e.at, true)),
    h('div', h('strong', historyLabel(e.action)), e.user ? [' · ', actorName(e.user)] : null),
    e.detail ? h('div.detail', detailText(e.action, e.detail)) : null)));
}
