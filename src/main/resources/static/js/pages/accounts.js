// Accounts (admins): who signs in, with which role and which stores; create, change, disable and delete accounts, and
// the admin's own API tokens. Every write goes through the API (GET/POST /api/v1/users, PATCH/DELETE
// /api/v1/users/{name}), which checks it, audits it and ends the changed account's open session; a refusal is shown
// as the server's message, which says how to fix it.
import { api } from '../api.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, banner, announce, me, field } from '../ui.js';
import { tokensSection } from '../tokens.js';
import { dateTime } from '../format.js';

/** The roles of security/Role.java, with what each may do (docs/security.md has the full matrix). */
const ROLES = [
  { value: 'store_gm', label: 'Store GM', hint: 'dashboards, reorders and alerts of their stores' },
  { value: 'area_manager', label: 'Area manager', hint: 'dashboards, reorders and alerts of their stores or areas' },
  { value: 'buyer', label: 'Buyer', hint: 'decides and approves order lines' },
  { value: 'head_buyer', label: 'Head buyer', hint: 'a buyer who approves orders of any value' },
  { value: 'merchandiser', label: 'Merchandiser', hint: 'dashboards and planogram placements' },
  { value: 'executive', label: 'Executive', hint: 'dashboards' },
  { value: 'data_engineer', label: 'Data engineer', hint: 'feeds, uploads, runs and quality' },
  { value: 'read_only', label: 'Read only', hint: 'reads dashboards, reorders and operations' },
  { value: 'service', label: 'Service', hint: 'a machine that sends files (better: an API token)' },
  { value: 'admin', label: 'Admin', hint: 'everything, accounts and tokens included' },
];
/** Roles that see only the stores given to them: with none they see no store, never the whole chain. */
const STORE_BOUND = new Set(['store_gm', 'area_manager']);

mountShell('accounts');
const root = document.getElementById('page');
const status = h('div', { id: 'accounts-status', 'aria-live': 'polite' });
const rows = h('div', { id: 'account-rows' });
let stores = [];
let accounts = [];
let signedIn = null;

start();

async function start() {
  signedIn = await me();
  const formSection = h('section', { class: 'card section', 'aria-labelledby': 'new-account-title' });
  mount(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Accounts'),
      h('p', { class: 'subtitle' }, 'Who signs in, with which role and which stores. Every change is in the audit log; '
        + 'a changed or deleted account\'s open session ends on its next click.'))),
    formSection,
    h('section', { class: 'card section', 'aria-labelledby': 'accounts-title' },
      h('div', { class: 'card-body' }, h('h2', { id: 'accounts-title' }, 'Accounts'), status), rows),
    tokensSection({ mine: signedIn?.name }));
  loading(formSection);
  try {
    stores = await api.get('/api/v1/stores');
    done(formSection, createForm());
  } catch (e) {
    done(formSection, errorState(e, start));
  }
  list();
}

// ----------------------------------------------------------------------------- the list

async function list() {
  loading(rows);
  try {
    accounts = await api.get('/api/v1/users');
    if (!accounts.length) {
      done(rows, emptyState('No local accounts', 'Create one above. (Accounts of the OIDC provider are managed there.)'));
      return;
    }
    done(rows, h('div', { class: 'card-body flush' }, table({
      caption: 'Accounts',
      rows: accounts,
      rowAttrs: (a) => ({ 'data-user': a.username }),
      columns: [
        { label: 'Name', render: (a) => (a.username === signedIn?.name ? `${a.username} (you)` : a.username) },
        { label: 'Role', render: (a) => (a.roles || []).join(', ') },
        { label: 'Sees', render: (a) => sees(a) },
        { label: 'State', render: (a) => (a.disabled ? h('span', { class: 'chip warn' }, 'disabled') : 'can sign in') },
        { label: 'Created', render: (a) => dateTime(a.created_at) },
        { label: 'Last sign-in', render: (a) => (a.last_sign_in_at ? dateTime(a.last_sign_in_at) : 'never') },
        { label: 'Actions', render: (a) => actions(a) },
      ],
    })));
  } catch (e) {
    done(rows, errorState(e, list));
  }
}

/** What the account sees, as the server decides it (security/StoreScope.java). */
function sees(a) {
  const parts = [...(a.stores || []).map(storeLabel), ...(a.areas || []).map((x) => `area ${x}`)];
  if (parts.length) return parts.join(', ');
  if ((a.roles || []).every((r) => STORE_BOUND.has(r))) {
    return h('span', { class: 'chip warn', title: 'A store GM or area manager without stores sees no store: Edit, and tick theirs.' }, 'no store');
  }
  return 'Whole chain';
}

function storeLabel(id) {
  const s = stores.find((x) => x.store_id === id);
  return s && s.name ? `${s.name} (${id})` : id;
}

