/**
 * The optimisation problem, independent of any sheet: semesters with weeks and caps, courses with
 * hours, locks, windows and prerequisites. Built from a plan and its rules, or by the BACP adapter.
 */

import { duplicateKey, internshipSemesters, semesterLoads, weeklyLoadOf } from '../checker';
import { msg, type Message } from '../message';
import { normBreaks, normInstances, spanOf } from '../norms';
import { type Category, type Course, courseId, type Plan, type SemesterMode, weightOf } from '../plan';
import { type SemesterWeeks, teachingWeeks } from '../weeks';
import { hasOwnStart, isSeries, ownStartRule, namedSequences, partSequences, type PlacementNorms, startWindowOf, type WeeklyRange, weeklyRangeOf } from '../placement';
import { capFor, type Rules } from '../rules';

export interface OptSemester {
  index: number; // 1-based
  weeks: number;
  /**
   * The semester's own weeks when they are more than `weeks` (a template counting 16 weeks in an
   * 18-week semester): a course may then run 2 h/week over all 18 (36 h) in an hours layout.
   */
  maxWeeks?: number;
  cap: number;
  /** False for a full-time internship semester: nothing else is taught there. */
  teaching: boolean;
  /**
   * No course may be moved in (a weekly-hours layout whose blocks leave fewer weeks than its courses
   * run); courses already there stay.
   */
  closed?: boolean;
  /** The weekly load the plan had before (as the checker measures it): a relaxation never raises a semester above max(cap, before) unless it must. */
  before?: number;
  /** A hard upper bound on the weekly load (the least worst load when the caps cannot all hold). */
  ceiling?: number;
  /** The cap the user asked for, where the solve runs at another (a relaxation). */
  asked?: number;
  minLoad?: number;
  minCourses?: number;
  maxCourses?: number;
}

export interface OptCourse {
  id: string;
  name: string;
  category: Category;
  /** Hours to place (the course total, less what locked cells already hold). */
  hours: number;
  /** Hours fixed per semester (locked cells); all zero for a free course. */
  fixed: number[];
  /** True when the course is placed only by its locked cells. */
  locked: boolean;
  earliest: number;
  latest: number;
  /** Existing hours per semester, for the "least movement" objective. */
  current: number[];
  /** Mode plan: the sheet's own hours (current is zeroed there), so the school's placement stays a shape. */
  asWritten?: number[];
  /** The row's cells, for reports: name and semester cells by semester. */
  nameCell: string;
  semesterCells: (string | null)[];
  totalCell?: string;
  /** Total hours may move within [min, max] (only where the user allows it). */
  totalRange?: [number, number];
  isInternship: boolean;
  /**
   * Counted in the loads but never moved or written: a course on another sheet of the workbook, an
   * elective option counted through its group, whole-week blocks and per-term lectures. Its fixed
   * hours are its share of the weekly load × weeks, as the checker measures it.
   */
  external?: boolean;
  /** The only semesters it may run in: a course the sheet writes in two columns meaning "X or Y". */
  allowed?: number[];
  /** Semesters it should not run in (a shared course whose sections are full there), when any other shape exists. */
  avoid?: number[];
  /** Weekly hours: at most `max` (more only when no other shape exists), ideally min–preferredMax. */
  weekly?: WeeklyRange;
  /** The semesters a school would start it in (soft). */
  startWindow?: [number, number];
  /** A lecture series: a few hours in each of several semesters (see placement.series). */
  series?: boolean;
  /**
   * Where in its window it would start: schools list a category's courses in teaching order, so the
   * k-th of n courses of a category starts about k/n of the way through the category's window.
   */
  targetStart?: number;
  /**
   * Mode rebalance: where a moved course may run without crossing the school's own order (the
   * neighbours of its sequence, professional basic before core) as the sheet has it.
   */
  moveWindow?: [number, number];
  /** Binding norms against courses that do not move, as bounds on this course's shapes (see bindingNorms). */
  fit?: CourseFit;
  /**
   * A professional-basic course the sheet finishes before a core course it prepares starts: that
   * core's first semester as the sheet has it. A shape still running then costs more (a preference:
   * the basic course is learnt before the core, but a full plan may have to split it).
   */
  coreFrom?: number;
}

/**
 * What a shape must keep to (binding norms, NORMS.md) given the courses that stay where they are:
 * start and end bounds, the only starts or ends allowed (one a semester, right after a fixed course),
 * semesters it must cover (形势与政策 in every in-school semester).
 */
