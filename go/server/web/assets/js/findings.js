import {api, getStats} from './api.js';
import {h, num, replace, severityBadge} from './dom.js';
import {pager, PAGE_SIZES, rowKeys} from './table.js';

// The findings list's filters (docs/http-api.md, "The findings filter").
// category is planned on the server; when a server ignores it, the page
// notices (the rows do not match) and says so instead of pretending.
const FINDING_FILTERS = ['severity', 'provider', 'status', 'category'];
const CATEGORIES = ['VULNERABILITY', 'MISCONFIGURATION', 'IDENTITY', 'NETWORK', 'DATA_EXPOSURE', 'COMPLIANCE'];

const foldEq = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

// findingsView: one page of /api/v1/findings with its filters in the URL.
export async function findingsView(view, {params, signal, navigate}) {
  const stats = await getStats(signal);
  const perPage = PAGE_SIZES.includes(Number(params.get('per_page'))) ? Number(params.get('per_page')) : 50;
  const q = new URLSearchParams();
  for (const k of FINDING_FILTERS) if (params.get(k)) q.set(k, params.get(k));
  q.set('page', params.get('page') || '1');
  q.set('per_page', String(perPage));
  const form = filterForm(params, stats, perPage, navigate);
  const body = h('div', {id: 'findings-body'});
  replace(view, h('h1', {}, 'Findings'), form, body);
  const page = await api('/api/v1/findings?' + q, {signal});

  const cat = params.get('category');
  const ignoredCategory = cat && page.data.some((f) => !foldEq(f.category, cat));
  const rows = page.data.map((f) => h('tr', {dataset: {id: f.id}},
    h('td', {}, severityBadge(f.severity)),
    h('td', {class: 'title'}, h('a', {href: '#/findings/' + encodeURIComponent(f.id)}, f.title), ' ', h('span', {class: 'muted mono'}, f.id)),
    h('td', {}, f.resource_name, h('div', {class: 'muted'}, f.resource_type)),
    h('td', {}, f.category),
    h('td', {}, f.status),
    h('td', {class: 'mono'}, f.account_id),
    h('td', {}, f.cloud_provider)));
  const table = h('table', {class: 'list', id: 'findings-table'},
    h('thead', {}, h('tr', {}, ['Severity', 'Title', 'Resource', 'Category', 'Status', 'Account', 'Provider'].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows));
  replace(body,
    h('p', {class: 'order-note', id: 'findings-status'},
      `${num(page.total)} ${FINDING_FILTERS.some((k) => params.get(k)) ? 'matching ' : ''}findings, in input order.`),
    ignoredCategory ? h('p', {class: 'notice', id: 'category-ignored'},
      'This server does not filter findings by category yet: the rows below are not limited to ', cat, '.') : null,
    page.data.length ? [h('div', {class: 'table-wrap'}, table), pager(page, params, '#/findings', navigate)]
      : h('p', {class: 'notice'}, 'No finding matches these filters.'));
  if (page.data.length) rowKeys(table);
  sessionStorage.setItem('aegis.lastFindings', location.hash);
}

function filterForm(params, stats, perPage, navigate) {
  const select = (name, label, options) => h('label', {}, label,
    h('select', {name}, h('option', {value: ''}, 'any'),
      options.map((v) => h('option', {value: v, selected: foldEq(params.get(name) || '', v) && params.get(name) !== ''}, v))));
  const form = h('form', {class: 'filters', id: 'finding-filters', role: 'search', 'aria-label': 'Filter findings'},
    select('severity', 'Severity', ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
    select('provider', 'Provider', Object.keys(stats.by_provider || {})),
    h('label', {}, 'Status', h('input', {name: 'status', list: 'statuses', value: params.get('status') || '', size: 12, 'data-search': ''})),
    h('datalist', {id: 'statuses'}, ['open', 'in_progress', 'resolved', 'suppressed'].map((s) => h('option', {value: s}))),
    select('category', 'Category', CATEGORIES),
    h('label', {}, 'Per page', h('select', {name: 'per_page'},
      PAGE_SIZES.map((n) => h('option', {value: n, selected: perPage === n}, n)))),
    h('button', {type: 'submit'}, 'Apply'),
    h('a', {href: '#/findings'}, 'Clear'));
  const apply = () => {
    const next = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) next.set(el.name, el.value);
    if (next.get('per_page') === '50') next.delete('per_page');
    navigate('#/findings' + (String(next) ? '?' + next : ''));
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') apply(); });
  return form;
}

// findingView: one finding in full.
export async function findingView(view, {id, signal}) {
  const f = await api('/api/v1/findings/' + encodeURIComponent(id), {signal});
  const back = sessionStorage.getItem('aegis.lastFindings') || '#/findings';
  const row = (label, value) => (value === undefined || value === null || value === '' ||
    (Array.isArray(value) && value.length === 0)) ? null : [h('dt', {}, label), h('dd', {}, value)];
  replace(view,
    h('p', {}, h('a', {href: back, dataset: {back: ''}}, '← Findings')),
    h('div', {class: 'path-head'}, h('h1', {id: 'finding-title'}, f.title), severityBadge(f.severity), h('span', {class: 'mono muted'}, f.id)),
    h('p', {}, f.description),
    h('dl', {class: 'detail', id: 'finding-detail'},
      row('Resource', `${f.resource_name} (${f.resource_type})`),
      row('Resource id', h('span', {class: 'mono'}, f.resource_id)),
      row('Account', `${f.cloud_provider} ${f.account_id}${f.account_name ? ' · ' + f.account_name : ''}, ${f.region}`),
      row('Category', f.category),
      row('Type', f.type),
      row('Status', `${f.status}${f.workflow_status ? ' · ' + f.workflow_status : ''}${f.suppressed ? ' · suppressed' : ''}`),
      row('Source', `${f.source} ${f.source_finding_id}`),
      row('AI risk', f.ai_risk_level ? `${f.ai_risk_level} (${f.ai_risk_score})${f.ai_risk_rationale ? ': ' + f.ai_risk_rationale : ''}` : ''),
      row('CVSS', f.cvss !== undefined ? `${f.cvss}${f.cvss_vector ? ' · ' + f.cvss_vector : ''}` : ''),
      row('Exploit available', f.exploit_available ? 'yes' : 'no'),
      row('CVEs', (f.cves || []).length ? h('ul', {class: 'cves'}, f.cves.map((c) => h('li', {},
        h('span', {class: 'mono'}, c.id), c.cvss !== undefined ? ` CVSS ${c.cvss}` : '', c.epss !== undefined ? ` · EPSS ${c.epss}` : '',
        c.cisa_known_exploited ? ' · known exploited' : '', c.description ? ` — ${c.description}` : ''))) : null),
      row('MITRE tactics', (f.mitre_tactics || []).join(', ')),
      row('MITRE techniques', (f.mitre_techniques || []).join(', ')),
      row('Remediation', f.remediation),
      row('Compliance', (f.compliance_mappings || []).length ? h('ul', {}, f.compliance_mappings.map((m) =>
        h('li', {}, `${m.framework_name} ${m.control_id}: ${m.control_title}`))) : null),
      row('Service', [f.service_name, f.line_of_business, f.team].filter(Boolean).join(' · ')),
      row('First found / last seen', `${f.first_found_at} / ${f.last_seen_at}`),
      row('Due', f.due_date),
      row('Integrity hash', h('span', {class: 'mono'}, f.integrity_hash))),
    h('details', {}, h('summary', {}, 'The finding as JSON'), h('pre', {class: 'raw'}, JSON.stringify(f, null, 2))));
}
