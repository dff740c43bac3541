/**
 * problem → neutral model. Every relaxable rule has a penalised slack (the elastic model), so the
 * model always has a solution and the slacks say which rules had to give and by how much.
 */

import { addRow, addVar, emptyModel, type Model, type Row, type Term } from './model';
import { type CoursePatterns, enumeratePatterns, type Pattern } from './patterns';
import type { OptCourse, OptProblem } from './problem';

export interface BuiltModel {
  model: Model;
  courses: CoursePatterns[];
  /** Variable names, for reading a solution back. */
  patternVar: Map<Pattern, string>;
  unplacedVar: Map<string, string>;
  capSlack: Map<number, string>;
  minLoadSlack: Map<number, string>;
  countSlack: Map<number, { over: string; under: string }>;
  ratioSlack: Map<string, string>;
  /** Weekly hours above the asked caps, where a semester's cap is its own load before (the relaxation's second step). */
  aboveAsked: Term[];
  /** Weekly hours locked cells put in each semester. */
  fixedWeekly: number[];
  /** Objective terms of each stage. */
  violations: Term[];
  totalChange: Term[];
  /** Mode rebalance: what moving courses costs (fewest courses, then fewest hours). */
  moves: Term[];
  /** Distance from the placement norms: shapes, start windows, sequences, phases. */
  norms: Term[];
  /** Auxiliary variables of the norm rows, in the order their least values can be computed. */
  aux: { v: string; rows: Row[] }[];
  maxLoad: string;
  minLoad: string;
  tieBreak: Term[];
}