function actions(a) {
  const cell = h('div', { class: 'row-actions' });
  const normal = () => mount(cell,
    h('button', { class: 'btn btn-sm edit', type: 'button', onClick: () => edit(a) }, 'Edit'),
    h('button', { class: 'btn btn-sm toggle', type: 'button', onClick: () => toggle(a) }, a.disabled ? 'Enable' : 'Disable'),
    h('button', { class: 'btn btn-sm btn-danger delete', type: 'button', onClick: askFirst }, 'Delete'));
  function askFirst() {
    const no = h('button', { class: 'btn btn-sm', type: 'button', onClick: () => { normal(); cell.querySelector('.delete')?.focus(); } }, 'Cancel');
    mount(cell, h('span', { class: 'small' }, `Delete ${a.username}?`),
      h('button', { class: 'btn btn-sm btn-danger confirm-delete', type: 'button', onClick: () => remove(a) }, 'Delete'), no);
    no.focus();
  }
  normal();
  return cell;
}

async function remove(a) {
  try {
    await api.del(`/api/v1/users/${encodeURIComponent(a.username)}`);
    mount(status, banner('ok', `Deleted ${a.username}: the account signs in no more, and a session it has open ends on its next click.`));
    announce(`Deleted ${a.username}.`);
    list();
  } catch (e) {
    refused(status, 'Not deleted', e);
    list();
  }
}

async function toggle(a) {
  try {
    await api.patch(`/api/v1/users/${encodeURIComponent(a.username)}`, { disabled: !a.disabled });
    mount(status, banner('ok', a.disabled ? `Enabled ${a.username}: they can sign in again.`
      : `Disabled ${a.username}: they cannot sign in, and a session they have open ends on its next click.`));
    list();
  } catch (e) {
    refused(status, a.disabled ? 'Not enabled' : 'Not disabled', e);
  }
}

/** The server's refusal as it said it (its message says how to fix it), never a generic "error". */
function refused(where, what, e) {
  mount(where, banner('error', h('strong', null, `${what}. `), e.detail || e.message));
  announce(`${what}: ${e.detail || e.message}`);
}

// ----------------------------------------------------------------------------- create and change

function createForm() {
  const name = h('input', { id: 'u-name', name: 'name', type: 'text', required: true, maxlength: 100, autocomplete: 'off', placeholder: 'gm.store12' });
  const role = roleSelect('u-role');
  const password = h('input', { id: 'u-password', name: 'password', type: 'password', required: true, autocomplete: 'new-password' });
  const scope = scopeChoice('u', { stores: [], areas: [] }, false);
  const formStatus = h('div', { id: 'account-form-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'account-form', id: 'account-form', 'aria-label': 'Create an account', onSubmit: async (e) => {
    e.preventDefault();
    const chosen = scope.value(role.value);
    if (chosen.problem) { refused(formStatus, 'Not created', { detail: chosen.problem }); return; }
    const body = { name: name.value.trim(), password: password.value, roles: [role.value], ...chosen.scope };
    try {
      const created = await api.post('/api/v1/users', body);
      mount(formStatus, banner('ok', h('strong', null, `Created ${created.username}`),
        ` (${created.roles.join(', ')}; sees ${seesText(created)}). Give them the password you chose; they sign in at ${location.origin}/login.`));
      announce(`Created ${created.username}.`);
      form.reset();
      scope.reset();
      list();
    } catch (err) {
      refused(formStatus, 'Not created', err);
    }
  } },
  field(name, 'Name (what they type to sign in)'), field(role, 'Role'),
  field(password, `Initial password (at least 12 characters)`),
  scope.el,
  h('button', { class: 'btn btn-primary', type: 'submit' }, 'Create account'));
  return h('div', { class: 'card-body' }, h('h2', { id: 'new-account-title' }, 'New account'),
    h('p', { class: 'subtitle' }, 'The password is sent once and stored only hashed: this page never shows it again. '
      + 'They change it on their Password page (beside their name), or you do with stockroom users passwd.'),
    form, formStatus);
}

/** An editor under the account's row: its role and its stores (PATCH), as it has them now. */
function edit(a) {
  document.getElementById('edit-row')?.remove();
  const tr = rows.querySelector(`tr[data-user="${CSS.escape(a.username)}"]`);
  if (!tr) return;
  const several = (a.roles || []).length !== 1;
  const role = roleSelect('e-role', several ? null : a.roles[0]);
  if (several) role.prepend(h('option', { value: '', selected: true }, `keep ${(a.roles || []).join(' + ')}`));
  const scope = scopeChoice('e', a, !(!(a.stores || []).length && !(a.areas || []).length && (a.roles || []).every((r) => STORE_BOUND.has(r))));
  const editStatus = h('div', { id: 'edit-status', 'aria-live': 'polite' });
  const close = () => { row.remove(); tr.querySelector('.edit')?.focus(); };
  const form = h('form', { class: 'account-form', id: 'edit-form', 'aria-label': `Change ${a.username}`, onSubmit: async (e) => {
    e.preventDefault();
    const roles = role.value ? [role.value] : a.roles;
    const chosen = scope.value(roles);
    if (chosen.problem) { refused(editStatus, 'Not changed', { detail: chosen.problem }); return; }
    const body = { ...chosen.scope };
    if (role.value) body.roles = [role.value];
    try {
      const after = await api.patch(`/api/v1/users/${encodeURIComponent(a.username)}`, body);
      mount(status, banner('ok', h('strong', null, `Changed ${after.username}`),
        `: ${after.roles.join(', ')}, sees ${seesText(after)}. A session they have open ends on its next click; they sign in again.`));
      announce(`Changed ${after.username}.`);
      list();
    } catch (err) {
      refused(editStatus, 'Not changed', err);
    }
  } },
  field(role, 'Role'), scope.el,
  h('div', { class: 'row' }, h('button', { class: 'btn btn-primary', type: 'submit' }, 'Save'),
    h('button', { class: 'btn', type: 'button', onClick: close }, 'Cancel')));
  const row = h('tr', { id: 'edit-row', class: 'detail-row' },
    h('td', { colspan: tr.children.length }, h('h3', { class: 'small' }, `Change ${a.username}`), form, editStatus));
  tr.after(row);
  role.focus();
}

