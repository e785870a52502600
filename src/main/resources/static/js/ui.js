// Shared building blocks: the app shell (navigation), DOM helper, loading / empty / error states,
// tables, chips and announcements. Text always goes in as text nodes, never as HTML.
import * as f from './format.js';
import { postForBlob } from './api.js';

// --------------------------------------------------------------------------- DOM

/** h('div', {class: 'x', onClick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A form field: its label above the control `el` (which needs an id). */
export function field(el, label) {
  return h('div', { class: 'field' }, h('label', { for: el.id }, label), el);
}

/** Replaces the children of `el`; keeps keyboard focus on the control with the same id, if any. */
export function mount(el, ...children) {
  const active = document.activeElement;
  const focusId = active && active !== document.body && active.id && el.contains(active) ? active.id : null;
  el.replaceChildren();
  append(el, children);
  if (focusId) {
    const again = document.getElementById(focusId);
    if (again && again !== active) again.focus({ preventScroll: true });
  }
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

let uid = 0;
export const nextId = (prefix = 'id') => `${prefix}-${++uid}`;

// --------------------------------------------------------------------------- icons (trusted markup)

const ICONS = {
  logo: '<svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#6366f1"/><path d="M8 12.5 16 8l8 4.5v9L16 26l-8-4.5z" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"/><path d="M8 12.5 16 17l8-4.5M16 17v9" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"/></svg>',
  overview: '<path d="M3 13h8V3H3zM13 21h8V11h-8zM3 21h8v-6H3zM13 3v6h8V3z"/>',
  stores: '<path d="M3 9l1.5-5h15L21 9M3 9v11h18V9M3 9h18M9 20v-6h6v6"/>',
  inventory: '<path d="M21 8 12 3 3 8v8l9 5 9-5zM3 8l9 5 9-5M12 13v8"/>',
  reorder: '<path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6M9 21h.01M18 21h.01"/>',
  simulate: '<path d="M4 20V10M10 20V4M16 20v-7M22 20H2"/>',
  feeds: '<path d="M12 16V4M7 9l5-5 5 5M4 16v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/>',
  runs: '<path d="M5 3l14 9-14 9z"/>',
  quality: '<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4"/>',
  empty: '<path d="M3 3v18h18M7 15l4-4 3 3 5-6"/>',
  error: '<circle cx="12" cy="12" r="9"/><path d="M12 7v6M12 16.5v.5"/>',
  upload: '<path d="M12 16V4M7 9l5-5 5 5M4 16v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/>',
  menu: '<path d="M4 6h16M4 12h16M4 18h16"/>',
  audit: '<path d="M8 4h8l3 3v13H5V4zM8 10h8M8 14h8M8 18h5"/>',
  planogram: '<path d="M4 4h16v16H4zM4 9h16M4 14h16M10 4v16"/>',
  online: '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18"/>',
  accounts: '<circle cx="12" cy="8" r="4"/><path d="M4 21c1-4 4-6 8-6s7 2 8 6"/>',
  customers: '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.8-3.5 3.4-5.5 6.5-5.5s5.7 2 6.5 5.5M16 4.5a3.5 3.5 0 0 1 0 7M18 14.8c1.8.7 3 2.5 3.5 5.2"/>',
};

export function icon(name, cls = '') {
  const span = document.createElement('span');
  span.className = `icon ${cls}`;
  span.setAttribute('aria-hidden', 'true');
  span.style.display = 'inline-flex';
  span.innerHTML = name === 'logo' ? ICONS.logo
    : `<svg viewBox="0 0 24 24" width="100%" height="100%" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${ICONS[name] || ''}</svg>`;
  return span;
}

// --------------------------------------------------------------------------- shell

export const PAGES = [
  { key: 'overview', href: '/', label: 'Overview' },
  { key: 'stores', href: '/stores', label: 'Stores' },
  { key: 'inventory', href: '/inventory', label: 'Inventory' },
  { key: 'planogram', href: '/planogram', label: 'Planogram' },
  { key: 'online', href: '/online', label: 'Online' },
  { key: 'customers', href: '/customers', label: 'Customers' },
  { key: 'reorder', href: '/reorder', label: 'Reorder' },
  { key: 'simulate', href: '/simulate', label: 'Simulator' },
  { key: 'feeds', href: '/feeds', label: 'Data feeds' },
  { key: 'runs', href: '/runs', label: 'Runs' },
  { key: 'quality', href: '/quality', label: 'Quality' },
  { key: 'audit', href: '/audit', label: 'Audit log' },
  { key: 'accounts', href: '/accounts', label: 'Accounts' },
];

/** Renders the navigation into <header id="app-nav"> and sets the document title. */
export function mountShell(active) {
  const host = document.getElementById('app-nav');
  const page = PAGES.find((p) => p.key === active);
  document.title = page ? `${page.label} · Stockroom` : 'Stockroom';
  const navId = 'primary-nav';
  const nav = h('nav', { id: navId, 'aria-label': 'Main', 'data-open': 'false' },
    h('ul', { class: 'nav-list' }, PAGES.map((p) => h('li', null,
      h('a', { href: p.href, 'aria-current': p.key === active ? 'page' : null, 'data-page': p.key },
        icon(p.key), p.label)))));
  const toggle = h('button', {
    class: 'nav-toggle', type: 'button', 'aria-expanded': 'false', 'aria-controls': navId,
    onClick: () => {
      const open = nav.dataset.open !== 'true';
      nav.dataset.open = String(open);
      toggle.setAttribute('aria-expanded', String(open));
    },
  }, h('span', { style: { width: '18px', height: '18px', display: 'inline-flex' } }, icon('menu')), page ? page.label : 'Menu');
  mount(host,
    h('a', { class: 'brand', href: '/' }, icon('logo'), h('span', null, 'Stockroom')),
    toggle,
    nav,
    h('div', { class: 'nav-foot' }, h('a', { href: '/api/docs' }, 'API reference')));
  showSignedIn(host, nav);
  if (!document.getElementById('live')) {
    document.body.append(h('div', { id: 'live', class: 'sr-only', 'aria-live': 'polite', role: 'status' }));
    document.body.append(h('div', { class: 'toast-region', id: 'toasts', 'aria-live': 'assertive' }));
  }
}

/** Which permission a page needs; the server refuses the rest anyway, the menu only hides what would be refused. */
const PAGE_NEEDS = { overview: 'view_dashboards', stores: 'view_dashboards', inventory: 'view_dashboards', planogram: 'view_dashboards',
  online: 'view_dashboards', customers: 'view_dashboards',
  reorder: 'view_replenishment', simulate: 'decide_lines', feeds: 'view_operations', runs: 'view_operations', quality: 'view_operations',
  audit: 'administer', accounts: 'administer' };

let mePromise;
/** The signed-in user: name, roles, permissions, stores (GET /api/v1/me), fetched once per page. */
export function me() {
  if (!mePromise) {
    mePromise = fetch('/api/v1/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null)).catch(() => null);
  }
  return mePromise;
}

/** True when the signed-in user has the permission (e.g. 'decide_lines'). */
export async function can(permission) {
  const m = await me();
  return !!(m && m.permissions && m.permissions.includes(permission));
}

async function showSignedIn(host, nav) {
  const m = await me();
  if (!m) return;
  for (const p of m.permissions || []) document.body.classList.add(`can-${p}`);
  for (const a of nav.querySelectorAll('a[data-page]')) {
    const needs = PAGE_NEEDS[a.dataset.page];
    if (needs && !(m.permissions || []).includes(needs)) a.closest('li').hidden = true;
  }
  const token = h('input', { type: 'hidden', name: '_csrf', value: '' });
  const form = h('form', { method: 'post', action: '/logout', class: 'sign-out',
    onSubmit: () => { token.value = (document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/) || [])[1] || ''; token.value = decodeURIComponent(token.value); } },
  token, h('span', { class: 'signed-in', id: 'signed-in-as' }, m.name), ' ',
  m.password_changeable ? h('a', { href: '/password', id: 'your-password' }, 'Password') : null, m.password_changeable ? ' ' : null,
  h('button', { type: 'submit', class: 'link' }, 'Sign out'));
  const foot = host.querySelector('.nav-foot');
  if (foot) foot.prepend(form);
}

/** Says something to screen readers without moving focus. */
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 30);
}

