"""Who may read a field or call a mutation, declared on the field.

`extensions=requires("lot.release")` on a mutation, or `extensions=staff_only()` /
`extensions=roles(Role.FINANCE)` on a read, runs the check before its resolver; a
refusal is a FORBIDDEN error at that path, an anonymous caller is UNAUTHENTICATED.
Mutations need a permission code (backend/domain/access_control); ADMIN passes every
role check of a read, and holds no business code.
"""

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from backend.api.errors import Forbidden
from backend.domain.access_control import grants
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


class HasPermission(_Permission):
    def __init__(self, codes: tuple[str, ...]) -> None:
        self.codes = codes
        self.refusal = f"This needs the permission {' or '.join(codes)}."

    async def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        actor = info.context.actor
        await fresh_grants(info.context)
        return any(actor.has_permission(code) for code in self.codes)


async def fresh_grants(context: Any) -> None:
    """The process's cache of role permissions, read again if a change made it stale."""
    if grants.is_fresh():
        return
    if context.db is not None:
        await grants.refresh(context.db.rows)
        return
    async with context.engine.connect() as conn:
        await grants.ensure_fresh(conn)


def requires(code: str, *alternatives: str) -> list[FieldExtension]:
    """The field needs the permission `code` (e.g. "users.manage", "order.approve"), or
    one of the `alternatives`."""
    return _extension(HasPermission((code, *alternatives)))
