/**
 * A school's plan is a workbook: course tables on several sheets, a practice table in weeks, a
 * teaching calendar, a summary sheet computing totals across them, appendix catalogues of options.
 * This reads every sheet, says what each was taken as and why, and combines the plan's parts into
 * one plan whose every cell is sheet-qualified where it is not on the main sheet.
 */

import type { Grid } from '../grid';
import { msg, type Message } from '../message';
import type { Course, Plan, ReaderNote, SheetInfo, SheetRole, StatedFigure } from '../plan';
import { qualify } from '../plan';
import { clean, normLabel } from '../text';
import { detectLevel } from '../level';
import type { WeeksCandidate } from './hours';
import { activityCourses, describeTable, readSemesterRows, type SemesterRowTable } from './practice';
import { refersToOtherSheets, statedFigures, textFigures } from './summary';
import { SheetView, type WorkbookViews } from './sheet';
import { INTERNSHIP_NAME, MILITARY_SKILLS_NAME, MILITARY_THEORY_NAME, MILITARY_WEEKS_WITH_THEORY } from './labels';
import { countedHours, externalLinkNotes, practiceCreditsFromSummaries } from './links';
import { recordDependencies } from './dependencies';
import { unreadable } from './unreadable';
import { auditSummaries } from './audit';
import type { ReadOptions, ReadResult, ReadSuccess } from './index';

export interface CombineOptions extends ReadOptions {
  /** Sheets the user left out of the plan. */
  exclude?: string[];
  /** The sheet a column mapping was made for; without it the mapping applies to every sheet. */
  mappingSheet?: string;
}

type ReadTable = (grid: Grid, options: ReadOptions) => ReadResult;

const CATALOGUE_NAME = /附表|附录|目录|清单|申请|catalog|appendix/i;

function score(r: ReadSuccess): number {
  return r.plan.courses.length * (r.plan.semesters.length > 0 ? 2 : 1);
}

export interface CombinedRead {
  chosen: ReadSuccess | null;
  sheets: ReadResult[];
  info: SheetInfo[];
}

/** What the sheet-role table knows about one sheet when it decides what the sheet is. */
interface SheetFacts {
  grid: Grid;
  read: ReadResult;
  rowTable?: SemesterRowTable;
  excluded: boolean;
  chosen: ReadSuccess | null;
}

interface SheetRoleRule {
  role: SheetRole;
  test: (f: SheetFacts) => boolean;
  why: (f: SheetFacts) => Message;
  courses?: (f: SheetFacts) => number;
  /** The sheet's courses join the plan. */
  part?: boolean;
}

const coursesOf = (f: SheetFacts) => (f.read.ok ? f.read.plan.courses.length : 0);
const hoursOf = (f: SheetFacts) => (f.read.ok ? clean(f.read.plan.courses.reduce((s, c) => s + countedHours(c), 0)) : 0);
const tableOf = (f: SheetFacts) => (f.read.ok && f.read.plan.courses.length > 0 ? f.read.plan : null);
const isCatalogue = (f: SheetFacts) => {
  const p = tableOf(f);
  return !!p && (p.semesters.length === 0 || (CATALOGUE_NAME.test(f.grid.sheet) && !p.courses.some((c) => c.placements.some((x) => x))));
};

/**
 * What a sheet is, in the order the rules are tried: the first whose test passes names its role and
 * says why. Hidden and excluded sheets are never counted; what they hold is said with the plan.
 */
