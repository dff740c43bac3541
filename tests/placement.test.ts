/**
 * Modes and placement norms: the seed planned from scratch reads like a school's plan, a placed plan
 * is rebalanced by moving few courses and nothing else, "X or Y" courses get one of their semesters.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridFromRows } from '../src/core/grid';
import { defaultMode, optimizePlan, problemFromPlan } from '../src/core/optimizer';
import { highsBackend, type HighsLike } from '../src/core/optimizer/backends/highs';
import type { Backend } from '../src/core/optimizer/model';
import { numberedPart, partSequences } from '../src/core/placement';
import type { Plan } from '../src/core/plan';
import { readPlan, readWorkbook } from '../src/core/reader';
import { PRESETS, resolveRules, type Rules } from '../src/core/rules';
import { loadWorkbook, workbookGrids } from '../src/xlsx/read';
import { EXAMPLE } from './helpers/shared';

let highs: Backend;
beforeAll(async () => {
  const loader = (await import('highs')).default as unknown as () => Promise<HighsLike>;
  highs = highsBackend(await loader());
});

const examplePlan = async (): Promise<Plan> => readWorkbook(workbookGrids(await loadWorkbook(readFileSync(EXAMPLE)))).chosen!.plan;
const rulesWithCap = (cap: number): Rules => ({ ...PRESETS.zhongzhi, weeklyCap: cap });
const hoursOf = (plan: Plan, name: string) => plan.courses.find((c) => c.name === name)!.placements.map((p) => p?.hours ?? 0);
const span = (h: number[]) => {
  const used = h.map((x, i) => (x > 0 ? i + 1 : 0)).filter(Boolean);
  return { start: used[0], end: used[used.length - 1], count: used.length };
};

describe('numbered parts', () => {
  it('reads the ways schools number parts, and not names that only end in a digit', () => {
    expect(numberedPart('体育(Ⅱ)')).toEqual({ base: '体育', part: 2 });
    expect(numberedPart('大学英语（一）')).toEqual({ base: '大学英语', part: 1 });
    expect(numberedPart('高等数学上')).toEqual({ base: '高等数学', part: 1 });
    expect(numberedPart('高等数学下')).toEqual({ base: '高等数学', part: 2 });
    expect(numberedPart('程序设计2')).toEqual({ base: '程序设计', part: 2 });
    expect(numberedPart('HTML5')).toBeNull();
    expect(numberedPart('语文')).toBeNull();
    const seqs = partSequences([
      { id: 'a', name: '体育(Ⅲ)' },
      { id: 'b', name: '体育(Ⅰ)' },
      { id: 'c', name: '体育(Ⅱ)' },
      { id: 'd', name: '英语A' },
    ]);
    expect(seqs).toEqual([{ name: '体育', ids: ['b', 'c', 'a'] }]);
  });
});

describe('mode plan on the seed: the plan a school would print', () => {
  it('at 35 h/week (room to spare): no course above 6 h/week, 思政 in order one a semester, public basic by semester 3, core after basic in each part of the plan the internship cuts', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(35), { cap: 35, mode: 'plan' }, highs, 60);
    expect(r.audit.ok).toBe(true);
    const weeks = plan.semesters.map((s) => s.weeks);
    for (const c of r.plan.courses) {
      if (c.isInternship) continue;
      for (const [i, p] of c.placements.entries()) if (p) expect(p.hours / weeks[i], c.name).toBeLessThanOrEqual(6);
      // No course on both sides of the internship in semester 4 (a binding norm).
      const s = span(c.placements.map((p) => p?.hours ?? 0));
      expect(s.start > 4 || s.end < 4, c.name).toBe(true);
    }
    const politics = ['中国特色社会主义', '心理健康与职业生涯', '哲学与人生', '职业道德与法治'].map((n) => span(hoursOf(r.plan, n)));
    for (const [k, s] of politics.entries()) {
      expect(s.count).toBe(1);
      if (k > 0) expect(s.start).toBeGreaterThan(politics[k - 1].end);
    }
    // With the internship in semester 4, four 思政 courses one a semester must reach semester 5: the
    // later ones follow their sequence; every other public-basic course starts by semester 3.
    const later = new Set(['心理健康与职业生涯', '哲学与人生', '职业道德与法治']);
    for (const c of r.plan.courses.filter((x) => x.category === 'public-basic' && !later.has(x.name))) expect(span(c.placements.map((p) => p?.hours ?? 0)).start, c.name).toBeLessThanOrEqual(3);
    // Each part of the plan (semesters 1–3, 5–6) runs its professional-basic courses before its core ones.
    for (const [lo, hi] of [[1, 3], [5, 6]]) {
      const starts = (cat: string) => r.plan.courses.filter((c) => c.category === cat).map((c) => span(c.placements.map((p) => p?.hours ?? 0)).start).filter((x) => x >= lo && x <= hi);
      if (starts('professional-basic').length && starts('professional-core').length) expect(Math.min(...starts('professional-core'))).toBeGreaterThanOrEqual(Math.max(...starts('professional-basic')));
    }
    // No 语文 of 270 h in one semester: the big courses run over several at a few hours a week.
    expect(span(hoursOf(r.plan, '语文')).count).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('at 34 h/week every teaching semester is exactly full: every load at 34 and every binding norm held', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(34), { cap: 34, mode: 'plan' }, highs, 60);
    expect(r.loads.filter((l) => l.teaching).map((l) => l.weeklyHours)).toEqual([34, 34, 34, 34, 34]);
    expect(r.audit.ok).toBe(true);
    expect(r.audit.introduced).toEqual([]);
  }, 120_000);
});

/** A small placed plan: 18-week semesters, semester 2 overloaded at the cap of 10. */
function placedPlan(): Plan {
  const rows: (string | number | null)[][] = [
    ['课程类别', '课程名称', '学时', '第1学期', '第2学期', '第3学期', '第4学期'],
    ['公共基础课', '语文', 144, 72, 72, null, null],
    ['公共基础课', '体育(Ⅰ)', 36, 36, null, null, null],
    ['公共基础课', '体育(Ⅱ)', 36, null, 36, null, null],
    ['专业基础课', '市场营销', 72, null, 72, null, null],
    ['专业基础课', '销售心理', 72, null, 72, null, null],
    ['专业核心课', '网店运营', 72, null, null, 72, null],
    ['专业核心课', '视觉设计', 72, null, null, null, 72],
    ['公共基础课', '信息技术', 36, 36, 36, null, null],
  ];
  const read = readPlan(gridFromRows('P', rows), { weeks: 18 });
  if (!read.ok) throw new Error(read.error.en);
  return read.plan;
}

