// Numbers and dates for humans, through Intl. Every formatter accepts null/undefined and answers "—".
// Currency, locale and time zone are the retailer's settings (stockroom.metrics.currency / locale, stockroom.timezone),
// served as /js/settings.js: a time is shown on the chain's clock and "today" is the chain's day, whatever the browser's
// zone (a head office abroad, a laptop not reset after a trip).
import { SETTINGS } from './settings.js';

const LOCALE = SETTINGS.locale || 'en-US';
const CURRENCY = SETTINGS.currency || 'USD';
const ZONE = SETTINGS.time_zone || 'UTC';
export const currency = CURRENCY;
const DASH = '—';

const cache = new Map();
function nf(key, options) {
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(LOCALE, options));
  return cache.get(key);
}

const isNum = (v) => v !== null && v !== undefined && v !== '' && Number.isFinite(Number(v));

/** Money: whole units from 1,000 up, cents below. */
export function money(v, { cents } = {}) {
  if (!isNum(v)) return DASH;
  const n = Number(v);
  const showCents = cents ?? Math.abs(n) < 1000;
  return showCents
    ? nf('money2', { style: 'currency', currency: CURRENCY, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)
    : nf('money0', { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 }).format(n);
}

/** Compact money for chart axes: $12K, $1.2M. */
export function moneyCompact(v) {
  if (!isNum(v)) return DASH;
  return nf('moneyC', { style: 'currency', currency: CURRENCY, notation: 'compact', maximumFractionDigits: 1 }).format(Number(v));
}

/** Integer with thousands separators. */
export function int(v) {
  if (!isNum(v)) return DASH;
  return nf('int', { maximumFractionDigits: 0 }).format(Number(v));
}

/** Number with up to `digits` decimals. */
export function number(v, digits = 1) {
  if (!isNum(v)) return DASH;
  return nf('num' + digits, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(Number(v));
}

/** A percentage given in percent points (12.5 → "12.5%"). */
export function pct(v, digits = 1) {
  if (!isNum(v)) return DASH;
  return nf('pct' + digits, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(v) / 100);
}

/** A share given as a fraction (0.125 → "12.5%"). */
export function share(v, digits = 1) {
  return isNum(v) ? pct(Number(v) * 100, digits) : DASH;
}

/** A signed change in percent points with its direction: {text, dir: 'up'|'down'|'flat', label}. */
export function change(v) {
  if (!isNum(v)) return { text: DASH, dir: 'flat', label: 'no comparison available' };
  const n = Number(v);
  const rounded = Math.round(n * 10) / 10;
  const dir = rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat';
  const abs = nf('pct1', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(n) / 100);
  const sign = dir === 'up' ? '+' : dir === 'down' ? '−' : '±';
  const word = dir === 'up' ? 'up' : dir === 'down' ? 'down' : 'unchanged,';
  return { text: `${sign}${abs}`, dir, label: `${word} ${abs}` };
}

/** A change in percentage points (37.9 % vs 38.4 % is "−0.5 pp"): {text, dir, label}. */
export function changePoints(v) {
  if (!isNum(v)) return { text: DASH, dir: 'flat', label: 'no comparison available' };
  const n = Math.round(Number(v) * 10) / 10;
  const dir = n > 0 ? 'up' : n < 0 ? 'down' : 'flat';
  const abs = nf('pp', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(n));
  const sign = dir === 'up' ? '+' : dir === 'down' ? '−' : '±';
  const word = dir === 'up' ? 'up' : dir === 'down' ? 'down' : 'unchanged,';
  return { text: `${sign}${abs} pp`, dir, label: `${word} ${abs} percentage points` };
}

/** Parses an ISO date (YYYY-MM-DD) as a local calendar date, never shifted by the time zone. */
export function parseDate(iso) {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(iso);
}

/** ISO date string (YYYY-MM-DD) of a local date. */
export function isoDate(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function addDays(iso, days) {
  const d = parseDate(iso);
  d.setDate(d.getDate() + days);
  return isoDate(d);
}

const dateFmt = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric' });
const shortFmt = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short' });
const monthFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', year: 'numeric' });
const weekdayFmt = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
// Calendar dates (YYYY-MM-DD) are parsed as local midnights and formatted in the browser's zone, so they never shift;
// instants are formatted in the retailer's zone.
const timeFmt = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: ZONE });
const dayInZone = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: ZONE });

/** Today in the retailer's zone (YYYY-MM-DD), not the browser's. */
export function today() {
  const parts = Object.fromEntries(dayInZone.formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function date(iso) {
  return iso ? dateFmt.format(parseDate(iso)) : DASH;
}
export function shortDate(iso) {
  return iso ? shortFmt.format(parseDate(iso)) : DASH;
}
/** A formatter for a series of ISO dates: day and month, with the year when the dates span more than one year. */
export function dayFormatFor(isos) {
  const years = new Set((isos || []).filter(Boolean).map((d) => String(d).slice(0, 4)));
  return years.size > 1 ? date : shortDate;
}
export function month(iso) {
  return iso ? monthFmt.format(parseDate(iso)) : DASH;
}
export function longDate(iso) {
  return iso ? weekdayFmt.format(parseDate(iso)) : DASH;
}
export function dateTime(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : timeFmt.format(d);
}

/** "3 Nov – 2 Dec 2026" */
export function dateRange(from, to) {
  if (!from || !to) return DASH;
  if (from === to) return date(from);
  const a = parseDate(from);
  const b = parseDate(to);
  return (a.getFullYear() === b.getFullYear() ? shortFmt.format(a) : dateFmt.format(a)) + ' – ' + dateFmt.format(b);
}

/** "1.2 s", "340 ms", "2 min 5 s" */
export function duration(ms) {
  if (!isNum(ms)) return DASH;
  const n = Number(ms);
  if (n < 1000) return `${int(n)} ms`;
  if (n < 60000) return `${number(n / 1000, 1)} s`;
  const min = Math.floor(n / 60000);
  return `${min} min ${Math.round((n % 60000) / 1000)} s`;
}

/** "3 minutes ago" */
export function relative(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const seconds = Math.round((d.getTime() - Date.now()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, s] of units) {
    if (Math.abs(seconds) >= s) return rtf.format(Math.round(seconds / s), unit);
  }
  return rtf.format(seconds, 'second');
}

export function bytes(v) {
  if (!isNum(v)) return DASH;
  const n = Number(v);
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  return `${number(x, i === 0 ? 0 : 1)} ${units[i]}`;
}

/** "OUT_OF_STOCK" → "Out of stock" */
export function label(code) {
  if (!code) return DASH;
  const s = String(code).replace(/[_-]+/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