export interface CourseFit {
  startMin?: number;
  startMax?: number;
  endMax?: number;
  startIn?: number[];
  endIn?: number[];
  every?: number[];
  /** Why, for a course no shape fits: the norms' names. */
  why: Message[];
}

export interface RatioRule {
  id: string;
  categories: Category[];
  min: number;
  name: Message;
}

export interface OptProblem {
  semesters: OptSemester[];
  courses: OptCourse[];
  /** [before, after] course ids: `before` ends before `after` starts. */
  prerequisites: [string, string][];
  /** Largest difference of weekly hours between the semesters of one course (0 or 1). */
  maxSpread: number;
  maxSpan: number;
  ratios: RatioRule[];
  /** Hours per weekly-hour unit are weeks[s]; the total must be whole weekly hours. */
  label: string;
  mode: OptimizeMode;
  /** Courses in order, one a semester, consecutive (numbered parts, named sequences): soft. */
  sequences: { name: string; ids: string[] }[];
  /**
   * Professional core starts after every professional-basic course has started (where basic courses
   * start at a rate, every one its list places before the core window): soft. One phase per stage of
   * the plan (a 3+2 plan has two, see stagesOf); none when the placement norms say so.
   */
  phases: { basic: string[]; core: string[] }[];
  /**
   * Binding norms between two courses that both move (norms.ts): hard rows. `order`: `a` ends before
   * `b` starts (`next`: `b` starts in the teaching semester right after); `prepares`: `basic` starts no
   * later than `core`.
   */
  binding?: { orders: { a: string; b: string; next: boolean; name: Message }[]; prepares: { basic: string; core: string; name: Message; basicFrom: number; coreFrom: number; strict: boolean }[] };
  /** How the sheet writes semester cells: weekly hours must be whole there (or a notation the sheet uses). */
  layout?: SemesterMode;
  /** Notations the sheet itself uses, so a shape may be written in them: `4/期` (hours per term), `4/16W` (weeks). */
  notations?: { term: boolean; weeks: boolean };
}

/**
 * keep: filled cells stay, only empty courses are placed. rebalance: courses may move, each move
 * costs; the rules first, then the fewest moved courses and hours. plan: everything from scratch.
 */
export type OptimizeMode = 'keep' | 'rebalance' | 'plan';
export const OPTIMIZE_MODES: OptimizeMode[] = ['keep', 'rebalance', 'plan'];

export const MODE_NAMES: Record<OptimizeMode, Message> = {
  keep: msg('保留已有安排', 'keep what is placed'),
  rebalance: msg('调整已有安排', 'rebalance'),
  plan: msg('重新排课', 'plan from scratch'),
};

/** One sentence a person reads before choosing. */
export const MODE_HELP: Record<OptimizeMode, Message> = {
  keep: msg('已填写的学期单元格不动，只为还没有安排学期的课程排课。', 'Filled semester cells stay; only courses without a semester are placed.'),
  rebalance: msg('先满足规则（如周学时上限），再移动尽可能少的课程和学时；其余保持原样。', 'Meet the rules (such as the weekly cap) first, moving as few courses and hours as possible; everything else stays.'),
  plan: msg('不看已有安排，按学校常见做法把所有课程重新排到各学期。', 'Ignore what is placed and place every course afresh, the way schools usually do.'),
};

/**
 * The default mode: rebalance a plan that is (almost) all placed — a school's finished draft with a
 * few courses still to place — and keep what is there in a plan being filled in.
 */
export function defaultMode(plan: Plan): OptimizeMode {
  const own = plan.courses.filter((c) => !isExternal(c) && !c.isInternship && (c.totalHours?.value ?? 0) > 0);
  const placed = own.filter((c) => c.placements.some((p) => (p?.hours ?? 0) > 0)).length;
  return own.length > 0 && placed >= 0.8 * own.length ? 'rebalance' : 'keep';
}

export interface OptimizeSettings {
  /** Overrides rules.weeklyCap. */
  cap?: number | number[];
  weeks?: number[];
  /** How placed cells are treated (default: defaultMode of the plan). */
  mode?: OptimizeMode;
  /** The same as mode "plan" (kept for the rules files and scripts that say it). */
  freeLocked?: boolean;
  maxSpread?: number;
  maxSpan?: number;
  /** Hours a course total may move up or down (0 = totals fixed). */
  totalSlack?: number;
  /** Per course name: earliest/latest semester. */
  windows?: Record<string, { earliest?: number; latest?: number }>;
  /** Per course name: semesters to keep it out of (a shared course whose sections there are taken). */
  avoid?: Record<string, number[]>;
  prerequisites?: [string, string][];
  /** Courses (by id) whose cells the file cannot take a change in (a formula, a label, a merge): counted as they are, never moved. */
  frozen?: string[];
}

