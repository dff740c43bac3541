/**
 * The patch writes only what the plan owns, as the check computes it: focused cases of the faults the
 * written-workbook issue found (a credit sub-total left behind, a sub-total rewritten with another sum,
 * a label and a formula under a merge overwritten, a formula course moved behind the sheet's back).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/core/checker';
import type { SolveEngine } from '../src/core/engine';
import { type CellValue, type Grid, gridFromRows, type Merge } from '../src/core/grid';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { solveProblem } from '../src/core/optimizer/optimize';
import type { OptimizeSettings } from '../src/core/optimizer';
import { type Optimized, optimizeRequest, patchedGrids } from '../src/core/pipeline';
import { readWorkbook } from '../src/core/reader';
import { PRESETS, type Rules } from '../src/core/rules';

let engine: SolveEngine;
beforeAll(async () => {
  const highs: Backend = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
  engine = { solve: async (problem, t) => ({ solution: solveProblem(problem, highs, t), attempts: [] }) };
});

const rules: Rules = { ...PRESETS.gaozhi, weeklyCap: 28 };

async function optimize(rows: (CellValue | undefined)[][], settings: OptimizeSettings, merges: Merge[] = []): Promise<{ grid: Grid; optimized: Optimized }> {
  const grid = gridFromRows('教学进程表', rows, merges);
  const plan = readWorkbook([grid]).chosen!.plan;
  const outcome = await optimizeRequest({ plan, grids: [grid], read: {}, rules, settings, timeLimitSec: 10 }, engine);
  if (outcome.kind !== 'done') throw new Error(outcome.kind);
  return { grid, optimized: outcome.optimized };
}
const written = (o: Optimized) => new Map(o.patch.writes.map((w) => [w.address, w.value]));
const header = ['课程类别', '课程名称', '学时', '学分', '1', '2', '3', '4', '5', '6'];

describe('what a patch writes', () => {
  it('a plain 学分小计 row follows its courses: a 4-credit course leaving semester 1 takes its credits with it', async () => {
    const rows = [
      header,
      ['专业基础课', 'A', 64, 4, 64, undefined, undefined, undefined, undefined, undefined],
      ['专业基础课', 'B', 64, 4, 64, undefined, undefined, undefined, undefined, undefined],
      ['专业基础课', 'C', 64, 4, 64, undefined, undefined, undefined, undefined, undefined],
      ['专业基础课', 'D', 32, 2, 32, undefined, undefined, undefined, undefined, undefined],
      ['', '学时小计', 224, undefined, 224, undefined, undefined, undefined, undefined, undefined],
      ['', '学分小计', undefined, 14, 14, undefined, undefined, undefined, undefined, undefined],
    ];
    // 224 h in an 18-week semester is 12.4 h/week; at a cap of 8 some course must leave semester 1.
    const { optimized } = await optimize(rows, { mode: 'rebalance', cap: 8 });
    const sem1 = optimized.result.plan.courses.reduce((t, c) => t + (c.placements[0]?.hours ?? 0), 0);
    expect(sem1).toBeLessThan(224);
    const w = written(optimized);
    expect(w.get('E6')).toBe(sem1);
    const credits = optimized.result.plan.courses.reduce((t, c) => t + (c.placements[0] ? (c.credits!.value * c.placements[0].hours) / c.totalHours!.value : 0), 0);
    expect(w.get('E7')).toBe(credits);
  });

  it('a sub-total that agreed with its courses follows them; one that did not stays as the school wrote it; a formula is recalculated, never written', async () => {
    const rows = [
      header,
      ['公共基础课', '语文', 72, 4, undefined, undefined, undefined, undefined, undefined, undefined],
      ['公共基础课', '数学', 72, 4, 72, undefined, undefined, undefined, undefined, undefined],
      ['', '小计', 144, 8, 72, 0, undefined, undefined, undefined, undefined],
      ['专业基础课', '概论', 72, 4, undefined, undefined, undefined, undefined, undefined, undefined],
      ['专业基础课', '营销', 72, 4, undefined, 72, undefined, undefined, undefined, undefined],
      ['', '小计', 144, 8, 36, 72, undefined, undefined, undefined, undefined],
      ['合计', '', '=C4+C7', '=D4+D7', '=E4+E7', '=F4+F7', '=G4+G7', '=H4+H7', '=I4+I7', '=J4+J7'],
    ];
    const { grid, optimized } = await optimize(rows, { mode: 'keep' });
    const w = written(optimized);
    const placed = (name: string) => optimized.result.plan.courses.find((c) => c.name === name)!.placements.map((p) => p?.hours ?? 0);
    // Row 4 agreed (72 in semester 1, nothing elsewhere): it now adds 语文 wherever it went.
    const yuwen = placed('语文');
    yuwen.forEach((h, i) => {
      const col = 'EFGHIJ'[i];
      if (h > 0) expect(w.get(`${col}4`)).toBe((i === 0 ? 72 : 0) + h);
    });
    // Row 7 said 36 in semester 1 where its courses have nothing: the school's figure stays.
    expect(w.has('E7')).toBe(false);
    // The 合计 formulas stay; their results are renewed for whoever reads the file without calculating.
    for (const address of ['E8', 'F8', 'G8', 'H8', 'I8', 'J8']) expect(w.has(address)).toBe(false);
    const reread = readWorkbook(patchedGrids([grid], optimized.patch)).chosen!.plan;
    const row = (r: number) => reread.aggregates.find((a) => a.row === r - 1)!.semesterHours.map((x) => x?.value ?? 0);
    // 合计 = row 4 + row 7, as its formulas say, with row 7's 36 as the school wrote it.
    expect(row(8)).toEqual(row(4).map((h, i) => h + row(7)[i]));
    expect(row(7)[0]).toBe(36);
    expect(row(8)[1]).toBe(yuwen[1] + 72 + placed('概论')[1]);
    expect(optimized.roundTrip).toEqual([]);
  });

  it('a label and a formula under merges in the semester columns are never written; a course whose semester cell is a formula is counted, not moved', async () => {
    const rows = [
      header,
      ['专业核心课', '网店运营', 72, 4, undefined, undefined, undefined, undefined, undefined, undefined],
      ['专业核心课', '视觉设计', 72, 4, '=36*2', undefined, undefined, undefined, undefined, undefined],
      ['专业核心课', '新媒体', 72, 4, 72, undefined, undefined, undefined, undefined, undefined],
      ['平台课程课时总计', '', undefined, undefined, '实践课', undefined, undefined, '理论课', undefined, undefined],
      ['', '', undefined, undefined, '=C2+C3', undefined, undefined, '=C4', undefined, undefined],
    ];
    const merges: Merge[] = [
      { r0: 4, c0: 4, r1: 4, c1: 6 },
      { r0: 5, c0: 4, r1: 5, c1: 6 },
      { r0: 4, c0: 7, r1: 4, c1: 9 },
      { r0: 5, c0: 7, r1: 5, c1: 9 },
    ];
    const { optimized } = await optimize(rows, { mode: 'plan', cap: 8 }, merges);
    const w = written(optimized);
    for (const address of ['E5', 'F5', 'G5', 'H5', 'I5', 'J5', 'E6', 'F6', 'G6', 'H6', 'I6', 'J6']) expect(w.has(address), address).toBe(false);
    // 视觉设计's semester 1 is a formula: it stays where the sheet has it, and the notes say why.
    expect(optimized.result.plan.courses.find((c) => c.name === '视觉设计')!.placements[0]?.hours).toBe(72);
    expect([...w.keys()].some((a) => a.endsWith('3'))).toBe(false);
    expect(optimized.result.notes.map((n) => n.zh).join('\n')).toContain('“视觉设计”的学期单元格 E3 是公式');
    // The others are planned afresh; 网店运营 had no semester and now has one.
    expect(optimized.result.changes.map((c) => c.name)).not.toContain('视觉设计');
    expect(optimized.result.changes.map((c) => c.name)).toContain('网店运营');
  });

  it('weekly-hours sheets get whole weekly hours; the written sheet checks as the report says', async () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期周学时', '第二学期周学时', '第三学期周学时', '第四学期周学时', '第五学期周学时', '第六学期周学时'],
      ['', '教学周数', undefined, undefined, 16, 18, 18, 18, 18, 18],
      ['公共基础课', '语文', 96, 6, undefined, undefined, undefined, undefined, undefined, undefined],
      ['公共基础课', '数学', 108, 6, undefined, undefined, undefined, undefined, undefined, undefined],
      ['专业基础课', '营销', 64, 4, undefined, undefined, undefined, undefined, undefined, undefined],
    ];
    const { grid, optimized } = await optimize(rows, { mode: 'keep' });
    for (const v of written(optimized).values()) if (typeof v === 'number') expect(Number.isInteger(v), String(v)).toBe(true);
    const reread = readWorkbook(patchedGrids([grid], optimized.patch)).chosen!.plan;
    const said = new Set(optimized.result.check.findings.map((f) => `${f.rule}@${f.cells.join(',')}`));
    for (const f of check(reread, rules).findings) expect(said.has(`${f.rule}@${f.cells.join(',')}`), f.message.en).toBe(true);
    expect(optimized.roundTrip).toEqual([]);
  });
});
