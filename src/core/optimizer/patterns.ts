/**
 * A course's feasible placements as patterns: a run of consecutive teaching semesters (a full-time
 * internship semester in between does not break the run) with whole weekly hours in each, differing
 * by at most maxSpread. Choosing one pattern per course is a set-partitioning model whose LP
 * relaxation is tight, with few rows; locks, windows and prerequisites become which patterns exist.
 */

import type { OptCourse, OptProblem } from './problem';

export interface Pattern {
  course: string;
  /**
   * Each semester's share of the weekly load (0 outside the run): the weekly hours, or hours over the
   * semester's weeks in an hours layout; 0 for hours given per term (`8/期`, outside the weekly load).
   */
  weekly: number[];
  /**
   * What a semester cell holds when it is not the plain number (weekly hours in a weekly layout, hours
   * in an hours layout): a notation the sheet itself uses and the reader reads back to the same hours.
   */
  notation?: (string | null)[];
  /** Hours per semester (weekly × weeks). */
  hours: number[];
  start: number; // 1-based
  end: number;
  span: number;
  total: number;
  /** Semesters whose hours differ from the sheet's current placement. */
  moved: number;
  /** How far the shape is from where a school would put it (placement norms; 0 = as a school would). */
  normCost: number;
  /** What moving the course this way costs in mode rebalance (0 = as the sheet has it). */
  moveCost: number;
  /** Exactly the sheet's own placement of the course. */
  sheet?: boolean;
}

const MAX_PATTERNS_PER_RUN = 6;

/** Semesters a course may be placed in: teaching ones, not closed to it, inside its allowed set. */
function open(problem: OptProblem, c: OptCourse): number[] {
  return problem.semesters
    .filter((s) => s.teaching && c.fixed[s.index - 1] === 0 && (!c.allowed || c.allowed.includes(s.index)) && (!s.closed || c.current[s.index - 1] > 0))
    .map((s) => s.index);
}

/**
 * The runs of `span` consecutive open semesters. A run never straddles a full-time internship
 * semester (a binding norm): only a lecture series, which runs in every in-school semester, spans one.
 */
function runs(problem: OptProblem, c: OptCourse, span: number): number[][] {
  const out: number[][] = [];
  const teaching = open(problem, c);
  for (let i = 0; i + span <= teaching.length; i++) {
    const run = teaching.slice(i, i + span);
    if (run[0] < c.earliest || run[run.length - 1] > c.latest) continue;
    let ok = true;
    for (let k = 1; k < run.length && ok; k++) {
      for (let s = run[k - 1] + 1; s < run[k]; s++) if (problem.semesters[s - 1].teaching || !c.series) ok = false;
    }
    if (ok) out.push(run);
  }
  return out;
}

/** The shape keeps to the course's binding bounds (OptCourse.fit). */
function fits(c: OptCourse, p: Pattern): boolean {
  const f = c.fit;
  if (!f) return true;
  if (f.startMin !== undefined && p.start < f.startMin) return false;
  if (f.startMax !== undefined && p.start > f.startMax) return false;
  if (f.endMax !== undefined && p.end > f.endMax) return false;
  if (f.startIn && !f.startIn.includes(p.start)) return false;
  if (f.endIn && !f.endIn.includes(p.end)) return false;
  if (f.every && !f.every.every((s) => p.hours[s - 1] > 0)) return false;
  return true;
}

/** Whole weekly hours w_t ∈ {k, …, k + spread} over the run with Σ w_t · weeks_t = target. */
function splits(weeks: number[], target: number, spread: number): number[][] {
  const total = weeks.reduce((a, b) => a + b, 0);
  const out: number[][] = [];
  const kMin = Math.max(1, Math.floor(target / total) - spread);
  const kMax = Math.max(1, Math.ceil(target / total));
  for (let k = kMin; k <= kMax; k++) {
    const rest = target - k * total;
    if (rest < 0) continue;
    if (spread === 0) {
      if (rest === 0) out.push(weeks.map(() => k));
      continue;
    }
    // Which semesters get k+1: every subset whose weeks add up to the rest.
    const L = weeks.length;
    for (let mask = 0; mask < 1 << L && out.length < MAX_PATTERNS_PER_RUN * 4; mask++) {
      let sum = 0;
      for (let t = 0; t < L; t++) if (mask & (1 << t)) sum += weeks[t];
      if (sum === rest) out.push(weeks.map((_, t) => k + (mask & (1 << t) ? 1 : 0)));
    }
  }
  return pickSpread(out);
}

/** A course's shapes at most (a total that may move by hundreds of hours would otherwise enumerate thousands). */
export const MAX_PATTERNS_PER_COURSE = 400;
export const MAX_PATTERNS_WHEN_TOTALS_MOVE = 40;

