// Reorder: the lines a buyer must review first (problem lines, then the largest order value), lines a rule decided
// (do not reorder, struck, offer ending) apart, bulk approve / reject by filter, the explanation of every line with an
// override, the purchase orders, and the approved orders downloaded in the browser (CSV, JSON, XLSX).
import { api, readState, writeState, onStateChange, listOf } from '../api.js';
import * as f from '../format.js';
import { h, me, mount, mountShell, loading, done, emptyState, errorState, table, pager, selectField, statusChip, banner, announce, toast, download, exportButtons, tableData } from '../ui.js';

const DEFAULTS = { date: '', store: '', supplier: '', class: '', exception: '', queue: 'review', offset: '0' };
const LIMIT = 50;
let canExportAll = false;

/** Exception and flag codes in the words a buyer uses. */
const PLAIN = {
  DNR: 'Do not reorder', STRIKE: 'Struck (discontinued)', LTO_ENDS_BEFORE_ARRIVAL: 'Offer ends before delivery',
  STALE_INVENTORY: 'Stock count out of date', NEW_ITEM: 'New item: uses its category\'s demand',
  LONG_OUT_OF_STOCK: 'Out of stock most of the last weeks: uses its own demand over 13 weeks', NEGATIVE_ON_HAND: 'Negative stock on hand',
  SALES_MISSING: 'Demand leaves out days whose sales are missing',
  MISSING_COST: 'No unit cost', TOPPED_UP: 'Topped up to the supplier\'s minimum', OVERRIDDEN: 'Quantity changed by a buyer',
  BELOW_MIN_ORDER_VALUE: 'Below the supplier\'s minimum order', NO_SUPPLIER: 'No supplier', DEMAND_SPIKE: 'Sudden jump in sales',
  SALES_WITHOUT_INVENTORY: 'Sold but missing from the stock count',
};
const plain = (code) => PLAIN[code] || f.label(code);
const LINE_EXCEPTIONS = ['DNR', 'STRIKE', 'LTO_ENDS_BEFORE_ARRIVAL', 'STALE_INVENTORY', 'NEW_ITEM', 'LONG_OUT_OF_STOCK'];
const QUEUES = [
  { value: 'review', label: 'To review', hint: 'still proposed: approve, change or reject' },
  { value: 'rule', label: 'Decided by rule', hint: 'held at 0 by do-not-reorder, struck or an offer ending; change the quantity to order anyway' },
  { value: 'decided', label: 'Decided', hint: 'approved or rejected by a buyer' },
];

mountShell('reorder');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let filters = null;
let orders = [];
let allOrders = [];
let generation = 0;
const open = new Set();
// Quantities typed in a line's override form and not saved yet, by line id: { qty, reason, final, po, name }. They
// survive the table being drawn again (after any other decision), and a line (or its order, or a bulk approval) is
// not approved while one differs from the line's quantity: approving would send the old quantity to the supplier.
const drafts = new Map();
const unsaved = (d) => d.qty !== '' && Number(d.qty) !== Number(d.final);

const els = {
  subtitle: h('p', { class: 'subtitle' }, 'Recommended orders, explained'),
  actions: h('div', { class: 'page-actions' }),
  filterBar: h('form', { class: 'filters', 'aria-label': 'Filters', onSubmit: (e) => e.preventDefault() }),
  notice: h('div', { 'aria-live': 'polite' }),
  pos: h('div', { id: 'purchase-orders' }),
  poCount: h('span', { class: 'hint' }),
  queues: h('div', { class: 'queue-tabs', role: 'tablist', 'aria-label': 'Which lines' }),
  bulk: h('div', { class: 'bulk-bar', id: 'bulk' }),
  recs: h('div', { id: 'recommendations' }),
  recsHint: h('span', { class: 'hint' }),
};
const format = h('select', { id: 'dl-format', name: 'format', 'aria-label': 'File format' },
  h('option', { value: 'xlsx' }, 'Excel (XLSX)'), h('option', { value: 'csv' }, 'CSV'), h('option', { value: 'json' }, 'JSON'));

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Reorder'), els.subtitle), els.actions),
  els.filterBar,
  els.notice,
  h('section', { class: 'card section', 'aria-labelledby': 'rec-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'rec-title' }, 'Lines'), els.recsHint),
    els.queues, els.bulk,
    els.recs),
  h('section', { class: 'card section', 'aria-labelledby': 'po-title' },
    h('details', { id: 'po-details' },
      h('summary', { class: 'card-head' }, h('h2', { id: 'po-title' }, 'Purchase orders'), els.poCount),
      els.pos)));