/** A short message in the corner (errors stay longer). */
export function toast(text, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const t = h('div', { class: `toast ${kind}` }, text);
  region.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

// --------------------------------------------------------------------------- states

export function skeletonLines(n = 5) {
  return h('div', { class: 'card-body', 'aria-hidden': 'true' },
    Array.from({ length: n }, (_, i) => h('span', { class: 'skeleton sk-line', style: { width: `${90 - (i % 3) * 15}%` } })));
}

export function skeletonChart() {
  return h('div', { class: 'card-body', 'aria-hidden': 'true' }, h('span', { class: 'skeleton sk-chart' }));
}

/** Marks a region as loading (for assistive tech) and fills it with a skeleton. */
export function loading(el, skeleton = skeletonLines()) {
  el.setAttribute('aria-busy', 'true');
  mount(el, skeleton);
}

export function done(el, ...children) {
  el.removeAttribute('aria-busy');
  return mount(el, ...children);
}

export function emptyState(title, hint) {
  return h('div', { class: 'state empty', role: 'status' }, icon('empty'), h('p', { class: 'title' }, title), hint ? h('p', null, hint) : null);
}

/** The problem detail's `detail` text, with a retry button when given one. */
export function errorState(err, retry) {
  const detail = err && (err.detail || err.message) ? err.detail || err.message : String(err);
  return h('div', { class: 'state error', role: 'alert' }, icon('error'),
    h('p', { class: 'title' }, err && err.status === 404 ? 'Not available yet' : 'Something went wrong'),
    h('p', { class: 'problem-detail' }, detail),
    retry ? h('button', { class: 'btn btn-sm', type: 'button', onClick: retry }, 'Try again') : null);
}

export function banner(kind, ...children) {
  return h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('div', null, ...children));
}

