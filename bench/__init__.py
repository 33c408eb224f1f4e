"""plangen's benchmark harness: ``python -m bench`` (or ``./dev bench``).

Builds the site into a temporary folder, serves it on 127.0.0.1 and measures
the reader's view (Chromium), the engine (CPython and Pyodide under Node),
the MkDocs build and how costs grow with content. Every timing is repeated
and reported as median and min–max; comparable baselines are measured in the
same run, so a noisy machine shows up as a noisy baseline too.

    python -m bench                  # everything, 5 runs each
    python -m bench --quick          # 2 runs, no scaling
    python -m bench --only plan,sizes

Names for --only: first_question, worker_ready (with the loadPyodide()
baseline), plan, next, journeys (a share link; a reopened plan's change
saved), sizes, build_plan (CPython and Pyodide), build (mkdocs with and
without the plugin), scaling. first_question, worker_ready and journeys run
again through a plain server that sends no precompressed copies. Results: the printed table and
bench/results/latest.json (git-ignored).
"""
