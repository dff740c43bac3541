/**
 * Why a semester over its cap keeps its courses while another has room: each course's first reason,
 * checked on its own shapes with the other courses where the answer has them — and on the real plans,
 * the conflict names the course and the rule instead of "every course would break a rule".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPatch } from '../src/core/patch';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { msg } from '../src/core/message';
import { whyCoursesStay } from '../src/core/optimizer/blocked';
import type { RawSolution } from '../src/core/optimizer/optimize';
import type { OptCourse, OptProblem } from '../src/core/optimizer/problem';
import { optimizePlan } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import { readRealPlan } from '../scripts/likeness';
import { hasShared, sharedPath, SKIP_REASON } from './helpers/shared';

const WEEKS = 16;

function course(id: string, name: string, current: number[], extra: Partial<OptCourse> = {}): OptCourse {
  const hours = current.reduce((a, b) => a + b, 0);
  return {
    id,
    name,
    category: 'professional-basic',
    hours,
    fixed: current.map(() => 0),
    locked: false,
    earliest: 1,
    latest: current.length,
    current,
    nameCell: `B${id.slice(1)}`,
    semesterCells: current.map(() => null),
    isInternship: false,
    weekly: { min: 2, max: 6, preferredMax: 4 },
    ...extra,
  };
}

function problem(courses: OptCourse[], extra: Partial<OptProblem> = {}): OptProblem {
  return {
    semesters: [1, 2, 3].map((index) => ({ index, weeks: WEEKS, cap: 20, teaching: true })),
    courses,
    prerequisites: [],
    maxSpread: 0,
    maxSpan: 2,
    ratios: [],
    label: 'test',
    mode: 'rebalance',
    sequences: [],
    phases: [],
    ...extra,
  };
}

/** The answer: every course where the sheet has it. */
function asPlaced(p: OptProblem): RawSolution {
  return {
    status: 'optimal',
    backend: 'highs',
    gap: 0,
    seconds: 0,
    stages: [],
    courses: p.courses.map((c) => ({ id: c.id, hours: c.current.map((h, i) => h + c.fixed[i]), weekly: c.current.map((h, i) => (h + c.fixed[i]) / WEEKS), unplaced: false })),
    capSlack: {},
    minLoadSlack: {},
    countSlack: {},
    ratioSlack: {},
    maxLoad: null,
    model: { vars: 0, rows: 0 },
  };
}

const room = (semester: number, weekly: number) => [{ semester, weekly }];

describe('why a semester keeps its courses', () => {
  it('a course that would need more weekly hours than the room left: both numbers', () => {
    const p = problem([course('r1', '市场营销', [96, 0, 0])]);
    const why = whyCoursesStay(p, asPlaced(p), 1, room(3, 4));
    expect(why?.zh).toBe('“市场营销”移去需 6 学时/周，第3学期只余 4');
    expect(why?.en).toBe('"市场营销" would need 6 h/week where semester 3 has 4 left');
  });

  it('a move that breaks a binding order names the rule and the course it is tied to', () => {
    const order = msg('思政课按顺序开设', 'the 思政 courses in their order');
    const p = problem([course('r1', '思想道德与法治', [48, 0, 0]), course('r2', '毛泽东思想和中国特色社会主义理论体系概论', [0, 64, 0])], {
      binding: { orders: [{ a: 'r1', b: 'r2', next: false, name: order }], prepares: [] },
    });
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 10))?.zh).toBe('“思想道德与法治”移去会违反“思政课按顺序开设”（相对“毛泽东思想和中国特色社会主义理论体系概论”）');
  });

  it('a basic course that would start after the core course it prepares', () => {
    const prep = msg('专业基础课先于以其为基础的专业核心课', 'basic before core');
    const p = problem([course('r1', 'Linux应用基础', [64, 0, 0]), course('r2', '大数据系统搭建部署', [0, 64, 0], { category: 'professional-core' })], {
      binding: { orders: [], prepares: [{ basic: 'r1', core: 'r2', name: prep, basicFrom: 1, coreFrom: 2, strict: true }] },
    });
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 10))?.zh).toBe('“Linux应用基础”移去会违反“专业基础课先于以其为基础的专业核心课”（相对“大数据系统搭建部署”）');
  });

  it('bounds a fixed course sets (体育 in years 1–2) are named by their norm, before the school habit', () => {
    const pe = msg('体育各部分按顺序在第一、二学年开设', '体育 in its parts, in order, in years 1–2');
    const p = problem([course('r1', '体育(Ⅰ)', [32, 0, 0], { fit: { endMax: 2, why: [pe] } })]);
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 10))?.zh).toBe('“体育(Ⅰ)”移去会违反“体育各部分按顺序在第一、二学年开设”');
  });

  it('what the sheet fixes: another sheet, a text cell, "X or Y", kept as it is, and in keep mode the mode', () => {
    const p = problem([
      course('r1', '大学英语', [64, 0, 0], { external: true, nameCell: '教学进程表2!C9' }),
      course('r2', '劳动教育', [16, 0, 0], { external: true }),
      course('r3', '信息技术', [0, 0, 0], { allowed: [1, 2], hours: 48 }),
      course('r4', '大数据分析', [0, 0, 0], { fixed: [64, 0, 0], locked: true, hours: 0 }),
    ]);
    const raw = asPlaced(p);
    raw.courses[2].hours = [48, 0, 0];
    raw.courses[2].weekly = [3, 0, 0];
    expect(whyCoursesStay(p, raw, 1, room(3, 10))?.zh).toBe(
      '“信息技术”表中只写在第1、2学期（二选一）；“大学英语”在其他工作表上，只计入周学时、不移动；“劳动教育”按表中写法计入、不移动（文字单元格、整周或按学期的安排、选修组）；“大数据分析”保持原表安排',
    );
    expect(whyCoursesStay({ ...p, mode: 'keep' }, raw, 1, room(3, 10))?.zh).toContain('“大数据分析”已有安排，按“保留已有安排”方式不移动');
  });

  it('rebalancing keeps a course as plausible as the sheet has it: a shape only planning afresh allows is the school habit', () => {
    const p = problem([course('r1', '军事理论', [32, 0, 0], { startWindow: [1, 1], category: 'public-basic' })]);
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 10))?.zh).toBe('“军事理论”移去后开课学期或周学时不如原表合理');
    // Planning afresh has no such filter: the move is open, and nothing holds the course.
    expect(whyCoursesStay({ ...p, mode: 'plan' }, asPlaced(p), 1, room(3, 10))?.zh).toBe('“军事理论”单独移去可行，但会使其他课程违反规定或加重其他学期');
  });

  it('courses the room is too small for, together: the least any of them needs', () => {
    const p = problem([course('r1', '市场营销', [96, 0, 0]), course('r2', '推销实务', [80, 0, 0])]);
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 4))?.zh).toBe('“市场营销”“推销实务”移去至少需 5 学时/周，第3学期只余 4');
  });

  it('many courses with one reason: three named, then the count', () => {
    const p = problem([1, 2, 3, 4, 5].map((k) => course(`r${k}`, `课程${k}`, [16, 0, 0], { external: true, nameCell: `表2!C${k}` })));
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 10))?.zh).toBe('“课程1”“课程2”“课程3”等 5 门在其他工作表上，只计入周学时、不移动');
    expect(whyCoursesStay(p, asPlaced(p), 1, room(3, 10))?.en).toBe('"课程1", "课程2", "课程3" and 2 more are on another sheet: counted, not moved');
  });
});

