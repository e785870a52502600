// Simulator: replay the history with the 28-day average policy and the forecast policy beside the actual history
// (fill rate vs inventory value per policy), and try a what-if (service levels, max weeks of supply, review days)
// before changing the configuration. POST /api/v1/replenishment/simulations does the work.
import { api } from '../api.js';
import * as f from '../format.js';
import * as charts from '../charts.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, selectField, announce } from '../ui.js';

mountShell('simulate');
const root = document.getElementById('page');
const CLASSES = ['A', 'B', 'C', 'all'];
const els = {
  form: h('form', { class: 'filters', id: 'sim-form', 'aria-label': 'Simulation', onSubmit: (e) => { e.preventDefault(); run(); } }),
  notice: h('div', { 'aria-live': 'polite', id: 'sim-notice' }),
  chart: h('div', { class: 'chart', id: 'sim-chart', style: { height: '320px' }, role: 'img', 'aria-label': 'Fill rate against average inventory value per policy' }),
  results: h('div', { id: 'sim-results' }),
};
let defaults = null;
let stores = [];

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Simulator'),
    h('p', { class: 'subtitle' }, 'Replay the history with each policy — and try a what-if before changing the configuration'))),
  els.form,
  els.notice,
  h('section', { class: 'card section', 'aria-labelledby': 'sim-chart-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'sim-chart-title' }, 'Fill rate vs inventory value'),
      h('span', { class: 'hint' }, 'Up and to the left is better: more demand served with less stock')),
    els.chart),
  h('section', { class: 'card section', 'aria-labelledby': 'sim-table-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'sim-table-title' }, 'Outcome per class'),
      h('span', { class: 'hint' }, 'Neither = store-SKU-days neither out of stock nor over the max weeks of supply')),
    els.results));

init();

async function init() {
  loading(els.results);
  try {
    [defaults, stores] = await Promise.all([
      api.get('/api/v1/replenishment/simulations/defaults'),
      api.get('/api/v1/filters').then((x) => x?.stores ?? []).catch(() => []),
    ]);
  } catch (e) {
    done(els.results, errorState(e, init));
    return;
  }
  renderForm();
  if (!defaults.latest_snapshot) {
    done(els.results, emptyState('Nothing to replay yet', 'A simulation replays inventory snapshots and sales: load them first (stockroom demo).'));
    return;
  }
  done(els.results, emptyState('Run a simulation', 'Choose the dates (and a store: the whole chain can take minutes), then Run.'));
}

function field(label, name, value, attrs = {}) {
  const id = `sim-${name}`;
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name, value: value ?? '', ...attrs }));
}

// what a class's service level means (docs/replenishment.md step 6): the chance of no stock-out in a cycle, or the
// share of the units demanded that are served from the shelf
const MEASURES = [{ value: 'cycle', label: 'cycle service level' }, { value: 'fill-rate', label: 'fill-rate target' }];

function renderForm() {
  const c = defaults.configured;
  const pctOf = (v) => (v * 100).toFixed(1).replace(/\.0$/, '');
  mount(els.form,
    field('From', 'from', defaults.suggested_from, { type: 'date' }),
    field('To', 'to', defaults.suggested_to, { type: 'date', max: defaults.latest_snapshot }),
    selectField({ label: 'Store', name: 'store', id: 'sim-store', value: stores[0]?.store_id ?? '', allLabel: 'All stores (slow)',
      options: stores.map((s) => ({ value: s.store_id, label: s.name ? `${s.name} (${s.store_id})` : s.store_id })) }),
    field('Warm-up days', 'warm', defaults.warm_up_days, { type: 'number', min: 0, max: 91 }),
    ...['a', 'b', 'c'].map((k) => field(`${k.toUpperCase()} service level %`, `${k}-sl`, pctOf(c[`${k}_service_level`]),
      { type: 'number', min: 50.1, max: 99.9, step: 0.1 })),
    ...['a', 'b', 'c'].map((k) => selectField({ label: `${k.toUpperCase()} level is a`, name: `${k}-measure`,
      id: `sim-${k}-measure`, value: c[`${k}_service_measure`] ?? 'cycle', options: MEASURES })),
    ...['a', 'b', 'c'].map((k) => field(`${k.toUpperCase()} max weeks of supply`, `${k}-wos`, c[`${k}_max_weeks_of_supply`],
      { type: 'number', min: 0.1, max: 52, step: 0.1 })),
    field('Review every N days', 'review', '', { type: 'number', min: 1, max: 28, placeholder: 'suppliers\u2019 order days' }),
    h('div', { class: 'field' }, h('label', { 'aria-hidden': 'true' }, '\u00a0'),
      h('button', { class: 'btn btn-primary', type: 'submit', id: 'sim-run' }, 'Run simulation')));
}

