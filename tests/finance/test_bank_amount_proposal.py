"""A bank credit for an open invoice's exact balance that names no invoice is only proposed."""

import secrets

from sqlalchemy import func, select

from backend.db.models import BankStatementLine, Payment
from backend.domain.finance import bank
from backend.enums import BankStatementFormat, InvoiceStatus
from backend.enums import BankStatementLineStatus as St
from tests.support.finance import Desk, Entry, camt053, customer


async def test_the_amount_alone_proposes_and_posts_nothing(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        # An odd quantity, so that few other open invoices share the balance.
        order = await desk.order(buyer, [(stock.product.id, 13 + secrets.randbelow(150))])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        payments = await s.scalar(select(func.count()).select_from(Payment))
        result = await bank.import_statement(
            s, actor=desk.finance, file_name="amount.xml", format=BankStatementFormat.CAMT053,
            content=camt053([Entry(f"{invoice.total}", reference="Thank you for the delivery")],
                            statement_id="AMOUNT-" + secrets.token_hex(4)))
        [line] = await s.scalars(select(BankStatementLine).where(
            BankStatementLine.statement_id == result.statement.id))
        assert line.status == St.PROPOSED
        assert {"invoice_id": invoice.id, "reason": "amount equals the open balance"} in \
            line.proposals
        assert line.payment_id is None and line.journal_entry_id is None
        assert invoice.status == InvoiceStatus.OPEN and invoice.amount_paid == 0
        assert await s.scalar(select(func.count()).select_from(Payment)) == payments
        await s.rollback()