export function buildModel(problem: OptProblem): BuiltModel {
  const m = emptyModel();
  const n = problem.semesters.length;
  const teaching = problem.semesters.filter((s) => s.teaching);
  const minWeeks = Math.min(...teaching.map((s) => s.weeks), 18);
  const courses = problem.courses.filter((c) => !c.locked || c.hours > 0).map((c) => enumeratePatterns(problem, c));
  const patternVar = new Map<Pattern, string>();
  const unplacedVar = new Map<string, string>();
  const violations: Term[] = [];
  const totalChange: Term[] = [];
  const moves: Term[] = [];
  const norms: Term[] = [];

  const fixedWeekly = problem.semesters.map((s, i) => problem.courses.filter((c) => !c.isInternship).reduce((a, c) => a + c.fixed[i], 0) / s.weeks);
  const fixedCount = problem.semesters.map((_, i) => problem.courses.filter((c) => !c.isInternship && c.fixed[i] > 0).length);

  const loadTerms: Term[][] = problem.semesters.map(() => []);
  const countTerms: Term[][] = problem.semesters.map(() => []);
  courses.forEach((cp, ci) => {
    const c = cp.course;
    const one: Term[] = [];
    cp.patterns.forEach((p, pi) => {
      const v = addVar(m, `x_${ci}_${pi}`, 'binary');
      patternVar.set(p, v);
      one.push({ v, c: 1 });
      for (let s = 0; s < n; s++) {
        if (p.weekly[s] > 0) loadTerms[s].push({ v, c: p.weekly[s] });
        if (p.hours[s] > 0) countTerms[s].push({ v, c: 1 });
      }
      if (p.moveCost) moves.push({ v, c: p.moveCost });
      if (p.normCost) norms.push({ v, c: p.normCost });
      const change = Math.abs(p.total - c.hours);
      if (change > 0) (cp.approximate ? violations : totalChange).push({ v, c: cp.approximate ? change / minWeeks : change });
    });
    const u = addVar(m, `u_${ci}`, 'binary');
    unplacedVar.set(c.id, u);
    one.push({ v: u, c: 1 });
    // Leaving a course out must never pay off against overloading: it costs more than its hours.
    violations.push({ v: u, c: c.hours / minWeeks + 1 });
    addRow(m, { name: `one_${c.id}`, terms: one, op: '=', rhs: 1, rule: 'completeness', cells: c.totalCell ? [c.totalCell] : [c.nameCell] });
    // A course the sheet places in full is never left out: at worst it stays as the sheet has it (a
    // course left out would stay there anyway, unseen by the loads and the norms).
    if (cp.patterns.some((p) => p.sheet)) addRow(m, { name: `kept_${c.id}`, terms: [{ v: u, c: 1 }], op: '=', rhs: 0, rule: 'completeness', cells: [] });
  });

  const capSlack = new Map<number, string>();
  const aboveAsked: Term[] = [];
  const minLoadSlack = new Map<number, string>();
  const countSlack = new Map<number, { over: string; under: string }>();
  const maxLoad = addVar(m, 'L', 'continuous');
  const minLoad = addVar(m, 'm', 'continuous');
  for (const s of problem.semesters) {
    const i = s.index - 1;
    if (!s.teaching) continue;
    const cells = problem.courses.map((c) => c.semesterCells[i]).filter((x): x is string => !!x);
    const slack = addVar(m, `cap_${s.index}`, 'continuous');
    capSlack.set(s.index, slack);
    violations.push({ v: slack, c: 1 });
    addRow(m, { name: `cap_${s.index}`, terms: [...loadTerms[i], { v: slack, c: -1 }], op: '<=', rhs: s.cap - fixedWeekly[i], rule: 'weekly-cap', cells });
    // The least worst load when the caps cannot all hold: no semester above it, whatever else gives.
    if (s.ceiling !== undefined) addRow(m, { name: `ceiling_${s.index}`, terms: [...loadTerms[i]], op: '<=', rhs: s.ceiling - fixedWeekly[i] + 1e-7, rule: 'ceiling', cells });
    // Where the cap is a semester's own load before (above the asked one): the hours above the asked
    // cap still count, below every other violation (see aboveAsked). Counted in hours, as a school cuts
    // them: hours shifted between two semesters over their caps gain nothing (in weekly hours a shift
    // into a longer semester would look like a gain and move courses for it).
    if (s.ceiling !== undefined && s.asked !== undefined && s.asked < s.cap - 1e-9) {
      const above = addVar(m, `asked_${s.index}`, 'continuous');
      aboveAsked.push({ v: above, c: s.weeks });
      addRow(m, { name: `asked_${s.index}`, terms: [...loadTerms[i], { v: above, c: -1 }], op: '<=', rhs: s.asked - fixedWeekly[i], rule: 'weekly-cap-asked', cells, semester: s.index });
    }
    addRow(m, { name: `max_${s.index}`, terms: [...loadTerms[i], { v: maxLoad, c: -1 }], op: '<=', rhs: -fixedWeekly[i], rule: 'balance-max', cells: [], semester: s.index });
    addRow(m, { name: `min_${s.index}`, terms: [...loadTerms[i], { v: minLoad, c: -1 }], op: '>=', rhs: -fixedWeekly[i], rule: 'balance-min', cells: [], semester: s.index });
    if (s.minLoad !== undefined) {
      const under = addVar(m, `minload_${s.index}`, 'continuous');
      minLoadSlack.set(s.index, under);
      violations.push({ v: under, c: 1 });
      addRow(m, { name: `minload_${s.index}`, terms: [...loadTerms[i], { v: under, c: 1 }], op: '>=', rhs: s.minLoad - fixedWeekly[i], rule: 'min-load', cells });
    }
    if (s.maxCourses !== undefined || s.minCourses !== undefined) {
      const over = addVar(m, `over_${s.index}`, 'continuous');
      const under = addVar(m, `under_${s.index}`, 'continuous');
      countSlack.set(s.index, { over, under });
      violations.push({ v: over, c: 1 }, { v: under, c: 1 });
      if (s.maxCourses !== undefined) addRow(m, { name: `maxc_${s.index}`, terms: [...countTerms[i], { v: over, c: -1 }], op: '<=', rhs: s.maxCourses - fixedCount[i], rule: 'course-count', cells });
      if (s.minCourses !== undefined) addRow(m, { name: `minc_${s.index}`, terms: [...countTerms[i], { v: under, c: 1 }], op: '>=', rhs: s.minCourses - fixedCount[i], rule: 'course-count', cells });
    }
  }

  // Prerequisites, aggregated per semester: "before" still running at t and "after" already started.
  const byId = new Map(courses.map((cp) => [cp.course.id, cp]));
  for (const [a, b] of problem.prerequisites) {
    const pa = byId.get(a);
    const pb = byId.get(b);
    if (!pa || !pb) continue;
    for (let t = 1; t <= n; t++) {
      const terms: Term[] = [];
      for (const p of pa.patterns) if (p.end >= t) terms.push({ v: patternVar.get(p)!, c: 1 });
      for (const p of pb.patterns) if (p.start <= t) terms.push({ v: patternVar.get(p)!, c: 1 });
      if (terms.length > 1) addRow(m, { name: `pre_${a}_${b}_${t}`, terms, op: '<=', rhs: 1, rule: 'prerequisite', cells: [pa.course.nameCell, pb.course.nameCell] });
    }
  }

  const ratioSlack = new Map<string, string>();
  for (const r of problem.ratios) {
    const fixedAll = problem.courses.reduce((a, c) => a + c.fixed.reduce((x, y) => x + y, 0), 0);
    const fixedIn = problem.courses.filter((c) => r.categories.includes(c.category)).reduce((a, c) => a + c.fixed.reduce((x, y) => x + y, 0), 0);
    const terms: Term[] = [];
    for (const cp of courses) {
      const inCat = r.categories.includes(cp.course.category);
      for (const p of cp.patterns) {
        const coef = (inCat ? 1 : 0) * p.total - r.min * p.total;
        if (coef !== 0) terms.push({ v: patternVar.get(p)!, c: coef });
      }
    }
    const slack = addVar(m, `ratio_${r.id}`, 'continuous');
    ratioSlack.set(r.id, slack);
    violations.push({ v: slack, c: 1 / minWeeks });
    addRow(m, { name: `ratio_${r.id}`, terms: [...terms, { v: slack, c: 1 }], op: '>=', rhs: r.min * fixedAll - fixedIn, rule: r.id, cells: [] });
  }

  const aux: BuiltModel['aux'] = [];
  addBindingRows(m, problem, byId, patternVar, unplacedVar);
  addSequenceRows(m, problem, byId, patternVar, norms, aux);
  addPhaseRows(m, problem, byId, patternVar, norms, aux);

  // Tie-breaks after balance, in order: spread, movement from the sheet, then a start where the
  // course's place in its category's list suggests (not "fewest semesters": that piles a course
  // into one semester).
  let earlyMax = 0;
  let moveMax = 0;
  for (const cp of courses) {
    earlyMax += Math.max(0, ...cp.patterns.map((p) => early(cp.course, p)));
    moveMax += Math.max(0, ...cp.patterns.map((p) => p.moved));
  }
  const kMove = earlyMax + 1;
  const kSpread = (moveMax + 1) * kMove;
  const tieBreak: Term[] = [
    { v: maxLoad, c: kSpread },
    { v: minLoad, c: -kSpread },
  ];
  // (The start a course's list place suggests is weighed in the placement stage already; here it only
  // breaks ties among equally few moved semesters, so a plan with nothing placed skips this stage.)
  if (moveMax > 0) for (const cp of courses) for (const p of cp.patterns) if (p.moved || early(cp.course, p)) tieBreak.push({ v: patternVar.get(p)!, c: p.moved * kMove + early(cp.course, p) });

  // Hours above the asked caps come last among the violations: every other one weighs more than all of them.
  if (aboveAsked.length) {
    const most = 1 + problem.semesters.reduce((a, s) => a + (s.ceiling !== undefined && s.asked !== undefined ? Math.max(0, s.ceiling - s.asked) * s.weeks : 0), 0);
    violations.splice(0, violations.length, ...violations.map((t) => ({ v: t.v, c: t.c * most })), ...aboveAsked);
  }
  return { model: m, courses, patternVar, unplacedVar, capSlack, minLoadSlack, countSlack, ratioSlack, fixedWeekly, violations, aboveAsked, totalChange, moves, norms, aux, maxLoad, minLoad, tieBreak };
}

