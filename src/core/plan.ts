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
}

export type SemesterMode = 'pair' | 'hours' | 'weekly';

export interface Semester {
  /** 1-based, in sheet order. */
  index: number;
  label: string;
  weeks: number;
  /** Where the weeks came from: a header cell, or the rules/settings. */
  weeksCell?: string;
  /** Sheet column letters of this semester's cells. */
  hoursColumn?: string;
  creditsColumn?: string;
  weeklyColumn?: string;
}

export interface Placement {
  /** Hours in the semester (weekly × weeks for weekly layouts). */
  hours: number;
  credits?: number;
  weekly?: number;
  /** The cell holding the hours (or weekly hours). */
  cell: string;
  creditsCell?: string;
  formula?: string;
}

export interface Course {
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
  isInternship: boolean;
}

export type AggregateKind = 'subtotal' | 'total' | 'ratio';
export type AggregateMeasure = 'hours' | 'credits' | 'both';

export interface AggregateRow {
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

export interface Plan {
  sheet: string;
  semesters: Semester[];
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
}
