"""Build time: the MkDocs plugin and what it writes into a site (bundle, wheels,
the self-hosted Pyodide runtime, bytecode, headers). Only `plugin` imports MkDocs."""