mount(els.actions,
  h('div', { class: 'field inline', 'data-needs': 'export_orders' }, h('label', { for: 'dl-format' }, 'Approved orders as'), format),
  h('button', { class: 'btn btn-primary', type: 'button', id: 'download', 'data-needs': 'export_orders', onClick: downloadOrders }, 'Download'),
  h('button', { class: 'btn', type: 'button', id: 'export', 'data-needs': 'export_orders', onClick: exportOrders,
    title: 'Write the supplier files to the server\'s export folder' }, 'Export to folder'));

// the supplier files hold every store's approved orders: an account limited to stores downloads its own instead
me().then((m) => { if (m && !m.all_stores) document.getElementById('export').hidden = true; });

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
  const suppliers = [...new Map(allOrders.map((o) => [o.supplier_id, o.supplier_name || o.supplier_id])).entries()]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (state.supplier && !suppliers.some((s) => s.value === state.supplier)) suppliers.push({ value: state.supplier, label: state.supplier });
  mount(els.filterBar,
    h('div', { class: 'field' }, h('label', { for: 'r-date' }, 'Order date'),
      h('input', { id: 'r-date', name: 'date', type: 'date', value: state.date, onChange: (e) => set({ date: e.target.value }) })),
    selectField({ label: 'Store', name: 'store', id: 'r-store', value: state.store, allLabel: 'All stores',
      options: (filters?.stores ?? []).map((s) => ({ value: s.store_id, label: s.name || s.store_id })),
      onChange: (v) => set({ store: v }) }),
    selectField({ label: 'Supplier', name: 'supplier', id: 'r-supplier', value: state.supplier, allLabel: 'All suppliers', options: suppliers,
      onChange: (v) => set({ supplier: v }) }),
    selectField({ label: 'ABC class', name: 'class', id: 'r-class', value: state.class, allLabel: 'All classes',
      options: [{ value: 'A', label: 'A — fast movers' }, { value: 'B', label: 'B' }, { value: 'C', label: 'C — slow movers' }],
      onChange: (v) => set({ class: v }) }),
    selectField({ label: 'Exception', name: 'exception', id: 'r-exception', value: state.exception, allLabel: 'Any',
      options: LINE_EXCEPTIONS.map((c) => ({ value: c, label: plain(c) })), onChange: (v) => set({ exception: v }) }));
}

function refresh() {
  const gen = ++generation;
  loadOrders(gen);
  loadRecs(gen);
}