// --------------------------------------------------------------------------- chips

const STATUS_KIND = {
  transformed: 'ok', succeeded: 'ok', success: 'ok', ok: 'ok', done: 'ok', approved: 'ok', completed: 'ok', exported: 'ok', loaded: 'ok', sent: 'ok', resolved: 'ok',
  failed: 'bad', incomplete: 'bad', missing: 'bad', rejected: 'bad', error: 'bad', errors: 'bad',
  processing: 'info', queued: 'info', transforming: 'info', running: 'info', started: 'info', pending: '',
  proposed: 'warn', partial: 'warn', warn: 'warn', warning: 'warn', skipped: '', duplicate: '',
};
const BUSY = new Set(['processing', 'queued', 'transforming', 'running', 'started']);

export function statusChip(status) {
  const s = String(status || 'unknown').toLowerCase();
  return h('span', { class: `chip ${STATUS_KIND[s] ?? ''} ${BUSY.has(s) ? 'pulse' : ''}`, 'data-status': s }, f.label(s));
}

export function severityChip(sev) {
  const s = String(sev || '').toLowerCase();
  return h('span', { class: `chip sev-${s}` }, f.label(s));
}

/** The change vs the comparison period: arrow + sign + text, so it does not rely on colour. */
export function delta(changePct, { invert = false, against = 'previous period', points = false, comparable = true } = {}) {
  const c = points ? f.changePoints(changePct) : f.change(changePct);
  if (c.text === '—') comparable = true; // nothing to mark when there is no change to show
  const good = invert ? c.dir === 'down' : c.dir === 'up';
  const bad = invert ? c.dir === 'up' : c.dir === 'down';
  // a change against an incomplete period is shown, never as a plain gain or loss
  const cls = !comparable ? 'flat incomplete' : c.dir === 'flat' ? 'flat' : good ? 'up' : bad ? 'down' : 'flat';
  const arrow = !comparable ? '⚠' : c.dir === 'up' ? '▲' : c.dir === 'down' ? '▼' : '';
  const label = `${c.label} vs ${against}${comparable ? '' : ' (this period or that one lacks sales: not a like-for-like change)'}`;
  return h('span', { class: `delta ${cls}`, title: label },
    arrow ? h('span', { 'aria-hidden': 'true' }, arrow) : null,
    h('span', { 'aria-hidden': 'true' }, c.text),
    h('span', { class: 'sr-only' }, label));
}

// --------------------------------------------------------------------------- tables

/**
 * A table inside a horizontally scrolling wrapper.
 * columns: [{key, label, num, render(row) → Node|string, class}]
 */
export function table({ columns, rows, caption, rowAttrs, onRowClick }) {
  const thead = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label))));
  const tbody = h('tbody', null, rows.map((r, i) => {
    const attrs = rowAttrs ? rowAttrs(r, i) : {};
    const tr = h('tr', attrs, columns.map((c) => {
      const v = c.render ? c.render(r) : r[c.key];
      // data-value: the raw number behind a formatted cell, so that exports keep numbers as numbers
      const raw = c.value ? c.value(r) : c.num && c.key ? r[c.key] : undefined;
      const exact = typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) ? raw : undefined;
      // data-label: on a phone each row becomes a card whose cells say what they are
      return h('td', { class: [c.num ? 'num' : '', c.class || ''].join(' ').trim() || null, 'data-label': c.label, 'data-value': exact },
        v === null || v === undefined || v === '' ? '—' : v);
    }));
    if (onRowClick) {
      tr.style.cursor = 'pointer';
      tr.addEventListener('click', (e) => {
        if (e.target.closest('button, a, input, select, label')) return;
        onRowClick(r, tr);
      });
    }
    return tr;
  }));
  const tableEl = h('table', { class: 'cards-on-phone' }, caption ? h('caption', { class: 'sr-only' }, caption) : null, thead, tbody);
  // every table exports what it shows as CSV or XLSX (cells a spreadsheet would run as formulas are quoted)
  return h('div', { class: 'table-wrap' }, exportButtons(caption || 'table', () => tableData(tableEl)), tableEl);
}

