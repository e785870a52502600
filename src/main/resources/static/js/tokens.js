// API tokens for machines (drop-folder agents, POS pushers, BI tools): create (the secret is shown once, with a copy
// button), list, revoke. On the Accounts page an admin sees the tokens they made; the Audit log page shows every one.
import { api } from './api.js';
import { h, mount, loading, done, emptyState, errorState, table, banner, announce } from './ui.js';

/** Roles an API token can carry (docs/security.md); a machine usually gets service or read_only. */
const ROLES = ['service', 'read_only', 'data_engineer', 'executive', 'merchandiser', 'store_gm', 'area_manager', 'buyer', 'head_buyer', 'admin'];

/**
 * The API tokens section. With `mine` (the signed-in name), it lists the tokens that name made and offers every
 * admin's with a checkbox; without it, every token.
 */
export function tokensSection({ mine } = {}) {
  const rows = h('div', { id: 'token-rows' });
  const status = h('div', { id: 'token-status', 'aria-live': 'polite' });
  const name = h('input', { id: 't-name', name: 'name', type: 'text', required: true, maxlength: 200, placeholder: 'POS pusher, store 12' });
  const role = h('select', { id: 't-role', name: 'role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const stores = h('input', { id: 't-stores', name: 'stores', type: 'text', placeholder: 'all stores' });
  const expires = h('input', { id: 't-expires', name: 'expires', type: 'date' });
  const everyone = mine ? h('input', { id: 't-all', type: 'checkbox', onChange: () => list() }) : null;
  const field = (el, label) => h('div', { class: 'field' }, h('label', { for: el.id }, label), el);

  async function list() {
    loading(rows);
    try {
      const all = await api.get('/api/v1/tokens');
      const tokens = mine && !everyone.checked ? all.filter((t) => t.created_by === mine) : all;
      const others = all.length - tokens.length;
      const more = others > 0 ? h('p', { class: 'muted small card-body' },
        `${others} token${others === 1 ? '' : 's'} made by other admins or the CLI: tick "Every admin's tokens" to see them.`) : null;
      if (!tokens.length) {
        done(rows, emptyState(mine ? 'You have made no API tokens' : 'No API tokens yet',
          'Create one above for a machine that sends files or reads the API.'), more);
        return;
      }
      done(rows, h('div', { class: 'card-body flush' }, table({
        caption: 'API tokens',
        rows: tokens,
        rowAttrs: (t) => ({ 'data-token': t.id }),
        columns: [
          { label: 'Name', render: (t) => t.name },
          { label: 'Id', class: 'mono small', render: (t) => t.id },
          { label: 'Roles', render: (t) => (t.roles || []).map((r) => String(r).toLowerCase()).join(', ') },
          { label: 'Stores', render: (t) => [...(t.stores || []), ...(t.areas || []).map((a) => `area ${a}`)].join(', ') || 'all' },
          { label: 'Made by', render: (t) => t.created_by || '—' },
          { label: 'Expires (UTC)', class: 'nowrap', render: (t) => (t.expires_at || 'never').replace('T', ' ').slice(0, 16) },
          { label: 'Last used (UTC)', class: 'nowrap', render: (t) => (t.last_used_at ? t.last_used_at.replace('T', ' ').slice(0, 16) : 'never') },
          { label: 'State', render: (t) => (t.revoked_at ? 'revoked' : h('button', { class: 'btn btn-sm revoke', type: 'button', onClick: () => revoke(t) }, 'Revoke')) },
        ],
      })), more);
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
        h('code', { id: 'token-secret', class: 'mono' }, created.token), ' ', copyButton(created.token)));
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
    h('div', { class: 'card-body' }, h('h2', { id: 'tokens-title' }, mine ? 'Your API tokens' : 'API tokens'),
      h('p', { class: 'subtitle' }, 'For machines: drop-folder agents, POS pushers, BI tools. Stored hashed; revoke one the moment it leaks.'),
      form, status,
      everyone ? h('label', { class: 'row small' }, everyone, 'Every admin\'s tokens') : null), rows);
}

/** Copies the secret to the clipboard; where the browser refuses, selects it so that Ctrl+C copies it. */
function copyButton(secret) {
  const button = h('button', { class: 'btn btn-sm', id: 'token-copy', type: 'button', onClick: async () => {
    try {
      await navigator.clipboard.writeText(secret);
      button.textContent = 'Copied';
      announce('The token is on the clipboard.');
    } catch (e) {
      const code = document.getElementById('token-secret');
      window.getSelection().selectAllChildren(code);
      button.textContent = 'Selected: press Ctrl+C (⌘C)';
    }
  } }, 'Copy');
  return button;
}
