"""Which order status may follow which: the one table every order action checks."""

from backend.enums import OrderStatus as S

TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.PENDING_APPROVAL, S.APPROVED, S.CANCELLED}),
    # Approved after an amendment, the status follows the quantities (change control).
    S.PENDING_APPROVAL: frozenset(
        {S.APPROVED, S.REJECTED, S.CANCELLED, S.ALLOCATED, S.PARTIALLY_SHIPPED, S.SHIPPED}
    ),
    # An amendment asking for more waits for approval again; a short-close may finish it.
    S.APPROVED: frozenset({S.ALLOCATED, S.CANCELLED, S.PENDING_APPROVAL, S.SHIPPED}),
    # Amended, a rejected order is submitted again.
    S.REJECTED: frozenset({S.PENDING_APPROVAL, S.APPROVED}),
    # An allocated order can fall back to APPROVED when a recall drops its reservations.
    S.ALLOCATED: frozenset(
        {S.APPROVED, S.ALLOCATED, S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED, S.PENDING_APPROVAL}
    ),
    S.PARTIALLY_SHIPPED: frozenset(
        {S.PARTIALLY_SHIPPED, S.SHIPPED, S.ALLOCATED, S.PENDING_APPROVAL, S.APPROVED}
    ),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.INVOICED}),
    S.INVOICED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}


def can_move(current: S, target: S) -> bool:
    return target in TRANSITIONS[current]