/** The least values of the auxiliary variables for given pattern choices (for greedy incumbents). */
export function fillAux(built: BuiltModel, values: Record<string, number>): void {
  for (const { v, rows } of built.aux) {
    let least = 0;
    for (const r of rows) least = Math.max(least, r.terms.reduce((a, t) => a + (t.v === v ? 0 : t.c * (values[t.v] ?? 0)), 0) - r.rhs);
    values[v] = least;
  }
}

/**
 * Binding norms between courses that both move (problem.binding): hard rows, no slack — the sheet's
 * own placement meets them (they are decided on it; a part written "X or Y" by one of its two), so the
 * model always has that answer.
 * Order: `a` still running at t and `b` started by t never both. One a semester: `a` ends at t only if
 * `b` starts in the next teaching semester. Basic before core: z_t^σ = "a core course the sheet starts
 * in semester σ or later has started by t" (chained over σ), and a basic course the sheet starts in σ
 * must have started by then.
 */
function addBindingRows(m: Model, problem: OptProblem, byId: Map<string, CoursePatterns>, patternVar: Map<Pattern, string>, unplacedVar: Map<string, string>): void {
  const binding = problem.binding;
  if (!binding) return;
  const n = problem.semesters.length;
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const next = (t: number) => teaching.find((x) => x > t);
  const x = (p: Pattern) => ({ v: patternVar.get(p)!, c: 1 });
  binding.orders.forEach((o, k) => {
    const a = byId.get(o.a);
    const b = byId.get(o.b);
    if (!a || !b) return;
    const cells = [a.course.nameCell, b.course.nameCell];
    for (let t = 1; t <= n; t++) {
      const terms = [...a.patterns.filter((p) => p.end >= t).map(x), ...b.patterns.filter((p) => p.start <= t).map(x)];
      if (terms.length > 1) addRow(m, { name: `bind_order_${k}_${t}`, terms, op: '<=', rhs: 1, rule: 'binding-order', cells });
    }
    if (!o.next) return;
    // (Every semester, not only teaching ones: the sheet's own shape may end in one the school teaches in anyway.)
    for (let t = 1; t <= n; t++) {
      const ends = a.patterns.filter((p) => p.end === t);
      if (!ends.length) continue;
      const nx = next(t);
      const starts = nx === undefined ? [] : b.patterns.filter((p) => p.start === nx);
      // A course left out stays as the sheet has it and holds no rhythm: its predecessor still goes in.
      // (A part written "X or Y" whose semester right after its predecessor other norms close stays
      // undecided rather than break the rhythm the school gave it.)
      const out = unplacedVar.get(b.course.id);
      addRow(m, { name: `bind_next_${k}_${t}`, terms: [...ends.map(x), ...starts.map((p) => ({ v: patternVar.get(p)!, c: -1 })), ...(out ? [{ v: out, c: -1 }] : [])], op: '<=', rhs: 0, rule: 'binding-order', cells });
    }
  });
  if (!binding.prepares.length) return;
  // The sheet's start of each course, to group the pairs by it.
  const cores = new Map<string, CoursePatterns>();
  const basics = new Map<string, CoursePatterns>();
  const from = new Map<string, number>();
  for (const pr of binding.prepares) {
    const b = byId.get(pr.basic);
    const k = byId.get(pr.core);
    if (!b || !k) continue;
    basics.set(pr.basic, b);
    cores.set(pr.core, k);
    from.set(pr.basic, pr.basicFrom);
    from.set(pr.core, pr.coreFrom);
  }
  const sheetStart = (cp: CoursePatterns) => from.get(cp.course.id);
  // A basic course with a strict pair: the sheet starts some core course it prepares a semester or more later.
  const strictBasics = new Set(binding.prepares.filter((pr) => pr.strict).map((pr) => pr.basic));
  const sigmas = [...new Set([...cores.values()].map((k) => sheetStart(k)!))].sort((p, q) => q - p);
  // Up to the last semester: a strict pair's core starting there still needs its basic before it.
  for (let t = 1; t <= n; t++) {
    const z = new Map<number, string>();
    sigmas.forEach((sigma, i) => {
      const v = addVar(m, `bind_z_${sigma}_${t}`, 'continuous');
      z.set(sigma, v);
      addRow(m, { name: `bind_zcap_${sigma}_${t}`, terms: [{ v, c: 1 }], op: '<=', rhs: 1, rule: 'binding-prepares', cells: [] });
      // Cores starting later in the sheet are also later than any basic course before this σ.
      if (i > 0) addRow(m, { name: `bind_zchain_${sigma}_${t}`, terms: [{ v, c: 1 }, { v: z.get(sigmas[i - 1])!, c: -1 }], op: '>=', rhs: 0, rule: 'binding-prepares', cells: [] });
      for (const k of cores.values()) {
        if (sheetStart(k) !== sigma) continue;
        const started = k.patterns.filter((p) => p.start <= t).map(x);
        if (started.length) addRow(m, { name: `bind_core_${k.course.id}_${t}`, terms: [...started, { v, c: -1 }], op: '<=', rhs: 0, rule: 'binding-prepares', cells: [k.course.nameCell] });
      }
    });
    for (const b of basics.values()) {
      const sigma = sigmas.filter((x) => x >= sheetStart(b)!).pop();
      if (sigma === undefined) continue;
      const late = b.patterns.filter((p) => p.start > t).map(x);
      if (late.length) addRow(m, { name: `bind_basic_${b.course.id}_${t}`, terms: [...late, { v: z.get(sigma)!, c: 1 }], op: '<=', rhs: 1, rule: 'binding-prepares', cells: [b.course.nameCell] });
      // Core courses the sheet starts after this basic one (strict pairs): once one has started by t, it started before t.
      const later = sigmas.filter((x) => x > sheetStart(b)! && strictBasics.has(b.course.id)).pop();
      if (later === undefined) continue;
      const notBefore = b.patterns.filter((p) => p.start >= t).map(x);
      if (notBefore.length) addRow(m, { name: `bind_basic_strict_${b.course.id}_${t}`, terms: [...notBefore, { v: z.get(later)!, c: 1 }], op: '<=', rhs: 1, rule: 'binding-prepares', cells: [b.course.nameCell] });
    }
  }
}

