/**
 * The optimisation problem, independent of any sheet: semesters with weeks and caps, courses with
 * hours, locks, windows and prerequisites. Built from a plan and its rules, or by the BACP adapter.
 */

import { internshipSemesters, loadWeeks, weeklyLoadOf } from '../checker';
import { msg, type Message } from '../message';
import { type Category, type Course, type Plan, weightOf } from '../plan';
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
}

export interface OptimizeSettings {
  /** Overrides rules.weeklyCap. */
  cap?: number | number[];
  weeks?: number[];
  /** Free every placed cell (default: placed cells are locked). */
  freeLocked?: boolean;
  maxSpread?: number;
  maxSpan?: number;
  /** Hours a course total may move up or down (0 = totals fixed). */
  totalSlack?: number;
  /** Per course name: earliest/latest semester. */
  windows?: Record<string, { earliest?: number; latest?: number }>;
  prerequisites?: [string, string][];
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
  const semesters: OptSemester[] = plan.semesters.map((s, i) => ({
    index: s.index,
    // Weekly hours run over the template's course weeks (16 in an 18-week semester where it says so).
    weeks: settings.weeks?.[i] ?? (loadWeeks(s) > 0 ? loadWeeks(s) : s.weeks),
    ...(!settings.weeks && plan.semesterMode !== 'weekly' && loadWeeks(s) > 0 && s.weeks > loadWeeks(s) ? { maxWeeks: s.weeks } : {}),
    cap: capFor(capRules, s.index),
    teaching: !internship.has(s.index),
  }));
  const slack = settings.totalSlack ?? 0;
  const courses: OptCourse[] = [];
  for (const c of plan.courses) {
    if (isExternal(c)) {
      const fixed = c.placements.map((p, i) => (c.isInternship ? (p?.hours ?? 0) * weightOf(c) : weightOf(c) * weeklyLoadOf(p, plan.semesters[i]) * semesters[i].weeks));
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
    const placed = current.reduce((a, b) => a + b, 0);
    const total = c.totalHours?.value ?? placed;
    const window = settings.windows?.[c.name] ?? rules.courses?.[c.name];
    const base = {
      id: courseId(c),
      name: c.name,
      category: c.category,
      earliest: Math.max(1, window?.earliest ?? 1),
      latest: Math.min(n, window?.latest ?? n),
      current,
      nameCell: c.nameCell,
      semesterCells: c.placements.map((p, i) => p?.cell ?? semesterCell(plan, i, c.row)),
      ...(c.totalHours ? { totalCell: c.totalHours.cell } : {}),
      isInternship: c.isInternship,
    };
    // The internship stays where the sheet (or the settings) put it: it is placed by the internship rule.
    const keep = !settings.freeLocked || c.isInternship || !c.totalHours;
    if (placed > 0 && (keep || placed > total)) {
      if (placed > total + 1e-9 && c.totalHours)
        notes.push({
          message: msg(`“${c.name}”各学期合计 ${placed} 学时多于总学时 ${total}，保持原样未优化。`, `"${c.name}" has ${placed} h placed but ${total} h in all; left as it is.`),
          cells: [c.totalHours.cell],
        });
      const remaining = Math.max(0, total - placed);
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

  return {
    problem: {
      semesters,
      courses,
      prerequisites,
      maxSpread: settings.maxSpread ?? 1,
      maxSpan: Math.max(1, Math.min(settings.maxSpan ?? 4, n)),
      ratios,
      label: plan.sheet,
    },
    notes,
  };
}

/** A course's id in the problem: its row, and its sheet when not the plan's main one. */
export function courseId(c: Course): string {
  return `${c.sheet ? `${c.sheet}!` : ''}r${c.row + 1}`;
}

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
