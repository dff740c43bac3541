import { describe, expect, it } from 'vitest';
import { gridFromRows } from '../src/core/grid';
import { readPlan, type ReadSuccess } from '../src/core/reader';
import { generateGrid, samplePlan, type GenOptions } from './helpers/grids';

function ok(r: ReturnType<typeof readPlan>): ReadSuccess {
  if (!r.ok) throw new Error(`reader failed: ${r.error.en}`);
  return r;
}

function expectSample(plan: ReadSuccess['plan'], nSem = 6) {
  const sample = samplePlan(nSem);
  expect(plan.courses.map((c) => c.name)).toEqual(sample.map((c) => c.name));
  expect(plan.semesters).toHaveLength(nSem);
  for (const [i, c] of plan.courses.entries()) {
    expect(c.totalHours?.value).toBe(sample[i].hours);
    expect(c.credits?.value).toBe(sample[i].credits);
    expect(c.placements.map((p) => (p ? p.hours : null))).toEqual(sample[i].semesters);
  }
  expect(plan.courses.map((c) => c.category)).toEqual(['public-basic', 'public-basic', 'public-basic', 'professional-basic', 'professional-core', 'elective']);
}

const layouts: [string, GenOptions][] = [
  ['(学时, 学分) pairs under merged two-row header', { layout: 'pair', header: 'two-row', mergeCategories: true }],
  ['pairs in a one-row header', { layout: 'pair', header: 'one-row' }],
  ['pairs under 学年 year bands (three header rows)', { layout: 'pair', header: 'year-band', mergeCategories: true }],
  ['one hours column per semester', { layout: 'hours', header: 'two-row' }],
  ['one hours column, semesters written 1..6', { layout: 'hours', header: 'two-row', semesterLabel: (i) => String(i + 1) }],
  ['one hours column, semesters written S1..S6', { layout: 'hours', header: 'one-row', semesterLabel: (i) => `S${i + 1}` }],
  ['Semester 1.. labels', { layout: 'hours', header: 'one-row', semesterLabel: (i) => `Semester ${i + 1}` }],
  ['第1学期 labels with year bands, hours only', { layout: 'hours', header: 'year-band', semesterLabel: (i) => `第${i + 1}学期` }],
  ['weekly hours with a weeks row', { layout: 'weekly', header: 'two-row', weeksRow: true }],
  ['weekly hours, weeks from the settings', { layout: 'weekly', header: 'two-row' }],
  ['two-level categories, title rows, sub-totals, ratios, totals, blanks and a note', {
    layout: 'pair', header: 'two-row', twoLevel: '平台课程', mergeCategories: true, subtotals: true, ratioRows: true, grandTotal: true, titleRows: 2, noteRow: true, blankBetweenGroups: true,
  }],
];

