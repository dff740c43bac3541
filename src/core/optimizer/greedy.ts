/**
 * Greedy incumbents with matching lower bounds. When a greedy placement reaches a stage's lower
 * bound, that stage is proven optimal without branching — typical for real plans, where the hard
 * part for an engine is proving what a good placement already shows. Where the bound is not
 * reached the stage goes to the engine as before; nothing here is trusted without the bound.
 */

import { type BuiltModel, fillAux, SEQUENCE_WEIGHTS } from './build';
import type { SolveOutcome } from './model';
import type { Pattern } from './patterns';
import type { OptProblem } from './problem';

/** Greedy applies only to the plain model: no prerequisites, ratios, count or minimum-load rows. */
/**
 * A model the greedies understand. `totalsHeld`: each course keeps the total it has in an answer in
 * hand, so what depends on totals only (their change, the category shares) stays as it is there.
 */
function plain(problem: OptProblem, built: BuiltModel, totalsHeld = false): boolean {
  return (
    problem.prerequisites.length === 0 &&
    (totalsHeld || problem.ratios.length === 0) &&
    built.minLoadSlack.size === 0 &&
    built.countSlack.size === 0 &&
    (totalsHeld || built.totalChange.length === 0) &&
    built.courses.every((cp) => cp.patterns.length > 0 && !cp.approximate)
  );
}

/**
 * The binding norms between moving courses (problem.binding) as a test on one course's shape against
 * the shapes already chosen: an order's two courses not overlapping or backwards (and, one a
 * semester, the next right after), a basic course not starting after a core course it prepares.
 */
export function bindingGuard(problem: OptProblem): (id: string, p: Pattern, chosen: Map<string, Pattern>) => boolean {
  const b = problem.binding;
  if (!b || (b.orders.length === 0 && b.prepares.length === 0)) return () => true;
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const next = (t: number) => teaching.find((x) => x > t);
  const rules = new Map<string, ((p: Pattern, chosen: Map<string, Pattern>) => boolean)[]>();
  const add = (id: string, f: (p: Pattern, chosen: Map<string, Pattern>) => boolean) => rules.set(id, [...(rules.get(id) ?? []), f]);
  // A chain's courses one after another: as many teaching semesters left after a course as courses follow it, and before it as precede it.
  const after = new Map(b.orders.map((o) => [o.a, o.b]));
  const before = new Map(b.orders.map((o) => [o.b, o.a]));
  const count = (m: Map<string, string>, id: string) => {
    const seen = new Set<string>();
    for (let x = m.get(id); x !== undefined && !seen.has(x); x = m.get(x)) seen.add(x);
    return seen.size;
  };
  for (const id of new Set([...after.keys(), ...before.keys()])) {
    const [following, preceding] = [count(after, id), count(before, id)];
    add(id, (p) => teaching.filter((t) => t > p.end).length >= following && teaching.filter((t) => t < p.start).length >= preceding);
  }
  for (const o of b.orders) {
    add(o.b, (p, chosen) => {
      const a = chosen.get(o.a);
      return !a || (p.start > a.end && (!o.next || p.start === next(a.end)));
    });
    add(o.a, (p, chosen) => {
      const q = chosen.get(o.b);
      return !q || (q.start > p.end && (!o.next || q.start === next(p.end)));
    });
  }
  for (const pr of b.prepares) {
    const gap = pr.strict ? 1 : 0;
    add(pr.core, (p, chosen) => {
      const q = chosen.get(pr.basic);
      return !q || q.start + gap <= p.start;
    });
    add(pr.basic, (p, chosen) => {
      const q = chosen.get(pr.core);
      return !q || p.start + gap <= q.start;
    });
  }
  return (id, p, chosen) => (rules.get(id) ?? []).every((f) => f(p, chosen));
}

