// Customers: unique, new and returning customers, repeat rate and lifetime value for the period in the URL, new vs
// returning by day, the monthly cohort retention heatmap, RFM and the retailer's own segments, and the top customers.
import { api, readState, writeState, onStateChange } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, skeletonChart, table } from '../ui.js';
import * as charts from '../charts.js';
import { pdfButton } from '../pdf.js';
import { incompleteBanner, figure, lacking } from '../kpi.js';

const DEFAULTS = { from: '', to: '' };

mountShell('customers');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let generation = 0;

const card = (id, title) => {
  const body = h('div', { id: `${id}-body` });
  return { el: h('section', { class: 'card section', id, 'aria-labelledby': `${id}-title` },
    h('div', { class: 'card-head' }, h('h2', { id: `${id}-title` }, title)), body), body };
};

const els = {
  subtitle: h('p', { class: 'subtitle', id: 'period' }, 'Who buys online, who comes back'),
  filterBar: h('form', { class: 'filters', id: 'filters', 'aria-label': 'Filters', onSubmit: (e) => e.preventDefault() }),
  gaps: h('div', { id: 'gaps' }),
  kpis: h('section', { class: 'kpi-grid', id: 'kpis', 'aria-label': 'Customer figures' }),
  daily: card('daily', 'New and returning customers'),
  cohorts: card('cohorts', 'Retention by monthly cohort'),
  segments: card('segments', 'Segments'),
  top: card('top-customers', 'Top customers'),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Customers'), els.subtitle),
    h('div', { class: 'page-actions' }, pdfButton(root), h('a', { class: 'btn btn-sm', href: '/online' }, 'Online'))),
  els.filterBar, els.gaps, els.kpis, els.daily.el, els.cohorts.el, els.segments.el, els.top.el);

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


async function refresh() {
  const gen = ++generation;
  loading(els.kpis);
  [els.daily, els.segments, els.top].forEach((c) => loading(c.body, skeletonChart()));
  loading(els.cohorts.body, skeletonChart());
  try {
    const d = await api.get('/api/v1/online/customers', { from: state.from || undefined, to: state.to || undefined });
    if (gen !== generation) return;
    els.subtitle.textContent = f.dateRange(d.period.from, d.period.to);
    const t = d.totals;
    mount(els.gaps, incompleteBanner(d.completeness));
    // every figure counts web orders: a day of the period whose orders feed is missing or failed is marked on each
    const gaps = lacking(d, 'orders');
    const card = (key, label, metric, fmt) => figure(key, label, metric, fmt, gaps, 'h2');
    done(els.kpis, card('unique_customers', 'Unique customers', t.unique_customers, f.int), card('new_customers', 'New customers', t.new_customers, f.int),
      card('returning_customers', 'Returning customers', t.returning_customers, f.int),
      card('repeat_rate', 'Repeat rate (to period end)', t.repeat_rate_pct, (v) => f.pct(v)),
      card('clv', 'Avg. lifetime value (to period end)', t.avg_lifetime_value, (v) => f.money(v, { cents: true })),
      card('guest_orders', 'Guest orders', t.guest_orders, f.int));
    renderDaily(d.daily || [], d.completeness);
    renderSegments(d);
    renderTop(d.top_customers || []);
  } catch (e) {
    if (gen !== generation) return;
    done(els.kpis, h('div', { class: 'card', style: { gridColumn: '1 / -1' } }, errorState(e, refresh)));
    [els.daily, els.segments, els.top].forEach((c) => done(c.body));
  }
  try {
    const c = await api.get('/api/v1/online/cohorts');
    if (gen !== generation) return;
    renderCohorts(c.cohorts || []);
  } catch (e) {
    if (gen !== generation) return;
    done(els.cohorts.body, errorState(e, refresh));
  }
}

/**
 * New and returning customers per day. A day whose orders feed is missing or failed is shaded "incomplete" (with an
 * empty bar, not a bar of 0): the days with no row in `days` are put on the axis so the gap shows where it is.
 */
function renderDaily(days, completeness) {
  if (!days.length) {
    done(els.daily.body, emptyState('No web orders in this period'));
    return;
  }
  const gapDays = (completeness?.incomplete_days || []).map((g) => g.date);
  const byDate = new Map(days.map((x) => [x.date, x]));
  const dates = [...new Set([...days.map((x) => x.date), ...gapDays.filter((g) => g >= days[0].date && g <= days[days.length - 1].date)])].sort();
  const labels = dates.map((x) => f.shortDate(x));
  const chartEl = h('div', { class: 'chart', id: 'daily-chart', role: 'img', 'data-incomplete': gapDays.length ? gapDays.join(',') : null,
    'aria-label': `New and returning customers per day, ${dates.length} days${gapDays.length ? `; ${gapDays.length} day(s) incomplete` : ''}` });
  done(els.daily.body, h('div', { class: 'card-body' }, chartEl));
  charts.render(chartEl, {
    grid: charts.grid({ top: 24 }), legend: { top: 0 }, tooltip: charts.tooltip(),
    xAxis: charts.categoryAxis(labels), yAxis: charts.valueAxis((v) => f.int(v)),
    series: [{ name: 'New', type: 'bar', stack: 'c', data: dates.map((x) => byDate.get(x)?.new_customers ?? null),
      markArea: charts.incompleteAreas(dates, completeness, labels) },
      { name: 'Returning', type: 'bar', stack: 'c', data: dates.map((x) => byDate.get(x)?.returning_customers ?? null) }],
  });
}

