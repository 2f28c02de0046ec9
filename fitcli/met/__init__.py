"""MET compendium in DuckDB, calorie formulas, profile, journal and weekly reports."""

# Seconds a journal-writing process waits for a journal another process holds (``--wait``); here,
# not in fitcli.met.journal, so the CLI can show the default without importing DuckDB.
DEFAULT_WAIT_S = 30.0
