/**
 * Two versions of a plan compared, as an academic office reads them (修订对照表): courses added,
 * removed and moved, totals, loads and shares per semester, findings that appear or disappear — and
 * as cells: every cell whose value, formula, style or note differs, sorted by who owns it (the plan's
 * course cells, its sub-total rows, the report sheet) and what nobody should have touched.
 */

import { check, type Finding, formatShare, type Share } from './checker';
import type { CellValue } from './grid';
import { isErrorValue } from './grid';
import { msg, type Message } from './message';
import { ownedCells } from './ownership';
import { type Category, type Course, type Plan, weightOf } from './plan';
import type { Rules } from './rules';
import { clean, normLabel } from './text';

export interface CourseDiff {
  kind: 'added' | 'removed' | 'changed';
  name: string;
  category: Category;
  /** Hours per semester, before and after (absent for an added or removed course's missing side). */
  before?: number[];
  after?: number[];
  totalBefore?: number;
  totalAfter?: number;
  creditsBefore?: number;
  creditsAfter?: number;
  /** Where the course is in each version ("教学进程表!C12"). */
  cellBefore?: string;
  cellAfter?: string;
}

export interface LoadDiff {
  semester: number;
  before: number | null;
  after: number | null;
}

export interface ShareDiff {
  key: Share['key'];
  before: number | null;
  after: number | null;
  min: number;
}

export interface PlanDiff {
  courses: CourseDiff[];
  loads: LoadDiff[];
  shares: ShareDiff[];
  totals: { hoursBefore: number; hoursAfter: number; creditsBefore: number; creditsAfter: number };
  appeared: Finding[];
  resolved: Finding[];
}

const twoDecimals = (n: number) => Math.round(n * 100) / 100;
const nameKey = (c: Course) => normLabel(c.name).replace(/[\s（）()·•.\-—_]/g, '');
const hoursOf = (c: Course) => c.placements.map((p) => clean(p?.hours ?? 0));
const where = (plan: Plan, c: Course) => `${c.sheet ?? plan.sheet}!${c.nameCell}`;

/** Courses matched by name (in list order among namesakes), then compared. */
export function diffPlans(before: Plan, after: Plan, rulesBefore: Rules, rulesAfter: Rules): PlanDiff {
  const pool = new Map<string, Course[]>();
  for (const c of after.courses) pool.set(nameKey(c), [...(pool.get(nameKey(c)) ?? []), c]);
  const courses: CourseDiff[] = [];
  const matched = new Set<Course>();
  for (const b of before.courses) {
    const a = pool.get(nameKey(b))?.shift();
    if (!a) {
      courses.push({ kind: 'removed', name: b.name, category: b.category, before: hoursOf(b), ...(b.totalHours ? { totalBefore: b.totalHours.value } : {}), ...(b.credits ? { creditsBefore: b.credits.value } : {}), cellBefore: where(before, b) });
      continue;
    }
    matched.add(a);
    const hb = hoursOf(b);
    const ha = hoursOf(a);
    const n = Math.max(hb.length, ha.length);
    const same = Array.from({ length: n }, (_, i) => Math.abs((hb[i] ?? 0) - (ha[i] ?? 0)) < 1e-9).every(Boolean) && b.totalHours?.value === a.totalHours?.value && b.credits?.value === a.credits?.value && b.category === a.category;
    if (!same)
      courses.push({
        kind: 'changed',
        name: a.name,
        category: a.category,
        before: hb,
        after: ha,
        ...(b.totalHours ? { totalBefore: b.totalHours.value } : {}),
        ...(a.totalHours ? { totalAfter: a.totalHours.value } : {}),
        ...(b.credits ? { creditsBefore: b.credits.value } : {}),
        ...(a.credits ? { creditsAfter: a.credits.value } : {}),
        cellBefore: where(before, b),
        cellAfter: where(after, a),
      });
  }
  for (const a of after.courses)
    if (!matched.has(a)) courses.push({ kind: 'added', name: a.name, category: a.category, after: hoursOf(a), ...(a.totalHours ? { totalAfter: a.totalHours.value } : {}), ...(a.credits ? { creditsAfter: a.credits.value } : {}), cellAfter: where(after, a) });

  const cb = check(before, rulesBefore);
  const ca = check(after, rulesAfter);
  const n = Math.max(cb.loads.length, ca.loads.length);
  const loads: LoadDiff[] = Array.from({ length: n }, (_, i) => ({
    semester: i + 1,
    before: cb.loads[i] ? twoDecimals(cb.loads[i].weeklyHours) : null,
    after: ca.loads[i] ? twoDecimals(ca.loads[i].weeklyHours) : null,
  }));
  const shares: ShareDiff[] = cb.shares.map((s) => ({ key: s.key, before: s.share, after: ca.shares.find((x) => x.key === s.key)?.share ?? null, min: s.min }));
  const credits = (p: Plan) => clean(p.courses.reduce((t, c) => t + (c.credits?.value ?? 0) * weightOf(c), 0));
  // A finding is the same one when the same rule names the same cells.
  const key = (f: Finding) => `${f.rule}|${[...f.cells].sort().join(',')}`;
  const countOf = (list: Finding[]) => {
    const m = new Map<string, number>();
    for (const f of list) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
    return m;
  };
  const notIn = (list: Finding[], other: Finding[]) => {
    const left = countOf(other);
    return list.filter((f) => {
      if (f.severity === 'info') return false;
      const k = key(f);
      const n = left.get(k) ?? 0;
      if (n > 0) {
        left.set(k, n - 1);
        return false;
      }
      return true;
    });
  };
  return {
    courses,
    loads,
    shares,
    totals: { hoursBefore: clean(cb.totalHours), hoursAfter: clean(ca.totalHours), creditsBefore: credits(before), creditsAfter: credits(after) },
    appeared: notIn(ca.findings, cb.findings),
    resolved: notIn(cb.findings, ca.findings),
  };
}

