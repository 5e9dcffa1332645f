// The JSON API client: bearer token from sessionStorage when the server
// asks for one (the page's aegis-auth meta), JSON errors as ApiError.

const TOKEN_KEY = 'aegis.token';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

// authRequired says whether the server was started with a JWT secret.
export function authRequired() {
  const meta = document.querySelector('meta[name="aegis-auth"]');
  return Boolean(meta && meta.content === 'bearer');
}

export const token = () => sessionStorage.getItem(TOKEN_KEY) || '';
export const setToken = (t) => sessionStorage.setItem(TOKEN_KEY, t.trim());
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

// api GETs path and returns its JSON. With allow404, a 404 is null; open
// routes (/health) are asked even without a token.
export async function api(path, {signal, allow404 = false, open = false} = {}) {
  if (!open && authRequired() && !token()) {
    throw new ApiError(401, 'unauthorized', 'This server needs a bearer token.');
  }
  const headers = {Accept: 'application/json'};
  if (token()) headers.Authorization = 'Bearer ' + token();
  const res = await fetch(path, {headers, signal});
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    if (allow404 && res.status === 404) return null;
    throw new ApiError(res.status, body?.code || 'error',
      body?.message || `${res.status} ${res.statusText}`, Number(res.headers.get('Retry-After')) || 0);
  }
  return body;
}

// Session caches: the store never changes while the server runs, so its
// health and stats are read once; the path-index summary is read again
// until the index is ready.
let health, stats, summary;
export function getHealth(signal) {
  health ??= api('/health', {signal, open: true}).catch((e) => { health = undefined; throw e; });
  return health;
}
export function getStats(signal) {
  stats ??= api('/api/v1/attack-paths/stats', {signal}).catch((e) => { stats = undefined; throw e; });
  return stats;
}
// getSummary is the index summary, or null when the server has no index.
export async function getSummary(signal) {
  if (summary && summary.index !== 'building') return summary;
  summary = await api('/api/v1/attack-paths/summary', {signal, allow404: true}) ?? {index: 'off'};
  return summary;
}
// clearCaches drops everything read with the old token.
export function clearCaches() {
  health = stats = summary = undefined;
}
