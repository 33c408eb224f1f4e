// A memory snapshot of the started engine, made at build time from the very
// files the site serves: Pyodide boots from the site's runtime folder with
// the engine's zip on its path, as the worker does; every module of plangen.engine is
// imported, the content bundle read and the warm-up run. A returning
// reader's worker starts from this memory instead of doing all that again.
//
//   node snapshot.mjs <site runtime dir> <bundle file> <bundle name> <out file>
//
// Writes the raw snapshot to <out file>. Pyodide refuses to snapshot a
// runtime that holds JavaScript objects, so the bundle reaches Python as a
// file, never as a JavaScript value. A start from the snapshot does not mount
// the zip: it is taken off Python's path first, and every module it needs is in memory.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ENGINE_PATH, engineZipOptions } from "./engine_zip.mjs";

const [runtimeArg, bundlePath, bundleName, outPath] = process.argv.slice(2);
const runtimeDir = path.resolve(runtimeArg) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: runtimeDir + "pyodide-lock.json",
  packageBaseUrl: runtimeDir,
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (text) => process.stderr.write(text + "\n"),
  ...(await engineZipOptions(runtimeDir)),
});
pyodide.FS.mkdirTree("/tmp/snapshot");
pyodide.globals.set("ENGINE_PATH", ENGINE_PATH);
pyodide.FS.writeFile("/tmp/snapshot/bundle.json", await readFile(bundlePath, "utf-8"));
pyodide.FS.writeFile("/tmp/snapshot/bundle-name", bundleName);
pyodide.runPython(`
def _plangen_snapshot():
    import importlib, pkgutil, shutil, sys, zipimport

    import plangen.engine
    # Only what was imported now exists after a start from the snapshot: every engine module,
    # except one whose own dependency this site does not ship (Jinja2 when every template is compiled).
    for module in pkgutil.walk_packages(plangen.engine.__path__, "plangen.engine."):
        try:
            importlib.import_module(module.name)
        except ModuleNotFoundError as error:
            if (error.name or "").startswith("plangen"):
                raise
    from plangen.engine import worker

    with open("/tmp/snapshot/bundle.json", encoding="utf-8") as bundle:
        worker.load(bundle.read())
    worker.warm_up()
    with open("/tmp/snapshot/bundle-name", encoding="utf-8") as name:
        bundle_name = name.read()
    shutil.rmtree("/tmp/snapshot")
    # A start from this memory has no engine zip in its file system.
    sys.path.remove(ENGINE_PATH)
    sys.path_importer_cache.pop(ENGINE_PATH, None)
    zipimport._zip_directory_cache.pop(ENGINE_PATH, None)
    return bundle_name

# The worker checks, after starting from this memory, that it holds the bundle its page names.
PLANGEN_SNAPSHOT_BUNDLE = _plangen_snapshot()
del _plangen_snapshot, ENGINE_PATH
import gc
gc.collect()
`);
await writeFile(outPath, pyodide.makeMemorySnapshot());
