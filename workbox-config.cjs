// workbox injectManifest over trunk's staging directory (run by the post_build hook in
// Trunk.toml): lists every file of the built app, with a revision for the unhashed ones, in
// place of self.__WB_MANIFEST in sw.js.
const path = require('node:path');

const dir = process.env.TRUNK_STAGING_DIR || path.join(__dirname, 'dist');

module.exports = {
  globDirectory: dir,
  globPatterns: ['**/*.{html,js,wasm,css,woff2,svg,json}'],
  // The embedding demo pages are not part of the desk a citizen keeps offline.
  globIgnores: ['sw.js', '**/*.br', '**/*.gz', 'embed/**'],
  swSrc: path.join(dir, 'sw.js'),
  swDest: path.join(dir, 'sw.js'),
  // trunk's hashed names change with their content, so no revision is needed for them.
  dontCacheBustURLsMatching: /-[0-9a-f]{10,16}(_bg)?\.(js|wasm|css)$/,
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
};
