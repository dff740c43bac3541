/** The Office.js adapter against a fake Excel: exactly which cells, in what shapes, in how many syncs. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { a1, type Grid, isErrorValue } from '../src/core/grid';
import { msg } from '../src/core/message';
import { type OptimizeResult, optimizePlan } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { buildPatch, type Patch } from '../src/core/patch';
import { readPlan, readWorkbook } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { applyPatch, chunkBySize, MAX_REQUEST_BYTES, restore, rowBlocks } from '../src/excel/apply';
import { queueGridRead, readWorkbookGrids } from '../src/excel/grid';
import { excelHost, explainOfficeError } from '../src/excel/host';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { generateGrid, type GenCourse } from './helpers/grids';
import { EXAMPLE } from './helpers/shared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createFakeExcel } = require('./helpers/fake-excel.js') as { createFakeExcel: (sheets: unknown, opts?: unknown) => Fake };

interface FakeBatch {
  values: { address: string; shape: [number, number]; values: unknown[][] }[];
  fills: { address: string; color: string | null }[];
  notes: { address: string; content: string | null }[];
  comments: { address: string; content: string }[];
  suspended: boolean;
  bytes: number;
}
interface Fake {
  Office: unknown;
  Excel: unknown;
  context: Excel.RequestContext;
  log: { syncs: number; batches: FakeBatch[] };
  sheets: Record<string, { cells: Record<string, { value: unknown; formula?: string; fill?: string; note?: string }>; merges: string[] }>;
}

/** A fake sheet holding a grid's cells as Excel would (values, formulas, merges). */
function fakeSheetsOf(grid: Grid) {
  const cells: Record<string, { value: unknown; formula?: string }> = {};
  grid.cells.forEach((row, r) =>
    row.forEach((c, col) => {
      if (!c) return;
      const v = c.v === null ? '' : isErrorValue(c.v) ? c.v.error : c.v;
      cells[a1(grid.originRow + r, grid.originCol + col)] = c.f ? { value: v, formula: c.f } : { value: v };
    }),
  );
  const merges = grid.merges.map((m) => `${a1(m.r0, m.c0)}:${a1(m.r1, m.c1)}`);
  return { [grid.sheet]: { cells, merges } };
}

function install(fake: Fake) {
  (globalThis as Record<string, unknown>).Office = fake.Office;
  (globalThis as Record<string, unknown>).Excel = fake.Excel;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
  delete (globalThis as Record<string, unknown>).Excel;
});

let highs: Backend;
let exampleGrid: Grid;
beforeAll(async () => {
  highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
  exampleGrid = workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)))[0];
});

function optimized(grid: Grid, cap = 34): { result: OptimizeResult; patch: Patch } {
  const plan = readWorkbook([grid]).chosen!.plan;
  const rules = { ...PRESETS.zhongzhi, weeklyCap: cap };
  const result = optimizePlan(plan, rules, { cap }, highs, 60);
  return { result, patch: buildPatch(plan, grid, result, rules, msg('测试', 'test')) };
}