/** Keep the splits varied (front-, back-loaded, alternating) when a run has very many. */
function pickSpread(all: number[][]): number[][] {
  if (all.length <= MAX_PATTERNS_PER_RUN) return all;
  const step = all.length / MAX_PATTERNS_PER_RUN;
  return Array.from({ length: MAX_PATTERNS_PER_RUN }, (_, i) => all[Math.floor(i * step)]);
}

export interface CoursePatterns {
  course: OptCourse;
  patterns: Pattern[];
  /** True when no pattern matches the total exactly and the nearest totals are offered. */
  approximate: boolean;
}

export function enumeratePatterns(problem: OptProblem, c: OptCourse): CoursePatterns {
  const n = problem.semesters.length;
  const weeksOf = (s: number) => problem.semesters[s - 1].weeks;
  const make = (run: number[], w: number[]): Pattern => {
    const weekly = new Array(n).fill(0);
    const hours = new Array(n).fill(0);
    run.forEach((s, t) => {
      weekly[s - 1] = w[t];
      hours[s - 1] = w[t] * weeksOf(s);
    });
    const total = hours.reduce((a, b) => a + b, 0);
    return { course: c.id, weekly, hours, start: run[0], end: run[run.length - 1], span: run.length, total, moved: movedSemesters(c, hours), normCost: 0, moveCost: 0 };
  };
  const step = problem.semesters.filter((s) => s.teaching).reduce((g, s) => gcd(g, s.weeks), 0) || 1;
  // Totals that may move: nearest to the course's own total first, so the cap below keeps those.
  const targets = c.totalRange ? range(c.totalRange[0], c.totalRange[1], step).sort((a, b) => Math.abs(a - c.hours) - Math.abs(b - c.hours)) : [c.hours];
  // A total that may move offers few shapes per total: the solver needs the nearby totals, not every split.
  const limit = c.totalRange ? MAX_PATTERNS_WHEN_TOTALS_MOVE : MAX_PATTERNS_PER_COURSE;
  const collect = (wanted: number[]) => {
    const patterns: Pattern[] = [];
    const seen = new Set<string>();
    // Memory stays bounded whatever the slack: at most MAX_PATTERNS_PER_COURSE shapes per course,
    // the totals closest to the course's own taken first.
    for (const target of wanted) {
      for (let span = 1; span <= (c.allowed ? 1 : problem.maxSpan); span++) {
        for (const run of runs(problem, c, span)) {
          for (const w of splits(run.map(weeksOf), target, problem.maxSpread)) {
            const p = make(run, w);
            const key = p.weekly.join(',');
            if (!seen.has(key)) {
              seen.add(key);
              patterns.push(p);
              if (patterns.length >= limit) return patterns;
            }
          }
        }
      }
    }
    return patterns;
  };
  if (c.hours <= 0 && !c.totalRange) return { course: c, patterns: [], approximate: false };
  // More weekly hours than a school gives one course cost dearly in the placement stage (see
  // normCost) but stay possible: a short semester before the internship runs courses at 8 h/week.
  const exact = [...collect(targets), ...partWeeks(problem, c, targets), ...series(problem, c, targets)].filter((p) => fits(c, p));
  // The sheet's own placement is always a shape: rebalancing may leave a course exactly where it is,
  // and a course no shape reaches keeps its placement. A total is never rewritten to a reachable one.
  const asIs = (c.asWritten ?? c.current).map((h, i) => h - c.fixed[i]);
  const placedAsIs = asIs.reduce((a, b) => a + b, 0);
  // (Planning afresh may leave it there too: a course the sheet places in full never drops out of the plan.)
  if (placedAsIs > 0 && Math.abs(placedAsIs - c.hours) < 1e-9) {
    const key = asIs.map((h, i) => h / weeksOf(i + 1)).join(',');
    if (!exact.some((p) => p.weekly.join(',') === key)) {
      const used = asIs.map((h, i) => (h > 0 ? i + 1 : 0)).filter(Boolean);
      const weekly = asIs.map((h, i) => h / weeksOf(i + 1));
      exact.push({ course: c.id, weekly, hours: asIs, start: used[0], end: used[used.length - 1], span: used.length, total: placedAsIs, moved: 0, normCost: 0, moveCost: 0 });
    }
  }
  for (const p of exact) {
    if (placedAsIs > 0 && p.hours.every((h, i) => Math.abs(h - asIs[i]) < 1e-9)) p.sheet = true;
    p.normCost = normCost(problem, c, p);
    p.moveCost = problem.mode === 'rebalance' && !c.allowed ? moveCost(c, p) : 0;
  }
  // Rebalancing never makes a course less like a school's plan than the sheet has it: a move keeps
  // the course's shape and start as plausible as they were, and its place in the school's order.
  if (problem.mode === 'rebalance' && placedAsIs > 0 && !c.allowed) {
    // (The start a course's list position suggests is only a guess; it does not hold a move back.)
    const here = exact.find((p) => p.moveCost === 0);
    const limit = here ? here.normCost - preference(c, here) : Infinity;
    const w = c.moveWindow;
    const kept = exact.filter((p) => p.moveCost === 0 || (p.normCost - preference(c, p) <= limit + 1e-9 && (!w || (p.start >= w[0] && p.end <= w[1]))));
    // A shared course kept out of a full semester may move further than a move otherwise would.
    const chosen = clearOf(c, kept) ?? clearOf(c, exact) ?? kept;
    return { course: c, patterns: chosen, approximate: chosen.length === 0 };
  }
  return { course: c, patterns: clearOf(c, exact) ?? exact, approximate: exact.length === 0 };
}

