/**
 * Rules are data: national presets (教职成〔2019〕13号 and the secondary-vocational norms it builds on)
 * that a user can view and override value by value; the CLI reads overrides from a JSON file.
 */

import { msg, type Message } from './message';
import { badPatterns, PLACEMENT_DEFAULTS, type PlacementNorms } from './placement';

export type PresetId = 'zhongzhi' | 'gaozhi';

export interface Rules {
  preset: PresetId;
  /** Weekly hours cap for every teaching semester, or one value per semester. */
  weeklyCap: number | number[];
  /** Teaching weeks per semester where the sheet does not say (one value, or one per semester). */
  weeksPerSemester: number | number[];
  /**
   * The weeks weekly hours run over in each semester (16 in a template that counts 16 h per credit in
   * 18-week semesters); 0 = as detected from the workbook.
   */
  courseWeeks: number | number[];
  /** Accepted hours per credit, inclusive. */
  hoursPerCredit: { min: number; max: number };
  totalHoursMin: number;
  shares: {
    publicBasicMin: number;
    electiveMin: number;
    practiceMin: number;
  };
  internship: {
    /** 1-based semesters where the internship belongs; empty = anywhere in the final year. */
    semesters: number[];
    weeks: number;
    hoursPerWeek: number;
    /** A semester holding this many internship hours per week or more is full-time internship. */
    fullTimeWeeklyHours: number;
  };
  /** Course names allowed an unusual hours-per-credit ratio (a warning, not an error). */
  creditExceptions: string[];
  /** User mapping of category labels the reader does not know: label → category id. */
  categoryLabels: Record<string, string>;
  /** Per course name: the earliest and latest semester it may be taught in (optimizer). */
  courses: Record<string, { earliest?: number; latest?: number }>;
  /** [before, after] course names: `before` ends before `after` starts (optimizer). */
  prerequisites: [string, string][];
  /** Where schools put courses: the optimizer's soft preferences (see placement.ts). */
  placement: PlacementNorms;
  /**
   * Public courses several programmes share (same name and hours): how many programmes' sections a
   * semester can host, used when a batch is optimized together (0 = no limit); per course name too.
   */
  sharedCourses: { sectionsPerSemester: number; perCourse: Record<string, number> };
}

export const PRESETS: Record<PresetId, Rules> = {
  zhongzhi: {
    preset: 'zhongzhi',
    weeklyCap: 28,
    weeksPerSemester: 18,
    courseWeeks: 0,
    hoursPerCredit: { min: 16, max: 18 },
    totalHoursMin: 3000,
    shares: { publicBasicMin: 1 / 3, electiveMin: 0.1, practiceMin: 0.5 },
    internship: { semesters: [], weeks: 20, hoursPerWeek: 30, fullTimeWeeklyHours: 20 },
    creditExceptions: ['体育', '体育与健康', '军事', '军训', '入学教育', '形势与政策'],
    categoryLabels: {},
    courses: {},
    prerequisites: [],
    placement: PLACEMENT_DEFAULTS.zhongzhi,
    sharedCourses: { sectionsPerSemester: 0, perCourse: {} },
  },
  gaozhi: {
    preset: 'gaozhi',
    weeklyCap: 28,
    weeksPerSemester: 18,
    courseWeeks: 0,
    hoursPerCredit: { min: 16, max: 18 },
    totalHoursMin: 2500,
    shares: { publicBasicMin: 1 / 4, electiveMin: 0.1, practiceMin: 0.5 },
    internship: { semesters: [], weeks: 20, hoursPerWeek: 30, fullTimeWeeklyHours: 20 },
    creditExceptions: ['体育', '军事', '军训', '入学教育', '形势与政策'],
    categoryLabels: {},
    courses: {},
    prerequisites: [],
    placement: PLACEMENT_DEFAULTS.gaozhi,
    sharedCourses: { sectionsPerSemester: 0, perCourse: {} },
  },
};

export const PRESET_NAMES: Record<PresetId, Message> = {
  zhongzhi: msg('中职（三年制）', 'Secondary vocational (3 years)'),
  gaozhi: msg('高职（三年制）', 'Higher vocational (3 years)'),
};

/** Reader options the rules imply: default weeks, and course weeks when set. */
export function readOptionsOf(rules: Rules): { weeks: number | number[]; courseWeeks?: number | number[] } {
  const cw = rules.courseWeeks;
  const set = Array.isArray(cw) ? cw.length > 0 && cw.every((w) => w > 0) : cw > 0;
  return { weeks: rules.weeksPerSemester, ...(set ? { courseWeeks: cw } : {}) };
}

export function capFor(rules: Rules, semester: number): number {
  return Array.isArray(rules.weeklyCap) ? rules.weeklyCap[semester - 1] ?? rules.weeklyCap[rules.weeklyCap.length - 1] ?? 28 : rules.weeklyCap;
}

