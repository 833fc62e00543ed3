"""Production in the graph: work centres, BOM versions, work orders, the schedule."""
