/** Optimize → preview → apply → restore, against whichever host the pane runs in. */

import { useCallback, useRef, useState } from 'react';
import type { Grid } from '../core/grid';
import { msg, type Lang } from '../core/message';
import { interpret, MODE_NAMES, type OptimizeMode, type OptimizeResult, type OptimizeSettings, problemFromPlan } from '../core/optimizer';
import { buildPatch, type Patch } from '../core/patch';
import type { Plan } from '../core/plan';
import type { Rules } from '../core/rules';
import { type ApplyReport, HostError, type PlanHost } from './host';
import { solveInBrowser } from './solverClient';

export type OptPhase = 'idle' | 'running' | 'preview' | 'applying' | 'applied' | 'cancelled';

export interface PaneOptimizeSettings {
  mode: OptimizeMode;
  timeLimitSec: number;
  maxSpan: number;
  /** Hours a course total may move up or down to meet the shares (0 = totals fixed). */
  totalSlack: number;
}

export function useOptimizer(host: PlanHost | null, onApplied: () => Promise<void>) {
  const [phase, setPhase] = useState<OptPhase>('idle');
  const [result, setResult] = useState<OptimizeResult | null>(null);
  const [patch, setPatch] = useState<Patch | null>(null);
  const [report, setReport] = useState<ApplyReport | null>(null);
  const [error, setError] = useState<{ zh: string; en: string } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [restored, setRestored] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const run = useCallback(async (plan: Plan, grid: Grid, rules: Rules, s: PaneOptimizeSettings) => {
    setError(null);
    setRestored(false);
    setPhase('running');
    setElapsed(0);
    const started = performance.now();
    const tick = setInterval(() => setElapsed(Math.round((performance.now() - started) / 1000)), 500);
    const ac = new AbortController();
    abort.current = ac;
    try {
      const settings: OptimizeSettings = { mode: s.mode, maxSpan: s.maxSpan, ...(s.totalSlack > 0 ? { totalSlack: s.totalSlack } : {}) };
      const { problem, notes } = problemFromPlan(plan, rules, settings);
      const solved = await solveInBrowser(problem, s.timeLimitSec, ac.signal);
      if (solved.cancelled) {
        setPhase('cancelled');
        return;
      }
      if (!solved.solution || solved.solution.status === 'failed') {
        setError({ zh: `求解失败：${solved.solution?.message ?? solved.attempts.map((a) => `${a.backend} ${a.outcome}`).join('，')}`, en: `The solver failed: ${solved.solution?.message ?? solved.attempts.map((a) => `${a.backend} ${a.outcome}`).join(', ')}` });
        setPhase('idle');
        return;
      }
      const r = interpret(plan, rules, problem, solved.solution, notes.map((n) => n.message));
      const cap = Array.isArray(rules.weeklyCap) ? rules.weeklyCap.join('/') : rules.weeklyCap;
      const note = msg(
        `预设 ${rules.preset}，周学时上限 ${cap}，${MODE_NAMES[s.mode].zh}，每门课最多 ${s.maxSpan} 个学期，时限 ${s.timeLimitSec} 秒`,
        `preset ${rules.preset}, weekly cap ${cap}, ${MODE_NAMES[s.mode].en}, at most ${s.maxSpan} semesters a course, time limit ${s.timeLimitSec} s`,
      );
      setResult(r);
      setPatch(buildPatch(plan, grid, r, rules, note));
      setPhase('preview');
    } catch (e) {
      setError(e instanceof HostError ? { zh: e.zh, en: e.en } : { zh: String(e), en: String(e) });
      setPhase('idle');
    } finally {
      clearInterval(tick);
      abort.current = null;
    }
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

  return { phase, result, patch, report, error, elapsed, restored, run, cancel, apply, restore };
}
