"""plangen: personal career action plans assembled from templated guide sections.

The package is split by where its code runs:

- `plangen.engine` ships to the reader's browser (Pyodide) and runs unchanged in
  CPython: the model, answers, conditions, templates, the planner, renderers,
  the bundle format and the worker's entry point. It imports no build-time code.
- `plangen.authoring` reads and checks a site's content at build time.
- `plangen.site` is the MkDocs plugin and everything it writes into a site.
- `plangen.cli` is the `plangen` command.
- `plangen/web/` holds the browser's ES modules (not Python).
"""

__version__ = "0.1.0"
