/**
 * The binding (B) national rules of NORMS.md, as data: which level they apply to, how a course is
 * recognised, what must hold, and the document that says so. Two kinds: rules about single courses
 * (hours, offered) and rules about where courses go ("what a move must never break": the 思政 sequence,
 * 体育 in parts and in years 1–2, 形势与政策 in every in-school semester, professional basic before the
 * core it prepares, nothing across a full-time internship). The checker reports them, the optimizer
 * holds them as constraints in every mode, and the audit compares a plan before and after with them —
 * all three from this one definition. Guidelines and common practice (G / P / U) are placement
 * preferences for the optimizer (placement.ts), not findings here.
 */

import { patternOf } from './pattern';
import type { Finding } from './checker';
import { msg, type Message } from './message';
import type { Course, Level, Plan } from './plan';
import { courseId, weightOf } from './plan';
import type { Rules } from './rules';
import { clean, normLabel } from './text';
import { type SemesterWeeks, teachingWeeks } from './weeks';

export interface CourseNorm {
  id: string;
  levels: Level[];
  /** Course names it applies to (a regular expression over the normalised name). */
  courses: string;
  /** Course names that look alike but are other courses. */
  except?: string;
  kind: 'min-hours' | 'offered';
  value?: number;
  name: Message;
  source: string;
}

export const COURSE_NORMS: CourseNorm[] = [
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
  return plan.courses.filter((c) => weightOf(c) > 0 && test(n.courses, c.name) && !(n.except && test(n.except, c.name)));
}

/** Findings of the binding rules on one plan: course hours, courses offered, and where courses go. */
export function checkNorms(plan: Plan, rules: Rules, weeks: SemesterWeeks[] = teachingWeeks(plan, rules)): Finding[] {
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
  }
  // Where courses go: every break this plan shows on its own (the one-a-semester rhythm and "basic
  // before the core it prepares" are kept as a sheet has them, so they are the audit's, not a finding).
  for (const b of normBreaks(plan, rules, normInstances(plan, rules, weeks).filter((x) => !x.asTheSheetHasIt), weeks)) out.push(breakFinding(plan, b));
  out.push(...straddles(plan, rules, weeks).map((b) => breakFinding(plan, b)));
  return out;
}

// ——— Where courses go ———————————————————————————————————————————————————————————————————————————

/** 中职 思想政治 in its order (教材〔2020〕2号): 中国特色社会主义 → 心理健康与职业生涯 → 哲学与人生 → 职业道德与法治. */
export const POLITICS_ZHONGZHI = ['^中国特色社会主义$', '心理健康与职业生涯', '哲学与人生', '职业道德与法治'];
/** 高职 思政课 in its order; 思想道德修养与法律基础 is 思想道德与法治 under its name before 2021. */
export const POLITICS_GAOZHI = ['思想道德(与法治|修养与法律基础)', '毛泽东思想', '习近平新时代'];
/** 体育 in parts by name: the general part first, then the chosen sport. */
export const PE_BY_NAME = ['^基础体育', '^专项体育'];

/**
 * A binding rule about where courses go (NORMS.md, "What a move must never break").
 * - sequence: the courses the patterns match (each pattern's first), in that order;
 * - parts: numbered parts (Ⅰ/Ⅱ, (一)(二), 上/下) of courses whose base name matches `courses` (all when
 *   absent, `except` left out), plus parts by name (`named`), in order; `within`: semesters they stay in;
 * - every-semester: the course runs in every in-school semester;
 * - prepares: a professional-basic course never starts after a core course it comes before, nor with
 *   one the sheet starts a semester or more after it;
 * - no-straddle: no course on both sides of a full-time internship semester;
 * - block-weeks: nothing moved into a semester (or weeks) an internship or whole-week blocks take.
 * `asTheSheetHasIt`: binding only where the plan as read already has it so (it is the school's order,
 * not a national one): a sequence's one-a-semester rhythm, basic before core, other lecture series.
 */
export interface PlacementNorm {
  id: string;
  levels: Level[];
  kind: 'sequence' | 'parts' | 'every-semester' | 'prepares' | 'no-straddle' | 'block-weeks';
  courses?: string[];
  except?: string;
  named?: string[];
  within?: [number, number];
  asTheSheetHasIt?: boolean;
  name: Message;
  source: string;
}

const BOTH: Level[] = ['zhongzhi', 'gaozhi'];

