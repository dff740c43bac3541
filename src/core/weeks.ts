/**
 * The weeks each semester really teaches, from the plan itself: the template's course weeks (a header
 * row, a 教学时间分配表's theory weeks, 16 h per credit), less the whole weeks that blocks take (岗位实习,
 * 军事技能, 实训周 — from the course table, the practice sheet, the calendar). The checker measures weekly
 * load over these weeks and the optimizer places courses in them; both read them here.
 */

import { msg, type Message } from './message';
import { type Placement, type Plan, type Semester, weightOf } from './plan';
import type { Rules } from './rules';
import { clean } from './text';

/** Weeks a semester's weekly load is counted over as the reader settled them (before blocks are taken out). */
export function loadWeeks(s: Semester): number {
  return s.courseWeeks ?? s.weeks;
}

/**
 * Semesters in which the internship is full-time (its weekly hours reach the threshold, or it fills
 * most weeks, alone or with other whole-week blocks such as 毕业设计).
 */
export function internshipSemesters(plan: Plan, rules: Rules): Set<number> {
  const out = new Set<number>();
  plan.semesters.forEach((s, i) => {
    const ps = plan.courses.filter((c) => c.isInternship && weightOf(c) > 0).map((c) => c.placements[i]).filter((p): p is Placement => !!p);
    const hours = ps.reduce((t, p) => t + p.hours, 0);
    const blockWeeks = ps.reduce((t, p) => t + (p.shape === 'block' ? p.blockWeeks ?? 0 : 0), 0);
    // Whole-week blocks of any course (岗位实习 with 毕业设计, 实训周 …) that take three quarters of the
    // weeks leave no room for classes either.
    const allBlockWeeks = plan.courses.reduce((t, c) => t + (c.placements[i]?.shape === 'block' ? c.placements[i]?.blockWeeks ?? 0 : 0), 0);
    if ((hours > 0 && hours / s.weeks >= rules.internship.fullTimeWeeklyHours) || (blockWeeks > 0 && blockWeeks >= 0.75 * s.weeks) || (blockWeeks > 0 && allBlockWeeks >= 0.75 * s.weeks)) out.add(s.index);
  });
  for (const s of rules.internship.semesters) if (s >= 1 && s <= plan.semesters.length) out.add(s);
  return out;
}

export interface SemesterWeeks {
  semester: number;
  /** The weeks courses run and the weekly load is measured over. */
  weeks: number;
  /** The semester's own weeks (header, calendar or settings). */
  total: number;
  /** Whole-week blocks placed in the semester (weighted courses only), with their cells. */
  blocks: { name: string; weeks: number; cell: string }[];
  /** False: no course is taught there (a full-time internship, or blocks that leave no week). */
  teaching: boolean;
  /**
   * No course may be moved in: a weekly-hours layout whose blocks leave fewer weeks than its courses
   * run (weekly hours × the template's weeks would not fit in what is left).
   */
  closed: boolean;
  /** The most weeks one course may run there (an hours layout may run a course every free week). */
  most: number;
  /** Where the weeks come from, in one phrase. */
  from: Message;
}

const names = (bs: SemesterWeeks['blocks'], zh: boolean) => bs.map((b) => `${b.name} ${clean(b.weeks)}${zh ? ' 周' : ' wk'}`).join(zh ? '、' : ', ');

/**
 * Per semester: the weeks it teaches and where they come from. Weekly-hours layouts keep the weeks
 * the reader matched against the course totals (weekly hours × those weeks = the totals the school
 * wrote); hours layouts take the blocks' weeks out of the semester's own, never counting more than the
 * template's course weeks. Weeks set in the rules (`courseWeeks`) are taken as they are.
 */
export function teachingWeeks(plan: Plan, rules: Rules): SemesterWeeks[] {
  const internship = internshipSemesters(plan, rules);
  const set = Array.isArray(rules.courseWeeks) || rules.courseWeeks > 0;
  const longest = Math.max(0, ...plan.semesters.map((s) => s.weeks));
  return plan.semesters.map((s, i) => {
    const blocks = plan.courses
      .filter((c) => weightOf(c) > 0 && c.placements[i]?.shape === 'block' && (c.placements[i]?.blockWeeks ?? 0) > 0)
      .map((c) => ({ name: c.name, weeks: c.placements[i]!.blockWeeks!, cell: c.placements[i]!.cell }));
    const blockWeeks = clean(blocks.reduce((t, b) => t + b.weeks, 0));
    const base = loadWeeks(s);
    const baseFrom: Message = set
      ? msg('设置中的课程周数', 'the course weeks in the settings')
      : s.courseWeeksFrom ?? (s.weeksCell ? msg(`表头 ${s.weeksCell}`, `the header, ${s.weeksCell}`) : msg('设置中的学期周数', 'the semester weeks in the settings'));
    // A semester shorter than the plan's others (semester 1 with 军训, NORMS.md) already leaves that many
    // weeks of blocks outside its own weeks.
    const outside = Math.min(blockWeeks, Math.max(0, longest - s.weeks));
    const free = clean(s.weeks - (blockWeeks - outside));
    // Only an hours layout measures load over weeks: there the blocks' weeks come out of the semester.
    const cut = !set && plan.semesterMode !== 'weekly' && blockWeeks > 0 && free < base;
    const weeks = Math.max(0, cut ? free : base);
    const shorter = outside > 0 ? msg(`，其中 ${clean(outside)} 周在表头周数之外：本学期比其他学期短 ${clean(outside)} 周`, `, ${clean(outside)} of them outside the semester's own weeks: it is ${clean(outside)} weeks shorter than the others`) : msg('', '');
    const from = cut
      ? msg(`${clean(s.weeks)} 周 − 整周安排 ${clean(blockWeeks - outside)} 周（${names(blocks, true)}${shorter.zh}）`, `${clean(s.weeks)} weeks − ${clean(blockWeeks - outside)} weeks of blocks (${names(blocks, false)}${shorter.en})`)
      : baseFrom;
    const closed = !set && plan.semesterMode === 'weekly' && !s.courseWeeksFrom && blockWeeks > 0 && free < base;
    return {
      semester: s.index,
      weeks,
      total: s.weeks,
      blocks,
      teaching: !internship.has(s.index) && weeks > 0,
      closed,
      most: Math.max(weeks, plan.semesterMode === 'weekly' || set ? weeks : Math.min(s.weeks, free)),
      from,
    };
  });
}

/** "第1学期 16 周（表头 F5）；第5学期 14 周 = 18 周 − 整周安排 4 周（岗位实习 4 周）…" — for reports. */
export function weeksLine(weeks: SemesterWeeks[]): Message {
  const zh = weeks.map((w) => `第${w.semester}学期 ${clean(w.weeks)} 周（${w.from.zh}）${w.teaching ? '' : '，不上课'}`).join('；');
  const en = weeks.map((w) => `semester ${w.semester}: ${clean(w.weeks)} weeks (${w.from.en})${w.teaching ? '' : ', no classes'}`).join('; ');
  return msg(`周学时按各学期实际上课的周数计算：${zh}。`, `Weekly load is measured over the weeks each semester really teaches: ${en}.`);
}
