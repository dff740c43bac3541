/** Runs solves in Web Workers: both engines race on two cores; Cancel or the deadline terminates them. */
import type { RawSolution } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';

export type Engine = 'jslp' | 'highs';

export interface BrowserSolve {
  solution: RawSolution | null;
  attempts: { backend: Engine; outcome: string; seconds: number }[];
  cancelled: boolean;
}

function runOne(problem: OptProblem, backend: Engine, timeLimitSec: number, signal: AbortSignal): Promise<{ solution: RawSolution | null; outcome: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./solver.worker.ts', import.meta.url));
    let done = false;
    const finish = (r: { solution: RawSolution | null; outcome: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ solution: null, outcome: 'killed' }), timeLimitSec * 1000 + 2000);
    signal.addEventListener('abort', () => finish({ solution: null, outcome: 'cancelled' }));
    worker.onmessage = (e: MessageEvent<{ solution?: RawSolution; error?: string }>) => finish(e.data.solution ? { solution: e.data.solution, outcome: e.data.solution.status } : { solution: null, outcome: `error: ${e.data.error}` });
    worker.onerror = (e) => finish({ solution: null, outcome: `error: ${e.message}` });
    worker.postMessage({ problem, backend, timeLimitSec });
  });
}

export async function solveInBrowser(problem: OptProblem, timeLimitSec: number, cancel: AbortSignal): Promise<BrowserSolve> {
  const race = new AbortController();
  cancel.addEventListener('abort', () => race.abort());
  const attempts: BrowserSolve['attempts'] = [];
  const t0 = performance.now();
  const jobs = (['jslp', 'highs'] as Engine[]).map((b) =>
    runOne(problem, b, timeLimitSec, race.signal).then((r) => {
      attempts.push({ backend: b, outcome: r.outcome, seconds: (performance.now() - t0) / 1000 });
      return r.solution;
    }),
  );
  const results: (RawSolution | null)[] = [];
  const proven = await new Promise<RawSolution | null>((resolve) => {
    for (const j of jobs)
      void j.then((s) => {
        results.push(s);
        if (s?.status === 'optimal') resolve(s);
        else if (results.length === jobs.length) resolve(null);
      });
  });
  race.abort();
  await Promise.all(jobs);
  const solution = proven ?? results.find((s) => s && s.status !== 'failed') ?? null;
  return { solution, attempts, cancelled: cancel.aborted };
}
