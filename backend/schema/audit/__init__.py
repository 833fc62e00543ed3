"""The audit trail and key figures."""