/** Courses in an order that places every binding order's first course before its second (chains kept together, in order). */
function chainOrder(problem: OptProblem, ids: string[]): string[] {
  const orders = problem.binding?.orders ?? [];
  if (!orders.length) return ids;
  const prev = new Map(orders.map((o) => [o.b, o.a]));
  const nextOf = new Map(orders.map((o) => [o.a, o.b]));
  const known = new Set(ids);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    let head = id;
    const guard = new Set<string>();
    while (prev.has(head) && !guard.has(head)) {
      guard.add(head);
      head = prev.get(head)!;
    }
    for (let x: string | undefined = head; x !== undefined && !seen.has(x); x = nextOf.get(x)) {
      seen.add(x);
      if (known.has(x)) out.push(x);
    }
  }
  return out;
}

function unitsOf(p: Pattern): number {
  return p.weekly.reduce((a, b) => a + b, 0);
}

/** Values of the full model for a choice of one pattern per course. */
export function valuesFor(built: BuiltModel, problem: OptProblem, chosen: Pattern[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const v of built.model.vars.keys()) values[v] = 0;
  for (const p of chosen) values[built.patternVar.get(p)!] = 1;
  setLoads(built, problem, values, chosen);
  fillAux(built, values);
  return values;
}

/** The cap slacks and the heaviest and lightest loads as these shapes and the problem's caps make them. */
function setLoads(built: BuiltModel, problem: OptProblem, values: Record<string, number>, chosen: Pattern[]): void {
  const loads = loadsOf(built, chosen);
  const teaching = problem.semesters.filter((s) => s.teaching);
  for (const s of teaching) {
    const slack = built.capSlack.get(s.index);
    if (slack) values[slack] = Math.max(0, loads[s.index - 1] - s.cap);
  }
  if (!teaching.length) return;
  values[built.maxLoad] = Math.max(...teaching.map((s) => loads[s.index - 1]));
  values[built.minLoad] = Math.min(...teaching.map((s) => loads[s.index - 1]));
}

/** Each course's shape in an answer (courses the answer leaves out have none). */
function chosenPatterns(built: BuiltModel, values: Record<string, number>): Map<string, Pattern> {
  const out = new Map<string, Pattern>();
  for (const cp of built.courses) {
    const p = cp.patterns.find((x) => (values[built.patternVar.get(x)!] ?? 0) > 0.5);
    if (p) out.set(cp.course.id, p);
  }
  return out;
}

function loadsOf(built: BuiltModel, chosen: Pattern[]): number[] {
  const loads = [...built.fixedWeekly];
  for (const p of chosen) p.weekly.forEach((w, i) => (loads[i] += w));
  return loads;
}

/**
 * Stage 1: place the largest courses first, each where it adds the least overload, then where it
 * keeps the loads most even. Lower bound: the overload no placement avoids — the locked cells'
 * own, or all weekly hours minus all caps (every semester the same length, so hours are units).
 */
export function greedyViolations(problem: OptProblem, built: BuiltModel): SolveOutcome | null {
  // The most school-like shape first where it adds no overload (a better start for the placement
  // stage); where that packs worse than the bound, the most even loads.
  // Several weights of the norms against evenness: the exact packings differ, keep the most school-like.
  let best: SolveOutcome | null = null;
  let bestCost = Infinity;
  for (const lambda of [Infinity, 4, 1, 0.25, 0]) {
    const out = firstFit(problem, built, lambda);
    if (!out) continue;
    const c = built.norms.reduce((a, t) => a + t.c * (out.values[t.v] ?? 0), 0);
    if (c < bestCost) [best, bestCost] = [out, c];
  }
  return best;
}

