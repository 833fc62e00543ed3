"""Custom fields: definitions (config.edit), values on records, filters by value."""
