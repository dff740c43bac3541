/**
 * Formula results after a patch: a file keeps each formula's last result beside it, and a reader that
 * does not calculate (this product's own, openpyxl, a preview) shows that result. Every formula that
 * depends on a written cell, on any sheet, gets its new result — or none, where the formula uses more
 * than SUM and arithmetic, so that nobody reads a stale number. Excel recalculates all of them anyway.
 */

import { evaluateFormula } from './formula';
import { type CellValue, type Grid, a1, parseA1 } from './grid';
import { parseNumber } from './text';

export interface WrittenCell {
  sheet: string;
  address: string;
  value: number | string | null;
}

export interface FormulaResult {
  sheet: string;
  address: string;
  formula: string;
  /** The new result; null when it cannot be computed here (Excel computes it on opening). */
  result: number | null;
  previous: CellValue;
}

const MAX_DEPTH = 400;
const EPS = 1e-9;

export function recalculate(grids: Grid[], writes: WrittenCell[]): FormulaResult[] {
  const bySheet = new Map(grids.map((g) => [g.sheet, g]));
  const written = new Map<string, number | string | null>();
  for (const w of writes) {
    const p = parseA1(w.address);
    if (p) written.set(`${w.sheet}!${p.row},${p.col}`, w.value);
  }
  if (written.size === 0) return [];
  // Per formula cell: its new value (null = not computable) and whether a written cell feeds it.
  const memo = new Map<string, { value: number | null; touched: boolean }>();
  const active = new Set<string>();

  const numberOf = (v: CellValue | undefined): number => {
    const p = parseNumber(v ?? null);
    return p.kind === 'number' ? p.value : 0;
  };

  const evaluate = (sheet: string, row: number, col: number, formula: string): { value: number | null; touched: boolean } => {
    const key = `${sheet}!${row},${col}`;
    const known = memo.get(key);
    if (known) return known;
    if (active.has(key) || active.size > MAX_DEPTH) return { value: null, touched: false };
    active.add(key);
    let touched = false;
    let broken = false;
    const value = evaluateFormula(formula, (r, c, other) => {
      const v = lookup(other ?? sheet, r, c);
      touched ||= v.touched;
      if (v.value === null) broken = true;
      return v.value ?? 0;
    });
    active.delete(key);
    const out = { value: broken ? null : value, touched };
    memo.set(key, out);
    return out;
  };

  const lookup = (sheet: string, row: number, col: number): { value: number | null; touched: boolean } => {
    const key = `${sheet}!${row},${col}`;
    if (written.has(key)) return { value: numberOf(written.get(key)), touched: true };
    const g = bySheet.get(sheet);
    if (!g) return { value: null, touched: false };
    const cell = g.cells[row - g.originRow]?.[col - g.originCol];
    if (!cell) return { value: 0, touched: false };
    if (cell.f) {
      const r = evaluate(sheet, row, col, cell.f);
      // A formula nothing written feeds keeps the result the file has.
      return r.touched ? r : { value: numberOf(cell.v), touched: false };
    }
    return { value: numberOf(cell.v), touched: false };
  };

  const out: FormulaResult[] = [];
  for (const g of grids) {
    g.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell?.f) return;
        const sheetRow = r + g.originRow;
        const sheetCol = c + g.originCol;
        const { value, touched } = evaluate(g.sheet, sheetRow, sheetCol, cell.f);
        if (!touched) return;
        const before = typeof cell.v === 'number' ? cell.v : null;
        if (value !== null && before !== null && Math.abs(value - before) < EPS) return;
        if (value === null && cell.v === null) return;
        out.push({ sheet: g.sheet, address: a1(sheetRow, sheetCol), formula: cell.f, result: value === null ? null : Math.round(value * 1e9) / 1e9, previous: cell.v });
      }),
    );
  }
  return out;
}
