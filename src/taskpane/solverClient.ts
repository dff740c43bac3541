/**
 * Runs solves in Web Workers: both engines race on two cores; Cancel or the deadline terminates them.
 * Where the page may not start a worker at all, the solve runs on the page itself (said first, since
 * the page then pauses until it ends).
 */
import type { RawSolution } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';
import { highsWasm } from './highsWasm';
import { startSolverWorker } from './workers';

export type Engine = 'jslp' | 'highs';

export interface BrowserSolve {
  solution: RawSolution | null;
  attempts: { backend: Engine; outcome: string; seconds: number }[];
  cancelled: boolean;
}

/** What the pane is told while it waits: the solve moved onto the page itself. */
export type SolveProgress = { kind: 'main-thread'; timeLimitSec: number };

/** 'no-worker': this page may not start one (a file:// page's worker file, a CSP); the solve did not run. */
type RunOutcome = { solution: RawSolution | null; outcome: string };
const NO_WORKER = 'no-worker';

function runOne(problem: OptProblem, backend: Engine, timeLimitSec: number, wasm: Uint8Array | undefined, signal: AbortSignal): Promise<RunOutcome> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = startSolverWorker();
    } catch {
      // e.g. "Failed to construct 'Worker' … origin 'null'" on a page opened from disk.
      resolve({ solution: null, outcome: NO_WORKER });
      return;
    }
    let done = false;
    let started = false;
    const finish = (r: RunOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ solution: null, outcome: 'killed' }), timeLimitSec * 1000 + 2000);
    signal.addEventListener('abort', () => finish({ solution: null, outcome: 'cancelled' }));
    worker.onmessage = (e: MessageEvent<{ ready?: boolean; solution?: RawSolution; error?: string }>) => {
      if (e.data.ready) {
        started = true;
        return;
      }
      finish(e.data.solution ? { solution: e.data.solution, outcome: e.data.solution.status } : { solution: null, outcome: `error: ${e.data.error}` });
    };
    // An error before the worker said it started: it could not load (blocked, missing file).
    worker.onerror = (e) => finish({ solution: null, outcome: started ? `error: ${e.message}` : NO_WORKER });
    worker.postMessage({ problem, backend, timeLimitSec, ...(wasm ? { wasm } : {}) });
  });
}

export async function solveInBrowser(problem: OptProblem, timeLimitSec: number, cancel: AbortSignal, onProgress?: (p: SolveProgress) => void): Promise<BrowserSolve> {
  const race = new AbortController();
  cancel.addEventListener('abort', () => race.abort());
  const attempts: BrowserSolve['attempts'] = [];
  const t0 = performance.now();
  // Without highs.wasm (a page that cannot fetch it) the product's own engine still runs.
  const wasm = await highsWasm().catch(() => undefined);
  const jobs = (['jslp', 'highs'] as Engine[]).map((b) =>
    runOne(problem, b, timeLimitSec, wasm, race.signal).then((r) => {
      if (r.outcome !== NO_WORKER) attempts.push({ backend: b, outcome: r.outcome, seconds: (performance.now() - t0) / 1000 });
      return r;
    }),
  );
  const results: RunOutcome[] = [];
  const proven = await new Promise<RawSolution | null>((resolve) => {
    for (const j of jobs)
      void j.then((r) => {
        results.push(r);
        if (r.solution?.status === 'optimal') resolve(r.solution);
        else if (results.length === jobs.length) resolve(null);
      });
  });
  race.abort();
  await Promise.all(jobs);
  if (!proven && results.every((r) => r.outcome === NO_WORKER) && !cancel.aborted) {
    // The engines come with the fallback, loaded only when a page needs it.
    const { solveOnPage } = await import(/* webpackChunkName: "page-solve" */ './pageSolve');
    return solveOnPage(problem, timeLimitSec, wasm, onProgress);
  }
  const solution = proven ?? results.map((r) => r.solution).find((s) => s && s.status !== 'failed') ?? null;
  return { solution, attempts, cancelled: cancel.aborted };
}

