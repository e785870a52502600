// Online: the web shop's tiles — sales pulse, fulfilment health, CX escalations, ops (agent) metrics, growth milestones
// and supplier deliveries — for the period in the URL (from/to; by default the 30 days up to the latest web order).
// A figure that cannot be computed says "Not available" and why, never 0.
import { api, readState, writeState, onStateChange } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, skeletonChart, table } from '../ui.js';
import * as charts from '../charts.js';
import { pdfButton } from '../pdf.js';
import { incompleteBanner, figure, lacking } from '../kpi.js';

const DEFAULTS = { from: '', to: '' };

mountShell('online');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let generation = 0;

const section = (id, title, hint) => {
  const body = h('div', { id: `${id}-body` });
  const el = h('section', { class: 'card section', id, 'aria-labelledby': `${id}-title` },
    h('div', { class: 'card-head' }, h('h2', { id: `${id}-title` }, title), hint ? h('span', { class: 'muted small' }, hint) : null), body);
  return { el, body };
};

const els = {
  subtitle: h('p', { class: 'subtitle', id: 'period' }, 'The web shop: sales, fulfilment, customer service and growth'),
  filterBar: h('form', { class: 'filters', id: 'filters', 'aria-label': 'Filters', onSubmit: (e) => e.preventDefault() }),
  tiles: h('nav', { class: 'row', 'aria-label': 'Tiles', style: { gap: '8px', flexWrap: 'wrap', margin: '0 0 16px' } },
    [['pulse', 'Sales pulse'], ['fulfilment', 'Fulfilment health'], ['service', 'CX escalations'], ['ops', 'Ops metrics'], ['growth', 'Growth'],
      ['suppliers', 'Supplier deliveries']].map(([id, label]) => h('a', { class: 'btn btn-sm', href: `#${id}` }, label))),
  pulse: section('pulse', 'Sales pulse', 'revenue and average order value include postage and fees, net of cancellations and returns; the Overview\'s online net sales leave postage and fees out'),
  anomalies: section('anomalies', 'Unusual days', 'tile metrics more than 3.5 robust z-scores from the 28 days before; also sent as alerts'),
  fulfilment: section('fulfilment', 'Fulfilment health', 'shipments promised in the period; open problems as of now'),
  service: section('service', 'CX escalations', 'conversations opened in the period; first-response SLA 2 h unless the feed says otherwise'),
  ops: section('ops', 'Ops metrics', 'resolution times per agent'),
  growth: section('growth', 'Growth milestones', 'web orders + store sales per month'),
  seasonality: section('seasonality', 'Seasonality and trends', 'chain net sales as of the latest sales day; index 1 = an average day'),
  suppliers: section('suppliers', 'Supplier deliveries', 'receipts in the period'),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Online'), els.subtitle),
    h('div', { class: 'page-actions' }, pdfButton(root), h('a', { class: 'btn btn-sm', href: '/customers' }, 'Customers and cohorts'))),
  els.filterBar, els.tiles,
  els.pulse.el, els.anomalies.el, els.fulfilment.el, els.service.el, els.ops.el, els.growth.el, els.seasonality.el, els.suppliers.el);

onStateChange(() => { state = readState(DEFAULTS); renderFilters(); refresh(); });
renderFilters();
refresh();

function set(changes) {
  state = { ...state, ...changes };
  writeState(state, DEFAULTS);
  renderFilters();
  refresh();
}

function renderFilters() {
  const dateInput = (key, label) => h('div', { class: 'field' }, h('label', { for: `f-${key}` }, label),
    h('input', { id: `f-${key}`, name: key, type: 'date', value: state[key] || '', onChange: (e) => set({ [key]: e.target.value }) }));
  mount(els.filterBar, dateInput('from', 'From'), dateInput('to', 'To'),
    h('div', { class: 'field actions' }, h('span', { class: 'label', 'aria-hidden': 'true' }, '\u00a0'),
      h('button', { class: 'btn', type: 'button', id: 'f-reset', onClick: () => set({ ...DEFAULTS }) }, 'Reset')));
}

function params() {
  return { from: state.from || undefined, to: state.to || undefined };
}



function grid(...cards) {
  return h('div', { class: 'kpi-grid', style: { padding: '0 16px 16px' } }, cards);
}
function days(v) {
  return v === null || v === undefined ? '—' : `${f.number(v, 2)} d`;
}
function minutes(v) {
  if (v === null || v === undefined) return '—';
  return v >= 120 ? `${f.number(v / 60, 1)} h` : `${f.number(v, 0)} min`;
}

