"""Failed logins are limited per username and per client address (token buckets).

Each failure takes a token; while either bucket is empty every attempt, right or
wrong, is refused with 429 and Retry-After, so guessing stays slow whichever
way it is spread. Successful logins take nothing.
"""

from dataclasses import dataclass

from backend.security.buckets import BucketTable
from backend.settings import Settings


@dataclass
class LoginLimiter:
    per_user: BucketTable
    per_address: BucketTable

    @classmethod
    def from_settings(cls, settings: Settings) -> "LoginLimiter":
        user, address = settings.login_failures_per_user, settings.login_failures_per_address
        return cls(
            per_user=BucketTable(capacity=user, rate=user / 60),
            per_address=BucketTable(capacity=address, rate=address / 60),
        )

    def retry_after(self, username: str, address: str) -> float:
        """Seconds to wait before trying again; 0 when an attempt may go ahead."""
        return max(
            self.per_user.peek(username.casefold()).retry_after,
            self.per_address.peek(address).retry_after,
        )

    def failed(self, username: str, address: str) -> None:
        self.per_user.charge(username.casefold(), 1)
        self.per_address.charge(address, 1)