async function loadOrders(gen) {
  loading(els.pos);
  try {
    const data = await api.get('/api/v1/purchase-orders', { date: state.date });
    if (gen !== generation) return;
    // a re-send writes the supplier's file of every store: only an account that sees every store may (as Export)
    canExportAll = Boolean((await me())?.all_stores);
    if (gen !== generation) return;
    allOrders = listOf(data);
    orders = allOrders.filter((o) => (!state.store || o.store_id === state.store) && (!state.supplier || o.supplier_id === state.supplier));
    renderFilters();
    const approved = orders.filter((o) => o.status === 'approved' && o.units > 0).length;
    els.poCount.textContent = `${f.int(orders.length)} orders · ${f.int(approved)} approved · one per supplier and store`;
    if (!orders.length) {
      done(els.pos, emptyState('No purchase orders for these filters', 'Orders appear once the daily run has produced recommendations.'));
      return;
    }
    done(els.pos, h('div', { class: 'card-body flush' }, table({
      caption: 'Purchase orders',
      rows: orders,
      rowAttrs: (o) => ({ 'data-po': o.po_id }),
      columns: [
        { label: 'Supplier', render: (o) => h('span', null, o.supplier_name || o.supplier_id, h('br'), h('span', { class: 'mono small muted' }, o.po_id)) },
        { label: 'Store', class: 'nowrap', render: (o) => o.store_name || storeName(o.store_id) || 'All stores' },
        { label: 'Lines', num: true, key: 'lines', render: (o) => f.int(o.lines) },
        { label: 'Units', num: true, key: 'units', render: (o) => f.int(o.units) },
        { label: 'Cases', num: true, key: 'cases', render: (o) => f.int(o.cases) },
        { label: 'Cost', num: true, key: 'cost', render: (o) => f.money(o.cost, { cents: true }) },
        { label: 'Flags', render: (o) => (o.flags || []).length ? h('span', { class: 'row' }, o.flags.map((fl) => h('span', { class: 'chip warn no-dot', 'data-code': fl }, plain(fl)))) : '—' },
        { label: 'Status', render: (o) => h('div', null, statusChip(o.status), o.exported_at ? exportedNote(o) : null) },
        { label: 'Actions', render: (o) => decisionButtons(o.status, `order ${o.po_id}`,
          (reason) => notWithUnsaved((d) => d.po === o.po_id, `order ${o.po_id}`)
            && decide(`/api/v1/purchase-orders/${encodeURIComponent(o.po_id)}/approve`, { reason }, `Order ${o.po_id} approved.`),
          (reason) => decide(`/api/v1/purchase-orders/${encodeURIComponent(o.po_id)}/reject`, { reason }, `Order ${o.po_id} rejected.`), 'approve_orders') },
      ],
    })));
  } catch (e) {
    if (gen !== generation) return;
    els.poCount.textContent = '';
    done(els.pos, e.status === 404 ? emptyState('No purchase orders yet', e.detail) : errorState(e, refresh));
  }
}

/**
 * Approve / Reject buttons; reject asks for a reason inline first. While a decision is being sent its buttons are
 * disabled, so a double click sends it once; a decided line or order has no live buttons (a decision is final).
 */
function decisionButtons(status, what, approve, reject, needs = 'decide_lines') {
  const wrap = h('div', { class: 'row nowrap', 'data-needs': needs });
  const decided = status === 'approved' || status === 'rejected';
  const send = async (action) => {
    wrap.querySelectorAll('button, input').forEach((el) => { el.disabled = true; });
    const saved = await action();
    if (!saved) wrap.querySelectorAll('button, input').forEach((el) => { el.disabled = false; });
  };
  const showReject = () => {
    const id = `reason-${Math.random().toString(36).slice(2, 8)}`;
    const input = h('input', { id, type: 'text', placeholder: 'Reason', required: true, style: { height: '30px', width: '160px' } });
    mount(wrap,
      h('label', { for: id, class: 'sr-only' }, `Reason for rejecting ${what}`), input,
      h('button', { class: 'btn btn-sm btn-danger', type: 'button', onClick: () => {
        if (!input.value.trim()) { input.setAttribute('aria-invalid', 'true'); input.focus(); return; }
        send(() => reject(input.value.trim()));
      } }, 'Reject'),
      h('button', { class: 'btn btn-sm', type: 'button', onClick: () => mount(wrap, ...buttons()) }, 'Cancel'));
    input.focus();
  };
  const buttons = () => [
    h('button', { class: 'btn btn-sm btn-success', type: 'button', disabled: decided, 'data-action': 'approve',
      'aria-label': `Approve ${what}`, onClick: () => send(() => approve(null)) }, 'Approve'),
    h('button', { class: 'btn btn-sm btn-danger', type: 'button', disabled: decided, 'data-action': 'reject',
      'aria-label': `Reject ${what}`, onClick: showReject }, 'Reject'),
  ];
  mount(wrap, ...buttons());
  if (decided) wrap.title = `Already ${status}: a decision is final.`;
  return wrap;
}

