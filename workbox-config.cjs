// workbox injectManifest over the built app (run by `cargo xtask dist` after trunk and the
// wasm split): lists every file, with a revision for the unhashed ones, in place of
// self.__WB_MANIFEST in sw.js.
const path = require('node:path');

const dir = process.env.MIZ_SW_DIR || path.join(__dirname, 'dist');

module.exports = {
  globDirectory: dir,
  globPatterns: ['**/*.{html,js,wasm,css,woff2,svg,json}'],
  // The embedding demo pages and the staff workbench are not part of the desk a citizen
  // keeps offline (the workbench is built after this runs; the ignore keeps it so).
  globIgnores: ['sw.js', '**/*.br', '**/*.gz', 'embed/**', 'staff/**', 'wasm-split.json'],
  swSrc: path.join(dir, 'sw.js'),
  swDest: path.join(dir, 'sw.js'),
  // trunk's hashed names change with their content, so no revision is needed for them.
  dontCacheBustURLsMatching: /-[0-9a-f]{10,16}(_bg)?\.(js|wasm|css)$/,
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
};