export const PLACEMENT_NORMS: PlacementNorm[] = [
  { id: 'norm-politics-order', levels: ['zhongzhi'], kind: 'sequence', courses: POLITICS_ZHONGZHI, name: msg('思想政治课按顺序开设', 'the 思想政治 courses in their order'), source: '教材〔2020〕2号' },
  { id: 'norm-politics-order', levels: ['gaozhi'], kind: 'sequence', courses: POLITICS_GAOZHI, name: msg('思政课按顺序开设', 'the 思政 courses in their order'), source: '高校思政课课程方案' },
  { id: 'norm-pe-parts', levels: ['gaozhi'], kind: 'parts', courses: ['体育'], except: '体育(舞蹈|赛事|文化)', named: PE_BY_NAME, within: [1, 4], name: msg('体育各部分按顺序在第一、二学年开设', '体育 in its parts, in order, in years 1–2'), source: '教体艺〔2014〕4号' },
  { id: 'norm-pe-parts', levels: ['zhongzhi'], kind: 'parts', courses: ['体育'], except: '体育(舞蹈|赛事|文化)', named: PE_BY_NAME, name: msg('体育各部分按顺序开设', '体育 in its parts, in order'), source: '教体艺〔2014〕4号' },
  { id: 'norm-parts', levels: BOTH, kind: 'parts', except: '体育', name: msg('分段课程（Ⅰ/Ⅱ、（一）（二）、上/下）按顺序开设', 'numbered parts (Ⅰ/Ⅱ, (一)(二), 上/下) in order'), source: '课程编号顺序' },
  { id: 'norm-situation-policy', levels: ['gaozhi'], kind: 'every-semester', courses: ['形势与政策'], name: msg('形势与政策每个在校学期开设', 'Situation and Policy (形势与政策) in every in-school semester'), source: '教社科〔2018〕1号' },
  { id: 'norm-series', levels: BOTH, kind: 'every-semester', asTheSheetHasIt: true, name: msg('讲座类课程每个在校学期开设（保持原表做法）', 'lecture series in every in-school semester (as the sheet has them)'), source: '学校原有安排' },
  { id: 'norm-prepares', levels: BOTH, kind: 'prepares', asTheSheetHasIt: true, name: msg('专业基础课先于以其为基础的专业核心课（原表同学期开始的可同时）', 'professional basic before the core courses it prepares (together where the sheet starts them together)'), source: '学校原有安排' },
  { id: 'norm-straddle', levels: BOTH, kind: 'no-straddle', name: msg('课程不跨越全时岗位实习学期', 'no course across a full-time internship semester'), source: '职业学校学生实习管理规定（2016）' },
  { id: 'norm-block-weeks', levels: BOTH, kind: 'block-weeks', name: msg('不把课程移入实习或整周安排占用的周', 'nothing moved into weeks an internship or whole-week blocks take'), source: '职业学校学生实习管理规定（2016）' },
];

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

// Patterns may come from a rules file: they run on the linear-time engine (a refused one matches nothing; the rules check has said why).
const test = (pattern: string, name: string) => patternOf(pattern)?.test(normLabel(name)) ?? false;

/** The courses the patterns match, in the patterns' order (each pattern's first match not yet taken). */
export function matchSequence<T extends { id: string; name: string }>(patterns: string[], courses: T[]): T[] {
  const out: T[] = [];
  for (const pattern of patterns) {
    const c = courses.find((x) => test(pattern, x.name) && !out.includes(x));
    if (c) out.push(c);
  }
  return out;
}

/**
 * One binding relation between courses of a plan, by course id (see courseId):
 * - order: `a` ends before `b` starts; `next`: and `b` starts in the teaching semester right after;
 * - within: the course runs only in semesters lo…hi;
 * - every: the course runs in every in-school semester;
 * - prepares: `basic` starts no later than `core`; `strict`: before it (the sheet has it a semester or more earlier).
 */
export type NormInstance = { key: string; norm: PlacementNorm; asTheSheetHasIt: boolean; names: string[] } & (
  | { kind: 'order'; a: string; b: string; next: boolean }
  | { kind: 'within'; course: string; lo: number; hi: number }
  | { kind: 'every'; course: string }
  | { kind: 'prepares'; basic: string; core: string; strict: boolean }
);

export interface NormBreak {
  instance: NormInstance | null;
  norm: PlacementNorm;
  /** Stable key: the same break before and after has the same key. */
  key: string;
  courses: string[];
  message: Message;
}

/** Semesters a course runs in (1-based), from its placements. */
export function spanOf(c: Course): number[] {
  return c.placements.map((p, i) => (p && p.hours > 0 ? i + 1 : 0)).filter(Boolean);
}

