// Planogram: a store's zones and fixtures with its completeness badge, the placements of one fixture, a merchandiser's
// form to add or change a placement (checked inline, then by the server's placements contract), the fixture's history,
// and the display-lift list of the store.
import { api, readState, writeState, onStateChange } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, selectField, segmented, announce, can, skeletonChart } from '../ui.js';
import * as charts from '../charts.js';
import { incompleteBanner } from '../kpi.js';

const DEFAULTS = { store: '', fixture: '', date: '' };

mountShell('planogram');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let filters = null;
let floor = null;
let canEdit = false;
let generation = 0;

const els = {
  subtitle: h('p', { class: 'subtitle', id: 'pg-asof' }, 'Store → zones → fixtures → placements'),
  controls: h('form', { class: 'filters', 'aria-label': 'Store and date', onSubmit: (e) => e.preventDefault() }),
  badge: h('div', { id: 'completeness', class: 'row', 'aria-live': 'polite' }),
  progress: h('div', { id: 'progress' }),
  space: h('div', { id: 'space' }),
  spaceControls: h('div', { id: 'space-group' }),
  zones: h('div', { id: 'zones' }),
  placementsTitle: h('h2', { id: 'placements-title' }, 'Placements'),
  placements: h('div', { id: 'placements' }),
  form: h('div', { id: 'placement-form' }),
  history: h('div', { id: 'history' }),
  lift: h('div', { id: 'lift' }),
  series: h('div', { id: 'lift-series' }),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Planogram'), els.subtitle)),
  els.controls,
  h('section', { class: 'card section', 'aria-labelledby': 'comp-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'comp-title' }, 'Completeness'), h('span', { class: 'hint' }, 'ranged SKUs with a placement; placements with zone, shelf and facings')),
    h('div', { class: 'card-body' }, els.badge), els.progress),
  h('div', { class: 'grid grid-3-1 section' },
    h('section', { class: 'card', 'aria-labelledby': 'zones-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'zones-title' }, 'Zones and fixtures'), h('span', { class: 'hint' }, 'Pick a fixture')),
      els.zones),
    h('section', { class: 'card', 'aria-labelledby': 'form-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'form-title' }, 'Add or change a placement')),
      h('div', { class: 'card-body' }, els.form))),
  h('section', { class: 'card section', 'aria-labelledby': 'placements-title' },
    h('div', { class: 'card-head' }, els.placementsTitle, h('span', { class: 'hint' }, 'Days of supply = capacity ÷ average daily units of the last 28 days (shared evenly by a SKU\'s placements)')),
    els.placements),
  h('section', { class: 'card section', 'aria-labelledby': 'space-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'space-title' }, 'Space productivity'), els.spaceControls),
    els.space),
  h('section', { class: 'card section', 'aria-labelledby': 'history-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'history-title' }, 'History of this fixture'), h('span', { class: 'hint' }, 'Every version; changes with who made them')),
    els.history),
  h('section', { class: 'card section', 'aria-labelledby': 'lift-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'lift-title' }, 'Display lift'), h('span', { class: 'hint' }, 'Uplift vs baseline (control stores and the pre-period), 95% interval')),
    els.lift, els.series));

onStateChange(() => { state = readState(DEFAULTS); start(); });
init();

async function init() {
  loading(els.zones);
  try {
    [filters, canEdit] = await Promise.all([api.get('/api/v1/filters'), can('edit_placements')]);
  } catch (e) {
    mount(els.zones, errorState(e, init));
    return;
  }
  start();
}

function start() {
  const stores = filters?.stores ?? [];
  if (!stores.length) {
    done(els.zones, emptyState('No stores yet', 'Load a stores file or run the pipeline, then come back.'));
    return;
  }
  if (!state.store || !stores.some((s) => s.store_id === state.store)) state.store = stores[0].store_id;
  writeState(state, DEFAULTS, { replace: true });
  renderControls();
  refresh();
}

function go(changes) {
  state = { ...state, ...changes };
  writeState(state, DEFAULTS);
  renderControls();
  refresh();
}

function renderControls() {
  const stores = filters?.stores ?? [];
  mount(els.controls,
    selectField({ label: 'Store', name: 'store', id: 'pg-store', value: state.store,
      options: stores.map((s) => ({ value: s.store_id, label: s.name ? `${s.name} (${s.store_id})` : s.store_id })),
      onChange: (v) => go({ store: v, fixture: '' }) }),
    h('div', { class: 'field' }, h('label', { for: 'pg-date' }, 'As of'),
      h('input', { id: 'pg-date', name: 'date', type: 'date', value: state.date, onChange: (e) => go({ date: e.target.value }) })));
}

function refresh() {
  const gen = ++generation;
  loadFloor(gen);
  loadProgress(gen);
  loadSpace(gen);
  loadLift(gen);
}

/** Every store and area the user may see: the share of ranged SKUs placed and of placements fully recorded. */
async function loadProgress(gen) {
  loading(els.progress);
  try {
    const data = await api.get('/api/v1/planogram/completeness', { date: state.date });
    if (gen !== generation) return;
    const shareOrNa = (v) => (v === undefined || v === null ? 'not available' : f.share(v));
    const rows = [...data.areas.map((a) => ({ ...a, kind: 'area' })), ...data.stores.map((s) => ({ ...s, kind: 'store' }))];
    done(els.progress, table({
      caption: 'Completeness by area and store',
      columns: [
        { key: 'name', label: 'Area / store', render: (r) => (r.kind === 'area' ? h('strong', null, r.name) : `${r.name || r.store_id} (${r.store_id})`) },
        { key: 'placed_share', label: 'Ranged SKUs placed', num: true, render: (r) => shareOrNa(r.placed_share) },
        { key: 'complete_share', label: 'Fully recorded', num: true, render: (r) => shareOrNa(r.complete_share) },
        { key: 'missing', label: 'Still to place', num: true, render: (r) => (r.target?.missing ?? 'not available') },
        { key: 'status', label: 'Target', render: (r) => f.label(r.target?.status) },
      ],
      rows,
      rowAttrs: (r) => ({ 'data-progress': r.kind === 'store' ? r.store_id : `area:${r.name}` }),
    }));
  } catch (e) {
    if (gen === generation) mount(els.progress, errorState(e, () => loadProgress(gen)));
  }
}

let spaceGroup = 'zone';
async function loadSpace(gen) {
  mount(els.spaceControls, segmented({ label: 'Group space productivity by', name: 'space-group', value: spaceGroup,
    options: [{ value: 'zone', label: 'Zone' }, { value: 'fixture_type', label: 'Fixture type' }, { value: 'shelf', label: 'Shelf' }, { value: 'fixture', label: 'Fixture' }],
    onChange: (v) => { spaceGroup = v; loadSpace(generation); } }));
  loading(els.space);
  try {
    const data = await api.get('/api/v1/planogram/space', { store: state.store, group_by: spaceGroup });
    if (gen !== generation) return;
    const na = (v, fmt) => (v === undefined || v === null ? 'not available' : fmt(v));
    done(els.space,
      // a day of the range without its sales feed (or waiting for Trino) is left out of these sums: said, not hidden
      incompleteBanner(data.completeness, 'space-incomplete'),
      h('p', { class: 'card-body hint' }, `${f.dateRange(data.from, data.to)} · sales of a SKU on the days it was placed; SKUs without a placement are shown apart`),
      table({
        caption: 'Space productivity',
        columns: [
          { key: 'group', label: 'Group', render: (r) => (r.group.startsWith('(') || !['zone', 'fixture_type'].includes(data.group_by) ? r.group : f.label(r.group)) },
          { key: 'net_sales', label: 'Net sales', num: true, render: (r) => na(r.net_sales, f.money) },
          { key: 'units', label: 'Units', num: true, render: (r) => na(r.units, (v) => f.number(v, 0)) },
          { key: 'margin', label: 'Margin', num: true, render: (r) => na(r.margin, f.money) },
          { key: 'avg_facings', label: 'Avg facings', num: true, render: (r) => na(r.avg_facings, f.number) },
          { key: 'sales_per_facing', label: 'Sales / facing', num: true, render: (r) => na(r.sales_per_facing, f.money) },
          { key: 'days_of_supply', label: 'Days of supply', num: true, render: (r) => na(r.days_of_supply, f.number) },
        ],
        rows: data.rows,
        rowAttrs: (r) => ({ 'data-group': r.group }),
      }));
  } catch (e) {
    if (gen === generation) mount(els.space, errorState(e, () => loadSpace(gen)));
  }
}

async function loadFloor(gen) {
  loading(els.zones);
  try {
    floor = await api.get(`/api/v1/planogram/stores/${encodeURIComponent(state.store)}`, { date: state.date });
  } catch (e) {
    if (gen === generation) mount(els.zones, errorState(e, () => loadFloor(gen)));
    return;
  }
  if (gen !== generation) return;
  els.subtitle.textContent = `${state.store} · as of ${f.longDate(floor.as_of)}`;
  renderBadge(floor.completeness);
  const fixtures = floor.zones.flatMap((z) => z.fixtures);
  if (!fixtures.length) {
    done(els.zones, emptyState('No fixtures for this store', 'Load a fixtures file (Data feeds) to lay out the store.'));
    mount(els.placements);
    mount(els.history);
    renderForm(null);
    return;
  }
  if (!state.fixture || !fixtures.some((x) => x.fixture_id === state.fixture)) {
    state.fixture = fixtures[0].fixture_id;
    writeState(state, DEFAULTS, { replace: true });
  }
  done(els.zones, ...floor.zones.map((z) => h('div', { class: 'zone', dataset: { zone: z.display_zone } },
    h('h3', { class: 'zone-title' }, f.label(z.display_zone)),
    table({
      caption: `Fixtures in ${z.display_zone}`,
      columns: [
        { key: 'fixture_id', label: 'Fixture', render: (x) => h('button', { class: 'btn-link', type: 'button', 'aria-pressed': String(x.fixture_id === state.fixture),
          onClick: () => go({ fixture: x.fixture_id }) }, x.fixture_id) },
        { key: 'fixture_type', label: 'Type', render: (x) => f.label(x.fixture_type) },
        { key: 'section', label: 'Section' },
        { key: 'shelf_count', label: 'Shelves', num: true },
        { key: 'placements', label: 'Placements', num: true },
        { key: 'complete', label: 'Fully recorded', num: true },
      ],
      rows: z.fixtures,
      rowAttrs: (x) => ({ 'data-fixture': x.fixture_id, class: x.fixture_id === state.fixture ? 'selected' : null }),
    }))));
  const fixture = fixtures.find((x) => x.fixture_id === state.fixture);
  renderForm(fixture);
  loadPlacements(gen, fixture);
  loadHistory(gen);
}

function renderBadge(c) {
  if (!c) {
    mount(els.badge, h('span', { class: 'chip warn' }, 'Completeness not available'));
    return;
  }
  const placed = c.placed_share === undefined || c.placed_share === null ? 'not available' : f.share(c.placed_share);
  const complete = c.complete_share === undefined || c.complete_share === null ? 'not available' : f.share(c.complete_share);
  const t = c.target || {};
  const status = { done: 'ok', in_progress: 'info', overdue: 'bad', not_available: 'warn' }[t.status] || 'info';
  const target = t.target_date
    ? `${f.label(t.status)} · ${t.missing ?? '—'} to place by ${f.date(t.target_date)}${t.needed_per_day ? ` (${f.number(t.needed_per_day)} a day)` : ''}`
    : `${f.label(t.status)}${t.missing ? ` · ${t.missing} to place` : ''} · no target date set`;
  mount(els.badge,
    h('span', { class: 'chip info', id: 'placed-share', 'data-value': c.placed_share ?? '' }, `${placed} of ranged SKUs placed`),
    h('span', { class: 'hint' }, c.ranged === undefined || c.ranged === null ? 'no stock snapshot in the last 7 days: ranged SKUs unknown' : `${f.int(c.placed)} of ${f.int(c.ranged)}`),
    h('span', { class: 'chip info', id: 'complete-share' }, `${complete} of placements fully recorded`),
    h('span', { class: `chip ${status}`, id: 'target' }, target));
}

async function loadPlacements(gen, fixture) {
  els.placementsTitle.textContent = `Placements on ${state.fixture}`;
  loading(els.placements);
  try {
    const data = await api.get('/api/v1/planogram/placements', { store: state.store, fixture: state.fixture, date: state.date });
    if (gen !== generation) return;
    if (!data.placements.length) {
      done(els.placements, emptyState('Nothing placed on this fixture', canEdit ? 'Add the first placement with the form.' : 'A merchandiser adds placements here.'));
      return;
    }
    done(els.placements, table({
      caption: `Placements on ${state.fixture}`,
      columns: [
        { key: 'sku', label: 'SKU' },
        { key: 'product_name', label: 'Product' },
        { key: 'shelf', label: 'Shelf', num: true },
        { key: 'position', label: 'Position', num: true },
        { key: 'facings', label: 'Facings', num: true },
        { key: 'capacity', label: 'Capacity', num: true },
        { key: 'presentation_min', label: 'Pres. min', num: true },
        { key: 'days_of_supply', label: 'Days of supply', num: true, render: (p) => (p.days_of_supply === undefined ? 'not available' : f.number(p.days_of_supply)) },
        { key: 'valid_from', label: 'Since', render: (p) => f.date(p.valid_from) },
        { key: 'actions', label: '', render: (p) => (canEdit ? h('div', { class: 'row' },
          h('button', { class: 'btn btn-sm', type: 'button', 'data-action': 'edit', onClick: () => renderForm(fixture, p) }, 'Edit'),
          h('button', { class: 'btn btn-sm btn-danger', type: 'button', 'data-action': 'end', onClick: () => endPlacement(p) }, 'Remove')) : null) },
      ],
      rows: data.placements,
      rowAttrs: (p) => ({ 'data-sku': p.sku }),
    }));
  } catch (e) {
    if (gen === generation) mount(els.placements, errorState(e, () => loadPlacements(gen, fixture)));
  }
}

async function loadHistory(gen) {
  loading(els.history);
  try {
    const data = await api.get('/api/v1/planogram/history', { store: state.store, fixture: state.fixture });
    if (gen !== generation) return;
    done(els.history,
      table({
        caption: 'Placement versions',
        columns: [
          { key: 'sku', label: 'SKU' },
          { key: 'valid_from', label: 'From', render: (p) => f.date(p.valid_from) },
          { key: 'valid_to', label: 'To', render: (p) => (p.valid_to ? f.date(p.valid_to) : 'in place') },
          { key: 'shelf', label: 'Shelf', num: true },
          { key: 'position', label: 'Position', num: true },
          { key: 'facings', label: 'Facings', num: true },
          { key: 'capacity', label: 'Capacity', num: true },
          { key: 'source', label: 'Source', render: (p) => (p.source === 'edit' ? 'edited here' : 'file') },
        ],
        rows: data.versions,
        rowAttrs: (p) => ({ 'data-version': `${p.sku}@${p.valid_from}` }),
      }),
      data.changes.length ? h('div', { class: 'card-body' }, h('h3', null, 'Changes'),
        h('ul', { id: 'changes' }, data.changes.map((c) => h('li', null,
          `${f.dateTime(c.occurred_at)} · ${c.actor} · ${f.label(c.action)} · ${c.entity_id}: ${summarize(c.before)} → ${summarize(c.after)}`)))) : null);
  } catch (e) {
    if (gen === generation) mount(els.history, errorState(e, () => loadHistory(gen)));
  }
}

function summarize(json) {
  if (!json) return 'none';
  try {
    const p = JSON.parse(json);
    return `shelf ${p.shelf ?? '—'}, position ${p.position ?? '—'}, ${p.facings ?? '—'} facings, capacity ${p.capacity ?? '—'}${p.validTo ? `, to ${p.validTo}` : ''}`;
  } catch {
    return json;
  }
}

// ------------------------------------------------------------------------------------------------ the form

const FIELDS = [
  { name: 'shelf', label: 'Shelf', min: 1 },
  { name: 'position', label: 'Position', min: 1 },
  { name: 'facings', label: 'Facings', min: 1 },
  { name: 'capacity', label: 'Capacity (units)', min: 0 },
  { name: 'presentation_min', label: 'Presentation minimum', min: 0 },
];

function renderForm(fixture, placement) {
  if (!canEdit) {
    mount(els.form, h('p', { class: 'hint' }, 'Only merchandisers change placements. You can read everything here.'));
    return;
  }
  if (!fixture) {
    mount(els.form, h('p', { class: 'hint' }, 'Pick a fixture first.'));
    return;
  }
  const v = placement || {};
  const inputs = {};
  const errors = {};
  const field = (name, label, attrs) => {
    const id = `pf-${name}`;
    errors[name] = h('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
    inputs[name] = h('input', { id, name, 'aria-describedby': `${id}-error`, ...attrs });
    return h('div', { class: 'field' }, h('label', { for: id }, label), inputs[name], errors[name]);
  };
  const list = h('datalist', { id: 'pf-sku-options' });
  const skuField = field('sku', 'SKU (code or name)', { type: 'text', value: v.sku || '', list: 'pf-sku-options', autocomplete: 'off', required: true,
    onInput: (e) => suggest(e.target.value, list) });
  const numberFields = FIELDS.map((x) => field(x.name, x.name === 'shelf' ? `Shelf (1–${fixture.shelf_count ?? '?'})` : x.label,
    { type: 'number', min: x.min, max: x.name === 'shelf' ? fixture.shelf_count : null, step: 1, value: v[x.name] ?? '' }));
  const fromField = field('valid_from', 'From', { type: 'date', value: f.today() });
  const formError = h('div', { id: 'pf-error', role: 'alert' });
  const form = h('form', { id: 'pf', 'aria-label': `Placement on ${fixture.fixture_id}`, novalidate: true, onSubmit: (e) => { e.preventDefault(); save(); } },
    h('p', { class: 'hint' }, `${state.store} · ${fixture.fixture_id} (${f.label(fixture.fixture_type)}, ${f.label(fixture.display_zone)})`),
    skuField, list, ...numberFields, fromField, formError,
    h('div', { class: 'row' }, h('button', { class: 'btn btn-primary', type: 'submit', id: 'pf-save' }, placement ? 'Save change' : 'Add placement'),
      placement ? h('button', { class: 'btn', type: 'button', onClick: () => renderForm(fixture) }, 'Cancel') : null));
  mount(els.form, form);

  function clear() {
    for (const [name, el] of Object.entries(errors)) {
      el.textContent = '';
      inputs[name].removeAttribute('aria-invalid');
    }
    formError.textContent = '';
  }
  function flag(name, message) {
    const el = errors[name] ? name : null;
    if (el) {
      errors[name].textContent = message;
      inputs[name].setAttribute('aria-invalid', 'true');
    } else {
      formError.append(h('p', { class: 'field-error' }, message));
    }
  }
  function value(name) {
    const raw = inputs[name].value.trim();
    return raw === '' ? null : inputs[name].type === 'number' ? Number(raw) : raw;
  }
  /** The checks a person can be told about before the round trip; the server's contract decides the rest. */
  function localProblems(body) {
    const out = [];
    if (!body.sku) out.push(['sku', 'Pick a SKU: type its code or part of its name.']);
    for (const x of FIELDS) {
      const n = body[x.name];
      if (n !== null && (!Number.isInteger(n) || n < x.min)) out.push([x.name, `${x.label} must be a whole number of at least ${x.min}.`]);
    }
    if (body.shelf !== null && fixture.shelf_count && body.shelf > fixture.shelf_count) out.push(['shelf', `This fixture has ${fixture.shelf_count} shelves.`]);
    if (body.capacity !== null && body.facings !== null && body.capacity < body.facings) out.push(['capacity', 'Capacity must be at least the facings.']);
    return out;
  }
  async function save() {
    clear();
    const body = { store_id: state.store, fixture_id: fixture.fixture_id, sku: value('sku'), valid_from: value('valid_from') };
    for (const x of FIELDS) body[x.name] = value(x.name);
    const local = localProblems(body);
    if (local.length) {
      local.forEach(([name, msg]) => flag(name, msg));
      inputs[local[0][0]].focus();
      return;
    }
    const button = document.getElementById('pf-save');
    button.disabled = true;
    try {
      await api.post('/api/v1/planogram/placements', body);
      announce(`Placement of ${body.sku} saved`);
      refresh();
    } catch (e) {
      button.disabled = false;
      const problems = e.problem?.problems;
      if (problems?.length) {
        problems.forEach((p) => flag(p.column, p.message));
        const first = problems.find((p) => inputs[p.column]);
        if (first) inputs[first.column].focus();
      } else {
        formError.append(h('p', { class: 'field-error' }, e.detail || 'The change could not be saved.'));
      }
    }
  }
}

let suggestTimer;
function suggest(term, list) {
  clearTimeout(suggestTimer);
  if (!term || term.length < 2) return;
  suggestTimer = setTimeout(async () => {
    try {
      const found = await api.get('/api/v1/planogram/skus', { q: term });
      mount(list, found.map((s) => h('option', { value: s.sku }, `${s.name || ''} · ${s.category || ''}`)));
    } catch {
      // suggestions are a convenience; the form still works without them
    }
  }, 200);
}

async function endPlacement(p) {
  if (!window.confirm(`Take ${p.sku} off ${p.fixture_id}? Its placement ends today (the history keeps it).`)) return;
  try {
    await api.post('/api/v1/planogram/placements/end', { store_id: p.store_id, fixture_id: p.fixture_id, sku: p.sku, last_day: f.today() });
    announce(`${p.sku} removed from ${p.fixture_id}`);
    refresh();
  } catch (e) {
    window.alert(e.detail);
  }
}

// ------------------------------------------------------------------------------------------------ display lift

async function loadLift(gen) {
  loading(els.lift);
  try {
    const data = await api.get('/api/v1/planogram/displays', { store: state.store });
    if (gen !== generation) return;
    if (!data.displays.length) {
      done(els.lift, emptyState('No displays in this store in the last 90 days', 'Load a displays file to measure their lift.'));
      return;
    }
    const pctOrNa = (v) => (v === undefined || v === null ? 'not available' : `${v > 0 ? '+' : ''}${f.number(v)}%`);
    done(els.lift,
      data.all ? h('p', { class: 'card-body', id: 'lift-all' }, `All displays: ${pctOrNa(data.all.uplift_pct)} (${pctOrNa(data.all.low_pct)} to ${pctOrNa(data.all.high_pct)}), `
        + `${f.number(data.all.incremental_units)} incremental units`) : null,
      table({
        caption: 'Displays and their lift',
        columns: [
          { key: 'sku', label: 'SKU' },
          { key: 'product_name', label: 'Product' },
          { key: 'display_type', label: 'Type', render: (d) => f.label(d.display_type) },
          { key: 'display_zone', label: 'Zone', render: (d) => f.label(d.display_zone) },
          { key: 'start_date', label: 'Period', render: (d) => f.dateRange(d.start_date, d.end_date) },
          { key: 'uplift_pct', label: 'Uplift', num: true, render: (d) => pctOrNa(d.uplift_pct) },
          { key: 'interval', label: '95% interval', num: true, render: (d) => (d.low_pct === undefined ? 'not available' : `${pctOrNa(d.low_pct)} to ${pctOrNa(d.high_pct)}`) },
          { key: 'incremental_units', label: 'Incremental units', num: true, render: (d) => (d.incremental_units === undefined ? 'not available' : f.number(d.incremental_units)) },
          { key: 'incremental_margin', label: 'Incremental margin', num: true, render: (d) => (d.incremental_margin === undefined ? 'not available' : f.money(d.incremental_margin)) },
          { key: 'method', label: 'Baseline', render: (d) => (d.method === 'did' ? `${d.control_stores} control stores` : 'pre-period only') },
        ],
        rows: data.displays,
        rowAttrs: (d) => ({ 'data-display': `${d.sku}@${d.start_date}` }),
        onRowClick: (d) => loadSeries(d),
      }));
    mount(els.series);
  } catch (e) {
    if (gen === generation) mount(els.lift, errorState(e, () => loadLift(gen)));
  }
}

/** A display's daily units against its baseline (the control stores scaled to the store's pre-period level). */
async function loadSeries(d) {
  loading(els.series, skeletonChart());
  try {
    const data = await api.get('/api/v1/planogram/displays/series', { store: d.store_id, sku: d.sku, start: d.start_date });
    const chartEl = h('div', { class: 'chart', id: 'series-chart', style: { height: '260px' } });
    done(els.series, h('div', { class: 'card-body' },
      h('h3', { id: 'series-title' }, `${d.sku} ${d.product_name || ''}: daily units vs baseline`),
      h('p', { class: 'hint' }, `Pre-period ${d.pre_days} days, display ${d.days_with_data} days with data; baseline from ${d.method === 'did' ? `${d.control_stores} control stores` : 'the pre-period only'}.`),
      chartEl));
    charts.render(chartEl, {
      grid: charts.grid({ top: 30 }),
      legend: { top: 0, left: 0 },
      tooltip: charts.tooltip({ valueFormatter: (v) => f.number(v) }),
      xAxis: charts.categoryAxis(data.points.map((p) => f.shortDate(p.date))),
      yAxis: charts.valueAxis((v) => f.number(v, 0)),
      series: [
        { name: 'Units', type: 'bar', barMaxWidth: 18, data: data.points.map((p) => ({ value: p.units, itemStyle: { color: p.period === 'display' ? charts.COLORS[0] : charts.COLORS[1] } })) },
        { name: 'Baseline', type: 'line', symbol: 'none', data: data.points.map((p) => p.baseline ?? null), lineStyle: { type: 'dashed', color: charts.COLORS[3] } },
      ],
    });
  } catch (e) {
    mount(els.series, errorState(e, () => loadSeries(d)));
  }
}
