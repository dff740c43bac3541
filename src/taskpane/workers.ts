/**
 * How the page starts its Web Workers and gets HiGHS's WebAssembly. Served from dist/ (the pane in
 * Excel, index.html): the worker script and highs.wasm are files beside the page. In the single offline
 * file (plan-balancer.html, opened from disk: origin "null", nothing beside it to fetch) the build put
 * both in the page as inert data blocks: the worker starts from a blob: URL, which a file:// page may
 * create, and the wasm is decoded from base64 (highsWasm.ts). Workers are bundled on their own (webpack.config.js,
 * "workers"), so every worker must start here: a `new Worker(new URL(…))` elsewhere fails the build.
 */

/** The worker scripts' file names in dist/ (content-hashed), set by the build (webpack.config.js, "workers"). */
declare const PB_WORKERS: Record<WorkerName, string>;

/** solver: one staged solve (solver.worker.ts); load: one workbook read (xlsx/browser/load.worker.ts). */
export type WorkerName = 'solver' | 'load';

/** A data block the build put in the single file (<script type="text/plain" id=…>), or null on a served page. */
export function inlined(id: string): string | null {
  return typeof document === 'undefined' ? null : document.getElementById(id)?.textContent ?? null;
}

const blobUrls = new Map<string, string>();

/** Starts a worker; throws where the page may not start one (a file:// page's worker file, a CSP). */
export function startWorker(name: WorkerName): Worker {
  const source = inlined(`pb-worker-${name}`);
  if (source === null) return new Worker(new URL(PB_WORKERS[name], document.baseURI));
  let url = blobUrls.get(name);
  if (!url) blobUrls.set(name, (url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))));
  return new Worker(url);
}

export function startSolverWorker(): Worker {
  return startWorker('solver');
}
