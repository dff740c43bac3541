/**
 * plan + rules → findings. Independent of the optimizer: every solution it returns is checked here.
 * Shares are computed from hours and compared unrounded (9.84 % fails "≥ 10 %").
 */

import { referencedRanges } from './formula';
import { namingCourses } from './formulaNotes';
import { parseA1 } from './grid';
import { msg, type Message } from './message';
import { type AggregateRow, CATEGORY_NAMES, type Category, type Course, type NumFact, type Placement, type Plan, type Semester, type StatedFigure, coveredBy, qualify, weightOf } from './plan';
import { checkNorms } from './norms';
import { unreadable } from './reader/unreadable';
import { type Measured, reconcile } from './reconcile';
import { capFor, type Rules } from './rules';
import { clean, normLabel } from './text';
import { internshipSemesters, loadWeeks, teachingWeeks } from './weeks';

export { internshipSemesters, loadWeeks, teachingWeeks } from './weeks';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  required?: number | string;
  actual?: number | string;
  cells: string[];
  message: Message;
}

export interface SemesterLoad {
  semester: number;
  /** The weeks the weekly load is counted over: the weeks the semester really teaches (see weeks.ts). */
  weeks: number;
  /** Where those weeks come from. */
  weeksFrom?: Message;
  /** Hours that make up the weekly load (whole-week blocks and per-term lecture series stay out). */
  hours: number;
  weeklyHours: number;
  /** Hours in whole-week blocks and per-term lectures this semester, counted in totals only. */
  outsideHours?: number;
  cap: number;
  internship: boolean;
  /** What the sheet's total row says for the semester, when it has one. */
  statedHours?: number;
  statedCell?: string;
}

export interface Share {
  key: 'publicBasic' | 'elective' | 'practice';
  hours: number;
  share: number | null;
  min: number;
}

export interface CheckResult {
  findings: Finding[];
  loads: SemesterLoad[];
  shares: Share[];
  totalHours: number;
  totalCredits: number;
}

const EPS = 1e-6;

/** A share shown so that rounding never turns a fail into a pass or the reverse. */
export function formatShare(actual: number, required?: number): string {
  const pct = actual * 100;
  let shown = Math.round(pct * 100) / 100;
  if (required !== undefined) {
    const req = required * 100;
    if (pct < req - EPS && shown >= req) shown = Math.floor(pct * 100) / 100;
    if (pct >= req - EPS && shown < req) shown = Math.ceil(pct * 100) / 100;
  }
  return `${shown.toFixed(2)}%`;
}

