"""Which policy decides a sale: the most specific active match, in one place.

A policy's null keys match anything. More keys set wins; between equally specific
matches the product line outranks the device class, which outranks the region. The
active policies are read in one statement per call and decided in memory, so allocating
or shipping many lines costs no statement per line.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ConfigPolicy
from backend.enums import ConfigPolicyKind

# What applies where no policy matches.
DEFAULTS = {ConfigPolicyKind.MIN_SHELF_LIFE_DAYS: "0", ConfigPolicyKind.IMPLANT_CARD: "false"}


@dataclass(frozen=True, slots=True)
class Subject:
    """What a policy is matched against: the product's line and class, the delivery region."""

    product_line: str | None
    device_class: str | None
    region: str | None


def subject(product_line: str | None, device_class: object, region: str | None) -> Subject:
    return Subject(product_line, None if device_class is None else str(device_class), region)


@dataclass(frozen=True, slots=True)
class ActivePolicy:
    id: int
    kind: ConfigPolicyKind
    product_line: str | None
    device_class: str | None
    region: str | None
    value: str

    def matches(self, subject: Subject) -> bool:
        return ((self.product_line is None or self.product_line == subject.product_line)
                and (self.device_class is None or self.device_class == subject.device_class)
                and (self.region is None or self.region == subject.region))

    @property
    def rank(self) -> tuple[int, bool, bool, bool]:
        keys = (self.product_line is not None, self.device_class is not None,
                self.region is not None)
        return (sum(keys), *keys)


@dataclass(frozen=True, slots=True)
class Decision:
    kind: ConfigPolicyKind
    value: str
    policy: ActivePolicy | None


@dataclass
class Policies:
    """The active policies of some kinds, as read once; decisions are remembered."""

    rows: tuple[ActivePolicy, ...]
    _decided: dict[tuple[ConfigPolicyKind, Subject], Decision] = field(default_factory=dict)

    def decide(self, kind: ConfigPolicyKind, subject: Subject) -> Decision:
        key = (kind, subject)
        found = self._decided.get(key)
        if found is None:
            winner = max((p for p in self.rows if p.kind == kind and p.matches(subject)),
                         key=lambda p: p.rank, default=None)
            found = Decision(kind, DEFAULTS[kind] if winner is None else winner.value, winner)
            self._decided[key] = found
        return found

    def largest(self, kind: ConfigPolicyKind) -> str | None:
        """The largest numeric value any active policy of the kind holds."""
        values = [int(p.value) for p in self.rows if p.kind == kind and p.value.isdigit()]
        return str(max(values)) if values else None


def of_rows(rows: Iterable[ActivePolicy]) -> Policies:
    return Policies(tuple(rows))


async def load(session: AsyncSession, *kinds: ConfigPolicyKind) -> Policies:
    """The active policies of the kinds (every kind when none is named): one statement."""
    t = ConfigPolicy.__table__
    stmt = select(t.c.id, t.c.kind, t.c.product_line, t.c.device_class, t.c.region,
                  t.c.value).where(t.c.active)
    if kinds:
        stmt = stmt.where(t.c.kind.in_([str(k) for k in kinds]))
    return of_rows(
        ActivePolicy(r.id, ConfigPolicyKind(r.kind), r.product_line,
                     None if r.device_class is None else str(r.device_class), r.region, r.value)
        for r in (await session.execute(stmt)).all()
    )