/** Retention as an HTML table (readable with a keyboard and a screen reader), shaded by the share still active. */
function renderCohorts(cohorts) {
  if (!cohorts.length) {
    done(els.cohorts.body, emptyState('No cohorts yet', 'Cohorts appear once customers with an id have ordered.'));
    return;
  }
  const width = Math.max(...cohorts.map((c) => Math.max(...c.months.map((m) => m.months_since)))) + 1;
  const shade = (pct) => `rgba(79,70,229,${(0.08 + 0.8 * Math.min(100, pct) / 100).toFixed(2)})`;
  const grid = h('table', { class: 'heatmap', id: 'cohort-heatmap' },
    h('caption', { class: 'sr-only' }, 'Share of each monthly cohort ordering again, by months since the first order'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Cohort'), h('th', { scope: 'col' }, 'Customers'),
      Array.from({ length: width }, (_, i) => h('th', { scope: 'col' }, `M${i}`)))),
    h('tbody', null, cohorts.map((c) => {
      const byMonth = new Map(c.months.map((m) => [m.months_since, m]));
      return h('tr', null, h('th', { scope: 'row' }, f.month(c.cohort_month)), h('td', { class: 'num' }, f.int(c.cohort_size)),
        Array.from({ length: width }, (_, i) => {
          const m = byMonth.get(i);
          if (!m) return h('td', { class: 'hm-empty' }, '·');
          const pct = Number(m.retention_pct);
          const part = m.days < m.period_days;
          return h('td', { class: 'hm-cell', 'data-cohort': c.cohort_month, 'data-month': String(i), 'data-value': String(m.retention_pct),
            'data-partial': part ? `${m.days} of ${m.period_days} days` : null,
            style: { background: shade(pct), color: pct > 55 ? '#fff' : '#1e1b4b', textAlign: 'center', padding: '6px' },
            title: `${f.int(m.active_customers)} of ${f.int(c.cohort_size)} customers${part ? ` in the month so far (${m.days} of ${m.period_days} days)` : ''}` },
          f.pct(pct, 0), part ? '*' : null);
        }));
    })));
  // the latest month is a month so far: its retention is not yet the month's
  const part = cohorts.flatMap((c) => c.months).find((m) => m.days < m.period_days);
  done(els.cohorts.body, h('div', { class: 'card-body' }, h('div', { class: 'table-wrap' }, grid),
    part ? h('p', { class: 'muted small', id: 'cohort-partial' }, `* The latest month so far: ${part.days} of its ${part.period_days} days, so fewer customers have had the time to order again.`) : null));
}

function renderSegments(d) {
  const seg = (rows, caption, id) => (rows.length ? h('div', { class: 'card-body flush', id }, table({
    caption, rows,
    columns: [{ label: caption, key: 'segment' }, { label: 'Customers', num: true, render: (r) => f.int(r.customers) },
      { label: 'Revenue', num: true, render: (r) => f.money(r.revenue) }],
  })) : null);
  const rfm = seg(d.rfm_segments || [], 'RFM segment', 'rfm-segments');
  const own = seg(d.retailer_segments || [], 'Your segment', 'retailer-segments');
  done(els.segments.body, rfm || emptyState('No customers have ordered yet'),
    own || h('p', { class: 'card-body muted small' }, 'No segments of your own: send a customers file with a segment column.'));
}

function renderTop(rows) {
  done(els.top.body, rows.length ? h('div', { class: 'card-body flush', id: 'top-customers-table' }, table({
    caption: 'Top customers by lifetime revenue', rows,
    columns: [{ label: 'Customer', render: (r) => h('span', { class: 'mono' }, r.customer_id) }, { label: 'Segment', key: 'segment' },
      { label: 'RFM', key: 'rfm_segment' }, { label: 'Orders', num: true, render: (r) => f.int(r.orders) },
      { label: 'Revenue', num: true, render: (r) => f.money(r.revenue) }, { label: 'Last order', render: (r) => f.date(r.last_order_date) }],
  })) : emptyState('No customers have ordered yet'));
}
