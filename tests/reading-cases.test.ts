/**
 * The eleven ways plans the team had not seen were misread (issue 21), each on a layout of its kind
 * written here by hand or made by the layout generator — none copied from a real plan — and the
 * formula faults a reviewer sees: a cell added twice, a SUM that leaves out a row, a formula over a
 * typed 0, a total that skips a sibling sub-total. Links into other workbooks and hidden sheets are said.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { check, semesterLoads } from '../src/core/checker';
import type { CellValue, Grid, Merge } from '../src/core/grid';
import { gridFromRows } from '../src/core/grid';
import type { Plan } from '../src/core/plan';
import { readPlan, readWorkbook } from '../src/core/reader';
import { PRESETS } from '../src/core/rules';
import { workbookGrids } from '../src/xlsx/read';
import { generateGrid, samplePlan } from './helpers/grids';
import { layoutOf, subtotalLabels } from './helpers/variants';

type Row = (CellValue | undefined)[];

function planOf(grids: Grid[]): Plan {
  const r = readWorkbook(grids);
  if (!r.chosen) throw new Error(`no plan: ${r.sheets.map((s) => (s.ok ? '' : s.error.en)).join(' ')}`);
  return r.chosen.plan;
}

const course = (plan: Plan, name: string) => {
  const c = plan.courses.find((x) => x.name === name);
  if (!c) throw new Error(`no course ${name}: ${plan.courses.map((x) => x.name).join(', ')}`);
  return c;
};

const rulesOf = (f: { rule: string }[]) => f.map((x) => x.rule);

/**
 * A Word-style weekly-hours table (课程类型 | 课程名称 | 学分 | 总学时 | 周学时 by semester): two header
 * rows, the semester labels given on the second; rows given as [category, name, credits, hours,
 * ...semester cells], merges relative to the first course row.
 */
function weeklyTable(labels: string[], rows: Row[], merges: Merge[] = [], sheet = '进程表'): Grid {
  const head: Row[] = [
    ['课程类型', '课程名称', '学分', '总学时', '各学期周学时', ...new Array(labels.length - 1).fill(undefined)],
    [undefined, undefined, undefined, undefined, ...labels],
  ];
  const fixed = [0, 1, 2, 3].map((c) => ({ r0: 0, c0: c, r1: 1, c1: c }));
  return gridFromRows(sheet, [...head, ...rows], [...fixed, { r0: 0, c0: 4, r1: 0, c1: 3 + labels.length }, ...merges.map((m) => ({ ...m, r0: m.r0 + 1, r1: m.r1 + 1 }))]);
}

