"""Who may read a field or call a mutation, declared on the field.

`extensions=staff_only()` or `extensions=roles(Role.FINANCE)` on a field runs the
check before its resolver; a refusal is a FORBIDDEN error at that path, an
anonymous caller is UNAUTHENTICATED. ADMIN passes every role check.
"""

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from backend.api.errors import Forbidden
from backend.enums import Role


class _Permission(BasePermission):
    refusal = "You are not allowed to see or do this."

    def on_unauthorized(self) -> None:
        raise Forbidden(self.refusal)


class SignedIn(_Permission):
    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        info.context.actor  # noqa: B018 - UNAUTHENTICATED without a valid token
        return True


class Staff(_Permission):
    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return bool(info.context.actor.is_staff)


class HasRole(_Permission):
    def __init__(self, roles: tuple[Role, ...]) -> None:
        self.roles = roles
        self.refusal = "This needs one of the roles " + ", ".join(r.value for r in roles) + "."

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return bool(info.context.actor.has_role(*self.roles))


def _extension(permission: BasePermission) -> list[FieldExtension]:
    # No schema directives: permissions are not part of the public SDL.
    return [PermissionExtension(permissions=[permission], use_directives=False)]


def signed_in() -> list[FieldExtension]:
    return _extension(SignedIn())


def staff_only() -> list[FieldExtension]:
    return _extension(Staff())


def roles(*allowed: Role) -> list[FieldExtension]:
    return _extension(HasRole(tuple(allowed)))


# Administrative permission codes and the role that holds them until permissions
# are kept as data.
_SYSTEM_CODES = {
    "users.manage": Role.ADMIN, "config.edit": Role.ADMIN, "masterdata.edit": Role.ADMIN,
    "webhooks.manage": Role.ADMIN, "audit.read": Role.ADMIN,
}


class HasPermission(_Permission):
    def __init__(self, code: str) -> None:
        self.code = code
        self.refusal = f"This needs the permission {code}."

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return bool(info.context.actor.has_role(_SYSTEM_CODES.get(self.code, Role.ADMIN)))


def requires(code: str) -> list[FieldExtension]:
    """The field needs the permission `code` (e.g. "users.manage", "order.approve")."""
    return _extension(HasPermission(code))
