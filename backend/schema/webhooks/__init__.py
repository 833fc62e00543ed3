"""Webhook endpoints, their deliveries and attempts (ADMIN only)."""
