"""User administration (users.manage), the security policy, and a user's own password change."""

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import Forbidden
from backend.api.ids import input_pk
from backend.auth.sessions import user_sessions
from backend.domain.actor import Actor
from backend.domain.users import accounts, policy, preferences
from backend.resolvers import users as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import Outcome, ref, run_mutation
from backend.schema.common import Connection, UserError, payload
from backend.schema.enums import Role
from backend.schema.parties.types import User
from backend.schema.permissions import requires, signed_in
from backend.schema.requests import as_request

# The security policy governs accounts, so the administrator of accounts sets it.
POLICY_PERMISSION = "users.manage"


@strawberry.type
class SecurityPolicy:
    max_failed_logins: int = strawberry.field(description="Failed sign-ins in a row that lock "
                                              "an account until an administrator unlocks it.")
    min_password_length: int


def _policy(value: policy.SecurityPolicy) -> SecurityPolicy:
    return SecurityPolicy(max_failed_logins=value.max_failed_logins,
                          min_password_length=value.min_password_length)


@strawberry.input
class CreateUserInput:
    username: str
    display_name: str
    email: str | None = None
    roles: list[Role]
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Required for PARTNER users, refused for others.")
    password: str = strawberry.field(description="A temporary password: the user must choose "
                                     "their own at first sign-in.")
    idempotency_key: str | None = None


@strawberry.input
class UpdateUserInput:
    user_id: strawberry.ID
    display_name: str | None = None
    email: str | None = None
    roles: list[Role] | None = strawberry.field(default=None,
                                                description="Replaces the user's roles.")
    customer_id: strawberry.ID | None = None


@strawberry.input
class DeactivateUserInput:
    user_id: strawberry.ID
    reason: str


@strawberry.input
class ResetUserPasswordInput:
    user_id: strawberry.ID
    password: str = strawberry.field(description="Temporary, as on creation; resetting also "
                                     "unlocks the account.")


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.input
class UpdateSecurityPolicyInput:
    max_failed_logins: int | None = None
    min_password_length: int | None = None


@strawberry.type
class UserPayload:
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SecurityPolicyPayload:
    security_policy: SecurityPolicy | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


# --- root fields ------------------------------------------------------------------


@strawberry.field(description="Accounts by username (users.manage).",
                  extensions=requires("users.manage"))
async def users(
    info: Info, first: int | None = None, after: str | None = None, search: str | None = None,
    include_inactive: bool | None = False,
) -> Connection[User]:
    return Connection.of(await reads.users(info.context, first, after, search,
                                           bool(include_inactive)), User.from_row)


@strawberry.field(description="Staff, and anyone who must choose a new password (its rules).",
                  extensions=signed_in())
async def security_policy(info: Info) -> SecurityPolicy:
    # Partners read no administration type, except the rules of the password they must set.
    if not info.context.actor.is_staff and not info.context.principal.password_change_required:
        raise Forbidden("The security policy is for staff.")
    return _policy(await reads.security_policy(info.context))


def _customer(value: strawberry.ID | None) -> int | None:
    return None if value is None else input_pk(value, "Customer", ("input", "customerId"))


def _user_id(value: strawberry.ID, field: tuple[str, ...] = ("input", "userId")) -> int:
    return input_pk(value, "User", field)


Act = Callable[[AsyncSession, Actor], Awaitable[Any]]


async def _changed(info: Info, act: Act, operation: str, **kwargs: Any) -> UserPayload:
    changed: list[int] = []

    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        user = await act(s, actor)
        changed.append(user.id)
        return {"user": ref("User", user.id)}

    outcome: Outcome = await run_mutation(info.context, action, operation=operation, **kwargs)
    if not outcome.problems and changed:
        # This process applies the change from the next request on; the others when their
        # outbox listener reads it.
        user_sessions(info.context.state).forget(changed)
    return payload(UserPayload, outcome)


@strawberry.mutation(extensions=requires("users.manage"))
async def create_user(info: Info, input: CreateUserInput) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.create_user(
            s, actor=actor, username=input.username, display_name=input.display_name,
            email=input.email, roles=input.roles, customer_id=_customer(input.customer_id),
            password=input.password)

    # The password stays out of the stored request hash.
    request = {k: str(v) for k, v in as_request(input).items() if k != "password"}
    return await _changed(info, act, "createUser", idempotency_key=input.idempotency_key,
                          request=request)


@strawberry.mutation(description="Applies from the user's next request on.",
                     extensions=requires("users.manage"))
async def update_user(info: Info, input: UpdateUserInput) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.update_user(
            s, actor=actor, user_id=_user_id(input.user_id), display_name=input.display_name,
            email=input.email, roles=input.roles, customer_id=_customer(input.customer_id))

    return await _changed(info, act, "updateUser")


@strawberry.mutation(description="The user can no longer sign in, and tokens issued before are "
                     "refused (UNAUTHENTICATED).", extensions=requires("users.manage"))
async def deactivate_user(info: Info, input: DeactivateUserInput) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.deactivate_user(
            s, actor=actor, user_id=_user_id(input.user_id), reason=input.reason)

    return await _changed(info, act, "deactivateUser")


@strawberry.mutation(extensions=requires("users.manage"))
async def reactivate_user(info: Info, user_id: strawberry.ID) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.reactivate_user(
            s, actor=actor, user_id=_user_id(user_id, ("userId",)))

    return await _changed(info, act, "reactivateUser")


@strawberry.mutation(extensions=requires("users.manage"))
async def unlock_user(info: Info, user_id: strawberry.ID) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.unlock_user(
            s, actor=actor, user_id=_user_id(user_id, ("userId",)))

    return await _changed(info, act, "unlockUser")


@strawberry.mutation(extensions=requires("users.manage"))
async def reset_user_password(info: Info, input: ResetUserPasswordInput) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.reset_user_password(
            s, actor=actor, user_id=_user_id(input.user_id), password=input.password)

    return await _changed(info, act, "resetUserPassword")


@strawberry.mutation(description="The signed-in user replaces their own password.",
                     extensions=signed_in())
async def change_password(info: Info, input: ChangePasswordInput) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await accounts.change_password(
            s, actor=actor, current_password=input.current_password,
            new_password=input.new_password)

    return await _changed(info, act, "changePassword")


@strawberry.mutation(description="The signed-in user chooses the web app's language (en, zh-CN), "
                     "remembered for every browser they sign in from.", extensions=signed_in())
async def set_my_language(info: Info, language: str) -> UserPayload:
    async def act(s: AsyncSession, actor: Actor) -> Any:
        return await preferences.set_language(s, actor=actor, language=language)

    return await _changed(info, act, "setMyLanguage")


@strawberry.mutation(extensions=requires(POLICY_PERMISSION))
async def update_security_policy(
    info: Info, input: UpdateSecurityPolicyInput
) -> SecurityPolicyPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        return {"security_policy": await policy.update(
            s, actor=actor, max_failed_logins=input.max_failed_logins,
            min_password_length=input.min_password_length)}

    return payload(SecurityPolicyPayload,
                   await run_mutation(info.context, action, operation="updateSecurityPolicy"),
                   security_policy=_policy)
