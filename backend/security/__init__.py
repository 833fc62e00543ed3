"""Protections for an API reached from outside: limits, persisted queries, CSRF, rate limits."""
