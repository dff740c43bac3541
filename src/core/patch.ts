/**
 * optimized plan → patch: the cells to write (only semester cells of course rows and plain-value
 * sub-total cells; never a formula), the marks to set (fill + note saying why), the previous values
 * for one-click restore, and the summary sheet's rows. Adapters (exceljs, Office.js) apply it as is.
 */

import { check, loadWeeks } from './checker';
import { type CellValue, type Grid, isErrorValue, parseA1 } from './grid';
import { msg, pick, type Lang, type Message } from './message';
import type { OptimizeResult } from './optimizer';
import { type Plan, coveredBy } from './plan';
import type { Rules } from './rules';
import { clean } from './text';

export interface CellWrite {
  address: string;
  value: number | null;
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
  summary: (string | number)[][];
}

export const SUMMARY_SHEET = '优化报告';
/**
 * A workbook-level name pointing at A1 of the report sheet this product made: the only proof that a
 * sheet is ours to replace. A sheet merely called 优化报告, or whose A1 reads like our title, is the
 * user's and is never touched; the report then goes to 优化报告 2, 3 …
 */
export const REPORT_NAME = 'PlanBalancerReport';

/** The sheet a workbook's report name points at ("'优化报告 2'!$A$1" → "优化报告 2"). */
export function reportSheetOf(reference: string | undefined | null): string | null {
  if (!reference) return null;
  const bang = reference.lastIndexOf('!');
  if (bang < 0) return null;
  const sheet = reference.slice(0, bang).replace(/^=/, '');
  return sheet.startsWith("'") && sheet.endsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
}

/** The report sheet's name: ours again if the workbook has one, else the first free name. */
export function reportSheetName(existing: string[], ours: string | null): string {
  if (ours && existing.includes(ours)) return ours;
  let name = SUMMARY_SHEET;
  for (let k = 2; existing.includes(name); k++) name = `${SUMMARY_SHEET} ${k}`;
  return name;
}
export const FILL = { changed: 'FFF4CE', conflict: 'FDE7E9' } as const;

function cellOf(grid: Grid, address: string): { v: CellValue; f?: string } | null {
  const p = parseA1(address);
  if (!p) return null;
  const c = grid.cells[p.row - grid.originRow]?.[p.col - grid.originCol];
  return c ? { v: c.v, ...(c.f ? { f: c.f } : {}) } : null;
}

const show = (v: CellValue) => (v === null ? '空' : isErrorValue(v) ? v.error : String(v));
const showEn = (v: CellValue) => (v === null ? 'empty' : isErrorValue(v) ? v.error : String(v));

export function buildPatch(original: Plan, grid: Grid, result: OptimizeResult, rules: Rules, settingsNote: Message): Patch {
  const writes = new Map<string, CellWrite>();
  const marks: CellMark[] = [];
  const formulaCells: string[] = [];
  const plan = result.plan;
  const weekly = plan.semesterMode === 'weekly';

  // The patch writes the main sheet's table; rows on other sheets of the plan are counted, not moved.
  const put = (address: string | undefined, value: number | null, why: Message | null) => {
    if (!address || address.includes('!')) return;
    // Nothing that is not a finite number ever reaches a cell (an Infinity makes the file unreadable).
    if (value !== null && !Number.isFinite(value)) return;
    const cell = cellOf(grid, address);
    if (cell?.f) {
      formulaCells.push(address);
      return;
    }
    const previous = cell?.v ?? null;
    const same = (previous === null && value === null) || (typeof previous === 'number' && value !== null && Math.abs(previous - value) < 1e-9);
    if (same) return;
    writes.set(address, { address, value, previous });
    if (why) marks.push({ address, kind: 'changed', note: msg(`${why.zh}（原值 ${show(previous)} → ${value ?? '空'}）`, `${why.en} (was ${showEn(previous)} → ${value ?? 'empty'})`) });
  };

  const changedRows = new Set(result.changes.map((c) => c.row));
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
      const address = col ? `${col}${c.row + 1}` : undefined;
      const value = p ? (weekly ? p.weekly ?? clean(p.hours / loadWeeks(s)) : p.hours) : null;
      const why = msg(`优化：“${c.name}”第${s.index}学期安排 ${p ? `${p.hours} 学时（${clean(p.hours / loadWeeks(s))} 学时/周）` : '不开课'}`, `Optimized: "${c.name}" semester ${s.index} ${p ? `${p.hours} h (${clean(p.hours / loadWeeks(s))} h/week)` : 'not taught'}`);
      put(address, value, why);
      if (s.creditsColumn) put(`${s.creditsColumn}${c.row + 1}`, p?.credits ?? null, msg(`优化：“${c.name}”第${s.index}学期学分`, `Optimized: "${c.name}" semester ${s.index} credits`));
    });
  }

  // Sub-total and total rows whose semester cells hold plain values are recomputed from the courses.
  // Their total-hours and credit cells as the optimizer shifted them (by the change of their courses).
  const beforeAggregates = new Map(original.aggregates.filter((a) => !a.sheet).map((a) => [a.row, a]));
  for (const a of plan.aggregates) {
    const o = beforeAggregates.get(a.row);
    if (a.sheet || !o) continue;
    if (a.totalHours && o.totalHours && a.totalHours.value !== o.totalHours.value) put(a.totalHours.cell, a.totalHours.value, msg(`重新计算的${a.label}总学时`, `Recomputed ${a.label} total hours`));
    if (a.credits && o.credits && a.credits.value !== o.credits.value) put(a.credits.cell, a.credits.value, msg(`重新计算的${a.label}学分`, `Recomputed ${a.label} credits`));
  }
  for (const a of plan.aggregates) {
    if (a.kind === 'ratio' || a.measure === 'credits') continue;
    if (a.sheet) continue;
    const covered = coveredBy(plan, a).filter((c) => !c.sheet);
    if (!covered.some((c) => changedRows.has(c.row))) continue;
    plan.semesters.forEach((s, i) => {
      const col = s.hoursColumn ?? s.weeklyColumn;
      if (col) {
        const sum = clean(covered.reduce((t, c) => t + (weekly ? c.placements[i]?.weekly ?? 0 : c.placements[i]?.hours ?? 0), 0));
        put(`${col}${a.row + 1}`, sum || null, msg(`重新计算的${a.label}`, `Recomputed ${a.label}`));
      }
      if (s.creditsColumn) {
        const sum = clean(covered.reduce((t, c) => t + (c.placements[i]?.credits ?? 0), 0));
        put(`${s.creditsColumn}${a.row + 1}`, sum || null, msg(`重新计算的${a.label}学分`, `Recomputed ${a.label} credits`));
      }
    });
  }

  for (const c of result.conflicts) {
    for (const address of c.cells.filter((a) => !a.includes('!')).slice(0, 200)) {
      const existing = marks.find((m) => m.address === address);
      if (existing) {
        existing.kind = 'conflict';
        existing.note = msg(`${existing.note.zh}\n⚠ ${c.fix.zh}`, `${existing.note.en}\n⚠ ${c.fix.en}`);
      } else marks.push({ address, kind: 'conflict', note: msg(`⚠ ${c.fix.zh}`, `⚠ ${c.fix.en}`) });
    }
  }

  return { sheet: original.sheet, writes: [...writes.values()], marks, formulaCells, summary: summaryRows(original, result, rules, settingsNote) };
}