const SHEET_ROLES: SheetRoleRule[] = [
  { role: 'excluded', test: (f) => f.excluded, why: () => msg('已由用户排除', 'left out by the user'), courses: coursesOf },
  { role: 'ignored', test: (f) => !!f.grid.skipped, why: (f) => f.grid.skipped! },
  { role: 'ignored', test: (f) => !!f.grid.hidden, why: () => msg('隐藏的工作表，不计入', 'a hidden sheet; not counted'), courses: coursesOf },
  { role: 'practice', test: (f) => !!f.rowTable?.hasHours, why: (f) => describeTable(f.rowTable!), courses: (f) => f.rowTable!.activities.filter((a) => a.hours.some((h) => h)).length },
  { role: 'calendar', test: (f) => !!f.rowTable, why: (f) => describeTable(f.rowTable!) },
  {
    role: 'courses',
    test: (f) => f.read === f.chosen,
    why: (f) => {
      const p = tableOf(f)!;
      return msg(`课程表（主表）：第 ${p.headerRows[0] + 1} 行起，${p.courses.length} 门课程，${p.semesters.length} 个学期`, `course table (main): from row ${p.headerRows[0] + 1}, ${p.courses.length} courses, ${p.semesters.length} semesters`);
    },
    courses: coursesOf,
  },
  {
    role: 'catalogue',
    test: isCatalogue,
    why: (f) => {
      const appendix = CATALOGUE_NAME.test(f.grid.sheet);
      const hours = hoursOf(f);
      return msg(
        `可选课程目录：${coursesOf(f)} 门课程${hours ? `（共 ${hours} 学时）` : ''}没有学期安排${appendix ? '（附表）' : ''}，不计入`,
        `catalogue of options: ${coursesOf(f)} courses${hours ? ` (${hours} h)` : ''} without semesters${appendix ? ' (an appendix)' : ''}; not counted`,
      );
    },
    courses: coursesOf,
  },
  {
    role: 'ignored',
    test: (f) => !!tableOf(f) && !!f.chosen && repeats(f.chosen.plan, tableOf(f)!),
    why: (f) => msg(`与“${f.chosen!.plan.sheet}”的课程大多相同（另一版本或另一专业），不合并：计入会重复 ${hoursOf(f)} 学时`, `mostly the same courses as "${f.chosen!.plan.sheet}" (another version or programme); not combined: counting it would add ${hoursOf(f)} h again`),
    courses: coursesOf,
  },
  {
    role: 'courses',
    test: (f) => !!tableOf(f) && !!f.chosen,
    why: (f) => {
      const p = tableOf(f)!;
      return msg(`课程表：第 ${p.headerRows[0] + 1} 行起，${p.courses.length} 门课程，${p.semesters.length} 个学期`, `course table: from row ${p.headerRows[0] + 1}, ${p.courses.length} courses, ${p.semesters.length} semesters`);
    },
    courses: coursesOf,
    part: true,
  },
  { role: 'summary', test: (f) => refersToOtherSheets(f.grid), why: () => msg('汇总表：用公式引用其他工作表，其中的总学时与比例将与合并后的方案核对', 'summary: formulas over other sheets; its totals and shares are checked against the combined plan') },
  { role: 'ignored', test: (f) => f.read.ok, why: () => msg('有表头但没有课程行', 'a header but no course rows') },
  {
    role: 'ignored',
    test: () => true,
    why: (f) => (!f.read.ok && f.read.error.zh ? msg(`没有课程表：${f.read.error.zh}`, `no course table: ${f.read.error.en}`) : msg('没有课程表', 'no course table')),
  },
];