/** Numbers in messages: at most two decimals (values in findings stay exact). */
function fmtNum(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function courseHours(c: Course): number {
  return c.totalHours?.value ?? placedHours(c);
}

/** The hours a course counts for in the plan: an alternative counts 0, a choice-group member its share. */
export function countedHours(c: Course): number {
  return courseHours(c) * weightOf(c);
}

export function placedHours(c: Course): number {
  return clean([...c.placements, ...(c.summer ?? [])].reduce((s, p) => s + (p?.hours ?? 0), 0));
}

/** A placement's share of the weekly load: blocks and per-term lectures take none. */
export function weeklyLoadOf(p: Placement | null | undefined, s: Semester, weeks = loadWeeks(s)): number {
  if (!p || p.shape === 'block' || p.shape === 'term') return 0;
  if (p.shape === 'weekly' && p.weekly !== undefined) return p.weekly;
  return weeks > 0 ? (p.hours - (p.blockHours ?? 0)) / weeks : 0;
}

export function semesterLoads(plan: Plan, rules: Rules, taught = teachingWeeks(plan, rules)): SemesterLoad[] {
  const grand = plan.aggregates.filter((a) => a.kind === 'total' && !a.sheet && a.covers.length >= plan.courses.filter((c) => !c.sheet).length && a.measure !== 'credits').pop();
  const internship = internshipSemesters(plan, rules);
  return plan.semesters.map((s, i) => {
    const weeks = taught[i].weeks;
    let hours = 0;
    let weekly = 0;
    let outside = 0;
    for (const c of plan.courses) {
      const p = c.placements[i];
      if (!p || c.isInternship) continue;
      const w = weightOf(c);
      if (p.shape === 'block' || p.shape === 'term') outside += p.hours * w;
      else {
        // A weekly placement's whole weeks besides (`4+1w`) are counted like blocks.
        outside += (p.blockHours ?? 0) * w;
        hours += (p.hours - (p.blockHours ?? 0)) * w;
        weekly += weeklyLoadOf(p, s, weeks) * w;
      }
    }
    const load: SemesterLoad = {
      semester: s.index,
      weeks,
      weeksFrom: taught[i].from,
      hours: clean(hours),
      weeklyHours: clean(weekly),
      cap: capFor(rules, s.index),
      internship: internship.has(s.index),
    };
    if (outside > 0) load.outsideHours = clean(outside);
    // The main sheet's grand total only speaks for the whole plan when the plan is that one sheet.
    const stated = plan.courses.some((c) => c.sheet) ? undefined : grand?.semesterHours[i];
    if (stated) {
      load.statedHours = plan.semesterMode === 'weekly' ? stated.value * loadWeeks(s) : stated.value;
      load.statedCell = stated.cell;
    }
    return load;
  });
}

export function check(plan: Plan, rules: Rules): CheckResult {
  const findings: Finding[] = namingCourses(plan.notes.map((n) => ({ rule: n.id, severity: n.severity, cells: n.cells, message: n.message })), plan);
  const totalHours = clean(plan.courses.reduce((s, c) => s + countedHours(c), 0));
  const totalCredits = clean(plan.courses.reduce((s, c) => s + (c.credits?.value ?? 0) * weightOf(c), 0));
  // A table without semesters (or courses) is not a plan to check: what the reader looked for, nothing else.
  if (plan.semesters.length === 0 || plan.courses.length === 0) {
    const why = unreadable(plan);
    if (why && !findings.some((f) => f.rule === 'reader.no-semesters')) findings.unshift({ rule: 'reader.unreadable', severity: 'error', cells: [], message: why });
    return { findings, loads: [], shares: [], totalHours, totalCredits };
  }
  const weeks = teachingWeeks(plan, rules);
  const loads = semesterLoads(plan, rules, weeks);
  const shares: Share[] = [];

  checkTotal(plan, rules, totalHours, findings);
  shares.push(...checkShares(plan, rules, totalHours, findings));
  checkLoads(plan, loads, findings);
  for (const c of plan.courses) {
    checkPlacement(plan, c, findings);
    checkCredits(c, rules, findings);
  }
  const measured: Measured[] = [];
  for (const a of plan.aggregates) checkAggregate(plan, a, findings, measured);
  checkInternship(plan, rules, loads, findings);
  checkDuplicates(plan, findings);
  checkBlockWeeks(plan, findings);
  checkStated(plan, totalHours, totalCredits, shares, findings, measured);
  findings.push(...reconcile(plan, measured));
  findings.push(...checkNorms(plan, rules, weeks));

  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return { findings, loads, shares, totalHours, totalCredits };
}

function checkTotal(plan: Plan, rules: Rules, total: number, out: Finding[]): void {
  const cells = plan.courses.map((c) => c.totalHours?.cell).filter((x): x is string => !!x);
  const grand = plan.aggregates.find((a) => a.kind === 'total' && !a.sheet && a.covers.length >= plan.courses.filter((c) => !c.sheet).length && a.totalHours);
  const where = grand?.totalHours ? [grand.totalHours.cell] : cells.slice(0, 1);
  if (total < rules.totalHoursMin - EPS) {
    out.push({
      rule: 'total-hours-min',
      severity: 'error',
      required: rules.totalHoursMin,
      actual: total,
      cells: where,
      message: msg(
        `总学时 ${fmtNum(total)}，少于要求的 ${rules.totalHoursMin}：需增加 ${fmtNum(rules.totalHoursMin - total)} 学时。`,
        `Total hours ${fmtNum(total)} are below the required ${rules.totalHoursMin}: add ${fmtNum(rules.totalHoursMin - total)} hours.`,
      ),
    });
  }
}

const SHARE_SPECS: { key: Share['key']; categories: Category[]; zh: string; en: string }[] = [
  { key: 'publicBasic', categories: ['public-basic'], zh: '公共基础课', en: 'Public basic courses' },
  { key: 'elective', categories: ['elective'], zh: '选修课', en: 'Electives' },
];

/** 公共限选 (restricted public electives) are public courses and electives at once, as schools count them. */
const PUBLIC_ELECTIVE = /公共限选|公共必选|公共选修必修/;

export function inShare(c: Course, key: Share['key']): boolean {
  if (key === 'publicBasic') return c.category === 'public-basic' || (c.category === 'elective' && c.categoryPath.some((t) => PUBLIC_ELECTIVE.test(t)));
  if (key === 'elective') return c.category === 'elective';
  return false;
}

function printedShareOf(plan: Plan, categories: Category[]): NumFact | undefined {
  return plan.aggregates.find((a) => a.kind === 'ratio' && a.category && categories.includes(a.category) && a.printedShare)?.printedShare;
}

function checkShares(plan: Plan, rules: Rules, total: number, out: Finding[]): Share[] {
  const shares: Share[] = [];
  if (total <= 0) return shares;
  for (const spec of SHARE_SPECS) {
    const min = spec.key === 'publicBasic' ? rules.shares.publicBasicMin : rules.shares.electiveMin;
    const courses = plan.courses.filter((c) => inShare(c, spec.key));
    const hours = clean(courses.reduce((s, c) => s + countedHours(c), 0));
    const share = hours / total;
    shares.push({ key: spec.key, hours, share, min });
    if (share >= min - EPS) continue;
    // Hours added to this category also grow the total: (h + x) / (T + x) ≥ min.
    const needed = Math.ceil(clean((min * total - hours) / (1 - min)));
    const step = rules.hoursPerCredit.max;
    const neededCredits = Math.ceil(needed / step);
    const printed = printedShareOf(plan, spec.categories);
    const printedNote = printed
      ? msg(`（表中 ${printed.cell} 印作 ${formatShare(printed.value)}，但按学时精确计算未达标）`, ` (${printed.cell} prints ${formatShare(printed.value)}, but the exact share from hours falls short)`)
      : msg('', '');
    const subtotal = plan.aggregates.find((a) => a.kind === 'subtotal' && a.totalHours && a.covers.length > 0 && a.covers.every((r) => courses.some((c) => c.row === r)));
    out.push({
      rule: `share-${spec.key === 'publicBasic' ? 'public-basic' : 'elective'}`,
      severity: 'error',
      required: min,
      actual: share,
      cells: [subtotal?.totalHours?.cell ?? courses[0]?.totalHours?.cell, printed?.cell].filter((x): x is string => !!x),
      message: msg(
        `${spec.zh} ${fmtNum(hours)} 学时，占总学时 ${fmtNum(total)} 的 ${formatShare(share, min)}，低于 ${formatShare(min)}${printedNote.zh}：至少增加 ${needed} 学时${spec.zh}（按学分计即 ${neededCredits} 学分 = ${neededCredits * step} 学时）。`,
        `${spec.en}: ${fmtNum(hours)} h = ${formatShare(share, min)} of ${fmtNum(total)} h, below ${formatShare(min)}${printedNote.en}: add at least ${needed} h of ${spec.en.toLowerCase()} (in whole credits: ${neededCredits} credit${neededCredits > 1 ? 's' : ''} = ${neededCredits * step} h).`,
      ),
    });
  }

  const min = rules.shares.practiceMin;
  if (!plan.columns.practiceHours) {
    shares.push({ key: 'practice', hours: 0, share: null, min });
    out.push({
      rule: 'share-practice',
      severity: 'info',
      required: min,
      actual: 'not checkable',
      cells: [],
      message: msg(
        `表中没有“实践学时”列，无法检查实践教学占比（要求 ≥ ${formatShare(min)}）——这一项未检查，不等于通过。`,
        `The sheet has no practice-hours column, so the practical-teaching share (≥ ${formatShare(min)}) cannot be checked — not checked, not passed.`,
      ),
    });
    return shares;
  }
  const practice = clean(plan.courses.reduce((s, c) => s + weightOf(c) * (c.practiceHours?.value ?? (c.isInternship || c.category === 'practical-training' ? courseHours(c) : 0)), 0));
  const share = practice / total;
  shares.push({ key: 'practice', hours: practice, share, min });
  if (share < min - EPS) {
    out.push({
      rule: 'share-practice',
      severity: 'error',
      required: min,
      actual: share,
      cells: [],
      message: msg(
        `实践学时 ${fmtNum(practice)}，占总学时的 ${formatShare(share, min)}，低于 ${formatShare(min)}：需再增加 ${fmtNum(Math.ceil(min * total - practice))} 实践学时。`,
        `Practice hours ${fmtNum(practice)} = ${formatShare(share, min)} of all hours, below ${formatShare(min)}: add ${fmtNum(Math.ceil(min * total - practice))} practice hours.`,
      ),
    });
  }
  return shares;
}

/** The least whole number of hours a week that holds a load (34.42 → 35; 34 stays 34). */
export function wholeCap(load: number): number {
  return Math.ceil(load - 1e-6);
}

/** Whole hours a semester must lose to come down to a cap — the same figure in the check, in a conflict and in the trade-off line that adds them. */
export function hoursAbove(l: { weeklyHours: number; weeks: number }, cap: number): number {
  // Loads are rounded to 9 places: 7.466666667 × 15 is 112, not 113.
  return Math.ceil(clean((l.weeklyHours - cap) * l.weeks) - 1e-6);
}

function checkLoads(plan: Plan, loads: SemesterLoad[], out: Finding[]): void {
  for (const l of loads) {
    if (l.internship) continue;
    const i = l.semester - 1;
    if (l.weeklyHours > l.cap + EPS) {
      const excess = clean(l.weeklyHours - l.cap);
      // Courses written in several semester columns ("X or Y") count in each: say so, they come first.
      const doubled = plan.courses.filter((c) => !c.isInternship && c.totalHours && placedHours(c) > c.totalHours.value + EPS && (c.placements[i]?.hours ?? 0) > 0);
      // The cells to look at, where hours can go first: those courses, then the professional and
      // elective ones; the public courses a national rule fixes (思政, 体育, 军事理论) last.
      const here = plan.courses.filter((c) => !c.isInternship && weightOf(c) > 0 && weeklyLoadOf(c.placements[i], plan.semesters[i]) > 0);
      const rank = (c: Course) => (doubled.includes(c) ? 0 : c.category === 'public-basic' ? 2 : 1);
      const cells = here.sort((a, b) => rank(a) - rank(b)).map((c) => c.placements[i]!.cell);
      const doubledHours = clean(doubled.reduce((t, c) => t + (c.placements[i]?.hours ?? 0) * weightOf(c), 0));
      const doubledNote = doubled.length
        ? msg(`其中 ${doubled.length} 门课程同时写在多个学期（共 ${fmtNum(doubledHours)} 学时计入本学期），请先改正这些课程；`, ` ${doubled.length} course(s) written in several semesters count ${fmtNum(doubledHours)} h here: correct them first;`)
        : msg('', '');
      out.push({
        rule: 'weekly-load',
        severity: 'error',
        required: l.cap,
        actual: l.weeklyHours,
        cells,
        message: msg(
          `第${l.semester}学期周学时 ${fmtNum(l.weeklyHours)}（${fmtNum(l.hours)} 学时 ÷ ${l.weeks} 周），超过上限 ${l.cap}：超出 ${fmtNum(excess)} 学时/周，${doubledNote.zh}需移出约 ${fmtNum(hoursAbove(l, l.cap))} 学时或提高上限。`,
          `Semester ${l.semester} carries ${fmtNum(l.weeklyHours)} h/week (${fmtNum(l.hours)} h over ${l.weeks} weeks), above the cap of ${l.cap}: ${fmtNum(excess)} h/week too many;${doubledNote.en} move about ${fmtNum(hoursAbove(l, l.cap))} h out or raise the cap.`,
        ),
      });
    }
    if (l.statedHours !== undefined && l.statedCell && Math.abs(l.statedHours - l.hours) > EPS) {
      const stated = clean(l.statedHours / l.weeks);
      if (stated > l.cap + EPS) {
        out.push({
          rule: 'weekly-load-stated',
          severity: 'error',
          required: l.cap,
          actual: stated,
          cells: [l.statedCell],
          message: msg(
            `合计行 ${l.statedCell} 写第${l.semester}学期 ${fmtNum(l.statedHours)} 学时，即 ${fmtNum(stated)} 学时/周，超过上限 ${l.cap}（超出 ${fmtNum(clean(stated - l.cap))}）。`,
            `Total row ${l.statedCell} states ${fmtNum(l.statedHours)} h in semester ${l.semester}, i.e. ${fmtNum(stated)} h/week, above the cap of ${l.cap} (+${fmtNum(clean(stated - l.cap))}).`,
          ),
        });
      }
    }
  }
}

function checkPlacement(plan: Plan, c: Course, out: Finding[]): void {
  if (!c.totalHours || plan.semesters.length === 0) return;
  const total = c.totalHours.value;
  const placed = placedHours(c);
  // An option of a choice group is placed through its group, not on its own row.
  if (placed === 0 && c.weight === 0) return;
  const cells = [c.totalHours.cell, ...[...c.placements, ...(c.summer ?? [])].map((p) => p?.cell).filter((x): x is string => !!x)];
  const notations = [...c.placements, ...(c.summer ?? [])].filter((p): p is Placement => !!p?.notation);
  // How each cell became hours: notations as written, weekly hours × the weeks they run.
  const reads = [...c.placements.map((p, i) => ({ p, s: plan.semesters[i] })), ...(c.summer ?? []).map((p) => ({ p, s: undefined }))].filter((x): x is { p: Placement; s: Semester | undefined } => !!x.p && (!!x.p.notation || x.p.shape === 'weekly'));
  const shown = (x: { p: Placement; s: Semester | undefined }, zh: boolean) =>
    x.p.shape === 'weekly' && x.s ? `${x.p.notation ?? fmtNum(x.p.weekly ?? 0)}${zh ? ' 学时/周' : ' h/week'} × ${x.p.weeks ?? loadWeeks(x.s)}${zh ? ' 周' : ' weeks'} = ${fmtNum(x.p.hours)}` : `${x.p.notation}=${fmtNum(x.p.hours)}`;
  const howRead = reads.length ? msg(`（按 ${reads.map((x) => shown(x, true)).join('、')} 计）`, ` (read as ${reads.map((x) => shown(x, false)).join(', ')} h)`) : msg('', '');
  if (Math.abs(placed - total) <= EPS) {
    checkPlacementCredits(c, out);
    return;
  }
  if (placed === 0) {
    out.push({
      rule: 'course-unplaced',
      // An elective a student takes in a semester of choice is often left without one.
      severity: c.category === 'elective' ? 'warning' : 'error',
      required: total,
      actual: 0,
      cells,
      message: msg(`“${c.name}”${fmtNum(total)} 学时尚未安排到任何学期（${c.totalHours.cell}）。`, `"${c.name}": ${fmtNum(total)} h not placed in any semester (${c.totalHours.cell}).`),
    });
  } else if (placed < total) {
    out.push({
      rule: 'course-underplaced',
      severity: 'error',
      required: total,
      actual: placed,
      cells,
      message: msg(
        `“${c.name}”共 ${fmtNum(total)} 学时，各学期只安排了 ${fmtNum(placed)}${howRead.zh}：还有 ${fmtNum(clean(total - placed))} 学时未安排。`,
        `"${c.name}": ${fmtNum(total)} h in all, but only ${fmtNum(placed)} h placed in semesters${howRead.en}: ${fmtNum(clean(total - placed))} h unplaced.`,
      ),
    });
  } else {
    out.push({
      rule: 'course-overplaced',
      severity: 'error',
      required: total,
      actual: placed,
      cells,
      message: msg(
        `“${c.name}”共 ${fmtNum(total)} 学时，各学期却安排了 ${fmtNum(placed)}${howRead.zh}：多出 ${fmtNum(clean(placed - total))} 学时${notations.length ? '' : '（若表示“二选一学期”，请只保留实际开课的学期）'}。`,
        `"${c.name}": ${fmtNum(total)} h in all, but ${fmtNum(placed)} h placed in semesters${howRead.en}: ${fmtNum(clean(placed - total))} h too many${notations.length ? '' : ' (if it means "one of these semesters", keep only the real one)'}.`,
      ),
    });
  }
}

function checkPlacementCredits(c: Course, out: Finding[]): void {
  if (!c.credits) return;
  const withCredits = c.placements.filter((p) => p?.credits !== undefined);
  if (withCredits.length === 0) return;
  const sum = clean(withCredits.reduce((s, p) => s + (p!.credits ?? 0), 0));
  if (Math.abs(sum - c.credits.value) > EPS) {
    out.push({
      rule: 'course-credits-placement',
      severity: 'warning',
      required: c.credits.value,
      actual: sum,
      cells: [c.credits.cell, ...withCredits.map((p) => p!.creditsCell!)],
      message: msg(`“${c.name}”共 ${fmtNum(c.credits.value)} 学分，各学期学分合计 ${fmtNum(sum)}。`, `"${c.name}": ${fmtNum(c.credits.value)} credits, but the semester credits add up to ${fmtNum(sum)}.`),
    });
  }
}

function isCreditException(c: Course, rules: Rules): boolean {
  if (c.isInternship || c.category === 'practical-training') return true;
  return rules.creditExceptions.some((e) => e && c.name.includes(e));
}

function checkCredits(c: Course, rules: Rules, out: Finding[]): void {
  if (!c.totalHours) return;
  const hours = c.totalHours.value;
  if (!c.credits) {
    if (hours > 0)
      out.push({
        rule: 'credits-missing',
        severity: 'warning',
        cells: [c.totalHours.cell],
        message: msg(`“${c.name}”有 ${fmtNum(hours)} 学时但没有学分。`, `"${c.name}" has ${fmtNum(hours)} h but no credits.`),
      });
    return;
  }
  const credits = c.credits.value;
  const { min, max } = rules.hoursPerCredit;
  if (credits * min - EPS <= hours && hours <= credits * max + EPS) return;
  const exception = isCreditException(c, rules);
  const expected = min === max ? `${fmtNum(credits * min)}` : `${fmtNum(credits * min)}–${fmtNum(credits * max)}`;
  out.push({
    rule: 'credits-hours',
    severity: exception ? 'warning' : 'error',
    required: expected,
    actual: hours,
    cells: [c.totalHours.cell, c.credits.cell],
    message: msg(
      `“${c.name}”${fmtNum(credits)} 学分应为 ${expected} 学时（每学分 ${min === max ? min : `${min}–${max}`} 学时），实为 ${fmtNum(hours)}${exception ? '（常见的例外，请确认）' : ''}。`,
      `"${c.name}": ${fmtNum(credits)} credits should be ${expected} h (${min === max ? min : `${min}–${max}`} h per credit), but it has ${fmtNum(hours)} h${exception ? ' (a known exception; please confirm)' : ''}.`,
    ),
  });
}

/** One figure of a sub-total or total row: what the row states there, and what its courses add up to. */
export interface AggregateFigure {
  /** 'hours', 'credits', 'practice', `s${n}` (semester n's hours or weekly hours), `s${n}c` (its credits). */
  key: string;
  zh: string;
  en: string;
  agg: NumFact | null | undefined;
  sum: number;
  column?: string;
  /** The semester (1-based) a per-semester figure belongs to. */
  semester?: number;
  /** A figure schools write in more than one way (per-semester credits of a 学分小计 row): not checked, only kept in step. */
  informational?: boolean;
}

/** A course's credits in a semester: the cell's own, else its credits shared out by its hours there. */
function semesterCredits(c: Course, i: number): number {
  const p = c.placements[i];
  if (!p) return 0;
  if (p.credits !== undefined) return p.credits;
  const placed = c.placements.reduce((t, x) => t + (x?.hours ?? 0), 0);
  return c.credits && placed > 0 ? (c.credits.value * p.hours) / placed : 0;
}

/**
 * The figures a sub-total or total row states and what its courses add up to, as the check compares
 * them. One definition: the check, and the patch that rewrites a row after optimizing, both use it.
 */
export function aggregateFigures(plan: Plan, a: AggregateRow): AggregateFigure[] {
  if (a.kind === 'ratio' || a.definesGroup) return [];
  const covered = coveredBy(plan, a);
  if (covered.length === 0) return [];
  // A sub-total inside one group (a direction, an elective group) adds its rows as listed; anything
  // wider counts each group once, as the plan does.
  const oneGroup = covered[0].group !== undefined && covered.every((c) => c.group === covered[0].group && c.source !== 'choice-group');
  const w = (c: Course) => (oneGroup ? 1 : weightOf(c));
  const hoursOf = (c: Course) => courseHours(c) * w(c);
  const measures: AggregateFigure[] = [];
  const creditsOnly = a.measure === 'credits';
  const cols = a.columns ?? {
    ...plan.columns,
    semesterHours: plan.semesters.map((s) => s.hoursColumn ?? s.weeklyColumn),
    semesterCredits: plan.semesters.map((s) => s.creditsColumn),
  };
  const opt = (column: string | undefined) => (column ? { column } : {});
  if (!creditsOnly) measures.push({ key: 'hours', zh: '学时', en: 'hours', agg: a.totalHours, sum: covered.reduce((s, c) => s + hoursOf(c), 0), ...opt(cols.totalHours) });
  if (a.measure !== 'hours') measures.push({ key: 'credits', zh: '学分', en: 'credits', agg: a.credits, sum: covered.reduce((s, c) => s + (c.credits?.value ?? 0) * w(c), 0), ...opt(cols.credits) });
  if (!creditsOnly && cols.practiceHours)
    measures.push({ key: 'practice', zh: '实践学时', en: 'practice hours', agg: a.practiceHours, sum: covered.reduce((s, c) => s + (c.practiceHours?.value ?? 0) * w(c), 0), ...opt(cols.practiceHours) });
  plan.semesters.forEach((s, i) => {
    if (!creditsOnly) {
      // Weekly layouts sum weekly hours; blocks and per-term lectures are not weekly hours.
      const sum = covered.reduce((t, c) => t + w(c) * (plan.semesterMode === 'weekly' ? (c.placements[i]?.shape === 'weekly' ? c.placements[i]?.weekly ?? 0 : 0) : c.placements[i]?.hours ?? 0), 0);
      const column = cols.semesterHours[i];
      measures.push({ key: `s${s.index}`, semester: s.index, zh: `第${s.index}学期${plan.semesterMode === 'weekly' ? '周学时' : '学时'}`, en: `semester ${s.index} ${plan.semesterMode === 'weekly' ? 'weekly hours' : 'hours'}`, agg: a.semesterHours[i], sum, ...(column ? { column } : {}) });
    }
    if (s.creditsColumn && a.measure !== 'hours')
      measures.push({ key: `s${s.index}c`, semester: s.index, zh: `第${s.index}学期学分`, en: `semester ${s.index} credits`, agg: a.semesterCredits[i], sum: covered.reduce((t, c) => t + (c.placements[i]?.credits ?? 0) * w(c), 0), ...opt(cols.semesterCredits[i]) });
    else if (creditsOnly && !s.creditsColumn) {
      // A 学分小计 row writes each semester's credits in the hours columns: a course's credits go with its hours.
      const column = cols.semesterHours[i];
      const sum = covered.reduce((t, c) => t + semesterCredits(c, i) * w(c), 0);
      measures.push({ key: `s${s.index}c`, semester: s.index, zh: `第${s.index}学期学分`, en: `semester ${s.index} credits`, agg: a.semesterHours[i], sum, informational: true, ...(column ? { column } : {}) });
    }
  });
  return measures;
}

function checkAggregate(plan: Plan, a: AggregateRow, out: Finding[], measured: Measured[]): void {
  const measures = aggregateFigures(plan, a);
  if (measures.length === 0) return;
  const covered = coveredBy(plan, a);
  const oneGroup = covered[0].group !== undefined && covered.every((c) => c.group === covered[0].group && c.source !== 'choice-group');
  const w = (c: Course) => (oneGroup ? 1 : weightOf(c));

  const what = a.kind === 'total' ? msg('合计行', 'Total row') : msg('小计行', 'Sub-total row');
  // Weekly layouts: a total that adds whole-week blocks' weeks to weekly hours says so, as a warning.
  const blockWeeksIn = (i: number) => covered.reduce((t, c) => t + (c.placements[i]?.blockWeeks ?? 0) * w(c), 0);
  for (const m of measures) {
    if (m.informational) continue;
    const sem = /^s(\d+)$/.exec(m.key);
    const blockWeeks = sem && plan.semesterMode === 'weekly' ? blockWeeksIn(Number(sem[1]) - 1) : 0;
    if (blockWeeks > 0 && m.agg && Math.abs(m.agg.value - (m.sum + blockWeeks)) <= EPS) {
      out.push({
        rule: 'weeks-as-weekly-hours',
        severity: 'warning',
        required: clean(m.sum),
        actual: m.agg.value,
        cells: [m.agg.cell],
        message: msg(
          `${what.zh}“${a.label}”${m.agg.cell} 的${m.zh}为 ${fmtNum(m.agg.value)}，其中 ${fmtNum(blockWeeks)} 是整周安排的周数，不是周学时（课程周学时合计 ${fmtNum(m.sum)}）。`,
          `${what.en} "${a.label}" ${m.agg.cell} states ${m.en} ${fmtNum(m.agg.value)}, of which ${fmtNum(blockWeeks)} are whole weeks of block placements, not weekly hours (the courses' weekly hours add up to ${fmtNum(m.sum)}).`,
        ),
      });
      continue;
    }
    const sum = clean(m.sum);
    const rangeIssue = m.agg?.formula && m.column ? sumRangeGaps(m.agg.formula, m.column, covered, a.sheet) : null;
    if (!m.agg) continue;
    if (Math.abs(m.agg.value - sum) > EPS) {
      const label = a.label ? `“${a.label}”` : '（无标签）';
      const labelEn = a.label ? ` "${a.label}"` : ' (unlabelled)';
      const weeks = blockWeeks > 0 ? msg(`（另有整周安排 ${fmtNum(blockWeeks)} 周，不计周学时）`, ` (and ${fmtNum(blockWeeks)} whole week${blockWeeks === 1 ? '' : 's'} of blocks, which are not weekly hours)`) : msg('', '');
      measured.push({
        cell: m.agg.cell,
        stated: m.agg.value,
        computed: sum,
        key: m.key,
        what: msg(m.zh, m.en),
        rule: a.kind === 'total' ? 'total-mismatch' : 'subtotal-mismatch',
        cells: [m.agg.cell, ...(rangeIssue?.cells ?? [])],
        message: msg(
          `${what.zh}${label}${m.agg.cell} 的${m.zh}为 ${fmtNum(m.agg.value)}，而所含 ${covered.length} 门课程合计 ${fmtNum(sum)}${weeks.zh}${rangeIssue ? `；${rangeIssue.message.zh}` : ''}。`,
          `${what.en}${labelEn} ${m.agg.cell} states ${m.en} ${fmtNum(m.agg.value)}, but its ${covered.length} courses add up to ${fmtNum(sum)}${weeks.en}${rangeIssue ? `; ${rangeIssue.message.en}` : ''}.`,
        ),
        agg: a,
        covered,
        ...(sem && plan.semesterMode === 'weekly' ? { weekly: true } : {}),
        ...(m.agg.dependsOn ? { dependsOn: m.agg.dependsOn } : {}),
        ...(oneGroup ? { asListed: true } : {}),
        // A formula that leaves out a row is the cause: a finding, whatever else might explain it.
        ...(rangeIssue ? { fault: true } : {}),
      });
    }
    // A SUM that leaves out an empty row of its block is the formula audit's (reader/audit.ts).
  }
}

/** Which covered course rows a SUM over the aggregate's column leaves out. */
function sumRangeGaps(formula: string, column: string, covered: Course[], sheet?: string): { cells: string[]; message: Message } | null {
  if (!/SUM\s*\(/i.test(formula)) return null;
  const col = parseA1(`${column}1`)!.col;
  const ranges = referencedRanges(formula).filter((r) => r.col0 <= col && col <= r.col1);
  if (ranges.length === 0) return null;
  const missed = covered.filter((c) => !ranges.some((r) => r.row0 <= c.row && c.row <= r.row1));
  if (missed.length === 0) return null;
  const rows = missed.map((c) => c.row + 1);
  return {
    cells: missed.map((c) => (sheet ? qualify(sheet, `${column}${c.row + 1}`) : `${column}${c.row + 1}`)),
    message: msg(`公式 =${formula} 漏掉了第 ${rows.join('、')} 行（${missed.map((c) => c.name).join('、')}）`, `the formula =${formula} leaves out row${rows.length > 1 ? 's' : ''} ${rows.join(', ')} (${missed.map((c) => c.name).join(', ')})`),
  };
}

function checkInternship(plan: Plan, rules: Rules, loads: SemesterLoad[], out: Finding[]): void {
  const internships = plan.courses.filter((c) => c.isInternship);
  const n = plan.semesters.length;
  for (const c of internships) {
    const hours = courseHours(c);
    const required = rules.internship.weeks * rules.internship.hoursPerWeek;
    if (hours < required - EPS) {
      out.push({
        rule: 'internship-length',
        severity: 'warning',
        required,
        actual: hours,
        cells: [c.totalHours?.cell ?? c.nameCell],
        message: msg(
          `“${c.name}”${fmtNum(hours)} 学时，少于 ${rules.internship.weeks} 周 × ${rules.internship.hoursPerWeek} 学时 = ${required} 学时。`,
          `"${c.name}": ${fmtNum(hours)} h, less than ${rules.internship.weeks} weeks × ${rules.internship.hoursPerWeek} h = ${required} h.`,
        ),
      });
    }
    const placedIn = c.placements.map((p, i) => (p && p.hours > 0 ? i + 1 : 0)).filter((s) => s > 0);
    if (placedIn.length === 0) continue;
    const allowed = rules.internship.semesters.length ? rules.internship.semesters : n >= 4 ? [n - 1, n] : [];
    const outside = placedIn.filter((s) => allowed.length && !allowed.includes(s));
    if (outside.length) {
      const explicit = rules.internship.semesters.length > 0;
      out.push({
        rule: 'internship-placement',
        severity: explicit ? 'error' : 'warning',
        required: allowed.join(','),
        actual: placedIn.join(','),
        cells: outside.map((s) => c.placements[s - 1]!.cell),
        message: explicit
          ? msg(`“${c.name}”安排在第 ${placedIn.join('、')} 学期，设置要求在第 ${allowed.join('、')} 学期。`, `"${c.name}" is in semester ${placedIn.join(', ')}; the settings put it in semester ${allowed.join(', ')}.`)
          : msg(
              `“${c.name}”安排在第 ${placedIn.join('、')} 学期；岗位实习一般在最后一学年（第 ${allowed.join('、')} 学期）。若方案确定在此学期，请在设置中写明实习学期。`,
              `"${c.name}" is placed in semester ${placedIn.join(', ')}; internships are generally in the final year (semester ${allowed.join(', ')}). If the plan means it, set the internship semester in the settings.`,
            ),
      });
    }
  }
  for (const l of loads) {
    if (!l.internship) continue;
    const i = l.semester - 1;
    // Whole-week blocks take their own weeks; only courses taught alongside the internship collide.
    const others = plan.courses.filter((c) => !c.isInternship && weightOf(c) > 0 && (c.placements[i]?.hours ?? 0) > 0 && c.placements[i]?.shape !== 'block');
    if (others.length === 0) continue;
    out.push({
      rule: 'internship-exclusive',
      severity: 'error',
      required: 0,
      actual: clean(others.reduce((s, c) => s + (c.placements[i]?.hours ?? 0), 0)),
      cells: others.map((c) => c.placements[i]!.cell),
      message: msg(
        `第${l.semester}学期是全时岗位实习，却还安排了 ${others.length} 门课程（${others.map((c) => c.name).join('、')}）：请移到其他学期。`,
        `Semester ${l.semester} is a full-time internship, yet ${others.length} course(s) are placed in it (${others.map((c) => c.name).join(', ')}): move them to other semesters.`,
      ),
    });
  }
}

/** Whole-week blocks in a semester cannot take more weeks than the semester has. */
function checkBlockWeeks(plan: Plan, out: Finding[]): void {
  plan.semesters.forEach((s, i) => {
    const blocks = plan.courses.filter((c) => weightOf(c) > 0 && c.placements[i]?.shape === 'block' && c.placements[i]?.blockWeeks);
    const weeks = clean(blocks.reduce((t, c) => t + (c.placements[i]!.blockWeeks ?? 0), 0));
    if (weeks <= s.weeks + EPS || blocks.length < 2) return;
    out.push({
      rule: 'block-weeks',
      severity: 'error',
      required: s.weeks,
      actual: weeks,
      cells: blocks.map((c) => c.placements[i]!.cell),
      message: msg(
        `第${s.index}学期的整周安排共 ${fmtNum(weeks)} 周（${blocks.map((c) => `${c.name} ${c.placements[i]!.blockWeeks}周`).join('、')}），超过该学期的 ${s.weeks} 周。`,
        `Semester ${s.index}'s whole-week placements take ${fmtNum(weeks)} weeks (${blocks.map((c) => `${c.name} ${c.placements[i]!.blockWeeks} wk`).join(', ')}), more than its ${s.weeks} weeks.`,
      ),
    });
  });
}

/** What makes two rows the same course (name and code); null for a placeholder row named after its category. */
export function duplicateKey(c: Course): string | null {
  if (c.name.startsWith('#') || c.name === c.categoryPath[c.categoryPath.length - 1]) return null;
  return normLabel(c.name).toLowerCase() + '|' + (c.code ?? '');
}

function checkDuplicates(plan: Plan, out: Finding[]): void {
  const seen = new Map<string, Course>();
  for (const c of plan.courses) {
    // Rows named after their category (unnamed elective slots) are placeholders, not duplicates.
    const key = duplicateKey(c);
    if (key === null) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, c);
      continue;
    }
    out.push({
      rule: 'duplicate-course',
      severity: 'warning',
      cells: [first.nameCell, c.nameCell],
      message: msg(`课程“${c.name}”出现两次（${first.nameCell} 与 ${c.nameCell}）：若是同一门课，请合并。`, `Course "${c.name}" appears twice (${first.nameCell} and ${c.nameCell}): merge them if they are the same course.`),
    });
  }
}

