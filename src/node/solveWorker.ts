/** worker_threads entry: one staged solve, posted back as a plain object. The parent may kill it. */
import { parentPort, workerData } from 'node:worker_threads';
import type { OptProblem } from '../core/optimizer/problem';
import { solveProblem } from '../core/optimizer/optimize';
import { jslpBackend } from '../core/optimizer/backends/jslp';
import { highsBackend, type HighsLike } from '../core/optimizer/backends/highs';

interface Job {
  problem: OptProblem;
  backend: 'jslp' | 'highs';
  timeLimitSec: number;
}

async function loadHighs(): Promise<HighsLike> {
  const loader = (await import('highs')).default as unknown as () => Promise<HighsLike>;
  return loader();
}

async function main(): Promise<void> {
  const job = workerData as Job;
  const backend = job.backend === 'highs' ? highsBackend(await loadHighs()) : jslpBackend;
  parentPort!.postMessage(solveProblem(job.problem, backend, job.timeLimitSec));
}

main().catch((e) => parentPort!.postMessage({ error: String(e instanceof Error ? e.stack : e) }));