/** A course written with its whole total in two or more semester columns: "X or Y", not yet decided. */
export function isEitherOr(c: Course): boolean {
  const hours = c.placements.map((p) => p?.hours ?? 0);
  const total = c.totalHours?.value ?? 0;
  return total > 0 && !c.isInternship && hours.filter((h) => h > 0).length > 1 && hours.every((h) => h === 0 || Math.abs(h - total) <= 0.1 * total);
}

/** The school year a semester falls in (two semesters a year). */
const yearOf = (semester: number) => Math.ceil(semester / 2);
const oneYear = (semesters: number[]) => new Set(semesters.map(yearOf)).size === 1;

const countsIn = (c: Course) => weightOf(c) > 0 && (c.weight === undefined || c.weight === 1);

/**
 * The binding relations a plan's courses are under, decided on this plan (the plan as the school
 * wrote it, when an optimizer result is to be compared with it): the national ones always, and those
 * that hold "as the sheet has them" only where this plan has them so.
 */
export function normInstances(plan: Plan, rules: Rules, weeks: SemesterWeeks[] = teachingWeeks(plan, rules)): NormInstance[] {
  const level = rules.preset;
  const courses = plan.courses.filter((c) => countsIn(c) && !c.isInternship);
  const withId = courses.map((c) => ({ id: courseId(c), name: c.name, c }));
  const byId = new Map(withId.map((x) => [x.id, x.c]));
  const teaching = weeks.filter((w) => w.teaching).map((w) => w.semester);
  const nextTeaching = (t: number) => teaching.find((x) => x > t);
  const teachingDown = [...teaching].reverse();
  const previousTeaching = (t: number) => teachingDown.find((x) => x < t);
  const decided = (c: Course) => spanOf(c).length > 0 && !isEitherOr(c);
  const out: NormInstance[] = [];
  const inParts = new Set<string>();
  const orderPairs = (norm: PlacementNorm, ids: string[]) => {
    for (let k = 0; k + 1 < ids.length; k++) {
      const a = byId.get(ids[k])!;
      const b = byId.get(ids[k + 1])!;
      // One a semester where the school has it so: the next starts right after the last ends. A part
      // written "X or Y" beside a decided one keeps the rhythm when one of its choices does (体育(Ⅲ)
      // in 3 or 4 after 体育(Ⅱ) in 2 is taken in 3, not leaving semester 3 without 体育).
      const sa = spanOf(a);
      const sb = spanOf(b);
      // (Only where its two lie in one school year: across a year it is the year that decides, below.)
      const next =
        (decided(a) && decided(b) && sb[0] === nextTeaching(sa[sa.length - 1])) ||
        (decided(a) && isEitherOr(b) && oneYear(sb) && sb.includes(nextTeaching(sa[sa.length - 1]) ?? -1)) ||
        (isEitherOr(a) && decided(b) && oneYear(sa) && sa.includes(previousTeaching(sb[0]) ?? -1));
      out.push({ key: `${norm.id}:${ids[k]}>${ids[k + 1]}`, norm, asTheSheetHasIt: false, names: [a.name, b.name], kind: 'order', a: ids[k], b: ids[k + 1], next });
    }
  };
  for (const norm of PLACEMENT_NORMS) {
    if (!norm.levels.includes(level)) continue;
    if (norm.kind === 'sequence') orderPairs(norm, matchSequence(norm.courses ?? [], withId).map((x) => x.id));
    if (norm.kind === 'parts') {
      const ofThis = withId.filter((x) => !inParts.has(x.id) && (!norm.courses || norm.courses.some((p) => test(p, numberedPart(x.name)?.base ?? x.name))) && !(norm.except && test(norm.except, x.name)));
      const groups = partSequences(ofThis);
      const named = norm.named ? matchSequence(norm.named, ofThis) : [];
      if (named.length >= 2) groups.push({ name: norm.named!.join('→'), ids: named.map((x) => x.id) });
      const taken: string[][] = [];
      for (const g of groups) {
        if (g.ids.some((id) => inParts.has(id))) continue;
        g.ids.forEach((id) => inParts.add(id));
        orderPairs(norm, g.ids);
        taken.push(g.ids);
      }
      if (norm.within) {
        const [lo, hi] = norm.within;
        for (const x of norm.courses ? ofThis.filter((y) => norm.courses!.some((p) => test(p, y.name))) : [])
          out.push({ key: `${norm.id}:within:${x.id}`, norm, asTheSheetHasIt: false, names: [x.name], kind: 'within', course: x.id, lo, hi: Math.min(hi, plan.semesters.length) });
        // Every year of the window keeps its 体育: a part written "X or Y" across two years, one of them
        // without any other part, goes to that one (专项体育 "2 or 3" after 基础体育 in 1 is taken in 3).
        for (const ids of taken) {
          const years = new Set(ids.flatMap((id) => (decided(byId.get(id)!) ? spanOf(byId.get(id)!).map(yearOf) : [])));
          for (const id of ids) {
            const c = byId.get(id)!;
            if (!isEitherOr(c)) continue;
            const open = [...new Set(spanOf(c).map(yearOf))].filter((y) => !years.has(y) && 2 * y - 1 >= lo && 2 * y <= hi);
            if (oneYear(spanOf(c)) || open.length !== 1) continue;
            out.push({ key: `${norm.id}:year:${id}`, norm, asTheSheetHasIt: false, names: [c.name], kind: 'within', course: id, lo: 2 * open[0] - 1, hi: Math.min(2 * open[0], plan.semesters.length) });
          }
        }
      }
    }
    if (norm.kind === 'every-semester') {
      const pattern = norm.courses ?? (rules.placement.series ? [rules.placement.series] : []);
      if (!pattern.length) continue;
      for (const x of withId) {
        if (!pattern.some((p) => test(p, x.name))) continue;
        // The national rule always; another lecture series only where the sheet runs it in every in-school semester.
        if (norm.asTheSheetHasIt && !(decided(x.c) && teaching.every((t) => spanOf(x.c).includes(t)))) continue;
        if (out.some((o) => o.kind === 'every' && o.course === x.id)) continue;
        out.push({ key: `${norm.id}:${x.id}`, norm, asTheSheetHasIt: !!norm.asTheSheetHasIt, names: [x.name], kind: 'every', course: x.id });
      }
    }
    if (norm.kind === 'prepares') {
      const basic = withId.filter((x) => x.c.category === 'professional-basic' && decided(x.c));
      const core = withId.filter((x) => x.c.category === 'professional-core' && decided(x.c));
      // A core course an order puts before the basic course (numbered parts 专业课程1 → 专业课程4 →
      // 专业课程6 across the categories): the order holds, the sheet's "basic first" cannot as well.
      const follows = new Map<string, string[]>();
      for (const o of out) if (o.kind === 'order') follows.set(o.a, [...(follows.get(o.a) ?? []), o.b]);
      // Every course an order chain puts after the core course (once per core course).
      const after = (from: string) => {
        const seen = new Set<string>();
        const stack = [...(follows.get(from) ?? [])];
        while (stack.length) {
          const x = stack.pop()!;
          if (seen.has(x)) continue;
          seen.add(x);
          stack.push(...(follows.get(x) ?? []));
        }
        return seen;
      };
      const later = new Map(core.map((k) => [k.id, after(k.id)]));
      for (const b of basic)
        for (const k of core)
          if (spanOf(b.c)[0] <= spanOf(k.c)[0] && !later.get(k.id)!.has(b.id)) out.push({ key: `${norm.id}:${b.id}>${k.id}`, norm, asTheSheetHasIt: true, names: [b.name, k.name], kind: 'prepares', basic: b.id, core: k.id, strict: spanOf(b.c)[0] < spanOf(k.c)[0] });
    }
  }
  return out;
}

