// Data feeds: drop files → preview (dataset, header mapping, flagged rows, unknown SKUs) → fix the
// mapping or create the missing products → load → follow the transform until it is done → the KPIs
// on the page refresh. Below: the history of every feed with its status and totals.
import { api, readState, writeState, listOf, poll } from '../api.js';
import * as f from '../format.js';
import { h, mount, mountShell, loading, done, emptyState, errorState, table, selectField, statusChip, banner, announce, icon, toast } from '../ui.js';
import { kpiDef, kpiCard, kpiSkeleton } from '../kpi.js';

const DEFAULTS = { status: '', dataset: '' };
const KPIS = ['net_sales', 'units', 'transactions', 'gross_margin_pct'].map(kpiDef);
const STATUSES = ['processing', 'queued', 'transforming', 'transformed', 'failed'];
const HISTORY_LIMIT = 25;

mountShell('feeds');
const root = document.getElementById('page');
let state = readState(DEFAULTS);
let datasets = [];
const contracts = new Map();

const els = {
  kpis: h('section', { class: 'kpi-grid cols-4', id: 'feed-kpis', 'aria-label': 'Last 30 days', 'aria-live': 'polite' }),
  kpiHint: h('p', { class: 'muted small', id: 'kpi-hint', style: { margin: '8px 2px 0' } }),
  files: h('div', { class: 'stack section', id: 'uploads' }),
  history: h('div', { id: 'history' }),
  historyFilters: h('div', { class: 'row' }),
};

const fileInput = h('input', { id: 'file-input', type: 'file', multiple: true, accept: '.csv,.txt,.tsv,.gz,.json,.xlsx',
  onChange: (e) => { handleFiles([...e.target.files]); e.target.value = ''; } });
const datasetChoice = h('select', { id: 'upload-dataset', name: 'dataset' }, h('option', { value: '' }, 'Detect automatically'));
const dropzone = h('label', { class: 'dropzone', for: 'file-input', id: 'dropzone' },
  icon('upload'),
  h('span', { class: 'title' }, 'Drop files here, or choose files'),
  h('span', null, 'CSV, Excel (.xlsx), JSON or gzip exports from your POS, stock, labour or product systems'),
  h('span', { class: 'btn btn-sm', 'aria-hidden': 'true' }, 'Choose files'),
  fileInput);
for (const ev of ['dragenter', 'dragover']) {
  dropzone.addEventListener(ev, (e) => { e.preventDefault(); dropzone.classList.add('dragging'); });
}
for (const ev of ['dragleave', 'drop']) {
  dropzone.addEventListener(ev, (e) => { e.preventDefault(); dropzone.classList.remove('dragging'); });
}
dropzone.addEventListener('drop', (e) => handleFiles([...(e.dataTransfer?.files || [])]));

mount(root,
  h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Data feeds'),
    h('p', { class: 'subtitle' }, 'Upload a file, check it, load it. Every load is kept and can be replayed.'))),
  els.kpis,
  els.kpiHint,
  // Uploading needs the ingest permission (the server refuses the rest): a read-only operator sees the feeds only.
  h('section', { class: 'card section', 'aria-labelledby': 'upload-title', 'data-needs': 'ingest' },
    h('div', { class: 'card-head' }, h('h2', { id: 'upload-title' }, 'Upload'),
      h('div', { class: 'field inline' }, h('label', { for: 'upload-dataset' }, 'Dataset'), datasetChoice)),
    h('div', { class: 'card-body' }, dropzone)),
  els.files,
  h('section', { class: 'card section', 'aria-labelledby': 'history-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'history-title' }, 'Feed history'), els.historyFilters),
    els.history));

init();

async function init() {
  loadKpis();
  loadHistory();
  try {
    datasets = listOf(await api.get('/api/v1/datasets')).map((d) => d.dataset);
  } catch (e) {
    datasets = [];
  }
  mount(datasetChoice, h('option', { value: '' }, 'Detect automatically'), datasets.map((d) => h('option', { value: d }, f.label(d))));
  renderHistoryFilters();
}

// ---------------------------------------------------------------------------------------- KPIs

async function loadKpis() {
  loading(els.kpis, KPIS.map(kpiSkeleton));
  try {
    const data = await api.get('/api/v1/metrics/kpi', { range: 'last_30_days' });
    const k = data.kpis || {};
    done(els.kpis, KPIS.map((def) => kpiCard(def, k[def.key])));
    els.kpiHint.textContent = data.range ? `Last 30 days of sales: ${f.dateRange(data.range.from, data.range.to)}. Refreshes when a load finishes.` : '';
  } catch (e) {
    done(els.kpis, h('div', { class: 'card', style: { gridColumn: '1 / -1' } }, errorState(e, loadKpis)));
  }
}

// ---------------------------------------------------------------------------------------- uploads

