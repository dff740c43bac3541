/**
 * Which cells of a workbook the plan owns, and which of those a patch may write. The plan owns the
 * semester cells of its main sheet's course rows and the figures of its sub-total and total rows; it
 * writes one only when the cell is a plain number or empty — never a formula, never a label, never a
 * cell a merge covers without being its top-left. Everything else of the file is the school's.
 */

import { aggregateFigures } from './checker';
import { type Cell, type Grid, isErrorValue, parseA1 } from './grid';
import { msg, type Message } from './message';
import { type Course, type Plan } from './plan';
import { parseNumber } from './text';

export type CellState = 'empty' | 'number' | 'numeric-text' | 'text' | 'formula' | 'merged' | 'error';

/** A grid cell by sheet address, with what a writer may do there. */
export class SheetCells {
  private readonly slaves = new Set<string>();

  constructor(readonly grid: Grid) {
    for (const m of grid.merges) {
      for (let r = m.r0; r <= m.r1; r++)
        for (let c = m.c0; c <= m.c1; c++) if (r !== m.r0 || c !== m.c0) this.slaves.add(`${r},${c}`);
    }
  }

  cell(address: string): Cell | null {
    const p = parseA1(address);
    if (!p) return null;
    return this.grid.cells[p.row - this.grid.originRow]?.[p.col - this.grid.originCol] ?? null;
  }

  /** True when a merge covers the cell without starting there (a value written there lands on the merge's first cell). */
  isMergedSlave(address: string): boolean {
    const p = parseA1(address);
    return !!p && this.slaves.has(`${p.row - this.grid.originRow},${p.col - this.grid.originCol}`);
  }

  state(address: string): CellState {
    if (this.isMergedSlave(address)) return 'merged';
    const cell = this.cell(address);
    if (!cell) return 'empty';
    if (cell.f) return 'formula';
    if (cell.v === null) return 'empty';
    if (typeof cell.v === 'number') return 'number';
    if (isErrorValue(cell.v)) return 'error';
    if (typeof cell.v === 'string') {
      if (cell.v.trim() === '') return 'empty';
      const p = parseNumber(cell.v);
      return p.kind === 'number' && !p.percent && /^[\s0-9.,０-９．]+$/.test(cell.v) ? 'numeric-text' : 'text';
    }
    return 'text';
  }

  /** A plain number or an empty cell: the only cells a patch writes (a number kept as text is written back as text). */
  writable(address: string): boolean {
    const s = this.state(address);
    return s === 'empty' || s === 'number' || s === 'numeric-text';
  }
}

/** The semester cells (hours or weekly hours, and credits) of a main-sheet course row. */
export function courseSemesterCells(plan: Plan, c: Course): string[] {
  if (c.sheet) return [];
  const out: string[] = [];
  plan.semesters.forEach((s, i) => {
    const col = s.hoursColumn ?? s.weeklyColumn;
    out.push(c.placements[i]?.cell ?? (col ? `${col}${c.row + 1}` : ''));
    if (s.creditsColumn) out.push(c.placements[i]?.creditsCell ?? `${s.creditsColumn}${c.row + 1}`);
  });
  return out.filter(Boolean);
}

export type Owner = 'course' | 'aggregate';

/** Every main-sheet cell the plan owns, and what for: course cells (semesters, totals) and the rows' stated figures. */
export function ownedCells(plan: Plan): Map<string, Owner> {
  const owned = new Map<string, Owner>();
  for (const c of plan.courses) {
    if (c.sheet) continue;
    for (const a of courseSemesterCells(plan, c)) owned.set(a, 'course');
    if (c.totalHours && !c.totalHours.cell.includes('!')) owned.set(c.totalHours.cell, 'course');
    if (c.credits && !c.credits.cell.includes('!')) owned.set(c.credits.cell, 'course');
  }
  for (const a of plan.aggregates) {
    if (a.sheet) continue;
    for (const m of aggregateFigures(plan, a)) {
      const cell = m.agg?.cell ?? (m.column ? `${m.column}${a.row + 1}` : undefined);
      if (cell && !owned.has(cell)) owned.set(cell, 'aggregate');
    }
  }
  return owned;
}

export interface FrozenCourse {
  id: string;
  name: string;
  cell: string;
  why: Message;
}

const WHY: Partial<Record<CellState, Message>> = {
  formula: msg('是公式', 'holds a formula'),
  text: msg('是文字', 'holds text'),
  merged: msg('在合并单元格内', 'lies inside a merged cell'),
  error: msg('是错误值', 'holds an error value'),
};

/**
 * Main-sheet courses whose semester cells cannot all be written: the optimizer counts them as they
 * are and never moves them, so what it returns is exactly what the file can hold.
 */
export function frozenCourses(plan: Plan, grid: Grid, idOf: (c: Course) => string): FrozenCourse[] {
  const cells = new SheetCells(grid);
  const out: FrozenCourse[] = [];
  for (const c of plan.courses) {
    if (c.sheet) continue;
    for (const address of courseSemesterCells(plan, c)) {
      const state = cells.state(address);
      const why = WHY[state];
      if (!why) continue;
      out.push({
        id: idOf(c),
        name: c.name,
        cell: address,
        why: msg(`“${c.name}”的学期单元格 ${address} ${why.zh}，该课程保持原样，不移动。`, `"${c.name}": its semester cell ${address} ${why.en}, so the course stays as it is.`),
      });
      break;
    }
  }
  return out;
}
