/** What the pane needs from where the workbook lives: Excel (Office.js) or a file in the browser. Adapters implement it; the pane uses it. */

import type { Grid } from './grid';
import type { Patch } from './patch';

export interface PlanHost {
  kind: 'excel' | 'file';
  /** Grids to read the plan from: the active sheet in Excel, every sheet of an opened file. */
  readGrids(): Promise<Grid[]>;
  /** Shows cells to the user (selects them in Excel; the file host has nothing to select). */
  selectCells(sheet: string, cells: string[]): Promise<void>;
  /** Settings stored with the workbook (document settings in Excel). */
  loadSettings(): Promise<unknown>;
  saveSettings(value: unknown): Promise<void>;
  /** Writes a patch; what was there before is kept so that restore() puts it back. */
  applyPatch(patch: Patch): Promise<ApplyReport>;
  /** Puts back every value, fill and note the last applyPatch changed. */
  restore(): Promise<void>;
  canRestore(): Promise<boolean>;
  /** The file host offers the result as a download. */
  download?(): Promise<void>;
}

export interface ApplyReport {
  cells: number;
  marks: number;
  /** How notes were written: Excel notes, threaded comments, or only the report sheet. */
  notes: 'notes' | 'comments' | 'report-only';
  undoGroup: boolean;
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
