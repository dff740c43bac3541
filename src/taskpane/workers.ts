/**
 * How the page starts its Web Workers and gets HiGHS's WebAssembly. Served from dist/ (the pane in
 * Excel, index.html): the worker script and highs.wasm are files beside the page. In the single offline
 * file (plan-balancer.html, opened from disk: origin "null", nothing beside it to fetch) the build put
 * both in the page as inert data blocks: the worker starts from a blob: URL, which a file:// page may
 * create, and the wasm is decoded from base64. Workers are bundled on their own (webpack.config.js,
 * "workers"), so every worker must start here: a `new Worker(new URL(…))` elsewhere fails the build.
 */
import highsWasmUrl from 'highs/runtime';
import { bytesOfBase64 } from './dataUrl';

/** The worker scripts' file names in dist/ (content-hashed), set by the build. */
declare const PB_WORKERS: Record<'solver', string>;

/** A data block the build put in the single file (<script type="text/plain" id=…>), or null on a served page. */
function inlined(id: string): string | null {
  return typeof document === 'undefined' ? null : document.getElementById(id)?.textContent ?? null;
}

const blobUrls = new Map<string, string>();

function start(name: keyof typeof PB_WORKERS): Worker {
  const source = inlined(`pb-worker-${name}`);
  if (source === null) return new Worker(new URL(PB_WORKERS[name], document.baseURI));
  let url = blobUrls.get(name);
  if (!url) blobUrls.set(name, (url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))));
  return new Worker(url);
}

export function startSolverWorker(): Worker {
  return start('solver');
}

let wasm: Promise<Uint8Array> | undefined;

/** highs.wasm's bytes, fetched or decoded once per page; every worker and the page-thread fallback get them. */
export function highsWasm(): Promise<Uint8Array> {
  wasm ??= (async () => {
    const text = inlined('pb-highs-wasm');
    if (text !== null) return bytesOfBase64(text.trim());
    const response = await fetch(highsWasmUrl);
    if (!response.ok) throw new Error(`highs.wasm: ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  })();
  // A failed fetch is not kept: the next solve tries again.
  wasm.catch(() => (wasm = undefined));
  return wasm;
}
