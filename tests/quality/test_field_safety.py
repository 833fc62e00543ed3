"""Field safety notices: one PDF per notified customer naming the recall and only that
customer's lots, GTINs/UDIs and quantities; written in bulk, versioned like any document."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from backend.db.models import Customer, Document, DocumentLink, Lot, Product
from backend.domain.quality.documents import NewDocument, store_documents
from backend.domain.tx import transaction
from backend.enums import DocumentKind
from tests.quality.test_recall_closure import INITIATE, SHIP
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import allocated_order
from tests.support.ids import gid


async def pdf_text(client: Client, url: str) -> str:
    headers = {"authorization": f"Bearer {await client.token('qa')}"}
    response = await client.http.get(url, headers=headers)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    return response.content.decode("latin-1")


async def test_each_notice_names_only_that_customers_lots_and_quantities(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    products = [await builders.make_product(sessionmaker) for _ in range(2)]
    lots = [await builders.make_lot(sessionmaker, p, warehouse_id=wh["NL-RTM"], quantity=20)
            for p in products]
    async with sessionmaker() as session:
        dist_a = await session.get_one(
            Customer, await session.scalar(select(Customer.id).where(Customer.code == "DIST-A")))
        gtins = [await session.scalar(select(Product.gtin).where(Product.id == p.id))
                 for p in products]
    hospital = await builders.make_customer(sessionmaker)
    # DIST-A receives 5 of the first lot, the hospital 3 of the second.
    for customer_id, product, quantity in ((dist_a.id, products[0], 5),
                                           (hospital.id, products[1], 3)):
        order = await allocated_order(client, customer_id, [(product.id, quantity)])
        shipped = await client.call("warehouse", SHIP, input={"orderId": order["id"]})
        assert shipped["createShipment"]["userErrors"] == []

    recall = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", lot.id) for lot in lots], "reason": "Sterility breach (seal)",
        "recallClass": "I", "signature": {"password": DEMO_PASSWORD,
                                          "meaning": "Recall initiated"}}))["initiateRecall"]
    assert recall["userErrors"] == []
    notices = {n["customer"]["code"]: n for n in recall["recall"]["notices"]}
    assert set(notices) == {"DIST-A", hospital.code}

    own = await pdf_text(client, notices["DIST-A"]["fieldSafetyNotice"]["downloadUrl"])
    assert recall["recall"]["number"] in own and "Class: I" in own
    assert "Sterility breach \\(seal\\)" in own
    assert f"lot {lots[0].lot_number}: 5 units" in own and f"GTIN {gtins[0]}" in own
    assert f"\\(01\\){gtins[0]}" in own  # the UDI of the lot
    assert lots[1].lot_number not in own and hospital.code not in own and gtins[1] not in own

    theirs = await pdf_text(client, notices[hospital.code]["fieldSafetyNotice"]["downloadUrl"])
    assert f"lot {lots[1].lot_number}: 3 units" in theirs
    assert lots[0].lot_number not in theirs and "DIST-A" not in theirs

    # No acknowledgementDueDays: a class I recall is due a day after notification.
    dues = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Recall {
      notices { notifiedAt dueAt overdue } } } }""", id=recall["recall"]["id"]))["node"]
    for notice in dues["notices"]:
        due = datetime.fromisoformat(notice["dueAt"]) - datetime.fromisoformat(
            notice["notifiedAt"])
        assert (due, notice["overdue"]) == (timedelta(days=1), False)


async def test_bulk_documents_start_series_or_continue_an_attached_one(sessionmaker) -> None:
    lot = await builders.make_lot(sessionmaker, await builders.make_product(sessionmaker),
                                  warehouse_id=(await builders.warehouses(sessionmaker))["NL-RTM"],
                                  quantity=1)
    other = await builders.make_lot(sessionmaker, await builders.make_product(sessionmaker),
                                    warehouse_id=(await builders.warehouses(sessionmaker))["NL-RTM"],
                                    quantity=1)

    def doc(title: str, lot: Lot, body: bytes) -> NewDocument:
        return NewDocument(kind=DocumentKind.OTHER, title=title, file_name="a/b.txt",
                           content=body, content_type="text/plain", links=[("Lot", lot.id)])

    async with transaction(sessionmaker) as session:
        actor = await builders.demo_actor(session, "qa")
        first = await store_documents(session, actor=actor, documents=[
            doc("Memo", lot, b"one"), doc("Memo", other, b"two")])
    async with transaction(sessionmaker) as session:
        actor = await builders.demo_actor(session, "qa")
        again = await store_documents(session, actor=actor, documents=[
            doc("Memo", lot, b"three"), doc("Note", lot, b"four")])
    async with sessionmaker() as session:
        rows = {pk: await session.get_one(Document, pk) for pk in first + again}
        links = await session.scalar(select(func.count()).select_from(DocumentLink).where(
            DocumentLink.document_id.in_(rows)))
    # Two new series; then version 2 of the lot's memo, and a new series for the note.
    assert [(rows[pk].version, rows[pk].series_id == pk) for pk in first] == [(1, True), (1, True)]
    memo, note = (rows[pk] for pk in again)
    assert (memo.version, memo.series_id) == (2, first[0])
    assert (note.version, note.series_id == note.id) == (1, True)
    assert rows[first[0]].file_name == "b.txt" and links == 4
