"""Failed logins are limited per username and per client address (shared token buckets).

Each attempt takes a token from both buckets before the password is checked, in the
statement that reads the user; a success gives them back (with the statement that
reads its roles), so only failures cost. While either bucket is empty every
attempt, right or wrong, is refused with 429 and Retry-After, so guessing stays
slow whichever way it is spread, over however many processes and replicas: the
buckets live in PostgreSQL (backend/security/buckets.py).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from backend.security.buckets import Ask, Decision, SharedBuckets
from backend.settings import Settings


@dataclass
class LoginLimiter:
    per_user: SharedBuckets
    per_address: SharedBuckets

    @classmethod
    def from_settings(cls, settings: Settings) -> "LoginLimiter":
        user, address = settings.login_failures_per_user, settings.login_failures_per_address
        return cls(
            per_user=SharedBuckets("login-user", capacity=user, rate=user / 60),
            per_address=SharedBuckets("login-address", capacity=address, rate=address / 60),
        )

    def asks(self, username: str, address: str) -> list[Ask]:
        """One token from each bucket: what an attempt puts at stake."""
        return [Ask(self.per_user, username.casefold(), 1), Ask(self.per_address, address, 1)]

    @staticmethod
    def retry_after(decisions: Sequence[Decision]) -> float:
        """Seconds to wait before trying again; 0 when the attempt may go ahead."""
        return max((d.retry_after for d in decisions if not d.allowed), default=0.0)
