/** The optimizer on random plans and random models: the slow part of the optimizer's tests (npm run test:slow). */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/core/checker';
import { gridFromRows } from '../src/core/grid';
import { interpret, optimizePlan, problemFromPlan, solveProblem } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import { buildModel } from '../src/core/optimizer/build';
import { violatedRows } from '../src/core/optimizer/model';
import type { Backend } from '../src/core/optimizer/model';
import type { Plan } from '../src/core/plan';
import { readPlan } from '../src/core/reader';
import { PRESETS, type Rules } from '../src/core/rules';

let highs: Backend;
beforeAll(async () => {
  const loader = (await import('highs')).default as unknown as () => Promise<HighsLike>;
  highs = highsBackend(await loader());
});

interface GenCourse {
  hours: number;
  lockAt: number | null;
  internship: boolean;
}

const planArb = fc
  .record({
    nSem: fc.integer({ min: 2, max: 8 }),
    weeks: fc.constantFrom(16, 18, 20),
    cap: fc.integer({ min: 4, max: 30 }),
    courses: fc.array(
      fc.record({ units: fc.integer({ min: 1, max: 12 }), lockAt: fc.option(fc.nat(7), { freq: 4 }) }),
      { minLength: 1, maxLength: 9 },
    ),
    internshipAt: fc.option(fc.nat(7), { freq: 3 }),
  })
  .map(({ nSem, weeks, cap, courses, internshipAt }) => {
    const head = ['课程类别', '课程名称', '学时', ...Array.from({ length: nSem }, (_, i) => `第${i + 1}学期`), '备注'];
    const rows: (string | number | null)[][] = [head];
    const gen: GenCourse[] = [];
    courses.forEach((c, i) => {
      const hours = c.units * weeks;
      const lock = c.lockAt !== null && c.lockAt < nSem ? c.lockAt : null;
      rows.push(['公共基础课', `课程${i + 1}`, hours, ...Array.from({ length: nSem }, (_, s) => (s === lock ? hours : null)), null]);
      gen.push({ hours, lockAt: lock, internship: false });
    });
    const iAt = internshipAt !== null && internshipAt < nSem && nSem >= 3 ? internshipAt : null;
    if (iAt !== null) rows.push(['岗位实习', '岗位实习', weeks * 30, ...Array.from({ length: nSem }, (_, s) => (s === iAt ? weeks * 30 : null)), null]);
    return { grid: gridFromRows('P', rows), cap, weeks, gen, iAt, nSem };
  });

/** The model of a random plan (null when the generated sheet does not read as a plan). */
function modelOf({ grid, cap, weeks }: { grid: ReturnType<typeof gridFromRows>; cap: number; weeks: number }) {
  const read = readPlan(grid, { weeks });
  return read.ok ? buildModel(problemFromPlan(read.plan, { ...PRESETS.zhongzhi, weeklyCap: cap }, {}).problem) : null;
}