function firstFit(problem: OptProblem, built: BuiltModel, lambda: number): SolveOutcome | null {
  if (!plain(problem, built)) return null;
  const teaching = problem.semesters.filter((s) => s.teaching);
  if (teaching.length === 0 || new Set(teaching.map((s) => s.weeks)).size > 1) return null;
  const loads = [...built.fixedWeekly];
  const byId = new Map(built.courses.map((cp) => [cp.course.id, cp]));
  // Courses in a binding order first (they have the least freedom), each chain in its order; then the largest first.
  const inChain = new Set((problem.binding?.orders ?? []).flatMap((o) => [o.a, o.b]));
  const bySize = [...built.courses].sort((a, b) => Number(inChain.has(b.course.id)) - Number(inChain.has(a.course.id)) || unitsOf(b.patterns[0]) - unitsOf(a.patterns[0]));
  const order = chainOrder(problem, bySize.map((cp) => cp.course.id)).map((id) => byId.get(id)!);
  const guard = bindingGuard(problem);
  const placed = new Map<string, Pattern>();
  const chosen: Pattern[] = [];
  for (const cp of order) {
    let best: Pattern | null = null;
    let bestKey: number[] = [];
    for (const p of cp.patterns) {
      if (teaching.some((s) => s.ceiling !== undefined && loads[s.index - 1] + p.weekly[s.index - 1] > s.ceiling + 1e-7)) continue;
      if (!guard(cp.course.id, p, placed)) continue;
      let over = 0;
      let squares = 0;
      for (const s of teaching) {
        const l = loads[s.index - 1] + p.weekly[s.index - 1];
        over += Math.max(0, l - s.cap) - Math.max(0, loads[s.index - 1] - s.cap);
        squares += l * l;
      }
      // Least new overload, then the most even loads (sum of squares), then fewer semesters.
      const key = lambda === Infinity ? [over, p.normCost, squares, p.span] : [over, squares + lambda * p.normCost, p.span];
      if (!best || lexLess(key, bestKey)) {
        best = p;
        bestKey = key;
      }
    }
    if (!best) return null;
    chosen.push(best);
    placed.set(cp.course.id, best);
    best.weekly.forEach((w, i) => (loads[i] += w));
  }
  const overOf = () => teaching.reduce((a, s) => a + Math.max(0, loads[s.index - 1] - s.cap), 0);
  const fixedOver = teaching.reduce((a, s) => a + Math.max(0, built.fixedWeekly[s.index - 1] - s.cap), 0);
  // The hours a week every placement puts in teaching semesters at least (a course's shapes may differ:
  // the sheet's own may sit partly in an internship semester): what exceeds the caps' sum is over them.
  const least = teaching.reduce((a, s) => a + built.fixedWeekly[s.index - 1], 0) + built.courses.reduce((a, cp) => a + Math.min(...cp.patterns.map((p) => teaching.reduce((u, s) => u + p.weekly[s.index - 1], 0))), 0);
  const bound = Math.max(fixedOver, least - teaching.reduce((a, s) => a + s.cap, 0));
  // First fit rarely packs exactly: move one course, or two trading semesters, while the overload falls.
  if (overOf() > bound + 1e-9) repack(teaching, order, placed, loads, guard, () => overOf() <= bound + 1e-9);
  const overload = overOf();
  if (overload > bound + 1e-9) return null;
  chosen.splice(0, chosen.length, ...order.map((cp) => placed.get(cp.course.id)!));
  return { status: 'optimal', values: valuesFor(built, problem, chosen), objective: overload, gap: 0 };
}

/**
 * Local search on a first-fit placement: a course to another shape, or two courses to other shapes at
 * once, whenever the hours over the caps fall (binding norms and ceilings kept). Stops when `done`.
 */
