/**
 * HiGHS in the browser: the WebAssembly is fetched beside the bundle (dist/), or, in the single offline
 * file, handed over as bytes (there is nothing beside a file opened from disk to fetch).
 */
import type { HighsLike } from '../core/optimizer/backends/highs';

type HighsFactory = (options?: { instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => object }) => Promise<HighsLike>;

export async function loadHighs(wasm?: Uint8Array): Promise<HighsLike> {
  const factory = (await import(/* webpackChunkName: "highs" */ 'highs')).default as unknown as HighsFactory;
  if (!wasm) return factory();
  return factory({
    // Emscripten's hook: compile the bytes we have instead of fetching highs.wasm.
    instantiateWasm: (imports, done) => {
      void WebAssembly.instantiate(wasm as BufferSource, imports).then((r) => done(r.instance));
      return {};
    },
  });
}
