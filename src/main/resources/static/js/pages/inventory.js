// Inventory: alerts by severity, a heatmap of days of cover (store × category) and the SKU list behind
// any cell. The heatmap is an HTML table of buttons so it works with a keyboard and a screen reader.
import { api, readState, writeState, onStateChange, listOf } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, pager, selectField, severityChip, announce, exportButtons } from '../ui.js';
import { pdfButton } from '../pdf.js';
import { incompleteBanner, salesPerDay } from '../kpi.js';

const DEFAULTS = { date: '', area: '', store: '', severity: '', type: '', category: '', cause: '', offset: '0', cell: '' };
const SEVERITIES = [
  { key: 'critical', label: 'Critical', color: 'var(--sev-critical)' },
  { key: 'high', label: 'High', color: 'var(--sev-high)' },
  { key: 'medium', label: 'Medium', color: 'var(--sev-medium)' },
  { key: 'low', label: 'Low', color: 'var(--sev-low)' },
];
const TYPES = [
  { value: 'OUT_OF_STOCK', label: 'Out of stock' },
  { value: 'LOW_STOCK', label: 'Low stock' },
  { value: 'OVERSTOCK', label: 'Overstock' },
];
// why an alert is there, in plain words (the API's cause codes)
const CAUSES = {
  no_order_placed: 'No order placed', supplier_late: 'Supplier late', demand_spike: 'Demand spike', on_order: 'Ordered, on its way',
  overstock: 'Too much stock', dead_stock: 'Not selling',
};
// what to do about each cause, under its name in the summary
const CAUSE_HINTS = {
  no_order_placed: 'Review the store\'s reorder lines', supplier_late: 'On order longer than the lead time: chase the supplier',
  demand_spike: 'Sales jumped: check the order quantity', on_order: 'Arriving within the lead time',
  overstock: 'Over 12 weeks of supply: hold orders', dead_stock: 'Nothing sold in 28 days: mark down or return',
};
// Days-of-cover bands: colour + words, so the legend reads without colour too.
const BANDS = [
  { max: 0, label: 'Out of stock', bg: '#b91c1c', fg: '#fff' },
  { max: 3, label: 'Under 3 days', bg: '#fdba74', fg: '#431407' },
  { max: 7, label: '3–7 days', bg: '#fde68a', fg: '#422006' },
  { max: 21, label: '7–21 days', bg: '#bbf7d0', fg: '#052e16' },
  { max: 45, label: '21–45 days', bg: '#bfdbfe', fg: '#172554' },
  { max: Infinity, label: 'Over 45 days', bg: '#1d4ed8', fg: '#fff' },
];
const LIMIT = 25;

mountShell('inventory');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let filters = null;
let generation = 0;

