/**
 * What a figure's formula rests on: the sub-total cells it reaches, directly or through other formulas
 * on any sheet, and how much it moves when each of them moves by 1. With that the checker can tell a
 * stated total that is wrong only because it follows a wrong sub-total (课时学分统计!M9 = E9 − J9 over
 * a SUM that skips a row) from one wrong in itself, and say which.
 */

import { evaluateFormula, references } from '../formula';
import { a1, parseA1 } from '../grid';
import type { Dependency, NumFact, Plan } from '../plan';
import { qualify, splitAddress } from '../plan';
import type { WorkbookViews } from './sheet';

/** Cells a range may expand to when followed (a whole-column SUM is not followed). */
const MAX_RANGE = 2000;
const MAX_DEPTH = 200;

type Key = string;
const keyOf = (sheet: string, row: number, col: number): Key => `${sheet}\u0000${row},${col}`;

interface Reached {
  leaves: Map<Key, { sheet: string; row: number; col: number }>;
  literals: Set<string>;
}

class Workbook {
  constructor(
    private readonly views: WorkbookViews,
    private readonly stops: Set<Key>,
  ) {}

  private formulaAt(sheet: string, row: number, col: number): string | undefined {
    const v = this.views.views.get(sheet);
    return v?.cell(row - v.grid.originRow, col - v.grid.originCol)?.f;
  }

  private cached(sheet: string, row: number, col: number): number {
    const v = this.views.views.get(sheet);
    if (!v) return 0;
    const p = v.number(row - v.grid.originRow, col - v.grid.originCol);
    return p.kind === 'number' ? p.value : 0;
  }

  /** The cell's value recomputed through every formula, with some cells overridden. */
  value(sheet: string, row: number, col: number, overrides: Map<Key, number>, memo: Map<Key, number>, depth = 0): number {
    const k = keyOf(sheet, row, col);
    const o = overrides.get(k);
    if (o !== undefined) return o;
    const known = memo.get(k);
    if (known !== undefined) return known;
    const f = this.formulaAt(sheet, row, col);
    let v = this.cached(sheet, row, col);
    if (f && depth < MAX_DEPTH && !this.stops.has(k)) {
      memo.set(k, v); // a cycle reads the cached value
      const computed = evaluateFormula(f, (r, c, s) => this.value(s ?? sheet, r, c, overrides, memo, depth + 1));
      if (computed !== null) v = computed;
    }
    memo.set(k, v);
    return v;
  }

  /** The sub-total cells (stops) and the plain cells a formula cell reaches. */
  reach(sheet: string, row: number, col: number, out: Reached, seen = new Set<Key>(), depth = 0): void {
    const f = this.formulaAt(sheet, row, col);
    if (!f || depth > MAX_DEPTH) return;
    for (const ref of references(f)) {
      if (ref.external) continue;
      const s = ref.sheet ?? sheet;
      if (!this.views.views.has(s)) continue;
      const cells = (ref.row1 - ref.row0 + 1) * (ref.col1 - ref.col0 + 1);
      if (cells > MAX_RANGE) continue;
      for (let r = ref.row0; r <= ref.row1; r++)
        for (let c = ref.col0; c <= ref.col1; c++) {
          const k = keyOf(s, r, c);
          if (seen.has(k)) continue;
          seen.add(k);
          if (this.stops.has(k)) out.leaves.set(k, { sheet: s, row: r, col: c });
          else if (this.formulaAt(s, r, c)) this.reach(s, r, c, out, seen, depth + 1);
          else if (this.cached(s, r, c) !== 0) out.literals.add(qualify(s, a1(r, c)));
        }
    }
  }

  /** How the cell moves when each sub-total cell it reaches moves by 1. */
  dependencies(sheet: string, row: number, col: number): { dependsOn: Dependency[]; literals: string[] } {
    const reached: Reached = { leaves: new Map(), literals: new Set() };
    this.reach(sheet, row, col, reached, new Set([keyOf(sheet, row, col)]));
    const base = this.value(sheet, row, col, new Map(), new Map());
    const dependsOn: Dependency[] = [];
    for (const [k, leaf] of reached.leaves) {
      if (k === keyOf(sheet, row, col)) continue;
      const moved = this.value(sheet, row, col, new Map([[k, this.cached(leaf.sheet, leaf.row, leaf.col) + 1]]), new Map());
      const by = Math.round((moved - base) * 1e9) / 1e9;
      if (by !== 0) dependsOn.push({ cell: qualify(leaf.sheet, a1(leaf.row, leaf.col)), by });
    }
    return { dependsOn, literals: [...reached.literals] };
  }
}

function locate(ref: string, mainSheet: string): { sheet: string; row: number; col: number } | null {
  const { sheet, address } = splitAddress(ref);
  const p = parseA1(address);
  return p ? { sheet: sheet ?? mainSheet, row: p.row, col: p.col } : null;
}

/** Fills in dependsOn for the plan's sub-totals that add other sub-totals, and for its stated figures. */
export function recordDependencies(plan: Plan, views: WorkbookViews): void {
  const facts: { fact: NumFact; sheet: string }[] = [];
  for (const a of plan.aggregates)
    for (const f of [a.totalHours, a.credits, a.practiceHours, ...a.semesterHours, ...a.semesterCredits]) if (f) facts.push({ fact: f, sheet: a.sheet ?? plan.sheet });
  const stops = new Set<Key>();
  for (const { fact } of facts) {
    const at = locate(fact.cell, plan.sheet);
    if (at) stops.add(keyOf(at.sheet, at.row, at.col));
  }
  const wb = new Workbook(views, stops);
  const cellKey = (ref: string) => {
    const at = locate(ref, plan.sheet);
    return at ? keyOf(at.sheet, at.row, at.col) : '';
  };
  for (const { fact } of facts) {
    if (!fact.formula) continue;
    const at = locate(fact.cell, plan.sheet);
    if (!at) continue;
    // Only a sub-total over other sub-totals: one over course cells is checked against its courses.
    stops.delete(cellKey(fact.cell));
    const { dependsOn } = wb.dependencies(at.sheet, at.row, at.col);
    stops.add(cellKey(fact.cell));
    if (dependsOn.length) fact.dependsOn = dependsOn;
  }
  for (const figure of plan.stated ?? []) {
    if (!figure.formula) continue;
    const at = locate(figure.cell, plan.sheet);
    if (!at) continue;
    const { dependsOn, literals } = wb.dependencies(at.sheet, at.row, at.col);
    if (dependsOn.length) figure.dependsOn = dependsOn;
    if (literals.length) figure.reaches = literals.slice(0, 400);
  }
}
