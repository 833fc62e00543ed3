"""Authentication: password hashing, access tokens and the token endpoint."""