const STATED_NAMES: Record<StatedFigure['measure'], Message> = {
  'total-hours': msg('总学时', 'total hours'),
  'public-hours': msg('公共基础课学时', 'public basic hours'),
  'public-share': msg('公共基础课比例', 'public basic share'),
  'practice-hours': msg('实践学时', 'practice hours'),
  'practice-share': msg('实践教学比例', 'practice share'),
  'elective-hours': msg('选修课学时', 'elective hours'),
  'semester-hours': msg('学期学时', 'semester hours'),
  'total-credits': msg('总学分', 'total credits'),
  'category-hours': msg('学时', 'hours'),
  'category-credits': msg('学分', 'credits'),
};

/** A summary sheet's figures against the combined plan: the agreements in one line, each difference reconciled. */
function checkStated(plan: Plan, total: number, totalCredits: number, shares: Share[], out: Finding[], measured: Measured[]): void {
  const agree: string[] = [];
  const agreeEn: string[] = [];
  for (const f of plan.stated ?? []) {
    const share = (key: Share['key']) => shares.find((s) => s.key === key);
    let actual: number | null = null;
    let isShare = false;
    switch (f.measure) {
      case 'total-hours':
        actual = total;
        break;
      case 'public-hours':
        actual = share('publicBasic')?.hours ?? null;
        break;
      case 'elective-hours':
        actual = share('elective')?.hours ?? null;
        break;
      case 'practice-hours':
        actual = share('practice')?.share === null ? null : share('practice')?.hours ?? null;
        break;
      case 'public-share':
        actual = share('publicBasic')?.share ?? null;
        isShare = true;
        break;
      case 'practice-share':
        actual = share('practice')?.share ?? null;
        isShare = true;
        break;
      case 'semester-hours': {
        const i = (f.semester ?? 0) - 1;
        if (i >= 0 && i < plan.semesters.length) actual = clean(plan.courses.reduce((s, c) => s + (c.placements[i]?.hours ?? 0) * weightOf(c), 0));
        break;
      }
      case 'total-credits':
        actual = totalCredits;
        break;
      case 'category-hours':
      case 'category-credits': {
        const inCategories = plan.courses.filter((c) => f.categories?.includes(c.category));
        actual = clean(inCategories.reduce((s, c) => s + (f.measure === 'category-hours' ? countedHours(c) : (c.credits?.value ?? 0) * weightOf(c)), 0));
        break;
      }
    }
    if (actual === null) continue;
    const name = f.categories ? msg(`${f.categories.map((x) => CATEGORY_NAMES[x].zh).join('+')}${STATED_NAMES[f.measure].zh}`, `${f.categories.map((x) => CATEGORY_NAMES[x].en).join(' + ')} ${STATED_NAMES[f.measure].en}`) : STATED_NAMES[f.measure];
    const shown = (v: number) => (isShare ? formatShare(v) : fmtNum(clean(v)));
    const what = f.measure === 'semester-hours' ? msg(`第${f.semester}学期${name.zh}`, `semester ${f.semester} hours`) : name;
    if (Math.abs(actual - f.value) <= (isShare ? 0.0005 : 0.5)) {
      agree.push(`${f.label || what.zh}${f.inText ? '' : ` ${shown(f.value)}`}（${f.cell}）`);
      agreeEn.push(`${what.en} ${shown(f.value)} (${f.cell})`);
      continue;
    }
    const missing = f.measure === 'total-hours' && !isShare ? leftOutBy(plan, f) : null;
    const credits = /credits/.test(f.measure);
    measured.push({
      cell: f.cell,
      stated: f.value,
      computed: actual,
      key: f.measure === 'total-hours' ? 'total-hours' : f.measure,
      what,
      rule: 'summary-mismatch',
      cells: [f.cell],
      message: msg(
        `${f.inText ? '文字说明' : '汇总表'} ${f.cell}（${f.label || what.zh}）写 ${shown(f.value)}，而合并全部工作表后的方案${what.zh}为 ${shown(actual)}${isShare ? '' : `：相差 ${fmtNum(clean(Math.abs(actual - f.value)))} ${credits ? '学分' : '学时'}`}${f.formula ? `（公式 =${f.formula}）` : ''}${missing ? `；它没有算入${missing.zh}` : ''}。`,
        `${f.inText ? 'The text in' : 'Summary'} ${f.cell} (${f.label || what.en}) states ${shown(f.value)}, but the plan combined from every sheet has ${what.en} ${shown(actual)}${isShare ? '' : `: ${fmtNum(clean(Math.abs(actual - f.value)))} ${credits ? (Math.abs(actual - f.value) === 1 ? 'credit' : 'credits') : 'h'} apart`}${f.formula ? ` (formula =${f.formula})` : ''}${missing ? `; it leaves out ${missing.en}` : ''}.`,
      ),
      covered: [],
      ...(isShare ? { share: true } : {}),
      ...(f.dependsOn ? { dependsOn: f.dependsOn } : {}),
      ...(f.external ? { external: f.external.value } : {}),
    });
  }
  checkPrintedShares(plan, total, agree, agreeEn, measured);
  if (agree.length)
    out.push({
      rule: 'summary-agrees',
      severity: 'info',
      cells: [],
      message: msg(`学校写明的这些数与合并后的方案一致：${agree.join('，')}。`, `What the school states agrees with the combined plan: ${agreeEn.join(', ')}.`),
    });
}