const els = {
  subtitle: h('p', { class: 'subtitle' }, 'Stock health across stores'),
  filterBar: h('form', { class: 'filters', 'aria-label': 'Filters', onSubmit: (e) => e.preventDefault() }),
  // a store whose snapshot did not arrive has no alerts because nothing was counted: said over the cards
  gaps: h('div', { id: 'inventory-gaps' }),
  sev: h('section', { class: 'sev-cards', id: 'severity', 'aria-label': 'Alerts by severity' }),
  heat: h('div', { id: 'heatmap' }),
  drill: h('section', { class: 'card section', id: 'drilldown', 'aria-labelledby': 'drill-title', hidden: true }),
  causes: h('div', { class: 'cause-summary', id: 'causes', role: 'group', 'aria-label': 'Alerts by cause' }),
  alerts: h('div', { id: 'alerts' }),
  alertsHint: h('span', { class: 'hint', 'aria-live': 'polite' }),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Inventory'), els.subtitle), h('div', { class: 'page-actions' }, pdfButton(root))),
  els.filterBar,
  els.gaps,
  els.sev,
  h('section', { class: 'card section', 'aria-labelledby': 'heat-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'heat-title' }, 'Days of cover by store and category'),
      h('span', { class: 'hint' }, 'Select a cell to see its products')),
    els.heat),
  els.drill,
  h('section', { class: 'card section', 'aria-labelledby': 'alerts-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'alerts-title' }, 'Alerts'), els.alertsHint),
    els.causes,
    els.alerts));

onStateChange(() => { state = readState(DEFAULTS); renderFilters(); refresh(); });
init();

async function init() {
  renderFilters();
  try {
    filters = await api.get('/api/v1/filters');
  } catch (e) {
    filters = null;
  }
  if (!state.date && filters?.date_range?.max) {
    state.date = filters.date_range.max;
    writeState(state, DEFAULTS, { replace: true });
  }
  renderFilters();
  refresh();
}

function set(changes, { keepOffset = false } = {}) {
  state = { ...state, ...changes };
  if (!keepOffset) state.offset = '0';
  writeState(state, DEFAULTS);
  renderFilters();
  refresh();
}

function renderFilters() {
  const stores = (filters?.stores ?? []).filter((s) => !state.area || s.area === state.area);
  const categories = [...new Set((filters?.categories ?? []).map((c) => c.category))];
  mount(els.filterBar,
    h('div', { class: 'field' }, h('label', { for: 'i-date' }, 'Stock date'),
      h('input', { id: 'i-date', name: 'date', type: 'date', value: state.date, min: filters?.date_range?.min, max: filters?.date_range?.max,
        onChange: (e) => e.target.value && set({ date: e.target.value, cell: '' }) })),
    selectField({ label: 'Area', name: 'area', id: 'i-area', options: filters?.areas ?? [], value: state.area, allLabel: 'All areas',
      onChange: (v) => set({ area: v, store: '', cell: '' }) }),
    selectField({ label: 'Store', name: 'store', id: 'i-store', value: state.store, allLabel: 'All stores',
      options: stores.map((s) => ({ value: s.store_id, label: s.name ? `${s.name} (${s.store_id})` : s.store_id })),
      onChange: (v) => set({ store: v }) }),
    selectField({ label: 'Alert type', name: 'type', id: 'i-type', options: TYPES, value: state.type, allLabel: 'All types',
      onChange: (v) => set({ type: v }) }),
    selectField({ label: 'Category', name: 'category', id: 'i-category', options: categories, value: state.category, allLabel: 'All categories',
      onChange: (v) => set({ category: v }) }));
}

function refresh() {
  const gen = ++generation;
  loadAlerts(gen);
  loadHeatmap(gen);
  if (state.cell) loadCell(gen); else els.drill.hidden = true;
}

async function loadAlerts(gen) {
  loading(els.alerts);
  if (!els.sev.childElementCount) {
    mount(els.sev, SEVERITIES.map((s) => h('div', { class: 'sev-card', style: { '--c': s.color }, 'aria-hidden': 'true' },
      h('span', { class: 't' }, s.label), h('span', { class: 'skeleton sk-value' }))));
  }
  try {
    const data = await api.get('/api/v1/inventory/alerts', {
      date: state.date, area: state.area, store: state.store, severity: state.severity, type: state.type, category: state.category,
      cause: state.cause, limit: LIMIT, offset: state.offset,
    });
    if (gen !== generation) return;
    if (data.date && data.date !== state.date) {
      state.date = data.date;
      writeState(state, DEFAULTS, { replace: true });
      renderFilters();
    }
    els.subtitle.textContent = `Stock position on ${f.longDate(data.date || state.date)}`;
    mount(els.gaps, incompleteBanner(data.completeness));
    const shownDayIncomplete = (data.completeness?.incomplete_days || []).some((d) => d.date === data.date);
    const counts = data.counts || {};
    mount(els.sev, SEVERITIES.map((s) => {
      const pressed = state.severity === s.key;
      return h('button', {
        class: 'sev-card', type: 'button', style: { '--c': s.color }, 'aria-pressed': String(pressed), 'data-severity': s.key,
        title: pressed ? 'Show every severity' : `Show only ${s.label.toLowerCase()} alerts`,
        onClick: () => set({ severity: pressed ? '' : s.key }),
      }, h('span', { class: 't' }, s.label), h('span', { class: 'n' }, f.int(counts[s.key] ?? 0)), h('span', { class: 'muted small' }, 'alerts'));
    }));
    const items = data.items || [];
    renderCauses(data.by_cause || []);
    els.alertsHint.textContent = `${f.int(data.total ?? items.length)} alerts${state.severity ? ` · ${state.severity} only` : ''}`
      + `${state.cause ? ` · ${(CAUSES[state.cause] || state.cause).toLowerCase()} only` : ''}`;
    if (!items.length) {
      done(els.alerts, shownDayIncomplete
        ? emptyState('No alerts counted for the stores whose snapshot did not arrive',
          'Their stock of this day was not checked (see above), so no alert here does not mean their products are within target.')
        : emptyState('No alerts match these filters', state.severity || state.type || state.category || state.store
          ? 'Clear a filter to see more.' : 'Every product is within its stock targets on this day.'));
      return;
    }
    done(els.alerts, h('div', { class: 'card-body flush' }, table({
      caption: 'Inventory alerts',
      rows: items,
      columns: [
        { label: 'Alert', class: 'nowrap', render: (r) => h('span', null, severityChip(r.severity), h('br'), h('span', { class: 'small muted' }, f.label(r.alert_type))) },
        { label: 'Store', class: 'nowrap', render: (r) => h('a', { href: `/stores?store=${encodeURIComponent(r.store_id)}&date=${encodeURIComponent(data.date || state.date)}` }, storeName(r.store_id)) },
        // the category under the name keeps the table narrow enough to show the money at risk without scrolling
        { label: 'Product', class: 'name', render: (r) => h('span', null, r.name || r.sku, ' ', h('span', { class: 'muted small mono' }, r.sku),
          h('br'), h('span', { class: 'muted small' }, r.category || '')) },
        { label: 'On hand', num: true, render: (r) => f.int(r.on_hand) },
        { label: 'Sells / day', num: true, render: (r) => salesPerDay(r) },
        { label: 'Days of cover', num: true, render: (r) => f.number(r.days_of_cover, 1) },
        { label: 'Money at risk', num: true, render: (r) => h('span', { 'data-money-at-risk': r.money_at_risk ?? '' }, f.money(r.money_at_risk)) },
        { label: 'Cause', class: 'nowrap', render: (r) => h('span', null, CAUSES[r.cause] || f.label(r.cause), h('br'),
          r.alert_type === 'OVERSTOCK' ? null
            : h('a', { class: 'small', href: `/reorder?store=${encodeURIComponent(r.store_id)}&queue=review` }, 'Store\'s reorder lines →')) },
        { label: 'Action', render: (r) => r.status === 'acknowledged'
          ? h('span', { class: 'small muted', 'data-status': 'acknowledged' }, `Acknowledged until ${f.shortDate(r.until)}`)
          : h('span', { class: 'row-actions' },
            h('button', { class: 'btn btn-sm', type: 'button', 'data-act': 'acknowledge', onClick: () => act(r, 'acknowledge') }, 'Acknowledge'),
            ' ',
            h('button', { class: 'btn btn-sm', type: 'button', 'data-act': 'snooze', title: 'Hide this alert for 7 days',
              onClick: () => act(r, 'snooze') }, 'Snooze 7 days')) },
      ],
    }), pager({ total: data.total ?? items.length, limit: LIMIT, offset: Number(state.offset), onPage: (o) => set({ offset: String(o) }, { keepOffset: true }) })));
  } catch (e) {
    if (gen !== generation) return;
    mount(els.sev);
    done(els.alerts, errorState(e, refresh));
  }
}

/** One button per cause: how many alerts and the money at risk; a click shows only that cause (again: all). */
function renderCauses(groups) {
  mount(els.causes, groups.map((g) => {
    const pressed = state.cause === g.cause;
    return h('button', {
      type: 'button', class: 'cause', 'aria-pressed': String(pressed), 'data-cause': g.cause,
      title: pressed ? 'Show every cause' : `Show only: ${CAUSES[g.cause] || g.cause}`,
      onClick: () => set({ cause: pressed ? '' : g.cause }),
    },
    h('span', { class: 'cause-name' }, CAUSES[g.cause] || f.label(g.cause)),
    h('span', { class: 'cause-n' }, `${f.int(g.alerts)} alert${g.alerts === 1 ? '' : 's'}`),
    h('span', { class: 'cause-money', 'data-money': g.money_at_risk ?? '' }, g.money_at_risk === null || g.money_at_risk === undefined
      ? 'money at risk not available' : `${f.money(g.money_at_risk)} at risk`),
    g.without_price ? h('span', { class: 'small muted' }, `${f.int(g.without_price)} without a price or cost`) : null,
    h('span', { class: 'small muted' }, CAUSE_HINTS[g.cause] || ''));
  }));
}

function storeName(id) {
  const s = (filters?.stores ?? []).find((x) => x.store_id === id);
  return s?.name ? `${s.name}` : id;
}

function band(days) {
  if (days === null || days === undefined || !Number.isFinite(Number(days))) return null;
  const d = Number(days);
  return BANDS.find((b) => (b.max === 0 ? d <= 0 : d < b.max)) || BANDS[BANDS.length - 1];
}

async function loadHeatmap(gen) {
  loading(els.heat);
  try {
    const data = await api.get('/api/v1/inventory/cover-heatmap', { date: state.date, area: state.area });
    if (gen !== generation) return;
    const stores = data.stores || [];
    const categories = data.categories || [];
    if (!stores.length || !categories.length) {
      done(els.heat, emptyState('No stock positions on this day', 'Inventory snapshots feed this view. Pick another day.'));
      return;
    }
    const cells = new Map((data.cells || []).map((c) => [`${c.store_id}|${c.category}`, c]));
    // the longer dimension goes down the page, so the grid fits the width
    const byCategory = categories.length > stores.length;
    const rowKeys = byCategory ? categories : stores;
    const colKeys = byCategory ? stores : categories;
    const cellFor = (r, c) => (byCategory ? [c, r] : [r, c]);
    const grid = h('table', { class: 'heatmap' },
      h('caption', { class: 'sr-only' }, byCategory ? 'Days of cover by category (rows) and store (columns)' : 'Days of cover by store (rows) and category (columns)'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, byCategory ? 'Category' : 'Store'),
        colKeys.map((c) => h('th', { scope: 'col' }, byCategory ? storeName(c) : c)))),
      h('tbody', null, rowKeys.map((r) => h('tr', null,
        h('th', { scope: 'row' }, byCategory ? r : storeName(r)),
        colKeys.map((c) => {
          const [s, cat] = cellFor(r, c);
          const cell = cells.get(`${s}|${cat}`);
          if (!cell) return h('td', { class: 'hm-empty' }, h('span', { class: 'sr-only' }, 'no stock data'), '·');
          const key = `${s}|${cat}`;
          // no cover: none of the 28 days' sales loaded (not known), or nothing sold on the known days; the products
          // can still be listed
          const missing = Number(cell.sales_days_missing || 0);
          const notLoaded = missing >= 28;
          const b = band(cell.days_of_cover) || (notLoaded
            ? { label: 'Sales not loaded for the 28 days: cover not available', bg: '#fef3c7', fg: '#92400e' }
            : { label: 'No recent sales', bg: '#e2e8f0', fg: '#334155' });
          const out = cell.stock_out_share !== null && cell.stock_out_share !== undefined ? `, ${f.share(cell.stock_out_share, 0)} of products out of stock` : '';
          const partly = missing > 0 && !notLoaded ? `, sales missing for ${missing} of the 28 days (cover over the other ${28 - missing})` : '';
          const none = cell.days_of_cover === null || cell.days_of_cover === undefined;
          const what = notLoaded ? 'sales not loaded, cover not available' : none ? 'no recent sales' : `${f.number(cell.days_of_cover, 1)} days of cover`;
          return h('td', null, h('button', {
            type: 'button', class: 'hm-cell', 'data-store': s, 'data-category': cat, 'aria-pressed': String(state.cell === key),
            'data-sales-missing': missing > 0 ? String(missing) : null,
            style: { background: b.bg, color: b.fg },
            'aria-label': `${storeName(s)}, ${cat}: ${what}${partly}${out}`,
            title: `${b.label}${partly}${out}`,
            onClick: () => set({ cell: key }, { keepOffset: true }),
          }, notLoaded ? 'n/a ⚠' : none ? '—' : f.number(cell.days_of_cover, 1), partly ? ' ⚠' : null));
        })))));
    const legend = h('div', { class: 'legend-inline', style: { padding: '0 16px 16px' } },
      BANDS.map((b) => h('span', null, h('i', { style: { background: b.bg, outline: '1px solid rgba(0,0,0,.08)' } }), b.label)),
      h('span', null, '⚠ sales missing for some of the 28 days (n/a: all of them)'));
    // exported as numbers: days of cover per row and column (empty where there is no stock data or no recent sales)
    const heatData = () => ({ header: [byCategory ? 'Category' : 'Store', ...colKeys.map((c) => (byCategory ? storeName(c) : c))],
      rows: rowKeys.map((r) => [byCategory ? r : storeName(r), ...colKeys.map((c) => {
        const [s, cat] = cellFor(r, c);
        const v = cells.get(`${s}|${cat}`)?.days_of_cover;
        return v === null || v === undefined ? '' : Number(v);
      })]) });
    done(els.heat, exportButtons('Days of cover', heatData), h('div', { class: 'card-body' }, h('div', { class: 'table-wrap' }, grid)), legend);
  } catch (e) {
    if (gen !== generation) return;
    done(els.heat, errorState(e, refresh));
  }
}

