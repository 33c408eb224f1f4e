// @ts-check
// Offline after one visit: register the site's service worker (sw.js, at the
// site root, named by a <meta> the plugin writes on every page) once this
// visit no longer needs the network for itself: on the quiz page when the
// engine's worker is ready, elsewhere after the page has loaded and the
// browser is idle. When a newer build has been downloaded, say so and let
// the reader choose when to switch, rather than swapping pages under them.
import { h } from "./dom.js";

const READY_EVENT = "plangen:ready"; // planner.js, when the engine's worker is ready
const TAKE_OVER = "plangen:take-over"; // understood by sw.js

/** @returns {Promise<void>} resolves when precaching no longer competes with this visit */
function visitSettled() {
  const loaded = document.readyState === "complete"
    ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", () => resolve(undefined), { once: true }));
  const idle = () => new Promise((resolve) => {
    if ("requestIdleCallback" in window) window.requestIdleCallback(() => resolve(undefined), { timeout: 5000 });
    else setTimeout(resolve, 1000);
  });
  if (!document.getElementById("plangen")) return loaded.then(idle);
  // The quiz page: the runtime the worker downloads is most of what gets precached.
  const ready = new Promise((resolve) => window.addEventListener(READY_EVENT, () => resolve(undefined), { once: true }));
  return Promise.all([loaded, ready]).then(idle);
}

/** Show the notice once, with a button that asks `waiting` to take over. @param {ServiceWorker} waiting */
function offerNewVersion(waiting) {
  if (document.getElementById("plangen-update")) return;
  const sheet = h("link", { rel: "stylesheet", href: new URL("./offline.css", import.meta.url).href });
  const reload = h("button", { type: "button", class: "md-button md-button--primary", onclick: () => {
    reload.setAttribute("disabled", "");
    navigator.serviceWorker.addEventListener("controllerchange", () => window.location.reload(), { once: true });
    waiting.postMessage({ type: TAKE_OVER });
  } }, "Reload");
  const notice = h("div", { id: "plangen-update", class: "plangen-update", role: "status" });
  // Shown once styled, so it never flashes across the page as plain text.
  sheet.addEventListener("load", () => notice.append(h("p", {}, "A new version of this site is ready. ", reload)));
  document.head.append(sheet);
  document.body.append(notice);
}

/** Watch `registration` for a build that finished installing while a page is controlled. @param {ServiceWorkerRegistration | undefined} registration */
function watch(registration) {
  if (!registration) return; // a browser that blocks service workers may resolve with nothing
  if (registration.waiting && navigator.serviceWorker.controller) offerNewVersion(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const incoming = registration.installing;
    incoming?.addEventListener("statechange", () => {
      // With no controller this is the first install: it takes over at once, nothing to offer.
      if (incoming.state === "installed" && navigator.serviceWorker.controller) offerNewVersion(incoming);
    });
  });
}

async function start(/** @type {URL} */ script) {
  const scope = new URL("./", script).href;
  const existing = await navigator.serviceWorker.getRegistration(scope);
  if (existing && existing.scope === scope) {
    watch(existing); // a repeat visit: the browser checks for a new build on each navigation
    return;
  }
  await visitSettled();
  watch(await navigator.serviceWorker.register(script.href, { scope, updateViaCache: "none" }));
}

const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="plangen-service-worker"]'));
if (meta && "serviceWorker" in navigator) {
  start(new URL(meta.content, window.location.href)).catch((error) => {
    // Offline use is a bonus: the site works the same without it.
    console.warn(`plangen: offline use is unavailable (${error?.message ?? error})`);
  });
}
