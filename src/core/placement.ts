/**
 * Where schools put courses (NORMS.md, "How schools split courses" and the public-course tables), as
 * data per preset: soft preferences the optimizer weighs after the hard rules and reports when broken.
 * A user edits them in the rules JSON ("placement") or the pane.
 */

import type { Category } from './plan';
import { msg, type Message } from './message';
import { patternOf, patternProblem } from './pattern';
import { normLabel } from './text';

export interface WeeklyRange {
  /** Fewer weekly hours than this is unusual (a course of 1 h/week). */
  min: number;
  /** Most weekly hours a course may have; more only when no other shape reaches its total. */
  max: number;
  /** Above this a shape costs a little per hour: spread rather than pile up. */
  preferredMax: number;
}

export interface PlacementNorms {
  weekly: WeeklyRange;
  /** Per course (a regular expression over the name): its own weekly range. */
  weeklyByCourse: ({ courses: string } & Partial<WeeklyRange>)[];
  /** Preferred start semesters per category, inclusive. */
  start: Partial<Record<Category, [number, number]>>;
  /**
   * Per category: about this many of its courses start in each semester, in list order, from its
   * window's first; a category without a rate has its window shared out evenly over its list.
   */
  startsPerSemester: Partial<Record<Category, number>>;
  /** Per course (regular expression): its preferred start semesters, over the category's. */
  startByCourse: { courses: string; start: [number, number] }[];
  /**
   * Professional core courses start only after every professional-basic course has started (with a
   * professional-basic rate, every one its list places before the core courses' window opens).
   */
  coreAfterBasic: boolean;
  /** Numbered parts (Ⅰ/Ⅱ, (一)(二), 上/下, 1/2) in order, one a semester, in consecutive semesters. */
  numberedParts: boolean;
  /** Named sequences: course-name patterns in their order, one a semester. */
  sequences: { name: string; courses: string[] }[];
  /** Lecture series (a regular expression): a few hours in each of several semesters, every one if it can. */
  series: string;
}

const SHARED = { min: 2, max: 6, preferredMax: 4 };

export const PLACEMENT_DEFAULTS: Record<'zhongzhi' | 'gaozhi', PlacementNorms> = {
  zhongzhi: {
    weekly: SHARED,
    weeklyByCourse: [
      { courses: '^(语文|数学|英语)', preferredMax: 5 },
      { courses: '体育', max: 3, preferredMax: 2 },
    ],
    start: { 'public-basic': [1, 2], 'professional-basic': [1, 3], 'professional-core': [2, 5], elective: [2, 5], 'practical-training': [2, 6] },
    startsPerSemester: {},
    startByCourse: [
      { courses: '^(语文|数学|英语|体育)', start: [1, 1] },
      { courses: '劳动', start: [1, 2] },
    ],
    coreAfterBasic: true,
    numberedParts: true,
    sequences: [{ name: '思想政治', courses: ['^中国特色社会主义$', '心理健康与职业生涯', '哲学与人生', '职业道德与法治'] }],
    series: '安全教育',
  },
  gaozhi: {
    weekly: SHARED,
    weeklyByCourse: [{ courses: '体育', max: 3, preferredMax: 2 }],
    start: { 'public-basic': [1, 2], 'professional-basic': [1, 5], 'professional-core': [3, 5], elective: [2, 5], 'practical-training': [2, 6] },
    // Real 高职 plans start about two professional-basic courses a semester in list order, and the
    // last of a long list (marketing's 商务谈判, 供应链管理, 商务礼仪) alongside the core courses.
    startsPerSemester: { 'professional-basic': 2 },
    startByCourse: [
      // 思想道德修养与法律基础 is the same course under its name before 2021 (plans of 2020 and earlier).
      { courses: '^(军事理论|思想道德与法治|思想道德修养与法律基础|心理健康)', start: [1, 1] },
      // 大学英语 / 高等数学: semesters 1–2 (a course in parts starts in 1, its parts follow).
      { courses: '^(大学英语|高等数学|应用数学|实用英语|大学语文)', start: [1, 1] },
      { courses: '劳动', start: [1, 2] },
      // 创新创业, 党史国史, 美育 (must be offered) in years 1–2, whatever category the school files them under.
      { courses: '创新|创业|美育|党史|国史', start: [1, 2] },
      // Job guidance in semesters 4–5, before the internship (career planning, 1–2, is another course).
      { courses: '就业指导$', start: [4, 5] },
    ],
    coreAfterBasic: true,
    numberedParts: true,
    sequences: [
      { name: '思政课', courses: ['思想道德(与法治|修养与法律基础)', '毛泽东思想', '习近平新时代'] },
      // 体育 in parts, one a semester (NORMS.md): a general first part, then the chosen sport.
      { name: '体育', courses: ['^基础体育', '^专项体育'] },
    ],
    series: '形势与政策|安全教育',
  },
};

/** Patterns run on a linear-time engine (pattern.ts): the optimizer never waits on one. */
const matches = (pattern: string, name: string) => patternOf(pattern)?.test(normLabel(name)) ?? false; // a refused pattern was said by the rules check