describe('1. semester headers written `1 18w` (a space, no brackets)', () => {
  it('a ten-semester 3+2 table reads ten semesters of 18 weeks', () => {
    const labels = Array.from({ length: 10 }, (_, i) => `${i + 1} 18w`);
    const rows: Row[] = [
      ['公共基础课', '大学语文', 2, 36, 2, ...new Array(9).fill(undefined)],
      [undefined, '高等数学', 4, 72, undefined, 4, ...new Array(8).fill(undefined)],
      ['专业核心课', '服装设计', 4, 72, ...new Array(7).fill(undefined), 4, undefined, undefined],
    ];
    const plan = planOf([weeklyTable(labels, rows)]);
    expect(plan.semesters.map((s) => s.weeks)).toEqual(new Array(10).fill(18));
    expect(plan.semesters[0].weeksCell).toBe('E2');
    expect(course(plan, '服装设计').placements[7]?.hours).toBe(72);
  });

  it('a table whose semesters cannot be found is not checked: one error says what was looked for', () => {
    const g = gridFromRows('表', [['课程类别', '课程名称', '学时', '甲', '乙'], ['公共基础课', '语文', 72, 36, 36]]);
    const r = readPlan(g);
    expect(r.ok).toBe(true);
    const result = check((r as { plan: Plan }).plan, PRESETS.zhongzhi);
    expect(result.findings.filter((f) => f.severity === 'error')).toHaveLength(1);
    expect(result.findings[0].message.zh).toContain('1 18w');
    expect(result.loads).toEqual([]);
  });

  it('optimize exits 2 with the reason instead of listing conflicts over "semesters 1–0"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const file = path.join(dir, 'no-semesters.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('进程表');
    ws.addRow(['课程类别', '课程名称', '学时', '一学年', '二学年']);
    ws.addRow(['公共基础课', '语文', 72, 36, 36]);
    ws.addRow(['公共基础课', '数学', 72, 36, 36]);
    await wb.xlsx.writeFile(file);
    const err: string[] = [];
    const out: string[] = [];
    const code = await main(['optimize', file, '-o', path.join(dir, 'out.xlsx'), '--lang', 'en'], { out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('no semester columns');
    expect(out.join('\n')).not.toMatch(/semester 1–0|conflict/i);
  });
});

describe('2. direction labels in the category column left of the names', () => {
  it('counts one direction: the other is an alternative, in totals and in loads', () => {
    const rows: Row[] = [
      ['公共基础课', '英语', 4, 64, 4, undefined],
      ['方向一：跨境电商', '跨境平台运营', 4, 64, undefined, 4],
      [undefined, '国际物流', 2, 32, undefined, 2],
      ['方向二：直播电商', '直播策划', 4, 64, undefined, 4],
      [undefined, '短视频制作', 2, 32, undefined, 2],
    ];
    const merges = [{ r0: 2, c0: 0, r1: 3, c1: 0 }, { r0: 4, c0: 0, r1: 5, c1: 0 }];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）'], rows, merges)]);
    expect(course(plan, '直播策划').weight).toBe(0);
    expect(course(plan, '跨境平台运营').weight).toBeUndefined();
    const result = check(plan, PRESETS.gaozhi);
    expect(result.totalHours).toBe(64 + 64 + 32);
    expect(result.loads[1].weeklyHours).toBe(6);
  });
});

describe('3. vacation columns headed 假 between semesters', () => {
  it('their whole-week practice blocks are placed there, not "unplaced"', () => {
    const rows: Row[] = [
      ['公共基础课', '语文', 2, 32, 2, undefined, undefined, undefined],
      ['综合实践', '社会实践', 2, 52, undefined, '1w', undefined, '1w'],
      [undefined, '认知实训', 1, 26, undefined, undefined, '1W', undefined],
    ];
    const plan = planOf([weeklyTable(['1（16w）', '假', '2（16w）', '假'], rows)]);
    expect(plan.semesters).toHaveLength(2);
    expect(plan.summerTerms?.map((t) => t.afterSemester)).toEqual([1, 2]);
    expect(course(plan, '社会实践').summer?.map((p) => p?.hours ?? null)).toEqual([26, 26]);
    const result = check(plan, PRESETS.gaozhi);
    expect(rulesOf(result.findings)).not.toContain('course-unplaced');
    expect(rulesOf(result.findings)).not.toContain('course-underplaced');
  });
});

describe('4. `4+1w`: four hours a week and one whole week', () => {
  it('counts the week at the plan\'s whole-week rate, outside the weekly load', () => {
    const rows: Row[] = [
      ['专业核心课', '网店运营', 5, 90, '4+1w', undefined],
      ['综合实践', '岗位认知', 1, 26, undefined, '1w'],
    ];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）'], rows)]);
    const p = course(plan, '网店运营').placements[0]!;
    expect(p).toMatchObject({ hours: 90, weekly: 4, blockWeeks: 1, blockHours: 26 });
    const result = check(plan, PRESETS.gaozhi);
    expect(rulesOf(result.findings)).not.toContain('course-unplaced');
    expect(rulesOf(result.findings)).not.toContain('course-underplaced');
    const load = semesterLoads(plan, PRESETS.gaozhi)[0];
    expect(load.weeklyHours).toBe(4);
    expect(load.outsideHours).toBe(26);
  });
});

describe('5. a bare 26 in a weekly-hours column where a whole week is 26 h', () => {
  it('is one whole week, not 26 h a week', () => {
    const rows: Row[] = [
      ['公共基础课', '英语', 4, 64, 4, undefined],
      ['综合实践', '团队素质拓展', 1, 26, undefined, 26],
      [undefined, '社会实践', 2, 52, '1w', '1w'],
    ];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）'], rows)]);
    expect(course(plan, '团队素质拓展').placements[1]).toMatchObject({ hours: 26, shape: 'block', blockWeeks: 1 });
    const result = check(plan, PRESETS.gaozhi);
    expect(result.loads[1].weeklyHours).toBe(0);
    expect(rulesOf(result.findings)).not.toContain('weekly-load');
    expect(plan.notes.some((n) => n.id === 'reader.hours-in-weekly')).toBe(true);
  });
});

describe('6. elective groups: semesters on an option row, or on the group row while the options are placed', () => {
  const options = (placed: (number | undefined)[][]): Row[] =>
    ['影视鉴赏', '书法', '摄影', '茶艺'].map((name, i) => [i === 0 ? '专业选修课' : undefined, name, 2, 32, ...placed[i]]);

  it('a group whose semesters stand on its first option row is taught when that row says, with no "not placed" warnings', () => {
    const rows: Row[] = [...options([[undefined, 2, 2], [], [], []]), [undefined, '小计', 4, 64, undefined, undefined, undefined]];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）', '3（16w）'], rows, [{ r0: 1, c0: 0, r1: 5, c1: 0 }])]);
    const slot = plan.courses.find((c) => c.source === 'choice-group')!;
    expect(slot.placements.map((p) => p?.hours ?? null)).toEqual([null, 32, 32]);
    expect(plan.courses.filter((c) => c.source !== 'choice-group').every((c) => c.weight === 0)).toBe(true);
    const result = check(plan, PRESETS.gaozhi);
    expect(result.findings.filter((f) => f.rule === 'course-unplaced' || f.rule === 'course-overplaced')).toEqual([]);
    expect(result.shares.find((s) => s.key === 'elective')!.hours).toBe(64);
  });

  it('a group with every option placed, and a sub-total row whose semesters give its stated hours, is taught when that row says', () => {
    const rows: Row[] = [...options([[2], [2], [undefined, 2], [undefined, undefined, 2]]), [undefined, '小计', 4, 64, 2, 2, undefined]];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）', '3（16w）'], rows, [{ r0: 1, c0: 0, r1: 5, c1: 0 }])]);
    const result = check(plan, PRESETS.gaozhi);
    // Whole weekly hours in every semester: no share of a group spread as 0.5 h a week.
    expect(result.loads.map((l) => l.weeklyHours)).toEqual([2, 2, 0]);
    expect(result.totalHours).toBe(64);
  });
});

describe('7. a 合计 that adds 小计 rows of different categories and not the block between them', () => {
  it('covers what it adds, and agrees', () => {
    const rows: Row[] = [
      ['专业选修课', '服装美学', 2, 32, 2, undefined],
      [undefined, '服装营销', 2, 32, undefined, 2],
      [undefined, '小计', 4, 64, 2, 2],
      ['综合实践', '工艺实训', 2, 52, '2w', undefined],
      [undefined, '小计', 2, 52, undefined, undefined],
      ['全院选修', '创新创业', 2, 32, 2, undefined],
      [undefined, '小计', 2, 32, 2, undefined],
      [undefined, '合计', 6, 96, 4, 2],
    ];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）'], rows)]);
    const total = plan.aggregates.find((a) => a.label === '合计')!;
    expect(total.covers.length).toBe(3);
    const result = check(plan, PRESETS.gaozhi);
    expect(result.findings.filter((f) => /mismatch/.test(f.rule))).toEqual([]);
  });
});

describe('8. a summary that links to another workbook ([1])', () => {
  it('is said, with the hours it takes from there and the total they would make', () => {
    const courses = gridFromRows('课程', [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期'],
      ['专业课', '网店运营', 64, 4, 64, undefined],
      [undefined, '视觉设计', 64, 4, undefined, 64],
      [undefined, '合计', '=SUM(C2:C3)', 8, 64, 64],
    ]);
    const summary = gridFromRows('汇总', [
      ['项目', '学时'],
      ['总学时', null],
    ]);
    summary.cells[1][1] = { v: 728, f: '课程!C4+[1]公共课!C20' };
    const plan = planOf([courses, summary]);
    const result = check(plan, PRESETS.gaozhi);
    const link = result.findings.find((f) => f.rule === 'reader.external-link')!;
    expect(link.severity).toBe('warning');
    expect(link.message.en).toContain('600 of the 728 h');
    expect(link.message.en).toContain('would be 728 h');
    // The summary's 728 is explained by the link, not reported as a contradiction.
    expect(result.findings.filter((f) => f.rule === 'summary-mismatch')).toEqual([]);
    expect(result.findings.find((f) => f.rule === 'total-explained')?.message.en).toContain('another workbook');
  });
});

describe('9. a sub-total row without a label', () => {
  it('is a sub-total, not a course named after its category (generated layout)', () => {
    const grid = generateGrid(samplePlan(), { layout: 'pair', header: 'two-row', mergeCategories: true, subtotals: true });
    const base = readWorkbook([grid]).chosen!.plan;
    const layout = layoutOf([grid], grid.sheet, base);
    const v = subtotalLabels({ grids: [grid], layout }, 'none')!;
    expect(v).not.toBeNull();
    const plan = planOf(v.grids);
    expect(plan.courses.map((c) => c.name)).toEqual(base.courses.map((c) => c.name));
    expect(plan.aggregates.filter((a) => a.kind === 'subtotal' && a.label === '')).toHaveLength(base.aggregates.filter((a) => a.kind === 'subtotal').length);
    expect(check(plan, PRESETS.zhongzhi).findings.filter((f) => /mismatch/.test(f.rule))).toEqual([]);
  });
});

describe('10. credits', () => {
  it('a practice table\'s credits that the school\'s summary adds are in the total credits', () => {
    const courses = gridFromRows('课程', [
      ['课程类别', '课程名称', '学分', '学时', '第一学期', '第二学期', '第三学期', '第四学期'],
      ['公共基础课', '英语', 4, 64, 64, undefined, undefined, undefined],
      ['专业核心课', '数据分析', 6, 96, undefined, 96, undefined, undefined],
      [undefined, '学分合计', '=SUM(C2:C3)', undefined, undefined, undefined, undefined, undefined],
    ]);
    const practice = gridFromRows('实践', [
      ['学期', '实践教学', null, null, null],
      [null, '军事技能', '军事技能学时', '岗位实习', '实习学时'],
      ['一', 2, 112, null, null],
      ['二', null, null, null, null],
      ['三', null, null, null, null],
      ['四', null, null, 10, 240],
      ['合计', 2, 112, 10, 240],
    ]);
    const summary = gridFromRows('统计', [['', '学分'], ['总学分', null]]);
    summary.cells[1][1] = { v: 22, f: '课程!C4+实践!B7+实践!D7' };
    const plan = planOf([courses, practice, summary]);
    const result = check(plan, PRESETS.gaozhi);
    expect(result.totalCredits).toBe(22);
    expect(plan.notes.find((n) => n.id === 'reader.practice-credits')?.cells).toEqual(['实践!B7', '实践!D7']);
  });

  it('an elective module filed under its own heading row is elective, not the core it is written inside', () => {
    const rows: Row[] = [
      ['专业课', '数据采集', 4, 64, 4, undefined],
      [undefined, '数据可视化', 4, 64, undefined, 4],
      [undefined, '专业选修模块（任选两门）', undefined, undefined, undefined, undefined],
      [undefined, '爬虫实践', 2, 32, undefined, 2],
      [undefined, '商业智能', 2, 32, undefined, 2],
    ];
    const plan = planOf([weeklyTable(['1（16w）', '2（16w）'], rows, [{ r0: 1, c0: 0, r1: 5, c1: 0 }])]);
    expect(course(plan, '数据可视化').category).toBe('professional-core');
    expect(course(plan, '爬虫实践').category).toBe('elective');
    expect(course(plan, '爬虫实践').categoryPath).toEqual(['专业课', '专业选修模块(任选两门)']);
    expect(check(plan, PRESETS.gaozhi).shares.find((s) => s.key === 'elective')!.hours).toBe(64);
  });
});

describe('11. weeks: what the header says', () => {
  it.each([
    ['1 18w', 18],
    ['1（18w）', 18],
    ['第一学期(18周)', 18],
    ['S1 (18w)', 18],
  ])('"%s" gives the semester %i weeks, at its header cell', (label, weeks) => {
    const plan = planOf([weeklyTable([label, label.replace('1', '2').replace('一', '二')], [['公共基础课', '英语', 4, 72, 4, undefined]])]);
    expect(plan.semesters[0].weeks).toBe(weeks);
    expect(plan.semesters[0].weeksCell).toBe('E2');
  });

  it('a row of weeks under bare semester numbers gives them too', () => {
    const g = gridFromRows('表', [
      ['课程类别', '课程名称', '学时', '各学期学时分配', null],
      [null, null, null, 1, 2],
      [null, '教学周数', null, 18, 18],
      ['公共基础课', '英语', 72, 72, undefined],
    ], [{ r0: 0, c0: 3, r1: 0, c1: 4 }]);
    const plan = planOf([g]);
    expect(plan.semesters.map((s) => s.weeks)).toEqual([18, 18]);
  });
});

describe('formula audit', () => {
  const table = (f: string | number, extra: Row[] = []) =>
    gridFromRows('表', [
      ['课程类别', '课程名称', '学时', '第一学期'],
      ['专业课', '甲', 36, 36],
      [undefined, '乙', 36, 36],
      [undefined, '丙', 36, 36],
      [undefined, '小计', f, '=SUM(D2:D4)'],
      ...extra,
    ]);

  it('a formula that adds a cell twice is an error at its cell', () => {
    const plan = planOf([table('=C2+C3+C4+C4')]);
    const f = check(plan, PRESETS.gaozhi).findings.find((x) => x.rule === 'formula-twice')!;
    expect(f).toMatchObject({ severity: 'error', cells: ['表!C5', 'C4'] });
    expect(f.message.en).toContain('36 too many');
  });

  it('a SUM that leaves out a filled row is a difference at its cell; an empty one a warning before it causes trouble', () => {
    const filled = check(planOf([table('=SUM(C2:C3)')]), PRESETS.gaozhi).findings.find((x) => x.rule === 'subtotal-mismatch')!;
    expect(filled.cells).toEqual(['C5', 'C4']);
    expect(filled.message.en).toContain('leaves out row 4');
    const empty = planOf([gridFromRows('表', [['课程类别', '课程名称', '学时', '第一学期', '第二学期'], ['专业课', '甲', 36, 36, null], [null, '乙', 36, 36, null], [null, '丙', 36, 36, null], [null, '小计', '=SUM(C2:C4)', '=SUM(D2:D4)', '=SUM(E2:E3)']])]);
    const warn = check(empty, PRESETS.gaozhi).findings.find((x) => x.rule === 'formula-skips-row')!;
    expect(warn).toMatchObject({ severity: 'warning', cells: ['E5', 'E4'] });
  });

  it('a formula over a typed 0 where a sub-total belongs is an error at both cells', () => {
    const g = gridFromRows('表', [
      ['课程类别', '课程名称', '学分', '学时', '第一学期'],
      ['专业课', '甲', 2, 32, 32],
      [undefined, '乙', 2, 32, 32],
      [undefined, '学分小计', 0, undefined, undefined],
      [undefined, '学时小计', undefined, '=C4*16', '=SUM(E2:E3)'],
    ]);
    const f = check(planOf([g]), PRESETS.gaozhi).findings.find((x) => x.rule === 'formula-zero')!;
    expect(f).toMatchObject({ severity: 'error', cells: ['表!D5', 'C4'] });
    expect(f.message.en).toContain('a typed 0 where the sum of its 2 courses (4) belongs');
  });

  it('a total that adds sibling sub-totals but skips one is an error', () => {
    const g = gridFromRows('表', [
      ['课程类别', '课程名称', '学时', '第一学期'],
      ['模块一', '甲', 32, 32],
      [undefined, '课时小计', '=SUM(C2:C2)', '=SUM(D2:D2)'],
      ['模块二', '乙', 32, 32],
      [undefined, '课时小计', '=SUM(C4:C4)', '=SUM(D4:D4)'],
      ['模块三', '丙', 32, 32],
      [undefined, '课时小计', '=SUM(C6:C6)', '=SUM(D6:D6)'],
      [undefined, '课时合计', '=C3+C7', '=D3+D5+D7'],
    ]);
    const f = check(planOf([g]), PRESETS.gaozhi).findings.find((x) => x.rule === 'formula-skips-subtotal')!;
    expect(f).toMatchObject({ severity: 'error', cells: ['C8', 'C5'] });
    expect(f.message.en).toContain('skips row 5 (32 left out)');
  });
});

describe('sheets not counted are said', () => {
  it('a hidden sheet with courses: not counted, with the total it would make', async () => {
    const wb = new ExcelJS.Workbook();
    const shown = wb.addWorksheet('进程表');
    shown.addRow(['课程类别', '课程名称', '学时', '第一学期', '第二学期']);
    shown.addRow(['公共基础课', '英语', 64, 64, null]);
    shown.addRow(['专业核心课', '数据分析', 96, null, 96]);
    shown.addRow(['专业核心课', '数据挖掘', 64, null, 64]);
    const hidden = wb.addWorksheet('旧版进程表', { state: 'hidden' });
    hidden.addRow(['课程类别', '课程名称', '学时', '第一学期', '第二学期']);
    hidden.addRow(['专业选修课', '机器学习', 48, null, 48]);
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(await wb.xlsx.writeBuffer());
    const grids = workbookGrids(reread);
    expect(grids.find((g) => g.sheet === '旧版进程表')?.hidden).toBe(true);
    const r = readWorkbook(grids);
    expect(r.info.find((s) => s.sheet === '旧版进程表')?.role).toBe('ignored');
    const plan = r.chosen!.plan;
    expect(plan.courses.map((c) => c.name)).not.toContain('机器学习');
    const note = plan.notes.find((n) => n.id === 'reader.sheet-hidden')!;
    expect(note.severity).toBe('warning');
    expect(note.message.en).toContain('would make the total 272 h (now 224)');
  });

  it('a sheet the user left out: said, with what it holds', () => {
    const a = gridFromRows('主表', [['课程类别', '课程名称', '学时', '第一学期'], ['公共基础课', '英语', 64, 64], ['专业课', '甲', 32, 32]]);
    const b = gridFromRows('模块', [['课程类别', '课程名称', '学时', '第一学期'], ['专业选修课', '乙', 32, 32]]);
    const plan = readWorkbook([a, b], { exclude: ['模块'] }).chosen!.plan;
    expect(plan.notes.find((n) => n.id === 'reader.sheet-excluded')?.message.zh).toContain('计入后总学时为 128（现为 96）');
  });
});

describe('figures stated in the text', () => {
  it('a note under the table stating total hours, credits or a sum of categories is reconciled, each at its cell', () => {
    const g = gridFromRows('表', [
      ['课程类别', '课程名称', '学分', '学时', '第一学期', '第二学期'],
      ['专业基础课', '甲', 4, 64, 64, undefined],
      ['专业核心课', '乙', 6, 96, undefined, 96],
      ['公共基础课', '丙', 2, 32, 32, undefined],
      ['说明：1、本方案共192学时，12学分；2、专业基础课+专业核心课共11学分；3、总学时不少于2500。', undefined, undefined, undefined, undefined, undefined],
    ]);
    const plan = planOf([g]);
    const texts = (plan.stated ?? []).filter((f) => f.inText);
    expect(texts.map((f) => [f.measure, f.value])).toEqual([
      ['total-hours', 192],
      ['total-credits', 12],
      ['category-credits', 11],
    ]);
    const result = check(plan, PRESETS.gaozhi);
    // 192 h and 12 credits agree; 专业基础课+专业核心课 have 10 credits, not 11; "不少于2500" is a requirement, not a figure.
    const wrong = result.findings.filter((f) => f.rule === 'summary-mismatch');
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ cells: ['表!A5'], actual: 11, required: 10 });
    expect(result.findings.find((f) => f.rule === 'summary-agrees')?.cells).toEqual([]);
  });
});

