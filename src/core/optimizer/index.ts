/**
 * plan + rules → optimized placements, loads, changes and a conflict report. The answer is re-checked
 * by the independent checker before it is returned.
 */

import { check, type CheckResult, countedHours, semesterLoads } from '../checker';
import { msg, type Message } from '../message';
import { SETTING_WORDS } from '../settingWords';
import { type Plan, coveredBy } from '../plan';
import type { Rules } from '../rules';
import { clean } from '../text';
import type { Backend } from './model';
import { type RawSolution, solveProblem } from './optimize';
import { courseId, type OptimizeSettings, type OptProblem, problemFromPlan } from './problem';

export type { OptimizeMode, OptimizeSettings, OptProblem } from './problem';
export { defaultMode, isExternal, MODE_HELP, MODE_NAMES, OPTIMIZE_MODES, problemFromPlan } from './problem';
export { solveProblem } from './optimize';
export type { RawSolution } from './optimize';
export type { Backend } from './model';

export interface Conflict {
  rule: string;
  required: number | string;
  achieved: number | string;
  cells: string[];
  fix: Message;
}

export interface CourseChange {
  row: number;
  name: string;
  cells: string[];
  before: number[];
  after: number[];
  /** Set when the course total itself moved (only where totals may move). */
  total?: { before: number; after: number; cell: string; creditsCell?: string; credits?: number };
  /** placed: it had no semester; chosen: one of the columns it was written in ("X or Y"); moved. */
  kind: 'placed' | 'chosen' | 'moved';
  /** Why, in one sentence. */
  reason: Message;
}

export interface LoadLine {
  semester: number;
  weeklyHours: number;
  cap: number;
  teaching: boolean;
}

export interface OptimizeResult {
  status: 'optimal' | 'feasible' | 'relaxed' | 'failed';
  mode: OptProblem['mode'];
  solver: Backend['name'];
  gap: number | null;
  seconds: number;
  loads: LoadLine[];
  before: LoadLine[];
  changes: CourseChange[];
  conflicts: Conflict[];
  /** Rules that cannot all hold together, in one sentence each. */
  tradeoffs: Message[];
  notes: Message[];
  /** The plan with the new placements, and its independent check. */
  plan: Plan;
  check: CheckResult;
  raw: RawSolution;
}

const fmt = (n: number) => String(clean(n));
const round2 = (n: number) => String(Math.round(n * 100) / 100);

export function optimizePlan(plan: Plan, rules: Rules, settings: OptimizeSettings, backend: Backend, timeLimitSec = 30): OptimizeResult {
  const { problem, notes } = problemFromPlan(plan, rules, settings);
  const raw = solveProblem(problem, backend, timeLimitSec);
  return interpret(plan, rules, problem, raw, notes.map((x) => x.message));
}

