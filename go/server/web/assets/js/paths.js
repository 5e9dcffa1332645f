import {api, getStats, getSummary} from './api.js';
import {h, num, replace, severityBadge} from './dom.js';
import {pager, PAGE_SIZES, rowKeys} from './table.js';

// The path list's filters, as the API names them (docs/http-api.md).
export const PATH_FILTERS = ['severity', 'provider', 'account', 'hop_count', 'q'];

// pathsView: one page of /api/v1/attack-paths, its filters and paging, all
// in the URL (#/paths?severity=HIGH&page=2). Only that page is in the
// browser, never more.
export async function pathsView(view, {params, signal, navigate}) {
  const [stats, summary] = await Promise.all([getStats(signal), getSummary(signal)]);
  const ready = summary.index === 'ready';
  const filtered = PATH_FILTERS.some((k) => params.get(k));
  const perPage = PAGE_SIZES.includes(Number(params.get('per_page'))) ? Number(params.get('per_page')) : 20;

  const form = filterForm(params, stats, summary, ready, navigate);
  const status = h('p', {class: 'order-note', id: 'paths-status'});
  const body = h('div', {id: 'paths-body'});
  replace(view, h('h1', {}, 'Attack paths'), form, status, body);

  if (filtered && !ready) {
    replace(body, h('p', {class: 'notice'}, indexText(summary),
      ' The filters in the address apply once it is done; ', h('a', {href: '#/paths'}, 'show all paths'), '.'));
    pollIndex(summary, signal, () => navigate(location.hash, {replace: true})).catch(() => {});
    return;
  }
  if (!ready) {
    status.append(indexText(summary), ' ');
    pollIndex(summary, signal, () => navigate(location.hash, {replace: true})).catch(() => {});
  }

  const q = new URLSearchParams();
  for (const k of PATH_FILTERS) if (params.get(k)) q.set(k, params.get(k));
  q.set('page', params.get('page') || '1');
  q.set('per_page', String(perPage));
  const page = await api('/api/v1/attack-paths?' + q, {signal});

  status.append(filtered ? `${num(page.total)} matching paths of ${num(stats.total_paths)}. ` : `${num(page.total)} paths. `,
    'Ordered by severity, then score: the API\'s one order.');
  if (page.data.length === 0) {
    replace(body, h('p', {class: 'notice'}, 'No attack path matches these filters.'));
    return;
  }
  const rows = page.data.map((p) => h('tr', {dataset: {id: p.id}},
    h('td', {}, severityBadge(p.severity)),
    h('td', {class: 'num'}, p.score),
    h('td', {class: 'num'}, p.hop_count),
    h('td', {class: 'title'}, h('a', {href: '#/paths/' + encodeURIComponent(p.id)}, p.title), ' ', h('span', {class: 'muted mono'}, p.id)),
    h('td', {class: 'mono'}, p.entry_point.account_id),
    h('td', {}, p.entry_point.provider)));
  const table = h('table', {class: 'list', id: 'paths-table'},
    h('caption', {class: 'muted', style: {textAlign: 'left', padding: '4px 10px'}}, `Page ${page.page} of ${num(page.total_pages)}`),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col'}, 'Severity'), h('th', {scope: 'col', class: 'num'}, 'Score'), h('th', {scope: 'col', class: 'num'}, 'Hops'),
      h('th', {scope: 'col'}, 'Title'), h('th', {scope: 'col'}, 'Account'), h('th', {scope: 'col'}, 'Provider'))),
    h('tbody', {}, rows));
  replace(body, h('div', {class: 'table-wrap'}, table), pager(page, params, '#/paths', navigate));
  rowKeys(table);
  sessionStorage.setItem('aegis.lastPaths', location.hash);
}

function indexText(summary) {
  switch (summary.index) {
  case 'building': return `Filters are off while the server indexes its attack paths (${num(summary.indexed_paths)} of ${num(summary.total_paths)}).`;
  case 'failed': return 'Filters are off: the server could not index its attack paths.';
  case 'off': return 'Filters are off: this server keeps no path index.';
  }
  return '';
}

// pollIndex re-renders once the index is ready.
async function pollIndex(summary, signal, done) {
  while (summary.index === 'building' && !signal.aborted) {
    await new Promise((r) => setTimeout(r, 2000));
    if (signal.aborted) return;
    summary = await getSummary(signal);
    if (summary.index === 'ready' && !signal.aborted) done();
  }
}

function filterForm(params, stats, summary, ready, navigate) {
  const select = (name, label, options) => h('label', {}, label,
    h('select', {name, disabled: !ready},
      h('option', {value: ''}, 'any'),
      options.map(([v, text]) => h('option', {value: v, selected: params.get(name) === v}, text))));
  const severities = ready ? summary.severities.map((s) => [s.severity, `${s.severity} (${num(s.paths)})`])
    : ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].map((s) => [s, s]);
  const providers = Object.entries(stats.by_provider || {}).map(([p, n]) => [p, `${p} (${num(n)})`]);
  const hops = ready ? summary.hop_counts.map((c) => [String(c.hop_count), `${c.hop_count} (${num(c.paths)})`]) : [];
  const accounts = ready ? h('datalist', {id: 'accounts'},
    summary.accounts.map((a) => h('option', {value: a.account_id}, `${a.provider}, ${num(a.paths)} paths`))) : null;
  const form = h('form', {class: 'filters', id: 'path-filters', role: 'search', 'aria-label': 'Filter attack paths'},
    select('severity', 'Severity', severities),
    select('provider', 'Provider', providers),
    h('label', {}, 'Account', h('input', {name: 'account', list: 'accounts', value: params.get('account') || '', disabled: !ready, size: 16})),
    accounts,
    select('hop_count', 'Hops', hops),
    h('label', {}, 'Finding or resource id or name',
      h('input', {type: 'search', name: 'q', value: params.get('q') || '', disabled: !ready, placeholder: 'f-00027, s3-data, i-0ab…', 'data-search': ''})),
    h('label', {}, 'Per page',
      h('select', {name: 'per_page'}, PAGE_SIZES.map((n) => h('option', {value: n, selected: Number(params.get('per_page') || 20) === n}, n)))),
    h('button', {type: 'submit'}, 'Apply'),
    h('a', {href: '#/paths'}, 'Clear'));
  const apply = () => {
    const next = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value && !el.disabled) next.set(el.name, el.value);
    if (next.get('per_page') === '20') next.delete('per_page');
    navigate('#/paths' + (String(next) ? '?' + next : ''));
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') apply(); });
  return form;
}
