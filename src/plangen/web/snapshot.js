// @ts-check
// The engine's memory snapshot, kept on this device for the worker (see
// site/snapshot.py). The build writes `engine-snapshot.json`, {file, bundle}:
// the snapshot of this build's started engine (gzip) and the bundle it holds.
//
// - A first start only notes, once the engine is ready, that it has started on
//   this device: a reader who never comes back never downloads several megabytes.
// - A later start that finds no current snapshot here downloads it in the
//   background, once the page is quiet, into this site's own cache.
// - The start after that begins from it, if the manifest still names it.
//
// The cache holds only files the site serves to everyone; no answer goes in.

const manifestURL = new URL("./engine-snapshot.json", import.meta.url);
// One origin may hold several sites under different paths: each keeps its own.
const CACHE = `plangen-engine:${manifestURL.pathname}`;
const STARTED = new URL("./engine-started-here", import.meta.url).href;

/** @typedef {{file: string, bundle: string}} Manifest */

/** Why a snapshot was not used; the worker says so in the console and starts the usual way. */
export class SnapshotRefused extends Error {
  /** @param {string} reason */
  constructor(reason) {
    super(reason);
    this.name = "SnapshotRefused";
  }
}

/** The build's manifest, or null when the site has no snapshot. @returns {Promise<Manifest | null>} */
export async function fetchManifest() {
  const response = await fetch(manifestURL, { cache: "no-cache" });
  if (response.status === 404) return null;
  if (!response.ok) throw new SnapshotRefused(`${manifestURL.pathname}: HTTP ${response.status}`);
  const manifest = await response.json();
  if (typeof manifest?.file !== "string" || typeof manifest?.bundle !== "string") {
    throw new SnapshotRefused(`${manifestURL.pathname} is not a snapshot manifest`);
  }
  return manifest;
}

/** @param {string} url */
export function fileName(url) {
  return new URL(url).pathname.split("/").pop() ?? "";
}

/** The Cache Storage this worker may use, or null (an insecure origin has none). */
async function openCache() {
  return "caches" in self ? caches.open(CACHE) : null;
}

/**
 * The snapshot kept on this device, if any: its name and its memory, being
 * decompressed (a promise, so Pyodide fetches and compiles its runtime meanwhile).
 * @returns {Promise<{name: string, memory: Promise<Uint8Array>} | null>}
 */
export async function keptSnapshot() {
  const cache = await openCache();
  if (!cache) return null;
  const requests = (await cache.keys()).filter((request) => request.url !== STARTED);
  if (!requests.length) return null;
  const response = await cache.match(requests[0]);
  if (!response?.body) return null;
  const memory = new Response(response.body.pipeThrough(new DecompressionStream("gzip")))
    .arrayBuffer().then((buffer) => new Uint8Array(buffer));
  memory.catch(() => {}); // reported where it is awaited
  return { name: fileName(requests[0].url), memory };
}

/** Drop every snapshot kept here (a refused one must not be tried again). */
export async function forgetSnapshots() {
  const cache = await openCache();
  if (!cache) return;
  for (const request of await cache.keys()) {
    if (request.url !== STARTED) await cache.delete(request);
  }
}

/**
 * Note a start the usual way on this device; resolves to whether an earlier
 * one was noted (the runtime is being reused: the reader came back).
 * @returns {Promise<boolean>}
 */
export async function noteStartHere() {
  const cache = await openCache();
  if (!cache) return false;
  if (await cache.match(STARTED)) return true;
  await cache.put(STARTED, new Response("1"));
  return false;
}

/** Download the build's current snapshot for the next start, unless it is already here. */
export async function keepSnapshotForNextStart() {
  const cache = await openCache();
  if (!cache) return;
  const manifest = await fetchManifest();
  if (!manifest) return;
  const url = new URL(manifest.file, manifestURL).href;
  if (await cache.match(url)) return;
  const response = await fetch(url);
  if (!response.ok) throw new SnapshotRefused(`${manifest.file}: HTTP ${response.status}`);
  await forgetSnapshots();
  await cache.put(url, response);
}
