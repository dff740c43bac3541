/**
 * Summary sheets (课时学分统计表): no course rows, but totals and shares computed with formulas over the
 * course sheets (`=教学进程表1!I24+教学进程表2!J26+…`). Each figure is tied to what it claims by the
 * labels beside and above it, so the checker can compare it with the combined plan.
 */

import type { Grid } from '../grid';
import type { StatedFigure } from '../plan';
import { qualify } from '../plan';
import { references } from '../formula';
import { clean } from '../text';
import { semesterOf } from './labels';
import type { SheetView } from './sheet';

/** True when the sheet computes from other sheets (a formula names one). */
export function refersToOtherSheets(grid: Grid): boolean {
  for (const row of grid.cells) for (const c of row ?? []) if (c?.f && /!/.test(c.f)) return true;
  return false;
}

function leftLabel(view: SheetView, r: number, c: number): string {
  for (let x = c - 1; x >= 0; x--) {
    const [mr, mc] = view.masterOf(r, x);
    if (mr === r && mc === c) continue;
    const p = view.number(mr, mc);
    if (p.kind === 'number') continue;
    const t = view.label(r, x);
    if (t) return t;
  }
  return '';
}

function aboveLabel(view: SheetView, r: number, c: number): string {
  for (let y = r - 1; y >= 0; y--) {
    const p = view.number(y, c);
    if (p.kind === 'number') continue;
    const t = view.label(y, c);
    if (t) return t;
  }
  return '';
}

function classify(row: string, col: string, value: number): Pick<StatedFigure, 'measure' | 'semester'> | null {
  const both = `${row}|${col}`;
  if (/学分/.test(row) || /学分/.test(col) && !/课时|学时/.test(row)) return null;
  if (/比例|占比/.test(row) && value <= 1.0001) {
    if (/公共(基础)?课/.test(row)) return { measure: 'public-share' };
    if (/实践/.test(row) && !/理论/.test(row)) return { measure: 'practice-share' };
    return null;
  }
  if (/理论/.test(row)) return null;
  if (/总(课|学)时/.test(row)) return { measure: 'total-hours' };
  if (/^(课时|学时)(数)?$/.test(row) && /^(合计|总计)$/.test(col)) return { measure: 'total-hours' };
  if (/公共(基础)?课(程)?(课时|学时)/.test(row)) return { measure: 'public-hours' };
  if (/实践(课时|学时)/.test(row)) return { measure: 'practice-hours' };
  if (/选修课?(课时|学时)/.test(row)) return { measure: 'elective-hours' };
  const s = semesterOf(col);
  if (s?.number && /课时|学时/.test(row)) return { measure: 'semester-hours', semester: s.number };
  void both;
  return null;
}

/** The figures a summary sheet states, each with its (sheet-qualified) cell. */
export function statedFigures(view: SheetView): StatedFigure[] {
  const out: StatedFigure[] = [];
  for (let r = 0; r < view.rows; r++) {
    for (let c = 0; c < view.cols; c++) {
      const [mr, mc] = view.masterOf(r, c);
      if (mr !== r || mc !== c) continue;
      const p = view.number(r, c);
      if (p.kind !== 'number') continue;
      const kind = classify(leftLabel(view, r, c), aboveLabel(view, r, c), p.value);
      if (!kind) continue;
      const figure: StatedFigure = { ...kind, label: leftLabel(view, r, c), value: p.value, cell: qualify(view.grid.sheet, view.address(r, c)), ...(p.formula ? { formula: p.formula } : {}) };
      const links = p.formula ? references(p.formula).filter((x) => x.external) : [];
      if (links.length) {
        const inside = view.withoutExternal(r, c);
        if (inside !== null) figure.external = { value: clean(p.value - inside), refs: links.map((x) => x.text) };
      }
      out.push(figure);
    }
  }
  return out;
}