function summaryRows(original: Plan, result: OptimizeResult, rules: Rules, settingsNote: Message): (string | number)[][] {
  const after = check(result.plan, rules);
  const L = (m: Message) => `${m.zh} / ${m.en}`;
  const rows: (string | number)[][] = [];
  rows.push([L(msg('教学计划平衡器 · 优化报告', 'Plan Balancer · optimization report'))]);
  rows.push([L(msg('工作表', 'Sheet')), original.sheet]);
  rows.push([L(msg('状态', 'Status')), result.status, L(msg('求解器', 'Solver')), result.solver, L(msg('用时（秒）', 'Seconds')), Math.round(result.seconds * 1000) / 1000]);
  rows.push([L(msg('设置', 'Settings')), L(settingsNote)]);
  rows.push([]);
  rows.push([L(msg('学期', 'Semester')), L(msg('优化前 学时/周', 'Before h/week')), L(msg('优化后 学时/周', 'After h/week')), L(msg('上限', 'Cap')), L(msg('备注', 'Note'))]);
  result.loads.forEach((l, i) => rows.push([l.semester, result.before[i]?.weeklyHours ?? 0, l.weeklyHours, l.cap, l.teaching ? (l.weeklyHours > l.cap + 1e-9 ? L(msg('超上限', 'over the cap')) : '') : L(msg('岗位实习', 'internship'))]));
  rows.push([]);
  rows.push([L(msg('比例', 'Share')), L(msg('学时', 'Hours')), L(msg('占比', 'Share')), L(msg('下限', 'Minimum'))]);
  for (const s of after.shares) rows.push([s.key, s.hours, s.share === null ? '—' : Math.round(s.share * 10000) / 10000, s.min]);
  rows.push([]);
  rows.push([L(msg('冲突与解决办法', 'Conflicts and fixes'))]);
  if (result.conflicts.length === 0) rows.push([L(msg('无', 'None'))]);
  for (const c of result.conflicts) rows.push([c.rule, String(c.required), String(c.achieved), c.cells.slice(0, 10).join(', '), pick(c.fix, 'zh'), pick(c.fix, 'en')]);
  for (const t of result.tradeoffs) rows.push(['tradeoff', pick(t, 'zh'), pick(t, 'en')]);
  rows.push([]);
  rows.push([L(msg('调整的课程', 'Courses changed')), L(msg('行', 'Row')), L(msg('优化前（各学期学时）', 'Before (hours per semester)')), L(msg('优化后', 'After'))]);
  for (const c of result.changes) rows.push([c.name, c.row + 1, c.before.join(' / '), c.after.join(' / ')]);
  rows.push([]);
  rows.push([L(msg('优化后检查仍有的问题', 'Findings after optimizing'))]);
  for (const f of after.findings.filter((x) => x.severity !== 'info')) rows.push([f.severity, f.rule, f.cells.slice(0, 6).join(', '), pick(f.message, 'zh'), pick(f.message, 'en')]);
  return rows;
}

export function noteText(mark: CellMark, lang: Lang): string {
  return `教学计划平衡器 Plan Balancer\n${pick(mark.note, lang)}`;
}
