/** Text and number normalisation for cells as schools type them. */

import { type CellValue, isErrorValue } from './grid';

/** Full-width ASCII (０-９, Ａ-Ｚ, ．, ％, （）…) to half-width; ideographic space to space. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** Header/label text with line breaks, spaces and full-width forms folded away. */
export function normLabel(v: CellValue | undefined): string {
  if (v === null || v === undefined || isErrorValue(v)) return '';
  return toHalfWidth(String(v)).replace(/\s+/g, '');
}

/** Label text as written, half-width, with runs of white space folded to one space (`1 18w` keeps its space). */
export function spacedText(v: CellValue | undefined): string {
  if (v === null || v === undefined || isErrorValue(v)) return '';
  return toHalfWidth(String(v)).replace(/\s+/g, ' ').trim();
}

export type NumberParse =
  | { kind: 'empty' }
  | { kind: 'number'; value: number; fromText: boolean; percent: boolean }
  | { kind: 'error'; error: string }
  | { kind: 'text'; text: string; embedded?: number };

/** Reads a cell as a number: numbers stored as text, full-width digits, "10%", thousands commas. */
export function parseNumber(v: CellValue | undefined): NumberParse {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (isErrorValue(v)) return { kind: 'error', error: v.error };
  if (typeof v === 'number') {
    return Number.isFinite(v) ? { kind: 'number', value: v, fromText: false, percent: false } : { kind: 'error', error: String(v) };
  }
  if (typeof v === 'boolean') return { kind: 'text', text: String(v) };
  const raw = toHalfWidth(v).replace(/\s+/g, '');
  if (raw === '' || raw === '-' || raw === '—' || raw === '/') return { kind: 'empty' };
  if (/^#(REF!|DIV\/0!|VALUE!|NAME\?|N\/A|NUM!|NULL!|SPILL!|CALC!)$/i.test(raw)) return { kind: 'error', error: raw.toUpperCase() };
  const m = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)(%?)$/.exec(raw);
  if (m) {
    const n = Number(m[1].replace(/,/g, ''));
    return { kind: 'number', value: m[2] ? n / 100 : n, fromText: true, percent: m[2] === '%' };
  }
  const nums = raw.match(/\d+(?:\.\d+)?/g);
  return nums && nums.length === 1 ? { kind: 'text', text: raw, embedded: Number(nums[0]) } : { kind: 'text', text: raw };
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "三" → 3, "十二" → 12, "12" → 12; null when not a small ordinal. */
export function parseOrdinal(s: string): number | null {
  const t = toHalfWidth(s).trim();
  if (/^\d{1,2}$/.test(t)) return Number(t);
  if (/^[一二三四五六七八九十]{1,3}$/.test(t)) {
    if (t === '十') return 10;
    if (t.startsWith('十')) return 10 + CN_DIGITS[t[1]];
    if (t.length === 1) return CN_DIGITS[t];
    if (t.length === 2 && t[1] === '十') return CN_DIGITS[t[0]] * 10;
    if (t.length === 3 && t[1] === '十') return CN_DIGITS[t[0]] * 10 + CN_DIGITS[t[2]];
  }
  return null;
}

/** Rounds away binary noise (0.1+0.2) without hiding real fractions. */
export function clean(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

export function formatPercent(share: number, digits = 2): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/**
 * What a semester cell pasted from a Word plan means. `2+1`: theory + practice hours a week (3);
 * `4/期`, `4+4/期`: hours in the term, not per week (a lecture series); `1w`, `18W`, `2周`: whole
 * weeks; `4/16W`: 4 h a week over 16 weeks; `4+1w`: 4 h a week and one whole week besides. Plain
 * numbers are left to the sheet's mode.
 */
export type SemesterCellParse =
  | { kind: 'plain'; value: number }
  | { kind: 'sum'; value: number; parts: number[] }
  | { kind: 'term'; hours: number }
  | { kind: 'block'; weeks: number }
  | { kind: 'weekly-over'; weekly: number; weeks: number }
  | { kind: 'weekly-block'; weekly: number; weeks: number };

const NUM = String.raw`\d+(?:\.\d+)?`;
const SUM_RE = new RegExp(`^(${NUM})(?:\\+(${NUM}))+$`);
const TERM_RE = new RegExp(`^(${NUM}(?:\\+${NUM})*)/(?:期|学期|term)$`, 'i');
const BLOCK_RE = new RegExp(`^(${NUM})(?:w|周|weeks?)$`, 'i');
const OVER_RE = new RegExp(`^(${NUM})/(${NUM})(?:w|周)$`, 'i');
const WEEKLY_BLOCK_RE = new RegExp(`^(${NUM}(?:\\+${NUM})*)\\+(${NUM})(?:w|周|weeks?)$`, 'i');

export function parseSemesterCell(raw: string): SemesterCellParse | null {
  const t = toHalfWidth(raw).replace(/\s+/g, '').replace(/[×xX*]/g, '*');
  let m = TERM_RE.exec(t);
  if (m) return { kind: 'term', hours: m[1].split('+').reduce((s, x) => s + Number(x), 0) };
  m = BLOCK_RE.exec(t);
  if (m) return { kind: 'block', weeks: Number(m[1]) };
  m = OVER_RE.exec(t);
  if (m) return { kind: 'weekly-over', weekly: Number(m[1]), weeks: Number(m[2]) };
  // `4+1w`: 4 h a week, and one whole week besides.
  m = WEEKLY_BLOCK_RE.exec(t);
  if (m) return { kind: 'weekly-block', weekly: m[1].split('+').reduce((s, x) => s + Number(x), 0), weeks: Number(m[2]) };
  if (SUM_RE.test(t)) {
    const parts = t.split('+').map(Number);
    return { kind: 'sum', value: parts.reduce((s, x) => s + x, 0), parts };
  }
  return null;
}
