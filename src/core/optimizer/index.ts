/**
 * plan + rules → optimized placements, loads, changes and a conflict report. The answer is re-checked
 * by the independent checker before it is returned.
 */

import { audit, type AuditResult } from '../audit';
import { check, type CheckResult, countedHours, type Finding, hoursAbove, semesterLoads, wholeCap } from '../checker';
import { msg, type Message } from '../message';
import { SETTING_WORDS } from '../settingWords';
import { type Placement, type Plan, coveredBy } from '../plan';
import type { Rules } from '../rules';
import { clean } from '../text';
import type { Backend } from './model';
import { type Room, whyCoursesStay } from './blocked';
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
  /**
   * The plan with the new placements, and its independent check. A changed placement says exactly what
   * its cell should hold: `weekly` (whole weekly hours) in a weekly-hours layout, `hours` in an hours
   * layout, or `notation` (`8/期`, `4/8W`) where the sheet writes that notation itself — the reader reads
   * each back to the same hours.
   */
  plan: Plan;
  check: CheckResult;
  /** The plan before and after against the binding norms and the loads before (the report's "符合国家规定"). */
  audit: AuditResult;
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
    c.placements = after.map((h, i): Placement | null => {
      const old = c.placements[i];
      if (h === 0) return null;
      const s = plan.semesters[i];
      const cell = old?.cell ?? `${s.hoursColumn ?? s.weeklyColumn}${c.row + 1}`;
      return {
        hours: h,
        cell,
        ...cellValue(plan, sol, i),
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
  const checked = audit(plan, newPlan, rules, { caps: problem.semesters.map((s) => s.cap), ...(raw.relaxation ? { relaxed: { caps: raw.relaxation.caps, proven: raw.relaxation.proven } } : {}) });
  const conflicts = raw.status === 'failed' ? [] : conflictsOf(problem, raw, result, check(plan, rules), checked);
  const tradeoffs = tradeoffsOf(problem, raw, plan, result);
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
  return { status, mode: problem.mode, solver: raw.backend, gap: raw.gap, seconds: raw.seconds, loads: loadLines(newPlan), before: loadLines(plan), changes, conflicts, tradeoffs, notes, plan: newPlan, check: result, audit: checked, raw };
}

/**
 * What a changed cell holds: in a weekly-hours layout the whole weekly hours the shape gives, or the
 * notation the sheet itself uses for it (`8/期` per term, `4/8W` over some weeks); in an hours layout
 * the hours alone.
 */
function cellValue(plan: Plan, sol: RawSolution['courses'][number], i: number): Partial<Placement> {
  if (plan.semesterMode !== 'weekly') return {};
  const notation = sol.notation?.[i];
  if (notation) {
    const over = /^(\d+(?:\.\d+)?)\/(\d+)W$/.exec(notation);
    return over ? { notation, shape: 'weekly', weekly: Number(over[1]), weeks: Number(over[2]) } : { notation, shape: 'term' };
  }
  return { weekly: clean(sol.weekly[i]), shape: 'weekly' };
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

/** Rules whose conflicts come from the re-check: each is reported exactly where the checker finds it on the result. */
const CHECKED_RULES = /^(weekly-load|share-public-basic|share-elective|share-practice|internship-exclusive|norm-(politics-order|pe-parts|parts|situation-policy|straddle))$/;

/** Whether a re-check finding is one the optimizer answers for (a conflict when it remains). */
export function isOptimizerRule(f: Finding): boolean {
  return f.severity === 'error' && CHECKED_RULES.test(f.rule);
}

/**
 * The conflicts: what still does not hold in the answer, each as the independent re-check finds it on
 * the result (never a figure of the engine's own), with one way out that belongs to this one plan.
 * A semester over its cap names the cap it needs and the hours that would have to go — the hours every
 * other semester could take were moved already (the optimizer makes every move it can). A rule the
 * sheet already broke says it was kept as it was. A course no shape places, and the optimizer's own
 * settings (minimum loads, course counts), come from the solution.
 */
function conflictsOf(problem: OptProblem, raw: RawSolution, after: CheckResult, before: CheckResult, checked: AuditResult): Conflict[] {
  const out: Conflict[] = [];
  const errorsBefore = new Set(before.findings.filter(isOptimizerRule).map((f) => `${f.rule}|${f.message.zh}`));
  const keptKeys = new Set(checked.kept.map((b) => b.norm.id));
  const relaxed = raw.relaxation;
  const rooms = roomLeft(problem, raw, after);
  for (const f of after.findings) {
    if (!isOptimizerRule(f)) continue;
    if (f.rule === 'weekly-load') {
      const l = after.loads.find((x) => x.semester === Number(/第(\d+)学期/.exec(f.message.zh)?.[1]));
      if (!l) continue;
      const s = problem.semesters[l.semester - 1];
      const asked = relaxed?.asked[l.semester - 1] ?? s.cap;
      const over = clean(l.weeklyHours - asked);
      const hours = hoursAbove(l, asked);
      const was = s.before ?? 0;
      const need = round2(l.weeklyHours);
      // A cap is set in whole hours a week: the least whole cap that holds this load.
      const capTo = wholeCap(l.weeklyHours);
      const raisedHere = l.weeklyHours > Math.max(asked, was) + 1e-6;
      const proven = relaxed?.proven ? msg('（已验证：不提高则其他学期须超过上限或原有周学时）', ' (verified: without it another semester would go above its cap or its own load before)') : msg('', '');
      // Why the hours stay: no other semester has room, or the room left cannot take them within the rules.
      const room = rooms.filter((r) => r.semester !== l.semester);
      const stays = room.length ? whyCoursesStay(problem, raw, l.semester, room) : null;
      const roomText = msg(room.map((r) => `第${r.semester}学期尚余 ${round2(r.weekly)} 学时/周`).join('、'), room.map((r) => `semester ${r.semester} has ${round2(r.weekly)} h/week left`).join(', '));
      const why = room.length
        ? msg(
            `${roomText.zh}，但本学期的课程都不能移去：${stays?.zh ?? '都会违反国家规定或学校的排课习惯（开课学期、周学时）'}${problem.mode === 'rebalance' ? '；“重新排课”可能移动更多' : ''}`,
            `${roomText.en}, but no course here can go there: ${stays?.en ?? "each would break a binding norm or the school's way of placing it (its semesters, its weekly hours)"}${problem.mode === 'rebalance' ? '; planning afresh may move more' : ''}`,
          )
        : msg('其他学期已无余量', 'no other semester has room');
      out.push({
        rule: 'weekly-cap',
        required: asked,
        achieved: l.weeklyHours,
        cells: f.cells,
        fix: raisedHere
          ? msg(
              `第${l.semester}学期需 ${need} 学时/周，上限 ${asked}：超出 ${round2(over)} 学时/周，${why.zh}${proven.zh} — 将本学期上限提高到 ${capTo}，或从本学期削减 ${fmt(hours)} 学时`,
              `Semester ${l.semester} needs ${need} h/week, the cap is ${asked}: ${round2(over)} h/week over and ${why.en}${proven.en} — raise this semester's cap to ${capTo}, or cut ${fmt(hours)} h from it`,
            )
          : msg(
              `第${l.semester}学期 ${need} 学时/周，上限 ${asked}：超出 ${round2(over)} 学时/周（原为 ${round2(was)}，已尽量减少；${why.zh}） — 将本学期上限提高到 ${capTo}，或从本学期削减 ${fmt(hours)} 学时`,
              `Semester ${l.semester} carries ${need} h/week, the cap is ${asked}: ${round2(over)} h/week over (it had ${round2(was)}; lowered as far as the rules allow: ${why.en}) — raise this semester's cap to ${capTo}, or cut ${fmt(hours)} h from it`,
            ),
      });
      continue;
    }
    const already = errorsBefore.has(`${f.rule}|${f.message.zh}`) || keptKeys.has(f.rule);
    if (f.rule.startsWith('share-')) {
      out.push({
        rule: f.rule,
        required: f.required ?? '',
        achieved: f.actual ?? '',
        cells: f.cells,
        fix:
          problem.ratios.length === 0
            ? msg(
                `${f.message.zh.replace(/[。.]$/, '')} — 排课无法改变比例：修改课程学时，或用${SETTING_WORDS.totalSlack.zh}允许课程总学时在一定范围内调整`,
                `${f.message.en.replace(/\.$/, '')} — placement cannot change a share: change course hours, or let totals move within a range (${SETTING_WORDS.totalSlack.en})`,
              )
            : msg(`${f.message.zh.replace(/[。.]$/, '')} — 放宽课程总学时的调整范围`, `${f.message.en.replace(/\.$/, '')} — let course totals move further`),
      });
      continue;
    }
    if (f.rule === 'internship-exclusive') {
      out.push({
        rule: f.rule,
        required: 0,
        achieved: f.actual ?? '',
        cells: f.cells,
        fix:
          problem.mode === 'keep'
            ? msg(`${f.message.zh.replace(/[。.]$/, '')}（已锁定） — 改用${SETTING_WORDS.rebalance.zh}或手动移到其他学期`, `${f.message.en.replace(/\.$/, '')} (locked) — use ${SETTING_WORDS.rebalance.en} or move them by hand`)
            : msg(
                `${f.message.zh.replace(/[。.]$/, '')}（按表中原样保留：讲座式或各学期合计与总学时不符的课程不自动移动）`,
                `${f.message.en.replace(/\.$/, '')} (kept as the sheet writes it: lecture series and courses whose semesters disagree with their total are not moved automatically)`,
              ),
      });
      continue;
    }
    // A binding norm: the sheet's own break, kept as it was; the optimizer never makes one.
    out.push({
      rule: f.rule,
      required: f.required ?? '',
      achieved: f.actual ?? '',
      cells: f.cells,
      fix: already
        ? msg(`${f.message.zh.replace(/[。.]$/, '')} — 原表如此，保持原样：请手动调整`, `${f.message.en.replace(/\.$/, '')} — the sheet has it so and it was kept: adjust it by hand`)
        : msg(`${f.message.zh.replace(/[。.]$/, '')} — 无法在其他规则下避免：需放宽此规定或调整课程`, `${f.message.en.replace(/\.$/, '')} — no plan under the other rules avoids it: this rule or the courses must give`),
    });
  }
  for (const c of problem.courses) {
    const sol = solvedOf(raw, c.id);
    if (!sol?.unplaced) continue;
    const fit = c.fit?.why.length ? msg(`，且要符合${c.fit.why.map((w) => w.zh).join('、')}`, `, keeping to ${c.fit.why.map((w) => w.en).join(', ')}`) : msg('', '');
    out.push({
      rule: 'completeness',
      required: c.hours,
      achieved: 0,
      cells: [c.totalCell ?? c.nameCell],
      fix: msg(
        `“${c.name}”${fmt(c.hours)} 学时无法在第 ${c.earliest}–${c.latest} 学期内按整数周学时连续安排${fit.zh}，保持原样未改${nearest(problem, c.hours).length ? `（最接近的可排总学时为 ${nearest(problem, c.hours).join(' 或 ')}）` : ''} — 把学时改为教学周数的整数倍、放宽开课学期范围，或用${SETTING_WORDS.totalSlack.zh}允许总学时调整`,
        `"${c.name}" (${fmt(c.hours)} h) cannot be placed as whole weekly hours in consecutive semesters ${c.earliest}–${c.latest}${fit.en}, so it was left as it is${nearest(problem, c.hours).length ? ` (the nearest totals that can be placed: ${nearest(problem, c.hours).join(' or ')})` : ''} — make its hours a multiple of the teaching weeks, widen its window, or let totals move (${SETTING_WORDS.totalSlack.en})`,
      ),
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

/** The teaching semesters below the cap the user asked for, each with the weekly hours it has left (the re-check's loads). */
function roomLeft(problem: OptProblem, raw: RawSolution, after: CheckResult): Room[] {
  const asked = (semester: number) => raw.relaxation?.asked[semester - 1] ?? problem.semesters[semester - 1].cap;
  return after.loads
    .filter((l) => !l.internship && problem.semesters[l.semester - 1]?.teaching && l.weeklyHours < asked(l.semester) - 1e-6)
    .map((l) => ({ semester: l.semester, weekly: asked(l.semester) - l.weeklyHours }));
}

/** "The cap of 28 and the 3660-hour total cannot both hold with the internship in semester 4: …" — from the re-check's loads. */
function tradeoffsOf(problem: OptProblem, raw: RawSolution, plan: Plan, after: CheckResult): Message[] {
  const asked = (s: OptProblem['semesters'][number]) => raw.relaxation?.asked[s.index - 1] ?? s.cap;
  const over = after.loads.filter((l) => !l.internship && problem.semesters[l.semester - 1]?.teaching && l.weeklyHours - asked(problem.semesters[l.semester - 1]) > 1e-6);
  if (over.length === 0) return [];
  const hoursToCut = over.reduce((a, l) => a + hoursAbove(l, asked(problem.semesters[l.semester - 1])), 0);
  const needCap = raw.leastCap ?? Math.ceil(clean(Math.max(...over.map((l) => l.weeklyHours))) - 1e-9);
  const total = clean(plan.courses.reduce((a, c) => a + countedHours(c), 0));
  const caps = [...new Set(over.map((l) => asked(problem.semesters[l.semester - 1])))].join('/');
  const internship = problem.semesters.filter((s) => !s.teaching).map((s) => s.index);
  const locked = problem.courses.filter((c) => c.locked && !c.isInternship && !c.external).length;
  const withInternship = internship.length
    ? msg(`在第${internship.join('、')}学期为岗位实习的情况下`, ` with the internship in semester ${internship.join(', ')}`)
    : msg('', '');
  // Moving a kept course helps only where some semester has room to take it.
  const lockedNote =
    locked && problem.mode === 'keep' && roomLeft(problem, raw, after).length > 0
      ? msg(`（另有 ${locked} 门课程的学期保持不动；改用${SETTING_WORDS.rebalance.zh}可移动它们）`, ` (${locked} course(s) stay where they are; ${SETTING_WORDS.rebalance.en} may move them)`)
      : msg('', '');
  // Every semester over the cap needs the same: one cap for all of them; otherwise each its own.
  const same = over.every((l) => Math.abs(l.weeklyHours - needCap) < 1e-6) && over.length === problem.semesters.filter((s) => s.teaching).length;
  const where = msg(`第${over.map((l) => l.semester).join('、')}学期`, `semester ${over.map((l) => l.semester).join(', ')}`);
  const raise = same ? msg(`把上限提高到 ${wholeCap(needCap)}`, `raise the cap to ${wholeCap(needCap)}`) : msg(`把${where.zh}的上限提高到各自所需（见上，最高 ${wholeCap(needCap)}）`, `raise the cap of ${where.en} to what each needs (above; at most ${wholeCap(needCap)})`);
  return [
    msg(
      `周学时上限 ${caps} 与总学时 ${fmt(total)} ${withInternship.zh}无法同时满足：要么${raise.zh}，要么削减 ${hoursToCut} 学时${lockedNote.zh}。`,
      `The weekly cap of ${caps} and the ${fmt(total)}-hour total cannot both hold${withInternship.en}: either ${raise.en} or cut ${hoursToCut} hours${lockedNote.en}.`,
    ),
  ];
}
