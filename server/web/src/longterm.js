// The long-term copy of an issued letter (issue 21 items 3 and 4): its PAdES level and where its
// renewal stands, one sentence in Vietnamese with dd/mm/yyyy dates.
import { h, formatDate } from './dom.js';

/** The sentence for a copy (the API's LongTermCopy, or null when the server has made none). */
export function longTermSentence(copy) {
  if (!copy || !copy.made) {
    return copy && copy.lastError
      ? `Chưa lập được bản lưu giữ lâu dài: ${copy.lastError} Máy chủ sẽ thử lại.`
      : 'Chưa có bản lưu giữ lâu dài; máy chủ sẽ lập trong lần gia hạn tới.';
  }
  const level = copy.level ? `PAdES ${copy.level}` : 'mức chưa rõ';
  return `Bản lưu giữ lâu dài: ${level}, dấu thời gian đến hạn ${formatDate(copy.expiresAt)}${longTermStateNote(copy)}.`;
}

/** What waits for a made copy, as a clause (' — …') or '': due, or an algorithm weakened. */
export function longTermStateNote(copy) {
  if (copy.state === 'due') return ' — sắp hết hạn, máy chủ sẽ gia hạn';
  if (copy.state === 'weakened') {
    // algorithmsUntil: the first moment the algorithm policy no longer accepts it.
    const from = copy.algorithmsUntil;
    const future = from && new Date(from) > new Date();
    return ` — thuật toán ${copy.weakestAlgorithm} ${future ? 'sẽ ' : ''}không còn được chấp nhận${from ? ` từ ${formatDate(from)}` : ''}, máy chủ sẽ gia hạn`;
  }
  return '';
}

/** The panel: the sentence, the renewals and the last failure. */
export function renderLongTermCopy(copy) {
  return h('section.panel.long-term', { 'data-testid': 'long-term-copy', 'data-state': copy ? copy.state : 'missing', 'aria-label': 'Bản lưu giữ lâu dài' },
    h('h2', 'Bản lưu giữ lâu dài'),
    h('p', { 'data-testid': 'long-term-summary', 'data-level': copy && copy.made ? copy.level : '' }, longTermSentence(copy)),
    copy && copy.made
      ? h('p.small.muted', copy.renewals ? `Đã gia hạn ${copy.renewals} lần, lần cuối ${formatDate(copy.updatedAt, true)}.` : 'Chưa gia hạn lần nào: bản phát hành là bản lưu giữ.')
      : null,
    copy && copy.made && copy.lastError
      ? h('p.small.alert.alert-warn', { role: 'status', 'data-testid': 'long-term-error' }, `Gia hạn chưa được: ${copy.lastError} Máy chủ sẽ thử lại.`)
      : null);
}
