/** A table the reader cannot make a plan of: what it looked for, in words a clerk can act on. */

import { msg, type Message } from '../message';
import type { Plan } from '../plan';

/** What the reader looked for when a course table has no semester columns. */
export function noSemesters(sheet: string, top: number, bottom: number): Message {
  const rows = top === bottom ? `第 ${top + 1} 行` : `第 ${top + 1}–${bottom + 1} 行`;
  const rowsEn = top === bottom ? `row ${top + 1}` : `rows ${top + 1}–${bottom + 1}`;
  return msg(
    `工作表“${sheet}”的课程表表头（${rows}）中没有找到学期列：需要“第一学期”“第1学期”“1（16w）”“1 18w”“第一学期(18周)”“S1”这样的学期标记，或在“学期”“学年”标题下写“一、二、三”“1、2、3”，其下是各学期的学时、学分或周学时。`,
    `The course table's header on sheet "${sheet}" (${rowsEn}) has no semester columns: it needs semester labels such as 第一学期, 第1学期, 1（16w）, 1 18w, 第一学期(18周), S1, or 一/二/三 or 1/2/3 under a 学期 or 学年 heading, with each semester's hours, credits or weekly hours below.`,
  );
}

/**
 * Why a plan cannot be checked at all (no semester columns, no course rows), with what the reader
 * looked for; null when it can. Nothing is checked or optimized on such a plan.
 */
export function unreadable(plan: Plan): Message | null {
  if (plan.semesters.length === 0) return noSemesters(plan.sheet, plan.headerRows[0], plan.headerRows[1]);
  if (plan.courses.length === 0)
    return msg(
      `工作表“${plan.sheet}”第 ${plan.headerRows[0] + 1} 行像课程表的表头，但其下没有课程行（有课程名称和学时、学分或学期安排的行）。`,
      `Row ${plan.headerRows[0] + 1} of sheet "${plan.sheet}" looks like a course-table header, but no course rows (a name with hours, credits or semesters) follow.`,
    );
  return null;
}