const avoids = (c: OptCourse) => (p: Pattern) => !c.avoid || c.avoid.every((s) => !(p.hours[s - 1] > 0));

/**
 * The shapes that keep out of the semesters to avoid — but not at any price: a shape with more weekly
 * hours than a school gives the course (144 h of 体育 in one semester) is no way out. Null when there
 * is nothing to avoid or no such shape (then the caller keeps every shape and the clash is reported).
 */
function clearOf(c: OptCourse, patterns: Pattern[]): Pattern[] | null {
  if (!c.avoid || patterns.length === 0) return null;
  const peak = (p: Pattern) => Math.max(0, ...p.weekly);
  const plausible = Math.max(c.weekly?.max ?? Infinity, Math.min(...patterns.map(peak)));
  const clear = patterns.filter(avoids(c)).filter((p) => peak(p) <= plausible + 1e-9);
  return clear.length ? clear : null;
}

/** Semesters whose hours differ from the sheet's; 0 for a course the sheet does not place (nothing moves). */
function movedSemesters(c: OptCourse, hours: number[]): number {
  if (!c.current.some((h, s) => h - c.fixed[s] > 1e-9)) return 0;
  let moved = 0;
  for (let s = 0; s < hours.length; s++) if (Math.abs(hours[s] - c.current[s] + c.fixed[s]) > 1e-9) moved++;
  return moved;
}

/** Per hour a week above the preferred most, per semester a start lies outside its window, … */
export const NORM_WEIGHTS = { weeklyOver: 2, weeklyOverMax: 20, weeklyUnder: 1, startOutside: 10, publicLate: 3, offTarget: 3, extraSemesterInSequence: 3, besideCore: 10 };

/** How far a shape is from the school's usual (see placement.ts): 0 when it is as a school would write it. */
function normCost(problem: OptProblem, c: OptCourse, p: Pattern): number {
  let cost = 0;
  const w = c.series ? undefined : c.weekly;
  // A lecture series runs in every teaching semester if it can, and from the first: its few hours a
  // week are its nature; a shorter run starts as early as it may.
  if (c.series) cost += problem.semesters.filter((s) => s.teaching).length - p.span + (p.start - (c.startWindow?.[0] ?? 1));
  if (w) for (const x of p.weekly) if (x > 0) cost += NORM_WEIGHTS.weeklyOver * Math.max(0, x - w.preferredMax) + NORM_WEIGHTS.weeklyOverMax * Math.max(0, x - w.max) + NORM_WEIGHTS.weeklyUnder * Math.max(0, w.min - x);
  const win = c.startWindow;
  // A public-basic course late (英语 in year 3) is further from a school's plan than a professional one a semester off.
  const late = c.category === 'public-basic' ? NORM_WEIGHTS.publicLate : 1;
  if (win) cost += NORM_WEIGHTS.startOutside * (Math.max(0, win[0] - p.start) + late * Math.max(0, p.start - win[1]));
  if (problem.sequences.some((s) => s.ids.includes(c.id))) cost += NORM_WEIGHTS.extraSemesterInSequence * (p.span - 1);
  // Whole numbers, so a stage of them is proven as soon as no whole value lies between answer and bound.
  return Math.round(cost + preference(c, p));
}

/**
 * The preferences a move may trade for fewer moved courses: a start near where the course's place in
 * its list suggests, and a basic course over before the core courses it prepares start.
 */
