/* miz service worker: the app shell is precached, so the desk opens with no network; the FAQ
 * and the agency document are fetched fresh when online and kept for offline use. Written
 * without libraries: workbox only injects the list of files to precache (below, as MANIFEST).
 *
 * Freshness: pages are network-first (with a short timeout), so a new deployment reaches the
 * citizen on the next online visit; hashed assets never change under their name, so they are
 * cache-first; a new manifest means a new shell cache, and the old one is deleted. */

const MANIFEST = self.__WB_MANIFEST || [];
const SCOPE = self.registration.scope;

function hash(s) {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

const SHELL = 'miz-shell-' + hash(MANIFEST.map((e) => e.url + '@' + (e.revision || '')).join('|'));
const DATA = 'miz-data-v1';
const NETWORK_TIMEOUT_MS = 4000;
const abs = (u) => new URL(u, SCOPE).href;
const INDEX = abs('index.html');
/* Documents kept for offline use, fetched fresh whenever the network answers: on this origin
 * by their paths, and the FAQ and agency documents also wherever config.json puts the API (a
 * desk on a portal's origin whose API lives elsewhere still searches its FAQ offline). */
// generated from miz_core::routes by `cargo xtask codegen`: do not edit
const API_DOCS = ['agency', 'faq'];
const DATA_PATHS = [/\/api\/v1\/agency$/, /\/api\/v1\/faq$/, /\/config\.json$/];
// end of generated

/* The API base from config.json (network, else the copy kept for offline use), once per
 * worker start: a worker stopped and started again by the browser reads it again. */
let apiBase = null;
async function api() {
  if (!apiBase) {
    apiBase = (async () => {
      const url = abs('config.json');
      let res = null;
      try {
        res = await withTimeout(fetch(url, { cache: 'no-cache' }), NETWORK_TIMEOUT_MS);
      } catch (_) {
        res = (await caches.match(url)) || null;
      }
      const cfg = res && res.ok ? await res.clone().json() : {};
      return new URL(cfg.api_base_url || 'api/v1/', SCOPE).href;
    })().catch(() => {
      apiBase = null;
      return abs('api/v1/');
    });
  }
  return apiBase;
}

/* Whether `url` is one of the API documents kept for offline use. */
async function isApiDoc(url) {
  const base = await api();
  return API_DOCS.some((doc) => new URL(doc, base).href === url);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await Promise.all(
        MANIFEST.map(async ({ url }) => {
          const res = await fetch(new Request(abs(url), { cache: 'reload' }));
          if (!res.ok) throw new Error('precache ' + url + ': ' + res.status);
          await cache.put(abs(url), res);
        }),
      );
      await keepData();
      await self.skipWaiting();
    })(),
  );
});

/* The first visit's page fetched the FAQ before this worker controlled it; fetch the
 * documents the desk needs offline now, so "after one visit" holds. Best effort: an API on
 * another origin, or one that is down, does not stop the install. */
async function keepData() {
  try {
    const base = await api();
    const cache = await caches.open(DATA);
    await Promise.all(
      API_DOCS.map(async (doc) => {
        const url = new URL(doc, base).href;
        // On another origin the API must allow this one (CORS), as it does for the app.
        const res = await fetch(url, { cache: 'no-cache', mode: 'cors' });
        if (res.ok && (await validJson(res))) await cache.put(url, res);
      }),
    );
  } catch (_) {
    /* offline during install, or no config: the data is kept on the next visit instead */
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('miz-shell-') && key !== SHELL) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => { clearTimeout(t); resolve(v); },
      (e) => { clearTimeout(t); reject(e); },
    );
  });
}

/* A cached JSON document that no longer parses (a truncated write, a full disk) is dropped
 * rather than served. */
async function validJson(res) {
  try {
    await res.clone().json();
    return true;
  } catch (_) {
    return false;
  }
}

async function page(request) {
  try {
    const res = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (res.ok) {
      const cache = await caches.open(SHELL);
      await cache.put(INDEX, res.clone());
    }
    return res;
  } catch (_) {
    const cached = await caches.match(INDEX);
    return cached || Response.error();
  }
}

async function data(request) {
  const cache = await caches.open(DATA);
  const key = request.url;
  try {
    const res = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (res.ok && (await validJson(res))) await cache.put(key, res.clone());
    if (res.status !== 304) return res;
  } catch (_) {
    /* offline, server down or too slow: fall back to what we kept */
  }
  const cached = (await cache.match(key)) || (await caches.match(key));
  if (cached && (await validJson(cached))) return cached;
  if (cached) await cache.delete(key);
  return fetch(request);
}

async function shell(request) {
  const cached = await caches.match(request.url, { ignoreSearch: false });
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    // Only the API's FAQ and agency documents; everything else of other origins is theirs.
    if (/\/(faq|agency)$/.test(url.pathname)) {
      event.respondWith(isApiDoc(request.url).then((kept) => (kept ? data(request) : fetch(request))));
    }
    return;
  }
  if (!request.url.startsWith(SCOPE)) return;
  // The staff workbench is another app: the network serves it, never this desk's shell.
  if (request.url.startsWith(SCOPE + 'staff/') || request.url === SCOPE + 'staff') return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (DATA_PATHS.some((re) => re.test(url.pathname))) {
    event.respondWith(data(request));
  } else if (!url.pathname.includes('/api/')) {
    event.respondWith(shell(request));
  }
});
