/** highs.wasm's bytes for the solver workers and the page-thread fallback: fetched beside the page, or decoded from the single file. */
import highsWasmUrl from 'highs/runtime';
import { bytesOfBase64 } from './dataUrl';
import { inlined } from './workers';

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