export interface ProblemNotes {
  problem: OptProblem;
  notes: { message: Message; cells: string[] }[];
}

export function problemFromPlan(plan: Plan, rules: Rules, settings: OptimizeSettings = {}): ProblemNotes {
  const n = plan.semesters.length;
  const internship = internshipSemesters(plan, rules);
  const notes: ProblemNotes['notes'] = [];
  const capRules: Rules = settings.cap !== undefined ? { ...rules, weeklyCap: settings.cap } : rules;
  // The weeks each semester really teaches (weeks.ts), as the checker measures load over them.
  const taught = teachingWeeks(plan, rules);
  const before = semesterLoads(plan, rules, taught);
  const semesters: OptSemester[] = plan.semesters.map((s, i) => {
    const w = taught[i];
    return {
      index: s.index,
      weeks: settings.weeks?.[i] ?? (w.weeks > 0 ? w.weeks : s.weeks),
      // An hours layout may run a course every free week (36 h as 2 h/week × 18 where the template counts 16).
      ...(!settings.weeks && w.most > w.weeks ? { maxWeeks: w.most } : {}),
      cap: capFor(capRules, s.index),
      teaching: !internship.has(s.index) && (settings.weeks ? settings.weeks[i] > 0 : w.teaching),
      ...(w.closed ? { closed: true } : {}),
      before: before[i].weeklyHours,
    };
  });
  const slack = settings.totalSlack ?? 0;
  const mode: OptimizeMode = settings.mode ?? (settings.freeLocked ? 'plan' : defaultMode(plan));
  const norms = rules.placement;
  const courses: OptCourse[] = [];
  const frozen = new Set(settings.frozen ?? []);
  // A course listed twice (the check warns): moving one copy would leave the two saying different
  // things, so each copy the sheet places stays where it is.
  const listed = new Map<string, number>();
  for (const c of plan.courses) {
    const key = duplicateKey(c);
    if (key !== null) listed.set(key, (listed.get(key) ?? 0) + 1);
  }
  const twice = (c: Course) => (listed.get(duplicateKey(c) ?? '') ?? 0) > 1;
  const keptTwice = new Set<string>();
  for (const c of plan.courses) {
    if (isExternal(c) || frozen.has(courseId(c))) {
      const fixed = c.placements.map((p, i) => (c.isInternship ? (p?.hours ?? 0) * weightOf(c) : weightOf(c) * weeklyLoadOf(p, plan.semesters[i], taught[i].weeks) * semesters[i].weeks));
      courses.push({
        id: courseId(c),
        name: c.name,
        category: c.category,
        hours: 0,
        fixed,
        locked: true,
        earliest: 1,
        latest: n,
        current: fixed,
        nameCell: c.nameCell,
        semesterCells: c.placements.map((p) => p?.cell ?? null),
        isInternship: c.isInternship,
        external: true,
      });
      continue;
    }
    const current = c.placements.map((p) => p?.hours ?? 0);
    // Planning from scratch owes nothing to where the sheet had a course: no "least movement" pull.
    const was = mode === 'plan' && !c.isInternship ? current.map(() => 0) : current;
    const sheetHours = mode === 'plan' && !c.isInternship && current.some((h) => h > 0) ? { asWritten: current } : {};
    const placed = current.reduce((a, b) => a + b, 0);
    const total = c.totalHours?.value ?? placed;
    const window = settings.windows?.[c.name] ?? rules.courses?.[c.name];
    const base = {
      id: courseId(c),
      name: c.name,
      category: c.category,
      earliest: Math.max(1, window?.earliest ?? 1),
      latest: Math.min(n, window?.latest ?? n),
      current: was,
      ...sheetHours,
      nameCell: c.nameCell,
      semesterCells: c.placements.map((p, i) => p?.cell ?? semesterCell(plan, i, c.row)),
      ...(c.totalHours ? { totalCell: c.totalHours.cell } : {}),
      isInternship: c.isInternship,
      weekly: weeklyRangeOf(norms, c.name),
      ...(isSeries(norms, c.name) ? { series: true } : {}),
      ...(window ? {} : { startWindow: startWindowOf(norms, c.name, c.category, n) ?? undefined }),
      ...(settings.avoid?.[c.name]?.length ? { avoid: settings.avoid[c.name] } : {}),
    };
    // The internship stays where the sheet (or the settings) put it: it is placed by the internship rule.
    const placedTwice = twice(c) && current.some((h) => h > 0);
    const keep = mode === 'keep' || c.isInternship || !c.totalHours || placedTwice;
    if (placedTwice && mode !== 'keep') keptTwice.add(c.name);
    // The whole total written in each of two or more semester columns: "X or Y" — it gets one of them.
    // (64/64/64/64 for 240 is a course over four semesters whose total disagrees, not a choice.)
    const written = current.map((h, i) => (h > 0 ? i + 1 : 0)).filter(Boolean);
    if (!keep && written.length > 1 && current.every((h) => h === 0 || Math.abs(h - total) <= 0.1 * total)) {
      courses.push({ ...base, current: current.map(() => 0), hours: total, fixed: new Array(n).fill(0), locked: false, allowed: written });
      continue;
    }
    // Rebalancing moves courses, it does not repair them: a row whose semesters disagree with its
    // total stays as the sheet has it (the check reports the disagreement at its cells).
    const disagrees = mode === 'rebalance' && placed > 0 && Math.abs(placed - total) > 1e-9;
    if (placed > 0 && (keep || disagrees || placed > total)) {
      if (placed > total + 1e-9 && c.totalHours)
        notes.push({
          message: msg(`“${c.name}”各学期合计 ${placed} 学时多于总学时 ${total}，保持原样未优化。`, `"${c.name}" has ${placed} h placed but ${total} h in all; left as it is.`),
          cells: [c.totalHours.cell],
        });
      // Fewer hours placed than the total: the rest is not spread into some other semester (a
      // course is not split behind the school's back); the row stays and the check says what is missing.
      if (placed < total - 1e-9 && c.totalHours && !slack)
        notes.push({
          message: msg(`“${c.name}”各学期合计 ${placed} 学时少于总学时 ${total}，保持原样未优化。`, `"${c.name}" has ${placed} h placed of its ${total} h; left as it is.`),
          cells: [c.totalHours.cell],
        });
      const remaining = slack ? Math.max(0, total - placed) : 0;
      courses.push({ ...base, hours: remaining, fixed: current, locked: remaining === 0, ...(slack && remaining ? { totalRange: [Math.max(0, remaining - slack), remaining + slack] as [number, number] } : {}) });
      continue;
    }
    if (total <= 0) continue;
    if (c.isInternship) {
      const target = rules.internship.semesters.filter((s) => s >= 1 && s <= n);
      if (target.length) {
        const weeks = target.reduce((a, s) => a + semesters[s - 1].weeks, 0);
        const fixed = new Array(n).fill(0);
        for (const s of target) fixed[s - 1] = (total * semesters[s - 1].weeks) / weeks;
        for (const s of target) semesters[s - 1].teaching = false;
        courses.push({ ...base, hours: 0, fixed, locked: true });
      } else {
        notes.push({
          message: msg(`“${c.name}”没有安排学期，也没有设置实习学期：请在设置中写明岗位实习学期。`, `"${c.name}" has no semester and the settings name none: set the internship semester(s).`),
          cells: [c.nameCell],
        });
      }
      continue;
    }
    courses.push({ ...base, hours: total, fixed: new Array(n).fill(0), locked: false, ...(slack ? { totalRange: [Math.max(0, total - slack), total + slack] as [number, number] } : {}) });
  }

  if (keptTwice.size) {
    const names = [...keptTwice];
    notes.push({
      message: msg(
        `${names.map((x) => `“${x}”`).join('')}在表中出现两次，保持原样未移动（若是同一门课，请先合并）。`,
        `${names.map((x) => `"${x}"`).join(', ')} ${names.length > 1 ? 'are' : 'is'} listed twice and left where the sheet has ${names.length > 1 ? 'them' : 'it'} (merge the rows first if they are the same course).`,
      ),
      cells: [],
    });
  }
  const byName = new Map(courses.map((c) => [c.name, c.id]));
  const prerequisites: [string, string][] = [];
  for (const [a, b] of [...(rules.prerequisites ?? []), ...(settings.prerequisites ?? [])]) {
    const ia = byName.get(a);
    const ib = byName.get(b);
    if (ia && ib) prerequisites.push([ia, ib]);
    else notes.push({ message: msg(`先修关系“${a} → ${b}”中的课程不在表中，已忽略。`, `Prerequisite "${a} → ${b}" names a course not in the sheet; ignored.`), cells: [] });
  }

  const ratios: RatioRule[] = slack
    ? [
        { id: 'share-public-basic', categories: ['public-basic'], min: rules.shares.publicBasicMin, name: msg('公共基础课', 'Public basic courses') },
        { id: 'share-elective', categories: ['elective'], min: rules.shares.electiveMin, name: msg('选修课', 'Electives') },
      ]
    : [];

  const sequences = rules.placement.numberedParts || rules.placement.sequences.length ? sequencesOf(courses, rules) : [];
  // A later member of a sequence goes where the sequence puts it, not where its category starts.
  const later = new Set(sequences.flatMap((s) => s.ids.slice(1)));
  for (const c of courses) if (later.has(c.id)) delete c.startWindow;
  const teaching = semesters.filter((s) => s.teaching).map((s) => s.index);
  const stages = stagesOf(semesters);
  const stageOf = stages.length > 1 ? setStageWindows(courses, stages, norms, teaching) : new Map<string, number>();
  if (stages.length > 1) setLaterPartStages(courses, sequences, stages, norms, stageOf);
  setTargetStarts(courses, stageOf, norms);
  const phases = rules.placement.coreAfterBasic ? phasesOf(courses, stageOf, norms) : [];
  if (mode === 'rebalance') setMoveWindows(courses, sequences, phases, n);
  const binding = bindingNorms(plan, rules, taught, courses, semesters, mode, notes);
  const notations = plan.courses.flatMap((c) => c.placements.map((p) => p?.notation ?? ''));
  return {
    problem: {
      semesters,
      courses,
      prerequisites,
      maxSpread: settings.maxSpread ?? 1,
      maxSpan: Math.max(1, Math.min(settings.maxSpan ?? 4, n)),
      ratios,
      label: plan.sheet,
      mode,
      sequences,
      phases,
      binding,
      layout: plan.semesterMode,
      notations: { term: notations.some((x) => /\/期$/.test(x)), weeks: notations.some((x) => /\/\d+\s*[wW周]$/.test(x)) },
    },
    notes,
  };
}

