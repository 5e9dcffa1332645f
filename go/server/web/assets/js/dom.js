// Small DOM helpers: no framework, no innerHTML (every string is text).

// h builds an element: h('a', {href: '#/', class: 'x'}, 'text', child, [more]).
// Props: class, dataset (object), on<event> (listener), style (object, set
// through the CSSOM), anything else as an attribute (true = present,
// null/false/undefined = absent).
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const numberFormat = new Intl.NumberFormat('en-US');
// num formats a count with thousands separators ("6,942,243").
export const num = (n) => numberFormat.format(n);

// percent formats part/whole with one decimal.
export const percent = (part, whole) => (whole > 0 ? (100 * part / whole).toFixed(1) : '0.0') + '%';

// severityClass maps a severity (any case) to its colour class.
export function severityClass(severity) {
  const s = String(severity || '').toLowerCase();
  return ['critical', 'high', 'medium', 'low'].includes(s) ? 'sev-' + s : 'sev-other';
}

// severityBadge is the coloured word.
export function severityBadge(severity) {
  return h('span', {class: 'sev ' + severityClass(severity)}, severity || '—');
}

// replace swaps el's content for children.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// errorBox shows a failed request.
export function errorBox(err) {
  return h('p', {class: 'error', role: 'alert'}, err && err.message ? err.message : String(err));
}
