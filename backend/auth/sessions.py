"""Who a token's user is now: roles, customer, active flag and token version.

A token carries the roles it was issued with, but an administrator's change (roles,
customer, deactivation, a password reset) applies on the user's next request. Each
process keeps the current state of the users it has seen: filled at sign-in, read with
one statement on a miss, forgotten when a change commits (at once in the process that
made it, and in every other process when its outbox listener reads the `user.changed`
event). A request of a known user therefore costs no statement.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, text

from backend.auth.tokens import Claims

USER_CHANGED = "user.changed"  # the outbox topic of any change to a user's account
KNOWN_USERS = 10_000

STATE_SQL = text(
    "SELECT u.is_active, u.customer_id, u.password_change_required, u.session_version, "
    "ARRAY(SELECT r.role::text FROM user_roles AS r WHERE r.user_id = u.id) AS roles "
    "FROM users AS u WHERE u.id = :user_id"
)

Read = Callable[[Executable], Awaitable[Sequence[Any]]]


@dataclass(frozen=True, slots=True)
class UserState:
    active: bool
    roles: frozenset[str]
    customer_id: int | None
    password_change_required: bool
    session_version: int


class UserSessions:
    """The current state of recently seen users, per process, bounded."""

    def __init__(self, size: int = KNOWN_USERS) -> None:
        self._size = size
        self._known: OrderedDict[int, UserState] = OrderedDict()
        # Raised by every forget: a read that began before it must not store what it read.
        self.epoch = 0

    def get(self, user_id: int) -> UserState | None:
        state = self._known.get(user_id)
        if state is not None:
            self._known.move_to_end(user_id)
        return state

    def remember(self, user_id: int, state: UserState, epoch: int) -> None:
        if epoch != self.epoch:
            return
        self._known[user_id] = state
        self._known.move_to_end(user_id)
        if len(self._known) > self._size:
            self._known.popitem(last=False)

    def forget(self, user_ids: Iterable[int]) -> None:
        for user_id in user_ids:
            self._known.pop(user_id, None)
        self.epoch += 1

    async def state(self, user_id: int, read: Read) -> UserState | None:
        """The user's current state, from memory or with one statement."""
        known = self.get(user_id)
        if known is not None:
            return known
        epoch = self.epoch
        rows = await read(STATE_SQL.bindparams(user_id=user_id))
        if not rows:
            return None
        row = rows[0]
        state = UserState(
            active=bool(row.is_active), roles=frozenset(row.roles or ()),
            customer_id=row.customer_id,
            password_change_required=bool(row.password_change_required),
            session_version=int(row.session_version),
        )
        self.remember(user_id, state, epoch)
        return state


def user_sessions(app_state: Any) -> UserSessions:
    """The process's user states, kept on the application state."""
    sessions = getattr(app_state, "user_sessions", None)
    if sessions is None:
        sessions = app_state.user_sessions = UserSessions()
    return sessions


def forget_changed(app_state: Any, events: Iterable[Any]) -> None:
    """Forget the users named by committed `user.changed` outbox events."""
    changed = [e.aggregate_id for e in events if getattr(e, "topic", None) == USER_CHANGED]
    if changed:
        user_sessions(app_state).forget(changed)


async def current_claims(
    sessions: UserSessions, claims: Claims, read: Read
) -> tuple[Claims | None, str | None]:
    """The token's claims with the user's current roles and customer, or why it is refused."""
    state = await sessions.state(claims.user_id, read)
    if state is None or not state.active:
        return None, "The account is deactivated."
    if claims.session_version != state.session_version:
        return None, "The token was revoked; sign in again."
    if (state.roles == claims.roles and state.customer_id == claims.customer_id
            and state.password_change_required == claims.password_change_required):
        return claims, None
    return dataclasses.replace(
        claims, roles=state.roles, customer_id=state.customer_id,
        password_change_required=state.password_change_required,
    ), None