export interface RulesProblem {
  path: string;
  message: Message;
}

/** A preset with a user's overrides laid over it; unknown keys and wrong types are reported, not ignored. */
export function resolveRules(preset: PresetId, overrides: unknown): { rules: Rules; problems: RulesProblem[] } {
  const base: Rules = structuredClone(PRESETS[preset]);
  const problems: RulesProblem[] = [];
  if (overrides === undefined || overrides === null) return { rules: base, problems };
  merge(base as unknown as Record<string, unknown>, overrides, '', problems);
  validate(base, problems);
  return { rules: base, problems };
}

/** Keys that would reach an object's prototype: never copied from a file. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function merge(target: Record<string, unknown>, source: unknown, path: string, problems: RulesProblem[]): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    problems.push({ path: path || '(root)', message: msg(`规则“${path || '根'}”应为对象。`, `Rule "${path || 'root'}" must be an object.`) });
    return;
  }
  for (const [key, value] of Object.entries(source)) {
    const here = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) continue; // ignored, silently: it names no rule and must never be copied
    if (!Object.prototype.hasOwnProperty.call(target, key)) {
      problems.push({ path: here, message: msg(`未知的规则项“${here}”。`, `Unknown rule "${here}".`) });
      continue;
    }
    const current = target[key];
    if ((key === 'categoryLabels' || key === 'courses' || ((key === 'start' || key === 'startsPerSemester') && path === 'placement') || (key === 'perCourse' && path === 'sharedCourses')) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const safe = Object.fromEntries(Object.entries(value).filter(([k]) => !UNSAFE_KEYS.has(k)));
      target[key] = { ...(current as object), ...safe };
    } else if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
      merge(current as Record<string, unknown>, value, here, problems);
    } else if (typeof current === 'number' && Array.isArray(value) && value.every((v) => typeof v === 'number')) {
      target[key] = value; // a single value may become one per semester
    } else if (Array.isArray(current) ? Array.isArray(value) : typeof value === typeof current) {
      target[key] = value;
    } else {
      problems.push({ path: here, message: msg(`规则“${here}”的值类型不对（应为 ${describe(current)}）。`, `Rule "${here}" has the wrong type (expected ${describe(current)}).`) });
    }
  }
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v;
}

/** Every value in a sane range: a rule that cannot mean anything is refused, not run. */
function validate(r: Rules, problems: RulesProblem[]): void {
  const bad = (path: string, zh: string, en: string) => problems.push({ path, message: msg(`规则“${path}”${zh}。`, `Rule "${path}" ${en}.`) });
  const inRange = (path: string, v: unknown, min: number, max: number, integer = false) => {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
        bad(path, `应为 ${min}–${max} 之间的${integer ? '整' : ''}数（现为 ${JSON.stringify(x)}）`, `must be a${integer ? 'n integer' : ' number'} from ${min} to ${max} (it is ${JSON.stringify(x)})`);
        return;
      }
    }
    if (Array.isArray(v) && (v.length === 0 || v.length > MAX_TERMS)) bad(path, `应有 1–${MAX_TERMS} 个值`, `must have 1 to ${MAX_TERMS} values`);
  };
  inRange('weeklyCap', r.weeklyCap, 1, 80);
  inRange('weeksPerSemester', r.weeksPerSemester, 1, 30, true);
  inRange('courseWeeks', r.courseWeeks, 0, 30, true);
  inRange('hoursPerCredit.min', r.hoursPerCredit.min, 1, 60);
  inRange('hoursPerCredit.max', r.hoursPerCredit.max, 1, 60);
  if (r.hoursPerCredit.min > r.hoursPerCredit.max) bad('hoursPerCredit', '的下限大于上限', 'has its minimum above its maximum');
  inRange('totalHoursMin', r.totalHoursMin, 0, 20000);
  for (const [k, v] of Object.entries(r.shares)) inRange(`shares.${k}`, v, 0, 1);
  if (r.internship.semesters.length) inRange('internship.semesters', r.internship.semesters, 1, MAX_TERMS, true);
  inRange('internship.weeks', r.internship.weeks, 0, 60);
  inRange('internship.hoursPerWeek', r.internship.hoursPerWeek, 1, 80);
  inRange('internship.fullTimeWeeklyHours', r.internship.fullTimeWeeklyHours, 1, 80);
  if (!r.creditExceptions.every((x) => typeof x === 'string')) bad('creditExceptions', '应为课程名称的列表', 'must be a list of course names');
  for (const [label, cat] of Object.entries(r.categoryLabels))
    if (!(CATEGORY_IDS as string[]).includes(String(cat))) bad(`categoryLabels.${label}`, `应为以下之一：${CATEGORY_IDS.join('、')}`, `must be one of ${CATEGORY_IDS.join(', ')}`);
  for (const [name, w] of Object.entries(r.courses)) {
    if (typeof w !== 'object' || w === null) {
      bad(`courses.${name}`, '应为 {"earliest": 学期, "latest": 学期}', 'must be {"earliest": semester, "latest": semester}');
      continue;
    }
    if (w.earliest !== undefined) inRange(`courses.${name}.earliest`, w.earliest, 1, MAX_TERMS, true);
    if (w.latest !== undefined) inRange(`courses.${name}.latest`, w.latest, 1, MAX_TERMS, true);
    if (typeof w.earliest === 'number' && typeof w.latest === 'number' && w.earliest > w.latest) bad(`courses.${name}`, `的最早学期 ${w.earliest} 晚于最晚学期 ${w.latest}`, `has its earliest semester ${w.earliest} after its latest ${w.latest}`);
  }
  const p = r.placement;
  for (const k of ['min', 'max', 'preferredMax'] as const) inRange(`placement.weekly.${k}`, p.weekly[k], 0, 40);
  if (p.weekly.min > p.weekly.max) bad('placement.weekly', '的下限大于上限', 'has its minimum above its maximum');
  const knownCategory = (path: string, cat: string) => {
    if (CATEGORY_IDS.includes(cat)) return true;
    bad(path, `不是已知的课程类别（${CATEGORY_IDS.join('、')}）`, `is not a known category (${CATEGORY_IDS.join(', ')})`);
    return false;
  };
  for (const [cat, w] of Object.entries(p.start)) {
    if (!knownCategory(`placement.start.${cat}`, cat)) continue;
    if (!Array.isArray(w) || w.length !== 2 || !w.every((x) => Number.isInteger(x) && x >= 1 && x <= MAX_TERMS) || w[0] > w[1]) bad(`placement.start.${cat}`, '应为 [最早学期, 最晚学期]', 'must be [earliest, latest] semesters');
  }
  for (const [cat, rate] of Object.entries(p.startsPerSemester)) {
    if (knownCategory(`placement.startsPerSemester.${cat}`, cat)) inRange(`placement.startsPerSemester.${cat}`, rate, 0.5, 20);
  }
  p.startByCourse.forEach((s, i) => {
    const w = s?.start;
    if (!Array.isArray(w) || w.length !== 2 || !w.every((x) => Number.isInteger(x) && x >= 1 && x <= MAX_TERMS) || w[0] > w[1]) bad(`placement.startByCourse[${i}].start`, '应为 [最早学期, 最晚学期]', 'must be [earliest, latest] semesters');
  });
  for (const { path, why } of badPatterns(p)) bad(path, `不是本工具可用的正则表达式：${why.zh}`, `is not a regular expression this tool accepts: ${why.en}`);
  inRange('sharedCourses.sectionsPerSemester', r.sharedCourses.sectionsPerSemester, 0, 1000, true);
  for (const [name, v] of Object.entries(r.sharedCourses.perCourse)) inRange(`sharedCourses.perCourse.${name}`, v, 1, 1000, true);
  r.prerequisites.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === 'string' && x.length > 0)) bad(`prerequisites[${i}]`, '应为 ["先修课程", "后续课程"]', 'must be ["course before", "course after"]');
  });
}

