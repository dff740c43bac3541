import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridFromRows } from '../src/core/grid';
import { optimizePlan, problemFromPlan, solveProblem } from '../src/core/optimizer';
import { highsBackend, type HighsLike, toLpText } from '../src/core/optimizer/backends/highs';
import { jslpBackend } from '../src/core/optimizer/backends/jslp';
import { buildModel } from '../src/core/optimizer/build';
import { greedyNormsStart, greedyViolations, lessOverload, normBound, placementCost } from '../src/core/optimizer/greedy';
import { violatedRows } from '../src/core/optimizer/model';
import type { Backend } from '../src/core/optimizer/model';
import type { Plan } from '../src/core/plan';
import { readPlan, readWorkbook } from '../src/core/reader';
import { buildPatch } from '../src/core/patch';
import { presentConflicts, presentFindings } from '../src/core/present';
import { PRESETS, resolveRules, type Rules } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE } from './helpers/shared';

let highs: Backend;
beforeAll(async () => {
  const loader = (await import('highs')).default as unknown as () => Promise<HighsLike>;
  highs = highsBackend(await loader());
});

async function examplePlan(): Promise<Plan> {
  return readWorkbook(workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)))).chosen!.plan;
}

function rulesWithCap(cap: number): Rules {
  return { ...PRESETS.zhongzhi, weeklyCap: cap };
}

