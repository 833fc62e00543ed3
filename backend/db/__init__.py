"""Database access: engine, sessions, migrations and the embedded server."""
