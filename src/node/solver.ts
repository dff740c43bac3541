/**
 * Solves in worker_threads so a caller is never hung: javascript-lp-solver does not always honour its
 * own timeout, so the worker is terminated at the deadline. "auto" races both engines on the two
 * cores and takes the first proven optimum, so it never takes longer than HiGHS alone.
 */
import type { SolveEngine } from '../core/engine';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RawSolution } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';
import { remainingSeconds } from './deadline';

export type SolverChoice = 'auto' | 'jslp' | 'highs';

/** How long auto lets HiGHS work alone before javascript-lp-solver joins the race. */
export const HEDGE_MS = 400;
/**
 * When every core is already solving (two plans of a batch at once), a third engine would only slow
 * the other plans down: javascript-lp-solver joins then only after this long, or once a core is free.
 */
export const HEDGE_BUSY_MS = 3000;
/**
 * Until this thread's HiGHS has finished a solve, its WebAssembly is still being compiled to fast
 * code on the other core: javascript-lp-solver joins only after this long (at 400 ms it had made a
 * single plan 0.4–0.6 s slower and 50 MB larger in a fresh process, and it never won those races).
 */
export const HEDGE_COLD_MS = 2000;
/** HiGHS solves this thread's workers have finished (0: its engine is still cold). */
let highsSolved = 0;
const CORES = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
/** Solves running on this thread's workers now. */
let running = 0;

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

/** Idle solving workers of this thread, per engine, kept warm for the next solve. */
const idle: Record<'jslp' | 'highs', Worker[]> = { jslp: [], highs: [] };
/** At most this many idle workers per engine (two cores: two solves at once). */
const MAX_IDLE = 2;
let jobIds = 0;

function spawnPersistent(backend: 'jslp' | 'highs'): Worker {
  const ts = __filename.endsWith('.ts');
  const file = path.join(__dirname, `solveWorker.${ts ? 'ts' : 'js'}`);
  // Under tsx (tests, bench) the worker registers tsx's require hook before loading the TypeScript.
  // A memory budget per engine: a runaway model ends that worker (ERR_WORKER_OUT_OF_MEMORY), never the process.
  const options = { workerData: { backend }, resourceLimits: { maxOldGenerationSizeMb: SOLVE_MEMORY_MB } };
  const worker = ts ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, ...options }) : new Worker(file, options);
  // A worker that dies while idle leaves the pool (a job given to it would wait for its deadline);
  // its error is the job's to report, so an idle one's is not an uncaught exception.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    const at = idle[backend].indexOf(worker);
    if (at >= 0) idle[backend].splice(at, 1);
  });
  return worker;
}

/**
 * Starts the engine's worker before the first solve needs it: the CLI calls this before it loads the
 * workbook library and reads the file, so loading HiGHS's WebAssembly overlaps that work.
 */
export function prewarm(choice: SolverChoice): void {
  const backend = choice === 'jslp' ? 'jslp' : 'highs';
  if (idle[backend].length) return;
  const worker = spawnPersistent(backend);
  worker.unref();
  idle[backend].push(worker);
}

/**
 * One staged solve on a worker of this thread's pool (a warm one when there is one). The worker is
 * killed at the deadline or on abort and never reused; after a clean answer it goes back to the pool,
 * unreferenced so that it never keeps the process alive.
 */