/** The relations a plan breaks (a course written "X or Y", not yet decided, breaks none). */
export function normBreaks(plan: Plan, rules: Rules, instances: NormInstance[], weeks: SemesterWeeks[] = teachingWeeks(plan, rules)): NormBreak[] {
  const byId = new Map(plan.courses.map((c) => [courseId(c), c]));
  const teaching = weeks.filter((w) => w.teaching).map((w) => w.semester);
  const nextTeaching = (t: number) => teaching.find((x) => x > t);
  const out: NormBreak[] = [];
  const add = (x: NormInstance, courses: string[], zh: string, en: string) => out.push({ instance: x, norm: x.norm, key: x.key, courses, message: msg(zh, en) });
  const sems = (xs: number[], zh: boolean) => (zh ? `第${xs.join('、')}学期` : `semester${xs.length > 1 ? 's' : ''} ${xs.join(', ')}`);
  for (const x of instances) {
    const span = (id: string) => {
      const c = byId.get(id);
      return c && !isEitherOr(c) ? spanOf(c) : [];
    };
    if (x.kind === 'order') {
      const sa = span(x.a);
      const sb = span(x.b);
      if (!sa.length || !sb.length) continue;
      const [na, nb] = x.names;
      if (sb[0] <= sa[sa.length - 1])
        add(x, [x.a, x.b], `“${nb}”（${sems(sb, true)}）排在“${na}”（${sems(sa, true)}）之前或同时，违反${x.norm.name.zh}（${x.norm.source}）`, `"${nb}" (${sems(sb, false)}) is not after "${na}" (${sems(sa, false)}): ${x.norm.name.en} (${x.norm.source})`);
      else if (x.next && sb[0] !== nextTeaching(sa[sa.length - 1]))
        add(x, [x.a, x.b], `“${nb}”（${sems(sb, true)}）没有紧接“${na}”（${sems(sa, true)}）的下一学期，原表是一学期一门`, `"${nb}" (${sems(sb, false)}) does not follow "${na}" (${sems(sa, false)}) in the next semester, as the sheet had it (one a semester)`);
    } else if (x.kind === 'within') {
      const s = span(x.course);
      const outside = s.filter((t) => t < x.lo || t > x.hi);
      if (outside.length) add(x, [x.course], `“${x.names[0]}”排在${sems(outside, true)}，应在第${x.lo}–${x.hi}学期（${x.norm.name.zh}，${x.norm.source}）`, `"${x.names[0]}" runs in ${sems(outside, false)}, outside semesters ${x.lo}–${x.hi} (${x.norm.name.en}, ${x.norm.source})`);
    } else if (x.kind === 'every') {
      const s = span(x.course);
      if (!s.length) continue;
      const missing = teaching.filter((t) => !s.includes(t));
      if (missing.length) add(x, [x.course], `“${x.names[0]}”应在每个在校学期开设（${x.norm.source}），${sems(missing, true)}没有安排`, `"${x.names[0]}" must run in every in-school semester (${x.norm.source}); ${sems(missing, false)} has none`);
    } else {
      const sb = span(x.basic);
      const sk = span(x.core);
      if (sb.length && sk.length && (sb[0] > sk[0] || (x.strict && sb[0] === sk[0])))
        add(
          x,
          [x.basic, x.core],
          `专业基础课“${x.names[0]}”（${sems(sb, true)}起）${sb[0] > sk[0] ? '晚于' : '与'}它先导的核心课“${x.names[1]}”（${sems(sk, true)}起）${sb[0] > sk[0] ? '' : '同时开始'}，原表是先基础后核心`,
          `professional basic "${x.names[0]}" (from ${sems(sb, false)}) starts ${sb[0] > sk[0] ? 'after' : 'together with'} the core course it prepares, "${x.names[1]}" (from ${sems(sk, false)}); the sheet had basic first`,
        );
    }
  }
  return out;
}