function refresh() {
  const gen = ++generation;
  load(gen, els.pulse.body, '/api/v1/online/pulse', renderPulse);
  load(gen, els.anomalies.body, '/api/v1/online/anomalies', renderAnomalies);
  load(gen, els.fulfilment.body, '/api/v1/online/fulfilment', renderFulfilment);
  load(gen, els.service.body, '/api/v1/online/service', (d) => { renderService(d); renderOps(d); });
  load(gen, els.growth.body, '/api/v1/online/growth', renderGrowth);
  load(gen, els.seasonality.body, '/api/v1/online/seasonality', renderSeasonality);
  load(gen, els.suppliers.body, '/api/v1/online/suppliers', renderSuppliers);
}

async function load(gen, el, path, render) {
  loading(el, skeletonChart());
  if (el === els.service.body) loading(els.ops.body);
  try {
    const data = await api.get(path, params());
    if (gen !== generation) return;
    if (data.period && el === els.pulse.body) els.subtitle.textContent = f.dateRange(data.period.from, data.period.to);
    render(data);
  } catch (e) {
    if (gen !== generation) return;
    done(el, errorState(e, refresh));
    if (el === els.service.body) done(els.ops.body, errorState(e, refresh));
  }
}

// a day of the period without an expected feed (orders, shipments, ...): named above the section's figures
function gaps(d, section) {
  const banner = incompleteBanner(d.completeness, `${section}-incomplete`);
  return banner ? h('div', { style: { padding: '0 16px' } }, banner) : null;
}

function renderPulse(d) {
  done(els.pulse.body, gaps(d, 'pulse'),
    grid(figure('revenue', 'Revenue', d.revenue, (v) => f.money(v), lacking(d, 'orders')),
      figure('orders', 'Orders', d.orders, f.int, lacking(d, 'orders')),
      figure('aov', 'Avg. order value', d.average_order_value, (v) => f.money(v, { cents: true }), lacking(d, 'orders')),
      figure('fulfilment_on_time', 'Delivered on time', d.fulfilment_on_time_pct, (v) => f.pct(v), lacking(d, 'shipments')),
      figure('wow', 'Week over week', d.wow_growth_pct, (v) => f.pct(v))),
    (d.top_skus || []).length ? h('div', { class: 'card-body flush', id: 'top-skus' }, table({
      caption: 'Top 5 SKUs online', rows: d.top_skus,
      columns: [{ label: 'SKU', render: (r) => h('span', { class: 'mono' }, r.sku) }, { label: 'Product', key: 'name' },
        { label: 'Units', num: true, render: (r) => f.int(r.units) }, { label: 'Revenue', num: true, render: (r) => f.money(r.revenue) }],
    })) : emptyState('No web orders in this period'));
}

const COUNTS = ['orders', 'new_customers'];

// a {value, unavailable} figure in a table cell: the value, or "Not available" with the reason
function trendCell(m) {
  return m && m.value !== null && m.value !== undefined ? f.pct(m.value)
    : h('span', { class: 'muted', title: m ? m.unavailable : '' }, 'Not available');
}

function renderSeasonality(d) {
  const indexTable = (id, caption, idx) => (idx.unavailable
    ? h('p', { class: 'card-body muted', id }, `${caption}: ${idx.unavailable}`)
    : h('div', { class: 'card-body flush', id }, table({
      caption, rows: idx.indexes,
      columns: [{ label: caption.startsWith('Weekday') ? 'Weekday' : 'Month', key: 'label' },
        { label: 'Avg. day', num: true, render: (r) => f.money(r.mean_sales) }, { label: 'Days', num: true, render: (r) => f.int(r.days) },
        { label: 'Index', num: true, render: (r) => f.number(r.index, 2) }],
    })));
  const rows = d.categories || [];
  done(els.seasonality.body,
    rows.length ? h('div', { class: 'card-body flush', id: 'category-trends' }, table({
      caption: 'Category trends', rows,
      columns: [{ label: 'Category', key: 'category' }, { label: 'Last 30 days', num: true, render: (r) => f.money(r.sales_30d) },
        { label: 'vs 30 before', num: true, render: (r) => trendCell(r.trend_30d_pct) },
        { label: 'Last 90 days', num: true, render: (r) => f.money(r.sales_90d) },
        { label: 'vs 90 before', num: true, render: (r) => trendCell(r.trend_90d_pct) }],
    })) : emptyState('No sales yet'),
    indexTable('weekday-index', 'Weekday index', d.weekday), indexTable('month-index', 'Monthly index', d.monthly));
}

function renderAnomalies(d) {
  const rows = d.anomalies || [];
  done(els.anomalies.body, rows.length ? h('div', { class: 'card-body flush', id: 'anomaly-table' }, table({
    caption: 'Unusual days', rows,
    columns: [{ label: 'Day', render: (r) => f.date(r.date) }, { label: 'Metric', render: (r) => f.label(r.metric) },
      { label: 'Value', num: true, render: (r) => (COUNTS.includes(r.metric) ? f.int(r.value) : f.money(r.value)) },
      { label: 'Usual (median)', num: true, render: (r) => (COUNTS.includes(r.metric) ? f.int(r.median) : f.money(r.median)) },
      { label: 'Robust z', num: true, render: (r) => `${r.direction === 'above' ? '▲' : '▼'} ${f.number(r.robust_z, 1)}` }],
  })) : emptyState('No unusual days in this period'));
}