/** How far a shape starts from where the course's place in its list suggests (see targetStart). */
const early = (c: OptCourse, p: Pattern) => (c.targetStart !== undefined ? Math.abs(p.start - c.targetStart) : 0);

/** Per pair of a sequence: an order breach, and a gap between one part's end and the next's start. */
export const SEQUENCE_WEIGHTS = { order: 20, gap: 5, phase: 10 };

/**
 * Sequences (numbered parts, named sequences): `a` ends before `b` starts (else a penalised slack),
 * and `b` starts in the teaching semester right after `a` ends (else a smaller one).
 */
function addSequenceRows(m: Model, problem: OptProblem, byId: Map<string, CoursePatterns>, patternVar: Map<Pattern, string>, norms: Term[], aux: BuiltModel['aux']): void {
  const n = problem.semesters.length;
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const next = (t: number) => teaching.find((x) => x > t);
  problem.sequences.forEach((seq, si) => {
    for (let k = 0; k + 1 < seq.ids.length; k++) {
      const a = byId.get(seq.ids[k]);
      const b = byId.get(seq.ids[k + 1]);
      if (!a || !b) continue;
      const cells = [a.course.nameCell, b.course.nameCell];
      for (let t = 1; t <= n; t++) {
        const terms: Term[] = [];
        for (const p of a.patterns) if (p.end >= t) terms.push({ v: patternVar.get(p)!, c: 1 });
        for (const p of b.patterns) if (p.start <= t) terms.push({ v: patternVar.get(p)!, c: 1 });
        if (terms.length < 2) continue;
        const slack = addVar(m, `seq_${si}_${k}_${t}`, 'continuous');
        norms.push({ v: slack, c: SEQUENCE_WEIGHTS.order });
        const row: Row = { name: `seq_${si}_${k}_${t}`, terms: [...terms, { v: slack, c: -1 }], op: '<=', rhs: 1, rule: 'sequence', cells };
        addRow(m, row);
        aux.push({ v: slack, rows: [row] });
      }
      for (const t of teaching) {
        const ends = a.patterns.filter((p) => p.end === t);
        if (!ends.length) continue;
        const nx = next(t);
        const starts = nx === undefined ? [] : b.patterns.filter((p) => p.start === nx);
        const gap = addVar(m, `gap_${si}_${k}_${t}`, 'continuous');
        norms.push({ v: gap, c: SEQUENCE_WEIGHTS.gap });
        const row: Row = { name: `gap_${si}_${k}_${t}`, terms: [...ends.map((p) => ({ v: patternVar.get(p)!, c: 1 })), ...starts.map((p) => ({ v: patternVar.get(p)!, c: -1 })), { v: gap, c: -1 }], op: '<=', rhs: 0, rule: 'sequence', cells };
        addRow(m, row);
        aux.push({ v: gap, rows: [row] });
      }
    }
  });
}

