/**
 * The written workbook, on plans nobody has seen: 300 generated workbooks (hours, (hours, credits) and
 * weekly-hours layouts; 16- and 18-week semesters; merged categories; sub-total and total rows as plain
 * numbers that agree, plain numbers that do not, or SUM formulas; a summary sheet with formulas over
 * the table; fills, borders, notes and a label in the semester columns), each optimized in a random
 * mode and cap through the core pipeline and written into its own package — then reviewed cell by cell.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SolveEngine } from '../src/core/engine';
import { columnLetter } from '../src/core/grid';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { solveProblem } from '../src/core/optimizer/optimize';
import { optimizeRequest } from '../src/core/pipeline';
import { readOptionsOf } from '../src/core/rules';
import { patchPackage } from '../src/xlsx/package';
import { readBook, reviewWritten } from './helpers/written';

let highs: Backend;
let engine: SolveEngine;
beforeAll(async () => {
  highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
  engine = { solve: async (problem, t) => ({ solution: solveProblem(problem, highs, t), attempts: [] }) };
});

const CATEGORIES = ['公共基础课', '专业基础课', '专业核心课', '专业选修课'];
const NAMES = ['语文', '数学', '英语', '体育与健康', '信息技术', '历史', '电子商务概论', '市场营销', '网店运营', '视觉设计', '新媒体营销', '商务礼仪', '客户沟通', '普通话', '财政金融', '推销实务'];

const course = fc.record({
  credits: fc.integer({ min: 1, max: 8 }),
  start: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 2 }),
  span: fc.integer({ min: 1, max: 3 }),
});
const book = fc.record({
  layout: fc.constantFrom('hours' as const, 'pair' as const, 'weekly' as const),
  firstWeeks: fc.constantFrom(16, 18),
  perCredit: fc.constantFrom(16, 18),
  groups: fc.array(fc.array(course, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 4 }),
  subtotals: fc.constantFrom('plain' as const, 'wrong' as const, 'formula' as const, 'none' as const),
  total: fc.constantFrom('plain' as const, 'formula' as const, 'none' as const),
  labelInTotal: fc.boolean(),
  summarySheet: fc.boolean(),
  fills: fc.boolean(),
  mode: fc.constantFrom('keep' as const, 'rebalance' as const, 'plan' as const),
  cap: fc.constantFrom(24, 28, 32),
});

/** The workbook a school might have: the plan as generated, with formats, merges, notes and a summary sheet. */
type Generated = typeof book extends fc.Arbitrary<infer T> ? T : never;

