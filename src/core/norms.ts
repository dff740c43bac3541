/**
 * The binding (B) national rules of NORMS.md about single courses, as data: which level they apply to,
 * how a course is recognised, what must hold, and the document that says so. Guidelines and common
 * practice (G / P / U) are placement preferences for the optimizer, not findings here.
 */

import type { Finding, SemesterLoad } from './checker';
import { msg, type Message } from './message';
import type { Course, Level, Plan } from './plan';
import { weightOf } from './plan';
import type { Rules } from './rules';
import { clean, normLabel } from './text';

export interface CourseNorm {
  id: string;
  levels: Level[];
  /** Course names it applies to (a regular expression over the normalised name). */
  courses: string;
  /** Course names that look alike but are other courses. */
  except?: string;
  kind: 'min-hours' | 'every-semester' | 'offered';
  value?: number;
  name: Message;
  source: string;
}

export const COURSE_NORMS: CourseNorm[] = [
  { id: 'norm-situation-policy', levels: ['gaozhi'], courses: '形势与政策', kind: 'every-semester', name: msg('形势与政策', 'Situation and Policy (形势与政策)'), source: '教社科〔2018〕1号' },
  { id: 'norm-situation-policy-offered', levels: ['gaozhi'], courses: '形势与政策', kind: 'offered', name: msg('形势与政策', 'Situation and Policy (形势与政策)'), source: '教社科〔2018〕1号' },
  { id: 'norm-pe-hours', levels: ['gaozhi'], courses: '体育', except: '体育(舞蹈|赛事|文化)', kind: 'min-hours', value: 108, name: msg('体育', 'Physical education (体育)'), source: '教体艺〔2014〕4号' },
  { id: 'norm-military-theory', levels: ['gaozhi'], courses: '军事理论', kind: 'min-hours', value: 36, name: msg('军事理论', 'Military theory (军事理论)'), source: '教体艺〔2019〕4号' },
  { id: 'norm-military-theory-offered', levels: ['gaozhi'], courses: '军事理论|军事课', kind: 'offered', name: msg('军事理论', 'Military theory (军事理论)'), source: '教体艺〔2019〕4号' },
  { id: 'norm-labour', levels: ['gaozhi', 'zhongzhi'], courses: '劳动', kind: 'min-hours', value: 16, name: msg('劳动教育', 'Labour education (劳动教育)'), source: '大中小学劳动教育指导纲要（2020）' },
  { id: 'norm-labour-offered', levels: ['gaozhi', 'zhongzhi'], courses: '劳动', kind: 'offered', name: msg('劳动教育', 'Labour education (劳动教育)'), source: '大中小学劳动教育指导纲要（2020）' },
  { id: 'norm-politics-1', levels: ['zhongzhi'], courses: '^中国特色社会主义$', kind: 'offered', name: msg('中国特色社会主义', '中国特色社会主义 (ideology and politics 1)'), source: '教材〔2020〕2号' },
  { id: 'norm-politics-2', levels: ['zhongzhi'], courses: '心理健康与职业生涯', kind: 'offered', name: msg('心理健康与职业生涯', '心理健康与职业生涯 (ideology and politics 2)'), source: '教材〔2020〕2号' },
  { id: 'norm-politics-3', levels: ['zhongzhi'], courses: '哲学与人生', kind: 'offered', name: msg('哲学与人生', '哲学与人生 (ideology and politics 3)'), source: '教材〔2020〕2号' },
  { id: 'norm-politics-4', levels: ['zhongzhi'], courses: '职业道德与法治', kind: 'offered', name: msg('职业道德与法治', '职业道德与法治 (ideology and politics 4)'), source: '教材〔2020〕2号' },
];

function matching(plan: Plan, n: CourseNorm): Course[] {
  const re = new RegExp(n.courses);
  const not = n.except ? new RegExp(n.except) : null;
  return plan.courses.filter((c) => weightOf(c) > 0 && re.test(normLabel(c.name)) && !(not && not.test(normLabel(c.name))));
}

export function checkNorms(plan: Plan, rules: Rules, loads: SemesterLoad[]): Finding[] {
  const out: Finding[] = [];
  const level = rules.preset;
  for (const n of COURSE_NORMS) {
    if (!n.levels.includes(level)) continue;
    const courses = matching(plan, n);
    const cells = courses.map((c) => c.totalHours?.cell ?? c.nameCell);
    if (n.kind === 'offered') {
      if (courses.length === 0)
        out.push({
          rule: n.id,
          severity: 'error',
          required: 'offered',
          actual: 'missing',
          cells: [],
          message: msg(`方案中没有“${n.name.zh}”：按${n.source}必须开设。`, `The plan has no ${n.name.en}: ${n.source} requires it.`),
        });
      continue;
    }
    if (courses.length === 0) continue;
    if (n.kind === 'min-hours' && n.value !== undefined) {
      const hours = clean(courses.reduce((s, c) => s + (c.totalHours?.value ?? c.placements.reduce((t, p) => t + (p?.hours ?? 0), 0)) * weightOf(c), 0));
      if (hours < n.value - 1e-6)
        out.push({
          rule: n.id,
          severity: 'error',
          required: n.value,
          actual: hours,
          cells,
          message: msg(
            `“${n.name.zh}”共 ${hours} 学时（${courses.map((c) => c.name).join('、')}），少于${n.source}规定的 ${n.value} 学时：需再增加 ${clean(n.value - hours)} 学时。`,
            `${n.name.en}: ${hours} h in all (${courses.map((c) => c.name).join(', ')}), below the ${n.value} h that ${n.source} sets: add ${clean(n.value - hours)} h.`,
          ),
        });
    }
    if (n.kind === 'every-semester') {
      // In-school semesters: those with teaching in them that are not full-time internship.
      const inSchool = loads.filter((l) => !l.internship && (l.hours > 0 || (l.outsideHours ?? 0) > 0)).map((l) => l.semester);
      const placed = new Set(courses.flatMap((c) => c.placements.map((p, i) => (p && p.hours > 0 ? i + 1 : 0))).filter(Boolean));
      if (placed.size === 0) continue;
      const missing = inSchool.filter((s) => !placed.has(s));
      if (missing.length)
        out.push({
          rule: n.id,
          severity: 'error',
          required: inSchool.join(','),
          actual: [...placed].sort((a, b) => a - b).join(','),
          cells: [courses[0].nameCell, ...missing.map((s) => semesterCellOf(plan, courses[0], s - 1)).filter((x): x is string => !!x)],
          message: msg(
            `“${n.name.zh}”应在每个在校学期开设（${n.source}），第 ${missing.join('、')} 学期没有安排。`,
            `${n.name.en} must run in every in-school semester (${n.source}); semester ${missing.join(', ')} has none.`,
          ),
        });
    }
  }
  return out;
}

function semesterCellOf(plan: Plan, c: Course, i: number): string | undefined {
  const s = plan.semesters[i];
  const col = s?.hoursColumn ?? s?.weeklyColumn;
  if (!col || c.row < 0) return undefined;
  return c.sheet ? `${c.nameCell.slice(0, c.nameCell.lastIndexOf('!') + 1)}${col}${c.row + 1}` : `${col}${c.row + 1}`;
}
