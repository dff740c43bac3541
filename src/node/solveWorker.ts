/**
 * worker_threads entry: solves job after job with its engine loaded once — HiGHS's WebAssembly runs
 * several times faster once V8 has tiered it up, which a worker that solves once never gets to. The
 * parent may kill it at any time; a killed worker is never reused.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OptProblem } from '../core/optimizer/problem';
import { solveProblem } from '../core/optimizer/optimize';
import { jslpBackend } from '../core/optimizer/backends/jslp';
import { highsBackend, type HighsLike } from '../core/optimizer/backends/highs';
import type { Backend } from '../core/optimizer/model';

async function loadHighs(): Promise<HighsLike> {
  const loader = (await import('highs')).default as unknown as () => Promise<HighsLike>;
  return loader();
}

async function backendFor(name: 'jslp' | 'highs'): Promise<Backend> {
  return name === 'highs' ? highsBackend(await loadHighs()) : jslpBackend;
}

const errorOf = (e: unknown) => ({ error: String(e instanceof Error ? e.stack : e) });

async function main(): Promise<void> {
  const data = workerData as { backend: 'jslp' | 'highs' };
  const backend = await backendFor(data.backend);
  parentPort!.on('message', (job: { id: number; problem: OptProblem; timeLimitSec: number }) => {
    try {
      parentPort!.postMessage({ id: job.id, solution: solveProblem(job.problem, backend, job.timeLimitSec) });
    } catch (e) {
      parentPort!.postMessage({ id: job.id, ...errorOf(e) });
    }
  });
  parentPort!.postMessage({ ready: true });
}

main().catch((e) => parentPort!.postMessage(errorOf(e)));
