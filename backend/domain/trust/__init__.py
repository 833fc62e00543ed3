"""What makes the records trustworthy: audit chain, e-signatures, outbox, idempotency."""

# The commit section's listener writes what `outbox.emit` and `audit.record` queue.
from backend.domain.trust import commit as commit  # noqa: E402,F401
