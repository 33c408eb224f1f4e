"""Build time: read a site's `quiz/` and guides into a validated `Content`,
and walk the answer space behind `plangen check`. Never shipped to browsers."""