function handleFiles(files) {
  for (const file of files) {
    const card = new UploadCard(file, datasetChoice.value);
    els.files.prepend(card.el);
    card.preview();
  }
  if (files.length) announce(`${files.length} file${files.length > 1 ? 's' : ''} added. Checking…`);
}

async function contractOf(dataset) {
  if (!dataset) return null;
  if (!contracts.has(dataset)) {
    contracts.set(dataset, api.get(`/api/v1/datasets/${encodeURIComponent(dataset)}`).catch(() => null));
  }
  return contracts.get(dataset);
}

const STEPS = ['Check', 'Fix', 'Load', 'Transform'];
let cards = 0;

class UploadCard {
  constructor(file, dataset) {
    this.file = file;
    this.dataset = dataset || '';
    this.preview_ = null;
    this.mapping = {};
    this.dateOrder = ''; // DMY or MDY once the user answers the preview's question about day/month dates
    this.sheet = ''; // a workbook's sheet the user picked; '' reads the first sheet and those with its columns
    this.sheets = null; // a workbook's sheets with their rows, as the first preview counted them
    this.stopPoll = null;
    this.n = ++cards;
    this.timer = null;
    this.el = h('article', { class: 'card file-card', 'data-file': file.name, 'aria-label': `Upload ${file.name}` });
    this.head = h('div', { class: 'card-head' });
    this.body = h('div', { class: 'card-body stack' });
    this.status = h('div', { class: 'upload-status', 'aria-live': 'polite' });
    mount(this.el, this.head, this.body);
  }

  renderHead(step, chip) {
    mount(this.head,
      h('div', null, h('h2', null, this.file.name), h('p', { class: 'muted small' },
        `${f.bytes(this.file.size)}${this.preview_?.dataset ? ` · ${f.label(this.preview_.dataset)}` : ''}`)),
      h('div', { class: 'row' },
        h('ol', { class: 'steps', 'aria-label': 'Progress' }, STEPS.map((s, i) => h('li', {
          class: i < step ? 'done' : null, 'aria-current': i === step ? 'step' : null,
        }, i < step ? `✓ ${s}` : s))),
        chip || null,
        h('button', { class: 'btn btn-sm', type: 'button', 'aria-label': `Remove ${this.file.name}`, onClick: () => this.remove() }, 'Remove')));
  }

  remove() {
    if (this.stopPoll) this.stopPoll();
    this.el.remove();
  }

  /** Uploads the file and previews it. */
  async preview() {
    this.renderHead(0, statusChip('processing'));
    loading(this.body);
    const form = new FormData();
    form.append('file', this.file, this.file.name);
    if (this.dataset) form.append('dataset', this.dataset);
    if (this.sheet) form.append('sheet', this.sheet);
    try {
      await this.show(await api.upload('/api/v1/feeds/preview', form));
    } catch (e) {
      this.uploadFailed(e);
    }
  }

  /** Previews the uploaded file again (same token) with the chosen dataset and mapping. */
  async repreview({ keepMapping = true } = {}) {
    const token = this.preview_?.upload_token;
    if (!token) return this.preview();
    const mapping = keepMapping ? Object.fromEntries(Object.entries(this.mapping).filter(([, c]) => c)) : {};
    this.el.setAttribute('aria-busy', 'true');
    try {
      await this.show(await api.post(`/api/v1/feeds/preview/${encodeURIComponent(token)}`, { upload_token: token, dataset: this.dataset, mapping, date_order: this.dateOrder || null, sheet: this.sheet || null }));
    } catch (e) {
      if (e.status === 410) return this.preview(); // the token expired: upload the same file again
      this.uploadFailed(e);
    } finally {
      this.el.removeAttribute('aria-busy');
    }
  }

  async show(p) {
    if (this.committing) return; // a late re-check must not replace a preview that is being (or was) loaded
    this.preview_ = p;
    if (!p.sheet && (p.sheets || []).length) this.sheets = p.sheets; // the default read counts every sheet
    this.dataset = p.dataset || this.dataset;
    this.mapping = Object.fromEntries((p.mapping || []).map((m) => [m.header, m.column || '']));
    await this.renderPreview();
    const errors = Number(p.row_errors || 0);
    announce(`${this.file.name}: ${p.dataset ? f.label(p.dataset) : 'unknown dataset'}, ${errors ? `${errors} rows with problems` : 'no problems found'}.`);
  }

