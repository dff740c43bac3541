/**
 * A plan is the workbook: the real workbooks read whole, their own summary figures checked against the
 * combined plan, plans pasted from Word read with their notations, and the level guessed with evidence.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { check, countedHours, placedHours, type CheckResult } from '../src/core/checker';
import { gridFromRows } from '../src/core/grid';
import type { Plan } from '../src/core/plan';
import { readWorkbook } from '../src/core/reader';
import { PRESETS, resolveRules } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE, hasShared, sharedPath, SKIP_REASON } from './helpers/shared';

async function readReal(name: string) {
  const grids = workbookGrids(await loadWorkbook(readFileSync(sharedPath('data/real', name))));
  const read = readWorkbook(grids);
  const plan = read.chosen!.plan;
  return { grids, read, plan, result: check(plan, resolveRules(plan.level!.level, undefined).rules) };
}

describe.skipIf(!hasShared)(`whole plans on the real workbooks (${hasShared ? '../shared present' : SKIP_REASON})`, () => {
  describe('bigdata-2022-draft.xlsx', () => {
    let plan: Plan;
    let result: CheckResult;
    beforeAll(async () => ({ plan, result } = await readReal('bigdata-2022-draft.xlsx')));

    it('combines the course sheets, the module sheet and the practice table; the summary and catalogues are not counted', () => {
      const bySheet = (s?: string) => plan.courses.filter((c) => c.sheet === s).length;
      expect(bySheet(undefined)).toBe(27);
      expect(bySheet('教学进程表2')).toBe(22);
      expect(plan.courses.filter((c) => c.sheet === '实践教学').map((c) => c.name)).toEqual(['军事技能', '认识实习', '岗位实习']);
      expect(plan.courses.some((c) => c.sheet?.startsWith('附表'))).toBe(false);
      const module = plan.courses.find((c) => c.name === '大学英语(一)A')!;
      expect(module.placements[0]?.cell).toBe('教学进程表2!L5');
      expect(module.alternatives).toEqual([{ name: '大学英语(一)B', cell: '教学进程表2!F6' }]);
    });

    it('matches what its own 课时学分统计 computes, and shows each contradiction at its cell', () => {
      const stated = Object.fromEntries((plan.stated ?? []).map((f) => [f.cell, f.value]));
      const byCell = (cell: string) => result.findings.find((f) => f.cells[0] === cell && f.rule === 'summary-mismatch');
      const publicBasic = result.shares.find((s) => s.key === 'publicBasic')!;
      const practice = result.shares.find((s) => s.key === 'practice')!;
      const perSemester = plan.semesters.map((_, i) => Math.round(plan.courses.reduce((s, c) => s + (c.placements[i]?.hours ?? 0) * (c.weight ?? 1), 0)));
      console.log(
        [
          'bigdata-2022-draft.xlsx — combined plan vs its 课时学分统计 sheet',
          `  total hours        ${result.totalHours} vs E9 ${stated['课时学分统计!E9']} and N5 ${stated['课时学分统计!N5']}`,
          `  public basic hours ${publicBasic.hours} (${(publicBasic.share! * 100).toFixed(2)}%) vs C8 ${stated['课时学分统计!C8']} (F8 ${(stated['课时学分统计!F8'] * 100).toFixed(2)}%)`,
          `  elective hours     ${result.shares.find((s) => s.key === 'elective')!.hours} (the sheet states none in hours)`,
          `  practice hours     ${practice.hours} (${(practice.share! * 100).toFixed(2)}%) vs M9 ${stated['课时学分统计!M9']} (K10 ${(stated['课时学分统计!K10'] * 100).toFixed(2)}%)`,
          `  hours per semester ${perSemester.join(' / ')} (the sheet's 课时分布 row is blank)`,
          ...result.findings.filter((f) => f.rule === 'summary-mismatch').map((f) => `  ✗ ${f.message.en}`),
        ].join('\n'),
      );
      expect(result.totalHours).toBe(2820);
      expect(stated['课时学分统计!E9']).toBe(2820);
      expect(publicBasic.hours).toBe(792);
      expect(byCell('课时学分统计!E9')).toBeUndefined();
      expect(byCell('课时学分统计!C8')).toBeUndefined();
      expect(byCell('课时学分统计!F8')).toBeUndefined();
      // The summary's other total (SUM(C5:M5) = 1672) leaves out most of the modules and the practice.
      expect(byCell('课时学分统计!N5')?.required).toBe(2820);
      expect(byCell('课时学分统计!N5')?.message.en).toContain('leaves out 教学进程表2!J43 (96 h)');
      // Its practice hours inherit the module sheet's K48 = SUM(K45:K46), which misses row 47 (30 h):
      // the finding is at K48; M9, K10 and K60, which follow it, are explained by it in one line.
      expect(practice.hours - stated['课时学分统计!M9']).toBe(30);
      expect(byCell('课时学分统计!M9')).toBeUndefined();
      expect(result.findings.find((f) => f.rule === 'total-follows-subtotals')?.cells).toEqual(expect.arrayContaining(['课时学分统计!M9', '课时学分统计!K10', '教学进程表2!K60']));
      expect(result.findings.find((f) => f.cells[0] === '教学进程表2!K48')?.cells).toContain('教学进程表2!K47');
    });

    it('is read as 高职 and the binding national rules are checked', () => {
      expect(plan.level!.level).toBe('gaozhi');
      expect(plan.level!.reason.zh).toMatch(/^按高职检查：/);
      // 形势与政策 runs in semesters 1–5 (6 is the internship); 体育 3 × 36 = 108; 军事理论 36; 劳动教育 16.
      expect(result.findings.filter((f) => f.rule.startsWith('norm-'))).toEqual([]);
      expect(result.loads.find((l) => l.semester === 6)!.internship).toBe(true);
    });

    it('counts weekly loads over 16 weeks, as the template counts 16 h per credit', () => {
      expect(plan.semesters.map((s) => s.courseWeeks ?? s.weeks)).toEqual([16, 16, 16, 16, 16, 16]);
      expect(plan.notes.filter((n) => n.id === 'reader.course-weeks')).toHaveLength(1);
    });

    it('every error is a contradiction a reader of the workbook can see', () => {
      const errors = result.findings.filter((f) => f.severity === 'error');
      console.log(`bigdata errors (${errors.length}):\n` + errors.map((f) => `  ${f.rule} [${f.cells.slice(0, 3).join(', ')}] ${f.message.zh}`).join('\n'));
      // No error from reading a part of the plan: total, electives and practice all pass.
      expect(errors.map((f) => f.rule)).not.toContain('total-hours-min');
      expect(errors.map((f) => f.rule)).not.toContain('share-elective');
      expect(errors.map((f) => f.rule)).not.toContain('share-practice');
      const kinds = new Set(errors.map((f) => f.rule));
      for (const k of kinds) expect(['weekly-load', 'course-overplaced', 'course-underplaced', 'credits-hours', 'subtotal-mismatch', 'summary-mismatch']).toContain(k);
    });
  });

  describe.each([
    ['marketing-2020-word-table.xlsx', 48, 6],
    ['fashion-design-2020-word-table.xlsx', 72, 6],
    ['fashion-3plus2-2020-word-table.xlsx', 90, 10],
  ])('%s (pasted from Word)', (file, courseRows, semesters) => {
    let plan: Plan;
    let result: CheckResult;
    let calendarWeeks: number[];
    beforeAll(async () => {
      let grids;
      ({ plan, result, grids } = await readReal(file));
      const cal = grids.find((g) => g.sheet === '教学时间分配表')!;
      calendarWeeks = cal.cells.slice(4, 4 + semesters).map((r) => Number(r[2]?.v));
    });

    it('finds every semester with its weeks from the header, equal to the 教学时间分配表', () => {
      expect(plan.semesters).toHaveLength(semesters);
      expect(plan.semesters.map((s) => s.weeks)).toEqual(calendarWeeks);
      expect(plan.sheets!.find((s) => s.sheet === '教学时间分配表')!.role).toBe('calendar');
    });

    it('keeps summer terms apart and places every course that has a semester cell', () => {
      if (semesters === 6) expect(plan.summerTerms!.map((t) => [t.column, t.afterSemester])).toEqual([['M', 2], ['P', 4]]);
      const rows = plan.courses.filter((c) => c.source !== 'choice-group');
      expect(rows).toHaveLength(courseRows);
      const grid = plan; // every placement cell is a semester or summer column of its row
      for (const c of rows) {
        for (const p of c.placements) if (p) expect(p.hours).toBeGreaterThan(0);
        for (const p of c.summer ?? []) if (p) expect(p.shape).toBe('block');
      }
      expect(grid.courses.some((c) => c.summer?.some((p) => p))).toBe(semesters === 6);
    });

    it('each course total equals what its cells mean, or there is a finding at the row', () => {
      const unexplained = plan.courses.filter((c) => {
        if (!c.totalHours || c.weight === 0) return false;
        const placed = placedHours(c);
        if (Math.abs(placed - c.totalHours.value) < 1e-6) return false;
        return !result.findings.some((f) => f.cells.includes(c.totalHours!.cell));
      });
      expect(unexplained.map((c) => c.name)).toEqual([]);
      const read = plan.courses.filter((c) => c.placements.some((p) => p?.notation)).length;
      expect(read).toBeGreaterThan(3);
    });

    it('reads 2+1 as 3 h a week, 4+4/期 as 8 h a term, and week blocks at the plan’s own rate', () => {
      const ideology = plan.courses.find((c) => c.name === '思想道德修养与法律基础')!;
      expect(ideology.placements[0]).toMatchObject({ weekly: 3, hours: 48, notation: '2+1' });
      const policy = plan.courses.find((c) => c.name === '形势与政策')!;
      expect(policy.placements[0]).toMatchObject({ shape: 'term', hours: 8 });
      const internship = plan.courses.find((c) => /顶岗实习/.test(c.name) && c.placements.some((p) => p?.shape === 'block'))!;
      expect(internship.placements.filter((p) => p?.shape === 'block').every((p) => p!.hours === p!.blockWeeks! * 26)).toBe(true);
      expect(plan.level!.level).toBe('gaozhi');
    });
  });

  it('the seed example is read as 中职', async () => {
    const plan = readWorkbook(workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)))).chosen!.plan;
    expect(plan.level!.level).toBe('zhongzhi');
    expect(plan.level!.evidence.length).toBeGreaterThan(0);
  });
});

describe('level detection', () => {
  const table = (names: string[], extra: (string | number | undefined)[][] = []) =>
    gridFromRows('计划', [
      ...extra,
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期'],
      ...names.map((n, i) => ['公共基础课', n, 36, 2, i % 2 ? undefined : 36, i % 2 ? 36 : undefined]),
    ]);
  it('a 中职 plan with one 高职-looking course still says 中职, with its evidence', () => {
    const plan = readWorkbook([table(['中国特色社会主义', '哲学与人生', '职业道德与法治', '语文', '数学', '英语', '高等数学'])]).chosen!.plan;
    expect(plan.level!.level).toBe('zhongzhi');
    expect(plan.level!.reason.zh).toContain('高等数学');
    expect(plan.level!.reason.zh).toMatch(/^按中职检查/);
  });
  it('a title naming the school type outweighs course names', () => {
    const plan = readWorkbook([table(['语文', '数学'], [['某某职业技术学院 2024 级人才培养方案']])]).chosen!.plan;
    expect(plan.level!.level).toBe('gaozhi');
  });
  it('no clue: 中职, and it says so', () => {
    const plan = readWorkbook([table(['课程甲', '课程乙'])]).chosen!.plan;
    expect(plan.level).toMatchObject({ level: 'zhongzhi', evidence: [] });
  });
  it('counted hours never exceed listed hours', () => {
    const plan = readWorkbook([table(['语文', '数学'])]).chosen!.plan;
    for (const c of plan.courses) expect(countedHours(c)).toBeLessThanOrEqual(placedHours(c) + (c.totalHours?.value ?? 0));
    expect(check(plan, PRESETS.zhongzhi).totalHours).toBe(72);
  });
});
