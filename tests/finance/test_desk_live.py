"""`invoiceChanged` pushes payment, void and credit to staff and to the owning partner only."""

from sqlalchemy import select

from backend.db.models import Customer, InvoiceLine
from backend.domain.finance import corrections, credit_notes, payments
from backend.domain.finance.credit_notes import CreditRequest
from tests.support import builders
from tests.support.client import Client
from tests.support.finance import Desk
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

INVOICE_CHANGED = "subscription { invoiceChanged { from to invoice { number } } }"


async def test_paid_void_and_credited_are_pushed_to_staff_and_the_owner(
    live_server: LiveServer, client: Client, sessionmaker, engine, stock
) -> None:
    assert live_server.app.state.outbox_listener.connected.is_set()
    # Three invoices of DIST-A (partner-a's customer), one per delivered shipment.
    async with sessionmaker() as s, s.begin():
        desk = await Desk.open(s)
        dist_a = await s.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        assert dist_a is not None
        order = await desk.order(dist_a, [(stock.product.id, 3)])
        invoices = []
        for _ in range(3):
            shipment = await desk.ship(order, {1: 1})
            invoices.append(await desk.invoice(order, [shipment]))
        paid, voided, credited = invoices
        line = await s.scalar(select(InvoiceLine.id).where(
            InvoiceLine.invoice_id == credited.id))
        assert line is not None
    await caught_up(live_server.app, engine)
    async with (ws_connect(live_server.ws_url, await client.token("finance")) as staff,
                ws_connect(live_server.ws_url, await client.token("partner-a")) as owner,
                ws_connect(live_server.ws_url, await client.token("partner-b")) as other):
        for socket in (staff, owner, other):
            await socket.subscribe(INVOICE_CHANGED)
        async with sessionmaker() as s, s.begin():
            finance = await builders.demo_actor(s, "finance")
            await payments.record_payment(s, actor=finance, customer_id=dist_a,
                                          amount=paid.total, received_on=builders.today(),
                                          reference=f"Payment {paid.number}",
                                          invoice_ids=[paid.id])
        async with sessionmaker() as s, s.begin():
            finance = await builders.demo_actor(s, "finance")
            await corrections.void_invoice(s, actor=finance, invoice_id=voided.id,
                                           reason="Issued twice")
        async with sessionmaker() as s, s.begin():
            finance = await builders.demo_actor(s, "finance")
            await credit_notes.issue_credit_note(s, actor=finance, invoice_id=credited.id,
                                                 reason="Returned unopened",
                                                 lines=[CreditRequest(line, quantity=1)])
        expected = [
            {"from": "OPEN", "to": "PAID", "invoice": {"number": paid.number}},
            {"from": "OPEN", "to": "VOID", "invoice": {"number": voided.number}},
            {"from": "OPEN", "to": "CREDITED", "invoice": {"number": credited.number}},
        ]
        for socket in (staff, owner):
            assert [d["invoiceChanged"] for d in await socket.collect(3)] == expected
        assert await other.silent(0.5)