describe('reading the workbook', () => {
  it('reads every visible sheet in three syncs (list, sizes, one batch of reads) and combines them into one plan', async () => {
    const part = (name: string, courses: GenCourse[]) => fakeSheetsOf(generateGrid(courses, { layout: 'hours', header: 'two-row' }, name));
    const sem = (i: number, h: number) => Array.from({ length: 4 }, (_, k) => (k === i ? h : null));
    const fake = createFakeExcel(
      {
        ...part('平台课程', [
          { category: '公共基础课', name: '语文', hours: 72, credits: 4, semesters: sem(0, 72) },
          { category: '专业核心课', name: '网店运营', hours: 36, credits: 2, semesters: sem(1, 36) },
        ]),
        ...part('模块课程', [{ category: '专业选修课', name: '商务礼仪', hours: 36, credits: 2, semesters: sem(2, 36) }]),
        ...part('草稿', [{ category: '专业选修课', name: '旧课程', hours: 36, credits: 2, semesters: sem(2, 36) }]),
      },
      { hidden: ['草稿'] },
    );
    install(fake);
    const grids = await readWorkbookGrids(fake.context);
    expect(fake.log.syncs).toBe(3);
    expect(grids.map((g) => g.sheet)).toEqual(['平台课程', '模块课程']);
    const plan = readWorkbook(grids).chosen!.plan;
    expect(plan.courses.map((c) => [c.name, c.nameCell])).toEqual([
      ['语文', 'C3'],
      ['网店运营', 'C4'],
      ['商务礼仪', '模块课程!C3'],
    ]);
  });

  it('leaves a sheet too large for a plan unread and says why, instead of a request Excel refuses', async () => {
    const cells: Record<string, { value: unknown }> = { A1: { value: '课程名称' }, B1: { value: '学时' }, C1: { value: '第一学期' }, A2: { value: '语文' }, B2: { value: 36 }, C2: { value: 36 } };
    const fake = createFakeExcel({ 计划: { cells, merges: [] }, 流水: { cells: { A1: { value: 1 }, KZ30000: { value: 2 } }, merges: [] } });
    install(fake);
    const grids = await readWorkbookGrids(fake.context);
    expect(grids[1]).toMatchObject({ sheet: '流水', cells: [] });
    expect(grids[1].skipped?.zh).toContain('30000 行');
    const read = readWorkbook(grids);
    expect(read.info[1]).toMatchObject({ sheet: '流水', role: 'ignored' });
    expect(read.chosen!.plan.courses).toHaveLength(1);
  });

  it('selects a finding’s cells on their own sheet', async () => {
    const fake = createFakeExcel({ 甲: { cells: { A1: { value: 1 } }, merges: [] }, 乙: { cells: { A1: { value: 1 } }, merges: [] } });
    install(fake);
    await excelHost.selectCells('甲', ['乙!L5', '乙!L6', '甲!A1']);
    const log = fake.log as unknown as { activated: string; batches: { selected: string[] }[] };
    expect(log.activated).toBe('乙');
    expect(log.batches.flatMap((b) => b.selected)).toEqual(['L5', 'L6']);
  });
});

describe('reading the active sheet', () => {
  it('loads values, formulas and merged areas in one sync and rebuilds the same grid', async () => {
    const fake = createFakeExcel(fakeSheetsOf(exampleGrid));
    install(fake);
    const queued = queueGridRead(fake.context, fake.context.workbook.worksheets.getActiveWorksheet());
    await fake.context.sync();
    const grid = queued.build()!;
    expect(fake.log.syncs).toBe(1);
    expect(grid.merges.length).toBe(exampleGrid.merges.length);
    const a = readPlan(grid);
    const b = readPlan(exampleGrid);
    expect(a.ok && b.ok && a.plan.courses.map((c) => [c.name, c.nameCell, c.totalHours?.value])).toEqual(b.ok && b.plan.courses.map((c) => [c.name, c.nameCell, c.totalHours?.value]));
  });

  it('keeps formulas as formulas and error values as errors', async () => {
    const fake = createFakeExcel({ S: { cells: { A1: { value: '课程名称' }, B1: { value: '学时' }, C1: { value: '第一学期' }, A2: { value: '语文' }, B2: { value: 72, formula: 'C2*2' }, C2: { value: '#REF!' } }, merges: [] } });
    install(fake);
    const q = queueGridRead(fake.context, fake.context.workbook.worksheets.getActiveWorksheet());
    await fake.context.sync();
    const g = q.build()!;
    expect(g.cells[1][1]).toEqual({ v: 72, f: 'C2*2' });
    expect(g.cells[1][2]).toEqual({ v: { error: '#REF!' } });
  });
});

