// Reorder: the day's recommendations with their explanation, override with a reason, approve or reject
// per line and per purchase order, and export of the approved orders.
import { api, readState, writeState, onStateChange, listOf } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, pager, selectField, statusChip, banner, announce, toast, download } from '../ui.js';

const DEFAULTS = { date: '', store: '', supplier: '', class: '', exception: '', offset: '0' };
const LIMIT = 50;

mountShell('reorder');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let filters = null;
let orders = [];
let generation = 0;
let exceptionCodes = [];
const open = new Set();

const els = {
  subtitle: h('p', { class: 'subtitle' }, 'Recommended orders, explained'),
  actions: h('div', { class: 'page-actions' }),
  filterBar: h('form', { class: 'filters', 'aria-label': 'Filters', onSubmit: (e) => e.preventDefault() }),
  notice: h('div', { 'aria-live': 'polite' }),
  pos: h('div', { id: 'purchase-orders' }),
  recs: h('div', { id: 'recommendations' }),
  recsHint: h('span', { class: 'hint' }),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Reorder'), els.subtitle), els.actions),
  els.filterBar,
  els.notice,
  h('section', { class: 'card section', 'aria-labelledby': 'po-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'po-title' }, 'Purchase orders'), h('span', { class: 'hint' }, 'One per supplier and store')),
    els.pos),
  h('section', { class: 'card section', 'aria-labelledby': 'rec-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'rec-title' }, 'Recommendations'), els.recsHint),
    els.recs));

mount(els.actions,
  h('button', { class: 'btn btn-primary', type: 'button', id: 'export', 'data-needs': 'export_orders', onClick: exportOrders }, 'Export approved orders'));

onStateChange(() => { state = readState(DEFAULTS); renderFilters(); refresh(); });
init();

async function init() {
  renderFilters();
  try {
    filters = await api.get('/api/v1/filters');
  } catch (e) {
    filters = null;
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
  const suppliers = [...new Map(orders.map((o) => [o.supplier_id, o.supplier_name || o.supplier_id])).entries()]
    .map(([value, label]) => ({ value, label: label === value ? value : `${label} (${value})` }));
  if (state.supplier && !suppliers.some((s) => s.value === state.supplier)) suppliers.push({ value: state.supplier, label: state.supplier });
  mount(els.filterBar,
    h('div', { class: 'field' }, h('label', { for: 'r-date' }, 'Order date'),
      h('input', { id: 'r-date', name: 'date', type: 'date', value: state.date, onChange: (e) => set({ date: e.target.value }) })),
    selectField({ label: 'Store', name: 'store', id: 'r-store', value: state.store, allLabel: 'All stores',
      options: (filters?.stores ?? []).map((s) => ({ value: s.store_id, label: s.name ? `${s.name} (${s.store_id})` : s.store_id })),
      onChange: (v) => set({ store: v }) }),
    selectField({ label: 'Supplier', name: 'supplier', id: 'r-supplier', value: state.supplier, allLabel: 'All suppliers', options: suppliers,
      onChange: (v) => set({ supplier: v }) }),
    selectField({ label: 'ABC class', name: 'class', id: 'r-class', value: state.class, allLabel: 'All classes',
      options: [{ value: 'A', label: 'A — fast movers' }, { value: 'B', label: 'B' }, { value: 'C', label: 'C — slow movers' }],
      onChange: (v) => set({ class: v }) }),
    h('div', { class: 'field' }, h('label', { for: 'r-exception' }, 'Exception'),
      h('input', { id: 'r-exception', name: 'exception', type: 'search', value: state.exception, placeholder: 'e.g. BELOW_MIN_ORDER_VALUE',
        list: 'exception-codes', onChange: (e) => set({ exception: e.target.value.trim() }) }),
      h('datalist', { id: 'exception-codes' }, exceptionCodes.map((c) => h('option', { value: c })))));
}


function refresh() {
  const gen = ++generation;
  loadOrders(gen);
  loadRecs(gen);
  loadExceptions(gen);
}

async function loadExceptions(gen) {
  try {
    const data = await api.get('/api/v1/replenishment/exceptions', { date: state.date });
    if (gen !== generation) return;
    exceptionCodes = [...new Set([...Object.keys(data?.counts || {}), ...listOf(data).map((e) => e.exception || e.code)].filter(Boolean))];
    const list = document.getElementById('exception-codes');
    if (list) mount(list, exceptionCodes.map((c) => h('option', { value: c })));
  } catch (e) {
    // the datalist is a convenience only
  }
}

async function loadOrders(gen) {
  loading(els.pos);
  try {
    const data = await api.get('/api/v1/purchase-orders', { date: state.date });
    if (gen !== generation) return;
    orders = listOf(data).filter((o) => (!state.store || o.store_id === state.store) && (!state.supplier || o.supplier_id === state.supplier));
    if (!orders.length && listOf(data).length) orders = listOf(data);
    renderFilters();
    if (!orders.length) {
      done(els.pos, emptyState('No purchase orders for this day', 'Orders appear once the daily run has produced recommendations.'));
      return;
    }
    done(els.pos, h('div', { class: 'card-body flush' }, table({
      caption: 'Purchase orders',
      rows: orders,
      rowAttrs: (o) => ({ 'data-po': o.po_id }),
      columns: [
        { label: 'Supplier · order', render: (o) => h('span', null, o.supplier_name || o.supplier_id, h('br'), h('span', { class: 'mono small muted' }, o.po_id)) },
        { label: 'Store', class: 'nowrap', render: (o) => storeName(o.store_id) },
        { label: 'Lines', num: true, render: (o) => f.int(o.lines) },
        { label: 'Units', num: true, render: (o) => f.int(o.units) },
        { label: 'Cases', num: true, render: (o) => f.int(o.cases) },
        { label: 'Cost', num: true, render: (o) => f.money(o.cost, { cents: true }) },
        { label: 'Flags', render: (o) => (o.flags || []).length ? h('span', { class: 'row' }, o.flags.map((fl) => h('span', { class: 'chip warn no-dot' }, f.label(fl)))) : '—' },
        { label: 'Status', render: (o) => statusChip(o.status) },
        { label: 'Actions', render: (o) => decisionButtons(o.status, `order ${o.po_id}`,
          (reason) => decide(`/api/v1/purchase-orders/${encodeURIComponent(o.po_id)}/approve`, { reason }, `Order ${o.po_id} approved.`),
          (reason) => decide(`/api/v1/purchase-orders/${encodeURIComponent(o.po_id)}/reject`, { reason }, `Order ${o.po_id} rejected.`), 'approve_orders') },
      ],
    })));
  } catch (e) {
    if (gen !== generation) return;
    done(els.pos, errorState(e, refresh));
  }
}

/** Approve / Reject buttons; reject asks for a reason inline first. */
function decisionButtons(status, what, approve, reject, needs = 'decide_lines') {
  const wrap = h('div', { class: 'row nowrap', 'data-needs': needs });
  const decided = status === 'approved' || status === 'rejected';
  const showReject = () => {
    const id = `reason-${Math.random().toString(36).slice(2, 8)}`;
    const input = h('input', { id, type: 'text', placeholder: 'Reason', required: true, style: { height: '30px', width: '160px' } });
    mount(wrap,
      h('label', { for: id, class: 'sr-only' }, `Reason for rejecting ${what}`), input,
      h('button', { class: 'btn btn-sm btn-danger', type: 'button', onClick: () => {
        if (!input.value.trim()) { input.setAttribute('aria-invalid', 'true'); input.focus(); return; }
        reject(input.value.trim());
      } }, 'Reject'),
      h('button', { class: 'btn btn-sm', type: 'button', onClick: () => mount(wrap, ...buttons()) }, 'Cancel'));
    input.focus();
  };
  const buttons = () => [
    h('button', { class: 'btn btn-sm btn-success', type: 'button', disabled: status === 'approved', 'data-action': 'approve',
      'aria-label': `Approve ${what}`, onClick: () => approve(null) }, 'Approve'),
    h('button', { class: 'btn btn-sm btn-danger', type: 'button', disabled: status === 'rejected', 'data-action': 'reject',
      'aria-label': `Reject ${what}`, onClick: showReject }, 'Reject'),
  ];
  mount(wrap, ...buttons());
  if (decided) wrap.title = `Already ${status}; you can still change the decision.`;
  return wrap;
}

async function decide(path, body, message) {
  try {
    await api.post(path, body);
    announce(message);
    toast(message);
    refresh();
  } catch (e) {
    mount(els.notice, banner('error', h('strong', null, 'Not saved. '), e.detail));
  }
}

function storeName(id) {
  const s = (filters?.stores ?? []).find((x) => x.store_id === id);
  return s?.name || id;
}

async function loadRecs(gen) {
  loading(els.recs);
  try {
    const data = await api.get('/api/v1/replenishment/recommendations', {
      date: state.date, store: state.store, supplier: state.supplier, class: state.class, exception: state.exception, limit: LIMIT, offset: state.offset,
    });
    if (gen !== generation) return;
    if (data.date && !state.date) {
      state.date = data.date;
      writeState(state, DEFAULTS, { replace: true });
      renderFilters();
    }
    els.subtitle.textContent = data.date ? `Recommendations for ${f.longDate(data.date)}` : 'Recommended orders, explained';
    const items = data.items || [];
    const total = data.total ?? items.length;
    const counts = items.reduce((a, r) => ({ ...a, [r.status]: (a[r.status] || 0) + 1 }), {});
    els.recsHint.textContent = `${f.int(total)} lines · ${f.int(counts.proposed || 0)} to review on this page`;
    if (!items.length) {
      done(els.recs, emptyState('No recommendations match these filters', 'Clear a filter, or pick the date of the latest run.'));
      return;
    }
    const tbody = h('tbody');
    const cols = ['Store · supplier', 'Product', 'Suggested', 'Final', 'Exception', 'Status', 'Actions'];
    for (const r of items) {
      const detailRow = h('tr', { class: 'detail-row', hidden: !open.has(r.id) }, h('td', { colspan: String(cols.length) }));
      const toggle = h('button', {
        class: 'btn-link', type: 'button', 'aria-expanded': String(open.has(r.id)), 'data-action': 'explain',
        onClick: () => {
          const isOpen = detailRow.hidden;
          detailRow.hidden = !isOpen;
          toggle.setAttribute('aria-expanded', String(isOpen));
          if (isOpen) { open.add(r.id); loadExplanation(r, detailRow.firstChild); } else open.delete(r.id);
        },
      }, r.name || r.sku);
      const overridden = r.final_qty !== null && r.final_qty !== undefined && Number(r.final_qty) !== Number(r.recommended_qty);
      tbody.append(h('tr', { 'data-rec': r.id },
        h('td', { class: 'nowrap' }, storeName(r.store_id), h('br'), h('span', { class: 'muted small' }, r.supplier_name || r.supplier_id || '—')),
        h('td', { class: 'name' }, toggle, h('br'), h('span', { class: 'muted small mono' }, r.sku),
          r.abc_class ? [' ', h('span', { class: 'chip info no-dot', title: `ABC class ${r.abc_class}` }, `Class ${r.abc_class}`)] : null),
        h('td', { class: 'num' }, f.int(r.recommended_qty)),
        h('td', { class: 'num', 'data-final': r.final_qty ?? '' }, h('strong', null, f.int(r.final_qty ?? r.recommended_qty)),
          overridden ? h('span', { class: 'muted small' }, ' (changed)') : null),
        h('td', null, r.exception ? h('span', { class: 'chip warn no-dot' }, f.label(r.exception)) : '—'),
        h('td', null, statusChip(r.status)),
        h('td', null, decisionButtons(r.status, `${r.name || r.sku} for ${storeName(r.store_id)}`,
          () => decide(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}/approve`, {}, `${r.sku} approved.`),
          (reason) => decide(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}/reject`, { reason }, `${r.sku} rejected.`)))));
      tbody.append(detailRow);
      if (open.has(r.id)) loadExplanation(r, detailRow.firstChild);
    }
    done(els.recs, h('div', { class: 'card-body flush' },
      h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only' }, 'Recommendations'),
        h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: ['Suggested', 'Final'].includes(c) ? 'num' : null }, c)))),
        tbody)),
      pager({ total, limit: LIMIT, offset: Number(state.offset), onPage: (o) => set({ offset: String(o) }, { keepOffset: true }) })));
  } catch (e) {
    if (gen !== generation) return;
    done(els.recs, e.status === 404
      ? emptyState('Reorder recommendations are not available yet', e.detail)
      : errorState(e, refresh));
  }
}