describe('mode rebalance', () => {
  it('is the default for a placed plan; a course written in two columns for one total gets one of them', () => {
    const plan = placedPlan();
    expect(defaultMode(plan)).toBe('rebalance');
    const { problem } = problemFromPlan(plan, rulesWithCap(10), {});
    expect(problem.courses.find((c) => c.name === '信息技术')!.allowed).toEqual([1, 2]);
  });

  it('meets the cap by moving few courses, keeps every total, and leaves every other course as it was', () => {
    const plan = placedPlan();
    const r = optimizePlan(plan, rulesWithCap(10), { cap: 10 }, highs, 60);
    expect(r.conflicts.filter((c) => c.rule === 'weekly-cap')).toEqual([]);
    for (const l of r.loads) if (l.teaching) expect(l.weeklyHours).toBeLessThanOrEqual(10);
    const before = new Map(plan.courses.map((c) => [c.name, c.placements.map((p) => p?.hours ?? 0)]));
    const moved = r.plan.courses.filter((c) => c.name !== '信息技术' && JSON.stringify(c.placements.map((p) => p?.hours ?? 0)) !== JSON.stringify(before.get(c.name)));
    expect(moved.length).toBeLessThanOrEqual(2);
    for (const c of r.plan.courses) expect(c.placements.reduce((a, p) => a + (p?.hours ?? 0), 0), c.name).toBe(c.totalHours!.value);
    // "X or Y" resolved to one semester; 体育 keeps its order; basic stays before core.
    expect(span(hoursOf(r.plan, '信息技术')).count).toBe(1);
    expect(span(hoursOf(r.plan, '体育(Ⅱ)')).start).toBeGreaterThan(span(hoursOf(r.plan, '体育(Ⅰ)')).end);
  }, 60_000);

  it('changes nothing when the plan already meets its rules', () => {
    const plan = placedPlan();
    const r = optimizePlan(plan, rulesWithCap(30), { cap: 30 }, highs, 60);
    expect(r.changes.filter((c) => c.name !== '信息技术')).toEqual([]);
  });

  it('mode keep leaves every filled cell as it is', () => {
    const plan = placedPlan();
    const r = optimizePlan(plan, rulesWithCap(10), { cap: 10, mode: 'keep' }, highs, 60);
    expect(r.changes).toEqual([]);
    expect(r.conflicts.some((c) => c.rule === 'weekly-cap')).toBe(true);
  });
});