function repack(teaching: OptProblem['semesters'], order: BuiltModel['courses'], placed: Map<string, Pattern>, loads: number[], guard: ReturnType<typeof bindingGuard>, done: () => boolean): void {
  const over = () => teaching.reduce((a, s) => a + Math.max(0, loads[s.index - 1] - s.cap), 0);
  const ceilingOk = () => teaching.every((s) => s.ceiling === undefined || loads[s.index - 1] <= s.ceiling + 1e-7);
  const apply = (id: string, p: Pattern) => {
    placed.get(id)!.weekly.forEach((w, i) => (loads[i] -= w));
    p.weekly.forEach((w, i) => (loads[i] += w));
    placed.set(id, p);
  };
  let cost = over();
  for (let pass = 0; pass < 10 && !done(); pass++) {
    let improved = false;
    for (const cp of order) {
      const id = cp.course.id;
      const old = placed.get(id)!;
      for (const p of cp.patterns) {
        if (p === old || !guard(id, p, placed)) continue;
        apply(id, p);
        const c = over();
        if (c < cost - 1e-9 && ceilingOk()) {
          cost = c;
          improved = true;
          break;
        }
        apply(id, old);
      }
      if (done()) return;
    }
    for (let i = 0; i < order.length && !improved; i++)
      for (let j = i + 1; j < order.length && !improved; j++) {
        const [a, b] = [order[i], order[j]];
        const [pa, pb] = [placed.get(a.course.id)!, placed.get(b.course.id)!];
        for (const p of a.patterns) {
          if (p === pa || improved) continue;
          apply(a.course.id, p);
          if (!guard(a.course.id, p, placed)) {
            apply(a.course.id, pa);
            continue;
          }
          for (const q of b.patterns) {
            if (q === pb) continue;
            apply(b.course.id, q);
            const c = over();
            if (c < cost - 1e-9 && ceilingOk() && guard(b.course.id, q, placed) && guard(a.course.id, p, placed)) {
              cost = c;
              improved = true;
              break;
            }
            apply(b.course.id, pb);
          }
          if (!improved) apply(a.course.id, pa);
        }
      }
    if (!improved) break;
  }
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/**
 * Last stage (movement, semesters per course) with every load held in [lo, hi]: each course's
 * cheapest pattern is a lower bound on its cost; if a first-fit placement of cheapest patterns keeps
 * every load in range, the bound is reached and the stage is proven.
 */
export function greedyTieBreak(problem: OptProblem, built: BuiltModel, lo: number, hi: number, cost: (p: Pattern) => number): SolveOutcome | null {
  if (!plain(problem, built)) return null;
  const teaching = problem.semesters.filter((s) => s.teaching);
  const cheapest = built.courses.map((cp) => {
    const min = Math.min(...cp.patterns.map(cost));
    return cp.patterns.filter((p) => cost(p) === min);
  });
  // Best-fit decreasing, then a few shuffled orders: exact packings are common in real plans.
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const base = cheapest.map((_, i) => i).sort((a, b) => unitsOf(cheapest[b][0]) - unitsOf(cheapest[a][0]));
  for (let attempt = 0; attempt < 60; attempt++) {
    const order = attempt === 0 ? base : base.map((i) => [i, unitsOf(cheapest[i][0]) * (0.7 + 0.6 * rnd())] as const).sort((a, b) => b[1] - a[1]).map(([i]) => i);
    const loads = [...built.fixedWeekly];
    const chosen: Pattern[] = [];
    for (const i of order) {
      let pick: Pattern | null = null;
      let pickRoom = Infinity;
      for (const p of cheapest[i]) {
        let ok = true;
        let room = Infinity;
        for (const s of teaching) {
          const l = loads[s.index - 1] + p.weekly[s.index - 1];
          if (l > hi + 1e-9) ok = false;
          if (p.weekly[s.index - 1] > 0) room = Math.min(room, hi - l);
        }
        if (ok && room < pickRoom) {
          pick = p;
          pickRoom = room;
        }
      }
      if (!pick) break;
      chosen.push(pick);
      pick.weekly.forEach((w, k) => (loads[k] += w));
    }
    if (chosen.length !== order.length || teaching.some((s) => loads[s.index - 1] < lo - 1e-9)) continue;
    return { status: 'optimal', values: valuesFor(built, problem, chosen), objective: chosen.reduce((a, p) => a + cost(p), 0), gap: 0 };
  }
  return null;
}

/** What the school-like greedies read off the problem: teaching semesters, sequences, phases. */
function schoolShape(problem: OptProblem) {
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const seqOf = new Map<string, { ids: string[]; k: number }>();
  for (const s of problem.sequences) s.ids.forEach((id, k) => seqOf.set(id, { ids: s.ids, k }));
  // Per stage of the plan its own phase: the id's phase index, for basic and for core courses.
  const basic = new Map<string, number>();
  const core = new Map<string, number>();
  problem.phases.forEach((ph, i) => {
    for (const id of ph.basic) basic.set(id, i);
    for (const id of ph.core) core.set(id, i);
  });
  return { teaching, next: (t: number) => teaching.find((x) => x > t), seqOf, basic, core };
}

/**
 * The order to place courses in: sequences first (they have the least freedom), then professional
 * basic, the rest, core; larger first within (sizes jittered by `rnd` when given). A sequence is
 * placed in its own order, from its first member.
 */
function placingOrder({ seqOf, basic, core }: ReturnType<typeof schoolShape>, ids: string[], units: (id: string) => number, rnd: (() => number) | null): string[] {
  const rank = (id: string) => (seqOf.has(id) ? 0 : basic.has(id) ? 1 : core.has(id) ? 3 : 2);
  const jitter = new Map(ids.map((id) => [id, rnd ? 0.6 + 0.8 * rnd() : 1]));
  const order = [...ids].sort((a, b) => rank(a) - rank(b) || units(b) * jitter.get(b)! - units(a) * jitter.get(a)!);
  const known = new Set(ids);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of order)
    for (const x of seqOf.get(id)?.ids ?? [id]) {
      if (seen.has(x) || !known.has(x)) continue;
      seen.add(x);
      out.push(x);
    }
  return out;
}