/** The header and rows of a table as shown; a cell's data-value (its raw number) wins over its formatted text. */
export function tableData(tableEl) {
  const text = (c) => ((c.tagName === 'TH' ? c.textContent : c.innerText) || '').replace(/\s+/g, ' ').trim();
  const header = [...(tableEl.querySelector('thead tr')?.children || [])].map(text);
  const rows = [...tableEl.querySelectorAll('tbody tr')].filter((tr) => !tr.hidden && !tr.classList.contains('detail-row')).map((tr) =>
    [...tr.children].map((c) => {
      const raw = c.dataset ? c.dataset.value : undefined;
      if (raw !== undefined && raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
      const t = text(c);
      return t === '—' ? '' : t;
    }));
  return { header, rows };
}

/** CSV of {header, rows}; a text cell a spreadsheet would run as a formula gets a leading '. */
export function csvOf({ header, rows }) {
  const cell = (v) => {
    if (typeof v === 'number') return String(v);
    const s = String(v ?? '');
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** "Export CSV" and "Export XLSX" buttons for a table or chart; data() gives its {header, rows} at click time. */
export function exportButtons(name, data) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'table';
  const xlsx = h('button', { class: 'btn btn-sm table-export', type: 'button', 'data-export': 'xlsx', onClick: async () => {
    xlsx.disabled = true;
    try {
      const { blob, name: file } = await postForBlob('/api/v1/exports/xlsx', { name, ...data() });
      download(blob, file || `${slug}.xlsx`);
      announce(`Exported ${name} as XLSX.`);
    } catch (e) {
      toast(`Export failed: ${e.detail || e.message}`, 'error');
    } finally {
      xlsx.disabled = false;
    }
  } }, 'Export XLSX');
  const csv = h('button', { class: 'btn btn-sm table-export', type: 'button', 'data-export': 'csv',
    onClick: () => download(new Blob([csvOf(data())], { type: 'text/csv;charset=utf-8' }), `${slug}.csv`) }, 'Export CSV');
  return h('div', { class: 'table-tools' }, csv, xlsx);
}

/** The table's header and cells as CSV text, in what the page shows. */
export function tableCsv(tableEl) {
  const safe = (t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);
  const cell = (t) => {
    const v = safe(t.replace(/\s+/g, ' ').trim());
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return [...tableEl.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => cell((c.tagName === 'TH' ? c.textContent : c.innerText) || ''))
    .join(',')).join('\r\n') + '\r\n';
}


/** "Showing 1–50 of 230" with previous/next buttons. */
export function pager({ total, limit, offset, onPage }) {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return h('div', { class: 'table-foot' },
    h('span', null, `Showing ${f.int(from)}–${f.int(to)} of ${f.int(total)}`),
    h('div', { class: 'row' },
      h('button', { class: 'btn btn-sm', type: 'button', disabled: offset <= 0, onClick: () => onPage(Math.max(0, offset - limit)) }, 'Previous'),
      h('button', { class: 'btn btn-sm', type: 'button', disabled: to >= total, onClick: () => onPage(offset + limit) }, 'Next')));
}

// --------------------------------------------------------------------------- form fields

/** A labelled <select>. options: [{value, label}] or strings. */
export function selectField({ label, name, options, value, onChange, id = nextId(name), allLabel, inline = false }) {
  const opts = [];
  if (allLabel !== undefined) opts.push(h('option', { value: '' }, allLabel));
  for (const o of options) {
    const v = typeof o === 'object' ? o.value : o;
    const l = typeof o === 'object' ? o.label : o;
    opts.push(h('option', { value: v, selected: String(v) === String(value ?? '') }, l));
  }
  const select = h('select', { id, name, onChange: (e) => onChange && onChange(e.target.value) }, opts);
  return h('div', { class: inline ? 'field inline' : 'field' }, h('label', { for: id }, label), select);
}

export function inputField({ label, name, type = 'text', value, onChange, id = nextId(name), attrs = {} }) {
  const input = h('input', { id, name, type, value: value ?? '', ...attrs, onChange: (e) => onChange && onChange(e.target.value) });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

/** A radio group rendered as a segmented control. */
export function segmented({ label, name, options, value, onChange }) {
  return h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': label },
    options.map((o) => h('label', null,
      h('input', { type: 'radio', name, value: o.value, checked: o.value === value, onChange: () => onChange(o.value) }),
      h('span', null, o.label))));
}

/** Triggers a browser download of a Blob. */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
