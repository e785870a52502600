// KPI cards shared by the pages that show headline figures (Overview, Stores, Data feeds, Online, Customers).
import * as f from './format.js';
import { h, delta } from './ui.js';

/** An alert's average daily sales, marked ⚠ when days of its 28 have no sales loaded (they are left out of the average). */
export const salesPerDay = (r) => (r.sales_days_missing > 0
  ? h('span', { style: { color: 'var(--warn)' }, title: r.note || `Sales missing for ${r.sales_days_missing} of the 28 days: the average is over the other days.` },
    r.avg_daily_sales == null ? 'n/a ' : f.number(r.avg_daily_sales, 1), ' ⚠')
  : f.number(r.avg_daily_sales, 1));

export const KPIS = [
  { key: 'net_sales', label: 'Net sales', fmt: (v) => f.money(v) },
  { key: 'units', label: 'Units sold', fmt: f.int },
  { key: 'transactions', label: 'Transactions', fmt: f.int },
  { key: 'aov', label: 'Avg. order value', fmt: (v) => f.money(v, { cents: true }) },
  { key: 'gross_margin_pct', label: 'Gross margin %', fmt: (v) => f.pct(v) },
  { key: 'sales_per_labour_hour', label: 'Sales / labour hour', fmt: (v) => f.money(v, { cents: true }) },
  { key: 'labour_pct_of_sales', label: 'Labour % of sales', fmt: (v) => f.pct(v), invert: true },
  { key: 'returns', label: 'Returns', fmt: (v) => f.money(v), invert: true },
  { key: 'comp_sales', label: 'Comp sales', fmt: (v) => f.money(v) },
];

export const kpiDef = (key) => KPIS.find((k) => k.key === key);

/** The query every metrics endpoint takes, from a page state. */
export function metricParams(s) {
  const p = { range: s.range, area: s.area, store: s.store, department: s.department, category: s.category, compare: s.compare,
    sku: s.sku };
  if (s.range === 'custom') { p.from = s.from; p.to = s.to; }
  return p;
}

/**
 * One KPI card: value, change vs the comparison (arrow + sign + text, not colour alone), previous value. Percent
 * metrics change in percentage points; a figure that cannot be computed honestly says "Not available" and why.
 * `comparison` is the API's comparison_check: without a previous value it tells a comparison period whose sales feed
 * is missing or failed from one before the history.
 */
export function kpiCard(def, kpi, against = 'previous period', comparison = null) {
  const value = kpi?.value;
  const hasPrevious = kpi?.previous !== null && kpi?.previous !== undefined;
  const missing = (value === null || value === undefined) && kpi?.note;
  const points = kpi?.unit === 'percent';
  return h('article', { class: 'card kpi', 'data-kpi': def.key, 'data-value': value ?? '',
    'data-comparable': kpi?.comparable === false ? 'false' : 'true', title: kpi?.note || null },
    h('h2', { class: 'kpi-label' }, def.label),
    h('p', { class: 'kpi-value' }, missing ? 'Not available' : def.fmt(value)),
    // the note's first sentence on the card; the whole of it (what to load to see the figure) on hover
    missing ? h('p', { class: 'kpi-note' }, kpi.note.replace(/^Not available:?\s*/, '').split(/(?<=\.)\s/)[0])
      : kpi?.coverage_pct != null ? h('p', { class: 'kpi-note' }, `Covers ${f.pct(kpi.coverage_pct, 0)} of sales`)
      // a figure with a value and a note leaves something out (labour days without sales): say what, first sentence
      : kpi?.note ? h('p', { class: 'kpi-note' }, kpi.note.split(/(?<=\.)\s/)[0]) : null,
    h('p', { class: 'kpi-foot' },
      delta(points ? kpi?.change_pp : kpi?.change_pct, { invert: def.invert, against, points, comparable: kpi?.comparable !== false }),
      h('span', { class: 'kpi-previous' }, hasPrevious ? `vs ${def.fmt(kpi.previous)}` : noPrevious(comparison))));
}

