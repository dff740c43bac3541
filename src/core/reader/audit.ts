/**
 * Formula audit: sums that will go wrong, found at their cells before they do. A sub-total's SUM that
 * leaves out a row of its block (empty today, missed once filled), a formula that adds a cell twice,
 * a total that adds its sibling sub-totals but skips one, a formula over a typed 0 where a sub-total
 * belongs (=O27*16 with O27 typed 0 over courses that have credits). Where the fault already makes a
 * figure wrong, the checker's difference at that figure says so; these are the ones it cannot see.
 */

import { references, type SheetRange } from '../formula';
import { columnIndex, columnLetter } from '../grid';
import { msg } from '../message';
import type { AggregateRow, Plan, ReaderNote } from '../plan';
import { qualify, splitAddress } from '../plan';
import { normLabel } from '../text';
import type { SheetView, WorkbookViews } from './sheet';

interface Table {
  view: SheetView;
  aggregates: AggregateRow[];
  /** Grid columns of the figures a sub-total row states. */
  columns: number[];
}

const rowsText = (rows: number[], sep = '、') => {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(i === j ? `${sorted[i] + 1}` : `${sorted[i] + 1}–${sorted[j] + 1}`);
    i = j;
  }
  return runs.join(sep);
};

/** The cells a formula refers to on its own sheet (or the sheet named), each as often as it is added. */
function countRefs(refs: SheetRange[], sheet: string, own: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of refs) {
    if (r.external || (r.sheet ?? own) !== sheet) continue;
    if ((r.row1 - r.row0 + 1) * (r.col1 - r.col0 + 1) > 5000) continue;
    for (let row = r.row0; row <= r.row1; row++) for (let col = r.col0; col <= r.col1; col++) counts.set(`${row},${col}`, (counts.get(`${row},${col}`) ?? 0) + 1);
  }
  return counts;
}

function numberAt(view: SheetView, row: number, col: number): number {
  const p = view.number(row - view.grid.originRow, col - view.grid.originCol);
  return p.kind === 'number' ? p.value : 0;
}

/** A formula that adds a cell twice: at the formula's cell (an error when the cell holds a number). */
function twice(view: SheetView, r: number, c: number, f: string, notes: ReaderNote[], views?: WorkbookViews): void {
  const own = view.grid.sheet;
  const refs = references(f);
  // Only sums: a cell used twice in a product or a ratio is arithmetic, not a double count.
  if (/[*/]/.test(f.replace(/SUM\([^)]*\)/gi, ''))) return;
  const sheets = new Set(refs.map((x) => x.sheet ?? own));
  for (const sheet of sheets) {
    const target = sheet === own ? view : views?.views.get(sheet);
    if (!target) continue;
    for (const [key, n] of countRefs(refs, sheet, own)) {
      if (n < 2) continue;
      const [row, col] = key.split(',').map(Number);
      const at = qualify(own, view.address(r, c));
      const ref = sheet === own ? `${columnLetter(col)}${row + 1}` : qualify(sheet, `${columnLetter(col)}${row + 1}`);
      const value = numberAt(target, row, col);
      notes.push({
        id: 'formula-twice',
        severity: value !== 0 ? 'error' : 'warning',
        cells: [at, ref],
        message: msg(
          `${at} 的公式 =${f} 把 ${ref} 加了 ${n} 次${value !== 0 ? `，多算了 ${value * (n - 1)}` : '（它现在为空，填写后会重复计入）'}：请只加一次。`,
          `${at}: the formula =${f} adds ${ref} ${n} times${value !== 0 ? `, counting ${value * (n - 1)} too many` : ' (empty now; once filled it would count twice)'}: add it once.`,
        ),
      });
    }
  }
}

/**
 * A formula over a typed 0 where a sub-total belongs: the referenced cell is a sub-total row's own
 * figure, a plain 0, while the courses it covers have numbers in that column.
 */
