"""A customer's documents: attached by staff, versioned, listed on the customer, kept from partners."""

import hashlib

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.ids import to_global_id
from backend.db.models import AuditEvent, Document
from backend.domain.quality.certificates import render_pdf
from tests.quality.test_documents import attach, download
from tests.support.builders import make_customer, unique
from tests.support.client import Client, codes

CUSTOMER_DOCUMENTS = """query($id: ID!) { node(id: $id) { ... on Customer {
  code documents { id kind title fileName version sha256 downloadUrl } } } }"""


async def _customer_id(sessionmaker: async_sessionmaker[AsyncSession]) -> str:
    customer = await make_customer(sessionmaker, place=None)
    return to_global_id("Customer", customer.id)


async def test_sales_attaches_versions_and_lists_them(
    client: Client, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    customer = await _customer_id(sessionmaker)
    title = unique("Quality agreement")
    first_bytes, second_bytes = render_pdf(title, ["rev 1"]), render_pdf(title, ["rev 2"])
    first = await attach(client, "sales", first_bytes, "qa-agreement.pdf", title=title,
                         attach_to=[customer], kind="OTHER")
    assert first["userErrors"] == []
    assert first["document"]["version"] == 1
    assert first["document"]["sha256"] == hashlib.sha256(first_bytes).hexdigest()
    second = (await attach(client, "sales", second_bytes, "qa-agreement-2.pdf", title=title,
                           attach_to=[customer], kind="OTHER"))["document"]
    assert second["version"] == 2

    listed = (await client.call("sales", CUSTOMER_DOCUMENTS, {"id": customer}))["node"]
    assert [(d["title"], d["version"], d["sha256"]) for d in listed["documents"]] == [
        (title, 2, hashlib.sha256(second_bytes).hexdigest()),
        (title, 1, hashlib.sha256(first_bytes).hexdigest()),
    ]
    token = await client.token("sales")
    old = await download(client.http, listed["documents"][1]["downloadUrl"], token)
    assert old.status_code == 200 and old.content == first_bytes

    async with sessionmaker() as session:
        audited = (await session.execute(
            select(AuditEvent.action, Document.version)
            .join(Document, Document.id == AuditEvent.entity_id)
            .where(AuditEvent.entity_type == "Document", Document.title == title)
            .order_by(Document.version)
        )).all()
    assert [tuple(row) for row in audited] == [("document.attached", 1), ("document.attached", 2)]


async def test_partners_see_none_of_a_customers_documents(client: Client) -> None:
    own = (await client.call("partner-a", "{ viewer { customer { id } } }"))["viewer"]["customer"]
    pdf = render_pdf("Distribution contract", ["signed"])
    attached = await attach(client, "sales", pdf, "contract.pdf", title=unique("Contract"),
                            attach_to=[own["id"]], kind="OTHER")
    document = attached["document"]
    assert attached["userErrors"] == []

    body = await client.body("partner-a", CUSTOMER_DOCUMENTS, {"id": own["id"]})
    assert codes(body) == ["FORBIDDEN"]
    partner = await client.token("partner-a")
    assert (await download(client.http, document["downloadUrl"], partner)).status_code == 404
    node = await client.body("partner-a", """query($id: ID!) { node(id: $id) { id } }""",
                             {"id": document["id"]})
    assert node["data"]["node"] is None


async def test_an_unknown_customer_is_not_found_and_nothing_is_written(
    client: Client, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    title = unique("Stray")
    payload = await attach(client, "sales", render_pdf(title, ["x"]), "stray.pdf", title=title,
                           attach_to=[to_global_id("Customer", 10**12)], kind="OTHER")
    assert payload["document"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("NOT_FOUND", ["input", "attachTo", "0"])]
    async with sessionmaker() as session:
        assert await session.scalar(
            select(func.count()).select_from(Document).where(Document.title == title)) == 0
