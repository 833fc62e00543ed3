"""Webhook signing and the retry schedule (pure; no I/O)."""

import hashlib
import hmac
from datetime import timedelta

SIGNATURE_VERSION = "v1"
# However many failures came before, a retry waits at most this long.
MAX_RETRY_DELAY = timedelta(hours=1)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-ERP-Signature` value: HMAC-SHA256 over "<timestamp>.<body>", hex encoded."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def retry_delay(failed_attempts: int, first_delay: float) -> timedelta:
    """The wait after `failed_attempts` failures: first_delay, then doubling, capped."""
    if failed_attempts < 1:
        raise ValueError("a retry follows at least one failed attempt")
    seconds = first_delay * 2 ** min(failed_attempts - 1, 32)
    return min(timedelta(seconds=seconds), MAX_RETRY_DELAY)


def gives_up(failed_attempts: int, max_attempts: int) -> bool:
    return failed_attempts >= max_attempts
