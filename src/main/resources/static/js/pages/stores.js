// Stores: one store's day — sales vs the same day last week, labour, and the store's inventory alerts.
import { api, readState, writeState, onStateChange } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, skeletonChart, table, selectField, severityChip, announce, exportButtons } from '../ui.js';
import { kpiDef, kpiCard, kpiSkeleton, incompleteBanner, salesPerDay } from '../kpi.js';
import * as charts from '../charts.js';
import { pdfButton } from '../pdf.js';

const DEFAULTS = { store: '', date: '' };
const KPIS = ['net_sales', 'transactions', 'aov', 'units', 'sales_per_labour_hour', 'labour_pct_of_sales'].map(kpiDef);

mountShell('stores');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let filters = null;
let generation = 0;

const els = {
  title: h('h1', null, 'Stores'),
  subtitle: h('p', { class: 'subtitle', id: 'store-day' }, 'One store, one day'),
  controls: h('form', { class: 'filters', 'aria-label': 'Store and day', onSubmit: (e) => e.preventDefault() }),
  kpis: h('section', { class: 'kpi-grid', id: 'kpis', 'aria-label': 'The day in figures', 'aria-live': 'polite' }),
  chart: h('div', { id: 'week-chart' }),
  labour: h('div', { id: 'labour' }),
  alerts: h('div', { id: 'store-alerts' }),
  alertsHint: h('span', { class: 'hint' }),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, els.title, els.subtitle), h('div', { class: 'page-actions' }, pdfButton(root))),
  els.controls,
  els.kpis,
  h('div', { class: 'grid grid-3-1 section' },
    h('section', { class: 'card', 'aria-labelledby': 'wk-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'wk-title' }, 'Sales vs same day last week'), h('span', { class: 'hint' }, 'Last 14 days')),
      els.chart),
    h('section', { class: 'card', 'aria-labelledby': 'labour-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'labour-title' }, 'Labour')),
      els.labour)),
  h('section', { class: 'card section', 'aria-labelledby': 'alerts-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'alerts-title' }, 'Inventory alerts'), els.alertsHint),
    els.alerts));

onStateChange(() => { state = readState(DEFAULTS); start(); });
init();

async function init() {
  loading(els.kpis, KPIS.map(kpiSkeleton));
  try {
    filters = await api.get('/api/v1/filters');
  } catch (e) {
    mount(els.kpis, h('div', { class: 'card', style: { gridColumn: '1 / -1' } }, errorState(e, init)));
    return;
  }
  start();
}

function start() {
  const stores = filters?.stores ?? [];
  if (!stores.length) {
    mount(els.controls);
    done(els.kpis, h('div', { class: 'card', style: { gridColumn: '1 / -1' } },
      emptyState('No stores yet', 'Load a stores file or run the pipeline, then come back.')));
    return;
  }
  if (!state.store || !stores.some((s) => s.store_id === state.store)) state.store = stores[0].store_id;
  if (!state.date) state.date = filters?.date_range?.max || f.today();
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
  const min = filters?.date_range?.min;
  const max = filters?.date_range?.max;
  mount(els.controls,
    selectField({ label: 'Store', name: 'store', id: 's-store', value: state.store,
      options: stores.map((s) => ({ value: s.store_id, label: s.name ? `${s.name} (${s.store_id})` : s.store_id })),
      onChange: (v) => go({ store: v }) }),
    h('div', { class: 'field' }, h('label', { for: 's-date' }, 'Day'),
      h('input', { id: 's-date', name: 'date', type: 'date', value: state.date, min, max, onChange: (e) => e.target.value && go({ date: e.target.value }) })),
    h('div', { class: 'field actions' }, h('span', { class: 'label', 'aria-hidden': 'true' }, '\u00a0'),
      h('div', { class: 'row' },
        h('button', { class: 'btn', type: 'button', disabled: min && state.date <= min, onClick: () => go({ date: f.addDays(state.date, -1) }) }, '← Previous day'),
        h('button', { class: 'btn', type: 'button', disabled: max && state.date >= max, onClick: () => go({ date: f.addDays(state.date, 1) }) }, 'Next day →'))));
  const store = stores.find((s) => s.store_id === state.store);
  els.title.textContent = store?.name || state.store;
  els.subtitle.textContent = `${store?.area ? `${store.area} · ` : ''}${f.longDate(state.date)}`;
  document.title = `${store?.name || state.store} · Stores · Stockroom`;
}

function refresh() {
  const gen = ++generation;
  loadDay(gen);
  loadWeek(gen);
  loadAlerts(gen);
}

async function loadDay(gen) {
  loading(els.kpis, KPIS.map(kpiSkeleton));
  loading(els.labour);
  try {
    const data = await api.get('/api/v1/metrics/kpi', { range: 'custom', from: state.date, to: state.date, store: state.store, compare: 'last_week' });
    if (gen !== generation) return;
    const k = data.kpis || {};
    const against = data.comparison ? `${f.date(data.comparison.from)} (same day last week)` : 'same day last week';
    const gaps = incompleteBanner(data.completeness);
    const gapRow = gaps ? h('div', { style: { gridColumn: '1 / -1' } }, gaps) : null;
    if (!Number(k.net_sales?.value) && !Number(k.transactions?.value)) {
      done(els.kpis, gapRow, h('div', { class: 'card', style: { gridColumn: '1 / -1' } },
        emptyState('No sales for this store on this day', 'Pick another day, or check the Data feeds page for a missing sales file.')));
    } else {
      done(els.kpis, gapRow, KPIS.map((def) => kpiCard(def, k[def.key], against, data.comparison_check)));
    }
    renderLabour(k);
    announce(`${els.title.textContent}: net sales ${f.money(k.net_sales?.value)}.`);
  } catch (e) {
    if (gen !== generation) return;
    done(els.kpis, h('div', { class: 'card', style: { gridColumn: '1 / -1' } }, errorState(e, refresh)));
    done(els.labour, errorState(e));
  }
}

function renderLabour(k) {
  // the labour feed's own hours and cost (not worked back from the rounded ratios, which is cents off)
  const hours = k.labour_hours?.value;
  const cost = k.labour_cost?.value;
  const splh = k.sales_per_labour_hour?.value;
  const labourPct = k.labour_pct_of_sales?.value;
  if (hours === null || hours === undefined) {
    done(els.labour, emptyState('No labour hours for this day', 'Labour files feed this panel.'));
    return;
  }
  // the ratios are not available when the day's sales are missing: say so rather than show a dash
  const ratioNote = k.sales_per_labour_hour?.note;
  done(els.labour, h('div', { class: 'card-body' },
    h('dl', { class: 'kv' },
      h('div', null, h('dt', null, 'Hours worked'), h('dd', null, `${f.number(hours, 2)} h`)),
      h('div', null, h('dt', null, 'Labour cost'), h('dd', null, f.money(cost, { cents: true }))),
      h('div', null, h('dt', null, 'Sales per hour'), h('dd', null, f.money(splh, { cents: true }))),
      h('div', null, h('dt', null, 'Labour % of sales'), h('dd', null, f.pct(labourPct)))),
    ratioNote ? h('p', { class: 'muted small', style: { marginTop: '14px' } }, ratioNote) : null));
}

async function loadWeek(gen) {
  loading(els.chart, skeletonChart());
  try {
    const data = await api.get('/api/v1/metrics/trend', {
      range: 'custom', from: f.addDays(state.date, -13), to: state.date, store: state.store, compare: 'last_week', group_by: 'day',
    });
    if (gen !== generation) return;
    const points = data.points || [];
    if (!points.length) {
      done(els.chart, emptyState('No sales in the last 14 days'));
      return;
    }
    const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': 'Daily net sales for the last 14 days against the same day a week earlier' });
    // each day says whether its sales (and last week's) are whole: a missing or failed feed is not a quiet day
    const yesNo = (b) => (b ? 'yes' : 'no');
    const chartData = () => ({ header: ['Day', 'Net sales', 'Complete', 'Same day last week net sales', 'Same day last week complete'],
      rows: points.map((p) => [p.period, p.net_sales ?? '', yesNo(p.complete), p.previous_net_sales ?? '', yesNo(p.previous_complete)]) });
    done(els.chart, h('div', { id: 'day-chart-export' }, exportButtons('Daily net sales', chartData)), h('div', { class: 'card-body' }, chartEl));
    const weekday = new Intl.DateTimeFormat(navigator.language || 'en-US', { weekday: 'short' });
    charts.render(chartEl, {
      grid: charts.grid({ top: 30 }),
      legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 12, textStyle: { color: '#475569' } },
      tooltip: charts.tooltip({ valueFormatter: (v) => f.money(v) }),
      xAxis: charts.categoryAxis(points.map((p) => `${weekday.format(f.parseDate(p.period))} ${f.dayFormatFor(points.map((q) => q.period))(p.period)}`)),
      yAxis: charts.moneyAxis(),
      series: [
        { name: 'Net sales', type: 'bar', barMaxWidth: 26, itemStyle: { borderRadius: [4, 4, 0, 0] },
          data: points.map((p) => ({ value: p.net_sales, itemStyle: p.period === state.date ? { color: '#312e81' } : undefined })) },
        { name: 'Same day last week', type: 'line', symbol: 'circle', symbolSize: 5, lineStyle: { type: 'dashed', width: 1.5 },
          data: points.map((p) => p.previous_net_sales ?? null) },
      ],
    });
  } catch (e) {
    if (gen !== generation) return;
    done(els.chart, errorState(e));
  }
}

async function loadAlerts(gen) {
  loading(els.alerts);
  els.alertsHint.replaceChildren();
  try {
    const data = await api.get('/api/v1/inventory/alerts', { date: state.date, store: state.store, limit: 15 });
    if (gen !== generation) return;
    // a store whose snapshot of the day never came has no alerts because nothing was counted, not because its stock
    // is fine: say so instead of "within its targets"
    const day = data.date || state.date;
    const gap = (data.completeness?.incomplete_days || [])
      .find((d) => d.date === day && (d.absent || []).includes('inventory'));
    if (gap) {
      const failed = gap.missing.some((m) => m.startsWith('inventory failed'));
      els.alertsHint.append(h('a', { href: `/inventory?store=${encodeURIComponent(state.store)}` }, 'All alerts →'));
      done(els.alerts, h('div', { id: 'alerts-not-available', 'data-date': day },
        emptyState(`Not available: the stock snapshot for this store on ${f.date(day)} ${failed ? 'failed to load' : 'did not arrive'}`,
          'Its inventory alerts cannot be worked out until that snapshot loads.')));
      return;
    }
    const c = data.counts || {};
    els.alertsHint.append(
      h('span', { class: 'row' }, ['critical', 'high', 'medium', 'low'].map((s) => h('span', { class: `chip sev-${s}` }, `${f.int(c[s] ?? 0)} ${s}`)),
        h('a', { href: `/inventory?store=${encodeURIComponent(state.store)}` }, 'All alerts →')));
    const items = data.items || [];
    if (!items.length) {
      done(els.alerts, emptyState('No inventory alerts for this store', 'Stock is within its targets on this day.'));
      return;
    }
    done(els.alerts, h('div', { class: 'card-body flush' }, table({
      caption: 'Inventory alerts for the store',
      rows: items,
      columns: [
        { label: 'Alert', class: 'nowrap', render: (r) => h('span', null, severityChip(r.severity), h('br'), h('span', { class: 'small muted' }, f.label(r.alert_type))) },
        { label: 'Product', class: 'name', render: (r) => h('span', null, r.name || r.sku, ' ', h('span', { class: 'muted small mono' }, r.sku)) },
        { label: 'Category', key: 'category' },
        { label: 'On hand', num: true, render: (r) => f.int(r.on_hand) },
        { label: 'Avg daily sales', num: true, render: (r) => salesPerDay(r) },
        { label: 'Days of cover', num: true, render: (r) => f.number(r.days_of_cover, 1) },
      ],
    }), data.total > items.length
      ? h('div', { class: 'table-foot' }, h('span', null, `${f.int(items.length)} of ${f.int(data.total)} alerts`),
        h('a', { href: `/inventory?store=${encodeURIComponent(state.store)}` }, 'See all in Inventory'))
      : null));
  } catch (e) {
    if (gen !== generation) return;
    done(els.alerts, errorState(e));
  }
}