/** Why a card has no previous value: the comparison's sales feed is missing or failed, or it is before the history. */
function noPrevious(comparison) {
  if (comparison?.store_days_missing > 0 && comparison.days_with_sales === 0) {
    return 'the comparison period\'s sales are missing (its sales feed missing or failed)';
  }
  return 'no earlier data to compare';
}

export function kpiSkeleton(def) {
  return h('div', { class: 'card kpi', 'aria-hidden': 'true' },
    h('span', { class: 'kpi-label' }, def.label), h('span', { class: 'skeleton sk-value' }),
    h('span', { class: 'skeleton sk-line', style: { width: '50%' } }));
}

/**
 * A banner over KPI cards naming the days of the range whose expected feeds are missing or failed (the API's
 * `completeness`), so a total that lacks a day is never read as the whole; null when the range is complete.
 */
export function incompleteBanner(completeness, id = 'incomplete-banner') {
  const days = completeness?.incomplete_days || [];
  if (!days.length) return null;
  const shown = days.slice(0, 5);
  // on a Trino deployment a day can also wait for Trino's next refresh: its loads are not in the marts read yet
  const onTrino = days.some((d) => d.missing.some((m) => m.includes("for Trino's next refresh")));
  return h('div', { class: 'banner warn incomplete-banner', role: 'status', id, 'data-days': days.map((d) => d.date).join(',') },
    h('div', null,
      h('strong', null, `Incomplete data: ${days.length} day${days.length === 1 ? '' : 's'} of this range ${days.length === 1 ? 'lacks' : 'lack'} an expected feed${onTrino ? ` or ${days.length === 1 ? 'waits' : 'wait'} for Trino's next refresh` : ''}. `),
      onTrino ? 'These figures leave out what is not in yet.' : 'These figures leave them out.',
      h('ul', null, shown.map((d) => h('li', null, `${f.date(d.date)}: ${d.missing.join('; ')}`)),
        days.length > shown.length ? h('li', null, `and ${days.length - shown.length} more`) : null)));
}

/** The incomplete days of an answer on which one of these feeds is missing or failed. */
export function lacking(d, ...datasets) {
  return (d.completeness?.incomplete_days || [])
    .filter((day) => day.missing.some((m) => datasets.some((dataset) => m.startsWith(`${dataset} `))));
}

/**
 * A figure card; `metric` is a number or {value, unavailable}: without a value it says "Not available" and why. `gaps`
 * are the days of the period whose feed the figure sums is missing or failed (see lacking()): a value over them is
 * marked ⚠ as leaving those days out, not read as the whole period. Used by the Online and Customers pages.
 */
export function figure(key, label, metric, fmt, gaps = [], heading = 'h3') {
  const m = metric !== null && typeof metric === 'object' ? metric : { value: metric };
  const missing = m.value === null || m.value === undefined;
  const partial = !missing && gaps.length > 0;
  return h('article', { class: 'card kpi', 'data-metric': key, 'data-value': missing ? '' : String(m.value),
    'data-incomplete': partial ? gaps.map((g) => g.date).join(',') : null },
    h(heading, { class: 'kpi-label' }, label),
    h('p', { class: 'kpi-value' }, missing ? 'Not available' : fmt(m.value), partial ? h('span', { style: { color: 'var(--warn)' } }, ' ⚠') : null),
    missing && m.unavailable ? h('p', { class: 'kpi-foot muted small', 'data-unavailable': key }, m.unavailable.replace(/^not available: /, '')) : null,
    partial ? h('p', { class: 'kpi-note', title: gaps.map((g) => `${g.date}: ${g.missing.join('; ')}`).join('\n') },
      `⚠ leaves out ${gaps.length === 1 ? f.date(gaps[0].date) : `${gaps.length} days`} (feed missing or failed)`) : null);
}
