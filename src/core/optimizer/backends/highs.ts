/**
 * HiGHS (MIT, WebAssembly) as the second engine. The core takes an already-loaded instance, so the
 * Node and browser adapters decide how to fetch the .wasm (file path, or a lazily loaded chunk).
 */

import type { Backend, Model, SolveOutcome } from '../model';

export interface HighsLike {
  solve(problem: string, options?: Record<string, unknown>): {
    Status: string;
    ObjectiveValue: number;
    Columns: Record<string, { Primal?: number }>;
    Info?: Record<string, unknown>;
  };
}

/** CPLEX LP text with engine-safe names (x0…, r0…). */
export function toLpText(m: Model): { text: string; names: string[] } {
  const names = [...m.vars.keys()];
  const id = new Map(names.map((n, i) => [n, `x${i}`]));
  const expr = (terms: { v: string; c: number }[]) => {
    const merged = new Map<string, number>();
    for (const t of terms) merged.set(t.v, (merged.get(t.v) ?? 0) + t.c);
    const parts = [...merged].filter(([, c]) => c !== 0).map(([v, c], k) => `${c < 0 ? '-' : k === 0 ? '' : '+'} ${Math.abs(c)} ${id.get(v)}`);
    return parts.length ? parts.join(' ') : `0 ${id.get(names[0]) ?? 'x0'}`;
  };
  const lines: string[] = ['Minimize', ` obj: ${m.objective.length ? expr(m.objective) : '0 x0'}`, 'Subject To'];
  m.rows.forEach((r, i) => lines.push(` r${i}: ${expr(r.terms)} ${r.op} ${r.rhs}`));
  const general = names.filter((n) => m.vars.get(n) === 'integer').map((n) => id.get(n));
  const binary = names.filter((n) => m.vars.get(n) === 'binary').map((n) => id.get(n));
  if (general.length) lines.push('General', ...chunk(general));
  if (binary.length) lines.push('Binary', ...chunk(binary));
  lines.push('End');
  return { text: lines.join('\n'), names };
}

function chunk(ids: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 20) out.push(' ' + ids.slice(i, i + 20).join(' '));
  return out;
}

export function highsBackend(highs: HighsLike): Backend {
  return {
    name: 'highs',
    solve(m, limits): SolveOutcome {
      if (m.vars.size === 0) return { status: 'optimal', values: {}, objective: 0, gap: 0 };
      const { text, names } = toLpText(m);
      let sol: ReturnType<HighsLike['solve']>;
      try {
        // A zero gap: the default 1e-4 swallows small tie-break terms of a staged objective.
        sol = highs.solve(text, { time_limit: limits.timeLimitSec, mip_rel_gap: 0, ...(limits.wholeObjective ? { mip_abs_gap: 1 - 1e-6 } : {}), output_flag: false });
      } catch (e) {
        return { status: 'error', values: {}, objective: null, gap: null, message: String(e) };
      }
      const values: Record<string, number> = {};
      names.forEach((n, i) => (values[n] = sol.Columns[`x${i}`]?.Primal ?? 0));
      const gap = typeof sol.Info?.mip_gap === 'number' && Number.isFinite(sol.Info.mip_gap) ? (sol.Info.mip_gap as number) : null;
      switch (sol.Status) {
        case 'Optimal':
          return { status: 'optimal', values, objective: sol.ObjectiveValue, gap: 0 };
        case 'Infeasible':
          return { status: 'infeasible', values: {}, objective: null, gap: null };
        case 'Time limit reached':
          return Object.keys(sol.Columns).length && Number.isFinite(sol.ObjectiveValue)
            ? { status: 'feasible', values, objective: sol.ObjectiveValue, gap }
            : { status: 'timeout', values: {}, objective: null, gap: null };
        default:
          return { status: 'error', values: {}, objective: null, gap: null, message: `HiGHS: ${sol.Status}` };
      }
    },
  };
}
