"""Invoices, payments and the double-entry journal."""