function overZero(view: SheetView, r: number, c: number, f: string, tables: Map<string, Table>, notes: ReaderNote[]): void {
  const own = view.grid.sheet;
  for (const ref of references(f)) {
    if (ref.external || ref.row0 !== ref.row1 || ref.col0 !== ref.col1) continue;
    const table = tables.get(ref.sheet ?? own);
    if (!table) continue;
    const { view: tv } = table;
    const agg = table.aggregates.find((a) => a.row === ref.row0 && a.kind !== 'ratio');
    if (!agg || !table.columns.includes(ref.col0 - tv.grid.originCol)) continue;
    const cell = tv.cell(ref.row0 - tv.grid.originRow, ref.col0 - tv.grid.originCol);
    if (!cell || cell.f || typeof cell.v !== 'number' || cell.v !== 0) continue;
    const under = agg.covers.reduce((s, row) => s + numberAt(tv, row, ref.col0), 0);
    if (under === 0) continue;
    const at = qualify(own, view.address(r, c));
    const zero = (ref.sheet ?? own) === own ? `${columnLetter(ref.col0)}${ref.row0 + 1}` : qualify(ref.sheet!, `${columnLetter(ref.col0)}${ref.row0 + 1}`);
    notes.push({
      id: 'formula-zero',
      severity: 'error',
      cells: [at, zero],
      message: msg(
        `${at} 的公式 =${f} 用到 ${zero}，而 ${zero} 是手填的 0，不是其所含 ${agg.covers.length} 门课程的合计（${under}）：请在 ${zero} 改用求和公式。`,
        `${at}: the formula =${f} uses ${zero}, a typed 0 where the sum of its ${agg.covers.length} courses (${under}) belongs: make ${zero} a sum.`,
      ),
    });
  }
}

