"""plangen: personal career action plans assembled from templated guide sections.

The engine (`plangen.engine.build_plan`) is pure and runs unchanged in CPython
and in Pyodide; build-time tools (content loading, bundling, the MkDocs plugin)
live in their own modules and are never imported in the browser.
"""

__version__ = "0.1.0"