async function loadCell(gen) {
  const [store, category] = state.cell.split('|');
  els.drill.hidden = false;
  const body = h('div');
  mount(els.drill,
    h('div', { class: 'card-head' },
      h('h2', { id: 'drill-title', tabindex: '-1' }, `${storeName(store)} · ${category}`),
      h('button', { class: 'btn btn-sm', type: 'button', onClick: () => set({ cell: '' }, { keepOffset: true }) }, 'Close')),
    body);
  loading(body);
  try {
    const data = await api.get('/api/v1/inventory/positions', { date: state.date, store, category, limit: 200 });
    if (gen !== generation) return;
    const items = listOf(data);
    if (!items.length) {
      done(body, emptyState('No products in this cell', 'No stock positions for this store and category on this day.'));
      return;
    }
    items.sort((a, b) => (Number(a.days_of_cover ?? 1e9) - Number(b.days_of_cover ?? 1e9)));
    done(body, h('div', { class: 'card-body flush' }, table({
      caption: `Products of ${category} at ${storeName(store)}`,
      rows: items,
      columns: [
        { label: 'SKU', render: (r) => h('span', { class: 'mono' }, r.sku) },
        { label: 'Product', class: 'name', render: (r) => r.name },
        { label: 'Status', class: 'nowrap', render: (r) => {
          const b = r.stock_out || Number(r.on_hand) <= 0 ? BANDS[0] : band(r.days_of_cover);
          if (b) return h('span', { class: 'chip no-dot', style: { background: b.bg, color: b.fg } }, r.overstock ? 'Overstock' : b.label);
          // no cover because none of the 28 days' sales loaded: not known, not a product that stopped selling
          return r.sales_days_missing >= 28
            ? h('span', { class: 'chip no-dot', title: r.note || 'Sales missing for all 28 days', 'data-status': 'sales-missing' }, 'Sales not loaded ⚠')
            : h('span', { class: 'chip no-dot' }, 'No recent sales');
        } },
        { label: 'On hand', num: true, render: (r) => f.int(r.on_hand) },
        { label: 'On order', num: true, render: (r) => f.int(r.on_order) },
        { label: 'Sells / day', num: true, render: (r) => salesPerDay(r) },
        { label: 'Days of cover', num: true, render: (r) => f.number(r.days_of_cover, 1) },
        { label: 'Money at risk', num: true, render: (r) => h('span', { 'data-money-at-risk': r.money_at_risk ?? '' }, f.money(r.money_at_risk)) },
        { label: 'Cause', class: 'nowrap', render: (r) => h('span', null, CAUSES[r.cause] || f.label(r.cause), h('br'),
          r.alert_type === 'OVERSTOCK' ? null
            : h('a', { class: 'small', href: `/reorder?store=${encodeURIComponent(r.store_id)}&queue=review` }, 'Store\'s reorder lines →')) },
        { label: 'Action', render: (r) => r.status === 'acknowledged'
          ? h('span', { class: 'small muted', 'data-status': 'acknowledged' }, `Acknowledged until ${f.shortDate(r.until)}`)
          : h('span', { class: 'row-actions' },
            h('button', { class: 'btn btn-sm', type: 'button', 'data-act': 'acknowledge', onClick: () => act(r, 'acknowledge') }, 'Acknowledge'),
            ' ',
            h('button', { class: 'btn btn-sm', type: 'button', 'data-act': 'snooze', title: 'Hide this alert for 7 days',
              onClick: () => act(r, 'snooze') }, 'Snooze 7 days')) },
      ],
    }), h('div', { class: 'table-foot' }, h('span', null, data.total > items.length ? `${f.int(items.length)} of ${f.int(data.total)} products` : items.length === 1 ? '1 product' : `${f.int(items.length)} products`))));
    announce(`${items.length} products for ${category} at ${storeName(store)}.`);
    els.drill.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  } catch (e) {
    if (gen !== generation) return;
    done(body, errorState(e));
  }
}

/** Acknowledge or snooze one alert (7 days from the latest snapshot), then reload the list. */
async function act(alert, action) {
  try {
    await api.post('/api/v1/inventory/alerts/actions', { store_id: alert.store_id, sku: alert.sku, alert_type: alert.alert_type, action });
    announce(action === 'snooze' ? 'Alert snoozed for 7 days.' : 'Alert acknowledged.');
  } catch (e) {
    announce(`Could not ${action} the alert: ${e.message || e}`);
  }
  refresh();
}
