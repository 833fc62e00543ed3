"""What a valid account looks like: username, email, password and role rules (no I/O)."""

import re
from collections.abc import Iterable, Sequence

from backend.domain.errors import ErrorCode, Problem
from backend.enums import Role

USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
# Deliberately plain: one @, a dot in the domain, no spaces; the mail server has the last word.
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
MAX_EMAIL = 320
MAX_DISPLAY_NAME = 200
MAX_PASSWORD = 1024  # the sign-in endpoint reads no longer field


def username_problems(username: str, field: Sequence[str]) -> list[Problem]:
    if USERNAME.fullmatch(username):
        return []
    return [Problem(ErrorCode.INVALID, "A username is 3 to 64 characters of a-z, 0-9, '.', "
                    "'_' and '-'.", tuple(field))]


def display_name_problems(display_name: str, field: Sequence[str]) -> list[Problem]:
    if display_name.strip() and len(display_name) <= MAX_DISPLAY_NAME:
        return []
    return [Problem(ErrorCode.INVALID, "Give a display name of at most 200 characters.",
                    tuple(field))]


def email_problems(email: str | None, field: Sequence[str]) -> list[Problem]:
    if email is None or (len(email) <= MAX_EMAIL and EMAIL.fullmatch(email)):
        return []
    return [Problem(ErrorCode.INVALID, f"{email!r} is not an email address.", tuple(field))]


def password_problems(password: str, min_length: int, field: Sequence[str]) -> list[Problem]:
    if len(password) < min_length:
        return [Problem(ErrorCode.INVALID,
                        f"A password has at least {min_length} characters.", tuple(field))]
    if len(password) > MAX_PASSWORD:
        return [Problem(ErrorCode.INVALID, "That password is too long.", tuple(field))]
    return []


def role_problems(
    roles: Iterable[Role | str], customer_id: int | None, *, roles_field: Sequence[str],
    customer_field: Sequence[str],
) -> list[Problem]:
    """At least one role; a partner has a customer and no other role; staff have no customer."""
    held = {str(r) for r in roles}
    if not held:
        return [Problem(ErrorCode.INVALID, "Give the user at least one role.", tuple(roles_field))]
    if Role.PARTNER.value in held:
        problems = []
        if len(held) > 1:
            problems.append(Problem(ErrorCode.INVALID, "A partner user holds no other role.",
                                    tuple(roles_field)))
        if customer_id is None:
            problems.append(Problem(ErrorCode.INVALID, "A partner user acts for one customer: "
                                    "choose it.", tuple(customer_field)))
        return problems
    if customer_id is not None:
        return [Problem(ErrorCode.INVALID, "Only partner users are bound to a customer.",
                        tuple(customer_field))]
    return []