async function workbookOf(g: Generated): Promise<Uint8Array> {
  const weeks = [g.firstWeeks, 18, 18, 18, 18, 18];
  const per = g.layout === 'pair' ? 2 : 1;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教学进程表');
  const semCol = (s: number) => 5 + s * per; // 1-based column of semester s's hours
  ws.getCell(1, 1).value = '某某学校教学进程安排表';
  ws.mergeCells(1, 1, 1, 4 + 6 * per);
  const head = ['课程类别', '序号', '课程名称', '学时'];
  head.forEach((h, i) => (ws.getCell(2, i + 1).value = h));
  ws.getCell(2, 5 + 6 * per).value = '学分';
  for (let s = 0; s < 6; s++) {
    ws.getCell(2, semCol(s)).value = `第${'一二三四五六'[s]}学期`;
    if (per === 2) {
      ws.mergeCells(2, semCol(s), 2, semCol(s) + 1);
      ws.getCell(3, semCol(s)).value = '学时';
      ws.getCell(3, semCol(s) + 1).value = '学分';
    } else ws.getCell(3, semCol(s)).value = g.layout === 'weekly' ? '周学时' : '学时';
  }
  ws.getCell(4, 3).value = '教学周数';
  for (let s = 0; s < 6; s++) ws.getCell(4, semCol(s)).value = weeks[s];
  let row = 5;
  let n = 0;
  const subtotalRows: number[] = [];
  g.groups.forEach((list, gi) => {
    const first = row;
    list.forEach((c, i) => {
      const hours = c.credits * g.perCredit;
      ws.getCell(row, 1).value = i === 0 ? CATEGORIES[gi % CATEGORIES.length] : null;
      ws.getCell(row, 2).value = i + 1;
      ws.getCell(row, 3).value = `${NAMES[n % NAMES.length]}${n >= NAMES.length ? n : ''}`;
      ws.getCell(row, 4).value = hours;
      ws.getCell(row, 5 + 6 * per).value = c.credits;
      // Placed evenly over a run where whole weekly hours allow, else left for the optimizer.
      if (c.start !== null) {
        const run = Array.from({ length: c.span }, (_, k) => c.start! + k).filter((s) => s < 6 && s !== 3);
        const each = hours / run.length;
        if (run.length && run.every((s) => Number.isInteger(each / weeks[s]))) {
          for (const s of run) {
            ws.getCell(row, semCol(s)).value = g.layout === 'weekly' ? each / weeks[s] : each;
            if (per === 2) ws.getCell(row, semCol(s) + 1).value = (c.credits * each) / hours;
          }
        }
      }
      n++;
      row++;
    });
    if (list.length > 1) ws.mergeCells(first, 1, row - 1, 1);
    if (g.subtotals !== 'none') {
      ws.getCell(row, 2).value = '小计';
      for (let s = 0; s < 6; s++)
        for (let k = 0; k < per; k++) {
          const col = semCol(s) + k;
          const letter = columnLetter(col - 1);
          let sum = 0;
          for (let r = first; r < row; r++) sum += Number(ws.getCell(r, col).value ?? 0);
          if (g.subtotals === 'formula') ws.getCell(row, col).value = { formula: `SUM(${letter}${first}:${letter}${row - 1})`, result: sum };
          else if (sum || g.subtotals === 'wrong') ws.getCell(row, col).value = g.subtotals === 'wrong' && s === 1 && k === 0 ? sum + 2 : sum || null;
        }
      ws.getCell(row, 4).value = { formula: `SUM(D${first}:D${row - 1})`, result: list.reduce((t, c) => t + c.credits * g.perCredit, 0) };
      subtotalRows.push(row);
      row++;
    }
  });
  if (g.total !== 'none') {
    ws.getCell(row, 1).value = '合计';
    for (let s = 0; s < 6; s++) {
      const col = semCol(s);
      const letter = columnLetter(col - 1);
      let sum = 0;
      for (let r = 5; r < row; r++) if (!subtotalRows.includes(r)) sum += Number(ws.getCell(r, col).value ?? 0);
      if (g.total === 'formula' && subtotalRows.length) ws.getCell(row, col).value = { formula: subtotalRows.map((r) => `${letter}${r}`).join('+'), result: sum };
      else if (sum) ws.getCell(row, col).value = sum;
    }
    row++;
  }
  // A label where semester numbers would be (a school's own note under the table), merged over two columns.
  if (g.labelInTotal) {
    ws.getCell(row, 3).value = '平台课程课时总计';
    ws.getCell(row, semCol(0)).value = '实践课';
    ws.mergeCells(row, semCol(0), row, semCol(1));
    row++;
  }
  ws.getCell(row + 1, 1).value = '说明：1、本表不含军训。';
  ws.getCell(5, 3).note = '教务处：本课程按省里要求开设';
  if (g.fills) {
    for (let c = 1; c <= 4 + 6 * per + 1; c++) {
      const cell = ws.getCell(2, c);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
      cell.border = { bottom: { style: 'thin' } };
    }
    ws.getColumn(3).width = 18;
  }
  if (g.summarySheet) {
    const sum = wb.addWorksheet('汇总');
    sum.getCell('A1').value = '总学时';
    sum.getCell('B1').value = { formula: `SUM(教学进程表!D5:D${row})`, result: 0 };
    sum.getCell('A2').value = '第一学期';
    sum.getCell('B2').value = { formula: `SUM(教学进程表!${columnLetter(semCol(0) - 1)}5:${columnLetter(semCol(0) - 1)}${row})`, result: 0 };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('written workbooks, generated', () => {
  it('300 generated plans in every layout, mode and cap: nothing outside the plan changed, read back as optimized, no finding the report did not name', async () => {
    await fc.assert(
      fc.asyncProperty(book, async (g) => {
        const bytes = await workbookOf(g);
        const input = await readBook(bytes);
        const outcome = await optimizeRequest({ plan: input.plan, grids: input.grids, read: readOptionsOf(input.rules), rules: input.rules, settings: { mode: g.mode, cap: g.cap }, timeLimitSec: 20 }, engine);
        expect(outcome.kind).toBe('done');
        if (outcome.kind !== 'done') return;
        const { result, patch, roundTrip } = outcome.optimized;
        expect(roundTrip).toEqual([]);
        const output = await readBook(await patchPackage(bytes, patch));
        const reported = {
          changes: result.changes.map((c) => ({ row: c.row + 1, after: c.after })),
          findingsAfter: result.check.findings,
          written: { addresses: patch.writes.map((w) => w.address) },
        };
        expect(await reviewWritten(input, output, reported, g.cap)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 900_000);
});
