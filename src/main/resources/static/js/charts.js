// Apache ECharts (served from the WebJar as a classic script that defines window.echarts), with the
// Stockroom look: system font, quiet grid, indigo series, SVG rendering for crisp text.
import * as f from './format.js';

export const COLORS = ['#4f46e5', '#94a3b8', '#0d9488', '#f59e0b', '#db2777', '#0284c7'];
const TEXT = '#475569';
const GRID = '#e2e8f0';
const FONT = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';

const charts = new WeakMap();

/** Creates (or reuses) a chart in `el` and applies `option`. */
export function render(el, option) {
  if (!window.echarts) {
    el.textContent = 'Charts are unavailable (the chart library did not load).';
    return null;
  }
  let chart = charts.get(el);
  if (!chart || chart.isDisposed()) {
    chart = window.echarts.init(el, null, { renderer: 'svg' });
    charts.set(el, chart);
    new ResizeObserver(() => chart.resize()).observe(el);
  }
  chart.setOption({
    color: COLORS,
    textStyle: { fontFamily: FONT, color: TEXT },
    animationDuration: 300,
    ...option,
  }, true);
  return chart;
}

export function axisLabel(formatter) {
  return { color: TEXT, fontSize: 11, formatter, hideOverlap: true };
}

export function valueAxis(formatter) {
  return {
    type: 'value',
    axisLabel: axisLabel(formatter),
    splitLine: { lineStyle: { color: GRID } },
    axisLine: { show: false },
    axisTick: { show: false },
  };
}

/**
 * keepEnds (the most labels that fit): thin the labels in the middle only, always showing the first and the last
 * (overlap-hiding drops the last one first, and a trend's last point is often the short one its label explains).
 */
export function categoryAxis(data, formatter, { keepEnds = 0 } = {}) {
  return {
    type: 'category',
    data,
    axisLabel: keepEnds ? { ...axisLabel(formatter), hideOverlap: false, interval: endsInterval(data.length, keepEnds) } : axisLabel(formatter),
    axisLine: { lineStyle: { color: GRID } },
    axisTick: { show: false },
  };
}

/** At most `most` labels, evenly spaced, with the first and the last always in and no label crowding the last. */
export function endsInterval(count, most) {
  const step = Math.max(1, Math.ceil((count - 1) / Math.max(1, most - 1)));
  return (i) => i === 0 || i === count - 1 || (i % step === 0 && count - 1 - i >= step);
}

export function tooltip(extra = {}) {
  return {
    trigger: 'axis',
    backgroundColor: '#111827',
    borderWidth: 0,
    textStyle: { color: '#fff', fontFamily: FONT, fontSize: 12 },
    ...extra,
  };
}

export const grid = (extra = {}) => ({ left: 8, right: 16, top: 36, bottom: 8, containLabel: true, ...extra });

export const moneyAxis = () => valueAxis((v) => f.moneyCompact(v));

/**
 * Shades the periods of a trend whose expected feeds are missing or failed (the API's `completeness`) with a
 * labelled markArea, so a gap is not read as a drop. `periods` are the points' first days; `span` the days in one.
 */
export function incompleteAreas(periods, completeness, labels, span = 1) {
  const days = completeness?.incomplete_days || [];
  if (!days.length) return undefined;
  const data = [];
  periods.forEach((p, i) => {
    const start = new Date(`${p}T00:00:00Z`).getTime();
    const hits = days.filter((d) => { const t = new Date(`${d.date}T00:00:00Z`).getTime(); return t >= start && t < start + span * 86400000; });
    if (hits.length) {
      // a category axis places labels at band centres: span to the neighbours' centres so the band has a width
      data.push([{ xAxis: labels[Math.max(i - 1, 0)], name: hits.flatMap((d) => d.missing).join('; ') }, { xAxis: labels[Math.min(i + 1, labels.length - 1)] }]);
    }
  });
  return {
    silent: false,
    itemStyle: { color: 'rgba(245,158,11,0.16)' },
    label: { show: true, position: 'insideTop', color: '#78350f', fontSize: 10, formatter: () => 'incomplete' },
    data,
  };
}
