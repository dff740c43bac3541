/** javascript-lp-solver: the product's own engine (pure JavaScript, MIT). */

import solver from 'javascript-lp-solver';
import type { Backend, Model, SolveOutcome } from '../model';

type JslpModel = Parameters<typeof solver.Solve>[0];

export function toJslp(m: Model, timeLimitSec: number): JslpModel {
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const binaries: Record<string, 1> = {};
  for (const [name, kind] of m.vars) {
    variables[name] = { __cost: 0 };
    if (kind === 'binary') binaries[name] = 1;
    else if (kind === 'integer') ints[name] = 1;
  }
  for (const t of m.objective) variables[t.v].__cost += t.c;
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  m.rows.forEach((r, i) => {
    const key = `r${i}`;
    constraints[key] = r.op === '<=' ? { max: r.rhs } : r.op === '>=' ? { min: r.rhs } : { equal: r.rhs };
    for (const t of r.terms) variables[t.v][key] = (variables[t.v][key] ?? 0) + t.c;
  });
  return { optimize: '__cost', opType: 'min', constraints, variables, ints, binaries, options: { timeout: Math.max(1, Math.round(timeLimitSec * 1000)), tolerance: 0 } } as JslpModel;
}

export const jslpBackend: Backend = {
  name: 'jslp',
  solve(m, limits): SolveOutcome {
    let raw: Record<string, unknown>;
    const started = Date.now();
    try {
      raw = solver.Solve(toJslp(m, limits.timeLimitSec)) as unknown as Record<string, unknown>;
    } catch (e) {
      return { status: 'error', values: {}, objective: null, gap: null, message: String(e) };
    }
    const values: Record<string, number> = {};
    for (const name of m.vars.keys()) {
      const v = raw[name];
      values[name] = typeof v === 'number' ? v : 0;
    }
    const hasInts = [...m.vars.values()].some((k) => k !== 'continuous');
    // jslp says feasible:false both for infeasible models and for ones it ran out of time on, and
    // feasible:true for fractional answers: only isIntegral (with ints) tells the truth.
    if (!raw.feasible) return { status: 'timeout', values: {}, objective: null, gap: null, message: 'jslp: no feasible answer (infeasible or out of time; not a proof)' };
    if (hasInts && raw.isIntegral !== true) return { status: 'error', values, objective: null, gap: null, message: 'jslp: answer is not integral' };
    const objective = typeof raw.result === 'number' ? raw.result : null;
    // Stopped by its timeout, jslp returns its incumbent without saying so: not a proof.
    if (Date.now() - started >= limits.timeLimitSec * 1000 * 0.95) return { status: 'feasible', values, objective, gap: null, message: 'jslp: time limit reached, optimality not proven' };
    return { status: 'optimal', values, objective, gap: 0 };
  },
};
