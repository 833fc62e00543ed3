"""Invoices, payments, credit notes and the double-entry journal."""