function value(name) {
  const el = document.getElementById(`sim-${name}`);
  const v = el ? el.value.trim() : '';
  return v === '' ? null : v;
}

function number(name, scale = 1) {
  const v = value(name);
  return v === null ? null : Number(v) / scale;
}

async function run() {
  const c = defaults.configured;
  const whatIf = {};
  for (const k of ['a', 'b', 'c']) {
    const sl = number(`${k}-sl`, 100);
    if (sl !== null && Math.abs(sl - c[`${k}_service_level`]) > 1e-9) whatIf[`${k}_service_level`] = sl;
    const w = number(`${k}-wos`);
    if (w !== null && Math.abs(w - c[`${k}_max_weeks_of_supply`]) > 1e-9) whatIf[`${k}_max_weeks_of_supply`] = w;
    const m = value(`${k}-measure`);
    if (m !== null && m !== (c[`${k}_service_measure`] ?? 'cycle')) whatIf[`${k}_service_measure`] = m;
  }
  if (number('review') !== null) whatIf.review_days = number('review');
  const body = { from: value('from'), to: value('to'), store: document.getElementById('sim-store').value || null,
    warm_up_days: number('warm'), what_if: whatIf };
  const button = document.getElementById('sim-run');
  button.disabled = true;
  mount(els.notice);
  loading(els.results);
  announce('Simulation running');
  try {
    const r = await api.post('/api/v1/replenishment/simulations', body);
    show(r, Object.keys(whatIf).length > 0);
    announce('Simulation done');
  } catch (e) {
    done(els.results, errorState(e, run));
  } finally {
    button.disabled = false;
  }
}

const LEAD_SOURCES = { receipts: 'observed over the receipts',
  receipts_outliers: 'observed over the receipts with stray ones left out', supplier_product: 'configured per supplier and SKU',
  supplier: 'configured per supplier', default: 'the default' };

function leadTimes(sources) {
  return Object.entries(sources || {}).map(([k, v]) => `${f.int(v)} ${LEAD_SOURCES[k] ?? k}`).join(', ') || 'none';
}

function level(s, k) {
  return `${f.share(s[`${k}_service_level`])}${s[`${k}_service_measure`] === 'fill-rate' ? ' (fill rate)' : ''}`;
}

