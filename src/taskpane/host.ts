/** What the pane needs from where the workbook lives: Excel (Office.js) or a file in the browser. */

import type { Grid } from '../core/grid';

export interface PlanHost {
  kind: 'excel' | 'file';
  /** Grids to read the plan from: the active sheet in Excel, every sheet of an opened file. */
  readGrids(): Promise<Grid[]>;
  /** Shows cells to the user (selects them in Excel; the file host has nothing to select). */
  selectCells(sheet: string, cells: string[]): Promise<void>;
  /** Settings stored with the workbook (document settings in Excel). */
  loadSettings(): Promise<unknown>;
  saveSettings(value: unknown): Promise<void>;
}

/** A message for the user from an adapter: both languages, never a raw exception. */
export class HostError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}
