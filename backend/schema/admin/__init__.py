"""What an administrator shapes: users, permissions, custom fields, policies."""
