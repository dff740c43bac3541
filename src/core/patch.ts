/**
 * optimized plan → patch: the cells to write (only semester cells of course rows and plain-value
 * sub-total cells; never a formula), the marks to set (fill + note saying why), the previous values
 * for one-click restore, and the summary sheet's rows. Adapters (exceljs, Office.js) apply it as is.
 */

import { presentConflicts, presentFindings } from './present';
import { type AggregateFigure, aggregateFigures, type CheckResult, formatShare, loadWeeks, weeklyLoadOf } from './checker';
import { a1, type CellValue, type Grid, isErrorValue, parseA1 } from './grid';
import { msg, pick, type Lang, type Message } from './message';
import type { OptimizeResult } from './optimizer';
import { SheetCells } from './ownership';
import { coveredBy, type Plan, weightOf } from './plan';
import { type FormulaResult, recalculate } from './recalc';
import type { Rules } from './rules';
import { clean } from './text';

export interface CellWrite {
  address: string;
  /** A number; or text where the school keeps numbers as text, or a weekly-hours notation (`3/12W`). */
  value: number | string | null;
  previous: CellValue;
}

export type MarkKind = 'changed' | 'conflict';

export interface CellMark {
  address: string;
  kind: MarkKind;
  note: Message;
}

export interface Patch {
  sheet: string;
  writes: CellWrite[];
  marks: CellMark[];
  /** Cells left alone because they hold formulas (Excel recalculates them). */
  formulaCells: string[];
  /** Formulas on any sheet fed by a written cell, with the result they now have (null: Excel computes it on opening). */
  recalculated: FormulaResult[];
  /** The report sheet's rows, in each language. */
  summary: Record<Lang, ReportRows>;
  /** What-if: every scenario compared, for the 情景对比 sheet written beside the report (absent: none compared). */
  scenarios?: Record<Lang, ReportRows>;
  /** The workbook's own language: its notes and report sheet are written in it, whatever the user's display language. */
  lang: Lang;
}

export const SUMMARY_SHEET = '优化报告';
/**
 * A workbook-level name pointing at A1 of the report sheet this product made: the only proof that a
 * sheet is ours to replace. A sheet merely called 优化报告, or whose A1 reads like our title, is the
 * user's and is never touched; the report then goes to 优化报告 2, 3 …
 */
export const REPORT_NAME = 'PlanBalancerReport';

/** Why the report sheet this product wrote is never read as part of the plan (adapters skip it). */
export const REPORT_SKIPPED: Message = { zh: '本工具写出的优化报告，不属于方案', en: 'the optimization report this tool wrote; not part of the plan' };

/** The sheet a workbook's report name points at ("'优化报告 2'!$A$1" → "优化报告 2"). */
export function reportSheetOf(reference: string | undefined | null): string | null {
  if (!reference) return null;
  const bang = reference.lastIndexOf('!');
  if (bang < 0) return null;
  const sheet = reference.slice(0, bang).replace(/^=/, '');
  return sheet.startsWith("'") && sheet.endsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
}

/** The report sheet's name: ours again if the workbook has one, else the first free name. */
export function reportSheetName(existing: string[], ours: string | null, base = SUMMARY_SHEET): string {
  if (ours && existing.includes(ours)) return ours;
  let name = base;
  for (let k = 2; existing.includes(name); k++) name = `${base} ${k}`;
  return name;
}

/** The what-if sheet, found (and replaced) by its own workbook name exactly as the report is. */
export const SCENARIO_SHEET = '情景对比';
export const SCENARIO_NAME = 'PlanBalancerScenarios';

/** The sheets this product writes beside the plan: each by its base name and the workbook name that proves it ours. */
export function ownSheets(patch: Patch): { base: string; definedName: string; rows: ReportRows; widths: number[] }[] {
  const report = { base: SUMMARY_SHEET, definedName: REPORT_NAME, rows: patch.summary[patch.lang], widths: [46, 16, 22, 22, 14, 46] };
  const scenarios = patch.scenarios ? [{ base: SCENARIO_SHEET, definedName: SCENARIO_NAME, rows: patch.scenarios[patch.lang], widths: [26, 30, 10, 40, 12, 12, 12, 10, 10, 8, 10, 10] }] : [];
  return [report, ...scenarios];
}
export const FILL = { changed: 'FFF4CE', conflict: 'FDE7E9' } as const;