describe('relaxations are verified', () => {
  it('the seed at cap 28: "raise the cap to 34" holds at 34 and not at 33', async () => {
    const plan = await examplePlan();
    const r = optimizePlan(plan, rulesWithCap(28), { cap: 28 }, highs, 60);
    expect(r.raw.leastCap).toBe(34);
    expect(r.tradeoffs[0].en).toContain('raise the cap to 34');
    expect(optimizePlan(plan, rulesWithCap(34), { cap: 34 }, highs, 60).conflicts.filter((c) => c.rule === 'weekly-cap')).toEqual([]);
    expect(optimizePlan(plan, rulesWithCap(33), { cap: 33 }, highs, 60).conflicts.some((c) => c.rule === 'weekly-cap')).toBe(true);
  }, 120_000);
});

describe('placement norms are data', () => {
  it('a rules file may change them; a pattern that does not compile is refused with its path', () => {
    const ok = resolveRules('gaozhi', { placement: { weekly: { max: 8 }, start: { elective: [3, 5] } } });
    expect(ok.problems).toEqual([]);
    expect(ok.rules.placement.weekly.max).toBe(8);
    expect(ok.rules.placement.start.elective).toEqual([3, 5]);
    expect(ok.rules.placement.start['public-basic']).toEqual([1, 2]);
    const bad = resolveRules('gaozhi', { placement: { sequences: [{ name: 'x', courses: ['(unclosed'] }], start: { nonsense: [1, 2] } } });
    expect(bad.problems.map((p) => p.path).sort()).toEqual(['placement.sequences[0].courses[0]', 'placement.start.nonsense']);
  });
});

describe('高职 思政 sequence', () => {
  it('knows 思想道德与法治 under its name before 2021 (思想道德修养与法律基础): first, then 毛概, one a semester', () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期'],
      ['公共基础课', '思想道德修养与法律基础', 48, 3, null, null, null, null],
      ['公共基础课', '毛泽东思想和中国特色社会主义理论体系概论', 64, 4, null, null, null, null],
      ['公共基础课', '大学英语', 64, 4, null, null, null, null],
      ['专业基础课', '管理学基础', 64, 4, null, null, null, null],
    ];
    const read = readPlan(gridFromRows('S', rows));
    if (!read.ok) throw new Error(read.error.en);
    const plan = read.plan;
    const rules = resolveRules('gaozhi', {}).rules;
    const { problem } = problemFromPlan(plan, rules, { mode: 'plan' });
    expect(problem.sequences.map((s) => s.ids.length)).toEqual([2]);
    const r = optimizePlan(plan, { ...rules, weeklyCap: 28 }, { cap: 28, mode: 'plan' }, highs, 20);
    const sx = span(hoursOf(r.plan, '思想道德修养与法律基础'));
    const mao = span(hoursOf(r.plan, '毛泽东思想和中国特色社会主义理论体系概论'));
    expect(sx.start).toBe(1);
    expect(mao.start).toBeGreaterThan(sx.end);
  });
});

