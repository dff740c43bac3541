/** The standalone host: a workbook opened from a file in the browser, read and written with exceljs (loaded lazily). */

import type { Grid } from '../../core/grid';
import type { Lang } from '../../core/message';
import type { Patch } from '../../core/patch';
import type { ApplyReport, PlanHost } from '../../taskpane/host';
import { HostError } from '../../taskpane/host';

export interface FileHost extends PlanHost {
  fileName: string;
}

export async function openFileHost(fileName: string, bytes: Uint8Array): Promise<FileHost> {
  const { loadWorkbook, workbookGrids, WorkbookError } = await import(/* webpackChunkName: "xlsx" */ '../read');
  const { applyPatchToWorkbook } = await import(/* webpackChunkName: "xlsx" */ '../write');
  const load = async () => {
    try {
      return await loadWorkbook(bytes, fileName);
    } catch (e) {
      if (e instanceof WorkbookError) throw new HostError(e.info.zh, e.info.en);
      throw new HostError(`无法读取“${fileName}”：${String(e)}`, `Could not read "${fileName}": ${String(e)}`);
    }
  };
  // The opened bytes are never modified: the working copy is rebuilt from them on restore.
  let workbook = await load();
  let grids: Grid[] = workbookGrids(workbook);
  let applied = false;
  let settings: unknown = null;
  return {
    kind: 'file',
    fileName,
    readGrids: async () => grids,
    selectCells: async () => undefined,
    loadSettings: async () => settings,
    saveSettings: async (value) => {
      settings = value;
    },
    applyPatch: async (patch: Patch, lang: Lang): Promise<ApplyReport> => {
      applyPatchToWorkbook(workbook, patch, lang);
      grids = workbookGrids(workbook);
      applied = true;
      return { cells: patch.writes.length, marks: patch.marks.length, notes: 'notes', undoGroup: false };
    },
    restore: async () => {
      workbook = await load();
      grids = workbookGrids(workbook);
      applied = false;
    },
    canRestore: async () => applied,
    download: async () => {
      const data = await workbook.xlsx.writeBuffer();
      const blob = new Blob([data], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName.replace(/\.xlsx$/i, '') + (applied ? '.optimized.xlsx' : '.xlsx');
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