/** What a weekly-hours cell holds for a placement: a whole weekly hour, or `w/kW` (w hours a week for k weeks), which the reader reads back to the same hours. */
export function weeklyCellValue(hours: number, weeks: number): number | string | null {
  if (hours <= 0) return null;
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-9;
  if (weeks > 0 && whole(hours / weeks)) return Math.round(hours / weeks);
  for (let k = Math.floor(weeks); k >= 1; k--) if (whole(hours / k)) return `${Math.round(hours / k)}/${k}W`;
  return null;
}

const show = (v: CellValue) => (v === null ? '空' : isErrorValue(v) ? v.error : String(v));
const showEn = (v: CellValue) => (v === null ? 'empty' : isErrorValue(v) ? v.error : String(v));
const EPS = 1e-9;

/** A formula as Excel shows it. */
const formulaText = (f: string) => (f.startsWith('=') ? f : `=${f}`);

/** A conflict's opening clause ("第3学期 33.67 学时/周，上限 28"), for the cells after its first. */
function headOf(text: string, colon: string): string {
  const at = text.indexOf(colon);
  return at > 0 && at <= 60 ? text.slice(0, at) : text.length <= 60 ? text : `${text.slice(0, 60)}…`;
}

/** Empty stands for 0 where a row states nothing. */
const stated = (m: AggregateFigure | undefined) => m?.agg?.value ?? 0;

export interface PatchOptions {
  /** The check of the written sheets read back, for the report sheet (default: the optimizer's own). */
  after?: CheckResult;
  /** The sheets with the course cells written, read back: sub-totals are kept in step with what those cells say. */
  written?: Plan;
  /** Course cells only (the first pass, before the sheets are read back). */
  coursesOnly?: boolean;
}

