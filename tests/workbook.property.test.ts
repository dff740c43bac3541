/**
 * Property tests for whole-workbook reading: a plan split over sheets reads back as the same plan, an
 * elective group counts once whatever its size, and mutated multi-sheet workbooks never throw or hang.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, countedHours } from '../src/core/checker';
import type { Cell, CellValue, Grid } from '../src/core/grid';
import { gridFromRows } from '../src/core/grid';
import { readWorkbook } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { type GenCourse, generateGrid } from './helpers/grids';
import { hasShared, sharedPath, withShared } from './helpers/shared';

const CATEGORIES = ['公共基础课', '专业基础课', '专业核心课', '专业选修课'];

const course = (nSem: number): fc.Arbitrary<GenCourse> =>
  fc
    .record({
      category: fc.constantFrom(...CATEGORIES),
      name: fc.stringMatching(/^[甲乙丙丁戊己庚辛壬癸]{2,4}$/),
      start: fc.nat(nSem - 1),
      span: fc.integer({ min: 1, max: 2 }),
      weekly: fc.integer({ min: 1, max: 6 }),
    })
    .map(({ category, name, start, span, weekly }) => {
      const semesters = Array.from({ length: nSem }, (_, i) => (i >= start && i < start + span ? weekly * 18 : null));
      const hours = semesters.reduce<number>((s, h) => s + (h ?? 0), 0);
      return { category, name, hours, credits: hours / 18, semesters };
    });

const plan = fc
  .integer({ min: 4, max: 8 })
  .chain((nSem) => fc.uniqueArray(course(nSem), { minLength: 4, maxLength: 24, selector: (c) => c.name }));

const shape = (p: ReturnType<typeof readWorkbook>['chosen']) =>
  p!.plan.courses.map((c) => [c.name, c.category, c.totalHours?.value, c.placements.map((x) => x?.hours ?? null)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('whole workbooks', () => {
  it('a plan split over 2–4 sheets in random ways reads back as the same plan, with the same totals', () => {
    fc.assert(
      fc.property(plan, fc.integer({ min: 2, max: 4 }), fc.array(fc.nat(3), { minLength: 24, maxLength: 24 }), (courses, k, assign) => {
        const whole = readWorkbook([generateGrid(courses, { layout: 'pair', header: 'two-row', mergeCategories: true }, '全部')]);
        // Each course goes to one of k sheets; the first sheet keeps the most so it stays the main one.
        const parts: GenCourse[][] = Array.from({ length: k }, () => []);
        courses.forEach((c, i) => parts[i === 0 ? 0 : assign[i] % k].push(c));
        const grids = parts.filter((p) => p.length > 0).map((p, i) => generateGrid(p, { layout: 'pair', header: 'two-row', mergeCategories: true }, `表${i + 1}`));
        const split = readWorkbook(grids);
        expect(shape(split.chosen)).toEqual(shape(whole.chosen));
        expect(split.info.every((s) => s.role === 'courses')).toBe(true);
        const a = check(whole.chosen!.plan, PRESETS.zhongzhi);
        const b = check(split.chosen!.plan, PRESETS.zhongzhi);
        expect(b.totalHours).toBe(a.totalHours);
        expect(b.loads.map((l) => l.weeklyHours)).toEqual(a.loads.map((l) => l.weeklyHours));
        expect(b.shares).toEqual(a.shares);
        // Every cell of a course on another sheet names that sheet.
        for (const c of split.chosen!.plan.courses) if (c.sheet) expect(c.nameCell.startsWith(`${c.sheet}!`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('an elective slot with options counts once, whatever the number of options', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 4 }), (options, weekly) => {
        const rows: (CellValue | undefined)[][] = [
          ['课程类别', '', '课程名称', '学时', '学分', '第一学期', '第二学期'],
          ['公共基础课', '', '语文', 72, 4, 72, undefined],
          ['公共限选课', '外语', '大学英语A', weekly * 18, weekly, weekly * 18, undefined],
          ...Array.from({ length: options }, (_, i) => [undefined, undefined, `大学英语${String.fromCharCode(66 + i)}`, undefined, undefined, undefined, undefined]),
          ['专业核心课', '', '网店运营', 36, 2, undefined, 36],
        ];
        const merges = [{ r0: 2, c0: 0, r1: 2 + options, c1: 0 }, { r0: 2, c0: 1, r1: 2 + options, c1: 1 }];
        const p = readWorkbook([gridFromRows('表', rows, merges)]).chosen!.plan;
        const english = p.courses.find((c) => c.name === '大学英语A')!;
        expect(english.alternatives ?? []).toHaveLength(options);
        const result = check(p, PRESETS.zhongzhi);
        expect(result.totalHours).toBe(72 + weekly * 18 + 36);
        expect(result.shares.find((s) => s.key === 'elective')!.hours).toBe(weekly * 18);
      }),
      { numRuns: 100 },
    );
  });

  it('a choice group whose sub-total states fewer hours than its options counts the stated hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 3 }), (options, chosen) => {
        const take = Math.min(chosen, options - 1);
        const rows: (CellValue | undefined)[][] = [
          ['课程类别', '课程名称', '学时', '学分', '1(16w)', '2(18w)'],
          ['公共基础课', '应用数学', 64, 4, 4, undefined],
          ['小计', undefined, 64, 4, 4, undefined],
          ...Array.from({ length: options }, (_, i) => ['专业选修', `选修课${i + 1}`, 32, 2, undefined, undefined]),
          ['小计', undefined, take * 32, take * 2, undefined, take * 2],
        ];
        const merges = [{ r0: 3, c0: 0, r1: 2 + options, c1: 0 }];
        const p = readWorkbook([gridFromRows('表', rows, merges)]).chosen!.plan;
        const result = check(p, PRESETS.gaozhi);
        expect(result.totalHours).toBe(64 + take * 32);
        expect(p.courses.filter((c) => c.category === 'elective').reduce((s, c) => s + countedHours(c), 0)).toBe(take * 32);
        expect(result.findings.filter((f) => f.rule === 'course-unplaced')).toEqual([]);
        expect(result.findings.filter((f) => f.rule === 'subtotal-mismatch')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

type Mutation = { sheet: number; r: number; c: number; v: Cell | null } | { sheet: number; deleteRow: number } | { drop: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    sheet: fc.nat(5),
    r: fc.nat(70),
    c: fc.nat(18),
    v: fc.oneof(
      fc.constant(null),
      fc.constantFrom('2+1', '4/期', '4+4/期', '1w', '18W', '4/16W', '暑假学期', '1（16w）', '小计', '合计', '方向', '公共限选', '#REF!', '', '一', '学期', '教学周数', '实习学时').map((v) => ({ v })),
      fc.integer({ min: -5, max: 3000 }).map((v) => ({ v })),
      fc.constantFrom('SUM(教学进程表2!K5:K17)', '教学进程表1!I24+实践教学!D11', "'课时学分统计'!E9*2", 'A1', 'B2+C3', '表2!A1', 'SUM(A1:A3)').map((f) => ({ v: null, f })),
    ),
  }),
  fc.record({ sheet: fc.nat(5), deleteRow: fc.nat(70) }),
  fc.record({ drop: fc.nat(5) }),
);

function mutateWorkbook(base: Grid[], ms: Mutation[]): Grid[] {
  let grids = base.map((g) => ({ ...g, cells: g.cells.map((row) => row.map((c) => (c ? { ...c } : null))), merges: [...g.merges] }));
  for (const m of ms) {
    if ('drop' in m) {
      if (grids.length > 1) grids = grids.filter((_, i) => i !== m.drop % grids.length);
      continue;
    }
    const g = grids[m.sheet % grids.length];
    if ('deleteRow' in m) g.cells.splice(m.deleteRow, 1);
    else {
      while (g.cells.length <= m.r) g.cells.push([]);
      g.cells[m.r][m.c] = m.v;
    }
  }
  return grids;
}

function exercise(grids: Grid[]): void {
  const read = readWorkbook(grids);
  expect(read.info).toHaveLength(grids.length);
  if (read.chosen) {
    const result = check(read.chosen.plan, PRESETS.gaozhi);
    for (const f of result.findings) {
      expect(f.message.zh.length).toBeGreaterThan(0);
      expect(f.message.en.length).toBeGreaterThan(0);
      expect(Number.isFinite(result.totalHours)).toBe(true);
    }
  }
}

describe('mutated multi-sheet workbooks', () => {
  const generated = (): Grid[] => {
    const courses: GenCourse[] = [
      { category: '公共基础课', name: '思想道德与法治', hours: 48, credits: 3, semesters: [48, null, null, null, null, null] },
      { category: '公共基础课', name: '体育', hours: 108, credits: 6, semesters: [36, 36, 36, null, null, null] },
      { category: '专业核心课', name: '大数据分析', hours: 64, credits: 4, semesters: [null, null, 64, null, null, null] },
    ];
    const modules: GenCourse[] = [
      { category: '公共限选课', name: '大学英语A', hours: 64, credits: 4, semesters: [64, null, null, null, null, null] },
      { category: '专业选修课', name: 'Oracle数据库', hours: 96, credits: 6, semesters: [null, null, 96, null, null, null] },
    ];
    const practice = gridFromRows('实践教学', [
      ['学期', '课堂教学', '军事技能', '军事技能学时', '岗位实习', '实习学时'],
      ['一', 16, 2, 112, undefined, undefined],
      ['二', 18],
      ['三', 18],
      ['四', 18],
      ['五', 10, undefined, undefined, 8, 192],
      ['六', 0, undefined, undefined, 16, 384],
    ]);
    const summary = gridFromRows('课时学分统计', [['总课时数', '=教学进程表1!E10+教学进程表2!E8+实践教学!D2'], ['实践课时比例', 0.5]]);
    return [
      generateGrid(courses, { layout: 'hours', header: 'two-row', subtotals: true }, '教学进程表1'),
      generateGrid(modules, { layout: 'hours', header: 'two-row', subtotals: true }, '教学进程表2'),
      practice,
      summary,
    ];
  };

  it('2,000 mutated workbooks (generated: course sheets, a practice table, a summary) never throw or hang', () => {
    const base = generated();
    exercise(base);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (ms) => exercise(mutateWorkbook(base, ms))),
      { numRuns: 2000 },
    );
  });

  it.skipIf(!hasShared)(withShared('300 mutations of the real bigdata workbook never throw or hang'), async () => {
    const base = workbookGrids(await loadWorkbook(readFileSync(sharedPath('data/real/bigdata-2022-draft.xlsx'))));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => exercise(mutateWorkbook(base, ms))),
      { numRuns: 300 },
    );
  });

  it('a cross-sheet formula cycle ends, and the evaluator reads other sheets', () => {
    const a = gridFromRows('甲', [['课程名称', '学时', '第一学期'], ['语文', '=乙!A1', 36]]);
    const b = gridFromRows('乙', [['=甲!B2+1']]);
    const read = readWorkbook([a, b]);
    expect(read.chosen!.plan.courses[0].totalHours).toBeUndefined();
    const result = check(read.chosen!.plan, PRESETS.zhongzhi);
    expect(result.findings.find((f) => f.cells.includes('B2'))?.message.en).toMatch(/circular/i);
    const c = gridFromRows('丙', [['课程名称', '学时', '第一学期'], ['语文', '=丁!A1*2', 36]]);
    const d = gridFromRows('丁', [[18]]);
    expect(readWorkbook([c, d]).chosen!.plan.courses[0].totalHours?.value).toBe(36);
  });
});
