"""Getting goods to customers and back: shipments, deliveries, returns, transfers."""
