/**
 * Layout variants: a real plan's workbook rewritten into the other forms schools write the same plan
 * in — semester header notations, year bands, vacation columns, weekly hours / hours / (hours,
 * credits), merged or repeated categories, column orders, blank spacer rows and columns, labelled and
 * unlabelled sub-totals, elective groups with their semesters on the group row or on an option row,
 * directions labelled on a row of their own. Every rewrite keeps the plan: read back, a variant must
 * give the same courses, hours per semester, categories and groups as its original.
 *
 * The generator works from the original's structure as the reader found it (which rows are courses,
 * which columns semesters), and tracks every row and column through each rewrite, so a rewrite never
 * asks the reader under test where things are. Formulas in every sheet follow the cells they refer to.
 */
import type { Cell, CellValue, Grid, Merge } from '../../src/core/grid';
import { columnIndex, columnLetter } from '../../src/core/grid';
import type { Course, Plan } from '../../src/core/plan';
import { splitAddress } from '../../src/core/plan';
import { semesterOf } from '../../src/core/reader/labels';
import { normLabel, parseOrdinal, parseSemesterCell, spacedText } from '../../src/core/text';

export type Rng = () => number;

const pickOf = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

/** Where the parts of one course table are, as 0-based grid rows and columns. */
export interface Layout {
  sheet: string;
  headerTop: number;
  headerBottom: number;
  bodyEnd: number;
  nameCol: number;
  categoryCols: number[];
  seqCol?: number;
  codeCol?: number;
  /** Per semester: its hours (or weekly hours) column and its credits column. */
  semesters: { hours?: number; credits?: number; label: { r: number; c: number } | null; weeks: number; loadWeeks: number }[];
  summerCols: number[];
  /** A row of teaching weeks under the header (教学周数), when the table has one. */
  weeksRow?: number;
  /** The header has a band of years (第一学年 …) above its semesters. */
  yearBand?: boolean;
  mode: 'hours' | 'weekly' | 'pair';
  courseRows: number[];
  aggregates: { row: number; kind: 'subtotal' | 'total' | 'ratio'; label: string; labelCol: number; measure: string; groupMembers?: number[]; slot?: boolean }[];
  directions: { top: string; subs: { label: string; cell: { r: number; c: number } | null; rows: number[] }[] }[];
}

export interface Workbook {
  grids: Grid[];
  layout: Layout;
}

// ---------------------------------------------------------------------------------------------
// Structure of the original, from its read plan.

const colOf = (letter: string | undefined, g: Grid) => (letter === undefined ? undefined : columnIndex(letter) - g.originCol);
const cellOf = (address: string, g: Grid) => {
  const local = splitAddress(address).address;
  const m = /^([A-Z]+)(\d+)$/.exec(local);
  return m ? { r: Number(m[2]) - 1 - g.originRow, c: columnIndex(m[1]) - g.originCol } : null;
};

/** The structure of the course table on `sheet` of a workbook read as `plan` (a part or the main sheet). */
export function layoutOf(grids: Grid[], sheet: string, plan: Plan, part?: Plan): Layout {
  const g = grids.find((x) => x.sheet === sheet)!;
  const own = part ?? plan;
  const courses = plan.courses.filter((c) => (c.sheet ?? plan.sheet) === sheet && c.row >= 0 && c.source !== 'choice-group' && c.source !== 'practice-table');
  const semesters = own.semesters.map((s) => {
    const hours = colOf(s.hoursColumn ?? s.weeklyColumn, g);
    const credits = colOf(s.creditsColumn, g);
    return { hours, credits, label: semesterLabelCell(g, own.headerRows[0] - g.originRow, own.headerRows[1] - g.originRow, hours ?? credits!, s.index), weeks: s.weeks, loadWeeks: s.courseWeeks ?? s.weeks };
  });
  const weeksCell = own.semesters.find((s) => s.weeksCell)?.weeksCell;
  const weeksAt = weeksCell ? cellOf(weeksCell, g) : null;
  const labelRows = new Set(semesters.map((s) => s.label?.r));
  const aggregates = plan.aggregates
    .filter((a) => (a.sheet ?? plan.sheet) === sheet)
    .map((a) => {
      const members = plan.courses.filter((c) => a.definesGroup && c.group !== undefined && splitAddress(c.group).address === splitAddress(a.labelCell).address && (c.sheet ?? plan.sheet) === sheet && c.source !== 'choice-group');
      // A group taught when its sub-total row says, its options left without semesters.
      const slot = plan.courses.some((c) => c.source === 'choice-group' && c.row === a.row && (c.sheet ?? plan.sheet) === sheet) && members.every((c) => c.placements.every((p) => p === null));
      return {
        row: a.row - g.originRow,
        kind: a.kind,
        label: a.label,
        labelCol: cellOf(a.labelCell, g)!.c,
        measure: a.measure,
        ...(a.definesGroup ? { groupMembers: members.map((c) => c.row - g.originRow) } : {}),
        ...(slot ? { slot } : {}),
      };
    });
  const directions: Layout['directions'] = [];
  for (const c of courses) {
    if (!c.group?.includes('›')) continue;
    const [top, sub] = c.group.split('›');
    let d = directions.find((x) => x.top === top);
    if (!d) directions.push((d = { top, subs: [] }));
    let s = d.subs.find((x) => x.label === sub);
    if (!s) d.subs.push((s = { label: sub, cell: null, rows: [] }));
    s.rows.push(c.row - g.originRow);
    if (!s.cell && c.categoryCell && c.categoryPath[c.categoryPath.length - 1] === sub) s.cell = cellOf(c.categoryCell, g);
  }
  return {
    sheet,
    headerTop: own.headerRows[0] - g.originRow,
    headerBottom: own.headerRows[1] - g.originRow,
    bodyEnd: own.dataRows[1] - g.originRow,
    nameCol: colOf(own.columns.name, g)!,
    categoryCols: own.columns.category.map((l) => colOf(l, g)!),
    ...(own.columns.seq ? { seqCol: colOf(own.columns.seq, g) } : {}),
    ...(own.columns.code ? { codeCol: colOf(own.columns.code, g) } : {}),
    semesters,
    summerCols: (own.summerTerms ?? []).map((t) => colOf(t.column, g)!),
    ...(weeksAt && !labelRows.has(weeksAt.r) ? { weeksRow: weeksAt.r } : {}),
    mode: own.semesterMode,
    courseRows: courses.map((c) => c.row - g.originRow),
    aggregates,
    directions,
  };
}

