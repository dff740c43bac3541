import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, formatShare, internshipSemesters } from '../src/core/checker';
import { gridFromRows } from '../src/core/grid';
import { readPlan, readWorkbook } from '../src/core/reader';
import { PRESETS, resolveRules } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE } from './helpers/shared';
import { generateGrid, samplePlan } from './helpers/grids';

const rules = PRESETS.zhongzhi;

function planOf(rows: Parameters<typeof gridFromRows>[1]) {
  const r = readPlan(gridFromRows('S', rows));
  if (!r.ok) throw new Error(r.error.en);
  return r.plan;
}

async function examplePlan() {
  const wb = await loadWorkbook(readFileSync(EXAMPLE));
  const read = readWorkbook(workbookGrids(wb));
  if (!read.chosen) throw new Error('no plan');
  return read.chosen.plan;
}

describe('checker on the bundled example (the seed plan)', () => {
  it('fails electives at 9.84 % < 10 % even though the sheet prints 10 %', async () => {
    const result = check(await examplePlan(), rules);
    const f = result.findings.find((x) => x.rule === 'share-elective')!;
    expect(f.severity).toBe('error');
    expect(f.actual).toBeCloseTo(360 / 3660, 10);
    expect(f.required).toBe(0.1);
    expect(f.message.en).toContain('9.84%');
    expect(f.message.zh).toContain('印作 10.00%');
    expect(f.cells).toContain('D42');
  });

  it('passes public basic at 37.87 % ≥ 1/3 and totals 3660 h / 200 credits', async () => {
    const result = check(await examplePlan(), rules);
    expect(result.totalHours).toBe(3660);
    expect(result.totalCredits).toBe(200);
    expect(result.findings.some((f) => f.rule === 'share-public-basic')).toBe(false);
    expect(result.shares.find((s) => s.key === 'publicBasic')!.share).toBeCloseTo(1386 / 3660, 10);
  });

  it('reports each unplaced course at its hours cell', async () => {
    const result = check(await examplePlan(), rules);
    const unplaced = result.findings.filter((f) => f.rule === 'course-unplaced');
    expect(unplaced).toHaveLength(23); // 12 public + 5 professional-basic + 6 core
    expect(unplaced[0]).toMatchObject({ required: 36, actual: 0, cells: ['D4'] });
  });

  it('flags the stated 612 h (34 h/week) semesters against the cap of 28, not the internship semester', async () => {
    const result = check(await examplePlan(), rules);
    const stated = result.findings.filter((f) => f.rule === 'weekly-load-stated');
    expect(stated.map((f) => f.cells[0])).toEqual(['F46', 'H46', 'J46', 'N46', 'P46']);
    expect(stated[0]).toMatchObject({ required: 28, actual: 34 });
    expect(result.loads[3].internship).toBe(true);
  });

  it('reconciles the total rows with the courses: their semester figures count the courses not placed yet', async () => {
    const result = check(await examplePlan(), rules);
    // Core courses: 144 h in semester 2, 36 in 3, 270 in 6 stated; only 财政金融 and 网络推广实务 (144 h in 6)
    // are placed, and the other six (306 h) are exactly what the row states beyond them.
    expect(result.findings.filter((f) => f.rule === 'subtotal-mismatch' || f.rule === 'total-mismatch')).toEqual([]);
    const explained = result.findings.filter((f) => f.rule === 'total-explained');
    expect(explained.find((f) => f.cells.includes('H33'))?.message.en).toContain('306 h');
    expect(explained.find((f) => f.cells.includes('F46'))?.message.en).toContain('2556 h');
    expect(result.findings.find((f) => f.rule === 'internship-placement')?.severity).toBe('warning');
  });

  it('takes the internship semester from the settings when given', async () => {
    const { rules: r4 } = resolveRules('zhongzhi', { internship: { semesters: [4] } });
    const result = check(await examplePlan(), r4);
    expect(result.findings.some((f) => f.rule === 'internship-placement')).toBe(false);
  });
});

