/**
 * Staged (lexicographic) solve: fewest violations, then smallest change to totals, then the lightest
 * heaviest semester, then spread / movement / semesters per course. Each stage fixes the previous
 * stage's optimum as a row. Engines are not trusted: every answer is checked against the model.
 */

import { balancedCurriculum } from './balance';
import { type BuiltModel, buildModel } from './build';
import { greedyNorms, greedyNormsStart, greedyTieBreak, greedyViolations, lessOverload, normBound } from './greedy';
import { type Backend, type Model, type SolveLimits, type SolveOutcome, type SolveStatus, type Term, violatedRows } from './model';
import type { OptProblem, OptSemester } from './problem';

export interface StageReport {
  /** `relaxation`: the solves that find the least worst excess over the caps (when they cannot all hold). */
  stage: 'violations' | 'relaxation' | 'totals' | 'moves' | 'placement' | 'balance' | 'tie-break';
  status: SolveStatus;
  objective: number | null;
  seconds: number;
}

export interface CourseSolution {
  id: string;
  hours: number[];
  /** Each semester's share of the weekly load (whole weekly hours in a weekly layout). */
  weekly: number[];
  /** Where a cell holds a notation the sheet uses (`8/期`, `4/8W`) instead of a plain number. */
  notation?: (string | null)[];
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
  /** Set when the cap could not hold: the highest cap this solution needed (a semester's), verified by it. */
  leastCap?: number;
  /**
   * Set when the caps could not all hold: the caps asked and the caps this solution was solved at, per
   * semester (the asked one wherever no raise is needed), the least worst excess over the asked caps,
   * and whether both steps were proven optimal (then each raise is necessary).
   */
  relaxation?: { asked: number[]; caps: number[]; excess: number; proven: boolean };
  message?: string;
  model: { vars: number; rows: number };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Solves the problem. Where the weekly caps cannot all hold, a relaxation applies only where it is
 * needed, lexicographically: first the smallest worst excess over the asked caps (E, from the LP bound
 * up, proven by solves), then — every semester at most its cap + E — as few weekly hours as possible
 * above max(asked cap, the semester's own load before); each semester's cap becomes that answer's load
 * there (the asked cap everywhere else) and the plan is solved again at those caps. The answer the
 * user sees is a real plan at them, and each raise is necessary: a plan without it would put more
 * hours above those limits (or break another rule), which the optimum of the second step excludes.
 */
export function solveProblem(problem: OptProblem, backend: Backend, timeLimitSec = 30): RawSolution {
  const t0 = now();
  const left = () => timeLimitSec - (now() - t0) / 1000;
  const first = solveStaged(problem, backend, timeLimitSec, { stopIfCapBreaks: true });
  if (first.raw.status === 'failed' || !first.capBreaks || left() <= 0) return first.raw;
  const asked = problem.semesters.map((s) => s.cap);
  const free = withoutCaps(first.built, first.values!);
  const least = leastExcess(problem, free, first.built, backend, left);
  if (!least || left() <= 0) return { ...first.raw, seconds: (now() - t0) / 1000 };
  // Only where needed: every semester at most cap + E; above max(cap, its load before) as little as can be.
  const limit = (s: OptSemester) => Math.max(s.cap, Math.min(s.cap + least.excess, s.before ?? 0));
  const local: OptProblem = {
    ...problem,
    semesters: problem.semesters.map((s) => (s.teaching ? { ...s, cap: limit(s), ceiling: s.cap + least.excess, asked: s.cap } : s)),
  };
  // (Rebalancing: among the answers with the fewest hours above those limits, the fewest moved courses —
  // the caps this step leaves are the later stages' caps, so it must not leave them a worse choice.)
  const step = solveStaged(local, backend, left(), { only: new Set(['violations']), hint: least.values, withMoves: problem.mode === 'rebalance' });
  const stepValues = step.values;
  if (step.raw.status === 'failed' || !stepValues) return { ...first.raw, seconds: (now() - t0) / 1000 };
  const loads = loadsBySemester(problem, step.built, stepValues);
  const caps = problem.semesters.map((s, i) => (s.teaching ? Math.max(s.cap, roundUp(loads[i])) : s.cap));
  const relaxed: OptProblem = { ...problem, semesters: problem.semesters.map((s, i) => (s.teaching ? { ...s, cap: caps[i], asked: s.cap } : s)) };
  // The courses the step left out stay out: at its caps an equally good answer may place one of them
  // above a cap, which the step weighed the same and the caps would call a break.
  const second = solveStaged(relaxed, backend, left(), { hint: stepValues, leftOutAs: stepValues });
  const verified = second.raw.status !== 'failed' && !second.capBreaks;
  const stages = [...first.raw.stages, ...least.stages, ...step.raw.stages, ...(verified ? second.raw.stages : [])];
  if (!verified) return { ...first.raw, stages, seconds: (now() - t0) / 1000 };
  // The caps the answer needs: each semester's load where it is above its asked cap (a semester that
  // carried more before may keep up to that much, but names only what it carries now).
  const after = loadsBySemester(problem, second.built, second.values!);
  const needs = problem.semesters.map((s, i) => (s.teaching ? Math.max(asked[i], roundUp(after[i])) : asked[i]));
  const raised = problem.semesters.filter((s, i) => s.teaching && needs[i] > asked[i] + 1e-9);
  return {
    ...second.raw,
    ...(raised.length ? { leastCap: Math.max(...raised.map((s) => needs[s.index - 1])) } : {}),
    relaxation: { asked, caps: needs, excess: least.excess, proven: least.proven && step.raw.status === 'optimal' },
    stages,
    seconds: (now() - t0) / 1000,
  };
}

/**
 * The least violations the problem allows (its first stage alone, proven or null): what a raise is
 * checked against — a plan without a semester's raise must pay for more violations than the answer does.
 */
export function leastViolations(problem: OptProblem, backend: Backend, timeLimitSec = 30): number | null {
  const staged = solveStaged(problem, backend, timeLimitSec, { only: new Set(['violations']) });
  const v = staged.raw.stages[0];
  return staged.values && v?.status === 'optimal' ? value(staged.built.violations, staged.values) : null;
}

/** A load in whole hours a week where it is one (within the engines' tolerance), else as it is. */
const roundUp = (x: number) => (Math.abs(x - Math.round(x)) < 1e-5 ? Math.round(x) : x);

/** The model without its cap rows, the first stage's choice of courses left out held. */
function withoutCaps(built: BuiltModel, values: Record<string, number>): Model {
  const fixed = fixPlacement(built, values);
  return { ...fixed, rows: fixed.rows.filter((r) => r.rule !== 'weekly-cap') };
}

/**
 * The least whole E such that every semester fits under its cap + E, the other rules held as the first
 * stage left them: a bound from the LP relaxation, then "every load ≤ cap + E" tried for E = bound,
 * bound + 1, … (a sum of overloads of 0 proves E). Null when none is proven in time.
 */
function leastExcess(problem: OptProblem, free: Model, built: BuiltModel, backend: Backend, left: () => number): { excess: number; values: Record<string, number>; proven: boolean; stages: StageReport[] } | null {
  const stages: StageReport[] = [];
  const capOf = new Map(problem.semesters.map((s) => [s.index, s.cap]));
  const timed = (stage: StageReport['stage'], f: () => SolveOutcome) => {
    const s0 = now();
    const out = f();
    stages.push({ stage, status: out.status, objective: out.objective, seconds: (now() - s0) / 1000 });
    return out;
  };
  // The LP bound on E: minimise E with every load ≤ cap + E.
  const vars = new Map([...free.vars].map(([k]) => [k, 'continuous' as const]));
  vars.set('E', 'continuous');
  const lpRows = loadRows(built, 'max', (s) => capOf.get(s)!, () => 'E');
  const lp = timed('relaxation', () => backend.solve({ vars, rows: [...free.rows, ...lpRows], objective: [{ v: 'E', c: 1 }] }, { timeLimitSec: Math.max(0.1, left()) }));
  let target = lp.status === 'optimal' && lp.objective !== null ? Math.max(0, Math.ceil(lp.objective - 1e-4)) : 0;
  const lpBound = target;
  for (let tries = 0; left() > 0 && tries < 200; tries++, target++) {
    const v2 = new Map(free.vars);
    const gaps: Term[] = [];
    const rows = loadRows(built, 'max', (s) => capOf.get(s)! + target, (row) => {
      const v = `gap_${row}`;
      v2.set(v, 'continuous');
      gaps.push({ v, c: 1 });
      return v;
    });
    const out = timed('relaxation', () => backend.solve({ vars: v2, rows: [...free.rows, ...rows], objective: gaps }, { timeLimitSec: Math.max(0.1, left()) }));
    if (out.status !== 'optimal') return null;
    if ((out.objective ?? 1) <= 1e-6) return { excess: target, values: out.values, proven: target === lpBound || tries > 0, stages };
  }
  return null;
}

interface StagedOptions {
  /** Stop after the first stage when the cap cannot hold (the caller re-solves where it must). */
  stopIfCapBreaks?: boolean;
  /** Run only these stages. */
  only?: Set<StageReport['stage']>;
  /** An answer to the same courses under other caps (the first solve's, when the cap is raised). */
  hint?: Record<string, number>;
  /** The violations stage also counts moved courses, below any violation (see solveProblem). */
  withMoves?: boolean;
  /** An answer whose choice of courses left out (placed or not) is held. */
  leftOutAs?: Record<string, number>;
}

interface Staged {
  raw: RawSolution;
  built: BuiltModel;
  values: Record<string, number> | null;
  /** The weekly cap does not hold in the answer. */
  capBreaks: boolean;
}

/** What a stage works with: the answer in hand and what the stages before it hold. */
interface StageContext {
  problem: OptProblem;
  built: BuiltModel;
  backend: Backend;
  left: () => number;
  values: Record<string, number>;
  /** Earlier stages' objectives and their optima (each held as a row in the later stages). */
  held: [Term[], number][];
  /** The model with every earlier optimum held as a bound. */
  exact: Model;
  /** The model with the course choice fixed and the loads held as rows (balance stages onwards). */
  fixed: Model;
  opts: StagedOptions;
}

/**
 * One stage of the lexicographic solve: what it minimises, what proves it without the engine (each
 * shortcut returns a proven answer or null), and how the engine solves it. `hold` says what the later
 * stages keep of its optimum.
 */
interface StageRecord {
  stage: StageReport['stage'];
  objective: (ctx: StageContext) => Term[];
  /** The answer in hand is already at this lower bound: nothing to solve. */
  bound?: (ctx: StageContext) => number;
  shortcuts: ((ctx: StageContext) => SolveOutcome | null)[];
  solve: (ctx: StageContext) => SolveOutcome;
  hold: (ctx: StageContext, values: Record<string, number>) => void;
}

const holdObjective = (terms: (ctx: StageContext) => Term[]) => (ctx: StageContext, values: Record<string, number>) => {
  const t = terms(ctx);
  ctx.held.push([t, value(t, values)]);
  ctx.exact = bounded(ctx.built.model, ctx.held);
};

/** A stage whose objective is a sum of per-pattern costs: the cheapest patterns first (see cheapestFirst). */
const byPatterns = (stage: 'totals' | 'moves' | 'placement', terms: (b: BuiltModel) => Term[]): StageRecord => ({
  stage,
  objective: (ctx) => terms(ctx.built),
  bound: (ctx) => (stage === 'placement' ? normBound(ctx.built) : 0),
  shortcuts: [],
  solve: (ctx) =>
    cheapestFirst(
      ctx.built,
      ctx.exact,
      terms(ctx.built),
      ctx.backend,
      ctx.left,
      false,
      stage !== 'totals',
      stage === 'placement' ? betterStart(ctx.built, ctx.held, terms(ctx.built), ctx.values, greedyNormsStart(ctx.problem, ctx.built, ctx.values)) : ctx.values,
      noneLeftOut(ctx.built, ctx.held),
    ),
  hold: holdObjective((ctx) => terms(ctx.built)),
});

/**
 * The stages, in order of importance: the rules (violations), the course totals, moved courses
 * (rebalance), the placement norms, the heaviest then the lightest semester, and the tie-breaks
 * (movement, starts).
 */
const STAGES: StageRecord[] = [
  {
    stage: 'violations',
    objective: (ctx) => violationsWithMoves(ctx),
    shortcuts: [
      // With moves or the hours above the asked caps weighed in, only the engine proves the stage.
      (ctx) =>
        (ctx.opts.withMoves && ctx.built.moves.length) || ctx.built.aboveAsked.length ? ctx.backend.solve({ ...ctx.built.model, objective: violationsWithMoves(ctx) }, { timeLimitSec: ctx.left(), ...hintStart(ctx) }) : null,
      // A school-like placement that meets every cap proves the violations and placement stages at once.
      (ctx) => (!ctx.opts.only || ctx.opts.only.has('placement') ? checked(ctx.built, greedyNorms(ctx.problem, ctx.built)) : null),
      (ctx) => checked(ctx.built, greedyViolations(ctx.problem, ctx.built)),
      // A hint that breaks nothing under these caps is at the stage's lower bound (0): proven at once.
      (ctx) => {
        const hinted = ctx.opts.hint ? lessOverload(ctx.problem, ctx.built, ctx.opts.hint) : null;
        return hinted && violatedRows(ctx.built.model, hinted).length === 0 && value(ctx.built.violations, hinted) <= 1e-9 ? { status: 'optimal', values: hinted, objective: 0, gap: 0 } : null;
      },
      // Hours above the caps no placement avoids: the loads' fixed sum above the caps' sum.
      (ctx) => {
        const hinted = ctx.opts.hint ? lessOverload(ctx.problem, ctx.built, ctx.opts.hint) : null;
        const bound = overCapsBound(ctx.problem, ctx.built);
        return hinted && bound !== null && violatedRows(ctx.built.model, hinted).length === 0 && value(ctx.built.violations, hinted) <= bound + 1e-9 ? { status: 'optimal', values: hinted, objective: bound, gap: 0 } : null;
      },
      (ctx) => balancedCurriculum(ctx.problem, ctx.built),
    ],
    solve: (ctx) => ctx.backend.solve({ ...ctx.built.model, objective: ctx.built.violations }, { timeLimitSec: ctx.left(), ...hintStart(ctx) }),
    hold: holdObjective((ctx) => ctx.built.violations),
  },
  byPatterns('totals', (b) => b.totalChange),
  byPatterns('moves', (b) => b.moves),
  byPatterns('placement', (b) => b.norms),
  {
    stage: 'balance',
    objective: (ctx) => [{ v: ctx.built.maxLoad, c: 1 }],
    shortcuts: [],
    solve: (ctx) => {
      ctx.fixed = fixPlacement(ctx.built, ctx.values);
      return solveLoadBound(ctx.fixed, ctx.exact, ctx.built, ctx.backend, ctx.left(), 'max', (v) => keepsHeld(ctx.held, v), ctx.values);
    },
    hold: (ctx, values) => {
      const lStar = values[ctx.built.maxLoad];
      ctx.exact = bounded(ctx.exact, [[[{ v: ctx.built.maxLoad, c: 1 }], lStar]]);
      ctx.fixed = withRows(ctx.fixed, loadRows(ctx.built, 'max', () => lStar));
    },
  },
  {
    stage: 'balance',
    objective: (ctx) => [{ v: ctx.built.minLoad, c: -1 }],
    shortcuts: [],
    solve: (ctx) => solveLoadBound(ctx.fixed, ctx.exact, ctx.built, ctx.backend, ctx.left(), 'min', (v) => keepsHeld(ctx.held, v), ctx.values),
    hold: (ctx, values) => {
      const mStar = values[ctx.built.minLoad];
      ctx.exact = bounded(ctx.exact, [[[{ v: ctx.built.minLoad, c: -1 }], -mStar]]);
      ctx.fixed = withRows(ctx.fixed, loadRows(ctx.built, 'min', () => mStar));
    },
  },
  {
    stage: 'tie-break',
    objective: (ctx) => ctx.built.tieBreak.filter((t) => t.v !== ctx.built.maxLoad && t.v !== ctx.built.minLoad),
    shortcuts: [
      (ctx) => {
        const tie = ctx.built.tieBreak.filter((t) => t.v !== ctx.built.maxLoad && t.v !== ctx.built.minLoad);
        const coef = new Map(tie.map((t) => [t.v, t.c]));
        const [lStar, mStar] = [ctx.values[ctx.built.maxLoad], ctx.values[ctx.built.minLoad]];
        const greedy = greedyTieBreak(ctx.problem, ctx.built, mStar, lStar, (p) => coef.get(ctx.built.patternVar.get(p)!) ?? 0);
        return greedy && keepsHeld(ctx.held, greedy.values) && violatedRows(ctx.built.model, greedy.values).length === 0 ? withLoads(greedy, ctx.built, lStar, mStar) : null;
      },
      (ctx) => {
        const tie = ctx.built.tieBreak.filter((t) => t.v !== ctx.built.maxLoad && t.v !== ctx.built.minLoad);
        const quick = cheapestFirst(ctx.built, ctx.fixed, tie, ctx.backend, ctx.left, true, false, ctx.values);
        return quick && keepsHeld(ctx.held, quick.values) ? withLoads(quick, ctx.built, ctx.values[ctx.built.maxLoad], ctx.values[ctx.built.minLoad]) : null;
      },
    ],
    solve: (ctx) => {
      const tie = ctx.built.tieBreak.filter((t) => t.v !== ctx.built.maxLoad && t.v !== ctx.built.minLoad);
      const [lStar, mStar] = [ctx.values[ctx.built.maxLoad], ctx.values[ctx.built.minLoad]];
      const out = ctx.backend.solve({ ...ctx.fixed, objective: tie }, { timeLimitSec: ctx.left(), start: ctx.values });
      if ((out.status === 'optimal' || out.status === 'feasible') && keepsHeld(ctx.held, out.values)) return withLoads(out, ctx.built, lStar, mStar);
      return ctx.backend.solve({ ...ctx.exact, objective: tie }, { timeLimitSec: ctx.left(), start: ctx.values });
    },
    hold: () => {},
  },
];

/** The hint, its shapes moved to lower the hours over these caps, as the engine's start when it meets every row. */
function hintStart(ctx: StageContext): { start?: Record<string, number> } {
  const hinted = ctx.opts.hint ? lessOverload(ctx.problem, ctx.built, ctx.opts.hint) : null;
  return hinted && violatedRows(ctx.built.model, hinted).length === 0 ? { start: hinted } : {};
}

/**
 * The violations, and (withMoves) each moved course at less than the smallest violation's worth: an
 * hour over a cap is at least 1/weeks of a weekly hour, so all moves together weigh less than that.
 */
function violationsWithMoves(ctx: StageContext): Term[] {
  const { built } = ctx;
  if (!ctx.opts.withMoves || !built.moves.length) return built.violations;
  const most = (built.moves.reduce((a, t) => a + t.c, 0) + 1) * Math.max(1, ...ctx.problem.semesters.map((s) => s.weeks));
  return [...built.violations.map((t) => ({ v: t.v, c: t.c * most })), ...built.moves];
}

/** A greedy answer only when it meets every row of the model (binding norms, ceilings): else null. */
function checked(built: BuiltModel, out: SolveOutcome | null): SolveOutcome | null {
  return out && violatedRows(built.model, out.values).length === 0 ? out : null;
}

/**
 * Hours a week above the caps no placement avoids: when every course's weekly hours add up the same
 * whatever its shape, the loads' sum is fixed, and what exceeds the caps' sum sits above them
 * somewhere (leaving a course out costs more than its weekly hours, so it never lowers the bound).
 * Null when the sums differ.
 */
function overCapsBound(problem: OptProblem, built: BuiltModel): number | null {
  const teaching = problem.semesters.filter((s) => s.teaching);
  let total = teaching.reduce((a, s) => a + built.fixedWeekly[s.index - 1], 0);
  for (const cp of built.courses) {
    const sums = new Set(cp.patterns.map((p) => Math.round(teaching.reduce((a, s) => a + p.weekly[s.index - 1], 0) * 1e6) / 1e6));
    if (sums.size !== 1) return null;
    total += [...sums][0];
  }
  return Math.max(0, total - teaching.reduce((a, s) => a + s.cap, 0));
}

function solveStaged(problem: OptProblem, backend: Backend, timeLimitSec: number, opts: StagedOptions): Staged {
  const t0 = now();
  const built = buildModel(problem);
  if (opts.leftOutAs) built.model.rows.push(...fixPlacement(built, opts.leftOutAs).rows.filter((r) => r.rule === 'left-out'));
  const stages: StageReport[] = [];
  let status: RawSolution['status'] = 'optimal';
  let gap: number | null = 0;
  let message: string | undefined;
  const left = () => timeLimitSec - (now() - t0) / 1000;
  const ctx: StageContext = { problem, built, backend, left, values: {}, held: [], exact: built.model, fixed: built.model, opts };
  let have = false;

  // Each stage returns a solution of the full model (checked against it) or stops the sequence.
  const run = (record: StageRecord): boolean => {
    if (left() <= 0) {
      status = have ? 'feasible' : 'failed';
      message = 'time limit';
      return false;
    }
    const s0 = now();
    let out: SolveOutcome | null = null;
    for (const shortcut of record.shortcuts) if ((out = shortcut(ctx))) break;
    out ??= record.solve(ctx);
    stages.push({ stage: record.stage, status: out.status, objective: out.objective, seconds: (now() - s0) / 1000 });
    if (out.status !== 'optimal' && out.status !== 'feasible') {
      status = have ? 'feasible' : 'failed';
      message = out.message ?? `${record.stage}: ${out.status}`;
      return false;
    }
    const bad = violatedRows(built.model, out.values);
    if (bad.length > 0) {
      status = have ? 'feasible' : 'failed';
      message = `${backend.name} returned an answer that breaks ${bad.length} row(s) of the model (${bad.slice(0, 3).map((r) => r.name).join(', ')}); discarded`;
      return false;
    }
    ctx.values = out.values;
    have = true;
    if (out.status === 'feasible') {
      status = 'feasible';
      gap = out.gap;
      return false;
    }
    return true;
  };

  // Lexicographic: each objective is minimised with every earlier one held at its optimum.
  for (const record of STAGES) {
    const first = record === STAGES[0];
    if (!first && (!have || (opts.only && !opts.only.has(record.stage)))) break;
    const terms = record.objective(ctx);
    if (!first && terms.length === 0) continue;
    // The solution in hand may already be at the stage's lower bound: nothing to solve.
    if (!first && record.bound && value(terms, ctx.values) <= record.bound(ctx) + 1e-9) {
      record.hold(ctx, ctx.values);
      continue;
    }
    if (!run(record)) break;
    record.hold(ctx, ctx.values);
    if (first && opts.stopIfCapBreaks && [...built.capSlack.values()].some((v) => (ctx.values[v] ?? 0) > 1e-6)) break;
  }
  const values = have ? ctx.values : null;
  const raw = extract(problem, built, values, { status, backend: backend.name, gap: status === 'optimal' ? 0 : gap, seconds: (now() - t0) / 1000, stages, message });
  // Weekly hours over the cap by more than the engines' tolerance (stage bounds allow 1e-6 relative).
  return { raw, built, values, capBreaks: !!values && [...built.capSlack.values()].some((v) => (values[v] ?? 0) > 1e-4) };
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
  for (const u of built.unplacedVar.values()) rows.push({ name: `fix_${u}`, terms: [{ v: u, c: 1 }], op: '=', rhs: Math.round(values[u] ?? 0), rule: 'left-out', cells: [] });
  return { ...built.model, rows };
}

/**
 * Semester loads against numbers, from the balance rows (found by their rule): "load ≤ target(s)" or
 * "load ≥ target(s)", each with a slack of its own when `slackOf` names one.
 */
function loadRows(built: BuiltModel, side: 'max' | 'min', target: (semester: number) => number, slackOf?: (row: string) => string): Model['rows'] {
  const out: Model['rows'] = [];
  for (const r of built.model.rows) {
    if (r.rule !== `balance-${side}` || r.semester === undefined) continue;
    const terms = r.terms.filter((t) => t.v !== built.maxLoad && t.v !== built.minLoad);
    if (slackOf) terms.push({ v: slackOf(r.name), c: side === 'max' ? -1 : 1 });
    out.push({ ...r, name: `T_${r.name}`, terms, rhs: r.rhs + target(r.semester) });
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
    const rows = loadRows(built, 'max', () => target, (row) => {
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

/** The teaching semesters' weekly loads in an answer, in semester order. */
function loadsOf(built: BuiltModel, values: Record<string, number>): number[] {
  return built.model.rows.filter((r) => r.rule === 'balance-max').map((r) => r.terms.filter((t) => t.v !== built.maxLoad).reduce((a, t) => a + t.c * (values[t.v] ?? 0), 0) - r.rhs);
}

/** Every semester's weekly load in an answer, by index (0 for a semester with no load row). */
function loadsBySemester(problem: OptProblem, built: BuiltModel, values: Record<string, number>): number[] {
  const out = problem.semesters.map(() => 0);
  for (const r of built.model.rows) if (r.rule === 'balance-max' && r.semester !== undefined) out[r.semester - 1] = r.terms.filter((t) => t.v !== built.maxLoad).reduce((a, t) => a + t.c * (values[t.v] ?? 0), 0) - r.rhs;
  return out;
}

function extract(problem: OptProblem, built: BuiltModel, values: Record<string, number> | null, head: Pick<RawSolution, 'status' | 'backend' | 'gap' | 'seconds' | 'stages' | 'message'>): RawSolution {
  const n = problem.semesters.length;
  const v = (name: string | undefined) => (name && values ? values[name] ?? 0 : 0);
  const courses: CourseSolution[] = problem.courses.map((c) => {
    const hours = [...c.fixed];
    const weekly = c.fixed.map((h, i) => h / problem.semesters[i].weeks);
    const cp = built.courses.find((x) => x.course.id === c.id);
    let unplaced = false;
    let notation: (string | null)[] | undefined;
    if (cp && values) {
      const chosen = cp.patterns.find((p) => v(built.patternVar.get(p)) > 0.5);
      if (chosen) {
        for (let s = 0; s < n; s++) {
          hours[s] += chosen.hours[s];
          weekly[s] += chosen.weekly[s];
        }
        notation = chosen.notation;
      } else unplaced = c.hours > 0;
    } else if (cp) unplaced = c.hours > 0;
    return { id: c.id, hours, weekly, ...(notation ? { notation } : {}), unplaced };
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
