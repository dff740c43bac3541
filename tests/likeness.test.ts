/**
 * Expert-likeness on the real plans (scripts/likeness.ts, also printed by npm run bench): planned from
 * scratch at the school's own largest load, the result meets that load, keeps every total and starts
 * courses where the school does; rebalanced 2 h/week below it, few courses move and nothing else.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { optimizePlan } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { type Likeness, likeness, readRealPlan } from '../scripts/likeness';
import { hasShared, sharedPath, SKIP_REASON } from './helpers/shared';

let highs: Backend;
beforeAll(async () => {
  highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
});

const files = hasShared ? readdirSync(sharedPath('data/real')).filter((f) => f.endsWith('.xlsx')).sort() : [];

describe.skipIf(!hasShared)(`expert-likeness on the real plans (${hasShared ? '../shared present' : SKIP_REASON})`, () => {
  const results = new Map<string, Likeness>();
  beforeAll(async () => {
    for (const f of files) {
      const { plan, rules } = await readRealPlan(sharedPath('data/real', f));
      results.set(f, likeness(f, plan, rules, highs, 60));
    }
  }, 240_000);

  it.each(files)('%s: plan meets the school\'s own load with every total kept, no course above 6 h/week; rebalance moves ≤ 5 courses and meets 2 h/week less', (f) => {
    const r = results.get(f)!;
    expect(r.totalsKept).toBe(true);
    expect(r.ourMax).toBeLessThanOrEqual(r.cap + 1e-9);
    expect(r.ourCourseMaxWeekly).toBeLessThanOrEqual(6);
    expect(r.rebalanceMeetsCap).toBe(true);
    expect(r.rebalanceMoved).toBeLessThanOrEqual(5);
    expect(r.rebalanceOthersUnchanged).toBe(true);
  });

  it.each(files)('%s: starts close to the school\'s', (f) => {
    const r = results.get(f)!;
    // The goals: ≥ 85 % within one semester, mean difference ≤ 0.75, order agreement ≥ 0.9 (the
    // five-year 3+2 plan, in two stages, reaches 86 % and 0.51; the three-year ones at least 93 % and at
    // most 0.33; order agreement 0.91–0.98).
    const fiveYear = f.includes('3plus2');
    expect(r.withinOne).toBeGreaterThanOrEqual(fiveYear ? 0.85 : 0.9);
    expect(r.meanStartDiff).toBeLessThanOrEqual(fiveYear ? 0.6 : 0.4);
    expect(r.orderAgreement).toBeGreaterThanOrEqual(0.9);
  });

  it('"raise the cap to X" is verified: X is whole, at X the cap holds, at X − 1 it does not (bigdata, rebalance at 26)', async () => {
    const { plan, rules } = await readRealPlan(sharedPath('data/real/bigdata-2022-draft.xlsx'));
    const r = optimizePlan(plan, { ...rules, weeklyCap: 26 }, { cap: 26, mode: 'rebalance' }, highs, 60);
    const least = r.raw.leastCap!;
    expect(least).toBeGreaterThan(26);
    // The semester that needs most names its cap in whole hours a week, as a school sets one (the
    // load itself may be fractional: hours over a 15-week semester).
    const x = Math.ceil(least - 1e-6);
    expect(r.conflicts.filter((c) => c.rule === 'weekly-cap').map((c) => c.fix.en).join('\n')).toContain(`cap to ${x},`);
    const at = optimizePlan(plan, { ...rules, weeklyCap: x }, { cap: x, mode: 'rebalance' }, highs, 60);
    expect(at.conflicts.filter((c) => c.rule === 'weekly-cap')).toEqual([]);
    const below = optimizePlan(plan, { ...rules, weeklyCap: x - 1 }, { cap: x - 1, mode: 'rebalance' }, highs, 60);
    expect(below.conflicts.some((c) => c.rule === 'weekly-cap')).toBe(true);
  }, 120_000);
});