/** Each course's cheapest placement-norm cost: no placement can cost less (the aux slacks are ≥ 0). */
export function normBound(built: BuiltModel): number {
  return built.courses.reduce((a, cp) => a + (cp.patterns.length ? Math.min(...cp.patterns.map((p) => p.normCost)) : 0), 0);
}

/**
 * Stages 1 and "placement" together: only each course's most school-like shapes, sequences placed
 * part after part in consecutive semesters, professional basic before core, no semester over its cap.
 * Success reaches both lower bounds (no overload, every course at its cheapest norm cost, no sequence
 * or phase breach), which proves both stages; otherwise null and the engine solves them.
 */
export function greedyNorms(problem: OptProblem, built: BuiltModel): SolveOutcome | null {
  if (!plain(problem, built) || built.moves.length > 0) return null;
  const shape = schoolShape(problem);
  const { teaching, next, seqOf, basic, core } = shape;
  const cheapest = new Map(
    built.courses.map((cp) => {
      const min = Math.min(...cp.patterns.map((p) => p.normCost));
      return [cp.course.id, cp.patterns.filter((p) => p.normCost === min)] as const;
    }),
  );
  const units = (id: string) => unitsOf(cheapest.get(id)![0]);
  let seed = 4242;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const ids = built.courses.map((cp) => cp.course.id);
  const guard = bindingGuard(problem);
  for (let attempt = 0; attempt < 200; attempt++) {
    const seqOrder = chainOrder(problem, placingOrder(shape, ids, units, attempt === 0 ? null : rnd));
    const loads = [...built.fixedWeekly];
    const chosen = new Map<string, Pattern>();
    const lastBasicStart = problem.phases.map(() => 0);
    let ok = true;
    for (const id of seqOrder) {
      const s = seqOf.get(id);
      const prev = s && s.k > 0 ? chosen.get(s.ids[s.k - 1]) : undefined;
      const mustStart = prev ? next(prev.end) : undefined;
      if (prev && mustStart === undefined) {
        ok = false;
        break;
      }
      let pick: Pattern | null = null;
      let pickKey: number[] = [];
      for (const p of cheapest.get(id)!) {
        if (mustStart !== undefined && p.start !== mustStart) continue;
        if (core.has(id) && p.start < lastBasicStart[core.get(id)!]) continue;
        if (!guard(id, p, chosen)) continue;
        let fits = true;
        let room = Infinity;
        for (const t of teaching) {
          const w = p.weekly[t - 1];
          if (!w) continue;
          const l = loads[t - 1] + w;
          if (l > problem.semesters[t - 1].cap + 1e-9) fits = false;
          room = Math.min(room, problem.semesters[t - 1].cap - l);
        }
        if (!fits) continue;
        // Tightest fit (exact packings are common), then the earliest start a window allows.
        const key = [room + (attempt > 0 ? rnd() * 0.5 : 0), p.start];
        if (!pick || lexLess(key, pickKey)) {
          pick = p;
          pickKey = key;
        }
      }
      if (!pick) {
        ok = false;
        break;
      }
      chosen.set(id, pick);
      pick.weekly.forEach((w, i) => (loads[i] += w));
      if (basic.has(id)) lastBasicStart[basic.get(id)!] = Math.max(lastBasicStart[basic.get(id)!], pick.start);
    }
    if (!ok) continue;
    // Core courses were placed after every basic one, so phase holds; check the bound is met.
    const values = valuesFor(built, problem, [...chosen.values()]);
    const norms = built.norms.reduce((a, t) => a + t.c * (values[t.v] ?? 0), 0);
    if (norms > normBound(built) + 1e-9) continue;
    return { status: 'optimal', values, objective: 0, gap: 0 };
  }
  return null;
}