/** The header cell that names semester `n` above column c (the merge's top-left cell). */
function semesterLabelCell(g: Grid, top: number, bottom: number, c: number, n: number): { r: number; c: number } | null {
  for (let r = top; r <= bottom; r++) {
    const [mr, mc] = masterOf(g, r, c);
    const v = g.cells[mr]?.[mc]?.v;
    const t = spacedText(v ?? null);
    if (!t) continue;
    if (semesterOf(t)?.number === n || parseOrdinal(normLabel(v ?? null)) === n) return { r: mr, c: mc };
  }
  return null;
}

function masterOf(g: Grid, r: number, c: number): [number, number] {
  for (const m of g.merges) if (r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1) return [m.r0, m.c0];
  return [r, c];
}

// ---------------------------------------------------------------------------------------------
// Grid operations: every cell, merge and formula (on every sheet) follows the rows and columns moved.

function cloneGrids(grids: Grid[]): Grid[] {
  return grids.map((g) => ({ ...g, cells: g.cells.map((row) => row.map((c) => (c ? { ...c } : null))), merges: g.merges.map((m) => ({ ...m })) }));
}

function cloneLayout(l: Layout): Layout {
  return structuredClone(l);
}

type Map1 = (i: number) => number | null;

const REF = /((?:'(?:[^']|'')+'|[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*)!)?(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?::(\$?)([A-Z]{1,3})(\$?)(\d{1,7}))?(?![A-Za-z0-9_(])/g;

