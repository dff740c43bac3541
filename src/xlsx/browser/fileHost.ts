/**
 * The standalone host: a workbook opened from a file in the browser. It is read in a Web Worker
 * (readInWorker: its size first, then the package budget, the sheets' limits and exceljs there), so no
 * file can take the page down; a patch is applied to the opened bytes (the school's own package,
 * edited in place, exactly as the CLI writes it) and the result read back the same way.
 */

import type { Grid } from '../../core/grid';
import type { Patch } from '../../core/patch';
import type { ApplyReport, PlanHost } from '../../core/host';
import { HostError } from '../../core/host';
import { bytesOf, type FileLike, ReadRefused, readInWorker } from './readInWorker';

export interface FileHost extends PlanHost {
  fileName: string;
  /** The workbook as it stands: the opened bytes, or the patched ones after apply. */
  bytes(): Promise<Uint8Array>;
}

const refused = (fileName: string, e: unknown) => (e instanceof ReadRefused ? new HostError(e.info.zh, e.info.en) : new HostError(`无法读取“${fileName}”：${String(e)}`, `Could not read "${fileName}": ${String(e)}`));

export async function openFileHost(file: FileLike): Promise<FileHost> {
  const fileName = file.name;
  const gridsOf = async (data: Uint8Array) => {
    try {
      return (await readInWorker(fileName, data)).grids;
    } catch (e) {
      throw refused(fileName, e);
    }
  };
  let bytes: Uint8Array;
  try {
    bytes = await bytesOf(file);
  } catch (e) {
    throw refused(fileName, e);
  }
  const opened = await gridsOf(bytes);
  const { patchPackage } = await import(/* webpackChunkName: "xlsx" */ '../package');
  // The opened bytes are never modified: restore goes back to them.
  let current = bytes;
  let grids: Grid[] = opened;
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
      grids = opened;
      applied = false;
    },
    canRestore: async () => applied,
    bytes: async () => current,
    download: async () => {
      // The package is the opened one edited in place: a macro-enabled workbook stays .xlsm.
      const macros = /\.xlsm$/i.test(fileName);
      const blob = new Blob([current as BlobPart], { type: macros ? 'application/vnd.ms-excel.sheet.macroEnabled.12' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName.replace(/\.(xlsx|xlsm)$/i, '') + (applied ? '.optimized' : '') + (macros ? '.xlsm' : '.xlsx');
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