/**
 * The shares a table prints on its 占比 rows against the plan's, to the precision they are printed
 * with (38% for 37.87 % agrees; a printed 10% for 9.84 % agrees too, and the share rule still fails).
 */
function checkPrintedShares(plan: Plan, total: number, agree: string[], agreeEn: string[], measured: Measured[]): void {
  if (total <= 0) return;
  for (const a of plan.aggregates) {
    const printed = a.printedShare;
    if (a.kind !== 'ratio' || !printed || !a.category) continue;
    const inCategory = (c: Course) => (a.category === 'public-basic' ? inShare(c, 'publicBasic') : c.category === a.category);
    const share = plan.courses.filter(inCategory).reduce((s, c) => s + countedHours(c), 0) / total;
    const asPercent = printed.value > 1;
    const value = asPercent ? printed.value / 100 : printed.value;
    const decimals = (String(printed.value).split('.')[1] ?? '').length;
    const tolerance = (asPercent ? 0.005 : 0.5) * 10 ** -decimals + EPS;
    const name = CATEGORY_NAMES[a.category];
    if (Math.abs(share - value) <= tolerance) {
      // Said as printed: a rounded share agrees only to the digits it shows.
      const shown = `${(value * 100).toFixed(Math.max(0, asPercent ? decimals : decimals - 2))}%`;
      agree.push(`${name.zh}占比印作 ${shown}（${printed.cell}，实为 ${formatShare(share)}）`);
      agreeEn.push(`${name.en} share printed ${shown} (${printed.cell}; ${formatShare(share)} exactly)`);
      continue;
    }
    measured.push({
      cell: printed.cell,
      stated: value,
      computed: share,
      key: 'share',
      what: msg(`${name.zh}占比`, `${name.en} share`),
      rule: 'ratio-mismatch',
      cells: [printed.cell],
      message: msg(
        `占比行“${a.label}”${printed.cell} 写 ${formatShare(value)}，而${name.zh}学时占总学时 ${fmtNum(total)} 的 ${formatShare(share)}。`,
        `Share row "${a.label}" ${printed.cell} prints ${formatShare(value)}, but ${name.en.toLowerCase()} hours are ${formatShare(share)} of the ${fmtNum(total)} h.`,
      ),
      covered: [],
      share: true,
    });
  }
}

