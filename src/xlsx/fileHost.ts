/** The standalone host: a workbook opened from a file in the browser, read with exceljs (loaded lazily). */

import type { Grid } from '../core/grid';
import type { PlanHost } from '../taskpane/host';
import { HostError } from '../taskpane/host';

export interface FileHost extends PlanHost {
  fileName: string;
  /** The workbook bytes as opened, for writing the result next to them. */
  bytes: Uint8Array;
}

export async function openFileHost(fileName: string, bytes: Uint8Array): Promise<FileHost> {
  const { loadWorkbook, workbookGrids, WorkbookError } = await import(/* webpackChunkName: "xlsx" */ './read');
  let grids: Grid[];
  try {
    grids = workbookGrids(await loadWorkbook(bytes, fileName));
  } catch (e) {
    if (e instanceof WorkbookError) throw new HostError(e.info.zh, e.info.en);
    throw new HostError(`无法读取“${fileName}”：${String(e)}`, `Could not read "${fileName}": ${String(e)}`);
  }
  let settings: unknown = null;
  return {
    kind: 'file',
    fileName,
    bytes,
    readGrids: async () => grids,
    selectCells: async () => undefined,
    loadSettings: async () => settings,
    saveSettings: async (value) => {
      settings = value;
    },
  };
}
