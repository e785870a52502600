// Quality: the score trend, freshness per dataset and store, and the quarantine browser (filter by
// feed and reason, download as CSV).
import { api, readState, writeState, onStateChange, listOf } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, skeletonChart, table, pager, selectField, statusChip, exportButtons } from '../ui.js';
import * as charts from '../charts.js';

const DEFAULTS = { feed_id: '', reason: '', offset: '0' };
const LIMIT = 25;

mountShell('quality');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let reasons = [];
let storeNames = new Map();
const storeName = (id) => (id === null || id === undefined ? 'All stores' : storeNames.get(id) || id);

const els = {
  score: h('div', { id: 'score' }),
  scoreHint: h('span', { class: 'hint' }),
  reasons: h('div', { id: 'reasons' }),
  datasets: h('div', { id: 'datasets' }),
  freshness: h('div', { id: 'freshness' }),
  qFilters: h('form', { class: 'row', 'aria-label': 'Quarantine filters', onSubmit: (e) => e.preventDefault() }),
  quarantine: h('div', { id: 'quarantine' }),
  missing: h('div', { id: 'missing-feeds' }),
  alerts: h('div', { id: 'alerts' }),
};

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Quality'),
    h('p', { class: 'subtitle' }, 'How much of what arrives can be trusted, and what was held back'))),
  h('div', { class: 'grid grid-3-1' },
    h('section', { class: 'card', 'aria-labelledby': 'score-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'score-title' }, 'Quality score'), els.scoreHint), els.score),
    h('section', { class: 'card', 'aria-labelledby': 'reasons-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'reasons-title' }, 'Quarantined rows by reason')), els.reasons)),
  h('section', { class: 'card section', 'aria-labelledby': 'missing-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'missing-title' }, 'Expected feeds that did not arrive'),
      h('span', { class: 'hint' }, 'Last 60 days; they count against the score and are marked on the dashboards')), els.missing),
  h('section', { class: 'card section', 'aria-labelledby': 'alerts-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'alerts-title' }, 'SLA alerts'), h('span', { class: 'hint' }, 'Sent once per dataset and date when its deadline passed; resolved when a run loads the late data')),
    els.alerts),
  h('section', { class: 'card section', 'aria-labelledby': 'datasets-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'datasets-title' }, 'Datasets')), els.datasets),
  h('section', { class: 'card section', 'aria-labelledby': 'fresh-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'fresh-title' }, 'Freshness by store'), h('span', { class: 'hint' }, 'Days since the latest business date received')),
    els.freshness),
  h('section', { class: 'card section', 'aria-labelledby': 'q-title', id: 'quarantine-browser' },
    h('div', { class: 'card-head' }, h('h2', { id: 'q-title' }, 'Quarantine'), els.qFilters),
    els.quarantine));

onStateChange(() => { state = readState(DEFAULTS); renderQFilters(); loadQuarantine(); });
loadQuality();
loadMissing();
renderQFilters();
loadQuarantine();

async function loadQuality() {
  loading(els.score, skeletonChart());
  loading(els.reasons);
  loading(els.datasets);
  loading(els.freshness);
  let q;
  try {
    const [quality, filters] = await Promise.all([api.get('/api/v1/quality'), api.get('/api/v1/filters').catch(() => null)]);
    q = quality;
    storeNames = new Map((filters?.stores ?? []).map((s) => [s.store_id, s.name || s.store_id]));
  } catch (e) {
    for (const el of [els.score, els.reasons, els.datasets, els.freshness]) done(el, errorState(e, loadQuality));
    return;
  }
  renderScore(q.score_trend || []);
  renderReasons(q.quarantine_by_reason || []);
  renderDatasets(q.datasets || [], q.lake_not_yet_updated || [], q.trino_marts_not_yet_updated || []);
  renderFreshness(q.freshness || []);
  reasons = (q.quarantine_by_reason || []).map((r) => r.code);
  renderQFilters();
}

function renderScore(points) {
  if (!points.length) {
    done(els.score, emptyState('No quality scores yet', 'Scores appear after the first feeds are loaded.'));
    return;
  }
  const asPct = Math.max(...points.map((p) => Number(p.score) || 0)) <= 1;
  const val = (p) => (p.score === null || p.score === undefined ? null : asPct ? Number(p.score) * 100 : Number(p.score));
  const latest = val(points[points.length - 1]);
  els.scoreHint.textContent = `Latest ${f.pct(latest)} · ${f.shortDate(points[points.length - 1].date)}`;
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': `Quality score over ${points.length} days, latest ${f.pct(latest)}` });
  const scoreData = () => ({ header: ['Date', 'Quality score %'], rows: points.map((p) => [p.date, val(p) ?? '']) });
  done(els.score, exportButtons('Quality score', scoreData), h('div', { class: 'card-body' }, chartEl));
  const min = Math.min(...points.map(val).filter((v) => v !== null));
  charts.render(chartEl, {
    grid: charts.grid({ top: 16 }),
    tooltip: charts.tooltip({ valueFormatter: (v) => f.pct(v) }),
    xAxis: charts.categoryAxis(points.map((p) => f.dayFormatFor(points.map((q) => q.date))(p.date))),
    yAxis: { ...charts.valueAxis((v) => `${v}%`), min: Math.max(0, Math.floor((min - 2) / 5) * 5), max: 100, interval: min > 70 ? 5 : undefined },
    series: [{ name: 'Quality score', type: 'line', smooth: 0.2, symbol: 'circle', symbolSize: 5, data: points.map(val),
      lineStyle: { width: 2.5 }, areaStyle: { color: 'rgba(79,70,229,0.08)' },
      markLine: { silent: true, symbol: 'none', lineStyle: { color: '#b91c1c', type: 'dotted' }, label: { formatter: '95% target', position: 'insideEndTop', color: '#b91c1c', fontSize: 11 }, data: [{ yAxis: 95 }] } }],
  });
}

function renderReasons(rows) {
  if (!rows.length) {
    done(els.reasons, emptyState('Nothing in quarantine', 'Every row received passed its checks.'));
    return;
  }
  const max = Math.max(...rows.map((r) => Number(r.rows) || 0), 1);
  done(els.reasons, h('div', { class: 'card-body' }, h('ul', { class: 'reason-bars' }, rows.map((r) => h('li', null,
    h('button', { class: 'btn-link mono', type: 'button', title: 'Show these rows below', onClick: () => {
      setQ({ reason: r.code });
      document.getElementById('quarantine-browser').scrollIntoView({ behavior: 'smooth' });
    } }, r.code),
    h('span', { class: 'num' }, f.int(r.rows)),
    h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.max(2, (Number(r.rows) / max) * 100)}%`, background: '#f59e0b' } })))))));
}

// On a Trino deployment: dates whose loaded rows are not in the lake yet (docs/scale.md); their marts were
// computed by the warehouse meanwhile, and the next publish takes them along.
function lakeNotice(lags) {
  if (!lags.length) return null;
  return h('p', { class: 'banner warn', id: 'lake-not-yet-updated', role: 'status' },
    'Lake not yet updated: ',
    lags.map((l) => `${f.label(l.dataset)} ${l.dates.length > 3
      ? `${f.date(l.dates[0])} … ${f.date(l.dates[l.dates.length - 1])} (${f.int(l.dates.length)} dates)`
      : l.dates.map((d) => f.date(d)).join(', ')}`).join('; '),
    '. These dates were loaded into the warehouse but not yet published to the Iceberg lake; the next run or upload publishes them.');
}

// On a Trino deployment: marts on Trino that wait for its next refresh (docs/scale.md, Trino down or not answering):
// until then the dashboards that read them mark the days they wait on (their incomplete-data banner and shading).
function trinoNotice(waits) {
  if (!waits.length) return null;
  const dates = (ds) => (ds.length > 3
    ? `${f.date(ds[0])} … ${f.date(ds[ds.length - 1])} (${f.int(ds.length)} dates)`
    : ds.map((d) => f.date(d)).join(', '));
  const changed = waits.filter((w) => w.reason === 'new_or_changed').map((w) => w.mart);
  const behind = waits.filter((w) => w.reason === 'loads_not_in');
  const parts = [];
  if (changed.length) parts.push(`${changed.join(', ')} (new or changed in this version: every date)`);
  if (behind.length) parts.push(`${behind.map((w) => w.mart).join(', ')} (the loads of ${dates(behind[0].dates)})`);
  return h('p', { class: 'banner warn', id: 'trino-marts-not-yet-updated', role: 'status' },
    'Marts on Trino not yet updated: ', parts.join('; '),
    `. Built by ${waits[0].built_by}; until then the dashboards that read them show what Trino built last and mark the days that wait as incomplete.`);
}

function renderDatasets(rows, lags = [], waits = []) {
  if (!rows.length) {
    done(els.datasets, emptyState('No datasets loaded yet'));
    return;
  }
  done(els.datasets, lakeNotice(lags), trinoNotice(waits), h('div', { class: 'card-body flush' }, table({
    caption: 'Datasets',
    rows,
    columns: [
      { label: 'Dataset', render: (r) => h('strong', null, f.label(r.dataset)) },
      { label: 'Latest business date', render: (r) => f.date(r.last_business_date) },
      { label: 'Last good load', render: (r) => r.last_good_at ? h('span', { title: r.last_good_at }, f.dateTime(r.last_good_at)) : '—' },
      { label: 'Feed', render: (r) => r.last_good_feed_id ? h('span', { class: 'mono small' }, r.last_good_feed_id) : '—' },
      { label: 'Missing store-days', num: true, render: (r) => Number(r.missing_store_days)
        ? h('span', { class: 'chip warn' }, f.int(r.missing_store_days)) : h('span', { class: 'chip ok' }, 'None') },
    ],
  })));
}

function staleChip(days) {
  if (days === null || days === undefined) return h('span', { class: 'chip' }, 'Never');
  const d = Number(days);
  if (d <= 0) return h('span', { class: 'chip ok' }, 'Current');
  if (d === 1) return h('span', { class: 'chip warn' }, '1 day late');
  return h('span', { class: 'chip bad' }, `${f.int(d)} days late`);
}

function renderFreshness(rows) {
  if (!rows.length) {
    done(els.freshness, emptyState('No freshness information yet'));
    return;
  }
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const stores = [...new Set(rows.map((r) => r.store_id))];
  const byKey = new Map(rows.map((r) => [`${r.dataset}|${r.store_id}`, r]));
  done(els.freshness, h('div', { class: 'card-body flush' }, h('div', { class: 'table-wrap' }, h('table', null,
    h('caption', { class: 'sr-only' }, 'Freshness by dataset and store'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Store'), datasets.map((d) => h('th', { scope: 'col' }, f.label(d))))),
    h('tbody', null, stores.map((s) => h('tr', null, h('th', { scope: 'row', class: 'row-head' }, storeName(s)),
      datasets.map((d) => {
        const r = byKey.get(`${d}|${s}`);
        return h('td', { title: r ? `Latest: ${f.date(r.last_business_date)}` : null }, r ? staleChip(r.days_stale) : '—');
      }))))))));
}

function setQ(changes) {
  state = { ...state, ...changes, offset: changes.offset ?? '0' };
  writeState(state, DEFAULTS);
  renderQFilters();
  loadQuarantine();
}

function renderQFilters() {
  const reasonOptions = [...new Set([...reasons, state.reason].filter(Boolean))];
  const csv = api.url('/api/v1/quarantine.csv', { feed_id: state.feed_id, reason: state.reason });
  mount(els.qFilters,
    h('div', { class: 'field inline' }, h('label', { for: 'q-feed' }, 'Feed'),
      h('input', { id: 'q-feed', name: 'feed_id', type: 'search', value: state.feed_id, placeholder: 'Any feed', style: { height: '32px', width: '200px' },
        onChange: (e) => setQ({ feed_id: e.target.value.trim() }) })),
    selectField({ label: 'Reason', name: 'reason', id: 'q-reason', inline: true, value: state.reason, allLabel: 'Any reason',
      options: reasonOptions, onChange: (v) => setQ({ reason: v }) }),
    h('a', { class: 'btn btn-sm', href: csv, download: 'quarantine.csv', id: 'q-csv' }, 'Download CSV'));
}

async function loadQuarantine() {
  loading(els.quarantine);
  try {
    const data = await api.get('/api/v1/quarantine', { feed_id: state.feed_id, reason: state.reason, limit: LIMIT, offset: state.offset });
    const items = listOf(data);
    if (!items.length) {
      done(els.quarantine, emptyState('No quarantined rows match', state.feed_id || state.reason ? 'Clear a filter to see more.' : 'Every row received passed its checks.'));
      return;
    }
    done(els.quarantine, h('div', { class: 'card-body flush' }, table({
      caption: 'Quarantined rows',
      rows: items,
      columns: [
        { label: 'Feed', render: (r) => h('button', { class: 'btn-link mono small', type: 'button', title: 'Only this feed', onClick: () => setQ({ feed_id: r.feed_id }) }, r.feed_id) },
        { label: 'Dataset', render: (r) => f.label(r.dataset) },
        { label: 'Line', num: true, render: (r) => f.int(r.source_line) },
        { label: 'Problem', render: (r) => h('div', { class: 'stack', style: { gap: '4px' } }, (r.reasons || []).map((x) => h('div', null,
          h('span', { class: 'chip bad no-dot' }, x.code), ' ', h('span', { class: 'small' }, x.column ? `${x.column}: ${x.message}` : x.message)))) },
        { label: 'Row as received', render: (r) => rawValues(r.raw_values) },
      ],
    }), pager({ total: data.total ?? items.length, limit: LIMIT, offset: Number(state.offset), onPage: (o) => setQ({ offset: String(o) }) })));
  } catch (e) {
    done(els.quarantine, errorState(e, loadQuarantine));
  }
}

function rawValues(v) {
  let obj = v;
  if (typeof v === 'string') {
    try { obj = JSON.parse(v); } catch (e) { return h('code', null, v); }
  }
  if (!obj || typeof obj !== 'object') return h('code', null, String(obj));
  return h('code', { class: 'raw' }, Object.entries(obj).map(([k, x], i) => [i ? ', ' : '', h('span', { class: 'muted' }, `${k}=`), String(x ?? '')]));
}

async function loadMissing() {
  loading(els.missing);
  loading(els.alerts);
  const to = f.today();
  const from = f.addDays(to, -60);
  try {
    const gaps = await api.get('/api/v1/expected/gaps', { from, to });
    done(els.missing, gaps.length ? h('div', { class: 'card-body flush' }, table({
      caption: 'Expected feeds that did not arrive',
      rowAttrs: (g) => ({ 'data-date': g.date, 'data-dataset': g.dataset }),
      columns: [
        { label: 'Business date', render: (g) => f.date(g.date) },
        { label: 'Dataset', render: (g) => f.label(g.dataset) },
        { label: 'Status', render: (g) => statusChip(g.status) },
        { label: 'Stores', render: (g) => (g.missing_stores.includes('*') ? 'whole dataset' : `${g.missing_stores.length} of ${g.expected_stores}: ${g.missing_stores.slice(0, 6).join(', ')}`) },
      ],
      rows: [...gaps].reverse(),
    })) : emptyState('Every expected feed arrived', 'Nothing missing or failed in the last 60 days.'));
  } catch (e) {
    done(els.missing, errorState(e, loadMissing));
  }
  try {
    const alerts = await api.get('/api/v1/alerts', { limit: 50 });
    done(els.alerts, alerts.length ? h('div', { class: 'card-body flush' }, table({
      caption: 'SLA alerts',
      columns: [
        { label: 'Business date', render: (a) => f.date(a.business_date) },
        { label: 'Dataset', render: (a) => f.label(a.dataset) },
        { label: 'Channel', key: 'channel' },
        { label: 'Status', render: (a) => statusChip(a.status) },
        { label: 'Sent', render: (a) => f.dateTime(a.sent_at) },
        { label: 'Data now', render: (a) => (a.kind !== 'sla' ? '—' : a.resolved_at ? h('span', { 'data-resolved': a.resolved_at }, statusChip('resolved'), ` ${f.dateTime(a.resolved_at)}`) : h('span', { class: 'chip bad', 'data-status': 'open' }, 'Open')) },
        { label: 'Message', render: (a) => a.error ? `${a.message.split('\n')[0]} — ${a.error}` : a.message.split('\n')[0] },
      ],
      rows: alerts,
    })) : emptyState('No SLA alerts', 'An alert goes out when a dataset is still missing at its deadline.'));
  } catch (e) {
    done(els.alerts, errorState(e, loadMissing));
  }
}
