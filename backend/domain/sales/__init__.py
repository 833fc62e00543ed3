"""Selling: quotes, orders, pricing, approvals, credit and allocation."""
