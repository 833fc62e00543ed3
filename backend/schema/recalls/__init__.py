"""Recalls and the notices sent to customers who received affected units."""