  uploadFailed(e) {
    this.renderHead(0, statusChip('failed'));
    this.el.classList.add('is-failed');
    // A file whose dataset cannot be told apart is checked again as the dataset the user names: trying again
    // would only guess the same way.
    const undetected = e.code === 'DATASET_UNKNOWN' || e.code === 'DATASET_AMBIGUOUS';
    const pick = undetected ? h('select', { name: 'retry-dataset', 'aria-label': `Dataset of ${this.file.name}` },
      datasets.map((d) => h('option', { value: d, selected: d === this.dataset }, f.label(d)))) : null;
    const retry = () => {
      if (pick) this.dataset = pick.value;
      this.el.classList.remove('is-failed');
      this.preview();
    };
    done(this.body, banner('error', h('strong', null, e.status === 413 ? 'File too large. ' : 'This file cannot be read. '), h('span', { class: 'problem-detail' }, e.detail)),
      h('div', { class: 'row' }, pick ? [h('label', { class: 'small' }, 'It holds ', pick),
        h('button', { class: 'btn btn-sm btn-primary', type: 'button', 'data-action': 'retry-as', onClick: retry }, 'Check it as this dataset')]
        : h('button', { class: 'btn btn-sm', type: 'button', onClick: retry }, 'Try again')));
    announce(`${this.file.name}: ${e.detail}`);
  }

