// A dashboard page as one PDF (issue 12): what the page shows right now — title, period, filters, currency, the
// warnings it shows (incomplete data, incomplete comparison), KPI cards, charts (their SVG) and tables — is sent to
// POST /api/v1/exports/pdf, which lays it out and returns the file. Nothing is recomputed: the PDF is the page.
import { postForBlob } from './api.js';
import * as f from './format.js';
import { h, download, toast, announce } from './ui.js';

// text as rendered (line breaks between blocks kept as spaces) for cells; labels as written (innerText would carry CSS
// text-transform: an upper-cased label is still "Net sales")
const text = (el) => (el ? (el.innerText || el.textContent || '') : '').replace(/\s+/g, ' ').trim();
const label = (el) => (el ? el.textContent || '' : '').replace(/\s+/g, ' ').trim();

/** The page under `root` as the export API reads it. */
export function pageSnapshot(root = document.getElementById('page')) {
  const section = (el) => label(el.closest('section')?.querySelector('h2')) || label(el.closest('.card')?.querySelector('h2'));
  const filters = [...root.querySelectorAll('form.filters .field')].map((field) => {
    const control = field.querySelector('select, input');
    let value = '';
    if (control?.tagName === 'SELECT') value = control.selectedOptions[0]?.textContent.trim() ?? '';
    else if (control) value = control.value;
    else value = text(field.querySelector('button'));
    return { label: label(field.querySelector('label, .label')), value };
  }).filter((x) => x.label && x.value);
  const warnings = [...root.querySelectorAll('.banner')].map(text).filter(Boolean);
  const kpis = [...root.querySelectorAll('.kpi[data-kpi]')].map((card) => ({
    label: label(card.querySelector('.kpi-label')),
    value: text(card.querySelector('.kpi-value')),
    detail: [text(card.querySelector('.kpi-note')), text(card.querySelector('.kpi-foot'))].filter(Boolean).join(' · '),
  }));
  const charts = [...root.querySelectorAll('.chart')].map((el) => ({ el, svg: el.querySelector('svg') })).filter((c) => c.svg)
    .map((c) => ({ title: section(c.el) || c.el.getAttribute('aria-label') || 'Chart', svg: new XMLSerializer().serializeToString(c.svg) }));
  const tables = [...root.querySelectorAll('table')].filter((t) => !t.closest('form') && t.offsetParent !== null).map((t) => ({
    title: label(t.querySelector('caption')) || section(t) || 'Table',
    header: [...(t.querySelector('thead tr')?.children || [])].map(label),
    rows: [...t.querySelectorAll('tbody tr')].filter((tr) => !tr.hidden && !tr.classList.contains('detail-row'))
      .map((tr) => [...tr.children].map(text)),
  }));
  return {
    title: label(root.querySelector('.page-head h1')) || document.title,
    subtitle: label(root.querySelector('.page-head .subtitle')),
    currency: f.currency,
    filters, warnings, kpis, charts, tables,
  };
}

/** An "Export PDF" button that downloads the page under `root` as one PDF. */
export function pdfButton(root = document.getElementById('page')) {
  const button = h('button', { class: 'btn btn-sm', type: 'button', id: 'export-pdf', onClick: async () => {
    button.disabled = true;
    try {
      const page = pageSnapshot(root);
      const { blob, name } = await postForBlob('/api/v1/exports/pdf', page);
      download(blob, name || 'dashboard.pdf');
      announce(`Exported ${page.title} as PDF.`);
    } catch (e) {
      toast(`PDF export failed: ${e.detail || e.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  } }, 'Export PDF');
  return button;
}
