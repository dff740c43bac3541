/** grid → plan. Finds the course table with no hand mapping, or follows one when given. */

import { columnLetter, type Grid } from '../grid';
import { msg, type Message } from '../message';
import type { Plan, ReaderNote, Semester, SemesterMode, SheetInfo } from '../plan';
import { BodyReader } from './body';
import { type ColumnMapping, type HeaderLayout, detectHeader, headerCandidates } from './header';
import { SheetView, type WorkbookViews } from './sheet';
import { combineWorkbook, type CombineOptions } from './workbook';
import { findChoiceGroups, findDirections } from './groups';
import { applyCourseWeeks, readHoursInWeeklyRows, settleBlocks, settleCourseWeeks, type WeeksCandidate } from './hours';
import { noSemesters } from './unreadable';
import { auditTable } from './audit';

export { unreadable } from './unreadable';

export type { ColumnMapping } from './header';

export interface ReadOptions {
  mapping?: ColumnMapping;
  /** Weeks per semester from elsewhere in the workbook (a 教学时间分配表), to try for weekly layouts. */
  weekCandidates?: WeeksCandidate[];
  /** Semester weeks from a 教学时间分配表 where the header gives none. */
  calendarWeeks?: number[];
  /** The weeks weekly hours run over, from the settings (overrides detection). */
  courseWeeks?: number | number[];
  /** The workbook's sheets, so formulas can read across sheets. */
  views?: WorkbookViews;
  /** Teaching weeks per semester where the sheet gives none (a number for all, or one each). */
  weeks?: number | number[];
  /** Read semester cells as weekly hours, or hours, regardless of what detection says. */
  semesterMode?: SemesterMode;
}

export interface ReadFailure {
  ok: false;
  sheet: string;
  error: Message;
  cells: string[];
}

export interface ReadSuccess {
  ok: true;
  plan: Plan;
  /** Other tables that looked like course tables in the same grid (1-based header rows). */
  alternatives: number[];
}

export type ReadResult = ReadSuccess | ReadFailure;

const DEFAULT_WEEKS = 18;
export const MAX_SEMESTERS = 12;

export function readPlan(grid: Grid, options: ReadOptions = {}): ReadResult {
  try {
    return readPlanUnsafe(grid, options);
  } catch (e) {
    // The reader must never take the caller down; an unexpected shape becomes a message.
    return {
      ok: false,
      sheet: grid.sheet,
      error: msg(`无法读取工作表“${grid.sheet}”：${String(e)}`, `Could not read sheet "${grid.sheet}": ${String(e)}`),
      cells: [],
    };
  }
}

function readPlanUnsafe(grid: Grid, options: ReadOptions): ReadResult {
  const view = options.views?.views.get(grid.sheet) ?? new SheetView(grid, options.views);
  const explicitTop = options.mapping?.headerRow !== undefined ? options.mapping.headerRow - 1 - grid.originRow : undefined;
  const candidates = explicitTop !== undefined ? [explicitTop] : headerCandidates(view);
  if (candidates.length === 0 || (explicitTop !== undefined && (explicitTop < 0 || explicitTop >= view.rows))) {
    return {
      ok: false,
      sheet: grid.sheet,
      error: msg(
        `工作表“${grid.sheet}”中没有找到课程表：需要一行表头含“课程名称”以及“学时”或“学分”或“学期”。`,
        `No course table found on sheet "${grid.sheet}": a header row needs "课程名称" (course name) and "学时"/"学分"/"学期" (hours, credits or semesters).`,
      ),
      cells: [],
    };
  }

  const plans: Plan[] = [];
  for (const top of candidates) {
    const layout = detectHeader(view, top, options.mapping);
    if (!layout) continue;
    const plan = readTable(view, layout, options);
    if (plan) plans.push(plan);
  }
  if (plans.length === 0) {
    const where = `${columnLetter(grid.originCol)}${candidates[0] + grid.originRow + 1}`;
    return {
      ok: false,
      sheet: grid.sheet,
      error: msg(
        `工作表“${grid.sheet}”第 ${candidates[0] + grid.originRow + 1} 行像表头，但其下没有课程行，也没有学期列。`,
        `Row ${candidates[0] + grid.originRow + 1} of sheet "${grid.sheet}" looks like a header, but no course rows or semester columns follow.`,
      ),
      cells: [where],
    };
  }
  // The table with the most courses wins; the others are reported, not silently dropped.
  plans.sort((a, b) => b.courses.length - a.courses.length || a.headerRows[0] - b.headerRows[0]);
  const plan = plans[0];
  const alternatives = plans.slice(1).filter((p) => p.courses.length > 0).map((p) => p.headerRows[0] + 1);
  if (alternatives.length > 0) {
    plan.confidence = Math.min(plan.confidence, 0.7);
    plan.notes.push({
      id: 'reader.several-tables',
      severity: 'info',
      cells: [],
      message: msg(
        `本表有多个像课程表的区域（表头在第 ${[plan.headerRows[0] + 1, ...alternatives].join('、')} 行），使用第 ${plan.headerRows[0] + 1} 行起的表（课程最多）；可指定表头行。`,
        `Several course-table-like blocks (headers on rows ${[plan.headerRows[0] + 1, ...alternatives].join(', ')}); using the one at row ${plan.headerRows[0] + 1} (most courses). Pass a header row to choose another.`,
      ),
    });
  }
  return { ok: true, plan, alternatives };
}