describe('applying a patch', () => {
  it('the seed plan (32 courses): exact cells as row blocks, fills and notes, in two syncs', async () => {
    const { patch } = optimized(exampleGrid);
    const fake = createFakeExcel(fakeSheetsOf(exampleGrid));
    install(fake);
    const record = await applyPatch(fake.context, patch, { notes: true, comments: true });
    expect(fake.log.syncs).toBe(2); // one batch of reads, one of writes
    const writes = fake.log.batches[1];
    expect(writes.suspended).toBe(true);
    const written = writes.values.filter((v) => !v.address.startsWith('A1:'));
    const cells = new Map<string, unknown>();
    for (const b of written) {
      expect(b.shape[0]).toBe(1);
      const [start] = b.address.split(':');
      const col = /^[A-Z]+/.exec(start)![0];
      const row = Number(/\d+$/.exec(start)![0]);
      b.values[0].forEach((v, k) => cells.set(`${String.fromCharCode(col.charCodeAt(0) + k)}${row}`, v));
    }
    expect(new Map(patch.writes.map((w) => [w.address, w.value]))).toEqual(cells);
    expect(writes.fills.length).toBe(patch.marks.length);
    expect(writes.notes.map((n) => n.address).sort()).toEqual(patch.marks.map((m) => m.address).sort());
    expect(fake.sheets['优化报告'].cells.A1.value).toMatch(/^教学计划平衡器/);
    expect(record.cells.length).toBe(new Set([...patch.writes.map((w) => w.address), ...patch.marks.map((m) => m.address)]).size);

    await restore(fake.context, record, { notes: true, comments: true });
    for (const [address, cell] of Object.entries(fakeSheetsOf(exampleGrid)[exampleGrid.sheet].cells)) expect(fake.sheets[exampleGrid.sheet].cells[address].value, address).toEqual(cell.value);
    for (const w of patch.writes) {
      const c = fake.sheets[exampleGrid.sheet].cells[w.address];
      expect(c.fill, w.address).toBeUndefined();
      expect(c.note, w.address).toBeUndefined();
    }
  });

  it('a 40-course plan writes each changed row as one or two blocks in two syncs', async () => {
    const courses: GenCourse[] = Array.from({ length: 40 }, (_, i) => ({ category: i < 20 ? '公共基础课' : '专业核心课', name: `课程${i + 1}`, hours: 36 * (1 + (i % 3)), credits: 2 * (1 + (i % 3)), semesters: [null, null, null, null, null, null] }));
    const grid = generateGrid(courses, { layout: 'pair', header: 'two-row', mergeCategories: true });
    const { patch, result } = optimized(grid, 40);
    expect(result.changes).toHaveLength(40);
    const fake = createFakeExcel(fakeSheetsOf(grid));
    install(fake);
    await applyPatch(fake.context, patch, { notes: true, comments: true });
    expect(fake.log.syncs).toBe(2);
    const blocks = fake.log.batches[1].values.filter((v) => !v.address.startsWith('A1:'));
    expect(blocks.length).toBe(rowBlocks(patch.writes).length);
    expect(blocks.length).toBeLessThanOrEqual(80);
  });

  it('a 2,000-row sheet stays under the 5 MB request cap by splitting its writes', () => {
    const writes = Array.from({ length: 2000 * 12 }, (_, i) => ({ address: `${String.fromCharCode(70 + (i % 12))}${Math.floor(i / 12) + 4}`, value: 1234.5 }));
    const blocks = rowBlocks(writes);
    expect(blocks).toHaveLength(2000);
    expect(blocks[0]).toEqual({ address: 'F4:Q4', values: [[1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5, 1234.5]] });
    const notes = Array.from({ length: 24000 }, () => 'x'.repeat(200));
    const batches = chunkBySize([...blocks.map((b) => JSON.stringify(b).length), ...notes.map((n) => n.length * 3 + 128)], (n) => n);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.reduce((a, x) => a + x, 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
  });

  it('a 2,000-row sheet: one read, then writes split into batches under the request cap', async () => {
    const courses: GenCourse[] = Array.from({ length: 2000 }, (_, i) => ({ category: '公共基础课', name: `课程${i + 1}`, hours: 36, credits: 2, semesters: [null, null, null, null, null, null] }));
    const grid = generateGrid(courses, { layout: 'pair', header: 'two-row' });
    const plan = readWorkbook([grid]).chosen!.plan;
    expect(plan.courses).toHaveLength(2000);
    // A synthetic patch (no solve needed): every course gets 36 h and 2 credits in semester 1, with a long note.
    const patch: Patch = {
      sheet: grid.sheet,
      writes: plan.courses.flatMap((c) => [
        { address: `F${c.row + 1}`, value: 36, previous: null },
        { address: `G${c.row + 1}`, value: 2, previous: null },
      ]),
      marks: plan.courses.map((c) => ({ address: `F${c.row + 1}`, kind: 'changed' as const, note: msg('优化：'.repeat(300), 'Optimized '.repeat(300)) })),
      formulaCells: [],
      recalculated: [],
      summary: { zh: [['教学计划平衡器 · 优化报告']], en: [['Plan Balancer · optimization report']] },
      lang: 'zh',
    };
    const fake = createFakeExcel(fakeSheetsOf(grid));
    install(fake);
    await applyPatch(fake.context, patch, { notes: true, comments: true });
    const writeBatches = fake.log.batches.slice(1);
    expect(writeBatches.length).toBeGreaterThan(1); // the notes alone pass one request's budget
    for (const b of writeBatches) {
      expect(b.bytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      expect(b.suspended).toBe(true);
    }
    expect(fake.log.syncs).toBe(1 + writeBatches.length);
    expect(writeBatches.reduce((a, b) => a + b.values.filter((v) => !v.address.startsWith('A1:')).length, 0)).toBe(2000); // one F:G block a row
    expect(writeBatches.reduce((a, b) => a + b.notes.length, 0)).toBe(2000);
  });

  it('explains Office errors a user can act on, in both languages', () => {
    expect(explainOfficeError({ code: 'InvalidOperationInCellEditMode' }).zh).toContain('正在编辑单元格');
    expect(explainOfficeError({ code: 'AccessDenied' }).en).toContain('protected');
    expect(explainOfficeError(new Error('boom')).en).toContain('boom');
  });

  it('refuses to write when the sheet changed since the scan, and writes nothing', async () => {
    const { patch } = optimized(exampleGrid);
    const sheets = fakeSheetsOf(exampleGrid);
    sheets[exampleGrid.sheet].cells[patch.writes[0].address] = { value: 99 };
    const fake = createFakeExcel(sheets);
    install(fake);
    await expect(applyPatch(fake.context, patch, { notes: true, comments: true })).rejects.toMatchObject({ zh: expect.stringContaining('已被修改') });
    expect(fake.log.syncs).toBe(1);
    expect(fake.sheets['优化报告']).toBeUndefined();
  });

  it('never replaces a user sheet named 优化报告, even one whose A1 reads like our title; replaces its own by name', async () => {
    const { patch } = optimized(exampleGrid);
    const mine = { A1: { value: '教学计划平衡器 · 优化报告（我抄下来的）' }, C5: { value: '我的笔记' } };
    const sheets = { ...fakeSheetsOf(exampleGrid), 优化报告: { cells: { ...mine }, merges: [] } };
    const fake = createFakeExcel(sheets) as Fake & { names: Record<string, { sheet: string; address: string }> };
    install(fake);
    const record = await applyPatch(fake.context, patch, { notes: true, comments: true });
    expect(fake.sheets['优化报告'].cells).toEqual(mine);
    expect(fake.sheets['优化报告 2'].cells.A1.value).toMatch(/^教学计划平衡器/);
    expect(fake.names.PlanBalancerReport).toEqual({ sheet: '优化报告 2', address: 'A1' });
    expect(record.createdSheet).toBe('优化报告 2');
    // The next apply finds its own report by the name and rewrites it: no 优化报告 3.
    await restore(fake.context, record, { notes: true, comments: true });
    const again = await applyPatch(fake.context, patch, { notes: true, comments: true });
    expect(again.createdSheet).toBeNull();
    expect(Object.keys(fake.sheets).filter((n) => n.startsWith('优化报告'))).toEqual(['优化报告', '优化报告 2']);
    expect(fake.sheets['优化报告'].cells).toEqual(mine);
  });

  it('falls back to threaded comments without notes (ExcelApi < 1.18), and to fills alone without either', async () => {
    const { patch } = optimized(exampleGrid);
    const fake = createFakeExcel(fakeSheetsOf(exampleGrid));
    install(fake);
    await applyPatch(fake.context, patch, { notes: false, comments: true });
    expect(fake.log.batches[1].notes).toHaveLength(0);
    expect(fake.log.batches[1].comments).toHaveLength(patch.marks.length);
    const bare = createFakeExcel(fakeSheetsOf(exampleGrid));
    install(bare);
    await applyPatch(bare.context, patch, { notes: false, comments: false });
    expect(bare.log.batches[1].comments).toHaveLength(0);
    expect(bare.log.batches[1].fills).toHaveLength(patch.marks.length);
  });

  it('writes a course name that looks like a formula as text in the report sheet', async () => {
    const grid = generateGrid([{ category: '公共基础课', name: 'NAME', hours: 36, credits: 2, semesters: [null, null] }], { layout: 'hours', header: 'one-row' });
    // A name typed as text that starts with "=" (Excel shows it as text when entered with a leading apostrophe).
    for (const row of grid.cells) for (const c of row) if (c && c.v === 'NAME') c.v = '=HYPERLINK("x")';
    const { patch } = optimized(grid, 28);
    const fake = createFakeExcel(fakeSheetsOf(grid));
    install(fake);
    await applyPatch(fake.context, patch, { notes: true, comments: true });
    const report = Object.values(fake.sheets['优化报告'].cells).map((c) => String(c.value));
    expect(report.some((v) => v === `'=HYPERLINK("x")`)).toBe(true);
    expect(report.some((v) => v.startsWith('=HYPERLINK'))).toBe(false);
  });
});
