import {getHealth, getStats, getSummary} from './api.js';
import {barChart} from './charts.js';
import {h, num, replace, severityClass} from './dom.js';

// overview: totals, paths by severity and provider, hop counts, coverage,
// engine, mode and truncation. Every number is text; data-stat names the
// stats key it shows.
export async function overview(view, {signal}) {
  const [health, stats] = await Promise.all([getHealth(signal), getStats(signal)]);
  // data-value keeps the exact number; the text is rounded for reading.
  const card = (key, label, text) => h('div', {class: 'card'}, h('dt', {}, label),
    h('dd', {dataset: {stat: key, value: stats[key]}, title: String(stats[key])}, text));
  const hops = h('div', {id: 'hop-chart-slot'});
  replace(view,
    h('h1', {}, 'Overview'),
    h('dl', {class: 'cards'},
      card('total_paths', 'Attack paths', num(stats.total_paths)),
      card('critical_paths', 'Critical paths', num(stats.critical_paths)),
      card('high_paths', 'High paths', num(stats.high_paths)),
      card('medium_paths', 'Medium or lower', num(stats.medium_paths)),
      card('total_findings', 'Findings', num(stats.total_findings)),
      card('findings_in_paths', 'Findings in paths', num(stats.findings_in_paths)),
      card('isolated_findings', 'Isolated findings', num(stats.isolated_findings)),
      card('coverage_percent', 'Coverage', Number(stats.coverage_percent).toFixed(2) + '%')),
    h('div', {class: 'charts'},
      barChart({id: 'chart-severity', title: 'Paths by severity', rows: [
        {label: 'CRITICAL', value: stats.critical_paths, cls: severityClass('CRITICAL')},
        {label: 'HIGH', value: stats.high_paths, cls: severityClass('HIGH')},
        {label: 'MEDIUM or lower', value: stats.medium_paths, cls: severityClass('MEDIUM')},
      ], note: 'medium_paths counts every path that is neither CRITICAL nor HIGH.'}),
      barChart({id: 'chart-provider', title: 'Paths by provider (of the entry point)',
        rows: Object.entries(stats.by_provider || {}).map(([p, n]) => ({label: p, value: n}))}),
      hops,
      barChart({id: 'chart-coverage', title: 'Coverage: findings in paths vs isolated', rows: [
        {label: 'in paths', value: stats.findings_in_paths},
        {label: 'isolated', value: stats.isolated_findings},
      ]}),
      h('figure', {class: 'chart', id: 'engine-facts'},
        h('figcaption', {}, 'Engine and result'),
        h('dl', {class: 'facts'},
          h('dt', {}, 'engine'), h('dd', {dataset: {fact: 'engine'}}, health.engine || '—'),
          h('dt', {}, 'mode'), h('dd', {dataset: {fact: 'mode'}}, stats.mode || 'heuristic (no edge document)'),
          'candidate_findings' in stats ? [h('dt', {}, 'candidate findings'), h('dd', {}, num(stats.candidate_findings))] : null,
          h('dt', {}, 'truncated'), h('dd', {dataset: {fact: 'truncated'}},
            stats.truncated ? 'yes: a path limit cut the result short' : 'no: every path is here')))));
  // The index may take a while on a large store: the overview is ready
  // without it and the hop chart fills in when the index is.
  hopChart(hops, signal).catch((err) => {
    if (!signal.aborted) replace(hops, h('p', {class: 'error'}, err.message));
  });
}

// hopChart draws paths per hop count from the path index's summary,
// polling while the index is still being built.
async function hopChart(slot, signal) {
  for (;;) {
    const sum = await getSummary(signal);
    if (signal.aborted) return;
    if (sum.index === 'ready') {
      replace(slot, barChart({id: 'chart-hops', title: 'Paths by hop count',
        rows: sum.hop_counts.map((c) => ({label: c.hop_count + (c.hop_count === 1 ? ' hop' : ' hops'), value: c.paths}))}));
      return;
    }
    const text = sum.index === 'building'
      ? `Indexing attack paths: ${num(sum.indexed_paths)} of ${num(sum.total_paths)}…`
      : sum.index === 'failed' ? 'The path index could not be built (see the server log).'
        : 'This server keeps no path index (-path-index=false), so hop counts are not summed up.';
    replace(slot, h('figure', {class: 'chart', id: 'chart-hops'}, h('figcaption', {}, 'Paths by hop count'), h('p', {class: 'muted'}, text)));
    if (sum.index !== 'building') return;
    await new Promise((r) => setTimeout(r, 2000));
    if (signal.aborted) return;
  }
}
