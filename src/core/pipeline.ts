/**
 * One way from a plan to the cells written, for every face (CLI, pane, standalone page):
 * plan → request (rules applied, mode resolved, the cap in one place) → solve (the face's engine)
 * → result → patch → the patched sheets read again and checked. What the user is told is what the
 * file will say: the check in the report is the check of the written cells, read back.
 */

import { check, semesterLoads } from './checker';
import type { EngineAnswer, SolveAttempt, SolveEngine } from './engine';
import type { Grid } from './grid';
import { msg, type Message } from './message';
import { interpret, MODE_NAMES, type OptimizeResult, type OptimizeSettings, type OptProblem, problemFromPlan } from './optimizer';
import { courseId } from './optimizer/problem';
import { frozenCourses } from './ownership';
import { buildPatch, type Patch } from './patch';
import type { Plan } from './plan';
import { type CombineOptions, readWorkbook } from './reader';
import { PRESET_NAMES, type Rules } from './rules';

export interface OptimizeRequest {
  /** The plan as read, and every sheet it was read from. */
  plan: Plan;
  grids: Grid[];
  /** How the plan was read: the written sheets are read again the same way. */
  read: CombineOptions;
  /** The rules in force (the preset resolved); a cap in the settings overrides theirs. */
  rules: Rules;
  settings: OptimizeSettings;
  timeLimitSec: number;
}

export interface Prepared {
  problem: OptProblem;
  /** The rules the result is checked against: the request's, with the settings' cap. */
  rules: Rules;
  notes: Message[];
  settingsNote: Message;
}

export interface Optimized {
  result: OptimizeResult;
  patch: Patch;
  rules: Rules;
  attempts: SolveAttempt[];
  settingsNote: Message;
  /** Where the written sheets, read back, differ from the optimizer's plan (empty: exactly the same). */
  roundTrip: string[];
}

export type Outcome = { kind: 'done'; optimized: Optimized } | { kind: 'cancelled' } | { kind: 'failed'; message: Message; attempts: SolveAttempt[] };

/** The request as the optimizer takes it: courses whose cells cannot be written are counted, not moved. */
export function prepare(req: OptimizeRequest): Prepared {
  const rules: Rules = req.settings.cap !== undefined ? { ...req.rules, weeklyCap: req.settings.cap } : req.rules;
  const grid = req.grids.find((g) => g.sheet === req.plan.sheet);
  const frozen = grid ? frozenCourses(req.plan, grid, courseId) : [];
  const settings: OptimizeSettings = { ...req.settings, ...(frozen.length ? { frozen: frozen.map((f) => f.id) } : {}) };
  const { problem, notes } = problemFromPlan(req.plan, rules, settings);
  // A frozen course is worth a word only where the optimizer would otherwise have moved or placed it.
  const wouldMove = (id: string) => {
    const c = req.plan.courses.find((x) => courseId(x) === id);
    return !!c && (problem.mode !== 'keep' || c.placements.every((p) => !p));
  };
  const frozenNotes = frozen.filter((f) => wouldMove(f.id)).map((f) => f.why);
  return { problem, rules, notes: [...notes.map((n) => n.message), ...frozenNotes], settingsNote: describeSettings(rules, { ...req.settings, mode: problem.mode }, req.timeLimitSec) };
}

/** The result of a solve as the user gets it: interpreted, patched, and checked on the cells as written. */
export function finish(req: OptimizeRequest, prepared: Prepared, answer: EngineAnswer): Outcome {
  if (answer.cancelled) return { kind: 'cancelled' };
  if (!answer.solution || answer.solution.status === 'failed') {
    const why = answer.solution?.message;
    return {
      kind: 'failed',
      attempts: answer.attempts,
      message: msg(`求解没有得到结果${why ? `：${why}` : ''}。请放宽时限或规则后再试。`, `The solve gave no answer${why ? `: ${why}` : ''}. Allow more time or relax the rules and try again.`),
    };
  }
  const result = interpret(req.plan, prepared.rules, prepared.problem, answer.solution, prepared.notes);
  // Two passes: the course cells as written, read back, give the sub-totals their figures; then the
  // whole patch, read back again, is what the report checks.
  const courses = readBack(req, buildPatch(req.plan, req.grids, result, prepared.rules, prepared.settingsNote, { coursesOnly: true }));
  const draft = buildPatch(req.plan, req.grids, result, prepared.rules, prepared.settingsNote, courses ? { written: courses } : {});
  const reread = readBack(req, draft);
  const verified = reread ? check(reread, prepared.rules) : result.check;
  const final: OptimizeResult = { ...result, check: verified };
  const patch = buildPatch(req.plan, req.grids, final, prepared.rules, prepared.settingsNote, { after: verified, ...(courses ? { written: courses } : {}) });
  const roundTrip = reread ? differences(result.plan, reread, prepared.rules) : ['the written sheets could not be read back'];
  return { kind: 'done', optimized: { result: final, patch, rules: prepared.rules, attempts: answer.attempts, settingsNote: prepared.settingsNote, roundTrip } };
}

