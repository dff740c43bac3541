/** exceljs → grids. The edge between .xlsx files and the pure core (CLI and standalone page). */

import ExcelJS from 'exceljs';
import type { Cell, CellValue, Grid, Merge } from '../core/grid';
import { parseA1 } from '../core/grid';
import { msg, type Message } from '../core/message';
import { REPORT_NAME, REPORT_SKIPPED, reportSheetOf } from '../core/patch';
import { MAX_PACKAGE_BYTES } from './limits';
import { checkPackage, fileTooLarge, PackageError } from './budget';
import { SheetTooLarge, sanitizeXlsx, withoutDrawings } from './sanitize';

function damaged(fileName: string, e: unknown): WorkbookError {
  return new WorkbookError(
    msg(`无法打开“${fileName}”：文件已损坏或不是 Excel 工作簿（${String(e)}）。`, `Could not open "${fileName}": the file is damaged or not an Excel workbook (${String(e)}).`),
  );
}

export class WorkbookError extends Error {
  constructor(
    readonly info: Message,
    /** 'truncated': the file ends before its zip does (cut off, or still being written). */
    readonly kind?: 'truncated' | 'limit',
  ) {
    super(info.en);
  }
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_MAGIC = [0x50, 0x4b];

const loadNotes = new WeakMap<ExcelJS.Workbook, Message[]>();

/** What loading had to do to a workbook (merges cut to the data, drawings left out), for the report. */
export function notesOfLoad(wb: ExcelJS.Workbook): Message[] {
  return loadNotes.get(wb) ?? [];
}

/** Loads an .xlsx from bytes, with messages a user understands for what is not one. */
export async function loadWorkbook(data: Uint8Array, fileName = 'workbook'): Promise<ExcelJS.Workbook> {
  if (data.length === 0) throw new WorkbookError(msg(`文件“${fileName}”是空的。`, `File "${fileName}" is empty.`));
  if (OLE_MAGIC.every((b, i) => data[i] === b)) {
    throw new WorkbookError(
      msg(
        `“${fileName}”是旧版 .xls 文件或设置了打开密码的工作簿。请在 Excel 中“另存为 .xlsx”（并取消密码）后再试。`,
        `"${fileName}" is an old .xls file or a password-protected workbook. Save it as .xlsx in Excel (without a password) and try again.`,
      ),
    );
  }
  if (!ZIP_MAGIC.every((b, i) => data[i] === b)) {
    throw new WorkbookError(msg(`“${fileName}”不是 .xlsx 工作簿。`, `"${fileName}" is not an .xlsx workbook.`));
  }
  if (data.length > MAX_PACKAGE_BYTES) throw new WorkbookError(fileTooLarge(fileName, data.length), 'limit');
  let bounded: Uint8Array;
  let notes: Message[];
  try {
    // The whole package held to one budget before anything is unpacked for real.
    checkPackage(data, fileName);
    ({ data: bounded, notes } = await sanitizeXlsx(data));
  } catch (e) {
    if (e instanceof PackageError) throw new WorkbookError(e.info, e.kind === 'truncated' ? 'truncated' : e.kind === 'limit' ? 'limit' : undefined);
    if (e instanceof SheetTooLarge) throw new WorkbookError(e.info, 'limit');
    throw damaged(fileName, e);
  }
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs wants an ArrayBuffer-like; a Node Buffer works too.
    await wb.xlsx.load(bounded as unknown as ArrayBuffer);
  } catch (e) {
    // exceljs cannot read some drawings (charts from openpyxl or WPS): read the cells without them.
    const plain = await withoutDrawings(bounded).catch(() => null);
    if (!plain) throw damaged(fileName, e);
    try {
      await wb.xlsx.load(plain.data as unknown as ArrayBuffer);
    } catch {
      throw damaged(fileName, e);
    }
    notes.push(
      msg(
        `“${fileName}”中的 ${plain.drawings} 个图表无法读取：表格数据照常检查；优化后写出的新文件中不会保留它们（原文件不受影响）。`,
        `${plain.drawings} chart(s) in "${fileName}" cannot be read: the cells are checked as usual, but the optimized copy will not keep them (the original file is not touched).`,
      ),
    );
  }
  loadNotes.set(wb, notes);
  return wb;
}

export function plainValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('error' in v && typeof v.error === 'string') return { error: v.error };
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: ExcelJS.CellValue }).result;
      return r === undefined ? null : plainValue(r as ExcelJS.CellValue);
    }
  }
  return String(v);
}

/** One worksheet as a grid covering A1 to its last used cell. */
export function worksheetToGrid(ws: ExcelJS.Worksheet): Grid {
  const cells: (Cell | null)[][] = [];
  const masters = new Set<string>();
  const merges: Merge[] = [];
  for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
    const [a, b] = range.split(':');
    const p = parseA1(a);
    const q = parseA1(b ?? a);
    if (!p || !q) continue;
    merges.push({ r0: p.row, c0: p.col, r1: q.row, c1: q.col });
    masters.add(`${p.row},${p.col}`);
  }
  const mergedSlave = (r: number, c: number) =>
    merges.some((m) => r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1 && !(r === m.r0 && c === m.c0));

  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const r = rowNumber - 1;
    const out: (Cell | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const c = colNumber - 1;
      // exceljs repeats a merge's value in every covered cell; the grid keeps it at the top-left only.
      if (cell.isMerged && mergedSlave(r, c)) return;
      const value = plainValue(cell.value);
      const formula = cell.type === ExcelJS.ValueType.Formula ? cell.formula : undefined;
      if (value === null && !formula) return;
      out[c] = formula ? { v: value, f: formula } : { v: value };
    });
    cells[r] = out;
  });
  for (let r = 0; r < cells.length; r++) {
    if (!cells[r]) cells[r] = [];
    const row = cells[r];
    for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = null;
  }
  return { sheet: ws.name, originRow: 0, originCol: 0, cells, merges };
}

export function workbookGrids(wb: ExcelJS.Workbook): Grid[] {
  const grids: Grid[] = [];
  // Our own report sheet (found by the workbook's name for it) is never part of the plan.
  const report = reportSheetOf(wb.definedNames.getRanges(REPORT_NAME).ranges[0]);
  wb.eachSheet((ws) => {
    if (ws.name === report) grids.push({ sheet: ws.name, originRow: 0, originCol: 0, cells: [], merges: [], skipped: REPORT_SKIPPED });
    else if (ws.state === 'visible' || ws.state === undefined) grids.push(worksheetToGrid(ws));
  });
  return grids;
}