describe('高职 public courses where NORMS.md puts them', () => {
  it('形势与政策 in every teaching semester from the first; 创新创业 and 美育 in year 1; job guidance in 4–5; 高等数学 from semester 1', () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期'],
      ['公共基础课', '思想道德与法治', 48, 3, null, null, null, null, null, null],
      ['公共基础课', '大学语文', 32, 2, null, null, null, null, null, null],
      ['公共基础课', '信息技术', 48, 3, null, null, null, null, null, null],
      ['公共基础课', '形势与政策', 40, 1, null, null, null, null, null, null],
      ['公共基础课', '职业发展与就业指导', 16, 1, null, null, null, null, null, null],
      ['公共基础课', '高等数学', 64, 4, null, null, null, null, null, null],
      ['专业基础课', '管理学基础', 64, 4, null, null, null, null, null, null],
      ['专业核心课', '市场营销', 64, 4, null, null, null, null, null, null],
      ['选修课', '美育类课程', 32, 2, null, null, null, null, null, null],
      ['选修课', '创新创业教育', 32, 2, null, null, null, null, null, null],
      ['岗位实习', '岗位实习', 480, 24, null, null, null, null, null, 480],
    ];
    const read = readPlan(gridFromRows('S', rows));
    if (!read.ok) throw new Error(read.error.en);
    const rules = resolveRules('gaozhi', {}).rules;
    const r = optimizePlan(read.plan, { ...rules, weeklyCap: 26 }, { cap: 26, mode: 'plan' }, highs, 20);
    expect(hoursOf(r.plan, '形势与政策')).toEqual([8, 8, 8, 8, 8, 0]);
    expect(span(hoursOf(r.plan, '职业发展与就业指导')).start).toBeGreaterThanOrEqual(4);
    expect(span(hoursOf(r.plan, '创新创业教育')).start).toBeLessThanOrEqual(2);
    expect(span(hoursOf(r.plan, '美育类课程')).start).toBeLessThanOrEqual(2);
    expect(span(hoursOf(r.plan, '高等数学')).start).toBe(1);
  });
});

describe('a plan in stages (3+2: the 中职 years, an internship, then the 高职 years)', () => {
  const semesters = ['第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期', '第七学期', '第八学期', '第九学期', '第十学期'];
  const empty = () => semesters.map(() => null as number | string | null);
  const row = (cat: string, name: string, hours: number, at: Record<number, number | string> = {}) => {
    const cells = empty();
    for (const [s, v] of Object.entries(at)) cells[Number(s) - 1] = v;
    return [cat, name, hours, hours / 16, ...cells];
  };
  const plan = () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', ...semesters],
      row('公共基础课', '大学语文', 64),
      ...['设计素描', '设计色彩', '服装设计表达', '服装材料', '数字化设计', '服装概论', '服饰图案', '服装画技法'].map((n) => row('专业基础课', n, 48)),
      ...['女装设计', '女装制版', '立体裁剪', '男装制版', '男装设计', '生产管理'].map((n) => row('专业核心课', n, 64)),
      row('集中实践', '毕业设计1', 208, { 6: '8W' }),
      row('集中实践', '顶岗实习', 260, { 6: '10W' }),
      row('集中实践', '毕业实习', 468, { 10: '18W' }),
    ];
    const read = readPlan(gridFromRows('S', rows), { weeks: 18 });
    if (!read.ok) throw new Error(read.error.en);
    return read.plan;
  };

  it('puts no course in a semester whose whole-week blocks fill it; each stage runs basic before core', () => {
    const rules = resolveRules('gaozhi', {}).rules;
    const { problem } = problemFromPlan(plan(), rules, { mode: 'plan' });
    expect(problem.semesters.filter((s) => !s.teaching).map((s) => s.index)).toEqual([6, 10]);
    expect(problem.phases).toHaveLength(2);
    const r = optimizePlan(plan(), { ...rules, weeklyCap: 20 }, { cap: 20, mode: 'plan' }, highs, 30);
    expect(r.status).not.toBe('failed');
    const start = (name: string) => span(hoursOf(r.plan, name)).start;
    for (const c of r.plan.courses) if (!['毕业设计1', '顶岗实习', '毕业实习'].includes(c.name)) expect(c.placements[5]?.hours ?? 0, c.name).toBe(0);
    // The list's first basic and core courses in the 中职 years, its last ones in the 高职 years.
    expect(start('设计素描')).toBeLessThanOrEqual(3);
    expect(start('女装设计')).toBeLessThanOrEqual(5);
    expect(start('服装画技法')).toBeGreaterThanOrEqual(7);
    expect(start('生产管理')).toBeGreaterThanOrEqual(7);
    // Within each stage a core course starts no earlier than the stage's basic courses.
    for (const ph of problem.phases) {
      const name = (id: string) => problem.courses.find((c) => c.id === id)!.name;
      const lastBasic = Math.max(...ph.basic.map((id) => start(name(id))));
      for (const id of ph.core) expect(start(name(id)), name(id)).toBeGreaterThanOrEqual(lastBasic);
    }
  });

  it('a six-semester plan with its internship in the middle runs in two stages (no course crosses it); at the end, in one', () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期'],
      ['专业基础课', '管理学基础', 64, 4, null, null, null, null, null, null],
      ['专业基础课', '经济学基础', 64, 4, null, null, null, null, null, null],
      ['专业基础课', '统计基础', 64, 4, null, null, null, null, null, null],
      ['专业核心课', '市场营销', 64, 4, null, null, null, null, null, null],
      ['专业核心课', '营销策划', 64, 4, null, null, null, null, null, null],
      ['专业核心课', '品牌管理', 64, 4, null, null, null, null, null, null],
      ['岗位实习', '岗位实习', 480, 24, null, null, 480, null, null, null],
    ];
    const read = readPlan(gridFromRows('S', rows));
    if (!read.ok) throw new Error(read.error.en);
    const { problem } = problemFromPlan(read.plan, resolveRules('gaozhi', {}).rules, { mode: 'plan' });
    // The later of the professional courses start after the internship, in the second part.
    const startsAfter = (p: typeof problem) => p.courses.filter((c) => c.startWindow && c.startWindow[0] > 3).map((c) => c.name);
    expect(startsAfter(problem).length).toBeGreaterThan(0);
    const atEnd = readPlan(gridFromRows('S', rows.map((r) => (r[1] === '岗位实习' ? ['岗位实习', '岗位实习', 480, 24, null, null, null, null, null, 480] : r))));
    if (!atEnd.ok) throw new Error(atEnd.error.en);
    const one = problemFromPlan(atEnd.plan, resolveRules('gaozhi', {}).rules, { mode: 'plan' }).problem;
    expect(one.phases).toHaveLength(1);
    expect(one.courses.filter((c) => !c.isInternship).every((c) => !c.startWindow || c.startWindow[1] <= 5)).toBe(true);
  });
});

