"""Document numbers: increasing and gap-free per series and year (SO-2026-000123)."""

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

NEXT_VALUE = text(
    """
    INSERT INTO number_sequences (series, year, last_value) VALUES (:series, :year, 1)
    ON CONFLICT (series, year) DO UPDATE SET last_value = number_sequences.last_value + 1
    RETURNING last_value
    """
)


async def next_number(session: AsyncSession, series: str, *, at: datetime | None = None) -> str:
    """The next number of `series`; the row lock it takes is held until commit, so numbers
    are handed out in commit order and a rollback returns the number."""
    year = (at or datetime.now(UTC)).year
    value = (await session.execute(NEXT_VALUE, {"series": series, "year": year})).scalar_one()
    return f"{series}-{year}-{value:06d}"
