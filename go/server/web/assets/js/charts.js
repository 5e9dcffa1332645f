import {h, num, percent} from './dom.js';

// barChart is a small horizontal bar chart whose numbers are text: each row
// reads "label  [bar]  count (share)". rows: [{label, value, cls}]; the share
// is of total (default: the rows' sum). The figure's id names it for tests.
export function barChart({id, title, rows, total, note}) {
  const sum = total ?? rows.reduce((a, r) => a + r.value, 0);
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h('figure', {class: 'chart', id},
    h('figcaption', {}, title),
    rows.length === 0 ? h('p', {class: 'muted'}, 'none') : rows.map((r) =>
      h('div', {class: 'bar-row', dataset: {label: r.label, value: r.value}},
        h('span', {class: 'bar-label'}, r.label),
        h('span', {class: 'bar-track', 'aria-hidden': 'true'},
          h('span', {class: 'bar-fill ' + (r.cls || ''), style: {width: (100 * r.value / max).toFixed(2) + '%'}})),
        h('span', {class: 'bar-value'}, `${num(r.value)} (${percent(r.value, sum)})`))),
    note ? h('p', {class: 'muted'}, note) : null);
}
