/**
 * Tables with one row per semester: a practice table in weeks (实践教学明细表: 军事技能 2 周 and its
 * hours, 认识实习, 岗位实习 …) and a teaching calendar (教学时间分配表: teaching weeks, theory weeks,
 * practice blocks, exams). The first gives courses; the second gives weeks.
 */

import type { Grid } from '../grid';
import { msg, type Message } from '../message';
import type { Category, Course, Placement } from '../plan';
import { clean, parseOrdinal } from '../text';
import { headerCandidates } from './header';
import { categoryOfName, semesterOf } from './labels';
import { SheetView } from './sheet';

export interface Activity {
  name: string;
  nameCell: string;
  /** Per semester (index 0 = semester 1): weeks and, where the table gives them, hours. */
  weeks: (number | null)[];
  weekCells: (string | null)[];
  hours: (number | null)[];
  hourCells: (string | null)[];
}

export interface SemesterRowTable {
  sheet: string;
  semesters: number;
  /** 教学周数 per semester, with its cells. */
  teachingWeeks?: { values: number[]; cells: string[] };
  /** 理论教学 / 课堂教学 weeks per semester. */
  theoryWeeks?: { values: number[]; label: string };
  activities: Activity[];
  /** True when some column gives hours (a practice table), false for a calendar of weeks. */
  hasHours: boolean;
}

const SKIP = /总周数|^小计$|^合计$|小计|考试|考核|复习|^其他$|^其它$|机动/;
const TEACHING_WEEKS = /^教学周数$|^教学周$|^周数$/;
const THEORY_WEEKS = /理论教学|课堂教学/;
const HOURS = /学时|课时/;

/** The column holding semester numbers 1, 2, 3 … down consecutive rows, and those rows. */
function semesterColumn(view: SheetView): { col: number; rows: number[] } | null {
  let best: { col: number; rows: number[] } | null = null;
  for (let c = 0; c < Math.min(view.cols, 6); c++) {
    let rows: number[] = [];
    for (let r = 0; r < view.rows; r++) {
      const t = view.ownLabel(r, c);
      const n = t ? parseOrdinal(t) ?? semesterOf(t)?.number ?? null : null;
      if (n === rows.length + 1) rows.push(r);
      else if (n === 1) rows = [r];
      else if (rows.length >= 2 && t) break;
    }
    if (rows.length >= 2 && (!best || rows.length > best.rows.length)) best = { col: c, rows };
  }
  return best;
}