/**
 * An order already written to the export folder: when, and (for an account that may export every store's orders) a
 * way to send it once more, after a confirmation: the supplier gets the order a second time, marked a re-send.
 */
function exportedNote(o) {
  const when = `Exported ${f.dateTime(o.exported_at)}`;
  const wrap = h('div', { class: 'small muted', 'data-exported': o.po_id }, when);
  if (!canExportAll) return wrap;
  const ask = () => mount(wrap,
    h('span', null, `Send ${o.po_id} to ${o.supplier_name || o.supplier_id} again? They will receive it a second time, marked a re-send. `),
    h('button', { class: 'btn btn-sm btn-primary', type: 'button', 'data-action': 'resend-confirm', onClick: (e) => resend(o, e.currentTarget) }, 'Send again'),
    h('button', { class: 'btn btn-sm', type: 'button', onClick: () => mount(wrap, ...offer()) }, 'Cancel'));
  const offer = () => [`${when} `,
    h('button', { class: 'btn btn-sm', type: 'button', 'data-action': 'resend', 'data-needs': 'export_orders', 'aria-label': `Send order ${o.po_id} again`, onClick: ask }, 'Send again')];
  mount(wrap, ...offer());
  return wrap;
}

/** Writes one exported order to the export folder again (its revision one more; audited as a re-send). */
async function resend(o, btn) {
  btn.disabled = true;
  try {
    const res = await api.raw('POST', '/api/v1/purchase-orders/export', { date: state.date, resend: o.po_id });
    const data = await res.json();
    const files = listOf(data, 'files');
    const message = `Order ${o.po_id} sent again: written to ${files.filter((x) => String(x).endsWith('.json')).join(', ') || 'the export folder'}.`;
    mount(els.notice, banner('ok', h('strong', null, 'Sent again. '), message));
    announce(message);
    refresh();
  } catch (e) {
    btn.disabled = false;
    mount(els.notice, banner('error', h('strong', null, 'Not sent again. '), e.detail));
  }
}

/** Sends a decision; true when it was saved. */
async function decide(path, body, message) {
  try {
    await api.post(path, body);
    announce(message);
    toast(message);
    refresh();
    return true;
  } catch (e) {
    mount(els.notice, banner('error', h('strong', null, 'Not saved. '), e.detail));
    return false;
  }
}

/**
 * False, with a banner naming them, when a line `matches` with a quantity typed and not saved: approving `what` would
 * order the old quantity. True otherwise.
 */
function notWithUnsaved(matches, what) {
  const pending = [...drafts.values()].filter((d) => unsaved(d) && matches(d));
  if (!pending.length) return true;
  const list = pending.map((d) => `${d.name}: ${f.int(Number(d.qty))} typed, ${f.int(Number(d.final))} saved`).join('; ');
  const message = `Not approved: ${what} has ${pending.length === 1 ? 'a quantity' : `${pending.length} quantities`} you changed and did not save (${list}). Save the override with its reason, or put the quantity back, then approve.`;
  mount(els.notice, banner('warn', message));
  announce(message);
  return false;
}

function storeName(id) {
  const s = (filters?.stores ?? []).find((x) => x.store_id === id);
  return s?.name || id;
}

/** What the current filters select, in words ("store Downtown, supplier Acme"), for the bulk confirmation. */
function filterWords() {
  const parts = [];
  if (state.store) parts.push(`store ${storeName(state.store)}`);
  if (state.supplier) parts.push(`supplier ${allOrders.find((o) => o.supplier_id === state.supplier)?.supplier_name || state.supplier}`);
  if (state.class) parts.push(`class ${state.class}`);
  if (state.exception) parts.push(plain(state.exception).toLowerCase());
  return parts.length ? parts.join(', ') : 'every store and supplier';
}

