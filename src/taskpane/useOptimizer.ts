/** Optimize → preview → apply → restore, against whichever host the pane runs in. */

import { useCallback, useRef, useState } from 'react';
import type { Grid } from '../core/grid';
import { msg, type Lang } from '../core/message';
import { interpret, MODE_NAMES, type OptimizeMode, type OptimizeResult, type OptimizeSettings, problemFromPlan } from '../core/optimizer';
import { buildPatch, type Patch } from '../core/patch';
import type { Plan } from '../core/plan';
import type { Rules } from '../core/rules';
import { scenarioInputs, scenarioLine, type Scenario, type ScenarioLine } from '../core/scenario';
import { type ApplyReport, HostError, type PlanHost } from './host';
import { solveInBrowser } from './solverClient';

export type OptPhase = 'idle' | 'running' | 'compared' | 'preview' | 'applying' | 'applied' | 'cancelled';

export interface ScenarioRun {
  label: string;
  scenario: Scenario;
  line: ScenarioLine;
  result: OptimizeResult;
  patch: Patch;
}

export interface PaneOptimizeSettings {
  mode: OptimizeMode;
  timeLimitSec: number;
  maxSpan: number;
  /** Hours a course total may move up or down to meet the shares (0 = totals fixed). */
  totalSlack: number;
  /** The weekly cap of a what-if scenario (otherwise the rules' own). */
  cap?: number;
}

export function useOptimizer(host: PlanHost | null, onApplied: () => Promise<void>) {
  const [phase, setPhase] = useState<OptPhase>('idle');
  const [result, setResult] = useState<OptimizeResult | null>(null);
  const [patch, setPatch] = useState<Patch | null>(null);
  const [report, setReport] = useState<ApplyReport | null>(null);
  const [error, setError] = useState<{ zh: string; en: string } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [restored, setRestored] = useState(false);
  const [scenarios, setScenarios] = useState<ScenarioRun[] | null>(null);
  const abort = useRef<AbortController | null>(null);

  /** One solve in the browser worker, interpreted and turned into a patch; null when cancelled. */
  const solveOne = async (plan: Plan, grid: Grid, rules: Rules, s: PaneOptimizeSettings, signal: AbortSignal): Promise<{ result: OptimizeResult; patch: Patch } | null> => {
    const settings: OptimizeSettings = { mode: s.mode, maxSpan: s.maxSpan, ...(s.totalSlack > 0 ? { totalSlack: s.totalSlack } : {}), ...(s.cap !== undefined ? { cap: s.cap } : {}) };
    const { problem, notes } = problemFromPlan(plan, rules, settings);
    const solved = await solveInBrowser(problem, s.timeLimitSec, signal);
    if (solved.cancelled) return null;
    if (!solved.solution || solved.solution.status === 'failed') {
      throw new HostError(`求解失败：${solved.solution?.message ?? solved.attempts.map((a) => `${a.backend} ${a.outcome}`).join('，')}`, `The solver failed: ${solved.solution?.message ?? solved.attempts.map((a) => `${a.backend} ${a.outcome}`).join(', ')}`);
    }
    const r = interpret(plan, rules, problem, solved.solution, notes.map((n) => n.message));
    const cap = Array.isArray(rules.weeklyCap) ? rules.weeklyCap.join('/') : rules.weeklyCap;
    const note = msg(
      `预设 ${rules.preset}，周学时上限 ${cap}，${MODE_NAMES[s.mode].zh}，每门课最多 ${s.maxSpan} 个学期，时限 ${s.timeLimitSec} 秒`,
      `preset ${rules.preset}, weekly cap ${cap}, ${MODE_NAMES[s.mode].en}, at most ${s.maxSpan} semesters a course, time limit ${s.timeLimitSec} s`,
    );
    return { result: r, patch: buildPatch(plan, grid, r, rules, note) };
  };

  /** Runs `body` as the one job in flight: progress ticks, Cancel works, errors end up in `error`. */
  const job = async (body: (signal: AbortSignal) => Promise<void>) => {
    setError(null);
    setRestored(false);
    setPhase('running');
    setElapsed(0);
    const started = performance.now();
    const tick = setInterval(() => setElapsed(Math.round((performance.now() - started) / 1000)), 500);
    const ac = new AbortController();
    abort.current = ac;
    try {
      await body(ac.signal);
    } catch (e) {
      setError(e instanceof HostError ? { zh: e.zh, en: e.en } : { zh: String(e), en: String(e) });
      setPhase('idle');
    } finally {
      clearInterval(tick);
      abort.current = null;
    }
  };

  const run = useCallback(
    (plan: Plan, grid: Grid, rules: Rules, s: PaneOptimizeSettings) =>
      job(async (signal) => {
        setScenarios(null);
        const one = await solveOne(plan, grid, rules, s, signal);
        if (!one) return setPhase('cancelled');
        setResult(one.result);
        setPatch(one.patch);
        setPhase('preview');
      }),
    [],
  );

  /** What-if: the same settings under two to four scenarios (caps, internship semesters or modes), compared side by side; one is then chosen. */
  const compare = useCallback(
    (plan: Plan, grid: Grid, rules: Rules, s: PaneOptimizeSettings, scenarios: Scenario[]) =>
      job(async (signal) => {
        const out: ScenarioRun[] = [];
        for (const scenario of scenarios) {
          const laid = scenarioInputs(scenario, rules, { mode: s.mode });
          const settings: PaneOptimizeSettings = {
            ...s,
            ...(scenario.cap !== undefined ? { cap: scenario.cap } : {}),
            ...(scenario.mode ? { mode: scenario.mode } : {}),
            ...(scenario.totalSlack !== undefined ? { totalSlack: scenario.totalSlack } : {}),
          };
          const one = await solveOne(plan, grid, laid.rules, settings, signal);
          if (!one) return setPhase('cancelled');
          out.push({ label: scenario.label, scenario, line: scenarioLine(scenario.label, one.result), ...one });
        }
        setScenarios(out);
        setResult(null);
        setPatch(null);
        setPhase('compared');
      }),
    [],
  );

  /** The scenario to preview and apply. */
  const choose = useCallback((i: number) => {
    setScenarios((list) => {
      const chosen = list?.[i];
      if (chosen) {
        setResult(chosen.result);
        setPatch(chosen.patch);
        setPhase('preview');
      }
      return list;
    });
  }, []);

  const cancel = useCallback(() => abort.current?.abort(), []);

  const apply = useCallback(
    async (lang: Lang) => {
      if (!host || !patch) return;
      setPhase('applying');
      setError(null);
      try {
        setReport(await host.applyPatch(patch, lang));
        setPhase('applied');
        await onApplied();
      } catch (e) {
        setError(e instanceof HostError ? { zh: e.zh, en: e.en } : { zh: String(e), en: String(e) });
        setPhase('preview');
      }
    },
    [host, patch, onApplied],
  );

  const restore = useCallback(async () => {
    if (!host) return;
    setError(null);
    try {
      await host.restore();
      setRestored(true);
      setPhase('idle');
      setResult(null);
      setPatch(null);
      await onApplied();
    } catch (e) {
      setError(e instanceof HostError ? { zh: e.zh, en: e.en } : { zh: String(e), en: String(e) });
    }
  }, [host, onApplied]);

  return { phase, result, patch, report, error, elapsed, restored, scenarios, run, compare, choose, cancel, apply, restore };
}
