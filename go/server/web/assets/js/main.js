// The web view's entry point: hash routes, the token prompt, keyboard
// shortcuts and timing marks.
//
//   #/                      overview
//   #/paths?severity=HIGH   the attack-path table (filters and page in the URL)
//   #/paths/ap-016          one path, drawn
//   #/findings?status=open  the findings table
//   #/findings/f-00027      one finding
//
// Each render is timed with performance.measure("view:NAME"), and the
// document says where it is: <html data-state="loading|ready|error"
// data-route="NAME">, which the browser tests and the benchmark wait for.

import {ApiError, authRequired, clearCaches, forgetToken, getHealth, setToken, token} from './api.js';
import {errorBox, h, replace} from './dom.js';
import {findingsView, findingView} from './findings.js';
import {overview} from './overview.js';
import {pathView} from './path.js';
import {pathsView} from './paths.js';
import {moveRow} from './table.js';

const view = document.getElementById('view');
let current = null; // {controller} of the render in progress
let renders = 0;

function route(hash) {
  const [pathPart, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === 'paths' && parts[1]) return {name: 'path', nav: 'paths', run: (ctx) => pathView(view, {...ctx, id: parts[1]})};
  if (parts[0] === 'paths') return {name: 'paths', nav: 'paths', run: (ctx) => pathsView(view, {...ctx, params})};
  if (parts[0] === 'findings' && parts[1]) return {name: 'finding', nav: 'findings', run: (ctx) => findingView(view, {...ctx, id: parts[1]})};
  if (parts[0] === 'findings') return {name: 'findings', nav: 'findings', run: (ctx) => findingsView(view, {...ctx, params})};
  if (parts.length === 0) return {name: 'overview', nav: 'overview', run: (ctx) => overview(view, ctx)};
  return {name: 'not-found', nav: '', run: () => replace(view, h('h1', {}, 'Not found'),
    h('p', {}, 'No view at ', h('code', {}, hash), '. ', h('a', {href: '#/'}, 'Go to the overview'), '.'))};
}

// navigate goes to hash (a history entry unless replace), re-rendering
// even when the hash is already there.
function navigate(hash, {replace: replaceEntry = false} = {}) {
  if (hash === location.hash) {
    render();
  } else if (replaceEntry) {
    history.replaceState(null, '', hash);
    render();
  } else {
    location.hash = hash;
  }
}

async function render() {
  if (current) current.controller.abort();
  const controller = new AbortController();
  current = {controller};
  const r = route(location.hash);
  const n = ++renders;
  const mark = `route:${n}`;
  performance.mark(mark);
  document.documentElement.dataset.state = 'loading';
  document.documentElement.dataset.route = r.name;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === r.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = `aegis · ${r.name.replace('-', ' ')}`;
  if (authRequired() && !token()) {
    askForToken('This server needs a bearer token.');
    return;
  }
  try {
    await r.run({signal: controller.signal, navigate});
    if (controller.signal.aborted) return;
    performance.measure('view:' + r.name, mark);
    // The hash this view shows: a hash change whose render has not started
    // yet leaves it behind location.hash, so "ready" is never stale.
    document.documentElement.dataset.hash = location.hash;
    document.documentElement.dataset.state = 'ready';
    if (n > 1) focusHeading();
  } catch (err) {
    if (controller.signal.aborted || err.name === 'AbortError') return;
    document.documentElement.dataset.state = 'error';
    if (err instanceof ApiError && err.status === 401) {
      forgetToken();
      askForToken(`The server refused the token: ${err.message}.`);
      return;
    }
    replace(view, h('h1', {}, 'Something went wrong'), errorBox(err),
      h('p', {}, h('a', {href: location.hash || '#/'}, 'Try again'), ' · ', h('a', {href: '#/'}, 'Overview')));
  }
}

// focusHeading moves focus to the new view's heading, so keyboard and
// screen-reader users land on what changed.
function focusHeading() {
  const h1 = view.querySelector('h1');
  if (h1 && !view.contains(document.activeElement)) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({preventScroll: true});
  }
}

function askForToken(message) {
  document.documentElement.dataset.state = 'auth';
  const input = h('input', {type: 'password', name: 'token', autocomplete: 'off', required: true, 'aria-describedby': 'token-help',
    placeholder: 'eyJhbGciOiJIUzI1NiJ9…'});
  replace(view,
    h('h1', {}, 'Sign in'),
    h('form', {id: 'token-form', onsubmit: (e) => {
      e.preventDefault();
      setToken(input.value);
      clearCaches();
      updateTokenButton();
      render();
    }},
    h('p', {role: 'alert'}, message),
    h('label', {}, 'Bearer token (an HS256 JWT signed with the server\'s secret)', input),
    h('p', {class: 'muted', id: 'token-help'}, 'It is kept in this tab\'s sessionStorage only and sent as the Authorization header.'),
    h('button', {type: 'submit'}, 'Use this token')));
  input.focus();
}

function updateTokenButton() {
  document.getElementById('forget-token').hidden = !token();
}

// Keys work anywhere except while typing in a form field.
function onKey(e) {
  const t = e.target;
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
  if (typing) {
    if (e.key === 'Escape') t.blur();
    return;
  }
  const click = (sel) => { const a = view.querySelector(sel); if (a) { a.click(); return true; } return false; };
  let handled = true;
  switch (e.key) {
  case '1': navigate('#/'); break;
  case '2': navigate(sessionStorage.getItem('aegis.lastPaths') || '#/paths'); break;
  case '3': navigate(sessionStorage.getItem('aegis.lastFindings') || '#/findings'); break;
  case '/': { const s = view.querySelector('[data-search]:not(:disabled)'); if (s) s.focus(); else handled = false; break; }
  case 'j': handled = moveRow(1); break;
  case 'k': handled = moveRow(-1); break;
  case '[': handled = click('[data-pager="prev"]'); break;
  case ']': handled = click('[data-pager="next"]'); break;
  case 'Escape': handled = click('[data-back]'); break;
  default: handled = false;
  }
  if (handled) e.preventDefault();
}

document.getElementById('forget-token').addEventListener('click', () => {
  forgetToken();
  clearCaches();
  updateTokenButton();
  render();
});
document.addEventListener('keydown', onKey);
window.addEventListener('hashchange', render);
updateTokenButton();
render();
getHealth().then((health) => {
  document.getElementById('engine-badge').textContent = `${health.engine} engine · ${health.findings.toLocaleString('en-US')} findings`;
}).catch(() => {});
