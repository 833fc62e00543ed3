"""Production: work centres, BOM versions, work orders, their schedule and batch record."""
