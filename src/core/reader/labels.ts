/** What header and row labels mean. All patterns work on normLabel() text (no spaces, half-width). */

import type { Category } from '../plan';
import { parseOrdinal } from '../text';

export const NAME_HEADER = /^(课程(名称|名)?|课程[(（]?(环节|项目)[)）]?名称|科目(名称)?|教学(环节|项目)(名称)?|名称|course(name|title)?)$/i;
export const CATEGORY_HEADER = /(课程)?类别|课程模块|模块类别|^模块$|课程属性|category/i;
export const KIND_HEADER = /课程类型|授课方式|考核方式|考试|考查|type/i;
export const SEQ_HEADER = /^(序号|编号|no\.?|#)$/i;
export const CODE_HEADER = /代码|编码|课程号|code/i;
export const PRACTICE_HEADER = /实践|实训学时|practice/i;
export const THEORY_HEADER = /理论|theory/i;
export const HOURS_HEADER = /学时|课时|时数|hours?$/i;
export const CREDITS_HEADER = /学分|credits?/i;
export const WEEKLY_HEADER = /周学时|周课时|每周|周时数|weekly|h\/w/i;
export const WEEKS_LABEL = /^(教学)?周数$|教学周|周次|^weeks$/i;
export const NOTE_COLUMN = /^(说明|备注|notes?|remarks?)$/i;

export const NOTE_ROW = /^(说明|注[:：\d、.]|注$|备注|附注|notes?[:：]?)/i;
export const RATIO_ROW = /占比|比例|百分比|share|ratio/i;
export const TOTAL_ROW = /合计|小计|总计|共计|汇总|总学时|subtotal|total/i;
export const GRAND_TOTAL = /总计|总合计|全部|^合计$|^总学时|grandtotal|^total$/i;

export function isHeaderToken(label: string): boolean {
  return (
    NAME_HEADER.test(label) ||
    CATEGORY_HEADER.test(label) ||
    SEQ_HEADER.test(label) ||
    HOURS_HEADER.test(label) ||
    CREDITS_HEADER.test(label) ||
    /学期|学年|semester|year|周/i.test(label)
  );
}

/** A category label to the normalised category, or null when it is not one we know. */
export function categoryOf(label: string): Category | null {
  const t = label.replace(/^[一二三四五六七八九十\d]+[、.．)）]/, '');
  if (!t) return null;
  if (/岗位实习|顶岗实习|跟岗实习|认识实习|毕业实习|^实习$|internship/i.test(t)) return 'internship';
  if (/综合实训|集中实训|实践教学环节|实践环节|综合实践|practical/i.test(t)) return 'practical-training';
  if (/选修|任选|限选|选课|拓展|elective/i.test(t)) return 'elective';
  if (/公共基础|公共必修|公共课|文化基础|通识|思政|公共平台|public/i.test(t)) return 'public-basic';
  if (/专业核心|核心课|core/i.test(t)) return 'professional-core';
  if (/专业(群)?基础|专业(群)?平台|professionalbasic/i.test(t)) return 'professional-basic';
  if (/专业技能|专业(\(群\))?方向|方向课|专业(群)?模块|专业(必修)?课/i.test(t)) return 'professional-core';
  if (/^其他|^其它|other/i.test(t)) return 'other';
  return null;
}

/** Labels that group categories without being one (平台课程, 模块课程): not worth a warning. */
export function isGroupingLabel(label: string): boolean {
  return /^(平台|模块|必修|选修)?课程$|平台课程|模块课程|课程体系|^[一二三四五六七八九十]+[、.]/.test(label);
}

export interface SemesterLabel {
  number: number | null;
  year?: number;
  weeks?: number;
}

/** Reads semester identity from one header element: 第一学期, 第1学期, S1, Semester 1, 第二学年. */
export function semesterOf(label: string): SemesterLabel | null {
  let m = /第?([一二三四五六七八九十\d]{1,3})学期/.exec(label);
  if (m) return withWeeks({ number: parseOrdinal(m[1]) }, label);
  // Word plans: "1（16w）", "3\n（18w）" — the semester number with its weeks in brackets.
  m = /^(\d{1,2})\((\d{1,2})(?:w|周)\)$/i.exec(label);
  if (m) return { number: Number(m[1]), weeks: Number(m[2]) };
  m = /^(?:s|sem|semester|term)(\d{1,2})/i.exec(label);
  if (m) return withWeeks({ number: Number(m[1]) }, label);
  m = /^第(\d{1,2}|[一二三四五六七八九十]{1,3})期$/.exec(label);
  if (m) return withWeeks({ number: parseOrdinal(m[1]) }, label);
  m = /第?([一二三四五六\d])学年/.exec(label);
  if (m) return { number: null, year: parseOrdinal(m[1]) ?? undefined };
  return null;
}

function withWeeks(s: SemesterLabel, label: string): SemesterLabel {
  const w = /(\d{1,2})周/.exec(label);
  if (w) s.weeks = Number(w[1]);
  return s;
}

/** A summer or winter term column (暑假学期): not a teaching semester, but practice weeks go there. */
export const SUMMER_TERM = /暑假|暑期|寒假|小学期|summer/i;

/** Labels that announce a block of semester columns: 各学期教学课时分配, 按学期分配, 周学时分配. */
export const SEMESTER_BLOCK = /学期|分配|进程|学年|semesters?/i;