export function combineWorkbook(grids: Grid[], options: CombineOptions, readTable: ReadTable): CombinedRead {
  const views: WorkbookViews = { views: new Map(), active: new Set() };
  for (const g of grids) views.views.set(g.sheet, new SheetView(g, views));
  const excluded = new Set(options.exclude ?? []);
  const counted = (g: Grid) => !excluded.has(g.sheet) && !g.hidden && !g.skipped;

  // 1. Tables with a row per semester: calendars give weeks, practice tables give courses.
  const rowTables = new Map<string, SemesterRowTable>();
  for (const g of grids) {
    if (!counted(g)) continue;
    const t = attempt(() => readSemesterRows(g, views.views.get(g.sheet)), null);
    if (t && (t.hasHours || t.teachingWeeks || t.theoryWeeks)) rowTables.set(g.sheet, t);
  }
  const calendar = [...rowTables.values()].find((t) => !t.hasHours && t.teachingWeeks);
  const weekCandidates: WeeksCandidate[] = [];
  if (calendar?.theoryWeeks) weekCandidates.push({ weeks: calendar.theoryWeeks.values, source: msg(`${calendar.sheet}的“${calendar.theoryWeeks.label}”周数`, `the "${calendar.theoryWeeks.label}" weeks of ${calendar.sheet}`) });

  // 2. Course tables, read with the calendar's weeks at hand (hidden and excluded ones too, to say what they hold).
  const tableOptions: ReadOptions = { ...options, views, ...(weekCandidates.length ? { weekCandidates } : {}), ...(calendar?.teachingWeeks ? { calendarWeeks: calendar.teachingWeeks.values } : {}) };
  const { mapping, mappingSheet, ...unmapped } = tableOptions as CombineOptions;
  const optionsFor = (sheet: string): ReadOptions => (mapping && (mappingSheet === undefined || mappingSheet === sheet) ? { ...unmapped, mapping } : unmapped);
  const sheets = grids.map((g) => (rowTables.has(g.sheet) || g.skipped ? ({ ok: false, sheet: g.sheet, error: msg('', ''), cells: [] } as ReadResult) : readTable(g, optionsFor(g.sheet))));
  const tables = sheets.filter((r, i): r is ReadSuccess => counted(grids[i]) && r.ok && r.plan.courses.length > 0);
  let chosen: ReadSuccess | null = null;
  for (const r of tables) if (r.plan.semesters.length > 0 && (!chosen || score(r) > score(chosen))) chosen = r;
  if (!chosen) for (const r of tables) if (!chosen || score(r) > score(chosen)) chosen = r;

  const info = new Map<string, SheetInfo>();
  const parts: ReadSuccess[] = [];
  const leftOut: { grid: Grid; plan: Plan }[] = [];
  for (const [i, g] of grids.entries()) {
    const facts: SheetFacts = { grid: g, read: sheets[i], excluded: excluded.has(g.sheet), chosen, ...(rowTables.has(g.sheet) ? { rowTable: rowTables.get(g.sheet) } : {}) };
    const rule = SHEET_ROLES.find((x) => x.test(facts))!;
    info.set(g.sheet, { sheet: g.sheet, role: rule.role, why: rule.why(facts), courses: rule.courses?.(facts) ?? 0 });
    if (rule.part) parts.push(sheets[i] as ReadSuccess);
    const table = tableOf(facts);
    if (table && (facts.excluded || g.hidden) && table.semesters.length > 0) leftOut.push({ grid: g, plan: table });
  }

  if (chosen) {
    const plan = chosen.plan;
    for (const part of parts) mergePart(plan, part.plan);
    for (const t of rowTables.values()) if (t.hasHours) mergePractice(plan, t);
    if (calendar) placeFromCalendar(plan, calendar);
    const stated: StatedFigure[] = [];
    const summaries = [...info.values()].filter((si) => si.role === 'summary').map((si) => si.sheet);
    for (const sheet of summaries) stated.push(...attempt(() => statedFigures(views.views.get(sheet)!), []));
    // Figures the school writes in sentences (notes under a table, a summary's remarks).
    const texts = [...info.values()].filter((si) => si.role === 'courses' || si.role === 'summary' || si.role === 'practice' || si.role === 'calendar').map((si) => si.sheet);
    for (const sheet of texts) stated.push(...attempt(() => textFigures(views.views.get(sheet)!), []));
    if (stated.length) plan.stated = stated;
    plan.notes.push(...attempt(() => practiceCreditsFromSummaries(plan, views, summaries, [...rowTables.values()]), []));
    const used = [...info.values()].filter((si) => si.role === 'courses' || si.role === 'summary' || si.role === 'practice' || si.role === 'calendar').map((si) => si.sheet);
    plan.notes.push(...attempt(() => externalLinkNotes(views, used, plan, stated), []));
    attempt(() => recordDependencies(plan, views), undefined);
    plan.notes.push(...attempt(() => auditSummaries(plan, views, summaries), []));
    plan.sheets = grids.map((g) => info.get(g.sheet)!);
    plan.level = detectLevel(plan, grids.filter(counted));
    for (const { grid, plan: other } of leftOut) plan.notes.push(leftOutNote(plan, other, excluded.has(grid.sheet)));
  }
  // Nothing to make a plan of: a table with a header and no courses says what it lacks.
  const said = chosen ? sheets : sheets.map((r): ReadResult => (r.ok && unreadable(r.plan) ? { ok: false, sheet: r.plan.sheet, error: unreadable(r.plan)!, cells: [] } : r));
  return { chosen, sheets: said, info: grids.map((g) => info.get(g.sheet)!) };
}