/**
 * A school-like placement that meets every cap, not necessarily at the norms' bound: the starting
 * incumbent the engine gets for the placement stage when greedyNorms cannot prove it (an incumbent
 * near the optimum lets branch and bound prune from the first node). Each course takes the cheapest
 * shape that fits, a sequence's next part preferably right after the last; the best of a few
 * shuffled orders is kept. Null when no order fits every course under the caps.
 */
export function greedyNormsStart(problem: OptProblem, built: BuiltModel, current?: Record<string, number>): Record<string, number> | null {
  // Totals that may move: each course keeps the total the answer in hand gives it (the stages before
  // fixed how much totals change, not where the hours go).
  const totalOf = built.totalChange.length > 0 && current ? heldTotals(built, current) : null;
  if ((built.totalChange.length > 0 && !totalOf) || !plain(problem, built, !!totalOf) || built.moves.length > 0) return null;
  const shape = schoolShape(problem);
  const { teaching, next, seqOf, basic, core } = shape;
  const byId = new Map(built.courses.map((cp) => [cp.course.id, cp.patterns.filter((p) => !totalOf || p.total === totalOf.get(cp.course.id)).sort((a, b) => a.normCost - b.normCost)]));
  const units = (id: string) => unitsOf(byId.get(id)![0]);
  let seed = 777;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let best: { chosen: Map<string, Pattern>; cost: number } | null = null;
  const guard = bindingGuard(problem);
  for (let attempt = 0; attempt < 12; attempt++) {
    const seqOrder = chainOrder(problem, placingOrder(shape, [...byId.keys()], units, attempt === 0 ? null : rnd));
    const loads = [...built.fixedWeekly];
    const chosen = new Map<string, Pattern>();
    const lastBasicStart = problem.phases.map(() => 0);
    let placedAll = true;
    for (const id of seqOrder) {
      const s = seqOf.get(id);
      const prev = s && s.k > 0 ? chosen.get(s.ids[s.k - 1]) : undefined;
      const wantStart = prev ? next(prev.end) : undefined;
      let pick: Pattern | null = null;
      let pickCost = Infinity;
      for (const p of byId.get(id)!) {
        if (p.normCost >= pickCost) break;
        if (!guard(id, p, chosen)) continue;
        let fits = true;
        for (const t of teaching) if (p.weekly[t - 1] && loads[t - 1] + p.weekly[t - 1] > problem.semesters[t - 1].cap + 1e-9) fits = false;
        if (!fits) continue;
        const cost = p.normCost + (prev && p.start !== wantStart ? (p.start <= prev.end ? SEQUENCE_WEIGHTS.order : SEQUENCE_WEIGHTS.gap) : 0) + (core.has(id) && p.start < lastBasicStart[core.get(id)!] ? SEQUENCE_WEIGHTS.phase : 0);
        if (cost < pickCost) {
          pick = p;
          pickCost = cost;
        }
      }
      if (!pick) {
        placedAll = false;
        break;
      }
      chosen.set(id, pick);
      pick.weekly.forEach((w, i) => (loads[i] += w));
      if (basic.has(id)) lastBasicStart[basic.get(id)!] = Math.max(lastBasicStart[basic.get(id)!], pick.start);
    }
    if (!placedAll) continue;
    const cost = placementCost(problem, chosen);
    if (!best || cost < best.cost) best = { chosen, cost };
  }
  // The answer in hand meets every cap too (a full plan often has no other order that fits): improve
  // whichever of the two is the more school-like.
  if (current) {
    const held = chosenPatterns(built, current);
    const cost = placementCost(problem, held);
    if (held.size === built.courses.length && [...held].every(([id, p]) => byId.get(id)!.includes(p)) && (!best || cost < best.cost)) best = { chosen: held, cost };
  }
  if (!best) return null;
  improvePlacement(problem, built, best.chosen, byId, guard);
  return valuesFor(built, problem, [...best.chosen.values()]);
}

