// Audit log (admins): who did what, from where, when, with what outcome; filter and download as CSV.
import { api, readState, writeState, onStateChange } from '../api.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table } from '../ui.js';
import { tokensSection } from '../tokens.js';

const DEFAULTS = { actor: '', action: '', category: '', from: '', to: '' };
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
