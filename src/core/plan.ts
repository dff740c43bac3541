/** The plan: what the reader makes of a teaching-schedule sheet. Every fact remembers its cell. */

import type { Message } from './message';

export type Category =
  | 'public-basic'
  | 'professional-basic'
  | 'professional-core'
  | 'elective'
  | 'internship'
  | 'practical-training'
  | 'other';

export const CATEGORIES: Category[] = [
  'public-basic',
  'professional-basic',
  'professional-core',
  'elective',
  'internship',
  'practical-training',
  'other',
];

export const CATEGORY_NAMES: Record<Category, Message> = {
  'public-basic': { zh: '公共基础课', en: 'Public basic' },
  'professional-basic': { zh: '专业基础课', en: 'Professional basic' },
  'professional-core': { zh: '专业核心课', en: 'Professional core' },
  elective: { zh: '选修课', en: 'Electives' },
  internship: { zh: '岗位实习', en: 'Internship' },
  'practical-training': { zh: '综合实训', en: 'Integrated practical training' },
  other: { zh: '其他', en: 'Other' },
};

/** A number read from a cell. */
export interface NumFact {
  value: number;
  cell: string;
  formula?: string;
  /** How the cell was written when it was not a number (`1w` practice: whole weeks read as hours). */
  notation?: string;
  /**
   * The sub-total cells (sheet-qualified) its formula reaches, directly or through other formulas, and
   * how much it moves when each moves by 1: a figure that follows a wrong sub-total is wrong by as much.
   */
  dependsOn?: Dependency[];
}

export interface Dependency {
  cell: string;
  by: number;
}

export type SemesterMode = 'pair' | 'hours' | 'weekly';

export interface Semester {
  /** 1-based, in sheet order. */
  index: number;
  label: string;
  weeks: number;
  /**
   * The weeks a weekly-hours course runs in this semester, when the template counts fewer than the
   * semester's weeks (16 h per credit in an 18-week semester; a 教学时间分配表's theory weeks).
   * Hours = weekly hours × these weeks, and weekly loads are hours over these weeks.
   */
  courseWeeks?: number;
  /** Where the course weeks came from, when the reader chose them over the header (a calendar, 16 h per credit). */
  courseWeeksFrom?: Message;
  /** Where the weeks came from: a header cell, or the rules/settings. */
  weeksCell?: string;
  /** Sheet column letters of this semester's cells. */
  hoursColumn?: string;
  creditsColumn?: string;
  weeklyColumn?: string;
}

/**
 * How a semester cell gives its hours: plain hours or weekly hours (the sheet's mode), a lecture
 * series given per term (`4/期`, `4+4/期`), or a whole-week block (`2w`, `18W`) that takes its weeks
 * out of the semester instead of adding to the weekly load.
 */
export type PlacementShape = 'hours' | 'weekly' | 'term' | 'block';

export interface Placement {
  /** Hours in the semester (weekly × weeks for weekly layouts). */
  hours: number;
  shape?: PlacementShape;
  /** Whole weeks of a block placement, or the whole weeks besides a weekly one (`4+1w`). */
  blockWeeks?: number;
  /** Of `hours`, the hours of those whole weeks besides a weekly placement: outside the weekly load. */
  blockHours?: number;
  /** Weeks a weekly placement runs when the cell says so (`4/16W`). */
  weeks?: number;
  /** The cell's text when it was a notation (`2+1`, `4/期`, `1w`), so the report can show how it was read. */
  notation?: string;
  credits?: number;
  weekly?: number;
  /** The cell holding the hours (or weekly hours). */
  cell: string;
  creditsCell?: string;
  formula?: string;
}

export interface Course {
  /** The sheet the row is on, when it is not the plan's main sheet (a combined workbook plan). */
  sheet?: string;
  /** 0-based sheet row. */
  row: number;
  name: string;
  nameCell: string;
  category: Category;
  /** The labels as written, outermost first (平台课程 › 公共必修课). */
  categoryPath: string[];
  categoryCell?: string;
  seq?: string;
  code?: string;
  totalHours?: NumFact;
  credits?: NumFact;
  practiceHours?: NumFact;
  /** One entry per semester; null where the sheet leaves it empty. */
  placements: (Placement | null)[];
  /** Placements in summer terms (暑假学期), aligned with plan.summerTerms. */
  summer?: (Placement | null)[];
  isInternship: boolean;
  /**
   * How much of the course the plan counts: 1 normally; 0 for an alternative that another row of its
   * group stands for; stated ÷ listed for members of an elective choice group.
   */
  weight?: number;
  /** Why the weight is not 1 (shown with the course). */
  weightNote?: Message;
  /** The elective group or direction the row belongs to (sub-totals inside one group count rows as listed). */
  group?: string;
  /** Rows without hours right after it in the same group: options of the same elective slot. */
  alternatives?: { name: string; cell: string }[];
  /** Where the course came from when not a course table: a practice table's columns. */
  source?: 'practice-table' | 'calendar' | 'choice-group';
  /** The sheet its semesters were taken from, when its own row has none (a calendar or practice table). */
  placedFrom?: string;
}