/** Each course's total in an answer; null when the answer leaves a course out. */
function heldTotals(built: BuiltModel, values: Record<string, number>): Map<string, number> | null {
  const chosen = chosenPatterns(built, values);
  return chosen.size === built.courses.length ? new Map([...chosen].map(([id, p]) => [id, p.total])) : null;
}

/**
 * The placement stage's objective for one shape per course, as the model's rows count it: each
 * shape's norm cost; per sequence pair, 20 per semester the two overlap or run backwards and 5 when
 * the next part does not start right after; 10 per semester a professional-basic course starts after
 * the first core course. Linear in the courses, so a local search can afford it per move.
 */
export function placementCost(problem: OptProblem, chosen: Map<string, Pattern>): number {
  let cost = 0;
  for (const p of chosen.values()) cost += p.normCost;
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const n = problem.semesters.length;
  for (const seq of problem.sequences)
    for (let k = 0; k + 1 < seq.ids.length; k++) {
      const a = chosen.get(seq.ids[k]);
      const b = chosen.get(seq.ids[k + 1]);
      if (!a || !b) continue;
      cost += SEQUENCE_WEIGHTS.order * Math.max(0, Math.min(a.end, n) - b.start + 1);
      if (b.start !== teaching.find((x) => x > a.end)) cost += SEQUENCE_WEIGHTS.gap;
    }
  for (const phase of problem.phases) {
    let firstCore = Infinity;
    for (const id of phase.core) firstCore = Math.min(firstCore, chosen.get(id)?.start ?? Infinity);
    if (Number.isFinite(firstCore))
      for (const id of phase.basic) {
        const b = chosen.get(id);
        if (b) cost += SEQUENCE_WEIGHTS.phase * Math.max(0, Math.min(b.start, n) - firstCore);
      }
  }
  return cost;
}

/**
 * Local search on a placement under the caps: a course to another shape, or two courses trading
 * shapes' room (both change at once), whenever the placement cost falls. Bounded passes.
 */
function improvePlacement(problem: OptProblem, built: BuiltModel, chosen: Map<string, Pattern>, patterns: Map<string, Pattern[]>, guard: ReturnType<typeof bindingGuard>): void {
  const teaching = problem.semesters.filter((s) => s.teaching).map((s) => s.index);
  const loads = loadsOf(built, [...chosen.values()]);
  const fits = (out: Pattern[], into: Pattern[]) =>
    teaching.every((t) => loads[t - 1] - out.reduce((a, p) => a + p.weekly[t - 1], 0) + into.reduce((a, p) => a + p.weekly[t - 1], 0) <= problem.semesters[t - 1].cap + 1e-9);
  const apply = (id: string, p: Pattern) => {
    const old = chosen.get(id)!;
    old.weekly.forEach((w, i) => (loads[i] -= w));
    p.weekly.forEach((w, i) => (loads[i] += w));
    chosen.set(id, p);
  };
  const ids = [...chosen.keys()];
  let cost = placementCost(problem, chosen);
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    for (const id of ids) {
      const old = chosen.get(id)!;
      for (const p of patterns.get(id)!) {
        if (p === old || !fits([old], [p]) || !guard(id, p, chosen)) continue;
        apply(id, p);
        const c = placementCost(problem, chosen);
        if (c < cost - 1e-9) {
          cost = c;
          improved = true;
          break;
        }
        apply(id, old);
      }
    }
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const a = chosen.get(ids[i])!;
        const b = chosen.get(ids[j])!;
        let done = false;
        for (const p of patterns.get(ids[i])!) {
          if (p === a || p.normCost > a.normCost + SEQUENCE_WEIGHTS.order) continue;
          for (const q of patterns.get(ids[j])!) {
            if (q === b || !fits([a, b], [p, q])) continue;
            apply(ids[i], p);
            apply(ids[j], q);
            if (!guard(ids[i], p, chosen) || !guard(ids[j], q, chosen)) {
              apply(ids[j], b);
              apply(ids[i], a);
              continue;
            }
            const c = placementCost(problem, chosen);
            if (c < cost - 1e-9) {
              cost = c;
              improved = done = true;
              break;
            }
            apply(ids[j], b);
            apply(ids[i], a);
          }
          if (done) break;
        }
      }
    if (!improved) break;
  }
}

