/**
 * Batch review: a folder of 100 workbooks (the example and the real draft with random edits) and one
 * corrupt file ends in one summary workbook; the corrupt file is one row with its error; every row's
 * figures equal the single-workbook `check --json` of that plan.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { EXAMPLE, hasShared, sharedPath } from './helpers/shared';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-batch-'));
const summary = path.join(dir, 'out', 'summary.xlsx');
const N = 100;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

beforeAll(async () => {
  let seed = 20261124;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const sources = [EXAMPLE, ...(hasShared ? [sharedPath('data/real/bigdata-2022-draft.xlsx')] : [])];
  for (let i = 0; i < N; i++) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(sources[i % 10 === 9 ? sources.length - 1 : 0]) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    // A few random edits of numbers in the table: hours, weekly hours, credits.
    for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
      const r = 5 + Math.floor(rnd() * 35);
      const c = 3 + Math.floor(rnd() * 10);
      const cell = ws.getCell(r, c);
      if (typeof cell.value === 'number') cell.value = Math.max(0, cell.value + (rnd() < 0.5 ? -18 : 18));
    }
    writeFileSync(path.join(dir, `plan-${String(i).padStart(3, '0')}.xlsx`), new Uint8Array(await wb.xlsx.writeBuffer()));
  }
  writeFileSync(path.join(dir, 'broken.xlsx'), new Uint8Array(4096).map((_, k) => (k * 7919) % 251));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plan-balancer check <folder> --summary', () => {
  let items: { file: string; code: number; check?: { totals: { hours: number }; loads: { weeklyHours: number; cap: number; internship: boolean }[]; shares: { key: string; share: number | null }[]; findings: { severity: string }[] }; error?: string }[] = [];

  beforeAll(async () => {
    const c = capture();
    const code = await main(['check', dir, '--summary', summary, '--json'], c.io);
    expect(code).toBe(1);
    items = JSON.parse(c.out.join('\n'));
  }, 240_000);

  it('reports every workbook, the corrupt one as one row with its error, and never stops', () => {
    expect(items).toHaveLength(N + 1);
    const broken = items.find((i) => i.file.endsWith('broken.xlsx'))!;
    expect(broken.code).toBe(2);
    expect(broken.error).toMatch(/broken\.xlsx/);
    expect(items.filter((i) => i.check)).toHaveLength(N);
  });

  it('the summary opens in exceljs: a row per plan, filterable, and its figures equal each plan\'s own check --json', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(summary) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(N + 2);
    expect(ws.autoFilter).toBeTruthy();
    expect(wb.worksheets).toHaveLength(N + 3); // summary, shared courses, one per plan (the corrupt file too)
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), row));
    expect(String(rows.get('broken.xlsx')!.getCell(13).value)).toContain('✗');
    // Every tenth plan against its own single-workbook check, in full.
    for (const item of items.filter((i) => i.check).filter((_, k) => k % 10 === 0)) {
      const c = capture();
      await main(['check', item.file, '--json'], c.io);
      const single = JSON.parse(c.out.join('\n'));
      expect(single).toEqual(item.check);
      const row = rows.get(path.basename(item.file))!;
      expect(row.getCell(5).value).toBe(single.totals.hours);
      const teaching = single.loads.filter((l: { internship: boolean }) => !l.internship);
      expect(row.getCell(9).value).toBeCloseTo(Math.max(...teaching.map((l: { weeklyHours: number }) => l.weeklyHours)), 2);
      expect(row.getCell(11).value).toBe(single.findings.filter((f: { severity: string }) => f.severity === 'error').length);
      expect(row.getCell(12).value).toBe(single.findings.filter((f: { severity: string }) => f.severity === 'warning').length);
      const elective = single.shares.find((s: { key: string }) => s.key === 'elective').share;
      expect(row.getCell(7).value).toBe(elective);
      // A failing figure is marked by more than colour: the "failing" column names it.
      if (row.getCell(7).fill && (row.getCell(7).fill as ExcelJS.FillPattern).fgColor) expect(String(row.getCell(13).value)).toMatch(/选修课|electives/);
    }
  }, 120_000);

  it('the summary has a sheet of shared courses: how many programmes teach each in each semester', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(summary) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('共享课程')!;
    expect(ws).toBeDefined();
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 4)).toEqual(['课程', '学时', '专业数', '第1学期']);
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => n > 1 && rows.set(`${row.getCell(1).value}|${row.getCell(2).value}`, row));
    // 中国特色社会主义 (36 h) is in every example-based plan; the per-semester counts never exceed the programmes.
    const zt = rows.get('中国特色社会主义|36')!;
    expect(zt.getCell(3).value).toBeGreaterThanOrEqual(80);
    ws.eachRow((row, n) => {
      if (n === 1) return;
      for (let c = 4; c < head.length; c++) expect(Number(row.getCell(c).value)).toBeLessThanOrEqual(Number(row.getCell(3).value));
    });
  });

  it('a missing path or a summary that would overwrite a checked workbook is refused before anything is read', async () => {
    const c = capture();
    const before = readFileSync(path.join(dir, 'plan-000.xlsx'));
    expect(await main(['check', path.join(dir, 'nope'), path.join(dir, 'plan-000.xlsx'), EXAMPLE, '--summary', path.join(dir, 'plan-000.xlsx')], c.io)).toBe(2);
    expect(readFileSync(path.join(dir, 'plan-000.xlsx')).equals(before)).toBe(true);
    expect(c.err.join('\n')).toMatch(/nope/);
    expect(c.err.join('\n')).toMatch(/plan-000\.xlsx/);
  });
});

describe('plan-balancer optimize <files or folders> --out-dir', () => {
  it('optimizes each workbook as on its own into the folder; a corrupt one is a line, the rest go on; earlier results are not re-read', async () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'pb-opt-batch-'));
    const out = path.join(src, 'optimized');
    try {
      for (const f of ['plan-000.xlsx', 'plan-001.xlsx', 'plan-009.xlsx', 'broken.xlsx']) writeFileSync(path.join(src, f), readFileSync(path.join(dir, f)));
      // A result of an earlier run lying in the folder is not taken as a plan to optimize again.
      writeFileSync(path.join(src, 'old.optimized.xlsx'), readFileSync(EXAMPLE));
      const c = capture();
      const code = await main(['optimize', src, '--out-dir', out, '--cap', '34', '--json'], c.io);
      expect(code).toBe(1);
      const items = (JSON.parse(c.out.join("\n")) as { items: { file: string; code: number; output?: string; optimize?: { loads: { weeklyHours: number }[]; changes: unknown[] }; error?: string }[] }).items;
      expect(items.map((i) => path.basename(i.file))).toEqual(['broken.xlsx', 'plan-000.xlsx', 'plan-001.xlsx', 'plan-009.xlsx']);
      expect(items[0].code).toBe(2);
      expect(items[0].error).toMatch(/broken\.xlsx/);
      // The same as optimizing the workbook alone.
      const alone = capture();
      await main(['optimize', path.join(src, 'plan-001.xlsx'), '-o', path.join(src, 'alone.xlsx'), '--cap', '34', '--json'], alone.io);
      const single = JSON.parse(alone.out.join('\n'));
      const batch = items[2].optimize!;
      expect(batch.loads).toEqual(single.loads);
      expect(batch.changes).toEqual(single.changes);
      expect(readFileSync(items[2].output!).length).toBeGreaterThan(0);
      expect(items[2].output).toBe(path.join(out, 'plan-001.optimized.xlsx'));
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses -o or --scenario with many workbooks, and a folder without --out-dir, before writing anything', async () => {
    const c = capture();
    expect(await main(['optimize', path.join(dir, 'plan-000.xlsx'), path.join(dir, 'plan-001.xlsx'), '-o', path.join(dir, 'x.xlsx'), '--scenario', 'cap=30', '--scenario', 'cap=34'], c.io)).toBe(2);
    const text = c.err.join('\n');
    expect(text).toMatch(/--out-dir/);
    expect(text).toMatch(/--scenario/);
    const d = capture();
    expect(await main(['optimize', dir, '--lang', 'en'], d.io)).toBe(2);
    expect(d.err.join('\n')).toContain('name an output folder with --out-dir');
  });
});
