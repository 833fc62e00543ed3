"""Thin resolvers: permissions, per-request dataloaders and root queries."""
