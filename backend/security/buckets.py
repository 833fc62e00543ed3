"""Token buckets: a budget that refills at a steady rate, kept per key (user, address).

Buckets live in the process. Behind several replicas each replica keeps its own,
so the effective budget is the per-replica figure times the replicas a client
reaches (docs/operations.md).
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    capacity: float
    rate: float  # tokens restored per second
    tokens: float = -1.0
    updated: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for(self, amount: float) -> float:
        """Seconds until `amount` tokens are available (0 when they are now)."""
        missing = amount - self.tokens
        return 0.0 if missing <= 0 else missing / self.rate


@dataclass
class Decision:
    allowed: bool
    available: float
    retry_after: float  # seconds; 0 when allowed


@dataclass
class BucketTable:
    """Buckets by key, the least recently used dropped past `max_keys` (a full bucket is lost)."""

    capacity: float
    rate: float
    max_keys: int = 100_000
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[object, TokenBucket] = field(default_factory=OrderedDict)

    def _bucket(self, key: object) -> TokenBucket:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.capacity, self.rate, updated=now)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.refill(now)
        return bucket

    def peek(self, key: object, amount: float = 1.0) -> Decision:
        """Whether `amount` could be taken now, without taking it."""
        bucket = self._bucket(key)
        wait = bucket.wait_for(amount)
        return Decision(wait == 0, bucket.tokens, wait)

    def take(self, key: object, amount: float = 1.0) -> Decision:
        """Take `amount` if available; otherwise take nothing and say how long to wait."""
        bucket = self._bucket(key)
        wait = bucket.wait_for(amount)
        if wait == 0:
            bucket.tokens -= amount
        return Decision(wait == 0, bucket.tokens, wait)

    def charge(self, key: object, amount: float) -> None:
        """Take `amount` even if that leaves the bucket in debt (a failure already happened)."""
        self._bucket(key).tokens -= amount

    def give_back(self, key: object, amount: float) -> None:
        """Return tokens taken in excess (up to the capacity)."""
        bucket = self._bucket(key)
        bucket.tokens = min(bucket.capacity, bucket.tokens + amount)
