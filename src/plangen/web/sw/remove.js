// @ts-check
// Written in place of the service worker when a site turns `offline` off.
// A browser that kept the site's offline copy checks sw.js on its next visit
// and finds this; once it takes over (the reader's Reload, or no tab of the
// site left open) it deletes that copy and unregisters itself: readers get
// the site from the network again instead of an old copy for ever.
const sw = /** @type {any} */ (self);
// The same name service-worker.js gives this site's caches.
const PREFIX = `plangen-offline:${new URL(sw.registration.scope).pathname}:`;

// Pages from the old copy offer "A new version of this site is ready", and
// their Reload asks this worker to take over, as it would a new build.
sw.addEventListener("message", (/** @type {any} */ event) => {
  if (event.data?.type === "plangen:take-over") sw.skipWaiting();
});

sw.addEventListener("activate", (/** @type {any} */ event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX)) await caches.delete(name);
    }
    await sw.registration.unregister();
  })());
});
