"""Moving data in from CSV files: `erp import KIND FILE.csv [--dry-run] [--mapping map.toml]`.

Every row goes through the same domain functions as the API; the file is
imported whole or not at all, with a report of every problem found.
"""
