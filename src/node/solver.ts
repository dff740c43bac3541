/**
 * Solves in worker_threads so a caller is never hung: javascript-lp-solver does not always honour its
 * own timeout, so the worker is terminated at the deadline. "auto" races both engines on the two
 * cores and takes the first proven optimum, so it never takes longer than HiGHS alone.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RawSolution } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';

export type SolverChoice = 'auto' | 'jslp' | 'highs';

/** Heap each solving worker may use (two run at once on the two cores). */
export const SOLVE_MEMORY_MB = 1024;

export interface Attempt {
  backend: 'jslp' | 'highs';
  outcome: 'optimal' | 'feasible' | 'failed' | 'killed';
  seconds: number;
}

export interface SolveReport {
  solution: RawSolution | null;
  attempts: Attempt[];
}

export function solveInWorker(problem: OptProblem, backend: 'jslp' | 'highs', timeLimitSec: number, signal?: AbortSignal): Promise<{ solution: RawSolution | null; killed: boolean; error?: string }> {
  const ts = __filename.endsWith('.ts');
  const file = path.join(__dirname, `solveWorker.${ts ? 'ts' : 'js'}`);
  return new Promise((resolve) => {
    // Under tsx (tests, bench) the worker registers tsx's require hook before loading the TypeScript.
    // A memory budget per engine: a runaway model ends that worker (ERR_WORKER_OUT_OF_MEMORY), never the process.
    const resourceLimits = { maxOldGenerationSizeMb: SOLVE_MEMORY_MB };
    const worker = ts
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: { problem, backend, timeLimitSec }, resourceLimits })
      : new Worker(file, { workerData: { problem, backend, timeLimitSec }, resourceLimits });
    let done = false;
    const finish = (r: { solution: RawSolution | null; killed: boolean; error?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    // The engine gets the time limit; the worker gets a little more to report, then it is killed.
    const timer = setTimeout(() => finish({ solution: null, killed: true }), timeLimitSec * 1000 + 2000);
    signal?.addEventListener('abort', () => finish({ solution: null, killed: true }));
    worker.once('message', (m: RawSolution | { error: string }) => ('error' in m ? finish({ solution: null, killed: false, error: m.error }) : finish({ solution: m, killed: false })));
    worker.once('error', (e) => finish({ solution: null, killed: false, error: String(e) }));
    worker.once('exit', () => finish({ solution: null, killed: false, error: 'worker exited' }));
  });
}

export async function solve(problem: OptProblem, choice: SolverChoice, timeLimitSec: number): Promise<SolveReport> {
  const attempts: Attempt[] = [];
  const stop = new AbortController();
  const attempt = async (backend: 'jslp' | 'highs') => {
    const t0 = Date.now();
    const r = await solveInWorker(problem, backend, timeLimitSec, stop.signal);
    attempts.push({ backend, outcome: r.killed ? 'killed' : (r.solution?.status ?? 'failed'), seconds: (Date.now() - t0) / 1000 });
    return r.solution;
  };
  if (choice !== 'auto') return { solution: await attempt(choice), attempts };
  // Both engines race on the two cores; the first proven optimum wins and the other is stopped.
  // The product's own engine wins ties: it is asked first and needs no WebAssembly.
  const jobs = (['jslp', 'highs'] as const).map((b) => attempt(b).then((solution) => ({ b, solution })));
  const settled: { b: 'jslp' | 'highs'; solution: RawSolution | null }[] = [];
  const proven = await new Promise<RawSolution | null>((resolve) => {
    for (const j of jobs)
      void j.then((r) => {
        settled.push(r);
        if (r.solution?.status === 'optimal') resolve(r.solution);
        else if (settled.length === jobs.length) resolve(null);
      });
  });
  if (proven) {
    stop.abort();
    await Promise.all(jobs);
    return { solution: proven, attempts };
  }
  const usable = settled.map((r) => r.solution).filter((x): x is RawSolution => !!x && x.status !== 'failed');
  return { solution: usable[0] ?? settled.find((r) => r.solution)?.solution ?? null, attempts };
}
