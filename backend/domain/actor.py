"""Who performs a domain action: the signed-in user, or the system (seeds, importers).

"Partner" is decided here and nowhere else: a user holding the PARTNER role acts
for its one customer, whatever other roles its record carries; staff roles never
widen a partner's reach (least privilege for a mis-configured account).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from backend.enums import Role

# A partner without a customer binding is scoped to this id, which matches no row.
NO_CUSTOMER = -1


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    # Set for PARTNER users: the customer they act for.
    customer_id: int | None = None

    @classmethod
    def of(cls, user_id: int | None, roles: Iterable[str], customer_id: int | None) -> "Actor":
        """The actor of a signed-in user, from its token's claims."""
        held = frozenset(str(r) for r in roles)
        if Role.PARTNER.value in held:
            return cls(user_id, frozenset({Role.PARTNER.value}),
                       customer_id if customer_id is not None else NO_CUSTOMER)
        return cls(user_id, held, None)

    def has_role(self, *roles: Role | str) -> bool:
        return Role.ADMIN.value in self.roles or not self.roles.isdisjoint(str(r) for r in roles)

    @property
    def is_partner(self) -> bool:
        return Role.PARTNER.value in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles) and not self.is_partner

    @property
    def customer_scope(self) -> int | None:
        """The customer a partner's reads are limited to; None for staff, who see everything.

        An actor with no role at all sees nothing, as a partner bound to no customer."""
        if self.is_partner:
            return self.customer_id
        return None if self.roles else NO_CUSTOMER


SYSTEM = Actor(user_id=None, roles=frozenset({Role.ADMIN.value}))