function readTable(view: SheetView, layout: HeaderLayout, options: ReadOptions): Plan | null {
  const notes: ReaderNote[] = [];
  const origin = view.grid.originRow;
  if (layout.semesters.length > MAX_SEMESTERS) {
    notes.push({
      id: 'reader.too-many-semesters',
      severity: 'warning',
      cells: [],
      message: msg(`找到 ${layout.semesters.length} 个学期列，只读取前 ${MAX_SEMESTERS} 个。`, `Found ${layout.semesters.length} semester columns; only the first ${MAX_SEMESTERS} are read.`),
    });
    layout.semesters = layout.semesters.slice(0, MAX_SEMESTERS);
  }

  const semesters: Semester[] = layout.semesters.map((g, i) => {
    const withWeeks = g.columns.find((c) => c.weeks !== undefined);
    const fromOption = options.calendarWeeks?.[i] ?? (Array.isArray(options.weeks) ? options.weeks[i] : options.weeks);
    const s: Semester = {
      index: i + 1,
      label: g.label,
      weeks: withWeeks?.weeks ?? fromOption ?? DEFAULT_WEEKS,
    };
    if (withWeeks?.weeksAddress) s.weeksCell = withWeeks.weeksAddress;
    for (const c of g.columns) {
      const letter = columnLetter(view.grid.originCol + c.col);
      if (c.kind === 'credits') s.creditsColumn = letter;
      else if (c.kind === 'weekly') s.weeklyColumn = letter;
      else s.hoursColumn = letter;
    }
    return s;
  });
  if (semesters.length > 0 && semesters.every((s) => !s.weeksCell) && options.weeks === undefined && !options.calendarWeeks) {
    notes.push({
      id: 'reader.weeks-assumed',
      severity: 'info',
      cells: [],
      message: msg(`表中没有各学期教学周数，按每学期 ${DEFAULT_WEEKS} 周计算（可在设置中修改）。`, `The sheet gives no teaching weeks per semester; ${DEFAULT_WEEKS} weeks each is assumed (change it in the settings).`),
    });
  }

  let mode = options.semesterMode ?? decideMode(layout);
  let body = new BodyReader(view, layout, semesters, mode);
  let result = body.read();
  const weekVectors = [semesters.map((s) => s.weeks), semesters.map((s) => Math.min(s.weeks, 16)), ...(options.weekCandidates ?? []).map((c) => c.weeks)];
  if (!options.semesterMode && !layout.modeHint && mode === 'hours' && looksWeekly(result.courses, weekVectors)) {
    mode = 'weekly';
    body = new BodyReader(view, layout, semesters, mode);
    result = body.read();
    for (const s of semesters) if (s.hoursColumn) [s.weeklyColumn, s.hoursColumn] = [s.hoursColumn, undefined];
    notes.push({
      id: 'reader.weekly-detected',
      severity: 'info',
      cells: [],
      message: msg('学期列的数值按“周学时”读取（乘以教学周数等于课程学时）。', 'Semester cells are read as weekly hours (times the teaching weeks they give the course hours).'),
    });
  }
  if (result.courses.length === 0 && semesters.length === 0) return null;
  if (semesters.length === 0) {
    notes.push({
      id: 'reader.no-semesters',
      severity: 'error',
      cells: [],
      message: noSemesters(view.grid.sheet, layout.top + origin, layout.bottom + origin),
    });
  }
  if (mode === 'weekly') for (const s of semesters) if (s.hoursColumn && !s.weeklyColumn) [s.weeklyColumn, s.hoursColumn] = [s.hoursColumn, undefined];

  const letter = (c: number | undefined) => (c === undefined ? undefined : columnLetter(view.grid.originCol + c));
  const tableNotes: ReaderNote[] = [];
  if (options.courseWeeks !== undefined) applyCourseWeeks(result.courses, semesters, Array.isArray(options.courseWeeks) ? options.courseWeeks : semesters.map(() => options.courseWeeks as number));
  else settleCourseWeeks(result.courses, semesters, mode === 'weekly', options.weekCandidates ?? [], tableNotes);
  const rate = settleBlocks(result.courses, tableNotes);
  if (mode === 'weekly') readHoursInWeeklyRows(result.courses, rate, tableNotes);
  findDirections(result.courses, tableNotes);
  const slots = findChoiceGroups(result.courses, result.aggregates, semesters, mode, tableNotes);
  if (slots.length) {
    result.courses.push(...slots);
    result.courses.sort((a, b) => a.row - b.row);
  }
  let confidence = 1;
  if (layout.totalHoursCol === undefined) confidence -= 0.2;
  if (layout.categoryCols.length === 0) confidence -= 0.2;
  if (semesters.length === 0) confidence -= 0.3;
  const plan: Plan = {
    sheet: view.grid.sheet,
    semesters,
    semesterMode: result.courses.length && semesters.some((s) => s.creditsColumn) && mode !== 'weekly' ? 'pair' : mode,
    courses: result.courses,
    aggregates: result.aggregates,
    columns: {
      category: layout.categoryCols.map((c) => letter(c)!),
      name: letter(layout.nameCol)!,
      ...(layout.seqCol !== undefined ? { seq: letter(layout.seqCol) } : {}),
      ...(layout.codeCol !== undefined ? { code: letter(layout.codeCol) } : {}),
      ...(layout.totalHoursCol !== undefined ? { totalHours: letter(layout.totalHoursCol) } : {}),
      ...(layout.creditsCol !== undefined ? { credits: letter(layout.creditsCol) } : {}),
      ...(layout.practiceCol !== undefined ? { practiceHours: letter(layout.practiceCol) } : {}),
    },
    headerRows: [layout.top + origin, layout.bottom + origin],
    dataRows: [layout.bottom + 1 + origin, result.lastRow + origin],
    notes: [...notes, ...body.notes, ...tableNotes],
    ...(layout.summer.length ? { summerTerms: layout.summer.map((t) => ({ label: t.label, afterSemester: t.afterSemester, column: letter(t.col)! })) } : {}),
    confidence: Math.max(0, confidence),
  };
  plan.notes.push(...auditTable(view, plan));
  return plan;
}

