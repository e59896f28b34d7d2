// Days left to a deadline, counted in Vietnam time (the home page and the deadlines page).
import { vietnamToday, daysBetween } from './casefile-rules.js';

export { vietnamToday };

/** Whole days from today (Vietnam time) to an ISO date; negative when overdue; null without one. */
export function daysUntil(isoDate, today = vietnamToday()) {
  return isoDate ? daysBetween(today, String(isoDate).slice(0, 10)) : null;
}

export function daysLeftText(days) {
  if (days == null) return 'Không có hạn';
  if (days < 0) return `Quá hạn ${-days} ngày`;
  if (days === 0) return 'Đến hạn hôm nay';
  return `Còn ${days} ngày`;
}

/** Which open letters the deadlines page shows: everything, the overdue, those due within N days, those without a deadline. */
export function deadlineFilter(show, today) {
  if (show === 'overdue') return (d) => d.deadline && daysUntil(d.deadline, today) < 0;
  if (show === 'none') return (d) => !d.deadline;
  if (/^\d+$/.test(show)) return (d) => d.deadline && daysUntil(d.deadline, today) <= Number(show);
  return () => true;
}

/** Earliest deadline first; letters without one last. */
export function byDeadline(a, b) {
  return (a.deadline || '9999-99-99').localeCompare(b.deadline || '9999-99-99') || (a.receivedAt || '').localeCompare(b.receivedAt || '');
}
