"""Live updates from the transactional outbox: one listener per process, fan-out, webhooks."""