/** Turns an engine's raw solution (from this thread or a worker) into the product's answer. */
export function interpret(plan: Plan, rules: Rules, problem: OptProblem, raw: RawSolution, notes: Message[]): OptimizeResult {
  const byId = new Map(raw.courses.map((c) => [c.id, c]));
  const newPlan: Plan = structuredClone(plan);
  const changes: CourseChange[] = [];
  const hpc = (c: Plan['courses'][number]) => (c.credits && c.totalHours && c.totalHours.value > 0 ? c.credits.value / c.totalHours.value : 0);
  const external = new Set(problem.courses.filter((c) => c.external).map((c) => c.id));
  const originals = new Map(plan.courses.map((o) => [courseId(o), o]));
  for (const c of newPlan.courses) {
    const id = courseId(c);
    const sol = byId.get(id);
    // A course no shape places (its total is reachable by none) stays exactly as the sheet has it.
    if (!sol || raw.status === 'failed' || external.has(id) || sol.unplaced) continue;
    const before = c.placements.map((p) => p?.hours ?? 0);
    const after = sol.hours.map((h) => clean(h));
    if (before.every((h, i) => Math.abs(h - after[i]) < 1e-9)) continue;
    const ratio = hpc(c);
    const newTotal = clean(after.reduce((a, b) => a + b, 0));
    const totalChanged = c.totalHours && Math.abs(newTotal - c.totalHours.value) > 1e-9 && !solvedOf(raw, id)?.unplaced;
    if (totalChanged && c.totalHours) {
      c.totalHours = { ...c.totalHours, value: newTotal };
      if (c.credits && ratio) c.credits = { ...c.credits, value: clean(newTotal * ratio) };
    }
    c.placements = after.map((h, i) => {
      const old = c.placements[i];
      if (h === 0) return null;
      const s = plan.semesters[i];
      const cell = old?.cell ?? `${s.hoursColumn ?? s.weeklyColumn}${c.row + 1}`;
      return {
        hours: h,
        cell,
        ...(plan.semesterMode === 'weekly' ? { weekly: clean(h / problem.semesters[i].weeks), shape: 'weekly' as const } : {}),
        ...(s.creditsColumn && ratio ? { credits: clean(h * ratio), creditsCell: old?.creditsCell ?? `${s.creditsColumn}${c.row + 1}` } : {}),
      };
    });
    const orig = originals.get(id)!;
    changes.push({
      ...whyChanged(problem, plan, rules, id, before, after),
      row: c.row,
      name: c.name,
      cells: plan.semesters.map((s) => `${s.hoursColumn ?? s.weeklyColumn}${c.row + 1}`).filter((_, i) => Math.abs(before[i] - after[i]) > 1e-9),
      before,
      after,
      ...(totalChanged && c.totalHours && orig.totalHours
        ? { total: { before: orig.totalHours.value, after: c.totalHours.value, cell: c.totalHours.cell, ...(c.credits ? { creditsCell: c.credits.cell, credits: c.credits.value } : {}) } }
        : {}),
    });
  }
  // Moved courses first: they are what a person must look at; then the choices, then new placements.
  const order = { moved: 0, chosen: 1, placed: 2 };
  changes.sort((a, b) => order[a.kind] - order[b.kind]);
  if (raw.status !== 'failed') recomputeAggregates(newPlan, plan);
  const result = check(newPlan, rules);
  // Loads as the checker measures them, so the preview and the re-check agree.
  const loadLines = (p: Plan): LoadLine[] => {
    const measured = semesterLoads(p, rules);
    return problem.semesters.map((s, i) => ({ semester: s.index, weeklyHours: measured[i]?.weeklyHours ?? 0, cap: s.cap, teaching: s.teaching }));
  };
  const conflicts = conflictsOf(problem, raw);
  // A share the placements cannot change: only totals can, and they are fixed unless allowed to move.
  if (problem.ratios.length === 0) {
    for (const f of result.findings) {
      if (f.severity !== 'error' || !(f.rule === 'share-elective' || f.rule === 'share-public-basic' || f.rule === 'share-practice')) continue;
      conflicts.push({
        rule: f.rule,
        required: f.required ?? '',
        achieved: f.actual ?? '',
        cells: f.cells,
        fix: msg(
          `${f.message.zh.replace(/[。.]$/, '')} — 排课无法改变比例：修改课程学时，或用${SETTING_WORDS.totalSlack.zh}允许课程总学时在一定范围内调整`,
          `${f.message.en.replace(/\.$/, '')} — placement cannot change a share: change course hours, or let totals move within a range (${SETTING_WORDS.totalSlack.en})`,
        ),
      });
    }
  }
  const tradeoffs = tradeoffsOf(problem, raw, plan);
  // Semesters a course was asked to keep out of (a shared course's full sections) but still runs in.
  const stillThere = problem.courses.flatMap((c) => {
    const hours = c.avoid && (solvedOf(raw, c.id)?.hours ?? c.fixed);
    const left = c.avoid && hours ? c.avoid.filter((s) => (hours[s - 1] ?? 0) > 0 || c.fixed[s - 1] > 0) : [];
    return left.length ? [{ c, left }] : [];
  });
  const avoidNotes = stillThere.map(({ c, left }) =>
    msg(
      `“${c.name}”仍排在第${left.join('、')}学期（要求避开）：避开会违反规则、该课已锁定，或只剩学校不会采用的周学时。`,
      `"${c.name}" still runs in semester ${left.join(', ')} (asked to keep out): keeping out would break a rule, the course is locked, or only weekly hours a school would not give remain.`,
    ),
  );
  notes = [...notes, ...avoidNotes];
  const status: OptimizeResult['status'] = raw.status === 'failed' ? 'failed' : conflicts.length > 0 ? 'relaxed' : raw.status;
  return { status, mode: problem.mode, solver: raw.backend, gap: raw.gap, seconds: raw.seconds, loads: loadLines(newPlan), before: loadLines(plan), changes, conflicts, tradeoffs, notes, plan: newPlan, check: result, raw };
}

