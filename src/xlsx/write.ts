/** patch → exceljs workbook: values, fills and notes on the plan's own cells, and the summary sheet. */

import type ExcelJS from 'exceljs';
import type { Lang } from '../core/message';
import { FILL, noteText, type Patch, REPORT_NAME, reportSheetName, reportSheetOf } from '../core/patch';

export function applyPatchToWorkbook(wb: ExcelJS.Workbook, patch: Patch, lang: Lang): void {
  const ws = wb.getWorksheet(patch.sheet);
  if (!ws) throw new Error(`sheet ${patch.sheet} not found`);
  for (const w of patch.writes) ws.getCell(w.address).value = w.value;
  for (const m of patch.marks) {
    const cell = ws.getCell(m.address);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${FILL[m.kind]}` } };
    // A note someone already wrote there stays, ours goes below it.
    const prior = noteOf(cell.note);
    cell.note = prior ? `${prior}\n\n${noteText(m, lang)}` : noteText(m, lang);
  }
  writeSummary(wb, patch);
  // Formula cells keep their old cached results in the file: Excel recalculates them on opening.
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
}

function noteOf(note: ExcelJS.Cell['note'] | undefined): string {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** Our report sheet (found by its workbook name, never by its title) is replaced; a user's sheet never is. */
function writeSummary(wb: ExcelJS.Workbook, patch: Patch): void {
  const marked = wb.definedNames.getRanges(REPORT_NAME).ranges[0];
  const ours = reportSheetOf(marked);
  const name = reportSheetName(wb.worksheets.map((w) => w.name), ours);
  if (marked) wb.definedNames.remove(marked, REPORT_NAME);
  const old = ours && name === ours ? wb.getWorksheet(ours) : undefined;
  if (old) wb.removeWorksheet(old.id);
  const ws = wb.addWorksheet(name);
  // exceljs writes strings as text, never as formulas, so a course name like "=SUM…" stays text.
  for (const row of patch.summary) ws.addRow(row);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getColumn(1).width = 28;
  for (let c = 2; c <= 6; c++) ws.getColumn(c).width = 22;
  wb.definedNames.add(`'${name.replace(/'/g, "''")}'!$A$1`, REPORT_NAME);
}
