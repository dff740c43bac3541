/**
 * HiGHS (MIT, WebAssembly) as the second engine. The core takes an already-loaded instance, so the
 * Node and browser adapters decide how to fetch the .wasm (file path, or a lazily loaded chunk).
 */

import type { Backend, Model, SolveLimits, SolveOutcome } from '../model';

export interface HighsLike {
  solve(problem: string, options?: Record<string, unknown>): {
    Status: string;
    ObjectiveValue: number;
    Columns: Record<string, { Primal?: number }>;
    Info?: Record<string, unknown>;
  };
  /** highs-js ≥ 1.13: a model passed as arrays, which also takes a starting solution. */
  createModel?(data: ModelArrays): HighsModel;
  infinity?: number;
}

/** The arrays of highs-js's `ModelData` this backend passes (rows compressed, CSR). */
export interface ModelArrays {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: { format: 'csr'; numRows: number; numCols: number; starts: Int32Array; indices: Int32Array; values: Float64Array };
  integrality: Int32Array;
}

/** The part of highs-js's persistent `Model` this backend uses. */
export interface HighsModel {
  options: { set(values: Record<string, string | number | boolean>): unknown };
  info: { get(name: string): number | bigint };
  setSolution(solution: { colValue: Float64Array }): unknown;
  run(): { modelStatus: number };
  getSolution(): { colValue: Float64Array };
  getObjectiveValue(): number;
  dispose(): void;
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

/** The model as highs-js's arrays: columns in the model's order, duplicate terms merged, zeros dropped. */
export function toArrays(m: Model, infinity: number): { data: ModelArrays; names: string[] } {
  const names = columnOrder(m);
  const index = new Map(names.map((n, i) => [n, i]));
  const starts = new Int32Array(m.rows.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower = new Float64Array(m.rows.length);
  const rowUpper = new Float64Array(m.rows.length);
  m.rows.forEach((r, i) => {
    const merged = new Map<number, number>();
    for (const t of r.terms) {
      const j = index.get(t.v);
      if (j !== undefined) merged.set(j, (merged.get(j) ?? 0) + t.c);
    }
    for (const [j, c] of merged) {
      if (c === 0) continue;
      indices.push(j);
      values.push(c);
    }
    starts[i + 1] = indices.length;
    rowLower[i] = r.op === '<=' ? -infinity : r.rhs;
    rowUpper[i] = r.op === '>=' ? infinity : r.rhs;
  });
  const colCost = new Float64Array(names.length);
  for (const t of m.objective) {
    const j = index.get(t.v);
    if (j !== undefined) colCost[j] += t.c;
  }
  const kinds = names.map((n) => m.vars.get(n) ?? 'continuous');
  const data: ModelArrays = {
    numCols: names.length,
    numRows: m.rows.length,
    colCost,
    colLower: new Float64Array(names.length),
    colUpper: Float64Array.from(kinds, (k) => (k === 'binary' ? 1 : infinity)),
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: m.rows.length, numCols: names.length, starts, indices: Int32Array.from(indices), values: Float64Array.from(values) },
    integrality: Int32Array.from(kinds, (k) => (k === 'continuous' ? 0 : 1)),
  };
  return { data, names };
}

/**
 * Columns in the order an LP file would give them (first seen in the objective, then in the rows), then
 * the rest: HiGHS breaks ties by column index, and this order is the one its search was measured with.
 */
function columnOrder(m: Model): string[] {
  const seen = new Set<string>();
  // (A name the model does not declare is a continuous column, as an LP file would make it.)
  for (const t of m.objective) seen.add(t.v);
  for (const r of m.rows) for (const t of r.terms) seen.add(t.v);
  for (const v of m.vars.keys()) seen.add(v);
  return [...seen];
}

// highs-js model status codes (HighsModelStatus).
const STATUS = { optimal: 7, infeasible: 8, timeLimit: 13 } as const;

/** Solves through the array API: no LP text to write and parse, and the caller's start is used as an incumbent. */
function solveArrays(highs: HighsLike & { createModel: NonNullable<HighsLike['createModel']> }, m: Model, limits: SolveLimits): SolveOutcome {
  const { data, names } = toArrays(m, highs.infinity ?? Infinity);
  let model: HighsModel | null = null;
  try {
    model = highs.createModel(data);
    model.options.set({ output_flag: false, time_limit: limits.timeLimitSec, mip_rel_gap: 0, ...(limits.wholeObjective ? { mip_abs_gap: 1 - 1e-6 } : {}) });
    if (limits.start) model.setSolution({ colValue: Float64Array.from(names, (n) => limits.start![n] ?? 0) });
    const { modelStatus } = model.run();
    if (modelStatus === STATUS.infeasible) return { status: 'infeasible', values: {}, objective: null, gap: null };
    if (modelStatus !== STATUS.optimal && modelStatus !== STATUS.timeLimit) return { status: 'error', values: {}, objective: null, gap: null, message: `HiGHS: model status ${modelStatus}` };
    const feasible = Number(model.info.get('primal_solution_status')) === 2;
    if (!feasible) return modelStatus === STATUS.optimal ? { status: 'error', values: {}, objective: null, gap: null, message: 'HiGHS: optimal without a primal solution' } : { status: 'timeout', values: {}, objective: null, gap: null };
    const col = model.getSolution().colValue;
    const values: Record<string, number> = {};
    names.forEach((n, i) => (values[n] = col[i]));
    const objective = model.getObjectiveValue();
    if (modelStatus === STATUS.optimal) return { status: 'optimal', values, objective, gap: 0 };
    const gap = data.integrality.some((k) => k === 1) ? Number(model.info.get('mip_gap')) : NaN;
    return { status: 'feasible', values, objective, gap: Number.isFinite(gap) ? gap : null };
  } catch (e) {
    return { status: 'error', values: {}, objective: null, gap: null, message: String(e) };
  } finally {
    model?.dispose();
  }
}

export function highsBackend(highs: HighsLike): Backend {
  return {
    name: 'highs',
    solve(m, limits): SolveOutcome {
      if (m.vars.size === 0) return { status: 'optimal', values: {}, objective: 0, gap: 0 };
      if (highs.createModel) return solveArrays(highs as Parameters<typeof solveArrays>[0], m, limits);
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
