// Audit log (admins): who did what, from where, when, with what outcome; filter and download as CSV.
import { api, readState, writeState, onStateChange } from '../api.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, banner, announce } from '../ui.js';

const DEFAULTS = { actor: '', action: '', category: '', from: '', to: '' };
/** Roles an API token can carry (docs/security.md); a machine usually gets service or read_only. */
const ROLES = ['service', 'read_only', 'data_engineer', 'executive', 'merchandiser', 'store_gm', 'area_manager', 'buyer', 'head_buyer', 'admin'];
let state = readState(DEFAULTS);

mountShell('audit');
const root = document.getElementById('page');
const list = h('div', { id: 'audit-rows' });
const fields = {};
for (const [key, label, type] of [['actor', 'Actor', 'text'], ['action', 'Action', 'text'], ['category', 'Category', 'text'],
  ['from', 'From', 'date'], ['to', 'To', 'date']]) {
  fields[key] = h('input', { id: `a-${key}`, name: key, type, value: state[key] });
}
const csv = h('a', { class: 'btn', id: 'audit-csv', href: '#' }, 'Download CSV');

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Audit log'),
    h('p', { class: 'subtitle' }, 'Sign-ins, token use, every change, exports and refusals')), csv),
  tokensSection(),
  h('form', { class: 'filters', 'aria-label': 'Filters', onSubmit: (e) => { e.preventDefault(); apply(); } },
    Object.entries(fields).map(([k, el]) => h('div', { class: 'field' }, h('label', { for: el.id }, k[0].toUpperCase() + k.slice(1)), el)),
    h('button', { class: 'btn btn-primary', type: 'submit' }, 'Filter')),
  h('section', { class: 'card section' }, list));

onStateChange(() => { state = readState(DEFAULTS); load(); });
load();

function apply() {
  for (const k of Object.keys(DEFAULTS)) state[k] = fields[k].value.trim();
  writeState(state, DEFAULTS);
  load();
}

async function load() {
  csv.href = api.url('/api/v1/audit.csv', state);
  loading(list);
  try {
    const rows = await api.get('/api/v1/audit', { ...state, limit: 500 });
    if (!rows.length) { done(list, emptyState('No audit rows match', 'Clear a filter or widen the dates.')); return; }
    done(list, h('div', { class: 'card-body flush' }, table({
      caption: 'Audit rows, newest first',
      rows,
      columns: [
        { label: 'Time (UTC)', class: 'nowrap', render: (r) => (r.occurred_at || '').replace('T', ' ').slice(0, 19) },
        { label: 'Actor', render: (r) => r.actor },
        { label: 'Role', render: (r) => r.actor_role || '—' },
        { label: 'IP', class: 'mono small', render: (r) => r.client_ip || '—' },
        { label: 'Action', render: (r) => `${r.category} · ${r.action}` },
        { label: 'Object', class: 'mono small', render: (r) => [r.entity_type, r.entity_id].filter(Boolean).join(' ') || '—' },
        { label: 'Outcome', render: (r) => r.outcome || 'ok' },
      ],
    })));
  } catch (e) {
    done(list, errorState(e, load));
  }
}

// ----------------------------------------------------------------------------- API tokens (machines)

/** API tokens for drop-folder agents, POS pushers and BI tools: create (the secret is shown once), list, revoke. */
function tokensSection() {
  const rows = h('div', { id: 'token-rows' });
  const status = h('div', { id: 'token-status', 'aria-live': 'polite' });
  const name = h('input', { id: 't-name', name: 'name', type: 'text', required: true, maxlength: 200, placeholder: 'POS pusher, store 12' });
  const role = h('select', { id: 't-role', name: 'role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const stores = h('input', { id: 't-stores', name: 'stores', type: 'text', placeholder: 'all stores' });
  const expires = h('input', { id: 't-expires', name: 'expires', type: 'date' });
  const field = (el, label) => h('div', { class: 'field' }, h('label', { for: el.id }, label), el);

  async function list() {
    loading(rows);
    try {
      const tokens = await api.get('/api/v1/tokens');
      if (!tokens.length) { done(rows, emptyState('No API tokens yet', 'Create one above for a machine that sends files or reads the API.')); return; }
      done(rows, h('div', { class: 'card-body flush' }, table({
        caption: 'API tokens',
        rows: tokens,
        rowAttrs: (t) => ({ 'data-token': t.id }),
        columns: [
          { label: 'Name', render: (t) => t.name },
          { label: 'Id', class: 'mono small', render: (t) => t.id },
          { label: 'Roles', render: (t) => (t.roles || []).map((r) => String(r).toLowerCase()).join(', ') },
          { label: 'Stores', render: (t) => (t.stores || []).join(', ') || 'all' },
          { label: 'Expires (UTC)', class: 'nowrap', render: (t) => (t.expires_at || 'never').replace('T', ' ').slice(0, 16) },
          { label: 'Last used (UTC)', class: 'nowrap', render: (t) => (t.last_used_at ? t.last_used_at.replace('T', ' ').slice(0, 16) : 'never') },
          { label: 'State', render: (t) => (t.revoked_at ? 'revoked' : h('button', { class: 'btn btn-sm revoke', type: 'button', onClick: () => revoke(t) }, 'Revoke')) },
        ],
      })));
    } catch (e) {
      done(rows, errorState(e, list));
    }
  }

  async function revoke(t) {
    try {
      await api.raw('DELETE', `/api/v1/tokens/${encodeURIComponent(t.id)}`);
      mount(status, banner('ok', `Revoked ${t.name}: it no longer signs anything in.`));
      announce(`Revoked ${t.name}.`);
      list();
    } catch (e) {
      mount(status, banner('error', h('strong', null, 'Not revoked. '), e.detail || ''));
    }
  }

  const form = h('form', { class: 'filters', id: 'token-form', 'aria-label': 'Create an API token', onSubmit: async (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), roles: [role.value],
      stores: stores.value.split(',').map((v) => v.trim()).filter(Boolean) };
    if (expires.value) body.expires_at = `${expires.value}T00:00:00Z`;
    try {
      const created = await api.post('/api/v1/tokens', body);
      mount(status, banner('ok', h('strong', null, `Token for ${created.info.name} — copy it now, it is shown only once: `),
        h('code', { id: 'token-secret', class: 'mono' }, created.token)));
      form.reset();
      list();
    } catch (err) {
      mount(status, banner('error', h('strong', null, 'Not created. '), err.detail || ''));
    }
  } },
  field(name, 'Name'), field(role, 'Role'), field(stores, 'Stores (comma-separated)'), field(expires, 'Expires'),
  h('button', { class: 'btn btn-primary', type: 'submit' }, 'Create token'));

  list();
  return h('section', { class: 'card section', 'aria-labelledby': 'tokens-title' },
    h('div', { class: 'card-body' }, h('h2', { id: 'tokens-title' }, 'API tokens'),
      h('p', { class: 'subtitle' }, 'For machines: drop-folder agents, POS pushers, BI tools. Stored hashed; revoke one the moment it leaks.'),
      form, status), rows);
}
