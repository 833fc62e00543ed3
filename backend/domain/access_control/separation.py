"""Separation of duties as data: nobody performs both permissions of an active rule on
the same order or lot.

The domain action says what it is about to do (`doing`, a permission code) and which
permissions the same person already performed on that record (`done`); the active rules
(cached with the role permissions) decide. One function for every such check: approving
an order its approver created or amended, releasing a lot its releaser inspected, and
whatever pair an administrator adds.
"""

from collections.abc import Iterable

from backend.domain.access_control import grants
from backend.domain.errors import DomainError, ErrorCode

# The pairs the domain can check: who created or amended an order and who approves it; who
# received, inspected, released or rejected a lot. A rule over any other pair would be
# stored and never enforced, so it is refused.
CHECKED_PAIRS = frozenset(frozenset(p) for p in (
    ("order.create", "order.approve"), ("order.amend", "order.approve"),
    ("stock.receive", "lot.inspect"), ("stock.receive", "lot.release"),
    ("stock.receive", "lot.reject"), ("lot.inspect", "lot.release"),
    ("lot.inspect", "lot.reject"),
))


def is_checked(first: str, second: str) -> bool:
    return frozenset((first, second)) in CHECKED_PAIRS


def forbidding_rule(doing: str, done: Iterable[str]) -> str | None:
    """The code of the active rule that keeps whoever did any of `done` from `doing`."""
    did = set(done)
    for code, first, second in grants.separation_rules():
        if (doing == second and first in did) or (doing == first and second in did):
            return code
    return None


def pair_active(first: str, second: str) -> bool:
    """Whether an active rule separates these two permissions (for SQL built in Python)."""
    return any({a, b} == {first, second} for _, a, b in grants.separation_rules())


def ensure_separate(
    doing: str, done: Iterable[str], message: str, field: tuple[str, ...]
) -> None:
    """SEPARATION_OF_DUTIES when an active rule forbids `doing` after `done`."""
    rule = forbidding_rule(doing, done)
    if rule is not None:
        raise DomainError.single(
            ErrorCode.SEPARATION_OF_DUTIES, f"{message} (rule {rule})", field)
