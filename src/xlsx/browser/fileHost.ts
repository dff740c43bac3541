/**
 * The standalone host: a workbook opened from a file in the browser. It is read in a Web Worker
 * (readInWorker: limits first, exceljs there); the page loads its own exceljs copy — of a file that
 * has passed every limit — only when a result is written or downloaded.
 */

import type { Grid } from '../../core/grid';
import type { Lang } from '../../core/message';
import type { Patch } from '../../core/patch';
import type { ApplyReport, PlanHost } from '../../taskpane/host';
import { HostError } from '../../taskpane/host';
import { bytesOf, type FileLike, ReadRefused, readInWorker } from './readInWorker';

export interface FileHost extends PlanHost {
  fileName: string;
}

export async function openFileHost(file: FileLike): Promise<FileHost> {
  const fileName = file.name;
  let bytes: Uint8Array;
  let grids: Grid[];
  try {
    bytes = await bytesOf(file);
    ({ grids } = await readInWorker(fileName, bytes));
  } catch (e) {
    if (e instanceof ReadRefused) throw new HostError(e.info.zh, e.info.en);
    throw new HostError(`无法读取“${fileName}”：${String(e)}`, `Could not read "${fileName}": ${String(e)}`);
  }
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
  let workbook: Awaited<ReturnType<typeof load>> | null = null;
  const working = async () => (workbook ??= await load());
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
      const wb = await working();
      applyPatchToWorkbook(wb, patch, lang);
      grids = workbookGrids(wb);
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
      const data = await (await working()).xlsx.writeBuffer();
      const blob = new Blob([data], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      // A macro-enabled file's copy is an .xlsx: the copy has no macros.
      a.download = fileName.replace(/\.(xlsx|xlsm)$/i, '') + (applied ? '.optimized.xlsx' : '.xlsx');
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
