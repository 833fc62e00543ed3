"""GET /epcis/events: the matching events only, as an EPCISQueryDocument GS1's schema accepts."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.domain.tx import transaction
from tests.standards.validators import EpcisSchema
from tests.support import builders
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.flows import Quality


async def _lots(client: Client, sessionmaker: async_sessionmaker[AsyncSession]):
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    lot = await quality.released_lot(product, 20, lot_number=unique("Q"))
    other = await quality.released_lot(product, 5, lot_number=unique("Q"))
    customer = await builders.make_customer(sessionmaker, place=None, shelf_life_days=0)
    async with transaction(sessionmaker) as session:
        await builders.shipped(session, customer.id, [(product["pk"], 2)])
    return product, lot, other


async def _query(client: Client, user: str | None = "qa", **params: str):
    headers = {"authorization": f"Bearer {await client.token(user)}"} if user else {}
    return await client.http.get("/epcis/events", params=params, headers=headers)


def _body(document: dict) -> list[dict]:
    assert document["type"] == "EPCISQueryDocument"
    return document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


async def test_only_matching_events_are_answered(
    client: Client, sessionmaker: async_sessionmaker[AsyncSession], epcis_schema: EpcisSchema
) -> None:
    product, lot, other = await _lots(client, sessionmaker)
    lot_class = f"https://id.gs1.org/01/{product['gtin']}/10/{lot['lotNumber']}"

    response = await _query(client, gtin=product["gtin"], lot=lot["lotNumber"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    assert epcis_schema.problems(response.json()) == []
    events = _body(response.json())
    steps = [e["bizStep"] for e in events]
    assert steps[:2] == ["receiving", "inspecting"] and set(steps[2:]) <= {"shipping"}
    assert all(lot_class in str(e) for e in events)
    assert other["lotNumber"] not in response.text

    both = _body((await _query(client, gtin=product["gtin"])).json())
    assert {e["bizStep"] for e in both} == {"receiving", "inspecting", "shipping"}
    shipping = _body((await _query(client, gtin=product["gtin"], EQ_bizStep="shipping")).json())
    assert shipping and all(e["bizStep"] == "shipping" for e in shipping)
    assert len(shipping) == sum(e["bizStep"] == "shipping" for e in both)

    times = sorted(datetime.fromisoformat(e["eventTime"]) for e in both)
    cut = (times[-1] + timedelta(microseconds=1)).isoformat()
    assert _body((await _query(client, gtin=product["gtin"], GE_eventTime=cut)).json()) == []
    before = _body((await _query(client, gtin=product["gtin"], LT_eventTime=cut)).json())
    assert len(before) == len(both)
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    window = await _query(client, gtin=product["gtin"], GE_eventTime=times[0].isoformat(),
                          LT_eventTime=later)
    assert len(_body(window.json())) == len(both)
    assert epcis_schema.problems(window.json()) == []

    nothing = await _query(client, gtin="00000000000000")
    assert _body(nothing.json()) == [] and epcis_schema.problems(nothing.json()) == []


async def test_bad_parameters_and_callers_are_refused(client: Client) -> None:
    for params, named in [({"color": "red"}, "color"), ({"GE_eventTime": "yesterday"},
                          "GE_eventTime"), ({"LT_eventTime": "2026-11-01T10:00:00"},
                          "LT_eventTime"), ({"gtin": "123"}, "gtin")]:
        response = await _query(client, **params)
        assert response.status_code == 400, params
        assert named in response.json()["message"]
    assert (await _query(client, "partner-a")).status_code == 403
    assert (await _query(client, None)).status_code == 401


async def test_a_query_over_too_many_lots_is_refused(client: Client, monkeypatch) -> None:
    from backend.domain.standards import epcis_query

    monkeypatch.setattr(epcis_query, "MAX_QUERY_LOTS", 1)
    response = await _query(client)
    assert response.status_code == 413
    assert "narrow it with gtin or lot" in response.json()["message"]