export function buildPatch(original: Plan, grids: Grid | Grid[], result: OptimizeResult, rules: Rules, settingsNote: Message, options: PatchOptions = {}): Patch {
  const { after, written: asWritten, coursesOnly } = options;
  const all = Array.isArray(grids) ? grids : [grids];
  const grid = all.find((g) => g.sheet === original.sheet) ?? all[0];
  const cells = new SheetCells(grid);
  const writes = new Map<string, CellWrite>();
  const marks = new Map<string, CellMark>();
  const formulaCells: string[] = [];
  const plan = result.plan;
  const weekly = plan.semesterMode === 'weekly';

  // Marks go on the cell a person sees: the first cell of a merge.
  const anchorOf = (address: string): string => {
    const p = parseA1(address);
    if (!p) return address;
    const m = grid.merges.find((x) => p.row - grid.originRow >= x.r0 && p.row - grid.originRow <= x.r1 && p.col - grid.originCol >= x.c0 && p.col - grid.originCol <= x.c1);
    return m ? a1(m.r0 + grid.originRow, m.c0 + grid.originCol) : address;
  };
  const mark = (address: string, kind: MarkKind, note: Message) => {
    const at = anchorOf(address);
    const existing = marks.get(at);
    if (!existing) marks.set(at, { address: at, kind, note });
    else marks.set(at, { address: at, kind: existing.kind === 'conflict' || kind === 'conflict' ? 'conflict' : 'changed', note: msg(`${existing.note.zh}\n${note.zh}`, `${existing.note.en}\n${note.en}`) });
  };

  // The patch writes the main sheet's table; rows on other sheets of the plan are counted, not moved.
  // Only a plain number or an empty cell is ever written; a formula stays (Excel recalculates it).
  const put = (address: string | undefined, value: number | string | null, why: Message | null) => {
    if (!address || address.includes('!')) return;
    // Nothing that is not a finite number ever reaches a cell (an Infinity makes the file unreadable).
    if (typeof value === 'number' && !Number.isFinite(value)) return;
    const state = cells.state(address);
    if (state === 'formula') {
      formulaCells.push(address);
      return;
    }
    if (!cells.writable(address)) return;
    const previous = cells.cell(address)?.v ?? null;
    // A number the school keeps as text stays text.
    const written = state === 'numeric-text' && typeof value === 'number' ? String(value) : value;
    const numeric = (v: CellValue | number | string | null) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN);
    const same = (previous === null && written === null) || (previous !== null && written !== null && (previous === written || Math.abs(numeric(previous) - numeric(written)) < EPS));
    if (same) return;
    writes.set(address, { address, value: written, previous });
    if (why) mark(address, 'changed', msg(`${why.zh}（原值 ${show(previous)} → ${written ?? '空'}）`, `${why.en} (was ${showEn(previous)} → ${written ?? 'empty'})`));
  };

  const changedRows = new Set(result.changes.map((c) => c.row));
  const taught = new Map(result.check.loads.map((l) => [l.semester, l.weeks]));
  for (const ch of result.changes) {
    if (!ch.total) continue;
    put(ch.total.cell, ch.total.after, msg(`优化：“${ch.name}”总学时由 ${ch.total.before} 调整为 ${ch.total.after}`, `Optimized: "${ch.name}" total hours changed from ${ch.total.before} to ${ch.total.after}`));
    if (ch.total.creditsCell && ch.total.credits !== undefined) put(ch.total.creditsCell, ch.total.credits, msg(`优化：“${ch.name}”学分`, `Optimized: "${ch.name}" credits`));
  }
  for (const c of plan.courses) {
    if (c.sheet || !changedRows.has(c.row)) continue;
    plan.semesters.forEach((s, i) => {
      const p = c.placements[i];
      const col = s.hoursColumn ?? s.weeklyColumn;
      const address = p?.cell ?? (col ? `${col}${c.row + 1}` : undefined);
      const weeks = loadWeeks(s);
      const value = !p ? null : weekly ? weeklyCellValue(p.hours, p.weekly !== undefined && p.weekly > 0 ? p.hours / p.weekly : weeks) : clean(p.hours);
      // The weekly hours as the check counts them: over the weeks the semester really teaches.
      const perWeek = p ? twoDecimals(weeklyLoadOf(p, s, taught.get(s.index) ?? weeks)) : 0;
      const why = msg(`优化：“${c.name}”第${s.index}学期${p ? `安排 ${p.hours} 学时（${perWeek} 学时/周）` : '不开课'}`, `Optimized: "${c.name}" semester ${s.index} ${p ? `${p.hours} h (${perWeek} h/week)` : 'not taught'}`);
      put(address, value, why);
      if (s.creditsColumn) put(p?.creditsCell ?? `${s.creditsColumn}${c.row + 1}`, p?.credits ?? null, msg(`优化：“${c.name}”第${s.index}学期学分`, `Optimized: "${c.name}" semester ${s.index} credits`));
    });
  }

  // Sub-total and total rows: a figure the school wrote as a plain number that agreed with its courses
  // is kept in step with them, with exactly the value the check computes; one that disagreed already
  // moves by what changed under it (its difference kept); a formula is Excel's to recalculate.
  const unplacedBefore = new Set(original.courses.filter((c) => !c.sheet && c.placements.every((p) => !p || p.hours <= 0)).map((c) => c.row));
  const placedNow = (a: Plan['aggregates'][number]) => coveredBy(plan, a).some((c) => unplacedBefore.has(c.row) && c.placements.some((p) => p && p.hours > 0));
  /** Per measure: do the row's semester figures exceed its placed courses by exactly its courses not yet placed? */
  const writtenAhead = (o: Plan['aggregates'][number], figures: AggregateFigure[], placed: boolean): { hours: boolean; credits: boolean } => {
    if (weekly || !placed) return { hours: false, credits: false };
    const waiting = coveredBy(original, o).filter((c) => unplacedBefore.has(c.row));
    const gaps = (re: RegExp) => clean(figures.filter((f) => re.test(f.key) && f.agg && !f.agg.formula).reduce((t, f) => t + stated(f) - f.sum, 0));
    const hours = clean(waiting.reduce((t, c) => t + (c.totalHours?.value ?? 0) * weightOf(c), 0));
    const credits = clean(waiting.reduce((t, c) => t + (c.credits?.value ?? 0) * weightOf(c), 0));
    return { hours: hours > 0 && Math.abs(gaps(/^s\d+$/) - hours) < 1e-6, credits: credits > 0 && Math.abs(gaps(/^s\d+c$/) - credits) < 1e-6 };
  };
  const beforeAggregates = new Map(original.aggregates.filter((a) => !a.sheet).map((a) => [a.row, a]));
  const sums = asWritten ?? plan;
  for (const a of coursesOnly ? [] : sums.aggregates) {
    const o = beforeAggregates.get(a.row);
    if (a.sheet || !o) continue;
    const beforeFigures = aggregateFigures(original, o);
    const before = new Map(beforeFigures.map((m) => [m.key, m]));
    // Whether the row covers a course placed for the first time, once per row (not per figure).
    const placed = placedNow(a);
    const ahead = writtenAhead(o, beforeFigures, placed);
    for (const m of aggregateFigures(sums, a)) {
      const b = before.get(m.key);
      if (!b) continue;
      const address = b.agg?.cell ?? (b.column ? `${b.column}${a.row + 1}` : undefined);
      if (!address) continue;
      const kind = /^s\d+$/.test(m.key) ? 'hours' : /^s\d+c$/.test(m.key) ? 'credits' : null;
      const unchanged = Math.abs(clean(m.sum) - clean(b.sum)) < EPS;
      // A row that gave the courses not yet placed their semesters ahead of time (its figures exceed its
      // courses' by exactly those courses): once the optimizer has placed them, every figure follows.
      if (unchanged && !(kind && ahead[kind] && b.agg && !b.agg.formula && Math.abs(stated(b) - clean(m.sum)) > 1e-6)) continue;
      if (b.agg?.formula) {
        formulaCells.push(address);
        continue;
      }
      const gap = clean(stated(b) - b.sum);
      if (Math.abs(gap) < 1e-6) {
        const value = clean(m.sum);
        put(address, value === 0 && !b.agg ? null : value, msg(`重新计算的${a.label}${m.zh}`, `Recomputed ${a.label} ${m.en}`));
        continue;
      }
      // A figure that already differed from its courses (the school counts it its own way, or the check
      // names its error) moves by exactly what the optimizer moved under it: the difference stays as it
      // was, and so does what the check says about it. An empty cell states nothing and stays empty.
      // A difference the change itself resolved (a course written in two semesters, now in one) leaves the figure right as it is.
      if (!b.agg || Math.abs(stated(b) - clean(m.sum)) < 1e-6) continue;
      // Figures written ahead of courses not yet placed (a sub-total saying where they would go): the
      // optimizer has now placed them, so the figure is what the row now holds.
      if (placed && (weekly || (kind && ahead[kind]))) {
        // Nothing left in that semester: empty, as the school leaves a semester without courses.
        // Said as what it is: a row written ahead of the unplaced courses, or a figure recomputed from the courses it adds.
        const why = kind && ahead[kind] ? msg(`重新计算的${a.label}${m.zh}（原数已预先计入当时尚未排入学期的课程）`, `Recomputed ${a.label} ${m.en} (it had counted courses not yet placed)`) : msg(`按所含课程重新计算的${a.label}${m.zh}`, `${a.label} ${m.en} recomputed from the courses it adds`);
        put(address, clean(m.sum) === 0 ? null : clean(m.sum), why);
        continue;
      }
      const delta = clean(m.sum - b.sum);
      const value = clean(stated(b) + delta);
      if (value < 0) continue;
      put(
        address,
        value,
        msg(
          `${a.label}${m.zh}随所含课程的改动${delta > 0 ? '增加' : '减少'} ${Math.abs(delta)}（原与所含课程相差 ${Math.abs(gap)}，差额照原样保留）`,
          `${a.label} ${m.en} moved by ${delta > 0 ? '+' : ''}${delta} with the courses under it (it differed from them by ${Math.abs(gap)} before; that difference is kept as it was)`,
        ),
      );
    }
  }

  const writeList = [...writes.values()];
  const recalculated = recalculate(all, writeList.map((w) => ({ sheet: original.sheet, address: w.address, value: w.value })));

  // A formula of the school's whose result this change turns negative (bigdata's credits sub-total
  // N25 subtracts 20 for a 体育 the change took out of its semester): kept as it is, flagged where it is.
  const turnedNegative = recalculated.filter((r) => r.sheet === original.sheet && r.result !== null && r.result < -EPS && typeof r.previous === 'number' && r.previous >= 0);
  for (const r of turnedNegative)
    mark(
      r.address,
      'conflict',
      msg(
        `⚠ 公式 ${formulaText(r.formula)} 的结果因本次调整由 ${twoDecimals(r.previous as number)} 变为 ${twoDecimals(r.result!)}：公式保持原样，请检查它是否仍然适用`,
        `⚠ The formula ${formulaText(r.formula)} now gives ${twoDecimals(r.result!)} (was ${twoDecimals(r.previous as number)}) after this change: kept as it is; check that it still applies`,
      ),
    );

  // The whole advice once, on the conflict's first cell; its other cells say what it is and where to read it.
  for (const c of result.conflicts) {
    const [first, ...rest] = c.cells.filter((a) => !a.includes('!')).slice(0, 200);
    if (!first) continue;
    mark(first, 'conflict', msg(`⚠ ${c.fix.zh}`, `⚠ ${c.fix.en}`));
    const head = msg(headOf(c.fix.zh, '：'), headOf(c.fix.en, ':'));
    for (const address of rest) mark(address, 'conflict', msg(`⚠ ${head.zh}（详见 ${anchorOf(first)} 的批注或“${SUMMARY_SHEET}”工作表）`, `⚠ ${head.en} (see the note on ${anchorOf(first)} or the ${SUMMARY_SHEET} sheet)`));
  }

  return {
    sheet: original.sheet,
    writes: writeList,
    marks: [...marks.values()],
    formulaCells: [...new Set(formulaCells)],
    recalculated,
    lang: workbookLang(original),
    summary: { zh: summaryRows(original, result, settingsNote, after ?? result.check, 'zh', turnedNegative), en: summaryRows(original, result, settingsNote, after ?? result.check, 'en', turnedNegative) },
  };
}