/** One cell as a workbook holds it: what a reviewer compares. */
export interface CellSnapshot {
  v: CellValue;
  f?: string;
  /** The cell's format, as one canonical text (font, fill, border, number format, alignment). */
  style?: string;
  note?: string;
}

export interface SheetSnapshot {
  sheet: string;
  cells: Map<string, CellSnapshot>;
}

export type CellOwner = 'course' | 'aggregate' | 'report' | 'other';
export type CellChangeKind = 'value' | 'formula' | 'result' | 'style' | 'note' | 'mark';

export interface CellChange {
  sheet: string;
  address: string;
  owner: CellOwner;
  /** value: a plain value changed; formula: the formula itself; result: only a formula's cached result;
   * style / note: format or note; mark: the product's fill and note on a cell whose content is the same. */
  kinds: CellChangeKind[];
  before: CellSnapshot | null;
  after: CellSnapshot | null;
}

export interface CellDiff {
  changes: CellChange[];
  sheetsAdded: string[];
  sheetsRemoved: string[];
  /** Changes by owner, and those outside what the plan owns (what nobody should have touched). */
  counts: Record<CellOwner, number>;
  outside: CellChange[];
}

/** What every note this product writes starts with, in the workbook's language (and as earlier versions wrote it). */
export const NOTE_SIGNATURES = ['教学计划平衡器：', 'Plan Balancer:', '教学计划平衡器 Plan Balancer'];

const sameValue = (a: CellValue, b: CellValue) => {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  if (isErrorValue(a) && isErrorValue(b)) return a.error === b.error;
  return (a === null || a === '') && (b === null || b === '');
};

/**
 * Cell by cell. `plan` is the earlier version's plan (its main sheet's course and sub-total cells are
 * what a patch may write); `reportSheets` the sheets a patch may add or replace.
 */
export function diffCells(before: SheetSnapshot[], after: SheetSnapshot[], plan: Plan | null, reportSheets: string[] = []): CellDiff {
  const owned = plan ? ownedCells(plan) : new Map();
  const changes: CellChange[] = [];
  const byName = new Map(after.map((s) => [s.sheet, s]));
  const sheetsRemoved = before.filter((s) => !byName.has(s.sheet)).map((s) => s.sheet);
  const sheetsAdded = after.filter((s) => !before.some((b) => b.sheet === s.sheet)).map((s) => s.sheet);
  const ownerOf = (sheet: string, address: string): CellOwner => {
    if (reportSheets.includes(sheet)) return 'report';
    if (plan && sheet === plan.sheet) return owned.get(address) ?? 'other';
    return 'other';
  };
  for (const b of before) {
    const a = byName.get(b.sheet);
    if (!a || reportSheets.includes(b.sheet)) continue;
    const addresses = new Set([...b.cells.keys(), ...a.cells.keys()]);
    for (const address of addresses) {
      const x = b.cells.get(address) ?? null;
      const y = a.cells.get(address) ?? null;
      const kinds: CellChangeKind[] = [];
      const fx = x?.f;
      const fy = y?.f;
      if ((fx ?? '') !== (fy ?? '')) kinds.push('formula');
      else if (!sameValue(x?.v ?? null, y?.v ?? null)) kinds.push(fx ? 'result' : 'value');
      const styleChanged = (x?.style ?? '') !== (y?.style ?? '');
      const noteChanged = (x?.note ?? '') !== (y?.note ?? '');
      // Our mark: a fill and a note of ours added below whatever note was there.
      const ours = noteChanged && NOTE_SIGNATURES.some((sig) => (y?.note ?? '').includes(sig)) && (y?.note ?? '').startsWith(x?.note ?? '');
      if (ours && kinds.length === 0) kinds.push('mark');
      else {
        if (styleChanged) kinds.push('style');
        if (noteChanged) kinds.push(ours ? 'mark' : 'note');
      }
      if (kinds.length) changes.push({ sheet: b.sheet, address, owner: ownerOf(b.sheet, address), kinds, before: x, after: y });
    }
  }
  const counts: Record<CellOwner, number> = { course: 0, aggregate: 0, report: 0, other: 0 };
  for (const c of changes) counts[c.owner]++;
  // A recalculated result or our mark is no change of the school's content.
  const outside = changes.filter((c) => c.owner === 'other' && c.kinds.some((k) => k !== 'result' && k !== 'mark'));
  return { changes, sheetsAdded, sheetsRemoved, counts, outside };
}

const pct = (x: number | null, min?: number) => (x === null ? '—' : formatShare(x, min));
const SHARE_NAMES: Record<Share['key'], Message> = {
  publicBasic: msg('公共基础课', 'Public basic'),
  elective: msg('选修课', 'Electives'),
  practice: msg('实践教学', 'Practice'),
};
const CHANGE_NAMES: Record<CellChangeKind, Message> = {
  value: msg('数值', 'value'),
  formula: msg('公式', 'formula'),
  result: msg('公式结果', 'formula result'),
  style: msg('格式', 'format'),
  note: msg('批注', 'note'),
  mark: msg('标记', 'mark'),
};
const OWNER_NAMES: Record<CellOwner, Message> = {
  course: msg('课程学期单元格', 'course semester cells'),
  aggregate: msg('小计 / 合计行', 'sub-total and total rows'),
  report: msg('报告表', 'report sheet'),
  other: msg('其他单元格', 'other cells'),
};

export { CHANGE_NAMES, OWNER_NAMES, SHARE_NAMES, pct };
