"""Purchasing: the approved supplier list (qualification, approved products, QA overrides)."""