function renderFulfilment(d) {
  const rows = d.open_problems || [];
  done(els.fulfilment.body, gaps(d, 'fulfilment'),
    grid(figure('on_time', 'Delivered on time', d.on_time_pct, (v) => f.pct(v)), figure('shipments', 'Shipments', d.shipments, f.int),
      figure('sla_breaches', 'SLA breaches', d.sla_breaches, f.int), figure('ship_median', 'Days to ship (median)', d.days_to_ship?.median, days),
      figure('deliver_median', 'Days to deliver (median)', d.days_to_deliver?.median, days),
      figure('deliver_p90', 'Days to deliver (p90)', d.days_to_deliver?.p90, days)),
    h('div', { class: 'card-body flush', id: 'carriers' }, table({
      caption: 'Shipments by carrier', rows: d.by_carrier || [],
      columns: [{ label: 'Carrier', key: 'carrier' }, { label: 'Shipments', num: true, render: (r) => f.int(r.shipments) },
        { label: 'Late', num: true, render: (r) => f.int(r.late) }, { label: 'Issues', num: true, render: (r) => f.int(r.issues) },
        { label: 'On time', num: true, render: (r) => f.pct(r.on_time_pct) }],
    })),
    h('h3', { class: 'section-sub', style: { padding: '16px 16px 0' } }, `Open problems (${rows.length})`),
    rows.length ? h('div', { class: 'card-body flush', id: 'open-problems' }, table({
      caption: 'Open fulfilment problems', rows: rows.slice(0, 25),
      columns: [{ label: 'Order', render: (r) => h('span', { class: 'mono' }, r.order_id) }, { label: 'Carrier', key: 'carrier' },
        { label: 'Status', key: 'status' }, { label: 'Problem', render: (r) => f.label(r.problem) },
        { label: 'Promised', render: (r) => f.date(r.promised_date) }, { label: 'Days overdue', num: true, render: (r) => f.int(r.days_overdue) }],
    }), rows.length > 25 ? h('p', { class: 'muted small', style: { padding: '8px 16px' } }, `The 25 oldest of ${f.int(rows.length)}; the API lists up to 200.`) : null)
      : emptyState('No open fulfilment problems'));
}

function renderService(d) {
  const esc = d.open_escalations_by_priority || [];
  const sentiment = d.sentiment || [];
  const chartEl = h('div', { class: 'chart', id: 'sentiment-chart', role: 'img', style: { height: '220px' },
    'aria-label': `Sentiment: ${sentiment.map((s) => `${s.key} ${s.count}`).join(', ')}` });
  const week = d.last7_days || {};
  done(els.service.body, gaps(d, 'service'),
    grid(figure('open_escalations', 'Open escalations', esc.reduce((n, e) => n + e.count, 0), f.int),
      figure('sla_breach', 'First-response SLA breached', d.sla_breach_pct, (v) => f.pct(v)),
      figure('first_response_median', 'First response (median)', d.first_response_minutes?.median, minutes),
      figure('first_response_p90', 'First response (p90)', d.first_response_minutes?.p90, minutes),
      figure('resolution_median', 'Resolution (median)', d.resolution_minutes?.median, minutes),
      figure('resolution_p95', 'Resolution (p95)', d.resolution_minutes?.p95, minutes)),
    h('div', { class: 'card-body', id: 'health-7d' }, h('p', null, h('strong', null, '7-day health: '),
      `${f.int(week.conversations)} conversations, ${f.int(week.sla_breaches)} SLA breaches`,
      week.sla_breach_pct?.value !== null && week.sla_breach_pct?.value !== undefined ? ` (${f.pct(week.sla_breach_pct.value)})` : ' (breach rate not available yet)',
      `, ${f.int(week.negative)} negative, ${f.int(week.escalated)} escalated, median first response ${minutes(week.median_first_response_minutes)}.`)),
    h('div', { class: 'card-body flush', id: 'escalations' }, esc.length ? table({
      caption: 'Open escalations by priority', rows: esc,
      columns: [{ label: 'Priority', render: (r) => f.label(r.key) }, { label: 'Open escalations', num: true, render: (r) => f.int(r.count) }],
    }) : emptyState('No open escalations')),
    h('div', { class: 'card-body' }, chartEl));
  if (sentiment.length) {
    charts.render(chartEl, {
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['45%', '70%'], data: sentiment.map((s) => ({ name: s.key, value: s.count })), label: { formatter: '{b}: {c}' } }],
    });
  }
}