describe('checker rules', () => {
  const header = ['课程类别', '序号', '课程名称', '学时', '学分', '第一学期', '第二学期'];

  it('flags a semester over the weekly cap with the excess and cells', () => {
    const plan = planOf([header, ['公共基础课', 1, '语文', 540, 30, 540, null], [null, 2, '数学', 36, 2, null, 36]]);
    const result = check(plan, rules);
    const f = result.findings.find((x) => x.rule === 'weekly-load')!;
    expect(f).toMatchObject({ required: 28, actual: 30, cells: ['F2'] });
    expect(f.message.zh).toContain('超出 2 学时/周');
    expect(f.message.en).toContain('move about 36 h');
  });

  it('points first at the cells where hours can go: courses written in two semesters, then professional ones, the national public courses last', () => {
    const plan = planOf([
      header,
      ['公共基础课', 1, '思想道德与法治', 216, 12, 216, null],
      ['专业基础课', 2, '管理学基础', 216, 12, 216, null],
      ['专业基础课', 3, '经济学基础', 108, 6, 108, 108],
    ]);
    const f = check(plan, rules).findings.find((x) => x.rule === 'weekly-load')!;
    expect(f.cells).toEqual(['F4', 'F3', 'F2']);
  });

  it('reports under- and over-placed hours', () => {
    const plan = planOf([header, ['公共基础课', 1, '语文', 72, 4, 36, null], [null, 2, '数学', 72, 4, 72, 72]]);
    const rulesIds = check(plan, rules).findings.map((f) => `${f.rule}:${f.actual}`);
    expect(rulesIds).toContain('course-underplaced:36');
    expect(rulesIds).toContain('course-overplaced:144');
  });

  it('checks credits against hours per credit, with known exceptions as warnings', () => {
    const plan = planOf([header, ['公共基础课', 1, '语文', 72, 2, 72, null], [null, 2, '体育与健康', 36, 1, 36, null], [null, 3, '数学', 64, 4, 64, null]]);
    const f = check(plan, rules).findings.filter((x) => x.rule === 'credits-hours');
    expect(f.map((x) => [x.severity, x.cells[0]])).toEqual([
      ['error', 'D2'],
      ['warning', 'D3'],
    ]);
  });

  it('catches a sub-total whose SUM range misses a row', () => {
    const plan = planOf([
      header,
      ['公共基础课', 1, '语文', 72, 4, 72, null],
      [null, 2, '数学', 72, 4, 72, null],
      [null, 3, '英语', 36, 2, null, 36],
      [null, '小计', null, '=SUM(D2:D3)', 10, 144, 36],
    ]);
    const f = check(plan, rules).findings.find((x) => x.rule === 'subtotal-mismatch' && x.cells[0] === 'D5')!;
    expect(f.required).toBe(180);
    expect(f.cells).toContain('D4');
    expect(f.message.en).toContain('leaves out row 4');
  });

  it('forbids other courses in a full-time internship semester', () => {
    const plan = planOf([header, ['岗位实习', '岗位实习', null, 600, 30, null, 600], ['公共基础课', 1, '语文', 36, 2, null, 36]]);
    const f = check(plan, rules).findings.find((x) => x.rule === 'internship-exclusive')!;
    expect(f).toMatchObject({ severity: 'error', cells: ['G3'] });
  });

  it('finds duplicate courses', () => {
    const plan = planOf([header, ['公共基础课', 1, '语文', 36, 2, 36, null], [null, 2, '语 文', 36, 2, null, 36]]);
    expect(check(plan, rules).findings.find((x) => x.rule === 'duplicate-course')?.cells).toEqual(['C2', 'C3']);
  });

  it('does not count the practice share as passed when there is no practice column', () => {
    const plan = planOf([header, ['公共基础课', 1, '语文', 36, 2, 36, null]]);
    const f = check(plan, rules).findings.find((x) => x.rule === 'share-practice')!;
    expect(f.severity).toBe('info');
    expect(f.message.en).toContain('not passed');
  });

  it('checks the practice share when the sheet has one, counting the internship as practice', () => {
    const grid = generateGrid(samplePlan(), { layout: 'hours', header: 'two-row', practiceColumn: true });
    const r = readPlan(grid);
    if (!r.ok) throw new Error(r.error.en);
    const share = check(r.plan, rules).shares.find((s) => s.key === 'practice')!;
    expect(share.hours).toBe(54);
    expect(share.share).toBeCloseTo(54 / 612, 10);
  });

  it('checks total hours against the preset minimum', () => {
    const plan = planOf([header, ['公共基础课', 1, '语文', 36, 2, 36, null]]);
    expect(check(plan, PRESETS.gaozhi).findings.find((f) => f.rule === 'total-hours-min')).toMatchObject({ required: 2500, actual: 36 });
  });
});

describe('rules', () => {
  it('merges overrides and reports unknown keys and wrong types', () => {
    const { rules: r, problems } = resolveRules('gaozhi', { weeklyCap: 30, shares: { electiveMin: 0.12 }, nonsense: 1, totalHoursMin: 'many' });
    expect(r.weeklyCap).toBe(30);
    expect(r.shares.electiveMin).toBe(0.12);
    expect(r.shares.publicBasicMin).toBe(0.25);
    expect(problems.map((p) => p.path)).toEqual(['nonsense', 'totalHoursMin']);
  });

  it('accepts one cap per semester and rejects impossible values', () => {
    expect(resolveRules('zhongzhi', { weeklyCap: [28, 28, 30, 0] }).problems.map((p) => p.path)).toEqual(['weeklyCap']);
    expect(resolveRules('zhongzhi', { shares: { electiveMin: 2 } }).problems).toHaveLength(1);
  });

  it('never rounds a failing share into a pass when shown', () => {
    expect(formatShare(0.09999, 0.1)).toBe('9.99%');
    expect(formatShare(0.1, 0.1)).toBe('10.00%');
    expect(formatShare(360 / 3660)).toBe('9.84%');
  });
});

describe('a semester the internship fills with other whole-week blocks', () => {
  it('is not in school: 顶岗实习 10W + 毕业设计 8W in an 18-week semester', () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期'],
      ['公共基础课', '大学语文', 36, 2, 36, null, null],
      ['集中实践', '毕业设计', 208, 8, null, '8W', null],
      ['集中实践', '顶岗实习', 260, 10, null, '10W', null],
      ['集中实践', '实训周', 52, 2, null, null, '2W'],
    ];
    const read = readPlan(gridFromRows('S', rows), { weeks: 18 });
    if (!read.ok) throw new Error(read.error.en);
    // Semester 3's two weeks of blocks leave it in school; semester 2's eighteen do not.
    expect([...internshipSemesters(read.plan, PRESETS.gaozhi)]).toEqual([2]);
  });
});
