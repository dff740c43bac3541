/** Generated teaching-schedule grids in the layouts schools use, for reader and checker tests. */
import type { CellValue, Grid, Merge } from '../../src/core/grid';
import { columnLetter as columnName, gridFromRows } from '../../src/core/grid';

export interface GenCourse {
  category: string;
  name: string;
  hours: number;
  credits: number;
  /** Hours per semester (weekly layouts divide by weeks). */
  semesters: (number | null)[];
  practice?: number;
}

export type SemesterLayout = 'pair' | 'hours' | 'weekly';
export type HeaderStyle = 'one-row' | 'two-row' | 'year-band';

export interface GenOptions {
  layout: SemesterLayout;
  header: HeaderStyle;
  semesterLabel?: (i: number) => string;
  weeks?: number[];
  weeksRow?: boolean;
  mergeCategories?: boolean;
  twoLevel?: string; // outer category label for a two-level category column pair
  subtotals?: boolean;
  ratioRows?: boolean;
  grandTotal?: boolean;
  practiceColumn?: boolean;
  titleRows?: number;
  noteRow?: boolean;
  blankBetweenGroups?: boolean;
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
export const cnSemester = (i: number) => `第${CN[i]}学期`;

export function generateGrid(courses: GenCourse[], o: GenOptions, sheet = 'Sheet1'): Grid {
  const nSem = courses[0].semesters.length;
  const weeks = o.weeks ?? new Array(nSem).fill(18);
  const label = o.semesterLabel ?? cnSemester;
  const rows: (CellValue | undefined)[][] = [];
  const merges: Merge[] = [];
  const lead = o.twoLevel ? ['课程类别', '课程类别'] : ['课程类别'];
  const fixed = [...lead, '序号', '课程名称', '学时', '学分', ...(o.practiceColumn ? ['其中实践'] : [])];
  const perSem = o.layout === 'pair' ? 2 : 1;
  const semStart = fixed.length;
  const width = semStart + nSem * perSem;

  for (let t = 0; t < (o.titleRows ?? 0); t++) {
    rows.push([t === 0 ? '某某学校教学进程表' : '适用班级：2024级', ...new Array(width - 1).fill(undefined)]);
    merges.push({ r0: rows.length - 1, c0: 0, r1: rows.length - 1, c1: width - 1 });
  }
  const top = rows.length;
  const subLabel = o.layout === 'weekly' ? '周学时' : '学时';
  if (o.header === 'one-row') {
    const r: CellValue[] = [...fixed];
    for (let s = 0; s < nSem; s++) {
      if (o.layout === 'pair') r.push(`${label(s)}学时`, `${label(s)}学分`);
      else r.push(o.layout === 'weekly' ? `${label(s)}周学时` : label(s));
    }
    rows.push(r);
  } else if (o.header === 'two-row') {
    const r1: (CellValue | undefined)[] = [...fixed];
    const r2: (CellValue | undefined)[] = fixed.map(() => undefined);
    for (let s = 0; s < nSem; s++) {
      if (o.layout === 'pair') {
        r1.push(label(s), undefined);
        r2.push('学时', '学分');
        merges.push({ r0: top, c0: semStart + s * 2, r1: top, c1: semStart + s * 2 + 1 });
      } else {
        r1.push(label(s));
        r2.push(subLabel);
      }
    }
    rows.push(r1, r2);
    fixed.forEach((_, c) => merges.push({ r0: top, c0: c, r1: top + 1, c1: c }));
    if (o.twoLevel) merges.push({ r0: top, c0: 0, r1: top + 1, c1: 1 });
  } else {
    const r1: (CellValue | undefined)[] = [...fixed];
    const r2: (CellValue | undefined)[] = fixed.map(() => undefined);
    const r3: (CellValue | undefined)[] = fixed.map(() => undefined);
    for (let s = 0; s < nSem; s++) {
      const col = semStart + s * perSem;
      if (s % 2 === 0) {
        r1.push(`第${CN[s / 2]}学年`);
        merges.push({ r0: top, c0: col, r1: top, c1: Math.min(col + perSem * 2 - 1, width - 1) });
      } else r1.push(undefined);
      if (perSem === 2) r1.push(undefined);
      r2.push(label(s));
      if (perSem === 2) {
        r2.push(undefined);
        merges.push({ r0: top + 1, c0: col, r1: top + 1, c1: col + 1 });
        r3.push('学时', '学分');
      } else r3.push(subLabel);
    }
    rows.push(r1, r2, r3);
    fixed.forEach((_, c) => merges.push({ r0: top, c0: c, r1: top + 2, c1: c }));
  }
  if (o.weeksRow) {
    const r: (CellValue | undefined)[] = new Array(width).fill(undefined);
    r[lead.length + 1] = '教学周数';
    for (let s = 0; s < nSem; s++) r[semStart + s * perSem] = weeks[s];
    rows.push(r);
  }

  const cats = [...new Set(courses.map((c) => c.category))];
  const courseRows: number[] = [];
  for (const cat of cats) {
    const list = courses.filter((c) => c.category === cat);
    const first = rows.length;
    list.forEach((c, i) => {
      const r: (CellValue | undefined)[] = [];
      if (o.twoLevel) r.push(i === 0 || !o.mergeCategories ? o.twoLevel : undefined);
      r.push(i === 0 || !o.mergeCategories ? cat : undefined, i + 1, c.name, c.hours, c.credits);
      if (o.practiceColumn) r.push(c.practice ?? 0);
      c.semesters.forEach((h, s) => {
        if (o.layout === 'pair') r.push(h ?? undefined, h === null ? undefined : (h / c.hours) * c.credits);
        else if (o.layout === 'weekly') r.push(h === null ? undefined : h / weeks[s]);
        else r.push(h ?? undefined);
      });
      courseRows.push(rows.length);
      rows.push(r);
    });
    const last = rows.length - 1;
    if (o.mergeCategories && list.length > 1) merges.push({ r0: first, c0: lead.length - 1, r1: last, c1: lead.length - 1 });
    if (o.subtotals) {
      const r: (CellValue | undefined)[] = new Array(width).fill(undefined);
      r[lead.length] = '小计';
      const col = (k: number) => columnName(k);
      r[lead.length + 2] = `=SUM(${col(lead.length + 2)}${first + 1}:${col(lead.length + 2)}${last + 1})`;
      r[lead.length + 3] = list.reduce((s, c) => s + c.credits, 0);
      rows.push(r);
    }
    if (o.ratioRows) {
      const r: (CellValue | undefined)[] = new Array(width).fill(undefined);
      r[lead.length] = '占比';
      r[lead.length + 2] = '10%';
      rows.push(r);
    }
    if (o.blankBetweenGroups) rows.push([]);
  }
  if (o.grandTotal) {
    const r: (CellValue | undefined)[] = new Array(width).fill(undefined);
    r[0] = '合计';
    r[lead.length + 2] = courses.reduce((s, c) => s + c.hours, 0);
    r[lead.length + 3] = courses.reduce((s, c) => s + c.credits, 0);
    rows.push(r);
  }
  if (o.noteRow) rows.push(['说明：1、本表不含军训。', undefined, undefined, undefined, 999]);
  return gridFromRows(sheet, rows, merges);
}

/** A small realistic plan: 6 semesters, all categories, every course placed. */
export function samplePlan(nSem = 6): GenCourse[] {
  const sem = (placements: Record<number, number>) => Array.from({ length: nSem }, (_, i) => placements[i] ?? null);
  return [
    { category: '公共基础课', name: '语文', hours: 144, credits: 8, semesters: sem({ 0: 72, 1: 72 }) },
    { category: '公共基础课', name: '数学', hours: 144, credits: 8, semesters: sem({ 0: 72, 1: 72 }) },
    { category: '公共基础课', name: '英语', hours: 108, credits: 6, semesters: sem({ 0: 54, 1: 54 }) },
    { category: '专业基础课', name: '电子商务概论', hours: 72, credits: 4, semesters: sem({ 2: 72 }) },
    { category: '专业核心课', name: '网店运营', hours: 108, credits: 6, semesters: sem({ 2: 54, 3: 54 }), practice: 54 },
    { category: '专业选修课', name: '商务礼仪', hours: 36, credits: 2, semesters: sem({ 3: 36 }) },
  ];
}
