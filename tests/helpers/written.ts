/**
 * What a reviewer checks in a written workbook, as one function: nothing outside the plan's cells
 * changed, no formula, label or merged cell written, no restyled cell without a mark, no fractional
 * weekly hour, the written plan read back exactly as the optimizer returned it, and no finding in it
 * that the optimizer's report did not name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type Finding } from '../../src/core/checker';
import { diffCells } from '../../src/core/diff';
import { type Grid, isErrorValue } from '../../src/core/grid';
import type { Plan } from '../../src/core/plan';
import { readWorkbook } from '../../src/core/reader';
import { readOptionsOf, resolveRules, type Rules } from '../../src/core/rules';
import { SheetCells } from '../../src/core/ownership';
import { loadWorkbook, workbookGrids } from '../../src/xlsx/read';
import { reportSheetIn, workbookSnapshot } from '../../src/xlsx/snapshot';

export interface Read {
  plan: Plan;
  grids: Grid[];
  rules: Rules;
  snapshot: ReturnType<typeof workbookSnapshot>;
  report: string | null;
}

export async function readBook(file: string | Uint8Array, overrides: unknown = {}): Promise<Read> {
  const bytes = typeof file === 'string' ? readFileSync(file) : file;
  const wb = await loadWorkbook(bytes, typeof file === 'string' ? path.basename(file) : 'workbook.xlsx');
  const grids = workbookGrids(wb);
  const draft = resolveRules('zhongzhi', overrides).rules;
  const read = readWorkbook(grids, readOptionsOf(draft));
  const plan = read.chosen!.plan;
  const rules = resolveRules(plan.level?.level ?? 'zhongzhi', overrides).rules;
  return { plan, grids, rules, snapshot: workbookSnapshot(wb), report: reportSheetIn(wb) };
}

/** A finding as the same one in two checks: the same rule at the same cells. */
export const findingKey = (f: Pick<Finding, 'rule' | 'cells'>) => `${f.rule} @ ${[...f.cells].sort().join(',')}`;

export interface Reported {
  /** Hours per semester of each course the optimizer changed, by sheet row (1-based). */
  changes: { row: number; after: number[] }[];
  /** The findings the report says are left. */
  findingsAfter: Pick<Finding, 'rule' | 'cells' | 'severity'>[];
  written: { addresses: string[] };
}

/** Everything a reviewer would refuse to sign, as sentences; empty when the file is sound. */
export async function reviewWritten(input: Read, output: Read, reported: Reported, cap: number): Promise<string[]> {
  const problems: string[] = [];
  const sheet = input.plan.sheet;
  const reportSheets = output.report ? [output.report] : [];
  const cells = diffCells(input.snapshot, output.snapshot, input.plan, reportSheets);
  for (const c of cells.outside) problems.push(`changed outside the plan: ${c.sheet}!${c.address} ${c.kinds.join('+')}`);
  if (cells.sheetsRemoved.length) problems.push(`sheets lost: ${cells.sheetsRemoved.join(', ')}`);
  const added = cells.sheetsAdded.filter((s) => !reportSheets.includes(s));
  if (added.length) problems.push(`sheets added that are not the report: ${added.join(', ')}`);
  const grid = input.grids.find((g) => g.sheet === sheet)!;
  const before = new SheetCells(grid);
  for (const c of cells.changes) {
    if (c.kinds.includes('formula')) problems.push(`formula changed: ${c.sheet}!${c.address}`);
    if (c.kinds.includes('style') && !c.kinds.includes('mark')) problems.push(`restyled without a mark: ${c.sheet}!${c.address}`);
    if (c.kinds.includes('value')) {
      if (c.sheet !== sheet) problems.push(`value written on another sheet: ${c.sheet}!${c.address}`);
      else if (!before.writable(c.address)) problems.push(`written over a ${before.state(c.address)} cell: ${c.address}`);
      const v = c.after?.v ?? null;
      // A course's cell holds whole weekly hours; a total adds what its rows hold (the school's own 0.25 a week of 形势与政策 included).
      const row = Number(/\d+$/.exec(c.address)?.[0]) - 1;
      const courseCell = input.plan.courses.some((x) => !x.sheet && x.row === row);
      if (typeof v === 'number' && courseCell && input.plan.semesterMode === 'weekly' && Math.abs(v - Math.round(v)) > 1e-9) problems.push(`fractional weekly hours ${v} at ${c.address}`);
      if (typeof v === 'number' && Math.abs(v * 2 - Math.round(v * 2)) > 1e-9 && c.owner === 'course') problems.push(`hours that are not whole or half at ${c.address}: ${v}`);
      if (isErrorValue(v)) problems.push(`error value written at ${c.address}`);
    }
  }
  for (const a of reported.written.addresses) if (before.isMergedSlave(a)) problems.push(`written inside a merge: ${a}`);

  // Round trip: the written plan reads back as the optimizer returned it.
  const changed = new Map(reported.changes.map((c) => [c.row - 1, c.after]));
  for (const c of input.plan.courses) {
    if (c.sheet) continue;
    const back = output.plan.courses.find((x) => !x.sheet && x.row === c.row);
    if (!back) {
      problems.push(`course not read back: ${c.name}`);
      continue;
    }
    const want = changed.get(c.row) ?? c.placements.map((p) => p?.hours ?? 0);
    const got = back.placements.map((p) => p?.hours ?? 0);
    if (want.some((h, i) => Math.abs(h - (got[i] ?? 0)) > 1e-6)) problems.push(`${c.name}: optimizer ${want.join('/')}, file ${got.join('/')}`);
  }
  if (output.plan.courses.filter((c) => !c.sheet).length !== input.plan.courses.filter((c) => !c.sheet).length) problems.push('a different number of courses read back');

  // Checking the file says nothing the report did not.
  const said = new Set(reported.findingsAfter.filter((f) => f.severity !== 'info').map(findingKey));
  const rules = { ...output.rules, weeklyCap: cap };
  for (const f of check(output.plan, rules).findings) if (f.severity !== 'info' && !said.has(findingKey(f))) problems.push(`check finds what the report did not say: ${findingKey(f)} — ${f.message.en}`);
  return problems;
}