/** What kind of change a course had, and why it had to. */
function whyChanged(problem: OptProblem, plan: Plan, rules: Rules, id: string, before: number[], after: number[]): Pick<CourseChange, 'kind' | 'reason'> {
  const c = problem.courses.find((x) => x.id === id);
  const sems = (xs: number[]) => xs.map((h, i) => (h > 0 ? i + 1 : 0)).filter(Boolean);
  if (c?.allowed) {
    const to = sems(after);
    return { kind: 'chosen', reason: msg(`表中写在第${c.allowed.join('、')}学期（二选一），取第${to.join('、')}学期`, `written in semesters ${c.allowed.join(' and ')} ("either"): semester ${to.join(', ')} taken`) };
  }
  if (before.every((h) => h === 0)) return { kind: 'placed', reason: msg('原未安排学期，新排入', 'had no semester; placed') };
  const loads = semesterLoads(plan, rules);
  const over = sems(before.map((h, i) => (h > after[i] + 1e-9 && problem.semesters[i]?.teaching && loads[i] && loads[i].weeklyHours > problem.semesters[i].cap + 1e-9 ? 1 : 0)));
  if (over.length)
    return {
      kind: 'moved',
      reason: msg(
        `移出第${over.join('、')}学期：该学期原为 ${over.map((s) => round2(loads[s - 1].weeklyHours)).join('、')} 学时/周，超过上限 ${over.map((s) => problem.semesters[s - 1].cap).join('、')}`,
        `out of semester ${over.join(', ')}, which carried ${over.map((s) => round2(loads[s - 1].weeklyHours)).join(', ')} h/week over the cap of ${over.map((s) => problem.semesters[s - 1].cap).join(', ')}`,
      ),
    };
  return { kind: 'moved', reason: problem.mode === 'plan' ? msg('重新排课', 'planned afresh') : msg('为其他课程腾出位置或使各学期更均衡', 'to make room for other courses or even out the semesters') };
}

/** Sub-total rows restated from the new placements (as the patch writes them, or Excel recalculates them). */
function recomputeAggregates(plan: Plan, original: Plan): void {
  shiftAggregateTotals(plan, original);
  for (const a of plan.aggregates) {
    if (a.kind === 'ratio' || a.measure === 'credits') continue;
    if (a.sheet) continue; // other sheets' rows never change
    const covered = coveredBy(plan, a);
    plan.semesters.forEach((s, i) => {
      const col = s.hoursColumn ?? s.weeklyColumn;
      const sum = clean(covered.reduce((t, c) => t + (plan.semesterMode === 'weekly' ? c.placements[i]?.weekly ?? 0 : c.placements[i]?.hours ?? 0), 0));
      const old = a.semesterHours[i];
      a.semesterHours[i] = sum || old ? { value: sum, cell: old?.cell ?? `${col}${a.row + 1}`, ...(old?.formula ? { formula: old.formula } : {}) } : null;
      if (s.creditsColumn) {
        const cs = clean(covered.reduce((t, c) => t + (c.placements[i]?.credits ?? 0), 0));
        const oc = a.semesterCredits[i];
        a.semesterCredits[i] = cs || oc ? { value: cs, cell: oc?.cell ?? `${s.creditsColumn}${a.row + 1}`, ...(oc?.formula ? { formula: oc.formula } : {}) } : null;
      }
    });
  }
}

