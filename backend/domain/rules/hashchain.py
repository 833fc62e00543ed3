"""The audit hash chain: each event's hash covers the previous hash and its canonical form."""

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(event: dict[str, Any]) -> bytes:
    """Stable bytes for an event: sorted keys, no whitespace, ISO timestamps in UTC."""

    def default(value: Any) -> str:
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)

    return json.dumps(event, sort_keys=True, separators=(",", ":"), default=default).encode()


def chain_hash(prev_hash: str, event: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(event)).hexdigest()


def link_problem(
    expected_prev: str, prev_hash: str, stored_hash: str, fields: dict[str, Any]
) -> str | None:
    """Why an event does not fit the chain after `expected_prev`, or None if it does."""
    if prev_hash != expected_prev:
        return ("its link to the previous event is broken "
                "(an event before it was removed, inserted or reordered)")
    if chain_hash(prev_hash, fields) != stored_hash:
        return "its content no longer matches its hash"
    return None


def first_broken_link(events: list[tuple[int, str, str, dict[str, Any]]]) -> int | None:
    """Id of the first event whose stored hashes disagree with the chain, else None.

    `events` are (id, prev_hash, hash, canonical fields) in chain order.
    """
    expected_prev = GENESIS
    for event_id, prev_hash, stored_hash, fields in events:
        if link_problem(expected_prev, prev_hash, stored_hash, fields) is not None:
            return event_id
        expected_prev = stored_hash
    return None
