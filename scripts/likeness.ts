/**
 * Expert-likeness: how close the optimizer comes to what a school wrote. For a real plan: free every
 * placement the optimizer owns, plan it again with mode "plan" at the school's own largest weekly
 * load (rounded up), and compare starts with the school's; then rebalance the school's plan 2 h/week
 * below that load and count the courses moved. Used by `npm run bench` and by the tests.
 */
import { readFileSync } from 'node:fs';
import { semesterLoads } from '../src/core/checker';
import { isExternal, optimizePlan, type OptimizeResult } from '../src/core/optimizer';
import type { Backend } from '../src/core/optimizer/model';
import type { Course, Plan } from '../src/core/plan';
import { readWorkbook } from '../src/core/reader';
import { resolveRules, type Rules } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';

export interface Likeness {
  plan: string;
  preset: string;
  courses: number;
  /** Courses the school left without a semester, left out of the comparison. */
  unplaced: number;
  totalsKept: boolean;
  schoolMax: number;
  cap: number;
  ourMax: number;
  ourCourseMaxWeekly: number;
  schoolCourseMaxWeekly: number;
  withinOne: number;
  meanStartDiff: number;
  orderAgreement: number;
  planStatus: OptimizeResult['status'];
  rebalanceCap: number;
  rebalanceMoved: number;
  rebalanceMeetsCap: boolean;
  rebalanceOthersUnchanged: boolean;
  seconds: number;
}

const hoursOf = (c: Course) => c.placements.map((p) => p?.hours ?? 0);
const startOf = (h: number[]) => h.findIndex((x) => x > 0) + 1;
/** The courses the optimizer places: this sheet's, with a total, not the internship. */
const owned = (c: Course) => !isExternal(c) && !c.isInternship && (c.totalHours?.value ?? 0) > 0;
/** A course written in two columns for one total ("X or Y"). */
const eitherOr = (c: Course) => {
  const h = hoursOf(c);
  const total = c.totalHours?.value ?? 0;
  return h.filter((x) => x > 0).length > 1 && h.every((x) => x === 0 || Math.abs(x - total) <= 0.1 * total);
};

/** The school's loads with each "X or Y" course counted once (its total spread over the semesters it names). */
export function schoolLoads(plan: Plan, rules: Rules): number[] {
  const p: Plan = structuredClone(plan);
  for (const c of p.courses) {
    if (!owned(c) || !eitherOr(c)) continue;
    const placed = hoursOf(c).reduce((a, b) => a + b, 0);
    const k = c.totalHours!.value / placed;
    c.placements = c.placements.map((x) => (x ? { ...x, hours: x.hours * k, ...(x.weekly !== undefined ? { weekly: x.weekly * k } : {}) } : x));
  }
  return semesterLoads(p, rules).map((l) => (l.internship ? 0 : l.weeklyHours));
}

export async function readRealPlan(file: string): Promise<{ plan: Plan; rules: Rules }> {
  const read = readWorkbook(workbookGrids(await loadWorkbook(new Uint8Array(readFileSync(file)))));
  const plan = read.chosen!.plan;
  const { rules } = resolveRules(plan.level?.level ?? 'zhongzhi', null);
  return { plan, rules };
}

