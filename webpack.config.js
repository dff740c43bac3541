// Builds, into dist/:
// - taskpane.html: the task pane Excel loads (office.js from Microsoft's CDN), with its chunks and highs.wasm;
// - index.html: the same pane as a page for .xlsx files in a plain browser, served from the same folder;
// - plan-balancer.html: index.html as ONE self-contained file a clerk double-clicks (file://, no server, no
//   network): its chunks, the solver worker and highs.wasm inlined (src/taskpane/workers.ts reads them);
// - solver.worker.*.js: the solver Web Worker, bundled on its own so that both pages can start it;
// - manifest.xml: for the dev server, or for a school's address with `--env url=https://plans.school.example/pb/`.
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { manifestFor } = require('./scripts/deploy-manifest');

const OFFICE_CDN = 'https://appsforoffice.microsoft.com';
const DIST = path.resolve(__dirname, 'dist');

function csp(withOffice) {
  const office = withOffice ? ` ${OFFICE_CDN}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${office} 'wasm-unsafe-eval'`,
    // Fluent UI (Griffel) inserts its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${office}`,
    "worker-src 'self' blob:",
    `frame-src 'self'${office}`,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

/** The single file's policy: its own inline scripts and blob: workers, nothing fetched from anywhere. */
const SINGLE_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:",
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const tsRule = (dev) => ({
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'esnext', sourceMap: dev } } },
});

// HiGHS gets highs.wasm as bytes from the page (instantiateWasm), so highs.mjs's `new URL("highs.wasm",
// import.meta.url)` must not make webpack emit a second copy: its import.meta.url is left empty.
const highsWithoutUrl = { test: /highs[\\/]build[\\/]highs\.mjs$/, loader: path.resolve(__dirname, 'scripts/no-import-meta-loader.js') };

const common = (dev) => ({
  mode: dev ? 'development' : 'production',
  // Source maps without eval: the CSP forbids eval, in development too.
  devtool: dev ? 'source-map' : false,
  performance: { hints: false },
  // No "global" shim: webpack's shim falls back to new Function('return this'), which the CSP forbids.
  node: { global: false },
  // exceljs's "bare" build: the same library without core-js/regenerator polyfills modern browsers do not need.
  resolve: { extensions: ['.tsx', '.ts', '.js'], fallback: { module: false }, alias: { exceljs$: 'exceljs/dist/exceljs.bare.min.js' } },
});

// highs.mjs imports node:module only when it runs under Node; the browser build never reaches it.
const nodeModuleStub = () =>
  new webpack.NormalModuleReplacementPlugin(/^node:module$/, (resource) => {
    resource.request = 'module';
  });

/** What the workers' build hands the pane's: each worker's file name and source (for the single file). */
const built = { workers: {} };

/** Each Web Worker as one script with everything it imports (no chunks to fetch: a blob: worker could not). */
function workersConfig(dev) {
  return {
    ...common(dev),
    name: 'workers',
    target: 'webworker',
    entry: { solver: './src/taskpane/solver.worker.ts', load: './src/xlsx/browser/load.worker.ts' },
    output: { path: DIST, filename: dev ? '[name].worker.js' : '[name].worker.[contenthash:8].js', publicPath: '', clean: true },
    module: { rules: [tsRule(dev), highsWithoutUrl] },
    // Each worker one file with everything it needs: no chunk shared between them, none loaded later.
    optimization: { splitChunks: false, runtimeChunk: false },
    plugins: [
      nodeModuleStub(),
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 2 }),
      {
        apply: (compiler) =>
          compiler.hooks.thisCompilation.tap('PlanBalancerWorkers', (compilation) =>
            compilation.hooks.processAssets.tap({ name: 'PlanBalancerWorkers', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
              for (const [name, entry] of compilation.entrypoints) {
                const file = [...entry.getEntrypointChunk().files].find((f) => f.endsWith('.js'));
                built.workers[name] = { file, source: compilation.assets[file].source().toString(), licence: compilation.assets[`${file}.LICENSE.txt`]?.source().toString() ?? '' };
              }
            }),
          ),
      },
    ],
  };
}

function paneConfig(dev, url) {
  return {
    ...common(dev),
    name: 'pane',
    dependencies: ['workers'],
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: DIST,
      filename: dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].chunk.js' : '[name].[contenthash:8].chunk.js',
      assetModuleFilename: '[name].[contenthash:8][ext]',
      // The workers' build cleaned dist/ and wrote its scripts first.
      clean: false,
      // Explicit, so webpack's "auto" public path (which needs a global-object shim) is not emitted.
      publicPath: '',
    },
    module: {
      rules: [
        tsRule(dev),
        highsWithoutUrl,
        // The example workbook the first-run card opens: inlined (9 KB), so the single file has it too.
        { test: /\.xlsx$/, type: 'asset/inline' },
        { test: /highs\.wasm$/, type: 'asset/resource' },
      ],
    },
    plugins: [
      nodeModuleStub(),
      new webpack.DefinePlugin({ PB_WORKERS: webpack.DefinePlugin.runtimeValue(() => JSON.stringify(Object.fromEntries(Object.entries(built.workers).map(([k, w]) => [k, w.file]))), true) }),
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane'], officeJs: true, csp: csp(true), icon: 'assets/icon-32.png' }),
      new HtmlWebpackPlugin({ filename: 'index.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane'], officeJs: false, csp: csp(false), icon: 'assets/icon-32.png' }),
      new SingleFilePlugin('index.html', 'plan-balancer.html'),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: (content) => (url ? manifestFor(content.toString('utf8'), url) : content) },
        ],
      }),
    ],
    devServer: {
      static: { directory: DIST },
      port: 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
    },
  };
}