export type ReportRows = (string | number)[][];

/** A workbook written in Chinese gets Chinese notes and report, even from an English session. */
export function workbookLang(plan: Plan): Lang {
  const cjk = /[\u4e00-\u9fff]/;
  return cjk.test(plan.sheet) || plan.courses.some((c) => cjk.test(c.name)) ? 'zh' : 'en';
}

const STATUS: Record<OptimizeResult['status'], Message> = {
  optimal: msg('已找到最优方案，全部规则都满足', 'The best plan was found; every rule holds'),
  feasible: msg('已找到满足全部规则的方案（在时限内未能证明最优）', 'A plan that meets every rule was found (not proven best within the time limit)'),
  relaxed: msg('规则无法同时满足：已按最小放宽求解，见下方冲突与解决办法', 'The rules cannot all hold: solved with the least relaxation, see the conflicts below'),
  failed: msg('没有得到方案', 'No plan was found'),
};
const SHARE_NAMES: Record<string, Message> = { publicBasic: msg('公共基础课', 'Public basic'), elective: msg('选修课', 'Electives'), practice: msg('实践教学', 'Practice') };
const SEVERITY: Record<string, Message> = { error: msg('错误', 'Error'), warning: msg('警告', 'Warning'), info: msg('提示', 'Note') };
const KIND: Record<string, Message> = { moved: msg('移动', 'moved'), chosen: msg('二选一', 'either–or'), placed: msg('新排入', 'placed') };
const twoDecimals = (n: number) => Math.round(n * 100) / 100;