/** A formula with its references to `target` moved; null when one would point at a deleted cell or break a range apart. */
export function remapFormula(f: string, formulaSheet: string, target: string, g: Grid, mapRow: Map1, mapCol: Map1, permuted = false): string | null {
  let broken = false;
  const out = f.replace(REF, (whole, prefix: string | undefined, d1, c1: string, d2, r1: string, d3, c2: string | undefined, d4, r2: string | undefined, offset: number) => {
    if (offset > 0 && /[A-Za-z0-9_.\u4e00-\u9fff'!$]/.test(f[offset - 1]) && !prefix) return whole;
    const sheet = prefix ? prefix.slice(0, -1).replace(/^'|'$/g, '').replace(/''/g, "'") : formulaSheet;
    if (sheet !== target) return whole;
    const a = { r: Number(r1) - 1 - g.originRow, c: columnIndex(c1) - g.originCol };
    const b = c2 ? { r: Number(r2) - 1 - g.originRow, c: columnIndex(c2) - g.originCol } : a;
    const rows = [Math.min(a.r, b.r), Math.max(a.r, b.r)];
    const cols = [Math.min(a.c, b.c), Math.max(a.c, b.c)];
    const span = (lo: number, hi: number, map: Map1): [number, number] | null => {
      const got: number[] = [];
      for (let i = lo; i <= hi; i++) {
        const m = map(i);
        if (m === null) {
          if (lo === hi) return null;
          continue;
        }
        got.push(m);
      }
      if (got.length === 0) return null;
      const min = Math.min(...got);
      const max = Math.max(...got);
      // A range whose cells are scattered by a permutation cannot be written as one range.
      if (permuted && max - min + 1 !== got.length) return null;
      return [min, max];
    };
    const rr = span(rows[0], rows[1], mapRow);
    const cc = span(cols[0], cols[1], mapCol);
    if (!rr || !cc) {
      broken = true;
      return whole;
    }
    const ref = (r: number, c: number, dc: string, dr: string) => `${dc}${columnLetter(c + g.originCol)}${dr}${r + 1 + g.originRow}`;
    return `${prefix ?? ''}${ref(rr[0], cc[0], d1, d2)}${c2 ? `:${ref(rr[1], cc[1], d3, d4)}` : ''}`;
  });
  return broken ? null : out;
}

/** Moves the cells of `sheet` by the maps (null = deleted); merges and every sheet's formulas follow. */
function remap(grids: Grid[], sheet: string, rows: number, cols: number, mapRow: Map1, mapCol: Map1, permuted = false): Grid[] | null {
  const out = cloneGrids(grids);
  const g = out.find((x) => x.sheet === sheet)!;
  const cells: (Cell | null)[][] = Array.from({ length: rows }, () => new Array(cols).fill(null));
  g.cells.forEach((row, r) => {
    const nr = mapRow(r);
    if (nr === null) return;
    row.forEach((cell, c) => {
      const nc = mapCol(c);
      if (nc === null || !cell) return;
      cells[nr][nc] = cell;
    });
  });
  const merges: Merge[] = [];
  for (const m of g.merges) {
    const rs: number[] = [];
    const cs: number[] = [];
    for (let r = m.r0; r <= m.r1; r++) {
      const x = mapRow(r);
      if (x !== null) rs.push(x);
    }
    for (let c = m.c0; c <= m.c1; c++) {
      const x = mapCol(c);
      if (x !== null) cs.push(x);
    }
    if (rs.length === 0 || cs.length === 0) continue;
    const nm = { r0: Math.min(...rs), r1: Math.max(...rs), c0: Math.min(...cs), c1: Math.max(...cs) };
    // A permutation must keep a merge's cells together; an insertion widens it, a deletion narrows it.
    if (permuted && (nm.r1 - nm.r0 + 1 !== rs.length || nm.c1 - nm.c0 + 1 !== cs.length)) return null;
    // The merge's value lives in its top-left cell, wherever the old one went.
    const master = cells[mapRow(m.r0) ?? nm.r0]?.[mapCol(m.c0) ?? nm.c0] ?? null;
    if (master && (mapRow(m.r0) !== nm.r0 || mapCol(m.c0) !== nm.c0)) {
      cells[mapRow(m.r0)!][mapCol(m.c0)!] = null;
      cells[nm.r0][nm.c0] = master;
    }
    if (nm.r0 !== nm.r1 || nm.c0 !== nm.c1) merges.push(nm);
  }
  g.cells = cells;
  g.merges = merges;
  for (const other of out)
    for (const row of other.cells)
      for (const cell of row) {
        if (!cell?.f) continue;
        const f = remapFormula(cell.f, other.sheet, sheet, grids.find((x) => x.sheet === sheet)!, mapRow, mapCol, permuted);
        if (f === null) return null;
        cell.f = f;
      }
  return out;
}

function width(g: Grid): number {
  return Math.max(0, ...g.cells.map((r) => r.length));
}

const gridOf = (wb: Workbook) => wb.grids.find((g) => g.sheet === wb.layout.sheet)!;

function mapLayout(l: Layout, mapRow: (i: number) => number, mapCol: (i: number) => number): Layout {
  const m = cloneLayout(l);
  m.headerTop = mapRow(l.headerTop);
  m.headerBottom = mapRow(l.headerBottom);
  m.bodyEnd = mapRow(l.bodyEnd);
  m.nameCol = mapCol(l.nameCol);
  m.categoryCols = l.categoryCols.map(mapCol);
  if (l.seqCol !== undefined) m.seqCol = mapCol(l.seqCol);
  if (l.codeCol !== undefined) m.codeCol = mapCol(l.codeCol);
  m.semesters = l.semesters.map((s) => ({
    ...s,
    ...(s.hours !== undefined ? { hours: mapCol(s.hours) } : {}),
    ...(s.credits !== undefined ? { credits: mapCol(s.credits) } : {}),
    label: s.label ? { r: mapRow(s.label.r), c: mapCol(s.label.c) } : null,
  }));
  m.summerCols = l.summerCols.map(mapCol);
  if (l.weeksRow !== undefined) m.weeksRow = mapRow(l.weeksRow);
  m.courseRows = l.courseRows.map(mapRow);
  m.aggregates = l.aggregates.map((a) => ({ ...a, row: mapRow(a.row), labelCol: mapCol(a.labelCol), ...(a.groupMembers ? { groupMembers: a.groupMembers.map(mapRow) } : {}) }));
  m.directions = l.directions.map((d) => ({ ...d, subs: d.subs.map((s) => ({ ...s, cell: s.cell ? { r: mapRow(s.cell.r), c: mapCol(s.cell.c) } : null, rows: s.rows.map(mapRow) })) }));
  return m;
}

export function insertRows(wb: Workbook, at: number, n = 1): Workbook | null {
  const g = gridOf(wb);
  const f = (r: number) => (r >= at ? r + n : r);
  const grids = remap(wb.grids, wb.layout.sheet, g.cells.length + n, width(g), f, (c) => c);
  if (!grids) return null;
  // The new rows are empty: rows of the same length as their neighbours.
  return { grids, layout: mapLayout(wb.layout, f, (c) => c) };
}

export function insertCols(wb: Workbook, at: number, n = 1): Workbook | null {
  const g = gridOf(wb);
  const f = (c: number) => (c >= at ? c + n : c);
  const grids = remap(wb.grids, wb.layout.sheet, g.cells.length, width(g) + n, (r) => r, f);
  if (!grids) return null;
  return { grids, layout: mapLayout(wb.layout, (r) => r, f) };
}

function deleteCols(wb: Workbook, cols: number[]): Workbook | null {
  const g = gridOf(wb);
  const gone = new Set(cols);
  const f = (c: number) => (gone.has(c) ? null : c - cols.filter((x) => x < c).length);
  const grids = remap(wb.grids, wb.layout.sheet, g.cells.length, width(g) - gone.size, (r) => r, f);
  if (!grids) return null;
  const layout = mapLayout(wb.layout, (r) => r, (c) => f(c) ?? -1);
  layout.semesters.forEach((s, i) => {
    if (wb.layout.semesters[i].credits !== undefined && gone.has(wb.layout.semesters[i].credits!)) delete s.credits;
  });
  return { grids, layout };
}

function permuteCols(wb: Workbook, order: number[]): Workbook | null {
  // order[k] = the old column now at position k (only columns listed move; others stay).
  const pos = new Map<number, number>();
  const sorted = [...order].sort((a, b) => a - b);
  order.forEach((oldCol, k) => pos.set(oldCol, sorted[k]));
  const f = (c: number) => pos.get(c) ?? c;
  // Title rows above the table merge across it whatever the order: they are laid out again after.
  const before = cloneGrids(wb.grids);
  const g0 = before.find((x) => x.sheet === wb.layout.sheet)!;
  const titles = g0.merges.filter((m) => m.r1 < wb.layout.headerTop);
  g0.merges = g0.merges.filter((m) => !titles.includes(m));
  const grids = remap(before, wb.layout.sheet, g0.cells.length, width(g0), (r) => r, f, true);
  if (!grids) return null;
  const g = grids.find((x) => x.sheet === wb.layout.sheet)!;
  for (const m of titles) {
    const cols = Array.from({ length: m.c1 - m.c0 + 1 }, (_, i) => f(m.c0 + i));
    const c0 = Math.min(...cols);
    const moved = g.cells[m.r0]?.[f(m.c0)] ?? null;
    if (g.cells[m.r0]) g.cells[m.r0][f(m.c0)] = null;
    if (g.cells[m.r0]) g.cells[m.r0][c0] = moved;
    g.merges.push({ r0: m.r0, r1: m.r1, c0, c1: Math.max(...cols) });
  }
  return { grids, layout: mapLayout(wb.layout, (r) => r, f) };
}

function setCell(wb: Workbook, r: number, c: number, v: CellValue | undefined): void {
  const g = gridOf(wb);
  while (g.cells.length <= r) g.cells.push([]);
  const row = g.cells[r];
  while (row.length <= c) row.push(null);
  row[c] = v === undefined || v === null || v === '' ? null : { v };
}

const cellAt = (wb: Workbook, r: number, c: number): Cell | null => gridOf(wb).cells[r]?.[c] ?? null;

// ---------------------------------------------------------------------------------------------
// Rewrites. Each returns a new workbook, or null where it does not apply to this plan.

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

export const NOTATIONS = ['word', 'space', 'cn-weeks', 'cn', 'num', 'S', 'Semester', 'bare-cn', 'bare-num'] as const;
export type Notation = (typeof NOTATIONS)[number];

function notation(n: Notation, i: number, weeks: number): string {
  switch (n) {
    case 'word':
      return `${i}（${weeks}w）`;
    case 'space':
      return `${i} ${weeks}w`;
    case 'cn-weeks':
      return `第${CN[i - 1]}学期(${weeks}周)`;
    case 'cn':
      return `第${CN[i - 1]}学期`;
    case 'num':
      return `第${i}学期`;
    case 'S':
      return `S${i}`;
    case 'Semester':
      return `Semester ${i}`;
    case 'bare-cn':
      return CN[i - 1];
    case 'bare-num':
      return String(i);
  }
}

const withWeeks = (n: Notation) => n === 'word' || n === 'space' || n === 'cn-weeks';

/** Semester headers in another notation; weeks that only the old labels carried go to a weeks row. */
export function relabelSemesters(wb: Workbook, n: Notation): Workbook | null {
  const { layout } = wb;
  if (layout.semesters.some((s) => !s.label)) return null;
  const rows = new Set(layout.semesters.map((s) => s.label!.r));
  // Bare numbers need a heading above them that says they are semesters, or a run on one row.
  if ((n === 'bare-cn' || n === 'bare-num') && (rows.size !== 1 || layout.semesters.length < 2)) return null;
  const weeksInLabels = layout.semesters.some((s) => semesterOf(spacedText(cellAt(wb, s.label!.r, s.label!.c)?.v ?? null))?.weeks !== undefined);
  let out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(layout) };
  for (const [i, s] of out.layout.semesters.entries()) setCell(out, s.label!.r, s.label!.c, notation(n, i + 1, s.weeks));
  if (weeksInLabels && !withWeeks(n) && out.layout.weeksRow === undefined) {
    const at = out.layout.headerBottom + 1;
    const next = insertRows(out, at);
    if (!next) return null;
    out = next;
    setCell(out, at, out.layout.nameCol, '教学周数');
    for (const s of out.layout.semesters) setCell(out, at, (s.hours ?? s.credits)!, s.weeks);
    out.layout.weeksRow = at;
    out.layout.headerBottom = at;
  }
  return out;
}

/** A band of years (第一学年 …) above the semester labels; semesters may then be numbered within their year. */
export function yearBand(wb: Workbook, local: boolean): Workbook | null {
  const { layout } = wb;
  if (layout.yearBand || layout.semesters.some((s) => !s.label) || new Set(layout.semesters.map((s) => s.label!.r)).size !== 1) return null;
  const at = layout.semesters[0].label!.r;
  const out = insertRows(wb, at);
  if (!out) return null;
  const sems = out.layout.semesters;
  for (let y = 0; y * 2 < sems.length; y++) {
    const first = sems[y * 2];
    const last = sems[Math.min(y * 2 + 1, sems.length - 1)];
    const c0 = Math.min(first.hours ?? first.credits!, first.credits ?? Infinity);
    const c1 = Math.max(last.hours ?? 0, last.credits ?? 0);
    setCell(out, at, c0, `第${CN[y]}学年`);
    if (c1 > c0) gridOf(out).merges.push({ r0: at, c0, r1: at, c1 });
    if (local) {
      for (const [k, s] of [first, last].entries()) {
        if (k === 1 && last === first) continue;
        const old = spacedText(cellAt(out, s.label!.r, s.label!.c)?.v ?? null);
        const parsed = semesterOf(old);
        setCell(out, s.label!.r, s.label!.c, parsed?.weeks !== undefined ? `第${CN[k]}学期(${parsed.weeks}周)` : `第${CN[k]}学期`);
      }
    }
  }
  out.layout.headerTop = Math.min(out.layout.headerTop, at);
  out.layout.yearBand = true;
  return out;
}

/** An empty vacation column (假, 暑假, 寒假) after semester k (0 = before the first). */
export function vacationColumn(wb: Workbook, k: number, label: string): Workbook | null {
  const { layout } = wb;
  const s = layout.semesters[k - 1];
  const first = layout.semesters[0];
  if (!first.label) return null;
  const at = k === 0 ? Math.min(first.hours ?? Infinity, first.credits ?? Infinity) : Math.max(s.hours ?? -1, s.credits ?? -1) + 1;
  const out = insertCols(wb, at);
  if (!out) return null;
  setCell(out, first.label.r, at, label);
  // Taller semester headers: the vacation label spans the semester label and the rows below it.
  const below = out.layout.headerBottom;
  if (below > first.label.r && out.layout.weeksRow !== below) gridOf(out).merges.push({ r0: first.label.r, c0: at, r1: below, c1: at });
  out.layout.summerCols.push(at);
  return out;
}

/** Existing vacation columns relabelled 假. */
export function relabelVacations(wb: Workbook, label: string): Workbook | null {
  if (wb.layout.summerCols.length === 0) return null;
  const out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  const g = gridOf(out);
  for (const c of out.layout.summerCols) {
    for (let r = out.layout.headerTop; r <= out.layout.headerBottom; r++) {
      const [mr, mc] = masterOf(g, r, c);
      if (mc !== c) continue;
      const t = normLabel(g.cells[mr]?.[mc]?.v ?? null);
      if (/暑|寒|假/.test(t)) setCell(out, mr, mc, label);
    }
  }
  return out;
}

/** A blank row in the body (or just above it), or a blank column anywhere. */
export function spacerRow(wb: Workbook, rng: Rng): Workbook | null {
  const { layout } = wb;
  const candidates = [layout.headerBottom + 1, ...layout.courseRows.slice(1), ...layout.aggregates.map((a) => a.row)].filter((r) => r > layout.headerBottom);
  return insertRows(wb, pickOf(rng, candidates));
}

export function spacerCol(wb: Workbook, rng: Rng): Workbook | null {
  const w = width(gridOf(wb));
  return insertCols(wb, 1 + Math.floor(rng() * w));
}

/** Category labels merged down, written on every row, or written once and left blank below. */
export function categoryStyle(wb: Workbook, style: 'repeat' | 'first' | 'merge'): Workbook | null {
  const out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  const g = gridOf(out);
  const { layout } = out;
  const top = layout.headerBottom + 1;
  const end = layout.bodyEnd;
  let changed = false;
  for (const [level, c] of layout.categoryCols.entries()) {
    if (style === 'merge') {
      // Runs of a label and the blanks below it (within the outer label's run) become one merge.
      for (let r = top; r <= end; r++) {
        const v = cellAt(out, r, c)?.v;
        if (v === null || v === undefined || inMerge(g, r, c)) continue;
        let r1 = r;
        while (r1 + 1 <= end && !cellAt(out, r1 + 1, c) && !inMerge(g, r1 + 1, c) && !outerChanges(out, layout.categoryCols.slice(0, level), r1 + 1) && !isGrandRow(out, r1 + 1)) r1++;
        if (r1 > r) {
          g.merges.push({ r0: r, c0: c, r1, c1: c });
          changed = true;
        }
        r = r1;
      }
      continue;
    }
    for (const m of [...g.merges]) {
      if (m.c0 !== c || m.c1 !== c || m.r0 < top || m.r0 > end || m.r1 === m.r0) continue;
      g.merges.splice(g.merges.indexOf(m), 1);
      const v = cellAt(out, m.r0, c)?.v;
      if (style === 'repeat') for (let r = m.r0 + 1; r <= m.r1; r++) setCell(out, r, c, v);
      changed = true;
    }
  }
  return changed ? out : null;
}

function inMerge(g: Grid, r: number, c: number): boolean {
  return g.merges.some((m) => r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1);
}

function outerChanges(wb: Workbook, outer: number[], r: number): boolean {
  const g = gridOf(wb);
  return outer.some((c) => {
    const [mr] = masterOf(g, r, c);
    return mr === r && !!cellAt(wb, r, c);
  });
}

function isGrandRow(wb: Workbook, r: number): boolean {
  return wb.layout.aggregates.some((a) => a.row === r && a.kind === 'total');
}

/** The columns left of the semesters in another order (category columns stay left of the name). */
export function columnOrder(wb: Workbook, rng: Rng): Workbook | null {
  const { layout } = wb;
  const g = gridOf(wb);
  const firstSem = Math.min(...layout.semesters.flatMap((s) => [s.hours, s.credits]).filter((x): x is number => x !== undefined), ...layout.summerCols);
  // Blocks: columns tied together by a merge that does not span the whole region (title rows aside).
  const parent = Array.from({ length: firstSem }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const m of g.merges) {
    if (m.r1 < layout.headerTop || m.c0 >= firstSem) continue;
    if (m.c0 <= 0 && m.c1 >= firstSem - 1) continue;
    if (m.c1 >= firstSem) return null;
    for (let c = m.c0 + 1; c <= m.c1; c++) parent[find(c)] = find(m.c0);
  }
  const blocks = new Map<number, number[]>();
  for (let c = 0; c < firstSem; c++) blocks.set(find(c), [...(blocks.get(find(c)) ?? []), c]);
  const list = [...blocks.values()];
  const isCat = (b: number[]) => b.some((c) => layout.categoryCols.includes(c));
  const nameBlock = list.find((b) => b.includes(layout.nameCol))!;
  const cats = list.filter((b) => isCat(b) && b !== nameBlock);
  const others = list.filter((b) => !isCat(b) && b !== nameBlock);
  // Shuffle: category blocks first (in their order), then the rest around the name in any order.
  const rest = [...others, nameBlock];
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  const order = [...cats, ...rest].flat();
  if (order.every((c, i) => c === i)) return null;
  return permuteCols(wb, order);
}

/** Sub-total rows written without a label (小计 left out), or labelled another way. */
export function subtotalLabels(wb: Workbook, style: 'none' | 'spaced' | 'named'): Workbook | null {
  const out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  let changed = false;
  for (const a of out.layout.aggregates) {
    if (a.kind !== 'subtotal' || !/小\s*计$/.test(a.label)) continue;
    // A row that only says it holds credits cannot lose its label: nothing else would tell.
    if (a.measure === 'credits') continue;
    const cell = cellAt(out, a.row, a.labelCol);
    if (!cell || normLabel(cell.v) !== a.label) continue;
    setCell(out, a.row, a.labelCol, style === 'none' ? undefined : style === 'spaced' ? '小　　计' : '学时小计');
    changed = true;
  }
  return changed ? out : null;
}

/** An elective group whose semesters stand on its sub-total row gets them on its first option row instead. */
export function groupSemestersOnOption(wb: Workbook): Workbook | null {
  const out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  let changed = false;
  for (const a of out.layout.aggregates) {
    if (!a.slot || !a.groupMembers?.length) continue;
    const first = Math.min(...a.groupMembers);
    for (const s of out.layout.semesters) {
      for (const c of [s.hours, s.credits]) {
        if (c === undefined) continue;
        const cell = cellAt(out, a.row, c);
        if (!cell || cellAt(out, first, c)) continue;
        gridOf(out).cells[first][c] = cell.f ? { v: cell.v } : { ...cell };
        setCell(out, a.row, c, undefined);
        changed = true;
      }
    }
  }
  return changed ? out : null;
}

/** Directions labelled on a row of their own above their courses, in a column left of the names or across them. */
export function directionHeadings(wb: Workbook, where: 'name' | 'seq' | 'code' | 'across'): Workbook | null {
  let out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  if (out.layout.directions.length === 0) return null;
  const col = where === 'name' ? out.layout.nameCol : where === 'seq' ? out.layout.seqCol : where === 'code' ? out.layout.codeCol : out.layout.nameCol;
  if (col === undefined) return null;
  // Work from the last direction up, so earlier rows keep their places.
  const subs = out.layout.directions.flatMap((d, di) => d.subs.map((s, si) => ({ di, si, first: Math.min(...s.rows) }))).sort((a, b) => b.first - a.first);
  for (const { di, si } of subs) {
    const s = out.layout.directions[di].subs[si];
    if (!s.cell) return null;
    const g = gridOf(out);
    // The label leaves its category cell (and its merge), and every row it was repeated on.
    const m = g.merges.find((x) => x.r0 === s.cell!.r && x.c0 === s.cell!.c);
    if (m) g.merges.splice(g.merges.indexOf(m), 1);
    const last = Math.max(...s.rows, ...out.layout.aggregates.filter((a) => a.row > Math.max(...s.rows)).map((a) => a.row).slice(0, 1));
    for (let r = s.cell.r; r <= last; r++) if (normLabel(cellAt(out, r, s.cell.c)?.v ?? null) === s.label) setCell(out, r, s.cell.c, undefined);
    const at = Math.min(...s.rows);
    const next = insertRows(out, at);
    if (!next) return null;
    out = next;
    // The heading belongs to its category: a category cell that started on the first course starts on the heading.
    const gg = gridOf(out);
    for (const c of out.layout.categoryCols) {
      const m = gg.merges.find((x) => x.r0 === at + 1 && x.c0 <= c && c <= x.c1);
      const v = gg.cells[at + 1]?.[c] ?? null;
      if (m) m.r0 = at;
      else if (!v) continue;
      else gg.merges.push({ r0: at, c0: c, r1: at + 1, c1: c });
      if (v) {
        gg.cells[at][c] = v;
        gg.cells[at + 1][c] = null;
      }
    }
    setCell(out, at, col, s.label);
    if (where === 'across') {
      const cats = out.layout.categoryCols;
      const c0 = cats.length ? Math.max(...cats) + 1 : 0;
      const c1 = Math.max(out.layout.nameCol, c0);
      if (c1 > c0) {
        setCell(out, at, out.layout.nameCol, undefined);
        setCell(out, at, c0, s.label);
        gridOf(out).merges.push({ r0: at, c0, r1: at, c1 });
      }
    }
  }
  return out;
}

/**
 * The semester cells in another layout: weekly hours ↔ hours, (hours, credits) pairs → hours, hours →
 * (hours, credits). Weekly hours are hours ÷ the weeks the original counted them over.
 */
export function semesterLayout(wb: Workbook, to: 'hours' | 'weekly' | 'pair', plan: Plan): Workbook | null {
  const { layout } = wb;
  if (layout.mode === to) return null;
  if (layout.mode === 'pair' && to === 'hours') return pairToHours(wb);
  if (layout.mode === 'weekly' && to === 'hours') return unmarkWeekly(convertCells(wb, plan, 'to-hours'));
  if (layout.mode !== 'weekly' && to === 'weekly') {
    const base = layout.mode === 'pair' ? pairToHours(wb) : wb;
    return base && markWeekly(convertCells(base, plan, 'to-weekly'));
  }
  if (layout.mode === 'hours' && to === 'pair') return hoursToPair(wb);
  return null;
}

function pairToHours(wb: Workbook): Workbook | null {
  const cols = wb.layout.semesters.map((s) => s.credits).filter((c): c is number => c !== undefined);
  if (cols.length === 0) return null;
  const out = deleteCols(wb, cols);
  if (out) out.layout.mode = 'hours';
  return out;
}

function hoursToPair(wb: Workbook): Workbook | null {
  let out: Workbook | null = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  if (out.layout.semesters.some((s) => !s.label || s.hours === undefined)) return null;
  // A row of sub-labels (学时 / 学分) under the semester labels, unless the header has one.
  const labelRow = out.layout.semesters[0].label!.r;
  const subRow = labelRow + 1;
  if (subRow > out.layout.headerBottom || out.layout.weeksRow === subRow) {
    out = insertRows(out, subRow);
    if (!out) return null;
    out.layout.headerBottom = Math.max(out.layout.headerBottom, subRow);
  }
  for (let i = out.layout.semesters.length - 1; i >= 0; i--) {
    const s: Layout['semesters'][number] = out.layout.semesters[i];
    const at = s.hours! + 1;
    out = insertCols(out, at);
    if (!out) return null;
    const sem = out.layout.semesters[i];
    sem.credits = at;
    setCell(out, subRow, sem.hours!, '学时');
    setCell(out, subRow, at, '学分');
    const g = gridOf(out);
    const m = g.merges.find((x) => x.r0 === sem.label!.r && x.c0 === sem.label!.c);
    if (m) m.c1 = Math.max(m.c1, at);
    else g.merges.push({ r0: sem.label!.r, c0: sem.label!.c, r1: sem.label!.r, c1: at });
    // The fixed columns' own header cells reach down over the new sub-label row.
  }
  out.layout.mode = 'pair';
  return out;
}

/** Hours again: the header no longer says weekly hours (周学时 → 学时) over the semester columns. */
function unmarkWeekly(wb: Workbook | null): Workbook | null {
  if (!wb) return null;
  const g = gridOf(wb);
  const cols = new Set(wb.layout.semesters.flatMap((s) => [s.hours, s.credits]).filter((c): c is number => c !== undefined));
  for (let r = wb.layout.headerTop; r <= wb.layout.headerBottom; r++)
    for (const c of cols) {
      const [mr, mc] = masterOf(g, r, c);
      const cell = g.cells[mr]?.[mc];
      if (cell && typeof cell.v === 'string' && /周学时|周课时/.test(cell.v)) cell.v = cell.v.replace(/周学时|周课时/, '学时');
    }
  return wb;
}

/** Marks the semester block as weekly hours in its header (周学时), as a school would. */
function markWeekly(wb: Workbook | null): Workbook | null {
  if (!wb) return null;
  const g = gridOf(wb);
  const s0 = wb.layout.semesters[0];
  // A sub-label 学时 under each semester becomes 周学时; else the label row says 周学时 after the semester.
  let marked = false;
  for (const s of wb.layout.semesters) {
    if (s.hours === undefined || !s.label) return null;
    for (let r = s.label.r + 1; r <= wb.layout.headerBottom; r++) {
      const t = normLabel(cellAt(wb, r, s.hours)?.v ?? null);
      if (/^(学时|课时)$/.test(t)) {
        setCell(wb, r, s.hours, '周学时');
        marked = true;
      }
    }
  }
  if (!marked) {
    // A heading above the semester labels (各学期学时分配, 年级/学期/学时) says weekly hours.
    const r = s0.label!.r - 1;
    const [mr, mc] = r >= wb.layout.headerTop ? masterOf(g, r, s0.hours!) : [-1, -1];
    if (mr < 0 || !cellAt(wb, mr, mc)) {
      for (const s of wb.layout.semesters) setCell(wb, s.label!.r, s.label!.c, `${spacedText(cellAt(wb, s.label!.r, s.label!.c)?.v ?? null)}周学时`);
    } else setCell(wb, mr, mc, '各学期周学时分配');
  }
  wb.layout.mode = 'weekly';
  return wb;
}

function convertCells(wb: Workbook, plan: Plan, dir: 'to-hours' | 'to-weekly'): Workbook | null {
  const out: Workbook = { grids: cloneGrids(wb.grids), layout: cloneLayout(wb.layout) };
  const g = gridOf(out);
  const byRow = new Map<number, Course>();
  for (const c of plan.courses) if ((c.sheet ?? plan.sheet) === out.layout.sheet && c.row >= 0 && c.source !== 'choice-group') byRow.set(c.row - g.originRow, c);
  const rowsOf = new Map<number, number>(); // current row → original row, in order
  out.layout.courseRows.forEach((r, i) => rowsOf.set(r, originalRows(plan, out.layout.sheet, g)[i]));
  for (const [i, s] of out.layout.semesters.entries()) {
    if (s.hours === undefined) continue;
    const w = s.loadWeeks;
    for (const r of out.layout.courseRows) {
      const cell = cellAt(out, r, s.hours);
      if (!cell) continue;
      const course = byRow.get(rowsOf.get(r) ?? -1);
      const p = course?.placements[i];
      if (!p) {
        // A cell the original did not read as the course's own (a group's semesters moved onto an option row).
        if (typeof cell.v !== 'number') continue;
        gridOf(out).cells[r][s.hours] = { v: Math.round((dir === 'to-hours' ? cell.v * w : cell.v / w) * 1e9) / 1e9 };
        continue;
      }
      if (p.shape === 'block' || p.shape === 'term' || (p.shape === 'weekly' && p.weeks !== undefined)) continue;
      if (typeof cell.v === 'string' && parseSemesterCell(cell.v) === null && !/^\s*[\d.]+\s*$/.test(cell.v)) return null;
      const value = dir === 'to-hours' ? p.hours : p.hours / w;
      gridOf(out).cells[r][s.hours] = { v: Math.round(value * 1e9) / 1e9 };
    }
    for (const a of out.layout.aggregates) {
      const cell = cellAt(out, a.row, s.hours);
      if (!cell) continue;
      if (cell.f) {
        // Formulas over the converted cells: their results are recomputed by whoever reads them.
        gridOf(out).cells[a.row][s.hours] = { v: null, f: cell.f };
        continue;
      }
      const n = typeof cell.v === 'number' ? cell.v : Number(cell.v);
      if (!Number.isFinite(n)) continue;
      gridOf(out).cells[a.row][s.hours] = { v: Math.round((dir === 'to-hours' ? n * w : n / w) * 1e9) / 1e9 };
    }
  }
  out.layout.mode = dir === 'to-hours' ? 'hours' : 'weekly';
  return out;
}

/** The original course rows of the sheet, in order (the layout's courseRows follow them through every rewrite). */
function originalRows(plan: Plan, sheet: string, g: Grid): number[] {
  return plan.courses.filter((c) => (c.sheet ?? plan.sheet) === sheet && c.row >= 0 && c.source !== 'choice-group' && c.source !== 'practice-table').map((c) => c.row - g.originRow);
}

// ---------------------------------------------------------------------------------------------
// The plan a variant must read back to.

export interface PlanShape {
  courses: string[];
  groups: string[];
}

const r6 = (x: number | undefined | null) => (x === undefined || x === null ? '' : String(Math.round(x * 1e6) / 1e6));

/** Courses (name, category, hours, credits, hours per semester, counted share) and groups (their members), cells aside. */
export function shapeOf(plan: Plan): PlanShape {
  // Vacation terms by the semester they follow: an empty vacation column added changes nothing.
  const summer = (c: Course) => (c.summer ?? []).map((p, i) => (p ? `${plan.summerTerms?.[i]?.afterSemester}:${r6(p.hours)}` : '')).filter(Boolean).join(',');
  const courses = plan.courses.map(
    (c) => `${c.sheet ?? ''}|${c.name}|${c.category}|${r6(c.totalHours?.value)}|${r6(c.credits?.value)}|${c.placements.map((p) => r6(p?.hours)).join(',')}|${summer(c)}|w${r6(c.weight ?? 1)}`,
  );
  const groups = new Map<string, string[]>();
  for (const c of plan.courses) if (c.group) groups.set(c.group, [...(groups.get(c.group) ?? []), c.name]);
  return { courses, groups: [...groups.values()].map((g) => g.join('+')).sort() };
}

// ---------------------------------------------------------------------------------------------
// The rewrites a property test draws from, by name.

/** A plan as read, with the structure of each of its course sheets. */
export interface Base {
  file: string;
  grids: Grid[];
  plan: Plan;
  shape: PlanShape;
  layouts: Layout[];
}

export type Rewrite = { name: string; apply: (wb: Workbook, base: Base, rng: Rng) => Workbook | null };

export const REWRITES: Rewrite[] = [
  ...NOTATIONS.map((n) => ({ name: `notation ${n}`, apply: (wb: Workbook) => relabelSemesters(wb, n) })),
  { name: 'year band', apply: (wb) => yearBand(wb, false) },
  { name: 'year band, semesters numbered within the year', apply: (wb) => yearBand(wb, true) },
  { name: 'vacation column 假', apply: (wb, _b, rng) => vacationColumn(wb, Math.floor(rng() * (wb.layout.semesters.length + 1)), '假') },
  { name: 'vacation column 暑假', apply: (wb, _b, rng) => vacationColumn(wb, 1 + Math.floor(rng() * wb.layout.semesters.length), '暑假') },
  { name: 'vacations relabelled 假', apply: (wb) => relabelVacations(wb, '假') },
  { name: 'blank spacer row', apply: (wb, _b, rng) => spacerRow(wb, rng) },
  { name: 'blank spacer column', apply: (wb, _b, rng) => spacerCol(wb, rng) },
  { name: 'categories repeated on every row', apply: (wb) => categoryStyle(wb, 'repeat') },
  { name: 'categories written once, blank below', apply: (wb) => categoryStyle(wb, 'first') },
  { name: 'categories merged down', apply: (wb) => categoryStyle(wb, 'merge') },
  { name: 'column order', apply: (wb, _b, rng) => columnOrder(wb, rng) },
  { name: 'sub-totals without a label', apply: (wb) => subtotalLabels(wb, 'none') },
  { name: 'sub-totals labelled 小　　计', apply: (wb) => subtotalLabels(wb, 'spaced') },
  { name: 'sub-totals labelled 学时小计', apply: (wb) => subtotalLabels(wb, 'named') },
  { name: 'group semesters on an option row', apply: (wb) => groupSemestersOnOption(wb) },
  { name: 'directions on a heading row (name column)', apply: (wb) => directionHeadings(wb, 'name') },
  { name: 'directions on a heading row (code column)', apply: (wb) => directionHeadings(wb, 'code') },
  { name: 'directions on a heading row (merged across)', apply: (wb) => directionHeadings(wb, 'across') },
  { name: 'semester cells as hours', apply: (wb, b) => semesterLayout(wb, 'hours', b.plan) },
  { name: 'semester cells as weekly hours', apply: (wb, b) => semesterLayout(wb, 'weekly', b.plan) },
  { name: 'semester cells as (hours, credits)', apply: (wb, b) => semesterLayout(wb, 'pair', b.plan) },
];

/** A seeded generator for the rewrites' own choices (where a spacer goes, a column order). */
export function seeded(seed: number): Rng {
  let s = (seed % 2147483646) + 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}