/** Semesters a plan may have (and so the longest per-semester list a rule may give). */
export const MAX_TERMS = 12;

const CATEGORY_IDS = ['public-basic', 'professional-basic', 'professional-core', 'elective', 'internship', 'practical-training', 'other'];

/** Settings given per semester must match the plan: one value for all, or one per semester. */
export function perSemesterProblems(r: Rules, semesters: number): RulesProblem[] {
  const out: RulesProblem[] = [];
  const check = (path: string, v: number | number[]) => {
    if (Array.isArray(v) && v.length !== 1 && v.length !== semesters)
      out.push({ path, message: msg(`规则“${path}”给了 ${v.length} 个值，而方案有 ${semesters} 个学期：请给一个值或每学期一个。`, `Rule "${path}" gives ${v.length} values but the plan has ${semesters} semesters: give one value, or one per semester.`) });
  };
  check('weeklyCap', r.weeklyCap);
  check('weeksPerSemester', r.weeksPerSemester);
  if (Array.isArray(r.courseWeeks) || r.courseWeeks !== 0) check('courseWeeks', r.courseWeeks);
  for (const s of r.internship.semesters) if (s > semesters) out.push({ path: 'internship.semesters', message: msg(`岗位实习学期 ${s} 超出方案的 ${semesters} 个学期。`, `Internship semester ${s} is beyond the plan's ${semesters} semesters.`) });
  for (const [name, w] of Object.entries(r.courses))
    for (const s of [w.earliest, w.latest]) if (typeof s === 'number' && s > semesters) out.push({ path: `courses.${name}`, message: msg(`“${name}”的学期 ${s} 超出方案的 ${semesters} 个学期。`, `"${name}": semester ${s} is beyond the plan's ${semesters} semesters.`) });
  return out;
}