/**
 * plan-balancer.html: the standalone page with everything it loads inside it. Its chunks become inline
 * scripts before its own (webpack's runtime takes chunks already pushed as loaded, so it never fetches
 * one); the workers and highs.wasm (base64) become inert data blocks that workers.ts reads. The licence
 * texts of the inlined code go at the top, as a comment. A worker started any other way than through
 * workers.ts would be a file the single page cannot load: that fails the build.
 */
class SingleFilePlugin {
  constructor(from, to) {
    this.from = from;
    this.to = to;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('SingleFilePlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'SingleFilePlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        if (compilation.asyncEntrypoints.length) {
          compilation.errors.push(new webpack.WebpackError(`${this.to}: a Web Worker is started with new Worker(new URL(…)); start it through src/taskpane/workers.ts (built by the "workers" config) so the single file can carry it`));
          return;
        }
        const source = (name) => compilation.assets[name].source().toString();
        // "</script" inside code would end the element: written "<\/script" it means the same to JavaScript.
        const inert = (code) => code.replace(/<\/script/gi, '<\\/script').replace(/\/\*! For license information please see [^*]*\*\//g, '/*! licences: at the top of this file */');
        const scripts = [];
        const licences = [];
        for (const chunk of compilation.chunks) {
          for (const file of chunk.files) {
            if (!file.endsWith('.js')) continue;
            // The entry (with webpack's runtime) last: every other chunk is then already there when it starts.
            if (chunk.hasRuntime()) scripts.push(file);
            else scripts.unshift(file);
            if (compilation.assets[`${file}.LICENSE.txt`]) licences.push(source(`${file}.LICENSE.txt`));
          }
        }
        const blocks = Object.entries(built.workers).map(([name, w]) => {
          if (w.licence) licences.push(w.licence);
          return `<script type="text/plain" id="pb-worker-${name}">${inert(w.source)}</script>`;
        });
        const wasm = Object.keys(compilation.assets).find((a) => a.endsWith('.wasm'));
        if (wasm) blocks.push(`<script type="text/plain" id="pb-highs-wasm">${Buffer.from(compilation.assets[wasm].source()).toString('base64')}</script>`);
        const icon = `data:image/png;base64,${fs.readFileSync(path.join(__dirname, 'assets/icon-32.png')).toString('base64')}`;
        // index.html as HtmlWebpackPlugin wrote it (minified: attribute values may be unquoted).
        const value = '("[^"]*"|[^\\s>]+)';
        let html = source(this.from)
          .replace(new RegExp(`<script\\b[^>]*\\bsrc=${value}[^>]*></script>`, 'g'), '')
          .replace(new RegExp(`(http-equiv="?Content-Security-Policy"? content=)${value}`), `$1"${SINGLE_CSP}"`)
          .replace(new RegExp(`(<link rel="?icon"? href=)${value}`), `$1"${icon}"`);
        const loads = /\b(?:src|href)=(?!"?data:)("[^"]*"|[^\s>]+)/.exec(html);
        if (loads) compilation.errors.push(new webpack.WebpackError(`${this.to} would still load a file: ${loads[0]}`));
        const inline = scripts.map((f) => `<script>${inert(source(f))}</script>`).join('\n');
        html = html.replace(/<\/body>/i, () => `${blocks.join('\n')}\n${inline}\n</body>`);
        // An HTML comment may not hold "--".
        if (licences.length) html = html.replace(/^<!doctype html>/i, (d) => `${d}\n<!-- Third-party licences of the code inlined below:\n${licences.join('\n').replace(/--/g, '- -')}\n-->`);
        // Minified already, piece by piece: the minimizer must not take the page for a script.
        compilation.emitAsset(this.to, new webpack.sources.RawSource(html), { minimized: true });
      });
    });
  }
}

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode !== 'production';
  const configs = [workersConfig(dev), paneConfig(dev, env.url)];
  if (env.WEBPACK_SERVE || process.env.WEBPACK_SERVE) {
    // Office requires https for add-ins; office-addin-dev-certs installs a trusted localhost certificate.
    const devCerts = require('office-addin-dev-certs');
    configs[1].devServer.server = { type: 'https', options: await devCerts.getHttpsServerOptions() };
  }
  // The dev server takes its options from the first configuration.
  configs[0].devServer = configs[1].devServer;
  return configs;
};