describe('体育 in parts by name', () => {
  it('基础体育 first, then 专项体育 in the next semester', () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期'],
      ['公共基础课', '专项体育(篮球、足球)', 32, 2, null, null, null, null, null, null],
      ['公共基础课', '基础体育(田径)', 32, 2, null, null, null, null, null, null],
      ['专业基础课', '管理学基础', 64, 4, null, null, null, null, null, null],
    ];
    const read = readPlan(gridFromRows('S', rows));
    if (!read.ok) throw new Error(read.error.en);
    const rules = resolveRules('gaozhi', {}).rules;
    const r = optimizePlan(read.plan, { ...rules, weeklyCap: 26 }, { cap: 26, mode: 'plan' }, highs, 20);
    expect(span(hoursOf(r.plan, '基础体育(田径)')).start).toBe(1);
    expect(span(hoursOf(r.plan, '专项体育(篮球、足球)')).start).toBe(2);
  });
});

describe('a later part listed among the later stage\'s courses', () => {
  it('starts in that stage, after its first part', () => {
    const semesters = ['第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期', '第七学期', '第八学期', '第九学期', '第十学期'];
    const row = (cat: string, name: string, hours: number, at: Record<number, string> = {}) => [cat, name, hours, hours / 16, ...semesters.map((_, s) => at[s + 1] ?? null)];
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', ...semesters],
      ...['设计素描', '设计色彩', '服装材料'].map((n) => row('专业基础课', n, 48)),
      row('专业核心课', '女装设计Ⅰ', 64),
      row('专业核心课', '立体裁剪', 64),
      row('专业核心课', '服装创意设计', 64),
      row('专业核心课', '男装制版', 64),
      row('专业核心课', '男装设计', 32),
      row('专业核心课', '女装设计Ⅱ', 32),
      row('专业核心课', '生产管理', 32),
      row('集中实践', '顶岗实习', 468, { 6: '18W', 10: '18W' }),
    ];
    const read = readPlan(gridFromRows('S', rows), { weeks: 18 });
    if (!read.ok) throw new Error(read.error.en);
    const rules = resolveRules('gaozhi', {}).rules;
    const r = optimizePlan(read.plan, { ...rules, weeklyCap: 20 }, { cap: 20, mode: 'plan' }, highs, 30);
    const one = span(hoursOf(r.plan, '女装设计Ⅰ'));
    const two = span(hoursOf(r.plan, '女装设计Ⅱ'));
    expect(one.end).toBeLessThanOrEqual(5);
    expect(two.start).toBeGreaterThanOrEqual(7);
  });
});