/** Approve or reject every line to review under the filters, after a confirmation that says how many and which. */
function renderBulk(toReview) {
  if (state.queue !== 'review' || !toReview) { mount(els.bulk); return; }
  const start = (action) => {
    const reasonId = 'bulk-reason';
    const reason = h('input', { id: reasonId, type: 'text', placeholder: action === 'reject' ? 'Reason (required)' : 'Note (optional)' });
    mount(els.bulk,
      h('span', { class: 'bulk-question' }, `${action === 'approve' ? 'Approve' : 'Reject'} ${f.int(toReview)} line${toReview === 1 ? '' : 's'} to review for ${filterWords()}?`),
      h('label', { for: reasonId, class: 'sr-only' }, 'Reason'), reason,
      h('button', { class: `btn btn-sm ${action === 'approve' ? 'btn-success' : 'btn-danger'}`, type: 'button', id: 'bulk-confirm', onClick: async (e) => {
        if (action === 'reject' && !reason.value.trim()) { reason.setAttribute('aria-invalid', 'true'); reason.focus(); return; }
        if (action === 'approve' && !notWithUnsaved(() => true, 'this page')) return;
        e.currentTarget.disabled = true;
        try {
          const r = await api.post('/api/v1/replenishment/recommendations/decide', {
            action, date: state.date, store: state.store, supplier: state.supplier, class: state.class, exception: state.exception,
            reason: reason.value.trim() || null });
          const msg = `${f.int(r.lines)} line${r.lines === 1 ? '' : 's'} ${action === 'approve' ? 'approved' : 'rejected'} in ${f.int(r.purchase_orders)} order${r.purchase_orders === 1 ? '' : 's'}.`;
          announce(msg);
          toast(msg);
          refresh();
        } catch (e) {
          mount(els.notice, banner('error', h('strong', null, 'Not saved. '), e.detail));
          renderBulk(toReview);
        }
      } }, 'Confirm'),
      h('button', { class: 'btn btn-sm', type: 'button', onClick: () => renderBulk(toReview) }, 'Cancel'));
    reason.focus();
  };
  mount(els.bulk, h('div', { class: 'row', 'data-needs': 'decide_lines' },
    h('span', { class: 'muted' }, `All ${f.int(toReview)} to review for ${filterWords()}:`),
    h('button', { class: 'btn btn-sm btn-success', type: 'button', id: 'bulk-approve', onClick: () => start('approve') }, 'Approve all'),
    h('button', { class: 'btn btn-sm btn-danger', type: 'button', id: 'bulk-reject', onClick: () => start('reject') }, 'Reject all…')));
}

function renderQueues(queues) {
  mount(els.queues, QUEUES.map((q) => h('button', {
    type: 'button', role: 'tab', class: `queue-tab${state.queue === q.value ? ' active' : ''}`, 'aria-selected': String(state.queue === q.value),
    'data-queue': q.value, title: q.hint, onClick: () => set({ queue: q.value }),
  }, q.label, ' ', h('span', { class: 'count' }, f.int(queues?.[q.value] ?? 0)))));
}

/** A line's problem in plain words: its exception, else the flags a buyer should check. */
function problem(r) {
  const codes = [r.exception, ...(r.flags || []).filter((c) => c !== 'OVERRIDDEN' && c !== r.exception)].filter(Boolean);
  if (!codes.length) return '—';
  return h('span', { class: 'row' }, codes.map((c) => h('span', { class: 'chip warn no-dot', 'data-code': c }, plain(c))));
}