describe('a workbook with nothing to check', () => {
  it('a header with no course rows: check exits 2 saying so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pb-'));
    const file = path.join(dir, 'empty.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('进程表').addRow(['课程类别', '课程名称', '学时', '第一学期']);
    await wb.xlsx.writeFile(file);
    const err: string[] = [];
    const code = await main(['check', file, '--lang', 'en'], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('no course rows');
  });
});

describe('printed shares', () => {
  it('a 占比 row agrees to the digits it prints; one that does not is a finding at its cell', () => {
    const g = gridFromRows('表', [
      ['课程类别', '序号', '课程名称', '学时', '第一学期', '第二学期'],
      ['公共基础课', 1, '语文', 300, 150, 150],
      [undefined, '占比%', undefined, 0.3],
      ['专业核心课', 1, '网店运营', 700, 350, 350],
      [undefined, '占比%', undefined, 0.6],
    ]);
    const result = check(planOf([g]), PRESETS.zhongzhi);
    expect(result.findings.find((f) => f.rule === 'summary-agrees')?.message.en).toContain('Public basic share printed 30%');
    expect(result.findings.find((f) => f.rule === 'ratio-mismatch')).toMatchObject({ cells: ['D5'], actual: 0.6, required: 0.7 });
  });
});

describe('the report sheet this tool wrote', () => {
  it('is never read as part of the plan (its rows of semesters looked like a practice table)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('进程表');
    ws.addRow(['课程类别', '课程名称', '学时', '第一学期', '第二学期']);
    ws.addRow(['公共基础课', '英语', 64, 64, null]);
    ws.addRow(['专业核心课', '数据分析', 96, null, 96]);
    const report = wb.addWorksheet('优化报告');
    report.addRow(['教学计划平衡器 · 优化报告']);
    report.addRow(['学期', '优化前（学时/周）', '优化后（学时/周）', '上限']);
    for (let i = 1; i <= 6; i++) report.addRow([`第${i}学期`, 4, 4, 28]);
    report.addRow(['说明：总学时 3660']);
    wb.definedNames.add("'优化报告'!$A$1", 'PlanBalancerReport');
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(await wb.xlsx.writeBuffer());
    const r = readWorkbook(workbookGrids(reread));
    expect(r.info.find((s) => s.sheet === '优化报告')?.role).toBe('ignored');
    const result = check(r.chosen!.plan, PRESETS.gaozhi);
    expect(result.totalHours).toBe(160);
    expect(result.findings.some((f) => f.cells.some((c) => c.startsWith('优化报告')))).toBe(false);
  });
});