export function weeklyRangeOf(norms: PlacementNorms, name: string): WeeklyRange {
  const own = norms.weeklyByCourse.find((w) => matches(w.courses, name));
  return { ...norms.weekly, ...(own ? Object.fromEntries(Object.entries(own).filter(([k, v]) => k !== 'courses' && v !== undefined)) : {}) } as WeeklyRange;
}

/** The course has a start of its own (startByCourse), not only its category's. */
export function hasOwnStart(norms: PlacementNorms, name: string): boolean {
  return ownStartRule(norms, name) >= 0;
}

/** Which startByCourse rule gives the course its start (its index), or -1 for its category's. */
export function ownStartRule(norms: PlacementNorms, name: string): number {
  return norms.startByCourse.findIndex((s) => matches(s.courses, name));
}

/**
 * Windows are written for a three-year plan of six semesters; a plan of n semesters (a 3+2 plan has
 * ten) stretches them in proportion, so core courses of a five-year plan start in its later years.
 */
export function startWindowOf(norms: PlacementNorms, name: string, category: Category, semesters = 6): [number, number] | null {
  const w = norms.startByCourse.find((s) => matches(s.courses, name))?.start ?? norms.start[category] ?? null;
  if (!w || semesters === 6) return w;
  const stretch = (x: number) => Math.min(semesters, 1 + Math.round(((x - 1) * (semesters - 1)) / 5));
  return [stretch(w[0]), stretch(w[1])];
}

const ORDINALS: [RegExp, number][] = [
  [/^(Ⅰ|I|一|上|1|A)$/, 1],
  [/^(Ⅱ|II|二|下|2|B)$/, 2],
  [/^(Ⅲ|III|三|3|C)$/, 3],
  [/^(Ⅳ|IV|四|4|D)$/, 4],
  [/^(Ⅴ|V|五|5)$/, 5],
  [/^(Ⅵ|VI|六|6)$/, 6],
];

/** "体育(Ⅱ)" → { base: "体育", part: 2 }; "大学英语（一）" → part 1; a name without a part → null. */
export function numberedPart(name: string): { base: string; part: number } | null {
  const m = /^(.+?)\s*[(（]?\s*(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|VI|IV|V|I{1,3}|[一二三四五六]|[上下]|[1-6]|[A-D])\s*[)）]?$/.exec(normLabel(name).replace(/\s+/g, ''));
  if (!m || m[1].length < 2) return null;
  const ord = ORDINALS.find(([re]) => re.test(m[2]));
  // Bare capitals and digits glued to a Latin word are names ("HTML5", "C"), not parts.
  if (!ord || (/^[A-D1-6]$/.test(m[2]) && /[A-Za-z0-9]$/.test(m[1]) && !/[(（]/.test(name))) return null;
  return { base: m[1].replace(/[(（]$/, ''), part: ord[1] };
}

export function isSeries(norms: PlacementNorms, name: string): boolean {
  return norms.series !== '' && matches(norms.series, name);
}

/** Courses' ids grouped into numbered parts (at least two parts, distinct, in order). */
export function partSequences<T extends { id: string; name: string }>(courses: T[]): { name: string; ids: string[] }[] {
  const groups = new Map<string, { part: number; id: string }[]>();
  for (const c of courses) {
    const p = numberedPart(c.name);
    if (!p) continue;
    const g = groups.get(p.base) ?? [];
    g.push({ part: p.part, id: c.id });
    groups.set(p.base, g);
  }
  const out: { name: string; ids: string[] }[] = [];
  for (const [base, g] of groups) {
    if (g.length < 2 || new Set(g.map((x) => x.part)).size !== g.length) continue;
    out.push({ name: base, ids: g.sort((a, b) => a.part - b.part).map((x) => x.id) });
  }
  return out;
}

/** A named sequence's courses present in the plan, in the sequence's order (each pattern's first match). */
export function namedSequences<T extends { id: string; name: string }>(norms: PlacementNorms, courses: T[]): { name: string; ids: string[] }[] {
  const out: { name: string; ids: string[] }[] = [];
  for (const s of norms.sequences) {
    const ids: string[] = [];
    for (const pattern of s.courses) {
      const c = courses.find((x) => matches(pattern, x.name) && !ids.includes(x.id));
      if (c) ids.push(c.id);
    }
    if (ids.length >= 2) out.push({ name: s.name, ids });
  }
  return out;
}

/** Regular expressions in the placement norms that are refused (pattern.ts), by rule path, with why. */
export function badPatterns(norms: PlacementNorms): { path: string; why: Message }[] {
  const bad: { path: string; why: Message }[] = [];
  const tryRe = (path: string, p: unknown) => {
    const why = patternProblem(p);
    if (why) bad.push({ path, why });
  };
  tryRe('placement.series', norms.series);
  norms.weeklyByCourse.forEach((w, i) => tryRe(`placement.weeklyByCourse[${i}].courses`, w?.courses));
  norms.startByCourse.forEach((w, i) => tryRe(`placement.startByCourse[${i}].courses`, w?.courses));
  norms.sequences.forEach((s, i) => (Array.isArray(s?.courses) ? s.courses.forEach((p, k) => tryRe(`placement.sequences[${i}].courses[${k}]`, p)) : bad.push({ path: `placement.sequences[${i}].courses`, why: msg('应为正则表达式的列表', 'must be a list of regular expressions') })));
  return bad;
}
