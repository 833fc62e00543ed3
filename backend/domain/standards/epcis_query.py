"""EPCIS documents: a lot's history (EPCISDocument) and the answer to an event query
(EPCISQueryDocument), with the query's parameters as EPCIS 2.0's REST binding names them."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.domain.standards.epcis_events import Event, event_time, lot_events

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
QUERY_PARAMETERS = frozenset({"gtin", "lot", "EQ_bizStep", "GE_eventTime", "LT_eventTime"})

LOT_EXISTS = text("SELECT 1 FROM lots WHERE id = :lot_id")
MATCHING_LOTS = text("""
SELECT l.id FROM lots l JOIN products p ON p.id = l.product_id
WHERE (CAST(:gtin AS text) IS NULL OR p.gtin = :gtin)
  AND (CAST(:lot AS text) IS NULL OR l.lot_number = :lot)
ORDER BY l.id
LIMIT :limit
""")
# One answer reads every event of every matching lot: past this many lots, the caller is
# asked to narrow the query (gtin, lot) rather than having the whole ledger read.
MAX_QUERY_LOTS = 2000


class QueryTooLarge(ValueError):
    """The query matches more lots than one answer reads."""


class QueryParameterError(ValueError):
    """A query parameter that is unknown, repeated or not of its type; `parameter` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class EventQuery:
    gtin: str | None = None
    lot: str | None = None
    biz_steps: frozenset[str] | None = None
    from_time: datetime | None = None  # inclusive
    until_time: datetime | None = None  # exclusive

    @classmethod
    def parse(cls, params: Mapping[str, list[str]]) -> "EventQuery":
        """From query-string values (every value of each name); refuses what it does not know."""
        for name, values in params.items():
            if name not in QUERY_PARAMETERS:
                raise QueryParameterError(name, f"Unknown query parameter {name!r}; known: "
                                                f"{', '.join(sorted(QUERY_PARAMETERS))}.")
            if len(values) != 1 or not values[0]:
                raise QueryParameterError(name, f"Give {name} once, with a value.")
        one = {name: values[0] for name, values in params.items()}
        gtin = one.get("gtin")
        if gtin is not None and not (len(gtin) == 14 and gtin.isascii() and gtin.isdigit()):
            raise QueryParameterError("gtin", "gtin is a GTIN-14: 14 digits.")
        steps = one.get("EQ_bizStep")
        return cls(
            gtin=gtin, lot=one.get("lot"),
            biz_steps=frozenset(_biz_step(s) for s in steps.split("|")) if steps else None,
            from_time=_time(one, "GE_eventTime"), until_time=_time(one, "LT_eventTime"),
        )

    def matches(self, event: Event) -> bool:
        if self.biz_steps is not None and event.get("bizStep") not in self.biz_steps:
            return False
        at = datetime.fromisoformat(event["eventTime"])
        return ((self.from_time is None or at >= self.from_time)
                and (self.until_time is None or at < self.until_time))


def _biz_step(value: str) -> str:
    # The CBV's full URI and its bare name are the same step.
    return value.removeprefix("https://ref.gs1.org/cbv/BizStep-").removeprefix(
        "urn:epcglobal:cbv:bizstep:")


def _time(params: Mapping[str, str], name: str) -> datetime | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))  # a '+' unescaped in a URL
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise QueryParameterError(
            name, f"{name} is a date and time with its offset, e.g. 2026-11-01T00:00:00Z.")
    return moment.astimezone(UTC)


def _now() -> str:
    return event_time(datetime.now(UTC))


async def lot_document(conn: AsyncConnection, lot_id: int) -> dict[str, Any] | None:
    """The EPCISDocument of a lot's history, or None when there is no such lot."""
    if (await conn.execute(LOT_EXISTS, {"lot_id": lot_id})).first() is None:
        return None
    return {
        "@context": [CONTEXT], "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": _now(), "epcisBody": {"eventList": await lot_events(conn, [lot_id])},
    }


async def query_document(conn: AsyncConnection, query: EventQuery) -> dict[str, Any]:
    """The EPCISQueryDocument of the events that match every parameter of the query."""
    rows = await conn.execute(MATCHING_LOTS, {"gtin": query.gtin, "lot": query.lot,
                                              "limit": MAX_QUERY_LOTS + 1})
    lot_ids = [row.id for row in rows]
    if len(lot_ids) > MAX_QUERY_LOTS:
        raise QueryTooLarge(f"The query matches more than {MAX_QUERY_LOTS} lots; narrow it "
                            "with gtin or lot.")
    events = await lot_events(conn, lot_ids) if lot_ids else []
    seen: set[str] = set()
    matching = []
    for event in events:
        # A production is an event of its output and of each input: listed once.
        if event["eventID"] not in seen and query.matches(event):
            seen.add(event["eventID"])
            matching.append(event)
    return {
        "@context": [CONTEXT], "type": "EPCISQueryDocument", "schemaVersion": "2.0",
        "creationDate": _now(),
        "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery",
                                       "resultsBody": {"eventList": matching}}},
    }
