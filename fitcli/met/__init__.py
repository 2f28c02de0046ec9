"""MET compendium in DuckDB, calorie formulas, profile, journal and weekly reports."""
