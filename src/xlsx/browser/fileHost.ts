/** The standalone host: a workbook opened from a file in the browser, read and written with exceljs (loaded lazily). */

import type { Grid } from '../../core/grid';
import type { Patch } from '../../core/patch';
import type { ApplyReport, PlanHost } from '../../core/host';
import { HostError } from '../../core/host';

export interface FileHost extends PlanHost {
  fileName: string;
  /** The workbook as it stands: the opened bytes, or the patched ones after apply. */
  bytes(): Promise<Uint8Array>;
}

export async function openFileHost(fileName: string, bytes: Uint8Array): Promise<FileHost> {
  const { loadWorkbook, workbookGrids, WorkbookError } = await import(/* webpackChunkName: "xlsx" */ '../read');
  const { patchPackage } = await import(/* webpackChunkName: "xlsx" */ '../package');
  const gridsOf = async (data: Uint8Array) => {
    try {
      return workbookGrids(await loadWorkbook(data, fileName));
    } catch (e) {
      if (e instanceof WorkbookError) throw new HostError(e.info.zh, e.info.en);
      throw new HostError(`无法读取“${fileName}”：${String(e)}`, `Could not read "${fileName}": ${String(e)}`);
    }
  };
  // The opened bytes are never modified: a patch is applied to them (the school's own package,
  // edited in place, exactly as the CLI writes it), and restore goes back to them.
  let current = bytes;
  let grids: Grid[] = await gridsOf(bytes);
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
    applyPatch: async (patch: Patch): Promise<ApplyReport> => {
      const next = await patchPackage(bytes, patch);
      grids = await gridsOf(next);
      current = next;
      applied = true;
      return { cells: patch.writes.length, marks: patch.marks.length, notes: 'notes', undoGroup: false };
    },
    restore: async () => {
      current = bytes;
      grids = await gridsOf(bytes);
      applied = false;
    },
    canRestore: async () => applied,
    bytes: async () => current,
    download: async () => {
      const blob = new Blob([current as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
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
