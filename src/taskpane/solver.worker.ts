/** Web Worker: one staged solve off the UI thread, so Excel never freezes. The pane may terminate it. */
import { highsBackend, type HighsLike } from '../core/optimizer/backends/highs';
import { jslpBackend } from '../core/optimizer/backends/jslp';
import { solveProblem } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';

interface Job {
  problem: OptProblem;
  backend: 'jslp' | 'highs';
  timeLimitSec: number;
}

self.onmessage = async (e: MessageEvent<Job>) => {
  try {
    const { problem, backend, timeLimitSec } = e.data;
    // HiGHS (WebAssembly) is fetched only when it is asked for.
    const engine = backend === 'highs' ? highsBackend(await ((await import(/* webpackChunkName: "highs" */ 'highs')).default as unknown as () => Promise<HighsLike>)()) : jslpBackend;
    self.postMessage({ solution: solveProblem(problem, engine, timeLimitSec) });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