/**
 * The binding norms (norms.ts) on this problem, decided on the plan as the school wrote it. A relation
 * the sheet already breaks is kept as it is: its courses stay where they are (keep and rebalance; in
 * plan mode nothing is kept, so it is simply not imposed), and the check and the audit say so. Every
 * other relation holds: between two courses that move as hard rows (OptProblem.binding), against a
 * course that stays as bounds on the moving one's shapes (OptCourse.fit).
 */
function bindingNorms(plan: Plan, rules: Rules, taught: SemesterWeeks[], courses: OptCourse[], semesters: OptSemester[], mode: OptimizeMode, notes: ProblemNotes['notes']): NonNullable<OptProblem['binding']> {
  const instances = normInstances(plan, rules, taught);
  const broken = new Set(normBreaks(plan, rules, instances, taught).map((b) => b.key));
  const byId = new Map(courses.map((c) => [c.id, c]));
  const planSpan = new Map(plan.courses.map((c) => [courseId(c), spanOf(c)]));
  const teaching = semesters.filter((s) => s.teaching).map((s) => s.index);
  const moves = (id: string) => {
    const c = byId.get(id);
    return !!c && movable(c) && !c.locked && c.fixed.every((h) => h === 0);
  };
  // Where the sheet has a course (its own cells, not what the optimizer may make of them).
  const fixedSpan = (id: string) => planSpan.get(id) ?? [];
  const fit = (id: string, f: Omit<CourseFit, 'why'>, why: Message) => {
    const c = byId.get(id)!;
    const now = c.fit ?? { why: [] };
    c.fit = {
      ...now,
      ...(f.startMin !== undefined ? { startMin: Math.max(now.startMin ?? 1, f.startMin) } : {}),
      ...(f.startMax !== undefined ? { startMax: Math.min(now.startMax ?? Infinity, f.startMax) } : {}),
      ...(f.endMax !== undefined ? { endMax: Math.min(now.endMax ?? Infinity, f.endMax) } : {}),
      ...(f.startIn ? { startIn: now.startIn ? now.startIn.filter((x) => f.startIn!.includes(x)) : f.startIn } : {}),
      ...(f.endIn ? { endIn: now.endIn ? now.endIn.filter((x) => f.endIn!.includes(x)) : f.endIn } : {}),
      ...(f.every ? { every: f.every } : {}),
      why: now.why.some((w) => w.zh === why.zh) ? now.why : [...now.why, why],
    };
  };
  const out: NonNullable<OptProblem['binding']> = { orders: [], prepares: [] };
  const kept = new Set<string>();
  const idsOf = (x: (typeof instances)[number]) => (x.kind === 'order' ? [x.a, x.b] : x.kind === 'prepares' ? [x.basic, x.core] : [x.course]);
  // First what the sheet already breaks: kept as the school has it (in keep and rebalance its courses
  // stay where they are), so the other relations see those courses as fixed.
  if (mode !== 'plan')
    for (const x of instances) {
      if (!broken.has(x.key) || !idsOf(x).every((id) => byId.has(id))) continue;
      for (const id of idsOf(x)) {
        const c = byId.get(id)!;
        if (!moves(id) || !c.current.some((h) => h > 0) || c.allowed) continue;
        Object.assign(c, { hours: 0, fixed: [...c.current], locked: true });
        delete c.totalRange;
        kept.add(c.name);
      }
    }
  for (const x of instances) {
    if (!idsOf(x).every((id) => byId.has(id)) || broken.has(x.key)) continue;
    const name = x.norm.name;
    if (x.kind === 'order') {
      const [ma, mb] = [moves(x.a), moves(x.b)];
      if (ma && mb) out.orders.push({ a: x.a, b: x.b, next: x.next, name });
      else if (mb) {
        const sa = fixedSpan(x.a);
        if (!sa.length) continue;
        const end = sa[sa.length - 1];
        const nx = teaching.find((t) => t > end);
        fit(x.b, { startMin: end + 1, ...(x.next && nx !== undefined ? { startIn: [nx] } : {}) }, name);
      } else if (ma) {
        const sb = fixedSpan(x.b);
        if (!sb.length) continue;
        const prev = [...teaching].reverse().find((t) => t < sb[0]);
        fit(x.a, { endMax: sb[0] - 1, ...(x.next && prev !== undefined ? { endIn: [prev] } : {}) }, name);
      }
    } else if (x.kind === 'within') {
      if (moves(x.course)) fit(x.course, { startMin: x.lo, endMax: x.hi }, name);
    } else if (x.kind === 'every') {
      if (moves(x.course)) fit(x.course, { every: teaching }, name);
    } else {
      const [mb, mk] = [moves(x.basic), moves(x.core)];
      const gap = x.strict ? 1 : 0;
      const [sb, sk] = [fixedSpan(x.basic), fixedSpan(x.core)];
      if (mb && sb.length && sk.length && sb[sb.length - 1] < sk[0]) {
        const c = byId.get(x.basic)!;
        c.coreFrom = Math.min(c.coreFrom ?? Infinity, sk[0]);
      }
      if (mb && mk) out.prepares.push({ basic: x.basic, core: x.core, name, basicFrom: sb[0], coreFrom: sk[0], strict: x.strict });
      else if (mk && sb.length) fit(x.core, { startMin: sb[0] + gap }, name);
      else if (mb && sk.length) fit(x.basic, { startMax: sk[0] - gap }, name);
    }
  }
  if (kept.size)
    notes.push({
      message: msg(
        `原表已不符合国家规定的课程：${[...kept].join('、')} — 保持原样未移动（见检查结果）。`,
        `Courses the sheet already places against a binding norm: ${[...kept].join(', ')} — kept as they are, not moved (see the check).`,
      ),
      cells: [],
    });
  return out;
}