function show(r, whatIf) {
  const s = r.settings;
  const excluded = Object.entries(r.excluded || {}).map(([k, v]) => `${f.int(v)} ${k}`).join(', ');
  mount(els.notice, h('p', { class: 'banner info', id: 'sim-summary' },
    `${f.date(r.from)} – ${f.date(r.to)}${whatIf ? ' (what-if)' : ''}: ${f.int(r.pairs)} store-SKU pairs, policies from `
    + `${f.date(f.addDays(r.from, -r.warm_up_days))} (${r.warm_up_days} days of warm-up not measured); `
    + `${f.int(r.imputed_days)} of ${f.int(r.demand_days)} demand days imputed (the day ended out of stock or the store sent no sales)`
    + `${excluded ? `; left out: ${excluded}` : ''}. Lead times: ${leadTimes(r.lead_time_sources)}; `
    + `${f.int(r.promoted_pairs)} pairs with promotion days in the calendar. Service level A ${level(s, 'a')}, B ${level(s, 'b')}, `
    + `C ${level(s, 'c')}; max weeks A ${s.a_max_weeks_of_supply}, B ${s.b_max_weeks_of_supply}, C ${s.c_max_weeks_of_supply}; `
    + (s.review_days ? `an order every ${s.review_days} days.` : 'the suppliers\u2019 order days.')));
  charts.render(els.chart, {
    legend: { top: 0 },
    grid: charts.grid(),
    tooltip: { trigger: 'item', formatter: (p) => `${p.seriesName}, ${p.data.cls === 'all' ? 'overall' : `class ${p.data.cls}`}<br>`
      + `fill rate ${f.share(p.data.value[1])}<br>average inventory ${f.money(p.data.value[0])}` },
    xAxis: { ...charts.moneyAxis(), name: 'average inventory value', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { ...charts.valueAxis((v) => f.share(v, 0)), name: 'fill rate', scale: true },
    series: r.policies.map((p) => ({
      name: p.label,
      type: 'scatter',
      symbolSize: 14,
      label: { show: true, position: 'right', formatter: (x) => x.data.cls },
      data: CLASSES.filter((k) => p.by_class[k] && p.by_class[k].fill_rate != null)
        .map((k) => ({ cls: k, value: [p.by_class[k].average_inventory_value, p.by_class[k].fill_rate] })),
    })),
  });
  const causes = (c) => (c == null ? '\u2014' : [
    ['inherited', c.inherited], ['display minimum', c.minimum], ['S above the cap', c.above_cap], ['of which the lead time alone', c.above_cap_lead_time],
    ['MOQ', c.moq], ['rounding', c.rounding], ['demand below estimate', c.demand_below_estimate],
  ].map(([label, v]) => `${label} ${f.share(v)}`).join(', '));
  const sections = CLASSES.map((k) => {
    const rows = r.policies.map((p) => ({ policy: p.policy, label: p.label, ...p.by_class[k] }));
    return h('div', { class: 'section', 'data-class': k },
      h('h3', null, k === 'all' ? `Overall (${f.int(rows[0]?.pairs ?? 0)} pairs)` : `Class ${k} (${f.int(rows[0]?.pairs ?? 0)} pairs)`),
      table({
        caption: `Outcome, ${k === 'all' ? 'overall' : `class ${k}`}`,
        rowAttrs: (row) => ({ 'data-policy': row.policy }),
        // money in whole units in every row: a column that showed $950.12 under $1,234 read as two kinds of number
        columns: [
          { key: 'label', label: 'Policy' },
          { key: 'fill_rate', label: 'Fill rate', num: true, render: (x) => f.share(x.fill_rate) },
          { key: 'stock_out_days', label: 'Out-of-stock days', num: true, render: (x) => f.share(x.stock_out_days) },
          { key: 'lost_sales_value', label: 'Lost sales', num: true, render: (x) => f.money(x.lost_sales_value, { cents: false }) },
          { key: 'average_inventory_value', label: 'Avg inventory', num: true, render: (x) => f.money(x.average_inventory_value, { cents: false }) },
          { key: 'turns', label: 'Turns / year', num: true, render: (x) => f.number(x.turns) },
          { key: 'order_lines', label: 'Order lines', num: true, render: (x) => f.int(x.order_lines) },
          { key: 'neither_share', label: 'Neither', num: true, render: (x) => f.share(x.neither_share) },
          { key: 'overstock_days', label: 'Overstock', num: true, render: (x) => f.share(x.overstock_days) },
          { key: 'pack_bound_days', label: 'of which pack-bound', num: true, render: (x) => f.share(x.pack_bound_days) },
          { key: 'neither_share_settled', label: 'Neither after its first order', num: true, render: (x) => f.share(x.neither_share_settled) },
          { key: 'overstock_causes', label: 'Other overstock by cause', render: (x) => causes(x.overstock_causes) },
        ],
        rows,
      }));
  });
  done(els.results, ...sections,
    h('p', { class: 'hint' }, 'Fill rate = units sold / demanded. Overstock = stock over the max weeks of supply (class W \u00d7 7 \u00d7 the mean daily '
      + 'demand of the last 28 days, never below a display or rule minimum); pack-bound = days on which one case or the MOQ alone is over it. '
      + 'Other overstock by cause: no order of the policy arrived yet (inherited), the order went up to a display minimum, its order-up-to level was '
      + 'above the cap (lead-time floor), the MOQ or rounding took it past the cap, or demand came in below the estimate; shares of all pair-days. '
      + 'Actual order lines are inferred from rises in on order. \u2014 = not available.'));
}
