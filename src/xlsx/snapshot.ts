/** exceljs → cell snapshots for the diff: value, formula, format and note of every cell of every sheet. */

import ExcelJS from 'exceljs';
import type { SheetSnapshot, CellSnapshot } from '../core/diff';
import { REPORT_NAME, reportSheetOf } from '../core/patch';
import { plainValue } from './read';

/** JSON with its keys in order, so that the same format always gives the same text. */
function canonical(x: unknown): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x) ?? '';
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

export function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

export function workbookSnapshot(wb: ExcelJS.Workbook): SheetSnapshot[] {
  const out: SheetSnapshot[] = [];
  wb.eachSheet((ws) => {
    const cells = new Map<string, CellSnapshot>();
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        const style = cell.style && Object.keys(cell.style).length ? canonical(cell.style) : undefined;
        const note = noteText(cell.note);
        // exceljs repeats a merge's value in every cell it covers: the value is the first cell's alone.
        const covered = cell.isMerged && cell.master !== cell;
        const formula = !covered && cell.type === ExcelJS.ValueType.Formula ? cell.formula : undefined;
        const v = covered ? null : plainValue(cell.value);
        if (v === null && !formula && !style && !note) return;
        cells.set(cell.address, { v, ...(formula ? { f: formula } : {}), ...(style ? { style } : {}), ...(note ? { note } : {}) });
      }),
    );
    out.push({ sheet: ws.name, cells });
  });
  return out;
}

/** The sheet this product's report is on, by the workbook's name for it (never by title). */
export function reportSheetIn(wb: ExcelJS.Workbook): string | null {
  return reportSheetOf(wb.definedNames.getRanges(REPORT_NAME).ranges[0]);
}