const movable = (c: OptCourse) => !c.external && !c.isInternship && (!c.locked || c.hours > 0);

function sequencesOf(courses: OptCourse[], rules: Rules): OptProblem['sequences'] {
  const free = courses.filter(movable);
  const parts = rules.placement.numberedParts ? partSequences(free) : [];
  const named = namedSequences(rules.placement, free);
  // A course in a numbered sequence is not also put into a named one (one order per course).
  const inParts = new Set(parts.flatMap((p) => p.ids));
  return [...parts, ...named.map((s) => ({ ...s, ids: s.ids.filter((id) => !inParts.has(id)) })).filter((s) => s.ids.length >= 2)];
}

/**
 * A course's place in its category's list (within its stage) suggests where in the category's window
 * it starts: the window's semesters shared out in list order, or, where the norms give a category a
 * rate, that many of its courses starting each semester from the window's first. Courses that share
 * a window of their own (创新创业, 党史, 美育 in year 1) share it out among themselves in list order; a
 * course alone under its own rule keeps its place in its category's list.
 */
function setTargetStarts(courses: OptCourse[], stageOf: Map<string, number>, norms: PlacementNorms): void {
  const byCategory = new Map<string, OptCourse[]>();
  const byOwnRule = new Map<string, OptCourse[]>();
  const add = (lists: Map<string, OptCourse[]>, key: string, c: OptCourse) => {
    const list = lists.get(key);
    if (list) list.push(c);
    else lists.set(key, [c]);
  };
  for (const c of courses) {
    // A lecture series runs from the first semester it can: no place in the list moves it.
    if (!movable(c) || !c.startWindow || c.series) continue;
    const key = `${c.category}/${stageOf.get(c.id) ?? 0}`;
    add(byCategory, key, c);
    const rule = ownStartRule(norms, c.name);
    if (rule >= 0) add(byOwnRule, `${key}/${rule}`, c);
  }
  const share = (list: OptCourse[], rate: number | undefined) =>
    list.forEach((c, k) => {
      const [lo, hi] = c.startWindow!;
      c.targetStart = rate ? Math.min(hi, lo + Math.floor(k / rate)) : lo + Math.floor((k * (hi - lo + 1)) / list.length);
    });
  for (const list of byCategory.values()) share(list, norms.startsPerSemester[list[0].category]);
  for (const list of byOwnRule.values()) if (list.length >= 2) share(list, undefined);
}

