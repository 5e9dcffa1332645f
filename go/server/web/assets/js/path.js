import {api, getStats} from './api.js';
import {h, num, replace, severityBadge} from './dom.js';
import {drawPath, selectNode} from './graph.js';

// pathView: one attack path drawn as a graph, its nodes with the findings
// behind them, and (when the server has the analysis route, in graph mode)
// its blast radius around the drawing.
export async function pathView(view, {id, signal}) {
  const [path, stats] = await Promise.all([
    api('/api/v1/attack-paths/' + encodeURIComponent(id), {signal}),
    getStats(signal),
  ]);
  const back = sessionStorage.getItem('aegis.lastPaths') || '#/paths';
  const graph = h('div', {id: 'graph', tabindex: 0, role: 'img',
    'aria-label': `Graph of ${path.nodes.length} nodes, left to right: ` + path.nodes.map((n) => n.resource_name).join(', then ') +
      '. Use the left and right arrow keys to step along it.'});
  const frame = h('div', {class: 'graph-frame', id: 'graph-frame'}, graph);
  const nodeItems = path.nodes.map((n, i) => nodeItem(n, i, path));
  const list = h('ol', {class: 'nodes', id: 'path-nodes'});
  nodeItems.forEach((li, i) => {
    if (i > 0) {
      const e = path.edges[i - 1];
      list.append(h('li', {class: 'hop', dataset: {edge: e.id}, 'aria-label': `edge ${e.label}`}, `↓ ${e.label} (${e.edge_type})`));
    }
    list.append(li);
  });
  const analysisSlot = h('div', {id: 'analysis'});
  replace(view,
    h('p', {}, h('a', {href: back, dataset: {back: ''}}, '← Attack paths')),
    h('div', {class: 'path-head'},
      h('h1', {id: 'path-title'}, path.title),
      severityBadge(path.severity),
      h('span', {}, `score ${path.score}`),
      h('span', {}, `${path.hop_count} ${path.hop_count === 1 ? 'hop' : 'hops'}`),
      h('span', {class: 'mono muted'}, path.id)),
    h('p', {id: 'path-description'}, path.description),
    path.mitre_tactics && path.mitre_tactics.length ? h('p', {}, 'MITRE tactics: ', path.mitre_tactics.join(', ')) : null,
    frame,
    h('p', {class: 'legend', 'aria-hidden': 'true'},
      ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].map((s) => severityBadge(s)), ' node colour = severity; text: resource name, type · severity, category'),
    analysisSlot,
    h('h2', {}, 'Nodes and the findings behind them'),
    list);

  let selected = -1;
  const select = (i) => {
    selected = Math.max(0, Math.min(path.nodes.length - 1, i));
    nodeItems.forEach((li, k) => li.classList.toggle('selected', k === selected));
    selectNode(cy, selected);
  };
  let cy = null;
  try {
    cy = await drawPath(graph, path, (i) => {
      select(i);
      nodeItems[i].scrollIntoView({block: 'nearest'});
    });
  } catch (err) {
    frame.append(h('p', {class: 'error'}, err.message));
  }
  if (!cy) {
    graph.remove();
    frame.append(h('p', {class: 'notice', id: 'graph-missing'},
      'The graph library is not bundled in this build (run scripts/setup-web.sh before go build); the path is listed below.'));
  }
  graph.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      select(selected < 0 ? 0 : selected + (e.key === 'ArrowRight' ? 1 : -1));
    }
  });
  const onResize = () => { if (cy && !signal.aborted) { cy.resize(); cy.fit(undefined, 24); } };
  window.addEventListener('resize', onResize);
  signal.addEventListener('abort', () => {
    window.removeEventListener('resize', onResize);
    if (cy) cy.destroy();
    if (window.aegisGraph === cy) window.aegisGraph = null;
  });

  // The findings behind the nodes: one request each (a path has at most a
  // few nodes), drawn as they arrive.
  const findings = path.nodes.map((n, i) => api('/api/v1/findings/' + encodeURIComponent(n.finding_id), {signal, allow404: true})
    .then((f) => replace(nodeItems[i].querySelector('.finding-brief'), findingBrief(f, n)))
    .catch((err) => { if (!signal.aborted) replace(nodeItems[i].querySelector('.finding-brief'), h('span', {class: 'error'}, err.message)); }));
  // The analysis route exists in graph mode (stats carry "mode").
  const analysis = 'mode' in stats
    ? api(`/api/v1/attack-paths/${encodeURIComponent(path.id)}/analysis`, {signal, allow404: true})
      .then((a) => { if (a) showAnalysis(a, frame, analysisSlot); })
      .catch(() => {})
    : Promise.resolve();
  await Promise.all([...findings, analysis]);
}

function nodeItem(n, i, path) {
  const role = i === 0 ? 'entry point' : i === path.nodes.length - 1 ? 'target' : 'intermediate';
  return h('li', {dataset: {node: n.id, index: i}},
    h('div', {class: 'node-head'},
      h('strong', {}, n.resource_name),
      severityBadge(n.severity),
      h('span', {}, n.category),
      h('span', {class: 'muted'}, `${n.resource_type} · ${role} · ${n.provider} ${n.account_id} ${n.region}`)),
    h('div', {class: 'muted mono'}, 'finding ', h('a', {href: '#/findings/' + encodeURIComponent(n.finding_id)}, n.finding_id),
      ' · resource ', n.resource_id),
    h('div', {class: 'finding-brief'}, h('span', {class: 'muted'}, 'Loading the finding…')));
}

// findingBrief: the finding's title, CVEs and remediation.
function findingBrief(f, n) {
  if (!f) return h('span', {class: 'muted'}, `No finding ${n.finding_id} in the store.`);
  const cves = (f.cves || []).map((c) => h('li', {},
    h('span', {class: 'mono'}, c.id), c.cvss !== undefined ? ` CVSS ${c.cvss}` : '', c.cisa_known_exploited ? ' · known exploited' : '',
    c.description ? ` — ${c.description}` : ''));
  return [
    h('p', {}, h('strong', {}, f.title)),
    cves.length ? [h('span', {class: 'muted'}, 'CVEs:'), h('ul', {class: 'cves'}, cves)] : null,
    f.remediation ? h('p', {}, h('span', {class: 'muted'}, 'Remediation: '), f.remediation) : null,
  ];
}

// showAnalysis draws the blast radius as a frame around the graph, with
// its counts, and the analysis texts below.
function showAnalysis(a, frame, slot) {
  const br = a.blast_radius;
  if (br) {
    frame.classList.add('blast');
    frame.prepend(h('span', {class: 'blast-label', id: 'blast-label'},
      `Blast radius: ${num(br.direct)} direct, ${num(br.indirect)} indirect, ${num(br.total)} resources in all`));
  }
  replace(slot, h('section', {class: 'blast-panel', 'aria-label': 'Analysis'},
    h('h2', {}, 'Analysis'),
    a.analysis ? h('p', {}, asText(a.analysis)) : null,
    a.risk_factors && a.risk_factors.length ? [h('h3', {}, 'Risk factors'), h('ul', {}, a.risk_factors.map((r) => h('li', {}, asText(r))))] : null,
    a.remediation_steps && a.remediation_steps.length ? [h('h3', {}, 'Remediation steps'), h('ol', {}, a.remediation_steps.map((r) => h('li', {}, asText(r))))] : null));
}

// asText shows a string as is and anything else by its text-like fields
// (the analysis route's item shapes may grow).
function asText(v) {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return v.text || v.title || v.description || v.summary || JSON.stringify(v);
  return String(v);
}
