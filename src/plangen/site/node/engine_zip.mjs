// The engine's zip a built site serves (site/enginezip.py), put on Python's
// path in Pyodide under Node the way web/worker.js does in the browser:
// written into the file system before Python starts, first on sys.path.
//
//   const pyodide = await loadPyodide({ indexURL, ...(await engineZipOptions(runtimeDir)) });
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

export const ENGINE_PATH = "/lib/plangen-engine.zip";

/**
 * loadPyodide options that mount the one engine.<hash>.zip in `runtimeDir`,
 * and after it each of `moreZips` (pure wheels are zips Python imports from).
 * @param {string} runtimeDir @param {string[]} [moreZips]
 */
export async function engineZipOptions(runtimeDir, moreZips = []) {
  const zips = (await readdir(runtimeDir)).filter((name) => /^engine\.[0-9a-f]+\.zip$/.test(name));
  if (zips.length !== 1) throw new Error(`${runtimeDir}: expected one engine.<hash>.zip, found ${zips.length}`);
  const mounted = [[ENGINE_PATH, path.join(runtimeDir, zips[0])],
    ...moreZips.map((file, index) => [`/lib/plangen-more-${index}.zip`, file])];
  const files = await Promise.all(mounted.map(async ([at, file]) => [at, new Uint8Array(await readFile(file))]));
  return {
    env: { PYTHONPATH: mounted.map(([at]) => at).join(":") },
    fsInit: async (fs) => { for (const [at, bytes] of files) fs.writeFile(at, bytes); },
  };
}
