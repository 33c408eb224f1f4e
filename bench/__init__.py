"""plangen's benchmark harness: ``python -m bench`` (or ``./dev bench``).

Builds the site into a temporary folder, serves it on 127.0.0.1 and measures
the reader's view (Chromium), the engine (CPython and Pyodide under Node),
the MkDocs build and how costs grow with content. Every timing is repeated
and reported as median and min–max; comparable baselines are measured in the
same run, so a noisy machine shows up as a noisy baseline too.
"""
