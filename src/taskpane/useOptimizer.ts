/** Optimize → preview → apply → restore, against whichever host the pane runs in. */

import { useCallback, useRef, useState } from 'react';
import type { SolveEngine } from '../core/engine';
import type { OptimizeResult } from '../core/optimizer';
import type { Patch } from '../core/patch';
import { type OptimizeRequest, optimizeRequest } from '../core/pipeline';
import type { Rules } from '../core/rules';
import type { Message } from '../core/message';
import { scenarioBound, scenarioInputs, scenarioLine, scenarioSheetRows, type Scenario, type ScenarioLine } from '../core/scenario';
import { type ApplyReport, HostError, type PlanHost } from '../core/host';
import { type PaneOptimizeSettings, paneSettings } from './settings';
import { type SolveProgress, solveInBrowser } from './solverClient';

export type OptPhase = 'idle' | 'running' | 'compared' | 'preview' | 'applying' | 'applied' | 'cancelled';

export interface ScenarioRun {
  label: string;
  scenario: Scenario;
  line: ScenarioLine;
  /** What holds its largest weekly load where it is, in one sentence. */
  bound: Message;
  result: OptimizeResult;
  patch: Patch;
}

/** The plan as the pane read it: the plan, every sheet, and how they were read. */
export type PaneInput = Pick<OptimizeRequest, 'plan' | 'grids' | 'read'>;

/** The face's engine: Web Workers, or the page itself where it may not start one (said through onProgress). */
function browserEngine(onProgress: (p: SolveProgress) => void): SolveEngine {
  return {
    solve: async (problem, timeLimitSec, signal) => {
      const solved = await solveInBrowser(problem, timeLimitSec, signal ?? new AbortController().signal, onProgress);
      return { solution: solved.solution, attempts: solved.attempts, cancelled: solved.cancelled };
    },
  };
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
  /** Set while a solve runs on the page itself (no Web Worker here): the page pauses until it ends. */
  const [onPage, setOnPage] = useState<SolveProgress | null>(null);
  const abort = useRef<AbortController | null>(null);

  /** One solve in the browser's workers through the core pipeline (the CLI's, too); null when cancelled. */
  const solveOne = async (input: PaneInput, rules: Rules, s: PaneOptimizeSettings, signal: AbortSignal): Promise<{ result: OptimizeResult; patch: Patch } | null> => {
    const outcome = await optimizeRequest({ ...input, rules, settings: paneSettings(s), timeLimitSec: s.timeLimitSec }, browserEngine(setOnPage), signal);
    if (outcome.kind === 'cancelled') return null;
    if (outcome.kind === 'failed') throw new HostError(outcome.message.zh, outcome.message.en);
    return { result: outcome.optimized.result, patch: outcome.optimized.patch };
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
      setOnPage(null);
      abort.current = null;
    }
  };

  const run = useCallback(
    (input: PaneInput, rules: Rules, s: PaneOptimizeSettings) =>
      job(async (signal) => {
        setScenarios(null);
        const one = await solveOne(input, rules, s, signal);
        if (!one) return setPhase('cancelled');
        setResult(one.result);
        setPatch(one.patch);
        setPhase('preview');
      }),
    [],
  );

  /** What-if: the same settings under two to four scenarios (caps, internship semesters or modes), compared side by side; one is then chosen. */
  const compare = useCallback(
    (input: PaneInput, rules: Rules, s: PaneOptimizeSettings, scenarios: Scenario[]) =>
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
          const one = await solveOne(input, laid.rules, settings, signal);
          if (!one) return setPhase('cancelled');
          out.push({ label: scenario.label, scenario, line: scenarioLine(scenario.label, one.result), bound: scenarioBound(one.result), ...one });
        }
        setScenarios(out);
        setResult(null);
        setPatch(null);
        setPhase('compared');
      }),
    [],
  );

  /** The scenario to preview and apply; written with a 情景对比 sheet that keeps every scenario compared. */
  const choose = useCallback((i: number) => {
    setScenarios((list) => {
      const chosen = list?.[i];
      if (chosen && list) {
        setResult(chosen.result);
        const rows = (lang: 'zh' | 'en') => scenarioSheetRows(chosen.patch.sheet, list, i, lang);
        setPatch({ ...chosen.patch, scenarios: { zh: rows('zh'), en: rows('en') } });
        setPhase('preview');
      }
      return list;
    });
  }, []);

  const cancel = useCallback(() => abort.current?.abort(), []);

  const apply = useCallback(
    async () => {
      if (!host || !patch) return;
      setPhase('applying');
      setError(null);
      try {
        setReport(await host.applyPatch(patch));
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

  return { phase, result, patch, report, error, elapsed, onPage, restored, scenarios, run, compare, choose, cancel, apply, restore };
}
