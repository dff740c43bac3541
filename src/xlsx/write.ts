/** patch → exceljs workbook: values, fills and notes on the plan's own cells, and the summary sheet. */

import type ExcelJS from 'exceljs';
import type { Lang } from '../core/message';
import { FILL, noteText, type Patch, SUMMARY_SHEET } from '../core/patch';

const OWN_MARK = '教学计划平衡器';

export function applyPatchToWorkbook(wb: ExcelJS.Workbook, patch: Patch, lang: Lang): void {
  const ws = wb.getWorksheet(patch.sheet);
  if (!ws) throw new Error(`sheet ${patch.sheet} not found`);
  for (const w of patch.writes) ws.getCell(w.address).value = w.value;
  for (const m of patch.marks) {
    const cell = ws.getCell(m.address);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${FILL[m.kind]}` } };
    cell.note = noteText(m, lang);
  }
  writeSummary(wb, patch);
  // Formula cells keep their old cached results in the file: Excel recalculates them on opening.
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
}

/** Our report sheet is replaced on every run; a user's sheet of the same name is never touched. */
function writeSummary(wb: ExcelJS.Workbook, patch: Patch): void {
  let name = SUMMARY_SHEET;
  for (let k = 2; ; k++) {
    const existing = wb.getWorksheet(name);
    if (!existing) break;
    const a1 = String(existing.getCell('A1').value ?? '');
    if (a1.startsWith(OWN_MARK)) {
      wb.removeWorksheet(existing.id);
      break;
    }
    name = `${SUMMARY_SHEET} ${k}`;
  }
  const ws = wb.addWorksheet(name);
  // exceljs writes strings as text, never as formulas, so a course name like "=SUM…" stays text.
  for (const row of patch.summary) ws.addRow(row);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getColumn(1).width = 28;
  for (let c = 2; c <= 6; c++) ws.getColumn(c).width = 22;
}
