/**
 * Staged (lexicographic) solve: fewest violations, then smallest change to totals, then the lightest
 * heaviest semester, then spread / movement / semesters per course. Each stage fixes the previous
 * stage's optimum as a row. Engines are not trusted: every answer is checked against the model.
 */

import { balancedCurriculum } from './balance';
import { type BuiltModel, buildModel } from './build';
import { greedyNorms, greedyNormsStart, greedyTieBreak, greedyViolations, lessOverload, normBound } from './greedy';
import { type Backend, type Model, type SolveLimits, type SolveOutcome, type SolveStatus, type Term, violatedRows } from './model';
import type { OptProblem } from './problem';

export interface StageReport {
  stage: 'violations' | 'totals' | 'moves' | 'placement' | 'balance' | 'tie-break';
  status: SolveStatus;
  objective: number | null;
  seconds: number;
}

export interface CourseSolution {
  id: string;
  hours: number[];
  weekly: number[];
  unplaced: boolean;
}

export interface RawSolution {
  status: 'optimal' | 'feasible' | 'failed';
  backend: Backend['name'];
  gap: number | null;
  seconds: number;
  stages: StageReport[];
  courses: CourseSolution[];
  /** Slack per rule: weekly-hours over the cap per semester, ratio shortfall in hours, … */
  capSlack: Record<number, number>;
  minLoadSlack: Record<number, number>;
  countSlack: Record<number, { over: number; under: number }>;
  ratioSlack: Record<string, number>;
  maxLoad: number | null;
  /** Set when the cap could not hold: the least cap at which the rest holds, verified by this solution. */
  leastCap?: number;
  message?: string;
  model: { vars: number; rows: number };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Solves the problem. Where the weekly cap cannot hold, the least cap X at which everything else holds
 * is found (the lightest heaviest semester, rounded up) and the problem is solved again at X: the
 * answer the user sees is a real plan at X, and "raise the cap to X" is verified by that solve.
 */
export function solveProblem(problem: OptProblem, backend: Backend, timeLimitSec = 30): RawSolution {
  const t0 = now();
  const left = () => timeLimitSec - (now() - t0) / 1000;
  const first = solveStaged(problem, backend, timeLimitSec, { stopIfCapBreaks: true });
  if (first.raw.status === 'failed' || !first.capBreaks || left() <= 0) return first.raw;
  const raise = (cap: number): OptProblem => ({ ...problem, semesters: problem.semesters.map((s) => (s.teaching ? { ...s, cap: Math.max(s.cap, cap) } : s)) });
  const free = withoutCaps(first.built, first.values!);
  const bound = capBound(free, first.built, backend, left);
  // The plan solved at the bound itself: where its cap holds, no lower cap can (the bound says so),
  // so it is the least cap, proven, and the search below (the same answer, found by more solves) is
  // not needed. Its first stage often ends in a greedy placement at once.
  if (bound !== null && left() > 0) {
    const atBound = solveStaged(raise(bound), backend, left(), { stopIfCapBreaks: true, hint: first.values! });
    if (atBound.raw.status !== 'failed' && !atBound.capBreaks)
      return { ...atBound.raw, leastCap: bound, stages: [...first.raw.stages, ...atBound.raw.stages], seconds: (now() - t0) / 1000 };
  }
  const least = leastCap(free, first.built, first.values!, backend, left, bound);
  if (least === null || left() <= 0) return { ...first.raw, seconds: (now() - t0) / 1000 };
  const second = solveStaged(raise(least), backend, left(), {});
  const verified = second.raw.status !== "failed" && !second.capBreaks;
  const chosen = verified ? second.raw : first.raw;
  return { ...chosen, ...(verified ? { leastCap: least } : {}), stages: [...first.raw.stages, ...(verified ? second.raw.stages : [])], seconds: (now() - t0) / 1000 };
}

/** The model without its cap rows, the first stage's choice of courses left out held. */
function withoutCaps(built: BuiltModel, values: Record<string, number>): Model {
  const fixed = fixPlacement(built, values);
  return { ...fixed, rows: fixed.rows.filter((r) => !r.name.startsWith('cap_')) };
}

/** No cap below this whole number can hold (the LP relaxation's lightest heaviest semester); null when the LP gives none. */
function capBound(free: Model, built: BuiltModel, backend: Backend, left: () => number): number | null {
  const relaxed: Model = { ...free, vars: new Map([...free.vars].map(([k]) => [k, 'continuous' as const])), objective: [{ v: built.maxLoad, c: 1 }] };
  const lp = backend.solve(relaxed, { timeLimitSec: Math.max(0.1, left()) });
  return lp.status === 'optimal' && lp.objective !== null ? Math.ceil(lp.objective - 1e-4) : null;
}

/**
 * The least whole cap at which every semester fits, the other rules held as the first stage left
 * them: from the LP bound, "every load ≤ T" is tried for T = bound, bound + 1, … (a sum of overloads
 * of 0 proves T). Null when no T is proven in time.
 */
function leastCap(free: Model, built: BuiltModel, values: Record<string, number>, backend: Backend, left: () => number, bound: number | null): number | null {
  const current = Math.max(...loadsOf(built, values));
  let target = bound ?? Math.ceil(current - 1e-4);
  for (; target <= Math.ceil(current - 1e-4) && left() > 0; target++) {
    const vars = new Map(free.vars);
    const gaps: Term[] = [];
    const rows = loadRows(built, 'max_', target, (row) => {
      const v = `gap_${row}`;
      vars.set(v, 'continuous');
      gaps.push({ v, c: 1 });
      return v;
    });
    const out = backend.solve({ vars, rows: [...free.rows, ...rows], objective: gaps }, { timeLimitSec: Math.max(0.1, left()) });
    if (out.status !== 'optimal') return null;
    if ((out.objective ?? 1) <= 1e-6) return target;
  }
  return null;
}

interface StagedOptions {
  /** Stop after the first stage when the cap cannot hold (the caller re-solves at the least cap). */
  stopIfCapBreaks?: boolean;
  /** Run only these stages. */
  only?: Set<StageReport['stage']>;
  /** An answer to the same courses under other caps (the first solve's, when the cap is raised). */
  hint?: Record<string, number>;
}

interface Staged {
  raw: RawSolution;
  built: BuiltModel;
  values: Record<string, number> | null;
  /** The weekly cap does not hold in the answer. */
  capBreaks: boolean;
}

function solveStaged(problem: OptProblem, backend: Backend, timeLimitSec: number, opts: StagedOptions): Staged {
  const t0 = now();
  const built = buildModel(problem);
  const wanted = (stage: StageReport['stage']) => !opts.only || opts.only.has(stage);
  const stages: StageReport[] = [];
  let values: Record<string, number> | null = null;
  let status: RawSolution['status'] = 'optimal';
  let gap: number | null = 0;
  let message: string | undefined;
  const left = () => timeLimitSec - (now() - t0) / 1000;

  // Each stage returns a solution of the full model (checked against it) or stops the sequence.
  const run = (stage: StageReport['stage'], attempt: () => SolveOutcome): boolean => {
    if (left() <= 0) {
      status = values ? 'feasible' : 'failed';
      message = 'time limit';
      return false;
    }
    const s0 = now();
    const out = attempt();
    stages.push({ stage, status: out.status, objective: out.objective, seconds: (now() - s0) / 1000 });
    if (out.status !== 'optimal' && out.status !== 'feasible') {
      status = values ? 'feasible' : 'failed';
      message = out.message ?? `${stage}: ${out.status}`;
      return false;
    }
    const bad = violatedRows(built.model, out.values);
    if (bad.length > 0) {
      status = values ? 'feasible' : 'failed';
      message = `${backend.name} returned an answer that breaks ${bad.length} row(s) of the model (${bad.slice(0, 3).map((r) => r.name).join(', ')}); discarded`;
      return false;
    }
    values = out.values;
    if (out.status === 'feasible') {
      status = 'feasible';
      gap = out.gap;
      return false;
    }
    return true;
  };

  // Lexicographic: each objective is minimised with every earlier one held at its optimum.
  const order: [StageReport['stage'], Term[]][] = [
    ['totals', built.totalChange],
    ['moves', built.moves],
    ['placement', built.norms],
  ];
  const held: [Term[], number][] = [];
  // A school-like placement that meets every cap proves the violations and placement stages at once.
  const both = wanted('placement') ? greedyNorms(problem, built) : null;
  const hinted = opts.hint ? lessOverload(problem, built, opts.hint) : null;
  // A hint that breaks nothing under these caps is at the stage's lower bound (0): proven at once.
  const hintProves = hinted && violatedRows(built.model, hinted).length === 0 && value(built.violations, hinted) <= 1e-9 ? { status: 'optimal' as const, values: hinted, objective: 0, gap: 0 } : null;
  let go = run('violations', () => both ?? greedyViolations(problem, built) ?? hintProves ?? balancedCurriculum(problem, built) ?? backend.solve({ ...built.model, objective: built.violations }, { timeLimitSec: left(), ...(hinted ? { start: hinted } : {}) }));
  if (go) held.push([built.violations, value(built.violations, values!)]);
  if (go && opts.stopIfCapBreaks && [...built.capSlack.values()].some((v) => (values![v] ?? 0) > 1e-6)) go = false;
  for (const [stage, terms] of order) {
    if (!go || terms.length === 0 || !wanted(stage)) continue;
    // The solution in hand may already be at the stage's lower bound: nothing to solve.
    const bound = stage === 'placement' ? normBound(built) : 0;
    if (value(terms, values!) > bound + 1e-9) go = run(stage, () => cheapestFirst(built, bounded(built.model, held), terms, backend, left, false, stage !== 'totals', stage === 'placement' ? betterStart(built, held, terms, values!, greedyNormsStart(problem, built, values!)) : values!, noneLeftOut(built, held)));
    if (go) held.push([terms, value(terms, values!)]);
  }
  if (go) {
    const keeps = (vals: Record<string, number>) => keepsHeld(held, vals);
    const exact = bounded(built.model, held);
    const fixed = fixPlacement(built, values!);
    if (run('balance', () => solveLoadBound(fixed, exact, built, backend, left(), 'max', keeps, values!))) {
      const lStar = values![built.maxLoad];
      const withL = bounded(exact, [[[{ v: built.maxLoad, c: 1 }], lStar]]);
      const fixedL = withRows(fixed, loadRows(built, 'max_', lStar));
      if (run('balance', () => solveLoadBound(fixedL, withL, built, backend, left(), 'min', keeps, values!))) {
        const mStar = values![built.minLoad];
        const tie = built.tieBreak.filter((t) => t.v !== built.maxLoad && t.v !== built.minLoad);
        if (tie.length && wanted('tie-break')) {
          const fixedLm = withRows(fixedL, loadRows(built, 'min_', mStar));
          const full = bounded(withL, [[[{ v: built.minLoad, c: -1 }], -mStar]]);
          run('tie-break', () => {
            const coef = new Map(tie.map((t) => [t.v, t.c]));
            const greedy = greedyTieBreak(problem, built, mStar, lStar, (p) => coef.get(built.patternVar.get(p)!) ?? 0);
            if (greedy && keeps(greedy.values)) return withLoads(greedy, built, lStar, mStar);
            const quick = cheapestFirst(built, fixedLm, tie, backend, left, true, false, values!);
            if (quick && keeps(quick.values)) return withLoads(quick, built, lStar, mStar);
            const out = backend.solve({ ...fixedLm, objective: tie }, { timeLimitSec: left(), start: values! });
            const ok = out.status === 'optimal' || out.status === 'feasible';
            if (ok && keeps(out.values)) return withLoads(out, built, lStar, mStar);
            return backend.solve({ ...full, objective: tie }, { timeLimitSec: left(), start: values! });
          });
        }
      }
    }
  }
  const raw = extract(problem, built, values, { status, backend: backend.name, gap: status === 'optimal' ? 0 : gap, seconds: (now() - t0) / 1000, stages, message });
  const final = values as Record<string, number> | null;
  // Weekly hours over the cap by more than the engines' tolerance (stage bounds allow 1e-6 relative).
  return { raw, built, values: final, capBreaks: !!final && [...built.capSlack.values()].some((v) => (final[v] ?? 0) > 1e-4) };
}

/**
 * A stage whose objective is a sum of per-pattern costs (plus non-negative slacks) is bounded below by
 * each course's cheapest pattern. Solve first with only those patterns: an answer at that bound is
 * optimal for the whole model (it is one of its solutions), found in a fraction of the time. Otherwise
 * the whole model is solved. `onlyProof`: return null instead of solving the whole model.
 */
function cheapestFirst(built: BuiltModel, m: Model, terms: Term[], backend: Backend, left: () => number, onlyProof = false, wholeObjective = false, start?: Record<string, number>, placedAll = false): SolveOutcome {
  const cost = new Map(terms.map((t) => [t.v, t.c]));
  const perCourse = built.courses.map((cp) => {
    const costs = cp.patterns.map((p) => cost.get(built.patternVar.get(p)!) ?? 0);
    return { cp, costs, min: Math.min(...costs) };
  });
  // Patterns costing more than their course's cheapest, and the sum of the cheapest (a lower bound).
  const drop = new Set<string>();
  let bound = 0;
  for (const { cp, costs, min } of perCourse) {
    if (!Number.isFinite(min)) continue;
    bound += min;
    cp.patterns.forEach((p, i) => costs[i] > min + 1e-9 && drop.add(built.patternVar.get(p)!));
  }
  // Every other course costs at least its cheapest pattern (none can be left out: `placedAll`), so with
  // a start of cost U in hand no optimum uses a pattern costing more than its course's cheapest +
  // (U − bound): those are left out.
  const upper = start && placedAll && violatedRows(m, start).length === 0 ? value(terms, start) : Infinity;
  const beyond = new Set<string>();
  if (Number.isFinite(upper)) for (const { cp, costs, min } of perCourse) cp.patterns.forEach((p, i) => costs[i] > min + (upper - bound) + 1e-6 && beyond.add(built.patternVar.get(p)!));
  const whole = () => (onlyProof ? (null as unknown as SolveOutcome) : solveWithout(m, terms, beyond, backend, { timeLimitSec: left(), wholeObjective, start }));
  if (drop.size === 0) return whole();
  const out = solveWithout(m, terms, drop, backend, { timeLimitSec: Math.min(left(), Math.max(1, left() / 4)), wholeObjective, start });
  if (out.status === 'optimal' && out.objective !== null && out.objective <= bound + 1e-6 * Math.max(1, bound)) return { ...out, gap: 0 };
  return whole();
}

/** The model solved with some variables held at 0 (left out of it), their zeros put back in the answer. */
function solveWithout(m: Model, objective: Term[], left: Set<string>, backend: Backend, limits: SolveLimits): SolveOutcome {
  if (left.size === 0) return backend.solve({ ...m, objective }, limits);
  const vars = new Map([...m.vars].filter(([v]) => !left.has(v)));
  const rows = m.rows.map((r) => ({ ...r, terms: r.terms.filter((t) => !left.has(t.v)) }));
  const out = backend.solve({ vars, rows, objective: objective.filter((t) => !left.has(t.v)) }, limits);
  if (out.status !== 'optimal' && out.status !== 'feasible') return out;
  const values = { ...out.values };
  for (const v of left) values[v] = 0;
  return { ...out, values };
}

const value = (terms: Term[], vals: Record<string, number>) => terms.reduce((a, t) => a + t.c * (vals[t.v] ?? 0), 0);

/** Every earlier stage's optimum still holds (within the tolerance its bound row allows). */
function keepsHeld(held: [Term[], number][], vals: Record<string, number>): boolean {
  return held.every(([terms, star]) => value(terms, vals) <= star + 1e-6 * Math.max(1, star));
}

/**
 * No course can be left out under the stages held so far: leaving any out costs more violations than
 * the violations stage's optimum allows.
 */
function noneLeftOut(built: BuiltModel, held: [Term[], number][]): boolean {
  const star = held.find(([t]) => t === built.violations)?.[1];
  if (star === undefined) return false;
  const cost = new Map(built.violations.map((t) => [t.v, t.c]));
  return [...built.unplacedVar.values()].every((u) => (cost.get(u) ?? 0) > star + 1e-6 * Math.max(1, star));
}

/** The greedy incumbent when it keeps every earlier stage's optimum and costs less than the answer in hand. */
function betterStart(built: BuiltModel, held: [Term[], number][], terms: Term[], current: Record<string, number>, greedy: Record<string, number> | null): Record<string, number> {
  if (!greedy || violatedRows(built.model, greedy).length > 0 || !keepsHeld(held, greedy)) return current;
  return value(terms, greedy) < value(terms, current) ? greedy : current;
}

function bounded(m: Model, bounds: [Term[], number][]): Model {
  const rows = [...m.rows];
  for (const [terms, v] of bounds) if (terms.length) rows.push({ name: `bound_${rows.length}`, terms, op: '<=', rhs: v + 1e-6 * Math.max(1, Math.abs(v)), rule: 'stage', cells: [] });
  return { ...m, rows };
}

function withRows(m: Model, extra: Model['rows']): Model {
  return { ...m, rows: [...m.rows, ...extra] };
}

/** The model with every course's "left out" choice fixed as the violations stage made it. */
function fixPlacement(built: BuiltModel, values: Record<string, number>): Model {
  const rows = [...built.model.rows];
  for (const u of built.unplacedVar.values()) rows.push({ name: `fix_${u}`, terms: [{ v: u, c: 1 }], op: '=', rhs: Math.round(values[u] ?? 0), rule: 'stage', cells: [] });
  return { ...built.model, rows };
}

/** Semester loads against a number: "load ≤ T" from the max_ rows, "load ≥ T" from the min_ rows. */
function loadRows(built: BuiltModel, prefix: 'max_' | 'min_', target: number, slackOf?: (row: string) => string): Model['rows'] {
  const out: Model['rows'] = [];
  for (const r of built.model.rows) {
    if (!r.name.startsWith(prefix)) continue;
    const terms = r.terms.filter((t) => t.v !== built.maxLoad && t.v !== built.minLoad);
    if (slackOf) terms.push({ v: slackOf(r.name), c: prefix === 'max_' ? -1 : 1 });
    out.push({ ...r, name: `T_${r.name}`, terms, rhs: r.rhs + target });
  }
  return out;
}

function withLoads(out: SolveOutcome, built: BuiltModel, l: number, m: number): SolveOutcome {
  return { ...out, values: { ...out.values, [built.maxLoad]: l, [built.minLoad]: m } };
}

/**
 * min L (or max m) is hard for branch and bound: many symmetric optima. Instead: the LP relaxation
 * gives a bound B; with whole weekly hours no load can beat ceil(B) (floor for m), and the answer in
 * hand may already meet it. For L, "every load ≤ T" is solved as a sum of overloads for T = ceil(B),
 * ceil(B)+1, … (a sum of 0 at T proves T). For m, and wherever that answer would cost a higher stage
 * anything, the direct objective from the answer in hand, stopped within a whole hour of the bound.
 * Loads that are not whole numbers go to the direct objective at once.
 */
function solveLoadBound(fixed: Model, exact: Model, built: BuiltModel, backend: Backend, timeLimitSec: number, side: 'max' | 'min', keeps: (v: Record<string, number>) => boolean, current: Record<string, number>): SolveOutcome {
  const t0 = now();
  const bound = side === 'max' ? built.maxLoad : built.minLoad;
  const direct = (whole = false) => backend.solve({ ...exact, objective: [{ v: bound, c: side === 'max' ? 1 : -1 }] }, { timeLimitSec: Math.max(0.1, timeLimitSec - (now() - t0) / 1000), start: current, wholeObjective: whole });
  const integral = built.fixedWeekly.every((w) => Math.abs(w - Math.round(w)) < 1e-9) && [...built.patternVar.keys()].every((p) => p.weekly.every((w) => Number.isInteger(w)));
  if (!integral) return direct();
  // Every course's hours are the same whatever its pattern: the mean load bounds L from below and m
  // from above, so a solution already at ceil/floor of the mean needs no LP to be proven.
  const current0 = loadsOf(built, current);
  const fixedTotals = built.totalChange.length === 0 && built.courses.every((cp) => new Set(cp.patterns.map((p) => p.weekly.reduce((a, b) => a + b, 0))).size <= 1);
  const allPlaced = [...built.unplacedVar.values()].every((u) => (current[u] ?? 0) < 0.5);
  if (fixedTotals && allPlaced && current0.length) {
    const mean = current0.reduce((a, b) => a + b, 0) / current0.length;
    if (side === 'max' ? Math.max(...current0) <= Math.ceil(mean - 1e-9) + 1e-9 : Math.min(...current0) >= Math.floor(mean + 1e-9) - 1e-9)
      return { status: 'optimal', values: { ...current, [built.maxLoad]: Math.max(...current0), [built.minLoad]: Math.min(...current0) }, objective: side === 'max' ? Math.max(...current0) : Math.min(...current0), gap: 0 };
  }
  const relaxed: Model = { ...exact, vars: new Map([...exact.vars].map(([k]) => [k, 'continuous' as const])), objective: [{ v: bound, c: side === 'max' ? 1 : -1 }] };
  const lp = backend.solve(relaxed, { timeLimitSec });
  if (lp.status !== 'optimal' || lp.objective === null) return direct();
  const b = side === 'max' ? lp.objective : -lp.objective;
  // The solution in hand may already reach the bound: then it is proven without another search.
  const now0 = loadsOf(built, current);
  const best = side === 'max' ? Math.ceil(b - 1e-6) : Math.floor(b + 1e-6);
  if (now0.length && (side === 'max' ? Math.max(...now0) <= best + 1e-9 : Math.min(...now0) >= best - 1e-9)) {
    return { status: 'optimal', values: { ...current, [built.maxLoad]: Math.max(...now0), [built.minLoad]: Math.min(...now0) }, objective: best, gap: 0 };
  }
  // The lightest semester, the placement's cost held: "every load ≥ T" without that cost would find
  // placements the stage must reject; a direct solve from the answer in hand, stopped within a whole
  // hour a week of the bound (loads are whole here), proves it in about half the time.
  if (side === 'min') return negated(direct(true));
  for (let tries = 0; tries < 4; tries++) {
    const target = best + tries;
    if (timeLimitSec - (now() - t0) / 1000 <= 0) break;
    const vars = new Map(fixed.vars);
    const slack: Term[] = [];
    const rows = loadRows(built, 'max_', target, (row) => {
      const v = `gap_${row}`;
      vars.set(v, 'continuous');
      slack.push({ v, c: 1 });
      return v;
    });
    const out = backend.solve({ vars, rows: [...fixed.rows, ...rows], objective: slack }, { timeLimitSec: Math.max(0.1, timeLimitSec - (now() - t0) / 1000) });
    if (out.status !== 'optimal') break;
    if ((out.objective ?? 1) <= 1e-6) {
      const values = { ...out.values, [built.maxLoad]: target, [built.minLoad]: Math.min(...loadsOf(built, out.values)) };
      return keeps(values) ? { status: 'optimal', values, objective: target, gap: 0 } : direct(true);
    }
  }
  return direct(true);
}

/** The lightest-load objective is minimised as −m; the stage reports m. */
function negated(out: SolveOutcome): SolveOutcome {
  return out.objective === null ? out : { ...out, objective: -out.objective };
}

function loadsOf(built: BuiltModel, values: Record<string, number>): number[] {
  return built.model.rows.filter((r) => r.name.startsWith('max_')).map((r) => r.terms.filter((t) => t.v !== built.maxLoad).reduce((a, t) => a + t.c * (values[t.v] ?? 0), 0) - r.rhs);
}

function extract(problem: OptProblem, built: BuiltModel, values: Record<string, number> | null, head: Pick<RawSolution, 'status' | 'backend' | 'gap' | 'seconds' | 'stages' | 'message'>): RawSolution {
  const n = problem.semesters.length;
  const v = (name: string | undefined) => (name && values ? values[name] ?? 0 : 0);
  const courses: CourseSolution[] = problem.courses.map((c) => {
    const hours = [...c.fixed];
    const weekly = c.fixed.map((h, i) => h / problem.semesters[i].weeks);
    const cp = built.courses.find((x) => x.course.id === c.id);
    let unplaced = false;
    if (cp && values) {
      const chosen = cp.patterns.find((p) => v(built.patternVar.get(p)) > 0.5);
      if (chosen) for (let s = 0; s < n; s++) {
        hours[s] += chosen.hours[s];
        weekly[s] += chosen.weekly[s];
      }
      else unplaced = c.hours > 0;
    } else if (cp) unplaced = c.hours > 0;
    return { id: c.id, hours, weekly, unplaced };
  });
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const capSlack: Record<number, number> = {};
  for (const [s, name] of built.capSlack) capSlack[s] = round(v(name));
  const minLoadSlack: Record<number, number> = {};
  for (const [s, name] of built.minLoadSlack) minLoadSlack[s] = round(v(name));
  const countSlack: Record<number, { over: number; under: number }> = {};
  for (const [s, x] of built.countSlack) countSlack[s] = { over: round(v(x.over)), under: round(v(x.under)) };
  const ratioSlack: Record<string, number> = {};
  for (const [id, name] of built.ratioSlack) ratioSlack[id] = round(v(name));
  return {
    ...head,
    courses,
    capSlack,
    minLoadSlack,
    countSlack,
    ratioSlack,
    maxLoad: values ? round(v(built.maxLoad)) : null,
    model: { vars: built.model.vars.size, rows: built.model.rows.length },
  };
}
