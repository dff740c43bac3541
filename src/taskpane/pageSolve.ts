/**
 * No worker: one engine on the page itself — HiGHS where its WebAssembly can be had, else the
 * product's own engine. The pane is told first and given a moment to say so, because the page
 * cannot repaint until the solve ends (within the time limit).
 */
import { highsBackend } from '../core/optimizer/backends/highs';
import { jslpBackend } from '../core/optimizer/backends/jslp';
import type { Backend } from '../core/optimizer/model';
import { solveProblem } from '../core/optimizer/optimize';
import type { OptProblem } from '../core/optimizer/problem';
import { loadHighs } from './highs';
import type { BrowserSolve, Engine, SolveProgress } from './solverClient';

export async function solveOnPage(problem: OptProblem, timeLimitSec: number, wasm: Uint8Array | undefined, onProgress?: (p: SolveProgress) => void): Promise<BrowserSolve> {
  onProgress?.({ kind: 'main-thread', timeLimitSec });
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  let backend: Backend = jslpBackend;
  let name: Engine = 'jslp';
  try {
    backend = highsBackend(await loadHighs(wasm));
    name = 'highs';
  } catch {
    // highs.wasm cannot be fetched from this page (a file:// page): the product's own engine.
  }
  const solution = solveProblem(problem, backend, timeLimitSec);
  return { solution, attempts: [{ backend: name, outcome: `${solution.status} (page)`, seconds: (performance.now() - t0) / 1000 }], cancelled: false };
}