/**
 * Courses on both sides of a full-time internship semester — lecture series (形势与政策 and the placement
 * norms' series, which run in every in-school semester by nature), blocks and the internship itself aside.
 */
export function straddles(plan: Plan, rules: Rules, weeks: SemesterWeeks[]): NormBreak[] {
  const norm = PLACEMENT_NORMS.find((n) => n.kind === 'no-straddle')!;
  const off = new Set(weeks.filter((w) => !w.teaching).map((w) => w.semester));
  const series = [...PLACEMENT_NORMS.filter((n) => n.kind === 'every-semester').flatMap((n) => n.courses ?? []), ...(rules.placement.series ? [rules.placement.series] : [])];
  const out: NormBreak[] = [];
  for (const c of plan.courses) {
    if (c.isInternship || !countsIn(c) || isEitherOr(c) || series.some((p) => test(p, c.name)) || c.placements.some((p) => p?.shape === 'block' || p?.shape === 'term')) continue;
    const s = spanOf(c);
    if (s.length < 2) continue;
    const across = [...off].filter((t) => t > s[0] && t < s[s.length - 1] && !s.includes(t));
    if (!across.length) continue;
    out.push({
      instance: null,
      norm,
      key: `${norm.id}:${courseId(c)}`,
      courses: [courseId(c)],
      message: msg(`“${c.name}”排在第${s.join('、')}学期，跨越全时岗位实习的第${across.join('、')}学期（${norm.source}）`, `"${c.name}" runs in semesters ${s.join(', ')}, across the full-time internship in semester ${across.join(', ')} (${norm.source})`),
    });
  }
  return out;
}

function breakFinding(plan: Plan, b: NormBreak): Finding {
  const byId = new Map(plan.courses.map((c) => [courseId(c), c]));
  const cells = b.courses.flatMap((id) => {
    const c = byId.get(id);
    return c ? [c.nameCell, ...c.placements.map((p) => p?.cell).filter((x): x is string => !!x)] : [];
  });
  return { rule: b.norm.id, severity: 'error', required: b.norm.name.zh, actual: 'broken', cells, message: msg(`${b.message.zh}。`, `${b.message.en}.`) };
}