function decideMode(layout: HeaderLayout): SemesterMode {
  if (layout.modeHint === 'weekly') return 'weekly';
  const kinds = layout.semesters.flatMap((g) => g.columns.map((c) => c.kind));
  if (kinds.includes('weekly') && !kinds.includes('hours')) return 'weekly';
  if (kinds.includes('credits')) return 'pair';
  return 'hours';
}

/** Single unlabelled semester columns: weekly hours when Σ w·weeks matches totals better than Σ w. */
function looksWeekly(courses: Plan['courses'], weekVectors: number[][]): boolean {
  let asHours = 0;
  let asWeekly = 0;
  for (const c of courses) {
    if (!c.totalHours) continue;
    const plain = c.placements.filter((p) => p !== null && (p.shape === undefined || p.shape === 'hours'));
    if (plain.length === 0) continue;
    const sum = c.placements.reduce((s, p) => s + (p && p.shape !== 'block' ? p.hours : 0), 0);
    if (Math.abs(sum - c.totalHours.value) < 0.5) asHours++;
    else if (weekVectors.some((w) => Math.abs(c.placements.reduce((s, p, i) => s + (!p || p.shape === 'block' ? 0 : p.shape === 'term' ? p.hours : p.hours * w[i]), 0) - c.totalHours!.value) < 0.5)) asWeekly++;
  }
  return asWeekly > asHours;
}

export interface WorkbookRead {
  /** The plan: the main course table with every other part of the workbook combined into it. */
  chosen: ReadSuccess | null;
  /** Every sheet's outcome as a course table, in workbook order. */
  sheets: ReadResult[];
  /** What each sheet was taken as, and why. */
  info: SheetInfo[];
}

export type { CombineOptions } from './workbook';

/**
 * Reads the workbook as one plan: course tables on every sheet, practice tables in weeks and the
 * teaching calendar combined; summaries and catalogues recognised and not counted.
 */
export function readWorkbook(grids: Grid[], options: CombineOptions = {}): WorkbookRead {
  return combineWorkbook(grids, options, readPlan);
}
