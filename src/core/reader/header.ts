/** Finding the course table's header and what each column holds. */

import { columnIndex } from '../grid';
import type { SemesterMode } from '../plan';
import { parseOrdinal } from '../text';
import {
  CATEGORY_HEADER,
  CODE_HEADER,
  CREDITS_HEADER,
  HOURS_HEADER,
  KIND_HEADER,
  NAME_HEADER,
  NOTE_COLUMN,
  PRACTICE_HEADER,
  SEMESTER_BLOCK,
  SEQ_HEADER,
  SUMMER_TERM,
  THEORY_HEADER,
  WEEKLY_HEADER,
  WEEKS_LABEL,
  isHeaderToken,
  semesterOf,
} from './labels';
import type { SheetView } from './sheet';

export type SemesterCellKind = 'hours' | 'credits' | 'weekly' | 'unknown';

export interface SemesterColumn {
  col: number;
  kind: SemesterCellKind;
  weeks?: number;
  weeksAddress?: string;
}

export interface SemesterGroup {
  label: string;
  columns: SemesterColumn[];
}

export interface HeaderLayout {
  top: number;
  bottom: number;
  nameCol: number;
  categoryCols: number[];
  seqCol?: number;
  codeCol?: number;
  totalHoursCol?: number;
  creditsCol?: number;
  practiceCol?: number;
  theoryCol?: number;
  semesters: SemesterGroup[];
  /** Summer-term columns (暑假学期) between semesters. */
  summer: { col: number; label: string; afterSemester: number }[];
  modeHint?: SemesterMode;
}

/** Explicit column roles, overriding detection (letters as in the sheet). */
export interface ColumnMapping {
  headerRow?: number; // 1-based sheet row of the header's first row
  headerRows?: number;
  name?: string;
  category?: string[];
  seq?: string;
  totalHours?: string;
  credits?: string;
  practiceHours?: string;
  /** One entry per semester: the columns holding its hours/credits/weekly hours. */
  semesters?: { hours?: string; credits?: string; weekly?: string }[];
}

/** Grid rows that look like the top row of a course-table header. */
export function headerCandidates(view: SheetView): number[] {
  const out: number[] = [];
  for (let r = 0; r < view.rows; r++) {
    let name = -1;
    let other = 0;
    for (let c = 0; c < view.cols; c++) {
      const t = view.label(r, c);
      if (!t) continue;
      if (name < 0 && NAME_HEADER.test(t)) name = c;
      else if (HOURS_HEADER.test(t) || CREDITS_HEADER.test(t) || /学期|semester/i.test(t)) other++;
    }
    if (name >= 0 && other > 0 && !view.inheritsFromAbove(r, name)) out.push(r);
  }
  return out;
}

function headerBottom(view: SheetView, top: number, nameCol: number): number {
  const [mr, mc] = view.masterOf(top, nameCol);
  let bottom = top;
  for (let r = top + 1; r < view.rows && r <= top + 4; r++) {
    if (view.masterOf(r, nameCol)[0] === mr && view.masterOf(r, nameCol)[1] === mc) {
      bottom = r;
      continue;
    }
    if (view.ownLabel(r, nameCol) !== '') break;
    let tokens = 0;
    let other = 0;
    for (let c = 0; c < view.cols; c++) {
      const t = view.ownLabel(r, c);
      if (!t) continue;
      if (isHeaderToken(t) || WEEKS_LABEL.test(t) || /^\d{1,2}$/.test(t) || /^[一二三四五六七八九十]{1,3}$/.test(t) || /^[上下]$/.test(t)) tokens++;
      else other++;
    }
    if (tokens > 0 && other === 0) bottom = r;
    else break;
  }
  return bottom;
}

/** One header element above a column: its normalised text, its spaced text (for notations) and row. */
interface HeaderText {
  text: string;
  spaced: string;
  row: number;
}

/** The labels above a column, outermost first, without repeats from merged areas. */
function columnPath(view: SheetView, top: number, bottom: number, c: number): HeaderText[] {
  const path: HeaderText[] = [];
  for (let r = top; r <= bottom; r++) {
    const t = view.label(r, c);
    if (t && (path.length === 0 || path[path.length - 1].text !== t)) path.push({ text: t, spaced: view.spacedLabel(r, c), row: r });
  }
  return path;
}

type ColumnRole = 'note' | 'category' | 'seq' | 'code' | 'kind' | 'practice' | 'theory' | 'totalHours' | 'credits';

/** What a column's header says, as the role table reads it. */
interface ColumnHeading {
  texts: string[];
  joined: string;
  last: string;
  leftOfName: boolean;
  /** Some column left of the name is headed 课程类别 / 类别 / 模块: then 课程类型 there is a kind, not the category. */
  categoryHeaded: boolean;
}

/**
 * Column roles, in the order they are tried: a column takes the first role whose test passes and
 * that no column holds yet (roles marked `many` may hold several: category levels, notes, kinds).
 */
