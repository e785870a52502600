// Runs: every pipeline run with its stages (durations, row counts, errors); trigger a run or a replay.
import { api, listOf, poll } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, statusChip, banner, announce } from '../ui.js';

const FINISHED = new Set(['succeeded', 'success', 'warning', 'incomplete', 'failed', 'completed', 'done', 'partial', 'cancelled']);

mountShell('runs');
const root = document.getElementById('page');
const open = new Set();
let firstLoad = true;

const dateInput = h('input', { id: 'run-date', name: 'date', type: 'date', required: true });
const triggerStatus = h('div', { id: 'trigger-status', 'aria-live': 'polite' });
const els = { runs: h('div', { id: 'runs' }) };

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Runs'),
    h('p', { class: 'subtitle' }, 'Every pipeline run: what it did, how long it took, what went wrong'))),
  // Runs and replays need the run_pipeline permission (the server refuses the rest); everyone here sees the runs.
  h('section', { class: 'card', 'aria-labelledby': 'trigger-title', 'data-needs': 'run_pipeline' },
    h('div', { class: 'card-head' }, h('h2', { id: 'trigger-title' }, 'Run the pipeline')),
    h('div', { class: 'card-body stack' },
      h('form', { class: 'row', style: { alignItems: 'flex-end' }, onSubmit: (e) => { e.preventDefault(); trigger(false); } },
        h('div', { class: 'field' }, h('label', { for: 'run-date' }, 'Business date'), dateInput),
        h('button', { class: 'btn btn-primary', type: 'submit', id: 'run-button' }, 'Run this date'),
        h('button', { class: 'btn', type: 'button', id: 'replay-button', onClick: () => trigger(true) }, 'Replay from raw files')),
      h('p', { class: 'muted small' }, 'A run loads the files waiting in the drop folder for that date. A replay rebuilds the date from the raw files already received — the result is the same warehouse state.'),
      triggerStatus)),
  h('section', { class: 'card section', 'aria-labelledby': 'runs-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'runs-title' }, 'Recent runs'),
      h('button', { class: 'btn btn-sm', type: 'button', onClick: () => loadRuns() }, 'Refresh')),
    els.runs));

init();

async function init() {
  api.get('/api/v1/filters').then((fl) => { if (!dateInput.value) dateInput.value = fl?.date_range?.max || ''; }).catch(() => {});
  loadRuns();
}

async function trigger(replay) {
  if (!dateInput.value) {
    dateInput.setAttribute('aria-invalid', 'true');
    dateInput.focus();
    mount(triggerStatus, banner('warn', 'Pick the business date to run.'));
    return;
  }
  dateInput.removeAttribute('aria-invalid');
  const buttons = [document.getElementById('run-button'), document.getElementById('replay-button')];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const res = await api.post('/api/v1/runs', { date: dateInput.value, replay });
    const id = res.run_id;
    open.add(id);
    const line = h('p', null, `${replay ? 'Replay' : 'Run'} `, h('span', { class: 'mono' }, id), ` for ${f.date(dateInput.value)}: `, statusChip('queued'));
    mount(triggerStatus, line);
    announce(`${replay ? 'Replay' : 'Run'} started.`);
    loadRuns();
    poll(async () => {
      const run = await api.get(`/api/v1/runs/${encodeURIComponent(id)}`);
      const status = String(run.status || '').toLowerCase();
      line.lastChild.replaceWith(statusChip(status));
      if (FINISHED.has(status)) {
        announce(`Run ${status}.`);
        if (run.error) mount(triggerStatus, line, banner('error', h('strong', null, status === 'incomplete' ? 'The run is incomplete. ' : 'The run failed. '), errorText(run.error)));
        buttons.forEach((b) => { b.disabled = false; });
        loadRuns();
        return true;
      }
      loadRuns({ quiet: true });
      return false;
    }, 2000);
  } catch (e) {
    mount(triggerStatus, banner('error', h('strong', null, 'Not started. '), h('span', { class: 'problem-detail' }, e.detail)));
    buttons.forEach((b) => { b.disabled = false; });
  }
}

const errorText = (err) => (typeof err === 'string' ? err : err?.message || err?.detail || JSON.stringify(err));

function runDuration(r) {
  if (!r.started_at) return null;
  const end = r.finished_at ? new Date(r.finished_at) : null;
  if (!end) return null;
  return end.getTime() - new Date(r.started_at).getTime();
}