/** A hidden or excluded sheet holding courses: said, with what counting it would change. */
function leftOutNote(plan: Plan, other: Plan, byUser: boolean): ReaderNote {
  const total = clean(plan.courses.reduce((s, c) => s + countedHours(c), 0));
  const hours = clean(other.courses.reduce((s, c) => s + countedHours(c), 0));
  const why = byUser ? msg('已由用户排除', 'left out by the user') : msg('是隐藏的工作表', 'is hidden');
  return {
    id: byUser ? 'reader.sheet-excluded' : 'reader.sheet-hidden',
    severity: byUser ? 'info' : 'warning',
    cells: [],
    message: msg(
      `工作表“${other.sheet}”${why.zh}，其中 ${other.courses.length} 门课程共 ${hours} 学时未计入：计入后总学时为 ${clean(total + hours)}（现为 ${total}），各学期周学时与比例也会随之改变。`,
      `Sheet "${other.sheet}" ${why.en}: its ${other.courses.length} courses (${hours} h) are not counted; counting them would make the total ${clean(total + hours)} h (now ${total}), and change the weekly loads and shares with it.`,
    ),
  };
}

/** The optional readings (practice tables, summaries) never take the plan down with them. */
function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Another table listing mostly the main table's courses is a second version, not a part. */
function repeats(main: Plan, other: Plan): boolean {
  const names = new Set(main.courses.map((c) => normLabel(c.name)));
  const same = other.courses.filter((c) => names.has(normLabel(c.name))).length;
  return other.courses.length >= 4 && same / other.courses.length > 0.6;
}

/** Cells of another sheet's course, qualified with that sheet. */
function qualifyCourse(c: Course, sheet: string): void {
  const q = (a: string) => qualify(sheet, a);
  c.sheet = sheet;
  c.nameCell = q(c.nameCell);
  if (c.categoryCell) c.categoryCell = q(c.categoryCell);
  for (const f of [c.totalHours, c.credits, c.practiceHours]) if (f) f.cell = q(f.cell);
  for (const p of [...c.placements, ...(c.summer ?? [])]) {
    if (!p) continue;
    p.cell = q(p.cell);
    if (p.creditsCell) p.creditsCell = q(p.creditsCell);
  }
  if (c.alternatives) for (const a of c.alternatives) a.cell = q(a.cell);
}

function qualifyNote(n: ReaderNote, sheet: string): ReaderNote {
  return { ...n, cells: n.cells.map((a) => (a.includes('!') ? a : qualify(sheet, a))), message: msg(`[${sheet}] ${n.message.zh}`, `[${sheet}] ${n.message.en}`) };
}

function mergePart(plan: Plan, part: Plan): void {
  const n = plan.semesters.length;
  if (part.semesters.length !== n)
    plan.notes.push({
      id: 'reader.semesters-differ',
      severity: 'warning',
      cells: [],
      message: msg(
        `“${part.sheet}”有 ${part.semesters.length} 个学期列，主表“${plan.sheet}”有 ${n} 个：按学期序号对齐${part.semesters.length > n ? `，第 ${n + 1} 学期以后的安排未计入` : ''}。`,
        `"${part.sheet}" has ${part.semesters.length} semester columns and the main sheet "${plan.sheet}" ${n}: aligned by number${part.semesters.length > n ? `; placements after semester ${n} are not counted` : ''}.`,
      ),
    });
  for (const c of part.courses) {
    qualifyCourse(c, part.sheet);
    c.placements = Array.from({ length: n }, (_, i) => c.placements[i] ?? null);
    if (c.summer && !plan.summerTerms?.length) delete c.summer;
    plan.courses.push(c);
  }
  const columns = {
    ...(part.columns.totalHours ? { totalHours: part.columns.totalHours } : {}),
    ...(part.columns.credits ? { credits: part.columns.credits } : {}),
    ...(part.columns.practiceHours ? { practiceHours: part.columns.practiceHours } : {}),
    semesterHours: Array.from({ length: n }, (_, i) => part.semesters[i]?.hoursColumn ?? part.semesters[i]?.weeklyColumn),
    semesterCredits: Array.from({ length: n }, (_, i) => part.semesters[i]?.creditsColumn),
  };
  for (const a of part.aggregates) {
    a.sheet = part.sheet;
    a.columns = columns;
    a.labelCell = qualify(part.sheet, a.labelCell);
    for (const f of [a.totalHours, a.credits, a.practiceHours, a.printedShare, ...a.semesterHours, ...a.semesterCredits]) if (f) f.cell = qualify(part.sheet, f.cell);
    a.semesterHours = Array.from({ length: n }, (_, i) => a.semesterHours[i] ?? null);
    a.semesterCredits = Array.from({ length: n }, (_, i) => a.semesterCredits[i] ?? null);
    plan.aggregates.push(a);
  }
  // A note the main sheet already made (the same template's week rule) is said once.
  const said = new Set(plan.notes.map((x) => `${x.id}|${x.message.zh}`));
  plan.notes.push(...part.notes.filter((x) => !said.has(`${x.id}|${x.message.zh}`)).map((x) => qualifyNote(x, part.sheet)));
  if (part.columns.practiceHours && !plan.columns.practiceHours) plan.columns.practiceHours = part.columns.practiceHours;
}

