/**
 * A sheet view for the reader: merged areas filled, numbers parsed, every lookup by grid position
 * with the sheet address at hand. Formula results a file did not cache are computed where simple.
 */

import { addressOf, cellAt, type Cell, type Grid, gridCols, gridRows } from '../grid';
import { evaluateFormulaOutcome } from '../formula';
import { normLabel, parseNumber, type NumberParse } from '../text';

/** The sheets of one workbook, so a formula can read another sheet's cells (and cycles are caught across sheets). */
export interface WorkbookViews {
  views: Map<string, SheetView>;
  active: Set<string>;
}

/** Formula chains deeper than this are reported at their cell, not computed (the stack stays safe). */
export const MAX_FORMULA_DEPTH = 400;

export class SheetView {
  readonly rows: number;
  readonly cols: number;
  /** For each cell inside a merge, the merge's top-left cell; null elsewhere. */
  private readonly master: (readonly [number, number] | null)[][];
  private readonly evaluating = new Set<string>();
  /** A formula's result: a number, null (empty), or an error code. */
  private readonly computed = new Map<string, number | string | null>();
  /** Cells whose formula refers back to itself (through any chain, on any sheet), or nests too deep. */
  private readonly broken = new Map<string, '#CIRCULAR' | '#DEPTH'>();

  constructor(
    readonly grid: Grid,
    private readonly workbook?: WorkbookViews,
  ) {
    this.rows = gridRows(grid);
    this.cols = gridCols(grid);
    this.master = Array.from({ length: this.rows }, () => new Array(this.cols).fill(null));
    for (const m of grid.merges) {
      const r1 = Math.min(m.r1, this.rows - 1);
      const c1 = Math.min(m.c1, this.cols - 1);
      if (m.r0 < 0 || m.c0 < 0 || m.r0 > r1 || m.c0 > c1) continue;
      // Guard against absurd merges (whole columns) costing time: they are clipped to the grid.
      for (let r = m.r0; r <= r1; r++) for (let c = m.c0; c <= c1; c++) this.master[r][c] = [m.r0, m.c0];
    }
  }

  address(r: number, c: number): string {
    return addressOf(this.grid, r, c);
  }

  cell(r: number, c: number): Cell | null {
    return cellAt(this.grid, r, c);
  }

  /** The merge's top-left cell when (r, c) lies in a merge, else (r, c). */
  masterOf(r: number, c: number): readonly [number, number] {
    return this.master[r]?.[c] ?? [r, c];
  }

  /** True when (r, c) lies in a merge more than one column wide. */
  spansColumns(r: number, c: number): boolean {
    const m = this.master[r]?.[c];
    if (!m) return false;
    return this.master[r]?.[c + 1]?.[0] === m[0] && this.master[r]?.[c + 1]?.[1] === m[1] ? true : m[1] < c;
  }

  /** True when (r, c) is covered by a merge that starts on an earlier row. */
  inheritsFromAbove(r: number, c: number): boolean {
    const m = this.master[r]?.[c];
    return !!m && m[0] < r;
  }

  /** The cell's text with merged areas filled in. */
  label(r: number, c: number): string {
    const [mr, mc] = this.masterOf(r, c);
    const cell = this.cell(mr, mc);
    return cell ? normLabel(cell.v) : '';
  }

  /** The cell's own text, not filled from a merge. */
  ownLabel(r: number, c: number): string {
    const cell = this.cell(r, c);
    return cell ? normLabel(cell.v) : '';
  }

  isEmptyRow(r: number): boolean {
    for (let c = 0; c < this.cols; c++) {
      const cell = this.cell(r, c);
      if (cell && (cell.f || (cell.v !== null && normLabel(cell.v) !== ''))) return false;
    }
    return true;
  }

  /** A cell read as a number, computing an uncached simple formula result. */
  number(r: number, c: number): NumberParse & { formula?: string } {
    const cell = this.cell(r, c);
    if (!cell) return { kind: 'empty' };
    const parsed = parseNumber(cell.v);
    if (!cell.f) return parsed;
    // Only a formula with no stored result is computed (a stored "" is Excel's own answer).
    if (parsed.kind === 'empty' && cell.v === null) {
      const computed = this.evaluate(r, c, cell.f);
      if (typeof computed === 'number') return { kind: 'number', value: computed, fromText: false, percent: false, formula: cell.f };
      const broken = this.broken.get(`${this.grid.sheet}!${r},${c}`);
      if (broken) return { kind: 'error', error: broken, formula: cell.f };
      // An error it gives, or a formula beyond SUM and arithmetic: never an empty cell.
      if (typeof computed === 'string') return { kind: 'error', error: computed, formula: cell.f };
    }
    return { ...parsed, formula: cell.f };
  }

  private markBroken(key: string, why: '#CIRCULAR' | '#DEPTH'): void {
    const sheet = key.slice(0, key.lastIndexOf('!'));
    const view = sheet === this.grid.sheet ? this : this.workbook?.views.get(sheet);
    view?.broken.set(key, why);
  }

  /** The formula's number, null for a formula over empty cells, or an error code ('#UNSUPPORTED' beyond SUM and arithmetic). */
  private evaluate(r: number, c: number, f: string): number | string | null {
    const key = `${this.grid.sheet}!${r},${c}`;
    const known = this.computed.get(key);
    if (known !== undefined) return known;
    const active = this.workbook?.active ?? this.evaluating;
    if (active.has(key) || active.size > MAX_FORMULA_DEPTH) {
      // Every cell on the chain is affected: none of them gets a made-up value.
      const why = active.has(key) ? '#CIRCULAR' : '#DEPTH';
      for (const k of active) this.markBroken(k, why);
      return null;
    }
    active.add(key);
    let upstream: '#CIRCULAR' | '#DEPTH' | null = null;
    const brokenOf = (p: NumberParse): void => {
      if (p.kind === 'error' && (p.error === '#CIRCULAR' || p.error === '#DEPTH')) {
        upstream = p.error;
        throw new Error(p.error);
      }
    };
    try {
      // A referenced error (or a sheet that is not there) is the formula's result, as in Excel.
      const valueOf = (p: NumberParse) => (p.kind === 'number' ? p.value : p.kind === 'error' ? { error: p.error } : 0);
      const result = evaluateFormulaOutcome(f, (row, col, sheet) => {
        if (sheet !== undefined && sheet !== this.grid.sheet) {
          const other = this.workbook?.views.get(sheet);
          if (!other) return { error: '#SHEET' };
          const p = other.number(row - other.grid.originRow, col - other.grid.originCol);
          brokenOf(p);
          return valueOf(p);
        }
        const gr = row - this.grid.originRow;
        const gc = col - this.grid.originCol;
        if (gr < 0 || gc < 0 || gr >= this.rows || gc >= this.cols) return 0;
        const p = this.number(gr, gc);
        brokenOf(p);
        return valueOf(p);
      });
      if (upstream) this.markBroken(key, upstream);
      if (this.broken.has(key)) return null;
      // A formula over nothing but empty cells caches nothing and means an empty cell.
      const value = result === null ? '#UNSUPPORTED' : 'error' in result ? result.error : result.value === 0 ? null : result.value;
      this.computed.set(key, value);
      return value;
    } finally {
      active.delete(key);
    }
  }
}