function preference(c: OptCourse, p: Pattern): number {
  const offTarget = c.targetStart !== undefined ? NORM_WEIGHTS.offTarget * Math.abs(p.start - c.targetStart) : 0;
  const besideCore = c.coreFrom !== undefined ? NORM_WEIGHTS.besideCore * p.hours.filter((h, i) => h > 0 && i + 1 >= c.coreFrom!).length : 0;
  return offTarget + besideCore;
}

/** One per moved course: fewest moved courses first (the placement norms, then fewest moved semesters, break ties). */
function moveCost(c: OptCourse, p: Pattern): number {
  let hours = 0;
  for (let s = 0; s < p.hours.length; s++) hours += Math.abs(p.hours[s] - (c.current[s] - c.fixed[s]));
  return hours < 1e-9 ? 0 : 1;
}

/**
 * One semester, run for some of its weeks rather than the template's count: 36 h as 2 h/week × 18 in
 * a template that counts 16, or 3 h/week × 12 in a 16-week first semester. The weekly load is measured
 * as the checker does: hours over the semester's course weeks.
 */
function partWeeks(problem: OptProblem, c: OptCourse, targets: number[]): Pattern[] {
  const out: Pattern[] = [];
  const n = problem.semesters.length;
  // A weekly-hours sheet writes weekly hours: a course over some of the weeks only where the sheet
  // itself writes `4/8W` (its reader reads it back as 4 h a week for 8 weeks).
  const weeklyLayout = problem.layout === 'weekly';
  if (weeklyLayout && !problem.notations?.weeks) return out;
  const openHere = new Set(open(problem, c));
  for (const s of problem.semesters) {
    if (!openHere.has(s.index) || s.index < c.earliest || s.index > c.latest) continue;
    for (const target of targets) {
      if (Number.isInteger(target / s.weeks)) continue; // the whole-weeks shape already exists
      const most = s.maxWeeks ?? s.weeks;
      let k = most;
      // Most weeks first (the fewest weekly hours); at least half the semester's weeks.
      while (k >= Math.ceil(s.weeks / 2) && !(Number.isInteger(target / k) && target / k >= 1 && target / k <= 12)) k--;
      if (k < Math.ceil(s.weeks / 2) || (weeklyLayout && k > s.weeks)) continue;
      const weekly = new Array(n).fill(0);
      const hours = new Array(n).fill(0);
      // The load as the checker measures it: hours over the semester's weeks, or the weekly hours written.
      weekly[s.index - 1] = weeklyLayout ? target / k : target / s.weeks;
      hours[s.index - 1] = target;
      const notation = weeklyLayout ? hours.map((h, i) => (i === s.index - 1 ? `${target / k}/${k}W` : null)) : undefined;
      out.push({ course: c.id, weekly, hours, ...(notation ? { notation } : {}), start: s.index, end: s.index, span: 1, total: target, moved: movedSemesters(c, hours), normCost: 0, moveCost: 0 });
    }
  }
  return out;
}

/**
 * A lecture series (形势与政策, 安全教育): the same whole number of hours in each of a run of
 * consecutive teaching semesters, however few hours a week that makes.
 */
function series(problem: OptProblem, c: OptCourse, targets: number[]): Pattern[] {
  if (!c.series) return [];
  const out: Pattern[] = [];
  const n = problem.semesters.length;
  // A weekly-hours sheet writes a series per term (`8/期`, outside the weekly load) only where it uses
  // that notation itself; otherwise only whole weekly hours are written.
  const weeklyLayout = problem.layout === 'weekly';
  const perTerm = weeklyLayout && !!problem.notations?.term;
  for (const target of targets) {
    for (let span = 2; span <= n; span++) {
      const each = target / span;
      if (!Number.isInteger(each) || each < 2) continue;
      for (const run of runs(problem, c, span)) {
        if (weeklyLayout && !perTerm && run.some((t) => !Number.isInteger(each / problem.semesters[t - 1].weeks))) continue;
        const weekly = new Array(n).fill(0);
        const hours = new Array(n).fill(0);
        for (const t of run) {
          hours[t - 1] = each;
          weekly[t - 1] = perTerm ? 0 : each / problem.semesters[t - 1].weeks;
        }
        const notation = perTerm ? hours.map((h) => (h > 0 ? `${each}/期` : null)) : undefined;
        out.push({ course: c.id, weekly, hours, ...(notation ? { notation } : {}), start: run[0], end: run[run.length - 1], span, total: target, moved: movedSemesters(c, hours), normCost: 0, moveCost: 0 });
      }
    }
  }
  return out;
}

/** Candidate totals within a course's allowed range: only multiples of the weeks' common divisor are reachable. */
function range(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  for (let h = Math.ceil(min / step) * step; h <= max; h += step) out.push(h);
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
