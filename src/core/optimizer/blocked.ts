/**
 * Why a semester over its cap keeps courses that another semester has room for: for each course in
 * it, the first thing that holds it there — kept as the sheet has it, a binding norm (with the course
 * it is tied to), its shapes, or a room too small for it. Each reason is checked on the course's own
 * shapes (the ones the optimizer chose from) with every other course where the answer puts it, so a
 * reason named is a reason that holds; what holds only in combination is said as such.
 */

import { msg, type Message } from '../message';
import type { CourseSolution, RawSolution } from './optimize';
import { enumeratePatterns, type Pattern } from './patterns';
import { MODE_NAMES, type OptCourse, type OptProblem } from './problem';

export interface Room {
  semester: number;
  /** Weekly hours left below the cap. */
  weekly: number;
}

type Reason =
  | { kind: 'room'; need: number; semester: number; left: number }
  | { kind: 'norm'; norm: Message; partner?: string }
  | { kind: 'habit' }
  | { kind: 'shape' }
  | { kind: 'either'; semesters: number[] }
  | { kind: 'external'; otherSheet: boolean }
  | { kind: 'kept'; byMode: boolean }
  | { kind: 'together' };

/** Most telling first: a move that nearly fits, then the rules, then what the sheet fixes. */
const ORDER: Reason['kind'][] = ['room', 'norm', 'habit', 'shape', 'either', 'together', 'external', 'kept'];
const MAX_NAMES = 3;

/** The clause after "semester r has room, but …": each reason once, with the courses it holds. */
export function whyCoursesStay(problem: OptProblem, raw: RawSolution, semester: number, rooms: Room[]): Message | null {
  const solved = new Map(raw.courses.map((c) => [c.id, c]));
  const groups = new Map<string, { reason: Reason; names: string[] }>();
  for (const c of problem.courses) {
    const s = solved.get(c.id);
    if (!s || c.isInternship || !(s.hours[semester - 1] > 0)) continue;
    const reason = reasonFor(problem, c, s, solved, semester, rooms);
    const key = JSON.stringify(reason.kind === 'room' ? { kind: 'room', semester: reason.semester } : reason);
    const g = groups.get(key);
    if (g) {
      g.names.push(c.name);
      if (reason.kind === 'room' && g.reason.kind === 'room') g.reason.need = Math.min(g.reason.need, reason.need);
    } else groups.set(key, { reason, names: [c.name] });
  }
  if (!groups.size) return null;
  const parts = [...groups.values()].sort((a, b) => ORDER.indexOf(a.reason.kind) - ORDER.indexOf(b.reason.kind)).map(({ reason, names }) => phrase(reason, names));
  return msg(parts.map((p) => p.zh).join('；'), parts.map((p) => p.en).join('; '));
}

function reasonFor(problem: OptProblem, c: OptCourse, s: CourseSolution, solved: Map<string, CourseSolution>, semester: number, rooms: Room[]): Reason {
  if (c.external) return { kind: 'external', otherSheet: c.nameCell.includes('!') };
  if (c.fixed[semester - 1] > 0 || (c.locked && c.hours === 0)) return { kind: 'kept', byMode: problem.mode === 'keep' };
  if (c.allowed) return { kind: 'either', semesters: c.allowed };
  const into = (p: Pattern) => p.hours[semester - 1] < s.hours[semester - 1] - 1e-9 && rooms.some((r) => p.hours[r.semester - 1] > s.hours[r.semester - 1] + 1e-9);
  const shapes = shapesOf(problem, c, 'as-solved').filter(into);
  if (!shapes.length) {
    // What would open a way: the binding bounds lifted, or (rebalancing) a shape less like a school's
    // than the sheet's allowed. A national rule is named whenever lifting it is part of the way.
    const afresh = problem.mode === 'rebalance';
    const habitOnly = afresh ? shapesOf(problem, c, 'afresh').filter(into) : [];
    if (c.fit && (shapesOf(problem, c, 'free').some(into) || (!habitOnly.length && afresh && shapesOf(problem, c, 'afresh-free').some(into)))) return { kind: 'norm', norm: c.fit.why[0] };
    if (!habitOnly.length) return { kind: 'shape' };
    const breaks = habitOnly.map((p) => bindingBreak(problem, c, p, solved));
    return breaks.every(Boolean) ? breaks[0]! : { kind: 'habit' };
  }
  // The shapes that break no binding norm with the other courses where the answer has them.
  const breaks = shapes.map((p) => bindingBreak(problem, c, p, solved));
  const clear = shapes.filter((_, i) => !breaks[i]);
  if (!clear.length) return breaks[0]!;
  // The least weekly hours a clear shape adds to a semester with room, against that room.
  const room = new Map(rooms.map((r) => [r.semester, r.weekly]));
  let best: { need: number; semester: number; left: number } | null = null;
  for (const p of clear) {
    let fits = true;
    let tightest: { need: number; semester: number; left: number } | null = null;
    for (let i = 0; i < p.weekly.length; i++) {
      const add = p.weekly[i] - s.weekly[i];
      if (add <= 1e-9 || i + 1 === semester) continue;
      const left = room.get(i + 1);
      if (left !== undefined && add <= left + 1e-9) continue;
      fits = false;
      if (left !== undefined && (!tightest || add - left > tightest.need - tightest.left)) tightest = { need: add, semester: i + 1, left };
    }
    if (fits) return { kind: 'together' };
    if (tightest && (!best || tightest.need < best.need)) best = tightest;
  }
  return best ? { kind: 'room', ...best } : { kind: 'together' };
}

