/** Web Worker: one staged solve off the UI thread, so Excel never freezes. The pane may terminate it. */
import { highsBackend } from '../core/optimizer/backends/highs';
import { jslpBackend } from '../core/optimizer/backends/jslp';
import { solveProblem } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';
import { loadHighs } from './highs';

interface Job {
  problem: OptProblem;
  backend: 'jslp' | 'highs';
  timeLimitSec: number;
  /** highs.wasm's bytes when the page carries them (the single offline file). */
  wasm?: Uint8Array;
}

self.onmessage = async (e: MessageEvent<Job>) => {
  try {
    const { problem, backend, timeLimitSec, wasm } = e.data;
    // HiGHS (WebAssembly) is loaded only when it is asked for.
    const engine = backend === 'highs' ? highsBackend(await loadHighs(wasm)) : jslpBackend;
    self.postMessage({ solution: solveProblem(problem, engine, timeLimitSec) });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};

// Started: a worker that fails to start (a page whose origin may not run it) never says this.
self.postMessage({ ready: true });