/**
 * An answer to the same courses under other caps, its shapes moved one course at a time (each keeps
 * its total, so the shares and the totals' change stay as they are) while that lowers the weekly
 * hours over these caps. Courses the answer leaves out stay out. Returned with the cap slacks and
 * loads as these caps make them.
 */
export function lessOverload(problem: OptProblem, built: BuiltModel, hint: Record<string, number>): Record<string, number> {
  const values = { ...hint };
  const teaching = problem.semesters.filter((s) => s.teaching);
  const chosen = chosenPatterns(built, values);
  const loads = loadsOf(built, [...chosen.values()]);
  // Above a semester's ceiling (the least worst load) counts as far worse than any hours over a cap.
  const over = (s: (typeof teaching)[number], extra: number) => Math.max(0, loads[s.index - 1] + extra - s.cap) + (s.ceiling !== undefined ? 1e6 * Math.max(0, loads[s.index - 1] + extra - s.ceiling - 1e-7) : 0);
  const swap = (id: string, old: Pattern, next: Pattern) => {
    old.weekly.forEach((w, i) => (loads[i] -= w));
    next.weekly.forEach((w, i) => (loads[i] += w));
    values[built.patternVar.get(old)!] = 0;
    values[built.patternVar.get(next)!] = 1;
    chosen.set(id, next);
  };
  const guard = bindingGuard(problem);
  for (let pass = 0; pass < 20; pass++) {
    let improved = false;
    for (const cp of built.courses) {
      const old = chosen.get(cp.course.id);
      if (!old) continue;
      let best: Pattern | null = null;
      let bestGain = 1e-9;
      for (const p of cp.patterns) {
        if (p === old || p.total !== old.total || !guard(cp.course.id, p, chosen)) continue;
        let gain = 0;
        for (const s of teaching) gain += over(s, 0) - over(s, p.weekly[s.index - 1] - old.weekly[s.index - 1]);
        if (gain > bestGain) {
          best = p;
          bestGain = gain;
        }
      }
      if (!best) continue;
      swap(cp.course.id, old, best);
      improved = true;
    }
    if (!improved) break;
  }
  // With room under these caps, totals the answer cut (or raised) come back toward the sheet's as far
  // as they fit without new hours over a cap: a start for the stage that keeps totals' change least.
  for (const cp of built.courses) {
    const old = chosen.get(cp.course.id);
    if (!old || old.total === cp.course.hours) continue;
    let best: Pattern | null = null;
    for (const p of cp.patterns) {
      if (Math.abs(p.total - cp.course.hours) >= Math.abs((best ?? old).total - cp.course.hours) || !guard(cp.course.id, p, chosen)) continue;
      if (teaching.some((s) => over(s, p.weekly[s.index - 1] - old.weekly[s.index - 1]) > over(s, 0) + 1e-9)) continue;
      best = p;
    }
    if (best) swap(cp.course.id, old, best);
  }
  setLoads(built, problem, values, [...chosen.values()]);
  fillAux(built, values);
  return values;
}
