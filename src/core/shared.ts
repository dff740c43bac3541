/**
 * Public courses several programmes share (思想道德与法治, 体育 … with the same name and hours): how
 * many programmes teach each in each semester, and — when a semester can host only so many sections —
 * which semesters a programme optimized after the others should keep such a course out of, and the
 * conflicts (naming the programmes) where it cannot.
 */
import { msg, type Message } from './message';
import type { Rules } from './rules';

/** One programme's courses as placed: hours per semester. */
export interface ProgrammeCourses {
  programme: string;
  courses: { name: string; hours: number | null; semesters: (number | null)[]; category?: string }[];
}

export interface SharedCourse {
  name: string;
  hours: number;
  /** Programmes that teach it, in batch order. */
  programmes: string[];
  /** Per semester (index 0 = semester 1): the programmes teaching it there. */
  bySemester: string[][];
}

export interface SharedConflict {
  programme: string;
  course: string;
  semester: number;
  limit: number;
  /** The programmes already holding that semester's sections. */
  holders: string[];
  message: Message;
}

const nameKey = (name: string) => name.replace(/\s+/g, '');
/** Same course across programmes: the name without spaces, and the hours. */
export const sharedKey = (name: string, hours: number) => `${nameKey(name)}\u0000${hours}`;

/** Courses (same name and total hours) taught by two or more programmes, with who teaches them when. */
export function sharedCourses(programmes: ProgrammeCourses[]): SharedCourse[] {
  const byKey = new Map<string, SharedCourse>();
  for (const p of programmes) {
    const seen = new Set<string>();
    for (const c of p.courses) {
      // The internship is not a class a semester hosts sections of.
      if (c.hours === null || c.hours <= 0 || c.category === 'internship') continue;
      const key = sharedKey(c.name, c.hours);
      if (seen.has(key)) continue;
      seen.add(key);
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = { name: c.name, hours: c.hours, programmes: [], bySemester: [] }));
      s.programmes.push(p.programme);
      c.semesters.forEach((h, i) => {
        if (!h) return;
        while (s!.bySemester.length <= i) s!.bySemester.push([]);
        s!.bySemester[i].push(p.programme);
      });
    }
  }
  return [...byKey.values()].filter((s) => s.programmes.length >= 2).sort((a, b) => b.programmes.length - a.programmes.length || a.name.localeCompare(b.name, 'zh'));
}

/** Sections a semester can host for this course; 0 = no limit. */
export function sectionLimit(rules: Rules, name: string): number {
  const per = rules.sharedCourses.perCourse;
  return per[name] ?? per[nameKey(name)] ?? rules.sharedCourses.sectionsPerSemester;
}

/**
 * The sections taken so far as programmes are optimized one after another: what the next one should
 * avoid, and where a placement goes over the limit.
 */
export class SectionLedger {
  private taken = new Map<string, string[][]>();

  /** `shared`: the batch's shared courses; only these are counted. */
  constructor(
    private readonly shared: SharedCourse[],
    private readonly limitOf: (name: string) => number,
  ) {
    for (const s of shared) this.taken.set(sharedKey(s.name, s.hours), []);
  }

  private holders(name: string, hours: number, semester: number): string[] {
    return this.taken.get(sharedKey(name, hours))?.[semester - 1] ?? [];
  }

  /** Per course name of this programme: the semesters whose sections other programmes have filled. */
  avoidFor(p: ProgrammeCourses, semesters: number): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const c of p.courses) {
      if (c.hours === null || !this.taken.has(sharedKey(c.name, c.hours))) continue;
      const limit = this.limitOf(c.name);
      if (limit <= 0) continue;
      const full = Array.from({ length: semesters }, (_, i) => i + 1).filter((s) => this.holders(c.name, c.hours!, s).length >= limit);
      if (full.length) out[c.name] = full;
    }
    return out;
  }

  /** Where this programme's placement goes over a semester's limit, naming who holds the sections. */
  conflictsOf(p: ProgrammeCourses): SharedConflict[] {
    const out: SharedConflict[] = [];
    for (const c of p.courses) {
      if (c.hours === null || !this.taken.has(sharedKey(c.name, c.hours))) continue;
      const limit = this.limitOf(c.name);
      if (limit <= 0) continue;
      c.semesters.forEach((h, i) => {
        const holders = this.holders(c.name, c.hours!, i + 1);
        if (!h || holders.length < limit) return;
        out.push({
          programme: p.programme,
          course: c.name,
          semester: i + 1,
          limit,
          holders,
          message: msg(
            `“${c.name}”第${i + 1}学期只能开 ${limit} 个专业的班，已由 ${holders.join('、')} 占满，${p.programme} 仍排在该学期（移开会破坏本专业自身的规则或该课已锁定） — 提高该课每学期可开班数，或与上述专业商定错开学期`,
            `"${c.name}" can run for ${limit} programme(s) a semester and semester ${i + 1} is taken by ${holders.join(', ')}, yet ${p.programme} still has it there (moving it would break the programme's own rules, or it is locked) — raise the sections per semester for it, or agree a different semester with those programmes`,
          ),
        });
      });
    }
    return out;
  }

  /** Counts this programme's sections. */
  take(p: ProgrammeCourses): void {
    for (const c of p.courses) {
      if (c.hours === null) continue;
      const list = this.taken.get(sharedKey(c.name, c.hours));
      if (!list) continue;
      c.semesters.forEach((h, i) => {
        if (!h) return;
        while (list.length <= i) list.push([]);
        if (!list[i].includes(p.programme)) list[i].push(p.programme);
      });
    }
  }

  get courses(): SharedCourse[] {
    return this.shared;
  }
}
