"""Purchasing: the approved supplier list."""
