// A memory snapshot of the started engine, made at build time from the very
// files the site serves: Pyodide boots from the site's runtime folder, the
// wheels its lock names are unpacked, every module of plangen.engine is
// imported, the content bundle read and the warm-up run. A returning
// reader's worker starts from this memory instead of doing all that again.
//
//   node snapshot.mjs <site runtime dir> <bundle file> <bundle name> <out file>
//
// Writes the raw snapshot to <out file>. Pyodide refuses to snapshot a
// runtime that holds JavaScript objects, so the wheels and the bundle reach
// Python as files, never as JavaScript values, and `loadPackage` is not used.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

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
});
const lock = JSON.parse(await readFile(runtimeDir + "pyodide-lock.json", "utf-8"));
pyodide.FS.mkdirTree("/tmp/snapshot");
for (const pkg of Object.values(lock.packages)) {
  pyodide.FS.writeFile(`/tmp/snapshot/${pkg.file_name}`, new Uint8Array(await readFile(runtimeDir + pkg.file_name)));
}
pyodide.FS.writeFile("/tmp/snapshot/bundle.json", await readFile(bundlePath, "utf-8"));
pyodide.FS.writeFile("/tmp/snapshot/bundle-name", bundleName);
pyodide.runPython(`
def _plangen_snapshot():
    import importlib, os, pkgutil, shutil, site, zipfile

    target = site.getsitepackages()[0]
    for name in sorted(os.listdir("/tmp/snapshot")):
        if name.endswith(".whl"):
            with zipfile.ZipFile(f"/tmp/snapshot/{name}") as wheel:
                wheel.extractall(target)
    importlib.invalidate_caches()

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
    return bundle_name

# The worker checks, after starting from this memory, that it holds the bundle its page names.
PLANGEN_SNAPSHOT_BUNDLE = _plangen_snapshot()
del _plangen_snapshot
import gc
gc.collect()
`);
await writeFile(outPath, pyodide.makeMemorySnapshot());