const COLUMN_ROLES: { role: ColumnRole; many?: boolean; test: (h: ColumnHeading) => boolean }[] = [
  { role: 'note', many: true, test: (h) => h.texts.some((t) => NOTE_COLUMN.test(t)) },
  // Left of the name, 课程类型 is the category (Word plans); right of it, theory/practice kind.
  { role: 'category', many: true, test: (h) => h.leftOfName && (CATEGORY_HEADER.test(h.joined) || (!h.categoryHeaded && /^课程类型$/.test(h.joined))) && !/授课方式|考核方式|考试|考查/.test(h.joined) },
  { role: 'seq', test: (h) => h.texts.some((t) => SEQ_HEADER.test(t)) },
  { role: 'code', test: (h) => CODE_HEADER.test(h.joined) },
  { role: 'kind', many: true, test: (h) => KIND_HEADER.test(h.joined) && !HOURS_HEADER.test(h.joined) },
  { role: 'practice', test: (h) => PRACTICE_HEADER.test(h.last) },
  { role: 'theory', many: true, test: (h) => THEORY_HEADER.test(h.last) },
  { role: 'totalHours', test: (h) => HOURS_HEADER.test(h.joined) && !WEEKLY_HEADER.test(h.joined) },
  { role: 'credits', test: (h) => CREDITS_HEADER.test(h.joined) },
];

function roleOf(h: ColumnHeading, taken: Set<ColumnRole>): ColumnRole | null {
  for (const rule of COLUMN_ROLES) if ((rule.many || !taken.has(rule.role)) && rule.test(h)) return rule.role;
  return null;
}

export function detectHeader(view: SheetView, top: number, mapping?: ColumnMapping): HeaderLayout | null {
  let nameCol = -1;
  for (let c = 0; c < view.cols; c++) if (NAME_HEADER.test(view.label(top, c))) {
    nameCol = c;
    break;
  }
  if (mapping?.name) nameCol = columnIndex(mapping.name) - view.grid.originCol;
  if (nameCol < 0) return null;

  let start = top;
  // A band of years/semesters above the name header (nothing above the name column itself).
  for (let r = top - 1; r >= Math.max(0, top - 2); r--) {
    if (view.label(r, nameCol)) break;
    let semesterish = false;
    for (let c = nameCol + 1; c < view.cols; c++) if (/学年|学期|semester|year/i.test(view.label(r, c))) semesterish = true;
    if (!semesterish) break;
    start = r;
  }
  let bottom = mapping?.headerRows ? top + mapping.headerRows - 1 : headerBottom(view, top, nameCol);
  bottom = Math.min(bottom, view.rows - 1);

  const layout: HeaderLayout = { top: start, bottom, nameCol, categoryCols: [], semesters: [], summer: [] };
  const bareOrdinals = hasOrdinalRun(view, start, bottom, nameCol);
  const groups = new Map<string, SemesterGroup>();
  const taken = new Set<ColumnRole>();
  let weeklyBlock = false;
  let categoryHeaded = false;
  for (let c = 0; c < nameCol; c++) if (CATEGORY_HEADER.test(columnPath(view, start, bottom, c).map((p) => p.text).join('›'))) categoryHeaded = true;

  for (let c = 0; c < view.cols; c++) {
    if (c === nameCol) continue;
    const path = columnPath(view, start, bottom, c);
    if (path.length === 0) continue;
    const texts = path.map((p) => p.text);
    const joined = texts.join('›');
    if (texts.some((t) => NOTE_COLUMN.test(t))) continue;

    if (c > nameCol && texts.some((t) => SUMMER_TERM.test(t)) && !path.some((p) => semesterOf(p.spaced)?.number)) {
      layout.summer.push({ col: c, label: texts[texts.length - 1], afterSemester: groups.size });
      continue;
    }
    const sem = semesterColumn(view, path, c, bareOrdinals);
    if (sem) {
      if (WEEKLY_HEADER.test(joined)) weeklyBlock = true;
      let g = groups.get(sem.key);
      if (!g) {
        g = { label: sem.label, columns: [] };
        groups.set(sem.key, g);
      }
      g.columns.push(sem.column);
      continue;
    }
    const role = roleOf({ texts, joined, last: texts[texts.length - 1], leftOfName: c < nameCol, categoryHeaded }, taken);
    if (!role) continue;
    taken.add(role);
    switch (role) {
      case 'category':
        layout.categoryCols.push(c);
        break;
      case 'seq':
        layout.seqCol = c;
        break;
      case 'code':
        layout.codeCol = c;
        break;
      case 'practice':
        layout.practiceCol = c;
        break;
      case 'theory':
        layout.theoryCol ??= c;
        break;
      case 'totalHours':
        layout.totalHoursCol = c;
        break;
      case 'credits':
        layout.creditsCol = c;
        break;
      case 'note':
      case 'kind':
        break;
    }
  }
  layout.semesters = [...groups.values()];
  if (weeklyBlock) layout.modeHint = 'weekly';
  applyWeeksRow(view, layout);
  if (mapping) applyMapping(view, layout, mapping);
  return layout;
}

interface SemesterColumnFound {
  key: string;
  label: string;
  column: SemesterColumn;
}

