/**
 * The reader's vocabulary: what header, row and cell labels mean. One definition per term, and the
 * tables the detection loops read (column roles, semester notations); nothing else in the reader
 * spells a term out again. Patterns work on normLabel() text (no spaces, half-width) unless they say
 * they take spaced text (semester notations, where `1 18w` needs its space).
 */

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

/** A full-time placement away from school, by its name: the one definition every part of the reader uses. */
export const INTERNSHIP_NAME = /岗位实习|顶岗实习|跟岗实习|毕业实习|^实习$|internship/i;
/** 军事技能 (military training): a whole-week block at the start of semester 1. */
export const MILITARY_SKILLS_NAME = /军事技能|军训/;
/** 军事理论, taught in the weeks a calendar gives 军事理论与军训 (入学军训与理论). */
export const MILITARY_THEORY_NAME = /军事理论/;
/** A calendar column for military training that includes its theory. */
export const MILITARY_WEEKS_WITH_THEORY = /军事理论|军训.{0,3}理论|理论.{0,3}军训/;
/** Alternative directions a student chooses one of (方向一 / 方向二, …方向). */
export const DIRECTION_LABEL = /方向/;
/** A summer or winter term column (暑假学期, 假): not a teaching semester, but practice weeks go there. */
export const SUMMER_TERM = /暑假|暑期|寒假|小学期|假期|^假$|summer|winter|vacation/i;
/** Labels that announce a block of semester columns: 各学期教学课时分配, 按学期分配, 周学时分配. */
export const SEMESTER_BLOCK = /学期|分配|进程|学年|semesters?/i;
/**
 * A heading row's label: a module, direction or group a school writes on a row of its own above its
 * courses (专业选修模块, 方向一：新媒体营销, 第二组（任选一门）).
 */
export const HEADING_LABEL = /方向|模块|课程$|课$|选修|限选|任选|必修|平台|类$|^第?[一二三四五六七八九十\d]+[组类]|[(（]?[一二三四五六七八九十]+[)）、.．]/;

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

/** Category labels, most specific first: the first that matches names the category. */
const CATEGORY_TERMS: [RegExp, Category][] = [
  [INTERNSHIP_NAME, 'internship'],
  [/综合实训|集中实训|实践教学环节|实践环节|综合实践|认识实习|认知实习|practical/i, 'practical-training'],
  [/选修|任选|限选|选课|拓展|elective/i, 'elective'],
  [/公共基础|公共必修|公共课|文化基础|通识|思政|公共平台|public/i, 'public-basic'],
  [/专业核心|核心课|core/i, 'professional-core'],
  [/专业(群)?基础|专业(群)?平台|professionalbasic/i, 'professional-basic'],
  [/专业技能|专业(\(群\))?方向|方向课|专业(群)?模块|专业(必修)?课/i, 'professional-core'],
  [/^其他|^其它|other/i, 'other'],
];

/** A category label to the normalised category, or null when it is not one we know. */
export function categoryOf(label: string): Category | null {
  const t = label.replace(/^[一二三四五六七八九十\d]+[、.．)）]/, '');
  if (!t) return null;
  for (const [re, category] of CATEGORY_TERMS) if (re.test(t)) return category;
  return null;
}

/** A course or activity name's own category, where its name says (岗位实习 is an internship wherever it is filed). */
export function categoryOfName(name: string): Category | null {
  return INTERNSHIP_NAME.test(name) ? 'internship' : null;
}

/** Labels that group categories without being one (平台课程, 模块课程): not worth a warning. */
export function isGroupingLabel(label: string): boolean {
  return /^(平台|模块|必修|选修)?课程$|平台课程|模块课程|课程体系|^[一二三四五六七八九十]+[、.]/.test(label);
}

export interface SemesterLabel {
  number: number | null;
  year?: number;
  weeks?: number;
  /** The label without its semester and weeks notation (学时, 学分, 周学时 …), for the column's kind. */
  rest: string;
}

const ORD = '[一二三四五六七八九十\\d]{1,3}';
const WEEKS_IN = /(\d{1,2}) ?(?:周|w(?![a-z]))/i;

/**
 * How schools write a semester in a header, one entry per notation. Each reads spaced text (runs of
 * white space folded to one space): `1 18w` is semester 1 of 18 weeks, `118w` is not a notation.
 */
const SEMESTER_NOTATIONS: { re: RegExp; read: (m: RegExpExecArray) => Omit<SemesterLabel, 'rest'> }[] = [
  // 第一学期, 第1学期, 第一学期(18周), 2024-2025学年第一学期
  { re: new RegExp(`第? ?(${ORD}) ?学期`), read: (m) => ({ number: parseOrdinal(m[1]) }) },
  // Word plans: 1（16w）, 3\n（18w）, 1(18周); and 1 18w, 1 18周
  { re: /^(\d{1,2}) ?[(（] ?(\d{1,2}) ?(?:w|周) ?[)）]$/i, read: (m) => ({ number: Number(m[1]), weeks: Number(m[2]) }) },
  { re: /^(\d{1,2}) (\d{1,2}) ?(?:w|周)$/i, read: (m) => ({ number: Number(m[1]), weeks: Number(m[2]) }) },
  // S1, Sem 1, Semester 1, Term 1
  { re: /^(?:s|sem|semester|term)\.? ?(\d{1,2})(?!\d)/i, read: (m) => ({ number: Number(m[1]) }) },
  // 第1期, 第一期
  { re: new RegExp(`^第(${ORD})期`), read: (m) => ({ number: parseOrdinal(m[1]) }) },
  // 第一学年: a year band above its semesters
  { re: /第? ?([一二三四五六\d]) ?学年/, read: (m) => ({ number: null, year: parseOrdinal(m[1]) ?? undefined }) },
];

/** Folds a header cell's text for the notation table: half-width, runs of white space to one space. */
export function spaced(label: string): string {
  return label.replace(/\s+/g, ' ').trim();
}

/** Reads semester identity from one header element: 第一学期, 第1学期, 1（16w）, 1 18w, S1, Semester 1, 第二学年. */
export function semesterOf(label: string): SemesterLabel | null {
  const text = spaced(label);
  for (const { re, read } of SEMESTER_NOTATIONS) {
    const m = re.exec(text);
    if (!m) continue;
    const s: SemesterLabel = { ...read(m), rest: '' };
    let rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).replace(/\s+/g, '');
    if (s.weeks === undefined && s.number !== null) {
      const w = WEEKS_IN.exec(rest);
      if (w) {
        s.weeks = Number(w[1]);
        rest = rest.replace(w[0].replace(/ /g, ''), '');
      }
    }
    s.rest = rest.replace(/^[(（）)]+|[(（）)]+$/g, '').replace(/[(（][)）]/g, '');
    return s;
  }
  return null;
}