function roleSelect(id, value) {
  return h('select', { id, name: 'role' }, ROLES.map((r) =>
    h('option', { value: r.value, selected: r.value === value }, `${r.label} — ${r.hint}`)));
}

/**
 * "Whole chain" or the ticked stores and areas, chosen explicitly: nothing is read from a choice left empty, since an
 * account without stores sees the whole chain (or, a store GM's, no store). `chosen` pre-selects the account's own.
 */
function scopeChoice(prefix, account, chosen) {
  const group = `${prefix}-scope`;
  const mineStores = new Set(account.stores || []);
  const mineAreas = new Set(account.areas || []);
  const limited = mineStores.size > 0 || mineAreas.size > 0;
  const all = h('input', { type: 'radio', name: group, id: `${prefix}-scope-all`, value: 'all', checked: chosen && !limited });
  const some = h('input', { type: 'radio', name: group, id: `${prefix}-scope-stores`, value: 'stores', checked: chosen && limited,
    disabled: !stores.length && !limited });
  const storeBoxes = stores.map((s) => h('label', null,
    h('input', { type: 'checkbox', name: 'store', value: s.store_id, checked: mineStores.has(s.store_id) }), storeLabel(s.store_id)));
  const areas = [...new Set(stores.map((s) => s.area).filter(Boolean))].sort();
  const areaBoxes = areas.map((x) => h('label', null,
    h('input', { type: 'checkbox', name: 'area', value: x, checked: mineAreas.has(x) }), `every store of ${x}`));
  const picks = h('div', { hidden: !some.checked },
    h('div', { class: 'checklist', id: `${prefix}-stores`, role: 'group', 'aria-label': 'Stores' }, storeBoxes),
    areaBoxes.length ? h('div', { class: 'checklist', id: `${prefix}-areas`, role: 'group', 'aria-label': 'Areas (new stores of the area included)' }, areaBoxes) : null);
  const show = () => { picks.hidden = !some.checked; };
  all.addEventListener('change', show);
  some.addEventListener('change', show);
  const el = h('fieldset', { class: 'scope-choice' }, h('legend', null, 'Sees'),
    h('div', { class: 'row' },
      h('label', { for: all.id }, all, 'Whole chain'),
      h('label', { for: some.id }, some, 'These stores or areas:'),
      stores.length ? null : h('span', { class: 'muted small' }, 'No stores in the master data yet: load the stores file to give an account some stores.')),
    picks);
  return {
    el,
    reset() { all.checked = false; some.checked = false; show(); },
    /** {scope: {stores, areas}} or {problem} that says what to choose. */
    value(roles) {
      const bound = [].concat(roles).every((r) => STORE_BOUND.has(r));
      if (!all.checked && !some.checked) {
        return { problem: 'Choose what the account sees: the whole chain ("Whole chain"), or some stores ("These stores or areas", '
          + 'then tick them). A choice left empty is never read as the whole chain.' };
      }
      if (all.checked) {
        if (bound) {
          return { problem: 'A store GM or area manager sees only the stores given to them: with "Whole chain" they would see no store. '
            + 'Choose "These stores or areas" and tick theirs, or give a chain-wide role (executive, buyer, ...).' };
        }
        return { scope: { stores: [], areas: [] } };
      }
      const ticked = (name) => [...picks.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
      const scope = { stores: ticked('store'), areas: ticked('area') };
      // an id the account has that the stores master no longer lists stays as it is
      for (const s of mineStores) if (!stores.some((x) => x.store_id === s)) scope.stores.push(s);
      for (const x of mineAreas) if (!areas.includes(x)) scope.areas.push(x);
      if (!scope.stores.length && !scope.areas.length) {
        return { problem: 'Tick at least one store or area, or choose "Whole chain".' };
      }
      return { scope };
    },
  };
}

function seesText(a) {
  const parts = [...(a.stores || []), ...(a.areas || []).map((x) => `area ${x}`)];
  if (parts.length) return parts.join(', ');
  return (a.roles || []).every((r) => STORE_BOUND.has(r)) ? 'no store' : 'the whole chain';
}

