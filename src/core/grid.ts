/**
 * The grid: what every adapter (Office.js, exceljs) hands to the core. A rectangle of cells cut from
 * a sheet, with the sheet coordinates of its top-left corner so that every fact can name its cell.
 */

import type { Message } from './message';

export interface ErrorValue {
  error: string; // "#REF!", "#DIV/0!", …
}

export type CellValue = number | string | boolean | null | ErrorValue;

export interface Cell {
  /** The value the user sees (a formula's cached result; undefined result → null). */
  v: CellValue;
  /** The formula without its leading "=", when the cell holds one. */
  f?: string;
}

/** A merged area, 0-based and inclusive, relative to the grid. */
export interface Merge {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface Grid {
  sheet: string;
  /** Why an adapter left this sheet's cells out (too large to read): shown as the sheet's role. */
  skipped?: Message;
  /** A sheet the workbook hides: read, never counted, and said with what it holds. */
  hidden?: boolean;
  /** 0-based sheet row and column of cells[0][0]. */
  originRow: number;
  originCol: number;
  cells: (Cell | null)[][];
  merges: Merge[];
}

export function isErrorValue(v: unknown): v is ErrorValue {
  return typeof v === 'object' && v !== null && typeof (v as ErrorValue).error === 'string';
}

export function columnLetter(col0: number): string {
  let n = col0 + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A1 address of a sheet cell (0-based row and column). */
export function a1(row0: number, col0: number): string {
  return `${columnLetter(col0)}${row0 + 1}`;
}

/** Parses "B12" or "$B$12" into 0-based sheet coordinates. */
export function parseA1(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return null;
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]) };
}

export function gridRows(grid: Grid): number {
  return grid.cells.length;
}

export function gridCols(grid: Grid): number {
  let n = 0;
  for (const row of grid.cells) if (row && row.length > n) n = row.length;
  return n;
}

export function cellAt(grid: Grid, r: number, c: number): Cell | null {
  const row = grid.cells[r];
  if (!row) return null;
  return row[c] ?? null;
}

/** Sheet address of a grid cell. */
export function addressOf(grid: Grid, r: number, c: number): string {
  return a1(grid.originRow + r, grid.originCol + c);
}

/** Builds a grid from plain values (tests, generators): strings starting with "=" become formulas. */
export function gridFromRows(
  sheet: string,
  rows: (CellValue | undefined)[][],
  merges: Merge[] = [],
  originRow = 0,
  originCol = 0,
): Grid {
  const cells = rows.map((row) =>
    row.map((v): Cell | null => {
      if (v === undefined || v === null || v === '') return null;
      if (typeof v === 'string' && v.startsWith('=')) return { v: null, f: v.slice(1) };
      return { v };
    }),
  );
  return { sheet, originRow, originCol, cells, merges };
}
