"""Pure parts: webhook signatures, the retry schedule, cursors, retention ages."""

from datetime import timedelta

import pytest

from backend.api.errors import BadUserInput
from backend.domain.rules.webhooks import MAX_RETRY_DELAY, gives_up, retry_delay, sign, verify
from backend.events import cursors
from backend.events.prune import parse_age


def test_signature_covers_timestamp_and_body() -> None:
    signature = sign("s3cret-s3cret-s3cret", 1_764_000_000, b'{"a":1}')
    assert signature.startswith("v1=") and len(signature) == 3 + 64
    assert verify("s3cret-s3cret-s3cret", 1_764_000_000, b'{"a":1}', signature)
    assert not verify("s3cret-s3cret-s3cret", 1_764_000_001, b'{"a":1}', signature)
    assert not verify("s3cret-s3cret-s3cret", 1_764_000_000, b'{"a":2}', signature)
    assert not verify("other-secret-other", 1_764_000_000, b'{"a":1}', signature)


def test_retries_back_off_exponentially_up_to_an_hour() -> None:
    assert [retry_delay(n, 30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(40, 30) == MAX_RETRY_DELAY
    with pytest.raises(ValueError):
        retry_delay(0, 30)


def test_a_delivery_is_given_up_after_its_last_attempt() -> None:
    assert not gives_up(2, 3)
    assert gives_up(3, 3)


def test_cursors_are_opaque_and_round_trip() -> None:
    cursor = cursors.encode(12345)
    assert "12345" not in cursor
    assert cursors.decode(cursor) == 12345
    for bad in ("", "12345", "b3V0Ym94Oi0x", "!!"):
        with pytest.raises(BadUserInput):
            cursors.decode(bad)


def test_retention_ages() -> None:
    assert parse_age("30d") == timedelta(days=30)
    assert parse_age("12h") == timedelta(hours=12)
    assert parse_age("2w") == timedelta(weeks=2)
    for bad in ("30", "d", "-3d", "3y"):
        with pytest.raises(ValueError):
            parse_age(bad)