/**
 * What a summary total's formula does not reach: the sub-totals and practice tables of the plan none of
 * its precedents covers, when their hours are the whole difference.
 */
function leftOutBy(plan: Plan, f: StatedFigure): Message | null {
  if (!f.dependsOn && !f.reaches) return null;
  const reached = new Set<Course>();
  const cellsOf = (a: AggregateRow) => [a.totalHours, a.credits, a.practiceHours, ...a.semesterHours, ...a.semesterCredits].filter((x): x is NumFact => !!x).map((x) => (x.cell.includes('!') ? x.cell : qualify(plan.sheet, x.cell)));
  const deps = new Set((f.dependsOn ?? []).map((d) => d.cell));
  for (const a of plan.aggregates) if (cellsOf(a).some((c) => deps.has(c))) for (const c of coveredBy(plan, a)) reached.add(c);
  const reachedSheets = new Set((f.reaches ?? []).map((c) => c.split('!')[0].replace(/^'|'$/g, '')));
  for (const c of plan.courses) if (c.source === 'practice-table' && reachedSheets.has(c.sheet!)) reached.add(c);
  const left = plan.courses.filter((c) => !reached.has(c) && countedHours(c) > 0);
  const hours = clean(left.reduce((s, c) => s + countedHours(c), 0));
  if (left.length === 0 || Math.abs(hours - (clean(plan.courses.reduce((s, c) => s + countedHours(c), 0)) - f.value)) > 0.5) return null;
  // Name the parts: sub-totals that cover left-out courses, practice tables, the rest by name.
  const parts: { zh: string; en: string }[] = [];
  const named = new Set<Course>();
  for (const a of plan.aggregates) {
    if (a.kind !== 'subtotal' || !a.totalHours) continue;
    const cov = coveredBy(plan, a);
    if (cov.length && cov.every((c) => left.includes(c)) && !cov.every((c) => named.has(c))) {
      cov.forEach((c) => named.add(c));
      parts.push({ zh: `${a.totalHours.cell}（${fmtNum(a.totalHours.value)} 学时）`, en: `${a.totalHours.cell} (${fmtNum(a.totalHours.value)} h)` });
    }
  }
  const practice = left.filter((c) => c.source === 'practice-table' && !named.has(c));
  if (practice.length) {
    practice.forEach((c) => named.add(c));
    parts.push({ zh: `“${practice[0].sheet}”的${practice.map((c) => c.name).join('、')}（${fmtNum(clean(practice.reduce((s, c) => s + countedHours(c), 0)))} 学时）`, en: `${practice.map((c) => c.name).join(', ')} on "${practice[0].sheet}" (${fmtNum(clean(practice.reduce((s, c) => s + countedHours(c), 0)))} h)` });
  }
  const rest = left.filter((c) => !named.has(c));
  if (rest.length) parts.push({ zh: rest.map((c) => `“${c.name}”`).join('、'), en: rest.map((c) => `"${c.name}"`).join(', ') });
  return msg(`${parts.map((p) => p.zh).join('、')}，共 ${fmtNum(hours)} 学时`, `${parts.map((p) => p.en).join(', ')}: ${fmtNum(hours)} h in all`);
}
