/**
 * What every optimizer result must be, whatever the plan: the audit finds nothing introduced (no binding
 * norm broken by the change, nothing moved into weeks an internship or blocks take, no raise above
 * max(cap, the load before) the optimizer did not prove necessary); the conflicts are exactly the
 * re-check's errors on the rules the optimizer answers for; every changed cell holds what the sheet
 * can write (whole weekly hours or the sheet's own notation; whole hours); and each raise is necessary,
 * checked by solving without it.
 */
import { expect } from 'vitest';
import { type OptimizeResult, type OptimizeSettings, problemFromPlan } from '../../src/core/optimizer';
import { isOptimizerRule } from '../../src/core/optimizer/index';
import type { Backend } from '../../src/core/optimizer/model';
import { leastViolations } from '../../src/core/optimizer/optimize';
import type { Plan } from '../../src/core/plan';
import type { Rules } from '../../src/core/rules';
import { parseSemesterCell } from '../../src/core/text';

/** The checker rule a conflict stands for (null: the optimizer's own settings, or a course no shape places). */
const checkerRule = (rule: string) => (rule === 'weekly-cap' ? 'weekly-load' : ['completeness', 'min-load', 'course-count'].includes(rule) ? null : rule);

export function expectSound(before: Plan, r: OptimizeResult, label: string): void {
  expect(r.status, label).not.toBe('failed');
  expect(r.audit.introduced.map((b) => b.message.zh), `${label}: binding norms broken by the change`).toEqual([]);
  expect(r.audit.intoTakenWeeks, `${label}: moved into taken weeks`).toEqual([]);
  expect(r.audit.internshipMoved, `${label}: internship moved`).toEqual([]);
  expect(r.audit.raised.filter((x) => !x.needed), `${label}: raised without need (relaxation ${JSON.stringify(r.raw.relaxation)}; ${r.raw.message ?? ''}; ${r.raw.stages.map((s) => `${s.stage} ${s.status} ${s.seconds.toFixed(2)}s`).join(', ')})`).toEqual([]);
  expect(r.audit.ok, label).toBe(true);
  // Report ⊆ re-check, and the re-check's errors on the optimizer's rules ⊆ report.
  const errors = r.check.findings.filter(isOptimizerRule);
  const semesterOf = (zh: string) => /第(\d+)学期/.exec(zh)?.[1];
  for (const c of r.conflicts) {
    const rule = checkerRule(c.rule);
    if (!rule) continue;
    const found = errors.filter((f) => f.rule === rule && (rule !== 'weekly-load' || semesterOf(f.message.zh) === semesterOf(c.fix.zh)));
    expect(found.length, `${label}: conflict ${c.rule} "${c.fix.zh}" not in the re-check`).toBeGreaterThan(0);
  }
  for (const f of errors) {
    const found = r.conflicts.filter((c) => checkerRule(c.rule) === f.rule && (f.rule !== 'weekly-load' || semesterOf(f.message.zh) === semesterOf(c.fix.zh)));
    expect(found.length, `${label}: re-check error ${f.rule} "${f.message.zh}" not reported`).toBeGreaterThan(0);
  }
  // What each changed cell holds reads back to the same hours.
  const changed = new Set(r.changes.map((c) => c.row));
  for (const c of r.plan.courses) {
    if (c.sheet || !changed.has(c.row)) continue;
    c.placements.forEach((p, i) => {
      if (!p) return;
      const where = `${label}: ${c.name} semester ${i + 1}`;
      if (before.semesterMode === 'weekly') {
        if (p.notation) {
          const n = parseSemesterCell(p.notation);
          expect(n, where).not.toBeNull();
          const hours = n!.kind === 'term' ? n!.hours : n!.kind === 'weekly-over' ? n!.weekly * n!.weeks : NaN;
          expect(hours, where).toBeCloseTo(p.hours, 9);
        } else {
          expect(Number.isInteger(p.weekly), `${where}: ${p.weekly} h/week`).toBe(true);
          const weeks = before.semesters[i].courseWeeks ?? before.semesters[i].weeks;
          expect(p.weekly! * weeks, where).toBeCloseTo(p.hours, 9);
        }
      } else expect(Number.isInteger(p.hours), `${where}: ${p.hours} h`).toBe(true);
    });
  }
}

/**
 * Each semester raised above max(asked cap, its load before) is needed: solved again with that one
 * semester held to max(asked cap, its load before) and every other at the cap the answer needed, the
 * plan must pay for more violations than at the answer's caps.
 */
export function expectRaisesNecessary(before: Plan, rules: Rules, settings: OptimizeSettings, r: OptimizeResult, backend: Backend, label: string): number {
  const raised = r.audit.raised;
  if (!raised.length) return 0;
  const caps = r.raw.relaxation!.caps;
  const at = (c: number[]) => leastViolations(problemFromPlan(before, { ...rules, weeklyCap: c }, { ...settings, cap: c }).problem, backend, 60);
  const base = at(caps);
  expect(base, `${label}: violations at the needed caps`).not.toBeNull();
  for (const x of raised) {
    const without = caps.map((c, i) => (i === x.semester - 1 ? Math.max(x.cap, x.before) : c));
    const v = at(without);
    expect(v, `${label}: semester ${x.semester} without its raise`).not.toBeNull();
    expect(v!, `${label}: semester ${x.semester} raised ${x.before} → ${x.after} (cap ${x.cap}) is not needed`).toBeGreaterThan(base! + 1e-6);
  }
  return raised.length;
}