describe('optimizer on the seed plan', () => {
  it('cap 34: every teaching semester at 34 h/week, every course in consecutive semesters, proven optimal', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(34), { cap: 34 }, highs, 60);
    expect(r.raw.status).toBe('optimal');
    expect(r.loads.map((l) => l.weeklyHours)).toEqual([34, 34, 34, 0, 34, 34]);
    // The one rule placement cannot fix is reported as a conflict with its way out.
    expect(r.status).toBe('relaxed');
    expect(r.conflicts.map((c) => c.rule)).toEqual(['share-elective']);
    // The setting in words (the command line adds its own option name; the pane and the report do not).
    expect(r.conflicts[0].fix.en).toContain('the "totals may move" setting');
    expect(r.conflicts[0].fix.zh).toContain('“总学时可调整”设置');
    expect(r.conflicts[0].fix.zh).not.toContain('--');
    const errors = r.check.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
    // Electives stay at 9.84 %: their cells are locked and totals are fixed unless the user lets them move.
    expect(errors).toEqual(['share-elective']);
    for (const c of r.plan.courses) {
      const used = c.placements.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
      const gaps = used.slice(1).filter((s, k) => s - used[k] !== 1 && !(s - used[k] === 2 && used[k] + 1 === 3));
      expect(gaps, c.name).toEqual([]);
    }
  });

  it('cap 28: +6 h/week in each teaching semester, and the trade-off named', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(28), { cap: 28 }, highs, 60);
    expect(r.status).toBe('relaxed');
    expect(r.conflicts.filter((c) => c.rule === 'weekly-cap').map((c) => [c.rule, c.required, c.achieved])).toEqual([1, 2, 3, 5, 6].map(() => ['weekly-cap', 28, 34]));
    // Every semester is full at 34: the hours cannot move elsewhere, and 34 is verified by a solve at 34.
    expect(r.conflicts.find((c) => c.rule === 'weekly-cap')!.fix.zh).toBe('第1学期需 34 学时/周，上限 28：超出 6 学时/周，其他学期已无余量（已验证：不提高则其他学期须超过上限或原有周学时） — 将本学期上限提高到 34，或从本学期削减 108 学时');
    expect(r.raw.leastCap).toBe(34);
    expect(r.raw.relaxation).toEqual({ asked: [28, 28, 28, 28, 28, 28], caps: [34, 34, 34, 28, 34, 34], excess: 6, proven: true });
    expect(r.tradeoffs[0].zh).toContain('要么把上限提高到 34，要么削减 540 学时');
    expect(r.tradeoffs[0].en).toContain('either raise the cap to 34 or cut 540 hours');
    // Every teaching semester is full: moving the courses the sheet places would not help, so the
    // trade-off does not send the user to another mode (a reviewer found that advice false here).
    expect(r.tradeoffs[0].zh).not.toContain('可移动它们');
    // The audit says the five alike raises once.
    expect(r.audit.lines.find((l) => l.rule === 'weekly-load')!.message.zh).toBe('✓ 周学时只在必须时超过上限：第1、2、3、5、6学期各由 8、2、2、0、16 提高到 34 学时/周（上限 28）：都必须提高，已由不提高时的求解验证');
    // Shown to a person, the five semesters that need the same are one line; the other conflict stays its own.
    const shown = presentConflicts(r.conflicts);
    expect(shown).toHaveLength(r.conflicts.length - 4);
    const caps = shown.find((c) => c.count === 5)!;
    expect(caps.fix.zh).toBe('第1、2、3、5、6学期各需 34 学时/周，上限 28：超出 6 学时/周，其他学期已无余量（已验证：不提高则其他学期须超过上限或原有周学时） — 将这些学期的上限提高到 34，或从每个学期削减 108 学时');
    expect(caps.fix.en).toMatch(/^Semesters 1, 2, 3, 5 and 6 each need 34 h\/week, the cap is 28: .* raise each one's cap to 34, or cut 108 h from each$/);
    expect(caps.cells).toEqual(r.conflicts.filter((c) => c.rule === 'weekly-cap').flatMap((c) => c.cells));
    // And the re-check's five loads over the cap, the same but for their number, are one line too.
    const left = presentFindings(r.check.findings.filter((f) => f.severity === 'error')).filter((f) => f.rules.includes('weekly-load'));
    expect(left.map((f) => f.message.zh)).toEqual(['第1、2、3、5、6学期周学时均为 34（各 612 学时 ÷ 18 周），超过上限 28：各超出 6 学时/周，每个学期需移出约 108 学时或提高上限。']);
    expect(left[0].message.en).toBe('Semesters 1, 2, 3, 5 and 6 each carry 34 h/week (612 h over 18 weeks), above the cap of 28: 6 h/week too many; move about 108 h out of each or raise the cap.');
  });

  it('never moves locked cells', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(34), { cap: 34 }, highs, 60);
    for (const before of plan.courses) {
      if (!before.placements.some((p) => p)) continue;
      const after = r.plan.courses.find((c) => c.row === before.row)!;
      expect(after.placements.map((p) => p?.hours ?? 0)).toEqual(before.placements.map((p) => p?.hours ?? 0));
    }
  });

  it('lets totals move within a given slack to meet the elective share', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(34), { cap: 34, totalSlack: 36 }, highs, 60);
    expect(r.check.findings.some((f) => f.rule === 'share-elective')).toBe(false);
    expect(r.changes.length).toBeGreaterThan(0);
  });

  it('moves the sub-totals and the total with the course totals it changes, in the re-check and in the cells written', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(28), { cap: 28, totalSlack: 540 }, highs, 60);
    const cut = r.changes.filter((c) => c.total).reduce((t, c) => t + c.total!.before - c.total!.after, 0);
    expect(cut).toBeGreaterThan(0);
    expect(r.check.findings.filter((f) => f.rule === 'subtotal-mismatch' || f.rule === 'total-mismatch').map((f) => f.message.en)).toEqual([]);
    const total = plan.aggregates.find((a) => a.kind === 'total' && a.totalHours)!;
    const grids = workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)));
    const patch = buildPatch(plan, grids.find((g) => g.sheet === plan.sheet)!, r, rulesWithCap(28), { zh: '', en: '' });
    expect(patch.writes.find((w) => w.address === total.totalHours!.cell)).toMatchObject({ value: total.totalHours!.value - cut, previous: total.totalHours!.value });
  });
});

