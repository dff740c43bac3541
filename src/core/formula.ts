/**
 * Just enough of Excel's formula language for teaching plans: SUM over ranges and cells, + - * /,
 * parentheses and numbers. Used to fill in formula results a file did not cache (a workbook saved
 * by a tool that does not calculate) and to see which rows a sub-total's SUM covers.
 */

import { parseA1 } from './grid';

export interface RangeRef {
  row0: number;
  col0: number;
  row1: number;
  col1: number;
}

/** Every A1 range or cell a formula refers to (same sheet only; other sheets are skipped). */
export function referencedRanges(formula: string): RangeRef[] {
  const out: RangeRef[] = [];
  const re = /('[^']*'|[A-Za-z0-9_\u4e00-\u9fff]+)?!?(\$?[A-Za-z]{1,3}\$?\d{1,7})(?::(\$?[A-Za-z]{1,3}\$?\d{1,7}))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(formula))) {
    const whole = m[0];
    if (whole.includes('!')) continue;
    const a = parseA1(m[2]);
    const b = m[3] ? parseA1(m[3]) : a;
    if (!a || !b) continue;
    // A function name such as LOG10 looks like a cell: it is followed by "(".
    if (formula[m.index + whole.length] === '(') continue;
    out.push({
      row0: Math.min(a.row, b.row),
      col0: Math.min(a.col, b.col),
      row1: Math.max(a.row, b.row),
      col1: Math.max(a.col, b.col),
    });
  }
  return out;
}

/**
 * A cell's value; `sheet` is set for references to another sheet (`教学进程表1!I24`). An error it
 * returns (a referenced cell holding #REF!, a sheet that is not there) is the formula's result, as in
 * Excel.
 */
type Lookup = (row0: number, col0: number, sheet?: string) => number | null | { error: string };

const SHEET_PREFIX = /^(?:'((?:[^']|'')+)'|([A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*))!/;

/** Parentheses and SUMs nested deeper than this are not computed (Excel itself allows 64 levels). */
export const MAX_NESTING = 64;

/**
 * What a simple formula gives: a number, an error value (#DIV/0!, #NUM!, an error it refers to; #NESTING
 * when it nests deeper than MAX_NESTING), or null when it uses anything beyond SUM and arithmetic.
 */
export type FormulaOutcome = { value: number } | { error: string } | null;

class FormulaError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export function evaluateFormulaOutcome(formula: string, lookup: Lookup): FormulaOutcome {
  const src = formula.replace(/\s+/g, '').replace(/^=/, '');
  let i = 0;
  let depth = 0;
  const fail = (): never => {
    throw new Error('unsupported');
  };
  const deeper = (): void => {
    if (++depth > MAX_NESTING) throw new FormulaError('#NESTING');
  };
  const peek = () => src[i];
  const valueOf = (v: number | null | { error: string }): number => {
    if (v !== null && typeof v === 'object') throw new FormulaError(v.error);
    return v ?? 0;
  };
  function cellValue(ref: string, sheet?: string): number {
    const p = parseA1(ref);
    if (!p) return fail();
    return valueOf(lookup(p.row, p.col, sheet));
  }
  function refOrRange(): number[] {
    let sheet: string | undefined;
    const prefix = SHEET_PREFIX.exec(src.slice(i));
    if (prefix) {
      sheet = prefix[1] !== undefined ? prefix[1].replace(/''/g, "'") : prefix[2];
      i += prefix[0].length;
    }
    const m = /^(\$?[A-Za-z]{1,3}\$?\d{1,7})(?::(\$?[A-Za-z]{1,3}\$?\d{1,7}))?/.exec(src.slice(i));
    if (!m) return fail();
    i += m[0].length;
    if (!m[2]) return [cellValue(m[1], sheet)];
    const a = parseA1(m[1]);
    const b = parseA1(m[2]);
    if (!a || !b) return fail();
    const vals: number[] = [];
    const cells = (Math.abs(b.row - a.row) + 1) * (Math.abs(b.col - a.col) + 1);
    if (cells > 100000) return fail();
    for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++)
      for (let c = Math.min(a.col, b.col); c <= Math.max(a.col, b.col); c++) vals.push(valueOf(lookup(r, c, sheet)));
    return vals;
  }
  function primary(): number {
    if (peek() === '(') {
      i++;
      deeper();
      const v = expr();
      depth--;
      if (peek() !== ')') fail();
      i++;
      return v;
    }
    if (peek() === '-' || peek() === '+') {
      // A run of signs ("--1", or ten thousand of them) is read in a loop, not by recursion.
      let sign = 1;
      while (peek() === '-' || peek() === '+') if (src[i++] === '-') sign = -sign;
      return sign * primary();
    }
    const num = /^\d+(\.\d+)?%?/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return num[0].endsWith('%') ? Number(num[0].slice(0, -1)) / 100 : Number(num[0]);
    }
    if (/^SUM\(/i.test(src.slice(i))) {
      i += 4;
      deeper();
      let total = 0;
      for (;;) {
        if (/^\$?[A-Za-z]{1,3}\$?\d/.test(src.slice(i)) || SHEET_PREFIX.test(src.slice(i))) total += refOrRange().reduce((s, x) => s + x, 0);
        else total += expr();
        if (peek() === ',') {
          i++;
          continue;
        }
        if (peek() === ')') {
          i++;
          depth--;
          return total;
        }
        return fail();
      }
    }
    const vals = refOrRange();
    return vals[0];
  }
  function term(): number {
    let v = primary();
    while (peek() === '*' || peek() === '/') {
      const op = src[i++];
      const r = primary();
      if (op === '/' && r === 0) throw new FormulaError('#DIV/0!');
      v = op === '*' ? v * r : v / r;
    }
    return v;
  }
  function expr(): number {
    let v = term();
    while (peek() === '+' || peek() === '-') {
      const op = src[i++];
      const r = term();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  }
  try {
    const v = expr();
    if (i !== src.length) return null;
    return Number.isFinite(v) ? { value: v } : { error: '#NUM!' };
  } catch (e) {
    if (e instanceof FormulaError) return { error: e.code };
    // The engine's own stack gave out first: the formula nests too deep.
    if (e instanceof RangeError) return { error: '#NESTING' };
    return null;
  }
}

/** Evaluates a simple formula; null when it uses anything beyond SUM and arithmetic, or gives an error. */
export function evaluateFormula(formula: string, lookup: (row0: number, col0: number, sheet?: string) => number | null): number | null {
  const r = evaluateFormulaOutcome(formula, lookup);
  return r && 'value' in r ? r.value : null;
}