export type AggregateKind = 'subtotal' | 'total' | 'ratio';
export type AggregateMeasure = 'hours' | 'credits' | 'both';

export interface AggregateRow {
  /** The sheet the row is on, when it is not the plan's main sheet. */
  sheet?: string;
  row: number;
  kind: AggregateKind;
  measure: AggregateMeasure;
  label: string;
  labelCell: string;
  /** Rows (0-based) of the courses this row is taken to sum. */
  covers: number[];
  totalHours?: NumFact;
  credits?: NumFact;
  practiceHours?: NumFact;
  /** Per semester: hours (or weekly hours) and credits as the row states them. */
  semesterHours: (NumFact | null)[];
  semesterCredits: (NumFact | null)[];
  /** For ratio rows: the printed share and the category it belongs to. */
  printedShare?: NumFact;
  category?: Category;
  /** This sub-total defines an elective choice group (it states the hours chosen, not the rows' sum). */
  definesGroup?: boolean;
  /** Column letters of its own sheet's table, for a row on another sheet than the plan's main one. */
  columns?: { totalHours?: string; credits?: string; practiceHours?: string; semesterHours: (string | undefined)[]; semesterCredits: (string | undefined)[] };
}

export interface ColumnRoles {
  category: string[];
  seq?: string;
  code?: string;
  name: string;
  totalHours?: string;
  credits?: string;
  practiceHours?: string;
}

export interface ReaderNote {
  id: string;
  severity: 'error' | 'warning' | 'info';
  cells: string[];
  message: Message;
}

/** A summer term (暑假学期) column between semesters: not a teaching semester, but blocks go there. */
export interface SummerTerm {
  label: string;
  /** The semester it follows (1-based). */
  afterSemester: number;
  column: string;
}

export type SheetRole = 'courses' | 'practice' | 'calendar' | 'summary' | 'catalogue' | 'ignored' | 'excluded';

/** What the reader took a sheet of the workbook as, and why. */
export interface SheetInfo {
  sheet: string;
  role: SheetRole;
  why: Message;
  courses: number;
}

/** A figure a summary sheet or the plan's text states (total hours, a share…), to be checked against the combined plan. */
export interface StatedFigure {
  measure: 'total-hours' | 'total-credits' | 'public-hours' | 'public-share' | 'practice-hours' | 'practice-share' | 'elective-hours' | 'semester-hours' | 'category-hours' | 'category-credits';
  semester?: number;
  /** For category-hours/credits: the categories the figure adds (专业基础课+专业核心课共41学分). */
  categories?: Category[];
  /** Written in a sentence (a note, a title) rather than a cell of its own. */
  inText?: boolean;
  label: string;
  value: number;
  cell: string;
  formula?: string;
  /** Of the value, what its formula takes from another workbook (`[1]…`), and those references. */
  external?: { value: number; refs: string[] };
  /** The sub-total cells its formula reaches (see NumFact.dependsOn). */
  dependsOn?: Dependency[];
  /** The course-table and practice-table cells its formula reaches, when it reaches no sub-total. */
  reaches?: string[];
}

export type Level = 'zhongzhi' | 'gaozhi';

export interface LevelGuess {
  level: Level;
  /** One line: which and why. */
  reason: Message;
  evidence: string[];
}

export interface Plan {
  sheet: string;
  semesters: Semester[];
  summerTerms?: SummerTerm[];
  semesterMode: SemesterMode;
  courses: Course[];
  aggregates: AggregateRow[];
  columns: ColumnRoles;
  /** 0-based sheet rows: header band and data band. */
  headerRows: [number, number];
  dataRows: [number, number];
  notes: ReaderNote[];
  /** How sure the reader is that this is the course table (0–1), and why not more. */
  confidence: number;
  /** For a plan combined from a workbook: every sheet and what it was taken as. */
  sheets?: SheetInfo[];
  /** Figures stated on summary sheets, checked against the plan. */
  stated?: StatedFigure[];
  level?: LevelGuess;
}

/** Sheet-qualified address as Excel writes it: quotes when the name needs them. */
export function qualify(sheet: string, address: string): string {
  return /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*$/.test(sheet) ? `${sheet}!${address}` : `'${sheet.replace(/'/g, "''")}'!${address}`;
}

/** "教学进程表2!L5" / "'My sheet'!L5" / "L5" → sheet (or undefined) and local address. */
export function splitAddress(ref: string): { sheet?: string; address: string } {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) return { address: ref };
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: ref.slice(bang + 1) };
}

/** The courses an aggregate row sums: same sheet, listed rows. */
export function coveredBy(plan: Plan, a: AggregateRow): Course[] {
  const sheet = a.sheet ?? plan.sheet;
  const rows = new Set(a.covers);
  return plan.courses.filter((c) => (c.sheet ?? plan.sheet) === sheet && rows.has(c.row));
}

/** A course's counted share (1 unless it is an alternative or a member of a choice group). */
export function weightOf(c: Course): number {
  return c.weight ?? 1;
}

/** A course's id across the core (optimizer, norms, audit): its row, and its sheet when not the plan's main one. */
export function courseId(c: Course): string {
  return `${c.sheet ? `${c.sheet}!` : ''}r${c.row + 1}`;
}
