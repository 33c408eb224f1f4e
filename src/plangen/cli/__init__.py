"""The `plangen` command line (build time)."""