describe('an answer under one cap as the start under a higher one (totals that may move)', () => {
  it('moves shapes, totals kept, to lower the hours over the new caps; then brings cut totals back where they fit', async () => {
    const plan = await examplePlan();
    // Solved at one cap with totals allowed to move, started from under a higher one.
    const step = (from: number, to: number) => {
      const at = problemFromPlan(plan, rulesWithCap(from), { cap: from, totalSlack: 540 }).problem;
      const b = buildModel(at);
      const hint = highs.solve({ ...b.model, objective: b.violations }, { timeLimitSec: 30 });
      expect(hint.status).toBe('optimal');
      const raised = { ...at, semesters: at.semesters.map((s) => (s.teaching ? { ...s, cap: to } : s)) };
      return { hint, raised, built: buildModel(raised) };
    };
    const measures = (raised: ReturnType<typeof step>['raised'], built: ReturnType<typeof buildModel>) => {
      const chosen = (vals: Record<string, number>) => new Map(built.courses.map((cp) => [cp.course.id, cp.patterns.find((p) => (vals[built.patternVar.get(p)!] ?? 0) > 0.5)]));
      const overload = (vals: Record<string, number>) => {
        const loads = [...built.fixedWeekly];
        for (const p of chosen(vals).values()) p?.weekly.forEach((w, i) => (loads[i] += w));
        return raised.semesters.filter((s) => s.teaching).reduce((a, s) => a + Math.max(0, loads[s.index - 1] - s.cap), 0);
      };
      const change = (vals: Record<string, number>) => [...chosen(vals)].reduce((a, [id, p]) => a + (p ? Math.abs(p.total - raised.courses.find((c) => c.id === id)!.hours) : 0), 0);
      return { chosen, overload, change };
    };
    // From 24 to 28: shapes move (totals kept) so fewer hours stay over the new caps.
    const low = step(24, 28);
    const m = measures(low.raised, low.built);
    const lowered = lessOverload(low.raised, low.built, low.hint.values);
    expect(m.overload(low.hint.values)).toBeGreaterThan(0);
    expect(m.overload(lowered)).toBeLessThan(m.overload(low.hint.values));
    // From 28 to 30: room under the new caps brings cut totals back.
    const { hint, raised, built } = step(28, 30);
    const { chosen, overload, change } = measures(raised, built);
    const out = lessOverload(raised, built, hint.values);
    expect(overload(out)).toBe(0);
    expect(change(out)).toBeLessThan(change(hint.values));
    // Every course placed in the hint is placed once in the answer, and the sequence slacks fit it.
    for (const [id, p] of chosen(hint.values)) expect(!!chosen(out).get(id), id).toBe(!!p);
    expect(violatedRows(built.model, out).filter((r) => !['weekly-cap', 'balance-max', 'balance-min'].includes(r.rule) && !r.rule.startsWith('share-'))).toEqual([]);
  });
});

describe('windows and prerequisites from the rules file', () => {
  it('keeps a course inside its window and after its prerequisite', async () => {
    const plan = await examplePlan();
    const { rules } = resolveRules('zhongzhi', { weeklyCap: 34, courses: { 语文: { earliest: 1, latest: 1 } }, prerequisites: [['市场营销', '营销策划']] });
    const r = optimizePlan(plan, rules, { cap: 34 }, highs, 60);
    const sems = (name: string) => r.plan.courses.find((c) => c.name === name)!.placements.map((p, i) => (p ? i + 1 : 0)).filter(Boolean);
    expect(sems('语文')).toEqual([1]);
    expect(Math.max(...sems('市场营销'))).toBeLessThan(Math.min(...sems('营销策划')));
  });
});

/** A prerequisite keeps the greedy shortcuts out, so every stage goes to the engine under test. */
function engineOnly(problem: ReturnType<typeof problemFromPlan>['problem']) {
  return { problem: { ...problem, prerequisites: [[problem.courses[0].id, problem.courses[1].id]] as [string, string][] } };
}

