// Overview: chain KPIs vs the comparison period, the sales trend and the top products, for the
// filters in the URL (range, dates, area, store, department, category, comparison).
import { api, readState, writeState, onStateChange } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, skeletonChart, table, segmented, selectField, announce, banner, exportButtons } from '../ui.js';
import { kpiDef, kpiCard, kpiSkeleton, metricParams, incompleteBanner } from '../kpi.js';
import * as charts from '../charts.js';
import { pdfButton } from '../pdf.js';

const DEFAULTS = {
  range: 'last_30_days', from: '', to: '', area: '', store: '', department: '', category: '', sku: '',
  compare: 'previous_period', group_by: 'day', order_by: 'net_sales',
};
const RANGES = [
  { value: 'last_7_days', label: 'Last 7 days' },
  { value: 'last_30_days', label: 'Last 30 days' },
  { value: 'last_90_days', label: 'Last 90 days' },
  { value: 'mtd', label: 'Month to date' },
  { value: 'this_quarter', label: 'Quarter to date' },
  { value: 'ytd', label: 'Year to date' },
  { value: 'fiscal_wtd', label: 'Fiscal week to date' },
  { value: 'fiscal_mtd', label: 'Fiscal month to date' },
  { value: 'fiscal_qtd', label: 'Fiscal quarter to date' },
  { value: 'fiscal_ytd', label: 'Fiscal year to date' },
  { value: 'custom', label: 'Custom dates' },
];
const KPIS = ['net_sales', 'comp_sales', 'units', 'transactions', 'aov', 'gross_margin_pct', 'sales_per_labour_hour'].map(kpiDef);
const COMPARES = [
  { value: 'previous_period', label: 'Previous period' },
  { value: 'last_week', label: 'Same days last week' },
  { value: 'last_year', label: 'Same period last year' },
];

mountShell('overview');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let filters = null;
let generation = 0;

