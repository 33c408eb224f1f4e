"""The standard library the browser gets, less what the engine never imports.

Pyodide's zip holds the whole standard library (10.6 MB of bytecode); the
engine, its wheels and Pyodide's own start-up and package loader import
about a third of it. The rest is dropped by top-level name, and the list is
explicit, so a new Pyodide's new modules are kept by default. Each name was
never imported in real Pyodide while making plans, calendars, imports and
every download (``tests/test_stdlib_prune.py`` runs that again against the
served zip and fails if any module it loads was dropped). Small modules that
libraries import lazily on paths those runs may miss (``_strptime`` for
``datetime.strptime``, ``pprint`` for Jinja's filter, ``decimal``, ``_pylong``
for long integer text, ``gettext``, ``platform``...) are kept on purpose.
"""

from __future__ import annotations

import hashlib

DROPPED = frozenset({
    # tools, debuggers, profilers, REPLs and test frameworks
    "_pyrepl", "pdb", "bdb", "pydoc", "doctest", "unittest", "cProfile", "profile", "pstats", "trace", "tracemalloc",
    "timeit", "code", "rlcompleter", "cmd", "tabnanny", "pyclbr", "symtable", "modulefinder", "compileall",
    "py_compile", "zipapp", "runpy", "_ast_unparse", "pickletools",
    # command lines and configuration files
    "argparse", "optparse", "getopt", "getpass", "configparser", "tomllib", "netrc", "shlex", "fileinput",
    # network protocols and servers (the browser fetches through Pyodide's JavaScript, not sockets)
    "http", "xmlrpc", "wsgiref", "socketserver", "smtplib", "imaplib", "poplib", "ftplib", "mailbox",
    "webbrowser",
    # processes, terminals and native code that a browser has no use for
    "multiprocessing", "ctypes", "pty", "tty", "sqlite3",
    # pure-Python fallbacks of modules Pyodide has in C
    "_pyio", "_pydatetime", "_py_abc",
    # data formats and maths nothing here reads
    "csv", "plistlib", "wave", "quopri", "shelve", "filecmp", "statistics", "graphlib", "colorsys", "sched",
    "difflib", "nturl2path",
    # jokes and samples
    "this", "antigravity", "__hello__", "__phello__",
})


def kept(entry: str) -> bool:
    """Whether a zip entry (``name.pyc`` or ``package/...``) stays in the served standard library."""
    top = entry.split("/", 1)[0]
    return top.removesuffix(".pyc").removesuffix(".py") not in DROPPED  # sourceless, or not precompiled


def prune_key() -> str:
    """Changes whenever the list does, so a cached pruned zip is never stale."""
    return hashlib.sha256(" ".join(sorted(DROPPED)).encode()).hexdigest()[:12]