// The inputs a buyer checks first, from the line's stored values (detail.values), in this order.
const VALUE_LABELS = [
  ['demand_rate', 'Daily demand', 2], ['on_hand', 'On hand', 0], ['on_order', 'On order', 0], ['position', 'Stock position', 0],
  ['lead_time_days', 'Lead time (days)', 0], ['review_days', 'Review period (days)', 0], ['service_level', 'Service level', 2],
  ['safety_stock', 'Safety stock', 1], ['reorder_point', 'Reorder point', 1], ['order_up_to', 'Order up to', 1],
  ['case_pack', 'Case pack', 0], ['moq', 'Supplier minimum', 0], ['unit_cost', 'Unit cost', 2],
];

async function loadExplanation(r, cell) {
  loading(cell);
  try {
    const d = await api.get(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}`);
    const steps = d.steps || [];
    const v = d.values || d;
    const values = VALUE_LABELS.filter(([k]) => v[k] !== undefined && v[k] !== null);
    const problems = d.problems || [];
    const qtyId = `q-${r.id}`;
    const reasonId = `why-${r.id}`;
    const pack = Number(v.case_pack) > 1 ? Number(v.case_pack) : 1;
    const qty = h('input', { id: qtyId, name: 'quantity', type: 'number', min: '0', step: String(pack), value: d.final_qty ?? d.recommended_qty ?? '' });
    const reason = h('input', { id: reasonId, name: 'reason', type: 'text', placeholder: 'e.g. Promotion next week', required: true });
    const status = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'override-form', 'data-needs': 'decide_lines', 'aria-label': `Override the quantity for ${r.sku}`, onSubmit: async (e) => {
      e.preventDefault();
      if (!reason.value.trim()) { reason.setAttribute('aria-invalid', 'true'); reason.focus(); mount(status, banner('warn', 'Say why you change the quantity: the reason goes into the audit trail.')); return; }
      try {
        await api.post(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}/override`, { quantity: Number(qty.value), reason: reason.value.trim() });
        announce(`Quantity for ${r.sku} set to ${qty.value}.`);
        toast(`Quantity for ${r.sku} set to ${qty.value}.`);
        refresh();
      } catch (err) {
        mount(status, banner('error', h('strong', null, 'Not saved. '), err.detail));
      }
    } },
    h('div', { class: 'field' }, h('label', { for: qtyId }, pack > 1 ? `Order quantity (cases of ${pack})` : 'Order quantity'), qty),
    h('div', { class: 'field grow' }, h('label', { for: reasonId }, 'Reason'), reason),
    h('button', { class: 'btn btn-primary', type: 'submit' }, 'Save override'));
    done(cell, h('div', { class: 'explain' },
      values.length ? h('dl', { class: 'kv' }, values.map(([k, l, digits]) =>
        h('div', null, h('dt', null, l), h('dd', null, k === 'unit_cost' ? f.money(v[k], { cents: true }) : k === 'service_level' ? f.share(v[k], 1)
          : typeof v[k] === 'number' || !Number.isNaN(Number(v[k])) ? f.number(v[k], digits) : String(v[k]))))) : null,
      problems.length ? banner('warn', h('strong', null, 'Check this line: '), problems.join(' ')) : null,
      v.override_reason ? h('p', { class: 'muted small' }, `Changed from ${f.int(d.recommended_qty)} by ${v.overridden_by || 'a buyer'}: “${v.override_reason}”`) : null,
      steps.length
        ? h('div', null, h('h3', null, 'How the quantity was worked out'),
          h('ol', null, steps.map((s) => h('li', null,
            h('span', { class: 'step-rule' }, f.label(s.rule)), ': ', s.text || '',
            s.before !== null && s.before !== undefined && s.after !== null && s.after !== undefined && s.before !== s.after
              ? h('span', { class: 'arrow' }, ` (${fmtVal(s.before)} → ${fmtVal(s.after)})`) : null))))
        : (d.explanation || r.explanation || []).length
          ? h('div', null, h('h3', null, 'How the quantity was worked out'), h('ol', null, (d.explanation || r.explanation).map((t) => h('li', null, typeof t === 'string' ? t : t.text || JSON.stringify(t)))))
          : h('p', { class: 'muted' }, 'No explanation was recorded for this line.'),
      form, status));
  } catch (e) {
    done(cell, h('div', { class: 'explain' }, errorState(e)));
  }
}

const fmtVal = (v) => (typeof v === 'number' ? f.number(v, 2) : String(v));

async function exportOrders() {
  const btn = document.getElementById('export');
  btn.disabled = true;
  try {
    const res = await api.raw('POST', '/api/v1/purchase-orders/export', { date: state.date });
    const type = res.headers.get('content-type') || '';
    if (type.includes('json')) {
      const data = await res.json();
      const files = listOf(data, 'files');
      mount(els.notice, banner('ok', h('strong', null, 'Export ready. '),
        files.length ? h('ul', null, files.map((x) => h('li', { class: 'mono' }, typeof x === 'string' ? x : x.path || x.file || JSON.stringify(x))))
          : JSON.stringify(data)));
    } else {
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') || '')?.[1] || `purchase-orders-${state.date || 'latest'}.csv`;
      download(await res.blob(), name);
      mount(els.notice, banner('ok', `Downloaded ${name}.`));
    }
    announce('Export finished.');
  } catch (e) {
    mount(els.notice, banner('error', h('strong', null, 'Export failed. '), e.detail));
  } finally {
    btn.disabled = false;
  }
}