/** A header row reading 1, 2, 3 … (or 一, 二, 三 …) right of the name column: semesters with no other label. */
function hasOrdinalRun(view: SheetView, top: number, bottom: number, nameCol: number): boolean {
  for (let r = top; r <= bottom; r++) {
    let expect = 1;
    for (let c = nameCol + 1; c < view.cols; c++) {
      const n = parseOrdinal(view.label(r, c));
      if (n === expect) expect++;
      else if (n !== null && n === expect - 1) continue; // a merged pair repeats its number
    }
    if (expect > 2) return true;
  }
  return false;
}

/** Semesters numbered within their year band (第二学年 › 第一学期) become the plan's own numbers. */
function inYear(n: number, year: number | undefined): number {
  return year && n <= 2 ? (year - 1) * 2 + n : n;
}

function semesterColumn(view: SheetView, path: HeaderText[], c: number, bareOrdinals = false): SemesterColumnFound | null {
  let number: number | null = null;
  let year: number | undefined;
  let weeks: number | undefined;
  let weeksAddress: string | undefined;
  let label = '';
  let inBlock = bareOrdinals;
  const rest: string[] = [];
  for (const p of path) {
    const s = semesterOf(p.spaced);
    if (s && s.number !== null && number === null) {
      number = inYear(s.number, year);
      label = p.spaced;
      if (s.rest) rest.push(s.rest);
      if (s.weeks) {
        weeks = s.weeks;
        weeksAddress = view.address(p.row, c);
      }
      continue;
    }
    if (s && s.year) {
      year = s.year;
      inBlock = true;
      continue;
    }
    if (SEMESTER_BLOCK.test(p.text) && number === null && !HOURS_HEADER.test(p.text.replace(/课时分配|学时分配/, ''))) {
      inBlock = true;
      if (WEEKLY_HEADER.test(p.text)) rest.push(p.text);
      continue;
    }
    if ((inBlock || year) && number === null && (parseOrdinal(p.text) !== null || /^[上下]$/.test(p.text))) {
      number = inYear(parseOrdinal(p.text) ?? (p.text === '上' ? 1 : 2), year);
      label = year ? `${year}-${p.text}` : p.text;
      continue;
    }
    if (number !== null && weeks === undefined && /^\d{1,2}(周|w)?$/i.test(p.text)) {
      weeks = Number(p.text.replace(/周|w/i, ''));
      weeksAddress = view.address(p.row, c);
      continue;
    }
    rest.push(p.text);
  }
  if (number === null) return null;
  const sub = rest.join('');
  let kind: SemesterCellKind = 'unknown';
  if (WEEKLY_HEADER.test(sub)) kind = 'weekly';
  else if (CREDITS_HEADER.test(sub)) kind = 'credits';
  else if (HOURS_HEADER.test(sub)) kind = 'hours';
  else if (/周数|weeks/i.test(sub)) return null;
  return { key: `s${number}`, label, column: { col: c, kind, weeks, weeksAddress } };
}

/** A header row labelled 周数/教学周 (or a row of small numbers under the semesters) gives the weeks. */
function applyWeeksRow(view: SheetView, layout: HeaderLayout): void {
  for (let r = layout.top; r <= layout.bottom + 1 && r < view.rows; r++) {
    let labelled = false;
    for (let c = 0; c < view.cols; c++) if (WEEKS_LABEL.test(view.ownLabel(r, c))) labelled = true;
    if (!labelled) continue;
    for (const g of layout.semesters) {
      for (const col of g.columns) {
        const n = view.number(r, col.col);
        if (n.kind === 'number' && n.value > 0 && n.value <= 30 && col.weeks === undefined) {
          col.weeks = n.value;
          col.weeksAddress = view.address(r, col.col);
        }
      }
    }
    if (r > layout.bottom) layout.bottom = r;
  }
}

function applyMapping(view: SheetView, layout: HeaderLayout, m: ColumnMapping): void {
  const idx = (letter: string) => columnIndex(letter) - view.grid.originCol;
  if (m.category) layout.categoryCols = m.category.map(idx);
  if (m.seq) layout.seqCol = idx(m.seq);
  if (m.totalHours) layout.totalHoursCol = idx(m.totalHours);
  if (m.credits) layout.creditsCol = idx(m.credits);
  if (m.practiceHours) layout.practiceCol = idx(m.practiceHours);
  if (m.semesters) {
    layout.semesters = m.semesters.map((s, i) => {
      const columns: SemesterColumn[] = [];
      if (s.hours) columns.push({ col: idx(s.hours), kind: 'hours' });
      if (s.credits) columns.push({ col: idx(s.credits), kind: 'credits' });
      if (s.weekly) columns.push({ col: idx(s.weekly), kind: 'weekly' });
      const prev = layout.semesters[i]?.columns.find((c) => c.weeks !== undefined);
      if (prev) for (const c of columns) [c.weeks, c.weeksAddress] = [prev.weeks, prev.weeksAddress];
      return { label: String(i + 1), columns };
    });
  }
}