export function solveInWorker(problem: OptProblem, backend: 'jslp' | 'highs', timeLimitSec: number, signal?: AbortSignal): Promise<{ solution: RawSolution | null; killed: boolean; error?: string }> {
  const worker = idle[backend].pop() ?? spawnPersistent(backend);
  worker.ref();
  const id = ++jobIds;
  running++;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: { solution: RawSolution | null; killed: boolean; error?: string }, reusable = false) => {
      if (done) return;
      done = true;
      running--;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reusable && idle[backend].length < MAX_IDLE) {
        worker.unref();
        idle[backend].push(worker);
      } else void worker.terminate();
      resolve(r);
    };
    const onMessage = (m: { id?: number; ready?: true; solution?: RawSolution; error?: string }) => {
      if (m.ready || (m.id !== undefined && m.id !== id)) return;
      if (m.error !== undefined) finish({ solution: null, killed: false, error: m.error }, m.id === id);
      else if (m.solution) finish({ solution: m.solution, killed: false }, true);
    };
    const onError = (e: Error) => finish({ solution: null, killed: false, error: String(e) });
    const onExit = () => finish({ solution: null, killed: false, error: 'worker exited' });
    // The engine gets the time limit; the worker gets a little more to report, then it is killed.
    const timer = setTimeout(() => finish({ solution: null, killed: true }), timeLimitSec * 1000 + 2000);
    signal?.addEventListener('abort', () => finish({ solution: null, killed: true }));
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ id, problem, timeLimitSec });
  });
}

export async function solve(problem: OptProblem, choice: SolverChoice, timeLimitSec: number): Promise<SolveReport> {
  // The command's own deadline (--time-limit bounds the whole command): a solve gets what is left.
  timeLimitSec = Math.max(1, Math.min(timeLimitSec, remainingSeconds()));
  const attempts: Attempt[] = [];
  const stop = new AbortController();
  const attempt = async (backend: 'jslp' | 'highs') => {
    const t0 = Date.now();
    const r = await solveInWorker(problem, backend, timeLimitSec, stop.signal);
    if (backend === 'highs' && r.solution) highsSolved++;
    attempts.push({ backend, outcome: r.killed ? 'killed' : (r.solution?.status ?? 'failed'), seconds: (Date.now() - t0) / 1000 });
    return r.solution;
  };
  if (choice !== 'auto') return { solution: await attempt(choice), attempts };
  // HiGHS starts at once; the product's own engine joins the race if HiGHS has not answered within
  // HEDGE_MS (a warm HiGHS proves most plans sooner, and the two cores stay free for other plans).
  // The first proven optimum wins and the other is stopped, so auto is never slower than HiGHS alone.
  const settled: { b: 'jslp' | 'highs'; solution: RawSolution | null }[] = [];
  const jobs: Promise<unknown>[] = [];
  const proven = await new Promise<RawSolution | null>((resolve) => {
    const start = (b: 'jslp' | 'highs'): void => {
      const job = attempt(b).then((solution): void => {
        settled.push({ b, solution });
        if (solution?.status === 'optimal') resolve(solution);
        // HiGHS came back without a proven optimum: the other engine gets its turn now.
        else if (b === 'highs' && jobs.length === 1) {
          clearTimeout(hedge);
          start('jslp');
        } else if (settled.length === jobs.length) resolve(null);
      });
      jobs.push(job);
    };
    start('highs');
    // (Answers arrive asynchronously, so `hedge` is set before any callback above can read it.)
    const t0 = Date.now();
    const join = () => {
      if (jobs.length !== 1 || settled.length) return;
      if (running < CORES || Date.now() - t0 >= HEDGE_BUSY_MS) start('jslp');
      else hedge = setTimeout(join, 100);
    };
    let hedge = setTimeout(join, highsSolved ? HEDGE_MS : HEDGE_COLD_MS);
    stop.signal.addEventListener('abort', () => clearTimeout(hedge));
  });
  if (proven) {
    stop.abort();
    await Promise.all(jobs);
    return { solution: proven, attempts };
  }
  const usable = settled.map((r) => r.solution).filter((x): x is RawSolution => !!x && x.status !== 'failed');
  return { solution: usable[0] ?? settled.find((r) => r.solution)?.solution ?? null, attempts };
}

/** The CLI's engine for the core pipeline: worker threads, the engines raced as `choice` says. */
export function nodeEngine(choice: SolverChoice): SolveEngine {
  return { solve: (problem, timeLimitSec) => solve(problem, choice, timeLimitSec) };
}