/**
 * "Core after basic": z_t = 1 once any core course has started by semester t; then every
 * professional-basic course must have started by t, or a penalised slack says it has not.
 */
function addPhaseRows(m: Model, problem: OptProblem, byId: Map<string, CoursePatterns>, patternVar: Map<Pattern, string>, norms: Term[], aux: BuiltModel['aux']): void {
  const n = problem.semesters.length;
  problem.phases.forEach((phase, pi) => {
    const basic = phase.basic.map((id) => byId.get(id)).filter((x): x is CoursePatterns => !!x);
    const core = phase.core.map((id) => byId.get(id)).filter((x): x is CoursePatterns => !!x);
    if (!basic.length || !core.length) return;
    // A plan in one stage keeps the names it always had.
    const tag = pi === 0 ? '' : `${pi}_`;
    for (let t = 1; t < n; t++) {
      const z = addVar(m, `phase_${tag}${t}`, 'continuous');
      addRow(m, { name: `phase_cap_${tag}${t}`, terms: [{ v: z, c: 1 }], op: '<=', rhs: 1, rule: 'phase', cells: [] });
      const zRows: Row[] = [];
      for (const k of core) {
        const terms = k.patterns.filter((p) => p.start <= t).map((p) => ({ v: patternVar.get(p)!, c: 1 }));
        if (!terms.length) continue;
        const row: Row = { name: `phase_core_${k.course.id}_${t}`, terms: [...terms, { v: z, c: -1 }], op: '<=', rhs: 0, rule: 'phase', cells: [k.course.nameCell] };
        addRow(m, row);
        zRows.push(row);
      }
      aux.push({ v: z, rows: zRows });
      for (const b of basic) {
        const terms = b.patterns.filter((p) => p.start > t).map((p) => ({ v: patternVar.get(p)!, c: 1 }));
        if (!terms.length) continue;
        const slack = addVar(m, `phase_${b.course.id}_${t}`, 'continuous');
        norms.push({ v: slack, c: SEQUENCE_WEIGHTS.phase });
        const row: Row = { name: `phase_basic_${b.course.id}_${t}`, terms: [...terms, { v: z, c: 1 }, { v: slack, c: -1 }], op: '<=', rhs: 1, rule: 'phase', cells: [b.course.nameCell] };
        addRow(m, row);
        aux.push({ v: slack, rows: [row] });
      }
    }
  });
}