describe('reader: layouts', () => {
  for (const [name, opts] of layouts) {
    it(name, () => {
      const r = ok(readPlan(generateGrid(samplePlan(), opts)));
      expectSample(r.plan);
      expect(r.plan.semesterMode).toBe(opts.layout);
    });
  }

  it('reads ten semesters (five-year programme) and twelve at most', () => {
    for (const n of [2, 10, 12]) {
      const r = ok(readPlan(generateGrid(samplePlan(n), { layout: 'hours', header: 'two-row', semesterLabel: (i) => `第${i + 1}学期` })));
      expect(r.plan.semesters).toHaveLength(n);
    }
  });

  it('takes weeks from the weeks row and multiplies weekly hours by them', () => {
    const weeks = [16, 18, 18, 20, 18, 18];
    const courses = samplePlan().map((c) => ({ ...c, semesters: c.semesters.map((h, i) => (h === null ? null : (h / 18) * weeks[i])) }));
    const r = ok(readPlan(generateGrid(courses, { layout: 'weekly', header: 'two-row', weeksRow: true, weeks })));
    expect(r.plan.semesters.map((s) => s.weeks)).toEqual(weeks);
    expect(r.plan.semesters[0].weeksCell).toMatch(/^[A-Z]+\d+$/);
    expect(r.plan.courses[0].placements[0]?.weekly).toBe(4);
    expect(r.plan.courses[0].placements[0]?.hours).toBe(64);
  });

  it('detects weekly hours from the numbers when the header does not say', () => {
    const grid = generateGrid(samplePlan(), { layout: 'weekly', header: 'one-row', semesterLabel: (i) => `第${i + 1}学期` });
    // The generator labels weekly columns "…周学时"; make them plain semester labels.
    for (const cell of grid.cells[0]) if (cell && typeof cell.v === 'string') cell.v = cell.v.replace('周学时', '');
    const r = ok(readPlan(grid));
    expect(r.plan.semesterMode).toBe('weekly');
    expect(r.plan.courses[0].placements[0]?.hours).toBe(72);
    expect(r.plan.notes.some((n) => n.id === 'reader.weekly-detected')).toBe(true);
  });

  it('keeps sub-total, ratio and total rows apart from courses and knows what they cover', () => {
    const r = ok(readPlan(generateGrid(samplePlan(), { layout: 'pair', header: 'two-row', mergeCategories: true, subtotals: true, ratioRows: true, grandTotal: true })));
    const kinds = r.plan.aggregates.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'subtotal')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'ratio')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'total')).toHaveLength(1);
    const first = r.plan.aggregates[0];
    expect(first.covers).toHaveLength(3);
    expect(first.totalHours?.value).toBe(396); // uncached =SUM computed by the reader
    expect(first.totalHours?.formula).toMatch(/^SUM\(/);
    const total = r.plan.aggregates.find((a) => a.kind === 'total')!;
    expect(total.covers).toHaveLength(6);
  });

  it('every fact remembers its cell', () => {
    const r = ok(readPlan(generateGrid(samplePlan(), { layout: 'pair', header: 'two-row', titleRows: 1 })));
    const c = r.plan.courses[0];
    expect(c.nameCell).toBe('C4');
    expect(c.totalHours?.cell).toBe('D4');
    expect(c.placements[0]?.cell).toBe('F4');
    expect(c.placements[0]?.creditsCell).toBe('G4');
    expect(r.plan.headerRows).toEqual([1, 2]);
  });
});