async function loadRecs(gen) {
  loading(els.recs);
  try {
    const data = await api.get('/api/v1/replenishment/recommendations', {
      date: state.date, store: state.store, supplier: state.supplier, class: state.class, exception: state.exception, queue: state.queue,
      limit: LIMIT, offset: state.offset,
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
    const queues = data.queues || {};
    renderQueues(queues);
    renderBulk(state.queue === 'review' ? total : 0);
    els.recsHint.textContent = `${f.int(queues.review || 0)} to review · ${f.int(queues.rule || 0)} decided by rule · ${f.int(queues.decided || 0)} decided`;
    if (!items.length) {
      done(els.recs, emptyState(state.queue === 'review' ? 'Nothing left to review for these filters' : 'No lines match these filters',
        state.queue === 'review' ? 'Every line is decided. The approved orders can be downloaded above.' : 'Clear a filter, or pick the date of the latest run.'));
      return;
    }
    const tbody = h('tbody');
    const cols = [['Product', ''], ['Store · supplier', ''], ['Suggested', 'num'], ['Final', 'num'], ['Value', 'num'], ['Check', ''], ['Status', ''], ['Actions', '']];
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
      const what = `${r.name || r.sku} for ${r.store_name || storeName(r.store_id)}`;
      // one block per cell, so that on a phone (cards) the cell's label sits beside its whole content
      const cell = (label, attrs, ...children) => h('td', { 'data-label': label, ...attrs }, h('div', null, ...children));
      tbody.append(h('tr', { 'data-rec': r.id, class: r.attention && r.status === 'proposed' ? 'attention' : null },
        cell('Product', { class: 'name' }, toggle, h('br'), h('span', { class: 'muted small mono' }, r.sku),
          r.abc_class ? [' ', h('span', { class: 'chip info no-dot', title: `ABC class ${r.abc_class}` }, `Class ${r.abc_class}`)] : null),
        cell('Store · supplier', { class: 'where' }, r.store_name || storeName(r.store_id), h('br'),
          h('span', { class: 'muted small' }, r.supplier_name || r.supplier_id || '—')),
        cell('Suggested', { class: 'num', 'data-value': r.recommended_qty }, f.int(r.recommended_qty)),
        cell('Final', { class: 'num', 'data-final': r.final_qty ?? '', 'data-value': r.final_qty ?? '' }, h('strong', null, f.int(r.final_qty ?? r.recommended_qty)),
          overridden ? h('span', { class: 'muted small' }, ' (changed)') : null),
        cell('Value', { class: 'num', 'data-value': r.line_cost ?? '' }, r.line_cost === null || r.line_cost === undefined ? 'no cost' : f.money(r.line_cost, { cents: true })),
        cell('Check', null, problem(r)),
        cell('Status', null, r.decided_by_rule ? h('span', { class: 'chip no-dot', 'data-status': 'rule', title: `Decided by rule: ${plain(r.exception)}` }, 'Decided by rule') : statusChip(r.status)),
        cell('Actions', null, r.decided_by_rule
          ? h('span', { class: 'muted small' }, 'Open the line to order anyway')
          : decisionButtons(r.status, what,
            () => notWithUnsaved((d) => d.id === r.id, r.name || r.sku)
              && decide(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}/approve`, {}, `${r.name || r.sku} approved.`),
            (reason) => decide(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}/reject`, { reason }, `${r.name || r.sku} rejected.`)))));
      tbody.append(detailRow);
      if (open.has(r.id)) loadExplanation(r, detailRow.firstChild);
    }
    const linesTable = h('table', { class: 'cards-on-phone' }, h('caption', { class: 'sr-only' }, 'Recommendations'),
      h('thead', null, h('tr', null, cols.map(([c, cls]) => h('th', { scope: 'col', class: cls || null }, c)))),
      tbody);
    done(els.recs, h('div', { class: 'card-body flush' },
      h('div', { class: 'table-wrap' }, exportButtons('Reorder lines', () => {
        const d = tableData(linesTable);
        return { header: d.header.slice(0, -1), rows: d.rows.map((r) => r.slice(0, -1)) }; // not the buttons
      }), linesTable),
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
    const saved = d.final_qty ?? d.recommended_qty ?? '';
    const draft = drafts.get(r.id);
    const qty = h('input', { id: qtyId, name: 'quantity', type: 'number', min: '0', step: String(pack), value: draft ? draft.qty : saved });
    const reason = h('input', { id: reasonId, name: 'reason', type: 'text', placeholder: 'e.g. Promotion next week', required: true, value: draft ? draft.reason : '' });
    const status = h('div', { 'aria-live': 'polite' });
    const note = () => {
      const now = { id: r.id, qty: qty.value.trim(), reason: reason.value, final: saved, po: r.po_id, name: r.name || r.sku };
      if (unsaved(now) || now.reason.trim()) drafts.set(r.id, now); else drafts.delete(r.id);
      mount(status, unsaved(now) ? banner('warn', `Not saved yet: ${f.int(Number(now.qty))} instead of ${f.int(Number(saved))}. Save override to order it.`) : null);
    };
    qty.addEventListener('input', note);
    reason.addEventListener('input', note);
    const form = h('form', { class: 'override-form', 'data-needs': 'decide_lines', 'aria-label': `Override the quantity for ${r.sku}`, onSubmit: async (e) => {
      e.preventDefault();
      if (!reason.value.trim()) { reason.setAttribute('aria-invalid', 'true'); reason.focus(); mount(status, banner('warn', 'Say why you change the quantity: the reason goes into the audit trail.')); return; }
      try {
        await api.post(`/api/v1/replenishment/recommendations/${encodeURIComponent(r.id)}/override`, { quantity: Number(qty.value), reason: reason.value.trim() });
        drafts.delete(r.id);
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
    if (draft) note();
  } catch (e) {
    done(cell, h('div', { class: 'explain' }, errorState(e)));
  }
}

const fmtVal = (v) => (typeof v === 'number' ? f.number(v, 2) : String(v));

/** Downloads the approved orders (of the chosen supplier, or all) in the chosen format. */
async function downloadOrders() {
  const btn = document.getElementById('download');
  btn.disabled = true;
  try {
    const res = await api.raw('GET', '/api/v1/purchase-orders/download', { date: state.date, supplier: state.supplier, format: format.value });
    const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') || '')?.[1] || `purchase-orders-${state.date || 'latest'}.${format.value}`;
    download(await res.blob(), name);
    mount(els.notice, banner('ok', `Downloaded ${name}.`));
    announce(`Downloaded ${name}.`);
  } catch (e) {
    mount(els.notice, banner('error', h('strong', null, 'Download failed. '), e.detail));
  } finally {
    btn.disabled = false;
  }
}

/** Writes the supplier files into the server's export folder (for an automated hand-over to suppliers). */
async function exportOrders() {
  const btn = document.getElementById('export');
  btn.disabled = true;
  try {
    const res = await api.raw('POST', '/api/v1/purchase-orders/export', { date: state.date });
    const data = await res.json();
    const files = listOf(data, 'files');
    const fresh = data.purchase_orders || 0;
    const already = data.already_exported || 0;
    const counts = `${f.int(fresh)} new order${fresh === 1 ? '' : 's'} written; ${f.int(already)} already exported`
      + (already ? ', not sent again (their files are unchanged).' : '.');
    mount(els.notice, banner('ok', h('strong', null, files.length ? 'Written to the server\'s export folder. ' : 'Nothing new to export. '),
      counts,
      files.length ? h('ul', null, files.map((x) => h('li', { class: 'mono' }, typeof x === 'string' ? x : x.path || x.file || JSON.stringify(x))))
        : (already ? '' : ' No approved order to export yet.')));
    announce('Export finished.');
  } catch (e) {
    mount(els.notice, banner('error', h('strong', null, 'Export failed. '), e.detail));
  } finally {
    btn.disabled = false;
  }
}
