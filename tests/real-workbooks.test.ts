/** The real plans in ../shared: the seed's course list and a real school's messy draft workbook. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grid } from '../src/core/grid';
import { check } from '../src/core/checker';
import { readWorkbook, type WorkbookRead } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { buildSeedStyleWorkbook, parseCourseCsv } from '../src/xlsx/example';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE, hasShared, sharedPath, SKIP_REASON } from './helpers/shared';

describe.skipIf(!hasShared)(`real workbooks (${hasShared ? '../shared present' : SKIP_REASON})`, () => {
  it('the bundled example matches what the generator makes from the seed CSV', async () => {
    const fresh = buildSeedStyleWorkbook(parseCourseCsv(readFileSync(sharedPath('data/ecommerce-2024.csv'), 'utf8')));
    const bundled = await loadWorkbook(readFileSync(EXAMPLE));
    const a = readWorkbook(workbookGrids(fresh)).chosen!.plan;
    const b = readWorkbook(workbookGrids(bundled)).chosen!.plan;
    expect(b.courses.map((c) => [c.name, c.totalHours?.value, c.placements.map((p) => p?.hours ?? null)])).toEqual(
      a.courses.map((c) => [c.name, c.totalHours?.value, c.placements.map((p) => p?.hours ?? null)]),
    );
    expect(b.courses).toHaveLength(parseCourseCsv(readFileSync(sharedPath('data/ecommerce-2024.csv'), 'utf8')).length);
  });

  describe('bigdata-2022-draft.xlsx', () => {
    let grids: Grid[];
    let read: WorkbookRead;
    beforeAll(async () => {
      grids = workbookGrids(await loadWorkbook(readFileSync(sharedPath('data/real/bigdata-2022-draft.xlsx'))));
      read = readWorkbook(grids);
    });

    it('finds the course table on 教学进程表1 with its three-row header and week row', () => {
      const plan = read.chosen!.plan;
      expect(plan.sheet).toBe('教学进程表1');
      expect(plan.headerRows).toEqual([5, 7]);
      expect(plan.columns).toMatchObject({ category: ['A', 'B'], name: 'E', totalHours: 'I', credits: 'H', practiceHours: 'J' });
      expect(plan.semesters.map((s) => s.weeks)).toEqual([16, 18, 18, 18, 18, 18]);
      expect(plan.semesters[0].weeksCell).toBe('K8');
      expect(plan.courses.filter((c) => !c.sheet)).toHaveLength(27);
      expect(plan.courses[0]).toMatchObject({ name: '思想道德与法治', category: 'public-basic', categoryPath: ['平台课程', '公共必修课'] });
      expect(plan.courses[0].totalHours).toMatchObject({ value: 48, cell: 'I9', formula: 'H9*16' });
    });

    it('reads every sheet without crashing and says what each was taken as', () => {
      expect(read.sheets).toHaveLength(grids.length);
      expect(read.info.map((s) => [s.sheet, s.role])).toEqual([
        ['教学进程表1', 'courses'],
        ['教学进程表2', 'courses'],
        ['实践教学', 'practice'],
        ['课时学分统计', 'summary'],
        ['附表1.专业群任选模块课程', 'catalogue'],
        ['附表2.公共任选课（新）', 'ignored'],
      ]);
      expect(read.chosen!.plan.courses.filter((c) => c.sheet === '教学进程表2').length).toBeGreaterThan(15);
    });

    it('surfaces the draft’s inconsistencies with addresses', () => {
      const result = check(read.chosen!.plan, PRESETS.gaozhi);
      const at = (rule: string) => result.findings.filter((f) => f.rule === rule).map((f) => f.cells[0]);
      expect(at('course-overplaced')).toContain('I9'); // "semester 1 or 2" written in both columns
      expect(at('credits-hours')).toContain('I38'); // 4 credits but 32 h
      expect(result.findings.find((f) => f.rule === 'credits-hours' && f.cells[0] === 'I10')?.severity).toBe('warning'); // 体育 36 h = 1 credit
      // Cells on the main sheet are plain; cells on the plan's other sheets name their sheet.
      expect(result.findings.every((f) => f.cells.every((c) => /^([^!]+!)?[A-Z]{1,3}\d+$/.test(c)))).toBe(true);
    });

    it('catches the module sheet’s SUM that misses a row', () => {
      const second = readWorkbook(grids.filter((g) => g.sheet === '教学进程表2')).chosen!.plan;
      const result = check(second, PRESETS.gaozhi);
      const f = result.findings.find((x) => x.cells[0] === 'K48')!;
      expect(f.rule).toBe('subtotal-mismatch');
      expect(f.cells).toContain('K47');
      expect(f.message.en).toContain('=SUM(K45:K46) leaves out row 47');
      // 课时合计 = J38+J43+… sums sub-totals: it covers their courses, and agrees with them.
      expect(result.findings.some((x) => x.cells[0] === 'J60')).toBe(false);
    });
  });
});
