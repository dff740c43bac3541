/**
 * 520 random real-shaped plans (中职 and 高职, hours and weekly-hours layouts, 16- and 18-week semesters,
 * the internship in semester 4, 5 or 6, some weeks of a semester taken by a practice sheet's 岗位实习,
 * the 思政 courses, 体育 in parts, 形势与政策 and professional courses placed as a school might — in or
 * out of order — or not at all), optimized in keep, rebalance and plan at 24, 28 and the plan's own
 * largest load: no binding norm broken by the change, nothing moved into or across weeks an internship
 * takes, no raise above max(cap, the load before) that a solve without it does not show necessary,
 * conflicts exactly the re-check's errors, every changed cell writable as the sheet writes it.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { semesterLoads } from '../src/core/checker';
import { optimizePlan, type OptimizeMode } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { resolveRules } from '../src/core/rules';
import { randomPlan } from './helpers/random-plan';
import { expectRaisesNecessary, expectSound } from './helpers/sound';

let highs: Backend;
beforeAll(async () => {
  highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
});

const placed = fc.option(fc.integer({ min: 0, max: 5 }), { freq: 3 });
const plan = fc.record({
  level: fc.constantFrom('gaozhi' as const, 'zhongzhi' as const),
  layout: fc.constantFrom('hours' as const, 'weekly' as const),
  firstWeeks: fc.constantFrom(16, 18),
  internshipAt: fc.constantFrom(4, 5, 6),
  taken: fc.option(fc.integer({ min: 2, max: 8 }), { freq: 2 }),
  politics: fc.array(placed, { minLength: 4, maxLength: 4 }),
  pe: fc.array(placed, { minLength: 3, maxLength: 3 }),
  series: fc.boolean(),
  courses: fc.array(
    fc.record({ category: fc.constantFrom('专业基础课', '专业核心课', '专业选修课', '公共基础课'), credits: fc.integer({ min: 1, max: 6 }), at: placed, span: fc.constantFrom(1, 1, 2), orNext: fc.boolean() }),
    { minLength: 3, maxLength: 9 },
  ),
  mode: fc.constantFrom('keep' as OptimizeMode, 'rebalance' as OptimizeMode, 'plan' as OptimizeMode),
  cap: fc.constantFrom(24, 28, 0),
});

describe('binding norms, weeks and relaxations on random plans', () => {
  it('norms that contradict each other on a plan are not both imposed (found by this property: numbered parts 专业课程1 → 4 → 6 put a core course before a basic one the sheet starts with it)', () => {
    const g: Parameters<typeof randomPlan>[0] = {
      level: 'gaozhi', layout: 'hours', firstWeeks: 16, internshipAt: 4, taken: null, politics: [null, null, null, null], pe: [null, null, null], series: false,
      courses: [
        { category: '专业核心课', credits: 1, at: 1, span: 1, orNext: false },
        { category: '公共基础课', credits: 1, at: null, span: 1, orNext: false },
        { category: '公共基础课', credits: 1, at: null, span: 1, orNext: false },
        { category: '专业基础课', credits: 1, at: null, span: 1, orNext: false },
        { category: '公共基础课', credits: 1, at: null, span: 1, orNext: false },
        { category: '专业基础课', credits: 1, at: 1, span: 2, orNext: false },
        { category: '专业基础课', credits: 1, at: null, span: 1, orNext: false },
        { category: '专业基础课', credits: 3, at: null, span: 1, orNext: false },
        { category: '专业基础课', credits: 6, at: null, span: 1, orNext: false },
      ],
    };
    const p = randomPlan(g);
    const { rules } = resolveRules('gaozhi', null);
    const r = optimizePlan(p, { ...rules, weeklyCap: 24 }, { cap: 24, mode: 'plan' }, highs, 30);
    expectSound(p, r, 'contradicting norms');
  });

  it('520 random plans in every mode at 24, 28 and their own largest load: the audit finds nothing introduced, each raise is necessary', () => {
    let raisesChecked = 0;
    fc.assert(
      fc.property(plan, (g) => {
        const p = randomPlan(g);
        const { rules } = resolveRules(g.level, null);
        const own = Math.ceil(Math.max(0, ...semesterLoads(p, rules).filter((l) => !l.internship).map((l) => l.weeklyHours)) - 1e-9);
        const cap = g.cap || Math.max(own, 1);
        const capped = { ...rules, weeklyCap: cap };
        const settings = { cap, mode: g.mode };
        const label = `${g.level} ${g.layout} ${g.mode} cap ${cap} internship ${g.internshipAt}${g.taken ? ` taken ${g.taken}` : ''}`;
        const r = optimizePlan(p, capped, settings, highs, 30);
        expectSound(p, r, label);
        raisesChecked += expectRaisesNecessary(p, capped, settings, r, highs, label);
      }),
      { numRuns: Number(process.env.RUNS ?? 520), ...(process.env.SEED ? { seed: Number(process.env.SEED), path: process.env.PATH_FC, endOnFailure: true } : {}) },
    );
    // The relaxation was exercised, not only passed over.
    if (raisesChecked === 0) throw new Error('no raise to check: the generator never needed a relaxation');
  }, 900_000);
});
