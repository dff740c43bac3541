// Builds the task pane (dist/taskpane.html, loaded by Excel with office.js from Microsoft's CDN) and the
// standalone page (dist/index.html: the same pane for .xlsx files in a plain browser, no network at all).
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const OFFICE_CDN = 'https://appsforoffice.microsoft.com';

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

module.exports = async (env, argv) => {
  const dev = argv.mode !== 'production';
  const config = {
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].chunk.js' : '[name].[contenthash:8].chunk.js',
      clean: true,
      // Explicit, so webpack's "auto" public path (which needs a global-object shim) is not emitted.
      publicPath: '',
    },
    // Source maps without eval: the CSP forbids eval, in development too.
    devtool: dev ? 'source-map' : false,
    // highs.mjs imports node:module only when it runs under Node; the browser build never reaches it.
    // exceljs's "bare" build: the same library without core-js/regenerator polyfills modern browsers do not need.
    resolve: { extensions: ['.tsx', '.ts', '.js'], fallback: { module: false }, alias: { exceljs$: 'exceljs/dist/exceljs.bare.min.js' } },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'esnext', sourceMap: dev } } },
        },
      ],
    },
    performance: { hints: false },
    // No "global" shim: webpack's shim falls back to new Function('return this'), which the CSP forbids.
    node: { global: false },
    plugins: [
      new webpack.NormalModuleReplacementPlugin(/^node:module$/, (resource) => {
        resource.request = 'module';
      }),
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane'], officeJs: true, csp: csp(true) }),
      new HtmlWebpackPlugin({ filename: 'index.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane'], officeJs: false, csp: csp(false) }),
      new CopyWebpackPlugin({ patterns: [{ from: 'assets/*.png', to: 'assets/[name][ext]' }, { from: 'manifest.xml', to: 'manifest.xml' }] }),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, 'dist') },
      port: 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
    },
  };
  if (argv.env?.WEBPACK_SERVE || process.env.WEBPACK_SERVE) {
    // Office requires https for add-ins; office-addin-dev-certs installs a trusted localhost certificate.
    const devCerts = require('office-addin-dev-certs');
    config.devServer.server = { type: 'https', options: await devCerts.getHttpsServerOptions() };
  }
  return config;
};
