import {h, num} from './dom.js';

export const PAGE_SIZES = [10, 20, 50, 100];

// pageHref is base's URL for page n with the other parameters kept.
export function pageHref(base, params, n) {
  const q = new URLSearchParams(params);
  if (n > 1) q.set('page', String(n)); else q.delete('page');
  return base + (String(q) ? '?' + q : '');
}

// pager: first / previous / "page P of N" / next / last, plus a page box.
// Its links carry data-pager so the [ and ] keys find them.
export function pager(page, params, base, navigate) {
  const link = (n, text, rel) => (n >= 1 && n <= page.total_pages && n !== page.page)
    ? h('a', {href: pageHref(base, params, n), dataset: {pager: rel}, rel: rel === 'prev' || rel === 'next' ? rel : null}, text)
    : h('span', {class: 'off', 'aria-disabled': 'true'}, text);
  const jump = h('input', {type: 'number', min: 1, max: page.total_pages, value: page.page, 'aria-label': 'Page number', style: {width: '6em'}});
  return h('nav', {class: 'pager', 'aria-label': 'Pages'},
    link(1, '« First', 'first'), link(page.page - 1, '‹ Previous', 'prev'),
    h('span', {}, `Page ${num(page.page)} of ${num(page.total_pages)} · ${num(page.total)} in all`),
    link(page.page + 1, 'Next ›', 'next'), link(page.total_pages, 'Last »', 'last'),
    h('form', {onsubmit: (e) => {
      e.preventDefault();
      const n = Math.min(Math.max(1, Number(jump.value) || 1), Math.max(1, page.total_pages));
      navigate(pageHref(base, params, n));
    }}, jump, ' ', h('button', {type: 'submit'}, 'Go')));
}

// rowKeys lets j/k move a highlighted row in table and Enter open its link.
export function rowKeys(table) {
  table.dataset.keys = 'rows';
}

// moveRow is called by the global key handler for j / k.
export function moveRow(delta) {
  const table = document.querySelector('table[data-keys="rows"]');
  if (!table) return false;
  const rows = [...table.tBodies[0].rows];
  if (rows.length === 0) return false;
  let i = rows.findIndex((r) => r.classList.contains('current'));
  rows[i]?.classList.remove('current');
  i = i < 0 ? (delta > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, i + delta));
  rows[i].classList.add('current');
  const link = rows[i].querySelector('a');
  (link || rows[i]).focus();
  return true;
}
