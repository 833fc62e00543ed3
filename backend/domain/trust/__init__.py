"""What makes the records trustworthy: audit chain, e-signatures, outbox, idempotency."""