/**
 * Sub-total and total rows' total-hours and credit figures move by the change of the courses they
 * cover: a delta, so a school's own convention (a row counting one option of a group, say) is kept.
 */
function shiftAggregateTotals(plan: Plan, original: Plan): void {
  const before = new Map(original.courses.filter((c) => !c.sheet).map((c) => [c.row, c]));
  for (const a of plan.aggregates) {
    if (a.kind === 'ratio' || a.sheet || a.definesGroup) continue;
    let hours = 0;
    let credits = 0;
    for (const c of coveredBy(plan, a)) {
      const o = before.get(c.row);
      if (c.sheet || !o) continue;
      hours += (c.totalHours?.value ?? 0) - (o.totalHours?.value ?? 0);
      credits += (c.credits?.value ?? 0) - (o.credits?.value ?? 0);
    }
    if (a.totalHours && Math.abs(hours) > 1e-9) a.totalHours = { ...a.totalHours, value: clean(a.totalHours.value + hours) };
    if (a.credits && Math.abs(credits) > 1e-9) a.credits = { ...a.credits, value: clean(a.credits.value + credits) };
  }
}

/** Each course's solved hours by id: one pass, so interpreting stays linear in the plan's size. */
const solvedById = new WeakMap<RawSolution, Map<string, RawSolution['courses'][number]>>();
function solvedOf(raw: RawSolution, id: string): RawSolution['courses'][number] | undefined {
  let m = solvedById.get(raw);
  if (!m) solvedById.set(raw, (m = new Map(raw.courses.map((c) => [c.id, c]))));
  return m.get(id);
}

/** Weekly load of a semester from the solution's placements (not the slack, which carries the solver's tolerance). */
function solvedLoad(problem: OptProblem, raw: RawSolution, s: OptProblem['semesters'][number]): number {
  return problem.courses.filter((c) => !c.isInternship).reduce((a, c) => a + (solvedOf(raw, c.id)?.hours[s.index - 1] ?? 0), 0) / s.weeks;
}