export function readSemesterRows(grid: Grid, view = new SheetView(grid)): SemesterRowTable | null {
  if (view.rows > 400 || view.cols > 60) return null;
  // A course table (a 课程名称 header) is never a table of semesters, whatever its 序号 column reads.
  if (headerCandidates(view).length > 0) return null;
  const sem = semesterColumn(view);
  if (!sem || sem.rows.length < 4 || sem.rows.length > 12) return null;
  const top = sem.rows[0];
  let corner = '';
  for (let r = Math.max(0, top - 4); r < top; r++) corner += view.label(r, sem.col);
  if (!/学期|semester|term/i.test(corner)) return null;
  // The header must speak of weeks or practice: otherwise this is some other list.
  let headerText = '';
  for (let r = Math.max(0, top - 4); r < top; r++) for (let c = 0; c < view.cols; c++) headerText += view.label(r, c) + '|';
  if (!/周|实践|实习|实训|军训|军事/.test(headerText)) return null;

  const table: SemesterRowTable = { sheet: grid.sheet, semesters: sem.rows.length, activities: [], hasHours: false };
  const columns: { col: number; path: string[]; headerCell: string }[] = [];
  for (let c = 0; c < view.cols; c++) {
    if (c === sem.col) continue;
    const path: string[] = [];
    let headerCell = '';
    for (let r = Math.max(0, top - 4); r < top; r++) {
      const t = view.label(r, c);
      if (t && path[path.length - 1] !== t) {
        path.push(t);
        const [mr, mc] = view.masterOf(r, c);
        headerCell = view.address(mr, mc);
      }
    }
    if (path.length) columns.push({ col: c, path, headerCell });
  }
  const numbersIn = (col: number) =>
    sem.rows.map((r) => {
      const p = view.number(r, col);
      return p.kind === 'number' ? p.value : null;
    });
  const cellsIn = (col: number) => sem.rows.map((r) => view.address(r, col));

  const hourCols: { col: number; path: string[] }[] = [];
  for (const { col, path, headerCell } of columns) {
    const last = path[path.length - 1];
    const values = numbersIn(col);
    if (values.every((v) => v === null)) continue;
    if (SKIP.test(last) || /学年|^学期$/.test(last)) continue;
    if (TEACHING_WEEKS.test(last)) {
      table.teachingWeeks = { values: values.map((v) => v ?? 0), cells: cellsIn(col) };
      continue;
    }
    if (THEORY_WEEKS.test(last)) {
      table.theoryWeeks = { values: values.map((v) => v ?? 0), label: last };
      continue;
    }
    if (HOURS.test(last)) {
      hourCols.push({ col, path });
      table.hasHours = true;
      continue;
    }
    table.activities.push({ name: last, nameCell: headerCell, weeks: values, weekCells: cellsIn(col), hours: values.map(() => null), hourCells: values.map(() => null) });
  }
  // An hours column belongs to the activity it names (军事技能学时), else to the activities under the
  // same parent label (实习 › 认识实习 / 岗位实习; 实习学时), row by row.
  for (const h of hourCols) {
    const last = h.path[h.path.length - 1];
    const stem = last.replace(HOURS, '');
    const named = table.activities.filter((a) => stem && (a.name === stem || a.name.includes(stem) || stem.includes(a.name)) && a.name.length >= 2);
    const parent = h.path.length > 1 ? h.path[h.path.length - 2] : stem;
    const siblings = named.length ? named : table.activities.filter((a) => parent && columns.find((c) => c.path[c.path.length - 1] === a.name)?.path.some((t) => t.includes(parent) || parent.includes(t)));
    const values = numbersIn(h.col);
    const cells = cellsIn(h.col);
    values.forEach((v, i) => {
      if (v === null || v <= 0) return;
      const owner = siblings.find((a) => (a.weeks[i] ?? 0) > 0) ?? (siblings.length === 1 ? siblings[0] : undefined);
      if (!owner) return;
      owner.hours[i] = v;
      owner.hourCells[i] = cells[i];
    });
  }
  return table;
}

export function categoryOfActivity(name: string): Category {
  return categoryOfName(name) ?? 'practical-training';
}

/** The practice table's activities that carry hours, as courses (cells on the table's sheet). */
export function activityCourses(table: SemesterRowTable, semesters: number): Course[] {
  const out: Course[] = [];
  for (const [k, a] of table.activities.entries()) {
    if (!a.hours.some((h) => h !== null && h > 0)) continue;
    const placements: (Placement | null)[] = Array.from({ length: semesters }, (_, i) => {
      const h = a.hours[i];
      if (h === null || h === undefined || h <= 0) return null;
      const weeks = a.weeks[i];
      return { hours: h, shape: 'block', ...(weeks ? { blockWeeks: weeks } : {}), cell: a.hourCells[i]! };
    });
    const category = categoryOfActivity(a.name);
    out.push({
      sheet: table.sheet,
      // Not a row of a course table: a negative row keeps it apart from any sub-total's rows.
      row: -1 - k,
      name: a.name,
      nameCell: a.nameCell,
      category,
      categoryPath: [table.sheet],
      placements,
      isInternship: category === 'internship',
      source: 'practice-table',
    });
  }
  return out;
}

export function describeTable(t: SemesterRowTable): Message {
  const acts = t.activities.map((a) => a.name).join('、');
  return t.hasHours
    ? msg(`实践教学表（每行一个学期，${t.semesters} 个学期）：${acts}`, `practice table (a row per semester, ${t.semesters} semesters): ${acts}`)
    : msg(`教学时间分配表（每行一个学期）：教学周数${t.theoryWeeks ? `、${t.theoryWeeks.label}` : ''}、${acts}`, `teaching calendar (a row per semester): teaching weeks${t.theoryWeeks ? `, ${t.theoryWeeks.label}` : ''}, ${acts}`);
}

export const sumOf = (xs: (number | null)[]) => clean(xs.reduce<number>((s, x) => s + (x ?? 0), 0));