/** First and last semester the sheet places a course in (null when it places none). */
function placedSpan(c: OptCourse): [number, number] | null {
  const used = c.allowed ?? c.current.map((h, i) => (h > 0 ? i + 1 : 0)).filter(Boolean);
  return used.length ? [used[0], used[used.length - 1]] : null;
}

/**
 * A moved course keeps its place in the school's order: after its sequence predecessor ends and
 * before its successor starts, a professional-basic course no later than the first core course
 * starts and a core course no earlier than the last basic course starts — all as the sheet has them.
 */
function setMoveWindows(courses: OptCourse[], sequences: OptProblem['sequences'], phases: OptProblem['phases'], n: number): void {
  const byId = new Map(courses.map((c) => [c.id, c]));
  const windows = new Map<string, [number, number]>();
  const narrow = (id: string, lo: number, hi: number) => {
    const w = windows.get(id) ?? [1, n];
    windows.set(id, [Math.max(w[0], lo), Math.min(w[1], hi)]);
  };
  for (const seq of sequences) {
    seq.ids.forEach((id, k) => {
      const before = k > 0 ? byId.get(seq.ids[k - 1]) : undefined;
      const after = k + 1 < seq.ids.length ? byId.get(seq.ids[k + 1]) : undefined;
      const b = before && placedSpan(before);
      const a = after && placedSpan(after);
      narrow(id, b ? b[1] + 1 : 1, a ? a[0] - 1 : n);
    });
  }
  for (const phase of phases) {
    const starts = (ids: string[]) => ids.map((id) => byId.get(id)).map((c) => (c ? placedSpan(c)?.[0] : undefined)).filter((x): x is number => x !== undefined);
    const coreStarts = starts(phase.core);
    const basicStarts = starts(phase.basic);
    if (coreStarts.length) for (const id of phase.basic) narrow(id, 1, Math.max(Math.min(...coreStarts), 1));
    if (basicStarts.length) for (const id of phase.core) narrow(id, Math.max(...basicStarts), n);
  }
  for (const [id, w] of windows) {
    const c = byId.get(id);
    if (c) c.moveWindow = w;
  }
}