type Variant = 'as-solved' | 'free' | 'afresh' | 'afresh-free';
const shapeCache = new WeakMap<OptProblem, Map<string, Pattern[]>>();

/**
 * A course's shapes as the optimizer had them, or with its binding bounds lifted (`free`), or as
 * planning afresh would offer them (`afresh`): enumerated once per problem, whichever semester asks.
 */
function shapesOf(problem: OptProblem, c: OptCourse, variant: Variant): Pattern[] {
  let cache = shapeCache.get(problem);
  if (!cache) shapeCache.set(problem, (cache = new Map()));
  const key = `${variant}|${c.id}`;
  let out = cache.get(key);
  if (!out) {
    const course = variant === 'free' || variant === 'afresh-free' ? { ...c, fit: undefined } : c;
    const p = variant === 'afresh' || variant === 'afresh-free' ? { ...problem, mode: 'plan' as const } : problem;
    cache.set(key, (out = enumeratePatterns(p, course).patterns));
  }
  return out;
}

/** The first binding norm a shape breaks against the other courses as the answer places them. */
function bindingBreak(problem: OptProblem, c: OptCourse, p: Pattern, solved: Map<string, CourseSolution>): Reason | null {
  const b = problem.binding;
  if (!b) return null;
  const span = (id: string) => {
    const h = solved.get(id)?.hours ?? [];
    const used = h.map((x, i) => (x > 0 ? i + 1 : 0)).filter(Boolean);
    return used.length ? { start: used[0], end: used[used.length - 1] } : null;
  };
  const name = (id: string) => problem.courses.find((x) => x.id === id)?.name ?? id;
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const next = (t: number) => teaching.find((x) => x > t);
  for (const o of b.orders) {
    if (o.a === c.id) {
      const q = span(o.b);
      if (q && (p.end >= q.start || (o.next && next(p.end) !== q.start))) return { kind: 'norm', norm: o.name, partner: name(o.b) };
    } else if (o.b === c.id) {
      const q = span(o.a);
      if (q && (p.start <= q.end || (o.next && next(q.end) !== p.start))) return { kind: 'norm', norm: o.name, partner: name(o.a) };
    }
  }
  for (const pr of b.prepares) {
    const gap = pr.strict ? 1 : 0;
    if (pr.basic === c.id) {
      const q = span(pr.core);
      if (q && p.start > q.start - gap) return { kind: 'norm', norm: pr.name, partner: name(pr.core) };
    } else if (pr.core === c.id) {
      const q = span(pr.basic);
      if (q && p.start < q.start + gap) return { kind: 'norm', norm: pr.name, partner: name(pr.basic) };
    }
  }
  return null;
}

function phrase(reason: Reason, names: string[]): Message {
  const shown = names.slice(0, MAX_NAMES);
  const more = names.length - shown.length;
  const zh = shown.map((n) => `“${n}”`).join('') + (more > 0 ? `等 ${names.length} 门` : '');
  const en = shown.map((n) => `"${n}"`).join(', ') + (more > 0 ? ` and ${more} more` : '');
  const r2 = (x: number) => String(Math.round(x * 100) / 100);
  switch (reason.kind) {
    case 'room':
      return msg(
        `${zh}移去${names.length > 1 ? '至少' : ''}需 ${r2(reason.need)} 学时/周，第${reason.semester}学期只余 ${r2(reason.left)}`,
        `${en} would need ${names.length > 1 ? 'at least ' : ''}${r2(reason.need)} h/week where semester ${reason.semester} has ${r2(reason.left)} left`,
      );
    case 'norm':
      return reason.partner
        ? msg(`${zh}移去会违反“${reason.norm.zh}”（相对“${reason.partner}”）`, `${en} would break "${reason.norm.en}" (against "${reason.partner}")`)
        : msg(`${zh}移去会违反“${reason.norm.zh}”`, `${en} would break "${reason.norm.en}"`);
    case 'habit':
      return msg(`${zh}移去后开课学期或周学时不如原表合理`, `${en} would start or run less as a school would than the sheet has ${names.length > 1 ? 'them' : 'it'}`);
    case 'shape':
      return msg(`${zh}没有能排进有余量学期的开课方式（开课学期范围、周学时）`, `${en} ${names.length > 1 ? 'have' : 'has'} no shape that reaches a semester with room (its semesters, its weekly hours)`);
    case 'either':
      return msg(`${zh}表中只写在第${reason.semesters.join('、')}学期（二选一）`, `${en} ${names.length > 1 ? 'are' : 'is'} written for semester ${reason.semesters.join(' or ')} only`);
    case 'external':
      return reason.otherSheet
        ? msg(`${zh}在其他工作表上，只计入周学时、不移动`, `${en} ${names.length > 1 ? 'are' : 'is'} on another sheet: counted, not moved`)
        : msg(`${zh}按表中写法计入、不移动（文字单元格、整周或按学期的安排、选修组）`, `${en} ${names.length > 1 ? 'are' : 'is'} counted as written, not moved (text cells, whole-week or per-term entries, option groups)`);
    case 'kept':
      return reason.byMode
        ? msg(`${zh}已有安排，按“${MODE_NAMES.keep.zh}”方式不移动`, `${en} ${names.length > 1 ? 'are' : 'is'} placed already and this run keeps what is placed`)
        : msg(`${zh}保持原表安排`, `${en} ${names.length > 1 ? 'stay' : 'stays'} as the sheet has ${names.length > 1 ? 'them' : 'it'}`);
    case 'together':
      return msg(`${zh}单独移去可行，但会使其他课程违反规定或加重其他学期`, `${en} could move alone, but only by making another course break a rule or another semester heavier`);
  }
}