function conflictsOf(problem: OptProblem, raw: RawSolution): Conflict[] {
  const out: Conflict[] = [];
  for (const s of problem.semesters) {
    if (!s.teaching) continue;
    const load = clean(solvedLoad(problem, raw, s));
    const slack = clean(load - s.cap);
    if (slack <= 1e-6) continue;
    const need = load;
    const cells = problem.courses.filter((c) => (solvedOf(raw, c.id)?.hours[s.index - 1] ?? 0) > 0).map((c) => c.semesterCells[s.index - 1]).filter((x): x is string => !!x);
    // The cap named is the least one the solver verified (a plan was solved at it); the hours named
    // can go to semesters with room under the cap, or else must be cut.
    const cap = raw.leastCap ?? Math.ceil(need - 1e-9);
    const hours = Math.ceil(slack * s.weeks - 1e-9);
    const room = problem.semesters.filter((t) => t.teaching && t !== s).map((t) => ({ t, free: Math.floor((t.cap - solvedLoad(problem, raw, t)) * t.weeks + 1e-9) })).filter((x) => x.free > 0);
    const movable = room.reduce((a, x) => a + x.free, 0) >= hours;
    out.push({
      rule: 'weekly-cap',
      required: s.cap,
      achieved: need,
      cells,
      fix: movable
        ? msg(
            `第${s.index}学期需${round2(need)}学时/周，上限 ${s.cap}：超出${round2(slack)}学时/周 — 提高上限至${fmt(cap)}，或将${fmt(hours)}学时移到第${room.map((x) => x.t.index).join('、')}学期`,
            `Semester ${s.index} needs ${round2(need)} h/week, the cap is ${s.cap}: ${round2(slack)} h/week over — raise the cap to ${fmt(cap)}, or move ${fmt(hours)} h to semester ${room.map((x) => x.t.index).join(', ')}`,
          )
        : msg(
            `第${s.index}学期需${round2(need)}学时/周，上限 ${s.cap}：超出${round2(slack)}学时/周，其他学期容纳不下 — 提高上限至${fmt(cap)}，或从本学期削减${fmt(hours)}学时`,
            `Semester ${s.index} needs ${round2(need)} h/week, the cap is ${s.cap}: ${round2(slack)} h/week over and the other semesters cannot take it — raise the cap to ${fmt(cap)}, or cut ${fmt(hours)} h from this semester`,
          ),
    });
  }
  for (const c of problem.courses) {
    const sol = solvedOf(raw, c.id);
    if (!sol?.unplaced) continue;
    out.push({
      rule: 'completeness',
      required: c.hours,
      achieved: 0,
      cells: [c.totalCell ?? c.nameCell],
      fix: msg(
        `“${c.name}”${fmt(c.hours)} 学时无法在第 ${c.earliest}–${c.latest} 学期内按整数周学时连续安排，保持原样未改${nearest(problem, c.hours).length ? `（最接近的可排总学时为 ${nearest(problem, c.hours).join(' 或 ')}）` : ''} — 把学时改为教学周数的整数倍、放宽开课学期范围，或用${SETTING_WORDS.totalSlack.zh}允许总学时调整`,
        `"${c.name}" (${fmt(c.hours)} h) cannot be placed as whole weekly hours in consecutive semesters ${c.earliest}–${c.latest}, so it was left as it is${nearest(problem, c.hours).length ? ` (the nearest totals that can be placed: ${nearest(problem, c.hours).join(' or ')})` : ''} — make its hours a multiple of the teaching weeks, widen its window, or let totals move (${SETTING_WORDS.totalSlack.en})`,
      ),
    });
  }
  for (const s of problem.semesters) {
    if (s.teaching) continue;
    const stuck = problem.courses.filter((c) => !c.isInternship && c.fixed[s.index - 1] > 0);
    if (stuck.length === 0) continue;
    out.push({
      rule: 'internship-exclusive',
      required: 0,
      achieved: stuck.length,
      cells: stuck.map((c) => c.semesterCells[s.index - 1]).filter((x): x is string => !!x),
      // In keep mode placed cells are locked by choice; otherwise they stay because the sheet's own
      // split (a lecture series, hours that disagree with the total) is kept as written.
      fix:
        problem.mode === 'keep'
          ? msg(
              `第${s.index}学期是全时岗位实习，但“${stuck.map((c) => c.name).join('、')}”已锁定在该学期 — 改用${SETTING_WORDS.rebalance.zh}或手动移到其他学期`,
              `Semester ${s.index} is a full-time internship, but ${stuck.map((c) => `"${c.name}"`).join(', ')} is locked there — use ${SETTING_WORDS.rebalance.en} or move it by hand`,
            )
          : msg(
              `第${s.index}学期是全时岗位实习，但“${stuck.map((c) => c.name).join('、')}”按表中原样保留在该学期（讲座式或各学期合计与总学时不符的课程不自动移动） — 手动把该学期的学时移到在校学期`,
              `Semester ${s.index} is a full-time internship, but ${stuck.map((c) => `"${c.name}"`).join(', ')} stays there as the sheet writes it (lecture series and courses whose semesters disagree with their total are not moved automatically) — move that semester's hours to an in-school semester by hand`,
            ),
    });
  }
  for (const r of problem.ratios) {
    const slack = raw.ratioSlack[r.id] ?? 0;
    if (slack <= 1e-6) continue;
    out.push({
      rule: r.id,
      required: r.min,
      achieved: 'below',
      cells: [],
      fix: msg(`${r.name.zh}占比仍差约 ${fmt(Math.ceil(slack))} 学时 — 增加${r.name.zh}学时，或放宽课程总学时的调整范围`, `${r.name.en} still fall about ${fmt(Math.ceil(slack))} h short of their share — add hours to them, or let course totals move further`),
    });
  }
  for (const s of problem.semesters) {
    const under = raw.minLoadSlack[s.index] ?? 0;
    const count = raw.countSlack[s.index];
    if (under > 1e-6) out.push({ rule: 'min-load', required: s.minLoad ?? 0, achieved: clean((s.minLoad ?? 0) - under), cells: [], fix: msg(`第${s.index}学期周学时低于下限 ${s.minLoad}（差 ${fmt(under)}）`, `Semester ${s.index} is ${fmt(under)} h/week under its minimum of ${s.minLoad}`) });
    if (count && count.over > 1e-6) out.push({ rule: 'course-count', required: s.maxCourses ?? 0, achieved: clean((s.maxCourses ?? 0) + count.over), cells: [], fix: msg(`第${s.index}学期课程门数超过上限 ${s.maxCourses}`, `Semester ${s.index} has more courses than its maximum of ${s.maxCourses}`) });
    if (count && count.under > 1e-6) out.push({ rule: 'course-count', required: s.minCourses ?? 0, achieved: clean((s.minCourses ?? 0) - count.under), cells: [], fix: msg(`第${s.index}学期课程门数少于下限 ${s.minCourses}`, `Semester ${s.index} has fewer courses than its minimum of ${s.minCourses}`) });
  }
  return out;
}