function phasesOf(courses: OptCourse[], stageOf: Map<string, number>, norms: PlacementNorms): OptProblem['phases'] {
  const free = courses.filter(movable);
  const stages = Math.max(0, ...stageOf.values()) + 1;
  const out: OptProblem['phases'] = [];
  for (let st = 0; st < stages; st++) {
    const here = free.filter((c) => (stageOf.get(c.id) ?? 0) === st);
    const core = here.filter((c) => c.category === 'professional-core');
    // Where basic courses start at a rate, one its list places after the core courses may start runs
    // alongside them; otherwise every basic course starts first.
    const coreFrom = norms.startsPerSemester['professional-basic'] ? Math.min(...core.map((c) => c.startWindow?.[0] ?? Infinity)) : Infinity;
    const basic = here.filter((c) => c.category === 'professional-basic' && !((c.targetStart ?? 0) > coreFrom)).map((c) => c.id);
    if (basic.length && core.length) out.push({ basic, core: core.map((c) => c.id) });
  }
  return out;
}

/**
 * A plan with a non-teaching semester between teaching ones runs in stages: no course crosses a
 * full-time internship (a binding norm), so a 3+2 plan's 中职 years up to their internship and its 高职
 * years, or a six-semester plan with its internship in semester 4, are each a stage with its own
 * windows and its own professional order. Each stage: a run of semesters up to such a semester.
 */