export function likeness(name: string, full: Plan, rules: Rules, backend: Backend, timeLimitSec = 60): Likeness {
  const t0 = performance.now();
  // A course the school left without a semester is not in its loads: leave it out of both sides.
  const plan: Plan = { ...full, courses: full.courses.filter((c) => !owned(c) || hoursOf(c).some((h) => h > 0)) };
  const unplaced = full.courses.length - plan.courses.length;
  const weeksOf = (p: Plan, i: number) => p.semesters[i].courseWeeks ?? p.semesters[i].weeks;
  const schoolMax = Math.max(...schoolLoads(plan, rules));
  const cap = Math.ceil(schoolMax - 1e-9);
  const mine = plan.courses.filter(owned);
  // The school's start; for "X or Y" the earlier of its semesters until our answer picks one of them.
  const schoolStart = new Map(mine.map((c) => [c.row, startOf(hoursOf(c))]));
  const blank: Plan = structuredClone(plan);
  for (const c of blank.courses) if (owned(c)) c.placements = c.placements.map(() => null);
  const planned = optimizePlan(blank, { ...rules, weeklyCap: cap }, { cap, mode: 'plan' }, backend, timeLimitSec);
  const ours = new Map(planned.plan.courses.filter(owned).map((c) => [c.row, c]));
  // "X or Y": the school names two semesters for one course; either is its start.
  for (const c of mine) {
    const o = startOf(hoursOf(ours.get(c.row)!));
    if (eitherOr(c) && o > 0 && hoursOf(c)[o - 1] > 0) schoolStart.set(c.row, o);
  }
  const compared = mine.filter((c) => startOf(hoursOf(ours.get(c.row)!)) > 0 && schoolStart.get(c.row)! > 0);
  const diffs = compared.map((c) => Math.abs(startOf(hoursOf(ours.get(c.row)!)) - schoolStart.get(c.row)!));
  let pairs = 0;
  let agree = 0;
  for (let i = 0; i < compared.length; i++)
    for (let j = i + 1; j < compared.length; j++) {
      const a = compared[i];
      const b = compared[j];
      const sa = schoolStart.get(a.row)!;
      const sb = schoolStart.get(b.row)!;
      if (sa === sb) continue;
      pairs++;
      const oa = startOf(hoursOf(ours.get(a.row)!));
      const ob = startOf(hoursOf(ours.get(b.row)!));
      if (Math.sign(oa - ob) === Math.sign(sa - sb)) agree++;
    }
  const maxWeekly = (p: Plan, cs: Course[]) => Math.max(0, ...cs.flatMap((c) => c.placements.map((x, i) => (x ? x.hours / weeksOf(p, i) : 0))));
  const totalsKept = planned.plan.courses.every((c) => c.totalHours?.value === plan.courses.find((o) => o.row === c.row && o.sheet === c.sheet)?.totalHours?.value);

  const rebalanceCap = cap - 2;
  const rebalanced = optimizePlan(plan, { ...rules, weeklyCap: rebalanceCap }, { cap: rebalanceCap, mode: 'rebalance' }, backend, timeLimitSec);
  const moved = rebalanced.changes.filter((ch) => {
    const c = plan.courses.find((x) => x.row === ch.row && !x.sheet)!;
    // Resolving "X or Y" to one of its semesters is not a move.
    if (eitherOr(c)) return !ch.after.every((h, i) => h === 0 || h === hoursOf(c)[i]);
    return true;
  });
  const changedRows = new Set(rebalanced.changes.map((c) => c.row));
  const othersUnchanged = plan.courses.filter((c) => !changedRows.has(c.row) || c.sheet).every((c) => JSON.stringify(hoursOf(c)) === JSON.stringify(hoursOf(rebalanced.plan.courses.find((x) => x.row === c.row && x.sheet === c.sheet)!)));

  return {
    plan: name,
    preset: rules.preset,
    courses: mine.length,
    unplaced,
    totalsKept,
    schoolMax,
    cap,
    ourMax: Math.max(...planned.loads.filter((l) => l.teaching).map((l) => l.weeklyHours)),
    ourCourseMaxWeekly: maxWeekly(planned.plan, planned.plan.courses.filter(owned)),
    schoolCourseMaxWeekly: maxWeekly(plan, mine.filter((c) => !eitherOr(c))),
    withinOne: diffs.length ? diffs.filter((d) => d <= 1).length / diffs.length : 0,
    meanStartDiff: diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : 0,
    orderAgreement: pairs ? agree / pairs : 1,
    planStatus: planned.status,
    rebalanceCap,
    rebalanceMoved: moved.length,
    rebalanceMeetsCap: !rebalanced.conflicts.some((c) => c.rule === 'weekly-cap'),
    rebalanceOthersUnchanged: othersUnchanged,
    seconds: (performance.now() - t0) / 1000,
  };
}

export function likenessTable(rows: Likeness[]): string {
  const head = ['plan', 'level', 'courses (left out)', 'totals kept', 'largest load school → ours (cap)', 'largest h/week a course (school / ours)', 'start ±1', 'mean Δstart', 'order agreement', `rebalance at cap−2: moved, cap met`, 's'];
  const f = (x: number, d = 2) => (Number.isInteger(x) ? String(x) : x.toFixed(d));
  const body = rows.map((r) => [
    r.plan,
    r.preset,
    `${r.courses} (${r.unplaced})`,
    r.totalsKept ? 'yes' : 'NO',
    `${f(r.schoolMax)} → ${f(r.ourMax)} (${r.cap})`,
    `${f(r.schoolCourseMaxWeekly)} / ${f(r.ourCourseMaxWeekly)}`,
    `${(100 * r.withinOne).toFixed(0)} %`,
    f(r.meanStartDiff),
    f(r.orderAgreement),
    `${r.rebalanceMoved}, ${r.rebalanceMeetsCap ? `≤ ${r.rebalanceCap}` : `NO (cap ${r.rebalanceCap})`}${r.rebalanceOthersUnchanged ? '' : ', others changed'}`,
    r.seconds.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
