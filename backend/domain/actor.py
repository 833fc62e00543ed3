"""Who performs a domain action: the signed-in user, or the system (seeds, importers)."""

from dataclasses import dataclass

from backend.enums import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    # Set for PARTNER users: the customer they act for.
    customer_id: int | None = None

    def has_role(self, *roles: Role | str) -> bool:
        return Role.ADMIN.value in self.roles or not self.roles.isdisjoint(str(r) for r in roles)

    @property
    def is_partner(self) -> bool:
        return self.roles == frozenset({Role.PARTNER.value})


SYSTEM = Actor(user_id=None, roles=frozenset({Role.ADMIN.value}))
