// webpack loader for the single offline file: highs.mjs's import.meta.url becomes "" so that its
// `new URL("highs.wasm", import.meta.url)` is not taken as an asset to emit beside the page. The page
// hands HiGHS the inlined bytes (instantiateWasm), so that URL is never used; highs.mjs guards the one
// other use (its script directory) with try/catch.
module.exports = function noImportMeta(source) {
  return source.replace(/import\.meta\.url/g, '""');
};