function renderOps(d) {
  const agents = d.agents || [];
  done(els.ops.body, agents.length ? h('div', { class: 'card-body flush', id: 'agents' }, table({
    caption: 'Resolution times per agent', rows: agents,
    columns: [{ label: 'Agent', key: 'agent' }, { label: 'Conversations', num: true, render: (r) => f.int(r.conversations) },
      { label: 'Resolution (median)', num: true, render: (r) => minutes(r.median_resolution_minutes) },
      { label: 'Resolution (p90)', num: true, render: (r) => minutes(r.p90_resolution_minutes) },
      { label: 'SLA breaches', num: true, render: (r) => f.int(r.sla_breaches) }],
  })) : emptyState('No customer-service conversations in this period', 'Send a support_conversations feed to see agent metrics.'));
}

function renderGrowth(d) {
  const months = d.monthly || [];
  const part = months.filter((m) => m.days < m.period_days).map((m) => `${f.month(m.month)} holds ${m.days} of ${m.period_days} days`);
  const chartEl = h('div', { class: 'chart', id: 'growth-chart', role: 'img', 'aria-label': `Revenue by month, ${months.length} months${part.length ? `; ${part.join(', ')}` : ''}` });
  const progress = d.progress_pct?.value;
  done(els.growth.body, gaps(d, 'growth'),
    grid(figure('ttm', 'Revenue, last 12 months', d.trailing12_month_revenue, (v) => f.money(v), lacking(d, 'orders', 'sales')),
      figure('progress', `Progress to ${f.moneyCompact(d.target)}`, d.progress_pct, (v) => f.pct(v, 2), lacking(d, 'orders', 'sales')),
      figure('trailing3', 'Trailing 3-month average', { value: d.trailing3_month_avg_revenue, unavailable: 'fewer than 3 complete months' }, (v) => f.money(v)),
      figure('growth_wow', 'Week over week', d.wow_growth_pct, (v) => f.pct(v)),
      figure('conversion', 'Conversion rate', d.conversion_rate_pct, (v) => f.pct(v, 2)),
      figure('cac', 'Customer acquisition cost', d.customer_acquisition_cost, (v) => f.money(v, { cents: true }))),
    h('div', { class: 'card-body' },
      h('div', { class: 'bar', title: `${f.pct(progress ?? 0, 2)} of the target`, style: { height: '10px' } },
        h('span', { style: { width: `${Math.min(100, Math.max(progress ? 0.5 : 0, progress ?? 0))}%` } })),
      h('p', { class: 'row', id: 'milestones', style: { gap: '8px', flexWrap: 'wrap', marginTop: '8px' } },
        (d.milestones || []).map((m) => h('span', { class: `chip ${m.reached ? 'ok' : ''}`, 'data-reached': String(m.reached) },
          `${m.reached ? '✓ ' : ''}${f.moneyCompact(m.amount)}`))),
      h('p', { class: 'muted small' }, `${d.months_covered} of the last 12 months have data.`)),
    months.length ? h('div', { class: 'card-body' }, chartEl) : emptyState('No revenue in this period'));
  if (months.length) {
    charts.render(chartEl, {
      grid: charts.grid({ top: 24 }),
      legend: { top: 0 },
      tooltip: charts.tooltip({ valueFormatter: (v) => f.money(v) }),
      // a part-month (the current one, the first of the history) says so rather than reading as a drop
      xAxis: charts.categoryAxis(months.map((m) => (m.days < m.period_days ? `${f.month(m.month)} (${m.days} of ${m.period_days} days)` : f.month(m.month)))),
      yAxis: charts.moneyAxis(),
      series: [
        { name: 'Web orders', type: 'bar', stack: 'revenue', data: months.map((m) => m.online_revenue) },
        { name: 'Store sales', type: 'bar', stack: 'revenue', data: months.map((m) => m.store_sales) },
      ],
    });
  }
}

function renderSuppliers(d) {
  const rows = d.suppliers || [];
  done(els.suppliers.body, rows.length ? h('div', { class: 'card-body flush', id: 'supplier-table' }, table({
    caption: 'Supplier deliveries', rows,
    columns: [{ label: 'Supplier', render: (r) => r.name ? `${r.name} (${r.supplier_id})` : r.supplier_id },
      { label: 'Receipt lines', num: true, render: (r) => f.int(r.receipt_lines) }, { label: 'On time', num: true, render: (r) => f.pct(r.on_time_pct) },
      { label: 'Fill rate', num: true, render: (r) => f.pct(r.fill_rate_pct) },
      { label: 'Lead time (observed)', num: true, render: (r) => days(r.avg_lead_time_days) },
      { label: 'Lead time (promised)', num: true, render: (r) => days(r.avg_promised_lead_time_days) }],
  })) : emptyState('No supplier deliveries in this period', 'Send a receipts feed to see on-time delivery and fill rate.'));
}
