// @ts-check
// The site's service worker (a classic script: every browser that has
// service workers runs these, not all run module ones). The build writes
// `self.PLANGEN_PRECACHE` above this code: {version, home, files: [[url, hash]],
// online: [url]}, URLs relative to the site root, where this file is.
//
// - install: fill a cache named after this build's version; a file whose hash
//   an older cache already holds is copied from it, not downloaded again.
// - activate: delete this site's older caches; control open pages.
// - fetch: a precached file comes from the cache; any other page is asked of
//   the network and, when that fails, sent to the cached home page. The
//   runtime, the engine zip and hashed data files (`online`) are left to the browser
//   while it is online: its HTTP cache keeps the WebAssembly it compiled,
//   this cache does not, and compiling again costs more than a whole visit.
// - A new build waits until a page asks it to take over (the page says a new
//   version is ready), so nothing changes under a reader mid-quiz.

/** @type {{version: string, home: string, files: [string, string][], online: string[]}} */
const PRECACHE = /** @type {any} */ (self).PLANGEN_PRECACHE;
const sw = /** @type {any} */ (self);
const SCOPE = sw.registration.scope;
// One origin may hold several sites under different paths: each deletes only its own caches.
const PREFIX = `plangen-offline:${new URL(SCOPE).pathname}:`;
const CACHE = PREFIX + PRECACHE.version;
// Which file has which hash, kept in the cache itself so the next build can reuse files.
const HASHES_KEY = new URL("plangen-precache-hashes", SCOPE).href;
const HOME = new URL(PRECACHE.home, SCOPE).href;
/** @type {Map<string, string>} absolute URL -> hash */
const FILES = new Map(PRECACHE.files.map(([url, hash]) => [new URL(url, SCOPE).href, hash]));
/** @type {Set<string>} */
const BROWSER_FIRST = new Set(PRECACHE.online.map((url) => new URL(url, SCOPE).href));
const PARALLEL = 4;

/** The precache key for a request's URL: no query or fragment, a page by its folder. */
function keyOf(/** @type {string} */ url) {
  const parsed = new URL(url);
  parsed.search = "";
  parsed.hash = "";
  if (parsed.pathname.endsWith("/index.html")) parsed.pathname = parsed.pathname.slice(0, -"index.html".length);
  return parsed.href;
}

/** Responses older caches of this site hold whose hash is the one this build wants. */
async function reusable() {
  /** @type {Map<string, Response>} */
  const found = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const cache = await caches.open(name);
    if (name === CACHE) {
      // An install that stopped half-way: what it stored is this very build's.
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response && FILES.has(request.url)) found.set(request.url, response);
      }
      continue;
    }
    const hashes = await cache.match(HASHES_KEY).then((r) => (r ? r.json() : {}), () => ({}));
    for (const [url, hash] of FILES) {
      if (found.has(url) || hashes[url] !== hash) continue;
      const response = await cache.match(url);
      if (response) found.set(url, response);
    }
  }
  return found;
}

/**
 * The network's answer for `url`, fit to serve later for any request. The
 * HTTP cache may be asked (this visit has just loaded most of these files),
 * but must check with the server first: a file may have changed in place.
 */
async function download(/** @type {string} */ url) {
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error(`precache: ${url} answered HTTP ${response.status}`);
  // A redirected response cannot answer a navigation; keep its body and headers only.
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText,
    headers: response.headers });
}

async function precache() {
  const cache = await caches.open(CACHE);
  const old = await reusable();
  const queue = [...FILES.keys()];
  const next = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      await cache.put(url, old.get(url) ?? await download(url));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, next));
  // Written last: a cache with this entry is complete.
  await cache.put(HASHES_KEY, new Response(JSON.stringify(Object.fromEntries(FILES)),
    { headers: { "Content-Type": "application/json" } }));
}

sw.addEventListener("install", (/** @type {any} */ event) => {
  event.waitUntil(precache());
});

sw.addEventListener("activate", (/** @type {any} */ event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // The first visit's page, and its engine's worker, use the cache from now on.
    await sw.clients.claim();
  })());
});

sw.addEventListener("message", (/** @type {any} */ event) => {
  if (event.data?.type === "plangen:take-over") sw.skipWaiting();
});

/** @param {string} key @param {Request} request */
async function cached(key, request) {
  const response = await caches.open(CACHE).then((cache) => cache.match(key));
  return response ?? fetch(request); // the browser may have dropped the cache to free space
}

/** @param {Request} request */
async function pageOrHome(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Sent to the home page rather than shown it here, where its relative links would not resolve.
    if (await caches.open(CACHE).then((cache) => cache.match(HOME))) return Response.redirect(HOME, 302);
    throw error;
  }
}

sw.addEventListener("fetch", (/** @type {any} */ event) => {
  /** @type {Request} */
  const request = event.request;
  if (request.method !== "GET") return;
  const key = keyOf(request.url);
  if (BROWSER_FIRST.has(key) && sw.navigator.onLine) return;
  if (FILES.has(key)) event.respondWith(cached(key, request));
  else if (request.mode === "navigate" && key.startsWith(SCOPE)) event.respondWith(pageOrHome(request));
});