describe('optimizer properties (random plans)', () => {
  /** Every property of one solve: checker-clean or explained by a conflict, locks kept, shape right. */
  function verify(plan: Plan, rules: Rules, problem: ReturnType<typeof problemFromPlan>['problem'], raw: ReturnType<typeof solveProblem>, notes: ReturnType<typeof problemFromPlan>['notes']) {
    const r = interpret(plan, rules, problem, raw, notes.map((n) => n.message));
    const after = check(r.plan, rules);
    for (const before of plan.courses) {
      const placed = before.placements.map((p) => p?.hours ?? 0);
      if (placed.some((h) => h > 0)) expect(r.plan.courses.find((c) => c.row === before.row)!.placements.map((p) => p?.hours ?? 0)).toEqual(placed);
    }
    const unplacedConflicts = new Set(r.conflicts.filter((c) => c.rule === 'completeness').map((c) => c.cells[0]));
    for (const f of after.findings) {
      if (f.rule === 'course-unplaced' || f.rule === 'course-underplaced' || f.rule === 'course-overplaced') expect(unplacedConflicts.has(f.cells[0]), f.message.en).toBe(true);
      if (f.rule === 'weekly-load') {
        const sem = Number(/^Semester (\d+) carries/.exec(f.message.en)![1]);
        const conflict = r.conflicts.find((c) => c.rule === 'weekly-cap' && String(c.fix.en).startsWith(`Semester ${sem} `));
        expect(conflict, f.message.en).toBeTruthy();
        expect(Number(conflict!.achieved)).toBeCloseTo(Number(f.actual), 6);
      }
      if (f.rule === 'internship-exclusive') expect(r.conflicts.some((c) => c.rule === 'internship-exclusive' && f.cells.every((x) => c.cells.includes(x))), f.message.en).toBe(true);
    }
    for (const c of r.plan.courses) {
      if (c.isInternship) continue;
      const weekly = c.placements.map((p, i) => (p ? p.hours / plan.semesters[i].weeks : 0));
      const used = weekly.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0);
      if (used.length === 0) continue;
      for (const w of weekly) expect(Math.abs(w - Math.round(w))).toBeLessThan(1e-9);
      const ws = used.map((i) => weekly[i]);
      expect(Math.max(...ws) - Math.min(...ws)).toBeLessThanOrEqual(1);
      const between = (a: number, b: number) => r.loads.slice(a + 1, b).every((l) => !l.teaching);
      for (let k = 1; k < used.length; k++) expect(between(used[k - 1], used[k])).toBe(true);
    }
    if (!r.conflicts.some((c) => c.rule === 'weekly-cap')) for (const l of r.loads) if (l.teaching) expect(l.weeklyHours).toBeLessThanOrEqual(l.cap + 1e-9);
    // The audit of every answer: nothing broken by the change, nothing into an internship's weeks.
    expect(r.audit.introduced).toEqual([]);
    expect(r.audit.intoTakenWeeks).toEqual([]);
    expect(r.audit.internshipMoved).toEqual([]);
  }

  function setup({ grid, cap, weeks }: { grid: ReturnType<typeof gridFromRows>; cap: number; weeks: number }) {
    const read = readPlan(grid, { weeks });
    if (!read.ok) throw new Error(read.error.en);
    const rules = { ...PRESETS.zhongzhi, weeklyCap: cap, weeksPerSemester: weeks };
    return { plan: read.plan, rules, ...problemFromPlan(read.plan, rules, { mode: 'keep' }) };
  }

  it('HiGHS, 1000 random plans: every solution passes the independent checker, locks never move, conflicts explain every excess', () => {
    fc.assert(
      fc.property(planArb, (input) => {
        const { plan, rules, problem, notes } = setup(input);
        const raw = solveProblem(problem, highs, 10);
        // The elastic model always has a solution: HiGHS must find it.
        expect(raw.status).not.toBe('failed');
        verify(plan, rules, problem, raw, notes);
      }),
      { numRuns: 1000 },
    );
  }, 300_000);

  it('javascript-lp-solver, in a worker killed at its limit: whatever it returns passes the same checks', async () => {
    // jslp does not always honour its own timeout, so it never runs on the test's thread.
    const { solveInWorker } = await import('../src/node/solver');
    await fc.assert(
      fc.asyncProperty(planArb, async (input) => {
        const { plan, rules, problem, notes } = setup(input);
        const r = await solveInWorker(problem, 'jslp', 2);
        if (!r.solution || r.solution.status === 'failed') return; // not proven in time: the caller falls back to HiGHS
        verify(plan, rules, problem, r.solution, notes);
      }),
      { numRuns: 40 },
    );
  });

  it('an infeasible plan always gets a non-empty, correct conflict report', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 10 }), (nSem, cap, extra) => {
        // Total weekly hours exceed what the caps allow by `extra` units per semester on average.
        const units = nSem * (cap + extra);
        const rows: (string | number | null)[][] = [['课程名称', '学时', ...Array.from({ length: nSem }, (_, i) => `第${i + 1}学期`)]];
        for (let u = units, i = 0; u > 0; i++) {
          const take = Math.min(u, 3);
          rows.push([`课${i}`, take * 18, ...Array.from({ length: nSem }, () => null)]);
          u -= take;
        }
        const read = readPlan(gridFromRows('P', rows));
        if (!read.ok) throw new Error(read.error.en);
        const r = optimizePlan(read.plan, { ...PRESETS.zhongzhi, weeklyCap: cap }, { maxSpan: nSem }, highs, 20);
        expect(r.status).toBe('relaxed');
        expect(r.conflicts.length).toBeGreaterThan(0);
        const excess = r.loads.reduce((a, l) => a + Math.max(0, l.weeklyHours - l.cap), 0);
        expect(excess).toBeCloseTo(nSem * extra, 6);
        const reported = r.conflicts.filter((c) => c.rule === 'weekly-cap').reduce((a, c) => a + (Number(c.achieved) - Number(c.required)), 0);
        expect(reported).toBeCloseTo(excess, 6);
        expect(r.tradeoffs.length).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('the engine answers satisfy every row of the model (HiGHS and jslp on random models)', () => {
    fc.assert(
      fc.property(planArb, (arb) => {
        const built = modelOf(arb);
        if (!built) return;
        const out = highs.solve({ ...built.model, objective: built.violations }, { timeLimitSec: 5 });
        expect(out.status).toBe('optimal');
        expect(violatedRows(built.model, out.values)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('HiGHS through its arrays equals HiGHS through LP text, with or without a start (random models)', async () => {
    const loader = (await import('highs')).default as unknown as () => Promise<HighsLike>;
    const raw = await loader();
    const viaText = highsBackend({ solve: (t, o) => raw.solve(t, o) });
    fc.assert(
      fc.property(planArb, (arb) => {
        const built = modelOf(arb);
        if (!built) return;
        const m = { ...built.model, objective: [...built.violations, ...built.norms] };
        const a = highs.solve(m, { timeLimitSec: 5 });
        const b = viaText.solve(m, { timeLimitSec: 5 });
        expect(a.status).toBe(b.status);
        if (a.status !== 'optimal') return;
        expect(a.objective).toBeCloseTo(b.objective!, 6);
        // A start is a hint: a good one (the optimum) or a bad one (all zeros) never changes the optimum.
        for (const start of [a.values, {}]) {
          const c = highs.solve(m, { timeLimitSec: 5, start });
          expect(c.status).toBe('optimal');
          expect(c.objective).toBeCloseTo(a.objective!, 6);
          expect(violatedRows(built.model, c.values)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });
});

