// Compile Python to bytecode *inside Pyodide* (its own CPython and magic
// number), so the browser skips compiling on every visit.
//
//   node precompile.mjs <pyodide package dir> <out dir> [--stdlib] [wheel ...]
//
// --stdlib writes <out>/python_stdlib.zip holding sourceless .pyc files in
// place of the .py files of Pyodide's standard library. Each wheel is written
// to <out>/<same name> with __pycache__/*.pyc (unchecked-hash, so they are
// used without stat-ing the sources) next to its .py files.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outDir, ...rest] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep, stdout: () => {}, stderr: (t) => process.stderr.write(t + "\n") });
pyodide.FS.mkdirTree("/out");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(outDir) }, "/out");
pyodide.FS.mkdirTree("/in");
const wheels = rest.filter((arg) => arg !== "--stdlib");
const dirs = [...new Set(wheels.map((w) => path.dirname(path.resolve(w))))];
dirs.forEach((dir, index) => {
  pyodide.FS.mkdirTree(`/in/${index}`);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: dir }, `/in/${index}`);
});
pyodide.globals.set("do_stdlib", rest.includes("--stdlib"));
pyodide.globals.set("wheel_paths", wheels.map((w) => `/in/${dirs.indexOf(path.dirname(path.resolve(w)))}/${path.basename(w)}`));
pyodide.runPython(`
import importlib.util, io, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc, _code_to_timestamp_pyc

def write_zip(target, entries):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, data)

if do_stdlib:
    entries = []
    with zipfile.ZipFile("/lib/python314.zip") as stdlib:
        for name in sorted(stdlib.namelist()):
            data = stdlib.read(name)
            if name.endswith(".py"):
                code = compile(data, "/lib/python314.zip/" + name, "exec", dont_inherit=True)
                # Sourceless: zipimport loads name.pyc when name.py is absent.
                entries.append((name[:-3] + ".pyc", bytes(_code_to_timestamp_pyc(code, 0, len(data)))))
            else:
                entries.append((name, data))
    write_zip("/out/python_stdlib.zip", entries)

tag = importlib.util.cache_from_source("x.py").split("/")[-1][1:]  # ".cpython-314.pyc"
for wheel in wheel_paths:
    entries = []
    with zipfile.ZipFile(wheel) as source:
        names = sorted(source.namelist())
        for name in names:
            data = source.read(name)
            entries.append((name, data))
            if name.endswith(".py") and ".dist-info/" not in name and ".data/" not in name:
                folder, _, file = name.rpartition("/")
                code = compile(data, "/lib/python3.14/site-packages/" + name, "exec", dont_inherit=True)
                pyc = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
                entries.append(((folder + "/" if folder else "") + "__pycache__/" + file[:-3] + tag, pyc))
    write_zip("/out/" + wheel.rsplit("/", 1)[1], entries)
`);
