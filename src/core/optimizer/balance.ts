/**
 * A balanced curriculum by local search, for problems of the BACP kind: every course in one semester,
 * prerequisites, per-semester load and course-count windows, nothing else. Every semester's load in
 * [floor(mean), ceil(mean)] is optimal for the heaviest and the lightest semester at once (the mean
 * bounds both), so when the search reaches it the violations and both balance stages are proven
 * without branching. When it does not, nothing is claimed and the engine solves as before.
 *
 * Deterministic: a fixed-seed generator and an iteration budget, no clock.
 */

import type { BuiltModel } from './build';
import { valuesFor } from './greedy';
import { violatedRows, type SolveOutcome } from './model';
import type { Pattern } from './patterns';
import type { OptProblem } from './problem';

const ITERATIONS = 200_000;

interface Item {
  /** Semester (1-based) → its pattern. */
  at: Map<number, Pattern>;
  load: number;
  preds: number[];
  succs: number[];
}

export function balancedCurriculum(problem: OptProblem, built: BuiltModel, iterations = ITERATIONS): SolveOutcome | null {
  const n = problem.semesters.length;
  if (
    problem.ratios.length > 0 ||
    problem.sequences.length > 0 ||
    problem.phases.length > 0 ||
    built.totalChange.length > 0 ||
    built.fixedWeekly.some((w) => w !== 0) ||
    problem.semesters.some((s) => !s.teaching) ||
    built.courses.length === 0 ||
    built.courses.some((cp) => cp.approximate || cp.patterns.length === 0 || cp.patterns.some((p) => p.span !== 1))
  )
    return null;
  const items: Item[] = [];
  for (const cp of built.courses) {
    const at = new Map<number, Pattern>();
    for (const p of cp.patterns) at.set(p.start, p);
    const loads = new Set(cp.patterns.map((p) => p.weekly[p.start - 1]));
    if (loads.size !== 1) return null;
    items.push({ at, load: [...loads][0], preds: [], succs: [] });
  }
  const index = new Map(built.courses.map((cp, i) => [cp.course.id, i]));
  for (const [a, b] of problem.prerequisites) {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined || ib === undefined) continue;
    items[ib].preds.push(ia);
    items[ia].succs.push(ib);
  }
  const total = items.reduce((a, it) => a + it.load, 0);
  if (!Number.isInteger(total) || items.some((it) => !Number.isInteger(it.load))) return null;
  const hi = problem.semesters.map((s) => Math.min(s.cap, Math.ceil(total / n - 1e-9)));
  const lo = problem.semesters.map((s) => Math.max(s.minLoad ?? 0, Math.floor(total / n + 1e-9)));
  const cmax = problem.semesters.map((s) => s.maxCourses ?? Infinity);
  const cmin = problem.semesters.map((s) => s.minCourses ?? 0);

  // A first placement that keeps every prerequisite: each course at the earliest its predecessors allow.
  const order = topological(items);
  if (!order) return null;
  const sem = new Array<number>(items.length).fill(0);
  for (const i of order) {
    const from = Math.max(1, ...items[i].preds.map((p) => sem[p] + 1));
    const options = [...items[i].at.keys()].filter((s) => s >= from).sort((a, b) => a - b);
    if (!options.length) return null;
    sem[i] = options[0];
  }
  const load = new Array<number>(n + 1).fill(0);
  const count = new Array<number>(n + 1).fill(0);
  items.forEach((it, i) => {
    load[sem[i]] += it.load;
    count[sem[i]]++;
  });
  const badness = (s: number, l: number, c: number) => Math.max(0, l - hi[s - 1]) + Math.max(0, lo[s - 1] - l) + 10 * (Math.max(0, c - cmax[s - 1]) + Math.max(0, cmin[s - 1] - c));
  let cost = 0;
  for (let s = 1; s <= n; s++) cost += badness(s, load[s], count[s]);

  let seed = 0x2545f491;
  const rnd = (k: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % k;
  };
  // Where course i may go without breaking a prerequisite, its others where they are.
  const windowOf = (i: number): [number, number] => [Math.max(1, ...items[i].preds.map((p) => sem[p] + 1)), Math.min(n, ...items[i].succs.map((q) => sem[q] - 1))];
  const moveDelta = (i: number, to: number) => {
    const from = sem[i];
    const w = items[i].load;
    return badness(from, load[from] - w, count[from] - 1) + badness(to, load[to] + w, count[to] + 1) - badness(from, load[from], count[from]) - badness(to, load[to], count[to]);
  };
  const move = (i: number, to: number) => {
    const from = sem[i];
    load[from] -= items[i].load;
    count[from]--;
    load[to] += items[i].load;
    count[to]++;
    sem[i] = to;
  };

  for (let it = 0; it < iterations && cost > 0; it++) {
    const i = rnd(items.length);
    const [a, b] = windowOf(i);
    if (it % 3 === 2) {
      // Swap with a course in another semester: keeps counts, shifts the load by the difference.
      const j = rnd(items.length);
      const si = sem[i];
      const sj = sem[j];
      if (si === sj || !items[i].at.has(sj) || !items[j].at.has(si) || sj < a || sj > b) continue;
      const [aj, bj] = windowOf(j);
      if (si < aj || si > bj) continue;
      const d = items[j].load - items[i].load;
      const delta = badness(si, load[si] + d, count[si]) + badness(sj, load[sj] - d, count[sj]) - badness(si, load[si], count[si]) - badness(sj, load[sj], count[sj]);
      if (delta <= 0 || rnd(100) < 2) {
        load[si] += d;
        load[sj] -= d;
        sem[i] = sj;
        sem[j] = si;
        cost += delta;
      }
      continue;
    }
    let best = -1;
    let bestDelta = Infinity;
    for (let to = a; to <= b; to++) {
      if (to === sem[i] || !items[i].at.has(to)) continue;
      const d = moveDelta(i, to) + rnd(2) * 1e-3;
      if (d < bestDelta) {
        bestDelta = d;
        best = to;
      }
    }
    if (best < 0) continue;
    if (bestDelta <= 0 || rnd(100) < 2) {
      cost += moveDelta(i, best);
      move(i, best);
    }
  }
  if (cost > 1e-9) return null;

  const values = valuesFor(built, problem, items.map((it, i) => it.at.get(sem[i])!));
  // Trusted only as far as the model agrees.
  if (violatedRows(built.model, values).length > 0) return null;
  const objective = built.violations.reduce((a, t) => a + t.c * (values[t.v] ?? 0), 0);
  if (objective > 1e-9) return null;
  return { status: 'optimal', values, objective: 0, gap: 0 };
}

function topological(items: Item[]): number[] | null {
  const indeg = items.map((it) => it.preds.length);
  const queue = items.map((_, i) => i).filter((i) => indeg[i] === 0);
  const out: number[] = [];
  while (queue.length) {
    const i = queue.shift()!;
    out.push(i);
    for (const j of items[i].succs) if (--indeg[j] === 0) queue.push(j);
  }
  return out.length === items.length ? out : null;
}