  /** A mapping change re-checks the rows with the new mapping (debounced). */
  mappingChanged() {
    this.renderProblems();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.repreview(), 450);
  }

  async renderPreview() {
    const p = this.preview_;
    const contract = await contractOf(p.dataset);
    const columns = contract?.columns?.map((c) => ({ name: c.name, required: c.required }))
      ?? [...new Set((p.mapping || []).map((m) => m.column).filter(Boolean))].map((name) => ({ name }));
    const rows = p.rows || [];
    const unknown = p.unknown_skus || [];
    const rowErrors = Number(p.row_errors || 0);
    const blocked = p.would_fail || (p.missing_required || []).length > 0;
    this.renderHead(rowErrors || unknown.length || blocked ? 1 : 2,
      blocked ? h('span', { class: 'chip bad' }, 'Cannot load yet')
        : rowErrors ? h('span', { class: 'chip warn' }, `${f.int(rowErrors)} row${rowErrors > 1 ? 's' : ''} with errors`)
          : h('span', { class: 'chip ok' }, 'Ready to load'));

    // the three datasets the headers fit best, with their scores; then every other dataset
    const ranked = (p.candidates || []).map((c) => (typeof c === 'string' ? { dataset: c } : c));
    const scoreOf = Object.fromEntries(ranked.map((c) => [c.dataset, c.score]));
    const candidates = [...new Set([p.dataset, ...ranked.map((c) => c.dataset), ...datasets].filter(Boolean))];
    const datasetSelect = selectField({
      label: 'Dataset', name: 'dataset', value: p.dataset, inline: true,
      options: candidates.map((d) => ({ value: d, label: scoreOf[d] !== undefined ? `${f.label(d)} (${f.share(scoreOf[d], 0)} fit)` : f.label(d) })),
      onChange: (v) => { this.dataset = v; this.repreview({ keepMapping: false }); },
    });
    const candidateList = ranked.length ? h('div', { class: 'muted small', id: 'dataset-candidates' }, 'Best fits: ',
      ranked.map((c, i) => [i ? ' · ' : '', h('span', { 'data-candidate': c.dataset }, `${f.label(c.dataset)} ${f.share(c.score, 0)}`,
        (c.missing_required || []).length ? ` (missing ${c.missing_required.join(', ')})` : '')])) : null;

    const summary = h('div', { class: 'row' }, datasetSelect, candidateList,
      h('span', { class: 'muted' }, p.records_read ? `${f.int(rows.length)} of ${f.int(p.records_read)} rows shown` : `${f.int(rows.length)} rows previewed`),
      p.expires_at ? h('span', { class: 'muted small' }, `· preview valid until ${f.dateTime(p.expires_at)}`) : null);

    this.columns = columns;
    this.problems = h('div', { class: 'stack' });
    this.renderProblems();
    const mappingTable = this.mappingTable(p, columns);
    const sample = this.sampleTable(p);
    const flagList = this.flagList(p);
    const products = unknown.length ? this.unknownSkus(unknown) : null;
    this.commitStatus = h('div', { class: 'stack', 'aria-live': 'polite' });
    const loadBtn = h('button', { class: blocked ? 'btn' : 'btn btn-primary', type: 'button', 'data-action': 'commit', onClick: () => this.commit(loadBtn),
      title: blocked ? 'The checks above say this load would fail; fix the mapping or the file first.' : null },
      `Load ${f.label(p.dataset || 'file')}`);
    this.previewPart = h('div', { class: 'stack' },
      summary,
      this.problems,
      h('details', { open: true, class: 'mapping' }, h('summary', null, h('h3', { style: { display: 'inline' } }, 'Column mapping')),
        h('p', { class: 'muted small', style: { margin: '6px 0 10px' } }, 'Each header of your file and the Stockroom column it loads into. Change a mapping if it was guessed wrong.'),
        mappingTable),
      h('div', null, h('h3', { style: { marginBottom: '8px' } }, 'First rows'), sample, flagList),
      products,
      h('label', { class: 'small' }, this.completeBox = h('input', { type: 'checkbox', name: 'complete', 'data-action': 'complete' }),
        ' This file is complete for its dates and stores: remove what was loaded for them that it does not list'),
      h('div', { class: 'row' }, loadBtn, h('button', { class: 'btn', type: 'button', onClick: () => this.remove() }, 'Discard'),
        h('span', { class: 'muted small' }, 'Loading adds new rows and updates rows with the same key; nothing the file does not list is removed unless it is marked complete. The original file is kept.')));
    done(this.body, this.previewPart, this.commitStatus);
  }

  /** The banners above the mapping; they follow the mapping as the user fixes it. */
  renderProblems() {
    const p = this.preview_;
    const mapped = new Set(Object.values(this.mapping).filter(Boolean));
    const required = (this.columns || []).filter((c) => c.required).map((c) => c.name);
    const missing = [...new Set([...(p.missing_required || []), ...required])].filter((c) => !mapped.has(c));
    const unmapped = Object.entries(this.mapping).filter(([, c]) => !c).map(([hd]) => hd);
    const rowErrors = Number(p.row_errors || 0);
    const out = [];
    if (missing.length) {
      out.push(banner('error', h('strong', { class: 'missing-required' }, 'Required columns are missing: '), missing.join(', '),
        '. Map a file header to each of them below, or export the file again with these columns.'));
    } else if ((p.missing_required || []).length) {
      out.push(banner('ok', h('strong', null, 'Every required column is mapped. '), 'The load uses your mapping.'));
    }
    if ((p.ask_date_order || []).length || this.dateOrder) {
      const pick = h('select', { class: 'date-order', 'aria-label': 'How the dates read',
        onChange: (e) => { this.dateOrder = e.target.value; this.repreview(); } },
        h('option', { value: '' }, 'Choose…'),
        h('option', { value: 'DMY', selected: this.dateOrder === 'DMY' }, 'Day first: 03/05 is 3 May'),
        h('option', { value: 'MDY', selected: this.dateOrder === 'MDY' }, 'Month first: 03/05 is March 5'));
      out.push(banner(this.dateOrder ? 'ok' : 'warn', h('strong', null, 'How do the dates read? '),
        `Nothing in ${(p.ask_date_order || []).join(', ') || 'the file'} shows whether the day or the month comes first. `, pick));
    }
    const sheets = this.sheets || p.sheets || [];
    if (sheets.length > 1) out.push(this.sheetBanner(p, sheets));
    if (p.would_fail && p.failure && !(p.ask_date_order || []).length) {
      out.push(banner('error', h('strong', null, 'Loading this file now would load nothing: '), h('span', { class: 'would-fail' }, p.failure), '.'));
    }
    if (rowErrors) {
      out.push(banner('error', h('strong', { class: 'row-errors' }, rowErrors === 1 ? '1 row has errors' : `${f.int(rowErrors)} rows have errors`),
        ' and will go to quarantine. If too many rows fail, nothing is loaded. The flagged cells are marked in the table below.'));
    }
    if (unmapped.length) {
      out.push(banner('warn', h('strong', null, 'Not loaded: '), unmapped.join(', '),
        unmapped.length === 1 ? '. This header loads into no column; map it below if it should be loaded.' : '. These headers load into no column; map them below if they should be loaded.'));
    }
    if (!out.length) out.push(banner('ok', h('strong', null, 'Looks good. '), 'Every previewed row passed the checks.'));
    mount(this.problems, out);
  }

  /** Which sheets of a workbook are read; a sheet with data left out is a warning, with a choice of sheet. */
  sheetBanner(p, sheets) {
    const rowsOf = (s) => (s.rows >= 0 ? ` (${f.int(s.rows)} ${s.rows === 1 ? 'row' : 'rows'})` : '');
    const read = (p.sheets || []).filter((s) => s.read).map((s) => s.name);
    const left = this.sheet ? [] : sheets.filter((s) => !s.read && s.rows > 0);
    const pick = h('select', { class: 'sheet-choice', 'aria-label': 'Sheet to load',
      onChange: (e) => { this.sheet = e.target.value; this.dataset = ''; this.repreview({ keepMapping: false }); } },
      h('option', { value: '', selected: !this.sheet }, 'The first sheet and those with its columns'),
      sheets.map((s) => h('option', { value: s.name, selected: this.sheet === s.name }, `${s.name}${rowsOf(s)}`)));
    if (left.length) {
      return banner('warn', h('strong', { class: 'sheets-not-read' }, 'Not loaded: '),
        left.map((s) => `sheet ${s.name}${rowsOf(s)}`).join(', '),
        `: other columns than ${read.join(', ')}. To load a sheet on its own, pick it here (drop the workbook again for each further sheet): `, pick);
    }
    return banner('ok', h('strong', null, read.length > 1 ? `Sheets ${read.join(', ')} are read as one table. ` : `Sheet ${read.join(', ')} is read. `), pick);
  }

  mappingTable(p, columns) {
    const firstValues = (p.rows || [])[0]?.values || {};
    const rows = p.mapping || [];
    return h('div', { class: 'table-wrap' }, h('table', { class: 'mapping-table' },
      h('caption', { class: 'sr-only' }, 'Column mapping'),
      h('thead', null, h('tr', null, ['File header', 'Example value', 'Loads into', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, rows.map((m, i) => {
        const id = `map-${this.n}-${i}`;
        const note = h('td', { class: 'small' });
        const renderNote = () => mount(note, !this.mapping[m.header] ? h('span', { class: 'chip warn no-dot' }, 'Not loaded')
          : columns.find((c) => c.name === this.mapping[m.header])?.required ? h('span', { class: 'chip info no-dot' }, 'Required') : '');
        renderNote();
        const select = h('select', { id, 'data-header': m.header, onChange: (e) => { this.mapping[m.header] = e.target.value; renderNote(); this.mappingChanged(); } },
          h('option', { value: '' }, '— Do not load —'),
          columns.map((c) => h('option', { value: c.name, selected: c.name === this.mapping[m.header] }, c.required ? `${c.name} (required)` : c.name)));
        return h('tr', null,
          h('td', null, h('label', { for: id, class: 'mono' }, m.header)),
          h('td', { class: 'muted name' }, firstValues[m.header] ?? '—'),
          h('td', null, select),
          note);
      }))));
  }

  sampleTable(p) {
    const headers = (p.mapping || []).map((m) => m.header);
    const rows = (p.rows || []).slice(0, 20);
    if (!rows.length) return emptyState('No data rows in this file');
    return h('div', { class: 'table-wrap', style: { border: '1px solid var(--border)', borderRadius: '8px' } }, h('table', { class: 'sample-table' },
      h('caption', { class: 'sr-only' }, 'First rows of the file, problems marked'),
      h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, 'Line'), headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map((r) => {
        const flags = r.flags || [];
        return h('tr', { 'data-line': r.line, class: flags.length ? 'has-flags' : null },
          h('td', { class: 'num muted' }, f.int(r.line)),
          headers.map((x) => {
            const fl = flags.filter((q) => q.header === x || (!q.header && (q.column === x || (q.column && q.column === this.mapping[x]))));
            const v = r.values?.[x];
            return h('td', {
              class: fl.length ? `flagged ${fl.every((q) => q.severity === 'warn') ? 'warn' : ''}`.trim() : null,
              title: fl.length ? fl.map((q) => q.message).join('; ') : null,
              'data-flag': fl.length ? fl.map((q) => q.code).join(' ') : null,
            }, v === null || v === undefined || v === '' ? '' : String(v), fl.length ? h('span', { class: 'sr-only' }, ` (problem: ${fl.map((q) => q.message).join('; ')})`) : null);
          }));
      }))));
  }

  flagList(p) {
    const flags = (p.rows || []).flatMap((r) => (r.flags || []).map((q) => ({ ...q, line: r.line })));
    if (!flags.length) return null;
    const shown = flags.slice(0, 8);
    return h('ul', { class: 'flag-list small', style: { margin: '10px 0 0', paddingLeft: '18px', color: '#7f1d1d' } },
      shown.map((q) => h('li', null, h('strong', null, `Line ${q.line}`), q.header || q.column ? ` · ${q.header || q.column}` : '', `: ${q.message}`,
        q.code ? h('span', { class: 'muted mono' }, ` ${q.code}`) : null)),
      flags.length > shown.length ? h('li', { class: 'muted' }, `…and ${flags.length - shown.length} more in the preview`) : null);
  }

  unknownSkus(unknown) {
    const status = h('div', { 'aria-live': 'polite' });
    const inputs = unknown.map((u, i) => {
      const field = (name, label, type = 'text') => {
        const id = `np-${name}-${i}-${Math.random().toString(36).slice(2, 6)}`;
        return { name, el: h('input', { id, name, type, step: type === 'number' ? '0.01' : null, min: type === 'number' ? '0' : null, 'aria-label': `${label} for ${u.sku}` }) };
      };
      const row = { sku: u.sku, fields: [field('name', 'Name'), field('department', 'Department'), field('category', 'Category'), field('unit_price', 'Unit price', 'number'), field('unit_cost', 'Unit cost', 'number')] };
      if (u.description) row.fields[0].el.value = u.description;
      return row;
    });
    const form = h('form', { class: 'create-form', 'aria-label': 'Create the missing products', onSubmit: async (e) => {
      e.preventDefault();
      const products = inputs.map((row) => {
        const p = { sku: row.sku };
        for (const fl of row.fields) {
          const v = fl.el.value.trim();
          if (v !== '') p[fl.name] = fl.el.type === 'number' ? Number(v) : v;
        }
        return p;
      });
      const missingName = inputs.find((row) => !row.fields[0].el.value.trim());
      if (missingName) {
        missingName.fields[0].el.setAttribute('aria-invalid', 'true');
        missingName.fields[0].el.focus();
        mount(status, banner('warn', `Give ${missingName.sku} a name so buyers recognise it.`));
        return;
      }
      try {
        const res = await api.post('/api/v1/feeds/auto-create-products', { upload_token: this.preview_.upload_token, products });
        const n = (res.created || []).length;
        const kept = (res.existing || []).length;
        mount(status, banner('ok', `Created ${n} product${n === 1 ? '' : 's'}${kept ? ` (${kept} existed already and were left unchanged)` : ''}. Checking the file again…`));
        announce(`Created ${n} products.`);
        setTimeout(() => this.repreview(), 400);
      } catch (err) {
        mount(status, banner('error', h('strong', null, 'Not created. '), err.detail));
      }
    } },
    h('div', { class: 'table-wrap' }, h('table', null,
      h('caption', { class: 'sr-only' }, 'New products'),
      h('thead', null, h('tr', null, ['SKU', 'Did you mean', 'Name', 'Department', 'Category', 'Unit price', 'Unit cost'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, inputs.map((row, i) => h('tr', { 'data-sku': row.sku },
        h('td', { class: 'mono' }, row.sku, unknown[i].rows ? h('div', { class: 'muted small' }, `${f.int(unknown[i].rows)} row${unknown[i].rows > 1 ? 's' : ''}`) : null),
        h('td', null, suggestionList(unknown[i].suggestions, unknown[i].non_merchandise)),
        row.fields.map((fl) => h('td', null, fl.el))))))),
    h('div', { class: 'row', style: { marginTop: '10px' } },
      h('button', { class: 'btn', type: 'submit', 'data-action': 'create-products' }, `Create ${unknown.length} missing product${unknown.length > 1 ? 's' : ''}`),
      h('span', { class: 'muted small' }, 'Or fix the SKUs in your file and upload it again.')),
    status);
    return h('section', { class: 'unknown-skus' },
      h('h3', { style: { marginBottom: '6px' } }, `${f.int(unknown.length)} SKU${unknown.length > 1 ? 's are' : ' is'} not in the product master`),
      h('p', { class: 'muted small', style: { marginBottom: '10px' } }, 'Rows with these SKUs would be quarantined. Pick the product it should be, or create it here.'),
      form);
  }

  async commit(btn) {
    btn.disabled = true;
    clearTimeout(this.timer);
    this.committing = true;
    const p = this.preview_;
    const mapping = Object.fromEntries(Object.entries(this.mapping).filter(([, c]) => c));
    mount(this.commitStatus, h('p', { class: 'muted' }, statusChip('processing'), ' Checking every row of the file before it is loaded…'));
    try {
      const res = await api.post('/api/v1/feeds/commit', { upload_token: p.upload_token, dataset: p.dataset, mapping, complete: !!this.completeBox?.checked, date_order: this.dateOrder || null, sheet: this.sheet || null });
      this.feedId = res.feed_id;
      this.previewPart.hidden = true;
      this.follow(res.status || 'queued');
    } catch (e) {
      btn.disabled = false;
      this.committing = false;
      if (e.status === 410) {
        mount(this.commitStatus, banner('warn', h('strong', null, 'This preview has expired. '), e.detail, ' ',
          h('button', { class: 'btn btn-sm', type: 'button', onClick: () => this.preview() }, 'Check the file again')));
      } else {
        this.el.classList.add('is-failed');
        this.renderHead(2, statusChip('failed'));
        mount(this.commitStatus, banner('error', h('strong', null, 'Nothing was loaded. '), h('span', { class: 'problem-detail' }, e.detail),
          rowErrorList(e.problem)));
      }
      announce(`Not loaded: ${e.detail}`);
    }
  }

  follow(initial) {
    const chip = () => this.head.querySelector('.chip');
    this.renderHead(3, statusChip(initial));
    const line = h('p', { class: 'transform-status' }, 'Loading… ', statusChip(initial));
    mount(this.commitStatus, line);
    announce(`${this.file.name}: ${initial}.`);
    let last = initial;
    this.stopPoll = poll(async () => {
      let s;
      try {
        s = await api.get(`/api/v1/feeds/${encodeURIComponent(this.feedId)}/transform-status`);
      } catch (e) {
        mount(this.commitStatus, banner('error', 'Lost track of this load: ', e.detail, ' ', h('a', { href: '#history-title' }, 'See the feed history.')));
        return true;
      }
      if (s.status !== last) {
        last = s.status;
        announce(`${this.file.name}: ${s.status}.`);
      }
      if (s.status === 'transformed') {
        this.el.classList.add('is-done');
        this.renderHead(4, statusChip('transformed'));
        mount(this.commitStatus, banner('ok', h('strong', null, `Loaded ${f.int(s.records_loaded)} rows`),
          Number(s.records_quarantined) ? `, ${f.int(s.records_quarantined)} quarantined` : '', '. ',
          h('span', { class: 'mono small' }, `Feed ${this.feedId}`),
          Number(s.records_quarantined) ? [' · ', h('a', { href: `/quality?feed_id=${encodeURIComponent(this.feedId)}` }, 'See the quarantined rows')] : null,
          ' · ', h('button', { class: 'btn-link', type: 'button', onClick: () => { this.previewPart.hidden = !this.previewPart.hidden; } }, 'Show or hide the preview')));
        loadKpis();
        loadHistory();
        return true;
      }
      if (s.status === 'failed') {
        this.previewPart.hidden = false;
        this.el.classList.add('is-failed');
        this.renderHead(3, statusChip('failed'));
        const err = s.error || {};
        mount(this.commitStatus, banner('error', h('strong', null, 'The load failed. '), h('span', { class: 'problem-detail' }, err.message || err.detail || 'See the feed history for details.'),
          Number(s.records_quarantined) ? ` ${f.int(s.records_quarantined)} rows quarantined.` : '', ' Nothing was loaded.'));
        loadHistory();
        return true;
      }
      mount(line, 'Loading… ', statusChip(s.status), h('span', { class: 'muted small' }, ' checking again every 2 seconds'));
      const c = chip();
      if (c) c.replaceWith(statusChip(s.status));
      return false;
    }, 2000);
  }
}

/** The rows a refused load names (problem.rows: [{line, reasons: [{column, message}]}], or row_errors as a list). */
function rowErrorList(problem) {
  const rows = Array.isArray(problem?.rows) ? problem.rows : Array.isArray(problem?.row_errors) ? problem.row_errors : [];
  if (!rows.length) return null;
  const text = (r) => {
    if (typeof r === 'string') return r;
    const reasons = Array.isArray(r.reasons) ? [...new Set(r.reasons.map((x) => x.message || x.code))].join('; ') : r.message || r.code || '';
    return `${r.line ? `Line ${r.line}: ` : ''}${reasons}`;
  };
  // The answer names up to 20 rows; row_errors counts them all. A refused load keeps none of them (no quarantine).
  const total = Math.max(Number(problem?.row_errors) || 0, rows.length);
  return h('ul', { class: 'row-error-list' }, rows.slice(0, 5).map((r) => h('li', null, text(r))),
    total > 5 ? h('li', null, `…and ${f.int(total - 5)} more rows with errors; none was loaded or quarantined: fix them in the file and upload it again`) : null);
}

function suggestionList(suggestions, nonMerchandise) {
  if (nonMerchandise) return h('span', { class: 'muted' }, `Not a product: ${nonMerchandise} (kept apart from sales)`);
  if (!suggestions || !suggestions.length) return h('span', { class: 'muted' }, 'No close match');
  return h('span', { class: 'small' }, suggestions.slice(0, 2).map((s, i) => [i ? h('br') : null,
    h('span', { class: 'mono' }, s.sku), ` ${s.name || ''}`, s.score !== undefined ? h('span', { class: 'muted' }, ` (${f.share(s.score, 0)})`) : null]));
}

// ---------------------------------------------------------------------------------------- history

function renderHistoryFilters() {
  mount(els.historyFilters,
    selectField({ label: 'Status', name: 'status', id: 'h-status', inline: true, value: state.status, allLabel: 'Any',
      options: STATUSES.map((s) => ({ value: s, label: f.label(s) })), onChange: (v) => { state.status = v; writeState(state, DEFAULTS); loadHistory(); } }),
    selectField({ label: 'Dataset', name: 'h-dataset', id: 'h-dataset', inline: true, value: state.dataset, allLabel: 'Any',
      options: datasets.map((d) => ({ value: d, label: f.label(d) })), onChange: (v) => { state.dataset = v; writeState(state, DEFAULTS); loadHistory(); } }));
}

async function loadHistory() {
  loading(els.history);
  try {
    const data = await api.get('/api/v1/feeds', { limit: HISTORY_LIMIT, status: state.status, dataset: state.dataset });
    const feeds = listOf(data);
    if (!feeds.length) {
      done(els.history, emptyState('No feeds yet', 'Upload a file above, or put files in the drop folder and run the pipeline.'));
      return;
    }
    const tbody = h('tbody');
    const cols = ['Status', 'Feed', 'Dataset · date', 'File', 'Received', 'Read', 'Loaded', 'Quarantined', 'Revenue'];
    for (const fd of feeds) {
      const m = fd.summary?.metrics || {};
      const detail = h('tr', { class: 'detail-row', hidden: true }, h('td', { colspan: String(cols.length) }));
      const toggle = h('button', { class: 'btn-link mono nowrap', type: 'button', 'aria-expanded': 'false', onClick: () => {
        const show = detail.hidden;
        detail.hidden = !show;
        toggle.setAttribute('aria-expanded', String(show));
        if (show) loadFeed(fd.feed_id, detail.firstChild);
      } }, fd.feed_id);
      tbody.append(h('tr', { 'data-feed': fd.feed_id, 'data-status': fd.status },
        h('td', null, statusChip(fd.status)),
        h('td', null, toggle),
        h('td', { class: 'nowrap' }, f.label(fd.dataset), h('br'), h('span', { class: 'small muted' }, f.date(fd.business_date))),
        h('td', { class: 'name', title: fd.original_name }, fd.original_name || '—', h('br'), h('span', { class: 'small muted' }, `from ${fd.source || 'unknown'}`)),
        h('td', { class: 'nowrap', title: fd.created_at }, f.relative(fd.created_at)),
        h('td', { class: 'num' }, f.int(m.records_read ?? fd.records_read)),
        h('td', { class: 'num' }, f.int(m.records_loaded ?? fd.records_loaded)),
        h('td', { class: 'num' }, Number(m.records_quarantined ?? fd.records_quarantined)
          ? h('a', { href: `/quality?feed_id=${encodeURIComponent(fd.feed_id)}` }, f.int(m.records_quarantined ?? fd.records_quarantined))
          : f.int(m.records_quarantined ?? fd.records_quarantined)),
        h('td', { class: 'num' }, f.money(m.gross_revenue))));
      tbody.append(detail);
    }
    done(els.history, h('div', { class: 'card-body flush' },
      h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only' }, 'Feed history'),
        h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: ['Read', 'Loaded', 'Quarantined', 'Revenue'].includes(c) ? 'num' : null }, c)))),
        tbody)),
      h('div', { class: 'table-foot' }, h('span', null, `Latest ${f.int(feeds.length)} feeds`))));
  } catch (e) {
    done(els.history, errorState(e, loadHistory));
  }
}

