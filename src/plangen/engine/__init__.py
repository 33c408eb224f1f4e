"""The engine: ships to the reader's browser and runs unchanged in CPython.

Everything in this package is pure (no I/O, no clock, no randomness) and
imports nothing from `plangen.authoring`, `plangen.site`, `plangen.cli`,
YAML or MkDocs; the browser wheel is this package, by construction.
Importing it is cheap: modules that pull in Jinja2 or Markdown load on use.
"""
