/**
 * The neutral model: named variables and rows, each row tied to the rule and the cells it comes from.
 * Backends translate it (javascript-lp-solver JSON, HiGHS LP text); nothing here knows an engine.
 */

export type VarKind = 'binary' | 'integer' | 'continuous';

export interface Term {
  v: string;
  c: number;
}

export interface Row {
  name: string;
  terms: Term[];
  op: '<=' | '>=' | '=';
  rhs: number;
  /** The rule this row expresses ("weekly-cap", "one-pattern", …) and the sheet cells behind it. */
  rule: string;
  cells: string[];
  /** The semester (1-based) a per-semester row is about. */
  semester?: number;
}

export interface Model {
  vars: Map<string, VarKind>;
  rows: Row[];
  /** Minimised. */
  objective: Term[];
}

export function emptyModel(): Model {
  return { vars: new Map(), rows: [], objective: [] };
}

export function addVar(m: Model, name: string, kind: VarKind): string {
  m.vars.set(name, kind);
  return name;
}

export function addRow(m: Model, row: Row): void {
  m.rows.push(row);
}

export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'timeout' | 'error';

export interface SolveOutcome {
  status: SolveStatus;
  values: Record<string, number>;
  objective: number | null;
  /** Relative gap between the solution and the best bound, when the engine reports one. */
  gap: number | null;
  message?: string;
}

export interface SolveLimits {
  timeLimitSec: number;
  /**
   * The objective takes whole values only: an answer within this much of the best bound is proven
   * optimal (just under 1), so the engine stops without closing a gap no whole value fits in.
   */
  wholeObjective?: boolean;
  /**
   * A solution believed feasible (an earlier stage's answer, a greedy placement): an engine that can
   * use it starts from it as its incumbent. A hint only — the answer is checked as always.
   */
  start?: Record<string, number>;
}

export interface Backend {
  name: 'jslp' | 'highs';
  /** Synchronous: run it in a worker when the caller must stay responsive. */
  solve(model: Model, limits: SolveLimits): SolveOutcome;
}

export function evaluate(terms: Term[], values: Record<string, number>): number {
  return terms.reduce((s, t) => s + t.c * (values[t.v] ?? 0), 0);
}

/** Independent check of an engine's answer against the model: bounds, integrality, every row. */
export function violatedRows(m: Model, values: Record<string, number>, tol = 1e-6): Row[] {
  const bad: Row[] = [];
  for (const [name, kind] of m.vars) {
    const v = values[name] ?? 0;
    if (v < -tol || (kind !== 'continuous' && Math.abs(v - Math.round(v)) > tol) || (kind === 'binary' && v > 1 + tol)) {
      bad.push({ name: `var:${name}`, terms: [], op: '=', rhs: v, rule: 'integrality', cells: [] });
    }
  }
  for (const r of m.rows) {
    const lhs = evaluate(r.terms, values);
    const scale = Math.max(1, Math.abs(r.rhs));
    if ((r.op === '<=' && lhs > r.rhs + tol * scale) || (r.op === '>=' && lhs < r.rhs - tol * scale) || (r.op === '=' && Math.abs(lhs - r.rhs) > tol * scale)) bad.push(r);
  }
  return bad;
}