/** Totals a course could have as whole weekly hours over the shortest teaching semester. */
function nearest(problem: OptProblem, hours: number): number[] {
  const unit = Math.min(...problem.semesters.filter((s) => s.teaching).map((s) => s.weeks), Infinity);
  if (!Number.isFinite(unit) || unit <= 0) return [];
  return [...new Set([Math.floor(hours / unit) * unit, Math.ceil(hours / unit) * unit])].filter((h) => h > 0 && h !== hours);
}

/** "The cap of 28 and the 3660-hour total cannot both hold with the internship in semester 4: …" */
function tradeoffsOf(problem: OptProblem, raw: RawSolution, plan: Plan): Message[] {
  const loadOf = (s: OptProblem['semesters'][number]) => solvedLoad(problem, raw, s);
  const over = problem.semesters.filter((s) => s.teaching && loadOf(s) - s.cap > 1e-6);
  if (over.length === 0) return [];
  const hoursToCut = Math.ceil(clean(over.reduce((a, s) => a + (loadOf(s) - s.cap) * s.weeks, 0)) - 1e-9);
  const needCap = raw.leastCap ?? Math.ceil(clean(Math.max(...over.map((s) => loadOf(s)))) - 1e-9);
  const total = clean(plan.courses.reduce((a, c) => a + countedHours(c), 0));
  const caps = [...new Set(over.map((s) => s.cap))].join('/');
  const internship = problem.semesters.filter((s) => !s.teaching).map((s) => s.index);
  const locked = problem.courses.filter((c) => c.locked && !c.isInternship).length;
  const withInternship = internship.length
    ? msg(`在第${internship.join('、')}学期为岗位实习的情况下`, ` with the internship in semester ${internship.join(', ')}`)
    : msg('', '');
  const lockedNote =
    locked && problem.mode === 'keep'
      ? msg(`（另有 ${locked} 门课程的学期保持不动；改用${SETTING_WORDS.rebalance.zh}可移动它们）`, ` (${locked} course(s) stay where they are; ${SETTING_WORDS.rebalance.en} may move them)`)
      : msg('', '');
  return [
    msg(
      `周学时上限 ${caps} 与总学时 ${fmt(total)} ${withInternship.zh}无法同时满足：要么把上限提高到 ${needCap}，要么削减 ${hoursToCut} 学时${lockedNote.zh}。`,
      `The weekly cap of ${caps} and the ${fmt(total)}-hour total cannot both hold${withInternship.en}: either raise the cap to ${needCap} or cut ${hoursToCut} hours${lockedNote.en}.`,
    ),
  ];
}