describe('engines agree and are checked', () => {
  const small = () => {
    const g = gridFromRows('S', [
      ['课程类别', '课程名称', '学时', '第一学期', '第二学期', '第三学期'],
      ['公共基础课', '语文', 108, null, null, null],
      [null, '数学', 72, null, null, null],
      [null, '英语', 36, null, null, null],
      ['专业核心课', '网店', 108, null, null, 54],
    ]);
    const r = readPlan(g);
    if (!r.ok) throw new Error(r.error.en);
    return r.plan;
  };

  it('javascript-lp-solver and HiGHS reach the same optimum on a small plan', () => {
    const plan = small();
    const a = optimizePlan(plan, rulesWithCap(20), {}, jslpBackend, 20);
    const b = optimizePlan(plan, rulesWithCap(20), {}, highs, 20);
    expect(a.raw.status).toBe('optimal');
    expect(b.raw.status).toBe('optimal');
    expect(a.loads.map((l) => l.weeklyHours).sort()).toEqual(b.loads.map((l) => l.weeklyHours).sort());
    expect(a.raw.stages.map((s) => s.objective)).toEqual(b.raw.stages.map((s) => s.objective));
  });

  it('writes LP text HiGHS can read, with engine-safe names', () => {
    const { problem } = problemFromPlan(small(), rulesWithCap(20));
    const { text } = toLpText(buildModel(problem).model);
    expect(text).toMatch(/^Minimize\n obj: /);
    expect(text).toContain('Subject To');
    expect(text).toContain('Binary');
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('HiGHS through arrays: a name the model does not declare is a continuous column, not dropped', () => {
    const m = { vars: new Map([['x', 'binary' as const]]), rows: [{ name: 'r', terms: [{ v: 'x', c: 1 }, { v: 'y', c: 1 }], op: '>=' as const, rhs: 1.5, rule: 't', cells: [] }], objective: [{ v: 'x', c: 1 }, { v: 'y', c: 2 }] };
    const out = highs.solve(m, { timeLimitSec: 5 });
    expect(out.status).toBe('optimal');
    expect(out.values).toMatchObject({ x: 1 });
    expect(out.values.y).toBeCloseTo(0.5, 9);
  });

  it('discards an engine answer that breaks the model', () => {
    const liar: Backend = { name: 'jslp', solve: (m) => ({ status: 'optimal', values: Object.fromEntries([...m.vars.keys()].map((k) => [k, 0.5])), objective: 0, gap: 0 }) };
    const { problem } = engineOnly(problemFromPlan(small(), rulesWithCap(20)).problem);
    const raw = solveProblem(problem, liar, 5);
    expect(raw.status).toBe('failed');
    expect(raw.message).toMatch(/breaks .* row/);
  });

  it('reports a timed-out engine as not proven, never as infeasible', () => {
    const slow: Backend = { name: 'jslp', solve: () => ({ status: 'timeout', values: {}, objective: null, gap: null, message: 'jslp: no feasible answer (infeasible or out of time; not a proof)' }) };
    const { problem } = engineOnly(problemFromPlan(small(), rulesWithCap(20)).problem);
    const raw = solveProblem(problem, slow, 5);
    expect(raw.status).toBe('failed');
    expect(raw.message).toContain('not a proof');
  });
});

describe('the placement stage\'s greedy start', () => {
  it('leaving out patterns the start rules out never changes the stage\'s optimum (variants of the seed plan)', async () => {
    const plan = await examplePlan();
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 6; k++) {
      const p = structuredClone(plan);
      for (const c of p.courses) if (!c.isInternship && c.totalHours && !c.placements.some((x) => x)) c.totalHours.value = Math.max(18, c.totalHours.value + 18 * (Math.floor(rnd() * 3) - 1));
      const { problem } = problemFromPlan(p, rulesWithCap(36), { cap: 36 });
      const raw = solveProblem(problem, highs, 30);
      const stage = raw.stages.find((s) => s.stage === 'placement');
      const built = buildModel(problem);
      const vStar = raw.stages.filter((s) => s.stage === 'violations').at(-1)!.objective!;
      const reference = highs.solve({ ...built.model, rows: [...built.model.rows, { name: 'v', terms: built.violations, op: '<=', rhs: vStar + 1e-6, rule: 'stage', cells: [] }], objective: built.norms }, { timeLimitSec: 30 });
      expect(reference.status).toBe('optimal');
      expect(stage?.objective ?? normBound(built), `variant ${k}`).toBeCloseTo(reference.objective!, 6);
    }
  });

  it('meets every row of the model, and its cost as the search counts it equals the model\'s objective', async () => {
    const plan = await examplePlan();
    for (const cap of [34, 36, 40]) {
      const { problem } = problemFromPlan(plan, rulesWithCap(cap), { cap, mode: 'plan' });
      const built = buildModel(problem);
      // At 34 every semester is full: no order of the greedy fits, and it improves the answer in hand instead.
      const inHand = greedyViolations(problem, built);
      const start = greedyNormsStart(problem, built, inHand?.values);
      expect(start, `cap ${cap}`).not.toBeNull();
      expect(violatedRows(built.model, start!)).toEqual([]);
      const chosen = new Map(built.courses.map((cp) => [cp.course.id, cp.patterns.find((p) => start![built.patternVar.get(p)!] > 0.5)!]));
      const objective = built.norms.reduce((a, t) => a + t.c * (start![t.v] ?? 0), 0);
      expect(placementCost(problem, chosen)).toBeCloseTo(objective, 9);
      expect(objective).toBeGreaterThanOrEqual(normBound(built) - 1e-9);
    }
  });
});