/** Sub-total rows' formulas on one course table: rows left out of their block, siblings skipped, cells added twice. */
export function auditTable(view: SheetView, plan: Plan): ReaderNote[] {
  const notes: ReaderNote[] = [];
  const own = view.grid.sheet;
  const letters = [plan.columns.totalHours, plan.columns.credits, plan.columns.practiceHours, ...plan.semesters.flatMap((s) => [s.hoursColumn, s.weeklyColumn, s.creditsColumn])].filter((x): x is string => !!x);
  const columns = [...new Set(letters.map((l) => columnIndex(l) - view.grid.originCol))];
  const table: Table = { view, aggregates: plan.aggregates, columns };
  const tables = new Map([[own, table]]);
  const aggRows = new Set(plan.aggregates.map((a) => a.row));
  for (const a of plan.aggregates) {
    if (a.kind === 'ratio') continue;
    const r = a.row - view.grid.originRow;
    for (const c of columns) {
      const f = view.cell(r, c)?.f;
      if (!f) continue;
      const col = c + view.grid.originCol;
      twice(view, r, c, f, notes);
      overZero(view, r, c, f, tables, notes);
      const refs = references(f).filter((x) => !x.external && (x.sheet ?? own) === own && x.col0 <= col && col <= x.col1);
      if (refs.length === 0) continue;
      const referenced = new Set<number>();
      for (const x of refs) for (let row = x.row0; row <= x.row1; row++) referenced.add(row);
      const subtotals = [...referenced].filter((row) => aggRows.has(row) && row !== a.row);
      if (subtotals.length >= 2 && [...referenced].every((row) => aggRows.has(row))) {
        // A total over sibling sub-totals: each sibling between the first it adds and itself.
        const labelOf = (row: number) => normLabel(plan.aggregates.find((x) => x.row === row)?.label ?? '');
        const labels = new Set(subtotals.map(labelOf));
        const first = Math.min(...subtotals);
        const skipped = plan.aggregates.filter((x) => x.row > first && x.row < a.row && !referenced.has(x.row) && labels.has(normLabel(x.label)) && x.kind === 'subtotal');
        if (skipped.length === 0) continue;
        const lost = skipped.reduce((s, x) => s + numberAt(view, x.row, col), 0);
        const at = view.address(r, c);
        notes.push({
          id: 'formula-skips-subtotal',
          severity: lost !== 0 ? 'error' : 'warning',
          cells: [at, ...skipped.map((x) => `${columnLetter(col)}${x.row + 1}`)],
          message: msg(
            `${at} 的公式 =${f} 加了同类的“${[...labels].join('、')}”行，却漏掉第 ${rowsText(skipped.map((x) => x.row))} 行${lost !== 0 ? `（少算 ${lost}）` : '（它们现在为空，填写后不会计入）'}。`,
            `${at}: the formula =${f} adds the "${[...labels].join(', ')}" rows but skips row${skipped.length > 1 ? 's' : ''} ${rowsText(skipped.map((x) => x.row), ', ')}${lost !== 0 ? ` (${lost} left out)` : ' (empty now; once filled they would be left out)'}.`,
          ),
        });
        continue;
      }
      if (!/SUM\s*\(/i.test(f)) continue;
      // A SUM over the block's course rows: rows of the block it leaves out, and rows of other blocks it takes in.
      const missed = a.covers.filter((row) => !referenced.has(row));
      const foreign = [...referenced].filter((row) => !a.covers.includes(row) && plan.aggregates.some((x) => x !== a && x.covers.includes(row) && !a.covers.includes(row)));
      const filled = missed.filter((row) => numberAt(view, row, col) !== 0);
      // A row left out that holds a number makes the figure wrong now: the checker's difference says so.
      if (filled.length || (missed.length === 0 && foreign.length === 0)) continue;
      const at = view.address(r, c);
      const parts: { zh: string; en: string }[] = [];
      if (missed.length) parts.push({ zh: `不含本组第 ${rowsText(missed)} 行（现为空，填写后不会计入）`, en: `leaves out row${missed.length > 1 ? 's' : ''} ${rowsText(missed, ', ')} of its block (empty now; once filled, left out)` });
      const foreignValue = foreign.reduce((s, row) => s + numberAt(view, row, col), 0);
      if (foreign.length) parts.push({ zh: `还加了其他组的第 ${rowsText(foreign)} 行${foreignValue ? `（多算 ${foreignValue}）` : ''}`, en: `also adds row${foreign.length > 1 ? 's' : ''} ${rowsText(foreign, ', ')} of another block${foreignValue ? ` (${foreignValue} too many)` : ''}` });
      notes.push({
        id: 'formula-skips-row',
        severity: foreignValue ? 'error' : 'warning',
        cells: [at, ...missed.map((row) => `${columnLetter(col)}${row + 1}`)],
        message: msg(`${at} 的公式 =${f} ${parts.map((p) => p.zh).join('，')}。`, `${at}: the formula =${f} ${parts.map((p) => p.en).join(', and ')}.`),
      });
    }
  }
  return notes;
}

/** Summary sheets' formulas: cells added twice, typed zeros where a course table's sub-total belongs. */
export function auditSummaries(plan: Plan, views: WorkbookViews, summaries: string[]): ReaderNote[] {
  const notes: ReaderNote[] = [];
  const tables = new Map<string, Table>();
  const bySheet = new Map<string, AggregateRow[]>();
  for (const a of plan.aggregates) bySheet.set(a.sheet ?? plan.sheet, [...(bySheet.get(a.sheet ?? plan.sheet) ?? []), a]);
  for (const [sheet, aggregates] of bySheet) {
    const view = views.views.get(sheet);
    if (!view) continue;
    const cols = new Set<number>();
    for (const a of aggregates) {
      const letters = [a.columns?.totalHours ?? plan.columns.totalHours, a.columns?.credits ?? plan.columns.credits, a.columns?.practiceHours ?? plan.columns.practiceHours, ...(a.columns?.semesterHours ?? plan.semesters.map((s) => s.hoursColumn ?? s.weeklyColumn)), ...(a.columns?.semesterCredits ?? plan.semesters.map((s) => s.creditsColumn))];
      for (const l of letters) if (l) cols.add(columnIndex(splitAddress(l).address) - view.grid.originCol);
    }
    tables.set(sheet, { view, aggregates, columns: [...cols] });
  }
  for (const sheet of summaries) {
    const view = views.views.get(sheet);
    if (!view) continue;
    for (const { r, c, f } of view.formulas()) {
      twice(view, r, c, f, notes, views);
      overZero(view, r, c, f, tables, notes);
    }
  }
  return notes;
}