describe('高职 professional-basic courses at a rate', () => {
  const six = ['第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期'];
  const basics = ['管理学基础', '经济学基础', '统计基础', '会计基础', '经济法', '商务沟通', '商务谈判', '供应链管理', '商务礼仪'];
  const plan = () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', ...six],
      ['公共基础课', '大学语文', 32, 2, null, null, null, null, null, null],
      ...basics.map((n) => ['专业基础课', n, 32, 2, null, null, null, null, null, null]),
      ...['市场营销', '消费者行为分析', '渠道管理', '新媒体营销'].map((n) => ['专业核心课', n, 64, 4, null, null, null, null, null, null]),
      ['岗位实习', '岗位实习', 480, 24, null, null, null, null, null, 480],
    ];
    const read = readPlan(gridFromRows('S', rows));
    if (!read.ok) throw new Error(read.error.en);
    return read.plan;
  };

  it('two start a semester in list order, and the last of a long list runs alongside the core courses (中职 keeps every one before them)', () => {
    const gaozhi = resolveRules('gaozhi', {}).rules;
    const r = optimizePlan(plan(), { ...gaozhi, weeklyCap: 24 }, { cap: 24, mode: 'plan' }, highs, 30);
    const starts = basics.map((n) => span(hoursOf(r.plan, n)).start);
    expect(starts).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
    const firstCore = Math.min(...['市场营销', '消费者行为分析', '渠道管理', '新媒体营销'].map((n) => span(hoursOf(r.plan, n)).start));
    expect(firstCore).toBe(3);
    // Without a rate the window is shared out evenly and every basic course starts before the core.
    const zhongzhi = resolveRules('zhongzhi', {}).rules;
    const z = optimizePlan(plan(), { ...zhongzhi, weeklyCap: 24 }, { cap: 24, mode: 'plan' }, highs, 30);
    const zFirstCore = Math.min(...['市场营销', '消费者行为分析', '渠道管理', '新媒体营销'].map((n) => span(hoursOf(z.plan, n)).start));
    for (const n of basics) expect(span(hoursOf(z.plan, n)).start, n).toBeLessThanOrEqual(zFirstCore);
  });

  it('a rules file may set a rate for any category; a rate below half a course or an unknown category is refused', () => {
    expect(resolveRules('gaozhi', { placement: { startsPerSemester: { 'professional-core': 3 } } }).rules.placement.startsPerSemester).toEqual({ 'professional-basic': 2, 'professional-core': 3 });
    expect(resolveRules('zhongzhi', { placement: { startsPerSemester: { 'professional-basic': 2 } } }).problems).toEqual([]);
    const bad = resolveRules('gaozhi', { placement: { startsPerSemester: { 'professional-basic': 0, nonsense: 2 } } });
    expect(bad.problems.map((p) => p.path).sort()).toEqual(['placement.startsPerSemester.nonsense', 'placement.startsPerSemester.professional-basic']);
  });
});

describe('courses that share a start window of their own', () => {
  it('share it out in list order (党史 and 创新思维 in semester 1, 创业基础 in 2), whatever their place among the other public courses', () => {
    const rows = [
      ['课程类别', '课程名称', '学时', '学分', '第一学期', '第二学期', '第三学期', '第四学期', '第五学期', '第六学期'],
      ...['思想道德与法治', '信息技术', '党史', '新时代劳动教育', '创新思维与创造力开发', '创业基础与实务'].map((n) => ['公共基础课', n, n === '思想道德与法治' || n === '信息技术' ? 48 : 16, 1, null, null, null, null, null, null]),
      ['专业基础课', '管理学基础', 64, 4, null, null, null, null, null, null],
      ['专业核心课', '市场营销', 64, 4, null, null, null, null, null, null],
    ];
    const read = readPlan(gridFromRows('S', rows));
    if (!read.ok) throw new Error(read.error.en);
    const rules = resolveRules('gaozhi', {}).rules;
    const r = optimizePlan(read.plan, { ...rules, weeklyCap: 26 }, { cap: 26, mode: 'plan' }, highs, 20);
    expect(span(hoursOf(r.plan, '党史')).start).toBe(1);
    expect(span(hoursOf(r.plan, '创新思维与创造力开发')).start).toBe(1);
    expect(span(hoursOf(r.plan, '创业基础与实务')).start).toBe(2);
  });
});
