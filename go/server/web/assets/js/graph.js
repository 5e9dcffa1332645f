// Draws one attack path with Cytoscape.js (vendored, loaded on first use):
// its nodes left to right in chain order, each labelled with resource
// name, type, severity and category, coloured by severity; edges labelled
// with their type. Without the library (a build before scripts/setup-web.sh)
// it says so and the page's text lists carry the path.

let library;

// graphLibraryURL is set by the server when the library is embedded.
function graphLibraryURL() {
  const meta = document.querySelector('meta[name="aegis-graph-library"]');
  return meta ? meta.content : '';
}

function loadLibrary() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  const src = graphLibraryURL();
  if (!src) return Promise.resolve(null);
  library ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve(window.cytoscape);
    s.onerror = () => { library = undefined; reject(new Error('The graph library could not be loaded.')); };
    document.head.append(s);
  });
  return library;
}

const SEVERITY_COLOURS = {
  critical: ['#b3261e', '#ffffff'],
  high: ['#c25400', '#ffffff'],
  medium: ['#fbbc04', '#202124'],
  low: ['#1a56c4', '#ffffff'],
};

function colours(severity) {
  return SEVERITY_COLOURS[String(severity).toLowerCase()] || ['#5f6368', '#ffffff'];
}

// nodeLabel is the text drawn in a node (also what tests read back).
export function nodeLabel(n) {
  return `${n.resource_name}\n${n.resource_type} · ${n.severity}\n${n.category}`;
}

// drawPath draws path into container and returns the Cytoscape instance,
// or null when the library is not in this build. onSelect(i) is called
// when node i is clicked or selected with the keyboard.
export async function drawPath(container, path, onSelect) {
  const cytoscape = await loadLibrary();
  if (!cytoscape) return null;
  const wide = container.clientWidth >= 640;
  const elements = [
    ...path.nodes.map((n, i) => {
      const [bg, fg] = colours(n.severity);
      return {group: 'nodes', data: {id: n.id, index: i, label: nodeLabel(n), bg, fg, finding: n.finding_id}};
    }),
    ...path.edges.map((e) => ({group: 'edges', data: {id: e.id, source: e.source, target: e.target, label: e.label, type: e.edge_type}})),
  ];
  // Left to right on a wide screen; top to bottom on a narrow one, where
  // the box grows with the path so labels stay readable.
  const step = wide ? 340 : 110;
  if (!wide) container.style.height = `${step * path.nodes.length + 30}px`;
  const cy = cytoscape({
    container,
    elements,
    layout: {
      name: 'grid', rows: wide ? 1 : undefined, cols: wide ? undefined : 1, avoidOverlap: true,
      boundingBox: wide ? {x1: 0, y1: 0, w: step * path.nodes.length, h: 120} : {x1: 0, y1: 0, w: 240, h: step * path.nodes.length},
    },
    style: [
      {selector: 'node', style: {
        shape: 'round-rectangle', width: 200, height: 74, 'background-color': 'data(bg)', color: 'data(fg)',
        label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': 190, 'text-valign': 'center', 'text-halign': 'center',
        'font-size': 12, 'font-family': 'system-ui, sans-serif', 'border-width': 2, 'border-color': '#ffffff',
      }},
      {selector: 'node:selected', style: {'border-color': '#0b57d0', 'border-width': 4}},
      {selector: 'edge', style: {
        width: 2, 'line-color': '#80868b', 'target-arrow-color': '#80868b', 'target-arrow-shape': 'triangle',
        'curve-style': 'straight', label: 'data(label)', 'font-size': 12, color: '#202124',
        'text-background-color': '#fcfcfd', 'text-background-opacity': 1, 'text-background-padding': 2,
        'text-margin-y': -14, 'arrow-scale': 1.4,
      }},
    ],
    autoungrabify: true,
    boxSelectionEnabled: false,
    minZoom: 0.3,
    maxZoom: 1.25,
    wheelSensitivity: 0.3,
  });
  cy.fit(undefined, 24);
  cy.on('tap', 'node', (ev) => onSelect(ev.target.data('index')));
  // Tests and curious users read the drawn model from here.
  window.aegisGraph = cy;
  return cy;
}

// selectNode highlights node i of the drawn graph.
export function selectNode(cy, i) {
  if (!cy) return;
  cy.nodes().unselect();
  cy.nodes(`[index = ${Number(i)}]`).select();
}
