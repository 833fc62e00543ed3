"""User accounts: administration, first sign-in password change, lockout."""
