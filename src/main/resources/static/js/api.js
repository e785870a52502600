// The one way the web app talks to Stockroom: the public REST API under /api/v1, plus the page state
// kept in the URL query so that any view can be shared by copying the address.

/** An API failure carrying the RFC 9457 problem detail the server answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = (problem && (problem.detail || problem.title)) || defaultDetail(status);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || {};
    this.detail = detail;
    this.code = this.problem.code;
  }
}

function defaultDetail(status) {
  switch (status) {
    case 0: return 'Cannot reach the Stockroom server. Check that it is running, then try again.';
    case 404: return 'This information is not available on this server yet.';
    case 410: return 'This preview has expired. Upload the file again.';
    case 413: return 'The file is larger than the server accepts. Split it into smaller files or ask your administrator to raise the upload limit.';
    case 503: return 'The warehouse is busy. Try again in a moment.';
    default: return `The server answered ${status}. Try again; if it keeps failing, check the server log.`;
  }
}

function buildUrl(path, params) {
  const url = new URL(path.startsWith('/') ? path : `/api/v1/${path}`, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  return url;
}

/** The CSRF token the server sets in the XSRF-TOKEN cookie; a write sends it back in X-XSRF-TOKEN. */
export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

function headersFor(method, accept) {
  const headers = { Accept: accept };
  if (method !== 'GET' && method !== 'HEAD') headers['X-XSRF-TOKEN'] = csrfToken();
  return headers;
}

/** A session that ended (signed out, expired) sends the user to the sign-in page, then back here. */
function signInAgain(res) {
  if (res.status === 401 && !location.pathname.startsWith('/login')) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
}

async function request(method, path, { params, body, form, signal } = {}) {
  const init = { method, headers: headersFor(method, 'application/json, application/problem+json, */*'), signal, credentials: 'same-origin' };
  if (form) {
    init.body = form;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(buildUrl(path, params), init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  signInAgain(res);
  const type = res.headers.get('content-type') || '';
  let data = null;
  if (res.status !== 204) {
    data = type.includes('json') ? await res.json().catch(() => null) : await res.text().catch(() => null);
  }
  if (!res.ok) throw new ApiError(res.status, data && typeof data === 'object' ? data : null);
  return data;
}

export const api = {
  get: (path, params, opts) => request('GET', path, { ...opts, params }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  upload: (path, form, opts) => request('POST', path, { ...opts, form }),
  url: (path, params) => buildUrl(path, params).toString(),
  /** POST and hand back the raw response (for downloads). */
  async raw(method, path, params) {
    const res = await fetch(buildUrl(path, params), { method, headers: headersFor(method, '*/*'), credentials: 'same-origin' });
    signInAgain(res);
    if (!res.ok) {
      const problem = (res.headers.get('content-type') || '').includes('json') ? await res.json().catch(() => null) : null;
      throw new ApiError(res.status, problem);
    }
    return res;
  },
};

/** POSTs JSON and hands back the response body as a Blob (a file the server makes, e.g. an XLSX export). */
export async function postForBlob(path, body) {
  const xsrf = (document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/) || [])[1];
  const headers = { Accept: '*/*', 'Content-Type': 'application/json' };
  if (xsrf) headers['X-XSRF-TOKEN'] = decodeURIComponent(xsrf);
  let res;
  try {
    res = await fetch(buildUrl(path), { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, null);
  }
  if (!res.ok) {
    const problem = (res.headers.get('content-type') || '').includes('json') ? await res.json().catch(() => null) : null;
    throw new ApiError(res.status, problem);
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') || '')?.[1];
  return { blob: await res.blob(), name };
}

/** Lists come back either as a bare array or as {items: [...]}: accept both. */
export function listOf(data, key = 'items') {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data[key])) return data[key];
  return [];
}

// ----------------------------------------------------------------------------- URL state

/** Reads the page state from the query string; keys not present take their default. */
export function readState(defaults) {
  const q = new URLSearchParams(location.search);
  const state = {};
  for (const [k, d] of Object.entries(defaults)) state[k] = q.has(k) ? q.get(k) : d;
  return state;
}

/** Writes the page state to the query string (defaults and blanks are left out). */
export function writeState(state, defaults, { replace = false } = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    if (v !== undefined && v !== null && v !== '' && v !== defaults[k]) q.set(k, v);
  }
  const qs = q.toString();
  const url = qs ? `${location.pathname}?${qs}` : location.pathname;
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

/** Runs `fn` whenever the user goes back/forward through filter states. */
export function onStateChange(fn) {
  window.addEventListener('popstate', fn);
}

/** Polls `fn` every `ms` until it answers true or throws; returns a stop function. */
export function poll(fn, ms = 2000) {
  let stopped = false;
  let timer;
  const tick = async () => {
    if (stopped) return;
    let done = false;
    try {
      done = await fn();
    } catch (e) {
      done = true;
    }
    if (!done && !stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}