function stagesOf(semesters: OptSemester[]): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  semesters.forEach((s, i) => {
    run.push(s.index);
    const next = semesters[i + 1];
    if (!s.teaching && next?.teaching && run.some((x) => semesters[x - 1].teaching)) {
      out.push(run);
      run = [];
    }
  });
  if (run.length) out.push(run);
  return out;
}

/** A course's start window inside one stage, as in a plan of the stage's length. */
function stageWindow(norms: PlacementNorms, c: OptCourse, stage: number[]): [number, number] | undefined {
  const w = startWindowOf(norms, c.name, c.category, stage.length);
  const shift = stage[0] - 1;
  return w ? [w[0] + shift, w[1] + shift] : undefined;
}

/**
 * A later part of a sequence belongs to its first part's stage — unless the list puts it among a later
 * stage's courses (the last course of its category listed before it, outside any sequence, is in that
 * stage): then it starts there, in its category's window (女装设计Ⅱ among a 3+2 plan's 高职 courses).
 */
function setLaterPartStages(courses: OptCourse[], sequences: OptProblem['sequences'], stages: number[][], norms: PlacementNorms, stageOf: Map<string, number>): void {
  // One pass over the list: the stage of the course listed last before each one, of its category.
  const inSequence = new Set(sequences.flatMap((s) => s.ids));
  const lastStage = new Map<string, number>();
  const stageBefore = new Map<string, number>();
  for (const c of courses) {
    const st = lastStage.get(c.category);
    if (st !== undefined) stageBefore.set(c.id, st);
    if (stageOf.has(c.id) && !inSequence.has(c.id)) lastStage.set(c.category, stageOf.get(c.id)!);
  }
  const byId = new Map(courses.map((c) => [c.id, c]));
  for (const seq of sequences) {
    const head = stageOf.get(seq.ids[0]);
    if (head === undefined) continue;
    for (const id of seq.ids.slice(1)) {
      const c = byId.get(id)!;
      const st = stageBefore.get(id) ?? head;
      stageOf.set(id, Math.max(st, head));
      if (st <= head) continue;
      c.startWindow = stageWindow(norms, c, stages[st]) ?? c.startWindow;
    }
  }
}

/**
 * Start windows per stage: a public course, or one with a start of its own, is placed in the first
 * stage as in a plan of that stage's length; a category's other courses are shared out among the
 * stages in list order (schools list them in teaching order), in proportion to the teaching
 * semesters the category may start in within each stage, and get their category's window within
 * their stage. Returns each course's stage.
 */
function setStageWindows(courses: OptCourse[], stages: number[][], norms: PlacementNorms, teaching: number[]): Map<string, number> {
  const stageOf = new Map<string, number>();
  const windowIn = (c: OptCourse, st: number) => stageWindow(norms, c, stages[st]);
  const shared = new Map<string, OptCourse[]>();
  for (const c of courses) {
    if (!movable(c) || !c.startWindow || c.series) continue;
    if (c.category === 'public-basic' || hasOwnStart(norms, c.name)) {
      stageOf.set(c.id, 0);
      c.startWindow = windowIn(c, 0);
      continue;
    }
    const list = shared.get(c.category) ?? [];
    list.push(c);
    shared.set(c.category, list);
  }
  for (const list of shared.values()) {
    // Each stage's share: the teaching semesters the category may start in there.
    const room = stages.map((_, st) => {
      const w = windowIn(list[0], st);
      return w ? teaching.filter((x) => x >= w[0] && x <= w[1]).length : 0;
    });
    const all = room.reduce((a, b) => a + b, 0);
    list.forEach((c, k) => {
      const at = ((k + 0.5) * all) / list.length;
      let st = 0;
      let upTo = room[0];
      while (st + 1 < stages.length && at > upTo) upTo += room[++st];
      stageOf.set(c.id, st);
      c.startWindow = windowIn(c, st);
    });
  }
  return stageOf;
}

export { courseId } from '../plan';

/** Courses the optimizer counts but does not move (see OptCourse.external). */
export function isExternal(c: Course): boolean {
  return (
    c.sheet !== undefined ||
    c.weight !== undefined ||
    c.source !== undefined ||
    !!c.summer?.some((p) => p) ||
    c.placements.some((p) => p?.shape === 'block' || p?.shape === 'term' || p?.notation !== undefined)
  );
}

/** The address of a course's (empty) semester cell, so a report can point at where hours will go. */
function semesterCell(plan: Plan, i: number, row: number): string | null {
  const s = plan.semesters[i];
  const col = s.hoursColumn ?? s.weeklyColumn;
  return col ? `${col}${row + 1}` : null;
}