/** The report sheet, in one language: what a clerk reads and prints, no engine names, ids or raw numbers. */
function summaryRows(original: Plan, result: OptimizeResult, settingsNote: Message, after: CheckResult, lang: Lang, turnedNegative: FormulaResult[]): ReportRows {
  const T = (m: Message) => pick(m, lang);
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const rows: ReportRows = [];
  rows.push([L('教学计划平衡器 · 优化报告', 'Plan Balancer · optimization report')]);
  rows.push([L('工作表', 'Sheet'), original.sheet]);
  rows.push([L('结果', 'Result'), T(STATUS[result.status])]);
  rows.push([L('设置', 'Settings'), T(settingsNote)]);
  rows.push([]);
  rows.push([L('学期', 'Semester'), L('优化前（学时/周）', 'Before (h/week)'), L('优化后（学时/周）', 'After (h/week)'), L('上限', 'Cap'), L('备注', 'Note')]);
  result.loads.forEach((l, i) =>
    rows.push([
      L(`第${l.semester}学期`, `Semester ${l.semester}`),
      twoDecimals(result.before[i]?.weeklyHours ?? 0),
      twoDecimals(l.weeklyHours),
      l.cap,
      l.teaching ? (l.weeklyHours > l.cap + 1e-9 ? L('超过上限', 'over the cap') : '') : L('岗位实习', 'internship'),
    ]),
  );
  rows.push([]);
  rows.push([L('比例', 'Share'), L('学时', 'Hours'), L('占比', 'Share'), L('下限', 'Minimum'), L('结论', 'Verdict')]);
  for (const sh of after.shares)
    rows.push([
      T(SHARE_NAMES[sh.key] ?? msg(sh.key, sh.key)),
      twoDecimals(sh.hours),
      sh.share === null ? L('无法计算', 'not checkable') : formatShare(sh.share, sh.min),
      formatShare(sh.min),
      sh.share === null ? L('表中没有实践学时列', 'no practice-hours column') : sh.share >= sh.min - 1e-9 ? L('达标', 'met') : L('未达标', 'not met'),
    ]);
  rows.push([]);
  rows.push([L('冲突与解决办法', 'Conflicts and fixes'), L('单元格', 'Cells')]);
  if (result.conflicts.length === 0) rows.push([L('无', 'None')]);
  for (const c of presentConflicts(result.conflicts)) rows.push([T(c.fix), c.cells.slice(0, 10).join(L('、', ', ')) + (c.cells.length > 10 ? L('等', ', …') : '')]);
  for (const t of result.tradeoffs) rows.push([T(t)]);
  rows.push([]);
  rows.push([L('调整的课程', 'Courses changed'), L('行', 'Row'), L('优化前（各学期学时）', 'Before (hours per semester)'), L('优化后（各学期学时）', 'After (hours per semester)'), L('方式', 'How'), L('原因', 'Why')]);
  for (const c of result.changes) rows.push([c.name, c.row + 1, c.before.join(' / '), c.after.join(' / '), T(KIND[c.kind] ?? msg(c.kind, c.kind)), T(c.reason)]);
  if (result.notes.length) {
    rows.push([]);
    rows.push([L('说明', 'Notes')]);
    for (const n of result.notes) rows.push([T(n)]);
  }
  if (turnedNegative.length) {
    rows.push([]);
    rows.push([L('需检查的公式（结果变为负数，公式保持原样）', 'Formulas to check (their results turned negative; kept as they are)'), L('单元格', 'Cell'), L('原结果', 'Was'), L('现结果', 'Now')]);
    for (const r of turnedNegative) rows.push([formulaText(r.formula), r.address, twoDecimals(r.previous as number), twoDecimals(r.result!)]);
  }
  rows.push([]);
  rows.push([L('优化后检查仍有的问题', 'Findings after optimizing'), L('级别', 'Severity'), L('单元格', 'Cells')]);
  const left = presentFindings(after.findings.filter((f) => f.severity !== 'info'));
  if (left.length === 0) rows.push([L('无', 'None')]);
  for (const f of left) rows.push([T(f.message), T(SEVERITY[f.severity]), f.cells.slice(0, 6).join(L('、', ', ')) + (f.cells.length > 6 ? L('等', ', …') : '')]);
  return rows;
}

export function noteText(mark: CellMark, lang: Lang): string {
  return `${lang === 'zh' ? '教学计划平衡器：' : 'Plan Balancer:'}\n${pick(mark.note, lang)}`;
}