/** A duplicate loaded nothing; Reload loads its raw file again, e.g. to restore a slice that a later file replaced. */
function reloadBanner(fd) {
  const out = h('span', { class: 'reload-result' });
  const btn = h('button', { class: 'btn btn-sm', type: 'button', 'data-action': 'reload', 'data-needs': 'ingest', onClick: async () => {
    btn.disabled = true;
    try {
      const r = await api.post(`/api/v1/feeds/${encodeURIComponent(fd.feed_id)}/reload`);
      const text = `Reloaded as feed ${r.feed_id}: ${f.int(r.records_loaded)} rows loaded (${r.status}).`;
      mount(out, ` ${text}`);
      toast(text, r.status === 'failed' ? 'error' : 'ok');
      announce(text);
      loadKpis();
      loadHistory(); // the new feed (source reload) heads the history
    } catch (e) {
      btn.disabled = false;
      mount(out, ` Not reloaded: ${e.detail}`);
    }
  } }, 'Reload');
  return banner('info', h('strong', null, 'Same bytes as feed '), h('span', { class: 'mono' }, fd.duplicate_of),
    ': nothing was loaded again. ', btn, ' loads this file once more, e.g. to restore rows a later file replaced.', out);
}

async function loadFeed(id, cell) {
  loading(cell);
  try {
    const fd = await api.get(`/api/v1/feeds/${encodeURIComponent(id)}`);
    const s = fd.summary || {};
    const m = s.metrics || {};
    const issues = s.issues || [];
    done(cell, h('div', { class: 'explain' },
      h('dl', { class: 'kv' },
        [['Rows read', f.int(m.records_read)], ['Loaded', f.int(m.records_loaded)], ['Quarantined', f.int(m.records_quarantined)],
          ['Returns', f.int(m.returns)], ['Gross revenue', f.money(m.gross_revenue)], ['Cost of goods', f.money(m.cogs)],
          ['Margin (costed rows)', f.money(m.margin)], ['Margin %', f.pct(m.margin_pct)], ['Rows without cost', f.int(m.missing_product_cost)], ['Stage', f.label(s.stage)], ['Updated', f.dateTime(fd.updated_at)]]
          .map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v)))),
      s.error ? banner('error', h('strong', null, `${s.error.code || 'Error'}: `), s.error.message || '', s.error.trace_id ? h('span', { class: 'mono small' }, ` (trace ${s.error.trace_id})`) : null) : null,
      fd.duplicate_of ? reloadBanner(fd) : null,
      issues.length ? h('div', null, h('h3', { style: { marginBottom: '6px' } }, 'Issues'), table({
        caption: 'Issues', rows: issues,
        columns: [
          { label: 'Type', render: (i) => statusChip(i.type) },
          { label: 'Code', render: (i) => h('span', { class: 'mono' }, i.code) },
          { label: 'Message', key: 'message' },
          { label: 'Rows', num: true, render: (i) => f.int(i.rows) },
        ],
      })) : h('p', { class: 'muted' }, 'No issues recorded.')));
  } catch (e) {
    done(cell, errorState(e));
  }
}
