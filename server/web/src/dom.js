// A small DOM builder: h('div.class#id', {attrs, on: {click}}, ...children). Text is always set
// as text (never parsed as HTML), and no inline style attribute is ever written, so the page
// works under Content-Security-Policy: default-src 'self'.

export function h(tag, props, ...children) {
  let attrs = props;
  if (props == null || typeof props !== 'object' || props instanceof Node || Array.isArray(props)) {
    if (props != null) children.unshift(props);
    attrs = {};
  }
  const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement((m && m[1]) || 'div');
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'on') {
      for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    } else if (key === 'class') {
      for (const c of String(value).split(/\s+/).filter(Boolean)) el.classList.add(c);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (['checked', 'selected', 'disabled', 'required', 'readOnly'].includes(key)) {
      el[key] = !!value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style') {
      throw new Error('inline styles are not allowed (CSP)');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(...args); }, ms);
  };
  wrapped.cancel = () => { clearTimeout(timer); timer = null; };
  wrapped.pending = () => timer !== null;
  return wrapped;
}

const pad = (n) => String(n).padStart(2, '0');

/** A date-time with its zone (…Z, …+01:00) → the same instant as "yyyy-mm-ddThh:mm" in Vietnam time. */
export function inVietnamTime(iso) {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) return iso;
  const t = Date.parse(iso.replace(' ', 'T'));
  return Number.isNaN(t) ? iso : new Date(t + 7 * 3600_000).toISOString().slice(0, 16);
}

/** "2026-06-16" or an ISO date-time → "16/06/2026" (and " 09:30" with withTime), in Vietnam time. */
export function formatDate(iso, withTime = false) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(inVietnamTime(String(iso)));
  if (!m) return iso;
  let out = `${m[3]}/${m[2]}/${m[1]}`;
  if (withTime && m[4]) out += ` ${m[4]}:${m[5]}`;
  return out;
}

export function nowTime() {
  const d = new Date();
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Lines of a textarea → list without empty entries. */
export function lines(text) {
  return String(text || '').split('\n').map((s) => s.trim()).filter(Boolean);
}

/** ISO dates and date-times inside a sentence (e.g. a history entry's detail) → dd/mm/yyyy. */
export function datesInText(text) {
  return String(text || '').replace(/\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\b/g,
    (all, day, time, zone) => formatDate(time ? (zone ? `${day}T${time}:00${zone}` : `${day}T${time}`) : day, !!time));
}
