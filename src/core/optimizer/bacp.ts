/**
 * The Balanced Academic Curriculum Problem (CSPLib prob030) in the product's terms: one course = one
 * row whose weekly hours are its credits, placed in exactly one period; prerequisites; a load window
 * a..b and a course-count window c..d per period; minimise the heaviest period.
 */

import type { OptProblem } from './problem';

export interface BacpInstance {
  periods: number;
  minLoad: number;
  maxLoad: number;
  minCourses: number;
  maxCourses: number;
  courses: { name: string; credits: number }[];
  /** [course, prerequisite]: the prerequisite comes in an earlier period. */
  prereq: [string, string][];
}

/** Reads the MiniZinc-style .dat, coping with the published files' unclosed comments and missing commas. */
export function parseBacp(text: string): BacpInstance {
  const num = (key: string) => {
    const m = new RegExp(`\\b${key}\\s*=\\s*(\\d+)`).exec(text);
    if (!m) throw new Error(`BACP: no ${key}=`);
    return Number(m[1]);
  };
  const block = (key: string, open: string, close: string) => {
    const start = text.search(new RegExp(`\\b${key}\\s*=\\s*\\${open}`));
    if (start < 0) throw new Error(`BACP: no ${key}`);
    const from = text.indexOf(open, start) + 1;
    return text.slice(from, text.indexOf(close, from));
  };
  const names = block('courses', '{', '}').match(/[A-Za-z]\w*/g) ?? [];
  const credits = (block('credit', '[', ']').match(/\d+/g) ?? []).map(Number);
  if (credits.length < names.length) throw new Error(`BACP: ${names.length} courses but ${credits.length} credits`);
  const pairs = [...block('prereq', '{', '};').matchAll(/<\s*(\w+)\s*,\s*(\w+)\s*>/g)].map((m) => [m[1], m[2]] as [string, string]);
  return {
    periods: num('p'),
    minLoad: num('a'),
    maxLoad: num('b'),
    minCourses: num('c'),
    maxCourses: num('d'),
    courses: names.map((name, i) => ({ name, credits: credits[i] })),
    prereq: [...new Map(pairs.map((p) => [p.join('>'), p])).values()],
  };
}

export function bacpProblem(b: BacpInstance): OptProblem {
  const n = b.periods;
  return {
    label: `bacp${n}`,
    semesters: Array.from({ length: n }, (_, i) => ({ index: i + 1, weeks: 1, cap: b.maxLoad, teaching: true, minLoad: b.minLoad, minCourses: b.minCourses, maxCourses: b.maxCourses })),
    courses: b.courses.map((c) => ({
      id: c.name,
      name: c.name,
      category: 'other' as const,
      hours: c.credits,
      fixed: new Array(n).fill(0),
      locked: false,
      earliest: 1,
      latest: n,
      current: new Array(n).fill(0),
      nameCell: c.name,
      semesterCells: new Array(n).fill(null),
      isInternship: false,
    })),
    prerequisites: b.prereq.map(([after, before]) => [before, after]),
    maxSpread: 0,
    mode: 'plan',
    sequences: [],
    phases: [],
    maxSpan: 1,
    ratios: [],
  };
}
