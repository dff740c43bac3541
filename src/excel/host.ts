/** The Excel host: all Excel.run code of the pane lives in src/excel. */

import type { Patch } from '../core/patch';
import type { ApplyReport, PlanHost } from '../core/host';
import { HostError } from '../core/host';
import { applyPatch, type Capabilities, restore, type RestoreRecord } from './apply';
import { splitAddress } from '../core/plan';
import { isSetSupported, readWorkbookGrids } from './grid';

const SETTINGS_KEY = 'planBalancer';
const RESTORE_KEY = 'planBalancer.restore';

/** Office errors the user can act on, in words they understand. */
export function explainOfficeError(e: unknown): HostError {
  const code = (e as { code?: string })?.code;
  if (code === 'InvalidOperationInCellEditMode')
    return new HostError('Excel 正在编辑单元格：请先按 Enter 或 Esc 结束编辑，再重试。', 'Excel is in cell-edit mode: press Enter or Esc to finish editing, then try again.');
  if (code === 'AccessDenied' || code === 'InsertDeleteConflict')
    return new HostError('工作表受保护或被锁定：请先撤销工作表保护，再重试。', 'The sheet is protected or locked: unprotect it, then try again.');
  if (code === 'RequestPayloadSizeLimitExceeded')
    return new HostError('这张表太大，一次读取超出了 Excel 的限制。', 'The sheet is too large for one request to Excel.');
  return new HostError(`Excel 报告了一个错误：${String((e as Error)?.message ?? e)}`, `Excel reported an error: ${String((e as Error)?.message ?? e)}`);
}

async function run<T>(batch: (context: Excel.RequestContext) => Promise<T>, undoGroup = false): Promise<T> {
  try {
    // ExcelApi 1.20: the whole batch is one step of Excel's own undo.
    return await (undoGroup ? Excel.run({ mergeUndoGroup: true }, batch) : Excel.run(batch));
  } catch (e) {
    throw e instanceof HostError ? e : explainOfficeError(e);
  }
}

function capabilities(): Capabilities {
  return { notes: isSetSupported('1.18'), comments: isSetSupported('1.10'), pageLayout: isSetSupported('1.9') };
}

function saveSetting(key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    Office.context.document.settings.set(key, value);
    Office.context.document.settings.saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new HostError('无法保存设置到工作簿。', 'Could not save the settings in the workbook.'))));
  });
}

/** A workbook (base64 .xlsx) opened in a new Excel window; false where this Excel cannot (ExcelApi < 1.8). */
export async function openWorkbookInExcel(base64: string): Promise<boolean> {
  if (!isSetSupported('1.8')) return false;
  try {
    await Excel.createWorkbook(base64);
    return true;
  } catch {
    return false;
  }
}

export const excelHost: PlanHost = {
  kind: 'excel',
  readGrids: () => run((context) => readWorkbookGrids(context)),
  selectCells: (sheet, cells) =>
    run(async (context) => {
      if (cells.length === 0) return;
      // Cells of the plan's other sheets name their sheet: select on the first cell's sheet.
      const parts = cells.map(splitAddress);
      const target = parts[0].sheet ?? sheet;
      const local = parts.filter((p) => (p.sheet ?? sheet) === target).map((p) => p.address);
      const ws = context.workbook.worksheets.getItem(target);
      ws.activate();
      // Several cells: one RangeAreas when the host has it (1.9), else the first cell.
      if (local.length > 1 && Office.context.requirements.isSetSupported('ExcelApi', '1.9')) ws.getRanges(local.slice(0, 50).join(',')).select();
      else ws.getRange(local[0]).select();
      await context.sync();
    }),
  loadSettings: async () => {
    const raw = Office.context.document.settings.get(SETTINGS_KEY);
    return raw ?? null;
  },
  saveSettings: (value) => saveSetting(SETTINGS_KEY, value),
  applyPatch: async (patch: Patch): Promise<ApplyReport> => {
    const caps = capabilities();
    const undoGroup = isSetSupported('1.20');
    const record = await run((context) => applyPatch(context, patch, caps), undoGroup);
    // Kept with the workbook: Restore works after the pane (or Excel) is closed and reopened.
    await saveSetting(RESTORE_KEY, record);
    return { cells: patch.writes.length, marks: patch.marks.length, notes: caps.notes ? 'notes' : caps.comments ? 'comments' : 'report-only', undoGroup };
  },
  restore: async () => {
    const record = Office.context.document.settings.get(RESTORE_KEY) as RestoreRecord | null;
    if (!record) throw new HostError('没有可恢复的内容。', 'There is nothing to restore.');
    await run((context) => restore(context, record, capabilities()), isSetSupported('1.20'));
    await saveSetting(RESTORE_KEY, null);
  },
  canRestore: async () => !!Office.context.document.settings.get(RESTORE_KEY),
};
