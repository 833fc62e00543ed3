"""A user's own preferences: the language the web app speaks to them.

A preference is not an account change: it is audited, but it does not announce
`user.changed`, which would make every process forget the account and end its live streams.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import User
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.trust import audit
from backend.enums import AuditAction

# The languages the web app has catalogues for (frontend/src/i18n/locales/).
LANGUAGES = ("en", "zh-CN")


async def set_language(session: AsyncSession, *, actor: Actor, language: str) -> User:
    """Remembers the language the signed-in user chose, for every browser they sign in from."""
    assert actor.user_id is not None
    if language not in LANGUAGES:
        raise DomainError.single(
            ErrorCode.INVALID, f"Choose one of the languages {', '.join(LANGUAGES)}.",
            ("language",))
    user = await session.get(User, actor.user_id, with_for_update=True)
    if user is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such user.", ("language",))
    if user.language != language:
        await audit.record(session, actor_id=actor.user_id, action=AuditAction.USER_UPDATED,
                           entity_type="User", entity_id=user.id,
                           changes={"language": (user.language, language)})
        user.language = language
        await session.flush()
    return user