describe.skipIf(!hasShared)(`the real plans name what holds each course (${hasShared ? 'bigdata at 28' : SKIP_REASON})`, () => {
  it('bigdata at 28: semester 1 names 体育(Ⅰ) and its norm, the either-or courses, the courses on 教学进程表2; every move the room allows is made', async () => {
    const highs = highsBackend(await ((await import('highs')).default as unknown as () => Promise<HighsLike>)());
    const { plan, rules } = await readRealPlan(sharedPath('data/real/bigdata-2022-draft.xlsx'));
    const r = optimizePlan(plan, { ...rules, weeklyCap: 28 }, { cap: 28, mode: 'rebalance' }, highs, 60);
    const first = r.conflicts.find((c) => c.rule === 'weekly-cap' && c.fix.zh.startsWith('第1学期'))!;
    expect(first.fix.zh).toContain('“体育(Ⅰ)”移去会违反“体育各部分按顺序在第一、二学年开设”');
    expect(first.fix.zh).toContain('表中只写在第1、2学期（二选一）');
    expect(first.fix.zh).toContain('在其他工作表上，只计入周学时、不移动');
    // (A course that could go alone would mean a move the optimizer failed to make.)
    for (const c of r.conflicts) expect(c.fix.zh, c.fix.zh.slice(0, 20)).not.toContain('单独移去可行');
    // 职业发展与就业指导 (16 h, 1 h/week in semester 4) fits semester 5's room: it is moved there.
    expect(r.changes.find((c) => c.name === '职业发展与就业指导')?.after).toEqual([0, 0, 0, 0, 16, 0]);
    // Its cell's note gives the weekly hours as the check counts them: 16 h over semester 5's 14 teaching weeks.
    const grids = workbookGrids(await loadWorkbook(readFileSync(sharedPath('data/real/bigdata-2022-draft.xlsx'))));
    const patch = buildPatch(plan, grids, r, rules, msg('', ''));
    expect(r.check.loads[4].weeks).toBe(14);
    expect(patch.marks.find((m) => m.address === 'O14')?.note.zh).toContain('第5学期安排 16 学时（1.14 学时/周）');
    // A conflict's whole advice is on its first cell only; its other cells name it and say where to read it.
    const sem1 = r.conflicts.find((c) => c.rule === 'weekly-cap' && c.fix.zh.startsWith('第1学期'))!;
    const [firstCell, ...others] = sem1.cells.filter((a) => !a.includes('!'));
    expect(patch.marks.find((m) => m.address === firstCell)?.note.zh).toContain(sem1.fix.zh);
    expect(others.length).toBeGreaterThan(2);
    for (const a of others) expect(patch.marks.find((m) => m.address === a)?.note.zh, a).toContain(`⚠ 第1学期 35.47 学时/周，上限 28（详见 ${firstCell} 的批注或“优化报告”工作表）`);
    for (const a of others) expect(patch.marks.find((m) => m.address === a)?.note.zh, a).not.toContain('移去会违反');
    // The school's credits sub-total N25 =(N24-20-8)/16+0.2 subtracts 20 for a 体育 the change took out
    // of semester 4: the formula stays, its negative result is flagged at the cell and in the report.
    expect(patch.marks.find((m) => m.address === 'N25')?.note.zh).toBe('⚠ 公式 =(N24-20-8)/16+0.2 的结果因本次调整由 2.45 变为 -0.8：公式保持原样，请检查它是否仍然适用');
    expect(patch.writes.some((w) => w.address === 'N25')).toBe(false);
    expect(patch.summary.zh).toContainEqual(['=(N24-20-8)/16+0.2', 'N25', 2.45, -0.8]);
  }, 120_000);
});
