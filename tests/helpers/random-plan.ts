/** A real-shaped plan from a few random choices (tests/audit.property.test.ts; reproducible from its counterexample). */
import { gridFromRows } from '../../src/core/grid';
import type { Plan } from '../../src/core/plan';
import { readWorkbook } from '../../src/core/reader';
import { generateGrid, type GenCourse } from './grids';

export interface RandomPlan {
  level: 'gaozhi' | 'zhongzhi';
  layout: 'hours' | 'weekly';
  firstWeeks: number;
  internshipAt: number;
  taken: number | null;
  politics: (number | null)[];
  pe: (number | null)[];
  series: boolean;
  courses: { category: string; credits: number; at: number | null; span: number; orNext: boolean }[];
}

export function randomPlan(g: RandomPlan): Plan {
  const weeks = [g.firstWeeks, 18, 18, 18, 18, 18];
  // Hours that are whole weekly hours in every semester they go to: weekly × weeks.
  const weekly = (w: number, s: number | null, span = 1): (number | null)[] => {
    const out: (number | null)[] = weeks.map(() => null);
    if (s === null) return out;
    const first = Math.min(s, 6 - span);
    for (let k = 0; k < span; k++) out[first + k] = w * weeks[first + k];
    return out;
  };
  const total = (sem: (number | null)[], fallback: number) => sem.reduce<number>((a, h) => a + (h ?? 0), 0) || fallback;
  const courses: GenCourse[] = [];
  const add = (category: string, name: string, sem: (number | null)[], fallback: number, credits: number) => courses.push({ category, name, hours: total(sem, fallback), credits, semesters: sem });
  const politics = g.level === 'gaozhi' ? ['思想道德与法治', '毛泽东思想和中国特色社会主义理论体系概论', '习近平新时代中国特色社会主义思想概论'] : ['中国特色社会主义', '心理健康与职业生涯', '哲学与人生', '职业道德与法治'];
  politics.forEach((n, k) => add('公共基础课', n, weekly(2, g.politics[k]), 2 * 18, 2));
  ['体育(Ⅰ)', '体育(Ⅱ)', '体育(Ⅲ)'].forEach((n, k) => add('公共基础课', n, weekly(2, g.pe[k]), 36, 2));
  if (g.series && g.level === 'gaozhi' && g.layout === 'hours') add('公共基础课', '形势与政策', weeks.map((_, i) => (i + 1 < g.internshipAt ? 8 : null)), 8, 1);
  g.courses.forEach((c, k) => {
    const sem = weekly(c.credits, c.at, c.span);
    if (c.orNext && c.at !== null && c.span === 1 && c.at < 5) sem[c.at + 1] = sem[c.at];
    add(c.category, `${c.category.slice(0, 2)}课程${k + 1}`, sem, c.credits * 16, c.credits);
  });
  // The internship fills its semester (30 h a week).
  add('岗位实习', '岗位实习', weeks.map((w, i) => (i + 1 === g.internshipAt ? 30 * w : null)), 540, 20);
  const grids = [generateGrid(courses, { layout: g.layout, header: 'two-row', weeks, weeksRow: true }, '教学进程表')];
  // Some weeks of the semester before the internship taken by 岗位实习 (a practice sheet, as real plans have it).
  if (g.taken !== null && g.layout === 'hours' && g.internshipAt > 2) {
    const s = g.internshipAt - 1;
    grids.push(
      gridFromRows('实践教学', [
        ['学期', '课堂教学', '实习', '实习学时'],
        [null, null, '岗位实习', null],
        ...weeks.map((w, i) => [['一', '二', '三', '四', '五', '六'][i], w, i + 1 === s ? g.taken : null, i + 1 === s ? 24 * g.taken! : 0]),
      ]),
    );
  }
  const read = readWorkbook(grids).chosen;
  if (!read) throw new Error('no plan');
  const p = read.plan;
  return p;
}
