"""Who performs a domain action: the signed-in user, or the system (seeds, importers).

"Partner" is decided here and nowhere else: a user holding the PARTNER role acts
for its one customer, whatever other roles its record carries; staff roles never
widen a partner's reach (least privilege for a mis-configured account).

Authority to act is a permission code (`has_permission`), held through the actor's
roles (`backend.domain.access_control`). ADMIN holds only system codes: it reads every
staff screen (`has_role` lets it through) but decides nothing in the business.
The system actor holds every permission.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from backend.domain.access_control import grants
from backend.enums import Role

# A partner without a customer binding is scoped to this id, which matches no row.
NO_CUSTOMER = -1


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    # Set for PARTNER users: the customer they act for.
    customer_id: int | None = None
    # The system (seeds, importers, scheduled jobs): every permission, no role.
    all_permissions: bool = False

    @classmethod
    def of(cls, user_id: int | None, roles: Iterable[str], customer_id: int | None) -> "Actor":
        """The actor of a signed-in user, from its token's claims."""
        held = frozenset(str(r) for r in roles)
        if Role.PARTNER.value in held:
            return cls(user_id, frozenset({Role.PARTNER.value}),
                       customer_id if customer_id is not None else NO_CUSTOMER)
        return cls(user_id, held, None)

    def has_role(self, *roles: Role | str) -> bool:
        """For reads: one of these roles is held, or the actor is ADMIN or the system."""
        return self.is_admin or self.holds_role(*roles)

    def holds_role(self, *roles: Role | str) -> bool:
        """For decisions: one of these roles is held (ADMIN is no business role)."""
        return self.all_permissions or not self.roles.isdisjoint(str(r) for r in roles)

    def has_permission(self, code: str) -> bool:
        return self.all_permissions or code in grants.codes_for(self.roles)

    @property
    def permissions(self) -> frozenset[str]:
        """The codes the actor's roles hold (the system's: none listed, all held)."""
        return grants.codes_for(self.roles)

    @property
    def is_admin(self) -> bool:
        return self.all_permissions or Role.ADMIN.value in self.roles

    @property
    def is_partner(self) -> bool:
        return Role.PARTNER.value in self.roles

    @property
    def is_staff(self) -> bool:
        return self.all_permissions or (bool(self.roles) and not self.is_partner)

    @property
    def customer_scope(self) -> int | None:
        """The customer a partner's reads are limited to; None for staff, who see everything.

        An actor with no role at all sees nothing, as a partner bound to no customer."""
        if self.is_partner:
            return self.customer_id
        return None if self.roles or self.all_permissions else NO_CUSTOMER


SYSTEM = Actor(user_id=None, all_permissions=True)