async function loadRuns({ quiet = false } = {}) {
  if (!quiet) loading(els.runs);
  try {
    const runs = listOf(await api.get('/api/v1/runs', { limit: 30 }));
    if (!runs.length) {
      done(els.runs, emptyState('No runs yet', 'Run the pipeline for a date above, or wait for the schedule.'));
      return;
    }
    if (firstLoad) { open.add(runs[0].run_id); firstLoad = false; }
    const cols = ['Status', 'Run', 'Business date', 'Trigger', 'Started', 'Duration', 'Stages', 'Error'];
    const tbody = h('tbody');
    for (const r of runs) {
      const detail = h('tr', { class: 'detail-row', hidden: !open.has(r.run_id) }, h('td', { colspan: String(cols.length) }));
      const toggle = h('button', { class: 'btn-link mono', type: 'button', 'aria-expanded': String(open.has(r.run_id)), onClick: () => {
        const show = detail.hidden;
        detail.hidden = !show;
        toggle.setAttribute('aria-expanded', String(show));
        if (show) { open.add(r.run_id); loadStages(r, detail.firstChild); } else open.delete(r.run_id);
      } }, r.run_id);
      const stages = r.stages || [];
      tbody.append(h('tr', { 'data-run': r.run_id, 'data-status': r.status },
        h('td', null, statusChip(r.status), r.completed_by
          ? h('div', { class: 'small muted', 'data-completed-by': r.completed_by, title: `Run ${r.completed_by} found this day complete` }, 'Day complete since a later run')
          : null),
        h('td', null, toggle),
        h('td', { class: 'nowrap' }, f.date(r.business_date)),
        h('td', null, f.label(r.trigger)),
        h('td', { class: 'nowrap', title: r.started_at }, f.dateTime(r.started_at)),
        h('td', { class: 'nowrap' }, f.duration(runDuration(r))),
        h('td', null, stages.length ? h('span', { class: 'stage-dots', 'aria-label': stages.map((s) => `${s.name} ${s.status}`).join(', ') },
          stages.map((s) => h('span', { class: `dot ${dotClass(s.status)}`, title: `${s.name}: ${s.status}` }))) : '—'),
        h('td', { class: 'name', title: r.error ? errorText(r.error) : null }, r.error ? h('span', { style: { color: 'var(--down)' } }, errorText(r.error)) : '—')));
      tbody.append(detail);
      if (open.has(r.run_id)) loadStages(r, detail.firstChild);
    }
    done(els.runs, h('div', { class: 'card-body flush' },
      h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only' }, 'Recent runs'),
        h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, c)))), tbody))));
  } catch (e) {
    if (!quiet) done(els.runs, errorState(e, loadRuns));
  }
}

function dotClass(status) {
  const s = String(status || '').toLowerCase();
  if (['succeeded', 'success', 'done', 'completed'].includes(s)) return 'ok';
  if (s === 'failed' || s === 'incomplete') return 'bad';
  if (['running', 'started'].includes(s)) return 'run';
  return '';
}

async function loadStages(run, cell) {
  // The list answer may already carry the stages; otherwise ask for the run.
  let r = run;
  if (!r.stages) {
    loading(cell);
    try {
      r = await api.get(`/api/v1/runs/${encodeURIComponent(run.run_id)}`);
    } catch (e) {
      done(cell, errorState(e));
      return;
    }
  }
  const stages = r.stages || [];
  if (!stages.length) {
    done(cell, h('div', { class: 'explain' }, h('p', { class: 'muted' }, 'No stages recorded for this run.')));
    return;
  }
  const max = Math.max(...stages.map((s) => Number(s.duration_ms) || 0), 1);
  done(cell, h('div', { class: 'explain' },
    h('div', { class: 'table-wrap' }, h('table', { class: 'stages' },
      h('caption', { class: 'sr-only' }, `Stages of run ${r.run_id}`),
      h('thead', null, h('tr', null, ['Stage', 'Status', 'Rows', 'Duration', '', 'Error'].map((c, i) => h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, c)))),
      h('tbody', null, stages.map((s) => h('tr', { 'data-stage': s.name },
        h('td', null, h('strong', null, f.label(s.name))),
        h('td', null, statusChip(s.status)),
        h('td', { class: 'num' }, f.int(s.rows)),
        h('td', { class: 'num' }, f.duration(s.duration_ms)),
        h('td', { style: { width: '30%' } }, s.duration_ms ? h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.max(2, (Number(s.duration_ms) / max) * 100)}%` } })) : null),
        h('td', { class: 'small', style: { color: s.error ? 'var(--down)' : null } }, s.error ? errorText(s.error) : '—')))))),
    r.error ? banner('error', h('strong', null, 'Run error: '), errorText(r.error)) : null));
}
