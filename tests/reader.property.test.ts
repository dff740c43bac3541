/** Thousands of random and mutated grids: the reader and checker never throw and never hang. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/core/checker';
import type { Cell, CellValue, Grid, Merge } from '../src/core/grid';
import { readPlan } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { generateGrid, samplePlan } from './helpers/grids';
import { EXAMPLE } from './helpers/shared';

const WORDS = [
  '课程类别', '课程名称', '序号', '学时', '学分', '总学时', '其中实践', '周学时', '第一学期', '第二学期', '第1学期', 'S3', '1', '2', '3',
  '第一学年', '公共基础课', '专业核心课', '专业选修课', '岗位实习', '合计', '小计', '占比%', '说明：', '教学周数', '18', '１８', '10%', '#REF!', '', ' ',
  '语文', '数学', '平台课程', '课程', 'Semester 2', '上', '下', '名称', '备注', '学期', '各学期课时分配',
];

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.integer({ min: -50, max: 5000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: false }),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom({ error: '#REF!' }, { error: '#DIV/0!' }, { error: '#N/A' }),
);

const formula = fc.oneof(
  fc.constantFrom('SUM(A1:A5)', 'A1+B2', 'SUM(A1:XFD1048576)', 'D4*18', 'A1', 'SUM(C1:C3)/0', 'VLOOKUP(A1,B:C,2)', 'Sheet2!A1', '((', 'SUM('),
  fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })).map(([a, b]) => `SUM(D${a}:D${b})+E${a}`),
);

const cell: fc.Arbitrary<Cell | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: cellValue.map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.tuple(cellValue, formula).map(([v, f]) => ({ v, f })) },
);

const merge: fc.Arbitrary<Merge> = fc.tuple(fc.nat(40), fc.nat(20), fc.nat(6), fc.nat(6)).map(([r0, c0, h, w]) => ({ r0, c0, r1: r0 + h, c1: c0 + w }));

const randomGrid: fc.Arbitrary<Grid> = fc
  .record({
    cells: fc.array(fc.array(cell, { maxLength: 18 }), { maxLength: 40 }),
    merges: fc.array(merge, { maxLength: 8 }),
    originRow: fc.nat(100),
    originCol: fc.nat(5),
  })
  .map((g) => ({ sheet: 'Random', ...g }));

function exercise(grid: Grid): void {
  const r = readPlan(grid);
  if (r.ok) {
    for (const c of r.plan.courses) {
      expect(c.nameCell).toMatch(/^[A-Z]{1,3}\d+$/);
      expect(c.placements).toHaveLength(r.plan.semesters.length);
    }
    const result = check(r.plan, PRESETS.zhongzhi);
    for (const f of result.findings) {
      expect(f.message.zh.length).toBeGreaterThan(0);
      expect(f.message.en.length).toBeGreaterThan(0);
      for (const c of f.cells) expect(c).toMatch(/^[A-Z]{1,3}\d+$/);
    }
    expect(r.plan.semesters.length).toBeLessThanOrEqual(12);
  } else {
    expect(r.error.zh.length).toBeGreaterThan(0);
    // readPlan turns an internal exception into "Could not read sheet …": that would be a bug here.
    expect(r.error.en).not.toMatch(/^Could not read sheet/);
    expect(r.error.en.length).toBeGreaterThan(0);
  }
}

type Mutation = { kind: 'set'; r: number; c: number; v: Cell | null } | { kind: 'deleteRow'; r: number } | { kind: 'dupRow'; r: number } | { kind: 'merge'; m: Merge };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), r: fc.nat(50), c: fc.nat(18), v: cell }),
  fc.record({ kind: fc.constant('deleteRow' as const), r: fc.nat(50) }),
  fc.record({ kind: fc.constant('dupRow' as const), r: fc.nat(50) }),
  fc.record({ kind: fc.constant('merge' as const), m: merge }),
);

function mutate(base: Grid, ms: Mutation[]): Grid {
  const cells = base.cells.map((row) => row.map((c) => (c ? { ...c } : null)));
  const merges = [...base.merges];
  for (const m of ms) {
    if (m.kind === 'set') {
      while (cells.length <= m.r) cells.push([]);
      cells[m.r][m.c] = m.v;
    } else if (m.kind === 'deleteRow' && m.r < cells.length) cells.splice(m.r, 1);
    else if (m.kind === 'dupRow' && m.r < cells.length) cells.splice(m.r, 0, cells[m.r].map((c) => (c ? { ...c } : null)));
    else if (m.kind === 'merge') merges.push(m.m);
  }
  return { ...base, cells, merges };
}

describe('reader properties', () => {
  it('random grids: never throws, never hangs, every message names cells in both languages', () => {
    fc.assert(fc.property(randomGrid, (g) => exercise(g)), { numRuns: 2000 });
  });

  it('mutated real layouts: never throws, never hangs', async () => {
    const wb = await loadWorkbook(readFileSync(EXAMPLE));
    const bases = [
      workbookGrids(wb)[0],
      generateGrid(samplePlan(), { layout: 'pair', header: 'year-band', mergeCategories: true, subtotals: true, ratioRows: true, grandTotal: true }),
      generateGrid(samplePlan(), { layout: 'weekly', header: 'two-row', weeksRow: true, twoLevel: '平台课程' }),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 12 }), (base, ms) => exercise(mutate(base, ms))),
      { numRuns: 2000 },
    );
  });

  it('a clean generated plan reads back exactly, whatever its values', () => {
    const plan = fc.array(
      fc.record({
        hours: fc.integer({ min: 1, max: 20 }).map((n) => n * 18),
        sem: fc.integer({ min: 0, max: 5 }),
        cat: fc.constantFrom('公共基础课', '专业基础课', '专业核心课', '专业选修课'),
      }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(plan, fc.constantFrom('pair' as const, 'hours' as const, 'weekly' as const), fc.constantFrom('one-row' as const, 'two-row' as const, 'year-band' as const), (list, layout, header) => {
        const courses = list.map((x, i) => ({
          category: x.cat,
          name: `课程${i + 1}`,
          hours: x.hours,
          credits: x.hours / 18,
          semesters: Array.from({ length: 6 }, (_, s) => (s === x.sem ? x.hours : null)),
        }));
        const r = readPlan(generateGrid(courses, { layout, header, mergeCategories: true }));
        if (!r.ok) throw new Error(r.error.en);
        const byName = new Map(r.plan.courses.map((c) => [c.name, c]));
        for (const c of courses) {
          const got = byName.get(c.name)!;
          expect(got.totalHours?.value).toBe(c.hours);
          expect(got.placements.map((p) => p?.hours ?? null)).toEqual(c.semesters);
        }
      }),
      { numRuns: 500 },
    );
  });
});