/** prepare → solve on the face's engine → finish. */
export async function optimizeRequest(req: OptimizeRequest, engine: SolveEngine, signal?: AbortSignal): Promise<Outcome> {
  const prepared = prepare(req);
  const answer = await engine.solve(prepared.problem, req.timeLimitSec, signal);
  return finish(req, prepared, answer);
}

/** The sheets with the patch's values (and recalculated formula results) in them. */
export function patchedGrids(grids: Grid[], patch: Patch): Grid[] {
  const edits = new Map<string, Map<string, { v: number | string | null; keepFormula: boolean }>>();
  const at = (sheet: string) => edits.get(sheet) ?? edits.set(sheet, new Map()).get(sheet)!;
  for (const w of patch.writes) at(patch.sheet).set(w.address, { v: w.value, keepFormula: false });
  for (const r of patch.recalculated) at(r.sheet).set(r.address, { v: r.result, keepFormula: true });
  return grids.map((g) => {
    const mine = edits.get(g.sheet);
    if (!mine) return g;
    const cells = g.cells.map((row) => row.slice());
    for (const [address, e] of mine) {
      const m = /^([A-Z]{1,3})(\d+)$/.exec(address);
      if (!m) continue;
      let col = 0;
      for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
      const r = Number(m[2]) - 1 - g.originRow;
      const c = col - 1 - g.originCol;
      if (r < 0 || c < 0) continue;
      while (cells.length <= r) cells.push([]);
      const row = cells[r];
      while (row.length <= c) row.push(null);
      const old = row[c];
      if (e.keepFormula && old?.f) row[c] = { v: e.v, f: old.f };
      else row[c] = e.v === null ? null : { v: e.v };
    }
    return { ...g, cells };
  });
}

function readBack(req: OptimizeRequest, patch: Patch): Plan | null {
  const read = readWorkbook(patchedGrids(req.grids, patch), req.read);
  return read.chosen?.plan ?? null;
}

/** What differs between the optimizer's plan and the written one read back: hours per course and semester, and loads. */
export function differences(expected: Plan, actual: Plan, rules: Rules): string[] {
  const out: string[] = [];
  const key = (c: Plan['courses'][number]) => `${c.sheet ?? ''}!${c.row}`;
  const found = new Map(actual.courses.map((c) => [key(c), c]));
  for (const c of expected.courses) {
    const a = found.get(key(c));
    if (!a) {
      out.push(`${c.name}: not read back`);
      continue;
    }
    c.placements.forEach((p, i) => {
      const h = p?.hours ?? 0;
      const g = a.placements[i]?.hours ?? 0;
      if (Math.abs(h - g) > 1e-6) out.push(`${c.name} semester ${i + 1}: ${h} h expected, ${g} h read back`);
    });
  }
  const le = semesterLoads(expected, rules);
  const la = semesterLoads(actual, rules);
  le.forEach((l, i) => {
    if (Math.abs(l.weeklyHours - (la[i]?.weeklyHours ?? 0)) > 1e-6) out.push(`semester ${l.semester} load: ${l.weeklyHours} expected, ${la[i]?.weeklyHours} read back`);
  });
  return out;
}

/** The settings in one sentence for the report sheet: what a clerk set, in their words. */
export function describeSettings(rules: Rules, s: OptimizeSettings, timeLimitSec: number): Message {
  const cap = Array.isArray(rules.weeklyCap) ? rules.weeklyCap.join('/') : String(rules.weeklyCap);
  const preset = PRESET_NAMES[rules.preset];
  const avoid = Object.entries(s.avoid ?? {});
  const avoidZh = avoid.length ? `；避开：${avoid.map(([n, list]) => `${n} 第${list.join('、')}学期`).join('；')}` : '';
  const avoidEn = avoid.length ? `; kept out of: ${avoid.map(([n, list]) => `${n} semester ${list.join(', ')}`).join('; ')}` : '';
  const slack = s.totalSlack ? msg(`；课程总学时可增减 ${s.totalSlack} 学时`, `; course totals may move by ${s.totalSlack} h`) : msg('', '');
  const mode = MODE_NAMES[s.mode ?? 'keep'];
  return msg(
    `${preset.zh}；周学时上限 ${cap}；${mode.zh}；每门课最多 ${s.maxSpan ?? 4} 个学期；同一课程各学期周学时相差不超过 ${s.maxSpread ?? 1}${slack.zh}；求解时限 ${timeLimitSec} 秒${avoidZh}`,
    `${preset.en}; weekly cap ${cap}; ${mode.en}; at most ${s.maxSpan ?? 4} semesters a course; a course's weekly hours differ by at most ${s.maxSpread ?? 1}${slack.en}; time limit ${timeLimitSec} s${avoidEn}`,
  );
}