function mergePractice(plan: Plan, t: SemesterRowTable): void {
  const n = plan.semesters.length;
  const known = new Map(plan.courses.map((c) => [normLabel(c.name), c]));
  for (const c of activityCourses(t, n)) {
    const same = known.get(normLabel(c.name));
    if (same) {
      // The course table lists it already; the practice table only says when, if the table does not.
      if (same.placements.every((p) => p === null)) {
        same.placements = c.placements.map((p) => (p ? { ...p, cell: qualify(t.sheet, p.cell) } : null));
        same.placedFrom = t.sheet;
        plan.notes.push({ id: 'reader.placed-from-practice', severity: 'info', cells: [same.nameCell], message: msg(`“${same.name}”的学期取自“${t.sheet}”。`, `"${same.name}" takes its semesters from "${t.sheet}".`) });
      }
      continue;
    }
    qualifyCourse(c, t.sheet);
    plan.courses.push(c);
  }
}

/**
 * A course with no semester (军事技能 112 h, 军事理论; 顶岗实习) takes its semesters from the teaching
 * calendar's matching block column (军事理论与军训 2 weeks in semester 1; 顶岗实习 weeks).
 */
function placeFromCalendar(plan: Plan, cal: SemesterRowTable): void {
  const pairs: [RegExp, RegExp][] = [
    [MILITARY_SKILLS_NAME, /军训/],
    [MILITARY_THEORY_NAME, MILITARY_WEEKS_WITH_THEORY],
    [INTERNSHIP_NAME, INTERNSHIP_NAME],
  ];
  for (const c of plan.courses) {
    if (!c.totalHours || c.placements.some((p) => p) || c.summer?.some((p) => p)) continue;
    const pair = pairs.find(([name]) => name.test(c.name));
    const act = pair && cal.activities.find((a) => pair[1].test(a.name));
    if (!act) continue;
    const weeks = act.weeks.slice(0, plan.semesters.length);
    const total = weeks.reduce<number>((s, w) => s + (w ?? 0), 0);
    if (total <= 0) continue;
    c.placements = weeks.map((w, i) => {
      if (!w) return null;
      const s = plan.semesters[i];
      const col = s.hoursColumn ?? s.weeklyColumn;
      const cell = col ? (c.sheet ? qualify(c.sheet, `${col}${c.row + 1}`) : `${col}${c.row + 1}`) : qualify(cal.sheet, act.weekCells[i]!);
      return { hours: (c.totalHours!.value * w) / total, shape: 'block' as const, blockWeeks: w, cell, notation: `${qualify(cal.sheet, act.weekCells[i]!)}: ${w}w` };
    });
    c.placedFrom = cal.sheet;
    plan.notes.push({
      id: 'reader.placed-from-calendar',
      severity: 'info',
      cells: [c.nameCell, ...act.weekCells.filter((_, i) => weeks[i]).map((a) => qualify(cal.sheet, a!))],
      message: msg(
        `“${c.name}”在课程表中没有学期，按“${cal.sheet}”的“${act.name}”安排在第 ${weeks.map((w, i) => (w ? i + 1 : 0)).filter(Boolean).join('、')} 学期（整周）。`,
        `"${c.name}" has no semester in the course table; placed as whole weeks in semester ${weeks.map((w, i) => (w ? i + 1 : 0)).filter(Boolean).join(', ')} from "${act.name}" on "${cal.sheet}".`,
      ),
    });
  }
}