const els = {
  subtitle: h('p', { class: 'subtitle', id: 'period' }, 'Sales performance across the chain'),
  check: h('div', { id: 'comparison-check' }),
  filterBar: h('form', { class: 'filters', id: 'filters', 'aria-label': 'Filters', onSubmit: (e) => e.preventDefault() }),
  kpis: h('section', { class: 'kpi-grid', id: 'kpis', 'aria-label': 'Key figures', 'aria-live': 'polite' }),
  trend: h('div', { id: 'trend' }),
  trendControls: h('div'),
  top: h('div', { id: 'top-products' }),
  topControls: h('div'),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Overview'), els.subtitle), h('div', { class: 'page-actions' }, pdfButton(root))),
  els.filterBar,
  els.check,
  els.kpis,
  h('section', { class: 'card section', 'aria-labelledby': 'trend-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'trend-title' }, 'Sales trend'), els.trendControls),
    els.trend),
  h('section', { class: 'card section', 'aria-labelledby': 'top-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'top-title' }, 'Top products'), els.topControls),
    els.top));

onStateChange(() => { state = readState(DEFAULTS); renderFilters(); refresh(); });
init();

async function init() {
  renderFilters();
  refresh();
  try {
    filters = await api.get('/api/v1/filters');
  } catch (e) {
    filters = null;
  }
  renderFilters();
}

function set(changes) {
  state = { ...state, ...changes };
  if (state.range !== 'custom') { state.from = ''; state.to = ''; }
  writeState(state, DEFAULTS);
  renderFilters();
  refresh();
}


function renderFilters() {
  const areas = filters?.areas ?? [];
  const stores = (filters?.stores ?? []).filter((s) => !state.area || s.area === state.area);
  const departments = filters?.departments ?? [];
  const categories = [...new Set((filters?.categories ?? [])
    .filter((c) => !state.department || c.department === state.department).map((c) => c.category))];
  const min = filters?.date_range?.min;
  const max = filters?.date_range?.max;
  const custom = state.range === 'custom';
  const dateInput = (key, label) => {
    const id = `f-${key}`;
    return h('div', { class: 'field' }, h('label', { for: id }, label),
      h('input', { id, name: key, type: 'date', value: state[key] || (key === 'to' ? max : '') || '', min, max,
        onChange: (e) => {
          const other = key === 'from' ? 'to' : 'from';
          const otherValue = state[other] || (other === 'to' ? max : min) || e.target.value;
          set({ [key]: e.target.value, [other]: otherValue });
        } }));
  };
  mount(els.filterBar,
    selectField({ label: 'Date range', name: 'range', id: 'f-range', options: RANGES, value: state.range,
      onChange: (v) => set(v === 'custom'
        ? { range: v, from: state.from || (max ? f.addDays(max, -13) : ''), to: state.to || max || '' }
        : { range: v }) }),
    custom ? dateInput('from', 'From') : null,
    custom ? dateInput('to', 'To') : null,
    selectField({ label: 'Area', name: 'area', id: 'f-area', options: areas, value: state.area, allLabel: 'All areas',
      onChange: (v) => set({ area: v, store: '' }) }),
    selectField({ label: 'Store', name: 'store', id: 'f-store', value: state.store, allLabel: 'All stores',
      options: stores.map((s) => ({ value: s.store_id, label: s.name ? `${s.name} (${s.store_id})` : s.store_id })),
      onChange: (v) => set({ store: v }) }),
    selectField({ label: 'Department', name: 'department', id: 'f-department', options: departments, value: state.department,
      allLabel: 'All departments', onChange: (v) => set({ department: v, category: '' }) }),
    selectField({ label: 'Category', name: 'category', id: 'f-category', options: categories, value: state.category,
      allLabel: 'All categories', onChange: (v) => set({ category: v }) }),
    selectField({ label: 'Compare with', name: 'compare', id: 'f-compare', options: COMPARES, value: state.compare,
      onChange: (v) => set({ compare: v }) }),
    state.sku ? h('div', { class: 'field' }, h('span', { class: 'label' }, 'Product'),
      h('button', { class: 'btn btn-sm', type: 'button', id: 'f-sku', title: 'Show every product again', onClick: () => set({ sku: '' }) },
        `${state.sku} ✕`)) : null,
    h('div', { class: 'field actions' }, h('span', { class: 'label', 'aria-hidden': 'true' }, '\u00a0'),
      h('button', { class: 'btn', type: 'button', id: 'f-reset', onClick: () => set({ ...DEFAULTS, group_by: state.group_by, order_by: state.order_by }) }, 'Reset')));
}

function refresh() {
  const gen = ++generation;
  const params = metricParams(state);
  loadKpis(gen, params);
  loadTrend(gen, params);
  loadTop(gen, params);
}

async function loadKpis(gen, params) {
  els.kpis.setAttribute('aria-busy', 'true');
  mount(els.kpis, KPIS.map(kpiSkeleton));
  try {
    const data = await api.get('/api/v1/metrics/kpi', params);
    if (gen !== generation) return;
    const compareLabel = COMPARES.find((c) => c.value === state.compare)?.label.toLowerCase() ?? 'previous period';
    els.subtitle.textContent = data.range
      ? `${f.dateRange(data.range.from, data.range.to)}${data.comparison ? ` · compared with ${f.dateRange(data.comparison.from, data.comparison.to)}` : ''}`
      : 'Sales performance across the chain';
    const k = data.kpis || {};
    const check = data.comparison_check;
    const range = data.range_check;
    mount(els.check,
      range && !range.complete
        ? banner('warn', h('strong', null, 'Not every day of this range has sales. '), range.note, ' Its changes are marked ⚠ and are not like-for-like.')
        : null,
      check && !check.complete
        ? banner('warn', h('strong', null, 'The comparison period is incomplete. '), check.note, ' Its changes are marked ⚠ and are not like-for-like.')
        : null);
    const noSales = !Number(k.net_sales?.value) && !Number(k.transactions?.value) && !Number(k.units?.value);
    els.kpis.removeAttribute('aria-busy');
    const gaps = incompleteBanner(data.completeness);
    if (noSales) {
      els.kpis.classList.add('is-empty');
      // "no sales" over days whose feed is missing or whose marts wait for Trino is not "none sold": they are named
      mount(els.kpis, gaps ? h('div', { style: { gridColumn: '1 / -1' } }, gaps) : null, h('div', { class: 'card', style: { gridColumn: '1 / -1' } },
        emptyState('No sales in this range — try a longer range',
          h('button', { class: 'btn btn-sm', type: 'button', onClick: () => set({ range: 'last_90_days' }) }, 'Show the last 90 days'))));
      announce('No sales in this range.');
      return;
    }
    els.kpis.classList.remove('is-empty');
    mount(els.kpis, gaps ? h('div', { style: { gridColumn: '1 / -1' } }, gaps) : null, KPIS.map((def) => kpiCard(def, k[def.key], compareLabel, check)));
    announce(`Net sales ${def0(k)}.`);
  } catch (e) {
    if (gen !== generation) return;
    els.kpis.removeAttribute('aria-busy');
    mount(els.kpis, h('div', { class: 'card', style: { gridColumn: '1 / -1' } }, errorState(e, refresh)));
  }
}

const def0 = (k) => KPIS[0].fmt(k.net_sales?.value);


async function loadTrend(gen, params) {
  mount(els.trendControls, segmented({
    label: 'Group the trend by', name: 'group_by', value: state.group_by,
    options: [{ value: 'day', label: 'Day' }, { value: 'week', label: 'Week' }, { value: 'month', label: 'Month' },
      { value: 'fiscal_week', label: 'Fiscal week' }, { value: 'fiscal_month', label: 'Fiscal month' }],
    onChange: (v) => { state.group_by = v; writeState(state, DEFAULTS); loadTrend(generation, metricParams(state)); },
  }));
  loading(els.trend, skeletonChart());
  try {
    const data = await api.get('/api/v1/metrics/trend', { ...params, group_by: state.group_by });
    if (gen !== generation) return;
    const points = data.points || [];
    if (!points.length) {
      done(els.trend, emptyState('No sales in this range — try a longer range'));
      return;
    }
    const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': `Net sales by ${state.group_by}, ${points.length} points` });
    const legend = h('div', { class: 'legend-inline', style: { padding: '12px 16px 0' } },
      h('span', null, h('i', { style: { background: charts.COLORS[0] } }), 'Net sales'),
      h('span', null, h('i', { style: { background: charts.COLORS[1] } }), 'Comparison period'));
    // the chart exports its points (period, net sales, comparison) as CSV or XLSX, each with the days it has sales
    // for and whether it is whole, so a week short of a day is not read as a like-for-like week
    const yesNo = (b) => (b ? 'yes' : 'no');
    const trendData = () => ({
      header: ['Period', 'Days in range', 'Days with sales', 'Store-days missing', 'Complete', 'Net sales',
        'Comparison days with sales', 'Comparison store-days missing', 'Comparison complete', 'Comparison period net sales'],
      rows: points.map((p) => [p.label || p.period, p.days ?? '', p.days_with_sales ?? '', p.store_days_missing ?? '',
        yesNo(p.complete), p.net_sales ?? '', p.previous_days_with_sales ?? '', p.previous_store_days_missing ?? '',
        yesNo(p.previous_complete), p.previous_net_sales ?? '']) });
    done(els.trend, h('div', { id: 'trend-export' }, exportButtons('Sales trend', trendData)), legend,
      h('div', { class: 'card-body', style: { paddingTop: '4px' } }, chartEl));
    // dates carry the year when the points span more than one
    const spansYears = points.length > 1 && points[0].period.slice(0, 4) !== points[points.length - 1].period.slice(0, 4);
    const day = spansYears ? f.date : f.shortDate;
    const byLabel = Object.fromEntries(points.map((p) => [p.period, p.label]));
    const label = state.group_by.startsWith('fiscal') ? (d) => byLabel[d] : state.group_by === 'month' ? f.month
      : state.group_by === 'week' ? (d) => `Wk ${day(d)}` : day;
    // a store's day opens on the Stores page: the link under the chart, or a click on a day's point
    const storeDay = (d) => `/stores?store=${encodeURIComponent(state.store)}&date=${d}`;
    if (state.store && state.group_by === 'day') {
      els.trend.append(h('p', { class: 'card-body small', style: { paddingTop: 0 } },
        h('a', { id: 'open-store-day', href: storeDay(points[points.length - 1].period) }, 'Open this store\'s latest day →'),
        ' or click a day on the chart.'));
    }
    // a week or month the range cuts short sums only its days in the range: its label says so, so a short last
    // period does not read as a collapse in sales
    const partial = (p) => (p.days != null && p.period_days != null && p.days < p.period_days ? ` (${p.days} of ${p.period_days} days)` : '');
    const labels = points.map((p) => label(p.period) + partial(p));
    const periodDays = state.group_by === 'month' ? 31 : state.group_by === 'fiscal_month' ? 35 : state.group_by.endsWith('week') ? 7 : 1;
    // as many labels as fit the chart's width at about 6.5 px a character (11 px labels)
    const fitting = Math.max(2, Math.floor((chartEl.clientWidth || 600) / (Math.max(...labels.map((l) => l.length)) * 6.5 + 24)));
    const marks = charts.incompleteAreas(points.map((p) => p.period), data.completeness, labels, periodDays);
    chartEl.dataset.incomplete = (data.completeness?.incomplete_days || []).map((d) => d.date).join(',');
    chartEl.dataset.incompletePoints = points.filter((p) => !p.complete).map((p) => p.period).join(',');
    chartEl.dataset.incompleteComparison = points.filter((p) => !p.previous_complete).map((p) => p.period).join(',');
    const chart = charts.render(chartEl, {
      grid: charts.grid({ top: 16 }),
      tooltip: charts.tooltip({ valueFormatter: (v) => f.money(v) }),
      // the first and last labels stay: a short last week keeps its "(1 of 7 days)" instead of reading as a collapse
      xAxis: charts.categoryAxis(labels, undefined, { keepEnds: fitting }),
      yAxis: charts.moneyAxis(),
      series: [
        { name: 'Net sales', type: 'line', smooth: 0.25, symbol: points.length > 40 ? 'none' : 'circle', symbolSize: 6,
          data: points.map((p) => p.net_sales), lineStyle: { width: 2.5 }, markArea: marks,
          areaStyle: { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(79,70,229,0.18)' }, { offset: 1, color: 'rgba(79,70,229,0)' }] } } },
        // a comparison period short of days (before the history, a failed feed) is marked with an amber triangle
        { name: 'Comparison period', type: 'line', smooth: 0.25, symbol: 'none',
          data: points.map((p) => (p.previous_net_sales != null && !p.previous_complete
            ? { value: p.previous_net_sales, symbol: 'triangle', symbolSize: 9, itemStyle: { color: '#d97706' },
              name: `comparison has sales on ${p.previous_days_with_sales} of ${p.days} days` }
            : p.previous_net_sales ?? null)),
          lineStyle: { width: 1.5, type: 'dashed' } },
      ],
    });
    chart?.off('click');
    if (chart && state.store && state.group_by === 'day') {
      chart.on('click', (e) => { const p = points[e.dataIndex]; if (p) window.location.href = storeDay(p.period); });
    }
  } catch (e) {
    if (gen !== generation) return;
    done(els.trend, errorState(e, () => loadTrend(generation, metricParams(state))));
  }
}

async function loadTop(gen, params) {
  mount(els.topControls, selectField({
    label: 'Rank by', name: 'order_by', id: 'f-order-by', value: state.order_by, inline: true,
    options: [{ value: 'net_sales', label: 'Net sales' }, { value: 'units', label: 'Units' }, { value: 'gross_margin', label: 'Gross margin' }],
    onChange: (v) => { state.order_by = v; writeState(state, DEFAULTS); loadTop(generation, metricParams(state)); },
  }));
  loading(els.top);
  try {
    const data = await api.get('/api/v1/metrics/top-products', { ...params, limit: 10, order_by: state.order_by });
    if (gen !== generation) return;
    const items = data.items || [];
    if (!items.length) {
      done(els.top, emptyState('No sales in this range — try a longer range'));
      return;
    }
    const max = Math.max(...items.map((i) => Number(i[state.order_by]) || 0), 1);
    // on a Trino deployment, the days whose SKU marts wait for Trino's next refresh (the KPIs mark missing feeds)
    done(els.top, incompleteBanner(data.completeness, 'top-incomplete'), h('div', { class: 'card-body flush' }, table({
      caption: 'Top products',
      rows: items,
      columns: [
        { label: '#', render: (r) => String(items.indexOf(r) + 1), class: 'muted' },
        { label: 'Product', class: 'name', render: (r) => h('span', null,
          h('a', { href: '#', class: 'sku-trend', 'data-sku': r.sku, title: `Show ${r.name || r.sku}'s trend`,
            onClick: (e) => { e.preventDefault(); set({ sku: r.sku }); els.trend.scrollIntoView({ block: 'start' }); } }, r.name || r.sku),
          h('br'), h('span', { class: 'muted small mono' }, r.sku)) },
        { label: 'Category', render: (r) => h('span', null, r.category || '—', h('br'), h('span', { class: 'muted small' }, r.department || '')) },
        { label: 'Units', num: true, key: 'units', render: (r) => f.int(r.units) },
        { label: 'Net sales', num: true, key: 'net_sales', render: (r) => f.money(r.net_sales) },
        { label: 'Gross margin', num: true, key: 'gross_margin', render: (r) => f.money(r.gross_margin) },
        { label: 'Margin %', num: true, key: 'gross_margin_pct', render: (r) => f.pct(r.gross_margin_pct) },
        { label: 'Share', render: (r) => h('div', { class: 'bar', title: `${f.pct((Number(r[state.order_by]) / max) * 100, 0)} of the top product` },
          h('span', { style: { width: `${Math.max(2, (Number(r[state.order_by]) / max) * 100)}%` } })) },
      ],
    })));
  } catch (e) {
    if (gen !== generation) return;
    done(els.top, errorState(e, () => loadTop(generation, metricParams(state))));
  }
}
