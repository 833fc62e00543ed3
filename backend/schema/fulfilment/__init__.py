"""Shipments and deliveries, stock transfers, customer returns and replenishment requests."""
