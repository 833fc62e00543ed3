"""Finance desk test data through the domain: delivered shipments, invoices, the company's
bank account, and bank statements written as real ISO 20022 camt.053 XML or CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Allocation, BankAccount, Invoice, SalesOrder, SalesOrderLine, Shipment
from backend.domain.actor import Actor
from backend.domain.finance import customer_terms, invoicing, settings
from backend.domain.fulfilment import shipping
from backend.domain.fulfilment.shipment_picks import ShipLine
from backend.enums import CustomerTaxStatus, InvoicingPolicy
from tests.support import builders

IBAN = "NL91ABNA0417164300"
CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


@dataclass
class Desk:
    """The demo users of the flow, and the company's bank account."""

    session: AsyncSession
    sales: Actor
    warehouse: Actor
    finance: Actor
    bank: BankAccount

    @classmethod
    async def open(cls, session: AsyncSession) -> Desk:
        bank = await settings.ensure_bank_account(
            session, name="ABN AMRO current account", iban=IBAN, currency="EUR",
            ledger_account="1100")
        return cls(session, await builders.demo_actor(session, "sales"),
                   await builders.demo_actor(session, "warehouse"),
                   await builders.demo_actor(session, "finance"), bank)

    async def terms(self, customer_id: int, **terms: object) -> None:
        await customer_terms.set_terms(self.session, actor=self.finance, customer_id=customer_id,
                                       **terms)  # type: ignore[arg-type]

    async def order(self, customer_id: int, lines: builders.Lines) -> SalesOrder:
        return await builders.allocated(self.session, customer_id, lines)

    async def ship(self, order: SalesOrder, quantities: dict[int, int] | None = None,
                   *, deliver: bool = True) -> Shipment:
        """Ship `quantities` (order line number -> units) of the order, or all allocated."""
        lines = None
        if quantities is not None:
            rows = (await self.session.execute(
                select(SalesOrderLine.line_number, Allocation.lot_id)
                .join(Allocation, Allocation.order_line_id == SalesOrderLine.id)
                .where(SalesOrderLine.order_id == order.id))).all()
            lots = dict(rows)
            lines = [ShipLine(lot_id=lots[n], quantity=q) for n, q in quantities.items()]
        shipment = await shipping.create_shipment(self.session, actor=self.warehouse,
                                                  order_id=order.id, lines=lines)
        if deliver:
            await shipping.confirm_delivery(self.session, actor=self.sales,
                                            shipment_id=shipment.id)
        return shipment

    async def invoice(self, order: SalesOrder, shipments: list[Shipment] | None = None
                      ) -> Invoice:
        return await invoicing.issue_invoice(
            self.session, actor=self.finance, order_id=order.id,
            shipment_ids=None if shipments is None else [s.id for s in shipments])


async def customer(sessions: builders.Sessions, *, terms_days: int = 30,
                   policy: InvoicingPolicy | None = None,
                   country: str | None = None, vat: str | None = None,
                   status: CustomerTaxStatus | None = None) -> int:
    """A new customer (committed) with its finance terms."""
    made = await builders.make_customer(sessions)
    async with sessions() as s, s.begin():
        finance = await builders.demo_actor(s, "finance")
        await customer_terms.set_terms(s, actor=finance, customer_id=made.id,
                                       payment_terms_days=terms_days, invoicing_policy=policy,
                                       country=country, vat_number=vat, tax_status=status)
    return made.id


@dataclass
class Entry:
    amount: str
    credit: bool = True
    reference: str | None = None
    booked: date = field(default_factory=builders.today)
    debtor: str = "Nordmed Distributie B.V."
    debtor_iban: str = "NL20INGB0001234567"
    end_to_end: str = "NOTPROVIDED"


def camt053(entries: list[Entry], *, statement_id: str, iban: str = IBAN,
            opening: str = "1000.00") -> bytes:
    """A BankToCustomerStatement (camt.053.001.02) with one Stmt and its Ntry elements."""
    total = sum((Decimal(e.amount) if e.credit else -Decimal(e.amount) for e in entries),
                Decimal(opening))
    ntry = []
    for n, e in enumerate(entries, start=1):
        party = "Dbtr" if e.credit else "Cdtr"
        remittance = (f"<RmtInf><Ustrd>{escape(e.reference)}</Ustrd></RmtInf>"
                      if e.reference else "")
        ntry.append(f"""
    <Ntry>
      <NtryRef>{n}</NtryRef>
      <Amt Ccy="EUR">{e.amount}</Amt>
      <CdtDbtInd>{'CRDT' if e.credit else 'DBIT'}</CdtDbtInd>
      <Sts>BOOK</Sts>
      <BookgDt><Dt>{e.booked.isoformat()}</Dt></BookgDt>
      <ValDt><Dt>{e.booked.isoformat()}</Dt></ValDt>
      <AcctSvcrRef>{statement_id}-{n:04d}</AcctSvcrRef>
      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
      <NtryDtls>
        <TxDtls>
          <Refs><EndToEndId>{escape(e.end_to_end)}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{e.amount}</Amt></TxAmt></AmtDtls>
          <RltdPties>
            <{party}><Nm>{escape(e.debtor)}</Nm></{party}>
            <{party}Acct><Id><IBAN>{e.debtor_iban}</IBAN></Id></{party}Acct>
          </RltdPties>
          {remittance}
        </TxDtls>
      </NtryDtls>
    </Ntry>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{CAMT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>2026-12-01T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>2026-12-01T06:00:00</CreDtTm>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{builders.today().isoformat()}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{total:.2f}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{builders.today().isoformat()}</Dt></Dt></Bal>
      {''.join(ntry)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()
