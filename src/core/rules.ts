/**
 * Rules are data: national presets (教职成〔2019〕13号 and the secondary-vocational norms it builds on)
 * that a user can view and override value by value; the CLI reads overrides from a JSON file.
 */

import { msg, type Message } from './message';

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

function merge(target: Record<string, unknown>, source: unknown, path: string, problems: RulesProblem[]): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    problems.push({ path: path || '(root)', message: msg(`规则“${path || '根'}”应为对象。`, `Rule "${path || 'root'}" must be an object.`) });
    return;
  }
  for (const [key, value] of Object.entries(source)) {
    const here = path ? `${path}.${key}` : key;
    if (!(key in target)) {
      problems.push({ path: here, message: msg(`未知的规则项“${here}”，已忽略。`, `Unknown rule "${here}", ignored.`) });
      continue;
    }
    const current = target[key];
    if ((key === 'categoryLabels' || key === 'courses') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      target[key] = { ...(current as object), ...(value as object) };
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

function validate(r: Rules, problems: RulesProblem[]): void {
  const positive = (path: string, v: number | number[]) => {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (!(Number.isFinite(x) && x > 0)) problems.push({ path, message: msg(`规则“${path}”必须是正数。`, `Rule "${path}" must be a positive number.`) });
    }
  };
  positive('weeklyCap', r.weeklyCap);
  positive('weeksPerSemester', r.weeksPerSemester);
  positive('hoursPerCredit.min', r.hoursPerCredit.min);
  positive('hoursPerCredit.max', r.hoursPerCredit.max);
  if (r.hoursPerCredit.min > r.hoursPerCredit.max)
    problems.push({ path: 'hoursPerCredit', message: msg('每学分学时的下限大于上限。', 'hoursPerCredit.min is above hoursPerCredit.max.') });
  for (const [k, v] of Object.entries(r.shares)) {
    if (!(v >= 0 && v <= 1)) problems.push({ path: `shares.${k}`, message: msg(`比例“shares.${k}”应在 0 到 1 之间。`, `Share "shares.${k}" must be between 0 and 1.`) });
  }
}
