/** Files webpack bundles as URLs (webpack.config.js): the example workbook (a data: URL) and highs.wasm (a file in dist/). */
declare module '*.xlsx' {
  const url: string;
  export default url;
}
declare module 'highs/runtime' {
  const url: string;
  export default url;
}
