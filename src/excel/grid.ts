/**
 * Office.js → grid. Every helper takes the request context, queues its loads, and leaves the one
 * context.sync() to the caller's batch (the style of xlwings' Office.js client).
 */

import type { Cell, CellValue, Grid, Merge } from '../core/grid';
import { parseA1 } from '../core/grid';
import { msg } from '../core/message';
import { REPORT_NAME, REPORT_SKIPPED, reportSheetOf } from '../core/patch';

export function isSetSupported(version: string): boolean {
  try {
    return typeof Office !== 'undefined' && Office.context.requirements.isSetSupported('ExcelApi', version);
  } catch {
    return false;
  }
}

const ERROR = /^#(REF!|DIV\/0!|VALUE!|NAME\?|N\/A|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|BUSY!|FIELD!|BLOCKED!|CONNECT!|UNKNOWN!)$/;

/** Range values as Excel returns them ('' for empty, strings for errors) → grid cell values. */
export function toCellValue(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v);
  return ERROR.test(s) ? { error: s } : s;
}

/** "Sheet1!B3:D7" or "'My sheet'!B3" → 0-based corners. */
export function parseAddress(address: string): { r0: number; c0: number; r1: number; c1: number } | null {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [a, b] = local.split(':');
  const p = parseA1(a);
  const q = parseA1(b ?? a);
  if (!p || !q) return null;
  return { r0: p.row, c0: p.col, r1: q.row, c1: q.col };
}

export interface QueuedGrid {
  /** Call after context.sync() to build the grid. */
  build(): Grid | null;
}

/** Queues the loads for a worksheet's used range: values, formulas and (ExcelApi 1.13) merged areas. */
export function queueGridRead(context: Excel.RequestContext, sheet: Excel.Worksheet): QueuedGrid {
  sheet.load('name');
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load(['address', 'values', 'formulas', 'rowIndex', 'columnIndex']);
  const merged = isSetSupported('1.13') ? used.getMergedAreasOrNullObject() : null;
  merged?.load('address');
  void context;
  return { build: () => gridFromLoaded({ sheet, used, merged }) };
}

interface LoadedRead {
  sheet: Excel.Worksheet;
  used: Excel.Range;
  merged: Excel.RangeAreas | null;
}

/** The grid from a read queued by queueGridRead, once its context has synced. */
function gridFromLoaded(loaded: LoadedRead): Grid {
  const { sheet, used, merged } = loaded;
  if (used.isNullObject) return { sheet: sheet.name, originRow: 0, originCol: 0, cells: [], merges: [] };
  const cells: (Cell | null)[][] = used.values.map((row, r) =>
    row.map((v, c) => {
      const f = used.formulas[r][c];
      const value = toCellValue(v);
      if (typeof f === 'string' && f.startsWith('=')) return { v: value, f: f.slice(1) };
      return value === null ? null : { v: value };
    }),
  );
  const merges: Merge[] = [];
  if (merged && !merged.isNullObject && merged.address) {
    for (const part of merged.address.split(',')) {
      const a = parseAddress(part.trim());
      if (a) merges.push({ r0: a.r0 - used.rowIndex, c0: a.c0 - used.columnIndex, r1: a.r1 - used.rowIndex, c1: a.c1 - used.columnIndex });
    }
  }
  return { sheet: sheet.name, originRow: used.rowIndex, originCol: used.columnIndex, cells, merges };
}

/** The largest sheet the pane reads: a plan is far smaller; beyond it Excel's 5 MB response cap looms. */
export const MAX_READ_ROWS = 20_000;
export const MAX_READ_COLS = 300;
export const MAX_READ_CELLS = 400_000;

/**
 * Every visible worksheet of the workbook as grids, in three syncs: list the sheets, size their used
 * ranges (values only, so formatting over a whole sheet does not count), read the ones a plan can be
 * in. A sheet too large comes back empty with the reason, so the pane says it instead of failing.
 */
export async function readWorkbookGrids(context: Excel.RequestContext): Promise<Grid[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  const named = context.workbook.names.getItemOrNullObject(REPORT_NAME);
  named.load('formula');
  await context.sync();
  // Our own report sheet (found by the workbook's name for it) is never part of the plan.
  const report = named.isNullObject ? null : reportSheetOf(named.formula);
  const visible = sheets.items.filter((ws) => (ws.visibility === 'Visible' || ws.visibility === undefined) && ws.name !== report);
  const sizes = visible.map((ws) => {
    const used = ws.getUsedRangeOrNullObject(true);
    used.load(['rowCount', 'columnCount']);
    return used;
  });
  await context.sync();
  const queued = visible.map((ws, i) => {
    const used = sizes[i];
    const rows = used.isNullObject ? 0 : used.rowCount;
    const cols = used.isNullObject ? 0 : used.columnCount;
    if (rows > MAX_READ_ROWS || cols > MAX_READ_COLS || rows * cols > MAX_READ_CELLS) {
      const skipped = msg(
        `工作表“${ws.name}”有数据的区域达 ${rows} 行 × ${cols} 列，超过本加载项读取的上限（${MAX_READ_ROWS} 行、${MAX_READ_COLS} 列），未读取。`,
        `Sheet "${ws.name}" has data over ${rows} rows × ${cols} columns, beyond what this add-in reads (${MAX_READ_ROWS} rows, ${MAX_READ_COLS} columns); not read.`,
      );
      return { build: (): Grid => ({ sheet: ws.name, originRow: 0, originCol: 0, cells: [], merges: [], skipped }) };
    }
    return queueGridRead(context, ws);
  });
  await context.sync();
  const grids = queued.map((q) => q.build()).filter((g): g is Grid => g !== null);
  return report && sheets.items.some((ws) => ws.name === report) ? [...grids, { sheet: report, originRow: 0, originCol: 0, cells: [], merges: [], skipped: REPORT_SKIPPED }] : grids;
}