describe('reader: values as people type them', () => {
  const header = ['课程类别', '序号', '课程名称', '学时', '学分', '第一学期', '第二学期'];

  it('reads numbers stored as text, full-width digits and thousands separators', () => {
    const g = gridFromRows('S', [header, ['公共基础课', 1, '语文', '７２', ' 4 ', '36', '３６'], [null, 2, '数学', '1,080', 60, 540, 540]]);
    const r = ok(readPlan(g));
    expect(r.plan.courses[0].totalHours?.value).toBe(72);
    expect(r.plan.courses[0].credits?.value).toBe(4);
    expect(r.plan.courses[0].placements.map((p) => p?.hours)).toEqual([36, 36]);
    expect(r.plan.courses[1].totalHours?.value).toBe(1080);
    expect(r.plan.courses[1].category).toBe('public-basic'); // filled down
  });

  it('reports error values and stray text with their cells, without dropping the course', () => {
    const g = gridFromRows('S', [header, ['公共基础课', 1, '语文', { error: '#REF!' }, 4, '待定', 36], [null, 2, '数学', '36(讲座)', 2, null, 36]]);
    const r = ok(readPlan(g));
    expect(r.plan.courses).toHaveLength(2);
    const ids = r.plan.notes.map((n) => `${n.id}@${n.cells.join(',')}`);
    expect(ids).toContain('reader.error-value@D2');
    expect(ids).toContain('reader.not-a-number@F2');
    expect(ids).toContain('reader.text-number@D3');
    expect(r.plan.courses[1].totalHours?.value).toBe(36);
  });

  it('computes simple formulas a file did not cache and keeps the formula', () => {
    const g = gridFromRows('S', [header, ['公共基础课', 1, '语文', '=E2*18', 4, '=D2/2', '=D2-F2']]);
    const c = ok(readPlan(g)).plan.courses[0];
    expect(c.totalHours).toMatchObject({ value: 72, formula: 'E2*18' });
    expect(c.placements.map((p) => p?.hours)).toEqual([36, 36]);
  });

  it('says so when a category label is unknown, once per label', () => {
    const g = gridFromRows('S', [header, ['神秘模块', 1, 'A', 36, 2, 36], [null, 2, 'B', 36, 2, 36]]);
    const r = ok(readPlan(g));
    const unknown = r.plan.notes.filter((n) => n.id === 'reader.unknown-category');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].cells).toEqual(['A2']);
    expect(r.plan.courses.every((c) => c.category === 'other')).toBe(true);
  });

  it('names an internship row by its sequence cell, as the seed writes it', () => {
    const g = gridFromRows('S', [header, ['岗位实习', '岗位实习', null, 600, 30, null, 600]]);
    const c = ok(readPlan(g)).plan.courses[0];
    expect(c.name).toBe('岗位实习');
    expect(c.isInternship).toBe(true);
    expect(c.category).toBe('internship');
  });

  it('maps 公共选修课 to electives and two-level labels to the specific one', () => {
    const g = gridFromRows('S', [
      ['课程类别', '课程类别', '课程名称', '学时', '第1学期'],
      ['平台课程', '公共必修课', '思政', 48, 48],
      ['平台课程', '公共选修课', '书法', 32, 32],
      ['模块课程', '专业核心课', '大数据', 64, 64],
    ]);
    const r = ok(readPlan(g));
    expect(r.plan.courses.map((c) => c.category)).toEqual(['public-basic', 'elective', 'professional-core']);
    expect(r.plan.courses[0].categoryPath).toEqual(['平台课程', '公共必修课']);
  });
});

describe('reader: choosing the table', () => {
  it('fails with a clear message when there is no course table', () => {
    const r = readPlan(gridFromRows('成绩', [['姓名', '分数'], ['张三', 90]]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.zh).toContain('成绩');
      expect(r.error.en).toContain('No course table');
    }
  });

  it('picks the larger of two tables and says there were two', () => {
    const small = [['课程名称', '学时', '第一学期'], ['A', 36, 36]];
    const big = [['课程名称', '学时', '第一学期'], ['B', 36, 36], ['C', 36, 36], ['D', 36, 36]];
    const r = ok(readPlan(gridFromRows('S', [...small, [], ...big])));
    expect(r.plan.courses.map((c) => c.name)).toEqual(['B', 'C', 'D']);
    expect(r.alternatives).toEqual([1]);
    expect(r.plan.notes.some((n) => n.id === 'reader.several-tables')).toBe(true);
  });

  it('follows an explicit mapping over detection', () => {
    const g = gridFromRows('S', [['备注'], ['名', '时', '一', '二'], ['语文', 72, 36, 36]]);
    expect(readPlan(g).ok).toBe(false);
    const r = ok(readPlan(g, { mapping: { headerRow: 2, name: 'A', totalHours: 'B', semesters: [{ hours: 'C' }, { hours: 'D' }] } }));
    expect(r.plan.courses[0]).toMatchObject({ name: '语文', totalHours: { value: 72, cell: 'B3' } });
    expect(r.plan.courses[0].placements.map((p) => p?.hours)).toEqual([36, 36]);
  });

  it('respects the grid origin (a used range that does not start at A1)', () => {
    const g = gridFromRows('S', [['课程名称', '学时', '第一学期'], ['语文', 72, 72]], [], 4, 2);
    const c = ok(readPlan(g)).plan.courses[0];
    expect(c.nameCell).toBe('C6');
    expect(c.placements[0]?.cell).toBe('E6');
  });
});
