/** plan-balancer diff: the 对照表 as text, JSON and a workbook; what it says of an optimized copy and of a damaged one. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';
import { EXAMPLE, hasShared, SKIP_REASON, sharedPath, withShared } from './helpers/shared';


const dir = mkdtempSync(path.join(tmpdir(), 'pb-diff-'));
const optimized = path.join(dir, 'ecommerce-2024.optimized.xlsx');
beforeAll(async () => {
  expect((await cli(['optimize', EXAMPLE, '-o', optimized, '--cap', '34'])).code).toBe(1);
}, 120_000);

describe('plan-balancer diff', () => {
  it('the example against its optimized copy: the courses placed, loads and shares side by side, and no cell outside the plan changed', async () => {
    const text = await cli(['diff', EXAMPLE, optimized]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('对照表：ecommerce-2024.xlsx → ecommerce-2024.optimized.xlsx');
    expect(text.out).toContain('课程：新增 0 门，删除 0 门，调整 23 门');
    expect(text.out).toMatch(/~ 调整 语文（公共基础课）各学期学时 0\/0\/0\/0\/0\/0 → /);
    expect(text.out).toContain('总学时 3660 → 3660；总学分 200 → 200');
    expect(text.out).toContain('第1学期 8 → 34');
    expect(text.out).toContain('（其中内容或格式被改动的 0 个）');

    const json = JSON.parse((await cli(['diff', EXAMPLE, optimized, '--json'])).out);
    expect(json.courses).toHaveLength(23);
    expect(json.cells.outside).toEqual([]);
    expect(json.cells.counts.course).toBeGreaterThan(23);
    expect(json.cells.sheetsAdded).toEqual(['优化报告']);
    // Every course-unplaced finding of the draft is gone; nothing the optimizer left is a surprise.
    expect(json.findings.resolved.filter((f: { rule: string }) => f.rule === 'course-unplaced')).toHaveLength(23);

    const en = await cli(['diff', EXAMPLE, optimized, '--lang', 'en']);
    expect(en.out).toContain('Courses: 0 added, 0 removed, 23 changed');
  });

  it('--out writes the 对照表 workbook, never over either input', async () => {
    const out = path.join(dir, '对照表.xlsx');
    expect((await cli(['diff', EXAMPLE, optimized, '--out', out])).code).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '课程变化', '检查结果变化', '单元格变化']);
    expect(wb.getWorksheet('课程变化')!.rowCount).toBe(24);
    expect(String(wb.getWorksheet('概览')!.getCell('A2').value)).toBe('文件');
    expect((await cli(['diff', EXAMPLE, optimized, '--out', optimized])).code).toBe(2);
  });

  it('the same file twice is the same (exit 0); a label changed by hand is named as outside the plan', async () => {
    const same = await cli(['diff', EXAMPLE, EXAMPLE]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('课程：新增 0 门，删除 0 门，调整 0 门');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(optimized) as unknown as ArrayBuffer);
    wb.worksheets[0].getCell('A2').value = '课程类别（改）';
    wb.worksheets[0].getCell('C10').style = { ...wb.worksheets[0].getCell('C10').style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE7E9' } } };
    const damaged = path.join(dir, 'damaged.xlsx');
    writeFileSync(damaged, Buffer.from(await wb.xlsx.writeBuffer()));
    const json = JSON.parse((await cli(['diff', EXAMPLE, damaged, '--json'])).out);
    expect(json.cells.outside.map((c: { address: string; kinds: string[] }) => `${c.address} ${c.kinds.join('+')}`).sort()).toEqual(['A2 value', 'C10 style']);
  });

  it.skipIf(!hasShared)(withShared('two shared plans of different programmes and years: courses removed, added and shared, totals and sheets'), async () => {
    const r = await cli(['diff', sharedPath('data', 'real', 'fashion-design-2020-word-table.xlsx'), sharedPath('data', 'real', 'bigdata-2022-draft.xlsx'), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    const kinds = (k: string) => json.courses.filter((c: { kind: string }) => c.kind === k).length;
    expect(kinds('removed')).toBeGreaterThan(40);
    expect(kinds('added')).toBeGreaterThan(30);
    expect(kinds('changed')).toBeGreaterThan(0);
    expect(json.totals.hoursBefore).not.toBe(json.totals.hoursAfter);
    expect(json.cells.sheetsRemoved).toContain('教学计划进程表');
  });
  if (!hasShared) it.skip(`two shared plans: ${SKIP_REASON}`, () => undefined);
});
