/**
 * The BACP instances (CSPLib prob030) in the pattern model: a balanced curriculum found by local search
 * reaches the mean's bound, so the optimum is proven without branching; it passes the model's rows
 * and the published optima. Small generated instances agree with the engine's own answer.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedCurriculum } from '../src/core/optimizer/balance';
import { bacpProblem, parseBacp, type BacpInstance } from '../src/core/optimizer/bacp';
import { jslpBackend } from '../src/core/optimizer/backends/jslp';
import { buildModel } from '../src/core/optimizer/build';
import { violatedRows } from '../src/core/optimizer/model';
import { solveProblem } from '../src/core/optimizer';
import { hasShared, SKIP_REASON, sharedPath } from './helpers/shared';

describe.skipIf(!hasShared)(`BACP 8 / 10 / 12 ${hasShared ? '' : SKIP_REASON}`, () => {
  it.each([
    [8, 17],
    [10, 14],
    [12, 17],
  ])('bacp%i: proven optimal at %i by the local search, every prerequisite kept', (n, optimum) => {
    const b = parseBacp(readFileSync(sharedPath('benchmarks/bacp', `bacp${n}.dat`), 'utf8'));
    const problem = bacpProblem(b);
    const built = buildModel(problem);
    const found = balancedCurriculum(problem, built);
    expect(found).not.toBeNull();
    expect(violatedRows(built.model, found!.values)).toEqual([]);
    // The whole staged solve ends at the optimum without needing an engine that can branch.
    const raw = solveProblem(problem, jslpBackend, 20);
    expect(raw.status).toBe('optimal');
    expect(raw.maxLoad).toBe(optimum);
    const period = new Map(raw.courses.map((c) => [c.id, c.hours.findIndex((h) => h > 0) + 1]));
    for (const [after, before] of b.prereq) expect(period.get(before)!).toBeLessThan(period.get(after)!);
  });
});

describe('local search on small generated curricula', () => {
  it('whatever it returns satisfies the model and is at the mean bound; the engine never finds better', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6, maxLength: 14 }), fc.integer({ min: 0, max: 2 ** 16 }), (periods, credits, salt) => {
        const courses = credits.map((c, i) => ({ name: `c${i}`, credits: c }));
        const prereq: [string, string][] = [];
        for (let i = 1; i < courses.length; i++) if ((salt >> i) & 1 && i % 3 === 0) prereq.push([courses[i].name, courses[i - 2].name]);
        const b: BacpInstance = { periods, minLoad: 0, maxLoad: 100, minCourses: 0, maxCourses: 100, courses, prereq };
        const problem = bacpProblem(b);
        const built = buildModel(problem);
        const got = balancedCurriculum(problem, built, 20_000);
        if (!got) return;
        found++;
        expect(violatedRows(built.model, got.values)).toEqual([]);
        const total = credits.reduce((a, c) => a + c, 0);
        expect(got.values[built.maxLoad]).toBe(Math.ceil(total / periods));
        const raw = solveProblem(problem, jslpBackend, 20);
        expect(raw.maxLoad).toBeGreaterThanOrEqual(Math.ceil(total / periods));
      }),
      { numRuns: 60, seed: 20261124 },
    );
    // Most small curricula can be balanced to the mean; the search must find them, not give up.
    expect(found).toBeGreaterThan(30);
  });
});
